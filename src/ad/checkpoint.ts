// checkpoint (JAX's remat): the same values and derivatives as `f`, but reverse mode saves only
// f's inputs and recomputes its intermediates during the backward pass (memory for compute).
import { Array } from "../core/array.js";
import { bindCheckpoint, isEager } from "../core/trace.js";
import { stageFlat } from "../core/staging.js";
import { jaxprAsFun } from "../core/evalJaxpr.js";
import * as tree from "../tree/index.js";
import { toArrayLeaf } from "./api.js";

export function checkpoint<F extends (...args: never[]) => unknown>(f: F): F {
  return ((...args: unknown[]) => {
    const [leaves, inTree] = tree.flatten(args);
    let outTree: tree.TreeDef | null = null;
    const flat = (...xs: Array[]): Array[] => {
      const out = (f as unknown as (...a: unknown[]) => unknown)(...(tree.unflatten(inTree, xs) as unknown[]));
      const [outs, def] = tree.flatten(out);
      outTree = def;
      return outs.map((o) => toArrayLeaf(o, "checkpoint output"));
    };
    const arrays = leaves.map((l) => toArrayLeaf(l, "checkpoint argument"));
    if (isEager()) {
      // No transform is active: nothing can be captured, so run the body as it is.
      const outs = bindCheckpoint(flat, arrays);
      return tree.unflatten(outTree!, outs);
    }
    // Closure-convert, as JAX's checkpoint does (jax/_src/ad_checkpoint.py: fun_remat traces the
    // function to a jaxpr, convert_constvars_jaxpr, remat_p.bind(*consts, *args)): values the
    // body captures, tracers of enclosing transforms included, become explicit leading inputs.
    // Otherwise a transform's rule would re-run a body that reads a tracer it never received:
    // jvp would see no tangent for it, and partial evaluation would leak it.
    const { jaxpr, consts } = stageFlat(flat, arrays.map((a) => a.aval));
    const outs = bindCheckpoint(jaxprAsFun(jaxpr), [...consts, ...arrays]);
    return tree.unflatten(outTree!, outs);
  }) as unknown as F;
}

/** JAX's other name for checkpoint. */
export const remat = checkpoint;
