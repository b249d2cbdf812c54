// The GPU backend's suite in gpu.js's webgpu mode (Dawn through the `webgpu` package): WGSL
// kernels, device buffers and asynchronous readback, on a GPU or on Mesa's lavapipe (Vulkan on
// the CPU), which .ci/run installs. Without a WebGPU adapter the suite is skipped, saying why;
// DPROG_REQUIRE_WEBGPU=1 (set by .ci/run once lavapipe is installed) turns that into a failure.
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { initWebGpu } from "../../src/index.js";
import { defineGpuSuite } from "./suite.js";

let unavailable: string | null = null;
try {
  await initWebGpu();
} catch (e) {
  unavailable = (e as Error).message;
}

if (unavailable === null) {
  defineGpuSuite("webgpu");
  describe("webgpu lifetime", () => {
    it("shutdownGpu lets Node exit after kernels ran (a Dawn device otherwise keeps it alive)", () => {
      const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
      const script = `
        import { numpy as np, jit, initWebGpu, shutdownGpu } from "./src/index.ts";
        await initWebGpu();
        const y = jit((a) => np.sin(a), { device: "gpu" })(np.arange(4).astype("float32"));
        console.log((await y.data())[1].toFixed(4));
        await shutdownGpu();`;
      // Without shutdownGpu this child never exits and execFileSync times out.
      const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, timeout: 30_000, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      expect(out.trim()).toBe("0.8415");
    });
  });
}
else if (process.env["DPROG_REQUIRE_WEBGPU"] === "1") {
  describe("webgpu", () => it("has an adapter (DPROG_REQUIRE_WEBGPU=1)", () => expect.fail(unavailable!)));
} else describe.skip(`webgpu (no adapter: ${unavailable})`, () => it("runs the GPU suite", () => undefined));
