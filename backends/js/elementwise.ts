// Elementwise primitives as JS expressions, one table row each. Values live in registers as JS
// numbers: floats as doubles, int32 wrapped with `|0`, uint32 with `>>>0`, bool as 0/1. Where a
// fused kernel rounds float32 values (conversions, comparisons, floor, ...): float32Rounding.
import type { DType, Eqn, UnaryElementwiseName, BinaryElementwiseName, Params, PrimitiveName } from "../../jaxpr/index.js";
import { complexNotLowered, narrowNotLowered, isNarrow, isUnaryElementwise, isBinaryElementwise } from "../../jaxpr/index.js";
import type { KernelExpr } from "../kernelIr/index.js";
import { ir } from "../kernelIr/index.js";
import type { RUNTIME_HELPERS } from "./runtimeHelpers.js";
import { int } from "./emit.js";

export type Expr = string;

export type RuntimeHelperName = keyof typeof RUNTIME_HELPERS;
/** A call of runtime helper `name` (runtimeHelpers.ts, bound to `h` in a kernel) as source; a renderer may record which helpers it calls. */
export type HelperCall = (name: RuntimeHelperName, ...args: Expr[]) => Expr;
export const helperCall: HelperCall = (name, ...args) => `h.${name}(${args.join(", ")})`;

const wrapInt = (dtype: DType, e: Expr): Expr => (dtype === "int32" ? `((${e}) | 0)` : dtype === "uint32" ? `((${e}) >>> 0)` : e);

type UnaryExpr = (x: Expr, dtype: DType, params: Readonly<Record<string, unknown>>, h: HelperCall) => Expr;
type BinaryExpr = (a: Expr, b: Expr, dtype: DType, h: HelperCall) => Expr;

const floatOnly = (f: (x: Expr) => Expr): UnaryExpr => (x) => f(x);

export const UNARY_EXPRESSIONS: Record<UnaryElementwiseName, UnaryExpr> = {
  neg: (x, d) => (d === "uint32" ? `((-(${x})) >>> 0)` : d === "int32" ? `((-(${x})) | 0)` : `(-(${x}))`),
  sign: (x, d) => (d === "uint32" ? `((${x}) > 0 ? 1 : 0)` : `((${x}) > 0 ? 1 : (${x}) < 0 ? -1 : (${x}))`),
  floor: floatOnly((x) => `Math.floor(${x})`),
  ceil: floatOnly((x) => `Math.ceil(${x})`),
  round: (x, _d, p, h) => (p["roundingMethod"] === 1 ? h("roundHalfEven", x) : h("roundAwayFromZero", x)),
  is_finite: floatOnly((x) => `(Number.isFinite(${x}) ? 1 : 0)`),
  exp: floatOnly((x) => `Math.exp(${x})`),
  exp2: floatOnly((x) => `Math.pow(2, ${x})`),
  log: floatOnly((x) => `Math.log(${x})`),
  log1p: floatOnly((x) => `Math.log1p(${x})`),
  expm1: floatOnly((x) => `Math.expm1(${x})`),
  tanh: floatOnly((x) => `Math.tanh(${x})`),
  logistic: floatOnly((x) => `(1 / (1 + Math.exp(-(${x}))))`),
  sin: floatOnly((x) => `Math.sin(${x})`),
  cos: floatOnly((x) => `Math.cos(${x})`),
  tan: floatOnly((x) => `Math.tan(${x})`),
  asin: floatOnly((x) => `Math.asin(${x})`),
  acos: floatOnly((x) => `Math.acos(${x})`),
  atan: floatOnly((x) => `Math.atan(${x})`),
  sinh: floatOnly((x) => `Math.sinh(${x})`),
  cosh: floatOnly((x) => `Math.cosh(${x})`),
  asinh: floatOnly((x) => `Math.asinh(${x})`),
  acosh: floatOnly((x) => `Math.acosh(${x})`),
  atanh: floatOnly((x) => `Math.atanh(${x})`),
  sqrt: floatOnly((x) => `Math.sqrt(${x})`),
  rsqrt: floatOnly((x) => `(1 / Math.sqrt(${x}))`),
  cbrt: floatOnly((x) => `Math.cbrt(${x})`),
  abs: (x, d) => (d === "uint32" ? x : wrapInt(d, `Math.abs(${x})`)),
  erf: (x, _d, _p, h) => h("erf", x),
  not: (x, d) => (d === "bool" ? `((${x}) ^ 1)` : d === "uint32" ? `((~(${x})) >>> 0)` : `(~(${x}))`),
  square: (x, d) => (d === "int32" || d === "uint32" ? wrapInt(d, `Math.imul(${x}, ${x})`) : `((${x}) * (${x}))`),
  integer_pow: (x, d, p, h) => integerPowExpr(x, d, p["y"] as number, h),
  stop_gradient: (x) => x,
  reduce_precision: (x, d, p, h) => h("reducePrecision", x, d === "float64" ? "true" : "false", int(p["exponentBits"] as number), int(p["mantissaBits"] as number)),
};

function integerPowExpr(x: Expr, d: DType, y: number, h: HelperCall): Expr {
  int(y); // checked before it decides the expression's shape
  const isInt = d === "int32" || d === "uint32";
  if (y === 0) return "1";
  if (isInt) return wrapInt(d, y === 1 ? x : h("intPow", x, int(Math.abs(y))));
  const n = Math.abs(y);
  // Small powers multiply out (exact, like XLA's expansion); large ones use Math.pow.
  const pos = n <= 8 ? `(${globalThis.Array.from({ length: n }, () => x).join(" * ")})` : `Math.pow(${x}, ${int(n)})`;
  return y < 0 ? `(1 / ${pos})` : pos;
}

export const BINARY_EXPRESSIONS: Record<BinaryElementwiseName, BinaryExpr> = {
  add: (a, b, d) => wrapInt(d, `${a} + ${b}`),
  sub: (a, b, d) => wrapInt(d, `${a} - ${b}`),
  mul: (a, b, d) => (d === "int32" || d === "uint32" ? wrapInt(d, `Math.imul(${a}, ${b})`) : `(${a} * ${b})`),
  div: (a, b, d, h) => (d === "int32" ? `(${h("intDiv", a, b)} | 0)` : d === "uint32" ? `(${h("uintDiv", a, b)} >>> 0)` : `(${a} / ${b})`),
  rem: (a, b, d, h) => (d === "int32" || d === "uint32" ? wrapInt(d, h("intRem", a, b)) : `(${a} % ${b})`),
  pow: (a, b) => `Math.pow(${a}, ${b})`,
  max: (a, b, d) => (d === "float32" || d === "float64" ? `Math.max(${a}, ${b})` : `(${a} > ${b} ? ${a} : ${b})`),
  min: (a, b, d) => (d === "float32" || d === "float64" ? `Math.min(${a}, ${b})` : `(${a} < ${b} ? ${a} : ${b})`),
  atan2: (a, b) => `Math.atan2(${a}, ${b})`,
  and: (a, b, d) => wrapInt(d === "bool" ? "int32" : d, `${a} & ${b}`),
  or: (a, b, d) => wrapInt(d === "bool" ? "int32" : d, `${a} | ${b}`),
  xor: (a, b, d) => wrapInt(d === "bool" ? "int32" : d, `${a} ^ ${b}`),
  eq: (a, b) => `(${a} === ${b} ? 1 : 0)`,
  ne: (a, b) => `(${a} !== ${b} ? 1 : 0)`,
  lt: (a, b) => `(${a} < ${b} ? 1 : 0)`,
  le: (a, b) => `(${a} <= ${b} ? 1 : 0)`,
  gt: (a, b) => `(${a} > ${b} ? 1 : 0)`,
  ge: (a, b) => `(${a} >= ${b} ? 1 : 0)`,
  // XLA: shifts by 32 or more give 0 (or the sign fill); JS would take the count mod 32.
  shift_left: (a, b, d) => wrapInt(d, `((${b}) >>> 0 >= 32 ? 0 : (${a}) << (${b}))`),
  shift_right_logical: (a, b, d) => wrapInt(d, `((${b}) >>> 0 >= 32 ? 0 : (${a}) >>> (${b}))`),
  shift_right_arithmetic: (a, b, d) => wrapInt(d, `((${a}) | 0) >> ((${b}) >>> 0 >= 32 ? 31 : (${b}))`),
  logaddexp: (a, b, _d, h) => h("logaddexp", a, b),
};

export function unaryExpression<P extends UnaryElementwiseName>(prim: P, x: Expr, dtype: DType, params: Params<P>, h: HelperCall = helperCall): Expr {
  return UNARY_EXPRESSIONS[prim](x, dtype, params as Record<string, unknown>, h);
}

/** convert_element_type as an expression: saturating float->int, nonzero->bool, exact otherwise. */
export function convertExpression(x: Expr, from: DType, to: DType, h: HelperCall = helperCall): Expr {
  if (from === to) return x;
  const fromFloat = from === "float32" || from === "float64";
  // Narrow dtypes never reach a kernel (lowerNarrow).
  if (isNarrow(to)) throw narrowNotLowered(to);
  switch (to) {
    case "bool":
      return `((${x}) !== 0 ? 1 : 0)`;
    case "int32":
      return fromFloat ? h("toInt32", x) : `((${x}) | 0)`;
    case "uint32":
      return fromFloat ? h("toUint32", x) : `((${x}) >>> 0)`;
    case "float32":
    case "float64":
      return x;
    case "complex64":
    case "complex128":
      throw complexNotLowered(to);
  }
}

/** bitcast_convert_type as an expression: reinterprets 32-bit patterns through a shared scratch word. */
export function bitcastExpression(x: Expr, from: DType, to: DType, h: HelperCall = helperCall): Expr {
  if (from === to) return x;
  if (to === "float32") return from === "int32" ? h("int32BitsToFloat32", x) : h("uint32BitsToFloat32", x);
  if (from === "float32") return to === "int32" ? h("float32ToInt32Bits", x) : h("float32ToUint32Bits", x);
  return to === "int32" ? `((${x}) | 0)` : `((${x}) >>> 0)`;
}

/** select_n(which, *cases) as an expression. */
export function selectExpression(which: Expr, cases: Expr[]): Expr {
  if (cases.length === 1) return cases[0]!;
  let e = cases[cases.length - 1]!;
  for (let i = cases.length - 2; i >= 0; i--) e = `(${which} === ${i} ? ${cases[i]} : ${e})`;
  return e;
}

export function clampExpression(lo: Expr, x: Expr, hi: Expr, dtype: DType): Expr {
  if (dtype === "float32" || dtype === "float64") return `Math.min(Math.max(${x}, ${lo}), ${hi})`;
  return `(${x} < ${lo} ? ${lo} : ${x} > ${hi} ? ${hi} : ${x})`;
}

/**
 * Elementwise primitives whose result is not continuous in a float operand, or whose result is
 * not float32 (conversions, bit casts): the float32 value they see must be the rounded one, as
 * eager execution (which stores every result) gives them. Floor, ceil, round and rem jump at
 * integers and multiples, comparisons and sign at equality, is_finite at float32's overflow, pow
 * where a negative base meets a non-integer exponent.
 */
const READS_EXACT_FLOAT32: ReadonlySet<PrimitiveName> = new Set<PrimitiveName>([
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
  "floor",
  "ceil",
  "round",
  "reduce_precision",
  "sign",
  "is_finite",
  "rem",
  "pow",
  "convert_element_type",
  "bitcast_convert_type",
]);

/**
 * Float32 in fused kernels. Registers are doubles; a chain of float32 arithmetic runs in double
 * precision without rounding each step (excess precision, as C's FLT_EVAL_METHOD allows: rounding
 * every float32 op with Math.fround costs 1.3-2.5x on float32 chains). The value is rounded to
 * float32 wherever the difference could be seen beyond float32 rounding: a store (typed arrays
 * round), a conversion into float32 (from float64 or a 32-bit integer: the result), and the
 * operands of READS_EXACT_FLOAT32 (conversions out of float32 among them). So `astype(x, f32)`
 * is exactly float32, a float32 value widened to float64 or truncated to int32 is the one eager
 * execution gives, and comparisons and floor agree with eager execution.
 *
 * `operand` wraps a float32 operand of `prim` in a rounding node where needed (not a load from a
 * float32 buffer nor a constant: those hold float32 values); `result` rounds a result entering float32.
 */
export const float32Rounding = {
  operand(prim: PrimitiveName, x: KernelExpr, outDtype: DType): KernelExpr {
    if (x.dtype !== "float32" || !READS_EXACT_FLOAT32.has(prim) || x.kind === "load" || x.kind === "const") return x;
    if ((prim === "convert_element_type" || prim === "bitcast_convert_type") && outDtype === "float32") return x;
    return ir.roundFloat32(x);
  },
  result(prim: PrimitiveName, e: KernelExpr, inDtype: DType): KernelExpr {
    if (prim !== "convert_element_type" || e.dtype !== "float32" || inDtype === "float32" || inDtype === "bool") return e;
    return ir.roundFloat32(e);
  },
};

/** Recomputing a producer per consumer element pays only for short chains (at most this many statements). */
export const MAX_RECOMPUTED_STATEMENTS = 8;

const ELEMENTWISE_STRUCTURAL: ReadonlySet<PrimitiveName> = new Set<PrimitiveName>(["select_n", "clamp", "convert_element_type", "bitcast_convert_type"]);
/** Primitives a fused loop computes in registers: the elementwise ones. */
export const isFusibleElementwise = (p: PrimitiveName): boolean => isUnaryElementwise(p) || isBinaryElementwise(p) || ELEMENTWISE_STRUCTURAL.has(p);

/** An elementwise equation's node, with float32 values rounded where float32Rounding says. */
export function elementwiseNode(eqn: Eqn, args: readonly KernelExpr[]): KernelExpr {
  const p = eqn.primitive;
  const inDtype: DType = eqn.invars[p === "select_n" || p === "clamp" ? 1 : 0]!.aval.dtype;
  const outDtype = eqn.outvars[0]!.aval.dtype;
  const rounded = args.map((a) => float32Rounding.operand(p, a, outDtype));
  return float32Rounding.result(p, rawElementwiseNode(eqn, rounded, outDtype), inDtype);
}

function rawElementwiseNode(eqn: Eqn, args: readonly KernelExpr[], outDtype: DType): KernelExpr {
  const p = eqn.primitive;
  // x ** 0 is 1 whatever x is (XLA's integer power): a constant, which reads no operand.
  if (p === "integer_pow" && (eqn.params as Params<"integer_pow">).y === 0) return ir.constant(1, outDtype);
  if (isUnaryElementwise(p)) return ir.unary(p, args[0]!, eqn.params as Record<string, unknown>, outDtype);
  if (isBinaryElementwise(p)) return ir.binary(p, args[0]!, args[1]!, outDtype);
  switch (p) {
    case "select_n":
      return ir.select(args[0]!, args.slice(1));
    case "clamp":
      return ir.clamp(args[0]!, args[1]!, args[2]!);
    case "convert_element_type":
      return ir.convert(args[0]!, outDtype);
    case "bitcast_convert_type":
      return ir.bitcast(args[0]!, outDtype);
  }
  throw new Error(`${p} is not elementwise`);
}
