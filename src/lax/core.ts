// Helpers shared by the lax wrappers: turning JS scalars into arrays of a given dtype.
import type { DType } from "../../jaxpr/index.js";
import { defaultFloatDType, isFloat } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { scalarArray } from "../core/eval.js";

/** A JS scalar as a weakly typed rank-0 array of `dtype`; arrays pass through. */
export function scalarLike(x: ArrayLike, dtype: DType): Array {
  if (x instanceof Array) return x;
  return scalarArray(x, dtype, typeof x !== "boolean");
}

/** The dtype an operand list agrees on (the first array's), for lax ops that accept JS scalars. */
export function dtypeOfOperands(xs: readonly ArrayLike[]): DType {
  for (const x of xs) if (x instanceof Array) return x.dtype;
  const x = xs[0];
  if (typeof x === "boolean") return "bool";
  return Number.isInteger(x) ? "int32" : defaultFloatDType();
}

export const asArrays = (xs: readonly ArrayLike[]): Array[] => {
  let allArrays = true;
  for (const x of xs) if (!(x instanceof Array)) allArrays = false;
  if (allArrays) return xs as Array[];
  const d = dtypeOfOperands(xs);
  return xs.map((x) => scalarLike(x, d));
};

/** One operand as an array (a JS scalar as a weakly typed rank-0 array of its dtype). */
export const asArray = (x: ArrayLike): Array => asArrays([x])[0]!;

/**
 * A float operand: a JS scalar becomes float32; other dtypes raise lax's TypeError. Narrow floats
 * (float16, bfloat16, float8) only where the caller computes them in float32 (special.ts's inFloat32).
 */
export function floatOperand(x: ArrayLike, name: string, acceptNarrow = false): Array {
  const a = x instanceof Array ? x : scalarLike(x, "float32");
  const accepted = acceptNarrow ? isFloat(a.dtype) : a.dtype === "float32" || a.dtype === "float64";
  if (!accepted) throw new TypeError(`${name} does not accept dtype ${a.dtype}. Accepted dtypes are subtypes of floating.`);
  return a;
}
