// np.linalg.eig and np.linalg.eigvals (issue 23): jax.numpy.linalg's, over lax.linalg.eig. Float
// and complex input (ints and bools become float32, as dprog's np.linalg does); complex results.
// Eigenvectors have LAPACK geev's normalisation (unit norm, largest component real). As in JAX,
// np.linalg.eig computes right eigenvectors only and is not differentiable in them (JAX's
// NotImplementedError from eig_jvp_rule); eigvals is.
import { isComplex, isFloat } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/ops.js";
import * as linalg from "../lax/linalg.js";
import { asarray } from "./arrayManipulation.js";

/** `np.linalg.eig`'s result: a pair, also readable by name as NumPy's namedtuple. */
export type EigResult = [eigenvalues: Array, eigenvectors: Array] & {
  /** The eigenvalues, complex, in no particular order. */
  eigenvalues: Array;
  /** The right eigenvectors as columns, in the eigenvalues' order. */
  eigenvectors: Array;
};

/** The operand as an inexact array (ints and bools become float32). */
function inexact(x: ArrayLike): Array {
  const a = asarray(x);
  return isFloat(a.dtype) || isComplex(a.dtype) ? a : lax.convertElementType(a, "float32");
}

/**
 * Eigenvalues and right eigenvectors (columns) of a square matrix: a v = w v.
 *
 * @example
 * ```ts
 * const [w, v] = np.linalg.eig(np.array([[2, 0], [0, 3]]));
 * w; // Array([2.+0.j, 3.+0.j], dtype=complex64)
 * v; // Array([[1.+0.j, 0.+0.j], [0.+0.j, 1.+0.j]], dtype=complex64)
 * ```
 */
export function eig(a: ArrayLike): EigResult {
  const [w, v] = linalg.eig(inexact(a), { computeLeftEigenvectors: false }) as [Array, Array];
  return Object.assign([w, v] as [Array, Array], { eigenvalues: w, eigenvectors: v });
}

/**
 * The eigenvalues of a square matrix, complex.
 *
 * @example
 * ```ts
 * np.linalg.eigvals(np.array([[0, -1], [1, 0]])); // Array([0.+1.j, 0.-1.j], dtype=complex64)
 * ```
 */
export function eigvals(a: ArrayLike): Array {
  return linalg.eig(inexact(a), { computeLeftEigenvectors: false, computeRightEigenvectors: false })[0]!;
}
