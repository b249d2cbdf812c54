// Batching rules of the windowed reductions (jax/_src/lax/windowed_reductions.py): the vmapped
// axis becomes a window dimension of size 1, stride 1, no padding or dilation. The monoid
// reductions keep it where it is (_reduce_window_batch_rule); the general reduce_window and the
// select_and_* primitives move it to the front (_generic_reduce_window_batch_rule,
// _select_and_scatter_add_batch_rule, _select_and_gather_add_batching_rule).
import type { MonoidWindowName, WindowGeometry, WindowName } from "../../jaxpr/index.js";
import { NotImplementedError } from "../core/errors.js";
import { bind, bind1 } from "../core/trace.js";
import type { BatchRule } from "./types.js";
import { bdimAtFront, insertAt } from "./batchAxis.js";

/** The geometry with a size-1 window dimension inserted at `at`. */
function withUnitWindowAt<G extends WindowGeometry>(g: G, at: number): G {
  return {
    ...g,
    windowDimensions: insertAt(g.windowDimensions, at, 1),
    windowStrides: insertAt(g.windowStrides, at, 1),
    padding: insertAt(g.padding, at, [0, 0] as const),
    baseDilation: insertAt(g.baseDilation, at, 1),
    windowDilation: insertAt(g.windowDilation, at, 1),
  };
}

const monoidRule =
  (prim: MonoidWindowName): BatchRule<MonoidWindowName> =>
  ([operand], [bd], params) => {
    const b = bd!;
    return [[bind1(prim, [operand!], withUnitWindowAt(params, b))], [b]];
  };

const sizeOf = (args: readonly { shape: readonly number[] }[], dims: readonly (number | null)[]): number => {
  const i = dims.findIndex((d) => d !== null);
  return args[i]!.shape[dims[i]!]!;
};

export const WINDOW_BATCH_RULES: { [P in WindowName]: BatchRule<P> } = {
  reduce_window_sum: monoidRule("reduce_window_sum"),
  reduce_window_max: monoidRule("reduce_window_max"),
  reduce_window_min: monoidRule("reduce_window_min"),
  reduce_window(args, dims, params, axisSize) {
    const n = args.length / 2;
    if (dims.slice(n).some((d) => d !== null)) throw new NotImplementedError("reduce_window batching is not implemented for initial values");
    const operands = args.slice(0, n).map((x, i) => bdimAtFront(x, dims[i]!, axisSize));
    const outs = bind("reduce_window", [...operands, ...args.slice(n)], withUnitWindowAt(params, 0));
    return [outs, outs.map(() => 0)];
  },
  select_and_scatter_add([source, operand], dims, params) {
    const size = sizeOf([source!, operand!], dims);
    const s = bdimAtFront(source!, dims[0]!, size);
    const o = bdimAtFront(operand!, dims[1]!, size);
    const p = {
      ...params,
      windowDimensions: [1, ...params.windowDimensions],
      windowStrides: [1, ...params.windowStrides],
      padding: [[0, 0] as const, ...params.padding],
    };
    return [[bind1("select_and_scatter_add", [s, o], p)], [0]];
  },
  select_and_gather_add([tangents, operand], dims, params) {
    const size = sizeOf([tangents!, operand!], dims);
    const t = bdimAtFront(tangents!, dims[0]!, size);
    const o = bdimAtFront(operand!, dims[1]!, size);
    return [[bind1("select_and_gather_add", [t, o], withUnitWindowAt(params, 0))], [0]];
  },
};
