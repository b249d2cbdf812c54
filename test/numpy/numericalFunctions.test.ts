// The numerical numpy names of issue 19, item 4: closeness tests, logaddexp, rounding helpers,
// NaN-aware reductions, quantiles, covariances, polynomials, convolutions, interp, trapezoid and
// log ranges. Reference values are literals from numpy 2.4 / jax 0.10.2 (jax_enable_x64, so
// float64 inputs give float64 answers); gradients are checked against finite differences.
import { describe, it, expect } from "vitest";
import { numpy as np, jit, vmap, grad, testUtil } from "../../src/index.js";
import type { Array } from "../../src/index.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });

type Nested = number | boolean | Nested[];
function near(a: Array, expected: Nested, tol = 1e-12): void {
  const walk = (g: Nested, e: Nested, path: string): void => {
    if (globalThis.Array.isArray(e)) {
      expect(globalThis.Array.isArray(g), `${path} is a list`).toBe(true);
      const gl = g as Nested[];
      expect(gl.length, `${path} length`).toBe(e.length);
      e.forEach((v, i) => walk(gl[i]!, v, `${path}[${i}]`));
    } else if (typeof e === "boolean") expect(g, path).toBe(e);
    else if (Number.isNaN(e)) expect(Number.isNaN(g as number), `${path}: ${String(g)} is NaN`).toBe(true);
    else if (!Number.isFinite(e)) expect(g, path).toBe(e);
    else expect(Math.abs((g as number) - e), `${path}: got ${String(g)}, expected ${e}`).toBeLessThanOrEqual(tol * (1 + Math.abs(e)));
  };
  walk(a.tolist() as Nested, expected, "out");
}

/** jit(f) called twice (compile, then the cache) agrees with f eagerly. */
function jitAgrees(f: (...xs: Array[]) => Array, ...args: Array[]): void {
  const eager = f(...args).tolist();
  const jf = jit(f);
  expect(jf(...args).tolist()).toEqual(eager);
  expect(jf(...args).tolist()).toEqual(eager);
}

/** vmap(f) over axis 0 of every argument agrees with a loop. */
function vmapAgrees(f: (...xs: Array[]) => Array, ...args: Array[]): void {
  const batched = vmap(f)(...args).tolist() as Nested[];
  const n = args[0]!.shape[0]!;
  for (let i = 0; i < n; i++) near(f(...args.map((a) => a.get(i))), batched[i]!, 1e-12);
}

describe("isclose allclose arrayEqual arrayEquiv isposinf isneginf", () => {
  it("match jnp", () => {
    near(np.isclose(f64([1.0, 1.0001, Infinity, NaN, 0, 1e-9]), f64([1.0, 1.0, Infinity, NaN, 1e-9, 0])), [true, false, true, false, true, true]);
    near(np.isclose(np.array([1, 1.00001]), np.array([1, 1])), [true, false]); // float32, as jnp
    near(np.isclose(f64([NaN, 1]), f64([NaN, 1.1]), { equalNan: true, rtol: 0.2 }), [true, true]);
    near(np.isclose(f64([1]), f64([1.1]), 0, 0.2), [true]);
    expect(np.allclose(f64([1, 2]), f64([1, 2 + 1e-9])).item()).toBe(true);
    expect(np.allclose(f64([1, NaN]), f64([1, NaN])).item()).toBe(false);
    expect(np.allclose(f64([1, NaN]), f64([1, NaN]), { equalNan: true }).item()).toBe(true);
    expect(np.arrayEqual(f64([1, 2]), np.array([1, 2], { dtype: "int32" })).item()).toBe(true);
    expect(np.arrayEqual(f64([1, 2]), f64([[1, 2]])).item()).toBe(false);
    expect(np.arrayEqual(f64([NaN]), f64([NaN])).item()).toBe(false);
    expect(np.arrayEqual(f64([NaN]), f64([NaN]), true).item()).toBe(true);
    expect(np.arrayEquiv(f64([1, 2]), f64([[1, 2], [1, 2]])).item()).toBe(true);
    expect(np.arrayEquiv(f64([1, 2]), f64([1, 2, 3])).item()).toBe(false);
    near(np.isposinf(f64([-Infinity, 0, Infinity, NaN])), [false, false, true, false]);
    near(np.isneginf(f64([-Infinity, 0, Infinity, NaN])), [true, false, false, false]);
    near(np.isposinf(np.array([1, 2], { dtype: "int32" })), [false, false]);
  });
  it("jit", () => {
    jitAgrees((a, b) => np.isclose(a, b), f64([1, 2, NaN]), f64([1, 2.5, NaN]));
    jitAgrees((a, b) => np.arrayEqual(a, b), f64([1, 2]), f64([1, 2]));
  });
});

describe("logaddexp logaddexp2", () => {
  it("values (numpy 2.4 / jax 0.10.2)", () => {
    near(np.logaddexp(f64([0, 1000, -Infinity, Infinity, -1000, Infinity]), f64([0, 1000, 1, Infinity, -1000.5, -Infinity])), [0.6931471805599453, 1000.6931471805599, 1.0, Infinity, -999.5259230158199, Infinity]);
    near(np.logaddexp2(f64([1, 10, -Infinity]), f64([1, 0, 3])), [2.0, 10.001408194392809, 3.0]);
    expect(np.logaddexp(np.array([1000]), 1000).dtype).toBe("float32");
    near(np.logaddexp(np.array([1000, -1000]), np.array([1000, -1000])), [1000.6931762695312, -999.3068237304688], 1e-7);
  });
  it("JAX's custom JVP at +-inf and large magnitude", () => {
    const g = grad((a: Array, b: Array) => np.logaddexp(a, b), { argnums: [0, 1] });
    const at = (a: number, b: number) => (g(f64(a), f64(b)) as Array[]).map((t) => t.item());
    expect(at(Infinity, Infinity)).toEqual([1, 1]);
    expect(at(-Infinity, 1)).toEqual([0, 1]);
    expect(at(1000, -1000)).toEqual([1, 0]);
    expect(at(-Infinity, -Infinity).every(Number.isNaN)).toBe(true);
    const g2 = grad((a: Array) => np.logaddexp2(a, f64(3)));
    expect((g2(f64(3)) as Array).item()).toBeCloseTo(0.5, 14);
  });
  it("gradients against finite differences (order 2), incl. large magnitude", () => {
    testUtil.checkGrads((a: Array, b: Array) => np.logaddexp(a, b), [f64([0.3, -1.2, 2.0]), f64([0.1, 0.5, -3.0])], 2);
    testUtil.checkGrads((a: Array, b: Array) => np.logaddexp(a, b), [f64([800.3, -900.2]), f64([800.1, -899.5])], 2);
    testUtil.checkGrads((a: Array, b: Array) => np.logaddexp2(a, b), [f64([0.3, -1.2]), f64([0.1, 0.5])], 2);
  });
  it("jit and vmap", () => {
    jitAgrees((a, b) => np.logaddexp(a, b), f64([1, 2, -Infinity]), f64([0, 5, 1]));
    vmapAgrees((a, b) => np.logaddexp2(a, b), f64([[1, 2], [3, 4]]), f64([[0, 5], [1, -1]]));
  });
});

describe("rint fmod divmod nextafter nanToNum", () => {
  it("values (numpy 2.4 / jax 0.10.2)", () => {
    near(np.rint(f64([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.7])), [-2.0, -2.0, -0.0, 0.0, 2.0, 2.0, 4.0]);
    expect(np.rint(np.array([1, 2], { dtype: "int32" })).dtype).toBe("float32");
    near(np.fmod(f64([-7, 7, -7.5, 7.5]), f64([3, -3, 2, 2])), [-1.0, 1.0, -1.5, 1.5]);
    near(np.fmod(np.array([-7, 7, 5], { dtype: "int32" }), np.array([3, -3, 0], { dtype: "int32" })), [-1, 1, 0]);
    const [q, r] = np.divmod(f64([7, -7, 7.5, -7.5]), f64([2, 2, -2, 0.5]));
    near(q, [3.0, -4.0, -4.0, -15.0]);
    near(r, [1.0, 1.0, -0.5, -0.0]);
    near(np.nanToNum(f64([NaN, Infinity, -Infinity, 1.5])), [0.0, 1.7976931348623157e308, -1.7976931348623157e308, 1.5]);
    near(np.nanToNum(f64([NaN, Infinity, -Infinity]), { nan: 1, posinf: 2, neginf: 3 }), [1, 2, 3]);
    near(np.nanToNum(f64([NaN, Infinity]), true, 7, 8), [7, 8]);
    near(np.nanToNum(np.array([NaN, -Infinity])), [0, -3.4028234663852886e38]);
  });
  it("nextafter matches numpy bit for bit (float32 and float64)", () => {
    expect(np.nextafter(f64([1, 0, -1, 2, Infinity, 1e-310, 2 ** -1022, 3]), f64([2, -1, 0, 0, 0, 1, 0, 3])).tolist()).toEqual([1.0000000000000002, -5e-324, -0.9999999999999999, 1.9999999999999998, 1.7976931348623157e308, 1.00000000000005e-310, 2.225073858507201e-308, 3]);
    expect(np.nextafter(np.array([1, 0, -1, 2, Infinity, -Infinity]), np.array([2, -1, 0, 0, 0, 0])).tolist()).toEqual([1.0000001192092896, -1.401298464324817e-45, -0.9999999403953552, 1.9999998807907104, 3.4028234663852886e38, -3.4028234663852886e38]);
    expect(Number.isNaN(np.nextafter(f64(NaN), f64(1)).item())).toBe(true);
  });
  it("jit", () => {
    jitAgrees((a, b) => np.nextafter(a, b), f64([1, -2, 0]), f64([2, 0, 1]));
    jitAgrees((a, b) => np.fmod(a, b), f64([-7, 7.5]), f64([3, 2]));
    jitAgrees((a) => np.nanToNum(a), f64([NaN, -Infinity, 2]));
  });
});

describe("NaN-aware reductions", () => {
  const x = () => f64([[1, NaN, 3, 7], [4, 2, NaN, NaN], [NaN, NaN, NaN, NaN]]);
  it("values (numpy 2.4 / jax 0.10.2), options objects and positional forms", () => {
    near(np.nanvar(x(), { axis: 1 }), [6.222222222222222, 1.0, NaN]);
    near(np.nanvar(x(), 1), [6.222222222222222, 1.0, NaN]);
    near(np.nanstd(x(), { axis: 1, ddof: 1 }), [3.0550504633038935, 1.4142135623730951, NaN]);
    near(np.nanstd(x(), 1, false, { ddof: 1 }), [3.0550504633038935, 1.4142135623730951, NaN]);
    near(np.nanargmax(x(), { axis: 1 }), [3, 0, -1]);
    near(np.nanargmin(x(), 1), [0, 1, -1]);
    near(np.nanargmax(x(), { axis: 1, keepdims: true }), [[3], [0], [-1]]);
    near(np.nanargmax(x()), 3);
    near(np.nanmean(x(), { axis: 0 }), [2.5, 2.0, 3.0, 7.0]);
    near(np.nanmean(x(), 0), [2.5, 2.0, 3.0, 7.0]);
    near(np.nanmax(x(), { axis: 1 }), [7.0, 4.0, NaN]);
    near(np.nanmin(x(), 1), [1.0, 2.0, NaN]);
    near(np.nansum(x(), { axis: 1, keepdims: true }), [[11.0], [6.0], [0.0]]);
    near(np.nansum(x(), 1, true), [[11.0], [6.0], [0.0]]);
    near(np.nanprod(x(), { axis: 1 }), [21, 8, 1]);
    near(np.nancumsum(f64([1, NaN, 2]), { axis: 0 }), [1, 1, 3]);
    near(np.nancumprod(f64([2, NaN, 3])), [2, 2, 6]);
    expect(np.nansum(np.array([1, 2], { dtype: "int32" }), { dtype: "float64" }).dtype).toBe("float64");
    const mask = np.array([[true, true, false, true], [true, true, true, true], [true, true, true, true]]);
    near(np.nansum(x(), { axis: 1, where: mask }), [8, 6, 0]);
    near(np.nanmean(x(), { axis: 1, where: mask }), [4, 3, NaN]);
    expect(np.nanmean(np.array([1, 2], { dtype: "int32" })).dtype).toBe("float32");
  });
  it("nanmean gradient (order 2) is finite and ignores NaNs", () => {
    testUtil.checkGrads((a: Array) => np.nanmean(a.mul(a), { axis: 0 }), [f64([[0.3, 1.2], [-0.5, 2.0]])], 2);
    const g = grad((a: Array) => np.nanmean(a)) as (a: Array) => Array;
    near(g(f64([1, NaN, 3])), [0.5, 0, 0.5]);
    const gv = grad((a: Array) => np.nanvar(a)) as (a: Array) => Array;
    near(gv(f64([1, NaN, 3])), [-1, 0, 1]);
  });
  it("jit and vmap", () => {
    jitAgrees((a) => np.nanvar(a, { axis: 1 }), x());
    jitAgrees((a) => np.nanargmin(a, { axis: 1 }), x());
    vmapAgrees((a) => np.nanstd(a), x());
    vmapAgrees((a) => np.nanargmax(a), x());
  });
});

describe("quantile percentile nanquantile nanpercentile", () => {
  const a = () => f64([[3, 1, 4, 1, 5], [9, 2, 6, 5, 3]]);
  const expected: Record<string, number[][]> = {
    linear: [[1.0, 2.4000000000000004], [3.0, 5.0], [4.6, 7.8]],
    lower: [[1.0, 2.0], [3.0, 5.0], [4.0, 6.0]],
    higher: [[1.0, 3.0], [3.0, 5.0], [5.0, 9.0]],
    nearest: [[1.0, 2.0], [3.0, 5.0], [5.0, 9.0]],
    midpoint: [[1.0, 2.5], [3.0, 5.0], [4.5, 7.5]],
  };
  it("every method (numpy 2.4 / jax 0.10.2)", () => {
    for (const method of ["linear", "lower", "higher", "nearest", "midpoint"] as const) {
      near(np.quantile(a(), f64([0.1, 0.5, 0.9]), { axis: 1, method }), expected[method]!);
    }
    near(np.quantile(a(), f64([0.1, 0.5, 0.9]), 1, null, false, "lower"), expected.lower!);
    near(np.quantile(a(), 0.3), 2.6999999999999997);
    near(np.quantile(a(), f64([0.25, 0.75]), { axis: 0, keepdims: true }), [[[4.5, 1.25, 4.5, 2.0, 3.5]], [[7.5, 1.75, 5.5, 4.0, 4.5]]]);
    near(np.quantile(a(), 0.5, { axis: [0, 1] }), 3.5);
    near(np.percentile(a(), 40, { axis: 1 }), [2.2, 4.2]);
    const b = f64([[3, NaN, 4, 1, 5], [NaN, NaN, NaN, NaN, NaN]]);
    near(np.nanquantile(b, f64([0.2, 0.5]), { axis: 1 }), [[2.2, NaN], [3.5, NaN]]);
    near(np.nanpercentile(b, 50, { axis: 1 }), [3.5, NaN]);
    near(np.quantile(b, 0.5, { axis: 1 }), [NaN, NaN]);
    expect(np.quantile(np.array([1, 2, 3, 4]), 0.5).dtype).toBe("float32");
    expect(() => np.quantile(a(), 0.5, { method: "bogus" as "linear" })).toThrow(/method can only be/);
    expect(() => np.quantile(a(), f64([[0.5]]))).toThrow(/q must be have rank <= 1/);
  });
  it("gradients against finite differences (order 2)", () => {
    testUtil.checkGrads((x: Array) => np.quantile(x, f64([0.3, 0.75]), { axis: 1 }), [f64([[0.3, 1.7, -0.4, 2.2], [5.0, 1.0, 3.0, 4.5]])], 2);
    testUtil.checkGrads((x: Array) => np.nanpercentile(x, 60), [f64([0.3, 1.7, -0.4, 2.2])], 2);
  });
  it("jit and vmap", () => {
    jitAgrees((x, q) => np.quantile(x, q, { axis: 1 }), a(), f64([0.1, 0.9]));
    jitAgrees((x) => np.nanquantile(x, 0.4, { axis: 1, method: "nearest" }), a());
    vmapAgrees((x, q) => np.quantile(x, q), a(), f64([0.2, 0.7]));
  });
});

describe("cov corrcoef", () => {
  const m = () => f64([[0.5, 1.2, 3.1, 2.2], [2.0, 1.1, 0.3, 4.4], [1.0, 1.0, 2.0, 3.5]]);
  const fw = () => np.array([1, 2, 1, 3], { dtype: "int32" });
  const aw = () => f64([0.5, 1, 2, 1]);
  it("values (numpy 2.4 / jax 0.10.2)", () => {
    near(np.cov(m()), [[1.2966666666666669, -0.23999999999999982, 0.825], [-0.23999999999999982, 3.1500000000000004, 1.4916666666666667], [0.825, 1.4916666666666667, 1.3958333333333333]]);
    near(np.cov(m(), { bias: true }), [[0.9725000000000001, -0.17999999999999988, 0.61875], [-0.17999999999999988, 2.3625000000000003, 1.1187500000000001], [0.61875, 1.1187500000000001, 1.046875]]);
    near(np.cov(m(), null, true, false, 2), [[1.9450000000000003, -0.35999999999999976, 1.2375], [-0.35999999999999976, 4.7250000000000005, 2.2375000000000003], [1.2375, 2.2375000000000003, 2.09375]]);
    near(np.cov(m(), { rowvar: false }), [[0.5833333333333333, -0.02499999999999995, -1.075, 0.8083333333333335], [-0.02499999999999995, 0.009999999999999995, 0.05499999999999991, -0.06499999999999992], [-1.075, 0.05499999999999991, 1.9900000000000002, -1.5200000000000002], [0.8083333333333335, -0.06499999999999992, -1.5200000000000002, 1.2233333333333334]]);
    near(np.cov(m(), { fweights: fw() }), [[0.7633333333333334, 0.2916666666666668, 0.7166666666666668], [0.29166666666666685, 3.305714285714286, 1.967857142857143], [0.7166666666666668, 1.9678571428571427, 1.5714285714285714]]);
    near(np.cov(m(), { aweights: aw() }), [[1.3064285714285715, -0.7010714285714285, 0.5946428571428571], [-0.7010714285714285, 3.7117857142857154, 1.4464285714285716], [0.5946428571428571, 1.4464285714285716, 1.2053571428571428]]);
    near(np.cov(m(), { fweights: fw(), aweights: aw() }), [[0.7847872340425532, -0.15638297872340412, 0.4994680851063832], [-0.15638297872340412, 3.853191489361703, 1.9255319148936174], [0.4994680851063832, 1.9255319148936174, 1.3909574468085106]]);
    near(np.cov(m().get(0), m().get(1)), [[1.2966666666666669, -0.23999999999999982], [-0.23999999999999982, 3.1500000000000004]]);
    near(np.cov(m().get(0)), 1.2966666666666669);
    near(np.corrcoef(m()), [[1.0, -0.11875223483990163, 0.6132294346831624], [-0.11875223483990163, 0.9999999999999999, 0.7113768456344203], [0.6132294346831624, 0.7113768456344203, 1.0]]);
    expect(() => np.cov(f64([[[1]]]))).toThrow(/m has more than 2 dimensions/);
    expect(() => np.cov(m(), { fweights: aw() })).toThrow(/fweights must be integer/);
  });
  it("gradients against finite differences (order 2)", () => {
    testUtil.checkGrads((x: Array) => np.cov(x), [m()], 2);
    testUtil.checkGrads((x: Array, w: Array) => np.cov(x, { aweights: w }), [m(), aw()], 2);
  });
  it("jit and vmap", () => {
    jitAgrees((x) => np.cov(x, { rowvar: false }), m());
    jitAgrees((x) => np.corrcoef(x), m());
    vmapAgrees((x) => np.cov(x), f64([[[1, 2, 4], [3, 1, 0]], [[0, 5, 1], [2, 2, 3]]]));
  });
});

describe("polyval vander", () => {
  it("values (numpy 2.4 / jax 0.10.2)", () => {
    near(np.polyval(f64([3, -2, 0.5, 1]), f64([-1, 0, 2.5])), [-4.5, 1.0, 36.625]);
    near(np.polyval(f64([[1, 2], [3, 4], [5, 6]]), f64([2.0])), [15.0, 22.0]);
    near(np.polyval(np.array([1, 2], { dtype: "int32" }), 3), 5);
    near(np.vander(f64([1, 2, 3, 5]), 3), [[1.0, 1.0, 1.0], [4.0, 2.0, 1.0], [9.0, 3.0, 1.0], [25.0, 5.0, 1.0]]);
    near(np.vander(f64([1, 2, 3]), { increasing: true }), [[1.0, 1.0, 1.0], [1.0, 2.0, 4.0], [1.0, 3.0, 9.0]]);
    near(np.vander(f64([1, 2, 3]), null, true), [[1.0, 1.0, 1.0], [1.0, 2.0, 4.0], [1.0, 3.0, 9.0]]);
    expect(() => np.vander(f64([[1]]))).toThrow(/x must be a one-dimensional array/);
  });
  it("gradients against finite differences (order 2)", () => {
    testUtil.checkGrads((p: Array, x: Array) => np.polyval(p, x), [f64([0.7, -1.3, 2.1]), f64([0.4, -1.5])], 2);
  });
  it("jit and vmap", () => {
    jitAgrees((p, x) => np.polyval(p, x), f64([1, 2, 3]), f64([0.5, 2]));
    vmapAgrees((p, x) => np.polyval(p, x), f64([[1, 2, 3], [0, -1, 4]]), f64([0.5, 2]));
  });
});

describe("convolve correlate", () => {
  it("every mode, swapped lengths (numpy 2.4 / jax 0.10.2)", () => {
    const a = f64([1, 2, 3, 4]);
    const v = f64([0, 1, 0.5]);
    near(np.convolve(a, v), [0.0, 1.0, 2.5, 4.0, 5.5, 2.0]);
    near(np.convolve(a, v, "same"), [1.0, 2.5, 4.0, 5.5]);
    near(np.convolve(a, v, { mode: "valid" }), [2.5, 4.0]);
    near(np.convolve(f64([1, 2]), f64([3, 4, 5, 6]), "same"), [3.0, 10.0, 13.0, 16.0]);
    near(np.correlate(a, v), [3.5, 5.0]);
    near(np.correlate(a, v, "full"), [0.5, 2.0, 3.5, 5.0, 4.0, 0.0]);
    near(np.correlate(f64([1, 2]), f64([3, 4, 5, 6]), "full"), [6.0, 17.0, 14.0, 11.0, 6.0]);
    near(np.correlate(f64([1, 2, 3, 4, 5]), f64([1, -1]), "same"), [-1, -1, -1, -1, -1]);
    expect(np.convolve(np.array([1, 2], { dtype: "int32" }), np.array([1, 1], { dtype: "int32" })).dtype).toBe("float32");
    expect(np.convolve(np.array([1, 2], { dtype: "int32" }), np.array([1, 1], { dtype: "int32" }), { preferredElementType: "int32" }).tolist()).toEqual([1, 3, 2]);
    expect(() => np.convolve(f64([[1]]), f64([1]))).toThrow(/only support 1-dimensional inputs/);
    expect(() => np.convolve(f64([1]), f64([1]), "bad" as "full")).toThrow(/mode must be one of/);
  });
  it("gradients against finite differences (order 2)", () => {
    for (const mode of ["full", "same", "valid"] as const) {
      testUtil.checkGrads((x: Array, y: Array) => np.convolve(x, y, mode), [f64([0.3, -1.2, 2.0, 0.7]), f64([0.5, 1.5, -0.25])], 2);
    }
    testUtil.checkGrads((x: Array, y: Array) => np.correlate(x, y, "full"), [f64([0.3, -1.2]), f64([0.5, 1.5, -0.25])], 2);
  });
  it("jit and vmap", () => {
    jitAgrees((x, y) => np.convolve(x, y, "same"), f64([1, 2, 3, 4]), f64([1, -1, 2]));
    vmapAgrees((x, y) => np.convolve(x, y), f64([[1, 2, 3], [0, 1, 5]]), f64([[1, -1], [2, 3]]));
    vmapAgrees((x) => np.correlate(x, f64([1, 0.5])), f64([[1, 2, 3], [0, 1, 5]]));
  });
});

describe("interp", () => {
  const xp = () => f64([0, 1, 2, 3]);
  const fp = () => f64([0, 10, 5, 8]);
  it("values, left/right/extrapolate/period (numpy 2.4 / jax 0.10.2)", () => {
    near(np.interp(f64([-1, 0, 0.5, 1.5, 2.5, 3, 4]), xp(), fp()), [0.0, 0.0, 5.0, 7.5, 6.5, 8.0, 8.0]);
    near(np.interp(f64([-1, 4]), xp(), fp(), -5, 99), [-5.0, 99.0]);
    near(np.interp(f64([-1, 4]), xp(), fp(), { left: "extrapolate", right: "extrapolate" }), [-10.0, 11.0]);
    near(np.interp(f64([-180, -170, -185, 185, -10, -5, 0, 365]), f64([190, -190, 350, -350]), f64([5, 10, 3, 4]), { period: 360 }), [7.5, 5.0, 8.75, 6.25, 3.0, 3.25, 3.5, 3.75]);
    near(np.interp(1.5, xp(), fp()), 7.5);
    expect(() => np.interp(f64([1]), f64([1, 2]), f64([1]))).toThrow(/xp and fp must be one-dimensional arrays of equal size/);
  });
  it("gradients against finite differences (order 2) in x, xp and fp", () => {
    testUtil.checkGrads((x: Array, p: Array, f: Array) => np.interp(x, p, f), [f64([0.3, 1.6, 2.2]), f64([0, 1, 2, 3]), f64([0.5, 2, -1, 4])], 2);
  });
  it("jit and vmap", () => {
    jitAgrees((x) => np.interp(x, xp(), fp()), f64([0.5, 2.5, 7]));
    vmapAgrees((x, f) => np.interp(x, xp(), f), f64([[0.5, 2.5], [1.5, -1]]), f64([[0, 10, 5, 8], [1, 2, 3, 4]]));
  });
});

describe("trapezoid", () => {
  it("values (numpy 2.4 / jax 0.10.2)", () => {
    near(np.trapezoid(f64([1, 4, 9, 16])), 21.5);
    near(np.trapezoid(f64([1, 4, 9, 16]), { x: f64([0, 1, 3, 6]) }), 53.0);
    near(np.trapezoid(f64([1, 4, 9, 16]), f64([0, 1, 3, 6])), 53.0);
    near(np.trapezoid(f64([[1, 2], [3, 5], [4, 9]]), { dx: 0.5, axis: 0 }), [2.75, 5.25]);
    near(np.trapezoid(f64([[1, 2], [3, 5], [4, 9]]), null, 0.5, 0), [2.75, 5.25]);
    near(np.trapezoid(f64([[1, 2, 3], [3, 5, 8]]), { x: f64([[0, 1, 3], [0, 2, 3]]) }), [6.5, 14.5]);
  });
  it("gradients against finite differences (order 2)", () => {
    testUtil.checkGrads((y: Array, x: Array) => np.trapezoid(y, { x }), [f64([0.3, 1.2, -0.7, 2.0]), f64([0, 0.5, 1.7, 2.0])], 2);
  });
  it("jit and vmap", () => {
    jitAgrees((y, x) => np.trapezoid(y, x), f64([1, 2, 4]), f64([0, 1, 3]));
    vmapAgrees((y) => np.trapezoid(y, { dx: 0.1 }), f64([[1, 2, 4], [0, 1, 0]]));
  });
});

describe("geomspace logspace", () => {
  it("values (numpy 2.4 / jax 0.10.2)", () => {
    near(np.geomspace(f64(1), f64(1000), 4), [1.0, 9.999999999999995, 99.9999999999999, 1000.0], 1e-14);
    near(np.geomspace(f64(-1), f64(-16), { num: 5, endpoint: false }), [-1.0, -1.7411011265922482, -3.031433133020796, -5.278031643091577, -9.189586839976279], 1e-14);
    near(np.logspace(f64(0), f64(2), 5), [1.0, 3.1622776601683795, 10.0, 31.622776601683793, 100.0], 1e-14);
    near(np.logspace(f64([0, 1]), f64([3, 4]), { num: 4, base: 2, axis: 1 }), [[1.0, 2.0, 4.0, 8.0], [2.0, 4.0, 8.0, 16.0]], 1e-14);
    near(np.logspace(0, 2, 3), [1, 10, 100], 1e-6);
    expect(np.logspace(0, 2, 3).dtype).toBe("float32");
    near(np.geomspace(1, 16, 5), [1, 2, 4, 8, 16], 1e-6);
    expect(np.logspace(0, 1, 0).shape).toEqual([0]);
  });
  it("jit", () => {
    jitAgrees((a, b) => np.geomspace(a, b, 6), f64(2), f64(64));
  });
});
