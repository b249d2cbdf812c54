// jacfwd, jacrev and hessian for any input/output shapes and pytrees. The function is linearized
// once; jacfwd pushes each input basis vector through the linear map, jacrev pulls each output
// basis vector back through its transpose. The result is nested as JAX's: output structure
// outside, input (argnums) structure inside, each leaf of shape out.shape + in.shape.
import type { DType } from "../../jaxpr/index.js";
import { isFloat, TYPED_ARRAY, ShapedArray } from "../../jaxpr/index.js";
import { Array, ArrayImpl } from "../core/array.js";
import * as tree from "../tree/index.js";
import * as lax from "../lax/index.js";
import { vjp, linearize, GradOptions, toArrayLeaf } from "./api.js";

type Fn = (...args: never[]) => unknown;

function basisVector(shape: readonly number[], dtype: DType, index: number): Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const buf = new TYPED_ARRAY[dtype](size);
  buf[index] = 1;
  return new ArrayImpl(buf, new ShapedArray(shape, dtype, false));
}

/** Stacks `parts` (each of `innerShape`) along a new leading axis and reshapes to `outerShape + innerShape`. */
function stackTo(parts: Array[], outerShape: readonly number[], innerShape: readonly number[], dtype: DType): Array {
  const full = [...outerShape, ...innerShape];
  if (parts.length === 0) return lax.broadcastInDim(lax.convertElementType(0, dtype), full, []);
  const expanded = parts.map((p) => lax.reshape(p, [1, ...innerShape]));
  return lax.reshape(lax.concatenate(expanded, 0), full);
}

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

/** Forward-mode Jacobian. */
export function jacfwd(f: Fn, opts: GradOptions = {}): (...args: unknown[]) => unknown {
  const argnums = opts.argnums ?? 0;
  return (...args: unknown[]) => {
    const { diff, rebuild } = splitArgs(args, argnums);
    const diffTree = typeof argnums === "number" ? diff[0] : diff;
    const [inLeavesRaw, inDef] = tree.flatten(diffTree);
    const inLeaves = inLeavesRaw.map((l) => toArrayLeaf(l));
    checkFloat(inLeaves, "jacfwd");
    const g = (t: unknown): unknown => (f as (...a: unknown[]) => unknown)(...rebuild(typeof argnums === "number" ? [t] : (t as unknown[])));
    const [out, fJvp] = linearize(g, tree.unflatten(inDef, inLeaves));
    const [outLeavesRaw, outDef] = tree.flatten(out);
    const outLeaves = outLeavesRaw as Array[];
    // columns[i][o]: list over elements of input leaf i of the tangent of output leaf o.
    const blocks = outLeaves.map(() => inLeaves.map(() => [] as Array[]));
    inLeaves.forEach((x, i) => {
      for (let j = 0; j < x.size; j++) {
        const tangents = inLeaves.map((y, k) => (k === i ? basisVector(y.shape, y.dtype, j) : lax.broadcastInDim(lax.convertElementType(0, y.dtype), y.shape, [])));
        const tOut = tree.leaves(fJvp(tree.unflatten(inDef, tangents))) as Array[];
        tOut.forEach((t, o) => blocks[o]![i]!.push(t));
      }
    });
    // Each column list stacks along the input's element axis, which must come last: move it.
    return tree.unflatten(
      outDef,
      outLeaves.map((o, oi) =>
        tree.unflatten(
          inDef,
          inLeaves.map((x, i) => {
            const stacked = stackTo(blocks[oi]![i]!, [x.size], o.shape, o.dtype); // (inSize, ...outShape)
            const perm = [...o.shape.map((_, k) => k + 1), 0];
            return lax.reshape(lax.transpose(stacked, perm), [...o.shape, ...x.shape]);
          }),
        ),
      ),
    );
  };
}

/** Reverse-mode Jacobian. */
export function jacrev(f: Fn, opts: GradOptions = {}): (...args: unknown[]) => unknown {
  const argnums = opts.argnums ?? 0;
  return (...args: unknown[]) => {
    const { diff, rebuild } = splitArgs(args, argnums);
    const diffTree = typeof argnums === "number" ? diff[0] : diff;
    const [inLeavesRaw, inDef] = tree.flatten(diffTree);
    const inLeaves = inLeavesRaw.map((l) => toArrayLeaf(l));
    checkFloat(inLeaves, "jacrev");
    const g = (t: unknown): unknown => (f as (...a: unknown[]) => unknown)(...rebuild(typeof argnums === "number" ? [t] : (t as unknown[])));
    const [out, pullback] = vjp(g, tree.unflatten(inDef, inLeaves));
    const [outLeavesRaw, outDef] = tree.flatten(out);
    const outLeaves = outLeavesRaw as Array[];
    const zerosOut = outLeaves.map((o) => lax.broadcastInDim(lax.convertElementType(0, o.dtype), o.shape, []));
    const result = outLeaves.map((o, oi) => {
      const rows = inLeaves.map(() => [] as Array[]);
      for (let j = 0; j < o.size; j++) {
        const cts = outLeaves.map((p, k) => (k === oi ? basisVector(p.shape, p.dtype, j) : zerosOut[k]!));
        const grads = tree.leaves(pullback(tree.unflatten(outDef, cts))[0]) as Array[];
        grads.forEach((gr, i) => rows[i]!.push(gr));
      }
      return tree.unflatten(inDef, inLeaves.map((x, i) => stackTo(rows[i]!, o.shape, x.shape, x.dtype)));
    });
    return tree.unflatten(outDef, result);
  };
}

/** The Hessian: jacfwd of jacrev. */
export function hessian(f: Fn, opts: GradOptions = {}): (...args: unknown[]) => unknown {
  return jacfwd(jacrev(f, opts), opts);
}
