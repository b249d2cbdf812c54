// The package as a browser and a bundler see it (issue 18): src/ bundles for the browser with no
// errors or warnings, an app importing two names leaves the GPU backend out, importing the
// library reads no `process`/`require` and imports no Node built-in, the modules that register
// rules at import are declared in package.json's sideEffects, and the GPU backend's missing
// optional peer dependency gives an error that says what to install.
import { describe, it, expect } from "vitest";
import { build, type BuildOptions, type Metafile } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createContext, runInContext } from "node:vm";
import ts from "typescript";

const root = resolve(import.meta.dirname, "../..");
interface PackageJson {
  files: string[];
  sideEffects: string[] | boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageJson;

/** Bundles `contents` (an app importing ./src/index.ts) for the browser, minified. */
async function bundle(contents: string, options: BuildOptions = {}): Promise<{ code: string; metafile: Metafile; warnings: string[]; errors: string[] }> {
  const r = await build({
    stdin: { contents, resolveDir: root, sourcefile: "app.js", loader: "js" },
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    ...options,
  });
  return {
    code: r.outputFiles?.[0]?.text ?? "",
    metafile: r.metafile!,
    warnings: r.warnings.map((w) => w.text),
    errors: r.errors.map((e) => e.text),
  };
}

/** The source files that contribute code to the (single) output. */
const inputsOf = (m: Metafile): string[] =>
  Object.values(m.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([k]) => k));

/**
 * Runs a classic-script bundle in a fresh V8 context that has no Node globals, recording every
 * read of process/require/module/Buffer/global while the bundle loads; then evaluates `run` there
 * (where guarded reads, finding nothing, are fine).
 */
function runWithoutNode(code: string, run: string): { result: unknown; touchedAtLoad: string[] } {
  const touched: string[] = [];
  const sandbox: Record<string, unknown> = { console };
  for (const name of ["process", "require", "module", "Buffer", "global", "__dirname", "__filename"]) {
    Object.defineProperty(sandbox, name, { get: () => (touched.push(name), undefined), configurable: true });
  }
  const context = createContext(sandbox);
  runInContext(code, context, { timeout: 30_000 });
  const touchedAtLoad = [...touched];
  const result: unknown = runInContext(run, context, { timeout: 30_000 });
  return { result, touchedAtLoad };
}

describe("package: browser bundle", () => {
  it("bundles the whole API for the browser with no errors or warnings, and no Node built-in", async () => {
    const { errors, warnings, metafile, code } = await bundle(`export * from "./src/index.ts";`);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(inputsOf(metafile).filter((p) => p.startsWith("node:") || !/^(src|backends|jaxpr)\/|(^|\/)node_modules\/immer\//.test(p) && p !== "app.js")).toEqual([]);
    expect(code.length).toBeGreaterThan(100_000);
  });

  it("an app importing grad and numpy leaves the GPU backend (and gpu.js) out", async () => {
    const { errors, warnings, metafile, code } = await bundle(
      `import { grad, numpy as np } from "./src/index.ts";\nconsole.log(grad((x) => np.sum(np.sin(x)))(np.array([1, 2, 3])).toString());`,
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    const inputs = inputsOf(metafile);
    expect(inputs.some((p) => p.startsWith("src/numpy/"))).toBe(true);
    expect(inputs.filter((p) => p.startsWith("backends/gpu/") || p.includes("gpu.js") || p.startsWith("src/devices/gpu"))).toEqual([]);
    expect(code).not.toMatch(/gpu\.js|isWebGPUAvailable|HeadlessGLKernel/);
  });

  it("imports and computes with no process, require or Node built-in in reach", async () => {
    // A classic script (iife) so that node:vm can run it without --experimental-vm-modules; the
    // ESM build differs only in its export statement (checked for warnings above).
    const app = `import { grad, jit, lax, numpy as np, devices, setDefaultDevice } from "./src/index.ts";
      globalThis.check = () => {
        const f = (x) => lax.cond(np.greater(np.sum(x), 0), (y) => np.sum(np.sin(y)), (y) => np.sum(y), x);
        const g = jit(grad(f))(np.array([1, 2, 3]));
        const s = lax.scan((c, x) => [np.add(c, x), np.multiply(c, x)], np.array(0), np.arange(4));
        let gpuError = "";
        try { setDefaultDevice("gpu"); jit((x) => np.add(x, 1))(np.ones([2])); } catch (e) { gpuError = String(e.message); }
        setDefaultDevice("js");
        return { g: Array.from(g.dataSync()), carry: s[0].item(), devices: devices().map((d) => d.name), gpuError };
      };`;
    const { errors, code } = await bundle(app, { format: "iife", logOverride: { "empty-import-meta": "silent" } });
    expect(errors).toEqual([]);
    const { result, touchedAtLoad } = runWithoutNode(code, "check()");
    expect(touchedAtLoad).toEqual([]);
    const r = result as { g: number[]; carry: number; devices: string[]; gpuError: string };
    r.g.forEach((v, i) => expect(v).toBeCloseTo(Math.cos(i + 1), 5));
    expect(r.carry).toBe(6);
    expect(r.gpuError).toMatch(/^in a browser the GPU backend needs gpu\.js's browser build .*`await initGpu\(\)`/);
  });
});

/**
 * Modules with import-time effects on other modules (a registration call, a bare import) must be
 * listed in package.json's sideEffects, or a bundler drops them from an app that uses none of
 * their exports. Assignments to the module's own declarations (a lowering table) are not effects.
 */
function moduleEffects(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(join(root, file), "utf8"), ts.ScriptTarget.ES2022, true);
  const local = new Set<string>();
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) local.add(d.name.text);
    if ((ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st)) && st.name) local.add(st.name.text);
  }
  const rootName = (e: ts.Expression): string | null => {
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = e.expression;
    return ts.isIdentifier(e) ? e.text : null;
  };
  const effects: string[] = [];
  for (const st of sf.statements) {
    // A bare import matters only through the module it imports (which is checked itself).
    if (ts.isImportDeclaration(st)) continue;
    if (!ts.isExpressionStatement(st)) continue;
    const e = st.expression;
    const selfAssignment = ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken && local.has(rootName(e.left) ?? "");
    if (!selfAssignment) effects.push(st.getText(sf).slice(0, 60));
  }
  return effects;
}

describe("package: package.json", () => {
  it("declares every module with import-time effects in sideEffects", () => {
    expect(Array.isArray(pkg.sideEffects)).toBe(true);
    const listed = new Set((pkg.sideEffects as string[]).map((p) => p.replace(/^\.\//, "")));
    const files = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "src", "backends", "jaxpr"], { cwd: root, encoding: "utf8" })
      .stdout.split("\n")
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== "backends/js/wasm/build.ts" && existsSync(join(root, f)));
    const unlisted = files.filter((f) => !listed.has(f) && moduleEffects(f).length > 0).map((f) => `${f}: ${moduleEffects(f).join("; ")}`);
    expect(unlisted).toEqual([]);
    for (const f of listed) {
      if (f.startsWith("dist/")) continue;
      expect(existsSync(join(root, f)), `${f} listed in sideEffects exists`).toBe(true);
      // The published ESM build keeps one file per module (dist/esm/...): the same module listed there.
      expect(listed.has(`dist/esm/${f.replace(/\.ts$/, ".js")}`), `dist/esm counterpart of ${f} in sideEffects`).toBe(true);
    }
  });

  it("ships the LICENSE, no source maps, and gpu.js as an optional peer dependency", () => {
    expect(pkg.files).toContain("LICENSE");
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);
    expect(pkg.files.filter((f) => f === "dist" || f.endsWith(".map") || f.includes("*"))).toEqual([]);
    expect(pkg.dependencies?.["gpu.js"]).toBeUndefined();
    expect(pkg.peerDependencies?.["gpu.js"]).toBe("2.24.1");
    expect(pkg.peerDependenciesMeta?.["gpu.js"]?.optional).toBe(true);
    expect(pkg.devDependencies?.["gpu.js"]).toBe("2.24.1"); // the repository's own GPU tests
  });

  it("the shipped README, CHANGELOG and docs link only to files the tarball holds", () => {
    // npm always packs README.md; a relative link to an unshipped file is dead on the registry's page and in node_modules.
    const shipped = new Set(["README.md", ...pkg.files]);
    const dead: string[] = [];
    for (const doc of [...shipped].filter((f) => f.endsWith(".md"))) {
      for (const [, target] of readFileSync(join(root, doc), "utf8").matchAll(/\]\(([^)#:\s]+)(?:#[^)]*)?\)/g)) {
        const path = join(dirname(doc), target!);
        if (!shipped.has(path)) dead.push(`${doc} -> ${target}`);
      }
    }
    expect(dead).toEqual([]);
  });
});

describe("package: the GPU backend's optional peer dependency", () => {
  it("without gpu.js installed, first GPU use says what to install", async () => {
    // The library bundled for Node into a folder where gpu.js cannot be resolved (as in a project that did not install it).
    const dir = mkdtempSync(join(tmpdir(), "dprog-nogpujs-"));
    try {
      const { errors } = await bundle(`export * from "./src/index.ts";`, { platform: "node", minify: false, outfile: join(dir, "dprog.mjs"), write: true });
      expect(errors).toEqual([]);
      writeFileSync(
        join(dir, "app.mjs"),
        `import { jit, numpy as np, devices, devicePut } from "./dprog.mjs";
         console.log(devices().length);
         try { jit((x) => np.add(x, 1), { device: "gpu" })(np.ones([2])); } catch (e) { console.log(String(e)); }
         try { devicePut(np.ones([2]), "gpu"); console.log("devicePut: no error"); } catch (e) { console.log("devicePut: " + String(e)); }
         console.log(devices().length);`,
      );
      const r = spawnSync(process.execPath, [join(dir, "app.mjs")], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      expect(r.stderr).toBe("");
      const missing = "Error: the GPU backend needs the optional peer dependency gpu.js: npm install gpu.js@2.24.1";
      expect(r.stdout.split("\n")).toEqual(["1", missing, `devicePut: ${missing}`, "1", ""]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
