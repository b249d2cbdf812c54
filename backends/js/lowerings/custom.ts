// custom_lin exists only to be transposed; evaluating it means forward-mode differentiation of a
// custom_vjp function, which JAX refuses with this error.
import type { Lowering } from "../kernel.js";

export const CUSTOM_LOWERINGS: { custom_lin: Lowering<"custom_lin"> } = {
  custom_lin: () => {
    throw new TypeError("can't apply forward-mode autodiff (jvp) to a custom_vjp function.");
  },
};
