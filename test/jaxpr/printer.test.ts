import { traceToJaxpr } from "../../src/core/staging.js";
// makeJaxpr and the jaxpr printer (JAX's syntax), typecheckJaxpr and dce.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, makeJaxpr, Array, ClosedJaxpr, ShapedArray, tree } from "../../src/index.js";
import { Var, Literal, makeJaxprValue, typecheckJaxpr, JaxprTypeError, dce, printJaxpr, varName } from "../../jaxpr/index.js";
import type { Eqn, Jaxpr } from "../../jaxpr/index.js";

describe("makeJaxpr printing", () => {
  it("a short function prints on one line", () => {
    const j = makeJaxpr((x: Array) => np.sin(x).mul(2))(np.zeros([3]));
    expect(j).toBeInstanceOf(ClosedJaxpr);
    expect(j.toString()).toBe("{ lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = mul b 2.0:f32[] in (c,) }");
    expect(String(j)).toBe(j.toString());
  });

  it("a longer function prints one equation per line", () => {
    const j = makeJaxpr((x: Array, y: Array) => {
      let z = np.add(x, y);
      for (let i = 0; i < 3; i++) z = np.tanh(np.multiply(z, x));
      return [z, np.exp(y)];
    })(np.zeros([2, 3]), np.zeros([2, 3]));
    expect(j.toString()).toBe(
      [
        "{ lambda ; a:f32[2,3] b:f32[2,3]. let",
        "    c:f32[2,3] = add a b",
        "    d:f32[2,3] = mul c a",
        "    e:f32[2,3] = tanh d",
        "    f:f32[2,3] = mul e a",
        "    g:f32[2,3] = tanh f",
        "    h:f32[2,3] = mul g a",
        "    i:f32[2,3] = tanh h",
        "    j:f32[2,3] = exp b",
        "  in (i, j) }",
      ].join("\n"),
    );
  });

  it("a closed-over array becomes a constvar", () => {
    const c = np.array([1, 2, 3]);
    const j = makeJaxpr((x: Array) => x.add(c))(np.zeros([3]));
    expect(j.toString()).toBe("{ lambda a:f32[3]; b:f32[3]. let c:f32[3] = add b a in (c,) }");
    expect(j.consts).toHaveLength(1);
    expect(j.consts[0]).toBe(c);
    // the same constant used twice is one constvar
    const j2 = makeJaxpr((x: Array) => x.add(c).mul(c))(np.zeros([3]));
    expect(j2.toString()).toBe(["{ lambda a:f32[3]; b:f32[3]. let", "    c:f32[3] = add b a", "    d:f32[3] = mul c a", "  in (d,) }"].join("\n"));
  });

  it("pytree inputs are flattened (object keys sorted)", () => {
    const j = makeJaxpr((p: { a: Array; b: [Array, Array] }) => np.add(p.a, p.b[0]).mul(p.b[1]))({
      b: [np.zeros([2]), np.ones([2], { dtype: "float32" })],
      a: np.zeros([2]),
    });
    expect(j.toString()).toBe(["{ lambda ; a:f32[2] b:f32[2] c:f32[2]. let", "    d:f32[2] = add a b", "    e:f32[2] = mul d c", "  in (e,) }"].join("\n"));
    expect(j.inAvals.map((a) => a.str())).toEqual(["f32[2]", "f32[2]", "f32[2]"]);
    expect(j.outAvals.map((a) => a.str())).toEqual(["f32[2]"]);
  });

  it("JS numbers are weak float32 scalars; integer literals print without a decimal point", () => {
    expect(makeJaxpr((x: Array) => x.add(1))(2.0).toString()).toBe("{ lambda ; a:f32[]. let b:f32[] = add a 1.0:f32[] in (b,) }");
    expect(makeJaxpr((x: Array) => x.mul(3))(np.zeros([2], { dtype: "int32" })).toString()).toBe("{ lambda ; a:i32[2]. let b:i32[2] = mul a 3:i32[] in (b,) }");
    expect(makeJaxpr((x: Array) => x.greater(0))(np.zeros([2])).toString()).toBe("{ lambda ; a:f32[2]. let b:bool[2] = gt a 0.0:f32[] in (b,) }");
    // Python's repr keeps the sign of zero.
    expect(makeJaxpr((x: Array) => x.mul(-0))(2.0).toString()).toBe("{ lambda ; a:f32[]. let b:f32[] = mul a -0.0:f32[] in (b,) }");
  });

  it("params print in brackets, snake_case and sorted, tuples Python-style", () => {
    expect(makeJaxpr((x: Array) => lax.reduceSum(x, [1]))(np.zeros([2, 3])).toString()).toBe(
      "{ lambda ; a:f32[2,3]. let b:f32[2] = reduce_sum[axes=(1,)] a in (b,) }",
    );
    expect(makeJaxpr((x: Array) => x.add(1.5))(np.zeros([3], { dtype: "int32" })).toString()).toBe(
      [
        "{ lambda ; a:i32[3]. let",
        "    b:f32[3] = convert_element_type[new_dtype=float32 weak_type=True] a",
        "    c:f32[3] = add b 1.5:f32[]",
        "  in (c,) }",
      ].join("\n"),
    );
    expect(makeJaxpr((x: Array) => lax.broadcastInDim(x, [2, 3], [1]))(np.zeros([3])).toString()).toBe(
      ["{ lambda ; a:f32[3]. let", "    b:f32[2,3] = broadcast_in_dim[broadcast_dimensions=(1,) shape=(2, 3)] a", "  in (b,) }"].join("\n"),
    );
  });

  it("np.where stages as select_n with the false case first", () => {
    expect(makeJaxpr((x: Array) => np.where(x.greater(0), x, 0))(np.zeros([3])).toString()).toBe(
      [
        "{ lambda ; a:f32[3]. let",
        "    b:bool[3] = gt a 0.0:f32[]",
        "    c:f32[3] = broadcast_in_dim[broadcast_dimensions=() shape=(3,)] 0.0:f32[]",
        "    d:f32[3] = select_n b c a",
        "  in (d,) }",
      ].join("\n"),
    );
  });

  it("no equations: JAX's `let  in`; literal outputs keep their type", () => {
    expect(makeJaxpr((x: Array) => x)(np.zeros([3])).toString()).toBe("{ lambda ; a:f32[3]. let  in (a,) }");
    expect(makeJaxpr(() => 1)().toString()).toBe("{ lambda ; . let  in (1:i32[],) }");
    expect(makeJaxpr((x: Array, y: Array) => [y, x])(np.zeros([1]), np.zeros([2], { dtype: "bool" })).toString()).toBe(
      "{ lambda ; a:f32[1] b:bool[2]. let  in (b, a) }",
    );
  });

  it("variable names continue past z as JAX's: ba, bb, ...", () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(varName)).toEqual(["a", "b", "z", "ba", "bb", "bz", "ca", "baz", "bba"]);
    const j = makeJaxpr((x: Array) => {
      let y = x;
      for (let i = 0; i < 27; i++) y = np.sin(y);
      return y;
    })(np.zeros([]));
    const lines = j.toString().split("\n");
    expect(lines[lines.length - 2]).toBe("    bb:f32[] = sin ba");
    expect(lines[lines.length - 1]).toBe("  in (bb,) }");
  });
});

describe("typecheckJaxpr", () => {
  const f32 = (shape: number[]) => new ShapedArray(shape, "float32");

  it("accepts the jaxprs makeJaxpr builds", () => {
    const c = np.array([1, 2, 3]);
    const j = makeJaxpr((x: Array) => np.where(x.less(c), np.sin(x), x.mul(2)).sum())(np.zeros([3]));
    expect(() => typecheckJaxpr(j.jaxpr)).not.toThrow();
  });

  it("rejects an equation whose output aval disagrees with its shape rule", () => {
    const a = new Var(f32([3]));
    const b = new Var(new ShapedArray([3], "int32"));
    const eqn: Eqn<"sin"> = { primitive: "sin", invars: [a], params: {}, outvars: [b] };
    const jaxpr = makeJaxprValue({ constvars: [], invars: [a], eqns: [eqn as Eqn], outvars: [b] });
    expect(() => typecheckJaxpr(jaxpr)).toThrow(JaxprTypeError);
    expect(() => typecheckJaxpr(jaxpr)).toThrow("Equation 0 (sin) has output types i32[3] but its inputs give f32[3].");
    const wrongShape = new Var(f32([4]));
    const eqn2: Eqn<"add"> = { primitive: "add", invars: [a, Literal.scalar(1, "float32")], params: {}, outvars: [wrongShape] };
    const j2 = makeJaxprValue({ constvars: [], invars: [a], eqns: [eqn2 as Eqn], outvars: [wrongShape] });
    expect(() => typecheckJaxpr(j2)).toThrow("Equation 0 (add) has output types f32[4] but its inputs give f32[3].");
  });

  it("rejects variables used before they are bound, or bound twice", () => {
    const a = new Var(f32([2]));
    const b = new Var(f32([2]));
    const free = new Var(f32([2]));
    const useFree: Eqn<"add"> = { primitive: "add", invars: [a, free], params: {}, outvars: [b] };
    expect(() => typecheckJaxpr(makeJaxprValue({ constvars: [], invars: [a], eqns: [useFree as Eqn], outvars: [b] }))).toThrow(
      "Variable used before it is bound in equation 0 (add)",
    );
    const twice: Eqn<"sin"> = { primitive: "sin", invars: [a], params: {}, outvars: [a] };
    expect(() => typecheckJaxpr(makeJaxprValue({ constvars: [], invars: [a], eqns: [twice as Eqn], outvars: [a] }))).toThrow("Variable bound twice");
    expect(() => typecheckJaxpr(makeJaxprValue({ constvars: [], invars: [a], eqns: [], outvars: [free] }))).toThrow(
      "Variable used before it is bound in the outputs",
    );
  });
});

describe("dce", () => {
  it("removes an equation whose result is unused", () => {
    // The raw traced jaxpr (makeJaxpr itself already applies dce).
    const [, inTree] = tree.flatten([np.zeros([3])]);
    const j = traceToJaxpr(
      (x: unknown) => {
        np.cos(x as Array);
        return np.sin(x as Array);
      },
      [new ShapedArray([3], "float32")],
      inTree,
    ).closedJaxpr;
    expect(j.toString()).toBe("{ lambda ; a:f32[3]. let b:f32[3] = cos a; c:f32[3] = sin a in (c,) }");
    const pruned: Jaxpr = dce(j.jaxpr);
    expect(pruned.eqns).toHaveLength(1);
    expect(pruned.eqns[0]!.primitive).toBe("sin");
    expect(printJaxpr(pruned)).toBe("{ lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) }");
    expect(() => typecheckJaxpr(pruned)).not.toThrow();
    // the input is untouched (jaxprs are immutable values)
    expect(j.jaxpr.eqns).toHaveLength(2);
  });

  it("removes unused chains transitively, keeps what outputs need", () => {
    const j = makeJaxpr((x: Array, y: Array) => {
      const unused = np.exp(np.cos(y));
      void unused;
      const used = np.add(x, 1);
      return np.multiply(used, used);
    })(np.zeros([2]), np.zeros([2]));
    const pruned = dce(j.jaxpr);
    expect(pruned.eqns.map((e) => e.primitive)).toEqual(["add", "mul"]);
    expect(printJaxpr(pruned)).toBe(["{ lambda ; a:f32[2] b:f32[2]. let", "    c:f32[2] = add a 1.0:f32[]", "    d:f32[2] = mul c c", "  in (d,) }"].join("\n"));
  });

  it("returns the same object when nothing is dead", () => {
    const j = makeJaxpr((x: Array) => np.sin(x).mul(2))(np.zeros([3]));
    expect(dce(j.jaxpr)).toBe(j.jaxpr);
  });
});
