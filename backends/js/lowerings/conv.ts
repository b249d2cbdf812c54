// conv_general_dilated's JS lowering, one of three kernels per equation:
// - depthwise (convDepthwise.ts): one input feature per group, a direct loop vectorised over features;
// - the implicit GEMM (convGemm.ts): every other convolution, on the wasm SIMD GEMM (or the JS
//   blocked product), the patches gathered while packing panels;
// - the reference direct loop (convReference.ts): empty outputs, and every convolution when tests
//   ask for it.
import type { Kernel, Lowering, LoweringInput } from "../kernel.js";
import type { View } from "../loops.js";
import { convGeometry } from "./convGeometry.js";
import { convGemmKernel, residentConvKernel } from "./convGemm.js";
import { depthwiseKernel } from "./convDepthwise.js";
import { referenceKernel } from "./convReference.js";

/** Which kernels convolutions use: the fast ones ("auto") or the reference loop (tests compare them). */
export type ConvKernelMode = "auto" | "reference";
let mode: ConvKernelMode = "auto";
export function setConvKernelMode(m: ConvKernelMode): ConvKernelMode {
  const old = mode;
  mode = m;
  return old;
}

const convLowering: Lowering<"conv_general_dilated"> = (eqn) => {
  const g = convGeometry(eqn);
  if (mode === "reference") return referenceKernel(g);
  return depthwiseKernel(g) ?? convGemmKernel(g) ?? referenceKernel(g);
};

/** A convolution whose product stays in the wasm GEMM's memory for its fused epilogue (see residentConvKernel). */
export function residentConv(eqn: LoweringInput<"conv_general_dilated">): { kernel: Kernel; view: View } | null {
  if (mode === "reference") return null;
  const g = convGeometry(eqn);
  if (depthwiseKernel(g) !== null) return null;
  return residentConvKernel(g, eqn.params.dimensionNumbers.outSpec);
}

export const CONV_LOWERINGS: { conv_general_dilated: Lowering<"conv_general_dilated"> } = { conv_general_dilated: convLowering };
