// Transposition of a linear jaxpr (reverse mode's second half): walks the equations backwards,
// accumulating cotangents, calling each linear primitive's transpose rule. Inputs marked
// UndefinedPrimal are the linear ones whose cotangents we return; the rest are known values.
import type { Atom, Jaxpr } from "../../jaxpr/index.js";
import { Literal, Var, isLinearPrimitive } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { scalarArray } from "../core/eval.js";
import { bindEqn } from "../core/evalJaxpr.js";
import { Zero, Tangent, UndefinedPrimal, TransposeRule } from "./types.js";
import { TRANSPOSE_TABLE } from "./ruleTables.js";
import { addTangents, tangentAval } from "./zeros.js";
import type { PrimitiveName } from "../../jaxpr/index.js";

export function backwardPass(
  jaxpr: Jaxpr,
  consts: readonly ArrayLike[],
  args: readonly (Array | UndefinedPrimal)[],
  cts: readonly Tangent[],
): Tangent[] {
  const primals = new Map<Var, Array | UndefinedPrimal>();
  const ctEnv = new Map<Var, Tangent>();
  const readPrimal = (a: Atom): Array | UndefinedPrimal => {
    if (a instanceof Literal) return scalarArray(a.value, a.aval.dtype, a.aval.weakType);
    return primals.get(a) ?? new UndefinedPrimal(a.aval);
  };
  const writeCt = (a: Atom, ct: Tangent | null): void => {
    if (ct === null || a instanceof Literal || ct instanceof Zero) return;
    const prev = ctEnv.get(a);
    ctEnv.set(a, prev === undefined ? ct : addTangents(prev, ct));
  };
  const readCt = (v: Var): Tangent => ctEnv.get(v) ?? new Zero(tangentAval(v.aval));

  jaxpr.constvars.forEach((v, i) => primals.set(v, consts[i] instanceof Array ? (consts[i] as Array) : scalarArray(consts[i] as number)));
  jaxpr.invars.forEach((v, i) => primals.set(v, args[i]!));
  jaxpr.outvars.forEach((a, i) => writeCt(a, cts[i]!));

  // Equations whose inputs are all known (recomputed forward values, e.g. from checkpoint) run
  // forward first, as in JAX's backward_pass; the rest are linear and are transposed below.
  const linear = jaxpr.eqns.map((eqn) => {
    const ins = eqn.invars.map(readPrimal);
    if (ins.some((x) => x instanceof UndefinedPrimal)) return true;
    bindEqn(eqn.primitive, ins as Array[], eqn.params).forEach((o, i) => primals.set(eqn.outvars[i]!, o));
    return false;
  });
  for (let k = jaxpr.eqns.length - 1; k >= 0; k--) {
    if (!linear[k]) continue;
    const eqn = jaxpr.eqns[k]!;
    const ctsOut = eqn.outvars.map(readCt);
    if (ctsOut.every((c) => c instanceof Zero)) continue;
    const rule = isLinearPrimitive(eqn.primitive) ? (TRANSPOSE_TABLE.find(eqn.primitive) as TransposeRule<PrimitiveName> | undefined) : undefined;
    if (rule === undefined) {
      throw new TypeError(`Transpose rule (for reverse-mode differentiation) for '${eqn.primitive}' not implemented: it is not linear in its tangent inputs.`);
    }
    const ctsIn = rule(ctsOut, eqn.invars.map(readPrimal), eqn.params);
    eqn.invars.forEach((a, i) => writeCt(a, ctsIn[i] ?? null));
  }
  return jaxpr.invars.flatMap((v, i) => (args[i] instanceof UndefinedPrimal ? [readCt(v)] : []));
}
