// PLACEHOLDER (being written by a helper): matmul, dot, einsum, ...
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
export function matmul(x: ArrayLike, y: ArrayLike): Array { return lax.dot(x, y); }
export function dot(x: ArrayLike, y: ArrayLike): Array { return lax.dot(x, y); }
