// BFGS (Wright & Nocedal, "Numerical Optimization", 1999, algorithm 6.1) as
// jax/_src/scipy/optimize/bfgs.py: a lax.whileLoop over quasi-Newton steps, each with the
// strong-Wolfe line search, keeping a dense inverse-Hessian estimate.
import type { Array } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { valueAndGrad } from "../../ad/api.js";
import { lineSearch } from "./lineSearch.js";
import { int, bool, and, not, gradientNorm, type NormOrder } from "./util.js";

/** BFGS's options (JAX's `minimize_bfgs` keyword arguments in camelCase, JAX's defaults). */
export interface BfgsOptions {
  /** Most iterations (default 200 times the number of variables). */
  readonly maxiter?: number;
  /** Order of the gradient norm tested against gtol (default Infinity). */
  readonly norm?: NormOrder;
  /** Converged when the gradient's norm is below this (default 1e-5). */
  readonly gtol?: number;
  /** Most iterations of each line search (default 10). */
  readonly lineSearchMaxiter?: number;
}

/** JAX's `_BFGSResults`. */
export interface BfgsResults {
  readonly converged: Array;
  readonly failed: Array;
  readonly k: Array;
  readonly nfev: Array;
  readonly ngev: Array;
  readonly nhev: Array;
  readonly xK: Array;
  readonly fK: Array;
  readonly gK: Array;
  readonly hK: Array;
  readonly oldOldFval: Array;
  readonly status: Array;
  readonly lineSearchStatus: Array;
}

interface State extends Record<string, Array> {
  converged: Array; failed: Array; k: Array; nfev: Array; ngev: Array; nhev: Array;
  xK: Array; fK: Array; gK: Array; hK: Array; oldOldFval: Array; status: Array; lineSearchStatus: Array;
}

/** Minimises `fun` over the 1-D `x0` by BFGS. */
export function minimizeBfgs(fun: (x: Array) => Array, x0: Array, options: BfgsOptions = {}): BfgsResults {
  const maxiter = options.maxiter ?? x0.size * 200;
  const { norm = Infinity, gtol = 1e-5, lineSearchMaxiter = 10 } = options;
  const d = x0.shape[0]!;
  const [f0, g0] = valueAndGrad(fun)(x0) as [Array, Array];
  const init: State = {
    converged: np.less(gradientNorm(g0, norm), gtol), failed: bool(false),
    k: int(0), nfev: int(1), ngev: int(1), nhev: int(0),
    xK: x0, fK: f0, gK: g0, hK: np.eye(d, { dtype: x0.dtype }),
    oldOldFval: np.add(f0, np.divide(gradientNorm(g0, null), 2)),
    status: int(0), lineSearchStatus: int(0),
  };
  const body = (s: State): State => {
    const pK = np.negative(np.dot(s.hK, s.gK));
    const ls = lineSearch(fun, s.xK, pK, { oldFval: s.fK, oldOldFval: s.oldOldFval, gfk: s.gK, maxiter: lineSearchMaxiter });
    const sK = np.multiply(ls.aK, pK);
    const xNext = np.add(s.xK, sK);
    const yK = np.subtract(ls.gK, s.gK);
    const rhoK = np.reciprocal(np.dot(yK, sK));
    // H+ = (I - rho s y^T) H (I - rho y s^T) + rho s s^T (JAX forms the products, O(n^3)),
    // expanded with u = H y (H is symmetric) to the equal rank-2 update, O(n^2):
    // H+ = H - rho (u s^T + s u^T) + (rho^2 y.u + rho) s s^T. Kept unchanged when rho is not finite.
    // The outer products are written as broadcasts, so the whole update fuses into one pass over H.
    const u = np.dot(s.hK, yK);
    const ssCoefficient = np.add(np.multiply(np.square(rhoK), np.dot(yK, u)), rhoK);
    const [uCol, uRow, sCol, sRow] = [u.reshape([d, 1]), u.reshape([1, d]), sK.reshape([d, 1]), sK.reshape([1, d])];
    const cross = np.add(np.multiply(uCol, sRow), np.multiply(sCol, uRow));
    const updated = np.add(np.subtract(s.hK, np.multiply(rhoK, cross)), np.multiply(np.multiply(ssCoefficient, sCol), sRow));
    return {
      ...s,
      nfev: np.add(s.nfev, ls.nfev), ngev: np.add(s.ngev, ls.ngev),
      failed: ls.failed, lineSearchStatus: ls.status,
      converged: np.less(gradientNorm(ls.gK, norm), gtol),
      k: np.add(s.k, 1), xK: xNext, fK: ls.fK, gK: ls.gK,
      hK: np.where(np.isfinite(rhoK), updated, s.hK), oldOldFval: s.fK,
    };
  };
  const s = lax.whileLoop((st: State) => and(and(not(st.converged), not(st.failed)), np.less(st.k, maxiter)), body, init);
  // 0 converged, 1 maxiter reached, 2 + the line search's status when it failed, -1 otherwise.
  const status = np.where(s.converged, int(0), np.where(np.equal(s.k, maxiter), int(1), np.where(s.failed, np.add(2, s.lineSearchStatus), int(-1))));
  return { ...s, status };
}
