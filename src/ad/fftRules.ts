// The fft primitive's JVP and transpose (jax/_src/lax/fft.py: ad.deflinear2 with
// _fft_transpose_rule). The DFT matrix is symmetric, so FFT and IFFT transpose to themselves.
// RFFT and IRFFT map between real and complex arrays; their transposes (JAX's _rfft_transpose and
// _irfft_transpose) weight the half spectrum by the Hermitian mask (1 at DC and, for even n, at
// Nyquist; 2 elsewhere: the bins RFFT drops are the conjugates of the ones it keeps) and follow
// JAX's convention for complex cotangents (a conjugate; jax-ml/jax#6223).
import { FftType, realPartDtype, type DType } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import { bind1 } from "../core/trace.js";
import * as lax from "../lax/ops.js";
import { deflinear } from "./ruleMakers.js";

/** The Hermitian mask along the last axis of `like` (n/2 + 1 bins), in `dtype`. */
function hermitianMask(n: number, like: Array, dtype: DType): Array {
  const m = (n >> 1) + 1;
  const nyquist = n % 2 === 0 && m > 1 ? 1 : 0;
  const inner = lax.full([m - 1 - nyquist], 2, dtype);
  const mask = lax.pad(inner, lax.full([], 1, dtype), [[1, nyquist, 0]]);
  return lax.broadcastInDim(mask, like.shape, [like.ndim - 1]);
}

const product = (xs: readonly number[]): number => xs.reduce((p, d) => p * d, 1);

/** The fft primitive itself: the rules' operands already have the dtypes lax.fft converts to. */
const fft = (x: Array, fftType: FftType, fftLengths: readonly number[]): Array => bind1("fft", [x], { fftType, fftLengths: [...fftLengths] });

/** _rfft_transpose: N irfft(conj(t) / mask). */
function rfftTranspose(t: Array, fftLengths: readonly number[]): Array {
  const real = realPartDtype(t.dtype);
  const scaled = lax.div(lax.conj(t), hermitianMask(fftLengths[fftLengths.length - 1]!, t, t.dtype));
  return lax.mul(fft(scaled, FftType.IRFFT, fftLengths), lax.full([], product(fftLengths), real));
}

/** _irfft_transpose: conj(mask rfft(t) / N). */
function irfftTranspose(t: Array, fftLengths: readonly number[]): Array {
  const x = fft(t, FftType.RFFT, fftLengths);
  const weights = lax.mul(hermitianMask(fftLengths[fftLengths.length - 1]!, x, x.dtype), lax.full([], 1 / product(fftLengths), x.dtype));
  return lax.conj(lax.mul(x, weights));
}

/** fft's JVP and transpose; made when the FFT family loads (a module-level call would stay in every bundle). */
export const fftRules = (): ReturnType<typeof deflinear<"fft">> =>
  deflinear("fft", (t, _inputs, { fftType, fftLengths }) => {
    if (fftType === FftType.RFFT) return [rfftTranspose(t, fftLengths)];
    if (fftType === FftType.IRFFT) return [irfftTranspose(t, fftLengths)];
    return [fft(t, fftType, fftLengths)];
  });
