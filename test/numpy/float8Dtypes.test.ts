// The 8-bit floats float8_e4m3fn, float8_e4m3fnuz, float8_e5m2, float8_e5m2fnuz (issue 19): held in
// a Float32Array and computed in float32 with a rounding after every operation, as float16. Values
// from JAX 0.10.2 with ml_dtypes 0.6.0 (conversions from float64; arithmetic on XLA's CPU backend).
import { describe, it, expect } from "vitest";
import { numpy as np, jit, vmap, grad } from "../../src/index.js";
import type { Array, DType } from "../../src/index.js";
import { promoteTypes, roundToFormat, FLOAT8_FORMATS, TypePromotionError } from "../../jaxpr/index.js";
import { checkGrads } from "../../src/testUtil/index.js";

const FLOAT8 = ["float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz"] as const;
const PROMOTION = {"names": ["float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz", "bool", "int8", "uint8", "int32", "float16", "bfloat16", "float32", "float64", "complex64", "i*", "f*", "c*"], "table": {"float8_e4m3fn": ["float8_e4m3fn", "error", "error", "error", "float8_e4m3fn", "float8_e4m3fn", "float8_e4m3fn", "float8_e4m3fn", "error", "error", "error", "error", "error", "float8_e4m3fn", "float8_e4m3fn", "error"], "float8_e4m3fnuz": ["error", "float8_e4m3fnuz", "error", "error", "float8_e4m3fnuz", "float8_e4m3fnuz", "float8_e4m3fnuz", "float8_e4m3fnuz", "error", "error", "error", "error", "error", "float8_e4m3fnuz", "float8_e4m3fnuz", "error"], "float8_e5m2": ["error", "error", "float8_e5m2", "error", "float8_e5m2", "float8_e5m2", "float8_e5m2", "float8_e5m2", "error", "error", "error", "error", "error", "float8_e5m2", "float8_e5m2", "error"], "float8_e5m2fnuz": ["error", "error", "error", "float8_e5m2fnuz", "float8_e5m2fnuz", "float8_e5m2fnuz", "float8_e5m2fnuz", "float8_e5m2fnuz", "error", "error", "error", "error", "error", "float8_e5m2fnuz", "float8_e5m2fnuz", "error"]}} as { names: string[]; table: Record<string, string[]> };
const F8_IN: number[] = [0.0, -0, Infinity, -Infinity, NaN, 1.0, -1.0, 448.0, 449.0, 464.0, 465.0, 479.0, 480.0, 500.0, 240.0, 247.0, 248.0, 249.0, 256.0, 57344.0, 61439.0, 61440.0, 61441.0, 65536.0, 10000000000.0, -10000000000.0, 0.015625, 0.0078125, 0.00390625, 0.001953125, 0.0009765625, 0.00048828125, 0.00146484375, 0.00146484375, 1.52587890625e-05, 7.62939453125e-06, 3.814697265625e-06, 1.1444091796875e-05, 3.0517578125e-05, 6.103515625e-05, 1e-20, -1e-20, -0.00048828125, -0.0009765625, 1.0625, 1.1875, 1.15625, 3.5, 0.1, 0.3, -0.3, 0.3333333333333333, 2.5, 17.0, 19.0, 21.0, -7.25, 0.5029208843735732, -0.5284194531652076, 2.5616906017731282, 0.41960046861215883, -2.142677492644444, 1.446380219637939, 5.216000180520549, 3.7883238525169687, -2.8149409432279704, -5.06168588418421, -2.4930978501494088, 0.1653039173889744, -9.300123098555337, -0.8751666557301829, -4.983643789012261, -2.9290694188138064, -2.1770359314292396, -1.2652006254766182, 1.6465221454965313, 4.17005347777071, -0.514138651776137, 5.4658538821987435, -2.660778693946454, 1.4060402803720788, 3.6138807266072344, 0.37604919104349827, -2.9739969974152336, -3.6869015050336778, -1.8309033026693566, 0.8807804938801976, 99.80411496188584, 0.00025445698119382857, 4.6293457569076735e-09, 413.2276403269679, -0.0898364814860349, -8.63575555583861e-06, -0.016422883682767703, 566921.9262421931, -3851106.95654708, -6.673329584531221e-05, -0.6542817050372761, -1.4237714211298177e-05, 1.7417690612221384, 2.8380243587695217e-05, -0.0002857529369536748, 586423.2844427068, 2.4250985746261306e-07, 6.031810542645795, -5.147497653065845e-10, -49202.43283363977, 6941.181069964601, 4.0999783764315236e-07, -324104.7110645349, -1.7233609529209598e-10, -2.627306215002809e-05, 8.893164193036891e-09, -0.003569223427797499, 10321.079356283122, -2.8171074672060053e-07, -1.3005234999917727e-10, -0.0004983186193286637, 7.076232673692953e-08, 6.877339603069264e-10, 0.95532144590488, 5.2563888952916845e-06, 49.19439784732782, -7.38790966192455e-08, -5448570.0266442085, -9.140021150275105e-05, 1.2963632685574573e-09];
const F8_OUT: Record<string, number[]> = {
  float8_e4m3fn: [0.0, -0, NaN, NaN, NaN, 1.0, -1.0, 448.0, 448.0, 448.0, NaN, NaN, NaN, NaN, 240.0, 240.0, 256.0, 256.0, 256.0, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 0.015625, 0.0078125, 0.00390625, 0.001953125, 0.0, 0.0, 0.001953125, 0.001953125, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0, -0, -0, 1.0, 1.25, 1.125, 3.5, 0.1015625, 0.3125, -0.3125, 0.34375, 2.5, 16.0, 20.0, 20.0, -7.0, 0.5, -0.5, 2.5, 0.40625, -2.25, 1.5, 5.0, 3.75, -2.75, -5.0, -2.5, 0.171875, -9.0, -0.875, -5.0, -3.0, -2.25, -1.25, 1.625, 4.0, -0.5, 5.5, -2.75, 1.375, 3.5, 0.375, -3.0, -3.75, -1.875, 0.875, 96.0, 0.0, 0.0, 416.0, -0.0859375, -0, -0.015625, NaN, NaN, -0, -0.625, -0, 1.75, 0.0, -0, NaN, 0.0, 6.0, -0, NaN, NaN, 0.0, NaN, -0, -0, 0.0, -0.00390625, NaN, -0, -0, -0, 0.0, 0.0, 0.9375, 0.0, 48.0, -0, NaN, -0, 0.0],
  float8_e4m3fnuz: [0.0, 0.0, NaN, NaN, NaN, 1.0, -1.0, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 240.0, 240.0, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 0.015625, 0.0078125, 0.00390625, 0.001953125, 0.0009765625, 0.0, 0.001953125, 0.001953125, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.0009765625, 1.0, 1.25, 1.125, 3.5, 0.1015625, 0.3125, -0.3125, 0.34375, 2.5, 16.0, 20.0, 20.0, -7.0, 0.5, -0.5, 2.5, 0.40625, -2.25, 1.5, 5.0, 3.75, -2.75, -5.0, -2.5, 0.171875, -9.0, -0.875, -5.0, -3.0, -2.25, -1.25, 1.625, 4.0, -0.5, 5.5, -2.75, 1.375, 3.5, 0.375, -3.0, -3.75, -1.875, 0.875, 96.0, 0.0, 0.0, NaN, -0.0859375, 0.0, -0.015625, NaN, NaN, 0.0, -0.625, 0.0, 1.75, 0.0, 0.0, NaN, 0.0, 6.0, 0.0, NaN, NaN, 0.0, NaN, 0.0, 0.0, 0.0, -0.00390625, NaN, 0.0, 0.0, -0.0009765625, 0.0, 0.0, 0.9375, 0.0, 48.0, 0.0, NaN, 0.0, 0.0],
  float8_e5m2: [0.0, -0, Infinity, -Infinity, NaN, 1.0, -1.0, 448.0, 448.0, 448.0, 448.0, 448.0, 512.0, 512.0, 256.0, 256.0, 256.0, 256.0, 256.0, 57344.0, 57344.0, Infinity, Infinity, Infinity, Infinity, -Infinity, 0.015625, 0.0078125, 0.00390625, 0.001953125, 0.0009765625, 0.00048828125, 0.00146484375, 0.00146484375, 1.52587890625e-05, 0.0, 0.0, 1.52587890625e-05, 3.0517578125e-05, 6.103515625e-05, 0.0, -0, -0.00048828125, -0.0009765625, 1.0, 1.25, 1.25, 3.5, 0.09375, 0.3125, -0.3125, 0.3125, 2.5, 16.0, 20.0, 20.0, -7.0, 0.5, -0.5, 2.5, 0.4375, -2.0, 1.5, 5.0, 4.0, -3.0, -5.0, -2.5, 0.15625, -10.0, -0.875, -5.0, -3.0, -2.0, -1.25, 1.75, 4.0, -0.5, 5.0, -2.5, 1.5, 3.5, 0.375, -3.0, -3.5, -1.75, 0.875, 96.0, 0.000244140625, 0.0, 384.0, -0.09375, -1.52587890625e-05, -0.015625, Infinity, -Infinity, -6.103515625e-05, -0.625, -1.52587890625e-05, 1.75, 3.0517578125e-05, -0.00030517578125, Infinity, 0.0, 6.0, -0, -49152.0, 7168.0, 0.0, -Infinity, -0, -3.0517578125e-05, 0.0, -0.00341796875, 10240.0, -0, -0, -0.00048828125, 0.0, 0.0, 1.0, 0.0, 48.0, -0, -Infinity, -9.1552734375e-05, 0.0],
  float8_e5m2fnuz: [0.0, 0.0, NaN, NaN, NaN, 1.0, -1.0, 448.0, 448.0, 448.0, 448.0, 448.0, 512.0, 512.0, 256.0, 256.0, 256.0, 256.0, 256.0, 57344.0, 57344.0, NaN, NaN, NaN, NaN, NaN, 0.015625, 0.0078125, 0.00390625, 0.001953125, 0.0009765625, 0.00048828125, 0.00146484375, 0.00146484375, 1.52587890625e-05, 7.62939453125e-06, 0.0, 1.52587890625e-05, 3.0517578125e-05, 6.103515625e-05, 0.0, 0.0, -0.00048828125, -0.0009765625, 1.0, 1.25, 1.25, 3.5, 0.09375, 0.3125, -0.3125, 0.3125, 2.5, 16.0, 20.0, 20.0, -7.0, 0.5, -0.5, 2.5, 0.4375, -2.0, 1.5, 5.0, 4.0, -3.0, -5.0, -2.5, 0.15625, -10.0, -0.875, -5.0, -3.0, -2.0, -1.25, 1.75, 4.0, -0.5, 5.0, -2.5, 1.5, 3.5, 0.375, -3.0, -3.5, -1.75, 0.875, 96.0, 0.000244140625, 0.0, 384.0, -0.09375, -7.62939453125e-06, -0.015625, NaN, NaN, -6.103515625e-05, -0.625, -1.52587890625e-05, 1.75, 3.0517578125e-05, -0.00030517578125, NaN, 0.0, 6.0, 0.0, -49152.0, 7168.0, 0.0, NaN, 0.0, -2.288818359375e-05, 0.0, -0.00341796875, 10240.0, 0.0, 0.0, -0.00048828125, 0.0, 0.0, 1.0, 7.62939453125e-06, 48.0, 0.0, NaN, -9.1552734375e-05, 0.0],
};
const ARITH: Record<string, Record<string, number[] | string>> = {
  float8_e4m3fn: {
    x: [0.3125, 1.5, 3.25, -2.75, 96.0, 192.0, 0.01953125, -0.001953125],
    y: [0.203125, 2.25, 1.125, 0.3125, 7.0, 3.0, 0.009765625, 0.00390625],
    add: [0.5, 3.75, 4.5, -2.5, 104.0, 192.0, 0.029296875, 0.001953125],
    mul: [0.0625, 3.5, 3.75, -0.875, NaN, NaN, 0.0, -0],
    div: [1.5, 0.6875, 3.0, -9.0, 14.0, 64.0, 2.0, -0.5],
    chain: [0.04296875, -0.875, 4.5, 6.0, NaN, NaN, 0.0, -0],
    neg: [-0.3125, -1.5, -3.25, 2.75, -96.0, -192.0, -0.01953125, 0.001953125],
    grad: [0.625, 1.125, -3.25, 2.0, -16.0, -176.0, 0.0390625, -0.00390625],
    sin: [0.3125, 1.0, -0.109375, -0.375, 1.0, -0.34375, 0.01953125, -0.001953125],
    repr: "Array([0.3125, 1.5, 3.25, -2.75, 96, 192, 0.0195312, -0.00195312],      dtype=float8_e4m3fn)",
    repr2: "Array([1, -0, nan, nan], dtype=float8_e4m3fn)",
    scalar: "Array(0.3125, dtype=float8_e4m3fn)",
  },
  float8_e4m3fnuz: {
    x: [0.3125, 1.5, 3.25, -2.75, 96.0, 192.0, 0.01953125, -0.0009765625],
    y: [0.203125, 2.25, 1.125, 0.3125, 7.0, 3.0, 0.009765625, 0.0029296875],
    add: [0.5, 3.75, 4.5, -2.5, 104.0, 192.0, 0.029296875, 0.001953125],
    mul: [0.0625, 3.5, 3.75, -0.875, NaN, NaN, 0.0, 0.0],
    div: [1.5, 0.6875, 3.0, -9.0, 14.0, 64.0, 2.0, -0.34375],
    chain: [0.04296875, -0.875, 4.5, 6.0, NaN, NaN, 0.0, 0.0],
    neg: [-0.3125, -1.5, -3.25, 2.75, -96.0, -192.0, -0.01953125, 0.0009765625],
    grad: [0.625, 1.125, -3.25, 2.0, -16.0, -176.0, 0.0390625, -0.001953125],
    sin: [0.3125, 1.0, -0.109375, -0.375, 1.0, -0.34375, 0.01953125, -0.0009765625],
    repr: "Array([0.3125, 1.5, 3.25, -2.75, 96, 192, 0.0195312, -0.000976562],      dtype=float8_e4m3fnuz)",
    repr2: "Array([1, 0, nan, nan], dtype=float8_e4m3fnuz)",
    scalar: "Array(0.3125, dtype=float8_e4m3fnuz)",
  },
  float8_e5m2: {
    x: [0.3125, 1.5, 3.0, -3.0, 96.0, 192.0, 0.01953125, -0.0009765625],
    y: [0.1875, 2.0, 1.0, 0.3125, 7.0, 3.0, 0.009765625, 0.0029296875],
    add: [0.5, 3.5, 4.0, -2.5, 96.0, 192.0, 0.03125, 0.001953125],
    mul: [0.0625, 3.0, 3.0, -1.0, 640.0, 512.0, 0.00018310546875, -0],
    div: [1.75, 0.75, 3.0, -10.0, 14.0, 64.0, 2.0, -0.3125],
    chain: [0.046875, -0.625, 4.0, 6.0, 1024.0, 8192.0, 0.00030517578125, -0],
    neg: [-0.3125, -1.5, -3.0, 3.0, -96.0, -192.0, -0.01953125, 0.0009765625],
    grad: [0.625, 1.0, -3.0, 3.0, -16.0, -160.0, 0.0390625, -0.001953125],
    sin: [0.3125, 1.0, 0.15625, -0.15625, 1.0, -0.375, 0.01953125, -0.0009765625],
    repr: "Array([0.3125, 1.5, 3, -3, 96, 192, 0.0195312, -0.000976562], dtype=float8_e5m2)",
    repr2: "Array([1, -0, inf, nan], dtype=float8_e5m2)",
    scalar: "Array(0.3125, dtype=float8_e5m2)",
  },
  float8_e5m2fnuz: {
    x: [0.3125, 1.5, 3.0, -3.0, 96.0, 192.0, 0.01953125, -0.0009765625],
    y: [0.1875, 2.0, 1.0, 0.3125, 7.0, 3.0, 0.009765625, 0.0029296875],
    add: [0.5, 3.5, 4.0, -2.5, 96.0, 192.0, 0.03125, 0.001953125],
    mul: [0.0625, 3.0, 3.0, -1.0, 640.0, 512.0, 0.00018310546875, 0.0],
    div: [1.75, 0.75, 3.0, -10.0, 14.0, 64.0, 2.0, -0.3125],
    chain: [0.046875, -0.625, 4.0, 6.0, 1024.0, 8192.0, 0.00030517578125, -7.62939453125e-06],
    neg: [-0.3125, -1.5, -3.0, 3.0, -96.0, -192.0, -0.01953125, 0.0009765625],
    grad: [0.625, 1.0, -3.0, 3.0, -16.0, -160.0, 0.0390625, -0.001953125],
    sin: [0.3125, 1.0, 0.15625, -0.15625, 1.0, -0.375, 0.01953125, -0.0009765625],
    repr: "Array([0.3125, 1.5, 3, -3, 96, 192, 0.0195312, -0.000976562],      dtype=float8_e5m2fnuz)",
    repr2: "Array([1, 0, nan, nan], dtype=float8_e5m2fnuz)",
    scalar: "Array(0.3125, dtype=float8_e5m2fnuz)",
  },
};

const values = (x: Array): number[] => globalThis.Array.from(x.dataSync() as ArrayLike<number>);
// Compares with -0 and NaN told apart from 0 and each other as toEqual does (Object.is per element).
const asDType = (name: string): { dtype: DType; weakType: boolean } =>
  name === "i*" ? { dtype: "int32", weakType: true } : name === "f*" ? { dtype: "float32", weakType: true } : name === "c*" ? { dtype: "complex64", weakType: true } : { dtype: name as DType, weakType: false };
const arith = (d: string, k: string): number[] => ARITH[d]![k] as number[];

describe("float8 rounding against ml_dtypes (ties to even, subnormals, overflow, NaN, infinities, signed zeros)", () => {
  for (const d of FLOAT8) {
    it(`${d}: roundToFormat, np.array, astype from float64 and float32, eager and under jit (twice)`, () => {
      const want = F8_OUT[d]!;
      F8_IN.forEach((x, i) => expect([x, roundToFormat(x, FLOAT8_FORMATS[d])]).toEqual([x, want[i]]));
      expect(values(np.array(F8_IN, { dtype: d }))).toEqual(want);
      const x64 = np.array(F8_IN, { dtype: "float64" });
      expect(values(x64.astype(d))).toEqual(want);
      const f = jit((a: Array) => a.astype(d));
      expect(values(f(x64))).toEqual(want);
      expect(values(f(x64))).toEqual(want);
      // Every input is exact in float32 except the ones beyond its range, which both round alike.
      const x32 = np.array(F8_IN, { dtype: "float32" });
      expect(values(jit((a: Array) => a.astype(d))(x32))).toEqual(values(x32.astype("float64").astype(d)));
      expect(values(x32.astype(d))).toEqual(values(x32.astype("float64").astype(d)));
      // And back: every float8 value is exact in float32.
      expect(values(np.array(F8_IN, { dtype: d }).astype("float32"))).toEqual(want.map(Math.fround));
    });
  }
});

describe("promotion: JAX's lattice, where 8-bit floats join only themselves and weaker types", () => {
  it("promoteTypes equals dtypes.result_type (weak types included); missing joins are TypePromotionErrors", () => {
    const { names, table } = PROMOTION;
    for (const a of FLOAT8) {
      names.forEach((b, j) => {
        let got: string;
        try {
          const r = promoteTypes(asDType(a), asDType(b));
          got = `${r.dtype}${r.weakType ? "*" : ""}`;
        } catch (e) {
          expect(e).toBeInstanceOf(TypePromotionError);
          got = "error";
        }
        expect(`${a} ${b}: ${got}`).toBe(`${a} ${b}: ${table[a]![j]!}`);
      });
    }
  });
  it("operators refuse with JAX's message; ints, bools and Python scalars join", () => {
    const a = np.ones([2], { dtype: "float8_e4m3fn" });
    expect(() => np.add(a, np.ones([2], { dtype: "float16" }))).toThrow(
      "Input dtypes ('float8_e4m3fn', 'float16') have no available implicit dtype promotion path. To avoid unintended promotion, 8-bit floats do not support implicit promotion. If you'd like your inputs to be promoted to another type, you can do so explicitly using e.g. x.astype('float32')",
    );
    expect(() => np.add(a, np.ones([2], { dtype: "float8_e5m2" }))).toThrow(TypePromotionError);
    expect(() => promoteTypes({ dtype: "float8_e5m2", weakType: false }, { dtype: "complex64", weakType: true })).toThrow(
      "Input dtypes ('float8_e5m2', \"<class 'complex'>\") have no available implicit dtype promotion path.",
    );
    expect(np.multiply(a, 2).dtype).toBe("float8_e4m3fn");
    expect(np.add(a, 0.5).dtype).toBe("float8_e4m3fn");
    expect(np.add(a, np.ones([2], { dtype: "int32" })).dtype).toBe("float8_e4m3fn");
    expect(np.add(a, np.ones([2], { dtype: "bool" })).dtype).toBe("float8_e4m3fn");
  });
});

describe("finfo, scalar constructors, printing (values from JAX 0.10.2)", () => {
  it("finfo equals jnp.finfo", () => {
    const rows = FLOAT8.map((d) => {
      const f = np.finfo(d);
      return [f.bits, f.eps, f.epsneg, f.max, f.min, f.tiny, f.smallestNormal, f.smallestSubnormal, f.resolution, f.precision, f.nmant, f.nexp, f.minexp, f.maxexp];
    });
    expect(rows).toEqual([
      [8, 0.125, 0.0625, 448, -448, 0.015625, 0.015625, 0.001953125, 0.1015625, 1, 3, 4, -6, 9],
      [8, 0.125, 0.0625, 240, -240, 0.0078125, 0.0078125, 0.0009765625, 0.1015625, 1, 3, 4, -7, 8],
      [8, 0.25, 0.125, 57344, -57344, 6.103515625e-5, 6.103515625e-5, 1.52587890625e-5, 0.09375, 1, 2, 5, -14, 16],
      [8, 0.25, 0.125, 57344, -57344, 3.0517578125e-5, 3.0517578125e-5, 7.62939453125e-6, 0.09375, 1, 2, 5, -15, 16],
    ]);
  });
  it("np.float8E4m3fn(x) and friends round as the dtype; dtype objects and issubdtype", () => {
    const ctors = [np.float8E4m3fn, np.float8E4m3fnuz, np.float8E5m2, np.float8E5m2fnuz];
    ctors.forEach((c, i) => {
      expect(String(c)).toBe(FLOAT8[i]);
      expect(np.dtype(c)).toBe(FLOAT8[i]);
      expect(np.issubdtype(c, np.floating)).toBe(true);
      expect(String(c(0.3))).toBe(ARITH[FLOAT8[i]!]!.scalar);
    });
    expect(values(np.float8E4m3fn(1000))).toEqual([NaN]);
    expect(values(np.float8E5m2(1e6))).toEqual([Infinity]);
    expect(values(np.float8E4m3fnuz(-0))).toEqual([0]);
  });
  it("repr as JAX's", () => {
    for (const d of FLOAT8) {
      expect(String(np.array(arith(d, "x"), { dtype: d }))).toBe(ARITH[d]!.repr);
      expect(String(np.array([1, -0, Infinity, NaN], { dtype: d }))).toBe(ARITH[d]!.repr2);
    }
  });
});

describe("float8 arithmetic rounds after every operation (as XLA's CPU backend)", () => {
  const ops = (a: Array, b: Array): Record<string, Array> => ({
    add: np.add(a, b), mul: np.multiply(a, b), div: np.divide(a, b), neg: np.negative(a),
    chain: np.divide(np.multiply(np.add(a, b), np.subtract(a, b)), np.add(b, 1)),
  });
  for (const d of FLOAT8) {
    it(`${d}: eager = jit (twice) = JAX; astype to float32 and back`, () => {
      const x = np.array(arith(d, "x"), { dtype: d });
      const y = np.array(arith(d, "y"), { dtype: d });
      expect(values(x)).toEqual(arith(d, "x"));
      const f = jit(ops);
      for (const run of [ops(x, y), f(x, y), f(x, y)]) {
        for (const [k, v] of Object.entries(run)) {
          expect(v.dtype).toBe(d);
          expect([k, values(v)]).toEqual([k, arith(d, k)]);
        }
      }
      expect(values(np.sin(x))).toEqual(arith(d, "sin"));
      expect(values(x.astype("float32").astype(d))).toEqual(arith(d, "x"));
    });
    it(`${d}: vmap equals a loop over examples`, () => {
      const xs = np.array([arith(d, "x"), arith(d, "y")], { dtype: d });
      const f = (r: Array): Array => np.multiply(np.sin(r), r);
      const batched = values(vmap(f)(xs));
      const loop = [0, 1].flatMap((i) => values(f(np.take(xs, i, 0))));
      expect(batched).toEqual(loop);
    });
    it(`${d}: grad equals JAX's within a float8 ulp; checkGrads with a loose tolerance`, () => {
      const g = grad((a: Array) => np.sum(np.multiply(np.sin(a), a)));
      const x = np.array(arith(d, "x"), { dtype: d });
      const got = g(x);
      expect(got.dtype).toBe(d);
      const eps = np.finfo(d).eps;
      values(got).forEach((v, i) => {
        const w = arith(d, "grad")[i]!;
        expect(Math.abs(v - w)).toBeLessThanOrEqual(Math.abs(w) * eps + 2 ** -14);
      });
      expect(values(jit(g)(x))).toEqual(values(got));
      checkGrads((a: Array) => np.sum(np.multiply(a, a)), [np.array([0.5, 1.25, -2], { dtype: d })], { order: 2, eps: 0.25, atol: 1, rtol: 0.3 });
    });
  }
});
