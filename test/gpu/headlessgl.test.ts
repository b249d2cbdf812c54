// The GPU backend's suite in gpu.js's headlessgl mode (WebGL through the optional `gl` addon):
// GLSL kernels on float textures, on a GPU or on Mesa's llvmpipe under Xvfb. Without the addon or
// an X display the suite is skipped, saying why; DPROG_REQUIRE_HEADLESSGL=1 (set by .ci/run once
// both are there) turns that into a failure.
import { describe, it, expect, beforeAll } from "vitest";
import { devices, setGpuMode } from "../../src/index.js";
import { headlessGlSupported } from "../../backends/gpu/index.js";
import { virtualDisplayServer } from "../../backends/gpu/display.js";
import { defineGpuSuite } from "./suite.js";

const reason = headlessGlSupported() ? null : `the gl addon is not installed or has no X display (DISPLAY=${process.env["DISPLAY"] ?? "unset"})`;

if (reason === null) {
  beforeAll(() => setGpuMode("headlessgl"));
  defineGpuSuite("headlessgl");
  it("reports real: false on a virtual X display (Xvfb renders in software), true otherwise", () => {
    const gpu = devices()[1]!;
    const server = virtualDisplayServer();
    expect(gpu.real).toBe(server === null);
    if (server !== null) expect(gpu.adapter).toMatch(new RegExp(`^${server} display .*software`));
  });
} else if (process.env["DPROG_REQUIRE_HEADLESSGL"] === "1") {
  describe("headlessgl", () => it("has a WebGL context (DPROG_REQUIRE_HEADLESSGL=1)", () => expect.fail(reason)));
} else describe.skip(`headlessgl (${reason})`, () => it("runs the GPU suite", () => undefined));
