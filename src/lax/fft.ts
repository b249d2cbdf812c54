// lax.fft (jax/_src/lax/fft.py `fft`): the fft primitive, after JAX's conversions: RFFT takes a
// real operand (integers become float), the other types a complex one (real operands are
// converted). No fft_lengths is the identity (XLA has no rank-0 FFT).
import { FftType, complexDtypeOf, isComplex, isFloat } from "../../jaxpr/index.js";
import type { Array, ArrayLike } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import { bind1 } from "../core/trace.js";
import { asArray } from "./core.js";
import { convertElementType } from "./elementwise.js";
import { loadFftFamily } from "../families/fft.js";

export { FftType };

/** lax.fft's fft_type: an FftType, or its name in either case (JAX's _str_to_fft_type). */
export type FftTypeLike = FftType | "fft" | "ifft" | "rfft" | "irfft" | "FFT" | "IFFT" | "RFFT" | "IRFFT";

const TYPE_NAMES: Readonly<Record<string, FftType>> = { fft: 0, FFT: 0, ifft: 1, IFFT: 1, rfft: 2, RFFT: 2, irfft: 3, IRFFT: 3 };

/** The FftType of a name ("fft", "IRFFT", ...) or number, as JAX's _str_to_fft_type. */
function fftTypeOf(t: FftTypeLike): FftType {
  if (typeof t === "number" && (t === 0 || t === 1 || t === 2 || t === 3)) return t;
  if (typeof t === "string" && Object.hasOwn(TYPE_NAMES, t)) return TYPE_NAMES[t]!;
  if (typeof t === "string") throw new ValueError(`Unknown FFT type '${t}'`);
  throw new TypeError(`Unknown FFT type value '${String(t)}'`);
}

/**
 * `lax.fft(x, fftType, fftLengths)` (jax.lax.fft): the FFT of `fftType` ("fft", "ifft", "rfft", "irfft") over the trailing `fftLengths.length` axes of x.
 *
 * @example
 * ```ts
 * lax.fft(np.array([1, 0, -1, 0]), "rfft", [4]); // Array([0.+0.j, 2.+0.j, 0.+0.j], dtype=complex64)
 * ```
 */
export function fft(x: ArrayLike, fftType: FftTypeLike, fftLengths: readonly number[]): Array {
  const type = fftTypeOf(fftType);
  let a = asArray(x);
  if (type === FftType.RFFT) {
    if (isComplex(a.dtype)) throw new ValueError("only real valued inputs supported for rfft");
    if (!isFloat(a.dtype)) a = convertElementType(a, "float32");
  } else if (!isComplex(a.dtype)) {
    a = convertElementType(a, complexDtypeOf(a.dtype));
  }
  if (fftLengths.length === 0) return a;
  loadFftFamily();
  return bind1("fft", [a], { fftType: type, fftLengths: [...fftLengths] });
}
