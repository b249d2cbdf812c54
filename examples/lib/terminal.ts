// Output helpers for the demo: a progress bar for training loops (redrawn in place with \r on a
// terminal, a few plain lines otherwise), a small block-character plot, and an SVG line plot
// with a log-scale y axis, and heat maps (a coarse one in characters, an SVG with an embedded PNG).
// Axis labels are round numbers written plainly (ticks.js).
import zlib from "node:zlib";
import { linearTicks, logTicks, tickLabel } from "./ticks.js";

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
  const rows: string[] = [];
  for (let r = height - 1; r >= 0; r--) {
    const cells = levels.map((l) => BLOCKS[Math.max(0, Math.min(8, l - r * 8))]!).join("");
    rows.push(`${(labels.get(r) ?? "").padStart(7)} │${cells}`);
  }
  rows.push(`${"".padStart(7)} └${"─".repeat(levels.length)}`);
  return rows.join("\n");
}

/** An SVG line plot of `values` against their index, log-scale y, with gridlines and ticks at round values. */
export function svgLogPlot(values: readonly number[], opts: { title: string; xLabel: string; yLabel: string }): string {
  const W = 640;
  const H = 400;
  const m = { left: 70, right: 20, top: 40, bottom: 50 };
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
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${opts.title}</text>`,
    ...grid,
    `<rect x="${m.left}" y="${m.top}" width="${W - m.left - m.right}" height="${H - m.top - m.bottom}" fill="none" stroke="#444"/>`,
    `<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${points.join(" ")}"/>`,
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
