// The public namespaces hold JAX's names (and dprog's documented additions), not the library's
// internal helpers: each name below was once exported by an `export *` of the module defining
// it and now lives in an internal module (lax/specialCoefficients.ts, lax/matrixHelpers.ts,
// lax/precision.ts, numpy/fromValues.ts, numpy/linalgCore.ts, numpy/promote.ts, ...).
import { describe, expect, it } from "vitest";
import * as dprog from "../../src/index.js";

const INTERNAL: Record<string, readonly string[]> = {
  lax: ["CENTRAL", "TAIL", "DIGAMMA_ASYMPTOTIC", "DIGAMMA_SHIFT_TO", "canonicalizePrecision"],
  "lax.linalg": ["mT", "matmul", "tril", "triu", "eyeLike", "diagonalOf", "symmetrize"],
  numpy: ["cumulativeOperand", "fromValues", "toDType", "deleteItems"],
  "numpy.linalg": ["asFloat", "luSolveCore"],
  tree: ["describeValue", "isPlainObject", "dictKeys", "dict"],
  optim: ["inDtype", "oneMinus"],
};

function namespace(path: string): Record<string, unknown> {
  let v: unknown = dprog;
  for (const part of path.split(".")) v = (v as Record<string, unknown>)[part];
  return v as Record<string, unknown>;
}

describe("public namespaces", () => {
  for (const [path, names] of Object.entries(INTERNAL)) {
    it(`${path} does not export internal helpers`, () => {
      const ns = namespace(path);
      expect(names.filter((n) => n in ns)).toEqual([]);
    });
  }
  it("JAX's names next to them stay (np.delete, np.linalg.solve, lax.linalg.cholesky, lax.Precision, tree.flattenUpTo)", () => {
    for (const [path, name] of [["numpy", "delete"], ["numpy.linalg", "solve"], ["lax.linalg", "cholesky"], ["lax", "Precision"], ["lax", "erfInv"], ["lax", "digamma"], ["tree", "flattenUpTo"], ["optim", "adam"]] as const) {
      expect(typeof namespace(path)[name], `${path}.${name}`).not.toBe("undefined");
    }
  });
});
