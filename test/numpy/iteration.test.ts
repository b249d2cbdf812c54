// Arrays iterate along axis 0 as JAX arrays do (issue 19, item 1): destructuring, for-of, spread,
// under jit, vmap and grad; a 0-d array raises JAX's "iteration over a 0-d array".
import { describe, it, expect } from "vitest";
import { numpy as np, random, tree, jit, vmap, grad, makeJaxpr } from "../../src/index.js";
import type { Array } from "../../src/index.js";

describe("iteration along axis 0", () => {
  it("destructures random.split into keys (values: jax 0.10.2 random.split(random.key(0)))", () => {
    const [k1, k2] = random.split(random.key(0));
    // jax.random.key_data(jax.random.split(jax.random.PRNGKey(0))) ==
    // [[1797259609, 2579123966], [928981903, 3453687069]]
    expect(k1!.tolist()).toEqual([1797259609, 2579123966]);
    expect(k2!.tolist()).toEqual([928981903, 3453687069]);
    expect(k1!.dtype).toBe("uint32");
  });

  it("destructures a vector into 0-d arrays and a matrix into rows", () => {
    const [x, y, z] = np.array([1, 2, 3]);
    expect([x!.shape, x!.tolist(), y!.tolist(), z!.tolist()]).toEqual([[], 1, 2, 3]);
    const rows: number[][] = [];
    for (const row of np.array([[1, 2], [3, 4], [5, 6]])) {
      expect(row.shape).toEqual([2]);
      rows.push(row.tolist() as number[]);
    }
    expect(rows).toEqual([[1, 2], [3, 4], [5, 6]]);
    const parts = [...np.arange(6).reshape([3, 2])];
    expect(parts.length).toBe(3);
    expect(parts.map((p) => p.tolist())).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(globalThis.Array.from(np.zeros([0, 2]))).toEqual([]);
    expect(parts[0]!.dtype).toBe("int32");
  });

  it("a 0-d array raises TypeError: iteration over a 0-d array", () => {
    expect(() => [...np.array(3)]).toThrow(TypeError);
    expect(() => [...np.array(3)]).toThrow("iteration over a 0-d array");
    expect(() => {
      for (const _ of np.ones([])) void _;
    }).toThrow("iteration over a 0-d array");
  });

  it("pytrees still treat Arrays as leaves", () => {
    const t = { a: np.array([1, 2, 3]), b: [np.ones([2, 2])] };
    const [leaves, def] = tree.flatten(t);
    expect(leaves.length).toBe(2);
    expect(def.numLeaves).toBe(2);
    expect(tree.leaves([np.arange(4)]).length).toBe(1);
    const [d0] = tree.leaves(tree.map((v: Array) => v.mul(2), t));
    expect((d0 as Array).tolist()).toEqual([2, 4, 6]);
  });

  it("under jit (called twice), the tracer iterates its static leading dimension", () => {
    const f = jit((u: Array) => {
      const [x, y, z] = u;
      return x!.mul(y!).add(z!);
    });
    expect(f(np.array([2, 3, 4])).tolist()).toBe(10);
    expect(f(np.array([1, 5, 1])).tolist()).toBe(6);
    const rowsum = jit((m: Array) => {
      let acc = np.zeros([m.shape[1]!]);
      for (const row of m) acc = acc.add(row);
      return acc;
    });
    expect(rowsum(np.array([[1, 2], [3, 4]])).tolist()).toEqual([4, 6]);
    expect(rowsum(np.array([[1, 1], [1, 1], [1, 1]])).tolist()).toEqual([3, 3]);
    expect(makeJaxpr((u: Array) => [...u][1]!)(np.array([1, 2])).toString()).toContain("slice");
    expect(() => jit((s: Array) => [...s])(np.array(1))).toThrow("iteration over a 0-d array");
  });

  it("under vmap, each example iterates its own leading dimension", () => {
    const f = (u: Array) => {
      const [a, b] = u;
      return a!.sub(b!);
    };
    expect(vmap(f)(np.array([[5, 1], [7, 2], [1, 1]])).tolist()).toEqual([4, 5, 0]);
    expect(() => vmap((u: Array) => [...u][0]!)(np.array([1, 2]))).toThrow("iteration over a 0-d array");
  });

  it("under grad, gradients flow through the slices", () => {
    const f = (u: Array) => {
      const [x, y, z] = u;
      return x!.mul(y!).mul(z!);
    };
    expect(grad(f)(np.array([2, 3, 4])).tolist()).toEqual([12, 8, 6]);
    expect(jit(grad(f))(np.array([1, 2, 3])).tolist()).toEqual([6, 3, 2]);
    const g = (m: Array) => {
      let s = np.array(0);
      for (const row of m) s = s.add(row.mul(row).sum());
      return s;
    };
    expect(grad(g)(np.array([[1, 2], [3, 4]])).tolist()).toEqual([[2, 4], [6, 8]]);
  });
});
