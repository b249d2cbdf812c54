// Checks a jaxpr's well-formedness: every variable bound once before use, and every equation's
// output avals equal to what its primitive's shape rule computes from its inputs.
import { Jaxpr, Var, Literal } from "./jaxpr.js";
import { abstractEval } from "./shapeRules.js";
import { printJaxpr } from "./printer.js";

export class JaxprTypeError extends TypeError {
  override name = "JaxprTypeError";
}

export function typecheckJaxpr(jaxpr: Jaxpr): void {
  const env = new Set<Var>();
  const bind = (v: Var): void => {
    if (env.has(v)) throw new JaxprTypeError(`Variable bound twice in jaxpr:\n${printJaxpr(jaxpr)}`);
    env.add(v);
  };
  const read = (a: Var | Literal, where: string): void => {
    if (a instanceof Var && !env.has(a)) throw new JaxprTypeError(`Variable used before it is bound in ${where}:\n${printJaxpr(jaxpr)}`);
  };
  jaxpr.constvars.forEach(bind);
  jaxpr.invars.forEach(bind);
  jaxpr.eqns.forEach((eqn, i) => {
    eqn.invars.forEach((a) => read(a, `equation ${i} (${eqn.primitive})`));
    const expected = abstractEval(eqn.primitive, eqn.invars.map((a) => a.aval), eqn.params);
    if (expected.length !== eqn.outvars.length || expected.some((a, j) => !a.matches(eqn.outvars[j]!.aval))) {
      throw new JaxprTypeError(
        `Equation ${i} (${eqn.primitive}) has output types ${eqn.outvars.map((v) => v.aval.str()).join(", ")} ` +
          `but its inputs give ${expected.map((a) => a.str()).join(", ")}.`,
      );
    }
    eqn.outvars.forEach(bind);
  });
  jaxpr.outvars.forEach((a) => read(a, "the outputs"));
}
