// Canvas drawing for the page: the classifier's regions with the training points over them, and
// the loss curve on a log scale with ticks at round values.
// @ts-check
import { linearTicks, logTicks, tickLabel } from "../lib/ticks.js";

/** Class colours (light for regions, dark for points). */
const REGION = [[255, 179, 179], [179, 214, 255], [186, 235, 181]];
const POINT = ["#c62828", "#1565c0", "#2e7d32"];

/**
 * @param {HTMLCanvasElement} canvas
 * @param {Float32Array} probs class probabilities on a res x res grid, row-major from the top left
 * @param {number} res
 * @param {{ x: Float32Array, y: Int32Array }} points
 * @param {number} [extent] the grid covers [-extent, extent]^2
 */
export function drawBoundary(canvas, probs, res, points, extent = 1.1) {
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  const image = new ImageData(res, res);
  for (let i = 0; i < res * res; i++) {
    // Each cell's colour is the probability-weighted mix of the class colours: sharp where the
    // network is sure, blended along the boundary.
    for (let c = 0; c < 3; c++) {
      let v = 0;
      for (let k = 0; k < 3; k++) v += (probs[3 * i + k] ?? 0) * (REGION[k]?.[c] ?? 0);
      image.data[4 * i + c] = v;
    }
    image.data[4 * i + 3] = 255;
  }
  // Draw the small grid scaled up with smoothing, through an offscreen canvas.
  const small = document.createElement("canvas");
  small.width = res;
  small.height = res;
  /** @type {CanvasRenderingContext2D} */ (small.getContext("2d")).putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  const toPx = (/** @type {number} */ v, /** @type {number} */ size) => ((v + extent) / (2 * extent)) * size;
  for (let i = 0; i < points.y.length; i++) {
    ctx.beginPath();
    ctx.arc(toPx(points.x[2 * i] ?? 0, canvas.width), canvas.height - toPx(points.x[2 * i + 1] ?? 0, canvas.height), 2.6, 0, 2 * Math.PI);
    ctx.fillStyle = POINT[points.y[i] ?? 0] ?? "#000";
    ctx.fill();
  }
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {readonly number[]} losses
 */
export function drawLoss(canvas, losses) {
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  const W = canvas.width;
  const H = canvas.height;
  const m = { left: 52, right: 12, top: 12, bottom: 32 };
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, W, H);
  ctx.font = "12px sans-serif";
  ctx.strokeStyle = "#444";
  ctx.strokeRect(m.left, m.top, W - m.left - m.right, H - m.top - m.bottom);
  if (losses.length === 0) return;
  const finite = losses.filter((v) => Number.isFinite(v) && v > 0);
  if (finite.length === 0) return;
  // Axis range: the nearest round ticks outside the data.
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const yLo = 10 ** Math.floor(Math.log10(lo));
  const yHi = Math.max(10 ** Math.ceil(Math.log10(hi)), yLo * 10);
  const px = (/** @type {number} */ i) => m.left + (i / Math.max(1, losses.length - 1)) * (W - m.left - m.right);
  const py = (/** @type {number} */ v) => m.top + (Math.log10(yHi / v) / Math.log10(yHi / yLo)) * (H - m.top - m.bottom);
  ctx.fillStyle = "#333";
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of logTicks(yLo, yHi)) {
    ctx.strokeStyle = "#e3e3e3";
    ctx.beginPath();
    ctx.moveTo(m.left + 1, py(t));
    ctx.lineTo(W - m.right - 1, py(t));
    ctx.stroke();
    ctx.fillText(tickLabel(t), m.left - 6, py(t));
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const i of linearTicks(losses.length - 1)) ctx.fillText(String(i), px(i), H - m.bottom + 6);
  ctx.strokeStyle = "#1f77b4";
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  const stride = Math.max(1, Math.floor(losses.length / (2 * W)));
  for (let i = 0; i < losses.length; i += stride) {
    const v = Math.max(losses[i] ?? yLo, yLo);
    if (i === 0) ctx.moveTo(px(i), py(v));
    else ctx.lineTo(px(i), py(v));
  }
  ctx.stroke();
  ctx.lineWidth = 1;
}
