// The GPU backend's suite in gpu.js's webgpu mode (Dawn through the `webgpu` package): WGSL
// kernels, device buffers and asynchronous readback, on a GPU or on Mesa's lavapipe (Vulkan on
// the CPU), which .ci/run installs. Without a WebGPU adapter the suite is skipped, saying why;
// DPROG_REQUIRE_WEBGPU=1 (set by .ci/run once lavapipe is installed) turns that into a failure.
import { describe, it, expect } from "vitest";
import { initWebGpu } from "../../src/index.js";
import { defineGpuSuite } from "./suite.js";

let unavailable: string | null = null;
try {
  await initWebGpu();
} catch (e) {
  unavailable = (e as Error).message;
}

if (unavailable === null) defineGpuSuite("webgpu");
else if (process.env["DPROG_REQUIRE_WEBGPU"] === "1") {
  describe("webgpu", () => it("has an adapter (DPROG_REQUIRE_WEBGPU=1)", () => expect.fail(unavailable!)));
} else describe.skip(`webgpu (no adapter: ${unavailable})`, () => it("runs the GPU suite", () => undefined));
