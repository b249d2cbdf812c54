// Scratch planning for a compiled program: which intermediate buffers can live in slots that are
// reused across steps (and across calls, through the program's scratch pool).
//
// Buffer ownership is explicit: every program name is either the owner of its storage (a fused
// group's output, a kernel's fresh result, a fill) or an alias of the owners it may share storage
// with. Aliases come from zero-copy subarrays and from single-equation kernels, which may hand an
// operand straight back (cond with an identity branch, a while loop with zero trips, a scan whose
// carry is unchanged, a call returning its argument). A slot is freed only once every alias of its
// owner has had its last reader, and an owner any of whose aliases reaches the program's results
// (or a host callback) never gets a slot at all.
import type { ShapedArray } from "../../jaxpr/index.js";
import type { Partition, Step } from "./fusion/partition.js";

export interface ScratchPlan {
  /** One aval per slot: the pool allocates each slot once. */
  readonly slots: readonly ShapedArray[];
  /** The slot of each fused-group output that lives in scratch. */
  readonly slotOf: ReadonlyMap<string, number>;
}

/** Distinct buffer names a step reads (a kernel may read one operand twice, as in `matmul(a, a)`). */
export function stepInputs(step: Step): readonly string[] {
  switch (step.kind) {
    case "group":
      return [...new Set(step.group.inputs)];
    case "eqn":
      return [...new Set(step.inputs)];
    case "fill":
      return [];
    case "copy":
    case "subarray":
      return [step.from];
  }
}

/** Names a step defines, each with the names whose storage it may share. */
function stepDefinitions(step: Step): { name: string; aliases: readonly string[] }[] {
  switch (step.kind) {
    case "group":
      return step.group.outputs().map((o) => ({ name: o.name, aliases: [] }));
    case "eqn":
      // Unless a kernel states that its results are fresh, any result may be one of its operands.
      return step.outputs.map((name) => ({ name, aliases: step.kernel?.freshOutputs === true ? [] : stepInputs(step) }));
    case "subarray":
      return [{ name: step.output, aliases: [step.from] }];
    case "copy":
    case "fill":
      return [{ name: step.output, aliases: [] }];
  }
}

/**
 * Assigns scratch slots to fused-group outputs (but a window group's) that never reach the program's results. A slot is
 * reused by a later group once the last reader of its owner or of any alias of it has run.
 */
export function planScratch(partition: Partition): ScratchPlan {
  const { steps, outputs } = partition;
  // owners.get(n): the storage owners that name n may refer to (itself included).
  const owners = new Map<string, Set<string>>();
  const ownersOf = (n: string): ReadonlySet<string> => owners.get(n) ?? new Set([n]);
  for (const step of steps) {
    for (const { name, aliases } of stepDefinitions(step)) {
      const set = new Set([name]);
      for (const a of aliases) for (const o of ownersOf(a)) set.add(o);
      owners.set(name, set);
    }
  }
  // Storage that escapes: reachable from the results, or handed to a host callback, which may keep it.
  const escaping = new Set<string>();
  for (const n of outputs) for (const o of ownersOf(n)) escaping.add(o);
  for (const step of steps) {
    if (step.kind === "eqn" && step.eqn.primitive === "debug_callback") for (const n of step.inputs) for (const o of ownersOf(n)) escaping.add(o);
  }
  // The step after which an owner's storage is dead: the last read of any name aliasing it.
  const lastUse = new Map<string, number>();
  steps.forEach((step, i) => {
    for (const n of stepInputs(step)) for (const o of ownersOf(n)) lastUse.set(o, i);
  });
  const slots: ShapedArray[] = [];
  const slotOf = new Map<string, number>();
  const free: number[] = [];
  steps.forEach((step, i) => {
    // A window group's kernel returns fresh outputs (compile.ts).
    if (step.kind === "group" && step.group.window === null) {
      for (const o of step.group.outputs()) {
        if (escaping.has(o.name)) continue;
        const k = free.findIndex((s) => slots[s]!.dtype === o.aval.dtype && slots[s]!.size === o.aval.size);
        const slot = k >= 0 ? free.splice(k, 1)[0]! : slots.push(o.aval) - 1;
        slotOf.set(o.name, slot);
        if (!lastUse.has(o.name)) free.push(slot);
      }
    }
    // Each owner whose storage dies here is freed once, however many of its aliases this step reads.
    const dying = new Set<string>();
    for (const n of stepInputs(step)) for (const o of ownersOf(n)) if (lastUse.get(o) === i && slotOf.has(o)) dying.add(o);
    for (const o of dying) free.push(slotOf.get(o)!);
  });
  return { slots, slotOf };
}
