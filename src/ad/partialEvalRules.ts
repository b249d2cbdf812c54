// Partial-evaluation rules for primitives that need more than "all known: run it; otherwise
// record it": call and control-flow primitives split the jaxprs they carry into a known part
// that runs now and an unknown part that is recorded. Which primitives have one is a trait
// (jaxpr/traits.ts `partialEval: "custom"`); the table, keyed by exactly those, is assembled in
// src/rules.ts (the rules live with their primitives in control/ and callRules.ts) and installed
// here whole, so this module imports no rule.
import type { CustomPartialEvalName, Params, PrimitiveName } from "../../jaxpr/index.js";
import { PRIMITIVE_TRAITS } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import { notInstalled } from "../core/ruleSlot.js";
import type { PartialEvalTrace, PartialEvalTracer } from "./partialEval.js";

/** Called only when at least one input is unknown. Returns the outputs (tracers of `trace` or known values). */
export type PartialEvalRule<P extends PrimitiveName> = (trace: PartialEvalTrace, tracers: PartialEvalTracer[], params: Params<P>) => Array[];

export type PartialEvalTable = { readonly [P in CustomPartialEvalName]: PartialEvalRule<P> };

let PARTIAL_EVAL_RULES: PartialEvalTable = notInstalled("partial-evaluation");

/** Called once, by src/rules.ts, with the complete table. */
export function installPartialEvalRules(table: PartialEvalTable): void {
  PARTIAL_EVAL_RULES = table;
}

/** The custom rule of `prim`, or undefined where the default (record the equation) applies. */
export function partialEvalRule<P extends PrimitiveName>(prim: P): PartialEvalRule<P> | undefined {
  if (PRIMITIVE_TRAITS[prim].partialEval !== "custom") return undefined;
  return PARTIAL_EVAL_RULES[prim as CustomPartialEvalName] as unknown as PartialEvalRule<P>;
}
