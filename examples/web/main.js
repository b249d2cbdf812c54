// The page's script: imports the bundle, trains the spiral MLP a few steps per animation frame
// (so the page stays responsive), and redraws the decision regions and the loss curve.
// @ts-check
import * as dp from "../../dist/index.js";
import { createTrainer } from "./spiral.js";
import { drawBoundary, drawLoss } from "./plots.js";

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const button = /** @type {HTMLButtonElement} */ (byId("toggle"));
const deviceButton = /** @type {HTMLButtonElement} */ (byId("device"));
const status = byId("status");
const boundary = /** @type {HTMLCanvasElement} */ (byId("boundary"));
const lossCanvas = /** @type {HTMLCanvasElement} */ (byId("loss"));
addEventListener("error", (e) => (byId("error").textContent = String(e.error?.stack ?? e.message)));

/** What runs the kernels, in words: the device, and whether the helper Web Worker can share the work. */
function describeBackend() {
  const names = dp.devices().map((d) => (d.name === "js" ? "JS backend (fused kernels, wasm GEMM)" : `GPU (gpu.js ${d.mode}${d.adapter === undefined ? "" : ` on ${d.adapter}`})`));
  const threads = globalThis.crossOriginIsolated
    ? "cross-origin isolated: a helper Web Worker shares large loops and products"
    : "not cross-origin isolated (no COOP/COEP headers): everything runs on this thread";
  return `Backend: ${names.join(", ")}; default device "${dp.getDefaultDevice()}". Page ${threads}. Cores reported: ${navigator.hardwareConcurrency}.`;
}

/** Steps per frame are chosen so that training takes about this much of each frame. */
const FRAME_BUDGET_MS = 25;
const GRID = 60;

const trainer = createTrainer(dp);
let running = false;
let stepsPerFrame = 1;
let msPerStep = 0;

function render() {
  drawBoundary(boundary, trainer.grid(GRID), GRID, trainer.points);
  drawLoss(lossCanvas, trainer.losses);
  const n = trainer.losses.length;
  status.textContent = n === 0
    ? "ready"
    : `step ${n}  loss ${trainer.losses[n - 1]?.toFixed(4)}  accuracy ${(100 * trainer.accuracy()).toFixed(1)}%  (${msPerStep.toFixed(2)} ms/step)`;
}

function frame() {
  if (!running) return;
  const t0 = performance.now();
  trainer.train(stepsPerFrame);
  const elapsed = performance.now() - t0;
  msPerStep = elapsed / stepsPerFrame;
  stepsPerFrame = Math.max(1, Math.min(50, Math.round(FRAME_BUDGET_MS / Math.max(msPerStep, 0.05))));
  render();
  requestAnimationFrame(frame);
}

/** @param {boolean} on */
function setRunning(on) {
  running = on;
  button.textContent = on ? "Stop" : trainer.losses.length === 0 ? "Start" : "Resume";
  if (on) requestAnimationFrame(frame);
}

/**
 * Starts the GPU backend in a WebGL mode: the trainer reads each loss synchronously (item()), and
 * webgpu mode reads only asynchronously. initGpu loads gpu.js through the page's import map.
 */
async function startGpu() {
  try {
    await dp.initGpu("webgl2");
  } catch {
    await dp.initGpu("webgl");
  }
}

/** Moves training between the JS backend and the GPU; the loss curve carries on. */
async function toggleDevice() {
  deviceButton.disabled = true;
  try {
    const toGpu = dp.getDefaultDevice() === "js";
    if (toGpu) await startGpu();
    // Both in one synchronous block, so that no frame runs between them.
    dp.setDefaultDevice(toGpu ? "gpu" : "js");
    trainer.useDevice(toGpu ? "gpu" : "js");
    stepsPerFrame = 1; // measured again on the new device
    deviceButton.textContent = toGpu ? "Use the CPU" : "Use the GPU";
  } catch (e) {
    byId("error").textContent = `The GPU backend did not start: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    deviceButton.disabled = false;
    byId("backend").textContent = describeBackend();
    render();
  }
}

button.addEventListener("click", () => setRunning(!running));
deviceButton.addEventListener("click", () => void toggleDevice());
byId("backend").textContent = describeBackend();
render();
button.disabled = false;
deviceButton.disabled = false;
// For the browser tests: the trainer and a ready flag.
Object.assign(globalThis, { dprogDemo: { trainer, setRunning } });
document.body.dataset.ready = "true";

