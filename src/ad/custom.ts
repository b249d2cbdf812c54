// customJvp and customVjp: functions whose derivative rules the user supplies, as JAX's
// custom_jvp / custom_vjp (jax/_src/custom_derivatives.py). The active transform decides what to
// do with them (core/trace.ts): evaluation calls the function; the JVP trace calls the user's
// rule; reverse mode reaches bwd through the transpose of custom_lin; a partial-evaluation trace
// whose inputs are all known binds them again one level down (partialEval.ts), so the rule is
// what an outer transform differentiates, at every order.
import { Array } from "../core/array.js";
import { Tracer, bindCustomJvp, bindCustomVjp } from "../core/trace.js";
import { UnexpectedTracerError } from "../core/errors.js";
import * as tree from "../tree/index.js";
import * as lax from "../lax/ops.js";
import { toArrayLeaf } from "./api.js";
import { tangentAval, zerosLikeAval } from "./zeros.js";

type AnyFn = (...args: never[]) => unknown;
const call = (f: AnyFn, args: readonly unknown[]): unknown => (f as (...a: unknown[]) => unknown)(...args);

function flattenLeaves(x: unknown, what: string): [Array[], tree.TreeDef] {
  const [leaves, def] = tree.flatten(x);
  return [leaves.map((l) => toArrayLeaf(l, what)), def];
}

/** Options of customJvp and customVjp. */
export interface CustomDerivativeOptions {
  /**
   * Positions of arguments that are not differentiated (JAX's `nondiff_argnums`): typically
   * functions or other static values. They are passed first to the jvp rule (customJvp) or to
   * bwd (customVjp), in the order given here; fwd receives every argument in its place.
   */
  readonly nondiffArgnums?: readonly number[];
}

/**
 * Splits `args` into the static (nondiff) ones, in `nondiffArgnums` order as JAX's
 * `static_args = [args[i] for i in self.nondiff_argnums]`, and the differentiable ones in order.
 */
function splitArgs(args: readonly unknown[], nondiffArgnums: readonly number[], who: string): { staticArgs: unknown[]; dynArgs: unknown[]; merge: (dyn: readonly unknown[]) => unknown[] } {
  for (const i of nondiffArgnums) {
    if (i >= args.length) {
      throw new TypeError(`${who}: nondiff_argnums ${i} is out of range for a call with ${args.length} positional arguments.`);
    }
  }
  const nondiff = new Set(nondiffArgnums);
  const staticArgs = nondiffArgnums.map((i) => args[i]);
  const dynArgs = args.filter((_, i) => !nondiff.has(i));
  const merge = (dyn: readonly unknown[]): unknown[] => {
    let k = 0;
    return args.map((a, i) => (nondiff.has(i) ? a : dyn[k++]));
  };
  return { staticArgs, dynArgs, merge };
}

function checkArgnums(nondiffArgnums: readonly number[] | undefined, who: string): readonly number[] {
  if (nondiffArgnums === undefined) return [];
  if (!globalThis.Array.isArray(nondiffArgnums)) throw new TypeError(`${who}: nondiffArgnums must be an array of argument positions, got ${String(nondiffArgnums)}.`);
  for (const i of nondiffArgnums) {
    if (typeof i !== "number" || !Number.isInteger(i) || i < 0) {
      throw new TypeError(`${who}: nondiffArgnums entries must be non-negative integers, got ${String(i)}.`);
    }
  }
  if (new Set(nondiffArgnums).size !== nondiffArgnums.length) throw new TypeError(`${who}: nondiffArgnums has repeated entries: ${JSON.stringify(nondiffArgnums)}.`);
  return [...nondiffArgnums];
}

/**
 * JAX's `_stop_gradient` for custom_jvp's nondiff args: array leaves are cut from every
 * derivative, anything else (functions, strings) passes through untouched.
 */
function stopGradientTree(x: unknown): unknown {
  if (x instanceof Array) return lax.stopGradient(x);
  if (typeof x === "function") return x;
  return tree.map((l: unknown) => (l instanceof Array ? lax.stopGradient(l) : l), x);
}

// ---- customJvp -----------------------------------------------------------------------------

/** One per-argument JVP of `defjvps`: `(g, ans, ...primals) => tangent contribution`. */
export type ArgJvp<F extends AnyFn> = (g: Array, ans: ReturnType<F>, ...primals: Parameters<F>) => unknown;

export interface CustomJvpFunction<F extends AnyFn> {
  (...args: Parameters<F>): ReturnType<F>;
  /** Sets the rule: `(primals, tangents) => [primalOut, tangentOut]`. */
  defjvp(rule: (primals: Parameters<F>, tangents: Parameters<F>) => readonly [unknown, unknown]): CustomJvpFunction<F>;
  /**
   * One JVP per argument, as jax.custom_jvp.defjvps: `jvp(g, ans, ...primals)` gives the output
   * tangent due to that argument's tangent `g`; `null` for an argument with no derivative. The
   * contributions are summed, and the primal output is computed by the custom function itself.
   */
  defjvps(...jvps: (ArgJvp<F> | null)[]): CustomJvpFunction<F>;
}

/**
 * A customJvp with nondiffArgnums: the rule is `(...nondiffArgs, primals, tangents) =>
 * [primalOut, tangentOut]`, with primals and tangents of the differentiable arguments only.
 * (Annotate the rule's parameters: their types depend on the positions.)
 */
export interface CustomJvpFunctionWithNondiff<F extends AnyFn> {
  (...args: Parameters<F>): ReturnType<F>;
  defjvp(rule: (...args: never[]) => readonly [unknown, unknown]): CustomJvpFunctionWithNondiff<F>;
  /** Not available with nondiffArgnums (JAX raises the same TypeError). */
  defjvps(...jvps: never[]): never;
}

/**
 * `customJvp(f).defjvp((primals, tangents) => [out, tangentOut])` (jax.custom_jvp): `f` with a
 * user-given JVP rule, used by jvp, grad and the other transforms instead of differentiating `f`.
 *
 * @example
 * ```ts
 * // A log1p(exp(x)) whose derivative is the stable sigmoid(x).
 * const softplus = customJvp((x: Array) => np.log1p(np.exp(x)));
 * softplus.defjvp(([x], [t]) => [softplus(x), np.multiply(t, nn.sigmoid(x))]);
 * softplus(np.array([0, 1])); // Array([0.6931472, 1.3132616], dtype=float32)
 * grad((x: Array) => np.sum(softplus(x)))(np.array([0, 1])); // Array([0.5      , 0.7310586], dtype=float32)
 * ```
 */
export function customJvp<F extends AnyFn>(f: F, options?: CustomDerivativeOptions & { readonly nondiffArgnums?: readonly [] }): CustomJvpFunction<F>;
export function customJvp<F extends AnyFn>(f: F, options: CustomDerivativeOptions): CustomJvpFunctionWithNondiff<F>;
export function customJvp<F extends AnyFn>(f: F, options: CustomDerivativeOptions = {}): CustomJvpFunction<F> | CustomJvpFunctionWithNondiff<F> {
  const nondiffArgnums = checkArgnums(options.nondiffArgnums, "custom_jvp");
  let rule: AnyFn | null = null;
  const wrapped = (...rawArgs: unknown[]): unknown => {
    if (rule === null) throw new TypeError(`No JVP defined for custom_jvp function ${f.name || "<anonymous>"} using defjvp.`);
    const theRule = rule;
    // JAX stops gradients through nondiff args and closes the function over them.
    const args = nondiffArgnums.length === 0 ? rawArgs : rawArgs.map((a, i) => (nondiffArgnums.includes(i) ? stopGradientTree(a) : a));
    const { staticArgs, dynArgs, merge } = splitArgs(args, nondiffArgnums, "custom_jvp");
    const [leaves, inTree] = flattenLeaves(dynArgs, "custom_jvp argument");
    let outTree: tree.TreeDef | null = null;
    const flatFun = (...xs: Array[]): Array[] => {
      const [outs, def] = flattenLeaves(call(f, merge(tree.unflatten(inTree, xs) as unknown[])), "custom_jvp output");
      outTree = def;
      return outs;
    };
    const flatRule = (primals: Array[], tangents: Array[]): [Array[], Array[]] => {
      const r = call(theRule, [...staticArgs, tree.unflatten(inTree, primals), tree.unflatten(inTree, tangents)]);
      if (!globalThis.Array.isArray(r) || r.length !== 2) {
        throw new TypeError(`Custom JVP rule must produce a pair (list or tuple of length two) representing primal and tangent outputs, but got ${String(r)}.`);
      }
      const [po, pDef] = flattenLeaves(r[0], "custom_jvp rule primal output");
      const [to, tDef] = flattenLeaves(r[1], "custom_jvp rule tangent output");
      if (!pDef.equals(tDef)) {
        throw new TypeError(`Custom JVP rule must produce primal and tangent outputs with equal container (pytree) structures, but got ${pDef} and ${tDef} respectively.`);
      }
      outTree = pDef;
      return [po, to];
    };
    const outs = bindCustomJvp(flatFun, flatRule, leaves);
    return tree.unflatten(outTree!, outs);
  };
  const api = Object.assign(wrapped, {
    defjvp(r: AnyFn) {
      rule = r;
      return api;
    },
    defjvps(...jvps: (AnyFn | null)[]) {
      // jax.custom_jvp.defjvps: "Can't use ``defjvps`` with ``nondiff_argnums``."
      if (nondiffArgnums.length > 0) throw new TypeError("Can't use ``defjvps`` with ``nondiff_argnums``.");
      rule = (primals: unknown[], tangents: unknown[]): [unknown, unknown] => {
        // The primal output comes from the custom function itself, so higher derivatives still
        // go through these rules (as JAX's defjvps: `primal_out = self(*primals)`).
        const primalOut = call(wrapped, primals);
        let sum: unknown = null;
        jvps.forEach((jvp, i) => {
          if (jvp === null || jvp === undefined || i >= tangents.length) return;
          const t = call(jvp, [tangents[i], primalOut, ...primals]);
          sum = sum === null ? t : tree.map((a: Array, b: Array) => lax.add(toArrayLeaf(a), toArrayLeaf(b)), sum, t);
        });
        if (sum === null) sum = tree.map((p: unknown) => zerosLikeAval(tangentAval(toArrayLeaf(p).aval)), primalOut);
        return [primalOut, sum];
      };
      return api;
    },
  });
  return api as unknown as CustomJvpFunction<F> | CustomJvpFunctionWithNondiff<F>;
}

// ---- customVjp -----------------------------------------------------------------------------

/**
 * A callback type checked bivariantly in its parameters (method-declaration rules), so a bwd
 * written with `never` parameters (the pre-inference style) is still accepted.
 */
type Bivariant<A extends readonly unknown[], R> = { bivarianceHack(...args: A): R }["bivarianceHack"];

export interface CustomVjpFunction<F extends AnyFn> {
  (...args: Parameters<F>): ReturnType<F>;
  /**
   * `fwd(...args) => [out, residuals]`, `bwd(residuals, ct) => one cotangent per argument`; a
   * cotangent may be `null` for zero (JAX's `None`), for a whole argument or any subtree of it.
   */
  defvjp<R>(
    fwd: (...args: Parameters<F>) => readonly [unknown, R],
    bwd: Bivariant<[residuals: NoInfer<R>, ct: ReturnType<F>], readonly unknown[]>,
  ): CustomVjpFunction<F>;
}

/**
 * A customVjp with nondiffArgnums: fwd receives every argument in place; bwd is
 * `(...nondiffArgs, residuals, ct) => one cotangent per differentiable argument`.
 */
export interface CustomVjpFunctionWithNondiff<F extends AnyFn> {
  (...args: Parameters<F>): ReturnType<F>;
  defvjp<R>(fwd: (...args: Parameters<F>) => readonly [unknown, R], bwd: (...args: never[]) => readonly unknown[]): CustomVjpFunctionWithNondiff<F>;
}

/** A tracer anywhere in a nondiff argument of a custom_vjp function is JAX's UnexpectedTracerError. */
function checkForTracers(x: unknown): void {
  const leaves = x instanceof Array ? [x] : typeof x === "function" ? [] : tree.leaves(x);
  if (leaves.some((l) => l instanceof Tracer)) {
    throw new UnexpectedTracerError(
      "Found a JAX Tracer object passed as an argument to a custom_vjp function in a position indicated by nondiff_argnums as non-differentiable. " +
        "Tracers cannot be passed as non-differentiable arguments to custom_vjp functions; instead, nondiff_argnums should only be used for arguments " +
        "that can't be or contain JAX tracers, e.g. function-valued arguments. In particular, array-valued arguments should typically not be indicated as nondiff_argnums.",
    );
  }
}

/**
 * The flat cotangents of bwd's output, checked against the differentiable arguments' structure.
 * `null`/`undefined` stands for zeros of the whole subtree it replaces (JAX's `_flatten_bwd`,
 * which treats None as a leaf and zips it with a dummy of the input structure).
 */
function flattenBwdOutput(out: unknown, inTree: tree.TreeDef, inAvals: readonly import("../../jaxpr/index.js").ShapedArray[], nArgs: number): Array[] {
  const mismatch = (): never => {
    const [, outDef] = tree.flatten(out);
    throw new TypeError(
      "Custom VJP bwd rule must produce an output with the same container (pytree) structure as the args tuple of the primal function, " +
        `and in particular must produce a tuple of length equal to the number of arguments to the primal function, but got bwd output structure ${outDef} for primal input structure ${inTree}.`,
    );
  };
  if (!globalThis.Array.isArray(out) || out.length !== nArgs) return mismatch();
  const isNone = (x: unknown): boolean => x === null || x === undefined;
  const [outLeaves, outDef] = tree.flatten(out, isNone);
  const dummy = tree.unflatten(inTree, inAvals.map((_, i) => i));
  let subtrees: unknown[];
  try {
    subtrees = tree.flattenUpTo(outDef, dummy);
  } catch {
    return mismatch();
  }
  const cts = new globalThis.Array<Array | null>(inAvals.length).fill(null);
  outLeaves.forEach((leaf, k) => {
    const sub = subtrees[k];
    if (isNone(leaf)) return; // zeros for every input leaf under it
    if (typeof sub !== "number") return mismatch();
    cts[sub] = toArrayLeaf(leaf, "custom_vjp bwd output");
  });
  return cts.map((c, i) => c ?? zerosLikeAval(tangentAval(inAvals[i]!)));
}

/**
 * `customVjp(f).defvjp(fwd, bwd)` (jax.custom_vjp): `f` with a user-given reverse-mode rule;
 * `fwd(...args)` returns `[out, residuals]` and `bwd(residuals, ct)` one cotangent per argument.
 *
 * @example
 * ```ts
 * // Gradient clipping: the identity forward, a cotangent clipped to [-1, 1] backward.
 * const clipGradient = customVjp((x: Array) => x);
 * clipGradient.defvjp((x: Array) => [x, null], (_res: null, ct: Array) => [np.clip(ct, -1, 1)]);
 * grad((x: Array) => np.sum(np.multiply(clipGradient(x), 3)))(np.array([1, 2])); // Array([1., 1.], dtype=float32)
 * ```
 */
export function customVjp<F extends AnyFn>(f: F, options?: CustomDerivativeOptions & { readonly nondiffArgnums?: readonly [] }): CustomVjpFunction<F>;
export function customVjp<F extends AnyFn>(f: F, options: CustomDerivativeOptions): CustomVjpFunctionWithNondiff<F>;
export function customVjp<F extends AnyFn>(f: F, options: CustomDerivativeOptions = {}): CustomVjpFunction<F> | CustomVjpFunctionWithNondiff<F> {
  const nondiffArgnums = checkArgnums(options.nondiffArgnums, "custom_vjp");
  let fwdFn: AnyFn | null = null;
  let bwdFn: AnyFn | null = null;
  const wrapped = (...args: unknown[]): unknown => {
    if (fwdFn === null || bwdFn === null) throw new TypeError(`No VJP defined for custom_vjp function ${f.name || "<anonymous>"} using defvjp.`);
    const fwdUser = fwdFn;
    const bwdUser = bwdFn;
    for (const i of nondiffArgnums) if (i < args.length) checkForTracers(args[i]);
    const { staticArgs, dynArgs, merge } = splitArgs(args, nondiffArgnums, "custom_vjp");
    const [leaves, inTree] = flattenLeaves(dynArgs, "custom_vjp argument");
    const inAvals = leaves.map((l) => l.aval);
    let outTree: tree.TreeDef | null = null;
    let resTree: tree.TreeDef | null = null;
    const flatFun = (...xs: Array[]): Array[] => {
      const [outs, def] = flattenLeaves(call(f, merge(tree.unflatten(inTree, xs) as unknown[])), "custom_vjp output");
      outTree = def;
      return outs;
    };
    const flatFwd = (...xs: Array[]): [Array[], Array[]] => {
      const r = call(fwdUser, merge(tree.unflatten(inTree, xs) as unknown[]));
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
      const out = call(bwdUser, [...staticArgs, tree.unflatten(resTree!, res), tree.unflatten(outTree!, cts)]);
      return flattenBwdOutput(out, inTree, inAvals, dynArgs.length);
    };
    const outs = bindCustomVjp(flatFun, flatFwd, flatBwd, leaves);
    return tree.unflatten(outTree!, outs);
  };
  const api = Object.assign(wrapped, {
    defvjp(fwd: AnyFn, bwd: AnyFn) {
      fwdFn = fwd;
      bwdFn = bwd;
      return api;
    },
  });
  return api as unknown as CustomVjpFunction<F> | CustomVjpFunctionWithNondiff<F>;
}
