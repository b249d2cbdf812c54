// numpy's shape functions against values worked out by hand (checked against numpy 2.x).
import { describe, it, expect } from "vitest";
import { numpy as np, makeJaxpr, jit, vmap, testUtil, Array } from "../../src/index.js";

const i32 = (data: unknown) => np.array(data as number[], { dtype: "int32" });
/** [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]] as int32. */
const m34 = () => np.arange(12).astype("int32").reshape([3, 4]);

describe("shape queries", () => {
  it("ndim, shape, size", () => {
    const x = np.zeros([2, 3]);
    expect(np.ndim(x)).toBe(2);
    expect(np.shape(x)).toEqual([2, 3]);
    expect(np.size(x)).toBe(6);
    expect(np.size(x, -1)).toBe(3);
    expect(np.size(x, 0)).toBe(2);
    expect(np.ndim(4)).toBe(0);
    expect(np.shape(true)).toEqual([]);
    expect(np.size(2.5)).toBe(1);
    expect(np.size(np.zeros([0, 4]))).toBe(0);
    expect(() => np.size(x, 2)).toThrow(/out of bounds/);
  });
});

describe("reshape", () => {
  it("reshapes row-major and infers one -1", () => {
    const x = np.arange(6).astype("int32");
    expect(np.reshape(x, [2, 3]).tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(np.reshape(x, [3, -1]).tolist()).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(np.reshape(x, [-1, 2, 1]).shape).toEqual([3, 2, 1]);
    expect(np.reshape(x, -1).shape).toEqual([6]);
    expect(np.reshape(x, 6).shape).toEqual([6]);
    expect(x.reshape([2, 3]).dtype).toBe("int32");
    expect(np.reshape(np.zeros([2, 3]), [3, 2]).reshape([6]).shape).toEqual([6]);
  });
  it("rank 0 and size 0", () => {
    expect(np.reshape(np.array(5), []).shape).toEqual([]);
    expect(np.reshape(np.array([5]), []).tolist()).toBe(5);
    expect(np.reshape(np.array(5), [1, 1]).tolist()).toEqual([[5]]);
    expect(np.reshape(np.zeros([0, 3]), [3, -1, 5]).shape).toEqual([3, 0, 5]);
    expect(np.reshape(np.zeros([0, 3]), [0]).shape).toEqual([0]);
  });
  it("JS scalars stay weakly typed", () => {
    const r = np.reshape(3, [1]);
    expect(r.dtype).toBe("int32");
    expect(r.weakType).toBe(true);
    expect(np.reshape(true, [1, 1]).tolist()).toEqual([[true]]);
  });
  it("preserves dtype", () => {
    expect(np.reshape(np.array([true, false]), [2, 1]).dtype).toBe("bool");
    expect(np.reshape(np.array([1, 2], { dtype: "float64" }), [1, 2]).dtype).toBe("float64");
  });
  it("errors", () => {
    expect(() => np.reshape(np.arange(3), [2, 2])).toThrow(TypeError);
    expect(() => np.reshape(np.arange(3), [2, 2])).toThrow("cannot reshape array of shape (3,) (size 3) into shape (2, 2) (size 4)");
    expect(() => np.reshape(np.arange(6), [4, -1])).toThrow(/cannot reshape.*evenly divide 6/);
    expect(() => np.reshape(np.arange(6), [-1, -1])).toThrow(/cannot reshape.*one unknown dimension/);
    expect(() => np.reshape(np.arange(6), [-1, -1])).toThrow(TypeError);
    expect(() => np.reshape(np.arange(6), [2.5, 2])).toThrow(/cannot reshape/);
    expect(() => np.reshape(np.arange(6), [-2, -3])).toThrow(/cannot reshape/);
    expect(() => np.reshape(np.zeros([0, 3]), [-1, 0])).toThrow(/cannot reshape/);
  });
});

describe("transpose, moveaxis, swapaxes", () => {
  it("transpose reverses axes by default", () => {
    const x = i32([[1, 2, 3], [4, 5, 6]]);
    expect(np.transpose(x).tolist()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(x.T.tolist()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(x.transpose().dtype).toBe("int32");
    expect(np.transpose(np.zeros([2, 3, 4])).shape).toEqual([4, 3, 2]);
  });
  it("transpose with axes, negative allowed", () => {
    const x = np.arange(24).reshape([2, 3, 4]);
    expect(np.transpose(x, [1, 0, 2]).shape).toEqual([3, 2, 4]);
    expect(np.transpose(x, [-1, 0, -2]).shape).toEqual([4, 2, 3]);
    const y = np.transpose(i32([[[0, 1], [2, 3]], [[4, 5], [6, 7]]]), [2, 0, 1]);
    expect(y.tolist()).toEqual([[[0, 2], [4, 6]], [[1, 3], [5, 7]]]);
  });
  it("transpose of rank 0 / 1 / size 0", () => {
    expect(np.transpose(np.array(3)).shape).toEqual([]);
    expect(np.transpose(i32([1, 2])).tolist()).toEqual([1, 2]);
    expect(np.transpose(np.zeros([0, 2])).shape).toEqual([2, 0]);
  });
  it("transpose errors", () => {
    expect(() => np.transpose(np.zeros([2, 3]), [0])).toThrow("axes don't match array");
    expect(() => np.transpose(np.zeros([2, 3]), [0, 0])).toThrow(/repeated axis/);
    expect(() => np.transpose(np.zeros([2, 3]), [0, 2])).toThrow(/out of bounds/);
  });
  it("moveaxis", () => {
    const x = np.zeros([2, 3, 4, 5]);
    expect(np.moveaxis(x, 0, -1).shape).toEqual([3, 4, 5, 2]);
    expect(np.moveaxis(x, -1, 0).shape).toEqual([5, 2, 3, 4]);
    expect(np.moveaxis(x, [0, 1], [-1, -3]).shape).toEqual([4, 3, 5, 2]);
    expect(np.moveaxis(x, [3, 0], [0, 2]).shape).toEqual([5, 3, 2, 4]);
    expect(np.moveaxis(i32([[1, 2], [3, 4]]), 0, 1).tolist()).toEqual([[1, 3], [2, 4]]);
    expect(() => np.moveaxis(x, [0, 1], [0])).toThrow(/same number of elements/);
    expect(() => np.moveaxis(x, [0, 0], [1, 2])).toThrow(/repeated axis/);
    expect(() => np.moveaxis(x, 4, 0)).toThrow(/out of bounds/);
  });
  it("swapaxes", () => {
    expect(np.swapaxes(i32([[1, 2, 3]]), 0, 1).tolist()).toEqual([[1], [2], [3]]);
    expect(np.swapaxes(np.zeros([2, 3, 4]), 0, -1).shape).toEqual([4, 3, 2]);
    expect(np.swapaxes(np.zeros([2, 3]), 1, 1).shape).toEqual([2, 3]);
    expect(() => np.swapaxes(np.zeros([2]), 0, 1)).toThrow(/out of bounds/);
  });
  it("permuteDims, matrixTranspose", () => {
    expect(np.permuteDims(np.zeros([2, 3, 4]), [2, 0, 1]).shape).toEqual([4, 2, 3]);
    expect(np.matrixTranspose(np.zeros([5, 2, 3])).shape).toEqual([5, 3, 2]);
  });
});

describe("astype", () => {
  it("converts dtypes", () => {
    expect(np.array([1.7, -1.7]).astype("int32").tolist()).toEqual([1, -1]);
    expect(np.astype(np.array([0.5, 0, -2]), "bool").tolist()).toEqual([true, false, true]);
    expect(np.astype(np.array([true, false]), "float64").tolist()).toEqual([1, 0]);
    const w = np.astype(3, "float32");
    expect(w.dtype).toBe("float32");
    expect(w.weakType).toBe(false);
  });
});

describe("expandDims, squeeze, ravel, atleast", () => {
  it("expandDims", () => {
    const x = np.zeros([2, 3]);
    expect(np.expandDims(x, 0).shape).toEqual([1, 2, 3]);
    expect(np.expandDims(x, -1).shape).toEqual([2, 3, 1]);
    expect(np.expandDims(x, 1).shape).toEqual([2, 1, 3]);
    expect(np.expandDims(x, [0, -1, 2]).shape).toEqual([1, 2, 1, 3, 1]);
    expect(np.expandDims(np.array(4), 0).tolist()).toEqual([4]);
    expect(np.expandDims(i32([1, 2]), 1).tolist()).toEqual([[1], [2]]);
    expect(np.expandDims(np.zeros([0]), 0).shape).toEqual([1, 0]);
    expect(() => np.expandDims(x, [0, 0])).toThrow(/repeated axis/);
    expect(() => np.expandDims(x, 3)).toThrow(/out of bounds/);
  });
  it("squeeze", () => {
    const x = np.zeros([1, 2, 1]);
    expect(np.squeeze(x).shape).toEqual([2]);
    expect(np.squeeze(x, -1).shape).toEqual([1, 2]);
    expect(np.squeeze(x, [0, 2]).shape).toEqual([2]);
    expect(np.squeeze(i32([[7]])).tolist()).toBe(7);
    expect(np.squeeze(np.array(3)).shape).toEqual([]);
    expect(np.squeeze(np.zeros([1, 0])).shape).toEqual([0]);
    expect(np.squeeze(np.array([[true]])).dtype).toBe("bool");
    expect(() => np.squeeze(np.zeros([2, 1]), 0)).toThrow("cannot select an axis to squeeze out which has size not equal to one");
    expect(() => np.squeeze(x, 3)).toThrow(/out of bounds/);
  });
  it("ravel", () => {
    expect(np.ravel(i32([[1, 2], [3, 4]])).tolist()).toEqual([1, 2, 3, 4]);
    expect(np.ravel(np.array(5)).shape).toEqual([1]);
    expect(np.ravel(np.zeros([2, 0])).shape).toEqual([0]);
  });
  it("atleast1d/2d/3d", () => {
    expect(np.atleast1d(np.array(3)).shape).toEqual([1]);
    expect(np.atleast1d(2.5).weakType).toBe(true);
    expect(np.atleast1d(np.zeros([2, 3])).shape).toEqual([2, 3]);
    expect(np.atleast1d(1, np.zeros([2])).map((a) => a.shape)).toEqual([[1], [2]]);
    expect(np.atleast2d(np.array(3)).shape).toEqual([1, 1]);
    expect(np.atleast2d(i32([1, 2])).tolist()).toEqual([[1, 2]]);
    expect(np.atleast2d(np.zeros([2, 3, 4])).shape).toEqual([2, 3, 4]);
    expect(np.atleast3d(np.array(3)).shape).toEqual([1, 1, 1]);
    expect(np.atleast3d(np.zeros([4])).shape).toEqual([1, 4, 1]);
    expect(np.atleast3d(np.zeros([2, 3])).shape).toEqual([2, 3, 1]);
  });
});

describe("broadcasting", () => {
  it("broadcastTo", () => {
    expect(np.broadcastTo(i32([1, 2, 3]), [2, 3]).tolist()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(np.broadcastTo(i32([[1], [2]]), [2, 2]).tolist()).toEqual([[1, 1], [2, 2]]);
    expect(np.broadcastTo(np.array(7), 3).tolist()).toEqual([7, 7, 7]);
    expect(np.broadcastTo(5, [2]).weakType).toBe(true);
    expect(np.broadcastTo(np.zeros([1, 3]), [0, 3]).shape).toEqual([0, 3]);
    expect(np.broadcastTo(np.array([true]), [2]).dtype).toBe("bool");
    expect(() => np.broadcastTo(np.zeros([3]), [4])).toThrow("Incompatible shapes for broadcasting: (3,) and requested shape (4,)");
    expect(() => np.broadcastTo(np.zeros([2, 3]), [3])).toThrow(/Incompatible shapes/);
  });
  it("broadcastArrays keeps dtypes", () => {
    const [a, b, c] = np.broadcastArrays(np.zeros([3, 1]), i32([1, 2]), 5);
    expect([a!.shape, b!.shape, c!.shape]).toEqual([[3, 2], [3, 2], [3, 2]]);
    expect([a!.dtype, b!.dtype, c!.dtype]).toEqual(["float32", "int32", "int32"]);
    expect(b!.tolist()).toEqual([[1, 2], [1, 2], [1, 2]]);
    expect(() => np.broadcastArrays(np.zeros([3]), np.zeros([4]))).toThrow(/Incompatible shapes for broadcasting/);
  });
});

describe("concatenate and stacking", () => {
  it("concatenate along axes", () => {
    const a = i32([[1, 2], [3, 4]]);
    const b = i32([[5, 6]]);
    expect(np.concatenate([a, b]).tolist()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(np.concatenate([a, np.transpose(b)], 1).tolist()).toEqual([[1, 2, 5], [3, 4, 6]]);
    expect(np.concatenate([a, np.transpose(b)], -1).tolist()).toEqual([[1, 2, 5], [3, 4, 6]]);
    expect(np.concatenate([a, b], null).tolist()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(np.concatenate([a]).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(np.concatenate([np.zeros([0, 2]), np.ones([1, 2])]).tolist()).toEqual([[1, 1]]);
    expect(np.concatenate([np.array(1), np.array([2, 3])], null).tolist()).toEqual([1, 2, 3]);
  });
  it("concatenate promotes dtypes like JAX", () => {
    expect(np.concatenate([i32([1]), np.array([2.5], { dtype: "float64" })]).dtype).toBe("float64");
    expect(np.concatenate([i32([1]), np.array([true])]).dtype).toBe("int32");
    expect(np.concatenate([i32([1]), np.array([true])]).tolist()).toEqual([1, 1]);
    expect(np.concatenate([i32([1]), np.array([2.5])]).dtype).toBe("float32");
    expect(np.concatenate([np.array([true]), np.array([false])]).dtype).toBe("bool");
  });
  it("concatenate errors", () => {
    expect(() => np.concatenate([])).toThrow(/at least one array/);
    expect(() => np.concatenate([1, 2])).toThrow(/Zero-dimensional/);
    expect(() => np.concatenate([np.zeros([2]), np.zeros([2, 2])])).toThrow(TypeError);
    expect(() => np.concatenate([np.zeros([2, 3]), np.zeros([2, 2])])).toThrow(/Cannot concatenate arrays with shapes that differ/);
    expect(() => np.concatenate([np.zeros([2])], 1)).toThrow(/out of bounds/);
  });
  it("stack", () => {
    const a = i32([1, 2]);
    const b = i32([3, 4]);
    expect(np.stack([a, b]).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(np.stack([a, b], 1).tolist()).toEqual([[1, 3], [2, 4]]);
    expect(np.stack([a, b], -1).tolist()).toEqual([[1, 3], [2, 4]]);
    expect(np.stack([a, b]).dtype).toBe("int32");
    expect(np.stack([1, 2]).tolist()).toEqual([1, 2]);
    expect(np.stack([np.array(1), np.array(2.5)]).dtype).toBe("float32");
    expect(np.stack([np.zeros([0]), np.zeros([0])]).shape).toEqual([2, 0]);
    expect(np.stack([np.zeros([2, 3]), np.zeros([2, 3])], 2).shape).toEqual([2, 3, 2]);
    expect(() => np.stack([np.zeros([2]), np.zeros([3])])).toThrow("all input arrays must have the same shape");
    expect(() => np.stack([])).toThrow(/at least one array/);
    expect(() => np.stack([a, b], 2)).toThrow(/out of bounds/);
  });
  it("hstack, vstack, dstack, columnStack", () => {
    const a = i32([1, 2]);
    const b = i32([3, 4]);
    expect(np.hstack([a, b]).tolist()).toEqual([1, 2, 3, 4]);
    expect(np.hstack([i32([[1], [2]]), i32([[3], [4]])]).tolist()).toEqual([[1, 3], [2, 4]]);
    expect(np.hstack([1, 2]).tolist()).toEqual([1, 2]);
    expect(np.vstack([a, b]).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(np.vstack([i32([[1, 2]]), b]).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(np.dstack([a, b]).tolist()).toEqual([[[1, 3], [2, 4]]]);
    expect(np.columnStack([a, b]).tolist()).toEqual([[1, 3], [2, 4]]);
  });
  it("unstack", () => {
    const parts = np.unstack(i32([[1, 2], [3, 4]]), 1);
    expect(parts.map((p) => p.tolist())).toEqual([[1, 3], [2, 4]]);
  });
});

describe("split", () => {
  const r10 = () => np.arange(10).astype("int32");
  it("split into equal sections", () => {
    expect(np.split(np.arange(6).astype("int32"), 3).map((a) => a.tolist())).toEqual([[0, 1], [2, 3], [4, 5]]);
    const parts = np.split(m34(), 2, -1);
    expect(parts.map((a) => a.tolist())).toEqual([
      [[0, 1], [4, 5], [8, 9]],
      [[2, 3], [6, 7], [10, 11]],
    ]);
    expect(parts[0]!.dtype).toBe("int32");
  });
  it("split at indices, Python slice semantics", () => {
    expect(np.split(r10(), [3, -2, 20]).map((a) => a.tolist())).toEqual([[0, 1, 2], [3, 4, 5, 6, 7], [8, 9], []]);
    expect(np.split(r10(), [6, 3]).map((a) => a.tolist())).toEqual([[0, 1, 2, 3, 4, 5], [], [3, 4, 5, 6, 7, 8, 9]]);
    expect(np.split(r10(), []).map((a) => a.shape)).toEqual([[10]]);
  });
  it("arraySplit allows unequal sections", () => {
    expect(np.arraySplit(r10(), 3).map((a) => a.tolist())).toEqual([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(np.arraySplit(i32([1, 2]), 3).map((a) => a.tolist())).toEqual([[1], [2], []]);
  });
  it("size-0 axes", () => {
    expect(np.split(np.zeros([0, 3]), 3, 1).map((a) => a.shape)).toEqual([[0, 1], [0, 1], [0, 1]]);
    expect(np.split(np.zeros([0, 3]), 2).map((a) => a.shape)).toEqual([[0, 3], [0, 3]]);
  });
  it("hsplit, vsplit", () => {
    expect(np.hsplit(m34(), 2).map((a) => a.shape)).toEqual([[3, 2], [3, 2]]);
    expect(np.vsplit(m34(), [1]).map((a) => a.tolist())).toEqual([[[0, 1, 2, 3]], [[4, 5, 6, 7], [8, 9, 10, 11]]]);
  });
  it("errors", () => {
    expect(() => np.split(np.arange(5), 2)).toThrow("array split does not result in an equal division");
    expect(() => np.split(np.arange(5), 0)).toThrow(/larger than 0/);
    expect(() => np.split(np.array(1), 1)).toThrow(/out of bounds/);
  });
});

describe("tile and repeat", () => {
  it("tile", () => {
    const a = i32([1, 2, 3]);
    expect(np.tile(a, 2).tolist()).toEqual([1, 2, 3, 1, 2, 3]);
    expect(np.tile(a, [2, 2]).tolist()).toEqual([
      [1, 2, 3, 1, 2, 3],
      [1, 2, 3, 1, 2, 3],
    ]);
    expect(np.tile(i32([[1, 2], [3, 4]]), 2).tolist()).toEqual([
      [1, 2, 1, 2],
      [3, 4, 3, 4],
    ]);
    expect(np.tile(i32([[1, 2], [3, 4]]), [2, 1]).tolist()).toEqual([[1, 2], [3, 4], [1, 2], [3, 4]]);
    expect(np.tile(np.zeros([2, 3]), [2, 1, 2]).shape).toEqual([2, 2, 6]);
    expect(np.tile(np.array(7), [2, 2]).tolist()).toEqual([[7, 7], [7, 7]]);
    expect(np.tile(a, 0).shape).toEqual([0]);
    expect(np.tile(np.zeros([0, 3]), 2).shape).toEqual([0, 6]);
    expect(np.tile(np.array([true, false]), 2).tolist()).toEqual([true, false, true, false]);
    expect(np.tile(a, []).tolist()).toEqual([1, 2, 3]);
  });
  it("repeat with a scalar count", () => {
    const x = i32([[1, 2], [3, 4]]);
    expect(np.repeat(x, 2).tolist()).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(np.repeat(x, 2, 0).tolist()).toEqual([[1, 2], [1, 2], [3, 4], [3, 4]]);
    expect(np.repeat(x, 3, -1).tolist()).toEqual([
      [1, 1, 1, 2, 2, 2],
      [3, 3, 3, 4, 4, 4],
    ]);
    expect(np.repeat(x, 0, 1).shape).toEqual([2, 0]);
    expect(np.repeat(np.array(7), 3).tolist()).toEqual([7, 7, 7]);
    expect(np.repeat(np.zeros([0, 3]), 2, 1).shape).toEqual([0, 6]);
    expect(np.repeat(x, 2).dtype).toBe("int32");
  });
  it("repeat with totalRepeatLength cuts or fills with the last element (values from JAX 0.10.2)", () => {
    const x = i32([[1, 2], [3, 4]]);
    expect(np.repeat(x, 2, { axis: 1, totalRepeatLength: 3 }).tolist()).toEqual([[1, 1, 2], [3, 3, 4]]);
    expect(np.repeat(x, [2, 3], { axis: 1, totalRepeatLength: 4 }).tolist()).toEqual([[1, 1, 2, 2], [3, 3, 4, 4]]);
    expect(np.repeat(x, [2, 3], { axis: 1, totalRepeatLength: 7 }).tolist()).toEqual([[1, 1, 2, 2, 2, 2, 2], [3, 3, 4, 4, 4, 4, 4]]);
    expect(np.repeat(x, 1, { totalRepeatLength: 4 }).tolist()).toEqual([1, 2, 3, 4]);
    expect(np.repeat(np.array([1, 2]), [0, 0], { totalRepeatLength: 3 }).tolist()).toEqual([2, 2, 2]);
    expect(np.repeat(np.zeros([0]), 2, { totalRepeatLength: 3 }).shape).toEqual([0]);
    expect(() => np.repeat(x, 2, { totalRepeatLength: -1 })).toThrow(/total_repeat_length/);
  });
  it("repeat with totalRepeatLength under jit (twice), vmap and grad to second order", () => {
    const f = (a: Array): Array => np.repeat(a, [2, 3], { axis: 0, totalRepeatLength: 6 });
    const a = np.array([[1, 2], [3, 4]], { dtype: "float64" });
    const eager = f(a).tolist();
    expect(eager).toEqual([[1, 2], [1, 2], [3, 4], [3, 4], [3, 4], [3, 4]]);
    const jf = jit(f);
    expect(jf(a).tolist()).toEqual(eager);
    expect(jf(a).tolist()).toEqual(eager);
    const batch = np.stack([a, np.multiply(a, 10)]);
    expect(vmap(f)(batch).tolist()).toEqual([0, 1].map((i) => f(batch.get(i)).tolist()));
    testUtil.checkGrads((b: Array) => np.sum(np.square(f(b))), [a], 2);
  });
  it("repeat with per-element counts", () => {
    const x = m34();
    expect(np.repeat(x, [1, 0, 2], 0).tolist()).toEqual([
      [0, 1, 2, 3],
      [8, 9, 10, 11],
      [8, 9, 10, 11],
    ]);
    expect(np.repeat(x, [2, 0, 1, 1], -1).tolist()).toEqual([
      [0, 0, 2, 3],
      [4, 4, 6, 7],
      [8, 8, 10, 11],
    ]);
    expect(np.repeat(i32([1, 2, 3]), [0, 0, 0]).shape).toEqual([0]);
    expect(np.repeat(np.array([1.5, 2.5], { dtype: "float64" }), [1, 3]).tolist()).toEqual([1.5, 2.5, 2.5, 2.5]);
    expect(() => np.repeat(x, [1, 2], 0)).toThrow(/repeats/);
    expect(() => np.repeat(x, -1)).toThrow(/non-negative/);
  });
});

describe("flip, roll, rot90", () => {
  it("flip", () => {
    const x = i32([[1, 2], [3, 4]]);
    expect(np.flip(x).tolist()).toEqual([[4, 3], [2, 1]]);
    expect(np.flip(x, 0).tolist()).toEqual([[3, 4], [1, 2]]);
    expect(np.flip(x, -1).tolist()).toEqual([[2, 1], [4, 3]]);
    expect(np.flip(x, [0, 1]).tolist()).toEqual([[4, 3], [2, 1]]);
    expect(np.flip(np.array(3)).tolist()).toBe(3);
    expect(np.flip(np.zeros([0, 2])).shape).toEqual([0, 2]);
    expect(np.fliplr(x).tolist()).toEqual([[2, 1], [4, 3]]);
    expect(np.flipud(x).tolist()).toEqual([[3, 4], [1, 2]]);
    expect(np.flip(np.array([true, false])).tolist()).toEqual([false, true]);
    expect(() => np.fliplr(i32([1, 2]))).toThrow(/>= 2-d/);
    expect(() => np.flip(x, 2)).toThrow(/out of bounds/);
  });
  it("roll", () => {
    const x = m34();
    expect(np.roll(i32([1, 2, 3, 4, 5]), 2).tolist()).toEqual([4, 5, 1, 2, 3]);
    expect(np.roll(i32([1, 2, 3, 4, 5]), -7).tolist()).toEqual([3, 4, 5, 1, 2]);
    expect(np.roll(x, 5).tolist()).toEqual([
      [7, 8, 9, 10],
      [11, 0, 1, 2],
      [3, 4, 5, 6],
    ]);
    expect(np.roll(x, -1, 1).tolist()).toEqual([
      [1, 2, 3, 0],
      [5, 6, 7, 4],
      [9, 10, 11, 8],
    ]);
    expect(np.roll(x, [1, -6], [0, 1]).tolist()).toEqual([
      [10, 11, 8, 9],
      [2, 3, 0, 1],
      [6, 7, 4, 5],
    ]);
    expect(np.roll(x, [1, 2], 1).tolist()).toEqual(np.roll(x, 3, 1).tolist());
    expect(np.roll(np.array(7), 3).tolist()).toBe(7);
    expect(np.roll(np.zeros([0, 3]), 2, 1).shape).toEqual([0, 3]);
  });
  it("roll by an Array shift", () => {
    const x = m34();
    expect(np.roll(x, i32([1, -6]), [0, 1]).tolist()).toEqual(np.roll(x, [1, -6], [0, 1]).tolist());
    expect(np.roll(i32([1, 2, 3]), np.array(-4, { dtype: "int32" }), 0).tolist()).toEqual([2, 3, 1]);
  });
  it("rot90", () => {
    const x = i32([[1, 2], [3, 4]]);
    expect(np.rot90(x).tolist()).toEqual([[2, 4], [1, 3]]);
    expect(np.rot90(x, 2).tolist()).toEqual([[4, 3], [2, 1]]);
    expect(np.rot90(x, 3).tolist()).toEqual([[3, 1], [4, 2]]);
    expect(np.rot90(x, -1).tolist()).toEqual([[3, 1], [4, 2]]);
    expect(np.rot90(x, 1, [1, 0]).tolist()).toEqual([[3, 1], [4, 2]]);
    expect(np.rot90(x, 4).tolist()).toEqual([[1, 2], [3, 4]]);
  });
});

describe("pad", () => {
  const v = () => i32([1, 2, 3]);
  it("constant mode with numpy's pad_width forms", () => {
    expect(np.pad(v(), 2).tolist()).toEqual([0, 0, 1, 2, 3, 0, 0]);
    expect(np.pad(v(), [1, 2]).tolist()).toEqual([0, 1, 2, 3, 0, 0]);
    expect(np.pad(v(), [[1, 2]]).tolist()).toEqual([0, 1, 2, 3, 0, 0]);
    expect(np.pad(v(), [3]).tolist()).toEqual([0, 0, 0, 1, 2, 3, 0, 0, 0]);
    expect(np.pad(v(), 1, { constantValues: 9 }).tolist()).toEqual([9, 1, 2, 3, 9]);
    const x = i32([[1, 2], [3, 4]]);
    expect(np.pad(x, [[1, 0], [0, 2]]).tolist()).toEqual([
      [0, 0, 0, 0],
      [1, 2, 0, 0],
      [3, 4, 0, 0],
    ]);
    expect(np.pad(x, 1).dtype).toBe("int32");
    expect(np.pad(x, [0, 0]).tolist()).toEqual([[1, 2], [3, 4]]);
  });
  it("per-axis constant values", () => {
    const x = i32([[1, 2], [3, 4]]);
    expect(np.pad(x, [[1, 1], [1, 0]], { constantValues: [[-1, -2], [-3, -4]] }).tolist()).toEqual([
      [-3, -1, -1],
      [-3, 1, 2],
      [-3, 3, 4],
      [-3, -2, -2],
    ]);
    expect(np.pad(v(), 1, { constantValues: [7, 8] }).tolist()).toEqual([7, 1, 2, 3, 8]);
  });
  it("constant values take the array's dtype", () => {
    expect(np.pad(v(), 1, { constantValues: 1.7 }).tolist()).toEqual([1, 1, 2, 3, 1]);
    expect(np.pad(np.array([true, false]), 1, { constantValues: true }).tolist()).toEqual([true, true, false, true]);
    expect(np.pad(np.array([true]), 1).tolist()).toEqual([false, true, false]);
    const f = np.pad(np.array([0.5], { dtype: "float64" }), 1, { constantValues: 0.1 });
    expect(f.dtype).toBe("float64");
    expect(f.tolist()).toEqual([0.1, 0.5, 0.1]);
  });
  it("rank 0 and size 0", () => {
    expect(np.pad(np.array(7), 3).tolist()).toBe(7);
    expect(np.pad(np.zeros([0, 2]), 1).shape).toEqual([2, 4]);
    expect(np.pad(np.zeros([0]), [0, 0], { mode: "edge" }).shape).toEqual([0]);
    expect(() => np.pad(np.zeros([0, 2]), 1, { mode: "edge" })).toThrow(/empty axis/);
    expect(() => np.pad(np.zeros([0]), 1, { mode: "wrap" })).toThrow(/empty axis/);
  });
  it("edge", () => {
    expect(np.pad(v(), [2, 3], { mode: "edge" }).tolist()).toEqual([1, 1, 1, 2, 3, 3, 3, 3]);
    expect(np.pad(i32([[1, 2], [3, 4]]), 1, { mode: "edge" }).tolist()).toEqual([
      [1, 1, 2, 2],
      [1, 1, 2, 2],
      [3, 3, 4, 4],
      [3, 3, 4, 4],
    ]);
  });
  it("reflect, including pads longer than the axis", () => {
    expect(np.pad(v(), 2, { mode: "reflect" }).tolist()).toEqual([3, 2, 1, 2, 3, 2, 1]);
    expect(np.pad(v(), [5, 0], { mode: "reflect" }).tolist()).toEqual([2, 1, 2, 3, 2, 1, 2, 3]);
    expect(np.pad(v(), [7, 8], { mode: "reflect" }).tolist()).toEqual([2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3]);
    expect(np.pad(i32([5]), [3, 2], { mode: "reflect" }).tolist()).toEqual([5, 5, 5, 5, 5, 5]);
    expect(np.pad(i32([[1, 2], [3, 4]]), [[1, 0], [0, 1]], { mode: "reflect" }).tolist()).toEqual([
      [3, 4, 3],
      [1, 2, 1],
      [3, 4, 3],
    ]);
  });
  it("symmetric", () => {
    expect(np.pad(v(), 2, { mode: "symmetric" }).tolist()).toEqual([2, 1, 1, 2, 3, 3, 2]);
    expect(np.pad(v(), [4, 0], { mode: "symmetric" }).tolist()).toEqual([3, 3, 2, 1, 1, 2, 3]);
    expect(np.pad(v(), [7, 8], { mode: "symmetric" }).tolist()).toEqual([1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3, 2]);
  });
  it("odd reflection", () => {
    expect(np.pad(v(), 2, { mode: "reflect", reflectType: "odd" }).tolist()).toEqual([-1, 0, 1, 2, 3, 4, 5]);
    expect(np.pad(v(), [7, 8], { mode: "reflect", reflectType: "odd" }).tolist()).toEqual([
      -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    ]);
    expect(np.pad(v(), 2, { mode: "symmetric", reflectType: "odd" }).tolist()).toEqual([0, 1, 1, 2, 3, 3, 4]);
  });
  it("wrap", () => {
    expect(np.pad(v(), 2, { mode: "wrap" }).tolist()).toEqual([2, 3, 1, 2, 3, 1, 2]);
    expect(np.pad(v(), [7, 8], { mode: "wrap" }).tolist()).toEqual([3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2]);
    expect(np.pad(i32([[1, 2], [3, 4]]), [[0, 1], [1, 0]], { mode: "wrap" }).tolist()).toEqual([
      [2, 1, 2],
      [4, 3, 4],
      [2, 1, 2],
    ]);
  });
  it("errors", () => {
    expect(() => np.pad(v(), -1)).toThrow("index can't contain negative values");
    expect(() => np.pad(v(), 1.5)).toThrow(/integral/);
    expect(() => np.pad(np.zeros([2, 2]), [[1, 2], [3, 4], [5, 6]])).toThrow(/unsupported shape \(3, 2\)/);
    expect(() => np.pad(v(), [1, 2, 3])).toThrow(/unsupported shape/);
    expect(() => np.pad(v(), 1, { mode: "maximum" as "edge" })).toThrow(/Unimplemented padding mode/);
    expect(() => np.pad(v(), 1, { mode: "edge", constantValues: 1 })).toThrow(/constant_values/);
  });
});

describe("tracing", () => {
  it("shape functions stage out as lax primitives", () => {
    const jaxpr = makeJaxpr((x: unknown) => np.roll(np.pad(np.repeat(x as never, [1, 2], 0), 1, { mode: "reflect" }), 1, 1))(np.zeros([2, 3]));
    const text = jaxpr.toString();
    expect(text).toContain("gather");
    expect(text).toContain("rev");
    expect(text).toContain("concatenate");
  });
  it("roll by a traced shift uses a dynamic slice", () => {
    const text = makeJaxpr((x: unknown, s: unknown) => np.roll(x as never, s as never, 0))(np.zeros([4]), np.array(1, { dtype: "int32" })).toString();
    expect(text).toContain("dynamic_slice");
  });
});
