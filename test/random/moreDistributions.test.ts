// More jax.random samplers (src/random/moreDistributions.ts): for key(42) the float32 samples of
// JAX 0.10.2 (JAX_ENABLE_X64 off), exactly where the transform uses only + * / sqrt and XLA's
// log, to float32 rounding where it uses exp or pow (dprog's exp/pow are not XLA's);
// jit = eager; vmap over keys = loop; JAX's dtype errors.
import { describe, expect, it } from "vitest";
import { jit, numpy as np, random, vmap, Array } from "../../src/index.js";

const k = random.key(42);
const L = (x: Array): number[] => (x.tolist() as number[]).flat(2 as 1) as number[];

const exact: [string, () => Array, number[]][] = [
  ["geometric", () => random.geometric(k, 0.3, [6]), [3, 2, 2, 2, 3, 2]],
  ["lognormal", () => random.lognormal(k, 0.5, [4]), [0.9859473705291748, 1.2630960941314697, 1.159340739250183, 1.0797969102859497]],
  ["maxwell", () => random.maxwell(k, [4]), [0.553582489490509, 0.293285071849823, 1.708603024482727, 1.5084577798843384]],
  ["doubleSidedMaxwell", () => random.doubleSidedMaxwell(k, 1.0, 2.0, [4]), [-1.7620434761047363, -0.3513779640197754, 5.444042682647705, 2.351099967956543]],
  ["rayleigh", () => random.rayleigh(k, 2.0, [4]), [2.3933022022247314, 1.7571814060211182, 1.9678773880004883, 2.1503593921661377]],
  ["triangular", () => random.triangular(k, 0, 0.3, 1, [5]), [0.40174978971481323, 0.5265636444091797, 0.4817240834236145, 0.4456636905670166, 0.37988007068634033]],
  ["wald", () => random.wald(k, 1.5, [4]), [1.6461201906204224, 2.6983466148376465, 0.3518810272216797, 0.8019976615905762]],
  ["multinomial", () => random.multinomial(k, 20, np.array([0.2, 0.3, 0.5])), [4, 4, 12]],
  ["multinomial (batched n, shape)", () => random.multinomial(k, np.array([10, 100]), np.array([0.1, 0.6, 0.3]), { shape: [2, 3] }), [0, 8, 2, 8, 61, 31]],
];
const close: [string, () => Array, number[]][] = [
  ["pareto", () => random.pareto(k, 3.0, [4]), [1.2505779266357422, 1.461700201034546, 1.3761274814605713, 1.315781593322754]],
  ["f", () => random.f(k, 3.0, 5.0, [4]), [0.7283635139465332, 0.35692548751831055, 0.23560737073421478, 0.15563176572322845]],
  ["generalizedNormal", () => random.generalizedNormal(k, 1.5, [4]), [-0.8782375454902649, -0.2061624526977539, 1.160470962524414, 0.10202968865633011]],
];

describe("more random samplers against JAX", () => {
  for (const [name, draw, want] of exact) {
    it(`${name}: JAX's samples exactly`, () => expect(L(draw())).toEqual(want));
  }
  for (const [name, draw, want] of close) {
    it(`${name}: JAX's samples to float32 rounding`, () => L(draw()).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(4e-7 * Math.abs(want[i]!))));
  }
  it("dtypes and JAX's dtype errors", () => {
    expect(random.geometric(k, 0.3, [2]).dtype).toBe("int32");
    expect(random.lognormal(k, 1, [2], "float64").dtype).toBe("float64");
    expect(() => random.geometric(k, 0.3, [2], "float32")).toThrow("dtype argument to `geometric` must be an int dtype, got float32");
    expect(() => random.rayleigh(k, 1, [2], "int32")).toThrow("dtype argument to `rayleigh` must be a float dtype, got int32");
  });
  it("jit = eager, vmap over keys = loop", () => {
    const fs: ((key: Array) => Array)[] = [
      (key) => random.geometric(key, 0.3, [3]),
      (key) => random.maxwell(key, [3]),
      (key) => random.doubleSidedMaxwell(key, 1, 2, [3]),
      (key) => random.rayleigh(key, 2, [3]),
      (key) => random.triangular(key, 0, 0.3, 1, [3]),
      (key) => random.wald(key, 1.5, [3]),
      (key) => random.multinomial(key, 20, np.array([0.2, 0.3, 0.5])),
    ];
    const keys = random.split(k, 2);
    for (const fn of fs) {
      const j = jit(fn);
      expect(L(j(k))).toEqual(L(fn(k)));
      expect(L(j(k))).toEqual(L(fn(k)));
      expect(L(vmap(fn)(keys))).toEqual([...L(fn(np.take(keys, 0, 0))), ...L(fn(np.take(keys, 1, 0)))]);
    }
  });
  it("exp/pow-based samplers: jit and vmap agree with eager to float32 rounding", () => {
    // Their jit kernels evaluate exp/pow (inside chisquare and gamma too) in another order than the eager ops.
    const fs: ((key: Array) => Array)[] = [(key) => random.pareto(key, 3, [3]), (key) => random.f(key, 3, 5, [3]), (key) => random.generalizedNormal(key, 1.5, [3])];
    const keys = random.split(k, 2);
    const near = (a: number[], b: number[]): void => a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(5e-7 * Math.abs(b[i]!)));
    for (const fn of fs) {
      near(L(jit(fn)(k)), L(fn(k)));
      near(L(vmap(fn)(keys)), [...L(fn(np.take(keys, 0, 0))), ...L(fn(np.take(keys, 1, 0)))]);
    }
  });
});
