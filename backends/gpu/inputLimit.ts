// Keeping gpu.js kernels within WebGPU's storage-buffer limit: which inputs a kernel reads, and a
// fused group's spec rewritten (on its kernel IR) so that no kernel reads more buffers than the
// limit (registers that would exceed it are stored by kernels of their own first).
import type { ElementwiseSpec, GpuKernelSource } from "./kernels.js";
import { contiguousView } from "../js/loops.js";
import { Untranslatable } from "./translate.js";
import { ir, namesRead } from "../kernelIr/index.js";

/** The indices of the inputs (of `count`) a kernel reads. */
export function usedInputs(kernel: GpuKernelSource, count: number): number[] {
  return kernel.inputs.filter((i) => i < count);
}

/** Rewrites a group's spec so no kernel reads more than `max` buffers: registers that would exceed it are stored first. */
export function splitByInputLimit(
  spec: ElementwiseSpec,
  numInputs: number,
  roots: readonly string[],
  max: number,
): { pre: { reg: string; spec: ElementwiseSpec; numInputs: number; input: number }[]; spec: ElementwiseSpec; numInputs: number } {
  let cur: ElementwiseSpec = spec;
  let n = numInputs;
  const pre: { reg: string; spec: ElementwiseSpec; numInputs: number; input: number }[] = [];
  const deps = new Map<string, Set<number>>();
  const depsOf = (reg: string): Set<number> => {
    if (reg.startsWith("x")) return new Set([cur.loads[Number(reg.slice(1))]!.input]);
    return deps.get(reg) ?? new Set();
  };
  const materialize = (reg: string): void => {
    const input = n++;
    pre.push({ reg, spec: cur, numInputs: input, input });
    const load = cur.loads.length;
    cur = {
      shape: cur.shape,
      loads: [...cur.loads, { input, view: contiguousView(cur.shape) }],
      statements: cur.statements.map((s) => (s.reg === reg ? { reg, expr: ir.load(load, s.expr.dtype) } : s)),
    };
    deps.set(reg, new Set([input]));
  };
  const readsOf = namesRead;
  for (let i = 0; i < cur.statements.length; i++) {
    const st = cur.statements[i]!;
    let d = new Set(readsOf(st.expr).flatMap((r) => [...depsOf(r)]));
    if (d.size > max) {
      for (const r of readsOf(st.expr)) if (r.startsWith("t") && depsOf(r).size > 1) materialize(r);
      d = new Set(readsOf(cur.statements[i]!.expr).flatMap((r) => [...depsOf(r)]));
      if (d.size > max) throw new Untranslatable(`an elementwise operation reads ${d.size} buffers, more than the limit of ${max}`);
    }
    deps.set(st.reg, d);
  }
  for (const r of roots) if (depsOf(r).size > max) throw new Untranslatable(`a fused value reads more than ${max} buffers`);
  return { pre, spec: cur, numInputs: n };
}
