// jax.numpy's array manipulation and indexing helpers that are built from other numpy/lax
// functions: asarray, copy, emptyLike, take, takeAlongAxis, putAlongAxis, tri/tril/triu and their
// index helpers, diagIndices, append, insert, delete, select, piecewise, diff, ediff1d, block,
// applyAlongAxis, vectorize, unravelIndex, ravelMultiIndex.
//
// Everything goes through lax (gather and scatter via `at`, select, concatenate, vmap), so each
// function composes with jit, vmap and grad wherever JAX's does. Arguments JAX needs static (axes,
// `n`, slice objects, non-unique `delete` indices) are JS values here.
import type { DTypeLike } from "./dtypeLike.js";
import { isOptions, kwargs } from "./options.js";
import { canonicalizeAxis, isInteger, isUnsigned, shapeString } from "../../jaxpr/index.js";
import type { DType } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import type { ArrayLike, IndexItem } from "../core/array.js";
import { ConcretizationTypeError, IndexError, ValueError } from "../core/errors.js";
import * as lax from "../lax/index.js";
import { vmap } from "../vmap/api.js";
import { array } from "./creation.js";
import { fromValues } from "./fromValues.js";
import type { ArrayData } from "./creation.js";
import { at, getItem } from "./indexing.js";
import { asArray, broadcastShapes, broadcastShapesOrValueError, promoteArgs, resultType, strong } from "./promote.js";
import { argsort } from "./sorting.js";
import { nonzero } from "./setops.js";
import { isSliceString, parseSlice, sliceRange } from "./sliceUtil.js";

const full = (shape: readonly number[], v: ArrayLike, dtype: DType): Array => lax.broadcastInDim(strong(v, dtype), shape, []);
const ravel = (a: Array): Array => (a.ndim === 1 ? a : lax.reshape(a, [a.size]));
const colon = (n: number): IndexItem[] => globalThis.Array.from({ length: n }, () => ":");

/** `f(x, axis?, opts?)` and `f(x, { axis, ...opts })` both accepted, through the shared keyword helper. */
function axisAndOptions<O extends { axis?: number | null }>(name: string, axis: number | null | undefined | O, opts: O | undefined, dflt: number | null): [number | null, O] {
  const o = kwargs<O>(name, ["axis"], [axis, opts]);
  return [o.axis === undefined ? dflt : o.axis, o];
}

/** An integer index array from a JS number, JS list or Array (JS integers become int32). */
function indexArray(obj: ArrayLike | readonly (number | boolean)[], name: string): Array {
  if (globalThis.Array.isArray(obj)) {
    const list = obj as readonly (number | boolean)[];
    if (list.length > 0 && list.every((v) => typeof v === "boolean")) return array(list as boolean[]);
    if (!list.every((v) => typeof v === "number" && Number.isInteger(v))) throw new ValueError(`${name}: index array must be integer typed; got [${list.join(", ")}]`);
    return fromValues(list as number[], [list.length], "int32");
  }
  if (typeof obj === "number" && Number.isInteger(obj)) return strong(obj, "int32");
  return asArray(obj as ArrayLike);
}

// ---------------------------------------------------------------------------------------------
// asarray / copy / emptyLike

/**
 * `jnp.asarray`: an Array from array-like data (an existing Array is returned as is, converted
 * when `dtype` differs). Works on traced values.
 *
 * @example
 * ```ts
 * np.asarray([1, 2, 3], { dtype: "int32" }); // Array([1, 2, 3], dtype=int32)
 * ```
 */
export function asarray(
  a: ArrayData,
  dtype?: DTypeLike | null | AsarrayOptions,
  order?: string | null | AsarrayOptions,
  opts?: AsarrayOptions,
): Array {
  const o = kwargs<{ dtype?: DType; order?: string | null; copy?: boolean | null }>("asarray", ["dtype", "order"], [dtype, order, opts]);
  return array(a, o.dtype === undefined ? {} : { dtype: o.dtype });
}

/** `jnp.asarray`'s keywords. */
export interface AsarrayOptions {
  /** The result dtype; omitted or null: inferred from the data (JAX's defaults: float32, int32, bool). */
  dtype?: DTypeLike | null;
  /** NumPy's memory order; accepted and ignored (dprog arrays are row-major). */
  order?: string | null;
  /** NumPy's copy flag; accepted and ignored (arrays are immutable, so sharing is unobservable). */
  copy?: boolean | null;
}

/**
 * `jnp.copy`: an array with the same values (arrays are immutable, so this is `asarray`).
 *
 * @example
 * ```ts
 * np.copy(np.array([1, 2])); // Array([1., 2.], dtype=float32)
 * ```
 */
export function copy(a: ArrayData, opts: { order?: string | null } = {}): Array {
  void opts;
  return asarray(a);
}

/**
 * `jnp.empty_like`: an array shaped like `prototype` (or `shape`); its values are zeros, as in JAX.
 *
 * @example
 * ```ts
 * np.emptyLike(np.ones([2, 3]), { dtype: "int32" }).shape; // [2, 3]
 * ```
 */
export function emptyLike(
  prototype: ArrayLike,
  dtype?: DTypeLike | null | { dtype?: DTypeLike | null; shape?: number | readonly number[] | null },
  shapeArg?: number | readonly number[] | null | { dtype?: DTypeLike | null; shape?: number | readonly number[] | null },
  options?: { dtype?: DTypeLike | null; shape?: number | readonly number[] | null },
): Array {
  const opts = kwargs<{ dtype?: DType; shape?: number | readonly number[] | null }>("empty_like", ["dtype", "shape"], [dtype, shapeArg, options]);
  const p = asArray(prototype);
  const shape = opts.shape === undefined || opts.shape === null ? p.shape : typeof opts.shape === "number" ? [opts.shape] : opts.shape;
  return full(shape, 0, opts.dtype ?? p.dtype);
}

// ---------------------------------------------------------------------------------------------
// take / takeAlongAxis / putAlongAxis

/** Out-of-bounds modes of take and takeAlongAxis. */
export type TakeMode = "fill" | "clip" | "wrap" | "promise_in_bounds";

/** Options of `np.take`. */
export interface TakeOptions {
  /** The axis to index (null, the default, flattens `a` first). */
  axis?: number | null;
  /** Out-of-bounds handling: "fill" (default: NaN for floats, the minimum for signed ints, true for bool), "clip", "wrap". */
  mode?: TakeMode | null;
  /** The value of out-of-bounds entries in "fill" mode. */
  fillValue?: number | null;
  /** JAX's hint that the indices are unique; accepted, results do not depend on it. */
  uniqueIndices?: boolean;
  /** JAX's hint that the indices are sorted; accepted, results do not depend on it. */
  indicesAreSorted?: boolean;
}

/**
 * Takes elements of `a` along `axis` at integer `indices` (any shape); the result's shape is
 * `a.shape[:axis] + indices.shape + a.shape[axis+1:]`. Negative indices wrap once; out-of-bounds
 * indices give `fillValue` by default (JAX's mode "fill").
 *
 * @example
 * ```ts
 * np.take(np.array([4, 3, 5, 7]), np.array([0, 1, 4], { dtype: "int32" })); // Array([4., 3., nan])
 * const m = np.array([[1, 2, 3], [4, 5, 6]]);
 * const idx = np.array([2, 0], { dtype: "int32" });
 * np.take(m, idx, 1); // Array([[3., 1.], [6., 4.]], dtype=float32)
 * np.take(m, np.array([5], { dtype: "int32" }), { axis: 1, mode: "clip" }); // Array([[3.], [6.]], dtype=float32)
 * ```
 */
export function take(a: ArrayLike, indices: ArrayLike | readonly number[], axis?: number | null | TakeOptions, opts?: TakeOptions): Array {
  const [ax, o] = axisAndOptions("take", axis, opts, null);
  let arr = asArray(a);
  let idx = indexArray(indices, "take");
  if (!isInteger(idx.dtype)) throw new TypeError(`take: indices must be of integer type, got ${idx.dtype}`);
  if (ax === null) arr = ravel(arr);
  const d = ax === null ? 0 : canonicalizeAxis(ax, arr.ndim);
  const n = arr.shape[d]!;
  const mode = o.mode ?? "fill";
  if (n === 0) {
    if (idx.size !== 0) throw new IndexError("Cannot do a non-empty np.take() from an empty axis.");
    return arr;
  }
  let getMode: "fill" | "clip" | "promise_in_bounds";
  if (mode === "fill") getMode = "fill";
  else if (mode === "clip") getMode = "clip";
  else if (mode === "wrap") {
    idx = strong(idx, "int32");
    const m = lax.rem(idx, strong(n, "int32"));
    idx = lax.select(lax.lt(m, strong(0, "int32")), lax.add(m, strong(n, "int32")), m);
    getMode = "promise_in_bounds";
  } else if (mode === "promise_in_bounds") getMode = "promise_in_bounds";
  else throw new ValueError(`Invalid mode '${String(mode)}' for np.take`);
  const item: IndexItem[] = [...colon(d), idx];
  return at(arr, item).get(o.fillValue === undefined || o.fillValue === null ? { mode: getMode } : { mode: getMode, fillValue: o.fillValue });
}

/** Options of `np.takeAlongAxis`. */
export interface TakeAlongAxisOptions {
  /** The axis to take along; null: the flattened array (as NumPy's axis=None). */
  axis?: number | null;
  /** Out-of-bounds handling, as `take` ("fill" by default). */
  mode?: "fill" | "clip" | "promise_in_bounds" | null;
  /** The value of out-of-bounds entries in "fill" mode. */
  fillValue?: number | null;
}

/** Index tuple selecting `indices` along `axis` and the matching position on every other axis. */
function alongAxisIndex(arrShape: readonly number[], idxShape: readonly number[], indices: Array, axis: number, broadcastArr: boolean): IndexItem[] {
  const rank = arrShape.length;
  return arrShape.map((n, i) => {
    if (i === axis) return indices;
    const len = broadcastArr && n === 1 ? 1 : n;
    const shape = arrShape.map(() => 1);
    shape[i] = len;
    if (broadcastArr && n === 1 && idxShape[i] !== 1) return fromValues(new Int32Array(1), shape.slice(0, rank), "int32");
    return lax.reshape(lax.iota("int32", len), shape);
  });
}

/**
 * `np.takeAlongAxis` (jnp.take_along_axis): takes values from `arr` at `indices` along `axis` (numpy's take_along_axis, e.g. with the output
 * of argsort): `arr` and `indices` have the same rank and broadcast on the other axes. Negative
 * indices wrap; out-of-bounds ones give NaN (mode "fill") by default. `axis: null` flattens `arr`.
 *
 * @example
 * ```ts
 * const x = np.array([[10, 30, 20], [60, 40, 50]]);
 * np.takeAlongAxis(x, np.argsort(x, 1), 1); // Array([[10, 20, 30], [40, 50, 60]])
 * ```
 */
export function takeAlongAxis(arr: ArrayLike, indices: ArrayLike, axis?: number | null | TakeAlongAxisOptions, opts?: TakeAlongAxisOptions): Array {
  const [ax, o] = axisAndOptions("take_along_axis", axis, opts, -1);
  let a = asArray(arr);
  const idx = asArray(indices);
  if (!isInteger(idx.dtype)) throw new TypeError(`take_along_axis indices must be of integer type, got ${idx.dtype}`);
  if (ax === null) {
    if (idx.ndim !== 1) throw new ValueError(`take_along_axis indices must be 1D if axis=None, got shape ${shapeString(idx.shape)}`);
    a = ravel(a);
  }
  if (a.ndim !== idx.ndim) throw new ValueError(`indices and arr must have the same number of dimensions; ${idx.ndim} vs. ${a.ndim}`);
  const d = ax === null ? 0 : canonicalizeAxis(ax, a.ndim);
  const arrShape = a.shape.map((n, i) => (i === d ? 1 : n));
  const outShape = broadcastShapes("take_along_axis", idx.shape, arrShape);
  if (a.shape[d] === 0) return full(outShape, 0, a.dtype);
  const mode = o.mode ?? "fill";
  const item = alongAxisIndex(a.shape, idx.shape, idx, d, true);
  return at(a, item).get(o.fillValue === undefined || o.fillValue === null ? { mode } : { mode, fillValue: o.fillValue });
}

/**
 * Writes `values` into a copy of `arr` at `indices` along `axis` (numpy's put_along_axis). As in
 * JAX, arrays are immutable: `inplace: false` must be passed, and the updated array is returned.
 * Out-of-bounds indices are dropped.
 *
 * @example
 * ```ts
 * const x = np.array([[10, 30, 20], [60, 40, 50]]);
 * np.putAlongAxis(x, np.argmax(x, 1, true), 0, 1, { inplace: false }); // [[10, 0, 20], [0, 40, 50]]
 * ```
 */
export function putAlongAxis(arr: ArrayLike, indices: ArrayLike, values: ArrayLike, axis: number | null, opts: { inplace?: boolean; mode?: "fill" | "clip" | "promise_in_bounds" | null } = {}): Array {
  if (opts.inplace ?? true) {
    throw new ValueError("np.putAlongAxis cannot modify arrays in-place, because JAX arrays are immutable. Pass { inplace: false } to instead return an updated array.");
  }
  let a = asArray(arr);
  const idx = asArray(indices);
  const originalShape = a.shape;
  if (axis === null) a = ravel(a);
  if (a.ndim !== idx.ndim) throw new ValueError(`put_along_axis arguments 'arr' and 'indices' must have same ndim. Got arr.ndim=${a.ndim} and indices.ndim=${idx.ndim}.`);
  const v = asArray(values);
  if (broadcastShapesOrNull(v.shape, idx.shape)?.join() !== idx.shape.join()) {
    throw new ValueError(`put_along_axis argument 'values' must be broadcastable to 'indices'. Got values.shape=${shapeString(v.shape)} and indices.shape=${shapeString(idx.shape)}.`);
  }
  const d = axis === null ? 0 : canonicalizeAxis(axis, a.ndim);
  let index = idx;
  if (opts.mode === "clip") {
    const n = strong(a.shape[d]!, idx.dtype);
    index = lax.clamp(strong(0, idx.dtype), lax.select(lax.lt(idx, strong(0, idx.dtype)), lax.add(idx, n), idx), lax.sub(n, strong(1, idx.dtype)));
  }
  const out = at(a, alongAxisIndex(a.shape, idx.shape, index, d, false)).set(v);
  return axis === null ? lax.reshape(out, originalShape) : out;
}

function broadcastShapesOrNull(a: readonly number[], b: readonly number[]): number[] | null {
  try {
    return broadcastShapes("broadcast", a, b);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// tri / tril / triu and index helpers

/**
 * `np.tri` (jnp.tri): an `n x m` array with ones at and below the `k`-th diagonal (`j <= i + k`), zeros elsewhere.
 *
 * @example
 * ```ts
 * np.tri(3, 3, -1); // [[0, 0, 0], [1, 0, 0], [1, 1, 0]]
 * ```
 */
export function tri(n: number, m?: number | null | TriOptions, k?: number | TriOptions, dtype?: DTypeLike | null | TriOptions, opts?: TriOptions): Array {
  const { M, k: kk, dtype: d } = kwargs<{ M?: number | null; k?: number; dtype?: DType }>("tri", ["M", "k", "dtype"], [m, k, dtype, opts]);
  return triImpl(n, M ?? null, kk ?? 0, d === undefined ? {} : { dtype: d });
}

/** `jnp.tri`'s keywords. */
export interface TriOptions {
  /** Number of columns; omitted or null: N (square). */
  M?: number | null;
  /** The diagonal at and below which ones are placed: 0 the main one, positive above, negative below. */
  k?: number;
  /** The result dtype (default float32). */
  dtype?: DTypeLike | null;
}

function triImpl(n: number, m: number | null = null, k = 0, opts: { dtype?: DType } = {}): Array {
  const cols = m ?? n;
  const mask = lax.ge(lax.add(lax.broadcastedIota("int32", [n, cols], 0), strong(k, "int32")), lax.broadcastedIota("int32", [n, cols], 1));
  return lax.convertElementType(mask, opts.dtype ?? "float32");
}

function triMask(name: string, m: Array, k: number): Array {
  if (m.ndim < 2) throw new ValueError(`Argument to np.${name} must be at least 2D`);
  if (!Number.isInteger(k)) throw new TypeError(`${name}: k must be a JS integer, got ${k}.`);
  const [n, c] = m.shape.slice(-2) as [number, number];
  const mask = lax.ge(lax.add(lax.broadcastedIota("int32", [n, c], 0), strong(k, "int32")), lax.broadcastedIota("int32", [n, c], 1));
  return lax.broadcastInDim(mask, m.shape, [m.ndim - 2, m.ndim - 1]);
}

/**
 * `np.tril` (jnp.tril): the lower triangle of `m` (the last two axes): elements above the `k`-th diagonal set to zero.
 *
 * @example
 * ```ts
 * np.tril(np.ones([3, 3])); // [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
 * ```
 */
export function tril(m: ArrayLike, k?: number | { k?: number }, opts?: { k?: number }): Array {
  return trilImpl(m, kwargs<{ k?: number }>("tril", ["k"], [k, opts]).k ?? 0);
}

function trilImpl(m: ArrayLike, k = 0): Array {
  const a = asArray(m);
  return lax.select(triMask("tril", a, k), a, full(a.shape, 0, a.dtype));
}

/**
 * `np.triu` (jnp.triu): the upper triangle of `m` (the last two axes): elements below the `k`-th diagonal set to zero.
 *
 * @example
 * ```ts
 * np.triu(np.ones([3, 3]), 1); // [[0, 1, 1], [0, 0, 1], [0, 0, 0]]
 * ```
 */
export function triu(m: ArrayLike, k?: number | { k?: number }, opts?: { k?: number }): Array {
  return triuImpl(m, kwargs<{ k?: number }>("triu", ["k"], [k, opts]).k ?? 0);
}

function triuImpl(m: ArrayLike, k = 0): Array {
  const a = asArray(m);
  return lax.select(triMask("triu", a, k - 1), full(a.shape, 0, a.dtype), a);
}

function triIndices(n: number, k: number, m: number | null, lower: boolean): [Array, Array] {
  for (const [v, w] of [[n, "n"], [k, "k"], [m ?? 0, "m"]] as const) {
    if (!Number.isInteger(v)) throw new TypeError(`${lower ? "tril" : "triu"}_indices: ${w} must be a JS integer, got ${v}.`);
  }
  const cols = m ?? n;
  const rows: number[] = [];
  const cs: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < cols; j++) {
      if (lower ? j - i <= k : j - i >= k) {
        rows.push(i);
        cs.push(j);
      }
    }
  }
  return [fromValues(rows, [rows.length], "int32"), fromValues(cs, [cs.length], "int32")];
}

/**
 * `np.trilIndices` (jnp.tril_indices): row and column indices of the lower triangle of an `n x m` array (at and below diagonal `k`).
 *
 * @example
 * ```ts
 * np.trilIndices(3); // [Array([0, 1, 1, 2, 2, 2]), Array([0, 0, 1, 0, 1, 2])]
 * ```
 */
export function trilIndices(n: number, k = 0, m: number | null = null): [Array, Array] {
  return triIndices(n, k, m, true);
}

/**
 * `np.triuIndices` (jnp.triu_indices): row and column indices of the upper triangle of an `n x m` array (at and above diagonal `k`).
 *
 * @example
 * ```ts
 * np.triuIndices(3, 1); // [Array([0, 0, 1]), Array([1, 2, 2])]
 * ```
 */
export function triuIndices(n: number, k = 0, m: number | null = null): [Array, Array] {
  return triIndices(n, k, m, false);
}

function lastTwo(name: string, arr: ArrayLike): [number, number] {
  const a = asArray(arr);
  if (a.ndim !== 2) throw new ValueError(`${name} requires a 2-dimensional input, got shape ${shapeString(a.shape)}`);
  return [a.shape[0]!, a.shape[1]!];
}

/**
 * `np.trilIndicesFrom` (jnp.tril_indices_from): `trilIndices` for the shape of the 2-D array `arr`.
 *
 * @example
 * ```ts
 * np.trilIndicesFrom(np.ones([2, 3])); // [Array([0, 1, 1]), Array([0, 0, 1])]
 * ```
 */
export function trilIndicesFrom(arr: ArrayLike, k = 0): [Array, Array] {
  const [n, m] = lastTwo("tril_indices_from", arr);
  return triIndices(n, k, m, true);
}

/**
 * `np.triuIndicesFrom` (jnp.triu_indices_from): `triuIndices` for the shape of the 2-D array `arr`.
 *
 * @example
 * ```ts
 * np.triuIndicesFrom(np.ones([2, 3])); // [Array([0, 0, 0, 1, 1]), Array([0, 1, 2, 1, 2])]
 * ```
 */
export function triuIndicesFrom(arr: ArrayLike, k = 0): [Array, Array] {
  const [n, m] = lastTwo("triu_indices_from", arr);
  return triIndices(n, k, m, false);
}

/**
 * `np.diagIndices` (jnp.diag_indices): indices of the main diagonal of an `n`-sized, `ndim`-dimensional array: `ndim` copies of `arange(n)`.
 *
 * @example
 * ```ts
 * const [i, j] = np.diagIndices(3);
 * np.zeros([3, 3]).at(i, j).set(1); // the identity
 * ```
 */
export function diagIndices(n: number, ndim = 2): Array[] {
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`n argument to diag_indices must be nonnegative, got ${n}`);
  if (!Number.isInteger(ndim) || ndim < 0) throw new ValueError(`ndim argument to diag_indices must be nonnegative, got ${ndim}`);
  return globalThis.Array.from({ length: ndim }, () => lax.iota("int32", n));
}

/**
 * `np.diagIndicesFrom` (jnp.diag_indices_from): `diagIndices` for an array whose axes all have the same length.
 *
 * @example
 * ```ts
 * np.diagIndicesFrom(np.ones([2, 2])); // [Array([0, 1]), Array([0, 1])]
 * ```
 */
export function diagIndicesFrom(arr: ArrayLike): Array[] {
  const a = asArray(arr);
  if (a.ndim < 2) throw new ValueError("input array must be at least 2-d");
  if (a.shape.some((d) => d !== a.shape[0])) throw new ValueError("All dimensions of input must be of equal length");
  return diagIndices(a.shape[0]!, a.ndim);
}

// ---------------------------------------------------------------------------------------------
// append / insert / delete

/**
 * `np.append` (jnp.append): appends `values` to `arr` along `axis`; with `axis` null (the default) both are flattened.
 *
 * @example
 * ```ts
 * np.append(np.array([1, 2]), np.array([[3, 4]])); // Array([1., 2., 3., 4.])
 * ```
 */
export function append(arr: ArrayLike, values: ArrayLike, axis: number | null | { axis?: number | null } = null): Array {
  const ax = isOptions(axis) ? (axis.axis ?? null) : axis;
  const [a, v] = promoteArgs("append", [arr, values]) as [Array, Array];
  if (ax === null) return lax.concatenate([ravel(a), ravel(v)], 0);
  const d = canonicalizeAxis(ax, a.ndim);
  if (a.ndim !== v.ndim) throw new ValueError(`all the input arrays must have same number of dimensions, but the array at index 0 has ${a.ndim} dimension(s) and the array at index 1 has ${v.ndim} dimension(s)`);
  return lax.concatenate([a, v], d);
}

/** An index object of insert/delete: an integer, a slice string ("1:3"), or integer (or bool) indices. */
export type IndexObject = number | string | Array | readonly number[] | readonly boolean[];

/**
 * `np.insert` (jnp.insert): inserts `values` before the given indices along `axis` (flattening `arr` when `axis` is null).
 * `obj` is an integer, a slice string such as "1:3", or a 1-D integer array (which may be traced).
 *
 * @example
 * ```ts
 * np.insert(np.array([1, 2, 3]), 1, 9); // Array([1., 9., 2., 3.])
 * np.insert(np.array([[1, 2], [3, 4]]), 1, 0, 1); // [[1, 0, 2], [3, 0, 4]]
 * ```
 */
export function insert(arr: ArrayLike, obj: IndexObject, values: ArrayLike, axis: number | null = null): Array {
  let a = asArray(arr);
  if (axis === null) a = ravel(a);
  const d = canonicalizeAxis(axis ?? 0, a.ndim);
  let indices: Array;
  if (isSliceString(obj)) {
    const r = sliceRange(parseSlice(obj), a.shape[d]!);
    indices = fromValues(r, [r.length], "int32");
  } else if (typeof obj === "string") {
    throw new ValueError(`np.insert(): obj must be a slice, a one-dimensional array, or a scalar; got ${JSON.stringify(obj)}`);
  } else {
    indices = globalThis.Array.isArray(obj) && obj.length === 0 ? fromValues([], [0], "int32") : indexArray(obj as ArrayLike | readonly number[], "np.insert()");
  }
  if (indices.ndim > 1) throw new ValueError(`np.insert(): obj must be a slice, a one-dimensional array, or a scalar; got shape ${shapeString(indices.shape)}`);
  if (!isInteger(indices.dtype)) throw new ValueError(`np.insert(): index array must be integer typed; got ${indices.dtype}`);
  indices = strong(indices, "int32");
  // values: a's dtype, at least a's rank (leading 1s).
  let v = strong(values, a.dtype);
  if (v.ndim < a.ndim) v = lax.reshape(v, [...globalThis.Array.from({ length: a.ndim - v.ndim }, () => 1), ...v.shape]);
  if (indices.size === 1) {
    const index = lax.reshape(indices, []);
    if (indices.ndim === 0) {
      // A scalar index inserts values' leading axis as one slice along `axis`.
      const perm = v.shape.map((_, i) => i).slice(1);
      perm.splice(d, 0, 0);
      v = lax.transpose(v, perm);
    }
    indices = lax.broadcastInDim(index, [v.shape[d]!], []);
  }
  const nInput = a.shape[d]!;
  const nInsert = broadcastShapes("insert", indices.shape, [v.shape[d]!])[0]!;
  const outShape = [...a.shape];
  outShape[d]! += nInsert;
  const vShape = [...outShape];
  vShape[d] = nInsert;
  const vb = lax.broadcastInDim(v, vShape, v.shape.map((_, i) => i + vShape.length - v.ndim));
  let idx = lax.select(lax.lt(indices, strong(0, "int32")), lax.add(indices, strong(nInput, "int32")), indices);
  idx = lax.clamp(strong(0, "int32"), idx, strong(nInput, "int32"));
  if (idx.shape[0] !== nInsert) idx = lax.broadcastInDim(idx, [nInsert], idx.ndim ? [0] : []);
  const valuesInd = at(idx, [argsort(idx)]).add(lax.iota("int32", nInsert));
  const arrMask = at(full([nInput + nInsert], true, "bool"), [valuesInd]).set(false);
  const arrInd = nonzero(arrMask, { size: nInput })[0]!;
  let out = full(outShape, 0, a.dtype);
  out = at(out, [...colon(d), valuesInd]).set(vb);
  out = at(out, [...colon(d), arrInd]).set(a);
  return out;
}

/**
 * Removes the entries at `obj` along `axis` (flattening `arr` when `axis` is null). `obj` is an
 * integer, a slice string ("::2"), integer indices or a boolean mask. Integer indices must be
 * concrete unless `assumeUniqueIndices: true`, which also works on traced indices (as in JAX).
 *
 * @example
 * ```ts
 * np.delete(np.array([1, 2, 3, 4]), 1); // Array([1., 3., 4.])
 * np.delete(np.array([1, 2, 3, 4]), "::2"); // Array([2., 4.])
 * ```
 */
function deleteItems(arr: ArrayLike, obj: IndexObject, axis: number | null = null, opts: { assumeUniqueIndices?: boolean } = {}): Array {
  let a = asArray(arr);
  if (axis === null) a = ravel(a);
  const d = canonicalizeAxis(axis ?? 0, a.ndim);
  const n = a.shape[d]!;
  if (typeof obj === "number") {
    if (!Number.isInteger(obj)) throw new TypeError(`np.delete(arr, obj): obj must be an integer, got ${obj}`);
    const i = canonicalizeAxis(obj, n);
    return lax.concatenate([lax.sliceInDim(a, 0, i, 1, d), lax.sliceInDim(a, i + 1, n, 1, d)], d);
  }
  let assumeUnique = opts.assumeUniqueIndices ?? false;
  let o: Array;
  if (typeof obj === "string") {
    if (!isSliceString(obj)) throw new ValueError(`np.delete(arr, obj): obj must be an integer, a slice string or an index array; got ${JSON.stringify(obj)}`);
    const r = sliceRange(parseSlice(obj), n);
    o = fromValues(r, [r.length], "int32");
    assumeUnique = true;
  } else {
    o = globalThis.Array.isArray(obj) && obj.length === 0 ? fromValues([], [0], "int32") : indexArray(obj as ArrayLike | readonly number[], "np.delete()");
  }
  if (isInteger(o.dtype) && assumeUnique) {
    let oi = ravel(strong(o, "int32"));
    oi = lax.select(lax.lt(oi, strong(0, "int32")), lax.add(oi, strong(n, "int32")), oi);
    oi = lax.clamp(strong(0, "int32"), oi, strong(n, "int32"));
    const k = oi.size;
    oi = lax.sub(lax.sort([oi], { dimension: 0, numKeys: 1 })[0]!, lax.iota("int32", k));
    const m = n - k;
    let i = lax.iota("int32", m);
    if (k > 0 && m > 0) {
      const ge = lax.ge(lax.broadcastInDim(i, [k, m], [1]), lax.broadcastInDim(oi, [k, m], [0]));
      i = lax.add(i, lax.reduceSum(lax.convertElementType(ge, "int32"), [0]));
    }
    return getItem(a, [...colon(d), i]);
  }
  const c = o.concreteValue();
  if (c === null) {
    throw new ConcretizationTypeError(`traced array with shape ${o.aval.str()}`, "The error arose for the 'obj' array argument of np.delete(). Pass concrete indices, or { assumeUniqueIndices: true }.");
  }
  let mask: boolean[];
  if (isInteger(c.dtype)) {
    mask = new globalThis.Array<boolean>(n).fill(true);
    for (const v of c.dataSync()) {
      if (v < -n || v >= n) throw new IndexError(`index ${v} is out of bounds for axis ${d} with size ${n}`);
      mask[v < 0 ? v + n : v] = false;
    }
  } else if (c.dtype === "bool") {
    if (c.ndim !== 1 || c.shape[0] !== n) throw new ValueError("np.delete(arr, obj): for boolean indices, obj must be one-dimensional with length matching specified axis.");
    mask = [...c.dataSync()].map((v) => v === 0);
  } else {
    throw new ValueError(`np.delete(arr, obj): got obj.dtype=${c.dtype}; must be integer or bool.`);
  }
  const keep = mask.flatMap((m, i) => (m ? [i] : []));
  return getItem(a, [...colon(d), fromValues(keep, [keep.length], "int32")]);
}
export { deleteItems as delete };

// ---------------------------------------------------------------------------------------------
// select / piecewise

/**
 * Chooses, elementwise, from `choicelist` by the first true condition in `condlist` (`default`
 * where none is true). Inputs broadcast together; dtypes promote as in JAX.
 *
 * @example
 * ```ts
 * const x = np.arange(6);
 * np.select([x.less(3), x.greater(4)], [x, x.mul(x)], 42); // Array([0, 1, 2, 42, 42, 25])
 * ```
 */
export function select(condlist: readonly ArrayLike[], choicelist: readonly ArrayLike[], defaultValue: ArrayLike = 0): Array {
  if (condlist.length !== choicelist.length) throw new ValueError(`condlist must have length equal to choicelist (${condlist.length} vs ${choicelist.length})`);
  if (condlist.length === 0) throw new ValueError("condlist must be non-empty");
  const conds = condlist.map((c) => {
    const a = asArray(c);
    return a.dtype === "bool" ? a : lax.ne(a, strong(0, a.dtype));
  });
  const choices = promoteArgs("select", [defaultValue, ...choicelist]);
  const shape = broadcastShapesOrValueError(...conds.map((c) => c.shape), ...choices.map((c) => c.shape));
  const b = (x: Array): Array => lax.broadcastInDim(x, shape, x.shape.map((_, i) => i + shape.length - x.ndim));
  let out = b(choices[0]!);
  for (let i = conds.length - 1; i >= 0; i--) out = lax.select(b(conds[i]!), b(choices[i + 1]!), out);
  return out;
}

/** One entry of piecewise's funclist: a function of (x, ...args) or a constant. */
export type PiecewiseFunction = ArrayLike | ((x: Array, ...args: never[]) => ArrayLike);

/**
 * Evaluates a piecewise-defined function: where `condlist[i]` holds, `funclist[i]` (a function
 * of the element, or a constant). Later conditions win where several hold. With one more function
 * than conditions, the last is the default (otherwise 0). The result has `x`'s dtype. Functions
 * are applied elementwise (vectorized with vmap, as JAX does), so they see scalars.
 *
 * @example
 * ```ts
 * const x = np.linspace(-2, 2, 5);
 * np.piecewise(x, [x.less(0), x.greaterEqual(0)], [(v) => v.neg(), (v) => v.mul(v)]); // [2, 1, 0, 1, 4]
 * ```
 */
export function piecewise(x: ArrayLike, condlist: Array | readonly ArrayLike[], funclist: readonly PiecewiseFunction[], ...args: unknown[]): Array {
  const xa = asArray(x);
  const conds: Array[] = condlist instanceof Array ? (condlist.ndim === xa.ndim ? [condlist] : globalThis.Array.from({ length: condlist.shape[0]! }, (_, i) => getItem(condlist, [i]))) : condlist.map(asArray);
  const nc = conds.length;
  const nf = funclist.length;
  let funcs: PiecewiseFunction[];
  if (nf === nc + 1) funcs = [funclist[nf - 1]!, ...funclist.slice(0, nf - 1)];
  else if (nf === nc) funcs = [0, ...funclist];
  else throw new ValueError(`with ${nc} condition(s), either ${nc} or ${nc + 1} functions are expected; got ${nf}`);
  const dtype = xa.dtype;
  const shape = broadcastShapesOrValueError(xa.shape, ...conds.map((c) => c.shape));
  // index = 1 + the last true condition (0 where none): argmax of the running count.
  const stacked = lax.concatenate(
    [full([1, ...shape], 0, "int32"), ...conds.map((c) => lax.broadcastInDim(lax.convertElementType(c.dtype === "bool" ? c : lax.ne(c, strong(0, c.dtype)), "int32"), [1, ...shape], c.shape.map((_, i) => i + 1 + shape.length - c.ndim)))],
    0,
  );
  const index = lax.argmax(lax.cumsum(stacked, 0), 0, "int32");
  const branches = funcs.map((f) => (v: Array): Array => (typeof f === "function" ? strong((f as (x: Array, ...a: unknown[]) => ArrayLike)(v, ...args), dtype) : strong(f, dtype)));
  const xb = lax.broadcastInDim(xa, shape, xa.shape.map((_, i) => i + shape.length - xa.ndim));
  return vectorize((i: Array, v: Array): Array => lax.switch(i, branches, v) as Array)(index, xb);
}

// ---------------------------------------------------------------------------------------------
// diff / ediff1d

/** Options of `np.diff`. */
export interface DiffOptions {
  /** The number of times to difference (static, default 1). */
  n?: number;
  /** The axis (default -1). */
  axis?: number;
  /** Values prepended along `axis` before differencing (a scalar is broadcast to one slice). */
  prepend?: ArrayLike | null;
  /** Values appended along `axis` before differencing. */
  append?: ArrayLike | null;
}

/**
 * `np.diff` (jnp.diff): the `n`-th discrete difference along `axis`: `out[i] = a[i+1] - a[i]`, applied `n` times
 * (`notEqual` for bool arrays). Differentiable.
 *
 * @example
 * ```ts
 * np.diff(np.array([1, 2, 4, 7, 0]));           // Array([1., 2., 3., -7.])
 * const x = np.array([[1, 3], [4, 9]]);
 * np.diff(x, { n: 1, axis: 0, prepend: 0 }); // Array([[1., 3.], [3., 6.]], dtype=float32)
 * np.diff(x, 1, 0); // Array([[3., 6.]], dtype=float32)
 * ```
 */
export function diff(a: ArrayLike, n?: number | DiffOptions, axis?: number, opts: DiffOptions = {}): Array {
  const o: DiffOptions = isOptions(n) ? (n as DiffOptions) : { ...opts, ...(n === undefined ? {} : { n: n as number }), ...(axis === undefined ? {} : { axis }) };
  let arr = asArray(a);
  const order = o.n ?? 1;
  if (!Number.isInteger(order)) throw new TypeError(`'n' argument of np.diff must be a JS integer, got ${order}`);
  if (order === 0) return arr;
  if (order < 0) throw new ValueError(`order must be non-negative but got ${order}`);
  if (arr.ndim === 0) throw new ValueError(`diff requires input that is at least one dimensional; got ${arr.toString()}`);
  const d = canonicalizeAxis(o.axis ?? -1, arr.ndim);
  const edge = (v: ArrayLike): Array => {
    const e = asArray(v);
    if (e.ndim !== 0) return e;
    const shape = [...arr.shape];
    shape[d] = 1;
    return lax.broadcastInDim(e, shape, []);
  };
  const parts: Array[] = [];
  if (o.prepend !== undefined && o.prepend !== null) parts.push(edge(o.prepend));
  parts.push(arr);
  if (o.append !== undefined && o.append !== null) parts.push(edge(o.append));
  if (parts.length > 1) {
    const promoted = promoteArgs("diff", parts);
    for (const p of promoted) {
      if (p.ndim !== arr.ndim) throw new ValueError(`all the input arrays must have same number of dimensions, got shapes ${promoted.map((q) => shapeString(q.shape)).join(", ")}`);
    }
    arr = lax.concatenate(promoted, d);
  }
  for (let k = 0; k < order; k++) {
    const m = arr.shape[d]!;
    const hi = lax.sliceInDim(arr, Math.min(1, m), m, 1, d);
    const lo = lax.sliceInDim(arr, 0, Math.max(m - 1, 0), 1, d);
    arr = arr.dtype === "bool" ? lax.ne(hi, lo) : lax.sub(hi, lo);
  }
  return arr;
}

/**
 * `np.ediff1d` (jnp.ediff1d): differences between consecutive elements of the flattened array, with optional values added
 * before (`toBegin`) and after (`toEnd`), cast to the array's dtype.
 *
 * @example
 * ```ts
 * np.ediff1d(np.array([1, 2, 4, 7]), { toBegin: -99, toEnd: [88, 99] }); // [-99, 1, 2, 3, 88, 99]
 * ```
 */
export function ediff1d(ary: ArrayLike, opts: { toEnd?: ArrayLike | readonly number[] | null; toBegin?: ArrayLike | readonly number[] | null } = {}): Array {
  const arr = ravel(asArray(ary));
  const m = arr.shape[0]!;
  const parts = [lax.sub(lax.sliceInDim(arr, Math.min(1, m), m), lax.sliceInDim(arr, 0, Math.max(m - 1, 0)))];
  const asFlat = (v: ArrayLike | readonly number[]): Array => ravel(strong(globalThis.Array.isArray(v) ? fromValues(v as readonly number[], [v.length], "float64") : (v as ArrayLike), arr.dtype));
  if (opts.toBegin !== undefined && opts.toBegin !== null) parts.unshift(asFlat(opts.toBegin));
  if (opts.toEnd !== undefined && opts.toEnd !== null) parts.push(asFlat(opts.toEnd));
  return parts.length === 1 ? parts[0]! : lax.concatenate(parts, 0);
}

// ---------------------------------------------------------------------------------------------
// block

/** Nested lists of arrays for `np.block`. */
export type BlockInput = ArrayLike | readonly BlockInput[];

function atleastNd(x: Array, n: number): Array {
  return x.ndim >= n ? x : lax.reshape(x, [...globalThis.Array.from({ length: n - x.ndim }, () => 1), ...x.shape]);
}

function blockRec(xs: BlockInput): [Array, number] {
  if (!globalThis.Array.isArray(xs)) return [asArray(xs as ArrayLike), 1];
  const list = xs as readonly BlockInput[];
  if (list.length === 0) throw new ValueError("np.block does not allow empty list arguments");
  const parts = list.map(blockRec);
  const depth = parts[0]![1];
  if (parts.some(([, dd]) => dd !== depth)) throw new ValueError("Mismatched list depths in np.block");
  const rank = Math.max(depth, ...parts.map(([p]) => p.ndim));
  const promoted = promoteArgs("block", parts.map(([p]) => atleastNd(p, rank)));
  return [lax.concatenate(promoted, rank - depth), depth + 1];
}

/**
 * `np.block` (jnp.block): assembles an array from nested lists of blocks: the innermost lists are joined along the last
 * axis, the next level along the second-to-last, and so on (numpy's block).
 *
 * @example
 * ```ts
 * const I = np.eye(2), Z = np.zeros([2, 2]);
 * np.block([[I, Z], [Z, I]]).shape; // [4, 4]
 * ```
 */
export function block(arrays: BlockInput): Array {
  return blockRec(arrays)[0];
}

// ---------------------------------------------------------------------------------------------
// applyAlongAxis / vectorize

/**
 * Applies `func1d` to 1-D slices of `arr` along `axis` (vmapped over the other axes, as JAX does);
 * extra arguments are passed through. Output dimensions of `func1d` replace `axis`.
 *
 * @example
 * ```ts
 * np.applyAlongAxis((v) => v.sum(), 1, np.array([[1, 2], [3, 4]])); // Array([3., 7.])
 * ```
 */
export function applyAlongAxis(func1d: (x: Array, ...args: never[]) => Array, axis: number, arr: ArrayLike, ...args: unknown[]): Array {
  const a = asArray(arr);
  const nd = a.ndim;
  const d = canonicalizeAxis(axis, nd);
  let f = (x: Array): Array => (func1d as (x: Array, ...r: unknown[]) => Array)(x, ...args);
  for (let i = 1; i < nd - d; i++) f = vmap(f, { inAxes: i, outAxes: -1 });
  for (let i = 0; i < d; i++) f = vmap(f, { inAxes: 0, outAxes: 0 });
  return f(a);
}

/** Options of `np.vectorize`. */
export interface VectorizeOptions {
  /** Positional argument indices passed through unchanged (not broadcast or mapped). */
  excluded?: readonly number[];
  /** A generalized-ufunc signature such as "(n),(n)->()" naming each argument's core dimensions. */
  signature?: string | null;
}

const DIMS = /^\((\s*\w+\s*(,\s*\w+\s*)*)?\)$/;

function parseArgList(s: string, sig: string): string[][] {
  if (s.trim() === "") return [];
  const groups = s.match(/\([^()]*\)/g) ?? [];
  if (groups.join(",").replace(/\s/g, "") !== s.replace(/\s/g, "")) throw new ValueError(`not a valid gufunc signature: ${sig}`);
  return groups.map((g) => {
    if (!DIMS.test(g.trim())) throw new ValueError(`not a valid gufunc signature: ${sig}`);
    const inner = g.trim().slice(1, -1).trim();
    return inner === "" ? [] : inner.split(",").map((t) => t.trim());
  });
}

function parseSignature(sig: string): [string[][], string[][]] {
  const parts = sig.split("->");
  if (parts.length !== 2) throw new ValueError(`not a valid gufunc signature: ${sig}`);
  return [parseArgList(parts[0]!, sig), parseArgList(parts[1]!, sig)];
}

/**
 * numpy's vectorize as JAX defines it: returns a function that broadcasts its array arguments
 * against each other and maps `pyfunc` over the broadcast (loop) dimensions with vmap, so `pyfunc`
 * sees scalars, or, with a `signature`, arrays with the named core dimensions. Arguments listed
 * in `excluded` are passed through. Composes with jit, grad and vmap.
 *
 * @example
 * ```ts
 * const clipped = np.vectorize((a: Array, lo: Array) => np.where(a.less(lo), lo, a));
 * clipped(np.array([[1, 5], [3, 0]]), 2); // Array([[2, 5], [3, 2]])
 * const dot = np.vectorize((a: Array, b: Array) => np.dot(a, b), { signature: "(n),(n)->()" });
 * dot(np.ones([5, 3]), np.ones([3])).shape; // [5]
 * ```
 */
export function vectorize<R>(pyfunc: (...args: never[]) => R, opts: VectorizeOptions = {}): (...args: unknown[]) => R {
  const excluded = new Set(opts.excluded ?? []);
  const signature = opts.signature ?? null;
  const parsed = signature === null ? null : parseSignature(signature);
  return (...args: unknown[]): R => {
    const mappedPos = args.map((_, i) => i).filter((i) => !excluded.has(i));
    const arrays = mappedPos.map((i) => asArray(args[i] as ArrayLike));
    const coreDims: string[][] = parsed === null ? arrays.map(() => []) : parsed[0];
    if (coreDims.length !== arrays.length) {
      throw new TypeError(`wrong number of positional arguments: expected ${coreDims.length}, got ${arrays.length}`);
    }
    const sizes = new Map<string, number>();
    const loopShapes = arrays.map((a, k) => {
      const core = coreDims[k]!;
      if (a.ndim < core.length) throw new ValueError(`input with shape ${shapeString(a.shape)} does not have enough dimensions for its core dimensions (${core.join(", ")})`);
      core.forEach((name, j) => {
        const n = a.shape[a.ndim - core.length + j]!;
        const prev = sizes.get(name);
        if (prev !== undefined && prev !== n) throw new ValueError(`inconsistent size for core dimension ${JSON.stringify(name)}: ${prev} vs ${n}`);
        sizes.set(name, n);
      });
      return a.shape.slice(0, a.ndim - core.length);
    });
    const loop = loopShapes.length ? broadcastShapes("vectorize", ...loopShapes) : [];
    const full = arrays.map((a, k) => {
      const coreShape = a.shape.slice(a.ndim - coreDims[k]!.length);
      const target = [...loop, ...coreShape];
      return a.shape.length === target.length && a.shape.every((d, i) => d === target[i]) ? a : lax.broadcastInDim(a, target, a.shape.map((_, i) => i + target.length - a.ndim));
    });
    const call = (...mapped: Array[]): R => {
      const all = [...args];
      mappedPos.forEach((p, k) => {
        all[p] = mapped[k];
      });
      return (pyfunc as (...a: unknown[]) => R)(...all);
    };
    let f: (...mapped: Array[]) => R = call;
    for (let i = 0; i < loop.length; i++) f = vmap(f, { inAxes: 0, outAxes: 0 });
    return f(...full);
  };
}

// ---------------------------------------------------------------------------------------------
// unravelIndex / ravelMultiIndex

function intIndexArray(x: ArrayLike | readonly number[], name: string): Array {
  if (typeof x === "number") {
    if (!Number.isInteger(x)) throw new TypeError(`${name}: only int indices permitted, got ${x}`);
    return strong(x, "int32");
  }
  const a = globalThis.Array.isArray(x) ? indexArray(x as readonly number[], name) : asArray(x as ArrayLike);
  if (!isInteger(a.dtype)) throw new TypeError("only int indices permitted");
  return a;
}

/**
 * Converts flat indices into one index array per dimension of `shape` (C order). Out-of-range
 * indices are clamped as JAX does (too large: the last position; below -1: 0; -1 wraps to the last).
 *
 * @example
 * ```ts
 * np.unravelIndex(np.array([5, 7], { dtype: "int32" }), [3, 4]); // [Array([1, 1]), Array([1, 3])]
 * ```
 */
export function unravelIndex(indices: ArrayLike | readonly number[], shape: number | readonly number[]): Array[] {
  let idx = strong(intIndexArray(indices, "unravel_index"), "int32");
  const dims = typeof shape === "number" ? [shape] : [...shape];
  if (dims.some((s) => !Number.isInteger(s))) throw new ValueError("unravel_index: shape should be a scalar or 1D sequence.");
  const out: Array[] = new globalThis.Array<Array>(dims.length);
  for (let i = dims.length - 1; i >= 0; i--) {
    const s = strong(dims[i]!, "int32");
    // floor divmod (Python's), so negative indices wrap.
    let r = lax.rem(idx, s);
    const fix = lax.bitwiseAnd(lax.ne(r, strong(0, "int32")), lax.lt(r, strong(0, "int32")));
    const q = lax.sub(lax.div(lax.sub(idx, r), s), lax.convertElementType(fix, "int32"));
    r = lax.select(fix, lax.add(r, s), r);
    out[i] = r;
    idx = q;
  }
  const oobPos = lax.gt(idx, strong(0, "int32"));
  const oobNeg = lax.lt(idx, strong(-1, "int32"));
  return out.map((o, i) => lax.select(oobPos, lax.broadcastInDim(strong(dims[i]! - 1, "int32"), o.shape, []), lax.select(oobNeg, lax.broadcastInDim(strong(0, "int32"), o.shape, []), o)));
}

/** Options of `np.ravelMultiIndex`. */
export interface RavelMultiIndexOptions {
  /** "raise" (default; needs concrete indices), "wrap", "clip" or "ignore". */
  mode?: "raise" | "wrap" | "clip" | "ignore";
  /** "C" (row-major, default) or "F" (column-major). */
  order?: "C" | "F";
}

/**
 * `np.ravelMultiIndex` (jnp.ravel_multi_index): converts a tuple of index arrays into flat indices into an array of shape `dims`. Mode "raise"
 * checks bounds and so needs concrete indices (use "wrap" or "clip" under jit).
 *
 * @example
 * ```ts
 * np.ravelMultiIndex([np.array([1, 2], { dtype: "int32" }), np.array([3, 0], { dtype: "int32" })], [3, 4]); // Array([7, 8])
 * ```
 */
export function ravelMultiIndex(multiIndex: readonly (ArrayLike | readonly number[])[], dims: readonly number[], opts: RavelMultiIndexOptions = {}): Array {
  if (multiIndex.length !== dims.length) throw new ValueError(`len(multi_index)=${multiIndex.length} != len(dims)=${dims.length}`);
  const mode = opts.mode ?? "raise";
  const order = opts.order ?? "C";
  if (dims.some((d) => !Number.isInteger(d))) throw new TypeError("ravel_multi_index: dims must be JS integers.");
  if (dims.reduce((p, q) => p * q, 1) - 1 > 2147483647) throw new ValueError(`np.ravelMultiIndex: dtype=int32 not large enough to hold flattened index for dims=(${dims.join(", ")}).`);
  let idx = multiIndex.map((m) => intIndexArray(m, "ravel_multi_index"));
  if (mode === "raise") {
    idx.forEach((i, k) => {
      const c = i.concreteValue();
      if (c === null) throw new ConcretizationTypeError(`traced array with shape ${i.aval.str()}`, "The error occurred because ravel_multi_index was jit-compiled with mode='raise'. Use mode='wrap' or mode='clip' instead.");
      for (const v of c.dataSync()) if (v < 0 || v >= dims[k]!) throw new ValueError("invalid entry in coordinates array");
    });
  } else if (mode === "clip") {
    idx = idx.map((i, k) => lax.clamp(strong(0, i.dtype), i, strong(dims[k]! - 1, i.dtype)));
  } else if (mode === "wrap") {
    idx = idx.map((i, k) => {
      const s = strong(dims[k]!, i.dtype);
      const r = lax.rem(i, s);
      return isUnsigned(i.dtype) ? r : lax.select(lax.lt(r, strong(0, i.dtype)), lax.add(r, s), r);
    });
  } else if (mode !== "ignore") {
    throw new ValueError(`invalid mode=${JSON.stringify(mode)}. Expected 'raise', 'wrap', 'clip', or 'ignore'.`);
  }
  const strides: number[] = new globalThis.Array<number>(dims.length);
  if (order === "C") {
    let acc = 1;
    for (let k = dims.length - 1; k >= 0; k--) {
      strides[k] = acc;
      acc *= dims[k]!;
    }
  } else if (order === "F") {
    let acc = 1;
    for (let k = 0; k < dims.length; k++) {
      strides[k] = acc;
      acc *= dims[k]!;
    }
  } else throw new ValueError(`invalid order=${JSON.stringify(order)}. Expected 'C' or 'F'`);
  const t = resultType(...idx, 0).dtype === "uint32" ? "uint32" : "int32";
  const shape = broadcastShapes("ravel_multi_index", ...idx.map((i) => i.shape));
  let result = full(shape, 0, t);
  idx.forEach((i, k) => {
    const term = lax.mul(strong(i, t), strong(strides[k]!, t));
    result = lax.add(result, lax.broadcastInDim(term, shape, term.shape.map((_, j) => j + shape.length - term.ndim)));
  });
  return result;
}
