// LU factorization with partial pivoting, P A = L U (LAPACK's getrf; JAX's lu_p), of a batch of
// (m x n) row-major matrices. Returns `lu` (L below the diagonal, its unit diagonal implicit; U on
// and above), `pivots` (int32, min(m, n) per matrix: row i was swapped with row pivots[i], in
// order) and `permutation` (int32, m per matrix: row i of P A is row permutation[i] of A).
// A zero pivot (singular A) is kept, as getrf does: U has a zero on its diagonal and solves give
// inf/nan. The pivot is the first entry of largest magnitude (idamax: NaN never wins).
//
// From min(m, n) >= BLOCK on, right-looking by panels of BLOCK columns (dgetrf): factor the panel
// (all rows below it), solve U12 = L11^-1 A12, update A22 -= L21 U12 by one GEMM. Row swaps move
// whole rows at once, which is contiguous in row-major storage.
import { gemm, view } from "./gemm.js";
import { BLOCK, like, type FloatArray } from "./types.js";

export interface LuResult {
  readonly lu: FloatArray;
  readonly pivots: Int32Array;
  readonly permutation: Int32Array;
}

export function lu(a: FloatArray, batch: number, m: number, n: number): LuResult {
  const k = Math.min(m, n);
  const out = like(a, a.length);
  out.set(a);
  const pivots = new Int32Array(batch * k);
  const permutation = new Int32Array(batch * m);
  for (let b = 0; b < batch; b++) {
    factor(out, b * m * n, m, n, pivots, b * k);
    // The swaps applied in order to the identity (lu_pivots_to_permutation), in place at b * m.
    const o = b * m;
    for (let i = 0; i < m; i++) permutation[o + i] = i;
    for (let i = 0; i < k; i++) {
      const p = pivots[b * k + i]!;
      const t = permutation[o + i]!;
      permutation[o + i] = permutation[o + p]!;
      permutation[o + p] = t;
    }
  }
  return { lu: out, pivots, permutation };
}

function factor(a: FloatArray, o: number, m: number, n: number, pivots: Int32Array, po: number): void {
  const k = Math.min(m, n);
  const nb = k >= BLOCK ? BLOCK : k;
  for (let j0 = 0; j0 < k; j0 += nb) {
    const j1 = Math.min(j0 + nb, k);
    // Unblocked, the panel is the whole width; blocked, its own columns.
    const panelEnd = nb === k ? n : j1;
    factorPanel(a, o, m, n, j0, j1, panelEnd, pivots, po);
    if (panelEnd === n || j1 === n) continue;
    // U12 = L11^-1 A12 (unit lower), row by row.
    for (let i = j0 + 1; i < j1; i++) {
      const ri = o + i * n;
      for (let p = j0; p < i; p++) {
        const s = a[ri + p]!;
        const rp = o + p * n;
        for (let j = j1; j < n; j++) a[ri + j] = a[ri + j]! - s * a[rp + j]!;
      }
    }
    if (j1 < m) gemm(m - j1, n - j1, j1 - j0, -1, view(a, o + j1 * n + j0, n), view(a, o + j0 * n + j1, n), 1, view(a, o + j1 * n + j1, n));
  }
}

/** getf2 on columns j0..j1 (rows j0..m), its rank-1 updates reaching column panelEnd. */
function factorPanel(a: FloatArray, o: number, m: number, n: number, j0: number, j1: number, panelEnd: number, pivots: Int32Array, po: number): void {
  for (let j = j0; j < j1; j++) {
    let p = j;
    let best = Math.abs(a[o + j * n + j]!);
    for (let i = j + 1; i < m; i++) {
      const v = Math.abs(a[o + i * n + j]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    pivots[po + j] = p;
    if (p !== j) swapRows(a, o + j * n, o + p * n, n);
    const rj = o + j * n;
    const d = a[rj + j]!;
    if (d === 0) continue;
    for (let i = j + 1; i < m; i++) {
      const ri = o + i * n;
      const l = a[ri + j]! / d;
      a[ri + j] = l;
      if (l === 0) continue;
      for (let c = j + 1; c < panelEnd; c++) a[ri + c] = a[ri + c]! - l * a[rj + c]!;
    }
  }
}

function swapRows(a: FloatArray, r: number, s: number, n: number): void {
  for (let j = 0; j < n; j++) {
    const t = a[r + j]!;
    a[r + j] = a[s + j]!;
    a[s + j] = t;
  }
}
