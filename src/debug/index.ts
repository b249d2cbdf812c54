// debug.print: prints runtime values from inside jit, vmap and grad. It binds `debug_callback`, an
// effectful primitive that staging records (and DCE keeps), so the print happens when the
// compiled program runs, with the values of that run; under vmap it prints the batched values.
import { ShapedArray, TypedArray } from "../../jaxpr/index.js";
import { Array, ArrayImpl, ArrayLike } from "../core/array.js";
import { bind } from "../core/trace.js";
import { toArrayLeaf } from "../ad/api.js";
import * as tree from "../tree/index.js";

/** Where debug.print writes; tests replace it. */
let sink: (line: string) => void = (line) => console.log(line);
export function setPrintSink(s: ((line: string) => void) | null): void {
  sink = s ?? ((line) => console.log(line));
}

/**
 * Formats like Python's str.format as JAX's debug.print uses it: `{}` takes the next positional
 * value, `{0}` a numbered one, `{name}` a key of a trailing plain object; `{{`/`}}` are braces.
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
    return String(v);
  });
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !(x instanceof Array) && !globalThis.Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;

/** `debug.print("x is {} and y is {y}", x, { y })`: prints when the values exist at run time. */
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
  bind("debug_callback", arrays as ArrayLike[], { callback });
}
