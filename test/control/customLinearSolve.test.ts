// lax.customLinearSolve and lax.customRoot (issue 20): values and gradients from JAX 0.10.2
// (x64), second-order checkGrads in float64, vmap against a loop, jit against eager (twice), and
// JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jit, vmap, jacobian, Array } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";
import { maxRelErr } from "../util/compare.js";

const f64 = (x: number[][] | number[] | number): Array => np.array(x, { dtype: "float64" });
const values = (x: Array): number[] => globalThis.Array.from(x.dataSync() as ArrayLike<number>, Number);
const close = (x: Array, want: number | ArrayLike<number>, tol = 1e-12): void => expect(maxRelErr(values(x), typeof want === "number" ? [want] : want)).toBeLessThan(tol);

const A = f64([[3, 0.4, -0.5], [0.6, -2.5, 0.3], [0.2, 0.7, 1.7]]);
const b = f64([1, -2, 0.5]);
const weights = f64([1, 2, 3]);

/** A linear solve whose derivatives come from customLinearSolve, not from differentiating np.linalg.solve's LU. */
const ls = (a: Array, r: Array): Array =>
  lax.customLinearSolve(
    (x: Array) => np.matmul(a, x),
    r,
    (_mv, y) => np.linalg.solve(lax.stopGradient(a), y),
    (_vm, y) => np.linalg.solve(lax.stopGradient(a).T, y),
  );
const loss = (a: Array, r: Array): Array => np.sum(np.square(ls(a, r)).mul(weights));

describe("lax.customLinearSolve: JAX 0.10.2's values", () => {
  it("solution and gradients in A and b", () => {
    close(ls(A, b), [0.20845050618672661, 0.8408323959505062, -0.07663104611923513]);
    const [gA, gb] = grad(loss, { argnums: [0, 1] })(A, b);
    close(gA, [-0.08076546008720116, -0.3257858019031791, 0.029691180942681052, 0.26362121878055184, 1.0633759786223949, -0.09691302815204104, -0.013897890328663749, -0.05606029286030977, 0.005109173847636929]);
    close(gb, [0.3874562914942157, -1.264670561866634, 0.06667237505393363]);
    const hvp = grad((a: Array) => np.sum(grad(loss)(a, b).mul(a)))(A);
    close(hvp, [0.16153092017440232, 0.6515716038063581, -0.05938236188536214, -0.5272424375611037, -2.1267519572447897, 0.19382605630408217, 0.027795780657327435, 0.11212058572061928, -0.010218347695273841]);
  });

  it("checkGrads order 2 (forward and reverse), symmetric and pytree b", () => {
    checkGrads(ls, [A, b], { order: 2 });
    const spd = np.matmul(A, A.T).add(np.eye(3, { dtype: "float64" }));
    const sym = (a: Array, r: Array): Array => lax.customLinearSolve((x: Array) => np.matmul(a, x), r, (_mv, y) => np.linalg.solve(lax.stopGradient(a), y), null, { symmetric: true });
    checkGrads(sym, [spd, b], { order: 2 });
    // b a pair of vectors; the operator mixes them.
    const pair = (a: Array, u: Array, v: Array): Array[] => {
      const mv = ([p, q]: Array[]) => [np.matmul(a, p!).add(q!), q!.mul(2).sub(p!)];
      const big = (m: Array) => np.block([[m, np.eye(3, { dtype: "float64" })], [np.eye(3, { dtype: "float64" }).neg(), np.eye(3, { dtype: "float64" }).mul(2)]]);
      const solveWith = (m: Array) => ([p, q]: Array[]) => {
        const x = np.linalg.solve(m, np.concatenate([p!, q!]));
        return [x.get("0:3"), x.get("3:6")];
      };
      return lax.customLinearSolve(mv, [u, v], (_m, r) => solveWith(big(lax.stopGradient(a)))(r), (_m, r) => solveWith(big(lax.stopGradient(a)).T)(r));
    };
    checkGrads(pair, [A, b, f64([0.3, 0.1, -0.7])], { order: 2 });
  });

  it("has_aux: aux is returned and gets no derivative", () => {
    const [x, aux] = lax.customLinearSolve((v: Array) => np.matmul(A, v), b, (_mv, r) => [np.linalg.solve(A, r), np.array(7, { dtype: "int32" })], null, { hasAux: true }) as unknown as [Array, Array];
    close(x, [0.20845050618672661, 0.8408323959505062, -0.07663104611923513]);
    expect(aux.item()).toBe(7);
  });

  it("vmap against a loop (batched operator, batched b, both)", () => {
    const As = np.stack([A, A.mul(1.5).add(np.eye(3, { dtype: "float64" })), A.T]);
    const bs = np.stack([b, b.mul(-2), b.add(1)]);
    const loop = (ai: (i: number) => Array, bi: (i: number) => Array) => np.stack([0, 1, 2].map((i) => ls(ai(i), bi(i))));
    close(vmap(ls)(As, bs), values(loop((i) => As.get(i), (i) => bs.get(i))));
    close(vmap(ls, { inAxes: [0, null] })(As, b), values(loop((i) => As.get(i), () => b)));
    close(vmap(ls, { inAxes: [null, 0] })(A, bs), values(loop(() => A, (i) => bs.get(i))));
    // vmap of the gradient: batching the transposed solve too.
    const g = grad(loss, { argnums: [0, 1] });
    const [gAs, gbs] = vmap(g)(As, bs);
    [0, 1, 2].forEach((i) => {
      const [gA, gb] = g(As.get(i), bs.get(i));
      close(gAs.get(i), values(gA));
      close(gbs.get(i), values(gb));
    });
  });

  it("jit against eager, twice; jit(grad)", () => {
    const f = jit(ls);
    for (let k = 0; k < 2; k++) close(f(A, b), values(ls(A, b)), 1e-14);
    const g = jit(grad(loss));
    const want = values(grad(loss)(A, b));
    for (let k = 0; k < 2; k++) close(g(A, b), want, 1e-13);
  });

  it("JAX's errors", () => {
    expect(() => lax.customLinearSolve((x: { a: Array }) => x, { a: b }, (_m, r) => [r.a] as unknown as { a: Array })).toThrow(
      new TypeError("solve() output pytree structure must match b, got [*] and {\"a\": *}."),
    );
    expect(() => lax.customLinearSolve((x: Array) => x.get("0:2"), b, (_m, r) => r)).toThrow("matvec() output shapes must match b, got [(2,)] and [(3,)]");
    const noTranspose = (r: Array) => np.sum(lax.customLinearSolve((x: Array) => np.matmul(A, x), r, (_m, y) => np.linalg.solve(A, y)));
    expect(() => grad(noTranspose)(b)).toThrow("transpose_solve required for backwards mode automatic differentiation of custom_linear_solve");
    expect(() => lax.customLinearSolve((x: Array) => x, b, (_m, r) => r, null, { hasAux: true })).toThrow(/a pytree tuple with auxiliary output was expected because has_aux was set to True/);
  });
});

// A square root by Newton's method: f(x) = x^2 - a.
const sqrtRoot = (a: Array): Array =>
  lax.customRoot(
    (x: Array) => np.square(x).sub(a),
    np.onesLike(a),
    (f, x0) => lax.foriLoop(0, 30, (_i, x: Array) => x.sub(f(x).div(x.mul(2))), x0),
    (g, y) => y.div(g(np.onesLike(y))),
  );

// A vector root: A x + 0.1 x^3 = b, Newton with the Jacobian; tangent solve by the Jacobian of g.
const vroot = (a: Array, r: Array): Array => {
  const f = (x: Array) => np.matmul(a, x).add(np.power(x, 3).mul(0.1)).sub(r);
  const solve = (fn: (x: Array) => Array, x0: Array) => lax.foriLoop(0, 40, (_i, x: Array) => x.sub(np.linalg.solve(jacobian(fn)(x) as Array, fn(x))), x0);
  return lax.customRoot(f, np.zerosLike(r), solve, (g, y) => np.linalg.solve(jacobian(g)(y) as Array, y));
};

describe("lax.customRoot: JAX 0.10.2's values", () => {
  it("scalar root: value, first and second derivatives", () => {
    const two = f64(2);
    close(sqrtRoot(two), 1.4142135623730951);
    close(grad(sqrtRoot)(two), 0.35355339059327373);
    close(grad(grad(sqrtRoot))(two), -0.08838834764831842);
    checkGrads(sqrtRoot, [f64([2, 3.5])], { order: 2 });
  });

  it("vector root: gradients in the closed-over A and b", () => {
    close(vroot(A, b), [0.20351442367289452, 0.8643917691759969, -0.08571420563138406]);
    const [gA, gb] = grad((a: Array, r: Array) => np.sum(vroot(a, r).mul(weights)), { argnums: [0, 1] })(A, b);
    close(gA, [-0.05242784099468294, -0.22267804617284057, 0.02208104301762213, 0.05176815811798038, 0.21987615902107507, -0.021803204264354854, -0.38320178383312203, -1.62758227107923, 0.1613931627302151]);
    close(gb, [0.2576124092263326, -0.25437095407638777, 1.8829219910675035]);
    checkGrads(vroot, [A, b], { order: 2 });
  });

  it("vmap against a loop; jit against eager, twice", () => {
    const as = f64([2, 3, 5]);
    close(vmap(sqrtRoot)(as), [Math.SQRT2, Math.sqrt(3), Math.sqrt(5)], 1e-14);
    close(vmap(grad(sqrtRoot))(as), [2, 3, 5].map((v) => 0.5 / Math.sqrt(v)), 1e-13);
    const g = jit(grad((a: Array, r: Array) => np.sum(vroot(a, r).mul(weights))));
    const want = values(grad((a: Array, r: Array) => np.sum(vroot(a, r).mul(weights)))(A, b));
    for (let k = 0; k < 2; k++) close(g(A, b), want, 1e-12);
  });

  it("hasAux: the solver's diagnostics come back and get zero tangents", () => {
    const withAux = (a: Array): [Array, Array] =>
      lax.customRoot(
        (x: Array) => np.square(x).sub(a),
        np.onesLike(a),
        (f, x0) => {
          const x = lax.foriLoop(0, 30, (_i, v: Array) => v.sub(f(v).div(v.mul(2))), x0);
          return [x, f(x)];
        },
        (g, y) => y.div(g(np.onesLike(y))),
        { hasAux: true },
      ) as unknown as [Array, Array];
    const three = f64(3);
    const [x, residual] = withAux(three);
    close(x, Math.sqrt(3), 1e-15);
    expect(Math.abs(residual.item() as number)).toBeLessThan(1e-14);
    close(grad((a: Array) => withAux(a)[0])(three), 0.2886751345948129);
    expect(grad((a: Array) => withAux(a)[1])(three).item()).toBe(0);
  });

  it("JAX's errors", () => {
    expect(() => lax.customRoot((x: Array) => x.sub(1), f64(1), (_f, x) => x, (_g, y) => y, { hasAux: true })).toThrow(
      "solve() produced a pytree with structure *, but a pytree tuple with auxiliary output was expected because has_aux was set to True.",
    );
    expect(() => lax.customRoot((x: Array) => [x] as unknown as Array, f64(1), (_f, x) => x, (_g, y) => y)).toThrow(
      new TypeError("f() output pytree structure must match initial_guess, got [*] and *."),
    );
  });
});
