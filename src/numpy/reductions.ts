// numpy's reductions (jax.numpy's semantics): sum prod max min all any mean var std, argmax
// argmin, cumulative sums and products, logsumexp, the nan-ignoring variants, average, ptp,
// countNonzero. Each one validates its axes with numpy's errors, converts the operand to the
// dtype it computes in (strongly typed, as jnp's reductions return strong types), binds one lax
// reduction and re-inserts reduced dimensions for `keepdims`.
import type { DType } from "../../jaxpr/index.js";
import { canonicalizeAxis, isComplex, isFloat, isInteger, isNarrow, isUnsigned, maxValue, minValue, realPartDtype, shapeString } from "../../jaxpr/index.js";
import type { Axis } from "../core/array.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { ValueError } from "../core/errors.js";
import { kwargs } from "./options.js";
import type { DTypeLike } from "./dtypeLike.js";
import { broadcastTo, checkedArray, convertTo, cumulativeOperand, promoteArgs, promoteArgsInexact, resultType, strong, toInexact } from "./promote.js";
import { range } from "../../jaxpr/lists.js";

/** Options shared by the reductions: jnp's `dtype`, `initial` and `where` keyword arguments. */
export interface ReductionOptions {
  /** The dtype to accumulate in and return. */
  dtype?: DType;
  /** A scalar combined into every result (lets max/min reduce empty axes and use `where`). */
  initial?: ArrayLike;
  /** A boolean mask broadcastable to the operand: only elements where it is true are reduced. */
  where?: ArrayLike;
}

/** `jnp.var` and `jnp.std`'s keywords (with `axis` and `keepdims`). */
export interface VarOptions {
  /** Delta degrees of freedom: the divisor is `N - ddof` (NaN when that is not positive). */
  ddof?: number;
  /** The array API's name for `ddof`; only one of the two may be given. */
  correction?: number;
  /** The dtype to compute and return in (an inexact dtype). */
  dtype?: DType;
  /** A boolean mask broadcast against the input: only elements where it is true count. */
  where?: ArrayLike;
}

const STRONG = (dtype: DType) => ({ dtype, weakType: false });

/** The operand as an array (JS scalars get their weak dtype, as jnp.asarray). */


const axisRepr = (axis: readonly number[]): string => (axis.length === 1 ? `(${axis[0]},)` : `(${axis.join(", ")})`);

/** JAX's _reduction_dims: every axis canonicalized (negative allowed), duplicates rejected; sorted. */
function reductionDims(ndim: number, axis: Axis | undefined): number[] {
  if (axis === undefined || axis === null) return range(ndim);
  const list = typeof axis === "number" ? [axis] : [...axis];
  const canon = list.map((a) => canonicalizeAxis(a, ndim));
  if (new Set(canon).size !== canon.length) throw new ValueError(`duplicate value in 'axis': ${axisRepr(list)}`);
  return canon.sort((a, b) => a - b);
}


/** Re-inserts the reduced dimensions `dims` (sorted) of an operand of rank `ndim` as size 1. */
function keepDims(result: Array, ndim: number, dims: readonly number[]): Array {
  if (dims.length === 0) return result;
  const shape: number[] = [];
  const bdims: number[] = [];
  let k = 0;
  for (let i = 0; i < ndim; i++) {
    if (dims.includes(i)) shape.push(1);
    else {
      bdims.push(i);
      shape.push(result.shape[k++]!);
    }
  }
  return lax.broadcastInDim(result, shape, bdims);
}

const reducedSize = (x: Array, dims: readonly number[]): number => dims.reduce((n, d) => n * x.shape[d]!, 1);

type Monoid = "sum" | "prod" | "max" | "min" | "and" | "or";

const REDUCE: Record<Monoid, (x: Array, axes: readonly number[]) => Array> = {
  sum: lax.reduceSum,
  prod: lax.reduceProd,
  max: lax.reduceMax,
  min: lax.reduceMin,
  and: lax.reduceAnd,
  or: lax.reduceOr,
};

const COMBINE: Record<Monoid, (x: Array, y: Array) => Array> = {
  sum: lax.add,
  prod: lax.mul,
  max: lax.max,
  min: lax.min,
  and: lax.bitwiseAnd,
  or: lax.bitwiseOr,
};

/** The identity of a monoid in `dtype` (what masked-out elements are replaced by). */
function identityOf(op: Monoid, dtype: DType): number | boolean {
  if (dtype === "bool") return op === "prod" || op === "min" || op === "and";
  switch (op) {
    case "sum":
    case "or":
      return 0;
    case "prod":
      return 1;
    case "and":
      return isUnsigned(dtype) ? maxValue(dtype) : -1;
    case "max":
      return minValue(dtype);
    case "min":
      return maxValue(dtype);
  }
}

const asBool = (x: ArrayLike): Array => convertTo(x, STRONG("bool"));

/** An array of `shape` filled with `value` in `dtype` (strongly typed). */
const fullOf = (value: number | boolean, dtype: DType, shape: readonly number[]): Array => lax.broadcastInDim(convertTo(value, STRONG(dtype)), shape, []);

/** The `where` mask, broadcast to the operand's shape. */
const maskFor = (where: ArrayLike, x: Array, name: string): Array => broadcastTo(asBool(where), x.shape, name);

interface ReductionSpec {
  name: string;
  op: Monoid;
  /** The op used on bool operands (sum: or, prod: and). */
  boolOp?: Monoid;
  hasIdentity: boolean;
  preproc?: (x: Array) => Array;
  /** bool becomes int32 (jnp.sum / jnp.prod), unless a dtype is given. */
  promoteIntegers?: boolean;
}

/** JAX's _reduction. */
function reduction(spec: ReductionSpec, x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: ReductionOptions): Array {
  let a = checkedArray(spec.name, x);
  if (spec.preproc) a = spec.preproc(a);
  const { initial, where } = opts;
  if (initial === undefined && !spec.hasIdentity && where !== undefined) {
    throw new ValueError(`reduction operation ${spec.name} does not have an identity, so to use a where mask one has to specify 'initial'`);
  }
  const dims = reductionDims(a.ndim, axis);
  if (initial === undefined && !spec.hasIdentity && dims.some((d) => a.shape[d] === 0)) {
    throw new ValueError(`zero-size array to reduction operation ${spec.name} which has no identity`);
  }
  let resultDtype: DType = opts.dtype ?? a.dtype;
  // jnp's promote_integers: bool and the narrow integers accumulate in the default int (uint for unsigned).
  if (opts.dtype === undefined && spec.promoteIntegers && (resultDtype === "bool" || (isInteger(resultDtype) && isNarrow(resultDtype)))) {
    resultDtype = isUnsigned(resultDtype) ? "uint32" : "int32";
  }
  a = strong(a, resultDtype);
  const op = resultDtype === "bool" ? (spec.boolOp ?? spec.op) : spec.op;
  if (where !== undefined) a = lax.select(maskFor(where, a, spec.name), a, fullOf(identityOf(op, resultDtype), resultDtype, a.shape));
  let result = REDUCE[op](a, dims);
  if (initial !== undefined) {
    const init = convertTo(initial, STRONG(resultDtype));
    if (init.ndim !== 0) throw new ValueError(`initial value must be a scalar. Got array of shape ${shapeString(init.shape)}`);
    result = COMBINE[op](init, result);
  }
  if (keepdims) result = keepDims(result, a.ndim, dims);
  return strong(result, resultDtype);
}

/** Converts to a numeric dtype (bool becomes int32), as jnp's _cast_to_numeric. */
const castToNumeric = (x: Array): Array => (x.dtype === "bool" ? strong(x, "int32") : x);

const SUM: ReductionSpec = { name: "sum", op: "sum", boolOp: "or", hasIdentity: true, preproc: castToNumeric, promoteIntegers: true };
const PROD: ReductionSpec = { name: "prod", op: "prod", boolOp: "and", hasIdentity: true, preproc: castToNumeric, promoteIntegers: true };
const MAX: ReductionSpec = { name: "max", op: "max", hasIdentity: false };
const MIN: ReductionSpec = { name: "min", op: "min", hasIdentity: false };
const ALL: ReductionSpec = { name: "all", op: "and", hasIdentity: true, preproc: asBool };
const ANY: ReductionSpec = { name: "any", op: "or", hasIdentity: true, preproc: asBool };

/** A reduction's keywords: `axis` and `keepdims` (positional or in the options object) with its own options. */
export type Kw<O> = Omit<O, "dtype"> & {
  /** The axis or axes to reduce; omitted or null: all of them. */
  axis?: Axis;
  /** Keep the reduced axes, with length 1, so that the result broadcasts against the input. */
  keepdims?: boolean;
} & ("dtype" extends keyof O
    ? {
        /** The dtype to accumulate in and return. */
        dtype?: DTypeLike | null;
      }
    : unknown);
type ArgKw<O> = O & { axis?: number | null; keepdims?: boolean };

/** Splits `(axis?, keepdims?, opts?)` given positionally or as one options object. */
function red<O extends object>(name: string, axis: unknown, keepdims: unknown, opts: unknown): [Axis | undefined, boolean, O] {
  const { axis: ax, keepdims: kd, ...rest } = kwargs<Kw<O>>(name, ["axis", "keepdims"], [axis, keepdims, opts]);
  return [ax, kd ?? false, rest as unknown as O];
}

/**
 * `np.sum(x, axis?, keepdims?, { dtype, initial, where })` (jnp.sum): sum over `axis` (all axes by default). bool, int8 and int16 sum to int32, uint8 and uint16 to uint32 (jnp's promote_integers); 32-bit ints stay in their dtype.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * np.sum(x); // Array(10., dtype=float32)
 * np.sum(x, 0); // Array([4., 6.], dtype=float32)
 * np.sum(x, { axis: 1, keepdims: true }); // Array([[3.], [7.]], dtype=float32)
 * np.sum(x, { where: np.array([true, false]), initial: 10 }); // Array(14., dtype=float32)
 * ```
 */
export function sum(x: ArrayLike, axis?: Axis | Kw<ReductionOptions>, keepdims?: boolean | Kw<ReductionOptions>, opts?: Kw<ReductionOptions>): Array {
  const [ax, kd, o] = red<ReductionOptions>("sum", axis, keepdims, opts);
  return sumImpl(x, ax, kd, o);
}
function sumImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: ReductionOptions): Array {
  return reduction(SUM, x, axis, keepdims, opts);
}

/**
 * `np.prod(x, axis?, keepdims?, { dtype, initial, where })` (jnp.prod): product over `axis`. bool multiplies to int32.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * np.prod(x); // Array(24., dtype=float32)
 * np.prod(x, { axis: 0, keepdims: true }); // Array([[3., 8.]], dtype=float32)
 * ```
 */
export function prod(x: ArrayLike, axis?: Axis | Kw<ReductionOptions>, keepdims?: boolean | Kw<ReductionOptions>, opts?: Kw<ReductionOptions>): Array {
  const [ax, kd, o] = red<ReductionOptions>("prod", axis, keepdims, opts);
  return prodImpl(x, ax, kd, o);
}
function prodImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: ReductionOptions): Array {
  return reduction(PROD, x, axis, keepdims, opts);
}

/**
 * `np.max(x, axis?, keepdims?, { initial, where })` (jnp.max): maximum over `axis`; NaN propagates. Empty reductions need `initial`.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 5], [3, 2]]);
 * np.max(x); // Array(5., dtype=float32)
 * np.max(x, 1); // Array([5., 3.], dtype=float32)
 * np.max(np.zeros([0]), { initial: -1 }); // Array(-1., dtype=float32)
 * ```
 */
export function max(x: ArrayLike, axis?: Axis | Kw<Omit<ReductionOptions, "dtype">>, keepdims?: boolean | Kw<Omit<ReductionOptions, "dtype">>, opts?: Kw<Omit<ReductionOptions, "dtype">>): Array {
  const [ax, kd, o] = red<Omit<ReductionOptions, "dtype">>("max", axis, keepdims, opts);
  return maxImpl(x, ax, kd, o);
}
function maxImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: Omit<ReductionOptions, "dtype">): Array {
  return reduction(MAX, x, axis, keepdims, opts);
}

/**
 * `np.min(x, axis?, keepdims?, { initial, where })` (jnp.min): minimum over `axis`; NaN propagates. Empty reductions need `initial`.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 5], [3, 2]]);
 * np.min(x); // Array(1., dtype=float32)
 * np.min(x, { axis: 0, where: np.array([[false, true], [true, true]]), initial: 10 }); // Array([3., 2.], dtype=float32)
 * ```
 */
export function min(x: ArrayLike, axis?: Axis | Kw<Omit<ReductionOptions, "dtype">>, keepdims?: boolean | Kw<Omit<ReductionOptions, "dtype">>, opts?: Kw<Omit<ReductionOptions, "dtype">>): Array {
  const [ax, kd, o] = red<Omit<ReductionOptions, "dtype">>("min", axis, keepdims, opts);
  return minImpl(x, ax, kd, o);
}
function minImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: Omit<ReductionOptions, "dtype">): Array {
  return reduction(MIN, x, axis, keepdims, opts);
}

/**
 * Alias of {@link max} (`jnp.amax`).
 *
 * @example
 * ```ts
 * np.amax(np.array([[1, 5], [3, 2]]), 0); // Array([3., 5.], dtype=float32)
 * ```
 */
export const amax = max;
/**
 * Alias of {@link min} (`jnp.amin`).
 *
 * @example
 * ```ts
 * np.amin(np.array([[1, 5], [3, 2]]), { axis: 1 }); // Array([1., 2.], dtype=float32)
 * ```
 */
export const amin = min;

/**
 * `np.all(x, axis?, keepdims?, { where })` (jnp.all): whether every element over `axis` is nonzero (NaN counts as true); bool result.
 *
 * @example
 * ```ts
 * const x = np.array([[true, false], [true, true]]);
 * np.all(x); // Array(False, dtype=bool)
 * np.all(x, { axis: 0 }); // Array([ True, False], dtype=bool)
 * ```
 */
export function all(x: ArrayLike, axis?: Axis | Kw<{ where?: ArrayLike }>, keepdims?: boolean | Kw<{ where?: ArrayLike }>, opts?: Kw<{ where?: ArrayLike }>): Array {
  const [ax, kd, o] = red<{ where?: ArrayLike }>("all", axis, keepdims, opts);
  return allImpl(x, ax, kd, o);
}
function allImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: { where?: ArrayLike }): Array {
  return reduction(ALL, x, axis, keepdims, { where: opts.where });
}

/**
 * `np.any(x, axis?, keepdims?, { where })` (jnp.any): whether any element over `axis` is nonzero; bool result.
 *
 * @example
 * ```ts
 * const x = np.array([[0, 0], [0, 3]]);
 * np.any(x); // Array(True, dtype=bool)
 * np.any(x, 1, true); // Array([[False], [ True]], dtype=bool)
 * ```
 */
export function any(x: ArrayLike, axis?: Axis | Kw<{ where?: ArrayLike }>, keepdims?: boolean | Kw<{ where?: ArrayLike }>, opts?: Kw<{ where?: ArrayLike }>): Array {
  const [ax, kd, o] = red<{ where?: ArrayLike }>("any", axis, keepdims, opts);
  return anyImpl(x, ax, kd, o);
}
function anyImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: { where?: ArrayLike }): Array {
  return reduction(ANY, x, axis, keepdims, { where: opts.where });
}

/**
 * `np.ptp(x, axis?, keepdims?)` (jnp.ptp): peak to peak: max - min over `axis`.
 *
 * @example
 * ```ts
 * const x = np.array([[4, 9, 2], [3, 5, 7]]);
 * np.ptp(x); // Array(7., dtype=float32)
 * np.ptp(x, { axis: 1 }); // Array([7., 4.], dtype=float32)
 * ```
 */
export function ptp(x: ArrayLike, axis?: Axis | Kw<{}>, keepdims?: boolean | Kw<{}>, opts?: Kw<{}>): Array {
  const [ax, kd, o] = red<{}>("ptp", axis, keepdims, opts);
  return ptpImpl(x, ax, kd);
}
function ptpImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean): Array {
  const hi = max(x, axis, keepdims);
  const lo = min(x, axis, keepdims);
  if (hi.dtype === "bool") throw new TypeError("sub does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of integer, floating, complexfloating.");
  return lax.sub(hi, lo);
}

/**
 * `np.countNonzero(x, axis?, keepdims?)` (jnp.count_nonzero): the number of nonzero elements over `axis`, as int32.
 *
 * @example
 * ```ts
 * const x = np.array([[0, 1, 7], [3, 0, 0]]);
 * np.countNonzero(x); // Array(3, dtype=int32)
 * np.countNonzero(x, { axis: 0 }); // Array([1, 1, 1], dtype=int32)
 * ```
 */
export function countNonzero(x: ArrayLike, axis?: Axis | Kw<{}>, keepdims?: boolean | Kw<{}>, opts?: Kw<{}>): Array {
  const [ax, kd, o] = red<{}>("countNonzero", axis, keepdims, opts);
  return countNonzeroImpl(x, ax, kd);
}
function countNonzeroImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean): Array {
  const a = checkedArray("count_nonzero", x);
  return sum(lax.ne(a, 0), axis, keepdims, { dtype: "int32" });
}

/** The number of elements reduced (JS number), or the masked count as an array in `dtype`. */
function normalizer(a: Array, dims: readonly number[], axis: Axis | undefined, keepdims: boolean, dtype: DType, where: ArrayLike | undefined, name: string): Array | number {
  if (where === undefined) return reducedSize(a, dims);
  return sum(maskFor(where, a, name), axis, keepdims, { dtype });
}

/**
 * `np.mean(x, axis?, keepdims?, { dtype, where })` (jnp.mean): mean over `axis`. Integer and bool inputs give float32; an empty reduction gives NaN.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * np.mean(x); // Array(2.5, dtype=float32)
 * np.mean(x, 0); // Array([2., 3.], dtype=float32)
 * np.mean(x, { axis: 1, where: np.array([true, false]) }); // Array([1., 3.], dtype=float32)
 * ```
 */
export function mean(x: ArrayLike, axis?: Axis | Kw<Omit<ReductionOptions, "initial">>, keepdims?: boolean | Kw<Omit<ReductionOptions, "initial">>, opts?: Kw<Omit<ReductionOptions, "initial">>): Array {
  const [ax, kd, o] = red<Omit<ReductionOptions, "initial">>("mean", axis, keepdims, opts);
  return meanImpl(x, ax, kd, o);
}
function meanImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: Omit<ReductionOptions, "initial">): Array {
  const a = checkedArray("mean", x);
  const dims = reductionDims(a.ndim, axis);
  const resultDtype = opts.dtype ?? toInexact(STRONG(a.dtype)).dtype;
  const n = normalizer(a, dims, axis, keepdims, resultDtype, opts.where, "mean");
  const total = sum(a, axis, keepdims, { dtype: resultDtype, where: opts.where });
  return strong(lax.div(total, typeof n === "number" ? convertTo(n, STRONG(resultDtype)) : n), resultDtype);
}

/**
 * `np.var_(x, axis?, keepdims?, { ddof, correction, dtype, where })` (jnp.var; `var` is reserved in JS, also `np.variance`): variance over `axis`: mean((x - mean(x))^2) with divisor `N - ddof`, NaN where that is not
 * positive (JAX). Integer and bool inputs give float32.
 *
 * @example
 * ```ts
 * const x = np.array([1, 2, 3, 4]);
 * np.var_(x); // Array(1.25, dtype=float32)
 * np.var_(x, { ddof: 1 }); // Array(1.6666666, dtype=float32)
 * np.var_(np.array([[1, 3], [2, 6]]), 0); // Array([0.25, 2.25], dtype=float32)
 * ```
 */
export function var_(x: ArrayLike, axis?: Axis | Kw<VarOptions>, keepdims?: boolean | Kw<VarOptions>, opts?: Kw<VarOptions>): Array {
  const [ax, kd, o] = red<VarOptions>("var_", axis, keepdims, opts);
  return var_Impl(x, ax, kd, o);
}
function var_Impl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: VarOptions): Array {
  if (opts.correction !== undefined && opts.ddof !== undefined && opts.ddof !== 0) {
    throw new ValueError("ddof and correction can't be provided simultaneously.");
  }
  const correction = opts.correction ?? opts.ddof ?? 0;
  const a0 = checkedArray("var", x);
  const dtype = opts.dtype ?? toInexact(STRONG(a0.dtype)).dtype;
  const a = strong(a0, dtype);
  const dims = reductionDims(a.ndim, axis);
  const c = lax.sub(a, mean(a, axis, true, { dtype, where: opts.where }));
  // JAX's _var: |x - mean|^2 for complex data, whose variance is real (the parts' dtype).
  const centered = isComplex(dtype) ? lax.real(lax.mul(c, lax.conj(c))) : lax.square(c);
  const out = realPartDtype(dtype);
  const n = normalizer(a, dims, axis, keepdims, out, opts.where, "var");
  const total = sum(centered, axis, keepdims, { dtype: out, where: opts.where });
  // JAX: the divisor is N - ddof, and the result is NaN wherever that is not positive.
  const d = typeof n === "number" ? convertTo(n - correction, STRONG(out)) : lax.sub(n, correction);
  const result = lax.div(total, d);
  const positive = typeof n === "number" ? fullOf(n - correction > 0, "bool", result.shape) : lax.gt(d, 0);
  return lax.select(positive, result, fullOf(NaN, out, result.shape));
}
export { var_ as var };
/**
 * Alias of `var` (`jnp.var`), whose name JavaScript reserves.
 *
 * @example
 * ```ts
 * np.variance(np.array([1, 2, 3, 4])); // Array(1.25, dtype=float32)
 * ```
 */
export const variance = var_;

/**
 * `np.std(x, axis?, keepdims?, { ddof, correction, dtype, where })` (jnp.std): standard deviation over `axis`: sqrt(var).
 *
 * @example
 * ```ts
 * const x = np.array([1, 2, 3, 4]);
 * np.std(x); // Array(1.118034, dtype=float32)
 * np.std(x, { ddof: 1 }); // Array(1.2909944, dtype=float32)
 * ```
 */
export function std(x: ArrayLike, axis?: Axis | Kw<VarOptions>, keepdims?: boolean | Kw<VarOptions>, opts?: Kw<VarOptions>): Array {
  const [ax, kd, o] = red<VarOptions>("std", axis, keepdims, opts);
  return stdImpl(x, ax, kd, o);
}
function stdImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: VarOptions): Array {
  if (opts.dtype !== undefined && !isFloat(opts.dtype)) throw new ValueError(`dtype argument to jnp.std must be inexact; got ${opts.dtype}`);
  return lax.sqrt(var_(x, axis, keepdims, opts));
}

function argReduce(kind: "argmax" | "argmin", x: ArrayLike, axis: number | null | undefined, keepdims: boolean): Array {
  let a = checkedArray(kind, x);
  const ndim = a.ndim;
  let ax: number;
  let dims: number[];
  if (axis === undefined || axis === null) {
    dims = range(ndim);
    a = lax.reshape(a, [a.size]);
    ax = 0;
  } else {
    ax = canonicalizeAxis(axis, ndim);
    dims = [ax];
  }
  if (a.shape[ax] === 0) throw new ValueError(`attempt to get ${kind} of an empty sequence`);
  const result = kind === "argmax" ? lax.argmax(a, ax, "int32") : lax.argmin(a, ax, "int32");
  return keepdims ? keepDims(result, ndim, dims) : result;
}

/**
 * `np.argmax(x, axis?, keepdims?)` (jnp.argmax): index of the maximum along `axis` (of the flattened array by default); the first NaN wins, ties give the first index. int32.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 5, 2], [7, 0, 7]]);
 * np.argmax(x); // Array(3, dtype=int32)
 * np.argmax(x, 1); // Array([1, 0], dtype=int32)
 * np.argmax(x, { axis: 0, keepdims: true }); // Array([[1, 0, 1]], dtype=int32)
 * ```
 */
export function argmax(x: ArrayLike, axis?: number | null | ArgKw<{}>, keepdims?: boolean | ArgKw<{}>, opts?: ArgKw<{}>): Array {
  const [ax, kd, o] = red<{}>("argmax", axis, keepdims, opts);
  return argmaxImpl(x, ax as number | null | undefined, kd);
}
function argmaxImpl(x: ArrayLike, axis: number | null | undefined, keepdims: boolean): Array {
  return argReduce("argmax", x, axis, keepdims);
}

/**
 * `np.argmin(x, axis?, keepdims?)` (jnp.argmin): index of the minimum along `axis` (of the flattened array by default). int32.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 5, 2], [7, 0, 7]]);
 * np.argmin(x); // Array(4, dtype=int32)
 * np.argmin(x, { axis: 1 }); // Array([0, 1], dtype=int32)
 * ```
 */
export function argmin(x: ArrayLike, axis?: number | null | ArgKw<{}>, keepdims?: boolean | ArgKw<{}>, opts?: ArgKw<{}>): Array {
  const [ax, kd, o] = red<{}>("argmin", axis, keepdims, opts);
  return argminImpl(x, ax as number | null | undefined, kd);
}
function argminImpl(x: ArrayLike, axis: number | null | undefined, keepdims: boolean): Array {
  return argReduce("argmin", x, axis, keepdims);
}

/** JAX's _cumulative_reduction: flattens for axis null (or a rank-0 operand), bool accumulates in int32. */
function cumulative(name: string, f: (x: Array, axis: number) => Array, x: ArrayLike, axis: number | null | undefined, dtype: DType | undefined, fillNanWith?: number): Array {
  let a = checkedArray(name, x);
  if (axis === undefined || axis === null || a.ndim === 0) a = lax.reshape(a, [a.size]);
  const ax = canonicalizeAxis(axis ?? 0, a.ndim);
  if (fillNanWith !== undefined) a = fillNan(a, fillNanWith);
  let resultDtype: DType = dtype ?? a.dtype;
  if (resultDtype === "bool") resultDtype = "int32";
  if (a.dtype !== "bool" && dtype === "bool") a = strong(a, "bool");
  const result = f(strong(a, resultDtype), ax);
  return dtype === "bool" ? strong(result, "bool") : result;
}

/** `jnp.cumsum`/`cumprod`'s keywords. */
export interface CumOptions {
  /** The axis to accumulate along; omitted or null: the flattened array. */
  axis?: number | null;
  /** The accumulator and result dtype; omitted: the input's (bool accumulates in int32). */
  dtype?: DTypeLike | null;
}

/**
 * `np.cumsum(x, axis?, dtype?)` (jnp.cumsum): cumulative sum along `axis` (of the flattened array when axis is null/undefined). bool accumulates in int32.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * np.cumsum(x); // Array([ 1.,  3.,  6., 10.], dtype=float32)
 * np.cumsum(x, 0); // Array([[1., 2.], [4., 6.]], dtype=float32)
 * np.cumsum(x, { axis: 1, dtype: "int32" }); // Array([[1, 3], [3, 7]], dtype=int32)
 * ```
 */
export function cumsum(x: ArrayLike, axis?: number | null | CumOptions, dtype?: DTypeLike | null | CumOptions, opts?: CumOptions): Array {
  const o = kwargs<CumOptions>("cumsum", ["axis", "dtype"], [axis, dtype, opts]);
  return cumulative("cumsum", (a, ax) => lax.cumsum(a, ax), x, o.axis, o.dtype as DType | undefined);
}

/**
 * `np.cumprod(x, axis?, dtype?)` (jnp.cumprod): cumulative product along `axis` (of the flattened array when axis is null/undefined).
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * np.cumprod(x); // Array([ 1.,  2.,  6., 24.], dtype=float32)
 * np.cumprod(x, { axis: 0 }); // Array([[1., 2.], [3., 8.]], dtype=float32)
 * ```
 */
export function cumprod(x: ArrayLike, axis?: number | null | CumOptions, dtype?: DTypeLike | null | CumOptions, opts?: CumOptions): Array {
  const o = kwargs<CumOptions>("cumprod", ["axis", "dtype"], [axis, dtype, opts]);
  return cumulative("cumprod", (a, ax) => lax.cumprod(a, ax), x, o.axis, o.dtype as DType | undefined);
}

/** cumsum treating NaN as 0. */
export function nancumsum(x: ArrayLike, axis?: number | null, opts: { dtype?: DType } = {}): Array {
  return cumulative("nancumsum", (a, ax) => lax.cumsum(a, ax), x, axis, opts.dtype, 0);
}

/** cumprod treating NaN as 1. */
export function nancumprod(x: ArrayLike, axis?: number | null, opts: { dtype?: DType } = {}): Array {
  return cumulative("nancumprod", (a, ax) => lax.cumprod(a, ax), x, axis, opts.dtype, 1);
}

/**
 * `np.cumulativeSum(x, { axis, dtype, includeInitial })` (jnp.cumulative_sum): the array API's cumulative_sum: bool accumulates in int32, `includeInitial` prepends zeros.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * np.cumulativeSum(x, { axis: 1 }); // Array([[1., 3.], [3., 7.]], dtype=float32)
 * np.cumulativeSum(np.array([1, 2, 3]), { includeInitial: true }); // Array([0., 1., 3., 6.], dtype=float32)
 * ```
 */
export function cumulativeSum(x: ArrayLike, opts: { axis?: number | null; dtype?: DType; includeInitial?: boolean } = {}): Array {
  const [a, ax] = cumulativeOperand("cumulative_sum", "sum", x, opts.axis);
  const out = cumsum(a, ax, { dtype: opts.dtype });
  if (!opts.includeInitial) return out;
  const zerosShape = [...a.shape];
  zerosShape[ax] = 1;
  return lax.concatenate([fullOf(0, out.dtype, zerosShape), out], ax);
}

/** Replaces NaNs with `value` (floats only). */
function fillNan(a: Array, value: number): Array {
  if (!isFloat(a.dtype)) return a;
  return lax.select(lax.ne(a, a), fullOf(value, a.dtype, a.shape), a);
}

/** Sum ignoring NaNs (all-NaN gives 0). */
export function nansum(x: ArrayLike, axis?: Axis | Kw<ReductionOptions>, keepdims?: boolean | Kw<ReductionOptions>, opts?: Kw<ReductionOptions>): Array {
  const [ax, kd, o] = red<ReductionOptions>("nansum", axis, keepdims, opts);
  return nansumImpl(x, ax, kd, o);
}
function nansumImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: ReductionOptions): Array {
  return sum(fillNan(checkedArray("nansum", x), 0), axis, keepdims, opts);
}

/** Product ignoring NaNs. */
export function nanprod(x: ArrayLike, axis?: Axis | Kw<ReductionOptions>, keepdims?: boolean | Kw<ReductionOptions>, opts?: Kw<ReductionOptions>): Array {
  const [ax, kd, o] = red<ReductionOptions>("nanprod", axis, keepdims, opts);
  return nanprodImpl(x, ax, kd, o);
}
function nanprodImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: ReductionOptions): Array {
  return prod(fillNan(checkedArray("nanprod", x), 1), axis, keepdims, opts);
}

function nanExtremum(name: string, f: typeof max, fill: number, x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: Omit<ReductionOptions, "dtype">): Array {
  const a = checkedArray(name, x);
  if (!isFloat(a.dtype)) return f(a, axis, keepdims, opts);
  const out = f(fillNan(a, fill), axis, keepdims, opts);
  if (opts.initial !== undefined) return out;
  const allNan = all(lax.ne(a, a), axis, keepdims);
  return lax.select(allNan, fullOf(NaN, out.dtype, out.shape), out);
}

/** Maximum ignoring NaNs (NaN where every element is NaN). */
export function nanmax(x: ArrayLike, axis?: Axis | Kw<Omit<ReductionOptions, "dtype">>, keepdims?: boolean | Kw<Omit<ReductionOptions, "dtype">>, opts?: Kw<Omit<ReductionOptions, "dtype">>): Array {
  const [ax, kd, o] = red<Omit<ReductionOptions, "dtype">>("nanmax", axis, keepdims, opts);
  return nanmaxImpl(x, ax, kd, o);
}
function nanmaxImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: Omit<ReductionOptions, "dtype">): Array {
  return nanExtremum("nanmax", max, -Infinity, x, axis, keepdims, opts);
}

/** Minimum ignoring NaNs (NaN where every element is NaN). */
export function nanmin(x: ArrayLike, axis?: Axis | Kw<Omit<ReductionOptions, "dtype">>, keepdims?: boolean | Kw<Omit<ReductionOptions, "dtype">>, opts?: Kw<Omit<ReductionOptions, "dtype">>): Array {
  const [ax, kd, o] = red<Omit<ReductionOptions, "dtype">>("nanmin", axis, keepdims, opts);
  return nanminImpl(x, ax, kd, o);
}
function nanminImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: Omit<ReductionOptions, "dtype">): Array {
  return nanExtremum("nanmin", min, Infinity, x, axis, keepdims, opts);
}

/** Mean ignoring NaNs (NaN where every element is NaN). */
export function nanmean(x: ArrayLike, axis?: Axis | Kw<{}>, keepdims?: boolean | Kw<{}>, opts?: Kw<{}>): Array {
  const [ax, kd, o] = red<{}>("nanmean", axis, keepdims, opts);
  return nanmeanImpl(x, ax, kd);
}
function nanmeanImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean): Array {
  const a = checkedArray("nanmean", x);
  if (!isFloat(a.dtype)) return mean(a, axis, keepdims);
  const count = sum(lax.bitwiseNot(lax.ne(a, a)), axis, keepdims, { dtype: a.dtype });
  return lax.div(nansum(a, axis, keepdims), count);
}

/** `jnp.average`'s keywords (with `axis` and `weights`). */
export interface AverageOptions {
  /** Also return the sum of the weights (broadcast to the average's shape). */
  returned?: boolean;
  /** Keep the reduced axes with length 1. */
  keepdims?: boolean;
}

/**
 * `np.average(x, axis?, weights?, { returned, keepdims })` (jnp.average): weighted average over `axis`: sum(x * w) / sum(w). `weights` has x's shape, or is 1-D along a
 * single `axis`. Without weights, the mean. Always inexact.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * np.average(x); // Array(2.5, dtype=float32)
 * np.average(x, 1, np.array([3, 1])); // Array([1.25, 3.25], dtype=float32)
 * np.average(x, 0, null, { returned: true }); // [Array([2., 3.], dtype=float32), Array([2., 2.], dtype=float32)]
 * ```
 */
export function average(x: ArrayLike, axis?: Axis, weights?: ArrayLike | null, opts?: AverageOptions & { returned?: false }): Array;
export function average(x: ArrayLike, axis: Axis | undefined, weights: ArrayLike | null | undefined, opts: AverageOptions & { returned: true }): [Array, Array];
export function average(x: ArrayLike, axis?: Axis, weights?: ArrayLike | null, opts: AverageOptions = {}): Array | [Array, Array] {
  const keepdims = opts.keepdims ?? false;
  let avg: Array;
  let weightsSum: Array;
  if (weights === undefined || weights === null) {
    const a = promoteArgsInexact("average", [x])[0]!;
    avg = mean(a, axis, keepdims);
    const dims = reductionDims(a.ndim, axis);
    weightsSum = fullOf(reducedSize(a, dims), avg.dtype, avg.shape);
  } else {
    const t = toInexact(resultType(x, weights));
    const a = convertTo(x, t);
    let w = convertTo(weights, t);
    const sameShape = a.ndim === w.ndim && a.shape.every((d, i) => d === w.shape[i]);
    if (!sameShape) {
      if (w.ndim !== 1) throw new ValueError("1D weights expected when shapes of a and weights differ.");
      if (axis === undefined || axis === null) throw new ValueError("Axis must be specified when shapes of a and weights differ.");
      if (typeof axis !== "number") throw new ValueError("Single axis expected when shapes of a and weights differ");
      const ax = canonicalizeAxis(axis, a.ndim);
      if (w.shape[0] !== a.shape[ax]) throw new ValueError("Length of weights not compatible with specified axis.");
      w = lax.broadcastInDim(w, a.shape.map((d, i) => (i === ax ? d : 1)), [ax]);
    }
    weightsSum = sum(w, axis, keepdims);
    const [aw, ww] = promoteArgs("average", [a, w]);
    avg = lax.div(sum(lax.mul(aw!, ww!), axis, keepdims), weightsSum);
  }
  if (!opts.returned) return avg;
  if (weightsSum.ndim !== avg.ndim || weightsSum.shape.some((d, i) => d !== avg.shape[i])) weightsSum = broadcastTo(weightsSum, avg.shape);
  return [avg, weightsSum];
}

/**
 * `np.logsumexp(x, axis?, keepdims?, { b })` (jax.nn.logsumexp, jax.scipy.special.logsumexp): log(sum(exp(x))) over `axis`, computed stably: the (gradient-stopped) max is subtracted first,
 * non-finite maxima are replaced by 0 (so all -inf rows give -inf, +inf gives +inf, NaN gives
 * NaN), as jax.scipy.special.logsumexp. `opts.b` scales each exp(x) (weights); a negative
 * weighted sum gives NaN.
 *
 * @example
 * ```ts
 * const x = np.array([[0, 0], [1, 2]]);
 * np.logsumexp(x); // Array(2.4938116, dtype=float32)
 * np.logsumexp(x, 1); // Array([0.6931472, 2.3132617], dtype=float32)
 * np.logsumexp(np.array([1, 2]), { b: np.array([2, 0]) }); // Array(1.6931472, dtype=float32)
 * ```
 */
export function logsumexp(x: ArrayLike, axis?: Axis | Kw<{ b?: ArrayLike }>, keepdims?: boolean | Kw<{ b?: ArrayLike }>, opts?: Kw<{ b?: ArrayLike }>): Array {
  const [ax, kd, o] = red<{ b?: ArrayLike }>("logsumexp", axis, keepdims, opts);
  return logsumexpImpl(x, ax, kd, o);
}
function logsumexpImpl(x: ArrayLike, axis: Axis | undefined, keepdims: boolean, opts: { b?: ArrayLike }): Array {
  let a: Array;
  let b: Array | null = null;
  if (opts.b !== undefined) {
    const [pa, pb] = promoteArgsInexact("logsumexp", [x, opts.b]);
    a = pa!;
    b = broadcastTo(pb!, a.shape, "logsumexp");
    if (a.ndim < b.ndim) a = broadcastTo(a, b.shape, "logsumexp");
    // Elements with zero weight do not count, even when they are +inf or NaN.
    a = lax.select(lax.ne(b, 0), a, fullOf(-Infinity, a.dtype, a.shape));
  } else {
    a = promoteArgsInexact("logsumexp", [x])[0]!;
  }
  a = strong(a, a.dtype);
  const dims = reductionDims(a.ndim, axis);
  const rawMax = lax.reduceMax(a, dims);
  const amax = lax.stopGradient(lax.select(lax.isFinite(rawMax), rawMax, fullOf(0, a.dtype, rawMax.shape)));
  const amaxKept = keepDims(amax, a.ndim, dims);
  let expA = lax.exp(lax.sub(a, a.ndim === 0 ? amaxKept : lax.broadcastInDim(amaxKept, a.shape, a.shape.map((_, i) => i))));
  if (b !== null) expA = lax.mul(expA, b);
  const sumexp = lax.reduceSum(expA, dims);
  let out = lax.add(lax.log(b === null ? sumexp : lax.abs(sumexp)), amax);
  if (b !== null) {
    out = lax.select(lax.lt(sumexp, 0), fullOf(NaN, out.dtype, out.shape), out);
  }
  return keepdims ? keepDims(out, a.ndim, dims) : out;
}
