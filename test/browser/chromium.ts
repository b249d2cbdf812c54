// The headless Chromium the browser tests drive: Debian's package (or DPROG_CHROMIUM), through
// puppeteer-core, which downloads no browser. Where none is found the tests are skipped with a
// message; DPROG_REQUIRE_BROWSER=1 (set by .ci/run once it has installed chromium) makes that a
// failure.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import puppeteer, { type Browser } from "puppeteer-core";

function findChromium(): string | null {
  const named = process.env.DPROG_CHROMIUM;
  if (named !== undefined && named !== "") return named;
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) if (existsSync(candidate)) return candidate;
  try {
    return execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

export const chromium = findChromium();
export const browserRequired = process.env.DPROG_REQUIRE_BROWSER === "1";
/** Whether a suite needing Chromium should be skipped (warned about once per file). */
export function skipWithoutChromium(file: string): boolean {
  if (chromium !== null || browserRequired) return false;
  console.warn(`${file}: skipped: no Chromium found (install Debian's \`chromium\` package, or set DPROG_CHROMIUM to a binary; DPROG_REQUIRE_BROWSER=1 makes this a failure)`);
  return true;
}

/** Starts headless Chromium, or fails saying what to install (DPROG_REQUIRE_BROWSER=1 with none found). */
export function launchChromium(): Promise<Browser> {
  if (chromium === null) throw new Error("DPROG_REQUIRE_BROWSER=1 but no Chromium was found (install Debian's `chromium` package or set DPROG_CHROMIUM)");
  return puppeteer.launch({
    executablePath: chromium,
    headless: true,
    // No sandbox: CI runs as root in a container, where Chromium's sandbox cannot start; and no
    // /dev/shm, which containers often make 64 MB (a renderer that runs out of it crashes).
    // SwiftShader behind WebGL (ANGLE) and WebGPU, so that the GPU backend's browser modes run
    // without a GPU; Chromium asks for the unsafe-* opt-ins for a software renderer and for
    // WebGPU on Linux.
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--enable-unsafe-webgpu"],
  });
}
