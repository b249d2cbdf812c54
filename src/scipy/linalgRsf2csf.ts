// jax.scipy.linalg.rsf2csf (jax/_src/scipy/linalg.py _rsf2csf_2d): the complex Schur form from the
// real one. Each 2x2 block (a non-negligible subdiagonal entry T[m, m-1]) is made triangular by the
// complex plane rotation G = [[conj(c), s], [-s, c]] built from the block's first eigenvalue mu
// (minus T[m, m]) and T[m, m-1]: T := G T G^H on rows and columns m-1, m, Z := Z G^H. The loop
// over m is unrolled (n is static) and each step is selected per matrix, so batches need no vmap.
import { Array, type ArrayLike } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import type { DType } from "../../jaxpr/index.js";
import * as np from "../numpy/index.js";
import * as lax from "../lax/index.js";

const pyShape = (s: readonly number[]): string => (s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`);

/** Entry (i, j) of every matrix of x (..., n, n), shape (...). */
const entry = (x: Array, i: number, j: number): Array => lax.reshape(lax.sliceInDim(lax.sliceInDim(x, i, i + 1, 1, x.ndim - 2), j, j + 1, 1, x.ndim - 1), x.shape.slice(0, -2));
/** Row i (axis -2) or column i (axis -1) of every matrix, shape (..., n). */
const line = (x: Array, i: number, axis: number): Array => lax.squeeze(lax.sliceInDim(x, i, i + 1, 1, axis), [axis]);

/** x with its row (axis -2) or column (axis -1) i replaced by v (..., n). */
function withLine(x: Array, i: number, axis: number, v: Array): Array {
  const at = lax.eq(lax.broadcastedIota("int32", x.shape, axis), lax.full(x.shape, i, "int32"));
  return lax.select(at, lax.broadcastInDim(v, x.shape, x.shape.map((_, d) => d).filter((d) => d !== axis)), x);
}

/**
 * `scipy.linalg.rsf2csf(T, Z)` (jax.scipy.linalg.rsf2csf): the complex Schur form `[T, Z]` (T upper
 * triangular, Z unitary) of a real Schur form T with its Schur vectors Z, both complex.
 *
 * @example
 * ```ts
 * const [tr, zr] = scipy.linalg.schur(np.array([[0, 3, 3], [0, 1, 2], [2, 0, 1]], { dtype: "float64" }));
 * const [tc, zc] = scipy.linalg.rsf2csf(tr, zr);
 * np.diagonal(tc); // Array([ 3.75632136+0.j        , -0.87816068+0.90892313j, -0.87816068-0.90892313j], dtype=complex128)
 * ```
 */
export function rsf2csf(T: ArrayLike, Z: ArrayLike): [T: Array, Z: Array] {
  let t = np.asarray(T), z = np.asarray(Z);
  if (t.ndim < 2 || t.shape[t.ndim - 1] !== t.shape[t.ndim - 2]) throw new ValueError("Input 'T' must be square.");
  if (z.ndim < 2 || z.shape[z.ndim - 1] !== z.shape[z.ndim - 2]) throw new ValueError("Input 'Z' must be square.");
  if (t.shape[t.ndim - 1] !== z.shape[z.ndim - 1]) throw new ValueError(`Input array shapes must match: Z: ${pyShape(z.shape)} vs. T: ${pyShape(t.shape)}`);
  // JAX's promote_dtypes_complex: complex64 unless an operand is double precision.
  const wide = [t.dtype, z.dtype].some((d) => d === "float64" || d === "complex128");
  const dtype: DType = wide ? "complex128" : "complex64";
  [t, z] = np.broadcastArrays(t.astype(dtype), z.astype(dtype)) as [Array, Array];
  const n = t.shape[t.ndim - 1]!;
  const eps = dtype === "complex128" ? 2 ** -52 : 2 ** -23;
  const [rows, cols] = [t.ndim - 2, t.ndim - 1];
  const batch = t.shape.slice(0, -2);
  for (let m = n - 1; m >= 1; m--) {
    const a = entry(t, m - 1, m - 1), b = entry(t, m - 1, m), sub = entry(t, m, m - 1), d = entry(t, m, m);
    const split = np.greater(np.abs(sub), np.multiply(eps, np.add(np.abs(a), np.abs(d))));
    // mu: the block's eigenvalue (a + d) / 2 + sqrt(((a - d) / 2)^2 + b sub), less d (the one of
    // positive imaginary part for a standardised block [a b; c a], as LAPACK's geev orders them).
    const p = np.divide(np.subtract(a, d), 2);
    const mu = np.add(p, np.sqrt(np.add(np.multiply(p, p), np.multiply(b, sub))));
    const r = np.sqrt(np.add(np.square(np.abs(mu)), np.square(np.abs(sub)))).astype(dtype);
    // Where the block does not split, r may be 0: any rotation will do, as the result is not selected.
    const safe = np.where(split, r, np.ones([], { dtype }));
    const c = np.divide(mu, safe), s = np.divide(sub, safe);
    const bc = (x: Array): Array => lax.broadcastInDim(x, [...batch, n], batch.map((_, i) => i));
    const [cn, sn, cc, sc] = [c, s, np.conj(c), np.conj(s)].map(bc) as [Array, Array, Array, Array];
    // Rows m-1, m := G (rows m-1, m); then columns m-1, m := (columns m-1, m) G^H, in T and in Z.
    const [r0, r1] = [line(t, m - 1, rows), line(t, m, rows)];
    let t2 = withLine(withLine(t, m - 1, rows, np.add(np.multiply(cc, r0), np.multiply(sn, r1))), m, rows, np.subtract(np.multiply(cn, r1), np.multiply(sn, r0)));
    const rotateColumns = (x: Array): Array => {
      const [c0, c1] = [line(x, m - 1, cols), line(x, m, cols)];
      return withLine(withLine(x, m - 1, cols, np.add(np.multiply(c0, cn), np.multiply(c1, sc))), m, cols, np.subtract(np.multiply(c1, cc), np.multiply(c0, sc)));
    };
    t2 = rotateColumns(t2);
    const pick = (x: Array, y: Array): Array => lax.select(lax.broadcastInDim(split, x.shape, batch.map((_, i) => i)), x, y);
    z = pick(rotateColumns(z), z);
    // T[m, m-1] := 0 whether or not the block split (JAX's _rsf2csf_iter).
    const subEntry = lax.bitwiseAnd(lax.eq(lax.broadcastedIota("int32", t.shape, rows), lax.full(t.shape, m, "int32")), lax.eq(lax.broadcastedIota("int32", t.shape, cols), lax.full(t.shape, m - 1, "int32")));
    t = lax.select(subEntry, lax.fullLike(t, 0), pick(t2, t));
  }
  return [t, z];
}
