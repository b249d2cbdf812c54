// MLP classifier on three interleaved spirals (the classic CS231n toy set), generated
// deterministically from a threefry key. Shows: random.normal/uniform for data and He-initialized
// weights, a pytree of parameters, softmax cross-entropy with nn.logSoftmax, and one training step
// -- valueAndGrad of the loss plus optim.adam's update -- compiled as a whole with jit. Full-batch
// training; prints the loss as it goes and the train/test accuracy at the end.
//
//   npx tsx examples/mlpClassifier.ts
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, jit, valueAndGrad, random, nn, optim } from "../src/index.js";
import type { Array } from "../src/index.js";

export interface MlpOptions {
  /** Points per class in the training set (the test set has half as many). */
  pointsPerClass?: number;
  /** Width of the two hidden layers. */
  hidden?: number;
  steps?: number;
  learningRate?: number;
  seed?: number;
  log?: (line: string) => void;
  /** Called after every step with the training loss (for progress bars). */
  onStep?: (step: number, steps: number, loss: number) => void;
}

export interface MlpResult {
  trainAccuracy: number;
  testAccuracy: number;
  /** Training loss before each step. */
  losses: number[];
}

interface Layer {
  w: Array;
  b: Array;
}
type Params = Layer[];

const CLASSES = 3;

/**
 * `n` points per class on three spiral arms: radius r ~ U(0, 1), angle 4k + 4r + 0.2 * noise for
 * class k. Returns inputs [3n, 2] and int32 labels [3n].
 */
export function spirals(key: Array, n: number): { x: Array; y: Array } {
  const [kr, kt] = random.split(key);
  const r = random.uniform(kr, [CLASSES, n]);
  const arm = np.expandDims(np.arange(CLASSES), 1);
  const theta = arm.mul(4).add(r.mul(4)).add(random.normal(kt, [CLASSES, n]).mul(0.2));
  const x = np.stack([r.mul(np.sin(theta)), r.mul(np.cos(theta))], -1).reshape([CLASSES * n, 2]);
  const y = np.broadcastTo(arm, [CLASSES, n]).reshape([CLASSES * n]).astype("int32");
  return { x, y };
}

function initParams(key: Array, sizes: readonly number[]): Params {
  const keys = random.split(key, sizes.length - 1);
  return sizes.slice(1).map((fanOut, i) => ({
    // He initialization for relu layers.
    w: random.normal(keys.get(i), [sizes[i]!, fanOut]).mul(Math.sqrt(2 / sizes[i]!)),
    b: np.zeros([fanOut]),
  }));
}

function logits(params: Params, x: Array): Array {
  let h = x;
  params.forEach(({ w, b }, i) => {
    h = h.matmul(w).add(b);
    if (i < params.length - 1) h = nn.relu(h);
  });
  return h;
}

/** Mean softmax cross-entropy against integer labels. */
function loss(params: Params, x: Array, y: Array): Array {
  const logp = nn.logSoftmax(logits(params, x));
  return np.mean(np.sum(logp.mul(nn.oneHot(y, CLASSES)), -1)).neg();
}

function accuracy(params: Params, x: Array, y: Array): number {
  return np.mean(np.equal(np.argmax(logits(params, x), -1), y).astype("float32")).item();
}

export function run(options: MlpOptions = {}): MlpResult {
  const n = options.pointsPerClass ?? 200;
  const hidden = options.hidden ?? 32;
  const steps = options.steps ?? 500;
  const log = options.log ?? ((): void => {});
  const [kData, kTest, kInit] = random.split(random.key(options.seed ?? 0), 3);
  const train = spirals(kData, n);
  const test = spirals(kTest, Math.max(1, Math.floor(n / 2)));
  log(`spirals: ${train.x.shape[0]} training points, ${test.x.shape[0]} test points, MLP 2 -> ${hidden} -> ${hidden} -> ${CLASSES} (relu)`);

  const opt = optim.adam(options.learningRate ?? 0.01);
  // One compiled program per step: loss, gradients, Adam's moments and the parameter update.
  const step = jit((params: Params, state: optim.OptState, x: Array, y: Array) => {
    const [l, grads] = valueAndGrad(loss)(params, x, y);
    const [updates, next] = opt.update(grads, state, params);
    return [optim.applyUpdates(params, updates), next, l] as const;
  });

  let params = initParams(kInit, [2, hidden, hidden, CLASSES]);
  let state = opt.init(params);
  const losses: number[] = [];
  const every = Math.max(1, Math.floor(steps / 5));
  for (let i = 0; i < steps; i++) {
    const [p, s, l] = step(params, state, train.x, train.y);
    params = p;
    state = s;
    const value = l.item();
    losses.push(value);
    options.onStep?.(i + 1, steps, value);
    if (i % every === 0 || i === steps - 1) log(`step ${String(i).padStart(5)}  loss ${value.toFixed(4)}`);
  }
  const trainAccuracy = accuracy(params, train.x, train.y);
  const testAccuracy = accuracy(params, test.x, test.y);
  log(`train accuracy ${(100 * trainAccuracy).toFixed(1)}%, test accuracy ${(100 * testAccuracy).toFixed(1)}%`);
  return { trainAccuracy, testAccuracy, losses };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const t0 = performance.now();
  run({ log: console.log });
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
