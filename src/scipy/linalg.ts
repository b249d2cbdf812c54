// jax.scipy.linalg (jax/_src/scipy/linalg.py) over lax.linalg and np.linalg: scipy's signatures
// and conventions (cholesky upper by default, lu's P with A = P L U, qr's mode "full"), keyword
// arguments as a trailing options object; scipy's overwrite_*/check_finite flags do not exist in
// JAX's sense and are left out. Failure modes are JAX's: a matrix that is not positive definite
// gives NaNs from cholesky, a singular one inf/nan from the solves. schur, hessenberg and sqrtm are
// in linalgSchur.ts.
import { Array, type ArrayLike } from "../core/array.js";
import { NotImplementedError, ValueError } from "../core/errors.js";
import { isFloat } from "../../jaxpr/index.js";
import * as np from "../numpy/index.js";
import * as lax from "../lax/index.js";
import { luSolveCore } from "../numpy/linalgCore.js";
import { jvp } from "../ad/api.js";
import { vmap } from "../vmap/api.js";
import { mT } from "../lax/matrixHelpers.js";

const inexact = (x: ArrayLike): Array => {
  const a = np.asarray(x);
  // JAX's promote_dtypes_inexact: every float dtype stays (lax.linalg refuses the narrow ones as JAX's CPU kernels do).
  return isFloat(a.dtype) ? a : a.astype("float32");
};
const pyShape = (s: readonly number[]): string => (s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`);

function squareMatrix(x: ArrayLike): Array {
  const a = inexact(x);
  if (a.ndim < 2 || a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) throw new ValueError(`Expected A to be a (batched) square matrix, got A.shape=${pyShape(a.shape)}.`);
  return a;
}

/** b as (..., n, k): a vector b (ndim 1) becomes one column (JAX's '(n,n),(n)->(n)' signature). */
function asColumns(b: ArrayLike, dtype: Array["dtype"]): { columns: Array; vector: boolean } {
  let x = np.asarray(b);
  if (x.dtype !== dtype) x = x.astype(dtype);
  return x.ndim === 1 ? { columns: x.reshape([x.shape[0]!, 1]), vector: true } : { columns: x, vector: false };
}
const fromColumns = (x: Array, vector: boolean): Array => (vector ? x.reshape([x.shape[x.ndim - 2]!]) : x);

/**
 * `scipy.linalg.cholesky(a, opts?)` (jax.scipy.linalg.cholesky): the Cholesky factor, upper U with a = U^T U (scipy's default), or lower L with a = L L^T.
 *
 * @example
 * ```ts
 * scipy.linalg.cholesky(np.array([[4, 2], [2, 5]])); // Array([[2., 1.], [0., 2.]], dtype=float32)
 * scipy.linalg.cholesky(np.array([[4, 2], [2, 5]]), { lower: true }); // Array([[2., 0.], [1., 2.]], dtype=float32)
 * ```
 */
export function cholesky(a: ArrayLike, opts: { lower?: boolean } = {}): Array {
  const x = squareMatrix(a);
  const lower = opts.lower ?? false;
  const l = lax.linalg.cholesky(lower ? x : mT(x), { symmetrizeInput: false });
  return lower ? l : mT(l);
}

/**
 * `scipy.linalg.choFactor(a, opts?)` (jax.scipy.linalg.cho_factor): `[c, lower]` for choSolve (the other triangle of c is not zeroed in scipy, here it is).
 *
 * @example
 * ```ts
 * const [c, lower] = scipy.linalg.choFactor(np.array([[4, 2], [2, 5]]));
 * lower; // false
 * c; // Array([[2., 1.], [0., 2.]], dtype=float32)
 * ```
 */
export function choFactor(a: ArrayLike, opts: { lower?: boolean } = {}): [c: Array, lower: boolean] {
  const lower = opts.lower ?? false;
  return [cholesky(a, { lower }), lower];
}

/**
 * `scipy.linalg.choSolve(cAndLower, b)` (jax.scipy.linalg.cho_solve): x with a x = b from `[c, lower]` = choFactor(a).
 *
 * @example
 * ```ts
 * const factors = scipy.linalg.choFactor(np.array([[4, 2], [2, 5]]));
 * scipy.linalg.choSolve(factors, np.array([8, 13])); // Array([0.875, 2.25 ], dtype=float32)
 * ```
 */
export function choSolve(cAndLower: readonly [Array, boolean], b: ArrayLike): Array {
  const [c0, lower] = cAndLower;
  const c = inexact(c0);
  const { columns, vector } = asColumns(b, c.dtype);
  const y = lax.linalg.triangularSolve(c, columns, { leftSide: true, lower, transposeA: !lower });
  return fromColumns(lax.linalg.triangularSolve(c, y, { leftSide: true, lower, transposeA: lower }), vector);
}

/**
 * `scipy.linalg.luFactor(a)` (jax.scipy.linalg.lu_factor): `[lu, piv]`, LAPACK's getrf factors (row i was swapped with row piv[i], in order).
 *
 * @example
 * ```ts
 * const [lu, piv] = scipy.linalg.luFactor(np.array([[1, 2], [3, 4]]));
 * lu; // Array([[3.        , 4.        ], [0.33333334, 0.6666667 ]], dtype=float32)
 * piv; // Array([1, 1], dtype=int32)
 * ```
 */
export function luFactor(a: ArrayLike): [lu: Array, piv: Array] {
  const [lu, pivots] = lax.linalg.lu(inexact(a));
  return [lu, pivots];
}

/** The permutation that the row swaps `pivots` (..., k) apply to 0..m-1 (JAX's lu_pivots_to_permutation). */
function pivotsToPermutation(pivots: Array, m: number): Array {
  const k = pivots.shape[pivots.ndim - 1]!;
  const shape = [...pivots.shape.slice(0, -1), m];
  const iota = lax.broadcastedIota("int32", shape, shape.length - 1);
  const last = shape.length - 1;
  return lax.foriLoop(0, k, (i: Array, perm: Array) => {
    const j = np.expandDims(np.take(pivots, i, last), -1);
    const pi = np.expandDims(np.take(perm, i, last), -1);
    const pj = np.takeAlongAxis(perm, j, last);
    return np.where(np.equal(iota, i), pj, np.where(np.equal(iota, j), pi, perm));
  }, iota);
}

/**
 * `scipy.linalg.luSolve(luAndPiv, b, opts?)` (jax.scipy.linalg.lu_solve): x with a x = b (trans 0) or a^T x = b (trans 1 or 2) from `[lu, piv]` = luFactor(a).
 *
 * @example
 * ```ts
 * const factors = scipy.linalg.luFactor(np.array([[1, 2], [3, 4]]));
 * scipy.linalg.luSolve(factors, np.array([5, 11])); // Array([1.0000001, 1.9999999], dtype=float32)
 * ```
 */
export function luSolve(luAndPiv: readonly [Array, ArrayLike], b: ArrayLike, opts: { trans?: 0 | 1 | 2 } = {}): Array {
  const lu = inexact(luAndPiv[0]);
  const trans = opts.trans ?? 0;
  if (trans !== 0 && trans !== 1 && trans !== 2) throw new ValueError(`'trans' value must be 0, 1, or 2, got ${String(trans)}`);
  const perm = pivotsToPermutation(np.asarray(luAndPiv[1]), lu.shape[lu.ndim - 2]!);
  const { columns, vector } = asColumns(b, lu.dtype);
  return fromColumns(luSolveCore(lu, perm, columns, trans !== 0), vector);
}

/**
 * `scipy.linalg.lu(a, opts?)` (jax.scipy.linalg.lu): `[p, l, u]` with a = p l u, or `[p l, u]` with permuteL.
 *
 * @example
 * ```ts
 * const [p, l, u] = scipy.linalg.lu(np.array([[1, 2], [3, 4]]));
 * p; // Array([[0., 1.], [1., 0.]], dtype=float32)
 * l; // Array([[1.        , 0.        ], [0.33333334, 1.        ]], dtype=float32)
 * u; // Array([[3.       , 4.       ], [0.       , 0.6666667]], dtype=float32)
 * ```
 */
export function lu(a: ArrayLike, opts: { permuteL: true }): [pl: Array, u: Array];
export function lu(a: ArrayLike, opts?: { permuteL?: false }): [p: Array, l: Array, u: Array];
export function lu(a: ArrayLike, opts: { permuteL?: boolean } = {}): [Array, Array] | [Array, Array, Array] {
  const x = inexact(a);
  const [factors, , permutation] = lax.linalg.lu(x);
  const m = x.shape[x.ndim - 2]!;
  const n = x.shape[x.ndim - 1]!;
  const k = Math.min(m, n);
  // p[i, j] = (permutation[j] == i): a = p l u.
  const shape = [...permutation.shape, m];
  const pT = np.equal(lax.broadcastInDim(permutation, shape, permutation.shape.map((_, i) => i)), lax.broadcastedIota("int32", shape, shape.length - 1));
  const p = mT(pT.astype(x.dtype));
  const l = np.add(np.tril(factors, -1).get("...", `:${k}`), np.eye(m, k, { dtype: x.dtype }));
  const u = np.triu(factors).get("...", `:${k}`, ":");
  return opts.permuteL === true ? [np.matmul(p, l), u] : [p, l, u];
}

export type AssumeA = "gen" | "sym" | "her" | "pos";

/**
 * `scipy.linalg.solve(a, b, opts?)` (jax.scipy.linalg.solve): x with a x = b. assumeA "pos" solves by Cholesky (of the `lower` triangle's factor) through lax.customLinearSolve (symmetric), as JAX; the others by LU (np.linalg.solve).
 *
 * @example
 * ```ts
 * scipy.linalg.solve(np.array([[4, 2], [2, 5]]), np.array([8, 13]), { assumeA: "pos" }); // Array([0.875, 2.25 ], dtype=float32)
 * ```
 */
export function solve(a: ArrayLike, b: ArrayLike, opts: { lower?: boolean; assumeA?: AssumeA } = {}): Array {
  const assumeA = opts.assumeA ?? "gen";
  if (!["gen", "sym", "her", "pos"].includes(assumeA)) throw new ValueError(`Expected assume_a to be one of ['gen', 'sym', 'her', 'pos']; got '${String(assumeA)}'`);
  if (assumeA !== "pos") return np.linalg.solve(a, b);
  const x = squareMatrix(a);
  const { columns, vector } = asColumns(b, x.dtype);
  const n = x.shape[x.ndim - 1]!;
  if (columns.shape[columns.ndim - 2] !== n) throw new ValueError(`solve: a has shape ${JSON.stringify(x.shape)} and b has shape ${JSON.stringify(np.asarray(b).shape)}, which are incompatible.`);
  const factors = choFactor(lax.stopGradient(x), { lower: opts.lower ?? false });
  const out = lax.customLinearSolve((v: Array) => np.matmul(x, v), columns, (_m, r) => choSolve(factors, r), null, { symmetric: true });
  return fromColumns(out, vector);
}

/**
 * `scipy.linalg.solveTriangular(a, b, opts?)` (jax.scipy.linalg.solve_triangular): x with op(a) x = b, a triangular (upper by default); trans 0/"N", 1/"T" or 2/"C".
 *
 * @example
 * ```ts
 * scipy.linalg.solveTriangular(np.array([[2, 1], [0, 4]]), np.array([4, 8])); // Array([1., 2.], dtype=float32)
 * scipy.linalg.solveTriangular(np.array([[2, 0], [1, 4]]), np.array([2, 9]), { lower: true }); // Array([1., 2.], dtype=float32)
 * ```
 */
export function solveTriangular(a: ArrayLike, b: ArrayLike, opts: { trans?: 0 | 1 | 2 | "N" | "T" | "C"; lower?: boolean; unitDiagonal?: boolean } = {}): Array {
  const trans = opts.trans ?? 0;
  let transposeA: boolean;
  if (trans === 0 || trans === "N") transposeA = false;
  else if (trans === 1 || trans === "T" || trans === 2 || trans === "C") transposeA = true;
  else throw new ValueError(`Invalid 'trans' value ${String(trans)}`);
  const x = inexact(a);
  const { columns, vector } = asColumns(b, x.dtype);
  return fromColumns(lax.linalg.triangularSolve(x, columns, { leftSide: true, lower: opts.lower ?? false, transposeA, unitDiagonal: opts.unitDiagonal ?? false }), vector);
}

/**
 * `scipy.linalg.inv(a)` (jax.scipy.linalg.inv): the matrix inverse (np.linalg.inv).
 *
 * @example
 * ```ts
 * scipy.linalg.inv(np.array([[2, 0], [0, 4]])); // Array([[0.5 , 0.  ], [0.  , 0.25]], dtype=float32)
 * ```
 */
export const inv = (a: ArrayLike): Array => np.linalg.inv(a);
/**
 * `scipy.linalg.det(a)` (jax.scipy.linalg.det): the determinant (np.linalg.det).
 *
 * @example
 * ```ts
 * scipy.linalg.det(np.array([[1, 2], [3, 4]])); // Array(-2., dtype=float32)
 * ```
 */
export const det = (a: ArrayLike): Array => np.linalg.det(a);

/**
 * `scipy.linalg.eigh(a, opts?)` (jax.scipy.linalg.eigh): `[w, v]` (eigenvalues ascending, eigenvectors in v's columns) of a symmetric a, or w with eigvalsOnly.
 *
 * @example
 * ```ts
 * scipy.linalg.eigh(np.array([[2, 1], [1, 2]]), { eigvalsOnly: true }); // Array([1., 3.], dtype=float32)
 * ```
 */
export function eigh(a: ArrayLike, opts: { lower?: boolean; eigvalsOnly: true; b?: null; type?: 1 }): Array;
export function eigh(a: ArrayLike, opts?: { lower?: boolean; eigvalsOnly?: false; b?: null; type?: 1 }): [w: Array, v: Array];
export function eigh(a: ArrayLike, opts: { lower?: boolean; eigvalsOnly?: boolean; b?: ArrayLike | null; type?: number } = {}): Array | [Array, Array] {
  if (opts.b !== undefined && opts.b !== null) throw new NotImplementedError("Only the b=None case of eigh is implemented");
  if ((opts.type ?? 1) !== 1) throw new NotImplementedError("Only the type=1 case of eigh is implemented.");
  const [v, w] = lax.linalg.eigh(inexact(a), { lower: opts.lower ?? true });
  return opts.eigvalsOnly === true ? w : [w, v];
}

/**
 * `scipy.linalg.svd(a, opts?)` (jax.scipy.linalg.svd): `[U, s, Vh]` with a = U diag(s) Vh (s descending), or s with computeUv false.
 *
 * @example
 * ```ts
 * scipy.linalg.svd(np.array([[0, 2], [1, 0]]), { computeUv: false }); // Array([2., 1.], dtype=float32)
 * ```
 */
export function svd(a: ArrayLike, opts: { fullMatrices?: boolean; computeUv: false }): Array;
export function svd(a: ArrayLike, opts?: { fullMatrices?: boolean; computeUv?: true }): [U: Array, s: Array, Vh: Array];
export function svd(a: ArrayLike, opts: { fullMatrices?: boolean; computeUv?: boolean } = {}): Array | [Array, Array, Array] {
  const x = inexact(a);
  if (opts.computeUv === false) return lax.linalg.svd(x, { computeUv: false });
  return lax.linalg.svd(x, { fullMatrices: opts.fullMatrices ?? true });
}

export type QrModeScipy = "full" | "r" | "economic";

/**
 * `scipy.linalg.qr(a, opts?)` (jax.scipy.linalg.qr): `[Q, R]` with a = Q R (mode "full" or
 * "economic"), or `[R]` (mode "r"); with pivoting, `[Q, R, P]` (or `[R, P]`) with a[..., :, P] =
 * Q R and |diag(R)| non-increasing.
 *
 * @example
 * ```ts
 * const [r] = scipy.linalg.qr(np.array([[3, 1], [4, 2]]), { mode: "r" });
 * r; // Array([[-5. , -2.2], [ 0. ,  0.4]], dtype=float32)
 * const [q, r2, p] = scipy.linalg.qr(np.array([[1, 2], [3, 4]]), { pivoting: true });
 * p; // Array([1, 0], dtype=int32)
 * ```
 */
export function qr(a: ArrayLike, opts: { mode: "r"; pivoting?: false }): [R: Array];
export function qr(a: ArrayLike, opts: { mode: "r"; pivoting: true }): [R: Array, P: Array];
export function qr(a: ArrayLike, opts?: { mode?: "full" | "economic"; pivoting?: false }): [Q: Array, R: Array];
export function qr(a: ArrayLike, opts: { mode?: "full" | "economic"; pivoting: true }): [Q: Array, R: Array, P: Array];
export function qr(a: ArrayLike, opts?: { mode?: QrModeScipy; pivoting?: boolean }): [Array] | [Array, Array] | [Array, Array, Array];
export function qr(a: ArrayLike, opts: { mode?: QrModeScipy; pivoting?: boolean } = {}): [Array] | [Array, Array] | [Array, Array, Array] {
  const mode = opts.mode ?? "full";
  if (mode !== "full" && mode !== "r" && mode !== "economic") throw new ValueError(`Unsupported QR decomposition mode '${String(mode)}'`);
  const [q, r, ...p] = lax.linalg.qr(inexact(a), { pivoting: opts.pivoting ?? false, fullMatrices: mode !== "economic" });
  if (mode === "r") return p.length === 1 ? [r, p[0]!] : [r];
  return p.length === 1 ? [q, r, p[0]!] : [q, r];
}

// ---- expm (JAX's Pade approximants with scaling and squaring, Higham 2005) ----

const dot = (a: Array, b: Array): Array => np.matmul(a, b);
/** sum of c_i * X_i plus c_0 * I. */
const combo = (terms: readonly [number, Array][], c0: number, ident: Array): Array => terms.reduce((s, [c, x]) => s.add(x.mul(c)), ident.mul(c0));

type Pade = (A: Array) => [U: Array, V: Array];
const pade3: Pade = (A) => {
  const I = np.eye(A.shape[0]!, { dtype: A.dtype });
  const A2 = dot(A, A);
  return [dot(A, combo([[1, A2]], 60, I)), combo([[12, A2]], 120, I)];
};
const pade5: Pade = (A) => {
  const I = np.eye(A.shape[0]!, { dtype: A.dtype });
  const A2 = dot(A, A), A4 = dot(A2, A2);
  return [dot(A, combo([[1, A4], [420, A2]], 15120, I)), combo([[30, A4], [3360, A2]], 30240, I)];
};
const pade7: Pade = (A) => {
  const I = np.eye(A.shape[0]!, { dtype: A.dtype });
  const A2 = dot(A, A), A4 = dot(A2, A2), A6 = dot(A4, A2);
  return [dot(A, combo([[1, A6], [1512, A4], [277200, A2]], 8648640, I)), combo([[56, A6], [25200, A4], [1995840, A2]], 17297280, I)];
};
const pade9: Pade = (A) => {
  const I = np.eye(A.shape[0]!, { dtype: A.dtype });
  const A2 = dot(A, A), A4 = dot(A2, A2), A6 = dot(A4, A2), A8 = dot(A6, A2);
  return [
    dot(A, combo([[1, A8], [3960, A6], [2162160, A4], [302702400, A2]], 8821612800, I)),
    combo([[90, A8], [110880, A6], [30270240, A4], [2075673600, A2]], 17643225600, I),
  ];
};
const pade13: Pade = (A) => {
  const b = [64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1];
  const I = np.eye(A.shape[0]!, { dtype: A.dtype });
  const A2 = dot(A, A), A4 = dot(A2, A2), A6 = dot(A4, A2);
  const U = dot(A, dot(A6, A6.mul(b[13]!).add(A4.mul(b[11]!)).add(A2.mul(b[9]!))).add(combo([[b[7]!, A6], [b[5]!, A4], [b[3]!, A2]], b[1]!, I)));
  const V = dot(A6, A6.mul(b[12]!).add(A4.mul(b[10]!)).add(A2.mul(b[8]!))).add(combo([[b[6]!, A6], [b[4]!, A4], [b[2]!, A2]], b[0]!, I));
  return [U, V];
};

/** JAX's _calc_P_Q: the scaled matrix's Pade numerator and denominator, and the number of squarings. */
function calcPQ(A: Array): [P: Array, Q: Array, squarings: Array] {
  // JAX's _calc_P_Q has Pade orders for float32 and float64 only.
  if (A.dtype !== "float32" && A.dtype !== "float64") throw new TypeError(`A.dtype=${A.dtype} is not supported.`);
  const norm1 = np.linalg.norm(A, 1);
  const f64 = A.dtype === "float64";
  const maxnorm = f64 ? 5.371920351148152 : 3.92572478313866;
  const conds = f64 ? [0.01495585217958292, 0.253939833006323, 0.9504178996162932, 2.097847961257068] : [0.4258730016922831, 1.880152677804762];
  const squarings = np.maximum(0, np.floor(np.log2(norm1.div(maxnorm))));
  const scaled = A.div(np.power(2, squarings.astype(A.dtype)));
  // np.digitize(norm1, conds): how many thresholds the norm reaches.
  const idx = conds.map((c) => np.greaterEqual(norm1, c).astype("int32")).reduce((s, t) => s.add(t));
  const branches = f64 ? [pade3, pade5, pade7, pade9, pade13] : [pade3, pade5, pade7];
  const [U, V] = lax.switch(idx, branches.map((p) => (x: Array) => p(x)), scaled) as [Array, Array];
  return [U.add(V), V.sub(U), squarings];
}

function expm2d(A: Array, upperTriangular: boolean, maxSquarings: number): Array {
  const [P, Q, squarings] = calcPQ(A);
  return lax.cond(
    np.greater(squarings, maxSquarings),
    (a: Array) => np.fullLike(a, NaN),
    (a: Array, p: Array, q: Array) => {
      const R = upperTriangular ? solveTriangular(q, p) : np.linalg.solve(q, p);
      // JAX's _squaring: max_squarings steps, each squaring while i < n_squarings.
      const [out] = lax.scan((c: Array, i: Array) => [lax.cond(np.less(i, squarings), (x: Array) => dot(x, x), (x: Array) => x, c), null] as const, R, np.arange(maxSquarings).astype(squarings.dtype));
      return out;
    },
    A,
    P,
    Q,
  );
}

/**
 * The matrix exponential by Pade approximation with scaling and squaring (JAX's expm, after
 * Al-Mohy and Higham's degrees: 3 to 13 in float64, 3 to 7 in float32); NaNs when more than
 * maxSquarings (16) squarings would be needed. Batched over leading dims; differentiable.
 *
 * @example
 * ```ts
 * scipy.linalg.expm(np.array([[0, 1], [0, 0]])); // Array([[1., 1.], [0., 1.]], dtype=float32)
 * scipy.linalg.expm(np.array([[1, 0], [0, 2]])); // Array([[2.7182817, 0.       ], [0.       , 7.389056 ]], dtype=float32)
 * ```
 */
export function expm(A: ArrayLike, opts: { upperTriangular?: boolean; maxSquarings?: number } = {}): Array {
  const a = squareMatrix(A);
  const upper = opts.upperTriangular ?? false;
  const maxSquarings = opts.maxSquarings ?? 16;
  let f = (x: Array): Array => expm2d(x, upper, maxSquarings);
  for (let d = 2; d < a.ndim; d++) f = vmap(f);
  return f(a);
}

/**
 * `scipy.linalg.expmFrechet(A, E, opts?)` (jax.scipy.linalg.expm_frechet): `[expm(A), L(A, E)]`, the Frechet derivative of expm at A along E (JAX: the jvp of expm), or L alone with computeExpm false.
 *
 * @example
 * ```ts
 * scipy.linalg.expmFrechet(np.array([[1, 0], [0, 2]]), np.array([[1, 0], [0, 0]]), { computeExpm: false }); // Array([[2.7182817, 0.       ], [0.       , 0.       ]], dtype=float32)
 * ```
 */
export function expmFrechet(A: ArrayLike, E: ArrayLike, opts: { computeExpm: false; method?: string | null }): Array;
export function expmFrechet(A: ArrayLike, E: ArrayLike, opts?: { computeExpm?: true; method?: string | null }): [expmA: Array, frechet: Array];
export function expmFrechet(A: ArrayLike, E: ArrayLike, opts: { computeExpm?: boolean; method?: string | null } = {}): Array | [Array, Array] {
  const a = inexact(A);
  const e = inexact(E);
  if (a.ndim < 2 || a.shape[a.ndim - 2] !== a.shape[a.ndim - 1]) throw new ValueError(`expected A to be a (batched) square matrix, got A.shape=${pyShape(a.shape)}`);
  if (e.ndim < 2 || e.shape[e.ndim - 2] !== e.shape[e.ndim - 1]) throw new ValueError(`expected E to be a (batched) square matrix, got E.shape=${pyShape(e.shape)}`);
  if (a.shape.length !== e.shape.length || a.shape.some((d, i) => d !== e.shape[i])) throw new ValueError(`expected A and E to be the same shape, got A.shape=${pyShape(a.shape)} E.shape=${pyShape(e.shape)}`);
  const [value, frechet] = jvp((x: Array) => expm(x), [a], [e.astype(a.dtype)]);
  return opts.computeExpm === false ? frechet : [value, frechet];
}

/**
 * `scipy.linalg.blockDiag(...arrs)` (jax.scipy.linalg.block_diag): the block-diagonal matrix of the given (at most 2-d) arrays.
 *
 * @example
 * ```ts
 * scipy.linalg.blockDiag(np.array([[1, 2], [3, 4]]), np.array([5])); // Array([[1., 2., 0.], [3., 4., 0.], [0., 0., 5.]], dtype=float32)
 * ```
 */
export function blockDiag(...arrs: ArrayLike[]): Array {
  const list = arrs.length === 0 ? [np.zeros([1, 0])] : arrs.map((a) => np.asarray(a));
  const dtype = np.resultType(...list).dtype;
  list.forEach((a, i) => {
    if (a.ndim > 2) throw new ValueError(`Arguments to jax.scipy.linalg.block_diag must have at most 2 dimensions, got ${a} at argument ${i}.`);
  });
  const mats = list.map((a) => np.atleast2d(a).astype(dtype));
  const totalCols = mats.reduce((n, m) => n + m.shape[1]!, 0);
  let col = 0;
  const padded = mats.map((m) => {
    const cols = m.shape[1]!;
    const p = np.pad(m, [[0, 0], [col, totalCols - cols - col]]);
    col += cols;
    return p;
  });
  return np.concatenate(padded, 0);
}

/**
 * `scipy.linalg.toeplitz(c, r?)` (jax.scipy.linalg.toeplitz): the Toeplitz matrix with first column c and first row r (r = c by default); batched over leading dims.
 *
 * @example
 * ```ts
 * scipy.linalg.toeplitz(np.array([1, 2, 3]), np.array([1, 4, 5])); // Array([[1., 4., 5.], [2., 1., 4.], [3., 2., 1.]], dtype=float32)
 * ```
 */
export function toeplitz(c: ArrayLike, r?: ArrayLike | null): Array {
  const col = np.atleast1d(np.asarray(c));
  const row = r === undefined || r === null ? col : np.atleast1d(np.asarray(r));
  const dtype = np.resultType(col, row).dtype;
  const m = col.shape[col.ndim - 1]!;
  const n = row.shape[row.ndim - 1]!;
  if (m === 0 || n === 0) return np.zeros([m, n], { dtype });
  // T[i, j] = c[i - j] below the diagonal, r[j - i] above: entry (m - 1 - i + j) of [c reversed, r[1:]].
  const lead = np.broadcastShapes(col.shape.slice(0, -1), row.shape.slice(0, -1));
  const elems = np.concatenate([np.broadcastTo(np.flip(col, -1).astype(dtype), [...lead, m]), np.broadcastTo(row.astype(dtype), [...lead, n]).get("...", "1:")], -1);
  const idx = np.add(np.subtract(m - 1, np.arange(m).reshape([m, 1])), np.arange(n).reshape([1, n]));
  return np.take(elems, idx, -1);
}

export { hessenberg, schur, sqrtm } from "./linalgSchur.js";
export { rsf2csf } from "./linalgRsf2csf.js";
export { polar } from "./linalgPolar.js";
export { solveSylvester } from "./linalgSylvester.js";
export { funm } from "./linalgFunm.js";
export { hankel, circulant, leslie, companion, fiedler, fiedlerCompanion, convolutionMatrix, hilbert, invhilbert, pascal, invpascal, helmert, hadamard, dft } from "./linalgSpecialMatrices.js";
export type { ConvolutionMatrixOptions, DftOptions } from "./linalgSpecialMatrices.js";
