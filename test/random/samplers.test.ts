// random samplers against JAX. Every literal below was computed by running jax 0.10.2 (jaxlib
// 0.10.2, CPU, x64 off, default partitionable threefry) on the call named beside it, key(0) unless
// noted; only the first values of each draw are kept. Where dprog reproduces XLA's float32 code
// (uniform's FMA, log/log1p, erf_inv, integer-valued rejection samplers) the values must be equal;
// where XLA's tan/pow/exp/lgamma/linear algebra are not reproduced they agree to float32 rounding.
import { describe, it, expect } from "vitest";
import { numpy as np, random, jit, vmap, lax, Array } from "../../src/index.js";

const vals = (a: Array): number[] => globalThis.Array.from(a.dataSync() as ArrayLike<number>, Number);
const head = (a: Array, n: number): number[] => vals(a).slice(0, n);
const k0 = random.key(0);

function expectClose(got: number[], want: number[], rtol: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(want[i]!)));
}

// jax.random.normal(jax.random.key(0), (3, 3)), as printed by JAX (issue 19).
const NORMAL33 = [
  [1.6226422, 2.0252647, -0.43359444],
  [-0.07861735, 0.1760909, -0.97208923],
  [-0.49529874, 0.4943786, 0.6643493],
];
const f32 = (x: number[][]): number[][] => x.map((r) => r.map((v) => Math.fround(v)));

describe("normal is bit-exact with JAX", () => {
  it("eager", () => {
    expect(random.normal(k0, [3, 3]).tolist()).toEqual(f32(NORMAL33));
  });
  it("under jit", () => {
    expect((jit((k: Array) => random.normal(k, [3, 3]))(k0) as Array).tolist()).toEqual(f32(NORMAL33));
  });
  it("lax.erfInv float32 matches erfinv's float32 values from jax.lax.erf_inv", () => {
    // jax.lax.erf_inv(jnp.float32([-0.9, -0.5, 0.1, 0.999, 0.99999994]))
    const x = np.array([-0.9, -0.5, 0.1, 0.999, 0.99999994]);
    const want = [-1.163087010383606, -0.4769362807273865, 0.08885598927736282, 2.3267576694488525, 3.8325066566467285];
    expect(vals(lax.erfInv(x))).toEqual(want);
    expect(vals(jit((a: Array) => lax.erfInv(a))(x) as Array)).toEqual(want);
  });
});

// Bit-exact draws: [name, sampler, first 8 JAX values].
const EXACT: [string, (k: Array) => Array, number[]][] = [
  ["exponential(key, (1000,))", (k) => random.exponential(k, [1000]), [2.9501280784606934, 3.8434245586395264, 0.4039035439491272, 0.6323691010475159, 0.843711256980896, 0.1809261590242386, 0.37134575843811035, 1.169508695602417]],
  ["laplace(key, (1000,))", (k) => random.laplace(k, [1000]), [-2.256981611251831, -3.1502788066864014, 0.4085954427719116, 0.06471242010593414, -0.15056417882442474, 1.1056184768676758, 0.47740811109542847, -0.47636163234710693]],
  ["logistic(key, (1000,))", (k) => random.logistic(k, [1000]), [2.896375894546509, 3.8217716217041016, -0.6978392004966736, -0.12549054622650146, 0.28139710426330566, -1.6178395748138428, -0.7992095947265625, 0.7976919412612915]],
  ["rademacher(key, (1000,))", (k) => random.rademacher(k, [1000]), [-1, -1, 1, 1, -1, 1, 1, -1]],
  ["poisson(key, 3.0, (1000,))", (k) => random.poisson(k, 3.0, [1000]), [0, 0, 4, 4, 1, 2, 2, 6]],
  ["poisson(key, 50.0, (1000,))", (k) => random.poisson(k, 50.0, [1000]), [38, 50, 67, 46, 49, 46, 51, 51]],
  ["poisson(key, [0, .5, 5, 9.9, 10, 20, 200, 1000])", (k) => random.poisson(k, np.array([0, 0.5, 5, 9.9, 10, 20, 200, 1000])), [0, 0, 5, 11, 7, 22, 215, 996]],
  ["binomial(key, 10, 0.3, (1000,))", (k) => random.binomial(k, 10, 0.3, [1000]), [2, 2, 1, 2, 1, 4, 6, 3]],
  ["binomial(key, 100, 0.4, (1000,))", (k) => random.binomial(k, 100, 0.4, [1000]), [32, 40, 51, 38, 40, 38, 40, 40]],
  ["binomial(key, 50, 0.8, (1000,))", (k) => random.binomial(k, 50, 0.8, [1000]), [41, 40, 38, 38, 42, 41, 35, 37]],
  ["bernoulli(key, 0.3, (1000,), mode='high')", (k) => random.bernoulli(k, 0.3, [1000], { mode: "high" }), [0, 0, 0, 0, 0, 1, 0, 0]],
  ["uniform(key, (1000,), minval=0.3, maxval=1.7)", (k) => random.uniform(k, [1000], { minval: 0.3, maxval: 1.7 }), [1.6267338991165161, 1.6700118780136108, 0.7652081251144409, 0.9561359286308289, 1.0978442430496216, 0.5317042469978333, 0.7342724800109863, 1.265272855758667]],
];

describe("samplers bit-exact with JAX, eager and under jit", () => {
  for (const [name, f, want] of EXACT) {
    it(name, () => {
      expect(head(f(k0), 8)).toEqual(want);
      expect(head(jit(f)(k0) as Array, 8)).toEqual(want);
    });
  }
});

// Draws that agree with JAX to float32 rounding: [name, sampler, first values, relative tolerance].
const CLOSE: [string, (k: Array) => Array, number[], number][] = [
  ["cauchy(key, (1000,))", (k) => random.cauchy(k, [1000]), [6.027494430541992, 14.837895393371582, -0.5817222595214844, -0.09874986857175827, 0.22315962612628937, -1.746765375137329, -0.6787055134773254, 0.6772165894508362], 2e-6],
  ["weibull_min(key, 1.5, 2.0, (1000,))", (k) => random.weibullMin(k, 1.5, 2.0, [1000]), [2.576390504837036, 2.9406981468200684, 0.9533010721206665, 1.1928246021270752, 1.377806305885315, 0.6380312442779541, 0.9140721559524536, 1.6221574544906616], 1e-6],
  ["beta(key, 2.0, 3.0, (200,))", (k) => random.beta(k, 2.0, 3.0, [200]), [0.2362736165523529, 0.4904596507549286, 0.6837948560714722, 0.5423442721366882, 0.4902370274066925, 0.3394175171852112, 0.07781261205673218, 0.2717333734035492], 5e-6],
  ["dirichlet(key, [1., 2., 3.], (50,))", (k) => random.dirichlet(k, np.array([1.0, 2.0, 3.0]), [50]), [0.14228560030460358, 0.40488260984420776, 0.45283177495002747, 0.28478530049324036, 0.351531058549881, 0.36368367075920105, 0.1310892552137375, 0.10866259038448334], 5e-6],
  ["chisquare(key, 3.0, (200,))", (k) => random.chisquare(k, 3.0, [200]), [2.2050840854644775, 2.489966869354248, 1.4557135105133057, 6.424534797668457, 4.5717902183532715, 2.861555337905884, 2.03054141998291, 0.4611361622810364], 5e-6],
  ["t(key, 5.0, (200,))", (k) => random.t(k, 5.0, [200]), [0.758949875831604, -2.055917739868164, -1.281833529472351, -1.5719773769378662, -0.555972695350647, 0.6316303610801697, 0.5389209389686584, -1.018709659576416], 5e-6],
  ["ball(key, 3, 2, (100,))", (k) => random.ball(k, 3, { p: 2, shape: [100] }), [0.9171597361564636, 0.3927421569824219, 0.01165350154042244, -0.8613650798797607, 0.3168482482433319, -0.06285543739795685, -0.8305728435516357, 0.020981580018997192], 5e-6],
  ["ball(key, 2, 1.0, (100,))", (k) => random.ball(k, 2, { p: 1, shape: [100] }), [0.6340225338935852, 0.3605864346027374, 0.8913546800613403, -0.10479354858398438, 0.5662208795547485, -0.031121663749217987, -0.783000648021698, 0.07652686536312103], 5e-6],
  ["multivariate_normal(key, mean, cov, (100,))", (k) => random.multivariateNormal(k, np.array([1.0, -1.0, 0.5]), np.array([[2.0, 0.5, 0.1], [0.5, 1.0, 0.2], [0.1, 0.2, 0.5]]), [100]), [3.29476261138916, 1.4681525230407715, 0.6995524168014526, 0.8888182640075684, -0.8630774617195129, -0.13191848993301392, 0.2995418310165405, -0.7126656770706177], 1e-5],
  ["orthogonal(key, 2, m=3)", (k) => random.orthogonal(k, 2, [], { m: 3 }), [0.96083664894104, -0.2567500174045563, 0.1042710393667221, 0.18604838848114014, 0.31881120800971985, -0.9293790459632874], 1e-5],
];

describe("samplers close to JAX, eager and under jit", () => {
  for (const [name, f, want, rtol] of CLOSE) {
    it(name, () => {
      expectClose(head(f(k0), want.length), want, rtol);
      expectClose(head(jit(f)(k0) as Array, want.length), want, rtol);
    });
  }
});

describe("shapes, dtypes and properties", () => {
  it("shapes and dtypes", () => {
    const cases: [Array, number[], string][] = [
      [random.exponential(k0, [2, 3], { dtype: "float64" }), [2, 3], "float64"],
      [random.rademacher(k0, [4], { dtype: "float32" }), [4], "float32"],
      [random.poisson(k0, np.array([1, 2, 3])), [3], "int32"],
      [random.binomial(k0, np.array([5, 10]), 0.5), [2], "float32"],
      [random.dirichlet(k0, np.array([[1, 1], [2, 2]])), [2, 2], "float32"],
      [random.orthogonal(k0, 3, [2]), [2, 3, 3], "float32"],
      [random.ball(k0, 4), [4], "float32"],
      [random.multivariateNormal(k0, np.zeros([2]), np.eye(2)), [2], "float32"],
      [random.beta(k0, np.array([1, 2, 3]), 2), [3], "float32"],
    ];
    for (const [a, shape, dtype] of cases) {
      expect(a.shape).toEqual(shape);
      expect(a.dtype).toBe(dtype);
    }
  });
  it("orthogonal gives Q^T Q = I", () => {
    const q = random.orthogonal(random.key(3), 5);
    const qtq = vals(np.matmul(q.T, q));
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(Math.abs(qtq[i * 5 + j]! - (i === j ? 1 : 0))).toBeLessThan(1e-5);
  });
  it("ball samples lie in the unit ball; dirichlet rows sum to 1", () => {
    const b = vals(random.ball(random.key(1), 3, { shape: [200] }));
    for (let i = 0; i < 200; i++) expect(Math.hypot(b[3 * i]!, b[3 * i + 1]!, b[3 * i + 2]!)).toBeLessThanOrEqual(1);
    const d = vals(random.dirichlet(random.key(1), np.array([0.5, 1, 2]), [100]));
    for (let i = 0; i < 100; i++) expect(Math.abs(d[3 * i]! + d[3 * i + 1]! + d[3 * i + 2]! - 1)).toBeLessThan(1e-5);
  });
  it("moments (fixed keys, 20000 draws)", () => {
    const mean = (a: Array): number => vals(a).reduce((s, x) => s + x, 0) / a.size;
    const n = 20000;
    // Exponential(1): mean 1; Poisson(4): mean 4; Binomial(20, .25): mean 5; Beta(2, 3): mean 0.4;
    // chi-square(3): mean 3; Weibull(scale 1, k 2): mean sqrt(pi)/2.
    expect(Math.abs(mean(random.exponential(random.key(7), [n])) - 1)).toBeLessThan(0.03);
    expect(Math.abs(mean(random.poisson(random.key(7), 4, [n])) - 4)).toBeLessThan(0.06);
    expect(Math.abs(mean(random.binomial(random.key(7), 20, 0.25, [n])) - 5)).toBeLessThan(0.06);
    expect(Math.abs(mean(random.beta(random.key(7), 2, 3, [n])) - 0.4)).toBeLessThan(0.01);
    expect(Math.abs(mean(random.chisquare(random.key(7), 3, [n])) - 3)).toBeLessThan(0.08);
    expect(Math.abs(mean(random.weibullMin(random.key(7), 1, 2, [n])) - Math.sqrt(Math.PI) / 2)).toBeLessThan(0.02);
  });
  it("multivariateNormal: only the cholesky method", () => {
    expect(() => random.multivariateNormal(k0, np.zeros([2]), np.eye(2), null, { method: "svd" })).toThrow(/cholesky/);
  });
  it("bernoulli rejects an unknown mode", () => {
    expect(() => random.bernoulli(k0, 0.5, [2], { mode: "mid" as "low" })).toThrow(/expected 'high' or 'low'/);
  });
});

describe("keys", () => {
  it("keyData, wrapKeyData, PRNGKey", () => {
    // jax.random.key_data(jax.random.key(42)) == [0, 42]
    expect(random.keyData(random.key(42)).tolist()).toEqual([0, 42]);
    expect(random.wrapKeyData(np.array([0, 42], { dtype: "uint32" })).tolist()).toEqual([0, 42]);
    expect(random.PRNGKey(42).tolist()).toEqual([0, 42]);
    expect(() => random.keyData(np.array([1, 2]))).toThrow(TypeError);
  });
  it("a traced int32 seed under jit", () => {
    // jax.jit(lambda s: key_data(key(s)))(jnp.int32(-5)) == [0, 4294967291]
    const f = jit((s: Array) => random.key(s));
    expect((f(np.array(-5, { dtype: "int32" })) as Array).tolist()).toEqual([0, 4294967291]);
  });
  it("a traced seed under vmap", () => {
    // jax.vmap(lambda s: normal(key(s), (2,)))(jnp.arange(3, dtype=int32))
    const out = vmap((s: Array) => random.normal(random.key(s), [2]))(np.arange(3, undefined, 1, { dtype: "int32" })) as Array;
    expect(vals(out)).toEqual([1.622642159461975, 2.0252647399902344, -0.15443718433380127, 0.08470727503299713, 0.3605741560459137, 1.2849894762039185]);
  });
  it("vmap over keys equals a loop over keys", () => {
    const keys = random.split(random.key(5), 3);
    const samplers: ((k: Array) => Array)[] = [
      (k) => random.exponential(k, [4]),
      (k) => random.poisson(k, 6, [4]),
      (k) => random.binomial(k, 30, 0.5, [4]),
      (k) => random.laplace(k, [4]),
    ];
    for (const f of samplers) {
      const batched = vals(vmap(f)(keys) as Array);
      const looped = [0, 1, 2].flatMap((i) => vals(f(lax.reshape(lax.sliceInDim(keys, i, i + 1, 1, 0), [2]))));
      expect(batched).toEqual(looped);
    }
  });
});

describe("float16 and bfloat16 probabilities and logits (jnp.floating, as JAX checks)", () => {
  it("bernoulli takes a float16/bfloat16 p, with JAX's draws (values from JAX 0.10.2)", () => {
    const k = random.key(0);
    for (const dtype of ["float16", "bfloat16"] as const) {
      const p = np.array([0.2, 0.7, 0.5, 0.9], { dtype });
      expect(random.bernoulli(k, p).tolist()).toEqual([false, true, true, true]);
      expect(jit((key: Array, q: Array) => random.bernoulli(key, q))(k, p).tolist()).toEqual([false, true, true, true]);
    }
    expect(() => random.bernoulli(k, np.array([1], { dtype: "int32" }))).toThrow("must have a floating dtype, got int32");
  });
  it("categorical takes float16/bfloat16 logits, drawing gumbel in their dtype (values from JAX 0.10.2)", () => {
    const k = random.key(0);
    // jax.random.gumbel(jax.random.key(0), (5,), jnp.float16 / jnp.bfloat16)
    expect(random.gumbel(k, [5], "float16").tolist()).toEqual([-0.1561279296875, -0.436279296875, -1.06640625, 0.86474609375, -0.377685546875]);
    expect(random.gumbel(k, [5], "bfloat16").tolist()).toEqual([0.8359375, 0.57421875, -0.62109375, -0.466796875, 1.0703125]);
    const logits = np.array([0.1, 2, -1, 0.5], { dtype: "float16" });
    expect(random.categorical(k, logits).tolist()).toBe(1);
    expect(random.categorical(k, logits, { shape: [8] }).tolist()).toEqual([1, 1, 3, 1, 1, 1, 1, 1]);
    const two = np.array([[0.1, 2, -1, 0.5], [3, 0, 0, 0]], { dtype: "float16" });
    expect(random.categorical(k, two, { axis: 1, shape: [3, 2] }).tolist()).toEqual([[1, 0], [3, 0], [1, 0]]);
    expect(random.categorical(k, logits, { shape: [3], replace: false }).tolist()).toEqual([1, 3, 0]);
    expect(random.categorical(k, logits.astype("bfloat16"), { shape: [8] }).tolist()).toEqual([1, 3, 1, 1, 3, 1, 2, 1]);
    const jitted = jit((key: Array, l: Array) => random.categorical(key, l, { shape: [8] }));
    expect(jitted(k, logits).tolist()).toEqual([1, 1, 3, 1, 1, 1, 1, 1]);
    expect(jitted(k, logits).tolist()).toEqual([1, 1, 3, 1, 1, 1, 1, 1]);
  });
});
