// Reading arrays back: toString (JAX's repr, which is numpy's array2string with numpy's default
// print options plus JAX's dtype suffix), tolist, item, dataSync, data, Symbol.toPrimitive.
// The expected strings were produced by numpy 2.4's array2string the way jax.Array.__repr__ calls it.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, makeJaxpr, Array } from "../../src/index.js";

const f64 = (v: unknown) => np.array(v as number[], { dtype: "float64" });
const i32 = (v: unknown) => np.array(v as number[], { dtype: "int32" });
const u32 = (v: unknown) => np.array(v as number[], { dtype: "uint32" });
const weak = (x: Array) => lax.convertElementType(x, x.dtype, true);

describe("toString: JAX's repr", () => {
  const cases: [string, () => Array, string][] = [
    ["np.array([1, 2])", () => np.array([1, 2]), "Array([1., 2.], dtype=float32)"],
    ["np.array([0.5, 1.25, -3])", () => np.array([0.5, 1.25, -3]), "Array([ 0.5 ,  1.25, -3.  ], dtype=float32)"],
    ["np.array([0.1, 0.2, 0.3])", () => np.array([0.1, 0.2, 0.3]), "Array([0.1, 0.2, 0.3], dtype=float32)"],
    ["f64([0.1, 0.2, 0.30000000000000004])", () => f64([0.1, 0.2, 0.30000000000000004]), "Array([0.1, 0.2, 0.3], dtype=float64)"],
    ["np.array(1 / 3)", () => np.array(1 / 3), "Array(0.33333334, dtype=float32, weak_type=True)"],
    ["f64(1 / 3)", () => f64(1 / 3), "Array(0.33333333, dtype=float64)"],
    ["np.array([0.1, 1, 100.25])", () => np.array([0.1, 1, 100.25]), "Array([1.0000e-01, 1.0000e+00, 1.0025e+02], dtype=float32)"],
    ["np.array([1e-5, 1])", () => np.array([1e-5, 1]), "Array([1.e-05, 1.e+00], dtype=float32)"],
    ["np.array([1e6, 1])", () => np.array([1e6, 1]), "Array([1.e+06, 1.e+00], dtype=float32)"],
    ["f64([1e6, 1])", () => f64([1e6, 1]), "Array([1.e+06, 1.e+00], dtype=float64)"],
    ["f64([1e8])", () => f64([1e8]), "Array([1.e+08], dtype=float64)"],
    ["f64([1e300, -1e-300])", () => f64([1e300, -1e-300]), "Array([ 1.e+300, -1.e-300], dtype=float64)"],
    ["np.array([NaN, -Infinity, 1])", () => np.array([NaN, -Infinity, 1]), "Array([ nan, -inf,   1.], dtype=float32)"],
    ["np.array([NaN, Infinity])", () => np.array([NaN, Infinity]), "Array([nan, inf], dtype=float32)"],
    ["np.array([-0, 0])", () => np.array([-0, 0]), "Array([-0.,  0.], dtype=float32)"],
    ["np.array([0.00012345678])", () => np.array([0.00012345678]), "Array([0.00012346], dtype=float32)"],
    ["np.array([1e-4])", () => np.array([1e-4]), "Array([0.0001], dtype=float32)"],
    ["np.array([3745680.25, 1])", () => np.array([3745680.25, 1]), "Array([3.7456802e+06, 1.0000000e+00], dtype=float32)"],
    ["np.array([[1, 2], [3, 4]])", () => np.array([[1, 2], [3, 4]]), "Array([[1., 2.],\n       [3., 4.]], dtype=float32)"],
    ["np.array([[1.5, -2], [3, 4.25]])", () => np.array([[1.5, -2], [3, 4.25]]), "Array([[ 1.5 , -2.  ],\n       [ 3.  ,  4.25]], dtype=float32)"],
    ["i32([1, -2, 300])", () => i32([1, -2, 300]), "Array([  1,  -2, 300], dtype=int32)"],
    ["u32([4294967295, 1])", () => u32([4294967295, 1]), "Array([4294967295,          1], dtype=uint32)"],
    ["i32(7)", () => i32(7), "Array(7, dtype=int32)"],
    ["np.array([true, false])", () => np.array([true, false]), "Array([ True, False], dtype=bool)"],
    ["np.array([true, true])", () => np.array([true, true]), "Array([ True,  True], dtype=bool)"],
    ["np.array(true)", () => np.array(true), "Array(True, dtype=bool)"],
    ["np.array(false)", () => np.array(false), "Array(False, dtype=bool)"],
    ["np.array(1.5)", () => np.array(1.5), "Array(1.5, dtype=float32, weak_type=True)"],
    ["np.zeros([0])", () => np.zeros([0]), "Array([], shape=(0,), dtype=float32)"],
    ["np.zeros([2, 0])", () => np.zeros([2, 0]), "Array([], shape=(2, 0), dtype=float32)"],
    ["np.zeros([0, 3], { dtype: \"int32\" })", () => np.zeros([0, 3], { dtype: "int32" }), "Array([], shape=(0, 3), dtype=int32)"],
    ["np.arange(30)", () => np.arange(30), "Array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,\n       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29], dtype=int32)"],
    ["np.arange(20, undefined, 1, { dtype: \"float32\" })", () => np.arange(20, undefined, 1, { dtype: "float32" }), "Array([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,\n       13., 14., 15., 16., 17., 18., 19.], dtype=float32)"],
    ["np.linspace(0, 1, 10)", () => np.linspace(0, 1, 10), "Array([0.        , 0.11111111, 0.22222222, 0.33333334, 0.44444445,\n       0.5555556 , 0.6666667 , 0.7777778 , 0.8888889 , 1.        ],      dtype=float32)"],
    ["np.arange(24).reshape([2, 3, 4])", () => np.arange(24).reshape([2, 3, 4]), "Array([[[ 0,  1,  2,  3],\n        [ 4,  5,  6,  7],\n        [ 8,  9, 10, 11]],\n\n       [[12, 13, 14, 15],\n        [16, 17, 18, 19],\n        [20, 21, 22, 23]]], dtype=int32)"],
    ["np.arange(2000)", () => np.arange(2000), "Array([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)"],
    ["np.arange(1001, undefined, 1, { dtype: \"float32\" })", () => np.arange(1001, undefined, 1, { dtype: "float32" }), "Array([   0.,    1.,    2., ...,  998.,  999., 1000.], dtype=float32)"],
    ["np.arange(2000).reshape([40, 50])", () => np.arange(2000).reshape([40, 50]), "Array([[   0,    1,    2, ...,   47,   48,   49],\n       [  50,   51,   52, ...,   97,   98,   99],\n       [ 100,  101,  102, ...,  147,  148,  149],\n       ...,\n       [1850, 1851, 1852, ..., 1897, 1898, 1899],\n       [1900, 1901, 1902, ..., 1947, 1948, 1949],\n       [1950, 1951, 1952, ..., 1997, 1998, 1999]], dtype=int32)"],
    ["np.ones([3, 30], { dtype: \"bool\" })", () => np.ones([3, 30], { dtype: "bool" }), "Array([[ True,  True,  True,  True,  True,  True,  True,  True,  True,\n         True,  True,  True,  True,  True,  True,  True,  True,  True,\n         True,  True,  True,  True,  True,  True,  True,  True,  True,\n         True,  True,  True],\n       [ True,  True,  True,  True,  True,  True,  True,  True,  True,\n         True,  True,  True,  True,  True,  True,  True,  True,  True,\n         True,  True,  True,  True,  True,  True,  True,  True,  True,\n         True,  True,  True],\n       [ True,  True,  True,  True,  True,  True,  True,  True,  True,\n         True,  True,  True,  True,  True,  True,  True,  True,  True,\n         True,  True,  True,  True,  True,  True,  True,  True,  True,\n         True,  True,  True]], dtype=bool)"],
  ];
  for (const [name, make, want] of cases) {
    it(name, () => {
      expect(make().toString()).toBe(want);
    });
  }

  it("weak types are shown", () => {
    expect(weak(np.array(1)).toString()).toBe("Array(1., dtype=float32, weak_type=True)");
    expect(weak(np.array([2.5, 1])).toString()).toBe("Array([2.5, 1. ], dtype=float32, weak_type=True)");
    expect(np.add(1, 2).toString()).toBe("Array(3, dtype=int32, weak_type=True)");
    expect(np.array([1], { dtype: "int32" }).add(0.5).toString()).toBe("Array([1.5], dtype=float32, weak_type=True)");
  });

  it("String(), template literals and util.inspect use it", async () => {
    const x = np.array([1, 2], { dtype: "int32" });
    expect(String(x)).toBe("Array([1, 2], dtype=int32)");
    expect(`${x}`).toBe("Array([1, 2], dtype=int32)");
    const util = await import("node:util");
    expect(util.inspect(x)).toBe("Array([1, 2], dtype=int32)");
  });

  it("the dtype moves off a long last line (JAX's six-space separator)", () => {
    const s = np.linspace(0, 1, 10).toString();
    expect(s).toBe(
      "Array([0.        , 0.11111111, 0.22222222, 0.33333334, 0.44444445,\n" + "       0.5555556 , 0.6666667 , 0.7777778 , 0.8888889 , 1.        ],      dtype=float32)",
    );
  });

  it("tracers print their aval", () => {
    let seen = "";
    makeJaxpr((x: Array) => {
      seen = x.toString();
      return x;
    })(np.zeros([2, 3]));
    expect(seen).toMatch(/^Traced<f32\[2,3\]>/);
  });
});

describe("tolist", () => {
  it("nested JS arrays, numbers and booleans", () => {
    expect(np.array([[1, 2], [3, 4]]).tolist()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(np.array(1.5).tolist()).toBe(1.5);
    expect(np.array(true).tolist()).toBe(true);
    expect(np.array([true, false]).tolist()).toEqual([true, false]);
    expect(i32([-1, 2]).tolist()).toEqual([-1, 2]);
    expect(u32([4294967295]).tolist()).toEqual([4294967295]);
    expect(np.zeros([2, 0, 3]).tolist()).toEqual([[], []]);
    expect(np.zeros([0, 2]).tolist()).toEqual([]);
    expect(np.arange(6).reshape([1, 2, 3]).tolist()).toEqual([
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
    ]);
  });

  it("float32 values are the rounded float32 numbers", () => {
    expect(np.array([0.1]).tolist()).toEqual([Math.fround(0.1)]);
    expect(f64([0.1]).tolist()).toEqual([0.1]);
  });
});

describe("item", () => {
  it("returns the single element as a JS scalar", () => {
    expect(np.array(2.5).item()).toBe(2.5);
    expect(np.array([[7]], { dtype: "int32" }).item()).toBe(7);
    expect(np.array([false]).item()).toBe(false);
    expect(np.array(true).item()).toBe(true);
    expect(f64(0.1).item()).toBe(0.1);
    expect(np.array(0.1).item()).toBe(Math.fround(0.1));
  });

  it("throws for size != 1", () => {
    expect(() => np.array([1, 2]).item()).toThrow(TypeError);
    expect(() => np.array([1, 2]).item()).toThrow("item(): can only convert an array of size 1 to a JS scalar, got shape f32[2].");
    expect(() => np.zeros([0]).item()).toThrow("got shape f32[0]");
    expect(() => np.zeros([2, 2], { dtype: "int32" }).item()).toThrow("got shape i32[2,2]");
  });

  it("Symbol.toPrimitive: numbers for size-1 arrays, strings for string hints", () => {
    const x = np.array(3, { dtype: "int32" });
    expect(+x).toBe(3);
    expect((x as unknown as number) * 2).toBe(6);
    expect((x as unknown as number) > 2).toBe(true);
    expect(+np.array([[2.5]])).toBe(2.5);
    // A 0-d integer converts to its value for the "string" hint (JAX's __index__, and Python's
    // f"{jnp.array(3)}" is "3" too); other arrays give the repr.
    expect(`${x}`).toBe("3");
    expect(String(x)).toBe("3");
    expect(x.toString()).toBe("Array(3, dtype=int32)");
    expect(`${np.array(3, { dtype: "float32" })}`).toBe("Array(3., dtype=float32)");
    expect(`${np.array([3], { dtype: "int32" })}`).toBe("Array([3], dtype=int32)");
    expect(`${np.array(true)}`).toBe("Array(True, dtype=bool)");
    expect(() => +np.array([1, 2])).toThrow(TypeError);
  });

  it("a 0-d integer array indexes a JS array (JAX's __index__); a traced one raises TracerIntegerConversionError", async () => {
    const xs = ["a", "b", "c", "d"];
    const at = (i: Array): string | undefined => xs[i as unknown as number];
    expect(at(np.array(2, { dtype: "int32" }))).toBe("c");
    expect(at(np.array(3, { dtype: "uint8" }))).toBe("d");
    expect(at(np.argmax(np.array([0, 5, 1])))).toBe("b");
    const table: Record<string, number> = { 1: 10 };
    expect(table[np.array(1, { dtype: "int16" }) as unknown as number]).toBe(10);
    const util = await import("node:util");
    expect(util.inspect(np.array(2, { dtype: "int32" }))).toBe("Array(2, dtype=int32)");
    const { jit, grad, vmap, TracerIntegerConversionError } = await import("../../src/index.js");
    const weights = [np.array(1.5), np.array(2.5)];
    expect(() => jit((i: Array) => weights[i as unknown as number]!)(np.array(1, { dtype: "int32" }))).toThrow(TracerIntegerConversionError);
    expect(() => jit((i: Array) => weights[i as unknown as number]!)(np.array(1, { dtype: "int32" }))).toThrow("converted to a string or a property key");
    expect(() => vmap((i: Array) => weights[i as unknown as number]!)(np.array([0, 1], { dtype: "int32" }))).toThrow(TracerIntegerConversionError);
    // Under grad alone an argmax is concrete (no tangent), so it indexes, as in JAX.
    expect(grad((x: Array) => np.multiply(x, weights[np.argmax(x) as unknown as number]!).sum())(np.array([1, 3])).tolist()).toEqual([2.5, 2.5]);
  });
});

describe("dataSync and data", () => {
  it("dataSync returns a copy in the dtype's typed array", () => {
    const x = np.array([1, 2, 3], { dtype: "int32" });
    const d = x.dataSync();
    expect(d).toBeInstanceOf(Int32Array);
    expect(globalThis.Array.from(d)).toEqual([1, 2, 3]);
    d[0] = 99;
    expect(x.dataSync()[0]).toBe(1);
    expect(x.dataSync()).not.toBe(x.dataSync());
    expect(np.array([0.5]).dataSync()).toBeInstanceOf(Float32Array);
    expect(f64([0.1]).dataSync()).toEqual(new Float64Array([0.1]));
    expect(u32([1]).dataSync()).toBeInstanceOf(Uint32Array);
    const b = np.array([true, false]).dataSync();
    expect(b).toBeInstanceOf(Uint8Array);
    expect(globalThis.Array.from(b)).toEqual([1, 0]);
  });

  it("dataSync is row-major over the shape", () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]]).T;
    expect(x.shape).toEqual([3, 2]);
    expect(globalThis.Array.from(x.dataSync())).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it("await data() gives the same values, as a copy", async () => {
    const x = np.array([1.5, -2]);
    const d = await x.data();
    expect(d).toBeInstanceOf(Float32Array);
    expect(globalThis.Array.from(d)).toEqual([1.5, -2]);
    d[0] = 0;
    expect(x.tolist()).toEqual([1.5, -2]);
    expect(globalThis.Array.from(await np.array(true).data())).toEqual([1]);
  });

  it("readers on a tracer throw ConcretizationTypeError", () => {
    const errors: string[] = [];
    makeJaxpr((x: Array) => {
      for (const f of [() => x.item(), () => x.tolist(), () => x.dataSync()]) {
        try {
          f();
        } catch (e) {
          errors.push((e as Error).name);
        }
      }
      return x;
    })(np.zeros([1]));
    expect(errors).toEqual(["ConcretizationTypeError", "ConcretizationTypeError", "ConcretizationTypeError"]);
  });
});
