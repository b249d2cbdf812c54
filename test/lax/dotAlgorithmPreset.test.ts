// lax.DotAlgorithmPreset as a dot's precision, as JAX 0.10.2 on the CPU: the members (JAX's enum
// values), accepted by name or member in dot, dotGeneral, matmul and conv; the presets XLA's CPU
// backend lacks raise JAX's ValueError.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, jit, grad, Array } from "../../src/index.js";

const a = np.array([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], { dtype: "float32" });
const b = np.array([[1, 0], [0, 1], [1, 1], [2, -1]], { dtype: "float32" });

describe("lax.DotAlgorithmPreset", () => {
  it("has JAX's members and values", () => {
    expect(Object.keys(lax.DotAlgorithmPreset)).toHaveLength(16);
    expect(lax.DotAlgorithmPreset.DEFAULT.value).toBe(1);
    expect(lax.DotAlgorithmPreset.F32_F32_F32.value).toBe(15);
    expect(String(lax.DotAlgorithmPreset.F64_F64_F64)).toBe("F64_F64_F64");
  });

  it("is accepted by dot, dotGeneral, matmul and conv, with the same values as no precision", () => {
    const want = lax.dot(a, b).tolist();
    for (const p of [lax.DotAlgorithmPreset.F32_F32_F32, "BF16_BF16_F32_X3", "DEFAULT", "F64_F64_F64"] as const) {
      expect(lax.dot(a, b, { precision: p }).tolist()).toEqual(want);
      expect(lax.dotGeneral(a, b, [[[1], [0]], [[], []]], { precision: p }).tolist()).toEqual(want);
      expect(np.matmul(a, b, { precision: p }).tolist()).toEqual(want);
      expect(jit((x: Array) => lax.dot(x, b, { precision: p }))(a).tolist()).toEqual(want);
    }
    const g = grad((x: Array) => np.sum(lax.dot(x, b, { precision: "F32_F32_F32" })))(a);
    expect(g.tolist()).toEqual(grad((x: Array) => np.sum(lax.dot(x, b)))(a).tolist());
    const img = np.ones([1, 1, 4, 4], { dtype: "float32" });
    const kernel = np.ones([1, 1, 2, 2], { dtype: "float32" });
    expect(lax.convGeneralDilated(img, kernel, [1, 1], "VALID", { precision: lax.DotAlgorithmPreset.BF16_BF16_F32 }).shape).toEqual([1, 1, 3, 3]);
  });

  it("raises JAX's errors for presets the CPU lacks and for unknown names", () => {
    expect(() => lax.dot(a, b, { precision: "TF32_TF32_F32_X3" })).toThrow("The precision 'TF32_TF32_F32_X3' is not supported by dot_general on CPU");
    expect(() => lax.dot(a, b, { precision: lax.DotAlgorithmPreset.ANY_F8_ANY_F8_F32 })).toThrow("not supported by dot_general on CPU");
    expect(() => lax.dot(a, b, { precision: "NOPE" as "DEFAULT" })).toThrow(/Precision argument must be one of/);
  });
});
