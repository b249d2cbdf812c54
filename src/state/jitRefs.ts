// jit and array references (JAX: refs passed to or closed over by a jit-decorated function are
// updated in place; jax/_src/pjit.py with the mutable-array checks of api_util.py). The traced
// program takes each reference it touches as an extra input (after the arguments) and returns
// the final value of each it writes as an extra output; the jitted function reads the inputs
// from the references on every call, cached or not, and writes the outputs back. A reference
// passed as an argument is a fresh reference inside the trace, so the cached program serves
// any reference of the same type at that position.
import type { Array } from "../core/array.js";
import { currentLevel, dynamicTrace } from "../core/trace.js";
import type { StagingTrace } from "../core/staging.js";
import { ValueError } from "../core/errors.js";
import * as tree from "../tree/index.js";
import { Ref, RefFrame, checkNoReturnedRef, isRef, refTypeString, refValues, withRefFrame } from "./ref.js";

/** How a jitted program's extra inputs and outputs map to references. */
export interface RefBinding {
  /** Per extra input: the position (among the argument references) of the one passed, or the closed-over reference. */
  readonly sources: readonly (number | Ref)[];
  /** Per extra input: whether the program writes it (its final value is then an extra output, in order). */
  readonly written: readonly boolean[];
}

/** A traced function's output, and when it touches references, the binding (the output is then `[out, finals]`). */
export interface RefTrace {
  readonly out: unknown;
  readonly binding: RefBinding | null;
}

/**
 * Runs `fn` inside jit's staging trace with references threaded: `argRefs` (the references among
 * the arguments) are handed to `fn` as fresh references on new inputs, and outer references it
 * touches are lifted to inputs as they are met.
 */
export function traceJitRefs(fn: (argRefs: readonly Ref[]) => unknown, argRefs: readonly Ref[], name: string, paths: readonly string[]): RefTrace {
  const trace = dynamicTrace() as StagingTrace;
  const initials = new Map<Ref, Array>();
  const input = (ref: Ref): Array => {
    const t = trace.newArg(ref.aval);
    initials.set(ref, t);
    return t;
  };
  const frame = new RefFrame(currentLevel(), input);
  const inner = argRefs.map((r) => {
    const t = trace.newArg(r.aval);
    const ref = new Ref(t);
    initials.set(ref, t);
    return ref;
  });
  return withRefFrame(
    frame,
    () => fn(inner),
    (out): RefTrace => {
      checkNoReturnedRef(out, name, "jit", (ref) => {
        const k = inner.indexOf(ref);
        return k >= 0 ? `\n\nThe returned mutable array was passed in as the argument ${paths[k]}.` : "";
      });
      for (const r of frame.lifted.keys()) {
        const k = argRefs.indexOf(r);
        if (k >= 0) throw closedAndPassed(name, r, paths[k]!);
      }
      const refs = [...inner, ...frame.lifted.keys()];
      if (refs.length === 0) return { out, binding: null };
      const finals = refValues(refs);
      const written = refs.map((r, k) => finals[k] !== initials.get(r));
      const sources = refs.map((r, k) => (k < inner.length ? k : r));
      return { out: [out, finals.filter((_, k) => written[k])], binding: { sources, written } };
    },
  );
}

/** JAX's ValueError for the same reference passed twice (api_util._check_no_aliased_ref_args). */
export function checkDistinctRefArgs(argRefs: readonly Ref[], name: string, paths: readonly string[]): void {
  for (let i = 0; i < argRefs.length; i++) {
    const j = argRefs.indexOf(argRefs[i]!, i + 1);
    if (j >= 0) {
      throw new ValueError(
        `only one reference to a mutable array may be passed as an argument to a function, but when tracing ${name} for jit the mutable array reference of type ${refTypeString(argRefs[i]!)} appeared at both ${paths[i]} and ${paths[j]}.`,
      );
    }
  }
}

const closedAndPassed = (name: string, ref: Ref, path: string): ValueError =>
  new ValueError(`when tracing ${name} for jit, a mutable array reference of type ${refTypeString(ref)} was both closed over and passed as the argument ${path}`);

/** The references a cached program's extra inputs read this call (checking a closed-over one is not also passed). */
export function boundRefs(binding: RefBinding, argRefs: readonly Ref[], name: string, paths: readonly string[]): Ref[] {
  return binding.sources.map((s) => {
    if (typeof s === "number") return argRefs[s]!;
    const k = argRefs.indexOf(s);
    if (k >= 0) throw closedAndPassed(name, s, paths[k]!);
    return s;
  });
}

/** Writes the program's extra outputs back; returns the function's own output. */
export function writeBack(binding: RefBinding, refs: readonly Ref[], result: unknown): unknown {
  const [out, finals] = result as [unknown, Array[]];
  let k = 0;
  refs.forEach((r, i) => {
    if (binding.written[i]) r.set(finals[k++]!);
  });
  return out;
}

/** The positions of the references among flat argument leaves, named as JAX names arguments (`args[0]`, `args[1]['w']`). */
export function refArgPaths(dynamic: readonly unknown[]): { refs: Ref[]; paths: string[] } {
  const [withPaths] = tree.flattenWithPath(dynamic);
  const refs: Ref[] = [];
  const paths: string[] = [];
  for (const [path, leaf] of withPaths) {
    if (!isRef(leaf)) continue;
    refs.push(leaf);
    paths.push(`args${tree.keystr(path)}`);
  }
  return { refs, paths };
}
