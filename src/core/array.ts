// The user-facing Array type. `Array` is abstract: concrete values are `ArrayImpl` (a backend
// buffer plus its aval) and traced values are `Tracer`s, so user code typed against `Array` works
// unchanged under every transform, as `jax.Array` does. Methods forward to the numpy functions
// through a table the numpy module fills in, which keeps this file free of import cycles.
import type { DType, Shape, TypedArray } from "../../jaxpr/index.js";
import { ShapedArray } from "../../jaxpr/index.js";
import { ITEMSIZE, isComplex, isInteger } from "../../jaxpr/index.js";
import { ConcretizationTypeError, TracerBoolConversionError, TracerIntegerConversionError } from "./errors.js";
// Types only (erased at run time): each method takes its numpy function's arguments after the array.
import type * as NP from "../numpy/index.js";

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
  set(v: ArrayLike): Array;
  add(v: ArrayLike): Array;
  mul(v: ArrayLike): Array;
  min(v: ArrayLike): Array;
  max(v: ArrayLike): Array;
  get(opts?: { mode?: "clip" | "fill" | "promise_in_bounds"; fillValue?: number }): Array;
}

/** Node 20 has no Symbol.dispose; `using` compiles to Symbol.for("Symbol.dispose") there. */
export const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for("Symbol.dispose");

/** Filled by the numpy module at load time. */
export const arrayMethods = {} as ArrayMethods;

export abstract class Array {
  abstract get aval(): ShapedArray;

  get shape(): Shape {
    return this.aval.shape;
  }
  get dtype(): DType {
    return this.aval.dtype;
  }
  get weakType(): boolean {
    return this.aval.weakType;
  }
  get ndim(): number {
    return this.aval.shape.length;
  }
  get size(): number {
    return this.aval.size;
  }
  get T(): Array {
    return arrayMethods.transpose(this);
  }

  /** The concrete value behind this array if one is known now (always for ArrayImpl; for a tracer, when its transform knows it). */
  abstract concreteValue(): ArrayImpl | null;

  protected requireConcrete(what: string): ArrayImpl {
    const c = this.concreteValue();
    if (c === null) throw new ConcretizationTypeError(`${this.toString()} (in ${what})`);
    return c;
  }

  add(y: ArrayLike): Array {
    return arrayMethods.add(this, y);
  }
  sub(y: ArrayLike): Array {
    return arrayMethods.sub(this, y);
  }
  mul(y: ArrayLike): Array {
    return arrayMethods.mul(this, y);
  }
  div(y: ArrayLike): Array {
    return arrayMethods.div(this, y);
  }
  pow(y: ArrayLike): Array {
    return arrayMethods.pow(this, y);
  }
  neg(): Array {
    return arrayMethods.neg(this);
  }
  abs(): Array {
    return arrayMethods.abs(this);
  }
  matmul(y: ArrayLike): Array {
    return arrayMethods.matmul(this, y);
  }
  dot(y: ArrayLike): Array {
    return arrayMethods.dot(this, y);
  }
  reshape(...args: Rest<typeof NP.reshape>): Array {
    return arrayMethods.reshape(this, ...args);
  }
  transpose(...args: Rest<typeof NP.transpose>): Array {
    return arrayMethods.transpose(this, ...args);
  }
  astype(...args: Rest<typeof NP.astype>): Array {
    return arrayMethods.astype(this, ...args);
  }
  sum(...args: Rest<typeof NP.sum>): Array {
    return arrayMethods.sum(this, ...args);
  }
  mean(...args: Rest<typeof NP.mean>): Array {
    return arrayMethods.mean(this, ...args);
  }
  max(...args: Rest<typeof NP.max>): Array {
    return arrayMethods.max(this, ...args);
  }
  min(...args: Rest<typeof NP.min>): Array {
    return arrayMethods.min(this, ...args);
  }
  prod(...args: Rest<typeof NP.prod>): Array {
    return arrayMethods.prod(this, ...args);
  }
  argmax(...args: Rest<typeof NP.argmax>): Array {
    return arrayMethods.argmax(this, ...args);
  }
  argmin(...args: Rest<typeof NP.argmin>): Array {
    return arrayMethods.argmin(this, ...args);
  }
  std(...args: Rest<typeof NP.std>): Array {
    return arrayMethods.std(this, ...args);
  }
  var(...args: Rest<typeof NP.var>): Array {
    return arrayMethods.var(this, ...args);
  }
  cumsum(...args: Rest<typeof NP.cumsum>): Array {
    return arrayMethods.cumsum(this, ...args);
  }
  cumprod(...args: Rest<typeof NP.cumprod>): Array {
    return arrayMethods.cumprod(this, ...args);
  }
  clip(...args: Rest<typeof NP.clip>): Array {
    return arrayMethods.clip(this, ...args);
  }
  round(...args: Rest<typeof NP.round>): Array {
    return arrayMethods.round(this, ...args);
  }
  sort(...args: Rest<typeof NP.sort>): Array {
    return arrayMethods.sort(this, ...args);
  }
  argsort(...args: Rest<typeof NP.argsort>): Array {
    return arrayMethods.argsort(this, ...args);
  }
  squeeze(...args: Rest<typeof NP.squeeze>): Array {
    return arrayMethods.squeeze(this, ...args);
  }
  ravel(...args: Rest<typeof NP.ravel>): Array {
    return arrayMethods.ravel(this, ...args);
  }
  take(...args: Rest<typeof NP.take>): Array {
    return arrayMethods.take(this, ...args);
  }
  all(...args: Rest<typeof NP.all>): Array {
    return arrayMethods.all(this, ...args);
  }
  any(...args: Rest<typeof NP.any>): Array {
    return arrayMethods.any(this, ...args);
  }
  repeat(...args: Rest<typeof NP.repeat>): Array {
    return arrayMethods.repeat(this, ...args);
  }
  swapaxes(...args: Rest<typeof NP.swapaxes>): Array {
    return arrayMethods.swapaxes(this, ...args);
  }
  diagonal(...args: Rest<typeof NP.diagonal>): Array {
    return arrayMethods.diagonal(this, ...args);
  }
  trace(...args: Rest<typeof NP.trace>): Array {
    return arrayMethods.trace(this, ...args);
  }
  searchsorted(...args: Rest<typeof NP.searchsorted>): Array {
    return arrayMethods.searchsorted(this, ...args);
  }
  ptp(...args: Rest<typeof NP.ptp>): Array {
    return arrayMethods.ptp(this, ...args);
  }
  conj(...args: Rest<typeof NP.conj>): Array {
    return arrayMethods.conj(this, ...args);
  }
  real(...args: Rest<typeof NP.real>): Array {
    return arrayMethods.real(this, ...args);
  }
  imag(...args: Rest<typeof NP.imag>): Array {
    return arrayMethods.imag(this, ...args);
  }
  /** `x.flatten()`: the elements as a 1-D array (`np.ravel`; JAX's only order is "C"). */
  flatten(...args: Rest<typeof NP.ravel>): Array {
    return arrayMethods.ravel(this, ...args);
  }
  /** `x.copy()`: an equal array (arrays are immutable, so this is `np.copy`). */
  copy(...args: Rest<typeof NP.copy>): Array {
    return arrayMethods.copy(this, ...args);
  }
  /** `x.nonzero({ size, fillValue })`: one index array per dimension (`np.nonzero`). */
  nonzero(...args: Rest<typeof NP.nonzero>): Array[] {
    return arrayMethods.nonzero(this, ...args);
  }
  /** The number of bytes the elements take (`size * itemsize`). */
  get nbytes(): number {
    return this.size * ITEMSIZE[this.dtype];
  }
  /** The size in bytes of one element. */
  get itemsize(): number {
    return ITEMSIZE[this.dtype];
  }
  /**
   * `x.blockUntilReady()`: returns `x` once its value is computed. CPU arrays are computed
   * synchronously, so this returns at once; a GPU array in webgpu mode cannot be waited for
   * synchronously: `await x.data()` is the way to wait for (and read) it.
   */
  blockUntilReady(): this {
    return this;
  }
  equal(y: ArrayLike): Array {
    return arrayMethods.equal(this, y);
  }
  notEqual(y: ArrayLike): Array {
    return arrayMethods.notEqual(this, y);
  }
  less(y: ArrayLike): Array {
    return arrayMethods.less(this, y);
  }
  lessEqual(y: ArrayLike): Array {
    return arrayMethods.lessEqual(this, y);
  }
  greater(y: ArrayLike): Array {
    return arrayMethods.greater(this, y);
  }
  greaterEqual(y: ArrayLike): Array {
    return arrayMethods.greaterEqual(this, y);
  }
  /** numpy indexing: integers, slice strings, "...", null (new axis), integer or boolean index arrays. */
  get(...idx: IndexItem[]): Array {
    return arrayMethods.get(this, idx);
  }
  /** Functional updates: `x.at(i).set(v)`, `.add(v)`, `.mul(v)`, `.min(v)`, `.max(v)`, `.get(opts)`. */
  at(...idx: IndexItem[]): IndexUpdateRef {
    return arrayMethods.at(this, idx);
  }

  /**
   * Iterates along axis 0, as a JAX array does: each step is `x.get(i)`. Works under every
   * transform (a tracer's leading dimension is static). A 0-d array is not iterable.
   *
   * @example
   * ```ts
   * const [k1, k2] = random.split(random.key(0));
   * for (const row of np.eye(2)) console.log(row.tolist()); // [1, 0] then [0, 1]
   * ```
   */
  *[Symbol.iterator](): Iterator<Array> {
    if (this.ndim === 0) throw new TypeError("iteration over a 0-d array");
    const n = this.shape[0]!;
    for (let i = 0; i < n; i++) yield arrayMethods.get(this, [i]);
  }

  /** Nested JS arrays (a number or boolean for rank 0). */
  tolist(): NestedList {
    return arrayMethods.tolist(this.requireConcrete("tolist()"));
  }
  /**
   * The single element of a size-1 array, as JAX's `x.item()`: a JS number for numeric dtypes and,
   * as JAX gives a Python bool, a JS boolean (true/false) for a bool array. Typed `number`, the
   * common case; read a bool array's element as `x.item<boolean>()` (the type argument states the
   * dtype you know, as TF.js's `dataSync<D>()` does; it is not checked at run time).
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
  /** A copy of the data as a typed array. */
  dataSync(): TypedArray {
    return bufferOf(this.requireConcrete("dataSync()")).slice();
  }
  /** The data as a typed array, whichever backend holds it. */
  async data(): Promise<TypedArray> {
    return this.requireConcrete("data()").readAsync();
  }
  toString(): string {
    return arrayMethods.toString(this);
  }
  /** Releases device memory early (GpuArray); a no-op for arrays in host memory, which the garbage collector frees. */
  dispose(): void {}
  [disposeSymbol](): void {
    this.dispose();
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
  /** `+x`, `x > 0`, template strings: a JS scalar for concrete size-1 arrays. */
  [Symbol.toPrimitive](hint: string): number | string | boolean {
    if (hint === "string") return this.toString();
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
