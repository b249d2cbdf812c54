// The process's one gpu.js `GPU` instance, which mode it really runs in, and device values:
// upload (with the float32 exactness check for integers), readback, release. gpu.js is loaded on
// first use, so importing dprog costs nothing when the GPU backend is not used: gpu.js is an
// optional peer dependency, and nothing here touches a Node built-in or `process` at module load
// (a browser or a bundler takes this module too). In Node gpu.js is required synchronously; in a
// browser it is gpu.js's browser build, which the page has run (a <script> tag, or an app's own
// `import "gpu.js"` under a bundler: both set globalThis.GPU) or which initGpu() imports as
// "gpu.js" (an import map names the file).
import type { DType, TypedArray } from "../../jaxpr/index.js";
import { TYPED_ARRAY } from "../../jaxpr/index.js";
import { EXACT_INT_LIMIT } from "./helpers.js";
import { virtualDisplayServer } from "./display.js";
import { envVar, nodeBuiltin, nodeProcess } from "./host.js";
import { webGlRenderer } from "./webglRenderer.js";
import { forgetWebGpuContext, newDeviceBuffer, useWebGpuContext, webGpuDevice, WebGpuContext, WebGpuHandleClass } from "./webgpuDevice.js";

/**
 * gpu.js's modes: `webgpu` (WGSL; a browser's navigator.gpu, or Dawn in Node), `webgl2` and
 * `webgl` (GLSL on a browser's WebGL), `headlessgl` (Node's WebGL through the `gl` addon), and its
 * CPU modes `webasm` and `cpu`.
 */
export type GpuMode = "webgpu" | "webgl2" | "webgl" | "headlessgl" | "webasm" | "cpu";

/** What `devices()` reports for the GPU backend. */
export interface GpuInfo {
  readonly mode: GpuMode;
  /** Whether kernels run on a real GPU (webgpu, headlessgl) rather than gpu.js's CPU modes. */
  readonly real: boolean;
  /** Whether results can only be read asynchronously (`await x.data()`). */
  readonly async: boolean;
  /** What renders: the WebGPU adapter's own description (a driver name), or in headlessgl mode a virtual X server. */
  readonly adapter?: string;
}

/** The parts of gpu.js this backend uses. */
export interface GpuJsKernel {
  (...args: unknown[]): unknown;
  addFunction(source: string): GpuJsKernel;
  readonly kernel: { readonly constructor: { readonly mode?: string; readonly name: string }; readonly fallbackReason?: string | null };
}
interface GpuJsInstance {
  createKernel(source: string, settings: Record<string, unknown>): GpuJsKernel;
  destroy(): void;
}
interface GpuJsModule {
  WebGPUContext: { acquire(): Promise<WebGpuContext>; destroy(): Promise<void> };
  WebGPUBufferResult: WebGpuHandleClass;
  GPU: (new (settings: { mode: string }) => GpuJsInstance) & {
    isWebGPUAvailable(): Promise<boolean>;
    readonly isWebGLSupported: boolean;
    readonly isWebGL2Supported: boolean;
  };
  HeadlessGLKernel: { readonly isSupported: boolean };
}

/** A value on the device: a typed array in the CPU modes, a texture (GL) or buffer handle (WebGPU) otherwise. */
export type DeviceValue = Float32Array | { toArray(): unknown; delete(): void };

/** The gpu.js version dprog is built and tested against (its optional peer dependency). */
export const GPU_JS_VERSION = "2.24.1";
/** The `webgpu` (Dawn) version known to work with initWebGpu on Linux x64 with glibc 2.36 (Debian 12). */
export const WEBGPU_VERSION = "0.3.10";

const MISSING_GPU_JS = `the GPU backend needs the optional peer dependency gpu.js: npm install gpu.js@${GPU_JS_VERSION}`;

const BROWSER_GPU_JS =
  `in a browser the GPU backend needs gpu.js's browser build (gpu.js@${GPU_JS_VERSION}, dist/gpu-browser.min.js) loaded before its first use: ` +
  `\`await initGpu()\` imports it as "gpu.js" (name the file in an import map), or a <script> tag loads it, or with a bundler \`import "gpu.js"\` in the app. See docs/gpu.md.`;

/** gpu.js as its browser build exports it: the GPU class, with the library's other exports as its properties. */
function isGpuJs(m: unknown): m is GpuJsModule {
  return typeof m === "function" && (m as { GPU?: unknown }).GPU === m && typeof (m as { prototype?: { createKernel?: unknown } }).prototype?.createKernel === "function";
}

/** gpu.js's browser build where the page has run it: its UMD wrapper sets globalThis.GPU. */
function pageGpuJs(): GpuJsModule | null {
  const g = (globalThis as { GPU?: unknown }).GPU;
  return isGpuJs(g) ? g : null;
}

let gpujs: GpuJsModule | null = null;
function loadGpuJs(): GpuJsModule {
  if (gpujs !== null) return gpujs;
  const proc = nodeProcess();
  if (proc === undefined) {
    gpujs = pageGpuJs();
    if (gpujs === null) throw new Error(BROWSER_GPU_JS);
    return gpujs;
  }
  // gpu.js is CommonJS and is loaded synchronously (the GPU backend's first use is synchronous):
  // through Node's createRequire, reached via process.getBuiltinModule (Node 20.16+) rather than an
  // import of node:module, so that this module imports no Node built-in. tsup shims import.meta.url
  // in the CJS build.
  const nodeModule = nodeBuiltin<typeof import("node:module")>("node:module");
  if (nodeModule === undefined) throw new Error(`the GPU backend needs Node 20.16 or later (process.getBuiltinModule) to load gpu.js; this is Node ${proc.versions.node}`);
  try {
    gpujs = nodeModule.createRequire(import.meta.url)("gpu.js") as GpuJsModule;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === "MODULE_NOT_FOUND" && String((e as Error).message).includes("'gpu.js'")) throw new Error(MISSING_GPU_JS, { cause: e });
    throw e;
  }
  return gpujs;
}

/**
 * loadGpuJs, where loading may be asynchronous: a browser page that has not run gpu.js imports
 * "gpu.js" (a specifier held in a variable, so that bundlers leave it to the page's import map).
 */
async function loadGpuJsAsync(): Promise<GpuJsModule> {
  if (gpujs !== null || nodeProcess() !== undefined || pageGpuJs() !== null) return loadGpuJs();
  const specifier = "gpu.js";
  let imported: { default?: unknown };
  try {
    imported = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as { default?: unknown };
  } catch (e) {
    throw new Error(`${BROWSER_GPU_JS} (import("gpu.js") failed: ${String((e as Error).message).split("\n")[0]})`, { cause: e });
  }
  // Imported as a module, the UMD file has no exports and sets globalThis.GPU; through a bundler's CJS interop it is the default export.
  gpujs = isGpuJs(imported.default) ? imported.default : pageGpuJs();
  if (gpujs === null) throw new Error(`${BROWSER_GPU_JS} ("gpu.js" was imported but defined no GPU class: is the import map's file gpu.js's dist/gpu-browser.js?)`);
  return gpujs;
}

/** The mode asked for: setGpuMode's, else DPROG_GPU_MODE (read on the GPU backend's first use), else auto. */
let requested: GpuMode | "auto" | null = null;
function requestedMode(): GpuMode | "auto" {
  if (requested === null) requested = (envVar("DPROG_GPU_MODE") as GpuMode | undefined) ?? "auto";
  return requested;
}
let runtime: { gpu: GpuJsInstance; info: GpuInfo } | null = null;
let warned = false;

function logOnce(message: string): void {
  if (warned) return;
  warned = true;
  console.warn(`dprog: ${message}`);
}

const MODES: readonly GpuMode[] = ["webgpu", "webgl2", "webgl", "headlessgl", "webasm", "cpu"];

/** Whether gpu.js's `mode` runs its kernels through a GPU API (which may still rasterize on the CPU). */
function gpuApiMode(mode: GpuMode): boolean {
  return mode === "webgpu" || mode === "webgl2" || mode === "webgl" || mode === "headlessgl";
}

/** Why `mode` cannot run in this environment (a browser, or Node), or null. */
function unavailableHere(mode: GpuMode): string | null {
  const browser = nodeProcess() === undefined;
  if (browser && mode === "headlessgl") return "headlessgl is Node's WebGL (the gl addon); in a browser use webgl2 or webgl";
  if (!browser && (mode === "webgl" || mode === "webgl2")) return `${mode} needs a browser's WebGL; in Node use headlessgl (the gl addon) or webgpu (initWebGpu)`;
  return null;
}

/**
 * Chooses the gpu.js mode before the GPU backend's first use. `"auto"`: in Node headlessgl if it
 * works, else webasm; in a browser webgl2, else webgl, else webasm (initGpu() also tries webgpu).
 *
 * @example
 * ```ts
 * // not run: chooses the mode once per process, before the GPU backend's first use
 * setGpuMode("webasm"); // gpu.js's CPU fallback, available everywhere
 * ```
 */
export function setGpuMode(mode: GpuMode | "auto"): void {
  if (mode !== "auto" && !MODES.includes(mode)) throw new TypeError(`setGpuMode: unknown mode ${String(mode)}; expected one of auto, ${MODES.join(", ")}.`);
  const why = mode === "auto" ? null : unavailableHere(mode);
  if (why !== null) throw new Error(`setGpuMode(${mode}): ${why}.`);
  if (runtime !== null && mode !== "auto" && runtime.info.mode !== mode) {
    throw new Error(`setGpuMode(${mode}): the GPU backend already runs in ${runtime.info.mode} mode (one gpu.js GPU instance per process).`);
  }
  requested = mode;
}

/**
 * Enables gpu.js's webgpu mode in Node: installs `navigator.gpu` from the optional `webgpu` (Dawn)
 * package and checks that an adapter answers. Resolves to the GpuInfo in effect afterwards.
 *
 * @example
 * ```ts
 * // not run: needs the optional webgpu package and a WebGPU adapter
 * const info = await initWebGpu();
 * const y = jit((x: Array) => np.exp(x), { device: "gpu" })(np.array([0, 1]));
 * await y.data(); // [1, 2.7182817]
 * await shutdownGpu(); // lets Node exit
 * ```
 */
export async function initWebGpu(): Promise<GpuInfo> {
  if (runtime?.info.mode === "webgpu") return runtime.info;
  await loadGpuJsAsync();
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu === undefined) {
    const gpu = await dawnGpu();
    installedDawn = true;
    // Shaped like Node 21+'s own navigator, which WebGPU libraries probe (userAgent).
    if (g.navigator === undefined) {
      Object.defineProperty(globalThis, "navigator", { value: { gpu, userAgent: `Node.js/${(nodeProcess()?.versions.node ?? "").split(".")[0]}` }, configurable: true, writable: true });
    } else Object.defineProperty(g.navigator, "gpu", { value: gpu, configurable: true });
  }
  const adapter = await (globalThis as unknown as { navigator: { gpu: { requestAdapter(): Promise<WebGpuAdapter | null> } } }).navigator.gpu.requestAdapter();
  if (adapter === null || !(await loadGpuJs().GPU.isWebGPUAvailable())) {
    throw new Error("initWebGpu: navigator.gpu exists but no WebGPU adapter answered (on Linux, Dawn needs a Vulkan driver such as Mesa's lavapipe or a GPU's).");
  }
  setGpuMode("webgpu");
  // gpu.js's own context (one device per process), so dprog's buffers and WGSL kernels share it.
  const m = loadGpuJs();
  useWebGpuContext(await m.WebGPUContext.acquire(), m.WebGPUBufferResult);
  const info = adapter.info ?? {};
  // A fallback adapter (lavapipe, SwiftShader) runs WebGPU on the CPU: the mode is webgpu, but not a GPU.
  const software = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true || info.architecture === "software";
  const name = info.description || [info.vendor, info.architecture, info.device].filter(Boolean).join(" ") || "unknown adapter";
  const rt = gpuRuntime();
  runtime = { gpu: rt.gpu, info: { ...rt.info, real: !software, adapter: software ? `${name} (software, on the CPU)` : name } };
  return runtime.info;
}

/** Whether initWebGpu installed navigator.gpu from Dawn (Node), which shutdownGpu then removes; a browser's own is left alone. */
let installedDawn = false;

const WEBGPU_ADVICE =
  `install webgpu@${WEBGPU_VERSION} (npm install --save-exact webgpu@${WEBGPU_VERSION}, and "overrides": { "webgpu": "$webgpu" } in package.json so that gpu.js's own ` +
  `webgpu@0.2.9 is not installed beside it: 0.2.9's Dawn binary needs GCC 13's libstdc++ (GLIBCXX_3.4.32) and does not load on Debian 12). See docs/gpu.md.`;

/** navigator.gpu from the optional `webgpu` package (Dawn for Node), with an error that says what to install. */
async function dawnGpu(): Promise<unknown> {
  if (nodeProcess() === undefined) throw new Error("initWebGpu: this browser has no navigator.gpu (WebGPU); the GPU backend's webgpu mode needs it.");
  const moduleName = "webgpu"; // a variable, so bundlers leave this Node-only import alone
  let dawn: { create(flags: string[]): unknown; globals: Record<string, unknown> };
  try {
    dawn = (await import(/* webpackIgnore: true */ /* @vite-ignore */ moduleName)) as typeof dawn;
  } catch (e) {
    const missing = (e as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND" && String((e as Error).message).includes("'webgpu'");
    throw new Error(
      missing
        ? `initWebGpu: the GPU backend's webgpu mode in Node needs the optional package webgpu (Dawn): ${WEBGPU_ADVICE}`
        : `initWebGpu: the installed webgpu package failed to load (${String((e as Error).message).split("\n")[0]}); ${WEBGPU_ADVICE}`,
      { cause: e },
    );
  }
  try {
    Object.assign(globalThis, dawn.globals);
    return dawn.create([]);
  } catch (e) {
    throw new Error(`initWebGpu: the installed webgpu package failed to create a GPU (${String((e as Error).message).split("\n")[0]}); ${WEBGPU_ADVICE}`, { cause: e });
  }
}

interface WebGpuAdapter {
  readonly isFallbackAdapter?: boolean;
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}

/**
 * Starts the GPU backend, loading gpu.js first where that is asynchronous (a browser: see
 * BROWSER_GPU_JS), and resolves to the GpuInfo in effect. `"auto"` in a browser is webgpu where
 * navigator.gpu gives an adapter (results then read with `await x.data()`), else webgl2, else
 * webgl; in Node it is setGpuMode's auto (headlessgl, else webasm: Node's webgpu mode is
 * initWebGpu's). A named mode is that mode, or an error saying why it cannot run here.
 *
 * @example
 * ```ts
 * // not run: starts the GPU backend, process-wide (the doc tests live in src/ and jaxpr/)
 * const info = await initGpu();
 * info.mode; // "webgl2" in a browser with WebGL2, "headlessgl" or "webasm" in Node
 * const y = np.sin(devicePut(np.array([0, 1]), "gpu"));
 * await y.data(); // [0, 0.84147096]
 * ```
 */
export async function initGpu(mode: GpuMode | "auto" = "auto"): Promise<GpuInfo> {
  const m = await loadGpuJsAsync();
  if (mode === "webgpu" || (mode === "auto" && nodeProcess() === undefined && (await m.GPU.isWebGPUAvailable()))) return initWebGpu();
  setGpuMode(mode);
  return gpuRuntime().info;
}

/** Whether gpu.js can open a headless WebGL context (the optional `gl` addon, an X display). */
export function headlessGlSupported(): boolean {
  return loadGpuJs().HeadlessGLKernel.isSupported;
}

/** The GPU instance, created on first use in the requested (or best available) mode. */
export function gpuRuntime(): { gpu: GpuJsInstance; info: GpuInfo } {
  if (runtime !== null) return runtime;
  const m = loadGpuJs();
  let mode: GpuMode;
  const want = requestedMode();
  const browser = nodeProcess() === undefined;
  if (want !== "auto") {
    const why = unavailableHere(want);
    if (why !== null) throw new Error(`The GPU backend cannot run in ${want} mode: ${why}.`);
    if ((want === "webgl2" && !m.GPU.isWebGL2Supported) || (want === "webgl" && !m.GPU.isWebGLSupported)) {
      throw new Error(`The GPU backend cannot run in ${want} mode: this browser gives no ${want} context (WebGL disabled, or no GPU and no software fallback).`);
    }
    mode = want;
  } else if (browser && (m.GPU.isWebGL2Supported || m.GPU.isWebGLSupported)) mode = m.GPU.isWebGL2Supported ? "webgl2" : "webgl";
  else if (!browser && m.HeadlessGLKernel.isSupported) mode = "headlessgl";
  else {
    mode = "webasm";
    logOnce(
      browser
        ? "this browser gives gpu.js no WebGL context (and webgpu needs `await initGpu()`): GPU kernels run in gpu.js's webasm mode on the CPU."
        : "gpu.js found no GPU context (headlessgl needs the optional `gl` addon and an X display; webgpu needs `await initWebGpu()`): GPU kernels run in gpu.js's webasm mode on the CPU.",
    );
  }
  const gpu = new m.GPU({ mode });
  let info: GpuInfo = { mode, real: gpuApiMode(mode), async: mode === "webgpu" };
  // headless-gl masks the GL renderer ("ANGLE"), but a virtual X server (Xvfb) renders in software.
  const server = mode === "headlessgl" ? virtualDisplayServer() : null;
  if (server !== null) info = { ...info, real: false, adapter: `${server} display ${envVar("DISPLAY") ?? ""} (software rendering, on the CPU)` };
  // A browser's WebGL names its renderer: SwiftShader or llvmpipe rasterize on the CPU.
  const renderer = mode === "webgl" || mode === "webgl2" ? webGlRenderer(mode) : null;
  if (renderer !== null) info = { ...info, real: !renderer.software, adapter: renderer.software ? `${renderer.name} (software, on the CPU)` : renderer.name };
  runtime = { gpu, info };
  return runtime;
}

/**
 * Releases the GPU backend: destroys gpu.js's GPU instance and, in webgpu mode, its WebGPU device.
 * A Dawn device keeps Node running after the last kernel, so a Node program that used webgpu mode
 * calls this when done. GPU arrays made before are unusable afterwards; the next GPU use starts a
 * new instance (webgpu again after `initWebGpu()`).
 *
 * @example
 * ```ts
 * // not run: releases the process-wide GPU backend
 * await initWebGpu();
 * const y = np.square(devicePut(np.array([1, 2]), "gpu"));
 * await y.data(); // [1, 4]
 * await shutdownGpu();
 * ```
 */
export async function shutdownGpu(): Promise<void> {
  if (runtime === null) return;
  const { gpu, info } = runtime;
  runtime = null;
  gpu.destroy();
  if (info.mode === "webgpu") {
    forgetWebGpuContext();
    await loadGpuJs().WebGPUContext.destroy();
    const g = globalThis as { navigator?: { gpu?: unknown } };
    // Dawn keeps the process alive while navigator.gpu is referenced (crbug 387965810).
    if (installedDawn && g.navigator !== undefined) Object.defineProperty(g.navigator, "gpu", { value: undefined, configurable: true });
    installedDawn = false;
    requested = "auto";
  }
}

/** Records what a kernel really runs on: gpu.js may degrade a kernel to its cpu mode (logged once). */
export function noteKernelClass(kernel: GpuJsKernel): void {
  const rt = gpuRuntime();
  const actual = kernel.kernel.constructor.mode;
  if (actual !== undefined && actual !== rt.info.mode && MODES.includes(actual as GpuMode)) {
    const reason = kernel.kernel.fallbackReason;
    logOnce(`gpu.js runs kernels in ${actual} mode, not ${rt.info.mode}${reason ? ` (${reason})` : ""}.`);
    if (actual !== "webgpu") forgetWebGpuContext(); // its kernels cannot read WebGPU buffers
    runtime = { gpu: rt.gpu, info: { mode: actual as GpuMode, real: gpuApiMode(actual as GpuMode), async: actual === "webgpu" } };
  }
}

/**
 * Host data on the device: in webgpu mode a device buffer, uploaded once (gpu.js would upload a
 * host array again on every launch); elsewhere the float32 array gpu.js uploads itself.
 */
export function upload(host: TypedArray, dtype: DType): DeviceValue {
  const data = toDeviceArray(host, dtype);
  return webGpuDevice() === null ? data : newDeviceBuffer(data.length, data);
}

/** Host data as float32 for the device; integers must be exact in float32 (|v| <= 2^24). */
export function toDeviceArray(host: TypedArray, dtype: DType): Float32Array {
  if (dtype === "float64") throw new TypeError("The GPU backend computes in float32 (single precision); convert float64 arrays with astype('float32') first.");
  if (host instanceof Float32Array) return host;
  if (dtype === "int32" || dtype === "uint32") {
    for (let i = 0; i < host.length; i++) {
      const v = host[i]!;
      if (v > EXACT_INT_LIMIT || v < -EXACT_INT_LIMIT) {
        throw new RangeError(
          `The GPU backend stores ${dtype} in float32, exact only up to 2^24 = ${EXACT_INT_LIMIT} in magnitude; got ${v} at flat index ${i}. Keep such arrays on the JS backend.`,
        );
      }
    }
  }
  return Float32Array.from(host);
}

/** Device float32 data back in its dtype; an integer that is not exact (overflow poison, > 2^24) is an error, not a rounded value. */
export function fromDeviceArray(data: Float32Array, dtype: DType, size: number): TypedArray {
  if (dtype === "float32") return data.length === size ? data : data.slice(0, size);
  const out = new TYPED_ARRAY[dtype](size);
  for (let i = 0; i < size; i++) {
    const v = data[i]!;
    if (!(Math.abs(v) <= EXACT_INT_LIMIT) || Math.trunc(v) !== v) {
      throw new RangeError(
        `A GPU kernel produced a ${dtype} value that float32 cannot hold exactly (${v} at flat index ${i}): integer results must stay within 2^24 = ${EXACT_INT_LIMIT} in magnitude on the GPU backend. Run this computation on the JS backend.`,
      );
    }
    out[i] = v;
  }
  return out;
}

/** A device value's float32 data: synchronous in the CPU and GL modes, a Promise in webgpu mode. */
export function readDevice(v: DeviceValue): Float32Array | Promise<Float32Array> {
  if (v instanceof Float32Array) return v;
  const arr = v.toArray();
  if (arr instanceof Promise) return arr.then(flatFloat32);
  return flatFloat32(arr);
}

function flatFloat32(a: unknown): Float32Array {
  if (a instanceof Float32Array) return a;
  if (Array.isArray(a)) return Float32Array.from((a as unknown[]).flat(2) as number[]);
  return Float32Array.from(a as ArrayLike<number>);
}

export function releaseDevice(v: DeviceValue): void {
  if (!(v instanceof Float32Array)) v.delete();
}
