// The GPU backend's suite in gpu.js's headlessgl mode (WebGL through the optional `gl` addon):
// GLSL kernels on float textures, on a GPU or on Mesa's llvmpipe under Xvfb. Without the addon or
// an X display the suite is skipped, saying why; DPROG_REQUIRE_HEADLESSGL=1 (set by .ci/run once
// both are there) turns that into a failure.
import { describe, it, expect, beforeAll } from "vitest";
import { setGpuMode } from "../../src/index.js";
import { headlessGlSupported } from "../../backends/gpu/index.js";
import { defineGpuSuite } from "./suite.js";

const reason = headlessGlSupported() ? null : `the gl addon is not installed or has no X display (DISPLAY=${process.env["DISPLAY"] ?? "unset"})`;

if (reason === null) {
  beforeAll(() => setGpuMode("headlessgl"));
  defineGpuSuite("headlessgl");
} else if (process.env["DPROG_REQUIRE_HEADLESSGL"] === "1") {
  describe("headlessgl", () => it("has a WebGL context (DPROG_REQUIRE_HEADLESSGL=1)", () => expect.fail(reason)));
} else describe.skip(`headlessgl (${reason})`, () => it("runs the GPU suite", () => undefined));
