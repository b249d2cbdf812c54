// jax.scipy.sparse.linalg (jax/_src/scipy/sparse/linalg.py): the Krylov solvers cg, bicgstab and
// gmres, matrix-free (the operator is a function, or a square matrix), on vectors that may be
// pytrees of arrays. Each iteration is a lax.whileLoop, and the solve is wrapped in
// lax.customLinearSolve with itself as the transpose solve, so derivatives come from the
// implicit function theorem (another solve), not from differentiating through the iterations:
// they are accurate when both solves converge.
import type { Array } from "../../core/array.js";
import { ValueError } from "../../core/errors.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import * as tree from "../../tree/index.js";

/** A linear operator: a function of a vector (pytree) or a square matrix. */
export type LinearOperator<V> = ((x: V) => V) | Array;

/** Options of cg and bicgstab (JAX's keyword arguments). */
export interface IsolveOptions<V> {
  /** Starting guess (zeros by default), with b's structure and shapes. */
  readonly x0?: V;
  /** Convergence when norm(residual) <= max(tol * norm(b), atol). */
  readonly tol?: number;
  readonly atol?: number;
  /** Iteration limit (10 * size of b by default, as scipy). */
  readonly maxiter?: number;
  /** Preconditioner approximating A^-1. */
  readonly M?: LinearOperator<V>;
}

export interface GmresOptions<V> extends IsolveOptions<V> {
  /** Krylov subspace size between restarts (20 by default). */
  readonly restart?: number;
  /** "batched" (default: least squares at the end of each restart) or "incremental" (Givens QR). */
  readonly solveMethod?: "batched" | "incremental";
}

type Vec = unknown;
type Op = (x: Vec) => Vec;

const leaves = (x: Vec): Array[] => tree.leaves(x) as Array[];
const mapTree = (f: (...xs: Array[]) => Array, x: Vec, ...rest: Vec[]): Vec => tree.map(f as (...xs: never[]) => unknown, x, ...rest);
const add = (x: Vec, y: Vec): Vec => mapTree((a, b) => np.add(a, b), x, y);
const sub = (x: Vec, y: Vec): Vec => mapTree((a, b) => np.subtract(a, b), x, y);
const scale = (s: Array, x: Vec): Vec => mapTree((a) => np.multiply(s, a), x);
const sumAll = (xs: Array[]): Array => xs.reduce((p, q) => np.add(p, q));
/** JAX's _vdot_real_tree (real dtypes only here). */
const vdotTree = (x: Vec, y: Vec): Array => sumAll(leaves(x).map((a, i) => np.vdot(a, leaves(y)[i]!)));
const norm = (x: Vec): Array => np.sqrt(vdotTree(x, x));
const pyShape = (s: readonly number[]): string => (s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`);

/** JAX's _normalize_matvec: a function as it is, a square matrix as x -> A @ x. */
function normalizeMatvec<V>(f: LinearOperator<V>): Op {
  if (typeof f === "function") return f as Op;
  if (typeof f === "object" && f !== null && "ndim" in f) {
    if (f.ndim !== 2 || f.shape[0] !== f.shape[1]) throw new ValueError(`linear operator must be a square matrix, but has shape: ${pyShape(f.shape)}`);
    return (x) => np.dot(f, x as Array);
  }
  throw new TypeError(`linear operator must be either a function or ndarray: ${String(f)}`);
}

const identity: Op = (x) => x;

interface Prepared {
  readonly M: Op;
  readonly identityM: boolean;
  readonly x0: Vec;
  readonly maxiter: number;
  readonly tol: number;
  readonly atol: number;
}

function prepare<V>(b: V, opts: IsolveOptions<V>): Prepared {
  const x0: Vec = opts.x0 ?? mapTree((l) => np.zerosLike(l), b);
  const size = leaves(b).reduce((n, l) => n + np.asarray(l).size, 0);
  const bTree = tree.structure(b);
  const xTree = tree.structure(x0);
  if (!xTree.equals(bTree)) throw new ValueError(`x0 and b must have matching tree structure: ${xTree} vs ${bTree}`);
  const shapes = (v: Vec) => `[${leaves(v).map((l) => pyShape(np.asarray(l).shape)).join(", ")}]`;
  if (shapes(x0) !== shapes(b)) throw new ValueError(`arrays in x0 and b must have matching shapes: ${shapes(x0)} vs ${shapes(b)}`);
  return {
    M: opts.M === undefined ? identity : normalizeMatvec(opts.M),
    identityM: opts.M === undefined,
    x0,
    maxiter: opts.maxiter ?? 10 * size,
    tol: opts.tol ?? 1e-5,
    atol: opts.atol ?? 0,
  };
}

const int32 = (n: number): Array => np.array(n, { dtype: "int32" });

/** JAX's _cg_solve. */
function cgSolve(A: Op, b: Vec, p: Prepared): Vec {
  const { M } = p;
  const atol2 = np.maximum(np.square(p.tol).mul(vdotTree(b, b)), p.atol * p.atol);
  const r0 = sub(b, A(p.x0));
  const z0 = M(r0);
  const gamma0 = vdotTree(r0, z0);
  type State = [Vec, Vec, Array, Vec, Array];
  const cond = ([, r, gamma, , k]: State): Array => np.logicalAnd(np.greater(p.identityM ? gamma : vdotTree(r, r), atol2), np.less(k, p.maxiter));
  const body = ([x, r, gamma, q, k]: State): State => {
    const Aq = A(q);
    const alpha = gamma.div(vdotTree(q, Aq));
    const x1 = add(x, scale(alpha, q));
    const r1 = sub(r, scale(alpha, Aq));
    const z1 = M(r1);
    const gamma1 = vdotTree(r1, z1);
    return [x1, r1, gamma1, add(z1, scale(gamma1.div(gamma), q)), k.add(1)];
  };
  return lax.whileLoop(cond, body, [p.x0, r0, gamma0, z0, int32(0)] as State)[0];
}

/** JAX's _bicgstab_solve. */
function bicgstabSolve(A: Op, b: Vec, p: Prepared): Vec {
  const { M } = p;
  const atol2 = np.maximum(np.square(p.tol).mul(vdotTree(b, b)), p.atol * p.atol);
  const r0 = sub(b, A(p.x0));
  const one = np.array(1, { dtype: leaves(b)[0]!.dtype });
  type State = [Vec, Vec, Vec, Array, Array, Array, Vec, Vec, Array];
  const cond = ([, r, , , , , , , k]: State): Array => np.logicalAnd(np.logicalAnd(np.greater(vdotTree(r, r), atol2), np.less(k, p.maxiter)), np.greaterEqual(k, 0));
  const body = ([x, r, rhat, alpha, omega, rho, q0, v, k]: State): State => {
    const rho1 = vdotTree(rhat, r);
    const beta = rho1.div(rho).mul(alpha.div(omega));
    const q1 = add(r, scale(beta, sub(q0, scale(omega, v))));
    const qhat = M(q1);
    const v1 = A(qhat);
    const alpha1 = rho1.div(vdotTree(rhat, v1));
    const s = sub(r, scale(alpha1, v1));
    const exitEarly = np.less(vdotTree(s, s), atol2);
    const shat = M(s);
    const t = A(shat);
    const omega1 = vdotTree(t, s).div(vdotTree(t, t));
    const x1 = mapTree((a, c) => np.where(exitEarly, a, c), add(x, scale(alpha1, qhat)), add(x, add(scale(alpha1, qhat), scale(omega1, shat))));
    const r1 = mapTree((a, c) => np.where(exitEarly, a, c), s, sub(s, scale(omega1, t)));
    let k1 = np.where(np.logicalOr(np.equal(omega1, 0), np.equal(alpha1, 0)), int32(-11), k.add(1));
    k1 = np.where(np.equal(rho1, 0), int32(-10), k1);
    return [x1, r1, rhat, alpha1, omega1, rho1, q1, v1, k1];
  };
  return lax.whileLoop(cond, body, [p.x0, r0, r0, one, one, one, r0, r0, int32(0)] as State)[0];
}

/** JAX's _isolve: the solver wrapped in customLinearSolve, its own transpose solve. */
function isolve<V>(solver: (A: Op, b: Vec, p: Prepared) => Vec, A: LinearOperator<V>, b: V, opts: IsolveOptions<V>, checkSymmetric: boolean): [V, null] {
  const p = prepare(b, opts);
  const matvec = normalizeMatvec(A);
  const solve = (f: Op, rhs: Vec): Vec => solver(f, rhs, p);
  const x = lax.customLinearSolve(matvec, b as Vec, solve, solve, { symmetric: checkSymmetric });
  return [x as V, null];
}

/**
 * `scipy.sparse.linalg.cg(A, b, { x0?, tol?, atol?, maxiter?, M? })` (jax.scipy.sparse.linalg.cg): conjugate gradients for a symmetric positive definite A (a matrix or a function v => A v). Returns `[x, info]`; info is null, as JAX's placeholder. Derivatives by another cg solve (implicit differentiation).
 *
 * @example
 * ```ts
 * const A = np.array([[4, 1], [1, 3]]);
 * const [x] = scipy.sparse.linalg.cg((v: Array) => np.matmul(A, v), np.array([1, 2]));
 * x; // Array([0.09090909, 0.6363636 ], dtype=float32)
 * ```
 */
export function cg<V>(A: LinearOperator<V>, b: V, opts: IsolveOptions<V> = {}): [V, null] {
  return isolve(cgSolve, A, b, opts, true);
}

/**
 * `scipy.sparse.linalg.bicgstab(A, b, opts?)` (jax.scipy.sparse.linalg.bicgstab): BiCGSTAB for a general A (a matrix or a function v => A v); returns `[x, null]`.
 *
 * @example
 * ```ts
 * const A = np.array([[3, 1], [-1, 2]]);
 * const [x] = scipy.sparse.linalg.bicgstab((v: Array) => np.matmul(A, v), np.array([5, 3]));
 * x; // Array([1., 2.], dtype=float32)
 * ```
 */
export function bicgstab<V>(A: LinearOperator<V>, b: V, opts: IsolveOptions<V> = {}): [V, null] {
  return isolve(bicgstabSolve, A, b, opts, false);
}

// ---- gmres ----

/** JAX's _safe_normalize: x / norm(x), or zeros (and norm 0) when the norm is at most thresh (eps by default). */
function safeNormalize(x: Vec, thresh?: Array): [Vec, Array] {
  const n = norm(x);
  const t = thresh ?? np.array(np.finfo(n.dtype).eps, { dtype: n.dtype });
  const use = np.greater(n, t);
  return [mapTree((y) => np.where(use, y.div(n), np.zerosLike(y)), x), np.where(use, n, np.zerosLike(n))];
}

/** Column k of each leaf (..., restart + 1). */
const column = (V: Vec, k: Array): Vec => mapTree((X) => np.take(X, k, X.ndim - 1), V);
/** A.T @ v summed over leaves (JAX's _project_on_columns). */
const projectOnColumns = (Q: Vec, v: Vec): Array => sumAll(leaves(Q).map((X, i) => np.einsum("...n,...->n", X, leaves(v)[i]!)));

/** JAX's _iterative_classical_gram_schmidt: x orthogonalized against Q's columns, with the overlaps. */
function gramSchmidt(Q: Vec, x: Vec, xnorm: Array, maxIterations = 2): [Vec, Array] {
  const Q0 = leaves(Q)[0]!;
  type Carry = [Array, Vec, Array, Array];
  const body = ([k, q, r, qnormScaled]: Carry): Carry => {
    const h = projectOnColumns(Q, q);
    const q1 = sub(q, mapTree((X) => np.dot(X, h), Q));
    const r1 = np.add(r, h);
    type Inner = [Array, Array, Vec, Array];
    const [, , q2, scaled] = lax.whileLoop(
      ([kk, notDone]: Inner) => np.logicalAnd(notDone, np.less(kk, maxIterations - 1)),
      ([kk, , qq]: Inner): Inner => [kk, np.array(false), qq, safeNormalize(qq)[1].div(Math.SQRT2)],
      [k, np.array(true), q1, qnormScaled] as Inner,
    );
    return [k.add(1), q2, r1, scaled];
  };
  const cond = ([k, , r, qnormScaled]: Carry): Array => np.logicalAnd(np.less(k, maxIterations - 1), np.less(safeNormalize(r)[1], qnormScaled));
  const first = body([int32(0), x, np.zeros([Q0.shape[Q0.ndim - 1]!], { dtype: Q0.dtype }), xnorm.div(Math.SQRT2)]);
  const [, q, r] = lax.whileLoop(cond, body, first);
  return [q, r];
}

/** JAX's _kth_arnoldi_iteration: V's column k + 1 and H's row k. */
function arnoldiStep(k: Array, A: Op, M: Op, V: Vec, H: Array): [Vec, Array, Array] {
  const dtype = H.dtype;
  const eps = np.finfo(dtype).eps;
  const v0 = M(A(column(V, k)));
  const [, vNorm0] = safeNormalize(v0);
  const [v, h0] = gramSchmidt(V, v0, vNorm0);
  const [unit, vNorm1] = safeNormalize(v, vNorm0.mul(eps));
  const V1 = mapTree((X, y) => X.at("...", k.add(1)).set(y), V, unit);
  const h = h0.at(k.add(1)).set(vNorm1);
  return [V1, H.at(k, ":").set(h), np.equal(vNorm1, 0)];
}

/** JAX's _givens_rotation (real). */
function givensRotation(a: Array, b: Array): [Array, Array] {
  const bZero = np.equal(np.abs(b), 0);
  const aLtB = np.less(np.abs(a), np.abs(b));
  const t = np.negative(np.where(aLtB, a, b).div(np.where(aLtB, b, a)));
  const r = lax.rsqrt(np.add(1, np.square(t)));
  return [np.where(bZero, 1, np.where(aLtB, r.mul(t), r)), np.where(bZero, 0, np.where(aLtB, r, r.mul(t)))];
}

/** JAX's _rotate_vectors: entries i and i + 1 rotated by (cs, sn). */
function rotate(H: Array, i: Array, cs: Array, sn: Array): Array {
  const x1 = np.take(H, i);
  const y1 = np.take(H, i.add(1));
  return H.at(i).set(cs.mul(x1).sub(sn.mul(y1))).at(i.add(1)).set(sn.mul(x1).add(cs.mul(y1)));
}

type Restart = (A: Op, b: Vec, x0: Vec, unitResidual: Vec, residualNorm: Array, ptol: Array, restart: number, M: Op) => [Vec, Vec, Array];

/** The Krylov basis: unit_residual then restart zero columns. */
const initialBasis = (unitResidual: Vec, restart: number): Vec => mapTree((x) => np.pad(np.expandDims(x, -1), [...x.shape.map((): [number, number] => [0, 0]), [0, restart]]), unitResidual);

function finishRestart(A: Op, b: Vec, x0: Vec, V: Vec, y: Array, M: Op): [Vec, Vec, Array] {
  const x = add(x0, mapTree((X) => np.dot(X.get("...", ":-1"), y), V));
  const [unit, n] = safeNormalize(M(sub(b, A(x))));
  return [x, unit, n];
}

/** JAX's _gmres_batched: the Arnoldi process, then the least-squares problem by normal equations (cho_solve). */
const gmresBatched: Restart = (A, b, x0, unitResidual, residualNorm, _ptol, restart, M) => {
  const dtype = leaves(b)[0]!.dtype;
  type Carry = [Vec, Array, Array, Array];
  const [V, H] = lax.whileLoop(
    ([, , breakdown, k]: Carry) => np.logicalAnd(np.less(k, restart), np.logicalNot(breakdown)),
    ([V0, H0, , k]: Carry): Carry => {
      const [V1, H1, breakdown] = arnoldiStep(k, A, M, V0, H0);
      return [V1, H1, breakdown, k.add(1)];
    },
    [initialBasis(unitResidual, restart), np.eye(restart, restart + 1, { dtype }), np.array(false), int32(0)] as Carry,
  );
  const beta = np.zeros([restart + 1], { dtype }).at(0).set(residualNorm);
  const Ht = H.T;
  const L = lax.linalg.cholesky(np.dot(Ht.T, Ht));
  const rhs = np.dot(Ht.T, beta).reshape([restart, 1]);
  const z = lax.linalg.triangularSolve(L, rhs, { leftSide: true, lower: true });
  const y = lax.linalg.triangularSolve(L, z, { leftSide: true, lower: true, transposeA: true }).reshape([restart]);
  return finishRestart(A, b, x0, V, y, M);
};

/** JAX's _gmres_incremental: the QR of the Hessenberg matrix built by Givens rotations, with early exit. */
const gmresIncremental: Restart = (A, b, x0, unitResidual, residualNorm, ptol, restart, M) => {
  const dtype = leaves(b)[0]!.dtype;
  type Carry = [Array, Array, Vec, Array, Array, Array];
  const [, , V, R, beta] = lax.whileLoop(
    ([k, err]: Carry) => np.logicalAnd(np.less(k, restart), np.greater(err, ptol)),
    ([k, , V0, R0, beta0, givens0]: Carry): Carry => {
      const [V1, H] = arnoldiStep(k, A, M, V0, R0);
      let row = lax.foriLoop(0, k, (i: Array, row0: Array) => rotate(row0, i, np.take(givens0, i.mul(2)), np.take(givens0, i.mul(2).add(1))), np.take(H, k, 0));
      const [cs, sn] = givensRotation(np.take(row, k), np.take(row, k.add(1)));
      const givens = givens0.at(k.mul(2)).set(cs).at(k.mul(2).add(1)).set(sn);
      row = rotate(row, k, cs, sn);
      const beta1 = rotate(beta0, k, cs, sn);
      return [k.add(1), np.abs(np.take(beta1, k.add(1))), V1, R0.at(k, ":").set(row), beta1, givens];
    },
    [int32(0), residualNorm, initialBasis(unitResidual, restart), np.eye(restart, restart + 1, { dtype }), np.zeros([restart + 1], { dtype }).at(0).set(residualNorm), np.zeros([2 * restart], { dtype })] as Carry,
  );
  const y = lax.linalg.triangularSolve(R.get(":", ":-1").T, beta.get(":-1").reshape([restart, 1]), { leftSide: true, lower: false }).reshape([restart]);
  return finishRestart(A, b, x0, V, y, M);
};

/**
 * `scipy.sparse.linalg.gmres(A, b, { x0?, tol?, atol?, restart?, maxiter?, M?, solveMethod? })` (jax.scipy.sparse.linalg.gmres): restarted GMRES for a general A (a matrix or a function v => A v). Returns `[x, info]`, info -1 where x is NaN and 0 otherwise, as JAX. maxiter counts restarts.
 *
 * @example
 * ```ts
 * const A = np.array([[3, 1], [-1, 2]]);
 * const [x, info] = scipy.sparse.linalg.gmres((v: Array) => np.matmul(A, v), np.array([5, 3]));
 * x; // Array([1.0000001, 1.9999998], dtype=float32)
 * info; // Array(0, dtype=int32)
 * ```
 */
export function gmres<V>(A: LinearOperator<V>, b: V, opts: GmresOptions<V> = {}): [V, Array] {
  const p = prepare(b, opts);
  const matvec = normalizeMatvec(A);
  const size = leaves(b).reduce((n, l) => n + np.asarray(l).size, 0);
  const restart = Math.min(opts.restart ?? 20, size);
  const method = opts.solveMethod ?? "batched";
  if (method !== "batched" && method !== "incremental") throw new ValueError(`invalid solve_method ${String(method)}, must be either 'incremental' or 'batched'`);
  const restartOnce = method === "batched" ? gmresBatched : gmresIncremental;
  const bNorm = norm(b);
  const atol = np.maximum(bNorm.mul(p.tol), p.atol);
  const ptol = norm(p.M(b)).mul(np.minimum(1, atol.div(bNorm)));
  const solve = (f: Op, rhs: Vec): Vec => {
    const [unit0, norm0] = safeNormalize(p.M(sub(rhs, f(p.x0))));
    type Carry = [Vec, Array, Vec, Array];
    return lax.whileLoop(
      ([, k, , n]: Carry) => np.logicalAnd(np.less(k, p.maxiter), np.greater(n, atol)),
      ([x, k, unit, n]: Carry): Carry => {
        const [x1, unit1, n1] = restartOnce(f, rhs, x, unit, n, ptol, restart, p.M);
        return [x1, k.add(1), unit1, n1];
      },
      [p.x0, int32(0), unit0, norm0] as Carry,
    )[0];
  };
  const x = lax.customLinearSolve(matvec, b as Vec, solve, solve);
  const info = np.where(np.isnan(norm(x)), int32(-1), int32(0));
  return [x as V, info];
}
