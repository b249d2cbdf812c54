// dot_general on the JS backend against a naive reference, over every layout the canonicalisation
// has to handle (transposed operands, batch dims anywhere, several contracting and free dims) and
// over sizes that leave edge tiles at every blocking level.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lowerEqn } from "../../../backends/js/lowerings/index.js";
import { setWasmDotMode } from "../../../backends/js/wasm/wasmDot.js";
import { abstractEval, ShapedArray, TYPED_ARRAY, stridesOf } from "../../../jaxpr/index.js";
import type { DType, DotDimensionNumbers, TypedArray } from "../../../jaxpr/index.js";

type DN = DotDimensionNumbers;

/** Deterministic pseudo-random integers in [-range, range] (exact in every dtype's arithmetic). */
function fill(shape: readonly number[], dtype: DType, seed: number, range = 8): TypedArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new TYPED_ARRAY[dtype](n);
  let s = seed * 2654435761 + 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    const r = ((s >>> 8) % (2 * range + 1)) - range;
    out[i] = dtype === "bool" ? (r > range / 2 ? 1 : 0) : dtype === "uint32" ? Math.abs(r) : r;
  }
  return out;
}

/** Naive dot_general: loops over every output index and every contracting index. */
function reference(lhs: TypedArray, ls: readonly number[], rhs: TypedArray, rs: readonly number[], dn: DN, outDtype: DType): TypedArray {
  const [[lc, rc], [lb, rb]] = dn;
  const lf = ls.map((_, i) => i).filter((i) => !lc.includes(i) && !lb.includes(i));
  const rf = rs.map((_, i) => i).filter((i) => !rc.includes(i) && !rb.includes(i));
  const outShape = [...lb.map((d) => ls[d]!), ...lf.map((d) => ls[d]!), ...rf.map((d) => rs[d]!)];
  const kShape = lc.map((d) => ls[d]!);
  const lst = stridesOf(ls);
  const rst = stridesOf(rs);
  const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
  const unravel = (flat: number, shape: readonly number[]): number[] => {
    const idx = new globalThis.Array<number>(shape.length);
    for (let i = shape.length - 1; i >= 0; i--) {
      idx[i] = flat % shape[i]!;
      flat = Math.floor(flat / shape[i]!);
    }
    return idx;
  };
  const out = new TYPED_ARRAY[outDtype](size(outShape));
  const conv = (x: number): number => {
    if (outDtype === "int32") return Number.isFinite(x) ? Math.trunc(x) | 0 : 0;
    if (outDtype === "uint32") return Number.isFinite(x) && x > 0 ? Math.trunc(x) >>> 0 : 0;
    if (outDtype === "bool") return x !== 0 ? 1 : 0;
    if (outDtype === "float32") return Math.fround(x);
    return x;
  };
  for (let o = 0; o < out.length; o++) {
    const oi = unravel(o, outShape);
    const li = new globalThis.Array<number>(ls.length).fill(0);
    const ri = new globalThis.Array<number>(rs.length).fill(0);
    lb.forEach((d, i) => { li[d] = oi[i]!; ri[rb[i]!] = oi[i]!; });
    lf.forEach((d, i) => { li[d] = oi[lb.length + i]!; });
    rf.forEach((d, i) => { ri[d] = oi[lb.length + lf.length + i]!; });
    let acc = 0;
    for (let k = 0; k < size(kShape); k++) {
      const ki = unravel(k, kShape);
      lc.forEach((d, i) => { li[d] = ki[i]!; ri[rc[i]!] = ki[i]!; });
      const x = conv(lhs[li.reduce((a, v, i) => a + v * lst[i]!, 0)]!);
      const y = conv(rhs[ri.reduce((a, v, i) => a + v * rst[i]!, 0)]!);
      if (outDtype === "int32" || outDtype === "uint32") acc = (acc + Math.imul(x, y)) | 0;
      else if (outDtype === "bool") acc = acc || (x && y) ? 1 : 0;
      else acc += x * y;
    }
    out[o] = acc;
  }
  return out;
}

interface RunResult {
  readonly got: TypedArray;
  readonly want: TypedArray;
  readonly outShape: readonly number[];
  readonly source: string;
}

function run(ls: readonly number[], rs: readonly number[], dn: DN, dtype: DType, preferred: DType | null = null, data?: [TypedArray, TypedArray]): RunResult {
  const inAvals = [new ShapedArray(ls, dtype), new ShapedArray(rs, dtype)];
  const params = { dimensionNumbers: dn, preferredElementType: preferred };
  const outAvals = abstractEval("dot_general", inAvals, params);
  const kernel = lowerEqn("dot_general", { inAvals, outAvals, params });
  const [lhs, rhs] = data ?? [fill(ls, dtype, 1), fill(rs, dtype, 2)];
  const lhsCopy = lhs.slice();
  const rhsCopy = rhs.slice();
  const got = kernel.run(lhs, rhs)[0]!;
  // Inputs are immutable.
  expect(lhs).toEqual(lhsCopy);
  expect(rhs).toEqual(rhsCopy);
  const outDtype = outAvals[0]!.dtype;
  expect(got).toBeInstanceOf(TYPED_ARRAY[outDtype]);
  expect(got.length).toBe(outAvals[0]!.size);
  return { got, want: reference(lhs, ls, rhs, rs, dn, outDtype), outShape: outAvals[0]!.shape, source: kernel.source };
}

/** Integer-valued data keeps every sum exact, so any accumulation order must agree bit for bit. */
function check(ls: readonly number[], rs: readonly number[], dn: DN, dtype: DType, preferred: DType | null = null): RunResult {
  const r = run(ls, rs, dn, dtype, preferred);
  expect(globalThis.Array.from(r.got)).toEqual(globalThis.Array.from(r.want));
  return r;
}

const isBlocked = (source: string): boolean => source.includes("function micro(");

const MATMUL: DN = [[[1], [0]], [[], []]];

// These tests pin the JS kernels (the reference); wasm-dot.test.ts compares the wasm path to them.
beforeAll(() => void setWasmDotMode("never"));
afterAll(() => void setWasmDotMode("auto"));

describe("dot_general layouts (blocked path)", () => {
  it("plain matmul", () => {
    const r = check([20, 30], [30, 25], MATMUL, "float32");
    expect(r.outShape).toEqual([20, 25]);
    expect(isBlocked(r.source)).toBe(true);
  });
  it("transposed lhs (contracting dim first)", () => {
    expect(isBlocked(check([30, 20], [30, 25], [[[0], [0]], [[], []]], "float32").source)).toBe(true);
  });
  it("transposed rhs (contracting dim last)", () => {
    check([20, 30], [25, 30], [[[1], [1]], [[], []]], "float32");
  });
  it("both transposed", () => {
    check([30, 20], [25, 30], [[[0], [1]], [[], []]], "float64");
  });
  it("batch dims at the front", () => {
    const r = check([3, 17, 19], [3, 19, 13], [[[2], [1]], [[0], [0]]], "float32");
    expect(r.outShape).toEqual([3, 17, 13]);
  });
  it("batch dims in the middle and last", () => {
    // lhs (M, B, K), rhs (K, N, B): batch at different positions on each side.
    const r = check([11, 4, 9], [9, 13, 4], [[[2], [0]], [[1], [2]]], "float32");
    expect(r.outShape).toEqual([4, 11, 13]);
  });
  it("two batch dims in a different order on each side", () => {
    const r = check([2, 10, 3, 8], [3, 8, 2, 9], [[[3], [1]], [[0, 2], [2, 0]]], "float64");
    expect(r.outShape).toEqual([2, 3, 10, 9]);
  });
  it("multiple contracting dims, in non-collapsible order", () => {
    // lhs (M, K1, K2), rhs (K2, N, K1): rhs's contracting dims need an offset table.
    const r = check([10, 5, 7], [7, 12, 5], [[[1, 2], [2, 0]], [[], []]], "float32");
    expect(r.outShape).toEqual([10, 12]);
    expect(isBlocked(r.source)).toBe(true);
    expect(r.source).toContain("bKT[");
  });
  it("multiple free dims on both sides", () => {
    // The contracting dim sits between free dims on both sides, so M and N need offset tables.
    const r = check([3, 5, 4, 6], [7, 5, 2], [[[1], [1]], [[], []]], "float64");
    expect(r.outShape).toEqual([3, 4, 6, 7, 2]);
    expect(isBlocked(r.source)).toBe(true);
    expect(r.source).toContain("aMT[");
    expect(r.source).toContain("bNT[");
  });
  it("batch, multiple contracting and free dims together", () => {
    check([4, 3, 5, 2, 6], [2, 7, 4, 3], [[[3, 1], [0, 3]], [[0], [2]]], "float32");
  });
});

describe("dot_general small path", () => {
  it("vector . vector", () => {
    const r = check([17], [17], [[[0], [0]], [[], []]], "float32");
    expect(r.outShape).toEqual([]);
    expect(isBlocked(r.source)).toBe(false);
  });
  it("matrix . vector and vector . matrix", () => {
    expect(check([40, 33], [33], [[[1], [0]], [[], []]], "float64").outShape).toEqual([40]);
    expect(check([33], [33, 40], [[[0], [0]], [[], []]], "float32").outShape).toEqual([40]);
    expect(check([33, 40], [33], [[[0], [0]], [[], []]], "int32").outShape).toEqual([40]);
  });
  it("2x2 and 1x1", () => {
    check([2, 2], [2, 2], MATMUL, "float32");
    check([1, 1], [1, 1], MATMUL, "float64");
    check([2, 2], [2, 2], [[[0], [1]], [[], []]], "int32");
  });
  it("outer product (no contracting dims)", () => {
    const r = check([5], [6], [[[], []], [[], []]], "float32");
    expect(r.outShape).toEqual([5, 6]);
  });
  it("zero-sized contracting dim gives zeros", () => {
    const r = check([4, 0], [0, 3], MATMUL, "float32");
    expect(globalThis.Array.from(r.got)).toEqual(new globalThis.Array(12).fill(0));
  });
  it("every layout at tiny sizes", () => {
    const cases: [number[], number[], DN][] = [
      [[3, 4], [5, 3], [[[0], [1]], [[], []]]], // both transposed
      [[2, 3, 4], [4, 2, 5], [[[2], [0]], [[0], [1]]]], // batch at the front and in the middle
      [[2, 3, 2], [2, 2, 3], [[[1, 2], [2, 0]], [[], []]]], // contracting dims needing a table
      [[2, 3, 4], [3, 5], [[[1], [0]], [[], []]]], // free dims around the contracting one
    ];
    for (const [ls, rs, dn] of cases) {
      for (const dtype of ["float32", "int32", "bool"] as const) expect(isBlocked(check(ls, rs, dn, dtype).source)).toBe(false);
    }
  });
  it("batched vector dots", () => {
    check([6, 9], [6, 9], [[[1], [1]], [[0], [0]]], "float32");
  });
});

describe("dot_general sizes and edge tiles", () => {
  const sizes = [1, 3, 17, 255] as const;
  for (const m of sizes) {
    for (const n of [1, 3, 17, 255]) {
      const k = m === 255 && n === 255 ? 17 : 37;
      it(`${m}x${k} . ${k}x${n}`, () => {
        check([m, k], [k, n], MATMUL, "float32");
      });
    }
  }
  it("64x300x65 (K spans two K blocks)", () => {
    const r = check([64, 300], [300, 65], MATMUL, "float32");
    expect(isBlocked(r.source)).toBe(true);
  });
  it("K = 255, 256, 257, 513 around the K block", () => {
    for (const k of [255, 256, 257, 513]) check([7, k], [k, 9], MATMUL, "float32");
  });
  it("M and N beyond the row and column blocks", () => {
    check([131, 9], [9, 1030], MATMUL, "float32");
    check([9, 131], [1030, 9], [[[0], [1]], [[], []]], "float64");
  });
  it("float32 rounds once on store, from double sums", () => {
    // Fractional data: sums are inexact, so compare against the double reference within float32's
    // rounding of the result (the kernel sums in a different order).
    const ls = [19, 300];
    const rs = [300, 23];
    const lhs = new Float32Array(19 * 300).map((_, i) => Math.sin(i * 0.37));
    const rhs = new Float32Array(300 * 23).map((_, i) => Math.cos(i * 0.11));
    const { got, want } = run(ls, rs, MATMUL, "float32", null, [lhs, rhs]);
    for (let i = 0; i < got.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(Math.abs(want[i]!) * 2 ** -23 + 1e-12);
  });
  it("Infinity and NaN propagate only where they belong (padded edge tiles)", () => {
    const lhs = fill([5, 6], "float64", 3);
    const rhs = fill([6, 7], "float64", 4);
    lhs[4 * 6 + 2] = Infinity; // last row, in an edge row panel
    rhs[1 * 7 + 6] = NaN; // last column, in an edge column panel
    const { got, want } = run([5, 6], [6, 7], MATMUL, "float64", null, [lhs, rhs]);
    expect(globalThis.Array.from(got)).toEqual(globalThis.Array.from(want));
    const [big1, big2] = [fill([40, 30], "float64", 5), fill([30, 41], "float64", 6)];
    big1[39 * 30 + 1] = Infinity;
    big2[2 * 41 + 40] = NaN;
    const r = run([40, 30], [30, 41], MATMUL, "float64", null, [big1, big2]);
    expect(isBlocked(r.source)).toBe(true);
    expect(globalThis.Array.from(r.got)).toEqual(globalThis.Array.from(r.want));
  });
});

describe("dot_general kernel reuse", () => {
  it("scratch buffers are reused across calls without leaking state", () => {
    for (const [ls, rs] of [[[30, 300], [300, 20]], [[3, 5], [5, 4]]] as const) {
      for (const dtype of ["float32", "bool"] as const) {
        const inAvals = [new ShapedArray(ls, dtype), new ShapedArray(rs, dtype)];
        const params = { dimensionNumbers: MATMUL, preferredElementType: null };
        const outAvals = abstractEval("dot_general", inAvals, params);
        const kernel = lowerEqn("dot_general", { inAvals, outAvals, params });
        for (let seed = 0; seed < 3; seed++) {
          const lhs = fill(ls, dtype, 10 + seed);
          const rhs = fill(rs, dtype, 20 + seed);
          const got = kernel.run(lhs, rhs)[0]!;
          expect(globalThis.Array.from(got)).toEqual(globalThis.Array.from(reference(lhs, ls, rhs, rs, MATMUL, dtype)));
        }
      }
    }
  });
});

describe("dot_general dtypes", () => {
  it("float64", () => {
    check([33, 300], [300, 21], MATMUL, "float64");
  });
  it("int32 wraps on overflow like int arithmetic", () => {
    const ls = [9, 300];
    const rs = [300, 11];
    const lhs = new Int32Array(9 * 300).map((_, i) => (i * 2654435761) | 0);
    const rhs = new Int32Array(300 * 11).map((_, i) => (i * 40503 + 977) | 0);
    const { got, want } = run(ls, rs, MATMUL, "int32", null, [lhs, rhs]);
    expect(globalThis.Array.from(got)).toEqual(globalThis.Array.from(want));
    // Spot check one entry against BigInt arithmetic.
    let s = 0n;
    for (let k = 0; k < 300; k++) s += BigInt(lhs[k]!) * BigInt(rhs[k * 11]!);
    expect(got[0]).toBe(Number(BigInt.asIntN(32, s)));
    // And the small path wraps too.
    const v = run([3], [3], [[[0], [0]], [[], []]], "int32", null, [new Int32Array([2 ** 30, 2 ** 30, 5]), new Int32Array([4, 4, 1])]);
    expect(v.got[0]).toBe(5);
  });
  it("uint32 wraps modulo 2^32", () => {
    const lhs = new Uint32Array(12 * 40).map((_, i) => (i * 2654435761) >>> 0);
    const rhs = new Uint32Array(40 * 13).map((_, i) => (i * 97 + 4000000000) >>> 0);
    const { got, want } = run([12, 40], [40, 13], MATMUL, "uint32", null, [lhs, rhs]);
    expect(got).toBeInstanceOf(Uint32Array);
    expect(globalThis.Array.from(got)).toEqual(globalThis.Array.from(want));
  });
  it("bool is the logical or of ands", () => {
    check([20, 300], [300, 17], MATMUL, "bool");
    check([13, 7], [9, 7], [[[1], [1]], [[], []]], "bool");
    check([3], [3], [[[0], [0]], [[], []]], "bool");
    // A sparse product, so some outputs are false.
    const lhs = new Uint8Array(10 * 20);
    const rhs = new Uint8Array(20 * 10);
    lhs[3 * 20 + 5] = 1;
    rhs[5 * 10 + 7] = 1;
    const { got } = run([10, 20], [20, 10], MATMUL, "bool", null, [lhs, rhs]);
    expect(globalThis.Array.from(got).reduce((a, b) => a + b, 0)).toBe(1);
    expect(got[3 * 10 + 7]).toBe(1);
  });
  it("preferredElementType converts inputs on load", () => {
    expect(check([20, 30], [30, 10], MATMUL, "int32", "float32").got).toBeInstanceOf(Float32Array);
    expect(check([20, 30], [30, 10], MATMUL, "float32", "float64").got).toBeInstanceOf(Float64Array);
    expect(check([3, 4], [4, 2], MATMUL, "bool", "int32").got).toBeInstanceOf(Int32Array);
    // float -> int truncates each input before multiplying.
    const lhs = new Float32Array(8 * 9).map((_, i) => (i % 7) - 3.75);
    const rhs = new Float32Array(9 * 10).map((_, i) => (i % 5) + 0.9);
    const r = run([8, 9], [9, 10], MATMUL, "float32", "int32", [lhs, rhs]);
    expect(r.got).toBeInstanceOf(Int32Array);
    expect(globalThis.Array.from(r.got)).toEqual(globalThis.Array.from(r.want));
    // float64 -> float32 rounds each input to float32 first.
    // Without that, each row would sum to 2^-30 (representable in float32), not 0.
    for (const [m, k, n] of [[1, 2, 1], [20, 20, 20]] as const) {
      const a = new Float64Array(m * k);
      for (let i = 0; i < m; i++) { a[i * k] = 1 + 2 ** -30; a[i * k + 1] = -1; }
      const s = run([m, k], [k, n], MATMUL, "float64", "float32", [a, new Float64Array(k * n).fill(1)]);
      expect(isBlocked(s.source)).toBe(m > 1);
      expect(globalThis.Array.from(s.got)).toEqual(new globalThis.Array(m * n).fill(0));
    }
  });
});
