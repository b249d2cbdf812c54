// checkGrads, after JAX's jax.test_util.check_grads: forward mode is compared against central
// finite differences along a random direction; reverse mode through the identity
// <ct, J v> = <J^T ct, v> with J v from finite differences too; order 2 recurses on the jvp and
// vjp functions themselves.
import { numpy as np, jvp, vjp, tree } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { mulberry32 } from "./random.js";

export interface CheckGradsOptions {
  order?: number;
  modes?: ("fwd" | "rev")[];
  eps?: number;
  atol?: number;
  rtol?: number;
  seed?: number;
}

type Fn = (...args: never[]) => unknown;

/** Uniform in [-0.5, 0.5). */
function rng(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() - 0.5;
}

const leaves = (x: unknown): Array[] => tree.leaves(x).map((l) => (typeof l === "number" ? np.array(l) : (l as Array)));

/** A random tangent/cotangent with the structure, shapes and dtypes of `like`. */
function randomLike(like: unknown, next: () => number): unknown {
  return tree.map((l: Array | number) => {
    const a = typeof l === "number" ? np.array(l) : l;
    const vals = globalThis.Array.from({ length: a.size }, () => next());
    return np.array(vals, { dtype: a.dtype }).reshape([...a.shape]);
  }, like);
}

function combine(xs: unknown, vs: unknown, scale: number): unknown {
  return tree.map((x: Array | number, v: Array) => (typeof x === "number" ? np.array(x) : x).add(v.mul(scale)), xs, vs);
}

function vdot(a: unknown, b: unknown): number {
  const la = leaves(a);
  const lb = leaves(b);
  let s = 0;
  la.forEach((x, i) => {
    const xa = x.astype("float64").dataSync();
    const ya = lb[i]!.astype("float64").dataSync();
    for (let k = 0; k < xa.length; k++) s += xa[k]! * ya[k]!;
  });
  return s;
}

function assertClose(actual: unknown, expected: unknown, atol: number, rtol: number, what: string): void {
  const la = leaves(actual);
  const le = leaves(expected);
  if (la.length !== le.length) throw new Error(`${what}: ${la.length} outputs vs ${le.length} expected`);
  la.forEach((a, i) => {
    const x = a.astype("float64").dataSync();
    const y = le[i]!.astype("float64").dataSync();
    for (let k = 0; k < x.length; k++) {
      const err = Math.abs(x[k]! - y[k]!);
      if (!(err <= atol + rtol * Math.abs(y[k]!))) {
        throw new Error(`${what}: output ${i} element ${k}: got ${x[k]}, expected ${y[k]} (|diff| ${err.toExponential(2)}, atol ${atol}, rtol ${rtol})`);
      }
    }
  });
}

function defaultTolerance(args: unknown[]): { eps: number; tol: number } {
  const is64 = leaves(args).every((l) => l.dtype === "float64");
  return is64 ? { eps: 1e-4, tol: 1e-5 } : { eps: 1e-2, tol: 2e-3 };
}

/** J v by central differences. */
function numericalJvp(f: Fn, args: unknown[], v: unknown[], eps: number): unknown {
  const call = (xs: unknown[]): unknown => (f as (...a: unknown[]) => unknown)(...xs);
  const plus = call(combine(args, v, eps) as unknown[]);
  const minus = call(combine(args, v, -eps) as unknown[]);
  return tree.map((p: Array, m: Array) => p.astype("float64").sub(m.astype("float64")).div(2 * eps), plus, minus);
}

export function checkJvp(f: Fn, args: unknown[], o: Required<Pick<CheckGradsOptions, "eps" | "atol" | "rtol">>, next: () => number): void {
  const v = randomLike(args, next) as unknown[];
  const [, t] = jvp(f, args, v);
  assertClose(t, numericalJvp(f, args, v, o.eps), o.atol, o.rtol, "jvp vs finite differences");
}

export function checkVjp(f: Fn, args: unknown[], o: Required<Pick<CheckGradsOptions, "eps" | "atol" | "rtol">>, next: () => number): void {
  const v = randomLike(args, next) as unknown[];
  const [out, pullback] = vjp(f, ...args);
  const ct = randomLike(out, next);
  // Against finite differences, not jvp, so reverse mode is checked independently of the JVP rules.
  const lhs = vdot(ct, numericalJvp(f, args, v, o.eps));
  const rhs = vdot(pullback(ct), v);
  const err = Math.abs(lhs - rhs);
  if (!(err <= o.atol + o.rtol * Math.abs(lhs))) {
    throw new Error(`vjp vs jvp: <ct, J v> = ${lhs} but <J^T ct, v> = ${rhs} (|diff| ${err.toExponential(2)})`);
  }
}

/** Checks derivatives of `f` at `args` up to `order` in the given modes; throws on mismatch. */
export function checkGrads(f: Fn, args: unknown[], opts: CheckGradsOptions = {}): void {
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
