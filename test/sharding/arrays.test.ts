// Making global arrays from shards (jax.make_array_from_*), live arrays, and the debug views of
// shardings, with values and error wording from JAX 0.10.2 on CPU (one CPU device, as dprog).
import { describe, expect, it } from "vitest";
import type { Array } from "../../src/index.js";
import { NamedSharding, P, debug, devices, jit, liveArrays, makeArrayFromCallback, makeArrayFromProcessLocalData, makeArrayFromSingleDeviceArrays, makeMesh, numpy as np, RuntimeError, trackLiveArrays, vmap, grad } from "../../src/index.js";

const mesh = makeMesh([1], ["i"], { axisTypes: ["Auto"] });
const s = new NamedSharding(mesh, P("i"));

describe("makeArrayFrom*", () => {
  it("makeArrayFromCallback gets one full-slice index per device", () => {
    const seen: string[][] = [];
    const x = makeArrayFromCallback([4, 2], s, (index) => {
      seen.push(index);
      return np.ones([4, 2]);
    });
    expect(seen).toEqual([[":", ":"]]); // JAX 0.10.2: (slice(None, None, None), slice(None, None, None))
    expect(x.tolist()).toEqual([[1, 1], [1, 1], [1, 1], [1, 1]]);
    expect(String(x.sharding)).toBe(String(s));
    const global = np.arange(6).reshape([3, 2]);
    expect(makeArrayFromCallback([3, 2], s, (index) => global.get(...index)).tolist()).toEqual(global.tolist());
    expect(makeArrayFromCallback([2], s, () => [1, 2], { dtype: "int32" }).dtype).toBe("int32");
  });

  it("raise JAX's errors", () => {
    expect(() => makeArrayFromCallback([4, 2], s, () => np.ones([3, 2]))).toThrow(
      "Expected shard shape (4, 2) doesn't match the single device array shape (3, 2). Shape of Array is float32[4,2] with sharding NamedSharding(mesh=Mesh('i': 1, axis_types=(Auto,)), spec=P('i',), memory_kind=device)",
    );
    const x = np.arange(4, { dtype: "float32" });
    expect(makeArrayFromSingleDeviceArrays([4], s, [x]).tolist()).toEqual([0, 1, 2, 3]);
    expect(() => makeArrayFromSingleDeviceArrays([5], s, [x])).toThrow("Expected shard shape (5,) doesn't match the single device array shape (4,). Shape of Array is float32[5] with sharding");
    expect(() => makeArrayFromSingleDeviceArrays([4], s, [x, x])).toThrow("Expected 1 per-device arrays (this is how many devices are addressable by the sharding), but got 2");
    expect(makeArrayFromProcessLocalData(s, x).tolist()).toEqual([0, 1, 2, 3]);
    expect(makeArrayFromProcessLocalData(s, x, [4]).tolist()).toEqual([0, 1, 2, 3]);
    expect(() => makeArrayFromProcessLocalData(s, x, [8])).toThrow(
      "When calling `make_array_from_process_local_data` on a single process, global_shape should be None or equal to local_data.shape.Got global_shape=(8,) and local_data.shape=(4,).",
    );
  });
});

describe("liveArrays", () => {
  it("lists tracked arrays that are alive, and refuses while tracking is off", () => {
    expect(() => liveArrays()).toThrow(RuntimeError);
    expect(trackLiveArrays(true)).toBe(false);
    try {
      const before = liveArrays().length;
      const a = np.ones([3]);
      const b = a.add(1);
      const live = liveArrays();
      expect(live.includes(a) && live.includes(b)).toBe(true);
      expect(live.length - before).toBeGreaterThanOrEqual(2);
    } finally {
      expect(trackLiveArrays(false)).toBe(true);
    }
    expect(() => liveArrays()).toThrow("liveArrays() needs trackLiveArrays(true)");
  });
});

describe("debug sharding views", () => {
  it("inspectArraySharding calls back with each array's sharding, under jit while tracing", () => {
    const got: string[] = [];
    debug.inspectArraySharding({ a: np.ones([2]), b: [np.ones([3])] }, { callback: (sh) => got.push(String(sh)) });
    expect(got).toEqual(["SingleDeviceSharding(device=CpuDevice(id=0), memory_kind=device)", "SingleDeviceSharding(device=CpuDevice(id=0), memory_kind=device)"]);
    const seen: string[] = [];
    const f = jit((x: Array) => {
      debug.inspectArraySharding(x, { callback: (sh) => seen.push(String(sh)) });
      return x.mul(2);
    });
    expect(f(np.ones([2])).tolist()).toEqual([2, 2]);
    expect(seen).toEqual(["SingleDeviceSharding(device=CpuDevice(id=0), memory_kind=device)"]);
    expect(grad((x: Array) => { debug.inspectArraySharding(x, { callback: () => undefined }); return x.sum(); })(np.ones([2])).tolist()).toEqual([1, 1]);
    expect(vmap((x: Array) => { debug.inspectArraySharding(x, { callback: () => undefined }); return x; })(np.ones([2])).tolist()).toEqual([1, 1]);
  });

  it("visualizeArraySharding prints a box labelled with the device", () => {
    const lines: string[] = [];
    debug.setPrintSink((line) => lines.push(line));
    try {
      debug.visualizeArraySharding(np.ones([4]));
      debug.visualizeArraySharding(np.ones([4, 4]));
    } finally {
      debug.setPrintSink(null);
    }
    expect(lines[0]).toBe("┌────────┐\n│ CPU 0  │\n└────────┘");
    expect(lines[1]!.split("\n").filter((l) => l.includes("CPU 0"))).toHaveLength(1);
    expect(() => debug.visualizeArraySharding(np.ones([2, 2, 2]))).toThrow("`visualize_sharding` only works for shapes with 1 and 2 dimensions.");
    expect(devices()[0]!.platform.toUpperCase()).toBe("CPU");
  });
});
