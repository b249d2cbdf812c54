// A concrete array whose value lives on the GPU backend. It is an ArrayImpl, so every eager op,
// transform and jit accepts it; eager ops on it run on the GPU backend (followData.ts). Its host
// buffer (bufferOf) is read back on first use (synchronous gpu.js modes; in webgpu mode a value
// still being computed throws an error naming `await x.data()`). `dispose()` /
// `Symbol.dispose` free the device memory early; a FinalizationRegistry frees it otherwise.
import type { ShapedArray, TypedArray } from "../../jaxpr/index.js";
import { GpuValue } from "../../backends/gpu/index.js";
import { ArrayImpl } from "../core/array.js";

let madeOne = false;
/** Whether any GpuArray has been made in this process (until then, nothing needs to look for one). */
export const gpuArraysExist = (): boolean => madeOne;

const registry = new FinalizationRegistry<GpuValue>((value) => value.dispose());

/**
 * An array whose value lives on the GPU backend (what `devicePut(x, "gpu")` and GPU-jitted
 * functions return); JAX's arrays on a GPU device. Read it with `await x.data()` in every mode;
 * `dataSync()` and `item()` work except in webgpu mode.
 *
 * @example
 * ```ts
 * const x = devicePut(np.array([1, 2, 3]), "gpu");
 * deviceOf(x); // "gpu"
 * (await x.data()); // [1, 2, 3]
 * deviceOf(x.mul(2)); // "gpu"
 * ```
 */
export class GpuArray extends ArrayImpl {
  constructor(
    /** The device value (and its lazily read host copy). */
    readonly value: GpuValue,
    aval: ShapedArray,
  ) {
    // The host buffer is a lazy readback of the device value.
    super(() => value.hostSync(), aval);
    registry.register(this, value, this);
    madeOne = true;
  }
  /**
   * The device that holds it, as {@link deviceOf} names it.
   *
   * @example
   * ```ts
   * devicePut(np.array([1, 2]), "gpu").device; // "gpu"
   * ```
   */
  readonly device = "gpu";
  /**
   * Reads the values back from the device (asynchronously, as webgpu mode requires).
   *
   * @example
   * ```ts
   * const x = devicePut(np.array([1, 2]), "gpu");
   * await x.readAsync(); // [1, 2]
   * ```
   */
  override async readAsync(): Promise<TypedArray> {
    return (await this.value.hostAsync()).slice();
  }
  /**
   * Frees the device memory now; the array cannot be read afterwards.
   *
   * @example
   * ```ts
   * const x = devicePut(np.array([1, 2]), "gpu");
   * x.dispose();
   * x.value.isDisposed; // true
   * ```
   */
  override dispose(): void {
    registry.unregister(this);
    this.value.dispose();
  }
}
