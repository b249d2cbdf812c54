// Transforms over the trailing axes of a batch, as XLA's Fft op (and so lax.fft) defines them:
// FFT and IFFT over every one of `lengths`; RFFT is a real FFT along the last axis, then complex
// FFTs along the others; IRFFT is inverse complex FFTs along all but the last axis, then an
// inverse real FFT along it (numpy's irfftn: Hermitian symmetry is assumed along the last axis
// only). Complex data is interleaved (re, im).
import type { FloatArray } from "../linalg/types.js";
import { sharedCopy, sharesBuffersOfSize } from "../threads/sharedMemory.js";
import { fftMiddleAxis, fftRows, irfftRows, rfftRows } from "./parallel.js";

export type FftKind = "FFT" | "IFFT" | "RFFT" | "IRFFT";

const product = (xs: readonly number[]): number => xs.reduce((p, d) => p * d, 1);

/**
 * Complex FFTs in place along axes 0..k-2 of each of `batch` blocks of shape `dims` (complex
 * elements), where the last of `dims` is already done (or is the half spectrum of a real FFT).
 */
function leadingAxes(data: FloatArray, batch: number, dims: readonly number[], inverse: boolean): void {
  for (let d = dims.length - 2; d >= 0; d--) {
    fftMiddleAxis(data, data, batch * product(dims.slice(0, d)), dims[d]!, product(dims.slice(d + 1)), inverse);
  }
}

/**
 * The transform `kind` of `batch` blocks over trailing axes of sizes `lengths`, from `input` into
 * `output` (a distinct array, of the input's element type). `input` is not modified.
 */
export function fftTrailing(kind: FftKind, input: FloatArray, output: FloatArray, batch: number, lengths: readonly number[]): void {
  const k = lengths.length;
  const last = lengths[k - 1]!;
  const half = (last >> 1) + 1;
  const outer = lengths.slice(0, -1);
  if (kind === "FFT" || kind === "IFFT") {
    fftRows(input, output, batch * product(outer), last, kind === "IFFT");
    leadingAxes(output, batch, lengths, kind === "IFFT");
  } else if (kind === "RFFT") {
    rfftRows(input, output, batch * product(outer), last);
    leadingAxes(output, batch, [...outer, half], false);
  } else if (k === 1) {
    irfftRows(input, output, batch, last);
  } else {
    // Shared when large, so that the helper thread can work on it in place.
    const spectrum = sharesBuffersOfSize(input.length) ? sharedCopy(input) : input.slice();
    leadingAxes(spectrum, batch, [...outer, half], true);
    irfftRows(spectrum, output, batch * product(outer), last);
  }
}
