// Where the GPU backend runs each primitive, decided in one total table: a primitive added to
// jaxpr/params.ts is a compile error here until its GPU decision is written. The planner
// (plan.ts) reads it; test/gpu/capabilities.test.ts checks it against the JS backend's partition,
// which decides what fuses.
import type { PrimitiveName } from "../../jaxpr/index.js";
import { BINARY_ELEMENTWISE, CUMULATIVE, LINALG_PRIMITIVES, REDUCTIONS, UNARY_ELEMENTWISE } from "../../jaxpr/index.js";

/**
 * - `"fused"`: computed inside a fused group's gpu.js kernel (elementwise ops and reductions, as the
 *   partition groups them). A group whose expressions have no float32 form (exact 32-bit integer
 *   bit operations: shifts, bitcasts, integer and/or/xor) runs on the host whole.
 * - `"view"`: index arithmetic on its operand's buffer; a gpu.js copy kernel where a buffer is needed.
 * - `"kernel"`: a kernel of its own, planned by the planner's `DEVICE_KERNELS` entry for it.
 * - `"host"`: the JS backend's kernel on host copies of its operands.
 */
export type GpuLowering = "fused" | "view" | "kernel" | "host";

function family<N extends string, L extends GpuLowering>(names: readonly N[], lowering: L): Record<N, L> {
  return Object.fromEntries(names.map((n) => [n, lowering])) as Record<N, L>;
}

export const GPU_LOWERING = {
  ...family(UNARY_ELEMENTWISE, "fused"),
  ...family(BINARY_ELEMENTWISE, "fused"),
  select_n: "fused",
  clamp: "fused",
  convert_element_type: "fused",
  bitcast_convert_type: "fused",
  ...family(REDUCTIONS, "fused"),
  broadcast_in_dim: "view",
  reshape: "view",
  squeeze: "view",
  expand_dims: "view",
  transpose: "view",
  rev: "view",
  slice: "view",
  dot_general: "kernel",
  // A gpu.js kernel, a thread per output element (convKernel.ts); float32 only, the host otherwise.
  conv_general_dilated: "kernel",
  // Dynamic slices, cumulative scans, sorting and control flow have no gpu.js kernel yet.
  ...family(CUMULATIVE, "host"),
  // gather (take_along_axis, indexing) and the scatters of float32 data as index maps
  // (indexingKernel.ts); scatter-min/max on the host, whose Math.min/max propagate NaN.
  scatter: "kernel",
  "scatter-add": "kernel",
  "scatter-mul": "kernel",
  "scatter-min": "host",
  "scatter-max": "host",
  // Index maps from each output element to one operand element (layoutKernel.ts), interior
  // padding included; float64 on the host.
  pad: "kernel",
  concatenate: "kernel",
  dynamic_slice: "host",
  dynamic_update_slice: "host",
  gather: "kernel",
  iota: "host",
  argmax: "host",
  argmin: "host",
  sort: "host",
  name: "host",
  custom_lin: "host",
  pure_callback: "host",
  debug_callback: "host",
  cond: "host",
  while: "host",
  scan: "host",
  // Call primitives are inlined before lowering; the JS backend's lowering says so if one arrives.
  pjit: "host",
  custom_linear_solve: "host",
  custom_jvp_call: "host",
  custom_vjp_call: "host",
  checkpoint: "host",
  // Complex parts: compileGpuJaxpr lowers complex values to real pairs first (lowerComplex), so
  // these never reach the planner inside a program; alone (eager) they run on the host.
  real: "host",
  imag: "host",
  conj: "host",
  complex: "host",
  // The FFT (issue 23): the JS backend's kernels (backends/js/fft) on host copies.
  fft: "host",
  // Collectives never reach a backend bound (the batch trace rewrites them); unbound, the JS
  // lowering raises JAX's NameError.
  psum: "host",
  pmax: "host",
  pmin: "host",
  axis_index: "host",
  all_gather: "host",
  ppermute: "host",
  all_to_all: "host",
  reduce_scatter: "host",
  // Linear algebra (issue 20): the JS backend's native kernels on host copies.
  ...family(LINALG_PRIMITIVES, "host"),
  // Windowed reductions (issue 21): the monoid ones and max/min pooling's VJP and JVP as gpu.js
  // kernels (float32; the host otherwise); the general one, with a user monoid, on the host.
  reduce_window_sum: "kernel",
  reduce_window_max: "kernel",
  reduce_window_min: "kernel",
  reduce_window: "host",
  select_and_scatter_add: "kernel",
  select_and_gather_add: "kernel",
  // Each element's continued fraction runs to its own convergence in the JS backend's kernel.
  regularized_incomplete_beta: "host",
} as const satisfies { readonly [P in PrimitiveName]: GpuLowering };

/** Primitives with a device kernel of their own: the keys of the planner's `DEVICE_KERNELS`. */
export type DeviceKernelPrimitive = { [P in PrimitiveName]: (typeof GPU_LOWERING)[P] extends "kernel" ? P : never }[PrimitiveName];

/** The capability question: does a primitive run on the device at all? */
export const gpuCapability = (p: PrimitiveName): "kernel" | "host" => (GPU_LOWERING[p] === "host" ? "host" : "kernel");

export const isDeviceKernelPrimitive = (p: PrimitiveName): p is DeviceKernelPrimitive => GPU_LOWERING[p] === "kernel";
