// Deferred plane rotations (LAPACK's dlasr role, as dsteqr and dbdsqr use it): an implicit QL/QR
// iteration on a tridiagonal or bidiagonal matrix runs on the O(n) diagonals alone and records
// each sweep's rotations here; applyPlaneRotations then applies many sweeps at once to the
// vector matrix, whose rows are independent under rotations of its columns: a block of rows is
// packed into cache-sized panels and every recorded sweep runs over one panel before the next
// (wasm SIMD, rotationsWat.ts, a function of the GEMM module), instead of one pass over the whole
// matrix per sweep. Large jobs split their panels with the GEMM's helper thread (wasm/pool.ts).
// The GEMM's memory is borrowed (its packed-A region for the panels, the B strip's for the
// sweeps), as gemm.ts borrows it: nothing is left resident there between calls.
//
// API (stable; the SVD reuses it):
//   const rot = new PlaneRotations();
//   rot.beginSweep(j0, backward);      // its first rotation acts on columns (j0, j0 + 1); then
//   rot.push(c, s);                    // rotation t acts on (j0 + t, j0 + t + 1), or on
//                                      // (j0 - t, j0 - t + 1) for a backward sweep
//   applyPlaneRotations(a, offset, rows, columns, rowStride, columnStride, rot);
//   rot.clear();
// Rotation (c, s) on x = column j and y = column j + 1 of every row:
//   x' = c x - s y,  y' = s x + c y
// (EISPACK tql2's sign; LAPACK dlasr's SIDE = 'R' uses the opposite sign of s: push -s for it).
// Sweeps apply in the order recorded, rotations within a sweep in the order pushed. The matrix is
// a strided view of a Float64Array: element (r, j) at a[offset + r * rowStride + j * columnStride]
// (eigh passes its row-major Q). Where wasm SIMD is missing a plain JS loop runs; arithmetic is
// float64 on both paths, identical operation for operation, so they give the same bits.
import { PANEL_ROWS, ROTATION_BYTES, SWEEP_BYTES } from "../wasm/rotationsWat.js";
import { AP_AT, AP_BYTES, BP_AT, BP_BYTES } from "../wasm/gemmLayout.js";
import type { GemmRuntime } from "../wasm/runtime.js";
import { wasmGemm } from "../wasm/wasmGemm.js";

/** Regions in the GEMM's memory (bytes): the panels; the sweep records; the (c, s) pairs. */
const PANELS_AT = AP_AT;
const PANELS_BYTES = AP_BYTES;
const SWEEPS_AT = BP_AT;
const SWEEPS_BYTES = 1 << 20;
const CS_AT = SWEEPS_AT + SWEEPS_BYTES;
const CS_BYTES = BP_BYTES - SWEEPS_BYTES;

/**
 * Multiply-adds (rotations x rows x 4) from which the panels are split with the helper thread:
 * the hand-off costs tens of µs (as gemm.ts's THREAD_FLOPS, which is larger for the GEMM's denser work).
 */
const THREAD_WORK = 2 ** 21;

/** A growing record of rotation sweeps. */
export class PlaneRotations {
  /** Sweeps recorded. */
  sweeps = 0;
  /** Rotations recorded, all sweeps together. */
  rotations = 0;
  /** Per sweep, four words: j0, count, backward (0/1), index of its first rotation (rotationsWat.ts's record). */
  records = new Int32Array(64);
  c = new Float64Array(256);
  s = new Float64Array(256);

  /** Starts a sweep whose first rotation acts on columns (j0, j0 + 1); the next ones walk down if `backward`, else up. */
  beginSweep(j0: number, backward: boolean): void {
    if (4 * (this.sweeps + 1) > this.records.length) this.records = grow(this.records, new Int32Array(2 * this.records.length));
    const w = 4 * this.sweeps++;
    this.records[w] = j0;
    this.records[w + 1] = 0;
    this.records[w + 2] = backward ? 1 : 0;
    this.records[w + 3] = this.rotations;
  }

  /** Appends a rotation to the current sweep. */
  push(c: number, s: number): void {
    if (this.rotations === this.c.length) {
      this.c = grow(this.c, new Float64Array(2 * this.c.length));
      this.s = grow(this.s, new Float64Array(2 * this.s.length));
    }
    this.c[this.rotations] = c;
    this.s[this.rotations++] = s;
    this.records[4 * this.sweeps - 3]!++;
  }

  clear(): void {
    this.sweeps = 0;
    this.rotations = 0;
  }
}

function grow<T extends Int32Array | Float64Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}

/** Which kernel runs: wasm where available ("auto"), or always one of them (tests and benchmarks). */
export type PlaneRotationsPath = "auto" | "js" | "wasm";
let path: PlaneRotationsPath = "auto";
export function setPlaneRotationsPath(p: PlaneRotationsPath): PlaneRotationsPath {
  const old = path;
  path = p;
  return old;
}

/** Whether large jobs may use the helper thread (tests compare one and two threads). */
let threads = true;
export function setPlaneRotationsThreads(on: boolean): boolean {
  const old = threads;
  threads = on;
  return old;
}

/**
 * Applies every recorded sweep, in order, to rows 0..rows-1 of the (rows x columns) view
 * a[offset + r * rowStride + j * columnStride]. Every rotated column must be below `columns`.
 */
export function applyPlaneRotations(a: Float64Array, offset: number, rows: number, columns: number, rowStride: number, columnStride: number, rot: PlaneRotations): void {
  if (rows === 0 || rot.rotations === 0) return;
  const [lo, hi] = columnRange(rot);
  if (lo < 0 || hi >= columns) throw new RangeError(`applyPlaneRotations: the sweeps rotate columns ${lo}..${hi} of a matrix with ${columns} columns`);
  const rt = path === "js" ? null : (wasmGemm()?.gemmRuntime() ?? null);
  if (rt !== null && applyWasm(rt, a, offset + lo * columnStride, rows, hi - lo + 1, rowStride, columnStride, rot, lo)) return;
  applyJs(a, offset, rows, rowStride, columnStride, rot);
}

/** The lowest and highest column any recorded rotation touches. */
function columnRange(rot: PlaneRotations): [number, number] {
  let lo = Infinity, hi = -Infinity;
  const r = rot.records;
  for (let w = 0; w < 4 * rot.sweeps; w += 4) {
    const j0 = r[w]!, count = r[w + 1]!;
    if (count === 0) continue;
    const [a, b] = r[w + 2] ? [j0 - count + 1, j0 + 1] : [j0, j0 + count];
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
  }
  return [lo, hi];
}

/** One row at a time through every sweep, carrying the column two consecutive rotations share (as the wasm kernel does). */
function applyJs(a: Float64Array, offset: number, rows: number, rowStride: number, columnStride: number, rot: PlaneRotations): void {
  const rec = rot.records, C = rot.c, S = rot.s;
  for (let r = 0; r < rows; r++) {
    const row = offset + r * rowStride;
    for (let w = 0; w < 4 * rot.sweeps; w += 4) {
      const j0 = rec[w]!, count = rec[w + 1]!, start = rec[w + 3]!;
      if (count === 0) continue;
      if (rec[w + 2]) {
        let p = row + (j0 + 1) * columnStride;
        let y = a[p]!;
        for (let t = 0; t < count; t++) {
          p -= columnStride;
          const c = C[start + t]!, s = S[start + t]!, x = a[p]!;
          a[p + columnStride] = s * x + c * y;
          y = c * x - s * y;
        }
        a[p] = y;
      } else {
        let p = row + j0 * columnStride;
        let x = a[p]!;
        for (let t = 0; t < count; t++) {
          const c = C[start + t]!, s = S[start + t]!, y = a[p + columnStride]!;
          a[p] = c * x - s * y;
          x = s * x + c * y;
          p += columnStride;
        }
        a[p] = x;
      }
    }
  }
}

/**
 * The wasm path over columns lo..lo+cols of the view (`a`/`offset` already at column lo): sweeps
 * in chunks that fit the rotation regions; per chunk, row blocks that fit the panel region are
 * packed, rotated (split with the helper thread where large) and written back. False (nothing
 * done) where one panel does not fit.
 */
function applyWasm(rt: GemmRuntime, a: Float64Array, offset: number, rows: number, cols: number, rowStride: number, columnStride: number, rot: PlaneRotations, lo: number): boolean {
  const panelBytes = PANEL_ROWS * cols * 8;
  const panelsPerBlock = Math.floor(PANELS_BYTES / panelBytes);
  const maxSweeps = SWEEPS_BYTES / SWEEP_BYTES;
  const maxRotations = CS_BYTES / ROTATION_BYTES;
  if (panelsPerBlock === 0 || cols - 1 > maxRotations) return false;
  const rec = rot.records, mem = rt.f64, words = new Int32Array(mem.buffer, SWEEPS_AT, SWEEPS_BYTES / 4);
  const blockRows = panelsPerBlock * PANEL_ROWS;
  for (let w0 = 0; w0 < rot.sweeps; ) {
    // The chunk: sweeps w0..w1, their records rebased to column lo and rotation index 0.
    const first = rec[4 * w0 + 3]!;
    let w1 = w0;
    while (w1 < rot.sweeps && w1 - w0 < maxSweeps && rec[4 * w1 + 3]! + rec[4 * w1 + 1]! - first <= maxRotations) {
      const q = 4 * (w1 - w0);
      words[q] = rec[4 * w1]! - lo;
      words[q + 1] = rec[4 * w1 + 1]!;
      words[q + 2] = rec[4 * w1 + 2]!;
      words[q + 3] = rec[4 * w1 + 3]! - first;
      w1++;
    }
    const end = w1 < rot.sweeps ? rec[4 * w1 + 3]! : rot.rotations;
    for (let t = first, q = CS_AT / 8; t < end; t++, q += 2) {
      mem[q] = rot.c[t]!;
      mem[q + 1] = rot.s[t]!;
    }
    for (let r0 = 0; r0 < rows; r0 += blockRows) {
      const n = Math.min(blockRows, rows - r0);
      const panels = Math.ceil(n / PANEL_ROWS);
      copyPanels(a, offset + r0 * rowStride, n, cols, rowStride, columnStride, mem, true, PANELS_AT);
      const helper = threads && panels >= 2 && 4 * (end - first) * n >= THREAD_WORK ? rt.helper : null;
      const nsweeps = w1 - w0;
      if (helper === null) rt.rotatePanels(PANELS_AT, panels, cols, SWEEPS_AT, nsweeps, CS_AT);
      else {
        const at = (q: number): number => PANELS_AT + q * panelBytes;
        const { unfinished: q } = helper.shareRotations({ panels: PANELS_AT, npanels: panels, cols, sweeps: SWEEPS_AT, nsweeps, cs: CS_AT }, (q) => rt.rotatePanels(at(q), 1, cols, SWEEPS_AT, nsweeps, CS_AT));
        // A panel the helper left half-rotated (it stalled or died, pool.ts): packed again from the source and redone.
        if (q >= 0) {
          const rows0 = q * PANEL_ROWS;
          copyPanels(a, offset + (r0 + rows0) * rowStride, Math.min(PANEL_ROWS, n - rows0), cols, rowStride, columnStride, mem, true, at(q));
          rt.rotatePanels(at(q), 1, cols, SWEEPS_AT, nsweeps, CS_AT);
        }
      }
      copyPanels(a, offset + r0 * rowStride, n, cols, rowStride, columnStride, mem, false, PANELS_AT);
    }
    w0 = w1;
  }
  return true;
}

/**
 * Packs (`pack`) rows 0..n-1 of the view into PANEL_ROWS-row panels from byte `at` on (element
 * (r, j) of panel q at q * cols * PANEL_ROWS + j * PANEL_ROWS + r, rows past n zero), or unpacks.
 */
function copyPanels(a: Float64Array, offset: number, n: number, cols: number, rowStride: number, columnStride: number, mem: Float64Array, pack: boolean, at: number): void {
  const base = at / 8;
  for (let r0 = 0, q = base; r0 < n; r0 += PANEL_ROWS, q += cols * PANEL_ROWS) {
    const m = Math.min(PANEL_ROWS, n - r0);
    if (!pack || m === PANEL_ROWS) {
      // Row by row: contiguous along a row-major view's rows.
      for (let r = 0; r < m; r++) {
        let src = offset + (r0 + r) * rowStride;
        if (pack) for (let j = 0, dst = q + r; j < cols; j++, dst += PANEL_ROWS, src += columnStride) mem[dst] = a[src]!;
        else for (let j = 0, dst = q + r; j < cols; j++, dst += PANEL_ROWS, src += columnStride) a[src] = mem[dst]!;
      }
      continue;
    }
    for (let j = 0; j < cols; j++) {
      const src = offset + r0 * rowStride + j * columnStride;
      const dst = q + j * PANEL_ROWS;
      for (let r = 0; r < m; r++) mem[dst + r] = a[src + r * rowStride]!;
      for (let r = m; r < PANEL_ROWS; r++) mem[dst + r] = 0;
    }
  }
}
