// lax.populationCount and lax.clz (bitwise compositions) against JAX 0.10.2's values for every
// integer dtype at 0, 1, max, min, 5 and max // 3; jit = eager (twice); vmap = loop.
import { describe, expect, it } from "vitest";
import { Array, jit, lax, numpy as np, vmap } from "../../src/index.js";
import type { DType } from "../../src/index.js";

const INPUTS: Record<string, number[]> = {
  int8: [0, 1, 127, -128, 5, 42],
  int16: [0, 1, 32767, -32768, 5, 10922],
  int32: [0, 1, 2147483647, -2147483648, 5, 715827882],
  uint8: [0, 1, 255, 0, 5, 85],
  uint16: [0, 1, 65535, 0, 5, 21845],
  uint32: [0, 1, 4294967295, 0, 5, 1431655765],
};
// jax.lax.population_count(v).tolist(), jax.lax.clz(v).tolist()
const JAX: Record<string, [number[], number[]]> = {
  int8: [[0, 1, 7, 1, 2, 3], [8, 7, 1, 0, 5, 2]],
  int16: [[0, 1, 15, 1, 2, 7], [16, 15, 1, 0, 13, 2]],
  int32: [[0, 1, 31, 1, 2, 15], [32, 31, 1, 0, 29, 2]],
  uint8: [[0, 1, 8, 0, 2, 4], [8, 7, 0, 8, 5, 1]],
  uint16: [[0, 1, 16, 0, 2, 8], [16, 15, 0, 16, 13, 1]],
  uint32: [[0, 1, 32, 0, 2, 16], [32, 31, 0, 32, 29, 1]],
};

describe("lax.populationCount and lax.clz (values from JAX 0.10.2)", () => {
  for (const [dtype, values] of Object.entries(INPUTS)) {
    it(`${dtype}: eager, jit twice, vmap`, () => {
      const x = np.array(values, { dtype: dtype as DType });
      const [pop, lead] = JAX[dtype]!;
      for (const [f, want] of [[lax.populationCount, pop], [lax.clz, lead]] as [(a: Array) => Array, number[]][]) {
        expect(f(x).dtype).toBe(dtype);
        expect(f(x).tolist()).toEqual(want);
        const jf = jit(f);
        expect(jf(x).tolist()).toEqual(want);
        expect(jf(x).tolist()).toEqual(want);
        expect(vmap(f)(x.reshape([2, 3])).tolist()).toEqual([want.slice(0, 3), want.slice(3)]);
      }
    });
  }
  it("float operands: JAX's TypeError", () => {
    expect(() => lax.populationCount(np.array([1.5], { dtype: "float64" }))).toThrow(new TypeError("population_count does not accept dtype float64. Accepted dtypes are subtypes of integer."));
    expect(() => lax.clz(np.array([1.5], { dtype: "float32" }))).toThrow(new TypeError("clz does not accept dtype float32. Accepted dtypes are subtypes of integer."));
  });
});
