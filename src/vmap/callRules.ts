// Batching rules of the call primitives. A pjit's batched form is another pjit whose jaxpr is the
// vmap of the original, traced once per (batch dims, axis size) and cached, with every output at
// batch dim 0. debug_callback prints the batched values, as JAX does.
import type { ClosedJaxpr } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind } from "../core/trace.js";
import { jaxprAsFun } from "../core/evalJaxpr.js";
import { traceFlatToClosedJaxpr } from "../core/staging.js";
import { JaxprMemo } from "../core/jaxprMemo.js";
import type { BatchDim, BatchRule } from "./types.js";
import { vmapFlat } from "./batchTrace.js";
import { moveBatchAxis } from "./batchRules.js";

const batchJaxprs = new JaxprMemo<ClosedJaxpr<Array>>();

export function batchJaxpr(closed: ClosedJaxpr<Array>, args: readonly Array[], dims: readonly BatchDim[], axisSize: number): ClosedJaxpr<Array> {
  return batchJaxprs.get(closed, `${dims.join(",")}|${axisSize}`, () => {
    const f = jaxprAsFun(closed);
    return traceFlatToClosedJaxpr((...xs: Array[]) => vmapFlat(f, xs, dims, axisSize), args.map((a) => a.aval));
  });
}

const routedByBindEqn = (name: string) => (): never => {
  throw new Error(`${name} is handled by bindEqn and never reaches a batching rule`);
};

export const CALL_BATCH_RULES: { [P in "pjit" | "custom_jvp_call" | "custom_vjp_call" | "checkpoint" | "debug_callback"]: BatchRule<P> } = {
  pjit(args, dims, params, axisSize) {
    const jaxpr = batchJaxpr(params.jaxpr as ClosedJaxpr<Array>, args, dims, axisSize);
    const outs = bind("pjit", args, { jaxpr, name: params.name });
    return [outs, outs.map(() => 0)];
  },
  custom_jvp_call: routedByBindEqn("custom_jvp_call"),
  custom_vjp_call: routedByBindEqn("custom_vjp_call"),
  checkpoint: routedByBindEqn("checkpoint"),
  debug_callback(args, dims, params, axisSize) {
    bind("debug_callback", args.map((a, i) => moveBatchAxis(a, dims[i] ?? null, 0, axisSize)), params);
    return [[], []];
  },
};
