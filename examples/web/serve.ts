// `npm run web`: a small static server for the repository root, so that examples/web/ can import
// the self-contained bundle (dist/index.js, built first if missing) with no bundler. It sends
// Cross-Origin-Opener-Policy/-Embedder-Policy headers: a page is cross-origin isolated only with
// both, and only then has SharedArrayBuffer, which dprog's helper Web Workers need
// (https://web.dev/articles/coop-coep). The browser tests start it too, with and without them.
//
//   npm run web [-- --port=8080]
import { createServer, type Server } from "node:http";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

export const repositoryRoot = resolve(import.meta.dirname, "../..");

const MIME_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".map": "application/json; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

export interface ServeOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Send COOP/COEP (default true), making pages cross-origin isolated. */
  readonly isolate?: boolean;
  /** Extra headers on every response (the tests add a Content-Security-Policy). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Builds dist/ (npm run build) if the bundle the page imports is missing. */
export function ensureBundle(root: string = repositoryRoot): void {
  if (existsSync(join(root, "dist/index.js"))) return;
  console.log("dist/index.js is missing: running npm run build ...");
  const r = spawnSync(process.execPath, [join(root, "node_modules/tsup/dist/cli-default.js")], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) throw new Error("npm run build failed");
}

/** The file a URL path names under `root`, or null if it is outside root or missing. */
function fileFor(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = resolve(root, `.${path}`);
  if (file !== root && !file.startsWith(root + sep)) return null;
  if (!existsSync(file)) return null;
  if (statSync(file).isDirectory()) {
    const index = join(file, "index.html");
    return existsSync(index) ? index : null;
  }
  return file;
}

export function startServer(options: ServeOptions = {}, root: string = repositoryRoot): Promise<RunningServer> {
  const isolate = options.isolate ?? true;
  const host = options.host ?? "127.0.0.1";
  const server = createServer((req, res) => {
    const urlPath = new URL(req.url ?? "/", "http://localhost").pathname;
    const headers: Record<string, string> = { "Cache-Control": "no-store", ...options.headers };
    if (isolate) {
      headers["Cross-Origin-Opener-Policy"] = "same-origin";
      headers["Cross-Origin-Embedder-Policy"] = "require-corp";
    }
    if (urlPath === "/") {
      res.writeHead(302, { ...headers, Location: "/examples/web/" });
      res.end();
      return;
    }
    // A directory URL without its slash would resolve the page's relative imports one level up.
    const file = fileFor(root, urlPath);
    if (file !== null && file.endsWith(`${sep}index.html`) && !urlPath.endsWith("/") && !urlPath.endsWith(".html")) {
      res.writeHead(301, { ...headers, Location: `${urlPath}/` });
      res.end();
      return;
    }
    if (file === null || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(file === null ? 404 : 405, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
      res.end(file === null ? `not found: ${urlPath}\n` : "method not allowed\n");
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { ...headers, "Content-Type": MIME_TYPES[extname(file)] ?? "application/octet-stream", "Content-Length": String(body.length) });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      resolvePromise({
        url: `http://${host}:${port}`,
        server,
        // A browser that stays open keeps its connections alive: end them, or close() waits for them.
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const portArg = process.argv.find((a) => a.startsWith("--port="));
  ensureBundle();
  const { url } = await startServer({ port: portArg === undefined ? 8080 : Number(portArg.slice("--port=".length)) });
  console.log(`dprog web example: ${url}/examples/web/  (cross-origin isolated; Ctrl-C stops)`);
}
