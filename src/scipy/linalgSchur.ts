// jax.scipy.linalg's schur, hessenberg and sqrtm (issue 23; jax/_src/scipy/linalg.py schur,
// hessenberg, _sqrtm, _sqrtm_triu). schur is lax.linalg.schur with scipy's output choice: "complex"
// converts real input to complex first; "real" (the default) of real input is the real
// (quasi-triangular) Schur form. hessenberg unpacks lax.linalg.hessenberg's Householder form, Q by
// householder_product. sqrtm is the Schur method of Björck & Hammarling (1983): the complex Schur
// form, the upper-triangular square root by the column recurrence, then Z U Z^H; complex results,
// as JAX's. None is differentiable (JAX has no derivative rule for schur_p or hessenberg_p either).
import { Array, type ArrayLike } from "../core/array.js";
import { NotImplementedError, ValueError } from "../core/errors.js";
import { complexDtypeOf, isComplex, isInexact } from "../../jaxpr/index.js";
import * as np from "../numpy/index.js";
import * as lax from "../lax/index.js";
import { diagonalOf } from "../lax/matrixHelpers.js";

const asInexact = (x: ArrayLike): Array => {
  const a = np.asarray(x);
  return isInexact(a.dtype) ? a : a.astype("float32");
};

/**
 * `scipy.linalg.schur(a, opts?)` (jax.scipy.linalg.schur): `[T, Z]` with a = Z T Z^H, Z unitary:
 * T upper triangular for output "complex" or complex input, otherwise the real Schur form (T
 * quasi upper triangular, a standardised 2x2 block per complex eigenvalue pair; Z orthogonal).
 *
 * @example
 * ```ts
 * const [t, z] = scipy.linalg.schur(np.array([[1, 2], [0, 3]]), { output: "complex" });
 * t; // Array([[1.+0.j, 2.+0.j], [0.+0.j, 3.+0.j]], dtype=complex64)
 * z.shape; // [2, 2]
 * scipy.linalg.schur(np.array([[1, 2], [-2, 1]]))[0]; // Array([[ 1.,  2.], [-2.,  1.]], dtype=float32)
 * const [t2, z2] = scipy.linalg.schur(np.array([[1, 2], [3, 4]], { dtype: "float64" }));
 * t2; // Array([[-0.37228132, -1.        ], [ 0.        ,  5.37228132]], dtype=float64)
 * ```
 */
export function schur(a: ArrayLike, opts: { output?: "real" | "complex" } = {}): [T: Array, Z: Array] {
  const output = opts.output ?? "real";
  if (output !== "real" && output !== "complex") throw new ValueError("argument must be 'real', or 'complex'");
  let x = asInexact(a);
  if (output === "complex" && !isComplex(x.dtype)) x = x.astype(complexDtypeOf(x.dtype));
  return lax.linalg.schur(x) as [Array, Array];
}

/**
 * `scipy.linalg.hessenberg(a, opts?)` (jax.scipy.linalg.hessenberg): the upper Hessenberg form H
 * with a = Q H Q^H (zero below the first subdiagonal), and Q as well with calcQ.
 *
 * @example
 * ```ts
 * const [h, q] = scipy.linalg.hessenberg(np.array([[1, 2, 3], [4, 5, 6], [3, 8, 9]], { dtype: "float64" }), { calcQ: true });
 * q; // Array([[ 1. ,  0. ,  0. ], [ 0. , -0.8, -0.6], [ 0. , -0.6,  0.8]], dtype=float64)
 * ```
 */
export function hessenberg(a: ArrayLike, opts: { calcQ: true }): [H: Array, Q: Array];
export function hessenberg(a: ArrayLike, opts?: { calcQ?: false }): Array;
export function hessenberg(a: ArrayLike, opts: { calcQ?: boolean } = {}): Array | [Array, Array] {
  const x = asInexact(a);
  const n = x.shape[x.ndim - 1] ?? 0;
  if (n === 0) return opts.calcQ === true ? [np.zerosLike(x), np.zerosLike(x)] : np.zerosLike(x);
  const [packed, taus] = lax.linalg.hessenberg(x);
  const h = np.triu(packed, -1);
  if (opts.calcQ !== true) return h;
  // Q = diag(1, H_0 ... H_{n-2}): the reflectors sit in the trailing (n-1 x n-1) block of packed.
  const batch = packed.shape.slice(0, -2);
  const reflectors = lax.sliceInDim(lax.sliceInDim(packed, 1, n, 1, packed.ndim - 2), 0, n - 1, 1, packed.ndim - 1);
  const inner = lax.linalg.householderProduct(reflectors, taus);
  const q = np.block([[np.ones([...batch, 1, 1], { dtype: x.dtype }), np.zeros([...batch, 1, n - 1], { dtype: x.dtype })], [np.zeros([...batch, n - 1, 1], { dtype: x.dtype }), inner]]);
  return [h, q];
}

/** The upper-triangular square root U of the upper-triangular T (n x n): JAX's _sqrtm_triu. */
function sqrtmTriu(t: Array): Array {
  const n = t.shape[0]!;
  const d = lax.sqrt(diagonalOf(t));
  const eye = lax.convertElementType(lax.eq(lax.broadcastedIota("int32", [n, n], 0), lax.broadcastedIota("int32", [n, n], 1)), t.dtype);
  const u0 = lax.mul(eye, lax.broadcastInDim(d, [n, n], [1]));
  // The (i, j) entries above the diagonal, column by column, each column from the diagonal up.
  const pairs: [number, number][] = [];
  for (let j = 0; j < n; j++) for (let i = j - 1; i >= 0; i--) pairs.push([i, j]);
  if (pairs.length === 0) return u0;
  const rows = np.array(pairs.map((p) => p[0]), { dtype: "int32" });
  const cols = np.array(pairs.map((p) => p[1]), { dtype: "int32" });
  const index = lax.iota("int32", n);
  const zero = lax.full([], 0, t.dtype);
  return lax.foriLoop(0, pairs.length, (k: Array, u: Array) => {
    const i = lax.reshape(lax.dynamicSlice(rows, [k], [1]), []);
    const j = lax.reshape(lax.dynamicSlice(cols, [k], [1]), []);
    const row = lax.reshape(lax.dynamicSlice(u, [i, 0], [1, n]), [n]);
    const col = lax.reshape(lax.dynamicSlice(u, [0, j], [n, 1]), [n]);
    // s = sum over i < k < j of U[i, k] U[k, j].
    const between = lax.bitwiseAnd(lax.gt(index, lax.broadcastInDim(i, [n], [])), lax.lt(index, lax.broadcastInDim(j, [n], [])));
    const s = lax.reduceSum(lax.select(between, lax.mul(row, col), lax.broadcastInDim(zero, [n], [])), [0]);
    const tij = lax.reshape(lax.dynamicSlice(t, [i, j], [1, 1]), []);
    const denominator = lax.add(lax.reshape(lax.dynamicSlice(d, [i], [1]), []), lax.reshape(lax.dynamicSlice(d, [j], [1]), []));
    const value = lax.select(lax.eq(tij, s), zero, lax.div(lax.sub(tij, s), denominator));
    return lax.dynamicUpdateSlice(u, lax.reshape(value, [1, 1]), [i, j]);
  }, u0);
}

/**
 * The principal square root of a square matrix, complex (JAX's sqrtm: blocksize 1 only).
 *
 * @example
 * ```ts
 * scipy.linalg.sqrtm(np.array([[4, 1], [0, 9]])); // Array([[2.+0.j, 0.2+0.j], [0.+0.j, 3.+0.j]], dtype=complex64)
 * ```
 */
export function sqrtm(A: ArrayLike, opts: { blocksize?: number } = {}): Array {
  if ((opts.blocksize ?? 1) > 1) throw new NotImplementedError("Blocked version is not implemented yet.");
  const a = asInexact(A);
  if (a.ndim !== 2 || a.shape[0] !== a.shape[1]) throw new ValueError(`sqrtm: expected a square 2-D matrix, got shape ${JSON.stringify(a.shape)}.`);
  const [t, z] = schur(a, { output: "complex" });
  return np.matmul(np.matmul(z, sqrtmTriu(t)), np.conj(np.transpose(z)));
}
