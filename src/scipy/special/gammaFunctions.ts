// The gamma family of jax.scipy.special: gammaln (XLA's lgamma: Lanczos, g = 7, 9 terms, with the
// reflection formula below 1/2), gammasgn, gamma, loggamma, betaln (scipy's cdflib betaln/algdiv,
// as jax/_src/third_party/scipy/betaln.py), beta, factorial, multigammaln, poch and digamma.
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { customJvp } from "../../ad/custom.js";
import { NotImplementedError } from "../../core/errors.js";
import { inexact, lazy } from "./util.js";
import { lgamma } from "../../lax/lgamma.js";
import { ALGDIV } from "../../../backends/js/specialFunctions.js";

// The Lanczos and cdflib coefficients live beside the JS backend's scalar versions.
export { LANCZOS, LANCZOS_BASE, LANCZOS_G_PLUS_HALF } from "../../../backends/js/specialFunctions.js";

const lgammaCustom = lazy(() => {
  const f = customJvp((x: Array) => lgamma(x));
  // lax.lgamma's derivative: digamma.
  return f.defjvp(([x], [t]) => [f(x), np.multiply(t, lax.digamma(x))]);
});

/**
 * `scipy.special.gammaln` (jax.scipy.special.gammaln): log|Gamma(x)| (lax.lgamma).
 *
 * @example
 * ```ts
 * scipy.special.gammaln(np.array([0.5, 10, -0.5])); // Array([ 0.5723653, 12.80183  ,  1.2655118], dtype=float32)
 * ```
 */
export function gammaln(x: ArrayLike): Array {
  const [a] = inexact("gammaln", x);
  return lgammaCustom()(a!);
}

/**
 * `scipy.special.gammasgn` (jax.scipy.special.gammasgn): the sign of Gamma(x): nan at the poles and at nan, -1 on (2k - 1, 2k) below 0 and at -0.
 *
 * @example
 * ```ts
 * scipy.special.gammasgn(np.array([0.5, -0.5, -1.5])); // Array([ 1., -1.,  1.], dtype=float32)
 * ```
 */
export function gammasgn(x: ArrayLike): Array {
  const [a] = inexact("gammasgn", x);
  const floorX = np.floor(a!);
  const negative = np.less(a!, 0);
  const nanCase = np.logicalOr(np.logicalAnd(negative, np.equal(a!, floorX)), np.isnan(a!));
  const minusCase = np.logicalOr(np.logicalAnd(negative, np.notEqual(np.remainder(floorX, 2), 0)), np.logicalAnd(np.equal(a!, 0), np.less(np.divide(1, a!), 0)));
  return np.where(nanCase, NaN, np.where(minusCase, np.fullLike(a!, -1), np.fullLike(a!, 1)));
}

/**
 * `scipy.special.gamma` (jax.scipy.special.gamma): Gamma(x) = gammasgn(x) exp(gammaln(x)).
 *
 * @example
 * ```ts
 * scipy.special.gamma(np.array([0.5, 5, -0.5])); // Array([ 1.7724545, 24.000023 , -3.5449064], dtype=float32)
 * ```
 */
export function gamma(x: ArrayLike): Array {
  const [a] = inexact("gamma", x);
  return np.multiply(gammasgn(a!), np.exp(gammaln(a!)));
}

/**
 * `scipy.special.loggamma` (jax.scipy.special.loggamma): the principal branch of log Gamma on reals: gammaln for x > 0, nan elsewhere.
 *
 * @example
 * ```ts
 * scipy.special.loggamma(np.array([0.5, 10, -0.5])); // Array([ 0.5723653, 12.80183  ,        nan], dtype=float32)
 * ```
 */
export function loggamma(x: ArrayLike): Array {
  const [a] = inexact("loggamma", x);
  return np.where(np.greater(a!, 0), gammaln(a!), NaN);
}

/** scipy's cdflib algdiv: log(Gamma(b) / Gamma(a + b)) for b >= 8 (with a <= b). */
function algdiv(a: Array, b: Array): Array {
  const [c0, c1, c2, c3, c4, c5] = ALGDIV as [number, number, number, number, number, number];
  const h = np.divide(a, b);
  // cdflib's algdiv for a <= b: c = h / (1 + h), x = 1 / (1 + h). (JAX 0.10.2's port takes
  // x = h / (1 + h), which puts betaln(10, 0.3) off by 4e-7 relative; scipy's value is kept.)
  const c = np.divide(h, np.add(h, 1));
  const x = np.divide(1, np.add(h, 1));
  const d = np.add(b, np.subtract(a, 0.5));
  const x2 = np.multiply(x, x);
  const s3 = np.add(1, np.add(x, x2));
  const s5 = np.add(1, np.add(x, np.multiply(x2, s3)));
  const s7 = np.add(1, np.add(x, np.multiply(x2, s5)));
  const s9 = np.add(1, np.add(x, np.multiply(x2, s7)));
  const s11 = np.add(1, np.add(x, np.multiply(x2, s9)));
  const t = np.square(np.divide(1, b));
  let w = np.add(np.multiply(np.multiply(s11, c5), t), np.multiply(s9, c4));
  w = np.add(np.multiply(w, t), np.multiply(s7, c3));
  w = np.add(np.multiply(w, t), np.multiply(s5, c2));
  w = np.add(np.multiply(w, t), np.multiply(s3, c1));
  w = np.add(np.multiply(w, t), c0);
  w = np.multiply(w, np.divide(c, b));
  const u = np.multiply(d, np.log1p(np.divide(a, b)));
  const v = np.multiply(a, np.subtract(np.log(b), 1));
  return np.where(np.lessEqual(u, v), np.subtract(np.subtract(w, v), u), np.subtract(np.subtract(w, u), v));
}

/**
 * `scipy.special.betaln` (jax.scipy.special.betaln): log|B(a, b)|, accurate for large arguments (cdflib's algdiv once max(a, b) >= 8).
 *
 * @example
 * ```ts
 * scipy.special.betaln(np.array([1, 2]), np.array([2, 3])); // Array([-0.6931467, -2.4849067], dtype=float32)
 * ```
 */
export function betaln(a: ArrayLike, b: ArrayLike): Array {
  const [x, y] = inexact("betaln", a, b);
  const lo = np.minimum(x!, y!);
  const hi = np.maximum(x!, y!);
  const small = np.add(gammaln(lo), np.subtract(gammaln(hi), gammaln(np.add(lo, hi))));
  const large = np.add(gammaln(lo), algdiv(lo, hi));
  return np.where(np.less(hi, 8), small, large);
}

/**
 * `scipy.special.beta` (jax.scipy.special.beta): the beta function B(a, b) with its sign.
 *
 * @example
 * ```ts
 * scipy.special.beta(np.array([1, 2]), np.array([2, 3])); // Array([0.50000024, 0.08333333], dtype=float32)
 * ```
 */
export function beta(a: ArrayLike, b: ArrayLike): Array {
  const [x, y] = inexact("beta", a, b);
  const sign = np.multiply(np.multiply(gammasgn(x!), gammasgn(y!)), gammasgn(np.add(x!, y!)));
  return np.multiply(sign, np.exp(betaln(x!, y!)));
}

/**
 * `scipy.special.factorial` (jax.scipy.special.factorial): n! = Gamma(n + 1) for real n (0 below 0); `exact` is not supported, as JAX.
 *
 * @example
 * ```ts
 * scipy.special.factorial(np.array([0, 3, 4.5])); // Array([ 1.0000005,  6.0000052, 52.342876 ], dtype=float32)
 * ```
 */
export function factorial(n: ArrayLike, exact = false): Array {
  if (exact) throw new NotImplementedError("factorial with exact=True");
  const [a] = inexact("factorial", n);
  return np.where(np.less(a!, 0), 0, np.exp(gammaln(np.add(a!, 1))));
}

/**
 * `scipy.special.multigammaln` (jax.scipy.special.multigammaln): the log of the multivariate gamma function of dimension d (a static integer).
 *
 * @example
 * ```ts
 * scipy.special.multigammaln(np.array([2, 3]), 2); // Array([0.4515835, 1.5501958], dtype=float32)
 * ```
 */
export function multigammaln(a: ArrayLike, d: number): Array {
  if (!Number.isInteger(d)) throw new TypeError(`d argument of multigammaln must be a concrete integer, got ${String(d)}.`);
  const [x] = inexact("multigammaln", a);
  const constant = (0.25 * d * (d - 1)) * Math.log(Math.PI);
  let sum: Array = np.zerosLike(x!);
  for (let j = 0; j < d; j++) sum = np.add(sum, gammaln(np.subtract(x!, j / 2)));
  return np.add(sum, constant);
}

const pochCustom = lazy(() => {
  const f = customJvp((z: Array, m: Array): Array => np.where(np.equal(m, 0), np.onesLike(z), np.divide(gamma(np.add(z, m)), gamma(z))));
  // JAX's defjvps: d/dz = (psi(z + m) - psi(z)) poch, d/dm = psi(z + m) poch.
  return f.defjvps(
    (g: Array, ans: Array, z: Array, m: Array) => np.multiply(g, np.multiply(np.subtract(lax.digamma(np.add(z, m)), lax.digamma(z)), ans)),
    (g: Array, ans: Array, z: Array, m: Array) => np.multiply(g, np.multiply(lax.digamma(np.add(z, m)), ans)),
  );
});

/**
 * `scipy.special.poch` (jax.scipy.special.poch): the Pochhammer symbol (z)_m = Gamma(z + m) / Gamma(z).
 *
 * @example
 * ```ts
 * scipy.special.poch(np.array([1, 3]), np.array([3, 2])); // Array([ 6.0000024, 12.000006 ], dtype=float32)
 * ```
 */
export function poch(z: ArrayLike, m: ArrayLike): Array {
  const [a, b] = inexact("poch", z, m);
  return pochCustom()(a!, b!);
}

/**
 * `scipy.special.digamma` (jax.scipy.special.digamma): psi(x) = d/dx log Gamma(x) (lax.digamma).
 *
 * @example
 * ```ts
 * scipy.special.digamma(np.array([1, 0.5])); // Array([-0.5772159, -1.9635108], dtype=float32)
 * ```
 */
export function digamma(x: ArrayLike): Array {
  const [a] = inexact("digamma", x);
  return lax.digamma(a!);
}
