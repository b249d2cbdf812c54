// The README's TypeScript blocks type-check under the project's strict settings and run as
// written: each block is written to a module importing the library's source in place of "dprog",
// checked with the TypeScript compiler, then imported (which runs it).
import { describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const blocks = [...readFileSync(join(root, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = join(root, "test", ".readme");

/** Writes each block as a module that imports the library's source; returns the file paths. */
function writeBlocks(): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const entry = relative(dir, join(root, "src", "index.js")).replace(/\\/g, "/");
  return blocks.map((code, i) => {
    const file = join(dir, `block${i}.ts`);
    writeFileSync(file, `${code.replace(/from "dprog"/g, `from "${entry}"`)}\nexport {};\n`);
    return file;
  });
}

describe("README", () => {
  const files = writeBlocks();

  it("has TypeScript blocks", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  it("every block type-checks with the project's strict options", () => {
    const config = ts.readConfigFile(join(root, "tsconfig.json"), (p) => ts.sys.readFile(p));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
    const messages = files.flatMap((f) => {
      const source = program.getSourceFile(f)!;
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${relative(root, f)}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      });
    });
    expect(messages).toEqual([]);
  }, 120_000);

  it.each(files.map((f, i) => [i, f] as const))("block %i runs", async (_i, file) => {
    await expect(import(pathToFileURL(file).href)).resolves.toBeDefined();
  });
});
