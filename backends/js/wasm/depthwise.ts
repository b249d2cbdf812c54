// The wasm SIMD depthwise convolution's instance: its own memory (fixed size, never grown, for
// the reason runtime.ts gives), holding one image of input, its output and the kernel at a time.
import { DEPTHWISE_WASM_BASE64 } from "./depthwiseModule.js";
import { instantiateWithMemory } from "./instantiate.js";

const MiB = 1 << 20;
/** Regions in bytes: an input image, an output image, the kernel (KH x KW x C; runWide's blocked, then its tap table). */
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

/** One dtype's kernels over the module's memory. */
export interface DepthwiseKernels {
  readonly memory: Float32Array | Float64Array;
  /** Any multiple of `lanes` features (one 16-byte vector). */
  readonly run: DepthwiseFn;
  /**
   * A multiple of 4 `lanes` features (four accumulator registers), the kernel blocked: for each
   * block of 4 `lanes` features, each tap's (p-major) values of those features in turn. It writes
   * a table of KH * KW i32s right after the kernel.
   */
  readonly runWide: DepthwiseFn;
  readonly lanes: number;
}

export interface DepthwiseRuntime {
  readonly float32: DepthwiseKernels;
  readonly float64: DepthwiseKernels;
}

let runtime: DepthwiseRuntime | null | undefined;

/** The instance, made on first use; null where WebAssembly or its SIMD is unavailable. */
export function depthwiseRuntime(): DepthwiseRuntime | null {
  if (runtime !== undefined) return runtime;
  const made = instantiateWithMemory(DEPTHWISE_WASM_BASE64, TOTAL);
  if (made === null) return (runtime = null);
  const fn = (name: string): DepthwiseFn => made.exports[name] as DepthwiseFn;
  runtime = {
    float32: { memory: new Float32Array(made.buffer), run: fn("depthwise_f32"), runWide: fn("depthwise16_f32"), lanes: 4 },
    float64: { memory: new Float64Array(made.buffer), run: fn("depthwise_f64"), runWide: fn("depthwise8_f64"), lanes: 2 },
  };
  return runtime;
}
