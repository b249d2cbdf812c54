// pad and concatenate through the JS backend's lowerings, against values worked out by hand.
import { describe, it, expect } from "vitest";
import { ShapedArray, abstractEval, TYPED_ARRAY } from "../../../jaxpr/index.js";
import type { DType, PrimitiveName, Params, PaddingConfig } from "../../../jaxpr/index.js";
import { lowerEqn } from "../../../backends/js/lowerings/index.js";
import { arr, f32 } from "../../util/backend.js";
import type { Arg } from "../../util/backend.js";


function run<P extends PrimitiveName>(prim: P, args: Arg[], params: Params<P>) {
  const inAvals = args.map((a) => a.aval);
  const outAvals = abstractEval(prim, inAvals, params);
  const kernel = lowerEqn(prim, { inAvals, outAvals, params });
  const outs = kernel.run(...args.map((a) => a.data));
  return outs.map((b, i) => {
    expect(b).toBeInstanceOf(TYPED_ARRAY[outAvals[i]!.dtype]);
    expect(b.length).toBe(outAvals[i]!.size);
    return { shape: outAvals[i]!.shape, values: Array.from(b), buffer: b };
  });
}

const pad = (x: Arg, value: number, paddingConfig: PaddingConfig) => run("pad", [x, arr(x.aval.dtype, [], [value])], { paddingConfig })[0]!;

describe("pad", () => {
  const x = f32([3], [1, 2, 3]);
  it("pads low, high and interior", () => {
    expect(pad(x, 0.5, [[1, 2, 1]]).values).toEqual([0.5, 1, 0.5, 2, 0.5, 3, 0.5, 0.5]);
    expect(pad(x, 0, [[0, 0, 0]]).values).toEqual([1, 2, 3]);
  });
  it("crops with negative low/high, after interior padding", () => {
    expect(pad(x, 9, [[-1, 0, 1]]).values).toEqual([9, 2, 9, 3]);
    expect(pad(x, 9, [[0, -2, 0]]).values).toEqual([1]);
    expect(pad(x, 9, [[-1, -1, 0]]).values).toEqual([2]);
    expect(pad(x, 9, [[-2, -2, 1]]).values).toEqual([2]);
    expect(pad(x, 9, [[-2, 1, 1]]).values).toEqual([2, 9, 3, 9]);
    // Interior-padded [1, 9, 2, 9, 3], then the first 3 or 4 positions cropped.
    expect(pad(x, 9, [[-3, 0, 1]]).values).toEqual([9, 3]);
    expect(pad(x, 9, [[-4, 0, 1]]).values).toEqual([3]);
    const gone = pad(x, 9, [[-3, 0, 0]]);
    expect(gone.shape).toEqual([0]);
    expect(gone.values).toEqual([]);
  });
  it("pads and crops several dims at once", () => {
    const out = pad(f32([2, 3], [1, 2, 3, 4, 5, 6]), 7, [[1, 0, 0], [-1, 1, 1]]);
    expect(out.shape).toEqual([3, 5]);
    expect(out.values).toEqual([7, 7, 7, 7, 7, 7, 2, 7, 3, 7, 7, 5, 7, 6, 7]);
  });
  it("pads ints, bools, rank 0 and empty operands", () => {
    expect(pad(arr("int32", [2], [-1, 2]), -2147483648, [[1, 1, 1]]).values).toEqual([-2147483648, -1, -2147483648, 2, -2147483648]);
    expect(pad(arr("bool", [1], [0]), 1, [[1, 0, 0]]).values).toEqual([1, 0]);
    expect(pad(f32([], [4]), 0, []).values).toEqual([4]);
    expect(pad(f32([0], []), 3, [[1, 1, 2]]).values).toEqual([3, 3]);
  });
  it("pads with -0 (not +0)", () => {
    const out = pad(x, -0, [[1, 0, 0]]);
    expect(Object.is(out.values[0], -0)).toBe(true);
  });
});

describe("concatenate", () => {
  it("concatenates along the last dim", () => {
    const out = run("concatenate", [f32([2, 2], [1, 2, 3, 4]), f32([2, 3], [5, 6, 7, 8, 9, 10])], { dimension: 1 })[0]!;
    expect(out.shape).toEqual([2, 5]);
    expect(out.values).toEqual([1, 2, 5, 6, 7, 3, 4, 8, 9, 10]);
  });
  it("concatenates N inputs along the first dim, empty ones included", () => {
    const out = run("concatenate", [f32([1, 2], [1, 2]), f32([0, 2], []), f32([2, 2], [3, 4, 5, 6])], { dimension: 0 })[0]!;
    expect(out.shape).toEqual([3, 2]);
    expect(out.values).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it("concatenates along a middle dim", () => {
    // a: [2, 1, 2], b: [2, 2, 2] along dim 1.
    const out = run("concatenate", [f32([2, 1, 2], [1, 2, 3, 4]), f32([2, 2, 2], [10, 11, 12, 13, 14, 15, 16, 17])], { dimension: 1 })[0]!;
    expect(out.values).toEqual([1, 2, 10, 11, 12, 13, 3, 4, 14, 15, 16, 17]);
  });
  it("keeps dtypes and returns a fresh buffer for one input", () => {
    const b = arr("bool", [2], [1, 0]);
    const out = run("concatenate", [b], { dimension: 0 })[0]!;
    expect(out.values).toEqual([1, 0]);
    expect(out.buffer).not.toBe(b.data);
    expect(run("concatenate", [arr("uint32", [1], [4294967295]), arr("uint32", [1], [1])], { dimension: 0 })[0]!.values).toEqual([4294967295, 1]);
  });
});
