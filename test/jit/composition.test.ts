// jit composed with the other transforms, checked against analytic derivatives, finite
// differences (checkGrads) and per-example loops: grad(jit), jit(grad), jit(vmap), vmap(jit),
// jit(vmap(grad)), jacobians and hessians under jit, nested jits (inlined when compiled), custom
// rules and checkpoint inside jit, pytrees, closures over concrete arrays and over outer tracers.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jit, grad, valueAndGrad, vmap, jvp, vjp, linearize, jacfwd, jacrev, hessian, customJvp, customVjp, checkpoint, makeJaxpr } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";
import { mulberry32 } from "../util/random.js";

const rand = mulberry32(5);
const f64 = (v: number[] | number, shape?: number[]): Array =>
  np.array(typeof v === "number" ? v : new Float64Array(v), { dtype: "float64", ...(shape ? { shape } : {}) });
const randn = (shape: number[]): Array => {
  const n = shape.reduce((a, b) => a * b, 1);
  return f64(globalThis.Array.from({ length: n }, () => 2 * rand() - 1), shape);
};
const A = (x: unknown): Array => x as Array;
const list = (x: unknown): number[] => [...A(x).dataSync()].map(Number);

function expectClose(actual: unknown, expected: unknown, tol = 1e-12): void {
  const a = A(actual);
  const e = A(expected);
  expect(a.shape).toEqual(e.shape);
  const av = list(a);
  const ev = list(e);
  av.forEach((v, i) => {
    if (!(Math.abs(v - ev[i]!) <= tol * (1 + Math.abs(ev[i]!)))) throw new Error(`element ${i}: got ${v}, expected ${ev[i]}\n  got      ${av}\n  expected ${ev}`);
  });
}

/** The primitive names in a closed jaxpr, including nested sub-jaxprs. */
function allPrimitives(closed: { jaxpr: { eqns: readonly { primitive: string; params: object }[] } }): string[] {
  const out: string[] = [];
  const walk = (j: { eqns: readonly { primitive: string; params: object }[] }): void => {
    for (const e of j.eqns) {
      out.push(e.primitive);
      for (const v of Object.values(e.params)) {
        if (v && typeof v === "object" && "jaxpr" in v && (v as { jaxpr: unknown }).jaxpr && typeof (v as { jaxpr: object }).jaxpr === "object" && "eqns" in (v as { jaxpr: object }).jaxpr) walk((v as { jaxpr: { eqns: [] } }).jaxpr);
      }
    }
  };
  walk(closed.jaxpr);
  return out;
}

// f(x) = sum(sin(x) * x): grad = cos(x) * x + sin(x); hessian = diag(2 cos(x) - x sin(x)).
const f = (x: Array): Array => np.sum(np.multiply(np.sin(x), x));
const df = (x: Array): Array => np.add(np.multiply(np.cos(x), x), np.sin(x));
const d2f = (x: Array): Array => np.subtract(np.multiply(np.cos(x), 2), np.multiply(x, np.sin(x)));

describe("grad and jit", () => {
  const x = f64([0.3, -1.2, 2.5]);

  it("grad(jit(f)) and jit(grad(f)) give the analytic gradient", () => {
    expectClose(grad(jit(f))(x), df(x));
    expectClose(jit(grad(f))(x), df(x));
    expectClose(jit(grad(jit(f)))(x), df(x));
  });

  it("second order: grad of grad through jit, and the hessian diagonal", () => {
    const s = f64(0.7);
    const g2 = (fn: (x: Array) => Array): unknown => grad(grad(fn))(s);
    expectClose(g2(jit(f)), d2f(s));
    expectClose(jit(grad(jit(grad(f))))(s), d2f(s));
    expectClose(grad(jit(grad(jit(f))))(s), d2f(s));
  });

  it("checkGrads (finite differences) of jit(f) at order 2, forward and reverse", () => {
    const g = (x: Array, y: Array): Array => np.sum(np.multiply(np.tanh(np.add(np.multiply(x, y), 0.3)), np.exp(np.negative(np.multiply(x, x)))));
    checkGrads(jit(g), [randn([4]), randn([4])], { order: 2, modes: ["fwd", "rev"] });
    checkGrads(jit(grad(g, { argnums: [0, 1] }) as (x: Array, y: Array) => unknown), [randn([3]), randn([3])], { order: 1, modes: ["fwd", "rev"] });
  });

  it("jvp, vjp, linearize and valueAndGrad of a jitted function", () => {
    const t = f64([1, 0, 0]);
    const [y, ty] = jvp(jit(f), [x], [t]);
    expectClose(y, f(x));
    expectClose(ty, df(x).get(0));
    const [out, pullback] = vjp(jit(f), x);
    expectClose(out, f(x));
    expectClose(pullback(f64(2))[0], np.multiply(df(x), 2));
    const [lout, fJvp] = linearize(jit(f), x);
    expectClose(lout, f(x));
    expectClose(fJvp(t), df(x).get(0));
    const [[v, aux], gr] = valueAndGrad(jit((x: Array) => [f(x), np.max(x)]), { hasAux: true })(x) as [[Array, Array], Array];
    expectClose(v, f(x));
    expectClose(aux, f64(2.5));
    expectClose(gr, df(x));
  });

  it("grad with argnums through a jitted function with a non-differentiated int input", () => {
    const g = jit((w: Array, idx: Array) => np.sum(np.multiply(w.get(idx), w.get(idx))));
    const w = f64([1, 2, 3, 4]);
    const idx = np.array([3, 0, 3], { dtype: "int32" });
    // d/dw sum(w[idx]^2) = 2 w[k] * count(k in idx)
    expectClose(grad(g)(w, idx), f64([2, 0, 0, 16]));
  });
});

describe("vmap and jit", () => {
  const g = (x: Array, w: Array): Array => np.dot(w, np.tanh(x));
  const xs = randn([5, 3]);
  const w = randn([3]);
  const perExample = (fn: (x: Array, w: Array) => Array): Array => np.stack([0, 1, 2, 3, 4].map((i) => fn(xs.get(i), w)), 0);

  it("jit(vmap(f)) and vmap(jit(f)) equal the per-example loop", () => {
    const want = perExample(g);
    expectClose(jit(vmap(g, { inAxes: [0, null] }))(xs, w), want);
    expectClose(vmap(jit(g), { inAxes: [0, null] })(xs, w), want);
    expectClose(jit(vmap(jit(g), { inAxes: [0, null] }))(xs, w), want);
  });

  it("batch axis not at 0, and outAxes", () => {
    const h = (x: Array): Array => np.multiply(np.cumsum(x, 0), 2);
    const xt = randn([3, 4]); // batch along axis 1
    const want = np.stack([0, 1, 2, 3].map((i) => h(xt.get(":", i))), 1);
    expectClose(vmap(jit(h), { inAxes: 1, outAxes: 1 })(xt), want);
    expectClose(jit(vmap(h, { inAxes: 1, outAxes: 1 }))(xt), want);
  });

  it("nested vmap of jit, and vmap of jit with staticArgnums", () => {
    const jp = jit((x: Array, k: number) => np.multiply(np.sum(x), k), { staticArgnums: 1 });
    const x = randn([2, 3, 4]);
    const got = vmap(vmap((r: Array) => jp(r, 3)))(x);
    expectClose(got, np.multiply(np.sum(x, 2), 3));
  });

  it("jit(vmap(grad(f))) with inAxes [null, 0, 0]: per-example gradients of a loss", () => {
    const loss = (p: Array, x: Array, y: Array): Array => np.square(np.subtract(np.dot(p, x), y));
    const p = randn([3]);
    const X = randn([6, 3]);
    const Y = randn([6]);
    const perEx = jit(vmap(grad(loss), { inAxes: [null, 0, 0] }));
    const got = perEx(p, X, Y);
    expect(A(got).shape).toEqual([6, 3]);
    // Analytic: 2 (p.x - y) x
    const resid = np.subtract(np.matmul(X, p), Y);
    expectClose(got, np.multiply(np.expandDims(np.multiply(resid, 2), 1), X));
    // And against the loop of grad calls.
    const loop = np.stack([0, 1, 2, 3, 4, 5].map((i) => A(grad(loss)(p, X.get(i), Y.get(i)))), 0);
    expectClose(got, loop);
  });

  it("vmap(grad(jit(f))) and grad of a sum of vmap(jit(f))", () => {
    const X = randn([4, 3]);
    expectClose(vmap(grad(jit(f)))(X), np.stack([0, 1, 2, 3].map((i) => df(X.get(i))), 0));
    const total = (X: Array): Array => np.sum(vmap(jit(f))(X));
    expectClose(grad(total)(X), df(X));
  });
});

describe("jacobians and hessians under jit", () => {
  // F(x) = [x0^2 x1, sin(x1) + x2^3]; J = [[2 x0 x1, x0^2, 0], [0, cos x1, 3 x2^2]].
  const F = (x: Array): Array => np.stack([np.multiply(np.square(x.get(0)), x.get(1)), np.add(np.sin(x.get(1)), np.power(x.get(2), 3))], 0);
  const x = f64([1.5, -0.5, 2]);
  const J = f64([2 * 1.5 * -0.5, 1.5 * 1.5, 0, 0, Math.cos(-0.5), 3 * 4], [2, 3]);

  it("jit(jacfwd(F)), jit(jacrev(F)), jacfwd(jit(F)), jacrev(jit(F))", () => {
    expectClose(jit(jacfwd(F))(x), J);
    expectClose(jit(jacrev(F))(x), J);
    expectClose(jacfwd(jit(F))(x), J);
    expectClose(jacrev(jit(F))(x), J);
  });

  it("jit(hessian(f)) and hessian(jit(f))", () => {
    const H = np.diag(d2f(x));
    expectClose(jit(hessian(f))(x), H);
    expectClose(hessian(jit(f))(x), H);
    // A non-diagonal hessian: g(x) = x0 x1 x2: H = [[0, x2, x1], [x2, 0, x0], [x1, x0, 0]].
    const g = (x: Array): Array => np.prod(x);
    expectClose(jit(hessian(g))(x), f64([0, 2, -0.5, 2, 0, 1.5, -0.5, 1.5, 0], [3, 3]));
  });
});

describe("nested jit", () => {
  const inner = jit(function inner(x: Array) {
    return np.multiply(np.sin(x), 2);
  });
  const outer = (x: Array): Array => np.add(inner(x), inner(np.multiply(x, 3)));
  const x = f64([0.1, 0.2]);

  it("makeJaxpr(jit(g)) shows a pjit carrying g's jaxpr and name", () => {
    const text = makeJaxpr(inner)(x).toString();
    expect(text).toMatch(/pjit\[/);
    expect(text).toContain("name=inner");
    expect(text).toContain("sin");
    const outerText = makeJaxpr(jit(outer))(x).toString();
    // The outer pjit's jaxpr contains the two inner pjits.
    expect(outerText.match(/pjit\[/g)?.length).toBe(3);
  });

  it("lower().jaxpr keeps the inner pjits; lower().optimizedJaxpr has them inlined", () => {
    const lowered = jit(outer).lower(x);
    expect(allPrimitives(lowered.jaxpr).filter((p) => p === "pjit").length).toBe(2);
    const opt = allPrimitives(lowered.optimizedJaxpr);
    expect(opt).not.toContain("pjit");
    expect(opt.filter((p) => p === "sin").length).toBe(2);
    expect(lowered.optimizedJaxpr.toString()).not.toContain("pjit");
  });

  it("values and gradients through nested jits", () => {
    const want = np.add(np.multiply(np.sin(x), 2), np.multiply(np.sin(np.multiply(x, 3)), 2));
    expectClose(jit(outer)(x), want);
    const dwant = np.add(np.multiply(np.cos(x), 2), np.multiply(np.cos(np.multiply(x, 3)), 6));
    expectClose(grad((x: Array) => np.sum(jit(outer)(x)))(x), dwant);
    expectClose(jit(grad((x: Array) => np.sum(jit(outer)(x))))(x), dwant);
  });

  it("three levels deep, each with its own closure constant", () => {
    const c1 = f64([1, 2]);
    const c2 = f64([10, 20]);
    const l1 = jit((x: Array) => np.multiply(x, c1));
    const l2 = jit((x: Array) => np.add(l1(x), c2));
    const l3 = jit((x: Array) => np.sum(l2(np.square(x))));
    expectClose(l3(f64([3, 4])), f64(9 + 10 + 32 + 20));
    expectClose(grad(l3)(f64([3, 4])), f64([6, 16]));
  });
});

describe("custom rules and checkpoint inside jit", () => {
  // sin with a deliberately wrong derivative: d/dx = 42 (times the tangent).
  const weird = customJvp((x: Array) => np.sin(x)).defjvp(([x], [t]) => [np.sin(x as Array), np.multiply(t as Array, 42)]);
  const s = f64(0.5);

  it("customJvp keeps its rule: grad(jit), jit(grad), jvp(jit), vmap(grad(jit))", () => {
    expect(A(weird(s)).item()).toBeCloseTo(Math.sin(0.5), 14);
    expect(A(jit(weird)(s)).item()).toBeCloseTo(Math.sin(0.5), 14);
    expect(A(grad(jit(weird))(s)).item()).toBe(42);
    expect(A(jit(grad(weird))(s)).item()).toBe(42);
    expect(A(jit(grad((x: Array) => jit(weird)(x)))(s)).item()).toBe(42);
    expect(A(jvp(jit(weird), [s], [f64(2)])[1]).item()).toBe(84);
    expect(list(vmap(grad(jit(weird)))(f64([0.1, 0.2])))).toEqual([42, 42]);
    expect(list(jit(vmap(grad(weird)))(f64([0.1, 0.2])))).toEqual([42, 42]);
  });

  it("customJvp inside jit: the staged program carries the rule (custom_jvp_call)", () => {
    const text = makeJaxpr(jit((x: Array) => np.multiply(weird(x), 2)))(s).toString();
    expect(text).toContain("custom_jvp_call");
    // Composed with other ops: d/dx [weird(x) * x] = 42 x + sin x.
    expect(A(grad(jit((x: Array) => np.multiply(weird(x), x)))(s)).item()).toBeCloseTo(42 * 0.5 + Math.sin(0.5), 13);
  });

  it("customJvp second order under jit uses the rule's own derivative (42 is constant: 0)", () => {
    expect(A(grad(grad(jit(weird)))(s)).item()).toBe(0);
    expect(A(jit(grad(grad(weird)))(s)).item()).toBe(0);
  });

  it("customVjp keeps its bwd under jit (gradient clipping)", () => {
    const clip = customVjp((x: Array) => x).defvjp(
      (x: Array) => [x, null],
      (_res: never, g: never) => [np.clip(g as unknown as Array, -1, 1)],
    );
    const h = (x: Array): Array => np.multiply(clip(x), 10);
    expect(A(grad(jit(h))(f64(3))).item()).toBe(1);
    expect(A(jit(grad(h))(f64(3))).item()).toBe(1);
    expect(A(jit(h)(f64(3))).item()).toBe(30);
    expect(list(jit(vmap(grad(h)))(f64([1, -2])))).toEqual([1, 1]);
    expect(makeJaxpr(jit(h))(f64(3)).toString()).toContain("custom_vjp_call");
  });

  it("customVjp with residuals under jit, and grad of grad", () => {
    // cube with a bwd that says 3 x^2 * 2 (twice the true derivative), residual x.
    const cube = customVjp((x: Array) => np.power(x, 3)).defvjp(
      (x: Array) => [np.power(x, 3), x],
      (x: never, g: never) => [np.multiply(np.multiply(np.square(x as unknown as Array), 6), g as unknown as Array)],
    );
    expect(A(grad(jit(cube))(f64(2))).item()).toBe(24);
    expect(A(jit(grad(cube))(f64(2))).item()).toBe(24);
    // grad of grad differentiates bwd: d/dx 6 x^2 = 12 x.
    expect(A(grad(grad(jit(cube)))(f64(2))).item()).toBe(24);
  });

  it("checkpoint inside jit: same gradient, and forward replay in the gradient program", () => {
    const g = (x: Array): Array => np.sum(np.multiply(np.sin(np.sin(x)), x));
    const x = f64([0.3, 0.9]);
    const want = grad(g)(x);
    expectClose(grad(jit(checkpoint(g)))(x), want, 1e-14);
    expectClose(jit(grad(checkpoint(g)))(x), want, 1e-14);
    expectClose(jit(grad((x: Array) => jit(checkpoint(g))(x)))(x), want, 1e-14);
    expectClose(hessian(jit(checkpoint(g)))(x), hessian(g)(x), 1e-12);
    expect(makeJaxpr(jit(checkpoint(g)))(x).toString()).toContain("checkpoint");
  });
});

describe("pytrees and closures", () => {
  it("pytree inputs and outputs", () => {
    const model = (params: { w: Array; b: Array }, batch: [Array, Array]): { loss: Array; preds: Array[] } => {
      const [x, y] = batch;
      const pred = np.add(np.matmul(x, params.w), params.b);
      return { loss: np.mean(np.square(np.subtract(pred, y))), preds: [pred, np.negative(pred)] };
    };
    const params = { w: randn([3]), b: f64(0.5) };
    const batch: [Array, Array] = [randn([4, 3]), randn([4])];
    const eager = model(params, batch);
    const jitted = jit(model)(params, batch);
    expect(Object.keys(jitted).sort()).toEqual(["loss", "preds"]);
    expectClose(jitted.loss, eager.loss, 1e-15);
    expectClose(jitted.preds[1], eager.preds[1], 1e-15);
    const gr = grad((p: typeof params) => jit(model)(p, batch).loss)(params) as typeof params;
    const want = grad((p: typeof params) => model(p, batch).loss)(params) as typeof params;
    expectClose(gr.w, want.w, 1e-14);
    expectClose(gr.b, want.b, 1e-14);
  });

  it("closures over concrete arrays are constants: values, gradients and batching", () => {
    const W = randn([3, 3]);
    const g = jit((x: Array) => np.sum(np.tanh(np.matmul(W, x))));
    const x = randn([3]);
    const eager = np.sum(np.tanh(np.matmul(W, x)));
    expectClose(g(x), eager, 1e-15);
    // grad = W^T (1 - tanh^2(W x))
    const t = np.tanh(np.matmul(W, x));
    expectClose(grad(g)(x), np.matmul(W.T, np.subtract(1, np.square(t))), 1e-14);
    const X = randn([2, 3]);
    expectClose(vmap(g)(X), np.stack([g(X.get(0)), g(X.get(1))], 0), 1e-15);
  });

  it("jit inside a grad closure capturing an outer tracer", () => {
    const x0 = f64([0.5, 1.5]);
    // G(y) = sum(sin(x0 * y)): dG/dy = sum(cos(x0 y) x0). The jitted function closes over y's tracer.
    const G = (y: Array): Array => jit((x: Array) => np.sum(np.sin(np.multiply(x, y))))(x0);
    const dG = (y: number): number => Math.cos(0.5 * y) * 0.5 + Math.cos(1.5 * y) * 1.5;
    expect(A(grad(G)(f64(0.7))).item()).toBeCloseTo(dG(0.7), 14);
    // A second call with another y must not reuse the first call's captured tracer.
    expect(A(grad(G)(f64(-1.1))).item()).toBeCloseTo(dG(-1.1), 14);
    // And under jit and vmap.
    expect(A(jit(grad(G))(f64(0.7))).item()).toBeCloseTo(dG(0.7), 14);
    expect(list(vmap(grad(G))(f64([0.7, -1.1])))).toEqual([expect.closeTo(dG(0.7), 13), expect.closeTo(dG(-1.1), 13)]);
  });

  it("vmap over a value captured by a jitted closure", () => {
    const x0 = f64([1, 2, 3]);
    const h = (s: Array): Array => jit((x: Array) => np.multiply(x, s))(x0);
    expectClose(vmap(h)(f64([1, 10])), f64([1, 2, 3, 10, 20, 30], [2, 3]));
  });

  it("grad through both a closed-over tracer and the argument of the same jitted function", () => {
    // H(a) = sum(jit(x => x * a * a)(a)) = sum(a^3): dH/da = 3 a^2.
    const H = (a: Array): Array => np.sum(jit((x: Array) => np.multiply(np.multiply(x, a), a))(a));
    expectClose(grad(H)(f64([1, 2])), f64([3, 12]));
  });

  it("lax-level programs: a jitted scatter-add's gradient routes cotangents to the gathered rows", () => {
    const g = jit((x: Array, idx: Array) => np.sum(np.square(lax.dynamicSlice(x.at(idx).add(1), [1], [2]))));
    const x = f64([1, 2, 3, 4]);
    const idx = np.array([1, 1], { dtype: "int32" });
    // x.at([1,1]).add(1) = [1, 4, 3, 4]; slice [4, 3]; d/dx sum(s^2) = [0, 8, 6, 0]
    expectClose(grad(g)(x, idx), f64([0, 8, 6, 0]));
  });
});
