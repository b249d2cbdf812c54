// Array references in lax's control flow (cond, switch, whileLoop, scan and what is built on
// them). JAX discharges the references a body closes over into extra carries
// (jax/_src/state/discharge.py, the while/cond/scan discharge rules); dprog finds them while
// tracing: each body runs in a RefFrame that records the outer references it touches, and
// throws once the body is traced if it touched any. The control-flow call is then traced again
// with those references bound to extra operands (cond), carries (scan, whileLoop) whose final
// values are written back. Nothing runs before the references are known, so no effect repeats.
import type { Array } from "../core/array.js";
import { currentLevel } from "../core/trace.js";
import { Ref, RefFrame, checkNoReturnedRef, withRefFrame, withRefsBound } from "./ref.js";

/** Thrown by a body that touched outer references, caught by the call that traced it. */
class RefsFound extends Error {
  constructor(
    readonly refs: readonly Ref[],
    readonly owner: object,
  ) {
    super("internal: a traced body touched mutable array references from outside (retraced with them threaded)");
  }
}

/**
 * The references a control-flow call threads, and how its bodies see them. `attempt` builds and
 * runs the call for a list of references (empty at first), wrapping each user function with
 * `body`; a body that touches others makes the call run again with those added.
 */
export function withThreadedRefs<T>(what: string, attempt: (refs: readonly Ref[], body: BodyWrapper) => T): T {
  const owner = {};
  let refs: Ref[] = [];
  for (;;) {
    const bound = refs;
    const body: BodyWrapper = (fn, values) => runBody(bound, values, fn, owner, what);
    try {
      return attempt(bound, body);
    } catch (e) {
      if (!(e instanceof RefsFound) || e.owner !== owner) throw e;
      const more = e.refs.filter((r) => !bound.includes(r));
      if (more.length === 0) throw new Error(`internal: ${what} found no new array references to thread`);
      refs = [...bound, ...more];
    }
  }
}

/** Runs a user function inside a control-flow body with the threaded references bound to `values`; returns its result and their final values. */
export type BodyWrapper = <T>(fn: () => T, values: readonly Array[]) => [T, Array[]];

function runBody<T>(refs: readonly Ref[], values: readonly Array[], fn: () => T, owner: object, what: string): [T, Array[]] {
  const frame = new RefFrame(currentLevel(), (_ref, outer) => outer);
  return withRefsBound(refs, values, () =>
    withRefFrame(
      frame,
      () => {
        const out = fn();
        checkNoReturnedRef(out, "<lambda>", what);
        return out;
      },
      (out) => {
        if (frame.lifted.size > 0) throw new RefsFound([...frame.lifted.keys()], owner);
        return out;
      },
    ),
  );
}

/** Writes the call's final values back into the threaded references. */
export function writeRefs(refs: readonly Ref[], values: readonly Array[]): void {
  refs.forEach((r, k) => r.set(values[k]!));
}
