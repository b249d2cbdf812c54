// conv_general_dilated's reference kernel: a direct loop, correct for every parameter (any rank and
// layout, both dilations, both group kinds, every dtype). The other kernels leave it only empty
// outputs; tests run it against them (setConvKernelMode).
import type { TypedArray } from "../../../jaxpr/index.js";
import type { Kernel } from "../kernel.js";
import { nativeKernel } from "../kernel.js";
import { newBuffer, type ConvGeometry } from "./convGeometry.js";

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
    const out = newBuffer(g.outDtype, outSize);
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

