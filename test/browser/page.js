// The page side of browser.test.ts: loaded into test/browser/blank.html, it watches the Web
// Workers the library starts, imports the bundle, runs checks.js and reports plain data back.
// @ts-check
import { controlFlowChecks, fftCheck, fusedCheck, gemmCheck, randomChecks, transformChecks } from "./checks.js";

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Wraps the page's Worker class (before dprog is imported) to see what the helpers get: the
 * wasm GEMM helper's init message carries its shared memory and control block, whose word 0
 * numbers the jobs posted and word 1 the last job the helper finished (backends/js/wasm/pool.ts),
 * so a product was shared when it posted a job and the helper finished it. A fused loop's job
 * carries its control words, whose claim counter ends at chunks + 2 once both threads have run
 * out of chunks (backends/js/threads/kernelPool.ts), at chunks + 1 while the helper has not
 * reached the job: read as the call returns, chunks + 2 means the helper worked on the job while
 * the page's thread did (it may still have found every chunk claimed). FFT batches are jobs of the
 * same pool, whose kernel source defines fftChunk (backends/js/fft/parallel.ts). Each helper
 * posts "started" to the page once it can take work; ready() waits for those.
 */
/** @type {(first: number) => number} Of the fused jobs posted from the `first`th on, how many the helper has reached. */
let fusedJobsReachedSince = () => 0;
/** @type {(first: number) => number} Of the FFT jobs among them, how many the helper has reached. */
let fftJobsReachedSince = () => 0;

function watchWorkers() {
  const Native = globalThis.Worker;
  let started = 0;
  let running = 0;
  /** @type {{ memory: WebAssembly.Memory, ctrlAt: number } | null} */
  let gemm = null;
  /** @type {{ ctrl: Int32Array, chunks: number, fft: boolean }[]} */
  const fusedJobs = [];
  /** Kernel ids whose source is the FFT's. */
  const fftKernels = new Set();
  globalThis.Worker = class extends Native {
    /** @param {string | URL} url @param {WorkerOptions} [options] */
    constructor(url, options) {
      super(url, options);
      started++;
      this.addEventListener("message", (/** @type {MessageEvent} */ e) => {
        if (e.data === "started") running++;
      });
    }
    /** @param {any} message @param {any} [transfer] */
    postMessage(message, transfer) {
      if (message?.memory instanceof WebAssembly.Memory) gemm = { memory: message.memory, ctrlAt: message.ctrlAt };
      if (typeof message?.source === "string" && message.source.includes("function fftChunk(")) fftKernels.add(message.id);
      if (message?.ctrl instanceof Int32Array) fusedJobs.push({ ctrl: message.ctrl, chunks: message.chunks, fft: fftKernels.has(message.id) });
      super.postMessage(message, transfer);
    }
  };
  const gemmWords = () => {
    if (gemm === null) return { posted: 0, done: 0 };
    const ctrl = new Int32Array(gemm.memory.buffer, gemm.ctrlAt, 16);
    return { posted: Atomics.load(ctrl, 0), done: Atomics.load(ctrl, 1) };
  };
  fusedJobsReachedSince = (first) => fusedJobs.slice(first).filter((j) => Atomics.load(j.ctrl, 0) >= j.chunks + 2).length;
  fftJobsReachedSince = (first) => fusedJobs.slice(first).filter((j) => j.fft && Atomics.load(j.ctrl, 0) >= j.chunks + 2).length;
  return () => ({
    workersStarted: started,
    workersRunning: running,
    gemm: gemmWords(),
    fusedJobsPosted: fusedJobs.length,
    fusedJobsReachedByHelper: fusedJobs.filter((j) => Atomics.load(j.ctrl, 0) >= j.chunks + 2).length,
  });
}

/**
 * @template T
 * @param {() => T} f
 * @returns {T | { error: string }}
 */
function attempt(f) {
  try {
    return f();
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e) };
  }
}

export async function runChecks() {
  const report = watchWorkers();
  const t0 = performance.now();
  const dp = /** @type {typeof import("../../src/index.js")} */ (await import(/** @type {string} */ ("/dist/index.js")));
  const importMs = performance.now() - t0;
  // The self-contained bundle imports the wasm GEMM statically (no bundler splits it off), so a
  // product made before ready() already runs on it; ready() then waits for the helper threads.
  const gemmBeforeReady = attempt(() => gemmCheck(dp, 64).usesWasm);
  const t1 = performance.now();
  await dp.ready();
  const readyMs = performance.now() - t1;
  const workersRunningAtReady = report().workersRunning;
  const transforms = attempt(() => transformChecks(dp));
  const controlFlow = attempt(() => controlFlowChecks(dp));
  const random = attempt(() => randomChecks(dp));
  // ready() has waited for the GEMM helper's loop to run (isolated); a busy helper still misses some products.
  const gemm = [];
  /**
   * Per product, whether the helper computed part of it: it posted a job and the helper finished
   * that job (else the main thread took the rows back: the helper was starting or busy).
   */
  const gemmShared = [];
  // Isolated, up to ten products until two were shared (on a loaded machine the helper misses
  // some); else three, none of which can be.
  const products = globalThis.crossOriginIsolated ? 10 : 3;
  for (let i = 0; i < products && gemmShared.filter(Boolean).length < 2; i++) {
    const before = report().gemm;
    gemm.push(attempt(() => gemmCheck(dp)));
    const after = report().gemm;
    gemmShared.push(after.posted !== before.posted && after.done === after.posted);
    await sleep(100);
  }
  /**
   * Runs `check` up to `tries` times, until two calls had jobs reached by the helper: the results,
   * and per call how many of its jobs (`reachedSince`) the helper had reached when it returned.
   * @param {() => unknown} check @param {(first: number) => number} reachedSince @param {number} tries
   */
  const untilHelped = async (check, reachedSince, tries) => {
    const results = [];
    /** @type {number[]} */
    const reached = [];
    for (let i = 0; i < tries && reached.filter((n) => n > 0).length < 2; i++) {
      const before = report().fusedJobsPosted;
      results.push(attempt(check));
      reached.push(reachedSince(before));
      await sleep(100);
    }
    return { results, reached };
  };
  const isolated = globalThis.crossOriginIsolated;
  const { results: fused, reached: fusedReachedDuringCall } = await untilHelped(() => fusedCheck(dp), fusedJobsReachedSince, isolated ? 6 : 2);
  const { results: fft, reached: fftReachedDuringCall } = await untilHelped(() => fftCheck(dp), fftJobsReachedSince, isolated ? 6 : 1);
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer === "function",
    importMs,
    readyMs,
    workersRunningAtReady,
    checksMs: performance.now() - t0 - importMs - readyMs,
    gemmBeforeReady,
    transforms,
    controlFlow,
    random,
    gemm,
    gemmShared,
    fused,
    fusedReachedDuringCall,
    fft,
    fftReachedDuringCall,
    workers: report(),
  };
}

/**
 * Pixel statistics of a PNG (a screenshot), decoded by the browser: how many pixels are not
 * white, and how many are near each of the given colours.
 * @param {string} base64
 * @param {[number, number, number][]} colours
 */
export async function imageStats(base64, colours) {
  const image = new Image();
  image.src = `data:image/png;base64,${base64}`;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  let nonWhite = 0;
  const near = colours.map(() => 0);
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
    if (r < 245 || g < 245 || b < 245) nonWhite++;
    colours.forEach(([cr, cg, cb], k) => {
      if (Math.abs(r - cr) + Math.abs(g - cg) + Math.abs(b - cb) < 60) near[k] = (near[k] ?? 0) + 1;
    });
  }
  return { width: image.width, height: image.height, pixels: image.width * image.height, nonWhite, near };
}
