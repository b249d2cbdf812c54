// np.roots and np.poly of a square matrix (issue 23), over np.linalg.eigvals: values from numpy
// 2.4.6 / JAX 0.10.2, compared as sets (eigenvalue order is the solver's), stripZeros both ways,
// jit with stripZeros false, and grad through the roots.
import { describe, expect, it } from "vitest";
import { numpy as np, jit, grad, Array } from "../../src/index.js";

type C = { re: number; im: number };
const f64 = (x: number[] | number[][]): Array => np.array(x, { dtype: "float64" });

function complexValues(x: Array): C[] {
  const d = Float64Array.from(x.astype("complex128").dataSync() as ArrayLike<number>, Number);
  return globalThis.Array.from({ length: d.length / 2 }, (_, i) => ({ re: d[2 * i]!, im: d[2 * i + 1]! }));
}

/** Each wanted value matched by a distinct got value within tol (NaNs match NaNs). */
function expectSameSet(got: Array, want: C[], tol: number): void {
  const g = complexValues(got);
  expect(g.length).toBe(want.length);
  const used = new Set<number>();
  for (const w of want) {
    const k = g.findIndex((c, i) => !used.has(i) && (Number.isNaN(w.re) ? Number.isNaN(c.re) && Number.isNaN(c.im) : Math.hypot(c.re - w.re, c.im - w.im) <= tol * Math.max(1, Math.hypot(w.re, w.im))));
    expect(k, `${JSON.stringify(w)} in ${JSON.stringify(g)}`).toBeGreaterThanOrEqual(0);
    used.add(k);
  }
}
const real = (...xs: number[]): C[] => xs.map((re) => ({ re, im: 0 }));

describe("np.roots", () => {
  it("finds the roots of real and complex polynomials (numpy 2.4.6)", () => {
    const r = np.roots(f64([1, -6, 11, -6]));
    expect(r.dtype).toBe("complex128");
    expectSameSet(r, real(3, 2, 1), 1e-14);
    expectSameSet(np.roots(f64([1, 0, 1])), [{ re: 0, im: 1 }, { re: 0, im: -1 }], 1e-15);
    // np.roots([1+1j, 2, -1j]).
    const pc = np.array([{ re: 1, im: 1 }, { re: 2, im: 0 }, { re: 0, im: -1 }], { dtype: "complex128" });
    expectSameSet(np.roots(pc), [{ re: -1.207106781186548, im: 0.5000000000000002 }, { re: 0.20710678118654754, im: 0.49999999999999994 }], 1e-14);
    expect(np.roots(np.array([1, -3, 2])).dtype).toBe("complex64");
  });

  it("strips leading zeros and returns trailing zeros as exact zero roots", () => {
    // np.roots([0, 0, 1, 3, 0, 0]) = [-3, 0, 0].
    const r = np.roots(f64([0, 0, 1, 3, 0, 0]));
    expectSameSet(r, real(-3, 0, 0), 1e-15);
    expect(complexValues(r).slice(1)).toEqual([{ re: 0, im: 0 }, { re: 0, im: 0 }]);
    expect(np.roots(f64([0, 0, 0])).shape).toEqual([0]);
    expect(np.roots(f64([5])).shape).toEqual([0]);
  });

  it("stripZeros false traces, with NaN roots for the leading zeros (JAX's values)", () => {
    // jnp.roots([0, 0, 1, 3, 0, 0], strip_zeros=False) = [-3, 0, 0, nan, nan].
    const f = jit((p: Array) => np.roots(p, { stripZeros: false }));
    for (let k = 0; k < 2; k++) expectSameSet(f(f64([0, 0, 1, 3, 0, 0])), [...real(-3, 0, 0), { re: NaN, im: NaN }, { re: NaN, im: NaN }], 1e-12);
    const g = complexValues(f(f64([0, 0, 1, 3, 0, 0])));
    expect(g.slice(3).every((c) => Number.isNaN(c.re))).toBe(true);
    expect(() => jit((p: Array) => np.roots(p))(f64([1, 2]))).toThrow(/strip_zeros=False/);
    expect(() => np.roots(f64([[1, 2]]))).toThrow("Input must be a rank-1 array.");
  });

  it("differentiates through the roots: d(sum of roots)/dp = d(-p1/p0)/dp", () => {
    const g = grad((p: Array) => np.real(np.sum(np.roots(p))))(f64([2, -6, 4]));
    const got = globalThis.Array.from(g.dataSync() as ArrayLike<number>, Number);
    [-1.5, -0.5, 0].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 10));
  });
});

describe("np.poly of a square matrix", () => {
  it("is the characteristic polynomial, complex (JAX 0.10.2's values)", () => {
    // jnp.poly([[1, 2], [3, 4]]) = [1, -5, -2].
    expectSameSet(np.poly(f64([[1, 2], [3, 4]])), real(1, -5, -2), 1e-14);
    expect(np.poly(f64([[1, 2], [3, 4]])).dtype).toBe("complex128");
    // jnp.poly([[2, -1, 0.5], [1, 0, -2], [0.5, 4, 1]]) = [1, -3, 10.75, -20] (the trace, ..., det).
    const p = complexValues(np.poly(f64([[2, -1, 0.5], [1, 0, -2], [0.5, 4, 1]])));
    [1, -3, 10.75, -20].forEach((v, i) => expect(Math.hypot(p[i]!.re - v, p[i]!.im)).toBeLessThan(1e-13 * Math.max(1, Math.abs(v))));
    expect(() => np.poly(np.zeros([2, 3]))).toThrow("input must be 1d or non-empty square 2d array.");
  });
});

describe("np.polyfit with complex data (the real embedding's minimiser)", () => {
  const x = f64([0, 1, 2, 3, 4]);
  const y = np.array([{ re: 1, im: 2 }, { re: 2, im: -1 }, { re: 0.5, im: 0.5 }, { re: 0, im: 3 }, { re: -1, im: 1 }], { dtype: "complex128" });
  const close = (got: Array, want: C[], tol: number): void => complexValues(got).forEach((c, i) => expect(Math.hypot(c.re - want[i]!.re, c.im - want[i]!.im), `${i}`).toBeLessThan(tol));

  it("real x, complex y: coefficients, full results and 2-D y (JAX 0.10.2's values)", () => {
    const c = np.polyfit(x, y, 2);
    expect(c.dtype).toBe("complex128");
    close(c, [{ re: -0.21428571428571422, im: 0.21428571428571408 }, { re: 0.25714285714285706, im: -0.6571428571428561 }, { re: 1.2714285714285705, im: 1.128571428571428 }], 1e-13);
    const [, resids, rank, s, rcond] = np.polyfit(x, y, 2, { full: true });
    expect(globalThis.Array.from(resids.dataSync() as ArrayLike<number>, Number)[0]).toBeCloseTo(8.914285714285715, 12);
    expect(rank.tolist()).toBe(3);
    globalThis.Array.from(s.dataSync() as ArrayLike<number>, Number).forEach((v, i) => expect(v).toBeCloseTo([1.6343788550878133, 0.5595003451308292, 0.12555923638001393][i]!, 12));
    expect(rcond).toBeCloseTo(1.1102230246251565e-15, 25);
    const Y = np.stack([y, np.add(np.multiply(y, 2), 1)], 1);
    const c2 = np.polyfit(x, Y, 1);
    expect(c2.shape).toEqual([2, 2]);
    close(c2, [{ re: -0.6, im: 0.2 }, { re: -1.2, im: 0.4 }, { re: 1.7, im: 0.7 }, { re: 4.4, im: 1.4 }], 1e-13);
  });

  it("complex x: coefficients and the covariance (JAX 0.10.2's values)", () => {
    const xc = np.add(x, np.multiply(np.multiply(x, x), { re: 0, im: 0.5 }));
    close(np.polyfit(xc, y, 1), [{ re: -0.00934579439252332, im: 0.28971962616822433 }, { re: 1.3878504672897198, im: 0.5485981308411209 }], 1e-13);
    const [, cov] = np.polyfit(xc, y, 1, { cov: true });
    close(np.ravel(cov), [
      { re: -0.0398085581236201, im: -0.04753260671477029 }, { re: -0.06298070389707065, im: 0.21449088780040093 },
      { re: -0.06298070389707065, im: 0.21449088780040093 }, { re: 1.4164122643417616, im: -0.24003966390958995 },
    ], 1e-12);
  });
});
