// Params of the linear-algebra primitives (JAX's lax.linalg: jax/_src/lax/linalg.py), with JAX's
// names in camelCase. Every one takes leading batch dimensions on all its operands.

export interface LinalgParams {
  /** L with A = L L^T, from A's lower triangle; NaNs where A is not positive definite. */
  cholesky: Record<string, never>;
  /** op(a) x = b (leftSide) or x op(a) = b; op(a) = a or a^T (conjugateA is a no-op for real dtypes). */
  triangular_solve: { leftSide: boolean; lower: boolean; transposeA: boolean; conjugateA: boolean; unitDiagonal: boolean };
  /** Results: lu, pivots (int32, min(m, n)), permutation (int32, m). */
  lu: Record<string, never>;
  /**
   * Results: q, r, then with pivoting the column permutation p (int32, n) with x[:, p] = q r and
   * |diag(r)| non-increasing (LAPACK's geqp3).
   */
  qr: { pivoting: boolean; fullMatrices: boolean };
  /** Results: v (eigenvectors in columns), w (eigenvalues, ascending when sortEigenvalues). */
  eigh: { lower: boolean; sortEigenvalues: boolean; subsetByIndex: readonly [number, number] | null };
  /**
   * The general eigendecomposition (JAX's eig_p): results w (eigenvalues), then vl (left
   * eigenvectors) and vr (right eigenvectors) where asked for; all complex, of float or complex
   * input. enableEigvecDerivs opts in to eigenvector derivatives (JAX's flag); JAX's
   * implementation/use_magma choice has no counterpart here.
   */
  eig: { computeLeftEigenvectors: boolean; computeRightEigenvectors: boolean; enableEigvecDerivs: boolean };
  /**
   * The Schur decomposition A = Z T Z^H (JAX's schur_p): results T, then Z where asked for, of
   * A's dtype. Complex input: T upper triangular, Z unitary; real input: the real Schur form, T
   * quasi upper triangular (standardised 2x2 blocks for complex pairs) and Z orthogonal. JAX's
   * sort_eig_vals/select_callable (eigenvalue reordering) have no counterpart here.
   */
  schur: { computeSchurVectors: boolean };
  /** Results: s (descending), then u and vt when computeUv. */
  svd: { fullMatrices: boolean; computeUv: boolean; subsetByIndex: readonly [number, number] | null };
  /**
   * Householder reduction to upper Hessenberg form (JAX's hessenberg_p, LAPACK's gehrd): results a
   * (H in the upper triangle and first subdiagonal, the reflectors below) and taus (n - 1).
   */
  hessenberg: Record<string, never>;
  /** The first n columns of H_0 ... H_{k-1}, H_i = I - taus[i] v_i v_i^T, v_i in a's column i below the diagonal (JAX's householder_product_p, LAPACK's orgqr). */
  householder_product: Record<string, never>;
  /** x with A x = b for the tridiagonal A given by dl, d, du. */
  tridiagonal_solve: { perturbSingular: boolean };
}

export const LINALG_PRIMITIVES = ["cholesky", "triangular_solve", "lu", "qr", "eigh", "eig", "schur", "svd", "hessenberg", "householder_product", "tridiagonal_solve"] as const satisfies readonly (keyof LinalgParams)[];
export type LinalgName = (typeof LINALG_PRIMITIVES)[number];
