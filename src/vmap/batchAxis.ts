// Where a value's batch dimension sits, and moving it: shared by the batch trace, the batching
// rules and the control-flow rules (JAX's batching.moveaxis / bdim_at_front).
import { range } from "../../jaxpr/lists.js";
import type { ShapedArray } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import { broadcastInDim, transpose } from "../lax/structural.js";
import type { BatchDim } from "./types.js";

/** Per-example dim `d` of an operand whose batch dim sits at `b`: its position in the batched operand. */
export const bump = (d: number, b: number): number => (d < b ? d : d + 1);
/** Inserts `v` at position `i` of a list. */
export const insertAt = <T>(xs: readonly T[], i: number, v: T): T[] => [...xs.slice(0, i), v, ...xs.slice(i)];

export function internal(msg: string): never {
  throw new Error(`vmap internal error: ${msg}`);
}

/**
 * Moves the batch dim of `x` from `from` to `to`. An unbatched value (`from` null) is broadcast
 * to a new dimension of size `axisSize` at `to`. `to` may be negative (counted from the end of
 * the result).
 */
export function moveBatchAxis(x: Array, from: BatchDim, to: number, axisSize: number): Array {
  if (from === null) {
    const rank = x.ndim + 1;
    const t = to < 0 ? to + rank : to;
    if (t < 0 || t >= rank) internal(`batch axis ${to} out of range for a result of rank ${rank}`);
    const shape = insertAt(x.shape, t, axisSize);
    return broadcastInDim(x, shape, range(x.ndim).map((i) => bump(i, t)));
  }
  const t = to < 0 ? to + x.ndim : to;
  if (t < 0 || t >= x.ndim) internal(`batch axis ${to} out of range for a value of rank ${x.ndim}`);
  if (from === t) return x;
  const rest = range(x.ndim).filter((i) => i !== from);
  return transpose(x, insertAt(rest, t, from));
}

/** The value with its batch dim at 0 (broadcast there when unbatched), as JAX's bdim_at_front. */
export function bdimAtFront(x: Array, d: BatchDim, axisSize: number): Array {
  return moveBatchAxis(x, d, 0, axisSize);
}

/** The aval of a value batched at `dim` (at 0 unless given). */
export const batchedAval = (a: ShapedArray, axisSize: number, dim = 0): ShapedArray => a.update({ shape: insertAt(a.shape, dim, axisSize) });
