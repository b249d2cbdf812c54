// JVP rules of the special-function primitives (jaxpr/params.ts's SpecialFunctionParams), as
// jax/_src/lax/special.py defines them.
import type { SpecialFunctionParams } from "../../jaxpr/index.js";
import { ValueError } from "../core/errors.js";
import { bind1 } from "../core/trace.js";
import * as ew from "../lax/elementwise.js";
import { lgamma } from "../lax/lgamma.js";
import type { JvpRule } from "./types.js";
import { isZero, nonZero, tangentAval } from "./zeros.js";
import { Zero } from "./types.js";

/**
 * I_x(a, b): JAX's betainc_gradx in x, x^(a-1) (1-x)^(b-1) / B(a, b);
 * a tangent in a or b raises JAX's betainc_grad_not_implemented error.
 */
const regularizedIncompleteBetaJvp: JvpRule<"regularized_incomplete_beta"> = ([a, b, x], [ta, tb, tx], params) => {
  if (!isZero(ta!) || !isZero(tb!)) throw new ValueError("Betainc gradient with respect to a and b not supported.");
  const out = bind1("regularized_incomplete_beta", [a!, b!, x!], params);
  if (isZero(tx!)) return [[out], [new Zero(tangentAval(out.aval))]];
  const logBeta = ew.sub(ew.add(lgamma(a!), lgamma(b!)), lgamma(ew.add(a!, b!)));
  const logDensity = ew.sub(ew.add(ew.mul(ew.sub(b!, 1), ew.log1p(ew.neg(x!))), ew.mul(ew.sub(a!, 1), ew.log(x!))), logBeta);
  return [[out], [ew.mul(nonZero(tx!), ew.exp(logDensity))]];
};

export const SPECIAL_FUNCTION_JVP_RULES: { [P in keyof SpecialFunctionParams]: JvpRule<P> } = {
  regularized_incomplete_beta: regularizedIncompleteBetaJvp,
};
