// PLACEHOLDER (being written by a helper): numpy shape functions.
import type { DType } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import * as lax from "../lax/index.js";
export function reshape(x: Array, shape: number | readonly number[]): Array {
  return lax.reshape(x, typeof shape === "number" ? [shape] : shape);
}
export function transpose(x: Array, axes?: readonly number[]): Array {
  return lax.transpose(x, axes ?? x.shape.map((_, i) => x.ndim - 1 - i));
}
export function astype(x: Array, dtype: DType): Array {
  return lax.convertElementType(x, dtype);
}
