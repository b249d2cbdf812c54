// pureCallback (jax.pure_callback): a pure host function of concrete arrays inside traced code. It
// binds `pure_callback`, whose params carry the host function and the declared result avals; the
// function runs when the program runs (eagerly at once, under jit at every call), vmap follows
// `vmapMethod`, and differentiation raises JAX's error unless a customJvp/customVjp supplies the
// derivative. Being pure, an unused call may be removed by dead-code elimination, as in JAX.
import type { DType, PureCallbackVmapMethod, TypedArray } from "../../jaxpr/index.js";
import { ShapedArray, shapeEqual } from "../../jaxpr/index.js";
import { Array, ArrayImpl, bufferOf } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import { bind } from "../core/trace.js";
import { registerHostEvaluation } from "../core/eval.js";
import { ValueError } from "../core/errors.js";
import { checkCallable } from "../core/describe.js";
import { ShapeDtypeStruct } from "../core/evalShape.js";
import { toArrayLeaf } from "../ad/api.js";
import type { ArraysOf } from "../ad/apiTypes.js";
import * as np from "../numpy/index.js";
import * as tree from "../tree/index.js";

export type { PureCallbackVmapMethod };

/** pureCallback's options (JAX's keyword argument vmap_method). */
export interface PureCallbackOptions {
  /**
   * How the callback is batched under vmap: "sequential" (and "sequential_unrolled") call it once
   * per batch element; "expand_dims" calls it once with the batched operands, unbatched ones given
   * a leading axis of size 1; "broadcast_all" broadcasts them to the batch size;
   * "legacy_vectorized" leaves them as they are. Without it, vmap raises NotImplementedError, as
   * JAX does.
   */
  vmapMethod?: PureCallbackVmapMethod | null;
}

/** The results of pureCallback: `R` (a pytree of ShapeDtypeStructs) with every declaration an Array. */
export type PureCallbackResult<R> = R extends ShapeDtypeStruct | Array
  ? Array
  : R extends null | undefined
    ? R
    : R extends readonly unknown[]
      ? { -readonly [K in keyof R]: PureCallbackResult<R[K]> }
      : R extends object
        ? { -readonly [K in keyof R]: PureCallbackResult<R[K]> }
        : R;

const VMAP_METHODS: readonly (PureCallbackVmapMethod | null)[] = ["sequential", "sequential_unrolled", "expand_dims", "broadcast_all", "legacy_vectorized", null];

const isOptions = (x: unknown): x is PureCallbackOptions =>
  typeof x === "object" && x !== null && Object.getPrototypeOf(x) === Object.prototype && Object.keys(x).length > 0 && Object.keys(x).every((k) => k === "vmapMethod");

const fmtShape = (s: readonly number[]): string => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

/** A result declaration: a ShapeDtypeStruct, or anything with `shape` and `dtype` (an Array). */
function resultAval(leaf: unknown): ShapedArray {
  if (leaf instanceof ShapeDtypeStruct || leaf instanceof Array) return new ShapedArray(leaf.shape, leaf.dtype, false);
  throw new TypeError(`pure_callback: result_shape_dtypes leaves must have shape and dtype attributes (a ShapeDtypeStruct), got ${String(leaf)}.`);
}

/** One result of the host function as a fresh buffer of the declared aval. */
function resultBuffer(value: unknown, expected: ShapedArray, i: number): TypedArray {
  let a: Array;
  if (value instanceof Array) {
    a = value;
    if (a.dtype !== expected.dtype) {
      throw new TypeError(`pure_callback: incorrect output dtype for return value ${i}: expected ${expected.dtype}, got ${a.dtype}.`);
    }
  } else {
    a = np.array(value as number, { dtype: expected.dtype as DType });
  }
  if (!shapeEqual(a.shape, expected.shape)) {
    throw new TypeError(`pure_callback: incorrect output shape for return value ${i}: expected ${fmtShape(expected.shape)}, got ${fmtShape(a.shape)}.`);
  }
  const c = a.concreteValue();
  if (c === null) throw new TypeError("pure_callback: the callback must return concrete values, not tracers.");
  return bufferOf(c).slice();
}

/**
 * `pureCallback(callback, resultShapeDtypes, ...args, { vmapMethod }?)` (jax.pure_callback): calls
 * the host function `callback` with `args` (pytrees of Arrays, numbers and booleans) as concrete
 * Arrays and returns its results, which must match `resultShapeDtypes` (a pytree of
 * ShapeDtypeStruct) in structure, shapes and dtypes. It works eagerly, under `jit` (called each
 * time the compiled function runs, never at trace time) and under `vmap` as `vmapMethod` says.
 * `jvp`/`grad` raise JAX's ValueError; wrap the call in `customJvp` to differentiate it. The
 * callback must be pure: an unused call may be removed, and calls may be repeated or merged.
 *
 * @example
 * ```ts
 * // JAX: jax.pure_callback(np.sin, jax.ShapeDtypeStruct(x.shape, x.dtype), x, vmap_method="sequential")
 * const hostSin = (x: Array) => np.array((x.tolist() as number[]).map(Math.sin), { dtype: x.dtype });
 * const x = np.array([0, 1]);
 * const y = jit((x: Array) => pureCallback(hostSin, new ShapeDtypeStruct(x.shape, x.dtype), x, { vmapMethod: "sequential" }))(x); // Array([0.        , 0.84147096], dtype=float32)
 * ```
 */
export function pureCallback<R, A extends unknown[]>(callback: (...args: { [K in keyof A]: ArraysOf<A[K]> }) => unknown, resultShapeDtypes: R, ...argsAndOptions: [...A] | [...A, PureCallbackOptions]): PureCallbackResult<R> {
  checkCallable(callback, "pure_callback");
  const rest: unknown[] = [...argsAndOptions];
  const options: PureCallbackOptions = rest.length > 0 && isOptions(rest[rest.length - 1]) ? (rest.pop() as PureCallbackOptions) : {};
  const vmapMethod = options.vmapMethod ?? null;
  if (!VMAP_METHODS.includes(vmapMethod)) {
    throw new ValueError(
      `vmap_method must be on of the allowed methods [${VMAP_METHODS.map((m) => (m === null ? "None" : `'${m}'`)).join(", ")}], but got: ${String(vmapMethod)}`,
    );
  }
  const [leaves, inTree] = tree.flatten(rest);
  const arrays = leaves.map((l) => toArrayLeaf(l, "pure_callback argument"));
  const [resultLeaves, outTree] = tree.flatten(resultShapeDtypes);
  const resultAvals = resultLeaves.map(resultAval);
  const flat = (buffers: readonly TypedArray[], avals: readonly ShapedArray[], expected: readonly ShapedArray[]): TypedArray[] => {
    // Copies: the function may keep its arguments, and a compiled program owns its buffers.
    const vals = buffers.map((b, i) => new ArrayImpl(b.slice(), avals[i]!));
    const out = (callback as (...a: unknown[]) => unknown)(...(tree.unflatten(inTree, vals) as unknown[]));
    const [outs, def] = tree.flatten(out);
    if (outs.length !== expected.length || !def.equals(outTree)) {
      throw new TypeError(`pure_callback: the callback returned ${outs.length} values (structure ${String(def)}), but result_shape_dtypes declares ${expected.length} (structure ${String(outTree)}).`);
    }
    return outs.map((o, i) => resultBuffer(o, expected[i]!, i));
  };
  // The printed equation names the user's function: pure_callback[callback=<function hostSin> ...].
  Object.defineProperty(flat, "name", { value: callback.name || "callback" });
  const outs = bind("pure_callback", arrays as ArrayLike[], { callback: flat, resultAvals, vmapMethod });
  return tree.unflatten(outTree, outs) as PureCallbackResult<R>;
}

// Eagerly the host function runs directly (no one-equation program is compiled for it).
registerHostEvaluation("pure_callback", (args, params) => {
  const outs = params.callback(
    args.map((a) => bufferOf(a)),
    args.map((a) => a.aval),
    params.resultAvals,
  );
  return outs.map((b, i) => new ArrayImpl(b, params.resultAvals[i]!));
});
