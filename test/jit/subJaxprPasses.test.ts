// The jit pass pipeline inside control flow: the bodies of scan, while and cond (and control
// flow nested in them) come out of jit(f).lower() with nested jits inlined, x*1 dropped, repeated
// subexpressions merged, constants folded and dead code gone, their signatures unchanged, the
// traced bodies untouched; and jit(f) still computes eager f's values and derivatives.
import { describe, expect, it, beforeEach, afterEach } from "vitest";
import { numpy as np, lax, jit, grad, jvp, debug } from "../../src/index.js";
import type { Array, ClosedJaxpr } from "../../src/index.js";
import { Literal, subJaxprs, typecheckJaxpr } from "../../jaxpr/index.js";
import type { Eqn, Jaxpr } from "../../jaxpr/index.js";
import { checkGrads } from "../util/checkGrads.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });
const f32 = (v: unknown): Array => np.array(v as number[], { dtype: "float32" });
const i32 = (v: unknown): Array => np.array(v as number[], { dtype: "int32" });
const flat = (x: unknown): number[] => [...(x as Array).dataSync()];
const close = (a: unknown, b: unknown, tol = 1e-12): void => {
  const fa = [a].flat(Infinity) as number[];
  const fb = [b].flat(Infinity) as number[];
  expect(fa.length).toBe(fb.length);
  fa.forEach((x, i) => expect(Math.abs(x - fb[i]!), `element ${i}: ${x} vs ${fb[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(fb[i]!))));
};

type ControlName = "cond" | "while" | "scan";

/** The first equation of `prim` in `jaxpr`, searching carried jaxprs depth first. */
function findEqn(jaxpr: Jaxpr, prim: ControlName): Eqn {
  const search = (j: Jaxpr): Eqn | undefined => {
    for (const e of j.eqns) {
      if (e.primitive === prim) return e;
      for (const s of subJaxprs(e)) {
        const found = search(s);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  const eqn = search(jaxpr);
  if (eqn === undefined) throw new Error(`no ${prim} equation in the jaxpr`);
  return eqn;
}

/** The closed jaxprs a control-flow equation carries, in params order. */
function carried(eqn: Eqn): ClosedJaxpr<unknown>[] {
  const p = eqn.params as Record<string, unknown>;
  if (eqn.primitive === "cond") return [...(p.branches as ClosedJaxpr<unknown>[])];
  if (eqn.primitive === "while") return [p.condJaxpr as ClosedJaxpr<unknown>, p.bodyJaxpr as ClosedJaxpr<unknown>];
  return [p.jaxpr as ClosedJaxpr<unknown>];
}

/** Every equation of the jaxpr and of the jaxprs it carries, at any depth. */
function allEqns(jaxpr: Jaxpr): Eqn[] {
  return jaxpr.eqns.flatMap((e) => [e, ...subJaxprs(e).flatMap(allEqns)]);
}
const prims = (j: Jaxpr): string[] => j.eqns.map((e) => e.primitive);
const count = (j: Jaxpr, prim: string): number => prims(j).filter((p) => p === prim).length;
const isOne = (a: unknown): boolean => a instanceof Literal && a.value === 1;
const mulsByOne = (eqns: readonly Eqn[]): Eqn[] => eqns.filter((e) => e.primitive === "mul" && e.invars.some(isOne));

/**
 * The optimized body has the traced body's signature: the same invars (the very Var objects, so
 * none dropped or reordered), outputs of the same shapes and dtypes (weak types may drop), one
 * value per constvar, and it typechecks.
 */
function expectSameSignature(traced: ClosedJaxpr<unknown>, optimized: ClosedJaxpr<unknown>): void {
  expect(optimized.jaxpr.invars.length).toBe(traced.jaxpr.invars.length);
  optimized.jaxpr.invars.forEach((v, i) => expect(v).toBe(traced.jaxpr.invars[i]));
  expect(optimized.outAvals.map((a) => a.str())).toEqual(traced.outAvals.map((a) => a.str()));
  optimized.outAvals.forEach((a, i) => expect(a.matches(traced.outAvals[i]!)).toBe(true));
  expect(optimized.consts.length).toBe(optimized.jaxpr.constvars.length);
  typecheckJaxpr(optimized.jaxpr);
}

/** Traced and optimized (carried jaxprs of the first `prim` equation) of jit(f) at `args`. */
function bodies(f: (...a: never[]) => unknown, prim: ControlName, ...args: unknown[]) {
  const lowered = (jit(f) as unknown as { lower(...a: unknown[]): { jaxpr: ClosedJaxpr<unknown>; optimizedJaxpr: ClosedJaxpr<unknown> } }).lower(...args);
  typecheckJaxpr(lowered.optimizedJaxpr.jaxpr);
  const tracedEqn = findEqn(lowered.jaxpr.jaxpr, prim);
  const optimizedEqn = findEqn(lowered.optimizedJaxpr.jaxpr, prim);
  const traced = carried(tracedEqn);
  const optimized = carried(optimizedEqn);
  traced.forEach((t, i) => expectSameSignature(t, optimized[i]!));
  return { lowered, tracedEqn, optimizedEqn, traced, optimized };
}

/** Eager f and jit(f) give the same values. */
function agrees(f: (...a: never[]) => unknown, args: unknown[], tol = 1e-12): void {
  const call = (g: unknown): number[] => [(g as (...a: unknown[]) => unknown)(...args)].flat(Infinity).flatMap(flat);
  close(call(jit(f)), call(f), tol);
}

// A scan body with a const (w), a carry and xs, holding every kind of waste the passes remove:
// a nested jit (inlined), x*1 (dropped), c*w*x computed twice (merged), and a two-output jit whose
// second output nobody reads (its cos is dead once inlined).
const double = jit((a: Array) => a.mul(2));
const twoOut = jit((a: Array): [Array, Array] => [a.mul(2), np.cos(a)]);
function wastefulScan(w: Array, c0: Array, xs: Array): [Array, Array] {
  return lax.scan(
    (c: Array, x: Array): [Array, Array] => {
      const p1 = c.mul(w).mul(x);
      const p2 = c.mul(w).mul(x);
      const carry = double(p1).mul(0.5).mul(1);
      return [carry, twoOut(p2)[0]];
    },
    c0,
    xs,
  );
}
/** carry + sum(ys) of wastefulScan; with P_k = x_0...x_{k-1}, c_k = c0 w^k P_k and y_k = 2 c_{k+1}. */
const scanLoss = (w: Array, c0: Array, xs: Array): Array => {
  const [c, ys] = wastefulScan(w, c0, xs);
  return c.add(ys.sum());
};
function scanLossRef(w: number, c0: number, xs: number[]): { value: number; dw: number; dc0: number } {
  let value = 0;
  let dw = 0;
  let p = 1;
  xs.forEach((x, j) => {
    const k = j + 1;
    p *= x;
    const weight = k === xs.length ? 3 : 2; // c_n counts once as the carry and twice in ys
    value += weight * c0 * w ** k * p;
    dw += weight * c0 * k * w ** (k - 1) * p;
  });
  return { value, dw, dc0: value / c0 };
}

describe("scan bodies", () => {
  const w = f64(0.9);
  const c0 = f64(1.3);
  const xs = f64([0.5, -1.5, 2.0, 0.75]);

  it("are optimized: nested jits inlined, x*1 dropped, repeated c*w*x merged, dead cos gone", () => {
    const { traced, optimized, tracedEqn, optimizedEqn } = bodies(wastefulScan, "scan", w, c0, xs);
    const before = traced[0]!.jaxpr;
    const after = optimized[0]!.jaxpr;
    // The traced body has all the waste (so the checks below can fail).
    expect(count(before, "pjit")).toBe(2);
    expect(mulsByOne(before.eqns).length).toBe(1);
    expect(allEqns(before).some((e) => e.primitive === "cos")).toBe(true);
    // c*w, (c*w)*x, *2 (double's and twoOut's, merged once both are inlined) and *0.5.
    expect(String(optimized[0])).toBe(
      [
        "{ lambda ; a:f64[] b:f64[] c:f64[]. let",
        "    d:f64[] = mul b a",
        "    e:f64[] = mul d c",
        "    f:f64[] = mul e 2.0:f64[]",
        "    g:f64[] = mul f 0.5:f64[]",
        "  in (g, f) }",
      ].join("\n"),
    );
    expect(prims(after)).toEqual(["mul", "mul", "mul", "mul"]);
    expect(mulsByOne(after.eqns)).toEqual([]);
    expect(allEqns(after).some((e) => e.primitive === "cos" || e.primitive === "pjit")).toBe(false);
    // The control-flow params that depend on the body's layout are unchanged.
    expect(optimizedEqn.params).toEqual({ ...tracedEqn.params, jaxpr: optimized[0] });
  });

  it("compute eager f's values, forward and reverse", () => {
    agrees(wastefulScan, [w, c0, xs]);
    const rev = (wv: Array, cv: Array, xv: Array) =>
      lax.scan((c: Array, x: Array): [Array, Array] => [c.mul(wv).mul(1).add(x), double(c).mul(x)], cv, xv, { reverse: true });
    agrees(rev, [w, c0, xs]);
    const ref = scanLossRef(0.9, 1.3, [0.5, -1.5, 2.0, 0.75]);
    close(flat(jit(scanLoss)(w, c0, xs)), [ref.value]);
  });

  it("keep unused inputs and pass-through or constant outputs", () => {
    // The body reads neither its const nor its xs, its carry passes through (c*1) and one
    // output folds to a literal: the signature must stay (const, carry, xs) -> (carry, ys, ys).
    const f = (k: Array, c: Array, xs: Array) =>
      lax.scan(
        (cv: Array, x: Array): [Array, [Array, Array]] => {
          void x;
          void k.mul(1);
          return [cv.mul(1), [np.full([], 2, { dtype: "float64" }).mul(3), cv.mul(1).add(1)]];
        },
        c,
        xs,
      );
    const args = [f64(5), f64(0.25), f64([1, 2, 3])];
    const { optimized } = bodies(f, "scan", ...args);
    const body = optimized[0]!.jaxpr;
    expect(body.outvars[0]).toBe(body.invars[body.invars.length - 2]);
    expect(body.outvars[1]).toBeInstanceOf(Literal);
    expect((body.outvars[1] as Literal).value).toBe(6);
    expect(prims(body)).toEqual(["add"]);
    agrees(f, args);
    expect(flat((jit(f)(...(args as [Array, Array, Array])) as unknown as [Array, [Array, Array]])[1][0])).toEqual([6, 6, 6]);
  });

  it("may drop a conversion that only strengthens a weak const; results keep their traced types", () => {
    // jit(f)(2.5, xs) traces k as a weak f32; ys = convert(k, float32) is k itself once simplified.
    const f = (k: Array, xsv: Array) =>
      lax.scan((c: Array, x: Array): [Array, Array] => [c.add(x), lax.convertElementType(k, "float32")], f32(0), xsv);
    const xsv = f32([1, 2, 3]);
    const { traced, optimized } = bodies(f, "scan", 2.5, xsv);
    expect(prims(traced[0]!.jaxpr)).toEqual(["add", "convert_element_type"]);
    const body = optimized[0]!.jaxpr;
    expect(prims(body)).toEqual(["add"]);
    expect(body.outvars[1]).toBe(body.invars[0]);
    const [c, ys] = (jit(f) as unknown as (k: number, x: Array) => [Array, Array])(2.5, xsv);
    const [ce, yse] = (f as unknown as (k: number, x: Array) => [Array, Array])(2.5, xsv);
    expect(flat(ys)).toEqual([2.5, 2.5, 2.5]);
    expect(flat(c)).toEqual(flat(ce));
    expect([ys.dtype, ys.weakType, c.weakType]).toEqual([yse.dtype, yse.weakType, ce.weakType]);
    expect(ys.weakType).toBe(false);
  });

  it("hold the constants that inlining and folding create in their own ClosedJaxpr", () => {
    const W = f32([1, 2, 3]);
    const scaled = jit((a: Array) => a.mul(np.exp(W).mul(2)));
    const f = (c0v: Array, xsv: Array) =>
      lax.scan((c: Array, x: Array): [Array, Array] => [scaled(c).add(x), np.sin(c)], c0v, xsv);
    const args = [f32([0.1, 0.2, 0.3]), f32([[1, 2, 3], [4, 5, 6]])];
    const { traced, optimized } = bodies(f, "scan", ...args);
    expect(traced[0]!.consts.length).toBe(0);
    const body = optimized[0]!;
    expect(allEqns(body.jaxpr).some((e) => e.primitive === "exp" || e.primitive === "pjit")).toBe(false);
    // exp(W)*2 was folded into one constant of the body.
    expect(body.jaxpr.constvars.length).toBe(1);
    close(flat(body.consts[0]), [1, 2, 3].map((v) => 2 * Math.fround(Math.exp(v))), 1e-6);
    agrees(f, args, 1e-6);
  });

  it("grad through jit(scan) and jit(grad(scan)) match the analytic derivative and finite differences", () => {
    const ref = scanLossRef(0.9, 1.3, [0.5, -1.5, 2.0, 0.75]);
    const expected = [ref.dw, ref.dc0];
    const g = grad(jit(scanLoss), { argnums: [0, 1] }) as unknown as (...a: Array[]) => Array[];
    close(g(w, c0, xs).map((a) => flat(a)[0]), expected, 1e-10);
    const jg = jit(grad(scanLoss, { argnums: [0, 1] })) as unknown as (...a: Array[]) => Array[];
    close(jg(w, c0, xs).map((a) => flat(a)[0]), expected, 1e-10);
    checkGrads(jit(scanLoss), [w, c0, xs], { order: 2 });
  });

  it("of jit(grad(f)) lose the nested jits and x*1 that the transforms carried into them", () => {
    const lowered = jit(grad(scanLoss)).lower(w, c0, xs);
    const tracedScans = allEqns(lowered.jaxpr.jaxpr).filter((e) => e.primitive === "scan");
    const optimizedScans = allEqns(lowered.optimizedJaxpr.jaxpr).filter((e) => e.primitive === "scan");
    expect(optimizedScans.length).toBe(2); // the forward scan and its transpose
    const inBodies = (scans: Eqn[]): Eqn[] => scans.flatMap((e) => carried(e).flatMap((c) => allEqns(c.jaxpr)));
    expect(inBodies(tracedScans).some((e) => e.primitive === "pjit")).toBe(true);
    expect(mulsByOne(inBodies(tracedScans)).length).toBeGreaterThan(0);
    expect(inBodies(optimizedScans).some((e) => e.primitive === "pjit")).toBe(false);
    expect(mulsByOne(inBodies(optimizedScans))).toEqual([]);
    optimizedScans.forEach((e) => carried(e).forEach((c) => typecheckJaxpr(c.jaxpr)));
  });
});

describe("cond branches", () => {
  const sin3 = jit((a: Array) => np.sin(a).mul(3));
  const expCos = jit((a: Array): [Array, Array] => [np.exp(a), np.cos(a)]);
  // true: 3 sin x (a nested jit and x*1); false: 2 exp x (exp computed twice, a dead cos).
  const f = (x: Array): Array =>
    lax.cond(
      lax.gt(x.sum(), 0),
      (a: Array) => sin3(a).mul(1),
      (a: Array) => expCos(a)[0].add(np.exp(a)),
      x,
    ).sum();

  it("are optimized one by one", () => {
    // As in JAX, branch 0 is the false branch and branch 1 the true one.
    const { traced, optimized } = bodies(f, "cond", f64([0.5, 1]));
    expect(traced.length).toBe(2);
    expect(count(traced[1]!.jaxpr, "pjit")).toBe(1);
    expect(mulsByOne(traced[1]!.jaxpr.eqns).length).toBe(1);
    expect(prims(optimized[1]!.jaxpr)).toEqual(["sin", "mul"]);
    expect(count(traced[0]!.jaxpr, "exp")).toBe(1); // the other exp is inside the nested jit
    expect(allEqns(traced[0]!.jaxpr).some((e) => e.primitive === "cos")).toBe(true);
    expect(prims(optimized[0]!.jaxpr)).toEqual(["exp", "add"]);
  });

  it("compute eager f's values and analytic gradients on both branches", () => {
    for (const xv of [[0.5, 1], [-0.5, -1]]) {
      const x = f64(xv);
      agrees(f, [x]);
      const value = xv[0]! + xv[1]! > 0 ? xv.map((v) => 3 * Math.sin(v)) : xv.map((v) => 2 * Math.exp(v));
      close(flat(jit(f)(x)), [value[0]! + value[1]!]);
      const d = xv[0]! + xv[1]! > 0 ? xv.map((v) => 3 * Math.cos(v)) : xv.map((v) => 2 * Math.exp(v));
      close(flat(grad(jit(f))(x)), d);
      close(flat(jit(grad(f))(x)), d);
      checkGrads(jit(f), [x], { order: 2 });
    }
  });

  it("reach control flow nested in a branch inside a scan body", () => {
    // scan body -> cond branch -> scan body holding a nested jit and x*1: three levels down.
    const inner = jit((a: Array) => np.sin(a));
    const g = (xs: Array) =>
      lax.scan(
        (c: Array, x: Array): [Array, Array] => {
          const y = lax.cond(
            lax.gt(x, 0),
            (v: Array) => lax.scan((cc: Array, k: Array): [Array, Array] => [inner(cc.mul(k)).mul(1), cc], v, f64([1, 2])),
            (v: Array) => [v.mul(-1), f64([0, 0])] as [Array, Array],
            c.add(x),
          );
          return [y[0], y[1].sum()];
        },
        f64(0.3),
        xs,
      );
    const xs = f64([0.4, -0.2, 1.1]);
    const lowered = jit(g).lower(xs);
    const deepest = (j: Jaxpr): Jaxpr => {
      const outer = carried(findEqn(j, "scan"))[0]!.jaxpr;
      const branch = carried(findEqn(outer, "cond"))[1]!.jaxpr; // the true branch
      return carried(findEqn(branch, "scan"))[0]!.jaxpr;
    };
    const before = deepest(lowered.jaxpr.jaxpr);
    const after = deepest(lowered.optimizedJaxpr.jaxpr);
    expect(count(before, "pjit")).toBe(1);
    expect(mulsByOne(before.eqns).length).toBe(1);
    expect(prims(after)).toEqual(["mul", "sin"]);
    agrees(g, [xs]);
  });
});

describe("while bodies and conds", () => {
  const twiceSin = jit((v: Array) => np.sin(v).add(np.sin(v)));
  /** n steps of v -> sin(v): the cond has i*1 < n; the body sin(v) twice (merged), via a nested jit and x*1. */
  const f = (v0: Array, n: Array): Array =>
    lax.whileLoop(
      ([i]: [Array, Array]) => lax.lt(i.mul(1), n),
      ([i, v]: [Array, Array]) => [i.add(1), twiceSin(v).mul(0.5).mul(1)] as [Array, Array],
      [i32(0), v0] as [Array, Array],
    )[1];

  it("are optimized: i*1 dropped from the cond, sin computed once in the body", () => {
    const { traced, optimized } = bodies(f, "while", f64(0.7), i32(3));
    const [condBefore, bodyBefore] = traced.map((c) => c.jaxpr);
    const [condAfter, bodyAfter] = optimized.map((c) => c.jaxpr);
    expect(mulsByOne(condBefore!.eqns).length).toBe(1);
    expect(prims(condAfter!)).toEqual(["lt"]);
    expect(count(bodyBefore!, "pjit")).toBe(1);
    expect(mulsByOne(bodyBefore!.eqns).length).toBe(1);
    expect(count(bodyAfter!, "sin")).toBe(1);
    expect(allEqns(bodyAfter!).some((e) => e.primitive === "pjit")).toBe(false);
    expect(mulsByOne(bodyAfter!.eqns)).toEqual([]);
  });

  it("compute eager f's values and its forward derivative", () => {
    let v = 0.7;
    let dv = 1;
    for (let k = 0; k < 3; k++) {
      dv *= Math.cos(v);
      v = Math.sin(v);
    }
    agrees(f, [f64(0.7), i32(3)]);
    close(flat(jit(f)(f64(0.7), i32(3))), [v]);
    const [out, tangent] = jvp((x: Array) => jit(f)(x, i32(3)), [f64(0.7)], [f64(1)]) as [Array, Array];
    close(flat(out), [v]);
    close(flat(tangent), [dv]);
    checkGrads((x: Array) => jit(f)(x, i32(3)), [f64(0.7)], { modes: ["fwd"], order: 2 });
  });
});

describe("carried jaxprs are shared objects", () => {
  const inner = jit((xs: Array) =>
    lax.scan((c: Array, x: Array): [Array, Array] => [c.add(x.mul(1)), np.sin(c).add(np.sin(c))], f64(0), xs),
  );
  const xs = f64([1, 2, 3]);

  it("the traced body is left as it was, and replaced by a new object", () => {
    const tracedBody = carried(findEqn(inner.lower(xs).jaxpr.jaxpr, "scan"))[0]!;
    const text = String(tracedBody);
    const eqns = tracedBody.jaxpr.eqns;
    const optimizedBody = carried(findEqn(jit((v: Array) => inner(v)[1].mul(2)).lower(xs).optimizedJaxpr.jaxpr, "scan"))[0]!;
    expect(optimizedBody).not.toBe(tracedBody);
    expect(optimizedBody.jaxpr.eqns.length).toBeLessThan(eqns.length);
    expect(tracedBody.jaxpr.eqns).toBe(eqns);
    expect(String(tracedBody)).toBe(text);
    expect(carried(findEqn(inner.lower(xs).jaxpr.jaxpr, "scan"))[0]).toBe(tracedBody);
  });

  it("one body reached from two programs or two call sites is optimized into one object", () => {
    const bodyIn = (f: (v: Array) => Array): ClosedJaxpr<unknown> =>
      carried(findEqn(jit(f).lower(xs).optimizedJaxpr.jaxpr, "scan"))[0]!;
    const a = bodyIn((v) => inner(v)[0].add(1));
    const b = bodyIn((v) => inner(v)[1].sum());
    expect(b).toBe(a);
    // Two inlined calls of `inner` on the same operand still merge into one scan (CSE compares bodies by identity).
    const twice = (v: Array): Array => inner(v)[1].add(inner(v)[1]);
    const lowered = jit(twice).lower(xs);
    expect(allEqns(lowered.jaxpr.jaxpr).filter((e) => e.primitive === "scan").length).toBe(2);
    expect(lowered.optimizedJaxpr.jaxpr.eqns.filter((e) => e.primitive === "scan").length).toBe(1);
    agrees(twice, [xs]);
  });
});

describe("effects in bodies", () => {
  let lines: string[] = [];
  beforeEach(() => {
    lines = [];
    debug.setPrintSink((l) => lines.push(l));
  });
  afterEach(() => debug.setPrintSink(null));

  it("two identical prints in a scan body are neither merged nor dropped", () => {
    const f = (xs: Array) =>
      lax.scan(
        (c: Array, x: Array): [Array, Array] => {
          debug.print("x {}", x.mul(1));
          debug.print("x {}", x.mul(1));
          return [c.add(x), c];
        },
        f64(0),
        xs,
      );
    const { optimized } = bodies(f, "scan", f64([1, 2, 3]));
    expect(count(optimized[0]!.jaxpr, "debug_callback")).toBe(2);
    expect(mulsByOne(optimized[0]!.jaxpr.eqns)).toEqual([]);
    lines = [];
    const [c] = jit(f)(f64([1, 2, 3]));
    expect(flat(c)).toEqual([6]);
    expect(lines.length).toBe(6);
  });
});
