// The Hurwitz zeta function and polygamma. zeta's value and derivatives come from the
// Euler-Maclaurin expansion JAX differentiates (Johansson, "Rigorous high-precision computation
// of the Hurwitz zeta function and its derivatives", 2015, formula 5) with N = M = 16 in float64
// and 8 in float32; polygamma(n, x) = (-1)^(n+1) n! zeta(n + 1, x), digamma for n = 0.
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { NotImplementedError, ValueError } from "../../core/errors.js";
import { inexact } from "./util.js";
import { gammaln } from "./gammaFunctions.js";

// (2k)! / B_2k for k = 1..16 (JAX's _BERNOULLI_COEFS).
const BERNOULLI_COEFS = [
  12, -720, 30240, -1209600, 47900160, -1307674368000 / 691, 74724249600, -10670622842880000 / 3617,
  5109094217170944000 / 43867, -802857662698291200000 / 174611, 14101100039391805440000 / 77683,
  -1693824136731743669452800000 / 236364091, 186134520519971831808000000 / 657931,
  -37893265687455865519472640000000 / 3392780147, 759790291646040068357842010112000000 / 1723168255201,
  -134196726836183700385281186201600000000 / 7709321041217,
];

function zetaSeries(s: Array, a: Array): Array {
  const n = s.dtype === "float32" ? 8 : 16;
  let sum: Array = np.zerosLike(a);
  for (let k = 0; k < n; k++) sum = np.add(sum, np.power(np.add(a, k), np.negative(s)));
  const aN = np.add(a, n);
  const integral = np.divide(np.power(aN, np.subtract(1, s)), np.subtract(s, 1));
  const t0 = np.power(aN, np.negative(s));
  // Tail terms T1_k = prod_{j <= 2k} (s + j) / (a + N)^(2k + 1), divided by (2k + 2)! / B_(2k+2).
  const max = s.dtype === "float32" ? 3.4028234663852886e38 : Number.MAX_VALUE;
  let prod: Array = np.onesLike(a);
  let tail: Array = np.zerosLike(a);
  for (let m = 0; m < 2 * n; m++) {
    prod = np.multiply(prod, np.divide(np.add(s, m), aN));
    if (m % 2 === 0) tail = np.add(tail, np.divide(np.minimum(prod, max), BERNOULLI_COEFS[m / 2]!));
  }
  return np.add(np.add(sum, integral), np.multiply(t0, np.add(tail, 0.5)));
}

/**
 * `scipy.special.zeta` (jax.scipy.special.zeta): the Hurwitz zeta function sum_k (k + q)^-x; `q` is required, as JAX's.
 *
 * @example
 * ```ts
 * scipy.special.zeta(np.array([2, 4]), 1); // Array([1.6449342, 1.0823233], dtype=float32)
 * ```
 */
export function zeta(x: ArrayLike, q?: ArrayLike | null): Array {
  if (q === undefined || q === null) throw new NotImplementedError("Riemann zeta function not implemented; pass q != None to compute the Hurwitz Zeta function.");
  const [s, a] = inexact("zeta", x, q);
  const value = zetaSeries(s!, a!);
  // XLA's domain: s < 1 gives nan, s = 1 a pole; q a non-positive integer is a pole.
  const qPole = np.logicalAnd(np.lessEqual(a!, 0), np.equal(a!, np.floor(a!)));
  return np.where(np.equal(s!, 1), Infinity, np.where(np.less(s!, 1), NaN, np.where(qPole, Infinity, value)));
}

/**
 * `scipy.special.polygamma` (jax.scipy.special.polygamma): the n-th derivative of digamma (n a non-negative integer array or number).
 *
 * @example
 * ```ts
 * scipy.special.polygamma(np.array([0, 1], { dtype: "int32" }), np.array([1, 1])); // Array([-0.5772159,  1.644935 ], dtype=float32)
 * ```
 */
export function polygamma(n: ArrayLike, x: ArrayLike): Array {
  const nArr = np.asarray(n);
  if (nArr.dtype !== "int32" && nArr.dtype !== "uint32") throw new ValueError(`Argument \`n\` to polygamma must be of integer type. Got dtype ${nArr.dtype}.`);
  const [nf, xv] = inexact("polygamma", nArr, x);
  const n1 = np.add(nf!, 1);
  const sign = np.where(np.equal(np.remainder(nf!, 2), 0), -1, 1);
  const higher = np.multiply(np.multiply(sign, np.exp(gammaln(n1))), zeta(np.where(np.equal(nf!, 0), 2, n1), xv!));
  return np.where(np.equal(nf!, 0), lax.digamma(xv!), higher);
}
