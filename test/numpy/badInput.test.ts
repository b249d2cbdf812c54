// Bad input gets a clear error, never a silent value (issue 16, item 4). Each class of bad input
// that dprog used to turn into a number (NaN, a string parsed as a number, a wrapped integer, a
// truncated loop bound) or into a stack overflow now throws JAX's error type with a message
// naming the operation, the offending value, and the dtype or shape involved.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, tree, grad, jit, vmap, valueAndGrad, jacrev, makeJaxpr, debug, Array } from "../../src/index.js";
import { setPrintSink } from "../../src/debug/index.js";
import { AxisError } from "../../jaxpr/index.js";

type Ctor = new (...args: never[]) => Error;
/** Runs `f`, expecting an error of class `cls` (by instanceof) and name `name`, whose message contains every fragment. */
function expectError(f: () => unknown, cls: Ctor, name: string, ...fragments: string[]): void {
  let caught: unknown = null;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, "expected an error").toBeInstanceOf(cls);
  const err = caught as Error;
  expect(err.name).toBe(name);
  for (const frag of fragments) expect(err.message).toContain(frag);
}

const x = np.array([1, 2, 3]);
const xi = np.array([1, 2, 3], { dtype: "int32" });
const bad = (v: unknown): never => v as never;

describe("non-array operands (JAX: TypeError '... requires ndarray or scalar arguments')", () => {
  const cases: [string, unknown, string][] = [
    ["a JS array", [1, 2, 3], "a JS array of length 3"],
    ["undefined", undefined, "got undefined"],
    ["null", null, "got null"],
    ["an object", {}, "an object of class Object"],
    ["a string", "3", 'string "3"'],
    ["a bigint", 3n, "bigint 3n"],
    ["a function", () => 1, "a function"],
    ["a Map", new Map(), "an object of class Map"],
  ];
  for (const [what, v, frag] of cases) {
    it(`np.add with ${what} at position 1`, () => {
      expectError(() => np.add(x, bad(v)), TypeError, "TypeError", "add requires ndarray or scalar arguments", frag, "at position 1");
    });
    it(`x.mul(${what}) and np.sin(${what})`, () => {
      expectError(() => x.mul(bad(v)), TypeError, "TypeError", "requires ndarray or scalar arguments", frag);
      expectError(() => np.sin(bad(v)), TypeError, "TypeError", "sin requires ndarray or scalar arguments", frag, "position 0");
    });
  }
  it("strings are never parsed as numbers (x.add('3') used to add 3)", () => {
    expectError(() => x.add(bad("3")), TypeError, "TypeError", 'string "3"', "at position 1");
    expectError(() => np.maximum(bad("1"), x), TypeError, "TypeError", "position 0");
    expectError(() => x.greater(bad("0")), TypeError, "TypeError", 'string "0"');
    expectError(() => np.where(x.greater(1), bad("a"), 0), TypeError, "TypeError", 'string "a"');
    expectError(() => np.clip(x, bad("0"), 1), TypeError, "TypeError", 'string "0"');
  });
  it("lax functions, shape functions, concatenate and matmul reject them too", () => {
    expectError(() => lax.add(x, bad("3")), TypeError, "TypeError", "requires ndarray or scalar arguments", 'string "3"');
    expectError(() => lax.mul(xi, bad(null)), TypeError, "TypeError", "got null");
    expectError(() => np.concatenate([x, bad([1, 2])]), TypeError, "TypeError", "a JS array of length 2");
    expectError(() => np.matmul(x, bad([1, 2, 3])), TypeError, "TypeError", "a JS array of length 3");
    expectError(() => np.reshape(bad("abc"), [3]), TypeError, "TypeError", 'string "abc"');
    expectError(() => np.sum(bad({})), TypeError, "TypeError", "sum requires ndarray or scalar arguments");
  });
  it("np.full and x.at(i).set/add with a string fill value", () => {
    expectError(() => np.full([2], bad("a")), TypeError, "TypeError", "full requires ndarray or scalar arguments", 'string "a"');
    expectError(() => x.at(0).set(bad("a")), TypeError, "TypeError", "scatter requires ndarray or scalar arguments", 'string "a"');
    expectError(() => x.at(0).add(bad([1])), TypeError, "TypeError", "scatter-add", "a JS array of length 1");
    expectError(() => x.at(0).set(bad(undefined)), TypeError, "TypeError", "got undefined");
  });
  it("np.array rejects non-numeric data with JAX's 'not a valid array type'", () => {
    expectError(() => np.array(bad("abc")), TypeError, "TypeError", 'Value string "abc" is not a valid array type');
    expectError(() => np.array(bad([1, "a"])), TypeError, "TypeError", 'string "a"');
    expectError(() => np.array(bad({})), TypeError, "TypeError", "an object of class Object");
    expectError(() => np.array(bad([1, undefined])), TypeError, "TypeError", "undefined");
  });
  it("keeps accepted inputs: numbers, booleans, Arrays, nested JS arrays in np.array", () => {
    expect(x.add(2).tolist()).toEqual([3, 4, 5]);
    expect(x.add(true).tolist()).toEqual([2, 3, 4]);
    expect(np.add(x, np.array([1, 1, 1])).tolist()).toEqual([2, 3, 4]);
    expect(np.array([[1, 2], [3, 4]]).shape).toEqual([2, 2]);
    expect(np.array([true, false]).dtype).toBe("bool");
    expect(x.at(0).set(9).tolist()).toEqual([9, 2, 3]);
    expect(np.full([2], 7).tolist()).toEqual([7, 7]);
  });
});

describe("integers that do not fit the dtype (JAX: OverflowError 'Python int ... too large to convert to int32')", () => {
  it("an int32 array plus 2**40 (used to become a float32 array silently)", () => {
    expectError(() => xi.add(2 ** 40), np.OverflowError, "OverflowError", "1099511627776 too large to convert to int32");
    expectError(() => lax.add(xi, 2 ** 40), np.OverflowError, "OverflowError", "too large to convert to int32");
    expectError(() => xi.at(0).set(2 ** 40), np.OverflowError, "OverflowError", "too large to convert to int32");
    expectError(() => np.add(2 ** 40, 1), np.OverflowError, "OverflowError", "too large to convert to int32");
  });
  it("a JS integer operand that fits int32 wraps into a narrower integer dtype, as a Python int does (values from JAX 0.10.2)", () => {
    const x8 = np.array([1, 2], { dtype: "int8" });
    expect(np.add(x8, 300).tolist()).toEqual([45, 46]);
    expect(jit((a: Array) => a.add(300))(x8).tolist()).toEqual([45, 46]);
    expect(np.multiply(x8, 1000).tolist()).toEqual([-24, -48]);
    expect(np.maximum(x8, 1000).tolist()).toEqual([1, 2]);
    expect(np.where(np.array([true, false]), x8, 1000).tolist()).toEqual([1, -24]);
    expect(np.add(x8, -(2 ** 31)).tolist()).toEqual([1, 2]);
    expect(np.add(np.array([1], { dtype: "uint32" }), -1).tolist()).toEqual([0]);
    expect(np.subtract(np.array([5], { dtype: "uint8" }), -256).tolist()).toEqual([5]);
    expect(np.add(np.array([5], { dtype: "int16" }), 2 ** 31 - 1).tolist()).toEqual([4]);
    expect(x8.at(0).set(300).tolist()).toEqual([44, 2]);
    expect(x8.at(1).add(1000).tolist()).toEqual([1, -22]);
    expect(np.add(x8, 300).dtype).toBe("int8");
    // Beyond int32 it is still JAX's OverflowError, whatever the array's dtype.
    expectError(() => np.add(np.array([1], { dtype: "uint32" }), 3_000_000_000), np.OverflowError, "OverflowError", "3000000000 too large to convert to int32");
    expectError(() => np.add(x8, 2 ** 40), np.OverflowError, "OverflowError", "too large to convert to int32");
  });
  it("np.array / np.full with an integer dtype the value does not fit (used to wrap to 0)", () => {
    expectError(() => np.array([2 ** 40], { dtype: "int32" }), np.OverflowError, "OverflowError", "1099511627776 too large to convert to int32");
    expectError(() => np.array([-1], { dtype: "uint32" }), np.OverflowError, "OverflowError", "-1 too large to convert to uint32");
    expectError(() => np.full([2], 2 ** 33, { dtype: "uint32" }), np.OverflowError, "OverflowError", "too large to convert to uint32");
    expectError(() => np.array([Infinity], { dtype: "int32" }), np.OverflowError, "OverflowError", "cannot convert float infinity to integer");
    expectError(() => np.array([NaN], { dtype: "int32" }), np.ValueError, "ValueError", "cannot convert float NaN to integer");
  });
  it("keeps what fits: float arrays take large integers, uint32 arrays take 3e9, fractions truncate", () => {
    expect(x.add(2 ** 40).dtype).toBe("float32");
    expect(x.add(2 ** 40).tolist()).toEqual([2 ** 40, 2 ** 40, 2 ** 40].map(Math.fround));
    expect(np.array([3e9], { dtype: "uint32" }).tolist()).toEqual([3000000000]);
    // As an operand, a JS integer is read as int32 first (JAX 0.10.2 without x64: OverflowError).
    expectError(() => np.array([1], { dtype: "uint32" }).add(3e9), np.OverflowError, "OverflowError", "3000000000 too large to convert to int32");
    expect(np.array(2 ** 40).tolist()).toBe(2 ** 40);
    expect(np.array([2.7, -2.7], { dtype: "int32" }).tolist()).toEqual([2, -2]);
    expect(np.array([2147483647, -2147483648], { dtype: "int32" }).tolist()).toEqual([2147483647, -2147483648]);
    expect(np.sin(2 ** 40).dtype).toBe("float32");
  });
});

describe("operand dtypes an operation does not accept (JAX's unop and naryop dtype rules, messages from JAX 0.10.2)", () => {
  it("a binary operation names the operand's position; a unary one does not", () => {
    const [b, i32, c64] = [np.array(true), np.array(2, { dtype: "int32" }), np.complex64(1, 0)];
    const number = "integer, floating, complexfloating";
    for (const [f, message] of [
      [() => lax.add(b, b), `add does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of ${number}.`],
      [() => lax.mul(b, b), `mul does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of ${number}.`],
      [() => lax.pow(i32, i32), "pow does not accept dtype int32 at position 0. Accepted dtypes at position 0 are subtypes of floating, complexfloating."],
      [() => lax.rem(c64, c64), "rem does not accept dtype complex64 at position 0. Accepted dtypes at position 0 are subtypes of integer, floating."],
      [() => lax.shiftLeft(np.array(1.5), np.array(1.5)), "shift_left does not accept dtype float32 at position 0. Accepted dtypes at position 0 are subtypes of integer."],
      [() => lax.lt(c64, c64), "lt does not accept dtype complex64 at position 0. Accepted dtypes at position 0 are subtypes of integer, floating, bool."],
      [() => lax.neg(b), `neg does not accept dtype bool. Accepted dtypes are subtypes of ${number}.`],
      [() => lax.floor(i32), "floor does not accept dtype int32. Accepted dtypes are subtypes of floating."],
      [() => np.ptp(np.array([true, false])), `sub does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of ${number}.`],
    ] as const) {
      expect(f).toThrow(new TypeError(message));
    }
  });
});

describe("lax.foriLoop bounds (JAX: integer bounds)", () => {
  const body = (_i: Array, c: Array): Array => c.add(1);
  it("a fractional or infinite bound is a TypeError (used to truncate / run 0 times)", () => {
    expectError(() => lax.foriLoop(0, 2.5, body, np.array(0)), TypeError, "TypeError", "fori_loop: upper must be an integer", "number 2.5");
    expectError(() => lax.foriLoop(0, Infinity, body, np.array(0)), TypeError, "TypeError", "fori_loop: upper must be an integer", "Infinity");
    expectError(() => lax.foriLoop(NaN, 3, body, np.array(0)), TypeError, "TypeError", "fori_loop: lower must be an integer", "NaN");
    expectError(() => lax.foriLoop(0, bad("3"), body, np.array(0)), TypeError, "TypeError", 'string "3"');
  });
  it("a bound beyond int32 is an OverflowError", () => {
    expectError(() => lax.foriLoop(0, 2 ** 40, body, np.array(0)), np.OverflowError, "OverflowError", "too large to convert to int32");
  });
  it("a non-callable body is a TypeError", () => {
    expectError(() => lax.foriLoop(0, 3, bad(5), np.array(0)), TypeError, "TypeError", "body_fun", "number 5");
  });
  it("integer bounds still work, static and traced", () => {
    expect(lax.foriLoop(0, 3, body, np.array(0)).item()).toBe(3);
    expect(jit((n: Array) => lax.foriLoop(0, n, body, np.array(0)))(np.array(4, { dtype: "int32" })).item()).toBe(4);
  });
});

describe("reduction axes (JAX: TypeError for a non-integer axis)", () => {
  it("sum(x, '0') and sum(x, 1.5) (used to report 'axis 0 is out of bounds')", () => {
    expectError(() => np.sum(x, bad("0")), TypeError, "TypeError", 'string "0"', "cannot be interpreted as an integer");
    expectError(() => x.sum(bad("0")), TypeError, "TypeError", "cannot be interpreted as an integer");
    expectError(() => np.sum(x, 1.5), TypeError, "TypeError", "number 1.5", "cannot be interpreted as an integer");
    expectError(() => np.mean(x, [bad("0")]), TypeError, "TypeError", "cannot be interpreted as an integer");
    expectError(() => np.sum(x, 3), AxisError, "AxisError", "axis 3 is out of bounds for array of dimension 1");
  });
});

describe("transforms of something that is not a function (JAX: TypeError 'Expected a callable value')", () => {
  it("grad(5), jit(null), vmap, valueAndGrad, jacrev, makeJaxpr, tree.map(5, t)", () => {
    expectError(() => grad(bad(5)), TypeError, "TypeError", "Expected a callable value, got number 5");
    expectError(() => jit(bad(null)), TypeError, "TypeError", "Expected a callable value, got null");
    expectError(() => vmap(bad("f")), TypeError, "TypeError", "Expected a callable value");
    expectError(() => valueAndGrad(bad({})), TypeError, "TypeError", "Expected a callable value");
    expectError(() => jacrev(bad(undefined)), TypeError, "TypeError", "Expected a callable value");
    expectError(() => makeJaxpr(bad(1)), TypeError, "TypeError", "Expected a callable value");
    expectError(() => tree.map(bad(5), [1, 2]), TypeError, "TypeError", "tree.map: expected a callable value");
  });
});

describe("rank limit: a 3000-dim array is a ValueError naming the limit, not a stack overflow", () => {
  const dims = (n: number): number[] => new globalThis.Array<number>(n).fill(1);
  it("zeros, reshape, expandDims and nested np.array data beyond 64 dims", () => {
    expectError(() => np.zeros(dims(3000)), np.ValueError, "ValueError", "maximum supported dimension for an array is 64, found 3000");
    expectError(() => np.array(1).reshape(dims(65)), np.ValueError, "ValueError", "64, found 65");
    let nested: unknown = 1;
    for (let i = 0; i < 3000; i++) nested = [nested];
    expectError(() => np.array(bad(nested)), np.ValueError, "ValueError", "maximum supported dimension for an array is 64");
  });
  it("64 dims still work", () => {
    const z = np.zeros(dims(64));
    expect(z.ndim).toBe(64);
    expect(z.sum().item()).toBe(0);
  });
});

describe("debug.print looks format fields up as own properties only", () => {
  it("{constructor} and {toString} do not print inherited members", () => {
    const lines: string[] = [];
    setPrintSink((l) => lines.push(l));
    try {
      expectError(() => debug.print("{constructor}", x), RangeError, "RangeError", "{constructor} has no matching argument");
      expectError(() => debug.print("{toString}", x, { y: x }), RangeError, "RangeError", "{toString} has no matching argument");
      expectError(() => debug.print("{length}", x), RangeError, "RangeError", "{length}");
      debug.print("{toString} {0}", x, { toString: np.array(2) });
      expect(lines).toEqual(["2.0 [1. 2. 3.]"]);
    } finally {
      setPrintSink(null);
    }
  });
});
