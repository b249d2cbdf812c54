// Narrow dtypes on the GPU backend (gpu.js webasm mode): lowerNarrow runs before partitioning,
// so int8/uint16/int4/float16 programs compute in int32/float32 on the device with the same wraps and
// roundings as the JS backend; results come back in their own dtype and storage.
import { beforeAll, describe, expect, it } from "vitest";
import { numpy as np, lax, jit, setGpuMode } from "../../src/index.js";
import type { Array } from "../../src/index.js";

beforeAll(() => setGpuMode("webasm"));

const read = async (a: Array): Promise<number[]> => globalThis.Array.from((await a.data()) as ArrayLike<number>);

describe("narrow dtypes on the GPU backend", () => {
  it("int8 and uint16 wraparound, float16 rounding: GPU equals the JS backend", async () => {
    const f = (a: Array, b: Array, h: Array): Array[] => [np.multiply(np.add(a, a), 3), lax.shiftRightLogical(a, np.int8(1)), np.subtract(b, np.uint16(7)), np.divide(np.multiply(np.add(h, 1), 3), 7)];
    const args: [Array, Array, Array] = [np.array([100, -128, 7, 127], { dtype: "int8" }), np.array([3, 65535, 9, 0], { dtype: "uint16" }), np.array([0.1, 60000, 1e-6, -2.5], { dtype: "float16" })];
    const js = jit(f)(...args);
    const gpu = jit(f, { device: "gpu" })(...args);
    for (let i = 0; i < js.length; i++) {
      expect(gpu[i]!.dtype).toBe(js[i]!.dtype);
      expect(await read(gpu[i]!)).toEqual(globalThis.Array.from(js[i]!.dataSync() as ArrayLike<number>));
    }
    expect(await read(js[0]!)).toEqual([88, 0, 42, -6]);
  });
  it("int4 and uint2 wrap on the GPU as on the JS backend, and come back in their own storage", async () => {
    const f = (a: Array, b: Array): Array[] => [np.multiply(np.add(a, a), 3), lax.shiftRightLogical(a, np.int4(1)), np.subtract(b, np.uint2(3)), a.astype("float32")];
    const args: [Array, Array] = [np.array([7, -8, 3, -1], { dtype: "int4" }), np.array([0, 1, 2, 3], { dtype: "uint2" })];
    const js = jit(f)(...args);
    const gpu = jit(f, { device: "gpu" })(...args);
    for (let i = 0; i < js.length; i++) {
      expect(gpu[i]!.dtype).toBe(js[i]!.dtype);
      expect(await read(gpu[i]!)).toEqual(globalThis.Array.from(js[i]!.dataSync() as ArrayLike<number>));
    }
    // (7 + 7) * 3 = 42 = -6 (mod 16); -8 * 2 * 3 = -48 = 0; 3 * 6 = 18 = 2; -1 * 6 = -6 (values from JAX 0.10.2).
    expect(await read(js[0]!)).toEqual([-6, 0, 2, -6]);
    expect(await read(gpu[2]!)).toEqual([1, 2, 3, 0]);
    expect((await gpu[0]!.data()).constructor.name).toBe("Int8Array");
  });
});
