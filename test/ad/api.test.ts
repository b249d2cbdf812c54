// The autodiff API: values against analytic derivatives, composition, JAX's conventions and errors.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jvp, vjp, linearize, valueAndGrad, jacfwd, jacrev, hessian, customJvp, customVjp, checkpoint, makeJaxpr, ConcretizationTypeError } from "../../src/index.js";
import type { Array } from "../../src/index.js";

const f64 = (v: number | number[] | number[][]): Array => np.array(v as number[], { dtype: "float64" });
const num = (x: unknown): number => (x as Array).item() as number;
const list = (x: unknown): unknown => (x as Array).tolist();

describe("grad and friends", () => {
  it("matches analytic derivatives", () => {
    const f = (x: Array) => np.sin(x).mul(x).sum();
    const x = f64([0.5, 1, 2]);
    const expected = [0.5, 1, 2].map((v) => Math.cos(v) * v + Math.sin(v));
    (list(grad(f)(x)) as number[]).forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 12));
  });

  it("has no perturbation confusion: grad(x => x * grad(y => x + y)(1))(1) is 1", () => {
    expect(num(grad((x: Array) => x.mul(grad((y: Array) => x.add(y))(f64(1))))(f64(1)))).toBe(1);
  });

  it("computes third derivatives by composition", () => {
    const d3 = grad(grad(grad((x: Array) => np.sin(x))));
    expect(num(d3(f64(0.7)))).toBeCloseTo(-Math.cos(0.7), 12);
  });

  it("differentiates grad of grad of a closure", () => {
    const a = f64(3);
    const g = grad(grad((x: Array) => a.mul(x).mul(x).mul(x)));
    expect(num(g(f64(2)))).toBeCloseTo(6 * 3 * 2, 12);
  });

  it("supports argnums arrays and hasAux", () => {
    const f = (x: Array, y: Array) => [x.mul(y).sum(), { norm: x.sum() }];
    const [[value, aux], grads] = valueAndGrad(f, { argnums: [0, 1], hasAux: true })(f64([1, 2]), f64([3, 4])) as [[Array, { norm: Array }], Array[]];
    expect(value.item()).toBe(11);
    expect(aux.norm.item()).toBe(3);
    expect(grads.map((g) => g.tolist())).toEqual([[3, 4], [1, 2]]);
    const [g, aux2] = grad(f, { hasAux: true })(f64([1, 2]), f64([3, 4])) as [Array, { norm: Array }];
    expect(g.tolist()).toEqual([3, 4]);
    expect(aux2.norm.item()).toBe(3);
  });

  it("takes pytrees of parameters", () => {
    const params = { w: f64([[1, 2], [3, 4]]), b: f64([0.5, -0.5]) };
    const loss = (p: typeof params, x: Array) => np.tanh(x.matmul(p.w).add(p.b)).sum();
    const g = grad(loss)(params, f64([1, 1])) as typeof params;
    const z = [1 * 1 + 1 * 3 + 0.5, 1 * 2 + 1 * 4 - 0.5];
    const dz = z.map((v) => 1 - Math.tanh(v) ** 2);
    (g.b.tolist() as number[]).forEach((v, i) => expect(v).toBeCloseTo(dz[i]!, 12));
    expect(g.w.shape).toEqual([2, 2]);
  });

  it("jvp, vjp and linearize agree", () => {
    const f = (x: Array) => np.exp(x).mul(2);
    const x = f64([0, 1]);
    const [out, t] = jvp(f, [x], [f64([1, 1])]) as [Array, Array];
    expect(list(out)).toEqual(list(t));
    const [, pullback] = vjp(f, x);
    expect(list(pullback(f64([1, 1]))[0])).toEqual(list(t));
    const [, fJvp] = linearize(f, x);
    expect(list(fJvp(f64([1, 1])))).toEqual(list(t));
  });

  it("jacfwd, jacrev and hessian for 2-D inputs", () => {
    const f = (x: Array) => np.sin(x).mul(x.sum());
    const x = f64([[0.1, 0.2], [0.3, 0.4]]);
    const jf = jacfwd(f)(x) as Array;
    const jr = jacrev(f)(x) as Array;
    expect(jf.shape).toEqual([2, 2, 2, 2]);
    (jf.dataSync() as Float64Array).forEach((v, i) => expect(v).toBeCloseTo(jr.dataSync()[i]!, 12));
    const h = hessian((v: Array) => np.sin(v).mul(v).sum())(f64([0.5, 1.5])) as Array;
    const d = (v: number) => 2 * Math.cos(v) - v * Math.sin(v);
    expect(h.tolist()).toEqual([[d(0.5), 0], [0, d(1.5)]].map((r) => r.map((v) => expect.closeTo(v, 12))));
  });
});

describe("jacobians over pytrees", () => {
  it("nest output structure outside input structure, and jacfwd equals jacrev", () => {
    const f = (p: { a: Array; b: Array }) => [p.a.mul(p.b.sum()), np.sin(p.a).sum()];
    const p = { a: f64([1, 2]), b: f64([[0.5, 1], [1.5, 2]]) };
    const jf = jacfwd(f)(p) as { a: Array; b: Array }[];
    const jr = jacrev(f)(p) as { a: Array; b: Array }[];
    expect(jf[0]!.a.shape).toEqual([2, 2]);
    expect(jf[0]!.b.shape).toEqual([2, 2, 2]);
    expect(jf[1]!.a.shape).toEqual([2]);
    expect(jf[0]!.a.tolist()).toEqual([[5, 0], [0, 5]]);
    expect(jf[0]!.b.tolist()).toEqual([[[1, 1], [1, 1]], [[2, 2], [2, 2]]]);
    expect(jf[1]!.a.tolist()).toEqual([Math.cos(1), Math.cos(2)]);
    for (let o = 0; o < 2; o++) for (const k of ["a", "b"] as const) expect(jr[o]![k].tolist()).toEqual(jf[o]![k].tolist());
  });
});

describe("data-dependent programs", () => {
  it("branches and loops on concrete values under grad, as JAX allows outside jit", () => {
    const f = (x: Array) => {
      let y = x;
      let steps = 0;
      while ((y.item() as number) < 100) {
        y = y.mul(y);
        steps++;
      }
      return (x.item() as number) > 0 ? y.mul(steps) : y.neg();
    };
    // x = 3: y = 3 -> 9 -> 81 -> 6561 (three squarings), f = 3 * x^8, f' = 24 x^7
    expect(num(grad(f)(f64(3)))).toBeCloseTo(24 * 3 ** 7, 6);
  });

  it("throws ConcretizationTypeError when a traced value is read while staging", () => {
    expect(() => makeJaxpr((x: Array) => ((x.item() as number) > 0 ? x : x.neg()))(f64(1))).toThrow(ConcretizationTypeError);
    expect(() => makeJaxpr(grad((x: Array) => ((x.item() as number) > 0 ? x : x.neg())))(f64(1))).toThrow(/Abstract tracer value/);
  });
});

describe("JAX's conventions at non-differentiable points", () => {
  it("max ties split the gradient, abs'(0) = 1, stopGradient blocks", () => {
    const [gx, gy] = grad((x: Array, y: Array) => np.maximum(x, y), { argnums: [0, 1] })(f64(1), f64(1)) as Array[];
    expect([gx!.item(), gy!.item()]).toEqual([0.5, 0.5]);
    expect(num(grad((x: Array) => np.abs(x))(f64(0)))).toBe(1);
    expect(num(grad((x: Array) => lax.stopGradient(x).mul(x))(f64(3)))).toBe(3);
  });

  it("where-gradients give NaN exactly where JAX does", () => {
    // The untaken branch's derivative (1/x at 0 = inf) times a zero cotangent is NaN, as in JAX.
    expect(num(grad((x: Array) => np.where(x.greater(0), np.log(x), 0))(f64(0)))).toBeNaN();
    // The double-where trick keeps it finite.
    const safe = (x: Array) => {
      const xs = np.where(x.greater(0), x, 1);
      return np.where(x.greater(0), np.log(xs), 0);
    };
    expect(num(grad(safe)(f64(0)))).toBe(0);
  });
});

describe("custom derivatives", () => {
  const relu = customJvp((x: Array) => np.maximum(x, 0)).defjvp(([x], [t]) => [np.maximum(x as Array, 0), np.where((x as Array).greater(0), t as Array, 0)]);

  it("customJvp replaces the rule, also in reverse mode and at second order", () => {
    expect(num(grad((x: Array) => relu(x))(f64(0)))).toBe(0);
    expect(num(grad((x: Array) => relu(x))(f64(2)))).toBe(1);
    expect(num(grad(grad((x: Array) => relu(x).mul(x)))(f64(2)))).toBe(2);
  });

  it("customVjp's bwd is used by grad, and jvp of it raises JAX's error", () => {
    const clipGradient = customVjp((x: Array) => x).defvjp(
      (x: Array) => [x, null],
      (_res: never, g: never) => [np.clip(g as unknown as Array, -1, 1)],
    );
    expect(num(grad((x: Array) => clipGradient(x).mul(10))(f64(3)))).toBe(1);
    expect(() => jvp((x: Array) => clipGradient(x), [f64(1)], [f64(1)])).toThrow("can't apply forward-mode autodiff (jvp) to a custom_vjp function.");
  });

  it("customVjp residuals and grad of grad through bwd", () => {
    const sq = customVjp((x: Array) => x.mul(x)).defvjp(
      (x: Array) => [x.mul(x), x],
      (x: never, g: never) => [(g as unknown as Array).mul(2).mul(x as unknown as Array)],
    );
    expect(num(grad((x: Array) => sq(x))(f64(3)))).toBe(6);
    expect(num(grad(grad((x: Array) => sq(x)))(f64(3)))).toBe(2);
  });
});

describe("errors in JAX's words", () => {
  it("non-scalar outputs, with the reshape hint for size 1", () => {
    expect(() => grad((x: Array) => x.mul(2))(f64([1, 2, 3]))).toThrow("Gradient only defined for scalar-output functions. Output had shape: (3,).");
    expect(() => grad((x: Array) => x.mul(2))(f64([1]))).toThrow(/reshape it to a scalar/);
  });
  it("integer inputs", () => {
    expect(() => grad((x: Array) => x.sum())(np.array([1, 2], { dtype: "int32" }))).toThrow(/grad requires real- or complex-valued inputs .* but got int32/);
  });
  it("hasAux misuse", () => {
    expect(() => grad((x: Array) => x.sum(), { hasAux: true })(f64([1]))).toThrow(/expected function with aux output to return a two-element array/);
  });
  it("cotangent shape mismatch in vjp", () => {
    const [, pullback] = vjp((x: Array) => x.mul(2), f64([1, 2]));
    expect(() => pullback(f64([1, 2, 3]))).toThrow(/Shape of cotangent input to vjp pullback function \(3,\) must be the same as the shape of corresponding primal input \(2,\)/);
  });
});

describe("jaxprs of grad", () => {
  it("contain only what the gradient needs", () => {
    const text = makeJaxpr(grad((x: Array) => np.sin(x).mul(x).sum()))(np.ones([3])).toString();
    expect(text).not.toMatch(/reduce_sum/); // the forward value is not needed
    expect(text).toMatch(/cos a/);
    expect(text.split("\n").length).toBeLessThanOrEqual(10);
  });
});

describe("checkpoint", () => {
  const f = (x: Array) => np.sin(np.sin(np.sin(x))).mul(x).sum();
  const x = f64([0.3, 0.7]);

  it("gives the same values and derivatives at every order", () => {
    expect(list(grad(checkpoint(f))(x))).toEqual(list(grad(f)(x)));
    expect(list(hessian(checkpoint(f))(x))).toEqual(list(hessian(f)(x)));
    expect(list(jvp(checkpoint(f), [x], [x])[1])).toEqual(list(jvp(f, [x], [x])[1]));
    const g = (s: Array) => f(x.mul(s));
    expect(num(grad(grad((s: Array) => checkpoint(g)(s)))(f64(1.5)))).toBeCloseTo(num(grad(grad(g))(f64(1.5))), 12);
  });

  it("saves only its inputs as residuals and recomputes the forward pass", () => {
    const residuals = (g: (x: Array) => Array): number => {
      const [, fJvp] = linearize(g, x);
      return makeJaxpr(fJvp)(x).jaxpr.constvars.length;
    };
    expect(residuals(f)).toBeGreaterThanOrEqual(3); // intermediates (cosines) are saved
    expect(residuals(checkpoint(f))).toBe(1); // only x
    const [, fJvp] = linearize(checkpoint(f), x);
    expect(makeJaxpr(fJvp)(x).toString()).toMatch(/sin a/); // the forward pass is replayed
  });
});
