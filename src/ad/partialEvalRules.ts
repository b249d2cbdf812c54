// Partial-evaluation rules for primitives that need more than "all known: run it; otherwise
// record it": call and control-flow primitives split the jaxprs they carry into a known part
// that runs now and an unknown part that is recorded. Rules are registered by the modules that
// define those primitives, so this table has no imports of them.
import type { Params, PrimitiveName } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import type { PartialEvalTrace, PartialEvalTracer } from "./partialEval.js";

/** Called only when at least one input is unknown. Returns the outputs (tracers of `trace` or known values). */
export type PartialEvalRule<P extends PrimitiveName> = (trace: PartialEvalTrace, tracers: PartialEvalTracer[], params: Params<P>) => Array[];

const rules: { [P in PrimitiveName]?: PartialEvalRule<P> } = {};

export function registerPartialEvalRule<P extends PrimitiveName>(prim: P, rule: PartialEvalRule<P>): void {
  (rules as Record<string, unknown>)[prim] = rule;
}

export function partialEvalRule<P extends PrimitiveName>(prim: P): PartialEvalRule<P> | undefined {
  return rules[prim] as PartialEvalRule<P> | undefined;
}
