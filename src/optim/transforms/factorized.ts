// optax's scale_by_factored_rms (optax/_src/factorized.py), Adafactor's preconditioner (Shazeer &
// Stern 2018): a leaf whose two largest dimensions are both >= minDimSizeToFactor keeps row and
// column averages of g^2 instead of a full second moment; the others keep the full one. The decay
// at step t is 1 - (t + 1 - offset)^-decayRate, computed in float32 as optax.
import { Array } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import { type GradientTransformation, type Params, asArray, increment, newCount, transformation, requireParams } from "../base.js";
import * as tree from "../../tree/index.js";

/** The keywords of scaleByFactoredRms. */
export interface FactoredRmsOptions {
  /** Whether to factor the second moment of large matrices (default true). */
  factored?: boolean;
  /** The second-moment decay is 1 - step^-decayRate (default 0.8). */
  decayRate?: number;
  /** Subtracted from the step count in that decay (default 0). */
  stepOffset?: number;
  /** Factor only leaves whose two largest dimensions are at least this (default 128). */
  minDimSizeToFactor?: number;
  /** Added to the squared gradients (default 1e-30). */
  epsilon?: number;
}

/** [d1, d0]: the second-largest and largest dimensions (stable order), when both may be factored. */
function factoredDims(shape: readonly number[], factored: boolean, minDim: number): [number, number] | null {
  if (!factored || shape.length < 2) return null;
  const sorted = shape.map((d, i) => [d, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
  const d1 = sorted[sorted.length - 2]!;
  if (shape[d1]! < minDim) return null;
  return [d1, sorted[sorted.length - 1]!];
}

interface LeafState {
  vRow: Array;
  vCol: Array;
  v: Array;
}

/**
 * `optax.scale_by_factored_rms(...)`: Adafactor's factored second-moment rescaling.
 *
 * @example
 * ```ts
 * const opt = optim.scaleByFactoredRms();
 * const params = np.ones([2, 2]);
 * // dimensions under minDimSizeToFactor (128) are not factored: g / sqrt(g^2)
 * opt.update(np.array([[1, 2], [3, 4]]), opt.init(params), params)[0]; // Array([[1., 1.], [1., 1.]], dtype=float32)
 * ```
 */
export function scaleByFactoredRms(opts: FactoredRmsOptions = {}): GradientTransformation {
  const { factored = true, decayRate = 0.8, stepOffset = 0, minDimSizeToFactor = 128, epsilon = 1e-30 } = opts;
  const small = (dtype: string): Array => np.zeros([1], { dtype: dtype as "float32" });
  const initLeaf = (p: Array): LeafState => {
    const dims = factoredDims(p.shape, factored, minDimSizeToFactor);
    if (dims === null) return { vRow: small(p.dtype), vCol: small(p.dtype), v: np.zerosLike(p) };
    const [d1, d0] = dims;
    const without = (axis: number): number[] => p.shape.filter((_, i) => i !== axis);
    return { vRow: np.zeros(without(d0), { dtype: p.dtype }), vCol: np.zeros(without(d1), { dtype: p.dtype }), v: small(p.dtype) };
  };
  // Per-leaf records, unflattened field by field with the params' tree structure.
  const toState = (count: Array, def: tree.TreeDef, leaves: readonly LeafState[]): unknown => ({
    count,
    vRow: tree.unflatten(def, leaves.map((l) => l.vRow)),
    vCol: tree.unflatten(def, leaves.map((l) => l.vCol)),
    v: tree.unflatten(def, leaves.map((l) => l.v)),
  });
  return transformation({
    init: (params) => {
      const [leaves, def] = tree.flatten(params);
      return toState(newCount(), def, leaves.map((p) => initLeaf(asArray(p))));
    },
    update: (grads, state, params) => {
      const s = state as { count: Array; vRow: Params; vCol: Params; v: Params };
      const step = np.astype(np.add(np.subtract(s.count, stepOffset), 1), "float32");
      const decay = np.subtract(1, np.power(step, -decayRate));
      const leafUpdate = (g: Array, vRow: Array, vCol: Array, v: Array, p: Array): { update: Array } & LeafState => {
        const dims = factoredDims(p.shape, factored, minDimSizeToFactor);
        const gradSqr = np.add(np.square(g), epsilon);
        const ema = (old: Array, fresh: Array): Array => np.astype(np.add(np.multiply(decay, old), np.multiply(np.subtract(1, decay), fresh)), p.dtype);
        if (dims === null) {
          const newV = ema(v, gradSqr);
          return { update: np.astype(np.multiply(g, np.power(newV, -0.5)), g.dtype), vRow: small(p.dtype), vCol: small(p.dtype), v: newV };
        }
        const [d1, d0] = dims;
        const newRow = ema(vRow, np.mean(gradSqr, d0));
        const newCol = ema(vCol, np.mean(gradSqr, d1));
        const reducedD1 = d1 > d0 ? d1 - 1 : d1;
        const rowFactor = np.power(np.divide(newRow, np.mean(newRow, reducedD1, true)), -0.5);
        const colFactor = np.power(newCol, -0.5);
        const update = np.multiply(np.multiply(g, np.expandDims(rowFactor, d0)), np.expandDims(colFactor, d1));
        return { update: np.astype(update, g.dtype), vRow: newRow, vCol: newCol, v: small(p.dtype) };
      };
      const [gs, def] = tree.flatten(grads);
      const [rows, cols, vs, ps] = [s.vRow, s.vCol, s.v, requireParams("scale_by_factored_rms", params)].map((t) => tree.flatten(t)[0]);
      const out = gs.map((g, i) => leafUpdate(asArray(g), asArray(rows![i]), asArray(cols![i]), asArray(vs![i]), asArray(ps![i])));
      return [tree.unflatten(def, out.map((o) => o.update)), toState(increment(s.count), def, out)];
    },
  });
}
