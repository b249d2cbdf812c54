// Helpers shared by the numpy functions that accept JAX's keyword arguments either positionally
// or as one trailing options object (API.md: keyword arguments become a trailing options object).
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import { checkOperands, convertTo, resultType, toInexact } from "./promote.js";
import type { DType } from "../../jaxpr/index.js";

/** Whether `v` is an options object (a plain JS object), not an axis, array, scalar or null. */
export function isOptions<T extends object>(v: T | ArrayLike | readonly number[] | string | null | undefined): v is T {
  return typeof v === "object" && v !== null && !(v instanceof Array) && !globalThis.Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** numpy's finfo(dtype).max for a floating dtype. */
export function finfoMax(dtype: DType): number {
  switch (dtype as string) {
    case "float16":
      return 65504;
    case "bfloat16":
      return 3.3895313892515355e38;
    case "float32":
      return 3.4028234663852886e38;
    default:
      return Number.MAX_VALUE;
  }
}

/** numpy's finfo(dtype).eps for a floating dtype. */
export function finfoEps(dtype: DType): number {
  switch (dtype as string) {
    case "float16":
      return 2 ** -10;
    case "bfloat16":
      return 2 ** -7;
    case "float32":
      return 2 ** -23;
    default:
      return 2 ** -52;
  }
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
