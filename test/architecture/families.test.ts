// The primitive families (jaxpr/families.ts) load their rules on first use: linear algebra,
// windowed reductions, convolution and the FFT register their shape rules, JS kernels and
// transform rules when an API function that binds one calls the family's load function
// (src/families/). Checked here: statically, that every module binding a family's primitives
// either calls that load function or is one of the family's own rules (which run only once it is
// loaded); and at run time, in a fresh module graph, that nothing of a family is registered until
// its first use, that first use registers all of it, and that a bind that skipped the load says
// what went wrong instead of computing.
import { describe, expect, it, vi } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { PRIMITIVE_FAMILIES, PRIMITIVE_NAMES, type PrimitiveFamilyName } from "../../jaxpr/index.js";

const root = resolve(import.meta.dirname, "../..");
const LOAD_FUNCTION: Record<PrimitiveFamilyName, string> = { linalg: "loadLinalgFamily", window: "loadWindowFamily", conv: "loadConvFamily", fft: "loadFftFamily", control: "loadControlFamily" };
/** Modules that only wrap bind for a family's rules: binding through them counts as binding. */
const RAW_BINDERS: Partial<Record<PrimitiveFamilyName, readonly string[]>> = {
  linalg: ["src/lax/linalgBind.ts"],
  window: ["src/lax/windowPrimitives.ts"],
  // Control flow's binders live with its rules.
  control: ["src/control/cond.ts", "src/control/while.ts", "src/control/scan.ts", "src/control/linearSolve.ts"],
};

/** A module's code without its comments. */
const code = (file: string): string =>
  readFileSync(join(root, file), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "");

const sourceFiles = (dir: string): string[] =>
  readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));

/** The relative imports of a module, as repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms)]
    .filter(([statement]) => !/^(?:import|export)\s+type\s/.test(statement!))
    .map(([, specifier]) => relative(root, resolve(dirname(join(root, file)), specifier!.replace(/\.js$/, ".ts"))));
}

/** Every module a module reaches through its (non-type) relative imports. */
function closure(start: string): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const next of importsOf(stack.pop()!)) {
      if (!seen.has(next) && next.startsWith("src/")) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

describe("primitive families", () => {
  it("partition some of the catalogue: each family primitive is a catalogue primitive, in one family", () => {
    const all = Object.values(PRIMITIVE_FAMILIES).flat();
    expect(new Set(all).size).toBe(all.length);
    for (const p of all) expect(PRIMITIVE_NAMES).toContain(p);
  });

  const files = sourceFiles("src").filter((f) => !f.startsWith("src/families/"));
  for (const [family, names] of Object.entries(PRIMITIVE_FAMILIES) as [PrimitiveFamilyName, readonly string[]][]) {
    it(`${family}: every module that binds its primitives calls ${LOAD_FUNCTION[family]}, or is one of its rules`, () => {
      const rules = closure(`src/families/${family}.ts`);
      const literal = new RegExp(`\\bbind1?\\(\\s*"(${names.join("|")})"`);
      const raw = RAW_BINDERS[family] ?? [];
      const binders = files.filter((f) => !raw.includes(f) && (literal.test(code(f)) || importsOf(f).some((i) => raw.includes(i))));
      expect(binders.length).toBeGreaterThan(0);
      const unloaded = binders.filter((f) => !rules.has(f) && !new RegExp(`\\b${LOAD_FUNCTION[family]}\\(\\)`).test(code(f)));
      expect(unloaded).toEqual([]);
    });
  }
});

describe("primitive families, in a fresh module graph", () => {
  it("register nothing before first use, everything at first use; a bind that skipped the load names the family", async () => {
    vi.resetModules();
    const { numpy: np, lax, grad, vmap, jit } = await import("../../src/index.js");
    const { SHAPE_RULE_TABLE } = await import("../../jaxpr/index.js");
    const { LOWERING_TABLE } = await import("../../backends/js/lowerings/index.js");
    const { JVP_TABLE, TRANSPOSE_TABLE } = await import("../../src/ad/ruleTables.js");
    const { BATCH_TABLE } = await import("../../src/vmap/ruleTables.js");
    const { bind } = await import("../../src/core/trace.js");
    const registered = (p: Parameters<typeof LOWERING_TABLE.find>[0]): boolean[] =>
      [SHAPE_RULE_TABLE.find(p), LOWERING_TABLE.find(p), JVP_TABLE.find(p), BATCH_TABLE.find(p)].map((r) => r !== undefined);

    // A core computation under every transform loads no family.
    const f = (x: ReturnType<typeof np.array>) => np.sum(np.sin(x).mul(x));
    expect(grad(f)(np.array([0.5, 1])).shape).toEqual([2]);
    // The core batching rules install with the first vmap (src/vmap/coreRules.ts), not at import.
    expect(jit(grad(f))(np.array([0.5, 1])).shape).toEqual([2]);
    expect(() => BATCH_TABLE.find("sin")).toThrow(/batching rule table was read before its core rules were installed/);
    expect(jit(vmap(grad(f)))(np.ones([2, 3])).shape).toEqual([2, 3]);
    for (const p of Object.values(PRIMITIVE_FAMILIES).flat()) expect(registered(p), p).toEqual([false, false, false, false]);

    // Skipping the load (as a module binding directly would) is an internal error naming the family, not a wrong value.
    expect(() => bind("cholesky", [np.eye(2)], {})).toThrow(/no shape rule for cholesky: the linalg family's rules were not loaded/);

    // First use of each family registers all of its primitives' rules, then computes.
    expect(np.linalg.cholesky(np.array([[4, 2], [2, 5]])).tolist()).toEqual([[2, 0], [1, 2]]);
    for (const p of PRIMITIVE_FAMILIES.linalg) expect(registered(p), p).toEqual([true, true, true, true]);
    expect(TRANSPOSE_TABLE.find("triangular_solve")).toBeDefined();
    expect(registered("fft")).toEqual([false, false, false, false]);

    expect(np.real(np.fft.fft(np.array([1, 0, -1, 0]))).tolist()).toEqual([0, 2, 0, 2]);
    expect(registered("fft")).toEqual([true, true, true, true]);

    const pooled = lax.reduceWindow(np.arange(4).astype("float32"), -Infinity, lax.max, [2], [2], "VALID");
    expect(pooled.tolist()).toEqual([1, 3]);
    for (const p of PRIMITIVE_FAMILIES.window) expect(registered(p), p).toEqual([true, true, true, true]);
    // A monoid the kernel cannot inline (a jitted call whose constant is a library array) compiles
    // its jaxpr: the window family installs the compiler and the constants' resolver itself.
    const scale = np.array([2], { dtype: "float32" });
    const monoid = jit((a: ReturnType<typeof np.array>, b: ReturnType<typeof np.array>) => a.add(b).mul(scale.sum()).div(scale.sum()));
    expect(lax.reduceWindow(np.arange(6).astype("float32"), 0, monoid, [2], [2], "VALID").tolist()).toEqual([1, 5, 9]);

    const conv = lax.convGeneralDilated(np.ones([1, 1, 3]), np.ones([1, 1, 2]), [1], "VALID");
    expect(conv.tolist()).toEqual([[[2, 2]]]);
    expect(registered("conv_general_dilated")).toEqual([true, true, true, true]);

    // Control flow: its partial-evaluation rules and eager evaluation come with it.
    expect(() => SHAPE_RULE_TABLE.get("scan")).toThrow(/no shape rule for scan: the control family's rules were not loaded/);
    const [, ys] = lax.scan((c: ReturnType<typeof np.array>, x: ReturnType<typeof np.array>) => [c.add(x), c.add(x)] as const, np.array(0), np.arange(4));
    expect(ys.tolist()).toEqual([0, 1, 3, 6]);
    for (const p of PRIMITIVE_FAMILIES.control) expect(registered(p), p).toEqual([true, true, true, true]);
    // cond's partial evaluation and transpose, under grad: d/dx sin x at 1.
    const g = grad((x: ReturnType<typeof np.array>) => lax.cond(np.greater(x, 0), np.sin, np.cos, x) as typeof x)(np.array(1));
    expect(g.item()).toBeCloseTo(Math.cos(1), 6);
    vi.resetModules();
  });
});
