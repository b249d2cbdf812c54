// Node's process and built-in modules, reached only when called and only where they exist. This
// package is imported by browsers and bundlers too: nothing here (or in any module a browser loads)
// imports a Node built-in or reads `process` at module load.

export interface NodeProcessLike {
  readonly versions: { readonly node?: string };
  readonly env: Record<string, string | undefined>;
  getBuiltinModule?(id: string): unknown;
}

/** Node's process object where there is one (never assumed: a browser has none). */
export function nodeProcess(): NodeProcessLike | undefined {
  const p = (globalThis as { process?: NodeProcessLike }).process;
  return typeof p === "object" && p !== null && typeof p.versions?.node === "string" ? p : undefined;
}

/** The environment variable `name` in Node, undefined elsewhere. */
export function envVar(name: string): string | undefined {
  return nodeProcess()?.env[name];
}

/**
 * A Node built-in module, loaded synchronously through process.getBuiltinModule (Node 20.16+), or
 * undefined outside Node (or on an older Node).
 */
export function nodeBuiltin<T>(id: `node:${string}`): T | undefined {
  return nodeProcess()?.getBuiltinModule?.(id) as T | undefined;
}
