// What the JS backend starts asynchronously, waited for: the wasm GEMM, which a browser bundle
// loads as a separate chunk (wasm/wasmGemm.browser.ts), instantiated; and the helper threads of
// the GEMM (wasm/pool.ts) and of fused loops (threads/kernelPool.ts), which a browser starts
// asynchronously, up or known unavailable (no shared memory: not cross-origin isolated).
import { kernelPoolReady } from "./threads/kernelPool.js";
import { wasmGemmLoaded } from "./wasm/wasmGemm.js";

/** Resolves once the wasm GEMM is loaded and instantiated (or known unavailable) and the helper threads are up (or known unavailable). */
export async function jsBackendReady(): Promise<void> {
  const gemm = await wasmGemmLoaded();
  await Promise.all([gemm?.gemmHelperReady(), kernelPoolReady()]);
}
