// The JVP of qr_p (JAX's qr_jvp_rule in jax/_src/lax/linalg.py): the thin rule for m >= n
// (Townsend's note on the QR derivative), the wide case m < n through x = [x1 x2], and the full
// (m x m) Q of a tall matrix (Roberts & Roberts, arXiv:2409.13374, eqs. 32-33). With pivoting,
// x[:, p] = Q R: the tangent's columns are permuted by p, and p (piecewise constant) has a zero
// tangent. Tangents are linear in dx with primal-derived coefficients, so reverse mode transposes them.
import { Array } from "../core/array.js";
import { bind } from "../core/trace.js";
import * as lax from "../lax/ops.js";
import { lu, triangularSolve } from "../lax/linalgBind.js";
import { eyeLike, matmul, mT, tril } from "../lax/matrixHelpers.js";
import { Zero, type JvpRule, type Tangent } from "./types.js";
import { isZero, nonZero, tangentAval } from "./zeros.js";

const zeroOf = (x: Array): Zero => new Zero(tangentAval(x.aval));

/** The one-hot (..., m, m) matrix P with P[i, j] = (perm[i] == j), so P a = a[perm]. */
export function permutationMatrix(perm: Array, dtype: Array["dtype"]): Array {
  const m = perm.shape[perm.ndim - 1]!;
  const shape = [...perm.shape, m];
  const rows = lax.broadcastInDim(perm, shape, perm.shape.map((_, i) => i));
  return lax.convertElementType(lax.eq(rows, lax.broadcastedIota("int32", shape, shape.length - 1)), dtype);
}

/** x[..., :, p]: the columns of x (..., m, n) in the order p (..., n) gives. */
const permuteColumns = (x: Array, p: Array): Array => matmul(x, mT(permutationMatrix(p, x.dtype)));

/** JAX's _thin_qr_jvp for x = Q R with m >= n: dx R^-1, then the skew-symmetric part of Q^T dx R^-1. */
function thinQrJvp(q: Array, r: Array, dx: Array): [dq: Array, dr: Array] {
  const dxRinv = triangularSolve(r, dx);
  const qtDxRinv = matmul(mT(q), dxRinv);
  const low = tril(qtDxRinv, -1);
  const omega = lax.sub(low, mT(low));
  return [lax.add(matmul(q, lax.sub(omega, qtDxRinv)), dxRinv), matmul(lax.sub(qtDxRinv, omega), r)];
}

/** x with a^T x = b for square a, through a's LU factorisation (P a = L U, so a^T = U^T L^T P). */
function solveTransposed(a: Array, b: Array): Array {
  const [packed, , perm] = lu(a);
  const y = triangularSolve(packed, b, { leftSide: true, lower: false, transposeA: true });
  const z = triangularSolve(packed, y, { leftSide: true, lower: true, transposeA: true, unitDiagonal: true });
  return matmul(mT(permutationMatrix(perm, a.dtype)), z);
}

export const qrJvp: JvpRule<"qr"> = ([x], [t], params) => {
  const outs = bind("qr", [x!], params);
  const [q, r] = outs as [Array, Array];
  if (isZero(t)) return [outs, outs.map(zeroOf)];
  const [m, n] = x!.shape.slice(-2) as [number, number];
  const p = params.pivoting ? outs[2]! : null;
  const dx = p === null ? nonZero(t) : permuteColumns(nonZero(t), p);
  const tangents = ([dq, dr]: [Array, Array]): Tangent[] => (p === null ? [dq, dr] : [dq, dr, zeroOf(p)]);
  const [rows, cols] = [x!.ndim - 2, x!.ndim - 1];
  const part = (v: Array, lo: number, hi: number, axis: number): Array => lax.sliceInDim(v, lo, hi, 1, axis);
  if (m < n) {
    // Wide: x = [x1 x2] with x1 = Q R1 (the square rule) and R2 = Q^T x2, so dR2 = dQ^T x2 + Q^T dx2.
    // x2 is taken from the permuted x (JAX 0.10.2 takes the unpermuted x's columns here, which
    // gives a wrong dR under pivoting: 0.9 off central differences on a 3x5 matrix).
    const xp = p === null ? x! : permuteColumns(x!, p);
    const [dq, dr1] = thinQrJvp(q, part(r, 0, m, cols), part(dx, 0, m, cols));
    const dr2 = lax.add(matmul(mT(dq), part(xp, m, n, cols)), matmul(mT(q), part(dx, m, n, cols)));
    return [outs, tangents([dq, lax.concatenate([dr1, dr2], cols)])];
  }
  if (!params.fullMatrices || m === n) return [outs, tangents(thinQrJvp(q, r, dx))];
  // Tall with the full Q: the thin rule gives dQ's first n columns; the other m - n follow from
  // Z = Q_pn (Q_nn - I)^-1 (arXiv:2409.13374 eq. 33) as dQ_mp = dQ_mn Z^T - (Q_mn + Q_mp Z)(dQ_pn - Z dQ_nn)^T (eq. 32).
  const qmn = part(q, 0, n, cols);
  const [dqmn, drnn] = thinQrJvp(qmn, part(r, 0, n, rows), dx);
  const qnn = part(qmn, 0, n, rows), qpn = part(qmn, n, m, rows), qmp = part(q, n, m, cols);
  const zT = solveTransposed(lax.sub(qnn, eyeLike(qnn, n)), mT(qpn));
  const z = mT(zT);
  const dqnn = part(dqmn, 0, n, rows), dqpn = part(dqmn, n, m, rows);
  const dqmp = lax.sub(matmul(dqmn, zT), matmul(lax.add(qmn, matmul(qmp, z)), mT(lax.sub(dqpn, matmul(z, dqnn)))));
  const zeros = lax.full([...drnn.shape.slice(0, -2), m - n, n], 0, drnn.dtype);
  return [outs, tangents([lax.concatenate([dqmn, dqmp], cols), lax.concatenate([drnn, zeros], rows)])];
};
