// lax.reduceWindow and its primitives (issue 21): values against a direct float64 loop over a
// grid of configurations (every padding kind, strides, base and window dilation, 1/2/3-D, odd
// sizes, init values, user monoids); values and derivatives against JAX 0.10.2 (ties included);
// checkGrads order 2 in float64; vmap against a loop; jit against eager (twice); JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jit, jvp, vmap, makeJaxpr, nn } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";
import * as J from "./reduceWindowJaxValues.js";
import { pads, reference, sizeOf, values, type Monoid, type Padding, type Pads } from "./reduceWindowReference.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });

const flatten = (v: unknown): number[] => (globalThis.Array.isArray(v) ? v.flatMap(flatten) : [v as number]);
function expectClose(got: Array, want: { data: number[]; shape: number[] }, tol = 1e-12): void {
  expect(got.shape).toEqual(want.shape);
  const g = globalThis.Array.from(got.dataSync() as ArrayLike<number>, Number);
  want.data.forEach((w, i) => {
    if (!Number.isFinite(w)) expect(g[i]).toBe(w);
    else expect(Math.abs(g[i]! - w)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w)));
  });
}
const expectNested = (got: Array, want: unknown, tol = 1e-12): void => expectClose(got, { data: flatten(want), shape: [...got.shape] }, tol);

interface Config {
  shape: number[];
  window: number[];
  strides: number[];
  padding: Padding;
  bdil: number[];
  wdil: number[];
}

/** The grid: for ranks 1-3, every padding kind crossed with strides and both dilations. */
function grid(): Config[] {
  const shapes = [[7], [5, 6], [3, 4, 5]];
  const windows = [[3], [2, 3], [2, 1, 3]];
  const explicit: Pads[] = [[[1, 2]], [[2, 0], [1, 1]], [[0, 1], [2, 2], [1, 0]]];
  const out: Config[] = [];
  shapes.forEach((shape, r) => {
    for (const padding of ["VALID", "SAME", "SAME_LOWER", explicit[r]!] as Padding[]) {
      for (const s of [1, 2]) {
        for (const b of [1, 2]) {
          for (const w of [1, 2]) {
            out.push({ shape, window: windows[r]!, strides: shape.map((_, i) => (i === 0 ? s : 1 + ((s + i) % 2))), padding, bdil: shape.map((_, i) => (i % 2 === 0 ? b : 1)), wdil: shape.map((_, i) => (i === shape.length - 1 ? w : 1)) });
          }
        }
      }
    }
  });
  return out;
}

const label = (c: Config): string => `shape ${c.shape} window ${c.window} strides ${c.strides} padding ${JSON.stringify(c.padding)} base ${c.bdil} window dilation ${c.wdil}`;

describe("lax.reduceWindow against a direct loop", () => {
  const monoids: [string, (a: never, b: never) => unknown, number, Monoid][] = [
    ["sum", lax.add, 0, (a, b) => a + b],
    ["max", lax.max, -Infinity, Math.max],
    ["min", lax.min, Infinity, Math.min],
    ["sum from 1.5 (general primitive)", lax.add, 1.5, (a, b) => a + b],
    ["product (user monoid)", (a: never, b: never) => lax.mul(a as Array, b as Array), 1, (a, b) => a * b],
  ];
  it.each(grid().map((c) => [label(c), c] as const))("%s", (_name, c) => {
    const x = values(c.shape);
    const p = pads(c.padding, c.shape, c.window, c.strides, c.wdil);
    for (const [, computation, init, f] of monoids) {
      const got = lax.reduceWindow(f64(x).reshape(c.shape), init, computation, c.window, c.strides, c.padding, c.bdil, c.wdil);
      expectClose(got, reference(x, c.shape, init, f, c.window, c.strides, p, c.bdil, c.wdil), 1e-12);
    }
  });

  it("float32 and int32 operands; int32 sums wrap", () => {
    const x = values([4, 6]);
    const ref = reference(x.map(Math.fround), [4, 6], 0, (a, b) => a + b, [2, 3], [1, 2], [[1, 0], [1, 1]], [1, 1], [1, 1]);
    expectClose(lax.reduceWindow(np.array(x, { dtype: "float32" }).reshape([4, 6]), 0, lax.add, [2, 3], [1, 2], [[1, 0], [1, 1]]), ref, 1e-6);
    const xi = np.array([[5, -3, 7, 2, 9], [1, 8, -6, 4, 0]], { dtype: "int32" });
    expect(lax.reduceWindow(xi, -2147483648, lax.max, [2, 2], [1, 2], "SAME").tolist()).toEqual(J.INT_MAX);
    expect(lax.reduceWindow(xi, 0, lax.add, [1, 3], [1, 1], [[0, 0], [1, 1]]).tolist()).toEqual(J.INT_SUM);
    const big = np.array([2147483647, 1], { dtype: "int32" });
    expect(lax.reduceWindow(big, 0, lax.add, [2]).tolist()).toEqual([-2147483648]);
  });

  it("NHWC and NCHW pooling layouts (the untouched trailing dims as one block) match the loop", () => {
    for (const [shape, window, strides] of [
      [[2, 6, 5, 3], [1, 2, 2, 1], [1, 2, 2, 1]],
      [[2, 3, 6, 5], [1, 1, 3, 3], [1, 1, 2, 2]],
      [[2, 5, 4, 2, 3], [1, 2, 1, 1, 1], [1, 1, 1, 1, 1]],
    ] as [number[], number[], number[]][]) {
      const x = values(shape, 3);
      for (const [computation, init, f] of [[lax.max, -Infinity, Math.max], [lax.add, 0, (a: number, b: number) => a + b]] as const) {
        const p = pads("SAME", shape, window, strides, shape.map(() => 1));
        const ones = shape.map(() => 1);
        expectClose(lax.reduceWindow(f64(x).reshape(shape), init, computation, window, strides, "SAME"), reference(x, shape, init, f, window, strides, p, ones, ones));
      }
    }
  });

  it("empty windows and empty outputs", () => {
    expect(lax.reduceWindow(f64([1, 2]), 0, lax.add, [3]).shape).toEqual([0]);
    expect(lax.reduceWindow(np.zeros([0, 3]), 0, lax.add, [1, 2]).shape).toEqual([0, 2]);
    // A window entirely in the padding reduces nothing: the init value.
    expect(lax.reduceWindow(f64([1, 2]), -Infinity, lax.max, [1], [1], [[2, 0]]).tolist()).toEqual([-Infinity, -Infinity, 1, 2]);
  });
});

describe("lax.reduceWindow against JAX 0.10.2", () => {
  const x = f64(J.X);
  it("values: SAME max, dilated sum, SAME_LOWER min, windowed product", () => {
    expectNested(lax.reduceWindow(x, -Infinity, lax.max, [1, 3, 2], [1, 2, 2], "SAME"), J.MAX_SAME);
    expectNested(lax.reduceWindow(x, 0, lax.add, [1, 2, 3], [1, 1, 2], [[0, 0], [1, 2], [2, 0]], [1, 2, 1], [1, 1, 2]), J.SUM_DIL);
    expectNested(lax.reduceWindow(x, Infinity, lax.min, [2, 2, 2], [1, 3, 1], "SAME_LOWER"), J.MIN_LOWER);
    expectNested(lax.reduceWindow(x, 1, lax.mul, [1, 2, 2], [1, 1, 1], "VALID", null, [1, 2, 1]), J.MUL);
  });

  it("the monoid runs as f(accumulator, element) in row-major order, padding and holes skipped", () => {
    const twiceAccPlus = (a: never, b: never): Array => lax.add(lax.mul(a as Array, 2), b as Array);
    expect(lax.reduceWindow(f64([1, 2, 3]), 0, twiceAccPlus, [2]).tolist()).toEqual([4, 7]);
    expect(lax.reduceWindow(np.arange(12, { dtype: "float64" }).reshape([3, 4]), 0, twiceAccPlus, [2, 2]).tolist()).toEqual([[17, 32, 47], [77, 92, 107]]);
    expect(lax.reduceWindow(f64([1, 2, 3]), 10, (a: never, b: never) => lax.add(a as Array, b as Array), [2], [1], [[1, 1]]).tolist()).toEqual([11, 13, 15, 13]);
    expect(lax.reduceWindow(f64([1, 2, 3]), 2, (a: never, b: never) => lax.mul(a as Array, b as Array), [3], [1], "VALID", [2]).tolist()).toEqual([4, 4, 12]);
  });

  it("monoids the kernel cannot inline (a jitted call, a captured array) run as a compiled program, with the same values", () => {
    const x = f64(values([5, 6])).reshape([5, 6]);
    const want = lax.reduceWindow(x, 1, lax.mul, [2, 3], [1, 2], "SAME").tolist();
    const jitted = jit((a: Array, b: Array) => lax.mul(a, b));
    expect(lax.reduceWindow(x, 1, (a: never, b: never) => jitted(a, b), [2, 3], [1, 2], "SAME").tolist()).toEqual(want);
    const two = f64([2]).reshape([]);
    const scaled = lax.reduceWindow(x, 1, (a: never, b: never) => lax.mul(a as Array, lax.mul(b as Array, two)), [2, 3], [1, 2], "SAME");
    expectNested(scaled, lax.reduceWindow(np.multiply(x, 2), 1, lax.mul, [2, 3], [1, 2], "SAME").tolist());
    expect(jit((y: Array) => lax.reduceWindow(y, 1, (a: never, b: never) => jitted(a, b), [2, 3], [1, 2], "SAME"))(x).tolist()).toEqual(want);
  });

  it("a pytree of operands: (value, index) pairs reduced together (argmax pooling)", () => {
    const v = f64([3, 1, 4, 1, 5, 9, 2, 6]);
    const argmax = (a: never, b: never): [Array, Array] => {
      const [[av, ai], [bv, bi]] = [a as [Array, Array], b as [Array, Array]];
      const pick = lax.ge(av, bv);
      return [lax.select(pick, av, bv), lax.select(pick, ai, bi)];
    };
    const [m, i] = lax.reduceWindow([v, np.arange(8, { dtype: "float64" })], [-Infinity, -1], argmax, [3], [2], "SAME");
    expect([m.tolist(), i.tolist()]).toEqual(J.ARGMAX_TREE);
  });

  it("gradients of SAME max pooling, of a dilated sum and of min pooling over a dilated base", () => {
    const fMax = (x: Array): Array => np.sum(np.cos(lax.reduceWindow(x, -Infinity, lax.max, [1, 3, 2], [1, 2, 2], "SAME")));
    expectNested(grad(fMax)(x), J.GRAD_MAX_SAME);
    const fSum = (x: Array): Array => np.sum(np.cos(lax.reduceWindow(x, 0, lax.add, [1, 2, 3], [1, 1, 2], [[0, 0], [1, 2], [2, 0]], [1, 2, 1], [1, 1, 2])));
    expectNested(grad(fSum)(x), J.GRAD_SUM_DIL);
    const fMin = (x: Array): Array => np.sum(np.sin(lax.reduceWindow(x, Infinity, lax.min, [1, 2, 2], [1, 1, 1], [[0, 0], [1, 1], [0, 1]], [1, 2, 1])));
    expectNested(grad(fMin)(x), J.GRAD_MIN_BDIL);
  });

  it("max pooling's gradient with ties goes to the first maximal element of each window (select_and_scatter_add)", () => {
    const t = f64(J.T);
    const w = np.arange(1, 13, { dtype: "float64" }).reshape([3, 4]);
    const f = (t: Array): Array => np.sum(np.multiply(lax.reduceWindow(t, -Infinity, lax.max, [2, 2], [1, 1], "SAME"), w));
    expect(grad(f)(t).tolist()).toEqual(J.GRAD_TIES);
    // jit computes the same tie-breaking.
    expect(jit(grad(f))(t).tolist()).toEqual(J.GRAD_TIES);
  });

  it("the JVP of max pooling with ties takes the first maximal element's tangent (unpadded windows, as JAX)", () => {
    // JAX 0.10.2: jax.jvp of VALID max pooling; with padding, XLA's CPU backend reorders the taps
    // of its variadic reduce_window (column first), which dprog does not imitate.
    const tan = (n: number[]): Array => np.arange(1, sizeOf(n) + 1, { dtype: "float64" }).reshape(n);
    const jv = (x: number[][], window: number[]): unknown => jvp((a: Array) => lax.reduceWindow(a, -Infinity, lax.max, window, [1, 1]), [f64(x)], [tan([x.length, x[0]!.length])])[1].tolist();
    expect(jv([[1, 3], [3, 2]], [2, 2])).toEqual([[2]]);
    expect(jv([[3, 3, 3], [3, 3, 3], [3, 3, 3]], [3, 3])).toEqual([[1]]);
    expect(jv(J.T, [2, 2])).toEqual([[2, 2, 3], [5, 7, 7]]);
    const y = f64([1, 3, 3, 2, 3]);
    const [, t] = jvp((a: Array) => lax.reduceWindow(a, -Infinity, lax.max, [3], [1]), [y], [f64([1, 10, 100, 1000, 10000])]);
    expect(t.tolist()).toEqual([10, 10, 100]);
  });

  it("the JVP of the general reduce_window (a product) is JAX's", () => {
    const [, t] = jvp((a: Array) => lax.reduceWindow(a, 1, lax.mul, [1, 2, 2], [1, 1, 1], "VALID", null, [1, 2, 1]), [x], [np.cos(x)]);
    expectNested(t, J.JVP_MUL);
  });
});

describe("reduce_window under transforms", () => {
  const x = f64(values([2, 5, 4])).reshape([2, 5, 4]);
  const cases: [string, (x: Array) => Array][] = [
    ["sum, SAME, dilated", (x) => lax.reduceWindow(x, 0, lax.add, [1, 2, 3], [1, 2, 1], "SAME", [1, 1, 2], [1, 2, 1])],
    ["max, explicit padding, base dilation", (x) => lax.reduceWindow(x, -Infinity, lax.max, [2, 2, 2], [1, 1, 2], [[0, 1], [1, 0], [1, 1]], [1, 2, 1])],
    ["min, SAME_LOWER", (x) => lax.reduceWindow(x, Infinity, lax.min, [1, 3, 2], [1, 2, 1], "SAME_LOWER")],
    ["product (general)", (x) => lax.reduceWindow(x, 1, lax.mul, [1, 2, 2], [1, 1, 1], [[0, 0], [1, 0], [0, 1]])],
    ["max pooling's gradient (select_and_scatter_add)", (x) => grad((y: Array) => np.sum(np.sin(lax.reduceWindow(y, -Infinity, lax.max, [1, 2, 2], [1, 2, 1], "SAME"))))(x)],
    ["max pooling's JVP (select_and_gather_add)", (x) => jvp((y: Array) => lax.reduceWindow(y, -Infinity, lax.max, [2, 3, 1], [1, 1, 1], "SAME", [1, 1, 2]), [x], [np.cos(x)])[1]],
  ];

  it.each(cases)("%s: jit equals eager, called twice", (_n, f) => {
    const eager = f(x).tolist();
    const jitted = jit(f);
    expect(jitted(x).tolist()).toEqual(eager);
    expect(jitted(x).tolist()).toEqual(eager);
  });

  it.each(cases)("%s: vmap over each axis equals a loop", (_n, f) => {
    const examples = [0, 1, 2].map((s) => f64(values([2, 5, 4], 10 * s)).reshape([2, 5, 4]));
    for (const axis of [0, 1, 2, 3]) {
      const batch = np.stack(examples, axis);
      const got = vmap(f, { inAxes: axis })(batch);
      examples.forEach((e, i) => expectNested(got.get(i), f(e).tolist(), 1e-12));
    }
  });

  it("vmap of the general reduce_window over a pytree with one unbatched operand", () => {
    const argmax = (a: never, b: never): [Array, Array] => {
      const [[av, ai], [bv, bi]] = [a as [Array, Array], b as [Array, Array]];
      const pick = lax.ge(av, bv);
      return [lax.select(pick, av, bv), lax.select(pick, ai, bi)];
    };
    const idx = np.arange(5, { dtype: "float64" });
    const f = (v: Array): [Array, Array] => lax.reduceWindow([v, idx], [-Infinity, -1], argmax, [2], [1], "SAME");
    const rows = f64(values([3, 5]));
    const got = vmap(f)(rows.reshape([3, 5]));
    for (let i = 0; i < 3; i++) {
      const [m, j] = f(rows.reshape([3, 5]).get(i));
      expect(got[0].get(i).tolist()).toEqual(m.tolist());
      expect(got[1].get(i).tolist()).toEqual(j.tolist());
    }
  });

  it("checkGrads order 2 (float64) for sum, max and min pooling (no ties) and the general product", () => {
    for (const [, f] of cases.slice(0, 3)) checkGrads(f, [x], 2);
    // Forward mode only: reverse mode through the general primitive fails, as in JAX.
    checkGrads(cases[3]![1], [x], 2, { modes: ["fwd"] });
  });

  it("checkGrads of max pooling's gradient itself (select_and_scatter_add / select_and_gather_add transposes)", () => {
    checkGrads((y: Array) => grad((z: Array) => np.sum(np.sin(lax.reduceWindow(z, -Infinity, lax.max, [1, 2, 2], [1, 2, 1], "SAME", [1, 1, 2]))))(y), [x], 1);
  });

  it("the jaxpr has JAX's primitives", () => {
    const text = makeJaxpr((y: Array) => grad((z: Array) => np.sum(lax.reduceWindow(z, -Infinity, lax.max, [1, 2, 2], [1, 2, 2])))(y))(x).toString();
    expect(text).toContain("select_and_scatter_add");
    expect(makeJaxpr((y: Array) => lax.reduceWindow(y, 0, lax.add, [1, 2, 2]))(x).toString()).toContain("reduce_window_sum[");
    expect(makeJaxpr((y: Array) => lax.reduceWindow(y, 1, lax.mul, [1, 2, 2]))(x).toString()).toContain("reduce_window[");
  });
});

describe("reduce_window errors (JAX's)", () => {
  const x = f64(values([3, 4])).reshape([3, 4]);
  it("geometry", () => {
    expect(() => lax.reduceWindow(x, 0, lax.add, [2])).toThrow("reduce_window got the wrong number of window_dimensions for operand: got operand shape (3, 4) with window_dimensions (2,).");
    expect(() => lax.reduceWindow(x, 0, lax.add, [0, 1])).toThrow("reduce_window window_dimensions must have every element be strictly positive, got (0, 1).");
    expect(() => lax.reduceWindow(x, 0, lax.add, [1, 1], [1, 0])).toThrow("reduce_window window_strides must have every element be strictly positive, got (1, 0).");
    expect(() => lax.reduceWindow(x, 0, lax.add, [1, 1], [1])).toThrow(TypeError);
    expect(() => lax.reduceWindow(x, 0, lax.add, [1, 1], [1, 1], "VALID", [1])).toThrow("reduce_window got inconsistent base_dilation and window_dimensions: got base_dilation (1,) and window_dimensions (1, 1).");
    expect(() => lax.reduceWindow(x, 0, lax.add, [1, 1], [1, 1], "FULL" as "SAME")).toThrow("Unrecognized padding type: expected 'VALID', 'SAME', or 'SAME_LOWER', got FULL.");
  });
  it("operands and init values", () => {
    expect(() => lax.reduceWindow(x, np.array(1, { dtype: "float32" }), lax.mul, [1, 1])).toThrow(
      "reduce_window got inconsistent dtypes for operands and init_values: got operand dtypes [float64] and init_value dtypes [float32].",
    );
    expect(() => lax.reduceWindow(x, f64([1, 2]), lax.mul, [1, 1])).toThrow("reduce_window expected init_values to be scalars but init_values have shapes [(2,)].");
    expect(() => lax.reduceWindow([x, x], [0], lax.add, [1, 1])).toThrow("Operands must have the same tree structure as init_values");
    expect(() => lax.reduceWindow([], [], lax.add, [1, 1])).toThrow("reduce_window must have at least one operand.");
    expect(() => lax.reduceWindow(np.array([true, false]), false, lax.add, [1])).toThrow("operand to reduce_window_sum must have a number dtype, got bool");
  });
  it("reverse mode through the general primitive, and max pooling's VJP with window dilation, are not implemented (as JAX)", () => {
    expect(() => grad((y: Array) => np.sum(lax.reduceWindow(y, 1, lax.mul, [2, 2])))(x)).toThrow();
    expect(() => grad((y: Array) => np.sum(lax.reduceWindow(y, -Infinity, lax.max, [2, 2], [1, 1], "VALID", null, [1, 2])))(x)).toThrow(
      "VJP not implemented for select_and_gather (MaxPool) with window dilation, got window_dilation=(1, 2).",
    );
  });
  it("batched init values are not implemented (as JAX)", () => {
    expect(() => vmap((v: Array) => lax.reduceWindow(x, v, lax.mul, [2, 2]))(f64([1, 2]))).toThrow("reduce_window batching is not implemented for initial values");
  });
});

describe("nn pooling (flax.linen semantics)", () => {
  const img = f64(values([2, 5, 6, 3])).reshape([2, 5, 6, 3]);
  it("maxPool, minPool and avgPool are reduce_window over the spatial dims", () => {
    expect(nn.maxPool(img, [2, 2], { strides: [2, 2] }).tolist()).toEqual(lax.reduceWindow(img, -Infinity, lax.max, [1, 2, 2, 1], [1, 2, 2, 1]).tolist());
    expect(nn.minPool(img, [3, 2], { padding: "SAME" }).tolist()).toEqual(lax.reduceWindow(img, Infinity, lax.min, [1, 3, 2, 1], [1, 1, 1, 1], "SAME").tolist());
    const avg = nn.avgPool(img, [2, 3], { strides: [1, 2], padding: [[1, 0], [0, 1]] });
    expectNested(avg, np.divide(lax.reduceWindow(img, 0, lax.add, [1, 2, 3, 1], [1, 1, 2, 1], [[0, 0], [1, 0], [0, 1], [0, 0]]), 6).tolist());
  });
  it("avgPool with countIncludePad false divides by the real elements of each window", () => {
    const x = np.ones([1, 3, 3, 1], { dtype: "float64" });
    expect(nn.avgPool(x, [2, 2], { padding: "SAME", countIncludePad: false }).reshape([3, 3]).tolist()).toEqual([[1, 1, 1], [1, 1, 1], [1, 1, 1]]);
    expect(nn.avgPool(x, [2, 2], { padding: "SAME" }).reshape([3, 3]).tolist()).toEqual([[1, 1, 0.5], [1, 1, 0.5], [0.5, 0.5, 0.25]]);
  });
  it("unbatched inputs (spatial..., features) pool too; too few dims is a ValueError", () => {
    expect(nn.maxPool(img.get(0), [2, 2]).shape).toEqual([4, 5, 3]);
    expect(() => nn.maxPool(f64([1, 2, 3]), [2, 2])).toThrow("pooling expects inputs of rank at least 3");
  });
});

describe("lax.reduceWindowShapeTuple", () => {
  it("explicit pads give JAX's values (values from JAX 0.10.2's lax.reduce_window_shape_tuple)", () => {
    expect(lax.reduceWindowShapeTuple([5, 6], [2, 2], [2, 2], [[0, 0], [1, 0]])).toEqual([2, 3]);
    expect(lax.reduceWindowShapeTuple([7, 6], [2, 3], [3, 1], [[1, 2], [0, 1]], [1, 2], [2, 1])).toEqual([3, 10]);
  });
  it("a padding type, typed or not, resolves as reduceWindow resolves it (shapes of JAX 0.10.2's lax.reduce_window)", () => {
    // Untyped callers (plain JS) once got [NaN, NaN] for a string.
    const untyped = (p: string): lax.WindowPaddingLike => p as lax.WindowPaddingLike;
    expect(lax.reduceWindowShapeTuple([5, 6], [2, 2], [2, 2], untyped("VALID"))).toEqual([2, 3]);
    expect(lax.reduceWindowShapeTuple([5, 6], [2, 2], [2, 2], "SAME")).toEqual([3, 3]);
    expect(lax.reduceWindowShapeTuple([5, 6], [2, 2], [2, 2], "same_lower")).toEqual([3, 3]);
    expect(lax.reduceWindowShapeTuple([7, 6], [2, 3], [3, 1], "VALID", [1, 2], [2, 1])).toEqual([2, 9]);
    expect(lax.reduceWindowShapeTuple([7, 6], [2, 3], [3, 1], "SAME", [1, 2], [2, 1])).toEqual([3, 11]);
    expect(lax.reduceWindowShapeTuple([7, 6], [2, 3], [3, 1], "SAME_LOWER", [1, 2], [2, 1])).toEqual([3, 11]);
    const x = np.zeros([7, 6]);
    expect(lax.reduceWindow(x, 0, lax.add, [2, 3], [3, 1], "SAME", [1, 2], [2, 1]).shape).toEqual([3, 11]);
  });
  it("a bad padding or a rank mismatch is an error, never NaN", () => {
    expect(() => lax.reduceWindowShapeTuple([5, 6], [2, 2], [2, 2], "FULL" as lax.WindowPaddingLike)).toThrow("Unrecognized padding type");
    expect(() => lax.reduceWindowShapeTuple([5, 6], [2, 2], [2, 2], [[0, 0]])).toThrow("padding has length 1, but the operand shape (5, 6) has rank 2");
    expect(() => lax.reduceWindowShapeTuple([5, 6], [2], [2, 2], "VALID")).toThrow("windowDimensions has length 1");
  });
});
