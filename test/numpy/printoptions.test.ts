// numpy's print options (jnp.set_printoptions / printoptions / get_printoptions) against the
// reprs JAX 0.10.2 (numpy 2.4.6) prints for the same arrays under `np.printoptions(**opts)`:
// float modes, precision, suppress, sign, nan/inf strings, summarization and line width.
import { afterEach, describe, expect, it } from "vitest";
import { numpy as np } from "../../src/index.js";

const arange = Array.from({ length: 30 }, (_, i) => i / 7);
const ARRAYS: Record<string, [number[], "float64" | "float32" | "int32"]> = {
  mixed: [[0.1, 0.25, -1.5, 3.0], "float64"],
  ties: [[0.125, 0.375, 2.5], "float64"],
  small: [[1e-10, 0.5, 1.0], "float64"],
  big: [[1e9, 1.5, -2.0], "float64"],
  f32: [[0.1, 1 / 3, -2.0], "float32"],
  nonfinite: [[NaN, Infinity, 1.0], "float64"],
  negnonfinite: [[NaN, -Infinity, 0.5], "float64"],
  ints: [[1, -20, 300], "int32"],
  posints: [[1, 20, 300], "int32"],
  long: [arange, "float64"],
  exp: [[1e-5, 2.5e-7, 3.0], "float64"],
};

/** [options, array name, JAX's repr]. */
const CASES: [Partial<np.PrintOptions>, string, string][] = [
  [{}, "mixed", "Array([ 0.1 ,  0.25, -1.5 ,  3.  ], dtype=float64)"],
  [{}, "ties", "Array([0.125, 0.375, 2.5  ], dtype=float64)"],
  [{}, "small", "Array([1.e-10, 5.e-01, 1.e+00], dtype=float64)"],
  [{}, "big", "Array([ 1.0e+09,  1.5e+00, -2.0e+00], dtype=float64)"],
  [{}, "f32", "Array([ 0.1       ,  0.33333334, -2.        ], dtype=float32)"],
  [{}, "nonfinite", "Array([nan, inf,  1.], dtype=float64)"],
  [{}, "negnonfinite", "Array([ nan, -inf,  0.5], dtype=float64)"],
  [{}, "ints", "Array([  1, -20, 300], dtype=int32)"],
  [{}, "posints", "Array([  1,  20, 300], dtype=int32)"],
  [{}, "long", "Array([0.        , 0.14285714, 0.28571429, 0.42857143, 0.57142857,\n       0.71428571, 0.85714286, 1.        , 1.14285714, 1.28571429,\n       1.42857143, 1.57142857, 1.71428571, 1.85714286, 2.        ,\n       2.14285714, 2.28571429, 2.42857143, 2.57142857, 2.71428571,\n       2.85714286, 3.        , 3.14285714, 3.28571429, 3.42857143,\n       3.57142857, 3.71428571, 3.85714286, 4.        , 4.14285714],      dtype=float64)"],
  [{}, "exp", "Array([1.0e-05, 2.5e-07, 3.0e+00], dtype=float64)"],
  [{"precision": 3}, "mixed", "Array([ 0.1 ,  0.25, -1.5 ,  3.  ], dtype=float64)"],
  [{"precision": 3}, "ties", "Array([0.125, 0.375, 2.5  ], dtype=float64)"],
  [{"precision": 3}, "small", "Array([1.e-10, 5.e-01, 1.e+00], dtype=float64)"],
  [{"precision": 3}, "big", "Array([ 1.0e+09,  1.5e+00, -2.0e+00], dtype=float64)"],
  [{"precision": 3}, "f32", "Array([ 0.1  ,  0.333, -2.   ], dtype=float32)"],
  [{"precision": 3}, "nonfinite", "Array([nan, inf,  1.], dtype=float64)"],
  [{"precision": 3}, "negnonfinite", "Array([ nan, -inf,  0.5], dtype=float64)"],
  [{"precision": 3}, "ints", "Array([  1, -20, 300], dtype=int32)"],
  [{"precision": 3}, "posints", "Array([  1,  20, 300], dtype=int32)"],
  [{"precision": 3}, "long", "Array([0.   , 0.143, 0.286, 0.429, 0.571, 0.714, 0.857, 1.   , 1.143,\n       1.286, 1.429, 1.571, 1.714, 1.857, 2.   , 2.143, 2.286, 2.429,\n       2.571, 2.714, 2.857, 3.   , 3.143, 3.286, 3.429, 3.571, 3.714,\n       3.857, 4.   , 4.143], dtype=float64)"],
  [{"precision": 3}, "exp", "Array([1.0e-05, 2.5e-07, 3.0e+00], dtype=float64)"],
  [{"precision": 2, "floatmode": "fixed"}, "mixed", "Array([ 0.10,  0.25, -1.50,  3.00], dtype=float64)"],
  [{"precision": 2, "floatmode": "fixed"}, "ties", "Array([0.12, 0.38, 2.50], dtype=float64)"],
  [{"precision": 2, "floatmode": "fixed"}, "small", "Array([1.00e-10, 5.00e-01, 1.00e+00], dtype=float64)"],
  [{"precision": 2, "floatmode": "fixed"}, "big", "Array([ 1.00e+09,  1.50e+00, -2.00e+00], dtype=float64)"],
  [{"precision": 2, "floatmode": "fixed"}, "f32", "Array([ 0.10,  0.33, -2.00], dtype=float32)"],
  [{"precision": 2, "floatmode": "fixed"}, "nonfinite", "Array([ nan,  inf, 1.00], dtype=float64)"],
  [{"precision": 2, "floatmode": "fixed"}, "negnonfinite", "Array([ nan, -inf, 0.50], dtype=float64)"],
  [{"precision": 2, "floatmode": "fixed"}, "ints", "Array([  1, -20, 300], dtype=int32)"],
  [{"precision": 2, "floatmode": "fixed"}, "posints", "Array([  1,  20, 300], dtype=int32)"],
  [{"precision": 2, "floatmode": "fixed"}, "long", "Array([0.00, 0.14, 0.29, 0.43, 0.57, 0.71, 0.86, 1.00, 1.14, 1.29, 1.43,\n       1.57, 1.71, 1.86, 2.00, 2.14, 2.29, 2.43, 2.57, 2.71, 2.86, 3.00,\n       3.14, 3.29, 3.43, 3.57, 3.71, 3.86, 4.00, 4.14], dtype=float64)"],
  [{"precision": 2, "floatmode": "fixed"}, "exp", "Array([1.00e-05, 2.50e-07, 3.00e+00], dtype=float64)"],
  [{"floatmode": "unique"}, "mixed", "Array([ 0.1 ,  0.25, -1.5 ,  3.  ], dtype=float64)"],
  [{"floatmode": "unique"}, "ties", "Array([0.125, 0.375, 2.5  ], dtype=float64)"],
  [{"floatmode": "unique"}, "small", "Array([1.e-10, 5.e-01, 1.e+00], dtype=float64)"],
  [{"floatmode": "unique"}, "big", "Array([ 1.0e+09,  1.5e+00, -2.0e+00], dtype=float64)"],
  [{"floatmode": "unique"}, "f32", "Array([ 0.1       ,  0.33333334, -2.        ], dtype=float32)"],
  [{"floatmode": "unique"}, "nonfinite", "Array([nan, inf,  1.], dtype=float64)"],
  [{"floatmode": "unique"}, "negnonfinite", "Array([ nan, -inf,  0.5], dtype=float64)"],
  [{"floatmode": "unique"}, "ints", "Array([  1, -20, 300], dtype=int32)"],
  [{"floatmode": "unique"}, "posints", "Array([  1,  20, 300], dtype=int32)"],
  [{"floatmode": "unique"}, "long", "Array([0.                 , 0.14285714285714285, 0.2857142857142857 ,\n       0.42857142857142855, 0.5714285714285714 , 0.7142857142857143 ,\n       0.8571428571428571 , 1.                 , 1.1428571428571428 ,\n       1.2857142857142858 , 1.4285714285714286 , 1.5714285714285714 ,\n       1.7142857142857142 , 1.8571428571428572 , 2.                 ,\n       2.142857142857143  , 2.2857142857142856 , 2.4285714285714284 ,\n       2.5714285714285716 , 2.7142857142857144 , 2.857142857142857  ,\n       3.                 , 3.142857142857143  , 3.2857142857142856 ,\n       3.4285714285714284 , 3.5714285714285716 , 3.7142857142857144 ,\n       3.857142857142857  , 4.                 , 4.142857142857143  ],      dtype=float64)"],
  [{"floatmode": "unique"}, "exp", "Array([1.0e-05, 2.5e-07, 3.0e+00], dtype=float64)"],
  [{"precision": 4, "floatmode": "maxprec_equal"}, "mixed", "Array([ 0.10,  0.25, -1.50,  3.00], dtype=float64)"],
  [{"precision": 4, "floatmode": "maxprec_equal"}, "ties", "Array([0.125, 0.375, 2.500], dtype=float64)"],
  [{"precision": 4, "floatmode": "maxprec_equal"}, "small", "Array([1.e-10, 5.e-01, 1.e+00], dtype=float64)"],
  [{"precision": 4, "floatmode": "maxprec_equal"}, "big", "Array([ 1.0e+09,  1.5e+00, -2.0e+00], dtype=float64)"],
  [{"precision": 4, "floatmode": "maxprec_equal"}, "f32", "Array([ 0.1000,  0.3333, -2.0000], dtype=float32)"],
  [{"precision": 4, "floatmode": "maxprec_equal"}, "nonfinite", "Array([nan, inf,  1.], dtype=float64)"],
  [{"precision": 4, "floatmode": "maxprec_equal"}, "negnonfinite", "Array([ nan, -inf,  0.5], dtype=float64)"],
  [{"precision": 4, "floatmode": "maxprec_equal"}, "ints", "Array([  1, -20, 300], dtype=int32)"],
  [{"precision": 4, "floatmode": "maxprec_equal"}, "posints", "Array([  1,  20, 300], dtype=int32)"],
  [{"precision": 4, "floatmode": "maxprec_equal"}, "long", "Array([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000,\n       1.1429, 1.2857, 1.4286, 1.5714, 1.7143, 1.8571, 2.0000, 2.1429,\n       2.2857, 2.4286, 2.5714, 2.7143, 2.8571, 3.0000, 3.1429, 3.2857,\n       3.4286, 3.5714, 3.7143, 3.8571, 4.0000, 4.1429], dtype=float64)"],
  [{"precision": 4, "floatmode": "maxprec_equal"}, "exp", "Array([1.0e-05, 2.5e-07, 3.0e+00], dtype=float64)"],
  [{"suppress": true}, "mixed", "Array([ 0.1 ,  0.25, -1.5 ,  3.  ], dtype=float64)"],
  [{"suppress": true}, "ties", "Array([0.125, 0.375, 2.5  ], dtype=float64)"],
  [{"suppress": true}, "small", "Array([0. , 0.5, 1. ], dtype=float64)"],
  [{"suppress": true}, "big", "Array([ 1.0e+09,  1.5e+00, -2.0e+00], dtype=float64)"],
  [{"suppress": true}, "f32", "Array([ 0.1       ,  0.33333334, -2.        ], dtype=float32)"],
  [{"suppress": true}, "nonfinite", "Array([nan, inf,  1.], dtype=float64)"],
  [{"suppress": true}, "negnonfinite", "Array([ nan, -inf,  0.5], dtype=float64)"],
  [{"suppress": true}, "ints", "Array([  1, -20, 300], dtype=int32)"],
  [{"suppress": true}, "posints", "Array([  1,  20, 300], dtype=int32)"],
  [{"suppress": true}, "long", "Array([0.        , 0.14285714, 0.28571429, 0.42857143, 0.57142857,\n       0.71428571, 0.85714286, 1.        , 1.14285714, 1.28571429,\n       1.42857143, 1.57142857, 1.71428571, 1.85714286, 2.        ,\n       2.14285714, 2.28571429, 2.42857143, 2.57142857, 2.71428571,\n       2.85714286, 3.        , 3.14285714, 3.28571429, 3.42857143,\n       3.57142857, 3.71428571, 3.85714286, 4.        , 4.14285714],      dtype=float64)"],
  [{"suppress": true}, "exp", "Array([0.00001   , 0.00000025, 3.        ], dtype=float64)"],
  [{"sign": "+"}, "mixed", "Array([+0.1 , +0.25, -1.5 , +3.  ], dtype=float64)"],
  [{"sign": "+"}, "ties", "Array([+0.125, +0.375, +2.5  ], dtype=float64)"],
  [{"sign": "+"}, "small", "Array([+1.e-10, +5.e-01, +1.e+00], dtype=float64)"],
  [{"sign": "+"}, "big", "Array([+1.0e+09, +1.5e+00, -2.0e+00], dtype=float64)"],
  [{"sign": "+"}, "f32", "Array([+0.1       , +0.33333334, -2.        ], dtype=float32)"],
  [{"sign": "+"}, "nonfinite", "Array([+nan, +inf,  +1.], dtype=float64)"],
  [{"sign": "+"}, "negnonfinite", "Array([+nan, -inf, +0.5], dtype=float64)"],
  [{"sign": "+"}, "ints", "Array([  +1,  -20, +300], dtype=int32)"],
  [{"sign": "+"}, "posints", "Array([  +1,  +20, +300], dtype=int32)"],
  [{"sign": "+"}, "long", "Array([+0.        , +0.14285714, +0.28571429, +0.42857143, +0.57142857,\n       +0.71428571, +0.85714286, +1.        , +1.14285714, +1.28571429,\n       +1.42857143, +1.57142857, +1.71428571, +1.85714286, +2.        ,\n       +2.14285714, +2.28571429, +2.42857143, +2.57142857, +2.71428571,\n       +2.85714286, +3.        , +3.14285714, +3.28571429, +3.42857143,\n       +3.57142857, +3.71428571, +3.85714286, +4.        , +4.14285714],      dtype=float64)"],
  [{"sign": "+"}, "exp", "Array([+1.0e-05, +2.5e-07, +3.0e+00], dtype=float64)"],
  [{"sign": " "}, "mixed", "Array([ 0.1 ,  0.25, -1.5 ,  3.  ], dtype=float64)"],
  [{"sign": " "}, "ties", "Array([ 0.125,  0.375,  2.5  ], dtype=float64)"],
  [{"sign": " "}, "small", "Array([ 1.e-10,  5.e-01,  1.e+00], dtype=float64)"],
  [{"sign": " "}, "big", "Array([ 1.0e+09,  1.5e+00, -2.0e+00], dtype=float64)"],
  [{"sign": " "}, "f32", "Array([ 0.1       ,  0.33333334, -2.        ], dtype=float32)"],
  [{"sign": " "}, "nonfinite", "Array([ nan,  inf,   1.], dtype=float64)"],
  [{"sign": " "}, "negnonfinite", "Array([ nan, -inf,  0.5], dtype=float64)"],
  [{"sign": " "}, "ints", "Array([  1, -20, 300], dtype=int32)"],
  [{"sign": " "}, "posints", "Array([   1,   20,  300], dtype=int32)"],
  [{"sign": " "}, "long", "Array([ 0.        ,  0.14285714,  0.28571429,  0.42857143,  0.57142857,\n        0.71428571,  0.85714286,  1.        ,  1.14285714,  1.28571429,\n        1.42857143,  1.57142857,  1.71428571,  1.85714286,  2.        ,\n        2.14285714,  2.28571429,  2.42857143,  2.57142857,  2.71428571,\n        2.85714286,  3.        ,  3.14285714,  3.28571429,  3.42857143,\n        3.57142857,  3.71428571,  3.85714286,  4.        ,  4.14285714],      dtype=float64)"],
  [{"sign": " "}, "exp", "Array([ 1.0e-05,  2.5e-07,  3.0e+00], dtype=float64)"],
  [{"nanstr": "--", "infstr": "Infty"}, "mixed", "Array([ 0.1 ,  0.25, -1.5 ,  3.  ], dtype=float64)"],
  [{"nanstr": "--", "infstr": "Infty"}, "ties", "Array([0.125, 0.375, 2.5  ], dtype=float64)"],
  [{"nanstr": "--", "infstr": "Infty"}, "small", "Array([1.e-10, 5.e-01, 1.e+00], dtype=float64)"],
  [{"nanstr": "--", "infstr": "Infty"}, "big", "Array([ 1.0e+09,  1.5e+00, -2.0e+00], dtype=float64)"],
  [{"nanstr": "--", "infstr": "Infty"}, "f32", "Array([ 0.1       ,  0.33333334, -2.        ], dtype=float32)"],
  [{"nanstr": "--", "infstr": "Infty"}, "nonfinite", "Array([   --, Infty,    1.], dtype=float64)"],
  [{"nanstr": "--", "infstr": "Infty"}, "negnonfinite", "Array([    --, -Infty,    0.5], dtype=float64)"],
  [{"nanstr": "--", "infstr": "Infty"}, "ints", "Array([  1, -20, 300], dtype=int32)"],
  [{"nanstr": "--", "infstr": "Infty"}, "posints", "Array([  1,  20, 300], dtype=int32)"],
  [{"nanstr": "--", "infstr": "Infty"}, "long", "Array([0.        , 0.14285714, 0.28571429, 0.42857143, 0.57142857,\n       0.71428571, 0.85714286, 1.        , 1.14285714, 1.28571429,\n       1.42857143, 1.57142857, 1.71428571, 1.85714286, 2.        ,\n       2.14285714, 2.28571429, 2.42857143, 2.57142857, 2.71428571,\n       2.85714286, 3.        , 3.14285714, 3.28571429, 3.42857143,\n       3.57142857, 3.71428571, 3.85714286, 4.        , 4.14285714],      dtype=float64)"],
  [{"nanstr": "--", "infstr": "Infty"}, "exp", "Array([1.0e-05, 2.5e-07, 3.0e+00], dtype=float64)"],
  [{"threshold": 10, "edgeitems": 2}, "mixed", "Array([ 0.1 ,  0.25, -1.5 ,  3.  ], dtype=float64)"],
  [{"threshold": 10, "edgeitems": 2}, "ties", "Array([0.125, 0.375, 2.5  ], dtype=float64)"],
  [{"threshold": 10, "edgeitems": 2}, "small", "Array([1.e-10, 5.e-01, 1.e+00], dtype=float64)"],
  [{"threshold": 10, "edgeitems": 2}, "big", "Array([ 1.0e+09,  1.5e+00, -2.0e+00], dtype=float64)"],
  [{"threshold": 10, "edgeitems": 2}, "f32", "Array([ 0.1       ,  0.33333334, -2.        ], dtype=float32)"],
  [{"threshold": 10, "edgeitems": 2}, "nonfinite", "Array([nan, inf,  1.], dtype=float64)"],
  [{"threshold": 10, "edgeitems": 2}, "negnonfinite", "Array([ nan, -inf,  0.5], dtype=float64)"],
  [{"threshold": 10, "edgeitems": 2}, "ints", "Array([  1, -20, 300], dtype=int32)"],
  [{"threshold": 10, "edgeitems": 2}, "posints", "Array([  1,  20, 300], dtype=int32)"],
  [{"threshold": 10, "edgeitems": 2}, "long", "Array([0.        , 0.14285714, ..., 4.        , 4.14285714], dtype=float64)"],
  [{"threshold": 10, "edgeitems": 2}, "exp", "Array([1.0e-05, 2.5e-07, 3.0e+00], dtype=float64)"],
  [{"linewidth": 40}, "mixed", "Array([ 0.1 ,  0.25, -1.5 ,  3.  ],      dtype=float64)"],
  [{"linewidth": 40}, "ties", "Array([0.125, 0.375, 2.5  ], dtype=float64)"],
  [{"linewidth": 40}, "small", "Array([1.e-10, 5.e-01, 1.e+00],      dtype=float64)"],
  [{"linewidth": 40}, "big", "Array([ 1.0e+09,  1.5e+00, -2.0e+00],      dtype=float64)"],
  [{"linewidth": 40}, "f32", "Array([ 0.1       ,  0.33333334,\n       -2.        ], dtype=float32)"],
  [{"linewidth": 40}, "nonfinite", "Array([nan, inf,  1.], dtype=float64)"],
  [{"linewidth": 40}, "negnonfinite", "Array([ nan, -inf,  0.5], dtype=float64)"],
  [{"linewidth": 40}, "ints", "Array([  1, -20, 300], dtype=int32)"],
  [{"linewidth": 40}, "posints", "Array([  1,  20, 300], dtype=int32)"],
  [{"linewidth": 40}, "long", "Array([0.        , 0.14285714,\n       0.28571429, 0.42857143,\n       0.57142857, 0.71428571,\n       0.85714286, 1.        ,\n       1.14285714, 1.28571429,\n       1.42857143, 1.57142857,\n       1.71428571, 1.85714286,\n       2.        , 2.14285714,\n       2.28571429, 2.42857143,\n       2.57142857, 2.71428571,\n       2.85714286, 3.        ,\n       3.14285714, 3.28571429,\n       3.42857143, 3.57142857,\n       3.71428571, 3.85714286,\n       4.        , 4.14285714],      dtype=float64)"],
  [{"linewidth": 40}, "exp", "Array([1.0e-05, 2.5e-07, 3.0e+00],      dtype=float64)"],
];

describe("print options: reprs match JAX/numpy", () => {
  afterEach(() => np.setPrintoptions({ precision: 8, threshold: 1000, edgeitems: 3, linewidth: 75, suppress: false, nanstr: "nan", infstr: "inf", sign: "-", floatmode: "maxprec" }));
  for (const [opts, name, want] of CASES) {
    it(`${JSON.stringify(opts)} ${name}`, () => {
      const [values, dtype] = ARRAYS[name]!;
      const x = np.array(values, { dtype });
      expect(np.printoptions(opts, () => String(x))).toBe(want);
      np.setPrintoptions(opts);
      expect(String(x)).toBe(want);
    });
  }
});

describe("setPrintoptions, getPrintoptions, printoptions", () => {
  afterEach(() => np.setPrintoptions({ precision: 8 }));
  it("printoptions restores the options after the scope, also when it throws", () => {
    const before = np.getPrintoptions();
    expect(() => np.printoptions({ precision: 2 }, () => {
      expect(np.getPrintoptions().precision).toBe(2);
      throw new Error("inside");
    })).toThrow("inside");
    expect(np.getPrintoptions()).toEqual(before);
  });
  it("getPrintoptions returns a copy", () => {
    const o = np.getPrintoptions();
    o.precision = 1;
    expect(np.getPrintoptions().precision).toBe(8);
  });
  it("rejects unknown options and bad values with numpy's errors, changing nothing", () => {
    const before = np.getPrintoptions();
    expect(() => np.setPrintoptions({ precison: 3 } as never)).toThrow("set_printoptions() got an unexpected keyword argument 'precison'");
    expect(() => np.setPrintoptions({ sign: "x" as never })).toThrow("sign option must be one of ' ', '+', or '-'");
    expect(() => np.setPrintoptions({ floatmode: "exact" as never })).toThrow("floatmode option must be one of");
    expect(() => np.setPrintoptions({ precision: -1 })).toThrow("precision must be a non-negative integer");
    expect(np.getPrintoptions()).toEqual(before);
  });
});
