// jax.scipy.optimize.minimize (jax/_src/scipy/optimize/minimize.py): gradients by autodiff, the
// method required, BFGS or JAX's experimental L-BFGS; jittable and vmappable.
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import { ValueError } from "../../core/errors.js";
import * as np from "../../numpy/index.js";
import { promoteDtypesInexact } from "../../numpy/options.js";
import { minimizeBfgs, type BfgsOptions } from "./bfgs.js";
import { minimizeLbfgs, type LbfgsOptions } from "./lbfgs.js";
import { and, not } from "./util.js";

/** JAX's `OptimizeResults`. */
export interface OptimizeResults {
  /** The final solution. */
  readonly x: Array;
  /** True when the optimizer converged without a line-search failure. */
  readonly success: Array;
  /**
   * Solver-specific end code. BFGS: 0 converged, 1 maxiter reached, 3 zoom failed, 4 saddle
   * point, 5 line-search maxiter reached, -1 undefined. L-BFGS: see its `status`.
   */
  readonly status: Array;
  /** The objective at `x`. */
  readonly fun: Array;
  /** The gradient at `x`. */
  readonly jac: Array;
  /** The final inverse-Hessian estimate (BFGS); null for L-BFGS, which keeps none. */
  readonly hessInv: Array | null;
  /** Objective evaluations. */
  readonly nfev: Array;
  /** Gradient evaluations. */
  readonly njev: Array;
  /** Iterations. */
  readonly nit: Array;
}

/** The methods {@link minimize} accepts (compared case-insensitively, as JAX). */
export type MinimizeMethod = "BFGS" | "bfgs" | "L-BFGS" | "l-bfgs" | "l-bfgs-experimental-do-not-rely-on-this";

/** minimize's keyword arguments. */
export interface MinimizeOptions<A extends readonly unknown[]> {
  /** The solver (required). */
  readonly method: MinimizeMethod;
  /** Extra arguments: `fun(x, ...args)`. */
  readonly args?: A;
  /**
   * Gradient tolerance, used as `gtol` when `options.gtol` is not given, as scipy. (JAX 0.10.2
   * accepts `tol` and ignores it.)
   */
  readonly tol?: number;
  /** Solver options: BFGS's or L-BFGS's. */
  readonly options?: BfgsOptions & LbfgsOptions;
}

const BFGS_KEYS = new Set(["maxiter", "norm", "gtol", "lineSearchMaxiter"]);
const LBFGS_KEYS = new Set(["maxiter", "norm", "maxcor", "ftol", "gtol", "maxfun", "maxgrad", "maxls"]);

/**
 * `scipy.optimize.minimize(fun, x0, options)` (jax.scipy.optimize.minimize): minimises the scalar `fun(x, ...args)` over the 1-D `x0`, with gradients by autodiff.
 * Works under jit and vmap (the solver is a `lax.whileLoop`).
 *
 * @example
 * ```ts
 * const rosen = (x: Array) => np.add(np.square(np.subtract(1, x.get(0))), np.multiply(100, np.square(np.subtract(x.get(1), np.square(x.get(0))))));
 * const r = scipy.optimize.minimize(rosen, np.array([2, 2], { dtype: "float64" }), { method: "BFGS" });
 * r.success; // Array(True, dtype=bool)
 * np.round(r.x, 4); // [1, 1]
 * ```
 */
export function minimize<A extends readonly unknown[] = []>(fun: (x: Array, ...args: A) => ArrayLike, x0: ArrayLike, options: MinimizeOptions<A>): OptimizeResults {
  const { method, tol } = options;
  const args = options.args ?? ([] as unknown as A);
  const argsValue: unknown = args;
  if (!globalThis.Array.isArray(argsValue)) throw new TypeError(`args argument to jax.scipy.optimize.minimize must be a tuple, got ${String(argsValue)}`);
  if (typeof method !== "string") throw new TypeError(`minimize() missing required keyword argument: 'method', got ${String(method)}`);
  const [x] = promoteDtypesInexact("minimize", [x0]) as [Array];
  if (x.ndim !== 1) throw new ValueError(`minimize: x0 must be a 1-D array, got shape (${x.shape.join(", ")}${x.ndim === 1 ? "," : ""}).`);
  const objective = (y: Array): Array => np.asarray(fun(y, ...args));
  const solverOptions = { ...(tol !== undefined ? { gtol: tol } : {}), ...(options.options ?? {}) };
  const lower = method.toLowerCase();
  if (lower === "bfgs") {
    checkKeys(solverOptions, BFGS_KEYS, "minimize_bfgs");
    const r = minimizeBfgs(objective, x, solverOptions);
    return { x: r.xK, success: and(r.converged, not(r.failed)), status: r.status, fun: r.fK, jac: r.gK, hessInv: r.hK, nfev: r.nfev, njev: r.ngev, nit: r.k };
  }
  if (lower === "l-bfgs" || lower === "l-bfgs-experimental-do-not-rely-on-this") {
    checkKeys(solverOptions, LBFGS_KEYS, "_minimize_lbfgs");
    const r = minimizeLbfgs(objective, x, solverOptions);
    return { x: r.xK, success: and(r.converged, not(r.failed)), status: r.status, fun: r.fK, jac: r.gK, hessInv: null, nfev: r.nfev, njev: r.ngev, nit: r.k };
  }
  throw new ValueError(`Method ${method} not recognized`);
}

/** An unknown option is Python's TypeError for an unexpected keyword argument. */
function checkKeys(options: object, known: ReadonlySet<string>, solver: string): void {
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new TypeError(`${solver}() got an unexpected keyword argument '${key}'`);
  }
}
