// lax.population_count and lax.clz (jax/_src/lax/lax.py) as compositions of the bitwise
// primitives: the operand's bits are widened to uint32 (sign-extended, then masked to the dtype's
// width) and counted by the SWAR reduction of Hacker's Delight (Warren, 2nd ed., section 5-1);
// clz smears the leading one rightwards and counts the ones (section 5-3). Both return the
// operand's dtype, as JAX's do, and have no derivative (integer inputs only).
import { INTEGER_BITS } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { asArrays } from "./core.js";
import { add, bitcastConvertType, bitwiseAnd, bitwiseOr, convertElementType, shiftRightLogical, sub } from "./elementwise.js";

/** The integer operand and its width in bits; JAX's TypeError for any other dtype. */
function integerOperand(name: string, x: ArrayLike): [Array, number] {
  const [a] = asArrays([x]);
  const bits = INTEGER_BITS[a!.dtype];
  if (bits === undefined) throw new TypeError(`${name} does not accept dtype ${a!.dtype}. Accepted dtypes are subtypes of integer.`);
  return [a!, bits];
}

/** The operand's `bits` low bits as uint32 (a signed operand's two's complement pattern). */
function asUint32Bits(a: Array, bits: number): Array {
  if (a.dtype === "uint32") return a;
  const widened = a.dtype === "int32" ? a : convertElementType(a, "int32");
  const pattern = bitcastConvertType(widened, "uint32");
  return bits === 32 ? pattern : bitwiseAnd(pattern, convertElementType(2 ** bits - 1, "uint32"));
}

const u32 = (v: number): Array => convertElementType(v, "uint32");

/** Number of set bits of each uint32 element (Hacker's Delight 5-1, without the multiply). */
function countOnes(x: Array): Array {
  let v = sub(x, bitwiseAnd(shiftRightLogical(x, u32(1)), u32(0x55555555)));
  v = add(bitwiseAnd(v, u32(0x33333333)), bitwiseAnd(shiftRightLogical(v, u32(2)), u32(0x33333333)));
  v = bitwiseAnd(add(v, shiftRightLogical(v, u32(4))), u32(0x0f0f0f0f));
  v = add(v, shiftRightLogical(v, u32(8)));
  v = add(v, shiftRightLogical(v, u32(16)));
  return bitwiseAnd(v, u32(0x3f));
}

/** The uint32 count back in the operand's dtype (every count fits: at most 32). */
const inDType = (count: Array, like: Array): Array => convertElementType(bitcastConvertType(count, "int32"), like.dtype);

/**
 * `lax.populationCount(x)` (jax.lax.population_count): the number of set bits of each element,
 * in the operand's integer dtype (a negative signed element counts its two's complement bits).
 *
 * @example
 * ```ts
 * lax.populationCount(np.array([0, 7, -1, 256], { dtype: "int32" })); // Array([ 0,  3, 32,  1], dtype=int32)
 * ```
 */
export function populationCount(x: ArrayLike): Array {
  const [a, bits] = integerOperand("population_count", x);
  return inDType(countOnes(asUint32Bits(a, bits)), a);
}

/**
 * `lax.clz(x)` (jax.lax.clz): the number of leading zero bits of each element within its dtype's
 * width, in the operand's integer dtype.
 *
 * @example
 * ```ts
 * lax.clz(np.array([0, 1, 255, -1], { dtype: "int32" })); // Array([32, 31, 24,  0], dtype=int32)
 * ```
 */
export function clz(x: ArrayLike): Array {
  const [a, bits] = integerOperand("clz", x);
  let v = asUint32Bits(a, bits);
  for (const shift of [1, 2, 4, 8, 16]) v = bitwiseOr(v, shiftRightLogical(v, u32(shift)));
  // The smeared value has (bits - clz) ones.
  return inDType(sub(u32(bits), countOnes(v)), a);
}
