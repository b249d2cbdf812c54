// scipy.stats against scipy 1.17.1 (float64; statsReference.ts), log densities by checkGrads
// (order 2, float64), and vmap/jit agreement.
import { describe, expect, it } from "vitest";
import { numpy as np, scipy, jit, vmap, testUtil, Array } from "../../src/index.js";
import { DIRICHLET, MVN, STATS_F64 } from "./statsReference.js";

type Fn = (...args: Array[]) => Array;
const stats = scipy.stats as unknown as Record<string, Record<string, Fn>>;
const f64 = (v: number | number[] | number[][]): Array => np.array(v as number[], { dtype: "float64" });
const fn = (key: string): Fn => {
  const [dist, name] = key.split(".") as [string, string];
  return stats[dist]![name]!;
};

function relError(g: number, w: number): number {
  if (g === w || (Number.isNaN(g) && Number.isNaN(w))) return 0;
  return Math.abs(g - w) / Math.max(Math.abs(w), 1e-300);
}

// Where JAX's formula is less exact than scipy's at a tabulated point: gamma.logcdf is
// log(gammainc), which loses digits where the cdf is near 1 (2e-11 at x = 12, a = 5.5, scale 0.5).
const TOLERANCE: Record<string, number> = { "gamma.logcdf": 1e-10 };
const DEFAULT_TOLERANCE = 1e-12;

describe("scipy.stats against scipy 1.17.1 (float64)", () => {
  for (const [key, [rows, outputs]] of Object.entries(STATS_F64)) {
    it(key, () => {
      const cols = rows[0]!.map((_, j) => f64(rows.map((r) => r[j]!)));
      const got = fn(key)(...cols).tolist() as number[];
      const worst = Math.max(...got.map((g, i) => relError(g, outputs[i]!)));
      expect(worst, `${key}: ${JSON.stringify(got)} vs ${JSON.stringify(outputs)}`).toBeLessThan(TOLERANCE[key] ?? DEFAULT_TOLERANCE);
    });
  }

  it("multivariateNormal.logpdf (full covariance, batch of points; scalar covariance)", () => {
    const got = scipy.stats.multivariateNormal.logpdf(f64(MVN.x), f64(MVN.mean), f64(MVN.cov)).tolist() as number[];
    got.forEach((g, i) => expect(relError(g, MVN.logpdf[i]!)).toBeLessThan(1e-12));
    // Scalar variance 2 equals the diagonal covariance 2 I.
    const iso = scipy.stats.multivariateNormal.logpdf(f64([1, 2]), f64([0, 0]), f64(2)).item() as number;
    const diag = scipy.stats.multivariateNormal.logpdf(f64([1, 2]), f64([0, 0]), f64([[2, 0], [0, 2]])).item() as number;
    expect(relError(iso, diag)).toBeLessThan(1e-14);
  });

  it("dirichlet.logpdf (components along the first axis; the last one may be implied)", () => {
    const x = f64(DIRICHLET.x).T;
    const got = scipy.stats.dirichlet.logpdf(x, f64(DIRICHLET.alpha)).tolist() as number[];
    got.forEach((g, i) => expect(relError(g, DIRICHLET.logpdf[i]!)).toBeLessThan(1e-12));
    const implied = scipy.stats.dirichlet.logpdf(f64([0.2, 0.3]), f64(DIRICHLET.alpha)).item() as number;
    expect(relError(implied, DIRICHLET.logpdf[0]!)).toBeLessThan(1e-12);
    expect(scipy.stats.dirichlet.logpdf(f64([0.2, 0.3, 0.6]), f64(DIRICHLET.alpha)).item()).toBe(-Infinity);
    expect(() => scipy.stats.dirichlet.logpdf(f64([0.5]), f64(DIRICHLET.alpha))).toThrow("`x` must have either the same number of entries as `alpha`");
  });
});

describe("scipy.stats log densities: checkGrads order 2 (float64)", () => {
  const cases: [string, Array[]][] = [
    ["norm.logpdf", [f64([-1.3, 0.4]), f64(0.5), f64(2)]], ["norm.logcdf", [f64([-3, 0.4, 2]), f64(0.5), f64(2)]],
    ["t.logpdf", [f64([0.5, -2]), f64(3), f64(0.2), f64(1.5)]], ["cauchy.logpdf", [f64([0.5, -2]), f64(0.3), f64(1.5)]],
    ["laplace.logpdf", [f64([0.5, -2]), f64(0.3), f64(1.5)]], ["logistic.logpdf", [f64([0.5, -2]), f64(0.3), f64(1.5)]],
    ["expon.logpdf", [f64([0.5, 2]), f64(0), f64(1.5)]], ["gamma.logpdf", [f64([0.5, 2]), f64(2.5), f64(0), f64(1.5)]],
    ["beta.logpdf", [f64([0.3, 0.6]), f64(2.5), f64(1.7)]], ["chi2.logpdf", [f64([0.5, 2]), f64(3)]],
    ["pareto.logpdf", [f64([1.5, 3]), f64(2.5)]], ["gennorm.logpdf", [f64([0.5, -1.2]), f64(1.7)]],
    ["poisson.logpmf", [f64([0, 3]), f64(2.5)]], ["binom.logpmf", [f64([3, 7]), f64(10), f64(0.4)]],
    ["nbinom.logpmf", [f64([0, 5]), f64(3), f64(0.4)]], ["geom.logpmf", [f64([1, 5]), f64(0.3)]],
    ["betabinom.logpmf", [f64([3, 7]), f64(10), f64(2), f64(3)]], ["wrapcauchy.logpdf", [f64([0.5, 3]), f64(0.4)]],
    ["truncnorm.logpdf", [f64([0.5, 1.2]), f64(-1), f64(2)]], ["vonmises.logpdf", [f64([0.5, -2]), f64(3.5)]], ["bernoulli.logpmf", [f64([0, 1]), f64(0.3)]],
  ];
  for (const [key, args] of cases) {
    it(key, () => {
      // Differentiate in the continuous arguments: x for densities, the parameters for pmfs.
      const discrete = key.includes("pmf");
      const f = fn(key);
      if (discrete) testUtil.checkGrads((...ps: Array[]) => f(args[0]!, ...ps), args.slice(1), 2);
      else testUtil.checkGrads(f, args, 2);
    });
  }

  it("multivariateNormal.logpdf in x and mean", () => {
    const cov = f64(MVN.cov);
    testUtil.checkGrads((x: Array, m: Array) => scipy.stats.multivariateNormal.logpdf(x, m, cov), [f64([1, -2, 2.5]), f64(MVN.mean)], 2);
  });
});

describe("scipy.stats under vmap and jit", () => {
  const cases: [string, Array[]][] = [
    ["norm.cdf", [f64([-1, 0.5, 3]), f64([0, 1, 2]), f64([1, 2, 0.5])]], ["gamma.cdf", [f64([0.5, 2, 9]), f64([0.7, 3, 5])]],
    ["beta.sf", [f64([0.1, 0.5, 0.9]), f64([2, 3, 0.5]), f64([1, 4, 0.7])]], ["truncnorm.logcdf", [f64([0.5, 1.2, -0.2]), f64([-1, 0.5, -3]), f64([2, 3, 1])]],
    ["poisson.cdf", [f64([0, 3, 12]), f64([2.5, 1, 10])]], ["binom.logpmf", [f64([3, 0, 7]), f64([10, 5, 7]), f64([0.4, 0.2, 0.9])]],
  ];
  for (const [key, args] of cases) {
    it(key, () => {
      const f = fn(key);
      const eager = f(...args).tolist() as number[];
      const jf = jit(f);
      for (const other of [vmap(f)(...args), jf(...args), jf(...args)]) {
        (other.tolist() as number[]).forEach((v, i) => expect(relError(v, eager[i]!)).toBeLessThan(1e-14));
      }
    });
  }
});
