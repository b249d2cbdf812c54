// A jaxpr of scalar elementwise equations (a reduction's monoid, as lax.reduce_window traces it)
// as JS statements over registers, from the elementwise expression tables; so the window loop
// runs the monoid inline instead of calling a compiled program per element. Every result is
// rounded to its dtype as a store would (Math.fround for float32, the tables wrap integers), so
// the values equal those of the compiled program. Null for anything else (non-scalar values,
// non-elementwise primitives, constants), which keeps the compiled-program path.
import type { Atom, Jaxpr } from "../../../jaxpr/index.js";
import { Literal, isBinaryElementwise, isUnaryElementwise } from "../../../jaxpr/index.js";
import { BINARY_EXPRESSIONS, convertExpression, helperCall, selectExpression, unaryExpression } from "../elementwise.js";
import { lit } from "../emit.js";

export interface ScalarCode {
  readonly lines: readonly string[];
  readonly outputs: readonly string[];
}

/** Statements computing `jaxpr` on the registers `inputs`; registers it makes are `prefix` + a number. */
export function renderScalarJaxpr(jaxpr: Jaxpr, inputs: readonly string[], prefix: string): ScalarCode | null {
  if (jaxpr.constvars.length > 0) return null;
  const names = new Map<Atom, string>();
  jaxpr.invars.forEach((v, i) => names.set(v, inputs[i]!));
  const ref = (a: Atom): string => (a instanceof Literal ? lit(a.value, a.aval.dtype) : names.get(a)!);
  const lines: string[] = [];
  for (const eqn of jaxpr.eqns) {
    if (eqn.outvars.length !== 1 || eqn.outvars[0]!.aval.ndim !== 0 || eqn.invars.some((a) => a.aval.ndim !== 0)) return null;
    const out = eqn.outvars[0]!;
    const args = eqn.invars.map(ref);
    const inDtype = eqn.invars[0]?.aval.dtype;
    let e: string;
    const p = eqn.primitive;
    if (isUnaryElementwise(p)) e = unaryExpression(p, args[0]!, inDtype!, eqn.params as never);
    else if (isBinaryElementwise(p)) e = BINARY_EXPRESSIONS[p](args[0]!, args[1]!, inDtype!, helperCall);
    else if (p === "select_n") e = selectExpression(args[0]!, args.slice(1));
    else if (p === "convert_element_type") e = convertExpression(args[0]!, inDtype!, out.aval.dtype);
    else return null;
    const name = `${prefix}${lines.length}`;
    names.set(out, name);
    lines.push(`const ${name} = ${out.aval.dtype === "float32" ? `Math.fround(${e})` : e};`);
  }
  return { lines, outputs: jaxpr.outvars.map(ref) };
}
