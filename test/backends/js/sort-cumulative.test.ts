// sort and the cumulative ops through the JS backend's lowerings, against values worked out by hand.
import { describe, it, expect } from "vitest";
import { ShapedArray, abstractEval, TYPED_ARRAY } from "../../../jaxpr/index.js";
import type { DType, PrimitiveName, Params, CumulativeName } from "../../../jaxpr/index.js";
import { lowerEqn } from "../../../backends/js/lowerings/index.js";
import { arr, f32, i32 } from "../../util/backend.js";
import type { Arg } from "../../util/backend.js";


function run<P extends PrimitiveName>(prim: P, args: Arg[], params: Params<P>) {
  const inAvals = args.map((a) => a.aval);
  const outAvals = abstractEval(prim, inAvals, params);
  const kernel = lowerEqn(prim, { inAvals, outAvals, params });
  const before = args.map((a) => Array.from(a.data));
  const outs = kernel.run(...args.map((a) => a.data));
  args.forEach((a, i) => expect(Array.from(a.data)).toEqual(before[i]));
  return outs.map((b, i) => {
    expect(b).toBeInstanceOf(TYPED_ARRAY[outAvals[i]!.dtype]);
    expect(b.length).toBe(outAvals[i]!.size);
    return Array.from(b);
  });
}

const cum = (prim: CumulativeName, x: Arg, axis: number, reverse = false) => run(prim, [x], { axis, reverse })[0]!;

describe("cumulative", () => {
  it("scans forwards and in reverse", () => {
    const x = f32([4], [1, 2, 3, 4]);
    expect(cum("cumsum", x, 0)).toEqual([1, 3, 6, 10]);
    expect(cum("cumsum", x, 0, true)).toEqual([10, 9, 7, 4]);
    expect(cum("cumprod", x, 0)).toEqual([1, 2, 6, 24]);
    expect(cum("cumprod", x, 0, true)).toEqual([24, 24, 12, 4]);
  });
  it("scans along a non-innermost axis", () => {
    const x = f32([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(cum("cumsum", x, 0)).toEqual([1, 2, 3, 5, 7, 9]);
    expect(cum("cumsum", x, 0, true)).toEqual([5, 7, 9, 4, 5, 6]);
    expect(cum("cumsum", x, 1)).toEqual([1, 3, 6, 4, 9, 15]);
    expect(cum("cummax", f32([3, 2], [1, 9, 5, 2, 3, 4]), 0, true)).toEqual([5, 9, 5, 4, 3, 4]);
    // Middle axis of [2, 2, 2].
    expect(cum("cumsum", i32([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]), 1)).toEqual([1, 2, 4, 6, 5, 6, 12, 14]);
  });
  it("accumulates float32 in double precision", () => {
    // In float32 steps 2^24 + 1 + 1 stays 2^24; in a double register it reaches 2^24 + 2.
    expect(cum("cumsum", f32([3], [16777216, 1, 1]), 0)).toEqual([16777216, 16777216, 16777218]);
    // The same down the columns of [3, 2] (the row-of-accumulators path).
    expect(cum("cumsum", f32([3, 2], [16777216, 0, 1, 1, 1, 2]), 0)).toEqual([16777216, 0, 16777216, 1, 16777218, 3]);
  });
  it("wraps int32 and uint32", () => {
    expect(cum("cumsum", i32([3], [2147483647, 1, 1]), 0)).toEqual([2147483647, -2147483648, -2147483647]);
    expect(cum("cumprod", i32([3], [2147483647, 2147483647, 3]), 0)).toEqual([2147483647, 1, 3]);
    expect(cum("cumsum", arr("uint32", [2], [4294967295, 2]), 0)).toEqual([4294967295, 1]);
  });
  it("propagates NaN through max and min", () => {
    expect(cum("cummax", f32([3], [1, NaN, 3]), 0)).toEqual([1, NaN, NaN]);
    expect(cum("cummin", f32([4], [3, 1, NaN, 0]), 0)).toEqual([3, 1, NaN, NaN]);
    expect(cum("cummin", f32([4], [3, 1, NaN, 0]), 0, true)).toEqual([NaN, NaN, NaN, 0]);
  });
  it("handles ints, bools, and empty arrays", () => {
    expect(cum("cummax", i32([4], [1, 5, 2, 3]), 0, true)).toEqual([5, 5, 3, 3]);
    expect(cum("cummin", i32([3], [-2147483648, 0, 1]), 0, true)).toEqual([-2147483648, 0, 1]);
    expect(cum("cummax", arr("bool", [3], [0, 1, 0]), 0)).toEqual([0, 1, 1]);
    expect(cum("cumsum", f32([0, 3], []), 0)).toEqual([]);
    expect(cum("cumsum", f32([2, 0], []), 0)).toEqual([]);
  });
});

const sort = (xs: Arg[], dimension: number, numKeys = 1) => run("sort", xs, { dimension, isStable: true, numKeys });

describe("sort", () => {
  it("puts NaN last and keeps -0 and 0 in input order", () => {
    const [out] = sort([f32([8], [3, NaN, 0, -Infinity, 1, Infinity, -0, 2])], 0);
    expect(out).toEqual([-Infinity, 0, -0, 1, 2, 3, Infinity, NaN]);
    expect(Object.is(out![1], 0) && Object.is(out![2], -0)).toBe(true);
    const [rev] = sort([arr("float64", [3], [-0, NaN, 0])], 0);
    expect(Object.is(rev![0], -0) && Object.is(rev![1], 0)).toBe(true);
  });
  it("permutes all operands by the first key, stably", () => {
    const [k, v] = sort([f32([6], [2, 1, 2, 1, NaN, 0]), i32([6], [0, 1, 2, 3, 4, 5])], 0);
    expect(k).toEqual([0, 1, 1, 2, 2, NaN]);
    expect(v).toEqual([5, 1, 3, 0, 2, 4]);
    // -0 and 0 are equal keys: the order is the input's.
    expect(sort([f32([3], [0, -0, 0]), i32([3], [0, 1, 2])], 0)[1]).toEqual([0, 1, 2]);
  });
  it("sorts lexicographically by several keys", () => {
    const [k1, k2, v] = sort([i32([4], [1, 0, 1, 0]), f32([4], [5, 6, 4, 6]), i32([4], [0, 1, 2, 3])], 0, 2);
    expect(k1).toEqual([0, 0, 1, 1]);
    expect(k2).toEqual([6, 6, 4, 5]);
    expect(v).toEqual([1, 3, 2, 0]);
  });
  it("sorts along a non-innermost dimension", () => {
    const x = f32([3, 2], [3, 1, 1, 2, 2, 0]);
    expect(sort([x], 0)[0]).toEqual([1, 0, 2, 1, 3, 2]);
    expect(sort([x], 1)[0]).toEqual([1, 3, 1, 2, 0, 2]);
    const [k, v] = sort([x, i32([3, 2], [0, 1, 2, 3, 4, 5])], 0);
    expect(k).toEqual([1, 0, 2, 1, 3, 2]);
    expect(v).toEqual([2, 5, 4, 1, 0, 3]);
  });
  it("sorts ints, uint32 and bools numerically", () => {
    expect(sort([i32([3], [-1, -2147483648, 3])], 0)[0]).toEqual([-2147483648, -1, 3]);
    expect(sort([arr("uint32", [3], [4294967295, 0, 5])], 0)[0]).toEqual([0, 5, 4294967295]);
    expect(sort([arr("bool", [4], [1, 0, 1, 0])], 0)[0]).toEqual([0, 0, 1, 1]);
  });
  it("handles empty and size-1 lanes", () => {
    expect(sort([f32([0], [])], 0)[0]).toEqual([]);
    expect(sort([f32([2, 0], []), f32([2, 0], [])], 1)).toEqual([[], []]);
    expect(sort([f32([2, 1], [5, 4])], 1)[0]).toEqual([5, 4]);
  });
});
