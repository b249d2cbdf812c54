// Eager evaluation of the control-flow primitives, installed when control flow loads
// (src/families/control.ts): the equation is lowered by the JS backend (its loops and compiled
// bodies) once per params object and input types, then run on buffers.
// The generic per-op cache keys on JSON of the params, which cannot describe a jaxpr. The carried
// jaxprs go through jit's pass pipeline first, as they do under jit, so that a body computes the
// same values either way (constants folded op by op, as eager execution computes them).
import { installBodyCompiler, registerControlConstResolver } from "../../backends/js/index.js";
import { Array, bufferOf } from "../core/array.js";
import { registerHostEvaluation } from "../core/eval.js";
import { carriedEvaluator } from "../core/carriedEval.js";
import { optimizeJaxpr } from "../jit/optimize.js";
import { controlFlowParamsOptimizer } from "../jit/optimizeSubJaxprs.js";
import { evaluateLinearSolve } from "./linearSolve.js";

export function installControlEvaluation(): void {
  const optimizeBodies = controlFlowParamsOptimizer(optimizeJaxpr);
  registerHostEvaluation("cond", carriedEvaluator("cond", (p) => optimizeBodies("cond", p)));
  registerHostEvaluation("while", carriedEvaluator("while", (p) => optimizeBodies("while", p)));
  registerHostEvaluation("scan", carriedEvaluator("scan", (p) => optimizeBodies("scan", p)));
  registerHostEvaluation("custom_linear_solve", (args, params) => evaluateLinearSolve(args, params));
  installBodyCompiler();
  // Constants of jitted functions called inside a loop body are library arrays.
  registerControlConstResolver((c) => {
    const v = c instanceof Array ? c.concreteValue() : null;
    if (v === null) throw new Error("a traced value reached the constants of a compiled loop body");
    return bufferOf(v);
  });
}
