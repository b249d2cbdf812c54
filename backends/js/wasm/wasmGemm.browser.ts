// wasmGemm.ts as browser bundles get it (package.json's `browser` field maps one onto the other):
// the wasm GEMM (gemmKernels.ts: module bytes, instantiation, helper thread and product kernels,
// about 27 KiB of a minified app) is imported dynamically, so that webpack, Vite and esbuild with
// --splitting put it in an async chunk, which webpack's entrypoint size limit does not count.
//
// The import starts when this module loads, with the backend, rather than at the first float
// product: a page's first product then usually finds the chunk arrived, and the fetch overlaps
// the page's own start-up instead of following its first use. Until it arrives products run on the
// JS kernels (the same results up to float rounding); kernels made meanwhile switch to the wasm
// GEMM once it has arrived (untilWasmGemm.ts). `await ready()` (src/core/ready.ts) waits for it.
import type { WasmGemm } from "./wasmGemm.js";

export type { WasmGemm };

let loaded: WasmGemm | null = null;
let loading = true;
const arrival: Promise<WasmGemm | null> = import("./gemmKernels.js").then(
  (kernels) => {
    loaded = kernels;
    loading = false;
    return kernels;
  },
  // A chunk that cannot be fetched (offline, a bad public path) leaves the JS kernels, as a
  // browser without WebAssembly does.
  () => {
    loading = false;
    return null;
  },
);

/** The wasm GEMM's kernels; null while they are loading or where loading failed. */
export const wasmGemm = (): WasmGemm | null => loaded;

/** Whether the kernels are still loading: kernels made meanwhile switch when they arrive (untilWasmGemm.ts). */
export const wasmGemmLoading = (): boolean => loading;

/** The kernels once loaded; null where loading failed. */
export const wasmGemmLoaded = (): Promise<WasmGemm | null> => arrival;
