// Singular value decomposition A = U diag(s) V^T (LAPACK's gesdd role; JAX's svd_p) of a batch of
// (m x n) row-major matrices, k = min(m, n): s descending (k values), U (m x m, or m x k) and
// V^T (n x n, or k x n) when computeUv. A matrix holding a NaN or inf gives NaNs, as JAX does.
//
// One-sided Jacobi (Hestenes 1958; de Rijk 1989 for the stopping rule): the columns of A (of A^T
// when m < n) are rotated pairwise until every pair is orthogonal to working precision; their
// norms are the singular values and the accumulated rotations V. It is backward stable and
// relatively accurate, at the cost of several O(m n^2) sweeps. Arithmetic is float64 for both
// dtypes. Columns of U that Jacobi cannot give (zero singular values, full_matrices) are an
// orthonormal completion: the trailing columns of a full Householder QR of the ones it gave.
import { qr } from "./qr.js";
import { like, type FloatArray } from "./types.js";

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
  // Work on the tall orientation: rows of g are the columns being orthogonalized (length `len`).
  const tall = m >= n;
  const [len, cnt] = tall ? [m, n] : [n, m];
  for (let b = 0; b < batch; b++) {
    const o = b * m * n;
    const g = new Float64Array(cnt * len);
    let finite = true;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const x = a[o + i * n + j]!;
        if (!Number.isFinite(x)) finite = false;
        if (tall) g[j * len + i] = x;
        else g[i * len + j] = x;
      }
    }
    if (!finite) {
      s.fill(NaN, b * k, (b + 1) * k);
      u?.fill(NaN, b * m * uCols, (b + 1) * m * uCols);
      vt?.fill(NaN, b * vtRows * n, (b + 1) * vtRows * n);
      continue;
    }
    const rot = computeUv ? identity(cnt) : null;
    jacobi(g, rot, len, cnt);
    const { sigma, order } = sortedNorms(g, len, cnt);
    for (let i = 0; i < k; i++) s[b * k + i] = sigma[i]!;
    if (rot === null || u === null || vt === null) continue;
    // The long side's vectors (normalized columns, completed) and the short side's (rotations).
    const longFull = tall ? uCols : vtRows;
    const longVecs = leftVectors(g, sigma, order, len, cnt, longFull);
    if (tall) {
      writeColumns(longVecs, len, longFull, u, b * m * uCols);
      for (let i = 0; i < vtRows; i++) for (let j = 0; j < n; j++) vt[b * vtRows * n + i * n + j] = rot[order[i]! * cnt + j]!;
    } else {
      for (let i = 0; i < m; i++) for (let j = 0; j < uCols; j++) u[b * m * uCols + i * uCols + j] = rot[order[j]! * cnt + i]!;
      for (let i = 0; i < vtRows; i++) for (let j = 0; j < n; j++) vt[b * vtRows * n + i * n + j] = longVecs[i * len + j]!;
    }
  }
  return { s, u, vt };
}

function identity(n: number): Float64Array {
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) r[i * n + i] = 1;
  return r;
}

/** Sweeps of pairwise rotations of g's rows (and rot's) until no pair is rotated. */
function jacobi(g: Float64Array, rot: Float64Array | null, len: number, cnt: number): void {
  // dgesvj's threshold: sqrt(len) eps, reachable despite rounding in the dot products.
  const eps = Math.sqrt(len) * 2 ** -52;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < cnt - 1; p++) {
      for (let q = p + 1; q < cnt; q++) {
        const gp = p * len, gq = q * len;
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < len; i++) {
          const x = g[gp + i]!, y = g[gq + i]!;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        rotate(g, gp, gq, len, c, c * t);
        if (rot !== null) rotate(rot, p * cnt, q * cnt, cnt, c, c * t);
      }
    }
    if (!rotated) return;
  }
}

/** Rows x, y (at px, py) become c x - s y and s x + c y. */
function rotate(a: Float64Array, px: number, py: number, len: number, c: number, s: number): void {
  for (let i = 0; i < len; i++) {
    const x = a[px + i]!, y = a[py + i]!;
    a[px + i] = c * x - s * y;
    a[py + i] = s * x + c * y;
  }
}

/** Row norms of g, descending, with the row each came from. */
function sortedNorms(g: Float64Array, len: number, cnt: number): { sigma: Float64Array; order: Int32Array } {
  const norms = new Float64Array(cnt);
  for (let r = 0; r < cnt; r++) {
    let scale = 0;
    for (let i = 0; i < len; i++) scale = Math.max(scale, Math.abs(g[r * len + i]!));
    let ss = 0;
    if (scale > 0) for (let i = 0; i < len; i++) ss += (g[r * len + i]! / scale) ** 2;
    norms[r] = scale * Math.sqrt(ss);
  }
  const order = Int32Array.from({ length: cnt }, (_, i) => i).sort((x, y) => norms[y]! - norms[x]! || x - y);
  return { sigma: Float64Array.from(order, (r) => norms[r]!), order };
}

/**
 * `want` orthonormal vectors of length len (as rows): g's rows in `order` divided by their norms,
 * those with a zero norm and any beyond cnt completed by Householder QR.
 */
function leftVectors(g: Float64Array, sigma: Float64Array, order: Int32Array, len: number, cnt: number, want: number): Float64Array {
  const out = new Float64Array(want * len);
  let r = 0;
  while (r < Math.min(cnt, want) && sigma[r]! > 0) {
    const src = order[r]! * len;
    for (let i = 0; i < len; i++) out[r * len + i] = g[src + i]! / sigma[r]!;
    r++;
  }
  if (r === want) return out;
  // Complete: Q of the (len x r) matrix of the vectors found; its columns r.. are orthogonal to them.
  const basis = new Float64Array(len * r);
  for (let j = 0; j < r; j++) for (let i = 0; i < len; i++) basis[i * r + j] = out[j * len + i]!;
  const q = r === 0 ? identity(len) : (qr(basis, 1, len, r, true).q as Float64Array);
  for (let j = r; j < want; j++) for (let i = 0; i < len; i++) out[j * len + i] = q[i * len + j]!;
  return out;
}

/** dst (rows x cols, row-major at o) = vecs (cols vectors of length rows) as columns. */
function writeColumns(vecs: Float64Array, rows: number, cols: number, dst: FloatArray, o: number): void {
  for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) dst[o + i * cols + j] = vecs[j * rows + i]!;
}
