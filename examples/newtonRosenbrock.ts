// Newton's method on the Rosenbrock function f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from the
// classic start (-1.2, 1), in float64, two ways:
//   1. dense: the full Hessian from `hessian(f)` (forward-over-reverse), then a linear solve;
//   2. matrix-free: Hessian-vector products `jvp(grad(f), [x], [v])` fed to conjugate gradient,
//      never forming the Hessian (how Newton-CG scales to many parameters).
// Both take full Newton steps and reach the minimum (1, 1) to machine precision in a handful of
// iterations; the iterates are printed.
//
//   npx tsx examples/newtonRosenbrock.ts
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, jit, grad, jvp, hessian } from "../src/index.js";
import type { Array } from "../src/index.js";

export interface NewtonOptions {
  start?: [number, number];
  maxIterations?: number;
  /** Stop when the gradient's norm falls below this. */
  tolerance?: number;
  log?: (line: string) => void;
}

export interface NewtonRun {
  /** Every iterate, the start first. */
  iterates: [number, number][];
  iterations: number;
  /** Hessian-vector products used (matrix-free run only). */
  hvps?: number;
}

export interface NewtonResult {
  dense: NewtonRun;
  matrixFree: NewtonRun;
}

export function rosenbrock(p: Array): Array {
  const x = p.get(0);
  const y = p.get(1);
  return np.square(np.subtract(1, x)).add(np.square(y.sub(np.square(x))).mul(100));
}

const gradient = jit((x: Array): Array => grad(rosenbrock)(x));
const hess = jit((x: Array): Array => hessian(rosenbrock)(x));
const hvp = jit((x: Array, v: Array): Array => jvp(grad(rosenbrock), [x], [v])[1]);

const vec = (a: Array): number[] => a.tolist() as number[];
const norm = (v: readonly number[]): number => Math.hypot(...v);
const f64 = (v: readonly number[]): Array => np.array([...v], { dtype: "float64" });

/** Solves the 2x2 system H p = b by Cramer's rule. */
function solve2(h: number[][], b: readonly number[]): number[] {
  const [[a, c], [d, e]] = h as [[number, number], [number, number]];
  const det = a * e - c * d;
  return [(b[0]! * e - c * b[1]!) / det, (a * b[1]! - d * b[0]!) / det];
}

/** Conjugate gradient for H p = b using only products H v; returns p and the number of products. */
function conjugateGradient(apply: (v: number[]) => number[], b: readonly number[], maxIter: number, tol: number): [number[], number] {
  const dot = (u: readonly number[], v: readonly number[]): number => u.reduce((s, ui, i) => s + ui * v[i]!, 0);
  let p = b.map(() => 0);
  let r = [...b];
  let dir = [...b];
  let rr = dot(r, r);
  let products = 0;
  for (let i = 0; i < maxIter && Math.sqrt(rr) > tol; i++) {
    const hd = apply(dir);
    products++;
    const alpha = rr / dot(dir, hd);
    p = p.map((pi, j) => pi + alpha * dir[j]!);
    r = r.map((ri, j) => ri - alpha * hd[j]!);
    const rrNext = dot(r, r);
    dir = r.map((ri, j) => ri + (rrNext / rr) * dir[j]!);
    rr = rrNext;
  }
  return [p, products];
}

function newton(label: string, direction: (x: Array, g: number[]) => number[], options: NewtonOptions): NewtonRun {
  const log = options.log ?? ((): void => {});
  const maxIterations = options.maxIterations ?? 20;
  const tolerance = options.tolerance ?? 1e-12;
  let x = options.start ?? [-1.2, 1];
  const iterates: [number, number][] = [[x[0], x[1]]];
  log(`${label}`);
  log(`  iter  0  x = (${x.map((v) => v.toFixed(12)).join(", ")})  f = ${(rosenbrock(f64(x)).item()).toExponential(3)}`);
  let it = 0;
  while (it < maxIterations) {
    const g = vec(gradient(f64(x)));
    if (norm(g) < tolerance) break;
    const step = direction(f64(x), g);
    x = [x[0] + step[0]!, x[1] + step[1]!];
    iterates.push([x[0], x[1]]);
    it++;
    log(`  iter ${String(it).padStart(2)}  x = (${x.map((v) => v.toFixed(12)).join(", ")})  f = ${(rosenbrock(f64(x)).item()).toExponential(3)}`);
  }
  return { iterates, iterations: it };
}

export function run(options: NewtonOptions = {}): NewtonResult {
  const dense = newton("Newton with the dense Hessian (hessian = jacfwd(jacrev(f))):", (x, g) => {
    const h = hess(x).tolist() as number[][];
    return solve2(h, g.map((v) => -v));
  }, options);
  let hvps = 0;
  const matrixFree = newton("Newton-CG with Hessian-vector products (jvp of grad), no Hessian formed:", (x, g) => {
    // In exact arithmetic CG solves an n x n system in n products; here n = 2.
    const [p, products] = conjugateGradient((v) => vec(hvp(x, f64(v))), g.map((v) => -v), g.length, 0);
    hvps += products;
    return p;
  }, options);
  (options.log ?? ((): void => {}))(`dense: ${dense.iterations} iterations; matrix-free: ${matrixFree.iterations} iterations using ${hvps} Hessian-vector products`);
  return { dense, matrixFree: { ...matrixFree, hvps } };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const t0 = performance.now();
  run({ log: console.log });
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
