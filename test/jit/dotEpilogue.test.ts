// dot_general with its elementwise epilogue: under jit, a float product on the wasm GEMM stays in
// the GEMM's memory and the fused group after it reads it there (no output buffer, no copy). The
// memory is overwritten by the next product, so these tests check that values needed after
// another product, or returned to the caller, are copied out first, and that results match the
// eager path (which copies every product out) and the JS kernel.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { numpy as np, lax, jit, grad, vmap, debug } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { setPrintSink } from "../../src/debug/index.js";
import { scan } from "../../src/control/api.js";
import { gemmHelperReady } from "../../backends/js/wasm/runtime.js";
import { setWasmDotMode } from "../../backends/js/wasm/wasmDot.js";
import { mulberry32 } from "../util/random.js";

const RESIDENT = "left where it was computed for its epilogue";

function randn(shape: number[], seed: number, dtype: "float32" | "float64" = "float32"): Array {
  const r = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = r() - 0.5;
  return np.reshape(np.array(data), shape);
}

const values = (x: Array): number[] => globalThis.Array.from(x.dataSync() as ArrayLike<number>);

function expectClose(actual: Array, expected: Array, tol = 1e-5): void {
  expect(actual.shape).toEqual(expected.shape);
  const a = values(actual);
  const e = values(expected);
  for (let i = 0; i < e.length; i++) expect(Math.abs(a[i]! - e[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(e[i]!)));
}

/** The same function with every product on the JS kernel (no wasm, so nothing resident). */
function onJsKernel<T>(f: () => T): T {
  const old = setWasmDotMode("never");
  try {
    return f();
  } finally {
    setWasmDotMode(old);
  }
}

beforeAll(async () => {
  await gemmHelperReady();
});
afterEach(() => setPrintSink(null));

describe("dot_general epilogue", () => {
  const x = randn([64, 32], 1);
  const w = randn([32, 48], 2);
  const b = randn([48], 3);
  const dense = (x: Array, w: Array, b: Array): Array => np.tanh(np.add(np.matmul(x, w), b));

  it("reads the product in place: no copy step and no buffer for it in the program", () => {
    const lowered = jit(dense).lower(x, w, b);
    const program = lowered.source.split("\n\n")[0]!;
    expect(program).toContain(RESIDENT);
    // The only allocation is the epilogue's result; the product gets none and is not copied.
    expect(program.match(/new Float32Array/g)).toHaveLength(1);
    expect(program).not.toContain("copy through a view");
    expect(lowered.kernelCount).toBe(2);
  });

  it("matches eager and the JS kernel", () => {
    const got = jit(dense)(x, w, b);
    expectClose(got, dense(x, w, b), 1e-6);
    expectClose(got, onJsKernel(() => dense(x, w, b)), 1e-5);
  });

  it("does not leave the product resident when nothing elementwise reads it", () => {
    const program = jit((x: Array, w: Array) => np.matmul(x, w)).lower(x, w).source.split("\n\n")[0]!;
    expect(program).not.toContain(RESIDENT);
  });

  it("returns a copy when the product is also a result, so a later call cannot change it", () => {
    const f = jit((x: Array, w: Array) => {
      const p = np.matmul(x, w);
      return [p, np.exp(p)] as const;
    });
    expect(f.lower(x, w).source.split("\n\n")[0]).toContain(RESIDENT);
    const [p1, e1] = f(x, w);
    const before = values(p1);
    const [p2] = f(randn([64, 32], 9), w);
    expect(values(p1)).toEqual(before);
    expect(values(p2)).not.toEqual(before);
    expectClose(p1, np.matmul(x, w), 1e-6);
    expectClose(e1, np.exp(np.matmul(x, w)), 1e-6);
  });

  it("copies a product out before the next product overwrites it", () => {
    const v = randn([48, 40], 4);
    // p is read by an epilogue before and after the second product, and by the second product.
    const f = (x: Array, w: Array, v: Array): Array => {
      const p = np.matmul(x, w);
      const q = np.matmul(np.sin(p), v);
      return np.add(np.sum(np.cos(p)), np.sum(np.exp(q)));
    };
    const program = jit(f).lower(x, w, v).source.split("\n\n")[0]!;
    expect(program.match(new RegExp(RESIDENT, "g"))).toHaveLength(2);
    expectClose(jit(f)(x, w, v), f(x, w, v), 1e-6);
    expectClose(jit(f)(x, w, v), onJsKernel(() => f(x, w, v)), 1e-5);
  });

  it("copies a transposed view of the product out before the next product", () => {
    const v = randn([48, 40], 22);
    const f = (x: Array, w: Array, v: Array): Array => {
      const p = np.matmul(x, w);
      const pt = np.transpose(p);
      const q = np.matmul(np.tanh(p), v);
      return np.add(np.sum(np.exp(pt), 1), np.sum(np.sin(q)));
    };
    expectClose(jit(f)(x, w, v), f(x, w, v), 1e-5);
  });

  it("handles batch dims, transposed layouts and several free dims", () => {
    const a = randn([3, 20, 24], 5);
    const c = randn([3, 24, 16], 6);
    const batched = (a: Array, c: Array): Array => np.exp(np.multiply(np.matmul(a, c), 0.5));
    expectClose(jit(batched)(a, c), batched(a, c), 1e-6);
    expect(jit(batched).lower(a, c).source).toContain(RESIDENT);
    // Contract lhs dim 0 with rhs dim 1; lhs has two free dims, rhs one: output (4, 5, 18).
    const l = randn([30, 4, 5], 7);
    const r = randn([18, 30], 8);
    const odd = (l: Array, r: Array): Array => np.maximum(lax.dotGeneral(l, r, [[[0], [1]], [[], []]]), 0);
    expectClose(jit(odd)(l, r), odd(l, r), 1e-6);
    expect(jit(odd).lower(l, r).source).toContain(RESIDENT);
    // A batch dim in the middle of each operand.
    const bl = randn([7, 3, 9], 10);
    const br = randn([9, 3, 11], 11);
    const mid = (l: Array, r: Array): Array => np.square(lax.dotGeneral(l, r, [[[2], [0]], [[1], [1]]]));
    expectClose(jit(mid)(bl, br), mid(bl, br), 1e-6);
  });

  it("float64 products agree to rounding", () => {
    const x64 = randn([33, 17], 12, "float64");
    const w64 = randn([17, 29], 13, "float64");
    const f = (x: Array, w: Array): Array => np.sum(np.log1p(np.square(np.matmul(x, w))));
    expect(jit(f).lower(x64, w64).source).toContain(RESIDENT);
    expectClose(jit(f)(x64, w64), onJsKernel(() => f(x64, w64)), 1e-12);
  });

  it("a product large enough to split its rows with the helper thread", () => {
    const big = randn([256, 128], 14);
    const wb = randn([128, 256], 15);
    const f = (x: Array, w: Array): Array => np.sum(np.tanh(np.matmul(x, w)), 1);
    expectClose(jit(f)(big, wb), onJsKernel(() => f(big, wb)), 1e-5);
  });

  it("a host callback between product and epilogue that runs products itself", () => {
    const inner = jit((x: Array, w: Array) => np.sin(np.matmul(x, w)));
    let seen = 0;
    setPrintSink(() => {
      seen += np.sum(inner(randn([64, 32], 16), w)).item() as number;
    });
    const f = (x: Array, w: Array): Array => {
      const p = np.matmul(x, w);
      debug.print("{}", np.sum(x));
      return np.tanh(p);
    };
    expectClose(jit(f)(x, w), np.tanh(np.matmul(x, w)), 1e-6);
    expect(seen).not.toBe(0);
  });

  it("inside a scan body and under grad and vmap", () => {
    const v = randn([48, 48], 17);
    const rnn = (h0: Array, v: Array, xs: Array): Array => {
      const [h] = scan((h: Array, x: Array) => [np.tanh(np.add(np.matmul(h, v), x)), null] as const, h0, xs);
      return np.sum(h as Array);
    };
    const h0 = randn([8, 48], 18);
    const xs = randn([5, 8, 48], 19);
    expectClose(jit(rnn)(h0, v, xs), rnn(h0, v, xs), 1e-5);
    const g = (v: Array): Array => grad((v: Array) => rnn(h0, v, xs))(v) as Array;
    expectClose(jit(g)(v), onJsKernel(() => g(v)), 1e-4);
    const perExample = (x: Array, w: Array): Array => vmap((xi: Array) => np.tanh(np.matmul(np.reshape(xi, [4, 8]), w)))(x) as Array;
    const xb = randn([6, 32], 20);
    const w8 = randn([8, 24], 21);
    expectClose(jit(perExample)(xb, w8), perExample(xb, w8), 1e-6);
  });
});
