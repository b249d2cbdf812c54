// Static types of jet: a strict program needs no casts. The expectTypeOf lines are checked by
// `tsc --noEmit -p .`; each case also runs jet, so the types describe what comes back.
import { describe, expect, expectTypeOf, it } from "vitest";
import { numpy as np, lax, jet, Array } from "../../src/index.js";
import type { SeriesOf } from "../../src/index.js";

const f64 = (v: number | number[]): Array => np.array(v, { dtype: "float64" });

describe("jet types", () => {
  it("Array -> Array: [Array, Array[]]", () => {
    const x = f64([0.1, 0.2]);
    const [y, terms] = jet((a: Array) => np.sin(a), [x], [[np.onesLike(x), np.zerosLike(x), np.zerosLike(x)]]);
    expectTypeOf(y).toEqualTypeOf<Array>();
    expectTypeOf(terms).toEqualTypeOf<Array[]>();
    expect(terms.length).toBe(3);
    expect(terms[2]!.shape).toEqual([2]);
  });

  it("a pytree output: its structure with a list of terms at each leaf (JAX's tree_unflatten)", () => {
    const x = f64(0.3);
    const [out, series] = jet((a: Array, b: Array) => ({ s: lax.sin(a), p: [lax.mul(a, b), 2] as [Array, number] }), [x, x], [[f64(1), f64(0)], [f64(0), f64(1)]]);
    expectTypeOf(out).toEqualTypeOf<{ s: Array; p: [Array, Array] }>();
    expectTypeOf(series).toEqualTypeOf<{ s: Array[]; p: [Array[], Array[]] }>();
    expectTypeOf(series).toEqualTypeOf<SeriesOf<{ s: Array; p: [Array, number] }>>();
    expect(series.p[0].length).toBe(2);
    // a = x + t, b = x + t^2/2: (ab)'' = a''b + 2a'b' + ab'' = 0 + 0 + x at t = 0
    expect(series.p[0][1]!.item()).toBeCloseTo(0.3, 12);
    expect(series.p[1][0]!.item()).toBe(0);
  });

  it("JS numbers are accepted as primals and terms", () => {
    const [y, [d1]] = jet(np.exp, [0], [[1]]);
    expectTypeOf(y).toEqualTypeOf<Array>();
    expect(y.item()).toBe(1);
    expect(d1!.item()).toBe(1);
  });
});
