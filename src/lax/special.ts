// Special functions composed from existing primitives (no new primitives): erfInv, digamma,
// randomGammaGrad and randomGammaLogGrad (the last three described where they are defined, below).
// float32 uses M. Giles' single-precision polynomial ("Approximating the erfinv function", GPU
// Computing Gems, 2010), the approximation XLA lowers lax.erf_inv to for f32, evaluated with XLA
// CPU's exact rounding (fused multiply-adds, its log1p; see xlaMath.ts) so that values are JAX's
// bits; float64 starts from the same polynomial and polishes it with two Newton steps on erf
// (accurate to double in our backend). The derivative is the analytic one, sqrt(pi)/2 * exp(erfinv(x)^2), as JAX's.
import { Array, ArrayLike } from "../core/array.js";
import { customJvp } from "../ad/custom.js";
import type { CustomJvpFunction } from "../ad/custom.js";
import { asArrays, floatOperand, scalarLike } from "./core.js";
import * as ew from "./elementwise.js";
import { broadcastInDim, reduceMax, reduceOr } from "./structural.js";
import { whileLoop } from "../control/api.js";
import { erfInv32 } from "./xlaMath.js";
import { DIGAMMA_ASYMPTOTIC, DIGAMMA_SHIFT_TO, ERFINV_CENTRAL, ERFINV_TAIL } from "./specialCoefficients.js";

/** A constant of x's dtype and shape (lax.select needs equal shapes). */
const fullLike = (x: Array, v: number): Array => broadcastInDim(scalarLike(v, x.dtype), x.shape, []);


/**
 * `f` of a narrow float computed in float32 and rounded back once, as XLA's CPU backend upcasts
 * float16/bfloat16 elementwise math (so the values are JAX's); float32 and float64 go straight through.
 */
function inFloat32(x: Array, f: (x: Array) => Array): Array {
  if (x.dtype === "float32" || x.dtype === "float64") return f(x);
  return ew.convertElementType(f(ew.convertElementType(x, "float32")), x.dtype);
}

function gilesErfInv(x: Array): Array {
  const c = (v: number): Array => fullLike(x, v);
  const w = ew.neg(ew.log1p(ew.neg(ew.mul(x, x))));
  const central = ew.lt(w, c(5));
  const wShifted = ew.select(central, ew.sub(w, c(2.5)), ew.sub(ew.sqrt(w), c(3)));
  let p = ew.select(central, c(ERFINV_CENTRAL[0]!), c(ERFINV_TAIL[0]!));
  for (let i = 1; i < ERFINV_CENTRAL.length; i++) p = ew.add(ew.select(central, c(ERFINV_CENTRAL[i]!), c(ERFINV_TAIL[i]!)), ew.mul(p, wShifted));
  return ew.mul(p, x);
}

function erfInvValue(x: Array): Array {
  const c = (v: number): Array => fullLike(x, v);
  let y = x.dtype === "float32" ? erfInv32(x) : gilesErfInv(x);
  if (x.dtype === "float64") {
    const twoOverSqrtPi = c(2 / Math.sqrt(Math.PI));
    for (let i = 0; i < 2; i++) {
      const slope = ew.mul(twoOverSqrtPi, ew.exp(ew.neg(ew.mul(y, y))));
      const step = ew.div(ew.sub(ew.erf(y), x), slope);
      // Where the slope underflows (|x| at or next to 1) the polynomial value stands.
      y = ew.select(ew.isFinite(step), ew.sub(y, step), y);
    }
  }
  // erfinv(+-1) = +-inf; the polynomial is indeterminate there. Outside [-1, 1]: nan.
  const ax = ew.abs(x);
  const inf = ew.mul(x, c(Infinity));
  return ew.select(ew.eq(ax, c(1)), inf, ew.select(ew.gt(ax, c(1)), c(NaN), y));
}

let erfInvCustom: CustomJvpFunction<(x: Array) => Array> | null = null;

/**
 * `lax.erfInv(x)` (jax.lax.erf_inv): the inverse error function, elementwise on a float array.
 *
 * @example
 * ```ts
 * lax.erfInv(np.array([0, 0.5, 1])); // Array([0.        , 0.47693628,        inf], dtype=float32)
 * ```
 */
export function erfInv(x: ArrayLike): Array {
  // Built on first use: the custom-JVP machinery imports lax, so it cannot run at module load.
  if (erfInvCustom === null) {
    erfInvCustom = customJvp((a: Array) => erfInvValue(a)).defjvp(([a], [t]) => {
      const y = erfInvCustom!(a);
      const halfSqrtPi = scalarLike(Math.sqrt(Math.PI) / 2, y.dtype);
      return [y, ew.mul(t, ew.mul(halfSqrtPi, ew.exp(ew.mul(y, y))))];
    });
  }
  return inFloat32(floatOperand(x, "erf_inv", true), erfInvCustom);
}

// ---- digamma and the Gamma sample derivative (lax.digamma, lax.random_gamma_grad) ----
// Both are compositions of elementwise ops (and, for the sample derivative, while loops), so
// they trace, batch and differentiate like any lax code; no new primitive is involved.


/**
 * lax.digamma: the logarithmic derivative of the gamma function, elementwise on a float array.
 * Arguments below 1/2 are reflected (psi(x) = psi(1 - x) - pi / tan(pi x)); the rest are shifted
 * up by the recurrence psi(z) = psi(z + 1) - 1/z to at least 10, where the asymptotic series is
 * exact to double precision. As JAX's, the poles (zero and the negative integers) give nan.
 *
 * @example
 * ```ts
 * lax.digamma(np.array([1, 0.5, 0])); // Array([-0.5772159, -1.9635108,        nan], dtype=float32)
 * ```
 */
export function digamma(x: ArrayLike): Array {
  return inFloat32(floatOperand(x, "digamma", true), digammaValue);
}

function digammaValue(a: Array): Array {
  const c = (v: number): Array => fullLike(a, v);
  const reflect = ew.lt(a, c(0.5));
  let z = ew.select(reflect, ew.sub(c(1), a), a);
  let shiftSum = c(0);
  // z >= 1/2, so ten unit steps always reach the asymptotic range.
  for (let i = 0; i < DIGAMMA_SHIFT_TO; i++) {
    const small = ew.lt(z, c(DIGAMMA_SHIFT_TO));
    shiftSum = ew.add(shiftSum, ew.select(small, ew.div(c(1), z), c(0)));
    z = ew.select(small, ew.add(z, c(1)), z);
  }
  const inv2 = ew.div(c(1), ew.mul(z, z));
  let series = c(DIGAMMA_ASYMPTOTIC[DIGAMMA_ASYMPTOTIC.length - 1]!);
  for (let k = DIGAMMA_ASYMPTOTIC.length - 2; k >= 0; k--) series = ew.add(c(DIGAMMA_ASYMPTOTIC[k]!), ew.mul(series, inv2));
  const atZ = ew.sub(ew.sub(ew.log(z), ew.div(c(0.5), z)), ew.mul(series, inv2));
  let out = ew.sub(atZ, shiftSum);
  // tan has period pi, so tan(pi x) = tan(pi frac(x)): exact argument reduction for large |x|.
  // Unreflected elements take frac = 1/2, so that the unused branch has no pole (whose infinite
  // derivative would turn the select's zero cotangent into nan).
  const frac = ew.select(reflect, ew.sub(a, ew.floor(a)), c(0.5));
  out = ew.select(reflect, ew.sub(out, ew.div(c(Math.PI), ew.tan(ew.mul(c(Math.PI), frac)))), out);
  const pole = ew.bitwiseAnd(ew.le(a, c(0)), ew.eq(a, ew.floor(a)));
  return ew.select(pole, c(NaN), out);
}

const EPS: Record<"float32" | "float64", number> = { float32: 2 ** -23, float64: 2 ** -52 };
/** Safety bound on series / continued-fraction terms; convergence needs about 10 sqrt(a) of them. */
const MAX_TERMS = 100000;

const allAxes = (x: Array): number[] => x.shape.map((_, i) => i);
/** Whether any element is still active and no element has used MAX_TERMS terms. */
const keepIterating = (active: Array, n: Array): Array =>
  ew.bitwiseAnd(reduceOr(active, allAxes(active)), ew.lt(reduceMax(n, allAxes(n)), scalarLike(MAX_TERMS, n.dtype)));

// The sample derivative below is computed relative to the sample, (dx/da) / x, from x and log x:
// the incomplete gamma functions' prefactor x^a e^-x / Gamma(.) cancels against the density
// analytically, so nothing underflows in the tails, and log-space samples whose exp underflows
// still get their exact derivative. `on` marks the elements a method owns; the others keep the
// initial state (and get harmless arguments from the caller).

/**
 * (dx/da) / x where x <= 1 or x <= a, from P's power series
 * P(a, x) = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1) ... (a + n)), differentiated term by
 * term: dx/da = -(dP/da) / pdf and prefactor / pdf = x / a.
 */
function relativeDerivativeSeries(a: Array, x: Array, logX: Array, on: Array): Array {
  const c = (v: number): Array => fullLike(a, v);
  const eps = c(EPS[a.dtype as "float32" | "float64"]);
  type State = [Array, Array, Array, Array, Array, Array, Array];
  // [active, n, a + n, term, sum, d term / da, d sum / da]
  const init: State = [on, c(0), a, c(1), c(1), c(0), c(0)];
  const [, , , , sum, , dsum] = whileLoop<State>(
    ([active, n]) => keepIterating(active, n),
    ([active, n, r, term, s, dterm, ds]) => {
      const r1 = ew.add(r, c(1));
      const ratio = ew.div(x, r1);
      // d/da of term * x / (a + n): the product rule with d/da (a + n)^-1 = -(a + n)^-2.
      const dterm1 = ew.sub(ew.mul(dterm, ratio), ew.div(ew.mul(term, ratio), r1));
      const term1 = ew.mul(term, ratio);
      const s1 = ew.add(s, term1);
      const ds1 = ew.add(ds, dterm1);
      const more = ew.bitwiseAnd(active, ew.gt(ew.abs(dterm1), ew.mul(eps, ew.abs(ds1))));
      const keep = (next: Array, prev: Array): Array => ew.select(active, next, prev);
      return [more, keep(ew.add(n, c(1)), n), keep(r1, r), keep(term1, term), keep(s1, s), keep(dterm1, dterm), keep(ds1, ds)];
    },
    init,
  );
  // dP/da = prefactor * (sum * dlog(prefactor)/da + dsum).
  const dlogPrefactor = ew.sub(logX, digamma(ew.add(a, c(1))));
  return ew.neg(ew.div(ew.add(ew.mul(sum, dlogPrefactor), dsum), a));
}

/**
 * (dx/da) / x where x > 1 and x > a, from Legendre's continued fraction for the upper
 * incomplete gamma function, Q(a, x) = x^a e^-x / Gamma(a) * F with
 * F = 1 / (x + 1 - a + 1 (a - 1) / (x + 3 - a + 2 (a - 2) / (x + 5 - a + ...))):
 * dx/da = (dQ/da) / pdf and prefactor / pdf = x. F and dF/da come from the convergents A_k / B_k
 * of the three-term recurrence and its derivative in a, renormalized every step (the ratios are
 * invariant under a common scale) so that nothing overflows.
 */
function relativeDerivativeContinuedFraction(a: Array, x: Array, logX: Array, on: Array): Array {
  const c = (v: number): Array => fullLike(a, v);
  const eps = c(EPS[a.dtype as "float32" | "float64"]);
  const b1 = ew.sub(ew.add(x, c(1)), a);
  // Convergent 1: A = 1, B = x + 1 - a (dB/da = -1); convergent 0: A = 0, B = 1.
  type State = [Array, Array, Array, Array, Array, Array, Array, Array, Array, Array, Array, Array];
  // [active, k, A_k-1, B_k-1, dA_k-1, dB_k-1, A_k, B_k, dA_k, dB_k, F, dF]
  const init: State = [on, c(1), c(0), c(1), c(0), c(0), c(1), b1, c(0), c(-1), ew.div(c(1), b1), ew.div(c(1), ew.mul(b1, b1))];
  const out = whileLoop<State>(
    ([active, k]) => keepIterating(active, k),
    ([active, k, am2, bm2, dam2, dbm2, am1, bm1, dam1, dbm1, f, df]) => {
      // Convergent k + 1: numerator k (a - k), denominator x + 2k + 1 - a.
      const alpha = ew.mul(k, ew.sub(a, k));
      const beta = ew.sub(ew.add(x, ew.add(ew.mul(c(2), k), c(1))), a);
      const A = ew.add(ew.mul(beta, am1), ew.mul(alpha, am2));
      const B = ew.add(ew.mul(beta, bm1), ew.mul(alpha, bm2));
      // d beta / da = -1, d alpha / da = k.
      const dA = ew.add(ew.sub(ew.mul(beta, dam1), am1), ew.add(ew.mul(k, am2), ew.mul(alpha, dam2)));
      const dB = ew.add(ew.sub(ew.mul(beta, dbm1), bm1), ew.add(ew.mul(k, bm2), ew.mul(alpha, dbm2)));
      const usable = ew.ne(B, c(0));
      const scale = ew.select(usable, ew.div(c(1), ew.abs(B)), c(1));
      const [nA, nB, ndA, ndB, pA, pB, pdA, pdB] = [A, B, dA, dB, am1, bm1, dam1, dbm1].map((v) => ew.mul(v, scale)) as State;
      const f1 = ew.select(usable, ew.div(nA, nB), f);
      const df1 = ew.select(usable, ew.div(ew.sub(ndA, ew.mul(f1, ndB)), nB), df);
      const moving = ew.bitwiseOr(ew.gt(ew.abs(ew.sub(df1, df)), ew.mul(eps, ew.abs(df1))), ew.gt(ew.abs(ew.sub(f1, f)), ew.mul(eps, ew.abs(f1))));
      const more = ew.bitwiseAnd(active, ew.bitwiseOr(moving, ew.bitwiseNot(usable)));
      const keep = (next: Array, prev: Array): Array => ew.select(active, next, prev);
      return [more, keep(ew.add(k, c(1)), k), keep(pA, am2), keep(pB, bm2), keep(pdA, dam2), keep(pdB, dbm2), keep(nA, am1), keep(nB, bm1), keep(ndA, dam1), keep(ndB, dbm1), keep(f1, f), keep(df1, df)];
    },
    init,
  );
  const [f, df] = [out[10], out[11]];
  // dQ/da = prefactor * (F dlog(prefactor)/da + dF/da).
  return ew.add(ew.mul(f, ew.sub(logX, digamma(a))), df);
}

/** Two float operands of one dtype, a rank-0 one broadcast to the other's shape (as lax's elementwise ops). */
function floatPair(name: string, a: ArrayLike, x: ArrayLike): [Array, Array] {
  let [av, xv] = asArrays([a, x]).map((v) => floatOperand(v, name)) as [Array, Array];
  if (av.dtype !== xv.dtype) throw new TypeError(`${name} requires arguments to have the same dtypes, got ${av.dtype}, ${xv.dtype}.`);
  if (av.ndim === 0 && xv.ndim > 0) av = broadcastInDim(av, xv.shape, []);
  if (xv.ndim === 0 && av.ndim > 0) xv = broadcastInDim(xv, av.shape, []);
  if (av.ndim !== xv.ndim || av.shape.some((d, i) => d !== xv.shape[i])) {
    const s = (v: Array): string => `(${v.shape.join(", ")}${v.ndim === 1 ? "," : ""})`;
    throw new TypeError(`${name} got incompatible shapes for broadcasting: ${s(av)}, ${s(xv)}.`);
  }
  return [av, xv];
}

/** (dx/da) / x for valid (a, x, log x) triples, choosing the method per element as JAX does. */
function relativeSampleDerivative(a: Array, x: Array, logX: Array, ok: Array): Array {
  const c = (v: number): Array => fullLike(a, v);
  const useFraction = ew.bitwiseAnd(ew.gt(x, c(1)), ew.gt(x, a));
  const seriesOn = ew.bitwiseAnd(ok, ew.bitwiseNot(useFraction));
  const fractionOn = ew.bitwiseAnd(ok, useFraction);
  const pick = (on: Array, v: Array, harmless: number): Array => ew.select(on, v, c(harmless));
  const series = relativeDerivativeSeries(pick(seriesOn, a, 1), pick(seriesOn, x, 0.5), pick(seriesOn, logX, Math.log(0.5)), seriesOn);
  const fraction = relativeDerivativeContinuedFraction(pick(fractionOn, a, 1), pick(fractionOn, x, 2), pick(fractionOn, logX, Math.log(2)), fractionOn);
  return ew.select(useFraction, fraction, series);
}

/**
 * lax.random_gamma_grad(a, x): the derivative of a Gamma(a, 1) sample x with respect to a at a
 * fixed CDF value (implicit reparameterization), dx/da = -(dP(a, x)/da) / pdf(x; a), with P the
 * regularized lower incomplete gamma function. As JAX's: P's power series where x <= 1 or
 * x <= a, else the continued fraction of 1 - P. x = 0 gives 0; x < 0, a <= 0, nan or infinite x
 * give nan.
 *
 * @example
 * ```ts
 * lax.randomGammaGrad(np.array([1, 2]), np.array([1, 1])); // Array([1.1735628, 0.7507786], dtype=float32)
 * ```
 */
export function randomGammaGrad(a: ArrayLike, x: ArrayLike): Array {
  const [av, xv] = floatPair("random_gamma_grad", a, x);
  const c = (v: number): Array => fullLike(av, v);
  const bad = ew.bitwiseOr(ew.bitwiseOr(ew.lt(xv, c(0)), ew.le(av, c(0))), ew.bitwiseOr(ew.ne(av, av), ew.bitwiseNot(ew.isFinite(xv))));
  // x = 0 stays out of the loops (log 0); its derivative is 0 = x times the harmless finite value.
  const ok = ew.bitwiseNot(ew.bitwiseOr(bad, ew.eq(xv, c(0))));
  const out = ew.mul(xv, relativeSampleDerivative(av, xv, ew.log(ew.select(ok, xv, c(1))), ok));
  return ew.select(bad, c(NaN), out);
}

/**
 * `lax.randomGammaLogGrad(a, logX)` (dprog's; JAX computes it inside jax.random.loggamma):
 * d(log x)/da for x = exp(logX) a Gamma(a, 1) sample, the derivative random.loggamma needs:
 * randomGammaGrad(a, x) / x computed from log x itself, so it stays exact where exp(logX)
 * underflows (JAX substitutes the smallest normal float for x there). a <= 0 or nan, and
 * logX = +inf or nan, give nan.
 *
 * @example
 * ```ts
 * lax.randomGammaLogGrad(np.array([1, 2]), np.array([0, 0])); // Array([1.1735628, 0.7507786], dtype=float32)
 * ```
 */
export function randomGammaLogGrad(a: ArrayLike, logX: ArrayLike): Array {
  const [av, lv] = floatPair("random_gamma_log_grad", a, logX);
  const c = (v: number): Array => fullLike(av, v);
  const bad = ew.bitwiseOr(ew.bitwiseOr(ew.le(av, c(0)), ew.ne(av, av)), ew.bitwiseOr(ew.ne(lv, lv), ew.eq(lv, c(Infinity))));
  const ok = ew.bitwiseNot(bad);
  const out = relativeSampleDerivative(av, ew.exp(lv), lv, ok);
  return ew.select(bad, c(NaN), out);
}
