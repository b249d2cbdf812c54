// The structure of what jit compiles, read through lower(): fused elementwise chains (with their
// reductions) become one kernel with one loop nest and no intermediate buffers; views (transposes,
// broadcasts, reshapes) cost no kernel; nested jits fuse across the call boundary; and the pass
// pipeline removes what eager evaluation would compute needlessly (common subexpressions,
// constant-only arithmetic, identities, dead code). Values are checked against eager too, so a
// structural win cannot hide a wrong answer.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jit, grad, vmap } from "../../src/index.js";
import { setWindowFusion } from "../../backends/js/compile.js";
import type { Array, Lowered } from "../../src/index.js";
import { mulberry32 } from "../util/random.js";

const rand = mulberry32(11);
const randf = (shape: number[]): Array => {
  const n = shape.reduce((a, b) => a * b, 1);
  return np.array(Float32Array.from({ length: n }, () => 2 * rand() - 1), { shape, dtype: "float32" });
};

/** The kernel functions in lower().source (everything after the `program` function). */
function kernelSources(lowered: Lowered): string[] {
  const parts = lowered.source.split(/\n(?=function )/);
  expect(parts[0]!.startsWith("function program(")).toBe(true);
  return parts.slice(1);
}
/** The `program` function: the sequence of kernel calls. */
const programOf = (lowered: Lowered): string => lowered.source.split(/\n(?=function )/)[0]!;
/** Typed-array allocations in the program (outputs and intermediates). */
const allocations = (lowered: Lowered): number => (programOf(lowered).match(/new (Float32|Float64|Int32|Uint32|Uint8)Array\(/g) ?? []).length;
/** Equations of the optimized jaxpr by primitive. */
const primitives = (lowered: Lowered): string[] => lowered.optimizedJaxpr.jaxpr.eqns.map((e) => e.primitive);

function expectClose(a: Array, b: Array, tol = 1e-5): void {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  for (let i = 0; i < y.length; i++) expect(Math.abs(Number(x[i]) - Number(y[i]))).toBeLessThanOrEqual(tol * (1 + Math.abs(Number(y[i]))));
}

describe("fused elementwise chains", () => {
  // The example.
  const example = (x: Array, a: Array | number, b: Array | number): Array =>
    np.sum(np.subtract(np.multiply(np.tanh(np.add(np.multiply(x, a), b)), x), np.exp(np.negative(np.multiply(x, x)))));

  it("sum(tanh(x*a+b)*x - exp(-x*x)) with JS-number a, b lowers to exactly 1 kernel", () => {
    const x = randf([1000]);
    const lowered = jit(example).lower(x, 0.7, -0.2);
    expect(lowered.kernelCount).toBe(1);
    const kernels = kernelSources(lowered);
    expect(kernels.length).toBe(1);
    expect(kernels[0]).toContain("Math.tanh");
    expect(kernels[0]).toContain("Math.exp");
    // Only the scalar output is allocated: no intermediate arrays.
    expect(allocations(lowered)).toBe(1);
    expectClose(jit(example)(x, 0.7, -0.2), example(x, 0.7, -0.2), 1e-4);
  });

  it("the same with float32 scalar arrays a, b: 1 kernel", () => {
    const x = randf([1000]);
    const a = np.array(0.7, { dtype: "float32" });
    const b = np.array(-0.2, { dtype: "float32" });
    const lowered = jit(example).lower(x, a, b);
    expect(lowered.kernelCount).toBe(1);
    expect(allocations(lowered)).toBe(1);
  });

  it("a broadcasting elementwise chain over [3,1] and [1,4] is one kernel writing only the output", () => {
    const f = (x: Array, y: Array): Array => np.sqrt(np.add(np.square(np.subtract(x, y)), np.multiply(np.abs(x), 0.5)));
    const x = randf([3, 1]);
    const y = randf([1, 4]);
    const lowered = jit(f).lower(x, y);
    expect(lowered.kernelCount).toBe(1);
    expect(allocations(lowered)).toBe(1);
    expectClose(jit(f)(x, y), f(x, y));
  });

  it("a 40-op chain is still one kernel", () => {
    const f = (x: Array): Array => {
      let y = x;
      for (let i = 0; i < 10; i++) y = np.tanh(np.add(np.multiply(y, 1.1), np.sin(y)));
      return y;
    };
    const x = randf([64]);
    const lowered = jit(f).lower(x);
    expect(lowered.kernelCount).toBe(1);
    expect(allocations(lowered)).toBe(1);
    expectClose(jit(f)(x), f(x), 1e-4);
  });

  it("several outputs of one chain come from the same kernel", () => {
    const f = (x: Array): Array[] => {
      const s = np.sin(x);
      return [s, np.multiply(s, np.cos(x)), np.sum(s)];
    };
    const x = randf([50]);
    const lowered = jit(f).lower(x);
    expect(lowered.kernelCount).toBe(1);
    jit(f)(x).forEach((o, i) => expectClose(o, f(x)[i]!));
  });

  it("transposed, broadcast and reshaped operands are read through views, not copied", () => {
    const f = (x: Array, y: Array, z: Array): Array => np.add(np.multiply(np.exp(x), y.T), np.reshape(np.broadcastTo(z, [2, 3, 4]), [6, 4]));
    const x = randf([6, 4]);
    const y = randf([4, 6]);
    // [1, 4] broadcast to [2, 3, 4] then reshaped to [6, 4] stays affine (stride 0 down the rows).
    // (From [3, 1] it would not: row r would read element r mod 3, which no stride expresses.)
    const z = randf([1, 4]);
    const lowered = jit(f).lower(x, y, z);
    expect(lowered.kernelCount).toBe(1);
    expect(lowered.source).not.toContain("copy through a view");
    expectClose(jit(f)(x, y, z), f(x, y, z));
  });

  it("a row reduction fused with its elementwise producer: sum(x*x, axis=1) is one kernel", () => {
    const f = (x: Array): Array => np.sum(np.multiply(x, x), 1);
    const x = randf([8, 16]);
    const lowered = jit(f).lower(x);
    expect(lowered.kernelCount).toBe(1);
    expect(allocations(lowered)).toBe(1);
    expectClose(jit(f)(x), f(x));
  });

  it("softmax over the last axis takes at most 3 kernels (max, exp-sum, normalize)", () => {
    const softmax = (x: Array): Array => {
      const e = np.exp(np.subtract(x, np.max(x, 1, true)));
      return np.divide(e, np.sum(e, 1, true));
    };
    const x = randf([4, 10]);
    const lowered = jit(softmax).lower(x);
    expect(lowered.kernelCount).toBeLessThanOrEqual(3);
    expectClose(jit(softmax)(x), softmax(x));
  });
});

describe("programs that need no kernel", () => {
  it("the identity and a reshape run no kernel", () => {
    expect(jit((x: Array) => x).lower(randf([3])).kernelCount).toBe(0);
    expect(jit((x: Array) => np.reshape(x, [2, 3])).lower(randf([6])).kernelCount).toBe(0);
    expect(jit((x: Array) => np.reshape(x, [2, 3])).lower(randf([6])).kernelCount).toBe(0);
  });

  it("a program whose result is a constant runs no kernel", () => {
    const c = randf([3]);
    const lowered = jit((x: Array) => [x, np.add(np.multiply(c, 2), 1)]).lower(randf([2]));
    expect(lowered.kernelCount).toBe(0);
    expect(primitives(lowered)).toEqual([]);
  });
});

describe("the pass pipeline, seen through lower()", () => {
  it("CSE: sin(x) written twice is computed once", () => {
    const lowered = jit((x: Array) => np.add(np.sin(x), np.sin(x))).lower(randf([5]));
    expect(primitives(lowered).filter((p) => p === "sin").length).toBe(1);
  });

  it("constant folding: arithmetic on closed-over arrays and literals happens at compile time", () => {
    const W = randf([4]);
    const f = (x: Array): Array => np.add(x, np.add(np.multiply(W, 2), np.exp(np.zeros([4]))));
    const lowered = jit(f).lower(randf([4]));
    // Everything but the one add with x is constant: no mul, no exp left (a broadcast of a folded scalar may stay).
    expect(primitives(lowered)).not.toContain("mul");
    expect(primitives(lowered)).not.toContain("exp");
    expect(primitives(lowered).filter((p) => p === "add").length).toBe(1);
    const x = randf([4]);
    expectClose(jit(f)(x), f(x));
  });

  it("identities: x * 1, x - 0 and a same-dtype convert disappear", () => {
    const lowered = jit((x: Array) => np.subtract(np.multiply(x, 1), 0).astype("float32")).lower(randf([3]));
    expect(primitives(lowered)).toEqual([]);
    expect(lowered.kernelCount).toBe(0);
  });

  it("a weakly typed JS-number argument needs no convert kernel of its own", () => {
    const lowered = jit((x: Array, s: number) => np.multiply(x, s)).lower(randf([3]), 0.5);
    expect(lowered.kernelCount).toBe(1);
  });

  it("dead code: an unused exp is in neither the optimized jaxpr nor the source", () => {
    const lowered = jit((x: Array) => {
      np.exp(x);
      return np.multiply(x, 2);
    }).lower(randf([3]));
    expect(primitives(lowered)).not.toContain("exp");
    expect(lowered.source).not.toContain("Math.exp");
  });

  it("nested jits are inlined and fuse across the boundary", () => {
    const inner = jit((x: Array) => np.sin(x));
    const outer = jit((x: Array) => np.multiply(inner(np.add(x, 1)), 2));
    const lowered = outer.lower(randf([16]));
    expect(primitives(lowered)).not.toContain("pjit");
    expect(lowered.kernelCount).toBe(1);
  });
});

describe("transformed programs fuse too", () => {
  const f = (x: Array): Array => np.sum(np.multiply(np.sin(x), x));

  it("jit(grad(f)) for f = sum(sin(x) x) is one kernel (cos(x) x + sin(x))", () => {
    const x = randf([100]);
    const lowered = jit(grad(f)).lower(x);
    expect(lowered.kernelCount).toBe(1);
    expect(allocations(lowered)).toBe(1);
    expectClose(jit(grad(f))(x) as Array, grad(f)(x) as Array);
  });

  it("jit(vmap(f)) of a row-wise chain with a reduction is one kernel", () => {
    const x = randf([6, 20]);
    const lowered = jit(vmap(f)).lower(x);
    expect(lowered.kernelCount).toBe(1);
    expectClose(jit(vmap(f))(x), vmap(f)(x));
  });
});

describe("window reductions compute their elementwise producer per tap (issue 21)", () => {
  const maxPool = (y: Array, window: number[], strides: number[], padding: lax.WindowPaddingLike = "VALID"): Array => lax.reduceWindow(y, -Infinity, lax.max, window, strides, padding);
  const avgPool = (y: Array, window: number[], strides: number[]): Array => lax.reduceWindow(y, 0, lax.add, window, strides).mul(1 / window.reduce((a, b) => a * b, 1));
  /** `f` jitted afresh (jit caches per function) with the fusion off. */
  function unfusedJit<R>(f: (...xs: Array[]) => Array, use: (g: (...xs: Array[]) => Array) => R): R {
    const old = setWindowFusion(false);
    try {
      return use(jit((...xs: Array[]) => f(...xs)));
    } finally {
      setWindowFusion(old);
    }
  }
  /** jit(f) twice (scratch reuse), against eager and (exactly, where `exact`) against jit without the fusion. */
  function expectSameAsUnfused(f: (...xs: Array[]) => Array, args: Array[], exact: boolean): void {
    const unfused = unfusedJit(f, (g) => g(...args));
    const eager = f(...args);
    // Eager rounds each float32 operation; a fused chain rounds where float32Rounding says.
    for (const r of [jit(f)(...args), jit(f)(...args)]) {
      if (exact) expect(r.dataSync()).toEqual(unfused.dataSync());
      expectClose(r, eager);
    }
  }

  it("relu(x + b) max-pooled (NHWC, 2x2, stride 2) is one kernel that reads x and b: relu(x + b) is never stored", () => {
    const f = (x: Array, b: Array): Array => maxPool(np.maximum(x.add(b), 0), [1, 2, 2, 1], [1, 2, 2, 1]);
    const args: [Array, Array] = [randf([2, 8, 6, 5]), randf([5])];
    const lowered = jit(f).lower(...args);
    expect(lowered.kernelCount).toBe(1);
    expect(programOf(lowered)).toContain("reduce_window_max, its elementwise producer computed per tap");
    expect(unfusedJit(f, (g) => jit(g).lower(...args).kernelCount)).toBe(2);
    expectSameAsUnfused(f, args, true);
  });

  it("float32 average pooling of x * s + t adds the float32 values the stored operand would hold (exactly as unfused)", () => {
    const f = (x: Array, s: Array): Array => avgPool(x.mul(s).add(0.3), [1, 2, 2, 1], [1, 2, 2, 1]);
    const args: [Array, Array] = [randf([3, 6, 6, 7]), randf([7])];
    // The window and the division by the window's size.
    expect(jit(f).lower(...args).kernelCount).toBe(2);
    expectSameAsUnfused(f, args, true);
  });

  it("NCHW 3x3 windows, stride 2, SAME padding, min and max, float32 and float64", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const x = randf([2, 3, 16, 12]).astype(dtype);
      const fs = [
        (y: Array): Array => maxPool(np.tanh(y.mul(2)), [1, 1, 3, 3], [1, 1, 2, 2], "SAME"),
        (y: Array): Array => lax.reduceWindow(np.exp(y).sub(y), Infinity, lax.min, [1, 1, 3, 3], [1, 1, 2, 2], "SAME"),
      ];
      for (const f of fs) {
        expect(jit(f).lower(x).kernelCount).toBe(1);
        expectSameAsUnfused(f, [x], true);
      }
    }
  });

  it("producers read through reversed, broadcast and offset views, with base and window dilation and padding (windows overlapping 2x at most)", () => {
    const f = (x: Array, b: Array): Array =>
      lax.reduceWindow(np.flip(x, 3).get(":", "1:", ":", ":").mul(2).add(b), 0, lax.add, [1, 2, 2, 1], [1, 3, 2, 1], [[0, 0], [1, 0], [0, 2], [0, 0]], [1, 2, 1, 1], [1, 1, 2, 1]);
    const args: [Array, Array] = [randf([2, 5, 6, 3]), randf([1, 1, 6, 1])];
    expect(programOf(jit(f).lower(...args))).toContain("per tap");
    expectSameAsUnfused(f, args, true);
  });

  it("a large pooling split across the helper thread reads every fused input in its chunks", () => {
    const f = (x: Array, b: Array): Array => maxPool(np.maximum(x.add(b), 0), [1, 2, 2, 1], [1, 2, 2, 1]);
    const args: [Array, Array] = [randf([4, 32, 32, 64]), randf([64])];
    expect(jit(f).lower(...args).kernelCount).toBe(1);
    expectSameAsUnfused(f, args, true);
  });

  it("stays unfused where windows overlap much (3x3, stride 1) or a producer's view cannot walk the untouched block", () => {
    const overlapping = (y: Array): Array => maxPool(np.maximum(y, 0), [1, 3, 3, 1], [1, 1, 1, 1]);
    const x = randf([2, 6, 6, 3]);
    expect(jit(overlapping).lower(x).kernelCount).toBe(2);
    expectSameAsUnfused(overlapping, [x], true);
    // Pooling over dim 1 only leaves [6, 3] untouched: a transposed operand does not read it in one stride.
    const transposed = (y: Array): Array => maxPool(np.exp(y.transpose([0, 1, 3, 2])), [1, 2, 1, 1], [1, 2, 1, 1]);
    const t = randf([2, 4, 3, 6]);
    expect(jit(transposed).lower(t).kernelCount).toBe(2);
    expectSameAsUnfused(transposed, [t], true);
  });

  it("an operand something else reads is stored once and read by the window (a CNN's gradient), with the same values", () => {
    const twice = (x: Array, b: Array): Array => {
      const r = np.maximum(x.add(b), 0);
      return maxPool(r, [1, 2, 2, 1], [1, 2, 2, 1]).add(np.sum(r));
    };
    const args: [Array, Array] = [randf([2, 6, 6, 4]), randf([4])];
    expect(programOf(jit(twice).lower(...args))).not.toContain("per tap");
    expectSameAsUnfused(twice, args, true);
    const loss = (x: Array, b: Array): Array => np.sum(maxPool(np.maximum(x.add(b), 0), [1, 2, 2, 1], [1, 2, 2, 1]).mul(x.get(":", "::2", "::2", ":")));
    const g = (x: Array, b: Array): Array => grad(loss, { argnums: 1 })(x, b);
    expectSameAsUnfused(g, [randf([2, 6, 6, 4]), randf([4])], false);
    expectSameAsUnfused((x: Array, b: Array) => vmap((y: Array) => maxPool(np.maximum(y.add(b), 0), [2, 2, 1], [2, 2, 1]))(x), [randf([3, 4, 6, 2]), randf([2])], true);
  });
});
