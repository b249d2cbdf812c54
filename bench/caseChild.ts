// The child process of bench/cases.ts's runCases: times one contender kind of a bench's cases.
//   tsx bench/caseChild.ts <bench module's URL> <its exported case factory> <kind>
// It waits for the parent's order (the references' outputs) on the IPC channel and answers there.
import { KINDS, serveKind, type Kind } from "./cases.js";

const [module, factory, kind] = process.argv.slice(2);
const isKind = (k: string | undefined): k is Kind => KINDS.some((known) => known === k);
if (module === undefined || factory === undefined || !isKind(kind) || process.send === undefined) {
  throw new Error("usage (forked by bench/cases.ts's runCases): caseChild.ts <module URL> <case factory> <kind>");
}
await serveKind(module, factory, kind);
