// The operation catalogue: one maker per family, each emitting dprog source through the public API.
// Every primitive of jaxpr/params.ts reachable from the public API is covered by some family
// (`prims`); the exceptions are listed in UNREACHED.
import type { Aval } from "./program.js";
import type { DType } from "../../src/index.js";
import { fmtShape } from "./program.js";
import type { Ctx, OpDef, Val } from "./generator.js";
import { size, sameAval, broadcastable, MAX_SIZE } from "./generator.js";

/** Primitives the fuzzer does not generate, and why. */
export const UNREACHED: Readonly<Record<string, string>> = {
  // Named-axis collectives: a generated program has no named axis to bind them (unbound, they are
  // JAX's NameError); test/vmap/collectives.test.ts checks values (JAX's), jit, vmap and grads.
  psum: "needs a named axis (vmap's axisName); test/vmap/collectives.test.ts covers it",
  pmax: "needs a named axis (vmap's axisName); test/vmap/collectives.test.ts covers it",
  pmin: "needs a named axis (vmap's axisName); test/vmap/collectives.test.ts covers it",
  axis_index: "needs a named axis (vmap's axisName); test/vmap/collectives.test.ts covers it",
  all_gather: "needs a named axis (vmap's axisName); test/vmap/collectives.test.ts covers it",
  ppermute: "needs a named axis (vmap's axisName); test/vmap/collectives.test.ts covers it",
  all_to_all: "needs a named axis (vmap's axisName); test/vmap/collectives.test.ts covers it",
  reduce_scatter: "needs a named axis (vmap's axisName); test/vmap/collectives.test.ts covers it",
  custom_lin: "internal: appears only inside the JVP of custom_vjp_call (exercised through customVjp)",
  debug_callback: "effectful printing (debug.print), no value to compare",
  pure_callback: "not generated yet (added in 6bf8e1f): a host function of concrete arrays",
  name: "not generated yet (added with checkpoint policies, 6b727f8): checkpoint_name, the identity",
  // Linear algebra (issue 20): generators need well-conditioned (SPD, triangular, distinct-spectrum)
  // operands; until they exist, test/linalg checks values, checkGrads, vmap and jit for each.
  cholesky: "not generated yet (issue 20): needs SPD operands; test/linalg covers it",
  triangular_solve: "not generated yet (issue 20): needs well-conditioned triangles; test/linalg covers it",
  lu: "not generated yet (issue 20): pivots must not flip under finite differences; test/linalg covers it",
  qr: "not generated yet (issue 20): test/linalg covers it",
  eigh: "not generated yet (issue 20): needs distinct eigenvalues for derivatives; test/linalg covers it",
  eig: "not generated yet (issue 23): needs distinct eigenvalues for derivatives; test/linalg/eig.test.ts covers it",
  schur: "no derivative (as JAX's schur_p); test/scipy/schur.test.ts and test/linalg/realSchur.test.ts cover it",
  hessenberg: "no derivative (as JAX's hessenberg_p); test/linalg/hessenberg.test.ts covers it",
  householder_product: "no derivative (as JAX's householder_product_p); test/linalg/hessenberg.test.ts covers it",
  svd: "not generated yet (issue 20): needs distinct singular values for derivatives; test/linalg covers it",
  tridiagonal_solve: "not generated yet (issue 20): needs diagonally dominant systems; test/linalg covers it",
  reduce_window: "the general reduce_window (a user monoid) has no reverse mode, as in JAX, so grad checks would crash; test/lax/reduceWindow covers eager, jit, vmap and jvp",
};

const J = (x: unknown): string => JSON.stringify(x);

const unaryF = (name: string, prims: string[], w: number, src: (c: Ctx, a: string) => string): OpDef => ({
  name,
  prims,
  w,
  make: (c) => {
    const a = c.float();
    return a === null ? null : { expr: src(c, a.name) };
  },
});

const binaryF = (name: string, prims: string[], w: number, src: (c: Ctx, a: string, b: string) => string): OpDef => ({
  name,
  prims,
  w,
  make: (c) => {
    const a = c.float();
    if (a === null) return null;
    const b = c.partner(a);
    return c.rng.bool() ? { expr: src(c, a.name, b) } : b.match(/^-?\d/) ? { expr: src(c, a.name, b) } : { expr: src(c, b, a.name) };
  },
});

function randomPerm(c: Ctx, n: number): number[] {
  return c.rng.shuffle(globalThis.Array.from({ length: n }, (_, i) => i));
}

function factorShape(c: Ctx, n: number): number[] {
  const out: number[] = [];
  let rest = n;
  const rank = c.rng.int(0, 3);
  for (let k = 0; k < rank && rest > 1; k++) {
    const divs = globalThis.Array.from({ length: rest }, (_, i) => i + 1).filter((d) => rest % d === 0);
    const d = c.rng.pick(divs);
    out.push(d);
    rest /= d;
  }
  if (rest > 1 || (out.length === 0 && c.rng.bool())) out.push(rest);
  return c.rng.shuffle(out);
}

const intVal = (c: Ctx): Val | null => c.pick((v) => v.aval.dtype === "int32");
const boolVal = (c: Ctx): Val | null => c.pick((v) => v.aval.dtype === "bool");

/** An int32 index expression: an existing int32 value, or argsort/argmax/astype of a float. */
function indexExpr(c: Ctx, want: "any" | "vector"): string | null {
  const iv = intVal(c);
  if (iv !== null && (want === "any" || iv.aval.shape.length === 1) && c.rng.bool(0.6)) return iv.name;
  const f = c.float((v) => v.aval.shape.length >= 1);
  if (f === null) return null;
  const r = c.rng.int(0, 2);
  if (r === 0) return `np.argsort(${f.name}, ${f.aval.shape.length - 1})${f.aval.shape.length > 1 ? `.reshape([-1])` : ""}`;
  if (r === 1) return `np.astype(np.floor(${f.name}.mul(2)), "int32")${f.aval.shape.length > 1 ? `.reshape([-1])` : ""}`;
  return `np.arange(${c.rng.int(1, 4)}).mul(${c.rng.int(-1, 2)})`;
}

/**
 * A window reduction of `a` with random geometry; `lastUntouched`: the window leaves the last dim
 * alone (one tap, stride 1, no dilation), so the result keeps it.
 */
function windowExpr(c: Ctx, a: Val, lastUntouched: boolean): { expr: string; fn: string; taps: number } {
  const s = a.aval.shape;
  const keep = (i: number): boolean => lastUntouched && i === s.length - 1;
  const [fn, init] = c.rng.pick([["lax.add", "0"], ["lax.max", "-Infinity"], ["lax.min", "Infinity"]] as const);
  const window = s.map((d, i) => (keep(i) ? 1 : c.rng.int(1, Math.max(1, Math.min(3, d)))));
  const strides = s.map((_, i) => (keep(i) ? 1 : c.rng.int(1, 2)));
  const padding = c.rng.pick([`"VALID"`, `"SAME"`, `"SAME_LOWER"`, J(s.map((_, i) => (keep(i) ? [0, 0] : [c.rng.int(0, 1), c.rng.int(0, 1)])))]);
  const baseDilation = c.rng.bool(0.3) ? J(s.map((_, i) => (keep(i) ? 1 : c.rng.int(1, 2)))) : "null";
  const windowDilation = fn === "lax.add" && c.rng.bool(0.3) ? J(s.map((_, i) => (keep(i) ? 1 : c.rng.int(1, 2)))) : "null";
  const expr = `lax.reduceWindow(${a.name}, ${init}, ${fn}, ${J(window)}, ${J(strides)}, ${padding}, ${baseDilation}, ${windowDilation})`;
  return { expr, fn, taps: window.reduce((p, w) => p * w, 1) };
}

export const OPS: OpDef[] = [
  // ---- elementwise unary ----
  unaryF("neg", ["neg"], 2, (c, a) => (c.rng.bool() ? `np.negative(${a})` : `${a}.neg()`)),
  unaryF("sign", ["sign"], 1, (_c, a) => `np.sign(${a})`),
  unaryF("floor_ceil_round", ["floor", "ceil", "round"], 2, (c, a) => {
    const k = c.rng.int(0, 3);
    return k === 0 ? `np.floor(${a}.mul(2))` : k === 1 ? `np.ceil(${a}.mul(2))` : k === 2 ? `np.round(${a}.mul(2))` : `lax.round(${a}.mul(2), ${c.rng.int(0, 1)})`;
  }),
  // Wide formats only: float64 programs check derivatives by finite differences, which a coarse
  // rounding's steps would defeat (its JVP rounds the tangent, as JAX's deflinear rule).
  unaryF("reduce_precision", ["reduce_precision"], 1, (c, a) => `lax.reducePrecision(${a}, ${c.rng.pick([11, 10])}, ${c.rng.pick([44, 48])})`),
  unaryF("is_finite", ["is_finite"], 1, (c, a) => `np.isfinite(${c.rng.bool() ? `np.log(${a})` : a})`),
  unaryF("exp_log", ["exp", "exp2", "log", "log1p", "expm1"], 4, (c, a) => {
    const k = c.rng.int(0, 4);
    return [`np.exp(${a})`, `np.exp2(${a})`, `np.log(${c.guard(a, "pos")})`, `np.log1p(${c.guard(a, "pos")})`, `np.expm1(${a})`][k]!;
  }),
  // betainc in x only (JAX defines no derivative in a and b): x = logistic(a) in (0, 1).
  unaryF("betainc", ["regularized_incomplete_beta", "logistic"], 1, (c, a) => `lax.betainc(${c.rng.uniform(0.5, 4).toFixed(2)}, ${c.rng.uniform(0.5, 4).toFixed(2)}, lax.logistic(${a}))`),
  unaryF("tanh_logistic", ["tanh", "logistic"], 2, (c, a) => c.rng.pick([`np.tanh(${a})`, `np.sigmoid(${a})`, `lax.logistic(${a})`, `nn.softplus(${a})`, `nn.gelu(${a})`])),
  unaryF("trig", ["sin", "cos", "tan", "atan"], 4, (c, a) => c.rng.pick([`np.sin(${a})`, `np.cos(${a})`, `np.tan(${c.guard(a, "unit")})`, `np.arctan(${a})`])),
  unaryF("inverse_trig", ["asin", "acos", "atanh"], 2, (c, a) => c.rng.pick([`np.arcsin(${c.guard(a, "unit")})`, `np.arccos(${c.guard(a, "unit")})`, `np.arctanh(${c.guard(a, "unit")})`])),
  unaryF("hyperbolic", ["sinh", "cosh", "asinh", "acosh"], 2, (c, a) => c.rng.pick([`np.sinh(${a})`, `np.cosh(${a})`, `np.arcsinh(${a})`, `np.arccosh(${c.guard(a, "ge1")})`])),
  unaryF("roots", ["sqrt", "rsqrt", "cbrt"], 2, (c, a) => c.rng.pick([`np.sqrt(${c.guard(a, "pos")})`, `np.rsqrt(${c.guard(a, "pos")})`, `np.cbrt(${a})`])),
  unaryF("abs", ["abs"], 2, (_c, a) => `np.abs(${a})`),
  unaryF("erf", ["erf"], 1, (_c, a) => `np.erf(${a})`),
  unaryF("square_pow", ["square", "integer_pow"], 2, (c, a) => {
    const k = c.rng.int(-2, 4);
    return c.rng.bool(0.3) ? `np.square(${a})` : `lax.integerPow(${k < 0 ? c.guard(a, "pos") : a}, ${k})`;
  }),
  {
    name: "stop_gradient",
    prims: ["stop_gradient"],
    w: 1,
    make: (c) => {
      const a = c.float();
      return a === null ? null : { expr: `lax.stopGradient(${a.name})`, noFD: true };
    },
  },
  unaryF("relu", ["max"], 1, (_c, a) => `nn.relu(${a})`),
  // ---- elementwise binary ----
  binaryF("add_sub_mul", ["add", "sub", "mul"], 8, (c, a, b) => {
    const k = c.rng.int(0, 5);
    return [`np.add(${a}, ${b})`, `np.subtract(${a}, ${b})`, `np.multiply(${a}, ${b})`, `${a}.add(${b})`, `${a}.sub(${b})`, `${a}.mul(${b})`][k]!.replace(/^(-?[\d.]+)\.(\w+)\(/, "np.$2(np.array($1), ");
  }),
  binaryF("div", ["div"], 2, (c, a, b) => `np.divide(${a}, ${c.guard(b, "pos")})`),
  binaryF("rem", ["rem"], 1, (c, a, b) => `np.remainder(${a}, ${c.guard(b, "pos")})`),
  binaryF("pow", ["pow"], 1, (c, a, b) => `np.power(${c.guard(a, "pos")}, ${b})`),
  binaryF("max_min", ["max", "min"], 3, (c, a, b) => (c.rng.bool() ? `np.maximum(${a}, ${b})` : `np.minimum(${a}, ${b})`)),
  binaryF("atan2", ["atan2"], 1, (_c, a, b) => `np.arctan2(${a}, ${b})`),
  binaryF("logaddexp", ["logaddexp"], 1, (_c, a, b) => `np.logaddexp(${a}, ${b})`),
  {
    name: "compare",
    prims: ["eq", "ne", "lt", "le", "gt", "ge"],
    w: 3,
    make: (c) => {
      const a = c.float();
      if (a === null) return null;
      const fn = c.rng.pick(["equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual"]);
      return { expr: `np.${fn}(${a.name}, ${c.partner(a)})` };
    },
  },
  {
    name: "logical",
    prims: ["and", "or", "xor", "not"],
    w: 1,
    make: (c) => {
      const a = boolVal(c);
      if (a === null) return null;
      const b = c.pick((v) => v.aval.dtype === "bool" && sameAval(v.aval, a.aval)) ?? a;
      return { expr: c.rng.pick([`np.logicalAnd(${a.name}, ${b.name})`, `np.logicalOr(${a.name}, ${b.name})`, `np.logicalXor(${a.name}, ${b.name})`, `np.logicalNot(${a.name})`]) };
    },
  },
  {
    name: "int_bitwise",
    prims: ["and", "or", "xor", "not", "shift_left", "shift_right_logical", "shift_right_arithmetic", "add", "mul", "rem"],
    w: 1,
    make: (c) => {
      const a = intVal(c);
      if (a === null) return null;
      const b = c.pick((v) => v.aval.dtype === "int32" && sameAval(v.aval, a.aval)) ?? a;
      const k = c.rng.int(0, 3);
      return {
        expr: c.rng.pick([
          `np.bitwiseAnd(${a.name}, ${b.name})`,
          `np.bitwiseOr(${a.name}, ${b.name})`,
          `np.bitwiseXor(${a.name}, ${b.name})`,
          `np.bitwiseNot(${a.name})`,
          `lax.shiftLeft(${a.name}, ${k})`,
          `lax.shiftRightArithmetic(${a.name}, ${k})`,
          `lax.shiftRightLogical(${a.name}, ${k})`,
          `np.add(${a.name}, ${b.name}).mul(3)`,
          `lax.rem(${a.name}, ${c.rng.int(2, 3)})`,
        ]),
      };
    },
  },
  // ---- select / clamp / convert ----
  {
    name: "where",
    prims: ["select_n"],
    w: 3,
    make: (c) => {
      const a = c.float();
      if (a === null) return null;
      const b = c.partner(a);
      const p = c.pick((v) => v.aval.dtype === "bool" && v.aval.shape.length <= a.aval.shape.length && v.aval.shape.every((d, i) => d === 1 || d === a.aval.shape[a.aval.shape.length - v.aval.shape.length + i]));
      const pred = p !== null && c.rng.bool(0.6) ? p.name : `np.greater(${a.name}, ${c.lit()})`;
      return { expr: `np.where(${pred}, ${a.name}, ${b})` };
    },
  },
  {
    name: "select_n",
    prims: ["select_n", "clamp", "convert_element_type"],
    w: 1,
    make: (c) => {
      const a = c.float();
      if (a === null) return null;
      const b = c.float((v) => sameAval(v.aval, a.aval)) ?? a;
      if (c.rng.bool()) return { expr: `lax.select(np.less(${a.name}, ${c.lit()}), ${a.name}, ${b.name}.mul(2))` };
      return { expr: `lax.selectN(lax.clamp(0, np.astype(np.floor(${b.name}), "int32"), 2), ${a.name}, ${b.name}, np.sin(${a.name}))` };
    },
  },
  {
    // Complex parts (issue 23): a real result through complex multiplication and conjugation.
    name: "complex parts",
    prims: ["complex", "real", "imag", "conj"],
    w: 1,
    make: (c) => {
      const a = c.float();
      // float16 has no complex dtype of its own (lax.complex makes complex64, whose parts are float32).
      if (a === null || c.F === "float16") return null;
      const b = c.float((v) => sameAval(v.aval, a.aval)) ?? a;
      return { expr: `np.real(np.multiply(np.conj(lax.complex(${a.name}, ${b.name})), lax.complex(${b.name}, np.imag(lax.complex(${a.name}, ${a.name})))))` };
    },
  },
  {
    name: "clamp",
    prims: ["clamp", "max", "min"],
    w: 1,
    make: (c) => {
      const a = c.float();
      if (a === null) return null;
      const lo = c.rng.uniform(-1.5, 0).toFixed(2);
      const hi = c.rng.uniform(0.1, 1.5).toFixed(2);
      return { expr: c.rng.bool() ? `np.clip(${a.name}, ${lo}, ${hi})` : `lax.clamp(np.array(${lo}, { dtype: ${c.dt(a.aval.dtype)} }), ${a.name}, np.array(${hi}, { dtype: ${c.dt(a.aval.dtype)} }))` };
    },
  },
  {
    name: "convert",
    prims: ["convert_element_type"],
    w: 3,
    make: (c) => {
      const a = c.pick();
      if (a === null) return null;
      const other = c.F === "float64" ? "float32" : "float64";
      if (a.aval.dtype !== c.F) return { expr: `np.astype(${a.name}, ${c.dt(c.F)})` };
      const to = c.rng.pick<DType>(["int32", "bool", other, "int32", "uint32", "int8", "uint8", "int16", "uint16", "int4", "uint4", "int2", "uint2", "float16", "float8_e4m3fn", "float8_e5m2fnuz"]);
      if (to === other && !c.g.allowed("float32_in_float64")) return null;
      // Through float32, a float64 program is a step function at float64's finite-difference scale.
      if (to === other) return { expr: `np.astype(np.astype(${a.name}, ${c.dt(other)}).mul(1.5), ${c.dt(c.F)})`, ...(c.F === "float64" ? { noFD: true } : {}) };
      // A rounding to float16 is a step function at float64's finite-difference scale, and to a
      // float8 (3 or 2 mantissa bits) at every program's.
      const stepped = to.startsWith("float8") || (to === "float16" && c.F === "float64");
      return { expr: `np.astype(${to === "bool" ? a.name : `${a.name}.mul(3)`}, ${c.dt(to)})`, ...(stepped ? { noFD: true } : {}) };
    },
  },
  {
    name: "bitcast",
    prims: ["bitcast_convert_type", "shift_right_logical", "convert_element_type"],
    w: 0.5,
    make: (c) => {
      const a = c.float();
      if (a === null || c.F !== "float32") return null;
      return c.rng.bool()
        ? { expr: `lax.bitcastConvertType(lax.bitcastConvertType(${a.name}, "int32"), "float32")` }
        : { expr: `np.astype(lax.shiftRightLogical(lax.bitcastConvertType(${a.name}, "uint32"), 23), "int32")` };
    },
  },
  // ---- shapes ----
  {
    name: "broadcast",
    prims: ["broadcast_in_dim"],
    w: 2,
    make: (c) => {
      const a = c.pick();
      if (a === null) return null;
      const s = a.aval.shape;
      if (c.rng.bool()) {
        const target = [...(c.rng.bool() ? [c.rng.int(1, 3)] : []), ...s.map((d) => (d === 1 ? c.rng.int(1, 3) : d))];
        if (size(target) > MAX_SIZE) return null;
        return { expr: `np.broadcastTo(${a.name}, ${fmtShape(target)})` };
      }
      const extra = c.rng.int(1, 3);
      const rank = s.length + 1;
      const keep = [...Array(rank).keys()].filter(() => true);
      const newAxis = c.rng.int(0, s.length);
      const dims = keep.filter((d) => d !== newAxis);
      const shape = globalThis.Array.from({ length: rank }, (_, d) => (d === newAxis ? extra : s[dims.indexOf(d)]!));
      return { expr: `lax.broadcastInDim(${a.name}, ${fmtShape(shape)}, ${fmtShape(dims)})` };
    },
  },
  {
    name: "reshape",
    prims: ["reshape", "squeeze", "expand_dims"],
    w: 3,
    make: (c) => {
      const a = c.pick();
      if (a === null) return null;
      const r = c.rng.int(0, 3);
      if (r === 0) {
        const shape = factorShape(c, size(a.aval.shape));
        if (shape.length > 0 && c.rng.bool(0.3)) shape[c.rng.int(0, shape.length - 1)] = -1;
        return { expr: c.rng.bool() ? `${a.name}.reshape(${fmtShape(shape)})` : `np.reshape(${a.name}, ${fmtShape(shape)})` };
      }
      if (r === 1) return { expr: `np.expandDims(${a.name}, ${c.rng.int(0, a.aval.shape.length)})` };
      if (r === 2) {
        const ones = a.aval.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
        if (ones.length === 0) return null;
        return { expr: c.rng.bool() ? `np.squeeze(${a.name})` : `lax.squeeze(${a.name}, [${c.rng.pick(ones)}])` };
      }
      return { expr: `np.ravel(${a.name})` };
    },
  },
  {
    name: "transpose",
    prims: ["transpose"],
    w: 2,
    make: (c) => {
      const a = c.pick((v) => v.aval.shape.length >= 2);
      if (a === null) return null;
      const n = a.aval.shape.length;
      const k = c.rng.int(0, 3);
      if (k === 0) return { expr: `${a.name}.T` };
      if (k === 1) return { expr: `np.transpose(${a.name}, ${fmtShape(randomPerm(c, n))})` };
      if (k === 2) return { expr: `lax.transpose(${a.name}, ${fmtShape(randomPerm(c, n))})` };
      return { expr: `np.swapaxes(${a.name}, 0, ${n - 1})` };
    },
  },
  {
    name: "rev",
    prims: ["rev"],
    w: 1,
    make: (c) => {
      const a = c.pick((v) => v.aval.shape.length >= 1);
      if (a === null) return null;
      return { expr: c.rng.bool() ? `np.flip(${a.name}, ${c.axis(a)})` : `lax.rev(${a.name}, [${c.rng.int(0, a.aval.shape.length - 1)}])` };
    },
  },
  {
    name: "pad",
    prims: ["pad"],
    w: 2,
    make: (c) => {
      const a = c.pick((v) => v.aval.shape.length >= 1);
      if (a === null) return null;
      if (c.rng.bool()) {
        const widths = a.aval.shape.map(() => `[${c.rng.int(0, 2)}, ${c.rng.int(0, 2)}]`);
        return { expr: `np.pad(${a.name}, [${widths.join(", ")}])` };
      }
      const cfg = a.aval.shape.map((d) => {
        const interior = c.rng.int(0, 1);
        const full = d + (d - 1) * interior;
        const lo = c.rng.int(-Math.min(1, full - 1), 2);
        const hi = c.rng.int(-Math.min(1, full - 1 + Math.min(lo, 0)), 2);
        return `[${lo}, ${hi}, ${interior}]`;
      });
      // Integer pads are small positive integers: a fractional or negative literal does not fit
      // every integer dtype (JAX raises OverflowError for -1.08 as uint16).
      const intPad = /^u?int/.test(a.aval.dtype);
      const pv = a.aval.dtype === "bool" ? "false" : c.rng.bool() ? "0" : intPad ? `${c.rng.int(1, 3)}` : c.lit();
      return { expr: `lax.pad(${a.name}, ${a.aval.dtype === "bool" ? pv : `np.array(${pv}, { dtype: ${c.dt(a.aval.dtype)} })`}, [${cfg.join(", ")}])` };
    },
  },
  {
    name: "concatenate",
    prims: ["concatenate"],
    w: 3,
    make: (c) => {
      const a = c.pick((v) => v.aval.shape.length >= 1);
      if (a === null) return null;
      const ax = c.rng.int(0, a.aval.shape.length - 1);
      const compatible = (v: Val): boolean =>
        v.aval.dtype === a.aval.dtype && v.aval.shape.length === a.aval.shape.length && v.aval.shape.every((d, i) => i === ax || d === a.aval.shape[i]);
      const parts = [a.name];
      const n = c.rng.int(1, 2);
      const fresh = (v: Val): string => (v.aval.dtype === c.F && c.rng.bool(0.35) ? `np.${c.rng.pick(["sin", "cos", "exp", "tanh"])}(${v.name})` : v.name);
      for (let k = 0; k < n; k++) parts.push(fresh(c.rng.bool(0.4) ? a : c.pick(compatible) ?? a));
      if (c.rng.bool(0.25)) {
        const same = parts.every((p) => c.scope.find((v) => p.includes(v.name) && new RegExp(`\\b${v.name}\\b`).test(p))!.aval.shape.every((d, i) => d === a.aval.shape[i]));
        if (same) return { expr: `np.stack([${parts.join(", ")}], ${c.rng.int(0, a.aval.shape.length)})` };
      }
      return { expr: `np.concatenate([${parts.join(", ")}], ${ax})` };
    },
  },
  {
    name: "slice",
    prims: ["slice", "rev", "squeeze"],
    w: 3,
    make: (c) => {
      const a = c.pick((v) => v.aval.shape.length >= 1);
      if (a === null) return null;
      const s = a.aval.shape;
      const k = c.rng.int(0, 2);
      if (k === 0) {
        const start = s.map((d) => c.rng.int(0, d - 1));
        const limit = s.map((d, i) => c.rng.int(start[i]! + 1, d));
        const strides = s.map(() => c.rng.int(1, 2));
        return { expr: `lax.slice(${a.name}, ${fmtShape(start)}, ${fmtShape(limit)}${c.rng.bool() ? `, ${fmtShape(strides)}` : ""})` };
      }
      const items = s.map((d) => {
        const r = c.rng.int(0, 4);
        if (r === 0) return `":"`;
        if (r === 1) return `"::-1"`;
        if (r === 2) return `"${c.rng.int(0, d - 1)}:"`;
        if (r === 3) return `${c.rng.int(-d, d - 1)}`;
        return `"${c.rng.int(-d, 0)}::${c.rng.pick([1, 2, -1])}"`;
      });
      const n = c.rng.int(1, s.length);
      const idx = items.slice(0, n);
      if (c.rng.bool(0.2)) idx.splice(c.rng.int(0, idx.length), 0, "null");
      return { expr: `${a.name}.get(${idx.join(", ")})` };
    },
  },
  {
    name: "dynamic_slice",
    prims: ["dynamic_slice", "dynamic_update_slice"],
    w: 2,
    make: (c) => {
      const a = c.pick((v) => v.aval.shape.length >= 1 && v.aval.dtype !== "bool");
      if (a === null) return null;
      const s = a.aval.shape;
      const iv = c.pick((v) => v.aval.dtype === "int32" && v.aval.shape.length === 0);
      const starts = s.map(() => (iv !== null && c.rng.bool(0.3) ? iv.name : c.rng.bool(0.3) ? `np.array(${c.rng.int(-1, 4)}, { dtype: "int32" })` : `${c.rng.int(-1, 4)}`));
      const sizes = s.map((d) => c.rng.int(1, d));
      if (c.rng.bool()) return { expr: `lax.dynamicSlice(${a.name}, [${starts.join(", ")}], ${fmtShape(sizes)})` };
      const u = c.pick((v) => v.aval.dtype === a.aval.dtype && v.aval.shape.length === s.length && v.aval.shape.every((d, i) => d <= s[i]!));
      const upd = u !== null && c.rng.bool(0.7) ? u.name : `np.broadcastTo(np.mean(${c.float()?.name ?? a.name}).astype(${c.dt(a.aval.dtype)}), ${fmtShape(sizes)})`;
      return { expr: `lax.dynamicUpdateSlice(${a.name}, ${upd}, [${starts.join(", ")}])` };
    },
  },
  {
    name: "gather",
    prims: ["gather"],
    w: 3,
    make: (c) => {
      const a = c.pick((v) => v.aval.shape.length >= 1);
      if (a === null) return null;
      const raw = indexExpr(c, "any");
      if (raw === null) return null;
      const k = c.rng.int(0, 3);
      const dim = a.aval.shape[k === 1 && a.aval.shape.length > 1 ? 1 : 0]!;
      // Out-of-bounds indices clamp (JAX's default for gathers); "gather_oob" off keeps them in range.
      const idx = c.g.allowed("gather_oob") ? raw : `np.clip(${raw}, 0, ${dim - 1})`;
      if (k === 0 || a.aval.shape.length === 1) return { expr: `${a.name}.get(${idx})` };
      if (k === 1) return { expr: `${a.name}.get(":", ${idx})` };
      if (k === 2) return { expr: `${a.name}.at(${idx}).get({ mode: "fill", fillValue: ${c.lit()} })` };
      return { expr: `${a.name}.get(${idx}, ${c.rng.int(0, a.aval.shape[1]! - 1)})` };
    },
  },
  {
    name: "scatter",
    prims: ["scatter", "scatter-add", "scatter-mul"],
    w: 3,
    make: (c) => {
      const a = c.float((v) => v.aval.shape.length >= 1);
      if (a === null) return null;
      const how = c.rng.pick(["set", "add", "mul", "add"]);
      // Unique indices for `set` (duplicates are unspecified in JAX): a permutation or a range.
      const f = c.float((v) => v.aval.shape.length === 1 && v.aval.shape[0]! <= a.aval.shape[0]!);
      const idx = how === "set" ? (f !== null && c.rng.bool() ? `np.argsort(${f.name})` : `np.arange(${c.rng.int(0, a.aval.shape[0]! - 1)}, ${a.aval.shape[0]})`) : indexExpr(c, "any");
      if (idx === null) return null;
      const b = c.float();
      const upd = b === null || c.rng.bool(0.3) ? c.lit() : `np.mean(${b.name})`;
      return { expr: `${a.name}.at(${idx}).${how}(${upd})` };
    },
  },
  {
    name: "scatter_minmax",
    prims: ["scatter-min", "scatter-max"],
    w: 1,
    make: (c) => {
      const a = c.float((v) => v.aval.shape.length >= 1);
      const idx = indexExpr(c, "any");
      if (a === null || idx === null) return null;
      return { expr: `${a.name}.at(${idx}).${c.rng.pick(["min", "max"])}(${c.lit()})`, noFD: true };
    },
  },
  {
    name: "iota",
    prims: ["iota"],
    w: 1,
    make: (c) => {
      const a = c.float((v) => v.aval.shape.length >= 1);
      if (a === null) return null;
      const s = a.aval.shape;
      const k = c.rng.int(0, 2);
      if (k === 0) return { expr: `${a.name}.add(lax.broadcastedIota(${c.dt(c.F)}, ${fmtShape(s)}, ${c.rng.int(0, s.length - 1)}))` };
      if (k === 1) return { expr: `np.arange(${s[s.length - 1]})` };
      return { expr: `lax.iota("int32", ${c.rng.int(1, 5)})` };
    },
  },
  // ---- reductions ----
  {
    name: "reduce",
    prims: ["reduce_sum", "reduce_max", "reduce_min", "reduce_prod"],
    w: 4,
    make: (c) => {
      const a = c.float();
      if (a === null) return null;
      const n = a.aval.shape.length;
      const fn = c.rng.pick(["sum", "sum", "mean", "max", "min", "prod", "logsumexp"]);
      const r = c.rng.int(0, 2);
      const axis = n === 0 || r === 0 ? "null" : r === 1 ? `${c.axis(a)}` : fmtShape(c.rng.shuffle([...Array(n).keys()]).slice(0, c.rng.int(1, n)));
      return { expr: `np.${fn}(${a.name}, ${axis}${c.rng.bool(0.3) ? ", true" : ""})` };
    },
  },
  {
    name: "reduce_bool",
    prims: ["reduce_and", "reduce_or"],
    w: 1,
    make: (c) => {
      const a = boolVal(c);
      if (a === null) return null;
      return { expr: `np.${c.rng.pick(["all", "any"])}(${a.name}${a.aval.shape.length > 0 && c.rng.bool() ? `, ${c.axis(a)}` : ""})` };
    },
  },
  {
    name: "argmax",
    prims: ["argmax", "argmin"],
    w: 1,
    make: (c) => {
      const a = c.float((v) => v.aval.shape.length >= 1);
      if (a === null) return null;
      return { expr: `np.${c.rng.pick(["argmax", "argmin"])}(${a.name}${c.rng.bool(0.7) ? `, ${c.axis(a)}` : ""})` };
    },
  },
  {
    // Window reductions (issue 21); max/min pooling's derivatives are select_and_gather_add (jvp)
    // and select_and_scatter_add (grad). No window dilation for max/min: JAX has no VJP for it.
    name: "window",
    prims: ["reduce_window_sum", "reduce_window_max", "reduce_window_min", "select_and_gather_add", "select_and_scatter_add"],
    w: 2,
    make: (c) => {
      const a = c.float((v) => v.aval.shape.length >= 1);
      return a === null ? null : { expr: windowExpr(c, a, false).expr };
    },
  },
  {
    // Pooling then elementwise work on its result (a jit fuses it into the window kernel before
    // the store): average pooling's division, an activation, a bias along the last dim (which
    // the window leaves alone), a cast.
    name: "window_epilogue",
    prims: ["reduce_window_sum", "reduce_window_max", "reduce_window_min", "div", "tanh", "max", "add", "mul", "convert_element_type"],
    w: 1,
    make: (c) => {
      const a = c.float((v) => v.aval.shape.length >= 1);
      if (a === null) return null;
      const { expr, fn, taps } = windowExpr(c, a, true);
      const last = a.aval.shape[a.aval.shape.length - 1]!;
      const bias = `lax.broadcastedIota(${c.dt(c.F)}, [${last}], 0).mul(${c.rng.uniform(-0.5, 0.5).toFixed(2)}).add(0.1)`;
      const k = c.rng.int(0, 3);
      if (k === 0) return { expr: fn === "lax.add" ? `${expr}.div(${taps})` : `nn.relu(${expr}).mul(1.5).add(${bias})` };
      if (k === 1) return { expr: `np.tanh(${expr}.add(${bias}))` };
      if (k === 2) return { expr: `np.maximum(${expr}, 0).mul(${bias})` };
      // A cast through the other float width (in float64 programs a step function at the finite
      // differences' scale, as the convert family notes).
      const other = c.F === "float64" ? "float32" : "float64";
      if (c.F === "float64" && !c.g.allowed("float32_in_float64")) return { expr: `${expr}.mul(0.5)` };
      return { expr: `np.astype(np.astype(${expr}, ${c.dt(other)}).mul(0.5), ${c.dt(c.F)})`, ...(c.F === "float64" ? { noFD: true } : {}) };
    },
  },
  {
    name: "cumulative",
    prims: ["cumsum", "cumprod", "cummax", "cummin"],
    w: 2,
    make: (c) => {
      const a = c.float((v) => v.aval.shape.length >= 1);
      if (a === null) return null;
      const ax = c.axis(a);
      const k = c.rng.int(0, 4);
      if (k === 0) return { expr: `np.cumsum(${a.name}, ${ax})` };
      if (k === 1) return { expr: `np.cumprod(${a.name}, ${ax})` };
      const rev = c.rng.bool() ? ", true" : "";
      return { expr: `lax.${c.rng.pick(["cummax", "cummin", "cumsum"])}(${a.name}, ${ax}${rev})` };
    },
  },
  {
    // The FFT (issue 23), real in and real out: a round trip through the half spectrum, or the
    // real or imaginary part of a complex transform.
    name: "fft",
    prims: ["fft"],
    w: 1,
    make: (c) => {
      const a = c.float((v) => v.aval.shape.length >= 1 && v.aval.shape.every((d) => d > 0));
      if (a === null) return null;
      const ax = c.axis(a);
      const n = a.aval.shape[ax < 0 ? ax + a.aval.shape.length : ax]!;
      const norm = J(c.rng.pick(["backward", "ortho", "forward"]));
      // lax.fft's RFFT takes float32/float64 only (JAX's fft_abstract_eval); narrow floats use the complex transforms.
      const narrow = a.aval.dtype === "float16" || a.aval.dtype === "bfloat16";
      const k = narrow ? c.rng.int(1, 3) : c.rng.int(0, 3);
      if (k === 0) return { expr: `np.fft.irfft(np.fft.rfft(${a.name}, null, ${ax}, ${norm}), ${n}, ${ax}, ${norm})` };
      if (k === 1) return { expr: `np.real(np.fft.fft(${a.name}, null, ${ax}, ${norm}))` };
      return { expr: `np.imag(np.fft.${c.rng.pick(["ifft", "fft"])}(${a.name}, ${c.rng.int(1, 2 * n + 1)}, ${ax}))` };
    },
  },
  // ---- products ----
  {
    name: "dot",
    prims: ["dot_general"],
    w: 4,
    make: (c) => {
      const a = c.float((v) => v.aval.shape.length >= 1);
      if (a === null) return null;
      const s = a.aval.shape;
      const last = s[s.length - 1]!;
      const k = c.rng.int(0, 5);
      if (k === 0) {
        // Same operand twice: a @ a.T, or a @ a when square.
        if (s.length === 2 && s[0] === s[1] && c.rng.bool()) return { expr: `np.matmul(${a.name}, ${a.name})` };
        return { expr: s.length === 2 ? `${a.name}.matmul(${a.name}.T)` : s.length > 2 ? `np.matmul(${a.name}, np.swapaxes(${a.name}, -1, -2))` : `np.dot(${a.name}, ${a.name})` };
      }
      if (k === 1) {
        const b = c.float((v) => v.aval.shape.length >= 1 && (v.aval.shape.length === 1 ? v.aval.shape[0] === last : v.aval.shape[v.aval.shape.length - 2] === last));
        if (b === null || b.aval.shape.length + s.length > 5) return null;
        return { expr: `np.matmul(${a.name}, ${b.name})` };
      }
      if (k === 2) {
        const b = c.float((v) => v.aval.shape.length >= 1 && size(v.aval.shape) * size(s) <= MAX_SIZE);
        return b === null ? null : { expr: `np.outer(${a.name}, ${b.name})` };
      }
      // einsum / dotGeneral over letters: shared letters contract or batch.
      const b = c.float((v) => v.aval.shape.length >= 1) ?? a;
      const letters = "abcdefgh";
      const la = s.map((_, i) => letters[i]!);
      const lb: string[] = [];
      const used = new Set<number>();
      const pairs: [number, number][] = [];
      b.aval.shape.forEach((d, j) => {
        const i = s.findIndex((e, ii) => e === d && !used.has(ii));
        if (i >= 0 && c.rng.bool(0.7)) {
          used.add(i);
          pairs.push([i, j]);
          lb.push(la[i]!);
        } else lb.push(letters[s.length + j]!);
      });
      if (k === 3) {
        const all = [...new Set([...la, ...lb])];
        const shared = new Set(pairs.map(([i]) => la[i]!));
        const out = c.rng.shuffle(all.filter((l) => !shared.has(l) || c.rng.bool(0.3)));
        const dims = new Map<string, number>();
        la.forEach((l, i) => dims.set(l, s[i]!));
        lb.forEach((l, j) => dims.set(l, b.aval.shape[j]!));
        if (size(out.map((l) => dims.get(l)!)) > MAX_SIZE) return null;
        return { expr: `np.einsum(${J(`${la.join("")},${lb.join("")}->${out.join("")}`)}, ${a.name}, ${b.name})` };
      }
      const batch = pairs.filter(() => c.rng.bool(0.3));
      const contract = pairs.filter((p) => !batch.includes(p));
      const dn = `[[${fmtShape(contract.map((p) => p[0]))}, ${fmtShape(contract.map((p) => p[1]))}], [${fmtShape(batch.map((p) => p[0]))}, ${fmtShape(batch.map((p) => p[1]))}]]`;
      const outSize = size(s) * size(b.aval.shape) / size(contract.map((p) => s[p[0]]!)) / size(contract.map((p) => s[p[0]]!)) / size(batch.map((p) => s[p[0]]!));
      if (outSize > MAX_SIZE) return null;
      return { expr: `lax.dotGeneral(${a.name}, ${b.name}, ${dn})` };
    },
  },
  {
    // Convolutions: a value convolved with itself (NCH layout: [N, C, H] is also an [O, I, K]
    // kernel), or channels-last with a constant kernel, under each padding kind and stride.
    name: "conv",
    prims: ["conv_general_dilated"],
    w: 2,
    make: (c) => {
      const a = c.float((v) => v.aval.shape.length === 3 || v.aval.shape.length === 4);
      if (a === null) return null;
      const s = a.aval.shape;
      const pad = J(c.rng.pick(["SAME", "VALID", "SAME_LOWER"]));
      if (s.length === 3 && c.rng.bool()) {
        if (s[0]! * s[0]! * s[2]! > MAX_SIZE) return null;
        return { expr: `lax.convGeneralDilated(${a.name}, ${a.name}, [1], ${pad})` };
      }
      const sp = s.slice(1, -1);
      const window = sp.map(() => c.rng.int(1, 4));
      const strides = sp.map(() => c.rng.int(1, 3));
      const out = c.rng.int(1, 4);
      const kernel = [...window, s[s.length - 1]!, out];
      if (s[0]! * size(sp) * out > MAX_SIZE) return null;
      const specs = s.length === 3 ? ["NHC", "HIO", "NHC"] : ["NHWC", "HWIO", "NHWC"];
      const w = `np.cos(np.arange(${size(kernel)}, { dtype: ${J(a.aval.dtype)} })).reshape(${fmtShape(kernel)})`;
      return { expr: `lax.convGeneralDilated(${a.name}, ${w}, ${fmtShape(strides)}, ${pad}, { dimensionNumbers: ${J(specs)} })` };
    },
  },
  {
    // One value read twice by a single equation (both operands of a product, two parts of a
    // concatenation, operand and update of dynamic_update_slice, ...): a kernel that frees or
    // overwrites its inputs per operand, not per value, goes wrong here. The value is an
    // intermediate (a computation written twice is one variable after jit's CSE), and two fresh
    // intermediates of its size follow while the result is live, so a slot freed twice is handed
    // out twice.
    name: "same_operand",
    prims: ["concatenate", "dot_general", "dynamic_update_slice", "sort"],
    w: 3,
    make: (c) => {
      const a = c.float((v) => v.aval.shape.length >= 1 && size(v.aval.shape) <= 24);
      if (a === null) return null;
      const s = a.aval.shape;
      const n = s.length;
      const isInput = /^x\d+$/.test(a.name);
      const t = isInput || c.rng.bool(0.5) ? `np.${c.rng.pick(["sin", "cos", "tanh", "exp"])}(${a.name})` : a.name;
      const letters = "abcd".slice(0, n);
      const ax = c.rng.int(0, n - 1);
      const forms: string[] = [
        `np.concatenate([${t}, ${t}], ${ax})`,
        `np.concatenate([${t}, ${a.name}, ${t}], ${ax})`,
        `np.stack([${t}, ${t}], ${c.rng.int(0, n)})`,
        `np.einsum(${J(`${letters},${letters}->${letters}`)}, ${t}, ${t})`,
        `np.einsum(${J(`${letters},${letters}->`)}, ${t}, ${t})`,
        `lax.dynamicUpdateSlice(${t}, ${t}, [${s.map(() => "0").join(", ")}])`,
      ];
      if (size(s) <= 9) forms.push(`np.outer(${t}, ${t})`);
      if (n === 1) forms.push(`np.dot(${t}, ${t})`, `np.matmul(${t}, ${t})`);
      if (n === 2 && s[0] === s[1]) forms.push(`np.matmul(${t}, ${t})`, `np.matmul(${t}, ${t})`);
      if (n >= 2) forms.push(`np.matmul(${t}, np.swapaxes(${t}, -1, -2))`, `lax.dotGeneral(${t}, ${t}, [[[${n - 1}], [${n - 1}]], [[0], [0]]])`);
      if (c.rng.bool(0.15)) return { expr: `lax.sort([${t}, ${t}], { dimension: ${ax}, numKeys: 1 })`, multi: 2 };
      const expr = c.rng.pick(forms);
      if (c.rng.bool(0.3)) return { expr };
      // Two intermediates of the operand's size, live together after the equation.
      const w = c.float((v) => sameAval(v.aval, a.aval)) ?? a;
      return { expr: `${expr}.add(np.sum(np.concatenate([np.exp(${w.name}), np.cos(${w.name})], 0)))` };
    },
  },
  {
    // lax.gather / lax.scatter* with explicit dimension numbers and modes (the numpy-style
    // indexing of `gather`/`scatter` above reaches only some of them).
    name: "lax_gather_scatter",
    prims: ["gather", "scatter", "scatter-add", "scatter-mul", "scatter-min", "scatter-max"],
    w: 2,
    make: (c) => {
      const a = c.float((v) => v.aval.shape.length >= 1);
      if (a === null) return null;
      const s = a.aval.shape;
      const rank = s.length;
      const oob = c.g.allowed("gather_oob");
      // Index vectors into the leading one or two dimensions.
      const two = rank >= 2 && c.rng.bool(0.35);
      const mapped = two ? [0, 1] : [0];
      const count = c.rng.int(1, 4);
      const distinct = (d: number): number[] => c.rng.shuffle(globalThis.Array.from({ length: d }, (_, i) => i));
      const rows: number[][] = [];
      const perms = mapped.map((d) => distinct(s[d]!));
      for (let k = 0; k < count; k++) rows.push(mapped.map((d, j) => (oob && c.rng.bool(0.2) ? c.rng.pick([-1, s[d]!, s[d]! + 2]) : c.rng.bool(0.7) ? perms[j]![k % s[d]!]! : c.rng.int(0, s[d]! - 1))));
      const unique = new Set(rows.map((r) => r.join(","))).size === rows.length && rows.every((r) => r.every((v, j) => v >= 0 && v < s[mapped[j]!]!));
      const idx = `np.array(${J(rows)}, { dtype: "int32" })`;
      const rest = s.slice(mapped.length);
      const restDims = rest.map((_, i) => i + 1);
      if (c.rng.bool(0.5)) {
        // gather: collapse the indexed dims (or keep dim 0 as a window of size <= its extent).
        const keep = !two && c.rng.bool(0.3);
        const win = keep ? c.rng.int(1, s[0]!) : 1;
        const dn = keep
          ? `{ offsetDims: ${fmtShape(s.map((_, i) => i + 1))}, collapsedSliceDims: [], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [] }`
          : `{ offsetDims: ${fmtShape(restDims)}, collapsedSliceDims: ${fmtShape(mapped)}, startIndexMap: ${fmtShape(mapped)}, operandBatchingDims: [], startIndicesBatchingDims: [] }`;
        const sizes = keep ? [win, ...s.slice(1)] : [...mapped.map(() => 1), ...rest];
        const outSize = count * size(sizes);
        if (outSize > MAX_SIZE) return null;
        const mode = c.rng.pick(["clip", "fill", ...(unique ? ["promise_in_bounds"] : [])]);
        const fill = mode === "fill" && c.rng.bool() ? `, fillValue: ${c.lit()}` : "";
        return { expr: `lax.gather(${a.name}, ${idx}, ${dn}, ${fmtShape(sizes)}, { mode: ${J(mode)}${fill} })` };
      }
      // scatter: updates [count, ...rest] into the indexed rows.
      const updShape = [count, ...rest];
      if (size(updShape) > MAX_SIZE) return null;
      const how = c.rng.pick(unique ? ["scatter", "scatterAdd", "scatterMul", "scatterMin", "scatterMax"] : ["scatterAdd", "scatterAdd", "scatterMul", "scatterMin", "scatterMax"]);
      const u = c.float((v) => sameAval(v.aval, { shape: updShape, dtype: c.F }));
      const b = c.float() ?? a;
      const upd = u !== null && c.rng.bool(0.6) ? u.name : `np.broadcastTo(np.mean(${b.name}), ${fmtShape(updShape)}).add(lax.broadcastedIota(${c.dt(c.F)}, ${fmtShape(updShape)}, 0).mul(${c.lit()}))`;
      const dn = `{ updateWindowDims: ${fmtShape(restDims)}, insertedWindowDims: ${fmtShape(mapped)}, scatterDimsToOperandDims: ${fmtShape(mapped)}, operandBatchingDims: [], scatterIndicesBatchingDims: [] }`;
      const mode = c.rng.pick(["clip", "fill", ...(unique ? ["promise_in_bounds"] : [])]);
      const minmax = how === "scatterMin" || how === "scatterMax";
      return { expr: `lax.${how}(${a.name}, ${idx}, ${upd}, ${dn}, { mode: ${J(mode)} })`, ...(minmax ? { noFD: true } : {}) };
    },
  },
  {
    // Integer shifts (counts past 31 and negative included: XLA gives 0 or the sign fill) and
    // bitwise or, on int32 values made from floats when the scope has none.
    name: "shifts_or",
    prims: ["shift_left", "shift_right_arithmetic", "shift_right_logical", "or", "convert_element_type"],
    w: 1.5,
    make: (c) => {
      const f = c.float();
      if (f === null) return null;
      const iv = intVal(c);
      const fromInt = iv !== null && c.rng.bool(0.4);
      const I = fromInt ? iv.name : `np.astype(np.floor(${f.name}.mul(${c.rng.pick([3, 40, 1000])})), "int32")`;
      const shape = fromInt ? iv.aval.shape : f.aval.shape;
      // lax ops take operands of one shape (or a scalar count); numpy's broadcast.
      const g = c.float((v) => sameAval(v.aval, { shape, dtype: c.F }));
      const K = g === null || c.rng.bool(0.5) ? `${c.rng.pick([0, 1, 3, 7, 31, 32, 33, -1])}` : `np.astype(np.floor(${g.name}.mul(${c.rng.pick([4, 20])})), "int32")`;
      const op = c.rng.pick(["lax.shiftLeft", "lax.shiftRightArithmetic", "lax.shiftRightLogical", "np.bitwiseOr", "lax.bitwiseOr"]);
      const e = `${op}(${I}, ${K})`;
      return { expr: c.rng.bool(0.6) ? `np.astype(${e}, ${c.dt(c.F)}).mul(0.125)` : e };
    },
  },
  {
    // Boolean or and reduce_or on predicates made from floats.
    name: "bool_or",
    prims: ["or", "reduce_or", "reduce_and", "gt", "lt"],
    w: 1,
    make: (c) => {
      const a = c.float();
      if (a === null) return null;
      const b = c.float((v) => broadcastable(v.aval.shape, a.aval.shape) && size(v.aval.shape) <= MAX_SIZE) ?? a;
      const bv = boolVal(c);
      const own = bv === null || !c.rng.bool(0.3);
      const P = own ? `np.logicalOr(np.greater(${a.name}, ${c.lit()}), np.less(${b.name}, ${c.lit()}))` : bv.name;
      const rank = own ? Math.max(a.aval.shape.length, b.aval.shape.length) : bv.aval.shape.length;
      const k = c.rng.int(0, 3);
      if (k === 0) return { expr: P };
      if (k === 1 || rank === 0) return { expr: `np.${c.rng.pick(["any", "all"])}(${P})` };
      const ax = c.rng.int(0, rank - 1);
      if (k === 2 || !own) return { expr: `lax.reduceOr(${P}, [${ax}])` };
      // P has the broadcast shape of a and b; reduced with keepdims it still broadcasts with a.
      return { expr: `np.where(np.any(${P}, ${ax}, true), ${a.name}, ${a.name}.mul(-0.5))` };
    },
  },
  // ---- sorting ----
  {
    name: "sort",
    prims: ["sort"],
    w: 2,
    make: (c) => {
      const a = c.float((v) => v.aval.shape.length >= 1);
      if (a === null) return null;
      const ax = c.axis(a);
      const k = c.rng.int(0, 3);
      if (k === 0) return { expr: `np.sort(${a.name}, ${ax})` };
      if (k === 1) return { expr: `np.argsort(${a.name}, ${ax})` };
      if (k === 2) return { expr: `np.sort(${a.name})` };
      const b = c.pick((v) => v.aval.dtype !== "bool" && v.aval.shape.length === a.aval.shape.length && v.aval.shape.every((d, i) => d === a.aval.shape[i])) ?? a;
      return { expr: `lax.sort([${a.name}, ${b.name}], { dimension: ${ax}, numKeys: 1 })`, multi: 2 };
    },
  },
  // ---- control flow ----
  {
    // A diagonal operator d = a^2 + 1.5 (well conditioned), solved by division, against the
    // reference's differentiation through the division.
    name: "custom_linear_solve",
    prims: ["custom_linear_solve"],
    w: 1,
    make: (c) => {
      const a = c.float();
      if (a === null) return null;
      const b = c.pick((v) => v.aval.dtype === a.aval.dtype && v.aval.shape.length === a.aval.shape.length && v.aval.shape.every((d, i) => d === a.aval.shape[i])) ?? a;
      const d = `np.square(${a.name}).add(1.5)`;
      return { expr: `lax.customLinearSolve((x) => x.mul(${d}), ${b.name}, (_m, r) => r.div(${d}), (_m, r) => r.div(${d}))` };
    },
  },
  {
    name: "cond",
    prims: ["cond"],
    w: 3,
    control: true,
    make: (c) => {
      const ops = [c.float(), c.rng.bool(0.4) ? c.pick() : null].filter((v): v is Val => v !== null);
      if (ops.length === 0) return null;
      const uniq = ops.filter((v, i) => ops.findIndex((u) => u.name === v.name) !== i ? c.rng.bool(0.5) : true);
      const pv = c.float();
      const r = c.rng.next();
      // Picked once: each pick draws from the rng, so a second call may find nothing.
      const boolScalar = r >= 0.15 && r < 0.3 ? c.pick((v) => v.aval.dtype === "bool" && v.aval.shape.length === 0) : null;
      const pred = r < 0.15 || pv === null ? `${c.rng.bool()}` : boolScalar !== null ? boolScalar.name : `np.greater(np.sum(${pv.name}), ${c.lit(-1, 1)})`;
      const spec = {
        head: (ns: string[]) => `(${ns.join(", ")})`,
        params: uniq.map((v) => ({ aval: v.aval, value: v.value })),
        retTemplate: uniq.length === 1 ? "%0" : `[${uniq.map((_, i) => `%${i}`).join(", ")}]`,
        rets: uniq.map((v) => v.aval),
      };
      const multi = uniq.length === 1 ? undefined : uniq.length;
      if (c.rng.bool(0.3)) {
        const nb = c.rng.int(2, 3);
        const idx = c.rng.bool(0.3) || pv === null ? `${c.rng.int(-1, 3)}` : `np.astype(np.floor(np.sum(${pv.name})), "int32")`;
        const bodies = globalThis.Array.from({ length: nb }, () => c.body(spec));
        return { expr: `lax.switch(${idx}, [${bodies.map((_, i) => `@${i}`).join(", ")}], ${uniq.map((v) => v.name).join(", ")})`, bodies, ...(multi === undefined ? {} : { multi }) };
      }
      const bodies = [c.body(spec), c.body(spec)];
      return { expr: `lax.cond(${pred}, @0, @1, ${uniq.map((v) => v.name).join(", ")})`, bodies, ...(multi === undefined ? {} : { multi }) };
    },
  },
  {
    name: "fori_loop",
    prims: ["scan", "while"],
    w: 2,
    control: true,
    make: (c) => {
      const a = c.float();
      if (a === null) return null;
      const n = c.rng.int(0, 3);
      const i0 = { aval: { shape: [], dtype: "int32" as const }, value: c.g.randomValue({ shape: [], dtype: "int32" }).mul(0) };
      const body = c.body({
        head: (ns) => `(${ns[0]}, ${ns[1]})`,
        params: [i0, { aval: a.aval, value: a.value }],
        retTemplate: "%0",
        rets: [a.aval],
      });
      // Use the counter: scale by (i + 1) so iterations differ.
      body.retTemplate = c.rng.bool(0.5) ? `%0.mul(np.astype(${body.params[0]}, ${c.dt(c.F)}).add(1).mul(0.5))` : "%0";
      const lo = c.rng.int(-1, 1);
      return { expr: `lax.foriLoop(${lo}, ${lo + n}, @0, ${a.name})`, bodies: [body] };
    },
  },
  {
    name: "while_loop",
    prims: ["while"],
    w: 1.5,
    control: true,
    make: (c) => {
      const a = c.float();
      if (a === null) return null;
      const n = c.rng.int(0, 3);
      const i0 = { aval: { shape: [], dtype: "int32" as const }, value: c.g.randomValue({ shape: [], dtype: "int32" }).mul(0) };
      const body = c.body({
        head: (ns) => `([${ns[0]}, ${ns[1]}])`,
        params: [i0, { aval: a.aval, value: a.value }],
        retTemplate: "[%0, %1]",
        rets: [i0.aval, a.aval],
      });
      body.rets[0] = body.params[0]!;
      body.retTemplate = "[%0.add(1), %1]";
      return { expr: `lax.whileLoop(([i, _]) => np.less(i, ${n}), @0, [np.array(0, { dtype: "int32" }), ${a.name}])[1]`, bodies: [body], noRev: true };
    },
  },
  {
    name: "scan",
    prims: ["scan"],
    w: 3,
    control: true,
    make: (c) => {
      const init = c.float();
      const xs = c.pick((v) => v.aval.shape.length >= 1 && v.aval.dtype !== "bool");
      if (init === null) return null;
      const opts = c.rng.bool(0.3) ? ", { reverse: true }" : "";
      if (xs === null || c.rng.bool(0.15)) {
        const len = c.rng.int(1, 3);
        const body = c.body({ head: (ns) => `(${ns[0]}, _x)`, params: [{ aval: init.aval, value: init.value }], retTemplate: "[%0, %1]", rets: [init.aval, null] });
        return { expr: `lax.scan(@0, ${init.name}, null, { length: ${len}${opts ? ", reverse: true" : ""} })`, bodies: [body], multi: 2 };
      }
      if (c.rng.bool(0.2)) {
        const body = c.body({ head: (ns) => `(${ns[0]})`, params: [{ aval: { shape: xs.aval.shape.slice(1), dtype: xs.aval.dtype }, value: xs.value.get(0) }], retTemplate: "%0", rets: [null] });
        return { expr: `lax.map(@0, ${xs.name})`, bodies: [body] };
      }
      const body = c.body({
        head: (ns) => `(${ns[0]}, ${ns[1]})`,
        params: [
          { aval: init.aval, value: init.value },
          { aval: { shape: xs.aval.shape.slice(1), dtype: xs.aval.dtype }, value: xs.value.get(0) },
        ],
        retTemplate: "[%0, %1]",
        rets: [init.aval, null],
      });
      return { expr: `lax.scan(@0, ${init.name}, ${xs.name}${opts})`, bodies: [body], multi: 2 };
    },
  },
  // ---- calls ----
  {
    name: "jit",
    prims: ["pjit"],
    w: 1.5,
    control: true,
    make: (c) => {
      const a = c.float();
      if (a === null) return null;
      const b = c.rng.bool() ? c.pick() : null;
      const args = b === null || b.name === a.name ? [a] : [a, b];
      const body = c.body({ head: (ns) => `(${ns.join(", ")})`, params: args.map((v) => ({ aval: v.aval, value: v.value })), retTemplate: "%0", rets: [null] });
      return { expr: `jit(@0)(${args.map((v) => v.name).join(", ")})`, bodies: [body] };
    },
  },
  {
    name: "checkpoint",
    prims: ["checkpoint"],
    w: 1,
    control: true,
    make: (c) => {
      const a = c.float();
      if (a === null) return null;
      const capture = c.g.allowed("checkpoint_capture") ? undefined : false;
      const body = c.body({ head: (ns) => `(${ns[0]})`, params: [{ aval: a.aval, value: a.value }], retTemplate: "%0", rets: [null], ...(capture === undefined ? {} : { capture }) });
      return { expr: `checkpoint(@0)(${a.name})`, bodies: [body] };
    },
  },
  {
    name: "custom_jvp",
    prims: ["custom_jvp_call"],
    w: 1,
    control: true,
    make: (c) => {
      const a = c.float();
      if (a === null) return null;
      const body = c.body({ head: (ns) => `(${ns[0]})`, params: [{ aval: a.aval, value: a.value }], retTemplate: "%0", rets: [a.aval], capture: false });
      // The rule is the function's own JVP, so finite differences still apply.
      return { expr: `((f) => customJvp(f).defjvp(([p], [t]) => jvp(f, [p], [t])))(@0)(${a.name})`, bodies: [body] };
    },
  },
  {
    name: "custom_vjp",
    prims: ["custom_vjp_call", "custom_lin"],
    w: 1,
    control: true,
    make: (c) => {
      const a = c.float();
      if (a === null) return null;
      const body = c.body({ head: (ns) => `(${ns[0]})`, params: [{ aval: a.aval, value: a.value }], retTemplate: "%0", rets: [a.aval], capture: false });
      return { expr: `((f) => customVjp(f).defvjp((p) => [f(p), p], (p, ct) => vjp(f, p)[1](ct)))(@0)(${a.name})`, bodies: [body], noFwd: true };
    },
  },
];

export const ALL_PRIMS_COVERED = (): Set<string> => new Set(OPS.flatMap((o) => o.prims));
export type { Aval };

/** Finer switches than op families, for `exclude` (each is on unless excluded). */
export const FEATURES: Readonly<Record<string, string>> = {
  checkpoint_capture: "checkpoint bodies reading values of the enclosing function (closure capture)",
  gather_oob: "gather indices out of bounds (clamped, as JAX's default)",
  float32_in_float64: "float64 programs rounding through float32 (astype to float32 and back)",
  weak_literal_math: "arithmetic on bare JS numbers (weakly typed float32 scalars), e.g. np.square(1.35).add(0.25)",
};
