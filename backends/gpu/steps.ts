// The GPU program as data: the planner (plan.ts) turns a partitioned jaxpr into these step records,
// the liveness pass (liveness.ts) reads what each step reads and writes, and the executor
// (execute.ts) runs them. Names are the partition's value names (`in0`, `c0`, `t3`, ...) plus the
// planner's own (packed outputs `g<id>`, split-K partial products `<name>_partials`).
import type { ShapedArray } from "../../jaxpr/index.js";
import type { Kernel } from "../js/kernel.js";
import type { GpuKernelSource } from "./kernels.js";
import type { MatmulPlan } from "./tiledMatmul.js";

/** A value a step writes. */
export interface Slot {
  readonly name: string;
  readonly aval: ShapedArray;
}

/** Where an operand lies: a group output packed into a kernel's output reads that output at an offset. */
export interface Located {
  readonly name: string;
  readonly offset: number;
}

/** A group output that lies in a packed kernel's output at `offset`. */
export interface PackedMember extends Slot {
  readonly offset: number;
}

/** A host step's operand: `name` as the program lists it, read from buffer `from` (a `slice` of it where packed). */
export interface HostOperand {
  readonly name: string;
  readonly from: string;
  readonly slice: PackedMember | null;
}

export type GpuStep =
  /** One gpu.js kernel writing `output` from the device values of `inputs` (an empty output launches nothing). */
  | { readonly kind: "kernel"; readonly kernel: GpuKernelSource; readonly inputs: readonly string[]; readonly output: Slot }
  /** One gpu.js kernel computing several group outputs laid end to end in `output` (gpu.js kernels have one output). */
  | { readonly kind: "packed"; readonly kernel: GpuKernelSource; readonly inputs: readonly string[]; readonly output: Slot; readonly members: readonly PackedMember[] }
  /** The tiled WGSL matrix product (webgpu mode only), operands read at the plan's offsets. */
  | { readonly kind: "matmul"; readonly name: string; readonly plan: MatmulPlan; readonly source: string; readonly lhs: string; readonly rhs: string; readonly output: Slot }
  /** A JS-backend kernel on host copies; `outputsPassed` kernels take their output buffers as trailing arguments. */
  | { readonly kind: "host"; readonly kernel: Kernel; readonly inputs: readonly HostOperand[]; readonly outputs: readonly Slot[]; readonly outputsPassed: boolean; readonly what: string }
  /** A constant-filled host buffer. */
  | { readonly kind: "fill"; readonly expr: string; readonly value: number; readonly output: Slot };

/** The buffers a step reads (packed group outputs as their packed kernel's output). */
export function stepReads(step: GpuStep): readonly string[] {
  switch (step.kind) {
    case "kernel":
    case "packed":
      return step.inputs;
    case "matmul":
      return [step.lhs, step.rhs];
    case "host":
      return step.inputs.map((o) => o.from);
    case "fill":
      return [];
  }
}

export function stepWrites(step: GpuStep): readonly Slot[] {
  return step.kind === "host" ? step.outputs : [step.output];
}

/** Whether a step launches a device kernel (a gpu.js kernel with a non-empty output, or the WGSL matmul). */
export const launchesGpuKernel = (step: GpuStep): boolean => step.kind === "matmul" || ((step.kind === "kernel" || step.kind === "packed") && step.output.aval.size > 0);

/** The step's line in the program listing. */
export function stepLine(step: GpuStep): string {
  switch (step.kind) {
    case "kernel":
    case "packed":
      return `${step.output.name} = gpu:${step.kernel.name}(${step.inputs.join(", ")})`;
    case "matmul":
      return `${step.output.name} = wgsl:${step.name}(${step.lhs}, ${step.rhs})`;
    case "host":
      return `${step.outputs.map((o) => o.name).join(", ")} = host:${step.kernel.name}(${step.inputs.map((o) => o.name).join(", ")})`;
    case "fill":
      return `${step.output.name} = fill(${step.expr})`;
  }
}

/** The source a step runs, headed by its name (none for a fill or a kernel with an empty output). */
export function stepSource(step: GpuStep): string | null {
  switch (step.kind) {
    case "kernel":
    case "packed":
      return step.output.aval.size > 0 ? `// ${step.kernel.name}\n${step.kernel.source}` : null;
    case "matmul":
      return `// ${step.name} (WGSL)\n${step.source}`;
    case "host":
      return `// host (JS backend): ${step.what}\n${step.kernel.source}`;
    case "fill":
      return null;
  }
}
