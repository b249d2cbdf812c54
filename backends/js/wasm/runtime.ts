// The wasm GEMM instance: one memory, sized once and never grown, with fixed regions for the
// packed panels and the C block, and (where shared memory is allowed) one helper thread.
//
// Growing (or otherwise detaching) an ArrayBuffer anywhere in the process invalidates V8's
// "array buffer detaching" protector, after which every typed-array access in plain JS kernels
// carries a detached check: so the memory is created at its final size (initial = maximum) and
// the typed-array views over it are made once. The layout of the memory is gemmLayout.ts's.
import { GEMM_SHARED_WASM_BASE64, GEMM_WASM_BASE64 } from "./gemmModule.js";
import { indirectKernelName, kernelName, nrOf, TILES } from "./gemmWat.js";
import { startHelper, type Helper } from "./pool.js";
import { ROTATE_PANELS } from "./rotationsWat.js";
import { canShareMemory } from "../threads/sharedMemory.js";
import { decodeBase64 } from "./instantiate.js";
import { BP_BYTES, CTRL_AT, GEMM_MEMORY_BYTES, KC, MC, type FloatDType } from "./gemmLayout.js";

export type GemmFn = (ap: number, bp: number, c: number, mc: number, nc: number, kc: number, ldc: number, accumulate: number) => void;
/** The indirect kernel (gemmWat.ts's indirectKernelWat): A read in place through row and tap offset tables. */
export type IndirectGemmFn = (src: number, rows: number, taps: number, ntaps: number, run: number, bp: number, c: number, mc: number, nc: number, ldc: number, accumulate: number) => void;

/** rotationsWat.ts's kernel: (panels npanels cols sweeps nsweeps cs), pointers in bytes. */
export type RotatePanelsFn = (panels: number, npanels: number, cols: number, sweeps: number, nsweeps: number, cs: number) => void;

export interface GemmRuntime {
  /** Views over the whole memory, by dtype. */
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  readonly gemm: Record<FloatDType, GemmFn>;
  readonly rotatePanels: RotatePanelsFn;
  readonly indirectGemm: Record<FloatDType, IndirectGemmFn>;
  readonly mr: Record<FloatDType, number>;
  readonly nr: Record<FloatDType, number>;
  /** Elements of each dtype the B strip region holds. */
  readonly bpCapacity: Record<FloatDType, number>;
  /** The helper thread once it has started (asynchronously), else null: one thread. */
  helper: Helper | null;
}

let runtime: GemmRuntime | null | undefined;

/** The shared instance, made on first use; null where WebAssembly or its SIMD is unavailable. */
export function gemmRuntime(): GemmRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  if (typeof WebAssembly !== "object") return null;
  try {
    const shared = canShareMemory();
    const bytes = decodeBase64(shared ? GEMM_SHARED_WASM_BASE64 : GEMM_WASM_BASE64);
    if (!WebAssembly.validate(bytes)) return null;
    const pages = Math.ceil(GEMM_MEMORY_BYTES / 65536);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared } as WebAssembly.MemoryDescriptor);
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const fn = (d: FloatDType): GemmFn => instance.exports[kernelName(TILES[d])] as GemmFn;
    const indirect = (d: FloatDType): IndirectGemmFn => instance.exports[indirectKernelName(TILES[d])] as IndirectGemmFn;
    const rt: GemmRuntime = {
      f32: new Float32Array(memory.buffer),
      f64: new Float64Array(memory.buffer),
      gemm: { float32: fn("float32"), float64: fn("float64") },
      rotatePanels: instance.exports[ROTATE_PANELS] as RotatePanelsFn,
      indirectGemm: { float32: indirect("float32"), float64: indirect("float64") },
      mr: { float32: TILES.float32.mr, float64: TILES.float64.mr },
      nr: { float32: nrOf(TILES.float32), float64: nrOf(TILES.float64) },
      bpCapacity: { float32: BP_BYTES / 4, float64: BP_BYTES / 8 },
      helper: null,
    };
    runtime = rt;
    if (shared) {
      const names = [kernelName(TILES.float32), kernelName(TILES.float64)] as const;
      const indirectNames = [indirectKernelName(TILES.float32), indirectKernelName(TILES.float64)] as const;
      const started = startHelper({ memory, module, ctrlAt: CTRL_AT, mc: MC, kc: KC, names, rotateName: ROTATE_PANELS, indirectNames });
      if (started !== null) {
        rt.helper = started.helper;
        helperReady = started.running.then((h) => {
          rt.helper = h;
          return h !== null;
        });
      }
    }
  } catch {
    runtime = null;
  }
  return runtime;
}

let helperReady: Promise<boolean> = Promise.resolve(false);

/** Resolves once the helper thread is running (true) or known unavailable (false). */
export function gemmHelperReady(): Promise<boolean> {
  gemmRuntime();
  return helperReady;
}
