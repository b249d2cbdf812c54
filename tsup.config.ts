import { copyFile, mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { buildSync, transformSync } from "esbuild";
import { defineConfig } from "tsup";

/**
 * immer goes into the package rather than beside it: its npm package is 1.1 MB (builds, maps and
 * sources) for the 16 KB of `produce` dprog runs. The ESM modules import dist/esm/vendor/immer.js
 * (with its MIT license), built here from immer's ESM source in production mode; the single-file builds inline it. Its instance is made on the first
 * `produce` call, so a bundle whose code never runs a jaxpr rewrite (an app that only
 * differentiates) drops the whole of immer: immer's own build makes it at module level, which
 * a minifier must keep.
 */
/**
 * Minifies dist/esm's whitespace and syntax, keeping identifiers as written (no keepNames wrappers,
 * which would give every module a top-level call and stop bundlers dropping it): 1.6 -> 1.3 MB.
 * Modules with bundler directives (`webpackIgnore`, `@vite-ignore` on a Node-only import) stay as
 * built: minifying would drop the comments and fold the guarded specifier into the import.
 */
async function minifyModules(): Promise<void> {
  const files = (await readdir("dist/esm", { recursive: true })).filter((f) => f.endsWith(".js"));
  for (const file of files) {
    const path = join("dist/esm", file);
    const code = await readFile(path, "utf8");
    if (code.includes("webpackIgnore") || code.includes("@vite-ignore")) continue;
    await writeFile(path, transformSync(code, { loader: "js", minifyWhitespace: true, minifySyntax: true }).code);
  }
}

async function vendorImmer(): Promise<void> {
  const vendor = "dist/esm/vendor";
  await mkdir(vendor, { recursive: true });
  const source = await readFile("node_modules/immer/dist/immer.mjs", "utf8");
  // What immer does at module level (its instance and bound methods, the array proxy traps, the
  // Object constructor's source) is done on first need instead; each patch must match once.
  const patches: [string | RegExp, string][] = [
    ["var immer = new Immer2();\nvar produce = immer.produce;\n", "var instance;\nvar immer = () => (instance ??= new Immer2());\nvar produce = (...args) => immer().produce(...args);\n"],
    [/^var (\w+) = \/\* @__PURE__ \*\/ immer\.(\w+)\.bind\(immer\);$/gm, "var $1 = (...args) => immer().$2(...args);"],
    ["var arrayTraps = {};\nfor (let key in objectTraps) {", "var arrayTraps;\nfunction makeArrayTraps() {\narrayTraps = {};\nfor (let key in objectTraps) {"],
    ["return objectTraps.set.call(this, state[0], prop, value, state[0]);\n};\n", "return objectTraps.set.call(this, state[0], prop, value, state[0]);\n};\nreturn arrayTraps;\n}\n"],
    ["traps = arrayTraps;", "traps = arrayTraps ?? makeArrayTraps();"],
    ["var objectCtorString = O[PROTOTYPE][CONSTRUCTOR].toString();", "var objectCtorString;"],
    ["return ctorString === objectCtorString;", "return ctorString === (objectCtorString ??= O[PROTOTYPE][CONSTRUCTOR].toString());"],
  ];
  let patched = source;
  for (const [from, to] of patches) {
    const count = typeof from === "string" ? patched.split(from).length - 1 : (patched.match(from)?.length ?? 0);
    if (count === 0 || (typeof from === "string" && count !== 1)) throw new Error(`tsup.config.ts: immer's module changed; vendorImmer's patch no longer applies: ${String(from).slice(0, 60)}`);
    patched = patched.replace(from, to);
  }
  buildSync({
    stdin: { contents: patched, loader: "js", sourcefile: "immer.mjs" },
    outfile: join(vendor, "immer.js"),
    format: "esm",
    bundle: true,
    minify: true,
    define: { "process.env.NODE_ENV": '"production"' },
    legalComments: "none",
  });
  await copyFile("node_modules/immer/LICENSE", join(vendor, "immer.LICENSE"));
  const files = (await readdir("dist/esm", { recursive: true })).filter((f) => f.endsWith(".js"));
  for (const file of files) {
    const path = join("dist/esm", file);
    const code = await readFile(path, "utf8");
    if (!code.includes('from"immer"')) continue;
    let target = relative(dirname(path), join(vendor, "immer.js"));
    if (!target.startsWith(".")) target = `./${target}`;
    await writeFile(path, code.replaceAll('from"immer"', `from${JSON.stringify(target)}`));
  }
}

/**
 * dist/index.cjs, what `require("dprog")` loads: the ES modules themselves, through Node's
 * require(esm) (unflagged in Node 20.19 and 22.12). A bundled CommonJS copy of the library was 1.0 MB
 * of the install, and a second instance beside the ES modules': a value made by one copy
 * (an Array, a registered pytree node) was foreign to the other.
 */
const REQUIRE_ENTRY = `"use strict";
// dprog ships ES modules; Node loads them from require() since 20.19 and 22.12 (require(esm)).
try {
  module.exports = require("./esm/src/index.js");
} catch (error) {
  if (error && error.code === "ERR_REQUIRE_ESM") {
    throw new Error(
      "dprog is an ES module package: require(\\"dprog\\") needs Node 20.19+ or 22.12+, which load ES modules " +
        "from require(); this is Node " + process.version + ". Use import or import(\\"dprog\\"), or upgrade Node.",
      { cause: error },
    );
  }
  throw error;
}
`;

// The library's modules: everything under src/, backends/ and jaxpr/, but the wasm build script and
// the WAT sources only it reads (their bytes ship inside the *Module.ts files).
const modules = [
  "src/**/*.ts",
  "backends/**/*.ts",
  "jaxpr/**/*.ts",
  "!backends/js/wasm/build.ts",
  "!backends/js/wasm/depthwiseWat.ts",
  "!backends/js/wasm/gemvWat.ts",
  "!backends/js/wasm/maxPoolWat.ts",
  "!**/*.d.ts",
];

export default defineConfig([
  {
    // ESM: one file per module (dist/esm/<folder>/<module>.js), so that bundlers drop whole modules an
    // app does not reach (the GPU backend when only grad and numpy are imported); package.json's
    // sideEffects names the modules that register rules when imported.
    entry: modules,
    outDir: "dist/esm",
    format: ["esm"],
    bundle: false,
    // No source maps: they would point into src/, which the package does not ship; a bundler then
    // warns about a missing map.
    sourcemap: false,
    clean: true,
    target: "node20",
    async onSuccess() {
      await minifyModules();
      await vendorImmer();
    },
  },
  {
    // Types: one bundled declaration file, dist/index.d.cts. dist/index.d.ts (written with dist/index.js below)
    // re-exports it for import and bundler resolution: an ES module may import a CommonJS
    // declaration file (the reverse fails under node16 resolution), so one copy serves both and
    // the install carries 0.47 MB less.
    entry: { index: "src/index.ts" },
    format: ["cjs"],
    dts: { only: true },
    clean: false,
    target: "node20",
  },
  {
    // dist/index.js: the whole library in one self-contained ES module, immer included, that a
    // page's <script type="module"> can import from a static server with no bundler or import map.
    entry: { index: "src/index.ts" },
    format: ["esm"],
    noExternal: ["immer"],
    platform: "browser",
    sourcemap: false,
    clean: false,
    target: "es2022",
    minify: true,
    // (tsup runs no onSuccess for a declaration-only build, so the two small entry files are written here.)
    async onSuccess() {
      await writeFile("dist/index.d.ts", 'export * from "./index.cjs";\n');
      await writeFile("dist/index.cjs", REQUIRE_ENTRY);
    },
    esbuildOptions(options) {
      options.keepNames = true;
      options.alias = { immer: "./node_modules/immer/dist/immer.production.mjs" };
    },
  },
]);
