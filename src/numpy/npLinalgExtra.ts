// More of np.linalg (issue 20), composed from the decompositions in npLinalg.ts: norm (vector and
// matrix orders), cond, pinv, matrixRank, lstsq, matrixPower, multiDot, matrixTranspose, vecdot,
// tensorsolve, tensorinv. JAX's defaults
// (jax/_src/numpy/linalg.py) and error wording where it has them.
import { ValueError } from "../core/errors.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/ops.js";
import { mT } from "../lax/matrixHelpers.js";
import { asarray } from "./arrayManipulation.js";
import { abs, divide, multiply, power, sqrt, where, greater } from "./elementwise.js";
import { matmul } from "./linalg.js";
import { countNonzero, max, min, sum } from "./reductions.js";
import { expandDims, moveaxis, reshape } from "./shape.js";
import { inv, solve, svd } from "./npLinalg.js";
import { asFloat } from "./linalgCore.js";
import { conjugate } from "./realParts.js";

const float = asFloat;
const epsOf = (a: Array): number => (a.dtype === "float64" ? 2 ** -52 : 2 ** -23);

// np.linalg.matrixTranspose is np.matrixTranspose (jnp.linalg.matrix_transpose does the same lax.transpose).
export { matrixTranspose } from "./shape.js";

/**
 * `np.linalg.vecdot(x1, x2, { axis })` (jnp.linalg.vecdot, also np.vecdot): sum(conj(x1) * x2) along `axis` (default the last), x1 conjugated as JAX does.
 *
 * @example
 * ```ts
 * np.linalg.vecdot(np.array([[1, 2], [3, 4]]), np.array([1, 1])); // Array([3., 7.], dtype=float32)
 * np.linalg.vecdot(np.array([[1, 2], [3, 4]]), np.array([[1], [1]]), { axis: 0 }); // Array([4., 6.], dtype=float32)
 * const z = lax.complex(np.array([1, 2]), np.array([1, -1]));
 * np.linalg.vecdot(z, z); // Array(7.+0.j, dtype=complex64)
 * ```
 */
export function vecdot(x1: ArrayLike, x2: ArrayLike, opts: { axis?: number } = {}): Array {
  return sum(multiply(conjugate(x1), x2), opts.axis ?? -1);
}

/**
 * `np.linalg.multiDot(arrays)` (jnp.linalg.multi_dot): the product of a chain of matrices (the first may be a row vector, the last a column vector), left to right.
 *
 * @example
 * ```ts
 * const a = np.array([[1, 2], [3, 4]]);
 * np.linalg.multiDot([np.array([1, 1]), a, a, np.array([1, 0])]); // Array(22., dtype=float32)
 * ```
 */
export function multiDot(arrays: readonly ArrayLike[]): Array {
  if (arrays.length < 2) throw new ValueError("multi_dot requires at least two arrays.");
  return arrays.slice(1).reduce<Array>((p, q) => matmul(p, q), asarray(arrays[0]!));
}

/**
 * `np.linalg.matrixPower(a, n)` (jnp.linalg.matrix_power): a^n for an integer n (n < 0: the inverse's power), by repeated squaring.
 *
 * @example
 * ```ts
 * const a = np.array([[1, 1], [0, 1]]);
 * np.linalg.matrixPower(a, 3); // Array([[1., 3.], [0., 1.]], dtype=float32)
 * np.linalg.matrixPower(a, -2); // Array([[ 1., -2.], [ 0.,  1.]], dtype=float32)
 * ```
 */
export function matrixPower(a: ArrayLike, n: number): Array {
  const x = asarray(a);
  if (!Number.isInteger(n)) throw new TypeError(`exponent must be an integer, got ${n}`);
  if (x.ndim < 2 || x.shape[x.ndim - 1] !== x.shape[x.ndim - 2]) throw new ValueError(`matrix_power requires a square matrix, got shape ${JSON.stringify(x.shape)}`);
  if (n === 0) return lax.broadcastInDim(lax.convertElementType(lax.eq(lax.broadcastedIota("int32", x.shape, x.ndim - 2), lax.broadcastedIota("int32", x.shape, x.ndim - 1)), x.dtype), x.shape, x.shape.map((_, i) => i));
  let base = n < 0 ? inv(x) : x;
  let k = Math.abs(n);
  let result: Array | null = null;
  while (k > 0) {
    if (k & 1) result = result === null ? base : matmul(result, base);
    k >>= 1;
    if (k > 0) base = matmul(base, base);
  }
  return result!;
}

/** `np.linalg.norm`'s `ord`: a number (including +-Infinity), "fro" (Frobenius), "nuc" (nuclear, matrices) or null (2-norm of vectors, Frobenius of matrices). */
export type NormOrder = number | "fro" | "nuc" | null;

/**
 * `np.linalg.norm(x, ord?, axis?, keepdims = false)` (jnp.linalg.norm): vector norms (1-D or one axis) and matrix norms (2-D or two axes): numpy's ord table.
 *
 * @example
 * ```ts
 * const x = np.array([[3, 4], [0, 0]]);
 * np.linalg.norm(x); // Array(5., dtype=float32)
 * np.linalg.norm(np.array([3, -4]), 1); // Array(7., dtype=float32)
 * np.linalg.norm(x, Infinity, 1); // Array([4., 0.], dtype=float32)
 * np.linalg.norm(x, "fro", [0, 1], true); // Array([[5.]], dtype=float32)
 * ```
 */
export function norm(x: ArrayLike, ord: NormOrder = null, axis: number | readonly [number, number] | null = null, keepdims = false): Array {
  const a = float(x);
  const axes = axis === null ? (a.ndim <= 2 ? a.shape.map((_, i) => i) : null) : typeof axis === "number" ? [axis] : [...axis];
  if (axes === null) {
    if (ord !== null) throw new ValueError("Improper number of dimensions to norm.");
    return sqrt(sum(multiply(a, a)));
  }
  const canon = axes.map((d) => (d < 0 ? d + a.ndim : d));
  const out = canon.length === 1 ? vectorNorm(a, ord, canon[0]!) : canon.length === 2 ? matrixNorm(a, ord, canon as [number, number]) : null;
  if (out === null) throw new ValueError("Improper number of dimensions to norm.");
  return keepdims ? expandDims(out, [...canon].sort((p, q) => p - q)) : out;
}

function vectorNorm(a: Array, ord: NormOrder, axis: number): Array {
  if (ord === null || ord === 2) return sqrt(sum(multiply(a, a), axis));
  if (ord === Infinity) return max(abs(a), axis);
  if (ord === -Infinity) return min(abs(a), axis);
  if (ord === 0) return lax.convertElementType(countNonzero(a, axis), a.dtype);
  if (ord === 1) return sum(abs(a), axis);
  if (typeof ord === "string") throw new ValueError(`Invalid order '${ord}' for vector norm.`);
  return power(sum(power(abs(a), ord), axis), 1 / ord);
}

function matrixNorm(a: Array, ord: NormOrder, [r, c]: [number, number]): Array {
  if (r === c) throw new ValueError("Duplicate axes given.");
  if (ord === null || ord === "fro") return sqrt(sum(multiply(a, a), [r, c]));
  if (ord === 1 || ord === -1) return (ord === 1 ? max : min)(sum(abs(a), r), c > r ? c - 1 : c);
  if (ord === Infinity || ord === -Infinity) return (ord === Infinity ? max : min)(sum(abs(a), c), r > c ? r - 1 : r);
  if (ord === 2 || ord === -2 || ord === "nuc") {
    const s = svd(moveaxis(a, [r, c], [-2, -1]), { computeUv: false });
    return ord === "nuc" ? sum(s, -1) : (ord === 2 ? max : min)(s, -1);
  }
  throw new ValueError(`Invalid norm order '${String(ord)}' for matrices.`);
}

/**
 * `np.linalg.cond(x, p?)` (jnp.linalg.cond): the condition number in the given norm (default 2: the ratio of extreme singular values).
 *
 * @example
 * ```ts
 * np.linalg.cond(np.array([[2, 0], [0, 0.5]])); // Array(4., dtype=float32)
 * np.linalg.cond(np.array([[1, 2], [3, 4]]), 1); // Array(21., dtype=float32)
 * ```
 */
export function cond(x: ArrayLike, p: NormOrder = null): Array {
  const a = float(x);
  if (p === null || p === 2 || p === -2) {
    const s = svd(a, { computeUv: false });
    const [hi, lo] = [max(s, -1), min(s, -1)];
    return p === -2 ? divide(lo, hi) : divide(hi, lo);
  }
  return multiply(norm(a, p, [-2, -1]), norm(inv(a), p, [-2, -1]));
}

/** Singular values above rtol * max(s) (default max(m, n) * eps), as their reciprocals; 0 elsewhere. */
function cutoffInverse(s: Array, rtol: number): Array {
  const cutoff = multiply(expandDims(max(s, -1), -1), rtol);
  const big = greater(s, cutoff);
  return where(big, divide(1, where(big, s, 1)), 0);
}

/**
 * `np.linalg.pinv(a, { rtol })` (jnp.linalg.pinv): the Moore-Penrose pseudo-inverse, from the SVD (rtol default 10 max(m, n) eps, JAX's).
 *
 * @example
 * ```ts
 * np.linalg.pinv(np.array([[1, 0], [0, 2], [0, 0]])); // Array([[1. , 0. , 0. ], [0. , 0.5, 0. ]], dtype=float32)
 * ```
 */
export function pinv(a: ArrayLike, opts: { rtol?: number } = {}): Array {
  const x = float(a);
  const [m, n] = x.shape.slice(-2) as [number, number];
  const [u, s, vh] = svd(x, { fullMatrices: false });
  const sInv = cutoffInverse(s, opts.rtol ?? 10 * Math.max(m, n) * epsOf(x));
  return matmul(multiply(mT(vh), expandDims(sInv, -2)), mT(u));
}

/**
 * `np.linalg.matrixRank(M, { rtol })` (jnp.linalg.matrix_rank): the number of singular values above rtol * max(s) (default max(m, n) * eps).
 *
 * @example
 * ```ts
 * np.linalg.matrixRank(np.array([[1, 2], [2, 4]])); // Array(1, dtype=int32)
 * np.linalg.matrixRank(np.array([[1, 0], [0, 1e-3]]), { rtol: 0.01 }); // Array(1, dtype=int32)
 * ```
 */
export function matrixRank(M: ArrayLike, opts: { rtol?: number } = {}): Array {
  const x = float(M);
  if (x.ndim < 2) return lax.convertElementType(lax.ne(countNonzero(x), lax.full([], 0, "int32")), "int32");
  const [m, n] = x.shape.slice(-2) as [number, number];
  const s = svd(x, { computeUv: false });
  const tol = multiply(expandDims(max(s, -1), -1), opts.rtol ?? Math.max(m, n) * epsOf(x));
  return countNonzero(greater(s, tol), -1);
}

/** `np.linalg.lstsq`'s result: the solution, the residual sums of squares, the rank of `a`, and its singular values. */
export type LstsqResult = [x: Array, residuals: Array, rank: Array, s: Array];

/**
 * `np.linalg.lstsq(a, b, { rcond })` (jnp.linalg.lstsq): least squares through the SVD: [x, residuals (sum of squares per column when m > n, else empty), rank, s].
 *
 * @example
 * ```ts
 * const a = np.array([[1, 0], [1, 1], [1, 2]]);
 * const [x, residuals, rank, s] = np.linalg.lstsq(a, np.array([1, 2, 2]));
 * x; // Array([1.1666666, 0.5], dtype=float32)
 * residuals; // Array([0.16666667], dtype=float32)
 * rank; // Array(2, dtype=int32)
 * ```
 */
export function lstsq(a: ArrayLike, b: ArrayLike, opts: { rcond?: number | null } = {}): LstsqResult {
  const A = float(a);
  let B = asarray(b);
  if (A.ndim !== 2) throw new ValueError(`a must be 2-dimensional for lstsq, got shape ${JSON.stringify(A.shape)}`);
  if (B.dtype !== A.dtype) B = lax.convertElementType(B, A.dtype);
  const vector = B.ndim === 1;
  const Bm = vector ? expandDims(B, -1) : B;
  const [m, n] = A.shape as [number, number];
  if (Bm.ndim !== 2 || Bm.shape[0] !== m) throw new ValueError(`Leading dimensions of input arrays must match, got shapes ${JSON.stringify(A.shape)} and ${JSON.stringify(B.shape)}`);
  const [u, s, vh] = svd(A, { fullMatrices: false });
  const rcond = opts.rcond ?? Math.max(m, n) * epsOf(A);
  const sInv = cutoffInverse(s, rcond);
  const x = matmul(mT(vh), multiply(expandDims(sInv, -1), matmul(mT(u), Bm)));
  const rank = countNonzero(greater(sInv, 0));
  const r = lax.sub(Bm, matmul(A, x));
  const resid = m > n ? sum(multiply(r, r), 0) : lax.full([0], 0, A.dtype);
  return [vector ? reshape(x, [n]) : x, vector && m > n ? reshape(resid, [1]) : resid, rank, s];
}

/**
 * `np.linalg.tensorsolve(a, b)` (jnp.linalg.tensorsolve): x with tensordot(a, x, x.ndim) = b: a is b.shape + Q with prod(Q) = prod(b.shape).
 *
 * @example
 * ```ts
 * const a = np.reshape(np.eye(4), [2, 2, 4]);
 * np.linalg.tensorsolve(a, np.array([[1, 2], [3, 4]])); // Array([1., 2., 3., 4.], dtype=float32)
 * ```
 */
export function tensorsolve(a: ArrayLike, b: ArrayLike): Array {
  const A = float(a);
  const B = asarray(b);
  const q = A.shape.slice(B.ndim);
  const size = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);
  if (size(q) !== B.size) throw new ValueError(`tensorsolve: a.shape[b.ndim:] must have as many elements as b, got shapes ${JSON.stringify(A.shape)} and ${JSON.stringify(B.shape)}`);
  return reshape(solve(reshape(A, [B.size, size(q)]), reshape(B, [B.size])), q);
}

/**
 * `np.linalg.tensorinv(a, ind = 2)` (jnp.linalg.tensorinv): the inverse under tensordot over `ind` leading axes: a.shape[:ind] must hold as many elements as a.shape[ind:].
 *
 * @example
 * ```ts
 * const a = np.reshape(np.multiply(np.eye(4), 2), [4, 2, 2]);
 * np.linalg.tensorinv(a, 1).shape; // [2, 2, 4]
 * np.linalg.tensorinv(a, 1).reshape([4, 4]); // Array([[0.5, 0. , 0. , 0. ], [0. , 0.5, 0. , 0. ], [0. , 0. , 0.5, 0. ], [0. , 0. , 0. , 0.5]], dtype=float32)
 * ```
 */
export function tensorinv(a: ArrayLike, ind = 2): Array {
  const A = float(a);
  if (!(Number.isInteger(ind) && ind > 0)) throw new ValueError("ind must be a positive integer");
  const [head, tail] = [A.shape.slice(0, ind), A.shape.slice(ind)];
  const size = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);
  if (size(head) !== size(tail)) throw new ValueError(`tensorinv: a.shape[:ind] and a.shape[ind:] must hold as many elements, got shape ${JSON.stringify(A.shape)}`);
  return reshape(inv(reshape(A, [size(head), size(tail)])), [...tail, ...head]);
}
