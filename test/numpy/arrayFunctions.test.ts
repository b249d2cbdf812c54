// jax.numpy's array-manipulation, set, counting and grid functions (issue 19, item 4). Expected
// values are jax 0.10.2's outputs (jax.numpy on CPU, printed with .tolist()), pasted as literals;
// each block names the JAX expression it came from.
import { describe, it, expect } from "vitest";
import { numpy as np, jit, vmap, grad, ConcretizationTypeError } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import * as M from "../../src/numpy/arrayManipulation.js";
import * as S from "../../src/numpy/setops.js";
import * as G from "../../src/numpy/gridding.js";

const i32 = (v: number | number[] | number[][]) => np.array(v, { dtype: "int32" });
const f = (v: number | number[] | number[][]) => np.array(v);
const L = (a: Array) => a.tolist();
const LL = (as: Array[]) => as.map((a) => a.tolist());
const m23 = () => f([[1, 2, 3], [4, 5, 6]]);
const a23 = () => f([[10, 30, 20], [60, 40, 50]]);

/** jit(fn) called twice agrees with the eager result. */
function jitMatches(fn: (...xs: Array[]) => Array | Array[], ...args: Array[]) {
  const eager = fn(...args);
  const j = jit(fn);
  const norm = (r: Array | Array[]) => (Array_isArray(r) ? r.map(L) : L(r));
  expect(norm(j(...args))).toEqual(norm(eager));
  expect(norm(j(...args))).toEqual(norm(eager));
}
const Array_isArray = (x: unknown): x is Array[] => globalThis.Array.isArray(x);

describe("take / takeAlongAxis / putAlongAxis", () => {
  it("take: JAX's fill default, clip, wrap, axes", () => {
    const x = f([4, 3, 5, 7]);
    // jnp.take(x, [0,1,4,-1]); mode="clip" with [0,5,-6]; mode="wrap" with [5,-6]
    expect(L(M.take(x, i32([0, 1, 4, -1])))).toEqual([4, 3, NaN, 7]);
    expect(L(M.take(x, [0, 5, -6], { mode: "clip" }))).toEqual([4, 7, 4]);
    expect(L(M.take(x, i32([5, -6]), { mode: "wrap" }))).toEqual([3, 5]);
    // jnp.take(m, [[2,0]], axis=1)
    expect(L(M.take(m23(), i32([[2, 0]]), 1))).toEqual([[[3, 1]], [[6, 4]]]);
    expect(M.take(m23(), i32([[2, 0]]), { axis: 1 }).shape).toEqual([2, 1, 2]);
    // int fill is the minimum int32, bool fill is True
    expect(L(M.take(i32([1, 2, 3]), i32([5])))).toEqual([-2147483648]);
    expect(L(M.take(np.array([true]), i32([5])))).toEqual([true]);
    expect(() => M.take(x, f([0]))).toThrow(/integer/);
  });
  it("take: grad scatters back (duplicates add), jit, vmap", () => {
    // jax.grad(lambda x: jnp.take(x, [0,0,2]).sum())(x)
    expect(L(grad((x: Array) => M.take(x, i32([0, 0, 2])).sum())(f([4, 3, 5, 7])))).toEqual([2, 0, 1, 0]);
    jitMatches((x, i) => M.take(x, i, 1), m23(), i32([2, -1, 7]));
    const xs = f([[1, 2, 3], [4, 5, 6]]);
    const idx = i32([[2, 0], [1, 1]]);
    const batched = vmap((x: Array, i: Array) => M.take(x, i))(xs, idx);
    expect(L(batched)).toEqual([L(M.take(f([1, 2, 3]), i32([2, 0]))), L(M.take(f([4, 5, 6]), i32([1, 1])))]);
  });
  it("takeAlongAxis: with argsort, fill, broadcasting, axis null", () => {
    const a = a23();
    expect(L(M.takeAlongAxis(a, np.argsort(a, 1), 1))).toEqual([[10, 20, 30], [40, 50, 60]]);
    expect(L(M.takeAlongAxis(a, i32([[0], [5]]), 1))).toEqual([[10], [NaN]]);
    expect(L(M.takeAlongAxis(a, i32([[1, 0, 1]]), 0))).toEqual([[60, 30, 50]]);
    expect(L(M.takeAlongAxis(a, i32([5, 0]), null))).toEqual([50, 10]);
    expect(() => M.takeAlongAxis(a, i32([0, 1]), 1)).toThrow(/same number of dimensions; 1 vs. 2/);
    jitMatches((x, i) => M.takeAlongAxis(x, i, -1), a, i32([[2, 1], [0, -1]]));
    // d/dx sum(take_along_axis(x, idx)) counts how often each entry is taken
    const g = grad((x: Array) => M.takeAlongAxis(x, i32([[2, 2], [0, 1]]), 1).sum())(a);
    expect(L(g)).toEqual([[0, 0, 2], [1, 1, 0]]);
  });
  it("putAlongAxis requires inplace: false (JAX), then scatters", () => {
    const a = a23();
    // jnp.put_along_axis(a, jnp.argmax(a,1,keepdims=True), 0., 1, inplace=False)
    expect(L(M.putAlongAxis(a, np.argmax(a, 1, true), 0, 1, { inplace: false }))).toEqual([[10, 0, 20], [0, 40, 50]]);
    expect(() => M.putAlongAxis(a, np.argmax(a, 1, true), 0, 1)).toThrow(/in-place/);
    expect(L(M.putAlongAxis(f([1, 2, 3, 4]), i32([0, 3]), f([9, 8]), null, { inplace: false }))).toEqual([9, 2, 3, 8]);
  });
});

describe("tri / tril / triu / index helpers", () => {
  it("values as jnp.tril / jnp.triu / jnp.tri", () => {
    const x = np.arange(9).astype("float32").reshape([3, 3]);
    expect(L(M.tril(x))).toEqual([[0, 0, 0], [3, 4, 0], [6, 7, 8]]);
    expect(L(M.triu(np.arange(12).astype("float32").reshape([3, 4]), 1))).toEqual([[0, 1, 2, 3], [0, 0, 6, 7], [0, 0, 0, 11]]);
    expect(L(M.tril(np.ones([2, 2, 3]), -1))).toEqual([[[0, 0, 0], [1, 0, 0]], [[0, 0, 0], [1, 0, 0]]]);
    expect(L(M.tri(3, 4, 1))).toEqual([[1, 1, 0, 0], [1, 1, 1, 0], [1, 1, 1, 1]]);
    expect(() => M.tril(f([1, 2]))).toThrow(/at least 2D/);
  });
  it("grad of sum(tril * w) is the mask, jit, vmap", () => {
    expect(L(grad((x: Array) => M.triu(x, 1).sum())(np.ones([2, 3])))).toEqual([[0, 1, 1], [0, 0, 1]]);
    jitMatches((x) => M.tril(x, 1), np.ones([3, 4]));
    const b = vmap((x: Array) => M.tril(x))(np.ones([2, 3, 3]));
    expect(L(b)).toEqual(L(M.tril(np.ones([2, 3, 3]))));
  });
  it("trilIndices / triuIndices / diagIndices", () => {
    // jnp.tril_indices(3), jnp.triu_indices(3,1,4), jnp.tril_indices(3,-1,2)
    expect(LL(M.trilIndices(3))).toEqual([[0, 1, 1, 2, 2, 2], [0, 0, 1, 0, 1, 2]]);
    expect(LL(M.triuIndices(3, 1, 4))).toEqual([[0, 0, 0, 1, 1, 2], [1, 2, 3, 2, 3, 3]]);
    expect(LL(M.trilIndices(3, -1, 2))).toEqual([[1, 2, 2], [0, 0, 1]]);
    expect(LL(M.triuIndicesFrom(np.ones([2, 3])))).toEqual([[0, 0, 0, 1, 1], [0, 1, 2, 1, 2]]);
    const [i, j] = M.diagIndices(3);
    expect(L(np.zeros([3, 3]).at(i!, j!).set(1))).toEqual(L(np.eye(3)));
    expect(M.diagIndices(2, 3).length).toBe(3);
    expect(M.trilIndices(2)[0].dtype).toBe("int32");
  });
});

describe("append / insert / delete", () => {
  it("append", () => {
    expect(L(M.append(f([1, 2]), f([[3, 4]])))).toEqual([1, 2, 3, 4]);
    expect(L(M.append(m23(), m23(), 0))).toEqual([[1, 2, 3], [4, 5, 6], [1, 2, 3], [4, 5, 6]]);
    expect(L(grad((x: Array) => M.append(x, x.mul(3)).sum())(f([1, 2])))).toEqual([4, 4]);
  });
  it("insert: scalar, axis, array and slice indices (jnp.insert)", () => {
    expect(L(M.insert(f([1, 2, 3]), 1, 9))).toEqual([1, 9, 2, 3]);
    expect(L(M.insert(f([[1, 2], [3, 4]]), 1, 0, 1))).toEqual([[1, 0, 2], [3, 0, 4]]);
    expect(L(M.insert(f([1, 2, 3]), i32([0, 2, 2]), f([7, 8, 9])))).toEqual([7, 1, 2, 8, 9, 3]);
    expect(L(M.insert(f([1, 2, 3]), "0:3", 0))).toEqual([0, 1, 0, 2, 0, 3]);
    expect(L(M.insert(f([[1, 2], [3, 4]]), 1, f([5, 6]), 0))).toEqual([[1, 2], [5, 6], [3, 4]]);
    expect(L(M.insert(f([[1, 2], [3, 4]]), i32([1]), f([5, 6]), 1))).toEqual([[1, 5, 6, 2], [3, 5, 6, 4]]);
    expect(L(M.insert(f([1, 2]), -1, f([5, 6])))).toEqual([1, 5, 6, 2]);
    // d/da sum(insert(a, 1, 5 * a[0])) = [6, 1, 1]
    expect(L(grad((a: Array) => M.insert(a, 1, a.get(0).mul(5)).sum())(f([1, 2, 3])))).toEqual([6, 1, 1]);
    // traced indices work (as in JAX)
    jitMatches((x, i) => M.insert(x, i, f([7, 8, 9])), f([1, 2, 3]), i32([0, 2, 2]));
  });
  it("delete: integer, slice string, arrays, masks, assumeUniqueIndices under jit", () => {
    expect(L(M.delete(f([1, 2, 3, 4]), 1))).toEqual([1, 3, 4]);
    expect(L(M.delete(f([1, 2, 3, 4]), "::2"))).toEqual([2, 4]);
    expect(L(M.delete(m23(), i32([0, 2, 0]), 1))).toEqual([[2], [5]]);
    expect(L(M.delete(m23(), np.array([true, false]), 0))).toEqual([[4, 5, 6]]);
    expect(L(M.delete(m23(), -1))).toEqual([1, 2, 3, 4, 5]);
    expect(L(M.delete(np.arange(6).astype("float32"), i32([4, 1]), null, { assumeUniqueIndices: true }))).toEqual([0, 2, 3, 5]);
    jitMatches((x, i) => M.delete(x, i, null, { assumeUniqueIndices: true }), np.arange(6).astype("float32"), i32([4, 1]));
    expect(() => jit((x: Array, i: Array) => M.delete(x, i))(f([1, 2, 3]), i32([0]))).toThrow(ConcretizationTypeError);
    expect(np.delete).toBe(M.delete);
    expect("deleteItems" in np).toBe(false);
  });
});

describe("select / piecewise", () => {
  it("select: first true condition wins, default, promotion", () => {
    const x = np.arange(6);
    expect(L(M.select([x.less(3), x.greater(4)], [x, x.mul(x)], 42))).toEqual([0, 1, 2, 42, 42, 25]);
    expect(L(M.select([np.array([true, false]), np.array([true, true])], [1, 2]))).toEqual([1, 2]);
    expect(() => M.select([x.less(3)], [])).toThrow(/length equal/);
    const g = grad((v: Array) => M.select([v.less(0)], [v.mul(v)], v.mul(3)).sum())(f([-1, 2]));
    expect(L(g)).toEqual([-2, 3]);
    jitMatches((v) => M.select([v.less(0), v.greater(1)], [v.neg(), 7], 0.5), f([-2, 0, 3]));
  });
  it("piecewise (jnp.piecewise): functions, constants, default, later conditions win", () => {
    const x = np.linspace(-2, 2, 5);
    expect(L(M.piecewise(x, [x.less(0), x.greaterEqual(0)], [(v) => v.neg(), (v) => v.mul(v)]))).toEqual([2, 1, 0, 1, 4]);
    expect(L(M.piecewise(x, [x.less(0), x.greater(1)], [(v) => v.neg(), 7, 0.5]))).toEqual([2, 1, 0.5, 0.5, 7]);
    expect(L(M.piecewise(i32([1, 2, 3]), [np.array([true, false, true]), np.array([true, true, false])], [10, 20]))).toEqual([20, 20, 10]);
    // jax.grad(lambda x: piecewise(x, [x<0, x>=0], [-v, v*v]).sum())(x)
    expect(L(grad((v: Array) => M.piecewise(v, [v.less(0), v.greaterEqual(0)], [(u) => u.neg(), (u) => u.mul(u)]).sum())(x))).toEqual([-1, -1, 0, 2, 4]);
    jitMatches((v) => M.piecewise(v, [v.less(0)], [(u) => u.mul(2), (u) => u.add(1)]), x);
    expect(() => M.piecewise(x, [x.less(0)], [1, 2, 3])).toThrow(/either 1 or 2 functions/);
  });
});

describe("diff / ediff1d", () => {
  it("values as jnp.diff", () => {
    const x = f([1, 2, 4, 7, 0]);
    expect(L(M.diff(x))).toEqual([1, 2, 3, -7]);
    expect(L(M.diff(x, 2))).toEqual([1, 1, -10]);
    expect(L(M.diff(x, { n: 2 }))).toEqual([1, 1, -10]);
    expect(L(M.diff(m23(), 1, 0))).toEqual([[3, 3, 3]]);
    expect(L(M.diff(m23(), { axis: 0 }))).toEqual([[3, 3, 3]]);
    expect(L(M.diff(f([1, 3]), { prepend: 0, append: f([10, 20]) }))).toEqual([1, 2, 7, 10]);
    expect(L(M.diff(np.array([true, false, false])))).toEqual([true, false]);
    const d = M.diff(i32([1, 4, 9]));
    expect([L(d), d.dtype]).toEqual([[3, 5], "int32"]);
    expect(M.diff(x, 0)).toBe(x);
    expect(() => M.diff(x, -1)).toThrow(/non-negative/);
  });
  it("grad, jit, vmap", () => {
    expect(L(grad((v: Array) => M.diff(v).mul(f([1, 2, 3])).sum())(f([0, 0, 0, 0])))).toEqual([-1, -1, -1, 3]);
    jitMatches((v) => M.diff(v, { n: 2, prepend: 1 }), f([1, 2, 4, 7]));
    expect(L(vmap((v: Array) => M.diff(v))(m23()))).toEqual([[1, 1], [1, 1]]);
  });
  it("ediff1d", () => {
    expect(L(M.ediff1d(f([1, 2, 4, 7]), { toBegin: -99, toEnd: i32([88, 99]) }))).toEqual([-99, 1, 2, 3, 88, 99]);
    expect(L(M.ediff1d(m23()))).toEqual([1, 1, 1, 1, 1]);
  });
});

describe("asarray / copy / emptyLike / block", () => {
  it("asarray, copy, emptyLike", () => {
    const a = M.asarray([1, 2, 3], { dtype: "int32" });
    expect([L(a), a.dtype]).toEqual([[1, 2, 3], "int32"]);
    expect(L(M.copy(m23()))).toEqual(L(m23()));
    const e = M.emptyLike(np.ones([2, 3]), { dtype: "int32" });
    expect([e.shape, e.dtype]).toEqual([[2, 3], "int32"]);
    expect(M.emptyLike(np.ones([2]), { shape: [4, 1] }).shape).toEqual([4, 1]);
    expect(L(grad((x: Array) => M.copy(x).mul(x).sum())(f([1, 2])))).toEqual([2, 4]);
  });
  it("block (jnp.block)", () => {
    const b = M.block([[np.eye(2), np.zeros([2, 1])], [np.ones([1, 2]), np.full([1, 1], 5)]]);
    expect(L(b)).toEqual([[1, 0, 0], [0, 1, 0], [1, 1, 5]]);
    expect(L(M.block([1, 2, f([3, 4])]))).toEqual([1, 2, 3, 4]);
    expect(() => M.block([[f([1])], f([2])])).toThrow(/Mismatched list depths/);
  });
});

describe("applyAlongAxis / vectorize", () => {
  it("applyAlongAxis (jnp.apply_along_axis)", () => {
    expect(L(M.applyAlongAxis((v) => v.sum(), 1, m23()))).toEqual([6, 15]);
    expect(L(M.applyAlongAxis((v) => v.mul(2), 0, m23()))).toEqual([[2, 4, 6], [8, 10, 12]]);
    const x = np.arange(24).astype("float32").reshape([2, 3, 4]);
    expect(L(M.applyAlongAxis((v) => np.stack([v.min(), v.max()]), 1, x))).toEqual([
      [[0, 1, 2, 3], [8, 9, 10, 11]],
      [[12, 13, 14, 15], [20, 21, 22, 23]],
    ]);
  });
  it("vectorize: elementwise broadcast, excluded, signature, jit, grad", () => {
    const clipped = M.vectorize((a: Array, lo: Array) => np.where(a.less(lo), lo, a));
    expect(L(clipped(f([[1, 5], [3, 0]]), 2))).toEqual([[2, 5], [3, 2]]);
    const seen: number[][] = [];
    const g = M.vectorize(
      (a: Array, scale: number) => {
        seen.push([...a.shape]);
        return a.mul(scale);
      },
      { excluded: [1] },
    );
    expect(L(g(f([1, 2, 3]), 10))).toEqual([10, 20, 30]);
    expect(seen[0]).toEqual([]);
    // jnp.vectorize(jnp.dot, signature="(n),(n)->()")(arange(15).reshape(5,3), ones(3))
    const dot = M.vectorize((a: Array, b: Array) => np.dot(a, b), { signature: "(n),(n)->()" });
    expect(L(dot(np.arange(15).astype("float32").reshape([5, 3]), np.ones([3])))).toEqual([3, 12, 21, 30, 39]);
    expect(() => dot(np.ones([2, 3]), np.ones([4]))).toThrow(/inconsistent size for core dimension "n": 3 vs 4/);
    const sq = M.vectorize((a: Array) => a.mul(a));
    expect(L(jit((x: Array) => sq(x))(m23()))).toEqual([[1, 4, 9], [16, 25, 36]]);
    expect(L(grad((x: Array) => sq(x).sum())(f([1, 2])))).toEqual([2, 4]);
  });
});

describe("unravelIndex / ravelMultiIndex", () => {
  it("unravelIndex clamps out-of-range as JAX", () => {
    // jnp.unravel_index([5,7,-1,-13,100], (3,4))
    expect(LL(M.unravelIndex(i32([5, 7, -1, -13, 100]), [3, 4]))).toEqual([[1, 1, 2, 0, 2], [1, 3, 3, 0, 3]]);
    jitMatches((i) => M.unravelIndex(i, [3, 4]), i32([5, 7, -1]));
  });
  it("ravelMultiIndex: raise, clip, wrap, order F", () => {
    const idx = [i32([1, 2]), i32([3, 0])];
    expect(L(M.ravelMultiIndex(idx, [3, 4]))).toEqual([7, 8]);
    expect(L(M.ravelMultiIndex(idx, [3, 4], { order: "F" }))).toEqual([10, 2]);
    const oob = [i32([5, -1]), i32([3, 7])];
    expect(L(M.ravelMultiIndex(oob, [3, 4], { mode: "clip" }))).toEqual([11, 3]);
    expect(L(M.ravelMultiIndex(oob, [3, 4], { mode: "wrap" }))).toEqual([11, 11]);
    expect(() => M.ravelMultiIndex(oob, [3, 4])).toThrow(/invalid entry in coordinates array/);
    expect(() => jit((a: Array, b: Array) => M.ravelMultiIndex([a, b], [3, 4]))(idx[0]!, idx[1]!)).toThrow(ConcretizationTypeError);
    jitMatches((a, b) => M.ravelMultiIndex([a, b], [3, 4], { mode: "wrap" }), ...oob);
  });
});

describe("nonzero / argwhere / flatnonzero", () => {
  const x = () => i32([[1, 0, 3], [0, 2, 0]]);
  it("eager values (jnp.nonzero / jnp.argwhere)", () => {
    expect(LL(S.nonzero(x()))).toEqual([[0, 0, 1], [0, 2, 1]]);
    expect(LL(S.nonzero(x(), { size: 5 }))).toEqual([[0, 0, 1, 0, 0], [0, 2, 1, 0, 0]]);
    expect(LL(S.nonzero(i32([0, 5, 0, 7]), { size: 3, fillValue: -1 }))).toEqual([[1, 3, -1]]);
    expect(LL(S.nonzero(i32([0, 5, 0, 7, 8]), { size: 2 }))).toEqual([[1, 3]]);
    expect(L(S.argwhere(x()))).toEqual([[0, 0], [0, 2], [1, 1]]);
    expect(L(S.argwhere(i32([[1, 0], [0, 2]]), { size: 3, fillValue: 9 }))).toEqual([[0, 0], [1, 1], [9, 9]]);
    expect(S.argwhere(np.array(3)).shape).toEqual([1, 0]);
    expect(S.argwhere(np.array(0)).shape).toEqual([0, 0]);
    expect(L(S.flatnonzero(i32([[0, 3], [4, 0]])))).toEqual([1, 2]);
    expect(() => S.nonzero(np.array(1))).toThrow(/0d arrays/);
  });
  it("under jit: ConcretizationTypeError without size, works with size", () => {
    expect(() => jit((a: Array) => S.nonzero(a))(x())).toThrow(ConcretizationTypeError);
    expect(() => jit((a: Array) => S.nonzero(a))(x())).toThrow(/size argument of np.nonzero must be statically specified/);
    expect(() => jit((a: Array) => S.argwhere(a))(x())).toThrow(ConcretizationTypeError);
    jitMatches((a) => S.nonzero(a, { size: 4, fillValue: -1 }), x());
    jitMatches((a) => S.argwhere(a, { size: 2 }), x());
  });
  it("vmap with size agrees with a loop", () => {
    const rows = f([[0, 1, 1], [1, 0, 0]]);
    const b = vmap((r: Array) => S.nonzero(r, { size: 2, fillValue: -1 })[0]!)(rows);
    expect(L(b)).toEqual([[1, 2], [0, -1]]);
  });
});

describe("unique", () => {
  it("eager values (jnp.unique)", () => {
    expect(L(S.unique(f([3, 1, 3, 2, NaN, NaN])))).toEqual([1, 2, 3, NaN]);
    const r = S.unique(f([[3, 1], [3, 2]]), { returnIndex: true, returnInverse: true, returnCounts: true });
    expect(LL(r)).toEqual([[1, 2, 3], [1, 3, 0], [[2, 0], [2, 1]], [1, 1, 2]]);
    // jnp.unique(x, axis=0, return_counts=True, return_inverse=True)
    expect(LL(S.unique(i32([[1, 2], [0, 5], [1, 2]]), { axis: 0, returnInverse: true, returnCounts: true }))).toEqual([[[0, 5], [1, 2]], [1, 0, 1], [1, 2]]);
    expect(L(S.unique(i32([[1, 0, 1], [2, 5, 2]]), { axis: 1 }))).toEqual([[0, 1], [5, 2]]);
  });
  it("size and fillValue, eager and under jit", () => {
    const x = f([3, 1, 3, 2]);
    const all = { size: 5, returnIndex: true, returnInverse: true, returnCounts: true } as const;
    const want = [[1, 2, 3, 1, 1], [1, 3, 0, 1, 1], [2, 0, 2, 1], [1, 1, 2, 0, 0]];
    expect(LL(S.unique(x, all))).toEqual(want);
    expect(LL(jit((a: Array) => S.unique(a, all))(x))).toEqual(want);
    expect(LL(S.unique(x, { size: 5, fillValue: 0, returnCounts: true }))).toEqual([[1, 2, 3, 0, 0], [1, 1, 2, 0, 0]]);
    expect(L(S.unique(x, { size: 2 }))).toEqual([1, 2]);
    jitMatches((a) => S.unique(a, { size: 3, fillValue: -1 }), f([5, 5, 5, 5]));
    // vmap with size: each row on its own
    expect(L(vmap((r: Array) => S.unique(r, { size: 3, fillValue: -1 }))(f([[3, 1, 3], [2, 2, 2]])))).toEqual([[1, 3, -1], [2, -1, -1]]);
    expect(() => jit((a: Array) => S.unique(a))(x)).toThrow(ConcretizationTypeError);
    expect(() => jit((a: Array) => S.unique(a))(x)).toThrow(/first argument of np.unique/);
  });
});

describe("bincount / histogram / isin", () => {
  it("bincount (jnp.bincount)", () => {
    expect(L(S.bincount(i32([0, 1, 1, 3])))).toEqual([1, 2, 0, 1]);
    expect(S.bincount(i32([0, 1])).dtype).toBe("int32");
    expect(L(S.bincount(i32([0, 1, 1, 3]), f([0.5, 1, 1, 2]), 6))).toEqual([0.5, 2, 0, 2, 0, 0]);
    expect(L(S.bincount(i32([0, 1, 1, 3]), { weights: f([0.5, 1, 1, 2]), minlength: 6 }))).toEqual([0.5, 2, 0, 2, 0, 0]);
    expect(L(S.bincount(i32([0, -1, 1, 7]), { length: 4 }))).toEqual([2, 1, 0, 0]);
    expect(() => S.bincount(f([0, 1]))).toThrow(/integer type; got float32/);
    expect(() => jit((a: Array) => S.bincount(a))(i32([0]))).toThrow(/pass a static `length` argument/);
    jitMatches((a) => S.bincount(a, { length: 5 }), i32([0, 4, 4, 9]));
  });
  it("histogram (jnp.histogram)", () => {
    const [h, e] = S.histogram(f([1, 2, 2, 5]));
    expect(L(h)).toEqual([1, 0, 2, 0, 0, 0, 0, 0, 0, 1]);
    expect(L(e)).toEqual([1.0, 1.399999976158142, 1.7999999523162842, 2.200000047683716, 2.5999999046325684, 3.0, 3.4000000953674316, 3.799999952316284, 4.199999809265137, 4.599999904632568, 5.0]);
    expect(LL(S.histogram(f([1, 2, 2, 5]), { bins: 4, range: [0, 8], density: true }))).toEqual([[0.125, 0.25, 0.125, 0], [0, 2, 4, 6, 8]]);
    expect(LL(S.histogram(i32([1, 2, 2, 5, 9]), { bins: f([0, 2, 5]), weights: f([1, 2, 3, 4, 5]) }))).toEqual([[1, 9], [0, 2, 5]]);
    expect(LL(S.histogram(f([3, 3]), 2))).toEqual([[0, 2], [2.5, 3, 3.5]]);
    jitMatches((a) => S.histogram(a, 4), f([0.5, 1, 2, 2, 7]));
    const gw = grad((w: Array) => S.histogram(f([1, 2, 3]), { bins: 2, weights: w })[0].mul(f([1, 10])).sum())(f([1, 1, 1]));
    expect(L(gw)).toEqual([1, 10, 10]);
    expect(L(S.histogramBinEdges(f([1, 2, 5]), 4))).toEqual([1, 2, 3, 4, 5]);
  });
  it("isin (jnp.isin)", () => {
    expect(L(S.isin(i32([[1, 2], [3, 4]]), i32([2, 4])))).toEqual([[false, true], [false, true]]);
    expect(L(S.isin(i32([1, 2, 3]), i32([2]), { invert: true }))).toEqual([true, false, true]);
    expect(L(S.isin(f([1, 2, 3]), [3, 1], { method: "binary_search" }))).toEqual([true, false, true]);
    jitMatches((a, b) => S.isin(a, b), f([1, 2, 3]), f([3, 0]));
  });
});

describe("meshgrid / mgrid / ogrid", () => {
  it("meshgrid: xy and ij indexing, sparse", () => {
    expect(LL(G.meshgrid(i32([1, 2, 3]), i32([4, 5])))).toEqual([[[1, 2, 3], [1, 2, 3]], [[4, 4, 4], [5, 5, 5]]]);
    expect(G.meshgrid(np.arange(2), np.arange(3), np.arange(4)).map((a) => a.shape)).toEqual([[3, 2, 4], [3, 2, 4], [3, 2, 4]]);
    expect(G.meshgrid(np.arange(2), np.arange(3), { indexing: "ij", sparse: true }).map((a) => a.shape)).toEqual([[2, 1], [1, 3]]);
    expect(G.meshgrid(np.arange(2), np.arange(3), { sparse: true }).map((a) => a.shape)).toEqual([[1, 2], [3, 1]]);
    expect(() => G.meshgrid(np.ones([2, 2]))).toThrow(/must be 1D/);
    const g = grad((x: Array) => G.meshgrid(x, np.arange(3))[0]!.sum())(f([1, 2]));
    expect(L(g)).toEqual([3, 3]);
  });
  it("mgrid / ogrid with slice strings (jnp.mgrid[0:3, 0:2], ...)", () => {
    expect(L(G.mgrid.get("0:3", "0:2"))).toEqual([[[0, 0], [1, 1], [2, 2]], [[0, 1], [0, 1], [0, 1]]]);
    expect(G.mgrid.get("0:3", "0:2").dtype).toBe("int32");
    expect(L(G.mgrid.get("-1:1:5j"))).toEqual([-1, -0.5, 0, 0.5, 1]);
    const mixed = G.mgrid.get("0:2", "0:1:3j");
    expect([mixed.dtype, L(mixed)]).toEqual(["float32", [[[0, 0, 0], [1, 1, 1]], [[0, 0.5, 1], [0, 0.5, 1]]]]);
    expect(L(G.mgrid.get("5:0:-2"))).toEqual([5, 3, 1]);
    expect(LL(G.ogrid.get("0:3", "0:2"))).toEqual([[[0], [1], [2]], [[0, 1]]]);
    expect(L(G.ogrid.get("0:4:2"))).toEqual([0, 2]);
  });
});

describe("exported from np", () => {
  it("every name", () => {
    const names = ["asarray", "copy", "emptyLike", "take", "takeAlongAxis", "putAlongAxis", "tri", "tril", "triu", "trilIndices", "triuIndices", "trilIndicesFrom", "triuIndicesFrom", "diagIndices", "diagIndicesFrom", "append", "insert", "delete", "select", "piecewise", "diff", "ediff1d", "block", "applyAlongAxis", "vectorize", "unravelIndex", "ravelMultiIndex", "nonzero", "flatnonzero", "argwhere", "unique", "bincount", "histogram", "histogramBinEdges", "isin", "searchsorted", "meshgrid", "mgrid", "ogrid"];
    const ns = np as unknown as Record<string, unknown>;
    expect(names.filter((n) => ns[n] === undefined)).toEqual([]);
  });
});
