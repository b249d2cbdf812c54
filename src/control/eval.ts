// Eager evaluation of the control-flow primitives, registered when control flow loads
// (src/families/control.ts): the equation is lowered by the JS backend (its loops and compiled
// bodies) once per params object and input types, then run on buffers.
// The generic per-op cache keys on JSON of the params, which cannot describe a jaxpr. The carried
// jaxprs go through jit's pass pipeline first, as they do under jit, so that a body computes the
// same values either way (constants folded op by op, as eager execution computes them).
import type { HostEvaluation } from "../core/eval.js";
import { carriedEvaluator } from "../core/carriedEval.js";
import { optimizeJaxpr } from "../jit/optimize.js";
import { controlFlowParamsOptimizer } from "../jit/optimizeSubJaxprs.js";
import { evaluateLinearSolve } from "./linearSolve.js";

/** The control-flow primitives' eager evaluation, by primitive (made when control flow loads). */
export function controlHostEvaluation(): { [P in "cond" | "while" | "scan" | "custom_linear_solve"]: HostEvaluation<P> } {
  const optimizeBodies = controlFlowParamsOptimizer(optimizeJaxpr);
  return {
    cond: carriedEvaluator("cond", (p) => optimizeBodies("cond", p)),
    while: carriedEvaluator("while", (p) => optimizeBodies("while", p)),
    scan: carriedEvaluator("scan", (p) => optimizeBodies("scan", p)),
    custom_linear_solve: evaluateLinearSolve,
  };
}
