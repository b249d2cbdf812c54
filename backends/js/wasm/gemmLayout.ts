// The wasm GEMM's memory layout and cache blocks: constants only, so that the kernels borrowing the
// memory (linalg/gemm.ts, linalg/planeRotations.ts) and the wasm runtime share them without the
// borrowers importing the runtime itself, which a browser bundle loads as a separate chunk
// (wasmGemm.browser.ts).

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
