// optax.scale_by_lbfgs and optax.lbfgs (optax/_src/transform.py, alias.py): the L-BFGS two-loop
// recursion (Nocedal & Wright, algorithm 7.4) over a ring buffer of the last memorySize
// differences of params and gradients, the initial Hessian scaled by <s, y> / <y, y> (or, on the
// first step, by min(1, 1 / ||g||)); lbfgs chains it with a zoom line search.
import { Array } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import * as tree from "../../tree/index.js";
import { ValueError } from "../../core/errors.js";
import { type GradientTransformation, type Params, type ScalarOrSchedule, asArray, map, zerosLikeTree, increment, newCount, transformation, requireParams, chain, scale, scaleByLearningRate } from "../base.js";
import { scaleByZoomLinesearch } from "./zoomLinesearch.js";
import { identity } from "./scaling.js";

interface LbfgsState {
  count: Array;
  params: Params;
  updates: Params;
  diffParamsMemory: Params;
  diffUpdatesMemory: Params;
  weightsMemory: Array;
}

const vdot = (a: Params, b: Params): Array => tree.leaves(map((x, y) => np.sum(np.multiply(x, y)), a, b)).map(asArray).reduce((s, t) => np.add(s, t));
/** Row `i` (traced) of every stacked leaf. */
const row = (t: Params, i: Array): Params => map((x) => np.squeeze(lax.dynamicSlice(x, [i, ...x.shape.slice(1).map(() => 0)], [1, ...x.shape.slice(1)]), 0), t);
/** Every stacked leaf with row `i` (traced) replaced by the matching leaf of `v`. */
const setRow = (t: Params, i: Array, v: Params): Params => map((x, y) => lax.dynamicUpdateSlice(x, np.expandDims(np.astype(y, x.dtype), 0), [i, ...x.shape.slice(1).map(() => 0)]), t, v);

/** The two-loop recursion: H g with H the L-BFGS inverse-Hessian estimate (optax's _precondition_by_lbfgs). */
function precondition(updates: Params, s: Params, y: Params, rhos: Array, identityScale: Array, memoryIdx: Array): Params {
  const m = rhos.shape[0]!;
  const idx = (k: number): Array => np.remainder(np.add(memoryIdx, k), m);
  let vec = updates;
  const alphas: Array[] = [];
  for (let k = m - 1; k >= 0; k--) {
    const i = idx(k);
    const alpha = np.multiply(np.take(rhos, i), vdot(row(s, i), vec));
    vec = map((v, d) => np.astype(np.subtract(v, np.multiply(alpha, d)), v.dtype), vec, row(y, i));
    alphas[k] = alpha;
  }
  vec = map((v) => np.astype(np.multiply(identityScale, v), v.dtype), vec);
  for (let k = 0; k < m; k++) {
    const i = idx(k);
    const beta = np.multiply(np.take(rhos, i), vdot(row(y, i), vec));
    vec = map((v, d) => np.astype(np.add(v, np.multiply(np.subtract(alphas[k]!, beta), d)), v.dtype), vec, row(s, i));
  }
  return vec;
}

/**
 * `optax.scale_by_lbfgs(memorySize = 10, scaleInitPrecond = true)`: the L-BFGS direction H g (not
 * negated; lbfgs negates it). Needs `params`.
 *
 * @example
 * ```ts
 * const opt = optim.scaleByLbfgs();
 * const params = np.array([1, 2]);
 * // No curvature pairs yet: the first direction is the gradient over its norm (scaleInitPrecond).
 * opt.update(np.array([2, 4]), opt.init(params), params)[0]; // Array([0.4472136, 0.8944272], dtype=float32)
 * ```
 */
export function scaleByLbfgs(memorySize = 10, scaleInitPrecond = true): GradientTransformation {
  if (memorySize < 1) throw new ValueError("memory_size must be >= 1");
  return transformation({
    init: (params): LbfgsState => {
      const stacked = map((x) => np.zeros([memorySize, ...x.shape], { dtype: x.dtype }), params);
      const dtype = asArray(tree.leaves(params)[0]).dtype;
      return { count: newCount(), params: zerosLikeTree(params), updates: zerosLikeTree(params), diffParamsMemory: stacked, diffUpdatesMemory: stacked, weightsMemory: np.zeros([memorySize], { dtype }) };
    },
    update: (updates, state, params) => {
      const p = requireParams("scale_by_lbfgs", params);
      const st = state as LbfgsState;
      const memoryIdx = np.remainder(st.count, memorySize);
      const prevIdx = np.remainder(np.subtract(st.count, 1), memorySize);
      const started = np.greater(st.count, 0);
      const dParams = map((a, b) => np.where(started, np.subtract(a, b), np.zerosLike(a)), p, st.params);
      const dUpdates = map((a, b) => np.where(started, np.subtract(a, b), np.zerosLike(a)), updates, st.updates);
      const sy = vdot(dUpdates, dParams);
      const weight = np.astype(np.where(np.logicalAnd(started, np.notEqual(sy, 0)), np.divide(1, sy), 0), st.weightsMemory.dtype);
      const diffParamsMemory = setRow(st.diffParamsMemory, prevIdx, dParams);
      const diffUpdatesMemory = setRow(st.diffUpdatesMemory, prevIdx, dUpdates);
      const weightsMemory = lax.dynamicUpdateSlice(st.weightsMemory, np.reshape(weight, [1]), [prevIdx]);
      let identityScale: Array = np.array(1, { dtype: st.weightsMemory.dtype });
      if (scaleInitPrecond) {
        const yy = vdot(dUpdates, dUpdates);
        const frozen = map((u) => lax.stopGradient(u), updates);
        const updateNorm = np.sqrt(vdot(frozen, frozen));
        identityScale = np.where(started, np.where(np.greater(yy, 0), np.divide(sy, yy), 1), np.minimum(1, np.divide(1, updateNorm)));
      }
      const direction = precondition(updates, diffParamsMemory, diffUpdatesMemory, weightsMemory, identityScale, memoryIdx);
      const next: LbfgsState = { count: increment(st.count), params: p, updates, diffParamsMemory, diffUpdatesMemory, weightsMemory };
      return [direction, next];
    },
  });
}

/** lbfgs' keywords. */
export interface LbfgsOptions {
  /** [10] */
  memorySize?: number;
  /** [true] */
  scaleInitPrecond?: boolean;
  /** The line search; optax's default is scaleByZoomLinesearch(20, { initialGuessStrategy: "one" }); null for none. */
  linesearch?: GradientTransformation | null;
}

/**
 * `optax.lbfgs(learningRate?, { memorySize, scaleInitPrecond, linesearch })`: L-BFGS with a zoom
 * line search. Its update needs `params` and `extra = { value, grad, valueFn }`.
 *
 * @example
 * ```ts
 * const f = (p: Array) => np.sum(np.square(p));
 * const params = np.array([1, 2]);
 * const opt = optim.lbfgs();
 * const state = opt.init(params);
 * const [value, g] = valueAndGrad(f)(params);
 * const [updates] = opt.update(g, state, params, { value, grad: g, valueFn: f });
 * optim.applyUpdates(params, updates); // Array([0.5527864, 1.1055728], dtype=float32)
 * ```
 */
export function lbfgs(learningRate: ScalarOrSchedule | null = null, opts: LbfgsOptions = {}): GradientTransformation {
  const linesearch = opts.linesearch === undefined ? scaleByZoomLinesearch(20, { initialGuessStrategy: "one" }) : opts.linesearch;
  return chain(scaleByLbfgs(opts.memorySize ?? 10, opts.scaleInitPrecond ?? true), learningRate === null ? scale(-1) : scaleByLearningRate(learningRate), linesearch ?? identity());
}
