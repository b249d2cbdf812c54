// jax.lax.reduce_window and reduce_window_shape_tuple (jax/_src/lax/windowed_reductions.py).
// `computation` lax.add, lax.max or lax.min with its identity as a concrete init value binds the
// monoid's own primitive (reduce_window_sum/max/min, JAX's _get_monoid_window_reducer); any other
// function, and any pytree of operands, is traced into the general reduce_window's jaxpr.
import type { ClosedJaxpr, DType, ShapedArray } from "../../jaxpr/index.js";
import { maxValue, minValue, shapeString, reduceWindowShapeTuple as shapeTuple } from "../../jaxpr/index.js";
import { Array, type ArrayLike } from "../core/array.js";
import { scalarArray } from "../core/eval.js";
import { ValueError } from "../core/errors.js";
import { traceFlatToClosedJaxpr } from "../core/staging.js";
import * as tree from "../tree/index.js";
import { add, max, min } from "./elementwise.js";
import { padtypeToPads } from "./convenience.js";
import { asArray } from "./core.js";
import { geometry, monoidWindow, reduceWindowGeneral } from "./windowPrimitives.js";
import { loadWindowFamily } from "../families/window.js";

/** JAX's padding argument: a padding type, or (low, high) per dimension. */
export type WindowPaddingLike = "VALID" | "SAME" | "SAME_LOWER" | "valid" | "same" | "same_lower" | readonly (readonly [number, number])[];

/** The (low, high) pairs of a padding argument for an operand shape (JAX resolves strings with padtype_to_pads on the dilated window). */
export function resolveWindowPadding(
  padding: WindowPaddingLike,
  operandShape: readonly number[],
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  windowDilation?: readonly number[],
): [number, number][] {
  if (typeof padding === "string") {
    const p = padding.toUpperCase();
    if (p !== "VALID" && p !== "SAME" && p !== "SAME_LOWER") {
      throw new Error(`RuntimeError: Unrecognized padding type: expected 'VALID', 'SAME', or 'SAME_LOWER', got ${padding}.`);
    }
    const window = windowDilation === undefined ? windowDimensions : windowDimensions.map((w, i) => (w === 0 ? 0 : 1 + windowDilation[i]! * (w - 1)));
    return padtypeToPads(operandShape, window, windowStrides, p);
  }
  if (!globalThis.Array.isArray(padding) || !padding.every((pr) => globalThis.Array.isArray(pr) && pr.length === 2)) {
    throw new TypeError(`reduce_window padding must be 'VALID', 'SAME', 'SAME_LOWER' or a sequence of (low, high) pairs, got ${String(padding)}.`);
  }
  return padding.map(([lo, hi]) => [lo, hi]);
}

type Monoid = "reduce_window_sum" | "reduce_window_max" | "reduce_window_min";

/** JAX's _get_monoid_window_reducer: lax.add/max/min with a concrete identity init value. */
function monoidOf(computation: unknown, init: Array): Monoid | null {
  if (init.ndim !== 0) return null;
  const value = init.concreteValue();
  if (value === null) return null;
  const v = value.item() as number | boolean;
  const n = typeof v === "boolean" ? Number(v) : v;
  if (computation === add) return n === 0 ? "reduce_window_sum" : null;
  if (computation === max) return n === minValue(init.dtype) ? "reduce_window_max" : null;
  if (computation === min) return n === maxValue(init.dtype) ? "reduce_window_min" : null;
  return null;
}

/** An init value as a strongly typed scalar of the operand's dtype (a JS number is weakly typed). */
function initFor(v: unknown, dtype: DType): Array {
  if (v instanceof Array) return v;
  if (typeof v === "number" || typeof v === "boolean") return scalarArray(v, dtype, false);
  return asArray(v as ArrayLike);
}

/**
 * `lax.reduceWindow(operand, initValue, computation, windowDimensions, windowStrides?, padding?,
 * baseDilation?, windowDilation?)`: `computation` reduced over each window of `operand` (a pytree
 * of arrays reduced together, with `initValue` a matching pytree of scalars), as XLA's
 * ReduceWindow: each window starts from the init value and takes its elements in row-major order;
 * padding and the holes of base dilation are skipped. `padding` is "VALID" (default), "SAME",
 * "SAME_LOWER" or (low, high) pairs.
 *
 * @example
 * ```ts
 * // 2x2 max pooling with stride 2 over an NHWC batch
 * const x = np.arange(16, { dtype: "float32" }).reshape([1, 4, 4, 1]);
 * lax.reduceWindow(x, -Infinity, lax.max, [1, 2, 2, 1], [1, 2, 2, 1], "VALID").reshape([2, 2]); // Array([[ 5.,  7.], [13., 15.]], dtype=float32)
 * // windowed product
 * lax.reduceWindow(np.arange(1, 6), 1, lax.mul, [2]); // [2, 6, 12, 20]
 * ```
 */
export function reduceWindow<T>(
  operand: T,
  initValue: unknown,
  computation: (x: never, y: never) => unknown,
  windowDimensions: readonly number[],
  windowStrides: readonly number[] | null = null,
  padding: WindowPaddingLike = "VALID",
  baseDilation: readonly number[] | null = null,
  windowDilation: readonly number[] | null = null,
): T {
  const [flatOperands, operandTree] = tree.flatten(operand);
  const [flatInits, initTree] = tree.flatten(initValue);
  if (!operandTree.equals(initTree)) throw new ValueError(`Operands must have the same tree structure as init_values: ${operandTree} vs. ${initTree}`);
  if (flatOperands.length !== flatInits.length) {
    throw new ValueError(`Must have same total number of operands as init_values:  ${flatOperands.length} vs. ${flatInits.length}`);
  }
  if (flatOperands.length === 0) throw new ValueError("reduce_window must have at least one operand.");
  if (typeof computation !== "function") throw new TypeError(`reduce_window computation must be callable, got ${String(computation)}.`);
  const operands = flatOperands.map((x) => asArray(x as ArrayLike));
  const inits = flatInits.map((v, i) => initFor(v, operands[i]!.dtype));
  // Checked before the monoid is traced at the init values' shapes (the shape rule says the same).
  if (inits.some((v) => v.ndim !== 0)) {
    throw new TypeError(`reduce_window expected init_values to be scalars but init_values have shapes [${inits.map((v) => shapeString(v.shape)).join(", ")}].`);
  }
  const strides = windowStrides ?? windowDimensions.map(() => 1);
  const pads = resolveWindowPadding(padding, operands[0]!.shape, windowDimensions, strides, windowDilation ?? undefined);
  const g = geometry(windowDimensions, strides, pads, baseDilation ?? undefined, windowDilation ?? undefined);
  const monoid = operands.length === 1 ? monoidOf(computation, inits[0]!) : null;
  loadWindowFamily();
  if (monoid !== null && inits[0]!.dtype === operands[0]!.dtype) return tree.unflatten(operandTree, [monoidWindow(monoid, operands[0]!, g)]) as T;
  const jaxpr = monoidJaxpr(computation, inits, initTree);
  return tree.unflatten(operandTree, reduceWindowGeneral(operands, inits, jaxpr, g)) as T;
}

/** Traces the user's monoid at (init avals, init avals) into the general primitive's jaxpr (lax._variadic_reduction_jaxpr). */
function monoidJaxpr(computation: (x: never, y: never) => unknown, inits: readonly Array[], initTree: tree.TreeDef): ClosedJaxpr<Array> {
  const avals: ShapedArray[] = inits.map((v) => v.aval.update({ weakType: false }));
  const n = inits.length;
  const closed = traceFlatToClosedJaxpr((...xs: Array[]) => {
    const x = tree.unflatten(initTree, xs.slice(0, n));
    const y = tree.unflatten(initTree, xs.slice(n));
    const [outs, outTree] = tree.flatten(computation(x as never, y as never));
    if (!outTree.equals(initTree)) throw new ValueError(`reduce_window output must have the same tree structure as the operands ${initTree} vs. ${outTree}`);
    return outs.map((o, i) => {
      const a = initFor(o, avals[i]!.dtype);
      if (a.dtype !== avals[i]!.dtype || a.ndim !== 0) {
        throw new TypeError(`reduce_window computation must return scalars of its inputs' dtypes ${avals.map((v) => v.str()).join(", ")}, got ${a.aval.str()} at output ${i}.`);
      }
      return a;
    });
  }, [...avals, ...avals]);
  if (closed.consts.some((c) => !(c instanceof Array) || c.concreteValue() === null)) {
    throw new TypeError("reduce_window computation closes over a traced value; pass it as an operand instead (JAX's computation must not capture tracers either).");
  }
  return closed;
}

/**
 * `lax.reduceWindowShapeTuple(operandShape, windowDimensions, windowStrides, padding, baseDilation?, windowDilation?)`: the output shape of a window reduction (JAX's reduce_window_shape_tuple).
 * `padding` is (low, high) per dimension, as JAX's takes it, or (a dprog addition) a padding type
 * resolved as `lax.reduceWindow` resolves it, so the result is the shape `lax.reduceWindow` gives.
 *
 * @example
 * ```ts
 * lax.reduceWindowShapeTuple([5, 6], [2, 2], [2, 2], [[0, 0], [1, 0]]); // [2, 3]
 * lax.reduceWindowShapeTuple([5, 6], [2, 2], [2, 2], "SAME"); // [3, 3]
 * ```
 */
export function reduceWindowShapeTuple(operandShape: readonly number[], windowDimensions: readonly number[], windowStrides: readonly number[], padding: WindowPaddingLike, baseDilation?: readonly number[], windowDilation?: readonly number[]): number[] {
  const pads = resolveWindowPadding(padding, operandShape, windowDimensions, windowStrides, windowDilation);
  const rank = operandShape.length;
  const lengths = { windowDimensions, windowStrides, padding: pads, baseDilation: baseDilation ?? operandShape, windowDilation: windowDilation ?? operandShape };
  for (const [name, v] of Object.entries(lengths)) {
    if (v.length !== rank) throw new ValueError(`reduce_window_shape_tuple: ${name} has length ${v.length}, but the operand shape ${shapeString(operandShape)} has rank ${rank}.`);
  }
  return shapeTuple(operandShape, windowDimensions, windowStrides, pads, baseDilation, windowDilation);
}

