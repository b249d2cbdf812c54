// jet: Taylor-mode derivatives against nested jvp, the way to get the same numbers
// without jet. For order K, both compute d^k/dt^k f(x + t v) at t = 0: jet once with the series
// [v, 0, ..., 0], nested jvp as K jvps of jvps (only the K-th derivative, its cheapest use).
// Maintainers' target (issue 17, shown with DPROG_BENCH_TARGETS=1): jet faster than nested jvp
// from order 6 on. Two functions:
//   - sin(x) exp(x) on a float64 scalar (the example, closed form 2^(K/2) e^x sin(x + K pi/4))
//   - tanh(W sin(x)), W 32x32 float64, along a random direction (a vector function with a dot)
// Each is timed eagerly (every op dispatched), under jit (compiled once, then called: dprog's CSE
// shrinks nested jvp's program to about jet's size, so the two are close) and as the first call of
// a fresh jitted function (trace + optimize + compile + run). No peer
// has jet: jax-js and TF.js have no Taylor mode, so there is no peer row.
//
//   npx tsx bench/jet.ts            (or `npm run bench jet`, through bench/index.ts)
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, lax, jet, jvp, jit } from "../src/index.js";
import type { Array } from "../src/index.js";
import { maxRelErr, printTable, showTargets, timeMs, type Row } from "./util.js";
import { mulberry32 } from "../test/util/random.js";

const ORDERS = [2, 4, 6, 8, 10];

/** The K-th derivative of f along v by jet. */
const byJet =
  (f: (x: Array) => Array, K: number) =>
  (x: Array, v: Array): Array =>
    jet(f, [x], [[v, ...globalThis.Array.from({ length: K - 1 }, () => np.zerosLike(v))]])[1][K - 1]!;

/** The K-th derivative of f along v by K nested jvps. */
function byNestedJvp(f: (x: Array) => Array, K: number): (x: Array, v: Array) => Array {
  return (x, v) => {
    let g = f;
    for (let k = 0; k < K; k++) {
      const prev = g;
      g = (y: Array): Array => jvp(prev, [y], [v])[1];
    }
    return g(x);
  };
}

const values = (a: Array): Float64Array => Float64Array.from(a.dataSync() as ArrayLike<number>, Number);

function compare(title: string, f: (x: Array) => Array, x: Array, v: Array, closedForm?: (K: number) => number): void {
  const rows: Row[] = [];
  for (const mode of ["eager", "jit", "jit first call"] as const) {
    for (const K of ORDERS) {
      if (mode === "jit first call") {
        // Trace + optimize + compile + run of a fresh jitted function: nested jvp traces a program
        // that grows exponentially with K before the compiler's CSE shrinks it; jet's is O(K^2).
        const first = (make: () => (x: Array, v: Array) => Array): number => timeMs(() => void jit(make())(x, v).dataSync(), K >= 8 ? 3 : 5, 0);
        const tJet = first(() => byJet(f, K));
        const tJvp = first(() => byNestedJvp(f, K));
        rows.push({ name: `${mode} K=${K} nested jvp`, value: tJvp, unit: "ms", ratio: 1 });
        rows.push({ name: `${mode} K=${K} jet`, value: tJet, unit: "ms", ratio: tJet / tJvp, note: `nested jvp takes ${(tJvp / tJet).toFixed(2)}x jet's time` });
        continue;
      }
      const wrap = (g: (x: Array, v: Array) => Array): ((x: Array, v: Array) => Array) => (mode === "jit" ? jit(g) : g);
      const viaJet = wrap(byJet(f, K));
      const viaJvp = wrap(byNestedJvp(f, K));
      const a = values(viaJet(x, v));
      const b = values(viaJvp(x, v));
      const err = maxRelErr(a, b);
      const closed = closedForm === undefined ? "" : `, vs closed form ${maxRelErr(a, [closedForm(K)]).toExponential(1)}`;
      // A compiled call takes microseconds: time batches of calls so the timer's resolution and
      // the noise of a shared machine do not decide the ratio.
      const calls = mode === "jit" ? 200 : 1;
      const time = (g: (x: Array, v: Array) => Array): number =>
        timeMs(() => {
          for (let i = 0; i < calls; i++) g(x, v).dataSync();
        }, mode === "eager" && K >= 8 ? 7 : 15, 2) / calls;
      const tJet = time(viaJet);
      const tJvp = time(viaJvp);
      rows.push({ name: `${mode} K=${K} nested jvp`, value: tJvp, unit: "ms", ratio: 1 });
      // The target (jet faster from K = 6) is judged only for maintainers (DPROG_BENCH_TARGETS=1).
      const verdict = showTargets() && K >= 6 ? ` [target: faster from K=6: ${tJet <= tJvp ? "met" : "MISSED"}]` : "";
      rows.push({ name: `${mode} K=${K} jet`, value: tJet, unit: "ms", ratio: tJet / tJvp, note: `nested jvp takes ${(tJvp / tJet).toFixed(2)}x jet's time; rel. diff ${err.toExponential(1)}${closed}${verdict}` });
    }
  }
  printTable(`${title} (ratio: time / nested jvp's at the same order; no peer has jet)`, rows);
}

export async function main(): Promise<void> {
  const x0 = 0.7;
  compare(
    "jet vs nested jvp: d^K/dx^K sin(x) e^x, float64 scalar",
    (x) => lax.mul(lax.sin(x), lax.exp(x)),
    np.array(x0, { dtype: "float64" }),
    np.array(1, { dtype: "float64" }),
    (K) => 2 ** (K / 2) * Math.exp(x0) * Math.sin(x0 + (K * Math.PI) / 4),
  );
  const rand = mulberry32(17);
  const n = 32;
  const randn = (shape: number[]): Array => np.array(Float64Array.from({ length: shape.reduce((p, q) => p * q, 1) }, () => rand() * 2 - 1), { dtype: "float64" }).reshape(shape);
  const W = lax.mul(randn([n, n]), 1 / Math.sqrt(n));
  compare("jet vs nested jvp: d^K/dt^K tanh(W sin(x + t v)), W 32x32 float64", (x) => lax.tanh(lax.dot(W, lax.sin(x))), randn([n]), randn([n]));
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) await main();
