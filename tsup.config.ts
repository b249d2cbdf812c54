import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  // The CJS build gets an import.meta.url shim (the GPU backend loads gpu.js through createRequire).
  shims: true,
});
