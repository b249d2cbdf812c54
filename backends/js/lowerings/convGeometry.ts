// A convolution's geometry in canonical (batch, feature, spatial...) order, shared by its kernels.
import type { DType, ShapedArray, TypedArray } from "../../../jaxpr/index.js";
import { stridesOf } from "../../../jaxpr/index.js";
import type { LoweringInput } from "../kernel.js";

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

/** A zeroed buffer of dtype `d`. */
export const newBuffer = (d: DType, n: number): TypedArray => {
  switch (d) {
    case "float32": return new Float32Array(n);
    case "float64": return new Float64Array(n);
    case "int32": return new Int32Array(n);
    case "uint32": return new Uint32Array(n);
    default: return new Uint8Array(n);
  }
};

