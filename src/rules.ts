// The core rule tables of the transforms (JVP, transpose, batching, partial evaluation), assembled in one place
// above every module that contributes rules (the primitive families' rules come with their
// modules, src/families/). The per-family tables (src/ad/jvpRules.ts,
// transposeRules.ts, src/vmap/batchRules.ts) cannot hold the call and control-flow rules: those
// rules transform the jaxprs they carry, so they call back into jvp, transposition and vmap, whose
// modules read the tables. Here the tables are built whole, checked total by their types, and
// installed once into the slots the transforms read (src/ad/ruleTables.ts,
// src/vmap/ruleTables.ts). Every entry point that runs a transform imports this module.
import type { FamilyPrimitiveName } from "../jaxpr/index.js";
import type { JvpTable, TransposeTable } from "./ad/ruleTables.js";
import { JVP_TABLE, TRANSPOSE_TABLE } from "./ad/ruleTables.js";
import type { BatchTable } from "./vmap/ruleTables.js";
import { BATCH_TABLE } from "./vmap/ruleTables.js";
import { PRIMITIVE_JVP_RULES } from "./ad/jvpRules.js";
import { PRIMITIVE_TRANSPOSE_RULES } from "./ad/transposeRules.js";
import { CALL_JVP_RULES, pjitPartialEval, transposeCheckpoint, transposePjit } from "./ad/callRules.js";
import type { PartialEvalTable } from "./ad/partialEvalRules.js";
import { installPartialEvalRules } from "./ad/partialEvalRules.js";
import { PRIMITIVE_BATCH_RULES } from "./vmap/batchRules.js";
import { CALL_BATCH_RULES } from "./vmap/callRules.js";
import { condBatch, condJvp, condPartialEval, condTranspose } from "./control/cond.js";
import { whileBatch, whileJvp, whilePartialEval, whileTranspose } from "./control/while.js";
import { scanBatch, scanJvp, scanPartialEval, scanTranspose } from "./control/scan.js";
import { linearSolveBatch, linearSolveJvp, linearSolveTranspose } from "./control/linearSolve.js";

export const JVP_RULES: Omit<JvpTable, FamilyPrimitiveName> = {
  ...PRIMITIVE_JVP_RULES,
  ...CALL_JVP_RULES,
  cond: condJvp,
  while: whileJvp,
  scan: scanJvp,
  custom_linear_solve: linearSolveJvp,
};

export const TRANSPOSE_RULES: Omit<TransposeTable, FamilyPrimitiveName> = {
  ...PRIMITIVE_TRANSPOSE_RULES,
  // A jitted function's transpose is a pjit of its transposed jaxpr.
  pjit: transposePjit,
  // A checkpoint's body is partially evaluated, then transposed, inside another checkpoint.
  checkpoint: transposeCheckpoint,
  cond: condTranspose,
  while: whileTranspose,
  scan: scanTranspose,
  custom_linear_solve: linearSolveTranspose,
};

export const BATCH_RULES: Omit<BatchTable, FamilyPrimitiveName> = {
  ...PRIMITIVE_BATCH_RULES,
  ...CALL_BATCH_RULES,
  cond: condBatch,
  while: whileBatch,
  scan: scanBatch,
  custom_linear_solve: linearSolveBatch,
};

/** Keyed by the primitives the traits mark `partialEval: "custom"`. */
export const PARTIAL_EVAL_RULES: PartialEvalTable = {
  pjit: pjitPartialEval,
  cond: condPartialEval,
  while: whilePartialEval,
  scan: scanPartialEval,
};

JVP_TABLE.addCore(JVP_RULES);
TRANSPOSE_TABLE.addCore(TRANSPOSE_RULES);
installPartialEvalRules(PARTIAL_EVAL_RULES);
BATCH_TABLE.addCore(BATCH_RULES);
