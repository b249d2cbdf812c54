// A memo for jaxprs derived from a carried jaxpr by a transform (its jvp per nonzero-tangent
// mask, its batched form per batch dims, ...): one trace per (jaxpr, key), dropped with the jaxpr.
import type { ClosedJaxpr } from "../../jaxpr/index.js";

export class JaxprMemo<T> {
  private readonly byJaxpr = new WeakMap<ClosedJaxpr, Map<string, T>>();

  get(closed: ClosedJaxpr, key: string, make: () => T): T {
    let byKey = this.byJaxpr.get(closed);
    if (byKey === undefined) this.byJaxpr.set(closed, (byKey = new Map()));
    let value = byKey.get(key);
    if (value === undefined) byKey.set(key, (value = make()));
    return value;
  }
}

/** A cache key for a boolean mask. */
export const maskKey = (mask: readonly boolean[]): string => mask.map((b) => (b ? "1" : "0")).join("");
