// Float max and min pooling on the wasm SIMD kernel (backends/js/lowerings/poolSimd.ts): the
// windows it takes (channels-last images, a multiple of 4 float32 or 2 float64 features) against
// the direct float64 loop and against the JS loops it replaces (setPoolSimd(false)), jit called
// twice and eagerly; NaN, infinities and signed zeros as Math.max/min give them; the windows it
// leaves to the JS loops still correct. Fused groups that pool a stored buffer first (windowed.ts's
// pooledFirstKernel: f non-decreasing in it) against the fused JS kernel, bit for bit.
import { afterEach, describe, expect, it } from "vitest";
import { numpy as np, lax, jit, grad, vmap, clearCaches } from "../../src/index.js";
import type { Array, DType } from "../../src/index.js";
import { setPoolSimd } from "../../backends/js/lowerings/poolSimd.js";
import { pads, reference, values, type Padding } from "./reduceWindowReference.js";

interface Pool {
  readonly shape: number[];
  readonly window: number[];
  readonly strides: number[];
  readonly padding: Padding;
  readonly wdil?: number[];
}

const ones = (n: number): number[] => globalThis.Array.from({ length: n }, () => 1);

/** Pooling windows over channels-last images: 2-D and 1-D, every padding kind, strides, window dilation, odd sizes. */
const POOLS: Pool[] = [
  { shape: [2, 6, 6, 8], window: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: "VALID" },
  { shape: [3, 7, 5, 4], window: [1, 3, 3, 1], strides: [1, 1, 1, 1], padding: "SAME" },
  { shape: [1, 9, 8, 12], window: [1, 3, 2, 1], strides: [1, 2, 3, 1], padding: "SAME_LOWER" },
  { shape: [2, 7, 6, 16], window: [1, 2, 3, 1], strides: [1, 2, 1, 1], padding: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { shape: [2, 8, 9, 4], window: [1, 2, 2, 1], strides: [1, 1, 2, 1], padding: "VALID", wdil: [1, 3, 2, 1] },
  { shape: [3, 11, 8], window: [1, 3, 1], strides: [1, 2, 1], padding: "SAME" },
  { shape: [5, 7, 4], window: [2, 2, 1], strides: [1, 1, 1], padding: "VALID" },
  // A window wholly in the padding: the identity.
  { shape: [1, 2, 3, 4], window: [1, 1, 2, 1], strides: [1, 1, 1, 1], padding: [[0, 0], [0, 0], [3, 0], [0, 0]] },
];

const label = (p: Pool): string => `${p.shape} window ${p.window} strides ${p.strides} padding ${JSON.stringify(p.padding)}${p.wdil === undefined ? "" : ` dilation ${p.wdil}`}`;

const MONOIDS = [
  ["max", lax.max, -Infinity, Math.max],
  ["min", lax.min, Infinity, Math.min],
] as const;

/** The pooling `p` of x by the monoid, jitted (a fresh function per call: compiled with the current kernel setting). */
function pooled(p: Pool, monoid: (typeof MONOIDS)[number], x: Array): { jitted: () => Array; eager: () => Array; text: string } {
  const [, computation, init] = monoid;
  const f = (a: Array): Array => lax.reduceWindow(a, init, computation, p.window, p.strides, p.padding, undefined, p.wdil);
  const jf = jit(f);
  return { jitted: () => jf(x), eager: () => f(x), text: jf.lower(x).asText() };
}

/** Exact equality, NaN equal to NaN and -0 distinct from +0. */
function expectSame(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) expect([i, got[i]]).toEqual([i, want[i]]);
}

afterEach(() => {
  setPoolSimd(true);
  clearCaches();
});

describe("max and min pooling on the wasm SIMD kernel", () => {
  for (const dtype of ["float32", "float64"] as DType[]) {
    it.each(POOLS.map((p) => [label(p), p] as const))(`${dtype}: %s`, (_name, p) => {
      const raw = values(p.shape, 5);
      const data = dtype === "float32" ? raw.map(Math.fround) : raw;
      const x = np.array(data, { dtype }).reshape(p.shape);
      const wdil = p.wdil ?? ones(p.shape.length);
      for (const monoid of MONOIDS) {
        const [, , init, f] = monoid;
        const want = reference(data, p.shape, init, f, p.window, p.strides, pads(p.padding, p.shape, p.window, p.strides, wdil), ones(p.shape.length), wdil);
        const run = pooled(p, monoid, x);
        expect(run.text).toContain("wasm SIMD kernel");
        const first = run.jitted();
        expect(first.shape).toEqual(want.shape);
        expectSame(first.dataSync(), want.data);
        expectSame(run.jitted().dataSync(), want.data);
        expectSame(run.eager().dataSync(), want.data);
      }
    });
  }

  it("NaN propagates, infinities pass through and signed zeros follow Math.max/min, as the JS loops", () => {
    const shape = [2, 4, 4, 8];
    const data = values(shape, 9);
    // A NaN in one window, -0/+0 ties in another, infinities in a third.
    [[0, 5], [1, 40]].forEach(([b, i]) => (data[b! * 128 + i!] = NaN));
    for (let c = 0; c < 8; c++) {
      data[2 * 32 + c] = -0;
      data[3 * 32 + c] = c % 2 === 0 ? 0 : -0;
      data[6 * 8 + c] = Infinity;
      data[7 * 8 + c] = -Infinity;
    }
    const p: Pool = { shape, window: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: "VALID" };
    for (const dtype of ["float32", "float64"] as DType[]) {
      const x = np.array(data, { dtype }).reshape(shape);
      for (const monoid of MONOIDS) {
        const simd = pooled(p, monoid, x);
        expect(simd.text).toContain("wasm SIMD kernel");
        const got = simd.jitted().dataSync();
        setPoolSimd(false);
        clearCaches();
        const loop = pooled(p, monoid, x);
        expect(loop.text).not.toContain("wasm SIMD kernel");
        expectSame(got, loop.jitted().dataSync());
        setPoolSimd(true);
        expect(Number.isNaN(got[5 % 8])).toBe(true);
      }
    }
  });

  it("windows it does not take (too few features, a windowed last dim, base dilation, ints, a sum) run on the JS loops, correctly", () => {
    const cases: [Pool & { bdil?: number[] }, DType][] = [
      [{ shape: [2, 6, 6, 3], window: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: "VALID" }, "float32"],
      [{ shape: [2, 3, 6, 6], window: [1, 1, 2, 2], strides: [1, 1, 2, 2], padding: "SAME" }, "float32"],
      [{ shape: [2, 6, 6, 4], window: [1, 2, 2, 1], strides: [1, 1, 1, 1], padding: "VALID", bdil: [1, 2, 1, 1] }, "float32"],
      [{ shape: [2, 6, 6, 4], window: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: "VALID" }, "int32"],
    ];
    for (const [p, dtype] of cases) {
      const data = values(p.shape, 2).map((v) => (dtype === "int32" ? Math.round(v) + 0 : Math.fround(v)));
      const bdil = p.bdil ?? ones(p.shape.length);
      const want = reference(data, p.shape, -Infinity, Math.max, p.window, p.strides, pads(p.padding, p.shape, p.window, p.strides, ones(p.shape.length)), bdil, ones(p.shape.length));
      const init = dtype === "int32" ? -2147483648 : -Infinity;
      const f = jit((a: Array) => lax.reduceWindow(a, init, lax.max, p.window, p.strides, p.padding, bdil));
      const x = np.array(data, { dtype }).reshape(p.shape);
      expect(f.lower(x).asText()).not.toContain("wasm SIMD kernel");
      expectSame(f(x).dataSync(), want.data.map((v) => (v === -Infinity && dtype === "int32" ? init : v)));
    }
    // A sum pooling with an elementwise consumer fused into its kernel stays in JS.
    const x = np.array(values([2, 6, 6, 8], 4), { dtype: "float32" }).reshape([2, 6, 6, 8]);
    const fused = jit((a: Array) => lax.reduceWindow(a, 0, lax.add, [1, 2, 2, 1], [1, 2, 2, 1], "VALID").mul(2).add(1));
    expect(fused.lower(x).asText()).not.toContain("wasm SIMD kernel");
    const plain = lax.reduceWindow(x, 0, lax.add, [1, 2, 2, 1], [1, 2, 2, 1], "VALID");
    expectSame(fused(x).dataSync(), plain.mul(2).add(1).dataSync());
  });

  it("composes: vmap over images matches a loop, and max pooling's gradient is unchanged", () => {
    const x = np.array(values([3, 2, 6, 6, 4], 7), { dtype: "float64" }).reshape([3, 2, 6, 6, 4]);
    const pool = (a: Array): Array => lax.reduceWindow(a, -Infinity, lax.max, [1, 2, 2, 1], [1, 2, 2, 1], "SAME");
    const batched = jit(vmap(pool))(x);
    for (let i = 0; i < 3; i++) expectSame(batched.take(i, 0).dataSync(), pool(x.take(i, 0)).dataSync());
    const loss = (a: Array): Array => np.square(pool(a)).sum();
    const one = x.take(0, 0);
    const g = jit(grad(loss))(one).dataSync();
    setPoolSimd(false);
    clearCaches();
    expectSame(g, jit(grad(loss))(one).dataSync());
  });
});

describe("pooling a stored buffer first, then what the group computes from it once per window", () => {
  const shape = [2, 6, 8, 8];
  const data = values(shape, 11);
  const bias = values([8], 3).map((v) => v / 4);
  const pool2 = (a: Array): Array => lax.reduceWindow(a, -Infinity, lax.max, [1, 2, 2, 1], [1, 2, 2, 1], "VALID");
  const min3 = (a: Array): Array => lax.reduceWindow(a, Infinity, lax.min, [1, 3, 3, 1], [1, 2, 2, 1], "SAME");
  const programs: [string, (x: Array, b: Array) => Array, boolean][] = [
    ["max pooling of relu(x + b)", (x, b) => pool2(np.maximum(x.add(b), 0)), true],
    ["min pooling of tanh(x - b) * 3 (SAME)", (x, b) => min3(np.tanh(x.sub(b)).mul(3)), true],
    ["max pooling of exp(x) + b, then relu(pool) * 2 - b", (x, b) => np.maximum(pool2(np.exp(x).add(b)), 0).mul(2).sub(b), true],
    ["the epilogue alone: relu(pool(x)) * 2 + b", (x, b) => np.maximum(pool2(x), 0).mul(2).add(b), true],
    ["not monotone: pooling of x * x + b", (x, b) => pool2(x.mul(x).add(b)), false],
    ["not monotone: pooling of -x + b", (x, b) => pool2(np.negative(x).add(b)), false],
    ["not monotone: pooling of x * -2 + b", (x, b) => pool2(x.mul(-2).add(b)), false],
    ["not monotone: pooling of x * b (b of both signs)", (x, b) => pool2(x.mul(b)), false],
    ["monotone: pooling of x * 2.5 + b", (x, b) => pool2(x.mul(2.5).add(b)), true],
    ["a NaN source: pooling of log(x + b)", (x, b) => pool2(np.log(x.add(b))), false],
  ];
  for (const dtype of ["float32", "float64"] as DType[]) {
    it.each(programs.map(([name, f, first]) => [name, f, first] as const))(`${dtype}: %s matches the fused JS kernel bit for bit`, (_name, f, first) => {
      const x = np.array(data, { dtype }).reshape(shape);
      const b = np.array(bias, { dtype });
      const jf = jit(f);
      expect(jf.lower(x, b).asText().includes("pooled first")).toBe(first);
      const got = [jf(x, b).dataSync(), jf(x, b).dataSync()];
      setPoolSimd(false);
      clearCaches();
      const want = jit(f)(x, b).dataSync();
      got.forEach((g) => expectSame(g, want));
    });
  }

  it("an infinite bias with infinite inputs takes the fused kernel (x + inf is NaN for x = -inf only)", () => {
    const x = np.array(data.map((v, i) => (i % 5 === 0 ? -Infinity : v)), { dtype: "float32" }).reshape(shape);
    const b = np.array(bias.map((v, i) => (i === 2 ? Infinity : i === 5 ? -Infinity : v)), { dtype: "float32" });
    const f = (u: Array, v: Array): Array => pool2(np.maximum(u.add(v), 0));
    const jf = jit(f);
    expect(jf.lower(x, b).asText()).toContain("pooled first");
    const got = jf(x, b).dataSync();
    setPoolSimd(false);
    clearCaches();
    const want = jit(f)(x, b).dataSync();
    expectSame(got, want);
    expect(globalThis.Array.from(want).some(Number.isNaN)).toBe(true);
  });

  it("a window wholly in the padding keeps the producer per tap (f of the identity is not the identity)", () => {
    const x = np.array(data, { dtype: "float32" }).reshape(shape);
    const b = np.array(bias, { dtype: "float32" });
    const f = (u: Array, v: Array): Array => lax.reduceWindow(np.maximum(u.add(v), 0), -Infinity, lax.max, [1, 1, 2, 1], [1, 1, 1, 1], [[0, 0], [0, 0], [3, 0], [0, 0]]);
    const jf = jit(f);
    expect(jf.lower(x, b).asText()).not.toContain("pooled first");
    const got = jf(x, b).dataSync();
    expect(got[0]).toBe(-Infinity);
    setPoolSimd(false);
    clearCaches();
    expectSame(got, jit(f)(x, b).dataSync());
  });
});
