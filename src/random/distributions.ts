// The rest of jax.random's samplers, each following JAX's algorithm (jax/_src/random) step by step
// so that a key gives JAX's draws: the same key splits, the same uniform transforms, the same
// rejection loops. float32 logs use XLA CPU's float32 log/log1p (lax/xlaMath.ts), which is what
// makes the transforms bit-identical to JAX's CPU results; functions whose XLA implementation
// dprog does not reproduce (tan, pow, exp, lgamma, linear algebra) agree to float rounding.
import { kwargs } from "../numpy/options.js";
import type { RandomKw } from "./keywords.js";
import type { DTypeLike } from "../numpy/dtypeLike.js";
import { Array, ArrayLike } from "../core/array.js";
import type { DType } from "../../jaxpr/index.js";
import { defaultFloatDType } from "../../jaxpr/index.js";
import * as lax from "../lax/index.js";
import * as np from "../numpy/index.js";
import { ValueError } from "../core/errors.js";
import { log1p32, log32, round32 } from "../lax/xlaMath.js";
import { keyWords, split } from "./prng.js";
import { bernoulli, checkShape, floatDType, normal, param, uniform } from "./samplers.js";
import { gamma, loggamma } from "./gamma.js";

type FloatDType = "float32" | "float64";

const FINFO = {
  float32: { eps: 2 ** -23, epsneg: 2 ** -24, tiny: 2 ** -126, nmant: 23, max: 3.4028234663852886e38 },
  float64: { eps: 2 ** -52, epsneg: 2 ** -53, tiny: 2 ** -1022, nmant: 52, max: Number.MAX_VALUE },
} as const;

/** log as XLA computes it on the CPU (float32), or lax.log (float64). */
const xlog = (x: Array): Array => (x.dtype === "float32" ? log32(x) : lax.log(x));
/** log1p as XLA computes it on the CPU (float32), or lax.log1p (float64). */
const xlog1p = (x: Array): Array => (x.dtype === "float32" ? log1p32(x) : lax.log1p(x));
/** Rounds float32 values inside fused kernels, so later arithmetic sees float32 inputs. */
const r32 = (x: Array): Array => (x.dtype === "float32" ? round32(x) : x);

const full = (v: number, dtype: DType, shape: readonly number[]): Array => lax.broadcastInDim(np.array(v, { dtype }), shape, []);

/** JAX's `_split(key, num)` as a JS array of keys. */
function splitKeys(key: ArrayLike, num: number): Array[] {
  const ks = split(key, num);
  return globalThis.Array.from({ length: num }, (_, i) => lax.reshape(lax.sliceInDim(ks, i, i + 1, 1, 0), [2]));
}

const shapeOf = (shape: readonly number[] | null | undefined, ...params: ArrayLike[]): number[] =>
  shape === undefined || shape === null ? np.broadcastShapes(...params.map((p) => np.shape(p))) : [...shape];

/** A sampler's `dtype` keyword. */
export interface DTypeOptions {
  /** A float dtype for the samples (default float32). */
  dtype?: DType;
}

/**
 * Standard exponential samples, -log(1 - u), as `jax.random.exponential`.
 *
 * @example
 * // JAX: jax.random.exponential(jax.random.key(0), (3,))
 * random.exponential(random.key(0), [3]); // Array([2.950128  , 3.8434246 , 0.40390354], dtype=float32)
 */
export function exponential(key: ArrayLike, shape?: readonly number[] | RandomKw<DTypeOptions>, dtype?: DTypeLike | null | RandomKw<DTypeOptions>, opts?: RandomKw<DTypeOptions>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<DTypeOptions>>("exponential", ["shape", "dtype"], [shape, dtype, opts]);
  return exponentialImpl(key, s ?? [], o as DTypeOptions);
}
function exponentialImpl(key: ArrayLike, shape: readonly number[] = [], opts: DTypeOptions = {}): Array {
  const dtype = floatDType("exponential", opts.dtype);
  checkShape("exponential", shape);
  const u = uniform(key, shape, { dtype });
  return lax.neg(xlog1p(lax.neg(u)));
}

/**
 * Standard Laplace samples, sign(u) log1p(-|u|) with u uniform in (-1, 1), as `jax.random.laplace`.
 *
 * @example
 * random.laplace(random.key(0), [2, 2]); // Array([[-2.2569816 , -3.1502788 ], [ 0.40859544,  0.06471242]], dtype=float32)
 */
export function laplace(key: ArrayLike, shape?: readonly number[] | RandomKw<DTypeOptions>, dtype?: DTypeLike | null | RandomKw<DTypeOptions>, opts?: RandomKw<DTypeOptions>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<DTypeOptions>>("laplace", ["shape", "dtype"], [shape, dtype, opts]);
  return laplaceImpl(key, s ?? [], o as DTypeOptions);
}
function laplaceImpl(key: ArrayLike, shape: readonly number[] = [], opts: DTypeOptions = {}): Array {
  const dtype = floatDType("laplace", opts.dtype);
  checkShape("laplace", shape);
  const u = uniform(key, shape, { dtype, minval: -1 + FINFO[dtype].epsneg, maxval: 1 });
  return lax.mul(lax.sign(u), xlog1p(lax.neg(lax.abs(u))));
}

/**
 * Standard logistic samples, log(u) - log1p(-u), as `jax.random.logistic`.
 *
 * @example
 * random.logistic(random.key(0), [3]); // Array([ 2.896376 ,  3.8217716, -0.6978392], dtype=float32)
 */
export function logistic(key: ArrayLike, shape?: readonly number[] | RandomKw<DTypeOptions>, dtype?: DTypeLike | null | RandomKw<DTypeOptions>, opts?: RandomKw<DTypeOptions>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<DTypeOptions>>("logistic", ["shape", "dtype"], [shape, dtype, opts]);
  return logisticImpl(key, s ?? [], o as DTypeOptions);
}
function logisticImpl(key: ArrayLike, shape: readonly number[] = [], opts: DTypeOptions = {}): Array {
  const dtype = floatDType("logistic", opts.dtype);
  checkShape("logistic", shape);
  const x = uniform(key, shape, { dtype, minval: FINFO[dtype].tiny, maxval: 1 });
  return lax.sub(xlog(x), xlog1p(lax.neg(x)));
}

/**
 * Standard Cauchy samples, tan(pi (u - 1/2)), as `jax.random.cauchy`.
 *
 * @example
 * random.cauchy(random.key(0), [3]); // Array([ 6.0274944 , 14.837895  , -0.58172226], dtype=float32)
 */
export function cauchy(key: ArrayLike, shape?: readonly number[] | RandomKw<DTypeOptions>, dtype?: DTypeLike | null | RandomKw<DTypeOptions>, opts?: RandomKw<DTypeOptions>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<DTypeOptions>>("cauchy", ["shape", "dtype"], [shape, dtype, opts]);
  return cauchyImpl(key, s ?? [], o as DTypeOptions);
}
function cauchyImpl(key: ArrayLike, shape: readonly number[] = [], opts: DTypeOptions = {}): Array {
  const dtype = floatDType("cauchy", opts.dtype);
  checkShape("cauchy", shape);
  const u = uniform(key, shape, { dtype, minval: FINFO[dtype].eps, maxval: 1 });
  return lax.tan(r32(lax.mul(full(Math.PI, dtype, shape), r32(lax.sub(u, full(0.5, dtype, shape))))));
}

/**
 * Random signs: -1 or +1 with equal probability (int32 by default), as `jax.random.rademacher`.
 *
 * @example
 * // int32 values in {-1, 1}
 * random.rademacher(random.key(0), [4]); // Array([-1, -1,  1,  1], dtype=int32)
 */
export function rademacher(key: ArrayLike, shape?: readonly number[] | RandomKw<DTypeOptions>, dtype?: DTypeLike | null | RandomKw<DTypeOptions>, opts?: RandomKw<DTypeOptions>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<DTypeOptions>>("rademacher", ["shape", "dtype"], [shape, dtype, opts]);
  return rademacherImpl(key, s ?? [], o as DTypeOptions);
}
function rademacherImpl(key: ArrayLike, shape: readonly number[] = [], opts: DTypeOptions = {}): Array {
  const dtype = opts.dtype ?? "int32";
  checkShape("rademacher", shape);
  const b = lax.convertElementType(bernoulli(key, 0.5, shape), dtype);
  return lax.sub(lax.mul(full(2, dtype, shape), b), full(1, dtype, shape));
}

/**
 * Weibull samples, (-log1p(-u))^(1/concentration) * scale, as `jax.random.weibull_min`.
 *
 * @example
 * random.weibullMin(random.key(0), 1.0, 2.0, [3]); // Array([1.7175937 , 1.9604654 , 0.63553405], dtype=float32)
 */
export function weibullMin(key: ArrayLike, scale: ArrayLike, concentration: ArrayLike, shape?: readonly number[] | RandomKw<DTypeOptions>, dtype?: DTypeLike | null | RandomKw<DTypeOptions>, opts?: RandomKw<DTypeOptions>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<DTypeOptions>>("weibullMin", ["shape", "dtype"], [shape, dtype, opts]);
  return weibullMinImpl(key, scale, concentration, s ?? [], o as DTypeOptions);
}
function weibullMinImpl(key: ArrayLike, scale: ArrayLike, concentration: ArrayLike, shape: readonly number[] = [], opts: DTypeOptions = {}): Array {
  const dtype = floatDType("weibull_min", opts.dtype);
  keyWords(key, "weibull_min");
  const u = uniform(key, shape, { dtype, minval: 0, maxval: 1 });
  const outShape = np.broadcastShapes(shape, np.shape(scale), np.shape(concentration));
  const conc = param(concentration, dtype, outShape);
  const sc = param(scale, dtype, outShape);
  const base = np.broadcastTo(lax.neg(xlog1p(lax.neg(u))), outShape);
  return lax.mul(lax.pow(base, lax.div(full(1, dtype, outShape), conc)), sc);
}

/**
 * Beta(a, b) samples from two log-space gamma draws, as `jax.random.beta`.
 *
 * @example
 * random.beta(random.key(0), 2.0, 3.0, [3]); // Array([0.23627359, 0.4904596 , 0.68379486], dtype=float32)
 */
export function beta(key: ArrayLike, a: ArrayLike, b: ArrayLike, shape?: readonly number[] | null | RandomKw<DTypeOptions>, dtype?: DTypeLike | null | RandomKw<DTypeOptions>, opts?: RandomKw<DTypeOptions>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<DTypeOptions>>("beta", ["shape", "dtype"], [shape, dtype, opts]);
  return betaImpl(key, a, b, s ?? undefined, o as DTypeOptions);
}
function betaImpl(key: ArrayLike, a: ArrayLike, b: ArrayLike, shape?: readonly number[] | null, opts: DTypeOptions = {}): Array {
  const dtype = floatDType("beta", opts.dtype);
  keyWords(key, "beta");
  const outShape = shapeOf(shape, a, b);
  checkShape("beta", outShape, np.shape(a), np.shape(b));
  const [keyA, keyB] = splitKeys(key, 2) as [Array, Array];
  const logA = loggamma(keyA, param(a, dtype, outShape), outShape, { dtype });
  const logB = loggamma(keyB, param(b, dtype, outShape), outShape, { dtype });
  // gamma_a / (gamma_a + gamma_b), scaled by the larger one so that nothing underflows.
  const logMax = lax.max(logA, logB);
  const ga = lax.exp(lax.sub(logA, logMax));
  const gb = lax.exp(lax.sub(logB, logMax));
  return lax.div(ga, lax.add(ga, gb));
}

/**
 * Dirichlet(alpha) samples (alpha's last axis is the simplex), softmax of log-gamma draws, as
 * `jax.random.dirichlet`. `shape` is the batch shape (default alpha's leading shape).
 *
 * @example
 * // shape [2, 3]
 * random.dirichlet(random.key(0), np.array([1.0, 2.0, 3.0]), [2]); // Array([[0.14228562, 0.40488252, 0.4528318 ], [0.2847853 , 0.35153103, 0.3636837 ]], dtype=float32)
 */
export function dirichlet(key: ArrayLike, alpha: ArrayLike, shape?: readonly number[] | null | RandomKw<DTypeOptions>, dtype?: DTypeLike | null | RandomKw<DTypeOptions>, opts?: RandomKw<DTypeOptions>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<DTypeOptions>>("dirichlet", ["shape", "dtype"], [shape, dtype, opts]);
  return dirichletImpl(key, alpha, s ?? undefined, o as DTypeOptions);
}
function dirichletImpl(key: ArrayLike, alpha: ArrayLike, shape?: readonly number[] | null, opts: DTypeOptions = {}): Array {
  const dtype = floatDType("dirichlet", opts.dtype);
  keyWords(key, "dirichlet");
  const aShape = np.shape(alpha);
  if (aShape.length < 1) throw new ValueError(`dirichlet requires alpha.ndim >= 1, got alpha.ndim == ${aShape.length}`);
  const batch = shape === undefined || shape === null ? aShape.slice(0, -1) : [...shape];
  checkShape("dirichlet", batch, aShape.slice(0, -1));
  const full_ = [...batch, aShape[aShape.length - 1]!];
  const logG = loggamma(key, param(alpha, dtype, full_), full_, { dtype });
  const shifted = lax.sub(logG, lax.stopGradient(np.max(logG, -1, true)));
  const e = lax.exp(shifted);
  return lax.div(e, np.sum(e, -1, true));
}

/**
 * Chi-square samples with `df` degrees of freedom, 2 exp(loggamma(df / 2)), as `jax.random.chisquare`.
 *
 * @example
 * random.chisquare(random.key(0), 3.0, [4]); // Array([2.2050838, 2.4899669, 1.4557135, 6.4245358], dtype=float32)
 */
export function chisquare(key: ArrayLike, df: ArrayLike, shape?: readonly number[] | null | RandomKw<DTypeOptions>, dtype?: DTypeLike | null | RandomKw<DTypeOptions>, opts?: RandomKw<DTypeOptions>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<DTypeOptions>>("chisquare", ["shape", "dtype"], [shape, dtype, opts]);
  return chisquareImpl(key, df, s ?? undefined, o as DTypeOptions);
}
function chisquareImpl(key: ArrayLike, df: ArrayLike, shape?: readonly number[] | null, opts: DTypeOptions = {}): Array {
  const dtype = floatDType("chisquare", opts.dtype);
  keyWords(key, "chisquare");
  const outShape = shapeOf(shape, df);
  checkShape("chisquare", outShape, np.shape(df));
  const d = param(df, dtype, np.shape(df));
  const halfDf = lax.div(d, lax.broadcastInDim(np.array(2, { dtype }), d.shape, []));
  const logG = loggamma(key, halfDf, outShape, { dtype });
  return lax.mul(lax.exp(logG), full(2, dtype, outShape));
}

/**
 * Student's t samples, n sqrt((df / 2) / g) with n normal and g ~ Gamma(df / 2), as `jax.random.t`.
 *
 * @example
 * random.t(random.key(0), 5.0, [3]); // Array([ 0.7589499, -2.0559175, -1.2818335], dtype=float32)
 */
export function t(key: ArrayLike, df: ArrayLike, shape?: readonly number[] | null | RandomKw<DTypeOptions>, dtype?: DTypeLike | null | RandomKw<DTypeOptions>, opts?: RandomKw<DTypeOptions>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<DTypeOptions>>("t", ["shape", "dtype"], [shape, dtype, opts]);
  return tImpl(key, df, s ?? undefined, o as DTypeOptions);
}
function tImpl(key: ArrayLike, df: ArrayLike, shape?: readonly number[] | null, opts: DTypeOptions = {}): Array {
  const dtype = floatDType("t", opts.dtype);
  keyWords(key, "t");
  const outShape = shapeOf(shape, df);
  checkShape("t", outShape, np.shape(df));
  const [keyN, keyG] = splitKeys(key, 2) as [Array, Array];
  const n = normal(keyN, outShape, { dtype });
  const halfDf = lax.div(param(df, dtype, outShape), full(2, dtype, outShape));
  const g = gamma(keyG, halfDf, outShape, { dtype });
  return lax.mul(n, lax.sqrt(lax.div(halfDf, g)));
}

/** jax.random.generalized_normal: r g^(1/p), g ~ Gamma(1/p), r a random sign. */
function generalizedNormal(key: ArrayLike, p: number, shape: readonly number[], dtype: FloatDType): Array {
  const [k0, k1] = splitKeys(key, 2) as [Array, Array];
  const g = gamma(k0, 1 / p, shape, { dtype });
  const r = rademacher(k1, shape, { dtype });
  return lax.mul(r, lax.pow(g, full(1 / p, dtype, shape)));
}

/**
 * Samples uniformly from the unit `p`-norm ball in `d` dimensions (shape [...shape, d]), as
 * `jax.random.ball` (Barthe et al.: a generalized normal over its norm plus an exponential).
 *
 * @example
 * // five points in the unit 3-ball
 * random.ball(random.key(0), 3, { p: 2, shape: [5] }); // Array([[ 0.91715974,  0.3927421 ,  0.0116535 ], [-0.86136514,  0.31684825, -0.06285543], [-0.8305728 ,  0.02098158,  0.25748277], [-0.1787367 ,  0.7094962 ,  0.4144542 ], [-0.17497857,  0.18095377, -0.9413121 ]], dtype=float32)
 */
export function ball(key: ArrayLike, d: number, opts: { p?: number; shape?: readonly number[]; dtype?: DType } = {}): Array {
  const dtype = floatDType("ball", opts.dtype);
  const p = opts.p ?? 2;
  const shape = [...(opts.shape ?? [])];
  keyWords(key, "ball");
  if (!Number.isInteger(d) || d < 1) throw new ValueError(`d must be a positive integer, got ${d}`);
  checkShape("ball", shape);
  const [k1, k2] = splitKeys(key, 2) as [Array, Array];
  const g = generalizedNormal(k1, p, [...shape, d], dtype);
  const e = exponential(k2, shape, { dtype });
  const norm = lax.pow(lax.add(np.sum(lax.pow(lax.abs(g), full(p, dtype, g.shape)), -1), e), full(1 / p, dtype, shape));
  return lax.div(g, lax.expandDims(norm, [shape.length]));
}

/** Matrix-vector product over trailing axes: sum_j a[..., i, j] v[..., j]. */
function matvec(a: Array, v: Array): Array {
  return np.sum(np.multiply(a, np.expandDims(v, -2)), -1);
}

/** The lower Cholesky factor of a (batched) symmetric positive-definite matrix, unrolled for its static n. */
function cholesky(a: Array): Array {
  const n = a.shape[a.ndim - 1]!;
  const batch = a.shape.slice(0, -2);
  const entry = (i: number, j: number): Array => lax.reshape(lax.sliceInDim(lax.sliceInDim(a, i, i + 1, 1, a.ndim - 2), j, j + 1, 1, a.ndim - 1), batch);
  const L: Array[][] = [];
  for (let i = 0; i < n; i++) {
    const row: Array[] = [];
    for (let j = 0; j <= i; j++) {
      let s = entry(i, j);
      for (let k = 0; k < j; k++) s = lax.sub(s, lax.mul(row[k]!, (i === j ? row : L[j]!)[k]!));
      if (i === j) row.push(lax.sqrt(s));
      else row.push(lax.div(s, L[j]![j]!));
    }
    L.push(row);
  }
  const zero = lax.broadcastInDim(np.array(0, { dtype: a.dtype }), batch, []);
  const rows = L.map((row) => np.stack(globalThis.Array.from({ length: n }, (_, j) => row[j] ?? zero), -1));
  return np.stack(rows, -2);
}

/**
 * Multivariate normal samples mean + L z with L the Cholesky factor of `cov`, as
 * `jax.random.multivariate_normal`. Only `method: "cholesky"` is available until dprog has
 * eigh and svd; the factor is computed by an unrolled Cholesky for the static n.
 *
 * @example
 * // shape [3, 2]
 * random.multivariateNormal(random.key(0), np.zeros([2]), np.eye(2), [3]); // Array([[ 1.6226422 ,  2.0252647 ], [-0.43359444, -0.07861735], [ 0.1760909 , -0.97208923]], dtype=float32)
 */
export function multivariateNormal(key: ArrayLike, mean: ArrayLike, cov: ArrayLike, shape?: readonly number[] | null | RandomKw<{ dtype?: DType; method?: "cholesky" | "eigh" | "svd" }>, dtype?: DTypeLike | null | RandomKw<{ dtype?: DType; method?: "cholesky" | "eigh" | "svd" }>, opts?: RandomKw<{ dtype?: DType; method?: "cholesky" | "eigh" | "svd" }>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<{ dtype?: DType; method?: "cholesky" | "eigh" | "svd" }>>("multivariateNormal", ["shape", "dtype", "method"], [shape, dtype, opts]);
  return multivariateNormalImpl(key, mean, cov, s ?? undefined, o as { dtype?: DType; method?: "cholesky" | "eigh" | "svd" });
}
function multivariateNormalImpl(key: ArrayLike, mean: ArrayLike, cov: ArrayLike, shape?: readonly number[] | null, opts: { dtype?: DType; method?: "cholesky" | "eigh" | "svd" } = {}): Array {
  const dtype = floatDType("multivariate_normal", opts.dtype);
  const method = opts.method ?? "cholesky";
  if (method !== "cholesky") throw new ValueError(`multivariate_normal method "${method}" needs ${method} from linalg, which dprog does not have yet; use method "cholesky"`);
  if (!["cholesky", "eigh", "svd"].includes(method)) throw new ValueError(`method must be one of {'svd', 'eigh', 'cholesky'}, got ${String(method)}`);
  keyWords(key, "multivariate_normal");
  const m = param(mean, dtype, np.shape(mean));
  const c = param(cov, dtype, np.shape(cov));
  if (m.ndim < 1) throw new ValueError(`multivariate_normal requires mean.ndim >= 1, got mean.ndim == ${m.ndim}`);
  if (c.ndim < 2) throw new ValueError(`multivariate_normal requires cov.ndim >= 2, got cov.ndim == ${c.ndim}`);
  const n = m.shape[m.ndim - 1]!;
  if (c.shape[c.ndim - 1] !== n || c.shape[c.ndim - 2] !== n) {
    throw new ValueError(`multivariate_normal requires cov.shape == (..., n, n) for n=${n}, but got cov.shape == (${c.shape.join(", ")}).`);
  }
  const batch = shape === undefined || shape === null ? np.broadcastShapes(m.shape.slice(0, -1), c.shape.slice(0, -2)) : [...shape];
  checkShape("normal", batch, m.shape.slice(0, -1), c.shape.slice(0, -2));
  const factor = cholesky(c);
  const z = normal(key, [...batch, n], { dtype });
  return np.add(m, matvec(factor, z));
}

/**
 * Random orthogonal matrices (Haar measure on O(n)), shape [...shape, n, m] (m defaults to n), as
 * `jax.random.orthogonal`: the Q factor of a normal matrix with R's diagonal made positive. The
 * QR here is classical Gram-Schmidt with one reorthogonalization pass, unrolled for static sizes
 * (dprog has no QR yet); it gives the same Q as JAX's to float rounding.
 *
 * @example
 * // a 3x3 orthogonal matrix
 * random.orthogonal(random.key(0), 3); // Array([[ 0.95541006,  0.29413578,  0.02599559], [-0.04628982,  0.23614088, -0.9706156 ], [-0.2916314 ,  0.92613256,  0.23922686]], dtype=float32)
 */
export function orthogonal(key: ArrayLike, n: number, shape?: readonly number[] | RandomKw<{ dtype?: DType; m?: number | null }>, dtype?: DTypeLike | null | RandomKw<{ dtype?: DType; m?: number | null }>, opts?: RandomKw<{ dtype?: DType; m?: number | null }>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<{ dtype?: DType; m?: number | null }>>("orthogonal", ["shape", "dtype", "m"], [shape, dtype, opts]);
  return orthogonalImpl(key, n, s ?? [], o as { dtype?: DType; m?: number | null });
}
function orthogonalImpl(key: ArrayLike, n: number, shape: readonly number[] = [], opts: { dtype?: DType; m?: number | null } = {}): Array {
  const dtype = floatDType("orthogonal", opts.dtype);
  const m = opts.m ?? n;
  keyWords(key, "orthogonal");
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(m) || m < 0) throw new ValueError(`orthogonal: n and m must be nonnegative integers, got n=${n}, m=${m}`);
  checkShape("orthogonal", shape);
  const rows = Math.max(n, m);
  const cols = Math.min(n, m);
  const z = normal(key, [...shape, rows, cols], { dtype });
  const nd = z.ndim;
  const column = (j: number): Array => lax.reshape(lax.sliceInDim(z, j, j + 1, 1, nd - 1), [...shape, rows]);
  const dot = (a: Array, b: Array): Array => np.sum(np.multiply(a, b), -1, true);
  const q: Array[] = [];
  for (let j = 0; j < cols; j++) {
    let v = column(j);
    for (let pass = 0; pass < 2; pass++) {
      for (const qk of q) v = np.subtract(v, np.multiply(dot(qk, v), qk));
    }
    q.push(np.divide(v, np.sqrt(dot(v, v))));
  }
  const x = cols === 0 ? z : np.stack(q, -1);
  return n < m ? np.swapaxes(x, -1, -2) : x;
}

// ---- poisson and binomial ----

/** log Gamma(x) for x >= 1 (Lanczos, g = 7, 9 terms), elementwise; used only in acceptance tests. */
function lgammaPos(x: Array): Array {
  const dtype = x.dtype as FloatDType;
  const c = (v: number): Array => full(v, dtype, x.shape);
  const coef = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61503916999185, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const xm1 = lax.sub(x, c(1));
  let s = c(coef[0]!);
  for (let i = 1; i < coef.length; i++) s = lax.add(s, lax.div(c(coef[i]!), lax.add(xm1, c(i))));
  const tt = lax.add(xm1, c(7.5));
  return lax.add(lax.add(c(0.5 * Math.log(2 * Math.PI)), lax.sub(lax.mul(lax.add(xm1, c(0.5)), lax.log(tt)), tt)), lax.log(s));
}

const anyTrue = (x: Array): Array => (x.ndim === 0 ? x : lax.reduceOr(x, x.shape.map((_, i) => i)));

type KnuthCarry = [Array, Array, Array, Array];

function poissonKnuth(key: Array, lam: Array, shape: readonly number[]): Array {
  const init: KnuthCarry = [np.array(0, { dtype: "int32" }), full(0, "int32", shape), key, full(0, "float32", shape)];
  const [, k] = lax.whileLoop(
    ([, , , logProd]: KnuthCarry) => anyTrue(lax.gt(logProd, lax.neg(lam))),
    ([i, kk, rng, logProd]: KnuthCarry): KnuthCarry => {
      const [next, sub] = splitKeys(rng, 2) as [Array, Array];
      const k2 = lax.select(lax.gt(logProd, lax.neg(lam)), lax.add(kk, full(1, "int32", shape)), kk);
      const u = uniform(sub, shape, { dtype: "float32" });
      return [lax.add(i, np.array(1, { dtype: "int32" })), k2, next, round32(lax.add(logProd, log32(u)))];
    },
    init,
  );
  return lax.sub(k, full(1, "int32", shape));
}

type RejectCarry = [Array, Array, Array, Array];

function poissonRejection(key: Array, lam: Array, shape: readonly number[]): Array {
  const c = (v: number): Array => full(v, "float32", shape);
  const logLam = log32(lam);
  const b = r32(lax.add(c(0.931), r32(lax.mul(c(2.53), r32(lax.sqrt(lam))))));
  const a = r32(lax.add(c(-0.059), r32(lax.mul(c(0.02483), b))));
  const invAlpha = r32(lax.add(c(1.1239), r32(lax.div(c(1.1328), r32(lax.sub(b, c(3.4)))))));
  const vR = r32(lax.sub(c(0.9277), r32(lax.div(c(3.6224), r32(lax.sub(b, c(2)))))));
  const init: RejectCarry = [np.array(0, { dtype: "int32" }), c(-1), full(0, "bool", shape), key];
  const [, kOut] = lax.whileLoop(
    ([, , accepted]: RejectCarry) => anyTrue(lax.bitwiseNot(accepted)),
    ([i, kPrev, accepted, rng]: RejectCarry): RejectCarry => {
      const [next, s0, s1] = splitKeys(rng, 3) as [Array, Array, Array];
      const u = r32(lax.sub(uniform(s0, shape), c(0.5)));
      const v = uniform(s1, shape);
      const us = r32(lax.sub(c(0.5), lax.abs(u)));
      const twoAOverUs = r32(lax.div(r32(lax.mul(c(2), a)), us));
      const k = lax.floor(r32(lax.add(r32(lax.add(r32(lax.mul(r32(lax.add(twoAOverUs, b)), u)), lam)), c(0.43))));
      const s = log32(r32(lax.div(r32(lax.mul(v, invAlpha)), r32(lax.add(r32(lax.div(a, r32(lax.mul(us, us)))), b)))));
      const tt = r32(lax.sub(r32(lax.add(lax.neg(lam), r32(lax.mul(k, logLam)))), r32(lgammaPos(lax.max(lax.add(k, c(1)), c(1))))));
      const accept1 = lax.bitwiseAnd(lax.ge(us, c(0.07)), lax.le(v, vR));
      const reject = lax.bitwiseOr(lax.lt(k, c(0)), lax.bitwiseAnd(lax.lt(us, c(0.013)), lax.gt(v, us)));
      const accept = lax.bitwiseOr(accept1, lax.bitwiseAnd(lax.bitwiseNot(reject), lax.le(s, tt)));
      return [lax.add(i, np.array(1, { dtype: "int32" })), lax.select(accept, k, kPrev), lax.bitwiseOr(accepted, accept), next];
    },
    init,
  );
  return lax.convertElementType(kOut, "int32");
}

/**
 * Poisson(lam) samples (int32), as `jax.random.poisson`: Knuth's product of uniforms for
 * lam < 10 and Hormann's transformed rejection (PTRS) above. The rejection test uses a Lanczos
 * log-gamma where XLA uses its own, so a draw can differ from JAX's when it sits on the acceptance
 * boundary.
 *
 * @example
 * // int32 counts
 * random.poisson(random.key(0), 3.0, [5]); // Array([0, 0, 4, 4, 1], dtype=int32)
 */
export function poisson(key: ArrayLike, lam: ArrayLike, shape?: readonly number[] | null | RandomKw<DTypeOptions>, dtype?: DTypeLike | null | RandomKw<DTypeOptions>, opts?: RandomKw<DTypeOptions>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<DTypeOptions>>("poisson", ["shape", "dtype"], [shape, dtype, opts]);
  return poissonImpl(key, lam, s ?? undefined, o as DTypeOptions);
}
function poissonImpl(key: ArrayLike, lam: ArrayLike, shape?: readonly number[] | null, opts: DTypeOptions = {}): Array {
  const dtype = opts.dtype ?? "int32";
  if (dtype !== "int32" && dtype !== "uint32") throw new TypeError(`poisson: dtype must be an integer dtype, got ${dtype}`);
  keyWords(key, "poisson");
  const outShape = shape === undefined || shape === null ? np.shape(lam) : [...shape];
  checkShape("poisson", outShape, np.shape(lam));
  const l = param(lam, "float32", outShape);
  const useKnuth = lax.bitwiseOr(lax.ne(l, l), lax.lt(l, full(10, "float32", outShape)));
  const lamKnuth = lax.select(useKnuth, l, full(0, "float32", outShape));
  const lamRejection = lax.select(useKnuth, full(1e5, "float32", outShape), l);
  const k = key as Array;
  const result = lax.select(useKnuth, poissonKnuth(k, lamKnuth, outShape), poissonRejection(k, lamRejection, outShape));
  const out = lax.select(lax.eq(l, full(0, "float32", outShape)), full(0, "int32", outShape), result);
  return dtype === "int32" ? out : lax.convertElementType(out, dtype);
}

const STIRLING_TAIL = [0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.010411265261972, 0.00925546218271273, 0.00833056343336287];

function stirlingTail(k: Array): Array {
  const dtype = k.dtype as FloatDType;
  const c = (v: number): Array => full(v, dtype, k.shape);
  const useTable = lax.le(k, c(9));
  const kc = lax.clamp(c(0), k, c(9));
  const kp1sq = lax.mul(lax.add(kc, c(1)), lax.add(kc, c(1)));
  const approx = lax.div(lax.sub(c(1 / 12), lax.div(lax.sub(c(1 / 360), lax.div(c(1 / 1260), kp1sq)), kp1sq)), lax.add(kc, c(1)));
  const idx = lax.convertElementType(lax.floor(kc), "int32");
  const table = np.array(STIRLING_TAIL, { dtype });
  return lax.select(useTable, table.get(idx), approx);
}

function binomialInversion(key: Array, count: Array, prob: Array, shape: readonly number[]): Array {
  const dtype = prob.dtype as FloatDType;
  const c = (v: number): Array => full(v, dtype, shape);
  const log1mp = xlog1p(lax.neg(prob));
  type Carry = [Array, Array, Array, Array];
  const init: Carry = [np.array(0, { dtype: "int32" }), c(0), c(0), key];
  const [, numGeom] = lax.whileLoop(
    ([, , geomSum]: Carry) => anyTrue(lax.le(geomSum, count)),
    ([i, num, geomSum, rng]: Carry): Carry => {
      const [sub, next] = splitKeys(rng, 2) as [Array, Array];
      const numOut = lax.select(lax.le(geomSum, count), lax.add(num, c(1)), num);
      const u = uniform(sub, shape, { dtype });
      const geom = lax.ceil(r32(lax.div(xlog(u), log1mp)));
      return [lax.add(i, np.array(1, { dtype: "int32" })), numOut, r32(lax.add(geomSum, geom)), next];
    },
    init,
  );
  return lax.sub(numGeom, c(1));
}

function binomialBtrs(key: Array, count: Array, prob: Array, shape: readonly number[]): Array {
  const dtype = prob.dtype as FloatDType;
  const c = (v: number): Array => full(v, dtype, shape);
  const log = xlog;
  const stddev = lax.sqrt(lax.mul(lax.mul(count, prob), lax.sub(c(1), prob)));
  const b = lax.add(c(1.15), lax.mul(c(2.53), stddev));
  const a = lax.add(lax.add(c(-0.0873), lax.mul(c(0.0248), b)), lax.mul(c(0.01), prob));
  const cc = lax.add(lax.mul(count, prob), c(0.5));
  const vR = lax.sub(c(0.92), lax.div(c(4.2), b));
  const r = lax.div(prob, lax.sub(c(1), prob));
  const alpha = lax.mul(lax.add(c(2.83), lax.div(c(5.1), b)), stddev);
  const m = lax.floor(lax.mul(lax.add(count, c(1)), prob));
  type Carry = [Array, Array, Array, Array];
  const init: Carry = [np.array(0, { dtype: "int32" }), c(-1), full(0, "bool", shape), key];
  const [, kOut] = lax.whileLoop(
    ([, , accepted]: Carry) => anyTrue(lax.bitwiseNot(accepted)),
    ([i, kPrev, accepted, rng]: Carry): Carry => {
      const [next, s0, s1] = splitKeys(rng, 3) as [Array, Array, Array];
      const u = lax.sub(uniform(s0, shape, { dtype }), c(0.5));
      let v = uniform(s1, shape, { dtype });
      const us = lax.sub(c(0.5), lax.abs(u));
      const accept1 = lax.bitwiseAnd(lax.ge(us, c(0.07)), lax.le(v, vR));
      const k = lax.floor(lax.add(lax.mul(lax.add(lax.div(lax.mul(c(2), a), us), b), u), cc));
      const reject = lax.bitwiseOr(lax.lt(k, c(0)), lax.gt(k, count));
      v = log(lax.div(lax.mul(v, alpha), lax.add(lax.div(a, lax.mul(us, us)), b)));
      const ub = [
        lax.mul(lax.add(m, c(0.5)), log(lax.div(lax.add(m, c(1)), lax.mul(r, lax.add(lax.sub(count, m), c(1)))))),
        lax.mul(lax.add(count, c(1)), log(lax.div(lax.add(lax.sub(count, m), c(1)), lax.add(lax.sub(count, k), c(1))))),
        lax.mul(lax.add(k, c(0.5)), log(lax.div(lax.mul(r, lax.add(lax.sub(count, k), c(1))), lax.add(k, c(1))))),
        stirlingTail(m),
        stirlingTail(lax.sub(count, m)),
      ].reduce((x, y) => lax.add(x, y));
      const ubAll = lax.sub(lax.sub(ub, stirlingTail(k)), stirlingTail(lax.sub(count, k)));
      const accept = lax.bitwiseOr(accept1, lax.bitwiseAnd(lax.bitwiseNot(reject), lax.le(v, ubAll)));
      return [lax.add(i, np.array(1, { dtype: "int32" })), lax.select(accept, k, kPrev), lax.bitwiseOr(accepted, accept), next];
    },
    init,
  );
  return kOut;
}

/**
 * Binomial(n, p) samples as floats, as `jax.random.binomial`: geometric inversion when
 * n min(p, 1 - p) <= 10, else the BTRS transformed rejection (Hormann 1993); p > 1/2 samples
 * n - Binomial(n, 1 - p). Invalid p or n give nan; n = inf gives inf.
 *
 * @example
 * random.binomial(random.key(0), 10, 0.3, [4]); // Array([2., 2., 1., 2.], dtype=float32)
 */
export function binomial(key: ArrayLike, n: ArrayLike, p: ArrayLike, shape?: readonly number[] | null | RandomKw<DTypeOptions>, dtype?: DTypeLike | null | RandomKw<DTypeOptions>, opts?: RandomKw<DTypeOptions>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<DTypeOptions>>("binomial", ["shape", "dtype"], [shape, dtype, opts]);
  return binomialImpl(key, n, p, s ?? undefined, o as DTypeOptions);
}
function binomialImpl(key: ArrayLike, n: ArrayLike, p: ArrayLike, shape?: readonly number[] | null, opts: DTypeOptions = {}): Array {
  keyWords(key, "binomial");
  const pArr = p instanceof Array ? p : np.array(p as number, { dtype: defaultFloatDType() });
  const pd: FloatDType = pArr.dtype === "float64" ? "float64" : "float32";
  const dtype = floatDType("binomial", opts.dtype ?? pd);
  const outShape = shapeOf(shape, n, p);
  checkShape("binomial", outShape, np.shape(n), np.shape(p));
  const c = (v: number): Array => full(v, pd, outShape);
  let count = param(n, pd, outShape);
  const prob = param(pArr, pd, outShape);
  const pLtHalf = lax.lt(prob, c(0.5));
  let q = lax.select(pLtHalf, prob, lax.sub(c(1), prob));
  const countNanOrNeg = lax.bitwiseOr(lax.ne(count, count), lax.lt(count, c(0)));
  const countInf = lax.eq(lax.abs(count), c(Infinity));
  const qIsNan = lax.ne(q, q);
  const qLt0 = lax.lt(q, c(0));
  q = lax.select(lax.bitwiseOr(qIsNan, qLt0), c(0.01), q);
  const useInversion = lax.bitwiseOr(countNanOrNeg, lax.le(lax.mul(count, q), c(10)));
  count = lax.floor(count);
  const countInv = lax.select(useInversion, count, c(0));
  const countBtrs = lax.select(useInversion, c(1e4), count);
  const qBtrs = lax.select(useInversion, c(0.5), q);
  const k = key as Array;
  let samples = lax.select(useInversion, binomialInversion(k, countInv, q, outShape), binomialBtrs(k, countBtrs, qBtrs, outShape));
  const invalid = lax.bitwiseOr(lax.bitwiseOr(qLt0, qIsNan), countNanOrNeg);
  samples = lax.select(invalid, c(NaN), samples);
  samples = lax.select(lax.bitwiseAnd(countInf, lax.bitwiseNot(invalid)), c(Infinity), samples);
  const keep = lax.bitwiseOr(lax.bitwiseOr(pLtHalf, countNanOrNeg), lax.bitwiseOr(qIsNan, countInf));
  samples = lax.select(keep, samples, lax.sub(count, samples));
  return dtype === pd ? samples : lax.convertElementType(samples, dtype);
}

/**
 * `random.keyData(keys)` (jax.random.key_data): the raw uint32[..., 2] data of PRNG keys (dprog keys are raw already).
 *
 * @example
 * ```ts
 * random.keyData(random.key(42)); // Array([ 0, 42], dtype=uint32)
 * ```
 */
export function keyData(keys: ArrayLike): Array {
  if (!(keys instanceof Array) || keys.dtype !== "uint32" || keys.ndim === 0 || keys.shape[keys.ndim - 1] !== 2) {
    throw new TypeError(`key_data expects a key array (uint32 with trailing dimension 2), got ${keys instanceof Array ? `${keys.dtype}[${keys.shape.join(",")}]` : String(keys)}`);
  }
  return keys;
}

/**
 * Keys from raw uint32[..., 2] data, as `jax.random.wrap_key_data`; only the threefry2x32 `impl`
 * exists. dprog keys are the raw data, so this validates and returns it.
 *
 * @example
 * // the same key
 * random.wrapKeyData(random.keyData(random.key(0))); // Array([0, 0], dtype=uint32)
 */
export function wrapKeyData(keyBits: ArrayLike, opts: { impl?: string } = {}): Array {
  if (opts.impl !== undefined && opts.impl !== "threefry2x32") throw new ValueError(`wrap_key_data: dprog implements only the threefry2x32 PRNG, got impl=${opts.impl}`);
  return keyData(keyBits);
}
