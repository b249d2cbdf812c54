// The JS backend's one static reference to the wasm GEMM (gemmKernels.ts). As Node, vitest and
// the self-contained dist/index.js load it, the GEMM is imported statically and is there from the
// first product. package.json's `browser` field (object form, honored by webpack, Vite and esbuild
// with platform=browser; ignored by Node and vitest) maps this module's dist/esm file onto
// wasmGemm.browser.ts's, which loads the GEMM with import() instead, so that a bundled browser app
// gets it as an async chunk outside its initial download. The two modules export the same names
// and types (test/backends/js/wasmGemmProvider.test.ts checks it).
import * as gemmKernels from "./gemmKernels.js";

export type WasmGemm = typeof gemmKernels;

/** The wasm GEMM's kernels; null while they are loading (browser bundles) or where loading failed. */
export const wasmGemm = (): WasmGemm | null => gemmKernels;

/** Whether the kernels are still loading (never here): kernels made meanwhile switch when they arrive (untilWasmGemm.ts). */
export const wasmGemmLoading = (): boolean => false;

/** The kernels once loaded; null where loading failed. */
export const wasmGemmLoaded = (): Promise<WasmGemm | null> => Promise.resolve(gemmKernels);
