// jacfwd, jacrev and hessian for any input/output shapes and pytrees. The function is linearized
// once; jacfwd pushes the input standard basis through the linear map with vmap, jacrev pulls the
// output basis back through its transpose with vmap (one batched evaluation, no loop). The
// result is nested as JAX's: output structure outside, input (argnums) structure inside, each
// leaf of shape out.shape + in.shape.
import type { DType } from "../../jaxpr/index.js";
import { isFloat, TYPED_ARRAY, ShapedArray } from "../../jaxpr/index.js";
import { Array, ArrayImpl } from "../core/array.js";
import { checkCallable } from "../core/describe.js";
import * as tree from "../tree/index.js";
import * as lax from "../lax/index.js";
import { vjp, linearize, GradOptions, toArrayLeaf } from "./api.js";
import { vmap } from "../vmap/api.js";

type Fn = (...args: never[]) => unknown;

function splitArgs(args: unknown[], argnums: number | readonly number[]): { diff: unknown[]; rebuild: (dyn: unknown[]) => unknown[]; list: number[] } {
  const list = (typeof argnums === "number" ? [argnums] : [...argnums]).map((a) => (a < 0 ? a + args.length : a));
  for (const a of list) if (a < 0 || a >= args.length) throw new TypeError(`argnums ${JSON.stringify(argnums)} out of range for ${args.length} positional arguments.`);
  return {
    diff: list.map((i) => args[i]),
    list,
    rebuild: (dyn) => {
      const full = [...args];
      list.forEach((a, k) => (full[a] = dyn[k]));
      return full;
    },
  };
}

function checkFloat(leaves: Array[], name: string): void {
  for (const l of leaves) {
    if (!isFloat(l.dtype)) throw new TypeError(`${name} requires real-valued inputs (input dtype that is a sub-dtype of np.floating), but got ${l.dtype}.`);
  }
}

/** The leaves differentiated (per argnums) and `g`, f as a function of their tree alone. */
function differentiatedArgs(f: Fn, argnums: number | readonly number[], args: unknown[], name: string) {
  const { diff, rebuild } = splitArgs(args, argnums);
  const [inLeavesRaw, inDef] = tree.flatten(typeof argnums === "number" ? diff[0] : diff);
  const inLeaves = inLeavesRaw.map((l) => toArrayLeaf(l));
  checkFloat(inLeaves, name);
  const g = (t: unknown): unknown => (f as (...a: unknown[]) => unknown)(...rebuild(typeof argnums === "number" ? [t] : (t as unknown[])));
  return { inLeaves, inDef, g };
}

/**
 * JAX's standard basis for a list of leaves: for each leaf an array of shape [total, ...leaf.shape]
 * whose rows together form the identity over all leaves' elements.
 */
function standardBasis(leaves: readonly { shape: readonly number[]; dtype: DType; size: number }[]): Array[] {
  const total = leaves.reduce((n, l) => n + l.size, 0);
  let offset = 0;
  return leaves.map((l) => {
    const buf = new TYPED_ARRAY[l.dtype](total * l.size);
    for (let j = 0; j < l.size; j++) buf[(offset + j) * l.size + j] = 1;
    offset += l.size;
    return new ArrayImpl(buf, new ShapedArray([total, ...l.shape], l.dtype, false));
  });
}

/** Rows [offset, offset + size) of a [total, ...] array. */
function rows(x: Array, offset: number, size: number): Array {
  return lax.sliceInDim(x, offset, offset + size, 1, 0);
}

const offsets = (sizes: readonly number[]): number[] => sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));

/** Forward-mode Jacobian: the linearized function pushed forward over the input basis with vmap. */
export function jacfwd(f: Fn, opts: GradOptions = {}): (...args: unknown[]) => unknown {
  checkCallable(f);
  const argnums = opts.argnums ?? 0;
  return (...args: unknown[]) => {
    const { inLeaves, inDef, g } = differentiatedArgs(f, argnums, args, "jacfwd");
    const [out, fJvp] = linearize(g, tree.unflatten(inDef, inLeaves));
    const [outLeavesRaw, outDef] = tree.flatten(out);
    const outLeaves = outLeavesRaw as Array[];
    const basis = standardBasis(inLeaves);
    const pushed = tree.leaves(vmap((...b: Array[]) => fJvp(tree.unflatten(inDef, b)))(...basis)) as Array[]; // [total, ...outShape]
    const offs = offsets(inLeaves.map((x) => x.size));
    return tree.unflatten(
      outDef,
      outLeaves.map((o, oi) =>
        tree.unflatten(
          inDef,
          inLeaves.map((x, i) => {
            const block = rows(pushed[oi]!, offs[i]!, x.size); // [inSize, ...outShape]
            const moved = lax.transpose(block, [...o.shape.map((_, k) => k + 1), 0]);
            return lax.reshape(moved, [...o.shape, ...x.shape]);
          }),
        ),
      ),
    );
  };
}

/** Reverse-mode Jacobian: the pullback applied to the output basis with vmap. */
export function jacrev(f: Fn, opts: GradOptions = {}): (...args: unknown[]) => unknown {
  checkCallable(f);
  const argnums = opts.argnums ?? 0;
  return (...args: unknown[]) => {
    const { inLeaves, inDef, g } = differentiatedArgs(f, argnums, args, "jacrev");
    const [out, pullback] = vjp(g, tree.unflatten(inDef, inLeaves));
    const [outLeavesRaw, outDef] = tree.flatten(out);
    const outLeaves = outLeavesRaw as Array[];
    const basis = standardBasis(outLeaves);
    const pulled = tree.leaves(vmap((...b: Array[]) => pullback(tree.unflatten(outDef, b))[0])(...basis)) as Array[]; // [total, ...inShape]
    const offs = offsets(outLeaves.map((o) => o.size));
    return tree.unflatten(
      outDef,
      outLeaves.map((o, oi) =>
        tree.unflatten(
          inDef,
          inLeaves.map((x, i) => lax.reshape(rows(pulled[i]!, offs[oi]!, o.size), [...o.shape, ...x.shape])),
        ),
      ),
    );
  };
}

/** The Hessian: jacfwd of jacrev. */
export function hessian(f: Fn, opts: GradOptions = {}): (...args: unknown[]) => unknown {
  return jacfwd(jacrev(f, opts), opts);
}
