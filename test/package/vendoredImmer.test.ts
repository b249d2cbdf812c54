// dist/esm/vendor/immer.js is built from immer's ESM source with the work it does at load
// deferred to first use (tsup.config.ts, vendorImmer), so that a bundle that never rewrites a
// jaxpr drops it. The patches touch immer's instance and its array proxy traps: checked here on
// the built file, since the tests of src/ import immer from node_modules, not the vendored copy.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ensureBuilt } from "../util/dist.js";

const root = resolve(import.meta.dirname, "../..");

describe("the vendored immer", () => {
  it("drafts objects and arrays as immer does, freezes results, shares what did not change, and runs nothing at load", async () => {
    ensureBuilt();
    const file = join(root, "dist/esm/vendor/immer.js");
    // No module-level `new` or call that a minifier would have to keep (the instance and the traps are made on first use).
    expect(readFileSync(file, "utf8")).not.toMatch(/\.bind\([A-Za-z_$][\w$]*\)[,;]/);
    const { produce } = (await import(pathToFileURL(file).href)) as { produce: <T>(base: T, recipe: (draft: T) => void) => T };
    const base = Object.freeze({ a: Object.freeze([1, 2, 3]), b: Object.freeze({ c: 1 }), d: Object.freeze([Object.freeze({ x: 1 })]), e: Object.freeze({ f: 1 }) });
    const next = produce(base, (draft) => {
      (draft.a as number[]).push(4);
      (draft.a as number[])[0] = 9;
      (draft.b as { c: number }).c = 2;
      (draft.d as { x: number }[])[0]!.x = 5;
    });
    expect(next).toEqual({ a: [9, 2, 3, 4], b: { c: 2 }, d: [{ x: 5 }], e: { f: 1 } });
    expect(base).toEqual({ a: [1, 2, 3], b: { c: 1 }, d: [{ x: 1 }], e: { f: 1 } });
    expect(next.e).toBe(base.e);
    expect(Object.isFrozen(next) && Object.isFrozen(next.a) && Object.isFrozen(next.d[0])).toBe(true);
    expect(produce(base, () => undefined)).toBe(base);
  });
});
