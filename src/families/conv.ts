// conv_general_dilated's rules (issue 21): shape rule, JS kernels (and the resident product an
// epilogue fuses into), the bilinear JVP and transposes, and batching into the feature/batch
// dims. Loaded by lax.convGeneralDilated before its first bind.
import { CONV_SHAPE_RULES } from "../../jaxpr/index.js";
import { CONV_LOWERINGS, residentConv } from "../../backends/js/index.js";
import { CONV_RULES } from "../ad/convRules.js";
import { convBatchRule } from "../vmap/convBatchRule.js";
import { registerFamily } from "./register.js";

export function loadConvFamily(): void {
  registerFamily<"conv_general_dilated">("conv", () => ({
    shapeRules: CONV_SHAPE_RULES,
    lowerings: CONV_LOWERINGS,
    jvpRules: { conv_general_dilated: CONV_RULES.jvp },
    transposeRules: { conv_general_dilated: CONV_RULES.transpose },
    batchRules: { conv_general_dilated: convBatchRule },
    partialEvalRules: {},
    kernels: { residentConv },
  }));
}
