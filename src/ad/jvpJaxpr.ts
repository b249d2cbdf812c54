// The JVP of a jaxpr, as JAX's ad.jvp_jaxpr: one staged jaxpr per pattern of nonzero input
// tangents (cached), used by the rules of the primitives that carry jaxprs (pjit's JVP is a pjit
// of it; cond, while and scan apply it to their bodies).
import type { ClosedJaxpr } from "../../jaxpr/index.js";
import { isInexact } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import { evalJaxpr, jaxprAsFun } from "../core/evalJaxpr.js";
import { traceFlatToClosedJaxpr } from "../core/staging.js";
import { JaxprMemo, maskKey } from "../core/jaxprMemo.js";
import { jvpFlat } from "./jvp.js";
import { Zero } from "./types.js";
import type { Tangent } from "./types.js";
import { tangentAval } from "./zeros.js";

/** A jvp jaxpr and which of its function's output tangents are nonzero (only those are outputs). */
interface JvpJaxpr {
  readonly jaxpr: ClosedJaxpr<Array>;
  readonly outNonzero: readonly boolean[];
}

const jvpJaxprs = new JaxprMemo<JvpJaxpr>();

/**
 * The jaxpr of (primals, nonzero tangents) -> (outputs, nonzero output tangents) for `closed`,
 * as JAX's jvp_jaxpr with instantiate=False: an output tangent that is a symbolic zero in the
 * traced jvp stays symbolic (it is not an output of the jaxpr), so what follows the call (a
 * custom_vjp's rule, partial evaluation) still sees a zero rather than a concrete zeros array.
 */
export function jvpJaxpr(closed: ClosedJaxpr<Array>, nonzero: readonly boolean[]): JvpJaxpr {
  return jvpJaxprs.get(closed, maskKey(nonzero), () => {
    const inAvals = closed.inAvals;
    const n = inAvals.length;
    const f = jaxprAsFun(closed);
    let outNonzero: boolean[] = [];
    const fun = (...xs: Array[]): Array[] => {
      let k = n;
      const tangents = inAvals.map((a, i) => (nonzero[i] ? xs[k++]! : new Zero(tangentAval(a))));
      const [po, to] = jvpFlat(f, xs.slice(0, n), tangents);
      outNonzero = to.map((t, i) => !(t instanceof Zero) && isInexact(po[i]!.dtype));
      return [...po, ...(to.filter((_, i) => outNonzero[i]) as Array[])];
    };
    const jaxpr = traceFlatToClosedJaxpr(fun, [...inAvals, ...inAvals.filter((_, i) => nonzero[i]).map(tangentAval)]);
    return { jaxpr, outNonzero };
  });
}

/**
 * The primal and tangent outputs of `closed` at `primals` and `tangents` (symbolic zeros where
 * none flows, always for non-float outputs): its jvp jaxpr evaluated on the nonzero tangents.
 */
export function jvpOfJaxpr(closed: ClosedJaxpr<Array>, primals: readonly Array[], tangents: readonly Tangent[]): [Array[], Tangent[]] {
  const nonzero = tangents.map((t, i) => !(t instanceof Zero) && isInexact(primals[i]!.dtype));
  const { jaxpr, outNonzero } = jvpJaxpr(closed, nonzero);
  const outs = evalJaxpr(jaxpr.jaxpr, jaxpr.consts, [...primals, ...(tangents.filter((_, i) => nonzero[i]) as Array[])]);
  const nOut = outNonzero.length;
  const primalsOut = outs.slice(0, nOut);
  let k = nOut;
  return [primalsOut, primalsOut.map((p, i) => (outNonzero[i] ? outs[k++]! : new Zero(tangentAval(p.aval))))];
}
