import { defineConfig } from "tsup";

// The library's modules: everything under src/, backends/ and jaxpr/ (not the wasm build script).
const modules = ["src/**/*.ts", "backends/**/*.ts", "jaxpr/**/*.ts", "!backends/js/wasm/build.ts", "!**/*.d.ts"];

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
  },
  {
    // CJS for require(): one bundled file. Types: one bundled .d.ts per format.
    entry: { index: "src/index.ts" },
    format: ["cjs", "esm"],
    dts: { only: true },
    clean: false,
    target: "node20",
  },
  {
    entry: { index: "src/index.ts" },
    format: ["cjs"],
    sourcemap: false,
    clean: false,
    target: "node20",
    // The CJS build gets an import.meta.url shim (the GPU backend loads gpu.js through createRequire).
    shims: true,
    // Minified (names kept: error messages and class names read them) so that the install stays
    // small: the two single-file builds were 2.1 MB of the package's 4.6 MB unminified.
    minify: true,
    esbuildOptions(options) {
      options.keepNames = true;
    },
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
    esbuildOptions(options) {
      options.keepNames = true;
    },
  },
]);
