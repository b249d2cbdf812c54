// pureCallback (jax.pure_callback): host functions of concrete arrays under jit, vmap (each
// vmapMethod, with call counts), customJvp, and JAX's errors for jvp/grad and a missing vmapMethod.
import { describe, expect, it } from "vitest";
import { numpy as np, jit, vmap, grad, jvp, customJvp, makeJaxpr, pureCallback, ShapeDtypeStruct } from "../../src/index.js";
import type { Array, PureCallbackVmapMethod } from "../../src/index.js";

const f32 = (v: number[] | number[][]): Array => np.array(v, { dtype: "float32" });
/** A host sin that records the shape of every call. */
function hostSin(): { fn: (x: Array) => Array; calls: string[] } {
  const calls: string[] = [];
  const fn = (x: Array): Array => {
    calls.push(`(${x.shape.join(",")})`);
    return np.array(globalThis.Array.from(x.dataSync(), Math.sin), { dtype: x.dtype }).reshape(x.shape);
  };
  return { fn, calls };
}
const sds = (x: Array): ShapeDtypeStruct => new ShapeDtypeStruct(x.shape, x.dtype);

describe("pureCallback", () => {
  const x = f32([0.5, 1, 2]);

  it("runs eagerly and returns the declared structure", () => {
    const { fn, calls } = hostSin();
    expect(pureCallback(fn, sds(x), x).tolist()).toEqual(np.sin(x).tolist());
    expect(calls).toEqual(["(3)"]);
    // Pytrees in and out; scalars become arrays of the declared dtype.
    const [s, n] = pureCallback(
      (p: { a: Array; b: Array }) => [p.a.add(p.b), 7],
      [new ShapeDtypeStruct([3], "float32"), new ShapeDtypeStruct([], "int32")],
      { a: x, b: x },
    );
    expect(s.tolist()).toEqual(x.mul(2).tolist());
    expect([n.dtype, n.tolist()]).toEqual(["int32", 7]);
  });

  it("runs at run time under jit, every call, never at trace time", () => {
    const { fn, calls } = hostSin();
    const f = jit((x: Array) => pureCallback(fn, sds(x), np.multiply(x, 2)).add(1));
    const expected = np.sin(x.mul(2)).add(1).tolist() as number[];
    for (let k = 0; k < 2; k++) (f(x).tolist() as number[]).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    expect(calls).toEqual(["(3)", "(3)"]);
    expect(makeJaxpr((x: Array) => pureCallback(fn, sds(x), x))(x).toString()).toMatch(/pure_callback\[callback=<function fn> result_avals=\(ShapedArray\(f32\[3\]\),\) vmap_method=None\] a/);
    expect(calls).toHaveLength(2); // tracing does not call it
  });

  it("is pure: dead-code elimination drops an unused call under jit", () => {
    const { fn, calls } = hostSin();
    const f = jit((x: Array) => {
      pureCallback(fn, sds(x), x);
      return x.add(1);
    });
    expect(f(x).tolist()).toEqual(x.add(1).tolist());
    expect(calls).toEqual([]);
  });

  const batch = f32([[0.5, 1, 2], [0.1, 0.2, 0.3]]);
  const y = f32([10, 20, 30]);
  const cases: [PureCallbackVmapMethod, string[]][] = [
    ["sequential", ["(3)|(3)", "(3)|(3)"]],
    ["sequential_unrolled", ["(3)|(3)", "(3)|(3)"]],
    ["expand_dims", ["(2,3)|(1,3)"]],
    ["broadcast_all", ["(2,3)|(2,3)"]],
    ["legacy_vectorized", ["(2,3)|(3)"]],
  ];
  for (const [vmapMethod, expectedCalls] of cases) {
    it(`vmap with vmapMethod "${vmapMethod}" (eager and under jit)`, () => {
      const calls: string[] = [];
      const host = (a: Array, b: Array): Array => {
        calls.push(`(${a.shape.join(",")})|(${b.shape.join(",")})`);
        return np.add(np.sin(a), b);
      };
      const f = (a: Array, b: Array): Array => pureCallback(host, new ShapeDtypeStruct([3], "float32"), a, b, { vmapMethod });
      const expected = np.add(np.sin(batch), y).tolist();
      expect(vmap(f, { inAxes: [0, null] })(batch, y).tolist()).toEqual(expected);
      expect(calls).toEqual(expectedCalls);
      calls.length = 0;
      const jf = jit(vmap(f, { inAxes: [0, null] }));
      expect(jf(batch, y).tolist()).toEqual(expected);
      expect(jf(batch, y).tolist()).toEqual(expected);
      expect(calls).toEqual([...expectedCalls, ...expectedCalls]);
      // A batch axis other than 0 is moved to the front.
      calls.length = 0;
      expect(vmap(f, { inAxes: [1, null], outAxes: 1 })(batch.T, y).tolist()).toEqual(np.add(np.sin(batch), y).T.tolist());
    });
  }

  it("nested vmap with sequential calls once per element", () => {
    const { fn, calls } = hostSin();
    const f = (x: Array): Array => pureCallback(fn, new ShapeDtypeStruct([], "float32"), x, { vmapMethod: "sequential" });
    const m = f32([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]);
    expect(vmap(vmap(f))(m).tolist()).toEqual(np.sin(m).tolist());
    expect(calls).toHaveLength(6);
  });

  it("vmap without vmapMethod raises JAX's NotImplementedError", () => {
    const { fn } = hostSin();
    const f = (x: Array): Array => pureCallback(fn, new ShapeDtypeStruct([3], "float32"), x);
    expect(() => vmap(f)(batch)).toThrow(/vmap is only supported for the pure_callback primitive when vmap_method is one of 'sequential', 'sequential_unrolled', 'expand_dims', 'broadcast_all', or 'legacy_vectorized'. Got vmap_method=None./);
    expect(() => pureCallback(fn, sds(x), x, { vmapMethod: "bogus" as PureCallbackVmapMethod })).toThrow(/vmap_method must be on of the allowed methods/);
  });

  it("jvp and grad raise JAX's error; customJvp makes it differentiable", () => {
    const { fn } = hostSin();
    const f = (x: Array): Array => pureCallback(fn, sds(x), x);
    expect(() => jvp(f, [x], [x])).toThrow(/Pure callbacks do not support JVP. Please use `jax.custom_jvp` to use callbacks while taking gradients./);
    expect(() => grad((x: Array) => np.sum(f(x)))(x)).toThrow(/Pure callbacks do not support JVP/);
    const g = customJvp(f);
    g.defjvp(([p]: Array[], [t]: Array[]) => [g(p!), np.cos(p!).mul(t!)]);
    const dg = grad((x: Array) => np.sum(g(x)));
    expect(dg(x).tolist()).toEqual(np.cos(x).tolist());
    expect(jit(dg)(x).tolist()).toEqual(np.cos(x).tolist());
  });

  it("refuses results that do not match the declaration", () => {
    expect(() => pureCallback(() => f32([1, 2]), new ShapeDtypeStruct([3], "float32"))).toThrow(/incorrect output shape for return value 0: expected \(3,\), got \(2,\)/);
    expect(() => pureCallback(() => np.array([1, 2, 3], { dtype: "int32" }), new ShapeDtypeStruct([3], "float32"))).toThrow(/incorrect output dtype/);
    expect(() => pureCallback(() => [f32([1])], [new ShapeDtypeStruct([1], "float32"), new ShapeDtypeStruct([1], "float32")])).toThrow(/returned 1 values/);
  });
});
