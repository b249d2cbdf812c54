// optax's elementwise rescalings and clips (optax/_src/transform.py, transforms/_clipping.py,
// transforms/_accumulation.py's ema): each a GradientTransformation over pytrees, moments kept in
// the updates' dtype, step counts int32 saturating as optax's safe_increment.
import { Array } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { type GradientTransformation, type Params, map, asArray, zerosLikeTree, increment, newCount, transformation, requireParams } from "../base.js";

const fullLikeTree = (t: Params, v: number): Params => map((x) => np.fullLike(asArray(x), v), t);
/** 1 - decay, in JS for a number (as Python computes optax's float arithmetic in double precision). */
const oneMinus = (decay: number | Array): number | Array => (typeof decay === "number" ? 1 - decay : np.subtract(1, decay));
/** optax's update_moment: (1 - decay) g^order + decay t. */
const moment = (g: Array, t: Array, decay: number | Array, order: number): Array =>
  np.add(np.multiply(oneMinus(decay), order === 1 ? g : np.power(g, order)), np.multiply(decay, t));
/** A hyperparameter in `dtype`; a number converts exactly (not through a float32 weak scalar). */
const inDtype = (v: number | Array, dtype: Array["dtype"]): Array => (typeof v === "number" ? np.array(v, { dtype }) : np.astype(v, dtype));
/** optax's bias_correction: t / (1 - decay^count), in t's dtype. */
const debias = (t: Array, decay: number | Array, count: Array): Array => np.divide(t, np.subtract(1, np.power(inDtype(decay, t.dtype), np.astype(count, t.dtype))));
const keepDtype = (x: Array, like: Array): Array => np.astype(x, like.dtype);

/** The keywords of scaleByRms and scaleByStddev (and rmsprop). */
export interface RmsOptions {
  /** Decay rate of the second-moment average (default 0.9). */
  decay?: number | Array;
  /** Added to the denominator for stability (default 1e-8). */
  eps?: number | Array;
  /** The second moment's initial value. */
  initialScale?: number;
  /** eps inside the square root (default) or added after it. */
  epsInSqrt?: boolean;
  /** Divide the moments by 1 - decay^t (needs a step count in the state). */
  biasCorrection?: boolean;
}

/**
 * `optax.scale_by_rms`: g / sqrt(nu + eps), nu the exponential moving average of g^2 (RMSProp,
 * Tieleman & Hinton 2012).
 *
 * @example
 * ```ts
 * const opt = optim.scaleByRms();
 * const params = np.zeros([2]);
 * // nu = 0.1 g^2 after one step: g / sqrt(0.1 g^2)
 * opt.update(np.array([1, -2]), opt.init(params), params)[0]; // Array([ 3.1622775, -3.1622777], dtype=float32)
 * ```
 */
export function scaleByRms(opts: RmsOptions = {}): GradientTransformation {
  const { decay = 0.9, eps = 1e-8, initialScale = 0, epsInSqrt = true, biasCorrection = false } = opts;
  return transformation({
    init: (params) => (biasCorrection ? { count: newCount(), nu: fullLikeTree(params, initialScale) } : { nu: fullLikeTree(params, initialScale) }),
    update: (grads, state) => {
      const s = state as { count?: Array; nu: Params };
      const nu = map((g, t) => moment(g, t, decay, 2), grads, s.nu);
      const count = biasCorrection ? increment(s.count!) : null;
      const nuHat = count === null ? nu : map((t) => debias(t, decay, count), nu);
      const updates = map((g, n) => keepDtype(np.multiply(epsInSqrt ? lax.rsqrt(np.add(n, eps)) : np.divide(1, np.add(np.sqrt(n), eps)), g), g), grads, nuHat);
      return [updates, count === null ? { nu } : { count, nu }];
    },
  });
}

/**
 * `optax.scale_by_stddev`: g / sqrt(nu - mu^2 + eps), the centred RMSProp (Graves 2013): mu and nu
 * are moving averages of g and g^2.
 *
 * @example
 * ```ts
 * const opt = optim.scaleByStddev();
 * const params = np.zeros([2]);
 * opt.update(np.array([1, -2]), opt.init(params), params)[0]; // Array([ 3.333333 , -3.3333333], dtype=float32)
 * ```
 */
export function scaleByStddev(opts: RmsOptions = {}): GradientTransformation {
  const { decay = 0.9, eps = 1e-8, initialScale = 0, epsInSqrt = true, biasCorrection = false } = opts;
  return transformation({
    init: (params) => {
      const base = { mu: zerosLikeTree(params), nu: fullLikeTree(params, initialScale) };
      return biasCorrection ? { count: newCount(), ...base } : base;
    },
    update: (grads, state) => {
      const s = state as { count?: Array; mu: Params; nu: Params };
      const mu = map((g, t) => moment(g, t, decay, 1), grads, s.mu);
      const nu = map((g, t) => moment(g, t, decay, 2), grads, s.nu);
      const count = biasCorrection ? increment(s.count!) : null;
      const muHat = count === null ? mu : map((t) => debias(t, decay, count), mu);
      const nuHat = count === null ? nu : map((t) => debias(t, decay, count), nu);
      const scaling = map((m, n) => {
        const variance = np.subtract(n, np.square(m));
        return epsInSqrt ? lax.rsqrt(np.add(variance, eps)) : np.divide(1, np.add(np.sqrt(variance), eps));
      }, muHat, nuHat);
      const updates = map((sc, g) => keepDtype(np.multiply(sc, g), g), scaling, grads);
      return [updates, count === null ? { mu, nu } : { count, mu, nu }];
    },
  });
}

/**
 * `optax.scale_by_rss(initialAccumulatorValue = 0.1, eps = 1e-7)`: g / sqrt(sum of g^2 so far + eps),
 * 0 where that sum is 0 (AdaGrad, Duchi et al. 2011).
 *
 * @example
 * ```ts
 * const opt = optim.scaleByRss();
 * const params = np.zeros([2]);
 * // g / sqrt(0.1 + g^2)
 * opt.update(np.array([1, -2]), opt.init(params), params)[0]; // Array([ 0.95346254, -0.9877296 ], dtype=float32)
 * ```
 */
export function scaleByRss(opts: { initialAccumulatorValue?: number; eps?: number | Array } = {}): GradientTransformation {
  const { initialAccumulatorValue = 0.1, eps = 1e-7 } = opts;
  return transformation({
    init: (params) => ({ sumOfSquares: fullLikeTree(params, initialAccumulatorValue) }),
    update: (grads, state) => {
      const sumOfSquares = map((g, t) => np.add(np.square(g), t), grads, (state as { sumOfSquares: Params }).sumOfSquares);
      const updates = map((t, g) => keepDtype(np.multiply(np.where(np.greater(t, 0), lax.rsqrt(np.add(t, eps)), 0), g), g), sumOfSquares, grads);
      return [updates, { sumOfSquares }];
    },
  });
}

/**
 * `optax.scale_by_adamax(b1 = 0.9, b2 = 0.999, eps = 1e-8)`: m_hat / nu with nu = max(|g| + eps,
 * b2 nu), the infinity-norm Adam (Kingma & Ba 2015, section 7).
 *
 * @example
 * ```ts
 * const opt = optim.scaleByAdamax();
 * const params = np.zeros([2]);
 * opt.update(np.array([1, -2]), opt.init(params), params)[0]; // Array([ 0.99999976, -0.99999976], dtype=float32)
 * ```
 */
export function scaleByAdamax(opts: { b1?: number | Array; b2?: number | Array; eps?: number | Array } = {}): GradientTransformation {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8 } = opts;
  return transformation({
    init: (params) => ({ count: newCount(), mu: zerosLikeTree(params), nu: zerosLikeTree(params) }),
    update: (grads, state) => {
      const s = state as { count: Array; mu: Params; nu: Params };
      const count = increment(s.count);
      const mu = map((g, t) => moment(g, t, b1, 1), grads, s.mu);
      const nu = map((g, t) => np.maximum(np.add(np.abs(g), eps), np.multiply(b2, t)), grads, s.nu);
      const updates = map((m, v) => keepDtype(np.divide(debias(m, b1, count), v), m), mu, nu);
      return [updates, { count, mu, nu }];
    },
  });
}

/**
 * `optax.scale_by_lion(b1 = 0.9, b2 = 0.99)`: sign((1 - b1) g + b1 m), then m = (1 - b2) g + b2 m
 * (Chen et al. 2023, "Symbolic discovery of optimization algorithms").
 *
 * @example
 * ```ts
 * const opt = optim.scaleByLion();
 * const params = np.zeros([3]);
 * opt.update(np.array([1, -2, 0]), opt.init(params), params)[0]; // Array([ 1., -1.,  0.], dtype=float32)
 * ```
 */
export function scaleByLion(opts: { b1?: number | Array; b2?: number | Array } = {}): GradientTransformation {
  const { b1 = 0.9, b2 = 0.99 } = opts;
  return transformation({
    init: (params) => ({ count: newCount(), mu: zerosLikeTree(params) }),
    update: (grads, state) => {
      const s = state as { count: Array; mu: Params };
      const updates = map((g, m) => keepDtype(np.sign(moment(g, m, b1, 1)), g), grads, s.mu);
      const mu = map((g, m) => keepDtype(moment(g, m, b2, 1), m), grads, s.mu);
      return [updates, { count: increment(s.count), mu }];
    },
  });
}

/** optax's safe_norm: the norm, or minNorm where it is at most minNorm (with a gradient that stays finite at 0). */
function safeNorm(x: Array, minNorm: number): Array {
  const norm = np.sqrt(np.sum(np.square(x)));
  const small = np.lessEqual(norm, minNorm);
  const safe = np.where(small, np.onesLike(x), x);
  return np.where(small, np.array(minNorm, { dtype: norm.dtype }), np.sqrt(np.sum(np.square(safe))));
}

/**
 * `optax.scale_by_trust_ratio(minNorm = 0, trustCoefficient = 1, eps = 0)`: each leaf's update times
 * trust * ||param|| / (||update|| + eps), or 1 when either norm is 0 (LARS/LAMB, You et al. 2019).
 *
 * @example
 * ```ts
 * const opt = optim.scaleByTrustRatio();
 * const params = np.array([3, 4]);
 * // ||params|| / ||updates|| = 5 / 1
 * opt.update(np.array([0.6, 0.8]), opt.init(params), params)[0]; // Array([3., 4.], dtype=float32)
 * ```
 */
export function scaleByTrustRatio(opts: { minNorm?: number; trustCoefficient?: number; eps?: number } = {}): GradientTransformation {
  const { minNorm = 0, trustCoefficient = 1, eps = 0 } = opts;
  return transformation({
    init: () => null,
    update: (grads, state, params) => {
      const updates = map((u, p) => {
        const paramNorm = safeNorm(p, minNorm);
        const updateNorm = safeNorm(u, minNorm);
        const ratio = np.divide(np.multiply(trustCoefficient, paramNorm), np.add(updateNorm, eps));
        const zero = np.logicalOr(np.equal(paramNorm, 0), np.equal(updateNorm, 0));
        return keepDtype(np.multiply(u, np.where(zero, np.array(1, { dtype: p.dtype }), ratio)), u);
      }, grads, requireParams("scale_by_trust_ratio", params));
      return [updates, state];
    },
  });
}

/** optax's safe_root_mean_squares: rms(x), or minRms where it is at most minRms. */
function safeRms(x: Array, minRms: number): Array {
  const rms = np.sqrt(np.mean(np.square(x)));
  const small = np.lessEqual(rms, minRms);
  return np.where(small, np.array(minRms, { dtype: rms.dtype }), np.sqrt(np.mean(np.square(np.where(small, np.onesLike(x), x)))));
}

/**
 * `optax.scale_by_param_block_rms(minScale = 1e-3)`: each leaf's update times the rms of its param (Adafactor's relative step).
 *
 * @example
 * ```ts
 * const opt = optim.scaleByParamBlockRms();
 * const params = np.array([3, 4]);
 * opt.update(np.array([1, 1]), opt.init(params), params)[0]; // Array([3.535534, 3.535534], dtype=float32)
 * ```
 */
export function scaleByParamBlockRms(minScale = 1e-3): GradientTransformation {
  return transformation({
    init: () => null,
    update: (grads, state, params) => [map((u, p) => keepDtype(np.multiply(u, safeRms(p, minScale)), u), grads, requireParams("scale_by_param_block_rms", params)), state],
  });
}

/**
 * `optax.ema(decay, debias = true)`: the exponential moving average of the updates, divided by
 * 1 - decay^t when debiased; the state keeps the raw average.
 *
 * @example
 * ```ts
 * const opt = optim.ema(0.5);
 * const params = np.zeros([1]);
 * let state = opt.init(params);
 * let updates = np.zeros([1]);
 * [updates, state] = opt.update(np.array([2]), state, params);
 * updates; // Array([2.], dtype=float32)
 * [updates, state] = opt.update(np.array([4]), state, params);
 * updates; // Array([3.3333333], dtype=float32)
 * ```
 */
export function ema(decay: number | Array, debiasAverage = true): GradientTransformation {
  return transformation({
    init: (params) => ({ count: newCount(), ema: zerosLikeTree(params) }),
    update: (grads, state) => {
      const s = state as { count: Array; ema: Params };
      const average = map((g, t) => moment(g, t, decay, 1), grads, s.ema);
      const count = increment(s.count);
      const updates = debiasAverage ? map((t) => debias(t, decay, count), average) : average;
      return [updates, { count, ema: average }];
    },
  });
}

/**
 * `optax.clip(maxDelta)`: each update clipped to [-maxDelta, maxDelta].
 *
 * @example
 * ```ts
 * const opt = optim.clip(1);
 * opt.update(np.array([-3, 0.5, 2]), opt.init(np.zeros([3])))[0]; // Array([-1. ,  0.5,  1. ], dtype=float32)
 * ```
 */
export function clip(maxDelta: number | Array): GradientTransformation {
  return transformation({
    init: () => null,
    update: (grads, state) => [map((g) => keepDtype(np.clip(g, typeof maxDelta === "number" ? -maxDelta : np.negative(maxDelta), maxDelta), g), grads), state],
  });
}

/**
 * `optax.clip_by_block_rms(threshold)`: each leaf divided by max(1, rms(leaf) / threshold).
 *
 * @example
 * ```ts
 * const opt = optim.clipByBlockRms(1);
 * // rms([3, 4]) = 3.5355339 > 1, so the leaf is divided by it
 * opt.update(np.array([3, 4]), opt.init(np.zeros([2])))[0]; // Array([0.84852815, 1.1313709 ], dtype=float32)
 * ```
 */
export function clipByBlockRms(threshold: number | Array): GradientTransformation {
  return transformation({
    init: () => null,
    update: (grads, state) => [map((u) => keepDtype(np.divide(u, np.maximum(1, np.divide(np.sqrt(np.mean(np.square(u))), threshold))), u), grads), state],
  });
}

/**
 * `optax.set_to_zero()`: zero updates (frozen parameters, with masked or multiTransform).
 *
 * @example
 * ```ts
 * const opt = optim.setToZero();
 * opt.update(np.array([3, 4]), opt.init(np.zeros([2])))[0]; // Array([0., 0.], dtype=float32)
 * ```
 */
export function setToZero(): GradientTransformation {
  return transformation({ init: () => null, update: (grads, state) => [map((g) => np.zerosLike(g), grads), state] });
}

/**
 * `optax.identity()`: the updates unchanged.
 *
 * @example
 * ```ts
 * const opt = optim.identity();
 * opt.update(np.array([3, 4]), opt.init(np.zeros([2])))[0]; // Array([3., 4.], dtype=float32)
 * ```
 */
export function identity(): GradientTransformation {
  return transformation({ init: () => null, update: (grads, state) => [grads, state] });
}
