// numpy (`np`): JAX's jax.numpy in camelCase. Promotion and broadcasting follow JAX exactly.
// This module also installs the Array methods, which forward to these functions.
import { arrayMethods } from "../core/array.js";
import * as elementwise from "./elementwise.js";
import * as shape from "./shape.js";
import * as reductions from "./reductions.js";
import * as linalg from "./linalg.js";
import * as indexing from "./indexing.js";
import { tolist, arrayToString } from "./format.js";
import * as sorting from "./sorting.js";
import * as manip from "./arrayManipulation.js";
import * as setops from "./setops.js";
import * as realParts from "./realParts.js";

export * from "./creation.js";
export * from "./elementwise.js";
export * from "./shape.js";
export * from "./reductions.js";
export * from "./linalg.js";
/** np.linalg (issue 20). */
export * as linalg from "./linalgNamespace.js";
/** np.fft (issue 23). */
export * as fft from "./fft.js";
export * from "./sorting.js";
export { IndexError, NonConcreteBooleanIndexError } from "../core/errors.js";
export { resultType } from "./promote.js";
export { setPrintoptions, getPrintoptions, printoptions, arrayStr, arrayRepr } from "./format.js";
export type { PrintOptions } from "./format.js";
export { save, load } from "./io.js";
export type { NpyWriter } from "./io.js";
export { broadcastShapesOrValueError as broadcastShapes } from "./promote.js";
export { Array } from "../core/array.js";

// Scalar types (callable, accepted as dtypes), numpy's abstract type classes, dtype utilities and
// constants (issue 19, item 2).
export * from "./dtypes.js";

/**
 * Short alias of {@link subtract}, as the Array method `x.sub(y)` names it.
 *
 * @example
 * ```ts
 * np.sub(np.array([3, 4]), 1); // Array([2., 3.], dtype=float32)
 * ```
 */
export const sub = elementwise.subtract;
/**
 * Short alias of {@link multiply}, as the Array method `x.mul(y)` names it.
 *
 * @example
 * ```ts
 * np.mul(np.array([3, 4]), 2); // Array([6., 8.], dtype=float32)
 * ```
 */
export const mul = elementwise.multiply;
/**
 * Short alias of {@link divide}, as the Array method `x.div(y)` names it.
 *
 * @example
 * ```ts
 * np.div(np.array([3, 4]), 2); // Array([1.5, 2. ], dtype=float32)
 * ```
 */
export const div = elementwise.divide;
/**
 * Short alias of {@link negative}, as the Array method `x.neg()` names it.
 *
 * @example
 * ```ts
 * np.neg(np.array([3, -4])); // Array([-3.,  4.], dtype=float32)
 * ```
 */
export const neg = elementwise.negative;

Object.assign(arrayMethods, {
  add: elementwise.add,
  sub: elementwise.subtract,
  mul: elementwise.multiply,
  div: elementwise.divide,
  pow: elementwise.power,
  neg: elementwise.negative,
  abs: elementwise.absolute,
  equal: elementwise.equal,
  notEqual: elementwise.notEqual,
  less: elementwise.less,
  lessEqual: elementwise.lessEqual,
  greater: elementwise.greater,
  greaterEqual: elementwise.greaterEqual,
  matmul: linalg.matmul,
  dot: linalg.dot,
  reshape: shape.reshape,
  transpose: shape.transpose,
  astype: shape.astype,
  sum: reductions.sum,
  mean: reductions.mean,
  max: reductions.max,
  min: reductions.min,
  prod: reductions.prod,
  argmax: reductions.argmax,
  argmin: reductions.argmin,
  std: reductions.std,
  var: reductions.var_,
  cumsum: reductions.cumsum,
  cumprod: reductions.cumprod,
  clip: elementwise.clip,
  round: elementwise.round,
  sort: sorting.sort,
  argsort: sorting.argsort,
  squeeze: shape.squeeze,
  ravel: shape.ravel,
  take: manip.take,
  all: reductions.all,
  any: reductions.any,
  copy: manip.copy,
  repeat: shape.repeat,
  swapaxes: shape.swapaxes,
  diagonal: linalg.diagonal,
  trace: linalg.trace,
  nonzero: setops.nonzero,
  searchsorted: sorting.searchsorted,
  ptp: reductions.ptp,
  conj: realParts.conj,
  real: realParts.real,
  imag: realParts.imag,
  get: indexing.getItem,
  at: indexing.at,
  toString: arrayToString,
  tolist,
} satisfies typeof arrayMethods);

// Closeness, NaN-aware reductions, order statistics, polynomials, 1-D signals, log ranges (issue 19, item 4).
export * from "./comparison.js";
export * from "./ufuncs.js";
export * from "./mathExtras.js";
// np.gradient (finite differences) and np.unwrap (periodic signals).
export * from "./gradient.js";
export * from "./unwrap.js";
export * from "./nanReductions.js";
// The options-object forms shadow reductions.ts's positional-only nan-reductions.
export { nansum, nanprod, nanmax, nanmin, nanmean, nancumsum, nancumprod } from "./nanReductions.js";
export * from "./statistics.js";
export * from "./polynomial.js";
export * from "./polyRoots.js";
export * from "./signal.js";
export * from "./ranges.js";

// Array manipulation, set/counting functions and grids (issue 19, item 4).
export * from "./arrayManipulation.js";
export * from "./setops.js";
export * from "./gridding.js";

// conj/real/imag/angle for real dtypes, iscomplexobj/isrealobj/isscalar (issue 19).
export * from "./realParts.js";

// Window functions, polynomial arithmetic (coverage: rare numpy names).
export * from "./windows.js";
export { i0 } from "./bessel.js";
export * from "./polyArithmetic.js";
export * from "./setExtras.js";
// Indexing/shape helpers, partition/topK, place/put, nanmedian, matvec/vecmat/vecdot, canCast.
export * from "./indexExtras.js";
