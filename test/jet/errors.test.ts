// jet's errors: a primitive without a jet rule, and malformed primals/series (JAX's wording
// where jet.py has a check; dprog adds a shape/dtype check jet.py lacks).
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jet } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { expectClose, f64 } from "./util.js";

const x = f64([0.1, 0.2, 0.3]);
const one = (y: Array): Array[] => [np.onesLike(y), np.zerosLike(y)];

describe("jet errors", () => {
  it("a primitive without a jet rule raises NotImplementedError naming it", () => {
    const cases: [string, (y: Array) => unknown][] = [
      ["reduce_prod", (y) => np.prod(y)],
      ["sort", (y) => np.sort(y)],
      // a foriLoop with static bounds is a scan, as in JAX (whose jet raises KeyError: scan for it)
      ["scan", (y) => lax.foriLoop(0, 3, (_i, c: Array) => lax.mul(c, y), y)],
      ["while", (y) => lax.whileLoop((c: Array) => lax.lt(np.sum(c), 10), (c: Array) => lax.mul(c, lax.add(y, 1)), y)],
      ["cond", (y) => lax.cond(lax.gt(np.sum(y), 100), (a: Array) => lax.sin(a), (a: Array) => lax.cos(a), y)],
      ["scan", (y) => lax.scan((c: Array, a: Array) => [lax.add(c, a), c] as [Array, Array], f64(0), y)],
    ];
    for (const [prim, f] of cases) {
      let error: unknown = null;
      try {
        jet(f, [x], [one(x)]);
      } catch (e) {
        error = e;
      }
      expect(error, prim).toBeInstanceOf(Error);
      expect((error as Error).name, prim).toBe("NotImplementedError");
      expect((error as Error).message, prim).toBe(`Jet rule for '${prim}' not implemented`);
    }
  });

  it("unsupported primitives whose inputs have no series run as usual (JAX binds them)", () => {
    const c = f64([3, 1, 2]);
    const [y, [t1]] = jet((a: Array) => lax.mul(a, np.prod(np.sort(c))), [x], [one(x)]);
    expectClose(y, [0.6, 1.2, 1.8], 1e-15, 0, "primal");
    expectClose(t1!, [6, 6, 6], 0, 0, "series");
  });

  it("series of different lengths: JAX's ValueError", () => {
    expect(() => jet((a: Array, b: Array) => lax.mul(a, b), [x, x], [one(x), [np.onesLike(x)]])).toThrow("jet terms have inconsistent lengths for different arguments");
    expect(() => jet(np.sin, [], [])).toThrow("jet terms have inconsistent lengths for different arguments");
  });

  it("non-array primals and terms: JAX's ValueError", () => {
    expect(() => jet((a: unknown) => a as Array, [[x, x] as unknown as Array], [one(x)])).toThrow("primal value at position 0 is not an array");
    expect(() => jet(np.sin, [x], [[np.onesLike(x), { a: x } as unknown as Array]])).toThrow("term 1 for argument 0 is not an array");
  });

  it("a term whose shape or dtype differs from its primal raises TypeError", () => {
    expect(() => jet(np.sin, [x], [[f64([1, 2])]])).toThrow(/primal and series arguments to jet must have equal types and shapes; got primal f64\[3\] at position 0 and term 0 for it f64\[2\]/);
    expect(() => jet(np.sin, [x], [[np.ones([3], { dtype: "float32" })]])).toThrow(TypeError);
    // a weakly typed term (a JS number) adopts the primal's dtype, as in JAX
    const [, [t]] = jet(np.sin, [f64(0.5)], [[1]]);
    expect(t!.dtype).toBe("float64");
  });

  it("an integer input's series is ignored (its tangent is float0, as in jvp)", () => {
    const i = np.array([1, 2], { dtype: "int32" });
    const [y, [t1]] = jet((a: Array, k: Array) => lax.mul(a, lax.convertElementType(k, "float64")), [f64([1, 1]), i], [[f64([1, 1])], [np.array([5, 5], { dtype: "int32" })]]);
    expectClose(y, [1, 2], 0, 0, "primal");
    expectClose(t1!, [1, 2], 0, 0, "series");
  });

  it("a boolean output (a comparison) has zero terms of its dtype", () => {
    const [y, [t1, t2]] = jet((a: Array) => lax.gt(a, 0.15), [x], [one(x)]);
    expect(y.tolist()).toEqual([false, true, true]);
    expect(t1!.dtype).toBe("bool");
    expect(t2!.tolist()).toEqual([false, false, false]);
  });

  it("order 0: the primal output and empty series", () => {
    const [y, terms] = jet((a: Array) => np.max(np.sin(a)), [x], [[]]);
    expectClose(y, [Math.sin(0.3)], 1e-15, 0, "primal");
    expect(terms).toEqual([]);
  });

  it("one list of terms per primal", () => {
    expect(() => jet((a: Array) => a, [x, x], [one(x)])).toThrow(/one list of terms per primal/);
  });
});
