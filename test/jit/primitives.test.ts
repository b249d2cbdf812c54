// jit equals eager on every catalogue primitive: jit(f)(args) must give the same shape, dtype, weak
// type and bits as calling f eagerly (float32 transcendental functions may differ by 1 ulp, as a
// fused loop may evaluate them differently). Inputs include special values (NaN, ±Inf, ±0, integer
// extremes), broadcasting, weak-typed JS numbers, rank 0, size 0 and non-contiguous arrays (views
// made by transposes and slices) passed as jit inputs. Then composed programs and the algebraic
// identities a simplifier must not apply to IEEE floats.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jit, jvp, vjp, makeJaxpr } from "../../src/index.js";
import type { Array, DType } from "../../src/index.js";
import { COLLECTIVE_PRIMITIVES, SHAPE_RULES } from "../../jaxpr/index.js";
import type { GatherDimensionNumbers, PrimitiveName, ScatterDimensionNumbers } from "../../jaxpr/index.js";
import { mulberry32 } from "../util/random.js";
import * as matrixHelpers from "../../src/lax/matrixHelpers.js";

// ------------------------------------------------------------------------------------------------
// Inputs

const rand = mulberry32(77);
const TYPED = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint32: Uint32Array, bool: Uint8Array, complex64: Float32Array, complex128: Float64Array, int8: Int8Array, int16: Int16Array, uint8: Uint8Array, uint16: Uint16Array, int2: Int8Array, int4: Int8Array, uint2: Uint8Array, uint4: Uint8Array, float16: Float32Array, bfloat16: Float32Array, float8_e4m3fn: Float32Array, float8_e4m3fnuz: Float32Array, float8_e5m2: Float32Array, float8_e5m2fnuz: Float32Array } as const;
const FLOAT_SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -0.5, 2.5, -2.5, 1e-30, 3e38];
const INT_SPECIALS = [0, 1, -1, 2147483647, -2147483648, 7, -7];
const UINT_SPECIALS = [0, 1, 4294967295, 2147483648, 7];

/**
 * A random array: floats uniform in [lo, hi), integers in [lo, hi], bools fair. With `specials`,
 * the first elements are the dtype's special values (as many as fit).
 */
function gen(shape: readonly number[], dtype: DType = "float32", opts: { lo?: number; hi?: number; specials?: boolean } = {}): Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new TYPED[dtype](n);
  const sp = !opts.specials ? [] : dtype === "float32" || dtype === "float64" ? FLOAT_SPECIALS : dtype === "int32" ? INT_SPECIALS : dtype === "uint32" ? UINT_SPECIALS : [];
  for (let i = 0; i < n; i++) {
    if (i < sp.length) data[i] = sp[i]!;
    else if (dtype === "bool") data[i] = rand() < 0.5 ? 1 : 0;
    else if (dtype === "float32" || dtype === "float64") data[i] = (opts.lo ?? -3) + ((opts.hi ?? 3) - (opts.lo ?? -3)) * rand();
    else {
      const l = opts.lo ?? (dtype === "uint32" ? 0 : -9);
      const h = opts.hi ?? 9;
      data[i] = l + Math.floor((h - l + 1) * rand());
    }
  }
  return np.array(data, { shape: [...shape], dtype });
}

// ------------------------------------------------------------------------------------------------
// Comparison

const f32Bits = new Uint32Array(1);
const f32View = new Float32Array(f32Bits.buffer);
/** Distance in units in the last place between two float32 values (NaNs equal, +0 ≠ -0). */
function ulpsF32(a: number, b: number): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  if (Object.is(a, b)) return 0;
  const ord = (v: number): number => {
    f32View[0] = v;
    const u = f32Bits[0]!;
    return u & 0x80000000 ? -(u & 0x7fffffff) - 1 : u;
  };
  return Math.abs(ord(a) - ord(b));
}

type Out = Array | Array[];
const asList = (o: Out): Array[] => (globalThis.Array.isArray(o) ? o : [o]);

/**
 * jit(f)(...args) against f(...args): shape, dtype, weak type, and bits (or `ulps` for float32).
 * `atol` additionally accepts float32 differences up to atol * max(1, |eager|): fused chains keep
 * float64 intermediates, so where eager's per-op rounding cancels the two differ by more ulps.
 */
function expectJitMatches(f: (...xs: never[]) => Out, args: readonly unknown[], what: string, ulps = 0, atol = 0): void {
  const call = f as unknown as (...xs: unknown[]) => Out;
  const eager = asList(call(...args));
  const jitted = asList((jit(call) as unknown as (...xs: unknown[]) => Out)(...args));
  expect(jitted.length, `${what}: output count`).toBe(eager.length);
  eager.forEach((e, k) => {
    const j = jitted[k]!;
    const w = `${what}, output ${k}`;
    expect(j.shape, `${w}: shape`).toEqual(e.shape);
    expect(j.dtype, `${w}: dtype`).toBe(e.dtype);
    expect(j.weakType, `${w}: weak type`).toBe(e.weakType);
    const a = j.dataSync();
    const b = e.dataSync();
    for (let i = 0; i < b.length; i++) {
      const x = Number(a[i]);
      const y = Number(b[i]);
      const same = Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
      if (same) continue;
      const d = e.dtype === "float32" ? ulpsF32(x, y) : Infinity;
      if (e.dtype === "float32" && Math.abs(x - y) <= atol * Math.max(1, Math.abs(y))) continue;
      if (d > ulps) throw new Error(`${w}: element ${i}: jit gave ${Object.is(x, -0) ? "-0" : x}, eager ${Object.is(y, -0) ? "-0" : y}\n  jit   ${[...a].join(", ")}\n  eager ${[...b].join(", ")}`);
    }
  });
}

/** The primitives a traced function binds (top level). */
function primitivesOf(f: (...xs: never[]) => Out, args: readonly unknown[]): Set<string> {
  const closed = (makeJaxpr(f as unknown as (...xs: unknown[]) => Out) as unknown as (...xs: unknown[]) => { jaxpr: { eqns: { primitive: string }[] } })(...args);
  return new Set(closed.jaxpr.eqns.map((e) => e.primitive));
}

// ------------------------------------------------------------------------------------------------
// Cases

type Fn = (...xs: Array[]) => Out;
interface Case {
  prim: PrimitiveName;
  name: string;
  f: Fn;
  args: () => unknown[];
  ulps?: number;
}

const covered = new Set<string>();
function rows(cases: readonly Case[]): [string, Case][] {
  return cases.map((c) => {
    covered.add(c.prim);
    return [c.name, c];
  });
}
function runCase(_name: string, c: Case): void {
  const args = c.args();
  // The case must really exercise its primitive.
  expect(primitivesOf(c.f as never, args), `${c.name} binds ${c.prim}`).toContain(c.prim);
  expectJitMatches(c.f as never, args, c.name, c.ulps ?? 0);
}

// Call, effect and control-flow primitives: tested through the transforms, not as plain ops.
// pjit (nested jit), custom_jvp_call / custom_vjp_call / checkpoint / custom_lin (custom rules
// and remat inside jit under grad): test/jit/composition.test.ts; debug_callback:
// test/jit/debug.test.ts. Control flow (cond, while, scan and any other lax control-flow
// primitive): test/control. name (checkpoint_name): test/ad/checkpointPolicies.test.ts;
// pure_callback: test/jit/pureCallback.test.ts.
const EXCLUDED = new Set<string>([
  "pjit", "custom_jvp_call", "custom_vjp_call", "checkpoint", "custom_lin", "debug_callback", "cond", "while", "scan", "custom_linear_solve", "name", "pure_callback",
  // Named-axis collectives never reach a compiled program bound (their axis's vmap rewrites them;
  // unbound, lowering raises NameError): test/vmap/collectives.test.ts runs each under jit outside
  // and inside the vmap, twice.
  ...COLLECTIVE_PRIMITIVES,
]);

const TRANSCENDENTAL = new Set([
  "exp", "exp2", "log", "log1p", "expm1", "tanh", "logistic", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
  "asinh", "acosh", "atanh", "rsqrt", "cbrt", "erf", "pow", "atan2", "logaddexp",
]);

const UNARY: [PrimitiveName, (x: Array) => Array, DType[]][] = [
  ["neg", lax.neg, ["float32", "float64", "int32", "uint32"]],
  ["sign", lax.sign, ["float32", "float64", "int32", "uint32"]],
  ["floor", lax.floor, ["float32", "float64"]],
  ["ceil", lax.ceil, ["float32", "float64"]],
  ["round", (x) => lax.round(x, 0), ["float32", "float64"]],
  ["round", (x) => lax.round(x, 1), ["float32"]],
  ["reduce_precision", (x) => lax.reducePrecision(x, 8, 7), ["float32", "float64"]],
  ["reduce_precision", (x) => lax.reducePrecision(x, 5, 10), ["float32", "float64"]],
  ["is_finite", lax.isFinite, ["float32", "float64"]],
  ["exp", lax.exp, ["float32", "float64"]],
  ["exp2", lax.exp2, ["float32", "float64"]],
  ["log", lax.log, ["float32", "float64"]],
  ["log1p", lax.log1p, ["float32", "float64"]],
  ["expm1", lax.expm1, ["float32", "float64"]],
  ["tanh", lax.tanh, ["float32", "float64"]],
  ["logistic", lax.logistic, ["float32", "float64"]],
  ["sin", lax.sin, ["float32", "float64"]],
  ["cos", lax.cos, ["float32", "float64"]],
  ["tan", lax.tan, ["float32", "float64"]],
  ["asin", lax.asin, ["float32", "float64"]],
  ["acos", lax.acos, ["float32", "float64"]],
  ["atan", lax.atan, ["float32", "float64"]],
  ["sinh", lax.sinh, ["float32", "float64"]],
  ["cosh", lax.cosh, ["float32", "float64"]],
  ["asinh", lax.asinh, ["float32", "float64"]],
  ["acosh", lax.acosh, ["float32", "float64"]],
  ["atanh", lax.atanh, ["float32", "float64"]],
  ["sqrt", lax.sqrt, ["float32", "float64"]],
  ["rsqrt", lax.rsqrt, ["float32", "float64"]],
  ["cbrt", lax.cbrt, ["float32", "float64"]],
  ["abs", lax.abs, ["float32", "float64", "int32"]],
  ["erf", lax.erf, ["float32", "float64"]],
  ["not", lax.bitwiseNot, ["bool", "int32", "uint32"]],
  ["square", lax.square, ["float32", "float64", "int32", "uint32"]],
  ["integer_pow", (x) => lax.integerPow(x, 3), ["float32", "float64", "int32"]],
  ["integer_pow", (x) => lax.integerPow(x, -2), ["float32", "float64"]],
  ["integer_pow", (x) => lax.integerPow(x, 0), ["float32", "int32"]],
  ["stop_gradient", lax.stopGradient, ["float32", "int32", "bool"]],
];

describe("unary elementwise: jit equals eager", () => {
  const cases: Case[] = UNARY.flatMap(([prim, fn, dtypes]) =>
    dtypes.flatMap((dt): Case[] => {
      const ulps = dt === "float32" && TRANSCENDENTAL.has(prim) ? 1 : 0;
      return [
        { prim, name: `${prim} ${dt} [4,5] with specials`, f: fn, args: () => [gen([4, 5], dt, { specials: true })], ulps },
        { prim, name: `${prim} ${dt} rank 0`, f: fn, args: () => [gen([], dt)], ulps },
        { prim, name: `${prim} ${dt} size 0 [0,3]`, f: fn, args: () => [gen([0, 3], dt)], ulps },
      ];
    }),
  );
  // Names repeat for round/integer_pow variants; vitest allows that, the index keeps them apart.
  it.each(rows(cases).map(([n, c], i) => [`${n} #${i}`, c] as [string, Case]))("%s", runCase);
});

const BINARY: [PrimitiveName, (x: Array, y: Array) => Array, DType[], { lo?: number; hi?: number }?][] = [
  ["add", lax.add, ["float32", "float64", "int32", "uint32"]],
  ["sub", lax.sub, ["float32", "float64", "int32", "uint32"]],
  ["mul", lax.mul, ["float32", "float64", "int32", "uint32"]],
  ["div", lax.div, ["float32", "float64"]],
  ["div", lax.div, ["int32", "uint32"], { lo: 1, hi: 6 }],
  ["rem", lax.rem, ["float32", "float64"]],
  ["rem", lax.rem, ["int32", "uint32"], { lo: 1, hi: 6 }],
  ["pow", lax.pow, ["float32", "float64"]],
  ["max", lax.max, ["float32", "float64", "int32", "uint32", "bool"]],
  ["min", lax.min, ["float32", "float64", "int32", "uint32", "bool"]],
  ["atan2", lax.atan2, ["float32", "float64"]],
  ["logaddexp", lax.logaddexp, ["float32", "float64"]],
  ["and", lax.bitwiseAnd, ["bool", "int32", "uint32"]],
  ["or", lax.bitwiseOr, ["bool", "int32", "uint32"]],
  ["xor", lax.bitwiseXor, ["bool", "int32", "uint32"]],
  ["shift_left", lax.shiftLeft, ["int32", "uint32"], { lo: 0, hi: 40 }],
  ["shift_right_logical", lax.shiftRightLogical, ["int32", "uint32"], { lo: 0, hi: 40 }],
  ["shift_right_arithmetic", lax.shiftRightArithmetic, ["int32", "uint32"], { lo: 0, hi: 40 }],
  ["eq", lax.eq, ["float32", "float64", "int32", "uint32", "bool"]],
  ["ne", lax.ne, ["float32", "int32", "bool"]],
  ["lt", lax.lt, ["float32", "float64", "int32", "uint32"]],
  ["le", lax.le, ["float32", "int32"]],
  ["gt", lax.gt, ["float64", "uint32"]],
  ["ge", lax.ge, ["float32", "int32"]],
];

/** Shape pairs: equal, rank 0 on either side, size-1 broadcasting both ways, size 0. */
const SHAPE_PAIRS: [number[], number[]][] = [
  [[4, 5], [4, 5]],
  [[], [4, 5]],
  [[4, 5], []],
  [[4, 1], [1, 5]],
  [[], []],
  [[0, 5], [1, 5]],
];

describe("binary elementwise: jit equals eager", () => {
  const cases: Case[] = BINARY.flatMap(([prim, fn, dtypes, rhs]) =>
    dtypes.flatMap((dt) => {
      const ulps = dt === "float32" && TRANSCENDENTAL.has(prim) ? 1 : 0;
      // lax ops broadcast only rank-0 operands (as JAX's lax does); others go through np-style broadcasting.
      const f = (x: Array, y: Array): Array => {
        const shape = np.broadcastShapes(x.shape, y.shape);
        const b = (a: Array): Array => (a.ndim === 0 || a.shape.join() === shape.join() ? a : np.broadcastTo(a, shape));
        return fn(b(x), b(y));
      };
      const pairs = SHAPE_PAIRS.map(
        ([sx, sy]): Case => ({
          prim,
          name: `${prim} ${dt} ${JSON.stringify(sx)} ${JSON.stringify(sy)}${rhs ? ` rhs in [${rhs.lo}, ${rhs.hi}]` : ""}`,
          f,
          args: () => [gen(sx, dt, { specials: !rhs }), gen(sy, dt, { ...rhs, specials: !rhs && sy.length > 0 && sx.length === 0 })],
          ulps,
        }),
      );
      // Every special against every special: a [n,1] x [1,n] grid.
      const specials = dt === "bool" ? [] : dt.startsWith("float") ? FLOAT_SPECIALS : dt === "int32" ? INT_SPECIALS : UINT_SPECIALS;
      if (specials.length > 0 && !rhs) {
        const col = np.array(new TYPED[dt](specials), { shape: [specials.length, 1], dtype: dt });
        const row = np.array(new TYPED[dt](specials), { shape: [1, specials.length], dtype: dt });
        pairs.push({ prim, name: `${prim} ${dt} specials x specials`, f, args: () => [col, row], ulps });
      }
      return pairs;
    }),
  );
  it.each(rows(cases))("%s", runCase);
});

describe("weak-typed scalars and JS numbers as jit arguments", () => {
  const cases: Case[] = [
    { prim: "add", name: "f32 array + JS int", f: (x, s) => np.add(x, s), args: () => [gen([3], "float32"), 2] },
    { prim: "mul", name: "f32 array * JS float", f: (x, s) => np.multiply(x, s), args: () => [gen([3], "float32"), 0.1] },
    // A JS float jit argument is a weak float32 array (as a Python float under jax.jit without
    // x64): its value is rounded to float32 before it meets the float64 array. Eager ops inline
    // the literal at the array's dtype; a float32-exact value makes the two agree.
    { prim: "mul", name: "f64 array * JS float keeps float64", f: (x, s) => np.multiply(x, s), args: () => [gen([3], "float64"), Math.fround(0.1)] },
    // A JS number passed to jit is a weak float32 (issue 19 item 9), so an int32 array meets an int32 scalar array here.
    { prim: "add", name: "int32 array + int32 scalar", f: (x, s) => np.add(x, s), args: () => [gen([3], "int32"), np.array(5, { dtype: "int32" })] },
    { prim: "sub", name: "uint32 array - uint32 scalar", f: (x, s) => np.subtract(x, s), args: () => [gen([3], "uint32"), np.array(3, { dtype: "uint32" })] },
    { prim: "mul", name: "int32 array * JS float promotes to float32", f: (x, s) => np.multiply(x, s), args: () => [gen([3], "int32"), 1.5] },
    { prim: "div", name: "JS number / JS number (both weak)", f: (a, b) => np.divide(a, b), args: () => [1, 3] },
    { prim: "add", name: "JS number + JS number stays weak", f: (a, b) => np.add(a, b), args: () => [1.5, 2] },
    { prim: "and", name: "bool array & JS boolean", f: (x, s) => np.logicalAnd(x, s), args: () => [gen([4], "bool"), true] },
    { prim: "max", name: "weak f32 scalar array vs f32", f: (x, s) => np.maximum(x, s), args: () => [gen([3], "float32"), np.array(0.5)] },
    { prim: "exp", name: "exp of a JS number", f: (a) => np.exp(a), args: () => [1], ulps: 1 },
    { prim: "lt", name: "f32 < JS int", f: (x, s) => np.less(x, s), args: () => [gen([4], "float32"), 0] },
  ];
  it.each(rows(cases))("%s", runCase);
});

describe("select_n, clamp, convert_element_type, bitcast_convert_type: jit equals eager", () => {
  const convertPairs: [DType, DType][] = [
    ["float32", "int32"], ["float32", "uint32"], ["float32", "bool"], ["float32", "float64"], ["float64", "float32"],
    ["int32", "float32"], ["int32", "uint32"], ["int32", "bool"], ["uint32", "int32"], ["uint32", "float64"],
    ["bool", "float32"], ["bool", "int32"],
  ];
  const cases: Case[] = [
    { prim: "regularized_incomplete_beta", name: "betainc f64", f: (a, b, x) => lax.betainc(a!, b!, x!), args: () => [gen([4, 5], "float64", { lo: 0.1, hi: 9 }), gen([4, 5], "float64", { lo: 0.1, hi: 9 }), gen([4, 5], "float64", { lo: 0, hi: 1 })] },
    { prim: "regularized_incomplete_beta", name: "betainc f32, rank-0 a and b", f: (a, b, x) => lax.betainc(a!, b!, x!), args: () => [gen([], "float32", { lo: 0.5, hi: 3 }), gen([], "float32", { lo: 0.5, hi: 3 }), gen([4, 5], "float32", { lo: -0.2, hi: 1.2 })] },
    { prim: "select_n", name: "select bool which", f: (w, a, b) => lax.select(w!, a!, b!), args: () => [gen([4, 5], "bool"), gen([4, 5], "float32", { specials: true }), gen([4, 5])] },
    { prim: "select_n", name: "select scalar which", f: (w, a, b) => lax.select(w!, a!, b!), args: () => [gen([], "bool"), gen([4, 5], "int32"), gen([4, 5], "int32")] },
    { prim: "select_n", name: "select_n int32 which, 3 cases", f: (w, a, b, c) => lax.selectN(w!, a!, b!, c!), args: () => [gen([4, 5], "int32", { lo: 0, hi: 2 }), gen([4, 5]), gen([4, 5]), gen([4, 5])] },
    { prim: "select_n", name: "select_n bool cases", f: (w, a, b) => lax.selectN(w!, a!, b!), args: () => [gen([3], "bool"), gen([3], "bool"), gen([3], "bool")] },
    { prim: "complex", name: "complex parts (complex)", f: (a, b) => lax.add(lax.real(lax.mul(lax.conj(lax.complex(a!, b!)), lax.complex(b!, a!))), lax.imag(lax.mul(lax.complex(a!, b!), lax.complex(a!, b!)))), args: () => [gen([4, 5], "float64"), gen([4, 5], "float64")] },
    { prim: "real", name: "complex parts (real)", f: (a, b) => lax.add(lax.real(lax.mul(lax.conj(lax.complex(a!, b!)), lax.complex(b!, a!))), lax.imag(lax.mul(lax.complex(a!, b!), lax.complex(a!, b!)))), args: () => [gen([4, 5], "float64"), gen([4, 5], "float64")] },
    { prim: "imag", name: "complex parts (imag)", f: (a, b) => lax.add(lax.real(lax.mul(lax.conj(lax.complex(a!, b!)), lax.complex(b!, a!))), lax.imag(lax.mul(lax.complex(a!, b!), lax.complex(a!, b!)))), args: () => [gen([4, 5], "float64"), gen([4, 5], "float64")] },
    { prim: "conj", name: "complex parts (conj)", f: (a, b) => lax.add(lax.real(lax.mul(lax.conj(lax.complex(a!, b!)), lax.complex(b!, a!))), lax.imag(lax.mul(lax.complex(a!, b!), lax.complex(a!, b!)))), args: () => [gen([4, 5], "float64"), gen([4, 5], "float64")] },
    { prim: "select_n", name: "np.where with JS numbers", f: (w) => np.where(w!, 1, -1), args: () => [gen([2, 3], "bool")] },
    { prim: "clamp", name: "clamp f32 scalar bounds", f: (lo, x, hi) => lax.clamp(lo!, x!, hi!), args: () => [np.array(-1, { dtype: "float32" }), gen([4, 5], "float32", { specials: true }), np.array(1, { dtype: "float32" })] },
    { prim: "clamp", name: "clamp int32 array bounds", f: (lo, x, hi) => lax.clamp(lo!, x!, hi!), args: () => [gen([4, 5], "int32", { lo: -5, hi: 0 }), gen([4, 5], "int32", { specials: true }), gen([4, 5], "int32", { lo: 0, hi: 5 })] },
    { prim: "clamp", name: "clamp f64 rank 0", f: (lo, x, hi) => lax.clamp(lo!, x!, hi!), args: () => [gen([], "float64", { lo: -1, hi: 0 }), gen([], "float64"), gen([], "float64", { lo: 0, hi: 1 })] },
    ...convertPairs.map(
      ([from, to]): Case => ({ prim: "convert_element_type", name: `convert ${from} -> ${to} with specials`, f: (x) => lax.convertElementType(x!, to), args: () => [gen([4, 5], from, { specials: true })] }),
    ),
    { prim: "convert_element_type", name: "convert to a weak type", f: (x) => lax.convertElementType(x!, "float32", true), args: () => [gen([3], "int32")] },
    { prim: "convert_element_type", name: "astype on size 0", f: (x) => x!.astype("int32"), args: () => [gen([0], "float32")] },
    ...(
      [
        ["float32", "uint32"], ["float32", "int32"], ["int32", "float32"], ["uint32", "float32"], ["int32", "uint32"],
      ] as [DType, DType][]
    ).map((([from, to]): Case => ({ prim: "bitcast_convert_type", name: `bitcast ${from} -> ${to}`, f: (x) => lax.bitcastConvertType(x!, to), args: () => [gen([4, 5], from, { specials: true })] }))),
  ];
  it.each(rows(cases))("%s", runCase);
});

describe("structural: jit equals eager", () => {
  const one = (prim: PrimitiveName, name: string, f: (x: Array) => Array, shape: number[], dtype: DType = "float32"): Case => ({ prim, name: `${name} ${dtype}`, f: f as Fn, args: () => [gen(shape, dtype, { specials: true })] });
  const cases: Case[] = [
    one("broadcast_in_dim", "[3] -> [2,3]", (x) => lax.broadcastInDim(x, [2, 3], [1]), [3]),
    one("broadcast_in_dim", "[2,1] -> [2,4,3]", (x) => lax.broadcastInDim(x, [2, 4, 3], [0, 2]), [2, 1], "int32"),
    one("broadcast_in_dim", "[] -> [2,3]", (x) => lax.broadcastInDim(x, [2, 3], []), [], "bool"),
    one("broadcast_in_dim", "[3] -> [0,3]", (x) => lax.broadcastInDim(x, [0, 3], [1]), [3]),
    one("reshape", "[2,3] -> [3,1,2]", (x) => lax.reshape(x, [3, 1, 2]), [2, 3], "uint32"),
    one("reshape", "[] -> [1,1]", (x) => lax.reshape(x, [1, 1]), [], "float64"),
    one("reshape", "[0,4] -> [2,0]", (x) => lax.reshape(x, [2, 0]), [0, 4]),
    one("transpose", "[2,3,4] perm [2,0,1]", (x) => lax.transpose(x, [2, 0, 1]), [2, 3, 4]),
    one("transpose", "[3,5] perm [1,0]", (x) => lax.transpose(x, [1, 0]), [3, 5], "int32"),
    one("transpose", "[2,0,3] perm [2,1,0]", (x) => lax.transpose(x, [2, 1, 0]), [2, 0, 3], "bool"),
    one("squeeze", "[2,1,3,1] dims [1,3]", (x) => lax.squeeze(x, [1, 3]), [2, 1, 3, 1]),
    one("squeeze", "[1] dims [0]", (x) => lax.squeeze(x, [0]), [1], "int32"),
    one("expand_dims", "[2,3] dims [0,3]", (x) => lax.expandDims(x, [0, 3]), [2, 3]),
    one("expand_dims", "[] dims [0]", (x) => lax.expandDims(x, [0]), [], "bool"),
    one("rev", "[4,5] dims [0,1]", (x) => lax.rev(x, [0, 1]), [4, 5]),
    one("rev", "[6] dims [0]", (x) => lax.rev(x, [0]), [6], "uint32"),
    one("rev", "[0] dims [0]", (x) => lax.rev(x, [0]), [0]),
    one("slice", "[4,5] [1:3, 0:5]", (x) => lax.slice(x, [1, 0], [3, 5]), [4, 5]),
    one("slice", "[4,5] strided", (x) => lax.slice(x, [0, 1], [4, 5], [3, 2]), [4, 5], "int32"),
    one("slice", "[6] empty", (x) => lax.slice(x, [2], [2]), [6], "bool"),
    { prim: "pad", name: "pad low/high/interior f32", f: (x, v) => lax.pad(x!, v!, [[1, 0, 0], [0, 2, 1]]), args: () => [gen([2, 3]), gen([])] },
    { prim: "pad", name: "pad negative int32", f: (x, v) => lax.pad(x!, v!, [[-1, 1, 0], [1, -2, 2]]), args: () => [gen([2, 3], "int32"), gen([], "int32")] },
    { prim: "pad", name: "pad with a JS number", f: (x) => lax.pad(x!, 0, [[2, 1, 1]]), args: () => [gen([3], "float64")] },
    { prim: "pad", name: "pad size 0", f: (x, v) => lax.pad(x!, v!, [[1, 1, 0]]), args: () => [gen([0]), gen([])] },
    { prim: "concatenate", name: "concatenate 3 operands along 1", f: (a, b, c) => lax.concatenate([a!, b!, c!], 1), args: () => [gen([2, 1]), gen([2, 3]), gen([2, 2])] },
    { prim: "concatenate", name: "concatenate bool along 0 with size 0", f: (a, b) => lax.concatenate([a!, b!], 0), args: () => [gen([0, 3], "bool"), gen([2, 3], "bool")] },
    {
      prim: "iota",
      name: "iota int32 and float32 (no inputs but a shape)",
      f: (x) => [lax.add(x!, lax.broadcastedIota("int32", [2, 3], 1)), lax.iota("float32", 5)],
      args: () => [gen([2, 3], "int32")],
    },
    { prim: "iota", name: "iota as the only computation", f: () => lax.broadcastedIota("uint32", [3, 4], 0), args: () => [] },
  ];
  it.each(rows(cases))("%s", runCase);
});

describe("reductions, argmax/argmin, cumulative, sort: jit equals eager", () => {
  const REDUCE: [PrimitiveName, (x: Array, axes: number[]) => Array, DType[]][] = [
    ["reduce_sum", lax.reduceSum, ["float32", "float64", "int32", "uint32"]],
    ["reduce_max", lax.reduceMax, ["float32", "int32", "uint32", "bool"]],
    ["reduce_min", lax.reduceMin, ["float64", "int32", "bool"]],
    ["reduce_prod", lax.reduceProd, ["float32", "int32"]],
    ["reduce_and", lax.reduceAnd, ["bool", "int32", "uint32"]],
    ["reduce_or", lax.reduceOr, ["bool", "int32"]],
  ];
  const CUM: [PrimitiveName, (x: Array, axis: number, reverse: boolean) => Array, DType[]][] = [
    ["cumsum", lax.cumsum, ["float32", "int32"]],
    ["cumprod", lax.cumprod, ["float64", "int32"]],
    ["cummax", lax.cummax, ["float32", "uint32"]],
    ["cummin", lax.cummin, ["float64", "int32"]],
  ];
  const cases: Case[] = [
    ...REDUCE.flatMap(([prim, fn, dts]) =>
      dts.flatMap((dt): Case[] => [
        ...[[0], [1, 2], [0, 1, 2], []].map((axes): Case => ({ prim, name: `${prim} ${dt} [3,4,5] axes ${JSON.stringify(axes)}`, f: (x) => fn(x!, axes), args: () => [gen([3, 4, 5], dt, { specials: true })] })),
        { prim, name: `${prim} ${dt} [0,3] axes [0] (identity element)`, f: (x) => fn(x!, [0]), args: () => [gen([0, 3], dt)] },
        { prim, name: `${prim} ${dt} rank 0 axes []`, f: (x) => fn(x!, []), args: () => [gen([], dt)] },
      ]),
    ),
    // Long float32 sums: the accumulation order and precision must not change under jit.
    { prim: "reduce_sum", name: "reduce_sum float32 of 10000 values", f: (x) => lax.reduceSum(x!, [0]), args: () => [gen([10000], "float32")] },
    ...(["argmax", "argmin"] as const).flatMap((prim) =>
      (["float32", "int32", "uint32"] as DType[]).flatMap((dt) =>
        [0, 1].map(
          (axis): Case => ({
            prim,
            name: `${prim} ${dt} axis ${axis} (ties and specials)`,
            f: (x) => (prim === "argmax" ? lax.argmax : lax.argmin)(x!, axis, "int32"),
            args: () => [gen([4, 5], dt, { lo: -2, hi: 2, specials: true })],
          }),
        ),
      ),
    ),
    { prim: "argmax", name: "np.argmax of bool", f: (x) => np.argmax(x!), args: () => [gen([7], "bool")] },
    ...CUM.flatMap(([prim, fn, dts]) =>
      dts.flatMap((dt) =>
        [
          [0, false],
          [1, true],
        ].map(([axis, reverse]): Case => ({ prim, name: `${prim} ${dt} axis ${axis} reverse ${reverse}`, f: (x) => fn(x!, axis as number, reverse as boolean), args: () => [gen([4, 5], dt, { lo: -2, hi: 2, specials: true })] })),
      ),
    ),
    { prim: "cumsum", name: "cumsum size 0", f: (x) => lax.cumsum(x!, 0, false), args: () => [gen([0], "float32")] },
    ...[0, 1].map((dimension): Case => ({ prim: "sort", name: `sort f32 with NaN/±0/±Inf dimension ${dimension}`, f: (x) => lax.sort(x!, { dimension }), args: () => [gen([4, 5], "float32", { specials: true })] })),
    { prim: "sort", name: "sort key/value int keys with ties", f: (k, v) => lax.sort([k!, v!], { dimension: 1, numKeys: 1 }), args: () => [gen([3, 6], "int32", { lo: 0, hi: 2 }), gen([3, 6])] },
    { prim: "sort", name: "sort two keys uint32/bool", f: (k1, k2, v) => lax.sort([k1!, k2!, v!], { dimension: 0, numKeys: 2 }), args: () => [gen([6], "uint32", { lo: 0, hi: 1 }), gen([6], "bool"), gen([6], "float64")] },
    { prim: "sort", name: "np.sort size 0", f: (x) => np.sort(x!), args: () => [gen([0], "int32")] },
  ];
  it.each(rows(cases))("%s", runCase);
});

describe("dot_general: jit equals eager", () => {
  const dg = (dn: Parameters<typeof lax.dotGeneral>[2], pref: DType | null = null) => ((a: Array, b: Array) => lax.dotGeneral(a, b, dn, pref)) as Fn;
  const cases: Case[] = [
    { prim: "dot_general", name: "matmul f32", f: dg([[[1], [0]], [[], []]]), args: () => [gen([3, 7]), gen([7, 4])] },
    { prim: "dot_general", name: "matmul f32 with NaN/Inf", f: dg([[[1], [0]], [[], []]]), args: () => [gen([3, 13], "float32", { specials: true }), gen([13, 2])] },
    { prim: "dot_general", name: "matmul f64", f: dg([[[1], [0]], [[], []]]), args: () => [gen([5, 6], "float64"), gen([6, 3], "float64")] },
    { prim: "dot_general", name: "matmul int32 (wrapping)", f: dg([[[1], [0]], [[], []]]), args: () => [gen([3, 4], "int32", { specials: true }), gen([4, 2], "int32")] },
    { prim: "dot_general", name: "matmul uint32", f: dg([[[1], [0]], [[], []]]), args: () => [gen([3, 4], "uint32"), gen([4, 2], "uint32")] },
    { prim: "dot_general", name: "batched matmul", f: dg([[[2], [1]], [[0], [0]]]), args: () => [gen([2, 3, 4]), gen([2, 4, 5])] },
    { prim: "dot_general", name: "contract first dims", f: dg([[[0], [0]], [[], []]]), args: () => [gen([3, 2]), gen([3, 4])] },
    { prim: "dot_general", name: "two contracting dims", f: dg([[[0, 2], [1, 0]], [[], []]]), args: () => [gen([2, 3, 4]), gen([4, 2, 5])] },
    { prim: "dot_general", name: "vector dot", f: dg([[[0], [0]], [[], []]]), args: () => [gen([9]), gen([9])] },
    { prim: "dot_general", name: "outer product", f: dg([[[], []], [[], []]]), args: () => [gen([3]), gen([2])] },
    { prim: "dot_general", name: "empty contraction gives zeros", f: dg([[[1], [0]], [[], []]]), args: () => [gen([3, 0]), gen([0, 2])] },
    { prim: "dot_general", name: "preferred float64 from float32", f: dg([[[1], [0]], [[], []]], "float64"), args: () => [gen([2, 3]), gen([3, 2])] },
    { prim: "dot_general", name: "np.matmul of a matrix and a vector", f: (a, b) => np.matmul(a!, b!), args: () => [gen([4, 3]), gen([3])] },
  ];
  it.each(rows(cases))("%s", runCase);
});

describe("conv_general_dilated: jit equals eager", () => {
  const cv = (strides: number[], padding: string | [number, number][], o: lax.ConvGeneralDilatedOptions = {}) => ((a: Array, b: Array) => lax.convGeneralDilated(a, b, strides, padding, o)) as Fn;
  const cases: Case[] = [
    { prim: "conv_general_dilated", name: "NCHW SAME f32", f: cv([1, 1], "SAME"), args: () => [gen([2, 3, 6, 5]), gen([4, 3, 3, 3])] },
    { prim: "conv_general_dilated", name: "NHWC strided f64", f: cv([2, 2], "VALID", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }), args: () => [gen([2, 7, 6, 3], "float64"), gen([3, 2, 3, 5], "float64")] },
    { prim: "conv_general_dilated", name: "NHWC 64 channels (the GEMM path)", f: cv([1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }), args: () => [gen([1, 9, 8, 16]), gen([3, 3, 16, 32])] },
    { prim: "conv_general_dilated", name: "depthwise NHWC", f: cv([1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"], featureGroupCount: 8 }), args: () => [gen([2, 7, 6, 8]), gen([3, 3, 1, 8])] },
    { prim: "conv_general_dilated", name: "dilations and batch groups", f: cv([1], [[1, 2]], { lhsDilation: [2], rhsDilation: [2], batchGroupCount: 2 }), args: () => [gen([4, 2, 5]), gen([4, 2, 2])] },
    { prim: "conv_general_dilated", name: "int32", f: cv([1], "SAME"), args: () => [gen([2, 3, 5], "int32"), gen([2, 3, 2], "int32")] },
    { prim: "conv_general_dilated", name: "3-D feature groups", f: cv([1, 2, 1], "SAME_LOWER", { featureGroupCount: 2 }), args: () => [gen([1, 4, 3, 4, 3]), gen([2, 2, 2, 2, 2])] },
  ];
  it.each(rows(cases))("%s", runCase);
});

describe("dynamic_slice, dynamic_update_slice, gather, scatter: jit equals eager", () => {
  const gdn = (p: Partial<GatherDimensionNumbers>): GatherDimensionNumbers => ({ offsetDims: [], collapsedSliceDims: [], startIndexMap: [], operandBatchingDims: [], startIndicesBatchingDims: [], ...p });
  const sdn = (p: Partial<ScatterDimensionNumbers>): ScatterDimensionNumbers => ({
    updateWindowDims: [],
    insertedWindowDims: [],
    scatterDimsToOperandDims: [],
    operandBatchingDims: [],
    scatterIndicesBatchingDims: [],
    ...p,
  });
  const rowsDn = gdn({ offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] });
  const windowsDn = gdn({ offsetDims: [1, 2], startIndexMap: [0, 1] });
  const batchingDn = gdn({ offsetDims: [2], collapsedSliceDims: [1], startIndexMap: [1], operandBatchingDims: [0], startIndicesBatchingDims: [0] });
  const rowsS = sdn({ updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] });
  const batchingS = sdn({ insertedWindowDims: [1], scatterDimsToOperandDims: [1], operandBatchingDims: [0], scatterIndicesBatchingDims: [0] });
  const SCAT: [PrimitiveName, typeof lax.scatter, DType[]][] = [
    ["scatter", lax.scatter, ["float32", "bool", "int32"]],
    ["scatter-add", lax.scatterAdd, ["float32", "int32", "uint32"]],
    ["scatter-mul", lax.scatterMul, ["float64", "int32"]],
    ["scatter-min", lax.scatterMin, ["float32", "uint32"]],
    ["scatter-max", lax.scatterMax, ["float32", "int32"]],
  ];
  const cases: Case[] = [
    // Start indices out of range clamp so the slice fits; as traced values they cannot be checked at trace time.
    { prim: "dynamic_slice", name: "dynamic_slice f32, traced out-of-range starts", f: (x, i, j) => lax.dynamicSlice(x!, [i!, j!], [2, 3]), args: () => [gen([5, 6]), np.array(-2, { dtype: "int32" }), np.array(9, { dtype: "int32" })] },
    { prim: "dynamic_slice", name: "dynamic_slice int32, uint32 starts", f: (x, i, j) => lax.dynamicSlice(x!, [i!, j!], [2, 3]), args: () => [gen([5, 6], "int32"), np.array(3, { dtype: "uint32" }), np.array(1, { dtype: "uint32" })] },
    { prim: "dynamic_slice", name: "dynamic_slice with JS number starts", f: (x) => lax.dynamicSlice(x!, [1], [2]), args: () => [gen([5], "bool")] },
    { prim: "dynamic_slice", name: "dynamic_slice rank 0", f: (x) => lax.dynamicSlice(x!, [], []), args: () => [gen([])] },
    { prim: "dynamic_update_slice", name: "dynamic_update_slice f32", f: (x, u, i, j) => lax.dynamicUpdateSlice(x!, u!, [i!, j!]), args: () => [gen([5, 6]), gen([2, 3]), np.array(4, { dtype: "int32" }), np.array(-1, { dtype: "int32" })] },
    { prim: "dynamic_update_slice", name: "dynamic_update_slice uint32", f: (x, u, i) => lax.dynamicUpdateSlice(x!, u!, [i!]), args: () => [gen([5], "uint32"), gen([2], "uint32"), np.array(2, { dtype: "int32" })] },
    ...(["clip", "fill"] as const).flatMap((mode): Case[] => [
      { prim: "gather", name: `gather rows ${mode}`, f: (x, i) => lax.gather(x!, i!, rowsDn, [1, 3], { mode }), args: () => [gen([5, 3], "float32", { specials: true }), gen([4, 1], "int32", { lo: -2, hi: 6 })] },
      { prim: "gather", name: `gather windows ${mode}`, f: (x, i) => lax.gather(x!, i!, windowsDn, [2, 3], { mode }), args: () => [gen([5, 6], "int32"), gen([3, 2], "int32", { lo: -1, hi: 5 })] },
      { prim: "gather", name: `gather with batching dims ${mode}`, f: (x, i) => lax.gather(x!, i!, batchingDn, [1, 1, 3], { mode }), args: () => [gen([2, 5, 3], "bool"), gen([2, 4, 1], "int32", { lo: -1, hi: 5 })] },
    ]),
    { prim: "gather", name: "x.get(int array)", f: (x, i) => x!.get(i!), args: () => [gen([6, 2], "float64"), gen([4], "int32", { lo: -6, hi: 5 })] },
    ...SCAT.flatMap(([prim, fn, dts]) =>
      dts.flatMap((dt): Case[] => [
        // Duplicate and out-of-range indices: duplicates combine in order, "fill" drops out-of-range ones.
        { prim, name: `${prim} ${dt} rows fill`, f: (x, i, u) => fn(x!, i!, u!, rowsS, { mode: "fill" }), args: () => [gen([5, 3], dt, { specials: true }), gen([4, 1], "int32", { lo: -1, hi: 5 }), gen([4, 3], dt)] },
        { prim, name: `${prim} ${dt} rows clip`, f: (x, i, u) => fn(x!, i!, u!, rowsS, { mode: "clip" }), args: () => [gen([5, 3], dt), gen([4, 1], "int32", { lo: -1, hi: 5 }), gen([4, 3], dt)] },
        { prim, name: `${prim} ${dt} with batching dims`, f: (x, i, u) => fn(x!, i!, u!, batchingS), args: () => [gen([2, 5], dt), gen([2, 3, 1], "int32", { lo: 0, hi: 4 }), gen([2, 3], dt)] },
      ]),
    ),
    { prim: "scatter-add", name: "x.at(int array).add", f: (x, i, u) => x!.at(i!).add(u!), args: () => [gen([6], "float32"), gen([5], "int32", { lo: 0, hi: 2 }), gen([5], "float32")] },
  ];
  it.each(rows(cases))("%s", runCase);
});

describe("linear algebra (issue 20): jit equals eager", () => {
  const eye3 = (x: Array): Array => matrixHelpers.eyeLike(x, 3).mul(3);
  const spd = (x: Array): Array => lax.add(matrixHelpers.matmul(x, matrixHelpers.mT(x)), eye3(x));
  const cases: Case[] = (["float32", "float64"] as const).flatMap((dt): Case[] => [
    { prim: "cholesky", name: `cholesky ${dt} batched`, f: (x) => lax.linalg.cholesky(spd(x!)), args: () => [gen([2, 3, 3], dt)] },
    { prim: "triangular_solve", name: `triangular_solve ${dt}`, f: (a, b) => lax.linalg.triangularSolve(lax.add(matrixHelpers.triu(a!), eye3(a!)), b!, { leftSide: true }), args: () => [gen([3, 3], dt), gen([3, 2], dt)] },
    { prim: "lu", name: `lu ${dt} wide`, f: (x) => lax.linalg.lu(x!), args: () => [gen([2, 3, 4], dt)] },
    { prim: "qr", name: `qr ${dt} full`, f: (x) => lax.linalg.qr(x!), args: () => [gen([4, 3], dt)] },
    { prim: "eigh", name: `eigh ${dt}`, f: (x) => lax.linalg.eigh(x!), args: () => [gen([3, 3], dt)] },
    { prim: "eig", name: `eig ${dt} batched`, f: (x) => lax.linalg.eig(x!), args: () => [gen([2, 3, 3], dt)] },
    { prim: "qr", name: `qr ${dt} pivoted wide`, f: (x) => lax.linalg.qr(x!, { pivoting: true }), args: () => [gen([2, 3, 4], dt)] },
    { prim: "schur", name: `schur ${dt} (real) batched`, f: (x) => lax.linalg.schur(x!), args: () => [gen([2, 4, 4], dt)] },
    { prim: "hessenberg", name: `hessenberg ${dt} batched`, f: (x) => lax.linalg.hessenberg(x!), args: () => [gen([2, 4, 4], dt)] },
    { prim: "householder_product", name: `householder_product ${dt}`, f: (a, t) => lax.linalg.householderProduct(a!, t!), args: () => [gen([4, 3], dt), gen([3], dt)] },
    { prim: "schur", name: `schur ${dt} (complex) batched`, f: (x) => lax.linalg.schur(lax.complex(x!, lax.mul(x!, lax.full([], 0.5, dt)))), args: () => [gen([2, 3, 3], dt)] },
    { prim: "svd", name: `svd ${dt}`, f: (x) => lax.linalg.svd(x!), args: () => [gen([2, 4, 3], dt)] },
    { prim: "fft", name: `fft RFFT, FFT, IFFT, IRFFT ${dt}`, f: (x) => { const c = lax.fft(lax.fft(x!, "RFFT", [3, 4]), "FFT", [3]); return [c, lax.fft(lax.fft(c, "IFFT", [3, 3]), "IRFFT", [3, 4])]; }, args: () => [gen([2, 3, 4], dt)] },
    { prim: "tridiagonal_solve", name: `tridiagonal_solve ${dt}`, f: (dl, d, du, b) => lax.linalg.tridiagonalSolve(dl!, lax.add(d!, lax.full([], 3, dt)), du!, b!), args: () => [gen([4], dt), gen([4], dt), gen([4], dt), gen([4, 2], dt)] },
  ]);
  it.each(rows(cases))("%s", runCase);
});

describe("windowed reductions (issue 21): jit equals eager", () => {
  const maxPool = (x: Array): Array => lax.reduceWindow(x, -Infinity, lax.max, [1, 2, 2, 1], [1, 2, 2, 1], "SAME");
  const cases: Case[] = (["float32", "float64"] as const).flatMap((dt): Case[] => [
    { prim: "reduce_window_sum", name: `reduce_window_sum ${dt} dilated`, f: (x) => lax.reduceWindow(x!, 0, lax.add, [2, 3], [1, 2], "SAME", [2, 1], [1, 2]), args: () => [gen([5, 7], dt, { specials: true })] },
    { prim: "reduce_window_max", name: `reduce_window_max ${dt} NHWC`, f: (x) => maxPool(x!), args: () => [gen([2, 5, 6, 3], dt, { specials: true })] },
    { prim: "reduce_window_min", name: `reduce_window_min ${dt} NCHW`, f: (x) => lax.reduceWindow(x!, Infinity, lax.min, [1, 1, 3, 3], [1, 1, 2, 2], "VALID"), args: () => [gen([2, 3, 7, 6], dt, { specials: true })] },
    { prim: "reduce_window", name: `reduce_window ${dt} product`, f: (x) => lax.reduceWindow(x!, 1, lax.mul, [2, 2], [1, 1], [[1, 0], [0, 1]]), args: () => [gen([4, 5], dt)] },
    { prim: "select_and_gather_add", name: `select_and_gather_add ${dt}`, f: (x, t) => jvp(maxPool, [x!], [t!])[1], args: () => [gen([2, 5, 6, 3], dt), gen([2, 5, 6, 3], dt)] },
    { prim: "select_and_scatter_add", name: `select_and_scatter_add ${dt}`, f: (x, ct) => vjp(maxPool, x!)[1](ct!)[0]!, args: () => [gen([2, 5, 6, 3], dt), gen([2, 3, 3, 3], dt)] },
  ]);
  cases.push({ prim: "reduce_window_max", name: "reduce_window_max int32", f: (x) => lax.reduceWindow(x!, -2147483648, lax.max, [2, 2], [1, 1]), args: () => [gen([4, 5], "int32", { specials: true })] });
  it.each(rows(cases))("%s", runCase);
});

describe("coverage", () => {
  it("every catalogue primitive has a case above, except the call/effect/control-flow ones named in EXCLUDED", () => {
    const names = Object.keys(SHAPE_RULES);
    expect(names.filter((n) => !covered.has(n) && !EXCLUDED.has(n))).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------
// Non-contiguous inputs, odd shapes, composed programs

describe("non-contiguous and odd-shaped jit inputs", () => {
  const f = (x: Array, y: Array): Array => np.add(np.multiply(np.sin(x), y), np.square(x));
  const base = (): Array => gen([4, 6], "float32", { specials: true });
  const cases: [string, () => [Array, Array]][] = [
    ["a transpose", () => [base().T, gen([6, 4])]],
    ["a transpose against a transpose", () => [base().T, gen([4, 6]).T]],
    ["a strided slice", () => [base().get("::2", "1::2"), gen([2, 3])]],
    ["a reversed slice", () => [base().get("::-1"), gen([6])]],
    ["a broadcast_to view", () => [np.broadcastTo(gen([1, 6]), [4, 6]), gen([4, 6])]],
    ["a reshape of a transpose", () => [np.reshape(base().T, [3, 8]), gen([8])]],
    ["an indexed row", () => [base().get(2), gen([6])]],
    ["a size-0 slice", () => [base().get("2:2"), gen([0, 6])]],
    ["rank 0 from indexing", () => [base().get(1, 1), gen([])]],
    ["size-1 dims", () => [gen([1, 1, 3]), gen([3, 1, 1])]],
  ];
  it.each(cases)("%s", (name, make) => {
    const [x, y] = make();
    // Fused float32 chains keep intermediates in float64 registers and round on store (issue 5's
    // rule, 6x faster than rounding each step): a few ulps from eager's per-op rounding.
    expectJitMatches(f as never, [x, y], name, 4, 1e-6);
  });

  it("the same jitted function gives the right answer for a contiguous array and then its transpose", () => {
    const g = jit((x: Array) => np.subtract(x, np.multiply(2, np.sum(x, 0))));
    const x = gen([3, 3], "int32");
    const eagerOf = (a: Array): Array => np.subtract(a, np.multiply(2, np.sum(a, 0)));
    expect(g(x).tolist()).toEqual(eagerOf(x).tolist());
    expect(g(x.T).tolist()).toEqual(eagerOf(x.T).tolist());
    expect(g(x.T).tolist()).not.toEqual(g(x).tolist());
  });
});

describe("composed programs: jit equals eager", () => {
  it("a fused float32 chain keeps float64 registers and rounds on store: close to eager, and at least as accurate", () => {
    const f = (x: Array, a: Array, b: Array): Array => np.divide(np.subtract(np.multiply(np.add(np.multiply(x, a), b), x), np.multiply(a, b)), np.add(x, 3));
    const x = gen([200], "float32");
    const a = np.array(0.1, { dtype: "float32" });
    const b = np.array(1 / 3, { dtype: "float32" });
    expectJitMatches(f as never, [x, a, b], "arithmetic chain", 4, 1e-6);
    // Closer to the exact (float64) answer than eager's per-op rounding, on average.
    const exact = f(x.astype("float64"), a.astype("float64"), b.astype("float64")).dataSync();
    const err = (v: ArrayLike<number>): number => [...exact].reduce((s, e, i) => s + Math.abs(Number(v[i]) - e), 0);
    expect(err((jit(f)(x, a, b) as Array).dataSync())).toBeLessThanOrEqual(err(f(x, a, b).dataSync()));
  });

  it("the fusion example sum(tanh(x*a+b)*x - exp(-x*x)) equals eager within 2 ulps", () => {
    const f = (x: Array, a: number, b: number): Array => np.sum(np.subtract(np.multiply(np.tanh(np.add(np.multiply(x, a), b)), x), np.exp(np.negative(np.multiply(x, x)))));
    const x = gen([64]);
    expectJitMatches(f as never, [x, 0.7, -0.2], "fusion example", 2);
    // Known value: x = 0 gives sum(-exp(0)) = -n.
    expect(jit(f)(np.zeros([5]), 0.7, -0.2).item()).toBe(-5);
  });

  it("an MLP forward pass with broadcasting, matmul, reductions and where", () => {
    const f = (w1: Array, b1: Array, w2: Array, x: Array): Array => {
      const h = np.maximum(np.add(np.matmul(x, w1), b1), 0);
      const logits = np.matmul(h, w2);
      const m = np.max(logits, 1, true);
      const lse = np.add(np.log(np.sum(np.exp(np.subtract(logits, m)), 1, true)), m);
      return np.mean(np.where(np.isfinite(lse), lse, 0));
    };
    expectJitMatches(f as never, [gen([5, 8]), gen([8]), gen([8, 3]), gen([4, 5])], "mlp", 4);
  });

  it("integer and bool programs are exact", () => {
    const f = (x: Array, y: Array): Array[] => {
      const m = np.logicalAnd(np.greater(x, 0), np.less(y, 5));
      const s = np.sum(np.where(m, np.multiply(x, y), np.subtract(x, y)), 0);
      return [s, np.cumsum(x.astype("uint32"), 1), np.all(m, 1), np.argmax(y, 0)];
    };
    expectJitMatches(f as never, [gen([6, 7], "int32", { specials: true }), gen([6, 7], "int32")], "int program", 0);
  });

  it("indexing programs: gather, scatter, dynamic slices and sort together", () => {
    const f = (x: Array, idx: Array): Array[] => {
      const rowsOf = x.get(idx);
      const upd = x.at(idx).add(np.multiply(rowsOf, 2));
      const sorted = np.sort(upd, 1);
      return [sorted, lax.dynamicSlice(sorted, [idx.get(0), 1], [2, 2])];
    };
    expectJitMatches(f as never, [gen([5, 4], "float32", { specials: true }), gen([3], "int32", { lo: 0, hi: 4 })], "indexing", 0);
  });

  it("outputs that are inputs, constants, or the same value twice", () => {
    const c = gen([3]);
    const f = (x: Array, y: Array): Array[] => [x, c, y, y, np.add(x, 0)];
    const x = gen([3]);
    const y = gen([2], "int32");
    const outs = jit(f)(x, y);
    expect(outs.map((o) => o.tolist())).toEqual(f(x, y).map((o) => o.tolist()));
    expect(outs.map((o) => o.dtype)).toEqual(["float32", "float32", "int32", "int32", "float32"]);
  });
});

describe("IEEE floats: the pass pipeline keeps eager's answers", () => {
  // Rewrites that are exact for integers or reals but not for floats with NaN, ±Inf and -0.
  const specials = (): Array => np.array(new Float32Array([NaN, Infinity, -Infinity, 0, -0, 1.5, -3]), { dtype: "float32" });
  const cases: [string, (x: Array) => Array][] = [
    ["x * 0 (NaN and Inf give NaN, -3 gives -0)", (x) => np.multiply(x, 0)],
    ["0 * x", (x) => np.multiply(0, x)],
    ["x - x (Inf - Inf is NaN)", (x) => np.subtract(x, x)],
    ["x / x (0/0 and Inf/Inf are NaN)", (x) => np.divide(x, x)],
    ["x * 1 keeps -0 and NaN", (x) => np.multiply(x, 1)],
    ["x + 0 (-0 + 0 is +0)", (x) => np.add(x, 0)],
    ["x - 0 keeps -0", (x) => np.subtract(x, 0)],
    ["x == x is false for NaN", (x) => np.equal(x, x).astype("float32")],
    ["x != x is true for NaN", (x) => np.notEqual(x, x).astype("float32")],
    ["max(x, x) keeps NaN", (x) => np.maximum(x, x)],
    ["neg(neg(x))", (x) => np.negative(np.negative(x))],
    ["exp(log(x)) is not x for negative x", (x) => np.exp(np.log(x))],
    ["constant-foldable 0/0 and log(0)", (x) => np.add(x, np.add(np.divide(np.zeros([]), np.zeros([])), np.log(np.zeros([]))))],
    ["a sum of x * 0 keeps NaN", (x) => np.sum(np.multiply(x, 0))],
  ];
  it.each(cases)("%s", (name, f) => expectJitMatches(f as never, [specials()], name, 1));

  it("fused float32 intermediates are float64: no float32 overflow or cancellation inside a kernel (documented deviation from XLA)", () => {
    const x = np.array([1.5], { dtype: "float32" });
    // (x * 1e-8 + 1) - 1: eager rounds 1 + 1.5e-8 to 1 and gives 0; the fused kernel keeps 1.5e-8.
    const cancel = (v: Array): Array => np.subtract(np.add(np.multiply(v, 1e-8), 1), 1);
    expect(cancel(x).item()).toBe(0);
    expect(jit(cancel)(x).item()).toBe(Math.fround(1.5e-8));
    // sqrt((x * 1e30)^2): eager overflows to Infinity at the square; the fused kernel gives 1.5e30.
    const big = (v: Array): Array => np.sqrt(np.multiply(np.multiply(v, 1e30), np.multiply(v, 1e30)));
    expect(big(x).item()).toBe(Infinity);
    expect(jit(big)(x).item()).toBeCloseTo(1.5e30, -24);
  });

  it("integer wrap-around is not simplified away", () => {
    const f = (x: Array): Array[] => [np.subtract(np.add(x, 2147483647), 2147483647), np.floorDivide(np.multiply(x, 4), 4), np.negative(np.abs(x))];
    expectJitMatches(f as never, [np.array(new Int32Array([-2147483648, -1, 0, 5, 2147483647]), { dtype: "int32" })], "int wrap", 0);
  });

  it("integer division by zero and INT_MIN / -1 match eager", () => {
    const f = (x: Array, y: Array): Array[] => [lax.div(x, y), lax.rem(x, y)];
    const x = np.array(new Int32Array([7, -7, 0, -2147483648, 5]), { dtype: "int32" });
    const y = np.array(new Int32Array([0, 0, 0, -1, -2]), { dtype: "int32" });
    expectJitMatches(f as never, [x, y], "int div", 0);
  });
});
