// Abstract evaluation: each primitive's shape/dtype rule, with JAX's error wording.
import { DType, isFloat, isInteger, isBool, isComplex, isInexact, realPartDtype, complexDtypeOf, INTEGER_BITS, ITEMSIZE, isIntN, intNRefused } from "./dtypes.js";
import { ShapedArray, Shape, shapeString, shapeSize, shapeEqual } from "./shape.js";
import type {
  Params,
  PrimitiveName,
  UnaryElementwiseName,
  BinaryElementwiseName,
  ReduceName,
  CumulativeName,
  ScatterName,
} from "./params.js";
import { checkParams } from "./paramChecks.js";
import { COLLECTIVE_SHAPE_RULES } from "./collectiveShapeRules.js";
import { RuleTable, type CorePrimitiveName } from "./families.js";

export type ShapeRule<P extends PrimitiveName> = (avals: readonly ShapedArray[], params: Params<P>) => ShapedArray[];

const tuple = (xs: readonly number[]): string => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`);

// JAX's dtype sets (lax.py): _float, _int, _bool, _num (with complex), _any, _bool_or_int,
// _float | _complex ("inexact"), _int | _float ("real": rem) and _ordered (no complex: lt, le, ...).
type Kind = "float" | "int" | "bool" | "number" | "any" | "intOrBool" | "inexact" | "real" | "ordered" | "realAny";
const KIND_NAMES: Record<Kind, string> = {
  float: "floating",
  int: "integer",
  bool: "bool",
  number: "integer, floating, complexfloating",
  any: "number, bool",
  intOrBool: "integer, bool",
  inexact: "floating, complexfloating",
  real: "integer, floating",
  ordered: "integer, floating, bool",
  realAny: "integer, floating, bool",
};
function kindAccepts(kind: Kind, d: DType): boolean {
  switch (kind) {
    case "inexact":
      return isInexact(d);
    case "real":
      return isInteger(d) || isFloat(d);
    case "ordered":
    case "realAny":
      return !isComplex(d);
    case "float":
      return isFloat(d);
    case "int":
      return isInteger(d);
    case "bool":
      return isBool(d);
    case "number":
      return !isBool(d);
    case "any":
      return true;
    case "intOrBool":
      return isInteger(d) || isBool(d);
  }
}
/** JAX's unop/naryop dtype rule errors; an n-ary op's names the operand's position (jax/_src/lax/lax.py, naryop_dtype_rule). */
function checkKind(name: string, kind: Kind, d: DType, position?: number): void {
  if (!kindAccepts(kind, d)) {
    const at = position === undefined ? "" : ` at position ${position}`;
    throw new TypeError(`${name} does not accept dtype ${d}${at}. Accepted dtypes${at} are subtypes of ${KIND_NAMES[kind]}.`);
  }
}

/** lax's broadcasting rule: equal ranks (rank-0 operands excepted), sizes equal or 1. */
export function broadcastingShape(name: string, avals: readonly ShapedArray[]): number[] {
  const shapes = avals.map((a) => a.shape).filter((s) => s.length > 0);
  if (shapes.length === 0) return [];
  const rank = shapes[0]!.length;
  if (shapes.some((s) => s.length !== rank)) {
    throw new TypeError(`${name}: arrays must have same number of dimensions, got ${shapes.map(shapeString).join(", ")}.`);
  }
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const si = s[i]!;
      if (si === d || si === 1) continue;
      if (d === 1) d = si;
      else throw new TypeError(`${name} got incompatible shapes for broadcasting: ${shapes.map(shapeString).join(", ")}.`);
    }
    out.push(d);
  }
  return out;
}

function sameDtypes(name: string, avals: readonly ShapedArray[]): DType {
  const d = avals[0]!.dtype;
  for (const a of avals) {
    if (a.dtype !== d) {
      throw new TypeError(
        `${name} requires arguments to have the same dtypes, got ${avals.map((x) => x.dtype).join(", ")}. ` +
          `(Tip: np.${name} is a similar function that does automatic type promotion on inputs).`,
      );
    }
  }
  return d;
}

const allWeak = (avals: readonly ShapedArray[]): boolean => avals.every((a) => a.weakType);

// Complex operands: "inexact" and "number" accept them as JAX does. The inverse trigonometric
// and hyperbolic functions and atan2, which JAX also accepts, are float-only here (dprog has no
// complex lowering for them).
const UNARY_KINDS: Record<UnaryElementwiseName, Kind> = {
  neg: "number", sign: "number", floor: "float", ceil: "float", round: "float", reduce_precision: "float", is_finite: "float",
  exp: "inexact", exp2: "inexact", log: "inexact", log1p: "inexact", expm1: "inexact", tanh: "inexact",
  logistic: "inexact", sin: "inexact", cos: "inexact", tan: "inexact", asin: "float", acos: "float",
  atan: "float", sinh: "inexact", cosh: "inexact", asinh: "float", acosh: "float", atanh: "float",
  sqrt: "inexact", rsqrt: "inexact", cbrt: "float", abs: "number", erf: "float", not: "intOrBool",
  square: "number", integer_pow: "number", stop_gradient: "any",
};

const BINARY_KINDS: Record<BinaryElementwiseName, Kind> = {
  add: "number", sub: "number", mul: "number", div: "number", rem: "real", pow: "inexact",
  max: "any", min: "any", atan2: "float", and: "intOrBool", or: "intOrBool", xor: "intOrBool",
  eq: "any", ne: "any", lt: "ordered", le: "ordered", gt: "ordered", ge: "ordered",
  shift_left: "int", shift_right_logical: "int", shift_right_arithmetic: "int", logaddexp: "float",
};
const COMPARISONS = new Set<BinaryElementwiseName>(["eq", "ne", "lt", "le", "gt", "ge"]);

function unaryRule(name: UnaryElementwiseName): ShapeRule<UnaryElementwiseName> {
  const kind = UNARY_KINDS[name];
  return ([x]) => {
    checkKind(name, kind, x!.dtype);
    if (name === "abs" && isIntN(x!.dtype)) throw intNRefused(name, x!.dtype);
    if (name === "is_finite") return [new ShapedArray(x!.shape, "bool", false)];
    // JAX's abs_p: the complex base type (|z| is real).
    if (name === "abs" && isComplex(x!.dtype)) return [x!.update({ dtype: realPartDtype(x!.dtype) })];
    return [x!];
  };
}

function binaryRule(name: BinaryElementwiseName): ShapeRule<BinaryElementwiseName> {
  const kind = BINARY_KINDS[name];
  const isComparison = COMPARISONS.has(name);
  return (avals) => {
    const dtype = sameDtypes(name, avals);
    // The operands share one dtype, so the first one JAX finds wrong is at position 0.
    checkKind(name, kind, dtype, 0);
    const shape = broadcastingShape(name, avals);
    if (isComparison) return [new ShapedArray(shape, "bool", false)];
    return [new ShapedArray(shape, dtype, allWeak(avals))];
  };
}

function checkAxes(name: string, axes: readonly number[], ndim: number): void {
  const seen = new Set<number>();
  for (const a of axes) {
    if (!Number.isInteger(a) || a < 0 || a >= ndim) {
      throw new TypeError(`${name}: axes ${tuple(axes)} out of range for operand of rank ${ndim}.`);
    }
    if (seen.has(a)) throw new TypeError(`${name}: duplicate value in 'axes': ${tuple(axes)}.`);
    seen.add(a);
  }
}

function reduceRule(name: ReduceName): ShapeRule<ReduceName> {
  // reduce_max/min of complex (JAX: lexicographic) is not lowered in dprog: "realAny".
  const kind: Kind = name === "reduce_and" || name === "reduce_or" ? "intOrBool" : name === "reduce_max" || name === "reduce_min" ? "realAny" : "number";
  return ([x], { axes }) => {
    checkKind(name, kind, x!.dtype);
    checkAxes(name, axes, x!.ndim);
    const shape = x!.shape.filter((_, i) => !axes.includes(i));
    return [new ShapedArray(shape, x!.dtype, x!.weakType)];
  };
}

function cumulativeRule(name: CumulativeName): ShapeRule<CumulativeName> {
  return ([x], { axis }) => {
    // Complex: cumsum and cumprod (JAX also has cummax, cummin of complex; dprog does not lower them).
    checkKind(name, name === "cumsum" || name === "cumprod" ? "number" : "realAny", x!.dtype);
    if (!Number.isInteger(axis) || axis < 0 || axis >= x!.ndim) {
      throw new TypeError(`${name}: axis ${axis} is out of bounds for array of rank ${x!.ndim}.`);
    }
    return [x!];
  };
}

function checkIndexDtype(name: string, a: ShapedArray): void {
  if (!isInteger(a.dtype)) throw new TypeError(`${name} indices must have an integer type, got ${a.dtype}.`);
}

function scatterRule(name: ScatterName): ShapeRule<ScatterName> {
  return ([operand, indices, updates], { dimensionNumbers: dn }) => {
    checkIndexDtype(name, indices!);
    // scatter-mul/min/max of complex are not lowered in dprog.
    if (name !== "scatter" && name !== "scatter-add") checkKind(name, "realAny", operand!.dtype);
    if (operand!.dtype !== updates!.dtype) {
      throw new TypeError(`${name} requires operand and updates to have the same dtypes, got ${operand!.dtype}, ${updates!.dtype}.`);
    }
    const batchRank = indices!.ndim - 1;
    const windowRank = dn.updateWindowDims.length;
    if (updates!.ndim !== batchRank + windowRank) {
      throw new TypeError(
        `${name}: updates rank must be ${batchRank + windowRank} (scatter indices batch rank ${batchRank} + ` +
          `update_window_dims ${tuple(dn.updateWindowDims)}), got updates of shape ${shapeString(updates!.shape)}.`,
      );
    }
    if (indices!.shape[indices!.ndim - 1] !== dn.scatterDimsToOperandDims.length) {
      throw new TypeError(
        `${name}: last dimension of indices (${indices!.shape[indices!.ndim - 1]}) must equal the length of ` +
          `scatter_dims_to_operand_dims ${tuple(dn.scatterDimsToOperandDims)}.`,
      );
    }
    return [operand!];
  };
}

function forEachName<N extends string, R>(names: readonly N[], make: (n: N) => R): Record<N, R> {
  const out = {} as Record<N, R>;
  for (const n of names) out[n] = make(n);
  return out;
}

import { UNARY_ELEMENTWISE, BINARY_ELEMENTWISE, REDUCTIONS, CUMULATIVE, SCATTERS } from "./params.js";

function permutationCheck(name: string, perm: readonly number[], ndim: number, shape: Shape): void {
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== ndim || sorted.some((v, i) => v !== i)) {
    throw new TypeError(
      `${name} permutation isn't a permutation of operand dimensions, got permutation ${tuple(perm)} for operand shape ${shapeString(shape)}.`,
    );
  }
}

/** The core primitives' shape rules; the families' (jaxpr/families.ts) join SHAPE_RULE_TABLE when their modules load. */
export const CORE_SHAPE_RULES: { [P in CorePrimitiveName]: ShapeRule<P> } = {
  ...COLLECTIVE_SHAPE_RULES,
  ...forEachName(UNARY_ELEMENTWISE, unaryRule),
  ...forEachName(BINARY_ELEMENTWISE, binaryRule),
  ...forEachName(REDUCTIONS, reduceRule),
  ...forEachName(CUMULATIVE, cumulativeRule),
  ...forEachName(SCATTERS, scatterRule),

  select_n([which, ...cases]) {
    if (cases.length === 0) throw new TypeError("select_n must have at least one case");
    if (which!.dtype !== "bool" && which!.dtype !== "int32") {
      throw new TypeError(`select_n which must be boolean or int32, got ${which!.dtype}.`);
    }
    if (which!.dtype === "bool" && cases.length > 2) {
      throw new TypeError("select_n with boolean which argument requires at most two cases.");
    }
    const dtype = sameDtypes("select_n", cases);
    for (const c of cases) {
      if (!shapeEqual(c.shape, cases[0]!.shape)) {
        throw new TypeError(`select_n cases must have the same shapes, got [${cases.map((c) => shapeString(c.shape)).join(", ")}].`);
      }
    }
    if (which!.ndim !== 0 && !shapeEqual(which!.shape, cases[0]!.shape)) {
      throw new TypeError(
        `select_n which must be scalar or have the same shape as cases, got which shape ${shapeString(which!.shape)} but case shape ${shapeString(cases[0]!.shape)}.`,
      );
    }
    return [new ShapedArray(cases[0]!.shape, dtype, allWeak(cases))];
  },

  clamp([lo, x, hi]) {
    sameDtypes("clamp", [lo!, x!, hi!]);
    checkKind("clamp", "ordered", x!.dtype);
    for (const [which, b] of [["min", lo!], ["max", hi!]] as const) {
      if (b.ndim !== 0 && !shapeEqual(b.shape, x!.shape)) {
        throw new TypeError(
          `clamp requires ${which} shape to be a scalar or equal to operand shape, got ${which} shape ${shapeString(b.shape)} and operand shape ${shapeString(x!.shape)}.`,
        );
      }
    }
    return [x!];
  },

  // JAX's standard_naryop([_float, _float, _float]); the operands are broadcast by its callers.
  regularized_incomplete_beta(avals) {
    const dtype = sameDtypes("regularized_incomplete_beta", avals);
    checkKind("regularized_incomplete_beta", "float", dtype);
    if (avals.some((a) => !shapeEqual(a.shape, avals[0]!.shape))) {
      throw new TypeError(`regularized_incomplete_beta requires arguments to have the same shapes, got ${avals.map((a) => shapeString(a.shape)).join(", ")}.`);
    }
    return [new ShapedArray(avals[0]!.shape, dtype, allWeak(avals))];
  },

  convert_element_type([x], { newDtype, weakType }) {
    return [new ShapedArray(x!.shape, newDtype, weakType)];
  },

  broadcast_in_dim([x], { shape, broadcastDimensions: dims }) {
    const s = x!.shape;
    if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new TypeError(`broadcast_in_dim shape must have every element be nonnegative, got ${tuple(shape)}.`);
    }
    if (dims.length !== s.length) {
      throw new TypeError(
        `broadcast_in_dim broadcast_dimensions must have length equal to operand ndim; got broadcast_dimensions ${tuple(dims)} for operand ndim ${s.length}.`,
      );
    }
    for (let i = 0; i < dims.length; i++) {
      const d = dims[i]!;
      if (!Number.isInteger(d) || d < 0 || d >= shape.length || (i > 0 && d <= dims[i - 1]!)) {
        throw new TypeError(
          `broadcast_in_dim broadcast_dimensions must be strictly increasing and in range of the target rank ${shape.length}; got broadcast_dimensions ${tuple(dims)}.`,
        );
      }
      if (s[i] !== 1 && s[i] !== shape[d]) {
        throw new TypeError(
          `broadcast_in_dim operand dimension sizes must either be 1, or be equal to their corresponding dimensions in the target broadcast shape; ` +
            `got operand of shape ${shapeString(s)}, target broadcast shape ${shapeString(shape)}, broadcast_dimensions ${tuple(dims)}`,
        );
      }
    }
    return [x!.update({ shape })];
  },

  reshape([x], { newSizes }) {
    if (newSizes.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new TypeError(`reshape new_sizes must all be nonnegative integers, got ${tuple(newSizes)}.`);
    }
    if (shapeSize(newSizes) !== x!.size) {
      throw new TypeError(
        `reshape total size must be unchanged, got new_sizes ${tuple(newSizes)} (of total size ${shapeSize(newSizes)}) for shape ${shapeString(x!.shape)} (of total size ${x!.size}).`,
      );
    }
    return [x!.update({ shape: newSizes })];
  },

  transpose([x], { permutation }) {
    permutationCheck("transpose", permutation, x!.ndim, x!.shape);
    return [x!.update({ shape: permutation.map((p) => x!.shape[p]!) })];
  },

  squeeze([x], { dimensions }) {
    checkAxes("squeeze", dimensions, x!.ndim);
    for (const d of dimensions) {
      if (x!.shape[d] !== 1) {
        throw new TypeError(`cannot select an axis to squeeze out which has size not equal to one, got shape=${shapeString(x!.shape)} and dimensions=${tuple(dimensions)}`);
      }
    }
    return [x!.update({ shape: x!.shape.filter((_, i) => !dimensions.includes(i)) })];
  },

  expand_dims([x], { dimensions }) {
    const ndim = x!.ndim + dimensions.length;
    checkAxes("expand_dims", dimensions, ndim);
    const shape: number[] = [];
    let j = 0;
    for (let i = 0; i < ndim; i++) shape.push(dimensions.includes(i) ? 1 : x!.shape[j++]!);
    return [x!.update({ shape })];
  },

  rev([x], { dimensions }) {
    checkAxes("rev", dimensions, x!.ndim);
    return [x!];
  },

  pad([x, padValue], { paddingConfig }) {
    sameDtypes("pad", [x!, padValue!]);
    if (padValue!.ndim !== 0) throw new TypeError(`pad padding_value must be a scalar, got shape ${shapeString(padValue!.shape)}.`);
    if (paddingConfig.length !== x!.ndim) {
      throw new TypeError(
        `length of padding_config must equal the number of axes of operand, got padding_config ${JSON.stringify(paddingConfig)} for operand shape ${shapeString(x!.shape)}.`,
      );
    }
    const shape = x!.shape.map((d, i) => {
      const [lo, hi, interior] = paddingConfig[i]!;
      if (interior < 0) throw new TypeError(`interior padding in padding_config must be nonnegative, got padding_config ${JSON.stringify(paddingConfig)}`);
      const n = lo + hi + d + Math.max(0, d - 1) * interior;
      if (n < 0) {
        throw new TypeError(`Dimension size after padding is not at least 0, got result shape dimension ${n} for padding_config ${JSON.stringify(paddingConfig)}.`);
      }
      return n;
    });
    return [x!.update({ shape })];
  },

  concatenate(xs, { dimension }) {
    if (xs.length === 0) throw new TypeError("concatenate requires a non-empty sequence of operands.");
    const x0 = xs[0]!;
    const dtype = sameDtypes("concatenate", xs);
    if (!Number.isInteger(dimension) || dimension < 0 || dimension >= x0.ndim) {
      throw new TypeError(`concatenate dimension out of bounds: dimension ${dimension} for shapes ${xs.map((x) => shapeString(x.shape)).join(", ")}.`);
    }
    for (const x of xs) {
      if (x.ndim !== x0.ndim || x.shape.some((d, i) => i !== dimension && d !== x0.shape[i])) {
        throw new TypeError(
          `Cannot concatenate arrays with shapes that differ in dimensions other than the one being concatenated: concatenating along dimension ${dimension} for shapes ${xs.map((x) => shapeString(x.shape)).join(", ")}.`,
        );
      }
    }
    const shape = [...x0.shape];
    shape[dimension] = xs.reduce((acc, x) => acc + x.shape[dimension]!, 0);
    return [new ShapedArray(shape, dtype, allWeak(xs))];
  },

  slice([x], { startIndices, limitIndices, strides }) {
    const s = x!.shape;
    if (startIndices.length !== s.length || limitIndices.length !== s.length || (strides && strides.length !== s.length)) {
      throw new TypeError(
        `slice start_indices must have length equal to the number of dimensions of the operand, got indices ${tuple(startIndices)} for operand shape ${shapeString(s)}.`,
      );
    }
    const shape = s.map((d, i) => {
      const lo = startIndices[i]!;
      const hi = limitIndices[i]!;
      const st = strides ? strides[i]! : 1;
      if (lo < 0 || hi > d || hi < lo || st <= 0) {
        throw new TypeError(
          `slice start_indices ${tuple(startIndices)}, limit_indices ${tuple(limitIndices)} and strides ${strides ? tuple(strides) : "None"} are out of range for operand shape ${shapeString(s)}.`,
        );
      }
      return Math.ceil((hi - lo) / st);
    });
    return [x!.update({ shape })];
  },

  dynamic_slice([x, ...idx], { sliceSizes }) {
    if (idx.length !== x!.ndim || sliceSizes.length !== x!.ndim) {
      throw new TypeError(
        `dynamic_slice start_indices and slice_sizes must have length equal to the number of dimensions of the operand, got ${idx.length} indices and slice_sizes ${tuple(sliceSizes)} for operand shape ${shapeString(x!.shape)}.`,
      );
    }
    for (const i of idx) {
      checkIndexDtype("dynamic_slice", i);
      if (i.ndim !== 0) throw new TypeError("dynamic_slice start indices must be scalars.");
    }
    sliceSizes.forEach((n, i) => {
      if (n < 0 || n > x!.shape[i]!) {
        throw new TypeError(`slice slice_sizes must be less than or equal to operand shape, got slice_sizes ${tuple(sliceSizes)} for operand shape ${shapeString(x!.shape)}.`);
      }
    });
    return [x!.update({ shape: sliceSizes })];
  },

  dynamic_update_slice([x, update, ...idx]) {
    if (x!.dtype !== update!.dtype) {
      throw new TypeError(`dynamic_update_slice update must have the same dtype as operand, got ${update!.dtype}, ${x!.dtype}.`);
    }
    if (update!.ndim !== x!.ndim || update!.shape.some((d, i) => d > x!.shape[i]!)) {
      throw new TypeError(
        `dynamic_update_slice update shape must be smaller than operand shape, got update shape ${shapeString(update!.shape)} for operand shape ${shapeString(x!.shape)}.`,
      );
    }
    if (idx.length !== x!.ndim) {
      throw new TypeError(`dynamic_update_slice start_indices must have length equal to the number of dimensions of the operand, got ${idx.length} for operand shape ${shapeString(x!.shape)}.`);
    }
    for (const i of idx) checkIndexDtype("dynamic_update_slice", i);
    return [x!];
  },

  gather([operand, indices], { dimensionNumbers: dn, sliceSizes }) {
    checkIndexDtype("gather", indices!);
    if (sliceSizes.length !== operand!.ndim) {
      throw new TypeError(`gather slice_sizes must have the same length as operand rank, got slice_sizes ${tuple(sliceSizes)} for operand shape ${shapeString(operand!.shape)}.`);
    }
    if (indices!.shape[indices!.ndim - 1] !== dn.startIndexMap.length) {
      throw new TypeError(
        `gather: last dimension of indices (${indices!.shape[indices!.ndim - 1]}) must equal the length of start_index_map ${tuple(dn.startIndexMap)}.`,
      );
    }
    sliceSizes.forEach((n, i) => {
      if (n < 0 || n > operand!.shape[i]!) {
        throw new TypeError(`gather slice_sizes must be in range [0, operand dimension], got slice_sizes ${tuple(sliceSizes)} for operand shape ${shapeString(operand!.shape)}.`);
      }
    });
    const batchShape = indices!.shape.slice(0, -1);
    const removed = new Set([...dn.collapsedSliceDims, ...dn.operandBatchingDims]);
    const offsetSizes = sliceSizes.filter((_, i) => !removed.has(i));
    const rank = batchShape.length + offsetSizes.length;
    if (dn.offsetDims.length !== offsetSizes.length) {
      throw new TypeError(`gather: offset_dims ${tuple(dn.offsetDims)} must have one entry per slice dimension that is not collapsed (${offsetSizes.length}).`);
    }
    const shape: number[] = [];
    let b = 0;
    let o = 0;
    for (let i = 0; i < rank; i++) shape.push(dn.offsetDims.includes(i) ? offsetSizes[o++]! : batchShape[b++]!);
    return [new ShapedArray(shape, operand!.dtype, operand!.weakType)];
  },

  real([x]) {
    if (!isComplex(x!.dtype)) throw new TypeError(`real does not accept dtype ${x!.dtype}. Accepted dtypes are subtypes of complexfloating.`);
    return [x!.update({ dtype: realPartDtype(x!.dtype) })];
  },
  imag([x]) {
    if (!isComplex(x!.dtype)) throw new TypeError(`imag does not accept dtype ${x!.dtype}. Accepted dtypes are subtypes of complexfloating.`);
    return [x!.update({ dtype: realPartDtype(x!.dtype) })];
  },
  conj([x]) {
    checkKind("conj", "inexact", x!.dtype);
    return [x!.update({ dtype: complexDtypeOf(x!.dtype) })];
  },
  complex(avals) {
    // JAX's complex_p: operands float32 or float64, of one dtype; the result complex64/complex128.
    const dtype = sameDtypes("complex", avals);
    checkKind("complex", "float", dtype);
    return [new ShapedArray(broadcastingShape("complex", avals), complexDtypeOf(dtype), allWeak(avals))];
  },

  iota(_, { dtype, shape, dimension }) {
    if (dimension < 0 || dimension >= shape.length) {
      throw new TypeError(`iota dimension must be between 0 and len(shape), got dimension=${dimension} for shape ${shapeString(shape)}.`);
    }
    return [new ShapedArray(shape, dtype, false)];
  },

  argmax([x], { axes, indexDtype }) {
    checkKind("argmax", "ordered", x!.dtype);
    checkAxes("argmax", axes, x!.ndim);
    if (x!.shape[axes[0]!] === 0) throw new TypeError("argmax: attempt to get argmax of an empty sequence.");
    return [new ShapedArray(x!.shape.filter((_, i) => !axes.includes(i)), indexDtype, false)];
  },
  argmin([x], { axes, indexDtype }) {
    checkKind("argmin", "ordered", x!.dtype);
    checkAxes("argmin", axes, x!.ndim);
    if (x!.shape[axes[0]!] === 0) throw new TypeError("argmin: attempt to get argmin of an empty sequence.");
    return [new ShapedArray(x!.shape.filter((_, i) => !axes.includes(i)), indexDtype, false)];
  },

  dot_general([lhs, rhs], { dimensionNumbers, preferredElementType }) {
    const [[lc, rc], [lb, rb]] = dimensionNumbers;
    const l = lhs!.shape;
    const r = rhs!.shape;
    if (lb.length !== rb.length) {
      throw new TypeError(`dot_general requires equal numbers of lhs_batch and rhs_batch dimensions, got lhs_batch ${tuple(lb)} and rhs_batch ${tuple(rb)}.`);
    }
    if (lc.length !== rc.length) {
      throw new TypeError(`dot_general requires equal numbers of lhs_contracting and rhs_contracting dimensions, got lhs_contracting ${tuple(lc)} and rhs_contracting ${tuple(rc)}.`);
    }
    checkAxes("dot_general", [...lc, ...lb], l.length);
    checkAxes("dot_general", [...rc, ...rb], r.length);
    for (let i = 0; i < lb.length; i++) {
      if (l[lb[i]!] !== r[rb[i]!]) {
        throw new TypeError(
          `dot_general requires lhs batch dimensions and rhs batch dimensions to have the same shape, got ${tuple(lb.map((d) => l[d]!))} and ${tuple(rb.map((d) => r[d]!))}.`,
        );
      }
    }
    for (let i = 0; i < lc.length; i++) {
      if (l[lc[i]!] !== r[rc[i]!]) {
        throw new TypeError(
          `dot_general requires contracting dimensions to have the same shape, got ${tuple(lc.map((d) => l[d]!))} and ${tuple(rc.map((d) => r[d]!))}.`,
        );
      }
    }
    const dtype = sameDtypes("dot_general", [lhs!, rhs!]);
    if (preferredElementType !== null && isComplex(dtype) !== isComplex(preferredElementType)) {
      throw new TypeError(`dot_general: preferred_element_type ${preferredElementType} is not compatible with operands of dtype ${dtype}.`);
    }
    if (dtype === "bool" && preferredElementType === null) {
      // JAX allows bool dot products; the result is bool (logical or of ands).
    }
    const shape = [
      ...lb.map((d) => l[d]!),
      ...l.filter((_, i) => !lc.includes(i) && !lb.includes(i)),
      ...r.filter((_, i) => !rc.includes(i) && !rb.includes(i)),
    ];
    return [new ShapedArray(shape, preferredElementType ?? dtype, preferredElementType === null && lhs!.weakType && rhs!.weakType)];
  },

  custom_lin(_, { outAvals }) {
    return [...outAvals];
  },

  bitcast_convert_type([x], { newDtype }) {
    const width = (d: DType): number => INTEGER_BITS[d] ?? 8 * ITEMSIZE[d];
    if (width(x!.dtype) !== width(newDtype) || x!.dtype === "bool" || newDtype === "bool" || isComplex(x!.dtype) || isComplex(newDtype)) {
      throw new TypeError(`bitcast_convert_type from ${x!.dtype} to ${newDtype} is not supported: the dtypes must be distinct non-bool types of equal bit width.`);
    }
    return [new ShapedArray(x!.shape, newDtype, false)];
  },

  pjit(avals, { jaxpr, name }) {
    checkCallOperands(`pjit ${name}`, avals, jaxpr.inAvals);
    return jaxpr.outAvals;
  },
  custom_jvp_call(avals, { callJaxpr }) {
    checkCallOperands("custom_jvp_call", avals, callJaxpr.inAvals);
    return callJaxpr.outAvals;
  },
  custom_vjp_call(avals, { callJaxpr }) {
    checkCallOperands("custom_vjp_call", avals, callJaxpr.inAvals);
    return callJaxpr.outAvals;
  },
  checkpoint(avals, { jaxpr }) {
    checkCallOperands("checkpoint", avals, jaxpr.inAvals);
    return jaxpr.outAvals;
  },
  pure_callback(_avals, { resultAvals }) {
    return [...resultAvals];
  },
  debug_callback() {
    return [];
  },
  name([x]) {
    return [x!];
  },


  sort(xs, { dimension, numKeys }) {
    if (xs.length === 0) throw new TypeError("sort requires at least one operand.");
    // JAX sorts complex keys lexicographically; dprog does not lower that.
    for (const x of xs) checkKind("sort", "realAny", x.dtype);
    const s = xs[0]!.shape;
    if (dimension < 0 || dimension >= s.length) {
      throw new TypeError(`sort dimension ${dimension} is out of bounds for operand of shape ${shapeString(s)}.`);
    }
    if (numKeys < 1 || numKeys > xs.length) throw new TypeError(`sort num_keys must be in [1, ${xs.length}], got ${numKeys}.`);
    for (const x of xs) {
      if (!shapeEqual(x.shape, s)) throw new TypeError(`sort arguments must all have the same shape, got ${xs.map((x) => shapeString(x.shape)).join(", ")}.`);
    }
    return [...xs];
  },
};

export type ShapeRuleTable = { [P in PrimitiveName]: ShapeRule<P> };
/** Every shape rule abstractEval reads: the core's, then each family's as its module loads. */
export const SHAPE_RULE_TABLE = new RuleTable<ShapeRuleTable>("shape", CORE_SHAPE_RULES);

/** A call primitive's operands must match its jaxpr's inputs (weak types may differ). */
function checkCallOperands(name: string, avals: readonly ShapedArray[], expected: readonly ShapedArray[]): void {
  const ok = avals.length === expected.length && avals.every((a, i) => a.dtype === expected[i]!.dtype && shapeEqual(a.shape, expected[i]!.shape));
  if (!ok) {
    throw new TypeError(`${name} expected operands of types ${expected.map((a) => a.str()).join(", ")}, got ${avals.map((a) => a.str()).join(", ")}.`);
  }
}

/** Runs a primitive's shape rule, after checking its params' types (they reach generated code). */
export function abstractEval<P extends PrimitiveName>(prim: P, avals: readonly ShapedArray[], params: Params<P>): ShapedArray[] {
  checkParams(prim, params);
  return (SHAPE_RULE_TABLE.get(prim) as ShapeRule<P>)(avals, params);
}
