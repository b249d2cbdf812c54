// Faithful small semantics (issue 19, item 9), known answers from jax 0.10.2:
// jnp.broadcast_shapes((5,1),(1,4)) == (5, 4); jnp.zeros_like(3) / zeros_like(True); ValueError
// from jnp's broadcasting, TypeError from lax; a JS number passed to jit is a weak float32;
// grad(f, has_aux=True) on a non-pair says "two-element". Also the Array methods JAX's Array has.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jit, grad, vmap, valueAndGrad, blockUntilReady } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { ValueError } from "../../src/numpy/creation.js";

describe("np.broadcastShapes", () => {
  it("broadcasts every shape given", () => {
    expect(np.broadcastShapes([5, 1], [1, 4])).toEqual([5, 4]);
    expect(np.broadcastShapes([3], [2, 1], [1, 1, 1])).toEqual([1, 2, 3]);
    expect(np.broadcastShapes([2, 3])).toEqual([2, 3]);
    expect(np.broadcastShapes()).toEqual([]);
  });
  it("incompatible shapes: ValueError as jnp.broadcast_shapes", () => {
    expect(() => np.broadcastShapes([3], [4])).toThrow(ValueError);
    expect(() => np.broadcastShapes([3], [4])).toThrow("Incompatible shapes for broadcasting: shapes=[(3,), (4,)]");
  });
});

describe("errors: ValueError from numpy's broadcasting, TypeError from lax", () => {
  it("where, select, broadcastTo, broadcastArrays raise ValueError", () => {
    const c = np.array([true, false, true]);
    expect(() => np.where(c, np.ones([4]), 0)).toThrow(ValueError);
    expect(() => np.select([c], [np.ones([4])])).toThrow(ValueError);
    expect(() => np.broadcastTo(np.ones([3]), [4])).toThrow(ValueError);
    expect(() => np.broadcastArrays(np.ones([3]), np.ones([4]))).toThrow(ValueError);
  });
  it("lax.add and np.add raise TypeError (jnp.add defers to lax, as JAX)", () => {
    expect(() => lax.add(np.ones([3]), np.ones([4]))).toThrow(TypeError);
    expect(() => np.add(np.ones([3]), np.ones([4]))).toThrow("add got incompatible shapes for broadcasting: (3,), (4,).");
  });
});

describe("zerosLike, onesLike, fullLike accept numbers, booleans and nested arrays", () => {
  it("as jnp.zeros_like(3) == Array(0., dtype=float32) (weak there; strong float32 here), zeros_like(True) == False", () => {
    const z = np.zerosLike(3);
    expect([z.shape, z.dtype, z.tolist()]).toEqual([[], "float32", 0]);
    const b = np.zerosLike(true);
    expect([b.dtype, b.tolist()]).toEqual(["bool", false]);
    expect(np.onesLike([[1, 2], [3, 4]]).tolist()).toEqual([[1, 1], [1, 1]]);
    expect(np.onesLike([[1, 2], [3, 4]]).dtype).toBe("float32");
    expect(np.fullLike([1.5, 2], 7).tolist()).toEqual([7, 7]);
    expect(np.fullLike(np.arange(2), 7.9).tolist()).toEqual([7, 7]);
    expect(np.zerosLike(np.arange(3), { dtype: np.float64 }).dtype).toBe("float64");
    expect(np.onesLike(np.arange(3), null, [2, 2]).shape).toEqual([2, 2]);
    expect(np.zerosLike(np.arange(3), { shape: 4 }).shape).toEqual([4]);
    expect(() => np.zerosLike("a" as never)).toThrow(TypeError);
  });
  it("under jit and vmap", () => {
    const f = jit((x: Array) => np.onesLike(x).add(x));
    expect(f(np.array([1, 2])).tolist()).toEqual([2, 3]);
    expect(f(np.array([5, 6])).tolist()).toEqual([6, 7]);
    expect(vmap((x: Array) => np.fullLike(x, 2).mul(x))(np.array([[1], [2]])).tolist()).toEqual([[2], [4]]);
  });
});

describe("a JS number passed to jit is a weak float32", () => {
  it("jit(grad(f))(1.0) works like grad(jit(f))(1.0)", () => {
    const f = (x: Array) => x.mul(x).mul(x);
    expect(jit(grad(f))(1 as unknown as Array).tolist()).toBe(3);
    expect(grad(jit(f))(1 as unknown as Array).tolist()).toBe(3);
    expect(jit(grad(f))(2 as unknown as Array).tolist()).toBe(12);
    const r = jit((x: Array) => x)(1 as unknown as Array);
    expect([r.dtype, r.weakType]).toEqual(["float32", true]);
    expect(jit((x: Array) => np.add(x, 0.5))(1 as unknown as Array).tolist()).toBe(1.5);
    expect(jit((x: Array) => np.multiply(np.ones([2], { dtype: "float64" }), x))(3 as unknown as Array).dtype).toBe("float64");
  });
});

describe("grad hasAux on a non-pair", () => {
  it("says two-element as JAX does", () => {
    const bad = (x: Array) => x.mul(2) as unknown as [Array, Array];
    expect(() => grad(bad, { hasAux: true })(np.array(1))).toThrow("two-element");
    expect(() => valueAndGrad((x: Array) => [x, x, x] as unknown as [Array, Array], { hasAux: true })(np.array(1))).toThrow("two-element");
  });
});

describe("Array methods JAX's Array has", () => {
  const m = () => np.array([[3, 1, 2], [6, 5, 4]]);
  it("reductions and cumulative ops (values: numpy)", () => {
    expect(m().std().tolist()).toBeCloseTo(1.707825127659933, 5); // np.std([[3,1,2],[6,5,4]])
    expect(m().var({ axis: 1 }).tolist()).toEqual([Math.fround(2 / 3), Math.fround(2 / 3)]);
    expect(m().var(0, false, { ddof: 1 }).tolist()).toEqual([4.5, 8, 2]);
    expect(m().cumsum(1).tolist()).toEqual([[3, 4, 6], [6, 11, 15]]);
    expect(m().cumprod({ axis: 0 }).tolist()).toEqual([[3, 1, 2], [18, 5, 8]]);
    expect(m().cumsum().tolist()).toEqual([3, 4, 6, 12, 17, 21]);
    expect(m().all().tolist()).toBe(true);
    expect(m().sub(1).any({ axis: 1 }).tolist()).toEqual([true, true]);
    expect(m().ptp(1).tolist()).toEqual([2, 2]);
    expect(m().trace().tolist()).toBe(8);
    expect(m().diagonal(1).tolist()).toEqual([1, 4]);
    expect(m().sum({ axis: 1, keepdims: true }).tolist()).toEqual([[6], [15]]);
    expect(m().argmax({ axis: 1 }).tolist()).toEqual([0, 0]);
  });
  it("sorting, shape and selection", () => {
    expect(m().sort().tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(m().argsort({ axis: 1 }).tolist()).toEqual([[1, 2, 0], [2, 1, 0]]);
    expect(m().flatten().tolist()).toEqual([3, 1, 2, 6, 5, 4]);
    expect(m().ravel().shape).toEqual([6]);
    expect(np.ones([1, 3, 1]).squeeze().shape).toEqual([3]);
    expect(np.ones([1, 3, 1]).squeeze(0).shape).toEqual([3, 1]);
    expect(m().take(np.array([0, 2], np.int32), { axis: 1 }).tolist()).toEqual([[3, 2], [6, 4]]);
    expect(m().repeat(2, { axis: 0 }).shape).toEqual([4, 3]);
    expect(m().swapaxes(0, 1).shape).toEqual([3, 2]);
    expect(m().clip(2, 5).tolist()).toEqual([[3, 2, 2], [5, 5, 4]]);
    expect(m().clip({ max: 2 }).tolist()).toEqual([[2, 1, 2], [2, 2, 2]]);
    expect(np.array([1.26, -0.5]).round(1).tolist()).toEqual([Math.fround(1.3), -0.5]);
    expect(np.array([0.5, 1.5]).round().tolist()).toEqual([0, 2]);
    expect(np.array([1, 3, 5]).searchsorted(np.array([3]), { side: "right" }).tolist()).toEqual([2]);
    const [r, c] = np.array([[0, 1], [1, 0]]).nonzero();
    expect([r!.tolist(), c!.tolist()]).toEqual([[0, 1], [1, 0]]);
    const x = m();
    expect(x.copy().tolist()).toEqual(x.tolist());
    expect(x.real().tolist()).toEqual(x.tolist());
    expect(x.imag().tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });
  it("nbytes, itemsize, blockUntilReady", () => {
    expect(np.ones([2, 3]).nbytes).toBe(24);
    expect(np.ones([2], { dtype: "float64" }).nbytes).toBe(16);
    expect(np.ones([4], { dtype: "bool" }).nbytes).toBe(4);
    const x = np.ones([2]);
    expect(x.blockUntilReady()).toBe(x);
    const t = { a: x, b: [np.zeros([1]), 3] };
    expect(blockUntilReady(t)).toBe(t);
  });
  it("methods under jit (twice), vmap and grad", () => {
    const f = jit((x: Array) => x.cumsum().clip(0, 5).std());
    expect(f(np.array([1, 2, 3])).tolist()).toBeCloseTo(np.std(np.array([1, 3, 5])).tolist() as number, 6);
    expect(f(np.array([0, 0, 0])).tolist()).toBe(0);
    expect(vmap((r: Array) => r.sort().get(0))(m()).tolist()).toEqual([1, 4]);
    // d/dx var(x) = 2 (x - mean) / n
    const g = grad((x: Array) => x.var())(np.array([1, 2, 3])).tolist() as number[];
    expect(g.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([-0.666667, 0, 0.666667]);
  });
});
