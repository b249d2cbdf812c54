// jax.scipy.signal (issue 23): convolve and correlate (direct, by one conv_general_dilated, or by FFT)
// and fftconvolve, as JAX's (jax/_src/scipy/signal.py): both operands
// zero-padded to the full output shape, multiplied in the spectrum (rfftn for real operands, fftn
// for complex ones), transformed back and cropped to the mode. `axes` convolves along those axes
// only and maps over the others (JAX vmaps; here the transforms take the axes directly, which is
// the same arithmetic).
import { canonicalizeAxis, isComplex } from "../../../jaxpr/index.js";
import { range } from "../../../jaxpr/lists.js";
import type { Array, ArrayLike } from "../../core/array.js";
import { ValueError } from "../../core/errors.js";
import * as lax from "../../lax/ops.js";
import { multiply } from "../../numpy/elementwise.js";
import { fftn, ifftn, irfftn, rfftn } from "../../numpy/fft.js";
import { promoteDtypesInexact } from "../../numpy/options.js";
import { convGeneralDilated } from "../../lax/conv.js";

/** The modes of {@link fftconvolve}, as scipy.signal's. */
export type ConvolveMode = "full" | "same" | "valid";

/**
 * The N-dimensional convolution of in1 and in2 by FFTs (scipy.signal.fftconvolve). `mode`: "full"
 * (default, size s1 + s2 - 1 per axis), "same" (in1's size, centred) or "valid" (complete overlaps).
 *
 * @example
 * const y = scipy.signal.fftconvolve(np.array([1, 2, 3]), np.array([0, 1, 0.5]));
 * np.round(y, 5); // [0, 1, 2.5, 4, 1.5]
 * // (the FFT leaves float32 rounding noise, about 1e-7, where the exact result is 0)
 */
export function fftconvolve(in1: ArrayLike, in2: ArrayLike, mode: ConvolveMode = "full", axes: number | readonly number[] | null = null): Array {
  let [a, b] = promoteDtypesInexact("fftconvolve", [in1, in2]) as [Array, Array];
  if (a.ndim !== b.ndim) throw new ValueError("in1 and in2 should have the same dimensionality");
  if (mode !== "same" && mode !== "full" && mode !== "valid") throw new ValueError("mode must be one of ['same', 'full', 'valid']");
  const conv = axes === null ? range(a.ndim) : (typeof axes === "number" ? [axes] : [...axes]).map((ax) => canonicalizeAxis(ax, a.ndim));
  const mapped = range(a.ndim).filter((d) => !conv.includes(d));
  if (mapped.some((d) => a.shape[d] !== b.shape[d])) {
    throw new ValueError(`mapped axes must have same shape; got in1.shape=(${a.shape.join(", ")}) in2.shape=(${b.shape.join(", ")}) axes=(${conv.join(", ")})`);
  }
  if (mode === "valid") {
    const noSwap = conv.every((d) => a.shape[d]! >= b.shape[d]!);
    const swap = conv.every((d) => a.shape[d]! <= b.shape[d]!);
    if (!noSwap && !swap) throw new ValueError("For 'valid' mode, One input must be at least as large as the other in every dimension.");
    if (swap && !noSwap) [a, b] = [b, a];
  }
  const full = a.shape.map((s, d) => (conv.includes(d) ? s + b.shape[d]! - 1 : s));
  const out = mode === "full" ? full : mode === "same" ? [...a.shape] : a.shape.map((s, d) => (conv.includes(d) ? s - b.shape[d]! + 1 : s));
  const product = conv.every((d) => a.shape[d] === 1 || b.shape[d] === 1) ? multiply(a, b) : spectralProduct(a, b, conv, conv.map((d) => full[d]!));
  const starts = full.map((f, d) => Math.floor((f - out[d]!) / 2));
  return lax.slice(product, starts, starts.map((s, d) => s + out[d]!));
}

/** ifft(fft(a) fft(b)) over `axes`, zero-padded to `lengths`: the full circular-free convolution. */
function spectralProduct(a: Array, b: Array, axes: readonly number[], lengths: readonly number[]): Array {
  if (isComplex(a.dtype)) return ifftn(multiply(fftn(a, lengths, axes), fftn(b, lengths, axes)), lengths, axes);
  return irfftn(multiply(rfftn(a, lengths, axes), rfftn(b, lengths, axes)), lengths, axes);
}

/** The method of {@link convolve} and {@link correlate}: JAX's "auto" is the direct convolution. */
export type ConvolveMethod = "auto" | "direct" | "fft";

/**
 * JAX's _convolve_nd: the smaller operand flipped and slid over the larger one by one
 * conv_general_dilated (a batch and a feature of one), padded for the mode.
 */
function convolveDirect(in1: ArrayLike, in2: ArrayLike, mode: ConvolveMode): Array {
  if (mode !== "same" && mode !== "full" && mode !== "valid") throw new ValueError("mode must be one of ['same', 'full', 'valid']");
  let [a, b] = promoteDtypesInexact("convolve", [in1, in2]) as [Array, Array];
  if (a.ndim !== b.ndim) throw new ValueError("in1 and in2 must have the same number of dimensions");
  if (a.size === 0 || b.size === 0) throw new ValueError(`zero-size arrays not supported in convolutions, got shapes (${a.shape.join(", ")}) and (${b.shape.join(", ")}).`);
  const noSwap = a.shape.every((s, i) => s >= b.shape[i]!);
  const swap = a.shape.every((s, i) => s <= b.shape[i]!);
  if (!noSwap && !swap) throw new ValueError("One input must be smaller than the other in every dimension.");
  const outShape = b.shape;
  if (swap && !noSwap) [a, b] = [b, a];
  const shape = b.shape;
  const kernel = lax.rev(b, range(b.ndim));
  const padding: [number, number][] =
    mode === "valid"
      ? shape.map(() => [0, 0])
      : mode === "same"
        ? shape.map((s, i) => [s - 1 - Math.floor((outShape[i]! - 1) / 2), s - outShape[i]! + Math.floor((outShape[i]! - 1) / 2)])
        : shape.map((s) => [s - 1, s - 1]);
  const lead = (x: Array): Array => lax.reshape(x, [1, 1, ...x.shape]);
  const out = convGeneralDilated(lead(a), lead(kernel), shape.map(() => 1), padding);
  return lax.reshape(out, out.shape.slice(2));
}

/**
 * `scipy.signal.convolve(in1, in2, mode?, method?)` (jax.scipy.signal.convolve): the N-dimensional
 * convolution; "direct" and "auto" (JAX's default) use one conv_general_dilated, "fft" is
 * {@link fftconvolve}. Integer operands are promoted to float, as JAX's.
 *
 * @example
 * scipy.signal.convolve(np.array([1, 2, 3]), np.array([0, 1, 0.5])); // Array([0. , 1. , 2.5, 4. , 1.5], dtype=float32)
 */
export function convolve(in1: ArrayLike, in2: ArrayLike, mode: ConvolveMode = "full", method: ConvolveMethod = "auto"): Array {
  if (method === "fft") return fftconvolve(in1, in2, mode);
  if (method !== "direct" && method !== "auto") throw new ValueError(`Got method=${String(method)}; expected 'auto', 'fft', or 'direct'.`);
  return convolveDirect(in1, in2, mode);
}

/**
 * `scipy.signal.correlate(in1, in2, mode?, method?)` (jax.scipy.signal.correlate): the
 * cross-correlation, convolve(in1, flip(conj(in2))).
 *
 * @example
 * ```ts
 * scipy.signal.correlate(np.array([1, 2, 3]), np.array([0, 1, 0.5])); // Array([0.5, 2. , 3.5, 3. , 0. ], dtype=float32)
 * scipy.signal.correlate(np.array([1, 2, 3]), np.array([0, 1, 0.5]), "same"); // Array([2. , 3.5, 3. ], dtype=float32)
 * ```
 */
export function correlate(in1: ArrayLike, in2: ArrayLike, mode: ConvolveMode = "full", method: ConvolveMethod = "auto"): Array {
  const b = promoteDtypesInexact("correlate", [in2])[0]!;
  const conjugated = isComplex(b.dtype) ? lax.conj(b) : b;
  return convolve(in1, lax.rev(conjugated, range(conjugated.ndim)), mode, method);
}
