// The rule makers, driven by the primitive traits table (jaxpr/traits.ts): every primitive whose
// traits say `linear: "linear"` gets linearRule (JAX's deflinear/linear_prop: apply the primitive
// to each order's coefficients), every `"bilinear"` one bilinearRule (Leibniz's rule, JAX's
// _bilinear_taylor_rule). zeroRule serves primitives with piecewise-constant outputs (defzero).
import type { BilinearName, Params, PrimitiveName, StructurallyLinearName } from "../../jaxpr/index.js";
import { PRIMITIVE_NAMES, PRIMITIVE_TRAITS, isFloat } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import { bind, bind1 } from "../core/trace.js";
import { coefficients, fromCoefficients, sum } from "./series.js";
import { zeroSeries } from "./types.js";
import type { JetRule, Series } from "./types.js";

/** The params each order's application uses where they differ from the primal's. */
const SERIES_PARAMS: { [P in StructurallyLinearName]?: (params: Params<P>) => Params<P> } = {
  // Out-of-bounds positions of a filled gather hold a constant: its series is zero there (as JAX's
  // JVP of gather, fill_value=0).
  gather: (params) => (params.mode === "fill" ? { ...params, fillValue: 0 } : params),
};

/**
 * The jet rule of a primitive linear in its float operands jointly, integer operands (indices)
 * fixed, as the traits define "linear". A result of integer or bool dtype carries no series.
 */
export function linearRule<P extends StructurallyLinearName>(prim: P): JetRule<P> {
  const seriesParams = (SERIES_PARAMS[prim] as ((params: Params<P>) => Params<P>) | undefined) ?? ((params: Params<P>): Params<P> => params);
  return (primals, series, params) => {
    const primalsOut = bind(prim, primals, params);
    const order = series[0]!.length;
    const termParams = seriesParams(params);
    const perOrder: Array[][] = [];
    for (let k = 0; k < order; k++) perOrder.push(bind(prim, primals.map((p, i) => (isFloat(p.dtype) ? series[i]![k]! : p)), termParams));
    const seriesOut: Series[] = primalsOut.map((p, o) => (isFloat(p.dtype) ? perOrder.map((outs) => outs[o]!) : zeroSeries));
    return [primalsOut, seriesOut];
  };
}

/**
 * The jet rule of a bilinear primitive: v_k = sum_{j=0..k} op(u_j, w_{k-j}) (JAX's
 * _bilinear_taylor_rule). Terms of an operand that had no series are zero and skipped.
 */
export function bilinearRule<P extends BilinearName>(prim: P): JetRule<P> {
  return ([x, y], [xs, ys], params, { nonzero }) => {
    const op = (a: Array, b: Array): Array => bind1(prim, [a, b], params);
    const u = coefficients(x!, xs!);
    const w = coefficients(y!, ys!);
    const v = [op(x!, y!)];
    for (let k = 1; k < u.length; k++) {
      const terms: Array[] = [];
      for (let j = 0; j <= k; j++) {
        if ((j > 0 && !nonzero[0]) || (j < k && !nonzero[1])) continue;
        terms.push(op(u[j]!, w[k - j]!));
      }
      v.push(sum(terms));
    }
    return fromCoefficients(v);
  };
}

/** The jet rule of a primitive with piecewise-constant outputs: zero series (JAX's defzero). */
export function zeroRule<P extends PrimitiveName>(prim: P): JetRule<P> {
  return (primals, _series, params) => {
    const primalsOut = bind(prim, primals, params);
    return [primalsOut, primalsOut.map(() => zeroSeries)];
  };
}

const namesWithLinearity = <N extends PrimitiveName>(linearity: "linear" | "bilinear"): N[] =>
  PRIMITIVE_NAMES.filter((p) => PRIMITIVE_TRAITS[p].linear === linearity) as N[];

/** The primitives linearRule serves: `linear: "linear"` in the traits table. */
export const LINEAR_NAMES: readonly StructurallyLinearName[] = namesWithLinearity<StructurallyLinearName>("linear");
/** The primitives bilinearRule serves: `linear: "bilinear"` in the traits table. */
export const BILINEAR_NAMES: readonly BilinearName[] = namesWithLinearity<BilinearName>("bilinear");

/** Primitives with piecewise-constant (or non-float) outputs, taken by zeroRule. */
export const ZERO_NAMES = [
  "sign", "floor", "ceil", "round", "is_finite", "not", "stop_gradient", "and", "or", "xor", "eq", "ne", "lt", "le",
  "gt", "ge", "shift_left", "shift_right_logical", "shift_right_arithmetic", "bitcast_convert_type",
  // Not in JAX's jet (KeyError there): integer or boolean results, so nothing to propagate.
  "reduce_and", "reduce_or", "argmax", "argmin", "iota", "axis_index",
] as const satisfies readonly PrimitiveName[];
