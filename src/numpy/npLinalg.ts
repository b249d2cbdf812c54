// np.linalg (issue 20): jax.numpy.linalg's functions over lax.linalg, with JAX's defaults, result
// names and errors. Every function takes leading batch dimensions. Documented failure modes, as
// JAX's: cholesky of a matrix that is not positive definite gives NaNs; solve/inv of a singular
// matrix give inf/nan (LU without a singularity check); det of a singular matrix is 0.
import { ValueError } from "../core/errors.js";
import { isComplex } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/ops.js";
import * as linalg from "../lax/linalg.js";
import { asarray } from "./arrayManipulation.js";
import { customJvp } from "../ad/custom.js";

/** The operand as a float array (ints and bools become float32); complex is refused: dprog's linear-algebra kernels are real. */
export const asFloat = (x: ArrayLike): Array => {
  const a = asarray(x);
  if (isComplex(a.dtype)) throw new TypeError(`np.linalg: complex inputs (${a.dtype}) are not supported in dprog; its linear-algebra kernels are real.`);
  return a.dtype === "float32" || a.dtype === "float64" ? a : lax.convertElementType(a, "float32");
};

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

/** L with a = L L^T (or the upper factor U = L^T with upper); NaNs where a is not positive definite. */
export function cholesky(a: ArrayLike, opts: { upper?: boolean; symmetrizeInput?: boolean } = {}): Array {
  const L = linalg.cholesky(squareMatrix("cholesky", a), { symmetrizeInput: opts.symmetrizeInput ?? true });
  return opts.upper ? linalg.mT(L) : L;
}

export type QrMode = "reduced" | "complete" | "r";

/** [q, r] (mode "reduced" or "complete"), or r alone (mode "r"). */
export function qr(a: ArrayLike, mode: "r"): Array;
export function qr(a: ArrayLike, mode?: "reduced" | "complete"): [q: Array, r: Array];
export function qr(a: ArrayLike, mode: QrMode = "reduced"): Array | [Array, Array] {
  if (mode !== "reduced" && mode !== "complete" && mode !== "r") throw new ValueError(`Unsupported QR decomposition mode '${String(mode)}'`);
  const [q, r] = linalg.qr(matrix("qr", a), { fullMatrices: mode === "complete" });
  return mode === "r" ? r : [q, r];
}

export type EighResult = [eigenvalues: Array, eigenvectors: Array] & { eigenvalues: Array; eigenvectors: Array };

/** Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix, read from its UPLO triangle. */
export function eigh(a: ArrayLike, opts: { UPLO?: "L" | "U"; symmetrizeInput?: boolean } = {}): EighResult {
  const uplo = opts.UPLO ?? "L";
  if (uplo !== "L" && uplo !== "U") throw new ValueError(`UPLO must be one of None, 'L', or 'U', got ${String(uplo)}`);
  const [v, w] = linalg.eigh(squareMatrix("eigh", a), { lower: uplo === "L", symmetrizeInput: opts.symmetrizeInput ?? true });
  return Object.assign([w, v] as [Array, Array], { eigenvalues: w, eigenvectors: v });
}

/** The eigenvalues of a symmetric matrix, ascending. */
export function eigvalsh(a: ArrayLike, opts: { UPLO?: "L" | "U"; symmetrizeInput?: boolean } = {}): Array {
  return eigh(a, opts).eigenvalues;
}

export type SvdResult = [U: Array, S: Array, Vh: Array] & { U: Array; S: Array; Vh: Array };

/** [U, S, Vh] with a = U diag(S) Vh, S descending; S alone with computeUv false. */
export function svd(a: ArrayLike, opts: { fullMatrices?: boolean; computeUv: false; hermitian?: boolean }): Array;
export function svd(a: ArrayLike, opts?: { fullMatrices?: boolean; computeUv?: true; hermitian?: boolean }): SvdResult;
export function svd(a: ArrayLike, opts: { fullMatrices?: boolean; computeUv?: boolean; hermitian?: boolean } = {}): Array | SvdResult {
  const x = matrix("svd", a);
  if (opts.computeUv === false) return linalg.svd(x, { computeUv: false });
  const [u, s, vh] = linalg.svd(x, { fullMatrices: opts.fullMatrices ?? true });
  return Object.assign([u, s, vh] as [Array, Array, Array], { U: u, S: s, Vh: vh });
}

/** Rows of b permuted by perm (..., m): P b as a product with the one-hot permutation matrix. */
function permuteRows(perm: Array, b: Array): Array {
  const m = perm.shape[perm.ndim - 1]!;
  const shape = [...perm.shape, m];
  const p = lax.convertElementType(lax.eq(lax.broadcastInDim(perm, shape, perm.shape.map((_, i) => i)), lax.broadcastedIota("int32", shape, shape.length - 1)), b.dtype);
  return linalg.matmul(p, b);
}

/** x with a x = b; b is (..., n) (one vector) or (..., n, k). Through LU with partial pivoting. */
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
  const [lu, , perm] = linalg.lu(A);
  const y = linalg.triangularSolve(lu, permuteRows(perm, Bb), { leftSide: true, lower: true, unitDiagonal: true });
  const x = linalg.triangularSolve(lu, y, { leftSide: true, lower: false });
  return vector ? lax.squeeze(x, [x.ndim - 1]) : x;
}

/** The inverse, as solve(a, I). */
export function inv(a: ArrayLike): Array {
  const A = squareMatrix("inv", a);
  return solve(A, linalg.eyeLike(A, A.shape[A.ndim - 1]!));
}

/** (sign of det(P)) and the diagonal of U, from one LU. */
function luParts(name: string, a: ArrayLike): { parity: Array; diag: Array } {
  const A = squareMatrix(name, a);
  const [lu, pivots] = linalg.lu(A);
  const swaps = lax.ne(pivots, lax.broadcastedIota("int32", pivots.shape, pivots.ndim - 1));
  const count = lax.reduceSum(lax.convertElementType(swaps, "int32"), [pivots.ndim - 1]);
  const odd = lax.eq(lax.rem(count, lax.full([], 2, "int32")), lax.full([], 1, "int32"));
  const parity = lax.select(odd, lax.full(odd.shape, -1, A.dtype), lax.full(odd.shape, 1, A.dtype));
  return { parity, diag: linalg.diagonalOf(lu) };
}

/** The determinant, from LU: sign of the permutation times the product of U's diagonal. */
function detValue(a: Array): Array {
  const { parity, diag } = luParts("det", a);
  return lax.mul(parity, lax.reduceProd(diag, [diag.ndim - 1]));
}

/** sign and log|det| from LU. */
function slogdetValue(a: Array): [Array, Array] {
  const { parity, diag } = luParts("slogdet", a);
  const sign = lax.mul(parity, lax.reduceProd(lax.sign(diag), [diag.ndim - 1]));
  return [sign, lax.reduceSum(lax.log(lax.abs(diag)), [diag.ndim - 1])];
}

/** trace(solve(a, t)): d log|det a| along t (Jacobi's formula). */
const traceOfSolve = (a: Array, t: Array): Array => lax.reduceSum(linalg.diagonalOf(solve(a, t)), [a.ndim - 2]);

let detCustom: ((a: Array) => Array) | undefined;
let slogdetCustom: ((a: Array) => [Array, Array]) | undefined;

/** The determinant (from LU); its derivative is JAX's custom JVP, det(a) trace(a^-1 da). */
export function det(a: ArrayLike): Array {
  detCustom ??= customJvp((x: Array) => detValue(x)).defjvp(([x], [t]) => {
    const y = detCustom!(x);
    return [y, lax.mul(y, traceOfSolve(x, t))];
  });
  return detCustom(squareMatrix("det", a));
}

export type SlogdetResult = [sign: Array, logabsdet: Array] & { sign: Array; logabsdet: Array };

/** sign and log|det| (-inf for a singular matrix), from LU; d log|det| = trace(a^-1 da) (JAX's custom JVP), the sign's tangent is zero. */
export function slogdet(a: ArrayLike): SlogdetResult {
  slogdetCustom ??= customJvp((x: Array) => slogdetValue(x)).defjvp(([x], [t]) => {
    const [sign, logabsdet] = slogdetCustom!(x);
    return [[sign, logabsdet], [lax.fullLike(sign, 0), traceOfSolve(x, t)]];
  });
  const [sign, logabsdet] = slogdetCustom(squareMatrix("slogdet", a));
  return Object.assign([sign, logabsdet] as [Array, Array], { sign, logabsdet });
}
