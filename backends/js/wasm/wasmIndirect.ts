// A product whose A rows are runs of contiguous elements, multiplied by the indirect GEMM
// (gemmWat.ts's indirectKernelWat; Dukhan, "The Indirect Convolution Algorithm", 2019, as in
// XNNPACK's igemm): A is never packed. A channels-last convolution's patch matrix is such a
// product: row m (an output position) is, for each window tap, the run of input features at
// that tap's input position, so the kernel reads the input where it lies.
//
//   pack B once (all of K, whole column panels; once per group where a grouped convolution's
//   batches read different B)
//   for each wave of batches whose inputs fit the AP region
//     copy the wave's span of A's operand into the memory
//     both threads claim items (up to MC rows of one batch, all of K) from a shared counter (pool.ts)
//     copy each batch's C rows out (or leave them resident for a fused epilogue)
//
// Against the packed path (wasmDot.ts) this saves the patch gathering, which costs about a third
// of a 3x3 convolution's time on one thread, and the shared counter balances the threads when
// the machine's load slows one of them (the packed path's split is fixed halves).
//
// This driver reaches the runtime (the packed path's planning and packers, the helper's items)
// through wasmGemm.ts only, so that it stays with the convolution family, outside the GEMM's
// chunk in a browser bundle; null (the packed path, which waits for the GEMM) while that loads.
import type { ShapedArray } from "../../../jaxpr/index.js";
import type { Kernel } from "../kernel.js";
import type { DotGroup, DotProblem } from "../lowerings/dot.js";
import { AP_AT, AP_BYTES, BP_AT, C_AT, C_BYTES, CTRL_AT, groupOffset, MC, roundUp, type FloatDType } from "./gemmLayout.js";
import type { GemmRuntime } from "./runtime.js";
import type { Packer, ResidentDot, ResidentLayout } from "./wasmDot.js";
import type { IndirectJob } from "./pool.js";
import { wasmGemm, type WasmGemm } from "./wasmGemm.js";
import { placeRows, type Placement } from "../lowerings/placeRows.js";

/** Whether products may take the indirect kernel (tests and benchmarks compare it with the packed path). */
let enabled = true;
export function setWasmIndirect(on: boolean): boolean {
  const old = enabled;
  enabled = on;
  return old;
}

/**
 * Shortest run the indirect kernel takes: below it the per-tap pointer setup outweighs the packing
 * it saves. Measured (float32, 3x3 rhs dilation 2 on 8x56x56, interleaved medians under load),
 * packed time / indirect time: runs of 2 (2 features) 0.62..0.72, with 3 groups 0.91..0.98; runs
 * of 3 (3 features, 64 or 16 outputs) 1.01..1.84, with 4 groups 1.00.
 */
const MIN_RUN = 3;

/** Depth of one kernel call's B panels (a tap block): NR columns of it stay in L1 (16 KiB in float32). */
const DEPTH_BLOCK = 512;

/**
 * Items a wave is cut into at least (rows permitting): a product with few rows and a long K (a
 * kernel gradient: 576 rows, K = 25088) would otherwise be five items, three on one thread.
 */
const MIN_ITEMS = 8;

/** Multiply-adds per wave from which the helper thread shares the items (as wasmDot.ts's THREAD_FLOPS). */
const THREAD_FLOPS = 2 ** 23;

const minOf = (t: Int32Array): number => t.reduce((a, b) => Math.min(a, b), Infinity);
const maxOf = (t: Int32Array): number => t.reduce((a, b) => Math.max(a, b), -Infinity);

/** A's depth offsets as `taps` runs of `run` contiguous elements: tap t's run starts at taps[t]. */
interface Runs {
  readonly run: number;
  readonly taps: Int32Array;
}

/** The longest equal runs that A's depth offsets split into, or null where they are shorter than MIN_RUN. */
function runsOf(aK: DotGroup, K: number): Runs | null {
  if (K === 0) return null;
  const at = groupOffset(aK);
  const offsets = Int32Array.from({ length: K }, (_, k) => at(k));
  let first = 1;
  while (first < K && offsets[first] === offsets[first - 1]! + 1) first++;
  for (let run = first; run >= MIN_RUN; run--) {
    if (K % run !== 0) continue;
    let contiguous = true;
    for (let k = 0; k < K && contiguous; k++) if (k % run !== 0 && offsets[k] !== offsets[k - 1]! + 1) contiguous = false;
    if (contiguous) return { run, taps: Int32Array.from({ length: K / run }, (_, t) => offsets[t * run]!) };
  }
  return null;
}

/** Batches [b0, b1) staged together: A's elements [lo, lo + length) copied to the staging area. */
interface Wave {
  readonly b0: number;
  readonly b1: number;
  readonly lo: number;
  readonly length: number;
}

/** Everything one indirect kernel fixes when it is made. */
interface Plan {
  /** The wasm GEMM's runtime modules (wasmGemm.ts): this driver stays outside a browser bundle's GEMM chunk. */
  readonly gemm: WasmGemm;
  readonly p: DotProblem;
  readonly rt: GemmRuntime;
  readonly d: FloatDType;
  readonly es: number;
  readonly mem: Float32Array | Float64Array;
  readonly runs: Runs;
  readonly mPad: number;
  readonly ncPad: number;
  readonly tapsPerBlock: number;
  /** C rows per item: MC, or fewer where the wave would have fewer than MIN_ITEMS items. */
  readonly itemRows: number;
  readonly packB: Packer;
  readonly packSource: string;
  /** Byte addresses in the AP region: the row and tap tables, each wave batch's A, C and B bases, the staged span. */
  readonly rowTable: number;
  readonly tapTable: number;
  readonly srcTable: number;
  readonly cTable: number;
  readonly bpTable: number;
  readonly staging: number;
  readonly aBatch: Int32Array;
  /** B's distinct batch offsets (one per group), each packed at its slot of the B region, and each batch's slot. */
  readonly bOffsets: readonly number[];
  readonly bSlot: Int32Array;
  /** The row and tap tables' contents (byte offsets), written into the AP region per call (other kernels use it between calls). */
  readonly rowBytes: Int32Array;
  readonly tapBytes: Int32Array;
  readonly waves: readonly Wave[];
  readonly resident: ResidentLayout | null;
  /** Where the product's elements go in the result (null: [B, M, N] row-major). */
  readonly placement: Placement | null;
}

function plan(p: DotProblem, out: ShapedArray, resident: boolean, placement: Placement | null): Plan | null {
  const gemm = wasmGemm();
  if (!enabled || gemm === null) return null;
  const base = gemm.planWasmDot(p, out);
  if (base === null) return null;
  const { rt, d } = base;
  const runs = runsOf(p.aK, p.K);
  if (runs === null) return null;
  const es = d === "float32" ? 4 : 8;
  const mr = rt.mr[d];
  const mPad = roundUp(p.M, mr);
  const ncPad = roundUp(p.N, rt.nr[d]);
  // One B strip holding all of N per distinct B (per group), all of them in the B region at once.
  const bOf = groupOffset(p.bBatch);
  const slots = new Map<number, number>();
  const bSlot = Int32Array.from({ length: p.B }, (_, b) => slots.get(bOf(b)) ?? (slots.set(bOf(b), slots.size), slots.size - 1));
  const bOffsets = [...slots.keys()];
  if (base.nc < p.N || bOffsets.length * p.K * ncPad > rt.bpCapacity[d]) return null;
  const rowOffsets = Int32Array.from({ length: p.M }, (_, m) => groupOffset(p.aM)(m));
  const aBatch = Int32Array.from({ length: p.B }, (_, b) => groupOffset(p.aBatch)(b));
  const rowTable = AP_AT;
  const tapTable = rowTable + mPad * 4;
  const srcTable = tapTable + runs.taps.length * 4;
  const cTable = srcTable + p.B * 4;
  const bpTable = cTable + p.B * 4;
  const staging = roundUp(bpTable + p.B * 4, 16);
  const lo = minOf(rowOffsets) + minOf(runs.taps);
  const reach = maxOf(rowOffsets) + maxOf(runs.taps) + runs.run - lo;
  const batchC = mPad * ncPad * es;
  // Waves: as many consecutive batches as the staging area (and, unless resident, the C region) hold.
  const room = (AP_AT + AP_BYTES - staging) / es;
  const waves: Wave[] = [];
  for (let b0 = 0; b0 < p.B; ) {
    let b1 = b0;
    let span = { lo: 0, length: 0 };
    let first = Infinity;
    let last = -Infinity;
    for (let b = b0; b < p.B; b++) {
      first = Math.min(first, aBatch[b]!);
      last = Math.max(last, aBatch[b]!);
      const next = { lo: first + lo, length: last - first + reach };
      if (next.length > room || (!resident && (b + 1 - b0) * batchC > C_BYTES)) break;
      span = next;
      b1 = b + 1;
    }
    if (b1 === b0) return null;
    waves.push({ b0, b1, ...span });
    b0 = b1;
  }
  if (resident && (waves.length > 1 || p.B * batchC > C_BYTES)) return null;
  const packer = gemm.makePacker(rt.nr[d], p.bN, p.bK);
  const mem = d === "float32" ? rt.f32 : rt.f64;
  const tapsPerBlock = Math.max(1, Math.floor(DEPTH_BLOCK / runs.run));
  const fewestBatches = waves.reduce((n, w) => Math.min(n, w.b1 - w.b0), Infinity);
  const itemRows = Math.min(MC, Math.max(mr, roundUp(Math.ceil((fewestBatches * mPad) / MIN_ITEMS), mr)));
  const layout = resident ? { offset: C_AT / es, rowStride: ncPad, batchStride: mPad * ncPad } : null;
  // The row table, padded to whole tiles with row 0 (those C rows are computed and never read).
  const rowBytes = new Int32Array(mPad);
  rowBytes.set(rowOffsets.map((o) => o * es));
  rowBytes.fill(rowOffsets[0]! * es, p.M);
  const tapBytes = runs.taps.map((o) => o * es);
  return {
    gemm, p, rt, d, es, mem, runs, mPad, ncPad, tapsPerBlock, itemRows, packB: packer.pack, packSource: packer.source,
    rowTable, tapTable, srcTable, cTable, bpTable, staging, aBatch, bOffsets, bSlot, rowBytes, tapBytes, waves, resident: layout, placement,
  };
}

/**
 * The indirect kernel for a product whose A rows are runs (see runsOf), or null where it does not
 * apply; its result is the [B, M, N] product, or where `placement` says (a convolution's output).
 */
export function indirectWasmDotKernel(p: DotProblem, out: ShapedArray, placement: Placement | null = null): Kernel | null {
  const k = plan(p, out, false, placement);
  return k === null ? null : { name: "dot_general", source: sourceOf(k), run: (lhs, rhs) => [runIndirect(k, lhs!, rhs!)] };
}

/** As indirectWasmDotKernel, leaving the product in the C region (see wasmDot.ts's residentWasmDot). */
export function residentIndirectWasmDot(p: DotProblem, out: ShapedArray): ResidentDot | null {
  const k = plan(p, out, true, null);
  if (k === null || k.resident === null) return null;
  return { kernel: { name: "dot_general", source: sourceOf(k), run: (lhs, rhs) => [runIndirect(k, lhs!, rhs!)] }, ...k.resident };
}

function sourceOf(k: Plan): string {
  const { B, M, N, K } = k.p;
  const r = k.resident;
  return (
    `// dot_general on the wasm indirect GEMM (${k.d}, ${k.rt.mr[k.d]}x${k.rt.nr[k.d]} tiles): B=${B} M=${M} N=${N} K=${K} as ${k.runs.taps.length} runs of ${k.runs.run}, ` +
    `${k.bOffsets.length} packed B, ` +
    `${k.tapsPerBlock} runs per call, items of ${k.itemRows} rows, ${k.waves.length} wave(s)` +
    (r === null ? "" : `; the product stays in wasm memory at offset ${r.offset}, row stride ${r.rowStride}, batch stride ${r.batchStride}`) +
    `\n${k.packSource}`
  );
}

function runIndirect(k: Plan, lhs: ArrayLike<number>, rhs: ArrayLike<number>): Float32Array | Float64Array {
  const { p, es, mem, ncPad, runs } = k;
  const { M, N, K } = p;
  const size = k.placement === null ? p.B * M * N : k.placement.size;
  const result = k.resident === null ? new (k.d === "float32" ? Float32Array : Float64Array)(size) : mem;
  const i32 = new Int32Array(mem.buffer);
  i32.set(k.rowBytes, k.rowTable / 4);
  i32.set(k.tapBytes, k.tapTable / 4);
  const ntaps = runs.taps.length;
  k.bOffsets.forEach((bb, slot) => {
    for (let tap = 0; tap < ntaps; tap += k.tapsPerBlock) {
      const pc = tap * runs.run;
      k.packB(rhs, bb, 0, N, pc, Math.min(k.tapsPerBlock, ntaps - tap) * runs.run, mem, BP_AT / es + (slot * K + pc) * ncPad);
    }
  });
  const perBatch = Math.ceil(k.mPad / k.itemRows);
  const kernels = [k.rt.indirectGemm.float32, k.rt.indirectGemm.float64] as const;
  for (const w of k.waves) {
    stage(mem, lhs, w, k.staging / es);
    for (let b = w.b0; b < w.b1; b++) {
      i32[k.srcTable / 4 + b - w.b0] = k.staging + (k.aBatch[b]! - w.lo) * es;
      const c = k.resident === null ? C_AT + (b - w.b0) * k.mPad * ncPad * es : (k.resident.offset + b * k.resident.batchStride) * es;
      i32[k.cTable / 4 + b - w.b0] = c;
      i32[k.bpTable / 4 + b - w.b0] = BP_AT + k.bSlot[b]! * K * ncPad * es;
    }
    const job: IndirectJob = {
      dtype: k.d === "float32" ? 0 : 1, items: (w.b1 - w.b0) * perBatch, perBatch, mc: k.itemRows, mPad: k.mPad, ntaps, run: runs.run,
      tapsPerBlock: k.tapsPerBlock, bpTable: k.bpTable, ncPad, rowTable: k.rowTable, tapTable: k.tapTable, srcTable: k.srcTable, cTable: k.cTable,
    };
    k.gemm.writeIndirectJob(mem.buffer, CTRL_AT, job);
    const helper = k.gemm.wasmDotThreads() && (w.b1 - w.b0) * M * N * K >= THREAD_FLOPS ? k.rt.helper : null;
    if (helper === null) {
      for (let i = 0; i < job.items; i++) k.gemm.runIndirectItem(mem.buffer, CTRL_AT, kernels, i);
    } else {
      helper.startIndirect();
      for (let i = helper.claim(); i < job.items; i = helper.claim()) k.gemm.runIndirectItem(mem.buffer, CTRL_AT, kernels, i);
      if (!helper.wait()) {
        // The helper died or stalled inside an item: redo it (items are idempotent).
        const left = helper.unfinishedItem();
        if (left >= 0 && left < job.items) k.gemm.runIndirectItem(mem.buffer, CTRL_AT, kernels, left);
      }
    }
    if (k.resident === null) for (let b = w.b0; b < w.b1; b++) copyBatchOut(k, result, b, C_AT / es + (b - w.b0) * k.mPad * ncPad);
  }
  return result;
}

/** Copies the wave's span of A's operand into the staging area (element index `at`). */
function stage(mem: Float32Array | Float64Array, lhs: ArrayLike<number>, w: Wave, at: number): void {
  if (ArrayBuffer.isView(lhs)) mem.set((lhs as Float32Array | Float64Array).subarray(w.lo, w.lo + w.length), at);
  else for (let i = 0; i < w.length; i++) mem[at + i] = lhs[w.lo + i]!;
}

/** Copies batch b's M x N product from C (row stride ncPad, from element c) into the result at its placement. */
function copyBatchOut(k: Plan, result: Float32Array | Float64Array, b: number, c: number): void {
  const { M, N } = k.p;
  const to = k.placement;
  if (to === null) {
    if (k.ncPad === N) result.set(k.mem.subarray(c, c + M * N), b * M * N);
    else placeRows(k.mem, c, k.ncPad, M, N, result, b * M * N, null, N, 1);
    return;
  }
  placeRows(k.mem, c, k.ncPad, M, N, result, to.batchBase[b]!, to.rowBase, 0, to.columnStride);
}
