// `npm run bench`: every benchmark, one after another, in one process. Each prints a table of
// medians and ratios against a hand-written JS loop and against peers measured in the same run.
import { main as eager } from "./eager.js";
import { main as matmul } from "./matmul.js";
import { main as mlp } from "./mlp.js";
import { main as jitBench } from "./jit.js";
import { main as perExample } from "./perExample.js";
import { main as rnn } from "./rnn.js";
import { main as gpu } from "./gpu.js";
import { main as epilogue } from "./epilogue.js";
import { main as memory } from "./memory.js";
import { main as jetBench } from "./jet.js";

const only = process.argv[2];
const benches: Record<string, () => Promise<unknown>> = { eager, matmul, mlp, jit: jitBench, epilogue, perExample, rnn, gpu, memory, jet: jetBench };
for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  await run();
}
