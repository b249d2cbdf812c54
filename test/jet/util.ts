// Helpers of the jet tests: float64 inputs from a seeded generator, the reference derivatives of
// f along a curve by nested jvp, and elementwise comparison with a readable failure.
import { expect } from "vitest";
import { numpy as np, lax, jvp, Array } from "../../src/index.js";
import { isFloat } from "../../jaxpr/index.js";
import { mulberry32 } from "../util/random.js";

export const F64 = "float64" as const;
let rand = mulberry32(20261206);
export const reseed = (seed: number): void => {
  rand = mulberry32(seed);
};

export function uniform(shape: readonly number[], lo = -1, hi = 1): Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = lo + (hi - lo) * rand();
  return np.array(data, { dtype: F64 }).reshape([...shape]);
}
export const f64 = (v: number | number[] | number[][]): Array => np.array(v, { dtype: F64 });
export const values = (a: Array): number[] => globalThis.Array.from(a.dataSync() as ArrayLike<number>, Number);

export function expectClose(got: Array | number[], want: Array | number[], rtol: number, atol: number, what: string): void {
  const gv = got instanceof Array ? values(got) : got;
  const wv = want instanceof Array ? values(want) : want;
  expect(gv.length, what).toBe(wv.length);
  gv.forEach((x, i) => {
    const w = wv[i]!;
    const ok = Math.abs(x - w) <= atol + rtol * Math.abs(w) || (Number.isNaN(x) && Number.isNaN(w));
    if (!ok) throw new Error(`${what}: element ${i}: got ${x}, want ${w}\n  got  ${gv.join(", ")}\n  want ${wv.join(", ")}`);
  });
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/**
 * d^k/dt^k f(x(t)) at t = 0 for k = 1..K, where x_i(t) = primal_i + sum_k t^k/k! series_i[k-1]
 * (integer inputs stay fixed), by K nested jvps in the scalar t: the reference jet must match.
 */
export function derivativesByNestedJvp(f: (...xs: Array[]) => Array, primals: readonly Array[], series: readonly (readonly Array[])[]): Array[] {
  const curve = (t: Array): Array =>
    f(
      ...primals.map((p, i) => {
        if (!isFloat(p.dtype)) return p;
        let x = p;
        series[i]!.forEach((v, k) => {
          x = lax.add(x, lax.mul(v, lax.div(lax.integerPow(t, k + 1), factorial(k + 1))));
        });
        return x;
      }),
    );
  const out: Array[] = [];
  let g: (t: Array) => Array = curve;
  for (let k = 1; k <= series[0]!.length; k++) {
    const prev = g;
    g = (t: Array): Array => jvp(prev, [t], [f64(1)])[1];
    out.push(g(f64(0)));
  }
  return out;
}
