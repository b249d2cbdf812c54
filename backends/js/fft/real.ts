// Real-input FFTs along the last axis. rfft of an even length n = 2h runs one h-point complex FFT
// on the row read as h complex numbers z_j = x_2j + i x_2j+1, then splits Z into the transforms
// of the even and odd samples, E_k = (Z_k + conj Z_(h-k)) / 2 and O_k = (Z_k - conj Z_(h-k)) / 2i,
// and combines X_k = E_k + exp(-2 pi i k / n) O_k for k = 0..h (Press et al., "Numerical
// Recipes", 3rd ed., section 12.3.2). irfft undoes each step: E_k + i O_k from X, one inverse
// h-point FFT, and the real and imaginary parts are the even and odd samples. Odd lengths use the
// n-point complex FFT. As numpy's (and XLA's) c2r transforms, irfft takes the input as the first
// half of a Hermitian spectrum: the imaginary parts of X_0 and, for even n, of X_(n/2) are ignored.
// Arithmetic is float64 throughout.
import type { FloatArray } from "../linalg/types.js";
import { runPlan } from "./complex.js";
import { planFor } from "./plan.js";

const halfTwiddles = new Map<number, Float64Array>();

/** exp(-2 pi i k / n) for k <= n / 2 (n even), cached for the last few lengths. */
function splitTwiddles(n: number): Float64Array {
  let t = halfTwiddles.get(n);
  if (t !== undefined) return t;
  const h = n / 2;
  t = new Float64Array(2 * (h + 1));
  for (let k = 0; k <= h; k++) {
    const angle = (2 * Math.PI * k) / n;
    t[2 * k] = Math.cos(angle);
    t[2 * k + 1] = -Math.sin(angle);
  }
  if (halfTwiddles.size >= 8) halfTwiddles.delete(halfTwiddles.keys().next().value!);
  halfTwiddles.set(n, t);
  return t;
}

/** rfft of `rows` rows of n reals into rows of n/2 + 1 interleaved complex numbers. */
export function rfftRows(input: FloatArray, output: FloatArray, rows: number, n: number): void {
  if (n === 0) return;
  const m = (n >> 1) + 1;
  if (n % 2 === 1) {
    const plan = planFor(n, -1);
    for (let row = 0; row < rows; row++) {
      const a = plan.a;
      for (let j = 0; j < n; j++) {
        a[2 * j] = input[row * n + j]!;
        a[2 * j + 1] = 0;
      }
      const y = runPlan(plan);
      for (let i = 0; i < 2 * m; i++) output[2 * m * row + i] = y[i]!;
    }
    return;
  }
  const h = n / 2;
  const plan = planFor(h, -1);
  const w = splitTwiddles(n);
  for (let row = 0; row < rows; row++) {
    const a = plan.a;
    for (let i = 0; i < n; i++) a[i] = input[row * n + i]!;
    const z = runPlan(plan);
    const o = 2 * m * row;
    for (let k = 0; k <= h; k++) {
      const p = 2 * (k % h), q = 2 * ((h - k) % h);
      const zr = z[p]!, zi = z[p + 1]!, cr = z[q]!, ci = -z[q + 1]!;
      const er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);
      // (Z_k - conj Z_(h-k)) / 2i
      const or = 0.5 * (zi - ci), oi = -0.5 * (zr - cr);
      const wr = w[2 * k]!, wi = w[2 * k + 1]!;
      output[o + 2 * k] = er + wr * or - wi * oi;
      output[o + 2 * k + 1] = ei + wr * oi + wi * or;
    }
  }
}

/** irfft of `rows` rows of n/2 + 1 interleaved complex numbers into rows of n reals (scaled by 1/n). */
export function irfftRows(input: FloatArray, output: FloatArray, rows: number, n: number): void {
  if (n === 0) return;
  const m = (n >> 1) + 1;
  if (n % 2 === 1) {
    oddIrfftRows(input, output, rows, n);
    return;
  }
  const h = n / 2;
  const plan = planFor(h, 1);
  const w = splitTwiddles(n);
  for (let row = 0; row < rows; row++) {
    const a = plan.a;
    const o = 2 * m * row;
    for (let k = 0; k < h; k++) {
      const p = o + 2 * k, q = o + 2 * (h - k);
      // X_0's and X_h's imaginary parts do not exist in a real signal's spectrum: read as 0.
      const xr = input[p]!, xi = k === 0 ? 0 : input[p + 1]!, cr = input[q]!, ci = k === 0 ? 0 : -input[q + 1]!;
      const er = xr + cr, ei = xi + ci;
      // (X_k - conj X_(h-k)) exp(+2 pi i k / n); E + i O, each unhalved: 1/n below covers it.
      const dr = xr - cr, di = xi - ci, wr = w[2 * k]!, wi = -w[2 * k + 1]!;
      const or = dr * wr - di * wi, oi = dr * wi + di * wr;
      a[2 * k] = er - oi;
      a[2 * k + 1] = ei + or;
    }
    const z = runPlan(plan);
    const scale = 1 / n;
    for (let i = 0; i < n; i++) output[row * n + i] = z[i]! * scale;
  }
}

/** Odd n: the full Hermitian spectrum through the n-point inverse FFT; the real parts. */
function oddIrfftRows(input: FloatArray, output: FloatArray, rows: number, n: number): void {
  const m = (n + 1) / 2;
  const plan = planFor(n, 1);
  for (let row = 0; row < rows; row++) {
    const a = plan.a;
    const o = 2 * m * row;
    a[0] = input[o]!;
    a[1] = 0;
    for (let k = 1; k < m; k++) {
      a[2 * k] = a[2 * (n - k)] = input[o + 2 * k]!;
      a[2 * k + 1] = input[o + 2 * k + 1]!;
      a[2 * (n - k) + 1] = -input[o + 2 * k + 1]!;
    }
    const z = runPlan(plan);
    for (let i = 0; i < n; i++) output[row * n + i] = z[2 * i]! / n;
  }
}
