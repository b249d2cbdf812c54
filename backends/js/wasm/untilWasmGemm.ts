// A product kernel made while the wasm GEMM is still loading (browser bundles, wasmGemm.browser.ts)
// runs the JS kernel until the GEMM has arrived, then the wasm kernel where the GEMM takes the
// product: jit and the eager operation cache keep a kernel for as long as its function lives, so
// a product first lowered in a page's first moments would otherwise stay on the JS kernel for good.
import type { Kernel } from "../kernel.js";
import { wasmGemm, wasmGemmLoading, type WasmGemm } from "./wasmGemm.js";

/** `js`, or (while the GEMM is loading) a kernel that runs `js` until `wasm` can make the wasm kernel (made once; null keeps `js`). */
export function untilWasmGemm(js: Kernel, wasm: (gemm: WasmGemm) => Kernel | null): Kernel {
  if (!wasmGemmLoading()) return js;
  let chosen: Kernel | null = null;
  const current = (): Kernel => {
    if (chosen !== null) return chosen;
    const gemm = wasmGemm();
    if (gemm !== null) chosen = wasm(gemm) ?? js;
    else if (!wasmGemmLoading()) chosen = js;
    return chosen ?? js;
  };
  return {
    name: js.name,
    source: `// ${js.name}: the JS kernel below until the wasm GEMM has loaded, then the wasm kernel where it takes the product\n${js.source}`,
    run: (...inputs) => current().run(...inputs),
  };
}
