// jax.scipy.signal (issue 23): fftconvolve, as JAX's (jax/_src/scipy/signal.py): both operands
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

/** The modes of {@link fftconvolve}, as scipy.signal's. */
export type ConvolveMode = "full" | "same" | "valid";

/**
 * The N-dimensional convolution of in1 and in2 by FFTs (scipy.signal.fftconvolve). `mode`: "full"
 * (default, size s1 + s2 - 1 per axis), "same" (in1's size, centred) or "valid" (complete overlaps).
 *
 * @example
 * scipy.signal.fftconvolve(np.array([1, 2, 3]), np.array([0, 1, 0.5])) // Array([0., 1., 2.5, 4., 1.5], dtype=float32)
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
