// Batching rules of the named-axis collectives, after jax/_src/lax/parallel.py
// (_batched_reduction_collective, _axis_index_batcher, _all_gather_batched_collective,
// _ppermute_batcher, _all_to_all_batched_collective, _reduce_scatter_collective). The batch
// trace whose axis the collective names performs it over its batch dimension, in one array
// operation (a reduction, a transpose, a gather), never a loop. A trace of another axis batches
// the collective like any primitive: the same collective on the batched value, its dimension
// params shifted past the batch dimension.
import type { CollectiveName, Params } from "../../jaxpr/index.js";
import { ShapedArray } from "../../jaxpr/index.js";
import { range } from "../../jaxpr/lists.js";
import type { Array } from "../core/array.js";
import { ArrayImpl } from "../core/array.js";
import { bind1 } from "../core/trace.js";
import * as lax from "../lax/ops.js";
import { bdimAtFront, insertAt, internal, moveBatchAxis } from "./batchAxis.js";
import type { AxisName, BatchDim, BatchRule } from "./types.js";

type Result = [Array[], BatchDim[]];

/** Splits dimension `axis` of `x` into (size, rest) (JAX's _splitaxis). */
function splitAxis(x: Array, axis: number, size: number): Array {
  const shape = [...x.shape];
  shape.splice(axis, 1, size, shape[axis]! / size);
  return lax.reshape(x, shape);
}

/** Merges dimensions `axis` and `axis + 1` of `x`, the first major (JAX's _foldaxis). */
function foldAxis(x: Array, axis: number): Array {
  const shape = [...x.shape];
  shape.splice(axis, 2, shape[axis]! * shape[axis + 1]!);
  return lax.reshape(x, shape);
}

/** Moves dimension `from` of `x` to position `to` (JAX's _moveaxis). */
function moveAxis(x: Array, from: number, to: number): Array {
  const rest = range(x.ndim).filter((i) => i !== from);
  return from === to ? x : lax.transpose(x, insertAt(rest, to, from));
}

/** psum/pmax/pmin (_batched_reduction_collective): reduce over the batch dim; other named axes stay. */
function reductionRule<P extends "psum" | "pmax" | "pmin">(prim: P, reduce: (x: Array, axes: number[]) => Array, ifUnmapped: (x: Array, n: number) => Array): BatchRule<P> {
  return ([x], [d], params, axisSize, axisName): Result => {
    const { axes } = params as Params<"psum">;
    if (axisName === null || !axes.includes(axisName)) return [[bind1(prim, [x!], params)], [d ?? null]];
    const y = d === null || d === undefined ? ifUnmapped(x!, axisSize) : reduce(x!, [d]);
    const rest = axes.filter((a) => a !== axisName);
    return [[rest.length === 0 ? y : bind1(prim, [y], { axes: rest } as Params<P>)], [null]];
  };
}

const identity = (x: Array): Array => x;
const times = (x: Array, n: number): Array => lax.mul(x, lax.full([], n, x.dtype));

/** Whether the trace's axis is the collective's (single-name collectives). */
function owns(params: { axisName: string }, axisName: AxisName): boolean {
  return axisName === params.axisName;
}

/** Int32 indices from JS numbers, as a concrete [m, 1] array of gather start indices. */
function startIndices(indices: readonly number[]): Array {
  return new ArrayImpl(Int32Array.from(indices), new ShapedArray([indices.length, 1], "int32"));
}

/** ppermute over the batch: destination j takes source perm⁻¹(j)'s value, zeros where j receives none. */
function permuteBatch(x: Array, d: number, perm: Params<"ppermute">["perm"], axisSize: number): Array {
  const source = new globalThis.Array<number>(axisSize).fill(axisSize); // out of bounds: filled with 0
  for (const [s, t] of perm) source[t] = s;
  const front = bdimAtFront(x, d, axisSize);
  const rest = front.shape.slice(1);
  const y = lax.gather(
    front,
    startIndices(source),
    { offsetDims: range(rest.length).map((i) => i + 1), collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [] },
    [1, ...rest],
    { mode: "fill", fillValue: 0 },
  );
  return moveBatchAxis(y, 0, d, axisSize);
}

export const COLLECTIVE_BATCH_RULES: { readonly [P in CollectiveName]: BatchRule<P> } = {
  psum: reductionRule("psum", (x, axes) => lax.reduceSum(x, axes), times),
  pmax: reductionRule("pmax", (x, axes) => lax.reduceMax(x, axes), identity),
  pmin: reductionRule("pmin", (x, axes) => lax.reduceMin(x, axes), identity),

  axis_index(_args, _dims, params, axisSize, axisName) {
    // The batch trace calls this rule only for its own axis (there are no operands to batch).
    if (!owns(params, axisName)) internal(`axis_index of ${params.axisName} reached the batch trace of ${String(axisName)}`);
    return [[lax.iota("int32", axisSize)], [0]];
  },

  all_gather([x], [d], params, axisSize, axisName) {
    const { allGatherDimension: g, tiled } = params;
    if (!owns(params, axisName)) {
      const bd = d!;
      // _all_gather_batcher: the gathered dimension and the batch dimension keep their order.
      const shifted = bd <= g ? { ...params, allGatherDimension: g + 1 } : params;
      return [[bind1("all_gather", [x!], shifted)], [bd <= g || tiled ? bd : bd + 1]];
    }
    let y = d === null || d === undefined ? lax.broadcastInDim(x!, insertAt(x!.shape, g, axisSize), range(x!.ndim).map((i) => (i < g ? i : i + 1))) : moveAxis(x!, d, g);
    if (tiled) y = foldAxis(y, g);
    return [[y], [null]];
  },

  ppermute([x], [d], params, axisSize, axisName) {
    if (!owns(params, axisName)) return [[bind1("ppermute", [x!], params)], [d ?? null]];
    const bd = d ?? 0;
    return [[permuteBatch(d === null || d === undefined ? bdimAtFront(x!, null, axisSize) : x!, bd, params.perm, axisSize)], [bd]];
  },

  all_to_all([x], [d], params, axisSize, axisName) {
    const { splitAxis: s, concatAxis: c } = params;
    if (!owns(params, axisName)) {
      const bd = d!;
      return [[bind1("all_to_all", [x!], { ...params, splitAxis: s + (bd <= s ? 1 : 0), concatAxis: c + (bd <= c ? 1 : 0) })], [bd]];
    }
    const v = d === null || d === undefined ? bdimAtFront(x!, null, axisSize) : x!;
    let bd = d ?? 0;
    if (s === c) {
      // Chunk j of each example's axis goes to example j: swap the batch dim with the chunk index.
      const axis = s + (bd <= s ? 1 : 0);
      const before = bd;
      const split = splitAxis(v, axis, axisSize);
      bd += axis <= bd ? 1 : 0;
      const perm = range(split.ndim);
      perm[axis] = bd;
      perm[bd] = axis;
      return [[foldAxis(lax.transpose(split, perm), axis)], [before]];
    }
    // The examples, in order, become the major part of the concat axis; the split axis's chunks
    // become the new batch dim.
    const concatenated = foldAxis(moveAxis(v, bd, c), c);
    return [[splitAxis(concatenated, s, axisSize)], [s]];
  },

  reduce_scatter([x], [d], params, axisSize, axisName) {
    const { scatterDimension: sd, tiled } = params;
    if (!owns(params, axisName)) {
      const bd = d!;
      // The scatter dimension shrinks (tiled) or disappears: a batch dim after it moves down.
      const shifted = bd <= sd ? { ...params, scatterDimension: sd + 1 } : params;
      return [[bind1("reduce_scatter", [x!], shifted)], [bd <= sd || tiled ? bd : bd - 1]];
    }
    let y = d === null || d === undefined ? times(x!, axisSize) : lax.reduceSum(x!, [d]);
    if (tiled) y = splitAxis(y, sd, axisSize);
    return [[y], [sd]];
  },
};
