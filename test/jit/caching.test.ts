// jit's trace cache follows JAX's rules: one trace per (function identity, static argument values,
// input tree structure, and each leaf's shape, dtype and weak type). Values of dynamic arguments
// never cause a retrace; static ones do: primitives by value, plain data (arrays, plain objects) by
// structure, functions and class instances by identity. disableJit runs the function itself,
// every call, with concrete values.
import { describe, it, expect } from "vitest";
import { numpy as np, jit, grad, vmap, disableJit, makeJaxpr } from "../../src/index.js";
import type { Array } from "../../src/index.js";

/** A function that counts how often its body runs (under jit: how often it is traced). */
function counted<A extends unknown[], R>(body: (...args: A) => R): { f: (...args: A) => R; count: () => number } {
  let n = 0;
  const f = (...args: A): R => {
    n++;
    return body(...args);
  };
  return { f, count: () => n };
}

const f32 = (v: number[] | number, shape?: number[]): Array => np.array(typeof v === "number" ? v : new Float32Array(v), { dtype: "float32", ...(shape ? { shape } : {}) });

describe("dynamic arguments: shapes, dtypes, weak types", () => {
  it("same shapes and dtypes: one trace, whatever the values", () => {
    const { f, count } = counted((x: Array, y: Array) => np.add(np.multiply(x, 2), y));
    const jf = jit(f);
    expect(jf(f32([1, 2]), f32([3, 4])).tolist()).toEqual([5, 8]);
    expect(jf(f32([5, 6]), f32([0, 0])).tolist()).toEqual([10, 12]);
    expect(jf(f32([-1, 0]), f32([1, 1])).tolist()).toEqual([-1, 1]);
    expect(count()).toBe(1);
  });

  it("a new shape retraces; the old shape is still cached", () => {
    const { f, count } = counted((x: Array) => np.sum(x));
    const jf = jit(f);
    jf(f32([1, 2]));
    expect(count()).toBe(1);
    expect(jf(f32([1, 2, 3])).item()).toBe(6);
    expect(count()).toBe(2);
    expect(jf(f32([1, 2, 3, 4], [2, 2])).item()).toBe(10);
    expect(count()).toBe(3);
    expect(jf(f32([7, 8])).item()).toBe(15);
    expect(count()).toBe(3);
  });

  it("a new dtype retraces, and the output has the new dtype", () => {
    const { f, count } = counted((x: Array) => np.add(x, 1));
    const jf = jit(f);
    expect(jf(f32([1.5])).dtype).toBe("float32");
    expect(jf(np.array([1.5], { dtype: "float64" })).dtype).toBe("float64");
    expect(jf(np.array([1], { dtype: "int32" })).dtype).toBe("int32");
    expect(jf(np.array([1], { dtype: "uint32" })).dtype).toBe("uint32");
    expect(count()).toBe(4);
    jf(np.array([2.5], { dtype: "float64" }));
    expect(count()).toBe(4);
  });

  it("weak type is part of the key: a JS number and a float32 array of shape [] trace separately", () => {
    const { f, count } = counted((x: Array, s: Array) => np.multiply(x, s));
    const jf = jit(f);
    const x = np.array([1, 2], { dtype: "float64" });
    // A JS float is weakly typed: float64 * weak float is float64.
    const weak = jf(x, 0.5 as unknown as Array);
    expect(weak.dtype).toBe("float64");
    expect(count()).toBe(1);
    jf(x, 0.25 as unknown as Array);
    expect(count()).toBe(1);
    // A strongly typed float32 scalar: float64 * float32 is float64 too, but it is another signature.
    const strong = jf(x, f32(0.5));
    expect(strong.tolist()).toEqual([0.5, 1]);
    expect(count()).toBe(2);
    // np.array of a JS number stays weak (as jnp.array(0.5) does): the JS number's entry.
    jf(x, np.array(0.75));
    expect(count()).toBe(2);
  });

  it("a weak scalar and a strong scalar give outputs of different dtypes through the same jitted function", () => {
    const jf = jit((x: Array, s: Array) => np.add(x, s));
    const x = np.array([1], { dtype: "int32" });
    expect(jf(x, np.array(2, { dtype: "float32" })).dtype).toBe("float32");
    expect(jf(x, np.array(2, { dtype: "int32" })).dtype).toBe("int32");
  });

  it("a JS number is a weak float32 argument, as grad treats it (issue 19 item 9): 3 and 0.5 share a trace", () => {
    const { f, count } = counted((x: Array, s: Array) => np.add(x, s));
    const jf = jit(f);
    const x = np.array([1, 2], { dtype: "int32" });
    const a = jf(x, 3 as unknown as Array);
    expect(a.dtype).toBe("float32");
    expect(a.tolist()).toEqual([4, 5]);
    jf(x, 4 as unknown as Array);
    expect(count()).toBe(1);
    const b = jf(x, 0.5 as unknown as Array);
    expect(b.dtype).toBe("float32");
    expect(b.tolist()).toEqual([1.5, 2.5]);
    expect(count()).toBe(1);
    // A float64 array meets the weak float32 and stays float64.
    expect(jf(np.array([1], { dtype: "float64" }), 2 as unknown as Array).dtype).toBe("float64");
  });

  it("JS booleans are bool leaves: true and false share a trace", () => {
    const { f, count } = counted((b: Array, x: Array) => np.where(b, x, np.negative(x)));
    const jf = jit(f);
    expect(jf(true as unknown as Array, f32([1, 2])).tolist()).toEqual([1, 2]);
    expect(jf(false as unknown as Array, f32([1, 2])).tolist()).toEqual([-1, -2]);
    expect(count()).toBe(1);
  });
});

describe("pytree structure", () => {
  it("same structure, new leaves: no retrace; a new structure retraces", () => {
    const { f, count } = counted((t: unknown) => {
      const leaves: Array[] = [];
      const walk = (v: unknown): void => {
        if (v instanceof np.Array) leaves.push(v);
        else if (globalThis.Array.isArray(v)) (v as unknown[]).forEach(walk);
        else if (v !== null && typeof v === "object") Object.keys(v).sort().forEach((k) => walk((v as Record<string, unknown>)[k]));
      };
      walk(t);
      return leaves.reduce((acc, l) => np.add(acc, np.sum(l)), np.zeros([]));
    });
    const jf = jit(f);
    const a = f32([1, 2]);
    const b = f32([3]);
    expect(jf([a, b]).item()).toBe(6);
    expect(jf([f32([5, 6]), f32([4])]).item()).toBe(15);
    expect(count()).toBe(1);
    expect(jf({ p: a, q: b }).item()).toBe(6);
    expect(count()).toBe(2);
    expect(jf([a, [b]]).item()).toBe(6);
    expect(count()).toBe(3);
    expect(jf([a, b, null]).item()).toBe(6);
    expect(count()).toBe(4);
    // Object keys are ordered (sorted), so insertion order does not change the structure.
    expect(jf({ q: b, p: a }).item()).toBe(6);
    expect(count()).toBe(4);
    // Different keys are a different structure.
    expect(jf({ p: a, r: b }).item()).toBe(6);
    expect(count()).toBe(5);
  });

  it("the output pytree is rebuilt on cache hits", () => {
    const jf = jit((x: Array) => ({ double: np.multiply(x, 2), parts: [x, np.negative(x)] }));
    for (const v of [1, 2]) {
      const out = jf(f32([v]));
      expect(out.double.tolist()).toEqual([2 * v]);
      expect(out.parts.map((p) => p.tolist())).toEqual([[v], [-v]]);
    }
  });
});

describe("staticArgnums", () => {
  it("JS primitives are keyed by value", () => {
    const { f, count } = counted((x: Array, n: number) => {
      let y = x;
      for (let i = 0; i < n; i++) y = np.multiply(y, 2); // a JS loop on a static value
      return y;
    });
    const jf = jit(f, { staticArgnums: [1] });
    expect(jf(f32([1]), 3).tolist()).toEqual([8]);
    expect(jf(f32([2]), 3).tolist()).toEqual([16]);
    expect(count()).toBe(1);
    expect(jf(f32([1]), 1).tolist()).toEqual([2]);
    expect(count()).toBe(2);
    expect(jf(f32([1]), 3).tolist()).toEqual([8]);
    expect(count()).toBe(2);
  });

  it("a static number and the same digits as a string are different keys; strings by value", () => {
    const { f, count } = counted((x: Array, mode: string | number) => (mode === "neg" ? np.negative(x) : mode === 1 ? x : np.add(x, 100)));
    const jf = jit(f, { staticArgnums: 1 });
    expect(jf(f32([1]), "neg").tolist()).toEqual([-1]);
    expect(jf(f32([1]), "n" + "eg").tolist()).toEqual([-1]);
    expect(count()).toBe(1);
    expect(jf(f32([1]), 1).tolist()).toEqual([1]);
    expect(jf(f32([1]), "1").tolist()).toEqual([101]);
    expect(count()).toBe(3);
  });

  it("plain objects and arrays are keyed by structure, functions and class instances by identity", () => {
    const { f, count } = counted((x: Array, cfg: { scale: number }, act: (a: Array) => Array) => act(np.multiply(x, cfg.scale)));
    const jf = jit(f, { staticArgnums: [1, 2] });
    const cfg = { scale: 3 };
    const act = (a: Array): Array => np.maximum(a, 0);
    expect(jf(f32([1, -1]), cfg, act).tolist()).toEqual([3, 0]);
    expect(jf(f32([2, -2]), cfg, act).tolist()).toEqual([6, 0]);
    expect(count()).toBe(1);
    // An equal but distinct plain object: the same program (a fresh options object per call must
    // not trace, nor keep one program, per call).
    expect(jf(f32([1, -1]), { scale: 3 }, act).tolist()).toEqual([3, 0]);
    expect(count()).toBe(1);
    expect(jf(f32([1, -1]), { scale: 4 }, act).tolist()).toEqual([4, 0]);
    expect(count()).toBe(2);
    // An equivalent but distinct function: a new trace.
    expect(jf(f32([1, -1]), cfg, (a: Array) => np.maximum(a, 0)).tolist()).toEqual([3, 0]);
    expect(count()).toBe(3);
  });

  it("negative indices count from the end", () => {
    const { f, count } = counted((x: Array, k: number) => np.add(x, k));
    const jf = jit(f, { staticArgnums: -1 });
    expect(jf(f32([1]), 2).tolist()).toEqual([3]);
    expect(jf(f32([1]), 2).tolist()).toEqual([3]);
    expect(count()).toBe(1);
    // The static value is a constant of the program, not an input.
    expect(jf.lower(f32([1]), 2).jaxpr.jaxpr.invars.length).toBe(1);
  });

  it("a static value may be used where a concrete JS value is required", () => {
    const jf = jit((x: Array, shape: number[]) => np.reshape(x, shape), { staticArgnums: 1 });
    const shape = [2, 3];
    expect(jf(np.arange(6), shape).shape).toEqual([2, 3]);
  });

  it("jit(f) and jit(f, { staticArgnums }) on the same f do not mix up their programs", () => {
    const f = (n: Array | number, x: Array): Array => np.multiply(x, n as Array);
    const dynamic = jit(f);
    const stat = jit(f, { staticArgnums: 0 });
    expect(stat(2, f32([3])).tolist()).toEqual([6]);
    expect(dynamic(f32(5), f32([3])).tolist()).toEqual([15]);
    expect(stat(4, f32([3])).tolist()).toEqual([12]);
  });
});

describe("function identity", () => {
  it("jit(f) twice on the same f shares the cache", () => {
    const { f, count } = counted((x: Array) => np.sin(x));
    jit(f)(f32([1, 2]));
    jit(f)(f32([3, 4]));
    const again = jit(f);
    again(f32([0, 0]));
    expect(count()).toBe(1);
  });

  it("two closures with the same code are different functions", () => {
    let traces = 0;
    const make = (k: number) => (x: Array) => {
      traces++;
      return np.add(x, k);
    };
    expect(jit(make(1))(f32([0])).tolist()).toEqual([1]);
    expect(jit(make(2))(f32([0])).tolist()).toEqual([2]);
    expect(traces).toBe(2);
  });

  it("a closed-over JS variable is read at trace time only (the cached program keeps the old value)", () => {
    let k = 1;
    const jf = jit((x: Array) => np.multiply(x, k));
    expect(jf(f32([3])).tolist()).toEqual([3]);
    k = 10;
    expect(jf(f32([3])).tolist()).toEqual([3]);
    // A new signature traces again and sees the new value.
    expect(jf(f32([3, 3])).tolist()).toEqual([30, 30]);
  });

  it("a closed-over array is a constant of the program", () => {
    const w = f32([1, 2, 3]);
    const { f, count } = counted((x: Array) => np.dot(w, x));
    const jf = jit(f);
    expect(jf(f32([1, 1, 1])).item()).toBe(6);
    expect(jf(f32([0, 0, 1])).item()).toBe(3);
    expect(count()).toBe(1);
  });

  it("lower() and calls share the cache", () => {
    const { f, count } = counted((x: Array) => np.exp(x));
    const jf = jit(f);
    jf.lower(f32([0]));
    expect(jf(f32([0])).tolist()).toEqual([1]);
    jf.lower(f32([1]));
    expect(count()).toBe(1);
  });
});

describe("traces under other transforms", () => {
  it("grad(jit(f)) traces f once; later calls hit the cache", () => {
    const { f, count } = counted((x: Array) => np.sum(np.multiply(x, x)));
    const g = grad(jit(f));
    expect((g(f32([1, 2])) as Array).tolist()).toEqual([2, 4]);
    expect((g(f32([3, 4])) as Array).tolist()).toEqual([6, 8]);
    expect(count()).toBe(1);
  });

  it("vmap(jit(f)) traces f once at the unbatched shape", () => {
    const shapes: number[][] = [];
    const jf = jit((x: Array) => {
      shapes.push([...x.shape]);
      return np.sum(x);
    });
    const v = vmap(jf);
    expect(v(np.ones([4, 3])).tolist()).toEqual([3, 3, 3, 3]);
    expect(v(np.ones([5, 3])).tolist()).toEqual([3, 3, 3, 3, 3]);
    expect(shapes).toEqual([[3]]);
  });

  it("jit(g) calling jit(f): f is traced once per signature while tracing g", () => {
    const inner = counted((x: Array) => np.multiply(x, 3));
    const jf = jit(inner.f);
    const outer = counted((x: Array) => np.add(jf(x), jf(np.multiply(x, 2))));
    const jg = jit(outer.f);
    expect(jg(f32([1])).tolist()).toEqual([9]);
    expect(jg(f32([2])).tolist()).toEqual([18]);
    expect(outer.count()).toBe(1);
    expect(inner.count()).toBe(1);
  });

  it("makeJaxpr of a jitted function reuses its cache entry", () => {
    const { f, count } = counted((x: Array) => np.cos(x));
    const jf = jit(f);
    jf(f32([1]));
    makeJaxpr(jf)(f32([2]));
    expect(count()).toBe(1);
  });
});

describe("disableJit", () => {
  it("runs f eagerly on every call, with concrete values", () => {
    const seen: number[] = [];
    const { f, count } = counted((x: Array) => {
      seen.push(x.item() as number); // would throw under tracing
      return np.multiply(x, 2);
    });
    const jf = jit(f);
    const out = disableJit(() => [jf(f32(1)), jf(f32(2)), jf(f32(3))]);
    expect(out.map((o) => o.item())).toEqual([2, 4, 6]);
    expect(count()).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("JS control flow on values works inside disableJit and is an error outside it", () => {
    const jf = jit((x: Array) => ((x.item() as number) > 0 ? x : np.negative(x)));
    expect(disableJit(() => jf(f32(-2)).item())).toBe(2);
    expect(() => jf(f32(-2))).toThrow();
  });

  it("jit is back after disableJit returns, and after it throws", () => {
    const { f, count } = counted((x: Array) => np.add(x, 1));
    const jf = jit(f);
    disableJit(() => jf(f32(0)));
    expect(() =>
      disableJit(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    jf(f32(0));
    jf(f32(1));
    expect(count()).toBe(2); // one eager run, one trace
  });

  it("applies to nested jits and returns what jit would", () => {
    const inner = jit((x: Array) => np.square(x));
    const outer = jit((x: Array) => np.add(inner(x), 1));
    const x = f32([1, 2, 3]);
    expect(disableJit(() => outer(x)).tolist()).toEqual(outer(x).tolist());
    expect(disableJit(() => outer(x)).tolist()).toEqual([2, 5, 10]);
  });
});
