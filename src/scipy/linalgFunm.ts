// jax.scipy.linalg.funm (jax/_src/third_party/scipy/linalg.py funm, _algorithm_11_1_1): f(A) for a
// scalar function f, through the complex Schur form A = Z T Z^H (the real form then rsf2csf, as
// JAX): F = Z f(T) Z^H with f(T) from Parlett's recurrence (Golub & Van Loan, "Matrix
// Computations", algorithm 11.1.1), its superdiagonals one after another. Complex results, as JAX's.
import { Array, type ArrayLike } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import * as np from "../numpy/index.js";
import * as lax from "../lax/index.js";
import { schur } from "./linalgSchur.js";
import { rsf2csf } from "./linalgRsf2csf.js";

/** f(T) for upper-triangular T from its diagonal F = diag(f(t_ii)), and the smallest |t_jj - t_ii| met. */
function parlett(F0: Array, T: Array): [F: Array, minden: Array] {
  const n = T.shape[0]!;
  // The (i, j) entries above the diagonal, superdiagonal by superdiagonal.
  const pairs: [number, number][] = [];
  for (let p = 1; p < n; p++) for (let i = 0; i + p < n; i++) pairs.push([i, i + p]);
  const minden0 = np.abs(lax.reshape(lax.sliceInDim(lax.sliceInDim(T, 0, 1, 1, 0), 0, 1, 1, 1), []));
  if (pairs.length === 0) return [F0, minden0];
  const rows = np.array(pairs.map((q) => q[0]), { dtype: "int32" }), cols = np.array(pairs.map((q) => q[1]), { dtype: "int32" });
  const index = lax.iota("int32", n);
  const zero = lax.full([], 0, T.dtype);
  const entry = (x: Array, i: Array, j: Array): Array => lax.reshape(lax.dynamicSlice(x, [i, j], [1, 1]), []);
  const z0 = lax.full([], 0, "int32");
  return lax.foriLoop(0, pairs.length, (k: Array, [F, minden]: [Array, Array]): [Array, Array] => {
    const i = lax.reshape(lax.dynamicSlice(rows, [k], [1]), []), j = lax.reshape(lax.dynamicSlice(cols, [k], [1]), []);
    const row = (x: Array): Array => lax.reshape(lax.dynamicSlice(x, [i, z0], [1, n]), [n]);
    const col = (x: Array): Array => lax.reshape(lax.dynamicSlice(x, [z0, j], [n, 1]), [n]);
    // sum over i < l < j of T[i, l] F[l, j] - F[i, l] T[l, j].
    const between = lax.bitwiseAnd(lax.gt(index, lax.broadcastInDim(i, [n], [])), lax.lt(index, lax.broadcastInDim(j, [n], [])));
    const terms = lax.sub(lax.mul(row(T), col(F)), lax.mul(row(F), col(T)));
    const inner = lax.reduceSum(lax.select(between, terms, lax.broadcastInDim(zero, [n], [])), [0]);
    const s = lax.add(lax.mul(entry(T, i, j), lax.sub(entry(F, j, j), entry(F, i, i))), inner);
    const den = lax.sub(entry(T, j, j), entry(T, i, i));
    const value = lax.select(lax.ne(den, zero), lax.div(s, den), s);
    return [lax.dynamicUpdateSlice(F, lax.reshape(value, [1, 1]), [i, j]), lax.min(minden, np.abs(den))];
  }, [F0, minden0] as [Array, Array]);
}

/**
 * `scipy.linalg.funm(A, func, disp?)` (jax.scipy.linalg.funm): the matrix function f(A) of a square
 * matrix for a scalar function `func` (given the complex eigenvalue array), complex; with disp
 * false, `[F, err]` with JAX's error estimate.
 *
 * @example
 * ```ts
 * const a = np.array([[1, 2], [3, 4]], { dtype: "float64" });
 * np.real(scipy.linalg.funm(a, (x) => np.exp(x))); // Array([[ 51.9689562 ,  74.73656457], [112.10484685, 164.07380305]], dtype=float64)
 * ```
 */
export function funm(A: ArrayLike, func: (x: Array) => Array, disp?: true): Array;
export function funm(A: ArrayLike, func: (x: Array) => Array, disp: false): [F: Array, err: Array];
export function funm(A: ArrayLike, func: (x: Array) => Array, disp = true): Array | [Array, Array] {
  const a = np.asarray(A);
  if (a.ndim !== 2 || a.shape[0] !== a.shape[1]) throw new ValueError("expected square array_like input");
  const [T, Z] = rsf2csf(...schur(a));
  const F0 = np.diag(np.asarray(func(np.diagonal(T))).astype(T.dtype));
  const [F1, minden] = parlett(F0, T);
  const F = np.matmul(np.matmul(Z, F1), np.conj(np.transpose(Z)));
  if (disp) return F;
  const tol = T.dtype === "complex64" ? 2 ** -23 : 2 ** -52;
  const safe = np.where(np.equal(minden, 0), tol, minden);
  const estimate = np.minimum(1, np.maximum(tol, np.multiply(np.divide(tol, safe), np.linalg.norm(np.abs(np.triu(T, 1)), 1))));
  return [F, np.where(np.any(np.isinf(np.abs(F))), Infinity, estimate)];
}
