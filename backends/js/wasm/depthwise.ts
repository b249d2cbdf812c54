// The wasm SIMD depthwise convolution's instance: its own memory (fixed size, never grown, for
// the reason runtime.ts gives), holding one image of input, its output and the kernel at a time.
import { DEPTHWISE_WASM_BASE64 } from "./depthwiseModule.js";

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
  readonly run: DepthwiseFn;
}

let runtime: DepthwiseRuntime | null | undefined;

/** The instance, made on first use; null where WebAssembly or its SIMD is unavailable. */
export function depthwiseRuntime(): DepthwiseRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  if (typeof WebAssembly !== "object") return null;
  try {
    const bin = atob(DEPTHWISE_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    if (!WebAssembly.validate(bytes)) return null;
    const pages = TOTAL / 65536;
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    runtime = { f32: new Float32Array(memory.buffer), run: instance.exports["depthwise_f32"] as DepthwiseFn };
  } catch {
    runtime = null;
  }
  return runtime;
}
