// Fuzzer seed 17067: a float in (-1, 0) converted to int32 is 0, not -0. Eager stores it in an
// Int32Array (which has no -0); a fused kernel kept Math.trunc's -0 in a register, and a later
// float op that tells the zeros apart (atan2 of a negative x) gave -pi instead of pi.
import { describe, expect, it } from "vitest";
import { numpy as np, jit } from "../../src/index.js";
import type { Array } from "../../src/index.js";

describe("float -> int32 conversion under jit has no negative zero", () => {
  const x = np.array([-1.3, 1.3, -0.2, 0.7], { dtype: "float64" });
  const f = (v: Array) => np.arctan2(np.astype(np.astype(v.mul(3), "int32"), "float64"), v);
  it("atan2 of the converted value matches eager, called twice", () => {
    const eager = f(x).tolist();
    expect(jit(f)(x).tolist()).toEqual(eager);
    expect(jit(f)(x).tolist()).toEqual(eager);
    expect((eager as number[])[2]).toBeCloseTo(Math.PI, 12);
  });
  it("the converted value itself is +0", () => {
    const g = jit((v: Array) => np.astype(np.astype(v, "int32"), "float64").mul(-1).add(0));
    expect(Object.is((jit((v: Array) => np.astype(np.astype(v, "int32"), "float64"))(np.array([-0.5], { dtype: "float64" })).tolist() as number[])[0], 0)).toBe(true);
    expect(g(np.array([-0.5], { dtype: "float64" })).tolist()).toEqual([0]);
  });
});
