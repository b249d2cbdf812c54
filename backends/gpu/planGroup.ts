// Plans one fused group. On the device: its loads read earlier packed outputs at their offsets; a
// group reading more buffers than a kernel may is split (inputLimit.ts); its stored registers and
// reductions are laid end to end in one packed kernel's output where that launches fewer kernels
// (gpu.js kernels have one output), else get one kernel each; a reduction with few outputs over
// many elements writes partial results that a second kernel combines. A group with no float32 GPU
// form (exact 32-bit integer bit operations) runs through the JS backend's kernel on the host.
import { ShapedArray as ShapedArrayClass } from "../../jaxpr/index.js";
import type { FusedGroup } from "../js/fusion/partition.js";
import { emitGroupKernel } from "../js/fusion/groupKernel.js";
import { contiguousView } from "../js/loops.js";
import { ElementwiseSpec, finishReduction, GpuKernelSource, packKernels, reductionKernel, ReductionSplit, reductionSplit, storeKernel, withUsedInputs } from "./kernels.js";
import { EXACT_INT_LIMIT } from "./helpers.js";
import { splitByInputLimit, usedInputs } from "./inputLimit.js";
import { Untranslatable } from "./translate.js";
import type { PlanBuilder } from "./planBuilder.js";
import type { PackedMember, Slot } from "./steps.js";

/** A kernel the group needs, before it is known whether its outputs are packed. */
interface PlannedKernel {
  readonly spec: GpuKernelSource;
  readonly inputs: readonly string[];
  readonly output: Slot;
}

type GroupReduction = FusedGroup["reductions"][number];

/** A reduction written as partial results, combined by a second kernel. */
interface PendingCombine {
  readonly reduction: GroupReduction;
  readonly split: ReductionSplit;
  readonly partials: string;
}

/** Plans group `g` on the device, or, where some kernel of it has no float32 GPU form, on the host. */
export function planGroup(plan: PlanBuilder, g: FusedGroup): void {
  const outs = g.outputs();
  const attempt = plan.tentative();
  try {
    planGroupOnDevice(attempt, g);
  } catch (e) {
    if (!(e instanceof Untranslatable)) throw e;
    planGroupOnHost(plan, g, outs);
    return;
  }
  plan.commit(attempt);
}

function planGroupOnHost(plan: PlanBuilder, g: FusedGroup, outs: readonly Slot[]): void {
  const kernel = emitGroupKernel({
    name: `fused${g.id}`, shape: g.shape, numInputs: g.inputs.length, loads: g.loads, statements: g.statements, stores: g.stores, reductions: g.reductions,
  });
  plan.host(kernel, g.inputs, outs, true, `${g.primitives.join(" ")} (32-bit integer bit operations)`);
}

function planGroupOnDevice(plan: PlanBuilder, g: FusedGroup): void {
  const { spec: base, inputs: groupInputs } = locatedSpec(plan, g);
  const roots = [...g.stores.map((s) => s.reg), ...g.reductions.map((r) => r.operand)];
  const split = splitByInputLimit(base, groupInputs.length, roots, plan.context.maxInputs);
  // Build every kernel first, so an untranslatable group falls back whole.
  const inputs = [...groupInputs];
  const pre = split.pre.map((p): PlannedKernel => {
    const output = { name: `g${g.id}_${p.reg}`, aval: new ShapedArrayClass(g.shape, "float32") };
    const kernel = { spec: storeKernel(`fused${g.id}_${p.reg}`, p.spec, p.numInputs, p.reg, output.aval), inputs: inputs.slice(0, p.numInputs), output };
    inputs.push(output.name);
    return kernel;
  });
  const { outs, combines } = outputKernels(g, split.spec, split.numInputs, inputs);
  if (pre.length !== 0 || !planPacked(plan, g, outs, inputs)) for (const k of [...pre, ...outs]) planPruned(plan, k);
  for (const c of combines) {
    const at = plan.locate(c.partials);
    const r = c.reduction;
    plan.kernel(finishReduction(`fused${g.id}_${r.name}_combine`, r, c.split, at.offset), [at.name], { name: r.name, aval: r.out });
  }
}

/** The group's spec with its loads reading located buffers: operands inside packed outputs of earlier groups at their offsets. */
function locatedSpec(plan: PlanBuilder, g: FusedGroup): { spec: ElementwiseSpec; inputs: string[] } {
  const inputs: string[] = [];
  const loads = g.loads.map((l) => {
    const at = plan.locate(g.inputs[l.input]!);
    let input = inputs.indexOf(at.name);
    if (input < 0) input = inputs.push(at.name) - 1;
    return { input, view: { ...l.view, offset: l.view.offset + at.offset } };
  });
  return { spec: { shape: g.shape, loads, statements: g.statements }, inputs };
}

/** One kernel per stored register and per reduction (partial results where the reduction splits). */
function outputKernels(g: FusedGroup, spec: ElementwiseSpec, numInputs: number, inputs: readonly string[]): { outs: PlannedKernel[]; combines: PendingCombine[] } {
  const outs: PlannedKernel[] = g.stores.map((s) => ({ spec: storeKernel(`fused${g.id}_${s.name}`, spec, numInputs, s.reg, s.aval), inputs, output: { name: s.name, aval: s.aval } }));
  const combines: PendingCombine[] = [];
  for (const r of g.reductions) {
    const rs = reductionSplit(g.shape, r);
    if (rs === null) {
      outs.push({ spec: reductionKernel(`fused${g.id}_${r.name}`, spec, numInputs, r), inputs, output: { name: r.name, aval: r.out } });
      continue;
    }
    const partials = `${r.name}_partials`;
    const aval = new ShapedArrayClass([r.out.size * rs.chunks], "float32");
    outs.push({ spec: reductionKernel(`fused${g.id}_${partials}`, spec, numInputs, r, rs), inputs, output: { name: partials, aval } });
    combines.push({ reduction: r, split: rs, partials });
  }
  return { outs, combines };
}

/**
 * One kernel for the group's outputs, when the union of what they read stays within the input
 * limit and it launches fewer kernels: the program's results need a copy kernel each to leave the
 * packed output. False (nothing planned) otherwise.
 */
function planPacked(plan: PlanBuilder, g: FusedGroup, outs: readonly PlannedKernel[], inputs: readonly string[]): boolean {
  const results = outs.filter((p) => plan.context.results.has(p.output.name)).length;
  if (!(1 + results < outs.length)) return false;
  const pack = packKernels(`fused${g.id}`, outs.map((p) => p.spec), inputs.length);
  if (pack.kernel.outSize > EXACT_INT_LIMIT || usedInputs(pack.kernel, inputs.length).length > plan.context.maxInputs) return false;
  const name = `g${g.id}`;
  const members = outs.map((p, j) => ({ ...p.output, offset: pack.offsets[j]! }));
  planPruned(plan, { spec: pack.kernel, inputs, output: { name, aval: new ShapedArrayClass([pack.kernel.outSize], "float32") } }, members);
  // The program's results get their own buffers (one copy kernel each); everything else reads the packed output.
  for (const m of members) {
    if (!plan.context.results.has(m.name)) continue;
    const copy: ElementwiseSpec = { shape: m.aval.shape, loads: [{ input: 0, view: { offset: m.offset, strides: contiguousView(m.aval.shape).strides } }], statements: [] };
    plan.kernel(storeKernel(`unpack${plan.fresh()}`, copy, 1, "x0", m.aval), [name], m);
  }
  return true;
}

/** Plans `k` with only the inputs its source reads (gpu.js binds every argument it is given). */
function planPruned(plan: PlanBuilder, k: PlannedKernel, members?: readonly PackedMember[]): void {
  const used = usedInputs(k.spec, k.inputs.length);
  plan.kernel(withUsedInputs(k.spec, used), used.map((i) => k.inputs[i]!), k.output, members);
}
