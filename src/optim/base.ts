// optim's base (optax/_src/base.py and the first transforms): gradient transformations in optax's shape. A transformation is a pair of pure functions
// `init(params) -> state` and `update(grads, state, params?) -> [updates, state]` over pytrees;
// states are pytrees of Arrays (step counts are int32), so updates can be jitted, vmapped and
// differentiated. Optimizers are chains: adam = chain(scaleByAdam, scaleByLearningRate).
import { Array, ArrayLike } from "../core/array.js";
import * as np from "../numpy/index.js";
import * as tree from "../tree/index.js";
import { ValueError } from "../core/errors.js";

/** A pytree of parameters, gradients or updates (what the transformations below are written over). */
export type Params = unknown;

/**
 * An optimizer state: a pytree of Arrays (step counts are int32), null for stateless parts. Users
 * pass it back to `update` unchanged; it can go through jit, vmap and tree functions.
 */
export type OptState = Array | null | readonly OptState[] | { readonly [key: string]: OptState };

/**
 * A gradient transformation (optax's GradientTransformation): `init(params)` makes the state and
 * `update(updates, state, params?)` returns the transformed updates, with the structure and leaf
 * types of the updates given, and the next state.
 *
 * ```ts
 * const opt = optim.adam(1e-3);
 * let state = opt.init(params);
 * const [updates, next] = opt.update(grads, state, params);   // updates: typeof grads
 * params = optim.applyUpdates(params, updates);                // params: typeof params
 * ```
 */
export interface GradientTransformation {
  /** The optimizer state for parameters `params` (moments shaped like them, step counts). */
  init<P>(params: P): OptState;
  /**
   * `state` is what init or the previous update returned (typed loosely so a state that went
   * through an untyped function is accepted; its structure is checked at run time). `extra` holds
   * optax's extra arguments (`value`, `grad`, `valueFn` for the line searches); chains pass it on.
   */
  update<P>(updates: P, state: unknown, params?: P, extra?: ExtraArgs): [P, OptState];
}

/** optax's `**extra_args` of GradientTransformationExtraArgs: what line searches read. */
export interface ExtraArgs {
  /** The objective's value at the current params. */
  value?: ArrayLike;
  /** The objective's gradient at the current params. */
  grad?: unknown;
  /** The objective, called on candidate params. */
  valueFn?: (params: never) => ArrayLike;
  readonly [key: string]: unknown;
}

/** A transformation as written here, over untyped pytrees. */
export interface TransformationRules {
  init(params: Params): unknown;
  update(updates: Params, state: unknown, params?: Params, extra?: ExtraArgs): [Params, unknown];
}

/**
 * Gives rules their public type. Sound because every update maps the updates' leaves one to one
 * (tree.map), so its result has the updates' structure, and every state is built from Arrays.
 */
export function transformation(rules: TransformationRules): GradientTransformation {
  return rules as GradientTransformation;
}

/** A learning rate: a constant, or a schedule from the int32 step count to a scalar. */
export type Schedule = (count: Array) => ArrayLike;
/** A constant (a number, or a scalar Array as injectHyperparams passes) or a schedule. */
export type ScalarOrSchedule = number | Array | Schedule;

export const map = (f: (...xs: Array[]) => unknown, t: unknown, ...rest: unknown[]): unknown => tree.map(f as (...xs: never[]) => unknown, t, ...rest);
export const asArray = (x: unknown): Array => (x instanceof Array ? x : np.array(x as number));
export const zerosLikeTree = (t: Params): Params => map((x) => np.zerosLike(asArray(x)), t);
const INT32_MAX = 2 ** 31 - 1;

/** count + 1, saturating at int32's maximum (optax's safe_int32_increment). */
export function increment(count: Array): Array {
  return np.where(np.less(count, INT32_MAX), np.add(count, 1), count);
}

export const newCount = (): Array => np.array(0, { dtype: "int32" });

/** optax's NO_PARAMS_MSG, for transformations that need the current params. */
export function requireParams(name: string, params: Params | undefined): Params {
  if (params === undefined || params === null) throw new ValueError(`${name}: you are using a transformation that requires the current value of parameters, but you are not passing \`params\` when calling \`update\`.`);
  return params;
}

/**
 * `optim.applyUpdates(params, updates)` (optax.apply_updates): p + u for every leaf, kept in p's dtype.
 *
 * @example
 * ```ts
 * const params = { w: np.array([1, 2]), b: np.array(0.5) };
 * optim.applyUpdates(params, { w: np.array([0.1, -0.1]), b: np.array(1) }); // { b: Array(1.5, dtype=float32), w: Array([1.1, 1.9], dtype=float32) }
 * ```
 */
export function applyUpdates<P>(params: P, updates: P): P {
  return map((p, u) => {
    const pa = asArray(p);
    return np.astype(np.add(pa, u), pa.dtype);
  }, params, updates) as P;
}

/**
 * `optim.globalNorm(updates)` (optax.global_norm): the square root of the sum of squares of every leaf.
 *
 * @example
 * ```ts
 * optim.globalNorm({ a: np.array([3, 0]), b: np.array([[4]]) }); // Array(5., dtype=float32)
 * ```
 */
export function globalNorm(updates: Params): Array {
  const leaves = tree.leaves(updates).map(asArray);
  let total: Array = np.array(0, { dtype: "float32" });
  for (const l of leaves) total = np.add(total, np.sum(np.square(l)));
  return np.sqrt(total);
}

/**
 * `optim.chain(...transforms)` (optax.chain): runs transformations in sequence; the state is an array with one entry per transformation.
 *
 * @example
 * ```ts
 * const opt = optim.chain(optim.clipByGlobalNorm(1), optim.scale(-0.1));
 * const params = np.array([1, 2]);
 * const [updates] = opt.update(np.array([3, 4]), opt.init(params), params);
 * updates; // Array([-0.06      , -0.08000001], dtype=float32)
 * ```
 */
export function chain(...transforms: GradientTransformation[]): GradientTransformation {
  return transformation({
    init: (params) => transforms.map((t) => t.init(params)),
    update: (grads, state, params, extra) => {
      const states = state as unknown[];
      if (!globalThis.Array.isArray(states) || states.length !== transforms.length) {
        throw new TypeError(`chain: expected a state with ${transforms.length} entries, got ${String(state)}`);
      }
      let updates = grads;
      const next: unknown[] = [];
      transforms.forEach((t, i) => {
        const [u, s] = t.update(updates, states[i], params, extra);
        updates = u;
        next.push(s);
      });
      return [updates, next];
    },
  });
}

/**
 * `optim.scale(step)` (optax.scale): multiplies updates by a constant `step` (stateless); an Array step keeps each update's dtype.
 *
 * @example
 * ```ts
 * const opt = optim.scale(-0.5);
 * opt.update(np.array([1, 2]), opt.init(np.zeros([2])))[0]; // Array([-0.5, -1. ], dtype=float32)
 * ```
 */
export function scale(step: number | Array): GradientTransformation {
  return transformation({
    init: () => null,
    update: (grads, state) => [map((g) => (typeof step === "number" ? np.multiply(g, step) : np.astype(np.multiply(g, step), g.dtype)), grads), state],
  });
}

/**
 * `optim.scaleBySchedule(schedule)` (optax.scale_by_schedule): multiplies updates by `schedule(count)`; the state is the int32 step count.
 *
 * @example
 * ```ts
 * const opt = optim.scaleBySchedule(optim.linearSchedule(1, 0, 4));
 * const params = np.zeros([2]);
 * let state = opt.init(params);
 * let updates = np.array([1, 2]);
 * [updates, state] = opt.update(np.array([1, 2]), state, params);
 * updates; // Array([1., 2.], dtype=float32)
 * [updates, state] = opt.update(np.array([1, 2]), state, params);
 * updates; // Array([0.75, 1.5 ], dtype=float32)
 * ```
 */
export function scaleBySchedule(schedule: Schedule): GradientTransformation {
  return transformation({
    init: () => ({ count: newCount() }),
    update: (grads, state) => {
      const count = (state as { count: Array }).count;
      const stepSize = schedule(count);
      const updates = map((g) => np.astype(np.multiply(g, stepSize), asArray(g).dtype), grads);
      return [updates, { count: increment(count) }];
    },
  });
}

/**
 * `optim.scaleByLearningRate(learningRate, flipSign = true)` (optax.scale_by_learning_rate): scales by -learningRate (descent), constant or scheduled.
 *
 * @example
 * ```ts
 * const opt = optim.scaleByLearningRate(0.1);
 * opt.update(np.array([1, -2]), opt.init(np.zeros([2])))[0]; // Array([-0.1,  0.2], dtype=float32)
 * ```
 */
export function scaleByLearningRate(learningRate: ScalarOrSchedule, flipSign = true): GradientTransformation {
  const m = flipSign ? -1 : 1;
  if (typeof learningRate === "function") return scaleBySchedule((count) => np.multiply(learningRate(count), m));
  return scale(typeof learningRate === "number" ? m * learningRate : np.multiply(learningRate, m));
}

/**
 * `optim.trace(decay, nesterov = false)` (optax.trace): momentum, trace = g + decay * trace; the updates are the trace (or g + decay * trace with Nesterov).
 *
 * @example
 * ```ts
 * const opt = optim.trace(0.9);
 * const params = np.zeros([2]);
 * let state = opt.init(params);
 * let updates = np.array([1, 2]);
 * [updates, state] = opt.update(np.array([1, 2]), state, params);
 * [updates, state] = opt.update(np.array([1, 2]), state, params);
 * updates; // Array([1.9, 3.8], dtype=float32)
 * ```
 */
export function trace(decay: number, nesterov = false): GradientTransformation {
  return transformation({
    init: (params) => ({ trace: zerosLikeTree(params) }),
    update: (grads, state) => {
      const f = (g: Array, t: Array): Array => np.add(g, np.multiply(t, decay));
      const newTrace = map(f, grads, (state as { trace: Params }).trace);
      const updates = nesterov ? map(f, grads, newTrace) : newTrace;
      return [updates, { trace: newTrace }];
    },
  });
}

/** `optax.adam`'s keywords after the learning rate (also scaleByAdam's). */
export interface AdamOptions {
  /** Decay rate of the first-moment average (default 0.9). */
  b1?: number | Array;
  /** Decay rate of the second-moment average (default 0.999). */
  b2?: number | Array;
  /** Added to the denominator outside the square root (default 1e-8). */
  eps?: number | Array;
  /** Added inside the square root (optax's eps_root), for differentiating through the update. */
  epsRoot?: number;
  /** Nesterov momentum (NAdam, Dozat 2016), as optax's scale_by_adam(nesterov=True). */
  nesterov?: boolean;
}

interface AdamState {
  count: Array;
  mu: Params;
  nu: Params;
}

/**
 * `optim.scaleByAdam({ b1, b2, eps, epsRoot, nesterov })` (optax.scale_by_adam): Adam's rescaling, the bias-corrected first moment over the root of the bias-corrected second moment.
 *
 * @example
 * ```ts
 * const opt = optim.scaleByAdam();
 * const params = np.zeros([3]);
 * // the first step is g / (|g| + eps): the sign of the gradient
 * opt.update(np.array([0.5, -2, 0]), opt.init(params), params)[0]; // Array([ 0.9999933, -0.9999933,  0.       ], dtype=float32)
 * ```
 */
export function scaleByAdam(opts: AdamOptions = {}): GradientTransformation {
  const b1 = opts.b1 ?? 0.9;
  const b2 = opts.b2 ?? 0.999;
  const eps = opts.eps ?? 1e-8;
  const epsRoot = opts.epsRoot ?? 0;
  return transformation({
    init: (params): AdamState => ({ count: newCount(), mu: zerosLikeTree(params), nu: zerosLikeTree(params) }),
    update: (grads, state) => {
      const s = state as AdamState;
      // 1 - b in JS for numbers (double precision, as Python's); array hyperparameters come from injectHyperparams.
      const oneMinus = (b: number | Array): number | Array => (typeof b === "number" ? 1 - b : np.subtract(1, b));
      const mu = map((g, m) => np.add(np.multiply(g, oneMinus(b1)), np.multiply(m, b1)), grads, s.mu);
      const nu = map((g, v) => np.add(np.multiply(np.square(g), oneMinus(b2)), np.multiply(v, b2)), grads, s.nu);
      const count = increment(s.count);
      const debias = (x: Array, decay: number | Array, c: Array): Array => np.divide(x, np.subtract(1, np.power(typeof decay === "number" ? np.array(decay, { dtype: x.dtype }) : np.astype(decay, x.dtype), np.astype(c, x.dtype))));
      // NAdam: b1 * m_hat(t + 1) + (1 - b1) * g_hat(t) (optax's scale_by_adam with nesterov).
      const muHat = opts.nesterov
        ? map((m, g) => np.add(np.multiply(debias(m, b1, increment(count)), b1), np.multiply(debias(g, b1, count), oneMinus(b1))), mu, grads)
        : map((m) => debias(m, b1, count), mu);
      const updates = map((m, v) => np.divide(m, np.add(np.sqrt(np.add(debias(v, b2, count), epsRoot)), eps)), muHat, nu);
      return [updates, { count, mu, nu }];
    },
  });
}

/**
 * Adds weightDecay * params to the updates (needs params), as optax's add_decayed_weights: a
 * schedule is evaluated at the int32 step count kept in the state; a weight decay of 0 leaves the
 * updates as they are. (optim.addDecayedWeights adds optax's `mask`.)
 */
export function addDecayedWeightsUnmasked(weightDecay: ScalarOrSchedule = 0): GradientTransformation {
  const scheduled = typeof weightDecay === "function";
  return transformation({
    init: () => (scheduled ? { count: newCount() } : null),
    update: (grads, state, params) => {
      if (params === undefined) throw new TypeError("add_decayed_weights: you are using a transformation that requires the current value of parameters, but you are not passing `params` when calling `update`.");
      const next = scheduled ? { count: increment((state as { count: Array }).count) } : state;
      if (weightDecay === 0) return [grads, next];
      const decay = scheduled ? weightDecay((state as { count: Array }).count) : weightDecay;
      return [map((g, p) => np.add(g, np.astype(np.multiply(p, decay), g.dtype)), grads, params), next];
    },
  });
}

/**
 * `optim.clipByGlobalNorm(maxNorm)` (optax.clip_by_global_norm): rescales all updates by maxNorm / globalNorm when the global norm exceeds maxNorm.
 *
 * @example
 * ```ts
 * const opt = optim.clipByGlobalNorm(1);
 * const grads = { a: np.array([3]), b: np.array([4]) };
 * opt.update(grads, opt.init(grads))[0]; // { a: Array([0.6], dtype=float32), b: Array([0.8], dtype=float32) }
 * ```
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation {
  return transformation({
    init: () => null,
    update: (grads, state) => {
      const norm = globalNorm(grads);
      const trigger = np.less(norm, maxNorm);
      const updates = map((t) => np.where(trigger, t, np.astype(np.multiply(np.divide(t, np.astype(norm, t.dtype)), maxNorm), t.dtype)), grads);
      return [updates, state];
    },
  });
}

/**
 * `optim.sgd(learningRate, { momentum, nesterov })` (optax.sgd): stochastic gradient descent, with optional (Nesterov) momentum.
 *
 * @example
 * ```ts
 * const opt = optim.sgd(0.1);
 * let params = np.array([1, 2]);
 * const state = opt.init(params);
 * const grads = grad((p: Array) => np.sum(np.square(p)))(params);
 * const [updates] = opt.update(grads, state, params);
 * updates; // Array([-0.2, -0.4], dtype=float32)
 * params = optim.applyUpdates(params, updates); // Array([0.8, 1.6], dtype=float32)
 * ```
 */
export function sgd(learningRate: ScalarOrSchedule, opts: { momentum?: number; nesterov?: boolean } = {}): GradientTransformation {
  const parts: GradientTransformation[] = [];
  if (opts.momentum !== undefined) parts.push(trace(opts.momentum, opts.nesterov ?? false));
  parts.push(scaleByLearningRate(learningRate));
  return chain(...parts);
}

/**
 * `optim.adam(learningRate, { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot, nesterov })` (optax.adam): Adam (Kingma & Ba), chain(scaleByAdam, scaleByLearningRate).
 *
 * @example
 * ```ts
 * const opt = optim.adam(0.1);
 * let params = np.array([1, -2]);
 * let state = opt.init(params);
 * const loss = (p: Array) => np.sum(np.square(p));
 * for (let i = 0; i < 3; i++) {
 *   const [updates, next] = opt.update(grad(loss)(params), state, params);
 *   params = optim.applyUpdates(params, updates);
 *   state = next;
 * }
 * params; // Array([ 0.7015883, -1.7006254], dtype=float32)
 * ```
 */
export function adam(learningRate: ScalarOrSchedule, opts: AdamOptions = {}): GradientTransformation {
  return chain(scaleByAdam(opts), scaleByLearningRate(learningRate));
}

/**
 * `optim.adamw(learningRate, { b1, b2, eps, weightDecay = 1e-4 })` (optax.adamw): Adam with decoupled weight decay, added to the Adam direction before the learning rate.
 *
 * @example
 * ```ts
 * const opt = optim.adamw(0.1, { weightDecay: 0.5 });
 * const params = np.array([1, 2]);
 * // -0.1 * (sign(g) + 0.5 * params) on the first step
 * opt.update(np.array([1, 1]), opt.init(params), params)[0]; // Array([-0.14999934, -0.19999933], dtype=float32)
 * ```
 */
export function adamw(learningRate: ScalarOrSchedule, opts: AdamOptions & { weightDecay?: number } = {}): GradientTransformation {
  return chain(scaleByAdam(opts), addDecayedWeightsUnmasked(opts.weightDecay ?? 1e-4), scaleByLearningRate(learningRate));
}
