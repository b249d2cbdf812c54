// lax's convolutions (jax/_src/lax/convolution.py: conv_general_dilated, conv,
// conv_with_general_padding, conv_transpose, conv_dimension_numbers; jax/_src/lax/other.py:
// conv_general_dilated_patches). One primitive, conv_general_dilated, with explicit (low, high)
// padding; the string paddings and the conveniences resolve to it here.
import type { ConvPrecision, DType, Params } from "../../jaxpr/index.js";
import { checkDType, convDimensionNumbers as canonicalDimensionNumbers, dilateDim, padtypeToPads, describeValue } from "../../jaxpr/index.js";
import type * as P from "../../jaxpr/index.js";
import { ValueError } from "../core/errors.js";
import { Array, ArrayLike } from "../core/array.js";
import { bind1 } from "../core/trace.js";
import { asArray, asArrays } from "./core.js";
import { canonicalizePrecision, type PrecisionArg } from "./precision.js";
import { broadcastedIota, reshape, rev, transpose } from "./structural.js";
import { convertElementType, eq } from "./elementwise.js";
import { loadConvFamily } from "../families/conv.js";

/** lax.ConvDimensionNumbers: (batch, feature, spatial...) of lhs and out; (out feature, in feature, spatial...) of rhs. */
export type ConvDimensionNumbers = P.ConvDimensionNumbers;
/**
 * `lax.ConvDimensionNumbers(lhsSpec, rhsSpec, outSpec)` (JAX's NamedTuple): the dimension numbers
 * from the three specs, each a permutation of the operand's axes.
 *
 * @example
 * ```ts
 * const dn = lax.ConvDimensionNumbers([0, 3, 1, 2], [3, 2, 0, 1], [0, 3, 1, 2]);
 * dn.lhsSpec; // [0, 3, 1, 2]
 * ```
 */
export function ConvDimensionNumbers(lhsSpec: readonly number[], rhsSpec: readonly number[], outSpec: readonly number[]): ConvDimensionNumbers {
  for (const [name, spec] of [["lhs_spec", lhsSpec], ["rhs_spec", rhsSpec], ["out_spec", outSpec]] as const) {
    if (!globalThis.Array.isArray(spec) || !spec.every((d) => Number.isInteger(d))) throw new TypeError(`ConvDimensionNumbers: ${name} must be a sequence of integers, got ${String(spec)}.`);
  }
  return { lhsSpec: [...lhsSpec], rhsSpec: [...rhsSpec], outSpec: [...outSpec] };
}
/** The `dimensionNumbers` argument: null (NCHW, OIHW, NCHW), a string triple such as ["NHWC", "HWIO", "NHWC"], or ConvDimensionNumbers. */
export type ConvGeneralDilatedDimensionNumbers = P.ConvDimensionNumbersLike;
/** "SAME", "SAME_LOWER", "VALID" (any case), or explicit (low, high) pairs per spatial dimension. */
export type ConvPadding = string | readonly (readonly [number, number])[];

/** The keyword arguments of lax.conv_general_dilated after `padding`. */
export interface ConvGeneralDilatedOptions {
  lhsDilation?: readonly number[] | null;
  rhsDilation?: readonly number[] | null;
  dimensionNumbers?: ConvGeneralDilatedDimensionNumbers;
  featureGroupCount?: number;
  batchGroupCount?: number;
  /** Validated and carried; every precision computes the same (full-precision) values in dprog. */
  precision?: PrecisionArg;
  preferredElementType?: DType | null;
}

/** The keyword arguments of lax.conv_transpose after `padding`. */
export interface ConvTransposeOptions {
  rhsDilation?: readonly number[] | null;
  dimensionNumbers?: ConvGeneralDilatedDimensionNumbers;
  transposeKernel?: boolean;
  precision?: PrecisionArg;
  preferredElementType?: DType | null;
  useConsistentPadding?: boolean;
}

const isOptions = (v: unknown): boolean => typeof v === "object" && v !== null && !globalThis.Array.isArray(v);

/**
 * lax.convDimensionNumbers(lhsShape, rhsShape, dimensionNumbers): the canonical
 * ConvDimensionNumbers of string specs (or the default, or an existing ConvDimensionNumbers).
 *
 * @example
 * ```ts
 * const dn = lax.convDimensionNumbers([1, 5, 5, 3], [3, 3, 3, 8], ["NHWC", "HWIO", "NHWC"]);
 * dn.lhsSpec; // [0, 3, 1, 2]
 * dn.rhsSpec; // [3, 2, 0, 1]
 * dn.outSpec; // [0, 3, 1, 2]
 * ```
 */
export function convDimensionNumbers(lhsShape: readonly number[], rhsShape: readonly number[], dimensionNumbers: ConvGeneralDilatedDimensionNumbers = null): ConvDimensionNumbers {
  return canonicalDimensionNumbers(lhsShape, rhsShape, dimensionNumbers);
}

const precisionNames = (precision: PrecisionArg): readonly [ConvPrecision, ConvPrecision] | null => {
  const p = canonicalizePrecision(precision);
  // A dot algorithm preset computes as any precision does in dprog (full precision); the params
  // record lax.Precision names only.
  return p === null || !globalThis.Array.isArray(p) ? null : [p[0].name as ConvPrecision, p[1].name as ConvPrecision];
};

const ones = (n: number): number[] => new globalThis.Array<number>(n).fill(1);
const take = (xs: readonly number[], idx: readonly number[]): number[] => idx.map((i) => xs[i]!);

function explicitPads(padding: unknown): [number, number][] {
  const ok = globalThis.Array.isArray(padding) && padding.every((p) => globalThis.Array.isArray(p) && p.length === 2 && p.every((x) => Number.isSafeInteger(x)));
  if (!ok) throw new ValueError(`padding argument to conv_general_dilated should be a string or a sequence of (low, high) pairs, got ${describeValue(padding)}`);
  return (padding as readonly (readonly [number, number])[]).map(([lo, hi]) => [lo, hi]);
}

/** The primitive's params from the user's arguments (JAX's conv_general_dilated before bind). */
function convParams(lhs: Array, rhs: Array, windowStrides: readonly number[], padding: ConvPadding, o: ConvGeneralDilatedOptions): Params<"conv_general_dilated"> {
  const dn = canonicalDimensionNumbers(lhs.shape, rhs.shape, o.dimensionNumbers);
  const lhsDilation = o.lhsDilation ?? ones(lhs.ndim - 2);
  if (o.lhsDilation && typeof padding === "string" && !lhsDilation.every((d) => d === 1)) {
    throw new ValueError(
      "String padding is not implemented for transposed convolution using this op. Please either exactly specify the required padding or use conv_transpose.",
    );
  }
  const rhsDilation = o.rhsDilation ?? ones(rhs.ndim - 2);
  let pads: [number, number][];
  if (typeof padding === "string") {
    const window = take(rhs.shape, dn.rhsSpec).slice(2).map((k, i) => dilateDim(k, rhsDilation[i] ?? 1));
    pads = padtypeToPads(take(lhs.shape, dn.lhsSpec).slice(2), window, windowStrides, padding);
  } else {
    pads = explicitPads(padding);
  }
  const pref = o.preferredElementType;
  return {
    windowStrides: [...windowStrides],
    padding: pads,
    lhsDilation: [...lhsDilation],
    rhsDilation: [...rhsDilation],
    dimensionNumbers: dn,
    featureGroupCount: o.featureGroupCount ?? 1,
    batchGroupCount: o.batchGroupCount ?? 1,
    precision: precisionNames(o.precision),
    preferredElementType: pref === undefined || pref === null ? null : checkDType(pref),
  };
}

/**
 * lax.conv_general_dilated: an n-dimensional convolution (cross-correlation, as XLA's Conv) with
 * strides, padding, input (lhs) and kernel (rhs) dilation, any layout, and feature or batch
 * groups. The keyword arguments come as an options object or, as in JAX, positionally.
 *
 * @example
 * ```ts
 * // NHWC input, HWIO kernel, 3x3 "SAME" convolution
 * const x = np.ones([1, 4, 4, 2]);
 * const w = np.ones([3, 3, 2, 5]);
 * lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }).shape; // [1, 4, 4, 5]
 * // depthwise: one group per input channel (w: [3, 3, 1, C])
 * const depthwise = np.ones([3, 3, 1, 2]);
 * lax.convGeneralDilated(x, depthwise, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"], featureGroupCount: 2 }).shape; // [1, 4, 4, 2]
 * ```
 */
export function convGeneralDilated(
  lhs: ArrayLike,
  rhs: ArrayLike,
  windowStrides: readonly number[],
  padding: ConvPadding,
  lhsDilation: readonly number[] | ConvGeneralDilatedOptions | null = null,
  rhsDilation: readonly number[] | null = null,
  dimensionNumbers: ConvGeneralDilatedDimensionNumbers = null,
  featureGroupCount = 1,
  batchGroupCount = 1,
  precision: PrecisionArg = null,
  preferredElementType: DType | null = null,
): Array {
  const o: ConvGeneralDilatedOptions = isOptions(lhsDilation)
    ? (lhsDilation as ConvGeneralDilatedOptions)
    : { lhsDilation: lhsDilation as readonly number[] | null, rhsDilation, dimensionNumbers, featureGroupCount, batchGroupCount, precision, preferredElementType };
  const [l, r] = asArrays([lhs, rhs]) as [Array, Array];
  loadConvFamily();
  return bind1("conv_general_dilated", [l, r], convParams(l, r, windowStrides, padding, o));
}

/**
 * lax.conv: conv_general_dilated with NCHW/OIHW layouts, no dilation and "SAME" or "VALID" padding.
 *
 * @example
 * ```ts
 * const x = np.ones([1, 2, 5, 5]); // shape [N, C, H, W]
 * const w = np.ones([3, 2, 3, 3]); // shape [O, C, KH, KW]
 * lax.conv(x, w, [1, 1], "VALID").shape; // [1, 3, 3, 3]
 * ```
 */
export function conv(lhs: ArrayLike, rhs: ArrayLike, windowStrides: readonly number[], padding: ConvPadding, precision: PrecisionArg = null, preferredElementType: DType | null = null): Array {
  return convGeneralDilated(lhs, rhs, windowStrides, padding, { precision, preferredElementType });
}

/**
 * `lax.convWithGeneralPadding(lhs, rhs, windowStrides, padding, lhsDilation, rhsDilation)` (jax.lax.conv_with_general_padding): lax.conv with explicit padding and dilations (NCH / OIH layouts).
 *
 * @example
 * ```ts
 * const x = np.array([1, 2, 3]).reshape([1, 1, 3]);
 * const k = np.array([1, 1]).reshape([1, 1, 2]);
 * lax.convWithGeneralPadding(x, k, [1], [[1, 1]], null, [2]); // Array([[[2., 4., 2.]]], dtype=float32)
 * ```
 */
export function convWithGeneralPadding(
  lhs: ArrayLike,
  rhs: ArrayLike,
  windowStrides: readonly number[],
  padding: ConvPadding,
  lhsDilation: readonly number[] | null,
  rhsDilation: readonly number[] | null,
  precision: PrecisionArg = null,
  preferredElementType: DType | null = null,
): Array {
  return convGeneralDilated(lhs, rhs, windowStrides, padding, { lhsDilation, rhsDilation, precision, preferredElementType });
}

/** _conv_transpose_padding: (before, after) padding of one dim of a transposed convolution. */
function transposePadding(k: number, s: number, padding: string | readonly [number, number]): [number, number] {
  let padLen: number;
  let padA: number;
  if (padding === "SAME") {
    padLen = k + s - 2;
    padA = s > k - 1 ? k - 1 : Math.ceil(padLen / 2);
  } else if (padding === "VALID") {
    padLen = k + s - 2 + Math.max(k - s, 0);
    padA = k - 1;
  } else if (globalThis.Array.isArray(padding)) {
    const pads = (padding as readonly number[]).map((p) => k - p - 1);
    padA = pads[0]!;
    padLen = pads[0]! + pads[1]!;
  } else {
    throw new ValueError(`Invalid padding mode: ${describeValue(padding)}`);
  }
  return [padA, padLen - padA];
}

const DEFAULT_TRANSPOSE_SPECS: Readonly<Record<number, readonly [string, string, string]>> = {
  2: ["NC", "IO", "NC"],
  3: ["NHC", "HIO", "NHC"],
  4: ["NHWC", "HWIO", "NHWC"],
  5: ["NHWDC", "HWDIO", "NHWDC"],
};

/**
 * lax.conv_transpose: a fractionally strided convolution (the input dilated by `strides`), with
 * TensorFlow's layouts by default. "SAME" and "VALID" (and, with `useConsistentPadding`, pairs)
 * name the forward convolution's padding; `transposeKernel` flips the kernel's spatial axes and
 * swaps its feature axes, which makes this the gradient of conv (Keras's Conv2DTranspose).
 *
 * @example
 * ```ts
 * const x = np.ones([1, 3, 3, 2]); // shape [N, H, W, C]
 * const w = np.ones([2, 2, 2, 4]); // shape [KH, KW, C, O]
 * lax.convTranspose(x, w, [2, 2], "SAME").shape; // [1, 6, 6, 4]
 * ```
 */
export function convTranspose(
  lhs: ArrayLike,
  rhs: ArrayLike,
  strides: readonly number[],
  padding: ConvPadding,
  rhsDilation: readonly number[] | ConvTransposeOptions | null = null,
  dimensionNumbers: ConvGeneralDilatedDimensionNumbers = null,
  transposeKernel = false,
  precision: PrecisionArg = null,
  preferredElementType: DType | null = null,
  useConsistentPadding = false,
): Array {
  const o: ConvTransposeOptions = isOptions(rhsDilation)
    ? (rhsDilation as ConvTransposeOptions)
    : { rhsDilation: rhsDilation as readonly number[] | null, dimensionNumbers, transposeKernel, precision, preferredElementType, useConsistentPadding };
  let [l, r] = asArrays([lhs, rhs]) as [Array, Array];
  if (l.ndim !== r.ndim || l.ndim < 2) {
    throw new ValueError(`conv_transpose requires lhs and rhs of equal rank at least 2, got shapes ${describeValue(l.shape)} and ${describeValue(r.shape)}.`);
  }
  const specs = o.dimensionNumbers ?? DEFAULT_TRANSPOSE_SPECS[l.ndim];
  if (specs === undefined) throw new ValueError("No 4+ dimensional dimension_number defaults.");
  const dn = canonicalDimensionNumbers(l.shape, r.shape, specs);
  const kSpatial = take(r.shape, dn.rhsSpec).slice(2);
  const rhsDil = o.rhsDilation ?? ones(r.ndim - 2);
  let pads: ConvPadding;
  if (o.useConsistentPadding || padding === "SAME" || padding === "VALID") {
    const eff = kSpatial.map((k, i) => dilateDim(k, rhsDil[i]!));
    pads = eff.map((k, i) => transposePadding(k, strides[i]!, typeof padding === "string" ? padding : padding[i]!));
  } else {
    pads = padding;
  }
  if (o.transposeKernel) {
    r = rev(r, dn.rhsSpec.slice(2));
    const perm = [...globalThis.Array(r.ndim).keys()];
    perm[dn.rhsSpec[0]!] = dn.rhsSpec[1]!;
    perm[dn.rhsSpec[1]!] = dn.rhsSpec[0]!;
    r = transpose(r, perm);
  }
  return convGeneralDilated(l, r, ones(l.ndim - 2), pads, {
    lhsDilation: strides,
    rhsDilation: rhsDil,
    dimensionNumbers: dn,
    precision: o.precision ?? null,
    preferredElementType: o.preferredElementType ?? null,
  });
}

/**
 * lax.conv_general_dilated_patches: the patches a convolution with this window would see, flattened
 * into the output's feature dimension (input feature major, then the window's positions in
 * rhs-spec order); computed as a grouped convolution with a one-hot kernel, as JAX does.
 *
 * @example
 * ```ts
 * const x = np.ones([1, 2, 5, 5]); // shape [N, C, H, W]
 * lax.convGeneralDilatedPatches(x, [3, 3], [1, 1], "VALID").shape; // [1, 18, 3, 3]
 * ```
 */
export function convGeneralDilatedPatches(
  lhs: ArrayLike,
  filterShape: readonly number[],
  windowStrides: readonly number[],
  padding: ConvPadding,
  lhsDilation: readonly number[] | null = null,
  rhsDilation: readonly number[] | null = null,
  dimensionNumbers: ConvGeneralDilatedDimensionNumbers = null,
  precision: PrecisionArg = null,
  preferredElementType: DType | null = null,
): Array {
  const x = asArray(lhs);
  const dn = canonicalDimensionNumbers(x.shape, [1, 1, ...filterShape], dimensionNumbers);
  const spatial = filterShape.reduce((a, b) => a * b, 1);
  const channels = x.shape[dn.lhsSpec[1]!]!;
  // A one-hot kernel: output channel c * spatial + s reads input channel c at window position s.
  const shape = [channels, spatial, spatial];
  const eye = convertElementType(eq(broadcastedIota("int32", shape, 1), broadcastedIota("int32", shape, 2)), x.dtype);
  let w = reshape(eye, [channels * spatial, 1, ...filterShape]);
  // Move the (O, I) axes to where the rhs spec says they are (util.moveaxis).
  const order = [...globalThis.Array(w.ndim).keys()].filter((d) => d !== 0 && d !== 1);
  const perm: number[] = new globalThis.Array<number>(w.ndim);
  perm[dn.rhsSpec[0]!] = 0;
  perm[dn.rhsSpec[1]!] = 1;
  let k = 0;
  for (let d = 0; d < w.ndim; d++) if (d !== dn.rhsSpec[0] && d !== dn.rhsSpec[1]) perm[d] = order[k++]!;
  w = transpose(w, perm);
  const p = canonicalizePrecision(precision);
  return convGeneralDilated(x, w, windowStrides, padding, {
    lhsDilation,
    rhsDilation,
    dimensionNumbers: dn,
    precision: p === null ? null : globalThis.Array.isArray(p) ? [p[0], "DEFAULT"] : p,
    featureGroupCount: channels,
    preferredElementType,
  });
}
