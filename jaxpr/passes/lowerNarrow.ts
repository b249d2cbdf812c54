// Lowers the narrow dtypes (int2, int4, int8, int16, their unsigned kin, float16, bfloat16, the
// float8s) to the wide dtypes they compute in, so that backends never see them. The integers compute
// in int32 (signed ones sign-extended, unsigned ones zero-extended) and every result that may leave the narrow range is
// wrapped modulo 2^n, as XLA's integer arithmetic wraps. float16 and bfloat16 compute in float32
// and every result is rounded back to the narrow format (nearest, ties to even, with subnormals,
// overflow to infinity): XLA's CPU backend computes float16 elementwise arithmetic in float32 and
// rounds after each operation (LLVM promotes half arithmetic per instruction), so rounding each
// intermediate, not only stored values, is what JAX computes. Reductions and products accumulate
// in float32 and round once, as jnp.sum/jnp.mean/jnp.dot upcast float16 (jax/_src/numpy/reductions.py
// _reduction's upcast_f16_for_computation).
// Control flow (cond, while, scan) and callbacks keep their bodies: the bodies are lowered when
// compiled, and at their boundary a narrow value is held in its wide dtype's storage, with the same
// values. Calls must be inlined first (inlineCalls).
import type { DType } from "../dtypes.js";
import { isNarrow, isFloat, isInteger, isUnsigned, isComplex, wideDtype, INTEGER_BITS, minValue, maxValue } from "../dtypes.js";
import { FLOAT16_FORMAT, BFLOAT16_FORMAT, FLOAT8_FORMATS } from "../narrowFloat.js";
import type { FloatFormat } from "../narrowFloat.js";
import { ShapedArray } from "../shape.js";
import { Atom, Eqn, Jaxpr, Literal, Var, makeJaxprValue } from "../jaxpr.js";
import type { Params, PrimitiveName } from "../params.js";
import { Builder } from "./lowerComplex.js";

const atomIsNarrow = (a: Atom): boolean => isNarrow(a.aval.dtype);
const eqnHasNarrow = (e: Eqn): boolean => e.invars.some(atomIsNarrow) || e.outvars.some(atomIsNarrow);

/** Whether any value of the jaxpr (not counting the bodies it carries) has a narrow dtype. */
export function hasNarrow(jaxpr: Jaxpr): boolean {
  return jaxpr.constvars.some(atomIsNarrow) || jaxpr.invars.some(atomIsNarrow) || jaxpr.outvars.some(atomIsNarrow) || jaxpr.eqns.some(eqnHasNarrow);
}

/** The aval a narrow value is computed in. */
export const wideAval = (a: ShapedArray): ShapedArray => (isNarrow(a.dtype) ? new ShapedArray(a.shape, wideDtype(a.dtype), a.weakType) : a);

// Results that are one of their operands' values (or a max/min of them): already in range.
const RANGE_PRESERVING = new Set<PrimitiveName>([
  "reshape", "broadcast_in_dim", "transpose", "squeeze", "expand_dims", "rev", "pad", "concatenate", "slice", "dynamic_slice",
  "dynamic_update_slice", "gather", "scatter", "select_n", "clamp", "max", "min", "reduce_max", "reduce_min", "cummax", "cummin",
  "sort", "stop_gradient", "copy", "copy_p", "name", "optimization_barrier",
] as string[] as PrimitiveName[]);
// Primitives run as they are, with their narrow operands and results held in wide storage.
const OPAQUE = new Set<PrimitiveName>(["cond", "while", "scan", "pure_callback", "debug_callback", "custom_linear_solve"] as PrimitiveName[]);

const FORMATS: Partial<Record<DType, FloatFormat>> = { float16: FLOAT16_FORMAT, bfloat16: BFLOAT16_FORMAT, ...FLOAT8_FORMATS };
const NO_PARAMS = Object.freeze({}) as Record<string, never>;

class NarrowLowerer extends Builder {
  readonly env = new Map<Var, Atom>();

  read(a: Atom): Atom {
    if (a instanceof Literal) return isNarrow(a.aval.dtype) ? Literal.scalar(a.value, wideDtype(a.aval.dtype), a.aval.weakType) : a;
    return this.env.get(a) ?? a;
  }

  convert(x: Atom, to: DType): Atom {
    if (x.aval.dtype === to) return x;
    return this.one("convert_element_type", [x], { newDtype: to, weakType: false });
  }

  /** An int32 holding an integer, taken modulo 2^bits into `d`'s range (sign- or zero-extended). */
  wrap(x: Atom, d: DType): Atom {
    return this.wrapBits(x, INTEGER_BITS[d]!, !isUnsigned(d));
  }

  /** An int32's low `bits` bits, sign-extended when `signed`, else zero-extended. */
  wrapBits(x: Atom, bits: number, signed: boolean): Atom {
    if (!signed) return this.bin("and", x, this.lit(2 ** bits - 1, "int32"));
    const shift = this.lit(32 - bits, "int32");
    return this.bin("shift_right_arithmetic", this.bin("shift_left", x, shift), shift);
  }

  /** A float32 or float64 value rounded to `format` (with subnormals: reduce_precision has none). */
  roundTo(x: Atom, format: FloatFormat): Atom {
    const dt = x.aval.dtype;
    // reduce_precision's formats are IEEE-like (the top exponent is inf/NaN): a format without
    // infinities rounds its mantissa with float32's exponent range, and its overflow is checked below.
    const exponentBits = format.finiteOnly ? 8 : format.exponentBits;
    const reduced = this.one("reduce_precision", [x], { exponentBits, mantissaBits: format.mantissaBits });
    const rounded = this.roundSubnormals(x, reduced, format);
    if (!format.finiteOnly) return rounded;
    // ml_dtypes: overflow and infinities become NaN; the fnuz formats' only zero is +0.
    const finite = this.select(this.bin("gt", this.abs(rounded), this.lit(format.maxFinite, dt)), this.lit(NaN, dt), rounded);
    return format.unsignedZero ? this.select(this.bin("eq", finite, this.lit(0, dt)), this.lit(0, dt), finite) : finite;
  }

  /** `reduced` with the values below `format`'s least normal rounded to its subnormal quantum instead. */
  roundSubnormals(x: Atom, reduced: Atom, format: FloatFormat): Atom {
    const dt = x.aval.dtype;
    // float32's own subnormals lie below bfloat16's normals and reduce_precision rounds them at
    // float32's least exponent, which is bfloat16's: nothing more to do.
    if (dt === "float32" && format.minNormalExponent === -126) return reduced;
    const quantumExponent = format.minNormalExponent - format.mantissaBits;
    const scaled = this.one("round", [this.mul(x, this.lit(2 ** -quantumExponent, dt))], { roundingMethod: 1 });
    const subnormal = this.mul(scaled, this.lit(2 ** quantumExponent, dt));
    return this.select(this.bin("lt", this.abs(x), this.lit(2 ** format.minNormalExponent, dt)), subnormal, reduced);
  }

  /** A value of (original) dtype `from`, in its wide storage, as the wide storage of narrow `to`. */
  convertToNarrow(x: Atom, from: DType, to: DType): Atom {
    const format = FORMATS[to];
    if (format) {
      // One rounding: float64 and 32-bit integers go through float64 (exact), the rest are exact in float32.
      const viaDouble = from === "float64" || from === "complex128" || from === "int32" || from === "uint32";
      return this.convert(this.roundTo(this.convert(x, viaDouble ? "float64" : "float32"), format), "float32");
    }
    if (isFloat(from) || isComplex(from)) {
      // XLA's float -> integer conversion saturates (NaN -> 0): clamp in the float, then convert.
      const real = this.convert(x, isComplex(from) ? (from === "complex64" ? "float32" : "float64") : x.aval.dtype);
      const dt = real.aval.dtype;
      const clamped = this.one("clamp", [this.lit(minValue(to), dt), real, this.lit(maxValue(to), dt)], NO_PARAMS);
      return this.convert(clamped, "int32");
    }
    return this.wrap(this.convert(x, "int32"), to);
  }

  /** The wide result of `eqn` brought back into its narrow range. */
  fixup(x: Atom, d: DType): Atom {
    const format = FORMATS[d];
    return format ? this.roundTo(x, format) : this.wrap(x, d);
  }

  lowerEqn(eqn: Eqn): void {
    if (!eqnHasNarrow(eqn)) return this.copy(eqn, eqn.outvars);
    if (OPAQUE.has(eqn.primitive)) return this.copy(eqn, eqn.outvars.map((v) => new Var(wideAval(v.aval))), callbackParams(eqn));
    const ins = eqn.invars.map((a) => this.read(a));
    const outs = this.compute(eqn, ins);
    eqn.outvars.forEach((v, i) => {
      const o = outs[i]!;
      const d = v.aval.dtype;
      const fix = isNarrow(d) && !RANGE_PRESERVING.has(eqn.primitive) && eqn.primitive !== "convert_element_type";
      this.env.set(v, fix ? this.fixup(o, d) : o);
    });
  }

  /** The equation with its operands read; `outvars` are the lowered program's. */
  private copy(eqn: Eqn, outvars: readonly Var[], params: Params<PrimitiveName> = eqn.params): void {
    this.eqns.push(Object.freeze({ ...eqn, params, invars: eqn.invars.map((a) => this.read(a)), outvars }) as Eqn);
    eqn.outvars.forEach((v, i) => this.env.set(v, outvars[i]!));
  }

  private compute(eqn: Eqn, ins: Atom[]): Atom[] {
    const inDtype = eqn.invars[0]?.aval.dtype;
    switch (eqn.primitive) {
      case "convert_element_type": {
        const to = (eqn.params as Params<"convert_element_type">).newDtype;
        return [isNarrow(to) ? this.convertToNarrow(ins[0]!, inDtype!, to) : this.convert(ins[0]!, to)];
      }
      case "bitcast_convert_type": {
        // Between integers of one width (int4 <-> uint4, ...) the bits are the value taken modulo 2^n.
        const to = eqn.outvars[0]!.aval.dtype;
        const bits = INTEGER_BITS[inDtype!];
        if (bits !== undefined && bits === INTEGER_BITS[to]) return [this.wrap(ins[0]!, to)];
        throw new TypeError(`bitcast_convert_type is not supported for ${inDtype} -> ${to} in dprog (narrow dtypes are held in wider storage).`);
      }
      case "shift_right_logical":
        // The narrow bit pattern shifts in zeros from bit n, not bit 32.
        if (isInteger(inDtype!) && !isUnsigned(inDtype!)) return [this.bin("shift_right_logical", this.wrapBits(ins[0]!, INTEGER_BITS[inDtype!]!, false), ins[1]!)];
        break;
      case "shift_right_arithmetic":
        // XLA shifts an unsigned value's sign bit in as a signed one's.
        if (isUnsigned(inDtype!)) return [this.bin("shift_right_arithmetic", this.wrapBits(ins[0]!, INTEGER_BITS[inDtype!]!, true), ins[1]!)];
        break;
    }
    return this.emit(eqn.primitive, ins, widenParams(eqn));
  }
}

/**
 * A host callback still sees its operands in their narrow dtypes and storage, and its results are
 * handed back in wide storage; other equations' params are unchanged.
 */
function callbackParams(eqn: Eqn): Params<PrimitiveName> {
  const inAvals = eqn.invars.map((a) => a.aval);
  const narrowIns = (buffers: readonly Buf[]): Buf[] => buffers.map((b, i) => toNarrowBuffer(b, inAvals[i]!.dtype));
  if (eqn.primitive === "debug_callback") {
    const { callback } = eqn.params as Params<"debug_callback">;
    return Object.freeze({ callback: (buffers: readonly Buf[]) => callback(narrowIns(buffers), inAvals) }) as Params<PrimitiveName>;
  }
  if (eqn.primitive === "pure_callback") {
    const p = eqn.params as Params<"pure_callback">;
    const resultAvals = p.resultAvals;
    const callback = (buffers: readonly Buf[]): Buf[] =>
      p.callback(narrowIns(buffers), inAvals, resultAvals).map((b, i) => toWideBuffer(b, resultAvals[i]!.dtype));
    return Object.freeze({ ...p, callback, resultAvals: resultAvals.map(wideAval) }) as Params<PrimitiveName>;
  }
  return eqn.params;
}

/** Params that name a narrow dtype name its wide one. */
function widenParams(eqn: Eqn): Params<PrimitiveName> {
  const p = eqn.params as Record<string, unknown>;
  const out: Record<string, unknown> = { ...p };
  for (const key of ["dtype", "indexDtype", "preferredElementType", "newDtype"]) {
    const v = p[key];
    if (typeof v === "string" && isNarrow(v as DType)) out[key] = wideDtype(v as DType);
  }
  return Object.freeze(out) as Params<PrimitiveName>;
}

/**
 * The jaxpr with narrow values computed in their wide dtypes. Its narrow constvars, invars and
 * outvars become wide ones holding the same values, so callers convert buffers at the boundary
 * (`toWideBuffer`, `toNarrowBuffer`).
 */
export function lowerNarrow(jaxpr: Jaxpr): Jaxpr {
  if (!hasNarrow(jaxpr)) return jaxpr;
  const b = new NarrowLowerer();
  const boundary = (v: Var): Var => {
    if (!isNarrow(v.aval.dtype)) return v;
    const w = new Var(wideAval(v.aval));
    b.env.set(v, w);
    return w;
  };
  const constvars = jaxpr.constvars.map(boundary);
  const invars = jaxpr.invars.map(boundary);
  for (const eqn of jaxpr.eqns) b.lowerEqn(eqn);
  const outvars = jaxpr.outvars.map((a) => b.read(a));
  return makeJaxprValue({ constvars, invars, eqns: b.eqns, outvars });
}

type Buf = Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array | Int8Array | Int16Array | Uint16Array;
/** A narrow integer buffer as the Int32Array its lowered program reads (others unchanged). */
export function toWideBuffer<B extends Buf>(b: B, dtype: DType): B | Int32Array {
  return isNarrow(dtype) && isInteger(dtype) && !(b instanceof Int32Array) ? Int32Array.from(b) : b;
}
/** A lowered program's result buffer in its narrow dtype's storage (Int8Array ...; float16 stays a Float32Array). */
export function toNarrowBuffer<B extends Buf>(b: B, dtype: DType): B | Int8Array | Int16Array | Uint8Array | Uint16Array {
  switch (dtype) {
    case "int2":
    case "int4":
    case "int8":
      return b instanceof Int8Array ? b : Int8Array.from(b);
    case "int16":
      return b instanceof Int16Array ? b : Int16Array.from(b);
    case "uint2":
    case "uint4":
    case "uint8":
      return b instanceof Uint8Array ? b : Uint8Array.from(b);
    case "uint16":
      return b instanceof Uint16Array ? b : Uint16Array.from(b);
    default:
      return b;
  }
}
