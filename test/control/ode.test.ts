// A differentiable ODE integrator: RK4 steps in lax.scan for dx/dt = -k x. The solution is
// x(T) = x0 e^{-kT}, so the parameter sensitivity is d x(T)/dk = -T x0 e^{-kT} and
// d x(T)/dx0 = e^{-kT}; reverse mode (through the scan's transpose), forward mode and vmap over
// parameters must all reproduce them.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jvp, vmap, jit } from "../../src/index.js";
import type { Array } from "../../src/index.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });

/** x(T) by `steps` RK4 steps of size T / steps for dx/dt = f(x, k). */
function rk4(f: (x: Array, k: Array) => Array, x0: Array, k: Array, T: number, steps: number): Array {
  const h = T / steps;
  const [xT] = lax.scan(
    (x: Array, _: null) => {
      const k1 = f(x, k);
      const k2 = f(x.add(k1.mul(h / 2)), k);
      const k3 = f(x.add(k2.mul(h / 2)), k);
      const k4 = f(x.add(k3.mul(h)), k);
      return [x.add(k1.add(k2.mul(2)).add(k3.mul(2)).add(k4).mul(h / 6)), null] as const;
    },
    x0,
    null,
    { length: steps },
  );
  return xT;
}
const decay = (x: Array, k: Array): Array => k.neg().mul(x);
const solve = (k: Array, x0: Array): Array => rk4(decay, x0, k, 2, 200);

describe("RK4 in scan", () => {
  const k = 0.7;
  const x0 = 1.3;
  const T = 2;
  const tol = 1e-8;

  it("integrates dx/dt = -k x to x0 e^{-kT}", () => {
    expect(Math.abs((solve(f64(k), f64(x0)).item() as number) - x0 * Math.exp(-k * T))).toBeLessThan(tol);
  });

  it("grad w.r.t. k and x0 matches the analytic sensitivities", () => {
    const [gk, gx] = grad(solve, { argnums: [0, 1] })(f64(k), f64(x0)) as Array[];
    expect(Math.abs((gk!.item() as number) - -T * x0 * Math.exp(-k * T))).toBeLessThan(tol);
    expect(Math.abs((gx!.item() as number) - Math.exp(-k * T))).toBeLessThan(tol);
    // Second derivative in k: T^2 x0 e^{-kT}.
    const gkk = (grad(grad(solve))(f64(k), f64(x0)) as Array).item() as number;
    expect(Math.abs(gkk - T * T * x0 * Math.exp(-k * T))).toBeLessThan(1e-7);
  });

  it("forward mode, jit and vmap over parameters agree", () => {
    const [, t] = jvp(solve, [f64(k), f64(x0)], [f64(1), f64(0)]);
    expect(Math.abs((t as Array).item() as number - -T * x0 * Math.exp(-k * T))).toBeLessThan(tol);
    const ks = [0.1, 0.7, 2.0];
    const gs = jit(vmap(grad(solve), { inAxes: [0, null] }))(f64(ks), f64(x0)) as Array;
    (gs.tolist() as number[]).forEach((g, i) => expect(Math.abs(g - -T * x0 * Math.exp(-ks[i]! * T))).toBeLessThan(1e-7));
  });

  it("a vector state: the gradient of a loss through a 2-D linear system", () => {
    // dx/dt = -k A x with A = diag(1, 3): x_i(T) = x0_i e^{-k a_i T}; L = sum x(T).
    const a = f64([1, 3]);
    const loss = (kk: Array): Array => rk4((x, kp) => kp.neg().mul(a).mul(x), f64([1, 0.5]), kk, T, 400).sum();
    const g = (grad(loss)(f64(k)) as Array).item() as number;
    const expected = -T * 1 * 1 * Math.exp(-k * T) - 3 * T * 0.5 * Math.exp(-3 * k * T);
    expect(Math.abs(g - expected)).toBeLessThan(1e-7);
  });
});
