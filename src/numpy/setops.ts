// jax.numpy's functions whose output shape depends on the data (nonzero, flatnonzero, argwhere,
// unique, bincount) and its counting/membership functions (histogram, histogramBinEdges, isin).
//
// As in JAX, a data-dependent shape needs concrete values: eagerly the values are read, and under
// a transformation (jit, vmap, grad's tracing) the static `size` option fixes the output length
// (padding with `fillValue`, or truncating); without it a ConcretizationTypeError is raised. All
// computation goes through lax (cumsum, scatter-add, gather, sort), so with `size` every function
// works under every transform.
import { canonicalizeAxis, isFloat, isInteger, shapeString } from "../../jaxpr/index.js";
import type { DType } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import { ConcretizationTypeError, ValueError } from "../core/errors.js";
import * as lax from "../lax/index.js";
import { fromValues } from "./fromValues.js";
import { at, getItem } from "./indexing.js";
import { isOptions } from "./options.js";
import { asArray, convertTo, promoteArgsInexact, resultType, strong } from "./promote.js";
import { lexsort, searchsorted } from "./sorting.js";

const iota = (n: number): Array => lax.iota("int32", n);
const zerosInt = (n: number): Array => fromValues(new Int32Array(n), [n], "int32");
const int32Sum = (mask: Array): Array => lax.reduceSum(lax.convertElementType(mask, "int32"), mask.shape.map((_, i) => i));

/** The ConcretizationTypeError JAX raises for a traced value whose concrete value sets a shape. */
function concretizationError(x: Array, context: string): ConcretizationTypeError {
  return new ConcretizationTypeError(`traced array with shape ${x.aval.str()}`, context);
}

/** A static output length: a non-negative JS integer (JAX's `core.concrete_dim_or_error`). */
function checkSize(size: unknown, name: string): number {
  if (typeof size !== "number" || !Number.isInteger(size) || size < 0) {
    throw new TypeError(`${name}: size must be a non-negative JS integer (a static value), got ${String(size)}.`);
  }
  return size;
}

/** Counts of each value in 0..length-1 of the int32 array `x` (clipped below at 0, dropped above). */
function countsOf(x: Array, weights: Array, length: number): Array {
  const zeros = lax.broadcastInDim(strong(0, weights.dtype), [length], []);
  return at(zeros, [lax.max(x, strong(0, x.dtype))]).add(weights);
}

// ---------------------------------------------------------------------------------------------
// nonzero / flatnonzero / argwhere

/** Options of the data-dependent functions: a static output `size`, and what pads it. */
export interface SizeOptions<F = ArrayLike> {
  /** The static output length (required under jit/vmap): longer results are truncated, shorter ones padded. */
  size?: number | null;
  /** The padding value (0 by default). For nonzero, a scalar or one scalar per dimension. */
  fillValue?: F | null;
}

/**
 * `np.nonzero` (jnp.nonzero): the indices of the non-zero (true) elements: one int32 array per dimension of `a`, in row-major
 * order. The length depends on the data, so under jit/vmap pass a static `size` (results are
 * truncated or padded with `fillValue`, 0 by default).
 *
 * @example
 * ```ts
 * np.nonzero(np.array([[1, 0], [0, 2]])); // [Array([0, 1]), Array([0, 1])]
 * jit((x) => np.nonzero(x, { size: 3, fillValue: -1 }))(np.array([0, 5, 0, 7])); // [Array([1, 3, -1], dtype=int32)]
 * ```
 */
export function nonzero(a: ArrayLike, opts: SizeOptions<ArrayLike | readonly ArrayLike[]> = {}): Array[] {
  const arr = asArray(a);
  if (arr.ndim === 0) throw new ValueError("Calling nonzero on 0d arrays is not allowed. Use np.atleast1d(scalar).nonzero() instead.");
  const mask = arr.dtype === "bool" ? arr : lax.ne(arr, strong(0, arr.dtype));
  let size: number;
  if (opts.size === undefined || opts.size === null) {
    const c = mask.concreteValue();
    if (c === null) {
      throw concretizationError(int32Sum(mask), "The size argument of np.nonzero must be statically specified to use np.nonzero within JAX transformations.");
    }
    size = Number(int32Sum(c).item());
  } else size = checkSize(opts.size, "nonzero");
  if (arr.size === 0 || size === 0) return arr.shape.map(() => zerosInt(size));
  // flat[k] is the position of the (k+1)-th true element: cumsum of the histogram of the
  // running count (JAX's construction).
  const running = lax.cumsum(lax.convertElementType(lax.reshape(mask, [mask.size]), "int32"), 0);
  const flat = lax.cumsum(countsOf(running, strong(1, "int32"), size), 0);
  const strides: number[] = [];
  let acc = 1;
  for (let d = arr.ndim - 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= arr.shape[d]!;
  }
  let out = arr.shape.map((n, d) => lax.rem(lax.div(flat, strong(strides[d]!, "int32")), strong(n, "int32")));
  if (opts.fillValue !== undefined && opts.fillValue !== null) {
    const fv = opts.fillValue;
    const fills: readonly ArrayLike[] = globalThis.Array.isArray(fv) ? fv : arr.shape.map(() => fv as ArrayLike);
    if (fills.length !== arr.ndim || fills.some((f) => f instanceof Array && f.ndim !== 0)) {
      throw new ValueError(`fill_value must be a scalar or a tuple of length ${arr.ndim}; got ${String(fv)}`);
    }
    const fillMask = lax.ge(iota(size), int32Sum(mask));
    out = out.map((o, d) => lax.select(fillMask, lax.broadcastInDim(strong(fills[d]!, "int32"), [size], []), o));
  }
  return out;
}

/**
 * `np.flatnonzero` (jnp.flatnonzero): indices of the non-zero elements of the flattened array (`nonzero(ravel(a))[0]`), with the
 * same static `size` / `fillValue` options.
 *
 * @example
 * ```ts
 * np.flatnonzero(np.array([[0, 3], [4, 0]])); // Array([1, 2], dtype=int32)
 * ```
 */
export function flatnonzero(a: ArrayLike, opts: SizeOptions = {}): Array {
  const arr = asArray(a);
  return nonzero(lax.reshape(arr, [arr.size]), opts)[0]!;
}

/**
 * `np.argwhere` (jnp.argwhere): the indices of the non-zero elements as one int32 array of shape `[count, a.ndim]` (rows in
 * row-major order). Under jit/vmap pass a static `size` (padding rows hold `fillValue`, 0 by default).
 *
 * @example
 * ```ts
 * np.argwhere(np.array([[1, 0], [0, 2]])); // Array([[0, 0], [1, 1]], dtype=int32)
 * ```
 */
export function argwhere(a: ArrayLike, opts: SizeOptions = {}): Array {
  const arr = asArray(a);
  const cols = nonzero(arr.ndim === 0 ? lax.reshape(arr, [1]) : arr, opts);
  const n = cols[0]!.shape[0]!;
  if (arr.ndim === 0) return fromValues(new Int32Array(0), [n, 0], "int32");
  return lax.concatenate(cols.map((c) => lax.reshape(c, [n, 1])), 1);
}

// ---------------------------------------------------------------------------------------------
// unique

const UNIQUE_SIZE_HINT = "To make np.unique() compatible with JIT and other transforms, you can specify a concrete value for the size argument, which will determine the output size.";

/** Options of `np.unique` (JAX's keyword arguments). */
export interface UniqueOptions {
  /** Also return the indices of the first occurrences (into the flattened input, or along `axis`). */
  returnIndex?: boolean;
  /** Also return the indices that rebuild the input from the unique values (the input's shape when `axis` is null). */
  returnInverse?: boolean;
  /** Also return how many times each unique value occurs. */
  returnCounts?: boolean;
  /** Find unique slices along this axis; null (default) flattens the input. */
  axis?: number | null;
  /** Treat NaNs as equal (the default, as JAX). */
  equalNan?: boolean;
  /** Static output length (required under jit/vmap): extra entries are padded, missing ones truncated. */
  size?: number | null;
  /** The padding value when `size` is given (by default the smallest unique value is repeated). */
  fillValue?: ArrayLike | null;
  /** Accepted for JAX compatibility; results are always sorted. */
  sorted?: boolean;
}

type WithExtra = { returnIndex: true } | { returnInverse: true } | { returnCounts: true };

/**
 * `np.unique` (jnp.unique): the sorted unique elements of `ar` (or unique slices along `axis`), optionally with the
 * first-occurrence indices, the inverse indices and the counts, in that order (int32). The number
 * of unique values depends on the data: under jit/vmap pass a static `size`; the result is padded
 * with `fillValue` (default: the smallest unique value) and the counts of padding entries are 0.
 *
 * @example
 * ```ts
 * np.unique(np.array([3, 1, 3, 2]));                          // Array([1, 2, 3], dtype=float32)
 * const [u, counts] = np.unique(np.array([3, 1, 3, 2]), { returnCounts: true });
 * counts; // Array([1, 1, 2], dtype=int32)
 * jit((x) => np.unique(x, { size: 4, fillValue: 0 }))(np.array([3, 1, 3])); // [1, 3, 0, 0]
 * ```
 */
export function unique(ar: ArrayLike, opts?: UniqueOptions & { returnIndex?: false; returnInverse?: false; returnCounts?: false }): Array;
export function unique(ar: ArrayLike, opts: UniqueOptions & WithExtra): Array[];
export function unique(ar: ArrayLike, opts?: UniqueOptions): Array | Array[];
export function unique(ar: ArrayLike, opts: UniqueOptions = {}): Array | Array[] {
  let arr = asArray(ar);
  const size = opts.size === undefined || opts.size === null ? null : checkSize(opts.size, "unique");
  if (size === null && arr.concreteValue() === null) {
    throw concretizationError(arr, "The error arose for the first argument of np.unique(). " + UNIQUE_SIZE_HINT);
  }
  const arrShape = [...arr.shape];
  const axisGiven = opts.axis !== undefined && opts.axis !== null;
  let axis = 0;
  if (!axisGiven) arr = lax.reshape(arr, [arr.size]);
  else axis = canonicalizeAxis(opts.axis as number, arr.ndim);
  if (arr.shape[axis] === 0 && size && (opts.fillValue === undefined || opts.fillValue === null)) {
    throw new ValueError("np.unique: for zero-sized input with nonzero size argument, fill_value must be specified");
  }
  const equalNan = opts.equalNan ?? true;

  // Sort the slices along `axis` lexicographically and mark where a new value starts.
  let aux = axis === 0 ? arr : lax.transpose(arr, [axis, ...arr.shape.map((_, i) => i).filter((i) => i !== axis)]);
  const n = aux.shape[0]!;
  const rest = aux.shape.slice(1);
  const restSize = rest.reduce((p, q) => p * q, 1);
  let perm: Array;
  let mask: Array;
  let length = n;
  if (restSize === 0) {
    length = 1;
    perm = zerosInt(1);
  } else {
    const rows = lax.reshape(aux, [n, restSize]);
    const keys: Array[] = [];
    for (let j = restSize - 1; j >= 0; j--) keys.push(lax.reshape(lax.sliceInDim(rows, j, j + 1, 1, 1), [n]));
    perm = lexsort(keys);
  }
  if (aux.size) {
    aux = getItem(aux, [perm]);
    const hi = lax.sliceInDim(aux, 1, n, 1, 0);
    const lo = lax.sliceInDim(aux, 0, n - 1, 1, 0);
    let neq = lax.ne(hi, lo);
    if (equalNan && isFloat(aux.dtype)) neq = lax.bitwiseAnd(neq, lax.bitwiseNot(lax.bitwiseAnd(lax.ne(hi, hi), lax.ne(lo, lo))));
    const changed = aux.ndim > 1 ? lax.reduceOr(neq, rest.map((_, i) => i + 1)) : neq;
    mask = lax.concatenate([strong(true, "bool").reshape([1]), changed], 0);
  } else {
    mask = lax.broadcastInDim(strong(false, "bool"), [length], []);
  }

  const ind = size === null ? nonzero(mask)[0]! : nonzero(mask, { size })[0]!;
  let result = aux.size ? getItem(aux, [ind]) : aux;
  if (size !== null && opts.fillValue !== undefined && opts.fillValue !== null) {
    const fill = strong(opts.fillValue, result.dtype);
    const shape = [size, ...result.shape.slice(1)];
    if (result.shape[0]) {
      const valid = lax.broadcastInDim(lax.lt(iota(size), int32Sum(mask)), shape, [0]);
      result = lax.select(valid, result, lax.broadcastInDim(fill, shape, []));
    } else {
      result = lax.broadcastInDim(fill, shape, []);
    }
  }
  if (axis !== 0) {
    const p = result.shape.map((_, i) => i).slice(1);
    p.splice(axis, 0, 0);
    result = lax.transpose(result, p);
  }
  const ret: Array[] = [result];
  if (opts.returnIndex) ret.push(aux.size ? getItem(perm, [ind]) : perm);
  if (opts.returnInverse) {
    let inv: Array;
    if (aux.size) {
      const imask = lax.sub(lax.cumsum(lax.convertElementType(mask, "int32"), 0), strong(1, "int32"));
      inv = at(zerosInt(mask.shape[0]!), [perm]).set(imask);
    } else inv = zerosInt(arr.shape[axis]!);
    if (!axisGiven) inv = lax.reshape(inv, arrShape);
    ret.push(inv);
  }
  if (opts.returnCounts) {
    let counts: Array;
    if (aux.size) {
      const m = mask.shape[0]!;
      let idx: Array;
      if (size === null) idx = lax.concatenate([nonzero(mask)[0]!, strong(m, "int32").reshape([1])], 0);
      else {
        idx = nonzero(mask, { size: size + 1 })[0]!;
        const tail = lax.sliceInDim(idx, 1, size + 1);
        const fixed = lax.select(lax.ne(tail, strong(0, "int32")), tail, lax.broadcastInDim(strong(m, "int32"), [size], []));
        idx = lax.concatenate([lax.sliceInDim(idx, 0, 1), fixed], 0);
      }
      const k = idx.shape[0]!;
      counts = lax.sub(lax.sliceInDim(idx, 1, k), lax.sliceInDim(idx, 0, k - 1));
    } else if (arr.shape[axis]) {
      counts = fromValues([arr.shape[axis]!], [1], "int32");
    } else counts = zerosInt(0);
    ret.push(counts);
  }
  return ret.length === 1 ? ret[0]! : ret;
}

// ---------------------------------------------------------------------------------------------
// bincount / histogram / isin

/** Options of `np.bincount`. */
export interface BincountOptions {
  /** Per-element weights (x's shape); the result has their dtype. Default: int32 counts. */
  weights?: ArrayLike | null;
  /** The minimum output length. */
  minlength?: number;
  /** The static output length (required under jit/vmap); values >= length are dropped. */
  length?: number | null;
}

/**
 * Counts occurrences of each non-negative integer in the 1-D integer array `x` (negative values
 * count as 0, as JAX clips them). The output length is `max(minlength, max(x) + 1)`, which
 * depends on the data: under jit/vmap pass a static `length`.
 *
 * @example
 * ```ts
 * np.bincount(np.array([0, 1, 1, 3], { dtype: "int32" }));              // Array([1, 2, 0, 1], dtype=int32)
 * np.bincount(np.array([0, 1, 1], { dtype: "int32" }), { weights: np.array([0.5, 1, 2]), length: 4 }); // Array([0.5, 3. , 0. , 0. ], dtype=float32)
 * ```
 */
export function bincount(x: ArrayLike, weights?: ArrayLike | null | BincountOptions, minlength?: number, opts: BincountOptions = {}): Array {
  if (isOptions(weights)) {
    opts = weights as BincountOptions;
    weights = opts.weights;
    minlength = opts.minlength;
  }
  let xs = asArray(x);
  if (xs.dtype === "bool") xs = lax.convertElementType(xs, "int32");
  if (!isInteger(xs.dtype)) throw new TypeError(`x argument to bincount must have an integer type; got ${xs.dtype}`);
  if (xs.ndim !== 1) throw new ValueError("only 1-dimensional input supported.");
  const minlen = minlength ?? opts.minlength ?? 0;
  if (!Number.isInteger(minlen)) throw new TypeError(`bincount: minlength must be a JS integer, got ${String(minlen)}.`);
  let length: number;
  if (opts.length === undefined || opts.length === null) {
    const c = xs.concreteValue();
    if (c === null) throw concretizationError(xs, "The error occurred because of argument 'x' of np.bincount. To avoid this error, pass a static `length` argument.");
    let mx = -1;
    for (const v of c.dataSync()) mx = Math.max(mx, v);
    length = Math.max(minlen, xs.size ? Math.max(0, mx) + 1 : 0);
  } else length = checkSize(opts.length, "bincount");
  let w: Array;
  if (weights === undefined || weights === null) w = strong(1, "int32");
  else {
    w = asArray(weights as ArrayLike);
    if (w.ndim !== xs.ndim || w.shape.some((d, i) => d !== xs.shape[i])) {
      throw new ValueError(`type of weights must match type of x. Got typeof(x)=${xs.aval.str()} and typeof(weights)=${w.aval.str()}`);
    }
    w = strong(w, w.dtype);
  }
  if (xs.dtype === "uint32") xs = lax.convertElementType(lax.min(xs, strong(2147483647, "uint32")), "int32");
  return countsOf(xs, w, length);
}

/** Options of `np.histogram` and `np.histogramBinEdges`. */
export interface HistogramOptions {
  /** The number of equal-width bins (static), or the bin edges as a 1-D array. Default 10. */
  bins?: number | ArrayLike | readonly number[];
  /** `[lo, hi]` for integer `bins` (default: the data's min and max). */
  range?: readonly [ArrayLike, ArrayLike] | null;
  /** Per-element weights, `a`'s shape. */
  weights?: ArrayLike | null;
  /** Normalize so the histogram integrates to 1 over the range. */
  density?: boolean | null;
}

function splitBins(bins: number | ArrayLike | readonly number[] | HistogramOptions | undefined, opts: HistogramOptions): HistogramOptions {
  if (bins === undefined) return opts;
  if (isOptions(bins)) return bins as HistogramOptions;
  return { ...opts, bins: bins as number | ArrayLike | readonly number[] };
}

/**
 * `np.histogramBinEdges` (jnp.histogram_bin_edges): the bin edges `np.histogram` uses: `bins + 1` evenly spaced edges over `range` (the data's
 * min/max by default, widened by 0.5 each way when empty), or the given edges. Float dtype.
 *
 * @example
 * ```ts
 * np.histogramBinEdges(np.array([1, 2, 5]), 4); // Array([1., 2., 3., 4., 5.], dtype=float32)
 * ```
 */
export function histogramBinEdges(a: ArrayLike, bins?: number | ArrayLike | readonly number[] | HistogramOptions, opts: HistogramOptions = {}): Array {
  const o = splitBins(bins, opts);
  const arr = promoteArgsInexact("histogram_bin_edges", [a])[0]!;
  const dtype = arr.dtype;
  const b = o.bins ?? 10;
  if (globalThis.Array.isArray(b)) return strong(fromValues(b as readonly number[], [b.length], "float64"), dtype);
  if (b instanceof Array) {
    if (b.ndim === 1) return strong(b, dtype);
    if (b.ndim !== 0) throw new ValueError(`bins must be a scalar or 1-D array, got shape ${shapeString(b.shape)}`);
  }
  const nb = b instanceof Array ? Number(b.item()) : Number(b);
  if (!Number.isInteger(nb) || nb < 1) throw new ValueError(`bins must be a positive integer, got ${String(b)}.`);
  let lo: Array;
  let hi: Array;
  if (o.range === undefined || o.range === null) {
    const all = arr.shape.map((_, i) => i);
    lo = lax.reduceMin(strong(arr, dtype), all);
    hi = lax.reduceMax(strong(arr, dtype), all);
  } else {
    if (o.range.length !== 2) throw new ValueError(`\`range\` must be either None or a sequence of scalars, got ${String(o.range)}`);
    lo = strong(o.range[0], dtype);
    hi = strong(o.range[1], dtype);
  }
  const same = lax.eq(lo, hi);
  lo = lax.select(same, lax.sub(lo, strong(0.5, dtype)), lo);
  hi = lax.select(same, lax.add(hi, strong(0.5, dtype)), hi);
  // jnp.linspace's formula: start * (1 - t) + stop * t with t = i / bins, the last edge exactly stop.
  const t = lax.div(lax.convertElementType(iota(nb + 1), dtype), strong(nb, dtype));
  const one = strong(1, dtype);
  const edges = lax.add(lax.mul(lax.broadcastInDim(lo, [nb + 1], []), lax.sub(one, t)), lax.mul(lax.broadcastInDim(hi, [nb + 1], []), t));
  return lax.concatenate([lax.sliceInDim(edges, 0, nb), lax.reshape(hi, [1])], 0);
}

/**
 * A histogram of `a` (any shape): returns `[counts, binEdges]`. Counts are floats (the weights'
 * dtype, as in JAX); the last bin includes its right edge. `bins` is an integer (static) or edges.
 * Works under jit with a static integer `bins` (the range may be traced).
 *
 * @example
 * ```ts
 * const [hist, edges] = np.histogram(np.array([1, 2, 2, 5]), { bins: 4, range: [0, 8] });
 * hist; // Array([1., 2., 1., 0.])
 * edges; // Array([0., 2., 4., 6., 8.])
 * ```
 */
export function histogram(a: ArrayLike, bins?: number | ArrayLike | readonly number[] | HistogramOptions, opts: HistogramOptions = {}): [Array, Array] {
  const o = splitBins(bins, opts);
  let arr: Array;
  let w: Array;
  if (o.weights === undefined || o.weights === null) {
    arr = promoteArgsInexact("histogram", [a])[0]!;
    arr = strong(arr, arr.dtype);
    w = lax.broadcastInDim(strong(1, arr.dtype), arr.shape, []);
  } else {
    const aa = asArray(a);
    const ww = asArray(o.weights);
    if (aa.ndim !== ww.ndim || aa.shape.some((d, i) => d !== ww.shape[i])) throw new ValueError("weights should have the same shape as a.");
    [arr, w] = promoteArgsInexact("histogram", [aa, ww]) as [Array, Array];
    arr = strong(arr, arr.dtype);
    w = strong(w, w.dtype);
  }
  const edges = histogramBinEdges(arr, { ...o, bins: o.bins ?? 10 });
  const k = edges.shape[0]!;
  let binIdx = searchsorted(edges, arr, { side: "right" });
  const last = lax.reshape(lax.sliceInDim(edges, k - 1, k), []);
  binIdx = lax.select(lax.eq(arr, lax.broadcastInDim(strong(last, arr.dtype), arr.shape, [])), lax.broadcastInDim(strong(k - 1, "int32"), arr.shape, []), binIdx);
  const zeros = lax.broadcastInDim(strong(0, w.dtype), [k], []);
  let counts = lax.sliceInDim(at(zeros, [binIdx]).add(w), 1, k);
  if (o.density) {
    const widths = lax.sub(lax.sliceInDim(edges, 1, k), lax.sliceInDim(edges, 0, k - 1));
    counts = lax.div(lax.div(counts, strong(widths, counts.dtype)), lax.broadcastInDim(lax.reduceSum(counts, [0]), [k - 1], []));
  }
  return [counts, edges];
}

/** Options of `np.isin`. */
export interface IsinOptions {
  /** Accepted for JAX compatibility (no effect with the compare-all method). */
  assumeUnique?: boolean;
  /** Return the complement: true where the element is not in `testElements`. */
  invert?: boolean;
  /** "auto" / "compare_all" (every pair compared) or "binary_search" (sort + searchsorted). */
  method?: "auto" | "compare_all" | "binary_search" | "sort";
}

/**
 * `np.isin` (jnp.isin): elementwise membership test: a bool array of `element`'s shape, true where the element occurs
 * anywhere in `testElements` (any shape). Works under every transform.
 *
 * @example
 * ```ts
 * np.isin(np.array([1, 2, 3, 4]), np.array([2, 4])); // Array([false, true, false, true], dtype=bool)
 * ```
 */
export function isin(element: ArrayLike, testElements: ArrayLike | readonly number[], opts: IsinOptions = {}): Array {
  const test = globalThis.Array.isArray(testElements) ? fromValues(testElements as readonly number[], [testElements.length], resultType(element).dtype) : (testElements as ArrayLike);
  const t1 = resultType(element, test);
  const e0 = convertTo(element, { dtype: t1.dtype, weakType: false });
  const t0 = convertTo(test, { dtype: t1.dtype, weakType: false });
  const e = lax.reshape(e0!, [e0!.size]);
  const t = lax.reshape(t0!, [t0!.size]);
  const invert = opts.invert ?? false;
  const method = opts.method ?? "auto";
  let out: Array;
  if (e.size === 0 || t.size === 0) {
    out = lax.broadcastInDim(strong(invert, "bool"), [e.size], []);
  } else if (method === "auto" || method === "compare_all" || method === "sort") {
    const shape = [e.size, t.size];
    const ee = lax.broadcastInDim(e, shape, [0]);
    const tt = lax.broadcastInDim(t, shape, [1]);
    out = invert ? lax.reduceAnd(lax.ne(ee, tt), [1]) : lax.reduceOr(lax.eq(ee, tt), [1]);
  } else if (method === "binary_search") {
    const sorted = lax.sort([t], { dimension: 0, numKeys: 1 })[0]!;
    const ind = lax.min(searchsorted(sorted, e), strong(t.size - 1, "int32"));
    const found = getItem(sorted, [ind]);
    out = invert ? lax.ne(e, found) : lax.eq(e, found);
  } else {
    throw new ValueError(`method=${JSON.stringify(method)} is not implemented; options are 'compare_all', 'binary_search', 'sort', and 'auto'`);
  }
  return lax.reshape(out, e0!.shape);
}
