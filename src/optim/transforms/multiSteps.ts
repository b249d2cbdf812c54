// optax.MultiSteps (transforms/_accumulation.py): gradient accumulation. Each call averages (or
// sums) the gradient into an accumulator; every k-th call hands the accumulated gradient to the
// inner optimizer and emits its updates, the other calls emit zeros and leave its state alone.
// Branch-free (selects instead of lax.cond), so it jits and vmaps as one program.
import { Array } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import { type GradientTransformation, type OptState, type Params, type ExtraArgs, map, asArray, increment, newCount, zerosLikeTree } from "../base.js";

/** MultiSteps' state (optax's MultiStepsState). */
export interface MultiStepsState {
  /** Calls since the last inner update (0 to k - 1). */
  readonly miniStep: Array;
  /** Inner updates applied so far. */
  readonly gradientStep: Array;
  /** The wrapped optimizer's state. */
  readonly innerOptState: OptState;
  /** The running mean of the gradients since the last inner update. */
  readonly accGrads: OptState;
}

/** MultiSteps' options. */
export interface MultiStepsOptions {
  /** Average the k gradients (default) or sum them. */
  useGradMean?: boolean;
  /** A predicate on (updates, gradientStep, params): true skips this gradient entirely (nothing accumulated). */
  shouldSkipUpdateFn?: (updates: Params, gradientStep: Array, params?: Params) => Array;
}

/**
 * `optax.MultiSteps(opt, everyKSchedule)`: applies `opt` once every k calls to the mean of the k
 * gradients (k a number or a function of the number of inner steps taken).
 *
 * @example
 * ```ts
 * const params = np.array([1, 2]);
 * const grads = np.array([0.5, 0.5]);
 * const opt = new optim.MultiSteps(optim.adam(1e-3), 4);
 * let state = opt.init(params);
 * let updates;
 * [updates, state] = opt.update(grads, state, params); // zeros on 3 calls in 4
 * updates; // Array([0., 0.], dtype=float32)
 * ```
 */
export class MultiSteps implements GradientTransformation {
  private readonly everyK: (step: Array) => number | Array;
  private readonly useGradMean: boolean;
  private readonly skip: MultiStepsOptions["shouldSkipUpdateFn"];

  constructor(
    /** The wrapped optimizer, applied once every k calls. */
    readonly innerOpt: GradientTransformation,
    everyKSchedule: number | ((step: Array) => number | Array),
    opts: MultiStepsOptions = {},
  ) {
    this.everyK = typeof everyKSchedule === "number" ? () => everyKSchedule : everyKSchedule;
    this.useGradMean = opts.useGradMean ?? true;
    this.skip = opts.shouldSkipUpdateFn;
  }

  /**
   * `opt.init(params)` (optax.MultiSteps.init): zero counters, the inner optimizer's state and zero
   * accumulated gradients.
   *
   * @example
   * ```ts
   * const opt = new optim.MultiSteps(optim.sgd(0.1), 2);
   * const state = opt.init(np.array([1, 2]));
   * Object.keys(state); // ["miniStep", "gradientStep", "innerOptState", "accGrads"]
   * ```
   */
  init<P>(params: P): OptState {
    const state: MultiStepsState = { miniStep: newCount(), gradientStep: newCount(), innerOptState: this.innerOpt.init(params), accGrads: zerosLikeTree(params) as OptState };
    return state as unknown as OptState;
  }

  /**
   * `opt.update(grads, state, params?)` (optax.MultiSteps.update): accumulates `grads`; every k-th
   * call applies the inner optimizer to their mean, other calls return zero updates.
   *
   * @example
   * ```ts
   * const opt = new optim.MultiSteps(optim.sgd(1), 2);
   * const params = np.zeros([2]);
   * let state = opt.init(params);
   * let updates = params;
   * [updates, state] = opt.update(np.array([1, 2]), state, params);
   * updates; // Array([0., 0.], dtype=float32)
   * [updates, state] = opt.update(np.array([3, 4]), state, params);
   * updates; // Array([-2., -3.], dtype=float32)
   * ```
   */
  update<P>(updates: P, state: unknown, params?: P, extra?: ExtraArgs): [P, OptState] {
    const s = state as MultiStepsState;
    const k = this.everyK(s.gradientStep);
    const mean = this.useGradMean;
    const accGrads = map((g, acc) => (mean ? np.add(acc, np.divide(np.subtract(g, acc), np.astype(np.add(s.miniStep, 1), acc.dtype))) : np.add(g, acc)), updates, s.accGrads);
    const [finalUpdates, innerState] = this.innerOpt.update(map((a, g) => np.astype(a, g.dtype), accGrads, updates) as P, s.innerOptState, params, extra);
    const emit = np.equal(s.miniStep, np.subtract(k, 1));
    const pick = (a: unknown, b: unknown): unknown => map((x, y) => np.astype(np.where(emit, x, y), y.dtype), a, b);
    let next: MultiStepsState = {
      miniStep: np.remainder(increment(s.miniStep), k),
      gradientStep: np.where(emit, increment(s.gradientStep), s.gradientStep),
      innerOptState: pick(innerState, s.innerOptState) as OptState,
      accGrads: map((a) => np.where(emit, np.zerosLike(a), a), accGrads) as OptState,
    };
    let out = map((u) => np.where(emit, u, np.zerosLike(u)), finalUpdates) as P;
    if (this.skip !== undefined) {
      const skip = asArray(this.skip(updates, s.gradientStep, params));
      if (skip.dtype !== "bool" || skip.ndim !== 0) throw new TypeError(`The \`should_skip_update_fn\` function should return a boolean scalar array, but it returned an array of dtype ${skip.dtype} and shape (${skip.shape.join(", ")})`);
      out = map((u) => np.where(skip, np.zerosLike(u), u), out) as P;
      next = map((x, y) => np.where(skip, y, x), next, s) as MultiStepsState;
    }
    return [out, next as unknown as OptState];
  }

  /**
   * `opt.hasUpdated(state)` (optax.MultiSteps.has_updated): true right after a call that applied
   * the inner optimizer.
   *
   * @example
   * ```ts
   * const opt = new optim.MultiSteps(optim.sgd(1), 2);
   * const params = np.zeros([1]);
   * let state = opt.init(params);
   * state = opt.update(np.array([1]), state, params)[1];
   * opt.hasUpdated(state); // Array(False, dtype=bool)
   * state = opt.update(np.array([1]), state, params)[1];
   * opt.hasUpdated(state); // Array(True, dtype=bool)
   * ```
   */
  hasUpdated(state: unknown): Array {
    const s = state as MultiStepsState;
    return np.logicalAnd(np.equal(s.miniStep, 0), np.greater(s.gradientStep, 0));
  }

  /**
   * `opt.gradientTransformation()` (optax.MultiSteps.gradient_transformation): this object as a
   * plain `{ init, update }` pair.
   *
   * @example
   * ```ts
   * const tx = new optim.MultiSteps(optim.sgd(1), 1).gradientTransformation();
   * const params = np.zeros([2]);
   * tx.update(np.array([1, 2]), tx.init(params), params)[0]; // Array([-1., -2.], dtype=float32)
   * ```
   */
  gradientTransformation(): GradientTransformation {
    return { init: (p) => this.init(p), update: (u, st, p, e) => this.update(u, st, p, e) };
  }
}
