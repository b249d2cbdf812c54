// debug.callback (jax.debug.callback): the function runs with concrete Arrays holding each run's
// values, eagerly, under jit (every call, never at trace time), vmap (once, with the batched
// values) and grad (in the forward pass, with the primal values), and its arguments are pytrees.
import { describe, it, expect, expectTypeOf } from "vitest";
import { numpy as np, jit, grad, vmap, valueAndGrad, debug, makeJaxpr, Array } from "../../src/index.js";

const f64 = (v: number | number[] | number[][]): Array => np.array(v, { dtype: "float64" });

describe("debug.callback", () => {
  it("eager: calls at once with the values; arguments are typed as Arrays", () => {
    const seen: unknown[] = [];
    debug.callback(
      (x, p, s) => {
        expectTypeOf(x).toEqualTypeOf<Array>();
        expectTypeOf(p).toEqualTypeOf<{ w: Array; n: Array }>();
        expectTypeOf(s).toEqualTypeOf<Array>();
        seen.push(x.tolist(), p.w.tolist(), p.n.item(), s.item());
      },
      f64([1, 2]),
      { w: f64(3), n: 4 },
      5,
    );
    expect(seen).toEqual([[1, 2], 3, 4, 5]);
  });

  it("under jit: runs on every call with that call's values, traced once, survives DCE", () => {
    let traces = 0;
    const got: number[][] = [];
    const jf = jit((x: Array) => {
      traces++;
      debug.callback((v) => got.push(v.tolist() as number[]), x.mul(2));
      return x.add(1);
    });
    expect(jf(f64([1, 2])).tolist()).toEqual([2, 3]);
    expect(jf(f64([3, 4])).tolist()).toEqual([4, 5]);
    expect(traces).toBe(1);
    expect(got).toEqual([[2, 4], [6, 8]]);
    // Nothing runs while tracing: makeJaxpr records the call without calling.
    const staged: number[] = [];
    const jaxpr = makeJaxpr((x: Array) => {
      debug.callback(() => staged.push(1), x);
      return x;
    })(f64(1));
    expect(staged).toEqual([]);
    expect(jaxpr.toString()).toContain("debug_callback");
  });

  it("the Arrays it gets can be kept: they are copies, not buffers the program reuses", () => {
    const kept: Array[] = [];
    const jf = jit((x: Array) => {
      const y = x.mul(x);
      debug.callback((v) => kept.push(v), y);
      return y.sum();
    });
    jf(f64([1, 2]));
    jf(f64([3, 4]));
    expect(kept.map((k) => k.tolist())).toEqual([[1, 4], [9, 16]]);
  });

  it("under vmap: called once per example, in order (JAX unrolls debug_callback over the mapped axis)", () => {
    const calls: unknown[] = [];
    const vf = vmap((x: Array, y: Array) => {
      debug.callback((a, b) => calls.push([a.shape, a.tolist(), b.tolist()]), x, y);
      return x.mul(y);
    }, { inAxes: [0, null] });
    const out = vf(f64([[1, 2], [3, 4], [5, 6]]), f64(10));
    expect(out.tolist()).toEqual([[10, 20], [30, 40], [50, 60]]);
    // Each call sees one example's x; y is unmapped and passed as it is.
    expect(calls).toEqual([
      [[2], [1, 2], 10],
      [[2], [3, 4], 10],
      [[2], [5, 6], 10],
    ]);
    // A mapped axis other than 0: each call sees one column.
    const cols: unknown[] = [];
    vmap((c: Array) => {
      debug.callback((v) => cols.push(v.tolist()), c);
      return c;
    }, { inAxes: 1 })(f64([[1, 2], [3, 4]]));
    expect(cols).toEqual([
      [1, 3],
      [2, 4],
    ]);
    // Nested vmap and jit: one call per example of both axes, row-major.
    const seen: number[] = [];
    jit(vmap(vmap((v: Array) => {
      debug.callback((a) => seen.push(a.item() as number), v);
      return v;
    })))(f64([[1, 2, 3], [4, 5, 6]]));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("under grad: called in the forward pass with primal values, once", () => {
    const got: number[] = [];
    const f = (x: Array): Array => {
      const y = np.sin(x);
      debug.callback((v) => got.push(v.item()), y);
      return y.mul(x);
    };
    const g = grad(f)(f64(0.5));
    expect(g.item()).toBeCloseTo(Math.cos(0.5) * 0.5 + Math.sin(0.5), 12);
    expect(got).toHaveLength(1);
    expect(got[0]).toBeCloseTo(Math.sin(0.5), 12);
    // jit(valueAndGrad) runs it on every call.
    got.length = 0;
    const vg = jit(valueAndGrad(f));
    vg(f64(0.5));
    vg(f64(1));
    expect(got.map((v) => Number(v.toFixed(9)))).toEqual([Math.sin(0.5), Math.sin(1)].map((v) => Number(v.toFixed(9))));
  });

  it("rejects a function that is not callable and a leaf that is not an array value", () => {
    // @ts-expect-error the first argument must be a function
    expect(() => debug.callback(5, f64(1))).toThrow(/callable/);
    // @ts-expect-error a string is not a pytree leaf the callback can receive
    expect(() => debug.callback((s: Array) => s, "text")).toThrow(/debug.callback argument/);
  });
});
