// The GPU backend (gpu.js) against the JS backend, as a suite each mode's test file runs (webasm
// everywhere; webgpu where a WebGPU adapter answers, lavapipe on the CPU in CI): every fusible primitive, reductions, dot_general, layout views and host
// fallbacks give the JS backend's values within float32 tolerance (integers and bools exactly);
// composed programs (grad, vmap, scan) agree; devices(), devicePut, dispose and data() work;
// integers beyond float32's exact range are refused, not rounded.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, nn, optim, tree, jit, grad, jvp, valueAndGrad, vmap, devices, devicePut, setDefaultDevice, getDefaultDevice, GpuArray } from "../../src/index.js";
import type { Array, DType, GpuMode } from "../../src/index.js";
import { compileGpuJaxpr, renderGpu, Untranslatable } from "../../backends/gpu/index.js";
import { ir } from "../../backends/kernelIr/index.js";
import { makeJaxpr } from "../../src/index.js";
import { mulberry32 } from "../util/random.js";

const rand = mulberry32(1234);
const TYPED = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint32: Uint32Array, bool: Uint8Array, complex64: Float32Array, complex128: Float64Array, int8: Int8Array, int16: Int16Array, uint8: Uint8Array, uint16: Uint16Array, int2: Int8Array, int4: Int8Array, uint2: Uint8Array, uint4: Uint8Array, float16: Float32Array, bfloat16: Float32Array, float8_e4m3fn: Float32Array, float8_e4m3fnuz: Float32Array, float8_e5m2: Float32Array, float8_e5m2fnuz: Float32Array } as const;

function gen(shape: readonly number[], dtype: DType = "float32", lo = -3, hi = 3): Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new TYPED[dtype](n);
  for (let i = 0; i < n; i++) {
    if (dtype === "bool") data[i] = rand() < 0.5 ? 1 : 0;
    else if (dtype === "float32") data[i] = lo + (hi - lo) * rand();
    else data[i] = Math.floor(lo + (hi - lo + 1) * rand());
  }
  return np.array(data, { shape: [...shape], dtype });
}

/** Every mode reads GPU arrays with `await x.data()`; the synchronous readers work only where the mode is synchronous. */
async function read(a: Array): Promise<number[]> {
  return [...(await a.data())].map(Number);
}

/** JS-backend and GPU-backend results of the same jitted function agree (float32 tolerance, integers exactly). */
async function expectSame(f: (...xs: Array[]) => Array | Array[], args: Array[], tol = { rtol: 2e-6, atol: 1e-6 }, onHost = false): Promise<void> {
  // Fusible programs run entirely in gpu.js kernels; only the host-fallback cases may call JS kernels.
  if (!onHost) expect(jit(f, { device: "gpu" }).lower(...args).source).not.toContain("host:");
  const js = [jit(f)(...args)].flat();
  const gpu = [jit(f, { device: "gpu" })(...args)].flat();
  expect(gpu.length).toBe(js.length);
  for (const [k, a] of js.entries()) {
    const g = gpu[k]!;
    expect(g).toBeInstanceOf(GpuArray);
    expect(g.shape).toEqual(a.shape);
    expect(g.dtype).toBe(a.dtype);
    const x = a.dataSync();
    const y = await g.data();
    for (let i = 0; i < x.length; i++) {
      const u = x[i]!;
      const v = y[i]!;
      if (Number.isNaN(u)) expect(v, `element ${i}`).toBeNaN();
      else if (!Number.isFinite(u) || a.dtype !== "float32") expect(v, `element ${i}`).toBe(u);
      else expect(Math.abs(u - v), `element ${i}: ${u} vs ${v}`).toBeLessThanOrEqual(tol.atol + tol.rtol * Math.abs(u));
    }
  }
}

/** One jitted GPU program called twice on the same inputs gives the same values (its scratch buffers are reused). */
async function expectRepeatable(f: (...xs: Array[]) => Array[], args: readonly Array[]): Promise<void> {
  const compiled = jit(f, { device: "gpu" });
  const first = await Promise.all(compiled(...args).map((a) => read(a)));
  const second = await Promise.all(compiled(...args).map((a) => read(a)));
  expect(second).toEqual(first);
}

/** Registers the suite; the caller's file has put the GPU backend in `mode` first. */
export function defineGpuSuite(mode: GpuMode): void {
  describe("devices", () => {
    it("lists js and gpu with the mode gpu.js really runs", async () => {
      const ds = devices();
      expect(ds[0]).toEqual({ name: "js", mode: "js", real: false, async: false });
      expect(ds[1]).toMatchObject({ name: "gpu", mode, async: mode === "webgpu" });
      if (mode === "webasm" || mode === "cpu") expect(ds[1]!.real).toBe(false);
      if (ds[1]!.adapter !== undefined && /software/.test(ds[1]!.adapter)) expect(ds[1]!.real).toBe(false);
    });

    it("devicePut moves arrays both ways; data() and dataSync() read GPU arrays", async () => {
      const x = np.array([[1, 2], [3, 4]]);
      const g = devicePut(x, "gpu");
      expect(g).toBeInstanceOf(GpuArray);
      expect([...(await g.data())]).toEqual([1, 2, 3, 4]);
      expect(g.tolist()).toEqual([[1, 2], [3, 4]]);
      const back = devicePut(g, "js");
      expect(back).not.toBeInstanceOf(GpuArray);
      expect(back.tolist()).toEqual([[1, 2], [3, 4]]);
      // Eager ops on GPU arrays run on the GPU backend (computation follows data, as in JAX).
      const h = np.add(g, 1);
      expect(h).toBeInstanceOf(GpuArray);
      expect(await read(h)).toEqual([2, 3, 4, 5]);
    });

    it("dispose frees the device value; reading it afterwards is an error", async () => {
      const g = devicePut(np.arange(4).astype("float32"), "gpu") as GpuArray;
      g.dispose();
      expect(() => g.dataSync()).toThrow(/disposed/);
      const h = devicePut(np.ones([2]), "gpu") as GpuArray;
      const disposeKey = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for("Symbol.dispose");
      (h as unknown as Record<symbol, () => void>)[disposeKey]!();
      expect(() => h.dataSync()).toThrow(/disposed/);
    });

    it("a result that is an input or a constant shares its data; disposing one handle keeps the other", async () => {
      const g = devicePut(np.array([1, 2, 3]), "gpu");
      const [same, c] = jit((x: Array) => [x, np.array([7, 8])], { device: "gpu" })(g) as unknown as GpuArray[];
      same!.dispose();
      c!.dispose();
      expect(await read(g)).toEqual([1, 2, 3]);
      const [, c2] = jit((x: Array) => [x, np.array([7, 8])], { device: "gpu" })(g) as unknown as GpuArray[];
      expect(await read(c2!)).toEqual([7, 8]);
    });

    it("refuses int32 values float32 cannot hold exactly, at upload and at readback", async () => {
      expect(() => devicePut(np.array([1, 16777217], { dtype: "int32" }), "gpu")).toThrow(/2\^24/);
      expect(devicePut(np.array([-16777216, 16777216], { dtype: "int32" }), "gpu").tolist()).toEqual([-16777216, 16777216]);
      const f = jit((x: Array) => x.mul(x), { device: "gpu" });
      expect(await read(f(np.array([3, -7], { dtype: "int32" })))).toEqual([9, 49]);
      const overflow = f(np.array([3, 5000], { dtype: "int32" })); // 25e6 > 2^24 inside the kernel
      await expect(overflow.data()).rejects.toThrow(/2\^24/);
    });

    it("results are futures where the mode is asynchronous: sync reads explain, chained calls and early disposal work", async () => {
      const f = jit((x: Array) => np.exp(x).add(1), { device: "gpu" });
      const g = jit((y: Array) => np.sum(y.mul(y)), { device: "gpu" });
      const x = devicePut(np.array([0, 1, 2], { dtype: "float32" }), "gpu") as GpuArray;
      const y = f(x);
      const z = g(y); // y may still be running: z waits for it
      x.dispose(); // the pending run holds its own handle to x
      if (mode === "webgpu") expect(() => y.dataSync()).toThrow(/await x\.data\(\)/);
      const z1 = np.add(z, 1); // eager, on the device, waiting for z
      expect(z1).toBeInstanceOf(GpuArray);
      const ey = [0, 1, 2].map((v) => Math.exp(v) + 1);
      expect(await read(y)).toEqual(ey.map((v) => Math.fround(v)).map((v, i) => expect.closeTo(ey[i]!, 5) as unknown as number));
      expect((await read(z))[0]).toBeCloseTo(ey.reduce((a, v) => a + v * v, 0), 3);
      expect((await read(z1))[0]).toBeCloseTo(ey.reduce((a, v) => a + v * v, 1), 3);
      // Disposing a result before it arrives frees it on arrival; reading it is an error.
      const w = f(devicePut(np.ones([2]).astype("float32"), "gpu"));
      (w as GpuArray).dispose();
      await expect(w.data()).rejects.toThrow(/disposed/);
    });

    it("eager transforms and jit without a device follow GPU data", async () => {
      const y = jit((x: Array) => x.mul(0.5), { device: "gpu" })(np.array([0.1, 0.7, -1.2], { dtype: "float32" }));
      // grad and vmap of eager code on a GPU result: every primitive runs on the device.
      const g = grad((x: Array) => np.sum(np.sin(x).mul(x)))(y) as Array;
      expect(g).toBeInstanceOf(GpuArray);
      const yv = [0.05, 0.35, -0.6];
      (await read(g)).forEach((v, i) => expect(v).toBeCloseTo(Math.cos(yv[i]!) * yv[i]! + Math.sin(yv[i]!), 5));
      const vm = vmap((r: Array) => np.dot(r, r))(np.stack([y, y]));
      expect(vm).toBeInstanceOf(GpuArray);
      (await read(vm)).forEach((v) => expect(v).toBeCloseTo(yv.reduce((a, u) => a + u * u, 0), 5));
      // jit with no device option runs where its inputs are.
      const j = jit((x: Array) => np.exp(x))(y);
      expect(j).toBeInstanceOf(GpuArray);
      (await read(j)).forEach((v, i) => expect(v).toBeCloseTo(Math.exp(yv[i]!), 5));
      // float64 has no GPU form: such an op reads back (synchronous modes) or explains why it cannot (webgpu).
      const fresh = jit((x: Array) => x.add(1), { device: "gpu" })(y);
      const widen = (): Array => lax.convertElementType(fresh, "float64");
      if (mode === "webgpu") expect(widen).toThrow(/await x\.data\(\)/);
      else expect(widen()).not.toBeInstanceOf(GpuArray);
    });

    it("setDefaultDevice routes jit to the GPU backend", async () => {
      expect(getDefaultDevice()).toBe("js");
      setDefaultDevice("gpu");
      try {
        const y = jit((x: Array) => np.sin(x).mul(2))(np.array([0, 1]));
        expect(y).toBeInstanceOf(GpuArray);
      } finally {
        setDefaultDevice("js");
      }
      expect(() => setDefaultDevice("tpu" as "gpu")).toThrow(/unknown device/);
    });
  });

  describe("elementwise primitives", () => {
    const x = gen([3, 5]);
    const pos = gen([3, 5], "float32", 0.1, 4);
    const unit = gen([3, 5], "float32", -0.95, 0.95);
    const specials = np.array([NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -0.5, 2.5, -2.5, 1e-30, 3e38, 7.25, -3.5]);
    const cases: [string, (a: Array) => Array, Array][] = [
      ["neg", lax.neg, specials], ["sign", lax.sign, specials], ["floor", lax.floor, specials], ["ceil", lax.ceil, specials],
      ["round away", (a) => lax.round(a, 0), specials], ["round even", (a) => lax.round(a, 1), specials], ["is_finite", lax.isFinite, specials],
      ["exp", lax.exp, x], ["exp2", lax.exp2, x], ["log", lax.log, pos], ["log1p", lax.log1p, pos], ["expm1", lax.expm1, x],
      ["tanh", lax.tanh, x], ["logistic", lax.logistic, x], ["sin", lax.sin, x], ["cos", lax.cos, x], ["tan", lax.tan, unit],
      ["asin", lax.asin, unit], ["acos", lax.acos, unit], ["atan", lax.atan, x], ["sinh", lax.sinh, x], ["cosh", lax.cosh, x],
      ["asinh", lax.asinh, x], ["acosh", lax.acosh, gen([3, 5], "float32", 1, 5)], ["atanh", lax.atanh, unit], ["sqrt", lax.sqrt, pos],
      ["rsqrt", lax.rsqrt, pos], ["cbrt", lax.cbrt, x], ["abs", lax.abs, specials], ["erf", lax.erf, gen([4, 8], "float32", -4, 4)],
      ["square", lax.square, x], ["integer_pow 3", (a) => lax.integerPow(a, 3), x], ["integer_pow -2", (a) => lax.integerPow(a, -2), pos],
      ["stop_gradient", lax.stopGradient, x],
    ];
    for (const [name, f, a] of cases) {
      it(name, async () => await expectSame(f, [a], name === "erf" ? { rtol: 1e-6, atol: 3e-7 } : { rtol: 4e-6, atol: 1e-6 }));
    }

    const y = gen([3, 5]);
    const binCases: [string, (a: Array, b: Array) => Array, Array, Array][] = [
      ["add", lax.add, x, y], ["sub", lax.sub, x, y], ["mul", lax.mul, x, y], ["div", lax.div, x, pos], ["rem", lax.rem, x, pos],
      ["pow", lax.pow, pos, y], ["max", lax.max, x, y], ["min", lax.min, x, y], ["atan2", lax.atan2, x, y],
      ["eq", lax.eq, np.round(x), np.round(y)], ["ne", lax.ne, np.round(x), np.round(y)], ["lt", lax.lt, x, y], ["le", lax.le, x, y],
      ["gt", lax.gt, x, y], ["ge", lax.ge, x, y],
    ];
    for (const [name, f, a, b] of binCases) it(name, async () => await expectSame(f, [a, b]));

    it("integer arithmetic (int32) exactly", async () => {
      const a = gen([4, 6], "int32", -50, 50);
      const b = gen([4, 6], "int32", -9, 9);
      await expectSame((p, q) => [lax.add(p, q), lax.sub(p, q), lax.mul(p, q), lax.div(p, q), lax.rem(p, q), lax.max(p, q), lax.min(p, q), lax.neg(p), lax.abs(p), lax.sign(p), lax.square(q), lax.integerPow(q, 3)], [a, b]);
    });

    it("bool logic, select_n, clamp, convert_element_type", async () => {
      const p = gen([2, 7], "bool");
      const q = gen([2, 7], "bool");
      const a = gen([2, 7]);
      const b = gen([2, 7]);
      await expectSame((p, q) => [np.logicalAnd(p, q), np.logicalOr(p, q), np.logicalXor(p, q), np.logicalNot(p)], [p, q]);
      await expectSame((p, a, b) => lax.selectN(p, a, b), [p, a, b]);
      await expectSame((a, b) => lax.clamp(-1, a, b.abs()), [a, b]);
      await expectSame((a) => [lax.convertElementType(a.mul(10), "int32"), lax.convertElementType(a, "bool"), lax.convertElementType(lax.convertElementType(a.mul(7), "int32"), "float32")], [a]);
    });
  });

  describe("reductions, views, dot_general", () => {
    const x = gen([4, 5, 6]);
    it("reduce_sum/max/min/prod over each axis set", async () => {
      for (const axes of [[0], [1], [2], [0, 2], [0, 1, 2]]) {
        await expectSame((a) => [np.sum(a, axes), np.max(a, axes), np.min(a, axes), np.prod(a.mul(0.5), axes)], [x], { rtol: 1e-5, atol: 1e-5 });
      }
    });
    it("reductions with few outputs over many elements run in two stages (partials, then their combination)", async () => {
      const wide = gen([4, 3000]);
      const split = (f: (...xs: Array[]) => Array | Array[], args: Array[]): void => {
        expect(jit(f, { device: "gpu" }).lower(...args).source).toMatch(/= gpu:fused\d+_\w+_combine\(/);
      };
      const rows = (a: Array): Array[] => [np.sum(a, 1), np.max(a, 1), np.min(a, 1), np.prod(a.mul(0.001).add(1), 1), np.sum(np.exp(a.mul(0.5)), 1)];
      split(rows, [wide]);
      await expectSame(rows, [wide], { rtol: 2e-5, atol: 1e-4 });
      // Every element once: a full sum of 3000 ones is exact, and of 0..2999 too (integers below 2^24).
      const count = (a: Array): Array[] => [np.sum(np.onesLike(a)), np.sum(np.arange(0, 3000, 1, { dtype: "int32" }).reshape([1, 3000]).add(a.astype("int32").mul(0)))];
      split(count, [gen([1, 3000])]);
      expect((await Promise.all(jit(count, { device: "gpu" })(gen([1, 3000])).map(read))).flat()).toEqual([3000, (2999 * 3000) / 2]);
      // Non-adjacent reduced axes, decoded inside the chunk loop; and a size-1 kept axis.
      const x = gen([40, 3, 1, 60]);
      const outer = (a: Array): Array[] => [np.sum(a, [0, 3]), np.mean(a.mul(a), [0, 2, 3])];
      split(outer, [x]);
      await expectSame(outer, [x], { rtol: 2e-5, atol: 1e-4 });
      // Integer sums and products of inputs with no other operation still wrap to int32 (one stage and two).
      await expectSame((a) => [np.sum(a, 1), np.prod(a, 0)], [gen([3, 5], "int32", -4, 4)]);
      await expectSame((a) => np.sum(a, 1), [gen([2, 2600], "int32", -50, 50)]);
      const p = gen([2, 2500], "bool");
      await expectSame((p) => [np.all(p, 1), np.any(p, 1), np.sum(p.astype("int32"), 1)], [p]);
      // Many outputs (a thread each is enough) or few elements: one stage.
      const single = (a: Array): Array => np.sum(a, 1);
      expect(jit(single, { device: "gpu" }).lower(gen([20000, 3])).source).not.toMatch(/= gpu:fused\d+_\w+_combine\(/);
      expect(jit(single, { device: "gpu" }).lower(gen([4, 100])).source).not.toMatch(/= gpu:fused\d+_\w+_combine\(/);
    });
    it("reduce_and/or on bools, argmax (host), sums of fused producers", async () => {
      const p = gen([3, 8], "bool");
      await expectSame((p) => [np.all(p, 1), np.any(p, 0)], [p]);
      await expectSame((a) => [np.argmax(a, 1), np.sum(np.exp(a).mul(a), 2), np.mean(a.mul(a), [0, 1])], [x], { rtol: 1e-5, atol: 1e-5 }, true);
    });
    it("transposes, broadcasts, slices, reversals, reshapes", async () => {
      const y = gen([6]);
      await expectSame((a, b) => [a.transpose([2, 0, 1]).mul(2), a.add(b), a.get(":", "1:4", "::-1"), a.reshape([20, 6]).T, np.flip(a, 0).add(1)], [x, y]);
    });
    it("reduce_window_sum/max/min (issue 21): a gpu.js kernel each, base dilation included, and their gradients on the device", async () => {
      const pools: ((x: Array) => Array)[] = [
        (x) => lax.reduceWindow(x, -Infinity, lax.max, [1, 2, 2, 1], [1, 2, 2, 1]),
        (x) => lax.reduceWindow(x, Infinity, lax.min, [1, 3, 2, 1], [1, 1, 2, 1], "SAME", null, [1, 2, 1, 1]),
        (x) => lax.reduceWindow(np.exp(x), 0, lax.add, [2, 2, 3, 1], [1, 2, 1, 1], [[0, 1], [1, 0], [1, 1], [0, 0]]),
      ];
      for (const f of pools) {
        expect(jit(f, { device: "gpu" }).lower(gen([2, 5, 6, 3])).source).toContain("gpu:reduce_window");
        await expectSame(f, [gen([2, 5, 6, 3])], { rtol: 1e-5, atol: 1e-5 });
      }
      // Base dilation: holes skipped like padding, on the device too.
      const dilated: ((x: Array) => Array)[] = [
        (x) => lax.reduceWindow(x, 0, lax.add, [2, 2], [1, 1], "SAME", [2, 1]),
        (x) => lax.reduceWindow(x, -Infinity, lax.max, [3, 2], [2, 1], [[1, 2], [0, 1]], [3, 2], [1, 2]),
      ];
      for (const f of dilated) {
        expect(jit(f, { device: "gpu" }).lower(gen([4, 5])).source).toContain("gpu:reduce_window");
        await expectSame(f, [gen([4, 5])]);
      }
      await expectSame((x) => grad((y: Array) => np.sum(lax.reduceWindow(y, -Infinity, lax.max, [2, 2], [2, 2])))(x), [gen([4, 6])]);
    });

    it("select_and_scatter_add (issue 21): max/min pooling's VJP as a gpu.js gather kernel, ties and padding picked as the JS backend picks them", async () => {
      type Pool = [shape: number[], window: number[], strides: number[], padding: lax.WindowPaddingLike, baseDilation?: number[]];
      const cases: Pool[] = [
        [[2, 6, 6, 3], [1, 2, 2, 1], [1, 2, 2, 1], "VALID"], // NHWC 2x2 stride 2
        [[2, 3, 7, 6], [1, 1, 3, 3], [1, 1, 2, 2], "SAME"], // NCHW 3x3 stride 2: overlapping windows
        [[2, 5, 6, 3], [1, 3, 2, 1], [1, 1, 2, 1], [[0, 0], [2, 1], [1, 1], [0, 0]]], // windows wholly in the padding
        [[4, 5], [3, 2], [2, 1], [[1, 2], [0, 1]], [2, 1]], // base dilation: the VJP pads the holes (lax.pad, interior padding) and scatters into the padded operand
        [[7], [4], [3], [[2, 2]]],
      ];
      for (const [shape, window, strides, padding, baseDilation] of cases) {
        for (const [init, op] of [[-Infinity, lax.max], [Infinity, lax.min]] as const) {
          const pool = (y: Array): Array => lax.reduceWindow(y, init, op, window, strides, padding, baseDilation ?? null);
          const vjpOf = (y: Array, ct: Array): Array => grad((z: Array) => np.sum(pool(z).mul(ct)))(y);
          const ct = gen(pool(gen(shape)).shape);
          expect(jit(vjpOf, { device: "gpu" }).lower(gen(shape), ct).source).toContain("gpu:select_and_scatter_add");
          // Rounded values tie within windows: the pick must be the JS backend's, not just a maximum.
          await expectSame(vjpOf, [np.round(gen(shape)), ct], { rtol: 1e-5, atol: 1e-5 });
          await expectSame(vjpOf, [gen(shape), ct], { rtol: 1e-5, atol: 1e-5 });
        }
      }
    });

    it("conv_general_dilated (issue 21): a gpu.js kernel for every padding, stride, dilation, group kind, layout and rank", async () => {
      type Conv = [lhs: number[], rhs: number[], strides: number[], padding: lax.ConvPadding, options: lax.ConvGeneralDilatedOptions];
      const nhwc: lax.ConvGeneralDilatedOptions = { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] };
      const cases: Conv[] = [
        [[2, 3, 7, 6], [4, 3, 3, 2], [1, 1], "VALID", {}], // NCHW / OIHW
        [[2, 3, 7, 6], [4, 3, 3, 2], [2, 1], "SAME", {}],
        [[2, 3, 7, 6], [4, 3, 3, 3], [2, 3], "SAME_LOWER", {}],
        [[2, 3, 7, 6], [4, 3, 2, 3], [1, 2], [[2, -1], [0, 3]], {}], // explicit, one side cropping
        [[2, 7, 6, 3], [3, 2, 3, 4], [1, 1], "SAME", nhwc],
        [[2, 7, 6, 3], [3, 2, 3, 4], [2, 2], [[1, 1], [2, 0]], { ...nhwc, lhsDilation: [2, 3] }], // lhs dilation: holes
        [[2, 7, 6, 3], [3, 2, 3, 4], [1, 2], "VALID", { ...nhwc, rhsDilation: [2, 2] }],
        [[2, 3, 9, 8], [4, 3, 3, 2], [2, 1], [[1, 2], [1, 1]], { lhsDilation: [2, 1], rhsDilation: [1, 3] }], // both dilations
        [[2, 6, 7, 6], [9, 2, 3, 3], [1, 1], "SAME", { featureGroupCount: 3 }], // grouped
        [[2, 7, 6, 4], [3, 3, 1, 4], [1, 1], "SAME", { ...nhwc, featureGroupCount: 4 }], // depthwise
        [[6, 3, 5, 5], [6, 3, 2, 2], [1, 1], "VALID", { batchGroupCount: 3 }], // batch groups (a weight gradient's form)
        [[3, 4, 10], [5, 4, 3], [2], [[1, 2]], { rhsDilation: [2] }], // 1-D
        [[3, 10, 4], [3, 4, 6], [1], [[1, 1]], { dimensionNumbers: ["NWC", "WIO", "NWC"], lhsDilation: [2] }], // 1-D, NWC
        [[2, 2, 5, 4, 6], [3, 2, 2, 3, 2], [1, 2, 2], "SAME", {}], // 3-D
        [[2, 5, 4, 6, 2], [2, 2, 3, 2, 3], [2, 1, 1], [[0, 1], [1, 1], [2, 0]], { dimensionNumbers: ["NDHWC", "DHWIO", "NCDHW"], rhsDilation: [1, 2, 1], lhsDilation: [1, 1, 2] }], // 3-D, mixed layouts
        [[2, 3, 4, 5], [4, 3, 2, 2], [1, 1], "VALID", { dimensionNumbers: ["NCHW", "OIHW", "NHWC"] }], // output in another layout
        [[2, 6, 5, 3], [2, 4, 2, 3], [1, 1], "VALID", { dimensionNumbers: { lhsSpec: [3, 0, 2, 1], rhsSpec: [1, 2, 3, 0], outSpec: [2, 3, 0, 1] } }], // permuted numbers
      ];
      for (const [lhs, rhs, strides, padding, options] of cases) {
        const f = (a: Array, b: Array): Array => lax.convGeneralDilated(a, b, strides, padding, options);
        const args: [Array, Array] = [gen(lhs), gen(rhs)];
        expect(jit(f, { device: "gpu" }).lower(...args).source, JSON.stringify([lhs, rhs, strides, padding, options])).toContain("gpu:conv_general_dilated");
        await expectSame(f, args, { rtol: 1e-5, atol: 1e-5 });
      }
      // Other dtypes run on the host.
      const ints = (a: Array, b: Array): Array => lax.convGeneralDilated(a, b, [1], "SAME");
      await expectSame(ints, [gen([2, 3, 6], "int32"), gen([2, 3, 3], "int32")], undefined, true);
    });

    it("conv_general_dilated: a CNN's forward and backward step under jit plan no host step and match the JS backend", async () => {
      const nhwc: lax.ConvGeneralDilatedOptions = { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] };
      const loss = (w1: Array, b1: Array, w2: Array, x: Array): Array => {
        const h = np.maximum(lax.convGeneralDilated(x, w1, [1, 1], "SAME", nhwc).add(b1), 0);
        const z = lax.convGeneralDilated(h, w2, [2, 2], "VALID", { ...nhwc, featureGroupCount: 2 });
        return np.mean(z.mul(z));
      };
      const step = (w1: Array, b1: Array, w2: Array, x: Array): Array[] => {
        const [g1, gb, g2] = grad(loss, { argnums: [0, 1, 2] })(w1, b1, w2, x);
        return [loss(w1, b1, w2, x), w1.sub(g1.mul(0.1)), b1.sub(gb.mul(0.1)), w2.sub(g2.mul(0.1))];
      };
      const args: [Array, Array, Array, Array] = [gen([3, 3, 2, 4], "float32", -0.5, 0.5), gen([4], "float32", -0.1, 0.1), gen([2, 2, 2, 6], "float32", -0.5, 0.5), gen([3, 8, 7, 2])];
      const source = jit(step, { device: "gpu" }).lower(...args).source;
      expect(source).not.toContain("host:");
      // The forward convolutions and both gradients of each (lhs and rhs transposes) are conv kernels.
      expect(source.match(/= gpu:conv_general_dilated\d+\(/g)?.length).toBeGreaterThanOrEqual(5);
      await expectSame(step, args, { rtol: 1e-4, atol: 1e-5 });
      await expectRepeatable(step, args);
    });

    it("dot_general: matmul, batched, vector, int32", async () => {
      const a = gen([7, 9]);
      const b = gen([9, 5]);
      await expectSame((a, b) => np.matmul(a, b), [a, b], { rtol: 1e-5, atol: 1e-5 });
      await expectSame((a, b) => np.matmul(a, b), [gen([3, 4, 6]), gen([3, 6, 2])], { rtol: 1e-5, atol: 1e-5 });
      await expectSame((a, b) => np.dot(a, b), [gen([8]), gen([8])], { rtol: 1e-5, atol: 1e-5 });
      await expectSame((a, b) => lax.dotGeneral(a, b, [[[0], [1]], [[], []]]), [gen([9, 3]), gen([4, 9])], { rtol: 1e-5, atol: 1e-5 });
      await expectSame((a, b) => np.matmul(a, b), [gen([3, 4], "int32", -20, 20), gen([4, 2], "int32", -20, 20)]);
    });
    it("dot_general: matrix products (webgpu: the tiled WGSL kernel), edges of tiles, transposed, batched, non-collapsible", async () => {
      const tol = { rtol: 1e-5, atol: 2e-5 };
      const onTiles = (f: (...xs: Array[]) => Array, args: Array[], tiled = true): void => {
        const source = jit(f, { device: "gpu" }).lower(...args).source;
        // webgpu runs products of two dims >= 8 as the tiled kernel; the other modes as gpu.js's contraction.
        expect(source).toContain(mode === "webgpu" && tiled ? "wgsl:matmul" : "gpu:dot_general");
      };
      const cases: [(...xs: Array[]) => Array, Array[], boolean?][] = [
        [(a, b) => np.matmul(a, b), [gen([70, 37]), gen([37, 66])]], // partial tiles on every side
        [(a, b) => np.matmul(a, b), [gen([64, 16]), gen([16, 64])]], // whole tiles: no bounds checks
        [(a, b) => np.matmul(a, b), [gen([3, 20, 33]), gen([3, 33, 17])]], // batched
        [(a, b) => lax.dotGeneral(a, b, [[[0], [0]], [[], []]]), [gen([33, 20]), gen([33, 17])]], // lhs contracted on its rows
        [(a, b) => lax.dotGeneral(a, b, [[[1], [1]], [[], []]]), [gen([20, 33]), gen([17, 33])]], // rhs contracted on its columns
        [(a, b) => lax.dotGeneral(a, b, [[[2], [0]], [[], []]]), [gen([2, 9, 12]), gen([12, 10])]], // two lhs free dims as one
        [(a, b) => lax.dotGeneral(a, b, [[[1, 2], [0, 1]], [[], []]]), [gen([9, 4, 5]), gen([4, 5, 11])]], // two contracting dims as one
        [(a) => lax.dotGeneral(a, a, [[[1], [1]], [[], []]]), [gen([12, 30])]], // one buffer bound twice
        [(a, b) => lax.dotGeneral(a, b, [[[0, 2], [0, 1]], [[], []]]), [gen([9, 12, 10]), gen([9, 10, 11])], false], // contracting dims 0 and 2 do not collapse
        [(a, b) => lax.dotGeneral(a, b, [[[1], [0]], [[], []]]), [gen([8, 0]), gen([0, 9])]], // empty contraction: zeros
      ];
      for (const [f, args, tiled] of cases) {
        onTiles(f, args, tiled);
        await expectSame(f, args, tol);
      }
      // Few output tiles over a long contraction: split-K (webgpu: the tiled kernel writes partial products that a second kernel sums).
      const splitK: [(...xs: Array[]) => Array, Array[]][] = [
        [(a, b) => np.matmul(a, b), [gen([64, 8192]), gen([8192, 64])]], // whole tiles, 16 splits
        [(a, b) => np.matmul(a, b), [gen([20, 3000]), gen([3000, 30])]], // partial tiles, a partial last split
        [(a, b) => np.matmul(a, b), [gen([2, 10, 2048]), gen([2, 2048, 12])]], // batched
      ];
      for (const [f, args] of splitK) {
        expect(jit(f, { device: "gpu" }).lower(...args).source).toMatch(mode === "webgpu" ? /= gpu:matmul\d+_combine\(/ : /= gpu:dot_general\d+_combine\(/);
        await expectSame(f, args, { rtol: 1e-4, atol: 2e-3 }); // sums of 8192 products of magnitude up to 9
      }
      // Operands inside one packed group output, at offsets.
      const packedOperands = (x: Array, w: Array): Array => {
        const h = np.tanh(x);
        const [a, b] = [h.mul(2), h.sub(x)]; // one group; its outputs packed end to end
        return np.matmul(a, w).add(np.matmul(b, w));
      };
      const pargs: [Array, Array] = [gen([20, 16]), gen([16, 12])];
      if (mode === "webgpu") expect(jit(packedOperands, { device: "gpu" }).lower(...pargs).source).toMatch(/wgsl:matmul\d+\(g(\d+), .*\n.*wgsl:matmul\d+\(g\1, /);
      await expectSame(packedOperands, pargs, tol);
      // The gradient of an MLP: forward and transposed products all tiled.
      const loss = (w1: Array, w2: Array, xs: Array): Array => np.mean(np.square(np.matmul(np.tanh(np.matmul(xs, w1)), w2)));
      const g = (a: Array, b: Array, c: Array): Array[] => grad(loss, { argnums: [0, 1] })(a, b, c) as unknown as Array[];
      await expectSame(g, [gen([16, 32], "float32", -0.5, 0.5), gen([32, 10], "float32", -0.5, 0.5), gen([64, 16])], { rtol: 1e-4, atol: 1e-5 });
    });
    it("dot_general with few outputs over a long contraction: split-K partial products, then their sums", async () => {
      const tol = { rtol: 2e-5, atol: 1e-4 };
      const cases: [(...xs: Array[]) => Array, Array[]][] = [
        [(a, b) => np.dot(a, b), [gen([5000]), gen([5000])]], // one output
        [(a, b) => np.matmul(a, b), [gen([3, 4000]), gen([4000])]], // a few rows
        [(a, b) => lax.dotGeneral(a, b, [[[0, 1], [0, 1]], [[], []]]), [gen([50, 60]), gen([50, 60])]], // two contracting dims, decoded
        [(a, b) => lax.dotGeneral(a, b, [[[1], [1]], [[0], [0]]]), [gen([2, 3000]), gen([2, 3000])]], // batched
      ];
      for (const [f, args] of cases) {
        expect(jit(f, { device: "gpu" }).lower(...args).source).toMatch(/= gpu:dot_general\d+_combine\(/);
        await expectSame(f, args, tol);
      }
      await expectSame((a, b) => np.dot(a, b), [gen([3000], "int32", -5, 5), gen([3000], "int32", -5, 5)]);
    });
    it("pad (issue 21): interior, negative and edge padding as one index-map kernel, any dtype the device holds", async () => {
      type Pad = [shape: number[], config: [number, number, number][]];
      const cases: Pad[] = [
        [[7], [[2, 1, 1]]],
        [[5, 3], [[1, 2, 2], [0, 3, 1]]], // interior (base dilation): the gradient of a strided window's form
        [[5, 6], [[-2, 1, 1], [3, -4, 0]]], // negative low/high crop, with and without interior padding
        [[3, 4, 5], [[0, 0, 3], [-1, -1, 2], [2, 0, 0]]],
        [[2, 1, 3], [[1, 1, 0], [0, 0, 4], [-3, 2, 1]]],
      ];
      for (const [shape, config] of cases) {
        const f = (x: Array, v: Array): Array => lax.pad(x, v, config);
        const args: [Array, Array] = [gen(shape), gen([])];
        const source = jit(f, { device: "gpu" }).lower(...args).source;
        expect(source).toContain("gpu:pad");
        await expectSame(f, args);
        await expectSame((x) => lax.pad(x, -Infinity, config), [gen(shape)]);
        await expectSame((x) => lax.pad(x, 7, config), [gen(shape, "int32", -50, 50)]);
      }
      await expectSame((x) => lax.pad(x, false, [[1, 2, 1], [0, 1, 2]]), [gen([3, 2], "bool")]);
    });

    it("concatenate (issue 21): one kernel reading every part along any axis; more parts than a kernel may read on the host", async () => {
      const [a, b, c] = [gen([2, 3, 4]), gen([2, 5, 4]), gen([2, 1, 4])];
      for (const f of [
        (a: Array, b: Array, c: Array): Array => np.concatenate([a, b, c, a], 1),
        (a: Array, b: Array): Array => np.concatenate([a.transpose([2, 1, 0]), b.transpose([2, 1, 0]).get(":", "1:4")], 0),
        (a: Array): Array => np.concatenate([a, a.neg(), np.zeros([0, 3, 4])], 0),
        (a: Array, b: Array, c: Array): Array => np.concatenate([c, np.exp(c)], 2),
      ]) {
        expect(jit(f, { device: "gpu" }).lower(a, b, c).source).toContain("gpu:concatenate");
        await expectSame(f, [a, b, c]);
      }
      await expectSame((i: Array) => np.concatenate([i, i.mul(3)], 0), [gen([5], "int32", -9, 9)]);
      const seven = (a: Array): Array => np.concatenate([0, 1, 2, 3, 4, 5, 6].map((k) => a.mul(k)), 0);
      expect(jit(seven, { device: "gpu" }).lower(a).source).toContain("host:concatenate");
      await expectSame(seven, [a], undefined, true);
    });

    it("select_and_gather_add (issue 21): max/min pooling's JVP as a window scan, ties, padding, strides and both dilations as the JS backend picks them", async () => {
      type Pool = [shape: number[], window: number[], strides: number[], padding: lax.WindowPaddingLike, baseDilation: number[] | null, windowDilation: number[] | null];
      const cases: Pool[] = [
        [[2, 6, 6, 3], [1, 2, 2, 1], [1, 2, 2, 1], "VALID", null, null],
        [[2, 3, 7, 5], [1, 1, 3, 3], [1, 1, 2, 2], "SAME", null, null],
        [[2, 5, 6, 3], [1, 3, 2, 1], [1, 1, 2, 1], [[0, 0], [2, 1], [1, 1], [0, 0]], null, null], // windows wholly in the padding
        [[5, 7], [3, 2], [2, 1], [[1, 2], [0, 1]], [2, 1], null], // base dilation
        [[9, 5], [2, 3], [1, 2], "SAME", null, [3, 2]], // window dilation
        [[7], [4], [3], [[2, 2]], [3], [2]],
      ];
      for (const [shape, window, strides, padding, baseDilation, windowDilation] of cases) {
        for (const [init, op] of [[-Infinity, lax.max], [Infinity, lax.min]] as const) {
          const pool = (y: Array): Array => lax.reduceWindow(y, init, op, window, strides, padding, baseDilation, windowDilation);
          const tangentOf = (x: Array, t: Array): Array => jvp(pool, [x], [t])[1];
          const source = jit(tangentOf, { device: "gpu" }).lower(gen(shape), gen(shape)).source;
          expect(source).toContain("gpu:select_and_gather_add");
          expect(source).not.toContain("host:");
          // Rounded values tie within windows: the kept tangent must be the JS backend's.
          await expectSame(tangentOf, [np.round(gen(shape)), gen(shape)]);
          await expectSame(tangentOf, [gen(shape), gen(shape)]);
        }
      }
      // Eager, on GPU arrays: the one-equation program runs the same kernel.
      const [x, t] = [np.round(gen([4, 7])), gen([4, 7])];
      const tangent = (a: Array, b: Array): Array => jvp((y: Array) => lax.reduceWindow(y, -Infinity, lax.max, [2, 3], [2, 2], "SAME"), [a], [b])[1];
      const eager = tangent(devicePut(x, "gpu"), devicePut(t, "gpu"));
      expect(eager).toBeInstanceOf(GpuArray);
      expect(await read(eager)).toEqual([...tangent(x, t).dataSync()]);
    });

    it("second-order max pooling and strided window gradients (interior pad, select_and_gather_add) plan no host step", async () => {
      const pool = (z: Array): Array => np.sum(lax.reduceWindow(z, -Infinity, lax.max, [3, 3], [2, 2], "SAME").mul(z.get(":3", ":4")));
      const hvp = (z: Array, v: Array): Array => jvp(grad(pool), [z], [v])[1];
      const second = (z: Array): Array => grad((u: Array) => np.sum(grad(pool)(u).mul(np.sin(u))))(z);
      const strided = (z: Array): Array => grad((u: Array) => np.sum(np.square(lax.reduceWindow(u, 0, lax.add, [2, 3], [3, 2], [[1, 0], [0, 2]]))))(z);
      const stridedConv = (x: Array, w: Array): Array => grad((u: Array) => np.sum(np.square(lax.convGeneralDilated(u, w, [2, 3], "SAME"))))(x);
      const z = gen([5, 7]);
      for (const [f, args] of [[hvp, [z, gen([5, 7])]], [second, [z]], [strided, [z]], [stridedConv, [gen([2, 3, 7, 8]), gen([4, 3, 3, 2])]]] as const) {
        const source = jit(f, { device: "gpu" }).lower(...args).source;
        expect(source).not.toContain("host:");
        await expectSame(f as (...xs: Array[]) => Array, [...args], { rtol: 1e-5, atol: 1e-5 });
      }
      expect(jit(strided, { device: "gpu" }).lower(z).source).toContain("gpu:pad");
      expect(jit(hvp, { device: "gpu" }).lower(z, z).source).toContain("gpu:select_and_gather_add");
    });

    it("gather and scatter, scatter-add, scatter-mul (issue 21): take_along_axis, indexing and their transposes as index maps, every mode", async () => {
      const x = gen([5, 7]);
      const rows = np.array([[3], [0], [6], [6], [-2]], { dtype: "int32" }); // -2 is out of range
      const rowsDn = { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0], operandBatchingDims: [], scatterIndicesBatchingDims: [] };
      const cases: [(...xs: Array[]) => Array | Array[], Array[]][] = [
        [(a, i) => np.takeAlongAxis(a, i, 1), [x, rows]], // fill: NaN out of range
        [(a, i) => np.takeAlongAxis(a, i, 1, { mode: "fill", fillValue: -4.5 }), [x, rows]],
        [(a, i) => np.takeAlongAxis(a, i, 1, { mode: "clip" }), [x, rows]],
        [(a, i) => np.takeAlongAxis(a, i, 1, { mode: "promise_in_bounds" }), [x, rows]], // a gather clamps, as XLA does
        [(a, i) => grad((b: Array) => np.sum(np.takeAlongAxis(b, i, 1, { mode: "clip" }).mul(b.get(":", ":1"))))(a), [x, rows]],
        [(a, i) => grad((b: Array) => np.sum(np.nanToNum(np.takeAlongAxis(b, i, 1))))(a), [x, rows]], // out-of-range updates dropped
        [(a, i) => [a.get(i), grad((b: Array) => np.sum(np.square(b.get(i))))(a)], [gen([6, 3, 4]), np.array([[4, 0], [5, 4], [1, 4]], { dtype: "int32" })]], // repeated rows accumulate
        [(a, i) => vmap((r: Array, j: Array) => r.get(j))(a, i), [gen([4, 6, 3]), np.array([[1, 5], [0, 0], [2, 3], [5, 4]], { dtype: "int32" })]], // batching dims
        [(a, i, u) => a.at(i).add(u), [gen([6, 2]), np.array([1, 1, 4, 9, -7], { dtype: "int32" }), gen([5, 2])]],
        // Overwrite: the last of repeated indices wins, as in the JS backend's row-major walk; products round alike.
        [(a, i, u) => [a.at(i).set(u), lax.scatterMul(a, i.reshape([5, 1]), u, rowsDn)], [gen([6, 2]), np.array([1, 4, 1, 9, -7], { dtype: "int32" }), gen([5, 2])]],
        // clip clamps a scatter's window; promise_in_bounds drops it (XLA's scatter), unlike a gather.
        [(a, i, u) => [lax.scatter(a, i, u, rowsDn, { mode: "clip" }), lax.scatterAdd(a, i, u, rowsDn, { mode: "promise_in_bounds" })], [gen([6, 2]), np.array([[1], [4], [1], [9], [-7]], { dtype: "int32" }), gen([5, 2])]],
      ];
      for (const [f, args] of cases) {
        const source = jit(f, { device: "gpu" }).lower(...args).source;
        expect(source).toMatch(/gpu:(gather|scatter_add|scatter|scatter_mul)\d/);
        expect(source).not.toContain("host:");
        await expectSame(f, args, { rtol: 1e-5, atol: 1e-5 });
      }
      // Integers and bools move exactly; JAX's default integer fill (the dtype's minimum) is past 2^24, so that gather runs on the host.
      const ints = gen([5, 7], "int32", -1000, 1000);
      await expectSame((a, i) => [np.takeAlongAxis(a, i, 1, { mode: "clip" }), np.takeAlongAxis(a, i, 1, { mode: "fill", fillValue: -3 }), np.takeAlongAxis(np.greater(a, 0), i, 1, { mode: "clip" })], [ints, rows]);
      expect(jit((a: Array, i: Array) => np.takeAlongAxis(a, i, 1), { device: "gpu" }).lower(ints, rows).source).toContain("host:gather");
      // A scatter-add whose scan would visit more than 2^26 (operand element, scatter index) pairs runs on the host.
      const long = (a: Array, i: Array, u: Array): Array => a.at(i).add(u);
      const longArgs: [Array, Array, Array] = [np.zeros([8192]), np.zeros([8193], { dtype: "int32" }), np.ones([8193])];
      expect(jit(long, { device: "gpu" }).lower(...longArgs).source).toContain("host:scatter_add");
      expect(jit(long, { device: "gpu" }).lower(np.zeros([8192]), np.zeros([8191], { dtype: "int32" }), np.ones([8191])).source).toContain("gpu:scatter_add");
    });

    it("a CNN training step (conv, relu, max pool, dense, softmax cross-entropy, adam) plans no host step and matches the JS backend", async () => {
      const nhwc: lax.ConvGeneralDilatedOptions = { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] };
      type Params = { w1: Array; b1: Array; w2: Array; b2: Array; d: Array; db: Array };
      const logits = (p: Params, x: Array): Array => {
        const block = (h: Array, w: Array, b: Array): Array => nn.maxPool(nn.relu(lax.convGeneralDilated(h, w, [1, 1], "SAME", nhwc).add(b)), [2, 2], { strides: [2, 2] });
        const h = block(block(x, p.w1, p.b1), p.w2, p.b2);
        return h.reshape([h.shape[0]!, -1]).matmul(p.d).add(p.db);
      };
      const loss = (p: Params, x: Array, y: Array): Array => np.mean(optim.softmaxCrossEntropyWithIntegerLabels(logits(p, x), y));
      const opt = optim.adam(1e-2);
      const step = (p: Params, s: optim.OptState, x: Array, y: Array) => {
        const [l, g] = valueAndGrad(loss)(p, x, y);
        const [u, next] = opt.update(g, s, p);
        return [l, optim.applyUpdates(p, u), next] as const;
      };
      const w = (shape: number[]): Array => gen(shape, "float32", -0.4, 0.4);
      const p: Params = { w1: w([3, 3, 1, 4]), b1: w([4]), w2: w([3, 3, 4, 3]), b2: w([3]), d: w([2 * 3 * 3, 5]), db: w([5]) };
      const [leaves, def] = tree.flatten([p, opt.init(p)]);
      // The step on flat leaves, so both backends' results compare leaf by leaf.
      const flatStep = (...xs: Array[]): Array[] => {
        const [q, s] = tree.unflatten(def, xs.slice(0, -2)) as [Params, optim.OptState];
        return tree.leaves(step(q, s, xs[xs.length - 2]!, xs[xs.length - 1]!)) as Array[];
      };
      const args = [...(leaves as Array[]), gen([3, 9, 13, 1]), np.array([4, 0, 2], { dtype: "int32" })];
      const source = jit(flatStep, { device: "gpu" }).lower(...args).source;
      expect(source).not.toContain("host:");
      for (const k of ["conv_general_dilated", "reduce_window_max", "select_and_scatter_add", "gather", "scatter_add", "dot_general"]) expect(source).toContain(`gpu:${k}`);
      await expectSame(flatStep, args, { rtol: 1e-4, atol: 1e-5 });
      await expectRepeatable(flatStep, args);
    });

    it("host fallbacks: sort, cumsum, integer bit operations (gather, concatenate and pad beside them on the device)", async () => {
      const v = gen([10]);
      const idx = np.array([3, 0, 9, 9], { dtype: "int32" });
      const mixed = (v: Array, i: Array): Array[] => [v.get(i).mul(2), np.sort(v), np.cumsum(v.mul(v)), np.concatenate([v, v.neg()]), lax.pad(v, 0, [[2, 1, 1]])];
      const hostLines = jit(mixed, { device: "gpu" }).lower(v, idx).source.split("\n").filter((l) => / = host:/.test(l));
      expect(hostLines.map((l) => l.replace(/.* = host:(\w+)\(.*/, "$1")).sort()).toEqual(["cumsum", "sort"]);
      await expectSame(mixed, [v, idx], { rtol: 1e-5, atol: 1e-6 }, true);
      const a = gen([8], "int32", -100, 100);
      const b = gen([8], "int32", 0, 5);
      await expectSame((a, b) => [lax.bitwiseAnd(a, b), lax.shiftLeft(a, b), lax.shiftRightArithmetic(a, b), lax.bitwiseNot(a)], [a, b], undefined, true);
    });
  });

  describe("composed programs", () => {
    it("grad of an MLP loss", async () => {
      const w1 = gen([4, 8]);
      const w2 = gen([8, 1]);
      const xs = gen([16, 4]);
      const loss = (w1: Array, w2: Array, xs: Array): Array => np.mean(np.square(np.matmul(np.tanh(np.matmul(xs, w1)), w2)));
      await expectSame((a, b, c) => grad(loss, { argnums: [0, 1] })(a, b, c) as unknown as Array[], [w1, w2, xs], { rtol: 2e-5, atol: 1e-5 });
    });
    it("vmap of a per-row normalization", async () => {
      const f = (r: Array): Array => r.sub(np.mean(r)).div(np.sqrt(np.mean(np.square(r.sub(np.mean(r)))).add(1e-5)));
      await expectSame((m) => vmap(f)(m), [gen([6, 10])], { rtol: 1e-5, atol: 1e-5 });
    });
    it("scan: a cumulative recurrence and its gradient", async () => {
      const step = (c: Array, x: Array): [Array, Array] => {
        const n = np.tanh(c.mul(0.9).add(x));
        return [n, n.mul(2)];
      };
      const run = (xs: Array): Array => {
        const [c, ys] = lax.scan(step, np.zeros([3]), xs);
        return np.sum(ys).add(np.sum(c));
      };
      const xs = gen([12, 3]);
      await expectSame(run, [xs], { rtol: 1e-5, atol: 1e-5 }, true);
      await expectSame((xs) => grad(run)(xs) as Array, [xs], { rtol: 1e-5, atol: 1e-5 }, true);
    });
    it("gpu jit under grad and vmap (transforms see the pjit as usual)", async () => {
      const f = jit((x: Array) => np.sum(np.sin(x).mul(x)), { device: "gpu" });
      const x = gen([5]);
      const g = await read(grad(f)(x) as Array);
      const expected = np.cos(x).mul(x).add(np.sin(x));
      g.forEach((v: number, i: number) => expect(v).toBeCloseTo(expected.dataSync()[i]!, 5));
      const vm = vmap(f)(gen([3, 5])) as Array;
      expect(vm.shape).toEqual([3]);
    });
  });

  describe("code generation", () => {
    it("keeps intermediates on the device and shows gpu.js sources in lower()", async () => {
      const f = (x: Array, w: Array) => np.sum(np.tanh(np.matmul(x, w)).mul(2), 1);
      const low = jit(f, { device: "gpu" }).lower(gen([4, 3]), gen([3, 5]));
      expect(low.source).toContain("gpu:dot_general");
      expect(low.source).toContain("this.thread.x");
      expect(low.source).not.toContain("host:");
      expect(low.source).toMatch(/for \(let d1 = 0; d1 < 5; d1\+\+\)/); // constant loop bound
    });
    it("packs a fused group's outputs into one kernel; products, views and host steps read them in place", async () => {
      // h, a, b and the row sums of a*b come from one group; its outputs feed products, a transpose, a sort and a result.
      const f = (x: Array, w: Array): Array[] => {
        const h = np.tanh(x);
        const a = h.mul(2);
        const b = h.mul(h).add(x);
        const r = np.sum(a.mul(b), 1);
        return [np.matmul(a, w).add(np.matmul(b, w)), a.T.mul(3), np.sort(b.reshape([-1])), r.mul(r)];
      };
      const args: [Array, Array] = [gen([6, 5]), gen([5, 4])];
      const source = jit(f, { device: "gpu" }).lower(...args).source;
      const packedGroup = /^g\d+ = gpu:fused(\d+)\(/m.exec(source); // one kernel writes the whole group
      expect(packedGroup).not.toBeNull();
      expect(source).not.toContain(`gpu:fused${packedGroup![1]}_`); // and no per-output kernel of it is left
      expect(source).toMatch(/gpu:dot_general\d+\(g\d+, /); // products read the packed output
      await expectSame(f, args, { rtol: 1e-5, atol: 1e-5 }, true);
    });

    it("decodes multi-indices exactly up to 2^24 elements (a float quotient rounds across integers past 2^23)", async () => {
      const [rows, cols] = [2049, 4096]; // 2^23 + 4096 elements
      const x = np.arange(0, rows * cols, 1, { dtype: "float32" }).reshape([rows, cols]);
      const y = await jit((a: Array) => a.get(":", "::-1").neg(), { device: "gpu" })(x).data();
      let wrong = 0;
      for (let i = 0; i < rows * cols; i++) if (y[i] !== -(Math.floor(i / cols) * cols + (cols - 1 - (i % cols)))) wrong++;
      expect(wrong).toBe(0);
    });
    it("refuses arrays past 2^24 elements in gpu.js kernels (float32 indices) with a RangeError naming the array", () => {
      const big = np.zeros([4097, 4096]); // 2^24 + 4096 elements
      expect(() => jit((a: Array) => a.mul(2), { device: "gpu" }).lower(big)).toThrow(/exact only up to 2\^24 = 16777216 elements, but .* f32\[4097,4096\] \(16781312 elements\)/);
      expect(() => jit((a: Array) => np.sum(a, 1), { device: "gpu" }).lower(big)).toThrow(RangeError);
      // 2^24 elements exactly is still exact.
      expect(() => jit((a: Array) => a.mul(2), { device: "gpu" }).lower(np.zeros([4096, 4096]))).not.toThrow();
    });
    it("splits kernels that would read more buffers than the limit", async () => {
      const f = (a: Array, b: Array, c: Array, d: Array) => a.mul(b).add(c.mul(d)).mul(a.add(c));
      const args = [gen([5]), gen([5]), gen([5]), gen([5])];
      const closed = makeJaxpr(f)(...args);
      const exe = compileGpuJaxpr(closed.jaxpr, [], { maxKernelInputs: 2 });
      expect(exe.gpuKernelCount).toBeGreaterThan(1);
      for (const line of exe.source.split("\n").filter((l) => l.includes("= gpu:"))) {
        expect(line.replace(/.*\(/, "").split(",").length).toBeLessThanOrEqual(2);
      }
      await expectSame(f, args);
    });
    it("renders kernel IR as float-typed gpu.js source and refuses 32-bit bit operations", async () => {
      const used = new Set<string>();
      const [x0, x1, t1] = [ir.load(0, "int32"), ir.load(1, "int32"), ir.reg("t1", "int32")];
      const e = ir.binary("add", ir.binary("eq", x0, ir.constant(1, "int32"), "int32"), ir.binary("mul", t1, ir.constant(3, "int32")));
      expect(renderGpu(e, used)).toBe("h_i32((((x0 == 1.0) ? 1.0 : 0.0) + h_i32(h_i32((t1 * 3.0)))))");
      expect([...used].sort()).toEqual(["i32"]);
      expect(() => renderGpu(ir.binary("shift_left", x0, x1), used)).toThrow(Untranslatable);
    });
  });
}
