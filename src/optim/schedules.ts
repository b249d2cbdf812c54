// optax's schedules (optax/schedules/_schedule.py, _join.py): functions from the step count (an
// int32 array or a number) to a value, written with numpy ops so they trace under jit. As optax,
// a non-positive transition_steps gives a constant schedule and a negative transition_begin is 0.
import { Array, ArrayLike } from "../core/array.js";
import * as np from "../numpy/index.js";
import { ValueError } from "../core/errors.js";

/** A schedule as built here: any step count in, an array out (assignable to `Schedule`). */
export type ScheduleFn = (count: ArrayLike) => Array;

/**
 * `optax.constant_schedule(value)`.
 *
 * @example
 * ```ts
 * optim.constantSchedule(0.1)(5); // 0.1
 * ```
 */
export function constantSchedule(value: ArrayLike): ScheduleFn {
  return () => np.asarray(value);
}

/**
 * `optax.polynomial_schedule(initValue, endValue, power, transitionSteps, transitionBegin = 0)`:
 * (init - end) (1 - t / steps)^power + end with t = clip(count - begin, 0, steps).
 *
 * @example
 * ```ts
 * optim.polynomialSchedule(1, 0, 2, 10)(5); // 0.25
 * ```
 */
export function polynomialSchedule(initValue: number, endValue: number, power: number, transitionSteps: number, transitionBegin = 0): ScheduleFn {
  if (transitionSteps <= 0) return constantSchedule(initValue);
  const begin = Math.max(transitionBegin, 0);
  return (count) => {
    const t = np.clip(np.subtract(count, begin), 0, transitionSteps);
    const frac = np.subtract(1, np.divide(t, transitionSteps));
    return np.add(np.multiply(initValue - endValue, np.power(frac, power)), endValue);
  };
}

/**
 * `optax.linear_schedule(initValue, endValue, transitionSteps, transitionBegin = 0)`: polynomialSchedule with power 1.
 *
 * @example
 * ```ts
 * optim.linearSchedule(1, 0, 10)(3); // 0.7
 * ```
 */
export function linearSchedule(initValue: number, endValue: number, transitionSteps: number, transitionBegin = 0): ScheduleFn {
  return polynomialSchedule(initValue, endValue, 1, transitionSteps, transitionBegin);
}

/** `optax.exponential_decay`'s keywords after decayRate. */
export interface ExponentialDecayOptions {
  /** Steps to hold the initial value before decaying (default 0). */
  transitionBegin?: number;
  /** Decay in whole steps of transitionSteps (floor of the exponent). */
  staircase?: boolean;
  /** Bound the value (below when decaying, above when growing). */
  endValue?: number | null;
}

/**
 * `optax.exponential_decay(initValue, transitionSteps, decayRate, { transitionBegin, staircase,
 * endValue })`: init * decayRate^((count - begin) / steps), init before `begin`.
 *
 * @example
 * ```ts
 * optim.exponentialDecay(1, 10, 0.5)(20); // 0.25
 * ```
 */
export function exponentialDecay(initValue: number, transitionSteps: number, decayRate: number, opts: ExponentialDecayOptions = {}): ScheduleFn {
  if (transitionSteps <= 0 || decayRate === 0) return constantSchedule(initValue);
  const begin = Math.max(opts.transitionBegin ?? 0, 0);
  const endValue = opts.endValue ?? null;
  return (count) => {
    const decreased = np.subtract(count, begin);
    let p = np.divide(decreased, transitionSteps);
    if (opts.staircase) p = np.floor(p);
    let value = np.where(np.lessEqual(decreased, 0), initValue, np.multiply(initValue, np.power(decayRate, p)));
    if (endValue !== null) value = decayRate < 1 ? np.maximum(value, endValue) : np.minimum(value, endValue);
    return value;
  };
}

/**
 * `optax.cosine_decay_schedule(initValue, decaySteps, alpha = 0, exponent = 1)`: init ((1 - alpha)
 * c^exponent + alpha) with c = (1 + cos(pi min(count, steps) / steps)) / 2.
 *
 * @example
 * ```ts
 * optim.cosineDecaySchedule(1, 100)(50); // 0.5
 * ```
 */
export function cosineDecaySchedule(initValue: number, decaySteps: number, alpha = 0, exponent = 1): ScheduleFn {
  if (!(decaySteps > 0)) throw new ValueError(`The cosine_decay_schedule requires positive decay_steps, got decay_steps=${decaySteps}.`);
  return (count) => {
    const t = np.minimum(np.astype(count, np.asarray(count).dtype === "float64" ? "float64" : "float32"), decaySteps);
    const cosine = np.multiply(0.5, np.add(1, np.cos(np.multiply(Math.PI / decaySteps, t))));
    return np.multiply(initValue, np.add(np.multiply(1 - alpha, np.power(cosine, exponent)), alpha));
  };
}

/**
 * `optax.join_schedules(schedules, boundaries)`: schedules[i] from boundaries[i - 1] on, each
 * given the count minus its boundary.
 *
 * @example
 * ```ts
 * optim.joinSchedules([optim.constantSchedule(1), optim.linearSchedule(1, 0, 10)], [5])(10); // 0.5
 * ```
 */
export function joinSchedules(schedules: readonly ((count: Array) => ArrayLike)[], boundaries: readonly number[]): ScheduleFn {
  return (count) => {
    const c = np.asarray(count);
    let out = np.asarray(schedules[0]!(c));
    boundaries.forEach((b, i) => {
      const next = schedules[i + 1];
      if (next !== undefined) out = np.where(np.less(c, b), out, next(np.subtract(c, b)));
    });
    return out;
  };
}

/**
 * `optax.warmup_cosine_decay_schedule(initValue, peakValue, warmupSteps, decaySteps, endValue = 0,
 * exponent = 1)`: linear from init to peak over warmupSteps, then cosine decay to endValue at
 * decaySteps (decaySteps counts the warmup).
 *
 * @example
 * ```ts
 * optim.warmupCosineDecaySchedule(0, 1, 10, 110)(60); // 0.5
 * ```
 */
export function warmupCosineDecaySchedule(initValue: number, peakValue: number, warmupSteps: number, decaySteps: number, endValue = 0, exponent = 1): ScheduleFn {
  const alpha = peakValue === 0 ? 0 : endValue / peakValue;
  return joinSchedules([linearSchedule(initValue, peakValue, warmupSteps), cosineDecaySchedule(peakValue, decaySteps - warmupSteps, alpha, exponent)], [warmupSteps]);
}

/**
 * `optax.piecewise_constant_schedule(initValue, boundariesAndScales?)`: the value is multiplied by
 * scales[b] once the count reaches boundary b (keys are step numbers).
 *
 * @example
 * ```ts
 * optim.piecewiseConstantSchedule(1, { 10: 0.1, 20: 0.5 })(25); // 0.05
 * ```
 */
export function piecewiseConstantSchedule(initValue: number, boundariesAndScales?: Readonly<Record<number, number>> | null): ScheduleFn {
  const entries = sortedEntries(boundariesAndScales, "piecewise_constant_schedule");
  return (count) => {
    let v: Array = np.asarray(initValue);
    for (const [threshold, s] of entries) {
      const indicator = np.maximum(0, np.sign(np.subtract(threshold, count)));
      v = np.add(np.multiply(v, indicator), np.multiply(np.multiply(np.subtract(1, indicator), s), v));
    }
    return v;
  };
}

function sortedEntries(map: Readonly<Record<number, number>> | null | undefined, name: string): [number, number][] {
  const entries = Object.entries(map ?? {}).map(([k, v]): [number, number] => [Number(k), v]);
  if (entries.some(([, s]) => s < 0)) throw new ValueError(`\`${name}\` expects non-negative scale factors`);
  return entries.sort((a, b) => a[0] - b[0]);
}

/**
 * `optax.piecewise_interpolate_schedule(interpolateType, initValue, boundariesAndScales?)`: values
 * init * cumulative scales at the boundaries, interpolated linearly or by half a cosine between.
 *
 * @example
 * ```ts
 * optim.piecewiseInterpolateSchedule("linear", 1, { 10: 0.5 })(5); // 0.75
 * ```
 */
export function piecewiseInterpolateSchedule(interpolateType: "linear" | "cosine", initValue: number, boundariesAndScales?: Readonly<Record<number, number>> | null): ScheduleFn {
  if (interpolateType !== "linear" && interpolateType !== "cosine") throw new ValueError("`interpolate_type` must be either 'cosine' or 'linear'");
  const entries = sortedEntries(boundariesAndScales, "piecewise_interpolate_schedule");
  const bounds = [0, ...entries.map(([b]) => b)];
  const values: number[] = [initValue];
  for (const [, s] of entries) values.push(values[values.length - 1]! * s);
  return (count) => {
    let out: Array = np.multiply(np.astype(np.greaterEqual(count, bounds[bounds.length - 1]!), "float32"), values[values.length - 1]!);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const [lo, hi] = [bounds[i]!, bounds[i + 1]!];
      const inside = np.logicalAnd(np.lessEqual(lo, count), np.less(count, hi));
      const pct = np.divide(np.subtract(count, lo), Math.max(hi - lo, 1));
      const [start, end] = [values[i]!, values[i + 1]!];
      const interp = interpolateType === "linear" ? np.add(np.multiply(pct, end - start), start) : np.add(end, np.multiply((start - end) / 2, np.add(np.cos(np.multiply(Math.PI, pct)), 1)));
      out = np.add(out, np.where(inside, interp, 0));
    }
    return out;
  };
}

/**
 * `optax.linear_onecycle_schedule(transitionSteps, peakValue, pctStart = 0.3, pctFinal = 0.85,
 * divFactor = 25, finalDivFactor = 1e4)`: linear from peak / div up to peak at pctStart, back down
 * at pctFinal, then to peak / (div * finalDiv) at transitionSteps (Smith & Topin 2017).
 *
 * @example
 * ```ts
 * optim.linearOnecycleSchedule(100, 1)(30); // 1
 * ```
 */
export function linearOnecycleSchedule(transitionSteps: number, peakValue: number, pctStart = 0.3, pctFinal = 0.85, divFactor = 25, finalDivFactor = 1e4): ScheduleFn {
  if (transitionSteps <= 0) throw new ValueError("A linear onecycle schedule was set with a non-positive `transition_steps`");
  return piecewiseInterpolateSchedule("linear", peakValue / divFactor, {
    [Math.trunc(pctStart * transitionSteps)]: divFactor,
    [Math.trunc(pctFinal * transitionSteps)]: 1 / divFactor,
    [transitionSteps]: 1 / finalDivFactor,
  });
}
