// applyPlaneRotations (backends/js/linalg/planeRotations.ts): recorded sweeps of adjacent-column
// rotations against applying each rotation directly, one at a time, to every row. Both paths
// (wasm SIMD, plain JS) must give the reference's bits: the same float64 operations in the same
// order. Covers forward and backward sweeps, row counts off the panel size, both layouts (rows
// contiguous and row-major), a column window, sizes that make the wasm path split the sweeps
// into chunks and the rows into blocks, and the split of the panels with the GEMM's helper thread.
import { afterEach, describe, expect, it } from "vitest";
import { applyPlaneRotations, PlaneRotations, setPlaneRotationsPath, setPlaneRotationsThreads, type PlaneRotationsPath } from "../../backends/js/linalg/planeRotations.js";
import { gemmHelperReady, gemmRuntime } from "../../backends/js/wasm/runtime.js";
import { setHelperFaultForTests } from "../../backends/js/wasm/pool.js";
import { canShareMemory } from "../../backends/js/threads/sharedMemory.js";
import { mulberry32 } from "../util/random.js";

afterEach(() => {
  setPlaneRotationsPath("auto");
  setPlaneRotationsThreads(true);
});

interface Sweep {
  readonly j0: number;
  readonly backward: boolean;
  readonly c: Float64Array;
  readonly s: Float64Array;
}

/** Random sweeps over columns lo..hi (each within them, at least `least` rotations long), with random angles. */
function randomSweeps(count: number, lo: number, hi: number, seed: number, least = 1): Sweep[] {
  const rand = mulberry32(seed);
  const out: Sweep[] = [];
  for (let k = 0; k < count; k++) {
    const a = lo + Math.floor(rand() * (hi - lo - least + 1));
    const b = a + least + Math.floor(rand() * (hi - a - least + 1));
    const backward = rand() < 0.5;
    const angles = Float64Array.from({ length: b - a }, () => 2 * Math.PI * rand());
    out.push({ j0: backward ? b - 1 : a, backward, c: angles.map(Math.cos), s: angles.map(Math.sin) });
  }
  return out;
}

/** Each rotation in turn on every row: x' = c x - s y, y' = s x + c y. */
function reference(a: Float64Array, offset: number, rows: number, rs: number, cs: number, sweeps: readonly Sweep[]): void {
  for (const sw of sweeps) {
    for (let t = 0; t < sw.c.length; t++) {
      const j = sw.backward ? sw.j0 - t : sw.j0 + t;
      const c = sw.c[t]!, s = sw.s[t]!;
      for (let r = 0; r < rows; r++) {
        const px = offset + r * rs + j * cs, py = px + cs;
        const x = a[px]!, y = a[py]!;
        a[px] = c * x - s * y;
        a[py] = s * x + c * y;
      }
    }
  }
}

function record(sweeps: readonly Sweep[]): PlaneRotations {
  const rot = new PlaneRotations();
  for (const sw of sweeps) {
    rot.beginSweep(sw.j0, sw.backward);
    for (let t = 0; t < sw.c.length; t++) rot.push(sw.c[t]!, sw.s[t]!);
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
  it("wasm: more sweeps or rotations than one chunk holds, more rows than one block, one and two threads", async () => {
    setPlaneRotationsPath("wasm");
    const rt = gemmRuntime();
    expect(rt).not.toBeNull();
    expect(await gemmHelperReady()).toBe(canShareMemory());
    const cases: [string, number, number, Sweep[]][] = [
      // 70000 sweeps: past the 65536 records one chunk holds.
      ["sweeps", 12, 5, randomSweeps(70000, 0, 4, 11)],
      // 1100 sweeps of at least 900 rotations: past the 983040 rotations one chunk holds.
      ["rotations", 12, 1000, randomSweeps(1100, 0, 999, 12, 900)],
      // 40000 columns: 48 rows per block, so 100 rows take three.
      ["rows", 100, 40000, randomSweeps(2, 0, 39999, 13)],
    ];
    for (const [name, rows, cols, sweeps] of cases) {
      const a = randomData(rows * cols, 13);
      const want = a.slice();
      reference(want, 0, rows, 1, rows, sweeps);
      const rot = record(sweeps);
      for (const two of [false, true]) {
        setPlaneRotationsThreads(two);
        const got = a.slice();
        applyPlaneRotations(got, 0, rows, cols, 1, rows, rot);
        expect(firstDifference(got, want), `${name}, ${two ? "two threads" : "one thread"}`).toBe(-1);
      }
    }
  });
  it("wasm, two threads: the helper's panels are right (run until it has taken a job)", async () => {
    if (!(await gemmHelperReady())) return;
    setPlaneRotationsPath("wasm");
    const rt = gemmRuntime()!;
    const real = rt.helper!;
    let helped = 0;
    rt.helper = {
      ...real,
      shareRotations(job, run) {
        const r = real.shareRotations(job, run);
        helped += r.helped;
        return r;
      },
    };
    try {
      const sweeps = randomSweeps(200, 0, 199, 21, 150);
      const rot = record(sweeps);
      const a = randomData(200 * 200, 22);
      const want = a.slice();
      reference(want, 0, 200, 200, 1, sweeps);
      for (let tries = 0; tries < 50 && helped === 0; tries++) {
        const got = a.slice();
        applyPlaneRotations(got, 0, 200, 200, 200, 1, rot);
        expect(firstDifference(got, want)).toBe(-1);
        if (helped === 0) await new Promise((r) => setTimeout(r, 20));
      }
      expect(helped).toBeGreaterThan(0);
    } finally {
      rt.helper = real;
    }
  });
  it("wasm, two threads: a helper that hangs or dies after claiming a job leaves the result right (the last test: the helper stays dead)", async () => {
    if (!(await gemmHelperReady())) return;
    setPlaneRotationsPath("wasm");
    const sweeps = randomSweeps(200, 0, 199, 31, 150);
    const rot = record(sweeps);
    const a = randomData(200 * 200, 32);
    const want = a.slice();
    reference(want, 0, 200, 200, 1, sweeps);
    try {
      for (const fault of [{ slowMs: 30 }, { hangMs: 600 }, "die"] as const) {
        setHelperFaultForTests(fault, 200);
        for (let k = 0; k < 3; k++) {
          const got = a.slice();
          applyPlaneRotations(got, 0, 200, 200, 200, 1, rot);
          expect(firstDifference(got, want), JSON.stringify(fault)).toBe(-1);
        }
      }
    } finally {
      setHelperFaultForTests(null);
    }
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
