// debug.breakpoint: stops a running program where it is, with the values the user names.
// JAX's jax.debug.breakpoint enters its jdb debugger with the Python frames' locals; JS cannot
// read a caller's locals, so the values to inspect are passed as an object, and the stop is a
// `debugger` statement (it pauses when an inspector is attached: `node --inspect`, browser
// devtools) after the values are printed. Like JAX's, it is a debug callback: under jit it stops
// each time the compiled program runs, under vmap once per example, under grad in the forward pass.
import { callback, printLine } from "./print.js";
import type { CallbackArgs } from "./print.js";
import { Array } from "../core/array.js";
import { arrayStr } from "../numpy/format.js";

/** What a breakpoint hands its handler: each named value as a concrete Array (or tree of them). */
export type BreakpointLocals<L extends Record<string, unknown>> = CallbackArgs<[L]>[0];

export interface BreakpointOptions<L extends Record<string, unknown>> {
  /** The values to inspect at the stop, by name (JAX shows the frame's locals). */
  locals?: L;
  /** Runs at the stop instead of the default (print the values, then a `debugger` statement). */
  onBreak?: (locals: BreakpointLocals<L>) => void;
}

let defaultHandler: ((locals: Record<string, unknown>) => void) | null = null;

/**
 * `debug.setBreakpointHandler(handler)`: replaces what every breakpoint without its own `onBreak`
 * does (null restores the default: print the values and run a `debugger` statement).
 *
 * @example
 * ```ts
 * const seen: string[] = [];
 * debug.setBreakpointHandler((locals) => seen.push(Object.keys(locals).join(",")));
 * jit((x: Array) => { debug.breakpoint({ locals: { x } }); return x; })(np.array([1]));
 * debug.setBreakpointHandler(null);
 * seen; // ["x"]
 * ```
 */
export function setBreakpointHandler(handler: ((locals: Record<string, unknown>) => void) | null): void {
  defaultHandler = handler;
}

/** A value as Python would show a tree of arrays: str() of each array, lists and dicts around them. */
function describe(v: unknown): string {
  if (v instanceof Array) return arrayStr(v);
  if (globalThis.Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  if (typeof v === "object" && v !== null) return `{${Object.entries(v).map(([k, x]) => `${k}: ${describe(x)}`).join(", ")}}`;
  return String(v);
}

function stop(locals: Record<string, unknown>): void {
  const names = Object.keys(locals);
  printLine(names.length === 0 ? "Entering jdb (debug.breakpoint)" : `Entering jdb (debug.breakpoint): ${names.map((n) => `${n} = ${describe(locals[n])}`).join(", ")}`);
  // Inspect `locals` here when the inspector pauses.
  // eslint-disable-next-line no-debugger
  debugger;
}

/**
 * `debug.breakpoint({ locals: { x, y } })` (jax.debug.breakpoint): at run time, stops with the
 * named values: by default prints them and executes a `debugger` statement (which pauses in an
 * attached inspector), or calls `onBreak` with them (each leaf a concrete Array). Works inside
 * jit (each run), vmap (once per example, in order) and grad (forward pass), as JAX's does.
 *
 * @example
 * ```ts
 * const seen: Array[] = [];
 * const f = jit((x: Array) => {
 *   const y = np.sin(x);
 *   // without onBreak, node --inspect pauses here with the values
 *   debug.breakpoint({ locals: { x, y }, onBreak: (locals) => { seen.push(locals.y); } });
 *   return y.mul(2);
 * });
 * f(np.array([0, 1])); // Array([0.       , 1.6829419], dtype=float32)
 * seen; // [Array([0.        , 0.84147096], dtype=float32)]
 * ```
 */
export function breakpoint<L extends Record<string, unknown> = Record<string, never>>(options: BreakpointOptions<L> = {}): void {
  if (typeof options !== "object" || options === null) throw new TypeError(`debug.breakpoint takes an options object ({ locals, onBreak }), got ${typeof options}.`);
  const locals = (options.locals ?? {}) as L;
  const onBreak = options.onBreak;
  if (onBreak !== undefined && typeof onBreak !== "function") throw new TypeError("debug.breakpoint: onBreak must be a function.");
  callback((values: BreakpointLocals<L>) => {
    if (onBreak !== undefined) onBreak(values);
    else if (defaultHandler !== null) defaultHandler(values as Record<string, unknown>);
    else stop(values as Record<string, unknown>);
  }, locals);
}
