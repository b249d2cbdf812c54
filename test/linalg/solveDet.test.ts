// np.linalg.solve through lax.customLinearSolve (JAX's _solve) and det/slogdet at singular
// matrices as JAX's jnp.linalg.det (explicit 2x2/3x3 products, _cofactor_solve's JVP above).
// Values from JAX 0.10.2 (x64).
import { describe, expect, it } from "vitest";
import { numpy as np, grad, jvp, jit, vmap, makeJaxpr, Array } from "../../src/index.js";
import { maxRelErr } from "../util/compare.js";

const f64 = (x: number[][] | number[]): Array => np.array(x, { dtype: "float64" });
const values = (x: Array): number[] => globalThis.Array.from(x.dataSync() as ArrayLike<number>, Number);
const close = (x: Array, want: ArrayLike<number>, tol = 1e-12): void => expect(maxRelErr(values(x), want)).toBeLessThan(tol);

const A = f64([[3, 0.4, -0.5], [0.6, -2.5, 0.3], [0.2, 0.7, 1.7]]);
const B = f64([[1, 0.5], [-2, 0.25], [0.5, 3]]);
const W = f64([[1, 2], [3, 4], [5, 6]]);

describe("np.linalg.solve through customLinearSolve", () => {
  const loss = (a: Array, b: Array): Array => np.sum(np.square(np.linalg.solve(a, b)).mul(W));
  it("JAX 0.10.2's gradients (matrix right-hand side)", () => {
    const [ga, gb] = grad(loss, { argnums: [0, 1] })(A, B);
    close(ga, [0.15825521854100374, -0.3116894045832552, 1.0960345652583614, -0.5641797229208754, 1.160458290190451, -3.9672396467093862, -4.530656442175106, -2.1739443960620783, -17.896120537509155]);
    close(gb, [0.5207802826319938, -0.6457057875850445, -1.9229829754302368, 2.3354380095239784, 0.04174974867806859, 10.943474135035004]);
  });
  it("stages custom_linear_solve under a transform, and factors once", () => {
    const text = makeJaxpr((a: Array, b: Array) => np.linalg.solve(a, b))(A, B).toString();
    expect(text).toContain("custom_linear_solve");
    const g = makeJaxpr(grad(loss))(A, B).toString();
    expect(g.match(/= lu /g)?.length).toBe(1);
  });
  it("jit(vmap) of solve equals a loop of eager solves, twice", () => {
    const As = np.stack([A, A.T, A.mul(2)]);
    const bs = f64([[1, 2, 3], [0.5, -1, 0], [2, 2, -2]]);
    const f = jit(vmap((a: Array, b: Array) => np.linalg.solve(a, b)));
    const want = [0, 1, 2].flatMap((i) => values(np.linalg.solve(As.get(i), bs.get(i))));
    for (let k = 0; k < 2; k++) close(f(As, bs), want, 1e-14);
  });
});

describe("det and slogdet at singular matrices: JAX 0.10.2's values", () => {
  const singular2 = f64([[1, 2], [2, 4]]);
  const singular3 = f64([[1, 2, 3], [2, 4, 6], [1, 0, 1]]);
  const rank2of4 = f64([[1, 2, 3, 4], [2, 4, 6, 8], [1, 0, 1, 2], [0, 1, 1, 5]]);
  const rank3of4 = f64([[2, 1, 0, 1], [1, 3, 1, 0], [3, 4, 1, 1], [0, 1, 2, 5]]);
  const detGrad = grad((a: Array) => np.linalg.det(a));
  it("det is 0 and its gradient the adjugate (2x2, 3x3 by their products; n >= 4 by _cofactor_solve)", () => {
    for (const s of [singular2, singular3, rank2of4]) expect(np.linalg.det(s).item()).toBe(0);
    // JAX (LAPACK's recursive getrf2) gets exactly 0 here; the unblocked LU rounds differently.
    expect(Math.abs(np.linalg.det(rank3of4).item() as number)).toBeLessThan(1e-14);
    close(detGrad(singular2), [4, -2, -2, 1]);
    close(detGrad(singular3), [4, 4, -4, -2, -2, 2, 0, 0, 0]);
    // Rank n - 1: the adjugate (rank one); rank below n - 1: zeros.
    expect(maxRelErr(values(detGrad(rank3of4)), [-10, 12, -26, 8, -10, 12, -26, 8, 10, -12, 26, -8, 0, 0, 0, 0])).toBeLessThan(1e-13);
    close(detGrad(rank2of4), new globalThis.Array(16).fill(0));
    expect((jvp((a: Array) => np.linalg.det(a), [singular3], [np.onesLike(singular3)])[1] as Array).item()).toBe(2);
  });
  it("slogdet gives sign 0 and logabsdet -inf", () => {
    for (const s of [singular2, singular3, rank2of4]) {
      const { sign, logabsdet } = np.linalg.slogdet(s);
      expect(Object.is(sign.item(), 0)).toBe(true);
      expect(logabsdet.item()).toBe(-Infinity);
    }
  });
});
