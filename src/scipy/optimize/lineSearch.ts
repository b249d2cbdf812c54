// jax.scipy.optimize.line_search: the inexact line search satisfying the strong Wolfe conditions
// (Wright & Nocedal, "Numerical Optimization", 1999, algorithms 3.5 and 3.6), as
// jax/_src/scipy/optimize/line_search.py, written with lax.whileLoop and selects instead of
// branches so that it is jittable and vmappable.
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { valueAndGrad } from "../../ad/api.js";
import { promoteDtypesInexact } from "../../numpy/options.js";
import { or, and, not, int, bool } from "./util.js";
// scipy's cubic and quadratic step interpolants, shared with optim's zoom line search.
import { cubicmin, quadmin } from "../../optim/transforms/zoomLinesearch.js";

/** JAX's `_LineSearchResults`: the end state of {@link lineSearch}. */
export interface LineSearchResults {
  /** True when no step satisfying the strong Wolfe conditions was found. */
  readonly failed: Array;
  /** Iterations of the main loop (`k - 1`). */
  readonly nit: Array;
  /** Objective evaluations. */
  readonly nfev: Array;
  /** Gradient evaluations. */
  readonly ngev: Array;
  /** Iteration counter at exit (starts at 1, as Wright and Nocedal). */
  readonly k: Array;
  /** The step length found. */
  readonly aK: Array;
  /** The objective at `xk + aK pk`. */
  readonly fK: Array;
  /** The gradient at `xk + aK pk`. */
  readonly gK: Array;
  /** 0: passed, 1: zoom failed, 3: maxiter reached. */
  readonly status: Array;
}

/** Keyword arguments of {@link lineSearch} (JAX's names in camelCase, JAX's defaults). */
export interface LineSearchOptions {
  /** The objective at `xk`, evaluated when not given together with `gfk`. */
  readonly oldFval?: ArrayLike;
  /** The objective at the previous iterate; picks the first trial step as scipy does. */
  readonly oldOldFval?: ArrayLike;
  /** The gradient at `xk`. */
  readonly gfk?: ArrayLike;
  /** Sufficient-decrease constant (default 1e-4). */
  readonly c1?: number;
  /** Curvature constant (default 0.9). */
  readonly c2?: number;
  /** Most iterations of the main loop (default 20). */
  readonly maxiter?: number;
}

/** The restricted objective phi(a) = f(xk + a pk) with its slope and the full gradient. */
export type RestrictedFunction = (a: Array) => [phi: Array, dphi: Array, g: Array];


/** `{...state, ...updates}` where `bit` holds, `state` elsewhere (JAX's `_binary_replace`). */
function replaceWhere<S extends Record<string, Array>>(bit: Array, state: S, updates: Partial<S>): S {
  const out: Record<string, Array> = { ...state };
  for (const [key, value] of Object.entries(updates)) {
    if (value !== undefined) out[key] = np.where(bit, value, state[key]!);
  }
  return out as S;
}

interface ZoomState extends Record<string, Array> {
  done: Array; failed: Array; j: Array;
  aLo: Array; phiLo: Array; dphiLo: Array;
  aHi: Array; phiHi: Array; dphiHi: Array;
  aRec: Array; phiRec: Array;
  aStar: Array; phiStar: Array; dphiStar: Array; gStar: Array;
  nfev: Array; ngev: Array;
}

interface Bracket { a: Array; phi: Array; dphi: Array }

/**
 * Zoom (Wright & Nocedal algorithm 3.6) between `lo` and `hi`, trying cubic, then quadratic
 * interpolation, then bisection; skipped entirely when `passThrough` holds.
 */
function zoom(
  restricted: RestrictedFunction, wolfeOne: (a: Array, phi: Array) => Array, wolfeTwo: (dphi: Array) => Array,
  lo: Bracket, hi: Bracket, g0: Array, passThrough: Array,
): ZoomState {
  const init: ZoomState = {
    done: bool(false), failed: bool(false), j: int(0),
    aLo: lo.a, phiLo: lo.phi, dphiLo: lo.dphi,
    aHi: hi.a, phiHi: hi.phi, dphiHi: hi.dphi,
    aRec: np.divide(np.add(lo.a, hi.a), 2), phiRec: np.divide(np.add(lo.phi, hi.phi), 2),
    aStar: np.onesLike(lo.a), phiStar: lo.phi, dphiStar: lo.dphi, gStar: g0,
    nfev: int(0), ngev: int(0),
  };
  const delta1 = 0.2;
  const delta2 = 0.1;
  // Intervals narrower than this end the search (1e-5 below 64 bits, else 1e-10, as JAX). JAX
  // 0.10.2 compares the signed a_hi - a_lo, so a bracket whose hi end lies below its lo end fails
  // at once (Rosenbrock from (-1.2, 1) stops after 8 BFGS steps); the width |a_hi - a_lo| is meant.
  const threshold = lo.a.dtype === "float64" ? 1e-10 : 1e-5;
  const body = (s0: ZoomState): ZoomState => {
    const dalpha = np.subtract(s0.aHi, s0.aLo);
    const a = np.minimum(s0.aHi, s0.aLo);
    const b = np.maximum(s0.aHi, s0.aLo);
    const cchk = np.multiply(delta1, dalpha);
    const qchk = np.multiply(delta2, dalpha);
    let s: ZoomState = { ...s0, failed: or(s0.failed, np.lessEqual(np.abs(dalpha), threshold)) };
    // The cubic is sometimes nan; the bounds checks then reject it.
    const aCubic = cubicmin(s.aLo, s.phiLo, s.dphiLo, s.aHi, s.phiHi, s.aRec, s.phiRec);
    const useCubic = and(and(np.greater(s.j, 0), np.greater(aCubic, np.add(a, cchk))), np.less(aCubic, np.subtract(b, cchk)));
    const aQuad = quadmin(s.aLo, s.phiLo, s.dphiLo, s.aHi, s.phiHi);
    const useQuad = and(and(not(useCubic), np.greater(aQuad, np.add(a, qchk))), np.less(aQuad, np.subtract(b, qchk)));
    const aBisect = np.divide(np.add(s.aLo, s.aHi), 2);
    const useBisect = and(not(useCubic), not(useQuad));
    let aJ = np.where(useCubic, aCubic, s.aRec);
    aJ = np.where(useQuad, aQuad, aJ);
    aJ = np.where(useBisect, aBisect, aJ);
    const [phiRaw, dphiRaw, gRaw] = restricted(aJ);
    const phiJ = phiRaw.astype(s.phiLo.dtype);
    const dphiJ = dphiRaw.astype(s.dphiLo.dtype);
    const gJ = gRaw.astype(s.gStar.dtype);
    s = { ...s, nfev: np.add(s.nfev, 1), ngev: np.add(s.ngev, 1) };
    const hiToJ = or(wolfeOne(aJ, phiJ), np.greaterEqual(phiJ, s.phiLo));
    const starToJ = and(wolfeTwo(dphiJ), not(hiToJ));
    const hiToLo = and(and(np.greaterEqual(np.multiply(dphiJ, np.subtract(s.aHi, s.aLo)), 0), not(hiToJ)), not(starToJ));
    const loToJ = and(not(hiToJ), not(starToJ));
    s = replaceWhere(hiToJ, s, { aHi: aJ, phiHi: phiJ, dphiHi: dphiJ, aRec: s.aHi, phiRec: s.phiHi });
    s = { ...replaceWhere(starToJ, s, { aStar: aJ, phiStar: phiJ, dphiStar: dphiJ, gStar: gJ }), done: or(starToJ, s.done) };
    s = replaceWhere(hiToLo, s, { aHi: s.aLo, phiHi: s.phiLo, dphiHi: s.dphiLo, aRec: s.aHi, phiRec: s.phiHi });
    s = replaceWhere(and(loToJ, not(hiToLo)), s, { aRec: s.aLo, phiRec: s.phiLo });
    s = replaceWhere(loToJ, s, { aLo: aJ, phiLo: phiJ, dphiLo: dphiJ });
    const j = np.add(s.j, 1);
    // JAX allows 30 zoom steps (more than scipy's 10).
    return { ...s, j, failed: or(s.failed, np.greaterEqual(j, 30)) };
  };
  return lax.whileLoop((s: ZoomState) => and(and(not(s.done), not(passThrough)), not(s.failed)), body, init);
}

interface SearchState extends Record<string, Array> {
  done: Array; failed: Array; i: Array;
  aI1: Array; phiI1: Array; dphiI1: Array;
  nfev: Array; ngev: Array;
  aStar: Array; phiStar: Array; dphiStar: Array; gStar: Array;
}

/**
 * `scipy.optimize.lineSearch(f, xk, pk, options?)` (jax.scipy.optimize.line_search): finds a step `a` along the descent direction `pk` from `xk` satisfying the strong Wolfe
 * conditions for `f` (Wright & Nocedal algorithm 3.5, doubling the trial step as scipy does),
 * as jax.scipy's line_search. Jittable and vmappable.
 *
 * @example
 * ```ts
 * const f = (x: Array) => np.sum(np.square(x));
 * const x = np.array([1, 1]);
 * const r = scipy.optimize.lineSearch(f, x, np.negative(grad(f)(x)));
 * r.failed; // Array(False, dtype=bool)
 * r.aK; // Array(0.5, dtype=float32)
 * ```
 */
export function lineSearch(f: (x: Array) => ArrayLike, xk: ArrayLike, pk: ArrayLike, options: LineSearchOptions = {}): LineSearchResults {
  const { c1 = 1e-4, c2 = 0.9, maxiter = 20 } = options;
  const [x, p] = promoteDtypesInexact("line_search", [xk, pk]) as [Array, Array];
  const restricted: RestrictedFunction = (t) => {
    const [phi, g] = valueAndGrad((y: Array) => np.asarray(f(y)))(np.add(x, np.multiply(t.astype(p.dtype), p))) as [Array, Array];
    return [phi, np.real(np.dot(g, p)), g];
  };
  let phi0: Array, dphi0: Array, gfk: Array;
  const evaluateStart = options.oldFval === undefined || options.gfk === undefined;
  if (evaluateStart) [phi0, dphi0, gfk] = restricted(np.zeros([], { dtype: p.dtype }));
  else {
    phi0 = np.asarray(options.oldFval!);
    gfk = np.asarray(options.gfk!);
    dphi0 = np.real(np.dot(gfk, p));
  }
  // The first trial step: scipy's 1.01 * 2 (f_k - f_{k-1}) / phi'(0), capped at 1.
  let startValue: Array = np.ones([], { dtype: p.dtype });
  if (options.oldOldFval !== undefined) {
    const candidate = np.divide(np.multiply(1.01 * 2, np.subtract(phi0, options.oldOldFval)), dphi0);
    startValue = np.where(np.greater(candidate, 1), 1, candidate);
  }
  // wolfeOne is the negation of the sufficient-decrease condition.
  const wolfeOne = (a: Array, phi: Array): Array => np.greater(phi, np.add(phi0, np.multiply(np.multiply(c1, a), dphi0)));
  const wolfeTwo = (dphi: Array): Array => np.lessEqual(np.abs(dphi), np.multiply(-c2, dphi0));
  const init: SearchState = {
    done: bool(false), failed: bool(false),
    // Wright and Nocedal start at 1 (scipy at 0, scipy issue 12157), as JAX.
    i: int(1),
    aI1: np.zeros([], { dtype: p.dtype }), phiI1: phi0, dphiI1: dphi0,
    nfev: int(evaluateStart ? 1 : 0), ngev: int(evaluateStart ? 1 : 0),
    aStar: np.zeros([], { dtype: p.dtype }), phiStar: phi0, dphiStar: dphi0, gStar: gfk,
  };
  const starKeys = (z: ZoomState): Partial<SearchState> => ({ aStar: z.aStar, phiStar: z.phiStar, dphiStar: z.dphiStar, gStar: z.gStar });
  const body = (s0: SearchState): SearchState => {
    // No amax: the trial step doubles, as scipy; the next trial is chosen at the top of the loop.
    const aI = np.where(np.equal(s0.i, 1), startValue, np.multiply(s0.aI1, 2)).astype(s0.aI1.dtype);
    const [phiI, dphiI, gI] = restricted(aI);
    let s: SearchState = { ...s0, nfev: np.add(s0.nfev, 1), ngev: np.add(s0.ngev, 1) };
    const starToZoom1 = or(wolfeOne(aI, phiI), and(np.greaterEqual(phiI, s.phiI1), np.greater(s.i, 1)));
    const starToI = and(wolfeTwo(dphiI), not(starToZoom1));
    const starToZoom2 = and(and(np.greaterEqual(dphiI, 0), not(starToZoom1)), not(starToI));
    const previous: Bracket = { a: s.aI1, phi: s.phiI1, dphi: s.dphiI1 };
    const current: Bracket = { a: aI, phi: phiI, dphi: dphiI };
    const zoom1 = zoom(restricted, wolfeOne, wolfeTwo, previous, current, gfk, not(starToZoom1));
    s = { ...s, nfev: np.add(s.nfev, zoom1.nfev), ngev: np.add(s.ngev, zoom1.ngev) };
    const zoom2 = zoom(restricted, wolfeOne, wolfeTwo, current, previous, gfk, not(starToZoom2));
    s = { ...s, nfev: np.add(s.nfev, zoom2.nfev), ngev: np.add(s.ngev, zoom2.ngev) };
    s = { ...replaceWhere(starToZoom1, s, starKeys(zoom1)), done: or(starToZoom1, s.done), failed: or(and(starToZoom1, zoom1.failed), s.failed) };
    s = { ...replaceWhere(starToI, s, { aStar: aI, phiStar: phiI, dphiStar: dphiI, gStar: gI }), done: or(starToI, s.done) };
    s = { ...replaceWhere(starToZoom2, s, starKeys(zoom2)), done: or(starToZoom2, s.done), failed: or(and(starToZoom2, zoom2.failed), s.failed) };
    return { ...s, i: np.add(s.i, 1), aI1: aI, phiI1: phiI, dphiI1: dphiI };
  };
  const s = lax.whileLoop((st: SearchState) => and(and(not(st.done), np.lessEqual(st.i, maxiter)), not(st.failed)), body, init);
  const status = np.where(s.failed, int(1), np.where(np.greater(s.i, maxiter), int(3), int(0)));
  // Below 64 bits a step shorter than 1e-8 is raised to 1e-8, or the optimizer can stall on a
  // zero direction (line_search.py).
  let aK = s.aStar;
  if (aK.dtype !== "float64") aK = np.where(np.less(np.abs(aK), 1e-8), np.multiply(np.sign(aK), 1e-8), aK);
  return {
    failed: or(s.failed, not(s.done)), nit: np.subtract(s.i, 1), nfev: s.nfev, ngev: s.ngev,
    k: s.i, aK, fK: s.phiStar, gK: s.gStar, status,
  };
}
