// The jit pass pipeline: each rewrite checked on printed jaxprs, and jit(f) against eager f.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, jit, grad, makeJaxpr, debug, ClosedJaxpr } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { optimizeJaxpr } from "../../src/jit/optimize.js";
import { setPrintSink } from "../../src/debug/index.js";
import {
  Var, Literal, ShapedArray, makeJaxprValue, printJaxpr, typecheckJaxpr, cse, dce, simplify, foldConstants, IOTA_FOLD_LIMIT,
} from "../../jaxpr/index.js";
import type { Eqn, Jaxpr, ConstantEvaluator } from "../../jaxpr/index.js";

type Fn = (...args: never[]) => unknown;

/** The optimized jaxpr of `f` at `args`, typechecked. */
function optimized(f: Fn, ...args: unknown[]): ClosedJaxpr<unknown> {
  const traced = makeJaxpr(f)(...args);
  const out = optimizeJaxpr({ jaxpr: traced.jaxpr, consts: traced.consts });
  typecheckJaxpr(out.jaxpr);
  expect(out.consts.length).toBe(out.jaxpr.constvars.length);
  return new ClosedJaxpr(out.jaxpr, out.consts);
}
const printed = (f: Fn, ...args: unknown[]): string => String(optimized(f, ...args));
const primitives = (f: Fn, ...args: unknown[]): string[] => optimized(f, ...args).jaxpr.eqns.map((e) => e.primitive);

/** Values compared with Object.is per element, so -0 and 0 differ and NaN equals NaN. */
function sameValues(a: unknown, b: unknown): void {
  const flat = (x: unknown): number[] => [...(x as Array).dataSync()];
  const fa = flat(a);
  const fb = flat(b);
  expect(fa.length).toBe(fb.length);
  fa.forEach((v, i) => expect(Object.is(v, fb[i]), `element ${i}: ${String(v)} vs ${String(fb[i])}`).toBe(true));
  expect((a as Array).shape).toEqual((b as Array).shape);
  expect((a as Array).dtype).toBe((b as Array).dtype);
  expect((a as Array).weakType).toBe((b as Array).weakType);
}

/** jit(f) gives exactly eager f's values. */
function agrees(f: Fn, ...args: unknown[]): void {
  const eager = (f as (...a: unknown[]) => unknown)(...args);
  const jitted = (jit(f) as unknown as (...a: unknown[]) => unknown)(...args);
  if (globalThis.Array.isArray(eager)) (eager as unknown[]).forEach((e, i) => sameValues((jitted as unknown[])[i], e));
  else sameValues(jitted, eager);
}

const x23 = np.array([[1.5, -2, 3], [4, 5, -6.25]], { dtype: "float32" });
const x23d = np.array([[1.5, -2, 3], [4, 5, -6.25]], { dtype: "float64" });
const x234 = np.arange(0, 24, 1, { dtype: "float32" }).reshape([2, 3, 4]);

describe("algebraic simplification", () => {
  it("drops x*1, 1*x, x/1, x-0 and x+(-0) on floats", () => {
    const negZero = np.array(-0, { dtype: "float32" });
    const f = (x: Array) =>
      np.add(negZero, np.divide(np.subtract(np.add(np.multiply(1, np.multiply(x, 1)), negZero), 0), 1));
    expect(makeJaxpr(f)(x23).jaxpr.eqns.length).toBe(6);
    expect(printed(f, x23)).toBe("{ lambda ; a:f32[2,3]. let  in (a,) }");
    agrees(f, np.array([-0, 0, NaN, -Infinity], { dtype: "float32" }));
  });

  it("drops x+0, 0+x and x-0 on integers", () => {
    const f = (x: Array) => np.subtract(np.add(0, np.add(x, 0)), 0);
    const i = np.array([3, -4, 0], { dtype: "int32" });
    expect(makeJaxpr(f)(i).jaxpr.eqns.length).toBe(3);
    expect(printed(f, i)).toBe("{ lambda ; a:i32[3]. let  in (a,) }");
    agrees(f, i);
  });

  it("keeps float x+0.0 and x-(-0.0), which turn -0 into +0", () => {
    const negZero = np.array(-0, { dtype: "float32" });
    const f = (x: Array) => [np.add(x, 0), np.subtract(x, negZero)];
    expect(primitives(f, x23)).toEqual(["add", "sub"]);
    agrees(f, np.array([-0, 1], { dtype: "float32" }));
  });

  it("keeps x*0 (NaN and inf times 0 are NaN) and 0-x", () => {
    const f = (x: Array) => [np.multiply(x, 0), np.subtract(0, x)];
    expect(primitives(f, x23)).toEqual(["mul", "sub"]);
    agrees(f, np.array([Infinity, NaN, 2], { dtype: "float32" }));
  });

  it("keeps x+0 and x*1 when the constant broadcasts x to a larger shape", () => {
    const s = np.array(2.5, { dtype: "float32" });
    const zeros = (): Array => lax.broadcastInDim(np.array(0, { dtype: "float32" }), [2, 3], []);
    const ones = (): Array => lax.broadcastInDim(np.array(1, { dtype: "float32" }), [2, 3], []);
    const f = (x: Array) => lax.add(x, zeros());
    const g = (x: Array) => lax.mul(ones(), x);
    // The scalar op moves before the broadcast; x+0.0 stays (exact only for -0), x*1 goes.
    expect(primitives(f, s)).toEqual(["add", "broadcast_in_dim"]);
    expect(primitives(g, s)).toEqual(["broadcast_in_dim"]);
    // Both operands broadcast: only the literal one may become rank-0, and then the mul is a no-op.
    const h = (x: Array) => lax.mul(lax.broadcastInDim(x, [2, 3], []), ones());
    expect(printed(h, s)).toBe(
      "{ lambda ; a:f32[]. let\n    b:f32[2,3] = broadcast_in_dim[broadcast_dimensions=() shape=(2, 3)] a\n  in (b,) }",
    );
    agrees(f, s);
    agrees(g, s);
    agrees(h, s);
  });

  it("removes a double negation, leaving one neg of an odd chain", () => {
    expect(printed((x: Array) => np.negative(np.negative(x)), x23)).toBe("{ lambda ; a:f32[2,3]. let  in (a,) }");
    expect(primitives((x: Array) => np.negative(np.negative(np.negative(x))), x23)).toEqual(["neg"]);
    agrees((x: Array) => np.negative(np.negative(np.negative(x))), x23);
  });

  it("composes transposes and drops the identity", () => {
    expect(printed((x: Array) => np.transpose(np.transpose(x)), x23)).toBe("{ lambda ; a:f32[2,3]. let  in (a,) }");
    const f = (x: Array) => lax.transpose(lax.transpose(x, [1, 2, 0]), [1, 2, 0]);
    // out[i] = x[p[p[i]]]: (1,2,0) twice is (2,0,1).
    expect(printed(f, x234)).toBe(
      "{ lambda ; a:f32[2,3,4]. let\n    b:f32[4,2,3] = transpose[permutation=(2, 0, 1)] a\n  in (b,) }",
    );
    const g = (x: Array) => lax.transpose(lax.transpose(lax.transpose(x, [1, 0, 2]), [0, 2, 1]), [2, 1, 0]);
    expect(primitives(g, x234)).toEqual(["transpose"]);
    agrees(f, x234);
    agrees(g, x234);
  });

  it("merges reshape chains and drops same-shape reshapes, conversions and broadcasts", () => {
    const f = (x: Array) => lax.reshape(lax.reshape(x, [6, 4]), [4, 6]);
    expect(printed(f, x234)).toBe("{ lambda ; a:f32[2,3,4]. let b:f32[4,6] = reshape[new_sizes=(4, 6)] a in (b,) }");
    const g = (x: Array) =>
      lax.broadcastInDim(lax.convertElementType(lax.reshape(x, [2, 3]), "float32"), [2, 3], [0, 1]);
    expect(printed(g, x23)).toBe("{ lambda ; a:f32[2,3]. let  in (a,) }");
    agrees(f, x234);
    agrees(g, x23);
  });

  it("composes chained broadcasts, so a broadcast scalar reaches the op that uses it", () => {
    const y = np.ones([4, 3], { dtype: "float32" });
    const f = (v: Array, m: Array) => lax.mul(lax.broadcastInDim(lax.broadcastInDim(v, [4], [0]), [4, 3], [0]), m);
    const g = (m: Array) => lax.mul(lax.broadcastInDim(lax.broadcastInDim(np.array(0.5, { dtype: "float32" }), [4], []), [4, 3], [0]), m);
    const v = np.array([1, 2, 3, 4], { dtype: "float32" });
    expect(printed(f, v, y)).toBe(
      "{ lambda ; a:f32[4] b:f32[4,3]. let\n    c:f32[4,3] = broadcast_in_dim[broadcast_dimensions=(0,) shape=(4, 3)] a\n    d:f32[4,3] = mul c b\n  in (d,) }",
    );
    expect(printed(g, y)).toBe("{ lambda ; a:f32[4,3]. let b:f32[4,3] = mul 0.5:f32[] a in (b,) }");
    agrees(f, v, y);
    agrees(g, y);
  });

  it("keeps conversions that change the dtype, drops those that change only the weak type", () => {
    expect(primitives((x: Array) => lax.convertElementType(x, "int32"), x23)).toEqual(["convert_element_type"]);
    const toWeak = (x: Array) => lax.convertElementType(x, "float32", true);
    expect(primitives(toWeak, x23)).toEqual([]);
    agrees(toWeak, x23); // the jitted output is still weakly typed
    const s = (x: Array, y: number) => np.multiply(x, y);
    expect(String(makeJaxpr(s)(x23, 0.5))).toContain("convert_element_type");
    expect(printed(s, x23, 0.5)).toBe("{ lambda ; a:f32[2,3] b:f32[]. let c:f32[2,3] = mul a b in (c,) }");
    agrees(s, x23, 0.5);
  });

  it("computes an elementwise op on broadcast scalars once, then broadcasts it", () => {
    const v = np.array([1, 2, 3, 4], { dtype: "float32" });
    const f = (x: Array) => np.add(x, np.exp(np.zeros([4])));
    expect(makeJaxpr(f)(v).jaxpr.eqns.map((e) => e.primitive)).toEqual(["broadcast_in_dim", "exp", "add"]);
    expect(printed(f, v)).toBe("{ lambda ; a:f32[4]. let b:f32[4] = add a 1.0:f32[] in (b,) }");
    const s = np.array(0.25, { dtype: "float32" });
    const g = (x: Array, t: Array) => np.multiply(x, np.sin(lax.broadcastInDim(t, [4], [])));
    expect(printed(g, v, s)).toBe("{ lambda ; a:f32[4] b:f32[]. let c:f32[] = sin b; d:f32[4] = mul a c in (d,) }");
    agrees(f, v);
    agrees(g, v, s);
  });

  it("uses a broadcast scalar literal directly in an elementwise op", () => {
    const f = (x: Array) => np.add(x, np.full([2, 3], 2));
    expect(makeJaxpr(f)(x23).jaxpr.eqns.map((e) => e.primitive)).toEqual(["broadcast_in_dim", "add"]);
    expect(printed(f, x23)).toBe("{ lambda ; a:f32[2,3]. let b:f32[2,3] = add a 2.0:f32[] in (b,) }");
    agrees(f, x23);
  });

  it("uses a broadcast rank-0 variable directly, including a broadcast one that then simplifies", () => {
    const s = np.array(3, { dtype: "float32" });
    const f = (x: Array, y: Array) => lax.mul(x, lax.broadcastInDim(y, [2, 3], []));
    expect(primitives(f, x23, s)).toEqual(["mul"]);
    const g = (x: Array) => lax.mul(lax.broadcastInDim(np.array(1, { dtype: "float32" }), [2, 3], []), x);
    expect(printed(g, x23)).toBe("{ lambda ; a:f32[2,3]. let  in (a,) }");
    agrees(f, x23, s);
  });

  it("picks the case of select_n with a literal predicate", () => {
    const y = np.ones([2, 3], { dtype: "float32" });
    expect(printed((a: Array, b: Array) => lax.select(true, a, b), x23, y)).toBe(
      "{ lambda ; a:f32[2,3] b:f32[2,3]. let  in (a,) }",
    );
    expect(printed((a: Array, b: Array) => lax.select(false, a, b), x23, y)).toBe(
      "{ lambda ; a:f32[2,3] b:f32[2,3]. let  in (b,) }",
    );
    const p = np.array(true);
    expect(primitives((q: Array, a: Array, b: Array) => lax.select(q, a, b), p, x23, y)).toEqual(["select_n"]);
    agrees((a: Array, b: Array) => lax.select(false, np.sin(a), b), x23, y);
  });
});

describe("constant folding", () => {
  it("folds arithmetic on literals into one literal", () => {
    const f = (x: Array) => np.add(x, np.multiply(np.array(2), 3));
    expect(makeJaxpr(f)(x23).jaxpr.eqns.length).toBe(3);
    expect(printed(f, x23)).toBe("{ lambda ; a:f32[2,3]. let b:f32[2,3] = add a 6.0:f32[] in (b,) }");
    agrees(f, x23);
  });

  it("folds a scalar output into a literal output", () => {
    const f = () => np.exp(np.array(1, { dtype: "float64" }));
    expect(printed(f)).toBe(`{ lambda ; . let  in (${Math.E}:f64[],) }`);
    agrees(f);
  });

  it("folds operations on constants into new constants no larger than their operands", () => {
    const c = np.array([[1, 2, 3], [4, 5, 6]], { dtype: "float32" });
    const f = (x: Array) => np.add(x, np.transpose(np.multiply(c, 2)));
    const j = optimized(f, np.ones([3, 2], { dtype: "float32" }));
    expect(j.jaxpr.eqns.map((e) => e.primitive)).toEqual(["add"]);
    expect(j.consts.length).toBe(1);
    expect((j.consts[0] as Array).tolist()).toEqual([[2, 8], [4, 10], [6, 12]]);
    agrees(f, np.ones([3, 2], { dtype: "float32" }));
  });

  it("never materialises a broadcast larger than its operands, nor an iota beyond IOTA_FOLD_LIMIT", () => {
    const f = () => [np.full([1000], 2.5), lax.iota("int32", IOTA_FOLD_LIMIT + 1)];
    const j = optimized(f);
    expect(j.jaxpr.eqns.map((e) => e.primitive).sort()).toEqual(["broadcast_in_dim", "iota"]);
    expect(j.consts.length).toBe(0);
    agrees(f);
  });

  it("folds an iota up to IOTA_FOLD_LIMIT, and the masks computed from iotas alone (tril, triu, eye)", () => {
    const x = np.reshape(np.arange(256 * 256, { dtype: "float32" }), [256, 256]);
    const f = (a: Array) => np.add(np.tril(a), np.multiply(np.triu(a, 1), np.eye(256)));
    const j = optimized(f, x);
    // No iota and no comparison left: the masks are constants.
    const mask = new Set(["iota", "ge", "le", "gt", "lt", "eq"]);
    expect(j.jaxpr.eqns.map((e) => e.primitive).filter((p) => mask.has(p))).toEqual([]);
    expect(j.consts.every((c) => (c as Array).size <= IOTA_FOLD_LIMIT)).toBe(true);
    agrees(f, x);
    const g = jit(f);
    sameValues(g(x), f(x));
    sameValues(g(np.negative(x)), f(np.negative(x)));
    // At the limit exactly: 256 x 256 folds; one more row does not.
    expect(optimized((a: Array) => np.tril(a), np.ones([257, 256])).jaxpr.eqns.some((e) => e.primitive === "iota")).toBe(true);
  });

  it("leaves equations alone when the evaluator cannot evaluate them", () => {
    const a = new Var(new ShapedArray([], "float32"));
    const eqn: Eqn = Object.freeze({
      primitive: "sin",
      invars: [Literal.scalar(1, "float32")],
      params: {},
      outvars: [a],
    }) as Eqn;
    const jaxpr = makeJaxprValue({ constvars: [], invars: [], eqns: [eqn], outvars: [a] });
    const refuse: ConstantEvaluator = { evaluate: () => null, scalar: () => 0 };
    const program = { jaxpr, consts: [] };
    expect(foldConstants(program, refuse)).toBe(program);
    const constant: ConstantEvaluator = { evaluate: () => ["v"], scalar: () => 0.25 };
    expect(printJaxpr(foldConstants(program, constant).jaxpr)).toBe("{ lambda ; . let  in (0.25:f32[],) }");
  });
});

describe("common-subexpression elimination", () => {
  it("merges duplicate equations, then the expressions they feed", () => {
    const f = (x: Array) => np.add(np.cos(np.sin(x)), np.cos(np.sin(x)));
    expect(primitives(f, x23d)).toEqual(["sin", "cos", "add"]);
    agrees(f, x23d);
  });

  it("merges what simplification makes equal", () => {
    const f = (x: Array) => np.multiply(np.sin(np.multiply(x, 1)), np.sin(x));
    expect(primitives(f, x23d)).toEqual(["sin", "mul"]);
    agrees(f, x23d);
  });

  it("keeps equations whose params or literal operands differ", () => {
    expect(primitives((x: Array) => [np.sum(x, 0), np.sum(x, 1)], x23)).toEqual(["reduce_sum", "reduce_sum"]);
    expect(primitives((x: Array) => [np.multiply(x, 2), np.multiply(x, 3)], x23)).toEqual(["mul", "mul"]);
    // 0.0 and -0.0 are different literals: x*0 and x*(-0) differ in sign.
    const f = (x: Array) => [np.multiply(x, 0), np.multiply(x, np.array(-0, { dtype: "float32" }))];
    expect(primitives(f, x23)).toEqual(["mul", "mul"]);
    agrees(f, x23);
  });

  it("merges calls carrying the same jaxpr object and their duplicated constants", () => {
    const c = np.array([1, 2, 3], { dtype: "float32" });
    const g = jit((x: Array) => np.sin(np.add(x, c)));
    const f = (x: Array) => np.add(g(x), g(x));
    const traced = makeJaxpr(f)(c);
    expect(traced.jaxpr.eqns.map((e) => e.primitive)).toEqual(["pjit", "pjit", "add"]);
    // By identity, before inlining.
    const merged = cse({ jaxpr: traced.jaxpr, consts: traced.consts });
    expect(dce(merged.jaxpr).eqns.map((e) => e.primitive)).toEqual(["pjit", "add"]);
    // After inlining, each call site brought its own copy of the constant; they become one.
    const j = optimized(f, c);
    expect(j.jaxpr.eqns.map((e) => e.primitive)).toEqual(["add", "sin", "add"]);
    expect(j.consts.length).toBe(1);
    expect(j.consts[0]).toBe(c);
    agrees(f, c);
  });

  it("never merges or drops effectful equations", () => {
    const callback = (): void => {};
    const x = new Var(new ShapedArray([3], "float32"));
    const debugEqn = (): Eqn => Object.freeze({ primitive: "debug_callback", invars: [x], params: { callback }, outvars: [] }) as Eqn;
    const jaxpr: Jaxpr = makeJaxprValue({ constvars: [], invars: [x], eqns: [debugEqn(), debugEqn()], outvars: [x] });
    const after = dce(simplify(cse({ jaxpr, consts: [] }).jaxpr));
    expect(after.eqns.map((e) => e.primitive)).toEqual(["debug_callback", "debug_callback"]);
  });

  it("keeps every debug.print inside jit, with the values of the run", () => {
    const lines: string[] = [];
    setPrintSink((l) => lines.push(l));
    try {
      const f = (x: Array) => {
        debug.print("x={}", np.multiply(x, 1));
        debug.print("x={}", np.multiply(x, 1));
        return np.negative(np.negative(x));
      };
      const v = np.array([1, 2], { dtype: "float32" });
      expect(primitives(f, v)).toEqual(["debug_callback", "debug_callback"]);
      sameValues(jit(f)(v), v);
      // str() of the array, as JAX's debug.print formats values.
      expect(lines).toEqual(["x=[1. 2.]", "x=[1. 2.]"]);
    } finally {
      setPrintSink(null);
    }
  });
});

describe("the pipeline", () => {
  it("shrinks a gradient program and keeps its values", () => {
    const f = (w: Array, x: Array) => np.sum(np.tanh(np.add(np.matmul(x, w), 1)));
    const w = np.array([[0.5, -1], [2, 0.25], [-0.75, 1.5]], { dtype: "float64" });
    const gradF = grad(f);
    const traced = makeJaxpr(gradF)(w, x23d);
    const j = optimized(gradF, w, x23d);
    expect(j.jaxpr.eqns.length).toBeLessThan(traced.jaxpr.eqns.length);
    agrees(gradF, w, x23d);
  });

  it("returns the program unchanged in meaning when nothing applies", () => {
    const f = (x: Array, y: Array) => np.matmul(np.exp(x), y);
    expect(primitives(f, x23, np.ones([3, 2], { dtype: "float32" }))).toEqual(["exp", "dot_general"]);
  });
});
