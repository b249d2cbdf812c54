// dist/ as the package ships it, for the tests that use the built package (test/package,
// test/browser): rebuilt with tsup only when a library source (or package.json, tsup.config.ts)
// is newer than one of its outputs. Test files run in parallel workers, so the build holds a lock
// (a directory, created atomically) and a worker that finds it held waits, then checks again.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const repositoryRoot = resolve(import.meta.dirname, "../..");

/** Newest modification time of what dist/ is built from. */
export function newestSource(root: string = repositoryRoot): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ["src", "jaxpr", "backends"]) walk(join(root, d));
  for (const f of ["package.json", "tsup.config.ts"]) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

const OUTPUTS = ["dist/index.d.ts", "dist/esm/src/index.js", "dist/index.cjs", "dist/index.js"];

function fresh(root: string): boolean {
  const outputs = OUTPUTS.map((f) => join(root, f));
  return outputs.every(existsSync) && Math.min(...outputs.map((f) => statSync(f).mtimeMs)) >= newestSource(root);
}

const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Runs `npm run build` (tsup) unless dist/ is newer than every source; one worker at a time. */
export function ensureBuilt(root: string = repositoryRoot): void {
  if (fresh(root)) return;
  mkdirSync(join(root, "dist"), { recursive: true });
  const lock = join(root, "dist/.build-lock");
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker builds; a lock older than the build's own time limit was left by a killed run.
      if (waited > 150_000) rmSync(lock, { recursive: true, force: true });
      sleep(200);
    }
  }
  try {
    if (fresh(root)) return;
    const r = spawnSync(process.execPath, [join(root, "node_modules/tsup/dist/cli-default.js")], { cwd: root, encoding: "utf8", timeout: 120_000 });
    if (r.status !== 0) throw new Error(`npm run build (tsup) failed:\n${`${r.error ? String(r.error) + "\n" : ""}${r.stdout ?? ""}${r.stderr ?? ""}`.slice(-4000)}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
