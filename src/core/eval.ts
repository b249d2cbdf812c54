// Eager execution: a primitive applied to concrete arrays runs the backend's cached one-equation
// kernel. The cache key is built from strings the avals already carry, so dispatch of a tiny op
// costs a map lookup and an allocation.
import type { Params, PrimitiveName } from "../../jaxpr/index.js";
import { ShapedArray, TYPED_ARRAY, castScalar, DType, checkParams, paramsCacheKey } from "../../jaxpr/index.js";
import { compileOp } from "../../backends/js/index.js";
import type { Array } from "./array.js";
import { ArrayImpl } from "./array.js";

/** Params objects that are shared constants (no params) skip key serialisation. */
export const NO_PARAMS = Object.freeze({}) as Record<string, never>;

const paramsKeyCache = new WeakMap<object, string>();
/**
 * The params' part of the per-op cache key. Params are checked first: a cache hit skips the shape
 * rule, so a value that merely serialises like a valid one (an object with `toJSON`) must not get in.
 */
function paramsKey<P extends PrimitiveName>(prim: P, params: Params<P>): string {
  if (params === NO_PARAMS) return "";
  let k = paramsKeyCache.get(params);
  if (k === undefined) {
    checkParams(prim, params);
    paramsKeyCache.set(params, (k = paramsCacheKey(params)));
  }
  return k;
}

/** Primitives that eager evaluation hands to a host function instead of a cached one-op kernel. */
const hostEvaluated: { [name: string]: ((args: readonly ArrayImpl[], params: never) => Array[]) | undefined } = {};
export function registerHostEvaluation<P extends PrimitiveName>(prim: P, run: (args: readonly ArrayImpl[], params: Params<P>) => Array[]): void {
  hostEvaluated[prim] = run as (args: readonly ArrayImpl[], params: never) => Array[];
}

type DeviceEvaluation = <P extends PrimitiveName>(prim: P, args: readonly ArrayImpl[], params: Params<P>) => Array[] | null;
let deviceEvaluation: DeviceEvaluation | null = null;
/** Lets src/devices run primitives whose operands live on another device there (null: not handled). */
export function registerDeviceEvaluation(run: DeviceEvaluation): void {
  deviceEvaluation = run;
}

export function evalPrimitive<P extends PrimitiveName>(prim: P, args: readonly ArrayImpl[], params: Params<P>): Array[] {
  if (deviceEvaluation !== null) {
    const onDevice = deviceEvaluation(prim, args, params);
    if (onDevice !== null) return onDevice;
  }
  const host = hostEvaluated[prim];
  if (host !== undefined) return host(args, params as never);
  let key: string = prim;
  key += "|" + paramsKey(prim, params);
  const n = args.length;
  const avals = new globalThis.Array<ShapedArray>(n);
  const buffers = new globalThis.Array(n);
  for (let i = 0; i < n; i++) {
    const a = args[i]!;
    avals[i] = a.aval;
    buffers[i] = a.buffer;
    key += "|" + a.aval.key;
  }
  const op = compileOp(key, prim, avals, params);
  // Direct calls for the common arities avoid the spread's allocation.
  const run = op.kernel.run;
  const outs = n === 1 ? run(buffers[0]) : n === 2 ? run(buffers[0], buffers[1]) : run(...buffers);
  const result = new globalThis.Array<Array>(outs.length);
  for (let i = 0; i < outs.length; i++) result[i] = new ArrayImpl(outs[i]!, op.outAvals[i]!);
  return result;
}

/** The dtype a JS scalar takes as an operand: weak int for integral numbers, weak float otherwise, bool for booleans. */
export function scalarAval(x: number | boolean): ShapedArray {
  if (typeof x === "boolean") return BOOL_SCALAR;
  return Number.isInteger(x) && Math.abs(x) <= 2147483647 ? WEAK_INT_SCALAR : WEAK_FLOAT_SCALAR;
}
const BOOL_SCALAR = new ShapedArray([], "bool", false);
const WEAK_INT_SCALAR = new ShapedArray([], "int32", true);
const WEAK_FLOAT_SCALAR = new ShapedArray([], "float32", true);

export function scalarArray(x: number | boolean, dtype?: DType, weakType?: boolean): ArrayImpl {
  const aval = dtype === undefined ? scalarAval(x) : new ShapedArray([], dtype, weakType ?? false);
  const buf = new TYPED_ARRAY[aval.dtype](1);
  buf[0] = castScalar(x, aval.dtype);
  return new ArrayImpl(buf, aval);
}
