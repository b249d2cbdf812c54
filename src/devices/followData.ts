// Eager computation follows its data, as in JAX: a primitive applied to a GPU array runs on the
// GPU backend (a one-equation program, compiled once per primitive, params and avals) and gives a
// GPU array, instead of reading the operands back to the host. This is what lets eager code and
// transforms use results of `jit(f, { device: "gpu" })` in webgpu mode, where those results are
// still being computed. float64 has no GPU form, so such an op reads back and runs on the host.
import type { Params, PrimitiveName, ShapedArray } from "../../jaxpr/index.js";
import type { ClosedJaxpr } from "../../jaxpr/index.js";
import { paramsCacheKey } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import { ArrayImpl } from "../core/array.js";
import { registerDeviceEvaluation } from "../core/eval.js";
import { bind } from "../core/trace.js";
import { traceFlatToClosedJaxpr } from "../core/staging.js";
import { GpuArray } from "./gpuArray.js";
import { runOnGpu } from "./gpuExecute.js";

const programs = new Map<string, ClosedJaxpr<Array>>();

/** Params made only of numbers, strings, booleans and arrays of them key a cache; others (sub-jaxprs) are traced each time. */
function plainKey(params: unknown): string | null {
  const plain = (v: unknown): boolean =>
    v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean" || (globalThis.Array.isArray(v) && v.every(plain));
  const values = Object.values(params as object);
  return values.every(plain) ? paramsCacheKey(params as object) : null;
}

function evaluateOnGpu<P extends PrimitiveName>(prim: P, args: readonly ArrayImpl[], params: Params<P>): Array[] | null {
  if (!args.some((a) => a instanceof GpuArray)) return null;
  if (args.some((a) => a.aval.dtype === "float64")) return null;
  const avals: ShapedArray[] = args.map((a) => a.aval);
  const paramsKey = plainKey(params);
  const key = paramsKey === null ? null : `${prim}|${paramsKey}|${avals.map((a) => a.key).join("|")}`;
  let program = key === null ? undefined : programs.get(key);
  if (program === undefined) {
    program = traceFlatToClosedJaxpr((...xs) => bind(prim, xs, params), avals);
    if (program.jaxpr.outvars.some((v) => v.aval.dtype === "float64")) return null;
    if (key !== null) programs.set(key, program);
  }
  return runOnGpu(program, args);
}

let following = false;
/**
 * Called where GPU arrays are made (devicePut, a GPU-jitted call), so purely JS programs never
 * pay for the check, and a bundle that never uses the GPU leaves this and the jit pass pipeline out.
 */
export function followGpuData(): void {
  if (following) return;
  following = true;
  registerDeviceEvaluation(evaluateOnGpu);
}
