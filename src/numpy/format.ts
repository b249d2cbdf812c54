// Reading arrays back into JS: tolist, and JAX's repr (`Array([1., 2.], dtype=float32)`), which is
// numpy's array2string under numpy's print options (numpy/_core/arrayprint.py; defaults precision
// 8, 'maxprec' float mode, threshold 1000, 3 edge items, line width 75), followed by JAX's dtype
// suffix. `setPrintoptions` / `printoptions` change them, as jnp.set_printoptions (numpy's).
import type { DType } from "../../jaxpr/index.js";
import { shapeString, isComplex, isInteger, realPartDtype, isFloat8, roundToFloat16, roundToBfloat16, roundToFormat, FLOAT8_FORMATS } from "../../jaxpr/index.js";
import { Array, ArrayImpl, NestedList, bufferOf } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import { range } from "../../jaxpr/lists.js";

export function tolist(x: ArrayImpl): NestedList {
  const buf = bufferOf(x);
  const isBool = x.dtype === "bool";
  const complex = isComplex(x.dtype);
  const shape = x.shape;
  let i = 0;
  const go = (d: number): NestedList => {
    if (d === shape.length) {
      // A complex element reads back as { re, im } (JS has no complex number).
      if (complex) return { re: buf[2 * i]!, im: buf[2 * i++ + 1]! };
      const v = buf[i++]!;
      return isBool ? v !== 0 : v;
    }
    const out: NestedList[] = [];
    for (let k = 0; k < shape[d]!; k++) out.push(go(d + 1));
    return out;
  };
  return go(0);
}

/** numpy's print options that dprog's repr honours (numpy's names, camelCase). */
export interface PrintOptions {
  /** Digits after the decimal point (numpy's `precision`, default 8). */
  precision: number;
  /** Arrays with more elements than this are summarized with `...` (default 1000). */
  threshold: number;
  /** Items shown at each edge of a summarized axis (default 3). */
  edgeitems: number;
  /** Characters per line (default 75). */
  linewidth: number;
  /** Never scientific notation for small values: they print as 0 at this precision (default false). */
  suppress: boolean;
  /** How NaN prints (default "nan"). */
  nanstr: string;
  /** How infinity prints (default "inf"; "-inf" for negative infinity). */
  infstr: string;
  /** `"-"` signs negatives only, `"+"` every value, `" "` leaves a space for the sign of positives. */
  sign: "-" | "+" | " ";
  /**
   * `"maxprec"`: shortest digits that round-trip, at most `precision`; `"fixed"`: exactly
   * `precision` digits; `"unique"`: shortest round-trip digits, `precision` ignored;
   * `"maxprec_equal"`: as maxprec, but every element with as many digits as the longest.
   */
  floatmode: "maxprec" | "fixed" | "unique" | "maxprec_equal";
}

const DEFAULT_PRINT_OPTIONS: Readonly<PrintOptions> = Object.freeze({
  precision: 8,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 75,
  suppress: false,
  nanstr: "nan",
  infstr: "inf",
  sign: "-",
  floatmode: "maxprec",
});
let options: Readonly<PrintOptions> = DEFAULT_PRINT_OPTIONS;

const FLOAT_MODES: readonly PrintOptions["floatmode"][] = ["maxprec", "fixed", "unique", "maxprec_equal"];

function checkedOptions(changes: Partial<PrintOptions>): PrintOptions {
  if (changes === null || typeof changes !== "object") throw new TypeError(`set_printoptions: expected an object of options, got ${String(changes)}`);
  const next: PrintOptions = { ...options };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) continue;
    if (!(k in DEFAULT_PRINT_OPTIONS)) throw new TypeError(`set_printoptions() got an unexpected keyword argument '${k}'`);
    const key = k as keyof PrintOptions;
    const expected = typeof DEFAULT_PRINT_OPTIONS[key];
    if (typeof v !== expected) throw new TypeError(`set_printoptions: ${k} must be a ${expected}, got ${typeof v}`);
    if ((key === "precision" || key === "threshold" || key === "edgeitems" || key === "linewidth") && (!Number.isInteger(v) || (v as number) < 0)) {
      throw new ValueError(`${k} must be a non-negative integer`);
    }
    if (key === "sign" && !["-", "+", " "].includes(v as string)) throw new ValueError("sign option must be one of ' ', '+', or '-'");
    if (key === "floatmode" && !FLOAT_MODES.includes(v as PrintOptions["floatmode"])) {
      throw new ValueError(`floatmode option must be one of ${FLOAT_MODES.map((m) => `"${m}"`).join(", ")}`);
    }
    (next as unknown as Record<string, unknown>)[k] = v;
  }
  return next;
}

/**
 * `np.setPrintoptions(changes)` (jnp.set_printoptions, numpy's): changes how arrays print from now on.
 *
 * @example
 * ```ts
 * // not run: it changes how every array prints from now on
 * np.setPrintoptions({ precision: 3 });
 * np.arrayStr(np.array([Math.PI])); // "[3.142]"
 * np.setPrintoptions({ precision: 8 });
 * ```
 */
export function setPrintoptions(changes: Partial<PrintOptions>): void {
  options = Object.freeze(checkedOptions(changes));
}

/**
 * `np.getPrintoptions()` (jnp.get_printoptions): the current options (a copy).
 *
 * @example
 * ```ts
 * np.getPrintoptions().precision; // 8
 * np.getPrintoptions().threshold; // 1000
 * ```
 */
export function getPrintoptions(): PrintOptions {
  return { ...options };
}

/**
 * `np.printoptions(changes, fn)` (jnp.printoptions, numpy's context manager), as a scope: runs `fn` with the options changed, restoring them afterwards.
 *
 * @example
 * ```ts
 * const x = np.array([Math.PI, 1e-10]);
 * np.printoptions({ precision: 3, suppress: true }, () => np.arrayStr(x)); // "[3.142 0.   ]"
 * np.arrayStr(x); // "[3.1415927e+00 1.0000000e-10]"
 * ```
 */
export function printoptions<R>(changes: Partial<PrintOptions>, fn: () => R): R {
  const saved = options;
  options = Object.freeze(checkedOptions(changes));
  try {
    return fn();
  } finally {
    options = saved;
  }
}

/** Whether the double `a` (> 0) equals the decimal `digits` x 10^q exactly. */
function exactlyEquals(a: number, digits: bigint, q: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  const m = biased === 0 ? frac : frac | (1n << 52n);
  const e = (biased === 0 ? 1 : biased) - 1075;
  // m * 2^e == digits * 10^q, with every power moved to the side where it is non-negative.
  const lhs = m * 2n ** BigInt(Math.max(e, 0)) * 10n ** BigInt(Math.max(-q, 0));
  const rhs = digits * 10n ** BigInt(Math.max(q, 0)) * 2n ** BigInt(Math.max(-e, 0));
  return lhs === rhs;
}

/** `a.toExponential(p)` (a >= 0) rounding exact ties to an even last digit, as numpy's Dragon4 does (JS rounds them up). */
function toExponentialHalfEven(a: number, p: number): string {
  const longer = a.toExponential(p + 1);
  const [m, e] = longer.split("e") as [string, string];
  const digits = m.replace(".", "");
  if (a === 0 || !digits.endsWith("5") || !exactlyEquals(a, BigInt(digits), Number(e) - (p + 1))) return a.toExponential(p);
  const kept = digits.slice(0, -1);
  if (Number(kept[kept.length - 1]) % 2 === 1) return a.toExponential(p);
  return `${kept[0]}${p > 0 ? "." + kept.slice(1) : ""}e${e}`;
}

/** Rounding into a dtype narrower than float64 (float32, float16, bfloat16); null for float64. */
type Rounder = ((x: number) => number) | null;
const ROUNDERS: Partial<Record<DType, (x: number) => number>> = {
  float32: Math.fround, float16: roundToFloat16, bfloat16: roundToBfloat16,
  float8_e4m3fn: (x) => roundToFormat(x, FLOAT8_FORMATS.float8_e4m3fn),
  float8_e4m3fnuz: (x) => roundToFormat(x, FLOAT8_FORMATS.float8_e4m3fnuz),
  float8_e5m2: (x) => roundToFormat(x, FLOAT8_FORMATS.float8_e5m2),
  float8_e5m2fnuz: (x) => roundToFormat(x, FLOAT8_FORMATS.float8_e5m2fnuz),
};
const rounderOf = (dtype: DType): Rounder => ROUNDERS[dtype] ?? null;
/** numpy's finfo(dtype).precision: decimal digits that survive a round trip. */
const DECIMAL_PRECISION: Partial<Record<DType, number>> = {
  float8_e4m3fn: 1, float8_e4m3fnuz: 1, float8_e5m2: 1, float8_e5m2fnuz: 1, float16: 3, bfloat16: 2, float32: 6, float64: 15,
};

/** Shortest digits that read back as `v` in its dtype, in exponential notation ("1.2345e-5"). */
function shortestExponential(v: number, f32: Rounder): string {
  if (!f32) return v.toExponential();
  for (let p = 0; p < 9; p++) {
    const t = v.toExponential(p);
    if (f32(Number(t)) === v) return t;
  }
  return toExponentialHalfEven(v, 8);
}

/** `a.toFixed(p)` (a >= 0) rounding exact ties to an even last digit, as numpy's Dragon4 does. */
function toFixedHalfEven(a: number, p: number): string {
  const longer = a.toFixed(p + 1);
  if (!longer.endsWith("5")) return a.toFixed(p);
  const digits = longer.replace(".", "");
  if (!exactlyEquals(a, BigInt(digits), -(p + 1))) return a.toFixed(p);
  const kept = digits.slice(0, -1);
  if (Number(kept[kept.length - 1]) % 2 === 1) return a.toFixed(p);
  const int = kept.slice(0, kept.length - p) || "0";
  return p > 0 ? `${int}.${kept.slice(kept.length - p)}` : int;
}

/**
 * |v| in positional notation as [integer digits, fraction digits] (numpy's dragon4_positional):
 * shortest round-trip digits (`unique`), cut at `precision` fraction digits when it is not null;
 * or (`unique` false) exactly `precision` digits.
 */
function positionalParts(a: number, f32: Rounder, precision: number | null, unique: boolean): [string, string] {
  if (!unique) {
    const [int, frac = ""] = toFixedHalfEven(a, precision!).split(".");
    return [int!, frac];
  }
  let s = String(Number(shortestExponential(a, f32)));
  if (s.includes("e")) s = a.toFixed(Math.min(100, (precision ?? 20) + 12));
  let [int, frac = ""] = s.split(".") as [string, string?];
  if (precision !== null && frac!.length > precision) [int, frac = ""] = toFixedHalfEven(a, precision).split(".") as [string, string?];
  return [int!, frac!.replace(/0+$/, "")];
}

/** |v| in exponential notation as mantissa parts and exponent (numpy's dragon4_scientific, unique, trim '.'), cut at `precision` digits when not null. */
function scientificParts(a: number, f32: Rounder, precision: number | null): { int: string; frac: string; exp: number } {
  let [m, e] = shortestExponential(a, f32).split("e") as [string, string];
  if (precision !== null && (m.split(".")[1] ?? "").length > precision) [m, e] = toExponentialHalfEven(a, precision).split("e") as [string, string];
  const [int, frac = ""] = m.split(".");
  return { int: int!, frac: frac.replace(/0+$/, ""), exp: Number(e) };
}

type Formatter = (v: number) => string;

const signbit = (v: number): boolean => v < 0 || Object.is(v, -0);
const signOf = (v: number, sign: PrintOptions["sign"]): string => (signbit(v) ? "-" : sign === "+" ? "+" : "");

/** numpy's FloatingFormat for the (summarized) values an array prints, under the current options. */
function floatFormatter(values: readonly number[], dtype: DType, sign: PrintOptions["sign"] = options.sign): Formatter {
  const { floatmode, suppress, nanstr, infstr } = options;
  const f32 = rounderOf(dtype);
  const precision = floatmode === "unique" ? null : options.precision;
  const unique = floatmode !== "fixed";
  const finite = values.filter(Number.isFinite);
  const absNonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let expFormat = false;
  if (absNonZero.length > 0) {
    const max = Math.max(...absNonZero);
    const min = Math.min(...absNonZero);
    // numpy (>= 2.2) compares in the array's dtype, so the thresholds and the ratio are rounded
    // to float32; the upper cutoff is 10^min(8, decimal precision of the dtype).
    const r = f32 ?? ((x: number) => x);
    expFormat = max >= 10 ** Math.min(8, DECIMAL_PRECISION[dtype] ?? 8) || (!suppress && (min < r(1e-4) || r(max / min) > 1000));
  }
  let padLeft = 0;
  let padRight = 0;
  let digits = 0; // fraction digits every element gets (exp format), or at least (fixed, maxprec_equal)
  let expSize = 0;
  if (finite.length > 0 && expFormat) {
    const parts = finite.map((v) => {
      const p = scientificParts(Math.abs(v), f32, precision);
      // Non-unique ('fixed'): exactly `precision` digits each.
      return unique ? p : { ...p, frac: p.frac.padEnd(precision!, "0") };
    });
    digits = Math.max(...parts.map((p) => p.frac.length));
    expSize = Math.max(2, ...parts.map((p) => String(Math.abs(p.exp)).length));
    padLeft = Math.max(...finite.map((v, i) => signOf(v, sign).length + parts[i]!.int.length));
    padRight = expSize + 2 + digits;
  } else if (finite.length > 0) {
    const parts = finite.map((v) => positionalParts(Math.abs(v), f32, precision, unique));
    padLeft = Math.max(...finite.map((v, i) => signOf(v, sign).length + parts[i]![0].length));
    padRight = Math.max(...parts.map((p) => p[1].length));
    digits = floatmode === "fixed" || floatmode === "maxprec_equal" ? padRight : 0;
  }
  if (sign === " " && !finite.some(signbit)) padLeft += 1;
  if (finite.length !== values.length) {
    const negInf = sign !== "-" || values.some((v) => v === -Infinity) ? 1 : 0;
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, nanstr.length - offset, infstr.length + negInf - offset);
  }
  return (v) => {
    if (!Number.isFinite(v)) {
      const s = Number.isNaN(v) ? (sign === "+" ? "+" : "") + nanstr : (v < 0 ? "-" : sign === "+" ? "+" : "") + infstr;
      return s.padStart(padLeft + padRight + 1);
    }
    const a = Math.abs(v);
    if (expFormat) {
      // Every element gets `digits` digits: the exact value's own digits past the unique ones.
      const [m, e] = toExponentialHalfEven(a, digits).split("e") as [string, string];
      const [int, frac = ""] = m.split(".");
      const exp = Number(e);
      return `${signOf(v, sign) + int}`.padStart(padLeft) + `.${frac}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(expSize, "0")}`;
    }
    let [int, frac] = positionalParts(a, f32, precision, unique);
    if (frac.length < digits) frac = floatmode === "fixed" ? frac.padEnd(digits, "0") : positionalParts(a, f32, digits, false)[1];
    return `${(signOf(v, sign) + int).padStart(padLeft)}.${frac.padEnd(padRight)}`;
  };
}

/** numpy's IntegerFormat: right-aligned to the widest value, with the sign option. */
function integerFormatter(values: readonly number[]): Formatter {
  if (values.length === 0) return String;
  const max = Math.max(...values);
  const min = Math.min(...values);
  const sign = options.sign === " " && min < 0 ? "-" : options.sign;
  const maxLen = String(max).length + (max >= 0 && sign !== "-" ? 1 : 0);
  const width = Math.max(maxLen, String(min).length);
  return (v) => (v < 0 ? String(v) : (sign === "+" ? "+" : sign === " " ? " " : "") + String(v)).padStart(width);
}

function formatterFor(values: readonly number[], dtype: DType, rank0: boolean): Formatter {
  switch (dtype) {
    case "bool": {
      const t = rank0 ? "True" : " True";
      return (v) => (v ? t : "False");
    }
    case "int8":
    case "int16":
    case "int32":
    case "uint8":
    case "uint16":
    case "uint32":
      return integerFormatter(values);
    // numpy knows ml_dtypes' types (bfloat16, the float8s, the 2- and 4-bit integers) only as opaque
    // scalars: it prints each element's str, unpadded (JAX 0.10.2: Array([1.10156, 2.5], dtype=bfloat16),
    // Array([7, -8, 3], dtype=int4)).
    case "int2":
    case "int4":
    case "uint2":
    case "uint4":
      return String;
    case "bfloat16":
    case "float8_e4m3fn":
    case "float8_e4m3fnuz":
    case "float8_e5m2":
    case "float8_e5m2fnuz":
      return mlDtypesStr;
    case "float16":
    case "float32":
    case "float64":
      return floatFormatter(values, dtype);
    case "complex64":
    case "complex128":
      throw new Error("internal: complex arrays are formatted by their parts (complexFormatter)");
  }
}

/**
 * str() of an ml_dtypes scalar (bfloat16, float8): its value as a float streamed by C++'s
 * ostream, which is printf's %g (6 significant digits, exact ties to even): "0.0195312", "96",
 * "1.10156", "-0", "nan", "inf".
 */
function mlDtypesStr(v: number): string {
  if (v !== v) return "nan";
  const sign = signbit(v) ? "-" : "";
  const a = Math.abs(v);
  if (a === Infinity) return `${sign}inf`;
  if (a === 0) return `${sign}0`;
  const [m, e] = toExponentialHalfEven(a, 5).split("e") as [string, string];
  const exp = Number(e);
  const trim = (s: string): string => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (exp < -4 || exp >= 6) return `${sign}${trim(m)}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  const digits = m.replace(".", "");
  const fixed = exp >= 0 ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}` : `0.${"0".repeat(-exp - 1)}${digits}`;
  return sign + trim(fixed);
}

/** numpy's _extendLine (non-legacy). */
function extendLine(s: string, line: string, word: string, lineWidth: number, nextLinePrefix: string): [string, string] {
  let needsWrap = line.length + word.length > lineWidth;
  if (line.length <= nextLinePrefix.length) needsWrap = false;
  if (needsWrap) {
    s += line.trimEnd() + "\n";
    line = nextLinePrefix;
  }
  return [s, line + word];
}

/** Elements of a real array by their offset in `buf`. */
function realFormatter(buf: ArrayLike<number>, offsets: readonly number[], dtype: DType, rank0: boolean): Formatter {
  const f = formatterFor(
    offsets.map((o) => buf[o]!),
    dtype,
    rank0,
  );
  return (o) => f(buf[o]!);
}

/**
 * numpy's ComplexFloatingFormat: the real parts with the array's sign option, the imaginary parts
 * with sign "+", each formatted over all printed elements, and "j" before the imaginary part's
 * right padding (`1.+2.j`, ` 1. +2.j  `).
 */
function complexFormatter(buf: ArrayLike<number>, offsets: readonly number[], dtype: DType): Formatter {
  const part = realPartDtype(dtype);
  const re = floatFormatter(
    offsets.map((o) => buf[2 * o]!),
    part,
  );
  const im = floatFormatter(
    offsets.map((o) => buf[2 * o + 1]!),
    part,
    "+",
  );
  return (o) => {
    const i = im(buf[2 * o + 1]!);
    const end = i.trimEnd().length;
    return `${re(buf[2 * o]!)}${i.slice(0, end)}j${i.slice(end)}`;
  };
}

/**
 * numpy's array2string for the current print options: repr's form (separator ", ", suffix ",")
 * by default, str's form (separator " ", no suffix) with `strForm`.
 */
function array2string(buf: ArrayLike<number>, shape: readonly number[], dtype: DType, prefix: string, strForm = false): string {
  const size = shape.reduce((a, b) => a * b, 1);
  const summarize = size > options.threshold;
  const edgeItems = options.edgeitems;
  const strides: number[] = [];
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= shape[d]!;
  }
  // Indices printed along an axis: all, or the edge items when summarizing.
  const shown = (n: number): { lead: number[]; trail: number[]; summary: boolean } => {
    const all = range(n);
    if (summarize && 2 * edgeItems < n) return { lead: all.slice(0, edgeItems), trail: all.slice(n - edgeItems), summary: true };
    return { lead: [], trail: all, summary: false };
  };
  // The formatter sees only the printed values, as numpy's _leading_trailing.
  const offsets: number[] = [];
  const collect = (d: number, offset: number): void => {
    if (d === shape.length) {
      offsets.push(offset);
      return;
    }
    const { lead, trail } = shown(shape[d]!);
    for (const k of [...lead, ...trail]) collect(d + 1, offset + k * strides[d]!);
  };
  collect(0, 0);
  const fmt = isComplex(dtype) ? complexFormatter(buf, offsets, dtype) : realFormatter(buf, offsets, dtype, shape.length === 0);
  const separator = strForm ? " " : ", ";
  const lineWidth = strForm ? options.linewidth : options.linewidth - 1; // repr's suffix ","
  const nextLinePrefix = " " + " ".repeat(prefix.length);

  const recurse = (d: number, offset: number, hangingIndent: string, currWidth: number): string => {
    const axesLeft = shape.length - d;
    if (axesLeft === 0) return fmt(offset);
    const nextHangingIndent = hangingIndent + " ";
    const nextWidth = currWidth - 1;
    const { lead, trail, summary } = shown(shape[d]!);
    const child = (k: number): string => recurse(d + 1, offset + k * strides[d]!, nextHangingIndent, nextWidth);
    let s = "";
    if (axesLeft === 1) {
      const elemWidth = currWidth - Math.max(separator.trimEnd().length, 1);
      let line = hangingIndent;
      for (const k of lead) {
        [s, line] = extendLine(s, line, child(k), elemWidth, hangingIndent);
        line += separator;
      }
      if (summary) {
        [s, line] = extendLine(s, line, "...", elemWidth, hangingIndent);
        line += separator;
      }
      for (let i = 0; i < trail.length - 1; i++) {
        [s, line] = extendLine(s, line, child(trail[i]!), elemWidth, hangingIndent);
        line += separator;
      }
      [s, line] = extendLine(s, line, child(trail[trail.length - 1]!), elemWidth, hangingIndent);
      s += line;
    } else {
      const lineSep = separator.trimEnd() + "\n".repeat(axesLeft - 1);
      for (const k of lead) s += hangingIndent + child(k) + lineSep;
      if (summary) s += hangingIndent + "..." + lineSep;
      for (let i = 0; i < trail.length - 1; i++) s += hangingIndent + child(trail[i]!) + lineSep;
      s += hangingIndent + child(trail[trail.length - 1]!);
    }
    return "[" + s.slice(hangingIndent.length) + "]";
  };
  return recurse(0, 0, nextLinePrefix, lineWidth);
}

/** str() of a numpy scalar (Python's float repr rules, shortest digits of its own dtype): 0.1, 2.0, 1e-05, inf. */
function scalarStr(v: number, dtype: DType): string {
  if (dtype === "bool") return v ? "True" : "False";
  if (isInteger(dtype)) return String(v);
  if (isFloat8(dtype) || dtype === "bfloat16") return mlDtypesStr(v);
  if (v !== v) return "nan";
  const sign = signbit(v) ? "-" : "";
  const a = Math.abs(v);
  if (a === Infinity) return `${sign}inf`;
  const f32 = rounderOf(dtype);
  // numpy's scalar str switches to scientific at 1e16 for float64 but at 10^precision for the
  // narrower floats (np.float32(1e6) prints 1e+06; measured with numpy 2.4).
  if (a === 0 || (a >= 1e-4 && a < (f32 ? 10 ** DECIMAL_PRECISION[dtype]! : 1e16))) {
    const [int, frac] = positionalParts(a, f32, null, true);
    return `${sign}${int}.${frac || "0"}`;
  }
  const { int, frac, exp } = scientificParts(a, f32, null);
  return `${sign}${int}${frac ? "." + frac : ""}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/** str() of a numpy complex scalar, as Python's complex repr: (1+2j), (1.5-0.5j), integral parts without ".0". */
function complexScalarStr(re: number, im: number, dtype: DType): string {
  const part = realPartDtype(dtype);
  const one = (v: number): string => (Number.isInteger(v) && Math.abs(v) < 1e16 && !Object.is(v, -0) ? String(v) : scalarStr(v, part));
  const imText = one(im);
  const imSigned = imText.startsWith("-") ? imText : `+${imText}`;
  return re === 0 && !Object.is(re, -0) ? `${imText}j` : `(${one(re)}${imSigned}j)`;
}

/**
 * `np.arrayStr(x)` (jnp.array_str): numpy's str of an array, what Python's `str()` and JAX's
 * debug.print show: `[1.5 2. ]`, nested rows on their own lines, a 0-d array as its scalar.
 *
 * @example
 * ```ts
 * np.arrayStr(np.array([1.5, 2])); // "[1.5 2. ]"
 * np.arrayStr(np.array([[1, 2], [3, 4]], "int32")); // "[[1 2]\n [3 4]]"
 * np.arrayStr(np.array(3)); // "3.0"
 * ```
 */
export function arrayStr(x: Array): string {
  const c = x.concreteValue();
  if (c === null) return `Traced<${x.aval.str()}>`;
  if (c.size === 0) return "[]";
  if (c.shape.length === 0) return isComplex(c.dtype) ? complexScalarStr(bufferOf(c)[0]!, bufferOf(c)[1]!, c.dtype) : scalarStr(bufferOf(c)[0]!, c.dtype);
  return array2string(bufferOf(c), c.shape, c.dtype, "", true);
}

/** JAX's Array.__repr__. */
export function arrayToString(x: Array): string {
  const c = x.concreteValue();
  if (c === null) return `Traced<${x.aval.str()}>`;
  const prefix = "Array(";
  const dtypeStr = c.weakType ? `dtype=${c.dtype}, weak_type=True)` : `dtype=${c.dtype})`;
  const s = c.size === 0 ? `[], shape=${shapeString(c.shape)}` : array2string(bufferOf(c), c.shape, c.dtype, prefix);
  const lastLineLen = s.length - s.lastIndexOf("\n") + 1;
  const sep = lastLineLen + dtypeStr.length + 1 > options.linewidth ? " ".repeat(prefix.length) : " ";
  return `${prefix}${s},${sep}${dtypeStr}`;
}

/**
 * `np.arrayRepr(x)` (jnp.array_repr): the repr, `Array([1., 2.], dtype=float32)`.
 *
 * @example
 * ```ts
 * np.arrayRepr(np.array([1, 2])); // "Array([1., 2.], dtype=float32)"
 * np.arrayRepr(np.array([1, 2], "int32")); // "Array([1, 2], dtype=int32)"
 * ```
 */
export function arrayRepr(x: Array): string {
  return arrayToString(x);
}
