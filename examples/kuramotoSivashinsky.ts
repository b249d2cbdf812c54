// The Kuramoto-Sivashinsky equation u_t + u u_x + u_xx + u_xxxx = 0 on x in [0, 32π), periodic,
// from u0 = cos(x/16)(1 + sin(x/16)): the setup of Kassam & Trefethen, "Fourth-order time-stepping
// for stiff PDEs", SIAM J. Sci. Comput. 26 (2005), their program kursiv.m. In Fourier space
// (np.fft.rfft/irfft) the linear part L = k² - k⁴ is integrated exactly and the nonlinear part
// -(i k / 2) fft(u²) by exponential time differencing, ETDRK4 (Cox & Matthews 2002), whose
// coefficients are evaluated by Kassam & Trefethen's contour integrals: means over M points on a
// circle around each h L, in complex arithmetic, which avoids the cancellation of the formulas'
// 1/(hL)³ near zero. The time steps run in lax.scan. Shows: complex dtypes, np.fft, scan, and
// jit(grad) of a final-state loss with respect to the initial condition through hundreds of steps,
// checked against central finite differences. Writes the chaotic space-time plot as an SVG heat map
// and draws a coarse one in the terminal.
//
//   npx tsx examples/kuramotoSivashinsky.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, lax, jit, grad, random } from "../src/index.js";
import type { Array } from "../src/index.js";
import { svgHeatMap, terminalHeatMap } from "./lib/terminal.js";

export interface KsOptions {
  /** Grid points (even). */
  n?: number;
  /** Time step. */
  h?: number;
  /** Steps of the simulation drawn in the space-time plot. */
  steps?: number;
  /** Every how many steps a row of the plot is kept. */
  plotEvery?: number;
  /** Points on the contour for the ETDRK4 coefficients. */
  contourPoints?: number;
  /** Steps the gradient runs through (0 skips the gradient check). */
  gradSteps?: number;
  /** Random directions of the finite-difference check. */
  directions?: number;
  /**
   * Step of the central differences. The loss at t = 50 is far from quadratic (the flow is
   * chaotic), so the O(step²) error needs a small one: at 200 steps 1e-6 agrees to ~1e-4, 1e-8 to ~3e-8.
   */
  fdStep?: number;
  /** Where the SVG is written (null: not written). */
  svgPath?: string | null;
  seed?: number;
  log?: (line: string) => void;
}

export interface KsResult {
  /** u(x, t) at the kept steps, [rows, n], row 0 = u0. */
  spaceTime: number[][];
  /** The times of the rows. */
  times: number[];
  /** max over kept rows of |mean of u| (the k = 0 mode, which the equation conserves). */
  maxMeanDrift: number;
  /** d loss / d u0 against central differences along random directions: [grad·d, FD] pairs. */
  directional: [number, number][];
  /** Seconds: the simulation (compiled scan), and one jit(grad) call after compilation. */
  simulateSeconds: number;
  gradSeconds: number;
}

/** The grid, x_j = 32π j / n. */
export const grid = (n: number): Array => np.arange(n, undefined, undefined, { dtype: "float64" }).mul((32 * Math.PI) / n);

/** Kassam & Trefethen's initial condition cos(x/16)(1 + sin(x/16)). */
export const initialCondition = (x: Array): Array => np.cos(x.div(16)).mul(np.sin(x.div(16)).add(1));

/** The ETDRK4 scheme for one grid: the exact linear propagators and the contour-integral coefficients. */
export interface Scheme {
  n: number;
  /** exp(h L) and exp(h L / 2) on the rfft bins. */
  e: Array;
  e2: Array;
  q: Array;
  f1: Array;
  f2: Array;
  f3: Array;
  /** -i k / 2: the nonlinear term -(u²)_x / 2 in Fourier space. */
  g: Array;
}

export function scheme(n: number, h: number, contourPoints = 16): Scheme {
  // Wavenumbers of the rfft bins for period 32π; the Nyquist mode's derivative is set to zero, as
  // kursiv.m does, so that u stays real.
  const k = np.arange(n / 2 + 1, undefined, undefined, { dtype: "float64" }).div(16).mul(np.arange(n / 2 + 1).less(n / 2));
  const l = np.square(k).sub(np.square(np.square(k)));
  const hl = l.mul(h);
  // M points on the upper half of the unit circle; the coefficients are real for real h L, so the
  // mean over the upper half's real part equals the mean over the full circle (Kassam & Trefethen §4).
  const angle = np.arange(1, contourPoints + 1, 1, { dtype: "float64" }).sub(0.5).mul(Math.PI / contourPoints);
  const r = lax.complex(np.cos(angle), np.sin(angle));
  const lr = np.expandDims(hl, 1).add(np.expandDims(r, 0)); // [bins, M], complex128
  const elr = np.exp(lr);
  const lr3 = lr.mul(lr).mul(lr);
  const contourMean = (z: Array): Array => np.real(np.mean(z, 1)).mul(h);
  return {
    n,
    e: np.exp(hl),
    e2: np.exp(hl.div(2)),
    q: contourMean(np.exp(lr.div(2)).sub(1).div(lr)),
    f1: contourMean(lr.neg().sub(4).add(elr.mul(lr.mul(lr).sub(lr.mul(3)).add(4))).div(lr3)),
    f2: contourMean(lr.add(2).add(elr.mul(lr.sub(2))).div(lr3)),
    f3: contourMean(lr.mul(-3).sub(4).sub(lr.mul(lr)).add(elr.mul(lr.neg().add(4))).div(lr3)),
    g: lax.complex(np.zerosLike(k), k.mul(-0.5)),
  };
}

/** One ETDRK4 step of the spectrum v (complex, n/2 + 1 bins). */
export function step(s: Scheme, v: Array): Array {
  const nonlinear = (w: Array): Array => s.g.mul(np.fft.rfft(np.square(np.fft.irfft(w, s.n))));
  const nv = nonlinear(v);
  const a = s.e2.mul(v).add(s.q.mul(nv));
  const na = nonlinear(a);
  const b = s.e2.mul(v).add(s.q.mul(na));
  const nb = nonlinear(b);
  const c = s.e2.mul(a).add(s.q.mul(nb.mul(2).sub(nv)));
  const nc = nonlinear(c);
  return s.e.mul(v).add(nv.mul(s.f1)).add(na.add(nb).mul(2).mul(s.f2)).add(nc.mul(s.f3));
}

/** u after `steps` steps from u0 (real, [n]). */
export function evolve(s: Scheme, u0: Array, steps: number): Array {
  const [v] = lax.scan((w: Array) => [step(s, w), null] as const, np.fft.rfft(u0), null, { length: steps });
  return np.fft.irfft(v, s.n);
}

/** u at every `every`-th step of `steps` (rows 1..steps/every; row 0 of the plot is u0). */
function trajectory(s: Scheme, u0: Array, steps: number, every: number): Array {
  const [, us] = lax.scan(
    (w: Array) => {
      const [next] = lax.scan((z: Array) => [step(s, z), null] as const, w, null, { length: every });
      return [next, np.fft.irfft(next, s.n)] as const;
    },
    np.fft.rfft(u0),
    null,
    { length: Math.floor(steps / every) },
  );
  return us;
}

/** The final-state loss: mean of u(T)². */
export const finalLoss = (s: Scheme, steps: number) => (u0: Array): Array => np.mean(np.square(evolve(s, u0, steps)));

export function run(options: KsOptions = {}): KsResult {
  const n = options.n ?? 128;
  const h = options.h ?? 0.25;
  const steps = options.steps ?? 600;
  const every = options.plotEvery ?? 4;
  const gradSteps = options.gradSteps ?? 200;
  const log = options.log ?? ((): void => {});
  const s = scheme(n, h, options.contourPoints ?? 16);
  const x = grid(n);
  const u0 = initialCondition(x);
  log(`Kuramoto-Sivashinsky on [0, 32π), ${n} points, ETDRK4 with h = ${h}, ${steps} steps (t = ${steps * h}), float64`);

  const simulate = jit((u: Array) => trajectory(s, u, steps, every));
  let t0 = performance.now();
  const us = simulate(u0);
  const rows = [u0.tolist() as number[], ...(us.tolist() as number[][])];
  const simulateSeconds = (performance.now() - t0) / 1000;
  const times = rows.map((_, i) => i * every * h);
  const maxMeanDrift = Math.max(...rows.map((row) => Math.abs(row.reduce((p, q) => p + q, 0) / n)));
  log(`simulated in ${simulateSeconds.toFixed(2)} s (compile + run); max |mean u| = ${maxMeanDrift.toExponential(1)} (conserved: 0)`);
  log(terminalHeatMap(rows, { width: 64, height: 24 }).split("\n").map((l) => `  ${l}`).join("\n"));
  log("  (rows: t from 0 down to " + String(times.at(-1)) + "; columns: x from 0 to 32π)");
  if (options.svgPath !== null) {
    const file = options.svgPath ?? path.join(os.tmpdir(), "dprog-kuramoto-sivashinsky.svg");
    fs.writeFileSync(file, svgHeatMap(rows, { title: "Kuramoto-Sivashinsky u(x, t), ETDRK4 (Kassam & Trefethen 2005)", xLabel: "x", yLabel: "t", xMax: 32 * Math.PI, yMax: times.at(-1)! }));
    log(`space-time plot written to ${file}`);
  }

  const directional: [number, number][] = [];
  let gradSeconds = 0;
  if (gradSteps > 0) {
    const loss = finalLoss(s, gradSteps);
    const dLoss = jit((u: Array) => grad(loss)(u));
    dLoss(u0);
    t0 = performance.now();
    const g = dLoss(u0);
    gradSeconds = (performance.now() - t0) / 1000;
    const lossJit = jit(loss);
    const keys = random.split(random.key(options.seed ?? 0), options.directions ?? 2);
    for (let i = 0; i < keys.shape[0]!; i++) {
      const d = random.normal(keys.get(i), [n], "float64");
      const eps = options.fdStep ?? 1e-8;
      const fd = ((lossJit(u0.add(d.mul(eps))).item()) - (lossJit(u0.sub(d.mul(eps))).item())) / (2 * eps);
      directional.push([np.dot(g, d).item(), fd]);
    }
    log(`d mean(u(T)²)/du0 through ${gradSteps} steps (t = ${gradSteps * h}) by jit(grad): ${gradSeconds.toFixed(3)} s per call; |grad| = ${(np.linalg.norm(g).item()).toExponential(3)}`);
    for (const [a, b] of directional) log(`  along a random direction: grad ${a.toExponential(9)}, central difference ${b.toExponential(9)} (rel. diff ${(Math.abs(a - b) / Math.abs(b)).toExponential(1)})`);
  }
  return { spaceTime: rows, times, maxMeanDrift, directional, simulateSeconds, gradSeconds };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const t0 = performance.now();
  run({ log: console.log });
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
