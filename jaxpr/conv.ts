// The convolution primitive's params, shape rule and shape arithmetic (jax/_src/lax/convolution.py:
// ConvDimensionNumbers, _conv_general_dilated_shape_rule, conv_shape_tuple,
// conv_general_permutations, _conv_general_vjp_lhs_padding / _rhs_padding; lax.py's
// padtype_to_pads). Pure shape math, shared by the user API (src/lax), the transpose rules
// (src/ad) and the lowerings (backends/).
import { isFloat, isInteger, type DType } from "./dtypes.js";
import { RuntimeError, ShapedArray, ValueError, shapeString, type Shape } from "./shape.js";

/**
 * JAX's ConvDimensionNumbers: for lhs and out, (batch dim, feature dim, spatial dims...); for
 * rhs, (out feature dim, in feature dim, spatial dims...). Spatial dims are listed in the
 * kernel's order, which is the order of window_strides, padding and the dilations.
 */
export interface ConvDimensionNumbers {
  readonly lhsSpec: readonly number[];
  readonly rhsSpec: readonly number[];
  readonly outSpec: readonly number[];
}

/** One operand's lax.Precision, by name (the primitive carries names; src/lax has the enum). */
export type ConvPrecision = "DEFAULT" | "HIGH" | "HIGHEST";

export interface ConvParams {
  conv_general_dilated: {
    windowStrides: readonly number[];
    /** (low, high) per spatial dim; negative values crop. */
    padding: readonly (readonly [number, number])[];
    lhsDilation: readonly number[];
    rhsDilation: readonly number[];
    dimensionNumbers: ConvDimensionNumbers;
    featureGroupCount: number;
    batchGroupCount: number;
    /** Validated and carried (as JAX's); every precision computes the same values in dprog. */
    precision: readonly [ConvPrecision, ConvPrecision] | null;
    preferredElementType: DType | null;
  };
}

/** core.dilate_dim: the extent of d elements with dilation - 1 holes between neighbours. */
export const dilateDim = (d: number, dilation: number): number => (dilation === 1 ? d : Math.max(1 + dilation * (d - 1), 0));

/** core.stride_dim: how many windows of `window` fit in d at `stride`. */
export const strideDim = (d: number, window: number, stride: number): number => Math.max(Math.floor((d - window) / stride) + 1, 0);

const take = (xs: readonly number[], idx: readonly number[]): number[] => idx.map((i) => xs[i]!);

/** The padding kinds of lax.padtype_to_pads (case-insensitive, as JAX's PaddingType lookup). */
export type PadType = "SAME" | "VALID" | "SAME_LOWER";

/**
 * lax.padtype_to_pads: SAME pads so that out = ceil(in / stride), the odd element at the end
 * (SAME) or at the start (SAME_LOWER); VALID pads nothing.
 */
export function padtypeToPads(inShape: Shape, windowShape: Shape, windowStrides: readonly number[], padding: string): [number, number][] {
  const kind = padding.toUpperCase();
  if (kind !== "SAME" && kind !== "VALID" && kind !== "SAME_LOWER") {
    throw new RuntimeError(`Unrecognized padding type: expected 'VALID', 'SAME', or 'SAME_LOWER', got ${padding}.`);
  }
  if (kind === "VALID") return inShape.map(() => [0, 0]);
  return inShape.map((d, i) => {
    const s = windowStrides[i]!;
    const out = Math.ceil(d / s);
    const total = Math.max((out - 1) * s + windowShape[i]! - d, 0);
    const half = Math.floor(total / 2);
    return kind === "SAME" ? [half, total - half] : [total - half, half];
  });
}

/** Python's repr of a string sequence, for JAX's messages. */
const strings = (xs: readonly string[]): string => `(${xs.map((s) => `'${s}'`).join(", ")}${xs.length === 1 ? "," : ""})`;

/**
 * conv_general_permutations: the (batch, feature, spatial...) positions of each spec string,
 * lhs and out spatial dims ordered as the rhs spec lists them.
 */
export function convGeneralPermutations(specs: readonly [string, string, string]): ConvDimensionNumbers {
  const pairs = [["N", "C"], ["O", "I"], ["N", "C"]] as const;
  specs.forEach((spec, i) => {
    const [a, b] = pairs[i]!;
    const count = (c: string): number => spec.split("").filter((x) => x === c).length;
    if (!(count(a) === 1 && count(b) === 1)) {
      throw new TypeError(`convolution dimension_numbers[${i}] must contain the characters '${a}' and '${b}' exactly once, got ${spec}.`);
    }
    if (new Set(spec).size !== spec.length) throw new TypeError(`convolution dimension_numbers[${i}] cannot have duplicate characters, got ${spec}.`);
  });
  const spatial = specs.map((spec, i) => [...spec].filter((c) => c !== pairs[i]![0] && c !== pairs[i]![1]).sort().join(""));
  if (!(spatial[0] === spatial[1] && spatial[1] === spatial[2])) {
    throw new TypeError(`convolution dimension_numbers elements must each have the same set of spatial characters, got ${strings(specs)}.`);
  }
  const rhsSpec = specs[1];
  const perm = (spec: string, i: number): number[] => {
    const [a, b] = pairs[i]!;
    let sp = [...spec].map((_, j) => j).filter((j) => spec[j] !== a && spec[j] !== b);
    if (i !== 1) sp = sp.sort((x, y) => rhsSpec.indexOf(spec[x]!) - rhsSpec.indexOf(spec[y]!));
    return [spec.indexOf(a), spec.indexOf(b), ...sp];
  };
  return { lhsSpec: perm(specs[0], 0), rhsSpec: perm(specs[1], 1), outSpec: perm(specs[2], 2) };
}

/** The dimension numbers argument of the user API: string triples, ConvDimensionNumbers or null. */
export type ConvDimensionNumbersLike = readonly [string, string, string] | ConvDimensionNumbers | null | undefined;

const isDimensionNumbers = (v: unknown): v is ConvDimensionNumbers =>
  typeof v === "object" && v !== null && !Array.isArray(v) && "lhsSpec" in v && "rhsSpec" in v && "outSpec" in v;

/** lax.conv_dimension_numbers: canonical ConvDimensionNumbers (null: NCHW, OIHW, NCHW order). */
export function convDimensionNumbers(lhsShape: Shape, rhsShape: Shape, dimensionNumbers: ConvDimensionNumbersLike): ConvDimensionNumbers {
  if (isDimensionNumbers(dimensionNumbers)) return dimensionNumbers;
  if (lhsShape.length !== rhsShape.length) {
    throw new TypeError(`convolution requires lhs and rhs ndim to be equal, got ${lhsShape.length} and ${rhsShape.length}.`);
  }
  if (dimensionNumbers === null || dimensionNumbers === undefined) {
    const iota = lhsShape.map((_, i) => i);
    return { lhsSpec: iota, rhsSpec: iota, outSpec: iota };
  }
  if (!Array.isArray(dimensionNumbers)) throw new TypeError(`convolution dimension_numbers must be tuple/list or None, got ${typeof dimensionNumbers}.`);
  const dn = dimensionNumbers as readonly unknown[];
  if (dn.length !== 3) throw new TypeError(`convolution dimension_numbers list/tuple must be length 3, got ${dn.length}.`);
  if (!dn.every((e) => typeof e === "string")) throw new TypeError(`convolution dimension_numbers elements must be strings, got (${dn.map((e) => typeof e).join(", ")}).`);
  const specs = dn as readonly [string, string, string];
  specs.forEach((e, i) => {
    if (e.length !== lhsShape.length) {
      throw new TypeError(
        `convolution dimension_numbers[${i}] must have len equal to the ndim of lhs and rhs, got ${e.length} for lhs and rhs shapes ${shapeString(lhsShape)} and ${shapeString(rhsShape)}.`,
      );
    }
  });
  return convGeneralPermutations(specs);
}

/**
 * conv_shape_tuple: the output shape in canonical (batch, feature, spatial...) order, from
 * dilated canonical operand shapes.
 */
export function convShapeTuple(lhs: Shape, rhs: Shape, strides: readonly number[], pads: readonly (readonly [number, number])[], batchGroupCount: number): number[] {
  if (pads.length !== lhs.length - 2) throw new TypeError(`Wrong number of explicit pads for convolution: expected ${lhs.length - 2}, got ${pads.length}.`);
  const padded = lhs.slice(2).map((d, i) => d + pads[i]![0] + pads[i]![1]);
  if (padded.some((d) => d < 0)) {
    throw new ValueError(
      `Negative padding is larger than the size of the corresponding dimension: got padding=${padsString(pads)} for lhs_shape[2:]=${shapeString(lhs.slice(2))}`,
    );
  }
  const space = padded.map((d, i) => strideDim(d, rhs[i + 2]!, strides[i]!));
  return [batchGroupCount > 1 ? lhs[0]! / batchGroupCount : lhs[0]!, rhs[0]!, ...space];
}

export const padsString = (pads: readonly (readonly [number, number])[]): string =>
  pads.length === 1 ? `((${pads[0]![0]}, ${pads[0]![1]}),)` : `(${pads.map(([a, b]) => `(${a}, ${b})`).join(", ")})`;

const dilated = (shape: Shape, dilation: readonly number[]): number[] => shape.map((d, i) => (i < 2 ? d : dilateDim(d, dilation[i - 2]!)));

/** _validate_preferred_element_type, for conv_general_dilated. */
function checkPreferred(input: DType, preferred: DType): void {
  if (isInteger(input) && isFloat(preferred)) return;
  const kinds = [isInteger, isFloat];
  if (kinds.some((k) => k(input) && !k(preferred))) {
    throw new TypeError(
      "Input type is incompatible with `preferred_element_type`. The compatible combinations of (input_type, preferred_element_type) are (integral, integral), (integral, floating), (floating, floating), (complex, complex.",
    );
  }
  if (input === "int32" && preferred === "uint32") throw new TypeError("`preferred_element_type` must have the same signedness as the original type.");
  const bits = (d: DType): number => (d === "float64" ? 8 : d === "bool" ? 1 : 4);
  if (bits(preferred) < bits(input)) throw new TypeError("`preferred_element_type` must not be narrower than the original type.");
}

/** _conv_general_dilated_shape_rule and _dtype_rule, with JAX's messages. */
export function convShapeRule(avals: readonly ShapedArray[], params: ConvParams["conv_general_dilated"]): ShapedArray[] {
  const [lhs, rhs] = avals as [ShapedArray, ShapedArray];
  const { dimensionNumbers: dn, featureGroupCount: fgc, batchGroupCount: bgc, windowStrides, padding, lhsDilation, rhsDilation, preferredElementType } = params;
  const name = "conv_general_dilated";
  if (lhs.ndim !== rhs.ndim) {
    throw new ValueError(`${name} lhs and rhs must have the same number of dimensions, but got ${shapeString(lhs.shape)} and ${shapeString(rhs.shape)}.`);
  }
  const n = lhs.ndim;
  for (const [key, spec] of [["lhs_spec", dn.lhsSpec], ["rhs_spec", dn.rhsSpec], ["out_spec", dn.outSpec]] as const) {
    const sorted = [...spec].sort((a, b) => a - b);
    if (spec.length !== n || !sorted.every((d, i) => d === i)) {
      throw new TypeError(`${name}: dimension_numbers.${key} must be a permutation of range(${n}), got ${shapeString(spec)}.`);
    }
  }
  if (n < 2) throw new TypeError(`${name} operands must have rank at least 2, got shapes ${shapeString(lhs.shape)} and ${shapeString(rhs.shape)}.`);
  for (const [key, v] of [["lhs_dilation", lhsDilation], ["rhs_dilation", rhsDilation], ["window_strides", windowStrides]] as const) {
    if (v.length !== n - 2) throw new TypeError(`${name}: ${key} must have ${n - 2} entries (one per spatial dimension), got ${shapeString(v)}.`);
    if (v.some((x) => x < 1)) throw new ValueError(`${name}: ${key} must be positive, got ${shapeString(v)}.`);
  }
  if (!(fgc > 0)) throw new ValueError(`${name} feature_group_count must be a positive integer, got ${fgc}.`);
  const lhsFeatures = lhs.shape[dn.lhsSpec[1]!]!;
  if (lhsFeatures % fgc) {
    throw new ValueError(`${name} feature_group_count must divide lhs feature dimension size, but ${fgc} does not divide ${lhsFeatures}.`);
  }
  const rhsIn = rhs.shape[dn.rhsSpec[1]!]!;
  if (lhsFeatures / fgc !== rhsIn) {
    throw new ValueError(
      `${name} lhs feature dimension size divided by feature_group_count must equal the rhs input feature dimension size, but ${lhsFeatures} // ${fgc} != ${rhsIn}.`,
    );
  }
  const rhsOut = rhs.shape[dn.rhsSpec[0]!]!;
  if (rhsOut % fgc) {
    throw new ValueError(`${name} rhs output feature dimension size must be a multiple of feature_group_count, but ${rhsOut} is not a multiple of ${fgc}.`);
  }
  if (!(bgc > 0)) throw new ValueError(`${name} batch_group_count must be a positive integer, got ${bgc}.`);
  const lhsBatch = lhs.shape[dn.lhsSpec[0]!]!;
  if (bgc > 1 && lhsBatch % bgc !== 0) {
    throw new ValueError(`${name} batch_group_count must divide lhs batch dimension size, but ${bgc} does not divide ${lhsBatch}.`);
  }
  if (rhsOut % bgc) {
    throw new ValueError(`${name} rhs output feature dimension size must be a multiple of batch_group_count, but ${rhsOut} is not a multiple of ${bgc}.`);
  }
  if (bgc > 1 && fgc > 1) {
    throw new ValueError(`At most one of batch_group_count and feature_group_count may be > 1, got batch_group_count=${bgc} and feature_group_count=${fgc}`);
  }
  if (n - 2 !== windowStrides.length) {
    throw new ValueError(`${name} window and window_strides must have the same number of dimensions, but got ${n - 2} and ${windowStrides.length}`);
  }
  const lhsT = dilated(take(lhs.shape, dn.lhsSpec), lhsDilation);
  const rhsT = dilated(take(rhs.shape, dn.rhsSpec), rhsDilation);
  const outT = convShapeTuple(lhsT, rhsT, windowStrides, padding, bgc);
  const shape: number[] = new Array<number>(n);
  dn.outSpec.forEach((d, i) => (shape[d] = outT[i]!));
  if (lhs.dtype !== rhs.dtype) {
    throw new TypeError(
      `${name} requires arguments to have the same dtypes, got ${lhs.dtype}, ${rhs.dtype}. (Tip: np.${name} is a similar function that does automatic type promotion on inputs).`,
    );
  }
  if (preferredElementType !== null) checkPreferred(lhs.dtype, preferredElementType);
  return [new ShapedArray(shape, preferredElementType ?? lhs.dtype, preferredElementType === null && lhs.weakType && rhs.weakType)];
}

/** _conv_general_vjp_lhs_padding: the padding of the lhs transpose's convolution. */
export function convVjpLhsPadding(
  inShape: Shape, window: Shape, strides: readonly number[], outShape: Shape, padding: readonly (readonly [number, number])[], lhsDilation: readonly number[], rhsDilation: readonly number[],
): [number, number][] {
  return inShape.map((d, i) => {
    const lhsD = dilateDim(d, lhsDilation[i]!);
    const rhsD = dilateDim(window[i]!, rhsDilation[i]!);
    const outD = dilateDim(outShape[i]!, strides[i]!);
    const before = rhsD - padding[i]![0] - 1;
    return [before, lhsD + rhsD - 1 - outD - before];
  });
}

/** _conv_general_vjp_rhs_padding: the padding of the rhs transpose's convolution. */
export function convVjpRhsPadding(
  inShape: Shape, window: Shape, strides: readonly number[], outShape: Shape, padding: readonly (readonly [number, number])[], lhsDilation: readonly number[], rhsDilation: readonly number[],
): [number, number][] {
  return inShape.map((d, i) => {
    const lhsD = dilateDim(d, lhsDilation[i]!);
    const rhsD = dilateDim(window[i]!, rhsDilation[i]!);
    const outD = dilateDim(outShape[i]!, strides[i]!);
    const lo = padding[i]![0];
    return [lo, outD - lhsD + (rhsD - lo - 1)];
  });
}
