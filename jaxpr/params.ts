// The primitive catalogue's names and static parameters. Every rule table in the project is typed
// `{ [P in PrimitiveName]: Rule<P> }`, so adding a name here is a compile error until each table
// has its entry. Param keys are JAX's, in camelCase; the printer writes them back in snake_case.
import type { DType } from "./dtypes.js";
import type { ShapedArray } from "./shape.js";
import type { ClosedJaxpr } from "./jaxpr.js";
import type { TypedArray } from "./dtypes.js";
import type { LinalgParams } from "./linalgParams.js";
import type { ConvParams } from "./conv.js";
import type { FftParams } from "./fftParams.js";
export { FftType, type FftParams } from "./fftParams.js";
export { LINALG_PRIMITIVES, type LinalgName, type LinalgParams } from "./linalgParams.js";
import type { WindowParams } from "./windowParams.js";
import type { CollectiveParams } from "./collectiveParams.js";
export * from "./collectiveParams.js";
export * from "./windowParams.js";
export type { ConvParams, ConvDimensionNumbers, ConvPrecision } from "./conv.js";

// Names of the primitive families, at run time; each family's union type derives from its array.
export const UNARY_ELEMENTWISE = [
  "neg", "sign", "floor", "ceil", "round", "is_finite", "exp", "exp2", "log", "log1p", "expm1", "tanh",
  "logistic", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh",
  "sqrt", "rsqrt", "cbrt", "abs", "erf", "not", "square", "integer_pow", "stop_gradient", "reduce_precision",
] as const;
export const BINARY_ELEMENTWISE = [
  "add", "sub", "mul", "div", "rem", "pow", "max", "min", "atan2", "and", "or", "xor", "eq", "ne", "lt", "le", "gt", "ge",
  "shift_left", "shift_right_logical", "shift_right_arithmetic", "logaddexp",
] as const;
export const REDUCTIONS = ["reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "reduce_and", "reduce_or"] as const;
export const CUMULATIVE = ["cumsum", "cumprod", "cummax", "cummin"] as const;
export const SCATTERS = ["scatter", "scatter-add", "scatter-mul", "scatter-min", "scatter-max"] as const;

export type UnaryElementwiseName = (typeof UNARY_ELEMENTWISE)[number];
export type BinaryElementwiseName = (typeof BINARY_ELEMENTWISE)[number];
export type ReduceName = (typeof REDUCTIONS)[number];
export type CumulativeName = (typeof CUMULATIVE)[number];
export type ScatterName = (typeof SCATTERS)[number];

/**
 * Special functions lowered as one primitive each rather than composed: their iterations stop per
 * element (JAX's regularized_incomplete_beta_p, jax/_src/lax/special.py), which a composed
 * whileLoop over the whole array cannot do.
 */
export interface SpecialFunctionParams {
  /** I_x(a, b) of three operands of one float dtype and one shape. */
  regularized_incomplete_beta: NoParams;
}

/** JAX's GatherScatterMode. */
export type GatherScatterMode = "clip" | "fill" | "promise_in_bounds";

export interface GatherDimensionNumbers {
  offsetDims: readonly number[];
  collapsedSliceDims: readonly number[];
  startIndexMap: readonly number[];
  operandBatchingDims: readonly number[];
  startIndicesBatchingDims: readonly number[];
}

export interface ScatterDimensionNumbers {
  updateWindowDims: readonly number[];
  insertedWindowDims: readonly number[];
  scatterDimsToOperandDims: readonly number[];
  operandBatchingDims: readonly number[];
  scatterIndicesBatchingDims: readonly number[];
}

/** ((lhs_contracting, rhs_contracting), (lhs_batch, rhs_batch)), as in lax.dot_general. */
export type DotDimensionNumbers = readonly [
  readonly [readonly number[], readonly number[]],
  readonly [readonly number[], readonly number[]],
];

/** (low, high, interior) per dimension, as in lax.pad. */
export type PaddingConfig = readonly (readonly [number, number, number])[];

/** lax.RoundingMethod: 0 rounds half away from zero, 1 rounds half to even (numpy's). */
export type RoundingMethod = 0 | 1;

type NoParams = Record<string, never>;
/** lax.reduce_precision's target format: exponent and mantissa (without the implicit bit) widths. */
export type ReducePrecisionParams = { exponentBits: number; mantissaBits: number };
type UnaryParams = {
  [K in UnaryElementwiseName]: K extends "integer_pow"
    ? { y: number }
    : K extends "round"
      ? { roundingMethod: RoundingMethod }
      : K extends "reduce_precision"
        ? ReducePrecisionParams
        : NoParams;
};
type BinaryParams = { [K in BinaryElementwiseName]: NoParams };
type ReduceParams = { [K in ReduceName]: { axes: readonly number[] } };
type CumulativeParams = { [K in CumulativeName]: { axis: number; reverse: boolean } };
type ScatterParams = {
  [K in ScatterName]: {
    dimensionNumbers: ScatterDimensionNumbers;
    indicesAreSorted: boolean;
    uniqueIndices: boolean;
    mode: GatherScatterMode;
  };
};

export interface StructuralParams {
  select_n: NoParams;
  clamp: NoParams;
  convert_element_type: { newDtype: DType; weakType: boolean };
  /** Reinterprets the bits of each element as another dtype of the same width. */
  bitcast_convert_type: { newDtype: DType };
  broadcast_in_dim: { shape: readonly number[]; broadcastDimensions: readonly number[] };
  reshape: { newSizes: readonly number[] };
  transpose: { permutation: readonly number[] };
  squeeze: { dimensions: readonly number[] };
  expand_dims: { dimensions: readonly number[] };
  rev: { dimensions: readonly number[] };
  pad: { paddingConfig: PaddingConfig };
  concatenate: { dimension: number };
  slice: { startIndices: readonly number[]; limitIndices: readonly number[]; strides: readonly number[] | null };
  dynamic_slice: { sliceSizes: readonly number[] };
  dynamic_update_slice: NoParams;
  gather: {
    dimensionNumbers: GatherDimensionNumbers;
    sliceSizes: readonly number[];
    mode: GatherScatterMode;
    fillValue: number | null;
    indicesAreSorted: boolean;
    uniqueIndices: boolean;
  };
  iota: { dtype: DType; shape: readonly number[]; dimension: number };
  /** The real part of a complex array (JAX's real_p). */
  real: NoParams;
  /** The imaginary part of a complex array (JAX's imag_p). */
  imag: NoParams;
  /** The complex conjugate; a real operand becomes complex (JAX's conj_p, whose input_dtype param the operand's aval carries). */
  conj: NoParams;
  /** re + i im from two real arrays of one dtype (JAX's complex_p). */
  complex: NoParams;
  argmax: { axes: readonly number[]; indexDtype: DType };
  argmin: { axes: readonly number[]; indexDtype: DType };
  dot_general: { dimensionNumbers: DotDimensionNumbers; preferredElementType: DType | null };
  sort: { dimension: number; isStable: boolean; numKeys: number };
  /** The FFT of fft_type over the trailing len(fft_lengths) axes (JAX's fft_p; jaxpr/fftParams.ts). */
  fft: FftParams;
  /** JAX's name_p (checkpoint_name): the identity, carrying a name that checkpoint policies read. */
  name: { name: string };
  /**
   * The tangent map of a custom_vjp function under JVP: linear in its tangent operands (after
   * `numResiduals` residuals), defined only through its transpose, the user's `bwd`.
   */
  custom_lin: {
    bwd: (residuals: never[], cts: never[]) => unknown[];
    numResiduals: number;
    outAvals: readonly ShapedArray[];
    inAvals: readonly ShapedArray[];
  };
}

/**
 * Primitives that carry jaxprs or host functions. Sub-jaxprs are closure-converted: they have no
 * constvars of their own that are traced values; captured values are leading operands.
 */
export interface CallParams {
  /** A jitted function: its jaxpr runs as one compiled program (nested jits inline). */
  pjit: { jaxpr: ClosedJaxpr; name: string };
  /** A customJvp function staged by jit: `callJaxpr` computes it, `jvp` is the user's rule. */
  custom_jvp_call: { callJaxpr: ClosedJaxpr; jvp: (primals: never[], tangents: never[]) => unknown; numConsts: number };
  /** A customVjp function staged by jit: `callJaxpr` computes it, `fwd`/`bwd` are the user's rules. */
  custom_vjp_call: {
    callJaxpr: ClosedJaxpr;
    fwd: (...xs: never[]) => unknown;
    bwd: (residuals: never[], cts: never[]) => unknown;
    numConsts: number;
  };
  /**
   * A checkpointed (rematerialized) function. `policy` (JAX's `saveable`) says which known
   * intermediates reverse mode saves as residuals; null saves none (JAX's policy=None).
   */
  checkpoint: { jaxpr: ClosedJaxpr; preventCse: boolean; policy: CheckpointPolicy | null };
  /**
   * jax.pure_callback: a pure host function of concrete arrays with declared result shapes. Pure,
   * so dead-code elimination may drop it and CSE may merge it. `vmapMethod` is JAX's vmap_method.
   */
  pure_callback: {
    /** Called with the operands' buffers and avals and the avals it must return; returns fresh buffers. */
    callback: (buffers: readonly TypedArray[], avals: readonly ShapedArray[], resultAvals: readonly ShapedArray[]) => TypedArray[];
    resultAvals: readonly ShapedArray[];
    vmapMethod: PureCallbackVmapMethod | null;
  };
  /** A host callback with no outputs (debug.print); effectful, so never removed as dead code. */
  debug_callback: { callback: (buffers: readonly TypedArray[], avals: readonly ShapedArray[]) => void };
}

/**
 * Structured control flow (JAX's lax.cond/switch, while_loop, scan). Traced bodies are closed
 * with no consts of their own: captured values are passed as the leading `...Nconsts`/`numConsts`
 * operands. The jit pipeline's optimized bodies may carry consts (from inlining or folding) in
 * their ClosedJaxpr. cond's operands are the int32 branch index followed by the branches' operands.
 */
export interface ControlFlowParams {
  cond: { branches: readonly ClosedJaxpr[] };
  while: { condJaxpr: ClosedJaxpr; bodyJaxpr: ClosedJaxpr; condNconsts: number; bodyNconsts: number };
  /** Operands: consts, carry, xs (stacked on axis 0); results: carry, ys (stacked). */
  scan: { jaxpr: ClosedJaxpr; length: number; reverse: boolean; numConsts: number; numCarry: number };
  /**
   * JAX's custom_linear_solve (jax/_src/lax/control_flow/solves.py): operands are the consts of
   * matvec, vecmat, solve and transposeSolve (in that order, `constLengths` of each), then b's
   * leaves; results are solve's (x's leaves, then any aux). vecmat and transposeSolve are null
   * when no transpose solve was given.
   */
  custom_linear_solve: { constLengths: LinearSolveTuple<number>; jaxprs: LinearSolveTuple<ClosedJaxpr | null> };
}

/** JAX's _LinearSolveTuple: one entry per function that custom_linear_solve carries. */
export interface LinearSolveTuple<T> {
  readonly matvec: T;
  readonly vecmat: T;
  readonly solve: T;
  readonly transposeSolve: T;
}

/**
 * A checkpoint policy (JAX's `saveable(prim, *avals, **params)`): whether the outputs of an
 * equation whose inputs are all known may be saved for the backward pass instead of recomputed.
 */
export type CheckpointPolicy = (prim: PrimitiveName, avals: readonly ShapedArray[], params: Readonly<Record<string, unknown>>) => boolean;

/** jax.pure_callback's vmap_method. */
export type PureCallbackVmapMethod = "sequential" | "sequential_unrolled" | "expand_dims" | "broadcast_all" | "legacy_vectorized";


export type PrimitiveParams = UnaryParams & BinaryParams & ReduceParams & CumulativeParams & ScatterParams & StructuralParams & CallParams & ControlFlowParams & LinalgParams & WindowParams & ConvParams & SpecialFunctionParams & CollectiveParams;
export type PrimitiveName = keyof PrimitiveParams;
export type Params<P extends PrimitiveName> = PrimitiveParams[P];

export const isUnaryElementwise = (p: string): p is UnaryElementwiseName => (UNARY_ELEMENTWISE as readonly string[]).includes(p);
export const isBinaryElementwise = (p: string): p is BinaryElementwiseName => (BINARY_ELEMENTWISE as readonly string[]).includes(p);
