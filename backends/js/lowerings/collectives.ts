// The named-axis collectives have no lowering of their own: the batch trace of a vmap or pmap
// with their axis name rewrites them into array operations (src/vmap/collectiveRules.ts), so one
// that reaches a backend names no enclosing axis. JAX raises NameError for it at trace time
// (_check_axis_names); a hand-built jaxpr meets the same error here.
import { COLLECTIVE_PRIMITIVES, collectiveAxes, unboundAxisName, type CollectiveName } from "../../../jaxpr/index.js";
import type { Lowering } from "../kernel.js";

const unbound =
  <P extends CollectiveName>(prim: P): Lowering<P> =>
  ({ params }) => {
    throw unboundAxisName(collectiveAxes(prim, params)[0] ?? "");
  };

export const COLLECTIVE_LOWERINGS = Object.fromEntries(COLLECTIVE_PRIMITIVES.map((p) => [p, unbound(p)])) as { [P in CollectiveName]: Lowering<P> };
