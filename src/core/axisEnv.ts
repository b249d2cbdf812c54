// The named axes in scope (JAX's axis environment, core.extend_axis_env_nd): each vmap or pmap
// given an axis name binds it to its batch trace and size while its function runs, so that a
// collective naming the axis reaches that trace (see bind) and lax can read the axis size.
import { unboundAxisName } from "../../jaxpr/index.js";
import type { MainTrace } from "./trace.js";

export interface AxisFrame {
  readonly name: string;
  readonly size: number;
  /** The batch trace that rewrites the axis's collectives. */
  readonly main: MainTrace;
}

const frames: AxisFrame[] = [];

/** Runs `fn` with `name` bound to `main`'s batch axis of `size` (shadowing an outer axis of the same name). */
export function withAxisFrame<T>(frame: AxisFrame, fn: () => T): T {
  frames.push(frame);
  try {
    return fn();
  } finally {
    frames.pop();
  }
}

/** The innermost frame binding `name`, or null. */
export function findAxisFrame(name: string): AxisFrame | null {
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!.name === name) return frames[i]!;
  return null;
}

/** The frame binding `name`; JAX's NameError when none does. */
export function axisFrame(name: string): AxisFrame {
  const f = findAxisFrame(name);
  if (f === null) throw unboundAxisName(name);
  return f;
}

/** True when some axis is named: bind only then looks for collectives. */
export const hasNamedAxes = (): boolean => frames.length > 0;

/** The names and sizes in scope, for jit's cache key (a traced collective bakes in its axis size). */
export const axisEnvKey = (): string => frames.map((f) => `${f.name}:${f.size}`).join(",");
