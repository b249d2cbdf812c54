// jax.experimental.ode.odeint: adaptive Dormand-Prince integration written with lax.scan (one
// entry per output time) around lax.whileLoop (steps until that time is passed), with the dense
// output of each accepted step interpolating the requested time. Gradients come from the adjoint
// method (Chen et al., "Neural Ordinary Differential Equations", 2018, appendix C) as a custom
// VJP, the backward system solved by odeint itself, as jax/experimental/ode.py's _odeint_rev.
import { isFloat } from "../../../jaxpr/index.js";
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import * as tree from "../../tree/index.js";
import { customVjp } from "../../ad/custom.js";
import { vjp } from "../../ad/api.js";
import { vmap } from "../../vmap/index.js";
import { closureConvert } from "../../core/extras.js";
import { ravelPytree } from "../../flattenUtil/index.js";
import { initialStepSize, interpFitDopri, meanErrorRatio, optimalStepSize, rungeKuttaStep } from "./dopri5.js";

/** odeint's keyword arguments (JAX's defaults). */
export interface OdeintOptions {
  /** Relative local error tolerance (default 1.4e-8). */
  readonly rtol?: number;
  /** Absolute local error tolerance (default 1.4e-8). */
  readonly atol?: number;
  /** Most steps taken for each output time (default Infinity). */
  readonly mxstep?: number;
  /** Largest step allowed (default Infinity). */
  readonly hmax?: number;
}

type Settings = Required<OdeintOptions>;
/** The flat right-hand side after closure conversion and raveling: `f(y, t, ...args)`. */
type FlatFunc = (y: Array, t: Array, ...args: Array[]) => Array;

const OPTION_KEYS = new Set(["rtol", "atol", "mxstep", "hmax"]);

/** A trailing plain object with only odeint's option names (numbers) is the options object. */
function isOptions(x: unknown): x is OdeintOptions {
  if (x === null || typeof x !== "object" || globalThis.Array.isArray(x) || x instanceof Array) return false;
  if (Object.getPrototypeOf(x) !== Object.prototype) return false;
  return Object.entries(x).every(([k, v]) => OPTION_KEYS.has(k) && (v === undefined || typeof v === "number"));
}

/**
 * `experimental.ode.odeint(func, y0, t, ...args, options?)` (jax.experimental.ode.odeint): integrates `dy/dt = func(y, t, ...args)` from `y0` at `t[0]` and returns the solution at every
 * time in `t` (strictly increasing floats), stacked along a new leading axis of each leaf of the
 * state pytree. Options go last: `odeint(f, y0, t, k, { rtol: 1e-10 })`. Differentiable (by the
 * adjoint method) in `y0`, `t`, `args` and anything `func` closes over; works under vmap and jit.
 *
 * @example
 * ```ts
 * // dy/dt = -k y: y(t) = exp(-k t)
 * const ts = np.array([0, 1, 2]);
 * const decay = (y: Array, _t: Array, k: Array) => np.multiply(np.negative(k), y);
 * experimental.ode.odeint(decay, np.array(1), ts, np.array(0.5)); // Array([1.        , 0.60653067, 0.36787942], dtype=float32)
 * // d y(2) / dk = -t exp(-k t) at t = 2
 * grad((k: Array) => np.dot(experimental.ode.odeint(decay, np.array(1), ts, k), np.array([0, 0, 1])))(np.array(0.5)); // Array(-0.73575884, dtype=float32)
 * ```
 */
export function odeint<Y>(func: (y: Y, t: Array, ...args: never[]) => Y, y0: Y, t: ArrayLike, ...argsAndOptions: unknown[]): Y {
  const last = argsAndOptions[argsAndOptions.length - 1];
  const hasOptions = argsAndOptions.length > 0 && isOptions(last);
  const args = hasOptions ? argsAndOptions.slice(0, -1) : argsAndOptions;
  const o: OdeintOptions = hasOptions ? (last as OdeintOptions) : {};
  const settings: Settings = { rtol: o.rtol ?? 1.4e-8, atol: o.atol ?? 1.4e-8, mxstep: o.mxstep ?? Infinity, hmax: o.hmax ?? Infinity };
  for (const leaf of tree.leaves(args)) {
    if (!(leaf instanceof Array) && typeof leaf !== "number" && typeof leaf !== "boolean") {
      throw new TypeError(`The contents of odeint *args must be arrays or scalars, but got ${String(leaf)}.`);
    }
  }
  const ts = np.asarray(t);
  if (!isFloat(ts.dtype)) throw new TypeError(`t must be an array of floats, but got ${ts.toString()}.`);
  const argArrays = tree.map((a: ArrayLike) => np.asarray(a), args) as unknown[];
  const call = func as unknown as (y: Y, t: Array, ...rest: unknown[]) => Y;
  // Tracers func closes over become explicit arguments, so the adjoint can differentiate them.
  const [converted, consts] = closureConvert(call, y0, lax.indexInDim(ts, 0, 0, false), ...argArrays);
  return odeintWrapper(converted as (y: Y, t: Array, ...rest: unknown[]) => Y, settings, y0, ts, [...argArrays, ...consts]);
}

/** Ravels the state pytree into one vector, integrates, and unravels each output time. */
function odeintWrapper<Y>(func: (y: Y, t: Array, ...rest: unknown[]) => Y, s: Settings, y0: Y, ts: Array, args: unknown[]): Y {
  const [yFlat, unravel] = ravelPytree(y0);
  const [argLeaves, argTree] = tree.flatten(args);
  const flatFunc: FlatFunc = (y, t, ...a) => ravelPytree(func(unravel(y), t, ...(tree.unflatten(argTree, a) as unknown[])))[0];
  const out = odeintFlat()(flatFunc, s.rtol, s.atol, s.mxstep, s.hmax, yFlat, ts, ...(argLeaves as Array[]));
  return vmap(unravel)(out) as Y;
}

type OdeintFlat = (func: FlatFunc, rtol: number, atol: number, mxstep: number, hmax: number, y0: Array, ts: Array, ...args: Array[]) => Array;
let odeintFlatFn: OdeintFlat | null = null;

/** The custom-VJP solver, built on first use (the custom-derivative machinery imports lax). */
function odeintFlat(): OdeintFlat {
  if (odeintFlatFn === null) {
    odeintFlatFn = customVjp(solve, { nondiffArgnums: [0, 1, 2, 3, 4] }).defvjp(solveForward, solveAdjoint) as unknown as OdeintFlat;
  }
  return odeintFlatFn;
}

const at = (x: Array, i: number | Array): Array => (typeof i === "number" ? lax.indexInDim(x, i, 0, false) : lax.dynamicIndexInDim(x, i, 0, false));

/** The forward solve on a flat state: scan over output times of a while loop over steps. */
function solve(func: FlatFunc, rtol: number, atol: number, mxstep: number, hmax: number, y0: Array, ts: Array, ...args: Array[]): Array {
  const rhs = (y: Array, t: Array): Array => func(y, t, ...args);
  const tDtype = ts.dtype;
  const asT = (x: Array): Array => lax.convertElementType(x, tDtype);
  type Carry = [y: Array, f: Array, t: Array, dt: Array, lastT: Array, interp: Array];
  type State = [i: Array, ...carry: Carry];
  const scanFun = (carry: Carry, targetT: Array): [Carry, Array] => {
    const condFun = ([i, , , t, dt]: State): Array => {
      let go = np.logicalAnd(np.less(t, targetT), np.greater(dt, 0));
      if (mxstep !== Infinity) go = np.logicalAnd(go, np.less(i, mxstep));
      return go;
    };
    const bodyFun = ([i, y, f, t, dt, lastT, interp]: State): State => {
      const [nextY, nextF, nextError, k] = rungeKuttaStep(rhs, y, f, t, dt);
      const nextT = np.add(t, dt);
      const errorRatio = meanErrorRatio(nextError, rtol, atol, y, nextY);
      const nextInterp = interpFitDopri(y, nextY, k, dt);
      const nextDt = asT(np.clip(optimalStepSize(dt, errorRatio), 0, hmax));
      const accept = np.lessEqual(errorRatio, 1);
      const i1 = np.add(i, 1);
      const taken: State = [i1, nextY, nextF, nextT, nextDt, t, nextInterp];
      const kept: State = [i1, y, f, t, nextDt, lastT, interp];
      return taken.map((v, j) => np.where(accept, v, kept[j]!)) as State;
    };
    const [, ...next] = lax.whileLoop(condFun, bodyFun, [np.array(0, { dtype: "int32" }), ...carry] as State);
    const [, , t, , lastT, interp] = next;
    const relative = np.divide(np.subtract(targetT, lastT), np.subtract(t, lastT));
    const yTarget = np.polyval(interp, lax.convertElementType(relative, interp.dtype));
    return [next, yTarget];
  };
  const t0 = at(ts, 0);
  const f0 = rhs(y0, t0);
  const dt0 = asT(np.clip(initialStepSize(rhs, t0, y0, 4, rtol, atol, f0), 0, hmax));
  const interp0 = np.stack([y0, y0, y0, y0, y0]);
  const init: Carry = [y0, f0, t0, dt0, t0, interp0];
  const [, ys] = lax.scan(scanFun, init, lax.sliceInDim(ts, 1, ts.shape[0]!, 1, 0));
  return np.concatenate([np.expandDims(y0, 0), ys]);
}

type Residuals = [ys: Array, ts: Array, args: Array[]];

function solveForward(func: FlatFunc, rtol: number, atol: number, mxstep: number, hmax: number, y0: Array, ts: Array, ...args: Array[]): [Array, Residuals] {
  const ys = odeintFlat()(func, rtol, atol, mxstep, hmax, y0, ts, ...args);
  return [ys, [ys, ts, args]];
}

/**
 * The adjoint pass: between consecutive output times (last to first) the augmented state
 * (y, y_bar, t0_bar, args_bar) is integrated backwards in time, in negated time so that odeint's
 * increasing-times rule holds; each output time adds its cotangent to y_bar and its effect on t.
 */
function solveAdjoint(func: FlatFunc, rtol: number, atol: number, mxstep: number, hmax: number, res: Residuals, g: Array): Array[] {
  const [ys, ts, args] = res;
  type Aug = [y: Array, yBar: Array, t0Bar: Array, argsBar: Array[]];
  const augDynamics = (state: Aug, negT: Array, ...a: Array[]): Aug => {
    const [y, yBar] = state;
    const [yDot, pullback] = vjp((yy: Array, tt: Array, ...aa: Array[]) => func(yy, tt, ...aa), y, np.negative(negT), ...a);
    const [yCt, tCt, ...argCts] = pullback(yBar) as Array[];
    return [np.negative(yDot), yCt!, tCt!, argCts];
  };
  type Carry = [yBar: Array, t0Bar: Array, argsBar: Array[]];
  const scanFun = ([yBar, t0Bar, argsBar]: Carry, i: Array): [Carry, Array] => {
    const yi = at(ys, i);
    const ti = at(ts, i);
    const tPrev = at(ts, np.subtract(i, 1));
    // The output time's own effect: d(loss)/d(t_i) = f(y_i, t_i) . g_i.
    const tBar = np.dot(func(yi, ti, ...args), at(g, i));
    const t0BarNext = np.subtract(t0Bar, tBar);
    const span = np.stack([np.negative(ti), np.negative(tPrev)]);
    const aug = odeint(augDynamics, [yi, yBar, t0BarNext, argsBar] as Aug, span, ...args, { rtol, atol, mxstep, hmax });
    const [, yBarBack, t0BarBack, argsBarBack] = tree.map((x: Array) => at(x, 1), aug) as Aug;
    return [[np.add(yBarBack, at(g, np.subtract(i, 1))), t0BarBack, argsBarBack], tBar];
  };
  const n = ts.shape[0]!;
  const init: Carry = [at(g, n - 1), np.zeros([], { dtype: ts.dtype }), args.map((a) => np.zerosLike(a))];
  const [[yBar, t0Bar, argsBar], revTsBar] = lax.scan(scanFun, init, np.arange(n - 1, 0, -1, { dtype: "int32" }));
  const tsBar = np.concatenate([np.expandDims(t0Bar, 0), np.flip(revTsBar, 0)]);
  return [yBar, tsBar, ...argsBar];
}
