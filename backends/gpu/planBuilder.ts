// The planner's working state: step records so far, where each value lies, and tentative plans
// that a failed attempt (a fused group with no float32 GPU form) discards whole.
import type { ShapedArray } from "../../jaxpr/index.js";
import type { Step } from "../js/fusion/partition.js";
import type { Kernel } from "../js/kernel.js";
import type { GpuKernelSource } from "./kernels.js";
import { EXACT_INT_LIMIT } from "./helpers.js";
import type { GpuStep, HostOperand, Located, PackedMember, Slot } from "./steps.js";
import { stepWrites } from "./steps.js";

export type EqnStep = Extract<Step, { kind: "eqn" }>;

/** What every part of one compilation shares. */
interface PlanContext {
  /** Storage buffers one kernel may read. */
  readonly maxInputs: number;
  /** The program's results (they need buffers of their own). */
  readonly results: ReadonlySet<string>;
  /** Numbers kernel names (`copy3`, `matmul4`); shared with tentative plans and never rolled back, so no name is reused. */
  counter: number;
}

/**
 * Steps planned so far. A tentative plan (`tentative()`) sees its parent's values and adds steps of
 * its own, which reach the parent only through `commit`; a discarded one leaves the parent as it was.
 */
export class PlanBuilder {
  private readonly own: GpuStep[] = [];
  private readonly avals = new Map<string, ShapedArray>();
  private readonly packed = new Map<string, { readonly from: string; readonly member: PackedMember }>();

  private constructor(
    readonly context: PlanContext,
    private readonly parent: PlanBuilder | null,
  ) {}

  /** A plan whose inputs (constants, arguments) have `known` avals. */
  static root(maxInputs: number, results: ReadonlySet<string>, known: Iterable<readonly [string, ShapedArray]>): PlanBuilder {
    const plan = new PlanBuilder({ maxInputs, results, counter: 0 }, null);
    for (const [name, aval] of known) plan.avals.set(name, aval);
    return plan;
  }

  tentative(): PlanBuilder {
    return new PlanBuilder(this.context, this);
  }

  commit(tentative: PlanBuilder): void {
    for (const step of tentative.own) this.add(step);
  }

  get steps(): readonly GpuStep[] {
    return this.own;
  }

  fresh(): number {
    return this.context.counter++;
  }

  /** The aval of a value written by a step (or an input); literals have none here. */
  avalOf(name: string): ShapedArray | undefined {
    return this.avals.get(name) ?? this.parent?.avalOf(name);
  }

  private packedAt(name: string): { readonly from: string; readonly member: PackedMember } | undefined {
    return this.packed.get(name) ?? this.parent?.packedAt(name);
  }

  /** The aval of a value, or of its slice where it is a packed group output. */
  memberAval(name: string): ShapedArray | undefined {
    return this.packedAt(name)?.member.aval ?? this.avalOf(name);
  }

  /** Where a step's operand lies: a packed group output reads its packed kernel's output at an offset. */
  locate(name: string): Located {
    const p = this.packedAt(name);
    return p === undefined ? { name, offset: 0 } : { name: p.from, offset: p.member.offset };
  }

  add(step: GpuStep): void {
    this.own.push(step);
    for (const w of stepWrites(step)) this.avals.set(w.name, w.aval);
    if (step.kind === "packed") for (const m of step.members) this.packed.set(m.name, { from: step.output.name, member: m });
  }

  /** A gpu.js kernel writing `output` from the device values of `inputs` (packing `members` where given). */
  kernel(kernel: GpuKernelSource, inputs: readonly string[], output: Slot, members?: readonly PackedMember[]): void {
    this.checkIndexable(kernel, inputs, output);
    this.add(members === undefined ? { kind: "kernel", kernel, inputs, output } : { kind: "packed", kernel, inputs, output, members });
  }

  /** gpu.js kernels compute thread indices and addresses in float32: past 2^24 they round to other elements. */
  private checkIndexable(kernel: GpuKernelSource, inputs: readonly string[], output: Slot): void {
    for (const [name, a] of [[output.name, output.aval], ...inputs.map((n) => [n, this.avalOf(n)] as const)] as const) {
      if (a !== undefined && a.size > EXACT_INT_LIMIT) {
        throw new RangeError(
          `The GPU backend's gpu.js kernels index in float32, exact only up to 2^24 = ${EXACT_INT_LIMIT} elements, but ${kernel.name} ${name === output.name ? "writes" : "reads"} ${a.str()} (${a.size} elements). Split the array, or run this computation on the JS backend.`,
        );
      }
    }
  }

  /** A JS-backend kernel on host copies of `inputs` (a packed group output as its slice). */
  host(kernel: Kernel, inputs: readonly string[], outputs: readonly Slot[], outputsPassed: boolean, what: string): void {
    const operands: HostOperand[] = inputs.map((name) => {
      const p = this.packedAt(name);
      return { name, from: p?.from ?? name, slice: p?.member ?? null };
    });
    this.add({ kind: "host", kernel, inputs: operands, outputs, outputsPassed, what });
  }
}
