// Helpers shared by the numpy functions that accept JAX's keyword arguments either positionally
// or as one trailing options object (API.md: keyword arguments become a trailing options object).
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import { checkOperands, convertTo, resultType, toInexact } from "./promote.js";
import type { DType } from "../../jaxpr/index.js";
import { FINFO } from "./finfoTable.js";
import { dtype as dtypeName } from "./dtypeLike.js";
import type { DTypeLike } from "./dtypeLike.js";

/** Whether `v` is an options object (a plain JS object), not an axis, array, scalar or null. */
export function isOptions<T extends object>(v: T | ArrayLike | readonly number[] | string | null | undefined): v is T {
  return typeof v === "object" && v !== null && !(v instanceof Array) && !globalThis.Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** numpy's finfo(dtype).max for a floating dtype (float64's for any other dtype). */
export function finfoMax(dtype: DType): number {
  return (FINFO[dtype] ?? FINFO.float64!).max;
}

/** numpy's finfo(dtype).eps for a floating dtype (float64's for any other dtype). */
export function finfoEps(dtype: DType): number {
  return (FINFO[dtype] ?? FINFO.float64!).eps;
}

/** JAX's promote_dtypes_inexact: one inexact dtype for all operands, shapes left alone. */
export function promoteDtypesInexact(name: string, xs: readonly ArrayLike[]): Array[] {
  checkOperands(name, xs);
  const t = toInexact(resultType(...xs));
  return xs.map((x) => convertTo(x, t));
}

/** JAX's promote_dtypes: one dtype for all operands, shapes left alone. */
export function promoteDtypes(name: string, xs: readonly ArrayLike[]): Array[] {
  checkOperands(name, xs);
  const t = resultType(...xs);
  return xs.map((x) => convertTo(x, t));
}

/**
 * JAX's keyword arguments in TypeScript, for every numpy/lax/random/nn function (API.md: keyword
 * arguments become a trailing options object, positional forms kept). `args` are the values the
 * function received after its required parameters, in order; `names` are the keyword names those
 * positions have. Any of them may instead be one options object, after which no positional value
 * may follow; its other keys pass through. A name given both ways throws Python's TypeError.
 * A `dtype` given as a scalar type (`np.float32`) is read as its name.
 *
 * @example
 * ```ts
 * // not run: kwargs is internal (dprog does not export it)
 * // np.sum(x, axis?, keepdims?, opts?) accepts np.sum(x, 1, true) and np.sum(x, { axis: 1, keepdims: true })
 * const o = kwargs<SumOptions>("sum", ["axis", "keepdims"], [axis, keepdims, opts]);
 * ```
 */
export function kwargs<T extends object>(fn: string, names: readonly (keyof T & string)[], args: readonly unknown[]): T {
  const out: Record<string, unknown> = {};
  let optsAt = -1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === undefined) continue;
    if (optsAt >= 0) throw new TypeError(`${fn}() got a positional argument after its options object (argument ${i + 1}).`);
    if (isPlainOptions(a)) {
      optsAt = i;
      continue;
    }
    if (i >= names.length) throw new TypeError(`${fn}() takes at most ${names.length} optional positional arguments, got a value at position ${i + 1}.`);
    out[names[i]!] = a;
  }
  if (optsAt >= 0) {
    for (const [k, v] of Object.entries(args[optsAt] as Record<string, unknown>)) {
      if (v === undefined) continue;
      if (k in out) throw new TypeError(`${fn}() got multiple values for argument '${k}'`);
      out[k] = v;
    }
  }
  // dtype=None is the default dtype: absent.
  if (out["dtype"] === null) delete out["dtype"];
  else if (out["dtype"] !== undefined) out["dtype"] = dtypeName(out["dtype"] as DTypeLike);
  return out as T;
}

/** A plain JS object (prototype Object.prototype or null): an options object, never array data. */
export function isPlainOptions(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const p = Object.getPrototypeOf(v) as unknown;
  return p === Object.prototype || p === null;
}
