// Reading arrays back into JS: tolist, and numpy-like toString (`Array([1., 2.], dtype=float32)`).
import type { DType } from "../../jaxpr/index.js";
import { Array, ArrayImpl, NestedList } from "../core/array.js";

export function tolist(x: ArrayImpl): NestedList {
  const buf = x.readSync();
  const isBool = x.dtype === "bool";
  const shape = x.shape;
  let i = 0;
  const go = (d: number): NestedList => {
    if (d === shape.length) {
      const v = buf[i++]!;
      return isBool ? v !== 0 : v;
    }
    const out: NestedList[] = [];
    for (let k = 0; k < shape[d]!; k++) out.push(go(d + 1));
    return out;
  };
  return go(0);
}

/** numpy's float repr: shortest round-trip digits of the dtype, with a trailing '.' for integers. */
export function formatScalar(v: number, dtype: DType): string {
  if (dtype === "bool") return v ? "True" : "False";
  if (dtype === "int32" || dtype === "uint32") return String(v);
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  let s: string;
  if (dtype === "float32") {
    // Shortest decimal that rounds back to the same float32.
    s = String(v);
    for (let p = 1; p <= 9; p++) {
      const t = v.toPrecision(p);
      if (Math.fround(Number(t)) === v) {
        s = String(Number(t));
        break;
      }
    }
  } else {
    s = String(v);
  }
  if (/e/.test(s)) {
    const [m, e] = s.split("e");
    const exp = Number(e);
    return `${m!.includes(".") ? m : m + "."}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return s.includes(".") ? s : s + ".";
}

const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

export function arrayToString(x: Array): string {
  const c = x.concreteValue();
  if (c === null) return `Traced<${x.aval.str()}>`;
  const buf = c.readSync();
  const shape = c.shape;
  const summarize = c.size > SUMMARY_THRESHOLD;
  const strides: number[] = [];
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= shape[d]!;
  }
  // Format every printed element first so columns can be padded to one width.
  const cells = new Map<number, string>();
  const visit = (d: number, offset: number): void => {
    if (d === shape.length) {
      cells.set(offset, formatScalar(buf[offset]!, c.dtype));
      return;
    }
    const n = shape[d]!;
    for (let k = 0; k < n; k++) {
      if (summarize && n > 2 * EDGE_ITEMS && k === EDGE_ITEMS) k = n - EDGE_ITEMS;
      visit(d + 1, offset + k * strides[d]!);
    }
  };
  visit(0, 0);
  // numpy aligns floats on the decimal point: pad integer parts left and fractions right.
  const isFloatDtype = c.dtype === "float32" || c.dtype === "float64";
  if (isFloatDtype && [...cells.values()].every((s) => s.includes(".") && !s.includes("e"))) {
    let left = 0;
    let right = 0;
    for (const s of cells.values()) {
      const [l, r] = s.split(".");
      left = Math.max(left, l!.length);
      right = Math.max(right, r!.length);
    }
    for (const [k, s] of cells) {
      const [l, r] = s.split(".");
      cells.set(k, `${l!.padStart(left)}.${r!.padEnd(right)}`);
    }
  }
  const width = Math.max(0, ...[...cells.values()].map((s) => s.length));
  const prefix = "Array(";
  const render = (d: number, offset: number, indent: string): string => {
    if (d === shape.length) return cells.get(offset)!.padStart(width);
    const n = shape[d]!;
    const parts: string[] = [];
    for (let k = 0; k < n; k++) {
      if (summarize && n > 2 * EDGE_ITEMS && k === EDGE_ITEMS) {
        parts.push("...");
        k = n - EDGE_ITEMS;
      }
      parts.push(render(d + 1, offset + k * strides[d]!, indent + " "));
    }
    const sep = d === shape.length - 1 ? ", " : "," + "\n".repeat(shape.length - 1 - d) + indent + " ";
    return `[${parts.join(sep)}]`;
  };
  const body = shape.length === 0 ? formatScalar(buf[0]!, c.dtype) : render(0, 0, " ".repeat(prefix.length));
  const weak = c.weakType ? ", weak_type=True" : "";
  return `${prefix}${body}, dtype=${c.dtype}${weak})`;
}
