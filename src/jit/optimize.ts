// The jit pass pipeline over a jaxpr with its constants.
import type { ConstJaxpr } from "../../jaxpr/index.js";
import { inlineCalls, dce } from "../../jaxpr/index.js";

export function optimizeJaxpr(program: ConstJaxpr): ConstJaxpr {
  const inlined = inlineCalls(program.jaxpr, program.consts);
  return { jaxpr: dce(inlined.jaxpr), consts: inlined.consts };
}
