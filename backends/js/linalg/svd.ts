// Singular value decomposition A = U diag(s) V^T (LAPACK's gesvd role; JAX's svd_p) of a batch of
// (m x n) row-major matrices, k = min(m, n): s descending (k values), U (m x m, or m x k) and
// V^T (n x n, or k x n) when computeUv. A matrix holding a NaN or inf gives NaNs, as JAX does.
//
// LAPACK's dgesvd path (Golub & Kahan 1965; Demmel & Kahan 1990): Householder bidiagonalisation
// A = Q B P^T (bidiagonalize.ts, blocked, Q and P formed with GEMM), then B = Qb S Pb^T by
// implicit-shift QR (bidiagonalSvd.ts), so U = Q Qb and V = P Pb, the rotations recorded and
// applied to Q and P in batches. Both steps are backward stable; the bidiagonal QR gets B's
// singular values to high relative accuracy. A wide matrix is decomposed through its transpose.
// dgesvd's QR first for m >= 1.6 n is left out: measured at 2000 x 100 and 400 x 200 it was slower
// here (qr.ts's panels are scalar; the rotations it saves are cheap in planeRotations.ts).
// Arithmetic is float64 for both dtypes. U's columns beyond n (full_matrices) and those of zero
// singular values are Q's own, so they are orthonormal by construction.
import { bidiagonalize, formP, formQ } from "./bidiagonalize.js";
import { bidiagonalQr, type BidiagonalVectors } from "./bidiagonalSvd.js";
import { applyPlaneRotations, PlaneRotations } from "./planeRotations.js";
import { like, scaleByPowerOfTwo, type FloatArray } from "./types.js";

export interface SvdResult {
  readonly s: FloatArray;
  /** (batch, m, m | k), or null without computeUv. */
  readonly u: FloatArray | null;
  /** (batch, n | k, n), or null without computeUv. */
  readonly vt: FloatArray | null;
}

export function svd(a: FloatArray, batch: number, m: number, n: number, fullMatrices: boolean, computeUv: boolean): SvdResult {
  const k = Math.min(m, n);
  const uCols = fullMatrices ? m : k;
  const vtRows = fullMatrices ? n : k;
  const s = like(a, batch * k);
  const u = computeUv ? like(a, batch * m * uCols) : null;
  const vt = computeUv ? like(a, batch * vtRows * n) : null;
  // Work on the tall orientation (rows >= cols): A itself, or A^T = V S U^T.
  const tall = m >= n;
  const [rows, cols] = tall ? [m, n] : [n, m];
  // Columns of the long side's vectors wanted: U's when tall, V's when wide.
  const longCols = tall ? uCols : vtRows;
  for (let b = 0; b < batch; b++) {
    const o = b * m * n;
    const w = new Float64Array(rows * cols);
    let largest = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const x = a[o + i * n + j]!;
        // NaN propagates through max (and inf stays inf): both mean a NaN result.
        largest = Math.max(largest, Math.abs(x));
        if (tall) w[i * n + j] = x;
        else w[j * m + i] = x;
      }
    }
    const finite = Number.isFinite(largest);
    // dgesvd's scaling: entries far from 1 are brought to it by a power of two (exact), so that no
    // product underflows nor overflows and the bidiagonal QR's thresholds stay relative.
    const exponent = finite && largest > 0 && (largest < SMALL || largest > 1 / SMALL) ? -Math.round(Math.log2(largest)) : 0;
    if (exponent !== 0) scaleByPowerOfTwo(w, exponent);
    const f = finite ? tallSvd(w, rows, cols, longCols, computeUv) : null;
    if (f === null) {
      s.fill(NaN, b * k, (b + 1) * k);
      u?.fill(NaN, b * m * uCols, (b + 1) * m * uCols);
      vt?.fill(NaN, b * vtRows * n, (b + 1) * vtRows * n);
      continue;
    }
    const { d, q, p } = f;
    if (exponent !== 0) scaleByPowerOfTwo(d, -exponent);
    // Descending singular values (stable for ties); a negative d[j] flips V's column j.
    const order = Int32Array.from({ length: k }, (_, i) => i).sort((x, y) => Math.abs(d[y]!) - Math.abs(d[x]!) || x - y);
    for (let i = 0; i < k; i++) s[b * k + i] = Math.abs(d[order[i]!]!);
    if (q === null || p === null || u === null || vt === null) continue;
    // Long side: Q Qb's columns in `order`, then its columns k.. as they are (full_matrices).
    const longCol = (j: number): number => (j < k ? order[j]! : j);
    // Short side: P Pb's columns in `order`, signed.
    const sign = (j: number): number => (d[order[j]!]! < 0 ? -1 : 1);
    if (tall) {
      const uo = b * m * uCols, vo = b * vtRows * n;
      for (let i = 0; i < m; i++) for (let j = 0; j < uCols; j++) u[uo + i * uCols + j] = q[i * longCols + longCol(j)]!;
      for (let j = 0; j < vtRows; j++) {
        const c = order[j]!, sg = sign(j);
        for (let i = 0; i < n; i++) vt[vo + j * n + i] = sg * p[i * cols + c]!;
      }
    } else {
      const uo = b * m * uCols, vo = b * vtRows * n;
      for (let j = 0; j < uCols; j++) {
        const c = order[j]!, sg = sign(j);
        for (let i = 0; i < m; i++) u[uo + i * uCols + j] = sg * p[i * cols + c]!;
      }
      for (let j = 0; j < vtRows; j++) {
        const c = longCol(j);
        for (let i = 0; i < n; i++) vt[vo + j * n + i] = q[i * longCols + c]!;
      }
    }
  }
  return { s, u, vt };
}

/** dgesvd's bounds on the largest entry outside which A is scaled: sqrt(safe minimum) / eps and its inverse. */
const SMALL = Math.sqrt(2 ** -1022) / 2 ** -52;


interface TallSvd {
  /** Signed singular values, unsorted. */
  readonly d: Float64Array;
  /** Left vectors (rows x longCols), right vectors (cols x cols), column j for d[j]; null without computeUv. */
  readonly q: Float64Array | null;
  readonly p: Float64Array | null;
}

/** The SVD of w (rows x cols, rows >= cols; overwritten); null where the bidiagonal QR did not converge. */
function tallSvd(w: Float64Array, rows: number, cols: number, longCols: number, computeUv: boolean): TallSvd | null {
  const { d, e, tauq, taup } = bidiagonalize(w, rows, cols);
  const q = computeUv ? formQ(w, rows, cols, tauq, longCols) : null;
  const p = computeUv ? formP(w, cols, taup) : null;
  const vectors = q !== null && p !== null ? rotationsInto(q, rows, longCols, p, cols) : null;
  if (!bidiagonalQr(d, e, cols, vectors)) return null;
  vectors?.apply();
  return { d, q, p };
}

/** Records for the bidiagonal QR's rotations of Q's columns (rows x qCols) and P's (n x n), both row-major. */
function rotationsInto(q: Float64Array, rows: number, qCols: number, p: Float64Array, n: number): BidiagonalVectors {
  const left = new PlaneRotations(), right = new PlaneRotations();
  return {
    left,
    right,
    apply: () => {
      applyPlaneRotations(q, 0, rows, qCols, qCols, 1, left);
      applyPlaneRotations(p, 0, n, n, n, 1, right);
      left.clear();
      right.clear();
    },
  };
}
