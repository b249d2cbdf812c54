// A neural ODE (Chen et al., "Neural Ordinary Differential Equations", 2018; the ODE-Net demo of
// torchdiffeq's examples/ode_demo.py): the spiral dy/dt = y^3 A, A = [[-0.1, 2], [-2, -0.1]],
// y(0) = [2, 0], is observed at evenly spaced times, and a small MLP vector field
// f(y) = tanh(y^3 W1 + b1) W2 + b2 is fitted so that its own trajectories reproduce the data.
// Predictions come from experimental.ode.odeint (adaptive Dormand-Prince in lax.whileLoop), and
// grad reaches the MLP's weights through odeint's adjoint method (a second ODE solved backwards
// in time). Each step draws a batch of short segments of the observed trajectory, integrates the
// model from each segment's first point (vmap over the batch) and takes one optim.adam step on the
// mean absolute error: loss, adjoint gradient and update are one jit-compiled program.
// Prints the loss as it goes and the error of the whole fitted trajectory from y(0); plots the
// loss curve and the fitted against the true trajectory (terminal and SVG).
//
//   npx tsx examples/neuralOde.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, jit, valueAndGrad, vmap, random, optim, experimental } from "../src/index.js";
import type { Array, DType } from "../src/index.js";
import { svgLogPlot, svgXYPlot, terminalLogPlot, terminalXYPlot } from "./lib/terminal.js";

const { odeint } = experimental.ode;

export interface NeuralOdeOptions {
  /** Observed points, evenly spaced over [0, horizon]. */
  observations?: number;
  horizon?: number;
  /** Points per training segment, and segments per batch. */
  segmentLength?: number;
  batchSize?: number;
  iterations?: number;
  hidden?: number;
  learningRate?: number;
  /** odeint's tolerances for the model's trajectories (training and evaluation). */
  rtol?: number;
  atol?: number;
  seed?: number;
  /** Where to write the loss curve and trajectory SVGs (none if omitted). */
  svgDir?: string;
  /** Draw the loss curve and the trajectories in the terminal. */
  terminalPlots?: boolean;
  log?: (line: string) => void;
  onStep?: (step: number, steps: number, loss: number) => void;
}

export interface NeuralOdeResult {
  /** Training loss (on the step's batch) before each step. */
  losses: number[];
  /** Mean absolute error over every segment of the data, before and after training. */
  initialSegmentError: number;
  finalSegmentError: number;
  /** Mean absolute error of the whole trajectory integrated from y(0), before and after. */
  initialTrajectoryError: number;
  finalTrajectoryError: number;
  /** Relative error of the learned vector field on the observed points, before and after. */
  initialFieldError: number;
  finalFieldError: number;
  trueTrajectory: number[][];
  fittedTrajectory: number[][];
  svgPaths: string[];
}

interface Layer {
  w: Array;
  b: Array;
}
/** The two layers of the vector field. */
export type Params = [Layer, Layer];

export const TRUE_A = [[-0.1, 2.0], [-2.0, -0.1]];
export const Y0 = [2, 0];

/** The true dynamics dy/dt = y^3 A (rows y, elementwise cube). */
export function trueDynamics(y: Array, _t: Array): Array {
  return np.matmul(np.power(y, 3), np.array(TRUE_A, { dtype: y.dtype }));
}

/** The learned vector field: an MLP on y^3 (the cube as in the ODE-Net demo), tanh hidden layer. */
export function vectorField(params: Params, y: Array): Array {
  const [l1, l2] = params;
  return np.tanh(np.power(y, 3).matmul(l1.w).add(l1.b)).matmul(l2.w).add(l2.b);
}

/** The true spiral at times `t` (float32), integrated tightly in float64. */
export function trueSolution(t: Array): Array {
  return odeint(trueDynamics, np.array(Y0, { dtype: "float64" }), t.astype("float64"), { rtol: 1e-10, atol: 1e-10 }).astype("float32");
}

export function initParams(key: Array, hidden: number, dtype: DType = "float32"): Params {
  const [k1, k2] = random.split(key);
  return [
    { w: random.normal(k1, [2, hidden], dtype).mul(0.1), b: np.zeros([hidden], { dtype }) },
    { w: random.normal(k2, [hidden, 2], dtype).mul(0.1), b: np.zeros([2], { dtype }) },
  ];
}

/** The model's trajectory from `y0` at times `t` (odeint's adjoint gives its gradient). */
export function predict(params: Params, y0: Array, t: Array, tol: { rtol: number; atol: number }): Array {
  return odeint((y: Array, _t: Array, p: Params) => vectorField(p, y), y0, t, params, tol);
}

/** Mean absolute error of the model integrated from each segment's start (vmap over segments), against the segments [batch, length, 2]. */
export function segmentLoss(params: Params, starts: Array, segments: Array, tSegment: Array, tol: { rtol: number; atol: number }): Array {
  const predicted = vmap((y0: Array) => predict(params, y0, tSegment, tol))(starts);
  return np.mean(np.abs(predicted.sub(segments)));
}

export function run(options: NeuralOdeOptions = {}): NeuralOdeResult {
  const n = options.observations ?? 200;
  const horizon = options.horizon ?? 25;
  const length = options.segmentLength ?? 10;
  const batchSize = options.batchSize ?? 20;
  const iterations = options.iterations ?? 600;
  const tol = { rtol: options.rtol ?? 1e-4, atol: options.atol ?? 1e-5 };
  const log = options.log ?? ((): void => {});

  const t = np.linspace(0, horizon, n);
  const observed = trueSolution(t);
  // Every segment is evenly spaced like the data, so all share the first segment's times.
  const tSegment = t.get(`0:${length}`);
  const y0 = np.array(Y0);
  log(`spiral observed at ${n} times on [0, ${horizon}]; batches of ${batchSize} segments of ${length} points (${(horizon * (length - 1) / (n - 1)).toFixed(2)} time units); MLP 2 -> ${options.hidden ?? 50} -> 2 on y^3`);

  // Segment i is observations i .. i + length - 1.
  const segments = (startIndices: Array): [Array, Array] => [np.take(observed, startIndices, 0), np.take(observed, np.expandDims(startIndices, 1).add(np.arange(length)), 0)];
  const allStarts = np.arange(n - length + 1);
  const segmentError = jit((p: Params) => {
    const [starts, targets] = segments(allStarts);
    return segmentLoss(p, starts, targets, tSegment, tol);
  });
  const trajectory = jit((p: Params) => predict(p, y0, t, tol));
  const trajectoryError = (p: Params): number => np.mean(np.abs(trajectory(p).sub(observed))).item();
  // The learned field against the true one where the data lie: mean |f - y^3 A| / mean |y^3 A|.
  const trueField = trueDynamics(observed, t);
  const fieldError = (p: Params): number => (np.sum(np.abs(vectorField(p, observed).sub(trueField))).item()) / (np.sum(np.abs(trueField)).item());

  const opt = optim.adam(optim.exponentialDecay(options.learningRate ?? 0.02, iterations, 0.1));
  const step = jit((p: Params, state: optim.OptState, key: Array) => {
    const [starts, targets] = segments(random.randint(key, [batchSize], 0, n - length + 1));
    const [l, grads] = valueAndGrad(segmentLoss)(p, starts, targets, tSegment, tol);
    const [updates, next] = opt.update(grads, state);
    return [optim.applyUpdates(p, updates), next, l] as const;
  });

  const [kInit, kData] = random.split(random.key(options.seed ?? 0));
  let params = initParams(kInit, options.hidden ?? 50);
  const initialSegmentError = segmentError(params).item();
  const initialTrajectoryError = trajectoryError(params);
  const initialFieldError = fieldError(params);
  let state = opt.init(params);
  const losses: number[] = [];
  const keys = random.split(kData, iterations);
  const every = Math.max(1, Math.floor(iterations / 5));
  for (let i = 0; i < iterations; i++) {
    const [p, s, l] = step(params, state, keys.get(i));
    params = p;
    state = s;
    const value = l.item();
    losses.push(value);
    options.onStep?.(i + 1, iterations, value);
    if (i % every === 0 || i === iterations - 1) log(`iter ${String(i).padStart(5)}  batch loss ${value.toFixed(4)}`);
  }
  const finalSegmentError = segmentError(params).item();
  const finalTrajectoryError = trajectoryError(params);
  const finalFieldError = fieldError(params);
  log(`mean |error| over all segments: ${initialSegmentError.toFixed(4)} -> ${finalSegmentError.toFixed(4)}; whole trajectory from y(0): ${initialTrajectoryError.toFixed(4)} -> ${finalTrajectoryError.toFixed(4)}`);
  log(`learned vector field against y^3 A on the observed points (relative): ${initialFieldError.toFixed(4)} -> ${finalFieldError.toFixed(4)} (the whole trajectory from y(0) accumulates its error along the fast first turns)`);

  // The plots sample both trajectories more finely than the data (the first turns are fast).
  const tPlot = np.linspace(0, horizon, 8 * n);
  const trueTrajectory = trueSolution(tPlot).tolist() as number[][];
  const fittedTrajectory = predict(params, y0, tPlot, tol).tolist() as number[][];
  // The true curve is drawn last, over the fitted one: in the terminal, where the fit is off its marks show.
  const curves = [
    { label: "fitted", points: fittedTrajectory.map(([a, b]) => [a!, b!] as const), mark: "o", color: "#d62728" },
    { label: "true", points: trueTrajectory.map(([a, b]) => [a!, b!] as const), mark: "•", color: "#1f77b4", dashed: true },
  ];
  const svgPaths: string[] = [];
  if (options.svgDir !== undefined) {
    const lossPath = path.join(options.svgDir, "dprog-neural-ode-loss.svg");
    const phasePath = path.join(options.svgDir, "dprog-neural-ode-trajectory.svg");
    fs.writeFileSync(lossPath, svgLogPlot(losses, { title: "neural ODE: batch loss (adam through odeint's adjoint)", xLabel: "step", yLabel: "mean |error|" }));
    fs.writeFileSync(phasePath, svgXYPlot(curves, { title: "spiral dy/dt = y³A: true and fitted from y(0)", xLabel: "y₁", yLabel: "y₂", equalAspect: true }));
    svgPaths.push(lossPath, phasePath);
    log(`loss curve and trajectories written to ${lossPath} and ${phasePath}`);
  }
  if (options.terminalPlots === true) {
    log("batch loss (log scale):");
    log(terminalLogPlot(losses));
    log("trajectory from y(0), true and fitted:");
    log(terminalXYPlot(curves, 56, 20, true));
  }
  return { losses, initialSegmentError, finalSegmentError, initialTrajectoryError, finalTrajectoryError, initialFieldError, finalFieldError, trueTrajectory, fittedTrajectory, svgPaths };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const t0 = performance.now();
  run({ log: console.log, svgDir: os.tmpdir(), terminalPlots: true });
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
