// The wasm GEMM as the JS backend uses it: its module bytes, instantiation, helper thread and
// product kernels, reached from outside backends/js/wasm only through wasmGemm.ts, which imports
// this module statically (Node, the self-contained dist/index.js) or, in browser bundles, with
// import() (wasmGemm.browser.ts), so that bundlers put all of it in an async chunk.
export { wasmDotKernel, residentWasmDot, planWasmDot, makePacker, wasmDotThreads } from "./wasmDot.js";
export { gemmRuntime, gemmHelperReady } from "./runtime.js";
export { multiplyRowsOnTwoThreads } from "./twoThreadRows.js";
export { runIndirectItem, writeIndirectJob } from "./pool.js";
