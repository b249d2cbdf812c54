// JVP rules for every primitive of the catalogue, with JAX's semantics (jax/_src/lax/lax.py,
// slicing.py, control of symbolic zeros as in ad.py).
//
// Contract (reverse mode is linearize + transpose): every tangent output is built from the input
// tangents with LINEAR primitives only (add, sub, neg, mul/div by a primal-derived coefficient,
// convert_element_type, broadcast_in_dim, reshape, transpose, squeeze, expand_dims, rev, pad,
// concatenate, slice, dynamic_slice, dynamic_update_slice, gather, scatter-add, select_n with a
// primal predicate, reduce_sum, cumsum, dot_general with one primal operand, and scatter/scatter-mul
// linear in the operand as JAX does). Coefficients are computed from primals with any primitive.
// Rules bind through lax, so they are themselves differentiable and higher orders compose.
//
// Broadcasting: lax binary ops accept rank-0 and size-1 operands. A tangent term of an operand
// that was broadcast is broadcast explicitly (broadcast_in_dim) to the output shape *before* it
// is multiplied by its coefficient, so the linear operand of every mul/div has the output shape.
import type { CorePrimitiveName, GatherDimensionNumbers, Params, PrimitiveName, ScatterDimensionNumbers, ScatterName, Shape, CumulativeName, ReduceName, UnaryElementwiseName, BinaryElementwiseName, DType } from "../../jaxpr/index.js";
import { isComplex, isInexact, shapeEqual } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind, bind1 } from "../core/trace.js";
import { scalarArray } from "../core/eval.js";
import * as lax from "../lax/ops.js";
import { range } from "../../jaxpr/lists.js";
import { gatherDnOfScatter, scatterSliceSizes } from "../../jaxpr/dimensionNumbers.js";
import type { CallRuleName, ControlFlowName } from "../core/ruleGroups.js";
import { Zero, Tangent, JvpRule } from "./types.js";
import { addTangents, instantiate, isZero, nonZero, tangentAval, zerosLikeAval } from "./zeros.js";
import { linearJvp } from "./ruleMakers.js";
import { DOT_GENERAL_RULES, MUL_RULES } from "./bilinearRules.js";
import { COLLECTIVE_JVP_RULES } from "./collectiveRules.js";
import { SPECIAL_FUNCTION_JVP_RULES } from "./specialFunctionRules.js";

export { addTangents, isZero };

/** Materialises a symbolic zero as zeros of its aval (a broadcast of a scalar 0). */
export const instantiateZeros = (t: Tangent): Array => instantiate(t);

// ---------------------------------------------------------------------------------------------
// Small helpers


/** The symbolic zero tangent of a primal: same shape and dtype, never weak. */
export const zeroTangent = (primal: Array): Zero => new Zero(tangentAval(primal.aval));

/** Zeros with a primal's shape and dtype (strong). */
const zerosLike = (x: Array): Array => zerosLikeAval(tangentAval(x.aval));

/** A constant filled with `v`, with `x`'s shape and dtype. */
function fullLike(x: Array, v: number, dtype: DType = x.dtype): Array {
  return lax.broadcastInDim(scalarArray(v, dtype, false), x.shape, []);
}

/** Broadcasts `t` to `shape` (rank-0 or size-1 dims), as lax's binary ops broadcast implicitly. */
function bcast(t: Array, shape: Shape): Array {
  if (shapeEqual(t.shape, shape)) return t;
  return lax.broadcastInDim(t, shape, t.ndim === 0 ? [] : range(t.ndim));
}

/** The common shape of operands that lax broadcasts together (rank-0 and size-1 dims). */
function commonShape(...xs: Array[]): number[] {
  let out: number[] = [];
  for (const x of xs) {
    if (x.ndim === 0) continue;
    if (out.length === 0) out = [...x.shape];
    else out = out.map((d, i) => (d === 1 ? x.shape[i]! : d));
  }
  return out;
}

const asDtype = (b: Array, dtype: DType): Array => lax.convertElementType(b, dtype);

/** Keeps a (linear) tangent where `pred` holds and zero elsewhere: select_n with a primal predicate. */
function keepWhere(pred: Array, t: Array): Array {
  const p = pred.ndim === 0 || shapeEqual(pred.shape, t.shape) ? pred : bcast(pred, t.shape);
  return lax.selectN(p, zerosLike(t), t);
}

/** JAX's `_replace_zero`: x with zeros replaced by ones. */
const replaceZero = (x: Array): Array => lax.selectN(lax.eq(x, 0), x, fullLike(x, 1));

const notFloat = (x: Array): boolean => !isInexact(x.dtype);

/** out[i] = a[i - d] along `axis` for i >= d, `fill` before (a shift towards higher indices). */
function shiftForward(a: Array, axis: number, d: number, fill: number): Array {
  const n = a.shape[axis]!;
  if (d >= n) return fullLike(a, fill);
  const cfg = a.shape.map((_, i) => (i === axis ? ([d, 0, 0] as const) : ([0, 0, 0] as const)));
  return lax.pad(lax.sliceInDim(a, 0, n - d, 1, axis), fill, cfg);
}

/** out[i] = a[i + 1] along `axis`, `fill` at the end. */
function shiftBackward(a: Array, axis: number, fill: number): Array {
  const n = a.shape[axis]!;
  if (n <= 1) return fullLike(a, fill);
  const cfg = a.shape.map((_, i) => (i === axis ? ([0, 1, 0] as const) : ([0, 0, 0] as const)));
  return lax.pad(lax.sliceInDim(a, 1, n, 1, axis), fill, cfg);
}

/** numpy's take_along_axis with an index array of `a`'s shape: a gather with batching dims. */
export function takeAlongAxis(a: Array, idx: Array, axis: number, uniqueIndices = false): Array {
  const others = range(a.ndim).filter((d) => d !== axis);
  const dn: GatherDimensionNumbers = {
    offsetDims: [],
    collapsedSliceDims: [axis],
    startIndexMap: [axis],
    operandBatchingDims: others,
    startIndicesBatchingDims: others,
  };
  return lax.gather(a, lax.expandDims(idx, [idx.ndim]), dn, a.shape.map(() => 1), { mode: "promise_in_bounds", uniqueIndices });
}

/** Gathers, per update element, the value a scatter with these numbers reads/writes in `a`. */
function gatherAtUpdates(a: Array, indices: Array, dn: ScatterDimensionNumbers, updatesShape: Shape): Array {
  const gdn = gatherDnOfScatter(dn);
  const sizes = scatterSliceSizes(dn, a.ndim, updatesShape);
  // Clamping keeps the values finite; windows that the scatter drops are dropped again by the
  // scatter-add that consumes these values, so what clamping reads for them never matters.
  return lax.gather(a, indices, gdn, sizes, { mode: "clip" });
}

// ---------------------------------------------------------------------------------------------
// Rule builders

/** A primitive whose outputs have zero tangents (piecewise constant, integer or boolean valued). */
function zeroJvp<P extends PrimitiveName>(name: P): JvpRule<P> {
  return (primals, _tangents, params) => {
    const outs = bind(name, primals, params);
    return [outs, outs.map(zeroTangent)];
  };
}

/** JAX's _replace_inf: +inf becomes 0. */
const replacePosInf = (x: Array): Array => lax.select(lax.eq(x, lax.fullLike(x, Infinity)), lax.fullLike(x, 0), x);

/** Elementwise unary: tangent = f(t, x, ans) with t nonzero. */
function unaryJvp<P extends UnaryElementwiseName>(name: P, f: (t: Array, x: Array, ans: Array, params: Params<P>) => Tangent): JvpRule<P> {
  return ([x], [t], params) => {
    const ans = bind1(name, [x!], params);
    if (notFloat(ans) || isZero(t)) return [[ans], [zeroTangent(ans)]];
    return [[ans], [f(nonZero(t), x!, ans, params)]];
  };
}

type BinaryTerm = (g: Array, x: Array, y: Array, ans: Array) => Array;

/**
 * Elementwise binary: the tangent is dx(g_x) + dy(g_y), each `g` already broadcast to the output
 * shape; a term whose input tangent is a symbolic zero is skipped.
 */
function binaryJvp<P extends BinaryElementwiseName>(name: P, dx: BinaryTerm, dy: BinaryTerm): JvpRule<P> {
  return ([x, y], [tx, ty], params) => {
    const ans = bind1(name, [x!, y!], params);
    if (notFloat(ans)) return [[ans], [zeroTangent(ans)]];
    let out: Tangent = zeroTangent(ans);
    if (!isZero(tx)) out = addTangents(out, dx(bcast(nonZero(tx), ans.shape), x!, y!, ans));
    if (!isZero(ty)) out = addTangents(out, dy(bcast(nonZero(ty), ans.shape), x!, y!, ans));
    return [[ans], [out]];
  };
}

// ---------------------------------------------------------------------------------------------
// Elementwise rules

/** JAX's `_balanced_eq(x, z, y)`: 1 where x == z, halved where y == z as well (ties split 0.5/0.5). */
function balancedEq(x: Array, z: Array, y: Array): Array {
  const d = z.dtype;
  return lax.div(asDtype(lax.eq(x, z), d), lax.add(asDtype(lax.eq(y, z), d), 1));
}

const UNARY_RULES: { [P in UnaryElementwiseName]: JvpRule<P> } = {
  neg: unaryJvp("neg", (t) => lax.neg(t)),
  // JAX: ad.deflinear(reduce_precision_p): the tangent is rounded like the primal.
  reduce_precision: unaryJvp("reduce_precision", (t, _x, _ans, params) => lax.reducePrecision(t, params.exponentBits, params.mantissaBits)),
  sign: zeroJvp("sign"),
  floor: zeroJvp("floor"),
  ceil: zeroJvp("ceil"),
  round: zeroJvp("round"),
  is_finite: zeroJvp("is_finite"),
  exp: unaryJvp("exp", (t, _x, ans) => lax.mul(t, ans)),
  exp2: unaryJvp("exp2", (t, _x, ans) => lax.mul(t, lax.mul(ans, Math.LN2))),
  log: unaryJvp("log", (t, x) => lax.div(t, x)),
  log1p: unaryJvp("log1p", (t, x) => lax.div(t, lax.add(x, 1))),
  expm1: unaryJvp("expm1", (t, _x, ans) => lax.mul(t, lax.add(ans, 1))),
  // JAX: g * (1 + ans) * (1 - ans).
  tanh: unaryJvp("tanh", (t, _x, ans) => lax.mul(t, lax.mul(lax.add(ans, 1), lax.sub(1, ans)))),
  logistic: unaryJvp("logistic", (t, _x, ans) => lax.mul(t, lax.mul(ans, lax.sub(1, ans)))),
  sin: unaryJvp("sin", (t, x) => lax.mul(t, lax.cos(x))),
  cos: unaryJvp("cos", (t, x) => lax.mul(t, lax.neg(lax.sin(x)))),
  tan: unaryJvp("tan", (t, _x, ans) => lax.mul(t, lax.add(lax.square(ans), 1))),
  asin: unaryJvp("asin", (t, x) => lax.mul(t, lax.rsqrt(lax.sub(1, lax.square(x))))),
  acos: unaryJvp("acos", (t, x) => lax.mul(t, lax.neg(lax.rsqrt(lax.sub(1, lax.square(x)))))),
  atan: unaryJvp("atan", (t, x) => lax.div(t, lax.add(lax.square(x), 1))),
  sinh: unaryJvp("sinh", (t, x) => lax.mul(t, lax.cosh(x))),
  cosh: unaryJvp("cosh", (t, x) => lax.mul(t, lax.sinh(x))),
  asinh: unaryJvp("asinh", (t, x) => lax.mul(t, lax.rsqrt(lax.add(lax.square(x), 1)))),
  acosh: unaryJvp("acosh", (t, x) => lax.mul(t, lax.rsqrt(lax.mul(lax.sub(x, 1), lax.add(x, 1))))),
  // JAX: (1 / (1 + x)) * (g / (1 - x)).
  atanh: unaryJvp("atanh", (t, x) => lax.div(t, lax.mul(lax.add(x, 1), lax.sub(1, x)))),
  sqrt: unaryJvp("sqrt", (t, _x, ans) => lax.mul(t, lax.div(0.5, ans))),
  rsqrt: unaryJvp("rsqrt", (t, x, ans) => lax.mul(t, lax.mul(lax.div(ans, x), -0.5))),
  cbrt: unaryJvp("cbrt", (t, _x, ans) => lax.mul(t, lax.mul(lax.integerPow(ans, -2), 1 / 3))),
  // JAX's real abs: select(x >= 0, g, -g), so abs'(0) = 1.
  // JAX's _abs_jvp_rule for complex x: real(t * conj(x) / |x|), |x| = 0 read as 1.
  abs: unaryJvp("abs", (t, x, ans) =>
    isComplex(x.dtype) ? lax.real(lax.mul(t, lax.div(lax.conj(x), replaceZero(lax.convertElementType(ans, x.dtype))))) : keepSign(lax.ge(x, 0), t),
  ),
  erf: unaryJvp("erf", (t, x) => lax.mul(t, lax.mul(lax.exp(lax.neg(lax.square(x))), 2 / Math.sqrt(Math.PI)))),
  not: zeroJvp("not"),
  square: unaryJvp("square", (t, x) => lax.mul(t, lax.mul(x, 2))),
  integer_pow: unaryJvp("integer_pow", (t, x, _ans, { y }) => {
    if (y === 0) return zeroTangent(x);
    if (y === 1) return t;
    const p = y === 2 ? x : lax.integerPow(x, y - 1);
    return lax.mul(t, lax.mul(p, y));
  }),
  stop_gradient: zeroJvp("stop_gradient"),
};

/** select(pred, t, -t) for a linear t. */
function keepSign(pred: Array, t: Array): Array {
  const p = pred.ndim === 0 || shapeEqual(pred.shape, t.shape) ? pred : bcast(pred, t.shape);
  return lax.selectN(p, lax.neg(t), t);
}

const sumOfSquares = (x: Array, y: Array): Array => lax.add(lax.square(x), lax.square(y));

const BINARY_RULES: { [P in BinaryElementwiseName]: JvpRule<P> } = {
  add: ([x, y], [tx, ty], params) => {
    const ans = bind1("add", [x!, y!], params);
    if (notFloat(ans)) return [[ans], [zeroTangent(ans)]];
    if (isZero(tx) && isZero(ty)) return [[ans], [zeroTangent(ans)]];
    if (isZero(ty)) return [[ans], [bcast(tx as Array, ans.shape)]];
    if (isZero(tx)) return [[ans], [bcast(nonZero(ty), ans.shape)]];
    return [[ans], [lax.add(bcast(nonZero(tx), ans.shape), bcast(nonZero(ty), ans.shape))]];
  },
  sub: ([x, y], [tx, ty], params) => {
    const ans = bind1("sub", [x!, y!], params);
    if (notFloat(ans)) return [[ans], [zeroTangent(ans)]];
    if (isZero(tx) && isZero(ty)) return [[ans], [zeroTangent(ans)]];
    if (isZero(ty)) return [[ans], [bcast(tx as Array, ans.shape)]];
    if (isZero(tx)) return [[ans], [lax.neg(bcast(nonZero(ty), ans.shape))]];
    return [[ans], [lax.sub(bcast(nonZero(tx), ans.shape), bcast(nonZero(ty), ans.shape))]];
  },
  mul: MUL_RULES.jvp,
  // JAX's _logaddexp_jvp (jax/_src/lax/other.py): t * exp(x - out), +inf replaced by 0 in x and
  // out so that the derivative is finite (1/2 each) where both operands are +inf.
  logaddexp: binaryJvp(
    "logaddexp",
    (g, x, _y, ans) => lax.mul(g, lax.exp(lax.sub(replacePosInf(x), replacePosInf(ans)))),
    (g, _x, y, ans) => lax.mul(g, lax.exp(lax.sub(replacePosInf(y), replacePosInf(ans)))),
  ),
  div: binaryJvp(
    "div",
    (g, _x, y) => lax.div(g, y),
    // JAX: -g * x * y^-2.
    (g, x, y) => lax.mul(g, lax.mul(lax.neg(x), lax.integerPow(y, -2))),
  ),
  // rem(x, y) = x - y * trunc(x / y): d/dx = 1, d/dy = -trunc(x / y) (JAX's rule).
  rem: binaryJvp(
    "rem",
    (g) => g,
    (g, x, y) => {
      const q = lax.div(x, y);
      return lax.mul(g, lax.neg(lax.mul(lax.sign(q), lax.floor(lax.abs(q)))));
    },
  ),
  pow: binaryJvp(
    "pow",
    // y * x^(y-1). JAX's `_pow_jvp_lhs` (jax/_src/lax/lax.py) special-cases y == 0 only for an
    // integer-dtype exponent; pow here always has a float exponent (integer exponents go through
    // integer_pow, whose rule has the y == 0 case), which JAX differentiates with the plain
    // formula. A `where(y == 0, 0, ...)` here would also cut the exponent's own derivative of
    // this jacobian: d/dy [y x^(y-1)] at y = 0 is 1/x, the mixed second derivative, not 0.
    (g, x, y) => {
      const s = commonShape(x, y);
      const xb = bcast(x, s);
      const yb = bcast(y, s);
      return lax.mul(g, lax.mul(yb, lax.pow(xb, lax.sub(yb, 1))));
    },
    // log(x) * x^y, with log(x) read as 0 where x == 0 (JAX's `_replace_zero`).
    (g, x, _y, ans) => lax.mul(g, lax.mul(lax.log(replaceZero(x)), ans)),
  ),
  max: binaryJvp(
    "max",
    (g, x, y, ans) => lax.mul(g, balancedEq(x, ans, y)),
    (g, x, y, ans) => lax.mul(g, balancedEq(y, ans, x)),
  ),
  min: binaryJvp(
    "min",
    (g, x, y, ans) => lax.mul(g, balancedEq(x, ans, y)),
    (g, x, y, ans) => lax.mul(g, balancedEq(y, ans, x)),
  ),
  atan2: binaryJvp(
    "atan2",
    (g, x, y) => lax.mul(g, lax.div(y, sumOfSquares(x, y))),
    (g, x, y) => lax.mul(g, lax.div(lax.neg(x), sumOfSquares(x, y))),
  ),
  and: zeroJvp("and"),
  or: zeroJvp("or"),
  xor: zeroJvp("xor"),
  eq: zeroJvp("eq"),
  ne: zeroJvp("ne"),
  lt: zeroJvp("lt"),
  le: zeroJvp("le"),
  gt: zeroJvp("gt"),
  ge: zeroJvp("ge"),
  shift_left: zeroJvp("shift_left"),
  shift_right_logical: zeroJvp("shift_right_logical"),
  shift_right_arithmetic: zeroJvp("shift_right_arithmetic"),
};

// ---------------------------------------------------------------------------------------------
// Reductions

/** JAX's `_reduce_chooser_jvp_rule`: the tangent averaged over the positions equal to the result. */
function chooserJvp(name: "reduce_max" | "reduce_min"): JvpRule<typeof name> {
  return ([x], [t], params) => {
    const ans = bind1(name, [x!], params);
    if (notFloat(ans) || isZero(t)) return [[ans], [zeroTangent(ans)]];
    const kept = range(x!.ndim).filter((i) => !params.axes.includes(i));
    const loc = asDtype(lax.eq(x!, lax.broadcastInDim(ans, x!.shape, kept)), x!.dtype);
    const counts = lax.reduceSum(loc, params.axes);
    return [[ans], [lax.div(lax.reduceSum(lax.mul(nonZero(t), loc), params.axes), counts)]];
  };
}

/**
 * reduce_prod: d prod = sum_i t_i * prod_{j != i} x_j, with the product of the others computed
 * from exclusive cumulative products from both sides, so zeros are handled exactly (the gradient
 * at an input with one zero entry is the product of the others), as JAX's tree-reduction jvp.
 */
const reduceProdJvp: JvpRule<"reduce_prod"> = ([x], [t], params) => {
  const ans = bind1("reduce_prod", [x!], params);
  if (notFloat(ans) || isZero(t)) return [[ans], [zeroTangent(ans)]];
  const { axes } = params;
  const nonAxes = range(x!.ndim).filter((i) => !axes.includes(i));
  const n = axes.reduce((a, d) => a * x!.shape[d]!, 1);
  if (n === 0) return [[ans], [zeroTangent(ans)]];
  // Move the reduced axes last and flatten them into one.
  const perm = [...nonAxes, ...axes];
  const flatShape = [...nonAxes.map((d) => x!.shape[d]!), n];
  const isIdentity = perm.every((p, i) => p === i);
  const flat = (a: Array): Array => {
    const moved = isIdentity ? a : lax.transpose(a, perm);
    return shapeEqual(moved.shape, flatShape) ? moved : lax.reshape(moved, flatShape);
  };
  const xf = flat(x!);
  const axis = flatShape.length - 1;
  const before = shiftForward(lax.cumprod(xf, axis), axis, 1, 1);
  const after = shiftBackward(lax.cumprod(xf, axis, true), axis, 1);
  const others = lax.mul(before, after);
  return [[ans], [lax.reduceSum(lax.mul(flat(nonZero(t)), others), [axis])]];
};

const REDUCE_RULES: { [P in ReduceName]: JvpRule<P> } = {
  reduce_sum: linearJvp("reduce_sum"),
  reduce_max: chooserJvp("reduce_max"),
  reduce_min: chooserJvp("reduce_min"),
  reduce_prod: reduceProdJvp,
  reduce_and: zeroJvp("reduce_and"),
  reduce_or: zeroJvp("reduce_or"),
};

// ---------------------------------------------------------------------------------------------
// Cumulative reductions

/** Applies a forward (non-reversed) tangent computation to a reversed scan through `rev`. */
function withDirection(reverse: boolean, axis: number, f: (x: Array, t: Array, ans: Array) => Array, x: Array, t: Array, ans: Array): Array {
  if (!reverse) return f(x, t, ans);
  const r = (a: Array): Array => lax.rev(a, [axis]);
  return r(f(r(x), r(t), r(ans)));
}

/**
 * cumprod: the jvp of the parallel-prefix scan over (product, tangent) pairs, combining
 * (p1, t1) with (p2, t2) as (p1 p2, t1 p2 + p1 t2): JAX's rule (the jvp of associative_scan with
 * mul), exact at zeros since nothing is divided. log2(n) steps of Hillis-Steele doubling.
 */
function cumprodTangent(axis: number): (x: Array, t: Array) => Array {
  return (x, t) => {
    const n = x.shape[axis]!;
    let p = x;
    let tt = t;
    for (let d = 1; d < n; d *= 2) {
      const ps = shiftForward(p, axis, d, 1);
      const ts = shiftForward(tt, axis, d, 0);
      tt = lax.add(lax.mul(ts, p), lax.mul(tt, ps));
      if (2 * d < n) p = lax.mul(ps, p);
    }
    return tt;
  };
}

/**
 * cummax / cummin: the tangent of the element where the running extreme was first attained (the
 * running argmax/argmin, first occurrence on ties), gathered along the axis. The running argmax
 * is the last position k <= i where x_k beat every earlier element strictly.
 */
function cumExtremeTangent(axis: number, isMax: boolean): (x: Array, t: Array, ans: Array) => Array {
  return (x, t, ans) => {
    const prev = shiftForward(ans, axis, 1, isMax ? -Infinity : Infinity);
    const restart = isMax ? lax.gt(x, prev) : lax.lt(x, prev);
    const iota = lax.broadcastedIota("int32", x.shape, axis);
    const k = lax.cummax(lax.selectN(restart, fullLike(iota, 0), iota), axis);
    return takeAlongAxis(t, k, axis);
  };
}

function cumulativeJvp(name: "cumprod" | "cummax" | "cummin"): JvpRule<typeof name> {
  return ([x], [t], params) => {
    const ans = bind1(name, [x!], params);
    if (notFloat(ans) || isZero(t)) return [[ans], [zeroTangent(ans)]];
    const { axis, reverse } = params;
    if (x!.shape[axis] === 0) return [[ans], [zeroTangent(ans)]];
    const f = name === "cumprod" ? cumprodTangent(axis) : cumExtremeTangent(axis, name === "cummax");
    return [[ans], [withDirection(reverse, axis, f, x!, nonZero(t), ans)]];
  };
}

const CUMULATIVE_RULES: { [P in CumulativeName]: JvpRule<P> } = {
  cumsum: linearJvp("cumsum"),
  cumprod: cumulativeJvp("cumprod"),
  cummax: cumulativeJvp("cummax"),
  cummin: cumulativeJvp("cummin"),
};

// ---------------------------------------------------------------------------------------------
// Scatters

type ScatterParams = Params<"scatter">;
const scatterOpts = (p: ScatterParams) => ({ mode: p.mode, indicesAreSorted: p.indicesAreSorted, uniqueIndices: p.uniqueIndices });

/** scatter-add is linear in (operand, updates). */
const scatterAddJvp: JvpRule<"scatter-add"> = ([x, i, y], [tx, _ti, ty], params) => {
  const out = bind1("scatter-add", [x!, i!, y!], params);
  if (notFloat(out) || (isZero(tx) && isZero(ty))) return [[out], [zeroTangent(out)]];
  return [[out], [bind1("scatter-add", [instantiate(tx!), i!, instantiate(ty!)], params)]];
};

/**
 * scatter (overwrite). With unique indices the tangent is the scatter of the tangents. Otherwise
 * JAX's scheme: scatter a distinct positive id per update to learn which update won each
 * position, mask the operand/update tangents accordingly, and combine them with scatter-add (so
 * transposition needs no overwrite-scatter rule).
 */
const scatterJvp: JvpRule<"scatter"> = ([x, i, y], [tx, _ti, ty], params) => {
  const out = bind1("scatter", [x!, i!, y!], params);
  if (notFloat(out) || (isZero(tx) && isZero(ty))) return [[out], [zeroTangent(out)]];
  if (params.uniqueIndices) return [[out], [bind1("scatter", [instantiate(tx!), i!, instantiate(ty!)], params)]];
  const dn = params.dimensionNumbers;
  const idsShape = y!.shape.map((d, k) => (dn.updateWindowDims.includes(k) ? 1 : d));
  const numIds = idsShape.reduce((a, b) => a * b, 1);
  const ids = bcast(lax.add(lax.reshape(lax.iota("uint32", numIds), idsShape), 1), y!.shape);
  const scatteredIds = lax.scatter(fullLike(x!, 0, "uint32"), i!, ids, dn, scatterOpts(params));
  const gatheredIds = gatherAtUpdates(scatteredIds, i!, dn, y!.shape);
  const gOperand = isZero(tx) ? zerosLike(x!) : keepWhere(lax.eq(scatteredIds, 0), nonZero(tx));
  const gUpdates = isZero(ty) ? zerosLike(y!) : keepWhere(lax.eq(ids, gatheredIds), nonZero(ty));
  return [[out], [lax.scatterAdd(gOperand, i!, gUpdates, dn, scatterOpts(params))]];
};

/**
 * scatter-mul: linear in the operand (scatter-mul of its tangent by the updates, as JAX). For the
 * updates: out[p] = x[p] * prod_k y_k, so d out[p] = x[p] * sum_k t_k * prod_{j != k} y_j. With
 * unique indices the product of the others is 1 (JAX's rule, which supports only that case); in
 * general it is computed zero-safely from the product of the nonzero updates and the count of
 * zero updates at each position.
 */
const scatterMulJvp: JvpRule<"scatter-mul"> = ([x, i, y], [tx, _ti, ty], params) => {
  const out = bind1("scatter-mul", [x!, i!, y!], params);
  if (notFloat(out) || (isZero(tx) && isZero(ty))) return [[out], [zeroTangent(out)]];
  const dn = params.dimensionNumbers;
  const opts = scatterOpts(params);
  let tangent: Tangent = zeroTangent(out);
  if (!isZero(tx)) tangent = bind1("scatter-mul", [nonZero(tx), i!, y!], params);
  if (!isZero(ty)) {
    let inner = nonZero(ty);
    if (!params.uniqueIndices) {
      const dtype = y!.dtype;
      const isz = lax.eq(y!, 0);
      const yNonzero = lax.selectN(isz, y!, fullLike(y!, 1));
      const prodNonzero = lax.scatterMul(fullLike(x!, 1), i!, yNonzero, dn, opts);
      const zeroCount = lax.scatterAdd(zerosLike(x!), i!, asDtype(isz, dtype), dn, opts);
      const othersZero = lax.gt(lax.sub(gatherAtUpdates(zeroCount, i!, dn, y!.shape), asDtype(isz, dtype)), 0);
      const others = lax.selectN(othersZero, lax.div(gatherAtUpdates(prodNonzero, i!, dn, y!.shape), yNonzero), zerosLike(y!));
      inner = lax.mul(inner, others);
    }
    tangent = addTangents(tangent, lax.mul(lax.scatterAdd(zerosLike(x!), i!, inner, dn, opts), x!));
  }
  return [[out], [tangent]];
};

/**
 * scatter-min / scatter-max: as JAX's `_scatter_extremal_jvp`, the tangent at a position is the
 * average of the tangents of every contender (the operand element and the updates landing there)
 * whose value equals the result.
 */
function scatterExtremalJvp(name: "scatter-min" | "scatter-max"): JvpRule<typeof name> {
  return ([x, i, y], [tx, _ti, ty], params) => {
    const out = bind1(name, [x!, i!, y!], params);
    if (notFloat(out) || (isZero(tx) && isZero(ty))) return [[out], [zeroTangent(out)]];
    const dn = params.dimensionNumbers;
    const opts = scatterOpts(params);
    const dtype = out.dtype;
    const succeeded = lax.eq(y!, gatherAtUpdates(out, i!, dn, y!.shape));
    const retained = lax.eq(x!, out);
    const numUpdates = lax.scatterAdd(zerosLike(x!), i!, asDtype(succeeded, dtype), dn, opts);
    const count = lax.add(asDtype(retained, dtype), numUpdates);
    const den = lax.selectN(lax.eq(count, 0), count, fullLike(count, 1));
    let num: Tangent = zeroTangent(out);
    if (!isZero(tx)) num = keepWhere(retained, nonZero(tx));
    if (!isZero(ty)) num = addTangents(num, lax.scatterAdd(zerosLike(x!), i!, keepWhere(succeeded, nonZero(ty)), dn, opts));
    return [[out], [lax.div(num as Array, den)]];
  };
}

const SCATTER_RULES: { [P in ScatterName]: JvpRule<P> } = {
  scatter: scatterJvp,
  "scatter-add": scatterAddJvp,
  "scatter-mul": scatterMulJvp,
  "scatter-min": scatterExtremalJvp("scatter-min"),
  "scatter-max": scatterExtremalJvp("scatter-max"),
};

// ---------------------------------------------------------------------------------------------
// Structural and the rest

/** sort: sort an iota along with the operands, then gather each tangent through the permutation. */
const sortJvp: JvpRule<"sort"> = (primals, tangents, params) => {
  const { dimension } = params;
  const iota = lax.broadcastedIota("int32", primals[0]!.shape, dimension);
  const outs = bind("sort", [...primals, iota], params);
  const perm = outs[outs.length - 1]!;
  const primalsOut = outs.slice(0, primals.length);
  const tangentsOut = primalsOut.map((p, k) => {
    const t = tangents[k]!;
    if (isZero(t) || notFloat(p)) return zeroTangent(p);
    return takeAlongAxis(t, perm, dimension, true);
  });
  return [primalsOut, tangentsOut];
};

/** select_n: the same selection applied to the case tangents (zeros instantiated). */
const selectNJvp: JvpRule<"select_n"> = (primals, tangents, params) => {
  const out = bind1("select_n", primals, params);
  const caseTangents = tangents.slice(1);
  if (notFloat(out) || caseTangents.every((t) => isZero(t))) return [[out], [zeroTangent(out)]];
  return [[out], [bind1("select_n", [primals[0]!, ...caseTangents.map(instantiate)], params)]];
};

/**
 * clamp(lo, x, hi) = min(max(x, lo), hi): JAX's rule, each operand's tangent passing where it
 * alone determines the result (none at x == lo or x == hi). hi's tangent passes where
 * hi < max(x, lo), which is JAX's `hi < x` whenever lo <= hi, and also right for crossed bounds
 * (lo > hi, where the result is hi and JAX's rule drops hi's tangent).
 */
const clampJvp: JvpRule<"clamp"> = ([lo, x, hi], [tlo, tx, thi], params) => {
  const out = bind1("clamp", [lo!, x!, hi!], params);
  if (notFloat(out)) return [[out], [zeroTangent(out)]];
  const s = out.shape;
  let t: Tangent = zeroTangent(out);
  if (!isZero(tlo)) t = addTangents(t, keepWhere(lax.bitwiseAnd(lax.gt(lo!, x!), lax.lt(lo!, hi!)), bcast(nonZero(tlo), s)));
  if (!isZero(tx)) t = addTangents(t, keepWhere(lax.bitwiseAnd(lax.gt(x!, lo!), lax.lt(x!, hi!)), nonZero(tx)));
  if (!isZero(thi)) t = addTangents(t, keepWhere(lax.lt(hi!, lax.max(x!, lo!)), bcast(nonZero(thi), s)));
  return [[out], [t]];
};

/** convert_element_type: float -> float converts the tangent (strong); to or from non-floats: zero. */
const convertJvp: JvpRule<"convert_element_type"> = ([x], [t], params) => {
  const out = bind1("convert_element_type", [x!], params);
  if (notFloat(out) || notFloat(x!) || isZero(t)) return [[out], [zeroTangent(out)]];
  return [[out], [lax.convertElementType(nonZero(t), params.newDtype, false)]];
};

/** gather: the same gather of the tangent, filling with 0 where the primal fills (JAX). */
const gatherJvp = linearJvp("gather", 1, (p) => (p.mode === "fill" ? { ...p, fillValue: 0 } : p));

/**
 * Rules of primitives that the AD machinery itself introduces. custom_lin (a custom_vjp's linear
 * part, only transposable) has no forward mode, as in JAX. Kept in a spread so the table compiles
 * whether or not the catalogue lists the name yet.
 */
const AD_INTERNAL_RULES = {
  custom_lin: (): never => {
    throw new TypeError("can't apply forward-mode autodiff (jvp) to a custom_vjp function.");
  },
};

/**
 * The JVP rules of every core primitive but the call and control-flow ones (src/rules.ts adds
 * those; the families' come with them, src/families/).
 */
export const PRIMITIVE_JVP_RULES: { [P in Exclude<CorePrimitiveName, CallRuleName | ControlFlowName>]: JvpRule<P> } = {
  ...AD_INTERNAL_RULES,
  ...SPECIAL_FUNCTION_JVP_RULES,
  ...COLLECTIVE_JVP_RULES,
  bitcast_convert_type: zeroJvp("bitcast_convert_type"),
  ...UNARY_RULES,
  ...BINARY_RULES,
  ...REDUCE_RULES,
  ...CUMULATIVE_RULES,
  ...SCATTER_RULES,
  select_n: selectNJvp,
  clamp: clampJvp,
  convert_element_type: convertJvp,
  // Linear (JAX's ad.deflinear2 for real_p, imag_p, complex_p, conj_p): the primitive of the tangents.
  real: linearJvp("real"),
  imag: linearJvp("imag"),
  conj: linearJvp("conj"),
  complex: (primals, tangents, params) => {
    const out = bind1("complex", primals, params);
    if (tangents.every((t) => isZero(t))) return [[out], [zeroTangent(out)]];
    const [tx, ty] = tangents.map((t) => bcast(instantiate(t!), out.shape));
    return [[out], [lax.complex(tx!, ty!)]];
  },
  broadcast_in_dim: linearJvp("broadcast_in_dim"),
  reshape: linearJvp("reshape"),
  transpose: linearJvp("transpose"),
  squeeze: linearJvp("squeeze"),
  expand_dims: linearJvp("expand_dims"),
  rev: linearJvp("rev"),
  pad: linearJvp("pad", 2),
  concatenate: (primals, tangents, params) => linearJvp("concatenate", primals.length)(primals, tangents, params),
  slice: linearJvp("slice"),
  dynamic_slice: linearJvp("dynamic_slice"),
  dynamic_update_slice: linearJvp("dynamic_update_slice", 2),
  gather: gatherJvp,
  iota: zeroJvp("iota"),
  argmax: zeroJvp("argmax"),
  argmin: zeroJvp("argmin"),
  dot_general: DOT_GENERAL_RULES.jvp,
  sort: sortJvp,
  // JAX's name_jvp: the primal keeps its name (checkpoint policies read it); the tangent is not named.
  name: (primals, tangents, params) => [bind("name", primals, params), tangents],
};
