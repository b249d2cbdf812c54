// lax.Precision and the precision/preferredElementType arguments of the dot-like functions,
// lax.GatherDimensionNumbers/ScatterDimensionNumbers, and lax.approxMaxK/approxMinK.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, jit, Array } from "../../src/index.js";
import { canonicalizePrecision } from "../../src/lax/precision.js";

const a = np.array([[1, 2], [3, 4]]);
const b = np.array([[5, 6], [7, 8]]);
const ab = [[19, 22], [43, 50]];

describe("lax.Precision", () => {
  it("has JAX's members and string names", () => {
    expect(lax.Precision.DEFAULT.value).toBe(0);
    expect(lax.Precision.HIGH.value).toBe(1);
    expect(lax.Precision.HIGHEST.value).toBe(2);
    expect(String(lax.Precision.HIGHEST)).toBe("HIGHEST");
    expect(lax.Precision.fromString("bfloat16")).toBe(lax.Precision.DEFAULT);
    expect(lax.Precision.fromString("tensorfloat32")).toBe(lax.Precision.HIGH);
    expect(lax.Precision.fromString("float32")).toBe(lax.Precision.HIGHEST);
    expect(canonicalizePrecision("high")).toEqual([lax.Precision.HIGH, lax.Precision.HIGH]);
    expect(canonicalizePrecision(null)).toBeNull();
    expect(() => lax.Precision.fromString("bogus")).toThrow(/Unrecognized precision/);
  });

  it("lax.dot and lax.dotGeneral take precision positionally or as options; same values", () => {
    for (const p of [null, lax.Precision.DEFAULT, lax.Precision.HIGH, lax.Precision.HIGHEST, "highest", "bfloat16", ["high", "highest"]] as const) {
      expect(lax.dot(a, b, p).tolist()).toEqual(ab);
      expect(lax.dotGeneral(a, b, [[[1], [0]], [[], []]], p).tolist()).toEqual(ab);
    }
    const r = lax.dot(a, b, lax.Precision.HIGHEST, "float64");
    expect(r.dtype).toBe("float64");
    expect(lax.dot(a, b, { precision: "highest", preferredElementType: "float64" }).dtype).toBe("float64");
    // dprog's earlier positional form: a dtype in the third place is the preferred element type.
    expect(lax.dot(a, b, "float64").dtype).toBe("float64");
    expect(lax.dotGeneral(a, b, [[[1], [0]], [[], []]], "float64").dtype).toBe("float64");
    expect(() => lax.dot(a, b, "bogus" as never)).toThrow(/Precision argument must be one of/);
    expect(() => lax.dot(a, b, { precision: 3 as never })).toThrow(/Precision argument/);
  });

  it("numpy's dot-like functions accept precision and preferredElementType", () => {
    const opts = { precision: lax.Precision.HIGHEST } as const;
    expect(np.dot(a, b, opts).tolist()).toEqual(ab);
    expect(np.matmul(a, b, { precision: "highest" }).tolist()).toEqual(ab);
    expect(np.einsum("ij,jk->ik", a, b, opts).tolist()).toEqual(ab);
    expect(np.einsum("ij,jk->ik", a, b).tolist()).toEqual(ab);
    expect(np.tensordot(a, b, 1, opts).tolist()).toEqual(ab);
    expect(np.inner(a, b, opts).tolist()).toEqual([[17, 23], [39, 53]]);
    expect(np.vdot(a, b, opts).item()).toBe(70);
    const i = np.array([[1, 2], [3, 4]], { dtype: "int32" });
    const f = np.matmul(i, i, { preferredElementType: "float32" });
    expect(f.dtype).toBe("float32");
    expect(f.weakType).toBe(false);
    expect(f.tolist()).toEqual([[7, 10], [15, 22]]);
    expect(np.einsum("ii", i, { preferredElementType: "float64" }).dtype).toBe("float64");
    expect(() => np.dot(a, b, { precision: "nope" as never })).toThrow(/Precision argument/);
    expect(() => np.einsum("ij,jk->ik", a, b, { precision: "nope" as never })).toThrow(/Precision argument/);
    const g = jit((x: Array, y: Array) => np.matmul(x, y, { precision: "highest" }));
    expect(g(a, b).tolist()).toEqual(ab);
  });
});

describe("GatherDimensionNumbers / ScatterDimensionNumbers", () => {
  it("build the objects lax.gather and lax.scatter take", () => {
    const dn = lax.GatherDimensionNumbers({ offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] });
    expect(dn).toEqual({ offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [] });
    expect(lax.GatherDimensionNumbers([1], [0], [0])).toEqual(dn);
    const x = np.arange(12).reshape([4, 3]);
    const rows = lax.gather(x, np.array([[2], [0]], { dtype: "int32" }), dn, [1, 3]);
    expect(rows.tolist()).toEqual([[6, 7, 8], [0, 1, 2]]);
    const sdn = lax.ScatterDimensionNumbers({ updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] });
    expect(lax.ScatterDimensionNumbers([], [0], [0], [], [])).toEqual(sdn);
    const out = lax.scatterAdd(np.zeros([4]), np.array([[1], [1]], { dtype: "int32" }), np.array([1, 2]), sdn);
    expect(out.tolist()).toEqual([0, 3, 0, 0]);
    expect(() => lax.GatherDimensionNumbers([1.5], [0], [0])).toThrow(/integers/);
  });
});

describe("approxMaxK / approxMinK", () => {
  const x = np.array([[1, 5, 3], [4, 2, 6]]);
  it("are the exact top k along the reduction dimension", () => {
    const [v, i] = lax.approxMaxK(x, 2);
    expect(v.tolist()).toEqual([[5, 3], [6, 4]]);
    expect(i.tolist()).toEqual([[1, 2], [2, 0]]);
    const [v0, i0] = lax.approxMaxK(x, 1, { reductionDimension: 0, recallTarget: 0.9, aggregateToTopk: true, reductionInputSizeOverride: -1 });
    expect(v0.tolist()).toEqual([[4, 5, 6]]);
    expect(i0.tolist()).toEqual([[1, 0, 1]]);
    const [m, mi] = lax.approxMinK(x, 2);
    expect(m.tolist()).toEqual([[1, 3], [2, 4]]);
    expect(mi.tolist()).toEqual([[0, 2], [1, 0]]);
    const j = jit((a: Array) => lax.approxMinK(a, 1, { reductionDimension: 0 })[0]);
    expect(j(x).tolist()).toEqual([[1, 2, 3]]);
  });
  it("validate their arguments as JAX does", () => {
    expect(() => lax.approxMaxK(x, 0)).toThrow(/k must be positive/);
    expect(() => lax.approxMaxK(x, 4)).toThrow(/k must be smaller/);
    expect(() => lax.approxMaxK(x, 1, { recallTarget: 1.5 })).toThrow(/recall_target/);
    expect(() => lax.approxMaxK(x, 1, { reductionDimension: 2 })).toThrow(/out of bounds/);
    expect(() => lax.approxMaxK(np.array([1, 2], { dtype: "int32" }), 1)).toThrow(/floating/);
  });
});
