// Depthwise convolution (feature_group_count = input features, each group one input feature and
// `multiplier` output features): a GEMM would be G products of K = window taps by N = multiplier,
// all packing and no arithmetic, so it is a direct loop instead. For each output position, the
// window taps inside the input are found once (padding and strides by index arithmetic), and
// each tap adds x[position, c] * w[tap, o] across the output features o = c * multiplier + m, the
// innermost loop running over features (contiguous in channels-last layouts). Sums accumulate in
// doubles (one row of the output's features at a time), as the JS dot kernel's do. Float32 and
// float64 (one dtype in and out) run on the wasm SIMD kernel instead (simdKernel), which sums in
// the dtype itself.
import type { TypedArray } from "../../../jaxpr/index.js";
import type { Kernel } from "../kernel.js";
import { nativeKernel } from "../kernel.js";
import { newBuffer, type ConvGeometry } from "./convGeometry.js";
import { depthwiseRuntime, DW_OUT_AT, DW_OUT_BYTES, DW_W_AT, DW_W_BYTES, DW_X_AT, DW_X_BYTES } from "../wasm/depthwise.js";

let simdOn = true;
/** Whether depthwise convolutions may use the wasm SIMD kernel (benchmarks compare it with the JS loop); returns the old setting. */
export function setDepthwiseSimd(on: boolean): boolean {
  const old = simdOn;
  simdOn = on;
  return old;
}

/** The depthwise kernel for 2-D float convolutions without lhs dilation, else null. */
export function depthwiseKernel(g: ConvGeometry): Kernel | null {
  const [n, c, ih, iw] = g.lhs as [number, number, number, number];
  const [o, i, kh, kw] = g.rhs as [number, number, number, number];
  const float = (g.outDtype === "float32" || g.outDtype === "float64") && (g.inDtype === "float32" || g.inDtype === "float64");
  if (g.spatial !== 2 || !float || g.featureGroupCount !== c || c === 1 || i !== 1 || g.batchGroupCount !== 1) return null;
  if (g.lhsDilation.some((d) => d !== 1)) return null;
  const [, , oh, ow] = g.out as [number, number, number, number];
  if (n * o * oh * ow === 0) return null;
  const mult = o / c;
  const [sh, sw] = g.windowStrides as [number, number];
  const [dh, dw] = g.rhsDilation as [number, number];
  const [padH, padW] = [g.padding[0]![0], g.padding[1]![0]];
  const [xn, xc, xh, xw] = g.lhsStrides as [number, number, number, number];
  const [wo, , wh, ww] = g.rhsStrides as [number, number, number, number];
  const [on, oc, ohs, ows] = g.outStrides as [number, number, number, number];
  // Per output feature: the offset of its input feature, and of its kernel column.
  const xFeature = Int32Array.from({ length: o }, (_, f) => Math.floor(f / mult) * xc);
  const wFeature = Int32Array.from({ length: o }, (_, f) => f * wo);
  const acc = new Float64Array(o);
  // Taps inside the input along one dim, for each output index: [first, end) tap indices.
  const tapRange = (outSize: number, inSize: number, k: number, stride: number, dil: number, pad: number): Int32Array => {
    const r = new Int32Array(2 * outSize);
    for (let y = 0; y < outSize; y++) {
      let lo = 0;
      let hi = k;
      while (lo < k && y * stride + lo * dil - pad < 0) lo++;
      while (hi > lo && y * stride + (hi - 1) * dil - pad >= inSize) hi--;
      r[2 * y] = lo;
      r[2 * y + 1] = hi;
    }
    return r;
  };
  const rows = tapRange(oh, ih, kh, sh, dh, padH);
  const cols = tapRange(ow, iw, kw, sw, dw, padW);
  const unitFeatures = xc === 1 && wo === 1 && oc === 1 && mult === 1;
  const simd = simdOn ? simdKernel(g) : null;
  if (simd !== null) return simd;
  const run = (x: TypedArray, w: TypedArray): TypedArray[] => {
    const out = newBuffer(g.outDtype, n * o * oh * ow);
    for (let b = 0; b < n; b++) {
      for (let y = 0; y < oh; y++) {
        const r0 = rows[2 * y]!;
        const r1 = rows[2 * y + 1]!;
        for (let z = 0; z < ow; z++) {
          const c0 = cols[2 * z]!;
          const c1 = cols[2 * z + 1]!;
          acc.fill(0);
          for (let p = r0; p < r1; p++) {
            const xRow = b * xn + (y * sh + p * dh - padH) * xh;
            for (let q = c0; q < c1; q++) {
              const xb = xRow + (z * sw + q * dw - padW) * xw;
              const wb = p * wh + q * ww;
              if (unitFeatures) {
                for (let f = 0; f < o; f++) acc[f] = acc[f]! + x[xb + f]! * w[wb + f]!;
              } else {
                for (let f = 0; f < o; f++) acc[f] = acc[f]! + x[xb + xFeature[f]!]! * w[wb + wFeature[f]!]!;
              }
            }
          }
          const ob = b * on + y * ohs + z * ows;
          if (oc === 1) for (let f = 0; f < o; f++) out[ob + f] = acc[f]!;
          else for (let f = 0; f < o; f++) out[ob + f * oc] = acc[f]!;
        }
      }
    }
    return [out];
  };
  return nativeKernel("conv_general_dilated", (x, w) => run(x!, w!), `depthwise ${kh}x${kw} over ${n}x${oh}x${ow} outputs of ${o} features (${mult} per input feature)`);
}

/**
 * One image's pixels (`h` x `w`) and features (`c` in the module's memory), read or written
 * through strides (feature, row, column); memory feature f is the buffer's feature f / `repeat`.
 */
interface ImageLayout {
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly strides: readonly [number, number, number];
  readonly repeat: number;
}

/**
 * Copies image data between a buffer (at `base`, through `layout`'s strides) and the module's
 * memory (at element `at`, channels-last with `cp` >= c features per pixel); the feature loop is
 * outermost so that channels-first buffers are read in order.
 */
function copyImage(buf: TypedArray, base: number, mem: Float32Array | Float64Array, at: number, cp: number, layout: ImageLayout, toMemory: boolean): void {
  const { h, w, c, repeat } = layout;
  const [fs, hs, ws] = layout.strides;
  for (let f = 0; f < c; f++) {
    for (let y = 0; y < h; y++) {
      let b = base + Math.floor(f / repeat) * fs + y * hs;
      let m = at + y * w * cp + f;
      if (toMemory) for (let z = 0; z < w; z++, b += ws, m += cp) mem[m] = buf[b]!;
      else for (let z = 0; z < w; z++, b += ws, m += cp) buf[b] = mem[m]!;
    }
  }
}

/** Whether an image laid out this way is packed channels-last (each input feature once): one block copy. */
const isPacked = (l: ImageLayout): boolean => l.repeat === 1 && l.strides[0] === 1 && l.strides[2] === l.c && l.strides[1] === l.w * l.c;

/**
 * Moves `pixels` pixels of `c` features in the module's memory from `from` apart to `to` apart,
 * in place at `at`: one copyWithin (memmove) per pixel, which beats a loop over the elements of a
 * wasm memory's view several times (measured). Spreading (to > from) goes last pixel first, gathering
 * first pixel first, so that no pixel is overwritten before it moves.
 */
function repack(mem: Float32Array | Float64Array, at: number, pixels: number, c: number, from: number, to: number): void {
  if (to > from) for (let p = pixels - 1; p > 0; p--) mem.copyWithin(at + p * to, at + p * from, at + p * from + c);
  else for (let p = 1; p < pixels; p++) mem.copyWithin(at + p * to, at + p * from, at + p * from + c);
}

/**
 * The wasm SIMD kernel (wasm/depthwise.ts) for float32 or float64 (f32x4 or f64x2): per image,
 * the image is copied into the module's memory channels-last whatever the layout (a strided copy
 * for channels-first), each input feature repeated once per output feature it feeds (the
 * multiplier), padded to `cp` features; convolved there as one output feature per memory feature
 * and copied out (the kernel is gathered once per call, its padding lanes zero). The input's
 * padding lanes hold whatever was there before, which only reaches the output's padding lanes (each
 * output feature reads its own input feature only), never copied out. Null where those do not hold
 * or an image does not fit the module's regions.
 */
function simdKernel(g: ConvGeometry): Kernel | null {
  const [n, c, ih, iw] = g.lhs as [number, number, number, number];
  const [o, , kh, kw] = g.rhs as [number, number, number, number];
  const [, , oh, ow] = g.out as [number, number, number, number];
  const dtype = g.inDtype;
  if ((dtype !== "float32" && dtype !== "float64") || g.outDtype !== dtype) return null;
  const rt = depthwiseRuntime();
  if (rt === null) return null;
  const k = rt[dtype];
  const bytes = k.memory.BYTES_PER_ELEMENT;
  // The kernel region also holds the wide kernel's tap offset table (an i32 per tap).
  const fits = (cp: number): boolean => ih * iw * cp * bytes <= DW_X_BYTES && oh * ow * cp * bytes <= DW_OUT_BYTES && kh * kw * (cp * bytes + 4) <= DW_W_BYTES;
  // Features padded to whole blocks of four vectors for the wide kernel, even for a few features
  // (its 16 float32 features take about half the one-vector kernel's time for 4: measured), else
  // where that image does not fit, to whole vectors for the one-vector kernel.
  const block = 4 * k.lanes;
  const cp = [block, k.lanes].map((unit) => Math.ceil(o / unit) * unit).find(fits);
  if (cp === undefined) return null;
  const [xn, xc, xh, xw] = g.lhsStrides as [number, number, number, number];
  const [on, oc, ohs, ows] = g.outStrides as [number, number, number, number];
  const input: ImageLayout = { h: ih, w: iw, c: o, strides: [xc, xh, xw], repeat: o / c };
  const output: ImageLayout = { h: oh, w: ow, c: o, strides: [oc, ohs, ows], repeat: 1 };
  const [wo, , wh, ww] = g.rhsStrides as [number, number, number, number];
  const [sh, sw] = g.windowStrides as [number, number];
  const [dh, dw] = g.rhsDilation as [number, number];
  const [ph, pw] = [g.padding[0]![0], g.padding[1]![0]];
  const mem = k.memory;
  const [X, W, OUT] = [DW_X_AT / bytes, DW_W_AT / bytes, DW_OUT_AT / bytes];
  // Four vectors of features at a time where they fill whole blocks (the kernel then blocked, see wasm/depthwise.ts).
  const wide = cp % block === 0;
  const kernel = wide ? k.runWide : k.run;
  // Packed channels-last images are block copies, spread to `cp` features in place where that
  // differs; for few features the strided copy beats a copyWithin per pixel (measured: 3 features
  // 1.5x slower spread, 30 features 0.6x; the cut at 16 lies between, not measured closely).
  const direct = (l: ImageLayout): boolean => isPacked(l) && (cp === o || o >= 16);
  const [inPacked, outPacked] = [direct(input), direct(output)];
  const taps = kh * kw;
  // Memory position of feature f's kernel value at tap t.
  const wAt = wide ? (t: number, f: number): number => ((f - (f % block)) * taps + t * block + (f % block)) : (t: number, f: number): number => t * cp + f;
  const run = (x: TypedArray, w: TypedArray): TypedArray[] => {
    const out = newBuffer(dtype, n * o * oh * ow);
    mem.fill(0, W, W + taps * cp);
    for (let p = 0; p < kh; p++) for (let r = 0; r < kw; r++) for (let f = 0; f < o; f++) mem[W + wAt(p * kw + r, f)] = w[p * wh + r * ww + f * wo]!;
    for (let b = 0; b < n; b++) {
      if (inPacked) {
        mem.set(x.subarray(b * xn, b * xn + ih * iw * o), X);
        if (cp !== o) repack(mem, X, ih * iw, o, o, cp);
      } else copyImage(x, b * xn, mem, X, cp, input, true);
      kernel(DW_X_AT, DW_W_AT, DW_OUT_AT, ih, iw, cp, oh, ow, kh, kw, sh, sw, dh, dw, ph, pw);
      if (outPacked) {
        if (cp !== o) repack(mem, OUT, oh * ow, o, cp, o);
        out.set(mem.subarray(OUT, OUT + oh * ow * o), b * on);
      } else copyImage(out, b * on, mem, OUT, cp, output, false);
    }
    return [out];
  };
  const layout = inPacked && outPacked ? "channels-last" : "copied to channels-last";
  return nativeKernel("conv_general_dilated", (x, w) => run(x!, w!), `depthwise ${kh}x${kw} on the wasm SIMD kernel (${dtype}, ${o} features${o === c ? "" : ` (${o / c} per input feature)`}${cp === o ? "" : ` padded to ${cp}`}, ${layout}), ${n} images of ${oh}x${ow}`);
}
