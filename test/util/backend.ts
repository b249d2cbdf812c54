// Operand builders for tests that drive the JS backend's lowerings directly.
import { ShapedArray, TYPED_ARRAY } from "../../jaxpr/index.js";
import type { DType } from "../../jaxpr/index.js";
import type { Buffer } from "../../backends/js/kernel.js";

export interface Arg {
  aval: ShapedArray;
  data: Buffer;
}

export const arr = (dtype: DType, shape: number[], values: number[]): Arg => {
  const data = new TYPED_ARRAY[dtype](values.length);
  data.set(values);
  return { aval: new ShapedArray(shape, dtype), data };
};
export const f32 = (shape: number[], values: number[]): Arg => arr("float32", shape, values);
export const i32 = (shape: number[], values: number[]): Arg => arr("int32", shape, values);
