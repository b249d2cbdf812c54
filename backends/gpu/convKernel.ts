// conv_general_dilated on the device (issue 21): a gpu.js kernel with one thread per output
// element, constant-bound loops over the window's taps and the group's input features, in every
// layout, rank and parameter (strides, padding, both dilations, both group kinds). The sum is
// JAX's definition (jax/_src/lax/convolution.py, conv_general_dilated's docstring and
// _conv_general_dilated_shape_rule): output (n, o, y) sums lhs(b * N + n, g * I + c, x) *
// rhs(o, c, k) over the features c and taps k, where g = o's feature group, b = o's batch group
// and x = (y * stride + k * rhs_dilation - padding_low) / lhs_dilation, skipping padding and the
// lhs dilation's holes. float32 only: the rest runs on the host (backends/js's kernels).
import type { Params, ShapedArray } from "../../jaxpr/index.js";
import { convGeometry, type ConvGeometry } from "../js/lowerings/convGeometry.js";
import { int } from "../js/emit.js";
import { decodeIndex, inputIndex, kernelFunction, type GpuKernelSource } from "./kernels.js";
import { floatLiteral } from "./translate.js";
import type { EqnStep, PlanBuilder } from "./planBuilder.js";

const f = floatLiteral;

/** The kernel of a float32 convolution with geometry `g`, its operands read at `offsets` in their buffers. */
export function convKernel(name: string, g: ConvGeometry, outShape: readonly number[], outSpec: readonly number[], offsets: readonly [number, number]): GpuKernelSource {
  const S = g.spatial;
  const [N, O] = g.out as [number, number];
  const I = g.rhs[1]!;
  const window = g.rhs.slice(2);
  // The thread's multi-index in the output's own layout, then named canonically.
  const idx = outShape.map((_, d) => `o${d}`);
  const body = decodeIndex("this.thread.x", outShape, idx);
  const [n, o, ...y] = outSpec.map((d) => idx[d]!);
  // o's feature group (fg) and batch group (bg): o = group * (O / count) + rest.
  body.push(...decodeIndex(o!, [g.featureGroupCount, O / g.featureGroupCount], ["fg", "fo"], "rest1"));
  body.push(...decodeIndex(o!, [g.batchGroupCount, O / g.batchGroupCount], ["bg", "bo"], "rest2"));
  body.push(
    `const lhsBase = ${f(offsets[0])} + (bg * ${f(N)} + ${n}) * ${f(g.lhsStrides[0]!)} + fg * ${f(I * g.lhsStrides[1]!)};`,
    `const rhsBase = ${f(offsets[1])} + ${o} * ${f(g.rhsStrides[0]!)};`,
    "let s = 0.0;",
  );
  const lhsAt = ["lhsBase", ...window.map((_, d) => `i${d} * ${f(g.lhsStrides[d + 2]!)}`), `c * ${f(g.lhsStrides[1]!)}`].join(" + ");
  const rhsAt = ["rhsBase", ...window.map((_, d) => `k${d} * ${f(g.rhsStrides[d + 2]!)}`), `c * ${f(g.rhsStrides[1]!)}`].join(" + ");
  let inner = `for (let c = 0; c < ${int(I)}; c++) {\ns = s + in0[${lhsAt}] * in1[${rhsAt}];\n}`;
  for (let d = S - 1; d >= 0; d--) {
    const p = `p${d}`;
    const at = inputIndex(p, `i${d}`, g.lhs[d + 2]!, g.lhsDilation[d]!);
    inner = [
      `for (let k${d} = 0; k${d} < ${int(window[d]!)}; k${d}++) {`,
      `const ${p} = ${y[d]} * ${f(g.windowStrides[d]!)} + k${d} * ${f(g.rhsDilation[d]!)} - ${f(g.padding[d]![0])};`,
      ...at.lines,
      `if (${at.inside}) {`,
      inner,
      "}",
      "}",
    ].join("\n");
  }
  body.push(inner, "return s;");
  const outSize = outShape.reduce((a, b) => a * b, 1);
  return { name, source: kernelFunction(2, body), helpers: new Set(), outSize, maxLoop: Math.max(I, ...window), inputs: [0, 1] };
}

/** Plans a convolution on the device; false where it runs on the host (not float32, or an empty operand). */
export function planConv(plan: PlanBuilder, step: EqnStep): boolean {
  const { eqn } = step;
  const inAvals = eqn.invars.map((a) => a.aval) as [ShapedArray, ShapedArray];
  const out = eqn.outvars[0]!.aval;
  const params = eqn.params as Params<"conv_general_dilated">;
  if (out.dtype !== "float32" || inAvals.some((a) => a.dtype !== "float32" || a.size === 0) || out.size === 0) return false;
  const g = convGeometry({ inAvals, outAvals: [out], params });
  const [l, r] = step.inputs.map((x) => plan.locate(x)) as [ReturnType<PlanBuilder["locate"]>, ReturnType<PlanBuilder["locate"]>];
  const kernel = convKernel(`conv_general_dilated${plan.fresh()}`, g, out.shape, params.dimensionNumbers.outSpec, [l.offset, r.offset]);
  plan.kernel(kernel, [l.name, r.name], { name: step.outputs[0]!, aval: out });
  return true;
}
