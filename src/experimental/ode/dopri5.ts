// The Dormand-Prince 5(4) pieces of jax/experimental/ode.py, on a flat state vector: one
// Runge-Kutta step with its embedded error estimate, the dense-output polynomial fit, the
// initial step (Hairer, Norsett & Wanner, "Solving ODEs I", sec. II.4) and the step-size rule.
// Tableau: Dormand & Prince, "A family of embedded Runge-Kutta formulae" (1980), as JAX's.
import { wideDtype } from "../../../jaxpr/index.js";
import { Array } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";

/** A right-hand side on flat vectors: `f(y, t)`. */
export type FlatRhs = (y: Array, t: Array) => Array;

// Stage times (c) and the lower-triangular coefficients (a), row i for stage i + 1.
export const ALPHA = [1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
export const BETA: readonly (readonly number[])[] = [
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
// 5th-order weights (the FSAL row) and their difference with the 4th-order ones.
export const C_SOL = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];
export const C_ERROR = [
  35 / 384 - 1951 / 21600, 0, 500 / 1113 - 22642 / 50085, 125 / 192 - 451 / 720,
  -2187 / 6784 - -12231 / 42400, 11 / 84 - 649 / 6300, -1 / 60,
];
// Shampine's midpoint weights ("Some practical Runge-Kutta formulas", 1986), halved as JAX's.
export const C_MID = [
  6025192743 / 30085553152 / 2, 0, 51252292925 / 65400821598 / 2, -2691868925 / 45128329728 / 2,
  187940372067 / 1594534317056 / 2, -1776094331 / 19743644256 / 2, 11237099 / 235043384 / 2,
];

/** sum_j w[j] * k[j], skipping zero weights (the terms JAX's dot adds as exact zeros). */
function combine(weights: readonly number[], k: readonly Array[]): Array {
  let acc: Array | null = null;
  weights.forEach((w, j) => {
    if (w === 0 || j >= k.length) return;
    const term = np.multiply(k[j]!, w);
    acc = acc === null ? term : np.add(acc, term);
  });
  return acc ?? np.zerosLike(k[0]!);
}

/** One Dormand-Prince step: [y1, f1, error estimate, the seven stage slopes]. */
export function rungeKuttaStep(func: FlatRhs, y0: Array, f0: Array, t0: Array, dt: Array): [Array, Array, Array, Array[]] {
  const dtY = lax.convertElementType(dt, f0.dtype);
  const k: Array[] = [f0];
  for (let i = 0; i < 6; i++) {
    const ti = np.add(t0, np.multiply(dt, ALPHA[i]!));
    const yi = np.add(y0, np.multiply(dtY, combine(BETA[i]!, k)));
    k.push(func(yi, ti));
  }
  const y1 = np.add(np.multiply(dtY, combine(C_SOL, k)), y0);
  const error = np.multiply(dtY, combine(C_ERROR, k));
  return [y1, k[6]!, error, k];
}

/** Coefficients [a, b, c, d, e] (stacked, highest power first) of the 4th-order dense output. */
export function interpFitDopri(y0: Array, y1: Array, k: readonly Array[], dt: Array): Array {
  const dtY = lax.convertElementType(dt, y0.dtype);
  const yMid = np.add(y0, np.multiply(dtY, combine(C_MID, k)));
  return np.stack(fit4thOrderPolynomial(y0, y1, yMid, k[0]!, k[6]!, dtY));
}

/** The quartic through y0, y_mid, y1 with slopes dy0, dy1 at the ends, on s in [0, 1]. */
export function fit4thOrderPolynomial(y0: Array, y1: Array, yMid: Array, dy0: Array, dy1: Array, dt: Array): Array[] {
  const h0 = np.multiply(dt, dy0);
  const h1 = np.multiply(dt, dy1);
  const sum = (...terms: [number, Array][]): Array => terms.map(([c, v]) => np.multiply(v, c)).reduce((a, b) => np.add(a, b));
  const a = sum([-2, h0], [2, h1], [-8, y0], [-8, y1], [16, yMid]);
  const b = sum([5, h0], [-3, h1], [18, y0], [14, y1], [-32, yMid]);
  const c = sum([-4, h0], [1, h1], [-11, y0], [-5, y1], [16, yMid]);
  return [a, b, c, h0, y0];
}

/**
 * Squares summed in float32 for float16/bfloat16: a scaled state of a few hundred already squares
 * past float16's 65504. JAX's jnp.linalg.norm accumulates half floats in float32 and XLA's CPU
 * backend fuses the squaring into that float32 sum, so JAX's odeint gets finite norms there.
 */
function sumOfSquares(x: Array): Array {
  const wide = lax.convertElementType(x, wideDtype(x.dtype));
  return np.sum(np.multiply(wide, wide));
}

const norm = (x: Array): Array => lax.convertElementType(np.sqrt(sumOfSquares(x)), x.dtype);

/** Hairer, Norsett & Wanner's starting step for a method of the given order. */
export function initialStepSize(func: FlatRhs, t0: Array, y0: Array, order: number, rtol: number, atol: number, f0: Array): Array {
  const scale = np.add(np.multiply(np.abs(y0), rtol), atol);
  const d0 = norm(np.divide(y0, scale));
  const d1 = norm(np.divide(f0, scale));
  const h0 = np.where(np.logicalOr(np.less(d0, 1e-5), np.less(d1, 1e-5)), 1e-6, np.multiply(np.divide(d0, d1), 0.01));
  const y1 = np.add(y0, np.multiply(lax.convertElementType(h0, y0.dtype), f0));
  const f1 = func(y1, np.add(t0, h0));
  const d2 = np.divide(norm(np.divide(np.subtract(f1, f0), scale)), h0);
  const h1 = np.where(
    np.logicalAnd(np.lessEqual(d1, 1e-15), np.lessEqual(d2, 1e-15)),
    np.maximum(1e-6, np.multiply(h0, 1e-3)),
    np.power(np.divide(0.01, np.maximum(d1, d2)), 1 / (order + 1)),
  );
  return np.minimum(np.multiply(h0, 100), h1);
}

/** RMS over the state of error / (atol + rtol * max(|y0|, |y1|)). */
export function meanErrorRatio(error: Array, rtol: number, atol: number, y0: Array, y1: Array): Array {
  const tol = np.add(np.multiply(np.maximum(np.abs(y0), np.abs(y1)), rtol), atol);
  const ratio = np.divide(error, tol);
  return lax.convertElementType(np.sqrt(np.divide(sumOfSquares(ratio), ratio.size)), ratio.dtype);
}

/** The next step from the error ratio: safety 0.9, growth at most 10x, shrink at least 0.2x. */
export function optimalStepSize(lastStep: Array, errorRatio: Array, safety = 0.9, ifactor = 10, dfactor = 0.2, order = 5): Array {
  const shrinkFloor = np.where(np.less(errorRatio, 1), 1, dfactor);
  const factor = np.minimum(ifactor, np.maximum(np.multiply(np.power(errorRatio, -1 / order), safety), shrinkFloor));
  return np.where(np.equal(errorRatio, 0), np.multiply(lastStep, ifactor), np.multiply(lastStep, factor));
}
