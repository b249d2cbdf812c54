// scipy.special against scipy 1.17.1 (float64, 1e-13 relative) and JAX 0.10.2 (float32) tables
// in specialReference.ts; derivatives by checkGrads (order 2, float64) where JAX defines them;
// vmap and jit against eager.
import { describe, expect, it } from "vitest";
import { numpy as np, scipy, lax, jit, vmap, grad, jacfwd, testUtil, Array } from "../../src/index.js";
import { SPECIAL_F32, SPECIAL_F64 } from "./specialReference.js";

type Fn = (...args: Array[]) => Array;
const sp = scipy.special;
const table = sp as unknown as Record<string, Fn>;
const f64 = (v: number | number[]): Array => np.array(v, { dtype: "float64" });

/** Columns of a [inputs, outputs] table: one array per argument. */
function columns(inputs: unknown[]): number[][] {
  if (!globalThis.Array.isArray(inputs[0])) return [inputs as number[]];
  const rows = inputs as number[][];
  return rows[0]!.map((_, j) => rows.map((r) => r[j]!));
}

function relErrors(got: number[], want: number[]): number[] {
  return got.map((g, i) => {
    const w = want[i]!;
    if (g === w || (Number.isNaN(g) && Number.isNaN(w))) return 0;
    return Math.abs(g - w) / Math.abs(w);
  });
}

// Functions whose float64 algorithm is JAX's and less accurate than scipy's at some tested point:
// logNdtr's 3-term asymptotic series at x = -30 (3.5e-13); lax.erfInv near 1 (6e-13).
const F64_TOLERANCE: Record<string, number> = { logNdtr: 5e-13, erfinv: 1e-12 };

describe("scipy.special float64 values against scipy 1.17.1", () => {
  for (const [name, [inputs, outputs]] of Object.entries(SPECIAL_F64)) {
    it(name, () => {
      const cols = columns(inputs);
      let got: number[];
      if (name === "multigammaln") got = cols[0]!.map((a, i) => sp.multigammaln(f64(a), cols[1]![i]!).item() as number);
      else if (name === "polygamma") got = sp.polygamma(np.array(cols[0]!, { dtype: "int32" }), f64(cols[1]!)).tolist() as number[];
      else got = table[name]!(...cols.map((c) => f64(c))).tolist() as number[];
      const worst = Math.max(...relErrors(got, outputs));
      expect(worst, `${name}: ${JSON.stringify(got)}`).toBeLessThan(F64_TOLERANCE[name] ?? 1e-13);
    });
  }
});

// ulps of float32 (2^-23) allowed against JAX's float32 values: dprog's compositions round
// differently from XLA's fused kernels, more where an iteration count or a subtraction differs.
// digamma is lax.digamma (its own series, not XLA's); JAX's float32 betainc(30, 20, 0.6) is
// itself 40 ulp from scipy's value, ours 3.
const F32_ULPS: Record<string, number> = { gammaln: 8, digamma: 64, erfc: 8, ndtr: 4, logNdtr: 8, ndtri: 4, expit: 2, logit: 4, entr: 4, gammainc: 16, gammaincc: 16, betainc: 64, betaln: 8, zeta: 8, i0e: 8, i1e: 8 };

describe("scipy.special float32 values against JAX 0.10.2", () => {
  for (const [name, [inputs, outputs]] of Object.entries(SPECIAL_F32)) {
    it(name, () => {
      const cols = globalThis.Array.isArray(inputs[0]) ? (inputs as number[][]) : [inputs as number[]];
      const got = table[name]!(...cols.map((c) => np.array(c, { dtype: "float32" }))).tolist() as number[];
      // Relative to max(|want|, 1) for values near 0, where an ulp of the operands dominates.
      const worst = Math.max(...got.map((g, i) => Math.abs(g - outputs[i]!) / Math.max(Math.abs(outputs[i]!), 1e-3)));
      expect(worst / 2 ** -23, `${name}: ${JSON.stringify(got)} vs ${JSON.stringify(outputs)}`).toBeLessThan(F32_ULPS[name]!);
    });
  }
});

describe("scipy.special derivatives (checkGrads order 2, float64)", () => {
  const x = f64([0.7, 1.9, 3.4]);
  const unary: [string, Array][] = [
    ["gammaln", x], ["gamma", x], ["digamma", x], ["erf", x], ["erfc", f64([-1.4, 0.3, 2.2])], ["ndtr", f64([-2.5, 0.1, 3])],
    ["ndtri", f64([0.05, 0.4, 0.97])], ["logNdtr", f64([-25, -3, 0.5, 9])], ["expit", x], ["logit", f64([0.1, 0.5, 0.8])],
    ["spence", f64([0.3, 1.2, 4])], ["expi", f64([-3, 0.5, 2.5, 40])], ["exp1", f64([0.3, 1.5, 7])], ["entr", x], ["erfinv", f64([-0.6, 0.2, 0.9])], ["factorial", x], ["loggamma", x],
    ["i0e", f64([-9, -0.4, 2.5, 12])], ["i1e", f64([-9, -0.4, 2.5, 12])], ["i0", f64([-3, 0.4, 2.5])], ["i1", f64([-3, 0.4, 2.5])],
  ];
  for (const [name, arg] of unary) it(name, () => testUtil.checkGrads(table[name]!, [arg], 2));

  it("binary: xlogy, xlog1py, relEntr, klDiv, betaln, beta, poch, zeta (both arguments)", () => {
    const a = f64([0.6, 1.3, 2.7]);
    const b = f64([1.5, 0.4, 3.2]);
    for (const name of ["xlogy", "xlog1py", "relEntr", "klDiv", "betaln", "beta", "poch", "zeta"]) {
      const args = name === "zeta" ? [np.add(a, 1.5), b] : [a, b];
      testUtil.checkGrads(table[name]!, args, 2);
    }
  });

  it("gammainc / gammaincc in x (order 2) and a (order 1, JAX's igamma_grad_a); betainc in x", () => {
    const a = f64([0.8, 2.5, 6]);
    const xx = f64([0.5, 3, 4.5]);
    for (const f of [sp.gammainc, sp.gammaincc]) {
      testUtil.checkGrads((v: Array) => f(a, v), [xx], 2);
      testUtil.checkGrads((v: Array) => f(v, xx), [a], 1, { modes: ["fwd", "rev"] });
    }
    testUtil.checkGrads((v: Array) => sp.betainc(f64([2, 0.7]), f64([3, 5]), v), [f64([0.3, 0.6])], 2);
  });

  it("expn in x (n fixed, as JAX's nondiff n)", () => {
    testUtil.checkGrads((v: Array) => sp.expn(f64([1, 3, 6]), v), [f64([0.4, 2.5, 1.2])], 2);
  });

  it("multigammaln and polygamma (in x)", () => {
    testUtil.checkGrads((v: Array) => sp.multigammaln(v, 3), [f64([2.5, 4])], 2);
    testUtil.checkGrads((v: Array) => sp.polygamma(np.array([1, 2], { dtype: "int32" }), v), [f64([0.8, 2.2])], 2);
  });

  it("finite at the zero cases: grad of xlogy at x = 0 and of entr at 1", () => {
    expect(grad((v: Array) => sp.xlogy(v, f64(2)))(f64(0)).item()).toBeCloseTo(Math.log(2), 14);
    expect(grad((v: Array) => sp.entr(v))(f64(1)).item()).toBeCloseTo(-1, 14);
  });
});

describe("scipy.special under vmap and jit", () => {
  const cases: [string, Array[]][] = [
    ["gammaln", [f64([0.3, 2.5, -1.5])]], ["erfc", [f64([-2, 0.5, 4])]], ["ndtri", [f64([0.01, 0.5, 0.9])]],
    ["gammainc", [f64([0.5, 3, 10]), f64([1, 2, 12])]], ["gammaincc", [f64([0.5, 3, 10]), f64([1, 2, 12])]],
    ["betainc", [f64([1, 2, 5]), f64([2, 0.5, 5]), f64([0.2, 0.9, 0.5])]], ["zeta", [f64([2, 3, 4]), f64([1, 0.5, 2])]],
    ["logNdtr", [f64([-30, -1, 5])]], ["i0e", [f64([-9, 0.5, 30])]], ["spence", [f64([0.2, 1.7, 12])]], ["expn", [f64([1, 4, 0]), f64([0.3, 3, 2])]], ["expi", [f64([-2, 0.5, 70])]], ["i1e", [f64([-9, 0.5, 30])]], ["betaln", [f64([0.5, 9, 30]), f64([2, 0.3, 40])]],
  ];
  for (const [name, args] of cases) {
    it(name, () => {
      const f = table[name]!;
      const eager = f(...args).tolist() as number[];
      const batched = vmap(f)(...args).tolist() as number[];
      const jf = jit(f);
      const once = jf(...args).tolist() as number[];
      const twice = jf(...args).tolist() as number[];
      const loop = eager.map((_, i) => f(...args.map((a) => a.get(i))).item() as number);
      for (const other of [batched, once, twice, loop]) expect(Math.max(...relErrors(other, eager))).toBeLessThan(1e-14);
    });
  }
});

describe("scipy.special edge cases and errors", () => {
  it("poles, domains and infinities as scipy", () => {
    expect(sp.gammaln(f64([0, -2, Infinity])).tolist()).toEqual([Infinity, Infinity, Infinity]);
    expect(sp.gammasgn(f64([-2, NaN])).tolist()).toEqual([NaN, NaN]);
    expect(sp.gammainc(f64([1, 1, -1]), f64([0, Infinity, 1])).tolist()).toEqual([0, 1, NaN]);
    expect(sp.gammaincc(f64([1, 1]), f64([0, Infinity])).tolist()).toEqual([1, 0]);
    expect(sp.betainc(f64([2, 2, 2]), f64([3, 3, 3]), f64([0, 1, 1.5])).tolist()).toEqual([0, 1, NaN]);
    expect(sp.ndtri(f64([0, 1])).tolist()).toEqual([-Infinity, Infinity]);
    expect(sp.zeta(f64([1, 0.5]), f64([1, 1])).tolist()).toEqual([Infinity, NaN]);
  });

  it("bernoulli: B_0..B_12 against the exact fractions (float64), float32 by default", () => {
    const exact = [1, -1 / 2, 1 / 6, 0, -1 / 30, 0, 1 / 42, 0, -1 / 30, 0, 5 / 66, 0, -691 / 2730];
    const got = sp.bernoulli(12, { dtype: "float64" }).tolist() as number[];
    expect(Math.max(...relErrors(got, exact))).toBeLessThan(1e-14);
    expect(sp.bernoulli(2).dtype).toBe("float32");
    expect(sp.bernoulli(1).tolist()).toEqual([1, -0.5]);
    expect(() => sp.bernoulli(-1)).toThrow("n must be a non-negative integer.");
  });

  it("fresnel: [S, C] within 1e-13 of scipy 1.17.1 (scipy.special.fresnel), derivative order 2", () => {
    const xs = [-3.3, -0.4, 0.0, 0.7, 1.5, 1.61, 2.5, 7.2, 40.0, 50000.0];
    const S = [-0.5192860849820631, -0.033359432660613184, 0.0, 0.17213645786347742, 0.697504960082093, 0.6310253086563824, 0.6191817558195929, 0.4572515305828798, 0.4920422537902731, 0.49999363380227635];
    const C = [-0.4056944037062585, -0.3974807591723595, 0.0, 0.6596523519045103, 0.44526117603982157, 0.3592841534732351, 0.45741300964177706, 0.4887439536516192, 0.49999841685744545, 0.5];
    const [s, c] = sp.fresnel(f64(xs));
    expect(Math.max(...relErrors(s.tolist() as number[], S))).toBeLessThan(1e-13);
    expect(Math.max(...relErrors(c.tolist() as number[], C))).toBeLessThan(1e-13);
    testUtil.checkGrads((v: Array) => sp.fresnel(v), [f64([-0.8, 1.3, 2.2])], 2);
    const [s32] = sp.fresnel(np.array([0.7, 2.5], { dtype: "float32" }));
    expect(Math.max(...relErrors(s32.tolist() as number[], [S[3]!, S[6]!]))).toBeLessThan(1e-6);
  });

  it("hyp1f1 against scipy 1.17.1 (series, asymptotic beyond |x| = 100, a = 0, a = b), derivatives", () => {
    const rows = [[0.5, 1.5, 0.3], [2.0, 3.0, -1.5], [1.2, 0.7, 5.0], [-2.0, 1.0, 4.0], [3.0, 5.5, 40.0], [0.5, 2.0, 150.0], [1.0, 1.0, 2.0], [0.0, 2.0, 3.0], [4.5, 2.5, -3.0]];
    const want = [1.1096822789280743, 0.39304408855904477, 479.0729303113973, 1.0, 536006449137569.2, 4.301838175001311e61, 7.38905609893065, 1.0, -0.018492339679492334];
    const got = sp.hyp1f1(f64(rows.map((r) => r[0]!)), f64(rows.map((r) => r[1]!)), f64(rows.map((r) => r[2]!))).tolist() as number[];
    // The alternating series at x = -3 cancels (JAX 0.10.2: 1e-13 off there too).
    expect(Math.max(...relErrors(got, want))).toBeLessThan(1e-12);
    testUtil.checkGrads((x: Array) => sp.hyp1f1(f64([0.5, 2]), f64([1.5, 3]), x), [f64([0.3, -1.5])], 2);
    testUtil.checkGrads((a: Array, b: Array) => sp.hyp1f1(a, b, f64([0.3, 2])), [f64([0.5, 2]), f64([1.5, 3])], 1);
  });

  it("hyp2f1 against scipy 1.17.1 on -1 < x <= 1 (series, Euler's transformation, closed forms), derivatives", () => {
    const rows = [[0.5, 1.5, 2.5, 0.3], [2.0, 3.0, 4.5, -0.6], [1.2, 0.7, 3.0, 0.8], [-3.0, 1.5, 2.0, 0.4], [1.0, 1.0, 2.0, -0.5], [0.3, 0.4, 3.5, 1.0], [2.5, 1.5, 1.0, 0.5], [0.0, 2.0, 3.0, 0.7], [1.5, 2.0, 2.0, 0.25]];
    const want = [1.1080625510569324, 0.5226521011696907, 1.3958189885401466, 0.365, 0.8109302162163285, 1.0459195847947012, 10.901782140625576, 1.0, 1.539600717839002];
    const col = (j: number): Array => f64(rows.map((r) => r[j]!));
    const got = sp.hyp2f1(col(0), col(1), col(2), col(3)).tolist() as number[];
    expect(Math.max(...relErrors(got, want))).toBeLessThan(1e-13);
    // x <= -1: JAX's series diverges (1e112 at x = -3); here nan.
    expect(sp.hyp2f1(f64(3), f64(2.5), f64(4), f64(-3)).item()).toBeNaN();
    testUtil.checkGrads((x: Array) => sp.hyp2f1(f64([0.5, 2]), f64([1.5, 3]), f64([2.5, 4.5]), x), [f64([0.3, -0.6])], 2);
    testUtil.checkGrads((a: Array, c: Array) => sp.hyp2f1(a, f64([1.5, 3]), c, f64([0.3, -0.6])), [f64([0.5, 2]), f64([2.5, 4.5])], 1);
  });

  it("raises JAX's errors", () => {
    expect(() => sp.zeta(f64(2))).toThrow("Riemann zeta function not implemented");
    expect(() => sp.polygamma(f64(1), f64(2))).toThrow("Argument `n` to polygamma must be of integer type");
    expect(() => sp.factorial(f64(3), true)).toThrow("factorial with exact=True");
    expect(() => sp.logNdtr(f64(1), 31)).toThrow("series_order must be <= 30.");
    expect(() => sp.ndtr(np.array([1], { dtype: "int32" }))).toThrow("is not supported");
  });
});

describe("hyp1f1 / hyp2f1 second derivatives in their parameters", () => {
  // Values from JAX 0.10.2 (x64): jacfwd(jacfwd(...)) over the parameters, grad(grad(...)) in x.
  const scalar = (x: Array): number => x.item();
  it("forward over forward in a parameter equals JAX's; reverse over reverse in x still works", () => {
    const a = np.array(0.5, { dtype: "float64" });
    const b = np.array(1.5, { dtype: "float64" });
    const x = np.array(0.3, { dtype: "float64" });
    const f = (p: Array, q: Array, y: Array): Array => scipy.special.hyp1f1(p, q, y);
    expect(scalar(jacfwd(jacfwd(f, { argnums: 0 }), { argnums: 0 })(a, b, x))).toBeCloseTo(0.027346992889252728, 10);
    expect(scalar(jacfwd(jacfwd(f, { argnums: 1 }), { argnums: 0 })(a, b, x))).toBeCloseTo(-0.1618095469238425, 10);
    expect(scalar(jacfwd(jacfwd(f, { argnums: 2 }), { argnums: 0 })(a, b, x))).toBeCloseTo(0.8481729441626242, 10);
    expect(scalar(grad(grad(f, { argnums: 2 }), { argnums: 2 })(a, b, x))).toBeCloseTo(0.24829360722726568, 10);
    const c = np.array(1.5, { dtype: "float64" });
    const b2 = np.array(0.75, { dtype: "float64" });
    const g = (p: Array, q: Array, r: Array, y: Array): Array => scipy.special.hyp2f1(p, q, r, y);
    expect(scalar(jacfwd(jacfwd(g, { argnums: 0 }), { argnums: 0 })(a, b2, c, x))).toBeCloseTo(0.04728968653679566, 10);
    expect(scalar(jacfwd(jacfwd(g, { argnums: 2 }), { argnums: 1 })(a, b2, c, x))).toBeCloseTo(-0.10060529683201513, 10);
    expect(scalar(grad(grad(g, { argnums: 3 }), { argnums: 3 })(a, b2, c, x))).toBeCloseTo(0.5258585901362895, 10);
  });
});

describe("lax.erfInv and lax.digamma take float16 and bfloat16 (jnp.floating), computed in float32 as XLA's CPU upcast", () => {
  it("gives JAX's values (JAX 0.10.2), eager and under jit; int stays a TypeError", () => {
    const want = {
      float16: { erfInv: [0.1790771484375, 0.7333984375], digamma: [-5.2890625, -1.2197265625] },
      bfloat16: { erfInv: [0.1796875, 0.73046875], digamma: [-5.28125, -1.21875] },
    };
    for (const dtype of ["float16", "bfloat16"] as const) {
      const p = np.array([0.2, 0.7], { dtype });
      for (const f of [lax.erfInv, jit(lax.erfInv)]) expect([f(p).dtype, f(p).tolist()]).toEqual([dtype, want[dtype].erfInv]);
      for (const f of [lax.digamma, jit(lax.digamma)]) expect([f(p).dtype, f(p).tolist()]).toEqual([dtype, want[dtype].digamma]);
      // The derivative goes through the same rounding: within 2 ulps of JAX's (0.91455078125, 1.517578125 in float16).
      const g = grad((x: Array) => lax.erfInv(x).sum())(p).tolist() as number[];
      const ulp = dtype === "float16" ? 2 ** -10 : 2 ** -7;
      [0.91455078125, 1.517578125].forEach((w, i) => expect(Math.abs(g[i]! - w)).toBeLessThanOrEqual(2 * ulp * 2));
    }
    expect(() => lax.digamma(np.array([1], { dtype: "int32" }))).toThrow("digamma does not accept dtype int32");
    expect(() => lax.erfInv(np.array([1], { dtype: "int32" }))).toThrow("erf_inv does not accept dtype int32");
  });
});
