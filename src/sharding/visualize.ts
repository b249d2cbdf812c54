// jax.debug.visualize_array_sharding and inspect_array_sharding (jax/_src/debugging.py). JAX
// draws the device grid with `rich`; with one device per platform the grid is one cell, drawn
// here as a plain text box holding JAX's label (platform in capitals and device id, "CPU 0").
import type { Array } from "../core/array.js";
import { isArray } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import { printLine } from "../debug/print.js";
import { deviceObject, getDefaultDevice } from "../devices/index.js";
import * as tree from "../tree/index.js";
import { singleDeviceSharding } from "./arraySharding.js";
import type { Sharding } from "./shardings.js";

/** The array's sharding; a traced value's is its device's (what tracing knows here). */
const shardingOrDefault = (x: Array): Sharding => (x.concreteValue() === null ? singleDeviceSharding(deviceObject(getDefaultDevice())) : x.sharding);

/**
 * `debug.inspectArraySharding(x, { callback })` (jax.debug.inspect_array_sharding): calls
 * `callback` with the sharding of each array of `x` (a pytree). Under `jit` it is called while
 * tracing (JAX calls it while compiling), with the sharding of the device the program runs on.
 *
 * @example
 * ```ts
 * let seen = "";
 * debug.inspectArraySharding(np.ones([2]), { callback: (s) => { seen = String(s); } });
 * seen; // "SingleDeviceSharding(device=CpuDevice(id=0), memory_kind=device)"
 * ```
 */
export function inspectArraySharding(x: unknown, options: { callback: (sharding: Sharding) => void }): void {
  for (const leaf of tree.leaves(x)) if (isArray(leaf)) options.callback(shardingOrDefault(leaf));
}

/** visualizeArraySharding's keyword arguments (JAX's; `useColor` and `colorMap` draw nothing different in text). */
export interface VisualizeOptions {
  useColor?: boolean;
  scale?: number;
  minWidth?: number;
  maxWidth?: number;
}

/** The box: one cell, its width after JAX's (10 * scale per unit of the aspect ratio, clamped). */
function shardingBox(shape: readonly number[], sharding: Sharding, options: VisualizeOptions = {}): string[] {
  if (shape.length < 1 || shape.length > 2) throw new ValueError("`visualize_sharding` only works for shapes with 1 and 2 dimensions.");
  const devices = [...sharding.deviceSet];
  const label = `${(devices[0]?.platform ?? "cpu").toUpperCase()} ${devices.map((d) => d.id).join(",")}`;
  const scale = options.scale ?? 1;
  const aspect = (shape.length === 2 ? shape[1]! : 1) / shape[0]!;
  const width = Math.round(Math.min(Math.max(10 * scale * Math.max(aspect, 1), options.minWidth ?? 9, label.length + 4), options.maxWidth ?? 80));
  const height = shape.length === 2 ? Math.max(1, Math.round(Math.min(10 * scale / Math.max(aspect, 1), 10) / 2)) : 1;
  const inner = width - 2;
  const pad = (s: string): string => {
    const left = Math.floor((inner - s.length) / 2);
    return `│${" ".repeat(left)}${s}${" ".repeat(inner - s.length - left)}│`;
  };
  const rows = globalThis.Array.from({ length: height }, (_, i) => pad(i === Math.floor((height - 1) / 2) ? label : ""));
  return [`┌${"─".repeat(inner)}┐`, ...rows, `└${"─".repeat(inner)}┘`];
}

/**
 * `debug.visualizeArraySharding(x, options)` (jax.debug.visualize_array_sharding): prints how a
 * 1-D or 2-D array is laid out on devices, as a text box per shard labelled with its device
 * (here one box, `CPU 0`), where `debug.print` writes.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * debug.setPrintSink((line) => lines.push(line));
 * debug.visualizeArraySharding(np.ones([4]));
 * debug.setPrintSink(null);
 * lines; // ["┌────────┐\n│ CPU 0  │\n└────────┘"]
 * ```
 */
export function visualizeArraySharding(x: Array, options: VisualizeOptions = {}): void {
  inspectArraySharding(x, { callback: (s) => visualizeSharding(x.shape, s, options) });
}

/**
 * `debug.visualizeSharding(shape, sharding, options)` (jax.debug.visualize_sharding): prints how an
 * array of `shape` (1-D or 2-D) would be laid out by `sharding`, as visualizeArraySharding does.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * debug.setPrintSink((line) => lines.push(line));
 * debug.visualizeSharding([8], np.ones([8]).sharding);
 * debug.setPrintSink(null);
 * lines.join("\n").includes("CPU 0"); // true
 * ```
 */
export function visualizeSharding(shape: readonly number[], sharding: Sharding, options: VisualizeOptions = {}): void {
  printLine(shardingBox(shape, sharding, options).join("\n"));
}
