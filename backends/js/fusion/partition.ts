// Partitions a jaxpr into fused groups and single-equation kernels, in program order.
//
// Every value is tracked as one of: a contiguous buffer; an affine view of a buffer (what layout
// primitives produce: broadcasts, transposes, slices, reversals, reshapes of contiguous data cost
// no copy); a scalar constant (a broadcast literal); a register inside an open fused group; or a
// reduction result of a group. Elementwise equations join the open group of their output shape;
// reductions join the group of their operand's shape. A float monoid window reduction heads a group
// of its output's shape that only its result's elementwise consumers join (WindowHead), so pooling
// and what follows it (a bias, an activation, a division) are one kernel. A group runs when
// something outside it first needs one of its values (it then stores exactly the values needed
// outside), so all of a group's inputs exist by then and all its consumers come after. Other primitives get their own kernel,
// with operands materialized (a zero-copy subarray where the view allows).
import type { Atom, DType, Eqn, Jaxpr, MonoidWindowName, Params, PrimitiveName, ReduceName, Shape, ShapedArray } from "../../../jaxpr/index.js";
import { Literal, Var, REDUCTIONS, CALL_PRIMITIVES, EFFECTFUL_PRIMITIVES } from "../../../jaxpr/index.js";
import type { Kernel } from "../kernel.js";
import { contiguousView, View } from "../loops.js";
import { MAX_RECOMPUTED_STATEMENTS, elementwiseNode, isFusibleElementwise } from "../elementwise.js";
import { lit } from "../emit.js";
import type { ConstNode, KernelExpr, LoadNode, RegNode } from "../../kernelIr/index.js";
import { chainOf, ir, leafName, renameRegisters } from "../../kernelIr/index.js";
import { VIEW_PRIMITIVES, applyView, broadcastInto, broadcastsInto, isContiguous } from "./viewAlgebra.js";
import type { GroupLoad, GroupReduction, GroupStatement } from "./groupKernel.js";

type Value =
  | { readonly kind: "buffer"; readonly name: string }
  /** `baseSize`: elements of buffer `name` (-1 when not known): a contiguous view of all of them is the buffer itself. */
  | { readonly kind: "view"; readonly name: string; readonly view: View; readonly baseSize: number }
  /** `expr`: the constant as source (for a fill). */
  | { readonly kind: "scalar"; readonly node: ConstNode; readonly expr: string }
  | { readonly kind: "fused"; readonly group: FusedGroup; readonly reg: RegNode }
  | { readonly kind: "reduced"; readonly group: FusedGroup; readonly index: number };

export class FusedGroup {
  open = true;
  readonly inputs: string[] = [];
  readonly loads: GroupLoad[] = [];
  /** The dtype of each load's buffer. */
  readonly loadDtypes: DType[] = [];
  private readonly loadKeys = new Map<string, LoadNode>();
  readonly statements: GroupStatement[] = [];
  readonly primitives: string[] = [];
  /** Registers needed outside, with the program name their buffer gets. */
  readonly stores: { reg: string; aval: ShapedArray; name: string }[] = [];
  readonly reductions: (GroupReduction & { name: string })[] = [];
  private nextReg = 0;
  /** A window reduction whose output loop this group's loop is (see WindowHead); null for an ordinary group. */
  window: WindowHead | null = null;
  constructor(
    readonly id: number,
    readonly shape: Shape,
  ) {}

  /**
   * Makes this (new, empty) group the epilogue of window reduction `eqn` reading `inputs` (the
   * producer's, or the stored operand): returns the register holding each window's result.
   */
  headWindow(eqn: Eqn<MonoidWindowName>, producer: FusedWindowOperand | null, inputs: readonly string[]): RegNode {
    this.inputs.push(...inputs);
    const reg = ir.reg(`t${this.nextReg++}`, eqn.outvars[0]!.aval.dtype);
    this.window = { eqn, producer, reg: reg.name };
    return reg;
  }

  /** The load of buffer `name` (of `dtype`) through `view`, shared by every reader of the same view. */
  load(name: string, view: View, dtype: DType): LoadNode {
    const key = `${name}@${view.offset}:${view.strides.join(",")}`;
    let node = this.loadKeys.get(key);
    if (node === undefined) {
      let input = this.inputs.indexOf(name);
      if (input < 0) input = this.inputs.push(name) - 1;
      node = ir.load(this.loads.length, dtype);
      this.loads.push({ input, view });
      this.loadDtypes.push(dtype);
      this.loadKeys.set(key, node);
    }
    return node;
  }
  /** The buffers the group writes, in its kernel's argument order: stores, then reductions. */
  outputs(): { name: string; aval: ShapedArray }[] {
    return [...this.stores.map((s) => ({ name: s.name, aval: s.aval })), ...this.reductions.map((r) => ({ name: r.name, aval: r.out }))];
  }
  compute(expr: KernelExpr, primitive: string): RegNode {
    const reg = `t${this.nextReg++}`;
    this.statements.push({ reg, expr });
    this.primitives.push(primitive);
    return ir.reg(reg, expr.dtype);
  }
}

export type Step =
  | { readonly kind: "group"; readonly group: FusedGroup }
  /** `kernel`: one chosen while partitioning (a resident product), else the equation's lowering; `note` says which. */
  | { readonly kind: "eqn"; readonly eqn: Eqn; readonly inputs: readonly string[]; readonly outputs: readonly string[]; readonly kernel?: Kernel; readonly note?: string }
  | { readonly kind: "copy"; readonly from: string; readonly view: View; readonly aval: ShapedArray; readonly output: string }
  | { readonly kind: "subarray"; readonly from: string; readonly offset: number; readonly size: number; readonly output: string }
  | { readonly kind: "fill"; readonly expr: string; readonly aval: ShapedArray; readonly output: string };

export interface Partition {
  readonly steps: readonly Step[];
  /** Names of the program's results. */
  readonly outputs: readonly string[];
  /** Literal operands of single-equation kernels, by the closure name they get. */
  readonly literals: ReadonlyMap<string, Literal>;
}

/**
 * The elementwise producer of a window reduction's operand, for the window kernel to compute per
 * tap: statements over loads of `inputs` (views over the operand's shape), the operand in `result`.
 */
export interface FusedWindowOperand {
  readonly inputs: readonly string[];
  readonly loads: readonly GroupLoad[];
  readonly statements: readonly GroupStatement[];
  readonly result: string;
}

/**
 * A monoid window reduction heading a fused group of its output's shape: the window kernel
 * computes each output element's reduction into register `reg`, then the group's elementwise
 * statements (its epilogue: a bias, an activation, average pooling's division, a cast) before
 * storing what is needed outside, so the pooled value is stored only where something else reads
 * it. The dot_general epilogue instead reads its product left resident (residentDot); a window's
 * result is one element per window, computed once, so the epilogue runs in the same loop.
 */
export interface WindowHead {
  readonly eqn: Eqn<MonoidWindowName>;
  /** The operand's elementwise producer, computed per tap from the group's first inputs; null: the operand is input 0, stored. */
  readonly producer: FusedWindowOperand | null;
  readonly reg: string;
}

export interface PartitionOptions {
  /**
   * A dot_general (or conv_general_dilated) kernel whose product stays in memory that the next such product overwrites
   * (the wasm GEMM's C region), with the view that reads it: the product's elementwise epilogue
   * then reads it there, with no output buffer and no copy. Null keeps the ordinary kernel.
   */
  readonly residentDot?: (eqn: Eqn) => { kernel: Kernel; view: View } | null;
  /**
   * Float monoid window reductions head fused groups (WindowHead): a short elementwise producer of
   * the operand is computed per tap, and elementwise consumers of the result join as the epilogue.
   */
  readonly windowFusion?: boolean;
}

const MONOID_WINDOWS: ReadonlySet<PrimitiveName> = new Set(["reduce_window_sum", "reduce_window_max", "reduce_window_min"]);
/**
 * Windows fuse their producer where each operand element is read at most this many times (3x3
 * windows with stride 2: 2.25), so that recomputing it per tap costs less than storing it.
 */
const MAX_WINDOW_OVERLAP = 2.25;

/** Equations that may run a resident product themselves (directly, or in a program they call). */
const mayOverwriteResident = (p: PrimitiveName): boolean =>
  p === "dot_general" || p === "conv_general_dilated" || p === "cond" || p === "while" || p === "scan" || CALL_PRIMITIVES.has(p) || EFFECTFUL_PRIMITIVES.has(p);

const isReduction = (p: PrimitiveName): p is ReduceName => (REDUCTIONS as readonly string[]).includes(p);

/** A literal as a constant node, with its value as source for fills (formatted by the emitter, never the value's own string form). */
const literalValue = (l: Literal): Value => ({ kind: "scalar", node: ir.constant(l.value, l.aval.dtype), expr: lit(l.value, l.aval.dtype) });


/**
 * Recomputes register `reg` of a still-open group of a smaller (broadcast) shape inside `g`, from
 * the producer's own inputs, so that a broadcasting chain stays one loop without a temporary.
 * Null when the producer has reductions or a window, does not broadcast into `g`, or the chain is long.
 */
function recompute(producer: FusedGroup, reg: RegNode, g: FusedGroup): KernelExpr | null {
  if (producer.window !== null || producer.reductions.length > 0 || !broadcastsInto(producer.shape, g.shape)) return null;
  const chain = chainOf(producer.statements, reg, MAX_RECOMPUTED_STATEMENTS);
  if (chain === null) return null;
  const renamed = new Map<string, KernelExpr>();
  for (const k of chain.loads) {
    const load = producer.loads[k]!;
    renamed.set(`x${k}`, g.load(producer.inputs[load.input]!, broadcastInto(load.view, producer.shape, g.shape), producer.loadDtypes[k]!));
  }
  for (const i of chain.statements) {
    const st = producer.statements[i]!;
    renamed.set(st.reg, g.compute(renameRegisters(st.expr, (leaf) => renamed.get(leafName(leaf)) ?? leaf), producer.primitives[i]!));
  }
  return renamed.get(reg.name)!;
}

/** Register `reg` of `producer` as a window kernel's operand: the loads it needs renumbered, with their own input list. */
function windowOperand(producer: FusedGroup, reg: RegNode): FusedWindowOperand | null {
  const chain = chainOf(producer.statements, reg, MAX_RECOMPUTED_STATEMENTS);
  if (chain === null) return null;
  const inputs: string[] = [];
  const loads: GroupLoad[] = [];
  const renumbered = new Map<string, KernelExpr>();
  for (const k of chain.loads) {
    const load = producer.loads[k]!;
    const name = producer.inputs[load.input]!;
    const input = inputs.includes(name) ? inputs.indexOf(name) : inputs.push(name) - 1;
    renumbered.set(`x${k}`, ir.load(loads.push({ input, view: load.view }) - 1, producer.loadDtypes[k]!));
  }
  const statements = chain.statements.map((i) => {
    const st = producer.statements[i]!;
    return { reg: st.reg, expr: renameRegisters(st.expr, (leaf) => (leaf.kind === "load" ? renumbered.get(leafName(leaf))! : leaf)) };
  });
  return { inputs, loads, statements, result: reg.name };
}

export function partitionJaxpr(jaxpr: Jaxpr, inputNames: ReadonlyMap<Var, string>, options: PartitionOptions = {}): Partition {
  const p = new Partitioner(jaxpr, inputNames, options);
  jaxpr.eqns.forEach((eqn, at) => p.add(eqn, at));
  const outputs = jaxpr.outvars.map((a) => p.materialize(a));
  return { steps: p.steps, outputs, literals: p.literals };
}

/** The partition's state while it walks the equations in order: each value's form, the open groups, the steps so far. */
class Partitioner {
  readonly steps: Step[] = [];
  readonly literals = new Map<string, Literal>();
  private readonly env = new Map<Var, Value>();
  /** Buffers that live only until the next resident product: always copied out, never returned. */
  private readonly resident = new Set<string>();
  private readonly lastUse = new Map<Var, number>();
  /** How many equation operands read each value (a program result counts once more). */
  private readonly uses = new Map<Var, number>();
  /** Values some elementwise equation or reduction reads (a resident product pays only for those). */
  private readonly feedsFusion = new Set<Var>();
  private readonly openGroups = new Map<string, FusedGroup>();
  /** Open groups headed by a window reduction (not in openGroups: only its result's consumers join one). */
  private readonly openWindows = new Set<FusedGroup>();
  private nextName = 0;
  private nextGroup = 0;

  constructor(
    jaxpr: Jaxpr,
    inputNames: ReadonlyMap<Var, string>,
    private readonly options: PartitionOptions,
  ) {
    jaxpr.eqns.forEach((eqn, i) => {
      for (const a of eqn.invars) if (a instanceof Var) this.lastUse.set(a, i);
    });
    for (const a of jaxpr.outvars) if (a instanceof Var) this.lastUse.set(a, Infinity);
    for (const a of [...jaxpr.eqns.flatMap((e) => e.invars), ...jaxpr.outvars]) if (a instanceof Var) this.uses.set(a, (this.uses.get(a) ?? 0) + 1);
    for (const eqn of jaxpr.eqns) {
      if (isFusibleElementwise(eqn.primitive) || isReduction(eqn.primitive)) for (const a of eqn.invars) if (a instanceof Var) this.feedsFusion.add(a);
    }
    for (const [v, name] of inputNames) this.env.set(v, { kind: "buffer", name });
  }

  private fresh(): string {
    return `b${this.nextName++}`;
  }

  /** Places equation `at`: into a fused group, as a view, or as a kernel of its own. */
  add(eqn: Eqn, at: number): void {
    const p = eqn.primitive;
    if (isFusibleElementwise(p)) this.addElementwise(eqn);
    else if (isReduction(p)) this.addReduction(eqn, p);
    else if (VIEW_PRIMITIVES.has(p)) this.addView(eqn);
    else this.addKernel(eqn, at);
  }

  private addElementwise(eqn: Eqn): void {
    const out = eqn.outvars[0]!;
    const g = this.windowGroupOf(out.aval.shape, eqn.invars) ?? this.groupFor(out.aval.shape, eqn.invars);
    const args = eqn.invars.map((a) => this.readIn(a, g));
    this.env.set(out, { kind: "fused", group: g, reg: g.compute(elementwiseNode(eqn, args), eqn.primitive) });
  }

  private addReduction(eqn: Eqn, p: ReduceName): void {
    const x = eqn.invars[0]!;
    const g = this.groupFor(x.aval.shape, [x]);
    const read = this.readIn(x, g);
    // Reductions read a register (a constant operand gets a statement of its own).
    const operand = read.kind === "load" || read.kind === "reg" ? leafName(read) : g.compute(read, "broadcast_in_dim").name;
    const out = eqn.outvars[0]!;
    const index = g.reductions.length;
    g.reductions.push({ prim: p, operand, axes: (eqn.params as { axes: readonly number[] }).axes, dtype: x.aval.dtype, out: out.aval, name: this.fresh() });
    g.primitives.push(p);
    this.env.set(out, { kind: "reduced", group: g, index });
  }

  private addView(eqn: Eqn): void {
    const x = eqn.invars[0]!;
    const out = eqn.outvars[0]!;
    const v = this.valueOf(x);
    if (v.kind === "scalar") {
      this.env.set(out, v);
      return;
    }
    let base: { name: string; view: View; size: number };
    if (v.kind === "view") base = { name: v.name, view: v.view, size: v.baseSize };
    else base = { name: this.materialize(x), view: contiguousView(x.aval.shape), size: x.aval.size };
    let view = applyView(eqn, x.aval.shape, base.view);
    if (view === null) {
      base = { name: this.materialize(x), view: contiguousView(x.aval.shape), size: x.aval.size };
      view = applyView(eqn, x.aval.shape, base.view)!;
    }
    this.env.set(out, { kind: "view", name: base.name, view, baseSize: base.size });
  }

  private addKernel(eqn: Eqn, at: number): void {
    const p = eqn.primitive;
    if (MONOID_WINDOWS.has(p) && this.addWindowGroup(eqn as Eqn<MonoidWindowName>)) return;
    if (mayOverwriteResident(p)) this.evictResident(at);
    const inputs = eqn.invars.map((a) => this.materialize(a));
    const out = eqn.outvars[0]!;
    const residentDot = (p === "dot_general" || p === "conv_general_dilated") && this.feedsFusion.has(out) ? this.options.residentDot?.(eqn) : null;
    if (residentDot) {
      const name = this.fresh();
      this.resident.add(name);
      this.steps.push({ kind: "eqn", eqn, inputs, outputs: [name], kernel: residentDot.kernel, note: "left where it was computed for its epilogue" });
      this.env.set(out, { kind: "view", name, view: residentDot.view, baseSize: -1 });
      return;
    }
    const outputs = eqn.outvars.map(() => this.fresh());
    this.steps.push({ kind: "eqn", eqn, inputs, outputs });
    eqn.outvars.forEach((v, i) => this.env.set(v, { kind: "buffer", name: outputs[i]! }));
  }

  /**
   * A float monoid window reduction opens a group of its output's shape that it heads (WindowHead).
   * Where it alone reads its operand, a short chain of an open group, with windows that overlap
   * little, the kernel computes the chain per tap and the operand is never stored (an operand
   * something else reads, as max pooling's gradient does, would be stored anyway, so the window
   * reads it stored). False where window fusion is off or the dtype is not float.
   */
  private addWindowGroup(eqn: Eqn<MonoidWindowName>): boolean {
    const x = eqn.invars[0]!;
    const out = eqn.outvars[0]!;
    const dtype = out.aval.dtype;
    if (this.options.windowFusion !== true || (dtype !== "float32" && dtype !== "float64")) return false;
    const producer = this.windowProducer(eqn);
    const g = new FusedGroup(this.nextGroup++, out.aval.shape);
    const reg = g.headWindow(eqn, producer, producer?.inputs ?? [this.materialize(x)]);
    this.openWindows.add(g);
    this.env.set(out, { kind: "fused", group: g, reg });
    return true;
  }

  /** The operand's producer for the window kernel to compute per tap (see addWindowGroup), or null. */
  private windowProducer(eqn: Eqn<MonoidWindowName>): FusedWindowOperand | null {
    const x = eqn.invars[0]!;
    const v = x instanceof Var ? this.env.get(x) : undefined;
    const taps = eqn.params.windowDimensions.reduce((a, b) => a * b, 1);
    if (v?.kind !== "fused" || !v.group.open || v.group.window !== null || this.uses.get(x as Var) !== 1) return null;
    if ((taps * eqn.outvars[0]!.aval.size) / x.aval.size > MAX_WINDOW_OVERLAP) return null;
    return windowOperand(v.group, v.reg);
  }

  /** The open window group of `shape` holding one of `operands` (its result or its epilogue's), which an elementwise consumer joins. */
  private windowGroupOf(shape: Shape, operands: readonly Atom[]): FusedGroup | undefined {
    const key = shape.join(",");
    for (const a of operands) {
      const v = a instanceof Var ? this.env.get(a) : undefined;
      if (v?.kind === "fused" && v.group.window !== null && v.group.open && v.group.shape.join(",") === key) return v.group;
    }
    return undefined;
  }

  private closeGroup(g: FusedGroup): void {
    if (!g.open) return;
    g.open = false;
    if (g.window !== null) this.openWindows.delete(g);
    else this.openGroups.delete(g.shape.join(","));
    this.steps.push({ kind: "group", group: g });
  }

  private valueOf(a: Atom): Value {
    if (a instanceof Literal) return literalValue(a);
    const v = this.env.get(a);
    if (v === undefined) throw new Error("partitionJaxpr: unbound variable");
    return v;
  }

  /** A contiguous buffer holding `a`'s value. */
  materialize(a: Atom): string {
    if (a instanceof Literal) {
      const name = `l${this.literals.size}`;
      this.literals.set(name, a);
      return name;
    }
    const v = this.valueOf(a);
    const aval = a.aval;
    let name: string;
    switch (v.kind) {
      case "buffer":
        return v.name;
      case "view":
        if (isContiguous(v.view, aval.shape) && !this.resident.has(v.name)) {
          // The buffer itself only when the view covers all of it: a program result or a loop
          // carry must not hand out a larger buffer than its shape.
          if (v.view.offset === 0 && v.baseSize === aval.size) return v.name;
          name = this.fresh();
          this.steps.push({ kind: "subarray", from: v.name, offset: v.view.offset, size: aval.size, output: name });
        } else {
          name = this.fresh();
          this.steps.push({ kind: "copy", from: v.name, view: v.view, aval, output: name });
        }
        break;
      case "scalar":
        name = this.fresh();
        this.steps.push({ kind: "fill", expr: v.expr, aval, output: name });
        break;
      case "fused": {
        const existing = v.group.stores.find((s) => s.reg === v.reg.name);
        name = existing?.name ?? this.fresh();
        if (!existing) v.group.stores.push({ reg: v.reg.name, aval, name });
        this.closeGroup(v.group);
        break;
      }
      case "reduced":
        name = v.group.reductions[v.index]!.name;
        this.closeGroup(v.group);
        break;
    }
    this.env.set(a, { kind: "buffer", name });
    return name;
  }

  /** The node reading `a` inside group `g`: a constant, a load or a register. */
  private readIn(a: Atom, g: FusedGroup): KernelExpr {
    const v = this.valueOf(a);
    if (v.kind === "scalar") return v.node;
    if (v.kind === "fused" && v.group === g) return v.reg;
    if (v.kind === "fused" && v.group.open) {
      const r = recompute(v.group, v.reg, g);
      if (r !== null) return r;
    }
    if (v.kind === "view") return g.load(v.name, broadcastInto(v.view, a.aval.shape, g.shape), a.aval.dtype);
    const name = this.materialize(a);
    return g.load(name, broadcastInto(contiguousView(a.aval.shape), a.aval.shape, g.shape), a.aval.dtype);
  }

  /** The open group for `shape`, after closing any group whose results the operands need. */
  private groupFor(shape: Shape, operands: readonly Atom[]): FusedGroup {
    for (const a of operands) {
      if (a instanceof Var) {
        const v = this.env.get(a);
        if (v?.kind === "reduced" && v.group.open) this.materialize(a);
      }
    }
    const key = shape.join(",");
    let g = this.openGroups.get(key);
    if (g === undefined) this.openGroups.set(key, (g = new FusedGroup(this.nextGroup++, shape)));
    return g;
  }

  /**
   * Before equation `at` may overwrite resident products: runs the open groups that read one and
   * copies out those still needed.
   */
  private evictResident(at: number): void {
    if (this.resident.size === 0) return;
    for (const [v, value] of this.env) {
      if (value.kind === "view" && this.resident.has(value.name) && (this.lastUse.get(v) ?? -1) >= at) this.materialize(v);
    }
    for (const g of [...this.openGroups.values(), ...this.openWindows]) if (g.inputs.some((n) => this.resident.has(n))) this.closeGroup(g);
    this.resident.clear();
  }
}
