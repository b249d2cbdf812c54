// Depthwise convolution (feature_group_count = input features, each group one input feature and
// `multiplier` output features): a GEMM would be G products of K = window taps by N = multiplier,
// all packing and no arithmetic, so it is a direct loop instead. For each output position, the
// window taps inside the input are found once (padding and strides by index arithmetic), and
// each tap adds x[position, c] * w[tap, o] across the output features o = c * multiplier + m, the
// innermost loop running over features (contiguous in channels-last layouts). Sums accumulate in
// doubles (one row of the output's features at a time), as the JS dot kernel's do.
import type { TypedArray } from "../../../jaxpr/index.js";
import type { Kernel } from "../kernel.js";
import { nativeKernel } from "../kernel.js";
import { newBuffer, type ConvGeometry } from "./convGeometry.js";
import { depthwiseRuntime, DW_OUT_AT, DW_OUT_BYTES, DW_W_AT, DW_W_BYTES, DW_X_AT, DW_X_BYTES } from "../wasm/depthwise.js";

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
  const simd = simdKernel(g);
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
 * The wasm SIMD kernel (wasm/depthwise.ts) for float32, one output feature per input feature, a
 * multiple of 4 features, channels-last input and output: per image, the image is copied into the
 * module's memory, convolved there and copied out (the kernel is gathered once per call). Null
 * where those do not hold or an image does not fit the module's regions.
 */
function simdKernel(g: ConvGeometry): Kernel | null {
  const [n, c, ih, iw] = g.lhs as [number, number, number, number];
  const [o, , kh, kw] = g.rhs as [number, number, number, number];
  const [, , oh, ow] = g.out as [number, number, number, number];
  if (g.inDtype !== "float32" || g.outDtype !== "float32" || o !== c || c % 4 !== 0) return null;
  const channelsLast = (s: readonly number[], h: number, w: number): boolean => s[1] === 1 && s[3] === c && s[2] === w * c && s[0] === h * w * c;
  if (!channelsLast(g.lhsStrides, ih, iw) || !channelsLast(g.outStrides, oh, ow)) return null;
  const imageIn = ih * iw * c;
  const imageOut = oh * ow * c;
  if (imageIn * 4 > DW_X_BYTES || imageOut * 4 > DW_OUT_BYTES || kh * kw * c * 4 > DW_W_BYTES) return null;
  const rt = depthwiseRuntime();
  if (rt === null) return null;
  const [wo, , wh, ww] = g.rhsStrides as [number, number, number, number];
  const [sh, sw] = g.windowStrides as [number, number];
  const [dh, dw] = g.rhsDilation as [number, number];
  const [ph, pw] = [g.padding[0]![0], g.padding[1]![0]];
  const mem = rt.f32;
  const run = (x: TypedArray, w: TypedArray): TypedArray[] => {
    const out = new Float32Array(n * imageOut);
    let q = DW_W_AT / 4;
    for (let p = 0; p < kh; p++) for (let r = 0; r < kw; r++) for (let f = 0; f < c; f++) mem[q++] = w[p * wh + r * ww + f * wo]!;
    for (let b = 0; b < n; b++) {
      mem.set(x.subarray(b * imageIn, (b + 1) * imageIn), DW_X_AT / 4);
      rt.run(DW_X_AT, DW_W_AT, DW_OUT_AT, ih, iw, c, oh, ow, kh, kw, sh, sw, dh, dw, ph, pw);
      out.set(mem.subarray(DW_OUT_AT / 4, DW_OUT_AT / 4 + imageOut), b * imageOut);
    }
    return [out];
  };
  return nativeKernel("conv_general_dilated", (x, w) => run(x!, w!), `depthwise ${kh}x${kw} on the wasm SIMD kernel, ${n} images of ${oh}x${ow}x${c}`);
}
