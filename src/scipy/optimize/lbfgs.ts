// L-BFGS (Wright & Nocedal, "Numerical Optimization", 1999, algorithm 7.5) as
// jax/_src/scipy/optimize/_lbfgs.py, which JAX marks experimental: the two-loop recursion over
// the last `maxcor` (s, y) pairs gives the search direction, the strong-Wolfe line search the step.
import type { Array } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { valueAndGrad } from "../../ad/api.js";
import { lineSearch } from "./lineSearch.js";
import { int, bool, and, not, gradientNorm, type NormOrder } from "./util.js";

/** L-BFGS's options (JAX's `_minimize_lbfgs` keyword arguments in camelCase, JAX's defaults). */
export interface LbfgsOptions {
  /** Most iterations (default 200 times the number of variables when no other limit is set). */
  readonly maxiter?: number;
  /** Order of the gradient norm tested against gtol (default Infinity). */
  readonly norm?: NormOrder;
  /** Number of (s, y) correction pairs kept (default 10). */
  readonly maxcor?: number;
  /** Stops (status 4) when one step lowers the objective by less than this (default 2.22e-9). */
  readonly ftol?: number;
  /** Converged when the gradient's norm is below this (default 1e-5). */
  readonly gtol?: number;
  /** Most objective evaluations (default unlimited). */
  readonly maxfun?: number;
  /** Most gradient evaluations (default unlimited). */
  readonly maxgrad?: number;
  /** Most iterations of each line search (default 20). */
  readonly maxls?: number;
}

/** JAX's `LBFGSResults`. */
export interface LbfgsResults {
  readonly converged: Array;
  readonly failed: Array;
  readonly k: Array;
  readonly nfev: Array;
  readonly ngev: Array;
  readonly xK: Array;
  readonly fK: Array;
  readonly gK: Array;
  readonly sHistory: Array;
  readonly yHistory: Array;
  readonly rhoHistory: Array;
  readonly gamma: Array;
  /** 0 nominal, 1 maxiter, 2 maxfun, 3 maxgrad, 4 insufficient progress (ftol), 5 line search failed. */
  readonly status: Array;
  readonly lsStatus: Array;
}

interface State extends Record<string, Array> {
  converged: Array; failed: Array; k: Array; nfev: Array; ngev: Array;
  xK: Array; fK: Array; gK: Array; sHistory: Array; yHistory: Array; rhoHistory: Array;
  gamma: Array; status: Array; lsStatus: Array;
}

/** Minimises `fun` over the 1-D `x0` by L-BFGS. */
export function minimizeLbfgs(fun: (x: Array) => Array, x0: Array, options: LbfgsOptions = {}): LbfgsResults {
  const d = x0.shape[0]!;
  const dtype = x0.dtype;
  const { norm = Infinity, maxcor = 10, ftol = 2.220446049250313e-9, gtol = 1e-5, maxls = 20 } = options;
  // At least one limit always holds; the others are unlimited.
  const noLimit = options.maxiter === undefined && options.maxfun === undefined && options.maxgrad === undefined;
  const maxiter = options.maxiter ?? (noLimit ? d * 200 : Infinity);
  const maxfun = options.maxfun ?? Infinity;
  const maxgrad = options.maxgrad ?? Infinity;
  const [f0, g0] = valueAndGrad(fun)(x0) as [Array, Array];
  const init: State = {
    converged: bool(false), failed: bool(false), k: int(0), nfev: int(1), ngev: int(1),
    xK: x0, fK: f0, gK: g0,
    sHistory: np.zeros([maxcor, d], { dtype }), yHistory: np.zeros([maxcor, d], { dtype }), rhoHistory: np.zeros([maxcor], { dtype }),
    gamma: np.ones([], { dtype }), status: int(0), lsStatus: int(0),
  };
  const body = (s: State): State => {
    const pK = twoLoopRecursion(s);
    const ls = lineSearch(fun, s.xK, pK, { oldFval: s.fK, gfk: s.gK, maxiter: maxls });
    const sK = np.multiply(ls.aK.astype(pK.dtype), pK);
    const xNext = np.add(s.xK, sK);
    const yK = np.subtract(ls.gK, s.gK);
    const rhoInv = np.dot(yK, sK);
    const rhoK = np.reciprocal(rhoInv).astype(yK.dtype);
    const gamma = np.divide(rhoInv, np.dot(yK, yK));
    // Later tests take precedence, as JAX's chain of wheres.
    let status = int(0);
    status = np.where(np.less(np.subtract(s.fK, ls.fK), ftol), int(4), status);
    status = np.where(np.greaterEqual(s.ngev, maxgrad), int(3), status);
    status = np.where(np.greaterEqual(s.nfev, maxfun), int(2), status);
    status = np.where(np.greaterEqual(s.k, maxiter), int(1), status);
    status = np.where(ls.failed, int(5), status);
    const converged = np.less(gradientNorm(ls.gK, norm), gtol);
    return {
      converged, failed: and(np.greater(status, 0), not(converged)),
      k: np.add(s.k, 1), nfev: np.add(s.nfev, ls.nfev), ngev: np.add(s.ngev, ls.ngev),
      xK: xNext.astype(s.xK.dtype), fK: ls.fK.astype(s.fK.dtype), gK: ls.gK.astype(s.gK.dtype),
      sHistory: pushRow(s.sHistory, sK), yHistory: pushRow(s.yHistory, yK), rhoHistory: pushRow(s.rhoHistory, rhoK),
      gamma: gamma.astype(s.gK.dtype), status: np.where(converged, int(0), status), lsStatus: ls.status,
    };
  };
  return lax.whileLoop((st: State) => and(not(st.converged), not(st.failed)), body, init);
}

/** Drops the oldest entry (row 0) and appends `next` last. */
function pushRow(history: Array, next: Array): Array {
  return np.roll(history, -1, 0).at(-1).set(next);
}

/** The search direction -H g from the stored pairs (Wright & Nocedal algorithm 7.4). */
function twoLoopRecursion(s: State): Array {
  const size = s.rhoHistory.shape[0]!;
  const dtype = s.rhoHistory.dtype;
  const used = np.where(np.less(s.k, size), s.k, size);
  const row = (h: Array, i: Array): Array => lax.dynamicIndexInDim(h, i, 0, false);
  const newestFirst = (j: Array, [q, alphas]: [Array, Array]): [Array, Array] => {
    const i = np.subtract(size - 1, j);
    const alpha = np.multiply(row(s.rhoHistory, i), np.dot(row(s.sHistory, i), q)).astype(dtype);
    return [np.subtract(q, np.multiply(alpha, row(s.yHistory, i))), alphas.at(i).set(alpha)];
  };
  const [q, alphas] = lax.foriLoop(0, used, newestFirst, [np.negative(s.gK), np.zerosLike(s.rhoHistory)] as [Array, Array]);
  const oldestFirst = (j: Array, r: Array): Array => {
    const i = np.add(np.subtract(size, used), j);
    const beta = np.multiply(row(s.rhoHistory, i), np.dot(row(s.yHistory, i), r)).astype(dtype);
    return np.add(r, np.multiply(np.subtract(row(alphas, i), beta), row(s.sHistory, i)));
  };
  return lax.foriLoop(0, used, oldestFirst, np.multiply(s.gamma, q));
}
