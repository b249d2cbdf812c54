// Compiles a jaxpr into an Executable: a generated program calling the kernels of its partition
// (fused elementwise/reduction groups, views as index arithmetic, one kernel per other equation),
// plus the per-op cache that eager dispatch uses, keyed by primitive, params and input avals.
import type { Eqn, Jaxpr, ShapedArray, PrimitiveName, Params } from "../../jaxpr/index.js";
import { Var, abstractEval, hasComplex, lowerComplex, hasNarrow, lowerNarrow, inlineCalls, toWideBuffer, toNarrowBuffer } from "../../jaxpr/index.js";
import { Buffer, Kernel, LoweringInput } from "./kernel.js";
import { lowerEqn } from "./lowerings/index.js";
import { literalBuffer } from "./lowerings/loweredOp.js";
import { partitionJaxpr } from "./fusion/partition.js";
import type { FusedGroup, Step, WindowHead } from "./fusion/partition.js";
import { planScratch } from "./scratchPlan.js";
import type { ScratchPlan } from "./scratchPlan.js";
import { emitGroupKernel } from "./fusion/groupKernel.js";
import { viewCopyKernel } from "./lowerings/views.js";
import { allocExpression } from "./lowerings/alloc.js";
import { residentDotKernel } from "./lowerings/dot.js";
import { familyKernel } from "./familyKernels.js";
import { fusedGroupsEvaluated } from "./fusion/evaluateGroup.js";
import type { View } from "./loops.js";
import { allocBuffer } from "./threads/sharedMemory.js";
import { LruCache } from "./lruCache.js";
import { compileFunction } from "./codegen.js";
import { comment, ident, int } from "./emit.js";
import { setBodyCompiler } from "./bodyCompiler.js";
/**
 * Lets the control-flow lowerings compile the jaxprs they carry, through bodyCompiler.ts's slot;
 * called when control flow loads (src/families/control.ts), not here at import, so that an app
 * without control flow or jit leaves this compiler out of its bundle.
 */
export function installBodyCompiler(): void {
  setBodyCompiler(compileJaxpr);
}

export interface Executable {
  readonly run: (...inputs: Buffer[]) => Buffer[];
  /** The generated program followed by each kernel's source. */
  readonly source: string;
  readonly outAvals: readonly ShapedArray[];
  /** Kernels one run calls (buffer-sharing reshapes excluded). */
  readonly kernelCount: number;
}

const loweringInput = <P extends PrimitiveName>(eqn: Eqn<P>): LoweringInput<P> => ({
  inAvals: eqn.invars.map((a) => a.aval),
  outAvals: eqn.outvars.map((v) => v.aval),
  params: eqn.params,
});

let epilogueFusion = true;
/** Whether products stay in the GEMM's memory for their epilogue (benchmarks compare both); returns the old setting. */
export function setDotEpilogueFusion(on: boolean): boolean {
  const old = epilogueFusion;
  epilogueFusion = on;
  return old;
}

let windowFusion = true;
/**
 * Whether window reductions compute an elementwise producer of their operand per tap and run their
 * elementwise consumers before storing (benchmarks compare both); returns the old setting.
 */
export function setWindowFusion(on: boolean): boolean {
  const old = windowFusion;
  windowFusion = on;
  return old;
}

/** The resident kernel of a product feeding a fused epilogue (dot_general or a convolution), or null. */
const residentDot = (eqn: Eqn): { kernel: Kernel; view: View } | null =>
  eqn.primitive === "dot_general" ? residentDotKernel(loweringInput(eqn as Eqn<"dot_general">)) : eqn.primitive === "conv_general_dilated" ? familyKernel("residentConv")(loweringInput(eqn as Eqn<"conv_general_dilated">)) : null;

/**
 * Compiles a whole jaxpr into one program of fused kernels; `consts` are the buffers of its
 * constvars. Complex values are lowered to real pairs first (lowerComplex): a complex input,
 * constant or result is its interleaved buffer, as the program's callers hold it.
 */
export function compileJaxpr(jaxpr: Jaxpr, consts: readonly Buffer[]): Executable {
  if (hasNarrow(jaxpr)) return compileNarrowJaxpr(jaxpr, consts);
  if (!hasComplex(jaxpr)) return compileRealJaxpr(jaxpr, consts);
  const executable = compileRealJaxpr(lowerComplex(jaxpr), consts);
  return { ...executable, outAvals: jaxpr.outvars.map((a) => a.aval) };
}

/**
 * Narrow dtypes compute in their wide ones (lowerNarrow). At the boundary a narrow integer input
 * or constant is read as an Int32Array copy and a narrow result is returned in its own storage
 * (Int8Array ...), so callers see the dtype's typed array; float16 and bfloat16 are Float32Arrays
 * on both sides.
 */
function compileNarrowJaxpr(jaxpr: Jaxpr, consts: readonly Buffer[]): Executable {
  const inlined = inlineCalls(jaxpr, consts);
  const constDtypes = inlined.jaxpr.constvars.map((v) => v.aval.dtype);
  const wideConsts = (inlined.consts as Buffer[]).map((c, i) => toWideBuffer(c, constDtypes[i]!));
  const executable = compileJaxpr(lowerNarrow(inlined.jaxpr), wideConsts);
  const inDtypes = jaxpr.invars.map((v) => v.aval.dtype);
  const outDtypes = jaxpr.outvars.map((a) => a.aval.dtype);
  const run = (...inputs: Buffer[]): Buffer[] =>
    executable.run(...inputs.map((b, i) => toWideBuffer(b, inDtypes[i]!))).map((b, i) => toNarrowBuffer(b, outDtypes[i]!));
  return { ...executable, run, outAvals: jaxpr.outvars.map((a) => a.aval) };
}

function compileRealJaxpr(jaxpr: Jaxpr, consts: readonly Buffer[]): Executable {
  const names = new Map<Var, string>();
  const program = new ProgramBuilder();
  jaxpr.constvars.forEach((v, i) => {
    names.set(v, `c${i}`);
    program.closure[`c${i}`] = consts[i];
  });
  jaxpr.invars.forEach((v, i) => names.set(v, `in${i}`));
  const partition = partitionJaxpr(jaxpr, names, { ...(epilogueFusion ? { residentDot } : {}), ...(windowFusion && !fusedGroupsEvaluated() ? { windowFusion } : {}) });
  for (const [name, literal] of partition.literals) program.closure[name] = literalBuffer(literal);
  const scratch = planScratch(partition);
  for (const step of partition.steps) emitStep(program, step, scratch);
  if (scratch.slots.length > 0) program.useScratchPool(scratch.slots);
  return program.finish(jaxpr, partition.outputs);
}

/** The program function being generated: its lines, the kernels it calls, and the closure its source sees. */
class ProgramBuilder {
  readonly lines: string[] = [];
  readonly kernels: Kernel[] = [];
  readonly closure: Record<string, unknown> = {};

  /** Puts a kernel in the program's closure; returns the name the program calls it by. */
  registerKernel(kernel: Kernel): string {
    const k = `k${this.kernels.length}`;
    this.closure[k] = kernel.run;
    this.kernels.push(kernel);
    return k;
  }

  /** A call of a kernel that returns its outputs. */
  addKernel(kernel: Kernel, inputs: readonly string[], outputs: readonly string[], what: string): void {
    this.lines.push(`const [${outputs.map(ident).join(", ")}] = ${this.registerKernel(kernel)}(${inputs.map(ident).join(", ")}); // ${comment(what)}`);
  }

  /**
   * Intermediates live in scratch buffers reused across steps and calls; a pool (not one set)
   * keeps re-entrant calls (a host callback calling the same program) correct.
   */
  useScratchPool(slots: ScratchPlan["slots"]): void {
    const pool: unknown[][] = [];
    this.closure["pool"] = pool;
    // Shared where large: made once per pool entry, so any kernel may use it at no per-call cost.
    this.closure["makeScratch"] = () => slots.map((a) => allocBuffer(a.dtype, a.size));
    this.lines.unshift("const S = pool.length > 0 ? pool.pop() : makeScratch();");
    this.lines.push("pool.push(S);");
  }

  /** The program returning `outputs`, built with its closure, and its source followed by every kernel's. */
  finish(jaxpr: Jaxpr, outputs: readonly string[]): Executable {
    this.lines.push(`return [${outputs.map(ident).join(", ")}];`);
    const args = jaxpr.invars.map((_, i) => `in${i}`);
    const program = `function program(${args.join(", ")}) {\n  ${this.lines.join("\n  ")}\n}`;
    const closureNames = Object.keys(this.closure);
    const run = compileFunction(closureNames, `"use strict";\nreturn ${program};`)(...closureNames.map((k) => this.closure[k])) as Executable["run"];
    const source = [program, ...this.kernels.map((k) => k.source)].join("\n\n");
    return { run, source, outAvals: jaxpr.outvars.map((a) => a.aval), kernelCount: this.kernels.length };
  }
}

function emitStep(program: ProgramBuilder, step: Step, scratch: ScratchPlan): void {
  switch (step.kind) {
    case "group":
      return emitGroup(program, step.group, scratch);
    case "eqn": {
      const { eqn } = step;
      const kernel = step.kernel ?? lowerEqn(eqn.primitive, loweringInput(eqn));
      program.addKernel(kernel, step.inputs, step.outputs, step.note === undefined ? eqn.primitive : `${eqn.primitive}, ${step.note}`);
      return;
    }
    case "copy":
      program.addKernel(viewCopyKernel("copy", step.aval, step.view), [step.from], [step.output], "copy through a view");
      return;
    case "subarray":
      program.lines.push(`const ${ident(step.output)} = ${ident(step.from)}.subarray(${int(step.offset)}, ${int(step.offset + step.size)});`);
      return;
    case "fill":
      // step.expr is a literal the emitter formatted (partition.ts)
      program.lines.push(`const ${ident(step.output)} = ${allocExpression(step.aval)}.fill(${step.expr});`);
      return;
  }
}

/** A fused group's kernel, called with its inputs and its output buffers (scratch slots where planned). */
function emitGroup(program: ProgramBuilder, g: FusedGroup, scratch: ScratchPlan): void {
  // A group run early (before a product overwrote what it reads) that nothing read after all: a
  // producer only a window computed per tap, say.
  if (g.outputs().length === 0) return;
  if (g.window !== null) return emitWindowGroup(program, g, g.window);
  const kernel = emitGroupKernel({
    name: `fused${g.id}`,
    shape: g.shape,
    numInputs: g.inputs.length,
    loads: g.loads,
    statements: g.statements,
    stores: g.stores,
    reductions: g.reductions,
  });
  const outs = g.outputs();
  for (const o of outs) {
    const slot = scratch.slotOf.get(o.name);
    program.lines.push(`const ${ident(o.name)} = ${slot === undefined ? allocExpression(o.aval, kernel.sharedOutputs) : `S[${int(slot)}]`};`);
  }
  program.lines.push(`${program.registerKernel(kernel)}(${[...g.inputs, ...outs.map((o) => o.name)].map(ident).join(", ")}); // ${comment(g.primitives.join(" "))}`);
}

/** A group headed by a window reduction: its kernel returns fresh outputs (the stores, in order). */
function emitWindowGroup(program: ProgramBuilder, g: FusedGroup, head: WindowHead): void {
  const { eqn, producer, reg } = head;
  const epilogue = { numInputs: g.inputs.length, reg, loads: g.loads, statements: g.statements, stores: g.stores };
  const kernel = familyKernel("windowGroupKernel")({ ...loweringInput(eqn), primitive: eqn.primitive }, producer, epilogue);
  const what = [producer === null ? eqn.primitive : `${eqn.primitive}, its elementwise producer computed per tap`, ...(g.primitives.length > 0 ? [`then ${g.primitives.join(" ")} before the store`] : [])];
  program.addKernel(kernel, g.inputs, g.stores.map((s) => s.name), what.join(", "));
}

export interface CompiledOp {
  readonly kernel: Kernel;
  readonly outAvals: readonly ShapedArray[];
}

/** How many eager per-op kernels are kept (least recently used first out) unless setOpCacheLimit changes it. */
export const DEFAULT_OP_CACHE_LIMIT = 2048;
const opCache = new LruCache<string, CompiledOp>(DEFAULT_OP_CACHE_LIMIT);

/** The compiled kernel for one primitive application, cached; `key` identifies (prim, params, avals). */
export function compileOp<P extends PrimitiveName>(key: string, prim: P, inAvals: readonly ShapedArray[], params: Params<P>): CompiledOp {
  let op = opCache.get(key);
  if (op === undefined) {
    const outAvals = abstractEval(prim, inAvals, params);
    const kernel = lowerEqn(prim, { inAvals, outAvals, params });
    opCache.set(key, (op = { kernel, outAvals }));
  }
  return op;
}

export function opCacheSize(): number {
  return opCache.size;
}

/** The eager kernel cache's limit (entries); evicts beyond a lowered one. */
export function setOpCacheLimit(maxEntries: number): void {
  opCache.setLimit(maxEntries);
}

export function opCacheLimit(): number {
  return opCache.limit;
}

/** Drops every cached eager kernel. */
export function clearOpCache(): void {
  opCache.clear();
}
