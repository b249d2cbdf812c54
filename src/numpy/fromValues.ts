// The library's constructor of concrete arrays from flat values (np.array and the host-side
// numpy functions build on it); not part of the np namespace.
import type { ComplexDType, DType } from "../../jaxpr/index.js";
import { ShapedArray, castScalar, isComplex, isInteger, storageLength } from "../../jaxpr/index.js";
import { ArrayImpl } from "../core/array.js";
import type { Complex } from "../core/array.js";
import { checkIntegerRange } from "../core/eval.js";
import { allocBuffer } from "../../backends/js/index.js";

/** A concrete array from a flat list of values (copied, cast to `dtype`; a complex dtype gets zero imaginary parts). */
export function fromValues(values: globalThis.ArrayLike<number>, shape: readonly number[], dtype: DType): ArrayImpl {
  if (isComplex(dtype)) return fromComplexValues(globalThis.Array.from(values), shape, dtype);
  // Large arrays live in shared memory, where the backend's helper thread can work on them.
  const buf = allocBuffer(dtype, values.length);
  if (isInteger(dtype)) for (let i = 0; i < values.length; i++) checkIntegerRange(values[i]!, dtype);
  for (let i = 0; i < values.length; i++) buf[i] = castScalar(values[i]!, dtype);
  return new ArrayImpl(buf, new ShapedArray(shape, dtype, false));
}

/** A complex array from numbers and `{ re, im }` values, stored interleaved. */
export function fromComplexValues(values: readonly (number | Complex)[], shape: readonly number[], dtype: ComplexDType): ArrayImpl {
  const buf = allocBuffer(dtype, storageLength(dtype, values.length));
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    buf[2 * i] = castScalar(typeof v === "number" ? v : v.re, dtype);
    buf[2 * i + 1] = typeof v === "number" ? 0 : castScalar(v.im, dtype);
  }
  return new ArrayImpl(buf, new ShapedArray(shape, dtype, false));
}
