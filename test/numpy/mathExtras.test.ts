// numpy's remaining elementwise math (src/numpy/mathExtras.ts) against JAX 0.10.2's values
// (jax.numpy, float32, computed once with JAX_ENABLE_X64 off), except where noted; derivatives of
// sinc at 0 (JAX's custom JVP) to fourth order; jit = eager; vmap = loop.
import { describe, expect, it } from "vitest";
import { grad, jit, numpy as np, testUtil, vmap, Array } from "../../src/index.js";

const f32 = (v: number[]): Array => np.array(v, { dtype: "float32" });
const i32 = (v: number[]): Array => np.array(v, { dtype: "int32" });
const read = (a: Array): (number | boolean)[] => (a.tolist() as (number | boolean)[]).flat(4 as 1);

const X = [-3.5, -0, 0, 0.3, 1, 2.5, 7, 1e-40, Infinity, -Infinity, NaN];
const Y = [1, -2, 3, NaN, -1, 0.5, NaN, 2, -Infinity, 1, 0];

/** Equal as float32 values, -0 distinct from 0, NaN equal to NaN. */
function expectSame(got: (number | boolean)[], want: (number | boolean)[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    if (typeof w === "number" && Number.isNaN(w)) expect(Number.isNaN(g as number), `element ${i}`).toBe(true);
    else expect(Object.is(g, typeof w === "number" ? Math.fround(w) : w) || g === w, `element ${i}: got ${String(g)}, want ${String(w)}`).toBe(true);
  });
}

describe("numpy math extras against JAX", () => {
  const x = f32(X);
  const y = f32(Y);
  const cases: [string, () => Array, (number | boolean)[]][] = [
    ["fmax", () => np.fmax(x, y), [1.0, -0, 3.0, 0.30000001192092896, 1.0, 2.5, 7.0, 2.0, Infinity, 1.0, 0.0]],
    ["fmin", () => np.fmin(x, y), [-3.5, -2.0, 0.0, 0.30000001192092896, -1.0, 0.5, 7.0, 9.99994610111476e-41, -Infinity, -Infinity, 0.0]],
    ["copysign", () => np.copysign(x, y), [3.5, -0, 0.0, 0.30000001192092896, -1.0, 2.5, 7.0, 9.99994610111476e-41, -Infinity, Infinity, NaN]],
    ["heaviside", () => np.heaviside(x, y), [0.0, -2.0, 3.0, 1.0, 1.0, 1.0, 1.0, 2.0, 1.0, 0.0, NaN]],
    ["signbit", () => np.signbit(x), [true, true, false, false, false, false, false, false, false, true, false]],
    ["modf fraction", () => np.modf(x)[0], [-0.5, 0.0, 0.0, 0.30000001192092896, 0.0, 0.5, 0.0, 0.0, NaN, NaN, NaN]],
    ["modf whole", () => np.modf(x)[1], [-3.0, -0, 0.0, 0.0, 1.0, 2.0, 7.0, 0.0, Infinity, -Infinity, NaN]],
    ["spacing", () => np.spacing(x), [-2.384185791015625e-07, -1.401298464324817e-45, 1.401298464324817e-45, 2.9802322387695312e-08, 1.1920928955078125e-07, 2.384185791015625e-07, 4.76837158203125e-07, 1.401298464324817e-45, NaN, NaN, NaN]],
    ["sinc", () => np.sinc(f32([0, 0.5, 1, -1.5, 1e-8])), [1.0, 0.6366197466850281, -2.7827534054836178e-08, -0.21220658719539642, 1.0]],
    ["gcd", () => np.gcd(i32([12, -18, 0, 7, 0, 100]), i32([8, 12, 5, 0, 0, -75])), [4, 6, 5, 7, 0, 25]],
    ["lcm", () => np.lcm(i32([12, -18, 0, 7, 0, 100]), i32([8, 12, 5, 0, 0, -75])), [24, 36, 0, 0, 0, 300]],
    ["rightShift", () => np.rightShift(i32([-16, 16, 7]), i32([2, 2, 1])), [-4, 4, 3]],
    ["leftShift", () => np.bitwiseLeftShift(i32([1, -3, 5]), i32([3, 2, 31])), [8, -12, -2147483648]],
    ["floatPower", () => np.floatPower(i32([2, 3, -2]), i32([3, -1, 2])), [8.0, 0.3333333432674408, 4.0]],
    ["cumulativeProd includeInitial", () => np.cumulativeProd(f32([1, 2, 3, 4, 5, 6]).reshape([2, 3]), { axis: 1, includeInitial: true }), [1.0, 1.0, 2.0, 6.0, 1.0, 4.0, 20.0, 120.0]],
  ];
  // XLA's CPU flushes the float32 subnormal X[7] = 1e-40 to zero in heaviside's comparison and
  // modf's arithmetic; dprog keeps subnormals, as numpy does, so that element is numpy's there.
  const NUMPY_AT_SUBNORMAL: Record<string, number> = { heaviside: 1, "modf fraction": Math.fround(1e-40) };
  for (const [name, f, jaxValues] of cases) {
    const want = [...jaxValues];
    if (name in NUMPY_AT_SUBNORMAL) want[7] = NUMPY_AT_SUBNORMAL[name]!;
    it(`${name}: eager and jit (twice) equal JAX`, () => {
      expectSame(read(f()), want);
      const jf = jit(f);
      expectSame(read(jf()), want);
      expectSame(read(jf()), want);
    });
  }

  it("frexp and ldexp: JAX's values; a float32 subnormal as numpy (JAX 0.10.2's CPU flushes it)", () => {
    const [m, e] = np.frexp(x);
    // np.frexp(np.float32(1e-40)) = (0.54444..., -132); JAX gives (0.5, -149).
    const [m40, e40] = np.frexp(f32([1e-40]));
    expect(e40.item()).toBe(-132);
    expect((m40.item() as number) * 2 ** -132).toBe(Math.fround(1e-40));
    const keep = (v: (number | boolean)[]) => v.filter((_, i) => i !== 7);
    expectSame(keep(read(m)), keep([-0.875, -0, 0.0, 0.6000000238418579, 0.5, 0.625, 0.875, 0.5, Infinity, -Infinity, NaN]));
    expectSame(keep(read(e)), keep([2, 0, 0, -1, 1, 2, 3, -149, 0, 0, 0]));
    expect(e.dtype).toBe("int32");
    // ldexp(3, -140) is the subnormal 3 * 2^-140 (numpy); JAX 0.10.2 underflows it to 0.
    const got = read(np.ldexp(f32([1, 0.75, -3, 1e-30, 0, Infinity, 3]), i32([3, -2, 100, 120, 5, 1, -140])));
    const want = [8.0, 0.1875, -3.802951800684688e+30, 1329228.0, 0.0, Infinity, 0.0];
    want[6] = 3 * 2 ** -140;
    expectSame(got, want);
    expect(() => np.ldexp(f32([1]), f32([2]))).toThrow("ldexp not supported for input types");
  });

  it("sinc's derivatives at 0 are its Taylor coefficients (JAX's custom JVP), to fourth order", () => {
    const s = (v: Array) => np.sinc(v);
    const at0 = np.array(0, { dtype: "float64" });
    const g1 = grad(s);
    const g2 = grad(g1);
    const g3 = grad(g2);
    const g4 = grad(g3);
    expect(g1(at0).item()).toBe(0.0);
    expect(g2(at0).item()).toBeCloseTo(-3.2898681336964524, 12); // -pi^2 / 3
    expect(g3(at0).item()).toBe(0.0);
    expect(g4(at0).item()).toBeCloseTo(19.481818206800487, 11); // pi^4 / 5
    // Away from 0 it is the quotient's derivative: (cos(pi x) - sinc(x)) / x.
    const x0 = 0.7;
    const sincX0 = Math.sin(Math.PI * x0) / (Math.PI * x0);
    expect(g1(np.array(x0, { dtype: "float64" })).item()).toBeCloseTo((Math.cos(Math.PI * x0) - sincX0) / x0, 12);
  });

  it("checkGrads (order 2, forward and reverse, float64) away from kinks", () => {
    const f64 = (v: number[]): Array => np.array(v, { dtype: "float64" });
    testUtil.checkGrads((a: Array) => np.sinc(a), [f64([0.3, -1.7, 2.2])], 2);
    testUtil.checkGrads((a: Array, b: Array) => np.copysign(a, b), [f64([0.3, -1.7]), f64([-2, 5])], 2);
    testUtil.checkGrads((a: Array, b: Array) => np.floatPower(a, b), [f64([0.3, 1.7]), f64([-2.5, 1.5])], 2);
    testUtil.checkGrads((a: Array, b: Array) => np.fmax(a, b), [f64([0.3, -1.7]), f64([-2, 5])], 2);
    testUtil.checkGrads((a: Array) => np.ldexp(a, np.array([3, -2], { dtype: "int32" })), [f64([0.3, -1.7])], 2);
    testUtil.checkGrads((a: Array) => np.modf(a)[0], [f64([0.3, -1.7])], 2);
  });

  it("vmap equals a loop over examples", () => {
    const a = f32([1.5, -2, 0.25, 8, -0.5, 3]).reshape([2, 3]);
    const b = f32([-1, 2, NaN, 0.5, 4, -3]).reshape([2, 3]);
    for (const f of [np.fmax, np.copysign, np.heaviside, (p: Array, q: Array) => np.ldexp(p, np.astype(q, "int32"))]) {
      const batched = read(vmap(f)(a, b));
      const looped = [0, 1].flatMap((i) => read(f(a.at(i).get(), b.at(i).get())));
      expectSame(batched, looped);
    }
  });
});

describe("numpy 2 names", () => {
  it("acos ... atan2 and the bitwise names are numpy's functions", () => {
    expect(np.acos).toBe(np.arccos);
    expect(np.atan2).toBe(np.arctan2);
    expect(np.asinh).toBe(np.arcsinh);
    expect(np.bitwiseInvert).toBe(np.invert);
    expect(np.bitwiseRightShift).toBe(np.rightShift);
    expect(() => np.leftShift(f32([1]), 2)).toThrow(TypeError);
  });
});
