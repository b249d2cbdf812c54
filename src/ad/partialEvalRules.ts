// Partial-evaluation rules for primitives that need more than "all known: run it; otherwise
// record it": call and control-flow primitives split the jaxprs they carry into a known part
// that runs now and an unknown part that is recorded. Which primitives have one is a trait
// (jaxpr/traits.ts `partialEval: "custom"`); the table is keyed by exactly those. Its core rows
// (the call primitives') are installed by src/rules.ts, control flow's by its family module
// (src/families/control.ts), so this module imports no rule.
import type { CustomPartialEvalName, Params, PrimitiveName } from "../../jaxpr/index.js";
import { PRIMITIVE_TRAITS, RuleTable } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import type { PartialEvalTrace, PartialEvalTracer } from "./partialEval.js";

/** Called only when at least one input is unknown. Returns the outputs (tracers of `trace` or known values). */
export type PartialEvalRule<P extends PrimitiveName> = (trace: PartialEvalTrace, tracers: PartialEvalTracer[], params: Params<P>) => Array[];

export type PartialEvalTable = { readonly [P in CustomPartialEvalName]: PartialEvalRule<P> };

export const PARTIAL_EVAL_TABLE = new RuleTable<PartialEvalTable>("partial-evaluation");

/** The custom rule of `prim`, or undefined where the default (record the equation) applies. */
export function partialEvalRule<P extends PrimitiveName>(prim: P): PartialEvalRule<P> | undefined {
  if (PRIMITIVE_TRAITS[prim].partialEval !== "custom") return undefined;
  return PARTIAL_EVAL_TABLE.get(prim as CustomPartialEvalName) as unknown as PartialEvalRule<P>;
}
