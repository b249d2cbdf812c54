// The GPU planner: the JS backend's partition (fused groups, single equations, view copies, fills)
// becomes a list of step records (steps.ts). Where each primitive runs is GPU_LOWERING's decision
// (capabilities.ts); a fused group is planned tentatively and falls back to the host whole when a
// kernel of it has no float32 GPU form (translate.ts's Untranslatable).
import { ShapedArray as ShapedArrayClass } from "../../jaxpr/index.js";
import type { Step } from "../js/fusion/partition.js";
import { lowerEqn } from "../js/lowerings/index.js";
import { contiguousView } from "../js/loops.js";
import { ElementwiseSpec, storeKernel } from "./kernels.js";
import { DeviceKernelPrimitive, isDeviceKernelPrimitive } from "./capabilities.js";
import type { GpuStep } from "./steps.js";
import type { EqnStep, PlanBuilder } from "./planBuilder.js";
import { planGroup } from "./planGroup.js";
import { planDotGeneral } from "./planDot.js";
import { planSelectGather, planSelectScatter, planWindowReduction } from "./windowKernel.js";
import { planConcatenate, planPad } from "./layoutKernel.js";
import { planGather, planScatter } from "./indexingKernel.js";
import { planConv } from "./convKernel.js";

/** Plans an equation with a device kernel of its own; false where its operands need the host instead. */
type DeviceKernelPlanner = (plan: PlanBuilder, step: EqnStep) => boolean;

/** Total over the primitives GPU_LOWERING marks "kernel": marking one is a compile error until its planner is here. */
const DEVICE_KERNELS: { readonly [P in DeviceKernelPrimitive]: DeviceKernelPlanner } = {
  dot_general: planDotGeneral,
  conv_general_dilated: planConv,
  reduce_window_sum: planWindowReduction,
  reduce_window_max: planWindowReduction,
  reduce_window_min: planWindowReduction,
  select_and_scatter_add: planSelectScatter,
  select_and_gather_add: planSelectGather,
  pad: planPad,
  concatenate: planConcatenate,
  gather: planGather,
  scatter: planScatter,
  "scatter-add": planScatter,
  "scatter-mul": planScatter,
};

/** The step records of a partitioned program. */
export function planSteps(steps: readonly Step[], plan: PlanBuilder): readonly GpuStep[] {
  for (const step of steps) planStep(plan, step);
  return plan.steps;
}

function planStep(plan: PlanBuilder, step: Step): void {
  switch (step.kind) {
    case "group":
      return planGroup(plan, step.group);
    case "eqn":
      return planEqn(plan, step);
    case "copy":
    case "subarray":
      return planViewCopy(plan, step);
    case "fill": {
      const { aval, output, expr } = step;
      plan.add({ kind: "fill", expr, value: Number(expr), output: { name: output, aval } });
      return;
    }
  }
}

function planEqn(plan: PlanBuilder, step: EqnStep): void {
  const { eqn } = step;
  const p = eqn.primitive;
  if (isDeviceKernelPrimitive(p) && DEVICE_KERNELS[p](plan, step)) return;
  const kernel = lowerEqn(p, { inAvals: eqn.invars.map((a) => a.aval), outAvals: eqn.outvars.map((v) => v.aval), params: eqn.params });
  const outputs = eqn.outvars.map((v, i) => ({ name: step.outputs[i]!, aval: v.aval }));
  plan.host(kernel, step.inputs, outputs, false, p);
}

/** A view of a buffer materialized by a device copy kernel (a subarray is a contiguous view). */
function planViewCopy(plan: PlanBuilder, step: Extract<Step, { kind: "copy" | "subarray" }>): void {
  const from = plan.locate(step.from);
  const v = step.kind === "copy" ? step.view : { offset: step.offset, strides: contiguousView([step.size]).strides };
  const view = { ...v, offset: v.offset + from.offset };
  const shape = step.kind === "copy" ? step.aval.shape : [step.size];
  const aval = step.kind === "copy" ? step.aval : new ShapedArrayClass([step.size], plan.memberAval(step.from)!.dtype);
  const spec: ElementwiseSpec = { shape, loads: [{ input: 0, view }], statements: [] };
  plan.kernel(storeKernel(`${step.kind}${plan.fresh()}`, spec, 1, "x0", aval), [from.name], { name: step.output, aval });
}
