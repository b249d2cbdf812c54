// scipy.linalg (issue 20) against JAX 0.10.2's values (x64): factorizations and solves with
// scipy's conventions, expm (Pade degrees 3..13 with scaling and squaring) and its Frechet
// derivative and gradient, blockDiag, toeplitz; checkGrads order 2; jit vs eager; vmap vs loop;
// JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, scipy, grad, jit, vmap, Array } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";
import { maxRelErr } from "../util/compare.js";

const sl = scipy.linalg;
const f64 = (x: number[][] | number[]): Array => np.array(x, { dtype: "float64" });
const values = (x: Array): number[] => globalThis.Array.from(x.dataSync() as ArrayLike<number>, Number);
const close = (x: Array, want: ArrayLike<number>, tol = 1e-12): void => expect(maxRelErr(values(x), want)).toBeLessThan(tol);

const A = f64([[3, 0.4, -0.5], [0.6, -2.5, 0.3], [0.2, 0.7, 1.7]]);
const S = np.matmul(A, A.T).add(np.eye(3, { dtype: "float64" }));
const b = f64([1, -2, 0.5]);
const B = f64([[1, 0.5], [-2, 0.25], [0.5, 3]]);
const M = f64([[0.1, 0.5, -0.3], [0.2, -0.4, 0.6], [-0.5, 0.3, 0.2]]);
const E = f64([[0.3, -0.1, 0.2], [0, 0.5, 0.1], [0.2, 0.2, -0.4]]);
const CHO_SOLVE = [0.11232338875366714, 0.03768195609177639, -0.26255595436647816, 0.13287146964647653, 0.04582978041785847, 0.7121460604799322];

describe("scipy.linalg factorizations and solves: JAX 0.10.2's values", () => {
  it("cholesky (upper by default), choFactor/choSolve, solve assumeA pos", () => {
    close(sl.cholesky(S), [3.2264531609803355, 0.20145961139646662, 0.0092981359106062, 0, 2.767564637903871, -0.40536476853417197, 0, 0, 2.0629088562270086]);
    close(sl.cholesky(S, { lower: true }), [3.2264531609803355, 0, 0, 0.20145961139646662, 2.767564637903871, 0, 0.0092981359106062, -0.40536476853417197, 2.0629088562270086]);
    close(sl.choSolve(sl.choFactor(S), B), CHO_SOLVE);
    close(sl.choSolve(sl.choFactor(S, { lower: true }), B), CHO_SOLVE);
    close(sl.solve(S, B, { assumeA: "pos" }), CHO_SOLVE);
    close(sl.solve(S, b, { assumeA: "pos", lower: true }), [0.11232338875366714, -0.26255595436647816, 0.04582978041785847]);
    close(sl.solve(A, b), [0.20845050618672661, 0.8408323959505062, -0.07663104611923513]);
    close(grad((s: Array) => np.sum(np.square(sl.solve(s, b, { assumeA: "pos" }))))(S), [-0.002913775408154, 0.0068109508766265, -0.00118886804096973, 0.00785977219003257, -0.01837221981419014, 0.00320691565310188, -0.00031790822842976, 0.00074311057779235, -0.00012971175873191]);
  });
  it("luFactor/luSolve (trans 0 and 1), lu's p l u, solveTriangular, eigh", () => {
    const [lu, piv] = sl.luFactor(A);
    close(lu, [3, 0.4, -0.5, 0.19999999999999998, -2.58, 0.39999999999999997, 0.06666666666666667, -0.26098191214470284, 1.8377260981912145]);
    expect(values(piv)).toEqual([0, 1, 2]);
    close(sl.luSolve([lu, piv], b), [0.20845050618672661, 0.8408323959505062, -0.07663104611923513]);
    close(sl.luSolve([lu, piv], b, { trans: 1 }), [0.14623172103487064, 0.874578177727784, 0.1827896512935883]);
    // A pivoting case: the permutation from the pivots, and a = p l u.
    const P = f64([[0.1, 2, 1], [3, 0.5, -1], [1, 1, 4]]);
    close(sl.luSolve(sl.luFactor(P), b), values(np.linalg.solve(P, b)), 1e-13);
    close(sl.luSolve(sl.luFactor(P), b, { trans: 1 }), values(np.linalg.solve(P.T, b)), 1e-13);
    const [p, l, u] = sl.lu(P);
    close(np.matmul(p, np.matmul(l, u)), values(P), 1e-15);
    const [pl, u2] = sl.lu(P, { permuteL: true });
    close(np.matmul(pl, u2), values(P), 1e-15);
    close(sl.solveTriangular(np.triu(A), b), [0.27098039215686265, 0.835294117647059, 0.29411764705882354]);
    close(sl.solveTriangular(np.tril(A), b, { trans: 1, lower: true }), [0.1372549019607843, 0.8823529411764707, 0.29411764705882354]);
    close(sl.eigh(S, { eigvalsOnly: true }), [4.066269849014682, 7.897533038330999, 10.566197112654315]);
    const [w, v] = sl.eigh(S);
    close(np.matmul(S, v), values(np.multiply(v, w)), 1e-13);
    const [q, r] = sl.qr(A);
    close(np.matmul(q, r), values(A), 1e-14);
    expect(sl.qr(A, { mode: "r" })[0].shape).toEqual([3, 3]);
    const [U, s, Vh] = sl.svd(A);
    close(np.matmul(np.multiply(U, s), Vh), values(A), 1e-14);
    close(sl.det(A), [values(np.linalg.det(A))[0]!]);
    close(sl.inv(A), values(np.linalg.inv(A)));
  });
  it("gradients (checkGrads order 2): cholesky, choSolve, luSolve, solveTriangular", () => {
    // Cholesky's JVP assumes a symmetric perturbation (as JAX's tests, symmetrize the input).
    const sym = (x: Array) => x.add(x.T).mul(0.5);
    checkGrads((s: Array) => sl.cholesky(sym(s)), [S], { order: 2 });
    checkGrads((s: Array, r: Array) => sl.solve(sym(s), r, { assumeA: "pos" }), [S, B], { order: 2 });
    checkGrads((a: Array, r: Array) => sl.luSolve(sl.luFactor(a), r, { trans: 1 }), [A, b], { order: 2 });
    checkGrads((a: Array, r: Array) => sl.solveTriangular(a, r, { lower: true }), [np.tril(A), B], { order: 2 });
  });
});

describe("scipy.linalg.expm: JAX 0.10.2's values", () => {
  const want: [number, number[]][] = [
    [0.01, [1.0010129788895243, 0.00498804806971927, -0.00298952992699589, 0.00198202356854501, 0.9960219318063184, 0.00599105590793968, -0.00500454264389765, 0.00298453157118426, 1.0020184859056507]],
    [0.2, [1.025039359980926, 0.0955703460889562, -0.05602867570850221, 0.03297401065609649, 0.9282748939420868, 0.11683383121653715, -0.10213800581331367, 0.05403847579203024, 1.047297945066743]],
    [0.9, [1.1830360599268703, 0.38246608937149545, -0.20264748346644906, 0.04565775512280548, 0.7761770885949674, 0.5028664947745279, -0.5166269401537362, 0.16199268019910343, 1.3237638669635756]],
    [2, [1.6157008365696677, 0.7934878552833776, -0.3321462021375378, -0.258390902016605, 0.6913525167112996, 1.187734262575035, -1.513220410445823, 0.11404542784588731, 2.1189976310071503]],
    [5, [3.7665306784435777, 2.5396911408802776, -0.0453814421310363, -4.897856513236421, -0.1171906827977305, 5.466883765706189, -9.931857352865945, -2.1946689251373495, 7.813748486903683]],
    [40, [3867361.398980546, 815485.3896238497, -3104445.2501904396, 10786810.221514078, 5429288.751553184, -3300760.468405059, 12260284.692456823, 7066799.820517919, -2230061.7442121035]],
  ];
  it("every Pade degree (norms 0.01..40, float64), float32, upperTriangular, maxSquarings", () => {
    for (const [s, w] of want) close(sl.expm(M.mul(s)), w, 1e-12);
    close(sl.expm(M.mul(5).astype("float32")), [3.7665281295776367, 2.5396904945373535, -0.04538041725754738, -4.897857189178467, -0.11719102412462234, 5.466884136199951, -9.931856155395508, -2.194668769836426, 7.813747406005859], 2e-6);
    close(sl.expm(np.triu(M.mul(3)), { upperTriangular: true }), [1.3498588075760032, 1.0486645956638008, -0.10414461003478928, 0, 0.301194211912202, 1.5209245884783065, 0, 0, 1.8221188003905089]);
    expect(values(sl.expm(M.mul(1e6), { maxSquarings: 4 })).every(Number.isNaN)).toBe(true);
  });
  it("expmFrechet, the gradient, checkGrads order 2", () => {
    const [ex, fr] = sl.expmFrechet(M.mul(2), E);
    close(ex, want[3]![1]);
    close(fr, [0.21592905547017496, 0.21437478627913908, 0.43713418125871495, 0.15048198931299853, 0.4269532476743685, 0.09245773095746417, 0.48581750766676846, 0.31015676108991685, -0.7543776832362696]);
    close(grad((m: Array) => np.sum(sl.expm(m).mul(E)))(M.mul(3)), [-0.00647238023073751, 0.0095482793655754, 0.7833693720208907, 0.45707966783855813, 0.3290455715044546, 0.1238864875304517, 0.9223677918726465, 0.1265352178139918, -1.3251237762267092], 1e-11);
    checkGrads((m: Array) => sl.expm(m), [M.mul(0.7)], { order: 2 });
  });
  it("batched, vmap against a loop, jit against eager twice", () => {
    const Ms = np.stack([M.mul(0.2), M.mul(2), M.mul(5)]);
    const loop = [0.2, 2, 5].flatMap((s) => want.find(([t]) => t === s)![1]);
    close(sl.expm(Ms), loop, 1e-12);
    close(vmap((m: Array) => sl.expm(m))(Ms), loop, 1e-12);
    const f = jit((m: Array) => sl.expm(m));
    for (let k = 0; k < 2; k++) close(f(M.mul(5)), want[4]![1], 1e-12);
  });
});

describe("scipy.linalg: blockDiag, toeplitz, errors", () => {
  it("JAX 0.10.2's values", () => {
    expect(sl.blockDiag(f64([[1, 2]]), 3, f64([[4], [5]])).tolist()).toEqual([[1, 2, 0, 0], [0, 0, 3, 0], [0, 0, 0, 4], [0, 0, 0, 5]]);
    expect(sl.toeplitz(f64([1, 2, 3]), f64([1, 4, 5, 6])).tolist()).toEqual([[1, 4, 5, 6], [2, 1, 4, 5], [3, 2, 1, 4]]);
    expect(sl.toeplitz(f64([1, 2])).tolist()).toEqual([[1, 2], [2, 1]]);
  });
  it("JAX's errors", () => {
    expect(() => sl.solve(S, b, { assumeA: "foo" as "gen" })).toThrow("Expected assume_a to be one of ['gen', 'sym', 'her', 'pos']; got 'foo'");
    expect(() => sl.expm(np.ones([2, 3]))).toThrow("Expected A to be a (batched) square matrix, got A.shape=(2, 3).");
    expect(() => sl.solveTriangular(A, b, { trans: 3 as 0 })).toThrow("Invalid 'trans' value 3");
    expect(() => sl.qr(A, { mode: "raw" as "full" })).toThrow("Unsupported QR decomposition mode 'raw'");
  });
});
