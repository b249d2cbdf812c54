// Bayesian logistic regression sampled by Hamiltonian Monte Carlo. The log posterior is written
// with scipy.stats (a norm.logpdf prior on each coefficient, a bernoulli.logpmf likelihood of
// expit(X w)); the sampler is plain dprog: leapfrog steps of grad(logDensity) inside lax.scan, a
// Metropolis accept on the change in the Hamiltonian, one lax.scan over transitions per chain and
// vmap over chains, the whole of it one jit-compiled program (Neal, "MCMC using Hamiltonian
// dynamics", 2011, section 5.2). Everything is float64.
//
// Two checks against known posteriors: first a conjugate model (Gaussian observations of a
// Gaussian-prior mean, whose posterior mean and standard deviation have a closed form), then the
// logistic model against its posterior mean by numerical quadrature (posteriorMeanByQuadrature,
// plain JS, on a grid placed by the Laplace approximation: scipy.optimize.minimize and hessian). Prints both, writes the trace and posterior histogram of the slope as SVG and draws
// the histogram in the terminal.
//
//   npx tsx examples/bayesianLogistic.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, lax, jit, grad, hessian, vmap, random, scipy } from "../src/index.js";
import type { Array } from "../src/index.js";
import { histogram, svgXYPlot, terminalBars } from "./lib/terminal.js";

const { norm, bernoulli } = scipy.stats;
const { expit } = scipy.special;

export interface HmcOptions {
  /**
   * Leapfrog step size and steps per transition. Each transition draws its step size uniformly
   * within +-20% of stepSize, so that no fixed trajectory length can make the chain periodic
   * (Neal 2011, section 5.4.2.2).
   */
  stepSize: number;
  leapfrogSteps: number;
  /** Transitions kept per chain, after `warmup` discarded ones. */
  samples: number;
  warmup: number;
  chains: number;
  seed?: number;
}

export interface HmcResult {
  /** Samples [chains, samples, dimension]. */
  samples: Array;
  /** Fraction of proposals accepted (kept transitions, all chains). */
  acceptance: number;
}

/**
 * Runs `chains` independent HMC chains on `logDensity` (a function of one float64 vector) from
 * `init` [chains, dimension]. One jit-compiled vmap over chains of a lax.scan over transitions.
 */
export function hmc(logDensity: (q: Array) => Array, init: Array, options: HmcOptions): HmcResult {
  const { stepSize, leapfrogSteps, samples, warmup, chains } = options;
  const gradLogDensity = grad(logDensity);
  const kinetic = (p: Array): Array => np.dot(p, p).mul(0.5);
  // Leapfrog: a half momentum step, then full position and momentum steps, ending with a half step.
  const leapfrog = (q: Array, p: Array, eps: Array): [Array, Array] => {
    const pHalf = p.add(gradLogDensity(q).mul(eps).mul(0.5));
    const [[qN, pN]] = lax.scan(([qi, pi]: [Array, Array], _: null) => {
      const qNext = qi.add(pi.mul(eps));
      return [[qNext, pi.add(gradLogDensity(qNext).mul(eps))], null] as const;
    }, [q, pHalf] as [Array, Array], null, { length: leapfrogSteps - 1 });
    const qLast = qN.add(pN.mul(eps));
    return [qLast, pN.add(gradLogDensity(qLast).mul(eps).mul(0.5))];
  };
  const transition = (q: Array, key: Array): [Array, Array] => {
    const [kMomentum, kAccept, kStep] = random.split(key, 3);
    const p = random.normal(kMomentum, q.shape, "float64");
    const [qNew, pNew] = leapfrog(q, p, random.uniform(kStep, [], "float64", 0.8 * stepSize, 1.2 * stepSize));
    // Accept with probability min(1, exp(H(q, p) - H(q', p'))), H = -log density + kinetic energy.
    const logRatio = logDensity(qNew).sub(kinetic(pNew)).sub(logDensity(q).sub(kinetic(p)));
    const accept = np.less(np.log(random.uniform(kAccept, [], "float64")), np.nanToNum(logRatio, { nan: -Infinity }));
    return [np.where(accept, qNew, q), accept];
  };
  const chain = (q0: Array, key: Array): [Array, Array] => {
    const keys = random.split(key, warmup + samples);
    const [, [qs, accepted]] = lax.scan((q: Array, k: Array) => {
      const [next, accept] = transition(q, k);
      return [next, [next, accept]] as const;
    }, q0, keys);
    return [lax.sliceInDim(qs, warmup, warmup + samples, 1, 0), lax.sliceInDim(accepted, warmup, warmup + samples, 1, 0)];
  };
  const keys = random.split(random.key(options.seed ?? 0), chains);
  const [qs, accepted] = jit(vmap(chain))(init, keys);
  return { samples: qs, acceptance: np.mean(accepted.astype("float64")).item() };
}

/** Mean and standard deviation over chains and samples of each coordinate of [chains, samples, d]. */
function summarize(samples: Array): { mean: number[]; sd: number[] } {
  const flat = samples.reshape([-1, samples.shape[2]!]);
  return { mean: np.mean(flat, 0).tolist() as number[], sd: np.std(flat, 0, { ddof: 1 }).tolist() as number[] };
}

/** The conjugate check: y_i ~ N(mu, sigma^2) with known sigma and prior mu ~ N(m0, s0^2). */
export interface ConjugateResult {
  mean: number;
  sd: number;
  exactMean: number;
  exactSd: number;
  acceptance: number;
}

export function conjugateGaussian(options: { observations?: number; samples?: number; warmup?: number; chains?: number } = {}): ConjugateResult {
  const n = options.observations ?? 20;
  const [sigma, m0, s0, trueMu] = [2, 0, 3, 1.5];
  const y = random.normal(random.key(7), [n], "float64").mul(sigma).add(trueMu);
  const logDensity = (q: Array): Array => norm.logpdf(q.get(0), m0, s0).add(np.sum(norm.logpdf(y, q.get(0), sigma)));
  // Posterior precision is the sum of the prior's and the data's; the mean is precision-weighted.
  const precision = 1 / s0 ** 2 + n / sigma ** 2;
  const exactMean = (m0 / s0 ** 2 + (np.sum(y).item()) / sigma ** 2) / precision;
  const exactSd = 1 / Math.sqrt(precision);
  const chains = options.chains ?? 4;
  const r = hmc(logDensity, np.zeros([chains, 1], { dtype: "float64" }), {
    stepSize: 0.5 * exactSd, leapfrogSteps: 3, samples: options.samples ?? 1000, warmup: options.warmup ?? 100, chains, seed: 1,
  });
  const { mean, sd } = summarize(r.samples);
  return { mean: mean[0]!, sd: sd[0]!, exactMean, exactSd, acceptance: r.acceptance };
}

/** A synthetic logistic-regression data set: x_i = [1, u_i, v_i] (an intercept column), y_i ~ Bernoulli(expit(x_i . w)). */
export function logisticData(n: number, trueWeights: readonly number[] = [-0.5, 1.5, -1]): { x: Array; y: Array } {
  const [kx, ky] = random.split(random.key(3));
  const features = random.normal(kx, [n, trueWeights.length - 1], "float64");
  const x = np.concatenate([np.ones([n, 1], { dtype: "float64" }), features], 1);
  const y = random.bernoulli(ky, expit(x.matmul(np.array([...trueWeights], { dtype: "float64" })))).astype("float64");
  return { x, y };
}

export const PRIOR_SCALE = 2;

/** The log posterior (up to a constant) of weights w: N(0, PRIOR_SCALE^2) priors, Bernoulli likelihood. */
export function logisticLogDensity(x: Array, y: Array): (w: Array) => Array {
  return (w) => np.sum(norm.logpdf(w, 0, PRIOR_SCALE)).add(np.sum(bernoulli.logpmf(y, expit(x.matmul(w)))));
}

/**
 * The posterior mean of the logistic model by the midpoint rule on a `points`^d grid over
 * `center` +- `halfWidth` (wide enough that the posterior is negligible at its edges), in plain JS:
 * an independent reference for the sampler.
 */
export function posteriorMeanByQuadrature(x: readonly (readonly number[])[], y: readonly number[], center: readonly number[], halfWidth: readonly number[], points: number): number[] {
  const d = center.length;
  const size = points ** d;
  const grid = new Float64Array(size * d);
  const logs = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    let rest = k;
    let logp = 0;
    for (let j = 0; j < d; j++) {
      const w = center[j]! - halfWidth[j]! + (((rest % points) + 0.5) * 2 * halfWidth[j]!) / points;
      rest = Math.floor(rest / points);
      grid[k * d + j] = w;
      logp -= (w * w) / (2 * PRIOR_SCALE ** 2);
    }
    for (let i = 0; i < y.length; i++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += x[i]![j]! * grid[k * d + j]!;
      // y log expit(z) + (1 - y) log(1 - expit(z)) = y z - log(1 + e^z), without overflow.
      logp += y[i]! * z - (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))));
    }
    logs[k] = logp;
  }
  let top = -Infinity;
  for (const l of logs) top = Math.max(top, l);
  const mean = new globalThis.Array<number>(d).fill(0);
  let total = 0;
  for (let k = 0; k < size; k++) {
    const weight = Math.exp(logs[k]! - top);
    total += weight;
    for (let j = 0; j < d; j++) mean[j]! += weight * grid[k * d + j]!;
  }
  return mean.map((m) => m / total);
}

export interface LogisticOptions {
  observations?: number;
  samples?: number;
  warmup?: number;
  chains?: number;
  stepSize?: number;
  leapfrogSteps?: number;
  /** Grid points per axis of the quadrature reference (0 skips it). */
  quadraturePoints?: number;
  /** Where to write the trace and histogram SVGs (none if omitted). */
  svgDir?: string;
  /** Draw the slope's posterior histogram in the terminal. */
  terminalPlot?: boolean;
  log?: (line: string) => void;
}

export interface LogisticResult {
  conjugate: ConjugateResult;
  mean: number[];
  sd: number[];
  /** The Laplace approximation: the posterior mode (BFGS) and sd from the inverse Hessian there. */
  laplaceMode: number[];
  laplaceSd: number[];
  /** The quadrature posterior mean (empty when skipped). */
  reference: number[];
  acceptance: number;
  /** Slope samples of every chain, for the plots: [chains][samples]. */
  slopeTraces: number[][];
  svgPaths: string[];
}

export function run(options: LogisticOptions = {}): LogisticResult {
  const log = options.log ?? ((): void => {});
  const samples = options.samples ?? 2000;
  const warmup = options.warmup ?? 200;
  const chains = options.chains ?? 4;
  const fmt = (v: readonly number[]): string => `[${v.map((x) => x.toFixed(4)).join(", ")}]`;

  let t0 = performance.now();
  const conjugate = conjugateGaussian({ samples, warmup, chains });
  log(`conjugate Gaussian mean: HMC posterior mean ${conjugate.mean.toFixed(4)} (exact ${conjugate.exactMean.toFixed(4)}), sd ${conjugate.sd.toFixed(4)} (exact ${conjugate.exactSd.toFixed(4)}), acceptance ${(100 * conjugate.acceptance).toFixed(0)}% (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  const n = options.observations ?? 100;
  const { x, y } = logisticData(n);
  const d = x.shape[1]!;
  t0 = performance.now();
  const r = hmc(logisticLogDensity(x, y), np.zeros([chains, d], { dtype: "float64" }), {
    stepSize: options.stepSize ?? 0.12, leapfrogSteps: options.leapfrogSteps ?? 8, samples, warmup, chains, seed: 2,
  });
  const { mean, sd } = summarize(r.samples);
  log(`logistic regression, ${n} points, w = [intercept, slope u, slope v]: ${chains} chains x ${samples} samples (${warmup} warmup) in ${((performance.now() - t0) / 1000).toFixed(1)} s, acceptance ${(100 * r.acceptance).toFixed(0)}%`);
  log(`  posterior mean ${fmt(mean)}  sd ${fmt(sd)}`);
  // The Laplace approximation, independent of the sampler, places the quadrature grid: the mode
  // by BFGS and standard deviations from the inverse Hessian of -log density there.
  const negLogDensity = (w: Array): Array => logisticLogDensity(x, y)(w).neg();
  const mode = scipy.optimize.minimize(negLogDensity, np.zeros([d], { dtype: "float64" }), { method: "BFGS" }).x;
  const laplaceSd = np.sqrt(np.diag(np.linalg.inv(hessian(negLogDensity)(mode)))).tolist() as number[];
  const laplaceMode = mode.tolist() as number[];
  log(`  Laplace: mode ${fmt(laplaceMode)}  sd ${fmt(laplaceSd)}`);
  const points = options.quadraturePoints ?? 40;
  t0 = performance.now();
  const reference = points > 0 ? posteriorMeanByQuadrature(x.tolist() as number[][], y.tolist() as number[], laplaceMode, laplaceSd.map((s) => 8 * s), points) : [];
  if (points > 0) log(`  quadrature     ${fmt(reference)}  (midpoint rule, ${points}^${d} points over the mode +-8 Laplace sd, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  const slopeTraces = r.samples.get(":", ":", 1).tolist() as number[][];
  const svgPaths: string[] = [];
  const allSlopes = slopeTraces.flat();
  const hist = histogram(allSlopes, 40);
  if (options.svgDir !== undefined) {
    const trace = path.join(options.svgDir, "dprog-hmc-trace.svg");
    // The first 300 samples: enough to see the chains mix, few enough to see each chain.
    const shown = Math.min(300, samples);
    fs.writeFileSync(trace, svgXYPlot(slopeTraces.map((s, c) => ({ label: `chain ${c}`, points: s.slice(0, shown).map((v, i) => [i, v] as const) })), { title: `HMC trace of the slope w_u (first ${shown} samples)`, xLabel: "sample", yLabel: "w_u" }));
    const density = path.join(options.svgDir, "dprog-hmc-posterior.svg");
    const binWidth = hist.edges[1]! - hist.edges[0]!;
    const steps = hist.counts.flatMap((c, i) => [[hist.edges[i]!, c / (allSlopes.length * binWidth)], [hist.edges[i + 1]!, c / (allSlopes.length * binWidth)]] as const);
    const curves = [{ label: "HMC histogram", points: steps }];
    if (reference.length > 0) curves.push({ label: "quadrature mean", points: [[reference[1]!, 0], [reference[1]!, Math.max(...steps.map((p) => p[1]))]] });
    fs.writeFileSync(density, svgXYPlot(curves, { title: "posterior of the slope w_u", xLabel: "w_u", yLabel: "density" }));
    svgPaths.push(trace, density);
    log(`  trace and posterior histogram written to ${trace} and ${density}`);
  }
  if (options.terminalPlot === true) {
    log(`  posterior of the slope w_u, ${hist.edges[0]!.toFixed(2)} to ${hist.edges.at(-1)!.toFixed(2)}:`);
    log(terminalBars(hist.counts, 5));
  }
  return { conjugate, mean, sd, laplaceMode, laplaceSd, reference, acceptance: r.acceptance, slopeTraces, svgPaths };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const t0 = performance.now();
  run({ log: console.log, svgDir: os.tmpdir(), terminalPlot: true });
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
