// Params of the windowed reductions (JAX's jax/_src/lax/windowed_reductions.py), with JAX's names
// in camelCase. A window slides over the operand after base dilation (holes between elements)
// and edge padding; window dilation spaces the window's own taps.
import type { ClosedJaxpr } from "./jaxpr.js";

/** (low, high) edge padding per dimension. */
export type WindowPadding = readonly (readonly [number, number])[];

/** The geometry shared by every windowed reduction (XLA's ReduceWindow). */
export interface WindowGeometry {
  windowDimensions: readonly number[];
  windowStrides: readonly number[];
  padding: WindowPadding;
  baseDilation: readonly number[];
  windowDilation: readonly number[];
}

/** JAX's select_prim of the max/min pooling gradients: lax.ge (max) or lax.le (min). */
export type SelectPrim = "ge" | "le";

export interface WindowParams {
  reduce_window_sum: WindowGeometry;
  reduce_window_max: WindowGeometry;
  reduce_window_min: WindowGeometry;
  /**
   * A reduction by a user monoid: operands then as many scalar init values; `jaxpr` maps
   * (accumulators..., elements...) to the new accumulators. JAX keeps the body's constants in a
   * separate `consts` param; here they are the ClosedJaxpr's consts (concrete values).
   */
  reduce_window: WindowGeometry & { jaxpr: ClosedJaxpr };
  /** Operands (source, operand): each source element added where `selectPrim` picks in its window. */
  select_and_scatter_add: { selectPrim: SelectPrim; windowDimensions: readonly number[]; windowStrides: readonly number[]; padding: WindowPadding };
  /** Operands (tangents, operand): per window, the tangent at the element `selectPrim` picks. */
  select_and_gather_add: WindowGeometry & { selectPrim: SelectPrim };
}

export const WINDOW_PRIMITIVES = [
  "reduce_window_sum",
  "reduce_window_max",
  "reduce_window_min",
  "reduce_window",
  "select_and_scatter_add",
  "select_and_gather_add",
] as const satisfies readonly (keyof WindowParams)[];
export type WindowName = (typeof WINDOW_PRIMITIVES)[number];
/** The three monoid reductions with their own primitives (and fast kernels). */
export type MonoidWindowName = "reduce_window_sum" | "reduce_window_max" | "reduce_window_min";

/** (d - 1) * dilation + 1 per dimension: the extent of a dilated window or base (lax._dilate_shape). */
export function dilateShape(shape: readonly number[], dilation: readonly number[]): number[] {
  return shape.map((d, i) => (d === 0 ? 0 : 1 + dilation[i]! * (d - 1)));
}

/** JAX's reduce_window_shape_tuple: the output shape of a window reduction. */
export function reduceWindowShapeTuple(
  operandShape: readonly number[],
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: WindowPadding,
  baseDilation?: readonly number[],
  windowDilation?: readonly number[],
): number[] {
  const base = baseDilation === undefined ? [...operandShape] : dilateShape(operandShape, baseDilation);
  const window = windowDilation === undefined ? [...windowDimensions] : dilateShape(windowDimensions, windowDilation);
  // core.stride_dim: max(0, (d - w) // s + 1), with d the padded extent.
  return base.map((d, i) => {
    const padded = d + padding[i]![0] + padding[i]![1];
    return padded < window[i]! ? 0 : Math.floor((padded - window[i]!) / windowStrides[i]!) + 1;
  });
}
