// The page side of browser.test.ts's GPU checks: loaded into test/browser/gpu.html (whose import
// map names gpu.js's browser build), it starts the GPU backend in one mode with initGpu and runs
// a small jitted program on the GPU and on the JS backend, reporting both as plain numbers.
// @ts-check

/** @typedef {import("../../src/index.js").Array} Arr */

/** @param {Arr} a */
const read = async (a) => Array.from(await a.data(), Number);

/**
 * Elementwise ops, a reduction and a matrix product, and the gradient of a loss through them; a
 * strided NHWC convolution and the gradient of a loss through it (both convolutions of its
 * transpose are device kernels too).
 * @param {typeof import("../../src/index.js")} dp
 */
function program(dp) {
  const { numpy: np, lax, grad } = dp;
  return (/** @type {Arr} */ x, /** @type {Arr} */ w) => {
    const h = np.tanh(x.matmul(w));
    const pooled = np.sum(np.exp(h.mul(-0.5)).mul(np.sin(x.matmul(w).mul(2))), 0);
    const dw = grad((/** @type {Arr} */ v) => np.sum(np.square(np.tanh(x.matmul(v)).sub(0.3))))(w);
    const image = x.reshape([1, 6, 4, 2]);
    /** @param {Arr} k */
    const conv = (k) => lax.convGeneralDilated(image, k, [2, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
    const dk = grad((/** @type {Arr} */ k) => np.sum(np.square(np.tanh(conv(k)))))(w.reshape([2, 2, 2, 4]));
    return [h, pooled, dw, conv(w.reshape([2, 2, 2, 4])), dk];
  };
}

/**
 * @param {import("../../src/index.js").GpuMode | "auto"} mode
 * @returns {Promise<{ devices: unknown, mode: string, restartedMode: string, restarted: number[], deviceOf: string[], onGpuOnly: boolean, cpu: number[][], gpu: number[][] } | { error: string }>}
 */
export async function gpuCheck(mode) {
  try {
    const dp = /** @type {typeof import("../../src/index.js")} */ (await import(/** @type {string} */ ("/dist/index.js")));
    const info = await dp.initGpu(mode);
    const { numpy: np, jit } = dp;
    const x = np.linspace(-2, 2, 48).reshape([6, 8]);
    const w = np.cos(np.arange(32, { dtype: "float32" }).reshape([8, 4]).mul(0.37));
    const f = program(dp);
    const cpu = jit(f)(x, w);
    const onGpu = jit(f, { device: "gpu" });
    const gpu = onGpu(x, w);
    const devices = dp.devices();
    const cpuValues = await Promise.all(cpu.map(read));
    const gpuValues = await Promise.all(gpu.map(read));
    // shutdownGpu releases the backend (and in webgpu mode the device); a second start must work,
    // with the browser's own navigator.gpu left in place.
    await dp.shutdownGpu();
    const again = await dp.initGpu(mode);
    const restarted = await read(jit(f, { device: "gpu" })(x, w)[1]);
    return {
      devices,
      mode: info.mode,
      restartedMode: again.mode,
      restarted,
      deviceOf: gpu.map((a) => dp.deviceOf(a)),
      // Every operation ran in a GPU kernel: no host fallback in the compiled program.
      onGpuOnly: !onGpu.lower(x, w).source.includes("host:"),
      cpu: cpuValues,
      gpu: gpuValues,
    };
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e) };
  }
}

/**
 * A page that has not loaded gpu.js (no import map, no script tag): setGpuMode("webgl") is
 * accepted, and each first GPU use (setDefaultDevice, devicePut, a jit for the GPU) says what to
 * load, with devices() listing only the JS backend before and after.
 * @returns {Promise<{ devices: unknown, firstUse: string, devicePut: string, jit: string, devicesAfter: unknown }>}
 */
export async function withoutGpuJs() {
  const dp = /** @type {typeof import("../../src/index.js")} */ (await import(/** @type {string} */ ("/dist/index.js")));
  dp.setGpuMode("webgl");
  const devices = dp.devices();
  /** @param {() => unknown} use */
  const failure = (use) => {
    try {
      use();
      return "no error";
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  const x = dp.numpy.array([1, 2, 3]);
  const firstUse = failure(() => dp.setDefaultDevice("gpu"));
  const devicePut = failure(() => dp.devicePut(x, "gpu"));
  const jit = failure(() => dp.jit((/** @type {import("../../src/index.js").Array} */ v) => v.mul(2), { device: "gpu" })(x));
  return { devices, firstUse, devicePut, jit, devicesAfter: dp.devices() };
}
