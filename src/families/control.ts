// The control-flow primitives' rules (cond, while, scan, custom_linear_solve): shape rules, JS
// loops, JVP, transpose, batching and partial evaluation, after JAX's
// (jax/_src/lax/control_flow/); and their eager evaluation, which compiles the carried jaxprs
// (so an app that never uses control flow or jit leaves the whole-program compiler out of its
// bundle). Loaded by every function that binds one (src/control/api.ts, solves.ts) before binding.
import { CONTROL_FLOW_SHAPE_RULES, type ControlFlowName } from "../../jaxpr/index.js";
import { CONTROL_LOWERINGS } from "../../backends/js/index.js";
import { condBatch, condJvp, condPartialEval, condTranspose } from "../control/cond.js";
import { whileBatch, whileJvp, whilePartialEval, whileTranspose } from "../control/while.js";
import { scanBatch, scanJvp, scanPartialEval, scanTranspose } from "../control/scan.js";
import { linearSolveBatch, linearSolveJvp, linearSolveTranspose } from "../control/linearSolve.js";
import { controlHostEvaluation } from "../control/eval.js";
import { registerFamily } from "./register.js";

export function loadControlFamily(): void {
  registerFamily<ControlFlowName>("control", () => ({
    shapeRules: CONTROL_FLOW_SHAPE_RULES,
    lowerings: CONTROL_LOWERINGS,
    jvpRules: { cond: condJvp, while: whileJvp, scan: scanJvp, custom_linear_solve: linearSolveJvp },
    transposeRules: { cond: condTranspose, while: whileTranspose, scan: scanTranspose, custom_linear_solve: linearSolveTranspose },
    batchRules: { cond: condBatch, while: whileBatch, scan: scanBatch, custom_linear_solve: linearSolveBatch },
    partialEvalRules: { cond: condPartialEval, while: whilePartialEval, scan: scanPartialEval },
    hostEvaluation: controlHostEvaluation(),
    compilesCarriedJaxprs: true,
  }));
}
