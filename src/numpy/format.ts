// Reading arrays back into JS: tolist, and JAX's repr (`Array([1., 2.], dtype=float32)`), which is
// numpy's array2string with numpy's default print options (precision 8, 'maxprec' float mode,
// threshold 1000, 3 edge items, line width 75), followed by JAX's dtype suffix.
import type { DType } from "../../jaxpr/index.js";
import { shapeString } from "../../jaxpr/index.js";
import { Array, ArrayImpl, NestedList, bufferOf } from "../core/array.js";

export function tolist(x: ArrayImpl): NestedList {
  const buf = bufferOf(x);
  const isBool = x.dtype === "bool";
  const shape = x.shape;
  let i = 0;
  const go = (d: number): NestedList => {
    if (d === shape.length) {
      const v = buf[i++]!;
      return isBool ? v !== 0 : v;
    }
    const out: NestedList[] = [];
    for (let k = 0; k < shape[d]!; k++) out.push(go(d + 1));
    return out;
  };
  return go(0);
}

const PRECISION = 8;
const LINE_WIDTH = 75;
const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

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

/** Shortest digits that read back as `v` in its dtype, in exponential notation ("1.2345e-5"). */
function shortestExponential(v: number, f32: boolean): string {
  if (!f32) return v.toExponential();
  for (let p = 0; p < 9; p++) {
    const t = v.toExponential(p);
    if (Math.fround(Number(t)) === v) return t;
  }
  return toExponentialHalfEven(v, 8);
}

/** Shortest round-trip digits in positional notation, at most PRECISION fractional digits (numpy's dragon4_positional, unique, trim '.'). */
function positional(v: number, f32: boolean): string {
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  let s = String(Number(shortestExponential(a, f32)));
  if (/e/.test(s)) s = a.toFixed(PRECISION + 12);
  let [int, frac = ""] = s.split(".");
  if (frac.length > PRECISION) [int, frac = ""] = a.toFixed(PRECISION).split(".");
  frac = frac.replace(/0+$/, "");
  return `${neg ? "-" : ""}${int}.${frac}`;
}

/** Exponential notation with at most PRECISION fractional mantissa digits (numpy's dragon4_scientific, unique, trim '.'). */
function scientific(v: number, f32: boolean): { int: string; frac: string; exp: number } {
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  let [m, e] = shortestExponential(a, f32).split("e") as [string, string];
  if ((m.split(".")[1] ?? "").length > PRECISION) [m, e] = toExponentialHalfEven(a, PRECISION).split("e") as [string, string];
  const [int, frac = ""] = m.split(".");
  return { int: `${neg ? "-" : ""}${int}`, frac: frac.replace(/0+$/, ""), exp: Number(e) };
}

type Formatter = (v: number) => string;

/** numpy's FloatingFormat for the (summarized) values an array prints. */
function floatFormatter(values: readonly number[], dtype: DType): Formatter {
  const f32 = dtype === "float32";
  const finite = values.filter(Number.isFinite);
  const absNonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let expFormat = false;
  if (absNonZero.length > 0) {
    const max = Math.max(...absNonZero);
    const min = Math.min(...absNonZero);
    // numpy (>= 2.2) compares in the array's dtype, so the thresholds and the ratio are rounded
    // to float32; the upper cutoff is 10^min(8, decimal precision of the dtype).
    const r = f32 ? Math.fround : (x: number) => x;
    expFormat = max >= (f32 ? 1e6 : 1e8) || min < r(1e-4) || r(max / min) > 1000;
  }
  let padLeft = 0;
  let padRight = 0;
  let precision = 0;
  let expSize = 0;
  if (finite.length > 0 && expFormat) {
    const parts = finite.map((v) => scientific(v, f32));
    precision = Math.max(...parts.map((p) => p.frac.length));
    expSize = Math.max(2, ...parts.map((p) => String(Math.abs(p.exp)).length));
    padLeft = Math.max(...parts.map((p) => p.int.length));
    padRight = expSize + 2 + precision;
  } else if (finite.length > 0) {
    const parts = finite.map((v) => positional(v, f32).split("."));
    padLeft = Math.max(...parts.map((p) => p[0]!.length));
    padRight = Math.max(...parts.map((p) => p[1]!.length));
  }
  if (finite.length !== values.length) {
    const negInf = values.some((v) => v === -Infinity) ? 1 : 0;
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + negInf - offset);
  }
  return (v) => {
    if (!Number.isFinite(v)) {
      const s = Number.isNaN(v) ? "nan" : v < 0 ? "-inf" : "inf";
      return s.padStart(padLeft + padRight + 1);
    }
    if (expFormat) {
      // Every element gets `precision` digits: the exact value's own digits past the unique ones.
      const neg = v < 0 || Object.is(v, -0);
      const [m, e] = toExponentialHalfEven(Math.abs(v), precision).split("e") as [string, string];
      const [int, frac = ""] = m.split(".");
      const exp = Number(e);
      return `${(neg ? "-" : "") + int}`.padStart(padLeft) + `.${frac}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(expSize, "0")}`;
    }
    const [int, frac] = positional(v, f32).split(".");
    return `${int!.padStart(padLeft)}.${frac!.padEnd(padRight)}`;
  };
}

function formatterFor(values: readonly number[], dtype: DType, rank0: boolean): Formatter {
  switch (dtype) {
    case "bool": {
      const t = rank0 ? "True" : " True";
      return (v) => (v ? t : "False");
    }
    case "int32":
    case "uint32": {
      const width = values.length ? Math.max(String(Math.max(...values)).length, String(Math.min(...values)).length) : 0;
      return (v) => String(v).padStart(width);
    }
    case "float32":
    case "float64":
      return floatFormatter(values, dtype);
  }
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

/** numpy's array2string(x, prefix, suffix=",", separator=", ") for the default print options. */
function array2string(buf: ArrayLike<number>, shape: readonly number[], dtype: DType, prefix: string): string {
  const size = shape.reduce((a, b) => a * b, 1);
  const summarize = size > SUMMARY_THRESHOLD;
  const strides: number[] = [];
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= shape[d]!;
  }
  // Indices printed along an axis: all, or the edge items when summarizing.
  const shown = (n: number): { lead: number[]; trail: number[]; summary: boolean } => {
    const all = globalThis.Array.from({ length: n }, (_, i) => i);
    if (summarize && 2 * EDGE_ITEMS < n) return { lead: all.slice(0, EDGE_ITEMS), trail: all.slice(n - EDGE_ITEMS), summary: true };
    return { lead: [], trail: all, summary: false };
  };
  // The formatter sees only the printed values, as numpy's _leading_trailing.
  const values: number[] = [];
  const collect = (d: number, offset: number): void => {
    if (d === shape.length) {
      values.push(buf[offset]!);
      return;
    }
    const { lead, trail } = shown(shape[d]!);
    for (const k of [...lead, ...trail]) collect(d + 1, offset + k * strides[d]!);
  };
  collect(0, 0);
  const fmt = formatterFor(values, dtype, shape.length === 0);
  const separator = ", ";
  const lineWidth = LINE_WIDTH - 1; // the suffix ","
  const nextLinePrefix = " " + " ".repeat(prefix.length);

  const recurse = (d: number, offset: number, hangingIndent: string, currWidth: number): string => {
    const axesLeft = shape.length - d;
    if (axesLeft === 0) return fmt(buf[offset]!);
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

/** JAX's Array.__repr__. */
export function arrayToString(x: Array): string {
  const c = x.concreteValue();
  if (c === null) return `Traced<${x.aval.str()}>`;
  const prefix = "Array(";
  const dtypeStr = c.weakType ? `dtype=${c.dtype}, weak_type=True)` : `dtype=${c.dtype})`;
  const s = c.size === 0 ? `[], shape=${shapeString(c.shape)}` : array2string(bufferOf(c), c.shape, c.dtype, prefix);
  const lastLineLen = s.length - s.lastIndexOf("\n") + 1;
  const sep = lastLineLen + dtypeStr.length + 1 > LINE_WIDTH ? " ".repeat(prefix.length) : " ";
  return `${prefix}${s},${sep}${dtypeStr}`;
}
