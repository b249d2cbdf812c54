// Where helper threads come from: Node's worker_threads or a browser's Web Workers. In Node the
// Worker class is loaded synchronously where it can be (process.getBuiltinModule, Node 20.16+):
// a helper started through an async import() would only come up once the caller yields to the
// event loop, which a synchronous compute loop never does.
export type NodeWorkerClass = typeof import("node:worker_threads").Worker;

let hostForTests: "browser" | "node" | null = null;

/**
 * Test hook: makes isNode() (and so canBlock()) report `host` instead of the real host, so that
 * tests in Node can drive the browser branches (Web Workers, a main thread that must not block);
 * null restores detection. The pools read it when they start, so tests reload their modules.
 */
export function setHostForTests(host: "browser" | "node" | null): void {
  hostForTests = host;
}

export const isNode = (): boolean =>
  hostForTests !== null ? hostForTests === "node" : typeof process === "object" && typeof process.versions?.node === "string";

/** Whether this thread may block in Atomics.wait (Node and workers; a browser's main thread must spin). */
export const canBlock = (): boolean => isNode() || typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined";

/** Node's Worker class, or null where it cannot be had synchronously. */
export function nodeWorkerClassSync(): NodeWorkerClass | null {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== "function") return null;
  return (get("node:worker_threads") as typeof import("node:worker_threads")).Worker;
}

export async function loadNodeWorkerClass(): Promise<NodeWorkerClass> {
  // A variable specifier (with bundlers' ignore comments): browser bundles never resolve node:worker_threads.
  const id = "node:worker_threads";
  return nodeWorkerClassSync() ?? ((await import(/* webpackIgnore: true */ /* @vite-ignore */ id)) as typeof import("node:worker_threads")).Worker;
}

/** What the pools use of a browser's Worker. */
export interface BrowserWorker {
  postMessage(m: unknown): void;
  onerror: ((e: unknown) => void) | null;
  onmessage: ((e: unknown) => void) | null;
  terminate(): void;
}

/** A browser Web Worker running `source` (a Blob URL), or null where workers are missing. */
export function browserWorker(source: string): BrowserWorker | null {
  const W = (globalThis as { Worker?: new (url: string) => BrowserWorker }).Worker;
  if (W === undefined || typeof Blob !== "function" || typeof URL.createObjectURL !== "function") return null;
  try {
    return new W(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
  } catch {
    // A page whose Content Security Policy forbids blob: workers throws here: run on one thread.
    return null;
  }
}
