// dot_general on the wasm SIMD GEMM: the same canonical (B, M, K) x (B, K, N) problem as the JS
// kernel (lowerings/dot.ts), with packing in generated JS and the multiply in wasm.
//
//   for each batch b
//     for jc in N step nc            pack B[:, jc..] (all of K) into the B strip, KC-deep panels
//       for ic in M step MC
//         for pc in K step KC        pack A[ic.., pc..] into the A block; C (+)= Ap * Bp  (wasm)
//         copy the C block into the output
//
// Above THREAD_FLOPS, where shared memory allows a helper thread (pool.ts), the rows are split in
// two: the main thread packs the helper's half of A first (all of K), starts it, packs and
// multiplies its own half, waits, and copies all of C out. Packing stays on the main thread, as
// the operands are ordinary (unshared) typed arrays only it can read.
//
// Packing reads the operands straight from their typed arrays (any strides, offset tables for
// dims that do not collapse), so there is no separate copy of the inputs into wasm memory; the
// output is written once, from the C block. Products accumulate in the compute dtype (float32
// in f32 lanes: the JS kernel sums float32 in doubles, so results differ by float32 rounding).
import type { ShapedArray } from "../../../jaxpr/index.js";
import type { Kernel } from "../kernel.js";
import type { DotGroup, DotProblem } from "../lowerings/dot.js";
import { AP_AT, AP_BYTES, BP_AT, C_AT, C_BYTES, gemmRuntime, KC, MC, NC_MAX, type FloatDType, type GemmRuntime } from "./runtime.js";

/** When dot_general takes the wasm path: "auto" above the size threshold, or always/never (tests, benchmarks). */
export type WasmDotMode = "auto" | "always" | "never";
let mode: WasmDotMode = "auto";
export function setWasmDotMode(m: WasmDotMode): WasmDotMode {
  const old = mode;
  mode = m;
  return old;
}

/** Whether large products may split their rows with the helper thread (tests and benchmarks turn it off). */
let threads = true;
export function setWasmDotThreads(on: boolean): boolean {
  const old = threads;
  threads = on;
  return old;
}

/**
 * When the JS kernel is kept: below 8^3 multiply-adds per batch (packing and the call cost about a
 * µs, which the SIMD kernel wins back only above that) and for matrix-vector shapes, where packing
 * the matrix is all the work. Measured on this machine (Node 20), float32, JS time / wasm time:
 * 4^3 0.57, 6^3 0.94, 8^3 1.19, 16^3 1.67, 32^3 3.6, 64^3 5.2; 1x256x256 1.09, 256x256x1 0.62,
 * 2x256x256 2.2, 256x256x2 1.4.
 */
const MIN_FLOPS = 8 * 8 * 8;
const MIN_SIDE = 2;

/**
 * Multiply-adds per batch from which the rows are split with the helper thread. Measured, float32
 * n^3, GFLOP/s one thread -> two: 64: 6.2 -> 4.1, 128: 12.7 -> 11.3, 256: 17.9 -> 24.3,
 * 512: 20.0 -> 31.8, 1024: 23.0 -> 38.2 (the hand-off costs tens of µs).
 */
const THREAD_FLOPS = 2 ** 23;

/** A group's offset at flat index `idx` (an expression), registering its table in `closure`. */
function offsetExpr(closure: Record<string, unknown>, name: string, g: DotGroup, idx: string): string {
  if (g.table !== null) {
    closure[name] = g.table;
    return `${name}[${idx}]`;
  }
  if (g.stride === 0) return "0";
  return g.stride === 1 ? `(${idx})` : `(${idx}) * ${g.stride}`;
}

/**
 * Source of a packer: copies `count` rows (A) or columns (B) from index `start` of the `lanes` group,
 * depth pc..pc+kc of the `depth` group, into `tile`-wide k-major panels at dst[d0..], zero-padded
 * to a whole number of panels.
 */
function packSource(closure: Record<string, unknown>, fn: string, tile: number, lanes: DotGroup, depth: DotGroup, lanesT: string, depthT: string): string {
  const r = Array.from({ length: tile }, (_, i) => i);
  const lane = (i: string): string => offsetExpr(closure, lanesT, lanes, i);
  const ko = offsetExpr(closure, depthT, depth, "pc + k");
  return `function ${fn}(src, base, start, count, pc, kc, dst, d0) {
  for (let ip = 0; ip < count; ip += ${tile}) {
    const q0 = d0 + ip * kc;
    if (count - ip >= ${tile}) {
      ${r.map((i) => `const o${i} = base + ${lane(`start + ip + ${i}`)};`).join(" ")}
      for (let k = 0, q = q0; k < kc; k++, q += ${tile}) {
        const ko = ${ko};
        ${r.map((i) => `dst[${i === 0 ? "q" : `q + ${i}`}] = src[o${i} + ko];`).join(" ")}
      }
    } else {
      for (let v = 0; v < ${tile}; v++) {
        if (ip + v < count) {
          const o = base + ${lane("start + ip + v")};
          for (let k = 0; k < kc; k++) dst[q0 + v + k * ${tile}] = src[o + ${ko}];
        } else for (let k = 0; k < kc; k++) dst[q0 + v + k * ${tile}] = 0;
      }
    }
  }
}`;
}

function build(source: string, closure: Record<string, unknown>): unknown {
  const names = Object.keys(closure);
  return new Function(...names, `"use strict";\nreturn ${source};`)(...names.map((k) => closure[k]));
}

type Packer = (src: ArrayLike<number>, base: number, start: number, count: number, pc: number, kc: number, dst: Float32Array | Float64Array, d0: number) => void;
type Offset = (i: number) => number;

const groupOffset = (g: DotGroup): Offset => (g.table !== null ? (i) => g.table![i]! : (i) => i * g.stride!);

/** Rounds n up to a multiple of m. */
const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** The wasm kernel for a canonical problem, or null when the JS kernel should run it. */
export function wasmDotKernel(p: DotProblem, out: ShapedArray): Kernel | null {
  const plan = planWasmDot(p, out);
  return plan === null ? null : makeWasmKernel(p, out, plan.rt, plan.d, plan.nc, null);
}

/**
 * Where a resident product lies: its kernel returns the whole wasm memory (as `out`'s dtype) with
 * out[b, m, n] at offset + b * batchStride + m * rowStride + n, until the next wasm product runs.
 */
export interface ResidentDot {
  readonly kernel: Kernel;
  readonly offset: number;
  readonly rowStride: number;
  readonly batchStride: number;
}

/**
 * The wasm kernel that leaves its product in the GEMM's C region instead of copying it out, so
 * that an elementwise epilogue reads it there (no output buffer, no copy): null where the product
 * takes the JS kernel, needs more than one column block, or does not fit the region.
 */
export function residentWasmDot(p: DotProblem, out: ShapedArray): ResidentDot | null {
  const plan = planWasmDot(p, out);
  if (plan === null || p.K === 0 || plan.nc < p.N) return null;
  const { rt, d } = plan;
  const es = d === "float32" ? 4 : 8;
  const ncPad = roundUp(p.N, rt.nr[d]);
  const mPad = roundUp(p.M, rt.mr[d]);
  if (p.B * mPad * ncPad * es > C_BYTES || mPad * p.K * es > AP_BYTES) return null;
  const layout = { offset: C_AT / es, rowStride: ncPad, batchStride: mPad * ncPad };
  return { kernel: makeWasmKernel(p, out, rt, d, plan.nc, layout), ...layout };
}

function planWasmDot(p: DotProblem, out: ShapedArray): { rt: GemmRuntime; d: FloatDType; nc: number } | null {
  if (mode === "never") return null;
  if (out.dtype !== "float32" && out.dtype !== "float64") return null;
  if (mode === "auto" && (p.M * p.N * p.K < MIN_FLOPS || p.M < MIN_SIDE || p.N < MIN_SIDE)) return null;
  const rt = gemmRuntime();
  if (rt === null) return null;
  const d: FloatDType = out.dtype;
  const nr = rt.nr[d];
  // The B strip holds all of K for nc columns; a K too deep for even a few panels goes to JS.
  const nc = Math.min(roundUp(p.N, nr), NC_MAX, Math.floor(rt.bpCapacity[d] / Math.max(p.K, 1) / nr) * nr);
  if (nc < nr) return null;
  return { rt, d, nc };
}

/** `resident` set: C stays in wasm memory at that layout and the kernel returns the memory view. */
function makeWasmKernel(p: DotProblem, out: ShapedArray, rt: GemmRuntime, d: FloatDType, nc0: number, resident: Omit<ResidentDot, "kernel"> | null): Kernel {
  const { B, M, N, K } = p;
  const mr = rt.mr[d];
  const nr = rt.nr[d];
  const es = d === "float32" ? 4 : 8;
  const mem = d === "float32" ? rt.f32 : rt.f64;
  const gemm = rt.gemm[d];
  const closure: Record<string, unknown> = {};
  const packASrc = packSource(closure, "packA", mr, p.aM, p.aK, "aMT", "aKT");
  const packBSrc = packSource(closure, "packB", nr, p.bN, p.bK, "bNT", "bKT");
  const packA = build(packASrc, closure) as Packer;
  const packB = build(packBSrc, closure) as Packer;
  const aBatch = groupOffset(p.aBatch);
  const bBatch = groupOffset(p.bBatch);
  const Out = d === "float32" ? Float32Array : Float64Array;
  const bpAt = BP_AT / es;
  const apAt = AP_AT / es;
  const cAt = C_AT / es;

  const split = M * N * K >= THREAD_FLOPS && M >= 2 * mr;
  /** Packs A's rows row0..row0+rows (MC-row blocks at block * K, depth blocks at pc * mcPad) at dst. */
  const packRows = (lhs: ArrayLike<number>, ab: number, row0: number, rows: number, dst: number): void => {
    for (let ic = 0; ic < rows; ic += MC) {
      const mc = Math.min(MC, rows - ic);
      const mcPad = roundUp(mc, mr);
      for (let pc = 0; pc < K; pc += KC) packA(lhs, ab, row0 + ic, mc, pc, Math.min(KC, K - pc), mem, dst + ic * K + pc * mcPad);
    }
  };
  /** Copies `rows` C rows (row stride ncPad, from the C region's start) into the output at o (row stride N). */
  const copyOut = (result: Float32Array | Float64Array, o: number, rows: number, nc: number, ncPad: number): void => {
    let c = cAt;
    // A block copy per row where rows are long.
    if (nc >= 32) {
      for (let i = 0; i < rows; i++, o += N, c += ncPad) result.set(mem.subarray(c, c + nc), o);
    } else {
      for (let i = 0; i < rows; i++, o += N, c += ncPad) for (let j = 0; j < nc; j++) result[o + j] = mem[c + j]!;
    }
  };

  const run = (lhs: ArrayLike<number>, rhs: ArrayLike<number>): Float32Array | Float64Array => {
    const result = resident === null ? new Out(B * M * N) : mem;
    if (K === 0) return result;
    for (let b = 0; b < B; b++) {
      const ab = aBatch(b);
      const bb = bBatch(b);
      const ob = b * M * N;
      // Byte offset of this batch's C: one block reused, or the resident layout.
      const cb = resident === null ? C_AT : (resident.offset + b * resident.batchStride) * es;
      for (let jc = 0; jc < N; jc += nc0) {
        const nc = Math.min(nc0, N - jc);
        const ncPad = roundUp(nc, nr);
        for (let pc = 0; pc < K; pc += KC) packB(rhs, bb, jc, nc, pc, Math.min(KC, K - pc), mem, bpAt + pc * ncPad);
        const mPad = roundUp(M, mr);
        const helper = rt.helper;
        if (helper !== null && threads && split && mPad * K * es <= AP_BYTES && mPad * ncPad * es <= C_BYTES) {
          // Two threads: the helper takes the lower rows. Pack its rows first so it starts early.
          const mid = roundUp(Math.ceil(M / 2), mr);
          packRows(lhs, ab, mid, M - mid, apAt + mid * K);
          helper.start({ dtype: d === "float32" ? 0 : 1, ap0: AP_AT + mid * K * es, bp: BP_AT, c0: cb + mid * ncPad * es, rows: M - mid, k: K, ncPad, mr });
          for (let ic = 0; ic < mid; ic += MC) {
            const mc = Math.min(MC, mid - ic);
            const mcPad = roundUp(mc, mr);
            packRows(lhs, ab, ic, mc, apAt + ic * K);
            for (let pc = 0; pc < K; pc += KC) {
              gemm(AP_AT + (ic * K + pc * mcPad) * es, BP_AT + pc * ncPad * es, cb + ic * ncPad * es, mcPad, ncPad, Math.min(KC, K - pc), ncPad * es, pc === 0 ? 0 : 1);
            }
          }
          if (!helper.wait()) {
            // The helper had not started the job (it may still be starting up), or it stalled or died
            // (pool.ts; it writes no more): its rows, packed at mid * K, run here, from pc = 0 (so C is overwritten).
            for (let ic = 0; ic < M - mid; ic += MC) {
              const mcPad = roundUp(Math.min(MC, M - mid - ic), mr);
              for (let pc = 0; pc < K; pc += KC) {
                gemm(AP_AT + ((mid + ic) * K + pc * mcPad) * es, BP_AT + pc * ncPad * es, cb + (mid + ic) * ncPad * es, mcPad, ncPad, Math.min(KC, K - pc), ncPad * es, pc === 0 ? 0 : 1);
              }
            }
          }
          if (resident === null) copyOut(result, ob + jc, M, nc, ncPad);
          continue;
        }
        for (let ic = 0; ic < M; ic += MC) {
          const mc = Math.min(MC, M - ic);
          const mcPad = roundUp(mc, mr);
          const c = resident === null ? C_AT : cb + ic * ncPad * es;
          for (let pc = 0; pc < K; pc += KC) {
            const kc = Math.min(KC, K - pc);
            packA(lhs, ab, ic, mc, pc, kc, mem, apAt);
            gemm(AP_AT, BP_AT + pc * ncPad * es, c, mcPad, ncPad, kc, ncPad * es, pc === 0 ? 0 : 1);
          }
          if (resident === null) copyOut(result, ob + ic * N + jc, mc, nc, ncPad);
        }
      }
    }
    return result;
  };
  const source = [
    `// dot_general on the wasm SIMD GEMM (${d}, ${mr}x${nr} tiles): B=${B} M=${M} N=${N} K=${K}, nc=${nc0}, KC=${KC}, MC=${MC}` +
      (split ? ", rows split with the helper thread when it runs" : "") +
      (resident === null ? "" : `; the product stays in wasm memory at offset ${resident.offset}, row stride ${resident.rowStride}, batch stride ${resident.batchStride}`),
    packASrc,
    packBSrc,
  ].join("\n");
  return { name: "dot_general", source, run: (lhs, rhs) => [run(lhs!, rhs!)] };
}
