// checkpoint (JAX's remat): the same values and derivatives as `f`, but reverse mode saves only
// f's inputs and recomputes its intermediates during the backward pass (memory for compute).
import { Array } from "../core/array.js";
import { bindCheckpoint } from "../core/trace.js";
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
    const outs = bindCheckpoint(flat, leaves.map((l) => toArrayLeaf(l, "checkpoint argument")));
    return tree.unflatten(outTree!, outs);
  }) as unknown as F;
}

/** JAX's other name for checkpoint. */
export const remat = checkpoint;
