// nn: jax.nn. This module holds the core activations and normalizations, numerically stable for
// large |x|; relu, relu6 and softplus carry custom derivatives (relu'(0) = 0, as JAX). softmax.ts
// has softmax/logSoftmax (max under stopGradient, as JAX's default), activations.ts the rest of
// jax.nn's activations, attention.ts dotProductAttention and initializers.ts jax.nn.initializers.
// Not here: scaled_matmul / scaled_dot_general (cuDNN block-scaled matmuls for NVIDIA GPUs).
import { Array, ArrayLike, Axis } from "../core/array.js";
import type { DType } from "../../jaxpr/index.js";
import { defaultFloatDType } from "../../jaxpr/index.js";
import * as lax from "../lax/index.js";
import * as np from "../numpy/index.js";
import { promoteArgsInexact } from "../numpy/promote.js";
import { kwargs } from "../numpy/options.js";
import { ValueError } from "../core/errors.js";
import type { DTypeLike } from "../numpy/dtypeLike.js";
import { customJvp } from "../ad/custom.js";
import type { CustomJvpFunction } from "../ad/custom.js";

const asFloat = (x: ArrayLike): Array => promoteArgsInexact("nn", [x])[0]!;
const asArray = (x: ArrayLike): Array => (x instanceof Array ? x : np.array(x));
const zerosLike = (x: Array): Array => lax.broadcastInDim(np.array(0, { dtype: x.dtype }), x.shape, []);

let reluCustom: CustomJvpFunction<(x: Array) => Array> | null = null;
/**
 * `nn.relu(x)` (jax.nn.relu): max(x, 0); the derivative at 0 is 0, as JAX's relu.
 *
 * @example
 * ```ts
 * nn.relu(np.array([-1, 0, 2])); // Array([0., 0., 2.], dtype=float32)
 * grad((x: Array) => np.sum(nn.relu(x)))(np.array([-1, 0, 2])); // Array([0., 0., 1.], dtype=float32)
 * ```
 */
export function relu(x: ArrayLike): Array {
  reluCustom ??= customJvp((a: Array) => np.maximum(a, 0)).defjvp(([a], [t]) => [reluCustom!(a), lax.select(lax.gt(a, zerosLike(a)), t, zerosLike(t))]);
  return reluCustom(asArray(x));
}

/**
 * `nn.silu(x)` (jax.nn.silu): x * sigmoid(x).
 *
 * @example
 * ```ts
 * nn.silu(np.array([-1, 0, 2])); // Array([-0.26894143,  0.        ,  1.7615942 ], dtype=float32)
 * ```
 */
export function silu(x: ArrayLike): Array {
  const a = asFloat(x);
  return lax.mul(a, lax.logistic(a));
}

/**
 * `nn.swish(x)` (jax.nn.swish): the other name of {@link silu}.
 *
 * @example
 * ```ts
 * nn.swish(np.array([1])); // Array([0.7310586], dtype=float32)
 * ```
 */
export const swish = silu;

/**
 * `nn.sigmoid(x)` (jax.nn.sigmoid): the logistic function 1 / (1 + exp(-x)).
 *
 * @example
 * ```ts
 * nn.sigmoid(np.array([-1, 0, 2])); // Array([0.26894143, 0.5       , 0.8807971 ], dtype=float32)
 * ```
 */
export function sigmoid(x: ArrayLike): Array {
  return lax.logistic(asFloat(x));
}

/**
 * `nn.tanh(x)` (jax.nn.tanh): the hyperbolic tangent.
 *
 * @example
 * ```ts
 * nn.tanh(np.array([-1, 0, 2])); // Array([-0.7615942,  0.       ,  0.9640276], dtype=float32)
 * ```
 */
export function tanh(x: ArrayLike): Array {
  return lax.tanh(asFloat(x));
}

function softplusValue(a: Array): Array {
  // log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)): no overflow for large x, no log(1) loss for very negative x.
  return lax.add(lax.max(a, zerosLike(a)), lax.log1p(lax.exp(lax.neg(lax.abs(a)))));
}
let softplusCustom: CustomJvpFunction<(x: Array) => Array> | null = null;
/**
 * `nn.softplus(x)` (jax.nn.softplus): log(1 + exp(x)), stable for large |x| (JAX's logaddexp(x, 0)).
 *
 * @example
 * ```ts
 * nn.softplus(np.array([-1, 0, 100])); // Array([  0.3132617,   0.6931472, 100.       ], dtype=float32)
 * ```
 */
export function softplus(x: ArrayLike): Array {
  softplusCustom ??= customJvp((a: Array) => softplusValue(a)).defjvp(([a], [t]) => [softplusCustom!(a), lax.mul(t, lax.logistic(a))]);
  return softplusCustom(asFloat(x));
}

/**
 * `nn.logSigmoid(x)` (jax.nn.log_sigmoid): log(sigmoid(x)) = -softplus(-x).
 *
 * @example
 * ```ts
 * nn.logSigmoid(np.array([-1, 0, 2])); // Array([-1.3132617 , -0.6931472 , -0.12692802], dtype=float32)
 * ```
 */
export function logSigmoid(x: ArrayLike): Array {
  return lax.neg(softplus(lax.neg(asFloat(x))));
}

/**
 * `nn.leakyRelu(x, negativeSlope = 0.01)` (jax.nn.leaky_relu): x where x >= 0, negativeSlope * x otherwise.
 *
 * @example
 * ```ts
 * nn.leakyRelu(np.array([-2, 3])); // Array([-0.02,  3.  ], dtype=float32)
 * nn.leakyRelu(np.array([-2, 3]), { negativeSlope: 0.5 }); // Array([-1.,  3.], dtype=float32)
 * ```
 */
export function leakyRelu(x: ArrayLike, negativeSlope?: ArrayLike | { negativeSlope?: ArrayLike }, opts?: { negativeSlope?: ArrayLike }): Array {
  const a = asFloat(x);
  negativeSlope = kwargs<{ negativeSlope?: ArrayLike }>("leaky_relu", ["negativeSlope"], [negativeSlope, opts]).negativeSlope ?? 0.01;
  return np.where(np.greaterEqual(a, 0), a, np.multiply(a, negativeSlope));
}

/**
 * `nn.gelu(x, approximate = true)` (jax.nn.gelu): the Gaussian error linear unit. With `approximate` (the default, as JAX) the tanh form
 * 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))); otherwise x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)).
 *
 * @example
 * ```ts
 * nn.gelu(np.array([-1, 0, 2])); // Array([-0.158808 ,  0.       ,  1.9545977], dtype=float32)
 * nn.gelu(np.array([-1, 0, 2]), { approximate: false }); // Array([-0.15865526,  0.        ,  1.9544997 ], dtype=float32)
 * ```
 */
export function gelu(x: ArrayLike, approximate?: boolean | { approximate?: boolean }, opts?: { approximate?: boolean }): Array {
  approximate = kwargs<{ approximate?: boolean }>("gelu", ["approximate"], [approximate, opts]).approximate ?? true;
  const a = asFloat(x);
  const c = (v: number): Array => np.array(v, { dtype: a.dtype });
  if (approximate) {
    const inner = np.multiply(c(Math.sqrt(2 / Math.PI)), np.add(a, np.multiply(c(0.044715), lax.integerPow(a, 3))));
    return np.multiply(a, np.multiply(c(0.5), np.add(c(1), lax.tanh(inner))));
  }
  return np.multiply(a, np.multiply(c(0.5), np.add(c(1), lax.erf(np.divide(a, c(Math.SQRT2))))));
}

/**
 * `nn.logsumexp(x, axis?)` (jax.nn.logsumexp = jax.scipy.special.logsumexp): log(sum(exp(x))) along `axis`.
 *
 * @example
 * ```ts
 * nn.logsumexp(np.array([1, 2, 3])); // Array(3.407606, dtype=float32)
 * nn.logsumexp(np.array([[0, 0], [1000, 1000]]), 1); // Array([6.9314718e-01, 1.0006932e+03], dtype=float32)
 * ```
 */
export const logsumexp = np.logsumexp;

/**
 * `nn.oneHot(x, numClasses, { dtype, axis })` (jax.nn.one_hot): `out[..., k] = (x == k)` for k in [0, numClasses), as `dtype` (float32 by
 * default); the new axis goes at `axis`. Out-of-range values give all zeros.
 *
 * @example
 * ```ts
 * nn.oneHot(np.array([0, 2, 5]), 3); // Array([[1., 0., 0.], [0., 0., 1.], [0., 0., 0.]], dtype=float32)
 * nn.oneHot(np.array([1, 0]), 2, { dtype: "int32", axis: 0 }); // Array([[0, 1], [1, 0]], dtype=int32)
 * ```
 */
export function oneHot(x: ArrayLike, numClasses: number, dtype?: DTypeLike | null | OneHotOptions, axis?: number | OneHotOptions, options?: OneHotOptions): Array {
  const opts = kwargs<{ dtype?: DType; axis?: number }>("one_hot", ["dtype", "axis"], [dtype, axis, options]);
  return oneHotImpl(x, numClasses, opts);
}

/** `jax.nn.one_hot`'s keywords. */
export interface OneHotOptions {
  /** The result dtype (default float32). */
  dtype?: DTypeLike | null;
  /** Where the new class axis goes (default -1, last). */
  axis?: number;
}

function oneHotImpl(x: ArrayLike, numClasses: number, opts: { dtype?: DType; axis?: number }): Array {
  if (!Number.isInteger(numClasses) || numClasses < 0) throw new TypeError(`one_hot: num_classes must be a nonnegative integer, got ${numClasses}`);
  const a = asArray(x);
  const outNdim = a.ndim + 1;
  const axis = opts.axis ?? -1;
  if (axis < -outNdim || axis >= outNdim) throw new RangeError(`axis ${axis} is out of bounds for array of dimension ${outNdim}`);
  const pos = axis < 0 ? axis + outNdim : axis;
  const classesShape = globalThis.Array.from({ length: outNdim }, (_, i) => (i === pos ? numClasses : 1));
  const classes = lax.reshape(np.arange(numClasses, undefined, 1, { dtype: a.dtype === "bool" ? "int32" : a.dtype }), classesShape);
  return np.astype(np.equal(np.expandDims(a, pos), classes), opts.dtype ?? defaultFloatDType());
}

/**
 * `jax.nn.standardize(x, axis = -1, mean?, variance?, epsilon = 1e-5, where?, { algorithm })`:
 * (x - mean) / sqrt(variance + epsilon) along `axis`; mean and variance are computed over the
 * elements `where` selects when not given. algorithm "fast" (JAX's default) takes the variance as
 * E[x^2] - E[x]^2 clipped at 0; "stable" as E[(x - mean)^2].
 *
 * @example
 * ```ts
 * nn.standardize(np.array([1, 2, 3])); // Array([-1.2247359,  0.       ,  1.2247359], dtype=float32)
 * nn.standardize(np.array([[1, 3], [2, 6]]), 0); // Array([[-0.99998  , -0.9999978], [ 0.99998  ,  0.9999978]], dtype=float32)
 * ```
 */
export function standardize(x: ArrayLike, axis?: Axis | null | StandardizeOptions, options?: StandardizeOptions): Array {
  const { axis: ax, ...opts } = kwargs<StandardizeOptions>("standardize", ["axis"], [axis, options]);
  const red = ax === undefined ? -1 : ax;
  const a = asFloat(x);
  const where = opts.where ?? undefined;
  const mean = opts.mean ?? np.mean(a, red, true, { where });
  let variance = opts.variance;
  if (variance === undefined) {
    const algorithm = opts.algorithm ?? "fast";
    if (algorithm === "stable") variance = np.mean(np.square(np.subtract(a, mean)), red, true, { where });
    else if (algorithm === "fast") variance = np.clip(np.subtract(np.mean(np.square(a), red, true, { where }), np.square(mean)), 0);
    else throw new ValueError(`Unknown algorithm '${String(algorithm)}'. Expected 'fast' or 'stable'.`);
  }
  return np.multiply(np.subtract(a, mean), lax.rsqrt(np.add(variance, opts.epsilon ?? 1e-5)));
}

/** `jax.nn.standardize`'s keywords. */
export interface StandardizeOptions {
  /** The axis or axes to standardize over (default -1); null: all. */
  axis?: Axis | null;
  /** A precomputed mean (broadcastable, with the reduced axes kept), used instead of computing it. */
  mean?: ArrayLike;
  /** A precomputed variance, used instead of computing it. */
  variance?: ArrayLike;
  /** Added to the variance before the square root (default 1e-5). */
  epsilon?: number;
  /** Elements used for the mean and variance (a boolean mask broadcastable to x). */
  where?: ArrayLike | null;
  /** "fast" (default): E[x^2] - E[x]^2, clipped at 0; "stable": E[(x - mean)^2], one more pass. */
  algorithm?: "fast" | "stable";
}

const constLike = (v: number, a: Array): Array => np.array(v, { dtype: a.dtype });

/**
 * `jax.nn.identity(x)`: x itself.
 *
 * @example
 * ```ts
 * nn.identity(np.array([1, 2])); // Array([1., 2.], dtype=float32)
 * ```
 */
export function identity(x: ArrayLike): Array {
  return asArray(x);
}

let relu6Custom: CustomJvpFunction<(x: Array) => Array> | null = null;
/**
 * `jax.nn.relu6(x)`: min(max(x, 0), 6); the derivative is 1 strictly inside (0, 6) and 0 at both
 * ends, as JAX's custom JVP.
 *
 * @example
 * ```ts
 * nn.relu6(np.array([-1, 3, 7])); // Array([0., 3., 6.], dtype=float32)
 * ```
 */
export function relu6(x: ArrayLike): Array {
  relu6Custom ??= customJvp((a: Array) => np.minimum(np.maximum(a, 0), 6)).defjvp(([a], [t]) => [
    relu6Custom!(a),
    lax.select(np.logicalAnd(np.greater(a, 0), np.less(a, 6)), t, zerosLike(t)),
  ]);
  return relu6Custom(asFloat(x));
}

/**
 * `jax.nn.hard_sigmoid(x)`: relu6(x + 3) / 6.
 *
 * @example
 * ```ts
 * nn.hardSigmoid(np.array([0])); // [0.5]
 * ```
 */
export function hardSigmoid(x: ArrayLike): Array {
  const a = asFloat(x);
  return np.divide(relu6(np.add(a, 3)), 6);
}

/**
 * `jax.nn.hard_swish(x)` (hard_silu): x * hardSigmoid(x).
 *
 * @example
 * ```ts
 * nn.hardSwish(np.array([2])); // [1.6666667]
 * ```
 */
export function hardSwish(x: ArrayLike): Array {
  const a = asFloat(x);
  return np.multiply(a, hardSigmoid(a));
}
/**
 * `nn.hardSilu(x)` (jax.nn.hard_silu): the other name of {@link hardSwish}.
 *
 * @example
 * ```ts
 * nn.hardSilu(np.array([-4, 0, 2])); // Array([-0.       ,  0.       ,  1.6666666], dtype=float32)
 * ```
 */
export const hardSilu = hardSwish;

/**
 * `jax.nn.hard_tanh(x)`: x clipped to [-1, 1].
 *
 * @example
 * ```ts
 * nn.hardTanh(np.array([-2, 0.5])); // [-1., 0.5]
 * ```
 */
export function hardTanh(x: ArrayLike): Array {
  const a = asFloat(x);
  return np.where(np.greater(a, 1), constLike(1, a), np.where(np.less(a, -1), constLike(-1, a), a));
}

/**
 * `jax.nn.soft_sign(x)`: x / (|x| + 1).
 *
 * @example
 * ```ts
 * nn.softSign(np.array([1])); // [0.5]
 * ```
 */
export function softSign(x: ArrayLike): Array {
  const a = asFloat(x);
  return np.divide(a, np.add(np.abs(a), 1));
}

/**
 * `jax.nn.elu(x, alpha = 1)`: x for x > 0, alpha * (exp(x) - 1) otherwise.
 *
 * @example
 * ```ts
 * nn.elu(np.array([-2, 1]), { alpha: 0.5 }); // Array([-0.43233237, 1.], dtype=float32)
 * ```
 */
export function elu(x: ArrayLike, alpha?: ArrayLike | { alpha?: ArrayLike }, opts?: { alpha?: ArrayLike }): Array {
  const al = kwargs<{ alpha?: ArrayLike }>("elu", ["alpha"], [alpha, opts]).alpha ?? 1;
  const a = asFloat(x);
  const pos = np.greater(a, 0);
  return np.where(pos, a, np.multiply(al, np.expm1(np.where(pos, constLike(0, a), a))));
}

/**
 * `jax.nn.celu(x, alpha = 1)`: max(x, 0) + alpha * expm1(min(x, 0) / alpha).
 *
 * @example
 * ```ts
 * nn.celu(np.array([-2]), { alpha: 2 }); // Array([-1.2642411], dtype=float32)
 * ```
 */
export function celu(x: ArrayLike, alpha?: ArrayLike | { alpha?: ArrayLike }, opts?: { alpha?: ArrayLike }): Array {
  const al = kwargs<{ alpha?: ArrayLike }>("celu", ["alpha"], [alpha, opts]).alpha ?? 1;
  const a = asFloat(x);
  return np.add(np.maximum(a, 0), np.multiply(al, np.expm1(np.divide(np.minimum(a, 0), al))));
}

/**
 * `jax.nn.selu(x)`: scale * elu(x, alpha) with JAX's constants.
 *
 * @example
 * ```ts
 * nn.selu(np.array([2])); // [2.101402]
 * ```
 */
export function selu(x: ArrayLike): Array {
  const alpha = 1.6732632423543772848170429916717;
  const scale = 1.0507009873554804934193349852946;
  return np.multiply(scale, elu(x, alpha));
}

/**
 * `jax.nn.glu(x, axis = -1)`: the gated linear unit, a * sigmoid(b) for the two halves of `axis`.
 *
 * @example
 * ```ts
 * nn.glu(np.array([[1, 2, 3, 4]])); // Array([[0.95257413, 1.9640275]], dtype=float32)
 * ```
 */
export function glu(x: ArrayLike, axis?: number | { axis?: number }, opts?: { axis?: number }): Array {
  const ax = kwargs<{ axis?: number }>("glu", ["axis"], [axis, opts]).axis ?? -1;
  const a = asFloat(x);
  const n = a.shape[ax < 0 ? ax + a.ndim : ax];
  if (n === undefined || n % 2 !== 0) throw new Error(`AssertionError: axis size must be divisible by 2, got shape ${JSON.stringify(a.shape)} and axis ${ax}.`);
  const [x1, x2] = np.split(a, 2, ax);
  return np.multiply(x1!, sigmoid(x2!));
}

export { softmax, logSoftmax } from "./softmax.js";
export type { SoftmaxOptions } from "./softmax.js";
export { squareplus, sparsePlus, sparseSigmoid, mish, log1mexp, logmeanexp } from "./activations.js";
export type { LogmeanexpOptions } from "./activations.js";
export { dotProductAttention } from "./attention.js";
export type { DotProductAttentionOptions } from "./attention.js";
export * as initializers from "./initializers.js";
export { maxPool, minPool, avgPool } from "./pooling.js";
export type { PoolOptions, AvgPoolOptions } from "./pooling.js";
