// np.save and np.load (jnp.save / jnp.load are numpy's): one array per .npy file. In Node a path
// is read or written with node:fs, loaded only when called; anywhere, `load` takes the file's
// bytes and `save` writes to anything with a `write(bytes)` method, so a browser can
// `np.load(await (await fetch(url)).arrayBuffer())`.
import { Array, bufferOf } from "../core/array.js";
import { nodeBuiltin } from "../../backends/js/host.js";
import { decodeNpy, encodeNpy } from "./npyFormat.js";
import { array } from "./creation.js";
import { asarray } from "./arrayManipulation.js";
import type { ArrayData } from "./creation.js";

/** A destination for np.save other than a path: anything that accepts the bytes. */
export interface NpyWriter {
  /** Receives the whole .npy file's bytes in one call. */
  write(bytes: Uint8Array): unknown;
}

interface NodeFs {
  readFileSync(path: string): Uint8Array;
  writeFileSync(path: string, data: Uint8Array): void;
}

function nodeFs(what: string): NodeFs {
  const fs = nodeBuiltin<NodeFs>("node:fs");
  if (fs === undefined) {
    throw new TypeError(`${what}: a file path needs Node's fs (Node 20.16 or later); elsewhere pass the file's bytes (a Uint8Array or ArrayBuffer) to np.load, or an object with a write(bytes) method to np.save.`);
  }
  return fs;
}

/** The .npy bytes of an array (what np.save writes). */
export function toNpyBytes(arr: Array | ArrayData): Uint8Array {
  const x = asarray(arr as ArrayData);
  const c = x.concreteValue();
  if (c === null) throw new TypeError("np.save: the array is a tracer (inside a transform); save concrete arrays only.");
  return encodeNpy(bufferOf(c), c.shape, c.dtype);
}

/**
 * `np.save(file, arr)` (jnp.save, numpy's): writes `arr` in numpy's .npy format. A path without the `.npy`
 * extension gets it, as numpy does.
 *
 * @example
 * ```ts
 * const chunks: Uint8Array[] = [];
 * np.save({ write: (bytes) => chunks.push(bytes) }, np.array([1, 2, 3]));
 * np.load(chunks[0]!); // Array([1., 2., 3.], dtype=float32)
 * // in Node, a path: np.save("/tmp/x", a) writes /tmp/x.npy
 * ```
 */
export function save(file: string | NpyWriter, arr: Array | ArrayData): void {
  const bytes = toNpyBytes(arr);
  if (typeof file === "string") {
    nodeFs("np.save").writeFileSync(file.endsWith(".npy") ? file : `${file}.npy`, bytes);
    return;
  }
  if (file === null || typeof file !== "object" || typeof file.write !== "function") {
    throw new TypeError(`np.save: file must be a path or an object with a write(bytes) method, got ${String(file)}`);
  }
  file.write(bytes);
}

/**
 * `np.load(file)` (jnp.load, numpy's for .npy): the array in a .npy file (a path in Node, or the file's bytes anywhere).
 *
 * @example
 * ```ts
 * const chunks: Uint8Array[] = [];
 * np.save({ write: (bytes) => chunks.push(bytes) }, np.array([[1, 2], [3, 4]], "int32"));
 * np.load(chunks[0]!); // Array([[1, 2], [3, 4]], dtype=int32)
 * np.load(chunks[0]!.buffer).shape; // [2, 2]
 * ```
 */
export function load(file: string | Uint8Array | ArrayBuffer): Array {
  let bytes: Uint8Array;
  if (typeof file === "string") bytes = nodeFs("np.load").readFileSync(file);
  else if (file instanceof Uint8Array) bytes = file;
  else if (file instanceof ArrayBuffer) bytes = new Uint8Array(file);
  else throw new TypeError(`np.load: file must be a path, a Uint8Array or an ArrayBuffer, got ${String(file)}`);
  const { data, shape, dtype } = decodeNpy(bytes);
  return array(data, { dtype, shape });
}
