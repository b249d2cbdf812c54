// jet(fun, primals, series): Taylor-mode higher-order differentiation (jax.experimental.jet.jet).
// The series are, by default, derivatives: term k of an input is the (k+1)-th derivative of the
// input curve, and term k of the output the (k+1)-th derivative of f along it. Internally each
// term is divided by (k+1)! to become a Taylor coefficient and multiplied back at the end, as JAX.
import { defaultFloatDType, isComplex, isFloat } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import { scalarArray } from "../core/eval.js";
import { checkCallable } from "../core/describe.js";
import { ValueError } from "../core/errors.js";
import * as lax from "../lax/ops.js";
import * as tree from "../tree/index.js";
import type { ArraysOf, LeavesTo } from "../ad/apiTypes.js";
import { jetSeries } from "./table.js";
import { isZeroSeries, zeroSeries } from "./types.js";
import type { Series } from "./types.js";

export interface JetOptions {
  /**
   * True (the default): terms are derivatives, the k-th term scaled by k! relative to the Taylor
   * coefficient. False: terms are the Taylor coefficients themselves (JAX's jet2).
   */
  factorialScaled?: boolean;
}

/** What jet returns for the series of an output `R`: R's structure with a list of K terms at each leaf. */
export type SeriesOf<R> = LeavesTo<R, Array[]>;

const isLeaf = (x: unknown): x is Array | number | boolean => x instanceof Array || typeof x === "number" || typeof x === "boolean";

/** A leaf as an Array: JS numbers are weak float32 scalars, as the other transforms take them. */
const toArray = (x: Array | number | boolean): Array =>
  x instanceof Array ? x : typeof x === "number" ? scalarArray(x, defaultFloatDType(), true) : scalarArray(x, "bool", false);

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** A term with its primal's dtype: a weakly typed side adopts the other's dtype; anything else must match. */
function checkTerm(primal: Array, term: Array, i: number, j: number): [Array, Array] {
  const sameShape = term.shape.length === primal.shape.length && term.shape.every((d, k) => d === primal.shape[k]);
  if (sameShape && term.dtype === primal.dtype) return [primal, term];
  if (sameShape && term.aval.weakType) return [primal, lax.convertElementType(term, primal.dtype)];
  if (sameShape && primal.aval.weakType) return [lax.convertElementType(primal, term.dtype), term];
  throw new TypeError(
    `primal and series arguments to jet must have equal types and shapes; got primal ${primal.aval.str()} at position ${i} and term ${j} for it ${term.aval.str()}.`,
  );
}

/**
 * Taylor-mode automatic differentiation (jax.experimental.jet.jet): `jet(f, primals, series)`
 * returns `[f(...primals), seriesOut]`. `series` holds, per primal, the K derivatives of an input
 * curve x(t) at t = 0; `seriesOut` holds the K derivatives of f(x(t)), with the structure of f's
 * output and a list of K arrays at each leaf.
 *
 * @example
 * ```ts
 * // d^k/dt^k sin(x + t) at t = 0 for k = 1, 2, 3: cos x, -sin x, -cos x
 * const x = np.array([0, 1]);
 * const [y, [d1, d2, d3]] = jet(np.sin, [x], [[np.onesLike(x), np.zerosLike(x), np.zerosLike(x)]]);
 * y; // Array([0.        , 0.84147096], dtype=float32)
 * d1; // Array([1.       , 0.5403023], dtype=float32)
 * d2; // Array([ 0.        , -0.84147096], dtype=float32)
 * d3; // Array([-1.       , -0.5403023], dtype=float32)
 * ```
 */
export function jet<R>(
  fun: (...args: never[]) => R,
  primals: readonly (ArrayLike | boolean)[],
  series: readonly (readonly (ArrayLike | boolean)[])[],
  opts: JetOptions = {},
): [ArraysOf<R>, SeriesOf<R>] {
  checkCallable(fun);
  if (!globalThis.Array.isArray(primals) || !globalThis.Array.isArray(series) || !series.every((s) => globalThis.Array.isArray(s))) {
    throw new TypeError("jet: primals must be a list of arguments and series a list of lists of terms, one list per argument.");
  }
  const orders = new Set(series.map((terms) => terms.length));
  if (orders.size !== 1) throw new ValueError("jet terms have inconsistent lengths for different arguments");
  if (primals.length !== series.length) {
    throw new ValueError(`jet: got ${primals.length} primal values and ${series.length} lists of terms; give one list of terms per primal value.`);
  }
  const order = series[0]!.length;
  const factorialScaled = opts.factorialScaled ?? true;
  const ps: Array[] = [];
  const ss: Series[] = [];
  primals.forEach((x, i) => {
    if (!isLeaf(x)) throw new ValueError(`primal value at position ${i} is not an array`);
    let p = toArray(x);
    const terms = series[i]!.map((t, j) => {
      if (!isLeaf(t)) throw new ValueError(`term ${j} for argument ${i} is not an array`);
      const [p2, term] = checkTerm(p, toArray(t), i, j);
      p = p2;
      return factorialScaled && j > 0 ? lax.div(term, factorial(j + 1)) : term;
    });
    // dprog's Taylor rules are written for real values: a complex input is refused rather than
    // given a series that the rules would read as real.
    if (isComplex(p.dtype)) throw new TypeError(`jet: complex inputs are not supported in dprog (primal at position ${i} has dtype ${p.dtype}).`);
    ps.push(p);
    // Integer and bool inputs carry no series (their tangents are JAX's float0, as in dprog's jvp):
    // a given series of theirs would otherwise flow through conversions to float.
    // At order 0 there is nothing to propagate: f runs as it is.
    ss.push(isFloat(p.dtype) && order > 0 ? terms : zeroSeries);
  });
  let outTree: tree.TreeDef | null = null;
  const flat = (...xs: Array[]): Array[] => {
    const [leaves, def] = tree.flatten((fun as (...a: unknown[]) => unknown)(...xs));
    outTree = def;
    return leaves.map((l, k) => {
      if (!isLeaf(l)) throw new TypeError(`jet: output leaf ${k} is a ${typeof l}, not an Array, number or boolean.`);
      return toArray(l);
    });
  };
  const [primalsOut, seriesOut] = jetSeries(flat, ps, ss, order);
  const termsOut = seriesOut.map((s, o) => {
    // JAX materialises a zero series as zeros like the primal (bool zeros for a comparison).
    if (isZeroSeries(s)) return new globalThis.Array<Array>(order).fill(lax.fullLike(primalsOut[o]!, 0));
    return factorialScaled ? s.map((t, k) => (k > 0 ? lax.mul(t, factorial(k + 1)) : t)) : [...s];
  });
  const def = outTree as tree.TreeDef | null;
  if (def === null) throw new Error("internal error: jet's function was not called");
  return [tree.unflatten(def, primalsOut), tree.unflatten(def, termsOut)] as [ArraysOf<R>, SeriesOf<R>];
}
