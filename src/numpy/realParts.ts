// The complex-number functions of jax.numpy (jax/_src/numpy/ufuncs.py and lax_numpy.py): conj,
// real, imag and angle of complex arrays through lax's complex-part primitives, and on real data
// as JAX computes them there (conj and real are the identity, imag is zeros); the predicates
// iscomplexobj, isrealobj, iscomplex, isreal; isscalar.
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import { isComplex, isFloat } from "../../jaxpr/index.js";
import * as lax from "../lax/index.js";
import { checkedArray, convertTo } from "./promote.js";
import { kwargs } from "./options.js";

/**
 * `jnp.conjugate(x)`: the complex conjugate; for real dtypes, `x` itself (as jnp, unlike lax.conj).
 *
 * @example
 * ```ts
 * np.conj(np.complex64(1, 2)); // Array(1.-2.j, dtype=complex64)
 * np.conj(np.array([1, -2])); // Array([ 1., -2.], dtype=float32)
 * ```
 */
export function conjugate(x: ArrayLike): Array {
  const a = checkedArray("conjugate", x);
  return isComplex(a.dtype) ? lax.conj(a) : a;
}
/**
 * `jnp.conj`: alias of conjugate.
 *
 * @example
 * ```ts
 * np.conj(lax.complex(np.array([1, 2]), np.array([3, -4]))); // Array([1.-3.j, 2.+4.j], dtype=complex64)
 * ```
 */
export const conj = conjugate;

/**
 * `np.real(x)` (jnp.real): the real part; for real dtypes, `x` itself.
 *
 * @example
 * ```ts
 * np.real(np.complex64(1, 2)); // Array(1., dtype=float32)
 * np.real(np.array([1, 2])); // Array([1., 2.], dtype=float32)
 * ```
 */
export function real(x: ArrayLike): Array {
  const a = checkedArray("real", x);
  return isComplex(a.dtype) ? lax.real(a) : a;
}

/**
 * `np.imag(x)` (jnp.imag): the imaginary part; for real dtypes, zeros of x's shape and dtype.
 *
 * @example
 * ```ts
 * np.imag(np.complex64(1, 2)); // Array(2., dtype=float32)
 * np.imag(np.array([1, 2])); // Array([0., 0.], dtype=float32)
 * ```
 */
export function imag(x: ArrayLike): Array {
  const a = checkedArray("imag", x);
  if (isComplex(a.dtype)) return lax.imag(a);
  return lax.broadcastInDim(convertTo(0, a.aval), a.shape, []);
}

/**
 * `jnp.angle(z, deg?)`: the argument atan2(imag z, real z) of each element; for real data 0 where
 * `z >= 0` (NaN stays NaN), π where `z < 0` (180 with `deg`). Always inexact (real).
 *
 * @example
 * ```ts
 * np.angle(np.complex64(0, 1)); // Array(1.5707964, dtype=float32)
 * np.angle(np.array([-1, 2])); // Array([3.1415927, 0.], dtype=float32)
 * np.angle(-1, { deg: true }); // 180
 * ```
 */
export function angle(z: ArrayLike, deg?: boolean | { deg?: boolean }, opts?: { deg?: boolean }): Array {
  const o = kwargs<{ deg?: boolean }>("angle", ["deg"], [deg, opts]);
  const a0 = checkedArray("angle", z);
  let r: Array;
  if (isComplex(a0.dtype)) r = lax.atan2(lax.imag(a0), lax.real(a0));
  else {
    const a = isFloat(a0.dtype) ? a0 : lax.convertElementType(a0, "float32", a0.weakType);
    // atan2(0, x): 0 for x >= 0, π for x < 0, NaN for NaN, as numpy's angle of a real array.
    r = lax.atan2(convertTo(0, a.aval), a);
  }
  return o.deg ? lax.mul(r, convertTo(180 / Math.PI, r.aval)) : r;
}

/**
 * `jnp.iscomplexobj(x)`: whether `x` is an Array of complex dtype (JS numbers and booleans are real).
 *
 * @example
 * ```ts
 * np.iscomplexobj(np.ones([2], { dtype: "complex64" })); // true
 * np.iscomplexobj(np.ones([2])); // false
 * np.iscomplexobj(3); // false
 * ```
 */
export function iscomplexobj(x: unknown): boolean {
  return x instanceof Array && isComplex(x.dtype);
}
/**
 * `jnp.isrealobj(x)`: not iscomplexobj.
 *
 * @example
 * ```ts
 * np.isrealobj(np.ones([2])); // true
 * np.isrealobj(lax.complex(np.array(1), np.array(0))); // false
 * ```
 */
export function isrealobj(x: unknown): boolean {
  return !iscomplexobj(x);
}
/**
 * `jnp.iscomplex(x)`: elementwise, whether the imaginary part is nonzero (false for real arrays).
 *
 * @example
 * ```ts
 * np.iscomplex(lax.complex(np.array([1, 2]), np.array([0, 3]))); // Array([False,  True], dtype=bool)
 * np.iscomplex(np.array([1, 2])); // Array([False, False], dtype=bool)
 * ```
 */
export function iscomplex(x: ArrayLike): Array {
  const i = imag(x);
  return lax.ne(i, convertTo(0, i.aval));
}
/**
 * `jnp.isreal(x)`: elementwise, whether the imaginary part is zero (true for real arrays).
 *
 * @example
 * ```ts
 * np.isreal(lax.complex(np.array([1, 2]), np.array([0, 3]))); // Array([ True, False], dtype=bool)
 * np.isreal(np.array([1, 2])); // Array([ True,  True], dtype=bool)
 * ```
 */
export function isreal(x: ArrayLike): Array {
  const i = imag(x);
  return lax.eq(i, convertTo(0, i.aval));
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
