// Spence's function (the dilogarithm at 1 - x, Cephes spence.c as JAX's) and the Bernoulli
// numbers (Chowla and Hartung's zeta-series formula, as JAX's bernoulli).
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import type { DType } from "../../../jaxpr/index.js";
import { ValueError } from "../../core/errors.js";

// Cephes spence.c's rational approximation, highest power first.
const A = [4.65128586073990045278e-5, 7.31589045238094711071e-3, 1.3384763957830901865e-1, 8.79691311754530315341e-1, 2.7114985119655346992e0, 4.25697156008121755724e0, 3.29771340985225106936e0, 1.00000000000000000126e0];
const B = [6.90990488912553276999e-4, 2.54043763932544379113e-2, 2.82974860602568089943e-1, 1.41172597751831069617e0, 3.63800533345137075418e0, 5.0327888014331699039e0, 3.54771340985225096217e0, 9.9999999999999999874e-1];

function horner(coefs: readonly number[], x: Array): Array {
  let acc: Array = np.fullLike(x, coefs[0]!);
  for (let i = 1; i < coefs.length; i++) acc = np.add(np.multiply(acc, x), coefs[i]!);
  return acc;
}

/**
 * `scipy.special.spence` (jax.scipy.special.spence): Spence's function (the dilogarithm) spence(x) = integral_1^x log(t) / (1 - t) dt for x >= 0 (nan below 0).
 *
 * @example
 * ```ts
 * scipy.special.spence(np.array([0, 1, 2])); // Array([ 1.644934  ,  0.        , -0.82246685], dtype=float32)
 * ```
 */
export function spence(x: ArrayLike): Array {
  const a = np.asarray(x);
  if (a.dtype !== "float32" && a.dtype !== "float64") throw new TypeError(`x.dtype=${a.dtype} is not supported, see docstring for supported types.`);
  // Elements outside (0, inf) take a harmless operand: their value is chosen below.
  const safe = np.where(np.greater(a, 0), a, 1);
  const above2 = np.greater(safe, 2);
  const r = np.where(above2, np.divide(1, safe), safe);
  const above15 = np.greater(r, 1.5);
  const below05 = np.less(r, 0.5);
  const invert = np.logicalOr(above2, above15);
  const w = np.where(above15, np.subtract(np.divide(1, r), 1), np.where(below05, np.negative(r), np.subtract(r, 1)));
  let y = np.divide(np.multiply(np.negative(w), horner(A, w)), horner(B, w));
  const low = np.where(below05, r, 0.25);
  y = np.where(below05, np.subtract(np.subtract(Math.PI ** 2 / 6, np.multiply(np.log(low), np.log1p(np.negative(low)))), y), y);
  y = np.where(invert, np.subtract(np.multiply(np.square(np.log(r)), -0.5), y), y);
  return np.where(np.less(a, 0), NaN, np.where(np.equal(a, 1), 0, np.where(np.equal(a, 0), Math.PI ** 2 / 6, y)));
}

/**
 * `scipy.special.bernoulli(n, opts?)` (jax.scipy.special.bernoulli): the Bernoulli numbers B_0 .. B_n (B_1 = -1/2), as a float array (float32 unless `dtype` says
 * otherwise): B_2k = (-1)^(k+1) 2 (2k)! / (2 pi)^2k zeta(2k). JAX sums zeta's series to k = 49,
 * which leaves B_4 2.5e-6 relative off; the Euler-Maclaurin tail from k = 50 is added here.
 *
 * @example
 * ```ts
 * scipy.special.bernoulli(4); // Array([ 1.        , -0.5       ,  0.16666667,  0.        , -0.03333334],      dtype=float32)
 * ```
 */
export function bernoulli(n: number, opts: { dtype?: DType } = {}): Array {
  if (!Number.isInteger(n)) throw new TypeError(`Argument n of bernoulli must be a concrete integer, got ${String(n)}.`);
  if (n < 0) throw new ValueError("n must be a non-negative integer.");
  const values = [1, -1 / 2, 1 / 6].slice(0, n + 1);
  let q1 = 1 / Math.PI ** 2;
  for (let m = 3; m <= n; m++) {
    if (m % 2 === 1) {
      values.push(0);
      continue;
    }
    q1 *= (-(m - 1) * m) / 4 / Math.PI ** 2;
    let q2 = 0;
    for (let k = 2; k < 50; k++) q2 += k ** -m;
    q2 += 50 ** (1 - m) / (m - 1) + 50 ** -m / 2 + (m * 50 ** (-m - 1)) / 12 - (m * (m + 1) * (m + 2) * 50 ** (-m - 3)) / 720;
    values.push(q1 * (1 + q2));
  }
  return np.array(values, { dtype: opts.dtype ?? "float32" });
}
