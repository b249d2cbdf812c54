// nn: JAX's jax.nn activations and normalizations, numerically stable for large |x|.
// softmax/logSoftmax subtract the max under stopGradient (as JAX); relu and softplus carry JAX's
// custom derivatives (relu'(0) = 0, softplus' = sigmoid), so gradients are exact everywhere.
import { Array, ArrayLike, Axis } from "../core/array.js";
import type { DType } from "../../jaxpr/index.js";
import * as lax from "../lax/index.js";
import * as np from "../numpy/index.js";
import { promoteArgsInexact } from "../numpy/promote.js";
import { customJvp } from "../ad/custom.js";
import type { CustomJvpFunction } from "../ad/custom.js";

const asFloat = (x: ArrayLike): Array => promoteArgsInexact("nn", [x])[0]!;
const asArray = (x: ArrayLike): Array => (x instanceof Array ? x : np.array(x));
const zerosLike = (x: Array): Array => lax.broadcastInDim(np.array(0, { dtype: x.dtype }), x.shape, []);

let reluCustom: CustomJvpFunction<(x: Array) => Array> | null = null;
/** max(x, 0); the derivative at 0 is 0, as JAX's relu. */
export function relu(x: ArrayLike): Array {
  reluCustom ??= customJvp((a: Array) => np.maximum(a, 0)).defjvp(([a], [t]) => [reluCustom!(a), lax.select(lax.gt(a, zerosLike(a)), t, zerosLike(t))]);
  return reluCustom(asArray(x));
}

/** x * sigmoid(x). */
export function silu(x: ArrayLike): Array {
  const a = asFloat(x);
  return lax.mul(a, lax.logistic(a));
}

/** Alias of silu. */
export const swish = silu;

/** The logistic function 1 / (1 + exp(-x)). */
export function sigmoid(x: ArrayLike): Array {
  return lax.logistic(asFloat(x));
}

/** tanh, as jax.nn.tanh. */
export function tanh(x: ArrayLike): Array {
  return lax.tanh(asFloat(x));
}

function softplusValue(a: Array): Array {
  // log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)): no overflow for large x, no log(1) loss for very negative x.
  return lax.add(lax.max(a, zerosLike(a)), lax.log1p(lax.exp(lax.neg(lax.abs(a)))));
}
let softplusCustom: CustomJvpFunction<(x: Array) => Array> | null = null;
/** log(1 + exp(x)), stable for large |x| (JAX's logaddexp(x, 0)). */
export function softplus(x: ArrayLike): Array {
  softplusCustom ??= customJvp((a: Array) => softplusValue(a)).defjvp(([a], [t]) => [softplusCustom!(a), lax.mul(t, lax.logistic(a))]);
  return softplusCustom(asFloat(x));
}

/** log(sigmoid(x)) = -softplus(-x). */
export function logSigmoid(x: ArrayLike): Array {
  return lax.neg(softplus(lax.neg(asFloat(x))));
}

/** x where x >= 0, negativeSlope * x otherwise. */
export function leakyRelu(x: ArrayLike, negativeSlope = 0.01): Array {
  const a = asFloat(x);
  return np.where(np.greaterEqual(a, 0), a, np.multiply(a, negativeSlope));
}

/**
 * Gaussian error linear unit. With `approximate` (the default, as JAX) the tanh form
 * 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))); otherwise x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)).
 */
export function gelu(x: ArrayLike, approximate = true): Array {
  const a = asFloat(x);
  const c = (v: number): Array => np.array(v, { dtype: a.dtype });
  if (approximate) {
    const inner = np.multiply(c(Math.sqrt(2 / Math.PI)), np.add(a, np.multiply(c(0.044715), lax.integerPow(a, 3))));
    return np.multiply(a, np.multiply(c(0.5), np.add(c(1), lax.tanh(inner))));
  }
  return np.multiply(a, np.multiply(c(0.5), np.add(c(1), lax.erf(np.divide(a, c(Math.SQRT2))))));
}

/** exp(x) / sum(exp(x)) along `axis` (the last by default), computed from x - max(x). */
export function softmax(x: ArrayLike, axis: Axis = -1): Array {
  const a = asFloat(x);
  const shifted = np.subtract(a, lax.stopGradient(np.max(a, axis, true)));
  const unnormalized = np.exp(shifted);
  return np.divide(unnormalized, np.sum(unnormalized, axis, true));
}

/** x - logsumexp(x) along `axis`, computed from x - max(x). */
export function logSoftmax(x: ArrayLike, axis: Axis = -1): Array {
  const a = asFloat(x);
  const shifted = np.subtract(a, lax.stopGradient(np.max(a, axis, true)));
  return np.subtract(shifted, np.log(np.sum(np.exp(shifted), axis, true)));
}

/** log(sum(exp(x))) along `axis` (jax.nn.logsumexp = jax.scipy.special.logsumexp). */
export const logsumexp = np.logsumexp;

/**
 * One-hot encoding: `out[..., k] = (x == k)` for k in [0, numClasses), as `dtype` (float32 by
 * default); the new axis goes at `axis`. Out-of-range values give all zeros.
 */
export function oneHot(x: ArrayLike, numClasses: number, opts: { dtype?: DType; axis?: number } = {}): Array {
  if (!Number.isInteger(numClasses) || numClasses < 0) throw new TypeError(`one_hot: num_classes must be a nonnegative integer, got ${numClasses}`);
  const a = asArray(x);
  const outNdim = a.ndim + 1;
  const axis = opts.axis ?? -1;
  if (axis < -outNdim || axis >= outNdim) throw new RangeError(`axis ${axis} is out of bounds for array of dimension ${outNdim}`);
  const pos = axis < 0 ? axis + outNdim : axis;
  const classesShape = globalThis.Array.from({ length: outNdim }, (_, i) => (i === pos ? numClasses : 1));
  const classes = lax.reshape(np.arange(numClasses, undefined, 1, { dtype: a.dtype === "bool" ? "int32" : a.dtype }), classesShape);
  return np.astype(np.equal(np.expandDims(a, pos), classes), opts.dtype ?? "float32");
}

/**
 * (x - mean) / sqrt(variance + epsilon) along `axis`; mean and variance are computed when not
 * given (variance as E[x^2] - E[x]^2, as JAX).
 */
export function standardize(x: ArrayLike, axis: Axis = -1, opts: { mean?: ArrayLike; variance?: ArrayLike; epsilon?: number } = {}): Array {
  const a = asFloat(x);
  const mean = opts.mean ?? np.mean(a, axis, true);
  const variance = opts.variance ?? np.subtract(np.mean(np.square(a), axis, true), np.square(mean));
  return np.multiply(np.subtract(a, mean), lax.rsqrt(np.add(variance, opts.epsilon ?? 1e-5)));
}
