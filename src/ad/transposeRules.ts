// Transpose rules of the linear primitives, as JAX's (jax/_src/lax/lax.py, slicing.py, ad.py).
// Reverse mode linearizes (JVP + partial evaluation) into a jaxpr that is linear in its unknown
// inputs, then walks it backwards calling these rules. Each rule receives the output cotangents
// (a symbolic Zero where none flowed) and the inputs (UndefinedPrimal for the linear ones, arrays
// for the rest), and returns one cotangent per input: for an UndefinedPrimal its cotangent (Zero
// when it is zero), for the other inputs null. Rules are written with lax functions, so they bind
// like any other operation and are themselves traceable and differentiable.
import type { FamilyPrimitiveName, LinearPrimitiveName, Params, PrimitiveName, ShapedArray } from "../../jaxpr/index.js";
import { isComplex, isInexact, shapeEqual, shapeSize } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { scalarArray } from "../core/eval.js";
import * as lax from "../lax/ops.js";
import { Tangent, TransposeRule, UndefinedPrimal, Zero } from "./types.js";
import { instantiate, tangentAval, zerosLikeAval } from "./zeros.js";
import { linearTransposeRule as linear, notLinear } from "./ruleMakers.js";
import { DOT_GENERAL_RULES, MUL_RULES } from "./bilinearRules.js";
import { unbroadcast } from "./unbroadcast.js";

export { unbroadcast };
import { range, argsort, isIdentityPermutation } from "../../jaxpr/lists.js";
import { gatherDnOfScatter, scatterDnOfGather, scatterSliceSizes } from "../../jaxpr/dimensionNumbers.js";
import type { ControlFlowName } from "../core/ruleGroups.js";
import { COLLECTIVE_TRANSPOSE_RULES } from "./collectiveRules.js";

/** The primitives with a transpose rule: those the traits table (jaxpr/traits.ts) marks linear. */
export type { LinearPrimitiveName } from "../../jaxpr/index.js";

type Input = Array | UndefinedPrimal;
type Ct = Tangent | null;

export const isUndefinedPrimal = (x: unknown): x is UndefinedPrimal => x instanceof UndefinedPrimal;

/** The symbolic zero cotangent of an input (tangent avals are never weak). */
const zeroCt = (x: Input): Zero => new Zero(tangentAval(x.aval));


function requireDefined(prim: string, x: Input, what: string): Array {
  if (isUndefinedPrimal(x)) notLinear(prim, `the ${what} must not be a linear input`);
  return x;
}

// ---------------------------------------------------------------------------------------------
// Helpers

export { zerosLikeAval };

const sumAll = (x: Array): Array => (x.ndim === 0 ? x : lax.reduceSum(x, range(x.ndim)));

type ScatterParamsT = Params<"scatter">;

// A transpose must be the adjoint of the linear map the forward actually computes. JAX transposes
// with the same mode (jax/_src/lax/slicing.py, _gather_transpose_fancy / _scatter_addsub_transpose_rule)
// and calls out-of-bounds "promise_in_bounds" indices undefined (XLA clamps the gather but drops
// the scatter, so there the two are not adjoint). dprog defines that mode as XLA executes it:
// gathers clamp and scatters drop. So a promise_in_bounds gather transposes to a clamping
// scatter-add ("clip", as for a clip gather) and a promise_in_bounds scatter to a gather that
// reads zero for dropped windows ("fill", as for a fill scatter): cotangents then land exactly
// where the forward read or wrote, and grad agrees with jvp and with finite differences.
type Mode = Params<"gather">["mode"];
const gatherTransposeMode = (mode: Mode): Mode => (mode === "promise_in_bounds" ? "clip" : mode);
const scatterTransposeMode = (mode: Mode): Mode => (mode === "promise_in_bounds" ? "fill" : mode);

/** gather(t) at a scatter's windows, zero where a window was dropped (JAX's updates cotangent). */
function gatherUpdates(t: Array, indices: Array, updatesShape: readonly number[], params: ScatterParamsT): Array {
  const dn = params.dimensionNumbers;
  return lax.gather(t, indices, gatherDnOfScatter(dn), scatterSliceSizes(dn, t.ndim, updatesShape), { mode: scatterTransposeMode(params.mode), fillValue: 0 });
}

// ---------------------------------------------------------------------------------------------
// The table

/** custom_lin's transpose is the user's bwd applied to the residuals and output cotangents. */
const transposeCustomLin: TransposeRule<"custom_lin"> = (cts, inputs, params) => {
  const residuals = inputs.slice(0, params.numResiduals).map((r) => {
    if (r instanceof UndefinedPrimal) throw new Error("custom_lin: residuals must be known during transposition");
    return r;
  });
  const bwd = params.bwd as unknown as (res: Array[], cts: Array[]) => Array[];
  const grads = bwd(residuals, cts.map(instantiate));
  return [...residuals.map(() => null), ...grads.map((g, i) => (g instanceof Array ? g : new Zero(params.inAvals[i]!)))];
};

/** The transpose rules of the linear primitives but pjit, checkpoint and control flow (src/rules.ts adds those). */
export const PRIMITIVE_TRANSPOSE_RULES: { [P in Exclude<LinearPrimitiveName, FamilyPrimitiveName | "pjit" | "checkpoint" | ControlFlowName>]: TransposeRule<P> } = {
  ...COLLECTIVE_TRANSPOSE_RULES,
  neg: linear((t) => [lax.neg(t)]),
  reduce_precision: linear((t, _operands, { exponentBits, mantissaBits }) => [lax.reducePrecision(t, exponentBits, mantissaBits)]),

  add: linear((t, [x, y]) => [isUndefinedPrimal(x!) ? unbroadcast(t, x.aval) : null, isUndefinedPrimal(y!) ? unbroadcast(t, y.aval) : null]),

  sub: linear((t, [x, y]) => [isUndefinedPrimal(x!) ? unbroadcast(t, x.aval) : null, isUndefinedPrimal(y!) ? unbroadcast(lax.neg(t), y.aval) : null]),

  mul: MUL_RULES.transpose,

  div: linear((t, [x, y]) => {
    if (!isUndefinedPrimal(x!)) notLinear("div", "only the numerator may be a linear input");
    const divisor = requireDefined("div", y!, "denominator");
    return [unbroadcast(lax.div(t, divisor), x.aval), null];
  }),

  // JAX's transposes of the complex parts (lax.py): real -> complex(t, 0), imag -> complex(0, -t),
  // complex -> (real t, imag(-t)) with each unbroadcast, conj -> conj t (real t for a real input).
  real: linear((t) => [lax.complex(t, zerosLikeAval(t.aval))]),
  imag: linear((t) => [lax.complex(zerosLikeAval(t.aval), lax.neg(t))]),
  complex: linear((t, [x, y]) => [
    isUndefinedPrimal(x!) ? unbroadcast(lax.real(t), x.aval) : null,
    isUndefinedPrimal(y!) ? unbroadcast(lax.imag(lax.neg(t)), y.aval) : null,
  ]),
  conj: linear((t, [x]) => [isComplex(x!.aval.dtype) ? lax.conj(t) : lax.real(t)]),
  convert_element_type: linear((t, [x]) => {
    const old = x!.aval;
    // Non-float primals have no (float) tangent space: their cotangent is zero (JAX's float0).
    if (!isInexact(old.dtype)) return [zeroCt(x!)];
    if (t.dtype === old.dtype && t.weakType === old.weakType) return [t];
    return [lax.convertElementType(t, old.dtype, old.weakType)];
  }),

  broadcast_in_dim: linear((t, [x], { shape, broadcastDimensions }) => {
    const xShape = x!.aval.shape;
    const unitDims = range(xShape.length).filter((i) => xShape[i] === 1);
    const bdims = broadcastDimensions.filter((_, i) => !unitDims.includes(i));
    const axes = range(shape.length).filter((i) => !bdims.includes(i));
    let r = axes.length > 0 ? lax.reduceSum(t, axes) : t;
    if (unitDims.length > 0) r = lax.expandDims(r, unitDims);
    return [r];
  }),

  // checkpoint_name is the identity; its cotangent is not named (JAX names no tangent either).
  name: linear((t) => [t]),

  reshape: linear((t, [x]) => [shapeEqual(t.shape, x!.aval.shape) ? t : lax.reshape(t, x!.aval.shape)]),

  transpose: linear((t, _, { permutation }) => {
    const inv = argsort(permutation);
    return [isIdentityPermutation(inv) ? t : lax.transpose(t, inv)];
  }),

  squeeze: linear((t, _, { dimensions }) => [dimensions.length > 0 ? lax.expandDims(t, dimensions) : t]),

  expand_dims: linear((t, _, { dimensions }) => [dimensions.length > 0 ? lax.squeeze(t, dimensions) : t]),

  rev: linear((t, _, { dimensions }) => [dimensions.length > 0 ? lax.rev(t, dimensions) : t]),

  pad: linear((t, [operand, paddingValue], { paddingConfig }) => {
    // The operand's cotangent: undo the edge padding (negative padding becomes zero padding,
    // positive padding crops), then take every (interior + 1)-th element.
    const tOperand = (): Array => {
      let r = t;
      if (paddingConfig.some(([lo, hi]) => lo !== 0 || hi !== 0)) {
        r = lax.pad(r, scalarArray(0, t.dtype, false), paddingConfig.map(([lo, hi]) => [-lo, -hi, 0] as const));
      }
      if (paddingConfig.some(([, , interior]) => interior !== 0)) {
        r = lax.slice(
          r,
          r.shape.map(() => 0),
          r.shape,
          paddingConfig.map(([, , interior]) => interior + 1),
        );
      }
      return r;
    };
    const ctOperand = isUndefinedPrimal(operand!) ? tOperand() : null;
    // The padding value's cotangent: everything that did not come from the operand.
    const ctPad = isUndefinedPrimal(paddingValue!) ? lax.sub(sumAll(t), sumAll(ctOperand ?? tOperand())) : null;
    return [ctOperand, ctPad];
  }),

  concatenate: linear((t, operands, { dimension }) => {
    let start = 0;
    return operands.map((x) => {
      const size = x.aval.shape[dimension]!;
      const lo = start;
      start += size;
      if (!isUndefinedPrimal(x)) return null;
      const starts = t.shape.map((_, i) => (i === dimension ? lo : 0));
      const limits = t.shape.map((d, i) => (i === dimension ? lo + size : d));
      return lax.slice(t, starts, limits);
    });
  }),

  slice: linear((t, [x], { startIndices, limitIndices, strides }) => {
    const xShape = x!.aval.shape;
    let pads: [number, number, number][];
    if (strides === null || strides.every((s) => s === 1)) {
      pads = xShape.map((d, i) => [startIndices[i]!, d - limitIndices[i]!, 0]);
    } else {
      pads = xShape.map((d, i) => {
        const n = t.shape[i]!;
        const realLimit = startIndices[i]! + (n === 0 ? 0 : 1 + (n - 1) * strides[i]!);
        return [startIndices[i]!, d - realLimit, strides[i]! - 1];
      });
    }
    if (pads.every(([lo, hi, interior]) => lo === 0 && hi === 0 && interior === 0)) return [t];
    return [lax.pad(t, scalarArray(0, t.dtype, false), pads)];
  }),

  dynamic_slice: linear((t, [x, ...idx]) => {
    if (!isUndefinedPrimal(x!)) notLinear("dynamic_slice", "the operand must be the linear input");
    const starts = idx.map((i) => requireDefined("dynamic_slice", i, "start indices"));
    return [lax.dynamicUpdateSlice(zerosLikeAval(tangentAval(x.aval)), t, starts), ...starts.map(() => null)];
  }),

  dynamic_update_slice: linear((t, [operand, update, ...idx]) => {
    const starts = idx.map((i) => requireDefined("dynamic_update_slice", i, "start indices"));
    const updateShape = update!.aval.shape;
    const ctOperand = isUndefinedPrimal(operand!) ? lax.dynamicUpdateSlice(t, zerosLikeAval(tangentAval(update!.aval)), starts) : null;
    const ctUpdate = isUndefinedPrimal(update!) ? lax.dynamicSlice(t, starts, updateShape) : null;
    return [ctOperand, ctUpdate, ...starts.map(() => null)];
  }),

  gather: linear((t, [operand, indices], params) => {
    if (!isUndefinedPrimal(operand!)) notLinear("gather", "the operand must be the linear input");
    const idx = requireDefined("gather", indices!, "indices");
    const zeros = zerosLikeAval(tangentAval(operand.aval));
    const out = lax.scatterAdd(zeros, idx, t, scatterDnOfGather(params.dimensionNumbers), {
      mode: gatherTransposeMode(params.mode),
      indicesAreSorted: params.indicesAreSorted,
      uniqueIndices: params.uniqueIndices,
    });
    return [out, null];
  }),

  "scatter-add": linear((t, [operand, indices, updates], params) => {
    const idx = requireDefined("scatter-add", indices!, "indices");
    const ctOperand = isUndefinedPrimal(operand!) ? t : null;
    const ctUpdates = isUndefinedPrimal(updates!) ? gatherUpdates(t, idx, updates.aval.shape, params) : null;
    return [ctOperand, null, ctUpdates];
  }),

  "scatter-mul": linear((t, [operand, indices, updates], params) => {
    const idx = requireDefined("scatter-mul", indices!, "indices");
    const uo = isUndefinedPrimal(operand!);
    const uu = isUndefinedPrimal(updates!);
    if (uo && uu) notLinear("scatter-mul", "operand and updates are both linear inputs (scatter-mul is bilinear)");
    const opts = { mode: params.mode, indicesAreSorted: params.indicesAreSorted, uniqueIndices: params.uniqueIndices };
    const ctOperand = uo ? lax.scatterMul(t, idx, updates as Array, params.dimensionNumbers, opts) : null;
    let ctUpdates: Array | null = null;
    if (uu) {
      if (!params.uniqueIndices) notLinear("scatter-mul", "gradients with respect to the updates are only implemented if unique_indices=True");
      ctUpdates = gatherUpdates(lax.mul(t, operand as Array), idx, updates.aval.shape, params);
    }
    return [ctOperand, null, ctUpdates];
  }),

  scatter: linear((t, [operand, indices, updates], params) => {
    const idx = requireDefined("scatter", indices!, "indices");
    const updatesAval = updates!.aval;
    const dn = params.dimensionNumbers;
    // Positions the scatter overwrote did not come from the operand: zero them.
    const ctOperand = isUndefinedPrimal(operand!)
      ? lax.scatter(t, idx, zerosLikeAval(tangentAval(updatesAval)), dn, { mode: params.mode, indicesAreSorted: params.indicesAreSorted, uniqueIndices: true })
      : null;
    let ctUpdates: Array | null = null;
    if (isUndefinedPrimal(updates!)) {
      ctUpdates = gatherUpdates(t, idx, updatesAval.shape, params);
      if (!params.uniqueIndices) {
        // JAX requires unique indices here. With duplicates only the update that won each
        // position gets its cotangent: scatter unique ids the same way, read them back, and keep
        // the positions whose id survived (as JAX's scatter JVP does for non-unique indices).
        const n = shapeSize(updatesAval.shape);
        const ids = lax.reshape(lax.iota("int32", n), updatesAval.shape);
        const init = lax.broadcastInDim(scalarArray(-1, "int32", false), t.shape, []);
        const winners = lax.scatter(init, idx, ids, dn, { mode: params.mode, indicesAreSorted: params.indicesAreSorted });
        const back = lax.gather(winners, idx, gatherDnOfScatter(dn), scatterSliceSizes(dn, t.ndim, updatesAval.shape), { mode: scatterTransposeMode(params.mode), fillValue: -1 });
        ctUpdates = lax.select(lax.eq(back, ids), ctUpdates, zerosLikeAval(tangentAval(ctUpdates.aval)));
      }
    }
    return [ctOperand, null, ctUpdates];
  }),

  select_n: linear((t, [which, ...cases]) => {
    const w = requireDefined("select_n", which!, "predicate");
    if (cases.length === 1) return [null, isUndefinedPrimal(cases[0]!) ? t : null];
    const zeros = zerosLikeAval(tangentAval(t.aval));
    if (w.dtype === "bool") {
      return [null, isUndefinedPrimal(cases[0]!) ? lax.selectN(w, t, zeros) : null, isUndefinedPrimal(cases[1]!) ? lax.selectN(w, zeros, t) : null];
    }
    return [null, ...cases.map((c, i) => (isUndefinedPrimal(c) ? lax.select(lax.eq(w, scalarArray(i, w.dtype, false)), t, zeros) : null))];
  }),

  reduce_sum: linear((t, [x], { axes }) => {
    const shape = x!.aval.shape;
    if (axes.length === 0) return [t];
    const dims = range(shape.length).filter((i) => !axes.includes(i));
    return [lax.broadcastInDim(t, shape, dims)];
  }),

  cumsum: linear((t, _, { axis, reverse }) => [lax.cumsum(t, axis, !reverse)]),

  dot_general: DOT_GENERAL_RULES.transpose,
  custom_lin: transposeCustomLin,
};

/** Whether `name` has a transpose rule (is linear in the inputs transposition treats as unknown). */
export { isLinearPrimitive } from "../../jaxpr/index.js";
