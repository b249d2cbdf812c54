// linearTranspose (jax.linear_transpose): the transpose of a linear function, from its jaxpr alone.
// Unlike vjp it never evaluates the function at a point: the primals only give the input shapes
// and dtypes, the function is traced abstractly and its jaxpr transposed, so a non-linear
// primitive on the inputs raises the missing-transpose-rule error, as in JAX.
import { Array } from "../core/array.js";
import { argAval, traceToJaxpr } from "../core/staging.js";
import * as tree from "../tree/index.js";
import { backwardPass } from "./transpose.js";
import { UndefinedPrimal } from "./types.js";
import { instantiate } from "./zeros.js";
import { isFloat } from "../../jaxpr/index.js";
// The transforms read rule tables that src/rules.ts assembles and installs.
import "../rules.js";

/**
 * `linearTranspose(f, ...primals)` returns `fT` with `fT(ct)` = one cotangent per primal: the
 * adjoint of the linear map `f` (JAX: `jax.linear_transpose`). Only the primals' shapes and dtypes
 * are used.
 *
 * @example
 * ```ts
 * const f = (x: Array) => x.mul(2).add(np.flip(x));
 * const [xt] = linearTranspose(f, np.zeros([3]))(np.array([1, 0, 0]));
 * xt; // Array([2., 0., 1.], dtype=float32)
 * ```
 */
export function linearTranspose<P extends unknown[]>(f: (...args: P) => unknown, ...primals: P): (ct: unknown) => { [K in keyof P]: Array } {
  if (typeof f !== "function") throw new TypeError(`linear_transpose: expected a callable value, got ${String(f)}.`);
  const [leaves, inTree] = tree.flatten(primals);
  const inAvals = leaves.map(argAval);
  for (const a of inAvals) {
    if (!isFloat(a.dtype)) throw new TypeError(`linear_transpose only supports [float or complex] -> [float or complex], and integer -> integer functions, but got ${a.dtype} input.`);
  }
  const { closedJaxpr, outTree } = traceToJaxpr(f as (...a: unknown[]) => unknown, inAvals, inTree);
  const jaxpr = closedJaxpr.jaxpr;
  return (ct: unknown) => {
    const [cts, ctTree] = tree.flatten(ct);
    if (!ctTree.equals(outTree)) throw new TypeError(`cotangent tree does not match function output: expected ${outTree}, got ${ctTree}.`);
    const ctArrays = cts.map((c, i) => {
      const want = jaxpr.outvars[i]!.aval;
      const arr = c instanceof Array ? c : undefined;
      if (arr === undefined || arr.dtype !== want.dtype || arr.shape.length !== want.shape.length || arr.shape.some((n, k) => n !== want.shape[k])) {
        const got = arr === undefined ? String(c) : `${arr.dtype}${JSON.stringify(arr.shape)}`;
        throw new TypeError(`cotangent type does not match function output: expected ${want.dtype}${JSON.stringify(want.shape)}, got ${got}.`);
      }
      return arr;
    });
    const out = backwardPass(jaxpr, closedJaxpr.consts, inAvals.map((a) => new UndefinedPrimal(a)), ctArrays).map(instantiate);
    return tree.unflatten(inTree, out) as { [K in keyof P]: Array };
  };
}
