// The user-facing Array type. `Array` is abstract: concrete values are `ArrayImpl` (a backend
// buffer plus its aval) and traced values are `Tracer`s, so user code typed against `Array` works
// unchanged under every transform, as `jax.Array` does. Methods forward to the numpy functions
// through a table the numpy module fills in, which keeps this file free of import cycles.
import type { DType, Shape, TypedArray } from "../../jaxpr/index.js";
import { ShapedArray } from "../../jaxpr/index.js";
import { ITEMSIZE, isComplex, isInteger } from "../../jaxpr/index.js";
import { AttributeError, ConcretizationTypeError, TracerBoolConversionError, TracerIntegerConversionError } from "./errors.js";
// Types only (erased at run time): each method takes its numpy function's arguments after the array.
import type * as NP from "../numpy/index.js";
import type { Sharding } from "../sharding/shardings.js";
import type { Device } from "../devices/device.js";

/** The parameters of a numpy function after its array argument. */
type Rest<F> = F extends (x: never, ...rest: infer R) => unknown ? R : never;

/** Anything an operation accepts where an array is expected. */
export type ArrayLike = Array | number | boolean | Complex;

export type Axis = number | readonly number[] | null;

/** An index item of `x.get(...)`: integer, slice string ("1:3", ":", "::-1", "..."), null (new axis), or an index array. */
export type IndexItem = number | string | null | Array;

export interface ArrayMethods {
  add(x: Array, y: ArrayLike): Array;
  sub(x: Array, y: ArrayLike): Array;
  mul(x: Array, y: ArrayLike): Array;
  div(x: Array, y: ArrayLike): Array;
  pow(x: Array, y: ArrayLike): Array;
  neg(x: Array): Array;
  abs(x: Array): Array;
  matmul(x: Array, y: ArrayLike): Array;
  dot(x: Array, y: ArrayLike): Array;
  reshape: typeof NP.reshape;
  transpose: typeof NP.transpose;
  astype: typeof NP.astype;
  sum: typeof NP.sum;
  mean: typeof NP.mean;
  max: typeof NP.max;
  min: typeof NP.min;
  prod: typeof NP.prod;
  argmax: typeof NP.argmax;
  argmin: typeof NP.argmin;
  std: typeof NP.std;
  var: typeof NP.var;
  cumsum: typeof NP.cumsum;
  cumprod: typeof NP.cumprod;
  clip: typeof NP.clip;
  round: typeof NP.round;
  sort: typeof NP.sort;
  argsort: typeof NP.argsort;
  squeeze: typeof NP.squeeze;
  ravel: typeof NP.ravel;
  take: typeof NP.take;
  all: typeof NP.all;
  any: typeof NP.any;
  copy: typeof NP.copy;
  repeat: typeof NP.repeat;
  swapaxes: typeof NP.swapaxes;
  diagonal: typeof NP.diagonal;
  trace: typeof NP.trace;
  nonzero: typeof NP.nonzero;
  searchsorted: typeof NP.searchsorted;
  ptp: typeof NP.ptp;
  conj: typeof NP.conj;
  real: typeof NP.real;
  imag: typeof NP.imag;
  equal(x: Array, y: ArrayLike): Array;
  notEqual(x: Array, y: ArrayLike): Array;
  less(x: Array, y: ArrayLike): Array;
  lessEqual(x: Array, y: ArrayLike): Array;
  greater(x: Array, y: ArrayLike): Array;
  greaterEqual(x: Array, y: ArrayLike): Array;
  get(x: Array, idx: readonly IndexItem[]): Array;
  at(x: Array, idx: readonly IndexItem[]): IndexUpdateRef;
  toString(x: Array): string;
  tolist(x: ArrayImpl): NestedList;
}

/** A complex number as JS values: what a complex array's elements read back as (`tolist`, `item`). */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

export type NestedList = number | boolean | Complex | NestedList[];

export interface IndexUpdateRef {
  /**
   * `x.at(...idx).set(v)` (JAX's `x.at[idx].set(v)`): a copy of `x` with `v` written at `idx`; `x` is unchanged.
   *
   * @example
   * ```ts
   * const x = np.zeros([3]);
   * x.at(1).set(5); // Array([0., 5., 0.], dtype=float32)
   * x; // Array([0., 0., 0.], dtype=float32)
   * ```
   */
  set(v: ArrayLike): Array;
  /**
   * `x.at(...idx).add(v)` (JAX's `.at[idx].add`): a copy of `x` with `v` added at `idx`; repeated indices accumulate.
   *
   * @example
   * ```ts
   * np.zeros([3]).at(np.array([0, 0, 2], { dtype: "int32" })).add(1); // Array([2., 0., 1.], dtype=float32)
   * ```
   */
  add(v: ArrayLike): Array;
  /**
   * `x.at(...idx).mul(v)` (JAX's `.at[idx].multiply`): a copy of `x` with the entries at `idx` multiplied by `v`.
   *
   * @example
   * ```ts
   * np.array([1, 2, 3]).at(1).mul(10); // Array([ 1., 20.,  3.], dtype=float32)
   * ```
   */
  mul(v: ArrayLike): Array;
  /**
   * `x.at(...idx).min(v)` (JAX's `.at[idx].min`): a copy of `x` with the entries at `idx` replaced by their minimum with `v`.
   *
   * @example
   * ```ts
   * np.array([1, 5, 3]).at(np.array([0, 1], { dtype: "int32" })).min(2); // Array([1., 2., 3.], dtype=float32)
   * ```
   */
  min(v: ArrayLike): Array;
  /**
   * `x.at(...idx).max(v)` (JAX's `.at[idx].max`): a copy of `x` with the entries at `idx` replaced by their maximum with `v`.
   *
   * @example
   * ```ts
   * np.array([1, 5, 3]).at(np.array([0, 1], { dtype: "int32" })).max(2); // Array([2., 5., 3.], dtype=float32)
   * ```
   */
  max(v: ArrayLike): Array;
  /**
   * `x.at(...idx).get({ mode, fillValue })` (JAX's `.at[idx].get`): `x[idx]` with an explicit out-of-bounds mode: "clip", "fill" (with `fillValue`, NaN by default for floats) or "promise_in_bounds".
   *
   * @example
   * ```ts
   * const x = np.array([1, 2, 3]);
   * x.at(np.array([0, 5], { dtype: "int32" })).get({ mode: "clip" }); // Array([1., 3.], dtype=float32)
   * x.at(np.array([0, 5], { dtype: "int32" })).get({ mode: "fill", fillValue: -1 }); // Array([ 1., -1.], dtype=float32)
   * ```
   */
  get(opts?: { mode?: "clip" | "fill" | "promise_in_bounds"; fillValue?: number }): Array;
}

/** Node 20 has no Symbol.dispose; `using` compiles to Symbol.for("Symbol.dispose") there. */
export const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for("Symbol.dispose");

/** Filled by the numpy module at load time. */
export const arrayMethods = {} as ArrayMethods;

/** Filled by src/sharding at load time: a concrete array's sharding. */
export const arrayHooks: { sharding: ((a: ArrayImpl) => Sharding) | null } = { sharding: null };

// Set only while `trackLiveArrays` is on (null otherwise, so making an array costs one
// comparison of a module variable more).
let arrayCreated: ((a: ArrayImpl) => void) | null = null;
/** Library-internal (src/sharding/liveArrays.ts): the function told of every new concrete array, or null. */
export function setArrayCreatedHook(hook: ((a: ArrayImpl) => void) | null): void {
  arrayCreated = hook;
}

/**
 * `Array` (jax.Array): an immutable n-dimensional array with a shape, a dtype and a device; made by
 * `np.array` and every operation, with JAX's methods (`x.sum()`, `x.T`, `x.at[i].set(v)`, ...). Under a
 * transform the same methods apply to tracers.
 *
 * Converting to JS values: `+x` and comparisons give the number of a concrete size-1 array;
 * `console.log(x)` and `x.toString()` give JAX's repr; `String(x)` and `` `${x}` `` give the repr
 * too, except for a 0-d integer array, which gives its value: JS converts a property key with the
 * same "string" hint, and this is what lets `xs[i]` index a JS array with a 0-d integer array, as
 * JAX's `__index__` does (a traced `i` raises TracerIntegerConversionError, as in JAX).
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * [x.shape, x.dtype, x.ndim, x.size]; // [[2, 2], "float32", 2, 4]
 * x.T.sum(0); // Array([3., 7.], dtype=float32)
 * x instanceof Array; // true
 * ```
 */
export abstract class Array {
  abstract get aval(): ShapedArray;

  /**
   * The dimensions (jax.Array.shape).
   *
   * @example
   * ```ts
   * np.zeros([2, 3]).shape; // [2, 3]
   * ```
   */
  get shape(): Shape {
    return this.aval.shape;
  }
  /**
   * The element type (jax.Array.dtype). A JS number array is float32, as JAX's default (x64 off) makes Python floats.
   *
   * @example
   * ```ts
   * np.array([1, 2]).dtype; // "float32"
   * np.arange(3).dtype; // "int32"
   * np.array([1, 2], { dtype: "int32" }).dtype; // "int32"
   * ```
   */
  get dtype(): DType {
    return this.aval.dtype;
  }
  /**
   * Whether the dtype is weak (JAX's weak_type): a JS number's array, which takes the other operand's dtype in arithmetic.
   *
   * @example
   * ```ts
   * np.asarray(2).weakType; // true
   * np.array([2]).weakType; // false
   * ```
   */
  get weakType(): boolean {
    return this.aval.weakType;
  }
  /**
   * The number of dimensions (jax.Array.ndim).
   *
   * @example
   * ```ts
   * np.zeros([2, 3, 4]).ndim; // 3
   * ```
   */
  get ndim(): number {
    return this.aval.shape.length;
  }
  /**
   * The number of elements (jax.Array.size).
   *
   * @example
   * ```ts
   * np.zeros([2, 3]).size; // 6
   * ```
   */
  get size(): number {
    return this.aval.size;
  }
  /**
   * The transpose, axes reversed (jax.Array.T; `np.transpose(x)`).
   *
   * @example
   * ```ts
   * const x = np.array([[1, 2, 3], [4, 5, 6]]);
   * x.T; // Array([[1., 4.], [2., 5.], [3., 6.]], dtype=float32)
   * ```
   */
  get T(): Array {
    return arrayMethods.transpose(this);
  }

  /**
   * The concrete value behind this array if one is known now (always for ArrayImpl; for a tracer, when its transform knows it).
   *
   * @example
   * ```ts
   * np.array([1, 2]).concreteValue(); // Array([1., 2.], dtype=float32)
   * let inside: unknown;
   * jit((x: Array) => { inside = x.concreteValue(); return x; })(np.array([1]));
   * inside; // null
   * ```
   */
  abstract concreteValue(): ArrayImpl | null;

  /**
   * The concrete value, or JAX's ConcretizationTypeError naming `what` (as `tolist()` and `dataSync()` use it).
   *
   * @example
   * ```ts
   * let message = "";
   * try { jit((x: Array) => np.array(x.tolist()))(np.array([1])); } catch (e) { message = (e as Error).message; }
   * message.includes("(in tolist())"); // true
   * ```
   */
  protected requireConcrete(what: string): ArrayImpl {
    const c = this.concreteValue();
    if (c === null) throw new ConcretizationTypeError(`${this.toString()} (in ${what})`);
    return c;
  }

  /**
   * `x + y` (jax.Array.__add__; `np.add`), broadcasting.
   *
   * @example
   * ```ts
   * const x = np.array([1, 2, 3]);
   * x.add(10); // Array([11., 12., 13.], dtype=float32)
   * x.add(np.array([[0], [1]])).shape; // [2, 3]
   * ```
   */
  add(y: ArrayLike): Array {
    return arrayMethods.add(this, y);
  }
  /**
   * `x - y` (jax.Array.__sub__; `np.subtract`).
   *
   * @example
   * ```ts
   * np.array([5, 7]).sub(np.array([1, 2])); // Array([4., 5.], dtype=float32)
   * ```
   */
  sub(y: ArrayLike): Array {
    return arrayMethods.sub(this, y);
  }
  /**
   * `x * y` (jax.Array.__mul__; `np.multiply`).
   *
   * @example
   * ```ts
   * np.array([1.5, 2]).mul(2); // Array([3., 4.], dtype=float32)
   * ```
   */
  mul(y: ArrayLike): Array {
    return arrayMethods.mul(this, y);
  }
  /**
   * `x / y` (jax.Array.__truediv__; `np.divide`): true division, so integers give floats.
   *
   * @example
   * ```ts
   * np.array([1, 2, 3]).div(2); // Array([0.5, 1. , 1.5], dtype=float32)
   * ```
   */
  div(y: ArrayLike): Array {
    return arrayMethods.div(this, y);
  }
  /**
   * `x ** y` (jax.Array.__pow__; `np.power`).
   *
   * @example
   * ```ts
   * np.array([1, 2, 3]).pow(2); // Array([1., 4., 9.], dtype=float32)
   * ```
   */
  pow(y: ArrayLike): Array {
    return arrayMethods.pow(this, y);
  }
  /**
   * `-x` (jax.Array.__neg__; `np.negative`).
   *
   * @example
   * ```ts
   * np.array([1, -2]).neg(); // Array([-1.,  2.], dtype=float32)
   * ```
   */
  neg(): Array {
    return arrayMethods.neg(this);
  }
  /**
   * `abs(x)` (jax.Array.__abs__; `np.abs`).
   *
   * @example
   * ```ts
   * np.array([-1.5, 2]).abs(); // Array([1.5, 2. ], dtype=float32)
   * ```
   */
  abs(): Array {
    return arrayMethods.abs(this);
  }
  /**
   * `x @ y` (jax.Array.__matmul__; `np.matmul`): matrix product, batched over leading axes.
   *
   * @example
   * ```ts
   * const a = np.array([[1, 2], [3, 4]]);
   * a.matmul(np.array([1, 1])); // Array([3., 7.], dtype=float32)
   * a.matmul(a); // Array([[ 7., 10.], [15., 22.]], dtype=float32)
   * ```
   */
  matmul(y: ArrayLike): Array {
    return arrayMethods.matmul(this, y);
  }
  /**
   * `x.dot(y)` (jax.Array.dot; `np.dot`).
   *
   * @example
   * ```ts
   * np.array([1, 2, 3]).dot(np.array([4, 5, 6])); // Array(32., dtype=float32)
   * ```
   */
  dot(y: ArrayLike): Array {
    return arrayMethods.dot(this, y);
  }
  /**
   * `x.reshape(shape)` (jax.Array.reshape; `np.reshape`); one dimension may be -1.
   *
   * @example
   * ```ts
   * const x = np.arange(6);
   * x.reshape([2, 3]); // Array([[0, 1, 2], [3, 4, 5]], dtype=int32)
   * x.reshape([-1, 2]).shape; // [3, 2]
   * ```
   */
  reshape(...args: Rest<typeof NP.reshape>): Array {
    return arrayMethods.reshape(this, ...args);
  }
  /**
   * `x.transpose(axes?)` (jax.Array.transpose; `np.transpose`): axes permuted, reversed by default.
   *
   * @example
   * ```ts
   * const x = np.zeros([2, 3, 4]);
   * x.transpose().shape; // [4, 3, 2]
   * x.transpose([1, 0, 2]).shape; // [3, 2, 4]
   * ```
   */
  transpose(...args: Rest<typeof NP.transpose>): Array {
    return arrayMethods.transpose(this, ...args);
  }
  /**
   * `x.astype(dtype)` (jax.Array.astype): the values converted to `dtype`.
   *
   * @example
   * ```ts
   * np.array([1.7, -1.7]).astype("int32"); // Array([ 1, -1], dtype=int32)
   * ```
   */
  astype(...args: Rest<typeof NP.astype>): Array {
    return arrayMethods.astype(this, ...args);
  }
  /**
   * `x.sum(axis?, opts?)` (jax.Array.sum; `np.sum`).
   *
   * @example
   * ```ts
   * const x = np.array([[1, 2], [3, 4]]);
   * x.sum(); // Array(10., dtype=float32)
   * x.sum(0); // Array([4., 6.], dtype=float32)
   * ```
   */
  sum(...args: Rest<typeof NP.sum>): Array {
    return arrayMethods.sum(this, ...args);
  }
  /**
   * `x.mean(axis?, opts?)` (jax.Array.mean; `np.mean`).
   *
   * @example
   * ```ts
   * const x = np.array([[1, 2], [3, 4]]);
   * x.mean(); // Array(2.5, dtype=float32)
   * x.mean(1); // Array([1.5, 3.5], dtype=float32)
   * ```
   */
  mean(...args: Rest<typeof NP.mean>): Array {
    return arrayMethods.mean(this, ...args);
  }
  /**
   * `x.max(axis?, opts?)` (jax.Array.max; `np.max`).
   *
   * @example
   * ```ts
   * const x = np.array([[1, 5], [3, 4]]);
   * x.max(); // Array(5., dtype=float32)
   * x.max(0); // Array([3., 5.], dtype=float32)
   * ```
   */
  max(...args: Rest<typeof NP.max>): Array {
    return arrayMethods.max(this, ...args);
  }
  /**
   * `x.min(axis?, opts?)` (jax.Array.min; `np.min`).
   *
   * @example
   * ```ts
   * const x = np.array([[1, 5], [3, 4]]);
   * x.min(); // Array(1., dtype=float32)
   * x.min(1); // Array([1., 3.], dtype=float32)
   * ```
   */
  min(...args: Rest<typeof NP.min>): Array {
    return arrayMethods.min(this, ...args);
  }
  /**
   * `x.prod(axis?, opts?)` (jax.Array.prod; `np.prod`).
   *
   * @example
   * ```ts
   * np.array([1, 2, 3, 4]).prod(); // Array(24., dtype=float32)
   * ```
   */
  prod(...args: Rest<typeof NP.prod>): Array {
    return arrayMethods.prod(this, ...args);
  }
  /**
   * `x.argmax(axis?)` (jax.Array.argmax; `np.argmax`): the index of the first maximum, over the flattened array by default.
   *
   * @example
   * ```ts
   * const x = np.array([[1, 5], [7, 4]]);
   * x.argmax(); // Array(2, dtype=int32)
   * x.argmax(1); // Array([1, 0], dtype=int32)
   * ```
   */
  argmax(...args: Rest<typeof NP.argmax>): Array {
    return arrayMethods.argmax(this, ...args);
  }
  /**
   * `x.argmin(axis?)` (jax.Array.argmin; `np.argmin`): the index of the first minimum.
   *
   * @example
   * ```ts
   * np.array([3, 1, 2, 1]).argmin(); // Array(1, dtype=int32)
   * ```
   */
  argmin(...args: Rest<typeof NP.argmin>): Array {
    return arrayMethods.argmin(this, ...args);
  }
  /**
   * `x.std(axis?, opts?)` (jax.Array.std; `np.std`): standard deviation, `ddof` 0 by default.
   *
   * @example
   * ```ts
   * np.array([1, 2, 3, 4]).std(); // Array(1.118034, dtype=float32)
   * ```
   */
  std(...args: Rest<typeof NP.std>): Array {
    return arrayMethods.std(this, ...args);
  }
  /**
   * `x.var(axis?, opts?)` (jax.Array.var; `np.var`): variance, `ddof` 0 by default.
   *
   * @example
   * ```ts
   * np.array([1, 2, 3, 4]).var(); // Array(1.25, dtype=float32)
   * ```
   */
  var(...args: Rest<typeof NP.var>): Array {
    return arrayMethods.var(this, ...args);
  }
  /**
   * `x.cumsum(axis?)` (jax.Array.cumsum; `np.cumsum`): running sums, over the flattened array by default.
   *
   * @example
   * ```ts
   * np.array([1, 2, 3]).cumsum(); // Array([1., 3., 6.], dtype=float32)
   * ```
   */
  cumsum(...args: Rest<typeof NP.cumsum>): Array {
    return arrayMethods.cumsum(this, ...args);
  }
  /**
   * `x.cumprod(axis?)` (jax.Array.cumprod; `np.cumprod`): running products.
   *
   * @example
   * ```ts
   * np.array([1, 2, 3, 4]).cumprod(); // Array([ 1.,  2.,  6., 24.], dtype=float32)
   * ```
   */
  cumprod(...args: Rest<typeof NP.cumprod>): Array {
    return arrayMethods.cumprod(this, ...args);
  }
  /**
   * `x.clip(min, max)` (jax.Array.clip; `np.clip`): values limited to [min, max].
   *
   * @example
   * ```ts
   * np.array([-2, 0.5, 3]).clip(0, 1); // Array([0. , 0.5, 1. ], dtype=float32)
   * ```
   */
  clip(...args: Rest<typeof NP.clip>): Array {
    return arrayMethods.clip(this, ...args);
  }
  /**
   * `x.round(decimals?)` (jax.Array.round; `np.round`): to the nearest value, halves to even.
   *
   * @example
   * ```ts
   * np.array([0.5, 1.5, 2.25]).round(); // Array([0., 2., 2.], dtype=float32)
   * np.array([1.234, 5.678]).round(1); // Array([1.2, 5.7], dtype=float32)
   * ```
   */
  round(...args: Rest<typeof NP.round>): Array {
    return arrayMethods.round(this, ...args);
  }
  /**
   * `x.sort(axis?)` (jax.Array.sort; `np.sort`): sorted along the last axis by default.
   *
   * @example
   * ```ts
   * np.array([3, 1, 2]).sort(); // Array([1., 2., 3.], dtype=float32)
   * ```
   */
  sort(...args: Rest<typeof NP.sort>): Array {
    return arrayMethods.sort(this, ...args);
  }
  /**
   * `x.argsort(axis?)` (jax.Array.argsort; `np.argsort`): the indices that sort the array (stable).
   *
   * @example
   * ```ts
   * np.array([3, 1, 2]).argsort(); // Array([1, 2, 0], dtype=int32)
   * ```
   */
  argsort(...args: Rest<typeof NP.argsort>): Array {
    return arrayMethods.argsort(this, ...args);
  }
  /**
   * `x.squeeze(axis?)` (jax.Array.squeeze; `np.squeeze`): size-1 dimensions removed.
   *
   * @example
   * ```ts
   * np.zeros([1, 3, 1]).squeeze().shape; // [3]
   * ```
   */
  squeeze(...args: Rest<typeof NP.squeeze>): Array {
    return arrayMethods.squeeze(this, ...args);
  }
  /**
   * `x.ravel()` (jax.Array.ravel; `np.ravel`): the elements as a 1-D array, in row-major order.
   *
   * @example
   * ```ts
   * np.array([[1, 2], [3, 4]]).ravel(); // Array([1., 2., 3., 4.], dtype=float32)
   * ```
   */
  ravel(...args: Rest<typeof NP.ravel>): Array {
    return arrayMethods.ravel(this, ...args);
  }
  /**
   * `x.take(indices, axis?)` (jax.Array.take; `np.take`): elements at `indices`, from the flattened array by default.
   *
   * @example
   * ```ts
   * const x = np.array([10, 20, 30]);
   * x.take(np.array([2, 0], { dtype: "int32" })); // Array([30., 10.], dtype=float32)
   * ```
   */
  take(...args: Rest<typeof NP.take>): Array {
    return arrayMethods.take(this, ...args);
  }
  /**
   * `x.all(axis?)` (jax.Array.all; `np.all`): whether every element is nonzero.
   *
   * @example
   * ```ts
   * np.array([1, 2, 0]).all(); // Array(False, dtype=bool)
   * ```
   */
  all(...args: Rest<typeof NP.all>): Array {
    return arrayMethods.all(this, ...args);
  }
  /**
   * `x.any(axis?)` (jax.Array.any; `np.any`): whether some element is nonzero.
   *
   * @example
   * ```ts
   * np.array([0, 0, 3]).any(); // Array(True, dtype=bool)
   * ```
   */
  any(...args: Rest<typeof NP.any>): Array {
    return arrayMethods.any(this, ...args);
  }
  /**
   * `x.repeat(repeats, axis?)` (jax.Array.repeat; `np.repeat`): each element repeated.
   *
   * @example
   * ```ts
   * np.array([1, 2]).repeat(2); // Array([1., 1., 2., 2.], dtype=float32)
   * ```
   */
  repeat(...args: Rest<typeof NP.repeat>): Array {
    return arrayMethods.repeat(this, ...args);
  }
  /**
   * `x.swapaxes(a, b)` (jax.Array.swapaxes; `np.swapaxes`): two axes exchanged.
   *
   * @example
   * ```ts
   * np.zeros([2, 3, 4]).swapaxes(0, 2).shape; // [4, 3, 2]
   * ```
   */
  swapaxes(...args: Rest<typeof NP.swapaxes>): Array {
    return arrayMethods.swapaxes(this, ...args);
  }
  /**
   * `x.diagonal(offset?, axis1?, axis2?)` (jax.Array.diagonal; `np.diagonal`).
   *
   * @example
   * ```ts
   * const x = np.array([[1, 2], [3, 4]]);
   * x.diagonal(); // Array([1., 4.], dtype=float32)
   * x.diagonal(1); // Array([2.], dtype=float32)
   * ```
   */
  diagonal(...args: Rest<typeof NP.diagonal>): Array {
    return arrayMethods.diagonal(this, ...args);
  }
  /**
   * `x.trace(offset?)` (jax.Array.trace; `np.trace`): the sum of the diagonal.
   *
   * @example
   * ```ts
   * np.array([[1, 2], [3, 4]]).trace(); // Array(5., dtype=float32)
   * ```
   */
  trace(...args: Rest<typeof NP.trace>): Array {
    return arrayMethods.trace(this, ...args);
  }
  /**
   * `x.searchsorted(v, opts?)` (jax.Array.searchsorted; `np.searchsorted`): where `v`'s values would go in the sorted `x`.
   *
   * @example
   * ```ts
   * np.array([1, 3, 5]).searchsorted(np.array([0, 3, 6])); // Array([0, 1, 3], dtype=int32)
   * ```
   */
  searchsorted(...args: Rest<typeof NP.searchsorted>): Array {
    return arrayMethods.searchsorted(this, ...args);
  }
  /**
   * `x.ptp(axis?)` (jax.Array.ptp; `np.ptp`): maximum minus minimum.
   *
   * @example
   * ```ts
   * np.array([4, 9, 1]).ptp(); // Array(8., dtype=float32)
   * ```
   */
  ptp(...args: Rest<typeof NP.ptp>): Array {
    return arrayMethods.ptp(this, ...args);
  }
  /**
   * `x.conj()` (jax.Array.conj; `np.conj`): the complex conjugate (a real array unchanged).
   *
   * @example
   * ```ts
   * np.array([1, 2]).conj(); // Array([1., 2.], dtype=float32)
   * ```
   */
  conj(...args: Rest<typeof NP.conj>): Array {
    return arrayMethods.conj(this, ...args);
  }
  /**
   * `x.real()` (jax.Array.real, a method here; `np.real`): the real part.
   *
   * @example
   * ```ts
   * np.array([1.5, 2]).real(); // Array([1.5, 2. ], dtype=float32)
   * ```
   */
  real(...args: Rest<typeof NP.real>): Array {
    return arrayMethods.real(this, ...args);
  }
  /**
   * `x.imag()` (jax.Array.imag, a method here; `np.imag`): the imaginary part (zeros for a real array).
   *
   * @example
   * ```ts
   * np.array([1.5, 2]).imag(); // Array([0., 0.], dtype=float32)
   * ```
   */
  imag(...args: Rest<typeof NP.imag>): Array {
    return arrayMethods.imag(this, ...args);
  }
  /**
   * `x.flatten()`: the elements as a 1-D array (`np.ravel`; JAX's only order is "C").
   *
   * @example
   * ```ts
   * np.array([[1, 2], [3, 4]]).flatten(); // Array([1., 2., 3., 4.], dtype=float32)
   * ```
   */
  flatten(...args: Rest<typeof NP.ravel>): Array {
    return arrayMethods.ravel(this, ...args);
  }
  /**
   * `x.copy()`: an equal array (arrays are immutable, so this is `np.copy`).
   *
   * @example
   * ```ts
   * np.array([1, 2]).copy(); // Array([1., 2.], dtype=float32)
   * ```
   */
  copy(...args: Rest<typeof NP.copy>): Array {
    return arrayMethods.copy(this, ...args);
  }
  /**
   * `x.nonzero({ size, fillValue })`: one index array per dimension (`np.nonzero`).
   *
   * @example
   * ```ts
   * const [rows, cols] = np.array([[0, 1], [2, 0]]).nonzero();
   * rows; // Array([0, 1], dtype=int32)
   * cols; // Array([1, 0], dtype=int32)
   * ```
   */
  nonzero(...args: Rest<typeof NP.nonzero>): Array[] {
    return arrayMethods.nonzero(this, ...args);
  }
  /**
   * The number of bytes the elements take (`size * itemsize`).
   *
   * @example
   * ```ts
   * np.zeros([2, 3]).nbytes; // 24
   * ```
   */
  get nbytes(): number {
    return this.size * ITEMSIZE[this.dtype];
  }
  /**
   * The size in bytes of one element.
   *
   * @example
   * ```ts
   * np.zeros([2]).itemsize; // 4
   * np.zeros([2], { dtype: "float64" }).itemsize; // 8
   * ```
   */
  get itemsize(): number {
    return ITEMSIZE[this.dtype];
  }
  /**
   * `x.blockUntilReady()`: returns `x` once its value is computed. CPU arrays are computed
   * synchronously, so this returns at once; a GPU array in webgpu mode cannot be waited for
   * synchronously: `await x.data()` is the way to wait for (and read) it.
   *
   * @example
   * ```ts
   * const x = np.array([1, 2]).mul(2).blockUntilReady();
   * x; // Array([2., 4.], dtype=float32)
   * ```
   */
  blockUntilReady(): this {
    return this;
  }
  /**
   * `x == y` (jax.Array.__eq__; `np.equal`): elementwise, a bool array.
   *
   * @example
   * ```ts
   * np.array([1, 2, 3]).equal(2); // Array([False,  True, False], dtype=bool)
   * ```
   */
  equal(y: ArrayLike): Array {
    return arrayMethods.equal(this, y);
  }
  /**
   * `x != y` (jax.Array.__ne__; `np.notEqual`).
   *
   * @example
   * ```ts
   * np.array([1, 2, 3]).notEqual(2); // Array([ True, False,  True], dtype=bool)
   * ```
   */
  notEqual(y: ArrayLike): Array {
    return arrayMethods.notEqual(this, y);
  }
  /**
   * `x < y` (jax.Array.__lt__; `np.less`).
   *
   * @example
   * ```ts
   * np.array([1, 2, 3]).less(2); // Array([ True, False, False], dtype=bool)
   * ```
   */
  less(y: ArrayLike): Array {
    return arrayMethods.less(this, y);
  }
  /**
   * `x <= y` (jax.Array.__le__; `np.lessEqual`).
   *
   * @example
   * ```ts
   * np.array([1, 2, 3]).lessEqual(2); // Array([ True,  True, False], dtype=bool)
   * ```
   */
  lessEqual(y: ArrayLike): Array {
    return arrayMethods.lessEqual(this, y);
  }
  /**
   * `x > y` (jax.Array.__gt__; `np.greater`).
   *
   * @example
   * ```ts
   * np.array([1, 2, 3]).greater(2); // Array([False, False,  True], dtype=bool)
   * ```
   */
  greater(y: ArrayLike): Array {
    return arrayMethods.greater(this, y);
  }
  /**
   * `x >= y` (jax.Array.__ge__; `np.greaterEqual`).
   *
   * @example
   * ```ts
   * np.array([1, 2, 3]).greaterEqual(2); // Array([False,  True,  True], dtype=bool)
   * ```
   */
  greaterEqual(y: ArrayLike): Array {
    return arrayMethods.greaterEqual(this, y);
  }
  /**
   * numpy indexing: integers, slice strings, "...", null (new axis), integer or boolean index arrays.
   *
   * @example
   * ```ts
   * const x = np.array([[1, 2, 3], [4, 5, 6]]);
   * x.get(1); // Array([4., 5., 6.], dtype=float32)
   * x.get(":", 0); // Array([1., 4.], dtype=float32)
   * x.get("...", "1:"); // Array([[2., 3.], [5., 6.]], dtype=float32)
   * x.get(null).shape; // [1, 2, 3]
   * x.get(x.greater(3)); // Array([4., 5., 6.], dtype=float32)
   * ```
   */
  get(...idx: IndexItem[]): Array {
    return arrayMethods.get(this, idx);
  }
  /**
   * Functional updates: `x.at(i).set(v)`, `.add(v)`, `.mul(v)`, `.min(v)`, `.max(v)`, `.get(opts)`.
   *
   * @example
   * ```ts
   * const x = np.zeros([3]);
   * x.at(1).set(5); // Array([0., 5., 0.], dtype=float32)
   * x.at(np.array([0, 0], { dtype: "int32" })).add(1); // Array([2., 0., 0.], dtype=float32)
   * x; // Array([0., 0., 0.], dtype=float32)
   * ```
   */
  at(...idx: IndexItem[]): IndexUpdateRef {
    return arrayMethods.at(this, idx);
  }

  /**
   * Iterates along axis 0, as a JAX array does: each step is `x.get(i)`. Works under every
   * transform (a tracer's leading dimension is static). A 0-d array is not iterable.
   *
   * @example
   * ```ts
   * const rows = [...np.array([[1, 2], [3, 4]])];
   * rows.length; // 2
   * rows[1]; // Array([3., 4.], dtype=float32)
   * ```
   */
  *[Symbol.iterator](): Iterator<Array> {
    if (this.ndim === 0) throw new TypeError("iteration over a 0-d array");
    const n = this.shape[0]!;
    for (let i = 0; i < n; i++) yield arrayMethods.get(this, [i]);
  }

  /**
   * Nested JS arrays (a number or boolean for rank 0).
   *
   * @example
   * ```ts
   * np.array([[1, 2], [3, 4]]).tolist(); // [[1, 2], [3, 4]]
   * np.array(3.5).tolist(); // 3.5
   * ```
   */
  tolist(): NestedList {
    return arrayMethods.tolist(this.requireConcrete("tolist()"));
  }
  /**
   * The single element of a size-1 array, as JAX's `x.item()`: a JS number for numeric dtypes and,
   * as JAX gives a Python bool, a JS boolean (true/false) for a bool array. Typed `number`, the
   * common case; read a bool array's element as `x.item<boolean>()` (the type argument states the
   * dtype you know, as TF.js's `dataSync<D>()` does; it is not checked at run time).
   *
   * @example
   * ```ts
   * np.array([2.5]).item(); // 2.5
   * np.array(true).item<boolean>(); // true
   * ```
   */
  item(): number;
  item<T extends number | boolean | Complex>(): T;
  item(): number | boolean | Complex {
    const c = this.concreteValue();
    if (c === null) {
      // JAX's bool(x) / int(x) / float(x) errors, chosen by the dtype the caller wanted a scalar of.
      const what = `${this.toString()} (in item())`;
      if (this.dtype === "bool") throw new TracerBoolConversionError(what);
      if (isInteger(this.dtype)) throw new TracerIntegerConversionError(what);
      throw new ConcretizationTypeError(what);
    }
    if (c.size !== 1) {
      throw new TypeError(`item(): can only convert an array of size 1 to a JS scalar, got shape ${c.aval.str()}.`);
    }
    const buf = bufferOf(c);
    const v = buf[0]!;
    // A complex element is { re, im }: read it as x.item<Complex>().
    if (isComplex(c.dtype)) return { re: v, im: buf[1]! };
    return c.dtype === "bool" ? v !== 0 : v;
  }
  /**
   * A copy of the data as a typed array.
   *
   * @example
   * ```ts
   * np.array([[1, 2], [3, 4]]).dataSync(); // [1, 2, 3, 4]
   * ```
   */
  dataSync(): TypedArray {
    return bufferOf(this.requireConcrete("dataSync()")).slice();
  }
  /**
   * The data as a typed array, whichever backend holds it.
   *
   * @example
   * ```ts
   * await np.array([1, 2]).data(); // [1, 2]
   * ```
   */
  async data(): Promise<TypedArray> {
    return this.requireConcrete("data()").readAsync();
  }
  /**
   * The repr, as JAX prints an array (`np.arrayRepr`).
   *
   * @example
   * ```ts
   * np.array([1, 2]).toString(); // "Array([1., 2.], dtype=float32)"
   * ```
   */
  toString(): string {
    return arrayMethods.toString(this);
  }
  /**
   * How the array is laid out on devices (jax.Array.sharding): a SingleDeviceSharding of its
   * device, or the sharding it was placed with (`devicePut(x, namedSharding)`, `reshard`). Traced
   * values have none, as in JAX (AttributeError).
   *
   * @example
   * ```ts
   * String(np.ones([2]).sharding); // "SingleDeviceSharding(device=CpuDevice(id=0), memory_kind=device)"
   * ```
   */
  get sharding(): Sharding {
    const c = this.concreteValue();
    if (c === null) {
      throw new AttributeError(`The 'sharding' attribute is not available on traced array with shape ${this.dtype}[${this.shape.join(",")}]. To query sharding information on tracers, use \`jax.typeof(x)\`.`);
    }
    // The sharding module installs the hook; a bundle that shook it off (no sharding name imported) has none.
    if (arrayHooks.sharding === null) throw new AttributeError(`'sharding' needs dprog's sharding module, which this bundle left out: import a sharding name (for example \`import { sharding } from "dprog"\`) where the app reads x.sharding`);
    return arrayHooks.sharding(c);
  }
  /**
   * The devices holding the array (jax.Array.devices()): its sharding's device set.
   *
   * @example
   * ```ts
   * [...np.ones([2]).devices()].map(String); // ["CpuDevice(id=0)"]
   * ```
   */
  devices(): Set<Device> {
    return this.sharding.deviceSet;
  }
  /**
   * Releases device memory early (GpuArray); a no-op for arrays in host memory, which the garbage collector frees.
   *
   * @example
   * ```ts
   * const x = np.array([1, 2]);
   * x.dispose();
   * x; // Array([1., 2.], dtype=float32)
   * ```
   */
  dispose(): void {}
  [disposeSymbol](): void {
    this.dispose();
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
  /**
   * `+x`, `x > 0`: a JS scalar for concrete size-1 arrays; under a transform a
   * TracerBoolConversionError (or TracerIntegerConversionError for an integer), as JAX's `bool(x)`/`int(x)`.
   *
   * `String(x)`, template literals and `xs[x]` convert with the hint "string" alike (JS cannot tell
   * them apart): the repr, except for a 0-d integer array, which gives its value ("3"), so that
   * `xs[i]` indexes a JS array as JAX's `__index__` lets `xs[i]` index a Python list (Python's
   * `f"{i}"` is "3" too). A traced 0-d integer raises TracerIntegerConversionError there, as
   * JAX's `__index__` does under jit; print it with `x.toString()` (or `console.log`).
   *
   * @example
   * ```ts
   * const x = np.array([2.5]);
   * +x; // 2.5
   * x > 2; // true
   * `x = ${np.array([1, 2])}`; // "x = Array([1., 2.], dtype=float32)"
   * ["a", "b", "c"][np.array(2, { dtype: "int32" }) as unknown as number]; // "c"
   * `${np.array(2, { dtype: "int32" })}`; // "2"
   * ```
   */
  [Symbol.toPrimitive](hint: string): number | string | boolean {
    if (hint === "string") {
      if (this.ndim !== 0 || !isInteger(this.dtype)) return this.toString();
      // A property key (xs[i]) is converted with this hint: JAX's __index__ (operator.index).
      const c = this.concreteValue();
      if (c === null) {
        throw new TracerIntegerConversionError(`${this.toString()} (converted to a string or a property key, e.g. \`xs[i]\` or \`\${i}\`; print a traced array with toString())`);
      }
      return String(c.item());
    }
    if (this.concreteValue() === null) {
      // JS converts an array to a number for `x > 0`, `while (err > tol)`, `xs[i]`, `x + 1`: a
      // traced integer is an index or a size, anything else a branch condition.
      const what = `${this.toString()} (converted to a JS ${hint === "number" ? "number, e.g. in a comparison like `if (x > 0)`" : "primitive"})`;
      if (isInteger(this.dtype)) throw new TracerIntegerConversionError(what);
      throw new TracerBoolConversionError(what);
    }
    return this.item();
  }
}

let hostBuffer: (a: ArrayImpl) => TypedArray;

/**
 * A concrete array: an immutable buffer on a device plus its aval. Both are private (`#` fields):
 * users read values through `dataSync()`, `data()`, `tolist()` and `item()`, which copy. The library
 * reads the live buffer through `bufferOf` (not exported from the package); callers must not mutate it.
 */
export class ArrayImpl extends Array {
  #buffer: TypedArray;
  readonly #aval: ShapedArray;
  /** For arrays whose value lives elsewhere (a device): reads it to the host on first use. */
  #read: (() => TypedArray) | null;
  constructor(buffer: TypedArray | (() => TypedArray), aval: ShapedArray) {
    super();
    if (typeof buffer === "function") {
      this.#buffer = EMPTY;
      this.#read = buffer;
    } else {
      this.#buffer = buffer;
      this.#read = null;
    }
    this.#aval = aval;
    if (arrayCreated !== null) arrayCreated(this);
  }
  get aval(): ShapedArray {
    return this.#aval;
  }
  concreteValue(): ArrayImpl {
    return this;
  }
  async readAsync(): Promise<TypedArray> {
    return hostBuffer(this).slice();
  }
  static {
    hostBuffer = (a) => (a.#read === null ? a.#buffer : a.#read());
  }
}

const EMPTY = new Float32Array(0);

/**
 * Library-internal: the live backend buffer of a concrete array, read synchronously (JS backend: no
 * copy). Never hand it to users and never mutate it; `dataSync()` is the public, copying reader.
 */
export const bufferOf = (a: ArrayImpl): TypedArray => hostBuffer(a);

export const isArray = (x: unknown): x is Array => x instanceof Array;
export const isJsArray = (x: unknown): x is unknown[] => globalThis.Array.isArray(x);
