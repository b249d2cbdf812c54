// nn activations beyond test/nn/nn.test.ts: every jax.nn activation against its closed form in
// float64 (JS Math), JAX's custom derivatives (relu, relu6, log1mexp), checkGrads order 2 in
// float64 away from kinks, vmap vs a loop, jit vs eager; softmax/logSoftmax/standardize with
// `where`; logmeanexp; dotProductAttention against a direct float64 loop (masks, causal, local
// windows, sequence lengths, grouped heads, bias, residual).
import { describe, expect, it } from "vitest";
import { numpy as np, nn, grad, jit, vmap, Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";

function expectClose(got: unknown, want: unknown, rtol = 1e-12, atol = 1e-12): void {
  const g = [got].flat(9) as number[];
  const w = [want].flat(9) as number[];
  expect(g.length).toBe(w.length);
  for (let i = 0; i < g.length; i++) {
    if (Number.isNaN(w[i])) expect(g[i]).toBeNaN();
    else if (!Number.isFinite(w[i]!)) expect(g[i]).toBe(w[i]);
    else expect(Math.abs(g[i]! - w[i]!)).toBeLessThanOrEqual(atol + rtol * Math.abs(w[i]!));
  }
}

const xs = [-3.5, -1.5, -1, -0.6, -0.2, 0, 0.3, 0.9, 1, 1.7, 4, 7];
const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
const softplus = (v: number): number => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

const closedForms: [string, (a: Array) => Array, (v: number) => number][] = [
  ["elu", (a) => nn.elu(a), (v) => (v > 0 ? v : Math.expm1(v))],
  ["elu alpha 0.5", (a) => nn.elu(a, { alpha: 0.5 }), (v) => (v > 0 ? v : 0.5 * Math.expm1(v))],
  ["selu", nn.selu, (v) => SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v))],
  ["celu alpha 2", (a) => nn.celu(a, 2), (v) => Math.max(v, 0) + 2 * Math.expm1(Math.min(v, 0) / 2)],
  ["relu6", nn.relu6, (v) => Math.min(Math.max(v, 0), 6)],
  ["hardSigmoid", nn.hardSigmoid, (v) => Math.min(Math.max(v + 3, 0), 6) / 6],
  ["hardSwish", nn.hardSwish, (v) => (v * Math.min(Math.max(v + 3, 0), 6)) / 6],
  ["hardSilu", nn.hardSilu, (v) => (v * Math.min(Math.max(v + 3, 0), 6)) / 6],
  ["hardTanh", nn.hardTanh, (v) => Math.min(Math.max(v, -1), 1)],
  ["softSign", nn.softSign, (v) => v / (Math.abs(v) + 1)],
  ["identity", nn.identity, (v) => v],
  ["sparsePlus", nn.sparsePlus, (v) => (v <= -1 ? 0 : v >= 1 ? v : (v + 1) ** 2 / 4)],
  ["sparseSigmoid", nn.sparseSigmoid, (v) => 0.5 * Math.min(Math.max(v + 1, 0), 2)],
  ["squareplus", (a) => nn.squareplus(a), (v) => (v + Math.sqrt(v * v + 4)) / 2],
  ["squareplus b 1", (a) => nn.squareplus(a, 1), (v) => (v + Math.sqrt(v * v + 1)) / 2],
  ["mish", nn.mish, (v) => v * Math.tanh(softplus(v))],
  ["logSigmoid", nn.logSigmoid, (v) => -softplus(-v)],
  ["silu", nn.silu, (v) => v * sigmoid(v)],
  ["swish", nn.swish, (v) => v * sigmoid(v)],
  ["leakyRelu", (a) => nn.leakyRelu(a), (v) => (v >= 0 ? v : 0.01 * v)],
  ["gelu (tanh)", (a) => nn.gelu(a), (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
];

describe("closed forms in float64", () => {
  for (const [name, f, ref] of closedForms) {
    it(name, () => {
      const out = f(f64(xs));
      expect(out.dtype).toBe("float64");
      expectClose(out.tolist(), xs.map(ref), 1e-14, 1e-15);
    });
  }

  it("float32 in, float32 out; integer inputs promote to float32", () => {
    for (const [, f] of closedForms) {
      expect(f(np.array([1, 2], { dtype: "float32" })).dtype).toBe("float32");
      if (f !== nn.identity) expect(f(np.array([1, 2], { dtype: "int32" })).dtype).toBe("float32");
    }
  });

  it("log1mexp is accurate at both ends (Mächler's switch at log 2)", () => {
    const v = [1e-10, 1e-3, 0.5, Math.LN2, 1, 5, 30, 50];
    const ref = [Math.log(1e-10) - 5e-11, Math.log(-Math.expm1(-1e-3)), Math.log(-Math.expm1(-0.5)), Math.log(0.5), Math.log1p(-Math.exp(-1)), Math.log1p(-Math.exp(-5)), -Math.exp(-30), -Math.exp(-50)];
    expectClose(nn.log1mexp(f64(v)).tolist(), ref, 1e-13, 0);
  });

  it("glu splits the axis in halves: a * sigmoid(b)", () => {
    const a = f64([[1, 2, 3, 4], [-1, 0.5, 2, -3]]);
    expectClose(nn.glu(a).tolist(), [[1 * sigmoid(3), 2 * sigmoid(4)], [-1 * sigmoid(2), 0.5 * sigmoid(-3)]]);
    expectClose(nn.glu(a, 0).tolist(), [[1 * sigmoid(-1), 2 * sigmoid(0.5), 3 * sigmoid(2), 4 * sigmoid(-3)]]);
    expect(() => nn.glu(f64([1, 2, 3]))).toThrow("axis size must be divisible by 2");
  });

  it("logmeanexp = logsumexp - log n, over axes and with where", () => {
    const a = f64([[1, 2, 3], [0, -1, 4]]);
    const lme = (v: number[]): number => Math.log(v.reduce((s, x) => s + Math.exp(x), 0) / v.length);
    expectClose(nn.logmeanexp(a).item(), lme([1, 2, 3, 0, -1, 4]));
    expectClose(nn.logmeanexp(a, 1).tolist(), [lme([1, 2, 3]), lme([0, -1, 4])]);
    expect(nn.logmeanexp(a, 1, { keepdims: true }).shape).toEqual([2, 1]);
    const where = np.array([[true, false, true], [true, true, false]]);
    expectClose(nn.logmeanexp(a, 1, { where }).tolist(), [lme([1, 3]), lme([0, -1])]);
  });
});

describe("softmax, logSoftmax and standardize with where", () => {
  const a = f64([[1, 2, 3, 0.5], [-1, 4, 0, 2]]);
  const where = np.array([[true, true, false, true], [false, true, true, true]]);
  const softmaxRef = (row: number[], keep: boolean[]): number[] => {
    const m = Math.max(...row.filter((_, i) => keep[i]));
    const e = row.map((v, i) => (keep[i] ? Math.exp(v - m) : 0));
    const s = e.reduce((p, q) => p + q, 0);
    return e.map((v) => v / s);
  };
  const keeps = where.tolist() as boolean[][];
  const rows = a.tolist() as number[][];

  it("masked entries give 0 (softmax) and -inf (logSoftmax); the rest normalize over the kept ones", () => {
    const want = rows.map((r, i) => softmaxRef(r, keeps[i]!));
    expectClose(nn.softmax(a, { where }).tolist(), want);
    expectClose(nn.softmax(a, -1, where).tolist(), want);
    expectClose(nn.logSoftmax(a, { where }).tolist(), want.map((r, i) => r.map((v, j) => (keeps[i]![j] ? Math.log(v) : -Infinity))));
  });

  it("axis null normalizes over everything; gradients through where are those of the kept entries", () => {
    const s = nn.softmax(a, null).tolist() as number[][];
    expectClose(s.flat().reduce((p, q) => p + q, 0), 1);
    checkGrads((v: Array) => nn.softmax(v, { where }), [a], { order: 2 });
    checkGrads((v: Array) => np.sum(np.where(where, nn.logSoftmax(v, { where }), 0)), [a], { order: 2 });
  });

  it("standardize: where, the stable algorithm, and the fast one clipped at 0", () => {
    const mean = [(1 + 2 + 0.5) / 3, (4 + 0 + 2) / 3];
    const variance = [1, 2].map((_, i) => {
      const kept = rows[i]!.filter((_, j) => keeps[i]![j]);
      return kept.reduce((p, v) => p + (v - mean[i]!) ** 2, 0) / kept.length;
    });
    const want = rows.map((r, i) => r.map((v) => (v - mean[i]!) / Math.sqrt(variance[i]! + 1e-5)));
    expectClose(nn.standardize(a, { where, algorithm: "stable" }).tolist(), want, 1e-12);
    expectClose(nn.standardize(a, { where }).tolist(), want, 1e-10);
    // A constant row: E[x^2] - E[x]^2 may round below 0; clipped, the result is 0, not NaN.
    const c = nn.standardize(f64([[0.1, 0.1, 0.1]])).tolist() as number[][];
    for (const v of c[0]!) expect(Math.abs(v)).toBeLessThan(1e-5);
    expect(() => nn.standardize(a, { algorithm: "slow" as "fast" })).toThrow("Unknown algorithm 'slow'. Expected 'fast' or 'stable'.");
  });
});

describe("derivatives", () => {
  it("JAX's custom JVPs at the kinks: relu'(0) = 0, relu6'(0) = relu6'(6) = 0, log1mexp' = 1 / expm1", () => {
    const d = (f: (a: Array) => Array, v: number): number => (grad((a: Array) => f(a))(f64(v) as Array) as Array).item();
    expect(d(nn.relu, 0)).toBe(0);
    expect(d(nn.relu6, 0)).toBe(0);
    expect(d(nn.relu6, 6)).toBe(0);
    expect(d(nn.relu6, 3)).toBe(1);
    expect(d(nn.hardSigmoid, -3)).toBe(0);
    expectClose(d(nn.log1mexp, 0.3), 1 / Math.expm1(0.3));
    expectClose(d(nn.log1mexp, 40), 1 / Math.expm1(40));
  });

  // Points away from every function's kinks (0, +-1, +-3, 6).
  const smooth = (): Array => f64([-3.7, -1.4, -0.6, -0.2, 0.3, 0.8, 1.6, 2.5]);
  const fns: [string, (a: Array) => Array][] = [
    ["elu", (a) => nn.elu(a)],
    ["selu", nn.selu],
    ["celu", (a) => nn.celu(a, 0.7)],
    ["relu6", nn.relu6],
    ["hardSigmoid", nn.hardSigmoid],
    ["hardSwish", nn.hardSwish],
    ["hardTanh", nn.hardTanh],
    ["softSign", nn.softSign],
    ["sparsePlus", nn.sparsePlus],
    ["sparseSigmoid", nn.sparseSigmoid],
    ["squareplus", (a) => nn.squareplus(a)],
    ["mish", nn.mish],
    ["logSigmoid", nn.logSigmoid],
    ["glu", (a) => nn.glu(a)],
    ["log1mexp", (a) => nn.log1mexp(np.abs(a))],
    ["logmeanexp", (a) => nn.logmeanexp(a)],
    ["leakyRelu", (a) => nn.leakyRelu(a, 0.2)],
  ];
  for (const [name, f] of fns) {
    it(`${name}: checkGrads order 2 (fwd and rev) in float64`, () => {
      checkGrads(f, [smooth()], { order: 2 });
    });
  }
});

describe("transforms", () => {
  const batch = f64([[-2.5, -0.4, 0.7, 1.3], [0.2, 3.1, -1.7, 0.05], [5, -5, 0.5, -0.5]]);
  const fns: [string, (a: Array) => Array][] = [
    ["elu", (a) => nn.elu(a)],
    ["selu", nn.selu],
    ["relu6", nn.relu6],
    ["hardSwish", nn.hardSwish],
    ["sparsePlus", nn.sparsePlus],
    ["squareplus", (a) => nn.squareplus(a)],
    ["mish", nn.mish],
    ["log1mexp", (a) => nn.log1mexp(np.abs(a))],
    ["glu", (a) => nn.glu(a)],
    ["logmeanexp", (a) => nn.logmeanexp(a, -1)],
    ["softmax where", (a) => nn.softmax(a, { where: np.greater(a, -1) })],
    ["standardize", (a) => nn.standardize(a)],
  ];
  for (const [name, f] of fns) {
    it(`${name}: vmap = loop over rows, jit = eager`, () => {
      const eager = f(batch).tolist() as number[][];
      const loop = [0, 1, 2].map((i) => f(batch.get(i)).tolist());
      expectClose((vmap(f)(batch) as Array).tolist(), loop);
      expectClose((jit(f)(batch) as Array).tolist(), eager);
    });
  }
});
