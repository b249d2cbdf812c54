// The JVP of the general eigendecomposition eig (issue 23), JAX's eig_jvp_rule and _eig_vec_jvp
// (jax/_src/lax/linalg.py). Eigenvalues: dw = diag(V^-1 dA V) (eqn 4.60 of Boeddeker et al.,
// arXiv:1701.00392). Eigenvectors (only with enableEigvecDerivs, as JAX): nondegenerate
// perturbation theory (Giles, "An extended collection of matrix derivative results", sec. 3.1),
// dv_j = u_j + c_j v_j with U = V (F * V^-1 dA V), F[i, j] = 1 / (w_j - w_i) off the diagonal,
// and c_j fixed by the two real constraints of LAPACK geev's normalisation (unit norm, largest
// component real). Left eigenvectors are the right ones of A^H, for conj(w). The complex solves
// go through the real embedding [[Re a, -Im a], [Im a, Re a]], as dprog's LU is real.
import { Array } from "../core/array.js";
import { bind } from "../core/trace.js";
import { NotImplementedError } from "../core/errors.js";
import * as lax from "../lax/ops.js";
import { lu, triangularSolve } from "../lax/linalgBind.js";
import { diagonalOf, eyeLike, matmul, mT } from "../lax/matrixHelpers.js";
import { Zero, type JvpRule } from "./types.js";
import { isZero, nonZero, tangentAval } from "./zeros.js";

/** The (..., m, m) matrix P with P[i, j] = (perm[i] == j), so that P b = b[perm]. */
function permutationMatrix(perm: Array, dtype: Array["dtype"]): Array {
  const m = perm.shape[perm.ndim - 1]!;
  const shape = [...perm.shape, m];
  const rows = lax.broadcastInDim(perm, shape, perm.shape.map((_, i) => i));
  return lax.convertElementType(lax.eq(rows, lax.broadcastedIota("int32", shape, perm.ndim)), dtype);
}

/** x with a x = b for real a (..., n, n) and b (..., n, k), by LU with partial pivoting. */
function realSolve(a: Array, b: Array): Array {
  const [factors, , perm] = lu(a);
  const y = triangularSolve(factors, matmul(permutationMatrix(perm, a.dtype), b), { leftSide: true, lower: true, unitDiagonal: true });
  return triangularSolve(factors, y, { leftSide: true, lower: false });
}

/** x with a x = b for complex a (..., n, n) and b (..., n, k). */
function complexSolve(a: Array, b: Array): Array {
  const rows = a.ndim - 2, cols = a.ndim - 1;
  const n = a.shape[cols]!;
  const [ar, ai] = [lax.real(a), lax.imag(a)];
  const embedded = lax.concatenate([lax.concatenate([ar, lax.neg(ai)], cols), lax.concatenate([ai, ar], cols)], rows);
  const x = realSolve(embedded, lax.concatenate([lax.real(b), lax.imag(b)], rows));
  return lax.complex(lax.sliceInDim(x, 0, n, 1, rows), lax.sliceInDim(x, n, 2 * n, 1, rows));
}

/** The conjugate transpose. */
const mH = (x: Array): Array => lax.conj(mT(x));

/** Sum over the rows (axis -2): (..., n, n) to (..., n). */
const sumRows = (x: Array): Array => lax.reduceSum(x, [x.ndim - 2]);

/** [dw, dv] for eigenvalues w and eigenvectors v (columns) of A, and the complex tangent dA (JAX's _eig_vec_jvp). */
function eigenvectorJvp(w: Array, v: Array, da: Array): [Array, Array] {
  const n = w.shape[w.ndim - 1]!;
  const eye = eyeLike(v, n);
  const lead = w.shape.slice(0, -1).map((_, i) => i);
  const wj = lax.broadcastInDim(w, v.shape, [...lead, v.ndim - 1]);
  const wi = lax.broadcastInDim(w, v.shape, [...lead, v.ndim - 2]);
  // F[i, j] = 1 / (w_j - w_i) off the diagonal, 0 on it.
  const fmat = lax.sub(lax.div(lax.full([], 1, v.dtype), lax.add(eye, lax.sub(wj, wi))), eye);
  const p = matmul(complexSolve(v, da), v);
  const u = matmul(v, lax.mul(fmat, p));
  // c_j = -Re(v_j^H u_j) - i Im(u_kj) / Re(v_kj), k = argmax_i |v_ij|.
  const k = lax.argmax(lax.abs(v), v.ndim - 2, "int32");
  const rowIndex = lax.broadcastedIota("int32", v.shape, v.ndim - 2);
  const mask = lax.convertElementType(lax.eq(rowIndex, lax.broadcastInDim(k, v.shape, [...lead, v.ndim - 1])), v.dtype);
  const re = lax.neg(lax.real(sumRows(lax.mul(lax.conj(v), u))));
  const im = lax.div(lax.neg(lax.imag(sumRows(lax.mul(mask, u)))), lax.real(sumRows(lax.mul(mask, v))));
  const c = lax.broadcastInDim(lax.complex(re, im), v.shape, [...lead, v.ndim - 1]);
  return [diagonalOf(p), lax.add(u, lax.mul(v, c))];
}

export const eigJvp: JvpRule<"eig"> = ([a], [t], params) => {
  const { computeLeftEigenvectors: left, computeRightEigenvectors: right, enableEigvecDerivs } = params;
  if ((left || right) && !enableEigvecDerivs) {
    throw new NotImplementedError(
      "Derivatives of non-symmetric eigenvectors are only valid under assumptions on the input that JAX cannot check " +
        "(see the enable_eigvec_derivs argument to jax.lax.linalg.eig). Pass enable_eigvec_derivs=True to jax.lax.linalg.eig to opt in. " +
        "See https://github.com/jax-ml/jax/issues/2748 for discussion.",
    );
  }
  // The eigenvalue tangent diag(V^-1 dA V) does not depend on how V's columns are scaled, so V may
  // be differentiated here even without the flag: second derivatives of eigenvalues work (JAX's
  // rule binds eig with the user's flag, so its eigvals are differentiable once only).
  const outs = bind("eig", [a!], { ...params, computeRightEigenvectors: true, enableEigvecDerivs: true });
  const w = outs[0]!, vr = outs[outs.length - 1]!;
  const primals = [w, ...(left ? [outs[1]!] : []), ...(right ? [vr] : [])];
  if (isZero(t)) return [primals, primals.map((p) => new Zero(tangentAval(p.aval)))];
  const da = lax.convertElementType(nonZero(t), vr.dtype);
  if (!left && !right) return [primals, [sumRowsOfProduct(complexSolve(vr, da), vr)]];
  const [dw, dvr] = eigenvectorJvp(w, vr, da);
  const tangents = [dw];
  if (left) tangents.push(eigenvectorJvp(lax.conj(w), outs[1]!, mH(da))[1]);
  if (right) tangents.push(dvr);
  return [primals, tangents];
};

/** A primitive JAX registers no JVP for (schur_p, hessenberg_p, householder_product_p): JAX's error. */
const noDerivative = <P extends "schur" | "hessenberg" | "householder_product">(name: P): JvpRule<P> => () => {
  throw new NotImplementedError(`Differentiation rule for '${name}' not implemented`);
};

/** The Schur form is not differentiable in JAX either, nor are the Hessenberg reduction and householder_product. */
export const schurJvp = noDerivative("schur");
export const hessenbergJvp = noDerivative("hessenberg");
export const householderProductJvp = noDerivative("householder_product");

/** (x * y^T).sum(-1): the diagonal of x y without forming it. */
const sumRowsOfProduct = (x: Array, y: Array): Array => lax.reduceSum(lax.mul(x, mT(y)), [x.ndim - 1]);
