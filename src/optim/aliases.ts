// optax's optimizers (optax/_src/alias.py) as chains of the transformations, with optax's defaults.
import { type GradientTransformation, type ScalarOrSchedule, type AdamOptions, chain, scale, scaleByAdam, scaleByLearningRate, trace, adam } from "./base.js";
import { scaleByRms, scaleByStddev, scaleByRss, scaleByAdamax, scaleByLion, scaleByTrustRatio, scaleByParamBlockRms, clipByBlockRms, ema, identity, type RmsOptions } from "./transforms/scaling.js";
import { scaleByFactoredRms } from "./transforms/factorized.js";
import { addDecayedWeights, type MaskOrFn } from "./transforms/wrappers.js";

/** rmsprop's keywords: scaleByRms's, plus centred variance and momentum. */
export interface RmspropOptions extends RmsOptions {
  /** Normalize by the variance instead of the second moment (Graves 2013). */
  centered?: boolean;
  /** Momentum (heavy-ball) on the scaled updates; null or omitted: none. */
  momentum?: number | null;
  /** Use Nesterov momentum (with momentum set). */
  nesterov?: boolean;
}

/**
 * `optax.rmsprop(learningRate, { decay = 0.9, eps = 1e-8, initialScale, epsInSqrt, centered, momentum, nesterov, biasCorrection })`.
 *
 * @example
 * ```ts
 * const opt = optim.rmsprop(0.1);
 * const params = np.zeros([2]);
 * opt.update(np.array([1, -2]), opt.init(params), params)[0]; // Array([-0.31622776,  0.31622776], dtype=float32)
 * ```
 */
export function rmsprop(learningRate: ScalarOrSchedule, opts: RmspropOptions = {}): GradientTransformation {
  const { centered = false, momentum = null, nesterov = false, ...rms } = opts;
  return chain(centered ? scaleByStddev(rms) : scaleByRms(rms), scaleByLearningRate(learningRate), momentum !== null ? trace(momentum, nesterov) : identity());
}

/**
 * `optax.adagrad(learningRate, { initialAccumulatorValue = 0.1, eps = 1e-7 })`.
 *
 * @example
 * ```ts
 * const opt = optim.adagrad(0.1);
 * const params = np.zeros([2]);
 * opt.update(np.array([1, -2]), opt.init(params), params)[0]; // Array([-0.09534626,  0.09877297], dtype=float32)
 * ```
 */
export function adagrad(learningRate: ScalarOrSchedule, opts: { initialAccumulatorValue?: number; eps?: number } = {}): GradientTransformation {
  return chain(scaleByRss(opts), scaleByLearningRate(learningRate));
}

/**
 * `optax.adamax(learningRate, { b1 = 0.9, b2 = 0.999, eps = 1e-8 })`.
 *
 * @example
 * ```ts
 * const opt = optim.adamax(0.1);
 * const params = np.zeros([2]);
 * opt.update(np.array([1, -2]), opt.init(params), params)[0]; // Array([-0.09999998,  0.09999998], dtype=float32)
 * ```
 */
export function adamax(learningRate: ScalarOrSchedule, opts: { b1?: number; b2?: number; eps?: number } = {}): GradientTransformation {
  return chain(scaleByAdamax(opts), scaleByLearningRate(learningRate));
}

/**
 * `optax.nadam(learningRate, opts)`: adam with Nesterov momentum (Dozat 2016).
 *
 * @example
 * ```ts
 * const opt = optim.nadam(0.1);
 * const params = np.zeros([2]);
 * opt.update(np.array([1, -2]), opt.init(params), params)[0]; // Array([-0.14736743,  0.14736743], dtype=float32)
 * ```
 */
export function nadam(learningRate: ScalarOrSchedule, opts: Omit<AdamOptions, "nesterov"> = {}): GradientTransformation {
  return adam(learningRate, { ...opts, nesterov: true });
}

/**
 * `optax.lamb(learningRate, { b1 = 0.9, b2 = 0.999, eps = 1e-6, epsRoot = 0, weightDecay = 0, mask })` (You et al. 2019).
 *
 * @example
 * ```ts
 * const opt = optim.lamb(0.1);
 * const params = np.array([3, 4]);
 * opt.update(np.array([1, -2]), opt.init(params), params)[0]; // Array([-0.3535533 ,  0.35355347], dtype=float32)
 * ```
 */
export function lamb(learningRate: ScalarOrSchedule, opts: { b1?: number; b2?: number; eps?: number; epsRoot?: number; weightDecay?: ScalarOrSchedule; mask?: MaskOrFn | null } = {}): GradientTransformation {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-6, epsRoot = 0, weightDecay = 0, mask = null } = opts;
  return chain(scaleByAdam({ b1, b2, eps, epsRoot }), addDecayedWeights(weightDecay, mask), scaleByTrustRatio(), scaleByLearningRate(learningRate));
}

/**
 * `optax.lion(learningRate, { b1 = 0.9, b2 = 0.99, weightDecay = 1e-3, mask })` (Chen et al. 2023).
 *
 * @example
 * ```ts
 * const opt = optim.lion(0.1, { weightDecay: 0 });
 * const params = np.zeros([2]);
 * opt.update(np.array([1, -2]), opt.init(params), params)[0]; // Array([-0.1,  0.1], dtype=float32)
 * ```
 */
export function lion(learningRate: ScalarOrSchedule, opts: { b1?: number; b2?: number; weightDecay?: ScalarOrSchedule; mask?: MaskOrFn | null } = {}): GradientTransformation {
  const { b1 = 0.9, b2 = 0.99, weightDecay = 1e-3, mask = null } = opts;
  return chain(scaleByLion({ b1, b2 }), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate));
}

/** adafactor's keywords (optax's defaults in brackets). */
export interface AdafactorOptions {
  /** [128] */
  minDimSizeToFactor?: number;
  /** [0.8] */
  decayRate?: number;
  /** [0] */
  decayOffset?: number;
  /** Scale updates by the parameters' rms [true]. */
  multiplyByParameterScale?: boolean;
  /** Clip updates by block rms [1]; null for none. */
  clippingThreshold?: number | null;
  /** First-moment decay (no bias correction) [none]. */
  momentum?: number | null;
  /** Decoupled weight decay rate, or a schedule [none]. */
  weightDecayRate?: ScalarOrSchedule | null;
  /** [1e-30] */
  eps?: number;
  /** [true] */
  factored?: boolean;
  /** Which parameters get weight decay: a tree of booleans, or a function of the parameters returning one [all]. */
  weightDecayMask?: MaskOrFn | null;
}

/**
 * `optax.adafactor(learningRate?, opts)` (Shazeer & Stern 2018).
 *
 * @example
 * ```ts
 * const opt = optim.adafactor(0.1);
 * const params = np.ones([2, 2]);
 * // unfactored (dimensions under 128), clipped to rms 1, times rms(params) = 1, times -0.1
 * opt.update(np.array([[1, 2], [3, 4]]), opt.init(params), params)[0]; // Array([[-0.1, -0.1], [-0.1, -0.1]], dtype=float32)
 * ```
 */
export function adafactor(learningRate: ScalarOrSchedule | null = null, opts: AdafactorOptions = {}): GradientTransformation {
  const { minDimSizeToFactor = 128, decayRate = 0.8, decayOffset = 0, multiplyByParameterScale = true, clippingThreshold = 1, momentum = null, weightDecayRate = null, eps = 1e-30, factored = true, weightDecayMask = null } = opts;
  const parts: GradientTransformation[] = [scaleByFactoredRms({ factored, decayRate, stepOffset: decayOffset, minDimSizeToFactor, epsilon: eps })];
  if (clippingThreshold !== null) parts.push(clipByBlockRms(clippingThreshold));
  if (learningRate !== null) parts.push(scaleByLearningRate(learningRate, false));
  if (multiplyByParameterScale) parts.push(scaleByParamBlockRms());
  if (momentum !== null) parts.push(ema(momentum, false));
  if (weightDecayRate !== null) parts.push(addDecayedWeights(weightDecayRate, weightDecayMask));
  parts.push(scale(-1));
  return chain(...parts);
}
