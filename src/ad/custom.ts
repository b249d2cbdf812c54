// customJvp and customVjp: functions whose derivative rules the user supplies, as JAX's
// custom_jvp / custom_vjp. The active transform decides what to do with them (core/trace.ts):
// evaluation calls the function; the JVP trace calls the user's rule; reverse mode reaches bwd
// through the transpose of custom_lin.
import { Array } from "../core/array.js";
import { bindCustomJvp, bindCustomVjp } from "../core/trace.js";
import * as tree from "../tree/index.js";
import { toArrayLeaf } from "./api.js";

type AnyFn = (...args: never[]) => unknown;
const call = (f: AnyFn, args: unknown[]): unknown => (f as (...a: unknown[]) => unknown)(...args);

function flattenLeaves(x: unknown, what: string): [Array[], tree.TreeDef] {
  const [leaves, def] = tree.flatten(x);
  return [leaves.map((l) => toArrayLeaf(l, what)), def];
}

export interface CustomJvpFunction<F extends AnyFn> {
  (...args: Parameters<F>): ReturnType<F>;
  /** Sets the rule: `(primals, tangents) => [primalOut, tangentOut]`. */
  defjvp(rule: (primals: Parameters<F>, tangents: Parameters<F>) => [unknown, unknown]): CustomJvpFunction<F>;
}

/** `customJvp(f).defjvp((primals, tangents) => [out, tangentOut])`. */
export function customJvp<F extends AnyFn>(f: F): CustomJvpFunction<F> {
  let rule: ((primals: unknown[], tangents: unknown[]) => [unknown, unknown]) | null = null;
  const wrapped = ((...args: unknown[]) => {
    if (rule === null) throw new TypeError("No JVP defined for custom_jvp function; call defjvp.");
    const [leaves, inTree] = flattenLeaves(args, "custom_jvp argument");
    let outTree: tree.TreeDef | null = null;
    const flatFun = (...xs: Array[]): Array[] => {
      const [outs, def] = flattenLeaves(call(f, tree.unflatten(inTree, xs) as unknown[]), "custom_jvp output");
      outTree = def;
      return outs;
    };
    const flatRule = (primals: Array[], tangents: Array[]): [Array[], Array[]] => {
      const [p, t] = rule!(tree.unflatten(inTree, primals) as unknown[], tree.unflatten(inTree, tangents) as unknown[]);
      const [po, pDef] = flattenLeaves(p, "custom_jvp rule primal output");
      const [to, tDef] = flattenLeaves(t, "custom_jvp rule tangent output");
      if (!pDef.equals(tDef)) {
        throw new TypeError(`Custom JVP rule must produce primal and tangent outputs with equal container (pytree) structures, but got ${pDef} and ${tDef} respectively.`);
      }
      outTree = pDef;
      return [po, to];
    };
    const outs = bindCustomJvp(flatFun, flatRule, leaves);
    return tree.unflatten(outTree!, outs);
  }) as unknown as CustomJvpFunction<F>;
  wrapped.defjvp = (r) => {
    rule = r as unknown as typeof rule;
    return wrapped;
  };
  return wrapped;
}

export interface CustomVjpFunction<F extends AnyFn> {
  (...args: Parameters<F>): ReturnType<F>;
  /** `fwd(...args) => [out, residuals]`, `bwd(residuals, ct) => one cotangent per argument`. */
  defvjp(fwd: (...args: Parameters<F>) => [unknown, unknown], bwd: (residuals: never, ct: never) => unknown[]): CustomVjpFunction<F>;
}

/** `customVjp(f).defvjp(fwd, bwd)`. */
export function customVjp<F extends AnyFn>(f: F): CustomVjpFunction<F> {
  let fwdFn: AnyFn | null = null;
  let bwdFn: AnyFn | null = null;
  const wrapped = ((...args: unknown[]) => {
    if (fwdFn === null || bwdFn === null) throw new TypeError("No VJP defined for custom_vjp function; call defvjp.");
    const [leaves, inTree] = flattenLeaves(args, "custom_vjp argument");
    let outTree: tree.TreeDef | null = null;
    let resTree: tree.TreeDef | null = null;
    const flatFun = (...xs: Array[]): Array[] => {
      const [outs, def] = flattenLeaves(call(f, tree.unflatten(inTree, xs) as unknown[]), "custom_vjp output");
      outTree = def;
      return outs;
    };
    const flatFwd = (...xs: Array[]): [Array[], Array[]] => {
      const r = call(fwdFn!, tree.unflatten(inTree, xs) as unknown[]);
      if (!globalThis.Array.isArray(r) || r.length !== 2) {
        throw new TypeError("Custom VJP fwd rule must produce a pair (list or tuple of length two) representing primal outputs and residuals.");
      }
      const [outs, def] = flattenLeaves(r[0], "custom_vjp fwd output");
      const [res, rDef] = flattenLeaves(r[1], "custom_vjp residual");
      outTree = def;
      resTree = rDef;
      return [outs, res];
    };
    const flatBwd = (res: Array[], cts: Array[]): Array[] => {
      const out = call(bwdFn!, [tree.unflatten(resTree!, res), tree.unflatten(outTree!, cts)]);
      if (!globalThis.Array.isArray(out) || out.length !== args.length) {
        throw new TypeError(
          `Custom VJP bwd rule must produce an output with the same container (pytree) structure as the args tuple of the primal function, ` +
            `and in particular must produce a tuple of length equal to the number of arguments to the primal function, but got bwd output of length ${globalThis.Array.isArray(out) ? out.length : 1} for ${args.length} arguments.`,
        );
      }
      const [g, gDef] = flattenLeaves(out, "custom_vjp bwd output");
      if (!gDef.equals(inTree)) throw new TypeError(`Custom VJP bwd rule must produce an output with the same container (pytree) structure as the args of the primal function: expected ${inTree}, got ${gDef}.`);
      return g;
    };
    const outs = bindCustomVjp(flatFun, flatFwd, flatBwd, leaves);
    return tree.unflatten(outTree!, outs);
  }) as unknown as CustomVjpFunction<F>;
  wrapped.defvjp = (fwd, bwd) => {
    fwdFn = fwd as AnyFn;
    bwdFn = bwd as AnyFn;
    return wrapped;
  };
  return wrapped;
}
