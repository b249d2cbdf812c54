// Householder QR with column pivoting, A[:, p] = Q R (LAPACK's dgeqp3 through its unblocked
// dlaqp2; JAX's qr_p with pivoting=True): step i brings forward the remaining column of largest
// norm (the first on ties, as idamax), so |diag(R)| is non-increasing. The remaining columns'
// norms are downdated after each step and recomputed when cancellation makes the downdate
// unreliable (Drmac & Bujanovic's test, as LAPACK 3.x: (1 - (r_ij / norm_j)^2) (norm_j /
// norm0_j)^2 <= sqrt(eps)). Reflectors follow dlarfg (householder.ts), so R's signs are LAPACK's.
import { reflectColumnSegment, reflectorVector, reflectRows } from "./householder.js";
import { householderProduct, qrOutputs, writeR } from "./qr.js";
import type { FloatArray } from "./types.js";

const TOL3Z = Math.sqrt(2 ** -52);

function columnNorm(w: Float64Array, n: number, r0: number, m: number, j: number): number {
  let scale = 0;
  for (let i = r0; i < m; i++) scale = Math.max(scale, Math.abs(w[i * n + j]!));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let ss = 0;
  for (let i = r0; i < m; i++) ss += (w[i * n + j]! / scale) ** 2;
  return scale * Math.sqrt(ss);
}

/** Factors the (m x n) `w` in place (R above the diagonal, reflectors below); fills taus (min(m, n)) and perm (n). */
export function pivotedQrInPlace(w: Float64Array, m: number, n: number, taus: Float64Array, perm: Int32Array): void {
  const k = Math.min(m, n);
  const norms = new Float64Array(n), norms0 = new Float64Array(n);
  for (let j = 0; j < n; j++) (perm[j] = j), (norms[j] = norms0[j] = columnNorm(w, n, 0, m, j));
  const v = new Float64Array(m);
  for (let i = 0; i < k; i++) {
    let pvt = i;
    for (let j = i + 1; j < n; j++) if (norms[j]! > norms[pvt]! || (Number.isNaN(norms[j]!) && !Number.isNaN(norms[pvt]!))) pvt = j;
    if (pvt !== i) {
      for (let r = 0; r < m; r++) [w[r * n + i], w[r * n + pvt]] = [w[r * n + pvt]!, w[r * n + i]!];
      [perm[i], perm[pvt]] = [perm[pvt]!, perm[i]!];
      norms[pvt] = norms[i]!;
      norms0[pvt] = norms0[i]!;
    }
    const tau = reflectColumnSegment(w, n, i, m, i);
    taus[i] = tau;
    if (tau !== 0 && i + 1 < n) {
      reflectorVector(w, n, i, m, i, v);
      reflectRows(w, n, v, tau, i, m - i, i + 1, n);
    }
    for (let j = i + 1; j < n; j++) {
      if (norms[j] === 0) continue;
      const ratio = Math.abs(w[i * n + j]!) / norms[j]!;
      const temp = Math.max(0, 1 - ratio * ratio);
      if (temp * (norms[j]! / norms0[j]!) ** 2 <= TOL3Z) {
        norms[j] = norms0[j] = i + 1 < m ? columnNorm(w, n, i + 1, m, j) : 0;
      } else {
        norms[j] = norms[j]! * Math.sqrt(temp);
      }
    }
  }
}

export interface PivotedQrResult {
  readonly q: FloatArray;
  readonly r: FloatArray;
  readonly p: Int32Array;
}

/**
 * Pivoted QR of a batch of (m x n) matrices, k = min(m, n): Q (m x m) and R (m x n) with
 * fullMatrices, else Q (m x k) and R (k x n); p (n) 0-based with A[:, p] = Q R.
 */
export function pivotedQr(a: FloatArray, batch: number, m: number, n: number, fullMatrices: boolean): PivotedQrResult {
  const { k, qCols, rRows, q, r } = qrOutputs(a, batch, m, n, fullMatrices);
  const p = new Int32Array(batch * n);
  const w = new Float64Array(m * n), taus = new Float64Array(k), perm = new Int32Array(n);
  for (let b = 0; b < batch; b++) {
    w.set(a.subarray(b * m * n, (b + 1) * m * n));
    pivotedQrInPlace(w, m, n, taus, perm);
    p.set(perm, b * n);
    writeR(w, r, b, rRows, m, n);
    q.set(householderProduct(w, n, m, qCols, taus, k), b * m * qCols);
  }
  return { q, r, p };
}
