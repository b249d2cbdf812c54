// The windowed reductions' rules (issue 21): shape rules, JS kernels (and the fused window group
// compile.ts builds), JVPs and transposes, and batching with the vmapped axis as a size-1 window
// dim. Loaded by lax.reduceWindow before its first bind.
import { WINDOW_SHAPE_RULES, type WindowName } from "../../jaxpr/index.js";
import { WINDOW_LOWERINGS, windowGroupKernel } from "../../backends/js/index.js";
import { WINDOW_JVP_RULES, WINDOW_TRANSPOSE_RULES } from "../ad/windowRules.js";
import { WINDOW_BATCH_RULES } from "../vmap/windowRules.js";
import { carriedEvaluator } from "../core/carriedEval.js";
import { registerFamily } from "./register.js";

export function loadWindowFamily(): void {
  registerFamily<WindowName>("window", () => ({
    shapeRules: WINDOW_SHAPE_RULES,
    lowerings: WINDOW_LOWERINGS,
    jvpRules: WINDOW_JVP_RULES,
    transposeRules: WINDOW_TRANSPOSE_RULES,
    batchRules: WINDOW_BATCH_RULES,
    partialEvalRules: {},
    kernels: { windowGroupKernel },
    // Eager reduce_window: its monoid's jaxpr cannot key the per-op cache (src/core/carriedEval.ts).
    hostEvaluation: { reduce_window: carriedEvaluator("reduce_window") },
    // A monoid the kernel cannot inline runs as a compiled program (backends/js/lowerings/windowed.ts).
    compilesCarriedJaxprs: true,
  }));
}
