// Shape and dtype rules of the windowed reductions, after jax/_src/lax/windowed_reductions.py
// (_common_reduce_window_shape_rule, _reduce_window_abstract_eval_rule, the select_and_* shape
// rules) and lax._check_shapelike, with JAX's wording.
import { isFloat } from "./dtypes.js";
import type { Params } from "./params.js";
import { ShapedArray, shapeString, shapeEqual, type Shape } from "./shape.js";
import { reduceWindowShapeTuple, type WindowGeometry, type WindowName } from "./windowParams.js";

type WindowShapeRule<P extends WindowName> = (avals: readonly ShapedArray[], params: Params<P>) => ShapedArray[];

const tuple = (s: readonly number[]): string => shapeString(s);

/** lax._check_shapelike: every element nonnegative, or strictly positive for sizes and strides. */
function checkShapelike(fun: string, arg: string, obj: readonly number[], nonZero = false): void {
  const lower = nonZero ? 1 : 0;
  if (!obj.every((d) => d >= lower)) {
    throw new TypeError(`${fun} ${arg} must have every element be ${nonZero ? "strictly positive" : "nonnegative"}, got ${tuple(obj)}.`);
  }
}

/** _common_reduce_window_shape_rule: checks the geometry against the operand; the output shape. */
export function commonReduceWindowShape(operand: ShapedArray, g: WindowGeometry): Shape {
  const name = "reduce_window";
  checkShapelike(name, "window_dimensions", g.windowDimensions, true);
  checkShapelike(name, "window_strides", g.windowStrides, true);
  checkShapelike(name, "base_dilation", g.baseDilation);
  checkShapelike(name, "window_dilation", g.windowDilation);
  const wd = tuple(g.windowDimensions);
  if (operand.ndim !== g.windowDimensions.length) {
    throw new TypeError(`reduce_window got the wrong number of window_dimensions for operand: got operand shape ${tuple(operand.shape)} with window_dimensions ${wd}.`);
  }
  if (g.windowStrides.length !== g.windowDimensions.length) {
    throw new TypeError(`reduce_window got inconsistent window_strides and window_dimensions: got window_strides ${tuple(g.windowStrides)} and window_dimensions ${wd}.`);
  }
  if (g.baseDilation.length !== g.windowDimensions.length) {
    throw new TypeError(`reduce_window got inconsistent base_dilation and window_dimensions: got base_dilation ${tuple(g.baseDilation)} and window_dimensions ${wd}.`);
  }
  if (g.windowDilation.length !== g.windowDimensions.length) {
    throw new TypeError(`reduce_window got inconsistent window_dilation and window_dimensions: got window_dilation ${tuple(g.windowDilation)} and window_dimensions ${wd}.`);
  }
  // Not checked by JAX's shape rule but by XLA: a padding pair per dimension (JAX's zip would
  // silently truncate); dilations of 0 make no window.
  if (g.padding.length !== g.windowDimensions.length) {
    throw new TypeError(`reduce_window got inconsistent padding and window_dimensions: got padding ${g.padding.map((p) => tuple(p)).join(", ")} and window_dimensions ${wd}.`);
  }
  checkShapelike(name, "base_dilation", g.baseDilation, true);
  checkShapelike(name, "window_dilation", g.windowDilation, true);
  return reduceWindowShapeTuple(operand.shape, g.windowDimensions, g.windowStrides, g.padding, g.baseDilation, g.windowDilation);
}

const monoidRule =
  (sumOnly: boolean) =>
  (avals: readonly ShapedArray[], params: WindowGeometry): ShapedArray[] => {
    const x = avals[0]!;
    if (sumOnly && x.dtype === "bool") throw new TypeError(`operand to reduce_window_sum must have a number dtype, got ${x.dtype}`);
    return [new ShapedArray(commonReduceWindowShape(x, params), x.dtype)];
  };

function selectDtype(name: string, a: ShapedArray): void {
  // JAX's select_and_* lowerings exist for floating-point operands only (the selection's
  // identity is -inf/+inf, and its operands are tangents).
  if (!isFloat(a.dtype)) throw new TypeError(`${name} requires floating-point operands, got ${a.dtype}.`);
}

export const WINDOW_SHAPE_RULES: { [P in WindowName]: WindowShapeRule<P> } = {
  // Called per use rather than made here: a module-level call would stay in every bundle.
  reduce_window_sum: (avals, params) => monoidRule(true)(avals, params),
  reduce_window_max: (avals, params) => monoidRule(false)(avals, params),
  reduce_window_min: (avals, params) => monoidRule(false)(avals, params),
  reduce_window(avals, params) {
    const n = avals.length / 2;
    const operands = avals.slice(0, n);
    const inits = avals.slice(n);
    if (avals.length % 2 !== 0 || n === 0) throw new TypeError(`reduce_window takes operands and as many init_values, got ${avals.length} arguments.`);
    if (operands.some((o, i) => o.dtype !== inits[i]!.dtype)) {
      throw new TypeError(
        `reduce_window got inconsistent dtypes for operands and init_values: got operand dtypes [${operands.map((o) => o.dtype).join(", ")}] and init_value dtypes [${inits.map((v) => v.dtype).join(", ")}].`,
      );
    }
    if (inits.some((v) => v.ndim !== 0)) {
      throw new TypeError(`reduce_window expected init_values to be scalars but init_values have shapes [${inits.map((v) => tuple(v.shape)).join(", ")}].`);
    }
    if (operands.some((o) => !shapeEqual(o.shape, operands[0]!.shape))) {
      throw new TypeError(`reduce_window operands must have the same shape, got shapes [${operands.map((o) => tuple(o.shape)).join(", ")}].`);
    }
    const outShape = commonReduceWindowShape(operands[0]!, params);
    return operands.map((o) => new ShapedArray(outShape, o.dtype));
  },
  select_and_scatter_add(avals, params) {
    const [source, operand] = [avals[0]!, avals[1]!];
    checkShapelike("select_and_scatter", "window_dimensions", params.windowDimensions);
    checkShapelike("select_and_scatter", "window_strides", params.windowStrides);
    if (params.windowDimensions.length !== params.windowStrides.length) {
      throw new TypeError(
        `select_and_scatter got inconsistent window_strides and window_dimensions: got window_strides ${tuple(params.windowStrides)} and window_dimensions ${tuple(params.windowDimensions)}.`,
      );
    }
    selectDtype("select_and_scatter_add", operand);
    const ones = params.windowDimensions.map(() => 1);
    const expected = commonReduceWindowShape(operand, { ...params, baseDilation: ones, windowDilation: ones });
    if (source.dtype !== operand.dtype || !shapeEqual(source.shape, expected)) {
      throw new TypeError(`select_and_scatter_add source must have the window reduction's shape ${tuple(expected)} and dtype ${operand.dtype}, got ${source.str()}.`);
    }
    return [new ShapedArray(operand.shape, operand.dtype)];
  },
  select_and_gather_add(avals, params) {
    const [tangents, operand] = [avals[0]!, avals[1]!];
    if (!shapeEqual(tangents.shape, operand.shape)) {
      throw new TypeError(`select_and_gather_add tangents and operand shapes must match, got ${tuple(tangents.shape)} and ${tuple(operand.shape)}.`);
    }
    selectDtype("select_and_gather_add", operand);
    if (tangents.dtype !== operand.dtype) throw new TypeError(`select_and_gather_add tangents and operand dtypes must match, got ${tangents.dtype} and ${operand.dtype}.`);
    return [new ShapedArray(commonReduceWindowShape(operand, params), operand.dtype)];
  },
};
