// Running a fused group without generating code: the group's loop nest (groupKernel.ts's plan:
// the same walkers, merged dims, register and array accumulators, four-lane full reductions)
// driven by an odometer, each element's statements evaluated from their kernel IR (evaluate.ts).
// Chosen where `new Function` is forbidden (a strict Content Security Policy), found by one probe,
// or forced with setFusedGroupEvaluation / the DPROG_KERNEL_EVALUATOR=1 environment variable.
import type { Kernel, Buffer } from "../kernel.js";
import { MONOIDS } from "../lowerings/reduce.js";
import type { GroupLoops, GroupSpec } from "./groupKernel.js";
import { compileExpr } from "./evaluate.js";

/** How fused groups run: generated JS (`new Function`), the evaluator, or whichever the environment allows. */
export type FusedGroupEvaluation = "auto" | "generate" | "evaluate";

let mode: FusedGroupEvaluation = "auto";
let codeGenerationAllowed: boolean | undefined;

/** Sets how fused groups compiled from now on run (kernels already compiled keep theirs). */
export function setFusedGroupEvaluation(m: FusedGroupEvaluation): void {
  if (m !== "auto" && m !== "generate" && m !== "evaluate") throw new TypeError(`setFusedGroupEvaluation: unknown mode ${String(m)}; expected auto, generate or evaluate.`);
  mode = m;
}

/** Whether this environment lets code be generated (probed once: a CSP without 'unsafe-eval' throws). */
export function canGenerateCode(): boolean {
  if (codeGenerationAllowed === undefined) {
    try {
      codeGenerationAllowed = new Function("return 1")() === 1;
    } catch {
      codeGenerationAllowed = false;
    }
  }
  return codeGenerationAllowed;
}

const envForcesEvaluator = (): boolean => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.["DPROG_KERNEL_EVALUATOR"] === "1";

/** Whether fused groups compiled now run through the evaluator. */
export function fusedGroupsEvaluated(): boolean {
  if (mode !== "auto") return mode === "evaluate";
  return envForcesEvaluator() || !canGenerateCode();
}

/** One reduction's accumulation: its accumulators are doubles (what a register or a Float64Array holds; integer combines wrap themselves). */
interface Accumulation {
  readonly operand: number;
  readonly combine: (acc: number, x: number) => number;
  readonly identity: number;
  /** The walker addressing its accumulator: an array's, or the register reductions' row walker. */
  readonly walker: number;
}

/**
 * A kernel running `spec` by evaluation, with the same arguments and results as the generated
 * one; `source` is that generated source, kept so lower().asText() shows what it computes.
 */
export function evaluatedGroupKernel(spec: GroupSpec, plan: GroupLoops, source: string): Kernel {
  const numLoads = spec.loads.length;
  const slotOf = new Map<string, number>();
  spec.loads.forEach((_, k) => slotOf.set(`x${k}`, k));
  spec.statements.forEach((s, i) => slotOf.set(s.reg, numLoads + i));
  const slot = (name: string): number => {
    const k = slotOf.get(name);
    if (k === undefined) throw new Error(`evaluatedGroupKernel: ${name} is not a register of ${spec.name}`);
    return k;
  };
  const statements = spec.statements.map((s) => compileExpr(s.expr, slot));
  const { walkers, loop } = plan;
  // Register reductions accumulate at their row: row-major over the loop dims before the split.
  const rowStrides = loop.shape.map((_, d) => (d < loop.split ? loop.shape.slice(d + 1, loop.split).reduce((a, b) => a * b, 1) : 0));
  const strides = [...loop.strides, rowStrides];
  const offsets = [...walkers.map((w) => w.offset), 0];
  const rowWalker = walkers.length;
  const accumulations: Accumulation[] = spec.reductions.map((r, j) => {
    const m = MONOIDS[r.prim];
    return { operand: slot(r.operand), combine: m.combiner(r.dtype), identity: m.identityValue(r.dtype), walker: plan.inRegister[j] ? rowWalker : plan.accWalker.get(j)! };
  });
  const stores = spec.stores.map((s) => slot(s.reg));
  const run = (...buffers: Buffer[]): Buffer[] => {
    const inputs = buffers.slice(0, spec.numInputs);
    const outs = buffers.slice(spec.numInputs);
    const accs = spec.reductions.map((r, j) => new Float64Array(r.out.size).fill(accumulations[j]!.identity));
    // A full reduction over a flat loop keeps four lanes (groupKernel.ts): element e goes to lane e % 4 while whole groups of four remain.
    const lanes = plan.fourLanes ? [0, 1, 2, 3].map(() => accumulations.map((a) => a.identity)) : null;
    const slots = new Float64Array(numLoads + statements.length);
    const ptr = Float64Array.from(offsets);
    const idx = new Int32Array(loop.shape.length);
    const whole = plan.size >= 4 ? plan.size - (plan.size % 4) : 0;
    for (let e = 0; e < plan.size; e++) {
      for (let k = 0; k < numLoads; k++) slots[k] = inputs[spec.loads[k]!.input]![ptr[k]!]!;
      for (let i = 0; i < statements.length; i++) slots[numLoads + i] = statements[i]!(slots);
      for (let i = 0; i < stores.length; i++) outs[i]![ptr[plan.storeWalker]!] = slots[stores[i]!]!;
      for (let j = 0; j < accumulations.length; j++) {
        const a = accumulations[j]!;
        if (lanes !== null && a.walker === rowWalker) {
          const lane = lanes[e < whole ? e % 4 : 0]!;
          lane[j] = a.combine(lane[j]!, slots[a.operand]!);
        } else {
          const q = ptr[a.walker]!;
          accs[j]![q] = a.combine(accs[j]![q]!, slots[a.operand]!);
        }
      }
      advance(loop.shape, strides, idx, ptr);
    }
    if (lanes !== null) {
      accumulations.forEach((a, j) => {
        if (a.walker === rowWalker) accs[j]![0] = [1, 2, 3].reduce((acc, l) => a.combine(acc, lanes[l]![j]!), lanes[0]![j]!);
      });
    }
    accs.forEach((acc, j) => outs[stores.length + j]!.set(acc));
    return outs;
  };
  return { name: spec.name, source: `// ${spec.name}: run by the kernel IR evaluator (no generated code)\n${source}`, run };
}

/** Steps the odometer `idx` over `shape` by one element, moving every walker's pointer. */
function advance(shape: readonly number[], strides: readonly (readonly number[])[], idx: Int32Array, ptr: Float64Array): void {
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d]!++;
    if (idx[d]! < shape[d]!) {
      for (let w = 0; w < ptr.length; w++) ptr[w]! += strides[w]![d]!;
      return;
    }
    for (let w = 0; w < ptr.length; w++) ptr[w]! -= strides[w]![d]! * (shape[d]! - 1);
    idx[d] = 0;
  }
}
