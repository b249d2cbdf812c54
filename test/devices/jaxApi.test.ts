// JAX's device queries for dprog's single process (jax.default_backend, device_count,
// local_devices, process_index, device_get): answers a JAX program expects on one CPU.
import { describe, expect, it } from "vitest";
import { defaultBackend, deviceCount, deviceGet, devicePut, deviceOf, localDeviceCount, localDevices, numpy as np, processCount, processIndex, RuntimeError } from "../../src/index.js";

describe("device queries", () => {
  it("answer for one process with the JS backend as JAX's cpu", () => {
    expect(defaultBackend()).toBe("cpu");
    expect(deviceCount()).toBe(1);
    expect(deviceCount("cpu")).toBe(1);
    expect(localDeviceCount()).toBe(1);
    expect(localDevices().map((d) => d.name)).toEqual(["js"]);
    expect(localDevices({ backend: "cpu", processIndex: 0 })[0]!.name).toBe("js");
    expect(processCount()).toBe(1);
    expect(processIndex()).toBe(0);
  });

  it("raise JAX's RuntimeError for an unknown backend", () => {
    expect(() => deviceCount("tpu" as never)).toThrow(RuntimeError);
    expect(() => deviceCount("tpu" as never)).toThrow("Unknown backend tpu");
    expect(() => localDevices({ processIndex: 1 })).toThrow(RangeError);
  });

  it("deviceGet copies a tree's arrays to the host and leaves other leaves", () => {
    const params = { w: np.array([[1, 2]], { dtype: "float32" }), b: devicePut(np.array([3], { dtype: "float32" }), "js"), step: 4, name: "layer" };
    const got = deviceGet(params);
    expect(got.step).toBe(4);
    expect(got.name).toBe("layer");
    expect(deviceOf(got.w)).toBe("js");
    expect(got.w.tolist()).toEqual([[1, 2]]);
    expect(got.b.tolist()).toEqual([3]);
  });
});
