// numpy's window functions (jax/_src/numpy/window_functions.py): bartlett blackman hamming
// hanning kaiser, in the default float dtype (float32), computed in the same order as JAX so the
// float32 values match.
import { Array } from "../core/array.js";
import * as lax from "../lax/index.js";
import { absolute, add, cos, divide, multiply, sqrt, subtract } from "./elementwise.js";
import { i0 } from "./bessel.js";

/** The window length: a static non-negative JS integer (JAX: `core.concrete_or_error(int, M)`). */
function windowLength(M: number, name: string): number {
  if (typeof M !== "number" || !Number.isInteger(M)) throw new TypeError(`M argument of jnp.${name} must be a static integer, got ${String(M)}.`);
  return Math.max(M, 0);
}

/** `n` = 0..M-1 as float32, or null when M <= 1 (JAX returns ones then). */
function samples(M: number, name: string): { n: Array; m: number } | Array {
  const m = windowLength(M, name);
  if (m <= 1) return lax.full([m], 1, "float32");
  return { n: lax.iota("float32", m), m };
}

/** cos(k * pi * n / (M - 1)) in JAX's order of operations. */
const cosine = (k: number, n: Array, m: number): Array => cos(divide(multiply(k * Math.PI, n), m - 1));

/** The Bartlett (triangular) window of length M. @example `np.bartlett(4)` // [0, 0.667, 0.667, 0] */
export function bartlett(M: number): Array {
  const s = samples(M, "bartlett");
  if (s instanceof Array) return s;
  return subtract(1, divide(absolute(subtract(add(multiply(2, s.n), 1), s.m)), s.m - 1));
}

/** The Blackman window of length M. @example `np.blackman(4)` // [-0, 0.63, 0.63, -0] */
export function blackman(M: number): Array {
  const s = samples(M, "blackman");
  if (s instanceof Array) return s;
  return add(subtract(0.42, multiply(0.5, cosine(2, s.n, s.m))), multiply(0.08, cosine(4, s.n, s.m)));
}

/** The Hamming window of length M. @example `np.hamming(4)` // [0.08, 0.77, 0.77, 0.08] */
export function hamming(M: number): Array {
  const s = samples(M, "hamming");
  if (s instanceof Array) return s;
  return subtract(0.54, multiply(0.46, cosine(2, s.n, s.m)));
}

/** The Hann window of length M. @example `np.hanning(4)` // [0, 0.75, 0.75, 0] */
export function hanning(M: number): Array {
  const s = samples(M, "hanning");
  if (s instanceof Array) return s;
  return multiply(0.5, subtract(1, cosine(2, s.n, s.m)));
}

/**
 * The Kaiser window of length M and shape beta: I0(beta sqrt(1 - ((n - a) / a)^2)) / I0(beta), a = (M - 1) / 2.
 *
 * @example
 * ```ts
 * np.kaiser(4, 3); // Array([0.20488475, 0.87124175, 0.87124175, 0.20488475], dtype=float32)
 * ```
 */
export function kaiser(M: number, beta: number): Array {
  const s = samples(M, "kaiser");
  if (s instanceof Array) return s;
  const alpha = 0.5 * (s.m - 1);
  const ratio = divide(subtract(s.n, alpha), alpha);
  return divide(i0(multiply(beta, sqrt(subtract(1, multiply(ratio, ratio))))), i0(beta));
}
