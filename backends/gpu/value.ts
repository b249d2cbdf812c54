// A value of a GPU program: on the host, on the device, or both (immutable, so copies never
// diverge). In webgpu mode a program's results exist before its kernels have run: such a value is
// pending until the asynchronous run settles, as JAX's results are futures under async dispatch.
import type { ShapedArray, TypedArray } from "../../jaxpr/index.js";
import { isNarrow, toNarrowBuffer } from "../../jaxpr/index.js";
import { DeviceValue, fromDeviceArray, readDevice, releaseDevice, upload } from "./runtime.js";

export const ASYNC_READ_MESSAGE = "this GPU array lives in gpu.js's webgpu mode, which reads results asynchronously: use `await x.data()`";

/** The settling result of an asynchronous run, shared by a pending value and its aliases. */
interface Later {
  value: GpuValue | null;
  failure: { error: unknown } | null;
  /** Every handle was disposed before the value arrived: free it on arrival. */
  abandoned: boolean;
  readonly settled: Promise<void>;
}

export class GpuValue {
  private hostData: TypedArray | null;
  private deviceData: DeviceValue | null;
  private disposed = false;
  /** Set for a value a still-running program produces; its data then belong to `later.value`. */
  private later: Later | null = null;
  constructor(
    readonly aval: ShapedArray,
    host: TypedArray | null,
    device: DeviceValue | null,
    /** Handles sharing this device memory (aliases); it is released when the last one is disposed. */
    private readonly handles = { count: 1 },
  ) {
    this.hostData = host;
    this.deviceData = device;
  }

  /** A value that a still-running (asynchronous) program will produce. */
  static later(aval: ShapedArray, result: Promise<GpuValue>): GpuValue {
    const cell: Later = {
      value: null,
      failure: null,
      abandoned: false,
      settled: result.then(
        (r) => {
          if (cell.abandoned) r.dispose();
          else cell.value = r;
        },
        (error: unknown) => {
          cell.failure = { error };
        },
      ),
    };
    const v = new GpuValue(aval, null, null);
    v.later = cell;
    return v;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }
  /** Whether the program producing this value is still running. */
  get isPending(): boolean {
    return this.later !== null && this.later.value === null && this.later.failure === null;
  }
  get onDevice(): boolean {
    return this.later === null ? this.deviceData !== null : this.later.value?.onDevice === true;
  }
  private check(): void {
    if (this.disposed) throw new Error(`This GPU array (${this.aval.str()}) was disposed.`);
    if (this.later?.failure) throw this.later.failure.error;
  }
  /** The arrived value of a pending one; throws while it is still being computed. */
  private arrived(what: string): GpuValue {
    const v = this.later!.value;
    if (v === null) throw new Error(`${what}: ${ASYNC_READ_MESSAGE}; this array's program is still running.`);
    return v;
  }
  /** Waits for the producing run (a no-op for a value already there); rethrows its failure. */
  async ready(): Promise<void> {
    if (this.later !== null) await this.later.settled;
    this.check();
  }
  /** The data on the host; throws (naming `await x.data()`) where the device reads asynchronously. */
  hostSync(): TypedArray {
    this.check();
    if (this.later !== null) return this.arrived("Synchronous read").hostSync();
    if (this.hostData === null) {
      const r = readDevice(this.deviceData!);
      if (r instanceof Promise) throw new Error(`Synchronous read: ${ASYNC_READ_MESSAGE}.`);
      this.hostData = fromDeviceArray(r, this.aval.dtype, this.aval.size);
    }
    return this.hostData;
  }
  async hostAsync(): Promise<TypedArray> {
    await this.ready();
    if (this.later !== null) return this.arrived("Read").hostAsync();
    if (this.hostData === null) this.hostData = fromDeviceArray(await readDevice(this.deviceData!), this.aval.dtype, this.aval.size);
    this.check(); // disposed while reading
    return this.hostData!;
  }
  /** The data on the device, uploaded on first need (a pending value must be awaited first: `ready()`). */
  device(): DeviceValue {
    this.check();
    if (this.later !== null) return this.arrived("Device use").device();
    if (this.deviceData === null) {
      const host = this.hostData!;
      // gpu.js cannot take an empty array; a kernel reading one never indexes it.
      this.deviceData = upload(host.length === 0 ? new Float32Array(1) : host, this.aval.dtype);
    }
    return this.deviceData;
  }
  /** The same data under a second handle that does not own the device memory (a program returning its input or a constant). */
  alias(): GpuValue {
    this.check();
    if (this.later === null && this.deviceData === null) return new GpuValue(this.aval, this.hostData, null); // an upload later is its own
    this.handles.count++;
    const v = new GpuValue(this.aval, this.hostData, this.deviceData, this.handles);
    v.later = this.later;
    return v;
  }
  /**
   * This handle's data under the program's own aval: a narrow result (int8, int4, float16, ...) is
   * computed in its wide dtype (lowerNarrow) and read back in its own storage. Takes over this handle.
   * Other dtypes stay as computed (a complex result is its interleaved real pairs, as the caller reads it).
   */
  asResult(aval: ShapedArray): GpuValue {
    if (aval.dtype === this.aval.dtype || !isNarrow(aval.dtype) || this.later !== null) return this;
    const host = this.hostData === null ? null : toNarrowBuffer(this.hostData, aval.dtype);
    return new GpuValue(aval, host, this.deviceData, this.handles);
  }
  /** Frees the device memory once no handle needs it (a pending value's memory is freed when it arrives). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (--this.handles.count === 0) {
      if (this.later !== null) {
        if (this.later.value !== null) this.later.value.dispose();
        else this.later.abandoned = true;
      } else if (this.deviceData !== null) releaseDevice(this.deviceData);
    }
    this.deviceData = null;
    this.hostData = null;
  }
}
