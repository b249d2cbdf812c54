// XLA's ReduceWindow as a direct loop, with JAX's padding resolution: the reference that the
// reduce_window tests (reduceWindow.test.ts, poolSimd.test.ts) check the kernels against.

export type Pads = [number, number][];
export type Padding = "VALID" | "SAME" | "SAME_LOWER" | Pads;
export type Monoid = (a: number, b: number) => number;

export const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const dil = (n: number, d: number): number => (n === 0 ? 0 : (n - 1) * d + 1);

/** Distinct values (no ties), reproducible. */
export function values(shape: readonly number[], seed = 0): number[] {
  return globalThis.Array.from({ length: sizeOf(shape) }, (_, i) => Math.round(1e6 * Math.sin(1.37 * i + 0.71 + seed)) / 1e5);
}

/** JAX's padtype_to_pads on the dilated window (the operand's own shape, as reduce_window passes it). */
export function pads(padding: Padding, shape: readonly number[], window: readonly number[], strides: readonly number[], wdil: readonly number[]): Pads {
  if (typeof padding !== "string") return padding;
  return shape.map((n, i) => {
    if (padding === "VALID") return [0, 0];
    const w = dil(window[i]!, wdil[i]!);
    const out = Math.ceil(n / strides[i]!);
    const p = Math.max((out - 1) * strides[i]! + w - n, 0);
    const s = Math.floor(p / 2);
    return padding === "SAME" ? [s, p - s] : [p - s, s];
  });
}

/** XLA's ReduceWindow, directly: each window from `init`, its real elements in row-major order. */
export function reference(x: number[], shape: number[], init: number, f: Monoid, window: number[], strides: number[], padding: Pads, bdil: number[], wdil: number[]): { data: number[]; shape: number[] } {
  const rank = shape.length;
  const outShape = shape.map((n, i) => {
    const padded = dil(n, bdil[i]!) + padding[i]![0] + padding[i]![1];
    const w = dil(window[i]!, wdil[i]!);
    return padded < w ? 0 : Math.floor((padded - w) / strides[i]!) + 1;
  });
  const data: number[] = [];
  const index = (flat: number, s: number[]): number[] => {
    const out = new globalThis.Array<number>(s.length);
    for (let d = s.length - 1; d >= 0; d--) {
      out[d] = flat % s[d]!;
      flat = Math.floor(flat / s[d]!);
    }
    return out;
  };
  for (let o = 0; o < sizeOf(outShape); o++) {
    const oi = index(o, outShape);
    let acc = init;
    for (let k = 0; k < sizeOf(window); k++) {
      const ki = index(k, window);
      let flat = 0;
      let real = true;
      for (let d = 0; d < rank; d++) {
        const p = oi[d]! * strides[d]! + ki[d]! * wdil[d]! - padding[d]![0];
        if (p < 0 || p >= dil(shape[d]!, bdil[d]!) || p % bdil[d]! !== 0) real = false;
        flat = flat * shape[d]! + p / bdil[d]!;
      }
      if (real) acc = f(acc, x[flat]!);
    }
    data.push(acc);
  }
  return { data, shape: outShape };
}
