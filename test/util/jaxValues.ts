// Checking dprog's results against values recorded from JAX: elementwise closeness (NaN matches
// NaN), and a table of cases each checked eagerly and jitted (called twice, for scratch reuse).
import { expect, it } from "vitest";
import { Array, jit, numpy as np } from "../../src/index.js";

export const f64 = (v: number[]): Array => np.array(v, { dtype: "float64" });

const flat = (v: unknown): number[] => (globalThis.Array.isArray(v) ? v.flatMap(flat) : [v as number]);

/** Each element within `tol`, relative where |want| > 1 and absolute below; NaN where want is NaN. */
export function expectClose(got: Array | Array[], want: unknown, tol = 1e-12): void {
  const g = flat(got instanceof Array ? got.tolist() : got.map((a) => a.tolist()));
  const w = flat(want);
  expect(g.length).toBe(w.length);
  g.forEach((x, i) => {
    if (Number.isNaN(w[i]!)) expect(Number.isNaN(x), `element ${i}`).toBe(true);
    else expect(Math.abs(x - w[i]!), `element ${i}: ${x} vs ${w[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w[i]!)));
  });
}

/** One test per case: [name, computation, JAX's values, tolerance?], eager and jit (twice). */
export function itMatchesJax(cases: [string, () => Array, unknown, number?][], defaultTol = 1e-12): void {
  for (const [name, f, want, tol] of cases) {
    it(`${name}: eager and jit (twice)`, () => {
      expectClose(f(), want, tol ?? defaultTol);
      const jf = jit(f);
      expectClose(jf(), want, tol ?? defaultTol);
      expectClose(jf(), want, tol ?? defaultTol);
    });
  }
}
