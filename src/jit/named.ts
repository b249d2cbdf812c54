// namedCall and namedScope: names in staged programs. namedCall(f, { name }) stages f as a call
// equation carrying the name (a `pjit[name=...]`, as JAX's named_call once was: a call primitive
// with a name). JAX's named_scope annotates each equation's name stack instead, which its default
// jaxpr printer does not show; dprog's equations carry no name stack, so namedScope stages its body
// as a named call too, which makeJaxpr shows. Eagerly (no transform active) both just run.
import { Array } from "../core/array.js";
import { bind, isEager } from "../core/trace.js";
import { stageFlat } from "../core/staging.js";
import { checkCallable } from "../core/describe.js";
import { toArrayLeaf } from "../ad/api.js";
import * as tree from "../tree/index.js";
import { installPjitEvaluation } from "./compile.js";

function stagedCall(f: (...args: unknown[]) => unknown, args: unknown[], name: string): unknown {
  if (isEager()) return f(...args);
  const [leaves, inTree] = tree.flatten(args);
  const arrays = leaves.map((l) => toArrayLeaf(l, `${name} argument`));
  let outTree: tree.TreeDef | null = null;
  const flat = (...xs: Array[]): Array[] => {
    const [outs, def] = tree.flatten(f(...(tree.unflatten(inTree, xs) as unknown[])));
    outTree = def;
    return outs.map((o) => toArrayLeaf(o, `${name} output`));
  };
  // Closure-converted: captured values (tracers of enclosing transforms included) become operands.
  const { jaxpr, consts } = stageFlat(flat, arrays.map((a) => a.aval));
  installPjitEvaluation();
  const outs = bind("pjit", [...consts, ...arrays], { jaxpr, name });
  return tree.unflatten(outTree!, outs);
}

/**
 * `namedCall(f, { name? })` (jax.named_call): `f` with the same values and derivatives, staged as a
 * call equation named `name` (default: `f.name`), visible in `makeJaxpr` as `pjit[name=...]`.
 *
 * @example
 * ```ts
 * // JAX: jax.make_jaxpr(jax.named_call(f, name="layer1"))(x)
 * const x = np.array([0, 1]);
 * namedCall((x: Array) => np.sin(x), { name: "layer1" })(x); // Array([0.        , 0.84147096], dtype=float32)
 * // the jaxpr reads `b:f32[2] = pjit[jaxpr={ lambda ; a:f32[2]. let b:f32[2] = sin a in (b,) } name=layer1] a`
 * makeJaxpr(namedCall((x: Array) => np.sin(x), { name: "layer1" }))(x).toString().includes("name=layer1"); // true
 * ```
 */
export function namedCall<F extends (...args: never[]) => unknown>(f: F, options: { name?: string | null } = {}): F {
  checkCallable(f, "named_call");
  const name = options.name ?? (f.name || "named_call");
  if (typeof name !== "string") throw new TypeError(`named_call: name must be a string, got ${typeof name}.`);
  return ((...args: unknown[]) => stagedCall(f as unknown as (...a: unknown[]) => unknown, args, name)) as unknown as F;
}

/**
 * `namedScope(name, fn)` (jax.named_scope, a context manager in JAX): runs `fn()` and returns its
 * result; under a transform its operations are staged as one call equation named `name`, visible
 * in `makeJaxpr` as `pjit[name=...]` (JAX records the name on each equation's name stack instead;
 * the values and derivatives are the same).
 *
 * @example
 * ```ts
 * // JAX: with jax.named_scope("dense"): y = jnp.tanh(w @ x)
 * const w = np.eye(2);
 * const x = np.array([0, 1]);
 * const y = namedScope("dense", () => np.tanh(np.matmul(w, x))); // Array([0.       , 0.7615942], dtype=float32)
 * ```
 */
export function namedScope<R>(name: string, fn: () => R): R {
  if (typeof name !== "string") throw new TypeError(`named_scope name must be a string, got ${typeof name}.`);
  checkCallable(fn, "named_scope");
  return stagedCall(fn as () => unknown, [], name) as R;
}
