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
      // Both keep row-major element order: affine exactly when the operand is read contiguously.
      return isContiguous(v, inShape) ? { offset: v.offset, strides: stridesOf(outShape) } : null;
  }
}
