// optim transformations: three steps of each against the same algorithm written in float64 JS
// (optax/_src/transform.py, alias.py, factorized.py formulas), over a two-leaf pytree; the wrappers
// (masked, multiTransform, injectHyperparams, MultiSteps) against the transformations they wrap;
// jit(update) = eager; the backtracking line search against its Armijo condition.
import { describe, expect, it } from "vitest";
import { numpy as np, optim, jit, valueAndGrad, Array } from "../../src/index.js";

type V = { w: number[]; b: number[] };
type P = { w: Array; b: Array };
const toP = (v: V): P => ({ w: np.array(v.w, { dtype: "float64" }), b: np.array(v.b, { dtype: "float64" }) });
const toV = (p: P): V => ({ w: p.w.tolist() as number[], b: p.b.tolist() as number[] });
const params0: V = { w: [1, -2, 0.5], b: [0.3] };
const grads: V[] = [
  { w: [0.5, -1, 2], b: [2] },
  { w: [1, 1, -0.25], b: [-1] },
  { w: [-0.3, 0.2, 0.7], b: [0.6] },
];
const mapV = (f: (x: number[], k: "w" | "b") => number[], ...vs: V[]): V => ({ w: f(vs[0]!.w, "w"), b: f(vs[0]!.b, "b") });
function expectClose(got: V, want: V, tol = 1e-12): void {
  for (const k of ["w", "b"] as const) {
    expect(got[k].length).toBe(want[k].length);
    got[k].forEach((x, i) => expect(Math.abs(x - want[k][i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(want[k][i]!))));
  }
}

/** Runs `opt` for the three gradients, returning each step's updates (params updated in between). */
function run(opt: optim.GradientTransformation, useJit = false): V[] {
  let p = toP(params0);
  let s = opt.init(p);
  const update = useJit ? jit((g: P, st: optim.OptState, pp: P) => opt.update(g, st, pp)) : (g: P, st: optim.OptState, pp: P) => opt.update(g, st, pp);
  const out: V[] = [];
  for (const g of grads) {
    const [u, next] = update(toP(g), s, p) as [P, optim.OptState];
    out.push(toV(u));
    p = optim.applyUpdates(p, u);
    s = next;
  }
  return out;
}

/** An elementwise reference: `step(g, state, t, p)` returns [update, state] per leaf. */
function reference<S>(init: (p: number[]) => S, step: (g: number[], s: S, t: number, p: number[]) => [number[], S]): V[] {
  let p = { w: [...params0.w], b: [...params0.b] };
  const st = { w: init(p.w), b: init(p.b) };
  const out: V[] = [];
  grads.forEach((g, i) => {
    const u = { w: [] as number[], b: [] as number[] };
    for (const k of ["w", "b"] as const) [u[k], st[k]] = step(g[k], st[k], i + 1, p[k]);
    out.push(u);
    p = mapV((x, k) => x.map((v, j) => v + u[k][j]!), p);
  });
  return out;
}
const zeros = (p: number[]): number[] => p.map(() => 0);
const norm = (x: number[]): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0));
const lr = 0.1;

describe("optimizers vs float64 references (3 steps)", () => {
  it("rmsprop (decay 0.9, eps 1e-8)", () => {
    const want = reference((p) => zeros(p), (g, nu) => {
      const n = g.map((x, i) => 0.9 * nu[i]! + 0.1 * x * x);
      return [g.map((x, i) => (-lr * x) / Math.sqrt(n[i]! + 1e-8)), n];
    });
    run(optim.rmsprop(lr)).forEach((u, i) => expectClose(u, want[i]!));
  });

  it("rmsprop centered, eps outside the root, momentum 0.5", () => {
    const want = reference((p) => ({ mu: zeros(p), nu: zeros(p), tr: zeros(p) }), (g, s) => {
      const mu = g.map((x, i) => 0.9 * s.mu[i]! + 0.1 * x);
      const nu = g.map((x, i) => 0.9 * s.nu[i]! + 0.1 * x * x);
      const u = g.map((x, i) => (-lr * x) / (Math.sqrt(nu[i]! - mu[i]! ** 2) + 1e-8));
      const tr = u.map((x, i) => x + 0.5 * s.tr[i]!);
      return [tr, { mu, nu, tr }];
    });
    run(optim.rmsprop(lr, { centered: true, epsInSqrt: false, momentum: 0.5 })).forEach((u, i) => expectClose(u, want[i]!));
  });

  it("rmsprop with bias correction and an initial scale", () => {
    const want = reference((p) => p.map(() => 0.2), (g, nu, t) => {
      const n = g.map((x, i) => 0.9 * nu[i]! + 0.1 * x * x);
      return [g.map((x, i) => (-lr * x) / Math.sqrt(n[i]! / (1 - 0.9 ** t) + 1e-8)), n];
    });
    run(optim.rmsprop(lr, { biasCorrection: true, initialScale: 0.2 })).forEach((u, i) => expectClose(u, want[i]!));
  });

  it("adagrad (initial accumulator 0.1, eps 1e-7)", () => {
    const want = reference((p) => p.map(() => 0.1), (g, s) => {
      const acc = g.map((x, i) => s[i]! + x * x);
      return [g.map((x, i) => (acc[i]! > 0 ? (-lr * x) / Math.sqrt(acc[i]! + 1e-7) : 0)), acc];
    });
    run(optim.adagrad(lr)).forEach((u, i) => expectClose(u, want[i]!));
  });

  it("adamax", () => {
    const want = reference((p) => ({ mu: zeros(p), nu: zeros(p) }), (g, s, t) => {
      const mu = g.map((x, i) => 0.9 * s.mu[i]! + 0.1 * x);
      const nu = g.map((x, i) => Math.max(Math.abs(x) + 1e-8, 0.999 * s.nu[i]!));
      return [mu.map((m, i) => (-lr * m) / (1 - 0.9 ** t) / nu[i]!), { mu, nu }];
    });
    run(optim.adamax(lr)).forEach((u, i) => expectClose(u, want[i]!));
  });

  it("nadam: b1 m_hat(t + 1) + (1 - b1) g_hat(t)", () => {
    const want = reference((p) => ({ mu: zeros(p), nu: zeros(p) }), (g, s, t) => {
      const mu = g.map((x, i) => 0.9 * s.mu[i]! + 0.1 * x);
      const nu = g.map((x, i) => 0.999 * s.nu[i]! + 0.001 * x * x);
      const mHat = mu.map((m, i) => (0.9 * m) / (1 - 0.9 ** (t + 1)) + (0.1 * g[i]!) / (1 - 0.9 ** t));
      return [mHat.map((m, i) => (-lr * m) / (Math.sqrt(nu[i]! / (1 - 0.999 ** t)) + 1e-8)), { mu, nu }];
    });
    run(optim.nadam(lr)).forEach((u, i) => expectClose(u, want[i]!));
  });

  it("lamb (weight decay 0.01): adam direction plus decay, times ||p|| / ||u|| per leaf", () => {
    const want = reference((p) => ({ mu: zeros(p), nu: zeros(p) }), (g, s, t, p) => {
      const mu = g.map((x, i) => 0.9 * s.mu[i]! + 0.1 * x);
      const nu = g.map((x, i) => 0.999 * s.nu[i]! + 0.001 * x * x);
      const a = mu.map((m, i) => m / (1 - 0.9 ** t) / (Math.sqrt(nu[i]! / (1 - 0.999 ** t)) + 1e-6) + 0.01 * p[i]!);
      const ratio = norm(p) === 0 || norm(a) === 0 ? 1 : norm(p) / norm(a);
      return [a.map((x) => -lr * x * ratio), { mu, nu }];
    });
    run(optim.lamb(lr, { weightDecay: 0.01 })).forEach((u, i) => expectClose(u, want[i]!));
  });

  it("lion (weight decay 1e-3)", () => {
    const want = reference((p) => zeros(p), (g, m, _t, p) => {
      const u = g.map((x, i) => -lr * (Math.sign(0.1 * x + 0.9 * m[i]!) + 1e-3 * p[i]!));
      return [u, g.map((x, i) => 0.01 * x + 0.99 * m[i]!)];
    });
    run(optim.lion(lr)).forEach((u, i) => expectClose(u, want[i]!));
  });

  it("adafactor on unfactored leaves: v = d v + (1 - d) (g^2 + eps), d = 1 - t^-0.8; block-rms clip; parameter scale", () => {
    const want = reference((p) => zeros(p), (g, v, t, p) => {
      const d = Math.fround(1 - Math.fround(t) ** -0.8); // optax computes the decay in float32
      const nv = g.map((x, i) => d * v[i]! + (1 - d) * (x * x + 1e-30));
      let u = g.map((x, i) => x / Math.sqrt(nv[i]!));
      const rms = Math.sqrt(u.reduce((s, x) => s + x * x, 0) / u.length);
      u = u.map((x) => x / Math.max(1, rms / 1));
      const prms = Math.max(Math.sqrt(p.reduce((s, x) => s + x * x, 0) / p.length), 1e-3);
      return [u.map((x) => -lr * x * prms), nv];
    });
    run(optim.adafactor(lr)).forEach((u, i) => expectClose(u, want[i]!, 1e-7));
  });
});

describe("adafactor's factored second moment", () => {
  it("a [3, 4] leaf with minDimSizeToFactor 2 keeps row and column averages", () => {
    const g = [[0.5, -1, 2, 0.1], [1, 1, -0.25, 0.3], [-0.3, 0.2, 0.7, -2]];
    const d = Math.fround(1 - 1);
    // Step 1: d = 1 - 1^-0.8 = 0, so v_row / v_col are the plain means of g^2 over columns / rows.
    const sq = g.map((r) => r.map((x) => x * x + 1e-30));
    const vRow = sq.map((r) => (r.reduce((s, x) => s + x, 0) / 4) * (1 - d));
    const vCol = [0, 1, 2, 3].map((j) => (sq.reduce((s, r) => s + r[j]!, 0) / 3) * (1 - d));
    const rowMean = vRow.reduce((s, x) => s + x, 0) / 3;
    const want = g.map((r, i) => r.map((x, j) => x * (vRow[i]! / rowMean) ** -0.5 * vCol[j]! ** -0.5));
    const t = optim.scaleByFactoredRms({ minDimSizeToFactor: 2 });
    const p = np.ones([3, 4], { dtype: "float64" });
    const [u, s] = t.update(np.array(g, { dtype: "float64" }), t.init(p), p);
    const got = (u as Array).tolist() as number[][];
    got.flat().forEach((x, i) => expect(Math.abs(x - want.flat()[i]!)).toBeLessThan(1e-12));
    const st = s as { vRow: Array; vCol: Array; v: Array };
    expect(st.vRow.shape).toEqual([3]);
    expect(st.vCol.shape).toEqual([4]);
    expect(st.v.shape).toEqual([1]);
  });
});

describe("clips and simple transforms", () => {
  it("clip, clipByBlockRms, setToZero, identity, ema (debiased)", () => {
    const [u] = run(optim.clip(0.6));
    expectClose(u!, { w: [0.5, -0.6, 0.6], b: [0.6] });
    const [c] = run(optim.clipByBlockRms(1));
    const rw = Math.sqrt((0.25 + 1 + 4) / 3);
    expectClose(c!, { w: grads[0]!.w.map((x) => x / Math.max(1, rw)), b: [1] });
    expectClose(run(optim.setToZero())[1]!, { w: [0, 0, 0], b: [0] });
    expectClose(run(optim.identity())[2]!, grads[2]!);
    const e = run(optim.ema(0.5));
    // Debiased EMA: step 1 is g1; step 2 is (0.5 * 0.5 g1 + 0.5 g2) / (1 - 0.25).
    expectClose(e[0]!, grads[0]!);
    expectClose(e[1]!, mapV((x, k) => x.map((v, i) => (0.25 * v + 0.5 * grads[1]![k][i]!) / 0.75), grads[0]!));
  });

  it("addDecayedWeights: constant, scheduled (count in the state) and masked", () => {
    const [u0] = run(optim.addDecayedWeights(0.5));
    expectClose(u0!, mapV((x, k) => x.map((v, i) => v + 0.5 * params0[k][i]!), grads[0]!));
    const sched = run(optim.addDecayedWeights(optim.linearSchedule(1, 0, 2)));
    // Step 2 uses decay 0.5 at the params after step 1 (p0 + step-1 updates).
    const p1 = mapV((x, k) => x.map((v, i) => v + sched[0]![k][i]!), params0);
    expectClose(sched[1]!, mapV((x, k) => x.map((v, i) => v + 0.5 * p1[k][i]!), grads[1]!), 1e-7);
    const maskedOut = run(optim.addDecayedWeights(0.5, { w: false, b: true }));
    expectClose(maskedOut[0]!, { w: grads[0]!.w, b: [grads[0]!.b[0]! + 0.5 * params0.b[0]!] });
  });

  it("incrementalUpdate and periodicUpdate", () => {
    const newP = toP({ w: [1, 2, 3], b: [4] });
    const oldP = toP({ w: [0, 0, 0], b: [0] });
    expectClose(toV(optim.incrementalUpdate(newP, oldP, 0.25)), { w: [0.25, 0.5, 0.75], b: [1] });
    expectClose(toV(optim.periodicUpdate(newP, oldP, 6, 3)), toV(newP));
    expectClose(toV(optim.periodicUpdate(newP, oldP, 7, 3)), toV(oldP));
  });
});

describe("wrappers", () => {
  it("masked: the inner transformation sees only the masked leaves, the rest pass through", () => {
    const steps = run(optim.masked(optim.adam(lr), { w: true, b: false }));
    const adam = run(optim.adam(lr));
    steps.forEach((u, i) => {
      expectClose({ w: u.w, b: [0] }, { w: adam[i]!.w, b: [0] });
      expect(u.b).toEqual(grads[i]!.b);
    });
    // A mask function of the params.
    const byFn = run(optim.masked(optim.setToZero(), (p: P) => ({ w: false, b: p.b.size === 1 })));
    expect(byFn[0]!.b).toEqual([0]);
    expect(byFn[0]!.w).toEqual(grads[0]!.w);
  });

  it("multiTransform: one transformation per label; unknown labels are optax's ValueError", () => {
    const steps = run(optim.multiTransform({ fast: optim.sgd(1), frozen: optim.setToZero() }, { w: "fast", b: "frozen" }));
    steps.forEach((u, i) => expectClose(u, { w: grads[i]!.w.map((x) => -x), b: [0] }));
    expect(() => optim.multiTransform({ a: optim.sgd(1) }, { w: "a", b: "zz" }).init(toP(params0))).toThrow(/Some parameters have no corresponding transformation/);
  });

  it("injectHyperparams: a scheduled learning rate equals the schedule; the state's value can be changed between steps", () => {
    const schedule = optim.linearSchedule(0.1, 0.05, 2);
    const injected = optim.injectHyperparams((h: { learningRate: number | Array; b1: number | Array }) => optim.adam(h.learningRate, { b1: h.b1 }))({ learningRate: schedule, b1: 0.9 });
    run(injected).forEach((u, i) => expectClose(u, run(optim.adam(schedule))[i]!, 1e-12));
    const opt = optim.injectHyperparams((h: { learningRate: number | Array }) => optim.sgd(h.learningRate))({ learningRate: 0.1 });
    const p = toP(params0);
    let s = opt.init(p) as { count: Array; hyperparams: { learningRate: Array }; innerState: optim.OptState };
    expect(s.hyperparams.learningRate.dtype).toBe("float64");
    s = { ...s, hyperparams: { learningRate: np.array(0.5, { dtype: "float64" }) } };
    const [u] = opt.update(toP(grads[0]!), s, p);
    expectClose(toV(u), mapV((x) => x.map((v) => -0.5 * v), grads[0]!));
  });

  it("MultiSteps (k = 3): zeros twice, then the inner update of the mean gradient; hasUpdated", () => {
    const ms = new optim.MultiSteps(optim.sgd(1), 3);
    const p = toP(params0);
    let s = ms.init(p);
    const outs: V[] = [];
    const updated: boolean[] = [];
    for (const g of grads) {
      const [u, next] = ms.update(toP(g), s, p);
      outs.push(toV(u));
      s = next;
      updated.push(ms.hasUpdated(s).item() === 1 || ms.hasUpdated(s).item<boolean>() === true);
    }
    expectClose(outs[0]!, { w: [0, 0, 0], b: [0] });
    expectClose(outs[1]!, { w: [0, 0, 0], b: [0] });
    expectClose(outs[2]!, mapV((x, k) => x.map((v, i) => -(v + grads[1]![k][i]! + grads[2]![k][i]!) / 3), grads[0]!));
    expect(updated).toEqual([false, false, true]);
    // Summing instead of averaging, through its plain-pair form.
    const sum = new optim.MultiSteps(optim.sgd(1), 3, { useGradMean: false }).gradientTransformation();
    expectClose(run(sum)[2]!, mapV((x, k) => x.map((v, i) => -(v + grads[1]![k][i]! + grads[2]![k][i]!)), grads[0]!));
  });
});

describe("jit(update) = eager", () => {
  // adafactor's decay and the schedule run in float32 (as optax), which jit may round differently.
  const opts: [string, () => optim.GradientTransformation, number?][] = [
    ["rmsprop", () => optim.rmsprop(lr, { momentum: 0.9 })],
    ["adagrad", () => optim.adagrad(lr)],
    ["adamax", () => optim.adamax(lr)],
    ["nadam", () => optim.nadam(lr)],
    ["lamb", () => optim.lamb(lr, { weightDecay: 0.01 })],
    ["lion", () => optim.lion(lr)],
    ["adafactor", () => optim.adafactor(lr), 1e-7],
    ["masked", () => optim.masked(optim.adam(lr), { w: true, b: false })],
    ["injectHyperparams", () => optim.injectHyperparams((h: { learningRate: number | Array }) => optim.adam(h.learningRate))({ learningRate: optim.cosineDecaySchedule(0.1, 10) }), 1e-7],
    ["MultiSteps", () => new optim.MultiSteps(optim.adam(lr), 2).gradientTransformation()],
  ];
  for (const [name, make, tol] of opts) {
    it(name, () => {
      const eager = run(make());
      run(make(), true).forEach((u, i) => expectClose(u, eager[i]!, tol ?? 1e-12));
    });
  }
});

describe("scaleByBacktrackingLinesearch", () => {
  // f(x) = sum(c * x^2) + sum(x), minimized by gradient descent with a line search.
  const c = np.array([1, 10, 0.5], { dtype: "float64" });
  const f = (x: Array): Array => np.add(np.sum(np.multiply(c, np.square(x))), np.sum(x));
  const x0 = (): Array => np.array([1, -2, 3], { dtype: "float64" });

  it("each step satisfies Armijo's condition and the value decreases to the minimum", () => {
    const opt = optim.chain(optim.sgd(1), optim.scaleByBacktrackingLinesearch(15));
    let x = x0();
    let s = opt.init(x);
    let prev = Infinity;
    for (let i = 0; i < 30; i++) {
      const [value, g] = valueAndGrad(f)(x);
      const [u, next] = opt.update(g, s, x, { value, grad: g, valueFn: f });
      const slope = np.sum(np.multiply(u, g)).item();
      const fNew = f(np.add(x, u)).item();
      expect(fNew).toBeLessThanOrEqual(value.item() + 1e-4 * slope + 1e-12);
      expect(fNew).toBeLessThanOrEqual(prev);
      prev = fNew;
      x = optim.applyUpdates(x, u);
      s = next;
    }
    // From f = 47.5 towards the minimum f = -sum(1 / (4c)) = -0.775 (steps near 0.09: the c = 0.5
    // coordinate contracts by 0.91 a step).
    expect(f(x).item()).toBeLessThan(-0.73);
  });

  it("matches the step sizes of the same search written in float64 JS, and jits", () => {
    const opt = optim.chain(optim.sgd(1), optim.scaleByBacktrackingLinesearch(15, { decreaseFactor: 0.5, increaseFactor: 2 }));
    const x = x0();
    const [value, g] = valueAndGrad(f)(x);
    const [u] = opt.update(g, opt.init(x), x, { value, grad: g, valueFn: f });
    // JS: start at min(2 * 1, 1) = 1, halve until f(x - s g) <= f(x) - 1e-4 s |g|^2.
    const xs = [1, -2, 3];
    const cs = [1, 10, 0.5];
    const fj = (v: number[]): number => v.reduce((s, t, i) => s + cs[i]! * t * t + t, 0);
    const gj = xs.map((t, i) => 2 * cs[i]! * t + 1);
    const g2 = gj.reduce((s, t) => s + t * t, 0);
    let step = 1;
    while (fj(xs.map((t, i) => t - step * gj[i]!)) > fj(xs) - 1e-4 * step * g2) step *= 0.5;
    (u.tolist() as number[]).forEach((v, i) => expect(Math.abs(v + step * gj[i]!)).toBeLessThan(1e-12));
    const jitted = jit((xx: Array, st: optim.OptState) => {
      const [val, gg] = valueAndGrad(f)(xx);
      return opt.update(gg, st, xx, { value: val, grad: gg, valueFn: f });
    });
    const [uj] = jitted(x, opt.init(x)) as [Array, optim.OptState];
    expect(uj.tolist()).toEqual(u.tolist());
  });

  it("needs value, grad and valueFn", () => {
    const opt = optim.scaleByBacktrackingLinesearch(5);
    expect(() => opt.update(x0(), opt.init(x0()), x0())).toThrow(/needs extra arguments value, grad and valueFn/);
  });
});
