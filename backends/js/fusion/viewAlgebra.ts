// The layout primitives as functions on affine views: each maps the view its operand is read
// through to the view its result is read through, or null when the result is not affine in the
// operand's memory (a reshape of a non-contiguous view), which then needs a copy.
import type { Eqn, Params, Shape } from "../../../jaxpr/index.js";
import { stridesOf } from "../../../jaxpr/index.js";
import type { View } from "../loops.js";

export type ViewPrimitive = "broadcast_in_dim" | "reshape" | "squeeze" | "expand_dims" | "transpose" | "rev" | "slice";
export const VIEW_PRIMITIVES: ReadonlySet<string> = new Set<ViewPrimitive>(["broadcast_in_dim", "reshape", "squeeze", "expand_dims", "transpose", "rev", "slice"]);

/** Whether the view walks `shape` in row-major order with unit innermost stride (size-1 dims ignored). */
export function isContiguous(view: View, shape: Shape): boolean {
  const rowMajor = stridesOf(shape);
  return shape.every((n, i) => n === 1 || view.strides[i] === rowMajor[i]);
}

export function applyView(eqn: Eqn, inShape: Shape, v: View): View | null {
  const outShape = eqn.outvars[0]!.aval.shape;
  switch (eqn.primitive as ViewPrimitive) {
    case "broadcast_in_dim": {
      const { broadcastDimensions } = eqn.params as Params<"broadcast_in_dim">;
      const strides = new globalThis.Array<number>(outShape.length).fill(0);
      broadcastDimensions.forEach((d, i) => {
        if (inShape[i] === outShape[d]) strides[d] = v.strides[i]!;
      });
      return { offset: v.offset, strides };
    }
    case "transpose": {
      const { permutation } = eqn.params as Params<"transpose">;
      return { offset: v.offset, strides: permutation.map((p) => v.strides[p]!) };
    }
    case "rev": {
      const { dimensions } = eqn.params as Params<"rev">;
      let offset = v.offset;
      const strides = v.strides.map((s, i) => {
        if (!dimensions.includes(i)) return s;
        offset += (inShape[i]! - 1) * s;
        return -s;
      });
      return { offset, strides };
    }
    case "slice": {
      const { startIndices, strides: steps } = eqn.params as Params<"slice">;
      let offset = v.offset;
      const strides = v.strides.map((s, i) => {
        offset += startIndices[i]! * s;
        return s * (steps ? steps[i]! : 1);
      });
      return { offset, strides };
    }
    case "squeeze": {
      const { dimensions } = eqn.params as Params<"squeeze">;
      return { offset: v.offset, strides: v.strides.filter((_, i) => !dimensions.includes(i)) };
    }
    case "expand_dims": {
      const { dimensions } = eqn.params as Params<"expand_dims">;
      const strides: number[] = [];
      let k = 0;
      for (let d = 0; d < outShape.length; d++) strides.push(dimensions.includes(d) ? 0 : v.strides[k++]!);
      return { offset: v.offset, strides };
    }
    case "reshape":
      return isContiguous(v, inShape) ? { offset: v.offset, strides: stridesOf(outShape) } : reshapeStrides(inShape, v, outShape);
  }
}

/**
 * Strides for reading a reshape of a strided view without a copy (numpy's attempt_nocopy_reshape):
 * dims are matched in groups of equal element count; each old group must step through memory as
 * one run, which the new dims of the group then split. Null when some group does not.
 */
function reshapeStrides(inShape: Shape, v: View, outShape: Shape): View | null {
  const oldDims = inShape.map((n, i) => ({ n, s: v.strides[i]! })).filter((d) => d.n !== 1);
  const newShape = outShape.filter((n) => n !== 1);
  const newStrides: number[] = [];
  let oi = 0;
  let ni = 0;
  while (oi < oldDims.length && ni < newShape.length) {
    let op = oldDims[oi]!.n;
    let np = newShape[ni]!;
    const oj0 = oi;
    const nj0 = ni;
    while (op !== np) {
      if (op < np) op *= oldDims[++oi]!.n;
      else np *= newShape[++ni]!;
    }
    for (let k = oj0; k < oi; k++) if (oldDims[k]!.s !== oldDims[k + 1]!.s * oldDims[k + 1]!.n) return null;
    // The group's innermost stride, scaled up through the new dims from the inside out.
    let stride = oldDims[oi]!.s;
    const group: number[] = [];
    for (let k = ni; k >= nj0; k--) {
      group.unshift(stride);
      stride *= newShape[k]!;
    }
    newStrides.push(...group);
    oi++;
    ni++;
  }
  if (newStrides.length !== newShape.length) return null;
  let k = 0;
  return { offset: v.offset, strides: outShape.map((n) => (n === 1 ? 0 : newStrides[k++]!)) };
}

/** The view reading an operand of `inShape` (through `view`) broadcast into a loop's `shape` (lax rule: rank 0 or equal rank). */
export function broadcastInto(view: View, inShape: Shape, shape: Shape): View {
  if (inShape.length === 0) return { offset: view.offset, strides: shape.map(() => 0) };
  return { offset: view.offset, strides: shape.map((n, i) => (inShape[i] === 1 && n !== 1 ? 0 : view.strides[i]!)) };
}

/** Whether a value of shape `from` broadcasts into `to` inside one loop (lax rule: rank 0, or equal rank with ones). */
export function broadcastsInto(from: Shape, to: Shape): boolean {
  return from.length === 0 || (from.length === to.length && from.every((n, i) => n === 1 || n === to[i]));
}
