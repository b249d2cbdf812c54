// Jet rules of the nonlinear elementwise primitives, by their Taylor recurrences. Formulas:
// JAX's jax/experimental/jet.py (the rule named in each comment) and Griewank & Walther,
// "Evaluating Derivatives" (2nd ed.), chapter 13, Table 13.1. Where JAX defines a rule by
// composition and the primitive exists, the primal is still computed by the primitive itself
// (exact), and only the series comes from the composition.
import type { PrimitiveName, UnaryElementwiseName } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import * as lax from "../lax/ops.js";
import { chainCoefficient, coefficients, fromCoefficients, seriesOf, sum, termsOf, weighted } from "./series.js";
import { zeroSeries } from "./types.js";
import type { JetRule } from "./types.js";

type Unary = (x: Array) => Array;

/** exp: v' = v u' (JAX's _exp_taylor). */
function expCoefficients(e0: Array, series: readonly Array[]): Array[] {
  const ju = weighted(coefficients(e0, series));
  const v = [e0];
  for (let k = 1; k <= series.length; k++) v.push(chainCoefficient(ju, v, k));
  return v;
}
const expRule: JetRule<"exp"> = ([x], [s]) => fromCoefficients(expCoefficients(lax.exp(x!), s!));
/** expm1 = exp - 1: the same series; the primal by expm1 itself. */
const expm1Rule: JetRule<"expm1"> = ([x], [s]) => [[lax.expm1(x!)], [expCoefficients(lax.exp(x!), s!).slice(1)]];

/** log: u v' = u' (JAX's _log_taylor): v_k = (u_k - (1/k) sum_{j=1..k-1} j v_j u_{k-j}) / u_0. */
function logCoefficients(v0: Array, u: readonly Array[]): Array[] {
  const v = [v0];
  for (let k = 1; k < u.length; k++) {
    const conv: Array[] = [];
    for (let j = 1; j < k; j++) conv.push(lax.mul(lax.mul(v[j]!, u[k - j]!), j / k));
    const numerator = conv.length === 0 ? u[k]! : lax.sub(u[k]!, sum(conv));
    v.push(lax.div(numerator, u[0]!));
  }
  return v;
}
const logRule: JetRule<"log"> = ([x], [s]) => fromCoefficients(logCoefficients(lax.log(x!), coefficients(x!, s!)));
/** log1p(x) = log(1 + x): log's recurrence on 1 + x; the primal by log1p. */
const log1pRule: JetRule<"log1p"> = ([x], [s]) => fromCoefficients(logCoefficients(lax.log1p(x!), coefficients(lax.add(x!, 1), s!)));

/**
 * sin/cos and sinh/cosh together: s' = c u', c' = sign s u' (JAX's _sinusoidal_rule). Returns the
 * coefficients of s (want = "s") or c; the partner's last coefficient is never needed.
 */
function sinusoidal(sign: 1 | -1, sinF: Unary, cosF: Unary, want: "s" | "c", x: Array, series: readonly Array[]): Array[] {
  const ju = weighted(coefficients(x, series));
  const s = [sinF(x)];
  const c = [cosF(x)];
  const K = series.length;
  for (let k = 1; k <= K; k++) {
    if (k < K || want === "s") s.push(chainCoefficient(ju, c, k));
    if (k < K || want === "c") {
      const ck = chainCoefficient(ju, s, k);
      c.push(sign === 1 ? ck : lax.neg(ck));
    }
  }
  return want === "s" ? s : c;
}
const sinRule: JetRule<"sin"> = ([x], [s]) => fromCoefficients(sinusoidal(-1, lax.sin, lax.cos, "s", x!, s!));
const cosRule: JetRule<"cos"> = ([x], [s]) => fromCoefficients(sinusoidal(-1, lax.sin, lax.cos, "c", x!, s!));
const sinhRule: JetRule<"sinh"> = ([x], [s]) => fromCoefficients(sinusoidal(1, lax.sinh, lax.cosh, "s", x!, s!));
const coshRule: JetRule<"cosh"> = ([x], [s]) => fromCoefficients(sinusoidal(1, lax.sinh, lax.cosh, "c", x!, s!));

/** logistic: v' = e u' with e = v (1 - v), e_k = (1 - v_0) v_k - sum_{j=1..k} v_j v_{k-j} (JAX's _logistic_taylor). */
function logisticCoefficients(v0: Array, u: readonly Array[]): Array[] {
  const ju = weighted(u);
  const v = [v0];
  const oneMinusV0 = lax.sub(1, v0);
  const e = [lax.mul(v0, oneMinusV0)];
  for (let k = 1; k < u.length; k++) {
    v.push(chainCoefficient(ju, e, k));
    if (k === u.length - 1) break; // the last e is never used
    const conv: Array[] = [];
    for (let j = 1; j <= k; j++) conv.push(lax.mul(v[j]!, v[k - j]!));
    e.push(lax.sub(lax.mul(oneMinusV0, v[k]!), sum(conv)));
  }
  return v;
}
const logisticRule: JetRule<"logistic"> = ([x], [s]) => fromCoefficients(logisticCoefficients(lax.logistic(x!), coefficients(x!, s!)));
/**
 * tanh: v' = e u' with e = 1 - v^2, so e_k = -sum_{j=0..k} v_j v_{k-j} (the chain recurrence of
 * Griewank & Walther, section 13.2). JAX's _tanh_taylor goes through logistic(2x); this needs no
 * rescaling of the series and gives the same coefficients.
 */
const tanhRule: JetRule<"tanh"> = ([x], [s]) => {
  const ju = weighted(coefficients(x!, s!));
  const v = [lax.tanh(x!)];
  const e = [lax.sub(1, lax.mul(v[0]!, v[0]!))];
  for (let k = 1; k <= s!.length; k++) {
    v.push(chainCoefficient(ju, e, k));
    if (k === s!.length) break;
    const conv: Array[] = [];
    for (let j = 0; j <= k; j++) conv.push(lax.mul(v[j]!, v[k - j]!));
    e.push(lax.neg(sum(conv)));
  }
  return fromCoefficients(v);
};

/**
 * v = u^r for a constant r: u v' = r v u', so v_k = (1/(k u_0)) sum_{j=1..k} (r j - (k - j)) u_j v_{k-j}
 * (Griewank & Walther, Table 13.1). Used for sqrt, rsqrt and cbrt: no logarithm, so it also holds
 * for negative u (cbrt), where JAX's composition x ** r (through log) would give NaN.
 */
function powerCoefficients(v0: Array, r: number, u: readonly Array[]): Array[] {
  const v = [v0];
  for (let k = 1; k < u.length; k++) {
    const terms: Array[] = [];
    for (let j = 1; j <= k; j++) terms.push(lax.mul(lax.mul(u[j]!, v[k - j]!), (r * j - (k - j)) / k));
    v.push(lax.div(sum(terms), u[0]!));
  }
  return v;
}
const powerRule =
  <P extends "sqrt" | "rsqrt" | "cbrt">(f: Unary, r: number): JetRule<P> =>
  ([x], [s]) =>
    fromCoefficients(powerCoefficients(f(x!), r, coefficients(x!, s!)));

/** pow(x, y) = exp(y log x) (JAX's _pow_taylor): z = y log x by jet, then exp's recurrence on z. */
const powRule: JetRule<"pow"> = ([x, y], series, _params, ctx) => {
  const z = termsOf(seriesOf(ctx, (a, b) => lax.mul(b, lax.log(a)), [x!, y!], series), x!, series[0]!.length);
  const v0 = lax.pow(x!, y!);
  const ju = weighted([v0, ...z]);
  const v = [v0];
  for (let k = 1; k <= z.length; k++) v.push(chainCoefficient(ju, v, k));
  return fromCoefficients(v);
};

/** x^n by repeated squaring, as JAX's _pow_by_squaring (a negative n inverts first). */
function powBySquaring(x: Array, n: number): Array {
  if (n < 0) return powBySquaring(lax.div(1, x), -n);
  let result: Array | null = null;
  let base = x;
  for (let m = n; m > 0; m = Math.floor(m / 2)) {
    if (m % 2 === 1) result = result === null ? base : lax.mul(result, base);
    if (m > 1) base = lax.mul(base, base);
  }
  return result!;
}
/** integer_pow through multiplications (JAX's _integer_pow_taylor); y = 0 is constant one. */
const integerPowRule: JetRule<"integer_pow"> = ([x], series, { y }, ctx) => {
  if (y === 0) return [[lax.integerPow(x!, 0)], [zeroSeries]];
  return [[lax.integerPow(x!, y)], [seriesOf(ctx, (a) => powBySquaring(a, y), [x!], series)]];
};

/**
 * A primitive defined by its first derivative c = f'(x): v' = c u' (JAX's def_deriv/deriv_prop).
 * c's coefficients come from jet of `deriv`, which must not use the primitive itself.
 */
const derivRule =
  <P extends UnaryElementwiseName>(f: Unary, deriv: Unary): JetRule<P> =>
  ([x], series, _params, ctx) => {
    const order = series[0]!.length;
    const c = [deriv(x!), ...termsOf(seriesOf(ctx, deriv, [x!], series), x!, order)];
    const ju = weighted(coefficients(x!, series[0]!));
    const v = [f(x!)];
    for (let k = 1; k <= order; k++) v.push(chainCoefficient(ju, c, k));
    return fromCoefficients(v);
  };

/**
 * A primitive whose series is that of a composition of other primitives (JAX's def_comp); the
 * primal comes from the primitive itself, which is exact where the composition is not.
 */
const compositionRule =
  <P extends UnaryElementwiseName>(f: Unary, comp: Unary): JetRule<P> =>
  ([x], series, _params, ctx) =>
    [[f(x!)], [seriesOf(ctx, comp, [x!], series)]];

const oneOver = (x: Array): Array => lax.div(1, x);

/** erf' = 2/sqrt(pi) exp(-x^2) (JAX's def_deriv for erf). */
const erfRule = derivRule<"erf">(lax.erf, (x) => lax.mul(lax.exp(lax.neg(lax.mul(x, x))), 2 / Math.sqrt(Math.PI)));
/** Not in JAX's jet: atan' = 1/(1 + x^2), asin' = 1/sqrt(1 - x^2), acos' = -1/sqrt(1 - x^2). */
const atanRule = derivRule<"atan">(lax.atan, (x) => oneOver(lax.add(lax.mul(x, x), 1)));
const asinRule = derivRule<"asin">(lax.asin, (x) => lax.rsqrt(lax.sub(1, lax.mul(x, x))));
const acosRule = derivRule<"acos">(lax.acos, (x) => lax.neg(lax.rsqrt(lax.sub(1, lax.mul(x, x)))));

const squareRule = compositionRule<"square">(lax.square, (x) => lax.mul(x, x));
const asinhRule = compositionRule<"asinh">(lax.asinh, (x) => lax.log(lax.add(x, lax.sqrt(lax.add(lax.mul(x, x), 1)))));
const acoshRule = compositionRule<"acosh">(lax.acosh, (x) => lax.log(lax.add(x, lax.sqrt(lax.sub(lax.mul(x, x), 1)))));
const atanhRule = compositionRule<"atanh">(lax.atanh, (x) => lax.mul(lax.log(lax.div(lax.add(x, 1), lax.sub(1, x))), 0.5));
/** Not in JAX's jet: tan = sin / cos, exp2(x) = exp(x ln 2). */
const tanRule = compositionRule<"tan">(lax.tan, (x) => lax.div(lax.sin(x), lax.cos(x)));
const exp2Rule = compositionRule<"exp2">(lax.exp2, (x) => lax.exp(lax.mul(x, Math.LN2)));

/** abs: the series times the sign of x, with +1 at 0 (JAX's _abs_taylor_rule). */
const absRule: JetRule<"abs"> = ([x], [s]) => {
  const negs = lax.select(lax.lt(x!, lax.fullLike(x!, 0)), lax.fullLike(x!, -1), lax.fullLike(x!, 1));
  return [[lax.abs(x!)], [s!.map((t) => lax.mul(negs, t))]];
};

/** div: v_k = (u_k - sum_{j<k} v_j w_{k-j}) / w_0 (JAX's _div_taylor_rule). */
const divRule: JetRule<"div"> = ([x, y], [xs, ys]) => {
  const u = coefficients(x!, xs!);
  const w = coefficients(y!, ys!);
  const v = [lax.div(x!, y!)];
  for (let k = 1; k < u.length; k++) {
    const conv: Array[] = [];
    for (let j = 0; j < k; j++) conv.push(lax.mul(v[j]!, w[k - j]!));
    v.push(lax.div(lax.sub(u[k]!, sum(conv)), w[0]!));
  }
  return fromCoefficients(v);
};

/** atan2(x, y): z = x / y by jet, c = 1/(1 + z^2) by jet, then v' = c z' (JAX's _atan2_taylor). */
const atan2Rule: JetRule<"atan2"> = ([x, y], series, _params, ctx) => {
  const order = series[0]!.length;
  const [[z0], [zs]] = ctx.jet((a, b) => [lax.div(a, b)], [x!, y!], series);
  const zTerms = termsOf(zs!, z0!, order);
  const deriv = (z: Array): Array => oneOver(lax.add(lax.mul(z, z), 1));
  const c = [deriv(z0!), ...termsOf(seriesOf(ctx, deriv, [z0!], [zTerms]), z0!, order)];
  const ju = weighted([z0!, ...zTerms]);
  const v = [lax.atan2(x!, y!)];
  for (let k = 1; k <= order; k++) v.push(chainCoefficient(ju, c, k));
  return fromCoefficients(v);
};

/**
 * rem(x, y) = x - y q with q = trunc(x / y) piecewise constant, so its series is x_k - q y_k. JAX
 * composes x - y floor(x / y), which also changes the primal for operands of opposite signs.
 */
const remRule: JetRule<"rem"> = ([x, y], [xs, ys]) => {
  const r = lax.rem(x!, y!);
  const q = lax.round(lax.div(lax.sub(x!, r), y!));
  return [[r], [xs!.map((xk, k) => lax.sub(xk, lax.mul(q, ys![k]!)))]];
};

/**
 * logaddexp(x, y) = max(x, y) + log1p(exp(-|x - y|)) (the formula of JAX's lax.logaddexp), its
 * series by jet of that composition; the primal from the primitive.
 */
const logaddexpRule: JetRule<"logaddexp"> = ([x, y], series, _params, ctx) => {
  const [, [s]] = ctx.jet((a, b) => [lax.add(lax.max(a, b), lax.log1p(lax.exp(lax.neg(lax.abs(lax.sub(a, b))))))], [x!, y!], series);
  return [[lax.logaddexp(x!, y!)], [s!]];
};

export const ELEMENTWISE_JET_RULES = {
  exp: expRule,
  expm1: expm1Rule,
  exp2: exp2Rule,
  log: logRule,
  log1p: log1pRule,
  sin: sinRule,
  cos: cosRule,
  tan: tanRule,
  sinh: sinhRule,
  cosh: coshRule,
  asin: asinRule,
  acos: acosRule,
  atan: atanRule,
  asinh: asinhRule,
  acosh: acoshRule,
  atanh: atanhRule,
  tanh: tanhRule,
  logistic: logisticRule,
  sqrt: powerRule<"sqrt">(lax.sqrt, 0.5),
  rsqrt: powerRule<"rsqrt">(lax.rsqrt, -0.5),
  cbrt: powerRule<"cbrt">(lax.cbrt, 1 / 3),
  square: squareRule,
  integer_pow: integerPowRule,
  erf: erfRule,
  abs: absRule,
  pow: powRule,
  div: divRule,
  atan2: atan2Rule,
  rem: remRule,
  logaddexp: logaddexpRule,
} satisfies Partial<{ [P in PrimitiveName]: JetRule<P> }>;
