// The core rule tables of the differentiation transforms (JVP, transpose, partial evaluation), assembled in one place
// above every module that contributes rules (the primitive families' rules, control flow's
// included, come with their modules, src/families/). The per-kind tables (src/ad/jvpRules.ts,
// transposeRules.ts, src/vmap/batchRules.ts) cannot hold the call rules: those rules transform
// the jaxprs they carry, so they call back into jvp, transposition and vmap, whose modules read
// the tables. Here the tables are built whole, checked total by their types, and
// installed once into the tables the transforms read (src/ad/ruleTables.ts). Every entry point
// that runs a transform imports this module; the batching rules install with the first vmap
// (src/vmap/coreRules.ts).
import type { FamilyPrimitiveName } from "../jaxpr/index.js";
import type { JvpTable, TransposeTable } from "./ad/ruleTables.js";
import { JVP_TABLE, TRANSPOSE_TABLE } from "./ad/ruleTables.js";
import { PRIMITIVE_JVP_RULES } from "./ad/jvpRules.js";
import { PRIMITIVE_TRANSPOSE_RULES } from "./ad/transposeRules.js";
import { CALL_JVP_RULES, pjitPartialEval, transposeCheckpoint, transposePjit } from "./ad/callRules.js";
import type { PartialEvalTable } from "./ad/partialEvalRules.js";
import { PARTIAL_EVAL_TABLE } from "./ad/partialEvalRules.js";

export const JVP_RULES: Omit<JvpTable, FamilyPrimitiveName> = {
  ...PRIMITIVE_JVP_RULES,
  ...CALL_JVP_RULES,
};

export const TRANSPOSE_RULES: Omit<TransposeTable, FamilyPrimitiveName> = {
  ...PRIMITIVE_TRANSPOSE_RULES,
  // A jitted function's transpose is a pjit of its transposed jaxpr.
  pjit: transposePjit,
  // A checkpoint's body is partially evaluated, then transposed, inside another checkpoint.
  checkpoint: transposeCheckpoint,
};

/** Keyed by the primitives the traits mark `partialEval: "custom"`. */
export const PARTIAL_EVAL_RULES: Omit<PartialEvalTable, FamilyPrimitiveName> = {
  pjit: pjitPartialEval,
};

JVP_TABLE.addCore(JVP_RULES);
TRANSPOSE_TABLE.addCore(TRANSPOSE_RULES);
PARTIAL_EVAL_TABLE.addCore(PARTIAL_EVAL_RULES);
