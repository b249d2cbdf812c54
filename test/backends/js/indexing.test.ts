// gather, scatter family, dynamic_slice and dynamic_update_slice through the JS backend's lowerings,
// against values worked out by hand with XLA/JAX semantics.
import { describe, it, expect } from "vitest";
import { ShapedArray, abstractEval, TYPED_ARRAY } from "../../../jaxpr/index.js";
import type { DType, PrimitiveName, Params, GatherDimensionNumbers, ScatterDimensionNumbers, GatherScatterMode, ScatterName } from "../../../jaxpr/index.js";
import { lowerEqn } from "../../../backends/js/lowerings/index.js";
import { arr, f32, i32 } from "../../util/backend.js";
import type { Arg } from "../../util/backend.js";

const iota = (n: number) => Array.from({ length: n }, (_, i) => i);

function run<P extends PrimitiveName>(prim: P, args: Arg[], params: Params<P>) {
  const inAvals = args.map((a) => a.aval);
  const outAvals = abstractEval(prim, inAvals, params);
  const kernel = lowerEqn(prim, { inAvals, outAvals, params });
  const inputsBefore = args.map((a) => Array.from(a.data));
  const outs = kernel.run(...args.map((a) => a.data));
  // Arrays are immutable: no kernel may write into an input.
  args.forEach((a, i) => expect(Array.from(a.data)).toEqual(inputsBefore[i]));
  return outs.map((b, i) => {
    expect(b).toBeInstanceOf(TYPED_ARRAY[outAvals[i]!.dtype]);
    expect(b.length).toBe(outAvals[i]!.size);
    return { shape: outAvals[i]!.shape, values: Array.from(b), buffer: b };
  });
}

const gdn = (d: Partial<GatherDimensionNumbers>): GatherDimensionNumbers => ({
  offsetDims: [], collapsedSliceDims: [], startIndexMap: [], operandBatchingDims: [], startIndicesBatchingDims: [], ...d,
});
function gather(operand: Arg, indices: Arg, dn: Partial<GatherDimensionNumbers>, sliceSizes: number[], mode: GatherScatterMode, fillValue: number | null = null) {
  return run("gather", [operand, indices], { dimensionNumbers: gdn(dn), sliceSizes, mode, fillValue, indicesAreSorted: false, uniqueIndices: false })[0]!;
}

describe("gather", () => {
  const x = f32([5], [10, 11, 12, 13, 14]);
  const pick = { collapsedSliceDims: [0], startIndexMap: [0] };
  const idx = i32([4, 1], [1, 4, 5, -1]);

  it("clamps start indices in clip and promise_in_bounds modes", () => {
    expect(gather(x, idx, pick, [1], "clip").values).toEqual([11, 14, 14, 10]);
    expect(gather(x, idx, pick, [1], "promise_in_bounds").values).toEqual([11, 14, 14, 10]);
  });

  it("fills out-of-bounds batch elements with JAX's per-dtype defaults in fill mode", () => {
    expect(gather(x, idx, pick, [1], "fill").values).toEqual([11, 14, NaN, NaN]);
    expect(gather(x, idx, pick, [1], "fill", 7).values).toEqual([11, 14, 7, 7]);
    expect(gather(i32([2], [3, 4]), i32([2, 1], [1, 2]), pick, [1], "fill").values).toEqual([4, -2147483648]);
    expect(gather(arr("uint32", [2], [3, 4]), i32([2, 1], [-1, 0]), pick, [1], "fill").values).toEqual([4294967295, 3]);
    expect(gather(arr("bool", [2], [0, 0]), i32([2, 1], [0, 9]), pick, [1], "fill").values).toEqual([0, 1]);
    // A fill value is cast to the operand's dtype.
    expect(gather(i32([2], [3, 4]), i32([1, 1], [5]), pick, [1], "fill", 2.7).values).toEqual([2]);
  });

  it("treats large uint32 indices as out of bounds", () => {
    const u = arr("uint32", [2, 1], [4294967295, 2]);
    expect(gather(x, u, pick, [1], "clip").values).toEqual([14, 12]);
    expect(gather(x, u, pick, [1], "fill").values).toEqual([NaN, 12]);
  });

  it("gathers whole rows", () => {
    const out = gather(f32([3, 4], iota(12)), i32([2, 1], [2, 0]), { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] }, [1, 4], "clip");
    expect(out.shape).toEqual([2, 4]);
    expect(out.values).toEqual([8, 9, 10, 11, 0, 1, 2, 3]);
  });

  describe("2x2 windows of a 4x4 operand", () => {
    const op = f32([4, 4], iota(16));
    const starts = i32([3, 2], [1, 3, -2, 0, 2, 1]);
    const dn = { offsetDims: [1, 2], startIndexMap: [0, 1] };
    it("clip clamps each start to [0, dim - size]", () => {
      const out = gather(op, starts, dn, [2, 2], "clip");
      expect(out.shape).toEqual([3, 2, 2]);
      expect(out.values).toEqual([6, 7, 10, 11, 0, 1, 4, 5, 9, 10, 13, 14]);
    });
    it("fill replaces a whole window when any start is out of bounds", () => {
      expect(gather(op, starts, dn, [2, 2], "fill").values).toEqual([NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 9, 10, 13, 14]);
    });
    it("places the batch dim between offset dims", () => {
      const out = gather(op, starts, { offsetDims: [0, 2], startIndexMap: [0, 1] }, [2, 2], "clip");
      expect(out.shape).toEqual([2, 3, 2]);
      expect(out.values).toEqual([6, 7, 0, 1, 9, 10, 10, 11, 4, 5, 13, 14]);
    });
  });

  it("supports batching dims (operand batch i pairs with indices batch i)", () => {
    const op = f32([2, 3], [0, 1, 2, 10, 11, 12]);
    // indices[e][b] indexes operand row b; the batching dim is indices dim 1.
    const ind = i32([2, 2, 1], [2, 0, 1, 5]);
    const dn = { collapsedSliceDims: [1], startIndexMap: [1], operandBatchingDims: [0], startIndicesBatchingDims: [1] };
    const clip = gather(op, ind, dn, [1, 1], "clip");
    expect(clip.shape).toEqual([2, 2]);
    expect(clip.values).toEqual([2, 10, 1, 12]);
    expect(gather(op, ind, dn, [1, 1], "fill").values).toEqual([2, 10, 1, NaN]);
  });

  it("handles rank-0 results and empty index batches", () => {
    const scalar = gather(x, i32([1], [2]), pick, [1], "clip");
    expect(scalar.shape).toEqual([]);
    expect(scalar.values).toEqual([12]);
    const empty = gather(x, i32([0, 1], []), pick, [1], "fill");
    expect(empty.shape).toEqual([0]);
    expect(empty.values).toEqual([]);
  });
});

const sdn = (d: Partial<ScatterDimensionNumbers>): ScatterDimensionNumbers => ({
  updateWindowDims: [], insertedWindowDims: [], scatterDimsToOperandDims: [], operandBatchingDims: [], scatterIndicesBatchingDims: [], ...d,
});
function scatter(prim: ScatterName, operand: Arg, indices: Arg, updates: Arg, dn: Partial<ScatterDimensionNumbers>, mode: GatherScatterMode) {
  return run(prim, [operand, indices, updates], { dimensionNumbers: sdn(dn), indicesAreSorted: false, uniqueIndices: false, mode })[0]!;
}

describe("scatter family", () => {
  const point = { insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
  const x = f32([5], [1, 2, 3, 4, 5]);
  const idx = i32([5, 1], [1, 3, 1, 7, -1]);
  const upd = f32([5], [10, 20, 30, 40, 50]);

  it("drops out-of-bounds updates in fill and promise_in_bounds modes, clamps in clip", () => {
    expect(scatter("scatter", x, idx, upd, point, "fill").values).toEqual([1, 30, 3, 20, 5]);
    expect(scatter("scatter", x, idx, upd, point, "promise_in_bounds").values).toEqual([1, 30, 3, 20, 5]);
    expect(scatter("scatter", x, idx, upd, point, "clip").values).toEqual([50, 30, 3, 20, 40]);
  });

  it("combines repeated indices", () => {
    expect(scatter("scatter-add", x, idx, upd, point, "fill").values).toEqual([1, 42, 3, 24, 5]);
    expect(scatter("scatter-add", x, idx, upd, point, "clip").values).toEqual([51, 42, 3, 24, 45]);
    expect(scatter("scatter-mul", x, idx, upd, point, "fill").values).toEqual([1, 600, 3, 80, 5]);
    const u = f32([5], [0.5, NaN, -3, 100, 100]);
    expect(scatter("scatter-min", x, idx, u, point, "fill").values).toEqual([1, -3, 3, NaN, 5]);
    expect(scatter("scatter-max", x, idx, u, point, "fill").values).toEqual([1, 2, 3, NaN, 5]);
    expect(scatter("scatter-max", x, idx, u, point, "clip").values).toEqual([100, 2, 3, NaN, 100]);
  });

  it("wraps integer arithmetic", () => {
    const add = scatter("scatter-add", i32([2], [2147483647, -2147483648]), i32([3, 1], [0, 1, 0]), i32([3], [1, -1, 2]), point, "fill");
    expect(add.values).toEqual([-2147483646, 2147483647]);
    // (2^31 - 1)^2 = 1 mod 2^32: exact only with Math.imul.
    expect(scatter("scatter-mul", i32([1], [2147483647]), i32([1, 1], [0]), i32([1], [2147483647]), point, "fill").values).toEqual([1]);
    expect(scatter("scatter-add", arr("uint32", [1], [4294967295]), i32([1, 1], [0]), arr("uint32", [1], [2]), point, "fill").values).toEqual([1]);
    expect(scatter("scatter-min", i32([2], [5, -5]), i32([2, 1], [0, 1]), i32([2], [-7, 3]), point, "fill").values).toEqual([-7, -5]);
  });

  it("treats bool add as logical or", () => {
    const b = scatter("scatter-add", arr("bool", [3], [0, 1, 0]), i32([3, 1], [0, 0, 1]), arr("bool", [3], [1, 1, 0]), point, "fill");
    expect(b.values).toEqual([1, 1, 0]);
  });

  it("scatters whole rows", () => {
    const out = scatter("scatter-add", f32([3, 4], new Array(12).fill(0)), i32([2, 1], [0, 2]), f32([2, 4], [1, 2, 3, 4, 5, 6, 7, 8]), { updateWindowDims: [1], ...point }, "fill");
    expect(out.values).toEqual([1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 7, 8]);
  });

  it("drops a window that does not fit, even if some of its elements would", () => {
    const op = f32([2, 4], new Array(8).fill(0));
    const ind = i32([2, 2], [0, 1, 1, 3]);
    const u = f32([2, 2], [1, 2, 3, 4]);
    const dn = { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0, 1] };
    expect(scatter("scatter-add", op, ind, u, dn, "fill").values).toEqual([0, 1, 2, 0, 0, 0, 0, 0]);
    expect(scatter("scatter-add", op, ind, u, dn, "clip").values).toEqual([0, 1, 2, 0, 0, 0, 3, 4]);
  });

  it("applies overwrites in row-major update order", () => {
    // updates[w][g]: window dim first. Row-major order writes op[1] from (w0, g1) then (w1, g0).
    const out = scatter("scatter", f32([4], [0, 0, 0, 0]), i32([2, 1], [0, 1]), f32([2, 2], [1, 2, 3, 4]), { updateWindowDims: [0], scatterDimsToOperandDims: [0] }, "fill");
    expect(out.values).toEqual([1, 3, 4, 0]);
  });

  it("supports batching dims", () => {
    const dn = { insertedWindowDims: [1], scatterDimsToOperandDims: [1], operandBatchingDims: [0], scatterIndicesBatchingDims: [0] };
    const out = scatter("scatter-add", f32([2, 3], [0, 0, 0, 0, 0, 0]), i32([2, 1], [2, 0]), f32([2], [5, 7]), dn, "fill");
    expect(out.values).toEqual([0, 0, 5, 7, 0, 0]);
  });

  it("returns a copy of the operand for empty updates", () => {
    const out = scatter("scatter", x, i32([0, 1], []), f32([0], []), point, "fill");
    expect(out.values).toEqual([1, 2, 3, 4, 5]);
    expect(out.buffer).not.toBe(x.data);
  });
});

describe("dynamic_slice", () => {
  const op = f32([4, 5], iota(20));
  const ds = (starts: Arg[], sizes: number[]) => run("dynamic_slice", [op, ...starts], { sliceSizes: sizes })[0]!;
  const s = (v: number) => i32([], [v]);

  it("slices at in-bounds starts", () => {
    expect(ds([s(1), s(3)], [2, 2]).values).toEqual([8, 9, 13, 14]);
  });
  it("clamps starts so the slice fits", () => {
    expect(ds([s(-1), s(7)], [2, 2]).values).toEqual([3, 4, 8, 9]);
    expect(ds([arr("uint32", [], [4294967295]), s(0)], [3, 5]).values).toEqual(iota(15).map((v) => v + 5));
  });
  it("handles empty slices and rank 0", () => {
    expect(ds([s(1), s(1)], [0, 2]).values).toEqual([]);
    expect(run("dynamic_slice", [f32([], [3.5])], { sliceSizes: [] })[0]!.values).toEqual([3.5]);
  });
});

describe("dynamic_update_slice", () => {
  const op = f32([3, 3], iota(9));
  const upd = f32([2, 2], [-1, -2, -3, -4]);
  it("writes the update at clamped starts", () => {
    expect(run("dynamic_update_slice", [op, upd, i32([], [0]), i32([], [1])], {})[0]!.values).toEqual([0, -1, -2, 3, -3, -4, 6, 7, 8]);
    expect(run("dynamic_update_slice", [op, upd, i32([], [2]), i32([], [-5])], {})[0]!.values).toEqual([0, 1, 2, -1, -2, 5, -3, -4, 8]);
  });
  it("handles an empty update", () => {
    expect(run("dynamic_update_slice", [op, f32([0, 2], []), i32([], [1]), i32([], [1])], {})[0]!.values).toEqual(iota(9));
  });
});
