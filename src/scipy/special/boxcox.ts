// scipy.special.boxcox, boxcox1p and comb as jax/_src/scipy/special.py defines them: the Box-Cox
// transforms through expm1(λ log x) / λ (log x at λ = 0, with a safe λ in the unused branch so
// gradients stay finite), and comb by lgamma (exp of gammaln differences; 0 outside
// 0 <= k <= N), with `repetition` as comb(N + k - 1, k).
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import { inexact } from "./util.js";
import { gammaln } from "./gammaFunctions.js";

/** (exp(λ·logValue) - 1) / λ, or logValue where λ = 0. */
function boxcoxOfLog(logValue: Array, lmbda: Array): Array {
  const isZero = np.equal(lmbda, 0);
  const safe = np.where(isZero, np.onesLike(lmbda), lmbda);
  return np.where(isZero, logValue, np.divide(np.expm1(np.multiply(safe, logValue)), safe));
}

/**
 * `scipy.special.boxcox(x, lmbda)` (jax.scipy.special.boxcox): the Box-Cox transform
 * `(x^λ - 1) / λ`, `log(x)` at λ = 0; NaN for x < 0.
 *
 * @example
 * ```ts
 * scipy.special.boxcox(np.array([1, 2, 4]), np.array([0, 0.5, 2])); // Array([0.       , 0.8284271, 7.5      ], dtype=float32)
 * ```
 */
export function boxcox(x: ArrayLike, lmbda: ArrayLike): Array {
  const [xs, ls] = inexact("boxcox", x, lmbda) as [Array, Array];
  return boxcoxOfLog(np.log(xs), ls);
}

/**
 * `scipy.special.boxcox1p(x, lmbda)` (jax.scipy.special.boxcox1p): the Box-Cox transform of
 * `1 + x`, accurate for small x (log1p); NaN for x < -1.
 *
 * @example
 * ```ts
 * scipy.special.boxcox1p(np.array([0, 1, 3]), np.array([0, 0.5, 2])); // Array([0.       , 0.8284271, 7.5      ], dtype=float32)
 * ```
 */
export function boxcox1p(x: ArrayLike, lmbda: ArrayLike): Array {
  const [xs, ls] = inexact("boxcox1p", x, lmbda) as [Array, Array];
  return boxcoxOfLog(np.log1p(xs), ls);
}

/** Options of `scipy.special.comb`. */
export interface CombOptions {
  /** Count combinations with repetition: comb(N + k - 1, k) (default false). */
  repetition?: boolean;
}

/**
 * `scipy.special.comb(N, k, opts?)` (jax.scipy.special.comb): the number of combinations of N
 * things taken k at a time, as a float from lgamma (0 unless 0 <= k <= N).
 *
 * @example
 * ```ts
 * np.round(scipy.special.comb(np.array([5, 10, 3]), np.array([2, 3, 4]))); // Array([ 10., 120.,   0.], dtype=float32)
 * ```
 */
export function comb(N: ArrayLike, k: ArrayLike, opts: CombOptions = {}): Array {
  const [n, r] = inexact("comb", N, k) as [Array, Array];
  if (opts.repetition ?? false) {
    return np.where(np.logicalAnd(np.equal(r, 0), np.greaterEqual(n, 0)), 1, comb(np.subtract(np.add(n, r), 1), r));
  }
  const valid = np.logicalAnd(np.logicalAnd(np.lessEqual(r, n), np.greaterEqual(n, 0)), np.greaterEqual(r, 0));
  const safeN = np.where(valid, n, 0);
  const safeK = np.where(valid, r, 0);
  const result = np.exp(np.subtract(np.subtract(gammaln(np.add(safeN, 1)), gammaln(np.add(safeK, 1))), gammaln(np.subtract(np.add(safeN, 1), safeK))));
  return np.where(valid, result, 0);
}
