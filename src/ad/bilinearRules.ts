// The bilinear primitives' rules, from one definition each (JAX's ad.defbilinear): mul and
// dot_general. The JVP (prim(tx, y) + prim(x, ty)) and the transpose in either operand come
// from src/ad/ruleMakers.ts; only the two one-sided transposes are written here.
import type { Params, ShapedArray } from "../../jaxpr/index.js";
import { range, argsort, isIdentityPermutation } from "../../jaxpr/lists.js";
import type { Array } from "../core/array.js";
import * as lax from "../lax/ops.js";
import { defbilinear } from "./ruleMakers.js";
import { unbroadcast } from "./unbroadcast.js";


/** mul: the cotangent times the other operand, summed over what was broadcast. */
export const MUL_RULES = defbilinear(
  "mul",
  (ct, y, xAval) => unbroadcast(lax.mul(ct, y), xAval),
  (ct, x, yAval) => unbroadcast(lax.mul(x, ct), yAval),
);

// dot_general (JAX's _dot_general_transpose_lhs / _rhs)

function remaining(n: number, ...removed: (readonly number[])[]): number[] {
  const r = new Set(removed.flat());
  return range(n).filter((i) => !r.has(i));
}

function dotTransposeLhs(
  g: Array,
  xAval: ShapedArray,
  y: Array,
  dn: Params<"dot_general">["dimensionNumbers"],
  preferred: Params<"dot_general">["preferredElementType"],
  swapAns: boolean,
): Array {
  const [[xContract, yContract], [xBatch, yBatch]] = dn;
  const xKept = remaining(xAval.ndim, xContract, xBatch);
  const yKept = remaining(y.ndim, yContract, yBatch);
  const nb = xBatch.length;
  const ansBatch = range(nb);
  const ansY = swapAns ? range(nb, nb + yKept.length) : range(nb + xKept.length, nb + xKept.length + yKept.length);
  const dims = [
    [ansY, yKept],
    [ansBatch, yBatch],
  ] as const;
  const xContractSortedByY = argsort(yContract).map((i) => xContract[i]!);
  const outAxes = argsort([...xBatch, ...xKept, ...xContractSortedByY]);
  // With a preferred element type the cotangent may differ in dtype from the other operand: compute
  // in the cotangent's dtype (lax.dot_general needs equal operand dtypes), then convert back.
  let other = y;
  let pref = preferred;
  if (g.dtype !== y.dtype) {
    other = lax.convertElementType(y, g.dtype);
    pref = null;
  }
  let xBar = lax.dotGeneral(g, other, dims, pref);
  if (!isIdentityPermutation(outAxes)) xBar = lax.transpose(xBar, outAxes);
  if (xBar.dtype !== xAval.dtype) xBar = lax.convertElementType(xBar, xAval.dtype, false);
  return xBar;
}

/** dot_general: the lhs transpose, and the rhs transpose as the lhs one of the swapped product. */
export const DOT_GENERAL_RULES = defbilinear(
  "dot_general",
  (ct, y, xAval, { dimensionNumbers, preferredElementType }) => dotTransposeLhs(ct, xAval, y, dimensionNumbers, preferredElementType, false),
  (ct, x, yAval, { dimensionNumbers: [[xc, yc], [xb, yb]], preferredElementType }) => dotTransposeLhs(ct, yAval, x, [[yc, xc], [yb, xb]], preferredElementType, true),
);
