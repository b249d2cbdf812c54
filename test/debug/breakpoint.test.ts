// debug.breakpoint: a debug callback that stops with named values (JAX: jax.debug.breakpoint with
// the frame's locals). Checked: its values under jit (each run), vmap (per example, as JAX unrolls
// debug callbacks), grad (forward pass), the default stop's printed line, and bad options.
import { describe, expect, it } from "vitest";
import { debug, grad, jit, numpy as np, vmap, Array } from "../../src/index.js";
import { setPrintSink } from "../../src/debug/index.js";

describe("debug.breakpoint", () => {
  it("hands onBreak the runtime values under jit, each run", () => {
    const seen: number[][] = [];
    const f = jit((x: Array) => {
      const y = np.multiply(x, 2);
      debug.breakpoint({ locals: { x, y }, onBreak: ({ y }) => seen.push(y.tolist() as number[]) });
      return y;
    });
    f(np.array([1, 2], { dtype: "float32" }));
    f(np.array([3, 4], { dtype: "float32" }));
    expect(seen).toEqual([
      [2, 4],
      [6, 8],
    ]);
  });

  it("stops once per example under vmap, and in the forward pass under grad", () => {
    const xs: number[] = [];
    vmap((x: Array) => {
      debug.breakpoint({ locals: { x }, onBreak: ({ x }) => xs.push(x.item() as number) });
      return x;
    })(np.array([5, 6, 7], { dtype: "float32" }));
    expect(xs).toEqual([5, 6, 7]);
    const primals: number[] = [];
    const g = grad((x: Array) => {
      debug.breakpoint({ locals: { x }, onBreak: ({ x }) => primals.push(x.item() as number) });
      return np.sin(x);
    })(np.array(0.5, { dtype: "float64" }));
    expect(g.item()).toBeCloseTo(Math.cos(0.5), 12);
    expect(primals).toEqual([0.5]);
  });

  it("by default prints the values (str form) and continues without an inspector; setBreakpointHandler replaces it", () => {
    const lines: string[] = [];
    setPrintSink((l) => lines.push(l));
    try {
      jit((x: Array) => {
        debug.breakpoint({ locals: { x, pair: [x, 3] } });
        debug.breakpoint();
        return x;
      })(np.array([1.5, 2], { dtype: "float32" }));
    } finally {
      setPrintSink(null);
    }
    // The locals arrive as a pytree: dict keys sorted, as JAX's.
    expect(lines).toEqual(["Entering jdb (debug.breakpoint): pair = [[1.5 2. ], 3.0], x = [1.5 2. ]", "Entering jdb (debug.breakpoint)"]);
    const handled: string[][] = [];
    debug.setBreakpointHandler((locals) => handled.push(Object.keys(locals)));
    try {
      debug.breakpoint({ locals: { a: np.array(1) } });
    } finally {
      debug.setBreakpointHandler(null);
    }
    expect(handled).toEqual([["a"]]);
  });

  it("rejects bad options with TypeError", () => {
    expect(() => debug.breakpoint(3 as never)).toThrow(TypeError);
    expect(() => debug.breakpoint({ onBreak: 3 as never })).toThrow("onBreak must be a function");
  });
});
