// Scalar special functions for the JS backend's kernels that iterate per element: log Gamma (XLA's
// lgamma), log B(a, b) (scipy's cdflib betaln/algdiv, as jax/_src/third_party/scipy/betaln.py) and
// the regularized incomplete beta function (XLA's regularized_incomplete_beta, as
// jax/_src/lax/special.py's regularized_incomplete_beta_impl). The array compositions in
// src/scipy/special share these coefficients.

// Lanczos (1964) coefficients for g = 7, N = 9 (GSL's lanczos_7_c), as XLA's lgamma.
export const LANCZOS_BASE = 0.99999999999980993227684700473478;
export const LANCZOS = [676.520368121885098567009190444019, -1259.13921672240287047156078755283, 771.3234287776530788486528258894, -176.61502916214059906584551354, 12.507343278686904814458936853, -0.13857109526572011689554707, 9.984369578019570859563e-6, 1.50563273514931155834e-7];
export const LANCZOS_G_PLUS_HALF = 7.5;
/** cdflib algdiv's series coefficients c0..c5. */
export const ALGDIV = [0.833333333333333e-1, -0.277777777760991e-2, 0.79365066682539e-3, -0.59520293135187e-3, 0.837308034031215e-3, -0.165322962780713e-2];

const LOG_PI = Math.log(Math.PI);
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const LOG_G_PLUS_HALF = Math.log(LANCZOS_G_PLUS_HALF);

/** log|Gamma(x)| by XLA's lgamma algorithm, with the reflection formula below 1/2. */
export function lgamma(x: number): number {
  const reflect = x < 0.5;
  const z = reflect ? -x : x - 1;
  let sum = LANCZOS_BASE;
  for (let i = 0; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i + 1);
  const t = z + LANCZOS_G_PLUS_HALF;
  const logT = LOG_G_PLUS_HALF + Math.log1p(z / LANCZOS_G_PLUS_HALF);
  const logY = HALF_LOG_TWO_PI + (z + 0.5 - t / logT) * logT + Math.log(sum);
  if (!reflect) return x === Infinity ? Infinity : logY;
  // sin's argument reduced to [0, 1/2] first so that large |x| loses nothing.
  const ax = Math.abs(x);
  const frac = ax - Math.floor(ax);
  const denom = Math.log(Math.sin((frac > 0.5 ? 1 - frac : frac) * Math.PI));
  return Number.isFinite(denom) ? LOG_PI - denom - logY : -denom;
}

/** cdflib's algdiv: log(Gamma(b) / Gamma(a + b)) for b >= 8, a <= b. */
export function algdiv(a: number, b: number): number {
  const h = a / b;
  const c = h / (h + 1);
  const x = 1 / (h + 1);
  const d = b + (a - 0.5);
  const x2 = x * x;
  const s3 = 1 + (x + x2);
  const s5 = 1 + (x + x2 * s3);
  const s7 = 1 + (x + x2 * s5);
  const s9 = 1 + (x + x2 * s7);
  const s11 = 1 + (x + x2 * s9);
  const t = (1 / b) ** 2;
  let w = s11 * ALGDIV[5]! * t + s9 * ALGDIV[4]!;
  w = w * t + s7 * ALGDIV[3]!;
  w = w * t + s5 * ALGDIV[2]!;
  w = w * t + s3 * ALGDIV[1]!;
  w = w * t + ALGDIV[0]!;
  w *= c / b;
  const u = d * Math.log1p(a / b);
  const v = a * (Math.log(b) - 1);
  return u <= v ? w - v - u : w - u - v;
}

/** log|B(a, b)|, cdflib's algdiv once max(a, b) >= 8. */
export function betaln(a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return hi < 8 ? lgamma(lo) + (lgamma(hi) - lgamma(lo + hi)) : lgamma(lo) + algdiv(lo, hi);
}

/** Per-dtype constants of the incomplete beta's continued fraction. */
export interface BetaTolerance {
  /** Stop once |delta - 1| is at most this (JAX: finfo.eps / 2 in float32; one float64 ulp here). */
  readonly threshold: number;
  /** Lentz's floor for vanishing denominators. */
  readonly tiny: number;
  /** At most this many terms (JAX: 200 in float32, 600 in float64). */
  readonly limit: number;
  /** finfo.tiny * 2: below it, a Gamma(a) = Gamma(a + 1) -> 1 replaces log(a) + lgamma(a). */
  readonly verySmall: number;
}

export const BETA_TOLERANCE: Record<"float32" | "float64", BetaTolerance> = {
  float32: { threshold: 2 ** -24, tiny: 1e-30, limit: 200, verySmall: 2 ** -125 },
  float64: { threshold: 2 ** -52, tiny: 1e-300, limit: 600, verySmall: 2 ** -1021 },
};

/**
 * 1 / (1 + d_1 / (1 + d_2 / (1 + ...))) with DLMF 8.17.23's partial numerators d_n, by the
 * modified Lentz method, to this element's own convergence.
 */
function betaContinuedFraction(a: number, b: number, x: number, tol: BetaTolerance): number {
  const { threshold, tiny, limit } = tol;
  let f = tiny;
  let c = tiny;
  let d = 0;
  for (let n = 0; n < limit; n++) {
    // d_(2m+1) = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)); d_(2m) = m(b-m)x / ((a+2m-1)(a+2m)); the first is 1.
    const m = n >> 1;
    const numerator = n === 0 ? 1 : (n & 1) === 1 ? -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)) : (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + numerator * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = 1 + numerator / c;
    if (Math.abs(c) < tiny) c = tiny;
    const delta = c * d;
    f *= delta;
    if (!(Math.abs(delta - 1) > threshold)) break;
  }
  return f;
}

/**
 * I_x(a, b) with XLA's special cases: a = 0 or b = inf makes it a step up at x = 0, b = 0 or
 * a = inf a step up at x = 1; negative parameters, x outside [0, 1], a = b = 0 and NaNs give NaN.
 * Otherwise the continued fraction on whichever of (a, b, x) and (b, a, 1 - x) converges
 * rapidly, x < (a + 1) / (a + b + 2) (DLMF 8.17.4 for the other side).
 */
export function regularizedIncompleteBeta(a: number, b: number, x: number, tol: BetaTolerance): number {
  const aIsZero = a === 0 || b === Infinity;
  const bIsZero = b === 0 || a === Infinity;
  if (a < 0 || b < 0 || x < 0 || x > 1 || (aIsZero && bIsZero) || Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(x)) return NaN;
  if (aIsZero) return x === 0 ? 0 : 1;
  if (bIsZero) return x === 1 ? 1 : 0;
  const rapid = x < (a + 1) / (a + b + 2);
  const p = rapid ? a : b;
  const q = rapid ? b : a;
  const y = rapid ? x : 1 - x;
  const fraction = betaContinuedFraction(p, q, y, tol);
  const logFactor = p < tol.verySmall ? q * Math.log1p(-y) - (lgamma(q) - lgamma(p + q)) : p * Math.log(y) + q * Math.log1p(-y) - (betaln(p, q) + Math.log(p));
  const value = fraction * Math.exp(logFactor);
  return rapid ? value : 1 - value;
}
