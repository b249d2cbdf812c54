// jax.typeof, jax.effects_barrier, jax.closure_convert and jax.ensure_compile_time_eval.
import type { ShapedArray } from "../../jaxpr/index.js";
import { Array } from "./array.js";
import { evalJaxpr } from "./evalJaxpr.js";
import { argAval, stageFlat } from "./staging.js";
import { Tracer, withEagerDynamic } from "./trace.js";
import * as tree from "../tree/index.js";

/**
 * The abstract value of `x` (jax.typeof): the ShapedArray of an Array or tracer, its weak type
 * included. JS numbers are weakly typed float32 and booleans bool, as dprog reads them. Exported
 * as `jaxTypeof` (JS reserves `typeof` as a binding name) and under the export name `typeof`.
 *
 * @example
 * ```ts
 * jaxTypeof(np.zeros([2, 3])).str(); // "f32[2,3]"
 * jaxTypeof(1.5).weakType; // true
 * let traced = "";
 * jit((x: Array) => { traced = jaxTypeof(x).str(); return x; })(np.arange(3));
 * traced; // "i32[3]"
 * ```
 */
export function jaxTypeof(x: Array | number | boolean): ShapedArray {
  return argAval(x);
}

/**
 * Waits until every effect issued so far has run (jax.effects_barrier). dprog's effects (debug
 * callbacks, `debug.print`, `pureCallback`) run synchronously while the computation that issues
 * them executes, so by the time this is called nothing is pending and it returns at once; it
 * exists so JAX code that calls it ports unchanged.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * debug.setPrintSink((line) => lines.push(line));
 * jit((x: Array) => { debug.print("x = {}", x); return x; })(np.ones(2));
 * effectsBarrier(); // undefined
 * // the print above has already happened
 * lines; // ["x = [1. 1.]"]
 * debug.setPrintSink(null);
 * ```
 */
export function effectsBarrier(): void {
  // Nothing is ever queued: effects execute synchronously in dprog.
}

/**
 * jax.closure_convert: traces `fun` at `exampleArgs` (pytrees) and returns `[convertedFun,
 * hoistedConsts]`, where `convertedFun(...args, ...hoistedConsts)` computes `fun(...args)` with
 * the values `fun` closes over that are traced by an enclosing transform passed explicitly (as
 * JAX does: concrete captured values stay closed over, so outside any transform `hoistedConsts`
 * is empty). Useful with `customVjp`, whose functions must not close over tracers.
 *
 * @example
 * ```ts
 * const h = (w: Array) => {
 *   const f = (x: Array) => x.mul(w);              // closes over the tracer w
 *   const [g, consts] = closureConvert(f, np.array(1)); // consts holds w
 *   return g(np.array(2), ...consts);
 * };
 * grad(h)(np.array(3)); // Array(2., dtype=float32)
 * ```
 */
export function closureConvert<A extends unknown[], R>(fun: (...args: A) => R, ...exampleArgs: A): [(...argsAndConsts: unknown[]) => R, Array[]] {
  const [flatArgs, inTree] = tree.flatten(exampleArgs);
  const avals = flatArgs.map(argAval);
  let outTree: tree.TreeDef | null = null;
  const { jaxpr, consts } = stageFlat((...xs: Array[]) => {
    const out = fun(...(tree.unflatten(inTree, xs) as A));
    const [leaves, def] = tree.flatten(out);
    outTree = def;
    return leaves as Array[];
  }, avals);
  const hoisted = consts.map((c) => c instanceof Tracer);
  const hoistedConsts = consts.filter((_, i) => hoisted[i]);
  const numArgs = exampleArgs.length;
  const converted = (...argsAndConsts: unknown[]): R => {
    if (argsAndConsts.length !== numArgs + hoistedConsts.length) {
      throw new TypeError(`closure_convert: the converted function takes ${numArgs} argument(s) and ${hoistedConsts.length} hoisted constant(s), got ${argsAndConsts.length} values.`);
    }
    const [leaves, tree2] = tree.flatten(argsAndConsts.slice(0, numArgs));
    if (!tree2.equals(inTree)) throw new TypeError(`closure_convert: the arguments' structure ${String(tree2)} differs from the example arguments' ${String(inTree)}.`);
    const given = argsAndConsts.slice(numArgs) as Array[];
    let k = 0;
    const allConsts = consts.map((c, i) => (hoisted[i] ? given[k++]! : c));
    const out = evalJaxpr(jaxpr.jaxpr, [], [...allConsts, ...(leaves as Array[])]);
    return tree.unflatten(outTree!, out) as R;
  };
  return [converted, hoistedConsts];
}

/**
 * jax.ensure_compile_time_eval, as a scope: inside `fn`, computations on concrete values run
 * eagerly even under jit, so their results are concrete (usable as shapes, in `if`s, printed)
 * rather than staged into the compiled program. Computations involving traced arguments are
 * still traced.
 *
 * @example
 * ```ts
 * const f = jit((x: Array) => {
 *   const n = ensureCompileTimeEval(() => np.sum(np.arange(4)).item()); // a JS number, 6
 *   return x.mul(n);
 * });
 * f(np.ones([2])); // Array([6., 6.], dtype=float32)
 * ```
 */
export function ensureCompileTimeEval<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError(`ensureCompileTimeEval expects a function to run, got ${typeof fn}`);
  return withEagerDynamic(fn);
}
