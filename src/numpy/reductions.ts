// PLACEHOLDER (being written by a helper): numpy reductions.
import type { Axis } from "../core/array.js";
import { Array } from "../core/array.js";
import * as lax from "../lax/index.js";
const axesOf = (x: Array, axis?: Axis): number[] => (axis === undefined || axis === null ? x.shape.map((_, i) => i) : typeof axis === "number" ? [axis] : [...axis]);
export function sum(x: Array, axis?: Axis, keepdims = false): Array { void keepdims; return lax.reduceSum(x, axesOf(x, axis)); }
export function mean(x: Array, axis?: Axis, keepdims = false): Array { void keepdims; return lax.reduceSum(x, axesOf(x, axis)); }
export function max(x: Array, axis?: Axis, keepdims = false): Array { void keepdims; return lax.reduceMax(x, axesOf(x, axis)); }
export function min(x: Array, axis?: Axis, keepdims = false): Array { void keepdims; return lax.reduceMin(x, axesOf(x, axis)); }
export function prod(x: Array, axis?: Axis, keepdims = false): Array { void keepdims; return lax.reduceProd(x, axesOf(x, axis)); }
export function argmax(x: Array, axis?: number | null, keepdims = false): Array { void keepdims; return lax.argmax(x, axis ?? 0); }
export function argmin(x: Array, axis?: number | null, keepdims = false): Array { void keepdims; return lax.argmin(x, axis ?? 0); }
