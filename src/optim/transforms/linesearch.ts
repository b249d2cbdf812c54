// optax.scale_by_backtracking_linesearch (optax/_src/linesearch.py): the update direction is scaled
// by the largest step size in max_lr * decrease^i, i <= maxBacktrackingSteps, that satisfies the
// Armijo sufficient-decrease condition f(x + s u) <= (1 + rtol) f(x) + s c <u, grad f(x)> + atol;
// the search starts from min(increase * previous step, maxLearningRate). It runs as a lax.whileLoop
// over calls of extra.valueFn, so it jits.
import { Array } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import * as tree from "../../tree/index.js";
import { type GradientTransformation, type Params, asArray, map, transformation, requireParams } from "../base.js";
import { ValueError } from "../../core/errors.js";

/** The keywords of scaleByBacktrackingLinesearch (optax's defaults). */
export interface BacktrackingOptions {
  /** Armijo constant c [1e-4]. */
  slopeRtol?: number;
  /** [0.8] */
  decreaseFactor?: number;
  /** [1.5] */
  increaseFactor?: number;
  /** [1] */
  maxLearningRate?: number;
  /** [0] */
  atol?: number;
  /** [0] */
  rtol?: number;
}

const vdot = (a: Params, b: Params): Array => {
  const terms = tree.leaves(map((x, y) => np.sum(np.multiply(x, y)), a, b)).map(asArray);
  return terms.reduce((s, t) => np.add(s, t), np.array(0, { dtype: terms[0]?.dtype ?? "float32" }));
};

/**
 * `optax.scale_by_backtracking_linesearch(maxBacktrackingSteps, opts)`. Its update needs
 * `params` and `extra = { value, grad, valueFn }` (the objective's value and gradient at params).
 *
 * @example
 * ```ts
 * const f = (p: Array) => np.sum(np.square(p));
 * const params = np.array([1, 2]);
 * const opt = optim.chain(optim.sgd(1), optim.scaleByBacktrackingLinesearch(15));
 * const state = opt.init(params);
 * const [value, g] = valueAndGrad(f)(params);
 * const [updates, state2] = opt.update(g, state, params, { value, grad: g, valueFn: f });
 * optim.applyUpdates(params, updates); // Array([-0.6, -1.2], dtype=float32)
 * ```
 */
export function scaleByBacktrackingLinesearch(maxBacktrackingSteps: number, opts: BacktrackingOptions = {}): GradientTransformation {
  const { slopeRtol = 1e-4, decreaseFactor = 0.8, increaseFactor = 1.5, maxLearningRate = 1, atol = 0, rtol = 0 } = opts;
  return transformation({
    init: (params) => {
      const dtype = asArray(tree.leaves(params)[0]).dtype;
      return { learningRate: np.array(1, { dtype }), value: np.array(Infinity, { dtype }), info: { numLinesearchSteps: np.array(0, { dtype: "int32" }), decreaseError: np.array(Infinity, { dtype }) } };
    },
    update: (updates, state, params, extra) => {
      const p = requireParams("scale_by_backtracking_linesearch", params);
      if (extra?.value === undefined || extra.grad === undefined || extra.valueFn === undefined) {
        throw new ValueError("scale_by_backtracking_linesearch: update needs extra arguments value, grad and valueFn (the objective's value and gradient at params, and the objective).");
      }
      const s = state as { learningRate: Array; value: Array };
      const dtype = s.learningRate.dtype;
      const value = np.astype(extra.value, dtype);
      const valueFn = extra.valueFn as (params: Params) => Array;
      const slope = vdot(updates, extra.grad);
      const decreaseError = (step: Array, newValue: Array): Array => {
        const e = np.subtract(np.subtract(newValue, np.multiply(1 + rtol, value)), np.multiply(np.multiply(step, slopeRtol), slope));
        return np.maximum(np.where(np.isnan(e), Infinity, e), 0);
      };
      type Carry = [Array, Array, Array, Array];
      const start: Carry = [np.minimum(np.multiply(increaseFactor, s.learningRate), maxLearningRate), value, np.array(Infinity, { dtype }), np.array(0, { dtype: "int32" })];
      const [lr, newValue, err, iters] = lax.whileLoop(
        ([, , e, i]: Carry) => np.logicalAnd(np.logicalNot(np.lessEqual(e, atol)), np.lessEqual(i, maxBacktrackingSteps)),
        ([step, , , i]: Carry): Carry => {
          const stepNow = np.where(np.greater(i, 0), np.multiply(decreaseFactor, step), step);
          const candidate = map((x, u) => np.astype(np.add(x, np.multiply(stepNow, u)), x.dtype), p, updates);
          const v = np.astype(valueFn(candidate), dtype);
          return [np.astype(stepNow, dtype), v, np.astype(decreaseError(stepNow, v), dtype), np.add(i, 1)];
        },
        start,
      );
      // An infinite decrease error (NaN or inf values everywhere tried) gives a zero step.
      const learningRate = np.where(np.isinf(err), np.zerosLike(lr), lr);
      const scaled = map((u) => np.astype(np.multiply(learningRate, u), u.dtype), updates);
      return [scaled, { learningRate, value: newValue, info: { numLinesearchSteps: iters, decreaseError: err } }];
    },
  });
}
