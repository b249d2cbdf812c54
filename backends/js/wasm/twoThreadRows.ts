// A product's rows split in two, the lower half for the GEMM helper thread (pool.ts), shared by
// dot_general's driver (wasmDot.ts) and the linear-algebra GEMM (linalg/gemm.ts). Both pack all of
// A (MC-row blocks at row0 * k elements from AP_AT, depth blocks at pc * mcPad) and have B's strip
// packed at BP_AT; they differ only in where A's rows come from and where C goes.
import { AP_AT, AP_BYTES, BP_AT, C_BYTES, MC, type FloatDType } from "./gemmLayout.js";
import type { GemmRuntime } from "./runtime.js";

/** What the caller does to rows row0..row0+rows of one B strip. */
export interface RowWork {
  /** Packs A's rows at AP_AT in the layout above (all of K). */
  pack(row0: number, rows: number): void;
  /** C's rows (at c0 + row0 * ncPad elements) from the packed rows. */
  multiply(row0: number, rows: number): void;
}

/** One B strip: m x k times k x nc, C rows ncPad apart from byte c0. */
export interface StripShape {
  readonly dtype: FloatDType;
  readonly m: number;
  readonly k: number;
  readonly ncPad: number;
  readonly mr: number;
  readonly c0: number;
}

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/**
 * Multiplies all rows of one B strip on two threads, where the whole of packed A and of C fit
 * their regions: the helper's (lower) rows are packed first, so it starts early, then this thread
 * packs and multiplies its own MC rows at a time. A helper that had not started the job, or
 * stalled or died, leaves its rows to this thread (they are packed, and recomputed from pc = 0,
 * so C is overwritten). False (nothing done) where A or C do not fit.
 */
export function multiplyRowsOnTwoThreads(helper: NonNullable<GemmRuntime["helper"]>, s: StripShape, work: RowWork): boolean {
  const { m, k, ncPad, mr } = s;
  const es = s.dtype === "float32" ? 4 : 8;
  if (!(roundUp(m, mr) * k * es <= AP_BYTES && roundUp(m, mr) * ncPad * es <= C_BYTES)) return false;
  const mid = roundUp(Math.ceil(m / 2), mr);
  work.pack(mid, m - mid);
  helper.start({ dtype: s.dtype === "float32" ? 0 : 1, ap0: AP_AT + mid * k * es, bp: BP_AT, c0: s.c0 + mid * ncPad * es, rows: m - mid, k, ncPad, mr, packing: null });
  for (let ic = 0; ic < mid; ic += MC) {
    const mc = Math.min(MC, mid - ic);
    work.pack(ic, mc);
    work.multiply(ic, mc);
  }
  if (!helper.wait()) for (let ic = mid; ic < m; ic += MC) work.multiply(ic, Math.min(MC, m - ic));
  return true;
}
