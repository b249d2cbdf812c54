// The peers the benchmarks compare with, loaded once: TensorFlow.js (cpu and wasm backends) and
// jax-js on its wasm device. One that cannot run here is reported and skipped.
import path from "node:path";
import { fileURLToPath } from "node:url";

export type Tf = typeof import("@tensorflow/tfjs");
export type Jax = typeof import("@jax-js/jax");

/** Loads the peers; one that cannot run here is reported and skipped. */
export async function loadPeers(): Promise<{ tf: Tf | null; jax: Jax | null; notes: string[] }> {
  const notes: string[] = [];
  let tf: Tf | null = null;
  let jax: Jax | null = null;
  try {
    tf = await import("@tensorflow/tfjs");
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    // In Node the wasm binaries are loaded from a file path, which needs its trailing separator.
    const dir = path.dirname(fileURLToPath(import.meta.resolve("@tensorflow/tfjs-backend-wasm")));
    wasm.setWasmPaths(dir + path.sep);
  } catch (e) {
    notes.push(`tfjs unavailable: ${(e as Error).message}`);
  }
  try {
    jax = await import("@jax-js/jax");
    // The default init() probes WebGPU through `navigator`, which Node 20 lacks: ask for wasm only.
    const devices = await jax.init("wasm");
    if (!devices.includes("wasm")) throw new Error("no wasm device");
    jax.defaultDevice("wasm");
  } catch (e) {
    notes.push(`jax-js skipped: ${(e as Error).message}`);
    jax = null;
  }
  return { tf, jax, notes };
}

