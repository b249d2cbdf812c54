// The FFT kernels (issue 23): complex, real-input and inverse real FFTs on interleaved complex
// data (re, im) in Float32Array or Float64Array, batched over leading rows along the last axis,
// and along a middle axis for multi-dimensional transforms. Computed in float64 for both
// precisions. Mixed radix (passes.ts) for lengths whose prime factors are at most 31, Bluestein
// (bluestein.ts) otherwise; plans cached per (length, direction) (plan.ts).
export { fftRows } from "./complex.js";
export { irfftRows, rfftRows } from "./real.js";
export { fftMiddleAxis } from "./strided.js";
export { factorize, MAX_GENERIC_RADIX } from "./plan.js";
export { fftTrailing, type FftKind } from "./trailing.js";
