// Imports each given source file first, in a module graph of its own, and prints (as JSON) the
// files whose import throws. Run by imports.test.ts as
//   node --experimental-vm-modules --import tsx test/architecture/freshImports.ts FILE...
// A child process per file (node --import tsx) is the plain way to get a fresh graph, but costs
// about 0.6 s of CPU a file; here one process builds a new graph of vm.SourceTextModules per file,
// so module evaluation keeps ESM's real semantics (evaluation order, cycles, temporal dead zone:
// importing a module first in a cycle throws "Cannot access 'X' before initialization" as it does
// under node) while each file's TypeScript is transpiled once. vitest's resetModules and esbuild
// bundles do not reproduce that error, so neither can stand in for it.
import vm from "node:vm";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { transformSync } from "esbuild";

const root = resolve(import.meta.dirname, "../..");

const transpiled = new Map<string, string>();
function source(path: string): string {
  let code = transpiled.get(path);
  if (code === undefined) {
    const text = readFileSync(path, "utf8");
    code = path.endsWith(".ts") ? transformSync(text, { loader: "ts", format: "esm", target: "es2022", sourcefile: path }).code : text;
    transpiled.set(path, code);
  }
  return code;
}

/** A relative specifier as the TypeScript sources write it (`./x.js` for `./x.ts`) to a file. */
function resolveFile(specifier: string, parent: string): string {
  const base = resolve(dirname(parent), specifier);
  const candidates = [base.replace(/\.js$/, ".ts"), base, `${base}.ts`, resolve(base, "index.ts")];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (found === undefined) throw new Error(`cannot resolve ${specifier} from ${parent}`);
  return found;
}

/** Packages and node built-ins are shared by every graph (they are not what this checks). */
const externals = new Map<string, Promise<vm.Module>>();
function external(specifier: string): Promise<vm.Module> {
  let m = externals.get(specifier);
  if (m === undefined) {
    m = (async () => {
      const ns = (await import(specifier)) as Record<string, unknown>;
      const names = Object.keys(ns);
      const mod = new vm.SyntheticModule(names, function (this: vm.SyntheticModule) {
        for (const n of names) this.setExport(n, ns[n]);
      }, { identifier: specifier });
      await mod.link(() => {
        throw new Error("a synthetic module has no imports");
      });
      await mod.evaluate();
      return mod;
    })();
    externals.set(specifier, m);
  }
  return m;
}

/** Imports `entry` in a new graph: every source module it reaches is instantiated afresh. */
async function importFresh(entry: string): Promise<void> {
  const graph = new Map<string, vm.SourceTextModule>();
  const load = (path: string): vm.SourceTextModule => {
    let m = graph.get(path);
    if (m === undefined) {
      m = new vm.SourceTextModule(source(path), {
        identifier: path,
        initializeImportMeta: (meta) => {
          meta.url = pathToFileURL(path).href;
          meta.dirname = dirname(path);
          meta.filename = path;
        },
        importModuleDynamically: (async (specifier: string) => {
          const target = await linker(specifier, path);
          if (target.status === "unlinked") await target.link((s, ref) => linker(s, ref.identifier));
          if (target.status === "linked") await target.evaluate();
          return target;
        }) as unknown as vm.SourceTextModuleOptions["importModuleDynamically"],
      });
      graph.set(path, m);
    }
    return m;
  };
  const linker = async (specifier: string, parent: string): Promise<vm.Module> =>
    specifier.startsWith(".") || specifier.startsWith("/") ? load(resolveFile(specifier, parent)) : external(specifier);
  const m = load(entry);
  await m.link((specifier, referencing) => linker(specifier, referencing.identifier));
  await m.evaluate();
}

const failures: string[] = [];
for (const file of process.argv.slice(2)) {
  try {
    await importFresh(resolve(root, file));
  } catch (e) {
    failures.push(`${file}: ${String(e).split("\n")[0]}`);
  }
}
process.stdout.write(JSON.stringify(failures) + "\n");
process.exit(0);
