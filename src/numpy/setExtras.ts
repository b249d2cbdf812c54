// numpy's set functions on 1-D arrays (jax/_src/numpy/setops.py): intersect1d setdiff1d setxor1d
// union1d, and the array API's uniqueAll uniqueCounts uniqueInverse uniqueValues, built on
// np.unique / np.isin / np.nonzero of src/numpy/setops.ts.
//
// As in JAX the output length depends on the data: eagerly it is read from the values, and under
// jit/vmap the static `size` option fixes it (padding with `fillValue`). Every function computes
// its result as "the first `size` entries of a sorted candidate list that pass a mask", so the
// unsized form is the sized one with size = the concrete number of results.
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import { ConcretizationTypeError } from "../core/errors.js";
import * as lax from "../lax/index.js";
import { getItem } from "./indexing.js";
import { promoteDtypes } from "./options.js";
import { asArray, strong } from "./promote.js";
import { isin, nonzero, unique } from "./setops.js";

/** `size`/`fillValue` options of the set functions (JAX's keyword arguments). */
export interface SetSizeOptions {
  /** Static output length (required under jit/vmap): results are truncated or padded. */
  size?: number | null;
  /** The padding value (by default as JAX: the smallest result, or 0 for setdiff1d). */
  fillValue?: ArrayLike | null;
}

const flat = (x: Array): Array => lax.reshape(x, [x.size]);
const iota = (n: number): Array => lax.iota("int32", n);
const countTrue = (mask: Array): Array => lax.reduceSum(lax.convertElementType(mask, "int32"), [0]);

/** The ConcretizationTypeError JAX raises for data-dependent output without `size`. */
function needConcrete(xs: readonly Array[], name: string): void {
  for (const x of xs) {
    if (x.concreteValue() === null) throw new ConcretizationTypeError(`traced array with shape ${x.aval.str()}`, `The error arose in ${name}()`);
  }
}

/** A static size (JAX: `core.concrete_or_error(operator.index, size)`). */
function staticSize(size: number, name: string): number {
  if (typeof size !== "number" || !Number.isInteger(size) || size < 0) throw new TypeError(`${name}: size must be a non-negative JS integer (a static value), got ${String(size)}.`);
  return size;
}

/** The sorted unique values of a 1-D `x`, padded to x.size, and a mask of the real ones. */
function uniquePadded(x: Array): [values: Array, valid: Array] {
  if (x.size === 0) return [x, lax.full([0], false, "bool")];
  const [values, counts] = unique(x, { size: x.size, returnCounts: true });
  return [values!, lax.gt(counts!, strong(0, "int32"))];
}

/**
 * The entries of `candidates` where `keep` holds, in order, as a length-`size` array (or the
 * concrete count when size is null); padding as JAX's `_intersect1d_size` / `_setxor1d_size`
 * (the smallest result, or 0 when there is none) unless `fillValue` is given.
 */
function firstWhere(candidates: Array, keep: Array, size: number | null, fillValue: ArrayLike | null | undefined, pick: Array[] = []): Array[] {
  const num = countTrue(keep);
  const n = size ?? Number(num.item());
  const at = candidates.size === 0 ? iota(n) : nonzero(keep, { size: n, fillValue: 0 })[0]!;
  const inRange = lax.lt(iota(n), num);
  let vals = candidates.size === 0 ? lax.full([n], 0, candidates.dtype) : lax.select(inRange, getItem(candidates, [at]), lax.full([n], 0, candidates.dtype));
  if (fillValue === undefined || fillValue === null) {
    const hi = n === 0 ? vals : lax.broadcastInDim(lax.reduceMax(vals, [0]), [n], []);
    vals = lax.select(inRange, vals, hi);
    const lo = n === 0 ? vals : lax.broadcastInDim(lax.reduceMin(vals, [0]), [n], []);
    vals = lax.select(inRange, vals, lo);
  } else vals = lax.select(inRange, vals, lax.broadcastInDim(strong(fillValue, vals.dtype), [n], []));
  return [vals, ...pick.map((p) => (p.size === 0 ? p : getItem(p, [at])))];
}

/** Options of {@link intersect1d}. */
export interface Intersect1dOptions extends SetSizeOptions {
  /** Accepted as JAX's: the inputs are known to hold no duplicates (results are the same). */
  assumeUnique?: boolean;
  /** Also return the indices of the first occurrence of each result in `ar1` and `ar2`. */
  returnIndices?: boolean;
}

/**
 * The sorted values present in both (flattened) arrays; with `returnIndices` also their first
 * positions in each (padding positions are the input sizes, as JAX).
 *
 * @example
 * np.intersect1d(np.array([1, 2, 3, 2]), np.array([2, 3, 5])); // Array([2., 3.], dtype=float32)
 */
export function intersect1d(ar1: ArrayLike, ar2: ArrayLike, opts?: Intersect1dOptions & { returnIndices?: false }): Array;
export function intersect1d(ar1: ArrayLike, ar2: ArrayLike, opts: Intersect1dOptions & { returnIndices: true }): [values: Array, indices1: Array, indices2: Array];
export function intersect1d(ar1: ArrayLike, ar2: ArrayLike, opts: Intersect1dOptions = {}): Array | [Array, Array, Array] {
  const [a, b] = promoteDtypes("intersect1d", [ar1, ar2]).map(flat) as [Array, Array];
  const size = opts.size === undefined || opts.size === null ? null : staticSize(opts.size, "intersect1d");
  if (size === null) needConcrete([a, b], "intersect1d");
  const [u, valid] = uniquePadded(a);
  const keep = u.size === 0 ? valid : lax.bitwiseAnd(valid, isin(u, b));
  if (!opts.returnIndices) return firstWhere(u, keep, size, opts.fillValue)[0]!;
  // The first position of each candidate in a and in b (a.size / b.size where absent).
  const firstIn = (x: Array): Array => {
    if (u.size === 0) return lax.full([0], 0, "int32");
    if (x.size === 0) return lax.full([u.size], x.size, "int32");
    const eq = lax.eq(lax.broadcastInDim(u, [u.size, x.size], [0]), lax.broadcastInDim(x, [u.size, x.size], [1]));
    const pos = lax.select(eq, lax.broadcastInDim(iota(x.size), [u.size, x.size], [1]), lax.full([u.size, x.size], x.size, "int32"));
    return lax.reduceMin(pos, [1]);
  };
  const [vals, i1, i2] = firstWhere(u, keep, size, opts.fillValue, [firstIn(a), firstIn(b)]) as [Array, Array, Array];
  const n = vals.shape[0]!;
  const inRange = lax.lt(iota(n), countTrue(keep));
  const pad = (i: Array, v: number): Array => lax.select(inRange, i.size === 0 ? lax.full([n], v, "int32") : i, lax.full([n], v, "int32"));
  return [vals, pad(i1, a.size), pad(i2, b.size)];
}

/** Options of {@link setdiff1d} and {@link setxor1d}. */
export interface SetDifferenceOptions extends SetSizeOptions {
  /** Accepted as JAX's: the inputs are known to hold no duplicates (results are the same). */
  assumeUnique?: boolean;
}

/**
 * `np.setdiff1d` (jnp.setdiff1d): the sorted unique values of `ar1` that are not in `ar2` (padding: `fillValue`, default 0).
 *
 * @example
 * np.setdiff1d(np.array([1, 2, 3, 2]), np.array([2, 5])); // Array([1., 3.], dtype=float32)
 */
export function setdiff1d(ar1: ArrayLike, ar2: ArrayLike, opts: SetDifferenceOptions = {}): Array {
  const a = flat(asArray(ar1));
  const b = flat(asArray(ar2));
  const size = opts.size === undefined || opts.size === null ? null : staticSize(opts.size, "setdiff1d");
  if (size === null) needConcrete([a], "setdiff1d");
  const [u, valid] = uniquePadded(a);
  const keep = u.size === 0 ? valid : lax.bitwiseAnd(valid, isin(u, b, { invert: true }));
  return firstWhere(u, keep, size, opts.fillValue ?? 0)[0]!;
}

/**
 * `np.setxor1d` (jnp.setxor1d): the sorted values in exactly one of the two arrays.
 *
 * @example
 * np.setxor1d(np.array([1, 2, 3]), np.array([2, 5])); // Array([1., 3., 5.], dtype=float32)
 */
export function setxor1d(ar1: ArrayLike, ar2: ArrayLike, opts: SetDifferenceOptions = {}): Array {
  const [a, b] = promoteDtypes("setxor1d", [ar1, ar2]).map(flat) as [Array, Array];
  const size = opts.size === undefined || opts.size === null ? null : staticSize(opts.size, "setxor1d");
  if (size === null) needConcrete([a, b], "setxor1d");
  const both = lax.concatenate([a, b], 0);
  const [u, valid] = uniquePadded(both);
  const keep = u.size === 0 ? valid : lax.bitwiseAnd(valid, lax.bitwiseXor(isin(u, a), isin(u, b)));
  return firstWhere(u, keep, size, opts.fillValue)[0]!;
}

/**
 * `np.union1d` (jnp.union1d): the sorted unique values of both arrays (np.unique of their concatenation).
 *
 * @example
 * np.union1d(np.array([3, 1]), np.array([2, 1])); // Array([1., 2., 3.], dtype=float32)
 */
export function union1d(ar1: ArrayLike, ar2: ArrayLike, opts: SetSizeOptions = {}): Array {
  const [a, b] = promoteDtypes("union1d", [ar1, ar2]).map(flat) as [Array, Array];
  const size = opts.size === undefined || opts.size === null ? null : staticSize(opts.size, "union1d");
  if (size === null) needConcrete([a, b], "union1d");
  return unique(lax.concatenate([a, b], 0), { size, fillValue: opts.fillValue ?? null });
}

/** The array API's unique_all result. */
export type UniqueAllResult = [values: Array, indices: Array, inverseIndices: Array, counts: Array] & { values: Array; indices: Array; inverseIndices: Array; counts: Array };
/** The array API's unique_counts result. */
export type UniqueCountsResult = [values: Array, counts: Array] & { values: Array; counts: Array };
/** The array API's unique_inverse result. */
export type UniqueInverseResult = [values: Array, inverseIndices: Array] & { values: Array; inverseIndices: Array };

/**
 * The array API's unique_all: values, first indices, inverse indices (x's shape) and counts; NaNs
 * are distinct (equal_nan=False, as JAX).
 *
 * @example
 * ```ts
 * const { values, indices, inverseIndices, counts } = np.uniqueAll(np.array([2, 1, 2]));
 * values; // Array([1., 2.], dtype=float32)
 * indices; // Array([1, 0], dtype=int32)
 * inverseIndices; // Array([1, 0, 1], dtype=int32)
 * counts; // Array([1, 2], dtype=int32)
 * ```
 */
export function uniqueAll(x: ArrayLike, opts: SetSizeOptions = {}): UniqueAllResult {
  const [values, indices, inverseIndices, counts] = unique(x, { returnIndex: true, returnInverse: true, returnCounts: true, equalNan: false, size: opts.size ?? null, fillValue: opts.fillValue ?? null }) as [Array, Array, Array, Array];
  return Object.assign([values, indices, inverseIndices, counts] as [Array, Array, Array, Array], { values, indices, inverseIndices, counts });
}

/**
 * `np.uniqueCounts(x, { size, fillValue })` (jnp.unique_counts): the array API's unique_counts: values and counts (equal_nan=False).
 *
 * @example
 * ```ts
 * const { values, counts } = np.uniqueCounts(np.array([3, 1, 3, 3]));
 * values; // Array([1., 3.], dtype=float32)
 * counts; // Array([1, 3], dtype=int32)
 * np.uniqueCounts(np.array([3, 1, 3]), { size: 3, fillValue: 0 }).values; // Array([1., 3., 0.], dtype=float32)
 * ```
 */
export function uniqueCounts(x: ArrayLike, opts: SetSizeOptions = {}): UniqueCountsResult {
  const [values, counts] = unique(x, { returnCounts: true, equalNan: false, size: opts.size ?? null, fillValue: opts.fillValue ?? null }) as [Array, Array];
  return Object.assign([values, counts] as [Array, Array], { values, counts });
}

/**
 * `np.uniqueInverse(x, { size, fillValue })` (jnp.unique_inverse): the array API's unique_inverse: values and inverse indices of x's shape (equal_nan=False).
 *
 * @example
 * ```ts
 * const { values, inverseIndices } = np.uniqueInverse(np.array([[3, 1], [1, 2]]));
 * values; // Array([1., 2., 3.], dtype=float32)
 * inverseIndices; // Array([[2, 0], [0, 1]], dtype=int32)
 * ```
 */
export function uniqueInverse(x: ArrayLike, opts: SetSizeOptions = {}): UniqueInverseResult {
  const [values, inverseIndices] = unique(x, { returnInverse: true, equalNan: false, size: opts.size ?? null, fillValue: opts.fillValue ?? null }) as [Array, Array];
  return Object.assign([values, inverseIndices] as [Array, Array], { values, inverseIndices });
}

/**
 * `np.uniqueValues(x, { size, fillValue })` (jnp.unique_values): the array API's unique_values: the sorted unique values (equal_nan=False).
 *
 * @example
 * ```ts
 * np.uniqueValues(np.array([3, 1, 3, 2])); // Array([1., 2., 3.], dtype=float32)
 * np.uniqueValues(np.array([3, 1, 3]), { size: 4, fillValue: -1 }); // Array([ 1.,  3., -1., -1.], dtype=float32)
 * ```
 */
export function uniqueValues(x: ArrayLike, opts: SetSizeOptions = {}): Array {
  return unique(x, { equalNan: false, size: opts.size ?? null, fillValue: opts.fillValue ?? null });
}

