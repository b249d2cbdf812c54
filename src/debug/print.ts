// debug.print and debug.callback: run host code on runtime values from inside jit, vmap and grad.
// Both bind `debug_callback`, an effectful primitive that staging records (and DCE keeps), so the
// call happens when the compiled program runs, with the values of that run; under vmap it sees
// the batched values, under grad the forward pass's primal values.
import { ShapedArray, TypedArray } from "../../jaxpr/index.js";
import { Array, ArrayImpl, ArrayLike, bufferOf } from "../core/array.js";
import { bind } from "../core/trace.js";
import { registerHostEvaluation } from "../core/eval.js";
import { toArrayLeaf } from "../ad/api.js";
import type { ArraysOf } from "../ad/apiTypes.js";
import { checkCallable } from "../core/describe.js";
import * as tree from "../tree/index.js";
import { arrayStr } from "../numpy/format.js";

let debugCallbackEvaluation = false;
/** Eager evaluation of debug_callback: the callback on the operands' buffers (installed by its binders). */
function installDebugCallbackEvaluation(): void {
  if (debugCallbackEvaluation) return;
  debugCallbackEvaluation = true;
  registerHostEvaluation("debug_callback", (args, params) => {
    params.callback(
      args.map((a) => bufferOf(a)),
      args.map((a) => a.aval),
    );
    return [];
  });
}

/** Where debug.print writes; tests replace it. */
let sink: (line: string) => void = (line) => console.log(line);
/**
 * `debug.setPrintSink(s)`: sends debug.print's lines to `s` instead of console.log (null restores
 * console.log); for tests and for capturing output.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * debug.setPrintSink((line) => lines.push(line));
 * debug.print("x = {}", np.array([1, 2]));
 * debug.setPrintSink(null);
 * lines; // ["x = [1. 2.]"]
 * ```
 */
export function setPrintSink(s: ((line: string) => void) | null): void {
  sink = s ?? ((line) => console.log(line));
}

/**
 * `debug.printLine(line)`: writes one line where debug.print writes.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * debug.setPrintSink((line) => lines.push(line));
 * debug.printLine("step 1");
 * debug.setPrintSink(null);
 * lines; // ["step 1"]
 * ```
 */
export function printLine(line: string): void {
  sink(line);
}

/**
 * Formats like Python's str.format as JAX's debug.print uses it: `{}` takes the next positional
 * value, `{0}` a numbered one, `{name}` a key of a trailing plain object; `{{`/`}}` are braces.
 *
 * @example
 * ```ts
 * debug.formatPrint("{} + {y} = {{sum}}", [np.array(1)], { y: np.array([2, 3]) }); // "1.0 + [2. 3.] = {sum}"
 * ```
 */
export function formatPrint(fmt: string, args: readonly unknown[], kwargs: Record<string, unknown>): string {
  let auto = 0;
  return fmt.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
    if (m === "{{") return "{";
    if (m === "}}") return "}";
    const f = field ?? "";
    let v: unknown;
    // Fields are looked up as own properties only: "{constructor}" or "{toString}" must not reach
    // inherited members (Python's str.format raises KeyError for them too).
    if (f === "") v = args[auto++];
    else if (/^\d+$/.test(f)) v = Number(f) < args.length ? args[Number(f)] : undefined;
    else v = Object.prototype.hasOwnProperty.call(kwargs, f) ? kwargs[f] : undefined;
    if (v === undefined) throw new RangeError(`debug.print: format field {${f}} has no matching argument in ${JSON.stringify(fmt)}.`);
    // Python's str() of an array, as JAX's debug.print formats: `[1.5 2. ]`, not the repr.
    return v instanceof Array ? arrayStr(v) : String(v);
  });
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !(x instanceof Array) && !globalThis.Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;

/**
 * `debug.print("x is {} and y is {y}", x, { y })` (jax.debug.print): prints when the values exist
 * at run time: under jit each time the compiled function runs, under vmap once per example.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * debug.setPrintSink((line) => lines.push(line));
 * const f = jit((x: Array) => { debug.print("x is {} and 2x is {y}", x, { y: x.mul(2) }); return x; });
 * f(np.array([1, 2]));
 * vmap((x: Array) => { debug.print("{}", x); return x; })(np.array([3, 4]));
 * debug.setPrintSink(null);
 * lines; // ["x is [1. 2.] and 2x is [2. 4.]", "3.0", "4.0"]
 * ```
 */
export function print(fmt: string, ...values: unknown[]): void {
  const kwargs = values.length > 0 && isPlainObject(values[values.length - 1]) ? (values.pop() as Record<string, unknown>) : {};
  const [leaves, treeDef] = tree.flatten([values, kwargs]);
  const arrays = leaves.map((l) => toArrayLeaf(l, "debug.print argument"));
  // Check the format against the arguments now, while tracing, as JAX does (not only when it runs).
  formatPrint(fmt, values, kwargs);
  const callback = (buffers: readonly TypedArray[], avals: readonly ShapedArray[]): void => {
    const vals = buffers.map((b, i) => new ArrayImpl(b, avals[i]!));
    const [args, kw] = tree.unflatten(treeDef, vals) as [unknown[], Record<string, unknown>];
    sink(formatPrint(fmt, args, kw));
  };
  installDebugCallbackEvaluation();
  bind("debug_callback", arrays as ArrayLike[], { callback });
}

/** What debug.callback passes to its function: each argument as given, with every leaf a concrete Array. */
export type CallbackArgs<A extends readonly unknown[]> = { [K in keyof A]: ArraysOf<A[K]> };

/**
 * `debug.callback(fn, ...args)` (jax.debug.callback): calls `fn` with the runtime values of `args`
 * (pytrees of Arrays, numbers and booleans), each leaf a concrete Array, for side effects such as
 * logging; its return value is ignored and nothing is returned. Eagerly it runs at once; under
 * `jit` it runs each time the compiled function runs (never at trace time); under `vmap` it is
 * called once per example, in order, with that example's values (as JAX unrolls it); under `grad`/`jvp` it is called
 * in the forward pass with the primal values. Calls are not ordered against other effects.
 *
 * @example
 * ```ts
 * const losses: number[] = [];
 * const step = jit((x: Array) => {
 *   const loss = x.mul(x).sum();
 *   debug.callback((l) => losses.push(l.item() as number), loss);
 *   return loss;
 * });
 * step(np.array([1, 2]));
 * step(np.array([3]));
 * losses; // [5, 9]
 * ```
 */
export function callback<A extends unknown[]>(fn: (...args: CallbackArgs<A>) => unknown, ...args: A): void {
  checkCallable(fn, "debug.callback");
  const [leaves, treeDef] = tree.flatten(args);
  const arrays = leaves.map((l) => toArrayLeaf(l, "debug.callback argument"));
  const run = (buffers: readonly TypedArray[], avals: readonly ShapedArray[]): void => {
    // Copies: the function may keep the arrays, and a compiled program owns its buffers.
    const vals = buffers.map((b, i) => new ArrayImpl(b.slice(), avals[i]!));
    (fn as (...a: unknown[]) => unknown)(...(tree.unflatten(treeDef, vals) as unknown[]));
  };
  installDebugCallbackEvaluation();
  bind("debug_callback", arrays as ArrayLike[], { callback: run });
}
