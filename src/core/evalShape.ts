// evalShape (jax.eval_shape): the shapes and dtypes a function would return, found by tracing it
// abstractly; nothing is computed. ShapeDtypeStruct stands for an argument by shape and dtype.
import type { DType, Shape } from "../../jaxpr/index.js";
import { ShapedArray, checkDType } from "../../jaxpr/index.js";
import * as tree from "../tree/index.js";
import { argAval, traceToJaxpr } from "./staging.js";

/**
 * `ShapeDtypeStruct(shape, dtype, { weakType })` (jax.ShapeDtypeStruct): an array's shape and dtype without its data; a pytree leaf.
 *
 * @example
 * ```ts
 * const s = new ShapeDtypeStruct([2, 3], "float32");
 * [s.ndim, s.size]; // [2, 6]
 * evalShape((x: Array) => np.sum(x, 0), s).toString(); // "ShapeDtypeStruct(shape=(3,), dtype=float32)"
 * ```
 */
export class ShapeDtypeStruct {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly weakType: boolean;
  constructor(shape: readonly number[], dtype: DType, opts: { weakType?: boolean } = {}) {
    if (!globalThis.Array.isArray(shape) || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
      throw new TypeError(`ShapeDtypeStruct: shape must be a list of non-negative integers, got ${String(shape)}.`);
    }
    checkDType(dtype);
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.weakType = opts.weakType ?? false;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return this.shape.reduce((p, n) => p * n, 1);
  }
  /**
   * JAX's repr: `ShapeDtypeStruct(shape=(2, 3), dtype=float32)`.
   *
   * @example
   * ```ts
   * new ShapeDtypeStruct([3], "int32").toString(); // "ShapeDtypeStruct(shape=(3,), dtype=int32)"
   * ```
   */
  toString(): string {
    return `ShapeDtypeStruct(shape=(${this.shape.join(", ")}${this.shape.length === 1 ? "," : ""}), dtype=${this.dtype}${this.weakType ? ", weak_type=True" : ""})`;
  }
}

/** The pytree `T` with every leaf a ShapeDtypeStruct. */
export type ShapesOf<T> = tree.MapLeaves<T, ShapeDtypeStruct>;

/**
 * `evalShape(f, ...args)` (jax.eval_shape): the structure of `f(...args)` with a ShapeDtypeStruct per leaf, from an
 * abstract trace (no computation). Arguments may be Arrays, JS scalars or ShapeDtypeStructs.
 *
 * @example
 * ```ts
 * evalShape((x: Array) => np.matmul(x, x), new ShapeDtypeStruct([3, 3], "float32")).toString(); // "ShapeDtypeStruct(shape=(3, 3), dtype=float32)"
 * evalShape((x: Array) => [np.sum(x), x.astype("int32")], np.zeros([2])).map(String); // ["ShapeDtypeStruct(shape=(), dtype=float32)", "ShapeDtypeStruct(shape=(2,), dtype=int32)"]
 * ```
 */
export function evalShape<A extends unknown[], R>(f: (...args: A) => R, ...args: { [K in keyof A]: A[K] | ShapeDtypeStruct | tree.MapLeaves<A[K], ShapeDtypeStruct> }): ShapesOf<R> {
  if (typeof f !== "function") throw new TypeError(`eval_shape: expected a callable value, got ${String(f)}.`);
  const [leaves, inTree] = tree.flatten(args);
  const avals = leaves.map((l) => (l instanceof ShapeDtypeStruct ? new ShapedArray(l.shape, l.dtype, l.weakType) : argAval(l)));
  const { closedJaxpr, outTree } = traceToJaxpr(f as (...a: unknown[]) => unknown, avals, inTree);
  const outs = closedJaxpr.jaxpr.outvars.map((v) => new ShapeDtypeStruct(v.aval.shape, v.aval.dtype, { weakType: v.aval.weakType }));
  return tree.unflatten(outTree, outs) as ShapesOf<R>;
}
