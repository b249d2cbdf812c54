// gpu.js kernel source for the GPU backend: one thread per output element over a flat 1-D
// output, multi-indices decoded with constant divisors, loads through affine views with constant
// offsets and strides, reductions and contractions as loops with constant bounds (gpu.js cuts
// loops with runtime bounds at `loopMaxIterations`). Only numbers and compiler-made register
// names reach the source. Fused kernels are written from their group's kernel IR, with their
// locals, thread index and arguments named by the caller (KernelNames), so packing several into one
// kernel and dropping unread arguments write new source rather than rewrite old.
import type { DType, ReduceName, Shape, ShapedArray, DotDimensionNumbers } from "../../jaxpr/index.js";
import { stridesOf } from "../../jaxpr/index.js";
import type { View } from "../js/loops.js";
import { int } from "../js/emit.js";
import { floatLiteral, renderGpu, Untranslatable } from "./translate.js";
import type { KernelStatement } from "../kernelIr/index.js";
import { leafName, namesRead } from "../kernelIr/index.js";

export interface GpuKernelSource {
  readonly name: string;
  /** The kernel function, `function (in0, in1, ...) { ... }`. */
  readonly source: string;
  /** gpu.js helper functions it calls (names in helpers.ts). */
  readonly helpers: ReadonlySet<string>;
  readonly outSize: number;
  /** The largest constant loop bound in it (gpu.js's loopMaxIterations must cover it). */
  readonly maxLoop: number;
  /** The arguments (input indices) its source reads, ascending. */
  readonly inputs: readonly number[];
  /** Its body's lines under other names (a part of a packed kernel, a kernel given only the inputs it reads); absent where it cannot be renamed. */
  readonly lines?: (names: KernelNames) => string[];
}

/** How a kernel body names its locals, its thread index and its arguments. */
export interface KernelNames {
  /** Appended to every local (registers, loads, indices, accumulators). */
  readonly suffix: string;
  /** The flat output index this thread computes. */
  readonly thread: string;
  /** Argument `i`'s name. */
  readonly input: (i: number) => string;
}

const PLAIN_NAMES: KernelNames = { suffix: "", thread: "this.thread.x", input: (i) => `in${i}` };

export interface ElementwiseSpec {
  readonly shape: Shape;
  readonly loads: readonly { readonly input: number; readonly view: View }[];
  readonly statements: readonly KernelStatement[];
}

const isIntDtype = (d: DType): boolean => d === "int32" || d === "uint32";

/**
 * Lines decoding flat index `flat` into `names[k]` for each dim of `shape` (size-1 dims are 0);
 * `rest` names the remainder variable (a second decode in the same kernel needs its own).
 */
export function decodeIndex(flat: string, shape: Shape, names: readonly string[], rest = "rest"): string[] {
  const lines: string[] = [];
  const strides = stridesOf(shape);
  const live = shape.map((_, k) => k).filter((k) => shape[k] !== 1);
  if (live.length === 0) return shape.map((_, k) => `const ${names[k]} = 0.0;`);
  lines.push(`let ${rest} = ${flat};`);
  shape.forEach((n, k) => {
    if (n === 1) {
      lines.push(`const ${names[k]} = 0.0;`);
      return;
    }
    const s = strides[k]!;
    if (k === live[live.length - 1]) {
      lines.push(`const ${names[k]} = ${rest};`);
    } else {
      // The float32 quotient may round across an integer (GPU division is not even correctly
      // rounded); exact products (< 2^24) put the floor right, so indices stay exact to 2^24.
      const d = names[k]!;
      const st = floatLiteral(s);
      lines.push(`let ${d} = Math.floor(${rest} / ${st});`);
      lines.push(`${d} = ${d} * ${st} > ${rest} ? ${d} - 1.0 : ${d};`);
      lines.push(`${d} = (${d} + 1.0) * ${st} <= ${rest} ? ${d} + 1.0 : ${d};`);
      lines.push(`${rest} = ${rest} - ${d} * ${st};`);
    }
  });
  return lines;
}

/**
 * Lines setting `i` to the input index that a window tap at position `p` of the padded, dilated
 * input (`dilation`: a convolution's lhs dilation, a window's base dilation) reads along one dim,
 * and the condition that it lies inside the input and not in a hole of the dilation. The hole
 * test needs exact division, which float32 GPU division is not: the floor is corrected with exact
 * products (every index is below 2^24), as decodeIndex does.
 */
export function inputIndex(p: string, i: string, inSize: number, dilation: number): { lines: string[]; inside: string } {
  if (dilation === 1) return { lines: [`const ${i} = ${p};`], inside: `${p} >= 0.0 && ${p} < ${floatLiteral(inSize)}` };
  const d = floatLiteral(dilation);
  return {
    lines: [`let ${i} = Math.floor(${p} / ${d});`, `${i} = ${i} * ${d} > ${p} ? ${i} - 1.0 : ${i};`, `${i} = (${i} + 1.0) * ${d} <= ${p} ? ${i} + 1.0 : ${i};`],
    inside: `${p} >= 0.0 && ${i} * ${d} >= ${p} && ${i} < ${floatLiteral(inSize)}`,
  };
}

function offsetExpr(view: View, idx: readonly string[]): string {
  const terms = [floatLiteral(view.offset)];
  view.strides.forEach((st, k) => {
    if (st !== 0) terms.push(`${idx[k]} * ${floatLiteral(st)}`);
  });
  return terms.join(" + ");
}

/** The flat address of element `idx` of a row-major array of `shape` that starts at `offset` in its buffer. */
export const elementAddress = (shape: Shape, offset: number, idx: readonly string[]): string => offsetExpr({ offset, strides: stridesOf(shape) }, idx);

/** Whether a load reads its input in the spec's own row-major order, so the flat thread index addresses it. */
function isRowMajor(view: View, shape: Shape): boolean {
  const strides = stridesOf(shape);
  return shape.every((n, k) => n === 1 || view.strides[k] === strides[k]);
}

/** The loads and statements (indices into the spec's) that `roots` depend on. */
function neededBy(spec: ElementwiseSpec, roots: readonly string[]): { loads: number[]; statements: number[] } {
  const needed = new Set(roots);
  const statements: number[] = [];
  for (let s = spec.statements.length - 1; s >= 0; s--) {
    const st = spec.statements[s]!;
    if (!needed.has(st.reg)) continue;
    statements.unshift(s);
    for (const r of namesRead(st.expr)) needed.add(r);
  }
  return { loads: spec.loads.map((_, k) => k).filter((k) => needed.has(`x${k}`)), statements };
}

/** The inputs that the loads `loads` of a spec read, ascending. */
const inputsOf = (spec: ElementwiseSpec, loads: readonly number[]): number[] => [...new Set(loads.map((k) => spec.loads[k]!.input))].sort((a, b) => a - b);

/**
 * The code of the needed loads and statements, translated. With `flat` (the thread's flat index
 * over the spec's shape), row-major loads use it and need no decoded index.
 */
function neededCode(spec: ElementwiseSpec, needed: ReturnType<typeof neededBy>, idx: readonly string[], helpers: Set<string>, names: KernelNames, flat?: string): string[] {
  const local = (leaf: Parameters<typeof leafName>[0]): string => leafName(leaf) + names.suffix;
  const lines: string[] = [];
  for (const k of needed.loads) {
    const l = spec.loads[k]!;
    const at = flat !== undefined && isRowMajor(l.view, spec.shape) ? `${floatLiteral(l.view.offset)} + ${flat}` : offsetExpr(l.view, idx);
    lines.push(`const x${k}${names.suffix} = ${names.input(l.input)}[${at}];`);
  }
  for (const s of needed.statements) {
    const st = spec.statements[s]!;
    lines.push(`const ${st.reg}${names.suffix} = ${renderGpu(st.expr, helpers, local)};`);
  }
  return lines;
}

export function kernelFunction(numInputs: number, body: readonly string[]): string {
  const args = Array.from({ length: numInputs }, (_, i) => `in${i}`);
  return `function (${args.join(", ")}) {\n  ${body.join("\n  ")}\n}`;
}

/** A kernel computing register `reg` of an elementwise spec at every element of its shape. */
export function storeKernel(name: string, spec: ElementwiseSpec, numInputs: number, reg: string, aval: ShapedArray): GpuKernelSource {
  const helpers = new Set<string>();
  const needed = neededBy(spec, [reg]);
  // The multi-index costs a division per dim: decode it only where a load needs it (a transpose, a broadcast, a slice).
  const decoded = needed.loads.some((k) => {
    const view = spec.loads[k]!.view;
    return !isRowMajor(view, spec.shape) && view.strides.some((st) => st !== 0);
  });
  const lines = (names: KernelNames): string[] => {
    const idx = spec.shape.map((_, k) => `d${k}${names.suffix}`);
    const code = neededCode(spec, needed, idx, helpers, names, names.thread);
    return [...(decoded ? decodeIndex(names.thread, spec.shape, idx, `rest${names.suffix}`) : []), ...code, `return ${reg}${names.suffix};`];
  };
  void aval;
  const source = kernelFunction(numInputs, lines(PLAIN_NAMES));
  return { name, source, helpers, outSize: spec.shape.reduce((a, b) => a * b, 1), maxLoop: 0, inputs: inputsOf(spec, needed.loads), lines };
}

interface Monoid {
  readonly identity: string;
  readonly combine: (acc: string, x: string) => string;
}

export function monoid(prim: ReduceName, dtype: DType): Monoid {
  const int = isIntDtype(dtype);
  switch (prim) {
    case "reduce_sum":
      return { identity: "0.0", combine: (a, x) => (int ? `h_i32(${a} + ${x})` : `${a} + ${x}`) };
    case "reduce_prod":
      return { identity: "1.0", combine: (a, x) => (int ? `h_i32(${a} * ${x})` : `${a} * ${x}`) };
    case "reduce_max":
      return { identity: dtype === "bool" || dtype === "uint32" ? "0.0" : int ? "(-16777216.0)" : "(-h_inf())", combine: (a, x) => `Math.max(${a}, ${x})` };
    case "reduce_min":
      return { identity: dtype === "bool" ? "1.0" : int ? "16777216.0" : "h_inf()", combine: (a, x) => `Math.min(${a}, ${x})` };
    case "reduce_and":
    case "reduce_or":
      if (dtype !== "bool") throw new Untranslatable(`${prim} on ${dtype} needs exact 32-bit bit operations`);
      return prim === "reduce_and"
        ? { identity: "1.0", combine: (a, x) => `Math.min(${a}, ${x})` }
        : { identity: "0.0", combine: (a, x) => `Math.max(${a}, ${x})` };
  }
}

type ReductionSpec = { readonly prim: ReduceName; readonly operand: string; readonly axes: readonly number[]; readonly dtype: DType; readonly out: ShapedArray };

/** How a reduction with few outputs over many elements is split across threads: `chunks` partial results per output, each over `chunk` elements. */
export interface ReductionSplit {
  readonly chunk: number;
  readonly chunks: number;
}

/** Reductions with fewer outputs than this run in two stages when each reduces at least SPLIT_MIN_REDUCED elements. */
const SPLIT_MAX_OUTPUTS = 16384;
const SPLIT_MIN_REDUCED = 2048;

/**
 * The split of a reduction with too few outputs to occupy a GPU (a full sum is one thread looping
 * over every element): about sqrt(n) chunks of sqrt(n) elements each, balancing the two stages,
 * which also sums in two levels (smaller float32 rounding error than one long running sum). Null
 * when one thread per output is enough.
 */
export function reductionSplit(shape: Shape, r: ReductionSpec): ReductionSplit | null {
  return splitFor(r.out.size, r.axes.reduce((p, k) => p * shape[k]!, 1));
}

/** The split of `outputs` reductions (or contractions) over `reduced` elements each, if they need one. */
export function splitFor(outputs: number, reduced: number): ReductionSplit | null {
  if (outputs >= SPLIT_MAX_OUTPUTS || reduced < SPLIT_MIN_REDUCED) return null;
  const chunk = 2 ** Math.ceil(Math.log2(Math.sqrt(reduced)));
  return { chunk, chunks: Math.ceil(reduced / chunk) };
}

/**
 * A kernel for one reduction of a group: a thread per kept element, constant-bound loops over
 * the reduced dims evaluating the group's statements the operand needs. With a split, stage one:
 * a thread per (kept element, chunk), writing partial results laid out [kept..., chunks]; the
 * monoid's `finishReduction` kernel then combines each output's chunks.
 */
export function reductionKernel(name: string, spec: ElementwiseSpec, numInputs: number, r: ReductionSpec, split: ReductionSplit | null = null): GpuKernelSource {
  const helpers = new Set<string>(["inf"]);
  // Integer sums and products wrap to int32 (a combine of partials has no statement that would add the helper).
  if (isIntDtype(r.dtype) && (r.prim === "reduce_sum" || r.prim === "reduce_prod")) helpers.add("i32");
  const needed = neededBy(spec, [r.operand]);
  const lines = (names: KernelNames): string[] => (split === null ? reductionLines(spec, r, needed, helpers, names) : splitReductionLines(spec, r, split, needed, helpers, names));
  const source = kernelFunction(numInputs, lines(PLAIN_NAMES));
  const reduced = r.axes.filter((k) => spec.shape[k] !== 1);
  const maxLoop = split === null ? Math.max(0, ...reduced.map((k) => spec.shape[k]!)) : split.chunk;
  return { name, source, helpers, outSize: r.out.size * (split?.chunks ?? 1), maxLoop, inputs: inputsOf(spec, needed.loads), lines };
}

/** A thread per kept element, looping over the reduced dims. */
function reductionLines(spec: ElementwiseSpec, r: ReductionSpec, needed: ReturnType<typeof neededBy>, helpers: Set<string>, names: KernelNames): string[] {
  const { shape } = spec;
  const v = (local: string): string => local + names.suffix;
  const kept = shape.map((_, k) => k).filter((k) => !r.axes.includes(k));
  const idx = shape.map((_, k) => v(`d${k}`));
  const reduced = r.axes.filter((k) => shape[k] !== 1);
  const m = monoid(r.prim, r.dtype);
  const body = decodeIndex(names.thread, kept.map((k) => shape[k]!), kept.map((k) => idx[k]!), v("rest"));
  body.push(`let ${v("acc")} = ${m.identity};`);
  for (const k of r.axes) if (shape[k] === 1) body.push(`const ${idx[k]} = 0.0;`);
  const inner = [...neededCode(spec, needed, idx, helpers, names), `${v("acc")} = ${m.combine(v("acc"), v(r.operand))};`];
  let loop = inner.join("\n");
  for (let j = reduced.length - 1; j >= 0; j--) {
    const k = reduced[j]!;
    loop = `for (let ${idx[k]} = 0; ${idx[k]} < ${int(shape[k]!)}; ${idx[k]}++) {\n${loop}\n}`;
  }
  body.push(loop, `return ${v("acc")};`);
  return body;
}

/**
 * Stage one of a split reduction. Thread t: kept element floor(t / chunks), chunk c = t % chunks;
 * it reduces flat reduced indices c, c + chunks, c + 2 chunks, ..., so neighbouring threads read
 * neighbouring elements (coalesced on a GPU; on lavapipe no different from contiguous chunks:
 * 18.6-21.2 ms against 18.9-21.1).
 */
function splitReductionLines(spec: ElementwiseSpec, r: ReductionSpec, split: ReductionSplit, needed: ReturnType<typeof neededBy>, helpers: Set<string>, names: KernelNames): string[] {
  const { shape } = spec;
  const v = (local: string): string => local + names.suffix;
  const kept = shape.map((_, k) => k).filter((k) => !r.axes.includes(k));
  const idx = shape.map((_, k) => v(`d${k}`));
  const m = monoid(r.prim, r.dtype);
  const reducedShape = r.axes.map((k) => shape[k]!);
  const total = reducedShape.reduce((a, b) => a * b, 1);
  const body = decodeIndex(names.thread, [...kept.map((k) => shape[k]!), split.chunks], [...kept.map((k) => idx[k]!), v("c0")], v("rest"));
  body.push(`let ${v("acc")} = ${m.identity};`);
  const inner = [
    `const ${v("o0")} = ${v("o1")} * ${floatLiteral(split.chunks)} + ${v("c0")};`,
    `if (${v("o0")} < ${floatLiteral(total)}) {`, // the last chunk may run past the end
    ...decodeIndex(v("o0"), reducedShape, r.axes.map((k) => idx[k]!), v("rest0")),
    ...neededCode(spec, needed, idx, helpers, names),
    `${v("acc")} = ${m.combine(v("acc"), v(r.operand))};`,
    "}",
  ];
  body.push(`for (let ${v("o1")} = 0; ${v("o1")} < ${int(split.chunk)}; ${v("o1")}++) {\n${inner.join("\n")}\n}`, `return ${v("acc")};`);
  return body;
}

/**
 * Stage two of a split reduction: each output combines its `chunks` partial results (input 0 at
 * `offset`), laid out chunk-minor ([outputs, chunks], the gpu.js kernels') or chunk-major
 * ([chunks, outputs], the tiled matmul's split-K).
 */
export function finishReduction(name: string, r: Pick<ReductionSpec, "prim" | "dtype" | "out">, split: ReductionSplit, offset: number, chunkMajor = false): GpuKernelSource {
  const partials: ElementwiseSpec = {
    shape: [r.out.size, split.chunks],
    loads: [{ input: 0, view: { offset, strides: chunkMajor ? [1, r.out.size] : [split.chunks, 1] } }],
    statements: [],
  };
  // Every reduction monoid combines partial results with itself (sums of sums, max of maxes, ...).
  return reductionKernel(name, partials, 1, { prim: r.prim, operand: "x0", axes: [1], dtype: r.dtype, out: r.out });
}

/**
 * dot_general: a thread per output element (batch, lhs free, rhs free), a constant-bound loop per
 * contracting dim. With a split (few outputs, a long contraction: a dot of two long vectors),
 * stage one of a split-K product: a thread per (output, chunk) over every chunks-th contraction
 * index, partial sums laid out [out..., chunks] for `finishReduction`.
 */
export function dotGeneralKernel(
  name: string,
  lhs: ShapedArray,
  rhs: ShapedArray,
  out: ShapedArray,
  dims: DotDimensionNumbers,
  offsets: readonly [number, number] = [0, 0],
  split: ReductionSplit | null = null,
): GpuKernelSource {
  const [[lc, rc], [lb, rb]] = dims;
  const lFree = lhs.shape.map((_, k) => k).filter((k) => !lc.includes(k) && !lb.includes(k));
  const rFree = rhs.shape.map((_, k) => k).filter((k) => !rc.includes(k) && !rb.includes(k));
  const outIdx = out.shape.map((_, k) => `o${k}`);
  const body = split === null ? decodeIndex("this.thread.x", out.shape, outIdx) : decodeIndex("this.thread.x", [...out.shape, split.chunks], [...outIdx, "e0"]);
  const lIdx: string[] = new Array(lhs.shape.length);
  const rIdx: string[] = new Array(rhs.shape.length);
  lb.forEach((d, j) => (lIdx[d] = outIdx[j]!));
  rb.forEach((d, j) => (rIdx[d] = outIdx[j]!));
  lFree.forEach((d, j) => (lIdx[d] = outIdx[lb.length + j]!));
  rFree.forEach((d, j) => (rIdx[d] = outIdx[lb.length + lFree.length + j]!));
  const cNames = lc.map((_, j) => `c${j}`);
  lc.forEach((d, j) => {
    lIdx[d] = cNames[j]!;
    rIdx[rc[j]!] = cNames[j]!;
  });
  // An operand may sit inside a packed group output, at a constant offset.
  let loop = `s = s + in0[${elementAddress(lhs.shape, offsets[0], lIdx)}] * in1[${elementAddress(rhs.shape, offsets[1], rIdx)}];`;
  const contracted = lc.map((d) => lhs.shape[d]!);
  if (split === null) {
    for (let j = lc.length - 1; j >= 0; j--) loop = `for (let ${cNames[j]} = 0; ${cNames[j]} < ${int(contracted[j]!)}; ${cNames[j]}++) {\n${loop}\n}`;
  } else {
    const total = contracted.reduce((a, b) => a * b, 1);
    const decode = decodeIndex("e2", contracted, cNames, "rest0");
    loop = `for (let e1 = 0; e1 < ${int(split.chunk)}; e1++) {\nconst e2 = e1 * ${floatLiteral(split.chunks)} + e0;\nif (e2 < ${floatLiteral(total)}) {\n${[...decode, loop].join("\n")}\n}\n}`;
  }
  const helpers = new Set<string>();
  body.push("let s = 0.0;", loop);
  if (isIntDtype(out.dtype)) {
    helpers.add("i32");
    body.push("return h_i32(s);");
  } else body.push("return s;");
  const maxLoop = split === null ? Math.max(0, ...contracted) : split.chunk;
  return { name, source: kernelFunction(2, body), helpers, outSize: out.size * (split?.chunks ?? 1), maxLoop, inputs: [0, 1] };
}

/**
 * One kernel computing several kernels' outputs, laid end to end in one flat output (a fused
 * group's stores and reductions): thread t runs the part whose segment holds t, at t minus the
 * segment's start. All parts read the same inputs. Each part's locals get their own suffix.
 */
export function packKernels(name: string, parts: readonly GpuKernelSource[], numInputs: number): { kernel: GpuKernelSource; offsets: number[] } {
  const offsets: number[] = [];
  const helpers = new Set<string>();
  let start = 0;
  for (const p of parts) {
    if (p.lines === undefined) throw new Error(`packKernels: kernel ${p.name} cannot be renamed`);
    offsets.push(start);
    p.helpers.forEach((h) => helpers.add(h));
    start += p.outSize;
  }
  const lines = (names: KernelNames): string[] =>
    parts.map((p, j) => {
      const thread = `(${names.thread} - ${int(offsets[j]!)})`;
      const inner = `\n  ${p.lines!({ suffix: `_${j}${names.suffix}`, thread, input: names.input }).join("\n  ")}\n`;
      return j === parts.length - 1 ? inner : `if (${names.thread} < ${int(offsets[j]! + p.outSize)}) {${inner}}`;
    });
  const inputs = [...new Set(parts.flatMap((p) => p.inputs))].sort((a, b) => a - b);
  const kernel = { name, source: kernelFunction(numInputs, lines(PLAIN_NAMES)), helpers, outSize: start, maxLoop: Math.max(0, ...parts.map((p) => p.maxLoop)), inputs, lines };
  return { kernel, offsets };
}

/** `kernel` taking only the inputs it reads, `used` (ascending), as its arguments `in0, in1, ...`. */
export function withUsedInputs(kernel: GpuKernelSource, used: readonly number[]): GpuKernelSource {
  if (kernel.lines === undefined) throw new Error(`withUsedInputs: kernel ${kernel.name} cannot be renamed`);
  const lines = kernel.lines({ ...PLAIN_NAMES, input: (i) => `in${used.indexOf(i)}` });
  return { ...kernel, source: kernelFunction(used.length, lines), inputs: used.map((_, k) => k), lines: undefined };
}
