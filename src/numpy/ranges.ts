// numpy's logarithmic ranges (jax.numpy semantics): logspace and geomspace, with array
// endpoints (one range per element, stacked along `axis`), differentiable in start and stop.
import type { DType } from "../../jaxpr/index.js";
import { canonicalizeAxis, isFloat } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { ValueError } from "../core/errors.js";
import { add, divide, log10, multiply, power, sign } from "./elementwise.js";
import { broadcastShapes, broadcastTo, convertTo, resultType, toInexact } from "./promote.js";
import { concatenate, moveaxis } from "./shape.js";
import { isOptions } from "./options.js";

/** Keyword arguments of {@link logspace}. */
export interface LogspaceOptions {
  /** Number of samples (default 50). */
  num?: number;
  /** Include `base ** stop` (default true). */
  endpoint?: boolean;
  /** The base of the exponents (default 10). */
  base?: ArrayLike;
  /** The result dtype (default float32). */
  dtype?: DType | null;
  /** The axis of the samples in the result, for array endpoints (default 0). */
  axis?: number;
}

/** Keyword arguments of {@link geomspace}. */
export type GeomspaceOptions = Omit<LogspaceOptions, "base">;

function checkNum(name: string, num: number): void {
  if (!Number.isInteger(num)) throw new TypeError(`'num' argument of jnp.${name}: ${num} cannot be interpreted as an integer.`);
  if (num < 0) throw new ValueError(`Number of samples, ${num}, must be non-negative.`);
}

/** JAX's _linspace on array endpoints (already in the computation dtype). */
function linspaceArrays(start: Array, stop: Array, num: number, endpoint: boolean, axis: number): Array {
  const bounds = broadcastShapes("linspace", start.shape, stop.shape);
  const bs = broadcastTo(start, bounds);
  const be = broadcastTo(stop, bounds);
  const ax = axis < 0 ? bounds.length + axis + 1 : axis;
  if (ax < 0 || ax > bounds.length) throw new ValueError(`axis ${axis} is out of bounds for array of dimension ${bounds.length + 1}`);
  const withAxis = (d: number): number[] => [...bounds.slice(0, ax), d, ...bounds.slice(ax)];
  const dtype = start.dtype;
  if (num === 0) return lax.full(withAxis(0), 0, dtype);
  const s1 = lax.reshape(bs, withAxis(1));
  if (num === 1) return s1;
  const div = endpoint ? num - 1 : num;
  const iotaShape = withAxis(div).map((d, i) => (i === ax ? d : 1));
  const step = lax.div(lax.reshape(lax.iota(dtype, div), iotaShape), lax.full(iotaShape, div, dtype));
  const one = lax.full(iotaShape, 1, dtype);
  let out = add(multiply(s1, lax.sub(one, step)), multiply(lax.reshape(be, withAxis(1)), step));
  if (endpoint) out = concatenate([out, lax.reshape(be, withAxis(1))], ax);
  return out;
}

function computeDtypes(start: ArrayLike, stop: ArrayLike, dtype: DType | null | undefined): [DType, DType] {
  const out = dtype ?? toInexact(resultType(start, stop)).dtype;
  const ct = isFloat(out) ? out : "float32";
  return [out, ct];
}

function finish(x: Array, dtype: DType): Array {
  if (!isFloat(dtype) && isFloat(x.dtype)) x = lax.floor(x);
  return convertTo(x, { dtype, weakType: false });
}

/**
 * `np.logspace` (jnp.logspace): `num` samples `base ** t` for t evenly spaced from `start` to `stop` (array endpoints give
 * one range per element, along `axis`).
 *
 * @example
 * np.logspace(0, 2, 3); // Array([  1.,  10., 100.], dtype=float32)
 * np.logspace(0, 3, { num: 4, base: 2 }); // Array([1., 2., 4., 8.], dtype=float32)
 */
export function logspace(start: ArrayLike, stop: ArrayLike, num?: number | LogspaceOptions, endpoint?: boolean, base?: ArrayLike, dtype?: DType | null, axis?: number): Array {
  const o: LogspaceOptions = isOptions<LogspaceOptions>(num) ? num : { num, endpoint, base, dtype, axis };
  const n = o.num ?? 50;
  checkNum("logspace", n);
  const [out, ct] = computeDtypes(start, stop, o.dtype);
  const t = { dtype: ct, weakType: false };
  const lin = linspaceArrays(convertTo(start, t), convertTo(stop, t), n, o.endpoint ?? true, o.axis ?? 0);
  return finish(power(o.base ?? 10, lin), out);
}

/**
 * `num` samples in geometric progression from `start` to `stop` (same sign, nonzero), as JAX
 * computes them: `sign * 10 ** linspace(log10(|start|), log10(|stop|))`.
 *
 * @example
 * np.geomspace(1, 16, 5); // Array([ 1.,  2.,  4.,  8., 16.], dtype=float32)
 */
export function geomspace(start: ArrayLike, stop: ArrayLike, num?: number | GeomspaceOptions, endpoint?: boolean, dtype?: DType | null, axis?: number): Array {
  const o: GeomspaceOptions = isOptions<GeomspaceOptions>(num) ? num : { num, endpoint, dtype, axis };
  const n = o.num ?? 50;
  checkNum("geomspace", n);
  const [out, ct] = computeDtypes(start, stop, o.dtype);
  const t = { dtype: ct, weakType: false };
  const s = convertTo(start, t);
  const e = convertTo(stop, t);
  const sg = sign(s);
  const res = multiply(sg, logspace(log10(divide(s, sg)), log10(divide(e, sg)), { num: n, endpoint: o.endpoint ?? true, base: 10, dtype: ct, axis: 0 }));
  const ax = canonicalizeAxis(o.axis ?? 0, res.ndim);
  return finish(ax === 0 ? res : moveaxis(res, 0, ax), out);
}


