// Params of the fft primitive (JAX's lax.fft_p, jax/_src/lax/fft.py). fft_type is JAX's FftType
// IntEnum (FFT 0, IFFT 1, RFFT 2, IRFFT 3; printed as the number, as JAX prints it); fft_lengths
// are the sizes of the trailing axes transformed.

/**
 * `lax.FftType` (jax.lax.FftType): the kinds of lax.fft, FFT 0, IFFT 1, RFFT 2 and IRFFT 3; lax.fft
 * also takes their names.
 *
 * @example
 * ```ts
 * lax.FftType.RFFT; // 2
 * lax.fft(np.array([1, 0, -1, 0]), lax.FftType.RFFT, [4]); // Array([0.+0.j, 2.+0.j, 0.+0.j], dtype=complex64)
 * ```
 */
export const FftType = { FFT: 0, IFFT: 1, RFFT: 2, IRFFT: 3 } as const;
export type FftType = (typeof FftType)[keyof typeof FftType];

export interface FftParams {
  fftType: FftType;
  fftLengths: readonly number[];
}
