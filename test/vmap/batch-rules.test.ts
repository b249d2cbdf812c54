// Batching rules of every catalogue primitive: vmap(f) must equal stacking f's per-example
// results, with the batch axis at 0, in the middle, last, and with unbatched operands mixed in.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, vmap, grad, jvp, vjp, makeJaxpr } from "../../src/index.js";
import type { Array, DType } from "../../src/index.js";
import { SHAPE_RULES } from "../../jaxpr/index.js";
import type { DotDimensionNumbers, GatherDimensionNumbers, PaddingConfig, PrimitiveName, ScatterDimensionNumbers } from "../../jaxpr/index.js";
import { coreBatchRules } from "../../src/vmap/coreRules.js";

const BATCH_RULES = coreBatchRules();
import { BATCH_TABLE } from "../../src/vmap/ruleTables.js";
import { loadAllFamilies } from "../util/families.js";
import { moveBatchAxis } from "../../src/vmap/batchAxis.js";
import type { BatchDim } from "../../src/vmap/types.js";
import { mulberry32 } from "../util/random.js";
import * as matrixHelpers from "../../src/lax/matrixHelpers.js";

// ------------------------------------------------------------------------------------------------
// Helpers

const rand = mulberry32(2024);

const TYPED = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint32: Uint32Array, bool: Uint8Array, complex64: Float32Array, complex128: Float64Array, int8: Int8Array, int16: Int16Array, uint8: Uint8Array, uint16: Uint16Array, int2: Int8Array, int4: Int8Array, uint2: Uint8Array, uint4: Uint8Array, float16: Float32Array, bfloat16: Float32Array, float8_e4m3fn: Float32Array, float8_e4m3fnuz: Float32Array, float8_e5m2: Float32Array, float8_e5m2fnuz: Float32Array } as const;

/** A random array: floats uniform in [lo, hi), integers in [lo, hi] (inclusive), bools fair. */
function gen(shape: readonly number[], dtype: DType = "float32", lo?: number, hi?: number): Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new TYPED[dtype](n);
  for (let i = 0; i < n; i++) {
    if (dtype === "bool") data[i] = rand() < 0.5 ? 1 : 0;
    else if (dtype === "float32" || dtype === "float64") data[i] = (lo ?? -2) + ((hi ?? 2) - (lo ?? -2)) * rand();
    else {
      const l = lo ?? (dtype === "uint32" ? 0 : -5);
      const h = hi ?? 5;
      data[i] = l + Math.floor((h - l + 1) * rand());
    }
  }
  return np.array(data, { shape: [...shape], dtype });
}
type Gen = () => Array;
const g =
  (shape: readonly number[], dtype: DType = "float32", lo?: number, hi?: number): Gen =>
  () =>
    gen(shape, dtype, lo, hi);

type Axis = number | null;
type Fn = (...xs: Array[]) => Array | Array[];
const asList = (o: Array | Array[]): Array[] => (globalThis.Array.isArray(o) ? o : [o]);
const B = 3;

function expectClose(actual: Array, expected: Array, what: string): void {
  expect(actual.shape, `${what}: shape`).toEqual(expected.shape);
  expect(actual.dtype, `${what}: dtype`).toBe(expected.dtype);
  const a = actual.dataSync();
  const e = expected.dataSync();
  const tol = expected.dtype === "float32" ? 1e-5 : expected.dtype === "float64" ? 1e-12 : 0;
  for (let i = 0; i < e.length; i++) {
    const x = Number(a[i]);
    const y = Number(e[i]);
    if (Number.isNaN(y) && Number.isNaN(x)) continue;
    if (x === y) continue;
    if (tol === 0 || !(Math.abs(x - y) <= tol * (1 + Math.abs(y)))) {
      throw new Error(`${what}: element ${i} differs: got ${x}, expected ${y}\n  actual   ${a.join(", ")}\n  expected ${e.join(", ")}`);
    }
  }
}

/** vmap(f, { inAxes })(batched args) against stacking f over the examples. */
function checkVmap(f: Fn, gens: readonly Gen[], inAxes: readonly Axis[]): void {
  const examples = gens.map((gn, i) => (inAxes[i] === null ? [gn()] : globalThis.Array.from({ length: B }, gn)));
  const batched = examples.map((e, i) => (inAxes[i] === null ? e[0]! : np.stack(e, inAxes[i]!)));
  const perExample = globalThis.Array.from({ length: B }, (_, b) => asList(f(...examples.map((e, i) => (inAxes[i] === null ? e[0]! : e[b]!)))));
  const expected = perExample[0]!.map((_, k) => np.stack(perExample.map((outs) => outs[k]!), 0));
  const actual = asList(vmap(f, { inAxes: [...inAxes] })(...batched) as Array | Array[]);
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, k) => expectClose(a, expected[k]!, `output ${k} (in_axes ${JSON.stringify(inAxes)})`));
}

/** Every combination of `choices` per argument with at least one batched argument. */
function axisCombos(n: number, choices: readonly Axis[] = [0, -1, null]): Axis[][] {
  let out: Axis[][] = [[]];
  for (let i = 0; i < n; i++) out = out.flatMap((c) => choices.map((ch) => [...c, ch]));
  return out.filter((c) => c.some((a) => a !== null));
}

interface Case {
  prim: PrimitiveName;
  name: string;
  f: Fn;
  args: Gen[];
  /** Axis choices per argument (default 0, -1, null), or explicit combos. */
  choices?: readonly Axis[];
  combos?: Axis[][];
}

const covered = new Set<string>();
function rows(cases: readonly Case[]): [string, Fn, Gen[], Axis[]][] {
  return cases.flatMap((c) => {
    covered.add(c.prim);
    const combos = c.combos ?? axisCombos(c.args.length, c.choices);
    return combos.map((ax) => [`${c.name} in_axes=${JSON.stringify(ax)}`, c.f, c.args, ax] as [string, Fn, Gen[], Axis[]]);
  });
}
const run = (name: string, f: Fn, args: Gen[], ax: Axis[]): void => {
  void name;
  checkVmap(f, args, ax);
};

// ------------------------------------------------------------------------------------------------
// Elementwise

const UNARY: [PrimitiveName, (x: Array) => Array, DType[], number?, number?][] = [
  ["neg", lax.neg, ["float32", "int32"]],
  ["sign", lax.sign, ["float32", "int32"]],
  ["floor", lax.floor, ["float32"]],
  ["reduce_precision", (x) => lax.reducePrecision(x, 5, 10), ["float32", "float64"]],
  ["ceil", lax.ceil, ["float64"]],
  ["round", (x) => lax.round(x, 1), ["float32"]],
  ["is_finite", (x) => lax.isFinite(lax.div(x, lax.sub(x, x))), ["float32"]],
  ["exp", lax.exp, ["float32", "float64"]],
  ["exp2", lax.exp2, ["float32"]],
  ["log", lax.log, ["float32"], 0.1, 3],
  ["log1p", lax.log1p, ["float32"], -0.5, 2],
  ["expm1", lax.expm1, ["float32"]],
  ["tanh", lax.tanh, ["float32"]],
  ["logistic", lax.logistic, ["float32"]],
  ["sin", lax.sin, ["float32", "float64"]],
  ["cos", lax.cos, ["float32"]],
  ["tan", lax.tan, ["float32"], -1, 1],
  ["asin", lax.asin, ["float32"], -0.9, 0.9],
  ["acos", lax.acos, ["float32"], -0.9, 0.9],
  ["atan", lax.atan, ["float32"]],
  ["sinh", lax.sinh, ["float32"]],
  ["cosh", lax.cosh, ["float32"]],
  ["asinh", lax.asinh, ["float32"]],
  ["acosh", lax.acosh, ["float32"], 1.1, 4],
  ["atanh", lax.atanh, ["float32"], -0.9, 0.9],
  ["sqrt", lax.sqrt, ["float32"], 0, 4],
  ["rsqrt", lax.rsqrt, ["float32"], 0.1, 4],
  ["cbrt", lax.cbrt, ["float32"]],
  ["abs", lax.abs, ["float32", "int32"]],
  ["erf", lax.erf, ["float32"]],
  ["not", lax.bitwiseNot, ["bool", "int32", "uint32"]],
  ["square", lax.square, ["float32", "int32"]],
  ["integer_pow", (x) => lax.integerPow(x, 3), ["float32", "int32"]],
  ["stop_gradient", lax.stopGradient, ["float32", "bool"]],
];

describe("unary elementwise", () => {
  const cases: Case[] = UNARY.flatMap(([prim, fn, dtypes, lo, hi]) =>
    dtypes.flatMap((dt) => [
      { prim, name: `${prim} ${dt} [2,3]`, f: fn, args: [g([2, 3], dt, lo, hi)], choices: [0, 1, -1] },
      { prim, name: `${prim} ${dt} []`, f: fn, args: [g([], dt, lo, hi)], choices: [0] },
    ]),
  );
  it.each(rows(cases))("%s", run);
});

const BINARY: [PrimitiveName, (x: Array, y: Array) => Array, DType[], [number, number]?][] = [
  ["add", lax.add, ["float32", "int32", "uint32", "float64"]],
  ["sub", lax.sub, ["float32", "int32"]],
  ["mul", lax.mul, ["float32", "int32"]],
  ["div", lax.div, ["float32", "int32"], [1, 5]],
  ["rem", lax.rem, ["float32", "int32"], [1, 5]],
  ["pow", lax.pow, ["float32"], [0.5, 2]],
  ["max", lax.max, ["float32", "int32", "bool"]],
  ["min", lax.min, ["float32", "uint32"]],
  ["atan2", lax.atan2, ["float32"]],
  ["logaddexp", lax.logaddexp, ["float32"]],
  ["and", lax.bitwiseAnd, ["bool", "int32"]],
  ["or", lax.bitwiseOr, ["bool", "uint32"]],
  ["xor", lax.bitwiseXor, ["bool", "int32"]],
  ["shift_left", lax.shiftLeft, ["int32", "uint32"], [0, 5]],
  ["shift_right_logical", lax.shiftRightLogical, ["int32", "uint32"], [0, 5]],
  ["shift_right_arithmetic", lax.shiftRightArithmetic, ["int32"], [0, 5]],
  ["eq", lax.eq, ["float32", "int32", "bool"]],
  ["ne", lax.ne, ["int32"]],
  ["lt", lax.lt, ["float32", "int32"]],
  ["le", lax.le, ["float32"]],
  ["gt", lax.gt, ["int32"]],
  ["ge", lax.ge, ["float32"]],
];

/** Per-example shape pairs: equal, rank-0 on either side, size-1 broadcasting. */
const FULL_SHAPES: [number[], number[]][] = [
  [[2, 3], [2, 3]],
  [[], [2, 3]],
  [[2, 3], []],
  [[1, 3], [2, 3]],
  [[2, 1], [1, 3]],
  [[], []],
];
const SHORT_SHAPES: [number[], number[]][] = [
  [[2, 3], [2, 3]],
  [[], [2, 3]],
  [[2, 1], [1, 3]],
];

describe("binary elementwise", () => {
  const cases: Case[] = BINARY.flatMap(([prim, fn, dtypes, rhsRange]) =>
    dtypes.flatMap((dt, k) =>
      (prim === "add" && k === 0 ? FULL_SHAPES : SHORT_SHAPES).map(([sx, sy]) => ({
        prim,
        name: `${prim} ${dt} ${JSON.stringify(sx)} ${JSON.stringify(sy)}`,
        f: fn as Fn,
        args: [g(sx, dt), rhsRange && dt !== "bool" ? g(sy, dt, rhsRange[0], rhsRange[1]) : g(sy, dt)],
      })),
    ),
  );
  it.each(rows(cases))("%s", run);

  it("keeps agreeing batch dims in place (no transposes)", () => {
    const jaxpr = makeJaxpr((x: Array, y: Array) => vmap((a: Array, b: Array) => lax.add(a, lax.mul(a, b)), { inAxes: [1, 1], outAxes: 1 })(x, y))(gen([2, 3]), gen([2, 3]));
    expect(jaxpr.toString()).not.toContain("transpose");
  });

  it("inserts a size-1 dim for an unbatched operand instead of broadcasting it", () => {
    const jaxpr = makeJaxpr((x: Array, y: Array) => vmap((a: Array, b: Array) => lax.mul(a, b), { inAxes: [1, null], outAxes: 1 })(x, y))(gen([2, 3]), gen([2]));
    const s = jaxpr.toString();
    expect(s).not.toContain("transpose");
    expect(s).toContain("f32[2,1]");
  });
});

// ------------------------------------------------------------------------------------------------
// select_n, clamp, convert_element_type

describe("select_n, clamp, convert_element_type", () => {
  const sel = (w: Array, a: Array, b: Array): Array => lax.select(w, a, b);
  const cases: Case[] = [
    { prim: "regularized_incomplete_beta", name: "betainc [2,3]", f: (a, b, x) => lax.betainc(a!, b!, x!), args: [g([2, 3], "float64", 0.5, 6), g([2, 3], "float64", 0.5, 6), g([2, 3], "float64", 0, 1)] },
    { prim: "regularized_incomplete_beta", name: "betainc rank-0 a, b; x [2,3]", f: (a, b, x) => lax.betainc(a!, b!, x!), args: [g([], "float32", 0.5, 6), g([], "float32", 0.5, 6), g([2, 3], "float32", 0, 1)] },
    { prim: "select_n", name: "select bool which [2,3]", f: sel, args: [g([2, 3], "bool"), g([2, 3]), g([2, 3])] },
    { prim: "select_n", name: "select scalar which, cases [2,3]", f: sel, args: [g([], "bool"), g([2, 3]), g([2, 3])] },
    { prim: "select_n", name: "select scalar which, scalar cases", f: sel, args: [g([], "bool"), g([], "int32"), g([], "int32")] },
    { prim: "complex", name: "complex parts (complex)", f: (a, b) => lax.add(lax.real(lax.mul(lax.conj(lax.complex(a!, b!)), lax.complex(b!, a!))), lax.imag(lax.mul(lax.complex(a!, b!), lax.complex(a!, b!)))), args: [g([2, 3]), g([2, 3])] },
    { prim: "real", name: "complex parts (real)", f: (a, b) => lax.add(lax.real(lax.mul(lax.conj(lax.complex(a!, b!)), lax.complex(b!, a!))), lax.imag(lax.mul(lax.complex(a!, b!), lax.complex(a!, b!)))), args: [g([2, 3]), g([2, 3])] },
    { prim: "imag", name: "complex parts (imag)", f: (a, b) => lax.add(lax.real(lax.mul(lax.conj(lax.complex(a!, b!)), lax.complex(b!, a!))), lax.imag(lax.mul(lax.complex(a!, b!), lax.complex(a!, b!)))), args: [g([2, 3]), g([2, 3])] },
    { prim: "conj", name: "complex parts (conj)", f: (a, b) => lax.add(lax.real(lax.mul(lax.conj(lax.complex(a!, b!)), lax.complex(b!, a!))), lax.imag(lax.mul(lax.complex(a!, b!), lax.complex(a!, b!)))), args: [g([2, 3]), g([2, 3])] },
    {
      prim: "select_n",
      name: "select_n int32 which, 3 cases",
      f: (w, a, b, c) => lax.selectN(w!, a!, b!, c!),
      args: [g([2, 3], "int32", 0, 2), g([2, 3]), g([2, 3]), g([2, 3])],
      choices: [0, null],
    },
    {
      prim: "select_n",
      name: "select_n int32 which, 3 cases, last axis",
      f: (w, a, b, c) => lax.selectN(w!, a!, b!, c!),
      args: [g([2, 3], "int32", 0, 2), g([2, 3]), g([2, 3]), g([2, 3])],
      combos: [
        [-1, 0, null, -1],
        [-1, -1, -1, -1],
        [null, 1, null, 0],
      ],
    },
    { prim: "clamp", name: "clamp scalar bounds", f: (lo, x, hi) => lax.clamp(lo!, x!, hi!), args: [g([], "float32", -1, 0), g([2, 3]), g([], "float32", 0, 1)] },
    { prim: "clamp", name: "clamp array bounds", f: (lo, x, hi) => lax.clamp(lo!, x!, hi!), args: [g([2, 3], "int32", -3, 0), g([2, 3], "int32"), g([2, 3], "int32", 0, 3)] },
    { prim: "clamp", name: "clamp scalar x", f: (lo, x, hi) => lax.clamp(lo!, x!, hi!), args: [g([], "float32", -1, 0), g([]), g([], "float32", 0, 1)] },
    ...(
      [
        ["float32", "int32"],
        ["int32", "float32"],
        ["float32", "bool"],
        ["bool", "float32"],
        ["float32", "float64"],
        ["uint32", "int32"],
      ] as [DType, DType][]
    ).map(
      ([from, to]): Case => ({
        prim: "convert_element_type",
        name: `convert ${from} -> ${to}`,
        f: (x) => lax.convertElementType(x!, to),
        args: [g([2, 3], from)],
        choices: [0, 1, -1],
      }),
    ),
    ...(
      [
        ["float32", "uint32"],
        ["int32", "float32"],
      ] as [DType, DType][]
    ).map(
      ([from, to]): Case => ({
        prim: "bitcast_convert_type",
        name: `bitcast ${from} -> ${to}`,
        f: (x) => lax.bitcastConvertType(x!, to),
        args: [g([2, 3], from)],
        choices: [0, 1, -1],
      }),
    ),
  ];
  it.each(rows(cases))("%s", run);
});

// ------------------------------------------------------------------------------------------------
// Structural

describe("structural", () => {
  const one = (prim: PrimitiveName, name: string, f: (x: Array) => Array, shape: number[], dtype: DType = "float32"): Case => ({
    prim,
    name: `${name} ${dtype}`,
    f: f as Fn,
    args: [g(shape, dtype)],
    choices: shape.length === 0 ? [0] : shape.length === 1 ? [0, -1] : [0, 1, -1],
  });
  const pad = (config: PaddingConfig) => (x: Array, v: Array) => lax.pad(x, v, config);
  const cases: Case[] = [
    one("broadcast_in_dim", "[3] -> [2,3] dims [1]", (x) => lax.broadcastInDim(x, [2, 3], [1]), [3]),
    one("broadcast_in_dim", "[3] -> [3,2] dims [0]", (x) => lax.broadcastInDim(x, [3, 2], [0]), [3], "int32"),
    one("broadcast_in_dim", "[2,1] -> [2,4,3] dims [0,2]", (x) => lax.broadcastInDim(x, [2, 4, 3], [0, 2]), [2, 1]),
    one("broadcast_in_dim", "[2,3] -> [4,2,5,3] dims [1,3]", (x) => lax.broadcastInDim(x, [4, 2, 5, 3], [1, 3]), [2, 3], "bool"),
    one("broadcast_in_dim", "[] -> [2,3]", (x) => lax.broadcastInDim(x, [2, 3], []), []),
    one("reshape", "[2,3] -> [6]", (x) => lax.reshape(x, [6]), [2, 3]),
    one("reshape", "[2,3] -> [3,1,2]", (x) => lax.reshape(x, [3, 1, 2]), [2, 3], "int32"),
    one("reshape", "[] -> [1,1]", (x) => lax.reshape(x, [1, 1]), []),
    one("transpose", "[2,3,4] perm [2,0,1]", (x) => lax.transpose(x, [2, 0, 1]), [2, 3, 4]),
    one("transpose", "[2,3,4] perm [1,0,2]", (x) => lax.transpose(x, [1, 0, 2]), [2, 3, 4], "bool"),
    one("transpose", "[2,3] perm [1,0]", (x) => lax.transpose(x, [1, 0]), [2, 3], "int32"),
    one("squeeze", "[2,1,3,1] dims [1,3]", (x) => lax.squeeze(x, [1, 3]), [2, 1, 3, 1]),
    one("squeeze", "[1,2] dims [0]", (x) => lax.squeeze(x, [0]), [1, 2], "int32"),
    one("squeeze", "[1] dims [0]", (x) => lax.squeeze(x, [0]), [1]),
    one("expand_dims", "[2,3] dims [0]", (x) => lax.expandDims(x, [0]), [2, 3]),
    one("expand_dims", "[2,3] dims [1]", (x) => lax.expandDims(x, [1]), [2, 3]),
    one("expand_dims", "[2,3] dims [2]", (x) => lax.expandDims(x, [2]), [2, 3], "int32"),
    one("expand_dims", "[2,3] dims [0,3]", (x) => lax.expandDims(x, [0, 3]), [2, 3]),
    one("expand_dims", "[2,3] dims [1,2]", (x) => lax.expandDims(x, [1, 2]), [2, 3]),
    one("expand_dims", "[] dims [0,1]", (x) => lax.expandDims(x, [0, 1]), []),
    one("rev", "[2,3] dims [0]", (x) => lax.rev(x, [0]), [2, 3]),
    one("rev", "[2,3] dims [1]", (x) => lax.rev(x, [1]), [2, 3], "int32"),
    one("rev", "[2,3,2] dims [0,2]", (x) => lax.rev(x, [0, 2]), [2, 3, 2]),
    one("slice", "[4,5] [1:3, 0:5]", (x) => lax.slice(x, [1, 0], [3, 5]), [4, 5]),
    one("slice", "[4,5] strided", (x) => lax.slice(x, [0, 1], [4, 5], [3, 2]), [4, 5], "int32"),
    one("slice", "[6] strided", (x) => lax.slice(x, [1], [6], [2]), [6], "bool"),
    ...(["float32", "int32", "bool"] as DType[]).flatMap((dt): Case[] => [
      { prim: "pad", name: `pad ${dt} low/high/interior`, f: pad([[1, 0, 0], [0, 2, 1]]) as Fn, args: [g([2, 3], dt), g([], dt)] },
      { prim: "pad", name: `pad ${dt} negative`, f: pad([[-1, 1, 0], [1, -2, 2]]) as Fn, args: [g([2, 3], dt), g([], dt)] },
    ]),
    { prim: "pad", name: "pad rank-1", f: pad([[2, 1, 1]]) as Fn, args: [g([3]), g([])] },
    { prim: "pad", name: "pad rank-0", f: pad([]) as Fn, args: [g([]), g([])] },
    {
      prim: "concatenate",
      name: "concatenate 3 operands along 1",
      f: (a, b, c) => lax.concatenate([a!, b!, c!], 1),
      args: [g([2, 1]), g([2, 3]), g([2, 2])],
    },
    {
      prim: "concatenate",
      name: "concatenate int32 along 0",
      f: (a, b) => lax.concatenate([a!, b!], 0),
      args: [g([1, 3], "int32"), g([2, 3], "int32")],
    },
  ];
  it.each(rows(cases))("%s", run);
});

// ------------------------------------------------------------------------------------------------
// Reductions, argmax/argmin, cumulative ops, sort

describe("reductions, argmax/argmin, cumulative, sort", () => {
  const REDUCE: [PrimitiveName, (x: Array, axes: number[]) => Array, DType[]][] = [
    ["reduce_sum", lax.reduceSum, ["float32", "int32"]],
    ["reduce_max", lax.reduceMax, ["float32", "int32", "bool"]],
    ["reduce_min", lax.reduceMin, ["float32", "uint32"]],
    ["reduce_prod", lax.reduceProd, ["float32", "int32"]],
    ["reduce_and", lax.reduceAnd, ["bool", "int32"]],
    ["reduce_or", lax.reduceOr, ["bool", "uint32"]],
  ];
  const CUM: [PrimitiveName, (x: Array, axis: number, reverse: boolean) => Array, DType[]][] = [
    ["cumsum", lax.cumsum, ["float32", "int32"]],
    ["cumprod", lax.cumprod, ["float32", "int32"]],
    ["cummax", lax.cummax, ["float32", "int32"]],
    ["cummin", lax.cummin, ["float64", "uint32"]],
  ];
  const cases: Case[] = [
    ...REDUCE.flatMap(([prim, fn, dts]) =>
      dts.flatMap((dt) =>
        [[0], [1], [0, 2], [0, 1, 2], []].map(
          (axes): Case => ({ prim, name: `${prim} ${dt} axes ${JSON.stringify(axes)}`, f: (x) => fn(x!, axes), args: [g([2, 3, 2], dt)], choices: [0, 1, 2, -1] }),
        ),
      ),
    ),
    ...(["argmax", "argmin"] as const).flatMap((prim) =>
      (["float32", "int32"] as DType[]).flatMap((dt) =>
        [0, 1].map(
          (axis): Case => ({
            prim,
            name: `${prim} ${dt} axis ${axis}`,
            f: (x) => (prim === "argmax" ? lax.argmax : lax.argmin)(x!, axis, "int32"),
            args: [g([3, 4], dt, -2, 2)],
            choices: [0, 1, -1],
          }),
        ),
      ),
    ),
    ...CUM.flatMap(([prim, fn, dts]) =>
      dts.flatMap((dt) =>
        [
          [0, false],
          [1, true],
        ].map(
          ([axis, reverse]): Case => ({
            prim,
            name: `${prim} ${dt} axis ${axis} reverse ${reverse}`,
            f: (x) => fn(x!, axis as number, reverse as boolean),
            args: [g([3, 4], dt, -2, 2)],
            choices: [0, 1, -1],
          }),
        ),
      ),
    ),
    ...[0, 1].map(
      (dimension): Case => ({ prim: "sort", name: `sort one operand dimension ${dimension}`, f: (x) => lax.sort(x!, { dimension }), args: [g([3, 4])], choices: [0, 1, -1] }),
    ),
    ...[0, 1].map(
      (dimension): Case => ({
        prim: "sort",
        name: `sort key/value (int keys with ties) dimension ${dimension}`,
        f: (k, v) => lax.sort([k!, v!], { dimension, numKeys: 1 }),
        args: [g([3, 4], "int32", 0, 2), g([3, 4])],
      }),
    ),
    {
      prim: "sort",
      name: "sort two keys",
      f: (k1, k2, v) => lax.sort([k1!, k2!, v!], { dimension: 1, numKeys: 2 }),
      args: [g([2, 5], "int32", 0, 1), g([2, 5], "int32", 0, 2), g([2, 5], "uint32")],
    },
  ];
  it.each(rows(cases))("%s", run);
});

// ------------------------------------------------------------------------------------------------
// dot_general

describe("dot_general", () => {
  const dg =
    (dn: DotDimensionNumbers, pref: DType | null = null) =>
    (a: Array, b: Array): Array =>
      lax.dotGeneral(a, b, dn, pref);
  const cases: Case[] = [
    { prim: "dot_general", name: "matmul f32", f: dg([[[1], [0]], [[], []]]) as Fn, args: [g([2, 3]), g([3, 4])], choices: [0, 1, -1, null] },
    { prim: "dot_general", name: "matmul int32", f: dg([[[1], [0]], [[], []]]) as Fn, args: [g([2, 3], "int32"), g([3, 4], "int32")] },
    { prim: "dot_general", name: "batched matmul", f: dg([[[2], [1]], [[0], [0]]]) as Fn, args: [g([2, 3, 4]), g([2, 4, 5])], choices: [0, 1, 2, -1, null] },
    { prim: "dot_general", name: "batch dim last on rhs", f: dg([[[1], [0]], [[0], [2]]]) as Fn, args: [g([2, 3]), g([3, 4, 2])], choices: [0, 2, -1, null] },
    { prim: "dot_general", name: "vector dot", f: dg([[[0], [0]], [[], []]]) as Fn, args: [g([3]), g([3])] },
    { prim: "dot_general", name: "outer product", f: dg([[[], []], [[], []]]) as Fn, args: [g([3]), g([2])] },
    { prim: "dot_general", name: "contract first dims", f: dg([[[0], [0]], [[], []]]) as Fn, args: [g([3, 2]), g([3, 4])], choices: [0, 1, -1, null] },
    { prim: "dot_general", name: "two contracting dims", f: dg([[[0, 2], [1, 0]], [[], []]]) as Fn, args: [g([2, 3, 4]), g([4, 2, 5])], choices: [0, 1, -1, null] },
    { prim: "dot_general", name: "preferred float64", f: dg([[[1], [0]], [[], []]], "float64") as Fn, args: [g([2, 3]), g([3, 2])] },
  ];
  it.each(rows(cases))("%s", run);
});

// ------------------------------------------------------------------------------------------------
// conv_general_dilated

describe("conv_general_dilated", () => {
  const cv = (strides: number[], padding: string | [number, number][], o: lax.ConvGeneralDilatedOptions = {}) => ((a: Array, b: Array) => lax.convGeneralDilated(a, b, strides, padding, o)) as Fn;
  const cases: Case[] = [
    { prim: "conv_general_dilated", name: "NCHW SAME", f: cv([1, 1], "SAME"), args: [g([2, 3, 4, 5]), g([2, 3, 2, 2])], choices: [0, 1, -1, null] },
    { prim: "conv_general_dilated", name: "NHWC strided", f: cv([2, 1], "VALID", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }), args: [g([2, 5, 4, 2]), g([2, 2, 2, 3])], choices: [0, 2, -1, null] },
    { prim: "conv_general_dilated", name: "feature groups", f: cv([1], "SAME", { featureGroupCount: 2 }), args: [g([2, 4, 5]), g([4, 2, 3])], choices: [0, 1, -1, null] },
    { prim: "conv_general_dilated", name: "batch groups", f: cv([1], [[1, 0]], { batchGroupCount: 2 }), args: [g([4, 2, 5]), g([4, 2, 2])], choices: [0, 2, -1, null] },
  ];
  it.each(rows(cases))("%s", run);
});

// ------------------------------------------------------------------------------------------------
// dynamic_slice, dynamic_update_slice, gather, scatter

describe("dynamic_slice, dynamic_update_slice", () => {
  const ds = (x: Array, i: Array, j: Array): Array => lax.dynamicSlice(x, [i, j], [2, 3]);
  const dus = (x: Array, u: Array, i: Array, j: Array): Array => lax.dynamicUpdateSlice(x, u, [i, j]);
  const cases: Case[] = [
    // Start indices out of range are clamped so the slice fits.
    { prim: "dynamic_slice", name: "dynamic_slice f32", f: ds as Fn, args: [g([5, 6]), g([], "int32", -2, 6), g([], "int32", -2, 6)] },
    { prim: "dynamic_slice", name: "dynamic_slice int32 idx=uint32", f: ds as Fn, args: [g([5, 6], "int32"), g([], "uint32", 0, 6), g([], "uint32", 0, 6)], choices: [0, null] },
    { prim: "dynamic_slice", name: "dynamic_slice rank-1", f: (x, i) => lax.dynamicSlice(x!, [i!], [2]), args: [g([5], "bool"), g([], "int32", -1, 5)] },
    { prim: "dynamic_slice", name: "dynamic_slice rank-0", f: (x) => lax.dynamicSlice(x!, [], []), args: [g([])], choices: [0] },
    {
      prim: "dynamic_update_slice",
      name: "dynamic_update_slice f32",
      f: dus as Fn,
      args: [g([5, 6]), g([2, 3]), g([], "int32", -2, 6), g([], "int32", -2, 6)],
      choices: [0, null],
    },
    {
      prim: "dynamic_update_slice",
      name: "dynamic_update_slice int32, last axes",
      f: dus as Fn,
      args: [g([5, 6], "int32"), g([2, 3], "int32"), g([], "int32", -2, 6), g([], "int32", -2, 6)],
      combos: [
        [-1, -1, null, null],
        [1, null, null, null],
        [null, -1, null, null],
        [-1, 0, 0, null],
        [null, null, null, 0],
        [1, 2, 0, 0],
      ],
    },
    { prim: "dynamic_update_slice", name: "dynamic_update_slice rank-1 bool", f: (x, u, i) => lax.dynamicUpdateSlice(x!, u!, [i!]), args: [g([5], "bool"), g([2], "bool"), g([], "int32", -1, 5)] },
  ];
  it.each(rows(cases))("%s", run);
});

describe("gather, scatter family", () => {
  const gdn = (p: Partial<GatherDimensionNumbers>): GatherDimensionNumbers => ({
    offsetDims: [],
    collapsedSliceDims: [],
    startIndexMap: [],
    operandBatchingDims: [],
    startIndicesBatchingDims: [],
    ...p,
  });
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
  const vecDn = gdn({ offsetDims: [0], collapsedSliceDims: [0], startIndexMap: [0] });
  const gather = (dn: GatherDimensionNumbers, sizes: number[], mode: "clip" | "fill") => ((x: Array, i: Array) => lax.gather(x, i, dn, sizes, { mode })) as Fn;
  const gatherCases: Case[] = [
    ...(["clip", "fill"] as const).flatMap((mode): Case[] => [
      { prim: "gather", name: `gather rows ${mode}`, f: gather(rowsDn, [1, 3], mode), args: [g([5, 3]), g([4, 1], "int32", -1, 5)] },
      { prim: "gather", name: `gather windows ${mode}`, f: gather(windowsDn, [2, 3], mode), args: [g([5, 6], "int32"), g([3, 2], "int32", -1, 5)] },
      { prim: "gather", name: `gather with batching dims ${mode}`, f: gather(batchingDn, [1, 1, 3], mode), args: [g([2, 5, 3]), g([2, 4, 1], "int32", -1, 5)] },
      { prim: "gather", name: `gather index vector only ${mode}`, f: gather(vecDn, [1, 3], mode), args: [g([5, 3], "bool"), g([1], "int32", -1, 5)] },
    ]),
  ];
  const SCAT: [PrimitiveName, typeof lax.scatter, DType[]][] = [
    ["scatter", lax.scatter, ["float32", "bool"]],
    ["scatter-add", lax.scatterAdd, ["float32", "int32"]],
    ["scatter-mul", lax.scatterMul, ["float32", "int32"]],
    ["scatter-min", lax.scatterMin, ["float32", "uint32"]],
    ["scatter-max", lax.scatterMax, ["float32", "int32"]],
  ];
  const rowsS = sdn({ updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] });
  const batchingS = sdn({ insertedWindowDims: [1], scatterDimsToOperandDims: [1], operandBatchingDims: [0], scatterIndicesBatchingDims: [0] });
  const vecS = sdn({ updateWindowDims: [0], insertedWindowDims: [0], scatterDimsToOperandDims: [0] });
  const scatterCases: Case[] = SCAT.flatMap(([prim, fn, dts]) =>
    dts.flatMap((dt): Case[] => [
      // Duplicate and out-of-range indices included: duplicates combine in order, mode "fill" drops.
      {
        prim,
        name: `${prim} ${dt} rows fill`,
        f: (x, i, u) => fn(x!, i!, u!, rowsS, { mode: "fill" }),
        args: [g([5, 3], dt), g([3, 1], "int32", -1, 5), g([3, 3], dt)],
      },
      {
        prim,
        name: `${prim} ${dt} rows clip`,
        f: (x, i, u) => fn(x!, i!, u!, rowsS, { mode: "clip" }),
        args: [g([5, 3], dt), g([3, 1], "int32", -1, 5), g([3, 3], dt)],
        choices: [0, null],
      },
      {
        prim,
        name: `${prim} ${dt} with batching dims`,
        f: (x, i, u) => fn(x!, i!, u!, batchingS),
        args: [g([2, 5], dt), g([2, 3, 1], "int32", 0, 4), g([2, 3], dt)],
        choices: [0, 1, null],
      },
      {
        prim,
        name: `${prim} ${dt} index vector only`,
        f: (x, i, u) => fn(x!, i!, u!, vecS),
        args: [g([5, 3], dt), g([1], "int32", 0, 4), g([3], dt)],
        choices: [0, null],
      },
    ]),
  );
  it.each(rows([...gatherCases, ...scatterCases]))("%s", run);
});

// ------------------------------------------------------------------------------------------------
// Linear algebra (issue 20): leadingBatchRule, batch axes anywhere, operands batched or not

describe("linear algebra", () => {
  const f64 = (shape: readonly number[]): Gen => g(shape, "float64");
  /** x x^T + 3 I: symmetric positive definite with distinct eigenvalues (almost surely). */
  const spd = (x: Array): Array => lax.add(matrixHelpers.matmul(x, matrixHelpers.mT(x)), matrixHelpers.eyeLike(x, x.shape[x.ndim - 1]!).mul(3));
  /** A well-conditioned upper-triangular matrix: triu(x) + 3 I. */
  const tri = (x: Array): Array => lax.add(matrixHelpers.triu(x), matrixHelpers.eyeLike(x, x.shape[x.ndim - 1]!).mul(3));
  const cases: Case[] = [
    { prim: "cholesky", name: "cholesky", f: (x) => lax.linalg.cholesky(spd(x!)), args: [f64([3, 3])] },
    { prim: "triangular_solve", name: "triangular_solve left", f: (a, b) => lax.linalg.triangularSolve(tri(a!), b!, { leftSide: true }), args: [f64([3, 3]), f64([3, 2])] },
    { prim: "triangular_solve", name: "triangular_solve right transposeA", f: (a, b) => lax.linalg.triangularSolve(tri(a!), b!, { transposeA: true }), args: [f64([3, 3]), f64([2, 3])] },
    { prim: "lu", name: "lu", f: (x) => lax.linalg.lu(x!), args: [f64([3, 4])] },
    { prim: "qr", name: "qr", f: (x) => lax.linalg.qr(x!, { fullMatrices: false }), args: [f64([4, 3])] },
    { prim: "eigh", name: "eigh", f: (x) => lax.linalg.eigh(spd(x!)), args: [f64([3, 3])] },
    { prim: "eig", name: "eig", f: (x) => lax.linalg.eig(x!), args: [f64([3, 3])] },
    { prim: "qr", name: "qr (pivoted)", f: (x) => lax.linalg.qr(x!, { pivoting: true }), args: [f64([4, 3])] },
    { prim: "schur", name: "schur (real)", f: (x) => lax.linalg.schur(x!), args: [f64([4, 4])] },
    { prim: "hessenberg", name: "hessenberg", f: (x) => lax.linalg.hessenberg(x!), args: [f64([4, 4])] },
    { prim: "householder_product", name: "householder_product", f: (a, t) => lax.linalg.householderProduct(a!, t!), args: [f64([4, 3]), f64([2])] },
    { prim: "schur", name: "schur (complex)", f: (x) => lax.linalg.schur(lax.complex(x!, lax.mul(x!, lax.full([], 0.5, "float64")))), args: [f64([3, 3])] },
    { prim: "svd", name: "svd", f: (x) => lax.linalg.svd(x!), args: [f64([2, 3])] },
    { prim: "fft", name: "fft RFFT, FFT, IFFT, IRFFT", f: (x) => { const c = lax.fft(lax.fft(x!, "RFFT", [3, 4]), "FFT", [3]); return [c, lax.fft(lax.fft(c, "IFFT", [3, 3]), "IRFFT", [3, 4])]; }, args: [f64([2, 3, 4])] },
    { prim: "tridiagonal_solve", name: "tridiagonal_solve", f: (dl, d, du, b) => lax.linalg.tridiagonalSolve(dl!, lax.add(d!, lax.full([], 3, "float64")), du!, b!), args: [f64([3]), f64([3]), f64([3]), f64([3, 2])], choices: [0, null] },
  ];
  it.each(rows(cases))("%s", run);
});

describe("windowed reductions (issue 21)", () => {
  const f64 = (shape: readonly number[]): Gen => g(shape, "float64");
  const maxPool = (x: Array): Array => lax.reduceWindow(x, -Infinity, lax.max, [2, 2, 1], [1, 2, 1], "SAME");
  const cases: Case[] = [
    { prim: "reduce_window_sum", name: "reduce_window_sum", f: (x) => lax.reduceWindow(x!, 0, lax.add, [2, 3], [1, 2], "SAME", [2, 1], [1, 2]), args: [f64([4, 5])] },
    { prim: "reduce_window_max", name: "reduce_window_max", f: (x) => maxPool(x!), args: [f64([4, 5, 2])] },
    { prim: "reduce_window_min", name: "reduce_window_min", f: (x) => lax.reduceWindow(x!, Infinity, lax.min, [2, 2], [2, 1], [[1, 0], [0, 1]]), args: [f64([5, 4])] },
    { prim: "reduce_window", name: "reduce_window product", f: (x) => lax.reduceWindow(x!, 1, lax.mul, [2, 2], [1, 1], "SAME"), args: [f64([3, 4])] },
    { prim: "select_and_gather_add", name: "select_and_gather_add", f: (x, t) => jvp(maxPool, [x!], [t!])[1], args: [f64([4, 5, 2]), f64([4, 5, 2])] },
    { prim: "select_and_scatter_add", name: "select_and_scatter_add", f: (x, ct) => vjp(maxPool, x!)[1](ct!)[0]!, args: [f64([4, 5, 2]), f64([4, 3, 2])] },
  ];
  it.each(rows(cases))("%s", run);
});

describe("named-axis collectives", () => {
  // Each per-example function maps a named vmap ("j", over axis 1, size 2) of an unnamed vmap
  // (over axis 1, size 3) of the collective: the unnamed trace batches the collective like any
  // primitive, the named one carries it out, and the test's own vmap batches both.
  const f64 = (shape: readonly number[]): Gen => g(shape, "float64");
  const named = (h: (v: Array) => Array) => (x: Array | undefined) => vmap((u: Array) => vmap(h, { inAxes: 1 })(u), { axisName: "j", inAxes: 1 })(x!);
  const cases: Case[] = [
    { prim: "psum", name: "psum", f: named((v) => lax.psum(v, "j")), args: [f64([4, 2, 3])] },
    { prim: "pmax", name: "pmax", f: named((v) => lax.pmax(v, "j")), args: [f64([4, 2, 3])] },
    { prim: "pmin", name: "pmin", f: named((v) => lax.pmin(v, "j")), args: [f64([4, 2, 3])] },
    { prim: "axis_index", name: "axis_index", f: named((v) => lax.mul(v, lax.convertElementType(lax.axisIndex("j"), "float64"))), args: [f64([4, 2, 3])] },
    { prim: "all_gather", name: "all_gather", f: named((v) => lax.allGather(v, "j", { axis: 1 })), args: [f64([4, 2, 3])] },
    { prim: "ppermute", name: "ppermute", f: named((v) => lax.ppermute(v, "j", [[0, 1], [1, 0]])), args: [f64([4, 2, 3])] },
    { prim: "all_to_all", name: "all_to_all", f: named((v) => lax.allToAll(lax.reshape(v, [2, 2]), "j", 0, 1)), args: [f64([4, 2, 3])] },
    { prim: "reduce_scatter", name: "reduce_scatter (psum_scatter)", f: named((v) => lax.psumScatter(v, "j", { tiled: true })), args: [f64([4, 2, 3])] },
  ];
  it.each(rows(cases))("%s", run);
});

// ------------------------------------------------------------------------------------------------
// iota, custom_lin, helpers, coverage, composition

describe("iota, custom_lin", () => {
  it("iota inside vmap is unbatched and broadcasts against batched operands", () => {
    covered.add("iota");
    checkVmap((x) => lax.add(x!, lax.broadcastedIota("float32", [2, 3], 1)), [g([2, 3])], [1]);
    checkVmap((x) => lax.mul(x!, lax.iota("int32", 4)), [g([], "int32")], [0]);
  });

  it("iota's rule is unreachable and says so", () => {
    expect(() => BATCH_RULES.iota([], [], { dtype: "int32", shape: [3], dimension: 0 }, 2, null)).toThrow(/internal error.*iota/);
  });

  it("custom_lin: the batched bwd is the per-example bwd vmapped", () => {
    covered.add("custom_lin");
    // Call primitives and debug_callback are batched in test/jit (jit under vmap, debug.print).
    for (const p of ["pjit", "custom_jvp_call", "custom_vjp_call", "checkpoint", "debug_callback"]) covered.add(p);
    // name (checkpoint_name) and pure_callback (each vmapMethod): test/ad/checkpointPolicies.test.ts, test/jit/pureCallback.test.ts.
    for (const p of ["name", "pure_callback"]) covered.add(p);
    // Control flow is batched in test/control (batched predicates and carries).
    for (const p of ["cond", "while", "scan", "custom_linear_solve"]) covered.add(p);
    // custom_lin(residuals=[r], tangents=[t]); its transpose is bwd([r], [ct]) = [r * ct + 1 * sum(r)].
    const bwd = ((res: Array[], cts: Array[]) => [lax.add(lax.mul(res[0]!, cts[0]!), lax.reduceSum(res[0]!, [0, 1]))]) as never;
    const aval = gen([2, 3]).aval;
    const params = { bwd, numResiduals: 1, outAvals: [aval], inAvals: [aval] };
    for (const [rd, td] of [
      [1, null],
      [0, 2],
      [null, 0],
    ] as [BatchDim, BatchDim][]) {
      const r = rd === null ? gen([2, 3]) : moveBatchAxis(gen([B, 2, 3]), 0, rd, B);
      const t = td === null ? gen([2, 3]) : moveBatchAxis(gen([B, 2, 3]), 0, td, B);
      // Staged: evaluating custom_lin is forward-mode of a custom_vjp function, which throws.
      const jaxpr = makeJaxpr((a: Array, b: Array) => BATCH_RULES.custom_lin([a, b], [rd, td], params, B, null)[0]![0]!)(r, t).jaxpr;
      const eqn = jaxpr.eqns.find((e) => e.primitive === "custom_lin")!;
      const p = eqn.params as typeof params;
      expect(p.outAvals[0]!.shape).toEqual([B, 2, 3]);
      expect(p.inAvals[0]!.shape).toEqual([B, 2, 3]);
      const ct = gen([B, 2, 3]);
      const got = (p.bwd as unknown as (res: Array[], cts: Array[]) => Array[])([r], [ct])[0]!;
      const rs = rd === null ? globalThis.Array.from({ length: B }, () => r) : np.unstack(r, rd);
      const want = np.stack(rs.map((rb, b) => (bwd as unknown as (res: Array[], cts: Array[]) => Array[])([rb], [ct.get(b)])[0]!), 0);
      expectClose(got, want, `custom_lin bwd (dims ${rd}, ${td})`);
    }
  });
});

describe("helpers", () => {
  it("moveBatchAxis moves, and broadcasts unbatched values", () => {
    const x = gen([2, 3, 4]);
    expect(moveBatchAxis(x, 0, 2, 2).shape).toEqual([3, 4, 2]);
    expect(moveBatchAxis(x, 2, 0, 4).shape).toEqual([4, 2, 3]);
    expect(moveBatchAxis(x, 1, -1, 3).shape).toEqual([2, 4, 3]);
    expect(moveBatchAxis(x, 1, 1, 3)).toBe(x);
    const b = moveBatchAxis(x, null, 1, 5);
    expect(b.shape).toEqual([2, 5, 3, 4]);
    expectClose(b, np.stack([x, x, x, x, x], 1), "broadcast");
    expect(moveBatchAxis(gen([]), null, 0, 3).shape).toEqual([3]);
  });
});

describe("coverage and composition", () => {
  it("every catalogue primitive has a rule and a test above", () => {
    const names = Object.keys(SHAPE_RULES);
    loadAllFamilies();
    expect(BATCH_TABLE.keys().sort()).toEqual([...names].sort());
    expect(names.filter((n) => !covered.has(n))).toEqual([]);
  });

  it("nested vmap over structural and indexing rules", () => {
    const f = (x: Array, i: Array, w: Array): Array => {
      const rowsOf = lax.gather(x, i, { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [] }, [1, 3]);
      const y = lax.dotGeneral(rowsOf, w, [[[1], [0]], [[], []]]);
      return lax.pad(lax.dynamicSlice(y, [i.get(0, 0), 0], [1, 2]), lax.reduceMax(w, [0, 1]), [[1, 1, 0], [0, 1, 1]]);
    };
    const x = gen([4, 2, 5, 3]);
    const i = gen([2, 4, 2, 1], "int32", 0, 4);
    const w = gen([3, 2, 4]);
    const got = vmap(vmap(f, { inAxes: [0, 0, null] }), { inAxes: [0, 1, 2] })(x, i, w);
    const want = np.stack(
      [0, 1, 2, 3].map((a) => np.stack([0, 1].map((b) => f(x.get(a, b), i.get(b, a), w.get(":", ":", a))), 0)),
      0,
    );
    expectClose(got, want, "nested vmap");
  });

  it("vmap of grad through batched rules", () => {
    const f = (x: Array, y: Array): Array => {
      const z = lax.dotGeneral(lax.pad(x, y, [[1, 0, 1]]), lax.pad(lax.rev(x, [0]), y, [[0, 1, 1]]), [[[0], [0]], [[], []]]);
      return lax.add(z, lax.reduceSum(lax.cumsum(lax.mul(x, y), 0), [0]));
    };
    const x = gen([3, 3], "float64");
    const y = gen([3], "float64");
    const dfdx = grad(f, { argnums: [0, 1] });
    const got = vmap(dfdx, { inAxes: [1, 0] })(x, y) as Array[];
    const want = [0, 1, 2].map((b) => dfdx(x.get(":", b), y.get(b)) as Array[]);
    expectClose(got[0]!, np.stack(want.map((w) => w[0]!), 0), "d/dx");
    expectClose(got[1]!, np.stack(want.map((w) => w[1]!), 0), "d/dy");
  });

  it("grad of vmap differentiates what the rules emit (masks, gathers, scatters)", () => {
    const f = (x: Array, p: Array, i: Array): Array => {
      const padded = lax.pad(x, p, [[1, 1, 1]]);
      const win = lax.dynamicSlice(padded, [i], [3]);
      const upd = lax.dynamicUpdateSlice(x, lax.mul(win, win), [lax.sub(i, lax.convertElementType(1, "int32"))]);
      return lax.reduceSum(lax.mul(upd, lax.sort(x)[0]!), [0]);
    };
    const x = gen([4, 5], "float64");
    const p = gen([4], "float64");
    const i = gen([4], "int32", 0, 6);
    const total = (a: Array, b: Array): Array => lax.reduceSum(vmap(f, { inAxes: [0, 0, 0] })(a, b, i), [0]);
    const [gx, gp] = grad(total, { argnums: [0, 1] })(x, p) as Array[];
    const want = [0, 1, 2, 3].map((k) => grad(f, { argnums: [0, 1] })(x.get(k), p.get(k), i.get(k)) as Array[]);
    expectClose(gx!, np.stack(want.map((w) => w[0]!), 0), "d/dx");
    expectClose(gp!, np.stack(want.map((w) => w[1]!), 0), "d/dp");
  });
});
