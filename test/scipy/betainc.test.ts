// lax.betainc / scipy.special.betainc as the regularized_incomplete_beta primitive: values
// against scipy 1.17.1 (float64, 1e-13 relative) and JAX 0.10.2 (float32, edge cases), JAX's
// derivative rule (in x only; a or b raises JAX's ValueError), jit and vmap.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, scipy, jit, vmap, grad, jvp, makeJaxpr, Array } from "../../src/index.js";

const f64 = (v: number[]): Array => np.array(v, { dtype: "float64" });
const f32 = (v: number[]): Array => np.array(v, { dtype: "float32" });

// a, b in (0.05, 25) and x in (0, 1), plus tiny, huge and near-zero parameters: scipy 1.17.1's betainc.
const SCIPY_F64: [number[], number[], number[], number[]] = [[2.187, 5.958, 20.042, 14.575, 2.399, 10.857, 12.002, 4.035, 18.378, 2.886, 9.811, 12.943, 10.794, 14.691, 18.459, 23.909, 7.141, 16.231, 17.421, 7.353, 0.087, 24.338, 7.495, 7.884, 0.001, 0.5, 200.0, 1000.0, 3.0], [22.298, 14.65, 11.809, 19.343, 0.807, 17.689, 9.387, 2.317, 16.529, 23.29, 5.219, 15.771, 7.489, 18.557, 18.068, 5.507, 20.756, 16.458, 17.086, 20.511, 10.743, 18.98, 21.968, 2.603, 2.0, 0.001, 300.0, 1000.0, 0.01], [0.8498, 0.3939, 0.4797, 0.1463, 0.6984, 0.292, 0.8711, 0.2754, 0.5618, 0.3997, 0.6129, 0.1966, 0.1803, 0.7469, 0.7522, 0.567, 0.9211, 0.2058, 0.8509, 0.169, 0.9644, 0.6237, 0.6069, 0.9706, 0.3, 0.999, 0.4, 0.5, 0.9], [1.0, 0.8529438104438117, 0.04332801731315431, 4.2326549456959275e-05, 0.3445563661388868, 0.16547343060022116, 0.9997409360175586, 0.029383772347215814, 0.659266757950635, 0.9996775665839007, 0.355809125965217, 0.0011777765037617905, 5.258449815625063e-05, 0.9998996129327176, 0.999278489406232, 0.0019025454223043315, 1.0, 0.0001270099950850584, 0.9999989524308939, 0.1197093635899234, 1.0, 0.7924772020521933, 0.9999551767438853, 0.9934286270567761, 0.9994959094063248, 0.00825762437687291, 0.5024286163199315, 0.4999999999999992, 0.009970255203267284]];
// The first 24 rows in float32: JAX 0.10.2's values, themselves up to 97 float32 ulps from the exact
// values (XLA computes the continued fraction and its prefactor in float32).
const JAX_F32: [number[], number[], number[], number[]] = [[2.187000036239624, 5.958000183105469, 20.04199981689453, 14.574999809265137, 2.3989999294281006, 10.857000350952148, 12.001999855041504, 4.034999847412109, 18.378000259399414, 2.885999917984009, 9.810999870300293, 12.942999839782715, 10.793999671936035, 14.690999984741211, 18.458999633789062, 23.909000396728516, 7.140999794006348, 16.231000900268555, 17.42099952697754, 7.353000164031982, 0.08699999749660492, 24.33799934387207, 7.494999885559082, 7.883999824523926], [22.29800033569336, 14.649999618530273, 11.809000015258789, 19.343000411987305, 0.8069999814033508, 17.68899917602539, 9.38700008392334, 2.316999912261963, 16.52899932861328, 23.290000915527344, 5.218999862670898, 15.770999908447266, 7.488999843597412, 18.55699920654297, 18.06800079345703, 5.506999969482422, 20.756000518798828, 16.45800018310547, 17.086000442504883, 20.51099967956543, 10.743000030517578, 18.979999542236328, 21.968000411987305, 2.6029999256134033], [0.8497999906539917, 0.3939000070095062, 0.4796999990940094, 0.14630000293254852, 0.6984000205993652, 0.2919999957084656, 0.8711000084877014, 0.2754000127315521, 0.5618000030517578, 0.39969998598098755, 0.6129000186920166, 0.19660000503063202, 0.18029999732971191, 0.7469000220298767, 0.7522000074386597, 0.5669999718666077, 0.9211000204086304, 0.20579999685287476, 0.8508999943733215, 0.16899999976158142, 0.9643999934196472, 0.6237000226974487, 0.6068999767303467, 0.9706000089645386], [1.0, 0.852943480014801, 0.043328188359737396, 4.2326715629315004e-05, 0.34455597400665283, 0.1654752790927887, 0.9997409582138062, 0.029383789747953415, 0.6592696905136108, 0.9996775388717651, 0.3558107912540436, 0.0011777873151004314, 5.25842588103842e-05, 0.9998996257781982, 0.9992784857749939, 0.0019025582587346435, 1.0, 0.00012701070227194577, 0.999998927116394, 0.11971047520637512, 1.0, 0.7924749255180359, 0.9999551773071289, 0.993428647518158]];
// XLA's special cases: a = 0 or b = inf step up at x = 0, b = 0 or a = inf at x = 1; negative
// parameters, x outside [0, 1], a = b = 0 and NaN give NaN (JAX 0.10.2's values).
const JAX_EDGES: [number[], number[], number[], number[]] = [[0.0, 0.0, 1.0, Infinity, 2.0, 2.0, -1.0, 2.0, 0.0, NaN, 2.0, 2.0, Infinity], [1.0, 1.0, 0.0, 1.0, Infinity, 3.0, 1.0, -1.0, 0.0, 1.0, 3.0, 3.0, 2.0], [0.5, 0.0, 0.5, 0.5, 0.5, 1.5, 0.5, 0.5, 0.5, 0.5, 0.0, 1.0, 1.0], [1.0, 0.0, 0.0, 0.0, 1.0, NaN, NaN, NaN, NaN, NaN, 0.0, 1.0, 1.0]];

const relative = (got: number[], want: number[], floor: number): number[] =>
  got.map((g, i) => (g === want[i] ? 0 : Math.abs(g - want[i]!) / Math.max(Math.abs(want[i]!), floor)));

describe("betainc values", () => {
  it("float64 within 1e-13 of scipy 1.17.1 for a, b below 25; 5e-13 at a, b in the hundreds", () => {
    const [a, b, x, want] = SCIPY_F64;
    const got = scipy.special.betainc(f64(a), f64(b), f64(x)).tolist() as number[];
    const errors = relative(got, want, 0);
    // The prefactor x^a (1-x)^b / (a B(a, b)) is an exp of terms of size a log x: their rounding
    // grows with a and b (3e-13 at (200, 300); JAX's own float64 value is 1.9e-12 off there).
    const large = (i: number): boolean => Math.max(a[i]!, b[i]!) > 25;
    expect(Math.max(...errors.filter((_, i) => !large(i)))).toBeLessThan(1e-13);
    expect(Math.max(...errors.filter((_, i) => large(i)))).toBeLessThan(5e-13);
  });

  it("float32 within 2 ulps of the exact value and within JAX's own error of JAX's", () => {
    const [a, b, x, jaxValues] = JAX_F32;
    const got = scipy.special.betainc(f32(a), f32(b), f32(x)).tolist() as number[];
    const exact = scipy.special.betainc(f64(a), f64(b), f64(x)).tolist() as number[];
    expect(Math.max(...relative(got, exact, 1e-3)) / 2 ** -23).toBeLessThan(2);
    expect(Math.max(...relative(got, jaxValues, 1e-3)) / 2 ** -23).toBeLessThan(100);
  });

  it("XLA's special cases, as JAX", () => {
    const [a, b, x, want] = JAX_EDGES;
    const got = scipy.special.betainc(f64(a), f64(b), f64(x)).tolist() as number[];
    expect(got).toEqual(want);
  });

  it("lax.betainc broadcasts rank-0 operands and requires one float dtype", () => {
    expect(lax.betainc(f64([2]).reshape([]), 3, f64([0, 1])).tolist()).toEqual([0, 1]);
    expect(() => lax.betainc(f32([2]), f64([3]), f64([0.5]))).toThrow(/regularized_incomplete_beta requires arguments to have the same dtypes/);
    expect(() => lax.betainc(np.array([2], { dtype: "int32" }), np.array([3], { dtype: "int32" }), np.array([0], { dtype: "int32" }))).toThrow(TypeError);
    expect(makeJaxpr(scipy.special.betainc)(f64([2]), f64([3]), f64([0.5])).toString()).toContain("regularized_incomplete_beta");
  });
});

describe("betainc derivatives (JAX's rule)", () => {
  const a = f64([2.5, 0.7]);
  const b = f64([3.5, 5]);
  const x = f64([0.3, 0.6]);
  it("in x: the beta density, to second order (values from JAX 0.10.2)", () => {
    const g = grad((v: Array) => np.sum(scipy.special.betainc(a, b, v)));
    // jax.grad(betainc, 2)(2.5, 3.5, 0.3) and its derivative in x.
    expect((g(x).tolist() as number[])[0]).toBeCloseTo(1.8297671231132133, 12);
    expect((grad((v: Array) => np.sum(g(v)))(x).tolist() as number[])[0]).toBeCloseTo(2.613953033018876, 11);
  });

  it("in a or b: JAX's ValueError, also for a mixed second derivative", () => {
    const message = "Betainc gradient with respect to a and b not supported.";
    expect(() => grad((v: Array) => np.sum(scipy.special.betainc(v, b, x)))(a)).toThrow(message);
    expect(() => jvp((v: Array) => scipy.special.betainc(a, v, x), [b], [np.onesLike(b)])).toThrow(message);
    expect(() => grad((u: Array) => np.sum(grad((v: Array) => np.sum(scipy.special.betainc(u, b, v)))(x)))(a)).toThrow(message);
  });
});

describe("betainc under jit and vmap", () => {
  const [a, b, x] = SCIPY_F64.slice(0, 3).map((v) => f64(v as number[])) as [Array, Array, Array];
  it("jit (called twice) and vmap equal eager, and the loop over examples", () => {
    const eager = scipy.special.betainc(a, b, x).tolist() as number[];
    const jf = jit(scipy.special.betainc);
    expect(jf(a, b, x).tolist()).toEqual(eager);
    expect(jf(a, b, x).tolist()).toEqual(eager);
    expect(vmap(scipy.special.betainc)(a, b, x).tolist()).toEqual(eager);
    const rows = np.reshape(x, [29, 1]);
    const batched = vmap((xi: Array) => scipy.special.betainc(a, b, xi), { inAxes: 0 })(rows).tolist() as number[][];
    const loop = eager.map((_, i) => scipy.special.betainc(a, b, rows.get(i)).tolist() as number[]);
    expect(batched).toEqual(loop);
  });
});
