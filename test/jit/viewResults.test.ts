// A slice, reshape or transpose under jit is a view of its operand's buffer (no copy). A view that
// is contiguous from the buffer's start was handed out as the buffer itself even when it covers
// only a prefix: a program result then held more elements than its shape (dataSync() returned
// them), and a scan writing such a body result into its stacked output threw
// "RangeError: offset is out of bounds".
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jit } from "../../src/index.js";
import type { Array } from "../../src/index.js";

const x = np.array([0.3, 1.6, 0.1, -0.1], { dtype: "float64" }).reshape([2, 2]);
const values = (a: Array): number[] => globalThis.Array.from(a.dataSync() as ArrayLike<number>);

describe("a prefix view as a program result", () => {
  it("jit(x => x[0:1]) holds exactly its own elements", () => {
    const r = jit((a: Array) => a.get("0:1"))(x);
    expect(r.shape).toEqual([1, 2]);
    expect(values(r)).toEqual([0.3, 1.6]);
  });

  it("a prefix of a transposed, copied operand (the fuzzer's case)", () => {
    const r = jit((a: Array) => a.get("0::-1"))(x.T);
    expect(values(r)).toEqual([0.3, 0.1]);
    expect(values(jit((a: Array) => lax.slice(a, [0], [1]))(np.array([1, 2, 3, 4])))).toEqual([1]);
  });

  it("a scan body returning a prefix slice of a captured array", () => {
    const f = (a: Array): Array => lax.scan((c: Array, _x: null) => [c, a.get("0::2", null, "0:")] as [Array, Array], np.sum(a), null, { length: 3 })[1];
    const want = [[[[0.3, 1.6]]], [[[0.3, 1.6]]], [[[0.3, 1.6]]]];
    expect(f(x).tolist()).toEqual(want);
    expect(jit(f)(x).tolist()).toEqual(want);
  });

  it("a scan carry that is a prefix slice", () => {
    const f = (a: Array): Array => lax.scan((c: Array, _x: null) => [c, c] as [Array, Array], lax.slice(a, [0], [1]), null, { length: 2 })[1];
    const v = np.array([-1.3, 0, 0.6, 1.8], { dtype: "float32" });
    expect(values(f(v))).toEqual(values(np.array([-1.3, -1.3], { dtype: "float32" })));
    expect(values(jit(f)(v))).toEqual(values(f(v)));
  });
});
