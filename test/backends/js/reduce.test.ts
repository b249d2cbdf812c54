// The JS backend's reduction lowerings (reduce_sum/prod/max/min/and/or, argmax/argmin, iota),
// through lax: both code paths (reduced axes trailing in memory, and the general scatter into
// accumulators), every dtype, empty reductions and NaN.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, Array } from "../../../src/index.js";
import type { DType } from "../../../src/index.js";

const f32 = Math.fround;
const arr = (values: unknown, dtype: DType = "float32") => np.array(values as number[], { dtype });

/** Row-major reference reduction: combines the input elements of each output in memory order. */
function reference(values: number[], shape: number[], axes: number[], init: number, combine: (a: number, x: number) => number): number[] {
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const outSize = outShape.reduce((a, b) => a * b, 1);
  const acc = new globalThis.Array<number>(outSize).fill(init);
  const idx = shape.map(() => 0);
  for (let p = 0; p < values.length; p++) {
    let o = 0;
    for (let i = 0, k = 0; i < shape.length; i++) {
      if (axes.includes(i)) continue;
      o = o * outShape[k]! + idx[i]!;
      k++;
    }
    acc[o] = combine(acc[o]!, values[p]!);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return acc;
}

/** Deterministic pseudo-random integers in [-50, 50). */
function ints(n: number, seed: number): number[] {
  let s = seed;
  return globalThis.Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 16) % 100 - 50;
  });
}

const flat = (x: Array) => globalThis.Array.from(x.dataSync());

describe("reduce_sum over every axis subset", () => {
  const shape = [2, 3, 4];
  const values = ints(24, 7);
  const subsets = [[], [0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]];
  for (const axes of subsets) {
    it(`axes [${axes}] in int32 and float32`, () => {
      const x = arr(values, "int32").reshape(shape);
      const out = lax.reduceSum(x, axes);
      expect(out.shape).toEqual(shape.filter((_, i) => !axes.includes(i)));
      expect(out.dtype).toBe("int32");
      expect(flat(out)).toEqual(reference(values, shape, axes, 0, (a, v) => a + v));
      const y = arr(values.map((v) => v / 8), "float32").reshape(shape);
      expect(flat(lax.reduceSum(y, axes))).toEqual(reference(values.map((v) => v / 8), shape, axes, 0, (a, v) => a + v).map(f32));
      expect(flat(lax.reduceMax(x, axes))).toEqual(reference(values, shape, axes, -2147483648, Math.max));
      expect(flat(lax.reduceMin(y, axes))).toEqual(reference(values.map((v) => v / 8), shape, axes, Infinity, Math.min));
    });
  }

  it("size-1 dimensions anywhere", () => {
    const x = arr([1, 2, 3, 4, 5, 6], "int32").reshape([1, 2, 1, 3]);
    expect(lax.reduceSum(x, [0]).tolist()).toEqual([[[1, 2, 3]], [[4, 5, 6]]]);
    expect(lax.reduceSum(x, [2]).tolist()).toEqual([[[1, 2, 3], [4, 5, 6]]]);
    expect(lax.reduceSum(x, [1]).tolist()).toEqual([[[5, 7, 9]]]);
    expect(lax.reduceSum(x, [1, 3]).tolist()).toEqual([[21]]);
    expect(lax.reduceSum(x, [0, 1, 2, 3]).tolist()).toBe(21);
  });
});

describe("dtypes and arithmetic of the accumulators", () => {
  it("int32 sums and products wrap (both paths)", () => {
    const x = arr([2147483647, 1, 2147483647, 1], "int32").reshape([2, 2]);
    expect(lax.reduceSum(x, [1]).tolist()).toEqual([-2147483648, -2147483648]);
    expect(lax.reduceSum(x, [0]).tolist()).toEqual([-2, 2]);
    const p = arr([65536, 65536, 3, 65536, 65536, 3], "int32").reshape([2, 3]);
    expect(lax.reduceProd(p, [1]).tolist()).toEqual([0, 0]);
    expect(lax.reduceProd(p.reshape([3, 2]), [0]).tolist()).toEqual([Math.imul(Math.imul(65536, 3), 65536), Math.imul(Math.imul(65536, 65536), 3)]);
  });

  it("uint32 sums, products and bit reductions wrap modulo 2^32", () => {
    const x = arr([4294967295, 2, 4294967295, 2], "uint32").reshape([2, 2]);
    expect(lax.reduceSum(x, [1]).tolist()).toEqual([1, 1]);
    expect(lax.reduceSum(x, [0]).tolist()).toEqual([4294967294, 4]);
    expect(lax.reduceProd(x, [1]).tolist()).toEqual([4294967294, 4294967294]);
    expect(lax.reduceMax(x, [0]).tolist()).toEqual([4294967295, 2]);
    expect(lax.reduceMin(x, [1]).tolist()).toEqual([2, 2]);
    expect(lax.reduceAnd(arr([4294967295, 4294967294, 7, 5], "uint32"), [0]).tolist()).toBe(4);
    expect(lax.reduceOr(arr([2147483648, 1], "uint32"), [0]).tolist()).toBe(2147483649);
  });

  it("float32 sums accumulate in double precision and round once", () => {
    const x = arr([1e8, 1, -1e8, 1]);
    expect(lax.reduceSum(x, [0]).item()).toBe(2);
    const y = arr([1e8, 1e8, 1, 1, -1e8, -1e8, 1, 1]).reshape([4, 2]);
    expect(lax.reduceSum(y, [0]).tolist()).toEqual([2, 2]);
    expect(lax.reduceSum(arr([0.1, 0.2, 0.3], "float64"), [0]).item()).toBe(0.1 + 0.2 + 0.3);
  });

  it("bool and/or, int32 and/or", () => {
    const b = np.array([
      [true, false, true],
      [true, true, true],
    ]);
    expect(lax.reduceAnd(b, [1]).tolist()).toEqual([false, true]);
    expect(lax.reduceOr(b, [0]).tolist()).toEqual([true, true, true]);
    expect(lax.reduceAnd(b, [0]).tolist()).toEqual([true, false, true]);
    expect(lax.reduceMax(b, [1]).tolist()).toEqual([true, true]);
    expect(lax.reduceMin(b, [1]).tolist()).toEqual([false, true]);
    expect(lax.reduceAnd(arr([12, 10, -1], "int32"), [0]).item()).toBe(8);
    expect(lax.reduceOr(arr([12, 3], "int32"), [0]).item()).toBe(15);
  });

  it("max and min propagate NaN", () => {
    const x = arr([1, NaN, 3, 4, 5, 6]).reshape([2, 3]);
    expect(lax.reduceMax(x, [1]).tolist()).toEqual([NaN, 6]);
    expect(lax.reduceMin(x, [0]).tolist()).toEqual([1, NaN, 3]);
    expect(lax.reduceMax(arr([-Infinity, -Infinity]), [0]).item()).toBe(-Infinity);
  });
});

describe("empty reductions give the identity", () => {
  it("every monoid and dtype", () => {
    const e = (dtype: DType) => np.zeros([0, 2], { dtype });
    expect(lax.reduceSum(e("float32"), [0]).tolist()).toEqual([0, 0]);
    expect(lax.reduceProd(e("int32"), [0]).tolist()).toEqual([1, 1]);
    expect(lax.reduceMax(e("float32"), [0]).tolist()).toEqual([-Infinity, -Infinity]);
    expect(lax.reduceMin(e("float64"), [0]).tolist()).toEqual([Infinity, Infinity]);
    expect(lax.reduceMax(e("int32"), [0]).tolist()).toEqual([-2147483648, -2147483648]);
    expect(lax.reduceMin(e("int32"), [0]).tolist()).toEqual([2147483647, 2147483647]);
    expect(lax.reduceMin(e("uint32"), [0]).tolist()).toEqual([4294967295, 4294967295]);
    expect(lax.reduceMax(e("uint32"), [0]).tolist()).toEqual([0, 0]);
    expect(lax.reduceAnd(e("bool"), [0]).tolist()).toEqual([true, true]);
    expect(lax.reduceOr(e("bool"), [0]).tolist()).toEqual([false, false]);
    expect(lax.reduceAnd(e("int32"), [0]).tolist()).toEqual([-1, -1]);
    expect(lax.reduceAnd(e("uint32"), [0]).tolist()).toEqual([4294967295, 4294967295]);
    // the trailing path
    expect(lax.reduceSum(np.zeros([3, 0]), [1]).tolist()).toEqual([0, 0, 0]);
    expect(lax.reduceMin(np.zeros([2, 0], { dtype: "int32" }), [1]).tolist()).toEqual([2147483647, 2147483647]);
    // nothing left to produce
    expect(lax.reduceSum(np.zeros([0, 3]), [1]).shape).toEqual([0]);
    expect(lax.reduceSum(np.zeros([2, 0]), [0]).shape).toEqual([0]);
  });
});

describe("argmax and argmin", () => {
  it("along each axis, first index on ties", () => {
    const x = arr([3, 1, 3, 0, 5, 5]).reshape([2, 3]);
    expect(lax.argmax(x, 1).tolist()).toEqual([0, 1]);
    expect(lax.argmin(x, 1).tolist()).toEqual([1, 0]);
    expect(lax.argmax(x, 0).tolist()).toEqual([0, 1, 1]);
    expect(lax.argmin(x, 0).tolist()).toEqual([1, 0, 0]);
    expect(lax.argmax(x, 0).dtype).toBe("int32");
  });

  it("the first NaN wins", () => {
    expect(lax.argmax(arr([1, NaN, 5, NaN]), 0).item()).toBe(1);
    expect(lax.argmin(arr([1, NaN, -5]), 0).item()).toBe(1);
    expect(lax.argmax(arr([NaN, 1]), 0).item()).toBe(0);
  });

  it("a middle axis of a 3-D array, ints", () => {
    const v = ints(24, 3);
    const x = arr(v, "int32").reshape([2, 3, 4]);
    const got = lax.argmax(x, 1).tolist() as number[][];
    for (let a = 0; a < 2; a++) {
      for (let c = 0; c < 4; c++) {
        const col = [0, 1, 2].map((b) => v[a * 12 + b * 4 + c]!);
        expect(got[a]![c]).toBe(col.indexOf(Math.max(...col)));
      }
    }
  });
});

describe("iota", () => {
  it("1-D and broadcasted", () => {
    expect(lax.iota("int32", 5).tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(lax.iota("float32", 3).dtype).toBe("float32");
    expect(lax.iota("int32", 0).shape).toEqual([0]);
    expect(lax.broadcastedIota("int32", [2, 3], 0).tolist()).toEqual([
      [0, 0, 0],
      [1, 1, 1],
    ]);
    expect(lax.broadcastedIota("uint32", [2, 3], 1).tolist()).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
    expect(lax.broadcastedIota("float64", [2, 2, 2], 1).tolist()).toEqual([
      [
        [0, 0],
        [1, 1],
      ],
      [
        [0, 0],
        [1, 1],
      ],
    ]);
  });
});
