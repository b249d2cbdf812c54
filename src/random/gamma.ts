// Gamma(a, 1) samples, as jax.random.gamma and jax.random.loggamma, following JAX's algorithm so
// that a key gives JAX's values: the key is split into one key per element, and each element runs
// Marsaglia and Tsang's rejection sampler ("A simple method for generating gamma variables",
// ACM TOMS 2000) in its own while loop, batched with vmap (a batched while loop advances only the
// elements still rejecting, so every element gets an exact sample from its own key stream).
// For a < 1 the sampler draws Gamma(a + 1) and multiplies by u^(1/a), u uniform in (0, 1].
// The derivative with respect to `a` is the implicit reparameterization one (Figurnov et al.,
// 2018), dx/da = -(dCDF(x; a)/da) / pdf(x; a), from lax.randomGammaGrad as JAX's (for loggamma,
// d(log x)/da from lax.randomGammaLogGrad).
import { kwargs } from "../numpy/options.js";
import type { RandomKw } from "./keywords.js";
import type { DTypeLike } from "../numpy/dtypeLike.js";
import { Array, ArrayLike } from "../core/array.js";
import type { DType } from "../../jaxpr/index.js";
import * as lax from "../lax/index.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../ad/custom.js";
import type { CustomJvpFunction } from "../ad/custom.js";
import { jit } from "../jit/index.js";
import { vmap } from "../vmap/api.js";
import { keyWords, split, threefryPartitionable } from "./prng.js";
import { checkShape, floatDType, normal, param, uniform } from "./samplers.js";

/** JAX's `_split(key, num)`, as a JS array of `num` keys. */
function splitKeys(key: Array, num: number): Array[] {
  const keys = split(key, num);
  return globalThis.Array.from({ length: num }, (_, i) => lax.reshape(lax.sliceInDim(keys, i, i + 1, 1, 0), [2]));
}

/** [key, x^2, v^3, u] of the latest proposal. */
type Proposal = [Array, Array, Array, Array];
/** [key, x, v] of the latest normal draw. */
type NormalDraw = [Array, Array, Array];

/** One Gamma(alpha, 1) sample (or its log) from a single key and a scalar alpha. */
function gammaOne(key: Array, alpha: Array, logSpace: boolean): Array {
  const dtype = alpha.dtype as "float32" | "float64";
  const constant = (v: number): Array => np.array(v, { dtype });
  const boost = lax.ge(alpha, 1);
  const shifted = lax.select(boost, alpha, lax.add(alpha, 1));
  const d = lax.sub(shifted, 1 / 3);
  const c = lax.div(1 / 3, lax.sqrt(d));

  // The proposal d (1 + c x)^3 is rejected unless u < 1 - 0.0331 x^4 (the cheap squeeze) or
  // log u < x^2 / 2 + d (1 - v + log v), v = (1 + c x)^3.
  const rejected = ([, X, V, U]: Proposal): Array =>
    lax.bitwiseAnd(
      lax.ge(U, lax.sub(1, lax.mul(0.0331, lax.mul(X, X)))),
      lax.ge(lax.log(U), lax.add(lax.mul(X, 0.5), lax.mul(d, lax.add(lax.sub(1, V), lax.log(V))))),
    );
  const propose = ([k]: Proposal): Proposal => {
    const [next, xKey, uKey] = splitKeys(k, 3) as [Array, Array, Array];
    // Normals are redrawn until 1 + c x > 0, where the cube is increasing.
    const [, x, v] = lax.whileLoop(
      ([, , vv]: NormalDraw) => lax.le(vv, 0),
      ([kk]: NormalDraw): NormalDraw => {
        const [nk, sub] = splitKeys(kk, 2) as [Array, Array];
        const z = normal(sub, [], { dtype });
        return [nk, z, lax.add(1, lax.mul(z, c))];
      },
      [xKey, constant(0), constant(-1)] as NormalDraw,
    );
    return [next, lax.mul(x, x), lax.mul(lax.mul(v, v), v), uniform(uKey, [], { dtype })];
  };
  const [loopKey, boostKey] = splitKeys(key, 2) as [Array, Array];
  // The initial state is rejected (u = 2), so the first proposal is always drawn.
  const [, , V] = lax.whileLoop(rejected, propose, [loopKey, constant(0), constant(1), constant(2)] as Proposal);

  if (logSpace) {
    // log(1 - u) <= 0, so the boost stays in log space and tiny samples keep their precision.
    const logU = lax.log1p(lax.neg(uniform(boostKey, [], { dtype })));
    const logBoost = lax.select(lax.bitwiseOr(boost, lax.eq(logU, 0)), constant(0), lax.mul(logU, lax.div(1, alpha)));
    return lax.add(lax.add(lax.log(d), lax.log(V)), logBoost);
  }
  const u = lax.sub(1, uniform(boostKey, [], { dtype }));
  const boostFactor = lax.select(boost, constant(1), lax.pow(u, lax.div(1, alpha)));
  return lax.mul(lax.mul(d, V), boostFactor);
}

/** Samples for every element of `a` (already of the sample dtype and shape), one key each. */
function sampleAll(key: Array, a: Array, logSpace: boolean): Array {
  const n = a.size;
  const perElement = vmap((k: Array, alpha: Array) => gammaOne(k, alpha, logSpace));
  return lax.reshape(perElement(split(key, n), lax.reshape(a, [n])), a.shape);
}

/** d sample / d a: of x, or of log x for log-space samples. */
function sampleDerivative(a: Array, sample: Array, logSpace: boolean): Array {
  return logSpace ? lax.randomGammaLogGrad(a, sample) : lax.randomGammaGrad(a, sample);
}

type Sampler = (key: Array, a: Array) => Array;
const samplers = new Map<string, Sampler>();

/**
 * The jitted sampler (log space or not) with its implicit-reparameterization JVP; built on first
 * use, one per threefry bit layout (a jitted function keeps the layout it was traced with).
 */
function sampler(logSpace: boolean): Sampler {
  const cacheKey = `${logSpace}/${threefryPartitionable()}`;
  let f = samplers.get(cacheKey);
  if (f === undefined) {
    const custom: CustomJvpFunction<Sampler> = customJvp((key: Array, a: Array) => sampleAll(key, a, logSpace));
    custom.defjvp(([key, a], [, ta]) => {
      const x = custom(key, a);
      return [x, lax.mul(ta, sampleDerivative(a, x, logSpace))];
    });
    f = jit((key: Array, a: Array) => custom(key, a));
    samplers.set(cacheKey, f);
  }
  return f;
}

function gammaSamples(name: string, key: ArrayLike, a: ArrayLike, shape: readonly number[] | undefined, dtype: DType | undefined, logSpace: boolean): Array {
  keyWords(key, name);
  // JAX names `gamma` in these messages for loggamma too.
  const d = floatDType("gamma", dtype);
  const aShape = np.shape(a);
  const outShape = shape === undefined ? aShape : [...shape];
  if (shape !== undefined) checkShape("gamma", outShape, aShape);
  const alpha = param(a, d, outShape);
  return sampler(logSpace)(key as Array, alpha);
}

/**
 * `random.gamma(key, a, shape?, dtype?)` (jax.random.gamma): Gamma(a, 1) samples (density proportional to x^(a-1) e^-x, a > 0) of `shape` (default: a's
 * shape; `a` must broadcast to it) and float `dtype` (default float32). Differentiable in `a`.
 *
 * @example
 * ```ts
 * random.gamma(random.key(0), np.array([0.5, 1, 5])); // Array([0.8845647, 0.7262849, 3.7203195], dtype=float32)
 * ```
 */
export function gamma(key: ArrayLike, a: ArrayLike, shape?: readonly number[] | RandomKw<{ dtype?: DType }>, dtype?: DTypeLike | null | RandomKw<{ dtype?: DType }>, opts?: RandomKw<{ dtype?: DType }>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<{ dtype?: DType }>>("gamma", ["shape", "dtype"], [shape, dtype, opts]);
  return gammaImpl(key, a, s ?? undefined, o as { dtype?: DType });
}
function gammaImpl(key: ArrayLike, a: ArrayLike, shape?: readonly number[], opts: { dtype?: DType } = {}): Array {
  return gammaSamples("gamma", key, a, shape, opts.dtype, false);
}

/**
 * `random.loggamma(key, a, shape?, dtype?)` (jax.random.loggamma): the logs of Gamma(a, 1) samples, computed in log space so that the tiny samples frequent for
 * a << 1 keep their precision; exp(loggamma(key, a)) equals gamma(key, a) to rounding.
 *
 * @example
 * ```ts
 * random.loggamma(random.key(0), np.array([0.5, 1, 5])); // Array([-0.12265959, -0.31981286,  1.3138095 ], dtype=float32)
 * ```
 */
export function loggamma(key: ArrayLike, a: ArrayLike, shape?: readonly number[] | RandomKw<{ dtype?: DType }>, dtype?: DTypeLike | null | RandomKw<{ dtype?: DType }>, opts?: RandomKw<{ dtype?: DType }>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<{ dtype?: DType }>>("loggamma", ["shape", "dtype"], [shape, dtype, opts]);
  return loggammaImpl(key, a, s ?? undefined, o as { dtype?: DType });
}
function loggammaImpl(key: ArrayLike, a: ArrayLike, shape?: readonly number[], opts: { dtype?: DType } = {}): Array {
  return gammaSamples("loggamma", key, a, shape, opts.dtype, true);
}
