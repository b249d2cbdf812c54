// JVP and transpose rules of the linear-algebra primitives (issue 20), JAX's formulas from
// jax/_src/lax/linalg.py: cholesky's L phi(L^-1 dA L^-T) (Murray 2016, arXiv:1602.07527),
// triangular_solve's in a and b, lu's (de Hoog, Anderssen & Lukas), qr's (Townsend's note on the
// QR derivative), eigh's with the 1/(w_j - w_i) matrix (nondegenerate perturbation theory; repeated
// eigenvalues give inf/nan in dv as in JAX), svd's, and tridiagonal_solve's. Tangents are built
// with linear primitives of the input tangents and primal-derived coefficients only, so reverse
// mode transposes them; triangular_solve and tridiagonal_solve transpose in their right-hand side.
import { Array } from "../core/array.js";
import { bind, bind1 } from "../core/trace.js";
import { NotImplementedError } from "../core/errors.js";
import * as lax from "../lax/ops.js";
import { triangularSolve, tridiagonalSolve } from "../lax/linalgBind.js";
import { diagonalOf, eyeLike, matmul, mT, symmetrize, tril, triu } from "../lax/matrixHelpers.js";
import { Zero, UndefinedPrimal, type JvpRule, type Tangent, type TransposeRule } from "./types.js";
import { instantiate, isZero, nonZero, tangentAval } from "./zeros.js";
import { eigJvp, hessenbergJvp, householderProductJvp, schurJvp } from "./eigRules.js";
import { permutationMatrix, qrJvp } from "./qrRules.js";

const zeroOf = (x: Array): Zero => new Zero(tangentAval(x.aval));
const allZero = (ts: Tangent[]): boolean => ts.every(isZero);
const scalar = (x: Array, v: number): Array => lax.full([], v, x.dtype);

/** s (..., k) as a (..., k, k) matrix constant along rows: entry (i, j) = s[j]. */
const alongRows = (s: Array): Array => lax.broadcastInDim(s, [...s.shape, s.shape[s.ndim - 1]!], [...s.shape.slice(0, -1).map((_, i) => i), s.ndim]);
/** Entry (i, j) = s[i]. */
const alongCols = (s: Array): Array => lax.broadcastInDim(s, [...s.shape, s.shape[s.ndim - 1]!], [...s.shape.slice(0, -1).map((_, i) => i), s.ndim - 1]);

const choleskyJvp: JvpRule<"cholesky"> = ([x], [t]) => {
  const L = bind1("cholesky", [x!], {});
  if (isZero(t)) return [[L], [zeroOf(L)]];
  const tmp = triangularSolve(L, nonZero(t), { leftSide: false, transposeA: true, lower: true });
  const inner = triangularSolve(L, tmp, { leftSide: true, lower: true });
  // phi: the lower triangle with its diagonal halved.
  const phi = lax.div(tril(inner), lax.add(scalar(L, 1), eyeLike(L, L.shape[L.ndim - 1]!)));
  return [[L], [matmul(L, phi)]];
};

const triangularSolveJvp: JvpRule<"triangular_solve"> = ([a, b], [ta, tb], params) => {
  const ans = bind1("triangular_solve", [a!, b!], params);
  const terms: Array[] = [];
  if (!isZero(tb)) terms.push(bind1("triangular_solve", [a!, nonZero(tb)], params));
  if (!isZero(ta)) {
    const k = params.unitDiagonal ? 1 : 0;
    let ga = params.lower ? tril(nonZero(ta), -k) : triu(nonZero(ta), k);
    ga = lax.neg(ga);
    if (params.transposeA) ga = mT(ga);
    const rhs = params.leftSide ? matmul(ga, ans) : matmul(ans, ga);
    terms.push(bind1("triangular_solve", [a!, rhs], params));
  }
  return [[ans], [terms.length === 0 ? zeroOf(ans) : terms.reduce((p, q) => lax.add(p, q))]];
};

const triangularSolveTranspose: TransposeRule<"triangular_solve"> = ([ct], [a, b], params) => {
  if (a instanceof UndefinedPrimal) throw new TypeError("triangular_solve is linear in b only: a must be known when transposing.");
  if (isZero(ct)) return [null, new Zero(b!.aval)];
  return [null, bind1("triangular_solve", [a!, nonZero(ct)], { ...params, transposeA: !params.transposeA })];
};

const luJvp: JvpRule<"lu"> = ([a], [t]) => {
  const outs = bind("lu", [a!], {}) as [Array, Array, Array];
  const [lu, pivots, perm] = outs;
  const [m, n] = a!.shape.slice(-2) as [number, number];
  if (isZero(t)) return [outs, outs.map(zeroOf)];
  if (m !== n) throw new NotImplementedError("lu: the derivative is implemented for square matrices only.");
  const l = lax.add(tril(lu, -1), eyeLike(lu, m));
  const u = triu(lu);
  const pa = matmul(permutationMatrix(perm, a!.dtype), nonZero(t));
  const la = triangularSolve(l, pa, { leftSide: true, lower: true, unitDiagonal: true });
  const lau = triangularSolve(u, la, { leftSide: false, lower: false });
  const luDot = lax.add(matmul(l, tril(lau, -1)), matmul(triu(lau), u));
  return [outs, [luDot, zeroOf(pivots), zeroOf(perm)]];
};

const eighJvp: JvpRule<"eigh"> = ([a], [t], params) => {
  const n = a!.shape[a!.ndim - 1]!;
  const sub = params.subsetByIndex;
  if (sub !== null && !(sub[0] === 0 && sub[1] === n)) throw new NotImplementedError("Derivatives not defined for partial eigen decomposition.");
  const [v, w] = bind("eigh", [symmetrize(a!)], params) as [Array, Array];
  if (isZero(t)) return [[v, w], [zeroOf(v), zeroOf(w)]];
  const eye = eyeLike(v, n);
  // F[i, j] = 1 / (w[j] - w[i]) off the diagonal, 0 on it.
  const fmat = lax.sub(lax.div(scalar(v, 1), lax.add(eye, lax.sub(alongRows(w), alongCols(w)))), eye);
  const vtav = matmul(matmul(mT(v), nonZero(t)), v);
  return [[v, w], [matmul(v, lax.mul(fmat, vtav)), diagonalOf(vtav)]];
};

const svdJvp: JvpRule<"svd"> = ([a], [t], params) => {
  const [m, n] = a!.shape.slice(-2) as [number, number];
  if (params.computeUv && params.fullMatrices && m !== n) throw new NotImplementedError("Singular value decomposition JVP not implemented for full matrices");
  const [s, U, Vt] = bind("svd", [a!], { ...params, fullMatrices: false, computeUv: true }) as [Array, Array, Array];
  const primals = params.computeUv ? [s, U, Vt] : [s];
  if (isZero(t)) return [primals, primals.map(zeroOf)];
  const dA = nonZero(t);
  const [Ut, V] = [mT(U), mT(Vt)];
  const dS = matmul(matmul(Ut, dA), V);
  const ds = diagonalOf(dS);
  if (!params.computeUv) return [[s], [ds]];
  const k = s.shape[s.ndim - 1]!;
  const eye = eyeLike(U, k);
  const [sj, si] = [alongRows(s), alongCols(s)];
  const F = lax.sub(lax.div(scalar(s, 1), lax.add(lax.mul(lax.add(sj, si), lax.sub(sj, si)), eye)), eye);
  const dSS = lax.mul(sj, dS);
  const SdS = lax.mul(si, dS);
  const sZeros = lax.convertElementType(lax.eq(s, scalar(s, 0)), s.dtype);
  const sInv = lax.sub(lax.div(scalar(s, 1), lax.add(s, sZeros)), sZeros);
  const dUdVDiag = lax.mul(lax.mul(scalar(s, 0.5), lax.sub(dS, mT(dS))), lax.mul(alongRows(sInv), eye));
  let dU = matmul(U, lax.add(lax.mul(F, lax.add(dSS, mT(dSS))), dUdVDiag));
  let dV = matmul(V, lax.mul(F, lax.add(SdS, mT(SdS))));
  if (m > n) {
    const dAV = matmul(dA, V);
    dU = lax.add(dU, lax.div(lax.sub(dAV, matmul(U, matmul(Ut, dAV))), broadcastRows(s, m)));
  }
  if (n > m) {
    const dAHU = matmul(mT(dA), U);
    dV = lax.add(dV, lax.div(lax.sub(dAHU, matmul(V, matmul(Vt, dAHU))), broadcastRows(s, n)));
  }
  return [[s, U, Vt], [ds, dU, mT(dV)]];
};

/** s (..., k) broadcast to (..., rows, k): entry (i, j) = s[j]. */
const broadcastRows = (s: Array, rows: number): Array => lax.broadcastInDim(s, [...s.shape.slice(0, -1), rows, s.shape[s.ndim - 1]!], [...s.shape.slice(0, -1).map((_, i) => i), s.ndim]);

/** A x for the tridiagonal A = (dl, d, du) and x (..., m, nrhs): JAX's _tridiagonal_product. */
function tridiagonalProduct(dl: Array, d: Array, du: Array, x: Array): Array {
  const m = x.shape[x.ndim - 2]!;
  const nrhs = x.shape[x.ndim - 1]!;
  const lead = x.shape.slice(0, -2);
  const col = (v: Array): Array => lax.broadcastInDim(v, x.shape, [...lead.map((_, i) => i), x.ndim - 2]);
  const rowsOf = (y: Array, lo: number, hi: number): Array => lax.slice(y, [...lead.map(() => 0), lo, 0], [...lead, hi, nrhs]);
  const padRows = (y: Array, before: number, after: number): Array => lax.pad(y, scalar(x, 0), [...lead.map(() => [0, 0, 0] as const), [before, after, 0] as const, [0, 0, 0] as const]);
  let y = lax.mul(col(d), x);
  if (m > 1) {
    y = lax.add(y, padRows(lax.mul(rowsOf(col(dl), 1, m), rowsOf(x, 0, m - 1)), 1, 0));
    y = lax.add(y, padRows(lax.mul(rowsOf(col(du), 0, m - 1), rowsOf(x, 1, m)), 0, 1));
  }
  return y;
}

const tridiagonalSolveJvp: JvpRule<"tridiagonal_solve"> = (primals, tangents, params) => {
  const [dl, d, du, b] = primals as [Array, Array, Array, Array];
  const ans = bind1("tridiagonal_solve", primals, params);
  if (allZero(tangents)) return [[ans], [zeroOf(ans)]];
  let rhs: Array = isZero(tangents[3]) ? lax.fullLike(b, 0) : nonZero(tangents[3]);
  if (!allZero(tangents.slice(0, 3))) {
    const [tdl, td, tdu] = tangents.slice(0, 3).map(instantiate) as [Array, Array, Array];
    rhs = lax.sub(rhs, tridiagonalProduct(tdl, td, tdu, ans));
  }
  return [[ans], [tridiagonalSolve(dl, d, du, rhs)]];
};

const tridiagonalSolveTranspose: TransposeRule<"tridiagonal_solve"> = ([ct], inputs) => {
  const [dl, d, du, b] = inputs;
  if (dl instanceof UndefinedPrimal || d instanceof UndefinedPrimal || du instanceof UndefinedPrimal) {
    throw new TypeError("tridiagonal_solve is linear in b only: the diagonals must be known when transposing.");
  }
  if (isZero(ct)) return [null, null, null, new Zero(b!.aval)];
  const last = dl!.ndim - 1;
  const m = dl!.shape[last]!;
  const part = (v: Array, lo: number, hi: number): Array => lax.sliceInDim(v, lo, hi, 1, last);
  const zero = (v: Array): Array => lax.fullLike(part(v, 0, Math.min(1, m)), 0);
  // The transpose's sub- and superdiagonals: du shifted down, dl shifted up.
  const dlT = m === 0 ? dl! : lax.concatenate([zero(du!), part(du!, 0, m - 1)], last);
  const duT = m === 0 ? du! : lax.concatenate([part(dl!, 1, m), zero(dl!)], last);
  return [null, null, null, tridiagonalSolve(dlT, d!, duT, nonZero(ct))];
};

export const LINALG_JVP_RULES = {
  cholesky: choleskyJvp,
  triangular_solve: triangularSolveJvp,
  lu: luJvp,
  qr: qrJvp,
  eigh: eighJvp,
  eig: eigJvp,
  schur: schurJvp,
  svd: svdJvp,
  hessenberg: hessenbergJvp,
  householder_product: householderProductJvp,
  tridiagonal_solve: tridiagonalSolveJvp,
};

export const LINALG_TRANSPOSE_RULES = {
  triangular_solve: triangularSolveTranspose,
  tridiagonal_solve: tridiagonalSolveTranspose,
};
