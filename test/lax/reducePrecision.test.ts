// lax.reducePrecision against JAX 0.10.2's values (CPU, jax_enable_x64), its derivatives (JAX's
// deflinear rule: the tangent is rounded like the primal), vmap, jit and JAX's errors.
import { describe, expect, it } from "vitest";
import { grad, jit, jvp, lax, numpy as np, vmap } from "../../src/index.js";

const x32 = [1.0, 1.5, 2.5, -2.5, 65504, 65520, 1e-8, 6e-5, 3.4e38, -0.1, 1 / 3, 255.5, -0.00006, 1.0039062, Infinity, -Infinity];
// jax.lax.reduce_precision(jnp.float32(x32), e, m) in JAX 0.10.2 (float32 results).
const WANT: Record<string, number[]> = {
  "8 7": [1, 1.5, 2.5, -2.5, 65536, 65536, 1.0011717677116394e-8, 6.008148193359375e-5, Infinity, -0.10009765625, 0.333984375, 256, -6.008148193359375e-5, 1, Infinity, -Infinity],
  "5 10": [1, 1.5, 2.5, -2.5, 65504, Infinity, 0, 0, Infinity, -0.0999755859375, 0.333251953125, 255.5, -0, 1.00390625, Infinity, -Infinity],
  "4 3": [1, 1.5, 2.5, -2.5, Infinity, Infinity, 0, 0, Infinity, -0.1015625, 0.34375, Infinity, -0, 1, Infinity, -Infinity],
};

describe("lax.reducePrecision", () => {
  for (const [key, want] of Object.entries(WANT)) {
    const [e, m] = key.split(" ").map(Number) as [number, number];
    it(`float32 to (${e}, ${m}) equals JAX, eager and jit (twice)`, () => {
      const x = np.array(x32, { dtype: "float32" });
      const wantF32 = want.map(Math.fround);
      expect(Array.from(lax.reducePrecision(x, e, m).dataSync())).toEqual(wantF32);
      // Behind a fused producer: the operand is read as float32, as eager stores it.
      const f = jit((a: typeof x) => lax.reducePrecision(np.multiply(a, 1), e, m));
      expect(Array.from(f(x).dataSync())).toEqual(wantF32);
      expect(Array.from(f(x).dataSync())).toEqual(wantF32);
    });
  }

  it("rounds ties to even and carries into the exponent (bfloat16 from float64)", () => {
    // 1 + 2^-8 is halfway between bfloat16's 1 and 1 + 2^-7: even is 1; 1 + 3*2^-8 rounds up to 1 + 2^-6.
    const x = np.array([1 + 2 ** -8, 1 + 3 * 2 ** -8, 2 - 2 ** -9, -(2 - 2 ** -9)], { dtype: "float64" });
    expect(Array.from(lax.reducePrecision(x, 8, 7).dataSync())).toEqual([1, 1 + 2 ** -6, 2, -2]);
  });

  it("keeps NaN and signed zeros; the target's overflow gives signed infinities", () => {
    const x = np.array([NaN, -0, 0, -1e6, 1e6], { dtype: "float32" });
    const got = Array.from(lax.reducePrecision(x, 5, 10).dataSync());
    expect(got[0]).toBeNaN();
    expect(Object.is(got[1], -0)).toBe(true);
    expect(Object.is(got[2], 0)).toBe(true);
    expect(got.slice(3)).toEqual([-Infinity, Infinity]);
  });

  it("is linear in JAX's sense: its JVP and gradient round the tangent and cotangent", () => {
    const x = np.array([0.3, 1.7], { dtype: "float32" });
    const t = np.array([1 / 3, 1], { dtype: "float32" });
    const [y, ty] = jvp((a) => lax.reducePrecision(a, 8, 7), [x], [t]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(lax.reducePrecision(x, 8, 7).dataSync()));
    expect(Array.from(ty.dataSync())).toEqual([0.333984375, 1]);
    // grad(sum(rp(x) * 1/3)) = rp(1/3) per element.
    const g = grad((a: typeof x) => np.sum(np.multiply(lax.reducePrecision(a, 8, 7), 1 / 3)))(x);
    expect(Array.from(g.dataSync())).toEqual([0.333984375, 0.333984375]);
  });

  it("vmap equals a loop over examples", () => {
    const x = np.array([[1.0039, 3.14159], [65519, 1e-5]], { dtype: "float32" });
    const batched = vmap((r: typeof x) => lax.reducePrecision(r, 5, 10))(x);
    const rows = [0, 1].map((i) => Array.from(lax.reducePrecision(x.at(i).get(), 5, 10).dataSync()));
    expect(Array.from(batched.dataSync())).toEqual(rows.flat());
  });

  it("raises JAX's errors", () => {
    const x = np.array([1, 2], { dtype: "float32" });
    expect(() => lax.reducePrecision(x, 0, 3)).toThrow("reduce_precision: exponent_bits must be positive; got 0");
    expect(() => lax.reducePrecision(x, 5, -1)).toThrow("reduce_precision: mantissa_bits must be non-negative; got -1");
    expect(() => lax.reducePrecision(x, 5.5, 3)).toThrow(TypeError);
    expect(() => lax.reducePrecision(np.array([1, 2], { dtype: "int32" }), 5, 3)).toThrow(/reduce_precision does not accept dtype int32/);
  });
});
