// np.polyfit against jnp.polyfit (JAX 0.10.2, jax_enable_x64; values printed by its Python API and
// pasted here): plain, full, cov (scaled and unscaled, weighted), 2-D y; JAX's errors; and under
// jit and grad (the fit is differentiable in y).
import { describe, expect, it } from "vitest";
import { numpy as np, jit, grad } from "../../src/index.js";
import type { Array } from "../../src/index.js";

const f64 = (v: number[] | number[][]): Array => np.array(v as number[], { dtype: "float64" });
const x = f64([0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]);
const y = f64([1.0, 1.8, 3.2, 4.9, 7.1, 10.2, 13.0]);
const w = f64([1, 2, 1, 0.5, 1, 1, 3]);
const close = (got: Array | number, want: unknown, tol = 1e-12): void => {
  const g = [typeof got === "number" ? got : got.tolist()].flat(3) as number[];
  const e = [want].flat(3) as number[];
  expect(g.length).toBe(e.length);
  g.forEach((v, i) => expect(Math.abs(v - e[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e[i]!))));
};

describe("np.polyfit", () => {
  it("degree 2, as JAX", () => {
    close(np.polyfit(x, y, 2), [0.9285714285714292, 1.2642857142857136, 0.9714285714285711]);
  });
  it("full: residuals, rank, singular values (of the scaled Vandermonde matrix) and rcond", () => {
    const [c, r, rank, s, rcond] = np.polyfit(x, y, 2, { full: true });
    close(c, [0.9285714285714292, 1.2642857142857136, 0.9714285714285711]);
    close(r, [0.10428571428571369], 1e-10);
    expect(rank.item()).toBe(3);
    close(s, [1.6388184704725095, 0.5478888332691144, 0.11870908649784476]);
    close(rcond, 1.5543122344752192e-15);
  });
  it("cov: scaled by residuals / (n - order); unscaled with weights", () => {
    const [, V] = np.polyfit(x, y, 2, { cov: true });
    close(V, [[0.004965986394557783, -0.01489795918367335, 0.006207482993197228], [-0.01489795918367335, 0.04841836734693839, -0.024209183673469206], [0.006207482993197225, -0.0242091836734692, 0.01986394557823116]], 1e-9);
    const [c, Vu] = np.polyfit(x, y, 1, { w, cov: "unscaled" });
    close(c, [4.389458955223881, -0.35694962686566933]);
    close(Vu, [[0.04291044776119403, -0.08675373134328358], [-0.08675373134328358, 0.23336442786069653]], 1e-10);
  });
  it("a 2-D y fits one polynomial per column", () => {
    const Y = np.stack([y, y.mul(2).add(x)], 1);
    close(np.polyfit(x, Y, 1), [[4.049999999999998, 9.099999999999996], [-0.18928571428571384, -0.37857142857142934]]);
  });
  it("JAX's errors", () => {
    expect(() => np.polyfit(x, y, -1)).toThrow("expected deg >= 0");
    expect(() => np.polyfit(np.ones([2, 2]), y, 1)).toThrow("expected 1D vector for x");
    expect(() => np.polyfit(x, f64([1, 2]), 1)).toThrow("expected x and y to have same length");
    expect(() => np.polyfit(x, y, 1, { w: f64([1, 2]) })).toThrow("expected w and y to have the same length");
    expect(() => np.polyfit(f64([1, 2]), f64([1, 2]), 1, { cov: true })).toThrow("the number of data points must exceed order");
  });
  it("jit equals eager (twice); grad in y is the fit's linear map", () => {
    const f = jit((a: Array, b: Array) => np.polyfit(a, b, 2));
    close(f(x, y), np.polyfit(x, y, 2).tolist());
    close(f(x, y), np.polyfit(x, y, 2).tolist());
    // The leading coefficient is linear in y: its gradient is the row of the pseudo-inverse, and
    // fitting y + t * g changes it by t * |g|^2.
    const g = grad((b: Array) => np.polyfit(x, b, 2).get(0))(y);
    const shifted = np.polyfit(x, y.add(g.mul(0.5)), 2).get(0).item() - np.polyfit(x, y, 2).get(0).item();
    expect(shifted).toBeCloseTo(0.5 * (np.sum(g.mul(g)).item() as number), 10);
  });
});
