// Symmetric eigendecomposition A = V diag(w) V^T (LAPACK's syevd role; JAX's eigh_p) of a batch of
// (n x n) row-major matrices: eigenvalues ascending, orthonormal eigenvectors in V's columns. Only
// the `lower` (or upper) triangle of A is read. A matrix holding a NaN or inf gives NaNs, as JAX
// replaces a failed syevd.
//
// Householder tridiagonalisation then the implicit QL algorithm with Wilkinson-style shifts
// (EISPACK's tred2 and tql2, Bowdler, Martin, Reinsch & Wilkinson 1968, in the form JAMA
// published), accumulating the transformations: backward stable, so eigenvalues are exact to
// about eps ||A|| as LAPACK's. Arithmetic is float64 for both dtypes. The transformation is kept
// transposed (z[c * n + r] = V[r][c]) so that every inner loop, the QL rotations included, runs
// along contiguous memory.
import { like, type FloatArray } from "./types.js";

export interface EighResult {
  /** (batch, n, n): eigenvectors in columns. */
  readonly v: FloatArray;
  /** (batch, n), ascending. */
  readonly w: FloatArray;
}

export function eigh(a: FloatArray, batch: number, n: number, lower: boolean): EighResult {
  const v = like(a, batch * n * n);
  const w = like(a, batch * n);
  const z = new Float64Array(n * n);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    const o = b * n * n;
    let finite = true;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const x = lower ? a[o + i * n + j]! : a[o + j * n + i]!;
        if (!Number.isFinite(x)) finite = false;
        z[i * n + j] = x;
        z[j * n + i] = x;
      }
    }
    if (!(finite && (tridiagonalize(z, d, e, n), diagonalize(z, d, e, n)))) {
      v.fill(NaN, o, o + n * n);
      w.fill(NaN, b * n, (b + 1) * n);
      continue;
    }
    sortAscending(z, d, n);
    for (let i = 0; i < n; i++) w[b * n + i] = d[i]!;
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) v[o + r * n + c] = z[c * n + r]!;
  }
  return { v, w };
}

/** tred2: z becomes the orthogonal reduction (transposed), d the diagonal, e the subdiagonal (e[0] = 0). */
function tridiagonalize(z: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = z[j * n + n - 1]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = z[j * n + i - 1]!;
        z[j * n + i] = 0;
        z[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] = d[k]! / scale;
        h += d[k]! * d[k]!;
      }
      const f = d[i - 1]!;
      const g = f > 0 ? -Math.sqrt(h) : Math.sqrt(h);
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      reduceRow(z, d, e, n, i, h);
    }
    d[i] = h;
  }
  accumulate(z, d, n);
  for (let j = 0; j < n; j++) {
    d[j] = z[j * n + n - 1]!;
    z[j * n + n - 1] = 0;
  }
  if (n > 0) z[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** tred2's rank-2 update of the leading i x i block by the Householder vector in d[0..i]. */
function reduceRow(z: Float64Array, d: Float64Array, e: Float64Array, n: number, i: number, h: number): void {
  for (let j = 0; j < i; j++) e[j] = 0;
  for (let j = 0; j < i; j++) {
    const f = d[j]!;
    const zj = j * n;
    z[i * n + j] = f;
    let g = e[j]! + z[zj + j]! * f;
    for (let k = j + 1; k < i; k++) {
      g += z[zj + k]! * d[k]!;
      e[k] = e[k]! + z[zj + k]! * f;
    }
    e[j] = g;
  }
  let f = 0;
  for (let j = 0; j < i; j++) {
    e[j] = e[j]! / h;
    f += e[j]! * d[j]!;
  }
  const hh = f / (h + h);
  for (let j = 0; j < i; j++) e[j] = e[j]! - hh * d[j]!;
  for (let j = 0; j < i; j++) {
    const fj = d[j]!;
    const gj = e[j]!;
    const zj = j * n;
    for (let k = j; k < i; k++) z[zj + k] = z[zj + k]! - (fj * e[k]! + gj * d[k]!);
    d[j] = z[zj + i - 1]!;
    z[zj + i] = 0;
  }
}

/** tred2's accumulation of the Householder transformations into z. */
function accumulate(z: Float64Array, d: Float64Array, n: number): void {
  for (let i = 0; i < n - 1; i++) {
    z[i * n + n - 1] = z[i * n + i]!;
    z[i * n + i] = 1;
    const h = d[i + 1]!;
    const zi1 = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = z[zi1 + k]! / h;
      for (let j = 0; j <= i; j++) {
        const zj = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += z[zi1 + k]! * z[zj + k]!;
        for (let k = 0; k <= i; k++) z[zj + k] = z[zj + k]! - g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) z[zi1 + k] = 0;
  }
}

/** tql2: implicit QL on the tridiagonal (d, e), rotating z's rows; false if it fails to converge. */
function diagonalize(z: Float64Array, d: Float64Array, e: Float64Array, n: number): boolean {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  if (n > 0) e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1 && !(Math.abs(e[m]!) <= eps * tst1)) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) return false;
        f += qlStep(z, d, e, n, l, m);
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
  return true;
}

/** One implicit QL sweep over l..m; returns the shift it subtracted from d[l+2..]. */
function qlStep(z: Float64Array, d: Float64Array, e: Float64Array, n: number, l: number, m: number): number {
  let g = d[l]!;
  let p = (d[l + 1]! - g) / (2 * e[l]!);
  let r = Math.hypot(p, 1);
  if (p < 0) r = -r;
  d[l] = e[l]! / (p + r);
  d[l + 1] = e[l]! * (p + r);
  const dl1 = d[l + 1]!;
  let h = g - d[l]!;
  for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
  const shift = h;
  p = d[m]!;
  let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
  const el1 = e[l + 1]!;
  for (let i = m - 1; i >= l; i--) {
    c3 = c2;
    c2 = c;
    s2 = s;
    g = c * e[i]!;
    h = c * p;
    r = Math.hypot(p, e[i]!);
    e[i + 1] = s * r;
    s = e[i]! / r;
    c = p / r;
    p = c * d[i]! - s * g;
    d[i + 1] = h + s * (c * g + s * d[i]!);
    // Rotate eigenvector columns i and i+1: rows of the transposed z.
    const zi = i * n, zi1 = (i + 1) * n;
    for (let k = 0; k < n; k++) {
      const t = z[zi1 + k]!;
      z[zi1 + k] = s * z[zi + k]! + c * t;
      z[zi + k] = c * z[zi + k]! - s * t;
    }
  }
  p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
  e[l] = s * p;
  d[l] = c * p;
  return shift;
}

/** Selection sort of d ascending, moving z's rows (the eigenvectors) along. */
function sortAscending(z: Float64Array, d: Float64Array, n: number): void {
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    for (let j = i + 1; j < n; j++) if (d[j]! < d[k]!) k = j;
    if (k === i) continue;
    const t = d[k]!;
    d[k] = d[i]!;
    d[i] = t;
    for (let c = 0; c < n; c++) {
      const u = z[i * n + c]!;
      z[i * n + c] = z[k * n + c]!;
      z[k * n + c] = u;
    }
  }
}
