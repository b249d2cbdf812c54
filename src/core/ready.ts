// dprog.ready(): what a page awaits before timing or comparing results. JAX has no counterpart
// (its CPU backend is in place when `import jax` returns); TensorFlow.js's `tf.ready()` plays the
// same part for its backends. docs/browser.md, "Waiting for the wasm GEMM".
import { jsBackendReady } from "../../backends/js/index.js";

/**
 * Resolves once the CPU backend's asynchronously loaded parts are in place: the wasm SIMD GEMM
 * that large float products run on, which an app bundled for the browser (webpack, Vite, esbuild)
 * loads as a separate chunk after the page starts, and, in a cross-origin isolated page (or Node),
 * the helper threads that share large products and loops. Until then products run on the JS
 * kernels, whose results differ from the wasm GEMM's only in float rounding; products made
 * meanwhile switch to the wasm GEMM when it arrives. Nothing needs it for correct results: await
 * it where results must be the same bits from run to run, or before timing. In Node, and with
 * the self-contained `dprog/bundle` build, the GEMM is there from the start and this resolves as
 * soon as the helper threads are up.
 *
 * @example
 * ```ts
 * await ready(); // import { ready, numpy as np } from "dprog"
 * const c = np.ones([256, 256]).matmul(np.ones([256, 256])); // on the wasm GEMM
 * ```
 */
export async function ready(): Promise<void> {
  await jsBackendReady();
}
