// np.linalg's array-API functions (jax/_src/numpy/linalg.py vector_norm, matrix_norm, svdvals,
// trace, diagonal, outer, cross): the numpy functions fixed to the last axes, with JAX's checks
// and error wording.
import { ValueError } from "../core/errors.js";
import { Array, ArrayLike } from "../core/array.js";
import { isInexact } from "../../jaxpr/index.js";
import { asarray } from "./arrayManipulation.js";
import { abs, multiply, notEqual, power, sqrt } from "./elementwise.js";
import { cross as npCross, diagonal as npDiagonal, outer as npOuter, trace as npTrace } from "./linalg.js";
import { max, min, sum } from "./reductions.js";
import { conjugate, real } from "./realParts.js";
import { norm, type NormOrder } from "./npLinalgExtra.js";
import { svd } from "./npLinalg.js";
import type { DTypeLike } from "./dtypeLike.js";

type Axes = number | readonly number[] | null;

/**
 * `np.linalg.vectorNorm(x, opts?)` (jnp.linalg.vector_norm): the vector norm of order `ord` over
 * `axis` (all axes by default, as one flattened vector).
 *
 * @example
 * ```ts
 * np.linalg.vectorNorm(np.array([[3, 4], [0, 0]])); // Array(5., dtype=float32)
 * np.linalg.vectorNorm(np.array([[3, -4], [1, 0]]), { ord: 1, axis: 1 }); // Array([7., 1.], dtype=float32)
 * np.linalg.vectorNorm(np.array([3, -4]), { ord: Infinity }); // Array(4., dtype=float32)
 * ```
 */
export function vectorNorm(x: ArrayLike, opts: { axis?: Axes; keepdims?: boolean; ord?: number } = {}): Array {
  const a0 = asarray(x);
  const a = isInexact(a0.dtype) ? a0 : a0.astype("float32");
  const ord = opts.ord ?? 2;
  const axis = opts.axis === undefined || opts.axis === null ? null : typeof opts.axis === "number" ? opts.axis : [...opts.axis];
  const keepdims = opts.keepdims ?? false;
  const reduce = (f: typeof sum, v: Array): Array => (axis === null ? f(v, null, keepdims) : f(v, axis, keepdims));
  const magnitude = abs(a);
  if (ord === 2) return sqrt(reduce(sum, real(multiply(a, conjugate(a)))));
  if (ord === Infinity) return a.size === 0 ? reduce(sum, magnitude) : reduce(max, magnitude);
  if (ord === -Infinity) return reduce(min, magnitude);
  if (ord === 0) return reduce(sum, notEqual(a, 0).astype(magnitude.dtype));
  if (ord === 1) return reduce(sum, magnitude);
  return power(reduce(sum, power(magnitude, ord)), 1 / ord);
}

/**
 * `np.linalg.matrixNorm(x, opts?)` (jnp.linalg.matrix_norm): the matrix norm of order `ord`
 * ("fro" by default) of the last two axes.
 *
 * @example
 * ```ts
 * np.linalg.matrixNorm(np.array([[3, 0], [4, 0]])); // Array(5., dtype=float32)
 * np.linalg.matrixNorm(np.array([[1, -2], [3, 4]]), { ord: 1 }); // Array(6., dtype=float32)
 * ```
 */
export function matrixNorm(x: ArrayLike, opts: { keepdims?: boolean; ord?: NormOrder } = {}): Array {
  return norm(x, opts.ord ?? "fro", [-2, -1], opts.keepdims ?? false);
}

/**
 * `np.linalg.svdvals(x)` (jnp.linalg.svdvals): the singular values of the last two axes, descending.
 *
 * @example
 * ```ts
 * np.linalg.svdvals(np.array([[3, 0], [0, -4]])); // Array([4., 3.], dtype=float32)
 * ```
 */
export function svdvals(x: ArrayLike): Array {
  return svd(x, { computeUv: false, hermitian: false });
}

/**
 * `np.linalg.trace(x, opts?)` (jnp.linalg.trace): the sum of the diagonal (shifted by `offset`) of the last two axes.
 *
 * @example
 * ```ts
 * np.linalg.trace(np.array([[1, 2], [3, 4]])); // Array(5., dtype=float32)
 * np.linalg.trace(np.ones([2, 3, 3]), { offset: 1 }); // Array([2., 2.], dtype=float32)
 * ```
 */
export function trace(x: ArrayLike, opts: { offset?: number; dtype?: DTypeLike | null } = {}): Array {
  return npTrace(x, { offset: opts.offset ?? 0, axis1: -2, axis2: -1, dtype: opts.dtype ?? null });
}

/**
 * `np.linalg.diagonal(x, opts?)` (jnp.linalg.diagonal): the diagonal (shifted by `offset`) of the last two axes.
 *
 * @example
 * ```ts
 * np.linalg.diagonal(np.array([[1, 2], [3, 4]])); // Array([1., 4.], dtype=float32)
 * np.linalg.diagonal(np.array([[1, 2], [3, 4]]), { offset: -1 }); // Array([3.], dtype=float32)
 * ```
 */
export function diagonal(x: ArrayLike, opts: { offset?: number } = {}): Array {
  return npDiagonal(x, { offset: opts.offset ?? 0, axis1: -2, axis2: -1 });
}

/**
 * `np.linalg.outer(x1, x2)` (jnp.linalg.outer): the outer product of two 1-D arrays.
 *
 * @example
 * ```ts
 * np.linalg.outer(np.array([1, 2]), np.array([3, 4, 5])); // Array([[ 3.,  4.,  5.], [ 6.,  8., 10.]], dtype=float32)
 * ```
 */
export function outer(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = [asarray(x1), asarray(x2)];
  if (a.ndim !== 1 || b.ndim !== 1) throw new ValueError(`Input arrays must be one-dimensional, but they are x1.ndim=${a.ndim} x2.ndim=${b.ndim}`);
  return npOuter(a, b);
}

/**
 * `np.linalg.cross(x1, x2, opts?)` (jnp.linalg.cross): the cross product of 3-vectors along `axis` (the last by default).
 *
 * @example
 * ```ts
 * np.linalg.cross(np.array([1, 0, 0]), np.array([0, 1, 0])); // Array([0., 0., 1.], dtype=float32)
 * ```
 */
export function cross(x1: ArrayLike, x2: ArrayLike, opts: { axis?: number } = {}): Array {
  const [a, b] = [asarray(x1), asarray(x2)];
  const axis = opts.axis ?? -1;
  const size = (v: Array): number | undefined => v.shape[axis < 0 ? v.ndim + axis : axis];
  if (size(a) !== 3 || size(b) !== 3) {
    throw new ValueError(`Both input arrays must be (arrays of) 3-dimensional vectors, but they have x1.shape[axis]=${size(a)} and x2.shape[axis]=${size(b)}`);
  }
  return npCross(a, b, { axis });
}
