// The JS backend reaches the wasm GEMM only through backends/js/wasm/wasmGemm.ts, which browser
// bundles swap (package.json's `browser` field) for wasmGemm.browser.ts: the GEMM then arrives as
// an async chunk after the page starts. Here the provider is replaced by one whose arrival the test
// controls, to check what happens meanwhile: products run on the JS kernels, the kernels made then
// (including a jitted function's) switch to the wasm GEMM once it arrives, and `ready()` waits for
// it. Node itself (and vitest) loads the GEMM statically, so every other test sees it from the start.
import { describe, expect, it, vi } from "vitest";
import type * as NodeProvider from "../../../backends/js/wasm/wasmGemm.js";
import type * as BrowserProvider from "../../../backends/js/wasm/wasmGemm.browser.js";
import type { WasmGemm } from "../../../backends/js/wasm/wasmGemm.js";
import { lowerEqn } from "../../../backends/js/lowerings/index.js";
import { setWasmDotMode } from "../../../backends/js/wasm/wasmDot.js";
import { abstractEval, ShapedArray, type TypedArray } from "../../../jaxpr/index.js";
import * as dp from "../../../src/index.js";

/**
 * The provider's state, the test's stand-in for the chunk: loading until `arrive` (the kernels,
 * or null as for a chunk that failed to load); `restart` starts loading again.
 */
const chunk = vi.hoisted(() => {
  const state = { kernels: null as WasmGemm | null, loading: true, arrival: Promise.resolve(null as WasmGemm | null), arrive: (_: WasmGemm | null): void => {} };
  const restart = (): void => {
    state.kernels = null;
    state.loading = true;
    state.arrival = new Promise((resolve) => {
      state.arrive = (k) => {
        state.kernels = k;
        state.loading = false;
        resolve(k);
      };
    });
  };
  restart();
  return { state, restart };
});

vi.mock("../../../backends/js/wasm/wasmGemm.js", (): typeof NodeProvider => ({
  wasmGemm: () => chunk.state.kernels,
  wasmGemmLoading: () => chunk.state.loading,
  wasmGemmLoaded: () => chunk.state.arrival,
}));

// Both providers export the same names with the same types (a compile-time check: npm run typecheck).
const sameTypes: [typeof NodeProvider, typeof BrowserProvider] extends [typeof BrowserProvider, typeof NodeProvider] ? true : false = true;

const N = 64;
const operand = (seed: number): Float32Array => Float32Array.from({ length: N * N }, (_, i) => Math.sin(seed * 7.1 + i * 0.37) * (1 + (i % 13) / 7));
const lhs = operand(1);
const rhs = operand(2);

/** The dot_general kernel of an N x N float32 matrix product, as the lowering table gives it now. */
function productKernel() {
  const inAvals = [new ShapedArray([N, N], "float32"), new ShapedArray([N, N], "float32")];
  const params = { dimensionNumbers: [[[1], [0]], [[], []]] as const, preferredElementType: null };
  return lowerEqn("dot_general", { inAvals, outAvals: abstractEval("dot_general", inAvals, params), params });
}

const bits = (a: TypedArray | Float32Array): number[] => Array.from(a);
const isWasm = (source: string): boolean => source.startsWith("// dot_general on the wasm SIMD GEMM");

describe("the wasm GEMM arriving after the backend (browser bundles)", () => {
  it("Node loads the real provider statically: the GEMM is there from the first product", async () => {
    expect(sameTypes).toBe(true);
    const real = await vi.importActual<typeof NodeProvider>("../../../backends/js/wasm/wasmGemm.js");
    expect(real.wasmGemmLoading()).toBe(false);
    expect(real.wasmGemm()).not.toBeNull();
    expect(await real.wasmGemmLoaded()).toBe(real.wasmGemm());
    const browser = await vi.importActual<typeof BrowserProvider>("../../../backends/js/wasm/wasmGemm.browser.js");
    expect(Object.keys(browser).sort()).toEqual(Object.keys(real).sort());
  });

  it("a chunk that fails to load leaves the JS kernels, and ready() still resolves", async () => {
    setWasmDotMode("never");
    const jsResult = bits(productKernel().run(lhs, rhs)[0]!);
    setWasmDotMode("auto");
    const early = productKernel();
    chunk.state.arrive(null);
    await dp.ready();
    expect(bits(early.run(lhs, rhs)[0]!)).toEqual(jsResult);
    expect(isWasm(productKernel().source)).toBe(false);
    expect(productKernel().source).not.toContain("until the wasm GEMM has loaded");
    chunk.restart();
  });

  it("runs the JS kernels while it loads, switches the kernels made meanwhile once it arrives, and ready() waits for it", async () => {
    const real = await vi.importActual<typeof NodeProvider>("../../../backends/js/wasm/wasmGemm.js");
    const gemm = real.wasmGemm()!;
    // The two kernels' results, which differ in float32 rounding (the wasm kernel sums in f32 lanes).
    setWasmDotMode("never");
    const jsResult = bits(productKernel().run(lhs, rhs)[0]!);
    setWasmDotMode("auto");
    const wasmKernel = gemm.wasmDotKernel(
      { B: 1, M: N, K: N, N, aBatch: { size: 1, stride: 0, table: null }, aM: { size: N, stride: N, table: null }, aK: { size: N, stride: 1, table: null }, bBatch: { size: 1, stride: 0, table: null }, bK: { size: N, stride: N, table: null }, bN: { size: N, stride: 1, table: null } },
      new ShapedArray([N, N], "float32"),
    );
    expect(wasmKernel).not.toBeNull();
    const wasmResult = bits(wasmKernel!.run(lhs, rhs)[0]!);
    expect(wasmResult).not.toEqual(jsResult);

    // Loading: the kernel made now is the JS kernel, marked as waiting for the GEMM.
    const early = productKernel();
    expect(early.source).toMatch(/^\/\/ dot_general: the JS kernel below until the wasm GEMM has loaded/);
    expect(bits(early.run(lhs, rhs)[0]!)).toEqual(jsResult);
    const product = dp.jit((a: dp.Array, b: dp.Array) => a.matmul(b));
    const [a, b] = [dp.numpy.array(lhs).reshape([N, N]), dp.numpy.array(rhs).reshape([N, N])];
    expect(bits(product(a, b).dataSync())).toEqual(jsResult);
    expect(product.lower(a, b).source).toContain("until the wasm GEMM has loaded");
    let readied = false;
    const readiness = dp.ready().then(() => (readied = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(readied).toBe(false);

    chunk.state.arrive(gemm);
    await readiness;
    // The kernels made while loading now run the wasm GEMM; kernels made from now on are its own.
    expect(bits(early.run(lhs, rhs)[0]!)).toEqual(wasmResult);
    expect(bits(product(a, b).dataSync())).toEqual(wasmResult);
    expect(isWasm(productKernel().source)).toBe(true);
  });
});
