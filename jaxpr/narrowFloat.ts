// Rounding a JS number to float16 (IEEE binary16) or bfloat16, for hosts without Float16Array
// (Node 20). Round to nearest, ties to even, with subnormals, overflow to a signed infinity, NaN
// kept: numpy's float16 and ml_dtypes' bfloat16 conversions from float64. Scaling by a power of
// two and rounding an integer are exact in doubles, so one rounding happens, never two.

/** A binary floating format: explicit mantissa bits, the exponent of its least normal, its largest finite value. */
export interface FloatFormat {
  readonly mantissaBits: number;
  readonly exponentBits: number;
  readonly minNormalExponent: number;
  readonly maxFinite: number;
  /** No infinities (ml_dtypes' "fn"): overflow and infinite inputs become NaN. */
  readonly finiteOnly?: boolean;
  /** No negative zero (ml_dtypes' "uz"): a zero result is +0. */
  readonly unsignedZero?: boolean;
}
export const FLOAT16_FORMAT: FloatFormat = { mantissaBits: 10, exponentBits: 5, minNormalExponent: -14, maxFinite: 65504 };
export const BFLOAT16_FORMAT: FloatFormat = { mantissaBits: 7, exponentBits: 8, minNormalExponent: -126, maxFinite: 3.3895313892515355e38 };

// ml_dtypes' 8-bit floats (float8_e4m3fn, e4m3fnuz, e5m2, e5m2fnuz: the OCP and Graphcore
// formats): e4m3fn keeps the all-ones exponent for numbers (max 448, NaN only at S.1111.111);
// the fnuz formats have a bias one larger, so their least normal is one binade lower, and use the
// negative-zero pattern as their only NaN.
export const FLOAT8_FORMATS = {
  float8_e4m3fn: { mantissaBits: 3, exponentBits: 4, minNormalExponent: -6, maxFinite: 448, finiteOnly: true },
  float8_e4m3fnuz: { mantissaBits: 3, exponentBits: 4, minNormalExponent: -7, maxFinite: 240, finiteOnly: true, unsignedZero: true },
  float8_e5m2: { mantissaBits: 2, exponentBits: 5, minNormalExponent: -14, maxFinite: 57344 },
  float8_e5m2fnuz: { mantissaBits: 2, exponentBits: 5, minNormalExponent: -15, maxFinite: 57344, finiteOnly: true, unsignedZero: true },
} as const satisfies Record<string, FloatFormat>;

/** floor(log2 |x|) for finite nonzero x, exactly (Math.log2 may be off by one next to powers of two). */
function exponentOf(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return e;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `x` rounded to the nearest value of `format` (ties to even; subnormals; overflow to infinity, or NaN without one). */
export function roundToFormat(x: number, format: FloatFormat): number {
  if (x !== x) return x;
  if (x === 0) return format.unsignedZero ? 0 : x;
  const a = Math.abs(x);
  if (a === Infinity) return format.finiteOnly ? NaN : x;
  const quantum = 2 ** (Math.max(exponentOf(a), format.minNormalExponent) - format.mantissaBits);
  let r = roundHalfEven(a / quantum) * quantum;
  if (r > format.maxFinite) r = format.finiteOnly ? NaN : Infinity;
  return x < 0 && !(r === 0 && format.unsignedZero) ? -r : r;
}

export const roundToFloat16 = (x: number): number => roundToFormat(x, FLOAT16_FORMAT);
export const roundToBfloat16 = (x: number): number => roundToFormat(x, BFLOAT16_FORMAT);
