// np.linalg's internals, shared with scipy.linalg and kept out of the np.linalg namespace: the
// operand conversion and the solve from LU factors.
import { isComplex, isFloat } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/ops.js";
import * as linalg from "../lax/linalg.js";
import { asarray, takeAlongAxis } from "./arrayManipulation.js";

/**
 * The operand as a float array, as JAX's promote_dtypes_inexact: ints and bools become float32,
 * every float dtype stays (float16 and bfloat16 too: the LAPACK-backed primitives refuse them as
 * JAX's CPU kernels do, while det of 2x2/3x3, norm, matrixPower and the like compute in them).
 * Complex is refused: dprog's linear-algebra kernels are real.
 */
export const asFloat = (x: ArrayLike): Array => {
  const a = asarray(x);
  if (isComplex(a.dtype)) throw new TypeError(`np.linalg: complex inputs (${a.dtype}) are not supported in dprog; its linear-algebra kernels are real.`);
  return isFloat(a.dtype) ? a : lax.convertElementType(a, "float32");
};

/** Up to this many rows, P b is one fused select over the rows of b; beyond, a gather. */
const SELECT_ROWS = 8;

/** Rows of b (..., m, k) permuted by perm (..., m): row i of the result is row perm[i] of b (JAX's lu_solve gathers b[..., perm, :]). */
export function permuteRows(perm: Array, b: Array): Array {
  const m = perm.shape[perm.ndim - 1]!;
  if (m > SELECT_ROWS) return takeAlongAxis(b, lax.broadcastInDim(perm, b.shape, perm.shape.map((_, i) => i)), b.ndim - 2);
  // A pure selection, so the values are the gather's; it fuses into one elementwise loop.
  const which = lax.broadcastInDim(perm, b.shape, perm.shape.map((_, i) => i));
  const rows = globalThis.Array.from({ length: m }, (_, j) => lax.broadcastInDim(lax.sliceInDim(b, j, j + 1, 1, b.ndim - 2), b.shape, b.shape.map((_, i) => i)));
  return m === 1 ? b : lax.selectN(which, ...rows);
}

/** x with a x = b from a's LU factors (JAX's lu_solve): trans solves a^T x = b instead. b is (..., m, k). */
export function luSolveCore(lu: Array, perm: Array, b: Array, trans: boolean): Array {
  if (!trans) {
    const y = linalg.triangularSolve(lu, permuteRows(perm, b), { leftSide: true, lower: true, unitDiagonal: true });
    return linalg.triangularSolve(lu, y, { leftSide: true, lower: false });
  }
  // a = P^T L U, so a^T x = b is U^T L^T P x = b.
  const z = linalg.triangularSolve(lu, b, { leftSide: true, lower: false, transposeA: true });
  const y = linalg.triangularSolve(lu, z, { leftSide: true, lower: true, transposeA: true, unitDiagonal: true });
  // P^T y: the rows gathered by the inverse permutation (JAX: sort_key_val(perm, iota)).
  const [, inverse] = lax.sortKeyVal(perm, lax.broadcastedIota("int32", perm.shape, perm.ndim - 1), perm.ndim - 1);
  return permuteRows(inverse, y);
}
