// Fused loops split across the main thread and the helper thread (backends/js/threads): results
// must not depend on the split (chunks are fixed by the loop size, so a run with the helper and
// one without agree bit for bit), must match eager evaluation, and a Node process using the
// helper must still exit on its own.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { numpy as np, jit } from "../../../src/index.js";
import type { Array } from "../../../src/index.js";
import { kernelPoolReady } from "../../../backends/js/index.js";
import { runChunks, newKernelId } from "../../../backends/js/threads/kernelPool.js";
import { allocBuffer, isShared } from "../../../backends/js/threads/sharedMemory.js";
import { mulberry32 } from "../../util/random.js";
import { oneThread } from "../../util/threads.js";

const SPLIT = "chunks, shared with the helper thread";

function randomArray(shape: number[], seed: number, dtype: "float32" | "float64" | "int32" = "float32"): Array {
  const r = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === "int32" ? Int32Array.from({ length: n }, () => Math.floor(r() * 2000) - 1000) : Float64Array.from({ length: n }, () => 4 * r() - 2);
  return np.reshape(np.array(data, { dtype }), shape);
}

const values = (x: Array): number[] => globalThis.Array.from(x.dataSync() as ArrayLike<number>);

/** Bitwise equality of two results, without vitest's slow diff of long arrays. */
function expectSame(a: Array, b: Array): void {
  const x = values(a);
  const y = values(b);
  expect(x.length).toBe(y.length);
  expect(x.findIndex((v, i) => !Object.is(v, y[i]))).toBe(-1);
}

function expectClose(actual: Array, expected: Array, tol: number): void {
  expect(actual.shape).toEqual(expected.shape);
  const a = values(actual);
  const e = values(expected);
  let worst = 0;
  for (let i = 0; i < e.length; i++) worst = Math.max(worst, Math.abs(a[i]! - e[i]!) / (1 + Math.abs(e[i]!)));
  expect(worst).toBeLessThanOrEqual(tol);
}

let helper = false;
beforeAll(async () => {
  helper = await kernelPoolReady();
});

describe("fused loops on two threads", () => {
  it("the helper thread starts in Node", () => {
    expect(helper).toBe(true);
  });

  const chain = (x: Array): Array => np.sum(np.tanh(x.mul(0.75).add(0.5)).mul(x).sub(np.exp(x.mul(x).neg())));

  it("a full reduction: matches eager, identical with and without the helper", () => {
    const x = randomArray([300_001], 1);
    const f = jit(chain);
    expect(f.lower(x).source).toContain(SPLIT);
    const two = f(x);
    const one = oneThread(() => f(x));
    expect(values(two)).toEqual(values(one));
    expectClose(two, chain(x), 1e-5);
    // Against a float64 loop over the same float32 inputs.
    const xs = x.dataSync() as Float32Array;
    let s = 0;
    for (const v of xs) s += Math.tanh(v * 0.75 + 0.5) * v - Math.exp(-v * v);
    expect(Math.abs((two.item() as number) - s)).toBeLessThan(1e-6 * Math.abs(s) + 1e-2);
  });

  it("stored outputs written by both threads match eager and a one-thread run", () => {
    const x = randomArray([200_003], 2);
    const f = jit((x: Array) => np.tanh(np.sin(x).mul(2)));
    expect(f.lower(x).source).toContain(SPLIT);
    const got = f(x);
    // Fused float32 work stays in doubles until stored, so eager (rounding each step) differs by float32 rounding.
    expectClose(got, np.tanh(np.sin(x).mul(2)), 3e-7);
    expectSame(got, oneThread(() => f(x)));
  });

  it("reductions over trailing axes write their own rows per chunk", () => {
    const x = randomArray([97, 4099], 3);
    const f = jit((x: Array) => [np.sum(np.exp(np.sin(x)), 1), np.max(np.cos(x).mul(x), 1), np.tanh(x).mul(3)] as const);
    expect(f.lower(x).source).toContain(SPLIT);
    const [s, m, t] = f(x);
    expectClose(s, np.sum(np.exp(np.sin(x)), 1), 1e-6);
    expectClose(m, np.max(np.cos(x).mul(x), 1), 3e-7);
    expectClose(t, np.tanh(x).mul(3), 3e-7);
    const [s1, m1, t1] = oneThread(() => f(x));
    expectSame(s, s1);
    expectSame(m, m1);
    expectSame(t, t1);
  });

  it("several full reductions of a loop that does not flatten (a transposed read)", () => {
    const x = randomArray([611, 503], 4);
    const g = (x: Array) => {
      const y = np.exp(np.sin(np.transpose(x)));
      return [np.sum(y), np.min(y), np.max(y.mul(np.cos(np.transpose(x))))] as const;
    };
    const f = jit(g);
    expect(f.lower(x).source).toContain(SPLIT);
    const got = f(x);
    const want = g(x);
    expectClose(got[0], want[0], 1e-6);
    expectClose(got[1], want[1], 3e-7);
    expectClose(got[2], want[2], 3e-7);
    const one = oneThread(() => f(x));
    got.forEach((g, i) => expectSame(g, one[i]!));
  });

  it("float64 and int32 loops", () => {
    const x64 = randomArray([150_000], 5, "float64");
    const f64 = (x: Array) => np.sum(np.log1p(np.exp(np.sin(x))));
    expect(jit(f64).lower(x64).source).toContain(SPLIT);
    expectClose(jit(f64)(x64), f64(x64), 1e-12);
    // int32 sums wrap; the chunks' partial sums must wrap the same way when combined.
    const xi = randomArray([400_000], 6, "int32");
    const fi = (x: Array) => np.sum(np.where(np.greater(np.sin(x.astype("float32")), 0), x.mul(x).mul(7919), x.neg()));
    expect(jit(fi).lower(xi).source).toContain(SPLIT);
    expect(jit(fi)(xi).item()).toBe(fi(xi).item());
  });

  it("inputs outside shared memory are copied for the helper", () => {
    const base = randomArray([250_000], 7);
    // An eager result is an ordinary (unshared) buffer.
    const x = np.multiply(base, 1.5);
    expect(isShared(x.dataSync())).toBe(false);
    const f = jit(chain);
    expectClose(f(x), chain(x), 1e-5);
  });

  it("large arrays made from user data are shared; small ones are not", () => {
    expect(isShared(allocBuffer("float32", 1 << 20))).toBe(true);
    expect(isShared(allocBuffer("float32", 16))).toBe(false);
  });

  it("a loop too small to pay for the hand-off stays one plain loop", () => {
    const x = randomArray([1000], 8);
    expect(jit(chain).lower(x).source).not.toContain(SPLIT);
    // A cheap loop that stores a large output is not split either (fresh shared pages cost more).
    expect(jit((x: Array) => x.add(1)).lower(randomArray([1 << 20], 9)).source).not.toContain(SPLIT);
  });

  it("the helper thread runs chunks", () => {
    const source = `function mark(out, lo, hi, partials, chunk) { let s = 0; for (let i = lo; i < hi; i++) s += Math.sin(i); out[chunk] = (globalThis.dprogHelperThread === true ? 2 : 1) + 0 * s; }`;
    const f = new Function(`return ${source}`)() as (...a: unknown[]) => void;
    const out = allocBuffer("float64", 1 << 16) as Float64Array;
    const id = newKernelId();
    let helped = 0;
    for (let round = 0; round < 20 && helped === 0; round++) {
      out.fill(0);
      runChunks(id, f, `return ${source}`, [out], 1 << 21, 32, null);
      const marks = globalThis.Array.from(out.subarray(0, 32));
      expect(marks.every((m) => m === 1 || m === 2)).toBe(true);
      helped = marks.filter((m) => m === 2).length;
    }
    expect(helped).toBeGreaterThan(0);
  });

  it("an error in a chunk reaches the caller, whichever thread ran it", () => {
    const source = `function boom(out, lo, hi) { for (let i = lo; i < hi; i++) { if (i === 77) throw new Error("chunk failed at " + i); out[i] = i; } }`;
    const f = new Function(`return ${source}`)() as (...a: unknown[]) => void;
    const out = allocBuffer("float64", 1 << 16) as Float64Array;
    expect(() => runChunks(newKernelId(), f, `return ${source}`, [out], 1 << 16, 32, null)).toThrow("chunk failed at 77");
    // Chunks other than the failing one (outer indices 0..2047) ran.
    expect(out[5000]).toBe(5000);
    expect(out[(1 << 16) - 1]).toBe((1 << 16) - 1);
  });

  it("a Node process that used both helper threads exits by itself", () => {
    const script = [
      `import { jit, numpy as np } from "./src/index.js";`,
      `import { kernelPoolReady } from "./backends/js/index.js";`,
      `await kernelPoolReady();`,
      `const x = np.array(Float32Array.from({ length: 300000 }, (_, i) => Math.sin(i)));`,
      `const f = jit((x) => np.sum(np.tanh(np.exp(x))));`,
      `if (!f.lower(x).source.includes("${SPLIT}")) throw new Error("not split");`,
      // A product big enough for the GEMM's helper thread too (2^23 multiply-adds).
      `const a = np.reshape(np.array(Float32Array.from({ length: 256 * 256 }, (_, i) => Math.cos(i))), [256, 256]);`,
      `const p = np.sum(np.matmul(a, a)).item();`,
      `console.log(f(x).item() + 0 * p);`,
    ].join("\n");
    const root = path.resolve(__dirname, "../../..");
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, timeout: 60_000, encoding: "utf8" });
    expect(Number.isFinite(Number(out.trim()))).toBe(true);
  });
});
