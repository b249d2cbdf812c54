// Orthonormal columns of a tall matrix on the host, in float64: the Q of A = Q R with R's diagonal
// positive, which is what JAX's random.orthogonal makes of its QR (Q * sign(diag R)). Modified
// Gram-Schmidt with a second pass ("twice is enough", Giraud et al. 2005) keeps Q orthogonal to
// rounding for the well-conditioned Gaussian matrices initializers draw.
// TEMPORARY: moves to np.linalg.qr (backends/js/linalg/qr.ts) once that is exposed.

/** Q (rows x cols, row-major, rows >= cols) from a row-major `a` of the same shape. */
export function orthonormalColumns(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const q = Float64Array.from(a as ArrayLike<number>);
  for (let j = 0; j < cols; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += q[i * cols + k]! * q[i * cols + j]!;
        for (let i = 0; i < rows; i++) q[i * cols + j]! -= dot * q[i * cols + k]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += q[i * cols + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < rows; i++) q[i * cols + j]! /= norm;
  }
  return q;
}
