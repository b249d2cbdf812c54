// Shared vocabulary of the linear-algebra kernels (backends/js/linalg): plain functions over typed
// arrays, no code generation. Every matrix is row-major ("C order", as dprog's arrays are) and
// batches are stacked: matrix b of a (batch, m, n) array starts at b * m * n.

/** The float arrays the kernels read and write; the result has the operand's type. */
export type FloatArray = Float32Array | Float64Array;

/** A new zero-filled array of `a`'s type. */
export function like(a: FloatArray, length: number): FloatArray {
  return a instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}

/** Machine epsilon (unit roundoff times two) of the array's precision. */
export function epsilonOf(a: FloatArray): number {
  return a instanceof Float32Array ? 2 ** -23 : 2 ** -52;
}

/** Block size of the blocked algorithms, and the order from which they are used (issue 20). */
export const BLOCK = 64;

/** Order up to which the recursive kernels (cholesky, lu, triangularSolve) stop halving and run their scalar base case. */
export const RECURSION_BASE = 16;

/** The first part when a recursive kernel halves w rows or columns: a multiple of 8 (whole register tiles for the GEMM). */
export const halfOf = (w: number): number => Math.max(8, (w >> 4) << 3);

/** x *= 2^e in place (LAPACK's dlascl by a power of two, as dsyevd and dgesvd scale), in steps that neither overflow nor underflow on the way (each exact for normal results). */
export function scaleByPowerOfTwo(x: Float64Array, e: number): void {
  for (let left = e; left !== 0; ) {
    const step = Math.max(-1000, Math.min(1000, left));
    const f = 2 ** step;
    for (let i = 0; i < x.length; i++) x[i] = x[i]! * f;
    left -= step;
  }
}
