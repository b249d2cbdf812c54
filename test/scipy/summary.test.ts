// jax.scipy.stats mode / rankdata / sem (src/scipy/stats/summary.ts) against values from JAX
// 0.10.2 (float32, JAX_ENABLE_X64 off); jit = eager; vmap = loop; sem's grads order 2 float64.
import { describe, expect, it } from "vitest";
import { jit, numpy as np, scipy, testUtil, vmap, Array } from "../../src/index.js";

const st = scipy.stats;
const L = (x: Array): unknown => x.tolist();
const x = np.array([[1, 3, 3, 2], [2, 2, 1, 1], [5, 1, 5, 1]], { dtype: "float32" });
/** Equal to float32 rounding (dprog's std sums in another order than XLA: 1 ulp). */
const near = (got: Array, want: number[]): void => ([got.tolist()].flat(3) as number[]).forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(2.5e-7 * Math.abs(want[i]!)));

describe("mode / rankdata / sem against JAX", () => {
  it("mode: smallest most common value and its int32 count", () => {
    const r = st.mode(x);
    expect([L(r.mode), L(r.count), r.count.dtype]).toEqual([[1, 1, 1, 1], [1, 1, 1, 2], "int32"]);
    expect(st.mode(x, { axis: null }).map(L)).toEqual([1, 5]);
    expect(jit((a: Array) => st.mode(a, { axis: 1, keepdims: true }))(x).map(L)).toEqual([[[3], [1], [1]], [[2], [2], [2]]]);
    expect(() => st.mode(x, { nanPolicy: "omit" })).toThrow("Logic for `nan_policy` of omit is not implemented");
  });
  it("rankdata: every tie method, along an axis, nan", () => {
    const d = np.array([10, 20, 20, 5, 20, 1], { dtype: "float32" });
    const want: Record<string, number[]> = {
      average: [3, 5, 5, 2, 5, 1], min: [3, 4, 4, 2, 4, 1], max: [3, 6, 6, 2, 6, 1], dense: [3, 4, 4, 2, 4, 1], ordinal: [3, 4, 5, 2, 6, 1],
    };
    for (const m of ["average", "min", "max", "dense", "ordinal"] as const) {
      expect(L(st.rankdata(d, m)), m).toEqual(want[m]);
      expect(L(jit((a: Array) => st.rankdata(a, m))(d)), m).toEqual(want[m]);
    }
    expect(L(st.rankdata(x, "average", { axis: 1 }))).toEqual([[1, 3.5, 3.5, 2], [3.5, 3.5, 1.5, 1.5], [3.5, 1.5, 3.5, 1.5]]);
    expect(L(st.rankdata(np.array([1, NaN, 2])))).toEqual([NaN, NaN, NaN]);
    expect(L(vmap((a: Array) => st.rankdata(a))(x))).toEqual([[1, 3.5, 3.5, 2], [3.5, 3.5, 1.5, 1.5], [3.5, 1.5, 3.5, 1.5]]);
  });
  it("sem (propagate / omit, axis, ddof, keepdims)", () => {
    near(st.sem(x), [1.201850414276123, 0.5773502588272095, 1.154700517654419, 0.3333333134651184]);
    near(st.sem(x, { axis: null }), [0.4286165237426758]);
    near(st.sem(np.array([1, 2, NaN, 4], { dtype: "float32" }), { nanPolicy: "omit" }), [0.8819170594215393]);
    near(jit((a: Array) => st.sem(a, { axis: 1, ddof: 0, keepdims: true }))(x), [0.4145781099796295, 0.25, 1.0]);
    testUtil.checkGrads((a: Array) => st.sem(a), [np.array([[1, 3.5], [2, 2.25], [5, 1]], { dtype: "float64" })], 2);
  });
});
