// np.linalg (issue 20): jax.numpy.linalg's functions over lax.linalg, with JAX's defaults, result
// names and errors. Every function takes leading batch dimensions. Documented failure modes, as
// JAX's: cholesky of a matrix that is not positive definite gives NaNs; solve/inv of a singular
// matrix give inf/nan (LU without a singularity check); det of a singular matrix is 0.
import { ValueError } from "../core/errors.js";
import { isComplex } from "../../jaxpr/index.js";
import { Array, ArrayImpl, ArrayLike } from "../core/array.js";
import * as lax from "../lax/ops.js";
import * as linalg from "../lax/linalg.js";
import { asarray, takeAlongAxis } from "./arrayManipulation.js";
import { customLinearSolve } from "../control/solves.js";
import { customJvp } from "../ad/custom.js";
import { mT, matmul, eyeLike, diagonalOf } from "../lax/matrixHelpers.js";
import { asFloat, luSolveCore, permuteRows } from "./linalgCore.js";

/** JAX's _check_square / rank checks: (..., n, n) of rank >= 2. */
function squareMatrix(name: string, x: ArrayLike): Array {
  const a = asFloat(x);
  if (a.ndim < 2) throw new ValueError(`${name}: input must have rank >= 2, got shape ${JSON.stringify(a.shape)}`);
  if (a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) throw new ValueError(`${name}: input must be a square matrix, got shape ${JSON.stringify(a.shape)}`);
  return a;
}

function matrix(name: string, x: ArrayLike): Array {
  const a = asFloat(x);
  if (a.ndim < 2) throw new ValueError(`${name}: input must have rank >= 2, got shape ${JSON.stringify(a.shape)}`);
  return a;
}

/**
 * `np.linalg.cholesky(a, { upper, symmetrizeInput })` (jnp.linalg.cholesky): L with a = L L^T (or the upper factor U = L^T with upper); NaNs where a is not positive definite.
 *
 * @example
 * ```ts
 * const a = np.array([[4, 2], [2, 5]]);
 * np.linalg.cholesky(a); // Array([[2., 0.], [1., 2.]], dtype=float32)
 * np.linalg.cholesky(a, { upper: true }); // Array([[2., 1.], [0., 2.]], dtype=float32)
 * ```
 */
export function cholesky(a: ArrayLike, opts: { upper?: boolean; symmetrizeInput?: boolean } = {}): Array {
  const L = linalg.cholesky(squareMatrix("cholesky", a), { symmetrizeInput: opts.symmetrizeInput ?? true });
  return opts.upper ? mT(L) : L;
}

/** `np.linalg.qr`'s modes: "reduced" (q is m x k, k = min(m, n)), "complete" (q is m x m), "r" (r alone). */
export type QrMode = "reduced" | "complete" | "r";

/**
 * `np.linalg.qr(a, mode = "reduced")` (jnp.linalg.qr): [q, r] (mode "reduced" or "complete"), or r alone (mode "r").
 *
 * @example
 * ```ts
 * const a = np.array([[3, 1], [4, 2]]);
 * const [q, r] = np.linalg.qr(a);
 * np.allclose(np.matmul(q, r), a); // Array(True, dtype=bool)
 * np.abs(np.linalg.qr(a, "r")); // Array([[5. , 2.2], [0. , 0.4]], dtype=float32)
 * np.linalg.qr(np.ones([3, 2]), "complete")[0].shape; // [3, 3]
 * ```
 */
export function qr(a: ArrayLike, mode: "r"): Array;
export function qr(a: ArrayLike, mode?: "reduced" | "complete"): [q: Array, r: Array];
export function qr(a: ArrayLike, mode: QrMode = "reduced"): Array | [Array, Array] {
  if (mode !== "reduced" && mode !== "complete" && mode !== "r") throw new ValueError(`Unsupported QR decomposition mode '${String(mode)}'`);
  const [q, r] = linalg.qr(matrix("qr", a), { fullMatrices: mode === "complete" });
  return mode === "r" ? r : [q, r];
}

/** `np.linalg.eigh`'s result: a pair, also readable by name as NumPy's namedtuple. */
export type EighResult = [eigenvalues: Array, eigenvectors: Array] & {
  /** The eigenvalues, ascending. */
  eigenvalues: Array;
  /** The eigenvectors, as columns, in the eigenvalues' order. */
  eigenvectors: Array;
};

/**
 * `np.linalg.eigh(a, { UPLO, symmetrizeInput })` (jnp.linalg.eigh): eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix, read from its UPLO triangle.
 *
 * @example
 * ```ts
 * const { eigenvalues, eigenvectors } = np.linalg.eigh(np.array([[2, 1], [1, 2]]));
 * eigenvalues; // Array([1., 3.], dtype=float32)
 * np.abs(eigenvectors); // Array([[0.70710677, 0.70710677], [0.70710677, 0.70710677]], dtype=float32)
 * ```
 */
export function eigh(a: ArrayLike, opts: { UPLO?: "L" | "U"; symmetrizeInput?: boolean } = {}): EighResult {
  const uplo = opts.UPLO ?? "L";
  if (uplo !== "L" && uplo !== "U") throw new ValueError(`UPLO must be one of None, 'L', or 'U', got ${String(uplo)}`);
  const [v, w] = linalg.eigh(squareMatrix("eigh", a), { lower: uplo === "L", symmetrizeInput: opts.symmetrizeInput ?? true });
  return Object.assign([w, v] as [Array, Array], { eigenvalues: w, eigenvectors: v });
}

/**
 * `np.linalg.eigvalsh(a, { UPLO, symmetrizeInput })` (jnp.linalg.eigvalsh): the eigenvalues of a symmetric matrix, ascending.
 *
 * @example
 * ```ts
 * np.linalg.eigvalsh(np.array([[2, 1], [1, 2]])); // Array([1., 3.], dtype=float32)
 * np.linalg.eigvalsh(np.array([[2, 0], [1, 2]]), { UPLO: "U" }); // Array([1.5, 2.5], dtype=float32)
 * ```
 */
export function eigvalsh(a: ArrayLike, opts: { UPLO?: "L" | "U"; symmetrizeInput?: boolean } = {}): Array {
  return eigh(a, opts).eigenvalues;
}

/** `np.linalg.svd`'s result: `a = U diag(S) Vh`, a triple also readable by name. */
export type SvdResult = [U: Array, S: Array, Vh: Array] & {
  /** The left singular vectors, as columns. */
  U: Array;
  /** The singular values, descending. */
  S: Array;
  /** The right singular vectors, as rows (V transposed). */
  Vh: Array;
};

/**
 * `np.linalg.svd(a, { fullMatrices, computeUv, hermitian })` (jnp.linalg.svd): [U, S, Vh] with a = U diag(S) Vh, S descending; S alone with computeUv false.
 *
 * @example
 * ```ts
 * const a = np.array([[3, 0], [0, -2], [0, 0]]);
 * np.linalg.svd(a, { computeUv: false }); // Array([3., 2.], dtype=float32)
 * const [u, s, vh] = np.linalg.svd(a, { fullMatrices: false });
 * [u.shape, s.shape, vh.shape]; // [[3, 2], [2], [2, 2]]
 * np.allclose(np.matmul(np.multiply(u, s), vh), a); // Array(True, dtype=bool)
 * ```
 */
export function svd(a: ArrayLike, opts: { fullMatrices?: boolean; computeUv: false; hermitian?: boolean }): Array;
export function svd(a: ArrayLike, opts?: { fullMatrices?: boolean; computeUv?: true; hermitian?: boolean }): SvdResult;
export function svd(a: ArrayLike, opts: { fullMatrices?: boolean; computeUv?: boolean; hermitian?: boolean } = {}): Array | SvdResult {
  const x = matrix("svd", a);
  if (opts.computeUv === false) return linalg.svd(x, { computeUv: false });
  const [u, s, vh] = linalg.svd(x, { fullMatrices: opts.fullMatrices ?? true });
  return Object.assign([u, s, vh] as [Array, Array, Array], { U: u, S: s, Vh: vh });
}

/**
 * `np.linalg.solve(a, b)` (jnp.linalg.solve): x with a x = b; b is (..., n) (one vector) or (..., n, k). Through LU with partial pivoting;
 * differentiated as JAX's jnp.linalg.solve (_solve): a lax.customLinearSolve whose solve and
 * transpose solve reuse the one factorization of stop_gradient(a).
 *
 * @example
 * ```ts
 * const a = np.array([[3, 1], [1, 2]]);
 * np.linalg.solve(a, np.array([9, 8])); // Array([2., 3.], dtype=float32)
 * np.linalg.solve(a, np.array([[9, 4], [8, 3]])); // Array([[2., 1.], [3., 1.]], dtype=float32)
 * ```
 */
export function solve(a: ArrayLike, b: ArrayLike): Array {
  const A = squareMatrix("solve", a);
  let B = asarray(b);
  if (B.dtype !== A.dtype) B = lax.convertElementType(B, A.dtype);
  const vector = B.ndim === 1 || B.ndim === A.ndim - 1;
  const Bm = vector ? lax.expandDims(B, [B.ndim]) : B;
  const n = A.shape[A.ndim - 1]!;
  if (Bm.shape[Bm.ndim - 2] !== n) throw new ValueError(`solve: a has shape ${JSON.stringify(A.shape)} and b has shape ${JSON.stringify(B.shape)}, which are incompatible.`);
  const lead = A.shape.slice(0, -2);
  const Bb = Bm.ndim === A.ndim ? Bm : lax.broadcastInDim(Bm, [...lead, n, Bm.shape[Bm.ndim - 1]!], [Bm.ndim - 2, Bm.ndim - 1].map((d) => d + lead.length - (Bm.ndim - 2)));
  const [lu, , perm] = linalg.lu(lax.stopGradient(A));
  // On plain arrays (no tracer of any transform) no derivative can be asked for: skip tracing the four functions
  // of customLinearSolve (the values are the same), which would dominate a small eager solve.
  if (A instanceof ArrayImpl && Bb instanceof ArrayImpl) {
    const x = luSolveCore(lu, perm, Bb, false);
    return vector ? lax.squeeze(x, [x.ndim - 1]) : x;
  }
  // The columns of b are solved together: the map x -> a x is linear in the whole (n, k) block,
  // which gives JAX's derivatives without vmapping over the columns.
  const x = customLinearSolve(
    (v: Array) => matmul(A, v),
    Bb,
    (_matvec, r) => luSolveCore(lu, perm, r, false),
    (_vecmat, r) => luSolveCore(lu, perm, r, true),
  );
  return vector ? lax.squeeze(x, [x.ndim - 1]) : x;
}

/**
 * `np.linalg.inv(a)` (jnp.linalg.inv): the inverse, as solve(a, I).
 *
 * @example
 * ```ts
 * np.linalg.inv(np.array([[4, 7], [2, 6]])); // Array([[ 0.6, -0.7], [-0.2,  0.4]], dtype=float32)
 * ```
 */
export function inv(a: ArrayLike): Array {
  const A = squareMatrix("inv", a);
  return solve(A, eyeLike(A, A.shape[A.ndim - 1]!));
}

/** (sign of det(P)) and the diagonal of U, from one LU. */
function luParts(name: string, a: ArrayLike): { parity: Array; diag: Array } {
  const A = squareMatrix(name, a);
  const [lu, pivots] = linalg.lu(A);
  const swaps = lax.ne(pivots, lax.broadcastedIota("int32", pivots.shape, pivots.ndim - 1));
  const count = lax.reduceSum(lax.convertElementType(swaps, "int32"), [pivots.ndim - 1]);
  const odd = lax.eq(lax.rem(count, lax.full([], 2, "int32")), lax.full([], 1, "int32"));
  const parity = lax.select(odd, lax.full(odd.shape, -1, A.dtype), lax.full(odd.shape, 1, A.dtype));
  return { parity, diag: diagonalOf(lu) };
}

/** sign and log|det| from LU (JAX's _slogdet_lu): a zero pivot gives sign 0 and -inf. */
function slogdetValue(a: Array): [Array, Array] {
  const { parity, diag } = luParts("slogdet", a);
  const last = diag.ndim - 1;
  const zero = lax.fullLike(diag, 0);
  const isZero = lax.reduceOr(lax.eq(diag, zero), [last]);
  const negatives = lax.reduceSum(lax.convertElementType(lax.lt(diag, zero), "int32"), [last]);
  const odd = lax.eq(lax.rem(negatives, lax.full([], 2, "int32")), lax.full([], 1, "int32"));
  const sign = lax.select(isZero, lax.fullLike(parity, 0), lax.select(odd, lax.neg(parity), parity));
  return [sign, lax.select(isZero, lax.fullLike(parity, -Infinity), lax.reduceSum(lax.log(lax.abs(diag)), [last]))];
}

/** trace(solve(a, t)): d log|det a| along t (Jacobi's formula). */
const traceOfSolve = (a: Array, t: Array): Array => lax.reduceSum(diagonalOf(solve(a, t)), [a.ndim - 2]);

/** Entry (i, j) of each matrix of a batch. */
const entry = (a: Array, i: number, j: number): Array => {
  const r = lax.sliceInDim(lax.sliceInDim(a, i, i + 1, 1, a.ndim - 2), j, j + 1, 1, a.ndim - 1);
  return lax.squeeze(r, [a.ndim - 2, a.ndim - 1]);
};

/** JAX's _det_2x2 and _det_3x3: the explicit products, differentiated as written. */
function smallDet(a: Array): Array {
  const e = (i: number, j: number) => entry(a, i, j);
  const m = (...xs: Array[]) => xs.reduce((p, q) => lax.mul(p, q));
  if (a.shape[a.ndim - 1] === 2) return lax.sub(m(e(0, 0), e(1, 1)), m(e(0, 1), e(1, 0)));
  const plus = lax.add(lax.add(m(e(0, 0), e(1, 1), e(2, 2)), m(e(0, 1), e(1, 2), e(2, 0))), m(e(0, 2), e(1, 0), e(2, 1)));
  return lax.sub(lax.sub(lax.sub(plus, m(e(0, 2), e(1, 1), e(2, 0))), m(e(0, 0), e(1, 2), e(2, 1))), m(e(0, 1), e(1, 0), e(2, 2)));
}

/**
 * JAX's _cofactor_solve: det(a) and adj(a) b, finite where a has rank n - 1 (the last pivot of U
 * is replaced by 1 / the product of the others, so the solve never divides by the zero pivot);
 * zeros where a's rank is lower (the solve's inf/nan is filtered).
 */
function cofactorSolve(a: Array, b: Array): [Array, Array] {
  const n = a.shape[a.ndim - 1]!;
  if (n === 1) return [entry(a, 0, 0), b];
  const [lu0, pivots, perm] = linalg.lu(a);
  const diag = diagonalOf(lu0);
  const last = diag.ndim - 1;
  const swaps = lax.convertElementType(lax.ne(pivots, lax.broadcastedIota("int32", pivots.shape, last)), "int32");
  const odd = lax.eq(lax.rem(lax.reduceSum(swaps, [last]), lax.full([], 2, "int32")), lax.full([], 1, "int32"));
  const sign = lax.select(odd, lax.full(odd.shape, -1, a.dtype), lax.full(odd.shape, 1, a.dtype));
  const partialDet = lax.mul(lax.cumprod(diag, last), lax.broadcastInDim(sign, diag.shape, sign.shape.map((_, i) => i)));
  const nextToLast = lax.squeeze(lax.sliceInDim(partialDet, n - 2, n - 1, 1, last), [last]);
  const corner = lax.bitwiseAnd(lax.eq(lax.broadcastedIota("int32", a.shape, a.ndim - 2), lax.full([], n - 1, "int32")), lax.eq(lax.broadcastedIota("int32", a.shape, a.ndim - 1), lax.full([], n - 1, "int32")));
  const lu = lax.select(corner, lax.broadcastInDim(lax.div(lax.full([], 1, a.dtype), nextToLast), a.shape, nextToLast.shape.map((_, i) => i)), lu0);
  const full = lax.squeeze(lax.sliceInDim(partialDet, n - 1, n, 1, last), [last]);
  // Matrices of rank below n - 1: U d = 1 is not finite there.
  const d = linalg.triangularSolve(lu, lax.full([...a.shape.slice(0, -1), 1], 1, a.dtype), { leftSide: true, lower: false });
  const bad = lax.reduceOr(lax.bitwiseNot(lax.isFinite(d)), [a.ndim - 2, a.ndim - 1]);
  const badFull = lax.broadcastInDim(bad, b.shape, bad.shape.map((_, i) => i));
  const zeros = lax.fullLike(b, 0);
  let x = lax.select(badFull, zeros, b);
  x = linalg.triangularSolve(lu, permuteRows(perm, x), { leftSide: true, lower: true, unitDiagonal: true });
  const scaled = lax.mul(lax.sliceInDim(x, 0, n - 1, 1, x.ndim - 2), lax.broadcastInDim(full, [...full.shape, n - 1, x.shape[x.ndim - 1]!], full.shape.map((_, i) => i)));
  x = lax.concatenate([scaled, lax.sliceInDim(x, n - 1, n, 1, x.ndim - 2)], x.ndim - 2);
  x = linalg.triangularSolve(lu, x, { leftSide: true, lower: false });
  return [full, lax.select(badFull, zeros, x)];
}

let detCustom: ((a: Array) => Array) | undefined;
let slogdetCustom: ((a: Array) => [Array, Array]) | undefined;

/**
 * `np.linalg.det(a)` (jnp.linalg.det): the determinant. As JAX's jnp.linalg.det: 2x2 and 3x3 by their explicit products (so a
 * singular matrix gives exactly 0 and its gradient is the adjugate); larger through LU with a
 * custom JVP trace(adj(a) da) from _cofactor_solve, finite at rank n - 1 and zero below.
 *
 * @example
 * ```ts
 * np.linalg.det(np.array([[1, 2], [3, 4]])); // Array(-2., dtype=float32)
 * np.linalg.det(np.array([[2, 0, 0], [0, 3, 0], [0, 0, 4]])); // Array(24., dtype=float32)
 * grad(np.linalg.det)(np.array([[1, 2], [3, 4]])); // Array([[ 4., -3.], [-2.,  1.]], dtype=float32)
 * ```
 */
export function det(a: ArrayLike): Array {
  const A = squareMatrix("det", a);
  const n = A.shape[A.ndim - 1]!;
  if (n === 2 || n === 3) return smallDet(A);
  detCustom ??= customJvp((x: Array) => {
    const [sign, logabsdet] = slogdetValue(x);
    return lax.mul(sign, lax.exp(logabsdet));
  }).defjvp(([x], [t]) => {
    const [y, z] = cofactorSolve(x!, t!);
    return [y, lax.reduceSum(diagonalOf(z), [z.ndim - 2])];
  });
  return detCustom(A);
}

/** `np.linalg.slogdet`'s result: `det = sign * exp(logabsdet)`, a pair also readable by name. */
export type SlogdetResult = [sign: Array, logabsdet: Array] & {
  /** The determinant's sign: 1, -1, or 0 for a singular matrix. */
  sign: Array;
  /** The natural log of the determinant's absolute value (-Infinity when singular). */
  logabsdet: Array;
};

/**
 * `np.linalg.slogdet(a)` (jnp.linalg.slogdet): sign and log|det| (-inf for a singular matrix), from LU; d log|det| = trace(a^-1 da) (JAX's custom JVP), the sign's tangent is zero.
 *
 * @example
 * ```ts
 * const { sign, logabsdet } = np.linalg.slogdet(np.array([[1, 2], [3, 4]]));
 * sign; // Array(-1., dtype=float32)
 * logabsdet; // Array(0.69314724, dtype=float32)
 * ```
 */
export function slogdet(a: ArrayLike): SlogdetResult {
  slogdetCustom ??= customJvp((x: Array) => slogdetValue(x)).defjvp(([x], [t]) => {
    const [sign, logabsdet] = slogdetCustom!(x);
    return [[sign, logabsdet], [lax.fullLike(sign, 0), traceOfSolve(x, t)]];
  });
  const [sign, logabsdet] = slogdetCustom(squareMatrix("slogdet", a));
  return Object.assign([sign, logabsdet] as [Array, Array], { sign, logabsdet });
}
