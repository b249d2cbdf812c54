// jax.lax functions that JAX defines as (or that reduce to) compositions of other lax operations:
// reciprocal (jax/_src/lax/lax.py: integer_pow(x, -1)), broadcast_to_rank (leading unit
// dimensions), tile (tile_p, lowered by XLA as a broadcast to interleaved [rep, dim] pairs then a
// reshape, which this is), scatter_sub (scatter-add of the negated updates, as the scatter_sub
// transpose rule pairs them) and cumlogsumexp (a parallel prefix scan of logaddexp, as
// jax/_src/lax/control_flow/loops.py's associative_scan lowering of the cumulative reductions).
import { Array, ArrayLike } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import type { ScatterDimensionNumbers } from "../../jaxpr/index.js";
import { asArray } from "./core.js";
import { associativeScan } from "./convenience.js";
import { integerPow, logaddexp, neg } from "./elementwise.js";
import { broadcastInDim, reshape, scatterAdd } from "./structural.js";
import type { ScatterOptions } from "./structural.js";

/**
 * `lax.reciprocal(x)` (jax.lax.reciprocal): `1 / x` elementwise, as `integerPow(x, -1)`.
 *
 * @example
 * ```ts
 * lax.reciprocal(np.array([2, 4, -0.5])); // Array([ 0.5 ,  0.25, -2.  ], dtype=float32)
 * ```
 */
export function reciprocal(x: ArrayLike): Array {
  return integerPow(x, -1);
}

/**
 * `lax.broadcastToRank(x, rank)` (jax.lax.broadcast_to_rank): `x` with leading unit dimensions
 * added to give it rank `rank`.
 *
 * @example
 * ```ts
 * lax.broadcastToRank(np.array([1, 2]), 3).shape; // [1, 1, 2]
 * ```
 */
export function broadcastToRank(x: ArrayLike, rank: number): Array {
  const a = asArray(x);
  if (a.ndim === rank) return a;
  if (!Number.isInteger(rank) || rank < a.ndim) throw new ValueError(`broadcast_to_rank: rank ${rank} is less than the rank ${a.ndim} of an operand of shape [${a.shape.join(", ")}]`);
  const lead = rank - a.ndim;
  return reshape(a, [...globalThis.Array<number>(lead).fill(1), ...a.shape]);
}

/**
 * `lax.tile(operand, reps)` (jax.lax.tile): the operand repeated `reps[i]` times along each
 * dimension i; `reps` has one entry per dimension.
 *
 * @example
 * ```ts
 * lax.tile(np.array([[1], [2]], { dtype: "int32" }), [1, 3]); // Array([[1, 1, 1], [2, 2, 2]], dtype=int32)
 * ```
 */
export function tile(operand: ArrayLike, reps: readonly number[]): Array {
  const a = asArray(operand);
  if (a.ndim !== reps.length) throw new TypeError(`reps length must be equal to the ndim of x, got len(reps)=${reps.length} and x.ndim=${a.ndim}.`);
  if (!reps.every((r) => Number.isInteger(r) && r >= 0)) throw new TypeError(`tile: reps must be non-negative integers, got [${reps.join(", ")}].`);
  const interleaved = a.shape.flatMap((d, i) => [reps[i]!, d]);
  const expanded = broadcastInDim(a, interleaved, a.shape.map((_, i) => 2 * i + 1));
  return reshape(expanded, a.shape.map((d, i) => d * reps[i]!));
}

/**
 * `lax.scatterSub(operand, scatterIndices, updates, dimensionNumbers, opts?)` (jax.lax.scatter_sub):
 * as lax.scatter, subtracting the updates (repeated indices accumulate).
 *
 * @example
 * ```ts
 * const dn = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0], operandBatchingDims: [], scatterIndicesBatchingDims: [] };
 * lax.scatterSub(np.ones([4]), np.array([[1], [1], [3]], { dtype: "int32" }), np.array([5, 6, 7]), dn); // Array([  1., -10.,   1.,  -6.], dtype=float32)
 * ```
 */
export function scatterSub(operand: ArrayLike, scatterIndices: ArrayLike, updates: ArrayLike, dimensionNumbers: ScatterDimensionNumbers, opts: ScatterOptions = {}): Array {
  return scatterAdd(operand, scatterIndices, neg(asArray(updates)), dimensionNumbers, opts);
}

/**
 * `lax.cumlogsumexp(operand, axis?, reverse?)` (jax.lax.cumlogsumexp): the running
 * `log(sum(exp(x)))` along `axis` (default 0), from the end when `reverse`; each step is a
 * stable logaddexp.
 *
 * @example
 * ```ts
 * lax.cumlogsumexp(np.array([0, 0, 0, 0])); // Array([0.       , 0.6931472, 1.0986123, 1.3862944], dtype=float32)
 * ```
 */
export function cumlogsumexp(operand: ArrayLike, axis = 0, reverse = false): Array {
  const a = asArray(operand);
  return associativeScan((x: Array, y: Array) => logaddexp(x, y), a, reverse, axis);
}
