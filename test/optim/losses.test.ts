// optim losses against their definitions computed in float64 JS (optax/losses), the stable forms at
// large logits, where-masks, jit = eager and gradients (checkGrads order 2 in float64).
import { describe, expect, it } from "vitest";
import { numpy as np, optim, jit, Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });
function expectClose(got: unknown, want: unknown, tol = 1e-12): void {
  const g = [got].flat(9) as number[];
  const w = [want].flat(9) as number[];
  expect(g.length).toBe(w.length);
  g.forEach((x, i) => expect(Math.abs(x - w[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(w[i]!))));
}
const logSumExp = (r: number[]): number => {
  const m = Math.max(...r);
  return m + Math.log(r.reduce((s, x) => s + Math.exp(x - m), 0));
};

const logits = [[1, 2, 3, -1], [0.5, -2, 4, 1], [1000, 0, -1000, 999]];
const soft = [[0.1, 0.2, 0.7, 0], [0, 0, 1, 0], [0.5, 0, 0, 0.5]];
const ints = [2, 0, 3];

describe("classification losses", () => {
  it("softmaxCrossEntropy = -sum(labels * log_softmax), finite for logits of 1000", () => {
    const want = logits.map((r, i) => -r.reduce((s, x, j) => s + soft[i]![j]! * (x - logSumExp(r)), 0));
    expectClose(optim.softmaxCrossEntropy(f64(logits), f64(soft)).tolist(), want);
  });

  it("softmaxCrossEntropyWithIntegerLabels = logsumexp - logit[label]; equals the one-hot form", () => {
    const want = logits.map((r, i) => logSumExp(r) - r[ints[i]!]!);
    const labels = np.array(ints, { dtype: "int32" });
    expectClose(optim.softmaxCrossEntropyWithIntegerLabels(f64(logits), labels).tolist(), want);
    const oneHot = ints.map((k) => [0, 1, 2, 3].map((j) => (j === k ? 1 : 0)));
    expectClose(optim.softmaxCrossEntropy(f64(logits), f64(oneHot)).tolist(), want);
    // Class axis 0.
    expectClose(optim.softmaxCrossEntropyWithIntegerLabels(np.transpose(f64(logits)), labels, { axis: 0 }).tolist(), want);
    expect(() => optim.softmaxCrossEntropyWithIntegerLabels(f64(logits), f64(ints))).toThrow(/labels must be integers/);
  });

  it("where excludes classes; a row with none included gives 0", () => {
    const where = np.array([[true, true, false, true], [true, true, true, true], [false, false, false, false]]);
    const keep = where.tolist() as boolean[][];
    const labels = np.array([1, 2, 0], { dtype: "int32" });
    const want = logits.map((r, i) => (keep[i]!.some((k) => k) ? logSumExp(r.filter((_, j) => keep[i]![j])) - r[[1, 2, 0][i]!]! : 0));
    expectClose(optim.softmaxCrossEntropyWithIntegerLabels(f64(logits), labels, { where }).tolist(), want);
    const sce = optim.softmaxCrossEntropy(f64(logits.slice(0, 2)), f64(soft.slice(0, 2).map((r) => r.map((x, j) => (j === 2 ? 0 : x)))), { where: where.get(np.array([0, 1], { dtype: "int32" })) }).tolist() as number[];
    expectClose(sce[0], -(0.1 * (1 - logSumExp([1, 2, -1])) + 0.2 * (2 - logSumExp([1, 2, -1]))));
  });

  it("sigmoidBinaryCrossEntropy = -y log s(x) - (1 - y) log s(-x), stable at |x| = 100", () => {
    const x = [-100, -2, 0, 0.5, 3, 100];
    const y = [0, 1, 0.3, 1, 0, 1];
    const logSig = (v: number): number => -(Math.max(-v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
    expectClose(optim.sigmoidBinaryCrossEntropy(f64(x), f64(y)).tolist(), x.map((v, i) => -y[i]! * logSig(v) - (1 - y[i]!) * logSig(-v)));
  });
});

describe("regression losses", () => {
  const p = [0.5, -2, 3, 0.1];
  const t = [0, 1, 3.5, -0.4];
  it("squaredError, l2Loss, huberLoss (delta 1 and 2), logCosh", () => {
    const e = p.map((v, i) => v - t[i]!);
    expectClose(optim.squaredError(f64(p), f64(t)).tolist(), e.map((v) => v * v));
    expectClose(optim.l2Loss(f64(p), f64(t)).tolist(), e.map((v) => 0.5 * v * v));
    expectClose(optim.l2Loss(f64(e)).tolist(), e.map((v) => 0.5 * v * v));
    const huber = (d: number) => (v: number): number => (Math.abs(v) <= d ? 0.5 * v * v : d * (Math.abs(v) - d) + 0.5 * d * d);
    expectClose(optim.huberLoss(f64(p), f64(t)).tolist(), e.map(huber(1)));
    expectClose(optim.huberLoss(f64(p), f64(t), { delta: 2 }).tolist(), e.map(huber(2)));
    expectClose(optim.logCosh(f64(p), f64(t)).tolist(), e.map((v) => Math.log(Math.cosh(v))));
    expectClose(optim.logCosh(f64([1000])).tolist(), [1000 - Math.LN2]);
    expect(() => optim.l2Loss(f64(p), f64([1, 2]))).toThrow(/equal shapes/);
  });

  it("cosineSimilarity and cosineDistance along the last axis, with epsilon and where", () => {
    const a = [[1, 2, 3], [0, 1, 0]];
    const b = [[2, 0, 1], [0, 3, 0]];
    const cos = (u: number[], v: number[]): number => u.reduce((s, x, i) => s + x * v[i]!, 0) / Math.hypot(...u) / Math.hypot(...v);
    expectClose(optim.cosineSimilarity(f64(a), f64(b)).tolist(), [cos(a[0]!, b[0]!), 1]);
    expectClose(optim.cosineDistance(f64(a), f64(b)).tolist(), [1 - cos(a[0]!, b[0]!), 0]);
    expectClose(optim.cosineSimilarity(f64([[0, 0, 0]]), f64([[1, 0, 0]]), { epsilon: 1e-6 }).tolist(), [0]);
    const where = np.array([[true, false, true], [true, true, true]]);
    expectClose(optim.cosineSimilarity(f64(a), f64(b), { where }).tolist(), [cos([1, 3], [2, 1]), 1]);
  });
});

describe("transforms of the losses", () => {
  it("jit = eager and checkGrads order 2 (float64)", () => {
    const x = f64([[0.3, -1.2, 2], [0.5, 0.1, -0.4]]);
    const y = f64([[0.2, 0.3, 0.5], [1, 0, 0]]);
    const fns: ((a: Array) => Array)[] = [
      (a) => optim.softmaxCrossEntropy(a, y),
      (a) => optim.softmaxCrossEntropyWithIntegerLabels(a, np.array([2, 0], { dtype: "int32" })),
      (a) => optim.sigmoidBinaryCrossEntropy(a, y),
      (a) => optim.huberLoss(a, y, { delta: 0.7 }), // away from the kink |e| = delta
      (a) => optim.logCosh(a, y),
      (a) => optim.cosineSimilarity(a, y),
    ];
    for (const f of fns) {
      expectClose((jit(f)(x) as Array).tolist(), f(x).tolist());
      checkGrads(f, [x], { order: 2 });
    }
  });
});

describe("optax's loss tests (optax/losses/_classification_test.py, _regression_test.py), through jit, float32", () => {
  const f32 = (v: unknown): Array => np.array(v as number[], { dtype: "float32" });
  const near = (got: unknown, want: number[], atol: number, rtol = 1e-6): void => {
    const g = [got].flat(9) as number[];
    g.forEach((x, i) => expect(Math.abs(x - want[i]!)).toBeLessThanOrEqual(atol + rtol * Math.abs(want[i]!)));
  };
  const ys = [[10, 1, -2], [1, 4, 0.2]];

  it("SoftmaxCrossEntropyTest and the integer-label form", () => {
    near((jit((a: Array, b: Array) => optim.softmaxCrossEntropy(a, b))(f32(ys), f32([[0, 1, 0], [1, 0, 0]])) as Array).tolist(), [9.00013, 3.0696733], 1e-5);
    near((jit((a: Array, b: Array) => optim.softmaxCrossEntropyWithIntegerLabels(a, b))(f32(ys), np.array([1, 0], { dtype: "int32" })) as Array).tolist(), [9.00013, 3.0696733], 1e-5);
  });

  it("SigmoidCrossEntropyTest: the mean over [-1e9, -1e-9] etc. (5e8, 0.3465736, 0.6931472)", () => {
    const cases: [number[], number[], number][] = [
      [[-1e9, -1e-9], [1, 0], 5e8], [[-1e9, -1e-9], [0, 1], 0.3465736], [[1e9, 1e-9], [1, 0], 0.3465736], [[1e9, 1e-9], [0, 1], 5e8],
      [[-1e9, 1e-9], [1, 0], 5e8], [[-1e9, 1e-9], [0, 1], 0.3465736], [[1e9, -1e-9], [1, 0], 0.3465736], [[1e9, -1e-9], [0, 1], 5e8],
      [[0, 0], [1, 0], 0.6931472], [[0, 0], [0, 1], 0.6931472],
    ];
    for (const [preds, labels, want] of cases) near(np.mean(optim.sigmoidBinaryCrossEntropy(f32(preds), f32(labels))).item(), [want], 1e-6);
  });

  it("HuberLossTest, LogCoshTest (tf.keras values), CosineDistanceTest (scipy values)", () => {
    near((jit((a: Array, b: Array) => optim.huberLoss(a, b, { delta: 1 }))(f32([-2, 0.5, 0, 0.5, 2, 4, 132]), f32([0, -0.5, 0, 1, 1, 2, 0.3])) as Array).tolist(), [1.5, 0.5, 0, 0.125, 0.5, 1.5, 131.2], 1e-5);
    near((jit((a: Array, b: Array) => optim.logCosh(a, b))(f32([500, -2, -1, 0.5, 1]), f32([-200, -1.5, 0, -1, 1])) as Array).tolist(), [699.3068, 0.12011445, 0.4337809, 0.85544014, 0], 1e-5);
    near((jit((a: Array) => optim.logCosh(a))(f32([500, -2, -1, 0.5, 1])) as Array).tolist(), [499.30685, 1.3250027, 0.4337809, 0.12011451, 0.43378082], 1e-5);
    near((jit((a: Array, b: Array) => optim.cosineDistance(a, b))(f32(ys), f32([[0, 1.2, 0.2], [1, -0.3, 0]])) as Array).tolist(), [0.9358251989, 1.0464068465], 1e-6);
  });
});
