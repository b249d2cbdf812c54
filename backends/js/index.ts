// backends/js: the reference backend. Compiles jaxprs into generated JS closures over typed
// arrays (`new Function`), with shapes baked in as literals. Imports jaxpr/ only.
export type { Buffer, Kernel, Lowering, LoweringInput } from "./kernel.js";
export type { LoweringTable } from "./lowerings/index.js";
export { makeKernel, nativeKernel } from "./kernel.js";
export type { Executable, CompiledOp } from "./compile.js";
export { compileJaxpr, compileOp, opCacheSize, installBodyCompiler } from "./compile.js";
export { LOWERING_TABLE, CORE_LOWERINGS, lowerEqn } from "./lowerings/index.js";
export { literalBuffer } from "./lowerings/loweredOp.js";
export { LOWERINGS, LINALG_LOWERINGS, WINDOW_LOWERINGS, CONV_LOWERINGS, FFT_LOWERINGS, CONTROL_LOWERINGS } from "./lowerings/families.js";
export { registerFamilyKernels, type FamilyKernels } from "./familyKernels.js";
export { residentConv } from "./lowerings/conv.js";
export { windowGroupKernel } from "./lowerings/windowed.js";
export { registerControlConstResolver } from "./lowerings/control.js";
export { allocBuffer } from "./threads/sharedMemory.js";
export { kernelPoolReady, setKernelThreads } from "./threads/kernelPool.js";
export { jsBackendReady } from "./ready.js";
