// backends/gpu: compiles jaxprs into gpu.js kernels (one per fused group, dot_general,
// view copies), generated as source with shapes baked in, single precision, results kept on the
// device between kernels. Runs in gpu.js's webgpu/headlessgl modes on a GPU (or a CPU rasterizer:
// lavapipe, llvmpipe), or its webasm/cpu modes without one; in webgpu mode runs are asynchronous
// and their results are pending values (value.ts), host data is uploaded to device buffers once
// (webgpuDevice.ts), and matrix products run as a tiled WGSL kernel beside gpu.js's (tiledMatmul.ts,
// which gpu.js, lacking workgroup memory, cannot express). Imports jaxpr/ and backends/js (for the partition and host kernels) only.
export { compileGpuJaxpr, DEFAULT_MAX_KERNEL_INPUTS } from "./compile.js";
export { GpuValue } from "./value.js";
export type { GpuExecutable, GpuCompileOptions } from "./compile.js";
export { gpuRuntime, setGpuMode, initGpu, initWebGpu, headlessGlSupported, shutdownGpu } from "./runtime.js";
export type { GpuInfo, GpuMode } from "./runtime.js";
export { Untranslatable, renderGpu, GPU_UNARY, GPU_BINARY } from "./translate.js";
export { EXACT_INT_LIMIT } from "./helpers.js";
