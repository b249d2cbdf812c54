// Window reductions large enough to split their outer loop into chunks shared with the helper
// thread (backends/js/lowerings/windowed.ts): max and sum pooling, max pooling's JVP
// (select_and_gather_add) and VJP (select_and_scatter_add), against direct loops here; and
// select_and_scatter_add whose windows overlap along the outer dim stays one loop. Max pooling
// runs on the JS loops here (setPoolSimd(false)): by default the wasm SIMD kernel takes it.
import { beforeAll, describe, expect, it } from "vitest";
import { numpy as np, lax, jit, jvp, vjp } from "../../../src/index.js";
import type { Array } from "../../../src/index.js";
import { kernelPoolReady } from "../../../backends/js/threads/kernelPool.js";
import { setPoolSimd } from "../../../backends/js/lowerings/poolSimd.js";

const [N, H, W, C] = [4, 32, 32, 64];
const SPLIT = "chunks, shared with the helper thread";

/** Distinct values (no ties within a window), reproducible. */
const data = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(1.37 * i + seed) * 100 + i * 1e-6);

const x = data(N * H * W * C, 0.3);
const xs = np.array(x, { dtype: "float64" }).reshape([N, H, W, C]);
const at = (b: number, y: number, z: number, c: number): number => ((b * H + y) * W + z) * C + c;

/** For each 2x2 stride-2 window and feature: the flat indices of its taps, in row-major order. */
function forEachWindow(f: (taps: number[], o: number) => void): void {
  let o = 0;
  for (let b = 0; b < N; b++) for (let y = 0; y < H / 2; y++) for (let z = 0; z < W / 2; z++) for (let c = 0; c < C; c++, o++) f([at(b, 2 * y, 2 * z, c), at(b, 2 * y, 2 * z + 1, c), at(b, 2 * y + 1, 2 * z, c), at(b, 2 * y + 1, 2 * z + 1, c)], o);
}

const pool = (a: Array, op: "max" | "sum"): Array => (op === "max" ? lax.reduceWindow(a, -Infinity, lax.max, [1, 2, 2, 1], [1, 2, 2, 1], "VALID") : lax.reduceWindow(a, 0, lax.add, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"));

beforeAll(async () => {
  expect(await kernelPoolReady()).toBe(true);
});

describe("window reductions split across the helper thread", () => {
  for (const op of ["max", "sum"] as const) {
    it(`2x2 ${op} pooling of [${N}, ${H}, ${W}, ${C}] float64 (twice, under jit)`, () => {
      const f = jit((a: Array) => pool(a, op));
      const old = setPoolSimd(false);
      try {
        expect(f.lower(xs).asText()).toContain(SPLIT);
      } finally {
        setPoolSimd(old);
      }
      const want = new Float64Array((N * H * W * C) / 4);
      forEachWindow((t, o) => (want[o] = op === "max" ? Math.max(...t.map((i) => x[i]!)) : t.reduce((s, i) => s + x[i]!, 0)));
      for (let r = 0; r < 2; r++) expect(globalThis.Array.from(f(xs).dataSync() as Float64Array)).toEqual(globalThis.Array.from(want));
    });
  }

  it("max pooling's JVP and VJP: the tangent and the cotangent of each window's maximal element", () => {
    const ct = data((N * H * W * C) / 4, 1.1);
    const cts = np.array(ct, { dtype: "float64" }).reshape([N, H / 2, W / 2, C]);
    const dirs = np.array(data(N * H * W * C, 2.2), { dtype: "float64" }).reshape([N, H, W, C]);
    const d = dirs.dataSync() as Float64Array;
    const tangent = jit((a: Array, t: Array) => jvp((u: Array) => pool(u, "max"), [a], [t])[1]);
    const cotangent = jit((a: Array, c: Array) => vjp((u: Array) => pool(u, "max"), a)[1](c)[0]);
    expect(tangent.lower(xs, dirs).asText()).toContain(SPLIT);
    expect(cotangent.lower(xs, cts).asText()).toContain(SPLIT);
    const wantT = new Float64Array(ct.length);
    const wantC = new Float64Array(x.length);
    forEachWindow((t, o) => {
      const best = t.reduce((b, i) => (x[i]! > x[b]! ? i : b));
      wantT[o] = d[best]!;
      wantC[best] = ct[o]!;
    });
    for (let r = 0; r < 2; r++) {
      expect(globalThis.Array.from(tangent(xs, dirs).dataSync() as Float64Array)).toEqual(globalThis.Array.from(wantT));
      expect(globalThis.Array.from(cotangent(xs, cts).dataSync() as Float64Array)).toEqual(globalThis.Array.from(wantC));
    }
  });

  it("select_and_scatter_add whose windows overlap along the outer dim is not split", () => {
    const f = jit((a: Array, c: Array) => vjp((u: Array) => lax.reduceWindow(u, -Infinity, lax.max, [2, 2, 2, 1], [1, 2, 2, 1], "VALID"), a)[1](c)[0]);
    const c = np.ones([N - 1, H / 2, W / 2, C], { dtype: "float64" });
    const text = f.lower(xs, c).asText();
    expect(text).toContain("select_and_scatter_add");
    expect(text).not.toContain(SPLIT);
  });
});
