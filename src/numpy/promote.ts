// numpy's implicit rules for operands: JAX's type promotion (weak types included) and numpy
// broadcasting. JS scalars are converted straight to the promoted dtype, so a float64 operation
// never sees a JS number rounded through float32.
import type { DType } from "../../jaxpr/index.js";
import { canonicalizeAxis, defaultFloatDType, isInteger, promoteTypes, promoteTwo, shapeString, TypedDType, isInexact, tryBroadcastShapes } from "../../jaxpr/index.js";
import { ValueError } from "../core/errors.js";
import { flags } from "../config/flags.js";
import { Array, ArrayLike } from "../core/array.js";
import { checkScalarOperand, scalarArray, scalarAval, weakIntegerOperand } from "../core/eval.js";
import * as lax from "../lax/index.js";

export function typedDTypeOf(x: ArrayLike): TypedDType {
  if (x instanceof Array) return x.aval;
  return scalarAval(x);
}

/**
 * `np.resultType(...xs)` (jnp.result_type): the promoted dtype of the operands (arrays and JS scalars) with its weak-type flag, where JAX returns the dtype alone.
 *
 * @example
 * ```ts
 * np.resultType(np.ones([2], { dtype: "int32" }), 1.5); // { dtype: "float32", weakType: true }
 * np.resultType(np.ones([2], { dtype: "int32" }), np.ones([2], { dtype: "uint32" })); // { dtype: "int32", weakType: false }
 * np.resultType(np.ones([1]), np.ones([1], { dtype: "float64" })); // { dtype: "float64", weakType: false }
 * ```
 */
export function resultType(...xs: ArrayLike[]): TypedDType {
  return promoteTypes(...xs.map(typedDTypeOf));
}

/** An operand as an array: arrays pass through, a JS scalar becomes a weakly typed array of its dtype. */
export const asArray = (x: ArrayLike): Array => (x instanceof Array ? x : convertTo(x, typedDTypeOf(x)));

/** An operand converted to a strongly typed `dtype` (numpy's constants of a fixed dtype). */
export const strong = (x: ArrayLike, dtype: DType): Array => convertTo(x, { dtype, weakType: false });

/** `asArray` after numpy's operand check, which names the function `name` in its error. */
export function checkedArray(name: string, x: ArrayLike): Array {
  checkOperands(name, [x]);
  return asArray(x);
}

/**
 * The array API's cumulative_sum/cumulative_prod operand and axis, with JAX's errors: a scalar is
 * refused, and the axis may be omitted only for one-dimensional input.
 */
export function cumulativeOperand(name: string, what: string, x: ArrayLike, axis: number | null | undefined): [Array, number] {
  const a = checkedArray(name, x);
  if (a.ndim === 0) throw new ValueError(`The input must be non-scalar to take a cumulative ${what}, however a scalar value or scalar array was given.`);
  if (axis === null || axis === undefined) {
    if (a.ndim > 1) {
      throw new ValueError(`The input array has rank ${a.ndim}, however axis was not set to an explicit value. The axis argument is only optional for one-dimensional arrays.`);
    }
    return [a, 0];
  }
  return [a, canonicalizeAxis(axis, a.ndim)];
}

/** Converts an operand to `dtype` (keeping weak types weak), a JS scalar directly. */
export function convertTo(x: ArrayLike, t: TypedDType): Array {
  if (!(x instanceof Array)) return scalarArray(x, t.dtype, t.weakType);
  if (x.dtype === t.dtype && x.weakType === t.weakType) return x;
  return lax.convertElementType(x, t.dtype, t.weakType);
}

/**
 * An operation's operand converted to the operation's dtype: as convertTo, except that a JS integer
 * wraps into an integer dtype, as JAX converts a Python int operand (weakIntegerOperand).
 */
export function convertOperand(x: ArrayLike, t: TypedDType): Array {
  return typeof x === "number" && Number.isInteger(x) && isInteger(t.dtype) ? weakIntegerOperand(x, t.dtype, t.weakType) : convertTo(x, t);
}

export { tryBroadcastShapes };

/**
 * numpy's broadcast shape, with JAX's error wording.
 *
 * @example
 * ```ts
 * // not run: internal (np.broadcastShapes is broadcastShapesOrValueError)
 * broadcastShapes("add", [2, 1], [3]); // [2, 3]
 * ```
 */
export function broadcastShapes(name: string, ...shapes: (readonly number[])[]): number[] {
  const out = tryBroadcastShapes(shapes);
  if (out === null) throw new TypeError(`${name} got incompatible shapes for broadcasting: ${shapes.map(shapeString).join(", ")}.`);
  return out;
}

/**
 * `np.broadcastShapes(...shapes)` (jnp.broadcast_shapes): numpy's broadcast shape, else JAX's ValueError listing every shape.
 *
 * @example
 * ```ts
 * np.broadcastShapes([2, 1], [3]); // [2, 3]
 * np.broadcastShapes([5, 1, 4], [3, 1], [1]); // [5, 3, 4]
 * ```
 */
export function broadcastShapesOrValueError(...shapes: (readonly number[])[]): number[] {
  const out = tryBroadcastShapes(shapes);
  if (out === null) throw new ValueError(`Incompatible shapes for broadcasting: shapes=[${shapes.map(shapeString).join(", ")}]`);
  return out;
}

/** Broadcasts an array to `shape` (numpy rules), adding nothing when it already has it. */
export function broadcastTo(x: Array, shape: readonly number[], name = "broadcast_to"): Array {
  if (x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i])) return x;
  broadcastShapes(name, x.shape, shape);
  if (x.ndim > shape.length || x.shape.some((d, i) => d !== 1 && d !== shape[shape.length - x.ndim + i])) {
    throw new TypeError(`${name}: cannot broadcast array of shape ${shapeString(x.shape)} to shape ${shapeString(shape)}.`);
  }
  const offset = shape.length - x.ndim;
  return lax.broadcastInDim(x, shape, x.shape.map((_, i) => i + offset));
}

/** The one check of JS operands for every numpy function: Arrays, numbers and booleans only (JAX's TypeError, naming the position). */
export function checkOperands(name: string, xs: readonly unknown[]): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (!(x instanceof Array)) checkScalarOperand(name, x, i);
  }
}

/**
 * config's jax_numpy_rank_promotion: non-scalar operands of different ranks are broadcast only
 * with "allow"; "warn" says so, "raise" refuses (jax/_src/numpy/util.py promote_shapes).
 */
function checkRankPromotion(name: string, arrays: readonly Array[]): void {
  const ranks = new Set(arrays.filter((a) => a.ndim > 0).map((a) => a.ndim));
  if (ranks.size < 2) return;
  const shapes = arrays.map((a) => shapeString(a.shape)).join(" ");
  if (flags.rankPromotion === "raise") {
    throw new ValueError(`Operands could not be broadcast together for ${name} on shapes ${shapes} and with the config option jax_numpy_rank_promotion='raise'. For more information, see https://docs.jax.dev/en/latest/rank_promotion_warning.html.`);
  }
  console.warn(`Following NumPy automatic rank promotion for ${name} on shapes ${shapes}. Set the jax_numpy_rank_promotion config option to 'allow' to disable this warning; for more information, see https://docs.jax.dev/en/latest/rank_promotion_warning.html.`);
}

/**
 * Prepares the operands of an elementwise numpy function: promotes dtypes, then broadcasts ranks
 * the way JAX does (rank-0 operands stay rank 0, lower-rank ones get leading 1s, size-1 dims are
 * left to the primitive).
 */
export function promoteArgs(name: string, xs: readonly ArrayLike[], t?: TypedDType): Array[] {
  if (t === undefined) {
    // Hot path of eager binary ops: two arrays that already agree need no promotion or broadcast.
    if (xs.length === 2) {
      const x = xs[0];
      const y = xs[1];
      if (x instanceof Array && y instanceof Array) {
        const a = x.aval;
        const b = y.aval;
        if (a.dtype === b.dtype && a.weakType === b.weakType && (a.key === b.key || b.shape.length === 0 || a.shape.length === 0)) {
          return [x, y];
        }
        t = promoteTwo(a.dtype, a.weakType, b.dtype, b.weakType);
      }
    }
  }
  checkOperands(name, xs);
  t ??= resultType(...xs);
  const arrays = xs.map((x) => convertOperand(x, t));
  const shape = broadcastShapes(name, ...arrays.map((a) => a.shape));
  if (flags.rankPromotion !== "allow") checkRankPromotion(name, arrays);
  return arrays.map((a) => {
    if (a.ndim === 0 || a.ndim === shape.length) return a;
    const offset = shape.length - a.ndim;
    return lax.broadcastInDim(a, [...globalThis.Array(offset).fill(1), ...a.shape], a.shape.map((_, i) => i + offset));
  });
}

/**
 * The inexact dtype a numpy math function computes in: ints and bools become float32, a weak int
 * (a JS integer) the default float, weak (float64 under jax_enable_x64, as jnp.sqrt(2) is);
 * floats and complex stay. int2 and uint2 stay too: JAX's `_dtype_to_inexact` (jax/_src/dtypes.py)
 * has no row for them, so jnp.sin(int2) is lax.sin's TypeError and jnp.mean(int2) an int2.
 */
export function toInexact(t: TypedDType): TypedDType {
  if (isInexact(t.dtype) || t.dtype === "int2" || t.dtype === "uint2") return t;
  return { dtype: t.weakType ? defaultFloatDType() : "float32", weakType: t.weakType };
}

/** Promotes operands and makes them inexact (true_divide, power on floats, transcendental functions). */
export function promoteArgsInexact(name: string, xs: readonly ArrayLike[]): Array[] {
  checkOperands(name, xs);
  return promoteArgs(name, xs, toInexact(resultType(...xs)));
}

export const dtypeOf = (x: ArrayLike): DType => typedDTypeOf(x).dtype;

/** Both operands promoted to one dtype (an inexact one unless `inexact` is false) and broadcast to the common shape. */
export function promotedPair(name: string, x1: ArrayLike, x2: ArrayLike, inexact = true): [Array, Array] {
  const [a, b] = inexact ? promoteArgsInexact(name, [x1, x2]) : promoteArgs(name, [x1, x2]);
  const shape = broadcastShapes(name, a!.shape, b!.shape);
  return [broadcastTo(a!, shape, name), broadcastTo(b!, shape, name)];
}
