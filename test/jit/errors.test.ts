// jit's errors, with JAX's names: a traced value used as a JS boolean (TracerBoolConversionError),
// as a JS integer (TracerIntegerConversionError), read out as data (ConcretizationTypeError), or
// used after its trace ended (UnexpectedTracerError); bad staticArgnums. Messages name the traced
// value's shape and dtype as JAX's do, and a failed trace leaves jit usable.
import { describe, it, expect } from "vitest";
import {
  numpy as np,
  lax,
  jit,
  grad,
  vmap,
  ConcretizationTypeError,
  TracerBoolConversionError,
  TracerIntegerConversionError,
  UnexpectedTracerError,
} from "../../src/index.js";
import type { Array } from "../../src/index.js";

/** Runs `fn`, returning what it threw (failing the test if it did not throw). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  }
  throw new Error("expected an error, but none was thrown");
}

const f32 = (v: number[] | number): Array => np.array(typeof v === "number" ? v : new Float32Array(v), { dtype: "float32" });
const i32 = (v: number[] | number): Array => np.array(typeof v === "number" ? v : new Int32Array(v), { dtype: "int32" });

describe("TracerBoolConversionError", () => {
  it("`if (x > 0)` on a float tracer", () => {
    const f = jit((x: Array) => {
      if ((x as unknown as number) > 0) return x;
      return np.negative(x);
    });
    const e = thrown(() => f(f32(1)));
    expect(e).toBeInstanceOf(TracerBoolConversionError);
    expect(e).toBeInstanceOf(ConcretizationTypeError); // JAX's hierarchy: a ConcretizationTypeError
    expect(e.name).toBe("TracerBoolConversionError");
    expect(e.message).toContain("f32[]");
  });

  it("a JS comparison of a reduction (a common pattern: `while (err > tol)`)", () => {
    const f = jit((x: Array) => {
      let y = x;
      while ((np.max(np.abs(y)) as unknown as number) > 1) y = np.multiply(y, 0.5);
      return y;
    });
    const e = thrown(() => f(f32([4, -8, 2])));
    expect(e.name).toBe("TracerBoolConversionError");
    expect(e.message).toContain("f32[]");
  });

  it("item() on a bool tracer", () => {
    const f = jit((x: Array) => (np.greater(x, 0).item() ? x : np.negative(x)));
    const e = thrown(() => f(f32(1)));
    expect(e).toBeInstanceOf(TracerBoolConversionError);
    expect(e.name).toBe("TracerBoolConversionError");
    expect(e.message).toContain("bool[]");
  });

  it("a bool tracer in a JS conditional expression through a comparison", () => {
    const f = jit((x: Array) => ((np.all(np.isfinite(x)) as unknown as number) > 0 ? x : np.zerosLike(x)));
    expect(thrown(() => f(f32([1, 2]))).name).toBe("TracerBoolConversionError");
  });

  it("also under grad inside jit, and jit inside grad", () => {
    const branchy = (x: Array): Array => ((x as unknown as number) > 0 ? np.multiply(x, x) : np.negative(x));
    expect(thrown(() => jit(grad(branchy))(f32(1))).name).toBe("TracerBoolConversionError");
    expect(thrown(() => grad(jit(branchy))(f32(1))).name).toBe("TracerBoolConversionError");
  });

  it("the same function works eagerly (the error is about tracing, not the code)", () => {
    const branchy = (x: Array): Array => ((x as unknown as number) > 0 ? np.multiply(x, x) : np.negative(x));
    expect(branchy(f32(3)).item()).toBe(9);
    expect(grad(branchy)(f32(3)) as Array).toBeDefined();
    expect((grad(branchy)(f32(3)) as Array).item()).toBe(6);
  });
});

describe("TracerIntegerConversionError", () => {
  const checks: [string, (n: Array) => unknown][] = [
    ["item() on an int32 tracer", (n) => n.item()],
    ["Number(n)", (n) => Number(n)],
    ["new Array(Number(n)) (a size from a traced value)", (n) => new globalThis.Array(Number(n))],
    ["Array.from({ length: n })", (n) => globalThis.Array.from({ length: n as unknown as number })],
    ["[1, 2].at(i) (an index from a traced value)", (n) => [1, 2].at(n as unknown as number)],
    ["xs.slice(0, n)", (n) => [1, 2, 3].slice(0, n as unknown as number)],
    ["a JS loop bound `for (k < n)`", (n) => {
      let s = 0;
      for (let k = 0; k < (n as unknown as number); k++) s += k;
      return s;
    }],
    ["Math.floor(n)", (n) => Math.floor(n as unknown as number)],
  ];
  it.each(checks)("%s", (_name, use) => {
    const f = jit((n: Array) => {
      use(n);
      return n;
    });
    const e = thrown(() => f(i32(2)));
    expect(e).toBeInstanceOf(TracerIntegerConversionError);
    expect(e).toBeInstanceOf(ConcretizationTypeError);
    expect(e.name).toBe("TracerIntegerConversionError");
    expect(e.message).toContain("i32[]");
  });

  it("a uint32 tracer used as a shape", () => {
    const f = jit((n: Array) => np.zeros([Number(n)]));
    const e = thrown(() => f(np.array(3, { dtype: "uint32" })));
    expect(e.name).toBe("TracerIntegerConversionError");
    expect(e.message).toContain("u32[]");
  });

  it("the message shows the tracer's shape", () => {
    const f = jit((n: Array) => Number(np.sum(n)) + Number(n.get(0, 0)));
    const e = thrown(() => f(i32([1, 2, 3, 4, 5, 6]).reshape([2, 3])));
    expect(e.name).toBe("TracerIntegerConversionError");
    expect(e.message).toContain("i32[]");
  });

  it("a static argument is the fix: the same code works with staticArgnums", () => {
    const f = jit((x: Array, n: number) => np.sum(x.get(`0:${n}`)), { staticArgnums: 1 });
    expect(f(f32([1, 2, 3]), 2).item()).toBe(3);
  });

  it("a traced index into an Array is a gather, not a conversion", () => {
    const f = jit((x: Array, i: Array) => x.get(i));
    expect(f(f32([10, 20, 30]), i32(2)).item()).toBe(30);
    expect(lax.dynamicSlice(f32([1, 2, 3]), [i32(1)], [2]).tolist()).toEqual([2, 3]);
  });
});

describe("ConcretizationTypeError", () => {
  const reads: [string, (x: Array) => unknown][] = [
    ["x.tolist()", (x) => x.tolist()],
    ["x.dataSync()", (x) => x.dataSync()],
    ["item() on a float tracer", (x) => x.item()],
  ];
  it.each(reads)("%s inside jit", (what, read) => {
    const f = jit((x: Array) => {
      read(x);
      return x;
    });
    const e = thrown(() => f(f32([1, 2])));
    expect(e).toBeInstanceOf(ConcretizationTypeError);
    expect(e.name).toBe("ConcretizationTypeError");
    expect(e.message).toContain("f32[2]");
    expect(e.message).toContain(what.startsWith("item") ? "item()" : what.slice(2));
  });

  it("await x.data() inside jit rejects with ConcretizationTypeError", async () => {
    let pending: Promise<unknown> | null = null;
    const f = jit((x: Array) => {
      try {
        pending = x.data();
      } catch (e) {
        pending = Promise.reject(e);
      }
      return x;
    });
    f(f32([1]));
    await expect(pending!).rejects.toThrow(ConcretizationTypeError);
  });

  it("a boolean mask index needs concrete values (JAX's NonConcreteBooleanIndexError, an IndexError)", () => {
    const f = jit((x: Array) => x.get(np.greater(x, 0)));
    const e = thrown(() => f(f32([1, -1, 2])));
    expect(e).toBeInstanceOf(np.NonConcreteBooleanIndexError);
    expect(e.name).toBe("NonConcreteBooleanIndexError");
    expect(e.message).toContain("bool[3]");
  });

  it("tolist() works on jit's outputs", () => {
    expect(jit((x: Array) => np.add(x, 1))(f32([1, 2])).tolist()).toEqual([2, 3]);
  });
});

describe("UnexpectedTracerError", () => {
  it("a tracer leaked out of jit through an outer variable, used later", () => {
    let leaked: Array | null = null;
    const f = jit((x: Array) => {
      leaked = np.sin(x);
      return np.cos(x);
    });
    f(f32([1, 2]));
    expect(leaked).not.toBeNull();
    const e = thrown(() => np.add(leaked!, 1));
    expect(e).toBeInstanceOf(UnexpectedTracerError);
    expect(e.name).toBe("UnexpectedTracerError");
    expect(e.message).toContain("f32[2]");
  });

  it("a leaked tracer used inside a later jit", () => {
    let leaked: Array | null = null;
    jit((x: Array) => {
      leaked = np.multiply(x, 2);
      return x;
    })(f32([1]));
    const g = jit((y: Array) => np.add(y, leaked!));
    expect(thrown(() => g(f32([1]))).name).toBe("UnexpectedTracerError");
  });

  it("a leaked tracer returned by a later jit's closure is caught too", () => {
    let leaked: Array | null = null;
    jit((x: Array) => {
      leaked = x;
      return x;
    })(f32([3]));
    expect(thrown(() => jit(() => leaked!)()).name).toBe("UnexpectedTracerError");
  });

  it("a tracer leaked from grad inside jit", () => {
    let leaked: Array | null = null;
    const f = jit((x: Array) =>
      grad((y: Array) => {
        leaked = y;
        return np.sum(np.multiply(y, y));
      })(x),
    );
    f(f32([1, 2]));
    expect(thrown(() => np.multiply(leaked!, 2)).name).toBe("UnexpectedTracerError");
  });

  it("jit works normally after a leak was reported", () => {
    expect(jit((x: Array) => np.add(x, 1))(f32([1])).tolist()).toEqual([2]);
  });
});

describe("other errors", () => {
  it("staticArgnums out of range", () => {
    const f = jit((x: Array) => x, { staticArgnums: 3 });
    const e = thrown(() => f(f32(1)));
    expect(e.message).toMatch(/staticArgnums/);
    expect(e.message).toMatch(/3/);
    expect(e.message).toMatch(/1 positional argument/);
    const g = jit((x: Array, k: number) => np.add(x, k), { staticArgnums: -3 });
    expect(thrown(() => g(f32(1), 2)).message).toMatch(/staticArgnums/);
  });

  it("a non-array argument in a dynamic position names its type", () => {
    const f = jit((x: Array, s: unknown) => np.add(x, s as number));
    const e = thrown(() => f(f32(1), "two"));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toContain("string");
  });

  it("shape errors inside jit are TypeErrors naming the operation and the shapes", () => {
    const f = jit((x: Array, y: Array) => np.add(x, y));
    const e = thrown(() => f(f32([1, 2, 3]), f32([1, 2, 3, 4])));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toContain("(3,)");
    expect(e.message).toContain("(4,)");
  });

  it("a failed trace is not cached and leaves the trace stack clean", () => {
    let fail = true;
    const f = (x: Array): Array => {
      if (fail) throw new Error("user error while tracing");
      return np.add(x, 1);
    };
    const jf = jit(f);
    expect(() => jf(f32([1]))).toThrow("user error while tracing");
    fail = false;
    expect(jf(f32([1])).tolist()).toEqual([2]);
    // Eager code and other transforms are unaffected.
    expect(np.add(f32(1), 1).tolist()).toBe(2);
    expect((grad((x: Array) => np.multiply(x, x))(f32(3)) as Array).item()).toBe(6);
    expect(vmap((x: Array) => np.sum(x))(np.ones([2, 3])).tolist()).toEqual([3, 3]);
  });

  it("the error thrown inside a traced function propagates unchanged", () => {
    class MyError extends Error {}
    const jf = jit(() => {
      throw new MyError("mine");
    });
    expect(() => jf()).toThrow(MyError);
  });
});
