// Lowerings of the elementwise primitives: one loop over the output, operands broadcast by view.
import type { PrimitiveName, ShapedArray, UnaryElementwiseName, BinaryElementwiseName, Params } from "../../../jaxpr/index.js";
import { UNARY_ELEMENTWISE, BINARY_ELEMENTWISE } from "../../../jaxpr/index.js";
import { Kernel, Lowering, LoweringInput, makeKernel } from "../kernel.js";
import { emitElementwiseLoop, broadcastView } from "../loops.js";
import { BINARY_EXPRESSIONS, UNARY_EXPRESSIONS, bitcastExpression, clampExpression, convertExpression, helperCall, selectExpression } from "../elementwise.js";
import { allocExpression } from "./alloc.js";

/** A kernel computing `expression(loaded operands)` at every output element. */
export function elementwiseKernel(
  name: string,
  inAvals: readonly ShapedArray[],
  out: ShapedArray,
  expression: (loaded: readonly string[]) => string,
): Kernel {
  const operands = inAvals.map((a, k) => ({ name: `in${k}`, view: broadcastView(a.shape, out.shape) }));
  const loop = emitElementwiseLoop({
    shape: out.shape,
    operands,
    body: (loaded, o) => `out[${o}] = ${expression(loaded)};`,
  });
  return makeKernel(name, inAvals.length, `const out = ${allocExpression(out)};\n${loop}\nreturn [out];`);
}

const unary =
  (prim: UnaryElementwiseName): Lowering<UnaryElementwiseName> =>
  ({ inAvals, outAvals, params }) =>
    elementwiseKernel(prim, inAvals, outAvals[0]!, ([x]) => UNARY_EXPRESSIONS[prim](x!, inAvals[0]!.dtype, params as Record<string, unknown>, helperCall));

const binary =
  (prim: BinaryElementwiseName): Lowering<BinaryElementwiseName> =>
  ({ inAvals, outAvals }) =>
    elementwiseKernel(prim, inAvals, outAvals[0]!, ([a, b]) => BINARY_EXPRESSIONS[prim](a!, b!, inAvals[0]!.dtype, helperCall));

type ElementwiseName = UnaryElementwiseName | BinaryElementwiseName | "select_n" | "clamp" | "convert_element_type" | "bitcast_convert_type";

const table = {} as { [P in ElementwiseName]: Lowering<P> };
for (const p of UNARY_ELEMENTWISE) (table as Record<string, unknown>)[p] = unary(p);
for (const p of BINARY_ELEMENTWISE) (table as Record<string, unknown>)[p] = binary(p);

table.select_n = ({ inAvals, outAvals }) =>
  elementwiseKernel("select_n", inAvals, outAvals[0]!, ([w, ...cases]) => selectExpression(w!, [...cases]));
table.clamp = ({ inAvals, outAvals }) =>
  elementwiseKernel("clamp", inAvals, outAvals[0]!, ([lo, x, hi]) => clampExpression(lo!, x!, hi!, inAvals[1]!.dtype));
table.convert_element_type = (eqn: LoweringInput<"convert_element_type">) => {
  const from = eqn.inAvals[0]!.dtype;
  const to = eqn.params.newDtype;
  return elementwiseKernel("convert_element_type", eqn.inAvals, eqn.outAvals[0]!, ([x]) => convertExpression(x!, from, to));
};

table.bitcast_convert_type = (eqn: LoweringInput<"bitcast_convert_type">) => {
  const from = eqn.inAvals[0]!.dtype;
  return elementwiseKernel("bitcast_convert_type", eqn.inAvals, eqn.outAvals[0]!, ([x]) => bitcastExpression(x!, from, eqn.params.newDtype));
};

export const ELEMENTWISE_LOWERINGS: { [P in ElementwiseName]: Lowering<P> } = table;
export type { PrimitiveName, Params };
