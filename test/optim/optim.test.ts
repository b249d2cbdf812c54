// optim: optax-style transformations against steps computed by hand, over pytrees, and jit of an
// update equal to the eager update.
import { describe, it, expect } from "vitest";
import { numpy as np, optim, jit, grad, tree, Array } from "../../src/index.js";

const f64 = (v: number[]): Array => np.array(v, { dtype: "float64" });

function expectClose(got: unknown, want: unknown, tol = 1e-12): void {
  // Pytree leaves in a fixed order (object keys sorted), so nested objects/arrays compare.
  const g = tree.leaves(got) as number[];
  const w = tree.leaves(want) as number[];
  expect(g.length).toBe(w.length);
  for (let i = 0; i < g.length; i++) expect(Math.abs(g[i]! - w[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(w[i]!)));
}

type P = { w: Array; b: Array };
const params = (): P => ({ w: f64([1, 2]), b: f64([-0.5]) });
const g1 = (): P => ({ w: f64([0.5, -1]), b: f64([2]) });
const g2 = (): P => ({ w: f64([1, 1]), b: f64([-1]) });
const lists = (t: unknown): unknown => tree.map((x: Array) => x.tolist(), t);

/** Two update steps; returns the updates of each step and the final params. */
function twoSteps(opt: optim.GradientTransformation): { u1: P; u2: P; p2: P; state: unknown } {
  let p = params();
  let s: unknown = opt.init(p);
  const [u1, s1] = opt.update(g1(), s, p) as [P, unknown];
  p = optim.applyUpdates(p, u1) as P;
  const [u2, s2] = opt.update(g2(), s1, p) as [P, unknown];
  p = optim.applyUpdates(p, u2) as P;
  s = s2;
  return { u1, u2, p2: p, state: s };
}

describe("sgd", () => {
  it("plain: updates are -lr * g and applyUpdates adds them", () => {
    const { u1, u2, p2 } = twoSteps(optim.sgd(0.1));
    expectClose(lists(u1), { b: [-0.2], w: [-0.05, 0.1] });
    expectClose(lists(u2), { b: [0.1], w: [-0.1, -0.1] });
    expectClose(lists(p2), { b: [-0.6], w: [0.85, 2.0] });
  });

  it("momentum 0.9: trace = g + 0.9 trace", () => {
    const { u2, state } = twoSteps(optim.sgd(0.1, { momentum: 0.9 }));
    // trace after step 2: g2 + 0.9 g1 = w [1.45, 0.1], b [0.8].
    expectClose(lists(u2), { b: [-0.08], w: [-0.145, -0.01] });
    expectClose(lists((state as [{ trace: P }, null])[0].trace), { b: [0.8], w: [1.45, 0.1] });
  });

  it("Nesterov: updates are g + 0.9 * new trace", () => {
    const { u1, u2 } = twoSteps(optim.sgd(0.1, { momentum: 0.9, nesterov: true }));
    expectClose(lists(u1), { b: [-0.38], w: [-0.095, 0.19] });
    // g2 + 0.9 * [1.45, 0.1] = [2.305, 1.09]; b: -1 + 0.9 * 0.8 = -0.28.
    expectClose(lists(u2), { b: [0.028], w: [-0.2305, -0.109] });
  });

  it("a schedule is called with the int32 step count", () => {
    const seen: number[] = [];
    const schedule = (count: Array): Array => {
      expect(count.dtype).toBe("int32");
      seen.push(count.item() as number);
      return np.multiply(0.1, np.power(0.5, count));
    };
    const { u1, u2, state } = twoSteps(optim.sgd(schedule));
    expect(seen).toEqual([0, 1]);
    // The schedule's value is float32 (0.1 * 0.5^count with weak scalars), hence the tolerance.
    expectClose(lists(u1), { b: [-0.2], w: [-0.05, 0.1] }, 1e-7);
    expectClose(lists(u2), { b: [0.05], w: [-0.05, -0.05] }, 1e-7);
    expect(((state as [{ count: Array }])[0].count).tolist()).toBe(2);
  });
});

describe("adam", () => {
  it("step 1 is -lr * g / (|g| + eps); step 2 uses bias-corrected moments", () => {
    const { u1, u2, state } = twoSteps(optim.adam(0.1));
    expectClose(lists(u1), { b: [(-0.1 * 2) / (2 + 1e-8)], w: [(-0.1 * 0.5) / (0.5 + 1e-8), (0.1 * 1) / (1 + 1e-8)] });
    // By hand: mu = 0.9 mu1 + 0.1 g2, nu = 0.999 nu1 + 0.001 g2^2, corrections 1 - 0.9^2 and 1 - 0.999^2.
    const step2 = (a: number, b: number): number => {
      const mu = 0.9 * (0.1 * a) + 0.1 * b;
      const nu = 0.999 * (0.001 * a * a) + 0.001 * b * b;
      return (-0.1 * (mu / 0.19)) / (Math.sqrt(nu / 0.001999) + 1e-8);
    };
    expectClose(lists(u2), { b: [step2(2, -1)], w: [step2(0.5, 1), step2(-1, 1)] });
    // w[0]: mu = 0.145, nu = 0.00124975 -> -0.1 * (0.145 / 0.19) / sqrt(0.00124975 / 0.001999) = -0.0965182...
    expectClose(((u2 as P).w.tolist() as number[])[0], -0.0965182013614906, 1e-9);
    const s = (state as [{ count: Array; mu: P; nu: P }, null])[0];
    expect(s.count.dtype).toBe("int32");
    expect(s.count.item()).toBe(2);
    expectClose(lists(s.mu), { b: [0.9 * 0.2 - 0.1], w: [0.145, -0.09 + 0.1] });
  });

  it("epsRoot goes inside the square root", () => {
    const opt = optim.adam(1, { eps: 0, epsRoot: 1 });
    const [u] = opt.update({ x: f64([3]) }, opt.init({ x: f64([0]) })) as [{ x: Array }, unknown];
    expectClose(u.x.tolist(), [-3 / Math.sqrt(9 + 1)]);
  });

  it("adamw adds weightDecay * params before the learning rate", () => {
    const opt = optim.adamw(0.1, { weightDecay: 0.01 });
    const p = params();
    const [u] = opt.update(g1(), opt.init(p), p) as [P, unknown];
    expectClose(lists(u), {
      b: [-0.1 * (2 / (2 + 1e-8) + 0.01 * -0.5)],
      w: [-0.1 * (0.5 / (0.5 + 1e-8) + 0.01 * 1), -0.1 * (-1 / (1 + 1e-8) + 0.01 * 2)],
    });
    expect(() => opt.update(g1(), opt.init(p))).toThrow(/requires the current value of parameters/);
  });
});

describe("clipByGlobalNorm and chain", () => {
  it("rescales to maxNorm when the global norm exceeds it, else leaves updates alone", () => {
    const g = { a: f64([3]), b: f64([0, 4]) }; // global norm 5
    expectClose(optim.globalNorm(g).item(), 5);
    const [clipped] = optim.clipByGlobalNorm(1).update(g, null);
    expectClose(lists(clipped), { a: [0.6], b: [0, 0.8] });
    const [kept] = optim.clipByGlobalNorm(10).update(g, null);
    expectClose(lists(kept), { a: [3], b: [0, 4] });
  });

  it("chain runs transformations in order with one state each", () => {
    const opt = optim.chain(optim.clipByGlobalNorm(1), optim.sgd(0.5));
    const p = { a: f64([0]), b: f64([0, 0]) };
    const s = opt.init(p) as unknown[];
    expect(s.length).toBe(2);
    const [u] = opt.update({ a: f64([3]), b: f64([0, 4]) }, s, p);
    expectClose(lists(u), { a: [-0.3], b: [0, -0.4] });
  });
});

describe("jit and training", () => {
  it("a jitted update equals the eager update (adam, sgd+momentum, adamw+clip)", () => {
    const opts = [optim.adam(0.01), optim.sgd(0.1, { momentum: 0.9, nesterov: true }), optim.chain(optim.clipByGlobalNorm(0.5), optim.adamw(0.01))];
    for (const opt of opts) {
      const p = params();
      let sE = opt.init(p);
      let sJ: unknown = sE;
      const step = jit((g: P, s: unknown, pp: P) => opt.update(g, s, pp));
      for (const g of [g1(), g2(), g1()]) {
        const [uE, nE] = opt.update(g, sE, p);
        const [uJ, nJ] = step(g, sJ, p) as [P, unknown];
        expectClose(lists(uJ), lists(uE), 1e-14);
        expectClose(lists(nJ), lists(nE), 1e-14);
        sE = nE;
        sJ = nJ;
      }
    }
  });

  it("adam minimizes a quadratic inside a jitted training step", () => {
    const target = f64([3, -2]);
    const loss = (p: { x: Array }): Array => np.sum(np.square(np.subtract(p.x, target)));
    const opt = optim.adam(0.1);
    const train = jit((p: { x: Array }, s: unknown) => {
      const g = grad(loss)(p);
      const [u, s2] = opt.update(g, s, p);
      return [optim.applyUpdates(p, u), s2];
    });
    let p: { x: Array } = { x: f64([0, 0]) };
    let s: unknown = opt.init(p);
    for (let i = 0; i < 300; i++) [p, s] = train(p, s) as [{ x: Array }, unknown];
    expectClose(p.x.tolist(), [3, -2], 1e-2);
    expect(loss(p).item()).toBeLessThan(1e-3);
  });

  it("float32 params stay float32", () => {
    const p = { x: np.array([1, 2]) };
    const opt = optim.adam(0.1);
    const [u] = opt.update({ x: np.array([0.1, 0.2]) }, opt.init(p), p) as [{ x: Array }, unknown];
    expect(u.x.dtype).toBe("float32");
    expect((optim.applyUpdates(p, u) as { x: Array }).x.dtype).toBe("float32");
  });
});
