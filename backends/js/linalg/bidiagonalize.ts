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
import { matrixVectorKernels, type MatrixVectorKernels } from "./gemv.js";
import { reflect } from "./householder.js";
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
  const w = workspace(m, n);
  const h = w.kernels.mem;
  h.set(a.subarray(0, m * n), 0);
  for (let i0 = 0; i0 < n; i0 += PANEL) {
    const width = Math.min(PANEL, n - i0);
    reducePanel(w, m, n, i0, width, d, e, tauq, taup);
    if (i0 + width < n) {
      // A22 -= V Y2^T + X2 U: V the panel's left reflectors below it, U its right ones beside it.
      const rows = m - i0 - width, cols = n - i0 - width;
      const a22 = view(h, (i0 + width) * n + i0 + width, n);
      gemm(rows, cols, width, -1, view(h, (i0 + width) * n + i0, n), transposed(view(h, w.y + width * PANEL, PANEL)), 1, a22);
      gemm(rows, cols, width, -1, view(h, w.x + width * PANEL, PANEL), view(h, i0 * n + i0 + width, n), 1, a22);
    }
  }
  a.set(h.subarray(0, m * n));
  return { d, e, tauq, taup };
}

/** The heap's layout: A (m x n) at 0, X (m x PANEL) and Y (n x PANEL) after it, then vectors. */
interface Workspace {
  readonly kernels: MatrixVectorKernels;
  readonly x: number;
  readonly y: number;
  /** Vectors of max(m, n) values. */
  readonly u: number;
  readonly col: number;
  readonly z: number;
  readonly tmp: number;
  readonly tmp2: number;
  /** Vectors of PANEL values. */
  readonly t1: number;
  readonly t2: number;
}

function workspace(m: number, n: number): Workspace {
  const long = Math.max(m, n);
  const x = m * n, y = x + m * PANEL, u = y + n * PANEL;
  const col = u + long, z = col + long, tmp = z + long, tmp2 = tmp + long, t1 = tmp2 + long, t2 = t1 + PANEL;
  return { kernels: matrixVectorKernels(t2 + PANEL), x, y, u, col, z, tmp, tmp2, t1, t2 };
}

/**
 * dlabrd for m >= n: reduces rows and columns i0..i0+w of the trailing matrix A[i0.., i0..]
 * (M x N), filling X (M x w) and Y (N x w), row stride PANEL, so that the trailing update is
 * A22 -= V Y^T + X U. The reflectors' unit entries are stored in A while the panel needs them.
 * Every product over the trailing matrix is one gemv: A(r, :i) and A(r, i+1:) are one row, so
 * y = A^T u gives both A(i:, :i)^T u and A(i:, i+1:)^T u, and x = A [-t; v] both products of X's column.
 */
function reducePanel(ws: Workspace, m: number, n: number, i0: number, w: number, d: Float64Array, e: Float64Array, tauq: Float64Array, taup: Float64Array): void {
  const { kernels, x, y, u, col, z, tmp, tmp2, t1, t2 } = ws;
  const h = kernels.mem;
  const M = m - i0, N = n - i0;
  const base = i0 * n + i0;
  const at = (r: number, c: number): number => base + r * n + c;
  for (let i = 0; i < w; i++) {
    const ai = at(i, 0);
    if (i > 0) {
      // Column i takes the panel's earlier transformations: A(i:, i) -= A(i:, :i) Y(i, :i)^T + X(i:, :i) A(:i, i).
      for (let j = 0; j < i; j++) h[t1 + j] = h[at(j, i)]!;
      kernels.gemv(ai, n, M - i, i, y + i * PANEL, tmp);
      kernels.gemv(x + i * PANEL, PANEL, M - i, i, t1, tmp2);
      for (let r = i; r < M; r++) h[at(r, i)] = h[at(r, i)]! - (h[tmp + r - i]! + h[tmp2 + r - i]!);
    }
    const tq = reflect(h, ai + i, n, M - i);
    tauq[i0 + i] = tq;
    d[i0 + i] = h[ai + i]!;
    if (i0 + i >= n - 1) {
      taup[i0 + i] = 0;
      continue;
    }
    h[ai + i] = 1;
    // Y(i+1:, i) = tauq (A(i:, i+1:)^T u - Y(i+1:, :i) (A(i:, :i)^T u) - A(:i, i+1:)^T (X(i:, :i)^T u)), u = A(i:, i).
    // gemvT subtracts: col gets -A(i:, :)^T u (its first i entries -A(i:, :i)^T u), t2 -X(i:, :i)^T u.
    for (let r = i; r < M; r++) h[u + r - i] = h[at(r, i)]!;
    h.fill(0, col, col + N);
    kernels.gemvT(ai, n, M - i, N, u, col);
    h.fill(0, t2, t2 + i);
    kernels.gemvT(x + i * PANEL, PANEL, M - i, i, u, t2);
    kernels.gemvT(at(0, i + 1), n, i, N - i - 1, t2, col + i + 1);
    kernels.gemv(y + (i + 1) * PANEL, PANEL, N - i - 1, i, col, tmp);
    for (let c = i + 1; c < N; c++) h[y + c * PANEL + i] = tq * (h[tmp + c - i - 1]! - h[col + c]!);
    // Row i takes them too: A(i, i+1:) -= Y(i+1:, :i+1) A(i, :i+1)^T + A(:i, i+1:)^T X(i, :i)^T.
    kernels.gemv(y + (i + 1) * PANEL, PANEL, N - i - 1, i + 1, ai, tmp);
    kernels.gemvT(at(0, i + 1), n, i, N - i - 1, x + i * PANEL, ai + i + 1);
    for (let c = i + 1; c < N; c++) h[ai + c] = h[ai + c]! - h[tmp + c - i - 1]!;
    const tp = reflect(h, ai + i + 1, 1, N - i - 1);
    taup[i0 + i] = tp;
    e[i0 + i] = h[ai + i + 1]!;
    h[ai + i + 1] = 1;
    // X(i+1:, i) = taup (A(i+1:, i+1:) v - A(i+1:, :i+1) (Y(i+1:, :i+1)^T v) - X(i+1:, :i) (A(:i, i+1:) v)), v = A(i, i+1:):
    // the first two terms are one product A(i+1:, :) z, z = [-Y(i+1:, :i+1)^T v; v] (gemvT's sign).
    h.fill(0, z, z + i + 1);
    kernels.gemvT(y + (i + 1) * PANEL, PANEL, N - i - 1, i + 1, ai + i + 1, z);
    h.copyWithin(z + i + 1, ai + i + 1, ai + N);
    kernels.gemv(at(0, i + 1), n, i, N - i - 1, ai + i + 1, t2);
    kernels.gemv(at(i + 1, 0), n, M - i - 1, N, z, tmp);
    kernels.gemv(x + (i + 1) * PANEL, PANEL, M - i - 1, i, t2, tmp2);
    for (let r = i + 1; r < M; r++) h[x + r * PANEL + i] = tp * (h[tmp + r - i - 1]! - h[tmp2 + r - i - 1]!);
  }
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
