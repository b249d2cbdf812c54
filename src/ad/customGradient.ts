// customGradient (jax.custom_gradient): a function that returns its value together with its own
// VJP function. Built on customVjp as JAX does: fwd calls the function, then traces the returned
// VJP function into a jaxpr whose captured values (residuals of the forward pass) become the
// custom_vjp residuals; bwd evaluates that jaxpr. The jaxpr rides in the residual pytree as a
// static node, so it is never treated as data.
import type { ClosedJaxpr } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { evalJaxpr } from "../core/evalJaxpr.js";
import { argAval, stageFlat } from "../core/staging.js";
import * as tree from "../tree/index.js";
import { customVjp } from "./custom.js";

/** A traced VJP function, carried through residuals as structure. */
class StagedVjp {
  constructor(
    readonly jaxpr: ClosedJaxpr<Array>,
    readonly ctTree: tree.TreeDef,
    readonly outTree: tree.TreeDef,
  ) {}
}
// Registered on first use, so importing this module has no effect (package.json's sideEffects).
let registered = false;

type ValueAndVjp<R> = readonly [value: R, vjp: (ct: R) => readonly unknown[] | unknown];

/**
 * Defines a function by its value and VJP at once (jax.custom_gradient). `fun(...args)` returns
 * `[value, vjpFn]`, where `vjpFn(ct)` returns one cotangent per argument (a single cotangent may
 * be returned bare for a one-argument function). Higher-order derivatives differentiate vjpFn.
 *
 * @example
 * ```ts
 * const f = customGradient((x: Array) => [np.sin(x), (g: Array) => [g.mul(np.cos(x))]] as const);
 * grad(f)(np.array(0.5)); // Array(0.87758255, dtype=float32)
 * ```
 */
export function customGradient<A extends unknown[], R>(fun: (...args: A) => ValueAndVjp<R>): (...args: A) => R {
  if (typeof fun !== "function") throw new TypeError(`custom_gradient: expected a callable value, got ${String(fun)}.`);
  if (!registered) {
    tree.registerStatic(StagedVjp);
    registered = true;
  }
  const callValue = (args: unknown[]): ValueAndVjp<R> => {
    const out = (fun as (...a: unknown[]) => unknown)(...args);
    if (!globalThis.Array.isArray(out) || out.length !== 2 || typeof out[1] !== "function") {
      throw new TypeError("custom_gradient: the function must return a pair [value, vjpFn] with vjpFn callable.");
    }
    return out as unknown as ValueAndVjp<R>;
  };
  const f = customVjp((...args: unknown[]) => callValue(args)[0]);
  f.defvjp(
    (...args: unknown[]) => {
      const [value, vjpFn] = callValue(args);
      const [outLeaves, outTree] = tree.flatten(value);
      const avals = outLeaves.map(argAval);
      let ctTree: tree.TreeDef | null = null;
      const { jaxpr, consts } = stageFlat((...cts: Array[]) => {
        const result = vjpFn(tree.unflatten(outTree, cts) as R);
        const list = args.length === 1 && !globalThis.Array.isArray(result) ? [result] : result;
        const [leaves, def] = tree.flatten(list);
        ctTree = def;
        return leaves as Array[];
      }, avals);
      return [value, { vjp: new StagedVjp(jaxpr, ctTree!, outTree), residuals: consts }];
    },
    (res: { vjp: StagedVjp; residuals: Array[] }, ct: unknown) => {
      const cts = tree.flatten(ct)[0] as Array[];
      const out = evalJaxpr(res.vjp.jaxpr.jaxpr, [], [...res.residuals, ...cts]);
      return tree.unflatten(res.vjp.ctTree, out) as unknown[];
    },
  );
  return f as unknown as (...args: A) => R;
}
