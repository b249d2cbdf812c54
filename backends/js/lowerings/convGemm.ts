// conv_general_dilated as an implicit GEMM: out[b, m, j] = sum_k A[b, m, k] * B[b, k, j] where m
// runs over output positions, k over (window tap, input feature) and j over output features, and
// b over (image, group). The patch matrix A is never built: it is the product's lhs read through
// offset tables (dot.ts's Group), A[b, m, k] = P[aBatch(b) + aM(m) + aK(k)], so the GEMM's packing
// step gathers each MC x KC panel of patches straight from P (wasm/wasmDot.ts: one panel of rows
// at a time, so the patch matrix exists only as packed panels in the GEMM's memory).
//
// P is the input itself when there is no padding and no lhs dilation; otherwise a channels-last
// copy of the input with the padding and the dilation's holes as zeros (its size is the padded
// input's, kept by the kernel and rewritten per call). Channels-last makes the innermost k
// contiguous, so packing copies runs of input features, and the indirect GEMM
// (wasm/wasmIndirect.ts) reads them in place instead of packing. An unpadded input whose features
// are strided (NCHW, or the input of a kernel gradient, whose features are the images) is copied
// channels-last too where that lets the indirect GEMM take it: one pass over the input against
// the packing's kh x kw gathers of each element.
//
// Each (image, group) pair is a batch of the product (a group's batches read its own B), so one
// image's rows (M = output positions) are one product: large images split their rows across the
// two threads (wasmDot.ts), or both take items from the indirect GEMM's shared counter. With one
// group and a channels-last output, the product's [N, M, O] rows are the output itself; otherwise
// one strided copy puts them in place (the indirect GEMM makes it from its C block, so that the
// product is never a separate array). With one group the product can also stay resident in the
// GEMM's memory for a fused elementwise epilogue (bias add, activation), as dot_general's does.
import { ShapedArray } from "../../../jaxpr/index.js";
import type { TypedArray } from "../../../jaxpr/index.js";
import type { Kernel } from "../kernel.js";
import type { View } from "../loops.js";
import { makeGroup, productKernel, type DotProblem } from "./dot.js";
import { wasmGemm } from "../wasm/wasmGemm.js";
import { indirectWasmDotKernel, residentIndirectWasmDot } from "../wasm/wasmIndirect.js";
import { placeRows, type Placement } from "./placeRows.js";
import { newBuffer, type ConvGeometry } from "./convGeometry.js";

const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const rowMajor = (shape: readonly number[]): number[] => {
  const s = shape.map(() => 1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
};

/** The padded, dilated input P: its shape (N, spatial..., C) and strides in canonical order (N, C, spatial...). */
interface Padded {
  /** Null: P is the input itself. */
  readonly shape: readonly number[] | null;
  readonly strides: readonly number[];
}

/** P: the input itself where it has no padding or lhs dilation (unless `copy`), else its channels-last copy. */
function paddedInput(g: ConvGeometry, copy: boolean): Padded {
  const direct = !copy && g.padding.every(([lo, hi]) => lo === 0 && hi === 0) && g.lhsDilation.every((d) => d === 1);
  if (direct) return { shape: null, strides: g.lhsStrides };
  const [n, c, ...sp] = g.lhs;
  const psp = sp.map((d, i) => Math.max(0, (d - 1) * g.lhsDilation[i]! + 1) + g.padding[i]![0] + g.padding[i]![1]);
  const shape = [n!, ...psp, c!];
  const s = rowMajor(shape);
  return { shape, strides: [s[0]!, 1, ...s.slice(1, -1)] };
}

/**
 * Writes the input into P (zeros stay where padding and dilation holes are): for each image and
 * each input position that lands inside P, the run of C features.
 */
function fillPadded(g: ConvGeometry, p: Padded, lhs: TypedArray, dst: TypedArray): void {
  const [n, c, ...sp] = g.lhs;
  const S = sp.length;
  const ls = g.lhsStrides;
  const ps = p.strides;
  // Per spatial dim: for each input index, its offset in P, or -1 when cropped by negative padding.
  const at = sp.map((d, i) => {
    const size = p.shape![i + 1]!;
    return Int32Array.from(range(d), (k) => {
      const q = g.padding[i]![0] + k * g.lhsDilation[i]!;
      return q >= 0 && q < size ? q * ps[i + 2]! : -1;
    });
  });
  const cs = ls[1]!;
  // The input is walked in units of one row of the last spatial dim (all of it for 0-D).
  const last = S - 1;
  const lastAt = S > 0 ? at[last]! : Int32Array.of(0);
  const width = S > 0 ? sp[last]! : 1;
  const ws = S > 0 ? ls[S + 1]! : 0;
  // A channels-last row landing in P uncropped and undilated is one contiguous run (W x C
  // elements) in both, copied as a block.
  const block = cs === 1 && ws === c && lastAt.every((o, k) => o === lastAt[0]! + k * c! && o >= 0);
  const unitDims = Math.max(0, last);
  const count = prod(sp.slice(0, unitDims));
  const idx = new Array<number>(unitDims).fill(0);
  for (let b = 0; b < n!; b++) {
    idx.fill(0);
    for (let q = 0; q < count; q++) {
      let src = b * ls[0]!;
      let to = b * ps[0]!;
      let inside = true;
      for (let d = 0; d < unitDims; d++) {
        const o = at[d]![idx[d]!]!;
        if (o < 0) inside = false;
        src += idx[d]! * ls[d + 2]!;
        to += o;
      }
      if (inside) {
        if (block) dst.set(lhs.subarray(src, src + width * c!), to + lastAt[0]!);
        else if (cs === 1) {
          for (let x = 0; x < width; x++) {
            const o = lastAt[x]!;
            if (o >= 0) for (let f = 0, s = src + x * ws; f < c!; f++) dst[to + o + f] = lhs[s + f]!;
          }
        } else {
          // Features strided (NCHW): four features at a time along the row, so that reads stay
          // sequential where the row is contiguous (one position's features at a time would read
          // C pages at once); measured 2x faster than one feature at a time on 8x64x56x56.
          let f = 0;
          for (; f + 4 <= c!; f += 4) {
            const t = to + f;
            for (let x = 0, r = src + f * cs; x < width; x++, r += ws) {
              const o = t + lastAt[x]!;
              if (o >= t) {
                dst[o] = lhs[r]!;
                dst[o + 1] = lhs[r + cs]!;
                dst[o + 2] = lhs[r + 2 * cs]!;
                dst[o + 3] = lhs[r + 3 * cs]!;
              }
            }
          }
          for (; f < c!; f++) {
            const t = to + f;
            for (let x = 0, r = src + f * cs; x < width; x++, r += ws) if (lastAt[x]! >= 0) dst[t + lastAt[x]!] = lhs[r]!;
          }
        }
      }
      for (let d = unitDims - 1; d >= 0 && ++idx[d]! === sp[d]; d--) idx[d] = 0;
    }
  }
}

/**
 * Below this many output positions per image, the images join the product's rows (M = images x
 * positions) instead of being batches of it: a kernel's gradient (the rhs transpose) is a
 * convolution with a handful of output positions and a long K, which as 64 products of 9 rows
 * would repack the whole of B for each.
 */
const FOLD_ROWS = 128;

/**
 * The product's layout: batch b covers (image, group) pairs, row m covers (image?, position);
 * the output offset of product element (b, m, j) is batchBase[b] + rowBase[m] + j * (features stride).
 */
interface Layout {
  readonly p: DotProblem;
  readonly groups: number;
  /** Images are rows (M = images x positions) rather than batches. */
  readonly fold: boolean;
  readonly batchBase: Int32Array;
  readonly rowBase: Int32Array;
}

/** The canonical product of a convolution, over P (strides `ps`) and the kernel. */
function problemOf(g: ConvGeometry, ps: readonly number[]): Layout {
  const S = g.spatial;
  const groups = g.featureGroupCount > 1 ? g.featureGroupCount : g.batchGroupCount;
  const [nOut, o, ...outSp] = g.out;
  const [, inFeatures, ...window] = g.rhs;
  const og = o! / groups;
  const positions = prod(outSp);
  const fold = positions < FOLD_ROWS;
  const images = fold ? 1 : nOut!;
  const batch = images * groups;
  const os = g.outStrides;
  // Batch b: (image n, group gi). Feature groups read the image's features gi * I..; batch groups
  // read image gi * N + n of the input. With fold, n is 0 here and comes with the row.
  const aBatch = new Int32Array(batch);
  const bBatch = new Int32Array(batch);
  const batchBase = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    const n = Math.floor(b / groups);
    const gi = b % groups;
    aBatch[b] = g.batchGroupCount > 1 ? gi * nOut! * ps[0]! + n * ps[0]! : n * ps[0]! + gi * inFeatures! * ps[1]!;
    bBatch[b] = gi * og * g.rhsStrides[0]!;
    batchBase[b] = n * os[0]! + gi * og * os[1]!;
  }
  const tableGroup = (t: Int32Array) => {
    const stride = t.length > 1 ? t[1]! : 0;
    return t.every((v, i) => v === i * stride) ? { size: t.length, stride, table: null } : { size: t.length, stride: null, table: t };
  };
  const rowShape = fold ? [nOut!, ...outSp] : outSp;
  const rowDims = range(rowShape.length);
  const spatialStrides = (unit: (d: number) => number): number[] => outSp.map((_, d) => unit(d));
  const aM = makeGroup(rowShape, [...(fold ? [ps[0]!] : []), ...spatialStrides((d) => g.windowStrides[d]! * ps[d + 2]!)], rowDims);
  const rows = makeGroup(rowShape, [...(fold ? [os[0]!] : []), ...spatialStrides((d) => os[d + 2]!)], rowDims);
  const rowBase = rows.table ?? Int32Array.from({ length: rows.size }, (_, m) => m * rows.stride!);
  // k = (window tap..., input feature), feature innermost: contiguous in a channels-last P.
  const kShape = [...window, inFeatures!];
  const kDims = range(S + 1);
  const aK = makeGroup(kShape, [...window.map((_, d) => g.rhsDilation[d]! * ps[d + 2]!), ps[1]!], kDims);
  const bK = makeGroup(kShape, [...window.map((_, d) => g.rhsStrides[d + 2]!), g.rhsStrides[1]!], kDims);
  const bN = makeGroup([og], [g.rhsStrides[0]!], [0]);
  const p: DotProblem = { B: batch, M: prod(rowShape), K: prod(kShape), N: og, aBatch: tableGroup(aBatch), aM, aK, bBatch: tableGroup(bBatch), bK, bN };
  return { p, groups, fold, batchBase, rowBase };
}

/** Whether the product's [B, M, O] rows are the output buffer itself (one group, channels-last output). */
function productIsOutput(g: ConvGeometry, l: Layout): boolean {
  if (l.groups !== 1 || g.outStrides[1] !== 1) return false;
  const rowLength = g.out[1]!;
  return l.rowBase.every((v, m) => v === m * rowLength) && l.batchBase.every((v, b) => v === b * l.p.M * rowLength);
}

/** Copies the product [B, M, Og] into the output at the layout's offsets. */
function scatterProduct(g: ConvGeometry, l: Layout, r: TypedArray, out: TypedArray): void {
  const { B, M, N: og } = l.p;
  for (let b = 0; b < B; b++) placeRows(r, b * M * og, og, M, og, out, l.batchBase[b]!, l.rowBase, 0, g.outStrides[1]!);
}

/** Where the product's elements go in the output: null where its [B, M, O] rows are the output. */
const placementOf = (g: ConvGeometry, l: Layout): Placement | null =>
  productIsOutput(g, l) ? null : { size: prod(g.out), batchBase: l.batchBase, rowBase: l.rowBase, columnStride: g.outStrides[1]! };

/** The input P for one call: the input itself, or the kernel's padded buffer refilled. */
function makePrepare(g: ConvGeometry, pad: Padded): (lhs: TypedArray) => TypedArray {
  if (pad.shape === null) return (lhs) => lhs;
  const buffer = newBuffer(g.inDtype, prod(pad.shape));
  return (lhs) => {
    fillPadded(g, pad, lhs, buffer);
    return buffer;
  };
}

const describe = (p: DotProblem, pad: Padded): string =>
  `// conv_general_dilated as an implicit GEMM: B=${p.B} (images x groups), M=${p.M} rows (images x output positions), K=${p.K} (window x input features), N=${p.N} output features, ` +
  `over ${pad.shape === null ? "the input itself" : "a channels-last copy of the input"}`;

/** P and the product over it. */
interface Route<T> {
  readonly pad: Padded;
  readonly layout: Layout;
  readonly product: T;
}

/**
 * The product `indirect` makes over P (channels-last patches are runs of input features read in
 * place), trying the input itself, then, where it is unpadded with strided features, its
 * channels-last copy; else `packed`'s over the input itself (or its padded copy), or null.
 */
function route<T>(g: ConvGeometry, indirect: (l: Layout, out: ShapedArray) => T | null, packed: (l: Layout, out: ShapedArray) => T | null): Route<T> | null {
  const own = paddedInput(g, false);
  const layout = problemOf(g, own.strides);
  const { B, M, N } = layout.p;
  const out = new ShapedArray([B, M, N], g.outDtype, false);
  const inPlace = indirect(layout, out);
  if (inPlace !== null) return { pad: own, layout, product: inPlace };
  if (own.shape === null && g.lhsStrides[1] !== 1) {
    const copy = paddedInput(g, true);
    const copyLayout = problemOf(g, copy.strides);
    const product = indirect(copyLayout, out);
    if (product !== null) return { pad: copy, layout: copyLayout, product };
  }
  const product = packed(layout, out);
  return product === null ? null : { pad: own, layout, product };
}

/** The implicit-GEMM kernel, or null for an empty output (the reference kernel's trivial case). */
export function convGemmKernel(g: ConvGeometry): Kernel | null {
  if (prod(g.out) === 0) return null;
  // The indirect GEMM writes the output itself; the packed product is copied into it unless its rows are the output.
  const indirect = (l: Layout, out: ShapedArray): Kernel | null => indirectWasmDotKernel(l.p, out, placementOf(g, l));
  const packed = (l: Layout, out: ShapedArray): Kernel => {
    const product = productKernel(l.p, g.inDtype, out);
    if (productIsOutput(g, l)) return product;
    const run = (lhs: TypedArray, rhs: TypedArray): TypedArray[] => {
      const out = newBuffer(g.outDtype, prod(g.out));
      scatterProduct(g, l, product.run(lhs, rhs)[0]!, out);
      return [out];
    };
    return { ...product, run: (lhs, rhs) => run(lhs!, rhs!) };
  };
  const chosen = route(g, indirect, packed);
  if (chosen === null) return null;
  const { pad, layout, product } = chosen;
  const prepare = makePrepare(g, pad);
  return { name: "conv_general_dilated", source: `${describe(layout.p, pad)}\n${product.source}`, run: (lhs, rhs) => product.run(prepare(lhs!), rhs!), freshOutputs: true };
}

/**
 * The kernel leaving the product in the wasm GEMM's memory (see residentWasmDot) with the view
 * that reads it in the output's shape, for a fused epilogue; null where it cannot (groups, sizes).
 */
export function residentConvKernel(g: ConvGeometry, outShapeOrder: readonly number[]): { kernel: Kernel; view: View } | null {
  if (prod(g.out) === 0 || g.featureGroupCount > 1 || g.batchGroupCount > 1) return null;
  const gemm = wasmGemm();
  if (gemm === null) return null;
  const chosen = route(g, (l, out) => residentIndirectWasmDot(l.p, out), (l, out) => gemm.residentWasmDot(l.p, out));
  if (chosen === null) return null;
  const { pad, layout, product: r } = chosen;
  const { p } = layout;
  const prepare = makePrepare(g, pad);
  const [, , ...outSp] = g.out;
  // Canonical (n, o, spatial...) strides in the resident product, then in the output's dim order.
  const imageStride = layout.fold ? prod(outSp) * r.rowStride : r.batchStride;
  const canonical = [imageStride, 1, ...rowMajor(outSp).map((s) => s * r.rowStride)];
  const strides = new Array<number>(canonical.length);
  outShapeOrder.forEach((d, i) => (strides[d] = canonical[i]!));
  const kernel: Kernel = { name: "conv_general_dilated", source: `${describe(p, pad)}\n${r.kernel.source}`, run: (lhs, rhs) => r.kernel.run(prepare(lhs!), rhs!) };
  return { kernel, view: { offset: r.offset, strides } };
}
