// More of jax.random's samplers (jax/_src/random.py: geometric lognormal maxwell
// double_sided_maxwell pareto rayleigh triangular wald f generalized_normal multinomial), each
// following JAX's transform step by step on the same uniform/normal/gamma draws and key splits,
// so a key gives JAX's samples: bit-exact where only +,*,/,sqrt,log and XLA's float32 log are
// involved, to float rounding where exp/pow/lgamma are (dprog's exp is not XLA's).
import type { DType } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import * as lax from "../lax/index.js";
import { log32, round32 } from "../lax/xlaMath.js";
import * as np from "../numpy/index.js";
import type { DTypeLike } from "../numpy/dtypeLike.js";
import { kwargs, promoteDtypesInexact } from "../numpy/options.js";
import { binomial, chisquare, exponential, rademacher } from "./distributions.js";
import type { DTypeOptions } from "./distributions.js";
import { gamma } from "./gamma.js";
import type { RandomKw } from "./keywords.js";
import { keyWords, split } from "./prng.js";
import { checkShape, floatDType, normal, param, uniform } from "./samplers.js";

/** log as XLA computes it on the CPU (float32), or lax.log (float64). */
const xlog = (x: Array): Array => (x.dtype === "float32" ? log32(x) : lax.log(x));
/** Rounds float32 values inside fused kernels, so later arithmetic sees float32 inputs. */
const r32 = (x: Array): Array => (x.dtype === "float32" ? round32(x) : x);
/** +, -, *, / rounded to the dtype after each step (jit's fused kernels otherwise keep extra precision). */
const add = (a: Array, b: Array): Array => r32(lax.add(a, b));
const sub = (a: Array, b: Array): Array => r32(lax.sub(a, b));
const mul = (a: Array, b: Array): Array => r32(lax.mul(a, b));
const div = (a: Array, b: Array): Array => r32(lax.div(a, b));
const full = (v: number, dtype: DType, shape: readonly number[]): Array => lax.broadcastInDim(np.array(v, { dtype }), shape, []);

/** JAX's `_split(key, num)` as a JS array of keys. */
function splitKeys(key: ArrayLike, num: number): Array[] {
  const ks = split(key, num);
  return globalThis.Array.from({ length: num }, (_, i) => lax.reshape(lax.sliceInDim(ks, i, i + 1, 1, 0), [2]));
}

/** The sampler's shape: given, or the broadcast of its parameters' shapes (JAX's `_check_broadcast_shapes`). */
function outShape(name: string, shape: readonly number[] | null | undefined, ...params: ArrayLike[]): number[] {
  const s = shape === undefined || shape === null ? np.broadcastShapes(...params.map((p) => np.shape(p))) : [...shape];
  checkShape(name, s, ...params.map((p) => np.shape(p)));
  return s;
}

type Kw = RandomKw<DTypeOptions>;
type ShapeArg = readonly number[] | null | Kw;
type DTypeArg = DTypeLike | null | Kw;

function options(name: string, shape: ShapeArg | undefined, dtype: DTypeArg | undefined, opts: Kw | undefined): { shape: readonly number[] | null; dtype: DType | undefined } {
  const o = kwargs<Kw>(name, ["shape", "dtype"], [shape, dtype, opts]);
  return { shape: o.shape ?? null, dtype: o.dtype as DType | undefined };
}

/**
 * Geometric(p) samples (trials until the first success, >= 1) as integers, floor(log u / log1p(-p)) + 1,
 * as `jax.random.geometric`.
 *
 * @example
 * // int32
 * random.geometric(random.key(0), 0.3, [4]); // Array([1, 1, 4, 3], dtype=int32)
 */
export function geometric(key: ArrayLike, p: ArrayLike, shape?: ShapeArg, dtype?: DTypeArg, opts?: Kw): Array {
  const o = options("geometric", shape, dtype, opts);
  const dt = o.dtype ?? "int32";
  if (dt !== "int32" && dt !== "uint32") throw new ValueError(`dtype argument to \`geometric\` must be an int dtype, got ${dt}`);
  keyWords(key, "geometric");
  const s = outShape("geometric", o.shape, p);
  const pa = np.asarray(p);
  const fd = floatDType("geometric", pa.dtype === "float64" ? "float64" : "float32");
  let u = uniform(key, s, { dtype: fd });
  // JAX maps u = 0 to 1 so log u stays finite, keeping the other samples unchanged.
  u = lax.select(lax.eq(u, full(0, fd, s)), full(1, fd, s), u);
  const logOneMinusP = np.broadcastTo(lax.log1p(lax.neg(param(pa, fd, np.shape(pa)))), s);
  const g = add(lax.floor(div(xlog(u), logOneMinusP)), full(1, fd, s));
  return lax.convertElementType(g, dt);
}

/**
 * Log-normal samples exp(sigma n), as `jax.random.lognormal`.
 *
 * @example
 * random.lognormal(random.key(0), 0.5, [3]); // Array([2.2508795, 2.752838 , 0.8050932], dtype=float32)
 */
export function lognormal(key: ArrayLike, sigma: ArrayLike = 1, shape?: ShapeArg, dtype?: DTypeArg, opts?: Kw): Array {
  const o = options("lognormal", shape, dtype, opts);
  const dt = floatDType("lognormal", o.dtype);
  keyWords(key, "lognormal");
  const s = outShape("lognormal", o.shape, sigma);
  return lax.exp(lax.mul(normal(key, s, { dtype: dt }), param(sigma, dt, s)));
}

/**
 * Maxwell samples: the norm of three standard normals, as `jax.random.maxwell`.
 *
 * @example
 * random.maxwell(random.key(0), [3]); // Array([2.6310966, 0.9910329, 0.9649306], dtype=float32)
 */
export function maxwell(key: ArrayLike, shape?: readonly number[] | Kw, dtype?: DTypeArg, opts?: Kw): Array {
  const o = options("maxwell", shape, dtype, opts);
  const dt = floatDType("maxwell", o.dtype);
  keyWords(key, "maxwell");
  const s = [...(o.shape ?? [])];
  checkShape("maxwell", s);
  const n = normal(key, [...s, 3], { dtype: dt });
  return lax.sqrt(lax.reduceSum(lax.mul(n, n), [s.length]));
}

/**
 * Double-sided Maxwell samples sign * maxwell * scale + loc, as `jax.random.double_sided_maxwell`;
 * the shape is `shape` followed by the broadcast shape of loc and scale.
 *
 * @example
 * random.doubleSidedMaxwell(random.key(0), 0, 1, [3]); // Array([ 1.5457209,  1.5741276, -2.0825305], dtype=float32)
 */
export function doubleSidedMaxwell(key: ArrayLike, loc: ArrayLike, scale: ArrayLike, shape?: readonly number[] | Kw, dtype?: DTypeArg, opts?: Kw): Array {
  const o = options("double_sided_maxwell", shape, dtype, opts);
  const dt = floatDType("double_sided_maxwell", o.dtype);
  keyWords(key, "double_sided_maxwell");
  const paramsShape = np.broadcastShapes(np.shape(loc), np.shape(scale));
  const given = o.shape ?? [];
  const s = [...(given.length === 0 ? paramsShape : given), ...paramsShape];
  const [kMaxwell, kSign] = splitKeys(key, 2) as [Array, Array];
  const m = maxwell(kMaxwell, s, { dtype: dt });
  const sign = rademacher(kSign, s, { dtype: dt });
  // Rounded to float32 between steps so jit's fused kernel gives the eager (and JAX's) values.
  return np.add(r32(np.multiply(r32(lax.mul(sign, m)), param(scale, dt, np.shape(scale)))), param(loc, dt, np.shape(loc)));
}

/**
 * Pareto samples exp(e / b) with e standard exponential, as `jax.random.pareto`.
 *
 * @example
 * random.pareto(random.key(0), 3.0, [3]); // Array([2.6734667, 3.6007476, 1.1441185], dtype=float32)
 */
export function pareto(key: ArrayLike, b: ArrayLike, shape?: ShapeArg, dtype?: DTypeArg, opts?: Kw): Array {
  const o = options("pareto", shape, dtype, opts);
  const dt = floatDType("pareto", o.dtype);
  keyWords(key, "pareto");
  const s = outShape("pareto", o.shape, b);
  return lax.exp(lax.div(exponential(key, s, { dtype: dt }), param(b, dt, s)));
}

/**
 * Rayleigh samples scale sqrt(-2 log u), as `jax.random.rayleigh`.
 *
 * @example
 * random.rayleigh(random.key(0), 1.0, [3]); // Array([0.32787833, 0.20810027, 1.4844142 ], dtype=float32)
 */
export function rayleigh(key: ArrayLike, scale: ArrayLike, shape?: ShapeArg, dtype?: DTypeArg, opts?: Kw): Array {
  const o = options("rayleigh", shape, dtype, opts);
  const dt = floatDType("rayleigh", o.dtype);
  keyWords(key, "rayleigh");
  const s = outShape("rayleigh", o.shape, scale);
  const u = uniform(key, s, { dtype: dt });
  return mul(param(scale, dt, s), lax.sqrt(mul(xlog(u), full(-2, dt, s))));
}

/**
 * Triangular(left, mode, right) samples by inversion, as `jax.random.triangular`.
 *
 * @example
 * random.triangular(random.key(0), 0, 0.3, 1, [3]); // Array([0.8086023 , 0.87754965, 0.3163364 ], dtype=float32)
 */
export function triangular(key: ArrayLike, left: ArrayLike, mode: ArrayLike, right: ArrayLike, shape?: ShapeArg, dtype?: DTypeArg, opts?: Kw): Array {
  const o = options("triangular", shape, dtype, opts);
  const dt = floatDType("triangular", o.dtype);
  keyWords(key, "triangular");
  const s = outShape("triangular", o.shape, left, mode, right);
  const l = param(left, dt, s);
  const r = param(right, dt, s);
  const m = param(mode, dt, s);
  const fc = div(sub(m, l), sub(r, l));
  const u = uniform(key, s, { dtype: dt });
  const out1 = add(l, lax.sqrt(mul(mul(u, sub(r, l)), sub(m, l))));
  const out2 = sub(r, lax.sqrt(mul(mul(sub(full(1, dt, s), u), sub(r, l)), sub(r, m))));
  return lax.select(lax.lt(u, fc), out1, out2);
}

/**
 * Wald (inverse Gaussian) samples with the given mean, as `jax.random.wald` (Michael, Schucany
 * and Haas' transformation of a normal and a uniform).
 *
 * @example
 * random.wald(random.key(0), 1.0, [3]); // Array([0.3805977 , 0.41566527, 0.48107237], dtype=float32)
 */
export function wald(key: ArrayLike, mean: ArrayLike, shape?: ShapeArg, dtype?: DTypeArg, opts?: Kw): Array {
  const o = options("wald", shape, dtype, opts);
  const dt = floatDType("wald", o.dtype);
  keyWords(key, "wald");
  const s = outShape("wald", o.shape, mean);
  const [k1, k2] = splitKeys(key, 2) as [Array, Array];
  const mu = param(mean, dt, s);
  const v = normal(k1, s, { dtype: dt });
  const z = uniform(k2, s, { dtype: dt });
  const y = r32(lax.integerPow(v, 2));
  const ySq = r32(lax.integerPow(y, 2));
  const muSq = r32(lax.integerPow(mu, 2));
  const sqrtTerm = r32(lax.sqrt(add(mul(mul(full(4, dt, s), mu), y), mul(muSq, ySq))));
  const x = sub(add(mu, div(mul(muSq, y), full(2, dt, s))), mul(div(mu, full(2, dt, s)), sqrtTerm));
  return lax.select(lax.le(z, div(mu, add(mu, x))), x, div(muSq, x));
}

/**
 * F(dfnum, dfden) samples, (chi2(dfnum) / dfnum) / (chi2(dfden) / dfden), as `jax.random.f`.
 *
 * @example
 * random.f(random.key(0), 3.0, 5.0, [3]); // Array([2.5797074 , 0.19219676, 0.1597769 ], dtype=float32)
 */
export function f(key: ArrayLike, dfnum: ArrayLike, dfden: ArrayLike, shape?: ShapeArg, dtype?: DTypeArg, opts?: Kw): Array {
  const o = options("f", shape, dtype, opts);
  const dt = floatDType("f", o.dtype);
  keyWords(key, "f");
  const s = outShape("f", o.shape, dfnum, dfden);
  const num = param(dfnum, dt, np.shape(dfnum));
  const den = param(dfden, dt, np.shape(dfden));
  const [keyDen, keyNum] = splitKeys(key, 2) as [Array, Array];
  const chiNum = chisquare(keyNum, num, s, { dtype: dt });
  const chiDen = chisquare(keyDen, den, s, { dtype: dt });
  return div(div(chiNum, num), div(chiDen, den));
}

/**
 * Generalized normal samples with shape parameter p, r g^(1/p) with g ~ Gamma(1/p) and r a random
 * sign, as `jax.random.generalized_normal`.
 *
 * @example
 * random.generalizedNormal(random.key(0), 1.5, [3]); // Array([ 1.0603918 ,  0.08920829, -1.3751339 ], dtype=float32)
 */
export function generalizedNormal(key: ArrayLike, p: number, shape?: readonly number[] | Kw, dtype?: DTypeArg, opts?: Kw): Array {
  const o = options("generalized_normal", shape, dtype, opts);
  const dt = floatDType("generalized_normal", o.dtype);
  keyWords(key, "generalized_normal");
  const s = [...(o.shape ?? [])];
  checkShape("generalized_normal", s);
  const [k0, k1] = splitKeys(key, 2) as [Array, Array];
  const g = gamma(k0, 1 / p, s, { dtype: dt });
  const r = rademacher(k1, s, { dtype: dt });
  return lax.mul(r, lax.pow(g, full(1 / p, dt, s)));
}

/** Options of {@link multinomial}. */
export interface MultinomialOptions {
  /** Output shape (its last axis is the categories); p.shape by default. */
  shape?: readonly number[] | null;
  dtype?: DTypeLike | null;
  /** Accepted for JAX compatibility (the category loop is unrolled here). */
  unroll?: number | boolean;
}

/**
 * Multinomial counts of `n` trials over the categories of `p` (last axis), as
 * `jax.random.multinomial`: one binomial draw per category on the remaining trials, with the
 * keys of split(key, categories).
 *
 * @example
 * // counts summing to 10
 * random.multinomial(random.key(0), 10, np.array([0.2, 0.3, 0.5])); // Array([1., 1., 8.], dtype=float32)
 */
export function multinomial(key: ArrayLike, n: ArrayLike, p: ArrayLike, opts: MultinomialOptions = {}): Array {
  keyWords(key, "multinomial");
  const [na, pa0] = promoteDtypesInexact("multinomial", [n, p]);
  const shape = opts.shape ?? pa0!.shape;
  const count0 = np.broadcastTo(na!, shape.slice(0, -1));
  const pa = np.moveaxis(np.broadcastTo(pa0!, shape), -1, 0);
  const remaining = lax.cumsum(pa, 0, true);
  const ratios = np.divide(pa, np.where(np.equal(remaining, 0), 1, remaining));
  const k = pa.shape[0]!;
  const keys = splitKeys(key, k);
  let remainder = count0;
  const counts: Array[] = [];
  for (let i = 0; i < k; i++) {
    const ratio = np.clip(lax.indexInDim(ratios, i, 0, false), 0, 1);
    const c = binomial(keys[i]!, remainder, ratio, { dtype: remainder.dtype as DType });
    remainder = np.subtract(remainder, c);
    counts.push(c);
  }
  const out = np.moveaxis(np.stack(counts), 0, -1);
  return opts.dtype === undefined || opts.dtype === null ? out : np.astype(out, opts.dtype);
}
