// The complex Schur decomposition A = Z T Z^H of one (n x n) complex matrix, the core of the
// general eigendecomposition (JAX's eig_p, LAPACK's geev role): Householder reduction to upper
// Hessenberg form (LAPACK's zgehrd role), then the implicit single-shift QR algorithm with
// Wilkinson shifts, exceptional shifts at iterations 10 and 20, and the Ahues-Tisseur deflation
// test (LAPACK's zlahqr; Golub & Van Loan, "Matrix Computations", 4th ed., 7.4-7.5). Backward
// stable: T is the Schur form of A + E with |E| about eps |A|. Arithmetic is float64, parts kept
// in separate arrays, row-major. Optional diagonal balancing (LAPACK's gebal scaling step, by
// powers of two, so exact) makes the eigenvalues of badly scaled matrices (companion matrices)
// more accurate.

/** A complex (n x n) row-major matrix: entry (i, j) is re[i * n + j] + i im[i * n + j]. */
export interface ComplexMatrix {
  readonly n: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

export const complexMatrix = (n: number): ComplexMatrix => ({ n, re: new Float64Array(n * n), im: new Float64Array(n * n) });

/** The identity of order n. */
export function identity(n: number): ComplexMatrix {
  const m = complexMatrix(n);
  for (let i = 0; i < n; i++) m.re[i * n + i] = 1;
  return m;
}

const ULP = 2 ** -52;
const SAFE_MIN = 2 ** -1022;
/** |re| + |im|: LAPACK's cabs1, the cheap magnitude its tests use. */
const abs1 = (re: number, im: number): number => Math.abs(re) + Math.abs(im);

/**
 * Scales A to D^-1 A D (D diagonal, powers of two) so that each row and column have similar
 * norms (LAPACK's gebal, job 'S'); returns D's diagonal. Exact: no rounding is introduced.
 */
export function balance(a: ComplexMatrix): Float64Array {
  const { n, re, im } = a;
  const scale = new Float64Array(n).fill(1);
  const big = 2 ** 500, small = 2 ** -500;
  for (let converged = false; !converged; ) {
    converged = true;
    for (let i = 0; i < n; i++) {
      let c = 0, r = 0;
      for (let k = 0; k < n; k++) {
        c += re[k * n + i]! ** 2 + im[k * n + i]! ** 2;
        r += re[i * n + k]! ** 2 + im[i * n + k]! ** 2;
      }
      c = Math.sqrt(c);
      r = Math.sqrt(r);
      if (c === 0 || r === 0) continue;
      const s = c + r;
      let f = 1;
      while (c < r / 2 && f < big) (f *= 2), (c *= 2), (r /= 2);
      while (c / 2 >= r && f > small) (f /= 2), (c /= 2), (r *= 2);
      if (c + r >= 0.95 * s) continue;
      scale[i] = scale[i]! * f;
      converged = false;
      for (let k = 0; k < n; k++) {
        re[i * n + k] = re[i * n + k]! / f;
        im[i * n + k] = im[i * n + k]! / f;
        re[k * n + i] = re[k * n + i]! * f;
        im[k * n + i] = im[k * n + i]! * f;
      }
    }
  }
  return scale;
}

/**
 * Reduces `h` in place to upper Hessenberg form Q^H A Q by Householder reflections P = I - beta u u^H
 * (Hermitian and unitary), accumulating Q into `z` (z := z Q).
 */
export function hessenberg(h: ComplexMatrix, z: ComplexMatrix): void {
  const { n, re, im } = h;
  const ur = new Float64Array(n), ui = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let below = 0;
    for (let i = k + 2; i < n; i++) below += re[i * n + k]! ** 2 + im[i * n + k]! ** 2;
    if (below === 0) continue;
    const ar = re[(k + 1) * n + k]!, ai = im[(k + 1) * n + k]!;
    const alpha = Math.hypot(ar, ai);
    const norm = Math.sqrt(below + alpha * alpha);
    // u = x + e^(i arg x0) ||x|| e1 (no cancellation); then P x = -e^(i arg x0) ||x|| e1.
    const pr = alpha === 0 ? 1 : ar / alpha, pi = alpha === 0 ? 0 : ai / alpha;
    for (let i = k + 1; i < n; i++) (ur[i] = re[i * n + k]!), (ui[i] = im[i * n + k]!);
    ur[k + 1] = ar + pr * norm;
    ui[k + 1] = ai + pi * norm;
    const beta = 1 / (norm * (norm + alpha));
    reflectRows(h, ur, ui, beta, k + 1, k);
    reflectColumns(h, ur, ui, beta, k + 1);
    reflectColumns(z, ur, ui, beta, k + 1);
    re[(k + 1) * n + k] = -pr * norm;
    im[(k + 1) * n + k] = -pi * norm;
    for (let i = k + 2; i < n; i++) re[i * n + k] = im[i * n + k] = 0;
  }
}

/** m := P m on rows from..n-1 and columns col0..n-1, P = I - beta u u^H. */
function reflectRows(m: ComplexMatrix, ur: Float64Array, ui: Float64Array, beta: number, from: number, col0: number): void {
  const { n, re, im } = m;
  for (let j = col0; j < n; j++) {
    let sr = 0, si = 0;
    for (let i = from; i < n; i++) {
      const xr = re[i * n + j]!, xi = im[i * n + j]!;
      sr += ur[i]! * xr + ui[i]! * xi;
      si += ur[i]! * xi - ui[i]! * xr;
    }
    sr *= beta;
    si *= beta;
    for (let i = from; i < n; i++) {
      re[i * n + j] = re[i * n + j]! - (ur[i]! * sr - ui[i]! * si);
      im[i * n + j] = im[i * n + j]! - (ur[i]! * si + ui[i]! * sr);
    }
  }
}

/** m := m P on columns from..n-1 (every row), P = I - beta u u^H. */
function reflectColumns(m: ComplexMatrix, ur: Float64Array, ui: Float64Array, beta: number, from: number): void {
  const { n, re, im } = m;
  for (let r = 0; r < n; r++) {
    const o = r * n;
    let sr = 0, si = 0;
    for (let i = from; i < n; i++) {
      sr += re[o + i]! * ur[i]! - im[o + i]! * ui[i]!;
      si += re[o + i]! * ui[i]! + im[o + i]! * ur[i]!;
    }
    sr *= beta;
    si *= beta;
    for (let i = from; i < n; i++) {
      re[o + i] = re[o + i]! - (sr * ur[i]! + si * ui[i]!);
      im[o + i] = im[o + i]! - (si * ur[i]! - sr * ui[i]!);
    }
  }
}

/** A plane rotation [c, s; -conj(s), c] (c real) that maps (f, g) to (r, 0): LAPACK's zlartg. */
interface Rotation {
  c: number;
  sr: number;
  si: number;
}

function rotation(fr: number, fi: number, gr: number, gi: number, out: Rotation): void {
  const f = Math.hypot(fr, fi), g = Math.hypot(gr, gi);
  if (g === 0) return void ((out.c = 1), (out.sr = 0), (out.si = 0));
  if (f === 0) return void ((out.c = 0), (out.sr = gr / g), (out.si = -gi / g));
  const norm = Math.hypot(f, g);
  // s = (f / |f|) conj(g) / norm.
  out.c = f / norm;
  out.sr = (fr * gr + fi * gi) / (f * norm);
  out.si = (fi * gr - fr * gi) / (f * norm);
}

/** Rows p, p + 1 := G (rows p, p + 1) on columns c0..n-1. */
function rotateRows(m: ComplexMatrix, p: number, c0: number, g: Rotation): void {
  const { n, re, im } = m;
  const { c, sr, si } = g;
  for (let j = c0; j < n; j++) {
    const ar = re[p * n + j]!, ai = im[p * n + j]!, br = re[(p + 1) * n + j]!, bi = im[(p + 1) * n + j]!;
    re[p * n + j] = c * ar + sr * br - si * bi;
    im[p * n + j] = c * ai + sr * bi + si * br;
    re[(p + 1) * n + j] = c * br - (sr * ar + si * ai);
    im[(p + 1) * n + j] = c * bi - (sr * ai - si * ar);
  }
}

/** Columns p, p + 1 := (columns p, p + 1) G^H on rows 0..r1-1. */
function rotateColumns(m: ComplexMatrix, p: number, r1: number, g: Rotation): void {
  const { n, re, im } = m;
  const { c, sr, si } = g;
  for (let r = 0; r < r1; r++) {
    const o = r * n + p;
    const xr = re[o]!, xi = im[o]!, yr = re[o + 1]!, yi = im[o + 1]!;
    re[o] = c * xr + yr * sr + yi * si;
    im[o] = c * xi + yi * sr - yr * si;
    re[o + 1] = c * yr - (xr * sr - xi * si);
    im[o + 1] = c * yi - (xr * si + xi * sr);
  }
}

/**
 * Whether the subdiagonal entry (k, k - 1) of an (n x n) Hessenberg matrix is negligible, given its
 * entries' magnitudes `at` and |h[k-1][k-1] - h[k][k]| (z/dlahqr's test with Ahues & Tisseur's
 * refinement, LAWN 122): shared by the complex and the real Schur QR iterations.
 */
export function negligibleSubdiagonal(n: number, at: (i: number, j: number) => number, diagonalGap: number, k: number, lo: number, hi: number): boolean {
  const small = SAFE_MIN * (n / ULP);
  const sub = at(k, k - 1);
  if (sub <= small) return true;
  let tst = at(k - 1, k - 1) + at(k, k);
  if (tst === 0) {
    if (k - 2 >= lo) tst += at(k - 1, k - 2);
    if (k + 1 <= hi) tst += at(k + 1, k);
  }
  if (sub > ULP * tst) return false;
  const ab = Math.max(sub, at(k - 1, k)), ba = Math.min(sub, at(k - 1, k));
  const aa = Math.max(at(k, k), diagonalGap), bb = Math.min(at(k, k), diagonalGap);
  const s = aa + ab;
  return ba * (ab / s) <= Math.max(small, ULP * (bb * (aa / s)));
}

/** Whether the subdiagonal entry (k, k - 1) of h is negligible (zlahqr's test, magnitudes |re| + |im|). */
function negligible(h: ComplexMatrix, k: number, lo: number, hi: number): boolean {
  const { n, re, im } = h;
  const at = (i: number, j: number): number => abs1(re[i * n + j]!, im[i * n + j]!);
  const gap = abs1(re[(k - 1) * n + k - 1]! - re[k * n + k]!, im[(k - 1) * n + k - 1]! - im[k * n + k]!);
  return negligibleSubdiagonal(n, at, gap, k, lo, hi);
}

/** The Wilkinson shift: the eigenvalue of h's trailing 2x2 block at hi closer to h[hi][hi]; exceptional shifts at its 10 and 20. */
function shift(h: ComplexMatrix, lo: number, hi: number, its: number): [number, number] {
  const { n, re, im } = h;
  if (its === 10) return [0.75 * Math.abs(re[(lo + 1) * n + lo]!) + re[lo * n + lo]!, im[lo * n + lo]!];
  if (its === 20) return [0.75 * Math.abs(re[hi * n + hi - 1]!) + re[hi * n + hi]!, im[hi * n + hi]!];
  const a = hi - 1;
  const dr = re[hi * n + hi]!, di = im[hi * n + hi]!;
  // bc and p = (a - d) / 2; the eigenvalues are d + p +- sqrt(p^2 + bc) = d - bc / (p -+ sqrt(...)).
  const bcr = re[a * n + hi]! * re[hi * n + a]! - im[a * n + hi]! * im[hi * n + a]!;
  const bci = re[a * n + hi]! * im[hi * n + a]! + im[a * n + hi]! * re[hi * n + a]!;
  const pr = (re[a * n + a]! - dr) / 2, pi = (im[a * n + a]! - di) / 2;
  const [qr, qi] = complexSqrt(pr * pr - pi * pi + bcr, 2 * pr * pi + bci);
  // The denominator p + q with q's sign making it the larger of p +- q.
  const sign = pr * qr + pi * qi >= 0 ? 1 : -1;
  const er = pr + sign * qr, ei = pi + sign * qi;
  const den = er * er + ei * ei;
  if (den === 0) return [dr, di];
  return [dr - (bcr * er + bci * ei) / den, di - (bci * er - bcr * ei) / den];
}

/** The principal square root of x + iy. */
export function complexSqrt(x: number, y: number): [number, number] {
  const m = Math.hypot(x, y);
  if (m === 0) return [0, y];
  const t = Math.sqrt((m + Math.abs(x)) / 2);
  if (x >= 0) return [t, y / (2 * t)];
  return [Math.abs(y) / (2 * t), y < 0 ? -t : t];
}

/** One implicit single-shift QR sweep on the active block lo..hi, applied to all of h (full Schur form) and to z. */
function sweep(h: ComplexMatrix, z: ComplexMatrix, lo: number, hi: number, mu: [number, number], g: Rotation): void {
  const { n, re, im } = h;
  rotation(re[lo * n + lo]! - mu[0], im[lo * n + lo]! - mu[1], re[(lo + 1) * n + lo]!, im[(lo + 1) * n + lo]!, g);
  for (let k = lo; k < hi; k++) {
    if (k > lo) {
      // Chase the bulge at (k + 1, k - 1) back to the subdiagonal.
      rotation(re[k * n + k - 1]!, im[k * n + k - 1]!, re[(k + 1) * n + k - 1]!, im[(k + 1) * n + k - 1]!, g);
    }
    rotateRows(h, k, k > lo ? k - 1 : k, g);
    if (k > lo) re[(k + 1) * n + k - 1] = im[(k + 1) * n + k - 1] = 0;
    rotateColumns(h, k, Math.min(k + 3, hi + 1), g);
    rotateColumns(z, k, n, g);
  }
}

/**
 * Reduces the upper Hessenberg `h` in place to upper triangular T = Z^H H Z, accumulating into
 * `z`. Returns false if an eigenvalue did not converge within 30 max(10, n) iterations (LAPACK's
 * zlahqr limit).
 */
export function schurFromHessenberg(h: ComplexMatrix, z: ComplexMatrix): boolean {
  const { n, re, im } = h;
  const itmax = 30 * Math.max(10, n);
  const g: Rotation = { c: 1, sr: 0, si: 0 };
  for (let hi = n - 1; hi > 0; ) {
    let its = 0;
    for (;;) {
      let lo = hi;
      while (lo > 0 && !negligible(h, lo, 0, hi)) lo--;
      if (lo > 0) re[lo * n + lo - 1] = im[lo * n + lo - 1] = 0;
      if (lo === hi) break;
      if (its > itmax) return false;
      sweep(h, z, lo, hi, shift(h, lo, hi, its), g);
      its++;
    }
    hi--;
  }
  return true;
}

/**
 * The complex Schur form of `a` (overwritten with T) and the unitary Z (returned), with A = Z T Z^H.
 * Null when the QR iteration did not converge.
 */
export function schur(a: ComplexMatrix): ComplexMatrix | null {
  const z = identity(a.n);
  hessenberg(a, z);
  return schurFromHessenberg(a, z) ? z : null;
}
