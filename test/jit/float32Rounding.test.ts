// A fused kernel keeps values in JS doubles; eager execution stores every op's result into its
// typed array, so each float32 result is rounded. Inside a fused kernel a chain of float32
// arithmetic may keep excess precision (rounding every op costs 1.3-2.5x), but wherever a float32
// value leaves float32 (converted to float64, an integer or bool), enters it (converted from
// float64 or int32), or meets an op that is not continuous in it (comparisons, floor, ceil,
// round, sign, rem, pow, is_finite), jit sees the rounded value, as eager execution does: those
// results agree bit for bit. Control-flow bodies run eagerly go through jit's passes, so they
// agree with themselves under jit too (constants folded op by op).
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jit } from "../../src/index.js";
import type { Array } from "../../src/index.js";

const bits = (a: Array): number[] => globalThis.Array.from(a.dataSync() as ArrayLike<number>);

function expectJitBitExact(f: (x: Array) => Array, x: Array): void {
  const eager = bits(f(x));
  const jf = jit(f);
  expect(bits(jf(x))).toEqual(eager);
  expect(bits(jf(x))).toEqual(eager);
}

describe("float32 results inside fused kernels are float32 values", () => {
  it("astype(astype(x, f32) * 1.5, f64): the rounding through float32 is kept", () => {
    const f = (x: Array): Array => np.astype(np.astype(x, "float32").mul(1.5), "float64");
    const x = np.array([-1.1], { dtype: "float64" });
    expect(bits(f(x))).toEqual([-1.6500000953674316]);
    expect(bits(jit(f)(x))).toEqual([-1.6500000953674316]);
  });

  it("a conversion from float64 to float32 rounds before the next op", () => {
    // 0.1 + 0.2 in float32 is not (0.1 + 0.2 in float64) rounded once.
    const f = (x: Array): Array => np.astype(np.astype(x, "float32").add(np.astype(x.mul(2), "float32")), "float64");
    expectJitBitExact(f, np.array([0.1, 1 / 3, 0.7, 1e-8, 12345.678], { dtype: "float64" }));
  });

  it("floor, comparisons and integer conversions read the rounded product", () => {
    // float32(0.7) * 10 = 6.99999988 in doubles, 7 in float32.
    const x = np.array([0.7, 0.1, 0.3], { dtype: "float32" });
    expectJitBitExact((v) => np.floor(v.mul(10)), x);
    expectJitBitExact((v) => np.astype(np.equal(v.mul(10), 7), "float32"), x);
    expectJitBitExact((v) => np.astype(np.astype(v.mul(10), "int32"), "float32"), x);
    expect(bits(jit((v: Array) => np.floor(v.mul(10)))(x))).toEqual([7, 1, 3]);
  });

  it("int32 to float32 conversion rounds (2^24 + 1 is not a float32)", () => {
    const f = (x: Array): Array => np.astype(np.astype(np.astype(x, "int32").add(1), "float32"), "float64");
    expectJitBitExact(f, np.array([16777216, 16777218, 3], { dtype: "float64" }));
    expect(bits(jit(f)(np.array([16777216], { dtype: "float64" })))).toEqual([16777216]);
  });

  it("a float32 chain under jit is within float32 rounding of the op-by-op result", () => {
    const n = 257;
    const x = np.array(
      globalThis.Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 3),
      { dtype: "float32" },
    );
    const fs = [
      (v: Array): Array => np.tanh(v.mul(0.75).add(0.5)).mul(v).sub(np.exp(v.mul(v).neg())),
      (v: Array): Array => np.sqrt(np.square(v).add(0.25)).div(v.add(5)),
    ];
    for (const f of fs) {
      const e = bits(f(x));
      const j = bits(jit(f)(x));
      j.forEach((v, i) => expect(Math.abs(v - e[i]!)).toBeLessThanOrEqual(4 * 2 ** -23 * Math.max(Math.abs(e[i]!), 1)));
    }
  });

  it("a float32 chain widened to float64 is rounded once at the conversion", () => {
    const f = (x: Array): Array => np.astype(np.astype(x, "float32").mul(3).sub(0.1), "float64");
    const x = np.array([0.7, 1 / 3, -2.2], { dtype: "float64" });
    const j = bits(jit(f)(x));
    j.forEach((v) => expect(Math.fround(v)).toBe(v));
  });
});

describe("control-flow bodies round like the program around them", () => {
  // np.square(-1.47).add(0.25) is computed in float32 (weakly typed scalars).
  const b = (a: Array): Array => np.divide(a, np.square(-1.47).add(0.25));
  const x = np.array([1.4], { dtype: "float64" });
  const want = bits(b(x));

  it("eagerly and under jit the function agrees with itself", () => {
    expect(want).toEqual([1.4 / Math.fround(Math.fround(Math.fround(-1.47) ** 2) + 0.25)]);
    expect(bits(jit(b)(x))).toEqual(want);
  });

  it("cond, eagerly and under jit", () => {
    const c = (v: Array): Array => lax.cond(true, b, (a: Array) => a, v);
    expect(bits(c(x))).toEqual(want);
    expect(bits(jit(c)(x))).toEqual(want);
  });

  it("switch, fori_loop and scan bodies, eagerly and under jit", () => {
    const s = (v: Array): Array => lax.switch(1, [(a: Array) => a, b], v);
    const f = (v: Array): Array => lax.foriLoop(0, 1, (_i: Array, a: Array) => b(a), v);
    const sc = (v: Array): Array => lax.scan((cr: Array, _x: null) => [b(cr), cr] as [Array, Array], v, null, { length: 1 })[0];
    for (const g of [s, f, sc]) {
      expect(bits(g(x))).toEqual(want);
      expect(bits(jit(g)(x))).toEqual(want);
    }
  });

  it("two float32 ops on constants: the body folds them as eager execution computes them", () => {
    // float32 (1.35^2 + 0.25) computed in one double step rounds differently from op by op.
    const g = (a: Array): Array => np.divide(a, np.square(1.35).add(0.25));
    const w = bits(g(x));
    expect(w).toEqual([1.4 / Math.fround(Math.fround(Math.fround(1.35) ** 2) + 0.25)]);
    const c = (v: Array): Array => lax.cond(true, g, (a: Array) => a, v);
    const wl = (v: Array): Array => lax.whileLoop((s: [Array, Array]) => np.less(s[0], 1), (s: [Array, Array]) => [s[0].add(1), g(s[1])] as [Array, Array], [np.array(0, { dtype: "int32" }), v] as [Array, Array])[1];
    for (const h of [c, wl]) {
      expect(bits(h(x))).toEqual(w);
      expect(bits(jit(h)(x))).toEqual(w);
    }
  });

  it("a float32 round trip inside a body", () => {
    const body = (a: Array): Array => np.astype(np.astype(a, "float32").mul(1.5), "float64");
    const x1 = np.array([-1.1], { dtype: "float64" });
    const c = (v: Array): Array => lax.cond(true, body, (a: Array) => a, v);
    expect(bits(c(x1))).toEqual([-1.6500000953674316]);
    expect(bits(jit(c)(x1))).toEqual([-1.6500000953674316]);
  });
});
