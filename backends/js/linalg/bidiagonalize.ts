// Householder bidiagonalisation A = Q B P^T of one (m x n) row-major float64 matrix, m >= n
// (LAPACK's dgebrd, dlabrd and dorgbr; Golub & Kahan 1965): B is upper bidiagonal, diagonal d
// (n values) and superdiagonal e (n - 1). Left reflector i zeroes column i below the diagonal,
// right reflector i row i right of the superdiagonal, both in dlarfg's form (tau = 0 for H = I).
//
// Blocked as dgebrd (Dongarra, Hammarling & Sorensen 1989): a panel of PANEL columns and rows is
// reduced with the trailing matrix left untouched, its effect gathered in X (m x PANEL) and
// Y (n x PANEL) so that A22 -= V Y^T + X U^T takes two GEMMs. Half the flops stay in the panel's
// matrix-vector products (A^T u and A v over the trailing matrix), as in LAPACK. Q and P are then
// formed from the reflectors in compact WY blocks with GEMM (dorgbr through qr.ts's orgqr).
import { gemm, transposed, view } from "./gemm.js";
import { makePanel, orgqr, type Panel } from "./qr.js";
import { BLOCK } from "./types.js";

/** Panel width of the reduction (dgebrd's ilaenv block size for double precision). */
const PANEL = 32;

export interface Bidiagonal {
  readonly d: Float64Array;
  readonly e: Float64Array;
  /** Left and right reflectors' scalars; the vectors stay in the reduced matrix. */
  readonly tauq: Float64Array;
  readonly taup: Float64Array;
}

/** Reduces `a` (m x n, m >= n, row-major) in place: B's entries on and above, reflectors below and right. */
export function bidiagonalize(a: Float64Array, m: number, n: number): Bidiagonal {
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  const tauq = new Float64Array(n);
  const taup = new Float64Array(n);
  const x = new Float64Array(m * PANEL);
  const y = new Float64Array(n * PANEL);
  for (let i0 = 0; i0 < n; i0 += PANEL) {
    const w = Math.min(PANEL, n - i0);
    reducePanel(a, m, n, i0, w, d, e, tauq, taup, x, y);
    if (i0 + w < n) {
      // A22 -= V Y2^T + X2 U: V the panel's left reflectors below it, U its right ones beside it.
      const rows = m - i0 - w, cols = n - i0 - w;
      const a22 = view(a, (i0 + w) * n + i0 + w, n);
      gemm(rows, cols, w, -1, view(a, (i0 + w) * n + i0, n), transposed(view(y, w * PANEL, PANEL)), 1, a22);
      gemm(rows, cols, w, -1, view(x, w * PANEL, PANEL), view(a, i0 * n + i0 + w, n), 1, a22);
    }
  }
  return { d, e, tauq, taup };
}

/**
 * dlabrd for m >= n: reduces rows and columns i0..i0+w of the trailing matrix A[i0.., i0..]
 * (M x N), filling X (M x w) and Y (N x w), stride PANEL, so that the trailing update is
 * A22 -= V Y^T + X U. The reflectors' unit entries are stored in A while the panel needs them.
 */
function reducePanel(a: Float64Array, m: number, n: number, i0: number, w: number, d: Float64Array, e: Float64Array, tauq: Float64Array, taup: Float64Array, x: Float64Array, y: Float64Array): void {
  const M = m - i0, N = n - i0;
  const at = (r: number, c: number): number => (i0 + r) * n + i0 + c;
  const t1 = new Float64Array(PANEL), t2 = new Float64Array(PANEL);
  const col = new Float64Array(N);
  for (let i = 0; i < w; i++) {
    // Column i takes the panel's earlier transformations: A(i:, i) -= A(i:, :i) Y(i, :i)^T + X(i:, :i) A(:i, i).
    for (let j = 0; j < i; j++) t1[j] = a[at(j, i)]!;
    for (let r = i; r < M; r++) {
      let s = 0;
      const ar = at(r, 0), xr = r * PANEL, yi = i * PANEL;
      for (let j = 0; j < i; j++) s += a[ar + j]! * y[yi + j]! + x[xr + j]! * t1[j]!;
      a[ar + i] = a[ar + i]! - s;
    }
    const tq = householder(a, at(i, i), n, M - i);
    tauq[i0 + i] = tq;
    d[i0 + i] = a[at(i, i)]!;
    if (i0 + i >= n - 1) {
      taup[i0 + i] = 0;
      continue;
    }
    a[at(i, i)] = 1;
    // Y(i+1:, i) = tauq (A(i:, i+1:)^T u - Y(i+1:, :i) (A(i:, :i)^T u) - A(:i, i+1:)^T (X(i:, :i)^T u)), u = A(i:, i).
    col.fill(0, i + 1, N);
    t1.fill(0, 0, i);
    t2.fill(0, 0, i);
    for (let r = i; r < M; r++) {
      const ar = at(r, 0), xr = r * PANEL;
      const u = a[ar + i]!;
      if (u === 0) continue;
      for (let c = i + 1; c < N; c++) col[c] = col[c]! + u * a[ar + c]!;
      for (let j = 0; j < i; j++) {
        t1[j] = t1[j]! + u * a[ar + j]!;
        t2[j] = t2[j]! + u * x[xr + j]!;
      }
    }
    for (let j = 0; j < i; j++) {
      const aj = at(j, 0), s = t2[j]!;
      if (s !== 0) for (let c = i + 1; c < N; c++) col[c] = col[c]! - s * a[aj + c]!;
    }
    for (let c = i + 1; c < N; c++) {
      let s = col[c]!;
      const yc = c * PANEL;
      for (let j = 0; j < i; j++) s -= y[yc + j]! * t1[j]!;
      y[yc + i] = tq * s;
    }
    // Row i takes them too: A(i, i+1:) -= Y(i+1:, :i+1) A(i, :i+1)^T + A(:i, i+1:)^T X(i, :i)^T.
    const ai = at(i, 0);
    for (let c = i + 1; c < N; c++) {
      let s = 0;
      const yc = c * PANEL;
      for (let j = 0; j <= i; j++) s += y[yc + j]! * a[ai + j]!;
      a[ai + c] = a[ai + c]! - s;
    }
    for (let j = 0; j < i; j++) {
      const aj = at(j, 0), s = x[i * PANEL + j]!;
      if (s !== 0) for (let c = i + 1; c < N; c++) a[ai + c] = a[ai + c]! - s * a[aj + c]!;
    }
    const tp = householder(a, ai + i + 1, 1, N - i - 1);
    taup[i0 + i] = tp;
    e[i0 + i] = a[ai + i + 1]!;
    a[ai + i + 1] = 1;
    // X(i+1:, i) = taup (A(i+1:, i+1:) v - A(i+1:, :i+1) (Y(i+1:, :i+1)^T v) - X(i+1:, :i) (A(:i, i+1:) v)), v = A(i, i+1:).
    t1.fill(0, 0, i + 1);
    for (let c = i + 1; c < N; c++) {
      const v = a[ai + c]!, yc = c * PANEL;
      for (let j = 0; j <= i; j++) t1[j] = t1[j]! + y[yc + j]! * v;
    }
    for (let j = 0; j < i; j++) {
      let s = 0;
      const aj = at(j, 0);
      for (let c = i + 1; c < N; c++) s += a[aj + c]! * a[ai + c]!;
      t2[j] = s;
    }
    for (let r = i + 1; r < M; r++) {
      const ar = at(r, 0), xr = r * PANEL;
      let s = 0;
      for (let c = i + 1; c < N; c++) s += a[ar + c]! * a[ai + c]!;
      for (let j = 0; j <= i; j++) s -= a[ar + j]! * t1[j]!;
      for (let j = 0; j < i; j++) s -= x[xr + j]! * t2[j]!;
      x[xr + i] = tp * s;
    }
  }
}

/**
 * dlarfg on the `len` entries a[o], a[o + stride], ...: the first becomes beta, the rest v's tail
 * (v's first entry is an implied 1); returns tau (0 where the tail is already zero).
 */
function householder(a: Float64Array, o: number, stride: number, len: number): number {
  const alpha = a[o]!;
  let scale = 0;
  for (let i = 1; i < len; i++) scale = Math.max(scale, Math.abs(a[o + i * stride]!));
  if (scale === 0) return 0;
  let ss = 0;
  for (let i = 1; i < len; i++) ss += (a[o + i * stride]! / scale) ** 2;
  const xnorm = scale * Math.sqrt(ss);
  const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
  const f = 1 / (alpha - beta);
  for (let i = 1; i < len; i++) a[o + i * stride] = a[o + i * stride]! * f;
  a[o] = beta;
  return (beta - alpha) / beta;
}

/** Q's first `cols` columns (m x cols, row-major, cols >= n or = n) from the left reflectors (dorgbr "Q"). */
export function formQ(a: Float64Array, m: number, n: number, tauq: Float64Array, cols: number): Float64Array {
  const q = new Float64Array(m * cols);
  orgqr(m, panels(a, m, n, n, tauq), q, 0, cols);
  return q;
}

/** P (n x n, row-major) from the right reflectors (dorgbr "P"): P = diag(1, P'), P' from rows' tails. */
export function formP(a: Float64Array, n: number, taup: Float64Array): Float64Array {
  const p = new Float64Array(n * n);
  if (n === 0) return p;
  p[0] = 1;
  const k = n - 1;
  if (k === 0) return p;
  // Reflector i lives in row i, columns i+1..: as column i of a (k x k) matrix, QR's layout.
  const w = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let c = i + 1; c < n; c++) w[(c - 1) * k + i] = a[i * n + c]!;
  const pk = new Float64Array(k * k);
  orgqr(k, panels(w, k, k, k, taup), pk, 0, k);
  for (let r = 0; r < k; r++) p.set(pk.subarray(r * k, (r + 1) * k), (r + 1) * n + 1);
  return p;
}

/** The compact WY panels of reflectors 0..count stored below the diagonal of w (rows x cols). */
function panels(w: Float64Array, rows: number, cols: number, count: number, taus: Float64Array): Panel[] {
  const out: Panel[] = [];
  for (let j0 = 0; j0 < count; j0 += BLOCK) out.push(makePanel(w, rows, cols, j0, Math.min(j0 + BLOCK, count), taus));
  return out;
}
