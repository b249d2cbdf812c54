// applyPlaneRotations (backends/js/linalg/planeRotations.ts): recorded sweeps of adjacent-column
// rotations against applying each rotation directly, one at a time, to every row. Both paths
// (wasm SIMD, plain JS) must give the reference's bits: the same float64 operations in the same
// order. Covers forward and backward sweeps, row counts off the panel size, both layouts (rows
// contiguous, as eigh's transposed vectors, and row-major), a column window, and sizes that make
// the wasm path split the sweeps into chunks and the rows into blocks.
import { afterEach, describe, expect, it } from "vitest";
import { applyPlaneRotations, PlaneRotations, setPlaneRotationsPath, type PlaneRotationsPath } from "../../backends/js/linalg/planeRotations.js";
import { mulberry32 } from "../util/random.js";

afterEach(() => void setPlaneRotationsPath("auto"));

interface Sweep {
  readonly j0: number;
  readonly backward: boolean;
  readonly cs: readonly (readonly [number, number])[];
}

/** Random sweeps over columns lo..hi (each within them), with random angles. */
function randomSweeps(count: number, lo: number, hi: number, seed: number): Sweep[] {
  const rand = mulberry32(seed);
  const out: Sweep[] = [];
  for (let k = 0; k < count; k++) {
    const a = lo + Math.floor(rand() * (hi - lo));
    const b = a + 1 + Math.floor(rand() * (hi - a));
    const backward = rand() < 0.5;
    const cs = Array.from({ length: b - a }, () => {
      const t = 2 * Math.PI * rand();
      return [Math.cos(t), Math.sin(t)] as const;
    });
    out.push({ j0: backward ? b - 1 : a, backward, cs });
  }
  return out;
}

/** Each rotation in turn on every row: x' = c x - s y, y' = s x + c y. */
function reference(a: Float64Array, offset: number, rows: number, rs: number, cs: number, sweeps: readonly Sweep[]): void {
  for (const sw of sweeps) {
    sw.cs.forEach(([c, s], t) => {
      const j = sw.backward ? sw.j0 - t : sw.j0 + t;
      for (let r = 0; r < rows; r++) {
        const px = offset + r * rs + j * cs, py = px + cs;
        const x = a[px]!, y = a[py]!;
        a[px] = c * x - s * y;
        a[py] = s * x + c * y;
      }
    });
  }
}

function record(sweeps: readonly Sweep[]): PlaneRotations {
  const rot = new PlaneRotations();
  for (const sw of sweeps) {
    rot.beginSweep(sw.j0, sw.backward);
    for (const [c, s] of sw.cs) rot.push(c, s);
  }
  return rot;
}

/** The first index where a and b differ (-1 if none): toEqual on million-element arrays takes seconds. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return a.length === b.length ? -1 : a.length;
}

function randomData(len: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  return Float64Array.from({ length: len }, () => 2 * rand() - 1);
}

describe("applyPlaneRotations", () => {
  for (const p of ["js", "wasm"] as PlaneRotationsPath[]) {
    it(`${p}: equals rotating directly, both layouts, rows off the panel size, a column window`, () => {
      setPlaneRotationsPath(p);
      for (const [rows, cols] of [[1, 2], [5, 9], [13, 40], [64, 64], [70, 33]] as const) {
        const sweeps = randomSweeps(25, 0, cols - 1, rows * 100 + cols);
        for (const rowMajor of [false, true]) {
          // Pad and offset the view: a 2-element lead and, row-major, 3 extra columns per row.
          const [rs, cs] = rowMajor ? [cols + 3, 1] : [1, rows];
          const a = randomData(2 + rows * cols + 3 * rows, 7);
          const want = a.slice();
          reference(want, 2, rows, rs, cs, sweeps);
          applyPlaneRotations(a, 2, rows, cols, rs, cs, record(sweeps));
          expect(a, `${rows}x${cols} ${rowMajor ? "row-major" : "columns contiguous"}`).toEqual(want);
        }
      }
      // Sweeps confined to columns 10..20 of 30: only those change.
      const a = randomData(17 * 30, 3);
      const want = a.slice();
      const sweeps = randomSweeps(12, 10, 20, 5);
      reference(want, 0, 17, 30, 1, sweeps);
      applyPlaneRotations(a, 0, 17, 30, 30, 1, record(sweeps));
      expect(a).toEqual(want);
    });
  }
  it("wasm: many sweeps (more rotations than one chunk holds) and many rows (several row blocks)", () => {
    setPlaneRotationsPath("wasm");
    // 2500 sweeps over 300 columns: past the 131072 rotations one chunk holds.
    const sweeps = randomSweeps(2500, 0, 299, 11);
    expect(sweeps.reduce((k, s) => k + s.cs.length, 0)).toBeGreaterThan(131072);
    const a = randomData(12 * 300, 13);
    const want = a.slice();
    reference(want, 0, 12, 1, 12, sweeps);
    applyPlaneRotations(a, 0, 12, 300, 1, 12, record(sweeps));
    expect(firstDifference(a, want)).toBe(-1);
    // 2000 columns: 256 rows per block, so 600 rows take three.
    const wide = randomData(600 * 2000, 17);
    const wideWant = wide.slice();
    const few = randomSweeps(3, 0, 1999, 19);
    reference(wideWant, 0, 600, 1, 600, few);
    applyPlaneRotations(wide, 0, 600, 2000, 1, 600, record(few));
    expect(firstDifference(wide, wideWant)).toBe(-1);
  });
  it("refuses sweeps outside the matrix; nothing recorded changes nothing", () => {
    const rot = new PlaneRotations();
    rot.beginSweep(4, false);
    rot.push(0.6, 0.8);
    expect(() => applyPlaneRotations(new Float64Array(10), 0, 2, 5, 5, 1, rot)).toThrow(/columns 4\.\.5 of a matrix with 5 columns/);
    rot.clear();
    const a = randomData(10, 1);
    const b = a.slice();
    applyPlaneRotations(a, 0, 2, 5, 5, 1, rot);
    expect(a).toEqual(b);
  });
});
