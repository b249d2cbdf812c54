// jax.ensure_compile_time_eval: under jit, computations on concrete values inside the scope run
// eagerly (concrete results, not staged), while computations on traced arguments are traced.
import { describe, expect, it } from "vitest";
import { numpy as np, jit, grad, vmap, makeJaxpr, ensureCompileTimeEval } from "../../src/index.js";
import type { Array } from "../../src/index.js";

describe("ensureCompileTimeEval", () => {
  it("gives concrete values under jit, usable as shapes and in branches", () => {
    const f = jit((x: Array) => {
      const n = ensureCompileTimeEval(() => np.sum(np.arange(4)).item()); // 6
      const z = np.zeros([n]);
      return x.mul(n).add(np.sum(z));
    });
    expect(f(np.ones([2])).tolist()).toEqual([6, 6]);
    expect(f(np.ones([2])).tolist()).toEqual([6, 6]);
  });

  it("without it the same value is a tracer under jit (JAX's ConcretizationTypeError on item())", () => {
    const f = jit((x: Array) => x.mul(np.sum(np.arange(4)).item()));
    expect(() => f(np.ones([2]))).toThrow(/concrete|Concretization|tracer/i);
  });

  it("stages nothing for the concrete part: the jaxpr has no iota or reduce_sum", () => {
    const jaxpr = makeJaxpr((x: Array) => x.mul(ensureCompileTimeEval(() => np.sum(np.arange(4)))))(np.ones([2]));
    const prims = jaxpr.jaxpr.eqns.map((e) => e.primitive);
    expect(prims).not.toContain("iota");
    expect(prims).not.toContain("reduce_sum");
  });

  it("operations on traced arguments are still traced (and differentiate)", () => {
    const f = (x: Array) => ensureCompileTimeEval(() => np.sum(np.sin(x)));
    const x = np.array([0.5, 1.0], { dtype: "float64" });
    expect(jit(f)(x).item()).toBeCloseTo(Math.sin(0.5) + Math.sin(1), 12);
    expect(grad(f)(x).tolist()).toEqual([Math.cos(0.5), Math.cos(1)]);
    expect(vmap(f)(np.stack([x, x])).shape).toEqual([2]);
  });

  it("restores staging after the scope, also when it throws", () => {
    const f = jit((x: Array) => {
      expect(() => ensureCompileTimeEval(() => { throw new Error("inside"); })).toThrow("inside");
      return x.add(np.arange(2)); // staged as usual
    });
    expect(f(np.ones([2])).tolist()).toEqual([1, 2]);
    expect(() => ensureCompileTimeEval(3 as never)).toThrow("ensureCompileTimeEval expects a function");
  });
});
