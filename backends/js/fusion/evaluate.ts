// An evaluator of the kernel IR, for environments that forbid `new Function` (a strict Content
// Security Policy): a fused group's loop nest runs by interpreting its nodes over typed arrays.
// Nodes are compiled once into closures (one per node, no source text), and every row computes
// exactly what the JS render table's source computes (../elementwise.ts's rows: int32 wrapped with
// `| 0`, uint32 with `>>> 0`, bool as 0/1, float32 rounded only where a round node says), in the
// same order, so evaluated and generated groups agree bit for bit. Reductions combine in the
// generated loop's order, including the four-lane accumulation of a full reduction over a flat loop.
import type { BinaryElementwiseName, DType, UnaryElementwiseName } from "../../../jaxpr/index.js";
import { complexNotLowered, narrowNotLowered, isNarrow, isFloat } from "../../../jaxpr/index.js";
import type { KernelExpr, KernelExprKind } from "../../kernelIr/index.js";
import { leafName } from "../../kernelIr/index.js";
import * as h from "../runtimeHelpers.js";

/** A compiled node: its value from the current element's slots (loads, then statements). */
export type Evaluated = (slots: Float64Array) => number;
type Un = (x: number) => number;
type Bin = (a: number, b: number) => number;

const isInt = (d: DType): boolean => d === "int32" || d === "uint32";
/** `f` with its result wrapped to `d` (int32 `| 0`, uint32 `>>> 0`). */
const wrapped = (d: DType, f: Bin): Bin => (d === "int32" ? (a, b) => f(a, b) | 0 : d === "uint32" ? (a, b) => f(a, b) >>> 0 : f);
const wrappedUn = (d: DType, f: Un): Un => (d === "int32" ? (x) => f(x) | 0 : d === "uint32" ? (x) => f(x) >>> 0 : f);

function integerPow(d: DType, y: number): Un {
  if (y === 0) return () => 1;
  const n = Math.abs(y);
  if (isInt(d)) return wrappedUn(d, y === 1 ? (x) => x : (x) => h.intPow(x, n));
  // As the generated source: a left-to-right product up to 8 factors, Math.pow beyond.
  const pos: Un =
    n > 8
      ? (x) => Math.pow(x, n)
      : (x) => {
          let p = x;
          for (let i = 1; i < n; i++) p = p * x;
          return p;
        };
  return y < 0 ? (x) => 1 / pos(x) : pos;
}

/** Unary rows: given the operand's dtype and the params, the function of the operand. */
const EVAL_UNARY: Record<UnaryElementwiseName, (d: DType, p: Readonly<Record<string, unknown>>) => Un> = {
  neg: (d) => wrappedUn(d, (x) => -x),
  sign: (d) => (d === "uint32" ? (x) => (x > 0 ? 1 : 0) : (x) => (x > 0 ? 1 : x < 0 ? -1 : x)),
  floor: () => Math.floor,
  ceil: () => Math.ceil,
  round: (_d, p) => (p["roundingMethod"] === 1 ? h.roundHalfEven : h.roundAwayFromZero),
  is_finite: () => (x) => (Number.isFinite(x) ? 1 : 0),
  exp: () => Math.exp,
  exp2: () => (x) => Math.pow(2, x),
  log: () => Math.log,
  log1p: () => Math.log1p,
  expm1: () => Math.expm1,
  tanh: () => Math.tanh,
  logistic: () => (x) => 1 / (1 + Math.exp(-x)),
  sin: () => Math.sin,
  cos: () => Math.cos,
  tan: () => Math.tan,
  asin: () => Math.asin,
  acos: () => Math.acos,
  atan: () => Math.atan,
  sinh: () => Math.sinh,
  cosh: () => Math.cosh,
  asinh: () => Math.asinh,
  acosh: () => Math.acosh,
  atanh: () => Math.atanh,
  sqrt: () => Math.sqrt,
  rsqrt: () => (x) => 1 / Math.sqrt(x),
  cbrt: () => Math.cbrt,
  abs: (d) => (d === "uint32" ? (x) => x : wrappedUn(d, Math.abs)),
  erf: () => h.erf,
  not: (d) => (d === "bool" ? (x) => x ^ 1 : d === "uint32" ? (x) => ~x >>> 0 : (x) => ~x),
  square: (d) => (isInt(d) ? wrappedUn(d, (x) => Math.imul(x, x)) : (x) => x * x),
  integer_pow: (d, p) => integerPow(d, p["y"] as number),
  stop_gradient: () => (x) => x,
  reduce_precision: (d, p) => {
    const wide = d === "float64";
    const exponentBits = p["exponentBits"] as number;
    const mantissaBits = p["mantissaBits"] as number;
    return (x) => h.reducePrecision(x, wide, exponentBits, mantissaBits);
  },
};

/** XLA: shifts by 32 or more give 0 (or the sign fill); JS would take the count mod 32. */
const EVAL_BINARY: Record<BinaryElementwiseName, (d: DType) => Bin> = {
  add: (d) => wrapped(d, (a, b) => a + b),
  sub: (d) => wrapped(d, (a, b) => a - b),
  mul: (d) => (isInt(d) ? wrapped(d, Math.imul) : (a, b) => a * b),
  div: (d) => (d === "int32" ? (a, b) => h.intDiv(a, b) | 0 : d === "uint32" ? (a, b) => h.uintDiv(a, b) >>> 0 : (a, b) => a / b),
  rem: (d) => (isInt(d) ? wrapped(d, h.intRem) : (a, b) => a % b),
  pow: () => Math.pow,
  max: (d) => (isFloat(d) ? Math.max : (a, b) => (a > b ? a : b)),
  min: (d) => (isFloat(d) ? Math.min : (a, b) => (a < b ? a : b)),
  atan2: () => Math.atan2,
  and: (d) => wrapped(d === "bool" ? "int32" : d, (a, b) => a & b),
  or: (d) => wrapped(d === "bool" ? "int32" : d, (a, b) => a | b),
  xor: (d) => wrapped(d === "bool" ? "int32" : d, (a, b) => a ^ b),
  eq: () => (a, b) => (a === b ? 1 : 0),
  ne: () => (a, b) => (a !== b ? 1 : 0),
  lt: () => (a, b) => (a < b ? 1 : 0),
  le: () => (a, b) => (a <= b ? 1 : 0),
  gt: () => (a, b) => (a > b ? 1 : 0),
  ge: () => (a, b) => (a >= b ? 1 : 0),
  shift_left: (d) => wrapped(d, (a, b) => (b >>> 0 >= 32 ? 0 : a << b)),
  shift_right_logical: (d) => wrapped(d, (a, b) => (b >>> 0 >= 32 ? 0 : a >>> b)),
  shift_right_arithmetic: (d) => wrapped(d, (a, b) => (a | 0) >> (b >>> 0 >= 32 ? 31 : b)),
  logaddexp: () => h.logaddexp,
};

function convert(from: DType, to: DType): Un {
  if (from === to) return (x) => x;
  // Narrow dtypes never reach a kernel (lowerNarrow).
  if (isNarrow(to)) throw narrowNotLowered(to);
  switch (to) {
    case "bool":
      return (x) => (x !== 0 ? 1 : 0);
    case "int32":
      return isFloat(from) ? h.toInt32 : (x) => x | 0;
    case "uint32":
      return isFloat(from) ? h.toUint32 : (x) => x >>> 0;
    case "float32":
    case "float64":
      return (x) => x;
    case "complex64":
    case "complex128":
      throw complexNotLowered(to);
  }
}

function bitcast(from: DType, to: DType): Un {
  if (from === to) return (x) => x;
  if (to === "float32") return from === "int32" ? h.int32BitsToFloat32 : h.uint32BitsToFloat32;
  if (from === "float32") return to === "int32" ? h.float32ToInt32Bits : h.float32ToUint32Bits;
  return to === "int32" ? (x) => x | 0 : (x) => x >>> 0;
}

const unaryNode = (f: Un, x: Evaluated): Evaluated => (s) => f(x(s));
const binaryNode = (f: Bin, a: Evaluated, b: Evaluated): Evaluated => (s) => f(a(s), b(s));

function selectNode(which: Evaluated, cases: readonly Evaluated[]): Evaluated {
  if (cases.length === 2) return (s) => (which(s) === 0 ? cases[0]!(s) : cases[1]!(s));
  const last = cases.length - 1;
  return (s) => {
    const w = which(s);
    for (let i = 0; i < last; i++) if (w === i) return cases[i]!(s);
    return cases[last]!(s);
  };
}

type Row<K extends KernelExprKind> = (node: Extract<KernelExpr, { kind: K }>, compile: (n: KernelExpr) => Evaluated, slot: (name: string) => number) => Evaluated;

/** The evaluator's table: one row per node kind, as JS_RENDER (renderJs.ts) is the renderer's. */
export const EVALUATE: { readonly [K in KernelExprKind]: Row<K> } = {
  const: (n) => {
    const v = n.value;
    return () => v;
  },
  load: (n, _c, slot) => {
    const k = slot(leafName(n));
    return (s) => s[k]!;
  },
  reg: (n, _c, slot) => {
    const k = slot(n.name);
    return (s) => s[k]!;
  },
  unary: (n, c) => unaryNode(EVAL_UNARY[n.op](n.x.dtype, n.params), c(n.x)),
  binary: (n, c) => binaryNode(EVAL_BINARY[n.op](n.a.dtype), c(n.a), c(n.b)),
  select: (n, c) => selectNode(c(n.which), n.cases.map(c)),
  clamp: (n, c) => {
    const [lo, x, hi] = [c(n.lo), c(n.x), c(n.hi)];
    if (isFloat(n.x.dtype)) return (s) => Math.min(Math.max(x(s), lo(s)), hi(s));
    return (s) => {
      const v = x(s);
      const l = lo(s);
      if (v < l) return l;
      const u = hi(s);
      return v > u ? u : v;
    };
  },
  convert: (n, c) => unaryNode(convert(n.x.dtype, n.dtype), c(n.x)),
  bitcast: (n, c) => unaryNode(bitcast(n.x.dtype, n.dtype), c(n.x)),
  round: (n, c) => unaryNode(Math.fround, c(n.x)),
};

/** `node` compiled to a closure; `slot` gives the slot holding a load (`x<k>`) or register. */
export function compileExpr(node: KernelExpr, slot: (name: string) => number): Evaluated {
  const compile = (n: KernelExpr): Evaluated => (EVALUATE[n.kind] as Row<typeof n.kind>)(n as never, compile, slot);
  return compile(node);
}
