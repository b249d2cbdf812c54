// The linear-algebra primitives under the GPU backend (gpu.js's webasm mode, as CI runs it): marked
// "host" in backends/gpu/capabilities.ts, they run the JS backend's kernels on host copies inside a
// program whose other steps run as gpu.js kernels, and agree with the JS backend.
import { beforeAll, expect, it } from "vitest";
import { numpy as np, lax, jit, setGpuMode, Array } from "../../src/index.js";

beforeAll(() => setGpuMode("webasm"));

it("solve, cholesky, eigh and svd inside a jitted GPU program agree with the JS backend", async () => {
  const a = np.array([[4, 2, 0.5], [2, 3, 0.1], [0.5, 0.1, 2]], { dtype: "float32" });
  const b = np.array([1, 2, 3], { dtype: "float32" });
  const f = (x: Array, y: Array): Array =>
    np.add(np.add(np.linalg.solve(np.multiply(x, 2), y), lax.linalg.cholesky(x).sum(0)), np.add(np.linalg.eigvalsh(x), np.linalg.svd(x, { computeUv: false })));
  const want = f(a, b).tolist() as number[];
  const got = jit(f, { device: "gpu" })(a, b);
  expect(got.constructor.name).toBe("GpuArray");
  const values = globalThis.Array.from((await got.data()) as ArrayLike<number>);
  values.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
});

it("eig (issue 23), complex results, runs on the host inside a jitted GPU program and agrees with the JS backend", async () => {
  const a = np.array([[2, -1, 0.5], [1, 0, -2], [0.5, 4, 1]], { dtype: "float32" });
  const f = (x: Array): Array => {
    const [w, v] = np.linalg.eig(np.multiply(x, 2));
    return np.abs(np.add(np.sum(np.multiply(v, v), 0), np.multiply(w, w)));
  };
  const want = f(a).tolist() as number[];
  const got = jit(f, { device: "gpu" })(a);
  expect(got.constructor.name).toBe("GpuArray");
  const values = globalThis.Array.from((await got.data()) as ArrayLike<number>);
  values.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
});

it("the real Schur form, hessenberg, householder_product and pivoted qr inside a jitted GPU program agree with the JS backend", async () => {
  const a = np.array([[4, 2, 0.5], [-2, 3, 0.1], [0.5, 1, 2]], { dtype: "float32" });
  const f = (x: Array): Array => {
    const [t] = lax.linalg.schur(np.multiply(x, 2)) as [Array];
    const [h, taus] = lax.linalg.hessenberg(x);
    const [q, r, p] = lax.linalg.qr(x, { pivoting: true });
    const hq = lax.linalg.householderProduct(h, np.concatenate([taus, np.zeros([1])]));
    return np.concatenate([t.reshape([9]), h.reshape([9]), q.reshape([9]), r.reshape([9]), p.astype("float32"), hq.reshape([9])]);
  };
  const want = f(a).tolist() as number[];
  const got = jit(f, { device: "gpu" })(a);
  expect(got.constructor.name).toBe("GpuArray");
  const values = globalThis.Array.from((await got.data()) as ArrayLike<number>);
  values.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
});
