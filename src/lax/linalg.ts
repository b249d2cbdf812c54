// lax.linalg (issue 20): JAX's jax.lax.linalg functions over the linear-algebra primitives, with
// JAX's defaults and wrappers (symmetrized inputs, tril of cholesky's result, vector right-hand
// sides of triangular_solve). Every function takes any number of leading batch dimensions.
// Each binds through bindLinalg, which loads the primitives' rules first (src/families/linalg.ts);
// the rules themselves bind through ./linalgBind.ts.
import type { DType, LinalgName, Params } from "../../jaxpr/index.js";
import { isFloat } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { bind } from "../core/trace.js";
import { loadLinalgFamily } from "../families/linalg.js";
import { triangularSolveParams, type TriangularSolveOptions } from "./linalgBind.js";
import { NotImplementedError } from "../core/errors.js";
import { asArrays } from "./core.js";
import * as lax from "./ops.js";
import { mT, symmetrize, tril, triu } from "./matrixHelpers.js";

const one = (x: ArrayLike): Array => asArrays([x])[0]!;

/** bind, after loading the linear-algebra primitives' rules (an app without linear algebra bundles none of them). */
function bindLinalg<P extends LinalgName>(prim: P, args: readonly Array[], params: Params<P>): Array[] {
  loadLinalgFamily();
  return bind(prim, args, params);
}
const bindLinalg1 = <P extends LinalgName>(prim: P, args: readonly Array[], params: Params<P>): Array => bindLinalg(prim, args, params)[0]!;

/** The dtypes JAX's CPU LAPACK kernels (jaxlib's lapack_kernels) accept. */
const LAPACK_DTYPES: ReadonlySet<DType> = new Set<DType>(["float32", "float64", "complex64", "complex128"]);

/**
 * An operand of a LAPACK-backed primitive: a narrow float (float16, bfloat16, float8) is refused
 * with jaxlib's NotImplementedError ("Unsupported dtype float16."), as JAX 0.10.2 refuses it on
 * CPU, rather than silently computed at another precision. Integer and bool operands pass, for
 * the primitive's own dtype check.
 */
function lapackOperand(name: string, x: ArrayLike): Array {
  const a = x instanceof Array ? x : one(x);
  if (isFloat(a.dtype) && !LAPACK_DTYPES.has(a.dtype)) throw new NotImplementedError(`${name}: Unsupported dtype ${a.dtype}.`);
  return a;
}


/**
 * `lax.linalg.cholesky(x, opts?)` (jax.lax.linalg.cholesky): L with x = L L^T (NaNs where x is not positive definite), upper triangle zero.
 *
 * @example
 * ```ts
 * lax.linalg.cholesky(np.array([[4, 2], [2, 5]])); // Array([[2., 0.], [1., 2.]], dtype=float32)
 * ```
 */
export function cholesky(x: ArrayLike, opts: { symmetrizeInput?: boolean } = {}): Array {
  let a = lapackOperand("cholesky", x);
  if (opts.symmetrizeInput ?? true) a = symmetrize(a);
  return tril(bindLinalg1("cholesky", [a], {}));
}

export type { TriangularSolveOptions };

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
  const params = triangularSolveParams(opts);
  const singleton = B0.ndim === A.ndim - 1;
  const B = singleton ? lax.expandDims(B0, [params.leftSide ? B0.ndim : B0.ndim - 1]) : B0;
  const out = bindLinalg1("triangular_solve", [A, B], params);
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
  return bindLinalg("lu", [lapackOperand("lu", x)], {}) as [Array, Array, Array];
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
  return bindLinalg("qr", [lapackOperand("qr", x)], { pivoting: opts.pivoting ?? false, fullMatrices: opts.fullMatrices ?? true }) as [Array, Array] | [Array, Array, Array];
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
  return bindLinalg("hessenberg", [lapackOperand("hessenberg", a)], {}) as [Array, Array];
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
  return bindLinalg1("householder_product", asArrays([a, taus]), {});
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
  let a = lapackOperand("eigh", x);
  if (opts.symmetrizeInput ?? true) a = symmetrize(a);
  return bindLinalg("eigh", [a], { lower: opts.lower ?? true, sortEigenvalues: opts.sortEigenvalues ?? true, subsetByIndex: opts.subsetByIndex ?? null }) as [Array, Array];
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
  return bindLinalg("eig", [lapackOperand("eig", x)], {
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
  const a = lapackOperand("schur", x);
  if (opts.sortEigVals === true) throw new NotImplementedError("The sort feature of LAPACK's gees routine is not implemented.");
  return bindLinalg("schur", [a], { computeSchurVectors: opts.computeSchurVectors ?? true });
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
  const outs = bindLinalg("svd", [lapackOperand("svd", x)], { fullMatrices: opts.fullMatrices ?? true, computeUv, subsetByIndex: opts.subsetByIndex ?? null });
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
  return bindLinalg1("tridiagonal_solve", asArrays([dl, d, du, b]).map((v) => lapackOperand("tridiagonal_solve", v)), { perturbSingular: false });
}
