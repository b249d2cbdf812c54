// The windowed reductions' primitives bound with complete params (JAX's _reduce_window_sum,
// _reduce_window_max/min, _select_and_scatter_add, _select_and_gather_add in
// jax/_src/lax/windowed_reductions.py). The user API is lax.reduceWindow (./windowed.ts); these
// are what it and the transform rules bind.
import type { ClosedJaxpr, MonoidWindowName, SelectPrim, WindowGeometry, WindowPadding } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import { bind, bind1 } from "../core/trace.js";

/** Geometry with the optional dilations filled with ones (JAX's defaults). */
export function geometry(
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: WindowPadding,
  baseDilation?: readonly number[],
  windowDilation?: readonly number[],
): WindowGeometry {
  const ones = windowDimensions.map(() => 1);
  return {
    windowDimensions: [...windowDimensions],
    windowStrides: [...windowStrides],
    padding: padding.map(([lo, hi]) => [lo, hi] as const),
    baseDilation: [...(baseDilation ?? ones)],
    windowDilation: [...(windowDilation ?? ones)],
  };
}

/** reduce_window_sum, reduce_window_max or reduce_window_min. */
export function monoidWindow(prim: MonoidWindowName, operand: Array, g: WindowGeometry): Array {
  return bind1(prim, [operand], g);
}

/** The general reduce_window: operands, then their scalar init values, reduced by `jaxpr`. */
export function reduceWindowGeneral(operands: readonly Array[], initValues: readonly Array[], jaxpr: ClosedJaxpr, g: WindowGeometry): Array[] {
  return bind("reduce_window", [...operands, ...initValues], { ...g, jaxpr });
}

/** Adds each source element into `operand`'s shape where `selectPrim` picks in its window. */
export function selectAndScatterAdd(
  source: Array,
  operand: Array,
  selectPrim: SelectPrim,
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: WindowPadding,
): Array {
  return bind1("select_and_scatter_add", [source, operand], {
    selectPrim,
    windowDimensions: [...windowDimensions],
    windowStrides: [...windowStrides],
    padding: padding.map(([lo, hi]) => [lo, hi] as const),
  });
}

/** Per window of `operand`, the element of `tangents` where `selectPrim` picks. */
export function selectAndGatherAdd(tangents: Array, operand: Array, selectPrim: SelectPrim, g: WindowGeometry): Array {
  return bind1("select_and_gather_add", [tangents, operand], { ...g, selectPrim });
}
