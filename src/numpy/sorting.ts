// numpy's sorting and searching (jax.numpy's semantics): sort, argsort, lexsort, searchsorted,
// median. Everything is built on lax.sort, whose order puts NaN last and treats -0 and 0 as equal;
// argsort sorts an int32 iota along with the keys, as JAX does.
import { kwargs } from "./options.js";
import { canonicalizeAxis, reductionAxes, isFloat, shapeString } from "../../jaxpr/index.js";
import type { Axis } from "../core/array.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { ValueError } from "../core/errors.js";
import { checkedArray, convertTo, promoteArgsInexact, resultType } from "./promote.js";

/** `jnp.sort` and `jnp.argsort`'s keywords (with `axis`). */
export interface SortOptions {
  /** Keep equal elements in their input order (the default; lax.sort is always stable here). */
  stable?: boolean;
  /** Sort in descending order (stable: equal elements still keep their input order). */
  descending?: boolean;
}


/** `axis` null flattens; otherwise the canonical axis. */
function sortAxis(a: Array, axis: number | null): [Array, number] {
  if (axis === null) return [lax.reshape(a, [a.size]), 0];
  return [a, canonicalizeAxis(axis, a.ndim)];
}

/** sort/argsort keywords: `axis` (default -1, null flattens) with `stable` and `descending`. */
export type SortKw = SortOptions & {
  /** The axis to sort along (default -1); null: the flattened array. */
  axis?: number | null;
};

/**
 * `np.sort(x, axis = -1, { stable, descending })` (jnp.sort): sorted copy along `axis` (the last by default; null sorts the flattened array). NaNs sort last.
 *
 * @example
 * ```ts
 * const x = np.array([[3, 1, 2], [0, 5, 4]]);
 * np.sort(x); // Array([[1., 2., 3.], [0., 4., 5.]], dtype=float32)
 * np.sort(x, 0); // Array([[0., 1., 2.], [3., 5., 4.]], dtype=float32)
 * np.sort(x, { axis: null, descending: true }); // Array([5., 4., 3., 2., 1., 0.], dtype=float32)
 * ```
 */
export function sort(x: ArrayLike, axis?: number | null | SortKw, opts?: SortKw): Array {
  const { axis: ax, ...o } = kwargs<SortKw>("sort", ["axis"], [axis, opts]);
  return sortImpl(x, ax === undefined ? -1 : ax, o);
}

function sortImpl(x: ArrayLike, axis: number | null = -1, opts: SortOptions = {}): Array {
  const [a, dim] = sortAxis(checkedArray("sort", x), axis);
  const result = lax.sort([a], { dimension: dim, isStable: opts.stable ?? true, numKeys: 1 })[0]!;
  return opts.descending ? lax.rev(result, [dim]) : result;
}

/**
 * `np.argsort(x, axis = -1, { stable, descending })` (jnp.argsort): int32 indices that sort `x` along `axis` (the last by default; null: the flattened array).
 *
 * @example
 * ```ts
 * const x = np.array([3, 1, 2]);
 * np.argsort(x); // Array([1, 2, 0], dtype=int32)
 * np.argsort(x, { descending: true }); // Array([0, 2, 1], dtype=int32)
 * ```
 */
export function argsort(x: ArrayLike, axis?: number | null | SortKw, opts?: SortKw): Array {
  const { axis: ax, ...o } = kwargs<SortKw>("argsort", ["axis"], [axis, opts]);
  return argsortImpl(x, ax === undefined ? -1 : ax, o);
}

function argsortImpl(x: ArrayLike, axis: number | null = -1, opts: SortOptions = {}): Array {
  let [a, dim] = sortAxis(checkedArray("argsort", x), axis);
  const stable = opts.stable ?? true;
  let iota = lax.broadcastedIota("int32", a.shape, dim);
  // A stable descending sort reverses keys and indices first, so that after the final reversal
  // equal keys are still in their input order.
  if (opts.descending && stable) {
    a = lax.rev(a, [dim]);
    iota = lax.rev(iota, [dim]);
  }
  const indices = lax.sort([a, iota], { dimension: dim, isStable: stable, numKeys: 1 })[1]!;
  return opts.descending ? lax.rev(indices, [dim]) : indices;
}

/**
 * `np.lexsort(keys, axis = -1)` (jnp.lexsort): indirect stable sort by several keys: the last key is the primary one (numpy's convention).
 * `keys` is a list of equally shaped arrays, or one array whose first axis enumerates the keys.
 *
 * @example
 * ```ts
 * const surnames = np.array([1, 0, 1, 0]);
 * const firstNames = np.array([2, 3, 1, 3]);
 * np.lexsort([firstNames, surnames]); // Array([1, 3, 2, 0], dtype=int32)
 * ```
 */
export function lexsort(keys: readonly ArrayLike[] | Array, axis = -1): Array {
  let list: Array[];
  if (keys instanceof Array) {
    if (keys.ndim === 0) throw new TypeError("lexsort: keys must be a sequence of arrays or an array of rank >= 1.");
    list = [];
    for (let i = 0; i < keys.shape[0]!; i++) {
      const starts = keys.shape.map(() => 0);
      const limits = [...keys.shape];
      starts[0] = i;
      limits[0] = i + 1;
      list.push(lax.reshape(lax.slice(keys, starts, limits), keys.shape.slice(1)));
    }
  } else {
    list = keys.map((k) => checkedArray("lexsort", k));
  }
  if (list.length === 0) throw new TypeError("need sequence of keys with len > 0 in lexsort");
  const shape = list[0]!.shape;
  for (const k of list) {
    if (k.ndim !== shape.length || k.shape.some((d, i) => d !== shape[i])) {
      throw new ValueError(`all keys need to be the same shape, got ${list.map((l) => shapeString(l.shape)).join(", ")}.`);
    }
  }
  if (shape.length === 0) throw new TypeError("lexsort: keys must be at least 1-dimensional.");
  const dim = canonicalizeAxis(axis, shape.length);
  const iota = lax.broadcastedIota("int32", shape, dim);
  const outs = lax.sort([...[...list].reverse(), iota], { dimension: dim, isStable: true, numKeys: list.length });
  return outs[outs.length - 1]!;
}

/** lax's sort order as a predicate: a < b with NaN greater than everything (floats). */
function sortLess(a: Array, b: Array): Array {
  if (!isFloat(a.dtype)) return lax.lt(a, b);
  return lax.bitwiseOr(lax.lt(a, b), lax.bitwiseAnd(lax.ne(b, b), lax.eq(a, a)));
}

/**
 * `np.searchsorted(a, v, { side, sorter })` (jnp.searchsorted): indices where `v`'s elements would be inserted into the sorted 1-D array `a` to keep it
 * sorted: before equal elements (`side: "left"`) or after them ("right"). int32, `v`'s shape.
 * NaNs are ordered last, as sort does. `sorter` is an argsort of an unsorted `a`.
 *
 * @example
 * ```ts
 * const a = np.array([1, 2, 2, 3]);
 * np.searchsorted(a, np.array([2, 0, 4])); // Array([1, 0, 4], dtype=int32)
 * np.searchsorted(a, 2, { side: "right" }); // Array(3, dtype=int32)
 * np.searchsorted(np.array([3, 1, 2]), 2.5, { sorter: np.array([1, 2, 0], { dtype: "int32" }) }); // Array(2, dtype=int32)
 * ```
 */
export function searchsorted(a: ArrayLike, v: ArrayLike, opts: { side?: "left" | "right"; sorter?: ArrayLike | null } = {}): Array {
  const side = opts.side ?? "left";
  if (side !== "left" && side !== "right") throw new ValueError(`side must be 'left' or 'right', got '${String(side)}'`);
  const t = resultType(a, v);
  let arr = convertTo(a, { dtype: t.dtype, weakType: false });
  const q = convertTo(v, { dtype: t.dtype, weakType: false });
  if (arr.ndim !== 1) throw new ValueError("a should be 1-dimensional");
  if (opts.sorter !== undefined && opts.sorter !== null) {
    const s = convertTo(opts.sorter, { dtype: "int32", weakType: false });
    arr = lax.gather(arr, lax.reshape(s, [s.size, 1]), { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [] }, [1]);
  }
  const n = arr.shape[0]!;
  // Compare every query with every element: [...v.shape, n] booleans, counted along the last axis.
  const full = [...q.shape, n];
  const qs = lax.broadcastInDim(q, full, q.shape.map((_, i) => i));
  const as = lax.broadcastInDim(arr, full, [q.ndim]);
  // left: how many elements are < v; right: how many are <= v, i.e. not > v.
  const counted = side === "left" ? sortLess(as, qs) : lax.bitwiseNot(sortLess(qs, as));
  return lax.reduceSum(lax.convertElementType(counted, "int32"), [q.ndim]);
}

/**
 * Median over `axis` (all axes by default): the mean of the two middle sorted values, NaN where
 * a reduced lane contains NaN or is empty. Integer inputs give float32.
 */
/**
 * `np.median(x, axis?, keepdims?)` (jnp.median): keywords positional or as one options object.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 7, 3], [4, 2, 6]]);
 * np.median(x); // Array(3.5, dtype=float32)
 * np.median(x, 1); // Array([3., 4.], dtype=float32)
 * np.median(x, { axis: 0, keepdims: true }); // Array([[2.5, 4.5, 4.5]], dtype=float32)
 * ```
 */
export function median(x: ArrayLike, axis?: Axis | { axis?: Axis; keepdims?: boolean }, keepdims?: boolean | { axis?: Axis; keepdims?: boolean }, opts?: { axis?: Axis; keepdims?: boolean }): Array {
  const o = kwargs<{ axis?: Axis; keepdims?: boolean }>("median", ["axis", "keepdims"], [axis, keepdims, opts]);
  return medianImpl(x, o.axis, o.keepdims ?? false);
}

function medianImpl(x: ArrayLike, axis?: Axis, keepdims = false): Array {
  let a = promoteArgsInexact("median", [x])[0]!;
  a = convertTo(a, { dtype: a.dtype, weakType: false });
  const ndim = a.ndim;
  const dims = reductionAxes(axis, ndim);
  const kept = a.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  // Move the reduced axes last and merge them into one.
  const keptShape = kept.map((i) => a.shape[i]!);
  const n = dims.reduce((p, d) => p * a.shape[d]!, 1);
  a = lax.reshape(lax.transpose(a, [...kept, ...dims]), [...keptShape, n]);
  const last = keptShape.length;
  const hasNan = lax.reduceOr(lax.ne(a, a), [last]);
  let out: Array;
  if (n === 0) {
    out = lax.broadcastInDim(convertTo(NaN, { dtype: a.dtype, weakType: false }), keptShape, []);
  } else {
    const sorted = lax.sort([a], { dimension: last, numKeys: 1 })[0]!;
    const pick = (k: number): Array => lax.reshape(lax.sliceInDim(sorted, k, k + 1, 1, last), keptShape);
    const lo = pick(Math.floor((n - 1) / 2));
    const hi = pick(Math.ceil((n - 1) / 2));
    out = lax.mul(lax.add(lo, hi), 0.5);
    out = lax.select(hasNan, lax.broadcastInDim(convertTo(NaN, { dtype: a.dtype, weakType: false }), keptShape, []), out);
  }
  if (!keepdims) return out;
  return lax.reshape(out, keptDimsShape(ndim, dims, keptShape));
}

function keptDimsShape(ndim: number, dims: readonly number[], keptShape: readonly number[]): number[] {
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < ndim; i++) shape.push(dims.includes(i) ? 1 : keptShape[k++]!);
  return shape;
}
