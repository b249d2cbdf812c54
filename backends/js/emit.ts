// The one way values reach generated source (JS kernels here, gpu.js kernels in backends/gpu):
// numbers are formatted here from their value, never pasted from a string, and identifiers must
// be ones the compiler made. Every interpolation of a param, a literal or a shape-derived number in
// a code generator goes through these functions, so a string or an object smuggled in where a
// number belongs (a fill value, a size) is refused with a TypeError instead of becoming code.
import type { DType } from "../../jaxpr/index.js";
import { castScalar, describeValue } from "../../jaxpr/index.js";

function notNumber(what: string, v: unknown): never {
  throw new TypeError(`generated code may embed only ${what}, got ${describeValue(v)}.`);
}

/** Any JS number as source: NaN, Infinity, -Infinity and -0 spelled out. */
export function num(v: number): string {
  if (typeof v !== "number") notNumber("numbers", v);
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  if (Object.is(v, -0)) return "-0";
  return String(v);
}

/** A safe integer as source (sizes, strides, offsets, dims, counts). */
export function int(v: number): string {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) notNumber("integers here", v);
  return String(v);
}

/** A scalar of `dtype` as source, holding the value a store into that dtype would (float32 rounded by Math.fround). */
export function lit(v: number | boolean, dtype: DType): string {
  return num(castScalar(v, dtype));
}

/** A float literal for gpu.js source: a decimal point always (gpu.js types `1` as an integer); non-finite values through helpers. */
export function gpuFloat(v: number): string {
  if (typeof v !== "number") notNumber("numbers", v);
  if (Number.isNaN(v)) return "h_nan()";
  if (v === Infinity) return "h_inf()";
  if (v === -Infinity) return "(-h_inf())";
  if (Object.is(v, -0)) return "(-0.0)";
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An identifier the compiler made (a register, a buffer or kernel name). */
export function ident(name: string): string {
  if (typeof name !== "string" || !IDENTIFIER.test(name)) notNumber("identifiers made by the compiler", name);
  return name;
}

/** Text for a `//` comment in generated source: no line terminator can end the comment early. */
export function comment(text: string): string {
  return String(text).replace(/[\r\n\u2028\u2029]/g, " ");
}

/** A comma-separated list of integers (shapes and strides in emitted arrays). */
export const ints = (vs: readonly number[]): string => vs.map(int).join(", ");
