// An equation on complex or narrow values, run eagerly: lowerNarrow and lowerComplex turn it into
// real equations (narrow values computed in their wide dtypes, complex ones as real pairs), which
// run in order, each through its primitive's own kernel, as eager real operations do, so that
// eager work never needs the whole-program compiler. The boundary is compileJaxpr's: a complex
// operand or result is its interleaved storage; a narrow integer operand is read as an Int32Array
// copy and a narrow result is returned in its own storage.
//
// Consecutive elementwise equations of one shape run as one loop whose registers hold float32
// values as doubles, rounded where a fused group rounds them (elementwise.ts's float32Rounding):
// stored only where something outside the loop reads them, as the fusing compiler does
// (fusion/partition.ts), so the values equal jit's: a short chain of a still-open loop of a
// broadcasting shape is recomputed in the loop that reads it, as there. Layout equations on stored values are views
// the loop reads through (the real and imaginary parts are strided views of the interleaved
// storage), copied only where another kernel needs the array. Reductions run as their own kernels.
import type { Atom, DType, Eqn, Jaxpr, PrimitiveName, Shape, ShapedArray } from "../../../jaxpr/index.js";
import { Literal, Var, TYPED_ARRAY, makeJaxprValue, hasNarrow, lowerNarrow, lowerComplex, inlineCalls, toWideBuffer, toNarrowBuffer } from "../../../jaxpr/index.js";
import type { KernelExpr, KernelStatement, RegNode } from "../../kernelIr/index.js";
import { chainOf, ir, leafName, renameRegisters } from "../../kernelIr/index.js";
import type { Buffer, Kernel, LoweringInput } from "../kernel.js";
import { MAX_RECOMPUTED_STATEMENTS, elementwiseNode, isFusibleElementwise } from "../elementwise.js";
import { contiguousView, type View } from "../loops.js";
import { comment } from "../emit.js";
import { VIEW_PRIMITIVES, applyView, broadcastInto, broadcastsInto, isContiguous } from "../fusion/viewAlgebra.js";
import { elementwiseRunKernel } from "./elementwise.js";
import { viewCopyKernel } from "./views.js";

/** The kernel of one real equation (the lowering table's). */
export type RealLowering = <P extends PrimitiveName>(primitive: P, eqn: LoweringInput<P>) => Kernel;

export function literalBuffer(l: Literal): Buffer {
  const b = new TYPED_ARRAY[l.aval.dtype](1);
  b[0] = l.value;
  return b;
}

/** The kernel running `primitive` on complex or narrow values as the real equations it lowers to. */
export function loweredOpKernel<P extends PrimitiveName>(primitive: P, eqn: LoweringInput<P>, lowerReal: RealLowering): Kernel {
  const invars = eqn.inAvals.map((a) => new Var(a));
  const outvars = eqn.outAvals.map((a) => new Var(a));
  const one = Object.freeze({ primitive, invars, params: eqn.params, outvars }) as Eqn;
  const jaxpr = makeJaxprValue({ constvars: [], invars, eqns: [one], outvars });
  // As compileJaxpr: calls are inlined before narrow values are widened (lowerNarrow widens a call's operands, not its body).
  const inlined = hasNarrow(jaxpr) ? inlineCalls(jaxpr, []) : { jaxpr, consts: [] };
  const constDtypes = inlined.jaxpr.constvars.map((v) => v.aval.dtype);
  const consts = (inlined.consts as Buffer[]).map((c, i) => toWideBuffer(c, constDtypes[i]!));
  const program = planProgram(lowerComplex(lowerNarrow(inlined.jaxpr)), consts, lowerReal);
  const inDtypes = eqn.inAvals.map((a) => a.dtype);
  const outDtypes = eqn.outAvals.map((a) => a.dtype);
  const run = (...inputs: Buffer[]): Buffer[] => program.run(inputs.map((b, i) => toWideBuffer(b, inDtypes[i]!))).map((b, i) => toNarrowBuffer(b, outDtypes[i]!));
  return { name: primitive, source: program.source(comment(`${primitive} as real equations, in order`)), run };
}

/** A step of the program: a kernel reading and writing slots of its environment. */
interface Step {
  readonly kernel: Kernel;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
}

/** Consecutive elementwise equations of one shape, computed in registers; values read elsewhere are stored. */
interface Run {
  readonly shape: Shape;
  open: boolean;
  readonly inputs: number[];
  readonly views: View[];
  readonly loadDtypes: DType[];
  readonly loadKeys: Map<string, KernelExpr>;
  readonly statements: KernelStatement[];
  readonly stores: { reg: string; aval: ShapedArray; slot: number }[];
}

type Value =
  | { readonly kind: "slot"; readonly slot: number }
  /** `baseSize`: the elements of the slot's array (a contiguous view of all of them is the array itself). */
  | { readonly kind: "view"; readonly slot: number; readonly view: View; readonly baseSize: number }
  | { readonly kind: "reg"; readonly run: Run; readonly reg: RegNode };

/** A real (lowered) jaxpr as steps over slots: inputs first, then constants, then what steps write. */
class ProgramPlan {
  private readonly env = new Map<Var, Value>();
  /** Steps in order; a run takes its place when it closes (everything it reads exists by then). */
  private readonly steps: (Step | Run)[] = [];
  private readonly openRuns = new Map<string, Run>();
  readonly constants: { slot: number; buffer: Buffer }[] = [];
  private nextSlot = 0;

  constructor(
    jaxpr: Jaxpr,
    consts: readonly Buffer[],
    private readonly lowerReal: RealLowering,
  ) {
    jaxpr.invars.forEach((v) => this.env.set(v, { kind: "slot", slot: this.fresh() }));
    jaxpr.constvars.forEach((v, i) => {
      const slot = this.fresh();
      this.constants.push({ slot, buffer: consts[i]! });
      this.env.set(v, { kind: "slot", slot });
    });
  }

  fresh(): number {
    return this.nextSlot++;
  }
  get slotCount(): number {
    return this.nextSlot;
  }

  add(eqn: Eqn): void {
    if (isFusibleElementwise(eqn.primitive)) return this.addElementwise(eqn);
    if (VIEW_PRIMITIVES.has(eqn.primitive)) return this.addView(eqn);
    const inputs = eqn.invars.map((a) => this.materialize(a));
    const outputs = eqn.outvars.map(() => this.fresh());
    const kernel = this.lowerReal(eqn.primitive, { inAvals: eqn.invars.map((a) => a.aval), outAvals: eqn.outvars.map((v) => v.aval), params: eqn.params });
    this.steps.push({ kernel, inputs, outputs });
    eqn.outvars.forEach((v, i) => this.env.set(v, { kind: "slot", slot: outputs[i]! }));
  }

  private addElementwise(eqn: Eqn): void {
    const out = eqn.outvars[0]!;
    const key = out.aval.shape.join(",");
    let run = this.openRuns.get(key);
    if (run === undefined) {
      run = { shape: out.aval.shape, open: true, inputs: [], views: [], loadDtypes: [], loadKeys: new Map(), statements: [], stores: [] };
      this.openRuns.set(key, run);
    }
    const args = eqn.invars.map((a) => this.readIn(a, run));
    this.env.set(out, { kind: "reg", run, reg: compute(run, elementwiseNode(eqn, args)) });
  }

  /** A layout equation: a view of its operand's array (stored first where it is a register, copied where the view cannot be composed). */
  private addView(eqn: Eqn): void {
    const x = eqn.invars[0]!;
    const base = (): { slot: number; view: View; baseSize: number } => ({ slot: this.materialize(x), view: contiguousView(x.aval.shape), baseSize: x.aval.size });
    const v = x instanceof Var ? this.env.get(x)! : undefined;
    let from = v?.kind === "view" ? v : base();
    let view = applyView(eqn, x.aval.shape, from.view);
    if (view === null) {
      from = base();
      view = applyView(eqn, x.aval.shape, from.view)!;
    }
    this.env.set(eqn.outvars[0]!, { kind: "view", slot: from.slot, view, baseSize: from.baseSize });
  }

  /** The node reading `a` inside `run`: a constant, one of its registers, a recomputed chain, or a load. */
  private readIn(a: Atom, run: Run): KernelExpr {
    if (a instanceof Literal) return ir.constant(a.value, a.aval.dtype);
    const v = this.env.get(a)!;
    if (v.kind === "reg" && v.run === run) return v.reg;
    if (v.kind === "reg" && v.run.open) {
      const r = recompute(v.run, v.reg, run);
      if (r !== null) return r;
    }
    const slot = v.kind === "view" ? v.slot : this.materialize(a);
    return load(run, slot, broadcastInto(v.kind === "view" ? v.view : contiguousView(a.aval.shape), a.aval.shape, run.shape), a.aval.dtype);
  }

  /** The slot holding `a`'s value: a register is stored (its run closes), a view copied unless it is its whole array. */
  materialize(a: Atom): number {
    if (a instanceof Literal) {
      const slot = this.fresh();
      this.constants.push({ slot, buffer: literalBuffer(a) });
      return slot;
    }
    const v = this.env.get(a)!;
    if (v.kind === "slot") return v.slot;
    if (v.kind === "view" && isContiguous(v.view, a.aval.shape) && v.view.offset === 0 && v.baseSize === a.aval.size) return v.slot;
    const slot = this.fresh();
    if (v.kind === "view") {
      this.steps.push({ kernel: viewCopyKernel("copy", a.aval, v.view), inputs: [v.slot], outputs: [slot] });
      this.env.set(a, { kind: "slot", slot });
      return slot;
    }
    v.run.stores.push({ reg: v.reg.name, aval: a.aval, slot });
    if (v.run.open) {
      v.run.open = false;
      this.openRuns.delete(v.run.shape.join(","));
      this.steps.push(v.run);
    }
    this.env.set(a, { kind: "slot", slot });
    return slot;
  }

  /** The steps, each run now a kernel of its final stores. */
  finish(): Step[] {
    return this.steps.map((s) => {
      if (!("shape" in s)) return s;
      const kernel = elementwiseRunKernel({ name: "elementwise", shape: s.shape, views: s.views, statements: s.statements, stores: s.stores });
      return { kernel, inputs: s.inputs, outputs: s.stores.map((st) => st.slot) };
    });
  }
}

/** A statement of `run` computing `expr`; returns its register. */
function compute(run: Run, expr: KernelExpr): RegNode {
  const reg = `t${run.statements.length}`;
  run.statements.push({ reg, expr });
  return ir.reg(reg, expr.dtype);
}

/** The load of `slot`'s array through `view` in `run`, shared by every reader of the same view. */
function load(run: Run, slot: number, view: View, dtype: DType): KernelExpr {
  const key = `${slot}@${view.offset}:${view.strides.join(",")}`;
  let node = run.loadKeys.get(key);
  if (node === undefined) {
    node = ir.load(run.views.length, dtype);
    run.inputs.push(slot);
    run.views.push(view);
    run.loadDtypes.push(dtype);
    run.loadKeys.set(key, node);
  }
  return node;
}

/**
 * Register `reg` of the open run `producer`, of a shape that broadcasts into `run`'s, recomputed
 * in `run` from the producer's loads where its chain is short (fusion/partition.ts's recompute):
 * it stays a double, as in the fused loop. Null otherwise (then it is stored and loaded).
 */
function recompute(producer: Run, reg: RegNode, run: Run): KernelExpr | null {
  if (!broadcastsInto(producer.shape, run.shape)) return null;
  const chain = chainOf(producer.statements, reg, MAX_RECOMPUTED_STATEMENTS);
  if (chain === null) return null;
  const renamed = new Map<string, KernelExpr>();
  for (const k of chain.loads) renamed.set(`x${k}`, load(run, producer.inputs[k]!, broadcastInto(producer.views[k]!, producer.shape, run.shape), producer.loadDtypes[k]!));
  for (const i of chain.statements) {
    const st = producer.statements[i]!;
    renamed.set(st.reg, compute(run, renameRegisters(st.expr, (leaf) => renamed.get(leafName(leaf)) ?? leaf)));
  }
  return renamed.get(reg.name)!;
}

function planProgram(jaxpr: Jaxpr, consts: readonly Buffer[], lowerReal: RealLowering) {
  const plan = new ProgramPlan(jaxpr, consts, lowerReal);
  for (const eqn of jaxpr.eqns) plan.add(eqn);
  const outputs = jaxpr.outvars.map((a) => plan.materialize(a));
  const steps = plan.finish();
  const slotCount = plan.slotCount;
  const constants = plan.constants;
  const run = (inputs: readonly Buffer[]): Buffer[] => {
    const env = new globalThis.Array<Buffer>(slotCount);
    inputs.forEach((b, i) => (env[i] = b));
    for (const c of constants) env[c.slot] = c.buffer;
    for (const step of steps) {
      const outs = step.kernel.run(...step.inputs.map((s) => env[s]!));
      step.outputs.forEach((s, i) => (env[s] = outs[i]!));
    }
    return outputs.map((s) => env[s]!);
  };
  const source = (header: string): string => [`// ${header}`, ...steps.map((s) => s.kernel.source)].join("\n\n");
  return { run, source };
}
