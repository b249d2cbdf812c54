// The wasm SIMD dot_general path against the JS kernels (the reference), on every layout the
// canonical problem covers and on odd sizes that leave partial register tiles, KC blocks and
// column strips. float64 must agree to rounding of the summation order; float32 sums in f32
// lanes on the wasm path (in doubles on the JS path), so the two differ by float32 rounding only.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { lowerEqn } from "../../../backends/js/lowerings/index.js";
import { gemmHelperReady, gemmRuntime } from "../../../backends/js/wasm/runtime.js";
import { setWasmDotMode, setWasmDotThreads, type WasmDotMode } from "../../../backends/js/wasm/wasmDot.js";
import { abstractEval, ShapedArray, TYPED_ARRAY } from "../../../jaxpr/index.js";
import type { DotDimensionNumbers, TypedArray } from "../../../jaxpr/index.js";
import { maxRelErr } from "../../util/compare.js";

type DN = DotDimensionNumbers;
type Float = "float32" | "float64";

const MATMUL: DN = [[[1], [0]], [[], []]];
const isWasm = (source: string): boolean => source.startsWith("// dot_general on the wasm SIMD GEMM");

let helper = false;
beforeAll(async () => {
  helper = await gemmHelperReady();
});

afterEach(() => {
  setWasmDotMode("auto");
  setWasmDotThreads(true);
});

function uniform(n: number, dtype: Float, seed: number): TypedArray {
  const out = new TYPED_ARRAY[dtype](n);
  let s = seed * 2654435761 + 7;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    out[i] = (s >>> 8) / 2 ** 24 - 0.5;
  }
  return out;
}

function lower(ls: readonly number[], rs: readonly number[], dn: DN, dtype: Float, mode: WasmDotMode) {
  const inAvals = [new ShapedArray(ls, dtype), new ShapedArray(rs, dtype)];
  const params = { dimensionNumbers: dn, preferredElementType: null };
  const outAvals = abstractEval("dot_general", inAvals, params);
  setWasmDotMode(mode);
  try {
    return lowerEqn("dot_general", { inAvals, outAvals, params });
  } finally {
    setWasmDotMode("auto");
  }
}

/** Runs both paths on the same data; returns the largest |wasm - js| over the largest |js|. */
function compare(ls: readonly number[], rs: readonly number[], dn: DN, dtype: Float, data?: [TypedArray, TypedArray]): number {
  const wasm = lower(ls, rs, dn, dtype, "always");
  const js = lower(ls, rs, dn, dtype, "never");
  expect(isWasm(wasm.source)).toBe(true);
  expect(isWasm(js.source)).toBe(false);
  const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
  const [lhs, rhs] = data ?? [uniform(size(ls), dtype, 1), uniform(size(rs), dtype, 2)];
  setWasmDotThreads(false);
  const got = wasm.run(lhs, rhs)[0]!;
  setWasmDotThreads(true);
  const want = js.run(lhs, rhs)[0]!;
  expect(got).toBeInstanceOf(TYPED_ARRAY[dtype]);
  expect(got.length).toBe(want.length);
  const err = maxRelErr(got, want);
  // A second call on the reused scratch, with rows split across threads where the product is
  // large enough, gives the same answer bit for bit (each element sums in the same order).
  expect(globalThis.Array.from(wasm.run(lhs, rhs)[0]!)).toEqual(globalThis.Array.from(got));
  return err;
}

/** float32: each of K f32 additions may round (relative 2^-24 of the running sum). */
const tol = (dtype: Float, k: number): number => (dtype === "float64" ? 1e-13 : 2 ** -24 * Math.max(k, 4) * 4);

const LAYOUTS: { name: string; ls: number[]; rs: number[]; dn: DN; k: number }[] = [
  { name: "plain matmul", ls: [20, 30], rs: [30, 25], dn: MATMUL, k: 30 },
  { name: "transposed lhs", ls: [30, 20], rs: [30, 25], dn: [[[0], [0]], [[], []]], k: 30 },
  { name: "transposed rhs", ls: [20, 30], rs: [25, 30], dn: [[[1], [1]], [[], []]], k: 30 },
  { name: "both transposed", ls: [30, 20], rs: [25, 30], dn: [[[0], [1]], [[], []]], k: 30 },
  { name: "batch dims at the front", ls: [3, 17, 19], rs: [3, 19, 13], dn: [[[2], [1]], [[0], [0]]], k: 19 },
  { name: "batch dims in the middle and last", ls: [11, 4, 9], rs: [9, 13, 4], dn: [[[2], [0]], [[1], [2]]], k: 9 },
  { name: "two batch dims, different order per side", ls: [2, 10, 3, 8], rs: [3, 8, 2, 9], dn: [[[3], [1]], [[0, 2], [2, 0]]], k: 8 },
  { name: "several contracting dims, non-collapsible", ls: [10, 5, 7], rs: [7, 12, 5], dn: [[[1, 2], [2, 0]], [[], []]], k: 35 },
  { name: "several free dims on both sides", ls: [3, 4, 6], rs: [6, 5, 2], dn: [[[2], [0]], [[], []]], k: 6 },
  { name: "vector dot (no free dims)", ls: [33], rs: [33], dn: [[[0], [0]], [[], []]], k: 33 },
];

describe("wasm dot_general", () => {
  it("is available here (Node 20 has wasm SIMD), with its helper thread (shared memory)", () => {
    expect(gemmRuntime()).not.toBeNull();
    expect(helper).toBe(true);
  });

  for (const dtype of ["float32", "float64"] as const) {
    describe(dtype, () => {
      for (const l of LAYOUTS) {
        it(l.name, () => {
          expect(compare(l.ls, l.rs, l.dn, dtype)).toBeLessThanOrEqual(tol(dtype, l.k));
        });
      }

      it("odd sizes 1, 3, 17, 255 for each of M, N, K", () => {
        for (const s of [1, 3, 17, 255]) {
          for (const [m, n, k] of [[s, 17, 3], [3, s, 17], [17, 3, s], [s, s, s]] as const) {
            expect(compare([m, k], [k, n], MATMUL, dtype), `${m}x${k} @ ${k}x${n}`).toBeLessThanOrEqual(tol(dtype, k));
          }
        }
      });

      it("odd sizes with a transposed lhs and a batch dim", () => {
        for (const s of [1, 3, 17, 255]) {
          const r = compare([2, 17, s], [2, 17, 3], [[[1], [1]], [[0], [0]]], dtype);
          expect(r, `batch 2, ${s}x17 @ 17x3`).toBeLessThanOrEqual(tol(dtype, 17));
        }
      });

      it("K across several KC blocks, M across MC blocks (rows split across threads)", () => {
        expect(compare([300, 600], [600, 70], MATMUL, dtype)).toBeLessThanOrEqual(tol(dtype, 600));
        expect(compare([2, 255, 301], [2, 301, 129], [[[2], [1]], [[0], [0]]], dtype)).toBeLessThanOrEqual(tol(dtype, 301));
        expect(compare([301, 255], [129, 301], [[[0], [1]], [[], []]], dtype)).toBeLessThanOrEqual(tol(dtype, 301));
      });

      it("N across several column strips (deep K shrinks the strip)", () => {
        // The B strip holds all of K: at this depth it holds only a few dozen columns.
        const k = dtype === "float32" ? 70000 : 40000;
        expect(compare([5, k], [k, 100], MATMUL, dtype)).toBeLessThanOrEqual(tol(dtype, k));
      });
    });
  }

  it("split products whose threads each pack their own rows from the staged operand: the helper's rows are right", () => {
    // The helper may not claim a job before this thread has finished its own rows (it then does
    // them itself), so each case runs until the helper has done its rows once.
    const rt = gemmRuntime()!;
    const real = rt.helper!;
    let helped = 0;
    rt.helper = { ...real, start: (job) => real.start(job), wait: () => (real.wait() ? (helped++, true) : false) };
    try {
      const cases: { ls: number[]; rs: number[]; dn: DN; k: number; dtype: Float }[] = [
        { ls: [600, 300], rs: [600, 70], dn: [[[0], [0]], [[], []]], k: 600, dtype: "float32" },
        { ls: [2, 255, 301], rs: [2, 301, 129], dn: [[[2], [1]], [[0], [0]]], k: 301, dtype: "float64" },
        { ls: [10, 30, 300], rs: [10, 300, 100], dn: [[[0, 2], [0, 1]], [[], []]], k: 3000, dtype: "float32" },
      ];
      for (const c of cases) {
        const source = lower(c.ls, c.rs, c.dn, c.dtype, "always").source;
        expect(source).toContain("each packing its own from a staged copy of A");
        helped = 0;
        for (let tries = 0; tries < 30 && helped === 0; tries++) expect(compare(c.ls, c.rs, c.dn, c.dtype)).toBeLessThanOrEqual(tol(c.dtype, c.k));
        expect(helped, `${c.ls} x ${c.rs}`).toBeGreaterThan(0);
      }
    } finally {
      rt.helper = real;
    }
  });

  it("Infinity and NaN stay in their own rows and columns (zero padding does not leak)", () => {
    const lhs = uniform(5 * 6, "float64", 3);
    const rhs = uniform(6 * 7, "float64", 4);
    lhs[4 * 6 + 2] = Infinity; // last row: a padded edge panel
    rhs[1 * 7 + 6] = NaN; // last column: a padded edge panel
    const wasm = lower([5, 6], [6, 7], MATMUL, "float64", "always").run(lhs, rhs)[0]!;
    const js = lower([5, 6], [6, 7], MATMUL, "float64", "never").run(lhs, rhs)[0]!;
    for (let i = 0; i < js.length; i++) {
      if (Number.isNaN(js[i]!)) expect(wasm[i]).toBeNaN();
      else if (!Number.isFinite(js[i]!)) expect(wasm[i]).toBe(js[i]);
      else expect(Math.abs(wasm[i]! - js[i]!)).toBeLessThan(1e-12);
    }
    expect(globalThis.Array.from(js).filter((x) => !Number.isFinite(x)).length).toBe(5 + 6);
  });

  it("auto mode leaves small products to the JS kernel and takes large ones", () => {
    expect(isWasm(lower([4, 4], [4, 4], MATMUL, "float32", "auto").source)).toBe(false);
    expect(isWasm(lower([128, 784], [784, 256], MATMUL, "float32", "auto").source)).toBe(true);
    // Integer products never take it.
    const inAvals = [new ShapedArray([64, 64], "int32"), new ShapedArray([64, 64], "int32")];
    const params = { dimensionNumbers: MATMUL, preferredElementType: null };
    const k = lowerEqn("dot_general", { inAvals, outAvals: abstractEval("dot_general", inAvals, params), params });
    expect(isWasm(k.source)).toBe(false);
  });

  it("memory is never grown (views stay attached)", () => {
    const rt = gemmRuntime()!;
    const before = rt.f32.length;
    compare([300, 600], [600, 300], MATMUL, "float32");
    expect(rt.f32.length).toBe(before);
    expect(rt.f32.buffer.byteLength).toBe(before * 4);
  });
});
