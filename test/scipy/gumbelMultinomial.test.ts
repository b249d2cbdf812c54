// jax.scipy.stats gumbel_l / gumbel_r, multinomial and poisson.entropy (src/scipy/stats/gumbel.ts,
// moreStats.ts) against values from JAX 0.10.2 (JAX_ENABLE_X64=1, float64); jit = eager;
// vmap = loop; checkGrads order 2 float64.
import { describe, expect, it } from "vitest";
import { jit, numpy as np, scipy, testUtil, vmap, Array } from "../../src/index.js";

const f64 = (v: number[]): Array => np.array(v, { dtype: "float64" });
const st = scipy.stats;
const close = (got: Array, want: number[], rtol = 1e-13): void => {
  const g = [got.tolist()].flat(4) as number[];
  want.forEach((w, i) => (Number.isNaN(w) ? expect(Number.isNaN(g[i]!)).toBe(true) : expect(Math.abs(g[i]! - w)).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(w)))));
};

const x = f64([-2, -0.3, 0, 1, 3.5]);
const p = f64([0, 0.1, 0.5, 0.9, 1]);
const WANT: Record<"gumbelL" | "gumbelR", Record<string, number[]>> = {
  gumbelL: {
    logpdf: [-2.261007377612393, -1.5254446609515295, -1.455329752015287, -1.4677441998609206, -5.794521207038815],
    pdf: [0.10424541734274531, 0.21752431079020929, 0.23332341234894818, 0.2304447365716691, 0.003044187613418609],
    logcdf: [-1.7596184933326624, -0.8123576043843121, -0.6702973966558222, -0.28459524649267726, -0.0006181700170515628],
    cdf: [0.17211051260760846, 0.44381050225154595, 0.5115564199934841, 0.7523186963342055, 0.9993820210106689],
    sf: [0.8278894873923915, 0.556189497748454, 0.4884435800065159, 0.24768130366579455, 0.0006179789893310933],
    logsf: [-0.18887560283756188, -0.5866462195100318, -0.7165313105737893, -1.3956124250860895, -7.38905609893065],
    ppf: [NaN, -2.875550990968668, -0.049769380872496494, 1.751048667871934, NaN],
  },
  gumbelR: {
    logpdf: [-4.033288491911526, -1.5767366400975844, -1.4677441998609206, -1.455329752015287, -2.540800391344777],
    pdf: [0.017715975215504453, 0.20664836704302744, 0.2304447365716691, 0.23332341234894818, 0.07880330106209543],
    logcdf: [-5.294490050470029, -1.7046048653227532, -1.3956124250860895, -0.7165313105737893, -0.1353352832366127],
    cdf: [0.005019173248025562, 0.18184422494057026, 0.24768130366579455, 0.4884435800065159, 0.8734230184931167],
    sf: [0.9949808267519744, 0.8181557750594297, 0.7523186963342055, 0.5115564199934841, 0.12657698150688335],
    logsf: [-0.005031811605210922, -0.20070252645167094, -0.28459524649267726, -0.6702973966558222, -2.0669046064441696],
    ppf: [NaN, -0.7510486678719337, 1.0497693808724966, 3.875550990968668, NaN],
  },
};

describe("gumbel_l / gumbel_r against JAX", () => {
  for (const name of ["gumbelL", "gumbelR"] as const) {
    const d = st[name];
    for (const fn of ["logpdf", "pdf", "logcdf", "cdf", "sf", "logsf", "ppf"] as const) {
      it(`${name}.${fn}`, () => {
        const arg = fn === "ppf" ? p : x;
        close(d[fn](arg, 0.5, 1.5), WANT[name][fn]!);
        close(jit((a: Array) => d[fn](a, 0.5, 1.5))(arg), WANT[name][fn]!);
        close(vmap((a: Array) => d[fn](a, 0.5, 1.5))(arg), WANT[name][fn]!);
      });
    }
    it(`${name}: nan for scale <= 0; grads order 2`, () => {
      expect(Number.isNaN(d.logpdf(1, 0, -1).item() as number)).toBe(true);
      testUtil.checkGrads((a: Array, s: Array) => d.logpdf(a, 0.5, s), [f64([-0.3, 1, 2]), f64([1.5, 0.7, 2])], 2);
      testUtil.checkGrads((a: Array) => d.logcdf(a, 0.5, 1.5), [f64([-0.3, 1, 2])], 2);
      testUtil.checkGrads((a: Array) => d.logsf(a, 0.5, 1.5), [f64([-0.3, 1, 2])], 2);
    });
  }
});

describe("multinomial and poisson.entropy against JAX", () => {
  it("multinomial.logpmf / pmf", () => {
    close(st.multinomial.logpmf(np.array([1, 2, 3], { dtype: "int32" }), np.array(6, { dtype: "int32" }), f64([0.2, 0.3, 0.5])), [-2.0024805005437063]);
    expect(st.multinomial.pmf(np.array([1, 2, 2], { dtype: "int32" }), np.array(6, { dtype: "int32" }), f64([0.2, 0.3, 0.5])).item()).toBe(0);
    expect(() => st.multinomial.logpmf(f64([1, 2]), 3, f64([0.5, 0.5]))).toThrow("x and n must be of integer type");
    testUtil.checkGrads((q: Array) => st.multinomial.logpmf(np.array([1, 2, 3], { dtype: "int32" }), np.array(6, { dtype: "int32" }), q), [f64([0.2, 0.3, 0.5])], 2);
  });
  it("poisson.entropy in all three regimes", () => {
    const mu = f64([0, 0.5, 3, 25, 150]);
    const want = [0.0, 0.9276374674957976, 1.9314701981424343, 3.0249727377330218, 3.923700624697245];
    close(st.poisson.entropy(mu), want, 1e-12);
    close(jit((m: Array) => st.poisson.entropy(m))(mu), want, 1e-12);
    testUtil.checkGrads((m: Array) => st.poisson.entropy(m), [f64([0.5, 3, 25, 150])], 2);
  });
});
