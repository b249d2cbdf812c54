// debug.print: prints the values of each run (not of the trace) inside jit, vmap and grad and their
// compositions, with str.format placeholders; the print survives dead-code elimination and keeps
// program order. Values are checked by the numbers in the printed lines, so the tests hold for
// any array formatting.
import { describe, it, expect, beforeEach, afterEach, vi } from "vitest";
import { numpy as np, jit, grad, vmap, debug, makeJaxpr } from "../../src/index.js";
import type { Array } from "../../src/index.js";

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  debug.setPrintSink((l) => lines.push(l));
});
afterEach(() => debug.setPrintSink(null));

/** The numbers in printed text, skipping dtype names and flags. */
function numbersIn(text: string): number[] {
  const cleaned = text.replace(/dtype=\w+/g, "").replace(/weak_type=\w+/g, "").replace(/[a-z_]+\d+/gi, "");
  return (cleaned.match(/-?\d+(\.\d*)?(e[-+]?\d+)?/gi) ?? []).map(Number);
}
function expectNumbers(text: string, want: number[], tol = 1e-5): void {
  const got = numbersIn(text);
  expect(got.length, `numbers in ${JSON.stringify(text)}`).toBe(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i]!), `number ${i} of ${JSON.stringify(text)}`).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]!))));
}

const f32 = (v: number[] | number): Array => np.array(typeof v === "number" ? v : new Float32Array(v), { dtype: "float32" });

describe("debug.print inside jit", () => {
  it("prints the values of each call, with one trace", () => {
    let traces = 0;
    const jf = jit((x: Array) => {
      traces++;
      debug.print("x = {}", x);
      return np.multiply(x, 2);
    });
    jf(f32([1, 2, 3]));
    jf(f32([4, 5, 6]));
    expect(traces).toBe(1);
    expect(lines.length).toBe(2);
    expect(lines[0]).not.toBe(lines[1]);
    expect(lines[0]!.startsWith("x = ")).toBe(true);
    expectNumbers(lines[0]!, [1, 2, 3]);
    expectNumbers(lines[1]!, [4, 5, 6]);
  });

  it("prints the same text as an eager call with the same values", () => {
    const body = (x: Array, i: Array): Array => {
      debug.print("x={} i={}", x, i);
      return x;
    };
    const x = f32([0.5, -2]);
    const i = np.array(7, { dtype: "int32" });
    body(x, i);
    jit(body)(x, i);
    expect(lines.length).toBe(2);
    expect(lines[1]).toBe(lines[0]);
  });

  it("tracing alone prints nothing (lower, makeJaxpr)", () => {
    const f = (x: Array): Array => {
      debug.print("traced {}", x);
      return np.sin(x);
    };
    jit(f).lower(f32([1]));
    makeJaxpr(f)(f32([1]));
    expect(lines).toEqual([]);
  });

  it("prints computed intermediate values, in program order", () => {
    const jf = jit((x: Array) => {
      const y = np.multiply(x, 10);
      debug.print("first {}", y);
      const z = np.add(y, 1);
      debug.print("second {}", z);
      return z;
    });
    jf(f32([1, 2]));
    expect(lines.length).toBe(2);
    expect(lines[0]!.startsWith("first")).toBe(true);
    expectNumbers(lines[0]!, [10, 20]);
    expect(lines[1]!.startsWith("second")).toBe(true);
    expectNumbers(lines[1]!, [11, 21]);
  });

  it("a print with no values prints on every call", () => {
    const jf = jit((x: Array) => {
      debug.print("called");
      return np.add(x, 1);
    });
    jf(f32(1));
    jf(f32(2));
    expect(lines).toEqual(["called", "called"]);
  });

  it("is not removed as dead code when its values are otherwise unused", () => {
    const f = (x: Array): Array => {
      const unused = np.exp(x); // only the print reads this
      debug.print("exp {}", unused);
      return np.zeros([2]); // the output does not depend on x at all
    };
    const jf = jit(f);
    expect(jf(f32([0, 1])).tolist()).toEqual([0, 0]);
    expect(lines.length).toBe(1);
    expectNumbers(lines[0]!, [1, Math.E]);
    const opt = jf.lower(f32([0, 1])).optimizedJaxpr.toString();
    expect(opt).toContain("debug_callback");
    expect(opt).toContain("exp");
  });

  it("inside a nested jit, inlined into the outer program", () => {
    const inner = jit((x: Array) => {
      debug.print("inner {}", x);
      return np.square(x);
    });
    const outer = jit((x: Array) => np.add(inner(np.add(x, 1)), 0));
    outer(f32([2]));
    outer(f32([3]));
    expect(lines.length).toBe(2);
    expectNumbers(lines[0]!, [3]);
    expectNumbers(lines[1]!, [4]);
  });
});

describe("format strings", () => {
  const x = f32(1.5);
  const y = f32(-4);

  it("`{}` takes values in order, `{0}` by position, `{name}` from a trailing object", () => {
    const jf = jit((a: Array, b: Array) => {
      debug.print("auto {} {}", a, b);
      debug.print("pos {1} {0} {1}", a, b);
      debug.print("named {b} {a}", { a, b });
      debug.print("mixed {} and {c}", a, { c: b });
      return a;
    });
    jf(x, y);
    expect(lines.length).toBe(4);
    expect(lines[0]!.startsWith("auto ")).toBe(true);
    expectNumbers(lines[0]!, [1.5, -4]);
    expectNumbers(lines[1]!, [-4, 1.5, -4]);
    expectNumbers(lines[2]!, [-4, 1.5]);
    expect(lines[3]!).toMatch(/^mixed .* and .*/);
    expectNumbers(lines[3]!, [1.5, -4]);
  });

  it("`{{` and `}}` are literal braces", () => {
    jit((a: Array) => {
      debug.print("{{}} {{a}} = {a} }}{{", { a });
      return a;
    })(x);
    expect(lines.length).toBe(1);
    expect(lines[0]!.startsWith("{} {a} = ")).toBe(true);
    expect(lines[0]!.endsWith(" }{")).toBe(true);
    expectNumbers(lines[0]!, [1.5]);
  });

  it("JS numbers as values", () => {
    jit((a: Array) => {
      debug.print("{} {}", a, 3);
      return a;
    })(x);
    expectNumbers(lines[0]!, [1.5, 3]);
  });

  it("a field without a value is an error when the print is traced, as JAX checks the format", () => {
    const bad = (a: Array): Array => {
      debug.print("{} {}", a);
      return a;
    };
    expect(() => makeJaxpr(bad)(x)).toThrow(/\{\}/);
    expect(() => jit((a: Array) => {
      debug.print("{missing}", a);
      return a;
    }).lower(x)).toThrow(/missing/);
  });
});

describe("debug.print under vmap and grad", () => {
  it("eagerly, outside any transform", () => {
    debug.print("eager {}", f32([7, 8]));
    expect(lines.length).toBe(1);
    expectNumbers(lines[0]!, [7, 8]);
  });

  it("vmap prints the values of every batch element", () => {
    const f = (x: Array): Array => {
      debug.print("x: {}", x);
      const y = np.multiply(x, 3);
      debug.print("y: {}", y);
      return y;
    };
    for (const run of [() => vmap(f)(f32([0, 1, 2])), () => jit(vmap(f))(f32([0, 1, 2])), () => vmap(jit(f))(f32([0, 1, 2]))]) {
      lines = [];
      run();
      const xs = lines.filter((l) => l.startsWith("x:")).join(" ");
      const ys = lines.filter((l) => l.startsWith("y:")).join(" ");
      expectNumbers(xs, [0, 1, 2]);
      expectNumbers(ys, [0, 3, 6]);
      // All x prints come before all y prints (program order over the batch).
      expect(lines.findIndex((l) => l.startsWith("y:"))).toBeGreaterThan(lines.map((l) => l.startsWith("x:")).lastIndexOf(true));
    }
  });

  it("vmap with an unbatched printed value and a batch axis other than 0", () => {
    const c = f32(5);
    vmap((x: Array) => {
      debug.print("{} {}", x, c);
      return x;
    }, { inAxes: 1 })(f32([1, 2, 3, 4]).reshape([2, 2]));
    const nums = numbersIn(lines.join(" "));
    // Columns of [[1, 2], [3, 4]]: [1, 3] and [2, 4]; the constant 5 with each.
    expect(nums.filter((n) => n !== 5).sort()).toEqual([1, 2, 3, 4]);
    expect(nums).toContain(5);
  });

  it("grad prints the primal values once, and the gradient is unchanged", () => {
    const f = (x: Array): Array => {
      debug.print("x: {}", x);
      return np.sum(np.multiply(x, x));
    };
    const x = f32([1, -2]);
    for (const g of [grad(f), jit(grad(f)), grad(jit(f))]) {
      lines = [];
      expect((g(x) as Array).tolist()).toEqual([2, -4]);
      expect(lines.length).toBe(1);
      expectNumbers(lines[0]!, [1, -2]);
    }
  });

  it("grad prints primal intermediates, not tangents", () => {
    const f = (x: Array): Array => {
      const y = np.sin(x);
      debug.print("y: {}", y);
      return np.sum(y);
    };
    grad(f)(f32([0, 1]));
    expect(lines.length).toBe(1);
    expectNumbers(lines[0]!, [0, Math.sin(1)]);
  });

  it("jit(vmap(grad(f))) prints each example's primal values", () => {
    const loss = (p: Array, x: Array): Array => {
      debug.print("x: {}", x);
      return np.sum(np.square(np.multiply(p, x)));
    };
    const per = jit(vmap(grad(loss), { inAxes: [null, 0] }));
    const out = per(f32([1, 2]), f32([1, 2, 3, 4]).reshape([2, 2]));
    // d/dp sum((p x)^2) = 2 p x^2
    expect((out as Array).tolist()).toEqual([
      [2, 16],
      [18, 64],
    ]);
    expectNumbers(lines.join(" "), [1, 2, 3, 4]);
    // A second call with other values prints those.
    lines = [];
    per(f32([1, 2]), f32([5, 6, 7, 8]).reshape([2, 2]));
    expectNumbers(lines.join(" "), [5, 6, 7, 8]);
  });
});

describe("print sink", () => {
  it("setPrintSink(null) goes back to console.log", () => {
    debug.setPrintSink(null);
    const spy = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      jit((x: Array) => {
        debug.print("to console {}", x);
        return x;
      })(f32([9]));
      expect(spy).toHaveBeenCalledTimes(1);
      expect(String(spy.mock.calls[0]![0])).toMatch(/^to console /);
    } finally {
      spy.mockRestore();
    }
  });
});
