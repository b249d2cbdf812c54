// JVP and transpose rules of the named-axis collectives (jax/_src/lax/parallel.py): psum,
// all_gather, ppermute, all_to_all and reduce_scatter are ad.deflinear2 there, each transposing to
// its adjoint collective (_psum_transpose_rule: psum; _all_gather_transpose_rule: psum_scatter;
// _reduce_scatter_transpose_rule: all_gather; _ppermute_transpose_rule: the inverse permutation;
// _all_to_all_transpose_rule: split and concat axes swapped). Under vmap the transpose of psum
// being psum is what JAX 0.10 computes: vmap(grad(x => psum(x, "i")), axis_name="i") is the axis
// size everywhere. pmax/pmin differentiate as reduce_max does (the tangent averaged over the
// examples that attain the extremum); axis_index is an integer.
import type { CollectiveName, Params } from "../../jaxpr/index.js";
import { isInexact } from "../../jaxpr/index.js";
import { bind, bind1 } from "../core/trace.js";
import * as lax from "../lax/ops.js";
import type { JvpRule, TransposeRule } from "./types.js";
import { Zero } from "./types.js";
import { instantiate, isZero, tangentAval } from "./zeros.js";
import { deflinear } from "./ruleMakers.js";

/** pmax/pmin: JAX's _reduce_chooser_jvp_rule over the named axes. */
const chooserJvp =
  (prim: "pmax" | "pmin"): JvpRule<"pmax" | "pmin"> =>
  ([x], [t], params) => {
    const y = bind1(prim, [x!], params);
    if (!isInexact(y.dtype) || isZero(t)) return [[y], [new Zero(tangentAval(y.aval))]];
    const chosen = lax.convertElementType(lax.eq(x!, y), y.dtype);
    const num = bind1("psum", [lax.mul(instantiate(t!), chosen)], { axes: params.axes });
    return [[y], [lax.div(num, bind1("psum", [chosen], { axes: params.axes }))]];
  };

const psum = deflinear("psum", (t, _, params) => [bind1("psum", [t], params)]);
const allGather = deflinear("all_gather", (t, _, { axisName, allGatherDimension, axisSize, tiled }) => [
  bind1("reduce_scatter", [t], { axisName, scatterDimension: allGatherDimension, axisSize, tiled }),
]);
const reduceScatter = deflinear("reduce_scatter", (t, _, { axisName, scatterDimension, axisSize, tiled }) => [
  bind1("all_gather", [t], { axisName, allGatherDimension: scatterDimension, axisSize, tiled }),
]);
const ppermute = deflinear("ppermute", (t, _, { axisName, perm }) => [bind1("ppermute", [t], { axisName, perm: perm.map(([s, d]) => [d, s] as const) })]);
const allToAll = deflinear("all_to_all", (t, _, params) => [bind1("all_to_all", [t], { ...params, splitAxis: params.concatAxis, concatAxis: params.splitAxis })]);

export const COLLECTIVE_JVP_RULES: { readonly [P in CollectiveName]: JvpRule<P> } = {
  psum: psum.jvp,
  pmax: chooserJvp("pmax"),
  pmin: chooserJvp("pmin"),
  axis_index: (primals, _tangents, params: Params<"axis_index">) => {
    const outs = bind("axis_index", primals, params);
    return [outs, outs.map((o) => new Zero(tangentAval(o.aval)))];
  },
  all_gather: allGather.jvp,
  ppermute: ppermute.jvp,
  all_to_all: allToAll.jvp,
  reduce_scatter: reduceScatter.jvp,
};

export const COLLECTIVE_TRANSPOSE_RULES: { readonly [P in Exclude<CollectiveName, "pmax" | "pmin" | "axis_index">]: TransposeRule<P> } = {
  psum: psum.transpose,
  all_gather: allGather.transpose,
  ppermute: ppermute.transpose,
  all_to_all: allToAll.transpose,
  reduce_scatter: reduceScatter.transpose,
};
