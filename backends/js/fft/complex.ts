// Batched complex FFTs along the last axis: rows of n interleaved complex numbers (re, im), in
// Float32Array or Float64Array. Each row is copied into its plan's float64 row, transformed in
// float64 (for float32 data too: one rounding per output, at the store), and written back with
// the inverse's 1/n folded into the store.
import type { FloatArray } from "../linalg/types.js";
import { runBluestein } from "./bluestein.js";
import { planFor, runMixed, type Plan } from "./plan.js";

/** Transforms plan.a; returns the row holding the result. */
export function runPlan(plan: Plan): Float64Array {
  return plan.kind === "mixed" ? runMixed(plan) : runBluestein(plan);
}

/**
 * The DFT of each of `rows` rows of n complex numbers, from `input` into `output` (which may be
 * the same array); `inverse` gives numpy's ifft (sign +1, scaled by 1/n).
 */
export function fftRows(input: FloatArray, output: FloatArray, rows: number, n: number, inverse: boolean): void {
  if (n === 0) return;
  const plan = planFor(n, inverse ? 1 : -1);
  const scale = inverse ? 1 / n : 1;
  const len = 2 * n;
  for (let row = 0; row < rows; row++) {
    const base = row * len;
    const a = plan.a;
    for (let i = 0; i < len; i++) a[i] = input[base + i]!;
    const y = runPlan(plan);
    if (scale === 1) for (let i = 0; i < len; i++) output[base + i] = y[i]!;
    else for (let i = 0; i < len; i++) output[base + i] = y[i]! * scale;
  }
}
