// Indexing/shape helpers (src/numpy/indexExtras.ts) against values from JAX 0.10.2 (jax.numpy,
// float32); jit = eager (twice); vmap = loop; checkGrads order 2 float64; JAX's errors.
import { describe, expect, it } from "vitest";
import { jit, lax, numpy as np, testUtil, vmap, Array } from "../../src/index.js";

const f32 = (v: number[]): Array => np.array(v, { dtype: "float32" });
const f64 = (v: number[]): Array => np.array(v, { dtype: "float64" });
const i32 = (v: number[]): Array => np.array(v, { dtype: "int32" });
const L = (x: Array): unknown => x.tolist();

describe("indexing helpers against JAX", () => {
  const x = np.arange(12, { dtype: "float32" }).reshape([3, 4]);
  it("choose (raise / wrap / clip)", () => {
    expect(L(np.choose(i32([0, 1, 2, 1]), [f32([1, 2, 3, 4]), f32([10, 20, 30, 40]), 7]))).toEqual([1, 20, 7, 40]);
    expect(L(np.choose(i32([0, 5, -1]), [f32([1, 2, 3]), f32([10, 20, 30])], { mode: "wrap" }))).toEqual([1, 20, 30]);
    expect(L(np.choose(i32([0, 5, -1]), [f32([1, 2, 3]), f32([10, 20, 30])], { mode: "clip" }))).toEqual([1, 20, 3]);
    expect(() => np.choose(i32([0, 2]), [f32([1, 2]), f32([3, 4])])).toThrow("invalid entry in choice array");
    expect(() => jit((i: Array) => np.choose(i, [f32([1, 2]), f32([3, 4])]))(i32([0, 1]))).toThrow(/mode='wrap'/);
  });
  it("compress / extract (size + fillValue under jit)", () => {
    expect(L(np.compress(np.array([true, false, true]), x, 0))).toEqual([[0, 1, 2, 3], [8, 9, 10, 11]]);
    const c = (a: Array): Array => np.compress(i32([0, 1, 1, 0]), a, 1, { size: 3, fillValue: -1 });
    expect(L(c(x))).toEqual([[1, 2, -1], [5, 6, -1], [9, 10, -1]]);
    expect(L(jit(c)(x))).toEqual([[1, 2, -1], [5, 6, -1], [9, 10, -1]]);
    expect(L(np.compress(i32([1, 0, 1]), x))).toEqual([0, 2]);
    expect(L(np.extract(np.greater(x, 6), x))).toEqual([7, 8, 9, 10, 11]);
    expect(L(jit((a: Array) => np.extract(np.greater(a, 6), a, { size: 7, fillValue: 9 }))(x))).toEqual([7, 8, 9, 10, 11, 9, 9]);
    expect(() => jit((a: Array) => np.extract(np.greater(a, 6), a))(x)).toThrow(/size argument of jnp.compress/);
  });
  it("diagflat / fillDiagonal / indices / ix_ / resize / rollaxis", () => {
    expect(L(np.diagflat(i32([1, 2]).reshape([1, 2]), 1))).toEqual([[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
    expect(L(np.diagflat(i32([3, 4]), -1))).toEqual([[0, 0, 0], [3, 0, 0], [0, 4, 0]]);
    expect(L(np.fillDiagonal(np.zeros([3, 4]), f32([5, 6]), false, { inplace: false }))).toEqual([[5, 0, 0, 0], [0, 6, 0, 0], [0, 0, 5, 0]]);
    expect(() => np.fillDiagonal(np.zeros([2, 2]), 1)).toThrow("JAX arrays are immutable, must use inplace=False");
    expect(L(np.indices([2, 3]))).toEqual([[[0, 0, 0], [1, 1, 1]], [[0, 1, 2], [0, 1, 2]]]);
    expect(np.indices([2, 3], null, true).map(L)).toEqual([[[0], [1]], [[0, 1, 2]]]);
    expect(np.ix_(i32([0, 1]), i32([2, 4, 5])).map((a) => a.shape)).toEqual([[2, 1], [1, 3]]);
    expect(L(np.resize(i32([1, 2, 3]), [2, 4]))).toEqual([[1, 2, 3, 1], [2, 3, 1, 2]]);
    expect(np.rollaxis(np.zeros([2, 3, 4, 5]), 3, 1).shape).toEqual([2, 5, 3, 4]);
    expect(np.rollaxis(np.zeros([2, 3, 4, 5]), 1, 4).shape).toEqual([2, 4, 5, 3]);
  });
  it("digitize (increasing and decreasing bins)", () => {
    expect(L(np.digitize(f32([-1, 0.5, 1, 1.5, 3]), f32([0, 1, 2])))).toEqual([0, 1, 2, 2, 3]);
    expect(L(np.digitize(f32([-1, 0.5, 1, 1.5, 3]), f32([2, 1, 0]), true))).toEqual([3, 2, 2, 1, 0]);
  });
  it("partition / argpartition / topK", () => {
    const a = f32([5, 1, 4, 2, 3, 1, 9]);
    expect(L(np.partition(a, 2))).toEqual([1, 1, 2, 9, 5, 4, 3]);
    expect(L(np.argpartition(a, 2))).toEqual([1, 5, 3, 0, 2, 4, 6]);
    expect(L(np.partition(i32([3, 1, 2, 9, 7, 8]).reshape([2, 3]), 0, 0))).toEqual([[3, 1, 2], [9, 7, 8]]);
    // jnp.top_k is newer than JAX 0.10.2: values from lax.top_k (largest) and its negation (smallest).
    const t = i32([1, 5, 3, 4, 2, 6]).reshape([2, 3]);
    expect(np.topK(t, 2).map(L)).toEqual([[[5, 3], [6, 4]], [[1, 2], [2, 0]]]);
    expect(np.topK(t, 1, { axis: 0, mode: "smallest" }).map(L)).toEqual([[[1, 2, 3]], [[0, 1, 0]]]);
    expect(L(jit((y: Array) => np.argpartition(y, 2))(a))).toEqual([1, 5, 3, 0, 2, 4, 6]);
  });
  it("place / put return new arrays; inplace raises as JAX", () => {
    expect(L(np.place(i32([1, 2, 3, 4, 5]), i32([1, 0, 1, 1, 0]), i32([9, 8]), { inplace: false }))).toEqual([9, 2, 8, 9, 5]);
    expect(L(np.put(np.zeros(5), i32([0, 7, 2]), f32([5, 6, 7]), null, { inplace: false }))).toEqual([5, 0, 7, 0, 6]);
    expect(L(np.put(np.zeros(5), i32([0, 7, 2]), f32([5, 6, 7]), "wrap", { inplace: false }))).toEqual([5, 0, 7, 0, 0]);
    expect(L(np.put(np.zeros(5), i32([0, 7, -2]), f32([5, 6]), "clip", { inplace: false }))).toEqual([5, 0, 0, 0, 6]);
    expect(L(np.put(np.zeros([2, 3]), i32([-2, 9, 1]), f32([5, 6, 7]), null, { inplace: false }))).toEqual([[0, 7, 0], [0, 5, 6]]);
    expect(() => np.place(np.zeros(2), i32([1, 0]), f32([1]))).toThrow("jax.numpy.place cannot modify arrays in-place");
    expect(() => np.put(np.zeros(2), i32([1]), f32([1]))).toThrow("jax.numpy.put cannot modify arrays in-place");
  });
  it("vecdot and vecmat conjugate their first operand (values from JAX 0.10.2)", () => {
    const z = lax.complex(f32([1, 2]), f32([1, -1]));
    const parts = (x: Array): unknown[] => [L(np.real(x)), L(np.imag(x))];
    expect(parts(np.vecdot(z, z))).toEqual([7, 0]);
    expect(parts(np.linalg.vecdot(z, np.ones([2]), { axis: 0 }))).toEqual([3, 0]);
    expect(parts(np.vecmat(z, np.eye(2)))).toEqual([[1, 2], [-1, 1]]);
    expect(parts(np.matvec(np.eye(2), z))).toEqual([[1, 2], [1, -1]]);
    const jitted = jit((a: Array, b: Array) => np.vecmat(a, b));
    expect(parts(jitted(z, np.eye(2)))).toEqual([[1, 2], [-1, 1]]);
    expect(parts(jitted(z, np.eye(2)))).toEqual([[1, 2], [-1, 1]]);
    const zs = np.stack([z, np.conj(z)]);
    expect(parts(vmap((a: Array) => np.vecdot(a, z))(zs))).toEqual([[7, 3], [0, -2]]);
  });
  it("nanmedian, matvec / vecmat / vecdot, applyOverAxes, canCast", () => {
    const y = f32([1, NaN, 3, 4, 2, 2, NaN, NaN]).reshape([2, 4]);
    expect(L(np.nanmedian(y))).toBe(2);
    expect(L(np.nanmedian(y, 1))).toEqual([3, 2]);
    expect(L(np.nanmedian(y, { axis: 0, keepdims: true }))).toEqual([[1.5, 2, 3, 4]]);
    const m = np.arange(6, { dtype: "float32" }).reshape([2, 3]);
    expect(L(np.matvec(m, f32([1, 2, 3])))).toEqual([8, 26]);
    expect(L(np.vecmat(f32([1, 2]), m))).toEqual([6, 9, 12]);
    expect(L(np.vecdot(m, f32([1, 2, 3])))).toEqual([8, 26]);
    expect(L(np.applyOverAxes((a, ax) => np.sum(a, ax), np.arange(24, { dtype: "float32" }).reshape([2, 3, 4]), [0, 2]))).toEqual([[[60], [92], [124]]]);
    // np.can_cast's table for dprog's dtypes (numpy 2.4).
    expect(np.canCast("int32", "float32")).toBe(false);
    expect(np.canCast("int32", "float64")).toBe(true);
    expect(np.canCast("uint32", "int32", "same_kind")).toBe(true);
    expect(np.canCast("float64", "float32", "same_kind")).toBe(true);
    expect(np.canCast("float64", "float32")).toBe(false);
    expect(np.canCast("float32", "int32", "unsafe")).toBe(true);
    expect(np.canCast("bool", "uint32", "no")).toBe(false);
  });
  it("jit = eager, vmap = loop, grads order 2", () => {
    const fs: [string, (a: Array) => Array][] = [
      ["choose", (a) => np.choose(i32([0, 1, 1]), [a, np.multiply(a, 2)], { mode: "clip" })],
      ["compress", (a) => np.compress(i32([1, 0, 1]), a, 0, { size: 2 })],
      ["fillDiagonal", (a) => np.fillDiagonal(np.outer(a, a), a, false, { inplace: false })],
      ["place", (a) => np.place(a, i32([1, 0, 1]), f32([7]), { inplace: false })],
      ["put", (a) => np.put(a, i32([2]), f32([7]), null, { inplace: false })],
      ["partition", (a) => np.partition(a, 1)],
      ["nanmedian", (a) => np.nanmedian(a)],
      ["matvec", (a) => np.matvec(np.outer(a, a), a)],
      ["resize", (a) => np.resize(a, [2, 2])],
      ["digitize", (a) => np.digitize(a, f32([0, 1.5]))],
    ];
    const xs = f32([0.5, 2.5, -1, 3, 1, 2]).reshape([2, 3]);
    for (const [name, f] of fs) {
      const x0 = np.take(xs, 0, 0);
      const j = jit(f);
      expect(L(j(x0)), name).toEqual(L(f(x0)));
      expect(L(j(x0)), name).toEqual(L(f(x0)));
      expect(L(vmap(f)(xs)), name).toEqual([L(f(x0)), L(f(np.take(xs, 1, 0)))]);
    }
    const p = f64([0.5, 2.5, -1]);
    testUtil.checkGrads((a: Array) => np.choose(i32([0, 1, 1]), [a, np.multiply(a, a)], { mode: "clip" }), [p], 2);
    testUtil.checkGrads((a: Array) => np.partition(a, 1), [p], 2);
    testUtil.checkGrads((a: Array) => np.compress(i32([1, 0, 1]), a, 0, { size: 2 }), [p], 2);
    testUtil.checkGrads((a: Array) => np.matvec(np.outer(a, a), np.sin(a)), [p], 2);
    testUtil.checkGrads((a: Array) => np.put(np.multiply(a, a), i32([2]), np.take(a, 0), null, { inplace: false }), [p], 2);
  });
});
