// Named-axis collectives under vmap (axisName) and pmap: values from JAX 0.10.2 (JAX_ENABLE_X64=1,
// test/vmap/collectivesValues.ts), against loops where a loop can express them, under jit inside
// and outside the vmap (twice, for scratch reuse), jvp and grad to second order, and JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, vmap, pmap, jit, grad, jvp, makeJaxpr, localDeviceCount, customJvp, jet } from "../../src/index.js";
import type { Array, ClosedJaxpr } from "../../src/index.js";
import type { ArrayImpl } from "../../src/core/array.js";
import { jaxprAsFun } from "../../src/core/evalJaxpr.js";
import { runCompiled } from "../../src/jit/compile.js";
import { checkGrads } from "../util/checkGrads.js";
import { JAX } from "./collectivesValues.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });
const list = (x: Array): unknown => x.tolist();
const close = (x: Array, want: unknown, tol = 1e-12): void => {
  expect(x.dtype).toBe("float64");
  const a = (x.ravel().tolist() as number[]);
  const b = (np.array(want as number[], { dtype: "float64" }).ravel().tolist() as number[]);
  expect(x.shape).toEqual(np.array(want as number[]).shape);
  a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i]!))));
};
const V = <F extends (...a: never[]) => unknown>(f: F, opts: { inAxes?: number } = {}) => vmap(f, { axisName: "i", ...opts });

// x = arange(12).reshape(3, 4) * [1, -2, 0.5, 3], as in the JAX script.
const x = np.multiply(np.arange(12, undefined, undefined, { dtype: "float64" }).reshape([3, 4]), f64([1, -2, 0.5, 3]));
const ar = (n: number, shape: number[]): Array => np.arange(n, undefined, undefined, { dtype: "float64" }).reshape(shape);
const rotate: [number, number][] = [[0, 1], [1, 2], [2, 0]];

/** Each case: the vmapped function, its argument, and the JAX value's key. */
const CASES: [string, (a: Array) => Array, () => Array][] = [
  ["psum", V((v: Array) => lax.psum(v, "i")), () => x],
  ["pmean", V((v: Array) => lax.pmean(v, "i")), () => x],
  ["pmax", V((v: Array) => lax.pmax(v, "i")), () => x],
  ["pmin", V((v: Array) => lax.pmin(v, "i")), () => x],
  ["axis_index", V((v: Array) => np.multiply(v, lax.axisIndex("i"))), () => x],
  ["psum_in1", V((v: Array) => lax.psum(v, "i"), { inAxes: 1 }), () => x],
  ["ag0", V((v: Array) => lax.allGather(v, "i")), () => x],
  ["ag1", V((v: Array) => lax.allGather(v, "i", { axis: 1 })), () => x],
  ["agt", V((v: Array) => lax.allGather(v, "i", { tiled: true })), () => x],
  ["pperm", V((v: Array) => lax.ppermute(v, "i", rotate)), () => x],
  ["a2a_t", V((v: Array) => lax.allToAll(v, "i", 0, 0)), () => ar(9, [3, 3])],
  ["a2a_01", V((v: Array) => lax.allToAll(v, "i", 0, 1)), () => ar(18, [3, 3, 2])],
  ["a2a_10", V((v: Array) => lax.allToAll(v, "i", 1, 0)), () => ar(18, [3, 2, 3])],
  ["a2a_tiled", V((v: Array) => lax.allToAll(v, "i", 1, 0, { tiled: true })), () => ar(36, [3, 2, 6])],
  ["ps0", V((v: Array) => lax.psumScatter(v, "i")), () => ar(18, [3, 3, 2])],
  ["ps1t", V((v: Array) => lax.psumScatter(v, "i", { scatterDimension: 1, tiled: true })), () => ar(36, [3, 2, 6])],
  ["nested_ij", vmap(vmap((v: Array) => lax.psum(v, ["i", "j"]), { axisName: "j" }), { axisName: "i" }), () => ar(24, [2, 3, 4])],
  ["nested_i", vmap(vmap((v: Array) => lax.psum(v, "i"), { axisName: "j" }), { axisName: "i" }), () => ar(24, [2, 3, 4])],
  [
    "nested_idx",
    vmap(vmap((v: Array) => np.add(np.multiply(v, 0), np.add(np.multiply(lax.axisIndex("i"), 10), lax.axisIndex("j"))), { axisName: "j" }), { axisName: "i" }),
    () => ar(24, [2, 3, 4]),
  ],
  ["nested_ag", vmap(vmap((v: Array) => lax.allGather(v, "i"), { axisName: "j" }), { axisName: "i" }), () => ar(24, [2, 3, 4])],
  ["nested_a2a", vmap(vmap((v: Array) => lax.allToAll(v, "i", 0, 0), { axisName: "j" }), { axisName: "i" }), () => ar(24, [2, 3, 2, 2])],
  ["nested_ps", vmap(vmap((v: Array) => lax.psumScatter(v, "i", { scatterDimension: 1 }), { axisName: "j" }), { axisName: "i" }), () => ar(48, [2, 3, 4, 2])],
  ["nested_pp", vmap(vmap((v: Array) => lax.ppermute(v, "j", rotate), { axisName: "j" }), { axisName: "i" }), () => ar(24, [2, 3, 4])],
];

describe("collectives under vmap: values from JAX 0.10.2", () => {
  for (const [key, f, arg] of CASES) {
    it(`${key}: eager, jit outside the vmap (twice)`, () => {
      close(f(arg()), JAX[key]);
      const jf = jit(f);
      close(jf(arg()), JAX[key]);
      close(jf(arg()), JAX[key]);
    });
  }

  it("psum, pmean, pmax and pmin take pytrees (gradients averaged over the batch)", () => {
    const out = V((v: Array) => lax.pmean({ w: v, b: [np.sum(v), 2] }, "i"))(x);
    close(out.w, JAX.pmean);
    // The mean of the row sums: sum(x) / 3 = 18 for every example.
    close(out.b[0]!, [18, 18, 18]);
    expect(out.b[1]!.tolist()).toEqual([2, 2, 2]);
    const m = V((v: Array) => lax.pmax([v, np.negative(v)], "i"))(x);
    close(m[0]!, JAX.pmax);
    close(np.negative(m[1]!), JAX.pmin);
  });

  it("batch-norm statistics via pmean", () => {
    const bn = (v: Array): Array => {
      const m = lax.pmean(v, "i");
      const c = np.subtract(v, m);
      return np.divide(c, np.sqrt(np.add(lax.pmean(np.square(c), "i"), 1e-5)));
    };
    close(V(bn)(x), JAX.bn, 1e-10);
    close(jit(V(bn))(x), JAX.bn, 1e-10);
  });
});

describe("collectives compose with jit inside the vmap, jvp and grad", () => {
  it("jit inside the vmap (twice), including an operand the vmap does not batch", () => {
    const inner = jit((v: Array) => lax.psum(v, "i"));
    close(V((v: Array) => inner(v))(x), JAX.psum);
    close(V((v: Array) => inner(v))(x), JAX.psum);
    const gather = jit((v: Array) => lax.allGather(v, "i", { axis: 1 }));
    close(V((v: Array) => gather(v))(x), JAX.ag1);
    // No operand batched: the pjit still reaches the axis (psum of a constant is the axis size).
    const count = jit(() => lax.psum(np.array(1, { dtype: "float64" }), "i"));
    expect(list(V((_v: Array) => count())(x))).toEqual([3, 3, 3]);
    expect(list(V((_v: Array) => jit(() => lax.axisIndex("i"))())(x))).toEqual([0, 1, 2]);
    // The same jitted function under axes of other sizes retraces (the size is in the program).
    expect(list(vmap((_v: Array) => count(), { axisName: "i" })(f64([1, 2])))).toEqual([2, 2]);
  });

  it("customJvp bodies see the axis; an unbatched one under jit inside the vmap is refused, not looped", () => {
    const total = customJvp((c: Array) => lax.psum(c, "i"));
    total.defjvp(([c], [t]) => [lax.psum(c!, "i"), lax.psum(t!, "i")] as [Array, Array]);
    const one = f64(1);
    const xs = f64([1, 2, 3]);
    expect(list(V((v: Array) => np.add(v, total(one)))(xs))).toEqual([4, 5, 6]);
    expect(list(V((v: Array) => jit((u: Array) => total(u))(v))(xs))).toEqual([6, 6, 6]);
    // JAX's convention (psum transposes to psum): psum(v) + psum(v) = 12 per example, as
    // vmap(grad(lambda v: psum(v, "i") * v), axis_name="i") in JAX 0.10.2.
    expect(list(V(grad((v: Array) => np.multiply(total(v), v)))(xs))).toEqual([12, 12, 12]);
    expect(list(V(grad((v: Array) => np.multiply(lax.psum(v, "i"), v)))(xs))).toEqual([12, 12, 12]);
    expect(() => V((v: Array) => np.add(v, jit(() => total(one))()))(xs)).toThrow(/NotImplementedError|not supported/);
  });

  it("jet inside the vmap: the linear collectives' Taylor terms are the collectives of the terms", () => {
    // f(v) = psum(v) * allGather(v)[1]: linear terms, so its second-order term is 2 psum(t) allGather(t)[1].
    const t = np.cos(x);
    const h = (v: Array): Array => np.multiply(lax.psum(v, "i"), lax.allGather(v, "i").get(1));
    const [y, [first, secondTerm]] = V((v: Array, dv: Array) => {
      const [p, terms] = jet(h, [v], [[dv, np.zerosLike(dv)]]);
      return [p, terms] as [Array, Array[]];
    })(x, t) as unknown as [Array, Array[]];
    close(y, V(h)(x).tolist(), 1e-12);
    close(first!, jvp(V(h), [x], [t])[1].tolist(), 1e-12);
    close(secondTerm!, np.multiply(2, V(h)(t)).tolist(), 1e-12);
  });

  it("scan and cond bodies see the axis", () => {
    const cumulative = V((v: Array) => lax.scan((c: Array, r: Array) => [np.add(c, lax.psum(r, "i")), c] as [Array, Array], np.zeros([], { dtype: "float64" }), v)[0]);
    const want = (JAX.psum as number[][])[0]!.reduce((a, b) => a + b, 0);
    close(cumulative(x), [want, want, want]);
    const branch = V((v: Array) => lax.cond(np.greater(lax.axisIndex("i"), 0), (u: Array) => lax.pmax(u, "i"), (u: Array) => np.negative(u), v));
    const got = branch(x).tolist() as number[][];
    expect(got[0]).toEqual((x.tolist() as number[][])[0]!.map((e) => -e));
    expect(got[1]).toEqual((JAX.pmax as number[][])[0]);
  });

  it("grad inside the vmap: JAX's values (psum transposes to psum, all_gather to psum_scatter)", () => {
    const f = (v: Array): Array => np.sum(np.multiply(np.sin(lax.psum(np.multiply(v, v), "i")), lax.allGather(v, "i").get(0)));
    close(V(grad(f))(x), JAX.grad_inside, 1e-10);
    close(jit(V(grad(f)))(x), JAX.grad_inside, 1e-10);
    close(V(jit(grad(f)))(x), JAX.grad_inside, 1e-10);
    // JAX 0.10: vmap(grad(x => psum(x, "i")), axis_name="i") is the axis size everywhere.
    expect(list(V(grad((v: Array) => lax.psum(v, "i")))(f64([1, 2, 3, 4])))).toEqual([4, 4, 4, 4]);
  });

  it("grad outside the vmap: JAX's values", () => {
    const g = grad((xs: Array) => np.sum(V((v: Array) => np.multiply(np.sin(lax.psum(np.multiply(v, v), "i")), lax.ppermute(v, "i", rotate)))(xs)));
    close(g(x), JAX.grad_outside, 1e-10);
    close(jit(g)(x), JAX.grad_outside, 1e-10);
  });

  it("jvp of a vmapped collective matches the vmapped jvp", () => {
    const g = (u: Array): Array => np.multiply(np.sum(lax.pmean(np.sin(u), "i")), lax.allToAll(np.tile(np.square(u), [3]), "i", 0, 0, { tiled: true }));
    const t = np.cos(x);
    const [, outer] = jvp(V(g), [x], [t]);
    const inner = V((v: Array, dv: Array) => jvp(g, [v], [dv])[1]);
    close(inner(x, t), outer.tolist(), 1e-12);
    close(jit(inner)(x, t), outer.tolist(), 1e-12);
    // Against finite differences of the vmapped function.
    const eps = 1e-6;
    const fd = np.divide(np.subtract(V(g)(np.add(x, np.multiply(t, eps))), V(g)(np.subtract(x, np.multiply(t, eps)))), 2 * eps);
    close(outer, fd.tolist(), 1e-6);
  });

  /** Per-example functions; each is checked vmapped, and with grad taken inside the vmap. */
  const second: [string, (v: Array) => Array][] = [
    ["psum", (v) => np.sin(lax.psum(np.multiply(v, v), "i"))],
    ["pmean", (v) => np.multiply(v, lax.pmean(np.exp(v), "i"))],
    ["pmax", (v) => np.multiply(np.sin(v), lax.pmax(np.multiply(v, v), "i"))],
    ["pmin", (v) => np.multiply(np.cos(v), lax.pmin(np.sin(v), "i"))],
    ["all_gather", (v) => np.sin(lax.allGather(np.multiply(v, v), "i", { axis: 1 }))],
    ["ppermute", (v) => np.multiply(v, lax.ppermute(np.sin(v), "i", [[0, 2], [2, 1]]))],
    ["all_to_all", (v) => np.sin(lax.allToAll(np.outer(v, v).get(":3"), "i", 0, 1))],
    ["psum_scatter", (v) => np.sin(lax.psumScatter(np.outer(v, v).get(":3"), "i", { scatterDimension: 0 }))],
    ["axis_index", (v) => np.multiply(np.sin(v), lax.axisIndex("i"))],
  ];
  const small = np.divide(x, 10);
  for (const [name, h] of second) {
    it(`checkGrads order 2 (float64) of the vmapped function, and of grad inside the vmap: ${name}`, () => {
      checkGrads(V(h), [small], 2);
      // grad inside the vmap runs the collective's own JVP and transpose rules.
      checkGrads(V(grad((v: Array) => np.sum(np.square(h(v))))), [small], 1);
    });
  }
});

describe("collectives: vmap against a loop", () => {
  it("psum, pmean, allGather, ppermute and psumScatter match loops over the examples", () => {
    const rows = [0, 1, 2].map((i) => x.get(i));
    const total = rows.reduce((a, b) => np.add(a, b));
    const f = V((v: Array) => np.add(np.multiply(lax.psum(v, "i"), 2), lax.pmean(np.square(v), "i")));
    const meanSq = np.divide(rows.map((r) => np.square(r)).reduce((a, b) => np.add(a, b)), 3);
    rows.forEach((_, i) => expect(f(x).get(i).tolist()).toEqual(np.add(np.multiply(total, 2), meanSq).tolist()));
    const stacked = np.stack(rows);
    expect(list(V((v: Array) => lax.allGather(v, "i"))(x).get(1))).toEqual(stacked.tolist());
    const perm: [number, number][] = [[0, 2], [2, 1]];
    const permuted = V((v: Array) => lax.ppermute(v, "i", perm))(x);
    // Example 0 is no destination: zeros; 2 receives 0's value; 1 receives 2's.
    expect(list(permuted)).toEqual([np.zeros([4]).tolist(), rows[2]!.tolist(), rows[0]!.tolist()]);
    const y = ar(18, [3, 3, 2]);
    const summed = [0, 1, 2].map((i) => y.get(i)).reduce((a, b) => np.add(a, b));
    expect(list(V((v: Array) => lax.psumScatter(v, "i"))(y))).toEqual([0, 1, 2].map((j) => summed.get(j).tolist()));
  });
});

describe("collectives: errors", () => {
  it("an unbound axis name is JAX's NameError, eager, under jit and under another vmap", () => {
    const calls: (() => unknown)[] = [
      () => lax.psum(x, "i"),
      () => jit((v: Array) => lax.pmean(v, "i"))(x),
      () => vmap((v: Array) => lax.allGather(v, "j"), { axisName: "i" })(x),
      () => vmap((v: Array) => lax.axisIndex("i"))(x),
      () => lax.axisSize("k"),
    ];
    for (const call of calls) {
      expect(call).toThrow(expect.objectContaining({ name: "NameError", message: expect.stringMatching(/^unbound axis name: [ijk]$/) }) as Error);
    }
  });

  it("a jaxpr holding a collective, evaluated outside its axis, raises NameError (eval and compiled)", () => {
    // The vmap rewrites its collectives: none is left in the jaxpr of the vmapped function.
    const rewritten = makeJaxpr(vmap((v: Array) => jit((u: Array) => lax.psum(u, "i"))(v), { axisName: "i" }))(x);
    expect(rewritten.jaxpr.eqns.some((e) => e.primitive === "psum")).toBe(false);
    // A jaxpr staged inside the vmap keeps its psum; run outside, the name is unbound.
    let staged: ClosedJaxpr<Array> | null = null;
    V((v: Array) => {
      staged = makeJaxpr((u: Array) => lax.psum(u, "i"))(v);
      return v;
    })(x);
    expect(staged!.jaxpr.eqns.map((e) => e.primitive)).toEqual(["psum"]);
    const unbound = expect.objectContaining({ name: "NameError", message: "unbound axis name: i" }) as Error;
    expect(() => jaxprAsFun(staged!)(x.get(0))).toThrow(unbound);
    expect(() => runCompiled(staged!, [x.get(0) as ArrayImpl])).toThrow(unbound);
  });

  it("ppermute refuses a bad permutation, and the shape rules JAX's sizes", () => {
    expect(() => V((v: Array) => lax.ppermute(v, "i", [[0, 1], [0, 2]]))(x)).toThrow("ppermute sources and destinations must be unique, got ((0, 1), (0, 2)).");
    expect(() => V((v: Array) => lax.ppermute(v, "i", [[0, 7]]))(x)).toThrow(/ppermute perm entries must be pairs of indices into axis i of size 3/);
    expect(() => V((v: Array) => lax.allToAll(v, "i", 0, 0))(x)).toThrow("all_to_all requires the size of the mapped axis axis_name to equal x.shape[split_axis], but they are 3 and 4 respectively.");
    expect(() => V((v: Array) => lax.psumScatter(v, "i"))(x)).toThrow("reduce_scatter operand scatter dimension size 4 must match shard count 3");
    expect(() => V((v: Array) => lax.psumScatter(v, "i", { tiled: true }))(x)).toThrow("tiled reduce_scatter operand scatter dimension size 4 must be divisible by shard_count 3");
  });
});

describe("pmap", () => {
  it("maps over as many devices as there are (one on the JS backend), with vmap's values under jit", () => {
    expect(localDeviceCount()).toBe(1);
    const one = f64([[1, 2, 3]]);
    const f = pmap((v: Array) => np.add(lax.psum(v, "i"), lax.axisIndex("i")), { axisName: "i" });
    expect(list(f(one))).toEqual([[1, 2, 3]]);
    expect(list(f(one))).toEqual([[1, 2, 3]]);
    expect(list(pmap((v: Array, w: Array) => np.multiply(v, w), { inAxes: [0, null] })(one, f64(2)))).toEqual([[2, 4, 6]]);
  });

  it("refuses a mapped axis larger than the device count with JAX's error", () => {
    expect(() => pmap((v: Array) => v)(np.ones([2, 3]))).toThrow("compiling computation that requires 2 logical devices, but only 1 XLA devices are available (num_replicas=2)");
  });
});
