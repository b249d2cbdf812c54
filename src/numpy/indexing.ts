// numpy indexing with JAX's semantics: `x.get(...idx)` (jnp's `_rewriting_take`) and
// `x.at(...idx).set/add/mul/min/max/get` (jnp's `_scatter_update` and indexed get).
//
// One normalisation (`normalizeIndex`) serves both: it parses the items (integers, slice strings,
// "...", null, integer and boolean arrays), expands concrete boolean masks into integer index
// arrays, removes the ellipsis, and pads trailing full slices. Then either
//  - static integers, slices and new axes (plus traced scalar integers) become
//    slice / rev / dynamic_slice / squeeze / expand_dims, without a gather (`slicePath`), or
//  - `indexToGather` (a port of JAX's `index_to_gather`) builds one gather (or, for `at`, the
//    transposed scatter) followed by rev and expand_dims.
// Out-of-bounds rules follow JAX: gathers clamp by default (mode "promise_in_bounds", which the
// backends clamp, or "clip"), `at(...).get({ mode: "fill" })` returns the fill value, and scatters
// drop out-of-bounds updates (mode "fill"). Negative entries of index arrays wrap once (i + n).
// A static JS integer out of range in `x.get(...)` throws numpy's IndexError.
import type { GatherDimensionNumbers, GatherScatterMode, ScatterName } from "../../jaxpr/index.js";
import { ShapedArray, isInteger, shapeString } from "../../jaxpr/index.js";
import { Array, ArrayImpl, bufferOf } from "../core/array.js";
import type { ArrayLike, IndexItem, IndexUpdateRef } from "../core/array.js";
import { scalarArray } from "../core/eval.js";
import * as lax from "../lax/index.js";
import { broadcastTo, checkOperands, convertOperand, convertTo, resultType, tryBroadcastShapes } from "./promote.js";
import { IndexError, NonConcreteBooleanIndexError, ValueError } from "../core/errors.js";
import { scatterDnOfGather } from "../../jaxpr/dimensionNumbers.js";


// ---------------------------------------------------------------------------------------------
// Parsing and normalisation (shared by get and at).

interface SliceSpec {
  start: number | null;
  stop: number | null;
  step: number | null;
}

type Item =
  | { kind: "int"; value: number } // static JS integer (may be negative / out of range)
  | { kind: "slice"; slice: SliceSpec }
  | { kind: "newaxis" }
  | { kind: "ellipsis" }
  | { kind: "array"; array: Array } // integer index array; rank 0 is a (possibly traced) scalar
  | { kind: "mask"; array: Array } // boolean array, before expansion
  | { kind: "bool"; value: boolean }; // scalar boolean (a rank-0 mask), before expansion

const SLICE_PART = /^[+-]?\d+$/;

function parseSliceString(s: string, pos: number): SliceSpec {
  const parts = s.split(":");
  const bad = (): never => {
    throw new IndexError(`invalid index string ${JSON.stringify(s)} at position ${pos}: expected a slice like "1:3", ":", "::-1", "1:", "::2", or "..." (numpy's Ellipsis).`);
  };
  if (parts.length < 2 || parts.length > 3) bad();
  const nums = parts.map((p) => {
    const t = p.trim();
    if (t === "") return null;
    if (!SLICE_PART.test(t)) bad();
    return Number(t);
  });
  const step = nums[2] ?? null;
  if (step === 0) throw new ValueError("slice step cannot be zero");
  return { start: nums[0] ?? null, stop: nums[1] ?? null, step };
}

function parseItem(item: IndexItem | boolean | undefined, pos: number): Item {
  if (item === null || item === undefined) return { kind: "newaxis" };
  if (typeof item === "boolean") return { kind: "bool", value: item };
  if (typeof item === "number") {
    if (!Number.isInteger(item)) {
      throw new TypeError(`Indexer must have integer or boolean type, got indexer with type float at position ${pos}, indexer value ${item}`);
    }
    return { kind: "int", value: item };
  }
  if (typeof item === "string") {
    const t = item.trim();
    if (t === "...") return { kind: "ellipsis" };
    return { kind: "slice", slice: parseSliceString(t, pos) };
  }
  if (item instanceof Array) {
    if (item.dtype === "bool") return { kind: "mask", array: item };
    if (isInteger(item.dtype)) return { kind: "array", array: item };
    throw new TypeError(`Indexer must have integer or boolean type, got indexer with type ${item.dtype} at position ${pos}, indexer value ${describe(item)}`);
  }
  throw new TypeError(
    `x.get()/x.at(): unsupported index at position ${pos}: ${String(item)}. Use integers, slice strings ("1:3", "::-1", "..."), null (new axis), or integer/boolean arrays.`,
  );
}

function describe(a: Array): string {
  const c = a instanceof ArrayImpl ? a : null;
  return c !== null && c.size <= 16 ? c.toString() : `of shape ${shapeString(a.shape)}`;
}

/** Python's slice.indices + JAX's canonicalize_slice: [start, step, size] for an axis of size n. */
function canonicalizeSlice(s: SliceSpec, n: number): [number, number, number] {
  const step = s.step ?? 1;
  const lower = step > 0 ? 0 : -1;
  const upper = step > 0 ? n : n - 1;
  const clampBound = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    if (v < 0) return Math.max(v + n, lower);
    return Math.min(v, upper);
  };
  const start = clampBound(s.start, step > 0 ? lower : upper);
  const stop = clampBound(s.stop, step > 0 ? upper : lower);
  const size = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  return [start, step, size];
}

/** Rows of the nonzero coordinates of a concrete boolean mask (numpy's `np.nonzero`), one int32 array per dim. */
function nonzero(mask: ArrayImpl): ArrayImpl[] {
  const data = bufferOf(mask);
  const shape = mask.shape;
  const nd = shape.length;
  const coords: number[][] = shape.map(() => []);
  const idx = new globalThis.Array<number>(nd).fill(0);
  for (let f = 0; f < data.length; f++) {
    if (data[f] !== 0) for (let d = 0; d < nd; d++) coords[d]!.push(idx[d]!);
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return coords.map((c) => new ArrayImpl(Int32Array.from(c), new ShapedArray([c.length], "int32", false)));
}

/** The result of normalising an index against a shape. */
interface Normalized {
  /** Canonical items: no ellipsis, no masks, no scalar bools, one per axis of `shape` plus new axes. */
  items: (Extract<Item, { kind: "int" | "slice" | "newaxis" | "array" }>)[];
  /** The shape indexed: the array's, with a size-1 axis inserted for each scalar boolean index. */
  shape: number[];
  /** Where those size-1 axes go (expand_dims dimensions of the operand). */
  boolDims: number[];
  /** numpy's rule: advanced indices (arrays and integers) that are not adjacent move to the front. */
  advancedContiguous: boolean;
}

const consumes = (it: Item): number => (it.kind === "int" || it.kind === "slice" || it.kind === "array" ? 1 : it.kind === "mask" ? it.array.ndim : 0);

function normalizeIndex(xShape: readonly number[], idx: readonly IndexItem[]): Normalized {
  const ndim = xShape.length;
  let items: Item[] = idx.map((it, i) => parseItem(it, i));
  const nEllipsis = items.filter((it) => it.kind === "ellipsis").length;
  if (nEllipsis > 1) throw new IndexError("an index can only have a single ellipsis ('...')");

  // Expand masks (JAX's _expand_bool_indices): a rank-0 mask is a scalar bool; others become the
  // integer coordinates of their true entries, one index array per mask dimension.
  if (items.some((it) => it.kind === "mask")) {
    const totalConsumed = items.reduce((a, it) => a + consumes(it), 0);
    const out: Item[] = [];
    let axis = 0;
    items.forEach((it, pos) => {
      if (it.kind === "ellipsis") axis += Math.max(0, ndim - totalConsumed);
      if (it.kind !== "mask") {
        out.push(it);
        axis += consumes(it);
        return;
      }
      const m = it.array;
      const c = m.concreteValue();
      if (c === null) throw new NonConcreteBooleanIndexError(`traced array with shape ${m.aval.str()}`);
      if (m.ndim === 0) {
        out.push({ kind: "bool", value: bufferOf(c)[0] !== 0 });
        return;
      }
      const expected = xShape.slice(axis, axis + m.ndim);
      if (expected.length !== m.ndim) {
        throw new IndexError(`too many boolean indices at index ${pos}: got mask of shape ${shapeString(m.shape)}, but only ${expected.length} dimensions remain.`);
      }
      if (m.shape.some((d, i) => d !== expected[i])) {
        throw new IndexError(`boolean index did not match shape of indexed array in index ${pos}: got ${shapeString(m.shape)}, expected ${shapeString(expected)}`);
      }
      for (const a of nonzero(c)) out.push({ kind: "array", array: a });
      axis += m.ndim;
    });
    items = out;
  }

  // Adjacency of the advanced indices, decided before the ellipsis is removed (jax#25109).
  const advancedPos = items.flatMap((it, i) => (it.kind === "int" || it.kind === "array" || it.kind === "bool" ? [i] : []));
  const advancedContiguous = advancedPos.every((p, i) => i === 0 || p === advancedPos[i - 1]! + 1);

  // Remove the ellipsis and pad with trailing full slices (JAX's _canonicalize_tuple_index).
  const consumed = items.reduce((a, it) => a + consumes(it), 0);
  if (consumed > ndim) {
    throw new IndexError(`Too many indices: ${ndim}-dimensional array indexed with ${consumed} regular ${consumed === 1 ? "index" : "indices"}.`);
  }
  const full = (): Item => ({ kind: "slice", slice: { start: null, stop: null, step: null } });
  const fill = globalThis.Array.from({ length: ndim - consumed }, full);
  const e = items.findIndex((it) => it.kind === "ellipsis");
  items = e >= 0 ? [...items.slice(0, e), ...fill, ...items.slice(e + 1)] : [...items, ...fill];

  // Scalar booleans: each inserts a size-1 axis, indexed by [0] (true) or [] (false).
  const shape = [...xShape];
  const boolDims: number[] = [];
  let axis = 0;
  const canonical: Normalized["items"] = [];
  for (const it of items) {
    if (it.kind === "bool") {
      boolDims.push(axis);
      shape.splice(axis, 0, 1);
      const a = new ArrayImpl(Int32Array.from(it.value ? [0] : []), new ShapedArray([it.value ? 1 : 0], "int32", false));
      canonical.push({ kind: "array", array: a });
      axis++;
    } else if (it.kind === "int" || it.kind === "slice" || it.kind === "array") {
      canonical.push(it);
      axis++;
    } else if (it.kind === "newaxis") {
      canonical.push(it);
    }
  }
  return { items: canonical, shape, boolDims, advancedContiguous };
}

/** numpy's check for static integers (`x.get(5)` on an axis of size 3). */
function checkStaticBounds(n: Normalized): void {
  let axis = 0;
  let origAxis = 0;
  for (const it of n.items) {
    if (it.kind === "newaxis") continue;
    const isBoolAxis = n.boolDims.includes(axis);
    if (it.kind === "int") {
      const size = n.shape[axis]!;
      if (it.value < -size || it.value >= size) throw new IndexError(`index ${it.value} is out of bounds for axis ${origAxis} with size ${size}`);
    }
    axis++;
    if (!isBoolAxis) origAxis++;
  }
}

// ---------------------------------------------------------------------------------------------
// Index values: static (JS data) where known, traced otherwise.

type IndexValue = { data: Int32Array; shape: number[] } | { array: Array };

const isStatic = (v: IndexValue): v is { data: Int32Array; shape: number[] } => "data" in v;

const INT32_MAX = 2147483647;

/** An integer index array with negative entries wrapped once (JAX's _normalize_index), as int32. */
function normalizeArrayIndex(a: Array, n: number): IndexValue {
  if (a instanceof ArrayImpl) {
    const src = bufferOf(a);
    const data = new Int32Array(src.length);
    const signed = a.dtype === "int32";
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      data[i] = signed && v < 0 ? v + n : Math.min(v, INT32_MAX);
    }
    return { data, shape: [...a.shape] };
  }
  if (a.dtype === "uint32") return { array: lax.convertElementType(a, "int32") };
  return { array: lax.select(lax.lt(a, 0), lax.add(a, n), a) };
}

const staticScalar = (v: number): IndexValue => ({ data: Int32Array.of(v), shape: [] });

function toArray(v: IndexValue): Array {
  return isStatic(v) ? new ArrayImpl(v.data, new ShapedArray(v.shape, "int32", false)) : v.array;
}

const shapeOf = (v: IndexValue): readonly number[] => (isStatic(v) ? v.shape : v.array.shape);

/** Broadcasts the advanced index shapes together, with numpy's error. */
function broadcastIndexShapes(shapes: readonly (readonly number[])[]): number[] {
  const out = tryBroadcastShapes(shapes);
  if (out === null) throw new IndexError(`shape mismatch: indexing arrays could not be broadcast together with shapes ${shapes.map(shapeString).join(" ")}`);
  return out;
}

interface Piece {
  value: IndexValue;
  /** The piece's shape, left-padded with 1s to the rank of its block of the index batch shape. */
  dims: number[];
  /** Where its dims start in the gather indices' batch shape. */
  start: number;
}

/** Concatenates the pieces, each broadcast into `batch`, along a new last dim (JAX's index vector dim). */
function assembleIndices(pieces: readonly Piece[], batch: readonly number[]): Array {
  const K = pieces.length;
  if (pieces.every((p) => isStatic(p.value))) {
    const G = batch.reduce((a, b) => a * b, 1);
    const out = new Int32Array(G * K);
    const nb = batch.length;
    const strides = pieces.map((p) => {
      const s = new globalThis.Array<number>(nb).fill(0);
      let acc = 1;
      for (let j = p.dims.length - 1; j >= 0; j--) {
        if (p.dims[j] !== 1) s[p.start + j] = acc;
        acc *= p.dims[j]!;
      }
      return s;
    });
    const datas = pieces.map((p) => (p.value as { data: Int32Array }).data);
    const g = new globalThis.Array<number>(nb).fill(0);
    for (let f = 0; f < G; f++) {
      for (let k = 0; k < K; k++) {
        let off = 0;
        const s = strides[k]!;
        for (let j = 0; j < nb; j++) off += g[j]! * s[j]!;
        out[f * K + k] = datas[k]![off]!;
      }
      for (let j = nb - 1; j >= 0; j--) {
        if (++g[j]! < batch[j]!) break;
        g[j] = 0;
      }
    }
    return new ArrayImpl(out, new ShapedArray([...batch, K], "int32", false));
  }
  const target = [...batch, 1];
  const cols = pieces.map((p) => {
    let a = toArray(p.value);
    if (a.ndim !== p.dims.length) a = lax.reshape(a, p.dims);
    if (p.start === 0 && p.dims.length === batch.length && p.dims.every((d, i) => d === batch[i])) return lax.expandDims(a, [batch.length]);
    return lax.broadcastInDim(a, target, p.dims.map((_, j) => p.start + j));
  });
  return K === 1 ? cols[0]! : lax.concatenate(cols, batch.length);
}

// ---------------------------------------------------------------------------------------------
// index_to_gather.

interface Indexer {
  /** The result's shape (new axes included). */
  sliceShape: number[];
  gatherSliceShape: number[];
  /** null when no dimension needs an index (only full slices and new axes). */
  gatherIndices: Array | null;
  dnums: GatherDimensionNumbers;
  uniqueIndices: boolean;
  indicesAreSorted: boolean;
  reversedYDims: number[];
  newaxisDims: number[];
}

function indexToGather(n: Normalized): Indexer {
  const { items, shape } = n;
  const isScalarIndex = (it: Normalized["items"][number]): boolean => it.kind === "int" || (it.kind === "array" && it.array.ndim === 0);
  const advanced = items.some((it) => it.kind === "array" && it.array.ndim > 0);

  // Advanced indices: arrays and integers (which take part in the broadcast), with their axes.
  const advValues: IndexValue[] = [];
  const idxAdvancedAxes: number[] = [];
  const xAdvancedAxes: number[] = [];
  if (advanced) {
    let j = 0;
    items.forEach((it, i) => {
      if (it.kind === "newaxis") return;
      if (it.kind === "int") {
        const size = shape[j]!;
        advValues.push(staticScalar(it.value < 0 ? it.value + size : it.value));
      } else if (it.kind === "array") {
        advValues.push(normalizeArrayIndex(it.array, shape[j]!));
      }
      if (it.kind === "int" || it.kind === "array") {
        idxAdvancedAxes.push(i);
        xAdvancedAxes.push(j);
      }
      j++;
    });
  }
  const advancedSet = new Set(idxAdvancedAxes);

  let xAxis = 0;
  let yAxis = 0;
  let collapsedYAxis = 0;
  const offsetDims: number[] = [];
  const collapsedSliceDims: number[] = [];
  const startIndexMap: number[] = [];
  const pieces: Piece[] = [];
  const gatherIndicesShape: number[] = [];
  const sliceShape: number[] = [];
  const newaxisDims: number[] = [];
  const reversedYDims: number[] = [];
  const gatherSliceShape: number[] = [];

  items.forEach((it, idxPos) => {
    if (advanced && (n.advancedContiguous ? idxPos === idxAdvancedAxes[0] : idxPos === 0)) {
      const bshape = broadcastIndexShapes(advValues.map(shapeOf));
      const startDim = gatherIndicesShape.length;
      for (const v of advValues) {
        const s = shapeOf(v);
        pieces.push({ value: v, dims: [...globalThis.Array<number>(bshape.length - s.length).fill(1), ...s], start: startDim });
      }
      gatherIndicesShape.push(...bshape);
      startIndexMap.push(...xAdvancedAxes);
      collapsedSliceDims.push(...xAdvancedAxes);
      sliceShape.push(...bshape);
      yAxis += bshape.length;
      collapsedYAxis += bshape.length;
    }
    if (advancedSet.has(idxPos)) {
      xAxis++;
      gatherSliceShape.push(1);
      return;
    }
    if (isScalarIndex(it)) {
      const size = shape[xAxis]!;
      if (size === 0) throw new IndexError(`index is out of bounds for axis ${xAxis} with size 0`);
      const v = it.kind === "int" ? staticScalar(it.value < 0 ? it.value + size : it.value) : normalizeArrayIndex((it as { array: Array }).array, size);
      pieces.push({ value: v, dims: [], start: gatherIndicesShape.length });
      collapsedSliceDims.push(xAxis);
      gatherSliceShape.push(1);
      startIndexMap.push(xAxis);
      xAxis++;
    } else if (it.kind === "newaxis") {
      sliceShape.push(1);
      newaxisDims.push(yAxis);
      yAxis++;
    } else if (it.kind === "slice") {
      const size = shape[xAxis]!;
      const [start, step, sliceSize] = canonicalizeSlice(it.slice, size);
      sliceShape.push(sliceSize);
      if (step === 1) {
        if (sliceSize !== size) {
          pieces.push({ value: staticScalar(start), dims: [], start: gatherIndicesShape.length });
          startIndexMap.push(xAxis);
        }
        gatherSliceShape.push(sliceSize);
        offsetDims.push(collapsedYAxis);
      } else {
        // Strided slice: an index per element, ascending (a negative step reverses afterwards).
        const data = new Int32Array(sliceSize);
        for (let k = 0; k < sliceSize; k++) data[k] = start + step * k;
        if (step < 0) {
          reversedYDims.push(collapsedYAxis);
          data.reverse();
        }
        gatherSliceShape.push(1);
        pieces.push({ value: { data, shape: [sliceSize] }, dims: [sliceSize], start: gatherIndicesShape.length });
        startIndexMap.push(xAxis);
        gatherIndicesShape.push(sliceSize);
        collapsedSliceDims.push(xAxis);
      }
      collapsedYAxis++;
      yAxis++;
      xAxis++;
    }
  });

  return {
    sliceShape,
    gatherSliceShape,
    gatherIndices: pieces.length === 0 ? null : assembleIndices(pieces, gatherIndicesShape),
    dnums: {
      offsetDims,
      collapsedSliceDims: [...collapsedSliceDims].sort((a, b) => a - b),
      startIndexMap,
      operandBatchingDims: [],
      startIndicesBatchingDims: [],
    },
    uniqueIndices: !advanced,
    indicesAreSorted: !advanced,
    reversedYDims,
    newaxisDims,
  };
}

// ---------------------------------------------------------------------------------------------
// Gathers: x.get(...) and x.at(...).get(opts).

type Mode = GatherScatterMode;

function parseMode(mode: string | undefined, dflt: Mode): Mode {
  if (mode === undefined || mode === null) return dflt;
  if (mode === "clip" || mode === "fill" || mode === "promise_in_bounds") return mode;
  if (mode === "drop") return "fill";
  throw new ValueError(`Unknown gather mode "${String(mode)}"`);
}

/** Whether the index can be done with slice/rev/dynamic_slice (JAX's _attempt_rewriting_take_via_slice). */
function canSlice(n: Normalized, mode: Mode): boolean {
  let axis = 0;
  for (const it of n.items) {
    if (it.kind === "newaxis") continue;
    const size = n.shape[axis++]!;
    if (it.kind === "int" && (size === 0 || it.value < -size || it.value >= size)) return false;
    if (it.kind === "array") {
      // Traced (or concrete) scalars use dynamic_slice, which clamps: right for every mode but fill.
      if (it.array.ndim !== 0 || size === 0 || mode === "fill") return false;
    }
  }
  return true;
}

/** Static ints, slices and new axes as slice + rev + squeeze + expand_dims; scalar arrays via dynamic_slice. */
function slicePath(x: Array, n: Normalized): Array {
  const shape = n.shape;
  const starts: number[] = [];
  const limits: number[] = [];
  const strides: number[] = [];
  const revDims: number[] = [];
  const squeezeDims: number[] = [];
  const newaxisDims: number[] = [];
  const dynamic: (Array | number | null)[] = [];
  let axis = 0;
  let outAxis = 0;
  for (const it of n.items) {
    if (it.kind === "newaxis") {
      newaxisDims.push(outAxis++);
      continue;
    }
    const size = shape[axis]!;
    let lo = 0;
    let hi = size;
    let st = 1;
    let dyn: Array | number | null = null;
    if (it.kind === "int") {
      lo = it.value < 0 ? it.value + size : it.value;
      hi = lo + 1;
      squeezeDims.push(axis);
    } else if (it.kind === "array") {
      const v = normalizeArrayIndex(it.array, size);
      dyn = isStatic(v) ? v.data[0]! : v.array;
      squeezeDims.push(axis);
    } else if (it.kind === "slice") {
      const [start, step, len] = canonicalizeSlice(it.slice, size);
      if (len === 0) {
        lo = hi = 0;
      } else if (step > 0) {
        lo = start;
        hi = start + (len - 1) * step + 1;
        st = step;
      } else {
        lo = start + (len - 1) * step;
        hi = start + 1;
        st = -step;
        if (len > 1) revDims.push(axis);
      }
      if (len === 1) st = 1;
      outAxis++;
    }
    starts.push(lo);
    limits.push(hi);
    strides.push(st);
    dynamic.push(dyn);
    axis++;
  }
  let y = x;
  if (starts.some((s, i) => s !== 0 || limits[i] !== shape[i] || strides[i] !== 1)) {
    y = lax.slice(y, starts, limits, strides.some((s) => s !== 1) ? strides : null);
  }
  if (revDims.length) y = lax.rev(y, revDims);
  if (dynamic.some((d) => d !== null)) {
    const sizes = y.shape.map((d, i) => (dynamic[i] !== null ? 1 : d));
    y = lax.dynamicSlice(y, dynamic.map((d) => d ?? 0), sizes);
  }
  if (squeezeDims.length) y = lax.squeeze(y, squeezeDims);
  if (newaxisDims.length) y = lax.expandDims(y, newaxisDims);
  return y;
}

const hasZero = (s: readonly number[]): boolean => s.some((d) => d === 0);

function rewritingTake(x: Array, idx: readonly IndexItem[], opts: { mode?: Mode; fillValue?: number | null; strict: boolean }): Array {
  const n = normalizeIndex(x.shape, idx);
  if (opts.strict) checkStaticBounds(n);
  const mode = parseMode(opts.mode, "promise_in_bounds");
  let y = n.boolDims.length ? lax.expandDims(x, n.boolDims) : x;
  const advanced = n.items.some((it) => it.kind === "array" && it.array.ndim > 0);
  if (!advanced && canSlice(n, mode)) return slicePath(y, n);

  const indexer = indexToGather(n);
  if (hasZero(indexer.sliceShape)) return lax.broadcastInDim(scalarArray(0, y.dtype, y.weakType), indexer.sliceShape, []);
  if (indexer.gatherIndices !== null && !hasZero(indexer.gatherIndices.shape)) {
    y = lax.gather(y, indexer.gatherIndices, indexer.dnums, indexer.gatherSliceShape, {
      mode,
      fillValue: mode === "fill" ? (opts.fillValue ?? null) : null,
      uniqueIndices: indexer.uniqueIndices,
      indicesAreSorted: indexer.indicesAreSorted,
    });
  }
  if (indexer.reversedYDims.length) y = lax.rev(y, indexer.reversedYDims);
  if (indexer.newaxisDims.length) y = lax.expandDims(y, indexer.newaxisDims);
  return y;
}

/** `x.get(...idx)`: numpy indexing. */
export function getItem(x: Array, idx: readonly IndexItem[]): Array {
  return rewritingTake(x, idx, { strict: true });
}

// ---------------------------------------------------------------------------------------------
// Scatters: x.at(...).set/add/mul/min/max.

const SCATTERS: { [K in ScatterName]: typeof lax.scatter } = {
  scatter: lax.scatter,
  "scatter-add": lax.scatterAdd,
  "scatter-mul": lax.scatterMul,
  "scatter-min": lax.scatterMin,
  "scatter-max": lax.scatterMax,
};

function scatterUpdate(x: Array, idx: readonly IndexItem[], v: ArrayLike, prim: ScatterName, modeOpt: string | undefined): Array {
  const mode = parseMode(modeOpt, "fill");
  const n = normalizeIndex(x.shape, idx);
  const indexer = indexToGather(n);
  if (hasZero(indexer.sliceShape)) return x;

  // JAX promotes operand and updates together, scatters, and converts back to x's type.
  checkOperands(prim, [x, v]);
  const t = resultType(x, v);
  let operand = convertTo(x, t);
  let y = convertOperand(v, t);
  if (n.boolDims.length) operand = lax.expandDims(operand, n.boolDims);

  const target = indexer.sliceShape;
  const ys = y.shape;
  if (ys.length > target.length || ys.some((d, i) => d !== 1 && d !== target[target.length - ys.length + i])) {
    throw new ValueError(`shape mismatch: value array of shape ${shapeString(ys)} could not be broadcast to indexing result of shape ${shapeString(target)}`);
  }
  y = broadcastTo(y, target, "scatter");
  if (indexer.newaxisDims.length) y = lax.squeeze(y, indexer.newaxisDims);
  if (indexer.reversedYDims.length) y = lax.rev(y, indexer.reversedYDims);

  const dnums = scatterDnOfGather(indexer.dnums);
  const indices = indexer.gatherIndices ?? new ArrayImpl(new Int32Array(0), new ShapedArray([0], "int32", false));
  let out = SCATTERS[prim](operand, indices, y, dnums, {
    mode,
    uniqueIndices: indexer.uniqueIndices,
    indicesAreSorted: indexer.indicesAreSorted,
  });
  if (n.boolDims.length) out = lax.squeeze(out, n.boolDims);
  return convertTo(out, x.aval);
}

interface ScatterOpts {
  mode?: "clip" | "fill" | "drop" | "promise_in_bounds";
}

/** `x.at(...idx)`: functional updates and indexed gets with an out-of-bounds mode. */
export function at(x: Array, idx: readonly IndexItem[]): IndexUpdateRef {
  const items = [...idx];
  return {
    set: (v: ArrayLike, opts: ScatterOpts = {}) => scatterUpdate(x, items, v, "scatter", opts.mode),
    add: (v: ArrayLike, opts: ScatterOpts = {}) => scatterUpdate(x, items, v, "scatter-add", opts.mode),
    mul: (v: ArrayLike, opts: ScatterOpts = {}) => scatterUpdate(x, items, v, "scatter-mul", opts.mode),
    min: (v: ArrayLike, opts: ScatterOpts = {}) => scatterUpdate(x, items, v, "scatter-min", opts.mode),
    max: (v: ArrayLike, opts: ScatterOpts = {}) => scatterUpdate(x, items, v, "scatter-max", opts.mode),
    get: (opts: { mode?: Mode; fillValue?: number } = {}) => rewritingTake(x, items, { mode: opts.mode, fillValue: opts.fillValue ?? null, strict: false }),
  };
}
