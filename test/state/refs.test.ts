// Mutable array references (newRef, Ref, freeze, emptyRef, freeRef): eager reads and writes,
// jit (closed over and passed as arguments, called twice, cached), control-flow bodies writing
// references, grad through references made inside the function (checkGrads, order 2, float64),
// vmap against a loop, and JAX's errors. Values from JAX 0.10.2 (JAX_ENABLE_X64=1) where cited.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jvp, vmap, jit, newRef, Ref, freeze, emptyRef, freeRef, ShapeDtypeStruct, makeJaxpr, checkpoint, customVjp } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });
const list = (x: Array): unknown => x.tolist();
const close = (a: unknown, b: unknown, tol = 1e-9): void => {
  const fa = [a].flat(Infinity) as number[];
  const fb = [b].flat(Infinity) as number[];
  expect(fa.length).toBe(fb.length);
  fa.forEach((x, i) => expect(Math.abs(x - fb[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(fb[i]!))));
};
const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return "no error";
};

describe("eager references", () => {
  it("reads, writes, swaps and adds at indices (JAX 0.10.2's values)", () => {
    const r = newRef(f64([0, 1, 2, 3]));
    expect(r instanceof Ref).toBe(true);
    expect([r.shape, r.dtype, r.ndim, r.size]).toEqual([[4], "float64", 1, 4]);
    r.set(f64([1, 1, 1, 1]));
    r.set(5, 1);
    expect(list(r.get())).toEqual([1, 5, 1, 1]);
    expect(list(r.get("1:3"))).toEqual([5, 1]);
    r.set(r.get().add(1));
    expect(list(r.get())).toEqual([2, 6, 2, 2]);
    // jax.ref.get(r, 1), jax.ref.swap(r, 0, 9.), jax.ref.addupdate(r, 2, 10.): 6.0, 2.0, [9, 6, 12, 2]
    expect(r.get(1).item()).toBe(6);
    expect(r.swap(9, 0).item()).toBe(2);
    r.addUpdate(10, 2);
    expect(list(r.get())).toEqual([9, 6, 12, 2]);
    expect(r.toString()).toBe("Ref([ 9.,  6., 12.,  2.], dtype=float64)");
    expect(list(freeze(r))).toEqual([9, 6, 12, 2]);
    // As in JAX 0.10.2, a frozen reference is still readable.
    expect(list(r.get())).toEqual([9, 6, 12, 2]);
  });

  it("indexes two-dimensional references as numpy does (the Ref guide's examples)", () => {
    const x = newRef(np.arange(12, { dtype: "float64" }).reshape([3, 4]));
    const row = x.get(0);
    x.set(row, 1);
    const val = x.get(1, 2);
    x.set(val, 2, 3);
    const col = x.get(":", 1);
    x.set(col, 0, ":3");
    const idx = (v: number[]): Array => np.array(v, { dtype: "int32" });
    const vals = x.get(idx([0, 0, 1]), idx([1, 2, 3]));
    x.set(vals, idx([1, 2, 1]), idx([0, 0, 1]));
    // JAX 0.10.2: the same program on jax.new_ref(jnp.arange(12.).reshape(3, 4))
    expect(list(x.get())).toEqual([
      [1, 1, 9, 3],
      [1, 3, 2, 3],
      [9, 9, 10, 2],
    ]);
  });

  it("refuses values of another dtype or shape, and static indices out of bounds, with JAX's messages", () => {
    const r = newRef(np.zeros([3], { dtype: "float32" }));
    expect(message(() => r.set(np.ones([3], { dtype: "float64" })))).toBe("ValueError: Invalid dtype for `swap`. Ref dtype: float32. Value dtype: float64.");
    expect(message(() => r.set(np.ones([3], { dtype: "int32" })))).toBe("ValueError: Invalid dtype for `swap`. Ref dtype: float32. Value dtype: int32.");
    expect(message(() => r.set(np.ones([4])))).toBe("ValueError: Invalid shape for `swap`. Ref shape: (3,). Expected shape: (3,). Value shape: (4,).");
    expect(message(() => r.set(2))).toBe("ValueError: Invalid shape for `swap`. Ref shape: (3,). Expected shape: (3,). Value shape: ().");
    expect(message(() => r.set(np.ones([3]), "0:2"))).toBe("ValueError: Invalid shape for `swap`. Ref shape: (3,). Expected shape: (2,). Value shape: (3,).");
    expect(message(() => r.addUpdate(1))).toBe("ValueError: Invalid shape for `addupdate`. Ref shape: (3,). Expected shape: (3,). Value shape: ().");
    expect(message(() => r.get(5))).toBe("ValueError: Out of bound indexer: idx=5, dim=3.");
    expect(list(r.get())).toEqual([0, 0, 0]);
    expect(message(() => newRef(newRef(1) as unknown as Array))).toMatch(/^TypeError: newRef: the initial value must be an Array, got a mutable array reference of type Ref\{float32\[\]\}/);
    // Math on a reference itself is a TypeError, as jnp.sin(ref) is.
    expect(message(() => np.sin(newRef(1) as unknown as Array))).toMatch(/^TypeError/);
  });

  it("a JS number makes a weakly typed default-float reference, and writes keep the reference's type", () => {
    const r = newRef(0);
    expect(r.toString()).toBe("Ref(0., dtype=float32, weak_type=True)");
    r.set(np.array(2, { dtype: "float32" }));
    expect(r.get().aval.weakType).toBe(true);
    expect(r.get().item()).toBe(2);
  });

  it("emptyRef, freeRef", () => {
    const e = emptyRef(new ShapeDtypeStruct([2], "int32"));
    expect([e.shape, e.dtype]).toEqual([[2], "int32"]);
    e.set(np.array([3, 4], { dtype: "int32" }));
    expect(list(e.get())).toEqual([3, 4]);
    expect(freeRef(e)).toEqual([]);
    expect(message(() => e.get())).toBe("ValueError: the mutable array reference of type Ref{int32[2]} was freed (freeRef) and cannot be used.");
    const outer = newRef(1);
    expect(message(() => jit(() => freeRef(outer))())).toMatch(/^ValueError: freeRef: the mutable array reference of type Ref\{float32\[\]\} was created outside/);
    expect(outer.get().item()).toBe(1);
  });
});

describe("jit", () => {
  it("writes a closed-over reference on every call, cached or not (the Ref guide's first example)", () => {
    const x = newRef(np.zeros([3]));
    let traces = 0;
    const f = jit(() => {
      traces++;
      x.set(x.get(1).add(1), 1);
    });
    f();
    expect(list(x.get())).toEqual([0, 1, 0]);
    f();
    expect(list(x.get())).toEqual([0, 2, 0]);
    expect(traces).toBe(1);
    // A write outside jit is seen by the next call: the value is an input, never a constant.
    x.set(np.array([5, 5, 5]));
    f();
    expect(list(x.get())).toEqual([5, 6, 5]);
  });

  it("agrees with eager execution, called twice", () => {
    const make = (): [Ref, (v: Array) => Array] => {
      const acc = newRef(f64([0, 0]));
      return [acc, (v: Array) => {
        acc.addUpdate(np.sin(v));
        return acc.get().mul(2);
      }];
    };
    const [eagerRef, eager] = make();
    const [jitRef, fn] = make();
    const jitted = jit(fn);
    for (let k = 0; k < 2; k++) {
      const v = f64([0.5 + k, -1]);
      close(list(jitted(v)), list(eager(v)));
      close(list(jitRef.get()), list(eagerRef.get()));
    }
  });

  it("updates references passed as arguments; the cached program serves other references (JAX 0.10.2's values)", () => {
    const impure = jit((xRef: Ref, yRef: Ref) => {
      xRef.set(yRef.get());
    });
    const a = newRef(np.zeros([2]));
    const b = newRef(np.array([1, 2]));
    impure(a, b);
    expect([list(a.get()), list(b.get())]).toEqual([[1, 2], [1, 2]]);
    const c = newRef(np.array([5, 6]));
    impure(c, newRef(np.array([7, 8])));
    expect(list(c.get())).toEqual([7, 8]);
    const acc = jit((x: Array, r: Ref) => {
      r.addUpdate(x);
      return r.get().mul(2);
    });
    const q = newRef(f64([0, 0]));
    expect(list(acc(f64([1, 2]), q))).toEqual([2, 4]);
    expect(list(acc(f64([1, 2]), q))).toEqual([4, 8]);
    expect(list(q.get())).toEqual([2, 4]);
  });

  it("a reference's position among the arguments is part of the cache key", () => {
    const f = jit((a: Array | Ref, b: Array | Ref) => {
      if (a instanceof Ref) a.set((b as Array).mul(2));
      else (b as Ref).set((a as Array).mul(3));
    });
    const r = newRef(np.zeros([2]));
    f(r, np.ones([2]));
    expect(list(r.get())).toEqual([2, 2]);
    f(np.ones([2]), r);
    expect(list(r.get())).toEqual([3, 3]);
  });

  it("nested jits write the same reference in order (JAX 0.10.2: 6, then 36)", () => {
    const o = newRef(f64(1));
    const inner = jit((x: Array) => o.set(o.get().mul(x)));
    const outer = jit((x: Array) => {
      inner(x);
      inner(x.add(1));
      return o.get();
    });
    expect(outer(f64(2)).item()).toBe(6);
    expect(outer(f64(2)).item()).toBe(36);
    expect(o.get().item()).toBe(36);
  });

  it("references made inside are local to each call", () => {
    const f = jit((x: Array) => {
      const r = newRef(x);
      r.set(r.get().add(r.get()));
      return freeze(r);
    });
    expect(list(f(f64([1, 2])))).toEqual([2, 4]);
    expect(list(f(f64([1, 2])))).toEqual([2, 4]);
  });

  it("raises JAX's errors for returned, aliased and closed-over-and-passed references", () => {
    const x = newRef(0);
    function err1(r: Ref): Ref {
      r.set(5);
      return r;
    }
    expect(message(() => jit(err1)(x))).toBe(
      "ValueError: function err1 traced for jit returned a mutable array reference of type Ref{float32[]}, but mutable array references cannot be returned.\n\nThe returned mutable array was passed in as the argument args[0].",
    );
    expect(x.get().item()).toBe(0);
    function err2(_a: Ref, _b: Ref): void {}
    expect(message(() => jit(err2)(x, x))).toBe(
      "ValueError: only one reference to a mutable array may be passed as an argument to a function, but when tracing err2 for jit the mutable array reference of type Ref{float32[]} appeared at both args[0] and args[1].",
    );
    function err3(y: Ref): void {
      y.set(x.get());
    }
    expect(message(() => jit(err3)(x))).toBe("ValueError: when tracing err3 for jit, a mutable array reference of type Ref{float32[]} was both closed over and passed as the argument args[0]");
    // Cached for another reference, then called with the closed-over one.
    const j3 = jit(err3);
    j3(newRef(1));
    expect(message(() => j3(x))).toBe("ValueError: when tracing err3 for jit, a mutable array reference of type Ref{float32[]} was both closed over and passed as the argument args[0]");
    expect(message(() => jit((v: Array) => newRef(v))(np.array(1)))).toMatch(/^ValueError: function <anonymous> traced for jit returned a mutable array reference of type Ref\{float32\[\]\}, but mutable array references cannot be returned\.$/);
  });
});

describe("control flow", () => {
  it("foriLoop bodies write outer references, eagerly and under jit (JAX 0.10.2: 10)", () => {
    const r = newRef(0);
    lax.foriLoop(0, 5, (i: Array, c: null) => {
      r.set(r.get().add(i));
      return c;
    }, null);
    expect(r.get().item()).toBe(10);
    const r2 = newRef(0);
    const f = jit(() => lax.foriLoop(0, 5, (i: Array, c: null) => {
      r2.set(r2.get().add(i));
      return c;
    }, null));
    f();
    expect(r2.get().item()).toBe(10);
    f();
    expect(r2.get().item()).toBe(20);
    // A traced bound makes a while loop.
    const r3 = newRef(0);
    jit((n: Array) => lax.foriLoop(0, n, (i: Array, c: null) => {
      r3.addUpdate(i.astype("float32"));
      return c;
    }, null))(np.array(5, { dtype: "int32" }));
    expect(r3.get().item()).toBe(10);
  });

  it("scan bodies write outer references at the loop index (JAX 0.10.2's values)", () => {
    const r = newRef(np.zeros([4]));
    const [c, ys] = lax.scan((c: Array, x: Array) => {
      r.addUpdate(np.broadcastTo(x, [4]));
      return [c.add(1), r.get().sum()];
    }, np.array(0, { dtype: "int32" }), np.arange(3, { dtype: "float32" }));
    expect([c.item(), list(ys), list(r.get())]).toEqual([3, [0, 4, 12], [3, 3, 3, 3]]);
    const buf = newRef(np.zeros([5]));
    lax.scan((i: Array, x: Array) => {
      buf.set(x.mul(x), i);
      return [i.add(1), null];
    }, np.array(0, { dtype: "int32" }), np.arange(5, { dtype: "float32" }));
    expect(list(buf.get())).toEqual([0, 1, 4, 9, 16]);
    jit(() => lax.foriLoop(0, 5, (i: Array, c: null) => {
      buf.set(buf.get(i).add(i.astype("float32")), i);
      return c;
    }, null))();
    expect(list(buf.get())).toEqual([0, 2, 6, 12, 20]);
  });

  it("cond and switch branches write outer references; whileLoop's cond_fun may read them", () => {
    const r = newRef(0);
    lax.cond(true, () => r.set(1), () => r.set(2));
    expect(r.get().item()).toBe(1);
    const g = jit((p: Array) => lax.cond(p, () => r.set(r.get().add(10)), () => r.set(r.get().sub(1))));
    g(np.array(false));
    g(np.array(true));
    expect(r.get().item()).toBe(10);
    lax.switch(2, [() => r.set(0), () => r.set(1), () => r.set(r.get().mul(3))]);
    expect(r.get().item()).toBe(30);
    // A reference operand (JAX 0.10.2: cond(True, lambda q: q.__setitem__(..., 1.), lambda q: None, r) leaves 1).
    const q = newRef(0);
    lax.cond(true, (s: Ref, x: Array) => s.set(x), (_s: Ref, _x: Array) => undefined, q, np.array(1));
    expect(q.get().item()).toBe(1);
    jit((p: Array) => lax.cond(p, (s: Ref) => s.addUpdate(1), (s: Ref) => s.addUpdate(-1), q))(np.array(false));
    expect(q.get().item()).toBe(0);
    // body writes, cond reads: JAX 0.10.2 gives 8 from while_loop(c < 3, body doubling the ref).
    const w = newRef(1);
    const out = lax.whileLoop((c: Array) => c.less(3), (c: Array) => {
      w.set(w.get().mul(2));
      return c.add(1);
    }, np.array(0, { dtype: "int32" }));
    expect([out.item(), w.get().item()]).toEqual([3, 8]);
    const limit = newRef(5);
    expect(lax.whileLoop((c: Array) => c.less(limit.get()), (c: Array) => c.add(1), np.array(0)).item()).toBe(5);
    // A cond_fun that writes is refused (JAX 0.10.2 drops the last evaluation's writes).
    const bad = newRef(0);
    expect(message(() => lax.whileLoop((c: Array) => {
      bad.set(bad.get().add(1));
      return c.less(3);
    }, (c: Array) => c.add(1), np.array(0)))).toBe("NotImplementedError: lax.whileLoop: cond_fun writes the mutable array reference of type Ref{float32[]}; only body_fun may write array references.");
    expect(bad.get().item()).toBe(0);
  });

  it("nested loops write the same outer reference", () => {
    const r = newRef(0);
    const f = jit(() => lax.foriLoop(0, 3, (i: Array, c: null) => {
      lax.foriLoop(0, 4, (j: Array, d: null) => {
        r.set(r.get().add(i.mul(j).astype("float32")));
        return d;
      }, null);
      return c;
    }, null));
    f();
    expect(r.get().item()).toBe(18);
  });

  it("bodies may not return references (JAX's ValueError)", () => {
    expect(message(() => lax.scan((c: Array, x: Array) => [c, newRef(x)], np.array(0), np.arange(3)))).toBe(
      "ValueError: function <lambda> traced for scan returned a mutable array reference of type Ref{int32[]}, but mutable array references cannot be returned.",
    );
  });
});

describe("grad", () => {
  // fori_loop and cond writing a reference made inside: JAX 0.10.2 gives 77.94278921 and
  // grad [20.32712904, -110.07141979, -27.24488983] at x = [0.3, -1.2, 2.0].
  const f = (x: Array): Array => {
    const r = newRef(np.zeros([3], { dtype: "float64" }));
    lax.foriLoop(0, 4, (i: Array, c: null) => {
      r.addUpdate(np.sin(x).mul(i.astype("float64")));
      return c;
    }, null);
    lax.cond(x.get(0).greater(0), () => r.set(r.get(1).mul(x.get(1)), 1), () => undefined);
    return np.sum(np.square(r.get()));
  };
  const x = f64([0.3, -1.2, 2.0]);

  it("differentiates a function that makes and writes references inside", () => {
    close(f(x).item(), 77.94278921, 1e-9);
    close(jit(f)(x).item(), 77.94278921, 1e-9);
    close(list(grad(f)(x)), [20.32712904, -110.07141979, -27.24488983], 1e-8);
    close(list(jit(grad(f))(x)), [20.32712904, -110.07141979, -27.24488983], 1e-8);
    close(list(grad(jit(f))(x)), [20.32712904, -110.07141979, -27.24488983], 1e-8);
  });

  it("checkGrads, order 2", () => {
    checkGrads(f, [x], 2);
    checkGrads((v: Array) => {
      const r = newRef(v);
      lax.scan((c: Array, k: Array) => {
        r.set(np.sin(r.get()).mul(k));
        return [c, null];
      }, np.array(0), f64([1.5, 0.5]));
      r.set(r.get("1:").mul(v.get("1:")), "1:");
      return freeze(r);
    }, [f64([0.4, -0.7, 1.1])], 2);
  });

  it("writing a differentiated value into an outer reference is JAX's error; constants are fine", () => {
    const o = newRef(f64(0));
    expect(message(() => grad((v: Array) => {
      o.set(v.mul(2));
      return v.mul(3);
    })(f64(1)))).toBe(
      "Error: performing a set/swap operation with a differentiated value on a non-differentiated array reference of type Ref{float64[]}. Move the array reference to be an argument of the differentiated function?",
    );
    expect(o.get().item()).toBe(0);
    // JAX 0.10.2: grad(h2)(1.) == 3 with the ref incremented once.
    const h2 = (v: Array): Array => {
      o.set(o.get().add(1));
      return v.mul(3).add(o.get());
    };
    expect(grad(h2)(f64(1)).item()).toBe(3);
    expect(o.get().item()).toBe(1);
    // Under jit too, once per call (JAX 0.10.2: jax.jit(jax.grad(h3)) leaves the ref at 1).
    expect(jit(grad(h2))(f64(1)).item()).toBe(3);
    expect(o.get().item()).toBe(2);
    expect(grad(jit(h2))(f64(1)).item()).toBe(3);
    expect(o.get().item()).toBe(3);
    // stop_gradient plumbing (the Ref guide's `foo`): grad 2, the ref gets 2 * x.
    const plumb = newRef(f64(0));
    expect(grad((v: Array) => {
      const y = v.add(v);
      plumb.addUpdate(lax.stopGradient(y));
      return y;
    })(f64(1)).item()).toBe(2);
    expect(plumb.get().item()).toBe(2);
    expect(message(() => jvp((v: Array) => {
      o.addUpdate(v);
      return v;
    }, [f64(1)], [f64(1)]))).toMatch(/^Error: performing an addupdate operation with a differentiated value/);
  });
  it("a customVjp backward rule stashes the cotangent in a closed-over reference (the Ref guide's stash_grads: cos(1))", () => {
    const gradsRef = newRef(f64(0));
    const stash = customVjp((x: Array) => x);
    stash.defvjp((x: Array) => [x, null], (_res: null, g: Array) => {
      gradsRef.set(g);
      return [g];
    });
    const f = (x: Array): Array => np.sin(stash(x));
    close(grad(f)(f64(1)).item(), Math.cos(1));
    close(gradsRef.get().item(), 0.54030231, 1e-8);
    close(jit(grad(f))(f64(2)).item(), Math.cos(2));
    close(gradsRef.get().item(), Math.cos(2));
  });

  it("stash_grads with the reference as a nondiff argument; a jit argument's stand-in used after jit returned is an UnexpectedTracerError", () => {
    const stash = customVjp((_r: Ref, x: Array) => x, { nondiffArgnums: [0] });
    stash.defvjp((_r: Ref, x: Array) => [x, null], (r: Ref, _res: null, g: Array) => {
      r.set(g);
      return [g];
    });
    const f = (x: Array, r: Ref): Array => np.sin(stash(r, x));
    const g = newRef(f64(0));
    close(grad(f)(f64(1), g).item(), Math.cos(1));
    close(g.get().item(), Math.cos(1));
    close(jit(grad(f))(f64(2), g).item(), Math.cos(2));
    close(g.get().item(), Math.cos(2));
    // Under grad(jit(f)) the backward rule runs after jit's trace, on the reference that stood for g there.
    expect(message(() => grad(jit(f))(f64(3), g))).toMatch(/^UnexpectedTracerError: .*a mutable array reference of type Ref\{float64\[\]\} made inside a transformation/s);
    close(g.get().item(), Math.cos(2));
  });
});

describe("vmap", () => {
  it("references made inside the vmapped function, against a loop (JAX 0.10.2: [15, 27])", () => {
    const h = (v: Array): Array => {
      const r = newRef(v);
      r.set(r.get().mul(2).add(1));
      r.set(7, 0);
      return r.get().sum();
    };
    const xs = np.arange(6, { dtype: "float64" }).reshape([2, 3]);
    expect(list(vmap(h)(xs))).toEqual([15, 27]);
    expect(list(vmap(h)(xs))).toEqual([h(xs.get(0)).item(), h(xs.get(1)).item()]);
    expect(list(jit(vmap(h))(xs))).toEqual([15, 27]);
    expect(list(vmap(jit(h))(xs))).toEqual([15, 27]);
  });

  it("a reference argument mapped along an axis is updated slice by slice (the Ref guide's `dist`, JAX 0.10.2's values)", () => {
    const dist = (x: Array, y: Array, outRef: Ref): void => {
      outRef.set(np.sum(np.square(x.sub(y))));
    };
    const vecs = np.arange(12, { dtype: "float64" }).reshape([3, 4]);
    const out = newRef(np.zeros([3, 3], { dtype: "float64" }));
    vmap(vmap(dist, { inAxes: [0, null, 0] }), { inAxes: [null, 0, 0] })(vecs, vecs, out);
    expect(list(out.get())).toEqual([
      [0, 64, 256],
      [64, 0, 64],
      [256, 64, 0],
    ]);
    // Mapped along axis 1; an unbatched write is broadcast over the examples.
    const o2 = newRef(np.zeros([2, 3]));
    vmap((x: Array, r: Ref) => {
      r.addUpdate(x);
      r.set(np.array(9), 0);
    }, { inAxes: [0, 1] })(np.ones([3, 2]), o2);
    expect(list(o2.get())).toEqual([
      [9, 9, 9],
      [1, 1, 1],
    ]);
    // Unmapped (inAxes null) it is an outer reference: writing is JAX's error.
    expect(message(() => vmap((x: Array, r: Ref) => r.set(x), { inAxes: [0, null] })(np.ones([3]), newRef(0)))).toMatch(/^Error: performing a set\/swap operation with vmapped value/);
  });

  it("writing an outer reference under vmap is JAX's error; reading it is fine", () => {
    const o = newRef(0);
    const msg = "Error: performing a set/swap operation with vmapped value on an unbatched array reference of type Ref{float32[]}. Move the array reference to be an argument to the vmapped function?";
    expect(message(() => vmap((v: Array) => o.set(v))(np.arange(3, { dtype: "float32" })))).toBe(msg);
    expect(message(() => vmap((v: Array) => {
      o.set(o.get().add(1));
      return v;
    })(np.arange(3)))).toBe(msg);
    expect(message(() => vmap((v: Array) => {
      jit(() => o.set(v))();
      return v;
    })(np.arange(3, { dtype: "float32" })))).toBe(msg);
    expect(list(vmap((v: Array) => v.add(o.get()))(np.arange(3, { dtype: "float32" })))).toEqual([0, 1, 2]);
    expect(o.get().item()).toBe(0);
  });
});

describe("staging without threading", () => {
  it("makeJaxpr and checkpoint read outer references as constants and refuse traced writes", () => {
    const o = newRef(np.array([1, 2]));
    expect(makeJaxpr((x: Array) => x.add(o.get()))(np.zeros([2])).consts.length).toBe(1);
    const staged = /^Error: performing a set\/swap operation on an array reference of type Ref\{float32\[2\]\} created outside the function being traced: makeJaxpr, evalShape, checkpoint/;
    expect(message(() => makeJaxpr((x: Array) => o.set(x))(np.zeros([2])))).toMatch(staged);
    // Even a constant: tracing must not mutate it.
    expect(message(() => makeJaxpr((x: Array) => {
      o.set(np.array([5, 5]));
      return x;
    })(np.zeros([2])))).toMatch(staged);
    expect(message(() => grad(checkpoint((x: Array) => {
      o.set(np.broadcastTo(x, [2]));
      return x;
    }))(np.array(1)))).toMatch(staged);
    expect(list(o.get())).toEqual([1, 2]);
  });

});
