// The batch trace: each tracer carries a value with an extra (batch) dimension at `bdim`, or no
// batch dimension (null). Primitives go through their batching rules, never a loop over the batch.
import type { Params, PrimitiveName, ShapedArray } from "../../jaxpr/index.js";
import { bindAxisNames } from "../../jaxpr/index.js";
import { withAxisFrame } from "../core/axisEnv.js";
import { Array, ArrayImpl } from "../core/array.js";
import { Trace, Tracer, bind, bindCheckpoint, bindCustomJvp, bindCustomVjp, fullRaise, withNewMain } from "../core/trace.js";
import type { FlatFun, CustomJvpRule, CustomVjpFwd, CustomVjpBwd, CheckpointOpts, MainTrace } from "../core/trace.js";
import { scalarArray } from "../core/eval.js";
import * as lax from "../lax/ops.js";
import { BATCH_TABLE } from "./ruleTables.js";
import { moveBatchAxis } from "./batchAxis.js";
import type { AxisName, BatchDim, BatchRule } from "./types.js";

export class BatchTracer extends Tracer {
  private avalCache: ShapedArray | null = null;
  constructor(
    trace: Trace,
    readonly val: Array,
    readonly bdim: BatchDim,
  ) {
    super(trace);
  }
  get aval(): ShapedArray {
    if (this.avalCache === null) {
      const a = this.val.aval;
      this.avalCache = this.bdim === null ? a : a.update({ shape: a.shape.filter((_, i) => i !== this.bdim) });
    }
    return this.avalCache;
  }
  override fullLower(): Array {
    return this.bdim === null ? this.val : this;
  }
}

export interface BatchInfo {
  readonly axisSize: number;
  readonly axisName: AxisName;
}

export class BatchTrace extends Trace {
  get axisSize(): number {
    return (this.main.globalData as BatchInfo).axisSize;
  }
  get axisName(): AxisName {
    return (this.main.globalData as BatchInfo).axisName;
  }
  pure(x: ArrayImpl | number | boolean): Tracer {
    return new BatchTracer(this, x instanceof Array ? x : scalarArray(x), null);
  }
  lift(x: Tracer): Tracer {
    return new BatchTracer(this, x, null);
  }
  processPrimitive<P extends PrimitiveName>(prim: P, tracers: Tracer[], params: Params<P>): Array[] {
    const ts = tracers as BatchTracer[];
    const vals = ts.map((t) => t.val);
    const dims = ts.map((t) => t.bdim);
    // Unbatched operands need no rule, unless the primitive reduces over this trace's named axis.
    const name = this.axisName;
    if (dims.every((d) => d === null) && (name === null || !bindAxisNames(prim, params).has(name))) return bind(prim, vals, params);
    const [outs, outDims] = (BATCH_TABLE.get(prim) as BatchRule<P>)(vals, dims, params, this.axisSize, name);
    return outs.map((o, i) => new BatchTracer(this, o, outDims[i]!));
  }

  /** Batches `fun` over `dims` at the level below: a function of the lowered values, outputs at dim 0. */
  private batched(fun: FlatFun, dims: readonly BatchDim[]): FlatFun {
    const { axisSize, axisName } = this;
    return (...xs: Array[]) => vmapFlat(fun, xs, dims, axisSize, undefined, axisName);
  }

  override processCustomJvpCall(fun: FlatFun, rule: CustomJvpRule, tracers: Tracer[]): Array[] {
    const ts = tracers as BatchTracer[];
    const dims = ts.map((t) => t.bdim);
    const vals = ts.map((t) => t.val);
    if (dims.every((d) => d === null)) return bindCustomJvp(fun, rule, vals);
    const n = ts.length;
    const { axisSize, axisName } = this;
    // Tangents have their primals' shapes, so they share the primals' batch dims.
    const batchedRule: CustomJvpRule = (primals, tangents) => {
      let nOut = 0;
      const outs = vmapFlat(
        (...ys: Array[]) => {
          const [p, t] = rule(ys.slice(0, n), ys.slice(n));
          nOut = p.length;
          return [...p, ...t];
        },
        [...primals, ...tangents],
        [...dims, ...dims],
        axisSize,
        undefined,
        axisName,
      );
      return [outs.slice(0, nOut), outs.slice(nOut)];
    };
    return bindCustomJvp(this.batched(fun, dims), batchedRule, vals).map((o) => new BatchTracer(this, o, 0));
  }

  override processCustomVjpCall(fun: FlatFun, fwd: CustomVjpFwd, bwd: CustomVjpBwd, tracers: Tracer[]): Array[] {
    const ts = tracers as BatchTracer[];
    const dims = ts.map((t) => t.bdim);
    const vals = ts.map((t) => t.val);
    if (dims.every((d) => d === null)) return bindCustomVjp(fun, fwd, bwd, vals);
    const { axisSize, axisName } = this;
    let nOut = 0;
    const batchedFwd: CustomVjpFwd = (...xs) => {
      const outs = vmapFlat(
        (...ys: Array[]) => {
          const [o, r] = fwd(...ys);
          nOut = o.length;
          return [...o, ...r];
        },
        xs,
        dims,
        axisSize,
        undefined,
        axisName,
      );
      return [outs.slice(0, nOut), outs.slice(nOut)];
    };
    // Residuals and cotangents are all batched at 0; cotangents of unbatched inputs sum over the batch.
    const batchedBwd: CustomVjpBwd = (res, cts) => {
      const grads = vmapFlat((...ys: Array[]) => bwd(ys.slice(0, res.length), ys.slice(res.length)), [...res, ...cts], [...res.map(() => 0), ...cts.map(() => 0)], axisSize, undefined, axisName);
      return grads.map((g, i) => (dims[i] === null ? lax.reduceSum(g, [0]) : moveBatchAxis(g, 0, dims[i]!, axisSize)));
    };
    return bindCustomVjp(this.batched(fun, dims), batchedFwd, batchedBwd, vals).map((o) => new BatchTracer(this, o, 0));
  }

  override processCheckpoint(fun: FlatFun, tracers: Tracer[], opts: CheckpointOpts): Array[] {
    const ts = tracers as BatchTracer[];
    const dims = ts.map((t) => t.bdim);
    return bindCheckpoint(this.batched(fun, dims), ts.map((t) => t.val), opts).map((o) => new BatchTracer(this, o, 0));
  }
}

/**
 * Runs `fun` on `args` batched along `dims` (null: unbatched) with the given axis size; every
 * output is returned with its batch dimension at 0 (broadcast when the output is unbatched).
 */
export function vmapFlat(
  fun: FlatFun,
  args: readonly Array[],
  dims: readonly BatchDim[],
  axisSize: number,
  /** Where each output's batch dim goes (default 0); a thunk when only known after tracing. */
  outDims?: () => readonly BatchDim[],
  axisName: AxisName = null,
): Array[] {
  return withBatchMain(axisSize, axisName, (main) => {
    const trace = main.trace();
    const tracers = args.map((a, i) => (dims[i] === null ? a : new BatchTracer(trace, a, dims[i]!)));
    const outs = fun(...(tracers as Array[])).map((o) => fullRaise(trace, o) as BatchTracer);
    const wanted = outDims?.();
    return outs.map((o, i) => {
      const want = wanted ? wanted[i]! : 0;
      if (want === null) {
        if (o.bdim !== null) throw new TypeError("vmap has mapped output but out_axes is None");
        return o.val;
      }
      return moveBatchAxis(o.val, o.bdim, want, axisSize);
    });
  });
}

/** Runs `fn` under a new batch trace of `axisSize`, its axis bound to `axisName` where named. */
export function withBatchMain<T>(axisSize: number, axisName: AxisName, fn: (main: MainTrace) => T): T {
  return withNewMain(BatchTrace, { axisSize, axisName } satisfies BatchInfo, (main) =>
    axisName === null ? fn(main) : withAxisFrame({ name: axisName, size: axisSize, main }, () => fn(main)),
  );
}
