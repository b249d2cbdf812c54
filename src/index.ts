// dprog: JAX-style differentiable programming for TypeScript. The public entry point.
import * as numpy from "./numpy/index.js";
import * as lax from "./lax/index.js";
import * as tree from "./tree/index.js";

export { numpy, lax, tree };
export { Array } from "./core/array.js";
export type { ArrayLike, Axis, IndexItem, IndexUpdateRef, NestedList, Complex } from "./core/array.js";
export { makeJaxpr } from "./core/staging.js";
export { blockUntilReady } from "./core/blockUntilReady.js";
export { jvp, linearize, vjp, grad, valueAndGrad, jacfwd, jacrev, jacobian, hessian, customJvp, customVjp, customGradient, linearTranspose, checkpoint, remat, checkpointName, checkpointPolicies } from "./ad/index.js";
export type { CheckpointOptions, CheckpointPolicy } from "./ad/index.js";
export { evalShape, ShapeDtypeStruct } from "./core/evalShape.js";
// jax.typeof is `jaxTypeof` (JS reserves `typeof` as a binding name) and also `typeof` as an export name.
export { jaxTypeof, jaxTypeof as typeof, effectsBarrier, closureConvert, ensureCompileTimeEval } from "./core/extras.js";
export { pureCallback } from "./callback/index.js";
export type { PureCallbackOptions, PureCallbackResult, PureCallbackVmapMethod } from "./callback/index.js";
export type { ShapesOf } from "./core/evalShape.js";
export type { GradOptions, Argnums, ArraysOf, GradOf, ScalarOutput, LeavesTo, JacobianOf, HessianOf, JacobianOptions } from "./ad/index.js";
export { vmap } from "./vmap/index.js";
export { jet, type JetOptions, type SeriesOf } from "./jet/index.js";
export { jit, disableJit, setCacheLimits, getCacheLimits, clearCaches, DEFAULT_JIT_CACHE_LIMIT, DEFAULT_EAGER_CACHE_LIMIT } from "./jit/index.js";
export { devices, devicePut, setDefaultDevice, getDefaultDevice, deviceOf, setGpuMode, initWebGpu, shutdownGpu, GpuArray } from "./devices/index.js";
export type { Device, DeviceName, GpuMode } from "./devices/index.js";
export type { JitOptions, JittedFunction, Lowered, CacheLimits } from "./jit/index.js";
export { namedCall, namedScope } from "./jit/named.js";
export * as debug from "./debug/index.js";
export * as random from "./random/index.js";
export * as nn from "./nn/index.js";
export * as optim from "./optim/index.js";
export * as flattenUtil from "./flattenUtil/index.js";
export * as testUtil from "./testUtil/index.js";
export * as experimental from "./experimental/index.js";
export * as scipy from "./scipy/index.js";
export type { VmapOptions, AxisSpec } from "./vmap/index.js";
export { ConcretizationTypeError, TracerBoolConversionError, TracerIntegerConversionError, UnexpectedTracerError } from "./core/errors.js";
export { ClosedJaxpr, ShapedArray } from "../jaxpr/index.js";
export type { DType, Shape, Jaxpr } from "../jaxpr/index.js";
