// Liveness over the step records: each intermediate's device memory is released right after its
// last reader (or its writer, if nothing reads it). Inputs, constants, literals and the program's
// results are never released: the caller or the executable owns them.
import type { GpuStep } from "./steps.js";
import { stepReads, stepWrites } from "./steps.js";

/** For each step, the values to release once it has run. */
export function releasePoints(steps: readonly GpuStep[], keep: ReadonlySet<string>): string[][] {
  const lastReader = new Map<string, number>();
  steps.forEach((step, i) => stepReads(step).forEach((n) => lastReader.set(n, i)));
  const releaseAfter: string[][] = steps.map(() => []);
  steps.forEach((step, i) => {
    for (const { name } of stepWrites(step)) if (!keep.has(name)) releaseAfter[lastReader.get(name) ?? i]!.push(name);
  });
  return releaseAfter;
}
