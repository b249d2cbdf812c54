// Lowerings of the primitives that are not computations of their own. custom_lin exists only to
// be transposed; evaluating it on a nonzero tangent means forward-mode differentiation of a
// custom_vjp function, which JAX refuses with this error. On zero tangents it gives zeros: reverse
// mode evaluates it when its tangent operands are known, which happens only for tangents that do
// not depend on the differentiated inputs (zeros instantiated by a jvp or by a scan's carry
// fixpoint), where JAX stages it as a constant that transposition then drops. Call primitives are inlined by the jit pipeline before lowering;
// debug_callback and pure_callback hand their operands to the host; name (checkpoint_name) is the
// identity. Neither name nor pure_callback declares fresh outputs: name returns its operand's
// buffer and a host callback may return one of the buffers it was given.
import type { Lowering } from "../kernel.js";
import { nativeKernel } from "../kernel.js";
import { TYPED_ARRAY } from "../../../jaxpr/index.js";

export const inlinedBeforeLowering =
  (name: string): Lowering<"pjit" | "custom_jvp_call" | "custom_vjp_call" | "checkpoint" | "custom_linear_solve"> =>
  () => {
    throw new Error(`${name} must be inlined before lowering (run the jit pass pipeline first).`);
  };

export const CUSTOM_LOWERINGS: {
  custom_lin: Lowering<"custom_lin">;
  pjit: Lowering<"pjit">;
  custom_jvp_call: Lowering<"custom_jvp_call">;
  custom_vjp_call: Lowering<"custom_vjp_call">;
  checkpoint: Lowering<"checkpoint">;
  debug_callback: Lowering<"debug_callback">;
  pure_callback: Lowering<"pure_callback">;
  name: Lowering<"name">;
} = {
  custom_lin: ({ outAvals, params }) =>
    nativeKernel(
      "custom_lin",
      (...buffers) => {
        if (buffers.slice(params.numResiduals).some((b) => b.some((v) => v !== 0))) {
          throw new TypeError("can't apply forward-mode autodiff (jvp) to a custom_vjp function.");
        }
        return outAvals.map((a) => new TYPED_ARRAY[a.dtype](a.size));
      },
      "zeros for zero tangents; forward-mode autodiff of a custom_vjp function otherwise (an error, as in JAX)",
    ),
  pjit: inlinedBeforeLowering("pjit"),
  custom_jvp_call: inlinedBeforeLowering("custom_jvp_call"),
  custom_vjp_call: inlinedBeforeLowering("custom_vjp_call"),
  checkpoint: inlinedBeforeLowering("checkpoint"),
  debug_callback: ({ inAvals, params }) =>
    nativeKernel(
      "debug_callback",
      (...buffers) => {
        params.callback(buffers, inAvals);
        return [];
      },
      "calls the host with its operands",
    ),
  pure_callback: ({ inAvals, params }) =>
    nativeKernel("pure_callback", (...buffers) => params.callback(buffers, inAvals, params.resultAvals), "calls the host function with its operands"),
  name: () => nativeKernel("name", (x) => [x!], "the identity: shares its operand's buffer"),
};
