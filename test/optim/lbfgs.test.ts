// optim.lbfgs and the zoom line search: the two-loop recursion against the same recursion in
// float64 JS; each zoom step meets the strong Wolfe conditions; L-BFGS solves a 6-d quadratic in
// under 40 iterations and Rosenbrock's function from (-1.2, 1) (scipy's L-BFGS-B needs ~35 there);
// jit(update) = eager.
import { describe, expect, it } from "vitest";
import { numpy as np, optim, jit, valueAndGrad, Array } from "../../src/index.js";

const f64 = (v: number[]): Array => np.array(v, { dtype: "float64" });
const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** Nocedal & Wright's two-loop recursion over pairs (oldest first), with optax's initial scaling. */
function twoLoop(g: number[], pairs: [number[], number[]][], firstStep: boolean): number[] {
  let q = [...g];
  const alphas: number[] = [];
  for (let k = pairs.length - 1; k >= 0; k--) {
    const [s, y] = pairs[k]!;
    const rho = dot(y, s) === 0 ? 0 : 1 / dot(y, s);
    alphas[k] = rho * dot(s, q);
    q = q.map((v, i) => v - alphas[k]! * y[i]!);
  }
  const last = pairs[pairs.length - 1];
  const gamma = firstStep ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : dot(last![0], last![1]) / dot(last![1], last![1]);
  q = q.map((v) => v * gamma);
  for (let k = 0; k < pairs.length; k++) {
    const [s, y] = pairs[k]!;
    const rho = dot(y, s) === 0 ? 0 : 1 / dot(y, s);
    const beta = rho * dot(y, q);
    q = q.map((v, i) => v + (alphas[k]! - beta) * s[i]!);
  }
  return q;
}

describe("scaleByLbfgs", () => {
  it("the direction is the two-loop recursion over the last memorySize pairs (ring buffer wraps)", () => {
    const xs = [[1, 2, -1], [0.5, 1.5, -0.2], [0.1, 0.3, 0.4], [-0.2, 0.1, 0.3], [0.05, -0.1, 0.2]];
    const gs = [[2, -1, 0.5], [1, -0.4, 0.9], [0.3, 0.2, 0.1], [-0.1, 0.4, 0.05], [0.02, -0.03, 0.1]];
    const t = optim.scaleByLbfgs(2);
    let s = t.init(f64(xs[0]!));
    for (let k = 0; k < xs.length; k++) {
      const [d, next] = t.update(f64(gs[k]!), s, f64(xs[k]!));
      s = next;
      const pairs: [number[], number[]][] = [];
      for (let j = Math.max(1, k - 1); j <= k; j++) pairs.push([xs[j]!.map((v, i) => v - xs[j - 1]![i]!), gs[j]!.map((v, i) => v - gs[j - 1]![i]!)]);
      const want = twoLoop(gs[k]!, pairs, k === 0);
      (d.tolist() as number[]).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-12 * (1 + Math.abs(want[i]!))));
    }
    expect(() => optim.scaleByLbfgs(0)).toThrow("memory_size must be >= 1");
  });
});

const rosenbrock = (x: Array): Array => {
  const a = x.get(0);
  const b = x.get(1);
  return np.add(np.square(np.subtract(1, a)), np.multiply(100, np.square(np.subtract(b, np.square(a)))));
};

function solve(f: (x: Array) => Array, x0: Array, iters: number, opt = optim.lbfgs(), check?: (x: Array, u: Array, g: Array, value: Array) => void): { x: Array; steps: number } {
  let x = x0;
  let s = opt.init(x);
  let steps = 0;
  for (; steps < iters; steps++) {
    const [value, g] = valueAndGrad(f)(x);
    if (Math.sqrt(np.sum(np.square(g)).item()) < 1e-10) break;
    const [u, next] = opt.update(g, s, x, { value, grad: g, valueFn: f });
    check?.(x, u, g, value);
    x = optim.applyUpdates(x, u);
    s = next;
  }
  return { x, steps };
}

describe("lbfgs with the zoom line search", () => {
  it("a 6-d convex quadratic (condition number 20): the gradient vanishes (< 1e-10) within 40 iterations (19 here)", () => {
    const diag = f64([1, 3, 10, 0.5, 7, 2]);
    const b = f64([1, -2, 0.5, 3, -1, 0.25]);
    const f = (x: Array): Array => np.subtract(np.multiply(0.5, np.sum(np.multiply(diag, np.square(x)))), np.sum(np.multiply(b, x)));
    const { x, steps } = solve(f, np.zeros([6], { dtype: "float64" }), 40);
    const want = (b.tolist() as number[]).map((v, i) => v / (diag.tolist() as number[])[i]!);
    (x.tolist() as number[]).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-9));
    expect(steps).toBeLessThan(40);
  });

  it("Rosenbrock from (-1.2, 1) reaches (1, 1); every accepted step meets the strong Wolfe conditions", () => {
    const check = (x: Array, u: Array, g: Array, value: Array): void => {
      const [v1, g1] = valueAndGrad(rosenbrock)(np.add(x, u));
      const slope0 = np.sum(np.multiply(g, u)).item(); // slope of the accepted step t * d, scaled by t
      const slope1 = np.sum(np.multiply(g1, u)).item();
      expect(slope0).toBeLessThan(0);
      expect(v1.item()).toBeLessThanOrEqual(value.item() + 1e-4 * slope0 + 1e-12 * Math.abs(value.item()));
      expect(Math.abs(slope1)).toBeLessThanOrEqual(0.9 * Math.abs(slope0) + 1e-12);
    };
    const { x, steps } = solve(rosenbrock, f64([-1.2, 1]), 60, optim.lbfgs(), check);
    (x.tolist() as number[]).forEach((v) => expect(Math.abs(v - 1)).toBeLessThan(1e-8));
    expect(steps).toBeLessThan(60);
  });

  it("a line search that cannot satisfy curvature keeps the safe (decreasing) step; gradient descent with zoom converges", () => {
    const opt = optim.chain(optim.sgd(1), optim.scaleByZoomLinesearch(15, { initialGuessStrategy: "one" }));
    const { x } = solve(rosenbrock, f64([-1.2, 1]), 30, opt);
    expect(rosenbrock(x).item()).toBeLessThan(rosenbrock(f64([-1.2, 1])).item());
  });

  it("jit(update) = eager for lbfgs; the state carries the value and gradient at the new point", () => {
    const opt = optim.lbfgs();
    const x = f64([-1.2, 1]);
    const step = (xx: Array, st: optim.OptState): [Array, optim.OptState] => {
      const [value, g] = valueAndGrad(rosenbrock)(xx);
      return opt.update(g, st, xx, { value, grad: g, valueFn: rosenbrock });
    };
    const [u, s] = step(x, opt.init(x));
    const [uj] = jit(step)(x, opt.init(x)) as [Array, optim.OptState];
    (uj.tolist() as number[]).forEach((v, i) => expect(Math.abs(v - (u.tolist() as number[])[i]!)).toBeLessThan(1e-12));
    const ls = (s as [unknown, unknown, { value: Array; grad: Array }])[2];
    expect(Math.abs(ls.value.item() - rosenbrock(np.add(x, u)).item())).toBeLessThan(1e-12);
  });

  it("needs value, grad and valueFn", () => {
    const opt = optim.lbfgs();
    expect(() => opt.update(f64([1]), opt.init(f64([1])), f64([1]))).toThrow(/needs extra arguments value, grad and valueFn/);
  });
});

/** optax's _run_linesearch: one update of the line search from `w` along `u`, the initial guess set in the state. */
function runLinesearch(opt: optim.GradientTransformation, fn: (x: Array) => Array, w: Array, u: Array, guess = 1): { params: Array; state: { learningRate: Array; info: { decreaseError: Array; curvatureError: Array } } } {
  const st = { ...(opt.init(w) as { learningRate: Array }), learningRate: np.array(guess, { dtype: w.dtype }) };
  const [value, grad] = valueAndGrad(fn)(w);
  const [upd, next] = opt.update(u, st, w, { value, grad, valueFn: fn });
  return { params: optim.applyUpdates(w, upd), state: next as never };
}

describe("optax's zoom line search tests (optax/_src/linesearch_test.py)", () => {
  const sq = (x: Array): Array => np.sum(np.square(x));
  const u = f64([1, 0]);

  it("test_failure_descent_direction: no step (or an infinitesimal one) along an ascent direction", () => {
    const { state } = runLinesearch(optim.scaleByZoomLinesearch(18, { curvRtol: 0.5 }), sq, np.multiply(60, u), u);
    expect(state.learningRate.item()).toBeLessThan(1e-5);
  });

  it("test_failure_too_small_max_stepsize: the step stops at maxLearningRate = 10", () => {
    const { state } = runLinesearch(optim.scaleByZoomLinesearch(10, { curvRtol: 0.5, maxLearningRate: 10 }), sq, np.multiply(-60, u), u);
    expect(state.learningRate.item()).toBe(10);
  });

  it("test_failure_not_enough_iter: 5 steps end at 16 unsuccessfully; 30 reach s >= 30 meeting both conditions", () => {
    const { state } = runLinesearch(optim.scaleByZoomLinesearch(5, { curvRtol: 0.5 }), sq, np.multiply(-60, u), u);
    expect(state.learningRate.item()).toBe(16);
    expect(state.info.decreaseError.item() <= 0 && state.info.curvatureError.item() <= 0).toBe(false);
    const ok = runLinesearch(optim.scaleByZoomLinesearch(30, { curvRtol: 0.5 }), sq, np.multiply(-60, u), u);
    expect(ok.state.learningRate.item()).toBeGreaterThanOrEqual(30);
    expect(ok.state.info.decreaseError.item()).toBe(0);
    expect(ok.state.info.curvatureError.item()).toBe(0);
  });

  it("test_failure_inf_value: log(x) from 1 along -2 still makes a positive step", () => {
    const { state } = runLinesearch(optim.scaleByZoomLinesearch(30), (x) => np.log(x), f64([1]).reshape([]), f64([-2]).reshape([]));
    expect(state.learningRate.item()).toBeGreaterThan(0);
  });

  it("test_high_smaller_than_low (jax issue 16236): x^2 from -1 along 1.95 succeeds", () => {
    const { state } = runLinesearch(optim.scaleByZoomLinesearch(20), (x) => np.square(x), f64([-1]).reshape([]), f64([1.95]).reshape([]));
    expect(state.info.decreaseError.item()).toBeLessThanOrEqual(0);
    expect(state.info.curvatureError.item()).toBeLessThanOrEqual(0);
  });
});

describe("valueAndGradFromState (optax.value_and_grad_from_state)", () => {
  it("reuses the line search's value and gradient after the first step; lbfgs converges the same", () => {
    const opt = optim.lbfgs();
    const vg = optim.valueAndGradFromState(rosenbrock);
    let x = f64([-1.2, 1]);
    let s = opt.init(x);
    for (let i = 0; i < 3; i++) {
      const [value, g] = vg(x, s);
      const [want, wantG] = valueAndGrad(rosenbrock)(x);
      expect(Math.abs(value.item() - want.item())).toBeLessThan(1e-12 * (1 + Math.abs(want.item())));
      (g.tolist() as number[]).forEach((v, k) => expect(Math.abs(v - (wantG.tolist() as number[])[k]!)).toBeLessThan(1e-9 * (1 + Math.abs(v))));
      const [u, next] = opt.update(g, s, x, { value, grad: g, valueFn: rosenbrock });
      x = optim.applyUpdates(x, u);
      s = next;
    }
    expect(() => vg(x, optim.sgd(1).init(x))).toThrow("Value or gradient not found in the state.");
  });
});
