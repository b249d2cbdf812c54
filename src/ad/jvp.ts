// Forward mode: the JVP trace carries (primal, tangent) pairs with symbolic zero tangents. Each
// jvp gets a fresh main trace, so nested derivatives never confuse their perturbations.
import type { Params, PrimitiveName, ShapedArray } from "../../jaxpr/index.js";
import { isInexact } from "../../jaxpr/index.js";
import { Array, ArrayImpl } from "../core/array.js";
import { Trace, Tracer, bind, bindCheckpoint, bindCustomJvp, bindCustomVjp, fullRaise, withNewMain } from "../core/trace.js";
import type { FlatFun, CustomJvpRule, CustomVjpFwd, CustomVjpBwd, CheckpointOpts } from "../core/trace.js";
import { instantiate, instantiateForRule } from "./zeros.js";
import { scalarArray } from "../core/eval.js";
import { Zero, Tangent } from "./types.js";
import { JVP_TABLE } from "./ruleTables.js";
import { tangentAval } from "./zeros.js";

export class JVPTracer extends Tracer {
  constructor(
    trace: Trace,
    readonly primal: Array,
    readonly tangent: Tangent,
  ) {
    super(trace);
  }
  get aval(): ShapedArray {
    return this.primal.aval;
  }
  override fullLower(): Array {
    // A zero tangent means the value does not depend on this perturbation: drop the layer.
    return this.tangent instanceof Zero ? this.primal : this;
  }
  override concreteValue(): ArrayImpl | null {
    // Without jit the primal is known, so user code may read it and branch (as JAX allows).
    return this.primal.concreteValue();
  }
}

export class JVPTrace extends Trace {
  pure(x: ArrayImpl | number | boolean): Tracer {
    const primal = x instanceof Array ? x : scalarArray(x);
    return new JVPTracer(this, primal, new Zero(tangentAval(primal.aval)));
  }
  lift(x: Tracer): Tracer {
    return new JVPTracer(this, x, new Zero(tangentAval(x.aval)));
  }
  processPrimitive<P extends PrimitiveName>(prim: P, tracers: Tracer[], params: Params<P>): Array[] {
    const ts = tracers as JVPTracer[];
    const primals = ts.map((t) => t.primal);
    const tangents = ts.map((t) => t.tangent);
    if (tangents.every((t) => t instanceof Zero)) return bind(prim, primals, params);
    const [primalsOut, tangentsOut] = (JVP_TABLE.get(prim) as (p: Array[], t: Tangent[], params: Params<P>) => [Array[], Tangent[]])(primals, tangents, params);
    return primalsOut.map((p, i) => new JVPTracer(this, p, tangentsOut[i]!));
  }

  override processCustomJvpCall(fun: FlatFun, rule: CustomJvpRule, tracers: Tracer[]): Array[] {
    const ts = tracers as JVPTracer[];
    const primals = ts.map((t) => t.primal);
    if (ts.every((t) => t.tangent instanceof Zero)) return bindCustomJvp(fun, rule, primals);
    const [primalsOut, tangentsOut] = rule(primals, ts.map((t) => instantiateForRule(t.tangent)));
    if (primalsOut.length !== tangentsOut.length) {
      throw new TypeError(
        `Custom JVP rule must produce primal and tangent outputs with equal container (pytree) structures, but got ${primalsOut.length} primal and ${tangentsOut.length} tangent outputs.`,
      );
    }
    primalsOut.forEach((p, i) => {
      const t = tangentsOut[i]!;
      if (!p.aval.strengthened().matches(t.aval.strengthened()) && isInexact(p.dtype)) {
        throw new TypeError(
          `Custom JVP rule must produce primal and tangent outputs with corresponding shapes and dtypes, but got ${p.aval.str()} for the primal output and ${t.aval.str()} for the tangent output.`,
        );
      }
    });
    return primalsOut.map((p, i) => new JVPTracer(this, p, tangentsOut[i]!));
  }

  override processCheckpoint(fun: FlatFun, tracers: Tracer[], opts: CheckpointOpts): Array[] {
    const ts = tracers as JVPTracer[];
    const n = ts.length;
    const primals = ts.map((t) => t.primal);
    if (ts.every((t) => t.tangent instanceof Zero)) return bindCheckpoint(fun, primals, opts);
    // Checkpoint the jvp itself one level down, so a partial evaluation there rematerializes it.
    // Only nonzero tangents go in and come out (JAX's remat_jvp), so symbolic zeros never become
    // residuals or arithmetic in the replay.
    const nonzero = ts.map((t) => !(t.tangent instanceof Zero));
    let nOut = 0;
    let outNonzero: boolean[] = [];
    const jvpFun = (...xs: Array[]): Array[] => {
      let k = n;
      const tangents = xs.slice(0, n).map((p, i) => (nonzero[i] ? xs[k++]! : new Zero(tangentAval(p.aval))));
      const [po, to] = jvpFlat(fun, xs.slice(0, n), tangents);
      nOut = po.length;
      outNonzero = to.map((t) => !(t instanceof Zero));
      return [...po, ...(to.filter((t) => !(t instanceof Zero)) as Array[])];
    };
    const outs = bindCheckpoint(jvpFun, [...primals, ...(ts.filter((_, i) => nonzero[i]).map((t) => t.tangent) as Array[])], opts);
    let k = nOut;
    return outs.slice(0, nOut).map((p, i) => new JVPTracer(this, p, outNonzero[i] ? outs[k++]! : new Zero(tangentAval(p.aval))));
  }

  override processCustomVjpCall(fun: FlatFun, fwd: CustomVjpFwd, bwd: CustomVjpBwd, tracers: Tracer[]): Array[] {
    const ts = tracers as JVPTracer[];
    const primals = ts.map((t) => t.primal);
    if (ts.every((t) => t.tangent instanceof Zero)) return bindCustomVjp(fun, fwd, bwd, primals);
    const [primalsOut, residuals] = fwd(...primals);
    // The tangent map is only known through bwd: a linear custom_lin that transposition turns into a bwd call.
    const tangentsOut = bindCustomLin(bwd, residuals, ts.map((t) => instantiate(t.tangent)), primalsOut.map((p) => tangentAval(p.aval)), primals.map((p) => tangentAval(p.aval)));
    return primalsOut.map((p, i) => new JVPTracer(this, p, tangentsOut[i]!));
  }
}

/** Binds custom_lin: residuals and tangents in, tangents out; only its transpose (bwd) is defined. */
export function bindCustomLin(bwd: CustomVjpBwd, residuals: Array[], tangents: Array[], outAvals: ShapedArray[], inAvals: ShapedArray[]): Array[] {
  return bind("custom_lin", [...residuals, ...tangents], { bwd, numResiduals: residuals.length, outAvals, inAvals });
}

/** A tangent input for a primal: zero for non-float primals (JAX's float0), else as given. */
function checkTangent(primal: Array, tangent: Tangent): Tangent {
  if (!isInexact(primal.dtype)) return new Zero(tangentAval(primal.aval));
  if (tangent instanceof Zero) return tangent;
  if (tangent.dtype !== primal.dtype || tangent.shape.length !== primal.shape.length || tangent.shape.some((d, i) => d !== primal.shape[i])) {
    throw new TypeError(
      `primal and tangent arguments to jvp must have equal types and shapes; got primal ${primal.aval.str()} and tangent ${tangent.aval.str()}.`,
    );
  }
  return tangent;
}

/** jvp over flat lists: returns primal outputs and tangent outputs (symbolic zeros kept). */
export function jvpFlat(f: (...xs: Array[]) => Array[], primals: readonly Array[], tangents: readonly Tangent[]): [Array[], Tangent[]] {
  return withNewMain(JVPTrace, null, (main) => {
    const trace = main.trace();
    const tracersIn = primals.map((p, i) => new JVPTracer(trace, p, checkTangent(p, tangents[i]!)));
    const outs = f(...tracersIn);
    const tracersOut = outs.map((o) => fullRaise(trace, o) as JVPTracer);
    return [tracersOut.map((t) => t.primal), tracersOut.map((t) => t.tangent)];
  });
}
