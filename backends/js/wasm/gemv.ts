// The wasm SIMD matrix-vector kernels' instance (gemvWat.ts): its own memory, fixed size and never
// grown (for the reason runtime.ts gives). Callers lay out their matrices and vectors in it.
import { GEMV_WASM_BASE64 } from "./gemvModule.js";
import { instantiateWithMemory } from "./instantiate.js";

/** Bytes of the memory: a 1024 x 1024 float64 matrix and room for panels and vectors beside it. */
const BYTES = 12 << 20;

/** (a lda rows cols x y), pointers and lda in bytes: gemvWat.ts's functions. */
export type GemvFn = (a: number, lda: number, rows: number, cols: number, x: number, y: number) => void;

export interface GemvRuntime {
  /** The whole memory. */
  readonly f64: Float64Array;
  /** y = A x. */
  readonly gemv: GemvFn;
  /** y -= A^T x. */
  readonly gemvT: GemvFn;
}

let runtime: GemvRuntime | null | undefined;

/** The instance, made on first use; null where WebAssembly or its SIMD is unavailable. */
export function gemvRuntime(): GemvRuntime | null {
  if (runtime !== undefined) return runtime;
  const made = instantiateWithMemory(GEMV_WASM_BASE64, BYTES);
  runtime = made === null ? null : { f64: new Float64Array(made.buffer), gemv: made.exports["gemv_f64"] as GemvFn, gemvT: made.exports["gemvt_f64"] as GemvFn };
  return runtime;
}
