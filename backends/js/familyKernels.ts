// Kernels compile.ts builds for a family primitive beyond its lowering: a convolution whose output
// an elementwise epilogue reads in place (lowerings/conv.ts), and a window reduction fused with its
// producer and epilogue (lowerings/windowed.ts). They load with their families (src/families/), as
// the lowerings do, so an app without convolutions or pooling leaves them out of its bundle.
import type { LoweringInput, Kernel } from "./kernel.js";
import type { View } from "./loops.js";
import type { windowGroupKernel } from "./lowerings/windowed.js";

export interface FamilyKernels {
  residentConv: (eqn: LoweringInput<"conv_general_dilated">) => { kernel: Kernel; view: View } | null;
  windowGroupKernel: typeof windowGroupKernel;
}

const loaded: Partial<FamilyKernels> = {};

export function registerFamilyKernels(kernels: Partial<FamilyKernels>): void {
  Object.assign(loaded, kernels);
}

export function familyKernel<K extends keyof FamilyKernels>(name: K): FamilyKernels[K] {
  const kernel = loaded[name];
  if (kernel === undefined) throw new Error(`internal error: ${name} is not loaded: its family's module (src/families/) was not imported by the API that bound the primitive.`);
  return kernel;
}
