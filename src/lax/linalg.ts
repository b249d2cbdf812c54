// lax.linalg (issue 20): JAX's jax.lax.linalg functions over the linear-algebra primitives, with
// JAX's defaults and wrappers (symmetrized inputs, tril of cholesky's result, vector right-hand
// sides of triangular_solve), and the small matrix helpers their JVP rules share. Every function
// takes any number of leading batch dimensions.
import type { Params } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { bind, bind1 } from "../core/trace.js";
import { NotImplementedError } from "../core/errors.js";
import { asArrays } from "./core.js";
import * as lax from "./ops.js";

const one = (x: ArrayLike): Array => asArrays([x])[0]!;

/**
 * `lax.linalg.mT(x)` (JAX's lax.linalg._T): x with its last two axes swapped.
 *
 * @example
 * ```ts
 * lax.linalg.mT(np.array([[1, 2], [3, 4]])); // Array([[1., 3.], [2., 4.]], dtype=float32)
 * ```
 */
export function mT(x: Array): Array {
  const perm = x.shape.map((_, i) => i);
  perm[x.ndim - 2] = x.ndim - 1;
  perm[x.ndim - 1] = x.ndim - 2;
  return lax.transpose(x, perm);
}

/**
 * `lax.linalg.matmul(a, b)` (JAX's lax.linalg._matmul): a @ b over equal leading batch dims (both of rank >= 2).
 *
 * @example
 * ```ts
 * lax.linalg.matmul(np.array([[1, 2], [3, 4]]), np.array([[0, 1], [1, 0]])); // Array([[2., 1.], [4., 3.]], dtype=float32)
 * ```
 */
export const matmul = (a: Array, b: Array): Array => lax.batchMatmul(a, b);

/** A (rows x cols) mask of the entries with col - row <= k (tril) or >= k (triu), broadcast to x. */
function triangleMask(x: Array, k: number, lower: boolean): Array {
  const rows = lax.broadcastedIota("int32", x.shape, x.ndim - 2);
  const cols = lax.broadcastedIota("int32", x.shape, x.ndim - 1);
  const diff = lax.sub(cols, rows);
  return lower ? lax.le(diff, lax.full([], k, "int32")) : lax.ge(diff, lax.full([], k, "int32"));
}

/**
 * `lax.linalg.tril(x, k?)` (JAX's lax.linalg._tril): the lower triangle (col - row <= k), zeros elsewhere.
 *
 * @example
 * ```ts
 * lax.linalg.tril(np.array([[1, 2], [3, 4]])); // Array([[1., 0.], [3., 4.]], dtype=float32)
 * ```
 */
export const tril = (x: Array, k = 0): Array => lax.select(triangleMask(x, k, true), x, lax.fullLike(x, 0));
/**
 * `lax.linalg.triu(x, k?)` (JAX's lax.linalg._triu): the upper triangle (col - row >= k), zeros elsewhere.
 *
 * @example
 * ```ts
 * lax.linalg.triu(np.array([[1, 2], [3, 4]]), 1); // Array([[0., 2.], [0., 0.]], dtype=float32)
 * ```
 */
export const triu = (x: Array, k = 0): Array => lax.select(triangleMask(x, k, false), x, lax.fullLike(x, 0));

/**
 * `lax.linalg.eyeLike(x, n)` (JAX's lax.linalg._eye_like): the identity of order n in x's dtype, broadcast to x's leading dims.
 *
 * @example
 * ```ts
 * lax.linalg.eyeLike(np.zeros([3, 2, 2]), 2).shape; // [3, 2, 2]
 * ```
 */
export function eyeLike(x: Array, n: number): Array {
  const shape = [...x.shape.slice(0, -2), n, n];
  return lax.convertElementType(lax.eq(lax.broadcastedIota("int32", shape, shape.length - 2), lax.broadcastedIota("int32", shape, shape.length - 1)), x.dtype);
}

/**
 * `lax.linalg.diagonalOf(x)` (jnp.diagonal over the last two axes): the diagonals (..., n) of a batch of (n x n) matrices.
 *
 * @example
 * ```ts
 * lax.linalg.diagonalOf(np.array([[1, 2], [3, 4]])); // Array([1., 4.], dtype=float32)
 * ```
 */
export function diagonalOf(x: Array): Array {
  return lax.reduceSum(lax.mul(x, eyeLike(x, x.shape[x.ndim - 1]!)), [x.ndim - 1]);
}

/**
 * `lax.linalg.symmetrize(x)` (JAX's lax.linalg.symmetrize): (x + x^T) / 2.
 *
 * @example
 * ```ts
 * lax.linalg.symmetrize(np.array([[1, 2], [4, 3]])); // Array([[1., 3.], [3., 3.]], dtype=float32)
 * ```
 */
export const symmetrize = (x: Array): Array => lax.div(lax.add(x, mT(x)), lax.full([], 2, x.dtype));

/**
 * `lax.linalg.cholesky(x, opts?)` (jax.lax.linalg.cholesky): L with x = L L^T (NaNs where x is not positive definite), upper triangle zero.
 *
 * @example
 * ```ts
 * lax.linalg.cholesky(np.array([[4, 2], [2, 5]])); // Array([[2., 0.], [1., 2.]], dtype=float32)
 * ```
 */
export function cholesky(x: ArrayLike, opts: { symmetrizeInput?: boolean } = {}): Array {
  let a = one(x);
  if (opts.symmetrizeInput ?? true) a = symmetrize(a);
  return tril(bind1("cholesky", [a], {}));
}

export interface TriangularSolveOptions {
  leftSide?: boolean;
  lower?: boolean;
  transposeA?: boolean;
  conjugateA?: boolean;
  unitDiagonal?: boolean;
}

/**
 * `lax.linalg.triangularSolve(a, b, opts?)` (jax.lax.linalg.triangular_solve): x with x a = b (defaults: right side, upper, no transpose), or a x = b with `leftSide`; b may be a vector (one fewer dim than a).
 *
 * @example
 * ```ts
 * const a = np.array([[2, 0], [1, 4]]);
 * lax.linalg.triangularSolve(a, np.array([[2], [9]]), { leftSide: true, lower: true }); // Array([[1.], [2.]], dtype=float32)
 * ```
 */
export function triangularSolve(a: ArrayLike, b: ArrayLike, opts: TriangularSolveOptions = {}): Array {
  const [A, B0] = asArrays([a, b]) as [Array, Array];
  const params: Params<"triangular_solve"> = {
    leftSide: opts.leftSide ?? false,
    lower: opts.lower ?? false,
    transposeA: opts.transposeA ?? false,
    conjugateA: opts.conjugateA ?? false,
    unitDiagonal: opts.unitDiagonal ?? false,
  };
  const singleton = B0.ndim === A.ndim - 1;
  const B = singleton ? lax.expandDims(B0, [params.leftSide ? B0.ndim : B0.ndim - 1]) : B0;
  const out = bind1("triangular_solve", [A, B], params);
  return singleton ? lax.squeeze(out, [params.leftSide ? out.ndim - 1 : out.ndim - 2]) : out;
}

/**
 * `lax.linalg.lu(x)` (jax.lax.linalg.lu): [lu, pivots (int32), permutation (int32)] with P x = L U, L unit lower triangular in lu's strict lower part, U in its upper part.
 *
 * @example
 * ```ts
 * const [lu, pivots, permutation] = lax.linalg.lu(np.array([[1, 2], [3, 4]]));
 * lu; // Array([[3.        , 4.        ], [0.33333334, 0.6666667 ]], dtype=float32)
 * pivots; // Array([1, 1], dtype=int32)
 * permutation; // Array([1, 0], dtype=int32)
 * ```
 */
export function lu(x: ArrayLike): [lu: Array, pivots: Array, permutation: Array] {
  return bind("lu", [one(x)], {}) as [Array, Array, Array];
}

/**
 * `lax.linalg.qr(x, opts?)` (jax.lax.linalg.qr): [q, r] with x = q r, q orthonormal, r upper
 * triangular; with pivoting, [q, r, p] with x[..., :, p] = q r, the columns chosen so that
 * |diag(r)| is non-increasing (LAPACK's geqp3; p int32).
 *
 * @example
 * ```ts
 * const [q, r] = lax.linalg.qr(np.array([[3, 1], [4, 2]]));
 * r; // Array([[-5. , -2.2], [ 0. ,  0.4]], dtype=float32)
 * const [q2, r2, p] = lax.linalg.qr(np.array([[1, 2], [3, 4]]), { pivoting: true });
 * p; // Array([1, 0], dtype=int32)
 * r2; // Array([[-4.472136 , -3.130495 ], [ 0.       ,  0.4472136]], dtype=float32)
 * ```
 */
export function qr(x: ArrayLike, opts: { pivoting: true; fullMatrices?: boolean }): [q: Array, r: Array, p: Array];
export function qr(x: ArrayLike, opts?: { pivoting?: false; fullMatrices?: boolean }): [q: Array, r: Array];
export function qr(x: ArrayLike, opts?: { pivoting?: boolean; fullMatrices?: boolean }): [q: Array, r: Array] | [q: Array, r: Array, p: Array];
export function qr(x: ArrayLike, opts: { pivoting?: boolean; fullMatrices?: boolean } = {}): [Array, Array] | [Array, Array, Array] {
  return bind("qr", [one(x)], { pivoting: opts.pivoting ?? false, fullMatrices: opts.fullMatrices ?? true }) as [Array, Array] | [Array, Array, Array];
}

/**
 * `lax.linalg.hessenberg(a)` (jax.lax.linalg.hessenberg): [a, taus], LAPACK's packed Householder
 * reduction to upper Hessenberg form: the Hessenberg matrix in a's upper triangle and first
 * subdiagonal, reflector i's vector (unit first entry implicit) below the subdiagonal of column i,
 * and its scalar factor in taus[i] (n - 1 of them). Not differentiable (as in JAX).
 *
 * @example
 * ```ts
 * const [h, taus] = lax.linalg.hessenberg(np.array([[1, 2, 3], [4, 5, 6], [3, 8, 9]], { dtype: "float64" }));
 * taus; // Array([1.8, 0. ], dtype=float64)
 * h; // Array([[ 1.        , -3.4       ,  1.2       ], [-5.        , 13.16      , -2.88      ], [ 0.33333333, -4.88      ,  0.84      ]], dtype=float64)
 * ```
 */
export function hessenberg(a: ArrayLike): [a: Array, taus: Array] {
  return bind("hessenberg", [one(a)], {}) as [Array, Array];
}

/**
 * `lax.linalg.householderProduct(a, taus)` (jax.lax.linalg.householder_product): the (m x n)
 * matrix of the first n columns of H_0 ... H_{k-1}, where H_i = I - taus[i] v_i v_i^T and v_i is
 * a's column i below the diagonal with a unit entry on it (LAPACK's orgqr); m >= n >= k.
 *
 * @example
 * ```ts
 * lax.linalg.householderProduct(np.array([[0, 0], [1, 0]]), np.array([1])); // Array([[ 0., -1.], [-1.,  0.]], dtype=float32)
 * ```
 */
export function householderProduct(a: ArrayLike, taus: ArrayLike): Array {
  return bind1("householder_product", asArrays([a, taus]), {});
}

export interface EighOptions {
  lower?: boolean;
  symmetrizeInput?: boolean;
  sortEigenvalues?: boolean;
  subsetByIndex?: readonly [number, number] | null;
}

/**
 * `lax.linalg.eigh(x, opts?)` (jax.lax.linalg.eigh): [v, w], eigenvectors in v's columns, eigenvalues w ascending.
 *
 * @example
 * ```ts
 * const [v, w] = lax.linalg.eigh(np.array([[2, 1], [1, 2]]));
 * w; // Array([1., 3.], dtype=float32)
 * ```
 */
export function eigh(x: ArrayLike, opts: EighOptions = {}): [v: Array, w: Array] {
  let a = one(x);
  if (opts.symmetrizeInput ?? true) a = symmetrize(a);
  return bind("eigh", [a], { lower: opts.lower ?? true, sortEigenvalues: opts.sortEigenvalues ?? true, subsetByIndex: opts.subsetByIndex ?? null }) as [Array, Array];
}

export interface EigOptions {
  computeLeftEigenvectors?: boolean;
  computeRightEigenvectors?: boolean;
  /** Opt in to eigenvector derivatives, valid for distinct eigenvalues and a unique largest component per eigenvector (JAX's flag). */
  enableEigvecDerivs?: boolean;
}

/**
 * JAX's lax.linalg.eig: [w, vl?, vr?], the eigenvalues w, then the left eigenvectors (vl^H a =
 * w vl^H) and the right eigenvectors (a vr = w vr) in columns, where asked for (both by default).
 * Complex results for float or complex input; eigenvectors of unit norm with their largest
 * component real (LAPACK geev's normalisation). NaNs for a matrix whose eigendecomposition fails.
 *
 * @example
 * ```ts
 * const [w, v] = lax.linalg.eig(np.array([[2, 0], [0, 3]]));
 * w; // Array([2.+0.j, 3.+0.j], dtype=complex64)
 * v.shape; // [2, 2]
 * ```
 */
export function eig(x: ArrayLike, opts: EigOptions = {}): Array[] {
  return bind("eig", [one(x)], {
    computeLeftEigenvectors: opts.computeLeftEigenvectors ?? true,
    computeRightEigenvectors: opts.computeRightEigenvectors ?? true,
    enableEigvecDerivs: opts.enableEigvecDerivs ?? false,
  });
}

/**
 * JAX's lax.linalg.schur: [t, z?] with a = z t z^H and z unitary; t upper triangular for complex
 * a, and for real a the real Schur form: t quasi upper triangular, with a standardised 2x2 block
 * [[p, q], [r, p]] (q r < 0) on the diagonal for each complex pair of eigenvalues p +- sqrt(-q r) i,
 * and z orthogonal (LAPACK's gees). NaNs for a matrix whose iteration fails. Eigenvalue
 * reordering (sortEigVals, selectCallable) is not supported. Not differentiable (as in JAX).
 *
 * @example
 * ```ts
 * const [t, z] = lax.linalg.schur(np.array([[1, 2], [0, 3]]).astype("complex64"));
 * t; // Array([[1.+0.j, 2.+0.j], [0.+0.j, 3.+0.j]], dtype=complex64)
 * z.shape; // [2, 2]
 * lax.linalg.schur(np.array([[0, -1], [1, 0]]))[0]; // Array([[ 0., -1.], [ 1.,  0.]], dtype=float32)
 * ```
 */
export function schur(x: ArrayLike, opts: { computeSchurVectors?: boolean; sortEigVals?: boolean; selectCallable?: null } = {}): Array[] {
  const a = one(x);
  if (opts.sortEigVals === true) throw new NotImplementedError("The sort feature of LAPACK's gees routine is not implemented.");
  return bind("schur", [a], { computeSchurVectors: opts.computeSchurVectors ?? true });
}

export interface SvdOptions {
  fullMatrices?: boolean;
  computeUv?: boolean;
  subsetByIndex?: readonly [number, number] | null;
}

/**
 * `lax.linalg.svd(x, opts?)` (jax.lax.linalg.svd): [u, s, vh] with x = u diag(s) vh (s descending), or s alone with computeUv false.
 *
 * @example
 * ```ts
 * lax.linalg.svd(np.array([[3, 0], [0, -4]]), { computeUv: false }); // Array([4., 3.], dtype=float32)
 * ```
 */
export function svd(x: ArrayLike, opts: SvdOptions & { computeUv: false }): Array;
export function svd(x: ArrayLike, opts?: SvdOptions): [u: Array, s: Array, vh: Array];
export function svd(x: ArrayLike, opts: SvdOptions = {}): Array | [Array, Array, Array] {
  const computeUv = opts.computeUv ?? true;
  const outs = bind("svd", [one(x)], { fullMatrices: opts.fullMatrices ?? true, computeUv, subsetByIndex: opts.subsetByIndex ?? null });
  return computeUv ? [outs[1]!, outs[0]!, outs[2]!] : outs[0]!;
}

/**
 * `lax.linalg.tridiagonalSolve(dl, d, du, b, opts?)` (jax.lax.linalg.tridiagonal_solve): x with A x = b, A given by its diagonals dl (dl[0] = 0), d, du (du[m-1] = 0); b is (m, n).
 *
 * @example
 * ```ts
 * lax.linalg.tridiagonalSolve(np.array([0, 1, 1]), np.array([2, 2, 2]), np.array([1, 1, 0]), np.array([[3], [4], [3]])); // Array([[1.        ], [0.99999994], [1.        ]], dtype=float32)
 * ```
 */
export function tridiagonalSolve(dl: ArrayLike, d: ArrayLike, du: ArrayLike, b: ArrayLike, opts: { perturbSingular?: boolean } = {}): Array {
  if (opts.perturbSingular) throw new TypeError("tridiagonal_solve: perturb_singular=True is not supported on this platform.");
  return bind1("tridiagonal_solve", asArrays([dl, d, du, b]), { perturbSingular: false });
}
