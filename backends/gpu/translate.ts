// The gpu.js render table of the kernel IR (backends/kernelIr): one row per node kind, and per
// elementwise primitive, producing float-typed gpu.js source. gpu.js values are float32, so float
// literals get a decimal point (gpu.js types `1` as an integer), float32 rounding nodes are their
// operand, comparisons give 1.0 or 0.0, int32/uint32 results wrap through `h_i32`/`h_u32` (exact up
// to 2^24, NaN beyond), and integer division, remainders and conversions call the helpers of
// helpers.ts. The primitive tables' keys are the GPU target's capability list: a primitive missing
// from them (exact 32-bit bit operations: not, and/or/xor, shifts), or a row that throws
// `Untranslatable` (a bitcast to or from float32), sends its group to the host.
import type { BinaryElementwiseName, DType, UnaryElementwiseName } from "../../jaxpr/index.js";
import { complexNotLowered, narrowNotLowered, isNarrow, isFloat } from "../../jaxpr/index.js";
import type { KernelExpr, KernelExprKind, LoadNode, RegNode } from "../kernelIr/index.js";
import { leafName } from "../kernelIr/index.js";
import { gpuFloat, ident, int } from "../js/emit.js";

export class Untranslatable extends Error {}

/** A number as a gpu.js float literal, formatted by the shared emitter. */
export const floatLiteral = gpuFloat;

type Src = string;
/** Calls gpu.js helper `h_<name>` (helpers.ts), recording that the kernel needs it. */
type Helper = (name: string, ...args: Src[]) => Src;

const isInt = (d: DType): boolean => d === "int32" || d === "uint32";
/** An integer result wrapped to its dtype. */
const wrap = (d: DType, e: Src, h: Helper): Src => (d === "int32" ? h("i32", e) : d === "uint32" ? h("u32", e) : e);
/** A 0/1 result of a test. */
const flag = (test: Src): Src => `(${test} ? 1.0 : 0.0)`;

type UnaryRow = (x: Src, d: DType, params: Readonly<Record<string, unknown>>, h: Helper) => Src;
type BinaryRow = (a: Src, b: Src, d: DType, h: Helper) => Src;

const math = (fn: string): UnaryRow => (x) => `Math.${fn}(${x})`;
/** Functions whose GPU built-in is not float32-accurate on every driver: a helper instead. */
const viaHelper = (fn: string): UnaryRow => (x, _d, _p, h) => h(fn, x);

function integerPow(x: Src, d: DType, y: number, h: Helper): Src {
  int(y); // an integer, checked before it shapes the source
  if (y === 0) return floatLiteral(1);
  if (isInt(d)) return wrap(d, y === 1 ? x : h("intPow", x, floatLiteral(Math.abs(y))), h);
  const n = Math.abs(y);
  let pos = x;
  if (n > 8) pos = `Math.pow(${x}, ${floatLiteral(n)})`;
  else for (let i = 1; i < n; i++) pos = `(${pos} * ${x})`;
  return y < 0 ? `(${floatLiteral(1)} / ${pos})` : pos;
}

/** Unary primitives with a gpu.js form. */
export const GPU_UNARY: Partial<Record<UnaryElementwiseName, UnaryRow>> = {
  neg: (x, d, _p, h) => wrap(d, `(-${x})`, h),
  sign: (x, d) => (d === "uint32" ? flag(`(${x} > 0.0)`) : `((${x} > 0.0) ? 1.0 : ((${x} < 0.0) ? (-1.0) : ${x}))`),
  floor: math("floor"),
  ceil: math("ceil"),
  round: (x, _d, p, h) => (p["roundingMethod"] === 1 ? h("roundHalfEven", x) : h("roundAwayFromZero", x)),
  is_finite: (x, _d, _p, h) => flag(`(${h("isFinite", x)} != 0.0)`),
  exp: math("exp"),
  exp2: (x) => `Math.pow(2.0, ${x})`,
  log: math("log"),
  log1p: math("log1p"),
  expm1: math("expm1"),
  tanh: math("tanh"),
  logistic: (x) => `(1.0 / (1.0 + Math.exp((-${x}))))`,
  sin: math("sin"),
  cos: math("cos"),
  tan: math("tan"),
  asin: viaHelper("asin"),
  acos: viaHelper("acos"),
  atan: math("atan"),
  sinh: math("sinh"),
  cosh: math("cosh"),
  asinh: math("asinh"),
  acosh: math("acosh"),
  atanh: math("atanh"),
  sqrt: math("sqrt"),
  rsqrt: (x) => `(1.0 / Math.sqrt(${x}))`,
  cbrt: viaHelper("cbrt"),
  abs: (x, d, _p, h) => (d === "uint32" ? x : d === "int32" ? h("i32", `Math.abs(${x})`) : `Math.abs(${x})`),
  erf: viaHelper("erf"),
  square: (x, d, _p, h) => (isInt(d) ? wrap(d, h("i32", `(${x} * ${x})`), h) : `(${x} * ${x})`),
  integer_pow: (x, d, p, h) => integerPow(x, d, p["y"] as number, h),
  stop_gradient: (x) => x,
};

const arith = (op: string): BinaryRow => (a, b, d, h) => wrap(d, `(${a} ${op} ${b})`, h);
const compare = (op: string): BinaryRow => (a, b) => flag(`(${a} ${op} ${b})`);

/** Binary primitives with a gpu.js form. */
export const GPU_BINARY: Partial<Record<BinaryElementwiseName, BinaryRow>> = {
  add: arith("+"),
  sub: arith("-"),
  mul: (a, b, d, h) => (isInt(d) ? wrap(d, h("i32", `(${a} * ${b})`), h) : `(${a} * ${b})`),
  div: (a, b, d, h) => (d === "int32" ? h("i32", h("intDiv", a, b)) : d === "uint32" ? h("u32", h("uintDiv", a, b)) : `(${a} / ${b})`),
  rem: (a, b, d, h) => (isInt(d) ? wrap(d, h("intRem", a, b), h) : h("fmod", a, b)),
  pow: (a, b) => `Math.pow(${a}, ${b})`,
  max: (a, b, d) => (isFloat(d) ? `Math.max(${a}, ${b})` : `((${a} > ${b}) ? ${a} : ${b})`),
  min: (a, b, d) => (isFloat(d) ? `Math.min(${a}, ${b})` : `((${a} < ${b}) ? ${a} : ${b})`),
  atan2: (a, b) => `Math.atan2(${a}, ${b})`,
  eq: compare("=="),
  ne: compare("!="),
  lt: compare("<"),
  le: compare("<="),
  gt: compare(">"),
  ge: compare(">="),
};

/** A constant: negative values as a negated literal, non-finite ones through helpers. */
function constant(v: number, h: Helper): Src {
  if (Number.isNaN(v)) return h("nan");
  if (v < 0 || Object.is(v, -0)) return `(-${constant(-v, h)})`;
  return v === Infinity ? h("inf") : floatLiteral(v);
}

function convert(x: Src, from: DType, to: DType, h: Helper): Src {
  if (from === to) return x;
  // Narrow dtypes never reach a kernel (lowerNarrow).
  if (isNarrow(to)) throw narrowNotLowered(to);
  switch (to) {
    case "bool":
      return flag(`(${x} != 0.0)`);
    case "int32":
      return isFloat(from) ? h("toInt32", x) : h("i32", x);
    case "uint32":
      return isFloat(from) ? h("toUint32", x) : h("u32", x);
    case "float32":
    case "float64":
      return x;
    case "complex64":
    case "complex128":
      throw complexNotLowered(to);
  }
}

function bitcast(x: Src, from: DType, to: DType, h: Helper): Src {
  if (from === to) return x;
  if (from === "float32" || to === "float32") throw new Untranslatable(`bitcast_convert_type between ${from} and ${to} needs exact 32-bit bit patterns`);
  return wrap(to, x, h);
}

function select(which: Src, cases: readonly Src[]): Src {
  let e = cases[cases.length - 1]!;
  for (let i = cases.length - 2; i >= 0; i--) e = `((${which} == ${floatLiteral(i)}) ? ${cases[i]} : ${e})`;
  return e;
}

type Row<K extends KernelExprKind> = (node: Extract<KernelExpr, { kind: K }>, render: (n: KernelExpr) => Src, h: Helper, name: (leaf: LoadNode | RegNode) => string) => Src;

function row<T>(table: Partial<Record<string, T>>, op: string): T {
  const r = table[op];
  if (r === undefined) throw new Untranslatable(`${op} has no float32 gpu.js form (exact 32-bit bit operations)`);
  return r;
}

export const GPU_RENDER: { readonly [K in KernelExprKind]: Row<K> } = {
  const: (n, _r, h) => constant(n.value, h),
  load: (n, _r, _h, name) => ident(name(n)),
  reg: (n, _r, _h, name) => ident(name(n)),
  unary: (n, r, h) => row(GPU_UNARY, n.op)(r(n.x), n.x.dtype, n.params, h),
  binary: (n, r, h) => row(GPU_BINARY, n.op)(r(n.a), r(n.b), n.a.dtype, h),
  select: (n, r) => select(r(n.which), n.cases.map(r)),
  clamp: (n, r) => {
    const [lo, x, hi] = [r(n.lo), r(n.x), r(n.hi)];
    return isFloat(n.x.dtype) ? `Math.min(Math.max(${x}, ${lo}), ${hi})` : `((${x} < ${lo}) ? ${lo} : ((${x} > ${hi}) ? ${hi} : ${x}))`;
  },
  convert: (n, r, h) => convert(r(n.x), n.x.dtype, n.dtype, h),
  bitcast: (n, r, h) => bitcast(r(n.x), n.x.dtype, n.dtype, h),
  // gpu.js values are float32 already.
  round: (n, r) => r(n.x),
};

/**
 * `node` as gpu.js source; adds the helpers it calls to `helpersUsed`. `name` gives the local
 * holding a load or register (a packed kernel suffixes each part's). Throws `Untranslatable`
 * where the node has no gpu.js form.
 */
export function renderGpu(node: KernelExpr, helpersUsed: Set<string>, name: (leaf: LoadNode | RegNode) => string = leafName): Src {
  const h: Helper = (helper, ...args) => {
    helpersUsed.add(helper);
    return `h_${helper}(${args.join(", ")})`;
  };
  const render = (n: KernelExpr): Src => (GPU_RENDER[n.kind] as Row<typeof n.kind>)(n as never, render, h, name);
  return render(node);
}
