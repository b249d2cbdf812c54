// Inlining: replaces call equations (pjit, custom_jvp_call, custom_vjp_call, checkpoint, and
// custom_linear_solve by its solve) by the
// equations of the jaxprs they carry, recursively, so the backend sees one flat program. Inner
// variables are renamed per call site (the same jaxpr may be called twice); inner constants join
// the outer constvars. Custom rules only matter to transforms, which have run by now.
import { Atom, ClosedJaxpr, Eqn, Jaxpr, Var, makeJaxprValue } from "../jaxpr.js";
import type { Params } from "../params.js";
import { CALL_PRIMITIVES } from "../traits.js";

/** A jaxpr together with the values of its constvars. */
export interface ConstJaxpr {
  readonly jaxpr: Jaxpr;
  readonly consts: readonly unknown[];
}

/** The jaxpr a call equation runs, and which of the equation's operands it reads. */
function calleeOf(eqn: Eqn): { callee: ClosedJaxpr; operands: (ins: readonly Atom[]) => readonly Atom[] } {
  const all = (callee: ClosedJaxpr) => ({ callee, operands: (ins: readonly Atom[]) => ins });
  switch (eqn.primitive) {
    case "pjit":
      return all((eqn.params as Params<"pjit">).jaxpr);
    case "checkpoint":
      return all((eqn.params as Params<"checkpoint">).jaxpr);
    case "custom_jvp_call":
      return all((eqn.params as Params<"custom_jvp_call">).callJaxpr);
    case "custom_vjp_call":
      return all((eqn.params as Params<"custom_vjp_call">).callJaxpr);
    case "custom_linear_solve": {
      // Runs its solve on the solve consts and b (JAX lowers it as _custom_linear_solve_impl).
      const { constLengths: n, jaxprs } = eqn.params as Params<"custom_linear_solve">;
      const start = n.matvec + n.vecmat;
      const end = start + n.solve + n.transposeSolve;
      return { callee: jaxprs.solve!, operands: (ins) => [...ins.slice(start, start + n.solve), ...ins.slice(end)] };
    }
    default:
      throw new Error(`${eqn.primitive} is not a call primitive`);
  }
}

export function inlineCalls(jaxpr: Jaxpr, consts: readonly unknown[]): ConstJaxpr {
  if (!jaxpr.eqns.some((e) => CALL_PRIMITIVES.has(e.primitive))) return { jaxpr, consts };
  const constvars = [...jaxpr.constvars];
  const constValues = [...consts];
  const eqns: Eqn[] = [];

  // `env` maps the variables of the jaxpr being emitted to atoms of the result.
  const emit = (j: Jaxpr, env: Map<Var, Atom>, rename: boolean): Atom[] => {
    const read = (a: Atom): Atom => (a instanceof Var ? (env.get(a) ?? a) : a);
    for (const e of j.eqns) {
      const ins = e.invars.map(read);
      if (CALL_PRIMITIVES.has(e.primitive)) {
        const { callee, operands } = calleeOf(e);
        const calleeIns = operands(ins);
        const inner = new Map<Var, Atom>();
        callee.jaxpr.constvars.forEach((v, i) => {
          const nv = new Var(v.aval);
          constvars.push(nv);
          constValues.push(callee.consts[i]);
          inner.set(v, nv);
        });
        callee.jaxpr.invars.forEach((v, i) => inner.set(v, calleeIns[i]!));
        const outs = emit(callee.jaxpr, inner, true);
        e.outvars.forEach((v, i) => env.set(v, outs[i]!));
        continue;
      }
      const outvars = rename ? e.outvars.map((v) => new Var(v.aval)) : e.outvars;
      if (rename) e.outvars.forEach((v, i) => env.set(v, outvars[i]!));
      const changed = rename || ins.some((a, i) => a !== e.invars[i]);
      eqns.push(changed ? (Object.freeze({ ...e, invars: ins, outvars }) as Eqn) : e);
    }
    return j.outvars.map(read);
  };
  const outvars = emit(jaxpr, new Map(), false);
  return { jaxpr: makeJaxprValue({ constvars, invars: jaxpr.invars, eqns, outvars }), consts: constValues };
}
