// Runs every `@example` block of the API reference's doc comments (src/) and checks each
// documented result against what dprog returns, so the reference cannot drift from the code.
import { transformSync } from "esbuild";
import { describe, expect, it } from "vitest";
import * as dprog from "../../src/index.js";
import { Array as DprogArray, ShapedArray, numpy as np } from "../../src/index.js";
import { collectExamples, instrument, readsAs } from "./docExamples.js";

const root = new URL("../..", import.meta.url).pathname;
const examples = collectExamples(root, ["src", "jaxpr"]);

/** dprog's exports as a user imports them (np is numpy), except names JS reserves. */
const scope: Record<string, unknown> = { ...dprog, np };
delete scope["typeof"];
const scopeNames = Object.keys(scope).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));

/** How a value reads in a doc comment: an Array as its repr, containers element by element. */
function format(value: unknown): string {
  if (value instanceof DprogArray) return np.arrayRepr(value);
  if (value instanceof ShapedArray) return String(value);
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "boolean" || value === null || value === undefined) return String(value);
  if (globalThis.Array.isArray(value)) return `[${value.map(format).join(", ")}]`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return `[${globalThis.Array.from(value as unknown as ArrayLike<number>, format).join(", ")}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && value.constructor !== Object) return String(value);
    return `{ ${entries.map(([k, v]) => `${k}: ${format(v)}`).join(", ")} }`;
  }
  return String(value);
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<void>;

describe("doc comment examples", () => {
  it("finds the examples", () => {
    expect(examples.length).toBeGreaterThan(200);
  });

  for (const example of examples) {
    it(example.where, async () => {
      const source = instrument(example.code);
      const js = transformSync(source, { loader: "ts", format: "esm", target: "es2022" }).code;
      if (example.notRun !== null) return; // compiled above; it needs something tests lack
      const failures: string[] = [];
      const check = (value: unknown, expected: string, line: number): void => {
        const actual = format(value);
        if (!readsAs(actual, expected)) {
          failures.push(`line ${line}: documented ${expected}\n          got ${actual}`);
        }
      };
      // A block of its own, so an example may declare a name dprog exports (`const grad = ...`).
      const run = new AsyncFunction(...scopeNames, "__check", `{\n${js}\n}`);
      await run(...scopeNames.map((name) => scope[name]), check);
      expect(failures, `${example.where}\n${failures.join("\n")}`).toEqual([]);
    });
  }
});
