// Bluestein's algorithm (the chirp-z transform): an n-point DFT for any n as a circular convolution
// of length m >= 2n - 1, m a power of two, done by two FFTs (the kernel's is precomputed). With
// nk = (n^2 + k^2 - (k - n)^2) / 2, X_k = w_k sum_j (x_j w_j) conj(w_(k-j)) for w_k =
// exp(sign i pi k^2 / n) (L. Bluestein, "A linear filtering approach to the computation of the
// discrete Fourier transform", 1970; Rabiner, Schafer & Rader, "The chirp z-transform algorithm", 1969).
import { runMixed, type BluesteinPlan } from "./plan.js";

/** Transforms plan.a (2n numbers) in place. */
export function runBluestein(plan: BluesteinPlan): Float64Array {
  const { n, chirp, kernel, forward, inverse, a: x } = plan;
  const m = forward.n;
  const a = forward.a;
  for (let k = 0; k < n; k++) {
    const xr = x[2 * k]!, xi = x[2 * k + 1]!, cr = chirp[2 * k]!, ci = chirp[2 * k + 1]!;
    a[2 * k] = xr * cr - xi * ci;
    a[2 * k + 1] = xr * ci + xi * cr;
  }
  a.fill(0, 2 * n);
  const spectrum = runMixed(forward);
  const b = inverse.a;
  for (let k = 0; k < m; k++) {
    const sr = spectrum[2 * k]!, si = spectrum[2 * k + 1]!, kr = kernel[2 * k]!, ki = kernel[2 * k + 1]!;
    b[2 * k] = sr * kr - si * ki;
    b[2 * k + 1] = sr * ki + si * kr;
  }
  const c = runMixed(inverse);
  for (let k = 0; k < n; k++) {
    const yr = c[2 * k]!, yi = c[2 * k + 1]!, cr = chirp[2 * k]!, ci = chirp[2 * k + 1]!;
    x[2 * k] = yr * cr - yi * ci;
    x[2 * k + 1] = yr * ci + yi * cr;
  }
  return x;
}
