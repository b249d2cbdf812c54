// fft under the GPU backend (gpu.js's webasm mode, as CI runs it): marked "host" in
// backends/gpu/capabilities.ts, it runs backends/js/fft on host copies inside a program whose
// other steps run as gpu.js kernels (complex values lowered to real pairs first), and agrees with
// the JS backend.
import { beforeAll, expect, it } from "vitest";
import { numpy as np, jit, setGpuMode, type Array } from "../../src/index.js";

beforeAll(() => setGpuMode("webasm"));

it("rfft, irfft and the real part of fft2 inside a jitted GPU program agree with the JS backend", async () => {
  const x = np.array([[0.5, -1, 2, 0.25, 3, -0.5], [1, 2, -3, 0.5, 0, 1.5]], { dtype: "float32" });
  const f = (a: Array): Array => np.add(np.fft.irfft(np.multiply(np.fft.rfft(np.sin(a)), 2), 6), np.real(np.fft.fft2(np.square(a), { norm: "ortho" })));
  const want = (f(x).tolist() as number[][]).flat();
  const got = jit(f, { device: "gpu" })(x);
  expect(got.constructor.name).toBe("GpuArray");
  const values = globalThis.Array.from((await got.data()) as ArrayLike<number>);
  values.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
});
