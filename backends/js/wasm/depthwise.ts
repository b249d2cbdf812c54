// The wasm SIMD depthwise convolution's instance: its own memory (fixed size, never grown, for
// the reason runtime.ts gives), holding one image of input, its output and the kernel at a time.
import { DEPTHWISE_WASM_BASE64 } from "./depthwiseModule.js";
import { instantiateWithMemory } from "./runtime.js";

const MiB = 1 << 20;
/** Regions in bytes: an input image, an output image, the kernel (KH x KW x C). */
export const DW_X_AT = 0;
export const DW_X_BYTES = 7 * MiB;
export const DW_OUT_AT = DW_X_AT + DW_X_BYTES;
export const DW_OUT_BYTES = 7 * MiB;
export const DW_W_AT = DW_OUT_AT + DW_OUT_BYTES;
export const DW_W_BYTES = 2 * MiB;
const TOTAL = DW_W_AT + DW_W_BYTES;

export type DepthwiseFn = (
  x: number, w: number, out: number, h: number, wd: number, c: number, oh: number, ow: number,
  kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, ph: number, pw: number,
) => void;

export interface DepthwiseRuntime {
  readonly f32: Float32Array;
  /** Any multiple of 4 features. */
  readonly run: DepthwiseFn;
  /** A multiple of 16 features (four accumulator registers). */
  readonly run16: DepthwiseFn;
}

let runtime: DepthwiseRuntime | null | undefined;

/** The instance, made on first use; null where WebAssembly or its SIMD is unavailable. */
export function depthwiseRuntime(): DepthwiseRuntime | null {
  if (runtime !== undefined) return runtime;
  const made = instantiateWithMemory(DEPTHWISE_WASM_BASE64, TOTAL);
  runtime = made === null ? null : { f32: new Float32Array(made.buffer), run: made.exports["depthwise_f32"] as DepthwiseFn, run16: made.exports["depthwise16_f32"] as DepthwiseFn };
  return runtime;
}
