// The wasm SIMD max/min pooling instance (maxPoolWat.ts): its own memory (fixed size, never
// grown, for the reason runtime.ts gives), holding one image of input and its output at a time.
import { MAX_POOL_WASM_BASE64 } from "./maxPoolModule.js";
import { instantiateWithMemory } from "./instantiate.js";

const MiB = 1 << 20;
/** Regions in bytes: an input image, an output image. */
export const POOL_X_AT = 0;
export const POOL_X_BYTES = 8 * MiB;
export const POOL_OUT_AT = POOL_X_AT + POOL_X_BYTES;
export const POOL_OUT_BYTES = 8 * MiB;
const TOTAL = POOL_OUT_AT + POOL_OUT_BYTES;

export type PoolFn = (
  x: number, out: number, h: number, wd: number, cb: number, oh: number, ow: number,
  kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, ph: number, pw: number,
) => void;

/** One dtype's kernels over the module's memory; features in whole vectors of `lanes`. */
export interface PoolKernels {
  readonly memory: Float32Array | Float64Array;
  readonly max: PoolFn;
  readonly min: PoolFn;
  readonly lanes: number;
}

export interface PoolRuntime {
  readonly float32: PoolKernels;
  readonly float64: PoolKernels;
}

let runtime: PoolRuntime | null | undefined;

/** The instance, made on first use; null where WebAssembly or its SIMD is unavailable. */
export function poolRuntime(): PoolRuntime | null {
  if (runtime !== undefined) return runtime;
  const made = instantiateWithMemory(MAX_POOL_WASM_BASE64, TOTAL);
  if (made === null) return (runtime = null);
  const fn = (name: string): PoolFn => made.exports[name] as PoolFn;
  runtime = {
    float32: { memory: new Float32Array(made.buffer), max: fn("max_pool_f32"), min: fn("min_pool_f32"), lanes: 4 },
    float64: { memory: new Float64Array(made.buffer), max: fn("max_pool_f64"), min: fn("min_pool_f64"), lanes: 2 },
  };
  return runtime;
}
