// compileFunction (backends/js/codegen.ts): where generated code is forbidden, one clear error.
// Node's --disallow-code-generation-from-strings forbids `new Function` as a Content Security
// Policy without 'unsafe-eval' does in a page (the browser case is in test/browser/): a child
// process run with it imports the library, and every operation must either give the right value
// or throw dprog's EvalError (never the engine's bare one). Where code may be generated,
// compileFunction is `new Function`.
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CODE_GENERATION_BLOCKED, compileFunction } from "../../../backends/js/codegen.js";

const root = resolve(import.meta.dirname, "../../..");

const CHILD = (rootUrl: string): string => `
const { CODE_GENERATION_BLOCKED, compileFunction } = await import(new URL("backends/js/codegen.ts", ${JSON.stringify(rootUrl)}).href);
const dp = await import(new URL("src/index.ts", ${JSON.stringify(rootUrl)}).href);
const { numpy: np, jit, grad } = dp;
const outcome = (f) => {
  try {
    return { values: Array.from(f().dataSync()) };
  } catch (e) {
    return { name: e.name, message: e.message, cause: String(e.cause) };
  }
};
const x = np.array([0.5, 1, 2]);
console.log(JSON.stringify({
  expected: CODE_GENERATION_BLOCKED,
  compile: outcome(() => compileFunction(["a"], "return a")),
  eager: outcome(() => np.sin(x).mul(2)),
  jit: outcome(() => jit((v) => np.sin(v).mul(2))(x)),
  grad: outcome(() => grad((v) => np.sum(np.sin(v)))(x)),
}));
`;

interface Outcome {
  values?: number[];
  name?: string;
  message?: string;
  cause?: string;
}

describe("compileFunction", () => {
  it("is the Function constructor where code may be generated", () => {
    const add = compileFunction(["a", "b"], '"use strict"; return a + b;');
    expect(add(2, 3)).toBe(5);
    expect(CODE_GENERATION_BLOCKED).toMatch(/script-src 'self' 'unsafe-eval'/);
  });

  it("where code generation is forbidden: the import works, and each operation is right or throws dprog's one EvalError", () => {
    const dir = mkdtempSync(join(tmpdir(), "dprog-codegen-"));
    try {
      const script = join(dir, "child.mjs");
      writeFileSync(script, CHILD(pathToFileURL(root + "/").href));
      const stdout = execFileSync(process.execPath, ["--disallow-code-generation-from-strings", "--import", "tsx", script], { cwd: root, encoding: "utf8", timeout: 60_000 });
      const r = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, Outcome> & { expected: string };
      expect(r.compile).toEqual({ name: "EvalError", message: r.expected, cause: "EvalError: Code generation from strings disallowed for this context" });
      const x = [0.5, 1, 2];
      const want: Record<string, number[]> = { eager: x.map((v) => 2 * Math.sin(v)), jit: x.map((v) => 2 * Math.sin(v)), grad: x.map(Math.cos) };
      for (const [name, values] of Object.entries(want)) {
        const o = r[name]!;
        if (o.values === undefined) expect({ name: o.name, message: o.message }, name).toEqual({ name: "EvalError", message: r.expected });
        else o.values.forEach((v, i) => expect(v, `${name}[${i}]`).toBeCloseTo(values[i]!, 6));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
