// Rule makers, as JAX's jax/_src/interpreters/ad.py has them: one definition gives a primitive
// both its JVP and its transpose rule, so the two cannot disagree.
// - `deflinear` (JAX's deflinear2) for a primitive linear in its leading operands: its JVP applies
//   the primitive to the tangents, its transpose is given.
// - `defbilinear` for a primitive bilinear in its two operands (mul, dot_general; convolutions
//   next): JVP prim(tx, y) + prim(x, ty), and the transpose in whichever operand is the linear
//   input, from one transpose per side.
import type { BilinearName, LinearPrimitiveName, Params, PrimitiveName, ShapedArray } from "../../jaxpr/index.js";
import { isInexact } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import { bind1 } from "../core/trace.js";
import type { JvpRule, Tangent, TransposeRule } from "./types.js";
import { UndefinedPrimal, Zero } from "./types.js";
import { addTangents, instantiate, isZero, tangentAval } from "./zeros.js";

/** JAX's error when a transpose rule meets inputs it is not linear in. */
export function notLinear(prim: string, why: string): never {
  throw new TypeError(`Transpose rule (for reverse-mode differentiation) for '${prim}' cannot be applied: ${why}.`);
}

type Input = Array | UndefinedPrimal;
type Cotangent = Tangent | null;

/**
 * A transpose rule that returns zero cotangents for every linear input when the output cotangent
 * is zero, without running `rule` (JAX's linear_transpose2): nothing is materialised.
 */
export function linearTransposeRule<P extends LinearPrimitiveName>(rule: (ct: Array, inputs: Input[], params: Params<P>) => Cotangent[]): TransposeRule<P> {
  return (cts, inputs, params) => {
    const ct = cts[0]!;
    if (ct instanceof Zero) return inputs.map((x) => (x instanceof UndefinedPrimal ? new Zero(tangentAval(x.aval)) : null));
    return rule(ct, inputs, params);
  };
}

/**
 * The JVP of a primitive linear in its first `numLinear` operands (the rest are indices or
 * static operands): the primitive applied to their tangents. `tangentParams` adjusts the params
 * for the tangent computation (a gather that fills reads 0 where the primal fills).
 */
export function linearJvp<P extends PrimitiveName>(prim: P, numLinear = 1, tangentParams?: (p: Params<P>) => Params<P>): JvpRule<P> {
  return (primals, tangents, params) => {
    const out = bind1(prim, primals, params);
    const zero = new Zero(tangentAval(out.aval));
    if (!isInexact(out.dtype)) return [[out], [zero]];
    const linear = tangents.slice(0, numLinear);
    if (linear.every((t) => isZero(t))) return [[out], [zero]];
    const args = [...linear.map(instantiate), ...primals.slice(numLinear)];
    return [[out], [bind1(prim, args, tangentParams ? tangentParams(params) : params)]];
  };
}

/** JAX's deflinear2: the JVP from the primitive itself, the transpose as given. */
export function deflinear<P extends LinearPrimitiveName>(
  prim: P,
  transpose: (ct: Array, inputs: Input[], params: Params<P>) => Cotangent[],
  options: { numLinear?: number; tangentParams?: (p: Params<P>) => Params<P> } = {},
): { readonly jvp: JvpRule<P>; readonly transpose: TransposeRule<P> } {
  return { jvp: linearJvp(prim, options.numLinear ?? 1, options.tangentParams), transpose: linearTransposeRule(transpose) };
}

/**
 * One side of a bilinear primitive's transpose: the cotangent of the linear operand, given the
 * output cotangent, the other (known) operand, the linear operand's aval and the params.
 */
export type BilinearTranspose<P extends BilinearName> = (ct: Array, other: Array, linearAval: ShapedArray, params: Params<P>) => Array;

/**
 * JAX's defbilinear: `prim(x, y)` linear in x for fixed y and in y for fixed x. The JVP is
 * prim(tx, y) + prim(x, ty) (a non-float operand contributes nothing); the transpose applies
 * `lhs` or `rhs` by which operand is the linear input, and refuses both or neither.
 */
export function defbilinear<P extends BilinearName>(prim: P, lhs: BilinearTranspose<P>, rhs: BilinearTranspose<P>): { readonly jvp: JvpRule<P>; readonly transpose: TransposeRule<P> } {
  const jvp: JvpRule<P> = ([x, y], [tx, ty], params) => {
    const out = bind1(prim, [x!, y!], params);
    let t: Tangent = new Zero(tangentAval(out.aval));
    if (!isInexact(out.dtype)) return [[out], [t]];
    if (!isZero(tx) && isInexact(x!.dtype)) t = addTangents(t, bind1(prim, [instantiate(tx!), y!], params));
    if (!isZero(ty) && isInexact(y!.dtype)) t = addTangents(t, bind1(prim, [x!, instantiate(ty!)], params));
    return [[out], [t]];
  };
  const transpose = linearTransposeRule<P>((ct, [x, y], params) => {
    const linearX = x instanceof UndefinedPrimal;
    const linearY = y instanceof UndefinedPrimal;
    if (linearX === linearY) notLinear(prim, linearX ? `both operands are linear inputs (${prim} is bilinear)` : "neither operand is a linear input");
    if (linearX) return [lhs(ct, y as Array, x.aval, params), null];
    return [null, rhs(ct, x as Array, (y as UndefinedPrimal).aval, params)];
  });
  return { jvp, transpose };
}
