// Code generation for one fused group: a single loop nest over the group's iteration shape that
// loads each input through its affine view, evaluates the group's elementwise statements in
// registers (float32 values as doubles, rounded to float32 where elementwise.ts's float32Rounding
// says), stores the values needed outside, and folds reductions into accumulators. Reductions over
// trailing dimensions keep their accumulator in a register; a full reduction over a flat loop uses
// four accumulators (unrolled by four) so the adds do not wait on each other; other reductions
// accumulate into a float64 array.
import type { DType, ReduceName, Shape, ShapedArray } from "../../../jaxpr/index.js";
import { stridesOf, isFloat } from "../../../jaxpr/index.js";
import type { View } from "../loops.js";
import { mergeLoopDims } from "../loops.js";
import { Buffer, Kernel, makeKernel } from "../kernel.js";
import { newKernelId, runChunks, type ChunkFn } from "../threads/kernelPool.js";
import { isShared, sharedCopy, sharesBuffersOfSize } from "../threads/sharedMemory.js";
import { MONOIDS, trailingSplit } from "../lowerings/reduce.js";
import { typedArrayName } from "../lowerings/alloc.js";
import { ident, int } from "../emit.js";
import type { KernelExpr, KernelStatement } from "../../kernelIr/index.js";
import { countOps } from "../../kernelIr/index.js";
import type { HelperCall } from "../elementwise.js";
import { helperCall } from "../elementwise.js";
import { renderJs } from "./renderJs.js";
import { evaluatedGroupKernel, fusedGroupsEvaluated } from "./evaluateGroup.js";

export interface GroupLoad {
  /** Kernel-argument index of the buffer read. */
  readonly input: number;
  /** How the buffer is read, one stride per dimension of the group's shape. */
  readonly view: View;
}

/** Register `reg` holds `expr` (kernel IR) at the current element. */
export type GroupStatement = KernelStatement;

export interface GroupReduction {
  readonly prim: ReduceName;
  /** The register reduced (a value of the group's shape). */
  readonly operand: string;
  readonly axes: readonly number[];
  readonly dtype: DType;
  readonly out: ShapedArray;
}

export interface GroupSpec {
  readonly name: string;
  readonly shape: Shape;
  /** Buffers read; the kernel's arguments are these inputs, then one buffer per store, then one per reduction. */
  readonly numInputs: number;
  /** Loads, each bound to register `x<k>` (k = its index here). */
  readonly loads: readonly GroupLoad[];
  readonly statements: readonly GroupStatement[];
  /** Registers stored to fresh contiguous outputs of the group's shape. */
  readonly stores: readonly { reg: string; aval: ShapedArray }[];
  readonly reductions: readonly GroupReduction[];
}

/** A pointer walked through the loop nest: a load, a store, or an accumulator slot. */
export interface Walker {
  readonly strides: number[];
  readonly offset: number;
}


/** Primitives whose JS form calls a Math library function (Math.exp, Math.pow, ...). */
const LIBRARY_CALLS: ReadonlySet<string> = new Set([
  "exp", "exp2", "expm1", "log", "log1p", "tanh", "logistic", "sinh", "cosh", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "pow", "cbrt", "asinh", "acosh", "atanh",
]);

/** Whether a node's JS form calls a Math library function (float integer_pow beyond 8 multiplies is Math.pow). */
function callsLibrary(n: KernelExpr): boolean {
  if (n.kind === "binary") return LIBRARY_CALLS.has(n.op);
  if (n.kind !== "unary") return false;
  if (n.op === "integer_pow") return (n.x.dtype === "float32" || n.x.dtype === "float64") && Math.abs(n.params["y"] as number) > 8;
  return LIBRARY_CALLS.has(n.op);
}

/** Expression cost of one statement, in rough units of a load or an add: a Math library call costs 10-20. */
const statementCost = (expr: KernelExpr): number => 1 + 12 * countOps(expr, (n) => (callsLibrary(n) ? 1 : 0));

/**
 * Work (elements x per-element cost) from which a group's loop is split into chunks that the
 * helper thread shares: posting a job costs the main thread about 10 µs, and the helper takes
 * tens of µs to pick it up. Measured (2 cores, Node 20), µs one thread -> two:
 * sum((x*a+b)*x - x*x) (cost 6): 16K 31 -> 36, 64K 78 -> 81, 256K 294 -> 199, 1M 1187 -> 675;
 * tanh(x) stored (cost 14): 16K 371 -> 258, 1M 22187 -> 11604; the tanh/exp chain (cost 33):
 * 16K 484 -> 323, 1M 31391 -> 15750.
 */
export const PARALLEL_MIN_WORK = 1 << 18;
/** Per-element cost from which a loop that stores outputs is split (x+1 on 1M float32s gained nothing). */
const MIN_COST_WITH_STORES = 8;
/** Chunks per split loop: enough that a core slowed by other load takes fewer of them. */
const MAX_CHUNKS = 32;

/** Whether (and into how many outer-index chunks) a group's loop is split; 0: one plain loop. */
function chunkCount(spec: GroupSpec, size: number, outer: number, arrayAccumulators: boolean, callsHelpers: boolean): number {
  if (arrayAccumulators || outer < 2 || !sharesBuffersOfSize(size)) return 0;
  // Runtime helpers (h.*) exist only on the main thread.
  if (callsHelpers) return 0;
  const perElement = spec.loads.length + spec.statements.reduce((a, st) => a + statementCost(st.expr), 0);
  // Stored outputs are fresh shared pages, faulted in on first write: a cheap loop loses that back.
  if (spec.stores.length > 0 && perElement < MIN_COST_WITH_STORES) return 0;
  return size * perElement >= PARALLEL_MIN_WORK ? Math.min(MAX_CHUNKS, outer) : 0;
}

/** A group's loop nest, as both the emitter and the evaluator (evaluate.ts) run it. */
export interface GroupLoops {
  readonly size: number;
  /** Per reduction: accumulated in a register (all such share one split: trailing reduced dims), else in an array. */
  readonly inRegister: readonly boolean[];
  /** Pointers walked through the nest: the loads (in order), the store pointer if any, the accumulator arrays. */
  readonly walkers: readonly Walker[];
  readonly storeWalker: number;
  /** Reduction index -> its accumulator array's walker. */
  readonly accWalker: ReadonlyMap<number, number>;
  /** Loop dims: size-1 dims dropped, neighbours merged where every walker steps through them as one. */
  readonly loop: { readonly shape: readonly number[]; readonly strides: readonly (readonly number[])[]; readonly split: number };
  /** A full reduction over a flat loop: four accumulator lanes, so the adds do not wait on each other. */
  readonly fourLanes: boolean;
}

export function planGroupLoops(spec: GroupSpec): GroupLoops {
  const { shape } = spec;
  const size = shape.reduce((a, b) => a * b, 1);
  // Register reductions share one split point (all trailing with the same kept prefix); the rest use arrays.
  const splits = spec.reductions.map((r) => trailingSplit(shape, r.axes));
  const firstSplit = splits.find((s) => s !== null) ?? null;
  const inRegister = spec.reductions.map((_, i) => splits[i] !== null && splits[i] === firstSplit);
  const walkers: Walker[] = spec.loads.map((l) => ({ strides: [...l.view.strides], offset: l.view.offset }));
  const storeWalker = walkers.length;
  if (spec.stores.length > 0) walkers.push({ strides: stridesOf(shape), offset: 0 });
  const accWalker = new Map<number, number>();
  spec.reductions.forEach((r, j) => {
    if (inRegister[j]) return;
    // Accumulator index: row-major over the kept dims, 0 along reduced ones.
    const keptStrides = stridesOf(shape.filter((_, i) => !r.axes.includes(i)));
    let k = 0;
    accWalker.set(j, walkers.length);
    walkers.push({ strides: shape.map((_, i) => (r.axes.includes(i) ? 0 : keptStrides[k++]!)), offset: 0 });
  });
  const loop = mergeLoopDims(shape, walkers.map((w) => w.strides), firstSplit ?? shape.length);
  const fourLanes = size > 0 && loop.shape.length <= 1 && loop.split === 0 && inRegister.some((r) => r);
  return { size, inRegister, walkers, storeWalker, accWalker, loop, fourLanes };
}

/** Pointer expressions into the loop body's walkers. */
type Pointer = (w: number) => string;

/** The group's loop body as source at the given pointers; `suffix` names the accumulator lane. */
function emitBody(spec: GroupSpec, plan: GroupLoops, statementSources: readonly string[], pointer: Pointer, suffix: string): string {
  const parts: string[] = [];
  spec.loads.forEach((l, k) => parts.push(`const x${k} = in${l.input}[${pointer(k)}];`));
  spec.statements.forEach((s, i) => parts.push(`const ${s.reg} = ${statementSources[i]};`));
  spec.stores.forEach((s, i) => parts.push(`o${i}[${pointer(plan.storeWalker)}] = ${s.reg};`));
  spec.reductions.forEach((r, j) => {
    const m = MONOIDS[r.prim];
    if (plan.inRegister[j]) {
      parts.push(`a${j}${suffix} = ${m.combine(`a${j}${suffix}`, r.operand, r.dtype)};`);
    } else {
      const w = plan.accWalker.get(j)!;
      parts.push(`{ const q = ${pointer(w)}; const a = acc${j}[q]; acc${j}[q] = ${m.combine("a", r.operand, r.dtype)}; }`);
    }
  });
  return parts.join("\n");
}

/** What the loop-nest emitters share: the spec, its plan, the rendered statements, the chunking. */
interface EmitContext {
  readonly spec: GroupSpec;
  readonly plan: GroupLoops;
  readonly statementSources: readonly string[];
  readonly chunks: number;
  readonly regReductions: readonly { r: GroupReduction; j: number }[];
}

const initRegisters = (c: EmitContext, suffix: string): string =>
  c.regReductions.map(({ r, j }) => `let a${j}${suffix} = ${MONOIDS[r.prim].identity(r.dtype)};`).join(" ");

/** Register reductions' results written at row `q` (or, in a split full reduction, to the chunk's partials). */
function finishRegisters(c: EmitContext, q: string, lanes: readonly string[]): string {
  const fullReduction = c.plan.loop.split === 0;
  return c.regReductions
    .map(({ r, j }, k) => {
      const m = MONOIDS[r.prim];
      let e = `a${j}${lanes[0]}`;
      for (const lane of lanes.slice(1)) e = m.combine(`(${e})`, `a${j}${lane}`, r.dtype);
      return c.chunks > 0 && fullReduction ? `partials[chunk * ${c.regReductions.length} + ${k}] = ${e};` : `r${j}out[${q}] = ${e};`;
    })
    .join(" ");
}

const offsetPlus = (c: EmitContext, w: number, idx: string): string => {
  const off = c.plan.walkers[w]!.offset;
  return off === 0 ? idx : `${int(off)} + ${idx}`;
};

/** A full reduction over a flat loop: four independent accumulators. */
function emitFourLanes(c: EmitContext, lines: string[]): void {
  const { loop } = c.plan;
  const depth = loop.shape.length;
  const n = depth === 0 ? 1 : loop.shape[0]!;
  const hi = c.chunks > 0 ? "hi" : int(n);
  const ptr = (u: number) => (w: number) => {
    const st = depth === 0 ? 0 : loop.strides[w]![0]!;
    const idx = st === 0 ? "0" : st === 1 ? (u === 0 ? "i" : `(i + ${u})`) : `${int(st)} * ${u === 0 ? "i" : `(i + ${u})`}`;
    return offsetPlus(c, w, idx);
  };
  const lanes = ["_0", "_1", "_2", "_3"];
  lines.push(lanes.map((lane) => initRegisters(c, lane)).join(" "));
  lines.push(`let i = ${c.chunks > 0 ? "lo" : "0"};`);
  if (n >= 4) {
    lines.push(`for (; i + 3 < ${hi}; i += 4) {`);
    lanes.forEach((lane, u) => lines.push(`{\n${emitBody(c.spec, c.plan, c.statementSources, ptr(u), lane)}\n}`));
    lines.push("}");
  }
  lines.push(`for (; i < ${hi}; i++) {\n${emitBody(c.spec, c.plan, c.statementSources, ptr(0), "_0")}\n}`);
  lines.push(finishRegisters(c, "0", lanes));
}

/** The general loop nest: one loop per merged dim, register reductions reset at the split. */
function emitLoopNest(c: EmitContext, lines: string[]): void {
  const { walkers, loop } = c.plan;
  const depth = loop.shape.length;
  const hasRegs = c.regReductions.length > 0;
  if (loop.split === 0) lines.push(initRegisters(c, ""));
  // Output rows one outer index covers (register reductions over trailing dims write row q).
  const rowsPerOuter = loop.shape.slice(1, Math.max(loop.split, 1)).reduce((a, b) => a * b, 1);
  if (hasRegs) lines.push(c.chunks > 0 && loop.split > 0 ? `let q = lo * ${int(rowsPerOuter)};` : "let q = 0;");
  const open: string[] = [];
  const close: string[] = [];
  for (let d = 0; d < depth; d++) {
    const ptrs = walkers
      .map((w, k) => {
        const st = loop.strides[k]![d]!;
        const prev = d === 0 ? int(w.offset) : `p${k}_${d - 1}`;
        return `const p${k}_${d} = ${prev}${st === 0 ? "" : ` + ${int(st)} * i${d}`};`;
      })
      .join(" ");
    const bounds = d === 0 ? `let i0 = ${c.chunks > 0 ? "lo" : "0"}; i0 < ${c.chunks > 0 ? "hi" : int(loop.shape[0]!)}; i0++` : `let i${d} = 0; i${d} < ${int(loop.shape[d]!)}; i${d}++`;
    let head = `for (${bounds}) { ${ptrs}`;
    if (d + 1 === loop.split && hasRegs) head += `\n${initRegisters(c, "")}`;
    open.push(head);
    close.unshift(d + 1 === loop.split && hasRegs ? `${finishRegisters(c, "q", [""])} q++; }` : "}");
  }
  const ptr = (w: number): string => (depth === 0 ? int(walkers[w]!.offset) : `p${w}_${depth - 1}`);
  lines.push(open.join("\n"));
  lines.push(emitBody(c.spec, c.plan, c.statementSources, ptr, ""));
  lines.push(close.join("\n"));
  if (loop.split === 0 && hasRegs) lines.push(finishRegisters(c, "0", [""]));
}

/** The kernel's opening lines: output arguments named, accumulator arrays made. */
function emitPrologue(spec: GroupSpec, plan: GroupLoops, lines: string[]): string[] {
  const outs: string[] = [];
  // Output buffers are arguments (the program decides between fresh and reused memory).
  let nextArg = spec.numInputs;
  spec.stores.forEach((_, i) => {
    lines.push(`const o${i} = in${nextArg++};`);
    outs.push(`o${i}`);
  });
  spec.reductions.forEach((r, j) => {
    lines.push(`const r${j}out = in${nextArg++};`);
    outs.push(`r${j}out`);
    if (plan.inRegister[j]) return;
    const accType = isFloat(r.dtype) ? "Float64Array" : typedArrayName(r.dtype);
    lines.push(`const acc${j} = new ${accType}(${int(r.out.size)}).fill(${MONOIDS[r.prim].identity(r.dtype)});`);
  });
  return outs;
}

export function emitGroupKernel(spec: GroupSpec): Kernel {
  // The statements as source, noting whether they call runtime helpers.
  let callsHelpers = false;
  const recordHelper: HelperCall = (name, ...args) => {
    callsHelpers = true;
    return helperCall(name, ...args);
  };
  const statementSources = spec.statements.map((s) => renderJs(s.expr, recordHelper));
  const plan = planGroupLoops(spec);
  const { size, loop } = plan;
  const evaluated = fusedGroupsEvaluated();
  const lines: string[] = [];
  const outs = emitPrologue(spec, plan, lines);
  // A split loop runs outer indices [lo, hi) per call; full reductions then leave per-chunk partials.
  // The evaluator runs on one thread.
  const chunks = size > 0 && loop.shape.length >= 1 && !evaluated ? chunkCount(spec, size, loop.shape[0]!, plan.accWalker.size > 0, callsHelpers) : 0;
  const regReductions = spec.reductions.map((r, j) => ({ r, j })).filter(({ j }) => plan.inRegister[j]);
  const c: EmitContext = { spec, plan, statementSources, chunks, regReductions };
  if (plan.fourLanes) emitFourLanes(c, lines);
  else if (size > 0) emitLoopNest(c, lines);
  // Empty iteration space: reductions give their identities.
  else regReductions.forEach(({ r, j }) => lines.push(`r${j}out.fill(${MONOIDS[r.prim].identity(r.dtype)});`));
  spec.reductions.forEach((_, j) => {
    if (!plan.inRegister[j]) lines.push(`r${j}out.set(acc${j});`);
  });
  const numArgs = spec.numInputs + spec.stores.length + spec.reductions.length;
  if (chunks > 0) {
    const combine = loop.split === 0 && regReductions.length > 0 ? combinePartials(regReductions, outs.length) : null;
    return splitKernel(spec.name, spec.numInputs, numArgs, lines.join("\n"), loop.shape[0]!, chunks, combine === null ? 0 : regReductions.length, combine);
  }
  lines.push(`return [${outs.join(", ")}];`);
  if (evaluated) return evaluatedGroupKernel(spec, plan, kernelSource(spec.name, numArgs, lines.join("\n")));
  return makeKernel(spec.name, numArgs, lines.join("\n"));
}

/** A kernel's source as makeKernel (../kernel.ts) writes it, for a kernel that is not compiled from it. */
function kernelSource(name: string, numArgs: number, body: string): string {
  const args = globalThis.Array.from({ length: numArgs }, (_, i) => `in${i}`);
  return `function ${ident(name)}(${args.join(", ")}) {\n${body}\n}`;
}

/** Source folding the chunks' partial results of full reductions, in chunk order, into the outputs. */
function combinePartials(regs: readonly { r: GroupReduction; j: number }[], numOuts: number): string {
  const args = globalThis.Array.from({ length: numOuts }, (_, i) => `out${i}`);
  const first = numOuts - regs.length; // register reductions come last among the outputs, in order
  const lines = regs.map(({ r }, k) => {
    const m = MONOIDS[r.prim];
    return `{ let a = partials[${k}]; for (let c = 1; c < chunks; c++) a = ${m.combine("a", `partials[c * ${regs.length} + ${k}]`, r.dtype)}; out${first + k}[0] = a; }`;
  });
  return `function combine(partials, chunks, ${args.join(", ")}) {\n${lines.join("\n")}\n}`;
}

/**
 * A group kernel whose outer loop runs in chunks, shared with the helper thread (kernelPool.ts).
 * Its source is the chunk function (taking lo, hi, partials, chunk after the buffers).
 */
function splitKernel(name: string, numInputs: number, numArgs: number, body: string, outer: number, chunks: number, numPartials: number, combineSource: string | null): Kernel {
  const args = globalThis.Array.from({ length: numArgs }, (_, i) => `in${i}`);
  const source = `function ${ident(name)}(${args.join(", ")}, lo, hi, partials, chunk) {\n${body}\n}`;
  const f = new Function(`"use strict";\nreturn ${source};`)() as ChunkFn;
  const combine = combineSource === null ? null : (new Function(`"use strict";\nreturn ${combineSource};`)() as (p: Float64Array, chunks: number, ...outs: Buffer[]) => void);
  const id = newKernelId();
  const run = (...buffers: Buffer[]): Buffer[] => {
    // Small operands (scalars, reduction results) are not allocated shared: copied here, cheaply.
    const shared = buffers.map((b) => (isShared(b) ? b : sharedCopy(b)));
    const partials = numPartials > 0 ? new Float64Array(new SharedArrayBuffer(8 * numPartials * chunks)) : null;
    runChunks(id, f, `return ${source}`, shared, outer, chunks, partials);
    if (combine !== null) combine(partials!, chunks, ...shared.slice(numInputs));
    for (let i = numInputs; i < buffers.length; i++) if (shared[i] !== buffers[i]) buffers[i]!.set(shared[i]!);
    return buffers.slice(numInputs);
  };
  const note = `// ${name}: outer loop of ${int(outer)} in ${int(chunks)} chunks, shared with the helper thread\n`;
  return { name, source: note + source + (combineSource === null ? "" : `\n${combineSource}`), run, sharedOutputs: true };
}
