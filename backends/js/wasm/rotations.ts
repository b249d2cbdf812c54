// The wasm SIMD plane-rotation kernel's instance (rotationsWat.ts): its own memory, fixed size and
// never grown (for the reason runtime.ts gives), holding packed row panels of the matrix and the
// sweeps to apply to them.
import { ROTATIONS_WASM_BASE64 } from "./rotationsModule.js";
import { decodeBase64 } from "./runtime.js";

const MiB = 1 << 20;
/** Regions in bytes: the packed row panels; the sweep records (16 bytes each); the (c, s) pairs (16 bytes each). */
export const ROT_PANELS_AT = 0;
export const ROT_PANELS_BYTES = 4 * MiB;
export const ROT_SWEEPS_AT = ROT_PANELS_AT + ROT_PANELS_BYTES;
export const ROT_SWEEPS_BYTES = MiB / 4;
export const ROT_CS_AT = ROT_SWEEPS_AT + ROT_SWEEPS_BYTES;
export const ROT_CS_BYTES = 2 * MiB;
const TOTAL = ROT_CS_AT + ROT_CS_BYTES;

export type RotatePanelsFn = (panels: number, npanels: number, cols: number, sweeps: number, nsweeps: number, cs: number) => void;

export interface RotationsRuntime {
  readonly f64: Float64Array;
  readonly i32: Int32Array;
  readonly rotatePanels: RotatePanelsFn;
}

let runtime: RotationsRuntime | null | undefined;

/** The instance, made on first use; null where WebAssembly or its SIMD is unavailable. */
export function rotationsRuntime(): RotationsRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  if (typeof WebAssembly !== "object") return null;
  try {
    const bytes = decodeBase64(ROTATIONS_WASM_BASE64);
    if (!WebAssembly.validate(bytes)) return null;
    const pages = Math.ceil(TOTAL / 65536);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    runtime = { f64: new Float64Array(memory.buffer), i32: new Int32Array(memory.buffer), rotatePanels: instance.exports["rotate_panels"] as RotatePanelsFn };
  } catch {
    runtime = null;
  }
  return runtime;
}
