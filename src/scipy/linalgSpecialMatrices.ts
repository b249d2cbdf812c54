// scipy.linalg's special matrices as jax.scipy.linalg defines them (jax/_src/scipy/linalg.py:
// hankel circulant leslie companion fiedler convolution_matrix hilbert pascal invpascal helmert
// hadamard dft; convolution_matrix indexes `a` directly rather than building JAX's toeplitz
// operands). Each is built from numpy operations, so the ones with array inputs go through
// jit, vmap and grad; the vector-input ones batch over leading dimensions as JAX's vectorize does.
import { Array, type ArrayLike } from "../core/array.js";
import { defaultComplexDType, defaultFloatDType, isInexact } from "../../jaxpr/index.js";
import type { DTypeLike } from "../numpy/dtypeLike.js";
import { ValueError } from "../core/errors.js";
import * as np from "../numpy/index.js";
import { gammaln } from "./special/gammaFunctions.js";
import { comb } from "./special/boxcox.js";

/** JAX's vectorize over leading dimensions of a function of one or two vectors. */
function batched(signature: string, f: (...vs: Array[]) => Array): (...vs: Array[]) => Array {
  return np.vectorize(f as (...args: never[]) => Array, { signature }) as (...vs: Array[]) => Array;
}

/**
 * `scipy.linalg.hankel(c, r?)` (jax.scipy.linalg.hankel): the Hankel matrix with first column `c`
 * and last row `r` (zeros by default; r[0] is ignored); batched over leading dimensions.
 *
 * @example
 * ```ts
 * scipy.linalg.hankel(np.array([1, 2, 3]), np.array([3, 4, 5])); // Array([[1., 2., 3.], [2., 3., 4.], [3., 4., 5.]], dtype=float32)
 * ```
 */
export function hankel(c: ArrayLike, r?: ArrayLike | null): Array {
  const col = np.asarray(c);
  const row = r === undefined || r === null ? np.zerosLike(col) : np.asarray(r);
  if (col.ndim === 0) throw new ValueError("hankel: c must be at least 1-dimensional, got a scalar.");
  if (row.ndim === 0) throw new ValueError("hankel: r must be at least 1-dimensional, got a scalar.");
  const dtype = np.resultType(col, row).dtype;
  const m = col.shape[col.ndim - 1]!;
  const n = row.shape[row.ndim - 1]!;
  if (m === 0 || n === 0) return np.zeros([...np.broadcastShapes(col.shape.slice(0, -1), row.shape.slice(0, -1)), m, n], { dtype });
  const lead = np.broadcastShapes(col.shape.slice(0, -1), row.shape.slice(0, -1));
  // H[i, j] = v[i + j] with v = [c, r[1:]].
  const v = np.concatenate([np.broadcastTo(col.astype(dtype), [...lead, m]), np.broadcastTo(row.astype(dtype), [...lead, n]).get("...", "1:")], -1);
  return np.take(v, np.add(np.arange(m).reshape([m, 1]), np.arange(n).reshape([1, n])), -1);
}

/**
 * `scipy.linalg.circulant(c)` (jax.scipy.linalg.circulant): the circulant matrix with first
 * column `c`, `C[i, j] = c[(i - j) mod n]`; batched over leading dimensions.
 *
 * @example
 * ```ts
 * scipy.linalg.circulant(np.array([1, 2, 3])); // Array([[1., 3., 2.], [2., 1., 3.], [3., 2., 1.]], dtype=float32)
 * ```
 */
export function circulant(c: ArrayLike): Array {
  const col = np.atleast1d(np.asarray(c));
  const n = col.shape[col.ndim - 1]!;
  if (n === 0) return np.zeros([...col.shape, 0], { dtype: col.dtype });
  const idx = np.remainder(np.subtract(np.arange(n).reshape([n, 1]), np.arange(n).reshape([1, n])), n);
  return np.take(col, idx, -1);
}

/**
 * `scipy.linalg.leslie(f, s)` (jax.scipy.linalg.leslie): the Leslie matrix with fecundities `f`
 * in the first row and survival rates `s` on the subdiagonal; batched over leading dimensions.
 *
 * @example
 * ```ts
 * scipy.linalg.leslie(np.array([0.1, 2, 1]), np.array([0.2, 0.8])); // Array([[0.1, 2. , 1. ], [0.2, 0. , 0. ], [0. , 0.8, 0. ]], dtype=float32)
 * ```
 */
export function leslie(f: ArrayLike, s: ArrayLike): Array {
  const fa = np.atleast1d(np.asarray(f));
  const sa = np.atleast1d(np.asarray(s));
  if (fa.shape[fa.ndim - 1]! < 2) throw new ValueError(`The length of f along the last axis must be at least 2; got shape (${fa.shape.join(", ")}${fa.ndim === 1 ? "," : ""}).`);
  if (sa.shape[sa.ndim - 1] !== fa.shape[fa.ndim - 1]! - 1) {
    const t = (a: Array): string => `(${a.shape.join(", ")}${a.ndim === 1 ? "," : ""})`;
    throw new ValueError(`Incorrect lengths for f and s. The length of s along the last axis must be one less than the length of f; got f shape ${t(fa)} and s shape ${t(sa)}.`);
  }
  const dtype = np.resultType(fa, sa).dtype;
  return batched("(n),(m)->(n,n)", (fv, sv) => np.diag(sv.astype(dtype), -1).at(0).set(fv.astype(dtype)))(fa, sa);
}

/**
 * `scipy.linalg.companion(a)` (jax.scipy.linalg.companion): the companion matrix of the
 * polynomial with coefficients `a` (highest degree first): first row `-a[1:] / a[0]`, ones on the
 * subdiagonal; batched over leading dimensions.
 *
 * @example
 * ```ts
 * scipy.linalg.companion(np.array([1, -10, 31, -30])); // Array([[ 10., -31.,  30.], [  1.,   0.,   0.], [  0.,   1.,   0.]], dtype=float32)
 * ```
 */
export function companion(a: ArrayLike): Array {
  const arr = np.atleast1d(np.asarray(a));
  const coeffs = isInexact(arr.dtype) ? arr : arr.astype(arr.weakType ? defaultFloatDType() : "float32");
  if (coeffs.shape[coeffs.ndim - 1]! < 2) throw new ValueError(`The length of \`a\` along the last axis must be at least 2; got shape (${coeffs.shape.join(", ")}${coeffs.ndim === 1 ? "," : ""}).`);
  return batched("(n)->(m,m)", (v) => {
    const m = v.shape[0]! - 1;
    const firstRow = np.negative(np.divide(v.get("1:"), v.get(0)));
    return np.eye(m, m, { k: -1, dtype: firstRow.dtype }).at(0).set(firstRow);
  })(coeffs);
}

/**
 * `scipy.linalg.fiedler(a)` (jax.scipy.linalg.fiedler): the symmetric Fiedler matrix
 * `|a[i] - a[j]|`; batched over leading dimensions.
 *
 * @example
 * ```ts
 * scipy.linalg.fiedler(np.array([1, 4, 12])); // Array([[ 0.,  3., 11.], [ 3.,  0.,  8.], [11.,  8.,  0.]], dtype=float32)
 * ```
 */
export function fiedler(a: ArrayLike): Array {
  const arr = np.atleast1d(np.asarray(a));
  return np.abs(np.subtract(np.expandDims(arr, -1), np.expandDims(arr, -2)));
}

/**
 * `scipy.linalg.fiedlerCompanion(a)` (jax.scipy.linalg.fiedler_companion): Fiedler's pentadiagonal
 * companion matrix of the polynomial with coefficients `a` (highest degree first; same
 * eigenvalues as {@link companion}); batched over leading dimensions. JAX's layout: -a[1] at
 * (0, 0), 1 at (1, 0); on even rows i, -a[i+2] at (i, i+1), 1 at (i, i+2), -a[i+1] at (i, i-1)
 * for i >= 2; on odd rows i >= 3, 1 at (i, i-2).
 *
 * @example
 * ```ts
 * scipy.linalg.fiedlerCompanion(np.array([1, 2, 3, 4])); // Array([[-2., -3.,  1.], [ 1.,  0.,  0.], [ 0., -4.,  0.]], dtype=float32)
 * ```
 */
export function fiedlerCompanion(a: ArrayLike): Array {
  const arr = np.atleast1d(np.asarray(a));
  const coeffs = isInexact(arr.dtype) ? arr : arr.astype(arr.weakType ? defaultFloatDType() : "float32");
  if (coeffs.shape[coeffs.ndim - 1] === 0) {
    throw new ValueError(`fiedler_companion requires the last axis of 'a' to have nonzero length, but got an array of shape (${coeffs.shape.join(", ")}${coeffs.ndim === 1 ? "," : ""}).`);
  }
  return batched("(n)->(m,m)", (v) => {
    const n = v.shape[0]! - 1;
    if (n === 0) return np.zeros([0, 0], { dtype: v.dtype });
    const monic = np.divide(v, v.get(0));
    if (n === 1) return np.negative(monic.get("1:")).reshape([1, 1]);
    const i = np.arange(n).reshape([n, 1]);
    const j = np.arange(n).reshape([1, n]);
    const superValue = np.negative(np.take(monic, np.minimum(np.add(i, 2), n)));
    const subValue = np.negative(np.take(monic, np.minimum(np.add(i, 1), n)));
    const even = np.equal(np.remainder(i, 2), 0);
    const odd = np.logicalNot(even);
    const and = (...xs: Array[]): Array => xs.reduce((x, y) => np.logicalAnd(x, y));
    const conditions = [
      and(np.equal(i, 0), np.equal(j, 0)),
      and(np.equal(i, 1), np.equal(j, 0)),
      and(np.equal(j, np.add(i, 1)), even),
      and(np.equal(j, np.add(i, 2)), even),
      and(np.equal(j, np.subtract(i, 1)), even, np.greaterEqual(i, 2)),
      and(np.equal(j, np.subtract(i, 2)), odd, np.greaterEqual(i, 3)),
    ];
    const one = np.ones([], { dtype: v.dtype });
    return np.select(conditions, [np.negative(monic.get(1)), one, superValue, one, subValue, one], 0);
  })(coeffs);
}

/** Options of `scipy.linalg.convolutionMatrix`. */
export interface ConvolutionMatrixOptions {
  /** "full" (default), "valid" or "same", as np.convolve's modes. */
  mode?: "full" | "valid" | "same";
}

/**
 * `scipy.linalg.convolutionMatrix(a, n, mode?)` (jax.scipy.linalg.convolution_matrix): the
 * Toeplitz matrix `A` with `A @ v = np.convolve(a, v, mode)` for every length-`n` vector `v`.
 *
 * @example
 * ```ts
 * scipy.linalg.convolutionMatrix(np.array([1, 2]), 3); // Array([[1., 0., 0.], [2., 1., 0.], [0., 2., 1.], [0., 0., 2.]], dtype=float32)
 * ```
 */
export function convolutionMatrix(a: ArrayLike, n: number, mode: "full" | "valid" | "same" | ConvolutionMatrixOptions = "full"): Array {
  const how = typeof mode === "object" ? (mode.mode ?? "full") : mode;
  if (!Number.isInteger(n) || n <= 0) throw new ValueError(`n must be a positive integer; got ${n}.`);
  const arr = np.asarray(a);
  if (arr.ndim === 0) throw new ValueError("convolution_matrix: a must be at least 1-dimensional, got a scalar.");
  const m = arr.shape[arr.ndim - 1]!;
  if (m < 1) throw new ValueError(`len(a) must be at least 1; got shape (${arr.shape.join(", ")}${arr.ndim === 1 ? "," : ""}).`);
  if (how !== "full" && how !== "valid" && how !== "same") throw new ValueError(`mode must be one of 'full', 'valid', 'same'; got '${String(how)}'.`);
  const trim = Math.min(n, m) - 1;
  const [tb, te] = how === "same" ? [Math.floor(trim / 2), trim - Math.floor(trim / 2)] : how === "valid" ? [trim, trim] : [0, 0];
  // Row i of the full matrix holds a[i - j] in column j (zero outside 0..m-1); modes drop rows.
  const rows = m + n - 1 - tb - te;
  const idx = np.subtract(np.arange(tb, tb + rows).reshape([rows, 1]), np.arange(n).reshape([1, n]));
  const inside = np.logicalAnd(np.greaterEqual(idx, 0), np.less(idx, m));
  return np.where(inside, np.take(arr, np.clip(idx, 0, m - 1), -1), np.zeros([], { dtype: arr.dtype }));
}

/**
 * `scipy.linalg.hilbert(n)` (jax.scipy.linalg.hilbert): the n×n Hilbert matrix `1 / (i + j + 1)`.
 *
 * @example
 * ```ts
 * scipy.linalg.hilbert(3); // Array([[1.        , 0.5       , 0.33333334], [0.5       , 0.33333334, 0.25      ], [0.33333334, 0.25      , 0.2       ]], dtype=float32)
 * ```
 */
export function hilbert(n: number): Array {
  const a = np.arange(n, { dtype: defaultFloatDType() }).reshape([n, 1]);
  return np.reciprocal(np.add(np.add(a, np.transpose(a)), 1));
}

/**
 * `scipy.linalg.invhilbert(n)` (jax.scipy.linalg.invhilbert): the inverse of the n×n Hilbert
 * matrix by its closed form in binomial coefficients (scipy.special.comb, from lgamma as JAX's).
 *
 * @example
 * ```ts
 * np.round(scipy.linalg.invhilbert(2)); // Array([[  4.,  -6.], [ -6.,  12.]], dtype=float32)
 * ```
 */
export function invhilbert(n: number): Array {
  const a = np.arange(n, { dtype: defaultFloatDType() });
  const i = a.reshape([n, 1]);
  const j = a.reshape([1, n]);
  const s = np.add(i, j);
  const sign = np.power(-1, s);
  const c1 = comb(np.add(i, n), np.subtract(np.subtract(n, j), 1));
  const c2 = comb(np.add(j, n), np.subtract(np.subtract(n, i), 1));
  return np.multiply(np.multiply(np.multiply(sign, np.add(s, 1)), np.multiply(c1, c2)), np.square(comb(s, i)));
}

/** Binomial coefficients by lgamma, as JAX's _binom (exact after rounding for moderate n). */
const binom = (n: Array, k: Array): Array => np.exp(np.subtract(np.subtract(gammaln(np.add(n, 1)), gammaln(np.add(np.subtract(n, k), 1))), gammaln(np.add(k, 1))));

type PascalKind = "symmetric" | "lower" | "upper";
function pascalKind(kind: PascalKind | null | undefined, article: string): PascalKind {
  const k = kind ?? "symmetric";
  if (k !== "symmetric" && k !== "lower" && k !== "upper") throw new ValueError(`Expected kind to be ${article}: ['symmetric', 'lower', 'upper']; got ${String(k)}`);
  return k;
}

/**
 * `scipy.linalg.pascal(n, kind?)` (jax.scipy.linalg.pascal): the Pascal matrix of binomial
 * coefficients: "symmetric" (default), "lower" or "upper" triangular; float32 from lgamma as JAX's
 * (so entries are within float32 rounding of the integers, not exact).
 *
 * @example
 * ```ts
 * np.round(scipy.linalg.pascal(3)); // Array([[1., 1., 1.], [1., 2., 3.], [1., 3., 6.]], dtype=float32)
 * ```
 */
export function pascal(n: number, kind?: PascalKind | null): Array {
  const k = pascalKind(kind, "on of");
  const a = np.arange(n, { dtype: "float32" });
  const lower = binom(a.reshape([n, 1]), a.reshape([1, n]));
  if (k === "lower") return lower;
  if (k === "upper") return np.transpose(lower);
  return np.matmul(lower, np.transpose(lower));
}

/**
 * `scipy.linalg.invpascal(n, kind?)` (jax.scipy.linalg.invpascal): the inverse of the Pascal
 * matrix, from the lower factor's inverse `(-1)^(i-j) C(i, j)`.
 *
 * @example
 * ```ts
 * np.round(scipy.linalg.invpascal(3)); // Array([[ 3., -3.,  1.], [-3.,  5., -2.], [ 1., -2.,  1.]], dtype=float32)
 * ```
 */
export function invpascal(n: number, kind?: PascalKind | null): Array {
  const k = pascalKind(kind, "one of");
  const a = np.arange(n, { dtype: defaultFloatDType() });
  const i = a.reshape([n, 1]);
  const j = a.reshape([1, n]);
  const lowerInverse = np.multiply(np.power(-1, np.subtract(i, j)), binom(i, j));
  if (k === "lower") return lowerInverse;
  if (k === "upper") return np.transpose(lowerInverse);
  return np.matmul(np.transpose(lowerInverse), lowerInverse);
}

/**
 * `scipy.linalg.helmert(n, full?)` (jax.scipy.linalg.helmert): the (n-1)×n Helmert matrix (n×n
 * with the constant first row when `full`).
 *
 * @example
 * ```ts
 * scipy.linalg.helmert(2); // Array([[ 0.70710677, -0.70710677]], dtype=float32)
 * ```
 */
export function helmert(n: number, full = false): Array {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`n must be a positive integer; got ${n}.`);
  const dtype = defaultFloatDType();
  const i = np.arange(n - 1).reshape([n - 1, 1]);
  const j = np.arange(n).reshape([1, n]);
  const k = np.add(i, 1).astype(dtype);
  const denom = np.sqrt(np.multiply(k, np.add(k, 1)));
  const h = np.where(np.lessEqual(j, i), np.reciprocal(denom), np.where(np.equal(j, np.add(i, 1)), np.divide(np.negative(k), denom), 0));
  if (!full) return h;
  return np.concatenate([np.full([1, n], 1 / Math.sqrt(n), { dtype }), h], 0);
}

/**
 * `scipy.linalg.hadamard(n, dtype?)` (jax.scipy.linalg.hadamard): Sylvester's n×n Hadamard
 * matrix of ±1 (n a power of 2), int32 by default.
 *
 * @example
 * ```ts
 * scipy.linalg.hadamard(2); // Array([[ 1,  1], [ 1, -1]], dtype=int32)
 * ```
 */
export function hadamard(n: number, dtype: DTypeLike = "int32"): Array {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(Math.log2(n))) throw new ValueError(`n must be a positive power of 2; got ${n}.`);
  let h = np.ones([1, 1], { dtype });
  for (let size = 1; size < n; size *= 2) h = np.block([[h, h], [h, np.negative(h)]]);
  return h;
}

/** Options of `scipy.linalg.dft`. */
export interface DftOptions {
  /** A complex dtype (the default complex dtype when null). */
  dtype?: DTypeLike | null;
}

/**
 * `scipy.linalg.dft(n, scale?, opts?)` (jax.scipy.linalg.dft): the n×n discrete Fourier
 * transform matrix `exp(-2πi jk / n)`, divided by `sqrt(n)` ("sqrtn") or `n` ("n").
 *
 * @example
 * ```ts
 * scipy.linalg.dft(2); // Array([[ 1.+0.000000e+00j,  1.+0.000000e+00j], [ 1.+0.000000e+00j, -1.+8.742278e-08j]], dtype=complex64)
 * ```
 */
export function dft(n: number, scale?: "sqrtn" | "n" | null, opts: DftOptions = {}): Array {
  if (scale !== undefined && scale !== null && scale !== "sqrtn" && scale !== "n") throw new ValueError(`scale must be None, 'sqrtn', or 'n'; got '${String(scale)}'.`);
  const dtype = opts.dtype === undefined || opts.dtype === null ? defaultComplexDType() : np.dtype(opts.dtype);
  if (dtype !== "complex64" && dtype !== "complex128") throw new ValueError(`dtype must be a complex floating-point type; got ${dtype}.`);
  const realDtype = dtype === "complex64" ? "float32" : "float64";
  const a = np.arange(n, { dtype: realDtype });
  const angle = np.divide(np.multiply(np.multiply(a.reshape([n, 1]), a.reshape([1, n])), -2 * Math.PI), n);
  let omegas = np.exp(np.multiply(angle.astype(dtype), np.complex128(0, 1).astype(dtype)));
  if (scale === "sqrtn") omegas = np.divide(omegas, Math.sqrt(n));
  else if (scale === "n") omegas = np.divide(omegas, n);
  return omegas;
}
