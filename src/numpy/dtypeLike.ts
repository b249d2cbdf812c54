// dtype-likes: a dtype's name or a scalar type object (np.float32), read into a DType name. A leaf
// module (no numpy imports), so every numpy/lax/random function can accept either.
import type { DType } from "../../jaxpr/index.js";
import { DTYPES, isDType } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import type { ArrayData } from "./creation.js";

/** A dtype named by a string, or a scalar type object such as `np.float32`. */
export type DTypeLike = DType | ScalarType;

/**
 * A scalar type (`np.float32`, `np.int32`, ...): callable as JAX's `jnp.float32(x)`, which makes a
 * (strongly typed) array of that dtype from a number, boolean, nested JS arrays or an Array
 * (then it is `astype`). Accepted wherever a dtype is.
 */
export interface ScalarType<D extends DType = DType> {
  (x: ArrayData | ArrayLike): Array;
  /** The dtype's name, e.g. "float32". */
  readonly dtype: D;
  /** Marks a concrete scalar type (as opposed to an abstract type class). */
  readonly kind: "scalar";
  /** The dtype's name, so that a scalar type prints and compares as its dtype string. */
  toString(): D;
}

export const X64_ONLY = new Set(["int64", "uint64"]);

/** The error for a dtype that needs JAX's x64 mode, which dprog does not have. */
export function x64Error(name: string): TypeError {
  return new TypeError(
    `dtype ${name} is not available: dprog is a 32-bit-default JAX (as JAX without jax_enable_x64), so 64-bit integer dtypes do not exist. ` +
      `Use int32/uint32 (or float64, which dprog always has).`,
  );
}

export const isScalarType = (x: unknown): x is ScalarType => typeof x === "function" && (x as { kind?: unknown }).kind === "scalar";

/**
 * The dtype name a dtype-like names (`np.dtype` in JAX): a dtype string, a scalar type, or an
 * Array (its dtype). int64/uint64 throw the x64 error; anything else JAX's "Cannot interpret".
 *
 * @example
 * ```ts
 * np.dtype(np.float32); // "float32"
 * np.dtype("int32") === np.dtype(np.int32); // true
 * ```
 */
export function dtype(x: DTypeLike | Array | string): DType {
  if (x instanceof Array) return x.dtype;
  if (isScalarType(x)) {
    const name = String(x);
    if (X64_ONLY.has(name)) throw x64Error(name);
    return x.dtype;
  }
  if (isDType(x)) return x;
  const name = x === "bool_" ? "bool" : String(x);
  if (isDType(name)) return name;
  if (X64_ONLY.has(name)) throw x64Error(name);
  throw new TypeError(`Cannot interpret '${name}' as a data type. Supported dtypes: ${DTYPES.join(", ")}.`);
}

/** Library-internal (not in np): a dtype option (string or scalar type) as its name; undefined and null pass through. */
export function toDType(x: DTypeLike | null | undefined): DType | undefined {
  return x === undefined || x === null ? undefined : dtype(x);
}
