// Lowerings of the windowed reductions (reduce_window_sum/max/min, the general reduce_window,
// select_and_scatter_add, select_and_gather_add) to direct loops with every size, stride and
// bound a literal. One generator writes them all: loops over the output, then over the window's
// taps, each tap mapped to its input element through padding and base dilation (XLA's
// ReduceWindow). Dimensions at the end that the window leaves alone (channels in NHWC pooling)
// form a contiguous block handled by an inner loop over a row of accumulators, so NHWC pooling
// reads its input in memory order; NCHW pooling keeps one register accumulator.
//
// Semantics, as JAX's CPU backend computes them (checked against JAX 0.10.2):
// - a window reduction starts from the init value and combines the window's real elements in
//   row-major order, `acc = f(acc, x)`; padding and the holes of base dilation are skipped;
// - select_and_gather_add (the JVP of max/min pooling) keeps the tangent of the first element
//   that no later one beats (`acc >= x` keeps acc), from (-inf, 0) or (+inf, 0);
// - select_and_scatter_add (their VJP) picks the first tap of each window that no later one
//   beats, padding included as the selection's identity (JAX pads explicitly on CPU), and adds
//   the source element there; a pick in the padding is dropped.
//
// Large window reductions split their outermost output loop into chunks that the helper thread
// shares (threads/kernelPool.ts, as fused loops do): each chunk writes its own output rows, and
// select_and_scatter_add splits only where the chunks' windows cannot reach the same input rows.
import type { DType, MonoidWindowName, WindowGeometry, WindowName } from "../../../jaxpr/index.js";
import { ShapedArray, stridesOf } from "../../../jaxpr/index.js";
import type { Buffer, Kernel, Lowering, LoweringInput } from "../kernel.js";
import type { FusedWindowOperand } from "../fusion/partition.js";
import type { GroupLoad, GroupStatement } from "../fusion/groupKernel.js";
import type { KernelExpr, LoadNode, RegNode } from "../../kernelIr/index.js";
import { ir, isNonDecreasingIn, renameRegisters, someNode } from "../../kernelIr/index.js";
import { helperCall, type HelperCall } from "../elementwise.js";
import { renderJs } from "../fusion/renderJs.js";
import { makeKernel } from "../kernel.js";
import { compileFunction } from "../codegen.js";
import { newKernelId, runChunks, type ChunkFn } from "../threads/kernelPool.js";
import { isShared, sharedCopy, sharesBuffersOfSize } from "../threads/sharedMemory.js";
import { allocExpression, typedArrayName } from "./alloc.js";
import { MONOIDS } from "./reduce.js";
import { ident, int, num } from "../emit.js";
import { compileBody } from "./control.js";
import { renderScalarJaxpr } from "./scalarJaxpr.js";
import { simdPoolKernel, type ImageWindow } from "./poolSimd.js";

/** One dimension of a window walk, all sizes known. */
interface WalkDim {
  readonly out: number;
  readonly window: number;
  readonly stride: number;
  readonly low: number;
  readonly windowDilation: number;
  readonly baseDilation: number;
  /** The extent of the base-dilated operand (without padding). */
  readonly extent: number;
  /** Per stream (see Walk), its memory stride along this dim. */
  readonly inStrides: readonly number[];
  /** Per output stream (see Walk), its memory stride along this dim. */
  readonly outStrides: readonly number[];
}

/**
 * The walk: the dims with loops, and the trailing block of untouched dims (`inner` elements).
 * A tap's offset is walked in each of several streams: the operand's buffer, or each buffer that
 * a fused producer of the operand loads (through its own view); `steps[s]` is stream s's stride
 * across the block, `starts[s]` its offset. Output streams are buffers an epilogue reads per
 * output element (a bias), through views over the output's dims: `outStarts`, `outSteps`.
 */
interface Walk {
  readonly dims: readonly WalkDim[];
  readonly inner: number;
  readonly outSize: number;
  readonly starts: readonly number[];
  readonly steps: readonly number[];
  readonly outStarts: readonly number[];
  readonly outSteps: readonly number[];
}

/** A buffer read at every tap: its offset and its strides along the operand's dims. */
interface Stream {
  readonly offset: number;
  readonly strides: readonly number[];
}

/** Stream s's name for a walked offset: `b` for the operand's (stream 0), `b_1` ... */
const streamName = (base: string, s: number): string => (s === 0 ? base : `${base}_${s}`);

/** Stream s's element `c` of the block at tap offset `at`. */
const blockOffset = (at: string, step: number): string => (step === 0 ? at : step === 1 ? `${at} + c` : `${at} + c * ${int(step)}`);

/** Whether the window leaves dim `d` alone: each output index reads the same input index, no padding. */
const leavesAlone = (g: WindowGeometry, d: number): boolean =>
  g.windowDimensions[d] === 1 && g.windowStrides[d] === 1 && g.padding[d]![0] === 0 && g.padding[d]![1] === 0 && g.windowDilation[d] === 1 && g.baseDilation[d] === 1;

/**
 * The walk of `operand`'s windows, read through `streams` (the operand's own buffer by default),
 * with `outStreams` read per output element. The block is the trailing dims the window leaves
 * alone, narrowed until every stream walks it in one stride (the dims left out get loops of one tap).
 */
function walkOf(operand: ShapedArray, out: ShapedArray, g: WindowGeometry, streams: readonly Stream[] = [{ offset: 0, strides: stridesOf(operand.shape) }], outStreams: readonly Stream[] = []): Walk {
  const dims = operand.shape.map((n, i) => ({
    out: out.shape[i]!,
    window: g.windowDimensions[i]!,
    stride: g.windowStrides[i]!,
    low: g.padding[i]![0],
    windowDilation: g.windowDilation[i]!,
    baseDilation: g.baseDilation[i]!,
    extent: n === 0 ? 0 : (n - 1) * g.baseDilation[i]! + 1,
    inStrides: streams.map((st) => st.strides[i]!),
    outStrides: outStreams.map((st) => st.strides[i]!),
  }));
  let k = dims.length;
  while (k > 0 && leavesAlone(g, k - 1)) k--;
  // An empty block (k at the end) is walked by every stream.
  const stepsFrom = (from: number, of: readonly Stream[]): (number | null)[] => of.map((st) => blockStep(operand.shape.slice(from), st.strides.slice(from)));
  while ([...stepsFrom(k, streams), ...stepsFrom(k, outStreams)].some((st) => st === null)) k++;
  const inner = operand.shape.slice(k).reduce((a, b) => a * b, 1);
  return {
    dims: dims.slice(0, k),
    inner,
    outSize: out.size,
    starts: streams.map((st) => st.offset),
    steps: stepsFrom(k, streams) as number[],
    outStarts: outStreams.map((st) => st.offset),
    outSteps: stepsFrom(k, outStreams) as number[],
  };
}

/** The one stride that walks a block of `shape` read with `strides` in row-major order; null where none does. */
function blockStep(shape: readonly number[], strides: readonly number[]): number | null {
  const live = shape.map((_, d) => d).filter((d) => shape[d] !== 1);
  if (live.length === 0) return 0;
  for (let i = 0; i + 1 < live.length; i++) if (strides[live[i]!] !== strides[live[i + 1]!]! * shape[live[i + 1]!]!) return null;
  return strides[live[live.length - 1]!]!;
}

/** What a kernel does per window: its setup, accumulator reset, per-tap work and store. */
interface WindowBody {
  readonly setup: string[];
  readonly reset: string[];
  /** Per tap; sees `b` (the tap's input offset; `b_1` ... in the other streams) and, when padding is visited, `ok`. */
  readonly tap: string[];
  /** Per window; sees `j`, the window's output offset (times `inner`). */
  readonly store: string[];
}

/**
 * The loops: over the output (`o<d>`), then the window (`k<d>`). A tap outside the operand (the
 * padding) or in a hole of the base dilation is skipped, or with `visitPadding` visited with
 * `ok` false. `chunked`: the outermost output loop runs over [lo, hi) only (a chunk, see splitKernel).
 */
function windowLoops(walk: Walk, body: WindowBody, visitPadding: boolean, chunked = false): string {
  const { dims, inner } = walk;
  const rowSize = dims.slice(1).reduce((a, d) => a * d.out, inner);
  const lines = [...body.setup, chunked ? `let j = lo * ${int(rowSize)};` : `let j = 0;`];
  let close = "";
  dims.forEach((d, i) => {
    lines.push(chunked && i === 0 ? `for (let o0 = lo; o0 < hi; o0++) {` : `for (let o${i} = 0; o${i} < ${int(d.out)}; o${i}++) {`);
    close += "}";
  });
  lines.push(...body.reset);
  let prev = walk.starts.map((o) => int(o));
  let prevOk = "true";
  let windowClose = "";
  dims.forEach((d, i) => {
    const p = `o${i} * ${int(d.stride)} + k${i} * ${int(d.windowDilation)} - ${int(d.low)}`;
    const index = d.baseDilation === 1 ? `p${i}` : `(p${i} / ${int(d.baseDilation)})`;
    const inside = `p${i} >= 0 && p${i} < ${int(d.extent)}${d.baseDilation === 1 ? "" : ` && p${i} % ${int(d.baseDilation)} === 0`}`;
    lines.push(`for (let k${i} = 0; k${i} < ${int(d.window)}; k${i}++) {`, `const p${i} = ${p};`);
    const names = prev.map((_, s) => streamName(`b${i}`, s));
    const next = prev.map((from, s) => (d.inStrides[s] === 0 ? from : `${from} + ${index} * ${int(d.inStrides[s]!)}`));
    if (visitPadding) {
      lines.push(`const ok${i} = ${prevOk} && ${inside};`, ...names.map((b, s) => `const ${b} = ok${i} ? ${next[s]} : 0;`));
      prevOk = `ok${i}`;
    } else {
      lines.push(`if (!(${inside})) continue;`, ...names.map((b, s) => `const ${b} = ${next[s]};`));
    }
    prev = names;
    windowClose += "}";
  });
  lines.push(...prev.map((from, s) => `const ${streamName("b", s)} = ${from};`));
  if (visitPadding) lines.push(`const ok = ${prevOk};`);
  lines.push(...body.tap, windowClose, ...body.store, `j += ${int(inner)};`, close);
  return lines.join("\n");
}

/** Windows up to this many taps get their per-element loop unrolled over the taps. */
const MAX_UNROLLED_TAPS = 16;

/** What one element of the untouched trailing block does: registers, one tap, the store (at `j + c`). */
interface ElementCode {
  readonly init: string;
  /** One tap at input offsets `at` (one per stream); `real` says whether it is an element (not padding). */
  readonly step: (at: readonly string[], real: string) => string;
  readonly finish: string;
  /** Registers from the first tap at `at`, where that equals `init` then `step` (max and min: not sums, as 0 + -0 is 0). */
  readonly first?: (at: readonly string[]) => string;
}

/**
 * The body for a walk with a trailing block of `inner` > 1 elements (NHWC channels): the window
 * loops only record the taps' offsets (-1 for padding when visited); then one loop over the block
 * runs each element's reduction over them, unrolled over the taps when the window is small and
 * wholly inside the operand, reading and writing memory in order.
 */
function blockBody(walk: Walk, taps: number, visitPadding: boolean, e: ElementCode): WindowBody {
  const inner = int(walk.inner);
  const streams = walk.steps.map((_, s) => s);
  const at = (tap: string): string[] => streams.map((s) => blockOffset(streamName(tap, s), walk.steps[s]!));
  const reads = (taps: readonly (readonly [tap: string, t: string])[]): string[] => taps.flatMap(([tap, t]) => streams.map((s) => `${streamName(tap, s)} = ${streamName("taps", s)}[${t}]`));
  // A producer that loads nothing (a constant) has no offset streams, hence nothing to declare.
  const declare = (taps: readonly (readonly [tap: string, t: string])[]): string => (streams.length === 0 ? "" : `const ${reads(taps).join(", ")};`);
  const generic = `for (let c = 0; c < ${inner}; c++) { ${e.init} for (let t = 0; t < nt; t++) { ${declare([["tt", "t"]])} ${e.step(at("tt"), visitPadding ? "tt >= 0" : "true")} } ${e.finish} }`;
  const store = [];
  if (taps <= MAX_UNROLLED_TAPS && taps > 0) {
    const names = globalThis.Array.from({ length: taps }, (_, t) => `t${t}`);
    const steps = names.map((t, i) => (i === 0 && e.first !== undefined ? e.first(at(t)) : `{ ${e.step(at(t), "true")} }`)).join(" ");
    store.push(
      `if (real === ${int(taps)}) {`,
      declare(names.map((t, i) => [t, int(i)] as const)),
      `for (let c = 0; c < ${inner}; c++) { ${e.first === undefined ? e.init : ""} ${steps} ${e.finish} }`,
      `} else {`,
      generic,
      `}`,
    );
  } else store.push(generic);
  const record = streams.map((s) => `${streamName("taps", s)}[nt] = ${streamName("b", s)};`).join(" ");
  return {
    setup: [...streams.map((s) => `const ${streamName("taps", s)} = new Int32Array(${int(Math.max(1, taps))});`), `let nt = 0, real = 0;`],
    reset: [`nt = 0; real = 0;`],
    tap: [visitPadding ? `if (ok) { taps[nt++] = b; real++; } else taps[nt++] = -1;` : `${record} nt++; real++;`],
    store,
  };
}

/** The body for a walk: registers per window when the trailing block is one element, else blockBody. */
function windowBody(walk: Walk, taps: number, visitPadding: boolean, e: ElementCode): WindowBody {
  if (walk.inner !== 1) return blockBody(walk, taps, visitPadding, e);
  return { setup: [], reset: [e.init], tap: [e.step(walk.steps.map((_, s) => streamName("b", s)), visitPadding ? "ok" : "true")], store: [`{ const c = 0; ${e.finish} }`] };
}

const tapCount = (g: { windowDimensions: readonly number[] }): number => g.windowDimensions.reduce((a, b) => a * b, 1);

/**
 * Taps x outputs from which a window reduction's outer loop is split into chunks for the helper
 * thread (a job costs tens of µs to hand over). Measured for 2x2 max pooling of NHWC float32
 * (2 cores, shared machine), one thread -> two: [8, 56, 56, 64] 2.6 -> 1.5 ms.
 */
const PARALLEL_MIN_TAPS = 1 << 18;
/** At most this many chunks: enough that a core slowed by other load takes fewer of them. */
const MAX_CHUNKS = 32;

/** How many chunks the walk's outermost output loop is split into; 0: one plain loop. */
function chunkCount(walk: Walk, taps: number): number {
  const outer = walk.dims[0]?.out ?? 0;
  if (outer < 2 || !sharesBuffersOfSize(walk.outSize) || walk.outSize * taps < PARALLEL_MIN_TAPS) return 0;
  return Math.min(MAX_CHUNKS, outer);
}

/** Output i's name in a window kernel: `out`, `out1` ... */
const outName = (i: number): string => (i === 0 ? "out" : `out${i}`);

/**
 * A window kernel over `numInputs` inputs whose outer loop runs in `chunks` chunks on both threads
 * (kernelPool.ts): `body` is the chunk's code (it sees lo and hi, and writes `out`, `out1` ...,
 * fresh zeroed shared buffers of `outs`' avals).
 */
function splitKernel(name: string, numInputs: number, outs: readonly ShapedArray[], body: string, outer: number, chunks: number): Kernel {
  const args = globalThis.Array.from({ length: numInputs }, (_, i) => `in${i}`);
  const source = `function ${ident(name)}(${[...args, ...outs.map((_, i) => outName(i))].join(", ")}, lo, hi, partials, chunk) {\n${body}\n}`;
  const f = compileFunction([], `"use strict";\nreturn ${source};`)() as ChunkFn;
  const id = newKernelId();
  const allocs = outs.map((out) => compileFunction([], `"use strict";\nreturn ${allocExpression(out, true)};`) as () => Buffer);
  // Inputs that are not shared are copied into shared buffers the kernel keeps (rewritten per
  // call): a fresh SharedArrayBuffer's pages fault in on first write, which costs as much as the
  // pooling itself.
  const staged: (Buffer | null)[] = args.map(() => null);
  const share = (b: Buffer, i: number): Buffer => {
    if (isShared(b)) return b;
    let s = staged[i];
    if (s === null || s === undefined || s.length !== b.length || s.constructor !== b.constructor) s = staged[i] = sharedCopy(b);
    else s.set(b as never);
    return s;
  };
  const run = (...inputs: Buffer[]): Buffer[] => {
    const shared = inputs.map(share);
    const results = allocs.map((alloc) => alloc());
    runChunks(id, f, `return ${source}`, [...shared, ...results], outer, chunks, null);
    return results;
  };
  const note = `// ${name}: outer loop of ${int(outer)} in ${int(chunks)} chunks, shared with the helper thread\n`;
  return { name, source: note + source, run, freshOutputs: true };
}

/**
 * The kernel running `body` (a WindowBody writing `out`, `out1` ... of `outs`' avals) over the
 * walk: split into chunks where it is large (and `splittable`), else one loop.
 */
function windowKernel(name: string, numInputs: number, outs: readonly ShapedArray[], walk: Walk, body: WindowBody, visitPadding: boolean, taps: number, splittable = true): Kernel {
  const chunks = splittable ? chunkCount(walk, taps) : 0;
  if (chunks > 0) return splitKernel(name, numInputs, outs, windowLoops(walk, body, visitPadding, true), walk.dims[0]!.out, chunks);
  const names = outs.map((_, i) => outName(i));
  const allocs = outs.map((out, i) => `const ${names[i]} = ${allocExpression(out)};`);
  const source = [...allocs, walk.outSize === 0 ? "" : windowLoops(walk, body, visitPadding), `return [${names.join(", ")}];`].join("\n");
  return makeKernel(name, numInputs, source);
}

/** A loop over the `inner` block, or the statement itself when the block is one element. */
const overBlock = (inner: number, stmt: (c: string) => string): string =>
  inner === 1 ? stmt("0") : `for (let c = 0; c < ${int(inner)}; c++) { ${stmt("c")} }`;

// ---- reduce_window_sum / max / min ----

const MONOID_OF: Record<MonoidWindowName, "reduce_sum" | "reduce_max" | "reduce_min"> = {
  reduce_window_sum: "reduce_sum",
  reduce_window_max: "reduce_max",
  reduce_window_min: "reduce_min",
};

/**
 * How a window kernel reads its operand at a tap: its input buffers, the streams walked to each
 * tap (one per buffer read), and the code that computes the operand's value from the streams'
 * offsets `at`.
 */
interface OperandCode {
  readonly numInputs: number;
  readonly streams?: readonly Stream[];
  readonly read: (at: readonly string[]) => { readonly lines: string; readonly value: string };
  /** Whether its code calls runtime helpers (h.*), which exist only on the main thread. */
  readonly callsHelpers: boolean;
}

const plainOperand: OperandCode = { numInputs: 1, read: (at) => ({ lines: "", value: `in0[${at[0]}]` }), callsHelpers: false };

/** What a window kernel does with each window's result `acc`: stores it, or computes from it what it stores (an epilogue). */
interface ResultCode {
  /** The stored outputs, `out`, `out1` ... */
  readonly outs: readonly ShapedArray[];
  /** Buffers read per output element, through views over the output's dims. */
  readonly streams: readonly Stream[];
  /** Code storing element `c` of the block at output offset `j`, given the streams' offsets `at` there. */
  readonly store: (at: readonly string[]) => string;
  readonly callsHelpers: boolean;
  /** Whether it stores the result as it is, to one output. */
  readonly plain?: true;
}

const plainResult = (out: ShapedArray): ResultCode => ({ outs: [out], streams: [], store: () => `out[j + c] = acc;`, callsHelpers: false, plain: true });

/** Output stream s's offset at the current output element: output loop indices `o<d>` and block element `c`. */
function outputOffset(walk: Walk, s: number): string {
  const step = walk.outSteps[s]!;
  const terms = walk.dims.flatMap((d, i) => (d.outStrides[s] === 0 ? [] : [`o${i} * ${int(d.outStrides[s]!)}`]));
  if (step !== 0) terms.push(step === 1 ? "c" : `c * ${int(step)}`);
  return [int(walk.outStarts[s]!), ...terms].join(" + ");
}

/**
 * The walk of a stored operand as channels-last images (poolSimd.ts), where it is one: the
 * trailing block contiguous, at most two windowed dims (base dilation 1, no negative low padding)
 * and every dim before them left alone (each of their indices an image). Else null.
 */
function imageWindowOf(walk: Walk, g: WindowGeometry): ImageWindow | null {
  const first = walk.dims.findIndex((_, i) => !leavesAlone(g, i));
  const windowed = walk.dims.slice(first);
  if (first < 0 || windowed.length > 2 || walk.steps[0] !== 1 || walk.starts[0] !== 0) return null;
  if (windowed.some((d) => d.baseDilation !== 1 || d.low < 0)) return null;
  const one: WalkDim = { out: 1, window: 1, stride: 1, low: 0, windowDilation: 1, baseDilation: 1, extent: 1, inStrides: [], outStrides: [] };
  const [y, z] = windowed.length === 2 ? [windowed[0]!, windowed[1]!] : [one, windowed[0]!];
  return {
    images: walk.dims.slice(0, first).reduce((a, d) => a * d.out, 1),
    h: y.extent, w: z.extent, c: walk.inner, oh: y.out, ow: z.out, kh: y.window, kw: z.window,
    sh: y.stride, sw: z.stride, dh: y.windowDilation, dw: z.windowDilation, ph: y.low, pw: z.low,
  };
}

/** A monoid window reduction of the operand that `operand` reads, each window's result handled by `result`. */
function monoidKernel(prim: MonoidWindowName, { inAvals, outAvals, params }: LoweringInput<MonoidWindowName>, operand: OperandCode, result: ResultCode, splittable = true): Kernel {
  const m = MONOIDS[MONOID_OF[prim]];
  const x = inAvals[0]!;
  const d = x.dtype;
  const walk = walkOf(x, outAvals[0]!, params, operand.streams, result.streams);
  if (prim !== "reduce_window_sum" && operand.streams === undefined && operand.numInputs === 1 && result.plain === true) {
    const images = imageWindowOf(walk, params);
    const simd = images === null ? null : simdPoolKernel(prim === "reduce_window_max" ? "max" : "min", d, images);
    if (simd !== null) return simd;
  }
  // Sums accumulate in doubles (float32 is rounded once, when stored).
  const body = windowBody(walk, tapCount(params), false, {
    init: `let acc = ${m.identity(d)};`,
    step: (at) => {
      const { lines, value } = operand.read(at);
      return `${lines} acc = ${m.combine("acc", value, d)};`;
    },
    finish: result.store(result.streams.map((_, s) => outputOffset(walk, s))),
    ...(prim === "reduce_window_sum" || operand.streams !== undefined ? {} : { first: (at: readonly string[]) => `let acc = in0[${at[0]}];` }),
  });
  return windowKernel(prim, operand.numInputs, result.outs, walk, body, false, tapCount(params), splittable && !operand.callsHelpers && !result.callsHelpers);
}

const monoidLowering =
  (prim: MonoidWindowName): Lowering<MonoidWindowName> =>
  (input) =>
    monoidKernel(prim, input, plainOperand, plainResult(input.outAvals[0]!));

/** Renders kernel-IR statements as `const` lines, recording whether they call runtime helpers. */
class StatementRenderer {
  callsHelpers = false;
  private readonly recordHelper: HelperCall = (name, ...args) => {
    this.callsHelpers = true;
    return helperCall(name, ...args);
  };

  /** The statements' lines, registers renamed by `names` and loads read as the registers `load` names. */
  render(statements: readonly GroupStatement[], names: ReadonlyMap<string, string>, load: (index: number) => string): string {
    const rename = (leaf: LoadNode | RegNode): KernelExpr => ir.reg(leaf.kind === "load" ? load(leaf.index) : names.get(leaf.name)!, leaf.dtype);
    return statements.map((st) => `const ${names.get(st.reg)!} = ${renderJs(renameRegisters(st.expr, rename), this.recordHelper)};`).join(" ");
  }
}

/**
 * How the window kernel reads the operand computed per tap from the elementwise producer `fused`
 * (fusion/partition.ts), so the operand is never stored: relu(conv + bias) pooled reads the
 * convolution and the bias. Registers are renamed f<i>: the window code's own names (t<i>, taps,
 * c, j) stay free.
 */
function producerOperand(prim: MonoidWindowName, dtype: DType, fused: FusedWindowOperand, numInputs: number): OperandCode {
  const renderer = new StatementRenderer();
  const names = new Map(fused.statements.map((st, i) => [st.reg, `f${i}`]));
  const statements = renderer.render(fused.statements, names, (k) => `x${k}`);
  const result = names.get(fused.result)!;
  // A float32 sum adds the operand's float32 values, as the stored operand would hold them.
  const value = dtype === "float32" && prim === "reduce_window_sum" ? `Math.fround(${result})` : result;
  return {
    numInputs,
    streams: fused.loads.map((l) => ({ offset: l.view.offset, strides: l.view.strides })),
    read: (at) => ({ lines: `${fused.loads.map((l, k) => `const x${k} = in${l.input}[${at[k]}];`).join(" ")} ${statements}`, value }),
    callsHelpers: renderer.callsHelpers,
  };
}

/**
 * What a fused group headed by a window reduction (fusion/partition.ts's WindowHead) does with
 * each window's result, register `reg`, before its stores: its loads (views over the output's
 * shape, of the group's inputs) and statements.
 */
export interface WindowEpilogue {
  readonly numInputs: number;
  readonly reg: string;
  readonly loads: readonly GroupLoad[];
  readonly statements: readonly GroupStatement[];
  readonly stores: readonly { readonly reg: string; readonly aval: ShapedArray }[];
}

/**
 * The epilogue's code per output element: the window's result as its dtype holds it (`w`), the
 * loads (`y<k>`), the statements (`g<i>`), then the stores.
 */
function epilogueResult(dtype: DType, epilogue: WindowEpilogue): ResultCode {
  const renderer = new StatementRenderer();
  const names = new Map<string, string>([[epilogue.reg, "w"], ...epilogue.statements.map((st, i): [string, string] => [st.reg, `g${i}`])]);
  const statements = renderer.render(epilogue.statements, names, (k) => `y${k}`);
  const stores = epilogue.stores.map((st, i) => `${outName(i)}[j + c] = ${names.get(st.reg)!};`).join(" ");
  // A float32 window's value as stored (sums accumulate in doubles).
  const w = `const w = ${dtype === "float32" ? "Math.fround(acc)" : "acc"};`;
  return {
    outs: epilogue.stores.map((st) => st.aval),
    streams: epilogue.loads.map((l) => ({ offset: l.view.offset, strides: l.view.strides })),
    store: (at) => `{ ${w} ${epilogue.loads.map((l, k) => `const y${k} = in${l.input}[${at[k]}];`).join(" ")} ${statements} ${stores} }`,
    callsHelpers: renderer.callsHelpers,
  };
}

/**
 * The kernel of a fused group headed by a float monoid window reduction: the operand read stored
 * (input 0) or computed per tap from `producer`, and each window's result through the epilogue.
 */
export function windowGroupKernel(input: WindowGroupInput, producer: FusedWindowOperand | null, epilogue: WindowEpilogue): Kernel {
  const plain = epilogue.statements.length === 0 && epilogue.stores.length === 1 && epilogue.stores[0]!.reg === epilogue.reg;
  const fused = (): Kernel => fusedWindowKernel(input, producer, epilogue, plain);
  if (producer === null && plain) return fused();
  return pooledFirstKernel(input, producer, epilogue, fused) ?? fused();
}

type WindowGroupInput = LoweringInput<MonoidWindowName> & { readonly primitive: MonoidWindowName };

/** The group's one window kernel: the producer per tap, the epilogue per window. */
function fusedWindowKernel(input: WindowGroupInput, producer: FusedWindowOperand | null, epilogue: WindowEpilogue, plain: boolean, splittable = true): Kernel {
  const dtype = input.outAvals[0]!.dtype;
  const operand = producer === null ? { ...plainOperand, numInputs: epilogue.numInputs } : producerOperand(input.primitive, dtype, producer, epilogue.numInputs);
  return monoidKernel(input.primitive, input, operand, plain ? plainResult(input.outAvals[0]!) : epilogueResult(dtype, epilogue), splittable);
}

/** Whether every window of `g` over `shape` (out: `out`) holds at least one element of the operand. */
function everyWindowHoldsAnElement(shape: readonly number[], out: readonly number[], g: WindowGeometry): boolean {
  return shape.every((n, i) => {
    const extent = n === 0 ? 0 : (n - 1) * g.baseDilation[i]! + 1;
    for (let o = 0; o < out[i]!; o++) {
      let found = false;
      for (let k = 0; k < g.windowDimensions[i]! && !found; k++) {
        const p = o * g.windowStrides[i]! + k * g.windowDilation[i]! - g.padding[i]![0];
        found = p >= 0 && p < extent && p % g.baseDilation[i]! === 0;
      }
      if (!found) return false;
    }
    return true;
  });
}

/** The dtype load `index` of `statements` reads, null if none reads it. */
function loadDtype(statements: readonly GroupStatement[], index: number): DType | null {
  for (const st of statements) {
    let found: DType | null = null;
    someNode(st.expr, (n) => n.kind === "load" && n.index === index && (found = n.dtype) !== null);
    if (found !== null) return found;
  }
  return null;
}

const allFinite = (b: Buffer): boolean => {
  for (let i = 0; i < b.length; i++) if (!Number.isFinite(b[i]!)) return false;
  return true;
};

/**
 * A float max/min pooling group on the SIMD pooling kernel (poolSimd.ts), pooling a stored buffer
 * x first: the operand itself (its epilogue then runs once per window), or the one load of its
 * producer f that varies across a window, f non-decreasing in it and reading nothing else that
 * varies within a window. Then f and the epilogue run once per window, as a window kernel of unit
 * windows over the pooled output. Exact: max f(x) = f(max x) for such f (kernelIr/monotone.ts),
 * given every window holds an element (an empty window's identity would otherwise go through f)
 * and f's other loads are finite, which each call checks (else it runs the fused kernel). Null
 * where the SIMD kernel does not apply.
 */
function pooledFirstKernel(input: WindowGroupInput, producer: FusedWindowOperand | null, epilogue: WindowEpilogue, fused: () => Kernel): Kernel | null {
  const { primitive: prim, params } = input;
  if (prim === "reduce_window_sum") return null;
  const [operand, out] = [input.inAvals[0]!, input.outAvals[0]!];
  let xInput = 0;
  let xDtype = operand.dtype;
  let fixedInputs: number[] = [];
  let unitProducer: FusedWindowOperand | null = null;
  if (producer !== null) {
    const windowed = operand.shape.map((_, d) => d).filter((d) => !leavesAlone(params, d));
    const varying = producer.loads.flatMap((l, k) => (windowed.some((d) => l.view.strides[d] !== 0) ? [k] : []));
    if (varying.length !== 1) return null;
    const k = varying[0]!;
    const load = producer.loads[k]!;
    const contiguous = stridesOf(operand.shape);
    if (load.view.offset !== 0 || load.view.strides.some((st, d) => st !== contiguous[d] && operand.shape[d] !== 1)) return null;
    if (producer.loads.some((l, j) => j !== k && l.input === load.input) || !isNonDecreasingIn(producer.statements, producer.result, k)) return null;
    if (!everyWindowHoldsAnElement(operand.shape, out.shape, params)) return null;
    const dtype = loadDtype(producer.statements, k);
    if (dtype === null) return null;
    [xInput, xDtype] = [load.input, dtype];
    fixedInputs = [...new Set(producer.loads.filter((_, j) => j !== k).map((l) => l.input))];
    unitProducer = { ...producer, loads: producer.loads.map((l, j) => (j === k ? { input: l.input, view: { offset: 0, strides: stridesOf(out.shape) } } : l)) };
  }
  if (epilogue.loads.some((l) => l.input === xInput)) return null;
  const images = imageWindowOf(walkOf(new ShapedArray(operand.shape, xDtype), new ShapedArray(out.shape, xDtype), params), params);
  const pool = images === null ? null : simdPoolKernel(prim === "reduce_window_max" ? "max" : "min", xDtype, images);
  if (pool === null) return null;
  const unitWindows: WindowGeometry = {
    windowDimensions: out.shape.map(() => 1),
    windowStrides: out.shape.map(() => 1),
    padding: out.shape.map((): [number, number] => [0, 0]),
    baseDilation: out.shape.map(() => 1),
    windowDilation: out.shape.map(() => 1),
  };
  const unitInput: WindowGroupInput = { ...input, inAvals: [new ShapedArray(out.shape, operand.dtype)], params: { ...params, ...unitWindows } };
  // One thread: a unit window is too little work to pay for staging the fresh pooled buffer in shared memory.
  const unit = fusedWindowKernel(unitInput, unitProducer, epilogue, false, false);
  const fallback = fixedInputs.length > 0 ? fused() : null;
  const run = (...inputs: Buffer[]): Buffer[] => {
    if (fallback !== null && !fixedInputs.every((i) => allFinite(inputs[i]!))) return fallback.run(...inputs);
    const args = inputs.slice();
    args[xInput] = pool.run(inputs[xInput]!)[0]!;
    return unit.run(...args);
  };
  const source = `// ${prim} of input ${int(xInput)} pooled first, then what follows it once per window\n${pool.source}\n${unit.source}`;
  return { name: unit.name, source, run, ...(unit.freshOutputs === true ? { freshOutputs: true } : {}) };
}

// ---- select_and_gather_add: operands (tangents, operand) ----

const selectGatherAdd: Lowering<"select_and_gather_add"> = ({ inAvals, outAvals, params }) => {
  const out = outAvals[0]!;
  const walk = walkOf(inAvals[1]!, out, params);
  const cmp = params.selectPrim === "ge" ? ">=" : "<=";
  const init = num(params.selectPrim === "ge" ? -Infinity : Infinity);
  const body = windowBody(walk, tapCount(params), false, {
    init: `let ak = ${init}, at = 0;`,
    step: ([p]) => `const e = ${p}, x = in1[e]; if (!(ak ${cmp} x)) { ak = x; at = in0[e]; }`,
    finish: `out[j + c] = at;`,
  });
  return windowKernel("select_and_gather_add", 2, [out], walk, body, false, tapCount(params));
};

// ---- select_and_scatter_add: operands (source, operand) ----

const selectScatterAdd: Lowering<"select_and_scatter_add"> = ({ inAvals, outAvals, params }) => {
  const [source, operand] = [inAvals[0]!, inAvals[1]!];
  const ones = params.windowDimensions.map(() => 1);
  const walk = walkOf(operand, source, { ...params, baseDilation: ones, windowDilation: ones });
  const cmp = params.selectPrim === "ge" ? ">=" : "<=";
  // Padding holds the selection's identity; a NaN start makes the first tap the first pick.
  const identity = num(params.selectPrim === "ge" ? -Infinity : Infinity);
  const body = windowBody(walk, tapCount(params), true, {
    init: `let bk = NaN, bo = -1;`,
    step: ([p], real) => (real === "true" ? `const e = ${p}, x = in1[e]; if (!(bk ${cmp} x)) { bk = x; bo = e; }` : `const r = ${real}, e = ${p}, x = r ? in1[e] : ${identity}; if (!(bk ${cmp} x)) { bk = x; bo = r ? e : -1; }`),
    finish: `if (bo >= 0) out[bo] += in0[j + c];`,
  });
  // Chunks of the outer loop add into disjoint input rows only where its windows do not overlap.
  const d0 = walk.dims[0];
  const disjoint = d0 !== undefined && d0.stride >= (d0.window - 1) * d0.windowDilation + 1;
  return windowKernel("select_and_scatter_add", 2, [outAvals[0]!], walk, body, true, tapCount(params), disjoint);
};

// ---- reduce_window with a user monoid: operands, then init values ----

/**
 * The monoid runs inline where it is scalar elementwise code (scalarJaxpr.ts); otherwise as a
 * compiled program on one-element buffers, a call per element of every window. The window loops
 * collect the taps' offsets first, so the monoid sees each window's elements in row-major order.
 */
const reduceWindowLowering: Lowering<"reduce_window"> = ({ inAvals, outAvals, params }) => {
  const n = outAvals.length;
  const walk = walkOf(inAvals[0]!, outAvals[0]!, params);
  const ids = outAvals.map((_, i) => i);
  const inline = params.jaxpr.consts.length === 0 ? renderScalarJaxpr(params.jaxpr.jaxpr, [...ids.map((i) => `v${i}`), ...ids.map((i) => `x${i}`)], "m") : null;
  const program = inline === null ? compileBody(params.jaxpr) : null;
  const setup = ids.map((i) => `const out${i} = ${allocExpression(outAvals[i]!)};`);
  if (program !== null) setup.push(...ids.map((i) => `const a${i} = new ${typedArrayName(outAvals[i]!.dtype)}(1), x${i} = new ${typedArrayName(outAvals[i]!.dtype)}(1);`));
  const step =
    inline !== null
      ? [...ids.map((i) => `const x${i} = in${i}[e];`), ...inline.lines, ...ids.map((i) => `v${i} = ${inline.outputs[i]!};`)]
      : [...ids.map((i) => `a${i}[0] = v${i}; x${i}[0] = in${i}[e];`), `const r = monoid(${[...ids.map((i) => `a${i}`), ...ids.map((i) => `x${i}`)].join(", ")});`, ...ids.map((i) => `v${i} = r[${i}][0];`)];
  const perElement = (c: string): string =>
    [
      ...ids.map((i) => `let v${i} = in${n + i}[0];`),
      `for (let t = 0; t < taps; t++) {`,
      `const e = offsets[t] + ${c};`,
      ...step,
      `}`,
      ...ids.map((i) => `out${i}[j + ${c}] = v${i};`),
    ].join("\n");
  const windowBody: WindowBody = {
    setup: [...setup, `const offsets = new Int32Array(${int(Math.max(1, tapCount(params)))});`, `let taps = 0;`],
    reset: [`taps = 0;`],
    tap: [`offsets[taps++] = b;`],
    store: [overBlock(walk.inner, perElement)],
  };
  const source = [walk.outSize === 0 ? setup.join("\n") : windowLoops(walk, windowBody, false), `return [${ids.map((i) => `out${i}`).join(", ")}];`].join("\n");
  return makeKernel("reduce_window", 2 * n, source, program === null ? {} : { monoid: program.run });
};

export const WINDOW_LOWERINGS: { [P in WindowName]: Lowering<P> } = {
  reduce_window_sum: monoidLowering("reduce_window_sum"),
  reduce_window_max: monoidLowering("reduce_window_max"),
  reduce_window_min: monoidLowering("reduce_window_min"),
  reduce_window: reduceWindowLowering,
  select_and_scatter_add: selectScatterAdd,
  select_and_gather_add: selectGatherAdd,
};

