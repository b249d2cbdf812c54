// Gaussian-process regression with hyperparameters fitted by gradient descent on the negative
// log marginal likelihood (Rasmussen & Williams, Gaussian Processes for Machine Learning,
// algorithm 2.1 and eq. 5.8). The kernel is a squared exponential with a signal variance, a
// length scale and a noise variance, all optimized on a log scale. The likelihood goes through
// a Cholesky factor (scipy.linalg.cholesky) and triangular solves (scipy.linalg.solveTriangular):
//   K = k(X, X) + noise I = L L^T,  alpha = L^T \ (L \ y),
//   -log p(y | X) = y^T alpha / 2 + sum(log diag L) + n log(2 pi) / 2,
// and jit(valueAndGrad) differentiates through both (the Cholesky and triangular-solve rules).
// The data are noisy samples of a known function, so the fitted noise level and the predictive
// error can be checked against the truth; the posterior mean and its 2-sigma band are plotted.
//
//   npx tsx examples/gpRegression.ts
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, scipy, jit, valueAndGrad, random, optim } from "../src/index.js";
import type { Array } from "../src/index.js";

export interface GpOptions {
  /** Number of training points. */
  points?: number;
  /** Standard deviation of the observation noise. */
  noise?: number;
  iterations?: number;
  learningRate?: number;
  /** Points of the prediction grid. */
  gridSize?: number;
  log?: (line: string) => void;
  onStep?: (step: number, steps: number, loss: number) => void;
}

/** Log-scale hyperparameters: signal variance, length scale, noise variance. */
export interface GpParams {
  logSignal: Array;
  logLength: Array;
  logNoise: Array;
}

export interface GpResult {
  params: { signal: number; length: number; noiseSd: number };
  losses: number[];
  /** Root-mean-square error of the posterior mean against the noiseless function on the grid. */
  rmse: number;
  /** Fraction of grid points where the true function lies within the 2-sigma band. */
  coverage: number;
  fit: { grid: number[]; mean: number[]; lower: number[]; upper: number[]; x: number[]; y: number[] };
}

/** The function the data are sampled from. */
export const truth = (x: Array): Array => np.sin(x.mul(2)).add(x.mul(0.3));

/** Squared-exponential covariance between the points of a (n) and b (m): (n, m). */
export function kernel(p: GpParams, a: Array, b: Array): Array {
  const d = np.subtract(a.reshape([-1, 1]), b.reshape([1, -1]));
  return np.exp(p.logSignal).mul(np.exp(np.square(d).mul(-0.5).div(np.exp(p.logLength.mul(2)))));
}

/** The negative log marginal likelihood of y at x. */
export function negLogMarginal(p: GpParams, x: Array, y: Array): Array {
  const n = x.shape[0]!;
  const K = kernel(p, x, x).add(np.eye(n, { dtype: x.dtype }).mul(np.exp(p.logNoise)));
  const L = scipy.linalg.cholesky(K, { lower: true });
  const z = scipy.linalg.solveTriangular(L, y, { lower: true });
  return np.sum(np.square(z)).mul(0.5).add(np.sum(np.log(np.diagonal(L)))).add((n / 2) * Math.log(2 * Math.PI));
}

/** Posterior mean and standard deviation of f at the points g. */
export function predict(p: GpParams, x: Array, y: Array, g: Array): { mean: Array; sd: Array } {
  const n = x.shape[0]!;
  const L = scipy.linalg.cholesky(kernel(p, x, x).add(np.eye(n, { dtype: x.dtype }).mul(np.exp(p.logNoise))), { lower: true });
  const alpha = scipy.linalg.choSolve([L, true], y);
  const Ks = kernel(p, x, g);
  const v = scipy.linalg.solveTriangular(L, Ks, { lower: true });
  const variance = np.subtract(np.exp(p.logSignal), np.sum(np.square(v), 0));
  return { mean: np.matmul(Ks.T, alpha), sd: np.sqrt(np.maximum(variance, 0)) };
}

const numbers = (a: Array): number[] => globalThis.Array.from(a.dataSync() as ArrayLike<number>, Number);

export function run(options: GpOptions = {}): GpResult {
  const n = options.points ?? 40;
  const noise = options.noise ?? 0.1;
  const iterations = options.iterations ?? 200;
  const gridSize = options.gridSize ?? 100;
  const log = options.log ?? ((): void => {});
  const [kx, ky] = random.split(random.key(2));
  const x = random.uniform(kx, [n], { minval: -3, maxval: 3, dtype: "float64" });
  const y = truth(x).add(random.normal(ky, [n], { dtype: "float64" }).mul(noise));
  log(`${n} noisy samples of sin(2x) + 0.3x on [-3, 3], noise sd ${noise}`);

  const f64 = (v: number): Array => np.array(v, { dtype: "float64" });
  let p: GpParams = { logSignal: f64(0), logLength: f64(0), logNoise: f64(Math.log(0.5)) };
  const opt = optim.adam(options.learningRate ?? 0.05);
  let state = opt.init(p);
  const step = jit((params: GpParams, s: optim.OptState) => {
    const [l, grads] = valueAndGrad((q: GpParams) => negLogMarginal(q, x, y))(params);
    const [updates, next] = opt.update(grads, s);
    return [optim.applyUpdates(params, updates), next, l] as const;
  });
  const losses: number[] = [];
  const every = Math.max(1, Math.floor(iterations / 5));
  const describe = (q: GpParams): string =>
    `signal var ${Math.exp(q.logSignal.item()).toFixed(3)}, length ${Math.exp(q.logLength.item()).toFixed(3)}, noise sd ${Math.exp((q.logNoise.item()) / 2).toFixed(4)}`;
  for (let i = 0; i < iterations; i++) {
    const [next, s, l] = step(p, state);
    const value = l.item();
    losses.push(value);
    options.onStep?.(i + 1, iterations, value);
    if (i % every === 0) log(`iter ${String(i).padStart(4)}  -log p(y) ${value.toFixed(4)}  ${describe(p)}`);
    p = next;
    state = s;
  }
  log(`fitted: ${describe(p)}; -log p(y) ${losses.at(-1)!.toFixed(4)} (from ${losses[0]!.toFixed(4)})`);

  const grid = np.linspace(-3, 3, gridSize, { dtype: "float64" });
  const { mean, sd } = predict(p, x, y, grid);
  const err = np.subtract(mean, truth(grid));
  const rmse = Math.sqrt(np.mean(np.square(err)).item());
  const coverage = np.mean(np.lessEqual(np.abs(err), sd.mul(2)).astype("float64")).item();
  log(`posterior mean vs the noiseless function on ${gridSize} points: rmse ${rmse.toFixed(4)}; within 2 sd at ${(coverage * 100).toFixed(0)}% of them`);
  return {
    params: { signal: Math.exp(p.logSignal.item()), length: Math.exp(p.logLength.item()), noiseSd: Math.exp((p.logNoise.item()) / 2) },
    losses,
    rmse,
    coverage,
    fit: { grid: numbers(grid), mean: numbers(mean), lower: numbers(mean.sub(sd.mul(2))), upper: numbers(mean.add(sd.mul(2))), x: numbers(x), y: numbers(y) },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { terminalFitPlot } = await import("./lib/terminal.js");
  const t0 = performance.now();
  const r = run({ log: console.log });
  console.log(terminalFitPlot(r.fit));
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
