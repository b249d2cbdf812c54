// The module structure (issue 17): every source module can be imported first, on its own, and no
// import cycle exists in src/, backends/ or jaxpr/. A cycle makes the result of an import depend on
// which module of the cycle is loaded first: importing src/ad/callRules.ts first used to throw
// "Cannot access 'CALL_JVP_RULES' before initialization".
import { describe, it, expect } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve, sep } from "node:path";

const root = resolve(import.meta.dirname, "../..");

/** The TypeScript modules of the library (the WebAssembly build script writes files when run: not a module). */
const sourceFiles = (): string[] =>
  ["src", "backends", "jaxpr"]
    .flatMap((dir) => readdirSync(join(root, dir), { recursive: true, encoding: "utf8" }).map((f) => join(dir, f).split(sep).join("/")))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== "backends/js/wasm/build.ts")
    .sort();

/** Runs freshImports.ts over `files` in a child process; resolves to the failures it reports. */
function importEachFresh(files: readonly string[]): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--experimental-vm-modules", "--no-warnings", "--import", "tsx", "test/architecture/freshImports.ts", ...files], { cwd: root });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !last.startsWith("[")) fail(new Error(`freshImports exited with ${code}: ${err.slice(-2000)}`));
      else done(JSON.parse(last) as string[]);
    });
  });
}

describe("architecture: imports", () => {
  it("every module under src/, backends/ and jaxpr/ imports first, in a fresh module graph", async () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    // Two processes (the CI machine has two cores), each building one new graph per file.
    const half = Math.ceil(files.length / 2);
    const failures = (await Promise.all([importEachFresh(files.slice(0, half)), importEachFresh(files.slice(half))])).flat();
    expect(failures).toEqual([]);
  }, 180_000);

  it("has no circular import (npm run check:cycles: dpdm)", () => {
    const r = spawnSync("npm", ["run", "-s", "check:cycles"], { cwd: root, encoding: "utf8", timeout: 120_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  }, 180_000);
});
