// Shared helpers of the decomposition tests (test/linalg, test/scipy): values as float64 numbers,
// the largest magnitude, seeded uniform matrices, and the deterministic full-rank test matrix
// sin(i^2 + 2.1 j^2 + i j + 1) that the JAX reference values were computed on.
import { expect } from "vitest";
import { numpy as np, Array } from "../../src/index.js";
import { mulberry32 } from "./random.js";

export const values = (x: Array): number[] => globalThis.Array.from(x.astype("float64").dataSync() as ArrayLike<number>, Number);
export const maxAbs = (x: Array): number => Math.max(0, ...values(np.abs(x)));
export const expectClose = (got: Array, want: number[], digits: number): void => values(got).forEach((v, i) => expect(v, `${i}`).toBeCloseTo(want[i]!, digits));

/** sin(i^2 + 2.1 j^2 + i j + 1), (m x n), as given to JAX. */
export const sinMatrix = (m: number, n: number, dtype: "float32" | "float64" = "float64"): Array =>
  np.array(globalThis.Array.from({ length: m }, (_, i) => globalThis.Array.from({ length: n }, (_, j) => Math.sin(i * i + 2.1 * j * j + i * j + 1))), { dtype });

/** Uniform entries in [-1, 1) from seed. */
export function randn(shape: number[], seed: number, dtype: "float32" | "float64" = "float64"): Array {
  const rand = mulberry32(seed);
  return np.array(Float64Array.from({ length: shape.reduce((p, q) => p * q, 1) }, () => 2 * rand() - 1), { dtype }).reshape(shape);
}
