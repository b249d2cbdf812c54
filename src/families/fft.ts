// The fft primitive's rules: shape rule, JS kernel, linear JVP and transpose, and batching with
// batch dims to the front (it transforms trailing axes; JAX's _fft_batching_rule). Loaded by
// lax.fft before its first bind.
import { FFT_SHAPE_RULES } from "../../jaxpr/index.js";
import { FFT_LOWERINGS } from "../../backends/js/index.js";
import { fftRules } from "../ad/fftRules.js";
import { leadingBatchRule } from "../vmap/ruleMakers.js";
import { registerFamily } from "./register.js";

export function loadFftFamily(): void {
  registerFamily<"fft">("fft", () => {
    const rules = fftRules();
    return {
      shapeRules: FFT_SHAPE_RULES,
      lowerings: FFT_LOWERINGS,
      jvpRules: { fft: rules.jvp },
      transposeRules: { fft: rules.transpose },
      batchRules: { fft: leadingBatchRule("fft") },
      partialEvalRules: {},
    };
  });
}
