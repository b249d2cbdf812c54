// Params of the fft primitive (JAX's lax.fft_p, jax/_src/lax/fft.py). fft_type is JAX's FftType
// IntEnum (FFT 0, IFFT 1, RFFT 2, IRFFT 3; printed as the number, as JAX prints it); fft_lengths
// are the sizes of the trailing axes transformed.

/** JAX's lax.FftType. */
export const FftType = { FFT: 0, IFFT: 1, RFFT: 2, IRFFT: 3 } as const;
export type FftType = (typeof FftType)[keyof typeof FftType];

export interface FftParams {
  fftType: FftType;
  fftLengths: readonly number[];
}
