// Eager operations on complex and narrow values (lowerings/loweredOp.ts) run the real equations
// lowerComplex and lowerNarrow make of them, kernel by kernel, without the whole-program compiler.
// Their values must be jit's to the bit (jit fuses the same equations): elementwise runs keep
// float32 values in double registers as a fused group does. Each op is called twice, eager and jit.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, jit } from "../../../src/index.js";
import type { Array, DType } from "../../../src/index.js";
import { ShapedArray, abstractEval } from "../../../jaxpr/index.js";
import { lowerEqn } from "../../../backends/js/index.js";
import { mulberry32 } from "../../util/random.js";

const rand = mulberry32(2026);
const floats = (shape: number[], lo = -3, hi = 3): Array => {
  const n = shape.reduce((a, b) => a * b, 1);
  return np.array(Float64Array.from({ length: n }, () => lo + (hi - lo) * rand()), { shape, dtype: "float64" });
};
/** Random complex values with a few special ones up front (zeros, infinities, NaN). */
function complexArray(shape: number[], dtype: "complex64" | "complex128"): Array {
  const part = dtype === "complex64" ? "float32" : "float64";
  const re = floats(shape).astype(part);
  const im = floats(shape).astype(part);
  return lax.complex(re, im);
}
const SPECIALS = np.array([0, -0, Infinity, -Infinity, NaN, 1e-30, 3e38, -2.5], { dtype: "float32" });
const specialComplex = (dtype: "complex64" | "complex128"): Array => {
  const part = dtype === "complex64" ? "float32" : "float64";
  return lax.complex(SPECIALS.astype(part), lax.rev(SPECIALS, [0]).astype(part));
};

/** Bit patterns of an array's storage (interleaved for complex), NaNs all alike. */
function bits(x: Array): string[] {
  return [...x.dataSync()].map((v) => (Number.isNaN(Number(v)) ? "NaN" : Object.is(v, -0) ? "-0" : String(v)));
}

type Fn = (...xs: Array[]) => Array | Array[];
const outputs = (r: Array | Array[]): Array[] => (globalThis.Array.isArray(r) ? r : [r]);

/** Eager twice and jit twice give one result, bit for bit, with the same shape and dtype. */
function expectEagerIsJit(f: Fn, args: readonly Array[]): void {
  const jf = jit(f);
  const runs = [f(...args), f(...args), jf(...args), jf(...args)].map(outputs);
  const [want, ...rest] = runs;
  for (const got of rest) {
    expect(got.length).toBe(want!.length);
    got.forEach((g, i) => {
      expect(g.shape).toEqual(want![i]!.shape);
      expect(g.dtype).toBe(want![i]!.dtype);
      expect(bits(g)).toEqual(bits(want![i]!));
    });
  }
}

const COMPLEX_OPS: [string, Fn, number][] = [
  ["add", (a, b) => a!.add(b!), 2],
  ["sub", (a, b) => a!.sub(b!), 2],
  ["mul", (a, b) => a!.mul(b!), 2],
  ["div", (a, b) => a!.div(b!), 2],
  ["mul by a scalar (a literal)", (a) => a!.mul(2.5), 1],
  ["pow", (a, b) => lax.pow(a!, b!), 2],
  ["neg", (a) => np.negative(a!), 1],
  ["exp", (a) => np.exp(a!), 1],
  ["expm1", (a) => np.expm1(a!), 1],
  ["log", (a) => np.log(a!), 1],
  ["log1p", (a) => np.log1p(a!), 1],
  ["sqrt", (a) => np.sqrt(a!), 1],
  ["rsqrt", (a) => lax.rsqrt(a!), 1],
  ["sin", (a) => np.sin(a!), 1],
  ["cos", (a) => np.cos(a!), 1],
  ["tan", (a) => np.tan(a!), 1],
  ["tanh", (a) => np.tanh(a!), 1],
  ["sinh", (a) => np.sinh(a!), 1],
  ["square", (a) => np.square(a!), 1],
  ["reciprocal", (a) => np.reciprocal(a!), 1],
  ["sign", (a) => np.sign(a!), 1],
  ["abs", (a) => np.abs(a!), 1],
  ["angle", (a) => np.angle(a!), 1],
  ["real", (a) => lax.real(a!), 1],
  ["imag", (a) => lax.imag(a!), 1],
  ["conj", (a) => lax.conj(a!), 1],
  ["complex", (a, b) => lax.complex(lax.real(a!), lax.imag(b!)), 2],
  ["eq", (a, b) => lax.eq(a!, b!), 2],
  ["ne", (a, b) => lax.ne(a!, a!.mul(b!)), 2],
  ["is_finite via isfinite", (a) => np.isfinite(a!), 1],
  ["where", (a, b) => np.where(lax.gt(lax.real(a!), 0), a!, b!), 2],
  ["sum", (a) => np.sum(a!), 1],
  ["sum over an axis", (a) => np.sum(a!.reshape([4, 6]), 0), 1],
  ["prod over an axis", (a) => np.prod(a!.reshape([4, 6]), 1), 1],
  ["mean", (a) => np.mean(a!), 1],
  ["cumsum", (a) => np.cumsum(a!), 1],
  ["cumprod", (a) => np.cumprod(a!.mul(0.5)), 1],
  ["matmul", (a, b) => np.matmul(a!.reshape([4, 6]), b!.reshape([6, 4])), 2],
  ["dot_general batched", (a, b) => np.einsum("bij,bjk->bik", a!.reshape([2, 3, 4]), b!.reshape([2, 4, 3])), 2],
  ["transpose", (a) => a!.reshape([4, 6]).T, 1],
  ["reshape (shares the buffer)", (a) => a!.reshape([2, 12]), 1],
  ["slice and rev", (a) => lax.rev(lax.slice(a!.reshape([4, 6]), [1, 2], [3, 6]), [1]), 1],
  ["broadcast", (a) => np.broadcastTo(a!.reshape([1, 24]), [3, 24]), 1],
  ["concatenate", (a, b) => np.concatenate([a!, b!]), 2],
  ["pad", (a) => lax.pad(a!, lax.complex(np.float32(0), np.float32(1)).astype(a!.dtype), [[1, 2, 1]]), 1],
  ["gather (take)", (a) => np.take(a!, np.array([3, 0, 5, 5], { dtype: "int32" })), 1],
  ["scatter-add", (a, b) => a!.at(np.array([1, 1, 4], { dtype: "int32" })).add(lax.slice(b!, [0], [3])), 2],
  ["ordered by the real part (argsort, take)", (a) => np.take(a!, np.argsort(lax.real(a!))), 1],
  ["convert to complex128 and back", (a) => a!.astype("complex128").mul(a!.astype("complex128")).astype("complex64"), 1],
  ["convert to float (the real part)", (a) => lax.convertElementType(a!, "float32"), 1],
  ["convert from float", (a) => lax.convertElementType(lax.real(a!), "complex64"), 1],
  ["several outputs", (a, b) => [a!.mul(b!), np.exp(a!), np.abs(b!)], 2],
];

describe("eager complex operations equal jit, bit for bit (called twice)", () => {
  for (const dtype of ["complex64", "complex128"] as const) {
    for (const [name, f, arity] of COMPLEX_OPS) {
      it(`${name} (${dtype})`, () => {
        const args = [complexArray([24], dtype), complexArray([24], dtype)].slice(0, arity);
        expectEagerIsJit(f, args);
      });
    }
    it(`special values (${dtype}): mul, div, exp, log, sqrt, abs`, () => {
      const z = specialComplex(dtype);
      const w = lax.rev(z, [0]);
      for (const f of [(a: Array, b: Array) => a.mul(b), (a: Array, b: Array) => a.div(b), (a: Array) => np.exp(a), (a: Array) => np.log(a), (a: Array) => np.sqrt(a), (a: Array) => np.abs(a)] as Fn[]) expectEagerIsJit(f, [z, w]);
    });
  }

  it("a full sum keeps four partial sums, as the fused loop does: eager equals jit, and its parts are the real parts' sums", () => {
    // 1 then 2999 halves of an ulp of 1: added in order each rounds away; in four lanes they add up.
    const values = Float64Array.from({ length: 3000 }, (_, i) => (i === 0 ? 1 : 2 ** -53));
    const x = np.array(values, { dtype: "float64" });
    const inOrder = values.reduce((a, v) => a + v, 0);
    expect(np.sum(x).item()).not.toBe(inOrder);
    expectEagerIsJit((a) => np.sum(a!), [x]);
    for (const z of [lax.complex(x, x.mul(-2)), complexArray([3000], "complex64")]) {
      expectEagerIsJit((a) => np.sum(a!), [z]);
      expect(bits(np.sum(z))).toEqual(bits(lax.complex(np.sum(lax.real(z)), np.sum(lax.imag(z)))));
    }
  });

  it("broadcasting operands: a rank-0 or size-1 divisor's chain is recomputed in the consumer's loop, as jit's fused loop does", () => {
    for (const dtype of ["complex64", "complex128"] as const) {
      const z = complexArray([200], dtype);
      const s = complexArray([], dtype);
      const row = complexArray([1, 200], dtype);
      const col = complexArray([7, 1], dtype);
      const div: Fn = (a, b) => a!.div(b!);
      expectEagerIsJit(div, [z, s]);
      expectEagerIsJit(div, [s, z]);
      expectEagerIsJit(div, [row, col]);
      expectEagerIsJit((a, b) => lax.pow(a!, b!), [z, s]);
    }
  });

  it("control flow on complex values: a while loop, a cond and a scan carry complex64 pairs", () => {
    const z = complexArray([6], "complex64");
    expectEagerIsJit((a) => lax.foriLoop(0, 3, (_i, c: Array) => c.mul(a!).add(1), a!), [z]);
    expectEagerIsJit((a) => lax.cond(true, (c: Array) => np.exp(c), (c: Array) => c, a!), [z]);
    expectEagerIsJit((a) => lax.scan((c: Array, x: Array) => [c.mul(x), c], lax.slice(a!, [0], [1]).reshape([]), a!)[0] as Array, [z]);
  });
});

const NARROW: DType[] = ["float16", "bfloat16", "float8_e4m3fn", "float8_e5m2", "int4", "uint4", "int8", "uint8", "int16"];
const NARROW_OPS: [string, Fn][] = [
  ["add", (a, b) => a!.add(b!)],
  ["mul", (a, b) => a!.mul(b!)],
  ["sub then mul (a run)", (a, b) => a!.sub(b!).mul(a!)],
  ["max", (a, b) => np.maximum(a!, b!)],
  ["sum", (a) => np.sum(a!)],
  ["max over an axis", (a) => np.max(a!.reshape([4, 6]), 1)],
  ["cumsum", (a) => np.cumsum(a!)],
  ["matmul", (a, b) => np.matmul(a!.reshape([4, 6]), b!.reshape([6, 4]))],
  ["sort", (a) => np.sort(a!)],
  ["argsort", (a) => np.argsort(a!)],
  ["transpose", (a) => a!.reshape([4, 6]).T],
  ["reshape", (a) => a!.reshape([6, 4])],
  ["to float32", (a) => a!.astype("float32")],
  ["from float32", (a) => a!.astype("float32").mul(1.75).astype(a!.dtype)],
  ["to int32", (a) => a!.astype("int32")],
  ["compare", (a, b) => lax.lt(a!, b!)],
];

describe("eager narrow-dtype operations equal jit, bit for bit (called twice)", () => {
  for (const dtype of NARROW) {
    const isFloat = dtype.startsWith("float") || dtype === "bfloat16";
    const make = (): Array => (isFloat ? floats([24], -4, 4) : floats([24], -9, 9).astype("int32")).astype(dtype);
    for (const [name, f] of NARROW_OPS) {
      if (!isFloat && (name === "from float32" || name === "cumsum")) continue;
      it(`${name} (${dtype})`, () => expectEagerIsJit(f, [make(), make()]));
    }
  }
  it("exp and tanh in float16 and bfloat16 (computed in float32, rounded once)", () => {
    for (const dtype of ["float16", "bfloat16"] as const) {
      const x = floats([24], -4, 4).astype(dtype);
      expectEagerIsJit((a) => np.tanh(np.exp(a!)), [x]);
    }
  });
});

describe("the eager kernel of a complex operation", () => {
  const avals = [new ShapedArray([1000], "complex64", false), new ShapedArray([1000], "complex64", false)];
  const kernel = (prim: "mul" | "exp") => lowerEqn(prim, { inAvals: avals.slice(0, prim === "mul" ? 2 : 1), outAvals: abstractEval(prim, avals.slice(0, prim === "mul" ? 2 : 1), {}), params: {} });

  it("runs the real equations kernel by kernel, the elementwise ones as one loop", () => {
    const src = kernel("mul").source;
    expect(src.startsWith("// mul as real equations, in order")).toBe(true);
    // The product's parts in one loop storing both, then the interleaving select (its mask is a loop of its own).
    expect(src.match(/function elementwise\(|\/\/ elementwise: run by the kernel IR evaluator/g)?.length).toBe(3);
    expect(src).toMatch(/out0\[o\] = t\d+;\nout1\[o\] = t\d+;/);
  });

  it("leaves its operands unchanged and returns fresh interleaved storage", () => {
    const a = Float32Array.from({ length: 2000 }, (_, i) => (i % 7) - 3);
    const b = Float32Array.from({ length: 2000 }, (_, i) => (i % 5) - 2);
    const [a0, b0] = [a.slice(), b.slice()];
    const [out] = kernel("mul").run(a, b);
    expect(out).toBeInstanceOf(Float32Array);
    expect(out!.length).toBe(2000);
    expect(a).toEqual(a0);
    expect(b).toEqual(b0);
    // (a0 + a1 i)(b0 + b1 i) at element 3
    expect([out![6], out![7]]).toEqual([a[6]! * b[6]! - a[7]! * b[7]!, a[6]! * b[7]! + a[7]! * b[6]!]);
  });
});
