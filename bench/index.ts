// `npm run bench [name ...]`: the named benchmarks (all of them without a name), one after
// another, in one process; those built on bench/cases.ts time each library in a child process of
// its own. Each prints a table of medians and ratios against a hand-written JS loop and against
// peers measured in the same run. An unknown name is an error that lists the
// valid ones, given before any benchmark (or peer library) is loaded.
export {}; // a module (top-level await), though it imports only lazily

const benches: Record<string, () => Promise<unknown>> = {
  eager: async () => (await import("./eager.js")).main(),
  matmul: async () => (await import("./matmul.js")).main(),
  mlp: async () => (await import("./mlp.js")).main(),
  jit: async () => (await import("./jit.js")).main(),
  epilogue: async () => (await import("./epilogue.js")).main(),
  depthwise: async () => (await import("./depthwise.js")).main(),
  perExample: async () => (await import("./perExample.js")).main(),
  rnn: async () => (await import("./rnn.js")).main(),
  gpu: async () => (await import("./gpu.js")).main(),
  memory: async () => (await import("./memory.js")).main(),
  jet: async () => (await import("./jet.js")).main(),
  linalg: async () => (await import("./linalg.js")).main(),
  science: async () => (await import("./science.js")).main(),
  pooling: async () => (await import("./pooling.js")).main(),
  conv: async () => (await import("./conv.js")).main(),
  fft: async () => (await import("./fft.js")).main(),
  bundleSize: async () => (await import("./bundleSize.js")).main(),
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !Object.hasOwn(benches, name));
if (unknown.length > 0) {
  console.error(`npm run bench: unknown benchmark ${unknown.map((n) => JSON.stringify(n)).join(", ")}; valid names: ${Object.keys(benches).join(", ")} (no name runs them all)`);
  process.exit(2);
}
for (const [name, run] of Object.entries(benches)) {
  if (requested.length === 0 || requested.includes(name)) await run();
}
