import { describe, expect, it } from "vitest";
import type { Array } from "../../src/index.js";
import { numpy as np, makeJaxpr } from "../../src/index.js";

const i32 = (data: number[] | number[][] | number) => np.array(data, { dtype: "int32" });
/** [[0,1,2,3],[4,5,6,7],[8,9,10,11]] float32 */
const x34 = () => np.arange(12, undefined, 1, { dtype: "float32" }).reshape([3, 4]);
/** [10,20,30,40,50] float32 */
const v5 = () => np.array([10, 20, 30, 40, 50]);
/** arange(24) as (2,3,4) int32 */
const y234 = () => np.arange(24).reshape([2, 3, 4]);

describe("basic indexing: integers", () => {
  it("positive and negative integers", () => {
    const x = x34();
    expect(x.get(1).tolist()).toEqual([4, 5, 6, 7]);
    expect(x.get(-1).tolist()).toEqual([8, 9, 10, 11]);
    expect(x.get(1, 2).tolist()).toBe(6);
    expect(x.get(-1, -1).tolist()).toBe(11);
    expect(x.get(-3, 0).tolist()).toBe(0);
    const v = v5();
    expect(v.get(0).tolist()).toBe(10);
    expect(v.get(-5).tolist()).toBe(10);
    expect(v.get(4).shape).toEqual([]);
    expect(v.get(4).dtype).toBe("float32");
  });

  it("no index returns the array", () => {
    const v = v5();
    expect(v.get().tolist()).toEqual([10, 20, 30, 40, 50]);
  });

  it("static integers out of range throw IndexError", () => {
    expect(() => v5().get(5)).toThrow("index 5 is out of bounds for axis 0 with size 5");
    expect(() => v5().get(-6)).toThrow("index -6 is out of bounds for axis 0 with size 5");
    expect(() => x34().get(0, 4)).toThrow("index 4 is out of bounds for axis 1 with size 4");
    try {
      v5().get(7);
    } catch (e) {
      expect((e as Error).name).toBe("IndexError");
    }
  });

  it("non-integer numbers are rejected", () => {
    expect(() => v5().get(1.5)).toThrow(/Indexer must have integer or boolean type/);
  });
});

describe("basic indexing: slices", () => {
  const cases: [string, number[]][] = [
    ["1:3", [20, 30]],
    [":", [10, 20, 30, 40, 50]],
    ["::-1", [50, 40, 30, 20, 10]],
    ["1:", [20, 30, 40, 50]],
    [":-1", [10, 20, 30, 40]],
    ["::2", [10, 30, 50]],
    ["-3:", [30, 40, 50]],
    ["::-2", [50, 30, 10]],
    ["3:0:-1", [40, 30, 20]],
    ["-1:-4:-1", [50, 40, 30]],
    ["10:", []],
    ["-10:2", [10, 20]],
    ["4:1", []],
    ["1:2", [20]],
    ["::3", [10, 40]],
    ["1::-1", [20, 10]],
    [":1:-1", [50, 40, 30]],
    ["10:-10:-2", [50, 30, 10]],
    ["1:4:2", [20, 40]],
    [" 1 : 3 ", [20, 30]],
  ];
  for (const [s, want] of cases) {
    it(`"${s}"`, () => {
      const r = v5().get(s);
      expect(r.tolist()).toEqual(want);
      expect(r.shape).toEqual([want.length]);
    });
  }

  it("slices on several axes", () => {
    const x = x34();
    expect(x.get(":", 1).tolist()).toEqual([1, 5, 9]);
    expect(x.get("1:", "::-2").tolist()).toEqual([
      [7, 5],
      [11, 9],
    ]);
    expect(x.get("::2", "1:3").tolist()).toEqual([
      [1, 2],
      [9, 10],
    ]);
    expect(x.get("::-1").tolist()).toEqual([
      [8, 9, 10, 11],
      [4, 5, 6, 7],
      [0, 1, 2, 3],
    ]);
    expect(x.get(2, "::-3").tolist()).toEqual([11, 8]);
    expect(x.get("5:", ":").shape).toEqual([0, 4]);
  });

  it("bad slice strings", () => {
    expect(() => v5().get("1:2:0")).toThrow("slice step cannot be zero");
    expect(() => v5().get("abc")).toThrow(/invalid index string/);
    expect(() => v5().get("1:a")).toThrow(/invalid index string/);
    expect(() => v5().get("1")).toThrow(/invalid index string/);
  });
});

describe("ellipsis and new axes", () => {
  it("ellipsis", () => {
    const x = x34();
    expect(x.get("...", 1).tolist()).toEqual([1, 5, 9]);
    expect(x.get(1, "...").tolist()).toEqual([4, 5, 6, 7]);
    expect(x.get("...").shape).toEqual([3, 4]);
    expect(x.get(1, "...", 2).tolist()).toBe(6);
    const y = y234();
    expect(y.get("...", 0).shape).toEqual([2, 3]);
    expect(y.get("...", 0).tolist()).toEqual([
      [0, 4, 8],
      [12, 16, 20],
    ]);
    expect(y.get(0, "...", 1).tolist()).toEqual([1, 5, 9]);
    expect(y.get("...", null).shape).toEqual([2, 3, 4, 1]);
    expect(v5().get(":", "...").tolist()).toEqual([10, 20, 30, 40, 50]);
  });

  it("at most one ellipsis", () => {
    expect(() => x34().get("...", "...")).toThrow("an index can only have a single ellipsis ('...')");
  });

  it("new axes", () => {
    const v = v5();
    expect(v.get(null).shape).toEqual([1, 5]);
    expect(v.get(":", null).shape).toEqual([5, 1]);
    expect(v.get(":", null).tolist()).toEqual([[10], [20], [30], [40], [50]]);
    expect(v.get(null, null, 2).tolist()).toEqual([[30]]);
    const x = x34();
    expect(x.get(null, 1).tolist()).toEqual([[4, 5, 6, 7]]);
    expect(x.get(1, null, "::2").tolist()).toEqual([[4, 6]]);
    expect(x.get("::2", null, "...", null).shape).toEqual([2, 1, 4, 1]);
  });

  it("rank-0 arrays", () => {
    const s = np.array(3.5);
    expect(s.get().tolist()).toBe(3.5);
    expect(s.get("...").tolist()).toBe(3.5);
    expect(s.get(null).tolist()).toEqual([3.5]);
    expect(s.get(null, "...", null).shape).toEqual([1, 1]);
    expect(() => s.get(0)).toThrow("Too many indices: 0-dimensional array indexed with 1 regular index.");
  });

  it("too many indices", () => {
    expect(() => x34().get(0, 0, 0)).toThrow("Too many indices: 2-dimensional array indexed with 3 regular indices.");
    expect(() => v5().get(0, ":")).toThrow("Too many indices: 1-dimensional array indexed with 2 regular indices.");
  });
});

describe("integer array indexing (gather)", () => {
  it("1-D and 2-D index arrays", () => {
    const v = v5();
    expect(v.get(i32([0, 2, -1])).tolist()).toEqual([10, 30, 50]);
    expect(
      v.get(
        i32([
          [0, 1],
          [4, 3],
        ]),
      ).tolist(),
    ).toEqual([
      [10, 20],
      [50, 40],
    ]);
    expect(v.get(i32([1, 1, 1])).tolist()).toEqual([20, 20, 20]);
    const x = x34();
    expect(x.get(i32([2, 0])).tolist()).toEqual([
      [8, 9, 10, 11],
      [0, 1, 2, 3],
    ]);
    expect(np.array([1, 2, 3], { dtype: "uint32" }).get(np.array([2, 0], { dtype: "uint32" })).tolist()).toEqual([3, 1]);
  });

  it("several index arrays broadcast together", () => {
    const x = x34();
    expect(x.get(i32([0, 2]), i32([1, 3])).tolist()).toEqual([1, 11]);
    expect(x.get(i32([[0], [2]]), i32([1, 3])).tolist()).toEqual([
      [1, 3],
      [9, 11],
    ]);
    expect(x.get(1, i32([0, 3])).tolist()).toEqual([4, 7]);
    expect(x.get(i32([-1, 0]), -1).tolist()).toEqual([11, 3]);
    expect(() => x.get(i32([0, 1]), i32([0, 1, 2]))).toThrow(/shape mismatch: indexing arrays could not be broadcast together with shapes \(2,\) \(3,\)/);
  });

  it("index arrays combined with slices", () => {
    const x = x34();
    expect(x.get(":", i32([3, 0])).tolist()).toEqual([
      [3, 0],
      [7, 4],
      [11, 8],
    ]);
    expect(x.get(i32([2, 0]), "1:3").tolist()).toEqual([
      [9, 10],
      [1, 2],
    ]);
    expect(x.get("::-1", i32([0])).tolist()).toEqual([[8], [4], [0]]);
    expect(x.get("...", i32([0, 0])).tolist()).toEqual([
      [0, 0],
      [4, 4],
      [8, 8],
    ]);
    expect(v5().get(null, i32([1, 2])).tolist()).toEqual([[20, 30]]);
  });

  it("adjacent advanced indices stay in place; separated ones move to the front", () => {
    const y = y234();
    // contiguous: result (2, 2) with [i, k] = y[i, a[k], b[k]]
    expect(y.get(":", i32([0, 1]), i32([1, 2])).tolist()).toEqual([
      [1, 6],
      [13, 18],
    ]);
    // separated by a slice: result (2, 3) with [k, j] = y[a[k], j, b[k]]
    expect(y.get(i32([0, 1]), ":", i32([1, 2])).tolist()).toEqual([
      [1, 5, 9],
      [14, 18, 22],
    ]);
    // an integer counts as an advanced index (numpy's rule): y[0, :, [1, 2]] has shape (2, 3)
    expect(y.get(0, ":", i32([1, 2])).tolist()).toEqual([
      [1, 5, 9],
      [2, 6, 10],
    ]);
    // separated by a new axis
    expect(y.get(i32([1]), null, i32([2])).shape).toEqual([1, 1, 4]);
    // separated by the ellipsis
    expect(y.get(i32([1, 0]), "...", i32([3, 0])).tolist()).toEqual([
      [15, 19, 23],
      [0, 4, 8],
    ]);
  });

  it("out-of-bounds index arrays clamp; negatives wrap once", () => {
    expect(v5().get(i32([5, -6, 100, -1])).tolist()).toEqual([50, 10, 50, 50]);
  });

  it("float index arrays are rejected", () => {
    expect(() => v5().get(np.array([0, 1]))).toThrow(/Indexer must have integer or boolean type, got indexer with type float32 at position 0/);
  });

  it("scalar integer arrays use dynamic_slice", () => {
    const v = v5();
    expect(v.get(i32(1)).tolist()).toBe(20);
    expect(v.get(i32(-1)).tolist()).toBe(50);
    expect(v.get(i32(9)).tolist()).toBe(50); // dynamic_slice clamps
    expect(x34().get(i32(2), "1:3").tolist()).toEqual([9, 10]);
    const j = makeJaxpr((x: Array, i: Array) => x.get(i, "::-1"))(x34(), i32(1)).toString();
    expect(j).toContain("dynamic_slice");
    expect(j).not.toContain("gather");
  });

  it("static basic indexing does not gather", () => {
    const j = makeJaxpr((x: Array) => x.get(1, "::-2", null))(x34()).toString();
    expect(j).not.toContain("gather");
    expect(j).toContain("slice");
    expect(j).toContain("rev");
    const g = makeJaxpr((x: Array) => x.get(i32([0, 1])))(x34()).toString();
    expect(g).toContain("gather");
  });

  it("traced index arrays", () => {
    const j = makeJaxpr((x: Array, i: Array) => x.get(i))(v5(), i32([0, -1]));
    expect(j.toString()).toContain("gather");
    expect(j.toString()).toContain("select_n");
  });
});

describe("boolean masks", () => {
  it("1-D mask", () => {
    const m = np.array([true, false, true, false, true]);
    expect(v5().get(m).tolist()).toEqual([10, 30, 50]);
    expect(v5().get(np.array([false, false, false, false, false])).shape).toEqual([0]);
  });

  it("2-D mask and masks on a later axis", () => {
    const x = x34();
    expect(x.get(x.greater(5)).tolist()).toEqual([6, 7, 8, 9, 10, 11]);
    expect(x.get(":", np.array([true, false, false, true])).tolist()).toEqual([
      [0, 3],
      [4, 7],
      [8, 11],
    ]);
    expect(x.get("...", np.array([false, true, false, false])).tolist()).toEqual([[1], [5], [9]]);
    expect(x.get(np.array([true, false, true]), 1).tolist()).toEqual([1, 9]);
  });

  it("scalar booleans add an axis", () => {
    expect(v5().get(np.array(true)).shape).toEqual([1, 5]);
    expect(v5().get(np.array(false)).shape).toEqual([0, 5]);
  });

  it("mask shape errors", () => {
    expect(() => v5().get(np.array([true, false]))).toThrow("boolean index did not match shape of indexed array in index 0: got (2,), expected (5,)");
    expect(() => v5().get(np.array([[true]]))).toThrow(/too many boolean indices at index 0/);
  });

  it("traced masks throw NonConcreteBooleanIndexError", () => {
    const f = (x: Array, m: Array) => x.get(m);
    expect(() => makeJaxpr(f)(v5(), np.array([true, false, true, false, true]))).toThrow("Array boolean indices must be concrete");
    try {
      makeJaxpr(f)(v5(), np.array([true, false, true, false, true]));
    } catch (e) {
      expect((e as Error).name).toBe("NonConcreteBooleanIndexError");
    }
  });
});

describe("x.at(...) updates", () => {
  it("set, with slices, ints and arrays; the input is unchanged", () => {
    const v = v5();
    expect(v.at(1).set(0).tolist()).toEqual([10, 0, 30, 40, 50]);
    expect(v.at(-1).set(9).tolist()).toEqual([10, 20, 30, 40, 9]);
    expect(v.at("::2").set(0).tolist()).toEqual([0, 20, 0, 40, 0]);
    expect(v.at("::-1").set(np.array([1, 2, 3, 4, 5])).tolist()).toEqual([5, 4, 3, 2, 1]);
    expect(v.at(i32([0, -1])).set(np.array([1, 2])).tolist()).toEqual([1, 20, 30, 40, 2]);
    expect(v.at(":").set(7).tolist()).toEqual([7, 7, 7, 7, 7]);
    expect(v.at("...").set(1).tolist()).toEqual([1, 1, 1, 1, 1]);
    expect(v.at(null, "1:3").set(np.array([[7, 8]])).tolist()).toEqual([10, 7, 8, 40, 50]);
    expect(v.tolist()).toEqual([10, 20, 30, 40, 50]);

    const x = x34();
    expect(x.at(1).set(np.array([1, 2, 3, 4])).tolist()).toEqual([
      [0, 1, 2, 3],
      [1, 2, 3, 4],
      [8, 9, 10, 11],
    ]);
    expect(x.at(":", 0).set(-1).tolist()).toEqual([
      [-1, 1, 2, 3],
      [-1, 5, 6, 7],
      [-1, 9, 10, 11],
    ]);
    expect(x.at("::-1", 0).set(np.array([1, 2, 3])).get(":", 0).tolist()).toEqual([3, 2, 1]);
    expect(x.at(i32([0, 2]), i32([3, 0])).set(100).tolist()).toEqual([
      [0, 1, 2, 100],
      [4, 5, 6, 7],
      [100, 9, 10, 11],
    ]);
    expect(x.at(x.greater(8)).set(0).tolist()).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 0, 0, 0],
    ]);
    expect(x.tolist()).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
  });

  it("set with separated advanced indices", () => {
    const y = np.zeros([2, 3, 4], { dtype: "int32" });
    const r = y.at(i32([0, 1]), ":", i32([1, 2])).set(i32([[1, 2, 3], [4, 5, 6]]));
    expect(r.get(0, ":", 1).tolist()).toEqual([1, 2, 3]);
    expect(r.get(1, ":", 2).tolist()).toEqual([4, 5, 6]);
    expect(r.sum().tolist()).toBe(21);
  });

  it("repeated indices: add accumulates, set takes the last", () => {
    const z = np.zeros([5]);
    expect(z.at(i32([0, 0, 2])).add(1).tolist()).toEqual([2, 0, 1, 0, 0]);
    expect(z.at(i32([1, 1])).set(np.array([3, 4])).tolist()).toEqual([0, 4, 0, 0, 0]);
    expect(v5().at(i32([0, 0])).mul(2).tolist()).toEqual([40, 20, 30, 40, 50]);
    expect(v5().at(i32([1, 1])).min(np.array([25, 15])).tolist()).toEqual([10, 15, 30, 40, 50]);
    expect(v5().at(i32([2, 2])).max(np.array([100, 60])).tolist()).toEqual([10, 20, 100, 40, 50]);
    expect(v5().at(3).min(100).tolist()).toEqual([10, 20, 30, 40, 50]);
    expect(z.tolist()).toEqual([0, 0, 0, 0, 0]);
  });

  it("out-of-bounds updates are dropped", () => {
    const z = np.zeros([5]);
    expect(z.at(i32([1, 7])).set(5).tolist()).toEqual([0, 5, 0, 0, 0]);
    expect(z.at(i32([-6, 2])).add(1).tolist()).toEqual([0, 0, 1, 0, 0]);
    expect(z.at(10).set(1).tolist()).toEqual([0, 0, 0, 0, 0]);
    expect(z.at(i32(5)).set(1).tolist()).toEqual([0, 0, 0, 0, 0]);
  });

  it("update shape errors", () => {
    expect(() => v5().at("1:3").set(np.array([1, 2, 3]))).toThrow("shape mismatch: value array of shape (3,) could not be broadcast to indexing result of shape (2,)");
  });

  it("dtypes: int32, bool, float64", () => {
    const vi = np.array([1, 2, 3], { dtype: "int32" });
    const a = vi.at(0).add(1.7);
    expect(a.dtype).toBe("int32");
    expect(a.tolist()).toEqual([2, 2, 3]);
    expect(vi.at(1).mul(1.5).tolist()).toEqual([1, 3, 3]);
    expect(vi.at(i32([0, 2])).set(i32([7, 8])).tolist()).toEqual([7, 2, 8]);
    expect(vi.tolist()).toEqual([1, 2, 3]);

    const b = np.array([false, false, true]);
    expect(b.at(0).set(true).tolist()).toEqual([true, false, true]);
    expect(b.at(i32([1, 1])).add(true).tolist()).toEqual([false, true, true]);
    expect(b.get("::-1").tolist()).toEqual([true, false, false]);
    expect(b.get(i32([2, 2])).tolist()).toEqual([true, true]);
    expect(b.tolist()).toEqual([false, false, true]);

    const f = np.array([1, 2, 3], { dtype: "float64" });
    const g = f.at(1).set(0.1);
    expect(g.dtype).toBe("float64");
    expect(g.tolist()).toEqual([1, 0.1, 3]);
    expect(f.at(i32([0, 0])).add(0.1).tolist()).toEqual([1 + 0.1 + 0.1, 2, 3]);
    expect(f.get("::-1").dtype).toBe("float64");
    expect(f.get(i32([2])).tolist()).toEqual([3]);
  });

  it("rank-0 and size-0 operands", () => {
    const s = np.array(3.5);
    expect(s.at().set(1).tolist()).toBe(1);
    expect(s.at("...").add(1).tolist()).toBe(4.5);
    expect(s.at().get().tolist()).toBe(3.5);

    const e = np.zeros([0, 3]);
    expect(e.get(":", 1).shape).toEqual([0]);
    expect(e.get(i32([])).shape).toEqual([0, 3]);
    expect(e.get("1:").shape).toEqual([0, 3]);
    expect(() => e.get(0)).toThrow("index 0 is out of bounds for axis 0 with size 0");
    expect(e.at(i32([])).set(1).shape).toEqual([0, 3]);
    expect(e.at(":", 0).set(1).shape).toEqual([0, 3]);
    expect(v5().get(i32([])).shape).toEqual([0]);
    expect(v5().at(i32([])).set(1).tolist()).toEqual([10, 20, 30, 40, 50]);
  });
});

describe("x.at(...).get(opts)", () => {
  it("default and clip clamp", () => {
    const v = v5();
    expect(v.at(i32([1, 7, -1])).get().tolist()).toEqual([20, 50, 50]);
    expect(v.at(i32([1, 7, -9])).get({ mode: "clip" }).tolist()).toEqual([20, 50, 10]);
    expect(v.at(7).get().tolist()).toBe(50);
    expect(v.at(-9).get({ mode: "clip" }).tolist()).toBe(10);
  });

  it("fill returns the fill value out of bounds", () => {
    const v = v5();
    expect(v.at(i32([1, 7, -1])).get({ mode: "fill" }).tolist()).toEqual([20, NaN, 50]);
    expect(v.at(i32([1, 7, -6])).get({ mode: "fill", fillValue: -1 }).tolist()).toEqual([20, -1, -1]);
    expect(v.at(7).get({ mode: "fill" }).tolist()).toEqual(NaN);
    expect(v.at(i32(7)).get({ mode: "fill", fillValue: 0 }).tolist()).toBe(0);
    expect(v.at(2).get({ mode: "fill" }).tolist()).toBe(30);
    const vi = np.array([1, 2, 3], { dtype: "int32" });
    expect(vi.at(i32([0, 3])).get({ mode: "fill" }).tolist()).toEqual([1, -2147483648]);
    const x = x34();
    expect(x.at(i32([0, 3]), "1:3").get({ mode: "fill", fillValue: 0 }).tolist()).toEqual([
      [1, 2],
      [0, 0],
    ]);
  });

  it("unknown modes throw", () => {
    expect(() => v5().at(0).get({ mode: "wrap" as never })).toThrow('Unknown gather mode "wrap"');
  });
});
