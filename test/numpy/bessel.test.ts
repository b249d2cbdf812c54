// np.i0 and np.kaiser against JAX 0.10.2: float32 values (the default dtype), float64 values,
// derivatives (checkGrads order 2, float64), jit and vmap.
import { describe, expect, it } from "vitest";
import { jit, grad, numpy as np, testUtil, vmap, Array } from "../../src/index.js";

const close = (got: number[], want: number[], rtol: number): void => {
  got.forEach((g, i) => expect(Math.abs(g - want[i]!), `element ${i}: ${g} vs ${want[i]}`).toBeLessThanOrEqual(rtol * Math.abs(want[i]!)));
};

describe("np.i0", () => {
  it("float32 and float64 values from JAX 0.10.2", () => {
    close(np.i0(np.array([-2, -1, 0, 1, 2, 10.5], { dtype: "float32" })).tolist() as number[], [2.279585123062134, 1.2660659551620483, 1.0000001192092896, 1.2660659551620483, 2.279585123062134, 4527.44140625], 4 * 2 ** -23);
    close(np.i0(np.array([-3, 0.4, 2.5, 30], { dtype: "float64" })).tolist() as number[], [4.880792585865024, 1.0404017822293414, 3.289839144050123, 781672297823.9774], 1e-14);
    expect(np.i0(3).dtype).toBe("float32");
  });

  it("derivatives: I1 and its derivative (values from JAX 0.10.2), checkGrads order 2", () => {
    const x = np.array(0.7, { dtype: "float64" });
    const i0 = (v: Array): Array => np.i0(v);
    expect(grad(i0)(x).item()).toBeCloseTo(0.37187967777700853, 14);
    expect(grad(grad(i0))(x).item()).toBeCloseTo(0.5950463357682255, 13);
    testUtil.checkGrads(np.i0, [np.array([-2.5, -0.3, 0.6, 9], { dtype: "float64" })], 2);
  });

  it("jit (twice) and vmap equal eager; complex input raises", () => {
    const x = np.array([-3, 0.5, 8.5, 12], { dtype: "float64" });
    const eager = np.i0(x).tolist();
    const f = jit(np.i0);
    expect(f(x).tolist()).toEqual(eager);
    expect(f(x).tolist()).toEqual(eager);
    expect(vmap(np.i0)(x).tolist()).toEqual(eager);
    expect(() => np.i0(np.array([1], { dtype: "complex64" }))).toThrow("Unsupported input type to jax.numpy.i0: complex64");
  });
});

describe("np.kaiser", () => {
  it("float32 values from JAX 0.10.2; ones for M <= 1", () => {
    close(np.kaiser(7, 5).tolist() as number[], [0.036710891872644424, 0.32820191979408264, 0.7753219604492188, 0.9999999403953552, 0.7753219604492188, 0.32820191979408264, 0.036710891872644424], 4 * 2 ** -23);
    close(np.kaiser(4, 0.5).tolist() as number[], [0.9403062462806702, 0.9932752251625061, 0.9932752251625061, 0.9403062462806702], 4 * 2 ** -23);
    expect(np.kaiser(1, 3).tolist()).toEqual([1]);
    expect(np.kaiser(0, 3).shape).toEqual([0]);
    expect(() => np.kaiser(2.5, 1)).toThrow("M argument of jnp.kaiser must be a static integer");
    expect(np.kaiser(7, 5).dtype).toBe("float32");
  });
});
