// Instantiating the small single-purpose wasm modules (gemv, depthwise convolution, max pooling):
// kept apart from the GEMM's runtime (runtime.ts) so that they do not pull it into a bundle.

/** The bytes of a base64 string (the modules ship as base64 constants). */
export function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Instantiates a module (base64) over its own unshared memory of `bytes`, fixed (initial =
 * maximum, for the reason runtime.ts gives); null where WebAssembly, its SIMD or the module is
 * unavailable.
 */
export function instantiateWithMemory(base64: string, bytes: number): { readonly buffer: ArrayBuffer; readonly exports: WebAssembly.Exports } | null {
  if (typeof WebAssembly !== "object") return null;
  try {
    const code = decodeBase64(base64);
    if (!WebAssembly.validate(code)) return null;
    const pages = Math.ceil(bytes / 65536);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(code), { env: { memory } });
    return { buffer: memory.buffer, exports: instance.exports };
  } catch {
    return null;
  }
}
