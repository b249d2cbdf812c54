// Functions generated kernels call by name through `h`: math that JS's Math lacks.

/** erf to double precision (W. J. Cody's rational Chebyshev approximations). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 0.5) {
    const t = x * x;
    const p = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t + 3209.37758913846947;
    const q = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
    return (x * p) / q;
  }
  if (ax >= 6) return x > 0 ? 1 : -1;
  return x > 0 ? 1 - erfcPositive(ax) : erfcPositive(ax) - 1;
}

function erfcPositive(ax: number): number {
  let r: number;
  if (ax < 4) {
    const p =
      (((((((2.15311535474403846e-8 * ax + 0.564188496988670089) * ax + 8.88314979438837594) * ax + 66.1191906371416295) * ax + 298.635138197400131) * ax +
        881.95222124176909) * ax + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725;
    const q =
      (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax + 1621.38957456669019) * ax + 3290.79923573345963) * ax +
        4362.61909014324716) * ax + 3439.36767414372164) * ax + 1230.33935480374942;
    r = p / q;
  } else {
    const z = 1 / (ax * ax);
    const p = ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z + 0.125781726111229246) * z + 0.0160837851487422766) * z + 6.58749161529837803e-4;
    const q = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z + 0.0605183413124413191) * z + 2.33520497626869185e-3;
    r = (0.564189583547756287 - (z * p) / q) / ax;
  }
  // exp(-x^2) split to keep precision for large x.
  const xs = Math.trunc(ax * 16) / 16;
  return Math.exp(-xs * xs) * Math.exp(-(ax - xs) * (ax + xs)) * r;
}

/** Round half to even (numpy's round, lax.RoundingMethod.TO_NEAREST_EVEN). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Round half away from zero (lax.RoundingMethod.AWAY_FROM_ZERO). */
export function roundAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Float to int32 as XLA converts: truncation, NaN to 0, saturating at the ends. */
export function toInt32(x: number): number {
  if (x !== x) return 0;
  if (x >= 2147483647) return 2147483647;
  if (x <= -2147483648) return -2147483648;
  // `| 0` turns a truncated -0 (from -1 < x < 0) into 0: an int32 has no negative zero, and a
  // register that kept one would reach later float code (atan2, 1/x) differently from eager.
  return Math.trunc(x) | 0;
}

export function toUint32(x: number): number {
  if (x !== x || x <= 0) return 0;
  if (x >= 4294967295) return 4294967295;
  return Math.trunc(x);
}

/**
 * log(exp(a) + exp(b)) without overflow (JAX's lax.logaddexp): max(a, b) + log1p(exp(-|a - b|)),
 * and a + b where a - b is NaN (a NaN operand, or infinities of one sign).
 */
export function logaddexp(a: number, b: number): number {
  const d = a - b;
  if (d !== d) return a + b;
  return (a > b ? a : b) + Math.log1p(Math.exp(-Math.abs(d)));
}

/** Integer division with XLA's edge cases: x / 0 = -1 (all ones), truncation towards zero. */
export function intDiv(a: number, b: number): number {
  return b === 0 ? -1 : Math.trunc(a / b);
}

export function uintDiv(a: number, b: number): number {
  return b === 0 ? 4294967295 : Math.trunc(a / b);
}

export function intRem(a: number, b: number): number {
  return b === 0 ? a : a % b;
}

/** Integer power by squaring, wrapping like int32 multiplication. */
export function intPow(x: number, y: number): number {
  let acc = 1;
  let base = x;
  while (y > 0) {
    if (y & 1) acc = Math.imul(acc, base);
    base = Math.imul(base, base);
    y >>>= 1;
  }
  return acc;
}

// One 32-bit scratch word viewed three ways, for bitcast_convert_type.
const scratchF32 = new Float32Array(1);
const scratchI32 = new Int32Array(scratchF32.buffer);
const scratchU32 = new Uint32Array(scratchF32.buffer);
export function int32BitsToFloat32(x: number): number {
  scratchI32[0] = x;
  return scratchF32[0]!;
}
export function uint32BitsToFloat32(x: number): number {
  scratchU32[0] = x;
  return scratchF32[0]!;
}
export function float32ToInt32Bits(x: number): number {
  scratchF32[0] = x;
  return scratchI32[0]!;
}
export function float32ToUint32Bits(x: number): number {
  scratchF32[0] = x;
  return scratchU32[0]!;
}

/**
 * lax.reduce_precision: rounds a float32 (`wide` false) or float64 value to a float with
 * `exponentBits` exponent and `mantissaBits` explicit mantissa bits, and back. XLA's semantics
 * (ReducePrecision in the XLA operation semantics): the mantissa is rounded to nearest, ties to
 * even, as on the raw bits (a carry may raise the exponent; the source format's subnormals round
 * at its minimum exponent); then a value above the target's range becomes a signed infinity and
 * one at or below its minimum normal exponent a signed zero (the target has no subnormals); NaN
 * stays NaN (as JAX 0.10.2 gives, even with no mantissa bits). Scaling by a power of two and rounding
 * an integer are exact in doubles, so this equals XLA's bit manipulation.
 */
export function reducePrecision(x: number, wide: boolean, exponentBits: number, mantissaBits: number): number {
  const sourceMantissa = wide ? 52 : 23;
  const sourceExponent = wide ? 11 : 8;
  if (x !== x || x === 0 || x === Infinity || x === -Infinity) return x;
  let r = x;
  if (mantissaBits < sourceMantissa) {
    const minExponent = 2 - (1 << (sourceExponent - 1));
    const scale = 2 ** (Math.max(exponentOf(x), minExponent) - mantissaBits);
    r = roundHalfEven(x / scale) * scale;
  }
  if (exponentBits < sourceExponent && r !== 0) {
    const targetBias = 2 ** (exponentBits - 1) - 1;
    const e = exponentOf(r);
    if (e > targetBias) return r < 0 ? -Infinity : Infinity;
    if (e <= -targetBias) return r < 0 || Object.is(r, -0) ? -0 : 0;
  }
  return wide ? r : Math.fround(r);
}

/** floor(log2 |x|) for finite nonzero x, exactly (Math.log2 may be off by one next to powers of two). */
function exponentOf(x: number): number {
  const a = Math.abs(x);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return e;
}

export const RUNTIME_HELPERS = {
  erf, roundHalfEven, roundAwayFromZero, toInt32, toUint32, intDiv, uintDiv, intRem, intPow,
  int32BitsToFloat32, uint32BitsToFloat32, float32ToInt32Bits, float32ToUint32Bits, logaddexp,
  reducePrecision,
};
