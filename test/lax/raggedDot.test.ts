// lax.raggedDot against JAX 0.10.2 (lax.ragged_dot values and gradients, float64), checkGrads
// order 2 in lhs and rhs, vmap against a loop over examples, jit against eager (called twice).
import { describe, expect, it } from "vitest";
import { numpy as np, lax, jit, grad, vmap, testUtil, Array } from "../../src/index.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });
const i32 = (v: number[]): Array => np.array(v, { dtype: "int32" });
const LHS = f64([[0.126, -0.132, 0.64], [0.105, -0.536, 0.362], [1.304, 0.947, -0.704], [-1.265, -0.623, 0.041], [-2.325, -0.219, -1.246], [-0.732, -0.544, -0.316], [0.412, 1.043, -0.129]]);
const RHS = f64([[[1.366, -0.665], [0.352, 0.903], [0.094, -0.743]], [[-0.922, -0.458], [0.22, -1.01], [-0.209, -0.159]], [[0.541, 0.215], [0.355, -0.654], [-0.13, 0.784]]]);
const SIZES = i32([2, 0, 4]);

function expectClose(got: Array, want: unknown, tol = 1e-13): void {
  const g = got.dataSync();
  const w = (want as number[]).flat(3) as number[];
  expect(g.length).toBe(w.length);
  g.forEach((v, i) => expect(Math.abs(Number(v) - w[i]!)).toBeLessThan(tol * (1 + Math.abs(w[i]!))));
}

describe("lax.raggedDot", () => {
  it("values as JAX 0.10.2: rows grouped by groupSizes, an empty group, rows past the groups zero", () => {
    expectClose(lax.raggedDot(LHS, RHS, SIZES), [[0.185812, -0.678506], [-0.011213999999999998, -0.8227990000000001], [1.133169, -0.890914], [-0.9108599999999999, 0.16761100000000007], [-1.1735900000000001, -1.333513], [-0.548052, -0.04934799999999997], [0.0, 0.0]]);
    expectClose(lax.raggedDot(LHS, RHS, i32([1, 2, 1])), [[0.185812, -0.678506], [-0.290388, 0.43571200000000004], [-0.8468120000000001, -1.441766], [-0.9108599999999999, 0.16761100000000007], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]);
    expect(lax.raggedDot(LHS, RHS, SIZES, { preferredElementType: "float64", precision: "highest" }).shape).toEqual([7, 2]);
  });

  it("gradients in lhs and rhs as JAX 0.10.2; checkGrads order 2", () => {
    const loss = (l: Array, r: Array): Array => np.sum(np.sin(lax.raggedDot(l, r, SIZES)));
    const [gl, gr] = grad(loss, { argnums: [0, 1] })(LHS, RHS);
    expectClose(gl, [[0.824776450895079, 1.0489365442863388, -0.48605193484460624], [0.9135996909001534, 0.9661732380931685, -0.4113737512339044], [0.36444207601531275, -0.26072478042161773, 0.43780908537400887], [0.5436560213080446, -0.42719630440007295, 0.6933144749959701], [0.25982096539392785, -0.016401658484446635, 0.13399966987767598], [0.6765040007648128, -0.35019675297651753, 0.6720852426494786], [0.0, 0.0, 0.0]]);
    expectClose(gr, [[[0.22882450480877073, 0.16951048603230795], [-0.6656941245218142, -0.4673357116634069], [0.9909606384909734, 0.7444694969924266]], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [[-1.7471086003096568, -1.705075907739113], [-0.529654950449123, -0.6137055578268065], [-1.0249397652002832, -1.0106841804200557]]]);
    testUtil.checkGrads((l: Array, r: Array) => lax.raggedDot(l, r, SIZES), [LHS, RHS], 2);
  });

  it("jit (twice) equals eager; vmap over lhs, rhs or the group sizes equals the loop", () => {
    const eager = lax.raggedDot(LHS, RHS, SIZES).tolist();
    const f = jit((l: Array, r: Array, s: Array) => lax.raggedDot(l, r, s));
    expect(f(LHS, RHS, SIZES).tolist()).toEqual(eager);
    expect(f(LHS, RHS, SIZES).tolist()).toEqual(eager);
    const lhsBatch = np.stack([LHS, np.multiply(LHS, 2)]);
    const sizesBatch = np.stack([SIZES, i32([3, 3, 1])]);
    const batched = vmap((l: Array, s: Array) => lax.raggedDot(l, RHS, s))(lhsBatch, sizesBatch).tolist();
    const loop = [0, 1].map((i) => lax.raggedDot(lhsBatch.get(i), RHS, sizesBatch.get(i)).tolist());
    expect(batched).toEqual(loop);
    const rhsBatch = np.stack([RHS, np.negative(RHS)]);
    expect(vmap((r: Array) => lax.raggedDot(LHS, r, SIZES))(rhsBatch).tolist()).toEqual([0, 1].map((i) => lax.raggedDot(LHS, rhsBatch.get(i), SIZES).tolist()));
  });

  it("errors: shapes, group-size dtype, group offset", () => {
    expect(() => lax.raggedDot(LHS, RHS, i32([2, 5]))).toThrow("expected group_sizes to have shape (3,), got (2,).");
    expect(() => lax.raggedDot(LHS, RHS, f64([2, 0, 4]))).toThrow(/integer dtype/);
    expect(() => lax.raggedDot(LHS.get(":", ":2"), RHS, SIZES)).toThrow(/contracting dimensions/);
    expect(() => lax.raggedDot(LHS, RHS, SIZES, { groupOffset: i32([0]) })).toThrow("Unimplemented group_offset support.");
  });
});
