// The wasm SIMD matrix-vector kernel's instance (gemvWat.ts): its own memory, fixed size and never
// grown (for the reason runtime.ts gives), holding a matrix and the two vectors.
import { GEMV_WASM_BASE64 } from "./gemvModule.js";
import { decodeBase64 } from "./runtime.js";

const MiB = 1 << 20;
/** Regions in bytes: the matrix (up to 1024 x 1024 float64), x and y (8192 float64 each). */
export const GEMV_A_AT = 0;
export const GEMV_A_BYTES = 8 * MiB;
export const GEMV_X_AT = GEMV_A_AT + GEMV_A_BYTES;
export const GEMV_VECTOR_BYTES = 64 * 1024;
export const GEMV_Y_AT = GEMV_X_AT + GEMV_VECTOR_BYTES;
const TOTAL = GEMV_Y_AT + GEMV_VECTOR_BYTES;

export type GemvFn = (a: number, lda: number, rows: number, cols: number, x: number, y: number) => void;

export interface GemvRuntime {
  readonly f64: Float64Array;
  readonly gemv: GemvFn;
}

let runtime: GemvRuntime | null | undefined;

/** The instance, made on first use; null where WebAssembly or its SIMD is unavailable. */
export function gemvRuntime(): GemvRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  if (typeof WebAssembly !== "object") return null;
  try {
    const bytes = decodeBase64(GEMV_WASM_BASE64);
    if (!WebAssembly.validate(bytes)) return null;
    const pages = Math.ceil(TOTAL / 65536);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    runtime = { f64: new Float64Array(memory.buffer), gemv: instance.exports["gemv_f64"] as GemvFn };
  } catch {
    runtime = null;
  }
  return runtime;
}
