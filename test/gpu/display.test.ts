// Telling a virtual X display (Xvfb: software rendering) from a GPU's, for headlessgl's `real`.
import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";
import { displayNumber, servesVirtualDisplay, virtualDisplayServer } from "../../backends/gpu/display.js";

describe("virtual X displays", () => {
  it("reads the display number of an X display name", () => {
    expect(displayNumber(":99")).toBe("99");
    expect(displayNumber(":0.0")).toBe("0");
    expect(displayNumber("localhost:10.0")).toBe("10");
    expect(displayNumber("wayland-0")).toBeNull();
  });
  it("recognizes a virtual framebuffer server's command line for its display only", () => {
    expect(servesVirtualDisplay(["Xvfb", ":99", "-screen", "0", "1x1x24"], "99")).toBe(true);
    expect(servesVirtualDisplay(["/usr/bin/Xvfb", ":99"], "99")).toBe(true);
    expect(servesVirtualDisplay(["Xvfb", ":98"], "99")).toBe(false);
    expect(servesVirtualDisplay(["/usr/lib/xorg/Xorg", ":0", "-nolisten", "tcp"], "0")).toBe(false);
  });
  it("finds a running Xvfb behind its display, and none behind another", async (ctx) => {
    if (!process.platform.startsWith("linux")) ctx.skip();
    // A stand-in process whose command line is an Xvfb's for :4242 (argv0 names it); nothing to render.
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)", ":4242"], { argv0: "Xvfb", stdio: "ignore" });
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(virtualDisplayServer(":4242")).toBe("Xvfb");
      expect(virtualDisplayServer(":4243")).toBeNull();
      expect(virtualDisplayServer("")).toBeNull(); // no display
    } finally {
      child.kill();
    }
  });
});
