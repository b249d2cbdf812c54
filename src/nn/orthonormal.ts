// Orthonormal columns of a tall matrix on the host, in float64: the Q of A = Q R with R's diagonal
// positive, which is what JAX's random.orthogonal makes of its QR (Q * sign(diag R)). Modified
// Gram-Schmidt with a second pass ("twice is enough", Giraud et al. 2005) keeps Q orthogonal to
// rounding for the well-conditioned Gaussian matrices initializers draw. Columns are copied out
// contiguous so the inner products stream through memory.
// TEMPORARY: moves to np.linalg.qr (backends/js/linalg/qr.ts) once that is exposed.

/** Q (rows x cols, row-major, rows >= cols) from a row-major `a` of the same shape. */
export function orthonormalColumns(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const q: Float64Array[] = [];
  for (let j = 0; j < cols; j++) {
    const v = new Float64Array(rows);
    for (let i = 0; i < rows; i++) v[i] = a[i * cols + j]!;
    for (let pass = 0; pass < 2; pass++) {
      for (const qk of q) {
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += qk[i]! * v[i]!;
        for (let i = 0; i < rows; i++) v[i] = v[i]! - dot * qk[i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < rows; i++) v[i] = v[i]! / norm;
    q.push(v);
  }
  const out = new Float64Array(rows * cols);
  q.forEach((v, j) => {
    for (let i = 0; i < rows; i++) out[i * cols + j] = v[i]!;
  });
  return out;
}
