// Params are validated at the primitive boundary (abstractEval, run by every bind), with JAX's
// error classes: integers where JAX requires integers, dtypes from the supported set, fill values
// that are numbers or booleans. Shapes are checked where avals are built, with a clear error for an
// array too large to exist instead of V8's "Invalid typed array length".
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jit, ShapedArray } from "../../src/index.js";
import type { Array, DType } from "../../src/index.js";
import { abstractEval, checkParams, Literal, PARAM_CHECKS, castScalar } from "../../jaxpr/index.js";
import type { PrimitiveName } from "../../jaxpr/index.js";

const as = <T,>(v: unknown): T => v as T;

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}

const x = (): Array => np.array([1, 2, 3, 4], { dtype: "float64" });

describe("integer params", () => {
  const BAD = [2.5, NaN, Infinity, -Infinity, 2 ** 53];
  it("slice starts, limits and strides", () => {
    for (const b of BAD) {
      expect(() => lax.slice(x(), [b], [3])).toThrow(TypeError);
      expect(() => lax.slice(x(), [0], [b])).toThrow(TypeError);
      expect(() => lax.slice(x(), [0], [3], [b])).toThrow(TypeError);
      expect(() => jit((y: Array) => lax.slice(y, [b], [3]))(x())).toThrow(TypeError);
    }
    expect(thrown(() => lax.slice(x(), [0.5], [2])).message).toContain("(0.5,)");
  });

  it("dynamic_slice sizes", () => {
    for (const b of BAD) expect(() => lax.dynamicSlice(x(), [0], [b])).toThrow(TypeError);
    expect(thrown(() => lax.dynamicSlice(x(), [0], [2.5])).message).toMatch(/Shapes must be 1D sequences of concrete values of integer type, got \(2\.5,\)/);
  });

  it("pad configs", () => {
    for (const b of BAD) {
      expect(() => lax.pad(x(), 0, [[b, 0, 0]])).toThrow(TypeError);
      expect(() => lax.pad(x(), 0, [[0, b, 0]])).toThrow(TypeError);
      expect(() => lax.pad(x(), 0, [[0, 0, b]])).toThrow(TypeError);
    }
  });

  it("iota sizes and dimensions", () => {
    for (const b of BAD) {
      expect(() => lax.iota("float32", b)).toThrow(TypeError);
      expect(() => lax.broadcastedIota("float32", [2, b], 0)).toThrow(TypeError);
      expect(() => lax.broadcastedIota("float32", [2, 2], b)).toThrow(TypeError);
    }
    expect(thrown(() => lax.iota("float32", 2.5)).message).toMatch(/Shapes must be 1D sequences of concrete values of integer type, got \(2\.5,\)/);
    expect(() => lax.iota("float32", -1)).toThrow(TypeError);
  });

  it("axes, dimensions, permutations and exponents", () => {
    expect(() => lax.reduceSum(x(), [0.5])).toThrow(TypeError);
    expect(() => lax.transpose(x(), [NaN])).toThrow(TypeError);
    expect(() => lax.concatenate([x(), x()], 0.5)).toThrow(TypeError);
    expect(() => lax.reshape(x(), [2.5, 2])).toThrow(TypeError);
    expect(() => lax.broadcastInDim(x(), [4, NaN], [0])).toThrow(TypeError);
    expect(() => lax.integerPow(x(), 1.5)).toThrow(TypeError);
    expect(() => lax.sort(x(), { numKeys: 1.5 })).toThrow(TypeError);
  });

  it("every bind checks, not only the lax wrappers", () => {
    const f32 = new ShapedArray([4], "float32");
    expect(() => abstractEval("iota", [], { dtype: "float32", shape: [2.5], dimension: 0 })).toThrow(TypeError);
    expect(() => abstractEval("slice", [f32], { startIndices: [as<number>("0")], limitIndices: [2], strides: null })).toThrow(TypeError);
    expect(() => abstractEval("gather", [f32, new ShapedArray([1, 1], "int32")], {
      dimensionNumbers: { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [] },
      sliceSizes: [1], mode: "fill", fillValue: as<number>("0"), indicesAreSorted: false, uniqueIndices: false,
    })).toThrow(TypeError);
    expect(() => abstractEval("gather", [f32, new ShapedArray([1, 1], "int32")], {
      dimensionNumbers: { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [as<number>("0")] },
      sliceSizes: [1], mode: "clip", fillValue: null, indicesAreSorted: false, uniqueIndices: false,
    })).toThrow(TypeError);
    expect(() => abstractEval("gather", [f32, new ShapedArray([1, 1], "int32")], {
      dimensionNumbers: { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [] },
      sliceSizes: [1], mode: as<"clip">("wrap"), fillValue: null, indicesAreSorted: false, uniqueIndices: false,
    })).toThrow(TypeError);
  });

  it("unknown primitive names are refused, inherited members included", () => {
    for (const name of ["constructor", "__proto__", "toString", "add\n//"]) {
      expect(() => checkParams(as<PrimitiveName>(name), as<never>({}))).toThrow(TypeError);
    }
    expect(Object.keys(PARAM_CHECKS)).toContain("gather");
  });
});

describe("dtypes", () => {
  it("convert_element_type to an unsupported dtype names it", () => {
    const e = thrown(() => lax.convertElementType(x(), as<DType>("float8_e8m0fnu")));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toContain("float8_e8m0fnu");
    expect(() => jit((y: Array) => lax.convertElementType(y, as<DType>("int64")))(x())).toThrow(TypeError);
    expect(() => lax.iota(as<DType>("float4_e2m1fn"), 3)).toThrow(TypeError);
    expect(() => lax.argmax(x(), 0, as<DType>("int64"))).toThrow(TypeError);
  });

  it("avals and literals accept only supported dtypes and numbers", () => {
    expect(() => new ShapedArray([2], as<DType>("float8_e8m0fnu"))).toThrow(TypeError);
    expect(() => Literal.scalar(as<number>("1"), "float64")).toThrow(TypeError);
    expect(() => castScalar(as<number>({ valueOf: () => 1 }), "float32")).toThrow(TypeError);
  });
});

describe("shapes", () => {
  it("avals refuse fractional, negative and non-number dims", () => {
    for (const d of [2.5, -1, NaN, Infinity, "2", null]) expect(() => new ShapedArray([as<number>(d)], "float32")).toThrow(TypeError);
  });

  it("an absurd size is a clear error naming the shape, not V8's", () => {
    for (const f of [() => np.zeros([1e6, 1e6]), () => np.ones([1e5, 1e5], { dtype: "float64" }), () => lax.iota("int32", 2 ** 40)]) {
      const e = thrown(f);
      expect(e).toBeInstanceOf(RangeError);
      expect(e.message).toMatch(/too large/);
      expect(e.message).not.toMatch(/Invalid typed array length/);
    }
    expect(thrown(() => np.zeros([1e6, 1e6])).message).toContain("(1000000, 1000000)");
    expect(() => jit(() => np.zeros([1e6, 1e6]))()).toThrow(RangeError);
    expect(() => lax.broadcastInDim(x(), [1e6, 1e6, 4], [2])).toThrow(RangeError);
  });
});
