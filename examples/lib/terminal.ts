// Output helpers for the demo: a progress bar for training loops (redrawn in place with \r on a
// terminal, a few plain lines otherwise), a small block-character plot, and an SVG line plot
// with a log-scale y axis, x-y plots, histograms, fit plots, and heat maps (a coarse one in
// characters, an SVG with an embedded PNG). Axis labels are round numbers written plainly (ticks.js).
import zlib from "node:zlib";
import { linearTicks, logTicks, rangeTicks, tickLabel } from "./ticks.js";

export interface Progress {
  /** Reports `done` of `total` steps, with an optional status (e.g. the current loss). */
  update(done: number, total: number, status?: string): void;
  /** Prints a line above the bar without breaking it. */
  log(line: string): void;
  /** Ends the bar's line. */
  done(): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stdout): Progress {
  const tty = stream.isTTY === true;
  const width = 28;
  const start = performance.now();
  let lastDraw = 0;
  let lastQuarter = -1;
  let line = "";
  // Once the bar is full its line is final: what is logged after it goes below it, and the bar
  // is not drawn again under a summary line.
  let finished = false;
  const render = (done: number, total: number, status: string): string => {
    const filled = Math.round((width * done) / Math.max(1, total));
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    return `  ${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total} ${status} ${seconds} s`;
  };
  return {
    update(done, total, status = "") {
      if (finished) return;
      if (tty) {
        const now = performance.now();
        // Redraw at most every 50 ms (and always at the end): writing is slower than a step.
        if (now - lastDraw < 50 && done < total) return;
        lastDraw = now;
        line = render(done, total, status);
        stream.write(`\r\x1b[2K${line}`);
        finished = done >= total;
      } else {
        const quarter = Math.floor((4 * done) / Math.max(1, total));
        if (quarter === lastQuarter) return;
        lastQuarter = quarter;
        stream.write(`${render(done, total, status)}\n`);
      }
    },
    log(text) {
      if (tty && line !== "" && finished) {
        stream.write(`\n${text}\n`);
        line = "";
      } else if (tty && line !== "") stream.write(`\r\x1b[2K${text}\n${line}`);
      else stream.write(`${text}\n`);
    },
    done() {
      if (tty && line !== "") stream.write("\n");
      line = "";
    },
  };
}

const BLOCKS = " ▁▂▃▄▅▆▇█";

/** `values` resampled to `n` points (the mean of each bucket). */
function resample(values: readonly number[], n: number): number[] {
  if (values.length <= n) return [...values];
  return Array.from({ length: n }, (_, i) => {
    const lo = Math.floor((i * values.length) / n);
    const hi = Math.max(lo + 1, Math.floor(((i + 1) * values.length) / n));
    return values.slice(lo, hi).reduce((s, v) => s + v, 0) / (hi - lo);
  });
}

/**
 * A `height`-row plot of log10(values) in block characters (eighth-row resolution), for loss
 * curves spanning several orders of magnitude. Rows are labelled with the round values (powers of
 * ten, or 1/2/5 steps on a short range) that fall in them; where fewer than two do, the top and
 * bottom rows carry the largest and smallest value instead.
 */
export function terminalLogPlot(values: readonly number[], width = 60, height = 6): string {
  const logs = resample(values, width).map((v) => Math.log10(Math.max(v, 1e-12)));
  const top = Math.max(...logs);
  const bottom = Math.min(...logs);
  const span = Math.max(top - bottom, 1e-9);
  const levels = logs.map((v) => Math.round(((v - bottom) / span) * (height * 8 - 1)) + 1);
  // The row whose band holds log10(v), as the cells fill it (row r shows eighths 8r+1..8r+8).
  const rowOf = (v: number): number => Math.min(height - 1, Math.max(0, Math.floor((((Math.log10(v) - bottom) / span) * (height * 8 - 1)) / 8)));
  const labels = new Map<number, string>();
  for (const t of logTicks(10 ** bottom, 10 ** top)) if (!labels.has(rowOf(t))) labels.set(rowOf(t), tickLabel(t));
  if (labels.size < 2) {
    labels.clear();
    labels.set(height - 1, tickLabel(10 ** top));
    labels.set(0, tickLabel(10 ** bottom));
  }
  return blockColumns(levels, height, labels);
}

/** Columns of block characters `levels[i]` eighths high, rows labelled from `labels` (row 0 at the bottom). */
function blockColumns(levels: readonly number[], height: number, labels: ReadonlyMap<number, string>): string {
  const rows: string[] = [];
  for (let r = height - 1; r >= 0; r--) {
    const cells = levels.map((l) => BLOCKS[Math.max(0, Math.min(8, l - r * 8))]!).join("");
    rows.push(`${(labels.get(r) ?? "").padStart(7)} │${cells}`);
  }
  rows.push(`${"".padStart(7)} └${"─".repeat(levels.length)}`);
  return rows.join("\n");
}

/** Bin edges (bins + 1) and counts of `values` over [lo, hi] (default: their range); values outside are dropped. */
export function histogram(values: readonly number[], bins: number, range?: readonly [number, number]): { edges: number[]; counts: number[] } {
  const [lo, hi] = range ?? [Math.min(...values), Math.max(...values)];
  const width = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (v < lo || v > hi) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]! += 1;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * width), counts };
}

/** A `height`-row bar chart of non-negative `values` (one column each) on a linear scale from 0, the top row labelled with the largest. */
export function terminalBars(values: readonly number[], height = 6): string {
  const top = Math.max(...values, 1e-300);
  const levels = values.map((v) => Math.round((v / top) * height * 8));
  return blockColumns(levels, height, new Map([[height - 1, tickLabel(top)], [0, "0"]]));
}

/** One curve (or scatter) of an x-y plot; `mark` is its character in the terminal plot. */
export interface XYSeries {
  label: string;
  points: readonly (readonly [number, number])[];
  color?: string;
  mark?: string;
  dashed?: boolean;
  /** Drawn as dots rather than a line (SVG). */
  scatter?: boolean;
}

/** The bounding box of all series' points, widened to round ticks; with `equalAspect` both axes first get the larger data span (each is then rounded out to its own ticks). */
function xyBounds(series: readonly XYSeries[], equalAspect: boolean): { xTicks: number[]; yTicks: number[] } {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  if (equalAspect) {
    const half = Math.max(x1 - x0, y1 - y0) / 2;
    [x0, x1] = [(x0 + x1) / 2 - half, (x0 + x1) / 2 + half];
    [y0, y1] = [(y0 + y1) / 2 - half, (y0 + y1) / 2 + half];
  }
  return { xTicks: rangeTicks(x0, x1), yTicks: rangeTicks(y0, y1) };
}

/**
 * A character plot of x-y series in a `width` x `height` grid (later series drawn over earlier
 * ones), each curve drawn with its series' `mark`; the axes' ends are labelled below and left.
 */
export function terminalXYPlot(series: readonly XYSeries[], width = 60, height = 16, equalAspect = false): string {
  const { xTicks, yTicks } = xyBounds(series, equalAspect);
  const [x0, x1, y0, y1] = [xTicks[0]!, xTicks.at(-1)!, yTicks[0]!, yTicks.at(-1)!];
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(" "));
  const cell = (x: number, y: number): [number, number] => [Math.round(((y1 - y) / (y1 - y0)) * (height - 1)), Math.round(((x - x0) / (x1 - x0)) * (width - 1))];
  for (const s of series) {
    s.points.forEach(([x, y], i) => {
      // A line series also marks the cells between consecutive points, so that it reads as a curve.
      const [prevX, prevY] = i > 0 && s.scatter !== true ? s.points[i - 1]! : [x, y];
      const [r0, c0] = cell(prevX, prevY);
      const [r1, c1] = cell(x, y);
      const steps = Math.max(Math.abs(r1 - r0), Math.abs(c1 - c0), 1);
      for (let k = 1; k <= steps; k++) {
        const [row, col] = cell(prevX + ((x - prevX) * k) / steps, prevY + ((y - prevY) * k) / steps);
        if (row >= 0 && row < height && col >= 0 && col < width) grid[row]![col] = s.mark ?? "•";
      }
    });
  }
  const label = (r: number): string => (r === 0 ? tickLabel(y1) : r === height - 1 ? tickLabel(y0) : "");
  const rows = grid.map((cells, r) => `${label(r).padStart(7)} │${cells.join("")}`);
  rows.push(`${"".padStart(7)} └${"─".repeat(width)}`);
  const left = tickLabel(x0);
  rows.push(`${"".padStart(8)}${left}${tickLabel(x1).padStart(width - left.length + 1)}`);
  rows.push(`${"".padStart(8)}${series.map((s) => `${s.mark ?? "•"} ${s.label}`).join("   ")}`);
  return rows.join("\n");
}

const SVG_WIDTH = 640;
const SVG_HEIGHT = 400;
const SVG_MARGIN = { left: 70, right: 20, top: 40, bottom: 50 };

/** The SVG document around a plot's gridlines and curves: title, frame and axis labels. */
function svgFrame(opts: { title: string; xLabel: string; yLabel: string }, grid: readonly string[], curves: readonly string[]): string {
  const [W, H, m] = [SVG_WIDTH, SVG_HEIGHT, SVG_MARGIN];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${opts.title}</text>`,
    ...grid,
    `<rect x="${m.left}" y="${m.top}" width="${W - m.left - m.right}" height="${H - m.top - m.bottom}" fill="none" stroke="#444"/>`,
    ...curves,
    `<text x="${W / 2}" y="${H - 12}" text-anchor="middle">${opts.xLabel}</text>`,
    `<text x="16" y="${H / 2}" text-anchor="middle" transform="rotate(-90 16 ${H / 2})">${opts.yLabel}</text>`,
    "</svg>",
    "",
  ].join("\n");
}

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"];

/** An SVG plot of x-y series on linear axes with gridlines at round values and a legend. */
export function svgXYPlot(series: readonly XYSeries[], opts: { title: string; xLabel: string; yLabel: string; equalAspect?: boolean }): string {
  const [W, H, m] = [SVG_WIDTH, SVG_HEIGHT, SVG_MARGIN];
  const { xTicks, yTicks } = xyBounds(series, opts.equalAspect ?? false);
  const [x0, x1, y0, y1] = [xTicks[0]!, xTicks.at(-1)!, yTicks[0]!, yTicks.at(-1)!];
  const px = (x: number): string => (m.left + ((x - x0) / (x1 - x0)) * (W - m.left - m.right)).toFixed(1);
  const py = (y: number): string => (m.top + ((y1 - y) / (y1 - y0)) * (H - m.top - m.bottom)).toFixed(1);
  const grid: string[] = [];
  for (const t of yTicks) {
    grid.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${py(t)}" y2="${py(t)}" stroke="#ddd"/>`);
    grid.push(`<text x="${m.left - 8}" y="${py(t)}" text-anchor="end" dominant-baseline="middle">${tickLabel(t)}</text>`);
  }
  for (const t of xTicks) {
    grid.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${m.top}" y2="${H - m.bottom}" stroke="#ddd"/>`);
    grid.push(`<text x="${px(t)}" y="${H - m.bottom + 18}" text-anchor="middle">${tickLabel(t)}</text>`);
  }
  const curves = series.flatMap((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length]!;
    const legendY = m.top + 16 + 16 * i;
    const shape = s.scatter
      ? s.points.map(([x, y]) => `<circle cx="${px(x)}" cy="${py(y)}" r="2" fill="${color}"/>`)
      : [`<polyline fill="none" stroke="${color}" stroke-width="1.5"${s.dashed ? ' stroke-dasharray="5 3"' : ""} points="${s.points.map(([x, y]) => `${px(x)},${py(y)}`).join(" ")}"/>`];
    return [...shape, `<text x="${W - m.right - 8}" y="${legendY}" text-anchor="end" fill="${color}">${s.label}</text>`];
  });
  return svgFrame(opts, grid, curves);
}

/** An SVG line plot of `values` against their index, log-scale y, with gridlines and ticks at round values. */
export function svgLogPlot(values: readonly number[], opts: { title: string; xLabel: string; yLabel: string }): string {
  const [W, H, m] = [SVG_WIDTH, SVG_HEIGHT, SVG_MARGIN];
  const logs = values.map((v) => Math.log10(Math.max(v, 1e-12)));
  const yTop = Math.ceil(Math.max(...logs));
  const yBottom = Math.min(Math.floor(Math.min(...logs)), yTop - 1);
  const px = (i: number): number => m.left + (i / Math.max(1, values.length - 1)) * (W - m.left - m.right);
  const py = (l: number): number => m.top + ((yTop - l) / (yTop - yBottom)) * (H - m.top - m.bottom);
  const step = Math.max(1, Math.ceil(values.length / 800)); // at most ~800 points in the path
  const points = logs.filter((_, i) => i % step === 0 || i === logs.length - 1).map((l, j, arr) => {
    const i = j === arr.length - 1 ? logs.length - 1 : j * step;
    return `${px(i).toFixed(1)},${py(l).toFixed(1)}`;
  });
  const grid: string[] = [];
  // Gridlines at round values (decades, with 2 and 5 between on a short axis), labelled plainly.
  for (const t of logTicks(10 ** yBottom, 10 ** yTop)) {
    const y = py(Math.log10(t)).toFixed(1);
    grid.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    grid.push(`<text x="${m.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${tickLabel(t)}</text>`);
  }
  for (const i of linearTicks(values.length - 1)) grid.push(`<text x="${px(i).toFixed(1)}" y="${H - m.bottom + 18}" text-anchor="middle">${i}</text>`);
  return svgFrame(opts, grid, [`<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${points.join(" ")}"/>`]);
}

/** A regression fit to plot: the curve (with a band around it) on a grid, and the data points. */
export interface FitPlot {
  readonly grid: readonly number[];
  readonly mean: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  readonly x: readonly number[];
  readonly y: readonly number[];
}

const extent = (xs: readonly number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];

/**
 * A character plot of a fit: the band (░), the curve (█) and the data points (●), `height` rows
 * over `width` columns, with the y range labelled on the left.
 */
export function terminalFitPlot(fit: FitPlot, width = 60, height = 12): string {
  const [x0, x1] = extent([...fit.grid, ...fit.x]);
  const [y0, y1] = extent([...fit.lower, ...fit.upper, ...fit.y]);
  const col = (x: number): number => Math.min(width - 1, Math.max(0, Math.round(((x - x0) / (x1 - x0)) * (width - 1))));
  const row = (y: number): number => Math.min(height - 1, Math.max(0, Math.round(((y - y0) / (y1 - y0)) * (height - 1))));
  const cells = Array.from({ length: height }, () => new Array<string>(width).fill(" "));
  fit.grid.forEach((g, i) => {
    const c = col(g);
    for (let r = row(fit.lower[i]!); r <= row(fit.upper[i]!); r++) cells[r]![c] = "░";
  });
  fit.grid.forEach((g, i) => (cells[row(fit.mean[i]!)]![col(g)] = "█"));
  fit.x.forEach((x, i) => (cells[row(fit.y[i]!)]![col(x)] = "●"));
  const label = (r: number): string => (r === height - 1 ? y1.toFixed(2) : r === 0 ? y0.toFixed(2) : "");
  const lines = [];
  for (let r = height - 1; r >= 0; r--) lines.push(`${label(r).padStart(7)} │${cells[r]!.join("")}`);
  lines.push(`${"".padStart(7)} └${"─".repeat(width)}`);
  lines.push(`${"".padStart(8)}${x0.toFixed(2)}${x1.toFixed(2).padStart(width - x0.toFixed(2).length)}`);
  return lines.join("\n");
}

/** An SVG plot of a fit: the band shaded, the curve as a line, the data points as dots. */
export function svgFitPlot(fit: FitPlot, opts: { title: string; xLabel: string; yLabel: string }): string {
  const W = 640;
  const H = 400;
  const m = { left: 60, right: 20, top: 40, bottom: 50 };
  const [x0, x1] = extent([...fit.grid, ...fit.x]);
  const [y0, y1] = extent([...fit.lower, ...fit.upper, ...fit.y]);
  const px = (x: number): string => (m.left + ((x - x0) / (x1 - x0)) * (W - m.left - m.right)).toFixed(1);
  const py = (y: number): string => (m.top + ((y1 - y) / (y1 - y0)) * (H - m.top - m.bottom)).toFixed(1);
  const band = [...fit.grid.map((g, i) => `${px(g)},${py(fit.upper[i]!)}`), ...fit.grid.map((g, i) => `${px(g)},${py(fit.lower[i]!)}`).reverse()];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${opts.title}</text>`,
    `<polygon fill="#1f77b4" fill-opacity="0.2" stroke="none" points="${band.join(" ")}"/>`,
    `<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${fit.grid.map((g, i) => `${px(g)},${py(fit.mean[i]!)}`).join(" ")}"/>`,
    ...fit.x.map((x, i) => `<circle cx="${px(x)}" cy="${py(fit.y[i]!)}" r="2.5" fill="#d62728"/>`),
    `<rect x="${m.left}" y="${m.top}" width="${W - m.left - m.right}" height="${H - m.top - m.bottom}" fill="none" stroke="#444"/>`,
    `<text x="${m.left}" y="${H - m.bottom + 18}" text-anchor="middle">${x0.toFixed(2)}</text>`,
    `<text x="${W - m.right}" y="${H - m.bottom + 18}" text-anchor="middle">${x1.toFixed(2)}</text>`,
    `<text x="${m.left - 8}" y="${m.top}" text-anchor="end" dominant-baseline="middle">${y1.toFixed(2)}</text>`,
    `<text x="${m.left - 8}" y="${H - m.bottom}" text-anchor="end" dominant-baseline="middle">${y0.toFixed(2)}</text>`,
    `<text x="${W / 2}" y="${H - 12}" text-anchor="middle">${opts.xLabel}</text>`,
    `<text x="16" y="${H / 2}" text-anchor="middle" transform="rotate(-90 16 ${H / 2})">${opts.yLabel}</text>`,
    "</svg>",
    "",
  ].join("\n");
}

/** A diverging colour for t in [-1, 1]: blue through white to red, as [r, g, b] bytes. */
function divergingColour(t: number): [number, number, number] {
  const f = Math.max(-1, Math.min(1, t));
  const toward = (to: readonly number[]): [number, number, number] => to.map((c) => Math.round(255 + (c - 255) * Math.abs(f))) as [number, number, number];
  return f < 0 ? toward([33, 102, 172]) : toward([178, 24, 43]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The CRC-32 of a PNG chunk's type and data (PNG spec, section 5.5 and annex D). */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** An 8-bit RGB PNG (W3C PNG spec: IHDR, one zlib IDAT with filter 0 on every scanline, IEND). */
export function pngImage(width: number, height: number, pixel: (row: number, column: number) => readonly [number, number, number]): Buffer {
  const raw = Buffer.alloc(height * (1 + 3 * width));
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) raw.set(pixel(i, j), i * (1 + 3 * width) + 1 + 3 * j);
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, no filter method, no interlace
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/**
 * An SVG heat map of `rows` (row 0 at the top, column 0 at the left), coloured blue (negative)
 * through white to red (positive) on a scale symmetric about zero, with a colour bar and axes. The
 * cells are one embedded PNG (a pixel per value, drawn unsmoothed), which keeps the file small.
 */
export function svgHeatMap(rows: readonly (readonly number[])[], opts: { title: string; xLabel: string; yLabel: string; xMax: number; yMax: number }): string {
  const W = 640;
  const H = 520;
  const m = { left: 60, right: 90, top: 40, bottom: 50 };
  const plotW = W - m.left - m.right;
  const plotH = H - m.top - m.bottom;
  const cols = rows[0]?.length ?? 0;
  const scale = Math.max(1e-12, ...rows.map((row) => Math.max(...row.map(Math.abs))));
  const cells = pngImage(cols, rows.length, (i, j) => divergingColour(rows[i]![j]! / scale));
  const bar = pngImage(1, 101, (i) => divergingColour(1 - i / 50));
  const image = (png: Buffer, x: number, width: number): string =>
    `<image x="${x}" y="${m.top}" width="${width}" height="${plotH}" preserveAspectRatio="none" style="image-rendering:pixelated" href="data:image/png;base64,${png.toString("base64")}"/>`;
  const barX = W - m.right + 20;
  const axis: string[] = [];
  for (const v of linearTicks(opts.xMax)) axis.push(`<text x="${(m.left + (v / opts.xMax) * plotW).toFixed(1)}" y="${H - m.bottom + 18}" text-anchor="middle">${v}</text>`);
  for (const v of linearTicks(opts.yMax)) axis.push(`<text x="${m.left - 8}" y="${(m.top + (v / opts.yMax) * plotH).toFixed(1)}" text-anchor="end" dominant-baseline="middle">${v}</text>`);
  for (const [t, y] of [[1, m.top], [0, m.top + plotH / 2], [-1, m.top + plotH]] as const) axis.push(`<text x="${barX + 22}" y="${y.toFixed(1)}" dominant-baseline="middle">${tickLabel(t * scale)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${opts.title}</text>`,
    image(cells, m.left, plotW),
    image(bar, barX, 16),
    ...axis,
    `<rect x="${m.left}" y="${m.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#444"/>`,
    `<text x="${m.left + plotW / 2}" y="${H - 12}" text-anchor="middle">${opts.xLabel}</text>`,
    `<text x="16" y="${m.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${m.top + plotH / 2})">${opts.yLabel}</text>`,
    "</svg>",
    "",
  ].join("\n");
}

/** A coarse terminal heat map of `rows`: each cell the mean of its block, drawn from ' ' (most negative) to '@' (most positive). */
export function terminalHeatMap(rows: readonly (readonly number[])[], opts: { width: number; height: number }): string {
  const shades = " .:-=+*#%@";
  const cols = rows[0]?.length ?? 0;
  const width = Math.min(opts.width, cols);
  const height = Math.min(opts.height, rows.length);
  const block = (i: number, j: number): number => {
    let sum = 0;
    let count = 0;
    for (let r = Math.floor((i * rows.length) / height); r < Math.floor(((i + 1) * rows.length) / height); r++) {
      for (let c = Math.floor((j * cols) / width); c < Math.floor(((j + 1) * cols) / width); c++) {
        sum += rows[r]![c]!;
        count++;
      }
    }
    return sum / count;
  };
  const means = Array.from({ length: height }, (_, i) => Array.from({ length: width }, (__, j) => block(i, j)));
  const lo = Math.min(...means.flat());
  const hi = Math.max(...means.flat());
  const span = Math.max(hi - lo, 1e-12);
  return means.map((row) => `│${row.map((v) => shades[Math.min(shades.length - 1, Math.floor(((v - lo) / span) * shades.length))]).join("")}│`).join("\n");
}
