// The structure of what jit compiles, read through lower(): fused elementwise chains (with their
// reductions) become one kernel with one loop nest and no intermediate buffers; views (transposes,
// broadcasts, reshapes) cost no kernel; nested jits fuse across the call boundary; and the pass
// pipeline removes what eager evaluation would compute needlessly (common subexpressions,
// constant-only arithmetic, identities, dead code). Values are checked against eager too, so a
// structural win cannot hide a wrong answer.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, nn, jit, grad, vmap } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";
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

const maxPool = (y: Array, window: number[], strides: number[], padding: lax.WindowPaddingLike = "VALID"): Array => lax.reduceWindow(y, -Infinity, lax.max, window, strides, padding);
const avgPool = (y: Array, window: number[], strides: number[]): Array => lax.reduceWindow(y, 0, lax.add, window, strides).mul(1 / window.reduce((a, b) => a * b, 1));
type ArrayFn = (...xs: Array[]) => Array | Array[];
/** `f` jitted afresh (jit caches per function) with the fusion off. */
function unfusedJit<R>(f: ArrayFn, use: (g: ArrayFn) => R): R {
  const old = setWindowFusion(false);
  try {
    return use(jit((...xs: Array[]) => f(...xs)));
  } finally {
    setWindowFusion(old);
  }
}
/** jit(f) twice (scratch reuse), against eager and (exactly, where `exact`) against jit without the fusion; each of f's results. */
function expectSameAsUnfused(f: ArrayFn, args: Array[], exact: boolean, tol = 1e-5): void {
  const unfused = [unfusedJit(f, (g) => g(...args))].flat();
  const eager = [f(...args)].flat();
  // Eager rounds each float32 operation; a fused chain rounds where float32Rounding says.
  for (const r of [jit(f)(...args), jit(f)(...args)]) {
    [r].flat().forEach((a, i) => {
      if (exact) expect(a.dataSync()).toEqual(unfused[i]!.dataSync());
      expectClose(a, eager[i]!, tol);
    });
  }
}

describe("window reductions compute their elementwise producer per tap (issue 21)", () => {
  it("a producer that loads nothing (integer_pow(x, 0) is the constant 1) compiles and pools the constant (fuzzer seed 31950)", () => {
    // The block path declared each tap's offsets as `const ;` when the producer had no load.
    const f = (x: Array): Array => lax.reduceWindow(lax.integerPow(x, 0), -Infinity, lax.max, [1], [1], "SAME_LOWER").astype("float32").mul(0.5);
    const x = randf([4]).astype("float64");
    expect(jit(f)(x).tolist()).toEqual([0.5, 0.5, 0.5, 0.5]);
    const g = (y: Array): Array => maxPool(lax.integerPow(y, 0), [1, 2, 2, 1], [1, 1, 1, 1]);
    expectSameAsUnfused(g, [randf([2, 5, 5, 3])], true);
  });

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
    // The division by the window's size runs in the window's kernel too.
    expect(jit(f).lower(...args).kernelCount).toBe(1);
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

  it("stays unfused where windows overlap much (3x3, stride 1); a producer's view that cannot walk the untouched block narrows it", () => {
    const overlapping = (y: Array): Array => maxPool(np.maximum(y, 0), [1, 3, 3, 1], [1, 1, 1, 1]);
    const x = randf([2, 6, 6, 3]);
    expect(jit(overlapping).lower(x).kernelCount).toBe(2);
    expectSameAsUnfused(overlapping, [x], true);
    // Pooling over dim 1 only leaves [6, 3] untouched: a transposed operand does not read it in one
    // stride, so the block is the last dim alone and dim 2 gets a loop of one tap.
    const transposed = (y: Array): Array => maxPool(np.exp(y.transpose([0, 1, 3, 2])), [1, 2, 1, 1], [1, 2, 1, 1]);
    const t = randf([2, 4, 3, 6]);
    expect(jit(transposed).lower(t).kernelCount).toBe(1);
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

describe("window reductions run their elementwise consumers before the store (issue 21: pooling's epilogue)", () => {
  const unfusedCount = (f: ArrayFn, args: Array[]): number => unfusedJit(f, (g) => jit(g).lower(...args).kernelCount);
  const randOf = (shape: number[], dtype: "float32" | "float64"): Array => randf(shape).astype(dtype);
  /** f under jit is one kernel whose call the program notes as `note`, `unfused` kernels with the fusion off, with the same values. */
  function expectOneKernel(f: ArrayFn, args: Array[], note: string, unfused: number): void {
    const lowered = jit(f).lower(...args);
    expect(lowered.kernelCount).toBe(1);
    expect(programOf(lowered)).toContain(note);
    expect(unfusedCount(f, args)).toBe(unfused);
    expectSameAsUnfused(f, args, true);
  }

  it("relu(maxPool(x)) * s + t (NHWC, odd sizes, 3x3 stride 2 SAME, s and t per channel) is one kernel, float32 and float64", () => {
    const f = (x: Array, s: Array, t: Array): Array => np.maximum(maxPool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"), 0).mul(s).add(t);
    for (const dtype of ["float32", "float64"] as const) {
      expectOneKernel(f, [randOf([2, 7, 9, 5], dtype), randOf([5], dtype), randOf([5], dtype)], "reduce_window_max, then max mul add before the store", 2);
    }
  });

  it("average pooling as users write it (reduceWindow(add) / count, nn.avgPool) is one kernel; countIncludePad false stays correct", () => {
    const x = randf([2, 9, 7, 3]);
    const byHand = (y: Array): Array => lax.reduceWindow(y, 0, lax.add, [1, 2, 2, 1], [1, 2, 2, 1]).div(4);
    const helper = (y: Array): Array => nn.avgPool(y, [3, 3], { strides: [2, 2], padding: "SAME" });
    for (const f of [byHand, helper]) expectOneKernel(f, [x], "reduce_window_sum, then div before the store", 2);
    const excluding = (y: Array): Array => nn.avgPool(y, [3, 3], { strides: [2, 2], padding: "SAME", countIncludePad: false });
    expectSameAsUnfused(excluding, [x], true);
    // Values from JAX 0.10.2 (flax.linen.avg_pool's formula): windows [[0, 1], [4, 5]] ... of arange(16) as [1, 4, 4, 1].
    const images = np.arange(16, undefined, undefined, { dtype: "float32" }).reshape([1, 4, 4, 1]);
    expect([...jit((y: Array) => nn.avgPool(y, [2, 2], { strides: [2, 2] }))(images).dataSync()]).toEqual([2.5, 4.5, 10.5, 12.5]);
  });

  it("NCHW with a per-channel bias [1, C, 1, 1], strides, explicit padding, min and sum pooling, float64", () => {
    const b = randOf([1, 3, 1, 1], "float64");
    const x = randOf([2, 3, 11, 8], "float64");
    const fs = [
      (y: Array, c: Array): Array => np.tanh(lax.reduceWindow(y, Infinity, lax.min, [1, 1, 2, 3], [1, 1, 2, 2], [[0, 0], [0, 0], [1, 1], [0, 2]]).add(c)),
      (y: Array, c: Array): Array => lax.reduceWindow(y, 0, lax.add, [1, 1, 3, 3], [1, 1, 3, 2], "SAME").mul(c).sub(1),
    ];
    for (const f of fs) {
      expect(jit(f).lower(x, b).kernelCount).toBe(1);
      expectSameAsUnfused(f, [x, b], true);
    }
  });

  it("a producer computed per tap and an epilogue in one kernel: maxPool(relu(x + b)) * s", () => {
    const f = (x: Array, b: Array, s: Array): Array => maxPool(np.maximum(x.add(b), 0), [1, 2, 2, 1], [1, 2, 2, 1]).mul(s);
    expectOneKernel(f, [randf([2, 8, 7, 4]), randf([4]), randf([4])], "reduce_window_max, its elementwise producer computed per tap, then mul before the store", 3);
  });

  it("a pooled value also needed elsewhere is stored too (one kernel, two outputs); a later reader after the kernel ran gets a late store", () => {
    const both = (x: Array, s: Array): Array[] => {
      const y = maxPool(x, [1, 2, 2, 1], [1, 2, 2, 1]);
      return [np.maximum(y, 0).mul(s), y];
    };
    const args: [Array, Array] = [randf([2, 6, 6, 3]), randf([3])];
    expect(jit(both).lower(...args).kernelCount).toBe(1);
    expectSameAsUnfused(both, args, true);
    const withSum = (x: Array): Array => {
      const y = avgPool(x, [1, 2, 2, 1], [1, 2, 2, 1]);
      return np.maximum(y, 0).add(np.sum(y));
    };
    expectSameAsUnfused(withSum, [randf([2, 5, 6, 3])], true);
    // A large pooling with two outputs, split across the helper thread.
    expectSameAsUnfused(both, [randf([4, 32, 32, 64]), randf([64])], true);
  });

  it("casts and comparisons after pooling: float64, int32 and bool results from the same kernel", () => {
    const f = (x: Array): Array[] => {
      const y = maxPool(x.mul(3), [1, 2, 2, 1], [1, 2, 2, 1], "SAME");
      return [y.astype("float64").mul(0.5), y.astype("int32"), np.greater(y, 0)];
    };
    const x = randf([1, 5, 5, 2]);
    expect(jit(f).lower(x).kernelCount).toBe(1);
    expectSameAsUnfused(f, [x], true);
  });

  it("pooling over one dim with a bias on the last: the block the bias cannot walk in one stride is narrowed", () => {
    const f = (x: Array, b: Array): Array => maxPool(x, [1, 2, 1, 1], [1, 2, 1, 1]).add(b);
    const args: [Array, Array] = [randf([2, 5, 4, 3]), randf([3])];
    expect(jit(f).lower(...args).kernelCount).toBe(1);
    expectSameAsUnfused(f, args, true);
  });

  it("consumers reading two windows, a broadcast to a larger shape or a reduction store the window first", () => {
    const x = randf([2, 6, 6, 3]);
    const spread = (y: Array): Array => maxPool(y, [1, 2, 2, 1], [1, 2, 2, 1]).sub(lax.reduceWindow(y, Infinity, lax.min, [1, 2, 2, 1], [1, 2, 2, 1]));
    const grown = (y: Array): Array => np.broadcastTo(maxPool(y, [1, 2, 2, 1], [1, 2, 2, 1]), [4, 2, 3, 3, 3]).mul(2);
    const reduced = (y: Array): Array => np.sum(np.exp(avgPool(y, [1, 2, 2, 1], [1, 2, 2, 1])), [1, 2]);
    for (const f of [spread, grown, reduced]) expectSameAsUnfused(f, [x], true);
  });

  it("a window whose producer reads a resident product runs before the next product overwrites it, with no empty kernel", () => {
    const f = (x: Array, k1: Array, b: Array, k2: Array): Array => {
      const y1 = maxPool(np.maximum(np.matmul(x, k1).add(b), 0), [2, 2], [2, 2]);
      const y2 = np.matmul(x, k2);
      return y1.mul(2).add(np.sum(y2));
    };
    const args: [Array, Array, Array, Array] = [randf([32, 48]), randf([48, 40]), randf([40]), randf([48, 40])];
    const program = programOf(jit(f).lower(...args));
    expect(program).toContain("per tap");
    // Both products stay in the GEMM's memory (the wasm path), the second over the first.
    expect(program.match(/left where it was computed/g)).toHaveLength(2);
    // The two products, the window, the sum and the tail: relu(p + b), which only the window reads
    // (per tap), is not run as a kernel that stores nothing when the second product evicts it.
    expect(jit(f).lower(...args).kernelCount).toBe(5);
    expectSameAsUnfused(f, args, true);
  });

  it("grad (checkGrads order 2, float64, under jit) and vmap through pooling with an epilogue", () => {
    const f = (x: Array, s: Array): Array => np.sum(np.tanh(avgPool(x, [1, 2, 2, 1], [1, 2, 1, 1]).mul(s).add(0.1)).mul(maxPool(x, [1, 2, 2, 1], [1, 2, 1, 1], "VALID")));
    const x = np.array(Float64Array.from({ length: 2 * 5 * 4 * 2 }, (_, i) => Math.sin(1.7 * i + 0.3)), { shape: [2, 5, 4, 2], dtype: "float64" });
    const s = np.array([0.7, -1.3], { dtype: "float64" });
    checkGrads(jit(f), [x, s], { order: 2, modes: ["fwd", "rev"] });
    const g = (y: Array, c: Array): Array[] => grad(f, { argnums: [0, 1] })(y, c) as Array[];
    expectSameAsUnfused(g, [x, s], false, 1e-12);
    const perExample = (y: Array, c: Array): Array => vmap((z: Array) => np.maximum(maxPool(z, [2, 2, 1], [2, 2, 1]), 0).mul(c))(y);
    const xs = randf([3, 4, 6, 2]);
    const loop = np.stack([0, 1, 2].map((i) => np.maximum(maxPool(xs.get(i), [2, 2, 1], [2, 2, 1]), 0).mul(s.astype("float32"))));
    expectClose(jit(perExample)(xs, s.astype("float32")), loop);
    expect(jit(perExample).lower(xs, s.astype("float32")).kernelCount).toBe(1);
  });
});
