// conv_general_dilated's batching rule (JAX's _conv_general_dilated_batch_rule,
// jax/_src/lax/convolution.py): no loop; the vmapped axis is folded into the convolution itself.
// A batched input joins the batch dimension (or, under batch groups, each group's batch); a
// batched kernel joins the output features (inside each feature or batch group); both batched
// become feature groups (or more batch groups), one per example.
import type { Params } from "../../jaxpr/index.js";
import { ShapedArray, SHAPE_RULES } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import { bind1 } from "../core/trace.js";
import * as lax from "../lax/ops.js";
import { reshapeAxisInto, reshapeAxisOutOf } from "../lax/axisReshape.js";
import type { BatchRule } from "./types.js";

type ConvParams = Params<"conv_general_dilated">;

const conv = (lhs: Array, rhs: Array, p: ConvParams): Array => bind1("conv_general_dilated", [lhs, rhs], p);

export const convBatchRule: BatchRule<"conv_general_dilated"> = ([lhs, rhs], dims, p) => {
  const l = lhs!;
  const r = rhs!;
  const lbd = dims[0] ?? null;
  const rbd = dims[1] ?? null;
  if (lbd === null && rbd === null) return [[conv(l, r, p)], [null]];
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const fgc = p.featureGroupCount;
  const bgc = p.batchGroupCount;
  const size = lbd !== null ? l.shape[lbd!]! : r.shape[rbd!]!;
  if (size === 0) {
    // Reshaping into a size-0 batch loses the other dims' sizes: build the empty result directly.
    const drop = (a: Array, d: number | null): ShapedArray => new ShapedArray(a.shape.filter((_, i) => i !== d), a.dtype, a.weakType);
    const [out] = SHAPE_RULES.conv_general_dilated([drop(l, lbd), drop(r, rbd)], p);
    return [[lax.full([0, ...out!.shape], 0, out!.dtype)], [0]];
  }
  if (lbd !== null && rbd !== null) {
    let newLhs: Array;
    let q: ConvParams;
    if (bgc > 1) {
      newLhs = reshapeAxisInto(lbd, lhsSpec[0]!, l);
      q = { ...p, batchGroupCount: bgc * size };
    } else {
      newLhs = reshapeAxisInto(lbd, lhsSpec[1]!, l);
      q = { ...p, featureGroupCount: fgc * size };
    }
    const newRhs = reshapeAxisInto(rbd!, rhsSpec[0]!, r);
    return [[reshapeAxisOutOf(outSpec[1]!, size, conv(newLhs, newRhs, q))], [outSpec[1]!]];
  }
  if (lbd !== null) {
    if (bgc === 1) {
      const newLhs = reshapeAxisInto(lbd, lhsSpec[0]!, l);
      return [[reshapeAxisOutOf(outSpec[0]!, size, conv(newLhs, r, p))], [outSpec[0]!]];
    }
    // Batch groups must stay outermost in the batch dim: split them out, fold the vmapped axis
    // into each group's batch, and merge the groups back.
    let newLhs = reshapeAxisOutOf(lhsSpec[0]! + (lbd <= lhsSpec[0]! ? 1 : 0), bgc, l);
    newLhs = reshapeAxisInto(lbd + (lhsSpec[0]! < lbd ? 1 : 0), lhsSpec[0]! + 1, newLhs);
    newLhs = reshapeAxisInto(lhsSpec[0]!, lhsSpec[0]!, newLhs);
    return [[reshapeAxisOutOf(outSpec[0]!, size, conv(newLhs, r, p))], [outSpec[0]!]];
  }
  const b = rbd!;
  if (fgc === 1 && bgc === 1) {
    const newRhs = reshapeAxisInto(b, rhsSpec[0]!, r);
    return [[reshapeAxisOutOf(outSpec[1]!, size, conv(l, newRhs, p))], [outSpec[1]!]];
  }
  // Groups must stay outermost in the kernel's output features: split them out, fold the vmapped
  // axis into each group's features, merge back; the output is unfolded the same way.
  const groups = fgc > 1 ? fgc : bgc;
  let newRhs = reshapeAxisOutOf(rhsSpec[0]! + (b <= rhsSpec[0]! ? 1 : 0), groups, r);
  newRhs = reshapeAxisInto(b + (rhsSpec[0]! < b ? 1 : 0), rhsSpec[0]! + 1, newRhs);
  newRhs = reshapeAxisInto(rhsSpec[0]!, rhsSpec[0]!, newRhs);
  let out = conv(l, newRhs, p);
  out = reshapeAxisOutOf(outSpec[1]!, groups, out);
  out = reshapeAxisOutOf(outSpec[1]! + 1, size, out);
  out = reshapeAxisInto(outSpec[1]!, outSpec[1]! + 1, out);
  return [[out], [outSpec[1]!]];
};
