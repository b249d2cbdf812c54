// GPU_LOWERING (backends/gpu/capabilities.ts) is the GPU backend's one decision table: it must say
// what the JS backend's partition really does with each primitive, since the planner only ever sees
// fused groups, views and the remaining single equations.
import { describe, it, expect } from "vitest";
import { PRIMITIVE_NAMES, REDUCTIONS } from "../../jaxpr/index.js";
import type { PrimitiveName } from "../../jaxpr/index.js";
import { GPU_LOWERING, gpuCapability } from "../../backends/gpu/capabilities.js";
import { isFusibleElementwise } from "../../backends/js/elementwise.js";
import { VIEW_PRIMITIVES } from "../../backends/js/fusion/viewAlgebra.js";

const rows = (lowering: string): PrimitiveName[] => PRIMITIVE_NAMES.filter((p) => GPU_LOWERING[p] === lowering).sort();

describe("GPU_LOWERING", () => {
  it("has a row for every primitive of the catalogue, and no other", () => {
    expect(Object.keys(GPU_LOWERING).sort()).toEqual([...PRIMITIVE_NAMES].sort());
  });

  it("marks fused exactly what the partition fuses (elementwise ops and reductions)", () => {
    const fused = PRIMITIVE_NAMES.filter((p) => isFusibleElementwise(p) || (REDUCTIONS as readonly string[]).includes(p)).sort();
    expect(rows("fused")).toEqual(fused);
  });

  it("marks view exactly the partition's view primitives", () => {
    expect(rows("view")).toEqual([...VIEW_PRIMITIVES].sort());
  });

  it("runs a CNN training step's non-fused primitives as kernels of their own (products, convolutions, pooling and its derivatives, pad, concatenate, gather, scatters); scatter-min/max, sort, cumsum and control flow on the host", () => {
    expect(rows("kernel")).toEqual([
      "concatenate", "conv_general_dilated", "dot_general", "gather", "pad", "reduce_window_max", "reduce_window_min", "reduce_window_sum", "scatter", "scatter-add", "scatter-mul", "select_and_gather_add", "select_and_scatter_add",
    ]);
    for (const p of ["reduce_window", "scatter-min", "scatter-max", "dynamic_slice", "sort", "cumsum", "while", "scan", "cond"] as const) expect(gpuCapability(p)).toBe("host");
    for (const p of ["sin", "reduce_sum", "transpose", "dot_general", "conv_general_dilated"] as const) expect(gpuCapability(p)).toBe("kernel");
  });
});
