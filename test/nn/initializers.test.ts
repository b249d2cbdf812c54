// nn.initializers: values of JAX's own docstring examples (jax/_src/nn/initializers.py, key 42,
// shape (2, 3), float32; generated with the non-partitionable threefry layout, which those examples
// predate), fans as _compute_fans gives them, and the sample statistics JAX's definitions imply
// (fixed keys, tolerances a few standard errors wide).
import { afterEach, describe, expect, it } from "vitest";
import { numpy as np, nn, random, jit, Array } from "../../src/index.js";

const I = nn.initializers;

/** |got - want| <= atol + 4e-7 |want|: a few float32 ulps (erfinv and rounding may differ by that much from the JAX that wrote the docstrings). */
function expectClose(got: unknown, want: unknown, atol: number, rtol = 4e-7): void {
  const g = [got].flat(9) as number[];
  const w = [want].flat(9) as number[];
  expect(g.length).toBe(w.length);
  for (let i = 0; i < g.length; i++) expect(Math.abs(g[i]! - w[i]!)).toBeLessThanOrEqual(atol + rtol * Math.abs(w[i]!));
}

const moments = (a: Array): { mean: number; variance: number } => {
  const v = [...a.dataSync()];
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  return { mean, variance: v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length };
};

describe("JAX's docstring values (key 42, shape (2, 3), float32)", () => {
  afterEach(() => random.setThreefryPartitionable(true));
  const cases: [string, () => nn.initializers.Initializer, number[][], number][] = [
    ["uniform(10)", () => I.uniform(10), [[7.298188, 8.691938, 8.7230015], [2.0818567, 1.8662417, 5.5022564]], 1e-6],
    ["normal(5)", () => I.normal(5), [[3.0613258, 5.6129413, 5.6866574], [-4.063663, -4.4520254, 0.63115686]], 1e-6],
    ["truncatedNormal(5)", () => I.truncatedNormal(5), [[2.9047365, 5.2338114, 5.29852], [-3.836303, -4.192359, 0.6022964]], 1e-6],
    ["glorotUniform()", () => I.glorotUniform(), [[0.50350785, 0.8088631, 0.81566876], [-0.6393332, -0.6865721, 0.11003882]], 1e-7],
    ["glorotNormal()", () => I.glorotNormal(), [[0.41770416, 0.75262755, 0.7619329], [-0.5516644, -0.6028657, 0.08661086]], 1e-7],
    ["lecunUniform()", () => I.lecunUniform(), [[0.56293887, 0.90433645, 0.9119454], [-0.71479625, -0.7676109, 0.12302713]], 1e-7],
    ["lecunNormal()", () => I.lecunNormal(), [[0.46700746, 0.8414632, 0.8518669], [-0.61677957, -0.67402434, 0.09683388]], 1e-7],
    ["heUniform()", () => I.heUniform(), [[0.79611576, 1.2789248, 1.2896855], [-1.0108745, -1.0855657, 0.17398663]], 1e-6],
    ["heNormal()", () => I.heNormal(), [[0.6604483, 1.1900088, 1.2047218], [-0.87225807, -0.95321447, 0.1369438]], 1e-6],
    // JAX's QR runs in float32; ours in float64, so Q agrees to float32 rounding of the factorization.
    ["orthogonal()", () => I.orthogonal(), [[0.39026976, 0.72495741, -0.56756169], [0.88047469, -0.47409311, -1.3157725e-4]], 5e-7],
  ];
  for (const [name, make, want, atol] of cases) {
    it(name, () => {
      random.setThreefryPartitionable(false);
      const out = make()(random.key(42), [2, 3], "float32");
      expect(out.dtype).toBe("float32");
      expect(out.shape).toEqual([2, 3]);
      expectClose(out.tolist(), want, atol);
    });
  }

  it("deltaOrthogonal() on (3, 3, 3): zero outside the centre slice", () => {
    random.setThreefryPartitionable(false);
    const out = I.deltaOrthogonal()(random.key(42), [3, 3, 3], "float32");
    const zero = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    const centre = [[0.27858758, -0.7949833, -0.53887904], [0.9120717, 0.04322892, 0.40774566], [-0.30085585, -0.6050892, 0.73712474]];
    expectClose(out.tolist(), [zero, centre, zero], 5e-7);
  });

  it("zeros, ones and constant", () => {
    expect(I.zeros(random.key(42), [2, 3], "float32").tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(I.ones(random.key(42), [3, 2]).tolist()).toEqual([[1, 1], [1, 1], [1, 1]]);
    const c = I.constant(-7)(random.key(42), [2, 3]);
    expect(c.dtype).toBe("float32");
    expect(c.tolist()).toEqual([[-7, -7, -7], [-7, -7, -7]]);
    expect(I.constant(2, "float64")(random.key(0), [1]).dtype).toBe("float64");
  });
});

describe("fans (JAX's _compute_fans)", () => {
  it("dense, conv kernels (HWIO), explicit axes and batch axes", () => {
    expect(I.computeFans([64, 32])).toEqual([64, 32]);
    expect(I.computeFans([3, 3, 16, 32])).toEqual([144, 288]);
    expect(I.computeFans([5, 3, 3, 3, 8])).toEqual([135, 360]);
    // OIHW: in axis 1, out axis 0.
    expect(I.computeFans([32, 16, 3, 3], 1, 0)).toEqual([144, 288]);
    expect(I.computeFans([4, 6, 10], -2, -1, 0)).toEqual([6, 10]);
    expect(I.computeFans([2, 3, 4, 5], [0, 1], [2, 3])).toEqual([6, 20]);
  });

  it("a 1-D shape with the default inAxis is JAX's ValueError", () => {
    expect(() => I.computeFans([5])).toThrow(/Can't compute input and output sizes of a 1-dimensional weights tensor/);
    expect(() => I.glorotUniform()(random.key(0), [5])).toThrow(/Can't compute/);
    expect(I.computeFans([5], 0, 0)).toEqual([1, 1]); // JAX divides the size by in and out sizes both
  });

  it("invalid mode and distribution", () => {
    expect(() => I.varianceScaling(1, "fan_x" as "fan_in", "normal")(random.key(0), [2, 2])).toThrow("invalid mode for variance scaling initializer: fan_x");
    expect(() => I.varianceScaling(1, "fan_in", "cauchy" as "normal")(random.key(0), [2, 2])).toThrow("invalid distribution for variance scaling initializer: cauchy");
  });
});

describe("statistics of variance scaling (40,000+ samples)", () => {
  const shape = [3, 3, 64, 80]; // fan_in 576, fan_out 720
  const [fanIn, fanOut] = [576, 720];
  const cases: [string, nn.initializers.Initializer, number][] = [
    ["heNormal: 2 / fan_in", I.heNormal(), 2 / fanIn],
    ["kaimingUniform: 2 / fan_in", I.kaimingUniform(), 2 / fanIn],
    ["glorotNormal: 2 / (fan_in + fan_out)", I.glorotNormal(), 2 / (fanIn + fanOut)],
    ["xavierUniform: 2 / (fan_in + fan_out)", I.xavierUniform(), 2 / (fanIn + fanOut)],
    ["lecunNormal: 1 / fan_in", I.lecunNormal(), 1 / fanIn],
    ["lecunUniform: 1 / fan_in", I.lecunUniform(), 1 / fanIn],
    ["varianceScaling(3, fan_out, normal)", I.varianceScaling(3, "fan_out", "normal"), 3 / fanOut],
    ["varianceScaling(1, fan_geo_avg, truncated_normal)", I.varianceScaling(1, "fan_geo_avg", "truncated_normal"), 1 / Math.sqrt(fanIn * fanOut)],
  ];
  for (const [name, init, variance] of cases) {
    it(name, () => {
      const w = init(random.key(7), shape);
      expect(w.shape).toEqual(shape);
      expect(w.dtype).toBe("float32");
      const m = moments(w);
      // Relative standard error of a sample variance over 46,080 draws is below 1 %.
      expect(Math.abs(m.variance / variance - 1)).toBeLessThan(0.03);
      expect(Math.abs(m.mean)).toBeLessThan(4 * Math.sqrt(variance / w.size));
    });
  }

  it("truncated normal stays within 2 standard deviations of the untruncated law; uniform within sqrt(3 v)", () => {
    const v = 2 / fanIn;
    const tn = I.heNormal()(random.key(1), shape).dataSync();
    const bound = (2 * Math.sqrt(v)) / 0.87962566103423978;
    expect(Math.max(...tn.map(Math.abs))).toBeLessThanOrEqual(bound * (1 + 1e-6));
    const u = I.heUniform()(random.key(1), shape).dataSync();
    expect(Math.max(...u.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(3 * v) * (1 + 1e-6));
  });

  it("normal, uniform and truncatedNormal factories: stddev, range, bounds", () => {
    const n = I.normal(0.5)(random.key(3), [200, 200]);
    expect(Math.abs(moments(n).variance / 0.25 - 1)).toBeLessThan(0.03);
    const u = I.uniform(3)(random.key(3), [200, 200]).dataSync();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(3);
    const t = I.truncatedNormal({ stddev: 2, lower: -1, upper: 0.5 })(random.key(3), [100, 100]).dataSync();
    expect(Math.min(...t)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...t)).toBeLessThanOrEqual(1);
  });
});

describe("orthogonal", () => {
  const gram = (q: number[][], rows: boolean): number[][] => {
    const vs = rows ? q : q[0]!.map((_, j) => q.map((r) => r[j]!));
    return vs.map((a) => vs.map((b) => a.reduce((s, x, i) => s + x * b[i]!, 0)));
  };
  const isIdentity = (g: number[][], tol: number): void => g.forEach((r, i) => r.forEach((x, j) => expect(Math.abs(x - (i === j ? 1 : 0))).toBeLessThan(tol)));

  it("square, tall and wide matrices are orthonormal in the shorter direction; scale multiplies", () => {
    isIdentity(gram(I.orthogonal()(random.key(0), [6, 6], "float64").tolist() as number[][], false), 1e-13);
    isIdentity(gram(I.orthogonal()(random.key(1), [7, 3], "float64").tolist() as number[][], false), 1e-13);
    isIdentity(gram(I.orthogonal()(random.key(2), [3, 7], "float64").tolist() as number[][], true), 1e-13);
    const s = I.orthogonal(2)(random.key(0), [4, 4], "float64").tolist() as number[][];
    isIdentity(gram(s, false).map((r) => r.map((x) => x / 4)), 1e-13);
  });

  it("is random.orthogonal of the same key (the traced path under jit gives the same matrix)", () => {
    const eager = I.orthogonal()(random.key(5), [5, 3], "float64");
    expectClose(eager.tolist(), random.orthogonal(random.key(5), 5, [], "float64", { m: 3 }).tolist(), 1e-12, 0);
    const jitted = jit((k: Array) => I.orthogonal()(k, [5, 3], "float64"))(random.key(5));
    expectClose(jitted.tolist(), eager.tolist(), 1e-12, 0);
  });

  it("higher rank and columnAxis: the vectors along columnAxis are orthonormal", () => {
    // Shape [2, 3, 8] with columnAxis 0: 24 / 2 = 12 rows of length 2 -> the 2 columns are orthonormal.
    const w = I.orthogonal({ columnAxis: 0 })(random.key(3), [2, 3, 4], "float64");
    expect(w.shape).toEqual([2, 3, 4]);
    const cols = (w.reshape([2, 12]).tolist() as number[][]);
    isIdentity(gram(cols, true), 1e-13);
    expect(() => I.orthogonal()(random.key(0), [4])).toThrow("orthogonal initializer requires at least a 2D shape");
    expect(I.orthogonal()(random.key(0), [0, 3]).shape).toEqual([0, 3]);
  });

  it("deltaOrthogonal: shapes, centre and errors", () => {
    const w = I.deltaOrthogonal()(random.key(0), [3, 4, 5, 6], "float64");
    const centre = w.get(1, 1).tolist() as number[][];
    isIdentity(gram(centre, true), 1e-13);
    expect(np.sum(np.abs(w)).item()).toBeCloseTo(np.sum(np.abs(w.get(1, 1))).item(), 12);
    expect(() => I.deltaOrthogonal()(random.key(0), [3, 3])).toThrow("Delta orthogonal initializer requires a 3D, 4D or 5D shape.");
    expect(() => I.deltaOrthogonal()(random.key(0), [3, 6, 5])).toThrow("`fan_in` must be less or equal than `fan_out`.");
  });
});

describe("dtypes, keywords and transforms", () => {
  it("float64 when asked, default dtype from the factory, positional and keyword forms agree", () => {
    expect(I.heNormal()(random.key(0), [4, 4], "float64").dtype).toBe("float64");
    expect(I.heNormal({ dtype: "float64" })(random.key(0), [4, 4]).dtype).toBe("float64");
    expect(I.normal(1, "float64")(random.key(0), [2]).dtype).toBe("float64");
    const a = I.glorotUniform(0, 1)(random.key(0), [3, 5]).tolist();
    const b = I.glorotUniform({ inAxis: 0, outAxis: 1 })(random.key(0), [3, 5]).tolist();
    expect(a).toEqual(b);
    expect(I.varianceScaling(1, "fan_in", "normal", { inAxis: [0, 1], outAxis: 2 })(random.key(0), [2, 3, 4]).shape).toEqual([2, 3, 4]);
  });

  it("jit of an initializer equals eager", () => {
    const f = jit((k: Array) => I.heUniform()(k, [3, 3, 4, 8]));
    expect(f(random.key(9)).tolist()).toEqual(I.heUniform()(random.key(9), [3, 3, 4, 8]).tolist());
  });
});
