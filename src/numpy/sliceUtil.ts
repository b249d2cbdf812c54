// Python slices written as strings ("1:3", "::-1", "0:1:5j"), for the numpy functions that take a
// slice where JAX takes a Python `slice` (insert, delete, mgrid, ogrid). Internal: not exported
// from `np`.
import { IndexError, ValueError } from "../core/errors.js";

/** A parsed slice: null where Python's slice has None. `complexStep` marks a step written "5j". */
export interface SliceParts {
  start: number | null;
  stop: number | null;
  step: number | null;
  complexStep: boolean;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** True for strings that look like a slice ("a:b", "a:b:c", ":"). */
export const isSliceString = (s: unknown): s is string => typeof s === "string" && s.includes(":");

/**
 * Parses "start:stop:step". With `allowFloat` (mgrid/ogrid) the parts may be decimals and the step
 * may be imaginary ("5j", a number of points); otherwise every part is an integer.
 */
export function parseSlice(s: string, allowFloat = false): SliceParts {
  const parts = s.split(":");
  const bad = (): never => {
    throw new IndexError(`invalid slice string ${JSON.stringify(s)}: expected "start:stop" or "start:stop:step"${allowFloat ? ' (the step may be imaginary, e.g. "0:1:5j")' : ""}.`);
  };
  if (parts.length < 2 || parts.length > 3) bad();
  let complexStep = false;
  const nums = parts.map((raw, i) => {
    let t = raw.trim();
    if (t === "") return null;
    if (allowFloat && i === 2 && /[jJ]$/.test(t)) {
      complexStep = true;
      t = t.slice(0, -1);
      if (t === "" || t === "+" || t === "-") t += "1";
    }
    if (!NUMBER.test(t)) bad();
    const v = Number(t);
    if (!allowFloat && !Number.isInteger(v)) bad();
    return v;
  });
  const step = nums[2] ?? null;
  if (step === 0 && !complexStep) throw new ValueError("slice step cannot be zero");
  return { start: nums[0] ?? null, stop: nums[1] ?? null, step, complexStep };
}

/** Python's `slice.indices(n)` followed by `range(...)`: the integer positions the slice selects. */
export function sliceRange(sl: SliceParts, n: number): number[] {
  const step = sl.step ?? 1;
  let start: number;
  let stop: number;
  if (step > 0) {
    start = sl.start === null ? 0 : sl.start < 0 ? Math.max(sl.start + n, 0) : Math.min(sl.start, n);
    stop = sl.stop === null ? n : sl.stop < 0 ? Math.max(sl.stop + n, 0) : Math.min(sl.stop, n);
  } else {
    start = sl.start === null ? n - 1 : sl.start < 0 ? Math.max(sl.start + n, -1) : Math.min(sl.start, n - 1);
    stop = sl.stop === null ? -1 : sl.stop < 0 ? Math.max(sl.stop + n, -1) : Math.min(sl.stop, n - 1);
  }
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}
