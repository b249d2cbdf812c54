// Batching rules of every catalogue primitive, after JAX's (jax/_src/lax/lax.py, slicing.py,
// batching.py). A rule receives the operands one level below the batch trace with their batch dims
// (at least one non-null) and returns the outputs with theirs. No rule loops over the batch: each
// binds the primitive (or a few lax operations) once on the whole batched operands, adjusting the
// params for the extra dimension. Batch dims stay where they are unless a rule needs them moved.
import type {
  CorePrimitiveName,
  BinaryElementwiseName,
  CumulativeName,
  DType,
  GatherDimensionNumbers,
  GatherScatterMode,
  Params,
  PrimitiveName,
  ReduceName,
  ScatterDimensionNumbers,
  ScatterName,
  ShapedArray,
  UnaryElementwiseName,
} from "../../jaxpr/index.js";
import { BINARY_ELEMENTWISE, CUMULATIVE, REDUCTIONS, SCATTERS, UNARY_ELEMENTWISE } from "../../jaxpr/index.js";
import { leadingBatchRule } from "./ruleMakers.js";
import { COLLECTIVE_BATCH_RULES } from "./collectiveRules.js";
import type { Array } from "../core/array.js";
import { bind } from "../core/trace.js";
import type { CustomVjpBwd } from "../core/trace.js";
import { scalarArray } from "../core/eval.js";
import * as lax from "../lax/ops.js";
import { range } from "../../jaxpr/lists.js";
import type { CallRuleName, ControlFlowName } from "../core/ruleGroups.js";
import type { BatchDim, BatchRule } from "./types.js";
import { bdimAtFront, bump, insertAt, internal, moveBatchAxis } from "./batchAxis.js";
import { vmapFlat } from "./batchTrace.js";

// ------------------------------------------------------------------------------------------------
// Helpers

const bumpAll = (ds: readonly number[], b: number): number[] => ds.map((d) => bump(d, b));


/** Rank of one example: the batch dim does not count. */
const exampleRank = (x: Array, d: BatchDim): number => (d === null ? x.ndim : x.ndim - 1);

/**
 * Brings an operand of an elementwise-style op to a batched layout with `rank` per-example dims
 * and the batch at `bd`, for primitives that broadcast size-1 dims: unbatched rank-0 operands stay
 * rank-0, unbatched others get a size-1 dim at `bd`, batched per-example scalars get size-1 dims
 * everywhere else.
 */
function toBroadcastable(x: Array, d: BatchDim, rank: number, bd: number): Array {
  if (d === null) return x.ndim === 0 ? x : lax.expandDims(x, [bd]);
  if (x.ndim - 1 === rank) return moveBatchAxis(x, d, bd, 0);
  if (x.ndim === 1) return rank === 0 ? x : lax.expandDims(x, range(rank + 1).filter((i) => i !== bd));
  // Mismatched per-example ranks: let the primitive report the error on the batched shapes.
  return x;
}

/**
 * Brings an operand to exactly `shape` (batched, the batch at `bd`), for primitives without
 * size-1 broadcasting (select_n, clamp): unbatched rank-0 operands stay rank-0 when allowed,
 * others are broadcast explicitly.
 */
function toExactShape(x: Array, d: BatchDim, shape: readonly number[], bd: number, keepScalar: boolean): Array {
  const rank = shape.length - 1;
  if (d === null) {
    if (x.ndim === 0) return keepScalar ? x : lax.broadcastInDim(x, shape, []);
    return moveBatchAxis(x, null, bd, shape[bd]!);
  }
  if (x.ndim - 1 === rank) return moveBatchAxis(x, d, bd, 0);
  if (x.ndim === 1) return lax.broadcastInDim(x, shape, [bd]);
  return x;
}

/**
 * Where the batch dim of the result of an op over several operands should sit: the batch dim of
 * the first batched operand of full per-example rank if every such operand agrees, else 0.
 */
function commonBatchDim(args: readonly Array[], dims: readonly BatchDim[], rank: number): number {
  let bd: number | null = null;
  for (let i = 0; i < args.length; i++) {
    const d = dims[i] ?? null;
    if (d === null || args[i]!.ndim - 1 !== rank) continue;
    if (bd === null) bd = d;
    else if (bd !== d) return 0;
  }
  return bd ?? 0;
}

function batchSizeOf(args: readonly Array[], dims: readonly BatchDim[]): number {
  for (let i = 0; i < args.length; i++) if (dims[i] !== null) return args[i]!.shape[dims[i]!]!;
  return internal("a batching rule was called with no batched operand");
}

// ------------------------------------------------------------------------------------------------
// Elementwise families

const unaryRule =
  <N extends UnaryElementwiseName | "real" | "imag" | "conj">(name: N): BatchRule<N> =>
  (args, dims, params) => [bind(name, args, params), [dims[0]!]];

/** JAX's broadcast_batcher for lax's broadcasting: keep agreeing batch dims, else move to 0. */
const binaryRule =
  <N extends BinaryElementwiseName | "complex">(name: N): BatchRule<N> =>
  (args, dims, params) => {
    const rank = Math.max(...args.map((x, i) => exampleRank(x, dims[i] ?? null)));
    const bd = commonBatchDim(args, dims, rank);
    const xs = args.map((x, i) => toBroadcastable(x, dims[i] ?? null, rank, bd));
    return [bind(name, xs, params), [bd]];
  };

const reduceRule =
  <N extends ReduceName>(name: N): BatchRule<N> =>
  ([x], [b], { axes }) => {
    const bd = b!;
    const out = bind(name, [x!], { axes: bumpAll(axes, bd) } as Params<N>);
    return [out, [bd - axes.filter((a) => a < bd).length]];
  };

const cumulativeRule =
  <N extends CumulativeName>(name: N): BatchRule<N> =>
  ([x], [b], { axis, reverse }) => [bind(name, [x!], { axis: bump(axis, b!), reverse } as Params<N>), [b!]];

// ------------------------------------------------------------------------------------------------
// Gather and scatter (JAX's _gather_batching_rule / _scatter_batching_rule). The index vector
// dim of our gather/scatter is always the last dim of the indices, so batch dims go to the front.

const shift1 = (ds: readonly number[]): number[] => ds.map((d) => d + 1);

function gatherBatched(
  operand: Array,
  od: BatchDim,
  indices: Array,
  id: BatchDim,
  params: Params<"gather">,
  axisSize: number,
): [Array, number] {
  const dn = params.dimensionNumbers;
  const opts = { mode: params.mode, fillValue: params.fillValue, indicesAreSorted: params.indicesAreSorted, uniqueIndices: params.uniqueIndices };
  if (id === null) {
    // The operand's batch dim becomes a full-size window (offset) dim at the front of the output.
    const op = bdimAtFront(operand, od, axisSize);
    const dnums: GatherDimensionNumbers = {
      offsetDims: [0, ...shift1(dn.offsetDims)],
      collapsedSliceDims: shift1(dn.collapsedSliceDims),
      startIndexMap: shift1(dn.startIndexMap),
      operandBatchingDims: shift1(dn.operandBatchingDims),
      startIndicesBatchingDims: dn.startIndicesBatchingDims,
    };
    return [lax.gather(op, indices, dnums, [axisSize, ...params.sliceSizes], opts), 0];
  }
  const idx = bdimAtFront(indices, id, axisSize);
  const noOrder = { ...opts, indicesAreSorted: false, uniqueIndices: false };
  if (od === null) {
    // The indices' batch dim becomes a leading batch dim of the indices (and of the output).
    const dnums: GatherDimensionNumbers = { ...dn, offsetDims: shift1(dn.offsetDims), startIndicesBatchingDims: shift1(dn.startIndicesBatchingDims) };
    return [lax.gather(operand, idx, dnums, params.sliceSizes, noOrder), 0];
  }
  // Both batched: a new pair of operand / indices batching dims.
  const op = bdimAtFront(operand, od, axisSize);
  const dnums: GatherDimensionNumbers = {
    offsetDims: shift1(dn.offsetDims),
    collapsedSliceDims: shift1(dn.collapsedSliceDims),
    startIndexMap: shift1(dn.startIndexMap),
    operandBatchingDims: [0, ...shift1(dn.operandBatchingDims)],
    startIndicesBatchingDims: [0, ...shift1(dn.startIndicesBatchingDims)],
  };
  return [lax.gather(op, idx, dnums, [1, ...params.sliceSizes], noOrder), 0];
}

interface ScatterParamsLike {
  dimensionNumbers: ScatterDimensionNumbers;
  indicesAreSorted: boolean;
  uniqueIndices: boolean;
  mode: GatherScatterMode;
}

function scatterBatched(name: ScatterName, args: readonly Array[], dims: readonly BatchDim[], params: ScatterParamsLike, axisSize: number): [Array, number] {
  const [operand, indices, updates] = args as [Array, Array, Array];
  const [od, id, ud] = dims as [BatchDim, BatchDim, BatchDim];
  const dn = params.dimensionNumbers;
  // The operand is scattered into, so it is batched (broadcast when it was not) at the front.
  const op = bdimAtFront(operand, od, axisSize);
  const upd = bdimAtFront(updates, ud, axisSize);
  if (id === null) {
    // The batch dim is a full-size window dim of every update.
    const dnums: ScatterDimensionNumbers = {
      updateWindowDims: [0, ...shift1(dn.updateWindowDims)],
      insertedWindowDims: shift1(dn.insertedWindowDims),
      scatterDimsToOperandDims: shift1(dn.scatterDimsToOperandDims),
      operandBatchingDims: shift1(dn.operandBatchingDims),
      scatterIndicesBatchingDims: dn.scatterIndicesBatchingDims,
    };
    return [bind(name, [op, indices, upd], { ...params, dimensionNumbers: dnums })[0]!, 0];
  }
  const idx = bdimAtFront(indices, id, axisSize);
  const dnums: ScatterDimensionNumbers = {
    updateWindowDims: shift1(dn.updateWindowDims),
    insertedWindowDims: shift1(dn.insertedWindowDims),
    scatterDimsToOperandDims: shift1(dn.scatterDimsToOperandDims),
    operandBatchingDims: [0, ...shift1(dn.operandBatchingDims)],
    scatterIndicesBatchingDims: [0, ...shift1(dn.scatterIndicesBatchingDims)],
  };
  return [bind(name, [op, idx, upd], { ...params, dimensionNumbers: dnums })[0]!, 0];
}

const scatterRule =
  <N extends ScatterName>(name: N): BatchRule<N> =>
  (args, dims, params, axisSize) => {
    const [out, d] = scatterBatched(name, args, dims, params, axisSize);
    return [[out], [d]];
  };

/** A common integer dtype for start indices of possibly different dtypes. */
function indexDtype(xs: readonly Array[]): DType {
  const d = xs[0]?.dtype ?? "int32";
  return xs.every((x) => x.dtype === d) ? d : "int32";
}

/**
 * Scalar start indices (some batched) as one batched index array of shape [B, n] (JAX's
 * _batch_dynamic_slice_indices): batched ones are [B], unbatched ones are broadcast.
 */
function stackStartIndices(idx: readonly Array[], dims: readonly BatchDim[], axisSize: number): Array {
  const dt = indexDtype(idx);
  const cols = idx.map((i, k) => {
    const v = i.dtype === dt ? i : lax.convertElementType(i, dt);
    return lax.broadcastInDim(v, [axisSize, 1], dims[k] === null ? [] : [0]);
  });
  if (cols.length === 0) return lax.broadcastInDim(scalarArray(0, "int32"), [axisSize, 0], []);
  return cols.length === 1 ? cols[0]! : lax.concatenate(cols, 1);
}

// ------------------------------------------------------------------------------------------------
// dot_general (JAX's _dot_general_batch_rule / _dot_general_batch_dim_nums)

const dotGeneralRule: BatchRule<"dot_general"> = ([lhs, rhs], [lbd, rbd], { dimensionNumbers, preferredElementType }) => {
  const [[lc, rc], [lb, rb]] = dimensionNumbers;
  if (lbd !== null && rbd !== null) {
    // Both batched: the vmapped dims become a new (leading) dot batch dimension pair.
    const dn = [
      [bumpAll(lc, lbd!), bumpAll(rc, rbd!)],
      [
        [lbd!, ...bumpAll(lb, lbd!)],
        [rbd!, ...bumpAll(rb, rbd!)],
      ],
    ] as const;
    return [[lax.dotGeneral(lhs!, rhs!, dn, preferredElementType)], [0]];
  }
  if (lbd !== null) {
    // Only lhs batched: its batch dim is a free dim of lhs; the output lists lhs free dims in order.
    const b = lbd!;
    const free = range(lhs!.ndim - 1).filter((d) => !lc.includes(d) && !lb.includes(d));
    const outDim = lb.length + free.filter((d) => d < b).length;
    const dn = [
      [bumpAll(lc, b), rc],
      [bumpAll(lb, b), rb],
    ] as const;
    return [[lax.dotGeneral(lhs!, rhs!, dn, preferredElementType)], [outDim]];
  }
  const b = rbd!;
  const lhsFree = lhs!.ndim - lc.length - lb.length;
  const free = range(rhs!.ndim - 1).filter((d) => !rc.includes(d) && !rb.includes(d));
  const outDim = lb.length + lhsFree + free.filter((d) => d < b).length;
  const dn = [
    [lc, bumpAll(rc, b)],
    [lb, bumpAll(rb, b)],
  ] as const;
  return [[lax.dotGeneral(lhs!, rhs!, dn, preferredElementType)], [outDim]];
};

// ------------------------------------------------------------------------------------------------
// The table

/** Every primitive but the call and control-flow ones (src/rules.ts adds those). */
type RuleTable = { [P in Exclude<CorePrimitiveName, CallRuleName | ControlFlowName>]: BatchRule<P> };

function forEachName<N extends string, R>(names: readonly N[], make: (n: N) => R): Record<N, R> {
  const out = {} as Record<N, R>;
  for (const n of names) out[n] = make(n);
  return out;
}

export const PRIMITIVE_BATCH_RULES: RuleTable = {
  ...forEachName(UNARY_ELEMENTWISE, unaryRule),
  // Complex parts are elementwise (JAX batches them with the elementwise batchers).
  real: unaryRule("real"),
  imag: unaryRule("imag"),
  conj: unaryRule("conj"),
  complex: binaryRule("complex"),
  ...forEachName(BINARY_ELEMENTWISE, binaryRule),
  ...forEachName(REDUCTIONS, reduceRule),
  ...forEachName(CUMULATIVE, cumulativeRule),
  ...forEachName(SCATTERS, scatterRule),
  ...COLLECTIVE_BATCH_RULES,
  // Operands of one shape: batch dims to the front (JAX batches its standard_naryop elementwise).
  regularized_incomplete_beta: leadingBatchRule("regularized_incomplete_beta"),

  select_n(args, dims) {
    const [which, ...cases] = args as [Array, ...Array[]];
    const [wd, ...cds] = dims;
    const rank = exampleRank(cases[0]!, cds[0] ?? null);
    const axisSize = batchSizeOf(args, dims);
    const bd = commonBatchDim(args, dims, rank);
    const shape = insertAt(exampleShape(cases, cds), bd, axisSize);
    const cs = cases.map((c, i) => toExactShape(c, cds[i] ?? null, shape, bd, false));
    const w = toExactShape(which, wd ?? null, shape, bd, true);
    return [[lax.selectN(w, ...cs)], [bd]];
  },

  clamp(args, dims) {
    // Operands are [lo, x, hi]; lo and hi are scalars or shaped like x.
    const [lo, x, hi] = args as [Array, Array, Array];
    const [ld, xd, hd] = dims as [BatchDim, BatchDim, BatchDim];
    const axisSize = batchSizeOf(args, dims);
    const bd = xd ?? 0;
    const shape = insertAt(xd === null ? x.shape : x.shape.filter((_, i) => i !== xd), bd, axisSize);
    const xs = toExactShape(x, xd, shape, bd, false);
    return [[bind("clamp", [toExactShape(lo, ld, shape, bd, true), xs, toExactShape(hi, hd, shape, bd, true)], {})[0]!], [bd]];
  },

  convert_element_type: ([x], [d], params) => [bind("convert_element_type", [x!], params), [d!]],
  bitcast_convert_type: ([x], [d], params) => [bind("bitcast_convert_type", [x!], params), [d!]],

  broadcast_in_dim([x], [b], { shape, broadcastDimensions }, axisSize) {
    // The batch dim lands right after the target of the operand dim before it.
    const bd = b!;
    const p = bd === 0 ? 0 : broadcastDimensions[bd - 1]! + 1;
    const dims = [...broadcastDimensions.slice(0, bd), p, ...broadcastDimensions.slice(bd).map((d) => d + 1)];
    return [[lax.broadcastInDim(x!, insertAt(shape, p, axisSize), dims)], [p]];
  },

  reshape([x], [b], { newSizes }, axisSize) {
    return [[lax.reshape(bdimAtFront(x!, b!, axisSize), [axisSize, ...newSizes])], [0]];
  },

  transpose([x], [b], { permutation }) {
    const bd = b!;
    return [[lax.transpose(x!, insertAt(bumpAll(permutation, bd), bd, bd))], [bd]];
  },

  squeeze([x], [b], { dimensions }) {
    const bd = b!;
    return [[lax.squeeze(x!, bumpAll(dimensions, bd))], [bd - dimensions.filter((d) => d < bd).length]];
  },

  expand_dims([x], [b], { dimensions }) {
    // Per-example output positions of the operand's dims; the batch dim goes before the one that
    // followed it in the operand (or last).
    const bd = b!;
    const n = x!.ndim - 1;
    const m = n + dimensions.length;
    const pos = range(m).filter((i) => !dimensions.includes(i));
    const p = bd < n ? pos[bd]! : m;
    const dims = dimensions.map((d) => (d < p ? d : d + 1));
    return [[lax.expandDims(x!, dims)], [p]];
  },

  rev([x], [b], { dimensions }) {
    return [[lax.rev(x!, bumpAll(dimensions, b!))], [b!]];
  },

  pad([x, pv], [xd = null, pd = null], { paddingConfig }, axisSize) {
    if (pd === null) {
      const bd = xd!;
      return [[lax.pad(x!, pv!, insertAt(paddingConfig, bd, [0, 0, 0] as const))], [bd]];
    }
    // Batched padding value (JAX's _pad_batch_rule): pad with zeros, then select the padding
    // value where a padded mask of trues says "padding".
    const bd = xd ?? 0;
    const op = moveBatchAxis(x!, xd, bd, axisSize);
    const config = insertAt(paddingConfig, bd, [0, 0, 0] as const);
    const padded = lax.pad(op, scalarArray(0, op.dtype, false), config);
    const mask = lax.pad(lax.broadcastInDim(scalarArray(true, "bool"), op.shape, []), scalarArray(false, "bool"), config);
    const fill = lax.broadcastInDim(moveBatchAxis(pv!, pd, 0, axisSize), padded.shape, [bd]);
    return [[lax.select(mask, padded, fill)], [bd]];
  },

  concatenate(args, dims, { dimension }, axisSize) {
    const bd = dims.find((d) => d !== null)!;
    const xs = args.map((x, i) => moveBatchAxis(x, dims[i] ?? null, bd, axisSize));
    return [[lax.concatenate(xs, bump(dimension, bd))], [bd]];
  },

  slice([x], [b], { startIndices, limitIndices, strides }, axisSize) {
    const bd = b!;
    return [[lax.slice(x!, insertAt(startIndices, bd, 0), insertAt(limitIndices, bd, axisSize), strides === null ? null : insertAt(strides, bd, 1))], [bd]];
  },

  dynamic_slice(args, dims, { sliceSizes }, axisSize) {
    const [x, ...idx] = args as [Array, ...Array[]];
    const [xd = null, ...ids] = dims;
    if (ids.every((d) => d === null)) {
      // Unbatched starts: the batch dim is sliced whole.
      const bd = xd!;
      const zero = scalarArray(0, idx[0]?.dtype ?? "int32", false);
      return [[lax.dynamicSlice(x, insertAt(idx, bd, zero), insertAt(sliceSizes, bd, axisSize))], [bd]];
    }
    // Batched starts: a gather of one full-rank window per example (JAX's _dynamic_slice_batching_rule).
    const n = sliceSizes.length;
    const index = stackStartIndices(idx, ids as BatchDim[], axisSize);
    const dn: GatherDimensionNumbers = {
      offsetDims: range(n),
      collapsedSliceDims: [],
      startIndexMap: range(n),
      operandBatchingDims: [],
      startIndicesBatchingDims: [],
    };
    const params: Params<"gather"> = { dimensionNumbers: dn, sliceSizes, mode: "clip", fillValue: null, indicesAreSorted: false, uniqueIndices: false };
    const [out, d] = gatherBatched(x, xd, index, 0, params, axisSize);
    return [[out], [d]];
  },

  dynamic_update_slice(args, dims, _params, axisSize) {
    const [x, upd, ...idx] = args as [Array, Array, ...Array[]];
    const [xd = null, ud = null, ...ids] = dims;
    if (ids.every((d) => d === null)) {
      const bd = xd ?? ud!;
      const op = moveBatchAxis(x, xd, bd, axisSize);
      const up = moveBatchAxis(upd, ud, bd, axisSize);
      const zero = scalarArray(0, idx[0]?.dtype ?? "int32", false);
      return [[lax.dynamicUpdateSlice(op, up, insertAt(idx, bd, zero))], [bd]];
    }
    // Batched starts: a scatter of one full-rank window per example (clip mode clamps the starts
    // so that the window fits, as dynamic_update_slice does).
    const n = x.ndim - (xd === null ? 0 : 1);
    const index = stackStartIndices(idx, ids as BatchDim[], axisSize);
    const dn: ScatterDimensionNumbers = {
      updateWindowDims: range(n),
      insertedWindowDims: [],
      scatterDimsToOperandDims: range(n),
      operandBatchingDims: [],
      scatterIndicesBatchingDims: [],
    };
    const params = { dimensionNumbers: dn, indicesAreSorted: true, uniqueIndices: true, mode: "clip" as const };
    const [out, d] = scatterBatched("scatter", [x, index, upd], [xd, 0, ud], params, axisSize);
    return [[out], [d]];
  },

  gather([operand, indices], [od = null, id = null], params, axisSize) {
    const [out, d] = gatherBatched(operand!, od, indices!, id, params, axisSize);
    return [[out], [d]];
  },

  iota() {
    return internal("iota has no operands, so it is never batched");
  },

  argmax([x], [b], { axes, indexDtype }) {
    const bd = b!;
    return [[lax.argmax(x!, bump(axes[0]!, bd), indexDtype)], [bd - axes.filter((a) => a < bd).length]];
  },
  argmin([x], [b], { axes, indexDtype }) {
    const bd = b!;
    return [[lax.argmin(x!, bump(axes[0]!, bd), indexDtype)], [bd - axes.filter((a) => a < bd).length]];
  },

  dot_general: dotGeneralRule,
  // JAX's name_batcher: the batched value keeps its name.
  name: ([x], [d], params) => [bind("name", [x!], params), [d ?? null]],

  sort(args, dims, { dimension, isStable, numKeys }, axisSize) {
    const bd = dims.find((d) => d !== null)!;
    const xs = args.map((x, i) => moveBatchAxis(x, dims[i] ?? null, bd, axisSize));
    const outs = lax.sort(xs, { dimension: bump(dimension, bd), isStable, numKeys });
    return [outs, outs.map(() => bd)];
  },

  custom_lin(args, dims, params, axisSize, axisName) {
    // custom_lin is known only through its transpose, the user's bwd. The batched custom_lin takes
    // the residuals where they are and every tangent batched at 0 (unbatched ones broadcast, so
    // their cotangents are summed by the broadcast's transpose), produces tangents batched at 0,
    // and its bwd is the user's bwd vmapped: residuals at their dims, cotangents and results at 0.
    const nr = params.numResiduals;
    const resDims = dims.slice(0, nr);
    const residuals = args.slice(0, nr);
    const tangents = args.slice(nr).map((t, i) => bdimAtFront(t, dims[nr + i] ?? null, axisSize));
    const bwd = params.bwd as unknown as CustomVjpBwd;
    const batchedBwd: CustomVjpBwd = (res, cts) =>
      vmapFlat((...ys: Array[]) => bwd(ys.slice(0, nr), ys.slice(nr)), [...res, ...cts], [...resDims, ...cts.map(() => 0)], axisSize, undefined, axisName);
    const batchedAval = (a: ShapedArray): ShapedArray => a.update({ shape: [axisSize, ...a.shape] });
    const outs = bind("custom_lin", [...residuals, ...tangents], {
      bwd: batchedBwd as unknown as Params<"custom_lin">["bwd"],
      numResiduals: nr,
      outAvals: params.outAvals.map(batchedAval),
      inAvals: params.inAvals.map(batchedAval),
    });
    return [outs, outs.map(() => 0)];
  },
};

/** The per-example shape shared by `xs` (taken from the first batched one, else the first). */
function exampleShape(xs: readonly Array[], dims: readonly BatchDim[]): number[] {
  for (let i = 0; i < xs.length; i++) {
    const d = dims[i] ?? null;
    if (d !== null && xs[i]!.ndim > 0) return xs[i]!.shape.filter((_, j) => j !== d);
  }
  return [...xs[0]!.shape];
}
