// The GPU backend's suite in gpu.js's webasm mode: what CI and machines without a GPU run.
import { beforeAll, describe, expect, it } from "vitest";
import { devices, initGpu, setGpuMode } from "../../src/index.js";
import type { GpuMode } from "../../src/index.js";
import { defineGpuSuite } from "./suite.js";

beforeAll(() => setGpuMode("webasm"));
defineGpuSuite("webasm");

describe("choosing the mode in Node", () => {
  it("setGpuMode refuses the browser's webgl and webgl2 modes, naming Node's", () => {
    expect(() => setGpuMode("webgl")).toThrow(/^setGpuMode\(webgl\): webgl needs a browser's WebGL; in Node use headlessgl \(the gl addon\) or webgpu/);
    expect(() => setGpuMode("webgl2")).toThrow(/^setGpuMode\(webgl2\): webgl2 needs a browser's WebGL/);
    expect(() => setGpuMode("opengl" as GpuMode)).toThrow(/unknown mode opengl; expected one of auto, webgpu, webgl2, webgl, headlessgl, webasm, cpu/);
  });

  it("initGpu resolves to the mode in effect (gpu.js is required synchronously in Node)", async () => {
    expect(await initGpu("webasm")).toMatchObject({ mode: "webasm", real: false, async: false });
    expect(devices()[1]).toMatchObject({ name: "gpu", mode: "webasm" });
  });
});
