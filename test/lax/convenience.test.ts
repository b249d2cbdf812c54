// lax's convenience wrappers, checked against numpy-style known answers and composed with jit,
// vmap and grad (they are compositions of primitives, so every transform must see through them).
import { describe, expect, it } from "vitest";
import { numpy as np, lax, jit, vmap, grad, Array } from "../../src/index.js";

const f64 = (v: number[] | number[][] | number): Array => np.array(v as number[], { dtype: "float64" });
const m = f64([[1, 2, 3], [4, 5, 6]]);

describe("one-axis dynamic slicing", () => {
  it("dynamicSliceInDim / dynamicIndexInDim with a traced start, under jit", () => {
    const f = jit((x: Array, i: Array) => lax.dynamicSliceInDim(x, i, 2, 1));
    expect(f(m, np.array(1, { dtype: "int32" })).tolist()).toEqual([[2, 3], [5, 6]]);
    // Starts are clamped so the slice fits, as XLA does.
    expect(f(m, np.array(5, { dtype: "int32" })).tolist()).toEqual([[2, 3], [5, 6]]);
    expect(lax.dynamicIndexInDim(m, 1, 0).tolist()).toEqual([[4, 5, 6]]);
    expect(lax.dynamicIndexInDim(m, 2, 1, false).tolist()).toEqual([3, 6]);
    expect(lax.dynamicIndexInDim(m, 0, -1, false).tolist()).toEqual([1, 4]);
  });

  it("dynamicUpdateSliceInDim / dynamicUpdateIndexInDim, and their gradient", () => {
    expect(lax.dynamicUpdateSliceInDim(m, f64([[9], [9]]), 1, 1).tolist()).toEqual([[1, 9, 3], [4, 9, 6]]);
    expect(lax.dynamicUpdateIndexInDim(m, f64([7, 8, 9]), 0, 0).tolist()).toEqual([[7, 8, 9], [4, 5, 6]]);
    expect(lax.dynamicUpdateIndexInDim(m, f64([[7, 8, 9]]), 1, 0).tolist()).toEqual([[1, 2, 3], [7, 8, 9]]);
    const g = grad((u: Array) => lax.dynamicUpdateIndexInDim(m, u, 1, 0).mul(m).sum())(f64([0, 0, 0]));
    expect(g.tolist()).toEqual([4, 5, 6]);
  });

  it("indexInDim with a static (negative) index; out of range is an error", () => {
    expect(lax.indexInDim(m, -1, 1).tolist()).toEqual([[3], [6]]);
    expect(lax.indexInDim(m, 0, 0, false).tolist()).toEqual([1, 2, 3]);
    expect(() => lax.indexInDim(m, 2, 0)).toThrow(RangeError);
  });
});

describe("shape helpers", () => {
  it("collapse merges a range of dimensions", () => {
    const x = np.zeros([2, 3, 4, 5]);
    expect(lax.collapse(x, 1, 3).shape).toEqual([2, 12, 5]);
    expect(lax.collapse(x, 0).shape).toEqual([120]);
    expect(lax.collapse(x, 2, -1).shape).toEqual([2, 3, 4, 5]);
    expect(() => lax.collapse(x, 3, 1)).toThrow(TypeError);
  });

  it("full / fullLike", () => {
    expect(lax.full([2, 2], 3).tolist()).toEqual([[3, 3], [3, 3]]);
    expect(lax.full([2], 1.5, "int32").dtype).toBe("int32");
    expect(lax.fullLike(m, 7).dtype).toBe("float64");
    expect(lax.fullLike(m, 7, "float32", [3]).tolist()).toEqual([7, 7, 7]);
    expect(() => lax.full([2], f64([1, 2]))).toThrow(/scalar fill_value/);
  });

  it("batchMatmul over leading batch dimensions", () => {
    const a = np.reshape(np.arange(12, undefined, undefined, { dtype: "float64" }), [2, 2, 3]);
    const b = np.reshape(np.arange(12, undefined, undefined, { dtype: "float64" }), [2, 3, 2]);
    expect(lax.batchMatmul(a, b).tolist()).toEqual(np.matmul(a, b).tolist());
    expect(() => lax.batchMatmul(a, np.zeros([3, 2]))).toThrow(TypeError);
  });

  it("optimizationBarrier returns its operands", () => {
    const t = { a: m };
    expect(lax.optimizationBarrier(t)).toBe(t);
  });
});

describe("topK", () => {
  it("the k largest along the last axis, descending, ties by lower index", () => {
    const [v, i] = lax.topK(f64([[1, 5, 3, 5, 2], [0, -1, 4, 4, 4]]), 3);
    expect(v.tolist()).toEqual([[5, 5, 3], [4, 4, 4]]);
    expect(i.tolist()).toEqual([[1, 3, 2], [2, 3, 4]]);
    expect(i.dtype).toBe("int32");
    expect(() => lax.topK(f64([1, 2]), 3)).toThrow(TypeError);
  });

  it("under jit and vmap, and its gradient flows to the selected entries", () => {
    const x = f64([[3, 1, 2], [0, 9, 8]]);
    expect(jit((a: Array) => lax.topK(a, 2)[0])(x).tolist()).toEqual([[3, 2], [9, 8]]);
    expect(vmap((a: Array) => lax.topK(a, 1)[1])(x).tolist()).toEqual([[0], [1]]);
    const g = grad((a: Array) => lax.topK(a, 2)[0].mul(f64([10, 1])).sum())(f64([3, 1, 2]));
    expect(g.tolist()).toEqual([10, 0, 1]);
  });
});

describe("associativeScan", () => {
  const x = f64([1, 2, 3, 4, 5, 6, 7]);
  it("prefix sums for every length 0..9, forward and reversed, equal cumsum", () => {
    for (let n = 0; n <= 9; n++) {
      const v = np.arange(1, n + 1, 1, { dtype: "float64" });
      expect(lax.associativeScan(lax.add, v).tolist()).toEqual(np.cumsum(v).tolist());
      expect(lax.associativeScan(lax.add, v, true).tolist()).toEqual(np.flip(np.cumsum(np.flip(v))).tolist());
    }
  });

  it("a non-commutative operator over a pytree: composition of affine maps (a, b) -> a x + b", () => {
    // Combining (a1, b1) then (a2, b2) gives (a2 a1, a2 b1 + b2): the state after each step of x_{t+1} = a_t x_t + b_t from x_0 = 0.
    const a = f64([2, 3, 0.5, 1]);
    const b = f64([1, -1, 2, 4]);
    const out = lax.associativeScan((p: { a: Array; b: Array }, q: { a: Array; b: Array }) => ({ a: q.a.mul(p.a), b: q.a.mul(p.b).add(q.b) }), { a, b });
    const expected: number[] = [];
    let s = 0;
    for (let t = 0; t < 4; t++) expected.push((s = (a.tolist() as number[])[t]! * s + (b.tolist() as number[])[t]!));
    expect(out.b.tolist()).toEqual(expected);
    expect(out.a.tolist()).toEqual([2, 6, 3, 3]);
  });

  it("along axis 1, under jit, vmap and grad", () => {
    const y = np.stack([x, x.mul(2)]);
    expect(lax.associativeScan(lax.add, y, false, 1).tolist()).toEqual(np.cumsum(y, 1).tolist());
    expect(jit((v: Array) => lax.associativeScan(lax.max, v))(f64([1, 3, 2, 5, 4])).tolist()).toEqual([1, 3, 3, 5, 5]);
    expect(vmap((v: Array) => lax.associativeScan(lax.add, v))(y).tolist()).toEqual(np.cumsum(y, 1).tolist());
    // d/dx_i of sum(cumsum(x)) = n - i.
    expect(grad((v: Array) => lax.associativeScan(lax.add, v).sum())(x).tolist()).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });
});
