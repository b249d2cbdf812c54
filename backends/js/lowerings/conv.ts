// conv_general_dilated's JS lowering. Three kernels, chosen per equation:
// - depthwise (convDepthwise.ts): one input channel per group, a direct loop over channels;
// - implicit GEMM (convGemm.ts): every other float convolution, as the GEMM of the patch matrix and
//   the kernel, the patches read straight from a padded copy of the input while packing panels;
// - the reference direct loop (here): integer and bool convolutions, and any shape the others
//   leave, correct for every parameter (both dilations, both group kinds, any rank and layout).
import type { DType, ShapedArray, TypedArray } from "../../../jaxpr/index.js";
import { stridesOf } from "../../../jaxpr/index.js";
import type { Kernel, Lowering, LoweringInput } from "../kernel.js";
import { nativeKernel } from "../kernel.js";
import { typedArrayName } from "./alloc.js";

/** A convolution in canonical (batch, feature, spatial...) terms, with each operand's strides in that order. */
export interface ConvGeometry {
  readonly spatial: number;
  /** Canonical shapes: lhs (N, C, spatial...), rhs (O, I, window...), out (N', O, out spatial...). */
  readonly lhs: readonly number[];
  readonly rhs: readonly number[];
  readonly out: readonly number[];
  /** Element strides of each operand's buffer, in the canonical order. */
  readonly lhsStrides: readonly number[];
  readonly rhsStrides: readonly number[];
  readonly outStrides: readonly number[];
  readonly windowStrides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly lhsDilation: readonly number[];
  readonly rhsDilation: readonly number[];
  readonly featureGroupCount: number;
  readonly batchGroupCount: number;
  readonly inDtype: DType;
  readonly outDtype: DType;
}

export function convGeometry({ inAvals, outAvals, params }: LoweringInput<"conv_general_dilated">): ConvGeometry {
  const { lhsSpec, rhsSpec, outSpec } = params.dimensionNumbers;
  const [l, r] = inAvals as [ShapedArray, ShapedArray];
  const o = outAvals[0]!;
  const take = (xs: readonly number[], spec: readonly number[]): number[] => spec.map((d) => xs[d]!);
  return {
    spatial: l.ndim - 2,
    lhs: take(l.shape, lhsSpec),
    rhs: take(r.shape, rhsSpec),
    out: take(o.shape, outSpec),
    lhsStrides: take(stridesOf(l.shape), lhsSpec),
    rhsStrides: take(stridesOf(r.shape), rhsSpec),
    outStrides: take(stridesOf(o.shape), outSpec),
    windowStrides: params.windowStrides,
    padding: params.padding,
    lhsDilation: params.lhsDilation,
    rhsDilation: params.rhsDilation,
    featureGroupCount: params.featureGroupCount,
    batchGroupCount: params.batchGroupCount,
    inDtype: l.dtype,
    outDtype: o.dtype,
  };
}

const newArray = (d: DType, n: number): TypedArray => {
  switch (typedArrayName(d)) {
    case "Float32Array": return new Float32Array(n);
    case "Float64Array": return new Float64Array(n);
    case "Int32Array": return new Int32Array(n);
    case "Uint32Array": return new Uint32Array(n);
    default: return new Uint8Array(n);
  }
};

/**
 * For each output position of one spatial dim and each window tap, the input index it reads, or
 * -1 where it falls in padding or in a hole of the lhs dilation. taps[o * window + k].
 */
export function tapTable(inSize: number, outSize: number, window: number, stride: number, padLo: number, lhsDilation: number, rhsDilation: number): Int32Array {
  const t = new Int32Array(outSize * window);
  for (let o = 0; o < outSize; o++) {
    for (let k = 0; k < window; k++) {
      const pos = o * stride + k * rhsDilation - padLo;
      const i = pos / lhsDilation;
      t[o * window + k] = pos >= 0 && pos % lhsDilation === 0 && i < inSize ? i : -1;
    }
  }
  return t;
}

/**
 * The reference kernel: for each output element, the sum over its group's input features and the
 * window taps. Floats accumulate in doubles, int32/uint32 with 32-bit wrapping, bool as "any".
 */
export function referenceKernel(g: ConvGeometry): Kernel {
  const S = g.spatial;
  const [N, O, ...outSp] = g.out;
  const I = g.rhs[1]!;
  const win = g.rhs.slice(2);
  const taps = win.map((w, d) => tapTable(g.lhs[d + 2]!, outSp[d]!, w, g.windowStrides[d]!, g.padding[d]![0], g.lhsDilation[d]!, g.rhsDilation[d]!));
  const oPerFeatureGroup = O! / g.featureGroupCount;
  const oPerBatchGroup = O! / g.batchGroupCount;
  const outSize = g.out.reduce((a, b) => a * b, 1);
  const outSpSize = outSp.reduce((a, b) => a * b, 1);
  const winSize = win.reduce((a, b) => a * b, 1);
  const float = g.outDtype === "float32" || g.outDtype === "float64";
  const int = g.outDtype === "int32" || g.outDtype === "uint32";
  const run = (lhs: TypedArray, rhs: TypedArray): TypedArray[] => {
    const out = newArray(g.outDtype, outSize);
    const oIdx = new Array<number>(S).fill(0);
    const kIdx = new Array<number>(S).fill(0);
    for (let n = 0; n < N!; n++) {
      for (let o = 0; o < O!; o++) {
        const group = Math.floor(o / oPerFeatureGroup);
        const batchGroup = Math.floor(o / oPerBatchGroup);
        const lhsBase = (batchGroup * N! + n) * g.lhsStrides[0]!;
        for (let p = 0; p < outSpSize; p++) {
          let rest = p;
          let outOff = n * g.outStrides[0]! + o * g.outStrides[1]!;
          for (let d = S - 1; d >= 0; d--) {
            oIdx[d] = rest % outSp[d]!;
            rest = Math.floor(rest / outSp[d]!);
            outOff += oIdx[d]! * g.outStrides[d + 2]!;
          }
          let acc = 0;
          for (let k = 0; k < winSize; k++) {
            let kr = k;
            let lhsOff = lhsBase;
            let rhsOff = o * g.rhsStrides[0]!;
            let inside = true;
            for (let d = S - 1; d >= 0; d--) {
              kIdx[d] = kr % win[d]!;
              kr = Math.floor(kr / win[d]!);
              const i = taps[d]![oIdx[d]! * win[d]! + kIdx[d]!]!;
              if (i < 0) inside = false;
              lhsOff += i * g.lhsStrides[d + 2]!;
              rhsOff += kIdx[d]! * g.rhsStrides[d + 2]!;
            }
            if (!inside) continue;
            for (let c = 0; c < I; c++) {
              const x = lhs[lhsOff + (group * I + c) * g.lhsStrides[1]!]!;
              const w = rhs[rhsOff + c * g.rhsStrides[1]!]!;
              if (float) acc += x * w;
              else if (int) acc = (acc + Math.imul(x, w)) | 0;
              else if (x !== 0 && w !== 0) acc = 1;
            }
          }
          out[outOff] = acc;
        }
      }
    }
    return [out];
  };
  return nativeKernel("conv_general_dilated", (lhs, rhs) => run(lhs!, rhs!), `direct loop over ${N}x${O}x(${outSp.join("x")}) outputs, ${I} features x ${winSize} taps each`);
}

const convLowering: Lowering<"conv_general_dilated"> = (eqn) => {
  const g = convGeometry(eqn);
  return referenceKernel(g);
};

export const CONV_LOWERINGS: { conv_general_dilated: Lowering<"conv_general_dilated"> } = { conv_general_dilated: convLowering };
