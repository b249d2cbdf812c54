// nn: activations and normalizations against values from jax.nn (jax 0.10.2, float32, CPU),
// closed forms, stability at large |x|, and derivatives against finite differences.
import { describe, it, expect } from "vitest";
import { numpy as np, nn, grad, jit, vmap, Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";

function expectClose(got: unknown, want: unknown, rtol = 2e-6, atol = 1e-6): void {
  const g = [got].flat(9) as number[];
  const w = [want].flat(9) as number[];
  expect(g.length).toBe(w.length);
  for (let i = 0; i < g.length; i++) {
    if (Number.isNaN(w[i])) expect(g[i]).toBeNaN();
    else if (!Number.isFinite(w[i]!)) expect(g[i]).toBe(w[i]);
    else expect(Math.abs(g[i]! - w[i]!)).toBeLessThanOrEqual(atol + rtol * Math.abs(w[i]!));
  }
}

const x = (): Array => np.array([-3, -0.5, 0, 0.5, 2]);
const x64 = (): Array => np.array([-3, -0.7, 0.3, 0.5, 2], { dtype: "float64" });

describe("values match jax.nn (float32)", () => {
  const cases: [string, (a: Array) => Array, number[]][] = [
    ["relu", nn.relu, [0, 0, 0, 0.5, 2]],
    ["gelu (tanh approximation, the default)", (a) => nn.gelu(a), [-0.003637343645095825, -0.1542859971523285, 0, 0.3457140028476715, 1.9545977115631104]],
    ["gelu exact", (a) => nn.gelu(a, false), [-0.0040496960282325745, -0.1542687714099884, 0, 0.3457312285900116, 1.9544997215270996]],
    ["sigmoid", nn.sigmoid, [0.04742587357759476, 0.3775406777858734, 0.5, 0.622459352016449, 0.8807970285415649]],
    ["softplus", nn.softplus, [0.04858735203742981, 0.4740769863128662, 0.6931471824645996, 0.9740769863128662, 2.1269280910491943]],
    ["silu", nn.silu, [-0.14227762818336487, -0.1887703388929367, 0, 0.3112296760082245, 1.7615940570831299]],
    ["tanh", nn.tanh, [-0.9950547218322754, -0.46211716532707214, 0, 0.46211716532707214, 0.9640275835990906]],
    ["softmax", (a) => nn.softmax(a), [0.004655566066503525, 0.05671640858054161, 0.09350954741239548, 0.1541711837053299, 0.6909472942352295]],
    ["logSoftmax", (a) => nn.logSoftmax(a), [-5.369691848754883, -2.869691848754883, -2.369691848754883, -1.8696917295455933, -0.36969172954559326]],
    ["standardize", (a) => nn.standardize(a), [-1.7167869806289673, -0.18394146859645844, 0.1226276382803917, 0.4291967451572418, 1.348904013633728]],
    ["logSigmoid", nn.logSigmoid, [-3.0485873222351074, -0.9740769863128662, -0.6931471824645996, -0.4740769863128662, -0.12692800164222717]],
  ];
  for (const [name, f, want] of cases) {
    it(name, () => {
      const out = f(x());
      expect(out.dtype).toBe("float32");
      expectClose(out.tolist(), want);
    });
  }

  it("logsumexp, softmax along axis 0, oneHot", () => {
    expectClose(nn.logsumexp(x()).item(), 2.369691848754883);
    expectClose(nn.softmax(np.array([[1, 2, 3], [1, 1, 1]]), 0).tolist(), [
      [0.5, 0.7310585975646973, 0.8807970285415649],
      [0.5, 0.2689414322376251, 0.11920291185379028],
    ]);
    const oh = nn.oneHot(np.array([0, 2, -1, 3], { dtype: "int32" }), 3);
    expect(oh.dtype).toBe("float32");
    expect(oh.tolist()).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(nn.oneHot(np.array([1, 0], { dtype: "int32" }), 3, { axis: 0 }).tolist()).toEqual([
      [0, 1],
      [1, 0],
      [0, 0],
    ]);
    expect(nn.oneHot(np.array([1], { dtype: "int32" }), 2, { dtype: "int32" }).dtype).toBe("int32");
  });
});

describe("closed forms and identities", () => {
  it("softmax rows sum to 1 and logSoftmax = log(softmax)", () => {
    const a = np.array([[0.1, -2, 3.5, 1], [10, 10, 10, 10]], { dtype: "float64" });
    expectClose(np.sum(nn.softmax(a), -1).tolist(), [1, 1], 1e-15, 1e-15);
    expectClose(nn.logSoftmax(a).tolist(), np.log(nn.softmax(a)).tolist(), 1e-14, 1e-14);
    expectClose(nn.softmax(a).get(1).tolist(), [0.25, 0.25, 0.25, 0.25], 1e-15, 0);
  });

  it("gelu exact is x * Phi(x); standardize gives mean 0 and variance 1; silu = x * sigmoid", () => {
    const a = np.array([-1.3, 0.2, 2.7], { dtype: "float64" });
    const phi = (v: number): number => 0.5 * (1 + erf(v / Math.SQRT2));
    expectClose(nn.gelu(a, false).tolist(), [-1.3, 0.2, 2.7].map((v) => v * phi(v)), 1e-14, 1e-14);
    const s = nn.standardize(np.array([[1, 2, 3, 4], [10, 10, 11, 13]], { dtype: "float64" }), -1, { epsilon: 0 });
    expectClose(np.mean(s, -1).tolist(), [0, 0], 0, 1e-14);
    expectClose(np.mean(np.square(s), -1).tolist(), [1, 1], 1e-12, 0);
    expectClose(nn.silu(a).tolist(), [-1.3, 0.2, 2.7].map((v) => v / (1 + Math.exp(-v))), 1e-14, 0);
  });
});

/** erf via its Maclaurin series (converges fast for |x| < 3). */
function erf(v: number): number {
  let term = v;
  let sum = v;
  for (let n = 1; n < 80; n++) {
    term *= (-v * v) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

describe("stability at large |x|", () => {
  const big = np.array([-1e4, -100, 100, 1e4]);
  it("softplus is exact: 0-ish below, x above, no inf or nan", () => {
    const out = nn.softplus(big).tolist() as number[];
    expect(out[0]).toBe(0);
    // exp(-100) is a float32 subnormal: positive and tiny, not 0 or log-of-1 garbage.
    expect(out[1]).toBeGreaterThan(0);
    expect(out[1]).toBeLessThan(1e-43);
    expect(out[2]).toBe(100);
    expect(out[3]).toBe(1e4);
    expectClose(nn.logSigmoid(big).tolist(), [-1e4, -100, 0, 0], 0, 1e-43);
  });

  it("softmax, logSoftmax and logsumexp of huge logits are finite", () => {
    const l = np.array([1000, 1001, -1e30]);
    expectClose(nn.softmax(l).tolist(), [0.2689414322376251, 0.7310585975646973, 0]);
    expectClose(nn.logSoftmax(l).tolist(), [-1.3132616281509399, -0.3132616877555847, -1e30]);
    expectClose(nn.logsumexp(l).item(), 1001.3132616875182, 1e-7);
    expectClose(nn.sigmoid(big).tolist(), [0, 0, 1, 1], 0, 1e-43);
    expectClose(nn.gelu(big).tolist(), [-0, -0, 100, 1e4]);
  });

  it("gradients stay finite at large |x|", () => {
    const g = grad((a: Array) => np.sum(nn.softplus(a)))(big) as Array;
    expectClose(g.tolist(), [0, 0, 1, 1]);
    const gs = grad((a: Array) => nn.logSoftmax(a).get(1))(np.array([1000, 1001, -1e30])) as Array;
    expectClose(gs.tolist(), [-0.2689414322376251, 1 - 0.7310585975646973, 0]);
  });
});

describe("derivatives", () => {
  it("relu'(0) = 0 and softplus'(0) = 1/2 (JAX's custom rules)", () => {
    expect((grad((a: Array) => nn.relu(a))(np.array(0)) as Array).item()).toBe(0);
    expect((grad((a: Array) => nn.relu(a))(np.array(2)) as Array).item()).toBe(1);
    expect((grad((a: Array) => nn.softplus(a))(np.array(0)) as Array).item()).toBe(0.5);
  });

  const fns: [string, (a: Array) => Array][] = [
    ["relu", nn.relu],
    ["gelu", (a) => nn.gelu(a)],
    ["gelu exact", (a) => nn.gelu(a, false)],
    ["sigmoid", nn.sigmoid],
    ["softplus", nn.softplus],
    ["silu", nn.silu],
    ["tanh", nn.tanh],
    ["logSigmoid", nn.logSigmoid],
    ["softmax", (a) => nn.softmax(a)],
    ["logSoftmax", (a) => nn.logSoftmax(a)],
    ["logsumexp", (a) => nn.logsumexp(a)],
    ["standardize", (a) => nn.standardize(a)],
  ];
  for (const [name, f] of fns) {
    it(`${name}: checkGrads (fwd and rev, order 2) in float64`, () => {
      checkGrads(f, [x64()], { order: 2 });
    });
  }

  it("softmax over a matrix axis and standardize with given mean/variance", () => {
    const m = np.array([[0.3, -1.2, 2], [0.5, 0.1, -0.4]], { dtype: "float64" });
    checkGrads((a: Array) => nn.softmax(a, 0), [m], { order: 2 });
    checkGrads((a: Array, mu: Array) => nn.standardize(a, -1, { mean: mu, variance: 2 }), [m, np.array([[0.1], [0.2]], { dtype: "float64" })], { order: 1 });
  });
});

describe("transforms", () => {
  it("jit and vmap agree with eager", () => {
    const a = np.array([[0.3, -1.2, 2], [0.5, 0.1, -0.4]]);
    for (const f of [nn.relu, nn.softplus, (v: Array) => nn.softmax(v), (v: Array) => nn.logSoftmax(v), (v: Array) => nn.gelu(v)]) {
      const eager = f(a).tolist();
      expectClose((jit(f)(a) as Array).tolist(), eager);
      expectClose((vmap(f)(a) as Array).tolist(), eager);
    }
  });
});
