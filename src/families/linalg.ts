// The linear-algebra primitives' rules (issue 20): shape rules, JS kernels, JVPs, the transposes
// of the two linear solves, and batching by moving batch dims to the front (JAX's linalg batchers).
// Loaded by the first bind of one (src/lax/linalg.ts's bindLinalg), so a bundle without linear
// algebra drops them with the functions that would call this.
import { LINALG_PRIMITIVES, LINALG_SHAPE_RULES, type LinalgName } from "../../jaxpr/index.js";
import { LINALG_LOWERINGS } from "../../backends/js/index.js";
import { LINALG_JVP_RULES, LINALG_TRANSPOSE_RULES } from "../ad/linalgRules.js";
import { leadingBatchRule } from "../vmap/ruleMakers.js";
import type { BatchTable } from "../vmap/ruleTables.js";
import { registerFamily } from "./register.js";

export function loadLinalgFamily(): void {
  registerFamily<LinalgName>("linalg", () => ({
    shapeRules: LINALG_SHAPE_RULES,
    lowerings: LINALG_LOWERINGS,
    jvpRules: LINALG_JVP_RULES,
    transposeRules: LINALG_TRANSPOSE_RULES,
    batchRules: Object.fromEntries(LINALG_PRIMITIVES.map((p) => [p, leadingBatchRule(p)])) as Pick<BatchTable, LinalgName>,
    partialEvalRules: {},
  }));
}
