// Array creation: np.array from JS data, zeros/ones/full and the *Like variants, arange,
// linspace, eye, identity. Values, dtypes, shapes and numpy's error messages.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, Array } from "../../src/index.js";

const f32 = Math.fround;

/** shape, dtype, weak type and values in one comparable object. */
const info = (x: Array) => ({ shape: x.shape, dtype: x.dtype, weak: x.weakType, values: x.tolist() });

describe("np.array from JS values", () => {
  it("numbers default to weak float32 (like jnp.array(1.0)), booleans to bool (rank 0)", () => {
    expect(info(np.array(1.5))).toEqual({ shape: [], dtype: "float32", weak: true, values: 1.5 });
    expect(info(np.array(2))).toEqual({ shape: [], dtype: "float32", weak: true, values: 2 });
    expect(info(np.array(2, { dtype: "float32" }))).toEqual({ shape: [], dtype: "float32", weak: false, values: 2 });
    expect(info(np.array(true))).toEqual({ shape: [], dtype: "bool", weak: false, values: true });
    expect(info(np.array(false))).toEqual({ shape: [], dtype: "bool", weak: false, values: false });
    expect(np.array(0.1).item()).toBe(f32(0.1));
    expect(np.array(-3, { dtype: "int32" }).item()).toBe(-3);
  });

  it("nested arrays give their shape; all-boolean data gives bool", () => {
    expect(info(np.array([1, 2, 3]))).toEqual({ shape: [3], dtype: "float32", weak: false, values: [1, 2, 3] });
    expect(info(np.array([[1, 2, 3], [4, 5, 6]]))).toEqual({
      shape: [2, 3],
      dtype: "float32",
      weak: false,
      values: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    });
    expect(info(np.array([[[1], [2]], [[3], [4]]])).shape).toEqual([2, 2, 1]);
    expect(info(np.array([true, false]))).toEqual({ shape: [2], dtype: "bool", weak: false, values: [true, false] });
    // mixed booleans and numbers are numbers
    expect(info(np.array([true, 2]))).toEqual({ shape: [2], dtype: "float32", weak: false, values: [1, 2] });
    expect(np.array([0.1, 0.2]).tolist()).toEqual([f32(0.1), f32(0.2)]);
  });

  it("empty nested arrays", () => {
    expect(info(np.array([]))).toEqual({ shape: [0], dtype: "float32", weak: false, values: [] });
    expect(info(np.array([[], []]))).toEqual({ shape: [2, 0], dtype: "float32", weak: false, values: [[], []] });
    expect(np.array([[]]).shape).toEqual([1, 0]);
  });

  it("an explicit dtype casts: floats truncate to ints, nonzero is true", () => {
    expect(info(np.array([1.7, -1.7, 2.5], { dtype: "int32" }))).toEqual({ shape: [3], dtype: "int32", weak: false, values: [1, -1, 2] });
    expect(np.array([4294967295, 5.5], { dtype: "uint32" }).tolist()).toEqual([4294967295, 5]);
    expect(np.array([0, 2, -0.5], { dtype: "bool" }).tolist()).toEqual([false, true, true]);
    expect(np.array([true, false], { dtype: "float64" }).tolist()).toEqual([1, 0]);
    expect(np.array([0.1], { dtype: "float64" }).tolist()).toEqual([0.1]);
    expect(np.array(-2147483648, { dtype: "int32" }).item()).toBe(-2147483648);
  });

  it("dtype names are also exported as np.float32 etc.", () => {
    // Scalar types (callable, issue 19 item 2): they name their dtype and are accepted as one.
    expect([np.float32, np.float64, np.int32, np.uint32, np.bool].map((t) => np.dtype(t))).toEqual(["float32", "float64", "int32", "uint32", "bool"]);
    expect([np.float32, np.float64, np.int32, np.uint32, np.bool].map(String)).toEqual(["float32", "float64", "int32", "uint32", "bool"]);
    expect(np.array([1], { dtype: np.uint32 }).dtype).toBe("uint32");
  });

  it("an existing Array is returned as is, or converted to the dtype", () => {
    const x = np.array([1.5, -2.5]);
    expect(np.array(x)).toBe(x);
    expect(np.array(x, { dtype: "float32" })).toBe(x);
    expect(info(np.array(x, { dtype: "int32" }))).toEqual({ shape: [2], dtype: "int32", weak: false, values: [1, -2] });
  });

  it("nested JS arrays of Arrays are stacked", () => {
    const out = np.array([np.array([1, 2]), np.array([3, 4])]);
    expect(info(out)).toEqual({
      shape: [2, 2],
      dtype: "float32",
      weak: false,
      values: [
        [1, 2],
        [3, 4],
      ],
    });
    const mixed = np.array([np.array(1, { dtype: "int32" }), np.array(2.5, { dtype: "float64" })]);
    expect(info(mixed)).toEqual({ shape: [2], dtype: "float64", weak: false, values: [1, 2.5] });
  });
});

describe("np.array from typed arrays", () => {
  it("each typed array has its dtype and is read as 1-D by default", () => {
    expect(info(np.array(new Float32Array([1.5, 2])))).toEqual({ shape: [2], dtype: "float32", weak: false, values: [1.5, 2] });
    expect(info(np.array(new Float64Array([0.1])))).toEqual({ shape: [1], dtype: "float64", weak: false, values: [0.1] });
    expect(info(np.array(new Int32Array([-1, 2])))).toEqual({ shape: [2], dtype: "int32", weak: false, values: [-1, 2] });
    expect(info(np.array(new Uint32Array([4294967295])))).toEqual({ shape: [1], dtype: "uint32", weak: false, values: [4294967295] });
    expect(info(np.array(new Uint8Array([1, 0, 1])))).toEqual({ shape: [3], dtype: "bool", weak: false, values: [true, false, true] });
  });

  it("{ shape } reads the flat data in row-major order", () => {
    const x = np.array(new Float32Array([1, 2, 3, 4, 5, 6]), { shape: [2, 3] });
    expect(x.shape).toEqual([2, 3]);
    expect(x.tolist()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(np.array(new Int32Array([7]), { shape: [] }).tolist()).toBe(7);
    expect(np.array(new Float64Array([]), { shape: [0, 4] }).shape).toEqual([0, 4]);
  });

  it("{ dtype } converts; other typed arrays need a dtype", () => {
    expect(info(np.array(new Float64Array([1.9, -1.9]), { dtype: "int32" }))).toEqual({ shape: [2], dtype: "int32", weak: false, values: [1, -1] });
    expect(info(np.array(new Uint8Array([0, 7]), { dtype: "int32" }))).toEqual({ shape: [2], dtype: "int32", weak: false, values: [0, 7] });
    expect(info(np.array(new Int16Array([-3, 4]) as never, { dtype: "float32" }))).toEqual({ shape: [2], dtype: "float32", weak: false, values: [-3, 4] });
    expect(info(np.array(new Int16Array([-3, 4])))).toEqual({ shape: [2], dtype: "int16", weak: false, values: [-3, 4] });
    expect(() => np.array(new Uint8ClampedArray([1]) as never)).toThrow(/Uint8ClampedArray has no matching dtype; pass \{ dtype \}/);
    expect(() => np.array(new Float64Array([0.1]), { dtype: "float32" }).item()).not.toThrow();
    expect(np.array(new Float64Array([0.1]), { dtype: "float32" }).item()).toBe(f32(0.1));
  });

  it("a Uint8Array read as bool must hold only 0 and 1", () => {
    expect(() => np.array(new Uint8Array([0, 2]))).toThrow(TypeError);
    expect(() => np.array(new Uint8Array([0, 2]))).toThrow("Uint8Array data is read as bool; pass { dtype } to convert values other than 0 and 1.");
    expect(np.array(new Uint8Array([0, 2]), { dtype: "bool" }).tolist()).toEqual([false, true]);
  });

  it("the size must match the shape", () => {
    expect(() => np.array(new Float32Array([1, 2, 3]), { shape: [2, 2] })).toThrow("cannot reshape array of size 3 into shape (2, 2)");
    expect(() => np.array(new Float32Array([1, 2, 3]), { shape: [2] })).toThrow("cannot reshape array of size 3 into shape (2,)");
    expect(() => np.array(new Float32Array([1, 2]), { shape: [-1, -2] })).toThrow(/Shapes must be 1D sequences of concrete values of integer type/);
  });

  it("other data keeps its own shape: a shape option must agree with it (it was silently ignored)", () => {
    expect(() => np.array([[1, 2], [3, 4]], { shape: [4] })).toThrow(np.ValueError);
    expect(() => np.array([[1, 2], [3, 4]], { shape: [4] })).toThrow("np.array: shape (4,) was given for data of shape (2, 2); the shape option reads flat typed-array data");
    expect(() => np.array([1, 2, 3, 4], { shape: [2, 2] })).toThrow("shape (2, 2) was given for data of shape (4,)");
    expect(() => np.array(5, { shape: [1] })).toThrow("shape (1,) was given for data of shape ()");
    expect(() => np.array(np.zeros([2, 3]), { shape: [3, 2] })).toThrow("shape (3, 2) was given for data of shape (2, 3)");
    expect(() => np.array([np.zeros([2]), np.ones([2])], { shape: [4] })).toThrow("shape (4,) was given for data of shape (2, 2)");
    const same = np.array([[1, 2], [3, 4]], { dtype: "int32", shape: [2, 2] });
    expect([same.shape, same.dtype, same.tolist()]).toEqual([[2, 2], "int32", [[1, 2], [3, 4]]]);
    expect(np.array(7, { shape: [] }).tolist()).toBe(7);
  });
});

describe("np.array errors", () => {
  it("ragged nested arrays: numpy's inhomogeneous shape error", () => {
    const msg = (dims: number, shape: string) =>
      `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${dims} dimensions. The detected shape was ${shape} + inhomogeneous part.`;
    expect(() => np.array([[1, 2], [3]])).toThrow(msg(1, "(2,)"));
    expect(() => np.array([1, [2]])).toThrow(msg(1, "(2,)"));
    expect(() => np.array([[1], 2])).toThrow(msg(1, "(2,)"));
    expect(() => np.array([[[1], [2]], [[3], [4, 5]]])).toThrow(msg(2, "(2, 2)"));
    expect(() => np.array([[1, 2], [3, [4]]])).toThrow(msg(2, "(2, 2)"));
    expect(() => np.array([[[1, 2]], [[3, 4], [5, 6]]])).toThrow(msg(1, "(2,)"));
    try {
      np.array([[1, 2], [3]]);
    } catch (e) {
      expect((e as Error).name).toBe("ValueError");
    }
  });

  it("unknown dtypes: JAX's 'Cannot interpret' TypeError", () => {
    const bad = (dtype: string) => () => np.array([1], { dtype: dtype as never });
    expect(bad("int64")).toThrow(TypeError);
    expect(bad("int64")).toThrow("dtype int64 is not available: dprog is a 32-bit-default JAX");
    expect(bad("float8_e8m0fnu")).toThrow("Cannot interpret 'float8_e8m0fnu' as a data type");
    expect(() => np.zeros([2], { dtype: "complex32" as never })).toThrow("Cannot interpret 'complex32' as a data type");
    expect(() => np.arange(3, undefined, 1, { dtype: "f32" as never })).toThrow("Cannot interpret 'f32' as a data type");
  });

  it("values that are not numbers, booleans or arrays", () => {
    expect(() => np.array("abc" as never)).toThrow(TypeError);
    expect(() => np.array([1, "2"] as never)).toThrow(/np.array: Value string "2" is not a valid array type/);
    expect(() => np.array([null] as never)).toThrow(TypeError);
  });
});

describe("arrays are never mutated", () => {
  it("mutating the source JS array after creation changes nothing", () => {
    const data = [1, 2, 3];
    const nested = [[1, 2], [3, 4]];
    const x = np.array(data);
    const y = np.array(nested);
    data[0] = 100;
    nested[1]![0] = 100;
    expect(x.tolist()).toEqual([1, 2, 3]);
    expect(y.tolist()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("mutating the source typed array after creation changes nothing", () => {
    for (const buf of [new Float32Array([1, 2]), new Float64Array([1, 2]), new Int32Array([1, 2]), new Uint32Array([1, 2])]) {
      const x = np.array(buf);
      buf[0] = 9;
      expect(x.tolist()).toEqual([1, 2]);
    }
    const u8 = new Uint8Array([1, 0]);
    const b = np.array(u8);
    u8[1] = 1;
    expect(b.tolist()).toEqual([true, false]);
  });

  it("mutating what dataSync returns changes nothing", () => {
    const x = np.array([1, 2, 3], { dtype: "int32" });
    const d = x.dataSync();
    d[0] = 42;
    expect(x.tolist()).toEqual([1, 2, 3]);
    expect(x.dataSync()[0]).toBe(1);
  });

  it("operations return new arrays and leave their inputs alone", () => {
    const x = np.array([1, 2, 3]);
    const y = x.add(1);
    expect(y === x).toBe(false); // not toBe: vitest's equality iterates Arrays, and a 0-d Array refuses iteration as in JAX
    expect(x.tolist()).toEqual([1, 2, 3]);
    expect(y.tolist()).toEqual([2, 3, 4]);
  });
});

describe("zeros, ones, full", () => {
  it("zeros and ones default to float32", () => {
    expect(info(np.zeros([2, 3]))).toEqual({
      shape: [2, 3],
      dtype: "float32",
      weak: false,
      values: [
        [0, 0, 0],
        [0, 0, 0],
      ],
    });
    expect(info(np.ones(3))).toEqual({ shape: [3], dtype: "float32", weak: false, values: [1, 1, 1] });
    expect(info(np.zeros([]))).toEqual({ shape: [], dtype: "float32", weak: false, values: 0 });
    expect(info(np.ones([0, 2]))).toEqual({ shape: [0, 2], dtype: "float32", weak: false, values: [] });
  });

  it("zeros and ones in every dtype", () => {
    expect(info(np.zeros([2], { dtype: "int32" }))).toEqual({ shape: [2], dtype: "int32", weak: false, values: [0, 0] });
    expect(info(np.ones([2], { dtype: "uint32" }))).toEqual({ shape: [2], dtype: "uint32", weak: false, values: [1, 1] });
    expect(info(np.ones([1, 2], { dtype: "bool" }))).toEqual({ shape: [1, 2], dtype: "bool", weak: false, values: [[true, true]] });
    expect(info(np.zeros(1, { dtype: "bool" }))).toEqual({ shape: [1], dtype: "bool", weak: false, values: [false] });
    expect(info(np.ones([], { dtype: "float64" }))).toEqual({ shape: [], dtype: "float64", weak: false, values: 1 });
  });

  it("full: fill value's kind decides the default dtype, an explicit dtype casts", () => {
    expect(info(np.full([2, 2], 7))).toEqual({
      shape: [2, 2],
      dtype: "float32",
      weak: false,
      values: [
        [7, 7],
        [7, 7],
      ],
    });
    expect(info(np.full([2], 0.1))).toEqual({ shape: [2], dtype: "float32", weak: false, values: [f32(0.1), f32(0.1)] });
    expect(info(np.full([2], true))).toEqual({ shape: [2], dtype: "bool", weak: false, values: [true, true] });
    expect(info(np.full(3, 1.9, { dtype: "int32" }))).toEqual({ shape: [3], dtype: "int32", weak: false, values: [1, 1, 1] });
    expect(info(np.full([2], 0.1, { dtype: "float64" }))).toEqual({ shape: [2], dtype: "float64", weak: false, values: [0.1, 0.1] });
    expect(info(np.full([], -2, { dtype: "int32" }))).toEqual({ shape: [], dtype: "int32", weak: false, values: -2 });
  });

  it("full with an Array fill value broadcasts it (and keeps its dtype)", () => {
    const row = np.array([1, 2, 3], { dtype: "int32" });
    expect(info(np.full([2, 3], row))).toEqual({
      shape: [2, 3],
      dtype: "int32",
      weak: false,
      values: [
        [1, 2, 3],
        [1, 2, 3],
      ],
    });
    expect(np.full([2, 3], np.array([[1], [2]])).tolist()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(np.full([2], np.array(5, { dtype: "float64" })).dtype).toBe("float64");
    expect(() => np.full([3], np.array([1, 2, 3, 4]))).toThrow(TypeError);
    expect(() => np.full([3], np.array([[1, 2, 3]]))).toThrow("full: fill value of shape (1, 3) does not broadcast to (3,).");
  });

  it("invalid shapes: negative, fractional, NaN, Infinity", () => {
    for (const bad of [[-1], [2, -3], [1.5], [NaN], [Infinity], [2, -Infinity]]) {
      expect(() => np.zeros(bad)).toThrow(TypeError);
      expect(() => np.zeros(bad)).toThrow(/Shapes must be 1D sequences of concrete values of integer type/);
      expect(() => np.ones(bad)).toThrow(/Shapes must be 1D sequences of concrete values of integer type/);
      expect(() => np.full(bad, 1)).toThrow(/Shapes must be 1D sequences of concrete values of integer type/);
    }
    expect(() => np.zeros(-1)).toThrow(/Shapes must be 1D sequences/);
    expect(() => np.zeros(2.5)).toThrow(/Shapes must be 1D sequences/);
  });
});

describe("zerosLike, onesLike, fullLike", () => {
  const x = np.array(
    [
      [1, 2],
      [3, 4],
    ],
    { dtype: "int32" },
  );
  it("take the shape and dtype of their argument", () => {
    expect(info(np.zerosLike(x))).toEqual({
      shape: [2, 2],
      dtype: "int32",
      weak: false,
      values: [
        [0, 0],
        [0, 0],
      ],
    });
    expect(info(np.onesLike(x))).toEqual({
      shape: [2, 2],
      dtype: "int32",
      weak: false,
      values: [
        [1, 1],
        [1, 1],
      ],
    });
    // the fill value is cast to the array's dtype
    expect(info(np.fullLike(x, 3.7))).toEqual({
      shape: [2, 2],
      dtype: "int32",
      weak: false,
      values: [
        [3, 3],
        [3, 3],
      ],
    });
    expect(info(np.onesLike(np.array(true)))).toEqual({ shape: [], dtype: "bool", weak: false, values: true });
  });

  it("accept a dtype", () => {
    expect(info(np.zerosLike(x, { dtype: "float64" })).dtype).toBe("float64");
    expect(info(np.onesLike(x, { dtype: "bool" })).values).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(info(np.fullLike(x, 0.5, { dtype: "float32" })).values).toEqual([
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
  });
});

describe("arange", () => {
  it("integers give int32", () => {
    expect(info(np.arange(5))).toEqual({ shape: [5], dtype: "int32", weak: false, values: [0, 1, 2, 3, 4] });
    expect(info(np.arange(2, 5))).toEqual({ shape: [3], dtype: "int32", weak: false, values: [2, 3, 4] });
    expect(np.arange(0, 10, 3).tolist()).toEqual([0, 3, 6, 9]);
    expect(np.arange(5, 0, -2).tolist()).toEqual([5, 3, 1]);
    expect(np.arange(-3, 3, 2).tolist()).toEqual([-3, -1, 1]);
  });

  it("empty ranges", () => {
    expect(info(np.arange(0))).toEqual({ shape: [0], dtype: "int32", weak: false, values: [] });
    expect(np.arange(5, 2).shape).toEqual([0]);
    expect(np.arange(0, 5, -1).shape).toEqual([0]);
    expect(np.arange(-4).shape).toEqual([0]);
  });

  it("a fractional bound gives float32, filled in float32 as numpy's arange", () => {
    expect(info(np.arange(0, 1, 0.25))).toEqual({ shape: [4], dtype: "float32", weak: false, values: [0, 0.25, 0.5, 0.75] });
    expect(info(np.arange(2.5))).toEqual({ shape: [3], dtype: "float32", weak: false, values: [0, 1, 2] });
    expect(np.arange(0.5, 3).tolist()).toEqual([0.5, 1.5, 2.5]);
    // numpy: x0 = 1, x1 = f32(1.1), then x0 + f32(i * (x1 - x0)) in float32
    expect(np.arange(1, 2, 0.1).tolist()).toEqual([
      1, 1.100000023841858, 1.2000000476837158, 1.3000000715255737, 1.4000000953674316, 1.5000001192092896, 1.6000001430511475, 1.7000001668930054,
      1.8000001907348633, 1.9000002145767212,
    ]);
    expect(np.arange(-3, 3, 0.7).tolist()).toEqual([
      -3, -2.299999952316284, -1.5999999046325684, -0.8999998569488525, -0.19999980926513672, 0.5000002384185791, 1.200000286102295, 1.9000005722045898,
      2.6000003814697266,
    ]);
  });

  it("an explicit dtype", () => {
    expect(info(np.arange(3, undefined, 1, { dtype: "float64" }))).toEqual({ shape: [3], dtype: "float64", weak: false, values: [0, 1, 2] });
    // float64: x0 + i * ((x0 + step) - x0), as numpy
    expect(np.arange(1, 2, 0.1, { dtype: "float64" }).tolist()).toEqual([
      1, 1.1, 1.2000000000000002, 1.3000000000000003, 1.4000000000000004, 1.5000000000000004, 1.6000000000000005, 1.7000000000000006, 1.8000000000000007,
      1.9000000000000008,
    ]);
    // an integer dtype casts the first two values, then steps by their difference (numpy's quirk)
    expect(np.arange(0, 5, 1.5, { dtype: "int32" }).tolist()).toEqual([0, 1, 2, 3]);
    expect(np.arange(0, 4, 1, { dtype: "uint32" }).tolist()).toEqual([0, 1, 2, 3]);
  });

  it("errors: zero step, non-finite bounds", () => {
    expect(() => np.arange(0, 5, 0)).toThrow("arange: step must not be zero");
    expect(() => np.arange(Infinity)).toThrow("arange: arguments must be finite numbers, got Infinity.");
    expect(() => np.arange(0, NaN)).toThrow("arange: arguments must be finite numbers, got NaN.");
  });
});

describe("linspace", () => {
  it("evenly spaced float32 values including the endpoint", () => {
    expect(info(np.linspace(0, 1, 5))).toEqual({ shape: [5], dtype: "float32", weak: false, values: [0, 0.25, 0.5, 0.75, 1] });
    expect(np.linspace(2, 3, 1).tolist()).toEqual([2]);
    expect(info(np.linspace(0, 1, 0))).toEqual({ shape: [0], dtype: "float32", weak: false, values: [] });
    expect(np.linspace(5, 1, 3).tolist()).toEqual([5, 3, 1]);
    expect(np.linspace(0, 1).shape).toEqual([50]);
  });

  it("computed as jnp.linspace: start * (1 - i/div) + stop * i/div in float32", () => {
    expect(np.linspace(0, 1, 7).tolist()).toEqual([0, 0.1666666716337204, 0.3333333432674408, 0.5, 0.6666666865348816, 0.8333333134651184, 1]);
    expect(np.linspace(3, -7.25, 13).tolist()).toEqual([
      3, 2.1458332538604736, 1.2916666269302368, 0.4375, -0.4166668653488159, -1.270833134651184, -2.125, -2.9791665077209473, -3.8333334922790527, -4.6875,
      -5.541666507720947, -6.395833492279053, -7.25,
    ]);
  });

  it("endpoint: false", () => {
    expect(np.linspace(0, 1, 4, { endpoint: false }).tolist()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(np.linspace(0, 1, 10, { endpoint: false }).tolist()).toEqual([
      0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896, 0.4000000059604645, 0.5, 0.6000000238418579, 0.699999988079071, 0.800000011920929,
      0.8999999761581421,
    ]);
  });

  it("float64 computes in float64; integer dtypes floor", () => {
    expect(info(np.linspace(1, 2, 11, { dtype: "float64" }))).toEqual({
      shape: [11],
      dtype: "float64",
      weak: false,
      values: [1, 1.1, 1.2000000000000002, 1.2999999999999998, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2],
    });
    expect(info(np.linspace(-5, 0, 4, { dtype: "int32" }))).toEqual({ shape: [4], dtype: "int32", weak: false, values: [-5, -4, -2, 0] });
    expect(np.linspace(0, 10, 4, { dtype: "int32" }).tolist()).toEqual([0, 3, 6, 10]);
  });

  it("a negative or fractional number of samples", () => {
    expect(() => np.linspace(0, 1, -1)).toThrow("Number of samples, -1, must be non-negative.");
    expect(() => np.linspace(0, 1, 2.5)).toThrow("Number of samples, 2.5, must be non-negative.");
  });
});

describe("eye and identity", () => {
  it("eye(n): float32 identity", () => {
    expect(info(np.eye(3))).toEqual({
      shape: [3, 3],
      dtype: "float32",
      weak: false,
      values: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    });
    expect(np.eye(0).shape).toEqual([0, 0]);
    expect(np.eye(1).tolist()).toEqual([[1]]);
  });

  it("eye(n, m, { k }): rectangular, off-diagonal", () => {
    expect(np.eye(2, 3).tolist()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(np.eye(2, 3, { k: 1 }).tolist()).toEqual([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(np.eye(3, 2, { k: -1 }).tolist()).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
    ]);
    expect(np.eye(2, 2, { k: 5 }).tolist()).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it("dtypes", () => {
    expect(info(np.eye(2, 2, { dtype: "bool" }))).toEqual({
      shape: [2, 2],
      dtype: "bool",
      weak: false,
      values: [
        [true, false],
        [false, true],
      ],
    });
    expect(info(np.identity(2, { dtype: "int32" }))).toEqual({
      shape: [2, 2],
      dtype: "int32",
      weak: false,
      values: [
        [1, 0],
        [0, 1],
      ],
    });
    expect(np.identity(3).dtype).toBe("float32");
    expect(np.identity(3).tolist()).toEqual(np.eye(3).tolist());
  });

  it("negative sizes are rejected", () => {
    expect(() => np.eye(-1)).toThrow(/Shapes must be 1D sequences/);
    expect(() => np.eye(2, -2)).toThrow(/Shapes must be 1D sequences/);
  });
});

describe("weak types through lax", () => {
  it("convert_element_type can make weak arrays, which creation functions keep", () => {
    const w = lax.convertElementType(np.array([1, 2], { dtype: "int32" }), "int32", true);
    expect(w.weakType).toBe(true);
    expect(np.array(w)).toBe(w);
    expect(np.zerosLike(w).dtype).toBe("int32");
  });
});
