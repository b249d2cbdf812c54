// Set functions (src/numpy/setExtras.ts) against values from JAX 0.10.2 (jax.numpy, float32):
// unsized results eagerly, sized results eagerly and under jit (called twice), vmap = loop, and
// JAX's ConcretizationTypeError without size under jit.
import { describe, expect, it } from "vitest";
import { jit, numpy as np, vmap, Array } from "../../src/index.js";

const f32 = (v: number[]): Array => np.array(v, { dtype: "float32" });
const list = (x: Array): unknown => x.tolist();
const lists = (xs: readonly Array[]): unknown => xs.map(list);

const a = f32([5, 1, 3, 2, 3, 1, 7]);
const b = f32([3, 9, 1, 1, 8]);

/** Checks `f(a, b)` eagerly and under jit (twice) against JAX's values. */
function both(f: (x: Array, y: Array) => Array | Array[], want: unknown): void {
  const g = (x: Array, y: Array): unknown => { const r = f(x, y); return r instanceof Array ? list(r) : lists(r); };
  expect(g(a, b)).toEqual(want);
  const j = jit(f);
  for (let k = 0; k < 2; k++) { const r = j(a, b); expect(r instanceof Array ? list(r) : lists(r)).toEqual(want); }
}

describe("set functions against JAX", () => {
  it("intersect1d", () => {
    expect(list(np.intersect1d(a, b))).toEqual([1, 3]);
    both((x, y) => np.intersect1d(x, y, { size: 4 }), [1, 3, 1, 1]);
    both((x, y) => np.intersect1d(x, y, { size: 4, fillValue: -1 }), [1, 3, -1, -1]);
    expect(lists(np.intersect1d(a, b, { returnIndices: true }))).toEqual([[1, 3], [1, 2], [2, 0]]);
    both((x, y) => np.intersect1d(x, y, { returnIndices: true, size: 4 }), [[1, 3, 1, 1], [1, 2, 7, 7], [2, 0, 5, 5]]);
    expect(list(np.intersect1d(f32([1]), f32([2]), { size: 2 }))).toEqual([0, 0]);
  });
  it("setdiff1d", () => {
    expect(list(np.setdiff1d(a, b))).toEqual([2, 5, 7]);
    both((x, y) => np.setdiff1d(x, y, { size: 5 }), [2, 5, 7, 0, 0]);
    both((x, y) => np.setdiff1d(x, y, { size: 2, fillValue: 4 }), [2, 5]);
  });
  it("setxor1d", () => {
    expect(list(np.setxor1d(a, b))).toEqual([2, 5, 7, 8, 9]);
    both((x, y) => np.setxor1d(x, y, { size: 7 }), [2, 5, 7, 8, 9, 2, 2]);
    both((x, y) => np.setxor1d(x, y, { size: 7, fillValue: 0 }), [2, 5, 7, 8, 9, 0, 0]);
  });
  it("union1d", () => {
    expect(list(np.union1d(a, b))).toEqual([1, 2, 3, 5, 7, 8, 9]);
    both((x, y) => np.union1d(x, y, { size: 9 }), [1, 2, 3, 5, 7, 8, 9, 1, 1]);
  });
  it("unique_all / counts / inverse / values keep NaNs distinct", () => {
    const x = f32([2, 1, 2, NaN]).reshape([2, 2]);
    const r = np.uniqueAll(x);
    expect(lists(r)).toEqual([[1, 2, NaN], [1, 0, 3], [[1, 0], [1, 2]], [1, 2, 1]]);
    expect(list(r.counts)).toEqual([1, 2, 1]);
    expect(lists(jit((y: Array) => np.uniqueAll(y, { size: 4, fillValue: 0 }))(x))).toEqual([[1, 2, NaN, 0], [1, 0, 3, 1], [[1, 0], [1, 2]], [1, 2, 1, 0]]);
    expect(lists(np.uniqueCounts(x))).toEqual([[1, 2, NaN], [1, 2, 1]]);
    expect(list(np.uniqueInverse(x).inverseIndices)).toEqual([[1, 0], [1, 2]]);
    expect(list(np.uniqueValues(x))).toEqual([1, 2, NaN]);
  });
  it("vmap = loop with size; without size under jit: ConcretizationTypeError", () => {
    const as = f32([5, 1, 3, 2, 9, 9, 3, 8]).reshape([2, 4]);
    for (const f of [(x: Array) => np.intersect1d(x, b, { size: 3 }), (x: Array) => np.setdiff1d(x, b, { size: 3 }), (x: Array) => np.setxor1d(x, b, { size: 6 }), (x: Array) => np.union1d(x, b, { size: 8 })]) {
      expect(list(vmap(f)(as))).toEqual([0, 1].map((i) => list(f(np.take(as, i, 0)))));
    }
    for (const f of [np.intersect1d, np.setdiff1d, np.setxor1d, np.union1d]) {
      expect(() => jit((x: Array) => f(x, b))(a)).toThrow(/ConcretizationTypeError|Abstract tracer|traced array/);
    }
  });
});
