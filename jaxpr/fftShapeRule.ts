// The fft primitive's shape and dtype rule: JAX's fft_abstract_eval (jax/_src/lax/fft.py), with
// its errors. RFFT takes float32/float64 and gives the complex half spectrum (n/2 + 1 bins along
// the last axis); IRFFT takes the half spectrum and gives the real signal; FFT and IFFT keep the
// complex operand's shape.
import { complexDtypeOf, isComplex, realPartDtype } from "./dtypes.js";
import { FftType, type FftParams } from "./fftParams.js";
import { ShapedArray, ValueError, shapeEqual, shapeString } from "./shape.js";

export function fftShapeRule(x: ShapedArray, { fftType, fftLengths }: FftParams): ShapedArray {
  const k = fftLengths.length;
  const lengths = shapeString(fftLengths);
  const shape = shapeString(x.shape);
  if (k > x.ndim) throw new ValueError(`FFT input shape ${shape} must have at least as many input dimensions as fft_lengths ${lengths}.`);
  const lead = x.shape.slice(0, x.ndim - k);
  const minor = x.shape.slice(x.ndim - k);
  const half = (fftLengths[k - 1]! >> 1) + 1;
  if (fftType === FftType.RFFT) {
    if (x.dtype !== "float32" && x.dtype !== "float64") throw new ValueError(`RFFT input must be float32 or float64, got ${x.dtype}`);
    if (!shapeEqual(minor, fftLengths)) throw new ValueError(`RFFT input shape ${shape} minor dimensions must be equal to fft_lengths ${lengths}`);
    return new ShapedArray([...lead, ...fftLengths.slice(0, -1), half], complexDtypeOf(x.dtype));
  }
  if (!isComplex(x.dtype)) throw new ValueError(`${fftType === FftType.IRFFT ? "IRFFT" : "FFT"} input must be complex64 or complex128, got ${x.dtype}`);
  if (fftType === FftType.IRFFT) {
    if (!shapeEqual(minor.slice(0, -1), fftLengths.slice(0, -1))) throw new ValueError(`IRFFT input shape ${shape} minor dimensions must be equal to all except the last fft_length, got fft_lengths=${lengths}`);
    // XLA's check (in JAX the MLIR verifier's error): the last axis holds the half spectrum.
    if (minor[k - 1] !== half) throw new ValueError(`IRFFT requires innermost dimension to be compatible with fft_length[-1]/2+1. Got: ${minor[k - 1]} but fft_length is ${fftLengths.join(", ")}.`);
    return new ShapedArray([...lead, ...fftLengths], realPartDtype(x.dtype));
  }
  if (!shapeEqual(minor, fftLengths)) throw new ValueError(`FFT input shape ${shape} minor dimensions must be equal to fft_lengths ${lengths}`);
  return new ShapedArray(x.shape, x.dtype);
}
