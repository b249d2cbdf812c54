// Batching rules of the call primitives. A pjit's batched form is another pjit whose jaxpr is the
// vmap of the original, traced once per (batch dims, axis size) and cached, with every output at
// batch dim 0. debug_callback is unrolled over the mapped axis, one host call per example in
// order (JAX's debug_callback_batching_rule); pure_callback follows its vmapMethod (JAX's
// ffi_batching_rule).
import type { ClosedJaxpr, Params, TypedArray } from "../../jaxpr/index.js";
import { ShapedArray, TYPED_ARRAY } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind } from "../core/trace.js";
import { NotImplementedError } from "../core/errors.js";
import type { BatchRule } from "./types.js";
import { batchJaxpr } from "./batchJaxpr.js";
import { moveBatchAxis } from "./batchAxis.js";

const routedByBindEqn = (name: string) => (): never => {
  throw new Error(`${name} is handled by bindEqn and never reaches a batching rule`);
};

const batchedAval = (a: ShapedArray, n: number): ShapedArray => new ShapedArray([n, ...a.shape], a.dtype, a.weakType);
const unbatchedAval = (a: ShapedArray): ShapedArray => new ShapedArray(a.shape.slice(1), a.dtype, a.weakType);

/** Example `b`'s part of each batched buffer (batch axis first); unbatched buffers as they are. */
function exampleBuffers(buffers: readonly TypedArray[], inAvals: readonly ShapedArray[], batched: readonly boolean[], b: number): TypedArray[] {
  return buffers.map((buf, i) => (batched[i] ? buf.subarray(b * inAvals[i]!.size, (b + 1) * inAvals[i]!.size) : buf));
}

/**
 * vmap_method="sequential": one host call per batch element. JAX loops with lax.map; here the
 * loop runs on the host around the callback (the same calls, in order), so the batched equation
 * is still one pure_callback.
 */
function sequentialCallback(params: Params<"pure_callback">, batched: readonly boolean[], axisSize: number, resultAvals: readonly ShapedArray[]): Params<"pure_callback">["callback"] {
  const inner = params.callback;
  return (buffers, avals) => {
    const outs: TypedArray[] = resultAvals.map((a) => new TYPED_ARRAY[a.dtype](a.size));
    const inAvals = avals.map((a, i) => (batched[i] ? unbatchedAval(a) : a));
    for (let b = 0; b < axisSize; b++) {
      const rs = inner(exampleBuffers(buffers, inAvals, batched, b), inAvals, params.resultAvals);
      rs.forEach((r, k) => outs[k]!.set(r, b * (resultAvals[k]!.size / axisSize)));
    }
    return outs;
  };
}

const pureCallbackBatch: BatchRule<"pure_callback"> = (args, dims, params, axisSize) => {
  const method = params.vmapMethod;
  const resultAvals = params.resultAvals.map((a) => batchedAval(a, axisSize));
  if (method === "sequential" || method === "sequential_unrolled") {
    const batched = dims.map((d) => d !== null);
    const xs = args.map((a, i) => (batched[i] ? moveBatchAxis(a, dims[i]!, 0, axisSize) : a));
    const callback = sequentialCallback(params, batched, axisSize, resultAvals);
    const outs = bind("pure_callback", xs, { callback, resultAvals, vmapMethod: method });
    return [outs, outs.map(() => 0)];
  }
  if (method === "expand_dims" || method === "broadcast_all" || method === "legacy_vectorized") {
    // expand_dims gives unbatched operands a leading axis of size 1, broadcast_all of the batch
    // size; legacy_vectorized leaves them as they are.
    const size = method === "broadcast_all" ? axisSize : 1;
    const xs = args.map((a, i) => (dims[i] !== null ? moveBatchAxis(a, dims[i]!, 0, axisSize) : method === "legacy_vectorized" ? a : moveBatchAxis(a, null, 0, size)));
    const outs = bind("pure_callback", xs, { ...params, resultAvals });
    return [outs, outs.map(() => 0)];
  }
  throw new NotImplementedError(
    "vmap is only supported for the pure_callback primitive when vmap_method is one of 'sequential', 'sequential_unrolled', 'expand_dims', " +
      `'broadcast_all', or 'legacy_vectorized'. Got vmap_method=${method === null ? "None" : `'${String(method)}'`}.`,
  );
};

export const CALL_BATCH_RULES: { [P in "pjit" | "custom_jvp_call" | "custom_vjp_call" | "checkpoint" | "debug_callback" | "pure_callback"]: BatchRule<P> } = {
  pure_callback: pureCallbackBatch,
  pjit(args, dims, params, axisSize, axisName) {
    const closed = params.jaxpr as ClosedJaxpr<Array>;
    const { jaxpr } = batchJaxpr(closed, dims, axisSize, closed.outAvals.map(() => true), axisName);
    const outs = bind("pjit", args, { jaxpr, name: params.name });
    return [outs, outs.map(() => 0)];
  },
  custom_jvp_call: routedByBindEqn("custom_jvp_call"),
  custom_vjp_call: routedByBindEqn("custom_vjp_call"),
  checkpoint: routedByBindEqn("checkpoint"),
  debug_callback(args, dims, params, axisSize) {
    // One equation whose host function loops over the examples: the same calls, in order, as
    // JAX's unrolled binds, without axisSize equations in the jaxpr.
    const batched = dims.map((d) => d !== null);
    const inner = params.callback;
    const callback: Params<"debug_callback">["callback"] = (buffers, avals) => {
      const inAvals = avals.map((a, i) => (batched[i] ? unbatchedAval(a) : a));
      for (let b = 0; b < axisSize; b++) {
        inner(exampleBuffers(buffers, inAvals, batched, b), inAvals);
      }
    };
    bind("debug_callback", args.map((a, i) => (batched[i] ? moveBatchAxis(a, dims[i]!, 0, axisSize) : a)), { ...params, callback });
    return [[], []];
  },
};
