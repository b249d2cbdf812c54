// A strict consumer of the published package (issue 19, item 8; its CommonJS twin, issue 18): the built package is packed with
// `npm pack`, installed into a fresh project (strict, noUncheckedIndexedAccess,
// exactOptionalPropertyTypes, module nodenext, skipLibCheck off so the shipped .d.ts is checked
// too) and a program that trains a model with valueAndGrad, optim.adam, jit, vmap, hessian, jacrev,
// tree.map and debug.callback must compile with `tsc` with no `as`, no `!` and no `any`, then run.
// dist/ is rebuilt only when a library source is newer than it. The test is skipped (with the
// reason) only when `npm pack` or installing the tarball is impossible on this machine.
import { describe, it, expect } from "vitest";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { ensureBuilt } from "../util/dist.js";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ts from "typescript";

const root = resolve(import.meta.dirname, "../..");

/** The consumer's program: what a user writes, typed by the package's .d.ts alone. */
const PROGRAM = `// Trains a linear model with a strict compiler and no casts.
import { numpy as np, random, tree, optim, jit, vmap, grad, hessian, jacrev, valueAndGrad, debug, Array } from "dprog";
import type { DType } from "dprog";

interface Params {
  w: Array;
  b: Array;
}

const keys = random.split(random.key(0));
const xs = random.normal(keys.get(0), [64, 3]);
const ys = np.add(np.matmul(xs, np.array([1.5, -2, 0.5])), 0.3);

const predict = (p: Params, x: Array): Array => np.add(np.dot(x, p.w), p.b);
const batched = vmap(predict, { inAxes: [null, 0] });
const loss = (p: Params, x: Array, y: Array): Array => np.mean(np.square(np.subtract(batched(p, x), y)));

let params: Params = { w: random.normal(keys.get(1), [3]).mul(0.1), b: np.array(0) };
const opt = optim.adam(0.1);
let state = opt.init(params);

// jit(valueAndGrad(...)) keeps the parameter and result types.
const lossAndGrad = jit(valueAndGrad(loss));
const [initialLoss, initialGrads] = lossAndGrad(params, xs, ys);
const gw: Array = initialGrads.w;

const losses: number[] = [];
const step = jit((p: Params, s: typeof state, x: Array, y: Array) => {
  const [value, grads] = valueAndGrad(loss)(p, x, y);
  debug.callback((v) => losses.push(v.item()), value);
  const [updates, next] = opt.update(grads, s, p);
  return { params: optim.applyUpdates(p, updates), state: next, loss: value };
});

for (let i = 0; i < 200; i++) {
  const r = step(params, state, xs, ys);
  params = r.params;
  state = r.state;
}
const finalLoss: number = loss(params, xs, ys).item();
const first = losses[0];
if (first === undefined || !(finalLoss < first / 100)) throw new Error(\`did not train: \${first} -> \${finalLoss}\`);

// tree.map: annotated or inferred leaves, several trees, and a declared result type.
const halved: Params = tree.map((leaf: Array) => leaf.mul(0.5), params);
const norms: { w: number; b: number } = tree.map((leaf) => np.sum(np.square(leaf)).item(), halved);
const diffs = tree.map((a: Array, b: Array) => a.sub(b), params, halved);
const dtypes: { w: DType; b: DType } = tree.map((leaf) => leaf.dtype, diffs);

// hessian and jacrev: JAX's nesting, the parameter structure at each output leaf.
const H = hessian((p: Params) => loss(p, xs, ys))(params);
const hww: Array = H.w.w;
const hwb: Array = H.w.b;
const J = jacrev((p: Params) => batched(p, xs))(params);
const jw: Array = J.w;
const dw: Array = grad(loss)(params, xs, ys).w;
const positive: boolean = np.all(np.greater(np.diag(hww), 0)).item<boolean>();

console.log(JSON.stringify({
  initialLoss: initialLoss.item(), finalLoss, steps: losses.length, norms, dtypes, positive,
  shapes: { gw: gw.shape, hww: hww.shape, hwb: hwb.shape, jw: jw.shape, dw: dw.shape },
}));
`;

/** What a CommonJS user writes: compiled to require("dprog"), it must get the ES modules' instance. */
const CJS_PROGRAM = `import { grad, numpy as np, Array } from "dprog";
const derivative = grad((x: Array) => np.sum(np.sin(x)))(np.array([0, 1]));
void import("dprog").then((esm) => {
  console.log(JSON.stringify({ derivative: derivative.tolist(), sameModule: esm.grad === grad }));
});
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "nodenext",
    moduleResolution: "nodenext",
    lib: ["ES2022", "DOM"],
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noImplicitReturns: true,
    noImplicitOverride: true,
    skipLibCheck: false,
    outDir: "out",
  },
  files: ["main.ts"],
};

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: timeoutMs, env: { ...process.env, npm_config_update_notifier: "false" } });
}
const output = (r: SpawnSyncReturns<string>): string => `${r.error ? String(r.error) + "\n" : ""}${r.stdout ?? ""}${r.stderr ?? ""}`.slice(-4000);

/** Non-syntax casts and escapes the program must not use: `as`, `<T>x`, `x!`, `any`. */
function castsIn(source: string): string[] {
  const sf = ts.createSourceFile("main.ts", source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isAsExpression(n) || ts.isTypeAssertionExpression(n) || ts.isNonNullExpression(n) || n.kind === ts.SyntaxKind.AnyKeyword) {
      found.push(n.getText(sf));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe("package: a strict TypeScript consumer", () => {
  it("the program uses no casts and no any", () => {
    expect(castsIn(PROGRAM)).toEqual([]);
    expect(castsIn("const a = b as number; const c = d!; let e: any;")).toHaveLength(3); // the scan sees them
  });

  it("packs, installs, compiles with tsc (strict, noUncheckedIndexedAccess, nodenext) and runs, as an ES module and as CommonJS", (ctx) => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), "dprog-consumer-"));
    try {
      const packs = join(dir, "packs");
      mkdirSync(packs);
      const pack = run("npm", ["pack", "--pack-destination", packs, "--silent", "--ignore-scripts"], root, 60_000);
      if (pack.status !== 0) return ctx.skip(`npm pack is not possible here:\n${output(pack)}`);
      // immer (the one dependency) is packed from node_modules, so the install needs no registry;
      // if that fails, an ordinary install from the registry is tried.
      const immer = run("npm", ["pack", "--pack-destination", packs, "--silent", "--ignore-scripts"], join(root, "node_modules/immer"), 60_000);
      const tarballs = readdirSync(packs).map((f) => join(packs, f));
      const dprogTarball = tarballs.find((f) => /dprog-[^/]*\.tgz$/.test(f));
      expect(dprogTarball, output(pack)).toBeDefined();
      const app = join(dir, "app");
      mkdirSync(app);
      writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
      const flags = ["--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock"];
      let install = immer.status === 0 ? run("npm", ["install", ...tarballs, "--offline", ...flags], app, 60_000) : null;
      if (install?.status !== 0) install = run("npm", ["install", dprogTarball ?? "", ...flags], app, 60_000);
      if (install.status !== 0) return ctx.skip(`installing the packed tarball is not possible here (offline and from the registry):\n${output(install)}`);

      writeFileSync(join(app, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
      writeFileSync(join(app, "main.ts"), PROGRAM);
      const tsc = run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "."], app, 60_000);
      expect(tsc.status, `tsc in the consumer project:\n${output(tsc)}`).toBe(0);

      const ran = run(process.execPath, [join(app, "out/main.js")], app, 60_000);
      expect(ran.status, output(ran)).toBe(0);
      const result = JSON.parse(ran.stdout.trim().split("\n").pop() ?? "") as {
        initialLoss: number;
        finalLoss: number;
        steps: number;
        positive: boolean;
        dtypes: Record<string, string>;
        shapes: Record<string, number[]>;
      };
      expect(result.steps).toBe(200);
      expect(result.finalLoss).toBeLessThan(result.initialLoss / 100);
      expect(result.positive).toBe(true);
      expect(result.dtypes).toEqual({ w: "float32", b: "float32" });
      expect(result.shapes).toEqual({ gw: [3], hww: [3, 3], hwb: [3], jw: [64, 3], dw: [3] });

      // A CommonJS consumer: tsc (nodenext, in a "type": "commonjs" folder) types it from
      // dist/index.d.cts and emits require("dprog"), which loads the same ES modules as import.
      const cjs = join(app, "cjs");
      mkdirSync(cjs);
      writeFileSync(join(cjs, "package.json"), JSON.stringify({ type: "commonjs" }));
      writeFileSync(join(cjs, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
      writeFileSync(join(cjs, "main.ts"), CJS_PROGRAM);
      const cjsTsc = run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "."], cjs, 60_000);
      expect(cjsTsc.status, `tsc in the CommonJS consumer:\n${output(cjsTsc)}`).toBe(0);
      expect(readFileSync(join(cjs, "out/main.js"), "utf8")).toContain('require("dprog")');
      const cjsRan = run(process.execPath, [join(cjs, "out/main.js")], cjs, 60_000);
      expect(cjsRan.status, output(cjsRan)).toBe(0);
      expect(JSON.parse(cjsRan.stdout.trim())).toEqual({ derivative: [1, 0.5403022766113281], sameModule: true });
      // Where require(esm) is off (Node before 20.19), the error says what to do instead.
      const old = run(process.execPath, ["--no-experimental-require-module", join(cjs, "out/main.js")], cjs, 60_000);
      expect(old.status).not.toBe(0);
      expect(old.stderr).toContain('require("dprog") needs Node 20.19+ or 22.12+');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
