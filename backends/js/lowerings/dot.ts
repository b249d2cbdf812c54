// dot_general as a blocked matrix product (GotoBLAS/BLIS structure, specialised per shape).
//
// Any dimension numbers are canonicalised to a batched (B, M, K) x (B, K, N) problem without
// moving data: each operand is read through per-group offsets (a literal stride when the group's
// dims collapse to one stride, an offset table otherwise), so transposed operands, batch dims in
// the middle and several contracting or free dims all take the same path. Only the packing step
// reads the operands; it copies panels into contiguous scratch, converting on load to the compute
// dtype. The loop nest is
//
//   for each batch  b
//     for jc in N step NC             column block of B
//       for pc in K step KC           depth block: pack B[pc.., jc..] into Bp (NR-wide panels)
//         for ic in M step MC         row block: pack A[ic.., pc..] into Ap (MR-tall panels)
//           for each NR panel, for each MR panel: micro-kernel (MR x NR tile over kc)
//
// The micro-kernel keeps its MR x NR accumulators in local variables (unrolled in generated code)
// and is a separate small function: V8 optimised that measurably better than the same loop
// inlined in the big kernel. Measured on this machine's V8 (Node 20, Zen 3), float32 256^3:
// 3x4 and 4x3 tiles are the fastest (about 5 GFLOP/s on a quiet machine); 4x4 and larger spill
// accumulators out of the 15 usable XMM registers, 2x4 does too few flops per load. Index
// arithmetic is written `(p + i) | 0`, which drops V8's overflow check on every load. Cache
// block sizes (KC 128..512, MC 30..126, NC 256..1024) made no measurable difference: the
// micro-kernel is compute-bound, so they are chosen to keep Ap in L2 and a Bp panel in L1.
//
// Small products (vector dots, matrix-vector, tiny matrices) skip packing: a direct loop over
// the output with strided reads.
import type { DType, ShapedArray } from "../../../jaxpr/index.js";
import { complexNotLowered, narrowNotLowered, isNarrow, stridesOf } from "../../../jaxpr/index.js";
import { Kernel, Lowering, LoweringInput, makeKernel } from "../kernel.js";
import { allocExpression } from "./alloc.js";
import { wasmGemm } from "../wasm/wasmGemm.js";
import { untilWasmGemm } from "../wasm/untilWasmGemm.js";
import type { View } from "../loops.js";
import { int } from "../emit.js";
import { compileFunction } from "../codegen.js";
import { range } from "../../../jaxpr/lists.js";


/** Register tile and cache blocks. MC and NC are rounded to multiples of MR and NR. */
const MR = 3;
const NR = 4;
const KC = 256;
const MC = 64;
const NC = 1024;

/**
 * Below this many multiply-adds, or when one side is this thin, packing does not pay (measured:
 * the direct loop wins up to about 10^3, and for matrix-vector shapes where a tile would be mostly
 * padding; at M or N = 3 the two paths tie).
 */
const SMALL_FLOPS = 1000;
const THIN = 2;

/** A run of operand dims flattened row-major into one index (batch, M, K or N). */
export interface Group {
  readonly size: number;
  /** Offset of flat index i: i * stride, or table[i] when the dims do not collapse. */
  readonly stride: number | null;
  readonly table: Int32Array | null;
}

export function makeGroup(shape: readonly number[], strides: readonly number[], dims: readonly number[]): Group {
  const kept = dims.filter((d) => shape[d] !== 1);
  const size = dims.reduce((a, d) => a * shape[d]!, 1);
  if (kept.length === 0) return { size, stride: 0, table: null };
  // One stride suffices when each dim steps exactly over the following ones.
  let collapses = true;
  for (let i = 0; i + 1 < kept.length; i++) {
    if (strides[kept[i]!] !== strides[kept[i + 1]!]! * shape[kept[i + 1]!]!) collapses = false;
  }
  if (collapses) return { size, stride: strides[kept[kept.length - 1]!]!, table: null };
  const table = new Int32Array(size);
  for (let flat = 0; flat < size; flat++) {
    let rest = flat;
    let off = 0;
    for (let i = kept.length - 1; i >= 0; i--) {
      const d = kept[i]!;
      off += (rest % shape[d]!) * strides[d]!;
      rest = Math.floor(rest / shape[d]!);
    }
    table[flat] = off;
  }
  return { size, stride: null, table };
}

/** The canonical problem: out[b, m, n] = sum_k A[b, m, k] * B[b, k, n]. */
export interface Problem {
  readonly B: number;
  readonly M: number;
  readonly K: number;
  readonly N: number;
  readonly aBatch: Group;
  readonly aM: Group;
  readonly aK: Group;
  readonly bBatch: Group;
  readonly bK: Group;
  readonly bN: Group;
}

function canonicalize(lhs: ShapedArray, rhs: ShapedArray, dn: readonly [readonly [readonly number[], readonly number[]], readonly [readonly number[], readonly number[]]]): Problem {
  const [[lc, rc], [lb, rb]] = dn;
  const ls = stridesOf(lhs.shape);
  const rs = stridesOf(rhs.shape);
  // Free dims in ascending order: that is the order they take in the output.
  const lf = lhs.shape.map((_, i) => i).filter((i) => !lc.includes(i) && !lb.includes(i));
  const rf = rhs.shape.map((_, i) => i).filter((i) => !rc.includes(i) && !rb.includes(i));
  const aBatch = makeGroup(lhs.shape, ls, lb);
  const aM = makeGroup(lhs.shape, ls, lf);
  const aK = makeGroup(lhs.shape, ls, lc);
  const bBatch = makeGroup(rhs.shape, rs, rb);
  const bK = makeGroup(rhs.shape, rs, rc);
  const bN = makeGroup(rhs.shape, rs, rf);
  return { B: aBatch.size, M: aM.size, K: aK.size, N: bN.size, aBatch, aM, aK, bBatch, bK, bN };
}

/** Names groups' offset tables in the closure and writes their offset expressions. */
class Offsets {
  readonly closure: Record<string, unknown> = {};
  /** Offset of flat index `idx` (an expression) in group `g`, registered under `name`. */
  expr(name: string, g: Group, idx: string): string {
    if (g.table !== null) {
      this.closure[name] = g.table;
      return `${name}[${idx}]`;
    }
    if (g.stride === 0) return "0";
    return g.stride === 1 ? `(${idx})` : `(${idx}) * ${int(g.stride!)}`;
  }
}

type Family = "float" | "int";

/** How a compute dtype accumulates: floats in doubles, int32/uint32/bool with 32-bit wrapping. */
const familyOf = (d: DType): Family => (d === "float32" || d === "float64" ? "float" : "int");

/**
 * Converts an input element to the compute dtype on load. bool computes as int (a sum of 0/1
 * products is nonzero exactly when some `a && b` holds) and is turned back into 0/1 on store.
 */
function loadConversion(x: string, from: DType, to: DType): string {
  if (from === to) return x;
  const fromFloat = from === "float32" || from === "float64";
  // Narrow dtypes never reach a kernel (lowerNarrow).
  if (isNarrow(to)) throw narrowNotLowered(to);
  switch (to) {
    case "float64":
      return x;
    case "float32":
      // float32 compute rounds its inputs; bool and float32 values are already exact.
      return from === "bool" ? x : `Math.fround(${x})`;
    case "int32":
      return fromFloat ? `h.toInt32(${x})` : `(${x} | 0)`;
    case "uint32":
      return fromFloat ? `h.toUint32(${x})` : `(${x} >>> 0)`;
    case "complex64":
    case "complex128":
      throw complexNotLowered(to);
    case "bool":
      return `(${x} !== 0 ? 1 : 0)`;
  }
}

const mulAdd = (f: Family, acc: string, a: string, b: string): string => (f === "float" ? `${acc} += ${a} * ${b};` : `${acc} = (${acc} + Math.imul(${a}, ${b})) | 0;`);
const add = (f: Family, a: string, b: string): string => (f === "float" ? `${a} + ${b}` : `(${a} + ${b}) | 0`);
/** The stored value: bool collapses the count to 0/1; typed-array stores round float32 and wrap uint32. */
const finish = (d: DType, x: string): string => (d === "bool" ? `(${x} !== 0 ? 1 : 0)` : x);

/** Row-major strides of `shape` scaled by `unit`. */
const scaledStrides = (shape: readonly number[], unit: number): number[] => stridesOf(shape).map((s) => s * unit);

/**
 * A dot_general whose product stays in the wasm GEMM's memory (see residentWasmDot), with the view
 * that reads it in the output's own shape: what lets a fused epilogue consume the product where
 * it was computed. Null where the product does not take that path.
 */
export function residentDotKernel({ inAvals, outAvals, params }: LoweringInput<"dot_general">): { kernel: Kernel; view: View } | null {
  const lhs = inAvals[0]!;
  const out = outAvals[0]!;
  const p = canonicalize(lhs, inAvals[1]!, params.dimensionNumbers);
  const r = wasmGemm()?.residentWasmDot(p, out) ?? null;
  if (r === null) return null;
  // Output dims: batch, then lhs free (M), then rhs free (N).
  const [[lc], [lb]] = params.dimensionNumbers;
  const nb = lb.length;
  const nm = lhs.shape.length - lc.length - nb;
  const s = out.shape;
  const strides = [
    ...scaledStrides(s.slice(0, nb), r.batchStride),
    ...scaledStrides(s.slice(nb, nb + nm), r.rowStride),
    ...scaledStrides(s.slice(nb + nm), 1),
  ];
  return { kernel: r.kernel, view: { offset: r.offset, strides } };
}

function dotLowering({ inAvals, outAvals, params }: LoweringInput<"dot_general">): Kernel {
  const lhs = inAvals[0]!;
  const rhs = inAvals[1]!;
  const out = outAvals[0]!;
  return productKernel(canonicalize(lhs, rhs, params.dimensionNumbers), lhs.dtype, out);
}

/**
 * The kernel of a canonical product (also the convolutions' implicit GEMM, lowerings/convGemm.ts):
 * float products above a size threshold run on the wasm SIMD GEMM (backends/js/wasm) when
 * available, others on the JS blocked kernel or, when small or thin, the direct loop. A float
 * product made while a browser bundle is still loading the wasm GEMM switches to it on arrival.
 */
export function productKernel(p: Problem, inDtype: DType, out: ShapedArray): Kernel {
  const wasm = wasmGemm()?.wasmDotKernel(p, out) ?? null;
  if (wasm !== null) return wasm;
  const small = p.M * p.N * p.K <= SMALL_FLOPS || p.M <= THIN || p.N <= THIN;
  const js = small ? smallKernel(p, inDtype, out) : blockedKernel(p, inDtype, out);
  return out.dtype === "float32" || out.dtype === "float64" ? untilWasmGemm(js, (gemm) => gemm.wasmDotKernel(p, out)) : js;
}

/**
 * Direct loop: each output element is a strided dot product, no packing, no scratch. Four partial
 * sums break the add latency chain (one accumulator runs at a third of the speed).
 */
function smallKernel(p: Problem, inDtype: DType, out: ShapedArray): Kernel {
  const d = out.dtype;
  const f = familyOf(d);
  const o = new Offsets();
  const term = (k: string): string => {
    const a = loadConversion(`in0[ao + ${o.expr("aKT", p.aK, k)}]`, inDtype, d);
    const b = loadConversion(`in1[bo + ${o.expr("bKT", p.bK, k)}]`, inDtype, d);
    return f === "float" ? `${a} * ${b}` : `Math.imul(${a}, ${b})`;
  };
  const acc = (s: string, k: string): string => (f === "float" ? `${s} += ${term(k)};` : `${s} = (${s} + ${term(k)}) | 0;`);
  const body = [
    `const out = ${allocExpression(out)};`,
    `let q = 0;`,
    `for (let b = 0; b < ${int(p.B)}; b++) {`,
    `  const ab = ${o.expr("aBT", p.aBatch, "b")}, bb = ${o.expr("bBT", p.bBatch, "b")};`,
    `  for (let m = 0; m < ${int(p.M)}; m++) {`,
    `    const ao = ab + ${o.expr("aMT", p.aM, "m")};`,
    `    for (let n = 0; n < ${int(p.N)}; n++) {`,
    `      const bo = bb + ${o.expr("bNT", p.bN, "n")};`,
    `      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, k = 0;`,
    `      for (; k < ${int(p.K - 3)}; k += 4) { ${acc("s0", "k")} ${acc("s1", "k + 1")} ${acc("s2", "k + 2")} ${acc("s3", "k + 3")} }`,
    `      for (; k < ${int(p.K)}; k++) { ${acc("s0", "k")} }`,
    `      out[q++] = ${finish(d, add(f, `(${add(f, "s0", "s1")})`, `(${add(f, "s2", "s3")})`))};`,
    `    }`,
    `  }`,
    `}`,
    `return [out];`,
  ].join("\n");
  return makeKernel("dot_general", 2, body, o.closure);
}

/** Builds a helper function from generated source with the given closure values (like makeKernel). */
function makeFunction(source: string, closure: Record<string, unknown>): unknown {
  const names = Object.keys(closure);
  return compileFunction(names, `"use strict";\nreturn ${source};`)(...names.map((k) => closure[k]));
}

/**
 * The micro-kernel: T = Ap[pa..] (kc x MR, k-major) times Bp[pb..] (kc x NR), accumulators in
 * locals. It writes the tile to T; the caller adds it into the output (one tile store per kc
 * multiply-adds, so the indirection costs well under 1%).
 */
function microSource(f: Family): string {
  const cs: string[] = [];
  for (let i = 0; i < MR; i++) for (let j = 0; j < NR; j++) cs.push(`c${i}_${j}`);
  const ix = (ptr: string, i: number): string => (i === 0 ? ptr : `(${ptr} + ${i}) | 0`);
  const step: string[] = [];
  for (let i = 0; i < MR; i++) step.push(`const a${i} = Ap[${ix("pa", i)}];`);
  for (let j = 0; j < NR; j++) step.push(`const b${j} = Bp[${ix("pb", j)}];`);
  for (let i = 0; i < MR; i++) for (let j = 0; j < NR; j++) step.push(mulAdd(f, `c${i}_${j}`, `a${i}`, `b${j}`));
  return [
    `function micro(pa, pb, kc) {`,
    `  let ${cs.map((c) => `${c} = 0`).join(", ")};`,
    `  for (const end = (pa + kc * ${int(MR)}) | 0; pa < end; pa = (pa + ${int(MR)}) | 0, pb = (pb + ${int(NR)}) | 0) {`,
    `    ${step.join(" ")}`,
    `  }`,
    `  ${cs.map((c, i) => `T[${i}] = ${c};`).join(" ")}`,
    `}`,
  ].join("\n");
}

/** Block sizes of a blocked product, and where its partial sums over K blocks live. */
interface Blocking {
  readonly kc0: number;
  readonly mc0: number;
  readonly nc0: number;
  /** K spans several blocks: partial sums carry from block to block. */
  readonly multiK: boolean;
  /**
   * Partial sums live in the output itself when its dtype holds them exactly (float64, and
   * int32/uint32 since wrapping addition is associative), else in a scratch array (float32 sums
   * stay in doubles until the last block rounds them; bool counts stay in int32).
   */
  readonly accInOut: boolean;
}

function blockingOf(p: Problem, d: DType): Blocking {
  const kc0 = Math.min(KC, p.K);
  return {
    kc0,
    mc0: Math.min(MR * Math.floor(MC / MR), p.M),
    nc0: Math.min(NR * Math.floor(NC / NR), p.N),
    multiK: p.K > kc0,
    accInOut: d === "float64" || d === "int32" || d === "uint32",
  };
}

function blockedKernel(p: Problem, inDtype: DType, out: ShapedArray): Kernel {
  const d = out.dtype;
  const f = familyOf(d);
  const b = blockingOf(p, d);
  const Scratch = f === "float" ? Float64Array : Int32Array;
  const Ap = new Scratch(Math.ceil(b.mc0 / MR) * MR * b.kc0);
  const Bp = new Scratch(Math.ceil(b.nc0 / NR) * NR * b.kc0);
  const T = new Scratch(MR * NR);
  const micro = makeFunction(microSource(f), { Ap, Bp, T });
  const o = new Offsets();
  const closure: Record<string, unknown> = { Ap, Bp, T, micro };
  // The accumulator is as big as the output, so it is allocated per call like the output rather
  // than held by the cached kernel; zeroing it costs next to nothing beside the O(MNK) work.
  const allocAcc = b.multiK && !b.accInOut ? [`const acc = new ${f === "float" ? "Float64Array" : "Int32Array"}(${int(p.M * p.N)});`] : [];

  const loadA = (rowOff: string, kOff: string): string => loadConversion(`in0[${rowOff} + ${kOff}]`, inDtype, d);
  const loadB = (colOff: string, kOff: string): string => loadConversion(`in1[${colOff} + ${kOff}]`, inDtype, d);

  // Packing: A's rows ic+ip.. as MR-tall panels (Ap[ip*kc + k*MR + r]) and B's columns jc+jp..
  // as NR-wide panels (Bp[jp*kc + k*NR + j]), both k-major; short edge panels are padded with
  // zeros so the micro-kernel never branches.
  const packA = emitPack<Group>({ buf: "Ap", tile: MR, i: "ip", n: "mc", count: "rows", v: "r", base: "ab", off: "ic", lane: "r", ptr: "ro", table: "aMT", dims: p.aM, kTable: "aKT", kDims: p.aK, load: loadA, expr: (t, g, i) => o.expr(t, g, i) });
  const packB = emitPack<Group>({ buf: "Bp", tile: NR, i: "jp", n: "nc", count: "cols", v: "j", base: "bb", off: "jc", lane: "s", ptr: "so", table: "bNT", dims: p.bN, kTable: "bKT", kDims: p.bK, load: loadB, expr: (t, g, i) => o.expr(t, g, i) });
  const body = [`const out = ${allocExpression(out)};`, ...allocAcc, ...blockedLoops(p, b, o, packA, packB, tileStores(p, b, d)), `return [out];`].join("\n");
  const kernel = makeKernel("dot_general", 2, body, { ...closure, ...o.closure });
  // Show the micro-kernel with the kernel, so the printed source is everything that runs.
  return { ...kernel, source: `${microSource(f)}\n\n${kernel.source}` };
}

/** A tile value's update of the output (or accumulator) in the first, middle and last K blocks. */
interface TileStore {
  readonly first: string;
  readonly middle: string;
  readonly last: string;
}

/**
 * The statements adding the micro-kernel's tile T into the output: a full MR x NR tile unrolled,
 * an edge tile (`edge`, inside loops over i < rows, j < cols) element by element; when K spans
 * several blocks, branched on the block (only the first applies when K fits in one block).
 */
function tileStores(p: Problem, b: Blocking, d: DType): { full: string[]; edge: string[] } {
  const f = familyOf(d);
  const N = p.N;
  // Adding tile value `c` at output index `q` (and accumulator index `s` when a scratch is used).
  const store = (q: string, s: string, c: string): TileStore => {
    if (!b.multiK) return { first: `out[${q}] = ${finish(d, c)};`, middle: "", last: "" };
    if (b.accInOut) {
      const upd = `out[${q}] = ${add(f, `out[${q}]`, c)};`;
      return { first: `out[${q}] = ${c};`, middle: upd, last: upd };
    }
    return { first: `acc[${s}] = ${c};`, middle: `acc[${s}] = ${add(f, `acc[${s}]`, c)};`, last: `out[${q}] = ${finish(d, add(f, `acc[${s}]`, c))};` };
  };
  const byBlock = (parts: TileStore[]): string[] =>
    b.multiK
      ? [
          `if (pc === 0) { ${parts.map((x) => x.first).join(" ")} }`,
          `else if (pc + kc < ${int(p.K)}) { ${parts.map((x) => x.middle).join(" ")} }`,
          `else { ${parts.map((x) => x.last).join(" ")} }`,
        ]
      : parts.map((x) => x.first);
  const fullTile: TileStore[] = [];
  for (let i = 0; i < MR; i++) {
    for (let j = 0; j < NR; j++) {
      const at = i * N + j === 0 ? "t" : `t + ${int(i * N + j)}`;
      fullTile.push(store(`ob + ${at}`, at, `T[${int(i * NR + j)}]`));
    }
  }
  const edgeTile = store(`ob + t + i * ${int(N)} + j`, `t + i * ${int(N)} + j`, `T[i * ${int(NR)} + j]`);
  return { full: byBlock(fullTile), edge: byBlock([edgeTile]) };
}

/** The blocked loop nest: batches, column strips (B packed), K blocks, row blocks (A packed), micro tiles. */
function blockedLoops(p: Problem, b: Blocking, o: Offsets, packA: string[], packB: string[], tiles: { full: string[]; edge: string[] }): string[] {
  const { M, N, K } = p;
  return [
    `for (let b = 0; b < ${int(p.B)}; b++) {`,
    `const ab = ${o.expr("aBT", p.aBatch, "b")}, bb = ${o.expr("bBT", p.bBatch, "b")}, ob = b * ${int(M * N)};`,
    `for (let jc = 0; jc < ${int(N)}; jc += ${int(b.nc0)}) {`,
    `const nc = Math.min(${int(b.nc0)}, ${int(N)} - jc);`,
    `for (let pc = 0; pc < ${int(K)}; pc += ${int(b.kc0)}) {`,
    `const kc = Math.min(${int(b.kc0)}, ${int(K)} - pc);`,
    ...packB,
    `for (let ic = 0; ic < ${int(M)}; ic += ${int(b.mc0)}) {`,
    `const mc = Math.min(${int(b.mc0)}, ${int(M)} - ic);`,
    ...packA,
    `for (let jp = 0; jp < nc; jp += ${int(NR)}) {`,
    `  const cols = Math.min(${int(NR)}, nc - jp);`,
    `  for (let ip = 0; ip < mc; ip += ${int(MR)}) {`,
    `    const rows = Math.min(${int(MR)}, mc - ip);`,
    `    micro(ip * kc, jp * kc, kc);`,
    `    const t = (ic + ip) * ${int(N)} + jc + jp;`,
    `    if (rows === ${int(MR)} && cols === ${int(NR)}) {`,
    ...tiles.full.map((l) => `      ${l}`),
    `    } else {`,
    `      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {`,
    ...tiles.edge.map((l) => `        ${l}`),
    `      }`,
    `    }`,
    `  }`,
    `}`,
    `}`, // ic
    `}`, // pc
    `}`, // jc
    `}`, // b
  ];
}

export type { Group as DotGroup, Problem as DotProblem };

export const DOT_LOWERINGS: { dot_general: Lowering<"dot_general"> } = { dot_general: dotLowering };

interface PackSpec<D> {
  buf: string;
  tile: number;
  /** Panel loop variable, panel extent, and the count of real lanes in the current panel. */
  i: string;
  n: string;
  count: string;
  /** Lane loop variable and the prefix of the per-lane offset constants. */
  v: string;
  lane: string;
  ptr: string;
  base: string;
  off: string;
  table: string;
  dims: D;
  kTable: string;
  kDims: D;
  load: (offset: string, kOffset: string) => string;
  expr: (table: string, dims: D, index: string) => string;
}

/** Emits the loop packing one operand into tile-wide, k-major panels (A and B differ only in names and tile). */
function emitPack<D>(s: PackSpec<D>): string[] {
  const lanes = range(s.tile);
  return [
    `for (let ${s.i} = 0; ${s.i} < ${s.n}; ${s.i} += ${int(s.tile)}) {`,
    `  const ${s.count} = Math.min(${int(s.tile)}, ${s.n} - ${s.i});`,
    `  if (${s.count} === ${int(s.tile)}) {`,
    `    ${lanes.map((r) => `const ${s.lane}${r} = ${s.base} + ${s.expr(s.table, s.dims, r === 0 ? `${s.off} + ${s.i}` : `${s.off} + ${s.i} + ${r}`)};`).join(" ")}`,
    `    for (let k = 0, q = ${s.i} * kc; k < kc; k++, q += ${int(s.tile)}) {`,
    `      const ko = ${s.expr(s.kTable, s.kDims, "pc + k")};`,
    `      ${lanes.map((r) => `${s.buf}[${r === 0 ? "q" : `q + ${r}`}] = ${s.load(`${s.lane}${r}`, "ko")};`).join(" ")}`,
    `    }`,
    `  } else {`,
    `    for (let ${s.v} = 0; ${s.v} < ${int(s.tile)}; ${s.v}++) {`,
    `      const q0 = ${s.i} * kc + ${s.v};`,
    `      if (${s.v} < ${s.count}) {`,
    `        const ${s.ptr} = ${s.base} + ${s.expr(s.table, s.dims, `${s.off} + ${s.i} + ${s.v}`)};`,
    `        for (let k = 0; k < kc; k++) ${s.buf}[q0 + k * ${int(s.tile)}] = ${s.load(s.ptr, s.expr(s.kTable, s.kDims, "pc + k"))};`,
    `      } else for (let k = 0; k < kc; k++) ${s.buf}[q0 + k * ${int(s.tile)}] = 0;`,
    `    }`,
    `  }`,
    `}`,
  ];
}
