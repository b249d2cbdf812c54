// The JVP and transpose tables as the transforms (jvp.ts, transpose.ts) read them. The core rows
// are assembled from the per-family rule modules, the call rules and the control-flow rules in
// src/rules.ts and installed here whole; each primitive family's rows arrive with its module
// (src/families/). This module imports no rule, so no rule module can form a cycle through it.
import type { LinearPrimitiveName, PrimitiveName } from "../../jaxpr/index.js";
import { RuleTable } from "../../jaxpr/index.js";
import type { JvpRule, TransposeRule } from "./types.js";

export type JvpTable = { readonly [P in PrimitiveName]: JvpRule<P> };
export type TransposeTable = { readonly [P in LinearPrimitiveName]: TransposeRule<P> };

export const JVP_TABLE = new RuleTable<JvpTable>("JVP");
export const TRANSPOSE_TABLE = new RuleTable<TransposeTable>("transpose");
