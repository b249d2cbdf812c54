// testUtil (jax.test_util): checkGrads compares derivatives with finite differences. Forward mode
// is compared against central differences along a random direction; reverse mode through the
// identity <ct, J v> = <J^T ct, v>, with J v from finite differences too, so it is checked
// independently of the JVP rules; higher orders recurse on the jvp and vjp functions themselves.
import * as np from "../numpy/index.js";
import { jvp, vjp } from "../ad/index.js";
import * as tree from "../tree/index.js";
import type { Array } from "../core/array.js";
import { isComplex } from "../../jaxpr/index.js";

const conjugate = (t: unknown): unknown => tree.map((l: Array) => np.conj(l), t);

/**
 * `testUtil.mulberry32(seed)`: a small seeded PRNG (mulberry32) giving numbers uniform in [0, 1),
 * for test inputs (not jax.random).
 *
 * @example
 * ```ts
 * const next = testUtil.mulberry32(42);
 * [next(), next()]; // [0.6011037519201636, 0.44829055899754167]
 * ```
 */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `checkGrads`'s options: the order, the modes, the finite-difference step, tolerances and the seed. */
export interface CheckGradsOptions {
  /** Highest derivative order checked (default 2). */
  order?: number;
  /** Which modes to check (default both): "fwd" compares jvp, "rev" compares vjp. */
  modes?: readonly ("fwd" | "rev")[];
  /** Finite-difference step (default 1e-4 when every argument is float64, else 1e-2). */
  eps?: number;
  /** Absolute tolerance (default 1e-5 when every argument is float64, else 2e-3). */
  atol?: number;
  /** Relative tolerance (default 1e-5 when every argument is float64, else 2e-3). */
  rtol?: number;
  /** Seed of the random tangents and cotangents (default 0). */
  seed?: number;
}

type Fn = (...args: never[]) => unknown;

/** Uniform in [-0.5, 0.5). */
function rng(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() - 0.5;
}

const leaves = (x: unknown): Array[] => tree.leaves(x).map((l) => (typeof l === "number" ? np.array(l) : (l as Array)));


/** A random tangent/cotangent with the structure, shapes and dtypes of `like` (complex: random real and imaginary parts). */
function randomLike(like: unknown, next: () => number): unknown {
  return tree.map((l: Array | number) => {
    const a = typeof l === "number" ? np.array(l) : l;
    if (isComplex(a.dtype)) return np.array(globalThis.Array.from({ length: a.size }, () => ({ re: next(), im: next() })), { dtype: a.dtype }).reshape([...a.shape]);
    const vals = globalThis.Array.from({ length: a.size }, () => next());
    return np.array(vals, { dtype: a.dtype }).reshape([...a.shape]);
  }, like);
}

/** In 64 bits: float64, or complex128 for complex values (whose storage is then (re, im) pairs). */
const wide = (a: Array): Array => a.astype(isComplex(a.dtype) ? "complex128" : "float64");

function combine(xs: unknown, vs: unknown, scale: number): unknown {
  return tree.map((x: Array | number, v: Array) => (typeof x === "number" ? np.array(x) : x).add(v.mul(scale)), xs, vs);
}

/** JAX's inner_prod: Re(sum conj(x) y), i.e. the dot product of the (re, im) storage. */
function vdot(a: unknown, b: unknown): number {
  const la = leaves(a);
  const lb = leaves(b);
  let s = 0;
  la.forEach((x, i) => {
    const xa = wide(x).dataSync();
    const ya = wide(lb[i]!).dataSync();
    for (let k = 0; k < xa.length; k++) s += xa[k]! * ya[k]!;
  });
  return s;
}

function assertClose(actual: unknown, expected: unknown, atol: number, rtol: number, what: string): void {
  const la = leaves(actual);
  const le = leaves(expected);
  if (la.length !== le.length) throw new Error(`${what}: ${la.length} outputs vs ${le.length} expected`);
  la.forEach((a, i) => {
    const x = wide(a).dataSync();
    const y = wide(le[i]!).dataSync();
    for (let k = 0; k < x.length; k++) {
      const err = Math.abs(x[k]! - y[k]!);
      if (!(err <= atol + rtol * Math.abs(y[k]!))) {
        throw new Error(`${what}: output ${i} element ${k}: got ${x[k]}, expected ${y[k]} (|diff| ${err.toExponential(2)}, atol ${atol}, rtol ${rtol})`);
      }
    }
  });
}

function defaultTolerance(args: unknown[]): { eps: number; tol: number } {
  const is64 = leaves(args).every((l) => l.dtype === "float64" || l.dtype === "complex128");
  return is64 ? { eps: 1e-4, tol: 1e-5 } : { eps: 1e-2, tol: 2e-3 };
}

/** J v by central differences. */
function numericalJvp(f: Fn, args: unknown[], v: unknown[], eps: number): unknown {
  const call = (xs: unknown[]): unknown => (f as (...a: unknown[]) => unknown)(...xs);
  const plus = call(combine(args, v, eps) as unknown[]);
  const minus = call(combine(args, v, -eps) as unknown[]);
  return tree.map((p: Array, m: Array) => wide(p).sub(wide(m)).div(2 * eps), plus, minus);
}

/**
 * `testUtil.checkJvp(f, args, { eps, atol, rtol }, next)` (jax.test_util.check_jvp): checks
 * `jvp(f)` against central finite differences along a random tangent drawn from `next`; throws on
 * a mismatch.
 *
 * @example
 * ```ts
 * const x = np.array([0.5, 1.5], { dtype: "float64" });
 * testUtil.checkJvp(np.sin, [x], { eps: 1e-4, atol: 1e-5, rtol: 1e-5 }, testUtil.mulberry32(0)); // undefined
 * ```
 */
export function checkJvp(f: Fn, args: unknown[], o: Required<Pick<CheckGradsOptions, "eps" | "atol" | "rtol">>, next: () => number): void {
  const v = randomLike(args, next) as unknown[];
  const [, t] = jvp(f, args, v);
  assertClose(t, numericalJvp(f, args, v, o.eps), o.atol, o.rtol, "jvp vs finite differences");
}

/**
 * `testUtil.checkVjp(f, args, { eps, atol, rtol }, next)` (jax.test_util.check_vjp): checks
 * `vjp(f)` against central finite differences, <ct, J v> computed both ways for random v and ct;
 * throws on a mismatch.
 *
 * @example
 * ```ts
 * const x = np.array([0.5, 1.5], { dtype: "float64" });
 * testUtil.checkVjp(np.sin, [x], { eps: 1e-4, atol: 1e-5, rtol: 1e-5 }, testUtil.mulberry32(0)); // undefined
 * ```
 */
export function checkVjp(f: Fn, args: unknown[], o: Required<Pick<CheckGradsOptions, "eps" | "atol" | "rtol">>, next: () => number): void {
  const v = randomLike(args, next) as unknown[];
  const [out, pullback] = vjp(f, ...args);
  const ct = randomLike(out, next);
  // Against finite differences, not jvp, so reverse mode is checked independently of the JVP rules.
  const lhs = vdot(ct, numericalJvp(f, args, v, o.eps));
  // JAX's check_vjp: complex cotangents are conjugated in and out (jax/_src/public_test_util.py).
  const rhs = vdot(conjugate(pullback(conjugate(ct))), v);
  const err = Math.abs(lhs - rhs);
  if (!(err <= o.atol + o.rtol * Math.abs(lhs))) {
    throw new Error(`vjp vs jvp: <ct, J v> = ${lhs} but <J^T ct, v> = ${rhs} (|diff| ${err.toExponential(2)})`);
  }
}

/**
 * Checks the derivatives of `f` at `args` up to `order` against finite differences, in forward
 * and reverse mode (jax.test_util.check_grads); throws an Error describing the first mismatch.
 * Tolerances default by dtype (float64: eps 1e-4, atol = rtol = 1e-5; otherwise eps 1e-2, 2e-3).
 *
 * @example
 * ```ts
 * const x = np.array([0.5, 1.5], { dtype: "float64" });
 * testUtil.checkGrads((x: Array) => np.sin(x).mul(x), [x], 2); // undefined
 * testUtil.checkGrads((x: Array) => np.sum(np.exp(x)), [x], 1, { modes: ["rev"], atol: 1e-6 }); // undefined
 * // A wrong derivative throws.
 * const bad = customJvp((x: Array) => np.sin(x));
 * bad.defjvp(([x], [t]) => [np.sin(x), t]);
 * let message = "";
 * try { testUtil.checkGrads(bad, [x], 1); } catch (e) { message = (e as Error).message.slice(0, 20); }
 * message; // "jvp vs finite differ"
 * ```
 */
export function checkGrads(f: Fn, args: unknown[], order?: number | CheckGradsOptions, options: CheckGradsOptions = {}): void {
  if (typeof f !== "function") throw new TypeError(`checkGrads: expected a callable value, got ${String(f)}.`);
  if (!globalThis.Array.isArray(args)) throw new TypeError("checkGrads: args must be an array of the function's arguments.");
  const opts: CheckGradsOptions = typeof order === "object" ? order : { ...options, ...(order === undefined ? {} : { order }) };
  const d = defaultTolerance(args);
  const o = { eps: opts.eps ?? d.eps, atol: opts.atol ?? d.tol, rtol: opts.rtol ?? d.tol };
  const modes = opts.modes ?? ["fwd", "rev"];
  const next = rng(opts.seed ?? 0);
  const go = (g: Fn, xs: unknown[], order: number): void => {
    if (modes.includes("fwd")) {
      checkJvp(g, xs, o, next);
      if (order > 1) {
        const gJvp = (primals: unknown[], tangents: unknown[]): unknown => jvp(g, primals, tangents);
        go(gJvp as Fn, [xs, randomLike(xs, next)], order - 1);
      }
    }
    if (modes.includes("rev")) {
      checkVjp(g, xs, o, next);
      if (order > 1) {
        const ct = randomLike(vjp(g, ...xs)[0], next);
        const gVjp = (...ys: unknown[]): unknown => vjp(g, ...ys)[1](ct);
        go(gVjp as Fn, xs, order - 1);
      }
    }
  };
  go(f, args, opts.order ?? 2);
}
