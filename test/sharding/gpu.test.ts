// Shardings of the GPU backend's device (gpu.js in webasm mode, as CI runs it): a mesh of the GPU
// device places arrays there, and they report the GPU's shardings.
import { beforeAll, describe, expect, it } from "vitest";
import type { Array } from "../../src/index.js";
import { GpuArray, NamedSharding, P, deviceOf, devicePut, devices, lax, makeMesh, numpy as np, setGpuMode, shardMap } from "../../src/index.js";

beforeAll(() => setGpuMode("webasm"));

describe("shardings on the GPU device", () => {
  it("a mesh of the GPU device places arrays on it", async () => {
    const gpu = devices()[1]!;
    expect([gpu.platform, String(gpu)]).toEqual(["gpu", "GpuDevice(id=0)"]);
    const mesh = makeMesh([1], ["x"], { devices: [gpu], axisTypes: ["Auto"] });
    const s = new NamedSharding(mesh, P("x"));
    const x = devicePut(np.array([1, 2, 3]), s);
    expect(x).toBeInstanceOf(GpuArray);
    expect(String(x.sharding)).toBe("NamedSharding(mesh=Mesh('x': 1, axis_types=(Auto,)), spec=P('x',), memory_kind=device)");
    expect([...x.sharding.deviceSet]).toEqual([gpu]);
    const y = devicePut(np.array([1, 2]), gpu);
    expect(deviceOf(y)).toBe("gpu");
    expect(String(y.sharding)).toBe("SingleDeviceSharding(device=GpuDevice(id=0), memory_kind=device)");
    const f = shardMap((v: Array) => lax.psum(v, "x").mul(2), { mesh, inSpecs: P("x"), outSpecs: P("x") });
    expect([...(await f(x).data())]).toEqual([2, 4, 6]);
    // A devicePut of a GPU array to its own sharding again is a copy that keeps the original usable.
    const z = devicePut(x, new NamedSharding(mesh, P()));
    z.dispose();
    expect([...(await x.data())]).toEqual([1, 2, 3]);
  });
});
