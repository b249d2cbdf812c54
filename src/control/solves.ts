// lax.customLinearSolve and lax.customRoot (JAX's custom_linear_solve and custom_root,
// jax/_src/lax/control_flow/solves.py): solvers written by users, differentiated by the implicit
// function theorem instead of through their iterations. The functions are traced once on b's (or
// the initial guess's) shapes into carried jaxprs; their captured values become operands, so
// derivatives with respect to closed-over values flow through the rules.
import type { ShapedArray } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import { bindCustomJvp } from "../core/trace.js";
import type { CustomJvpRule, FlatFun } from "../core/trace.js";
import * as tree from "../tree/index.js";
import * as lax from "../lax/ops.js";
import { linearize, toArrayLeaf } from "../ad/api.js";
import { linearTranspose } from "../ad/linearTranspose.js";
import { jvpOfJaxpr } from "../ad/jvpJaxpr.js";
import { Zero } from "../ad/types.js";
import { tangentAval, zerosLikeAval } from "../ad/zeros.js";
import { traceFun } from "./api.js";
import { callJaxpr, split } from "./common.js";
import { bindLinearSolve } from "./linearSolve.js";
import { loadControlFamily } from "../families/control.js";

type AnyFn = (...args: never[]) => unknown;
const call = (f: AnyFn, ...args: unknown[]): unknown => (f as (...a: unknown[]) => unknown)(...args);

/** numpy's shape as Python prints it: (3,), (2, 2), (). */
const pyShape = (s: readonly number[]): string => (s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`);

/** JAX's _check_shapes: the leaves of `out` have the shapes of `expected`'s. */
function checkShapes(funcName: string, expectedName: string, out: unknown, expected: readonly ShapedArray[]): void {
  const actual = tree.flatten(out)[0].map((l) => toArrayLeaf(l, `${funcName} output`).shape);
  const want = expected.map((a) => a.shape);
  const same = actual.length === want.length && actual.every((s, i) => s.length === want[i]!.length && s.every((d, k) => d === want[i]![k]));
  if (!same) {
    throw new ValueError(`${funcName}() output shapes must match ${expectedName}, got [${actual.map(pyShape).join(", ")}] and [${want.map(pyShape).join(", ")}]`);
  }
}

/** JAX's _check_tree: the output tree (its first element with hasAux) is the expected one. */
function checkTree(funcName: string, expectedName: string, actual: tree.TreeDef, expected: tree.TreeDef, hasAux: boolean): void {
  let t = actual;
  if (hasAux) {
    if (t.kind !== "array" || t.children.length !== 2) {
      throw new ValueError(
        `${funcName}() produced a pytree with structure ${actual}, but a pytree tuple with auxiliary output was expected because has_aux was set to True.`,
      );
    }
    t = t.children[0]!;
  }
  if (!t.equals(expected)) throw new TypeError(`${funcName}() output pytree structure must match ${expectedName}, got ${t} and ${expected}.`);
}

/** A function of one pytree argument, shape-checked against `expected` as JAX's _shape_checked. */
function shapeChecked(fun: (x: unknown) => unknown, name: string, expected: readonly ShapedArray[], hasAux: boolean): (x: unknown) => unknown {
  return (x) => {
    const y = fun(x);
    checkShapes(name, "b", hasAux && globalThis.Array.isArray(y) ? y[0] : y, expected);
    return y;
  };
}

function flattenLeaves(x: unknown, what: string): [Array[], tree.TreeDef] {
  const [leaves, def] = tree.flatten(x);
  return [leaves.map((l) => toArrayLeaf(l, what)), def];
}

/** Options of customLinearSolve (JAX's keyword arguments). */
export interface CustomLinearSolveOptions {
  /** The linear map is symmetric (matvec = vecmat): solve doubles as transposeSolve. */
  readonly symmetric?: boolean;
  /** solve and transposeSolve return `[x, aux]`; aux (diagnostics) gets no derivative. */
  readonly hasAux?: boolean;
}

/**
 * `lax.customLinearSolve(matvec, b, solve, transposeSolve?, { symmetric?, hasAux? })` (jax.lax.custom_linear_solve): the result of
 * `solve(matvec, b)`, differentiated as the solution of `matvec(x) = b` (JAX's
 * `lax.custom_linear_solve`). `matvec` is a linear function of a pytree like `b`; `solve` and
 * `transposeSolve` need not be differentiable. Reverse mode needs `transposeSolve` (or
 * `symmetric`), which receives `vecmat`, the transpose of `matvec`.
 *
 * @example
 * ```ts
 * const a = np.array([[2, 1], [0, 4]]);
 * const solveWith = (b: Array) => lax.customLinearSolve((v: Array) => np.matmul(a, v), b, (_mv, r) => np.linalg.solve(a, r), (_vm, r) => np.linalg.solve(a.T, r));
 * solveWith(np.array([3, 4])); // Array([1., 1.], dtype=float32)
 * grad((b: Array) => np.sum(solveWith(b)))(np.array([3, 4])); // Array([0.5  , 0.125], dtype=float32)
 * ```
 */
export function customLinearSolve<B>(
  matvec: (x: B) => unknown,
  b: B,
  solve: (matvec: (x: B) => B, b: B) => unknown,
  transposeSolve?: ((vecmat: (x: B) => B, b: B) => unknown) | null,
  options: CustomLinearSolveOptions = {},
): B {
  const symmetric = options.symmetric ?? false;
  const hasAux = options.hasAux ?? false;
  for (const [name, f] of [["matvec", matvec], ["solve", solve]] as const) {
    if (typeof f !== "function") throw new TypeError(`custom_linear_solve: ${name} must be callable, got ${String(f)}.`);
  }
  const ts = transposeSolve ?? (symmetric ? solve : null);
  const [bLeaves, bTree] = flattenLeaves(b, "custom_linear_solve b");
  const bAvals = bLeaves.map((l) => l.aval);
  const [, argsTree] = tree.flatten([tree.unflatten(bTree, bLeaves)]);
  const userMatvec = matvec as (x: unknown) => unknown;

  const matvecT = traceFun(shapeChecked(userMatvec, "matvec", bAvals, false), argsTree, bAvals, "matvec");
  checkTree("matvec", "b", matvecT.outTree, bTree, false);
  const solveT = traceFun(shapeChecked((x) => call(solve, matvec, x), "solve", bAvals, hasAux), argsTree, bAvals, "solve");
  checkTree("solve", "b", solveT.outTree, bTree, hasAux);

  let vecmatT: typeof matvecT | null = null;
  let transposeT: typeof matvecT | null = null;
  if (ts !== null) {
    let vecmat = userMatvec;
    if (symmetric) vecmatT = matvecT;
    else {
      const transposeOf = linearTranspose(userMatvec, tree.unflatten(bTree, bLeaves));
      vecmat = (x) => transposeOf(x)[0];
      vecmatT = traceFun(vecmat, argsTree, bAvals, "vecmat");
    }
    transposeT = traceFun(shapeChecked((x) => call(ts, vecmat, x), "transpose_solve", bAvals, hasAux), argsTree, bAvals, "transpose_solve");
    checkTree("transpose_solve", "b", transposeT.outTree, bTree, hasAux);
  }
  loadControlFamily();
  const outs = bindLinearSolve(
    { matvec: matvecT.consts, vecmat: vecmatT?.consts ?? [], solve: solveT.consts, transposeSolve: transposeT?.consts ?? [] },
    bLeaves,
    { matvec: matvecT.jaxpr, vecmat: vecmatT?.jaxpr ?? null, solve: solveT.jaxpr, transposeSolve: transposeT?.jaxpr ?? null },
  );
  return tree.unflatten(solveT.outTree, outs) as B;
}

/** Options of customRoot (JAX's keyword arguments). */
export interface CustomRootOptions {
  /** solve returns `[solution, aux]`; aux (diagnostics) gets no derivative. */
  readonly hasAux?: boolean;
}

/**
 * `lax.customRoot(f, initialGuess, solve, tangentSolve, { hasAux? })` (jax.lax.custom_root): `solve(f, initialGuess)`, a
 * root of `f`, differentiated with respect to the values `f` closes over by the implicit function
 * theorem (JAX's `lax.custom_root`): the tangent of the root is `-tangentSolve(g, df)`, where `g`
 * is `f` linearized at the root and `df` the tangent of `f` there. `tangentSolve(g, y)` solves
 * `g(x) = y`, e.g. `(g, y) => y.div(g(1.0))` for a scalar.
 *
 * @example
 * ```ts
 * const sqrtOf = (a: Array) => lax.customRoot((x: Array) => lax.sub(lax.square(x), a), np.array(1), (f, x0) => lax.foriLoop(0, 20, (_i: Array, x: Array) => lax.sub(x, lax.div(f(x), lax.mul(2, x))), x0), (g, y) => lax.div(y, g(np.array(1))));
 * sqrtOf(np.array(2)); // 1.4142135
 * grad(sqrtOf)(np.array(4)); // Array(0.25, dtype=float32)
 * ```
 */
export function customRoot<X>(
  f: (x: X) => unknown,
  initialGuess: X,
  solve: (f: (x: X) => X, initialGuess: X) => unknown,
  tangentSolve: (g: (x: X) => X, y: X) => unknown,
  options: CustomRootOptions = {},
): X {
  const hasAux = options.hasAux ?? false;
  for (const [name, fn] of [["f", f], ["solve", solve], ["tangent_solve", tangentSolve]] as const) {
    if (typeof fn !== "function") throw new TypeError(`custom_root: ${name} must be callable, got ${String(fn)}.`);
  }
  const [guess, guessTree] = flattenLeaves(initialGuess, "custom_root initial_guess");
  const avals = guess.map((g) => g.aval);
  const [, argsTree] = tree.flatten([tree.unflatten(guessTree, guess)]);
  const userF = f as (x: unknown) => unknown;

  const fT = traceFun(userF, argsTree, avals, "f");
  checkTree("f", "initial_guess", fT.outTree, guessTree, false);
  const solveT = traceFun((x) => call(solve, f, x), argsTree, avals, "solve");
  checkTree("solve", "initial_guess", solveT.outTree, guessTree, hasAux);
  // tangent_solve of f linearized at x, applied to b (JAX's linearize_and_solve).
  const [, pairTree] = tree.flatten([tree.unflatten(guessTree, guess), tree.unflatten(guessTree, guess)]);
  const lsT = traceFun((x, rhs) => call(tangentSolve, linearize(userF, x)[1], rhs), pairTree, [...avals, ...avals], "tangent_solve");
  checkTree("tangent_solve", "x", lsT.outTree, guessTree, false);

  const sizes = [fT.consts.length, solveT.consts.length, lsT.consts.length];
  const nSol = guess.length;
  const root: FlatFun = (...args) => {
    const [, solveConsts, , x0] = split(args, sizes);
    return callJaxpr(solveT.jaxpr, [...solveConsts!, ...x0!]);
  };
  // JAX's _root_jvp: f(params, u*(params)) = 0, so du* = -(d_u f)^-1 (d_params f)[dparams].
  const rule: CustomJvpRule = (primals, tangents) => {
    const [fConsts, , lsConsts] = split(primals, sizes);
    const [fConstsDot] = split(tangents, sizes);
    const outs = bindCustomJvp(root, rule, primals);
    const solution = outs.slice(0, nSol);
    const zeros = solution.map((s) => new Zero(tangentAval(s.aval)));
    const [, fDot] = jvpOfJaxpr(fT.jaxpr, [...fConsts!, ...solution], [...fConstsDot!, ...zeros]);
    const rhs = fDot.map((t, i) => (t instanceof Zero ? zerosLikeAval(solution[i]!.aval) : t));
    const solutionDot = callJaxpr(lsT.jaxpr, [...lsConsts!, ...solution, ...rhs]).map((t) => lax.neg(t));
    return [outs, [...solutionDot, ...outs.slice(nSol).map((a) => zerosLikeAval(a.aval))]];
  };
  const outs = bindCustomJvp(root, rule, [...fT.consts, ...solveT.consts, ...lsT.consts, ...guess]);
  return tree.unflatten(solveT.outTree, outs) as X;
}
