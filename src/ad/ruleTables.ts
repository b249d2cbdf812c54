// The JVP and transpose tables as the transforms (jvp.ts, transpose.ts) read them. They are
// assembled from the per-family rule modules, the call rules and the control-flow rules in
// src/rules.ts and installed here whole; this module imports no rule, so no rule module can form
// a cycle through it.
import type { LinearPrimitiveName, PrimitiveName } from "../../jaxpr/index.js";
import { notInstalled } from "../core/ruleSlot.js";
import type { JvpRule, TransposeRule } from "./types.js";

export type JvpTable = { readonly [P in PrimitiveName]: JvpRule<P> };
export type TransposeTable = { readonly [P in LinearPrimitiveName]: TransposeRule<P> };

export let JVP_RULES: JvpTable = notInstalled("JVP");
export let TRANSPOSE_RULES: TransposeTable = notInstalled("transpose");

/** Called once, by src/rules.ts, with the complete tables. */
export function installAdRules(jvp: JvpTable, transpose: TransposeTable): void {
  JVP_RULES = jvp;
  TRANSPOSE_RULES = transpose;
}
