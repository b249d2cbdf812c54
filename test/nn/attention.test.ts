// nn.dotProductAttention against a direct float64 loop over b, t, n: logits q.k * scale + bias,
// masked (mask, causal, local window, key/value and query sequence lengths) to -0.7 * float32 max,
// softmax, weighted sum of values; grouped-query heads use key/value head floor(n / G). As JAX, the
// softmax runs in float32, so float64 inputs agree to float32 rounding.
import { describe, expect, it } from "vitest";
import { numpy as np, nn, random, jit, vmap, grad, Array } from "../../src/index.js";

type T4 = number[][][][];

interface RefOptions {
  bias?: T4;
  mask?: boolean[][][][];
  isCausal?: boolean;
  window?: [number, number];
  qLen?: number[];
  kvLen?: number[];
  scale?: number;
}

/** out[b][t][n][h] and lse[b][t][n], the float64 definition. */
function reference(q: T4, k: T4, v: T4, o: RefOptions): { out: T4; lse: number[][][] } {
  const [B, T, N, H] = [q.length, q[0]!.length, q[0]![0]!.length, q[0]![0]![0]!.length];
  const [S, K] = [k[0]!.length, k[0]![0]!.length];
  const G = N / K;
  const scale = o.scale ?? 1 / Math.sqrt(H);
  const pick = <X>(t: X[][][][], b: number, n: number, i: number, j: number): X => t[t.length === 1 ? 0 : b]![t[0]!.length === 1 ? 0 : n]![t[0]![0]!.length === 1 ? 0 : i]![t[0]![0]![0]!.length === 1 ? 0 : j]!;
  const out: T4 = [];
  const lse: number[][][] = [];
  for (let b = 0; b < B; b++) {
    out.push([]);
    lse.push([]);
    for (let t = 0; t < T; t++) {
      out[b]!.push([]);
      lse[b]!.push([]);
      for (let n = 0; n < N; n++) {
        const kv = Math.floor(n / G);
        const logits: number[] = [];
        for (let s = 0; s < S; s++) {
          let l = 0;
          for (let h = 0; h < H; h++) l += q[b]![t]![n]![h]! * k[b]![s]![kv]![h]!;
          l *= scale;
          if (o.bias) l += pick(o.bias, b, n, t, s);
          let keep = true;
          if (o.mask) keep &&= pick(o.mask, b, n, t, s);
          if (o.isCausal) keep &&= s <= t;
          if (o.window) keep &&= t >= s - o.window[1] && t <= s + o.window[0];
          if (o.qLen) keep &&= t < o.qLen[b]!;
          if (o.kvLen) keep &&= s < o.kvLen[b]!;
          logits.push(keep ? l : -0.7 * 3.4028234663852886e38);
        }
        const m = Math.max(...logits);
        const e = logits.map((l) => Math.exp(l - m));
        const z = e.reduce((p, x) => p + x, 0);
        lse[b]![t]!.push(m + Math.log(z));
        const row: number[] = [];
        for (let h = 0; h < H; h++) {
          let acc = 0;
          for (let s = 0; s < S; s++) acc += (e[s]! / z) * v[b]![s]![kv]![h]!;
          row.push(o.qLen && t >= o.qLen[b]! ? 0 : acc);
        }
        out[b]![t]!.push(row);
      }
    }
  }
  return { out, lse };
}

function expectClose(got: unknown, want: unknown, tol = 2e-6): void {
  const g = [got].flat(9) as number[];
  const w = [want].flat(9) as number[];
  expect(g.length).toBe(w.length);
  for (let i = 0; i < g.length; i++) expect(Math.abs(g[i]! - w[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(w[i]!)));
}

const [B, T, S, N, K, H] = [2, 4, 5, 4, 2, 3];
const keys = random.split(random.key(11), 5);
const q = random.normal(keys.get(0), [B, T, N, H], "float64");
const k = random.normal(keys.get(1), [B, S, K, H], "float64");
const v = random.normal(keys.get(2), [B, S, K, H], "float64");
const bias = random.normal(keys.get(3), [1, N, T, S], "float64");
const mask = np.greater(random.uniform(keys.get(4), [B, 1, T, S]), 0.3);
const L = (a: Array): T4 => a.tolist() as T4;

describe("dotProductAttention vs a float64 loop", () => {
  const cases: [string, nn.DotProductAttentionOptions & { returnResidual?: false }, RefOptions][] = [
    ["plain grouped-query (N=4, K=2)", {}, {}],
    ["bias [1, N, T, S] and scale", { bias, scale: 0.3 }, { bias: L(bias), scale: 0.3 }],
    ["mask [B, 1, T, S]", { mask }, { mask: mask.tolist() as boolean[][][][] }],
    ["causal", { isCausal: true }, { isCausal: true }],
    ["local window (1, 0) and causal", { localWindowSize: [1, 0], isCausal: true }, { window: [1, 0], isCausal: true }],
    ["symmetric window 1", { localWindowSize: 1 }, { window: [1, 1] }],
    [
      "sequence lengths",
      { keyValueSeqLengths: np.array([3, 5], { dtype: "int32" }), querySeqLengths: np.array([4, 2], { dtype: "int32" }) },
      { kvLen: [3, 5], qLen: [4, 2] },
    ],
    ["everything", { bias, mask, isCausal: true, keyValueSeqLengths: np.array([2, 4], { dtype: "int32" }) }, { bias: L(bias), mask: mask.tolist() as boolean[][][][], isCausal: true, kvLen: [2, 4] }],
  ];
  for (const [name, opts, ref] of cases) {
    it(name, () => {
      const out = nn.dotProductAttention(q, k, v, opts);
      expect(out.shape).toEqual([B, T, N, H]);
      expect(out.dtype).toBe("float64");
      expectClose(out.tolist(), reference(L(q), L(k), L(v), ref).out);
    });
  }

  it("returnResidual gives the logsumexp [B, T, N]; positional bias and mask", () => {
    const [out, lse] = nn.dotProductAttention(q, k, v, bias, null, { returnResidual: true });
    const want = reference(L(q), L(k), L(v), { bias: L(bias) });
    expectClose(out.tolist(), want.out);
    expect(lse.shape).toEqual([B, T, N]);
    expectClose(lse.tolist(), want.lse);
    expectClose(nn.dotProductAttention(q, k, v, null, mask).tolist(), reference(L(q), L(k), L(v), { mask: mask.tolist() as boolean[][][][] }).out);
  });

  it("unbatched [T, N, H] inputs; float32 stays float32", () => {
    const out = nn.dotProductAttention(q.get(1), k.get(1), v.get(1), { isCausal: true });
    expect(out.shape).toEqual([T, N, H]);
    expectClose(out.tolist(), reference(L(q), L(k), L(v), { isCausal: true }).out[1]);
    expect(nn.dotProductAttention(np.astype(q, "float32"), np.astype(k, "float32"), np.astype(v, "float32")).dtype).toBe("float32");
  });

  it("JAX's errors", () => {
    expect(() => nn.dotProductAttention(q, k, v, { mask: np.astype(mask, "float64") })).toThrow("mask dtype should be bool, but got float64");
    expect(() => nn.dotProductAttention(q, k, np.ones([B, S, K, 2], { dtype: "float64" }))).toThrow(/value shape should be/);
    expect(() => nn.dotProductAttention(np.ones([B, T, 3, H], { dtype: "float64" }), k, v)).toThrow("The number of query heads must be a multiple of key/value heads, but got 3 vs 2");
    expect(() => nn.dotProductAttention(q, k, v, { keyValueSeqLengths: np.array([1, 2], { dtype: "float32" }) })).toThrow("key_value_seq_lengths dtype should be int32, but got float32");
  });

  it("jit = eager, vmap over an extra axis = loop, and the gradient is finite and jit-consistent", () => {
    const f = (a: Array, b: Array, c: Array): Array => nn.dotProductAttention(a, b, c, { isCausal: true, bias });
    const eager = f(q, k, v).tolist();
    // The float32 softmax inside may round differently once fused: float32 tolerance.
    expectClose((jit(f)(q, k, v) as Array).tolist(), eager);
    const qs = np.stack([q, np.multiply(q, 0.5)]);
    const batched = vmap((a: Array) => f(a, k, v))(qs) as Array;
    expectClose(batched.tolist(), [eager, f(np.multiply(q, 0.5), k, v).tolist()]);
    const loss = (a: Array): Array => np.sum(np.square(f(a, k, v)));
    const g = grad(loss)(q) as Array;
    expect(g.shape).toEqual(q.shape);
    expectClose((jit(grad(loss))(q) as Array).tolist(), g.tolist(), 1e-5);
    // Directional derivative vs a central difference (float32 softmax inside: loose tolerance).
    const dir = random.normal(random.key(3), q.shape, "float64");
    const eps = 1e-3;
    const fd = (loss(np.add(q, np.multiply(dir, eps))).item() - loss(np.subtract(q, np.multiply(dir, eps))).item()) / (2 * eps);
    expect(Math.abs(np.sum(np.multiply(g, dir)).item() - fd)).toBeLessThan(1e-3 * (1 + Math.abs(fd)));
  });
});
