// The FFT kernels (issue 23): complex, real-input and inverse real FFTs on interleaved complex
// data (re, im) in Float32Array or Float64Array, batched over leading rows along the last axis,
// and along a middle axis for multi-dimensional transforms. Computed in float64 for both
// precisions. Mixed radix for lengths whose prime factors are at most 31, Bluestein otherwise;
// plans cached per (length, direction) (kernels.ts). Large batches are split with the helper
// thread (parallel.ts).
export { fftMiddleAxis, fftRows, fftTasksOnHelper, irfftRows, rfftRows } from "./parallel.js";
export { factorize, maxGenericRadix } from "./kernels.js";
export { fftTrailing, type FftKind } from "./trailing.js";
