// jax.scipy.linalg.polar (jax/_src/scipy/linalg.py polar, _polar_2d): a = u p with the unitary factor
// u and the positive semidefinite p, by QDWH (lax.linalg.qdwh, the default) or from the SVD
// (u = U V^H). As in JAX, "qdwh" handles m >= n with side "right" and m < n with side "left" (on
// a^H), and polar's maxIterations does not reach qdwh. Leading batch dimensions map over matrices.
import { Array, type ArrayLike } from "../core/array.js";
import { NotImplementedError, ValueError } from "../core/errors.js";
import * as np from "../numpy/index.js";
import * as lax from "../lax/index.js";
import { vmap } from "../vmap/api.js";

type Side = "right" | "left";
type Method = "qdwh" | "svd";

function polar2d(a: Array, side: Side, method: Method, eps: number | null): [Array, Array] {
  const [m, n] = a.shape as [number, number];
  const t = (x: Array): Array => np.conj(np.transpose(x));
  if (method === "qdwh") {
    if (m >= n && side === "right") {
      const [u, p] = lax.linalg.qdwh(a, { eps });
      return [u, p];
    }
    if (m < n && side === "left") {
      const [u, p] = lax.linalg.qdwh(t(a), { eps });
      return [t(u), t(p)];
    }
    throw new NotImplementedError(`method='qdwh' only supports mxn matrices where m < n where side='right' and m >= n side='left', got (${m}, ${n}) with side='${side}'`);
  }
  const [u, s, vh] = lax.linalg.svd(a, { fullMatrices: false });
  const unitary = np.matmul(u, vh);
  const posdef = side === "right" ? np.matmul(np.multiply(t(vh), s), vh) : np.matmul(np.multiply(u, s), t(u));
  return [unitary, posdef];
}

/**
 * `scipy.linalg.polar(a, side?, opts?)` (jax.scipy.linalg.polar): `[u, p]` with a = u p (side
 * "right", p n x n) or a = p u (side "left", p m x m), u with orthonormal columns (rows if n > m)
 * and p positive semidefinite; method "qdwh" (default) or "svd".
 *
 * @example
 * ```ts
 * const [u, p] = scipy.linalg.polar(np.array([[1, 2, 3], [5, 4, 2], [3, 2, 1]], { dtype: "float64" }));
 * np.round(p, 2); // Array([[4.79, 3.25, 1.23], [3.25, 3.06, 2.01], [1.23, 2.01, 2.91]], dtype=float64)
 * ```
 */
export function polar(a: ArrayLike, side: Side = "right", opts: { method?: Method; eps?: number | null; maxIterations?: number | null } = {}): [u: Array, p: Array] {
  let x = np.asarray(a);
  if (x.dtype !== "float32" && x.dtype !== "float64") x = x.astype("float32");
  if (x.ndim < 2) throw new ValueError("The input `a` must be at least a 2-D array.");
  if (side !== "right" && side !== "left") throw new ValueError("The argument `side` must be either 'right' or 'left'.");
  const method = opts.method ?? "qdwh";
  if (method !== "qdwh" && method !== "svd") throw new ValueError(`Unknown polar decomposition method ${String(method)}.`);
  const eps = opts.eps ?? null;
  let f = (y: Array): [Array, Array] => polar2d(y, side, method, eps);
  for (let d = 2; d < x.ndim; d++) f = vmap(f) as (y: Array) => [Array, Array];
  return f(x);
}
