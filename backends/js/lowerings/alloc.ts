// Output allocation in generated code.
import type { ShapedArray, DType } from "../../../jaxpr/index.js";

const CTOR: Record<DType, string> = {
  float32: "Float32Array",
  float64: "Float64Array",
  int32: "Int32Array",
  uint32: "Uint32Array",
  bool: "Uint8Array",
};

export const typedArrayName = (d: DType): string => CTOR[d];

export function allocExpression(a: ShapedArray): string {
  return `new ${CTOR[a.dtype]}(${a.size})`;
}
