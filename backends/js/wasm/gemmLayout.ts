// The wasm GEMM's memory layout, cache blocks and index arithmetic, apart from the runtime so that
// the drivers outside it (linalg/gemm.ts, linalg/planeRotations.ts, the indirect GEMM
// wasmIndirect.ts) share them without importing the runtime, which a browser bundle loads as a
// separate chunk (wasmGemm.browser.ts).
import type { DotGroup } from "../lowerings/dot.js";

export type FloatDType = "float32" | "float64";

/** Cache blocks (elements): KC deep panels, MC-row A blocks (kept in L2), up to NC_MAX columns. */
export const KC = 256;
export const MC = 128;
export const NC_MAX = 4096;

const MiB = 1 << 20;
/**
 * Regions in bytes: the B strip (K x nc, all of K); packed A (one MC x KC block on one thread,
 * all rows x K when split across threads); C (MC x nc on one thread, all rows x nc when split);
 * and a few words of job control for the helper thread.
 */
export const BP_AT = 0;
export const BP_BYTES = 16 * MiB;
export const AP_AT = BP_AT + BP_BYTES;
export const AP_BYTES = 16 * MiB;
export const C_AT = AP_AT + AP_BYTES;
export const C_BYTES = 16 * MiB;
export const CTRL_AT = C_AT + C_BYTES;
/** The whole memory: the regions and the control words. */
export const GEMM_MEMORY_BYTES = CTRL_AT + 64 * 1024;

/** Rounds n up to a multiple of m. */
export const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

export type Offset = (i: number) => number;

/** A dot group's offset of flat index i (its table's entry, or i times its stride). */
export const groupOffset = (g: DotGroup): Offset => (g.table !== null ? (i) => g.table![i]! : (i) => i * g.stride!);
