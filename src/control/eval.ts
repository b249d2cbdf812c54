// Eager evaluation of the control-flow primitives: the equation is lowered by the JS backend
// (its loops and compiled bodies) once per params object and input types, then run on buffers.
// The generic per-op cache keys on JSON of the params, which cannot describe a jaxpr. The carried
// jaxprs go through jit's pass pipeline first, as they do under jit, so that a body computes the
// same values either way (constants folded op by op, as eager execution computes them).
import type { Params, ShapedArray } from "../../jaxpr/index.js";
import { abstractEval } from "../../jaxpr/index.js";
import { lowerEqn, registerControlConstResolver } from "../../backends/js/index.js";
import type { Kernel } from "../../backends/js/index.js";
import { Array, ArrayImpl, bufferOf } from "../core/array.js";
import { registerHostEvaluation } from "../core/eval.js";
import { optimizeJaxpr } from "../jit/optimize.js";
import { controlFlowParamsOptimizer } from "../jit/optimizeSubJaxprs.js";

type ControlName = "cond" | "while" | "scan";

const optimizeBodies = controlFlowParamsOptimizer(optimizeJaxpr);

const kernels = new WeakMap<object, Map<string, { kernel: Kernel; outAvals: ShapedArray[] }>>();

function runEagerly<P extends ControlName>(prim: P, args: readonly ArrayImpl[], params: Params<P>): Array[] {
  let byAvals = kernels.get(params);
  if (byAvals === undefined) kernels.set(params, (byAvals = new Map()));
  const inAvals = args.map((a) => a.aval);
  const key = inAvals.map((a) => a.key).join("|");
  let op = byAvals.get(key);
  if (op === undefined) {
    const outAvals = abstractEval(prim, inAvals, params);
    op = { kernel: lowerEqn(prim, { inAvals, outAvals, params: optimizeBodies(prim, params) }), outAvals };
    byAvals.set(key, op);
  }
  const outs = op.kernel.run(...args.map((a) => bufferOf(a)));
  return outs.map((b, i) => new ArrayImpl(b, op.outAvals[i]!));
}

registerHostEvaluation("cond", (args, params) => runEagerly("cond", args, params));
registerHostEvaluation("while", (args, params) => runEagerly("while", args, params));
registerHostEvaluation("scan", (args, params) => runEagerly("scan", args, params));

// Constants of jitted functions called inside a loop body are library arrays.
registerControlConstResolver((c) => {
  const v = c instanceof Array ? c.concreteValue() : null;
  if (v === null) throw new Error("a traced value reached the constants of a compiled loop body");
  return bufferOf(v);
});
