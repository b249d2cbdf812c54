// scipy.sparse.linalg's cg, bicgstab and gmres (issue 20) against JAX 0.10.2's values (x64) and
// a direct solve, their gradients (by customLinearSolve: another Krylov solve), pytree vectors,
// preconditioners, vmap, jit, and JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, scipy, grad, jit, vmap, Array } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";
import { maxRelErr } from "../util/compare.js";

const { cg, bicgstab, gmres } = scipy.sparse.linalg;
const f64 = (x: number[][] | number[]): Array => np.array(x, { dtype: "float64" });
const values = (x: Array): number[] => globalThis.Array.from(x.dataSync() as ArrayLike<number>, Number);
const close = (x: Array, want: ArrayLike<number>, tol = 1e-10): void => expect(maxRelErr(values(x), want)).toBeLessThan(tol);

const B0 = f64([[2, 0.3, -0.1, 0.4], [0.1, 1.5, 0.2, -0.3], [0, 0.4, 1.8, 0.1], [0.2, -0.1, 0.3, 2.2]]);
const S = np.matmul(B0, B0.T).add(np.eye(4, { dtype: "float64" }));
const N = B0.add(f64([[0, 0.5, 0, 0], [0, 0, 0.7, 0], [0, 0, 0, 0.2], [0.3, 0, 0, 0]]));
const b = f64([1, -2, 0.5, 3]);
const w = f64([1, 2, 3, 4]);
const NONSYM = [0.8895588371447091, -1.4398551060087033, 0.4247291917415054, 1.0380983242292379];

describe("scipy.sparse.linalg: JAX 0.10.2's values", () => {
  it("cg: matrix or function operator, preconditioner, maxiter", () => {
    const want = [0.15961772474943106, -0.5807816397297294, 0.17500662699431394, 0.37713896444265643];
    const [x, info] = cg(S, b);
    close(x, want, 1e-9);
    expect(info).toBeNull();
    close(cg((v: Array) => np.matmul(S, v), b, { tol: 1e-10 })[0], values(np.linalg.solve(S, b)), 1e-10);
    close(cg(S, b, { M: np.diag(np.reciprocal(np.diag(S))), maxiter: 2 })[0], [0.1356781395838594, -0.570407511148971, 0.16835563534118245, 0.3920512507628575], 1e-12);
  });
  it("bicgstab and gmres (batched, incremental, restarts)", () => {
    close(bicgstab(N, b, { tol: 1e-10 })[0], NONSYM, 1e-10);
    const [x, info] = gmres(N, b, { tol: 1e-10 });
    close(x, NONSYM, 1e-12);
    expect(info.item()).toBe(0);
    close(gmres(N, b, { tol: 1e-10, solveMethod: "incremental" })[0], NONSYM, 1e-12);
    close(gmres(N, b, { restart: 2, maxiter: 3 })[0], [0.888948755898458, -1.4362889010009994, 0.42175539557109776, 1.0392656388842476], 1e-10);
    close(gmres(N, b, { tol: 1e-10 })[0], values(np.linalg.solve(N, b)), 1e-10);
  });
  it("pytree vectors", () => {
    const mv = (t: { u: Array; v: Array }) => ({ u: t.u.mul(2).add(t.v.mul(0.5)), v: t.u.mul(0.5).add(t.v.mul(3)) });
    const [x] = cg(mv, { u: f64([1, 2]), v: f64([3, -1]) });
    close(x.u, [0.2608695652173913, 1.1304347826086956], 1e-9);
    close(x.v, [0.9565217391304349, -0.5217391304347826], 1e-9);
  });
  it("gradients by implicit differentiation", () => {
    const fcg = (s: Array, r: Array) => np.sum(cg((v: Array) => np.matmul(s, v), r, { tol: 1e-12 })[0].mul(w));
    const [gs, gb] = grad(fcg, { argnums: [0, 1] })(S, b);
    close(gs, [0.00497890631171027, -0.018116142028180973, 0.00545892757900761, 0.011763979053097676, -0.0999626811522157, 0.3637220738642992, -0.10960018181702408, -0.23618819345933856, -0.06925205760378936, 0.2519790557904806, -0.07592871676801861, -0.16362624721794503, -0.1116482341913712, 0.40624087724834285, -0.12241235054800986, -0.2637983938869233], 1e-9);
    close(gb, [-0.031192690658422742, 0.6262630375739145, 0.43386195181331955, 0.6994726579810439], 1e-9);
    const fg = (n: Array, r: Array) => np.sum(gmres((v: Array) => np.matmul(n, v), r, { tol: 1e-12 })[0].mul(w));
    const [gn, gb2] = grad(fg, { argnums: [0, 1] })(N, b);
    close(gn, [0.037061519925480645, -0.05998840826811519, 0.017695411191896677, 0.04325009220471759, -1.1533339103476719, 1.8668059384102726, -0.5506713655078321, -1.3459188415818162, -0.6210893047511833, 1.0053057418931692, -0.2965455992242035, -0.724799461864063, -1.6966969719218048, 2.7463026574078104, -0.8101057551490297, -1.9800132489609843], 1e-9);
    close(gb2, [-0.04166280899916652, 1.2965234700490698, 0.6981992408110362, 1.9073465419868532], 1e-9);
    const fb = (n: Array, r: Array) => bicgstab((v: Array) => np.matmul(n, v), r, { tol: 1e-13 })[0];
    checkGrads(fb, [N, b], { order: 2 });
  });
  it("jit against eager (twice) and vmap against a loop", () => {
    const f = jit((s: Array, r: Array) => cg(s, r, { tol: 1e-10 })[0]);
    const want = values(cg(S, b, { tol: 1e-10 })[0]);
    for (let k = 0; k < 2; k++) close(f(S, b), want, 1e-12);
    const bs = np.stack([b, b.mul(-1), w]);
    const batched = vmap((r: Array) => gmres(N, r, { tol: 1e-10 })[0])(bs);
    [0, 1, 2].forEach((i) => close(batched.get(i), values(np.linalg.solve(N, bs.get(i))), 1e-9));
  });
  it("JAX's errors", () => {
    expect(() => cg(np.ones([3, 2], { dtype: "float64" }), b)).toThrow("linear operator must be a square matrix, but has shape: (3, 2)");
    expect(() => cg(S, b, { x0: np.zeros([3], { dtype: "float64" }) })).toThrow("arrays in x0 and b must have matching shapes: [(3,)] vs [(4,)]");
    expect(() => gmres(N, b, { solveMethod: "qr" as "batched" })).toThrow("invalid solve_method qr, must be either 'incremental' or 'batched'");
  });
});
