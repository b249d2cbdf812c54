// Lowers complex values to pairs of real ones, so that backends never see a complex dtype. Every
// complex value of shape S becomes two real values (re, im) of shape S; complex primitives become
// real arithmetic on the pairs (the formulas are the textbook ones XLA's complex expansions use,
// with the numerically careful forms of expm1, log1p, sqrt, tanh and |z|). At the program's
// boundary (and at the boundary of calls and control flow, whose bodies are lowered when they are
// compiled) a complex array is its interleaved storage: a real array of shape [...S, 2].
import type { DType } from "../dtypes.js";
import { isComplex, realPartDtype } from "../dtypes.js";
import { ShapedArray } from "../shape.js";
import type { Shape } from "../shape.js";
import { Atom, Eqn, Jaxpr, Literal, Var, makeJaxprValue } from "../jaxpr.js";
import type { Params, PrimitiveName, UnaryElementwiseName, BinaryElementwiseName } from "../params.js";
import { abstractEval } from "../shapeRules.js";
import { range } from "../lists.js";

/** A complex value as its real and imaginary parts, both real atoms of the value's shape (or rank-0 literals). */
interface Pair {
  readonly re: Atom;
  readonly im: Atom;
}
type Value = Atom | Pair;
const isPair = (v: Value): v is Pair => !(v instanceof Var) && !(v instanceof Literal);

const atomHasComplex = (a: Atom): boolean => isComplex(a.aval.dtype);

/** Whether any value of the jaxpr (not counting the bodies it carries) is complex. */
export function hasComplex(jaxpr: Jaxpr): boolean {
  if (jaxpr.constvars.some(atomHasComplex) || jaxpr.invars.some(atomHasComplex) || jaxpr.outvars.some(atomHasComplex)) return true;
  return jaxpr.eqns.some((e) => e.invars.some(atomHasComplex) || e.outvars.some(atomHasComplex));
}

/** The storage aval of a complex aval: its parts' dtype, with a trailing axis of 2 (re, im). */
export function interleavedAval(a: ShapedArray): ShapedArray {
  return isComplex(a.dtype) ? new ShapedArray([...a.shape, 2], realPartDtype(a.dtype), false) : a;
}

const NO_PARAMS = Object.freeze({}) as Record<string, never>;

/** Emits real equations (shape rules applied) into one list. */
export class Builder {
  readonly eqns: Eqn[] = [];

  emit<P extends PrimitiveName>(primitive: P, invars: readonly Atom[], params: Params<P>): Var[] {
    const outvars = abstractEval(primitive, invars.map((a) => a.aval), params).map((a) => new Var(a));
    this.eqns.push(Object.freeze({ primitive, invars, params, outvars }) as Eqn);
    return outvars;
  }
  one<P extends PrimitiveName>(primitive: P, invars: readonly Atom[], params: Params<P>): Var {
    return this.emit(primitive, invars, params)[0]!;
  }
  un(p: UnaryElementwiseName, x: Atom): Atom {
    return this.one(p, [x], NO_PARAMS as Params<typeof p>);
  }
  bin(p: BinaryElementwiseName, a: Atom, b: Atom): Atom {
    return this.one(p, [a, b], NO_PARAMS);
  }
  lit(v: number, dtype: DType): Literal {
    return Literal.scalar(v, dtype);
  }
  add = (a: Atom, b: Atom): Atom => this.bin("add", a, b);
  sub = (a: Atom, b: Atom): Atom => this.bin("sub", a, b);
  mul = (a: Atom, b: Atom): Atom => this.bin("mul", a, b);
  div = (a: Atom, b: Atom): Atom => this.bin("div", a, b);
  neg = (a: Atom): Atom => this.un("neg", a);
  abs = (a: Atom): Atom => this.un("abs", a);
  /** `cond ? whenTrue : whenFalse`, elementwise (select_n's operand order is false, true). */
  select(cond: Atom, whenTrue: Atom, whenFalse: Atom): Atom {
    const shape = broadcastShape([cond, whenTrue, whenFalse]);
    return this.one("select_n", [this.broadcast(cond, shape), this.broadcast(whenFalse, shape), this.broadcast(whenTrue, shape)], NO_PARAMS);
  }
  /** `a` broadcast to `shape` (rank 0, or equal rank with ones). */
  broadcast(a: Atom, shape: Shape): Atom {
    if (sameShape(a.aval.shape, shape)) return a;
    const dims = a.aval.ndim === 0 ? [] : range(shape.length);
    return this.one("broadcast_in_dim", [a], { shape, broadcastDimensions: dims });
  }
}

const sameShape = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
/** lax's broadcast of operands that are rank 0 or of one rank with ones. */
function broadcastShape(atoms: readonly Atom[]): number[] {
  let out: number[] = [];
  for (const a of atoms) {
    const s = a.aval.shape;
    if (s.length === 0) continue;
    if (out.length === 0) out = [...s];
    else out = out.map((d, i) => (d === 1 ? s[i]! : d));
  }
  return out;
}

/** Complex arithmetic on pairs, emitted as real equations. */
class ComplexBuilder extends Builder {
  pair(re: Atom, im: Atom): Pair {
    const shape = broadcastShape([re, im]);
    return { re: this.broadcast(re, shape), im: this.broadcast(im, shape) };
  }
  dtypeOf(p: Pair): DType {
    return p.re.aval.dtype;
  }
  zero(p: Pair): Literal {
    return this.lit(0, this.dtypeOf(p));
  }
  cadd = (a: Pair, b: Pair): Pair => this.pair(this.add(a.re, b.re), this.add(a.im, b.im));
  csub = (a: Pair, b: Pair): Pair => this.pair(this.sub(a.re, b.re), this.sub(a.im, b.im));
  cneg = (a: Pair): Pair => this.pair(this.neg(a.re), this.neg(a.im));
  cmul(a: Pair, b: Pair): Pair {
    return this.pair(this.sub(this.mul(a.re, b.re), this.mul(a.im, b.im)), this.add(this.mul(a.re, b.im), this.mul(a.im, b.re)));
  }
  /** a / b, with b scaled by max(|re b|, |im b|) first so that |b|^2 neither overflows nor underflows. */
  cdiv(a: Pair, b: Pair): Pair {
    const s = this.bin("max", this.abs(b.re), this.abs(b.im));
    const c = this.div(b.re, s);
    const d = this.div(b.im, s);
    const den = this.mul(this.add(this.mul(c, c), this.mul(d, d)), s);
    return this.pair(this.div(this.add(this.mul(a.re, c), this.mul(a.im, d)), den), this.div(this.sub(this.mul(a.im, c), this.mul(a.re, d)), den));
  }
  scale(a: Pair, k: Atom): Pair {
    return this.pair(this.mul(a.re, k), this.mul(a.im, k));
  }
  /** sqrt(x^2 + y^2) without overflow: m sqrt(1 + (n/m)^2), m = max(|x|, |y|), n = min. */
  hypot(x: Atom, y: Atom): Atom {
    const dt = x.aval.dtype;
    const ax = this.abs(x);
    const ay = this.abs(y);
    const m = this.bin("max", ax, ay);
    const r = this.div(this.bin("min", ax, ay), m);
    const h = this.mul(m, this.un("sqrt", this.add(this.lit(1, dt), this.mul(r, r))));
    const inf = this.lit(Infinity, dt);
    return this.select(this.bin("eq", m, inf), inf, this.select(this.bin("eq", m, this.lit(0, dt)), this.lit(0, dt), h));
  }
  cabs = (a: Pair): Atom => this.hypot(a.re, a.im);
  cexp(a: Pair): Pair {
    const e = this.un("exp", a.re);
    // A zero imaginary part stays zero (exp(800 + 0j) is inf + 0j, not inf + nan j).
    const im = this.select(this.bin("eq", a.im, this.zero(a)), a.im, this.mul(e, this.un("sin", a.im)));
    return this.pair(this.mul(e, this.un("cos", a.im)), im);
  }
  clog(a: Pair): Pair {
    return this.pair(this.un("log", this.cabs(a)), this.bin("atan2", a.im, a.re));
  }
  /** The principal square root: t = sqrt((|z| + |x|) / 2); (t, y / 2t) for x >= 0, else (|y| / 2t, ±t). */
  csqrt(a: Pair): Pair {
    const dt = this.dtypeOf(a);
    const zero = this.zero(a);
    const t = this.un("sqrt", this.mul(this.add(this.cabs(a), this.abs(a.re)), this.lit(0.5, dt)));
    const q = this.div(a.im, this.add(t, t));
    const aq = this.abs(q);
    const nonneg = this.bin("ge", a.re, zero);
    const re = this.select(nonneg, t, aq);
    const im = this.select(nonneg, q, this.select(this.bin("lt", a.im, zero), this.neg(t), t));
    const isZero = this.bin("eq", t, zero);
    return this.pair(this.select(isZero, zero, re), this.select(isZero, a.im, im));
  }
  cpow(a: Pair, b: Pair): Pair {
    const dt = this.dtypeOf(a);
    const zero = this.zero(a);
    const general = this.cexp(this.cmul(b, this.clog(a)));
    // XLA: x^0 = 1 for every x; 0^b = 0 for real b > 0, nan otherwise.
    const bZero = this.bin("and", this.bin("eq", b.re, zero), this.bin("eq", b.im, zero));
    const aZero = this.bin("and", this.bin("eq", a.re, zero), this.bin("eq", a.im, zero));
    const zeroBase = this.select(this.bin("and", this.bin("gt", b.re, zero), this.bin("eq", b.im, zero)), zero, this.lit(NaN, dt));
    const re = this.select(bZero, this.lit(1, dt), this.select(aZero, zeroBase, general.re));
    const im = this.select(bZero, zero, this.select(aZero, zeroBase, general.im));
    return this.pair(re, im);
  }
  /** z^n by repeated squaring (lax.integer_pow); a negative n is the reciprocal. */
  cintegerPow(a: Pair, n: number): Pair {
    const dt = this.dtypeOf(a);
    let result: Pair | null = null;
    let base = a;
    for (let k = Math.abs(n); k > 0; k >>= 1) {
      if (k & 1) result = result === null ? base : this.cmul(result, base);
      if (k > 1) base = this.cmul(base, base);
    }
    const one = this.pair(this.lit(1, dt), this.zero(a));
    if (result === null) return this.pair(this.broadcast(one.re, a.re.aval.shape), this.broadcast(one.im, a.re.aval.shape));
    return n < 0 ? this.cdiv(one, result) : result;
  }
  csin(a: Pair): Pair {
    return this.pair(this.mul(this.un("sin", a.re), this.un("cosh", a.im)), this.mul(this.un("cos", a.re), this.un("sinh", a.im)));
  }
  ccos(a: Pair): Pair {
    return this.pair(this.mul(this.un("cos", a.re), this.un("cosh", a.im)), this.neg(this.mul(this.un("sin", a.re), this.un("sinh", a.im))));
  }
  csinh(a: Pair): Pair {
    return this.pair(this.mul(this.un("sinh", a.re), this.un("cos", a.im)), this.mul(this.un("cosh", a.re), this.un("sin", a.im)));
  }
  ccosh(a: Pair): Pair {
    return this.pair(this.mul(this.un("cosh", a.re), this.un("cos", a.im)), this.mul(this.un("sinh", a.re), this.un("sin", a.im)));
  }
  /** tanh(x + iy) = (sinh 2x + i sin 2y) / (cosh 2x + cos 2y); for |x| > 20 the asymptote (sign x, 2 sin 2y e^(-2|x|)). */
  ctanh(a: Pair): Pair {
    const dt = this.dtypeOf(a);
    const two = this.lit(2, dt);
    const x2 = this.mul(a.re, two);
    const y2 = this.mul(a.im, two);
    const den = this.add(this.un("cosh", x2), this.un("cos", y2));
    const sin2y = this.un("sin", y2);
    const big = this.bin("gt", this.abs(a.re), this.lit(20, dt));
    const re = this.select(big, this.un("sign", a.re), this.div(this.un("sinh", x2), den));
    const im = this.select(big, this.mul(this.mul(sin2y, two), this.un("exp", this.neg(this.abs(x2)))), this.div(sin2y, den));
    return this.pair(re, im);
  }
  /** tan z = -i tanh(i z). */
  ctan(a: Pair): Pair {
    const t = this.ctanh(this.pair(this.neg(a.im), a.re));
    return this.pair(t.im, this.neg(t.re));
  }
  /** expm1(x + iy) = (expm1(x) cos y - 2 sin^2(y/2), e^x sin y): no cancellation near 0. */
  cexpm1(a: Pair): Pair {
    const dt = this.dtypeOf(a);
    const s = this.un("sin", this.mul(a.im, this.lit(0.5, dt)));
    const re = this.sub(this.mul(this.un("expm1", a.re), this.un("cos", a.im)), this.mul(this.lit(2, dt), this.mul(s, s)));
    return this.pair(re, this.mul(this.un("exp", a.re), this.un("sin", a.im)));
  }
  /** log1p(z): |1+z|^2 - 1 = x(2 + x) + y^2 through log1p near 0, log|1+z| elsewhere; arg from atan2. */
  clog1p(a: Pair): Pair {
    const dt = this.dtypeOf(a);
    const xp1 = this.add(a.re, this.lit(1, dt));
    const small = this.bin("lt", this.add(this.abs(a.re), this.abs(a.im)), this.lit(0.5, dt));
    const near = this.mul(this.lit(0.5, dt), this.un("log1p", this.add(this.mul(a.re, this.add(a.re, this.lit(2, dt))), this.mul(a.im, a.im))));
    const far = this.un("log", this.hypot(xp1, a.im));
    return this.pair(this.select(small, near, far), this.bin("atan2", a.im, xp1));
  }
  /** z / |z|, and 0 at 0 (JAX's complex sign). */
  csign(a: Pair): Pair {
    const m = this.cabs(a);
    const zero = this.zero(a);
    const isZero = this.bin("eq", m, zero);
    return this.pair(this.select(isZero, zero, this.div(a.re, m)), this.select(isZero, zero, this.div(a.im, m)));
  }
  /** Lexicographic a < b (XLA's complex order for max/min): real parts first, then imaginary. */
  clexLess(a: Pair, b: Pair): Atom {
    return this.bin("or", this.bin("lt", a.re, b.re), this.bin("and", this.bin("eq", a.re, b.re), this.bin("lt", a.im, b.im)));
  }
  cselect(cond: Atom, whenTrue: Pair, whenFalse: Pair): Pair {
    return this.pair(this.select(cond, whenTrue.re, whenFalse.re), this.select(cond, whenTrue.im, whenFalse.im));
  }
  creciprocal(a: Pair): Pair {
    const dt = this.dtypeOf(a);
    return this.cdiv(this.pair(this.lit(1, dt), this.zero(a)), a);
  }
}

/** Lowers one equation with complex operands or results; returns its results. */
type ComplexRule = (b: Lowerer, eqn: Eqn, ins: readonly Value[]) => Value[];

const asPair = (v: Value): Pair => {
  if (!isPair(v)) throw new Error("internal: a complex operand was not lowered to a pair");
  return v;
};
const asAtom = (v: Value): Atom => {
  if (isPair(v)) throw new Error("internal: a real operand was lowered to a pair");
  return v;
};

const unaryPair =
  (f: (b: Lowerer, a: Pair) => Pair): ComplexRule =>
  (b, _eqn, [x]) => [f(b, asPair(x!))];
const binaryPair =
  (f: (b: Lowerer, x: Pair, y: Pair) => Pair): ComplexRule =>
  (b, _eqn, [x, y]) => [f(b, asPair(x!), asPair(y!))];

/** The primitive applied to each part, with real operands (indices, predicates) shared. */
const perPart: ComplexRule = (b, eqn, ins) => {
  const part = (which: "re" | "im"): Atom[] => ins.map((v) => (isPair(v) ? v[which] : v));
  const re = b.emit(eqn.primitive, part("re"), eqn.params);
  const im = b.emit(eqn.primitive, part("im"), eqn.params);
  return re.map((r, i) => (isComplex(eqn.outvars[i]!.aval.dtype) ? { re: r, im: im[i]! } : r));
};

/** A complex dot_general from four real ones: (a + ib)(c + id) = (ac - bd) + i(ad + bc). */
const dotGeneral: ComplexRule = (b, eqn, [x, y]) => {
  const params = eqn.params as Params<"dot_general">;
  const p = { ...params, preferredElementType: params.preferredElementType === null ? null : realPartDtype(params.preferredElementType) };
  const dot = (l: Atom, r: Atom): Atom => b.one("dot_general", [l, r], p);
  const l = asPair(x!);
  const r = asPair(y!);
  return [b.pair(b.sub(dot(l.re, r.re), dot(l.im, r.im)), b.add(dot(l.re, r.im), dot(l.im, r.re)))];
};

/** A product over axes by halving: the reduced axes last and flattened, then pairwise products. */
const reduceProd: ComplexRule = (b, eqn, [x]) => {
  const { axes } = eqn.params as Params<"reduce_prod">;
  let v = asPair(x!);
  const shape = v.re.aval.shape;
  const kept = range(shape.length).filter((d) => !axes.includes(d));
  const keptShape = kept.map((d) => shape[d]!);
  let n = axes.reduce((acc, d) => acc * shape[d]!, 1);
  const dt = b.dtypeOf(v);
  if (n === 0) return [b.pair(b.broadcast(b.lit(1, dt), keptShape), b.broadcast(b.lit(0, dt), keptShape))];
  const flat = (a: Atom): Atom => b.one("reshape", [b.one("transpose", [a], { permutation: [...kept, ...axes] })], { newSizes: [...keptShape, n] });
  v = { re: flat(v.re), im: flat(v.im) };
  const k = keptShape.length;
  while (n > 1) {
    if (n % 2 === 1) {
      const pad = (a: Atom, value: number): Atom =>
        b.one("pad", [a, b.lit(value, dt)], { paddingConfig: [...keptShape.map(() => [0, 0, 0] as const), [0, 1, 0] as const] });
      v = { re: pad(v.re, 1), im: pad(v.im, 0) };
      n += 1;
    }
    const half = (a: Atom, j: number): Atom => {
      const r = b.one("reshape", [a], { newSizes: [...keptShape, n / 2, 2] });
      const s = b.one("slice", [r], { startIndices: [...keptShape.map(() => 0), 0, j], limitIndices: [...keptShape, n / 2, j + 1], strides: null });
      return b.one("squeeze", [s], { dimensions: [k + 1] });
    };
    v = b.cmul({ re: half(v.re, 0), im: half(v.im, 0) }, { re: half(v.re, 1), im: half(v.im, 1) });
    n /= 2;
  }
  const squeeze = (a: Atom): Atom => b.one("reshape", [a], { newSizes: keptShape });
  return [{ re: squeeze(v.re), im: squeeze(v.im) }];
};

/**
 * An inclusive cumulative product by doubling (Hillis and Steele): log2(n) steps, each multiplying
 * by the running products shifted d places along the axis (filled with 1 + 0i).
 */
const cumprod: ComplexRule = (b, eqn, [x]) => {
  const { axis, reverse } = eqn.params as Params<"cumprod">;
  let v = asPair(x!);
  const shape = v.re.aval.shape;
  const n = shape[axis]!;
  const dt = b.dtypeOf(v);
  for (let d = 1; d < n; d *= 2) {
    const shift = (a: Atom, fill: number): Atom => {
      const config = shape.map((_, i) => (i === axis ? (reverse ? ([0, d, 0] as const) : ([d, 0, 0] as const)) : ([0, 0, 0] as const)));
      const padded = b.one("pad", [a, b.lit(fill, dt)], { paddingConfig: config });
      const start = shape.map((_, i) => (i === axis && reverse ? d : 0));
      return b.one("slice", [padded], { startIndices: start, limitIndices: shape.map((s, i) => start[i]! + s), strides: null });
    };
    v = b.cmul(v, { re: shift(v.re, 1), im: shift(v.im, 0) });
  }
  return [v];
};

const convertElementType: ComplexRule = (b, eqn, [x]) => {
  const { newDtype, weakType } = eqn.params as Params<"convert_element_type">;
  const convert = (a: Atom, to: DType): Atom => (a.aval.dtype === to ? a : b.one("convert_element_type", [a], { newDtype: to, weakType }));
  if (isPair(x!)) {
    // JAX's convert_element_type of complex to a real dtype keeps the real part.
    if (!isComplex(newDtype)) return [convert(x.re, newDtype)];
    const part = realPartDtype(newDtype);
    return [b.pair(convert(x.re, part), convert(x.im, part))];
  }
  const part = realPartDtype(newDtype);
  const re = convert(x!, part);
  return [b.pair(re, b.broadcast(b.lit(0, part), re.aval.shape))];
};

const COMPLEX_RULES: Partial<Record<PrimitiveName, ComplexRule>> = {
  neg: unaryPair((b, a) => b.cneg(a)),
  exp: unaryPair((b, a) => b.cexp(a)),
  exp2: unaryPair((b, a) => b.cexp(b.scale(a, b.lit(Math.LN2, b.dtypeOf(a))))),
  log: unaryPair((b, a) => b.clog(a)),
  log1p: unaryPair((b, a) => b.clog1p(a)),
  expm1: unaryPair((b, a) => b.cexpm1(a)),
  sqrt: unaryPair((b, a) => b.csqrt(a)),
  rsqrt: unaryPair((b, a) => b.creciprocal(b.csqrt(a))),
  sin: unaryPair((b, a) => b.csin(a)),
  cos: unaryPair((b, a) => b.ccos(a)),
  tan: unaryPair((b, a) => b.ctan(a)),
  sinh: unaryPair((b, a) => b.csinh(a)),
  cosh: unaryPair((b, a) => b.ccosh(a)),
  tanh: unaryPair((b, a) => b.ctanh(a)),
  logistic: unaryPair((b, a) => {
    const dt = b.dtypeOf(a);
    return b.creciprocal(b.cadd(b.pair(b.lit(1, dt), b.zero(a)), b.cexp(b.cneg(a))));
  }),
  sign: unaryPair((b, a) => b.csign(a)),
  square: unaryPair((b, a) => b.cmul(a, a)),
  integer_pow: (b, eqn, [x]) => [b.cintegerPow(asPair(x!), (eqn.params as Params<"integer_pow">).y)],
  abs: (b, _eqn, [x]) => [b.cabs(asPair(x!))],
  add: binaryPair((b, x, y) => b.cadd(x, y)),
  sub: binaryPair((b, x, y) => b.csub(x, y)),
  mul: binaryPair((b, x, y) => b.cmul(x, y)),
  div: binaryPair((b, x, y) => b.cdiv(x, y)),
  pow: binaryPair((b, x, y) => b.cpow(x, y)),
  max: binaryPair((b, x, y) => b.cselect(b.clexLess(x, y), y, x)),
  min: binaryPair((b, x, y) => b.cselect(b.clexLess(y, x), y, x)),
  eq: (b, _eqn, [x, y]) => [b.bin("and", b.bin("eq", asPair(x!).re, asPair(y!).re), b.bin("eq", asPair(x!).im, asPair(y!).im))],
  ne: (b, _eqn, [x, y]) => [b.bin("or", b.bin("ne", asPair(x!).re, asPair(y!).re), b.bin("ne", asPair(x!).im, asPair(y!).im))],
  real: (_b, _eqn, [x]) => [asPair(x!).re],
  imag: (_b, _eqn, [x]) => [asPair(x!).im],
  conj: (b, _eqn, [x]) => {
    if (isPair(x!)) return [b.pair(x.re, b.neg(x.im))];
    return [b.pair(x!, b.broadcast(b.lit(0, x!.aval.dtype), x!.aval.shape))];
  },
  complex: (b, _eqn, [x, y]) => [b.pair(asAtom(x!), asAtom(y!))],
  fft: lowerInterleaved,
  eig: lowerInterleaved,
  schur: lowerSchur,
  select_n: (b, _eqn, [which, ...cases]) => {
    const w = asAtom(which!);
    const part = (k: "re" | "im"): Atom => b.one("select_n", [w, ...cases.map((c) => asPair(c)[k])], NO_PARAMS);
    return [b.pair(part("re"), part("im"))];
  },
  convert_element_type: convertElementType,
  iota: (b, eqn) => {
    const params = eqn.params as Params<"iota">;
    const part = realPartDtype(params.dtype);
    const re = b.one("iota", [], { ...params, dtype: part });
    return [b.pair(re, b.broadcast(b.lit(0, part), params.shape))];
  },
  dot_general: dotGeneral,
  reduce_prod: reduceProd,
  cumprod,
  stop_gradient: perPart,
  broadcast_in_dim: perPart,
  reshape: perPart,
  transpose: perPart,
  squeeze: perPart,
  expand_dims: perPart,
  rev: perPart,
  pad: perPart,
  concatenate: perPart,
  slice: perPart,
  dynamic_slice: perPart,
  dynamic_update_slice: perPart,
  gather: perPart,
  scatter: perPart,
  "scatter-add": perPart,
  reduce_sum: perPart,
  cumsum: perPart,
  name: perPart,
};

/**
 * Primitives whose kernels take complex values in their interleaved storage: fft
 * (backends/js/fft), eig and schur (backends/js/linalg). A complex operand is interleaved, and each
 * complex result read back as a pair from the [...S, 2] array the kernel writes.
 */
function lowerInterleaved(b: Lowerer, eqn: Eqn, ins: readonly Value[]): Value[] {
  const invars = ins.map((x, i) => (isPair(x) ? b.interleave(x, eqn.invars[i]!.aval.shape) : x));
  const outvars = eqn.outvars.map((v) => new Var(interleavedAval(v.aval)));
  b.eqns.push(Object.freeze({ primitive: eqn.primitive, invars, params: eqn.params, outvars }) as Eqn);
  return outvars.map((v, i) => (isComplex(eqn.outvars[i]!.aval.dtype) ? b.deinterleave(v) : v));
}

/**
 * schur: a complex operand reaches the kernel interleaved and viewed as (..., n, 2n), and so do its
 * results, so that the JS lowering tells it from a real (..., n, n) operand (the real Schur form)
 * by shape alone: both are float arrays there, and (..., n, n, 2) reads as a real batch when n = 2.
 */
function lowerSchur(b: Lowerer, eqn: Eqn, ins: readonly Value[]): Value[] {
  const x = ins[0]!;
  if (!isPair(x)) return lowerInterleaved(b, eqn, ins);
  const aval = eqn.invars[0]!.aval;
  const n = aval.shape[aval.ndim - 1]!;
  const wide = [...aval.shape.slice(0, -1), 2 * n];
  const invar = b.one("reshape", [b.interleave(x, aval.shape)], { newSizes: wide });
  const outvars = eqn.outvars.map(() => new Var(new ShapedArray(wide, realPartDtype(aval.dtype), false)));
  b.eqns.push(Object.freeze({ primitive: eqn.primitive, invars: [invar], params: eqn.params, outvars }) as Eqn);
  return outvars.map((v) => b.deinterleave(b.one("reshape", [v], { newSizes: [...aval.shape, 2] })));
}

/** Primitives that carry jaxprs: they see complex values in their interleaved storage. */
const CARRIERS: ReadonlySet<PrimitiveName> = new Set<PrimitiveName>(["pjit", "checkpoint", "custom_jvp_call", "custom_vjp_call", "cond", "while", "scan"]);

class Lowerer extends ComplexBuilder {
  readonly env = new Map<Var, Value>();

  read(a: Atom): Value {
    if (a instanceof Literal) {
      if (!isComplex(a.aval.dtype)) return a;
      // A complex literal holds a real value (Literal.value is a number).
      const part = realPartDtype(a.aval.dtype);
      return { re: Literal.scalar(a.value, part, a.aval.weakType), im: Literal.scalar(0, part, a.aval.weakType) };
    }
    return this.env.get(a) ?? a;
  }

  /** The interleaved storage a pair was read from, so that interleaving it again costs nothing. */
  private readonly storageOf = new WeakMap<Pair, Atom>();

  /** A complex value from its interleaved storage `w` (shape [...S, 2]). */
  deinterleave(w: Atom): Pair {
    const shape = w.aval.shape.slice(0, -1);
    const k = shape.length;
    const part = (j: number): Atom => {
      const s = this.one("slice", [w], { startIndices: [...shape.map(() => 0), j], limitIndices: [...shape, j + 1], strides: null });
      return this.one("squeeze", [s], { dimensions: [k] });
    };
    const pair = { re: part(0), im: part(1) };
    this.storageOf.set(pair, w);
    return pair;
  }

  /** The interleaved storage of a complex value of `shape`: [...shape, 2], re at index 0, im at 1. */
  interleave(p: Pair, shape: Shape): Atom {
    const stored = this.storageOf.get(p);
    if (stored !== undefined) return stored;
    const full = [...shape, 2];
    const dims = range(shape.length);
    const spread = (a: Atom): Atom => this.one("broadcast_in_dim", [a], { shape: full, broadcastDimensions: a.aval.ndim === 0 ? [] : dims });
    const isIm = this.bin("eq", this.one("iota", [], { dtype: "int32", shape: [2], dimension: 0 }), this.lit(1, "int32"));
    const which = this.one("broadcast_in_dim", [isIm], { shape: full, broadcastDimensions: [shape.length] });
    return this.one("select_n", [which, spread(p.re), spread(p.im)], NO_PARAMS);
  }

  lowerEqn(eqn: Eqn): void {
    const ins = eqn.invars.map((a) => this.read(a));
    const complexHere = eqn.invars.some(atomHasComplex) || eqn.outvars.some(atomHasComplex);
    if (!complexHere) {
      const invars = ins.map(asAtom);
      const changed = invars.some((a, i) => a !== eqn.invars[i]);
      this.eqns.push(changed ? (Object.freeze({ ...eqn, invars }) as Eqn) : eqn);
      return;
    }
    if (CARRIERS.has(eqn.primitive)) {
      const invars = ins.map((v, i) => (isPair(v) ? this.interleave(v, eqn.invars[i]!.aval.shape) : v));
      const outvars = eqn.outvars.map((v) => new Var(interleavedAval(v.aval)));
      this.eqns.push(Object.freeze({ ...eqn, invars, outvars }) as Eqn);
      eqn.outvars.forEach((v, i) => this.env.set(v, isComplex(v.aval.dtype) ? this.deinterleave(outvars[i]!) : outvars[i]!));
      return;
    }
    const rule = COMPLEX_RULES[eqn.primitive];
    if (rule === undefined) {
      const dtypes = [...eqn.invars, ...eqn.outvars].map((a) => a.aval.dtype).filter(isComplex);
      throw new TypeError(`${eqn.primitive} does not support complex operands in dprog (got ${dtypes[0]}).`);
    }
    const outs = rule(this, eqn, ins);
    eqn.outvars.forEach((v, i) => {
      const o = outs[i]!;
      // Parts keep the value's exact shape (rank-0 literals are spread to it).
      if (!isPair(o)) return this.env.set(v, o);
      const re = this.broadcast(o.re, v.aval.shape), im = this.broadcast(o.im, v.aval.shape);
      this.env.set(v, re === o.re && im === o.im ? o : { re, im });
    });
  }
}

/**
 * The jaxpr with complex values lowered to real pairs. Its complex constvars, invars and outvars
 * become real arrays of shape [...S, 2], which is exactly their interleaved storage, so the buffers
 * a caller passes and receives are unchanged.
 */
export function lowerComplex(jaxpr: Jaxpr): Jaxpr {
  if (!hasComplex(jaxpr)) return jaxpr;
  const b = new Lowerer();
  const boundary = (v: Var): Var => {
    if (!isComplex(v.aval.dtype)) return v;
    const w = new Var(interleavedAval(v.aval));
    b.env.set(v, b.deinterleave(w));
    return w;
  };
  const constvars = jaxpr.constvars.map(boundary);
  const invars = jaxpr.invars.map(boundary);
  for (const eqn of jaxpr.eqns) b.lowerEqn(eqn);
  const outvars = jaxpr.outvars.map((a) => {
    const v = b.read(a);
    return isPair(v) ? b.interleave(v, a.aval.shape) : v;
  });
  return makeJaxprValue({ constvars, invars, eqns: b.eqns, outvars });
}
