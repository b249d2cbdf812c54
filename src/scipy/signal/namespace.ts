// scipy.signal as users import it: the N-dimensional convolutions (./index.js) plus the functions
// built on them (convolve2d, correlate2d) and detrend, kept in their own modules so that they can
// import ./index.js without a cycle.
export * from "./index.js";
export { convolve2d, correlate2d } from "./convolve2d.js";
export { detrend } from "./detrend.js";
export type { DetrendOptions } from "./detrend.js";
