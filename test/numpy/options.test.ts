// Keyword arguments as a trailing options object everywhere (issue 19, item 3), positional forms
// kept, null where JAX accepts None; the one shared splitter (numpy/options.ts kwargs). Known
// answers from numpy / jax 0.10.2 (quoted where not obvious).
import { describe, it, expect } from "vitest";
import { numpy as np, lax, random, nn, jit, vmap, grad } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { kwargs } from "../../src/numpy/options.js";

const m = () => np.array([[1, 5, 3], [4, 2, 6]]);

describe("the shared kwargs helper", () => {
  it("positional, options object, both; JAX's errors", () => {
    expect(kwargs<{ axis?: number; keepdims?: boolean }>("f", ["axis", "keepdims"], [1, true, undefined])).toEqual({ axis: 1, keepdims: true });
    expect(kwargs<{ axis?: number; keepdims?: boolean }>("f", ["axis", "keepdims"], [{ axis: 1, keepdims: true }, undefined, undefined])).toEqual({ axis: 1, keepdims: true });
    expect(kwargs<{ axis?: number; keepdims?: boolean; dtype?: string }>("f", ["axis", "keepdims"], [0, { keepdims: true, dtype: np.int32 }, undefined])).toEqual({ axis: 0, keepdims: true, dtype: "int32" });
    expect(kwargs<{ axis?: number | null }>("f", ["axis"], [null, undefined])).toEqual({ axis: null });
    expect(kwargs<{ dtype?: string | null }>("f", ["dtype"], [null, undefined])).toEqual({});
    expect(() => kwargs("sum", ["axis"], [1, { axis: 0 }])).toThrow("sum() got multiple values for argument 'axis'");
    expect(() => kwargs("sum", ["axis", "keepdims"], [{ axis: 0 }, true])).toThrow("positional argument after its options object");
  });
});

describe("numpy", () => {
  it("reductions: sum, mean, max, argmax, var, std, cumsum, median, all", () => {
    expect(np.sum(m(), { axis: 1, keepdims: true, dtype: np.int32 }).tolist()).toEqual([[9], [12]]);
    expect(np.sum(m(), { axis: 1, keepdims: true, dtype: np.int32 }).dtype).toBe("int32");
    expect(np.sum(m(), 1, true).tolist()).toEqual([[9], [12]]);
    expect(np.sum(m(), { axis: null }).tolist()).toBe(21);
    expect(np.sum(m(), 0, false, { where: np.array([[true, false, true], [true, true, true]]) }).tolist()).toEqual([5, 2, 9]);
    expect(np.mean(m(), { axis: 0 }).tolist()).toEqual([2.5, 3.5, 4.5]);
    expect(np.max(m(), { axis: -1, keepdims: true }).shape).toEqual([2, 1]);
    expect(np.argmax(m(), { axis: 1 }).tolist()).toEqual([1, 2]);
    expect(np.argmin(m(), { axis: null }).tolist()).toBe(0);
    expect(np.argmax(m(), { axis: 1, keepdims: true }).shape).toEqual([2, 1]);
    expect(np.var(m(), { axis: 1, ddof: 1 }).tolist()).toEqual([4, 4]); // np.var([[1,5,3],[4,2,6]], axis=1, ddof=1)
    expect(np.std(m(), { dtype: np.float64 }).dtype).toBe("float64");
    expect(np.cumsum(m(), { axis: 1 }).tolist()).toEqual([[1, 6, 9], [4, 6, 12]]);
    expect(np.cumsum(m(), 0, np.float64).dtype).toBe("float64");
    expect(np.cumprod(m(), { axis: null }).tolist()).toEqual([1, 5, 15, 60, 120, 720]);
    expect(np.median(m(), { axis: 1 }).tolist()).toEqual([3, 4]);
    expect(np.all(m(), { axis: 0, keepdims: true }).shape).toEqual([1, 3]);
    expect(np.logsumexp(np.zeros([2, 2]), { axis: 1 }).tolist()).toEqual([Math.fround(Math.LN2), Math.fround(Math.LN2)]);
  });
  it("creation: eye (k honoured positionally), linspace, arange, zeros, full, identity", () => {
    // jnp.eye(3, 3, 1) is the superdiagonal
    expect(np.eye(3, 3, 1).tolist()).toEqual([[0, 1, 0], [0, 0, 1], [0, 0, 0]]);
    expect(np.eye(3, { k: 1, dtype: np.int32 }).tolist()).toEqual([[0, 1, 0], [0, 0, 1], [0, 0, 0]]);
    expect(np.eye(3, { k: 1, dtype: np.int32 }).dtype).toBe("int32");
    expect(np.eye(2, null, -1).tolist()).toEqual([[0, 0], [1, 0]]);
    expect(np.eye(2, 3, { k: 1 }).shape).toEqual([2, 3]);
    // jnp.linspace(0, 1, num=5, endpoint=False) == [0., 0.2, 0.4, 0.6, 0.8]
    expect(np.linspace(0, 1, { num: 5, endpoint: false }).tolist()).toEqual([0, 0.2, 0.4, 0.6, 0.8].map(Math.fround));
    expect(np.linspace(0, 1, 3).tolist()).toEqual([0, 0.5, 1]);
    expect(np.linspace(0, 1, { num: 3, dtype: np.float64 }).dtype).toBe("float64");
    expect(np.arange(5, { dtype: np.float32 }).tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(np.arange(5, { dtype: np.float32 }).dtype).toBe("float32");
    expect(np.arange(1, 7, 2).tolist()).toEqual([1, 3, 5]);
    expect(np.arange(1, { stop: 7, step: 3 }).tolist()).toEqual([1, 4]);
    expect(np.zeros([2], np.int32).dtype).toBe("int32");
    expect(np.ones(2, { dtype: null }).dtype).toBe("float32");
    expect(np.full([2], 3, { dtype: np.uint32 }).tolist()).toEqual([3, 3]);
    expect(np.identity(2, np.int32).tolist()).toEqual([[1, 0], [0, 1]]);
    expect(np.array([1, 2], { dtype: np.int32 }).dtype).toBe("int32");
    expect(np.asarray([1, 2], np.int32).dtype).toBe("int32");
    expect(np.asarray([1, 2], { dtype: null }).dtype).toBe("float32");
    expect(np.emptyLike(np.ones([2]), np.uint32, [3]).shape).toEqual([3]);
    expect(np.emptyLike(np.ones([2]), { dtype: np.uint32 }).dtype).toBe("uint32");
  });
  it("shapes and joins: concatenate, stack, split, squeeze, repeat, flip, roll, sort, diagonal, trace, take, clip, round", () => {
    expect(np.concatenate([m(), m()], { axis: 1 }).shape).toEqual([2, 6]);
    expect(np.concatenate([m(), m()], { axis: null }).shape).toEqual([12]);
    expect(np.concatenate([m(), m()], { dtype: np.int32 }).dtype).toBe("int32");
    expect(np.stack([m(), m()], { axis: -1 }).shape).toEqual([2, 3, 2]);
    expect(np.split(np.arange(6), 3, { axis: 0 }).length).toBe(3);
    expect(np.squeeze(np.ones([1, 2, 1]), { axis: 0 }).shape).toEqual([2, 1]);
    expect(np.repeat(np.array([1, 2]), 2, { axis: 0 }).tolist()).toEqual([1, 1, 2, 2]);
    expect(np.flip(m(), { axis: 1 }).tolist()).toEqual([[3, 5, 1], [6, 2, 4]]);
    expect(np.roll(np.arange(4), 1, { axis: 0 }).tolist()).toEqual([3, 0, 1, 2]);
    expect(np.sort(m(), { axis: 0 }).tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(np.sort(m(), { axis: null }).tolist()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(np.sort(m(), { descending: true }).tolist()).toEqual([[5, 3, 1], [6, 4, 2]]);
    expect(np.argsort(m(), { axis: 1, stable: true }).tolist()).toEqual([[0, 2, 1], [1, 0, 2]]);
    expect(np.diagonal(m(), { offset: 1 }).tolist()).toEqual([5, 6]);
    expect(np.trace(m(), { offset: 1, dtype: np.int32 }).tolist()).toBe(11);
    expect(np.diag(np.array([1, 2]), { k: 1 }).shape).toEqual([3, 3]);
    expect(np.clip(m(), { min: 2, max: 4 }).tolist()).toEqual([[2, 4, 3], [4, 2, 4]]);
    expect(np.round(np.array([1.234]), { decimals: 2 }).tolist()).toEqual([Math.fround(1.23)]);
    expect(np.rot90(m(), { k: 2 }).tolist()).toEqual([[6, 2, 4], [3, 5, 1]]);
    expect(np.unstack(m(), { axis: 1 }).length).toBe(3);
    expect(np.transpose(m(), { axes: [1, 0] }).shape).toEqual([3, 2]);
    expect(np.expandDims(m(), { axis: 0 }).shape).toEqual([1, 2, 3]);
    expect(np.tril(np.ones([3, 3]), { k: -1 }).tolist()).toEqual([[0, 0, 0], [1, 0, 0], [1, 1, 0]]);
    expect(np.triu(np.ones([2, 2]), 1).tolist()).toEqual([[0, 1], [0, 0]]);
    expect(np.tri(2, { k: 1, dtype: np.int32 }).tolist()).toEqual([[1, 1], [1, 1]]);
    expect(np.tri(2, { k: 1, dtype: np.int32 }).dtype).toBe("int32");
    expect(m().astype(np.float64).dtype).toBe("float64");
    expect(np.astype(m(), np.int32).dtype).toBe("int32");
  });
  it("options forms under jit (twice), vmap and grad", () => {
    const f = jit((x: Array) => np.sum(x, { axis: 1, keepdims: true }).add(np.max(x, { axis: 1, keepdims: true })));
    expect(f(m()).tolist()).toEqual([[14], [18]]);
    expect(f(np.ones([2, 3])).tolist()).toEqual([[4], [4]]);
    expect(vmap((r: Array) => np.cumsum(r, { axis: 0 }))(m()).tolist()).toEqual([[1, 6, 9], [4, 6, 12]]);
    expect(grad((x: Array) => np.sum(np.square(x), { axis: null }))(np.array([1, 2])).tolist()).toEqual([2, 4]);
    expect(grad((x: Array) => np.mean(x, { axis: 0 }).sum())(np.ones([2, 2])).tolist()).toEqual([[0.5, 0.5], [0.5, 0.5]]);
  });
});

describe("random", () => {
  const k = random.key(0);
  it("shape and dtype positionally or as options give the same draws", () => {
    expect(random.normal(k, { shape: [3], dtype: np.float32 }).tolist()).toEqual(random.normal(k, [3]).tolist());
    expect(random.normal(k, [2], np.float64).dtype).toBe("float64");
    expect(random.uniform(k, { shape: [4], minval: 2, maxval: 3 }).tolist()).toEqual(random.uniform(k, [4], "float32", 2, 3).tolist());
    expect(random.randint(k, [3], 0, 10, np.int32).tolist()).toEqual(random.randint(k, [3], 0, 10, { dtype: "int32" }).tolist());
    expect(random.bernoulli(k, 0.5, { shape: [5] }).shape).toEqual([5]);
    expect(random.bernoulli(k, 0.3, [4], "high").tolist()).toEqual(random.bernoulli(k, 0.3, { shape: [4], mode: "high" }).tolist());
    expect(random.categorical(k, np.zeros([2, 3]), { axis: -1 }).shape).toEqual([2]);
    expect(random.categorical(k, np.zeros([3]), -1, [4]).shape).toEqual([4]);
    expect(random.permutation(k, 5, { axis: 0 }).tolist()).toEqual(random.permutation(k, 5).tolist());
    expect(random.choice(k, 5, { shape: [3], replace: false }).tolist()).toEqual(random.choice(k, 5, [3], false).tolist());
    expect(random.exponential(k, { shape: [2] }).tolist()).toEqual(random.exponential(k, [2]).tolist());
    expect(random.gamma(k, 2, { shape: [2], dtype: np.float64 }).dtype).toBe("float64");
    expect(random.clone(k)).toBe(k);
    expect(random.keyImpl(k)).toBe("threefry2x32");
  });
});

describe("nn", () => {
  const x = np.array([-2, -0.5, 0, 0.5, 2, 7]);
  it("options forms of softmax, logSoftmax, oneHot, gelu, leakyRelu, standardize", () => {
    expect(nn.softmax(np.zeros([2, 2]), { axis: 0 }).tolist()).toEqual([[0.5, 0.5], [0.5, 0.5]]);
    expect(nn.logSoftmax(np.zeros([2]), { axis: -1 }).tolist()).toEqual([-Math.fround(Math.LN2), -Math.fround(Math.LN2)]);
    // jax.nn.one_hot(jnp.array([0, 2]), 3, dtype=jnp.int32) == [[1, 0, 0], [0, 0, 1]]
    expect(nn.oneHot(np.array([0, 2], np.int32), 3, { dtype: np.int32 }).tolist()).toEqual([[1, 0, 0], [0, 0, 1]]);
    expect(nn.oneHot(np.array([0, 2], np.int32), 3, np.int32, 0).tolist()).toEqual([[1, 0], [0, 0], [0, 1]]);
    expect(nn.gelu(1, { approximate: false }).item()).toBeCloseTo(0.8413447, 6);
    expect(nn.leakyRelu(np.array([-1]), { negativeSlope: 0.2 }).tolist()).toEqual([Math.fround(-0.2)]);
    expect(nn.standardize(np.array([1, 3]), { epsilon: 0 }).tolist()).toEqual([-1, 1]);
  });
  it("the activations JAX has (values: jax 0.10.2 on [-2, -0.5, 0, 0.5, 2, 7])", () => {
    const close = (a: Array, want: number[]) => (a.tolist() as number[]).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    close(nn.elu(x), [-0.8646647334098816, -0.39346933364868164, 0, 0.5, 2, 7]);
    close(nn.elu(x, 0.5), [-0.4323323667049408, -0.19673466682434082, 0, 0.5, 2, 7]);
    close(nn.celu(x, { alpha: 2 }), [-1.264241099357605, -0.44239839911460876, 0, 0.5, 2, 7]);
    close(nn.selu(x), [-1.5201665163040161, -0.6917582154273987, 0, 0.5253505110740662, 2.1014020442962646, 7.354907035827637]);
    close(nn.hardSigmoid(x), [0.1666666716337204, 0.4166666865348816, 0.5, 0.5833333730697632, 0.8333333730697632, 1]);
    close(nn.hardSwish(x), [-0.3333333432674408, -0.2083333432674408, 0, 0.2916666865348816, 1.6666667461395264, 7]);
    close(nn.hardTanh(x), [-1, -0.5, 0, 0.5, 1, 1]);
    close(nn.relu6(x), [0, 0, 0, 0.5, 2, 6]);
    close(nn.softSign(x), [-0.6666666865348816, -0.3333333432674408, 0, 0.3333333432674408, 0.6666666865348816, 0.875]);
    expect(nn.identity(x)).toBe(x);
    const g = nn.glu(np.array([[1, 2, 3, 4]])).tolist() as number[][];
    g[0]!.forEach((v, i) => expect(v).toBeCloseTo([0.9525741338729858, 1.9640275239944458][i]!, 6));
  });
  it("gradients: relu6 and hardTanh as JAX (jax.grad values), under jit", () => {
    expect(grad((v: Array) => nn.relu6(v).sum())(np.array([-1, 0, 3, 6, 7])).tolist()).toEqual([0, 0, 1, 0, 0]);
    expect(jit(grad((v: Array) => nn.hardTanh(v).sum()))(np.array([-2, -1, 0, 1, 2])).tolist()).toEqual([0, 1, 1, 1, 0]);
  });
});

describe("lax", () => {
  it("broadcastShapes, empty, conj, convertElementType with a scalar type", () => {
    expect(lax.broadcastShapes([5, 1], [1, 4])).toEqual([5, 4]);
    expect(() => lax.broadcastShapes([3], [4])).toThrow("Incompatible shapes for broadcasting: shapes=[(3,), (4,)]");
    expect(lax.empty([2], np.int32).dtype).toBe("int32");
    // JAX: lax.conj of a real array is complex (conj_p's result dtype); jnp.conj keeps real data real.
    expect(lax.conj(np.array([1, -2])).tolist()).toEqual([{ re: 1, im: 0 }, { re: -2, im: 0 }]);
    expect(np.conj(np.array([1, -2])).tolist()).toEqual([1, -2]);
    expect(lax.convertElementType(np.array([1.7]), np.int32).tolist()).toEqual([1]);
    expect(lax.full([2], 1, np.float64).dtype).toBe("float64");
  });
});

describe("cheap missing names", () => {
  it("nn.dotProductAttention (jax 0.10.2: grouped heads, causal, scale), under jit", () => {
    const q = np.arange(2 * 3 * 2 * 4, undefined, undefined, np.float32).reshape([2, 3, 2, 4]).div(10);
    const k = np.cos(np.arange(2 * 5 * 1 * 4, undefined, undefined, np.float32)).reshape([2, 5, 1, 4]);
    const v = np.sin(np.arange(2 * 5 * 1 * 4, undefined, undefined, np.float32)).reshape([2, 5, 1, 4]);
    const close = (a: Array, want: number[]) => (a.tolist() as number[]).forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 5));
    const o = jit((a: Array, b: Array, c: Array) => nn.dotProductAttention(a, b, c))(q, k, v);
    expect(o.shape).toEqual([2, 3, 2, 4]);
    close(o.get(0, 1, 1), [-0.44259992241859436, -0.33886727690696716, 0.07641839981079102, 0.4214453399181366]);
    const q2 = np.arange(24, undefined, undefined, np.float32).reshape([3, 2, 4]).div(10);
    const k2 = np.cos(np.arange(24, undefined, undefined, np.float32)).reshape([3, 2, 4]);
    const v2 = np.sin(np.arange(24, undefined, undefined, np.float32)).reshape([3, 2, 4]);
    close(nn.dotProductAttention(q2, k2, v2, { isCausal: true }).get(2, 1), [-0.6425869464874268, -0.4116131067276001, 0.19779594242572784, 0.6253522634506226]);
    close(nn.dotProductAttention(q2, k2, v2, { isCausal: true, scale: 0.5 }).get(1, 0), [0.3118547797203064, 0.7061350345611572, 0.4511980712413788, -0.21856838464736938]);
  });
  it("lax.padtypeToPads (jax 0.10.2), np.float_", () => {
    expect(lax.padtypeToPads([5, 6], [3, 2], [2, 1], "SAME")).toEqual([[1, 1], [0, 1]]);
    expect(lax.padtypeToPads([5, 6], [3, 2], [2, 1], "VALID")).toEqual([[0, 0], [0, 0]]);
    expect(lax.padtypeToPads([4], [3], [1], "SAME_LOWER")).toEqual([[1, 1]]);
    expect(np.float_(1).dtype).toBe("float64");
  });
});

