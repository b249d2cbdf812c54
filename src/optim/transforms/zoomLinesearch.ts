// optax.scale_by_zoom_linesearch (optax/_src/linesearch.py, zoom_linesearch): a step size meeting
// the strong Wolfe conditions (Nocedal & Wright, Numerical Optimization, algorithms 3.5 and 3.6).
// Phase 1 grows the step by increaseFactor until an interval holding an acceptable step is found;
// phase 2 zooms into it with cubic, then quadratic, then bisection trials (scipy's safeguards).
// Sufficient decrease uses Hager & Zhang's approximate Wolfe condition when approxDecRtol is set.
// If the search fails, the last step that decreased the objective enough is taken. Everything runs
// in one lax.whileLoop (lax.cond picks the phase), so the update jits.
import { Array } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import * as tree from "../../tree/index.js";
import { valueAndGrad } from "../../ad/index.js";
import { ValueError } from "../../core/errors.js";
import { type GradientTransformation, type Params, asArray, map, transformation, requireParams } from "../base.js";

/** The keywords of scaleByZoomLinesearch (optax's defaults in brackets). */
export interface ZoomLinesearchOptions {
  /** Upper bound on the step size [none]. */
  maxLearningRate?: number | null;
  /** Tolerance on the Wolfe errors [0]. */
  tol?: number;
  /** [2] */
  increaseFactor?: number;
  /** Sufficient-decrease constant c1 [1e-4]. */
  slopeRtol?: number;
  /** Curvature constant c2 [0.9]. */
  curvRtol?: number;
  /** Hager-Zhang approximate decrease tolerance [1e-6]; null for the plain Armijo condition. */
  approxDecRtol?: number | null;
  /** Zoom stops (as failed, with a safe step) on intervals shorter than this [1e-5]. */
  stepsizePrecision?: number;
  /** First trial: 1 ("one") or the previous step ("keep", the default). */
  initialGuessStrategy?: "one" | "keep";
}

interface SearchState {
  count: Array;
  stepsize: Array;
  value: Array;
  grad: Params;
  slope: Array;
  decreaseError: Array;
  curvatureError: Array;
  intervalFound: Array;
  done: Array;
  failed: Array;
  low: Array;
  valueLow: Array;
  slopeLow: Array;
  high: Array;
  valueHigh: Array;
  slopeHigh: Array;
  cubicRef: Array;
  valueCubicRef: Array;
  safeStepsize: Array;
  safeValue: Array;
  safeGrad: Params;
}

const vdot = (a: Params, b: Params, dtype: Array["dtype"]): Array => {
  const terms = tree.leaves(map((x, y) => np.sum(np.multiply(x, y)), a, b)).map(asArray);
  return np.astype(terms.reduce((s, t) => np.add(s, t), np.array(0, { dtype })), dtype);
};
/** Elementwise select over matching pytrees (optax.tree.where). */
const pick = <T extends unknown[]>(c: Array, a: [...T], b: [...T]): T => map((x, y) => np.where(c, x, y), a, b) as T;

/**
 * `optim.cubicmin(a, fa, fpa, b, fb, c, fc)`: scipy's cubic minimizer (scipy.optimize._linesearch._cubicmin) through (a, fa) with slope fpa, (b, fb) and (c, fc); NaN when there is none.
 *
 * @example
 * ```ts
 * // f(x) = x^3 - 3x, with its local minimum at 1: through (0, 0) with slope -3, (2, 2) and (-1, 2)
 * const v = (x: number) => np.array(x);
 * optim.cubicmin(v(0), v(0), v(-3), v(2), v(2), v(-1), v(2)); // Array(1., dtype=float32, weak_type=True)
 * ```
 */
export function cubicmin(a: Array, fa: Array, fpa: Array, b: Array, fb: Array, c: Array, fc: Array): Array {
  const db = np.subtract(b, a);
  const dc = np.subtract(c, a);
  const denom = np.multiply(np.square(np.multiply(db, dc)), np.subtract(db, dc));
  const rb = np.subtract(np.subtract(fb, fa), np.multiply(fpa, db));
  const rc = np.subtract(np.subtract(fc, fa), np.multiply(fpa, dc));
  const A = np.divide(np.subtract(np.multiply(np.square(dc), rb), np.multiply(np.square(db), rc)), denom);
  const B = np.divide(np.add(np.multiply(np.negative(np.power(dc, 3)), rb), np.multiply(np.power(db, 3), rc)), denom);
  const radical = np.subtract(np.square(B), np.multiply(np.multiply(3, A), fpa));
  return np.add(a, np.divide(np.add(np.negative(B), np.sqrt(radical)), np.multiply(3, A)));
}

/**
 * `optim.quadmin(a, fa, fpa, b, fb)`: scipy's quadratic minimizer (scipy.optimize._linesearch._quadmin) through (a, fa) with slope fpa and (b, fb).
 *
 * @example
 * ```ts
 * // f(x) = (x - 1)^2: through (0, 1) with slope -2 and (3, 4)
 * optim.quadmin(np.array(0), np.array(1), np.array(-2), np.array(3), np.array(4)); // Array(1., dtype=float32, weak_type=True)
 * ```
 */
export function quadmin(a: Array, fa: Array, fpa: Array, b: Array, fb: Array): Array {
  const db = np.subtract(b, a);
  const B = np.divide(np.subtract(np.subtract(fb, fa), np.multiply(fpa, db)), np.square(db));
  return np.subtract(a, np.divide(fpa, np.multiply(2, B)));
}


/** What the two phases read: the line's evaluations and errors, and the search's settings. */
interface LineContext {
  guess: Array;
  increaseFactor: number;
  maxLearningRate: number | null;
  tol: number;
  maxLinesearchSteps: number;
  stepsizePrecision: number;
  /** A scalar in the values' dtype. */
  s: (v: number | Array) => Array;
  /** [value, gradient, slope along the updates] at params + step * updates. */
  onLine: (step: Array) => [Array, Params, Array];
  decreaseErrorOf: (step: Array, value: Array, slope: Array) => Array;
  curvatureErrorOf: (slope: Array) => Array;
}

/** Phase 1 (optax's _search_interval): the next, larger trial step, until an interval is bracketed. */
function searchInterval(ctx: LineContext, st: SearchState): SearchState {
  const { guess, increaseFactor, maxLearningRate, s, onLine, decreaseErrorOf, curvatureErrorOf, tol, maxLinesearchSteps } = ctx;
  let step = np.where(np.equal(st.count, 0), guess, np.multiply(increaseFactor, st.stepsize));
  let maxReached = np.array(false);
  if (maxLearningRate !== null) {
    maxReached = np.greaterEqual(step, maxLearningRate);
    step = np.minimum(step, maxLearningRate);
  }
  step = s(step);
  const [v, g, slope] = onLine(step);
  const dec = decreaseErrorOf(step, v, slope);
  const curv = curvatureErrorOf(slope);
  const err = np.maximum(dec, curv);
  const [safeStepsize, safeValue, safeGrad] = pick(np.lessEqual(dec, tol), [step, v, g], [st.safeStepsize, st.safeValue, st.safeGrad]);
  const setHigh = np.logicalOr(np.greater(dec, 0), np.logicalAnd(np.greaterEqual(v, st.value), np.greater(st.count, 0)));
  const setLow = np.logicalAnd(np.greaterEqual(slope, 0), np.logicalNot(setHigh));
  const [low, valueLow, slopeLow, high, valueHigh, slopeHigh] = pick(setLow, [step, v, slope, st.stepsize, st.value, st.slope], [st.stepsize, st.value, st.slope, step, v, slope]);
  const intervalFound = np.logicalOr(np.logicalOr(setHigh, setLow), np.lessEqual(err, tol));
  const done = np.logicalOr(np.lessEqual(err, tol), np.logicalAnd(maxReached, np.logicalNot(intervalFound)));
  const failed = np.logicalAnd(np.greaterEqual(np.add(st.count, 1), maxLinesearchSteps), np.logicalNot(done));
  return {
    count: np.add(st.count, 1), stepsize: step, value: v, grad: g, slope, decreaseError: dec, curvatureError: curv, intervalFound, done, failed,
    low, valueLow, slopeLow, high, valueHigh, slopeHigh, cubicRef: low, valueCubicRef: valueLow, safeStepsize, safeValue, safeGrad,
  };
}

/** Phase 2 (optax's _zoom_into_interval): a cubic, quadratic or bisection trial inside [low, high]. */
function zoomIntoInterval(ctx: LineContext, st: SearchState): SearchState {
  const { s, onLine, decreaseErrorOf, curvatureErrorOf, tol, maxLinesearchSteps, stepsizePrecision } = ctx;
  const delta = np.abs(np.subtract(st.high, st.low));
  const left = np.minimum(st.high, st.low);
  const right = np.maximum(st.high, st.low);
  const tooSmall = np.lessEqual(delta, stepsizePrecision);
  const cubic = cubicmin(st.low, st.valueLow, st.slopeLow, st.high, st.valueHigh, st.cubicRef, st.valueCubicRef);
  const useCubic = np.logicalAnd(np.greater(cubic, np.add(left, np.multiply(0.2, delta))), np.less(cubic, np.subtract(right, np.multiply(0.2, delta))));
  const quad = quadmin(st.low, st.valueLow, st.slopeLow, st.high, st.valueHigh);
  const useQuad = np.logicalAnd(np.logicalNot(useCubic), np.logicalAnd(np.greater(quad, np.add(left, np.multiply(0.1, delta))), np.less(quad, np.subtract(right, np.multiply(0.1, delta)))));
  const useBisection = np.logicalAnd(np.logicalNot(useCubic), np.logicalNot(useQuad));
  let middle = np.where(useCubic, cubic, st.cubicRef);
  middle = np.where(useQuad, quad, middle);
  middle = s(np.where(useBisection, np.divide(np.add(st.low, st.high), 2), middle));
  const [v, g, slope] = onLine(middle);
  const dec = decreaseErrorOf(middle, v, slope);
  const curv = curvatureErrorOf(slope);
  const err = np.maximum(dec, curv);
  const updateSafe = np.logicalAnd(np.lessEqual(dec, tol), np.less(v, st.safeValue));
  const [safeStepsize, safeValue, safeGrad] = pick(updateSafe, [middle, v, g], [st.safeStepsize, st.safeValue, st.safeGrad]);
  const done = np.lessEqual(err, tol);
  const setHighToMiddle = np.logicalOr(np.greater(dec, 0), np.greaterEqual(v, st.valueLow));
  const setHighToLow = np.logicalAnd(np.greaterEqual(np.multiply(slope, np.subtract(st.high, st.low)), 0), np.logicalNot(setHighToMiddle));
  const setLowToMiddle = np.logicalNot(setHighToMiddle);
  const high1 = pick(setHighToMiddle, [middle, v, slope], [st.high, st.valueHigh, st.slopeHigh]);
  const [high, valueHigh, slopeHigh] = pick(setHighToLow, [st.low, st.valueLow, st.slopeLow], high1);
  const [low, valueLow, slopeLow] = pick(setLowToMiddle, [middle, v, slope], [st.low, st.valueLow, st.slopeLow]);
  const [cubicRef, valueCubicRef] = pick(np.logicalOr(setHighToMiddle, setHighToLow), [st.high, st.valueHigh], [st.low, st.valueLow]);
  const presumablyFailed = np.logicalOr(np.greaterEqual(np.add(st.count, 1), maxLinesearchSteps), np.logicalAnd(tooSmall, np.greater(safeStepsize, 0)));
  return {
    count: np.add(st.count, 1), stepsize: middle, value: v, grad: g, slope, decreaseError: dec, curvatureError: curv, intervalFound: st.intervalFound, done,
    failed: np.logicalAnd(presumablyFailed, np.logicalNot(done)),
    low, valueLow, slopeLow, high, valueHigh, slopeHigh, cubicRef, valueCubicRef, safeStepsize, safeValue, safeGrad,
  };
}

/** On failure: the safe step if there is one (or the search left the domain), else the last trial. */
function trySafeStep(st: SearchState): SearchState {
  const useSafe = np.logicalOr(np.greater(st.safeStepsize, 0), np.isinf(st.decreaseError));
  const [stepsize, value, grad] = pick(useSafe, [st.safeStepsize, st.safeValue, st.safeGrad], [st.stepsize, st.value, st.grad]);
  return { ...st, stepsize, value, grad };
}

/**
 * `optax.scale_by_zoom_linesearch(maxLinesearchSteps, opts)`: scales the update direction by a
 * step satisfying the strong Wolfe conditions. Its update needs `params` and
 * `extra = { value, grad, valueFn }`; the state keeps the value and gradient at the new point
 * (`state.value`, `state.grad`), which lbfgs' callers may reuse.
 *
 * @example
 * ```ts
 * const opt = optim.chain(optim.sgd(1), optim.scaleByZoomLinesearch(15));
 * const f = (x: Array) => np.sum(np.square(np.subtract(x, 3)));
 * const params = np.array([0, 1]);
 * const [value, g] = valueAndGrad(f)(params);
 * const [updates] = opt.update(g, opt.init(params), params, { value, grad: g, valueFn: f });
 * // the step along -g that satisfies the strong Wolfe conditions
 * optim.applyUpdates(params, updates); // Array([3., 3.], dtype=float32)
 * ```
 */
export function scaleByZoomLinesearch(maxLinesearchSteps: number, opts: ZoomLinesearchOptions = {}): GradientTransformation {
  const { maxLearningRate = null, tol = 0, increaseFactor = 2, slopeRtol = 1e-4, curvRtol = 0.9, approxDecRtol = 1e-6, stepsizePrecision = 1e-5, initialGuessStrategy = "keep" } = opts;
  if (initialGuessStrategy !== "one" && initialGuessStrategy !== "keep") throw new ValueError(`Unknown initial guess strategy: ${String(initialGuessStrategy)}`);
  return transformation({
    init: (params) => {
      const dtype = asArray(tree.leaves(params)[0]).dtype;
      const inf = np.array(Infinity, { dtype });
      return { learningRate: np.array(1, { dtype }), value: inf, grad: map((x) => np.zerosLike(x), params), info: { numLinesearchSteps: np.array(0, { dtype: "int32" }), decreaseError: inf, curvatureError: inf } };
    },
    update: (updates, state, params, extra) => {
      const p = requireParams("scale_by_zoom_linesearch", params);
      if (extra?.value === undefined || extra.grad === undefined || extra.valueFn === undefined) {
        throw new ValueError("scale_by_zoom_linesearch: update needs extra arguments value, grad and valueFn (the objective's value and gradient at params, and the objective).");
      }
      const prev = state as { learningRate: Array };
      const dtype = prev.learningRate.dtype;
      const s = (v: number | Array): Array => (typeof v === "number" ? np.array(v, { dtype }) : np.astype(v, dtype));
      const fn = extra.valueFn as (params: Params) => Array;
      const vg = valueAndGrad((x: Params) => np.astype(fn(x), dtype));
      const onLine = (step: Array): [Array, Params, Array] => {
        const [v, g] = vg(map((x, u) => np.astype(np.add(x, np.multiply(step, u)), x.dtype), p, updates));
        return [v, g, vdot(g, updates, dtype)];
      };
      const valueInit = s(extra.value as number | Array);
      const slopeInit = vdot(updates, extra.grad, dtype);
      const decreaseErrorOf = (step: Array, v: Array, slope: Array): Array => {
        let err = np.subtract(np.subtract(v, valueInit), np.multiply(np.multiply(slopeRtol, step), slopeInit));
        if (approxDecRtol !== null) {
          const approx = np.maximum(np.subtract(slope, np.multiply(2 * slopeRtol - 1, slopeInit)), np.subtract(np.subtract(v, valueInit), np.multiply(approxDecRtol, np.abs(valueInit))));
          err = np.minimum(approx, err);
        }
        err = np.maximum(err, 0);
        return s(np.where(np.isnan(err), Infinity, err));
      };
      const curvatureErrorOf = (slope: Array): Array => {
        const err = np.maximum(np.subtract(np.abs(slope), np.multiply(curvRtol, np.abs(slopeInit))), 0);
        return s(np.where(np.isnan(err), Infinity, err));
      };
      const f = np.array(false);
      const zero = s(0);
      const inf = s(Infinity);
      const init: SearchState = {
        count: np.array(0, { dtype: "int32" }), stepsize: zero, value: valueInit, grad: extra.grad, slope: slopeInit,
        decreaseError: inf, curvatureError: inf, intervalFound: f, done: f, failed: f,
        low: zero, valueLow: valueInit, slopeLow: slopeInit, high: zero, valueHigh: valueInit, slopeHigh: slopeInit,
        cubicRef: zero, valueCubicRef: valueInit, safeStepsize: zero, safeValue: valueInit, safeGrad: extra.grad,
      };
      const guess = initialGuessStrategy === "one" ? s(1) : s(prev.learningRate);

      const ctx: LineContext = { guess, increaseFactor, maxLearningRate, tol, maxLinesearchSteps, stepsizePrecision, s, onLine, decreaseErrorOf, curvatureErrorOf };
      const final = lax.whileLoop(
        (st: SearchState) => np.logicalNot(np.logicalOr(st.done, st.failed)),
        (st: SearchState) => {
          const next = lax.cond(st.intervalFound, (x: SearchState) => zoomIntoInterval(ctx, x), (x: SearchState) => searchInterval(ctx, x), st) as SearchState;
          return lax.cond(next.failed, trySafeStep, (x: SearchState) => x, next) as SearchState;
        },
        init,
      );
      const scaled = map((u) => np.astype(np.multiply(final.stepsize, u), u.dtype), updates);
      return [scaled, { learningRate: final.stepsize, value: final.value, grad: final.grad, info: { numLinesearchSteps: final.count, decreaseError: final.decreaseError, curvatureError: final.curvatureError } }];
    },
  });
}

/** The first record in a state tree holding both `value` and `grad` (optax.tree.get by name). */
function findValueAndGrad(state: unknown): { value: Array; grad: Params } | null {
  if (state === null || typeof state !== "object" || state instanceof Array) return null;
  const rec = state as Record<string, unknown>;
  if (rec["value"] instanceof Array && "grad" in rec && rec["grad"] !== null) return { value: rec["value"], grad: rec["grad"] };
  for (const v of Object.values(rec)) {
    const found = findValueAndGrad(v);
    if (found !== null) return found;
  }
  return null;
}

/**
 * `optax.value_and_grad_from_state(valueFn)`: value and gradient at params, reusing those a line
 * search stored in the optimizer state (scaleByZoomLinesearch keeps them for the point it moved
 * to) and computing them only when the stored value is not finite (the first step).
 *
 * @example
 * ```ts
 * const f = (p: Array) => np.sum(np.square(p));
 * const params = np.array([1, 2]);
 * const state = optim.scaleByZoomLinesearch(15).init(params);
 * const vg = optim.valueAndGradFromState(f);
 * const [value, grad] = vg(params, state);
 * value; // Array(5., dtype=float32)
 * grad; // Array([2., 4.], dtype=float32)
 * ```
 */
export function valueAndGradFromState<P>(valueFn: (params: P) => Array): (params: P, state: unknown) => [Array, P] {
  return (params, state) => {
    const stored = findValueAndGrad(state);
    if (stored === null) throw new ValueError("Value or gradient not found in the state. Make sure that these values are stored in the state by the optimizer.");
    const fresh = (): [Array, P] => valueAndGrad(valueFn)(params) as [Array, P];
    return lax.cond(np.logicalAnd(np.logicalNot(np.isinf(stored.value)), np.logicalNot(np.isnan(stored.value))), () => [stored.value, stored.grad as P], fresh) as [Array, P];
  };
}
