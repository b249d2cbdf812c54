// DP-SGD (Abadi et al. 2016) for logistic regression: per-example gradients from
// vmap(grad(loss), { inAxes: [null, 0, 0] }) -- one batched program, no loop over examples --
// each clipped to L2 norm <= clipNorm, summed, plus Gaussian noise N(0, (noiseMultiplier *
// clipNorm)^2) from random.normal, divided by the batch size. Minibatch indices and noise come from
// a key folded with the step number, so the whole step (sampling included) is one jit-compiled
// function. The data are a synthetic linearly separable-ish problem drawn from a fixed key; the
// same run without clipping and noise gives the non-private reference accuracy.
// (This shows the mechanics only; it does no privacy accounting.)
//
//   npx tsx examples/dpSgd.ts
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, jit, grad, vmap, random, nn } from "../src/index.js";
import type { Array } from "../src/index.js";

export interface DpSgdOptions {
  trainSize?: number;
  testSize?: number;
  features?: number;
  batchSize?: number;
  steps?: number;
  learningRate?: number;
  clipNorm?: number;
  noiseMultiplier?: number;
  seed?: number;
  log?: (line: string) => void;
  onStep?: (step: number, steps: number) => void;
}

export interface DpSgdResult {
  /** Test accuracy of the DP-SGD model. */
  accuracy: number;
  /** Test accuracy of the same training without clipping or noise. */
  nonPrivateAccuracy: number;
  /** Fraction of per-example gradients that clipping shrank (over the whole run). */
  clippedFraction: number;
}

interface Model {
  w: Array;
  b: Array;
}

/** Binary cross-entropy of one example, log(1 + e^z) - y z, written stably with softplus. */
function exampleLoss(m: Model, x: Array, y: Array): Array {
  const z = x.dot(m.w).add(m.b);
  return nn.softplus(z).sub(y.mul(z));
}

/** x ~ N(0, I); y = 1 when x . wTrue + 0.5 * noise > 0 (the noise makes ~5% of labels "wrong"). */
function makeData(key: Array, n: number, d: number, wTrue: Array): { x: Array; y: Array } {
  const [kx, kn] = random.split(key);
  const x = random.normal(kx, [n, d]);
  const y = x.matmul(wTrue).add(random.normal(kn, [n]).mul(0.5)).greater(0).astype("float32");
  return { x, y };
}

function accuracy(m: Model, data: { x: Array; y: Array }): number {
  const predicted = data.x.matmul(m.w).add(m.b).greater(0).astype("float32");
  return np.mean(np.equal(predicted, data.y).astype("float32")).item();
}

export function run(options: DpSgdOptions = {}): DpSgdResult {
  const n = options.trainSize ?? 2000;
  const d = options.features ?? 20;
  const batch = options.batchSize ?? 100;
  const steps = options.steps ?? 300;
  const lr = options.learningRate ?? 0.5;
  const clipNorm = options.clipNorm ?? 1;
  const sigma = options.noiseMultiplier ?? 1;
  const log = options.log ?? ((): void => {});

  const [kTrue, kTrain, kTest, kSteps] = random.split(random.key(options.seed ?? 0), 4);
  const wTrue = random.normal(kTrue, [d]).mul(1 / Math.sqrt(d)).mul(3);
  const train = makeData(kTrain, n, d, wTrue);
  const test = makeData(kTest, options.testSize ?? 1000, d, wTrue);
  log(`logistic regression, ${d} features, ${n} training examples; batch ${batch}, ${steps} steps, clip norm ${clipNorm}, noise multiplier ${sigma}`);

  const perExampleGrads = vmap(grad(exampleLoss), { inAxes: [null, 0, 0] });

  const makeStep = (isPrivate: boolean) =>
    jit((m: Model, stepIndex: Array) => {
      const key = random.foldIn(kSteps, stepIndex);
      const [kBatch, kNoise] = random.split(key);
      const idx = random.randint(kBatch, [batch], 0, n);
      const g = perExampleGrads(m, train.x.get(idx), train.y.get(idx)); // w: [B, d], b: [B]
      let sumW: Array;
      let sumB: Array;
      let clipped: Array;
      if (isPrivate) {
        const norms = np.sqrt(np.sum(np.square(g.w), 1).add(np.square(g.b)));
        const factor = np.minimum(1, np.divide(clipNorm, np.maximum(norms, 1e-12)));
        clipped = np.sum(norms.greater(clipNorm).astype("float32"));
        const noise = random.normal(kNoise, [d + 1]).mul(sigma * clipNorm);
        sumW = np.sum(g.w.mul(np.expandDims(factor, 1)), 0).add(noise.get("0:-1"));
        sumB = np.sum(g.b.mul(factor)).add(noise.get(-1));
      } else {
        sumW = np.sum(g.w, 0);
        sumB = np.sum(g.b);
        clipped = np.array(0);
      }
      const next: Model = { w: m.w.sub(sumW.mul(lr / batch)), b: m.b.sub(sumB.mul(lr / batch)) };
      return [next, clipped] as const;
    });

  const train1 = (isPrivate: boolean): [Model, number] => {
    const step = makeStep(isPrivate);
    let m: Model = { w: np.zeros([d]), b: np.array(0) };
    let clippedTotal = 0;
    for (let i = 0; i < steps; i++) {
      const [next, clipped] = step(m, np.array(i, { dtype: "int32" }));
      m = next;
      clippedTotal += clipped.item();
      if (isPrivate) options.onStep?.(i + 1, steps);
    }
    return [m, clippedTotal / (steps * batch)];
  };

  const [privateModel, clippedFraction] = train1(true);
  const [plainModel] = train1(false);
  const result = { accuracy: accuracy(privateModel, test), nonPrivateAccuracy: accuracy(plainModel, test), clippedFraction };
  log(`DP-SGD test accuracy ${(100 * result.accuracy).toFixed(1)}% (non-private SGD: ${(100 * result.nonPrivateAccuracy).toFixed(1)}%); ${(100 * clippedFraction).toFixed(0)}% of per-example gradients were clipped`);
  return result;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const t0 = performance.now();
  run({ log: console.log });
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
