// The WebGPU device that gpu.js's webgpu mode runs on, for what dprog does on it directly:
// device-resident uploads (a host array is uploaded once, not on every kernel launch) and
// hand-written WGSL kernels (tiledMatmul.ts) that gpu.js cannot express. Buffers are wrapped in
// gpu.js's own pipeline handle class, so gpu.js kernels take them as arguments unchanged.

/** The subset of the WebGPU API used here (the `webgpu` package provides the real objects). */
export interface WebGpuBuffer {
  readonly size: number;
  destroy(): void;
  unmap(): void;
  getMappedRange(offset?: number, size?: number): ArrayBuffer;
  mapAsync(mode: number, offset?: number, size?: number): Promise<void>;
}
export interface WebGpuComputePipeline {
  getBindGroupLayout(index: number): unknown;
}
interface WebGpuPass {
  setPipeline(p: WebGpuComputePipeline): void;
  setBindGroup(index: number, group: unknown): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
  end(): void;
}
interface WebGpuEncoder {
  beginComputePass(): WebGpuPass;
  copyBufferToBuffer(src: WebGpuBuffer, srcOffset: number, dst: WebGpuBuffer, dstOffset: number, size: number): void;
  finish(): unknown;
}
export interface WebGpuDevice {
  readonly limits: { readonly maxComputeWorkgroupsPerDimension: number; readonly maxStorageBufferBindingSize: number };
  readonly queue: { submit(buffers: unknown[]): void; writeBuffer(b: WebGpuBuffer, offset: number, data: Float32Array): void };
  createBuffer(d: { size: number; usage: number; mappedAtCreation?: boolean }): WebGpuBuffer;
  createShaderModule(d: { code: string }): unknown;
  createComputePipeline(d: { layout: "auto"; compute: { module: unknown; entryPoint: string } }): WebGpuComputePipeline;
  createBindGroup(d: { layout: unknown; entries: { binding: number; resource: { buffer: WebGpuBuffer } }[] }): unknown;
  createCommandEncoder(): WebGpuEncoder;
}
/** gpu.js's shared `{ adapter, device }` context; its kernels accept only handles made with this very object. */
export interface WebGpuContext {
  readonly device: WebGpuDevice;
  readonly isLost: boolean;
}
/** gpu.js's WebGPUBufferResult: a refcounted device buffer with a flat logical size. */
export interface WebGpuHandle {
  readonly buffer: WebGpuBuffer;
  readonly output: number[];
  toArray(): Promise<Float32Array>;
  delete(): void;
}
export type WebGpuHandleClass = new (settings: { buffer: WebGpuBuffer; output: number[]; context: WebGpuContext; kernel: BufferReader }) => WebGpuHandle;
interface BufferReader {
  readBufferResult(handle: WebGpuHandle): Promise<Float32Array>;
}

// WebGPU's GPUBufferUsage and GPUMapMode flags (constants of the spec).
const MAP_READ = 0x0001;
const COPY_SRC = 0x0004;
const COPY_DST = 0x0008;
const UNIFORM = 0x0040;
const STORAGE = 0x0080;

let active: { context: WebGpuContext; Handle: WebGpuHandleClass } | null = null;

/** Records gpu.js's WebGPU context (after `initWebGpu` acquired it) for direct use. */
export function useWebGpuContext(context: WebGpuContext, Handle: WebGpuHandleClass): void {
  active = { context, Handle };
}
export function forgetWebGpuContext(): void {
  active = null;
}
/** The device gpu.js's webgpu mode runs on, or null outside webgpu mode (or after a device loss). */
export function webGpuDevice(): WebGpuDevice | null {
  return active !== null && !active.context.isLost ? active.context.device : null;
}

/** Copies a device buffer's first `size` floats back to the host. */
const reader: BufferReader = {
  async readBufferResult(handle) {
    const device = webGpuDevice();
    if (device === null) throw new Error("The WebGPU device is gone (shutdownGpu() or a device loss): this GPU array no longer holds data.");
    const bytes = Math.max(4, handle.output.reduce((a, b) => a * b, 1) * 4);
    const staging = device.createBuffer({ size: bytes, usage: MAP_READ | COPY_DST });
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(handle.buffer, 0, staging, 0, bytes);
    device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(MAP_READ, 0, bytes);
      return new Float32Array(staging.getMappedRange(0, bytes).slice(0));
    } finally {
      staging.destroy();
    }
  },
};

/** A new device buffer of `size` floats (at least one: WebGPU bindings cannot be empty), wrapped as a gpu.js handle. */
export function newDeviceBuffer(size: number, data?: Float32Array): WebGpuHandle {
  if (active === null) throw new Error("newDeviceBuffer: no WebGPU device (call initWebGpu() first).");
  const device = active.context.device;
  const buffer = device.createBuffer({ size: Math.max(1, size) * 4, usage: STORAGE | COPY_SRC | COPY_DST, mappedAtCreation: data !== undefined });
  if (data !== undefined) {
    new Float32Array(buffer.getMappedRange()).set(data.subarray(0, size));
    buffer.unmap();
  }
  return new active.Handle({ buffer, output: [Math.max(1, size)], context: active.context, kernel: reader });
}

/** A small uniform buffer holding `data` (a kernel's parameters). */
export function uniformBuffer(device: WebGpuDevice, data: Uint32Array): WebGpuBuffer {
  const buffer = device.createBuffer({ size: data.byteLength, usage: UNIFORM, mappedAtCreation: true });
  new Uint32Array(buffer.getMappedRange()).set(data);
  buffer.unmap();
  return buffer;
}
