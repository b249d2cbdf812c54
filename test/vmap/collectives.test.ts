// Named-axis collectives under vmap (axisName) and pmap: values from JAX 0.10.2 (JAX_ENABLE_X64=1,
// test/vmap/collectivesValues.ts), against loops where a loop can express them, under jit inside
// and outside the vmap (twice, for scratch reuse), jvp and grad to second order, and JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, vmap, pmap, jit, grad, jvp, makeJaxpr, localDeviceCount } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";
import { JAX } from "./collectivesValues.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });
const list = (x: Array): unknown => x.tolist();
const close = (x: Array, want: unknown, tol = 1e-12): void => {
  expect(x.dtype).toBe("float64");
  const a = (x.ravel().tolist() as number[]);
  const b = (np.array(want as number[], { dtype: "float64" }).ravel().tolist() as number[]);
  expect(x.shape).toEqual(np.array(want as number[]).shape);
  a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i]!))));
};
const V = <F extends (...a: never[]) => unknown>(f: F, opts: { inAxes?: number } = {}) => vmap(f, { axisName: "i", ...opts });

// x = arange(12).reshape(3, 4) * [1, -2, 0.5, 3], as in the JAX script.
const x = np.multiply(np.arange(12, undefined, undefined, { dtype: "float64" }).reshape([3, 4]), f64([1, -2, 0.5, 3]));
const ar = (n: number, shape: number[]): Array => np.arange(n, undefined, undefined, { dtype: "float64" }).reshape(shape);
const rotate: [number, number][] = [[0, 1], [1, 2], [2, 0]];

/** Each case: the vmapped function, its argument, and the JAX value's key. */
const CASES: [string, (a: Array) => Array, () => Array][] = [
  ["psum", V((v: Array) => lax.psum(v, "i")), () => x],
  ["pmean", V((v: Array) => lax.pmean(v, "i")), () => x],
  ["pmax", V((v: Array) => lax.pmax(v, "i")), () => x],
  ["pmin", V((v: Array) => lax.pmin(v, "i")), () => x],
  ["axis_index", V((v: Array) => np.multiply(v, lax.axisIndex("i"))), () => x],
  ["psum_in1", V((v: Array) => lax.psum(v, "i"), { inAxes: 1 }), () => x],
  ["ag0", V((v: Array) => lax.allGather(v, "i")), () => x],
  ["ag1", V((v: Array) => lax.allGather(v, "i", { axis: 1 })), () => x],
  ["agt", V((v: Array) => lax.allGather(v, "i", { tiled: true })), () => x],
  ["pperm", V((v: Array) => lax.ppermute(v, "i", rotate)), () => x],
  ["a2a_t", V((v: Array) => lax.allToAll(v, "i", 0, 0)), () => ar(9, [3, 3])],
  ["a2a_01", V((v: Array) => lax.allToAll(v, "i", 0, 1)), () => ar(18, [3, 3, 2])],
  ["a2a_10", V((v: Array) => lax.allToAll(v, "i", 1, 0)), () => ar(18, [3, 2, 3])],
  ["a2a_tiled", V((v: Array) => lax.allToAll(v, "i", 1, 0, { tiled: true })), () => ar(36, [3, 2, 6])],
  ["ps0", V((v: Array) => lax.psumScatter(v, "i")), () => ar(18, [3, 3, 2])],
  ["ps1t", V((v: Array) => lax.psumScatter(v, "i", { scatterDimension: 1, tiled: true })), () => ar(36, [3, 2, 6])],
  ["nested_ij", vmap(vmap((v: Array) => lax.psum(v, ["i", "j"]), { axisName: "j" }), { axisName: "i" }), () => ar(24, [2, 3, 4])],
  ["nested_i", vmap(vmap((v: Array) => lax.psum(v, "i"), { axisName: "j" }), { axisName: "i" }), () => ar(24, [2, 3, 4])],
  [
    "nested_idx",
    vmap(vmap((v: Array) => np.add(np.multiply(v, 0), np.add(np.multiply(lax.axisIndex("i"), 10), lax.axisIndex("j"))), { axisName: "j" }), { axisName: "i" }),
    () => ar(24, [2, 3, 4]),
  ],
  ["nested_ag", vmap(vmap((v: Array) => lax.allGather(v, "i"), { axisName: "j" }), { axisName: "i" }), () => ar(24, [2, 3, 4])],
  ["nested_a2a", vmap(vmap((v: Array) => lax.allToAll(v, "i", 0, 0), { axisName: "j" }), { axisName: "i" }), () => ar(24, [2, 3, 2, 2])],
  ["nested_ps", vmap(vmap((v: Array) => lax.psumScatter(v, "i", { scatterDimension: 1 }), { axisName: "j" }), { axisName: "i" }), () => ar(48, [2, 3, 4, 2])],
  ["nested_pp", vmap(vmap((v: Array) => lax.ppermute(v, "j", rotate), { axisName: "j" }), { axisName: "i" }), () => ar(24, [2, 3, 4])],
];

describe("collectives under vmap: values from JAX 0.10.2", () => {
  for (const [key, f, arg] of CASES) {
    it(`${key}: eager, jit outside the vmap (twice)`, () => {
      close(f(arg()), JAX[key]);
      const jf = jit(f);
      close(jf(arg()), JAX[key]);
      close(jf(arg()), JAX[key]);
    });
  }

  it("batch-norm statistics via pmean", () => {
    const bn = (v: Array): Array => {
      const m = lax.pmean(v, "i");
      const c = np.subtract(v, m);
      return np.divide(c, np.sqrt(np.add(lax.pmean(np.square(c), "i"), 1e-5)));
    };
    close(V(bn)(x), JAX.bn, 1e-10);
    close(jit(V(bn))(x), JAX.bn, 1e-10);
  });
});
