// dot_general as a tiled WGSL matmul on the WebGPU device (webgpu mode only). gpu.js kernels have
// no workgroup memory, so its one-thread-per-output contraction rereads both operands from global
// memory for every output; this kernel stages 64x16 and 16x64 operand tiles in workgroup memory
// and has each thread accumulate a 4x4 block of outputs in registers. Any dot_general whose batch,
// free and contracting dims each collapse to a single stride in both operands is a batched
// C[b, m, n] = sum_k A[b, m, k] B[b, k, n] with constant strides, baked into the shader source.
import type { DotDimensionNumbers, Shape } from "../../jaxpr/index.js";
import { stridesOf } from "../../jaxpr/index.js";
import type { WebGpuComputePipeline, WebGpuDevice, WebGpuHandle } from "./webgpuDevice.js";
import { newDeviceBuffer, uniformBuffer } from "./webgpuDevice.js";
import { int } from "../js/emit.js";

/** A dim group of an operand seen as one flat index: address = index * stride. */
interface Axis {
  readonly size: number;
  readonly stride: number;
}

export interface MatmulPlan {
  readonly batch: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** lhs: offset and strides for (batch, m, k); rhs: for (batch, k, n). */
  readonly a: { readonly offset: number; readonly b: number; readonly m: number; readonly k: number };
  readonly b: { readonly offset: number; readonly b: number; readonly k: number; readonly n: number };
  /**
   * Split-K: `splits` workgroups share each output tile, each over `kPer` (a multiple of the k
   * tile) contraction indices, writing partial products laid out [splits, batch, m, n] that a
   * second kernel sums. 1 (and kPer = k) when the output tiles alone occupy the device.
   */
  readonly splits: number;
  readonly kPer: number;
}

// Measured on lavapipe at 1024x1024 (medians of 5): 8x8 threads with 8x8 outputs each, 581-628 ms;
// 16x16 threads with 4x4 each, 1126-3038 ms; a 32-deep k tile 620 ms, an 8-deep one 1142 ms.
const TILE_M = 64;
const TILE_N = 64;
const TILE_K = 16;
/** Threads per workgroup side; each thread owns TILE_M/THREADS x TILE_N/THREADS outputs. */
const THREADS = 8;
const PER_THREAD = TILE_M / THREADS;
/** Split-K aims at this many workgroups (a GPU has tens of compute units) ... */
const SPLIT_K_WORKGROUPS = 128;
/** ... giving each at least this many contraction indices. */
const SPLIT_K_MIN_DEPTH = 512;

/** `dims` (outer to inner) of a row-major array as one flat index, if their strides allow it. */
function collapse(shape: Shape, dims: readonly number[]): Axis | null {
  const strides = stridesOf(shape);
  const live = dims.filter((d) => shape[d] !== 1);
  const size = dims.reduce((p, d) => p * shape[d]!, 1);
  if (live.length === 0) return { size, stride: 0 };
  for (let j = 0; j + 1 < live.length; j++) {
    if (strides[live[j]!] !== strides[live[j + 1]!]! * shape[live[j + 1]!]!) return null;
  }
  return { size, stride: strides[live[live.length - 1]!]! };
}

/**
 * The batched-matmul form of a dot_general of row-major operands (at element offsets into their
 * buffers), or null when a dim group does not collapse or the dispatch would exceed the device's
 * workgroup-count limit; the output is row-major (batch, lhs free, rhs free), as dot_general's.
 */
export function planMatmul(lhs: Shape, rhs: Shape, dims: DotDimensionNumbers, offsets: readonly [number, number], maxWorkgroups: number): MatmulPlan | null {
  const [[lc, rc], [lb, rb]] = dims;
  const lFree = lhs.map((_, d) => d).filter((d) => !lc.includes(d) && !lb.includes(d));
  const rFree = rhs.map((_, d) => d).filter((d) => !rc.includes(d) && !rb.includes(d));
  const ab = collapse(lhs, lb);
  const am = collapse(lhs, lFree);
  const ak = collapse(lhs, lc);
  const bb = collapse(rhs, rb);
  const bk = collapse(rhs, rc);
  const bn = collapse(rhs, rFree);
  if (ab === null || am === null || ak === null || bb === null || bk === null || bn === null) return null;
  // Contracting pairs of different orders would collapse alike but pair elements differently.
  if (lc.some((d, j) => lhs[d] !== rhs[rc[j]!])) return null;
  const [batch, m, n, k] = [ab.size, am.size, bn.size, ak.size];
  const tiles = Math.ceil(n / TILE_N) * Math.ceil(m / TILE_M) * batch;
  // Too few output tiles for a long contraction: split it, up to about SPLIT_K_WORKGROUPS in all, at least SPLIT_K_MIN_DEPTH deep each.
  let splits = tiles < SPLIT_K_WORKGROUPS ? Math.min(Math.ceil(SPLIT_K_WORKGROUPS / tiles), Math.floor(k / SPLIT_K_MIN_DEPTH)) : 1;
  if (splits < 2 || splits * batch * m * n > 2 ** 24) splits = 1; // the partials' combine is a gpu.js kernel
  const kPer = splits === 1 ? k : Math.ceil(k / splits / TILE_K) * TILE_K;
  const plan: MatmulPlan = {
    batch,
    m,
    n,
    k,
    a: { offset: offsets[0], b: ab.stride, m: am.stride, k: ak.stride },
    b: { offset: offsets[1], b: bb.stride, k: bk.stride, n: bn.stride },
    splits: splits === 1 ? 1 : Math.ceil(k / kPer),
    kPer,
  };
  const groups = [Math.ceil(n / TILE_N), Math.ceil(m / TILE_M), batch * plan.splits];
  return groups.every((g) => g <= maxWorkgroups) ? plan : null;
}

const u = (n: number): string => `${int(n)}u`;

/**
 * Statements loading one operand tile into workgroup memory, k-major (As[k][m], Bs[k][n]). Rows
 * and columns are the operand's (m, k) for A and (k, n) for B; consecutive threads walk whichever
 * of the two has unit stride (a runtime flag), so their reads coalesce.
 */
function tileLoad(operand: "a" | "b", aligned: boolean): string {
  const [rows, cols] = operand === "a" ? [TILE_M, TILE_K] : [TILE_K, TILE_N];
  const [rowSize, colSize] = operand === "a" ? ["p.m", "p.k"] : ["p.k", "p.n"];
  const [rowAt, colAt] = operand === "a" ? ["m0", "k0"] : ["k0", "n0"];
  const [target, source] = operand === "a" ? ["As", "A"] : ["Bs", "B"];
  const slot = operand === "a" ? `ci * ${u(rows)} + ri` : `ri * ${u(cols)} + ci`;
  const guard = aligned
    ? `${target}[${slot}] = ${source}[at];`
    : `${target}[${slot}] = select(0.0, ${source}[at], row < ${rowSize} && col < ${colSize});`; // a read past the end is safe in WGSL (robust access)
  return `for (var i = 0u; i < ${u((rows * cols) / (THREADS * THREADS))}; i = i + 1u) {
      let e = li + i * ${u(THREADS * THREADS)};
      let ri = select(e / ${u(cols)}, e % ${u(rows)}, p.${operand}AlongRows != 0u);
      let ci = select(e % ${u(cols)}, e / ${u(rows)}, p.${operand}AlongRows != 0u);
      let row = ${rowAt} + ri;
      let col = ${colAt} + ci;
      let at = p.${operand}Offset + batch * p.${operand}Batch + row * p.${operand}Row + col * p.${operand}Col;
      ${guard}
    }`;
}

/** Whether every tile is whole, so the kernel needs no bounds checks. */
const isAligned = (p: MatmulPlan): boolean => p.m % TILE_M === 0 && p.n % TILE_N === 0 && p.k % TILE_K === 0;

/** The kernel's parameters, in the order of the WGSL `Params` struct. */
export function matmulParams(p: MatmulPlan): Uint32Array {
  // Each operand's tile load walks its rows when they have unit stride and its columns do not.
  const alongRows = (row: number, col: number): number => (row === 1 && col !== 1 ? 1 : 0);
  return Uint32Array.from([
    p.m, p.n, p.k, p.m * p.n,
    p.a.offset, p.a.b, p.a.m, p.a.k, alongRows(p.a.m, p.a.k),
    p.b.offset, p.b.b, p.b.k, p.b.n, alongRows(p.b.k, p.b.n),
    p.kPer, p.batch,
  ]);
}

/**
 * The WGSL source for a plan: one workgroup per 64x64 output tile of one batch element. Sizes and
 * strides are uniforms, so one pipeline (two: with and without bounds checks) serves every shape;
 * a shader compile costs seconds on a CPU Vulkan driver (lavapipe), once per process.
 */
export function matmulSource(plan: MatmulPlan): string {
  const aligned = isAligned(plan);
  const inner: string[] = [];
  for (let i = 0; i < PER_THREAD; i++) inner.push(`let a${i} = As[kk * ${u(TILE_M)} + lid.y + ${u(i * THREADS)}];`);
  for (let j = 0; j < PER_THREAD; j++) inner.push(`let b${j} = Bs[kk * ${u(TILE_N)} + lid.x + ${u(j * THREADS)}];`);
  for (let i = 0; i < PER_THREAD; i++) for (let j = 0; j < PER_THREAD; j++) inner.push(`c${i}${j} = fma(a${i}, b${j}, c${i}${j});`);
  const regs: string[] = [];
  const stores: string[] = [];
  for (let i = 0; i < PER_THREAD; i++) {
    for (let j = 0; j < PER_THREAD; j++) {
      regs.push(`var c${i}${j} = 0.0;`);
      const row = `m0 + lid.y + ${u(i * THREADS)}`;
      const col = `n0 + lid.x + ${u(j * THREADS)}`;
      const store = `C[cBase + (${row}) * p.n + ${col}] = c${i}${j};`;
      stores.push(aligned ? store : `if (${row} < p.m && ${col} < p.n) { ${store} }`);
    }
  }
  return `struct Params {
  m: u32, n: u32, k: u32, mn: u32,
  aOffset: u32, aBatch: u32, aRow: u32, aCol: u32, aAlongRows: u32,
  bOffset: u32, bBatch: u32, bRow: u32, bCol: u32, bAlongRows: u32,
  kPer: u32, batches: u32,
}
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
var<workgroup> As: array<f32, ${int(TILE_M * TILE_K)}>;
var<workgroup> Bs: array<f32, ${int(TILE_N * TILE_K)}>;
@compute @workgroup_size(${int(THREADS)}, ${int(THREADS)}, 1)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  let m0 = wg.y * ${u(TILE_M)};
  let n0 = wg.x * ${u(TILE_N)};
  // wg.z = split * batches + batch; the partial products of split s are the s-th [batch, m, n] block.
  let batch = wg.z % p.batches;
  let kBegin = (wg.z / p.batches) * p.kPer;
  let kEnd = min(p.k, kBegin + p.kPer);
  let cBase = wg.z * p.mn;
  ${regs.join(" ")}
  for (var k0 = kBegin; k0 < kEnd; k0 = k0 + ${u(TILE_K)}) {
    ${tileLoad("a", aligned)}
    ${tileLoad("b", aligned)}
    workgroupBarrier();
    for (var kk = 0u; kk < ${u(TILE_K)}; kk = kk + 1u) {
      ${inner.join("\n      ")}
    }
    workgroupBarrier();
  }
  ${stores.join("\n  ")}
}
`;
}

const pipelines = new WeakMap<WebGpuDevice, Map<string, WebGpuComputePipeline>>();

function pipelineFor(device: WebGpuDevice, source: string): WebGpuComputePipeline {
  let cache = pipelines.get(device);
  if (cache === undefined) pipelines.set(device, (cache = new Map()));
  let pipeline = cache.get(source);
  if (pipeline === undefined) {
    pipeline = device.createComputePipeline({ layout: "auto", compute: { module: device.createShaderModule({ code: source }), entryPoint: "main" } });
    cache.set(source, pipeline);
  }
  return pipeline;
}

/** Dispatches the plan's kernel on device buffers; the result is a new buffer (queued behind the operands' writers). */
export function runMatmul(device: WebGpuDevice, p: MatmulPlan, source: string, a: WebGpuHandle, b: WebGpuHandle): WebGpuHandle {
  const out = newDeviceBuffer(p.splits * p.batch * p.m * p.n);
  const pipeline = pipelineFor(device, source);
  const params = uniformBuffer(device, matmulParams(p));
  const group = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [a.buffer, b.buffer, out.buffer, params].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, group);
  pass.dispatchWorkgroups(Math.ceil(p.n / TILE_N), Math.ceil(p.m / TILE_M), p.batch * p.splits);
  pass.end();
  device.queue.submit([encoder.finish()]);
  params.destroy(); // after the submit: the queued dispatch keeps what it reads
  return out;
}
