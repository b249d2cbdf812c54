// The complex-number helpers of jax.numpy for dprog's real dtypes (issue 19): conj/conjugate and
// real are the identity, imag is zeros, angle is 0 or π; iscomplexobj/isrealobj/isscalar.
// Complex dtypes are a separate issue; these keep JAX programs that call them on real data running.
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { checkedArray, convertTo } from "./promote.js";
import { kwargs } from "./options.js";


/**
 * `jnp.conjugate(x)`: the complex conjugate; for real dtypes, `x` itself.
 *
 * @example
 * ```ts
 * np.conj(np.array([1, -2])); // Array([ 1., -2.], dtype=float32)
 * ```
 */
export function conjugate(x: ArrayLike): Array {
  return checkedArray("conjugate", x);
}
/** `jnp.conj`: alias of conjugate. */
export const conj = conjugate;

/** `jnp.real(x)`: the real part; for real dtypes, `x` itself. @example `np.real(np.array([1.5]))` */
export function real(x: ArrayLike): Array {
  return checkedArray("real", x);
}

/** `jnp.imag(x)`: the imaginary part; for real dtypes, zeros of x's shape and dtype. @example `np.imag(np.array([1.5])) // [0.]` */
export function imag(x: ArrayLike): Array {
  const a = checkedArray("imag", x);
  return lax.broadcastInDim(convertTo(0, a.aval), a.shape, []);
}

/**
 * `jnp.angle(z, deg?)`: the argument of each element; for real data 0 where `z >= 0` (and NaN
 * stays NaN), π where `z < 0` (180 with `deg`). Always inexact.
 *
 * @example
 * ```ts
 * np.angle(np.array([-1, 2])); // Array([3.1415927, 0.], dtype=float32)
 * np.angle(-1, { deg: true }); // 180
 * ```
 */
export function angle(z: ArrayLike, deg?: boolean | { deg?: boolean }, opts?: { deg?: boolean }): Array {
  const o = kwargs<{ deg?: boolean }>("angle", ["deg"], [deg, opts]);
  const a0 = checkedArray("angle", z);
  const a = a0.dtype === "float32" || a0.dtype === "float64" ? a0 : lax.convertElementType(a0, "float32", a0.weakType);
  // atan2(0, x): 0 for x >= 0, π for x < 0, NaN for NaN, as numpy's angle of a real array.
  const r = lax.atan2(convertTo(0, a.aval), a);
  return o.deg ? lax.mul(r, convertTo(180 / Math.PI, a.aval)) : r;
}

/** `jnp.iscomplexobj(x)`: false (dprog has no complex dtypes yet). */
export function iscomplexobj(x: unknown): boolean {
  void x;
  return false;
}
/** `jnp.isrealobj(x)`: true (dprog has no complex dtypes yet). */
export function isrealobj(x: unknown): boolean {
  return !iscomplexobj(x);
}
/**
 * `jnp.isscalar(x)`: whether `x` is a JS number or boolean, or a 0-d Array (JAX counts 0-d arrays).
 *
 * @example
 * ```ts
 * np.isscalar(1.5); // true
 * np.isscalar(np.array(1)); // true
 * np.isscalar([1]); // false
 * ```
 */
export function isscalar(x: unknown): boolean {
  if (typeof x === "number" || typeof x === "boolean") return true;
  return x instanceof Array && x.ndim === 0;
}
