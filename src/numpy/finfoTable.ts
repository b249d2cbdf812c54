// numpy's finfo values for each floating dtype (JAX's), in a module of their own so that code
// needing a dtype's limits (numpy/options.ts's finfoMax) reads them without the numpy namespace.
import type { DType } from "../../jaxpr/index.js";

/** `jnp.finfo(dtype)`: machine limits of a floating dtype (numpy's field names in camelCase). */
export interface FInfo {
  /** The float dtype described. */
  readonly dtype: DType;
  /** Bits per value (32 or 64). */
  readonly bits: number;
  /** The difference between 1 and the next float above it. */
  readonly eps: number;
  /** The difference between 1 and the next float below it. */
  readonly epsneg: number;
  /** The largest finite value. */
  readonly max: number;
  /** The most negative finite value (-max). */
  readonly min: number;
  /** The smallest positive normal number (numpy's `tiny`, equal to `smallestNormal`). */
  readonly tiny: number;
  /** The smallest positive normal number. */
  readonly smallestNormal: number;
  /** The smallest positive subnormal number. */
  readonly smallestSubnormal: number;
  /** 10 ** -precision. */
  readonly resolution: number;
  /** Decimal digits of precision. */
  readonly precision: number;
  /** Bits of the mantissa, without the implicit leading bit (23 or 52). */
  readonly nmant: number;
  /** Bits of the exponent (8 or 11). */
  readonly nexp: number;
  /** The most negative power of 2 of a normal number (-126 or -1022). */
  readonly minexp: number;
  /** The power of 2 that overflows (128 or 1024). */
  readonly maxexp: number;
}

export const FINFO: Partial<Record<DType, FInfo>> = {
  // Values from JAX 0.10.2 (jnp.finfo).
  float8_e4m3fn: Object.freeze({
    dtype: "float8_e4m3fn", bits: 8, eps: 2 ** -3, epsneg: 2 ** -4, max: 448, min: -448, tiny: 2 ** -6, smallestNormal: 2 ** -6,
    smallestSubnormal: 2 ** -9, resolution: 0.1015625, precision: 1, nmant: 3, nexp: 4, minexp: -6, maxexp: 9,
  }),
  float8_e4m3fnuz: Object.freeze({
    dtype: "float8_e4m3fnuz", bits: 8, eps: 2 ** -3, epsneg: 2 ** -4, max: 240, min: -240, tiny: 2 ** -7, smallestNormal: 2 ** -7,
    smallestSubnormal: 2 ** -10, resolution: 0.1015625, precision: 1, nmant: 3, nexp: 4, minexp: -7, maxexp: 8,
  }),
  float8_e5m2: Object.freeze({
    dtype: "float8_e5m2", bits: 8, eps: 2 ** -2, epsneg: 2 ** -3, max: 57344, min: -57344, tiny: 2 ** -14, smallestNormal: 2 ** -14,
    smallestSubnormal: 2 ** -16, resolution: 0.09375, precision: 1, nmant: 2, nexp: 5, minexp: -14, maxexp: 16,
  }),
  float8_e5m2fnuz: Object.freeze({
    dtype: "float8_e5m2fnuz", bits: 8, eps: 2 ** -2, epsneg: 2 ** -3, max: 57344, min: -57344, tiny: 2 ** -15, smallestNormal: 2 ** -15,
    smallestSubnormal: 2 ** -17, resolution: 0.09375, precision: 1, nmant: 2, nexp: 5, minexp: -15, maxexp: 16,
  }),
  float16: Object.freeze({
    dtype: "float16",
    bits: 16,
    eps: 2 ** -10,
    epsneg: 2 ** -11,
    max: 65504,
    min: -65504,
    tiny: 2 ** -14,
    smallestNormal: 2 ** -14,
    smallestSubnormal: 2 ** -24,
    resolution: 0.0010004043579101562,
    precision: 3,
    nmant: 10,
    nexp: 5,
    minexp: -14,
    maxexp: 16,
  }),
  bfloat16: Object.freeze({
    dtype: "bfloat16",
    bits: 16,
    eps: 2 ** -7,
    epsneg: 2 ** -8,
    max: 3.3895313892515355e38,
    min: -3.3895313892515355e38,
    tiny: 2 ** -126,
    smallestNormal: 2 ** -126,
    smallestSubnormal: 2 ** -133,
    resolution: 0.010009765625,
    precision: 2,
    nmant: 7,
    nexp: 8,
    minexp: -126,
    maxexp: 128,
  }),
  float32: Object.freeze({
    dtype: "float32",
    bits: 32,
    eps: 2 ** -23,
    epsneg: 2 ** -24,
    max: 3.4028234663852886e38,
    min: -3.4028234663852886e38,
    tiny: 2 ** -126,
    smallestNormal: 2 ** -126,
    smallestSubnormal: 2 ** -149,
    resolution: 1e-6,
    precision: 6,
    nmant: 23,
    nexp: 8,
    minexp: -126,
    maxexp: 128,
  }),
  float64: Object.freeze({
    dtype: "float64",
    bits: 64,
    eps: 2 ** -52,
    epsneg: 2 ** -53,
    max: Number.MAX_VALUE,
    min: -Number.MAX_VALUE,
    tiny: 2 ** -1022,
    smallestNormal: 2 ** -1022,
    smallestSubnormal: 5e-324,
    resolution: 1e-15,
    precision: 15,
    nmant: 52,
    nexp: 11,
    minexp: -1022,
    maxexp: 1024,
  }),
};
