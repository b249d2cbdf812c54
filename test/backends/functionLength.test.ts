// No function in backends/ is longer than MAX_LINES (issue 17: "no function over about 80 lines in
// backends/"): every .ts file is parsed with the TypeScript compiler API and each function,
// method, accessor, constructor and arrow is measured from its first to its last line.
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const MAX_LINES = 80;
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Files whose long functions are being split by their owner, each entry temporary and naming the
 * function and the work that splits it. Empty: the kernel-IR rewrite (issue 17) had both of its
 * entries (fusion/partition.ts's partitionJaxpr, 178 lines, and fusion/groupKernel.ts's
 * emitGroupKernel, 148) removed once it split them; the second test fails on a stale entry.
 */
const ALLOWED_FOR_NOW: Readonly<Record<string, string>> = {};

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The name a function goes by: its own, or that of the variable, property or parameter holding it. */
function nameOf(node: ts.FunctionLikeDeclaration): string {
  if (ts.isConstructorDeclaration(node)) return "constructor";
  if (node.name !== undefined && ts.isIdentifier(node.name)) return node.name.text;
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return "<anonymous>";
}

interface LongFunction {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  readonly lines: number;
}

function longFunctions(path: string): LongFunction[] {
  const file = relative(ROOT, path).split("\\").join("/");
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
      const f = node as ts.FunctionLikeDeclaration;
      const first = source.getLineAndCharacterOfPosition(f.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(f.getEnd()).line;
      const lines = last - first + 1;
      if (lines > MAX_LINES) found.push({ file, name: nameOf(f), line: first + 1, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("function length in backends/", () => {
  const all = tsFiles(join(ROOT, "backends")).flatMap(longFunctions);

  it(`has no function over ${MAX_LINES} lines`, () => {
    const offending = all.filter((f) => !(f.file in ALLOWED_FOR_NOW)).map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
    expect(offending).toEqual([]);
  });

  it("allows only files that still have a long function (remove an entry once its file is split)", () => {
    const stale = Object.keys(ALLOWED_FOR_NOW).filter((file) => !all.some((f) => f.file === file));
    expect(stale).toEqual([]);
  });
});
