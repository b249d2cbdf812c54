// lax's convenience wrappers (jax/_src/lax/slicing.py and lax.py): one-axis forms of the dynamic
// slicing primitives, collapse, full/fullLike, batchMatmul, topK and associativeScan. Each is a
// composition of primitives, so every transform applies without rules of its own.
import type { DType } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { asArray, asArrays, scalarLike } from "./core.js";
import { broadcastInDim, concatenate, dotGeneral, dynamicSlice, dynamicUpdateSlice, expandDims, iota, reshape, rev, sliceInDim, sort, squeeze } from "./structural.js";
import { convertElementType, neg } from "./elementwise.js";
import * as tree from "../tree/index.js";
import { padtypeToPads as padtypeToPadsOf, tryBroadcastShapes, type PadType } from "../../jaxpr/index.js";
import { ValueError } from "../core/errors.js";
import { dtype as dtypeName } from "../numpy/dtypeLike.js";
import type { DTypeLike } from "../numpy/dtypeLike.js";


/** A possibly negative axis of an array of rank `ndim`, checked. */
function normalizeAxis(axis: number, ndim: number, what: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) throw new TypeError(`${what}: axis ${axis} is out of bounds for array of rank ${ndim}.`);
  return axis < 0 ? axis + ndim : axis;
}

/**
 * lax.dynamic_slice_in_dim: `sliceSize` elements of `axis` from a traced `startIndex`.
 *
 * @example
 * ```ts
 * lax.dynamicSliceInDim(np.arange(6), 2, 3); // Array([2, 3, 4], dtype=int32)
 * ```
 */
export function dynamicSliceInDim(operand: ArrayLike, startIndex: ArrayLike, sliceSize: number, axis = 0): Array {
  const x = asArray(operand);
  const a = normalizeAxis(axis, x.ndim, "dynamicSliceInDim");
  const starts: ArrayLike[] = x.shape.map(() => 0);
  starts[a] = startIndex;
  const sizes = [...x.shape];
  sizes[a] = sliceSize;
  return dynamicSlice(x, starts, sizes);
}

/**
 * lax.dynamic_index_in_dim: element `index` of `axis`, the axis kept (size 1) unless keepdims is false.
 *
 * @example
 * ```ts
 * lax.dynamicIndexInDim(np.arange(6).reshape([2, 3]), 1, 1); // Array([[1], [4]], dtype=int32)
 * lax.dynamicIndexInDim(np.arange(6).reshape([2, 3]), 1, 1, false); // Array([1, 4], dtype=int32)
 * ```
 */
export function dynamicIndexInDim(operand: ArrayLike, index: ArrayLike, axis = 0, keepdims = true): Array {
  const x = asArray(operand);
  const a = normalizeAxis(axis, x.ndim, "dynamicIndexInDim");
  const s = dynamicSliceInDim(x, index, 1, a);
  return keepdims ? s : squeeze(s, [a]);
}

/**
 * lax.dynamic_update_slice_in_dim: writes `update` into `operand` at a traced start along `axis`.
 *
 * @example
 * ```ts
 * lax.dynamicUpdateSliceInDim(np.zeros([5]), np.array([1, 2]), 1, 0); // Array([0., 1., 2., 0., 0.], dtype=float32)
 * ```
 */
export function dynamicUpdateSliceInDim(operand: ArrayLike, update: ArrayLike, startIndex: ArrayLike, axis: number): Array {
  const x = asArray(operand);
  const a = normalizeAxis(axis, x.ndim, "dynamicUpdateSliceInDim");
  const starts: ArrayLike[] = x.shape.map(() => 0);
  starts[a] = startIndex;
  return dynamicUpdateSlice(x, update, starts);
}

/**
 * lax.dynamic_update_index_in_dim: writes `update` (with or without the size-1 axis) at index `index` of `axis`.
 *
 * @example
 * ```ts
 * lax.dynamicUpdateIndexInDim(np.zeros([2, 2]), np.array([1, 2]), 1, 0); // Array([[0., 0.], [1., 2.]], dtype=float32)
 * ```
 */
export function dynamicUpdateIndexInDim(operand: ArrayLike, update: ArrayLike, index: ArrayLike, axis: number): Array {
  const x = asArray(operand);
  const a = normalizeAxis(axis, x.ndim, "dynamicUpdateIndexInDim");
  let u = asArray(update);
  if (u.ndim === x.ndim - 1) u = expandDims(u, [a]);
  return dynamicUpdateSliceInDim(x, u, index, a);
}

/**
 * lax.index_in_dim: element `index` (static, negative counts from the end) of `axis`.
 *
 * @example
 * ```ts
 * lax.indexInDim(np.arange(6).reshape([2, 3]), -1, 1, false); // Array([2, 5], dtype=int32)
 * ```
 */
export function indexInDim(operand: ArrayLike, index: number, axis = 0, keepdims = true): Array {
  const x = asArray(operand);
  const a = normalizeAxis(axis, x.ndim, "indexInDim");
  const n = x.shape[a]!;
  if (!Number.isInteger(index) || index < -n || index >= n) throw new RangeError(`indexInDim: index ${index} is out of bounds for axis ${a} with size ${n}.`);
  const i = index < 0 ? index + n : index;
  const s = sliceInDim(x, i, i + 1, 1, a);
  return keepdims ? s : squeeze(s, [a]);
}

/**
 * lax.collapse: merges dimensions [startDimension, stopDimension) into one.
 *
 * @example
 * ```ts
 * lax.collapse(np.zeros([2, 3, 4]), 1).shape; // [2, 12]
 * lax.collapse(np.zeros([2, 3, 4]), 0, 2).shape; // [6, 4]
 * ```
 */
export function collapse(operand: ArrayLike, startDimension: number, stopDimension: number | null = null): Array {
  const x = asArray(operand);
  const start = startDimension < 0 ? startDimension + x.ndim : startDimension;
  const stop = stopDimension === null ? x.ndim : stopDimension < 0 ? stopDimension + x.ndim : stopDimension;
  if (!Number.isInteger(start) || !Number.isInteger(stop) || start < 0 || stop > x.ndim || start > stop) {
    throw new TypeError(`collapse: invalid dimensions [${startDimension}, ${stopDimension}) for an array of shape ${JSON.stringify(x.shape)}.`);
  }
  const merged = x.shape.slice(start, stop).reduce((p, n) => p * n, 1);
  return reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(stop)]);
}

/**
 * lax.full: an array of `shape` filled with `fillValue` (a scalar), in `dtype` or the value's own.
 *
 * @example
 * ```ts
 * lax.full([2, 2], 7, "int32"); // Array([[7, 7], [7, 7]], dtype=int32)
 * ```
 */
export function full(shape: readonly number[], fillValue: ArrayLike, dtypeLike: DTypeLike | null = null): Array {
  const dtype = dtypeLike === null ? null : dtypeName(dtypeLike);
  const v = fillValue instanceof Array || dtype === null ? asArray(fillValue) : scalarLike(fillValue, dtype);
  if (v.ndim !== 0) throw new TypeError(`full must be called with scalar fill_value, got fill_value.shape ${JSON.stringify(v.shape)}.`);
  // As JAX: the fill value converted to dtype, strongly typed when a dtype is given.
  const typed = dtype === null ? v : convertElementType(v, dtype);
  return broadcastInDim(typed, shape, []);
}

/**
 * lax.full_like: `x`'s shape (or `shape`) and dtype (or `dtype`), filled with `fillValue`.
 *
 * @example
 * ```ts
 * lax.fullLike(np.zeros([3], { dtype: "int32" }), 4); // Array([4, 4, 4], dtype=int32)
 * ```
 */
export function fullLike(x: ArrayLike, fillValue: ArrayLike, dtype: DTypeLike | null = null, shape: readonly number[] | null = null): Array {
  const a = asArray(x);
  return full(shape ?? a.shape, fillValue, dtype ?? a.dtype);
}

/**
 * lax.batch_matmul: matrix products over equal leading batch dimensions ([..., m, k] @ [..., k, n]).
 *
 * @example
 * ```ts
 * const a = np.array([[[1, 2], [3, 4]], [[0, 1], [1, 0]]]);
 * lax.batchMatmul(a, a); // Array([[[ 7., 10.], [15., 22.]], [[ 1.,  0.], [ 0.,  1.]]], dtype=float32)
 * ```
 */
export function batchMatmul(lhs: ArrayLike, rhs: ArrayLike, preferredElementType: DType | null = null): Array {
  const [l, r] = asArrays([lhs, rhs]) as [Array, Array];
  if (l.ndim < 2 || l.ndim !== r.ndim) throw new TypeError(`batch_matmul requires both arrays to have rank >= 2 and the same rank, got shapes ${JSON.stringify(l.shape)} and ${JSON.stringify(r.shape)}.`);
  const batch = globalThis.Array.from({ length: l.ndim - 2 }, (_, i) => i);
  return dotGeneral(l, r, [[[l.ndim - 1], [r.ndim - 2]], [batch, batch]], preferredElementType);
}

/**
 * lax.top_k: the `k` largest entries along the last axis, in descending order, with their indices
 * (ties: the lower index first, as XLA's TopK). One stable sort by (value, -index), reversed.
 *
 * @example
 * ```ts
 * const [values, indices] = lax.topK(np.array([1, 4, 2, 4]), 2);
 * values; // Array([4., 4.], dtype=float32)
 * indices; // Array([1, 3], dtype=int32)
 * ```
 */
export function topK(operand: ArrayLike, k: number): [values: Array, indices: Array] {
  const x = asArray(operand);
  if (x.ndim === 0) throw new TypeError("top_k operand must have >= 1 dimension, got shape ().");
  const n = x.shape[x.ndim - 1]!;
  if (!Number.isInteger(k) || k < 0 || k > n) throw new TypeError(`top_k: k must be an integer in [0, ${n}] (the last axis of shape ${JSON.stringify(x.shape)}), got ${k}.`);
  const last = x.ndim - 1;
  const negIndex = broadcastInDim(neg(iota("int32", n)), x.shape, [last]);
  const [values, negIndices] = sort([x, negIndex], { dimension: last, numKeys: 2 }) as [Array, Array];
  const top = (a: Array): Array => sliceInDim(rev(a, [last]), 0, k, 1, last);
  return [top(values), neg(top(negIndices))];
}

/**
 * lax.associative_scan: all prefix combinations of `elems` (a pytree of arrays with a common length
 * along `axis`) under an associative `fn`, in O(log n) depth (Blelloch's recursive odd/even scheme,
 * as JAX). `lax.associativeScan(lax.add, x)` is a cumulative sum.
 *
 * @example
 * ```ts
 * lax.associativeScan(lax.add, np.array([1, 2, 3, 4])); // Array([ 1.,  3.,  6., 10.], dtype=float32)
 * lax.associativeScan(lax.max, np.array([1, 3, 2, 5]), true); // Array([5., 5., 5., 5.], dtype=float32)
 * ```
 */
export function associativeScan<T>(fn: (a: T, b: T) => T, elems: T, reverse = false, axis = 0): T {
  if (typeof fn !== "function") throw new TypeError(`associativeScan: expected a callable value as fn, got ${String(fn)}.`);
  const [leaves, def] = tree.flatten(elems);
  const arrays = leaves.map((l) => asArray(l as ArrayLike));
  if (arrays.length === 0) return elems;
  const ax = normalizeAxis(axis, arrays[0]!.ndim, "associativeScan");
  const n = arrays[0]!.shape[ax]!;
  for (const a of arrays) {
    if (a.shape[ax] !== n) throw new TypeError(`associativeScan: array inputs must all have the same length along axis ${ax}, got shapes ${arrays.map((b) => JSON.stringify(b.shape)).join(", ")}.`);
  }
  const combine = (a: Array[], b: Array[]): Array[] => {
    const out = tree.leaves(fn(tree.unflatten(def, a) as T, tree.unflatten(def, b) as T)).map((l) => asArray(l as ArrayLike));
    if (out.length !== a.length) throw new TypeError("associativeScan: fn must return a pytree with the structure of its inputs.");
    return out;
  };
  const slices = (xs: Array[], start: number, stop: number, step: number): Array[] => xs.map((x) => sliceInDim(x, start, Math.max(start, stop), step, ax));
  // Interleaves a (length ceil(m/2)) and b (length floor(m/2)) along the axis: a0 b0 a1 b1 ...
  const interleave = (a: Array, b: Array): Array => {
    const nb = b.shape[ax]!;
    const pairs = concatenate([expandDims(sliceInDim(a, 0, nb, 1, ax), [ax + 1]), expandDims(b, [ax + 1])], ax + 1);
    const shape = [...a.shape];
    shape[ax] = 2 * nb;
    const merged = reshape(pairs, shape);
    return a.shape[ax] === nb ? merged : concatenate([merged, sliceInDim(a, nb, nb + 1, 1, ax)], ax);
  };
  const scan = (xs: Array[]): Array[] => {
    const m = xs[0]!.shape[ax]!;
    if (m < 2) return xs;
    const reduced = combine(slices(xs, 0, m - 1, 2), slices(xs, 1, m, 2));
    const odd = scan(reduced);
    const rest = slices(xs, 2, m, 2);
    const evenTail = m % 2 === 0 ? combine(slices(odd, 0, odd[0]!.shape[ax]! - 1, 1), rest) : combine(odd, rest);
    const even = xs.map((x, i) => concatenate([sliceInDim(x, 0, 1, 1, ax), evenTail[i]!], ax));
    return even.map((e, i) => interleave(e, odd[i]!));
  };
  const flip = (xs: Array[]): Array[] => (reverse ? xs.map((x) => rev(x, [ax])) : xs);
  return tree.unflatten(def, flip(scan(flip(arrays)))) as T;
}

/**
 * lax.optimization_barrier: its operands unchanged. dprog's compiler does not move work across calls, so no barrier is needed.
 *
 * @example
 * ```ts
 * lax.optimizationBarrier([np.array([1]), np.array([2])]); // [Array([1.], dtype=float32), Array([2.], dtype=float32)]
 * ```
 */
export function optimizationBarrier<T>(operand: T): T {
  return operand;
}

/**
 * `lax.broadcast_shapes(*shapes)`: numpy's broadcast of the shapes, JAX's ValueError otherwise.
 *
 * @example
 * ```ts
 * lax.broadcastShapes([5, 1], [1, 4]); // [5, 4]
 * ```
 */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  const out = tryBroadcastShapes(shapes);
  if (out === null) throw new ValueError(`Incompatible shapes for broadcasting: shapes=[${shapes.map((t) => `(${t.join(", ")}${t.length === 1 ? "," : ""})`).join(", ")}]`);
  return out;
}

/**
 * `lax.empty(shape, dtype)`: an array of `shape` whose values do not matter (zeros here, as JAX on CPU).
 *
 * @example
 * ```ts
 * lax.empty([2], "int32"); // Array([0, 0], dtype=int32)
 * ```
 */
export function empty(shape: readonly number[], dtype: DTypeLike): Array {
  return full(shape, 0, dtype);
}

/**
 * `lax.padtype_to_pads(inShape, windowShape, windowStrides, padding)`: the (low, high) padding of
 * each spatial dimension for "SAME" (extra on the high side), "SAME_LOWER" (extra on the low side)
 * or "VALID" (none).
 *
 * @example
 * ```ts
 * lax.padtypeToPads([5, 6], [3, 2], [2, 1], "SAME"); // [[1, 1], [0, 1]]
 * ```
 */
export function padtypeToPads(inShape: readonly number[], windowShape: readonly number[], windowStrides: readonly number[], padding: PadType | Lowercase<PadType>): [number, number][] {
  return padtypeToPadsOf(inShape, windowShape, windowStrides, padding);
}
