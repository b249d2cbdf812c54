// lax.linalg.luPivotsToPermutation (jax.lax.linalg.lu_pivots_to_permutation): values from JAX
// 0.10.2, agreement with lax.linalg.lu's own permutation, batches, vmap against a loop, jit against
// eager (called twice), JAX's error.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, jit, vmap, Array } from "../../src/index.js";
import { randn, values } from "../util/linalgValues.js";

const i32 = (x: number[] | number[][]): Array => np.array(x, { dtype: "int32" });

describe("lax.linalg.luPivotsToPermutation", () => {
  it("matches JAX 0.10.2 and lax.linalg.lu's permutation", () => {
    const p = lax.linalg.luPivotsToPermutation(i32([2, 2, 2]), 4);
    expect(p.dtype).toBe("int32");
    expect(values(p)).toEqual([2, 0, 1, 3]);
    expect(values(lax.linalg.luPivotsToPermutation(i32([[1, 2, 3], [3, 1, 2]]), 5))).toEqual([1, 2, 3, 0, 4, 3, 1, 2, 0, 4]);
    expect(values(lax.linalg.luPivotsToPermutation(np.zeros([0], { dtype: "int32" }), 3))).toEqual([0, 1, 2]);
    for (const [m, n, seed] of [[5, 5, 1], [6, 3, 2], [3, 6, 3]] as const) {
      const [, pivots, permutation] = lax.linalg.lu(randn([m, n], seed));
      expect(values(lax.linalg.luPivotsToPermutation(pivots, m))).toEqual(values(permutation));
    }
  });

  it("vmap against a loop; jit against eager (called twice); JAX's error", () => {
    const pivots = i32([[1, 1, 2], [2, 2, 2], [0, 2, 2]]);
    const batched = vmap((p: Array) => lax.linalg.luPivotsToPermutation(p, 3))(pivots);
    for (let b = 0; b < 3; b++) expect(values(batched.get(b))).toEqual(values(lax.linalg.luPivotsToPermutation(pivots.get(b), 3)));
    const f = jit((p: Array) => lax.linalg.luPivotsToPermutation(p, 4));
    for (let k = 0; k < 2; k++) expect(values(f(pivots))).toEqual(values(lax.linalg.luPivotsToPermutation(pivots, 4)));
    expect(() => lax.linalg.luPivotsToPermutation(i32([1, 2, 3]), 2)).toThrow("Output permutation size 2 has to exceed the trailing dimension of the pivots. Got pivots size 3");
  });
});
