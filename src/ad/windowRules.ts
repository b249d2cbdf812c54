// JVP and transpose rules of the windowed reductions, after jax/_src/lax/windowed_reductions.py:
// - reduce_window_sum is linear (ad.deflinear2); its transpose pads the cotangent (interior
//   stride - 1, edges from convolution._conv_general_vjp_lhs_padding) and sums it over the same
//   window with base dilation as the stride (_reduce_window_sum_transpose_rule).
// - reduce_window_max/min: the tangent at each window's first maximal/minimal element,
//   select_and_gather_add with lax.ge / lax.le (_reduce_window_chooser_jvp_rule).
// - reduce_window: a reduce_window over (primals, tangents) by the jvp of its monoid, with zero
//   tangents for the init values (reduce_window_jvp). It is not linear: reverse mode fails for it
//   as it does in JAX.
// - select_and_scatter_add and select_and_gather_add are linear in their first operand and
//   transpose into each other (_select_and_scatter_add_transpose, _select_and_gather_add_transpose).
import type { ClosedJaxpr, MonoidWindowName, SelectPrim, Shape, WindowGeometry, WindowName } from "../../jaxpr/index.js";
import { dilateShape, isFloat } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind1 } from "../core/trace.js";
import { NotImplementedError } from "../core/errors.js";
import { traceFlatToClosedJaxpr } from "../core/staging.js";
import * as lax from "../lax/ops.js";
import { monoidWindow, reduceWindowGeneral, selectAndGatherAdd, selectAndScatterAdd } from "../lax/windowPrimitives.js";
import { JvpRule, TransposeRule, UndefinedPrimal, Zero } from "./types.js";
import { instantiate, isZero, tangentAval } from "./zeros.js";
import { deflinear, linearTransposeRule, notLinear } from "./ruleMakers.js";
import { jvpOfJaxpr } from "./jvpJaxpr.js";

/** convolution._conv_general_vjp_lhs_padding: the edges that make a window sum its own adjoint. */
function vjpLhsPadding(inShape: Shape, g: WindowGeometry, outShape: Shape): [number, number][] {
  const lhs = dilateShape(inShape, g.baseDilation);
  const rhs = dilateShape(g.windowDimensions, g.windowDilation);
  const out = dilateShape(outShape, g.windowStrides);
  return lhs.map((l, i) => {
    const before = rhs[i]! - g.padding[i]![0] - 1;
    return [before, l + rhs[i]! - 1 - out[i]! - before];
  });
}

const reduceWindowSum = deflinear("reduce_window_sum", (ct, [operand], g) => {
  const inShape = (operand as UndefinedPrimal).aval.shape;
  const pads = vjpLhsPadding(inShape, g, ct.shape);
  const padded = lax.pad(ct, 0, pads.map(([lo, hi], i) => [lo, hi, g.windowStrides[i]! - 1] as const));
  const ones = inShape.map(() => 1);
  const result = monoidWindow("reduce_window_sum", padded, {
    windowDimensions: g.windowDimensions,
    windowStrides: g.baseDilation,
    padding: inShape.map(() => [0, 0] as const),
    baseDilation: ones,
    windowDilation: g.windowDilation,
  });
  return [result];
});

const geometryOf = (p: WindowGeometry): WindowGeometry => ({
  windowDimensions: p.windowDimensions,
  windowStrides: p.windowStrides,
  padding: p.padding,
  baseDilation: p.baseDilation,
  windowDilation: p.windowDilation,
});

function chooserJvp(prim: "reduce_window_max" | "reduce_window_min"): JvpRule<MonoidWindowName> {
  const select: SelectPrim = prim === "reduce_window_max" ? "ge" : "le";
  return ([operand], [t], params) => {
    const out = monoidWindow(prim, operand!, params);
    if (isZero(t) || !isFloat(out.dtype)) return [[out], [new Zero(tangentAval(out.aval))]];
    return [[out], [selectAndGatherAdd(instantiate(t!), operand!, select, geometryOf(params))]];
  };
}

/** reduce_window_jvp: the monoid's jvp reduces (primal, tangent) pairs; init tangents are zero. */
const reduceWindowJvp: JvpRule<"reduce_window"> = (primals, tangents, params) => {
  const n = primals.length / 2;
  const operands = primals.slice(0, n);
  const inits = primals.slice(n);
  if (tangents.slice(n).some((t) => !isZero(t))) throw new TypeError("reduce_window jvp does not support non-zero init_value_tangent.");
  const body = params.jaxpr as ClosedJaxpr<Array>;
  const floats = operands.map((o) => isFloat(o.dtype));
  if (tangents.slice(0, n).every((t, i) => isZero(t) || !floats[i])) {
    const outs = reduceWindowGeneral(operands, inits, body, geometryOf(params));
    return [outs, outs.map((o) => new Zero(tangentAval(o.aval)))];
  }
  // Body of the paired reduction: (acc primals, acc tangents, x primals, x tangents) -> (primals, tangents).
  const avals = body.inAvals.slice(0, n);
  const tAvals = avals.map(tangentAval);
  const pairBody = traceFlatToClosedJaxpr((...xs: Array[]) => {
    const [ap, at, xp, xt] = [xs.slice(0, n), xs.slice(n, 2 * n), xs.slice(2 * n, 3 * n), xs.slice(3 * n)];
    const [po, to] = jvpOfJaxpr(body, [...ap, ...xp], [...at, ...xt]);
    return [...po, ...to.map(instantiate)];
  }, [...avals, ...tAvals, ...avals, ...tAvals]);
  const tangentIn = tangents.slice(0, n).map((t) => instantiate(t!));
  const zeroInits = inits.map((v) => lax.full([], 0, tangentAval(v.aval).dtype));
  const outs = reduceWindowGeneral([...operands, ...tangentIn], [...inits, ...zeroInits], pairBody, geometryOf(params));
  return [outs.slice(0, n), outs.slice(n)];
};

/** Linear in the first operand (source or tangents) for a fixed second operand: applied to the tangent. */
function linearInFirst<P extends "select_and_scatter_add" | "select_and_gather_add">(prim: P): JvpRule<P> {
  return ([first, operand], [t], params) => {
    const out = bind1(prim, [first!, operand!], params);
    if (isZero(t)) return [[out], [new Zero(tangentAval(out.aval))]];
    return [[out], [bind1(prim, [instantiate(t!), operand!], params)]];
  };
}

function knownOperand(prim: string, inputs: (Array | UndefinedPrimal)[]): Array {
  const [first, operand] = inputs;
  if (!(first instanceof UndefinedPrimal) || operand instanceof UndefinedPrimal) notLinear(prim, "it is linear in its first operand only, for a known operand");
  return operand!;
}

const selectAndScatterAddTranspose: TransposeRule<"select_and_scatter_add"> = linearTransposeRule((t, inputs, p) => {
  const operand = knownOperand("select_and_scatter_add", inputs);
  const ones = p.windowDimensions.map(() => 1);
  const g = { windowDimensions: p.windowDimensions, windowStrides: p.windowStrides, padding: p.padding, baseDilation: ones, windowDilation: ones };
  return [selectAndGatherAdd(t, operand, p.selectPrim, g), null];
});

const selectAndGatherAddTranspose: TransposeRule<"select_and_gather_add"> = linearTransposeRule((t, inputs, p) => {
  let operand = knownOperand("select_and_gather_add", inputs);
  if (p.windowDilation.some((d) => d !== 1)) {
    throw new NotImplementedError(`VJP not implemented for select_and_gather (MaxPool) with window dilation, got window_dilation=(${p.windowDilation.join(", ")}${p.windowDilation.length === 1 ? "," : ""}).`);
  }
  const hasBaseDilation = p.baseDilation.some((d) => d !== 1);
  // Holes of the dilated base hold the selection's identity, so they are never picked over an element.
  const identity = p.selectPrim === "ge" ? -Infinity : Infinity;
  if (hasBaseDilation) operand = lax.pad(operand, identity, p.baseDilation.map((d) => [0, 0, d - 1] as const));
  let result = selectAndScatterAdd(t, operand, p.selectPrim, p.windowDimensions, p.windowStrides, p.padding);
  if (hasBaseDilation) result = lax.slice(result, result.shape.map(() => 0), result.shape, p.baseDilation);
  return [result, null];
});

export const WINDOW_JVP_RULES: { [P in WindowName]: JvpRule<P> } = {
  reduce_window_sum: reduceWindowSum.jvp,
  reduce_window_max: chooserJvp("reduce_window_max"),
  reduce_window_min: chooserJvp("reduce_window_min"),
  reduce_window: reduceWindowJvp,
  select_and_scatter_add: linearInFirst("select_and_scatter_add"),
  select_and_gather_add: linearInFirst("select_and_gather_add"),
};

export const WINDOW_TRANSPOSE_RULES: { [P in "reduce_window_sum" | "select_and_scatter_add" | "select_and_gather_add"]: TransposeRule<P> } = {
  reduce_window_sum: reduceWindowSum.transpose,
  select_and_scatter_add: selectAndScatterAddTranspose,
  select_and_gather_add: selectAndGatherAddTranspose,
};

