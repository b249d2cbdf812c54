// A value of a GPU program: on the host, on the device, or both (immutable, so copies never
// diverge). In webgpu mode a program's results exist before its kernels have run: such a value is
// pending until the asynchronous run settles, as JAX's results are futures under async dispatch.
import type { ShapedArray, TypedArray } from "../../jaxpr/index.js";
import { DeviceValue, fromDeviceArray, readDevice, releaseDevice, toDeviceArray } from "./runtime.js";

export const ASYNC_READ_MESSAGE = "this GPU array lives in gpu.js's webgpu mode, which reads results asynchronously: use `await x.data()`";

export class GpuValue {
  private hostData: TypedArray | null;
  private deviceData: DeviceValue | null;
  private disposed = false;
  /** Settles when the run producing this value does; null once the value is there. */
  private pending: Promise<void> | null = null;
  /** Why the producing run failed; rethrown by every read. */
  private failure: { error: unknown } | null = null;
  constructor(
    readonly aval: ShapedArray,
    host: TypedArray | null,
    device: DeviceValue | null,
    /** Handles sharing this device memory (aliases); it is released when the last one is disposed. */
    private handles = { count: 1 },
  ) {
    this.hostData = host;
    this.deviceData = device;
  }

  /** A value that a still-running (asynchronous) program will produce. */
  static later(aval: ShapedArray, result: Promise<GpuValue>): GpuValue {
    const v = new GpuValue(aval, null, null);
    v.pending = result.then(
      (r) => v.adopt(r),
      (error: unknown) => {
        v.failure = { error };
      },
    );
    return v;
  }

  private adopt(r: GpuValue): void {
    this.pending = null;
    if (this.disposed) {
      r.dispose();
      return;
    }
    this.hostData = r.hostData;
    this.deviceData = r.deviceData;
    this.handles = r.handles;
    r.disposed = true; // its memory is ours now
  }

  get isDisposed(): boolean {
    return this.disposed;
  }
  /** Whether the program producing this value is still running. */
  get isPending(): boolean {
    return this.pending !== null;
  }
  get onDevice(): boolean {
    return this.deviceData !== null;
  }
  private check(): void {
    if (this.disposed) throw new Error(`This GPU array (${this.aval.str()}) was disposed.`);
    if (this.failure !== null) throw this.failure.error;
  }
  /** Waits for the producing run (a no-op for a value already there); rethrows its failure. */
  async ready(): Promise<void> {
    if (this.pending !== null) await this.pending;
    this.check();
  }
  /** The data on the host; throws (naming `await x.data()`) where the device reads asynchronously. */
  hostSync(): TypedArray {
    this.check();
    if (this.pending !== null) throw new Error(`Synchronous read: ${ASYNC_READ_MESSAGE}; this array's program is still running.`);
    if (this.hostData === null) {
      const r = readDevice(this.deviceData!);
      if (r instanceof Promise) throw new Error(`Synchronous read: ${ASYNC_READ_MESSAGE}.`);
      this.hostData = fromDeviceArray(r, this.aval.dtype, this.aval.size);
    }
    return this.hostData;
  }
  async hostAsync(): Promise<TypedArray> {
    await this.ready();
    if (this.hostData === null) this.hostData = fromDeviceArray(await readDevice(this.deviceData!), this.aval.dtype, this.aval.size);
    this.check(); // disposed while reading
    return this.hostData!;
  }
  /** The data on the device, uploaded on first need (a pending value must be awaited first: `ready()`). */
  device(): DeviceValue {
    this.check();
    if (this.pending !== null) throw new Error(`This GPU array (${this.aval.str()}) is still being computed; await its ready() first.`);
    if (this.deviceData === null) {
      const host = this.hostData!;
      // gpu.js cannot take an empty array; a kernel reading one never indexes it.
      this.deviceData = host.length === 0 ? new Float32Array(1) : toDeviceArray(host, this.aval.dtype);
    }
    return this.deviceData;
  }
  /** The same data under a second handle that does not own the device memory (a program returning its input or a constant). */
  alias(): GpuValue {
    this.check();
    if (this.pending !== null) return GpuValue.later(this.aval, this.pending.then(() => this.alias()));
    if (this.deviceData === null) return new GpuValue(this.aval, this.hostData, null); // an upload later is its own
    this.handles.count++;
    return new GpuValue(this.aval, this.hostData, this.deviceData, this.handles);
  }
  /** Frees the device memory (the host copy, if any, goes to the garbage collector); a pending value is freed when it arrives. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.deviceData !== null && --this.handles.count === 0) releaseDevice(this.deviceData);
    this.deviceData = null;
    this.hostData = null;
  }
}
