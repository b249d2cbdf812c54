// checkpoint with policies (jax.checkpoint_policies), checkpointName (jax.ad_checkpoint.checkpoint_name)
// and checkpoint's staticArgnums/preventCse: the same derivatives as without a policy, with the
// residuals the policy asks for saved by the forward pass and the rest recomputed.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jvp, jit, vmap, hessian, linearize, makeJaxpr, checkpoint, checkpointName, checkpointPolicies as cp } from "../../src/index.js";
import type { Array, CheckpointPolicy } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";

const f64 = (v: number[][] | number[]): Array => np.array(v, { dtype: "float64" });
const w = f64([[0.3, -0.2, 0.5], [0.1, 0.4, -0.6]]);
const x = f64([[0.7], [-0.3], [0.2]]);
const body = (w: Array, x: Array): Array => np.sum(np.sin(np.matmul(w, x)));
/** A body with named intermediates: a = cos(w x) named "a", b = sin(a) named "b". */
const namedBody = (w: Array, x: Array): Array => {
  const a = checkpointName(np.cos(np.matmul(w, x)), "a");
  const b = checkpointName(np.sin(a), "b");
  return np.sum(np.exp(b).mul(a));
};

const count = (text: string, word: string): number => text.split(new RegExp(`\\b${word}\\b`)).length - 1;
/** The text of the checkpoint equation's body in a grad's jaxpr (the backward pass). */
const backward = (text: string): string => text.slice(text.indexOf("checkpoint["));
/** Residuals of linearize: the constants of the linear function's jaxpr. */
const residuals = (f: (w: Array, x: Array) => Array): { n: number; text: string } => {
  const [, fJvp] = linearize((w: Array) => f(w, x), w);
  const j = makeJaxpr(fJvp)(w);
  return { n: j.jaxpr.constvars.length, text: j.toString() };
};

const POLICIES: [string, CheckpointPolicy | null][] = [
  ["none", null],
  ["nothingSaveable", cp.nothingSaveable],
  ["everythingSaveable", cp.everythingSaveable],
  ["dotsSaveable", cp.dotsSaveable],
  ["checkpointDots", cp.checkpointDots],
  ["dotsWithNoBatchDimsSaveable", cp.dotsWithNoBatchDimsSaveable],
  ["saveAnythingExceptTheseNames(a)", cp.saveAnythingExceptTheseNames("a")],
  ["saveAnyNamesButThese(a)", cp.saveAnyNamesButThese("a")],
  ["saveOnlyTheseNames(a)", cp.saveOnlyTheseNames("a")],
  ["saveOnlyTheseNames(a, b)", cp.saveOnlyTheseNames("a", "b")],
  ["saveFromBothPolicies(dots, names b)", cp.saveFromBothPolicies(cp.dotsSaveable, cp.saveOnlyTheseNames("b"))],
];

describe("checkpoint policies: derivatives", () => {
  const g0 = (grad(namedBody, { argnums: [0, 1] })(w, x) as Array[]).map((a) => a.tolist());
  const h0 = hessian((w: Array) => namedBody(w, x))(w).tolist();
  for (const [name, policy] of POLICIES) {
    it(`${name}: grad and hessian equal the unpolicied ones; checkGrads order 2`, () => {
      const f = checkpoint(namedBody, { policy });
      expect((grad(f, { argnums: [0, 1] })(w, x) as Array[]).map((a) => a.tolist())).toEqual(g0);
      const h = hessian((w: Array) => f(w, x))(w).tolist() as number[][][][];
      (h0 as number[][][][]).flat(3).forEach((v, i) => expect(h.flat(3)[i]).toBeCloseTo(v, 12));
      checkGrads(f, [w, x], 2);
      // Under jit and vmap too.
      expect((jit(grad(f))(w, x) as Array).tolist()).toEqual(g0[0]);
      const ws = np.stack([w, w.mul(2)]);
      const batched = vmap(grad(f), { inAxes: [0, null] })(ws, x) as Array;
      expect(batched.get(0).tolist()).toEqual(g0[0]);
    });
  }
});

describe("checkpoint policies: what is saved", () => {
  it("nothing saveable (the default) recomputes the matmul in the backward pass", () => {
    const text = makeJaxpr(grad(checkpoint(body)))(w, x).toString();
    expect(count(backward(text), "dot_general")).toBe(2); // recomputed w x, and the transpose
    expect(count(text, "dot_general")).toBe(2); // the forward pass is not run outside
    expect(residuals(checkpoint(body)).n).toBe(2); // w and x only
    expect(makeJaxpr(grad(checkpoint(body, { policy: cp.nothingSaveable })))(w, x).toString()).toBe(text.replace("policy=None", "policy=<function nothing_saveable>"));
  });

  it("dotsSaveable saves the product: no dot_general recomputation in the backward pass", () => {
    const text = makeJaxpr(grad(checkpoint(body, { policy: cp.dotsSaveable })))(w, x).toString();
    expect(text).toContain("policy=<function dots_saveable>");
    expect(count(backward(text), "dot_general")).toBe(1); // only the transpose of the tangent product
    expect(count(backward(text), "cos")).toBe(1); // cos(w x) is recomputed from the saved product
    const r = residuals(checkpoint(body, { policy: cp.dotsSaveable }));
    expect(r.n).toBe(3); // w, x and the product
    expect(r.text).toContain("cos");
  });

  it("everythingSaveable saves cos(w x) too: the backward pass recomputes nothing", () => {
    const text = makeJaxpr(grad(checkpoint(body, { policy: cp.everythingSaveable })))(w, x).toString();
    expect(count(backward(text), "dot_general")).toBe(1);
    expect(count(backward(text), "cos")).toBe(0);
    const r = residuals(checkpoint(body, { policy: cp.everythingSaveable }));
    expect(r.n).toBe(3); // w, x and cos(w x): the product itself is no longer needed
    expect(count(r.text, "cos")).toBe(0);
    expect(count(r.text, "dot_general")).toBe(1); // the tangent product
  });

  it("dotsWithNoBatchDimsSaveable saves a plain matmul but not a batched one", () => {
    const plain = backward(makeJaxpr(grad(checkpoint(body, { policy: cp.dotsWithNoBatchDimsSaveable })))(w, x).toString());
    expect(count(plain, "dot_general")).toBe(1);
    const bw = np.stack([w, w]);
    const bx = np.stack([x, x]);
    const batchedBody = (a: Array, b: Array): Array => np.sum(np.sin(lax.dotGeneral(a, b, [[[2], [1]], [[0], [0]]])));
    const noBatch = backward(makeJaxpr(grad(checkpoint(batchedBody, { policy: cp.dotsWithNoBatchDimsSaveable })))(bw, bx).toString());
    expect(count(noBatch, "dot_general")).toBe(2); // recomputed
    const dots = backward(makeJaxpr(grad(checkpoint(batchedBody, { policy: cp.dotsSaveable })))(bw, bx).toString());
    expect(count(dots, "dot_general")).toBe(1); // saved
  });

  it("name policies save exactly the named values they select", () => {
    const text = (p: CheckpointPolicy | null): string => backward(makeJaxpr(grad(checkpoint(namedBody, { policy: p })))(w, x).toString());
    // Nothing saved: the backward pass recomputes w x, a = cos(w x), b = sin(a), and the
    // derivatives -sin(w x) and cos(a).
    for (const p of [null, cp.saveOnlyTheseNames("c"), cp.saveAnyNamesButThese("a", "b")]) {
      const t = text(p);
      expect(count(t, "dot_general")).toBe(2);
      expect(count(t, "sin")).toBe(2);
      expect(count(t, "cos")).toBe(2);
      expect(t).toContain("name[name=a]");
    }
    // "a" saved: cos(w x) is not recomputed; w x still is (the derivative of cos needs sin(w x)).
    const a = text(cp.saveOnlyTheseNames("a"));
    expect(count(a, "cos")).toBe(1); // cos(a) only
    expect(count(a, "sin")).toBe(2); // sin(w x) and b = sin(a)
    expect(a).not.toContain("name[name=a]");
    expect(a).toContain("name[name=b]");
    expect(text(cp.saveAnyNamesButThese("b"))).toBe(a.replace("save_only_these_names", "save_any_names_but_these"));
    // "a" and "b" saved: sin(a) is not recomputed either.
    const ab = text(cp.saveOnlyTheseNames("a", "b"));
    expect(count(ab, "sin")).toBe(1); // sin(w x), for the derivative of cos
    expect(ab).not.toMatch(/name\[/);
    // The OR of dots and "b": w x and b saved, so no product is recomputed, but cos(w x) is.
    const both = text(cp.saveFromBothPolicies(cp.dotsSaveable, cp.saveOnlyTheseNames("b")));
    expect(count(both, "dot_general")).toBe(1); // the transpose only
    expect(count(both, "cos")).toBe(2);
    expect(count(both, "sin")).toBe(1);
    expect(both).not.toContain("name[name=b]");
    expect(both).toContain("policy=<function save_from_both_policies>");
  });

  it("saveAnythingExceptTheseNames saves unnamed intermediates", () => {
    const t = backward(makeJaxpr(grad(checkpoint(namedBody, { policy: cp.saveAnythingExceptTheseNames("a") })))(w, x).toString());
    expect(count(t, "dot_general")).toBe(1);
    expect(count(t, "sin")).toBe(0);
  });

  it("saveFromBothPolicies refuses a policy that returns a non-boolean (JAX's ValueError)", () => {
    const bad = ((): number => 1) as unknown as CheckpointPolicy;
    const f = checkpoint(body, { policy: cp.saveFromBothPolicies(cp.dotsSaveable, bad) });
    expect(() => grad(f)(w, x)).toThrow(/The return value of the policies should be a boolean/);
  });

  it("a custom policy sees the primitive, the input avals and the params", () => {
    const seen: string[] = [];
    const policy: CheckpointPolicy = (prim, avals, params) => {
      seen.push(`${prim}:${avals.map((a) => a.str()).join(",")}`);
      return prim === "name" && params["name"] === "a";
    };
    expect((grad(checkpoint(namedBody, { policy }))(w, x) as Array).tolist()).toEqual(grad(namedBody)(w, x).tolist());
    expect(seen).toContain("dot_general:f64[2,3],f64[3,1]");
    expect(seen).toContain("name:f64[2,1]");
  });
});

describe("checkpointName", () => {
  it("is the identity, visible in makeJaxpr as JAX's name primitive", () => {
    const f = (x: Array): Array => checkpointName(np.sin(x), "hidden");
    const v = f64([0.5, 1]);
    expect(f(v).tolist()).toEqual(np.sin(v).tolist());
    expect(makeJaxpr(f)(v).toString()).toMatch(/= name\[name=hidden\] b/);
    expect(jit(f)(v).tolist()).toEqual(np.sin(v).tolist());
    expect(jit(f)(v).tolist()).toEqual(np.sin(v).tolist());
    expect(vmap(f)(f64([[0.5], [1]])).tolist()).toEqual(np.sin(f64([[0.5], [1]])).tolist());
    expect(grad((x: Array) => np.sum(f(x)))(v).tolist()).toEqual(np.cos(v).tolist());
    checkGrads((x: Array) => np.sum(f(x).mul(x)), [v], 2);
    // A pytree: every leaf is named.
    const [p, q] = checkpointName([v, 2] as [Array, number], "pair");
    expect([p.tolist(), q.tolist()]).toEqual([v.tolist(), 2]);
    // The tangent is not named (JAX's name_jvp); jit's passes drop the name before lowering.
    expect(makeJaxpr((x: Array) => jvp(f, [x], [x]))(v).toString().match(/= name\[/g)?.length).toBe(1);
    expect(jit(f).lower(v).optimizedJaxpr.toString()).not.toContain("name[");
  });
});

describe("checkpoint options", () => {
  it("staticArgnums passes values through untraced", () => {
    const calls: string[] = [];
    const f = checkpoint(
      (x: Array, mode: string, k: number): Array => {
        calls.push(typeof k);
        return mode === "sin" ? np.sum(np.sin(x).mul(k)) : np.sum(np.cos(x).mul(k));
      },
      { staticArgnums: [1, -1] },
    );
    const v = f64([0.5, 1]);
    expect(grad((x: Array) => f(x, "sin", 3))(v).tolist()).toEqual(np.cos(v).mul(3).tolist());
    expect(grad((x: Array) => f(x, "cos", 2))(v).tolist()).toEqual(np.sin(v).mul(-2).tolist());
    expect(calls.every((c) => c === "number")).toBe(true);
    expect(() => checkpoint((x: Array) => x, { staticArgnums: 3 })(v)).toThrow(/static_argnums 3 is out of range/);
  });

  it("preventCse is carried in the params", () => {
    const v = f64([0.5, 1]);
    expect(makeJaxpr(checkpoint(np.sin))(v).toString()).toContain("prevent_cse=True");
    expect(makeJaxpr(checkpoint(np.sin, { preventCse: false }))(v).toString()).toContain("prevent_cse=False");
    expect(grad((x: Array) => np.sum(checkpoint(np.sin, { preventCse: false })(x)))(v).tolist()).toEqual(np.cos(v).tolist());
  });

  it("a policy nested inside an outer grad and scan keeps values", () => {
    const f = checkpoint((c: Array, y: Array): Array => np.sin(c.mul(y)), { policy: cp.everythingSaveable });
    const loss = (c: Array): Array => np.sum(lax.scan((carry: Array, y: Array) => [f(carry, y), carry], c, f64([[0.5, 0.25], [1.5, 0.75]]))[0]);
    const ref = (c: Array): Array => np.sum(lax.scan((carry: Array, y: Array) => [np.sin(carry.mul(y)), carry], c, f64([[0.5, 0.25], [1.5, 0.75]]))[0]);
    const c = f64([0.3, 0.9]);
    const a = grad(loss)(c).tolist() as number[];
    (grad(ref)(c).tolist() as number[]).forEach((v, i) => expect(a[i]).toBeCloseTo(v, 12));
    checkGrads(loss, [c], 2);
  });
});
