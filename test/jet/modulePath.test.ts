// jax.experimental.jet's module path: experimental.jet.jet is the same transform as the top-level jet.
import { describe, expect, it } from "vitest";
import { numpy as np, jet, experimental } from "../../src/index.js";
import type { Array } from "../../src/index.js";

describe("experimental.jet", () => {
  it("is the top-level jet", () => {
    expect(experimental.jet.jet).toBe(jet);
    const x = np.array(0.3, { dtype: "float64" });
    const [y, [t1]] = experimental.jet.jet((v: Array) => np.exp(v), [x], [[np.array(1, { dtype: "float64" })]]) as [Array, Array[]];
    expect(y.item()).toBeCloseTo(Math.exp(0.3), 14);
    expect(t1!.item()).toBeCloseTo(Math.exp(0.3), 14);
  });
});
