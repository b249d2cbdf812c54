// Output helpers for the demo: a progress bar for training loops (redrawn in place with \r on a
// terminal, a few plain lines otherwise), a small block-character plot, and an SVG line plot
// with a log-scale y axis. Axis labels are round numbers written plainly (ticks.js).
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
