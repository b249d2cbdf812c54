// Whether headless-gl renders on a GPU. headless-gl masks its renderer string ("ANGLE") and has
// no WEBGL_debug_renderer_info, so the GL context cannot say. The X display can: a virtual
// framebuffer server (Xvfb, and the VNC servers built on it) has no GPU and always renders with
// Mesa's software rasterizer. Linux only (it reads /proc); elsewhere nothing is known. node:fs is
// reached only when called (host.ts), so a browser importing dprog never needs it.
import { envVar, nodeBuiltin } from "./host.js";

const VIRTUAL_SERVERS = new Set(["Xvfb", "Xvnc", "Xtightvnc", "Xtigervnc"]);

/** The display number of an X display name (":99", ":99.0", "localhost:10.0"), or null. */
export function displayNumber(display: string): string | null {
  return /:(\d+)(?:\.\d+)?$/.exec(display)?.[1] ?? null;
}

/** Whether an X server's command line (argv) serves display `number` from a virtual framebuffer. */
export function servesVirtualDisplay(argv: readonly string[], number: string): boolean {
  const program = argv[0]?.split("/").pop() ?? "";
  return VIRTUAL_SERVERS.has(program) && argv.slice(1).includes(`:${number}`);
}

/** The name of the virtual X server behind `display` ("Xvfb"), or null when none is found. */
export function virtualDisplayServer(display: string | undefined = envVar("DISPLAY")): string | null {
  const number = display === undefined ? null : displayNumber(display);
  if (number === null) return null;
  const fs = nodeBuiltin<typeof import("node:fs")>("node:fs");
  if (fs === undefined) return null; // not Node
  const { readdirSync, readFileSync } = fs;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return null; // no /proc: not Linux
  }
  for (const pid of pids) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    } catch {
      continue; // exited, or not ours to read
    }
    if (servesVirtualDisplay(argv, number)) return argv[0]!.split("/").pop()!;
  }
  return null;
}
