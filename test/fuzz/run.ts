// The long fuzz run: `npm run fuzz -- --minutes=N [--seed=S] [--programs=P] [--exclude=a,b]`.
import { fuzz, summary } from "./fuzz.js";
import { OPS } from "./ops.js";

const args = new Map<string, string>();
for (const a of process.argv.slice(2)) {
  const m = /^--([\w-]+)(?:=(.*))?$/.exec(a);
  if (m === null) {
    console.error(`unknown argument ${a}`);
    process.exit(2);
  }
  args.set(m[1]!, m[2] ?? "true");
}
const minutes = Number(args.get("minutes") ?? "1");
const seed = Number(args.get("seed") ?? String(Date.now() % 1_000_000));
const programs = args.has("programs") ? Number(args.get("programs")) : undefined;
const exclude = new Set((args.get("exclude") ?? "").split(",").filter(Boolean));
for (const e of exclude) if (!OPS.some((o) => o.name === e)) console.error(`warning: no op family named ${e}`);
console.log(`dprog fuzz: seed ${seed}, ${programs !== undefined ? `${programs} programs` : `${minutes} minute(s)`}${exclude.size > 0 ? `, excluding ${[...exclude].join(", ")}` : ""}`);
const stats = fuzz({ seed, timeMs: programs !== undefined ? undefined : minutes * 60_000, programs, exclude, maxReports: Number(args.get("max-reports") ?? "30"), log: (s) => console.log(s) });
console.log(summary(stats));
process.exit(stats.mismatches + stats.crashes > 0 ? 1 : 0);
