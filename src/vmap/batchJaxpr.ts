// vmap of a jaxpr (JAX's batching.batch_jaxpr), for the rules of the primitives that carry
// jaxprs: pjit's batched form is a pjit of it; cond, while and scan batch their bodies with it.
// Traced once per (jaxpr, input batch dims, axis size, forced outputs) and cached.
import type { ClosedJaxpr } from "../../jaxpr/index.js";
import { jaxprAxisNames } from "../../jaxpr/index.js";
import { NotImplementedError } from "../core/errors.js";
import type { Array } from "../core/array.js";
import { fullRaise } from "../core/trace.js";
import type { FlatFun } from "../core/trace.js";
import { jaxprAsFun } from "../core/evalJaxpr.js";
import { closureConvert, traceFlatToClosedJaxpr } from "../core/staging.js";
import { JaxprMemo, maskKey } from "../core/jaxprMemo.js";
import { BatchTracer, withBatchMain } from "./batchTrace.js";
import { batchedAval, moveBatchAxis } from "./batchAxis.js";
import type { AxisName, BatchDim } from "./types.js";

export interface BatchedJaxpr {
  readonly jaxpr: ClosedJaxpr<Array>;
  /** Which outputs are batched (at 0); the others are not batched. */
  readonly outBatched: boolean[];
}

const batchedJaxprs = new JaxprMemo<BatchedJaxpr>();

/**
 * `closed` vmapped over its inputs batched at `dims` (null: not batched). An output is batched
 * at 0 where the body batches it or `forceOut` marks it, and left unbatched otherwise.
 */
export function batchJaxpr(closed: ClosedJaxpr<Array>, dims: readonly BatchDim[], axisSize: number, forceOut: readonly boolean[], axisName: AxisName): BatchedJaxpr {
  return batchedJaxprs.get(closed, `${dims.join(",")}|${axisSize}|${maskKey(forceOut)}|${axisName ?? ""}`, () => {
    const f = jaxprAsFun(closed);
    let outBatched: boolean[] = [];
    const inAvals = closed.inAvals.map((a, i) => (dims[i] === null || dims[i] === undefined ? a : batchedAval(a, axisSize, dims[i]!)));
    const jaxpr = traceFlatToClosedJaxpr((...xs) => {
      const r = vmapOutputs(f, xs, dims, axisSize, forceOut, axisName);
      outBatched = r.batched;
      return r.outs;
    }, inAvals);
    // Binding a jaxpr that still names this axis would come back to this rule for ever. That
    // happens when a customJvp/customVjp/checkpoint body was staged by a trace above this batch
    // trace (under jit inside the vmap, with no argument batched over the axis).
    if (axisName !== null && jaxprAxisNames(jaxpr.jaxpr).has(axisName)) {
      throw new NotImplementedError(
        `a collective over axis ${axisName} inside a customJvp, customVjp or checkpoint function none of whose arguments is batched over ${axisName}, ` +
          `under jit inside the vmap, is not supported; pass it an argument batched over ${axisName} or move the jit outside the vmap.`,
      );
    }
    return { jaxpr, outBatched };
  });
}

/**
 * The control-flow form: inputs marked batched are batched at 0, and the jaxpr takes its captured
 * values as leading operands (`consts`), as the bodies of cond, while and scan do.
 */
export function batchJaxprMasked(
  closed: ClosedJaxpr<Array>,
  inBatched: readonly boolean[],
  axisSize: number,
  forceOut: (i: number) => boolean,
  axisName: AxisName,
): { jaxpr: ClosedJaxpr<Array>; consts: Array[]; outBatched: boolean[] } {
  const dims = inBatched.map((b) => (b ? 0 : null));
  const batched = batchJaxpr(closed, dims, axisSize, closed.outAvals.map((_, i) => forceOut(i)), axisName);
  return { jaxpr: closureConvert(batched.jaxpr), consts: [...batched.jaxpr.consts], outBatched: batched.outBatched };
}

/** vmap of `fun` at `dims`, with each output batched at 0 where it is batched or forced, else unbatched. */
function vmapOutputs(fun: FlatFun, args: readonly Array[], dims: readonly BatchDim[], axisSize: number, forceOut: readonly boolean[], axisName: AxisName): { outs: Array[]; batched: boolean[] } {
  return withBatchMain(axisSize, axisName, (main) => {
    const trace = main.trace();
    const tracers = args.map((a, i) => (dims[i] === null || dims[i] === undefined ? a : new BatchTracer(trace, a, dims[i]!)));
    const outs = fun(...(tracers as Array[])).map((o) => fullRaise(trace, o) as BatchTracer);
    const batched = outs.map((o, i) => o.bdim !== null || forceOut[i] === true);
    return { outs: outs.map((o, i) => (batched[i] ? moveBatchAxis(o.val, o.bdim, 0, axisSize) : o.val)), batched };
  });
}
