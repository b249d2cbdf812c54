// Plans dot_general on the device: in webgpu mode the tiled WGSL matmul (tiledMatmul.ts) where its
// dims allow; else gpu.js's contraction kernel, as partial products and their sums (split-K) when
// few outputs sit over a long contraction. float64 and mixed-dtype products run on the host.
import type { DotDimensionNumbers, ShapedArray } from "../../jaxpr/index.js";
import { ShapedArray as ShapedArrayClass } from "../../jaxpr/index.js";
import type { Params } from "../../jaxpr/index.js";
import { dotGeneralKernel, finishReduction, splitFor } from "./kernels.js";
import { matmulSource, planMatmul } from "./tiledMatmul.js";
import { webGpuDevice } from "./webgpuDevice.js";
import type { EqnStep, PlanBuilder } from "./planBuilder.js";
import type { Located } from "./steps.js";

/** Smaller matrix products (matrix-vector ones above all) waste most of a 64x64 tile: gpu.js's kernel runs them. */
const MIN_TILED_DIM = 8;

interface Product {
  readonly lhs: ShapedArray;
  readonly rhs: ShapedArray;
  readonly out: ShapedArray;
  readonly dims: DotDimensionNumbers;
  readonly l: Located;
  readonly r: Located;
  readonly output: string;
}

/** Plans a dot_general equation on the device; false where it must run on the host. */
export function planDotGeneral(plan: PlanBuilder, step: EqnStep): boolean {
  const { eqn } = step;
  const [lhs, rhs] = eqn.invars.map((a) => a.aval) as [ShapedArray, ShapedArray];
  const out = eqn.outvars[0]!.aval;
  if (out.dtype === "float64" || lhs.dtype !== rhs.dtype) return false;
  const [l, r] = step.inputs.map((n) => plan.locate(n)) as [Located, Located];
  const dims = (eqn.params as Params<"dot_general">).dimensionNumbers;
  const p: Product = { lhs, rhs, out, dims, l, r, output: step.outputs[0]! };
  if (planTiledMatmul(plan, p)) return true;
  // Few outputs over a long contraction: partial products, then their sums (split-K).
  const rs = splitFor(out.size, dims[0][0].reduce((n, d) => n * lhs.shape[d]!, 1));
  if (rs !== null) {
    const n = plan.fresh();
    const partials = { name: `${p.output}_partials`, aval: new ShapedArrayClass([out.size * rs.chunks], "float32") };
    plan.kernel(dotGeneralKernel(`dot_general${n}_partials`, lhs, rhs, out, dims, [l.offset, r.offset], rs), [l.name, r.name], partials);
    plan.kernel(finishReduction(`dot_general${n}_combine`, { prim: "reduce_sum", dtype: out.dtype, out }, rs, 0), [partials.name], { name: p.output, aval: out });
    return true;
  }
  plan.kernel(dotGeneralKernel(`dot_general${plan.fresh()}`, lhs, rhs, out, dims, [l.offset, r.offset]), [l.name, r.name], { name: p.output, aval: out });
  return true;
}

/**
 * A float32 matrix product (both product dims at least MIN_TILED_DIM) as the tiled WGSL kernel,
 * in webgpu mode; false where that does not apply (gpu.js's contraction kernel runs it instead).
 */
function planTiledMatmul(plan: PlanBuilder, p: Product): boolean {
  const device = webGpuDevice();
  if (device === null || p.out.dtype !== "float32" || p.lhs.dtype !== "float32" || p.out.size === 0) return false;
  const mm = planMatmul(p.lhs.shape, p.rhs.shape, p.dims, [p.l.offset, p.r.offset], device.limits.maxComputeWorkgroupsPerDimension);
  if (mm === null || mm.m < MIN_TILED_DIM || mm.n < MIN_TILED_DIM) return false;
  const n = plan.fresh();
  // Split-K writes partial products, [splits, ...out], that a gpu.js kernel sums.
  const product = mm.splits === 1 ? { name: p.output, aval: p.out } : { name: `${p.output}_partials`, aval: new ShapedArrayClass([mm.splits * p.out.size], "float32") };
  plan.add({ kind: "matmul", name: `matmul${n}`, plan: mm, source: matmulSource(mm), lhs: p.l.name, rhs: p.r.name, output: product });
  if (mm.splits > 1) {
    plan.kernel(finishReduction(`matmul${n}_combine`, { prim: "reduce_sum", dtype: p.out.dtype, out: p.out }, { chunk: mm.kPer, chunks: mm.splits }, 0, true), [product.name], { name: p.output, aval: p.out });
  }
  return true;
}
