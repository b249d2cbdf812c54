// Float max and min pooling of channels-last images on the wasm SIMD kernel (wasm/maxPool.ts):
// each image is copied into the module's memory, pooled there a vector of features at a time and
// copied out. windowed.ts hands over the windows it can describe as images (ImageWindow); any
// other window, a fused producer or epilogue, or an image too large for the module's regions
// stays on its generated JS loops.
import type { DType } from "../../../jaxpr/index.js";
import type { Buffer, Kernel } from "../kernel.js";
import { nativeKernel } from "../kernel.js";
import { poolRuntime, POOL_OUT_AT, POOL_OUT_BYTES, POOL_X_AT, POOL_X_BYTES } from "../wasm/maxPool.js";

/**
 * A window reduction over `images` contiguous channels-last images: (h, w, c) in, (oh, ow, c)
 * out, a (kh, kw) window with strides, window dilations and low paddings (>= 0) along both axes.
 */
export interface ImageWindow {
  readonly images: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly oh: number;
  readonly ow: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly dh: number;
  readonly dw: number;
  readonly ph: number;
  readonly pw: number;
}

let simdOn = true;
/** Whether max/min pooling may use the wasm SIMD kernel (benchmarks and tests compare it with the JS loops); returns the old setting. */
export function setPoolSimd(on: boolean): boolean {
  const old = simdOn;
  simdOn = on;
  return old;
}

/** The kernel pooling `win` with max or min in float32 or float64; null where the SIMD kernel does not apply. */
export function simdPoolKernel(monoid: "max" | "min", dtype: DType, win: ImageWindow): Kernel | null {
  if (!simdOn || (dtype !== "float32" && dtype !== "float64")) return null;
  const rt = poolRuntime();
  if (rt === null) return null;
  const k = rt[dtype];
  const { images, h, w, c, oh, ow } = win;
  const bytes = k.memory.BYTES_PER_ELEMENT;
  const [inImage, outImage] = [h * w * c, oh * ow * c];
  if (c % k.lanes !== 0 || inImage * bytes > POOL_X_BYTES || outImage * bytes > POOL_OUT_BYTES || images * outImage === 0) return null;
  const pool = k[monoid];
  const mem = k.memory;
  const [X, OUT] = [POOL_X_AT / bytes, POOL_OUT_AT / bytes];
  const run = (x: Buffer): Buffer[] => {
    const out = dtype === "float32" ? new Float32Array(images * outImage) : new Float64Array(images * outImage);
    for (let b = 0; b < images; b++) {
      mem.set(x.subarray(b * inImage, (b + 1) * inImage), X);
      pool(POOL_X_AT, POOL_OUT_AT, h, w, c * bytes, oh, ow, win.kh, win.kw, win.sh, win.sw, win.dh, win.dw, win.ph, win.pw);
      out.set(mem.subarray(OUT, OUT + outImage), b * outImage);
    }
    return [out];
  };
  const description = `${monoid} pooling ${win.kh}x${win.kw} on the wasm SIMD kernel (${dtype}, ${c} features, channels-last), ${images} images of ${oh}x${ow}`;
  return nativeKernel(`reduce_window_${monoid}`, (x) => run(x!), description);
}
