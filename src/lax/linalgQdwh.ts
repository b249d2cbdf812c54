// jax.lax.linalg.qdwh (jax/_src/tpu/linalg/qdwh.py): the polar decomposition x = u h of a tall (M >=
// N) real matrix by the QR-based dynamically weighted Halley iteration (Nakatsukasa, Bai & Gygi,
// SIAM J. Matrix Anal. Appl. 31(5), 2010). x is scaled by 1/sqrt(||x||_1 ||x||_inf) so its
// singular values lie in [l, 1]; the weights (a, b, c) of each step follow from the lower bound l
// alone, so they are computed here in plain numbers: steps with c > 100 use a QR factorisation,
// the rest a Cholesky one, then Halley's method (a, b, c = 3, 1, 3) runs until the iterates
// settle; a Newton-Schulz step refines u, and h = sym(u^T x). Real (float32, float64) matrices.
import { Array, type ArrayLike } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import { whileLoop } from "../control/api.js";
import { asArrays } from "./core.js";
import * as lax from "./ops.js";
import { cholesky, qr, triangularSolve } from "./linalg.js";
import { eyeLike, matmul, mT } from "./matrixHelpers.js";

type Weights = readonly [number, number, number];

/** u := e u + (a - e) / sqrt(c) Q1 Q2^T, [Q1; Q2] the thin Q of [sqrt(c) u; I] (JAX's _use_qr). */
function qrStep(u: Array, [aMinusEBySqrtC, sqrtC, e]: Weights): Array {
  const [m, n] = u.shape as [number, number];
  const s = (v: number): Array => lax.full([], v, u.dtype);
  const [q] = qr(lax.concatenate([lax.mul(u, s(sqrtC)), eyeLike(u, n)], 0), { fullMatrices: false });
  const q1 = lax.sliceInDim(q, 0, m, 1, 0), q2 = lax.sliceInDim(q, m, m + n, 1, 0);
  return lax.add(lax.mul(u, s(e)), lax.mul(matmul(q1, mT(q2)), s(aMinusEBySqrtC)));
}

/** u := e u + (a - e) u (c u^T u + I)^-1 through the Cholesky factor of c u^T u + I (JAX's _use_cholesky). */
function choleskyStep(u: Array, [aMinusE, c, e]: Weights | readonly [Array, Array, Array]): Array {
  const s = (v: number | Array): Array => (typeof v === "number" ? lax.full([], v, u.dtype) : v);
  const n = u.shape[1]!;
  const y = cholesky(lax.add(lax.mul(s(c), matmul(mT(u), u)), eyeLike(u, n)), { symmetrizeInput: false });
  const z = triangularSolve(y, mT(u), { leftSide: true, lower: true });
  const w = triangularSolve(y, z, { leftSide: true, lower: true, transposeA: true });
  return lax.add(lax.mul(s(e), u), lax.mul(s(aMinusE), mT(w)));
}

const frobenius = (x: Array): Array => lax.sqrt(lax.reduceSum(lax.mul(x, x), [0, 1]));

/**
 * `lax.linalg.qdwh(x, opts?)` (jax.lax.linalg.qdwh): `[u, h, numIters, isConverged]` with x = u h,
 * u with orthonormal columns and h symmetric positive semidefinite, for a real (M x N) x with
 * M >= N. maxIterations (default 10) bounds the iterations; eps (default the dtype's) sets the
 * tolerance |x_k - x_{k-1}| < (5 eps)^(1/3). JAX's isHermitian is accepted and unused, as there.
 *
 * @example
 * ```ts
 * const [u, h, numIters, isConverged] = lax.linalg.qdwh(np.array([[2, 0], [0, -3]], { dtype: "float64" }));
 * u; // Array([[ 1.,  0.], [ 0., -1.]], dtype=float64)
 * h; // Array([[2., 0.], [0., 3.]], dtype=float64)
 * isConverged; // Array(True, dtype=bool)
 * ```
 */
export function qdwh(x: ArrayLike, opts: { isHermitian?: boolean; maxIterations?: number | null; eps?: number | null } = {}): [u: Array, h: Array, numIters: Array, isConverged: Array] {
  const [a] = asArrays([x]) as [Array];
  if (a.dtype !== "float32" && a.dtype !== "float64") throw new TypeError(`qdwh: x must be a float32 or float64 matrix, got dtype ${a.dtype}.`);
  if (a.ndim !== 2) throw new ValueError(`qdwh: x must be a matrix, got shape (${a.shape.join(", ")}).`);
  const [M, N] = a.shape as [number, number];
  if (M < N) throw new ValueError("The input matrix of shape M x N must have M >= N.");
  const maxIterations = opts.maxIterations ?? 10;
  const eps = opts.eps ?? (a.dtype === "float64" ? 2 ** -52 : 2 ** -23);
  const scalar = (v: number): Array => lax.full([], v, a.dtype);
  // alpha = sqrt(||x||_1 ||x||_inf) >= ||x||_2.
  const absA = lax.abs(a);
  const oneNorm = lax.reduceMax(lax.reduceSum(absA, [0]), [0]);
  const infNorm = lax.reduceMax(lax.reduceSum(absA, [1]), [0]);
  const alphaInverse = lax.select(lax.eq(oneNorm, scalar(0)), scalar(1), lax.mul(lax.rsqrt(oneNorm), lax.rsqrt(infNorm)));
  let u = lax.mul(a, alphaInverse);
  const tolL = (10 * eps) / 2;
  const tolNorm = Math.cbrt(tolL);
  // The dynamic weights, from the lower bound l on the scaled singular values (JAX's loop in _qdwh).
  const qrWeights: Weights[] = [], cholWeights: Weights[] = [];
  for (let l = eps, k = 0; l + tolL < 1 && k < maxIterations; k++) {
    const l2 = l * l;
    const dd = Math.cbrt((4 * (1 / l2 - 1)) / l2);
    const sqd = Math.sqrt(1 + dd);
    const wa = sqd + Math.sqrt(2 - dd + (2 * (2 - l2)) / (l2 * sqd));
    const wb = (wa - 1) ** 2 / 4;
    const wc = wa + wb - 1;
    l = (l * (wa + wb * l2)) / (1 + wc * l2);
    const e = wb / wc;
    if (wc > 100) qrWeights.push([(wa - e) / Math.sqrt(wc), Math.sqrt(wc), e]);
    else cholWeights.push([wa - e, wc, e]);
  }
  for (const w of qrWeights) u = qrStep(u, w);
  let notConverged: Array = lax.full([], 1, "bool");
  for (const w of cholWeights) {
    const next = choleskyStep(u, w);
    notConverged = lax.gt(frobenius(lax.sub(next, u)), scalar(tolNorm));
    u = next;
  }
  // Halley's method (a, b, c = 3, 1, 3) while the iterates still move.
  const halley: Weights = [3 - 1 / 3, 3, 1 / 3];
  const [numIters, uFinal, stillMoving] = whileLoop(
    ([k, , moving]: [Array, Array, Array]) => lax.bitwiseAnd(moving, lax.lt(k, lax.full([], maxIterations, "int32"))),
    ([k, v]: [Array, Array, Array]): [Array, Array, Array] => {
      const next = choleskyStep(v, halley);
      return [lax.add(k, lax.full([], 1, "int32")), next, lax.gt(frobenius(lax.sub(next, v)), scalar(tolNorm))];
    },
    [lax.full([], qrWeights.length + cholWeights.length, "int32"), u, notConverged] as [Array, Array, Array],
  );
  // Newton-Schulz refinement, then h = sym(u^T x).
  const refined = lax.sub(lax.mul(uFinal, scalar(1.5)), lax.mul(matmul(uFinal, matmul(mT(uFinal), uFinal)), scalar(0.5)));
  const h0 = matmul(mT(refined), a);
  const h = lax.mul(lax.add(h0, mT(h0)), scalar(0.5));
  return [refined, h, numIters, lax.bitwiseNot(stillMoving)];
}
