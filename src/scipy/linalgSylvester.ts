// jax.scipy.linalg.solve_sylvester (jax/_src/scipy/linalg.py solve_sylvester, _solve_sylvester_2d,
// _solve_sylvester_triangular_scan): A X + X B = C. Method "schur" (Bartels & Stewart 1972): the
// complex Schur forms A = U R U^H and B^H = V S V^H turn it into R Y + Y S^H = U^H C V with R upper
// and S^H lower triangular, solved entry by entry from the bottom-right corner by a scan; then X =
// U Y V^H. Method "eigen": through the eigendecompositions, Y = F / (w_A[i] + w_B[j]). As in JAX,
// X is real for real C, and all NaN where some w_A[i] + w_B[j] is within tol of zero.
import { Array, type ArrayLike } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import { isComplex, isInexact } from "../../jaxpr/index.js";
import * as np from "../numpy/index.js";
import * as lax from "../lax/index.js";
import { vmap } from "../vmap/api.js";
import { schur } from "./linalgSchur.js";

const pyShape = (s: readonly number[]): string => (s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`);
const adjoint = (x: Array): Array => np.conj(np.transpose(x));

/** Y with R Y + Y S = F, R (m x m) upper and S (n x n) lower triangular: entries from (m-1, n-1) back to (0, 0). */
function triangularSylvester(R: Array, S: Array, F: Array): Array {
  const [m, n] = F.shape as [number, number];
  const at = (x: Array, i: Array, j: Array): Array => lax.reshape(lax.dynamicSlice(x, [i, j], [1, 1]), []);
  const zero = lax.full([], 0, F.dtype);
  const order = np.arange(m * n - 1, -1, -1, { dtype: "int32" });
  const [y] = lax.scan((flat: Array, k: Array): [Array, null] => {
    const i = lax.div(k, lax.full([], n, "int32")), j = lax.rem(k, lax.full([], n, "int32"));
    const Y = lax.reshape(flat, [m, n]);
    const z0 = lax.full([], 0, "int32");
    // sum over l > i of R[i, l] Y[l, j], and over l > j of Y[i, l] S[l, j].
    const rowTerm = lax.reduceSum(lax.select(lax.gt(lax.iota("int32", m), lax.broadcastInDim(i, [m], [])), lax.mul(lax.reshape(lax.dynamicSlice(R, [i, z0], [1, m]), [m]), lax.reshape(lax.dynamicSlice(Y, [z0, j], [m, 1]), [m])), lax.broadcastInDim(zero, [m], [])), [0]);
    const colTerm = lax.reduceSum(lax.select(lax.gt(lax.iota("int32", n), lax.broadcastInDim(j, [n], [])), lax.mul(lax.reshape(lax.dynamicSlice(Y, [i, z0], [1, n]), [n]), lax.reshape(lax.dynamicSlice(S, [z0, j], [n, 1]), [n])), lax.broadcastInDim(zero, [n], [])), [0]);
    const value = lax.div(lax.sub(at(F, i, j), lax.add(rowTerm, colTerm)), lax.add(at(R, i, i), at(S, j, j)));
    return [lax.dynamicUpdateSlice(flat, lax.reshape(value, [1]), [k]), null];
  }, lax.full([m * n], 0, F.dtype), order);
  return lax.reshape(y, [m, n]);
}

/**
 * z with M z = F for complex M (n x n) and F (n x k), through the real system [[Re M, -Im M],
 * [Im M, Re M]] [Re z; Im z] = [Re F; Im F] (np.linalg.solve is real-only in dprog).
 */
function complexSolve(M: Array, F: Array): Array {
  const n = M.shape[0]!;
  const [mr, mi, fr, fi] = [np.real(M), np.imag(M), np.real(F), np.imag(F)];
  const big = np.concatenate([np.concatenate([mr, np.negative(mi)], 1), np.concatenate([mi, mr], 1)], 0);
  const z = np.linalg.solve(big, np.concatenate([fr, fi], 0));
  const part = (lo: number): Array => lax.sliceInDim(z, lo, lo + n, 1, 0);
  return lax.complex(part(0), part(n));
}

function solveSylvester2d(A: Array, B: Array, C: Array, method: "schur" | "eigen", tol: number): Array {
  let X: Array;
  if (method === "schur") {
    const [R, U] = schur(A, { output: "complex" });
    const [S, V] = schur(adjoint(B), { output: "complex" });
    const F = np.matmul(np.matmul(adjoint(U), C.astype(R.dtype)), V);
    X = np.matmul(np.matmul(U, triangularSylvester(R, adjoint(S), F)), adjoint(V));
  } else {
    const { eigenvalues: ra, eigenvectors: ua } = np.linalg.eig(A);
    const { eigenvalues: rb, eigenvectors: ub } = np.linalg.eig(B);
    const F = complexSolve(ua, np.matmul(C.astype(ra.dtype), ub));
    const Y = np.divide(F, np.add(np.expandDims(ra, 1), np.expandDims(rb, 0)));
    X = np.matmul(np.matmul(ua, Y), complexSolve(ub, np.eye(ub.shape[0]!, { dtype: ub.dtype })));
  }
  if (!isComplex(C.dtype)) X = np.real(X);
  const sums = np.abs(np.add(np.expandDims(np.linalg.eigvals(A), 1), np.expandDims(np.linalg.eigvals(B), 0)));
  return np.where(np.any(np.less(sums, tol)), np.multiply(np.zerosLike(X), NaN), X);
}

/**
 * `scipy.linalg.solveSylvester(A, B, C, opts?)` (jax.scipy.linalg.solve_sylvester): X with
 * A X + X B = C, by the Bartels-Stewart (method "schur", default) or eigendecomposition ("eigen")
 * method; NaN where A and -B share an eigenvalue (within tol, default 1e-8).
 *
 * @example
 * ```ts
 * const a = np.array([[1, 2], [3, 4]], { dtype: "float64" }), b = np.array([[5, 6], [7, 8]], { dtype: "float64" });
 * np.round(scipy.linalg.solveSylvester(a, b, np.array([[6, 8], [10, 12]])), 12); // Array([[1., 0.], [0., 1.]], dtype=float64)
 * ```
 */
export function solveSylvester(A: ArrayLike, B: ArrayLike, C: ArrayLike, opts: { method?: "schur" | "eigen"; tol?: number } = {}): Array {
  const arrays = [A, B, C].map((x) => np.asarray(x));
  const common = np.resultType(...arrays).dtype;
  const dtype = isInexact(common) ? common : "float32";
  let [a, b, c] = arrays.map((x) => x.astype(dtype)) as [Array, Array, Array];
  const [m, n] = c.shape.slice(-2) as [number, number];
  if (a.ndim < 2 || b.ndim < 2 || c.ndim < 2 || a.shape[a.ndim - 1] !== m || a.shape[a.ndim - 2] !== m || b.shape[b.ndim - 1] !== n || b.shape[b.ndim - 2] !== n) {
    throw new ValueError(`Incompatible shapes for Sylvester equation:\nA: ${pyShape(a.shape)}\nB: ${pyShape(b.shape)}\nC: ${pyShape(c.shape)}`);
  }
  const method = opts.method ?? "schur";
  if (method !== "schur" && method !== "eigen") throw new ValueError(`Unrecognized method ${String(method)}. The two valid methods are either "schur" or "eigen".`);
  const tol = opts.tol ?? 1e-8;
  // Broadcast the batch dimensions (JAX's vectorize signature (m,m),(n,n),(m,n)->(m,n)), then map.
  const batch = np.broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), c.shape.slice(0, -2));
  [a, b, c] = [np.broadcastTo(a, [...batch, m, m]), np.broadcastTo(b, [...batch, n, n]), np.broadcastTo(c, [...batch, m, n])];
  let f = (x: Array, y: Array, z: Array): Array => solveSylvester2d(x, y, z, method, tol);
  for (let d = 0; d < batch.length; d++) f = vmap(f) as typeof f;
  return f(a, b, c);
}
