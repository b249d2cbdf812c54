// numpy's NaN-ignoring reductions (jax.numpy semantics). nanvar nanstd nanargmax nanargmin are
// new here; nansum nanprod nanmax nanmin nanmean nancumsum nancumprod wrap reductions.ts so that
// JAX's keyword arguments may also be given as one options object:
// `np.nansum(x, { axis: 1, keepdims: true, dtype, where })`.
import type { DType } from "../../jaxpr/index.js";
import { isFloat } from "../../jaxpr/index.js";
import type { Axis } from "../core/array.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { ValueError } from "../core/errors.js";
import { convertTo, promoteArgs, toInexact } from "./promote.js";
import * as red from "./reductions.js";
import type { ReductionOptions } from "./reductions.js";
import { where as npWhere, sqrt as npSqrt, subtract } from "./elementwise.js";
import { isOptions } from "./options.js";

/** Keyword arguments of the nan-reductions, as one object. */
export interface NanReductionOptions extends ReductionOptions {
  /** The axis or axes to reduce; omitted or null: all. */
  axis?: Axis;
  /** Keep the reduced axes with length 1. */
  keepdims?: boolean;
}

/** Keyword arguments of {@link nanvar} and {@link nanstd}. */
export interface NanVarOptions {
  /** The axis or axes to reduce; omitted or null: all. */
  axis?: Axis;
  /** Keep the reduced axes with length 1. */
  keepdims?: boolean;
  /** The result dtype (inexact). */
  dtype?: DType;
  /** Delta degrees of freedom: the divisor is (count of non-NaN) - ddof. */
  ddof?: number;
  /** A boolean mask: only elements where it is true count. */
  where?: ArrayLike;
  /** A precomputed mean (with keepdims), used instead of nanmean. */
  mean?: ArrayLike;
}

type ReduceFn<O> = (x: ArrayLike, axis?: Axis, keepdims?: boolean, opts?: O) => Array;

/** Reads `(axis, keepdims, opts)` or `({ axis, keepdims, ...opts })`. */
function args<O extends object>(axisOrOpts: Axis | undefined | (O & { axis?: Axis; keepdims?: boolean }), keepdims: boolean | undefined, opts: O | undefined): { axis: Axis | undefined; keepdims: boolean; rest: O } {
  if (isOptions<O & { axis?: Axis; keepdims?: boolean }>(axisOrOpts)) {
    const { axis, keepdims: kd, ...rest } = axisOrOpts;
    return { axis, keepdims: kd ?? false, rest: rest as O };
  }
  return { axis: axisOrOpts, keepdims: keepdims ?? false, rest: opts ?? ({} as O) };
}

function wrap<O extends object>(f: ReduceFn<O>): (x: ArrayLike, axis?: Axis | (O & { axis?: Axis; keepdims?: boolean }), keepdims?: boolean, opts?: O) => Array {
  return (x, axis, keepdims, opts) => {
    const a = args<O>(axis, keepdims, opts);
    return f(x, a.axis, a.keepdims, a.rest);
  };
}

/**
 * `np.nansum` (jnp.nansum): sum ignoring NaNs (0 where every element is NaN). Keyword arguments positionally or as one object.
 *
 * @example
 * np.nansum(np.array([[1, NaN], [3, 4]]), { axis: 0 }); // Array([4., 4.], dtype=float32)
 */
export const nansum = wrap<ReductionOptions>(red.nansum);

/**
 * `np.nanprod` (jnp.nanprod): product ignoring NaNs (NaNs count as 1).
 *
 * @example
 * np.nanprod(np.array([2, NaN, 3])); // Array(6., dtype=float32)
 */
export const nanprod = wrap<ReductionOptions>(red.nanprod);

/**
 * `np.nanmax` (jnp.nanmax): maximum ignoring NaNs (NaN where every element is NaN).
 *
 * @example
 * np.nanmax(np.array([[1, NaN], [NaN, NaN]]), { axis: 1 }); // Array([ 1., nan], dtype=float32)
 */
export const nanmax = wrap<Omit<ReductionOptions, "dtype">>(red.nanmax);

/**
 * `np.nanmin` (jnp.nanmin): minimum ignoring NaNs (NaN where every element is NaN).
 *
 * @example
 * np.nanmin(np.array([3, NaN, 2])); // Array(2., dtype=float32)
 */
export const nanmin = wrap<Omit<ReductionOptions, "dtype">>(red.nanmin);

/** The number of non-NaN elements (masked by `where`) over `axis`, in `dtype`. */
function nonNanCount(a: Array, axis: Axis | undefined, keepdims: boolean, dtype: DType, where: ArrayLike | undefined): Array {
  const notNan = isFloat(a.dtype) ? lax.bitwiseNot(lax.ne(a, a)) : lax.fullLike(a, true, "bool");
  return red.sum(notNan, axis, keepdims, { dtype, where });
}

/**
 * `np.nanmean` (jnp.nanmean): mean ignoring NaNs (NaN where every element is NaN); integer inputs give float32.
 *
 * @example
 * np.nanmean(np.array([1, NaN, 3])); // Array(2., dtype=float32)
 */
export function nanmean(x: ArrayLike, axis?: Axis | NanReductionOptions, keepdims?: boolean, opts: Omit<ReductionOptions, "initial"> = {}): Array {
  const o = args<Omit<ReductionOptions, "initial">>(axis, keepdims, opts);
  const a = promoteArgs("nanmean", [x])[0]!;
  const dtype = o.rest.dtype ?? toInexact({ dtype: a.dtype, weakType: false }).dtype;
  const total = red.nansum(a, o.axis, o.keepdims, { dtype, where: o.rest.where });
  return lax.div(total, nonNanCount(a, o.axis, o.keepdims, dtype, o.rest.where));
}

/**
 * `np.nanvar` (jnp.nanvar): variance ignoring NaNs: sum of squared deviations from the nanmean over (non-NaN count - ddof),
 * NaN where that is not positive.
 *
 * @example
 * np.nanvar(np.array([1, NaN, 3])); // Array(1., dtype=float32)
 */
export function nanvar(x: ArrayLike, axis?: Axis | NanVarOptions, keepdims?: boolean, opts: Omit<NanVarOptions, "axis" | "keepdims"> = {}): Array {
  const o = args<Omit<NanVarOptions, "axis" | "keepdims">>(axis, keepdims, opts);
  const a0 = promoteArgs("nanvar", [x])[0]!;
  const dtype = o.rest.dtype ?? toInexact({ dtype: a0.dtype, weakType: false }).dtype;
  if (!isFloat(dtype)) throw new ValueError(`dtype argument to jnp.nanvar must be inexact; got ${dtype}`);
  const ddof = o.rest.ddof ?? 0;
  const a = convertTo(a0, { dtype, weakType: false });
  const mean = o.rest.mean !== undefined ? convertTo(o.rest.mean, { dtype, weakType: false }) : nanmean(a, o.axis, true, { dtype, where: o.rest.where });
  const isNan = lax.ne(a, a);
  // The double-where trick: NaN lanes contribute 0 and no NaN gradient.
  const centered = lax.square(npWhere(isNan, 0, subtract(a, mean)));
  const count = lax.sub(nonNanCount(a, o.axis, o.keepdims, dtype, o.rest.where), ddof);
  const bad = lax.le(count, 0);
  const total = red.sum(centered, o.axis, o.keepdims, { dtype, where: o.rest.where });
  return lax.div(npWhere(bad, NaN, total), npWhere(bad, 1, count));
}

/**
 * `np.nanstd` (jnp.nanstd): standard deviation ignoring NaNs: sqrt(nanvar).
 *
 * @example
 * np.nanstd(np.array([1, NaN, 3])); // Array(1., dtype=float32)
 */
export function nanstd(x: ArrayLike, axis?: Axis | NanVarOptions, keepdims?: boolean, opts: Omit<NanVarOptions, "axis" | "keepdims"> = {}): Array {
  return npSqrt(nanvar(x, axis, keepdims, opts));
}

function nanArg(kind: "nanargmax" | "nanargmin", x: ArrayLike, axisOrOpts: number | null | undefined | { axis?: number | null; keepdims?: boolean }, keepdims: boolean | undefined): Array {
  let axis: number | null | undefined;
  let kd: boolean;
  if (isOptions<{ axis?: number | null; keepdims?: boolean }>(axisOrOpts)) {
    axis = axisOrOpts.axis;
    kd = axisOrOpts.keepdims ?? false;
  } else {
    axis = axisOrOpts;
    kd = keepdims ?? false;
  }
  const a = promoteArgs(kind, [x])[0]!;
  const f = kind === "nanargmax" ? red.argmax : red.argmin;
  if (!isFloat(a.dtype)) return f(a, axis, kd);
  const isNan = lax.ne(a, a);
  const res = f(lax.select(isNan, lax.fullLike(a, kind === "nanargmax" ? -Infinity : Infinity), a), axis, kd);
  const allNan = red.all(isNan, axis, kd);
  return lax.select(allNan, lax.fullLike(res, -1), res);
}

/**
 * Index of the maximum ignoring NaNs (of the flattened array by default); -1 where every
 * element is NaN, as jnp. int32.
 *
 * @example
 * np.nanargmax(np.array([1, NaN, 3])); // Array(2, dtype=int32)
 */
export function nanargmax(x: ArrayLike, axis?: number | null | { axis?: number | null; keepdims?: boolean }, keepdims?: boolean): Array {
  return nanArg("nanargmax", x, axis, keepdims);
}

/**
 * `np.nanargmin` (jnp.nanargmin): index of the minimum ignoring NaNs; -1 where every element is NaN. int32.
 *
 * @example
 * np.nanargmin(np.array([[NaN, 2], [NaN, NaN]]), { axis: 1 }); // Array([ 1, -1], dtype=int32)
 */
export function nanargmin(x: ArrayLike, axis?: number | null | { axis?: number | null; keepdims?: boolean }, keepdims?: boolean): Array {
  return nanArg("nanargmin", x, axis, keepdims);
}

type CumOpts = { axis?: number | null; dtype?: DType };

function cumArgs(axis: number | null | undefined | CumOpts, opts: { dtype?: DType } | undefined): [number | null | undefined, { dtype?: DType }] {
  if (isOptions<CumOpts>(axis)) return [axis.axis, { dtype: axis.dtype }];
  return [axis, opts ?? {}];
}

/**
 * `np.nancumsum` (jnp.nancumsum): cumulative sum treating NaNs as 0 (of the flattened array when axis is null).
 *
 * @example
 * np.nancumsum(np.array([1, NaN, 2]), { axis: 0 }); // Array([1., 1., 3.], dtype=float32)
 */
export function nancumsum(x: ArrayLike, axis?: number | null | CumOpts, opts?: { dtype?: DType }): Array {
  return red.nancumsum(x, ...cumArgs(axis, opts));
}

/**
 * `np.nancumprod` (jnp.nancumprod): cumulative product treating NaNs as 1.
 *
 * @example
 * np.nancumprod(np.array([2, NaN, 3])); // Array([2., 2., 6.], dtype=float32)
 */
export function nancumprod(x: ArrayLike, axis?: number | null | CumOpts, opts?: { dtype?: DType }): Array {
  return red.nancumprod(x, ...cumArgs(axis, opts));
}
