// Eager evaluation of primitives that carry jaxprs (control flow, the general reduce_window): the
// generic per-op cache keys on JSON of the params, which cannot describe a jaxpr, so the kernel
// is lowered once per params object (a WeakMap) and input types, then run on buffers.
import type { Params, PrimitiveName, ShapedArray } from "../../jaxpr/index.js";
import { abstractEval } from "../../jaxpr/index.js";
import { lowerEqn } from "../../backends/js/index.js";
import type { Kernel } from "../../backends/js/index.js";
import { Array, ArrayImpl, bufferOf } from "./array.js";

/** An evaluator for `registerHostEvaluation`; `prepare` rewrites the params lowered (e.g. optimizes the bodies). */
export function carriedEvaluator<P extends PrimitiveName>(prim: P, prepare: (params: Params<P>) => Params<P> = (p) => p): (args: readonly ArrayImpl[], params: Params<P>) => Array[] {
  const kernels = new WeakMap<object, Map<string, { kernel: Kernel; outAvals: ShapedArray[] }>>();
  return (args, params) => {
    let byAvals = kernels.get(params);
    if (byAvals === undefined) kernels.set(params, (byAvals = new Map()));
    const inAvals = args.map((a) => a.aval);
    const key = inAvals.map((a) => a.key).join("|");
    let op = byAvals.get(key);
    if (op === undefined) {
      const outAvals = abstractEval(prim, inAvals, params);
      op = { kernel: lowerEqn(prim, { inAvals, outAvals, params: prepare(params) }), outAvals };
      byAvals.set(key, op);
    }
    const outs = op.kernel.run(...args.map((a) => bufferOf(a)));
    return outs.map((b, i) => new ArrayImpl(b, op.outAvals[i]!));
  };
}
