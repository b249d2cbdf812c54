// Output allocation in generated code.
import type { ShapedArray, DType } from "../../../jaxpr/index.js";
import { storageLength } from "../../../jaxpr/index.js";
import { sharesBuffersOfSize } from "../threads/sharedMemory.js";
import { int } from "../emit.js";

const CTOR: Record<DType, string> = {
  float32: "Float32Array",
  float64: "Float64Array",
  int32: "Int32Array",
  uint32: "Uint32Array",
  bool: "Uint8Array",
  complex64: "Float32Array",
  complex128: "Float64Array",
  int8: "Int8Array",
  int16: "Int16Array",
  uint8: "Uint8Array",
  uint16: "Uint16Array",
  int2: "Int8Array",
  int4: "Int8Array",
  uint2: "Uint8Array",
  uint4: "Uint8Array",
  float16: "Float32Array",
  bfloat16: "Float32Array",
  float8_e4m3fn: "Float32Array",
  float8_e4m3fnuz: "Float32Array",
  float8_e5m2: "Float32Array",
  float8_e5m2fnuz: "Float32Array",
};

// Bytes per stored element (float16, bfloat16 and the float8s are held in a Float32Array).
const BYTES: Record<DType, number> = {
  float32: 4, float64: 8, int32: 4, uint32: 4, bool: 1, complex64: 8, complex128: 16, int8: 1, int16: 2, uint8: 1, uint16: 2, float16: 4, bfloat16: 4,
  int2: 1, int4: 1, uint2: 1, uint4: 1,
  float8_e4m3fn: 4, float8_e4m3fnuz: 4, float8_e5m2: 4, float8_e5m2fnuz: 4,
};

export const typedArrayName = (d: DType): string => CTOR[d];

/**
 * A fresh zeroed buffer for `a`. `shared` (for a loop split across threads) asks for shared memory
 * where it is available: a fresh SharedArrayBuffer is new pages, faulted in on first write (it
 * measured 4.1 ms against 2.3 ms for writing 1M float32s into a fresh ArrayBuffer), so only
 * outputs that a helper thread writes ask for one.
 */
export function allocExpression(a: ShapedArray, shared = false): string {
  const ctor = CTOR[a.dtype];
  return shared && sharesBuffersOfSize(a.size) ? `new ${ctor}(new SharedArrayBuffer(${int(a.size * BYTES[a.dtype])}))` : `new ${ctor}(${int(storageLength(a.dtype, a.size))})`;
}
