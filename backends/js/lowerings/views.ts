// Lowerings of the layout primitives. Reshape-like ops share the operand's buffer (arrays are
// immutable, so sharing is safe); the others copy through an affine view in one loop.
import type { ShapedArray } from "../../../jaxpr/index.js";
import { stridesOf } from "../../../jaxpr/index.js";
import { Kernel, Lowering, makeKernel, nativeKernel } from "../kernel.js";
import { emitElementwiseLoop, View, broadcastView, transposeView } from "../loops.js";
import { allocExpression } from "./alloc.js";

/** Copies `in0` read through `view` into a fresh row-major array of `out`'s shape. */
export function viewCopyKernel(name: string, out: ShapedArray, view: View): Kernel {
  const loop = emitElementwiseLoop({
    shape: out.shape,
    operands: [{ name: "in0", view }],
    body: ([x], o) => `out[${o}] = ${x};`,
  });
  return makeKernel(name, 1, `const out = ${allocExpression(out)};\n${loop}\nreturn [out];`);
}

const shareBuffer = (name: string): Kernel => nativeKernel(name, (x) => [x!], "shares its operand's buffer");

export function revView(shape: readonly number[], dims: readonly number[]): View {
  const s = stridesOf(shape);
  let offset = 0;
  const strides = s.map((st, i) => {
    if (!dims.includes(i)) return st;
    offset += (shape[i]! - 1) * st;
    return -st;
  });
  return { offset, strides };
}

export function sliceView(shape: readonly number[], start: readonly number[], step: readonly number[] | null): View {
  const s = stridesOf(shape);
  let offset = 0;
  const strides = s.map((st, i) => {
    offset += start[i]! * st;
    return st * (step ? step[i]! : 1);
  });
  return { offset, strides };
}

type ViewName = "broadcast_in_dim" | "reshape" | "squeeze" | "expand_dims" | "transpose" | "rev" | "slice";

export const VIEW_LOWERINGS: { [P in ViewName]: Lowering<P> } = {
  broadcast_in_dim: ({ inAvals, outAvals, params }) =>
    inAvals[0]!.size === outAvals[0]!.size
      ? shareBuffer("broadcast_in_dim")
      : viewCopyKernel("broadcast_in_dim", outAvals[0]!, broadcastView(inAvals[0]!.shape, outAvals[0]!.shape, params.broadcastDimensions)),
  reshape: () => shareBuffer("reshape"),
  squeeze: () => shareBuffer("squeeze"),
  expand_dims: () => shareBuffer("expand_dims"),
  transpose: ({ inAvals, outAvals, params }) => viewCopyKernel("transpose", outAvals[0]!, transposeView(inAvals[0]!.shape, params.permutation)),
  rev: ({ inAvals, outAvals, params }) => viewCopyKernel("rev", outAvals[0]!, revView(inAvals[0]!.shape, params.dimensions)),
  slice: ({ inAvals, outAvals, params }) =>
    viewCopyKernel("slice", outAvals[0]!, sliceView(inAvals[0]!.shape, params.startIndices, params.strides)),
};
