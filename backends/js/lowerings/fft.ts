// The fft primitive's lowering: the kernels of backends/js/fft over the leading batch. Complex
// values arrive in their interleaved storage (jaxpr/passes/lowerComplex.ts): a float array with
// a trailing axis of 2 (re, im), which is the layout the kernels take.
import { FftType, TYPED_ARRAY } from "../../../jaxpr/index.js";
import { fftTrailing, type FftKind } from "../fft/index.js";
import type { FloatArray } from "../linalg/types.js";
import { nativeKernel, type Lowering } from "../kernel.js";
import { allocBuffer } from "../threads/sharedMemory.js";

const KINDS: Record<FftType, FftKind> = { [FftType.FFT]: "FFT", [FftType.IFFT]: "IFFT", [FftType.RFFT]: "RFFT", [FftType.IRFFT]: "IRFFT" };

export const FFT_LOWERINGS: { fft: Lowering<"fft"> } = {
  fft: ({ inAvals, outAvals, params: { fftType, fftLengths } }) => {
    const kind = KINDS[fftType];
    const x = inAvals[0]!, out = outAvals[0]!;
    // The transformed axes, and the (re, im) axis of a complex operand.
    const coreRank = fftLengths.length + (kind === "RFFT" ? 0 : 1);
    const batch = x.shape.slice(0, x.ndim - coreRank).reduce((p, d) => p * d, 1);
    // Transforms along the last axis: a batch of several may be split with the helper thread
    // (fft/parallel.ts), which needs its output shared; a single one is never split, so it keeps
    // an ordinary buffer (fresh shared pages cost more: fusion/groupKernel.ts's chunkCount).
    const rows = batch * fftLengths.slice(0, -1).reduce((p, d) => p * d, 1);
    const run = (a: FloatArray): FloatArray[] => {
      const y = rows > 1 ? (allocBuffer(out.dtype, out.size) as FloatArray) : new (TYPED_ARRAY[out.dtype] as Float32ArrayConstructor | Float64ArrayConstructor)(out.size);
      fftTrailing(kind, a, y, batch, fftLengths);
      return [y];
    };
    const what = `${kind} over the trailing ${fftLengths.length} axes: Stockham mixed radix, Bluestein for large prime factors (backends/js/fft)`;
    return { ...nativeKernel("fft", (a) => run(a as FloatArray), what), freshOutputs: true };
  },
};
