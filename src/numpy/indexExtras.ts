// numpy's remaining indexing and shape helpers (jax/_src/numpy/lax_numpy.py, indexing.py,
// sorting.py, reductions.py, tensor_contractions.py): choose compress extract diagflat
// fillDiagonal indices ix_ resize rollaxis digitize partition argpartition topK place put
// nanmedian matvec vecmat vecdot canCast applyOverAxes. JAX's functional forms: fillDiagonal,
// place and put return new arrays and raise as JAX does unless `inplace: false` is passed.
import { canonicalizeAxis, isInteger, isIntN, DTYPES } from "../../jaxpr/index.js";
import type { DType } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import { ConcretizationTypeError, NotImplementedError, ValueError } from "../core/errors.js";
import * as lax from "../lax/index.js";
import { dtype as toDType } from "./dtypeLike.js";
import type { DTypeLike } from "./dtypeLike.js";
import { clip, equal, remainder, where } from "./elementwise.js";
import { conjugate } from "./realParts.js";
import { unravelIndex } from "./arrayManipulation.js";
import { at, getItem } from "./indexing.js";
import { diag, matmul } from "./linalg.js";
import { vecdot as linalgVecdot } from "./npLinalgExtra.js";
import { promoteDtypes } from "./options.js";
import { asArray, strong } from "./promote.js";
import { nonzero } from "./setops.js";
import { broadcastArrays, expandDims, moveaxis, ravel, reshape, squeeze, swapaxes, tile } from "./shape.js";
import { searchsorted } from "./sorting.js";
import { nanquantile } from "./statistics.js";
import type { QuantileOptions } from "./statistics.js";

const iota = (n: number): Array => lax.iota("int32", n);

/** Raises JAX's ConcretizationTypeError when `x` is traced. */
function concrete(x: Array, context: string): Array {
  const c = x.concreteValue();
  if (c === null) throw new ConcretizationTypeError(`traced array with shape ${x.aval.str()}`, context);
  return c;
}

/** A static integer argument (JAX: `core.concrete_or_error(operator.index, ...)`). */
function staticInt(v: number, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${what} must be a static integer, got ${String(v)}.`);
  return v;
}

/** `x` repeated (flattened) to exactly `n` entries (JAX's `_tile_to_size`). */
function tileToSize(x: Array, n: number): Array {
  const flat = ravel(x);
  if (flat.size === n) return flat;
  return lax.slice(tile(flat, Math.ceil(n / flat.size)), [0], [n]);
}

/**
 * `np.choose` (jnp.choose): builds an array from `choices` by an integer index array `a`: out = choices[a][...]; `mode`
 * 'raise' (default; needs concrete indices), 'wrap' or 'clip'.
 *
 * @example
 * ```ts
 * const which = np.array([0, 1, 0], { dtype: "int32" });
 * np.choose(which, [np.array([1, 2, 3]), np.array([10, 20, 30])]); // Array([ 1., 20.,  3.], dtype=float32)
 * np.choose(np.array([0, 3, 1], { dtype: "int32" }), [np.array([1, 2, 3]), np.array([10, 20, 30])], { mode: "clip" }); // Array([ 1., 20., 30.], dtype=float32)
 * ```
 */
export function choose(a: ArrayLike, choices: readonly ArrayLike[], opts: { mode?: "raise" | "wrap" | "clip" } = {}): Array {
  const arr0 = asArray(a);
  if (!isInteger(arr0.dtype)) throw new ValueError("`a` array must be integer typed");
  const n = choices.length;
  const mode = opts.mode ?? "raise";
  let arr: Array;
  if (mode === "raise") {
    const c = concrete(arr0, "The error occurred because jnp.choose was jit-compiled with mode='raise'. Use mode='wrap' or mode='clip' instead.");
    const bad = lax.bitwiseOr(lax.lt(c, strong(0, c.dtype)), lax.ge(c, strong(n, c.dtype)));
    if (c.size && lax.reduceOr(bad, c.shape.map((_, i) => i)).item()) throw new ValueError("invalid entry in choice array");
    arr = arr0;
  } else if (mode === "wrap") arr = remainder(arr0, n);
  else if (mode === "clip") arr = clip(arr0, 0, n - 1);
  else throw new ValueError(`mode=${JSON.stringify(mode)} not understood. Must be 'raise', 'wrap', or 'clip'`);
  const promoted = promoteDtypes("choose", choices);
  const [idx, ...cs] = broadcastArrays(arr, ...promoted);
  // choices[a] by one select per choice (the same values as JAX's gather from the stacked choices).
  let out = cs[0]!;
  for (let i = 1; i < n; i++) out = where(equal(idx!, i), cs[i]!, out);
  return out;
}

/** Options of {@link compress} and {@link extract}. */
export interface CompressOptions {
  /** A static output length along the axis (required under jit/vmap). */
  size?: number | null;
  /** Padding for the entries beyond the selected ones (0 by default). */
  fillValue?: ArrayLike;
}

/**
 * `np.compress` (jnp.compress): the slices of `a` along `axis` (the flattened array when null) where `condition` is true.
 *
 * @example
 * np.compress(np.array([true, false, true]), np.array([1, 2, 3])); // [1, 3]
 */
export function compress(condition: ArrayLike, a: ArrayLike, axis: number | null | CompressOptions = null, opts: CompressOptions = {}): Array {
  if (axis !== null && typeof axis === "object") [axis, opts] = [null, axis];
  let cond = lax.convertElementType(asArray(condition), "bool");
  if (cond.ndim !== 1) throw new ValueError("condition must be a 1D array");
  let arr = asArray(a);
  const outAxis = axis === null ? 0 : canonicalizeAxis(axis, arr.ndim);
  arr = axis === null ? ravel(arr) : moveaxis(arr, outAxis, 0);
  const len = arr.shape[0]!;
  const extra = cond.shape[0]! > len ? lax.slice(cond, [len], [cond.shape[0]!]) : null;
  if (extra) cond = lax.slice(cond, [0], [len]);
  const m = cond.shape[0]!;
  if (m < len) arr = lax.slice(arr, arr.shape.map(() => 0), [m, ...arr.shape.slice(1)]);
  let result: Array;
  if (opts.size === undefined || opts.size === null) {
    const msg = "The size argument of jnp.compress must be specified in order to use jnp.compress within JAX transformations like jax.jit, jax.vmap, and jax.grad. For more information, refer to the jnp.compress documentation.";
    const c = concrete(cond, msg);
    if (extra && lax.reduceOr(concrete(extra, msg), [0]).item()) throw new ValueError("condition contains entries that are out of bounds");
    result = getItem(arr, [nonzero(c)[0]!]);
  } else {
    const size = staticInt(opts.size, "size");
    if (size < 0 || size > arr.shape[0]!) throw new ValueError(`size must be positive and not greater than the size of the array axis; got size=${size} for a.shape[axis]=${arr.shape[0]}`);
    const picked = getItem(arr, [nonzero(cond, { size, fillValue: 0 })[0]!]);
    const count = lax.reduceSum(lax.convertElementType(cond, "int32"), [0]);
    const valid = lax.broadcastInDim(lax.lt(iota(size), count), picked.shape, [0]);
    result = lax.select(valid, picked, lax.broadcastInDim(strong(opts.fillValue ?? 0, picked.dtype), picked.shape, []));
  }
  return moveaxis(result, 0, outAxis);
}

/**
 * `np.extract(condition, arr, { size, fillValue })` (jnp.extract): the elements of the flattened `arr` where the flattened `condition` holds.
 *
 * @example
 * ```ts
 * const x = np.array([[-1, 2], [3, -4]]);
 * np.extract(np.greater(x, 0), x); // Array([2., 3.], dtype=float32)
 * np.extract(np.greater(x, 0), x, { size: 3, fillValue: 0 }); // Array([2., 3., 0.], dtype=float32)
 * ```
 */
export function extract(condition: ArrayLike, arr: ArrayLike, opts: CompressOptions = {}): Array {
  return compress(ravel(condition), ravel(arr), null, opts);
}

/**
 * `np.diagflat(v, k = 0)` (jnp.diagflat): a 2-D array with the flattened `v` on its k-th diagonal.
 *
 * @example
 * ```ts
 * np.diagflat(np.array([[1, 2]])); // Array([[1., 0.], [0., 2.]], dtype=float32)
 * np.diagflat(np.array([1, 2]), 1); // Array([[0., 1., 0.], [0., 0., 2.], [0., 0., 0.]], dtype=float32)
 * ```
 */
export function diagflat(v: ArrayLike, k = 0): Array {
  return diag(ravel(v), staticInt(k, "k"));
}

/**
 * `a` with its main diagonal set to `val` (a scalar, or values repeated along the diagonal). JAX
 * arrays are immutable, so `inplace: false` is required (JAX's NotImplementedError otherwise).
 *
 * @example
 * np.fillDiagonal(np.zeros([3, 3]), 5, false, { inplace: false }); // Array([[5., 0., 0.], [0., 5., 0.], [0., 0., 5.]], dtype=float32)
 */
export function fillDiagonal(a: ArrayLike, val: ArrayLike, wrap = false, opts: { inplace?: boolean } = {}): Array {
  if (opts.inplace ?? true) throw new NotImplementedError("JAX arrays are immutable, must use inplace=False");
  if (wrap) throw new NotImplementedError("wrap=True is not implemented, must use wrap=False");
  const arr = asArray(a);
  const v = asArray(val);
  if (arr.ndim < 2) throw new ValueError("array must be at least 2-d");
  if (arr.ndim > 2 && !arr.shape.every((n) => n === arr.shape[0])) throw new ValueError("All dimensions of input must be of equal length");
  const n = Math.min(...arr.shape);
  const idx = iota(n);
  return at(arr, arr.shape.map(() => idx)).set(v.ndim === 0 ? v : tileToSize(v, n));
}

/**
 * `np.indices` (jnp.indices): the grid of indices of an array of the given shape: shape [ndim, ...dimensions], or with
 * `sparse` one broadcastable array per dimension.
 *
 * @example
 * np.indices([2, 3]).shape; // [2, 2, 3]
 * np.indices([2, 3]).get(1); // Array([[0, 1, 2], [0, 1, 2]], dtype=int32)
 */
export function indices(dimensions: readonly number[], dtype?: DTypeLike | null, sparse?: false): Array;
export function indices(dimensions: readonly number[], dtype: DTypeLike | null | undefined, sparse: true): Array[];
export function indices(dimensions: readonly number[], dtype: DTypeLike | null = null, sparse = false): Array | Array[] {
  const dt: DType = dtype === null || dtype === undefined ? "int32" : toDType(dtype);
  const dims = dimensions.map((d) => staticInt(d, "dimensions argument of jnp.indices"));
  const out = dims.map((d, i) => {
    const shape = dims.map((e, j) => (sparse ? (j === i ? d : 1) : e));
    return lax.broadcastInDim(lax.iota(dt, d), shape, [i]);
  });
  if (sparse) return out;
  return out.length === 0 ? lax.full([0], 0, dt) : lax.concatenate(out.map((o) => lax.broadcastInDim(o, [1, ...dims], dims.map((_, j) => j + 1))), 0);
}

/**
 * `np.ix_` (jnp.ix_): an open mesh from 1-D sequences: the i-th output has shape 1 except len(args[i]) at axis i.
 *
 * @example
 * ```ts
 * const x = np.arange(10).reshape([2, 5]);
 * const [r, c] = np.ix_(np.array([0, 1], { dtype: "int32" }), np.array([2, 4], { dtype: "int32" }));
 * x.get(r, c); // Array([[2, 4], [7, 9]], dtype=int32)
 * ```
 */
export function ix_(...args: ArrayLike[]): Array[] {
  const n = args.length;
  return args.map((arg, i) => {
    const x = asArray(arg);
    if (x.ndim !== 1) throw new ValueError(`Arguments to jax.numpy.ix_ must be 1-dimensional, got shape ${x.aval.str()}`);
    if (x.dtype === "bool") throw new NotImplementedError("Boolean arguments to jax.numpy.ix_ are not implemented");
    const shape = args.map((_, j) => (j === i ? x.shape[0]! : 1));
    return x.size === 0 ? lax.full(shape, 0, "int32") : lax.broadcastInDim(x, shape, [i]);
  });
}

/**
 * `np.resize` (jnp.resize): `a` flattened and repeated (or truncated) to fill `newShape`.
 *
 * @example
 * np.resize(np.array([1, 2, 3]), [2, 4]); // [[1, 2, 3, 1], [2, 3, 1, 2]]
 */
export function resize(a: ArrayLike, newShape: number | readonly number[]): Array {
  const shape = typeof newShape === "number" ? [newShape] : [...newShape];
  if (shape.some((d) => d < 0)) throw new ValueError("all elements of `new_shape` must be non-negative");
  const arr = ravel(a);
  const size = shape.reduce((p, q) => p * q, 1);
  if (arr.size === 0 || size === 0) return lax.full(shape, 0, arr.dtype);
  return reshape(tileToSize(arr, size), shape);
}

/**
 * `np.rollaxis` (jnp.rollaxis): moves `axis` to position `start` (numpy's older form of moveaxis).
 *
 * @example
 * np.rollaxis(np.zeros([2, 3, 4]), 2).shape; // [4, 2, 3]
 */
export function rollaxis(a: ArrayLike, axis: number, start = 0): Array {
  const arr = asArray(a);
  start = staticInt(start, "'start' argument of jnp.rollaxis()");
  const nd = arr.ndim;
  const ax = canonicalizeAxis(axis, nd);
  if (!(-nd <= start && start <= nd)) throw new ValueError(`start=${start} must satisfy ${-nd}<=start<=${nd}`);
  if (start < 0) start += nd;
  if (start > ax) start -= 1;
  return moveaxis(arr, ax, start);
}

/**
 * `np.digitize` (jnp.digitize): the index of the bin of `bins` (increasing or decreasing) each element of `x` falls into.
 *
 * @example
 * np.digitize(np.array([0.5, 1.5, 3]), np.array([0, 1, 2])); // [1, 2, 3]
 */
export function digitize(x: ArrayLike, bins: ArrayLike, right = false): Array {
  const xa = asArray(x);
  const b = asArray(bins);
  if (b.ndim !== 1) throw new ValueError(`digitize: bins must be a 1-dimensional array; got bins with shape ${b.aval.str()}`);
  if (b.shape[0] === 0) return lax.full(xa.shape, 0, "int32");
  const side = right ? "left" : "right";
  const n = b.shape[0]!;
  const increasing = lax.ge(lax.indexInDim(b, n - 1, 0, false), lax.indexInDim(b, 0, 0, false));
  const up = searchsorted(b, xa, { side });
  const down = lax.sub(strong(n, "int32"), searchsorted(lax.rev(b, [0]), xa, { side }));
  return where(increasing, up, down);
}

/**
 * `np.topK(a, k, { axis, mode, sorted })` (jax.lax.top_k along any axis, also for the smallest; jnp has no top_k): the `k` largest (or smallest) elements along `axis` and their indices, sorted.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 9, 3, 7], [4, 2, 8, 6]]);
 * const [values, indices] = np.topK(x, 2);
 * values; // Array([[9., 7.], [8., 6.]], dtype=float32)
 * indices; // Array([[1, 3], [2, 3]], dtype=int32)
 * np.topK(np.array([5, 1, 3]), 2, { mode: "smallest" }); // [Array([1., 3.], dtype=float32), Array([1, 2], dtype=int32)]
 * ```
 */
export function topK(a: ArrayLike, k: number, opts: { axis?: number; mode?: "largest" | "smallest"; sorted?: boolean } = {}): [values: Array, indices: Array] {
  const arr = asArray(a);
  const mode = opts.mode ?? "largest";
  if (mode !== "largest" && mode !== "smallest") throw new ValueError(`mode must be 'largest' or 'smallest', got ${JSON.stringify(mode)}`);
  const axis = canonicalizeAxis(opts.axis ?? -1, arr.ndim);
  const last = arr.ndim - 1;
  const run = (x: Array): [Array, Array] => {
    const [v, i] = lax.topK(swapaxes(x, axis, last), k);
    return [swapaxes(v, axis, last), swapaxes(i, axis, last)];
  };
  if (mode === "largest") return run(arr);
  if (arr.dtype === "bool") {
    const [v, i] = run(lax.bitwiseNot(arr));
    return [lax.bitwiseNot(v), i];
  }
  if (arr.dtype === "uint32") {
    const [v, i] = run(lax.neg(lax.add(arr, strong(1, "uint32"))));
    return [lax.neg(lax.add(v, strong(1, "uint32"))), i];
  }
  const [v, i] = run(lax.neg(arr));
  return [lax.neg(v), i];
}

/** The k smallest of `arr`'s last axis (unsorted order as JAX: top_k of the negation), then the rest. */
function bottomTop(arr: Array, kth: number): [bottom: Array, top: Array, indices: [Array, Array]] {
  const n = arr.shape[arr.ndim - 1]!;
  const neg = arr.dtype === "uint32" ? lax.neg(lax.add(arr, strong(1, "uint32"))) : lax.neg(arr);
  const [bv, bi] = lax.topK(neg, kth + 1);
  const bottom = arr.dtype === "uint32" ? lax.sub(lax.neg(bv), strong(1, "uint32")) : lax.neg(bv);
  const [tv, ti] = lax.topK(arr, n - kth - 1);
  return [bottom, tv, [bi, ti]];
}

/**
 * `a` rearranged along `axis` so that the kth element is where it would be after sorting, the
 * smaller ones before it and the larger after (orders within each side as JAX's top_k).
 *
 * @example
 * np.partition(np.array([5, 1, 4, 2, 3]), 1); // [1, 2, 5, 4, 3]
 */
export function partition(a: ArrayLike, kth: number, axis = -1): Array {
  let arr = asArray(a);
  const ax = canonicalizeAxis(axis, arr.ndim);
  const k = canonicalizeAxis(staticInt(kth, "kth"), arr.shape[ax]!);
  arr = swapaxes(arr, ax, -1);
  const [bottom, top] = bottomTop(arr, k);
  return swapaxes(lax.concatenate([bottom, top], arr.ndim - 1), -1, ax);
}

/**
 * `np.argpartition` (jnp.argpartition): the indices that would partition `a` along `axis` (see {@link partition}).
 *
 * @example
 * np.argpartition(np.array([5, 1, 4, 2, 3]), 1); // [1, 3, 0, 2, 4]
 */
export function argpartition(a: ArrayLike, kth: number, axis = -1): Array {
  let arr = asArray(a);
  const ax = canonicalizeAxis(axis, arr.ndim);
  const k = canonicalizeAxis(staticInt(kth, "kth"), arr.shape[ax]!);
  arr = swapaxes(arr, ax, -1);
  const last = arr.ndim - 1;
  const n = arr.shape[last]!;
  const [, , [bottomInd]] = bottomTop(arr, k);
  // JAX's proxy: ones with the bottom positions zeroed, so top_k picks the remaining positions
  // (duplicates of the kth value cannot be picked twice).
  const hit = lax.eq(
    lax.broadcastInDim(bottomInd, [...bottomInd.shape, n], bottomInd.shape.map((_, i) => i)),
    lax.broadcastInDim(iota(n), [...bottomInd.shape, n], [last + 1]),
  );
  const proxy = lax.select(lax.reduceOr(hit, [last]), lax.full(arr.shape, 0, "float32"), lax.full(arr.shape, 1, "float32"));
  const [, topInd] = lax.topK(proxy, n - k - 1);
  return swapaxes(lax.concatenate([bottomInd, topInd], last), -1, ax);
}

const IMMUTABLE = (name: string): string =>
  `jax.numpy.${name} cannot modify arrays in-place, because JAX arrays are immutable. Pass inplace=False to instead return an updated array.`;

/**
 * `arr` with the positions where `mask` is true set to `vals` in order (repeated as needed). JAX
 * arrays are immutable: pass `inplace: false` (JAX's ValueError otherwise).
 *
 * @example
 * np.place(np.array([1, 2, 3, 4]), np.array([true, false, true, false]), np.array([9, 8]), { inplace: false }); // [9, 2, 8, 4]
 */
export function place(arr: ArrayLike, mask: ArrayLike, vals: ArrayLike, opts: { inplace?: boolean } = {}): Array {
  const data = asArray(arr);
  const m = asArray(mask);
  const v = ravel(vals);
  if (opts.inplace ?? true) throw new ValueError(IMMUTABLE("place"));
  if (data.size !== m.size) throw new ValueError("place: arr and mask must be the same size");
  if (!v.size) throw new ValueError("Cannot place values from an empty array");
  if (!data.size) return data;
  // Positions past the last true entry point out of bounds and are dropped.
  const idx = nonzero(ravel(m), { size: m.size, fillValue: m.size })[0]!;
  return reshape(at(ravel(data), [idx]).set(tileToSize(v, idx.shape[0]!)), data.shape);
}

/**
 * `a` with flat positions `ind` set to `v` (repeated as needed); out-of-range indices are clamped
 * (JAX's unravel_index), or wrapped / clipped with `mode`. Pass `inplace: false` (JAX's ValueError otherwise).
 *
 * @example
 * np.put(np.zeros(4), np.array([0, 2], { dtype: "int32" }), np.array([5, 6]), null, { inplace: false }); // [5, 0, 6, 0]
 */
export function put(a: ArrayLike, ind: ArrayLike, v: ArrayLike, mode: "clip" | "wrap" | "raise" | null = null, opts: { inplace?: boolean } = {}): Array {
  if (opts.inplace ?? true) throw new ValueError(IMMUTABLE("put"));
  const arr = asArray(a);
  let i = ravel(ind);
  const vals = ravel(v);
  if (!arr.size || !i.size || !vals.size) return arr;
  if (mode === "clip") i = clip(i, 0, arr.size - 1);
  else if (mode === "wrap") i = remainder(i, arr.size);
  else if (mode === "raise") throw new NotImplementedError("The 'raise' mode to jnp.put is not supported.");
  else if (mode !== null) throw new ValueError(`mode should be one of 'wrap' or 'clip'; got mode=${JSON.stringify(mode)}`);
  // JAX scatters at unravel_index(ind, shape), which clamps out-of-range flat indices.
  return at(arr, unravelIndex(i, arr.shape)).set(tileToSize(vals, i.size));
}

/**
 * The median ignoring NaNs (JAX: nanquantile at 0.5 with method 'midpoint').
 *
 * @example
 * np.nanmedian(np.array([1, NaN, 3, 4])); // 3
 */
export function nanmedian(a: ArrayLike, axis?: number | readonly number[] | null | Pick<QuantileOptions, "axis" | "keepdims">, keepdims = false): Array {
  const o = axis !== null && typeof axis === "object" && !globalThis.Array.isArray(axis) ? (axis as Pick<QuantileOptions, "axis" | "keepdims">) : { axis: axis as number | readonly number[] | null | undefined, keepdims };
  return nanquantile(a, 0.5, { axis: o.axis ?? null, keepdims: o.keepdims ?? false, method: "midpoint" });
}

/**
 * `np.matvec(x1, x2)` (jnp.matvec): batched matrix-vector product: x1 [..., n, m] times x2 [..., m] -> [..., n].
 *
 * @example
 * ```ts
 * np.matvec(np.array([[1, 2], [3, 4]]), np.array([1, 1])); // Array([3., 7.], dtype=float32)
 * np.matvec(np.ones([5, 2, 3]), np.ones([3])).shape; // [5, 2]
 * ```
 */
export function matvec(x1: ArrayLike, x2: ArrayLike): Array {
  return squeeze(matmul(x1, expandDims(x2, -1)), -1);
}

/**
 * `np.vecmat(x1, x2)` (jnp.vecmat): batched (conjugate) vector-matrix product: x1 [..., n] times x2 [..., n, m] -> [..., m].
 *
 * @example
 * ```ts
 * np.vecmat(np.array([1, 1]), np.array([[1, 2], [3, 4]])); // Array([4., 6.], dtype=float32)
 * ```
 */
export function vecmat(x1: ArrayLike, x2: ArrayLike): Array {
  return squeeze(matmul(expandDims(conjugate(x1), -2), x2), -2);
}

/**
 * `np.vecdot` (jnp.vecdot): the (conjugate) dot product along `axis`, broadcasting the other axes (= np.linalg.vecdot).
 *
 * @example
 * ```ts
 * np.vecdot(np.array([[1, 2], [3, 4]]), np.array([1, 1])); // Array([3., 7.], dtype=float32)
 * ```
 */
export const vecdot = linalgVecdot;

/** numpy's casting rules for dprog's dtypes (np.can_cast; JAX re-exports numpy's). */
const CAST_ORDER: readonly DType[] = DTYPES;
const INTN_SAFE_FLOATS: readonly DType[] = ["float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2fnuz", "float16", "float32", "float64", "complex64", "complex128"];
const SAFE: Record<DType, readonly DType[]> = {
  bool: CAST_ORDER,
  int8: ["int8", "int16", "int32", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz", "float16", "bfloat16", "float32", "float64", "complex64", "complex128"],
  int16: ["int16", "int32", "float32", "float64", "complex64", "complex128"],
  int32: ["int32", "float64", "complex128"],
  uint8: ["uint8", "uint16", "uint32", "int16", "int32", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz", "float16", "bfloat16", "float32", "float64", "complex64", "complex128"],
  uint16: ["uint16", "uint32", "int32", "float32", "float64", "complex64", "complex128"],
  uint32: ["uint32", "float64", "complex128"],
  // ml_dtypes' registered casts of its 2- and 4-bit integers (numpy 2.4.6, ml_dtypes 0.6.0).
  int2: ["int2", "int4", "int8", "int16", "int32", ...INTN_SAFE_FLOATS],
  int4: ["int4", "int8", "int16", "int32", ...INTN_SAFE_FLOATS],
  uint2: ["int8", "int16", "int32", "uint2", "uint4", "uint8", "uint16", "uint32", ...INTN_SAFE_FLOATS],
  uint4: ["int8", "int16", "int32", "uint4", "uint8", "uint16", "uint32", ...INTN_SAFE_FLOATS],
  float16: ["float16", "float32", "float64", "complex64", "complex128"],
  bfloat16: ["bfloat16", "float32", "float64", "complex64", "complex128"],
  // ml_dtypes' registered casts (numpy 2.4.6 with ml_dtypes 0.6.0, as jnp.can_cast reports).
  float8_e4m3fn: ["float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2fnuz", "float32", "float64", "complex64", "complex128"],
  float8_e4m3fnuz: ["float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2fnuz", "float32", "float64", "complex64", "complex128"],
  float8_e5m2: ["float8_e5m2", "float32", "float64", "complex64", "complex128"],
  float8_e5m2fnuz: ["float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2fnuz", "float32", "float64", "complex64", "complex128"],
  float32: ["float32", "float64", "complex64", "complex128"],
  float64: ["float64", "complex128"],
  complex64: ["complex64", "complex128"],
  complex128: ["complex128"],
};
const SIGNED_AND_FLOATS: readonly DType[] = ["int8", "int16", "int32", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz", "float16", "bfloat16", "float32", "float64", "complex64", "complex128"];
const FLOATS: readonly DType[] = ["float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz", "float16", "bfloat16", "float32", "float64", "complex64", "complex128"];
const FP8_SAME_KIND: readonly DType[] = ["float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2fnuz", "bfloat16", "float32", "float64", "complex64", "complex128"];
const SAME_KIND: Record<DType, readonly DType[]> = {
  bool: CAST_ORDER,
  int8: SIGNED_AND_FLOATS,
  int16: SIGNED_AND_FLOATS,
  int32: SIGNED_AND_FLOATS,
  uint8: CAST_ORDER.filter((d) => d !== "bool"),
  uint16: CAST_ORDER.filter((d) => d !== "bool"),
  uint32: CAST_ORDER.filter((d) => d !== "bool"),
  int2: [...SAFE.int2, "bfloat16"],
  int4: [...SAFE.int4, "bfloat16"],
  uint2: [...SAFE.uint2, "bfloat16"],
  uint4: [...SAFE.uint4, "bfloat16"],
  float16: FLOATS,
  bfloat16: FLOATS.filter((d) => d !== "float8_e5m2"),
  // As numpy with ml_dtypes registers them: e5m2 casts to every float, the others not to float16
  // or e5m2, and complex values to three of the float8s.
  float8_e4m3fn: FP8_SAME_KIND,
  float8_e4m3fnuz: FP8_SAME_KIND,
  float8_e5m2: FLOATS,
  float8_e5m2fnuz: FP8_SAME_KIND,
  float32: FLOATS,
  float64: FLOATS,
  complex64: ["float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2fnuz", "complex64", "complex128"],
  complex128: ["float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2fnuz", "complex64", "complex128"],
};

/**
 * `np.canCast` (jnp.can_cast): whether a value of dtype `from` can be cast to `to` under numpy's `casting` rule.
 *
 * @example
 * np.canCast("int32", "float32"); // false
 * // ('safe': float32 cannot hold every int32)
 */
export function canCast(from: DTypeLike | Array, to: DTypeLike, casting: "no" | "equiv" | "safe" | "same_kind" | "unsafe" = "safe"): boolean {
  const f = toDType(from);
  const t = toDType(to);
  // ml_dtypes registers a cast into its 2- and 4-bit integers from every other dtype as same_kind,
  // and as safe from bool and three of the float8s only (numpy 2.4.6, ml_dtypes 0.6.0).
  if (isIntN(t) && !isIntN(f) && f !== "bool" && (casting === "safe" || casting === "same_kind")) {
    return casting === "same_kind" || f === "float8_e4m3fn" || f === "float8_e4m3fnuz" || f === "float8_e5m2fnuz";
  }
  switch (casting) {
    case "no":
    case "equiv":
      return f === t;
    case "safe":
      return SAFE[f].includes(t);
    case "same_kind":
      return SAME_KIND[f].includes(t);
    case "unsafe":
      return true;
    default:
      throw new ValueError("casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe'");
  }
}

/**
 * `np.applyOverAxes` (jnp.apply_over_axes): applies `func(a, axis)` over each axis in turn, keeping dimensions (a reduced axis is restored
 * with size 1).
 *
 * @example
 * ```ts
 * const x = np.arange(24).reshape([2, 3, 4]);
 * np.applyOverAxes(np.sum, x, [0, 2]); // Array([[[ 60], [ 92], [124]]], dtype=int32)
 * ```
 */
export function applyOverAxes(func: (a: Array, axis: number) => Array, a: ArrayLike, axes: readonly number[]): Array {
  let arr = asArray(a);
  for (const axis of axes) {
    const b = func(arr, axis);
    if (b.ndim === arr.ndim) arr = b;
    else if (b.ndim === arr.ndim - 1) arr = expandDims(b, axis);
    else throw new ValueError("function is not returning an array of the correct shape");
  }
  return arr;
}
