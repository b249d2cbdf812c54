// numpy's elementwise functions (src/numpy/elementwise.ts) through the JS backend's lowerings:
// known values, JAX's result dtypes, broadcasting, rank-0 and size-0 operands, integer wraparound
// and XLA's integer division by zero.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, Array } from "../../src/index.js";
import type { DType } from "../../src/index.js";

const f32 = Math.fround;
const arr = (values: unknown, dtype: DType = "float32") => np.array(values as number[], { dtype });
const i32 = (values: unknown) => arr(values, "int32");
const u32 = (values: unknown) => arr(values, "uint32");
const f64 = (values: unknown) => arr(values, "float64");
const bool = (values: boolean[]) => np.array(values);

/** dtype, weak type, shape and values of a result. */
const info = (x: Array) => ({ dtype: x.dtype, weak: x.weakType, shape: x.shape, values: x.tolist() });

describe("add, subtract, multiply, divide", () => {
  it("float32 arithmetic rounds every result to float32", () => {
    expect(info(np.add(arr([0.1, 1]), arr([0.2, 2])))).toEqual({
      dtype: "float32",
      weak: false,
      shape: [2],
      values: [f32(f32(0.1) + f32(0.2)), 3],
    });
    expect(np.subtract(arr([1]), arr([0.1])).tolist()).toEqual([f32(1 - f32(0.1))]);
    expect(np.multiply(arr([0.1]), arr([3])).tolist()).toEqual([f32(f32(0.1) * 3)]);
    expect(np.divide(arr([1, -1, 0]), arr([3, 0, 0])).tolist()).toEqual([f32(1 / 3), -Infinity, NaN]);
  });

  it("float64 arithmetic is exact double arithmetic", () => {
    expect(np.add(f64([0.1]), f64([0.2])).tolist()).toEqual([0.30000000000000004]);
    expect(np.divide(f64([1]), f64([3])).tolist()).toEqual([1 / 3]);
    expect(np.multiply(f64([1e308]), 10).tolist()).toEqual([Infinity]);
  });

  it("aliases and methods", () => {
    const x = arr([6, 8]);
    const y = arr([2, 4]);
    expect(np.sub(x, y).tolist()).toEqual([4, 4]);
    expect(np.mul(x, y).tolist()).toEqual([12, 32]);
    expect(np.div(x, y).tolist()).toEqual([3, 2]);
    expect(np.trueDivide(x, y).tolist()).toEqual([3, 2]);
    expect(np.neg(x).tolist()).toEqual([-6, -8]);
    expect(x.add(y).tolist()).toEqual([8, 12]);
    expect(x.sub(1).tolist()).toEqual([5, 7]);
    expect(x.mul(0.5).tolist()).toEqual([3, 4]);
    expect(x.div(y).tolist()).toEqual([3, 2]);
    expect(x.pow(2).tolist()).toEqual([36, 64]);
    expect(x.neg().tolist()).toEqual([-6, -8]);
    expect(arr([-1.5, 2]).abs().tolist()).toEqual([1.5, 2]);
    // JS scalars on the left
    expect(np.subtract(10, x).tolist()).toEqual([4, 2]);
    expect(np.divide(1, arr([4])).tolist()).toEqual([0.25]);
  });

  it("divide of integers gives float32 (true division)", () => {
    expect(info(np.divide(i32([7, -7, 1]), i32([2, 2, 0])))).toEqual({ dtype: "float32", weak: false, shape: [3], values: [3.5, -3.5, Infinity] });
    expect(info(np.divide(u32([7]), u32([2])))).toEqual({ dtype: "float32", weak: false, shape: [1], values: [3.5] });
    expect(info(np.divide(bool([true]), bool([true])))).toEqual({ dtype: "float32", weak: false, shape: [1], values: [1] });
    expect(info(np.divide(7, 2))).toEqual({ dtype: "float32", weak: true, shape: [], values: 3.5 });
    expect(info(i32([1]).div(2))).toEqual({ dtype: "float32", weak: false, shape: [1], values: [0.5] });
    expect(np.divide(f64([1]), i32([3])).dtype).toBe("float64");
  });

  it("bool: add is logical or, multiply is logical and, subtract throws", () => {
    const a = bool([true, true, false, false]);
    const b = bool([true, false, true, false]);
    expect(info(np.add(a, b))).toEqual({ dtype: "bool", weak: false, shape: [4], values: [true, true, true, false] });
    expect(info(np.multiply(a, b))).toEqual({ dtype: "bool", weak: false, shape: [4], values: [true, false, false, false] });
    expect(() => np.subtract(a, b)).toThrow(TypeError);
    expect(() => np.subtract(a, b)).toThrow("numpy boolean subtract, the `-` operator, is not supported");
    expect(() => np.negative(a)).toThrow("The numpy boolean negative, the `-` operator, is not supported");
    // bool with a number is arithmetic
    expect(info(np.add(a, 1))).toEqual({ dtype: "int32", weak: true, shape: [4], values: [2, 2, 1, 1] });
    expect(np.add(a, i32([1, 1, 1, 1])).tolist()).toEqual([2, 2, 1, 1]);
  });

  it("int32 wraps around on overflow", () => {
    expect(np.add(i32([2147483647]), 1).tolist()).toEqual([-2147483648]);
    expect(np.subtract(i32([-2147483648]), 1).tolist()).toEqual([2147483647]);
    expect(np.multiply(i32([65536, 123456789]), i32([65536, 1000])).tolist()).toEqual([0, -1097262584]);
    expect(np.negative(i32([-2147483648, 5])).tolist()).toEqual([-2147483648, -5]);
    expect(np.absolute(i32([-2147483648, -3])).tolist()).toEqual([-2147483648, 3]);
    expect(np.square(i32([65536, -3])).tolist()).toEqual([0, 9]);
  });

  it("uint32 wraps around modulo 2^32", () => {
    expect(info(np.subtract(u32([0]), u32([1])))).toEqual({ dtype: "uint32", weak: false, shape: [1], values: [4294967295] });
    expect(np.add(u32([4294967295]), 1).tolist()).toEqual([0]);
    expect(np.multiply(u32([65536, 4294967295]), u32([65537, 4294967295])).tolist()).toEqual([65536, 1]);
    expect(np.negative(u32([5, 0])).tolist()).toEqual([4294967291, 0]);
    expect(np.absolute(u32([4294967295])).tolist()).toEqual([4294967295]);
    expect(np.maximum(u32([4294967295]), u32([1])).tolist()).toEqual([4294967295]);
    expect(np.less(u32([4294967295]), u32([1])).tolist()).toEqual([false]);
  });
});

describe("broadcasting", () => {
  it("(2,3) + (3,)", () => {
    const out = np.add(
      arr([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      arr([10, 20, 30]),
    );
    expect(info(out)).toEqual({
      dtype: "float32",
      weak: false,
      shape: [2, 3],
      values: [
        [11, 22, 33],
        [14, 25, 36],
      ],
    });
  });

  it("(2,1) + (1,3) and (3,) * (2,1)", () => {
    expect(np.add(arr([[1], [2]]), arr([[10, 20, 30]])).tolist()).toEqual([
      [11, 21, 31],
      [12, 22, 32],
    ]);
    expect(np.multiply(arr([1, 2, 3]), arr([[1], [-1]])).tolist()).toEqual([
      [1, 2, 3],
      [-1, -2, -3],
    ]);
    expect(np.subtract(arr([[[1]], [[2]]]), arr([[1, 2]])).shape).toEqual([2, 1, 2]);
  });

  it("scalars: JS numbers and rank-0 arrays", () => {
    expect(np.add(arr([1, 2]), 1).tolist()).toEqual([2, 3]);
    expect(np.add(1, arr([1, 2])).tolist()).toEqual([2, 3]);
    expect(np.add(np.array(5), arr([[1], [2]])).tolist()).toEqual([[6], [7]]);
    expect(info(np.add(np.array(5), np.array(2)))).toEqual({ dtype: "float32", weak: true, shape: [], values: 7 });
    expect(info(np.maximum(i32(3), 4))).toEqual({ dtype: "int32", weak: false, shape: [], values: 4 });
  });

  it("size-0 operands", () => {
    expect(info(np.add(np.zeros([0, 3]), arr([1, 2, 3])))).toEqual({ dtype: "float32", weak: false, shape: [0, 3], values: [] });
    expect(np.multiply(np.zeros([0]), 2).shape).toEqual([0]);
    expect(np.add(np.zeros([2, 0]), np.zeros([1, 0])).shape).toEqual([2, 0]);
    expect(np.add(np.zeros([0, 1]), np.zeros([1, 4])).shape).toEqual([0, 4]);
    expect(np.sin(np.zeros([0, 3])).shape).toEqual([0, 3]);
    expect(np.sqrt(i32([])).dtype).toBe("float32");
  });

  it("incompatible shapes: JAX's TypeError naming the operation", () => {
    expect(() => np.add(arr([1, 2, 3]), arr([1, 2, 3, 4]))).toThrow(TypeError);
    expect(() => np.add(arr([1, 2, 3]), arr([1, 2, 3, 4]))).toThrow("add got incompatible shapes for broadcasting: (3,), (4,).");
    expect(() => arr([1, 2, 3]).add(arr([1, 2]))).toThrow("add got incompatible shapes for broadcasting: (3,), (2,).");
    expect(() => np.multiply(np.zeros([2, 3]), np.zeros([2]))).toThrow("multiply got incompatible shapes for broadcasting: (2, 3), (2,).");
    expect(() => np.maximum(np.zeros([0]), np.zeros([2]))).toThrow("maximum got incompatible shapes for broadcasting: (0,), (2,).");
    // jnp.where broadcasts with jnp.broadcast_shapes: ValueError (issue 19 item 9).
    expect(() => np.where(bool([true, false, true]), np.zeros([2]), 0)).toThrow("Incompatible shapes for broadcasting: shapes=[(3,), (2,), ()]");
  });
});

describe("floorDivide and remainder", () => {
  it("integers round towards -inf; the remainder takes the divisor's sign", () => {
    const x = i32([7, -7, 7, -7, 6, -6, 0]);
    const y = i32([2, 2, -2, -2, 3, 3, 5]);
    expect(info(np.floorDivide(x, y))).toEqual({ dtype: "int32", weak: false, shape: [7], values: [3, -4, -4, 3, 2, -2, 0] });
    expect(info(np.remainder(x, y))).toEqual({ dtype: "int32", weak: false, shape: [7], values: [1, 1, -1, -1, 0, 0, 0] });
    expect(np.mod(x, y).tolist()).toEqual([1, 1, -1, -1, 0, 0, 0]);
    // JAX's docstring example
    expect(np.floorDivide(i32([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]), 3).tolist()).toEqual([-2, -2, -1, -1, -1, 0, 0, 0, 1, 1, 1]);
    expect(np.remainder(i32([[3, -1, 4], [8, 5, -2]]), i32([2, 3, -5])).tolist()).toEqual([
      [1, 2, -1],
      [0, 2, -2],
    ]);
  });

  it("integer division by zero follows XLA (x / 0 = -1) and jnp (x % 0 = 0)", () => {
    expect(lax.div(i32([1, -1, 0]), i32([0, 0, 0])).tolist()).toEqual([-1, -1, -1]);
    expect(lax.rem(i32([5, -5]), i32([0, 0])).tolist()).toEqual([5, -5]);
    expect(lax.div(u32([7]), u32([0])).tolist()).toEqual([4294967295]);
    expect(np.floorDivide(i32([1, -1, 0]), 0).tolist()).toEqual([-2, -2, -1]);
    expect(np.floorDivide(u32([7]), 0).tolist()).toEqual([4294967295]);
    expect(np.remainder(i32([5, -5, 0]), 0).tolist()).toEqual([0, 0, 0]);
    expect(np.remainder(u32([5]), 0).tolist()).toEqual([0]);
    // INT_MIN / -1 wraps
    expect(lax.div(i32([-2147483648]), i32([-1])).tolist()).toEqual([-2147483648]);
    expect(np.floorDivide(i32([-2147483648]), -1).tolist()).toEqual([-2147483648]);
    expect(np.remainder(i32([-2147483648]), -1).tolist()).toEqual([0]);
  });

  it("floats follow Python's divmod", () => {
    const x = arr([7, -7, 7, -7, 7.5, -7.5]);
    const y = arr([2, 2, -2, -2, 2, 2]);
    expect(info(np.floorDivide(x, y))).toEqual({ dtype: "float32", weak: false, shape: [6], values: [3, -4, -4, 3, 3, -4] });
    expect(info(np.remainder(x, y))).toEqual({ dtype: "float32", weak: false, shape: [6], values: [1, 1, -1, -1, 1.5, 0.5] });
    expect(np.remainder(f64([7.5]), -2).tolist()).toEqual([-0.5]);
    // 1 // 0.1 is 9 (the quotient is computed from the exact remainder), as in Python and JAX
    expect(np.floorDivide(f64([1]), 0.1).tolist()).toEqual([9]);
    expect(np.remainder(f64([1]), 0.1).tolist()).toEqual([1 % 0.1]);
    expect(np.floorDivide(arr([1]), 0.1).tolist()).toEqual([9]);
    expect(np.remainder(arr([1]), 0.1).tolist()).toEqual([f32(1 % f32(0.1))]);
    // division by zero gives NaN (jnp's _float_divmod)
    expect(np.floorDivide(arr([1, -1]), 0).tolist()).toEqual([NaN, NaN]);
    expect(np.remainder(arr([1]), 0).tolist()).toEqual([NaN]);
  });

  it("dtypes: ints stay ints, bool computes in int32, mixed promote", () => {
    expect(info(np.floorDivide(bool([true, false]), bool([true, true])))).toEqual({ dtype: "int32", weak: false, shape: [2], values: [1, 0] });
    expect(info(np.remainder(bool([true]), bool([true])))).toEqual({ dtype: "int32", weak: false, shape: [1], values: [0] });
    expect(info(np.floorDivide(i32([6, 6, 6]), arr([2, 2.5, 3])))).toEqual({ dtype: "float32", weak: false, shape: [3], values: [3, 2, 2] });
    expect(info(np.floorDivide(7, 2))).toEqual({ dtype: "int32", weak: true, shape: [], values: 3 });
    expect(info(np.remainder(-7, 2))).toEqual({ dtype: "int32", weak: true, shape: [], values: 1 });
    expect(info(np.floorDivide(u32([7]), 2))).toEqual({ dtype: "uint32", weak: false, shape: [1], values: [3] });
  });
});

describe("power", () => {
  it("a JS integer exponent: integer_pow, exact and in the base's dtype", () => {
    expect(info(np.power(i32([2, 3, 0, -2]), 3))).toEqual({ dtype: "int32", weak: false, shape: [4], values: [8, 27, 0, -8] });
    expect(np.power(i32([2, 7]), 0).tolist()).toEqual([1, 1]);
    expect(np.power(i32([2]), 31).tolist()).toEqual([-2147483648]);
    expect(np.power(i32([3]), 40).tolist()).toEqual([689956897]);
    expect(info(np.power(u32([2]), 32))).toEqual({ dtype: "uint32", weak: false, shape: [1], values: [0] });
    expect(np.power(arr([1.5, -2]), 2).tolist()).toEqual([2.25, 4]);
    expect(np.power(arr([2, 4]), -1).tolist()).toEqual([0.5, 0.25]);
    expect(np.power(f64([1.1]), 3).tolist()).toEqual([1.1 * 1.1 * 1.1]);
    expect(info(np.power(2, 10))).toEqual({ dtype: "int32", weak: true, shape: [], values: 1024 });
    expect(info(np.power(bool([true, false]), 2))).toEqual({ dtype: "int32", weak: false, shape: [2], values: [1, 0] });
    expect(() => np.power(i32([2]), -1)).toThrow("Integers to negative integer powers are not allowed.");
  });

  it("integer arrays: binary exponentiation wrapping like int32 (jnp's _pow_int_int)", () => {
    const out = np.power(i32([2, 3, 0, -2, 3, -1, 0, 5]), i32([3, 2, 0, 3, 40, 7, 5, 1]));
    expect(info(out)).toEqual({ dtype: "int32", weak: false, shape: [8], values: [8, 9, 1, -8, 689956897, -1, 0, 5] });
    // negative exponents use the low 6 bits of their two's complement, as jnp: 2 ** -1 -> 2 ** 63 -> 0
    expect(np.power(i32([2, 1, -1]), i32([-1, -1, -1])).tolist()).toEqual([0, 1, -1]);
    expect(np.power(i32([[2], [3]]), i32([1, 2])).tolist()).toEqual([
      [2, 4],
      [3, 9],
    ]);
    expect(np.power(bool([true, false]), bool([true, true])).dtype).toBe("int32");
  });

  it("float exponents use pow on floats", () => {
    expect(info(np.power(arr([2, 4]), 0.5))).toEqual({ dtype: "float32", weak: false, shape: [2], values: [f32(Math.SQRT2), 2] });
    expect(np.power(arr([2, 4, -8]), arr([2, 0.5, 1 / 3])).tolist()).toEqual([4, 2, NaN]);
    expect(info(np.power(i32([2]), 2.5))).toEqual({ dtype: "float32", weak: true, shape: [1], values: [f32(2 ** 2.5)] });
    expect(np.power(f64([2]), f64([0.5])).tolist()).toEqual([Math.SQRT2]);
    expect(np.pow(arr([9]), 0.5).tolist()).toEqual([3]);
  });
});

describe("maximum, minimum, clip", () => {
  it("NaN propagates", () => {
    const x = arr([1, NaN, 3, NaN]);
    const y = arr([NaN, 2, 1, NaN]);
    expect(np.maximum(x, y).tolist()).toEqual([NaN, NaN, 3, NaN]);
    expect(np.minimum(x, y).tolist()).toEqual([NaN, NaN, 1, NaN]);
    expect(np.maximum(f64([NaN]), -Infinity).tolist()).toEqual([NaN]);
  });

  it("values and dtypes", () => {
    expect(info(np.maximum(i32([1, 5, -3]), i32([2, 4, -4])))).toEqual({ dtype: "int32", weak: false, shape: [3], values: [2, 5, -3] });
    expect(info(np.minimum(i32([1, 5]), 2.5))).toEqual({ dtype: "float32", weak: true, shape: [2], values: [1, 2.5] });
    expect(np.maximum(bool([true, false]), bool([false, false])).tolist()).toEqual([true, false]);
    expect(np.maximum(arr([-0]), arr([0])).tolist()).toEqual([0]);
    expect(np.minimum(arr([-Infinity, 1]), arr([0, Infinity])).tolist()).toEqual([-Infinity, 1]);
  });

  it("clip", () => {
    expect(np.clip(arr([1, 5, NaN, -3]), 0, 4).tolist()).toEqual([1, 4, NaN, 0]);
    expect(info(np.clip(i32([-5, 0, 5]), -1, 1))).toEqual({ dtype: "int32", weak: false, shape: [3], values: [-1, 0, 1] });
    expect(np.clip(arr([-5, 5]), null, 1).tolist()).toEqual([-5, 1]);
    expect(np.clip(arr([-5, 5]), 0).tolist()).toEqual([0, 5]);
    expect(np.clip(arr([[1, 9]]), arr([2, 3]), arr([[4], [5]])).tolist()).toEqual([
      [2, 4],
      [2, 5],
    ]);
  });
});

describe("unary math: values against Math.*", () => {
  const xs = [0.25, 0.5, 1, 2, 3.5];
  const signed = [-2.5, -1, -0.25, 0, 0.25, 1, 2.5];
  const unit = [-1, -0.5, 0, 0.5, 1];
  const cases: [string, (x: Array) => Array, (v: number) => number, number[]][] = [
    ["exp", np.exp, Math.exp, signed],
    ["exp2", np.exp2, (v) => 2 ** v, signed],
    ["log", np.log, Math.log, xs],
    ["log1p", np.log1p, Math.log1p, [-0.5, 0, 1e-10, 1, 3]],
    ["expm1", np.expm1, Math.expm1, [-1, 0, 1e-10, 1]],
    ["sqrt", np.sqrt, Math.sqrt, xs],
    ["rsqrt", np.rsqrt, (v) => 1 / Math.sqrt(v), xs],
    ["cbrt", np.cbrt, Math.cbrt, [-8, -1, 0, 2, 27]],
    ["sin", np.sin, Math.sin, signed],
    ["cos", np.cos, Math.cos, signed],
    ["tan", np.tan, Math.tan, signed],
    ["arcsin", np.arcsin, Math.asin, unit],
    ["arccos", np.arccos, Math.acos, unit],
    ["arctan", np.arctan, Math.atan, signed],
    ["sinh", np.sinh, Math.sinh, signed],
    ["cosh", np.cosh, Math.cosh, signed],
    ["tanh", np.tanh, Math.tanh, signed],
    ["arcsinh", np.arcsinh, Math.asinh, signed],
    ["arccosh", np.arccosh, Math.acosh, [1, 1.5, 2, 10]],
    ["arctanh", np.arctanh, Math.atanh, [-0.5, 0, 0.25, 0.75]],
    ["sigmoid", np.sigmoid, (v) => 1 / (1 + Math.exp(-v)), signed],
  ];
  for (const [name, f, ref, values] of cases) {
    it(`${name} in float32 and float64`, () => {
      const out32 = f(arr(values));
      expect(out32.dtype).toBe("float32");
      expect(out32.tolist()).toEqual(values.map((v) => f32(ref(f32(v)))));
      const out64 = f(f64(values));
      expect(out64.dtype).toBe("float64");
      expect(out64.tolist()).toEqual(values.map(ref));
    });
  }

  it("known values", () => {
    expect(np.exp(arr([0, 1])).tolist()).toEqual([1, f32(Math.E)]);
    expect(np.log(arr([1, 0, -1])).tolist()).toEqual([0, -Infinity, NaN]);
    expect(np.sqrt(arr([4, 0, -1, Infinity])).tolist()).toEqual([2, 0, NaN, Infinity]);
    expect(np.rsqrt(arr([4, 0])).tolist()).toEqual([0.5, Infinity]);
    expect(np.cbrt(arr([27, -8])).tolist()).toEqual([3, -2]);
    expect(np.exp2(arr([3, -1, 10])).tolist()).toEqual([8, 0.5, 1024]);
    expect(np.sigmoid(arr([0, 100, -100])).tolist()).toEqual([0.5, 1, f32(1 / (1 + Math.exp(100)))]);
    expect(np.tanh(arr([0, 20, -20])).tolist()).toEqual([0, 1, -1]);
    expect(np.arcsin(arr([1, 2])).tolist()).toEqual([f32(Math.PI / 2), NaN]);
    expect(np.log1p(f64([1e-20])).tolist()).toEqual([1e-20]);
    expect(np.expm1(f64([1e-20])).tolist()).toEqual([1e-20]);
  });

  it("log2 and log10 are exact at powers (JAX's docstring examples)", () => {
    expect(np.log2(arr([0.25, 0.5, 1, 2, 4, 8])).tolist()).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(np.log10(arr([0.01, 0.1, 1, 10, 100, 1000])).tolist()).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(np.log2(f64([1024, 0.125])).tolist()).toEqual([10, -3]);
    // like jnp (log(x) / log(10)), not numpy's dedicated log10
    expect(np.log10(f64([100, 1e6])).tolist()).toEqual([Math.log(100) / Math.LN10, Math.log(1e6) / Math.LN10]);
  });

  it("degrees and radians", () => {
    expect(np.deg2rad(f64([180, -90, 0])).tolist()).toEqual([Math.PI, -Math.PI / 2, 0]);
    expect(np.rad2deg(f64([Math.PI, Math.PI / 2])).tolist()).toEqual([180, 90]);
    expect(np.radians(arr([180])).tolist()).toEqual([f32(180 * f32(Math.PI / 180))]);
    expect(np.degrees(arr([1])).tolist()).toEqual([f32(f32(180 / Math.PI))]);
    expect(np.deg2rad(i32([180])).dtype).toBe("float32");
  });

  it("integer and bool inputs compute in float32; weak stays weak", () => {
    expect(info(np.sqrt(i32([4, 9])))).toEqual({ dtype: "float32", weak: false, shape: [2], values: [2, 3] });
    expect(info(np.sqrt(u32([16])))).toEqual({ dtype: "float32", weak: false, shape: [1], values: [4] });
    expect(info(np.exp(bool([false, true])))).toEqual({ dtype: "float32", weak: false, shape: [2], values: [1, f32(Math.E)] });
    expect(info(np.sqrt(4))).toEqual({ dtype: "float32", weak: true, shape: [], values: 2 });
    expect(info(np.sin(0))).toEqual({ dtype: "float32", weak: true, shape: [], values: 0 });
    expect(np.log(i32([1])).dtype).toBe("float32");
    expect(np.tanh(f64([0])).dtype).toBe("float64");
  });

  it("erf to double precision", () => {
    const out = np.erf(f64([0.5, 1, 2, -3, 0, 0.1, 4.5, -0.25, 10])).tolist() as number[];
    const want = [0.5204998778130465, 0.8427007929497149, 0.9953222650189527, -0.9999779095030014, 0, 0.1124629160182849, 0.9999999998033839, -0.2763263901682369, 1];
    for (let i = 0; i < want.length; i++) expect(Math.abs(out[i]! - want[i]!)).toBeLessThanOrEqual(1e-15);
    expect(np.erf(f64([NaN, Infinity, -Infinity])).tolist()).toEqual([NaN, 1, -1]);
    const o32 = np.erf(arr([0.5, 1])).tolist() as number[];
    expect(o32).toEqual([f32(0.5204998778130465), f32(0.8427007929497149)]);
    expect(np.erf(i32([0])).dtype).toBe("float32");
  });
});

describe("arctan2 and hypot", () => {
  it("arctan2(y, x) covers every quadrant", () => {
    expect(np.arctan2(f64([1, 0, -0, 1, -1]), f64([1, -1, -1, 0, -1])).tolist()).toEqual([Math.PI / 4, Math.PI, -Math.PI, Math.PI / 2, (-3 * Math.PI) / 4]);
    expect(info(np.arctan2(i32([1]), i32([1])))).toEqual({ dtype: "float32", weak: false, shape: [1], values: [f32(Math.PI / 4)] });
  });

  it("hypot does not overflow and is infinite where an operand is", () => {
    expect(np.hypot(arr([3, 0, -5]), arr([4, 0, 12])).tolist()).toEqual([5, 0, 13]);
    expect(np.hypot(arr([1e30]), arr([1e30])).tolist()).toEqual([f32(f32(1e30) * f32(Math.SQRT2))]);
    expect(np.hypot(arr([Infinity, NaN, -Infinity]), arr([NaN, Infinity, 1])).tolist()).toEqual([Infinity, Infinity, Infinity]);
    expect(np.hypot(arr([NaN]), arr([1])).tolist()).toEqual([NaN]);
    expect(info(np.hypot(3, 4))).toEqual({ dtype: "float32", weak: true, shape: [], values: 5 });
    expect(np.hypot(f64([1e300]), f64([1e300])).tolist()).toEqual([1e300 * Math.sqrt(2)]);
    expect(np.hypot(i32([[3], [6]]), i32([4, 8])).tolist()).toEqual([
      [5, f32(Math.hypot(3, 8))],
      [f32(Math.hypot(6, 4)), 10],
    ]);
  });
});

describe("sign, abs, negative, positive, square, reciprocal", () => {
  it("sign", () => {
    expect(np.sign(arr([-2, 0, -0, 3, NaN, -Infinity])).tolist()).toEqual([-1, 0, -0, 1, NaN, -1]);
    expect(info(np.sign(i32([-7, 0, 9])))).toEqual({ dtype: "int32", weak: false, shape: [3], values: [-1, 0, 1] });
    expect(info(np.sign(u32([0, 7])))).toEqual({ dtype: "uint32", weak: false, shape: [2], values: [0, 1] });
  });

  it("abs", () => {
    expect(np.abs(arr([-1.5, -0, 2, -Infinity, NaN])).tolist()).toEqual([1.5, 0, 2, Infinity, NaN]);
    expect(info(np.absolute(i32([-3, 3])))).toEqual({ dtype: "int32", weak: false, shape: [2], values: [3, 3] });
    expect(info(np.abs(bool([true, false])))).toEqual({ dtype: "bool", weak: false, shape: [2], values: [true, false] });
    expect(info(np.abs(-2))).toEqual({ dtype: "int32", weak: true, shape: [], values: 2 });
  });

  it("negative and positive", () => {
    expect(np.negative(arr([1, -0, 0])).tolist()).toEqual([-1, 0, -0]);
    expect(np.positive(i32([-1, 2])).tolist()).toEqual([-1, 2]);
    expect(np.positive(i32([-1, 2])).dtype).toBe("int32");
  });

  it("square: bool computes in int32", () => {
    expect(np.square(arr([1.5, -2])).tolist()).toEqual([2.25, 4]);
    expect(info(np.square(i32([-3, 4])))).toEqual({ dtype: "int32", weak: false, shape: [2], values: [9, 16] });
    expect(info(np.square(bool([true, false])))).toEqual({ dtype: "int32", weak: false, shape: [2], values: [1, 0] });
    expect(np.square(f64([0.1])).tolist()).toEqual([0.1 * 0.1]);
  });

  it("reciprocal: always inexact", () => {
    expect(np.reciprocal(arr([2, 4, 0, -0])).tolist()).toEqual([0.5, 0.25, Infinity, -Infinity]);
    expect(info(np.reciprocal(i32([2])))).toEqual({ dtype: "float32", weak: false, shape: [1], values: [0.5] });
    expect(np.reciprocal(f64([3])).tolist()).toEqual([1 / 3]);
  });
});

describe("rounding", () => {
  it("round: half to even, keeping the sign of zero", () => {
    expect(np.round(arr([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.7, -3.2])).tolist()).toEqual([0, 2, 2, -0, -2, -2, 4, -3]);
    expect(np.round(f64([4503599627370495.5, 0.49999999999999994])).tolist()).toEqual([4503599627370496, 0]);
    expect(np.around(arr([2.5])).tolist()).toEqual([2]);
  });

  it("round with decimals", () => {
    expect(np.round(arr([1.2345, -1.2355, 0.125]), 2).tolist()).toEqual([f32(1.23), f32(-1.24), f32(0.12)]);
    expect(np.round(arr([1234.5, 1250, 1350]), -2).tolist()).toEqual([1200, 1200, 1400]);
    expect(np.round(f64([2.675]), 2).tolist()).toEqual([Math.round(2.675 * 100) / 100]);
  });

  it("round of complex rounds real and imaginary parts; float16 scales in float32 (values from JAX 0.10.2)", () => {
    const parts = (z: Array): [number[], number[]] => [np.real(z).tolist() as number[], np.imag(z).tolist() as number[]];
    const z = np.add(arr([1.25, -0.5, 2.5]), np.multiply(arr([2.55, 1.5, -3.456]), np.complex64(0, 1)));
    expect(np.round(z).dtype).toBe("complex64");
    expect(parts(np.round(z))).toEqual([[1, -0, 2], [3, 2, -3]]);
    expect(parts(np.around(z, 1))).toEqual([[f32(1.2), -0.5, 2.5], [f32(2.6), 1.5, -3.5]]);
    const z128 = np.add(f64([1.255]), np.multiply(f64([2.675]), np.complex128(0, 1)));
    expect(parts(np.round(z128, 2))).toEqual([[1.25], [2.68]]);
    // jnp.round(jnp.array([1.2345, 0.125, 2.675, 40.33, 655.3], jnp.float16), 2)
    const h = arr([1.2345, 0.125, 2.675, 40.33, 655.3], "float16");
    expect(np.round(h, 2).tolist()).toEqual([1.23046875, 0.1199951171875, 2.6796875, 40.34375, 655.5]);
    expect(np.round(h, 1).tolist()).toEqual([1.2001953125, 0.0999755859375, 2.69921875, 40.3125, 655.5]);
    expect(np.round(h, 5).tolist()).toEqual(h.tolist()); // past float16's range: unchanged
    expect(() => np.round(i32([1234]), -2)).toThrow("integer np.round not implemented for decimals < 0");
  });

  it("floor, ceil, trunc", () => {
    const x = arr([-1.5, -0.5, 0.5, 1.5, -2.7, 2.7]);
    expect(np.floor(x).tolist()).toEqual([-2, -1, 0, 1, -3, 2]);
    expect(np.ceil(x).tolist()).toEqual([-1, -0, 1, 2, -2, 3]);
    expect(np.trunc(x).tolist()).toEqual([-1, -0, 0, 1, -2, 2]);
    expect(np.floor(arr([NaN, Infinity])).tolist()).toEqual([NaN, Infinity]);
  });

  it("integer inputs are returned unchanged, with their dtype", () => {
    for (const f of [np.floor, np.ceil, np.trunc, (x: Array) => np.round(x), (x: Array) => np.round(x, 2)]) {
      expect(info(f(i32([-3, 4])))).toEqual({ dtype: "int32", weak: false, shape: [2], values: [-3, 4] });
      expect(info(f(u32([7])))).toEqual({ dtype: "uint32", weak: false, shape: [1], values: [7] });
    }
  });
});

describe("comparisons", () => {
  const x = arr([1, 2, NaN, 3]);
  const y = arr([2, 2, NaN, 1]);
  it("values, with NaN unordered", () => {
    expect(info(np.equal(x, y))).toEqual({ dtype: "bool", weak: false, shape: [4], values: [false, true, false, false] });
    expect(np.notEqual(x, y).tolist()).toEqual([true, false, true, true]);
    expect(np.less(x, y).tolist()).toEqual([true, false, false, false]);
    expect(np.lessEqual(x, y).tolist()).toEqual([true, true, false, false]);
    expect(np.greater(x, y).tolist()).toEqual([false, false, false, true]);
    expect(np.greaterEqual(x, y).tolist()).toEqual([false, true, false, true]);
  });

  it("methods, JS scalars and promotion", () => {
    expect(x.equal(2).tolist()).toEqual([false, true, false, false]);
    expect(x.notEqual(2).tolist()).toEqual([true, false, true, true]);
    expect(x.less(2).tolist()).toEqual([true, false, false, false]);
    expect(x.lessEqual(2).tolist()).toEqual([true, true, false, false]);
    expect(x.greater(2).tolist()).toEqual([false, false, false, true]);
    expect(x.greaterEqual(2).tolist()).toEqual([false, true, false, true]);
    expect(np.equal(i32([1, 2]), 1.0).tolist()).toEqual([true, false]);
    expect(np.less(i32([1, 2]), 1.5).tolist()).toEqual([true, false]);
    expect(np.equal(bool([true, false]), bool([true, true])).tolist()).toEqual([true, false]);
    expect(np.equal(f64([0.1]), 0.1).tolist()).toEqual([true]);
    expect(np.equal(arr([0.1]), 0.1).tolist()).toEqual([true]);
    expect(np.greater(u32([4294967295]), u32([0])).tolist()).toEqual([true]);
    expect(info(np.less(1, 2))).toEqual({ dtype: "bool", weak: false, shape: [], values: true });
  });
});

describe("bitwise and logical", () => {
  it("bitwise ops on ints and bools", () => {
    const a = i32([12, -1, 0]);
    const b = i32([10, 5, 7]);
    expect(np.bitwiseAnd(a, b).tolist()).toEqual([8, 5, 0]);
    expect(np.bitwiseOr(a, b).tolist()).toEqual([14, -1, 7]);
    expect(np.bitwiseXor(a, b).tolist()).toEqual([6, -6, 7]);
    expect(info(np.bitwiseNot(i32([5, -1, 0])))).toEqual({ dtype: "int32", weak: false, shape: [3], values: [-6, 0, -1] });
    expect(info(np.invert(u32([0, 4294967295])))).toEqual({ dtype: "uint32", weak: false, shape: [2], values: [4294967295, 0] });
    expect(np.bitwiseNot(bool([true, false])).tolist()).toEqual([false, true]);
    expect(np.bitwiseXor(bool([true, true]), bool([true, false])).tolist()).toEqual([false, true]);
    expect(np.bitwiseAnd(u32([4294967295]), u32([4294967294])).tolist()).toEqual([4294967294]);
  });

  it("bitwise ops reject floats", () => {
    expect(() => np.bitwiseAnd(arr([1]), arr([1]))).toThrow(TypeError);
    expect(() => np.bitwiseAnd(arr([1]), arr([1]))).toThrow(new TypeError("and does not accept dtype float32 at position 0. Accepted dtypes at position 0 are subtypes of integer, bool.")); // JAX 0.10.2
    expect(() => np.bitwiseOr(i32([1]), 1.5)).toThrow("or does not accept dtype float32 at position 0");
  });

  it("logical ops treat nonzero (and NaN) as true", () => {
    const a = arr([1, 0, 2, NaN]);
    const b = arr([1, 1, 0, 0]);
    expect(info(np.logicalAnd(a, b))).toEqual({ dtype: "bool", weak: false, shape: [4], values: [true, false, false, false] });
    expect(np.logicalOr(a, b).tolist()).toEqual([true, true, true, true]);
    expect(np.logicalXor(a, b).tolist()).toEqual([false, true, true, true]);
    expect(info(np.logicalNot(arr([0, 1.5, NaN, -0])))).toEqual({ dtype: "bool", weak: false, shape: [4], values: [true, false, false, true] });
    expect(np.logicalNot(i32([0, 3])).tolist()).toEqual([true, false]);
    expect(np.logicalAnd(bool([true, false]), true).tolist()).toEqual([true, false]);
    expect(np.logicalOr(i32([[0], [1]]), i32([0, 0])).tolist()).toEqual([
      [false, false],
      [true, true],
    ]);
    expect(() => np.logicalAnd(arr([1, 2]), arr([1, 2, 3]))).toThrow("logical_and got incompatible shapes for broadcasting: (2,), (3,).");
  });
});

describe("isnan, isfinite, isinf", () => {
  it("floats", () => {
    const x = arr([1, NaN, Infinity, -Infinity, -0]);
    expect(info(np.isnan(x))).toEqual({ dtype: "bool", weak: false, shape: [5], values: [false, true, false, false, false] });
    expect(info(np.isfinite(x))).toEqual({ dtype: "bool", weak: false, shape: [5], values: [true, false, false, false, true] });
    expect(info(np.isinf(x))).toEqual({ dtype: "bool", weak: false, shape: [5], values: [false, false, true, true, false] });
    expect(np.isnan(f64([NaN, 1e308])).tolist()).toEqual([true, false]);
    expect(np.isinf(f64([1e308 * 10])).tolist()).toEqual([true]);
  });

  it("integers and bools: constant results of their shape", () => {
    expect(info(np.isnan(i32([[1, 2]])))).toEqual({ dtype: "bool", weak: false, shape: [1, 2], values: [[false, false]] });
    expect(info(np.isfinite(u32([1])))).toEqual({ dtype: "bool", weak: false, shape: [1], values: [true] });
    expect(info(np.isinf(bool([true])))).toEqual({ dtype: "bool", weak: false, shape: [1], values: [false] });
    expect(info(np.isnan(3))).toEqual({ dtype: "bool", weak: false, shape: [], values: false });
  });
});

describe("where", () => {
  it("selects elementwise", () => {
    expect(info(np.where(bool([true, false, true]), arr([1, 2, 3]), arr([10, 20, 30])))).toEqual({
      dtype: "float32",
      weak: false,
      shape: [3],
      values: [1, 20, 3],
    });
  });

  it("broadcasts condition and branches", () => {
    const out = np.where(bool([true, false]).reshape([2, 1]), arr([1, 2, 3]), 0);
    expect(info(out)).toEqual({
      dtype: "float32",
      weak: false,
      shape: [2, 3],
      values: [
        [1, 2, 3],
        [0, 0, 0],
      ],
    });
    expect(np.where(true, arr([1, 2]), arr([[5], [6]])).tolist()).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it("a numeric condition means nonzero; branches promote", () => {
    expect(np.where(arr([1, 0, NaN]), 1, 2).tolist()).toEqual([1, 2, 1]);
    expect(info(np.where(bool([true, false]), i32([1, 2]), 2.5))).toEqual({ dtype: "float32", weak: true, shape: [2], values: [1, 2.5] });
    expect(info(np.where(bool([true, false]), i32([1, 2]), u32([7, 8])))).toEqual({ dtype: "int32", weak: false, shape: [2], values: [1, 8] });
    expect(info(np.where(bool([false]), 1, 2))).toEqual({ dtype: "int32", weak: true, shape: [1], values: [2] });
  });
});

describe("integer and float conversions in the backend", () => {
  it("float to int truncates, saturates, and maps NaN to 0 (XLA)", () => {
    expect(arr([1.9, -1.9, NaN, 3e9, -3e9, Infinity]).astype("int32").tolist()).toEqual([1, -1, 0, 2147483647, -2147483648, 2147483647]);
    expect(arr([1.9, -1.9, NaN, 5e9]).astype("uint32").tolist()).toEqual([1, 0, 0, 4294967295]);
  });

  it("int to int wraps, anything to bool is nonzero", () => {
    expect(i32([-1, 5]).astype("uint32").tolist()).toEqual([4294967295, 5]);
    expect(u32([4294967295]).astype("int32").tolist()).toEqual([-1]);
    expect(arr([0, -0, 0.5, NaN]).astype("bool").tolist()).toEqual([false, false, true, true]);
    expect(i32([16777217]).astype("float32").tolist()).toEqual([16777216]);
    expect(i32([16777217]).astype("float64").tolist()).toEqual([16777217]);
    expect(f64([0.1]).astype("float32").tolist()).toEqual([f32(0.1)]);
  });
});
