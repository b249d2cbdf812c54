// Relaxing a Lennard-Jones cluster: 13 atoms with the pair energy 4 (r^-12 - r^-6) (reduced units,
// epsilon = sigma = 1), forces F = -grad(E), minimised by BFGS with scipy.optimize.minimize (JAX's
// BFGS with its zoom line search, one lax.whileLoop) in float64. The start is a centred
// icosahedron of the wrong size with every atom displaced at random; the minimum it reaches is
// the known global minimum of LJ13, a Mackay icosahedron of energy -44.326801 (Wales & Doye, J.
// Phys. Chem. A 101, 5111 (1997); the Cambridge Cluster Database). vmap(minimize) then relaxes
// several differently perturbed starts at once, all to the same energy. Prints energies, the
// largest remaining force and the shell distances; plots the pair-distance histogram before and
// after (terminal and SVG).
//
//   npx tsx examples/lennardJones.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, jit, grad, vmap, random, scipy } from "../src/index.js";
import type { Array } from "../src/index.js";
import { histogram, svgXYPlot, terminalBars } from "./lib/terminal.js";

/** The LJ13 global minimum energy (Wales & Doye 1997, Cambridge Cluster Database). */
export const LJ13_MINIMUM = -44.326801;

export interface LennardJonesOptions {
  /** Standard deviation of the random displacement of each coordinate from the icosahedron. */
  perturbation?: number;
  /** Centre-to-vertex distance of the starting icosahedron (the minimum's is about 1.082). */
  radius?: number;
  /** Extra perturbed starts relaxed together by vmap(minimize) (0 skips this). */
  batch?: number;
  seed?: number;
  /** Where to write the pair-distance SVG (none if omitted). */
  svgDir?: string;
  terminalPlot?: boolean;
  log?: (line: string) => void;
}

export interface LennardJonesResult {
  initialEnergy: number;
  energy: number;
  /** Largest |force| component at the minimum. */
  maxForce: number;
  iterations: number;
  success: boolean;
  /** Sorted distances from the central atom (the one nearest the centroid) to the other 12. */
  shellDistances: number[];
  /** Minimum energies of the vmapped batch of starts, and their largest remaining force component. */
  batchEnergies: number[];
  batchMaxForce: number;
  svgPaths: string[];
}

/** Total pair energy of positions x [atoms, 3]: sum over i < j of 4 (r^-12 - r^-6). */
export function energy(x: Array): Array {
  const n = x.shape[0]!;
  const diff = np.expandDims(x, 1).sub(np.expandDims(x, 0));
  const r2 = np.sum(np.square(diff), -1);
  const upper = np.triu(np.ones([n, n], { dtype: "bool" }), 1);
  // The diagonal (r = 0) is replaced before the powers, so that neither the energy nor its
  // gradient ever sees an infinity (the double-where rule).
  const inv6 = np.power(np.where(upper, r2, 1), -3);
  return np.sum(np.where(upper, inv6.mul(inv6).sub(inv6).mul(4), 0));
}

/** Forces -grad(E) on each atom, [atoms, 3]. */
export const forces = jit((x: Array): Array => (grad(energy)(x)).neg());

/** The 12 vertices of a regular icosahedron at distance `radius` from the origin, and the origin: [13, 3]. */
export function icosahedron(radius: number): Array {
  const phi = (1 + Math.sqrt(5)) / 2;
  const vertices: number[][] = [[0, 0, 0]];
  for (const a of [-1, 1]) for (const b of [-phi, phi]) vertices.push([0, a, b], [a, b, 0], [b, 0, a]);
  const scale = radius / Math.hypot(1, phi);
  return np.array(vertices.map((v) => v.map((c) => c * scale)), { dtype: "float64" });
}

const relax = (x0: Array): scipy.optimize.OptimizeResults =>
  scipy.optimize.minimize((flat: Array) => energy(flat.reshape([-1, 3])), x0.reshape([-1]), { method: "BFGS", options: { gtol: 1e-7 } });

/** Pair distances i < j of positions [atoms][3]. */
function pairDistances(x: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  x.forEach((a, i) => x.slice(i + 1).forEach((b) => out.push(Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!))));
  return out;
}

export function run(options: LennardJonesOptions = {}): LennardJonesResult {
  const log = options.log ?? ((): void => {});
  const perturbation = options.perturbation ?? 0.1;
  const [kStart, kBatch] = random.split(random.key(options.seed ?? 0));
  const ico = icosahedron(options.radius ?? 1.2);
  const x0 = ico.add(random.normal(kStart, [13, 3], "float64").mul(perturbation));
  const initialEnergy = energy(x0).item();
  log(`LJ13 from an icosahedron of radius ${options.radius ?? 1.2}, every coordinate perturbed by N(0, ${perturbation}^2): E = ${initialEnergy.toFixed(6)}, max |F| = ${(np.max(np.abs(forces(x0))).item()).toFixed(3)}`);

  const t0 = performance.now();
  const r = jit(relax)(x0);
  const x = r.x.reshape([13, 3]);
  const e = r.fun.item();
  const maxForce = np.max(np.abs(forces(x))).item();
  const iterations = r.nit.item();
  const success = r.success.tolist() === true;
  log(`BFGS (scipy.optimize.minimize): E = ${e.toFixed(6)} after ${iterations} iterations, ${r.nfev.item()} energy evaluations, ${((performance.now() - t0) / 1000).toFixed(1)} s; success ${success} (status ${r.status.item()})`);
  log(`  known LJ13 minimum ${LJ13_MINIMUM} (Wales & Doye 1997): difference ${(e - LJ13_MINIMUM).toExponential(2)}; largest remaining force component ${maxForce.toExponential(1)}`);

  const positions = x.tolist() as number[][];
  const centroid = [0, 1, 2].map((k) => positions.reduce((s, p) => s + p[k]!, 0) / positions.length);
  const center = positions.reduce((best, p) => (Math.hypot(...p.map((c, k) => c - centroid[k]!)) < Math.hypot(...best.map((c, k) => c - centroid[k]!)) ? p : best));
  const shellDistances = positions.filter((p) => p !== center).map((p) => Math.hypot(...p.map((c, k) => c - center[k]!))).sort((a, b) => a - b);
  log(`  central atom to the 12 others: ${shellDistances[0]!.toFixed(6)} to ${shellDistances.at(-1)!.toFixed(6)} (a Mackay icosahedron: all equal)`);

  const batch = options.batch ?? 4;
  let batchEnergies: number[] = [];
  let batchMaxForce = 0;
  if (batch > 0) {
    const starts = np.expandDims(ico, 0).add(random.normal(kBatch, [batch, 13, 3], "float64").mul(perturbation));
    const t1 = performance.now();
    const results = jit(vmap(relax))(starts);
    batchEnergies = results.fun.tolist() as number[];
    batchMaxForce = np.max(np.abs(results.jac)).item();
    const global = batchEnergies.filter((v) => Math.abs(v - LJ13_MINIMUM) < 1e-5).length;
    log(`vmap(minimize) over ${batch} more perturbed starts (${((performance.now() - t1) / 1000).toFixed(1)} s): E = ${batchEnergies.map((v) => v.toFixed(6)).join(", ")}`);
    const local = batchEnergies.filter((v) => Math.abs(v - LJ13_MINIMUM) >= 1e-5).map((v) => v.toFixed(6));
    const trapped = local.length === 0 ? "" : `; ${local.length} stopped in a local minimum (E = ${local.join(", ")}), as a start far enough from the icosahedron may`;
    log(`  ${global} of ${batch} reach the global minimum${trapped}; largest remaining force component ${batchMaxForce.toExponential(1)}`);
  }

  const before = pairDistances(x0.tolist() as number[][]);
  const after = pairDistances(positions);
  const range: [number, number] = [0.8, 2.6];
  const bins = 45;
  const histBefore = histogram(before, bins, range);
  const histAfter = histogram(after, bins, range);
  const svgPaths: string[] = [];
  if (options.svgDir !== undefined) {
    const file = path.join(options.svgDir, "dprog-lj13-distances.svg");
    const steps = (counts: readonly number[]): (readonly [number, number])[] => counts.flatMap((c, i) => [[histAfter.edges[i]!, c], [histAfter.edges[i + 1]!, c]] as const);
    fs.writeFileSync(file, svgXYPlot([
      { label: "perturbed start", points: steps(histBefore.counts), dashed: true },
      { label: "relaxed (BFGS)", points: steps(histAfter.counts) },
    ], { title: "LJ13: pair distances before and after relaxation", xLabel: "r (sigma)", yLabel: "pairs" }));
    svgPaths.push(file);
    log(`  pair-distance histogram written to ${file}`);
  }
  if (options.terminalPlot === true) {
    log(`  pair distances after relaxation, r from ${range[0]} to ${range[1]} (the shells of the icosahedron):`);
    log(terminalBars(histAfter.counts, 5));
  }
  return { initialEnergy, energy: e, maxForce, iterations, success, shellDistances, batchEnergies, batchMaxForce, svgPaths };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const t0 = performance.now();
  run({ log: console.log, svgDir: os.tmpdir(), terminalPlot: true, batch: 8 });
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
