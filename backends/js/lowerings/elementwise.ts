// Lowerings of the elementwise primitives: one loop over the output, operands broadcast by view.
// Each builds its primitive's kernel IR node over the operands' loads; the JS render table
// (fusion/renderJs.ts) writes it as the loop body, or, where code generation is forbidden, the
// kernel IR evaluator runs it (fusion/evaluateGroup.ts) as a one-statement group.
import type { PrimitiveName, ShapedArray, UnaryElementwiseName, BinaryElementwiseName, Params } from "../../../jaxpr/index.js";
import { UNARY_ELEMENTWISE, BINARY_ELEMENTWISE, TYPED_ARRAY } from "../../../jaxpr/index.js";
import type { KernelExpr } from "../../kernelIr/index.js";
import { ir } from "../../kernelIr/index.js";
import { Kernel, Lowering, LoweringInput, makeKernel } from "../kernel.js";
import { emitElementwiseLoop, broadcastView } from "../loops.js";
import { renderJs } from "../fusion/renderJs.js";
import { planGroupLoops, type GroupSpec } from "../fusion/groupKernel.js";
import { evaluatedGroupKernel, fusedGroupsEvaluated } from "../fusion/evaluateGroup.js";
import { allocExpression } from "./alloc.js";

/** A kernel computing `node(loads)` at every output element, operand k read through load k. */
export function elementwiseKernel(name: string, inAvals: readonly ShapedArray[], out: ShapedArray, node: (loads: readonly KernelExpr[]) => KernelExpr): Kernel {
  const expr = node(inAvals.map((a, k) => ir.load(k, a.dtype)));
  const operands = inAvals.map((a, k) => ({ name: `in${k}`, view: broadcastView(a.shape, out.shape) }));
  // The loop names operand k's element x<k>, as the render table names load k.
  const loop = emitElementwiseLoop({ shape: out.shape, operands, body: (_loaded, o) => `out[${o}] = ${renderJs(expr)};` });
  const body = `const out = ${allocExpression(out)};\n${loop}\nreturn [out];`;
  if (!fusedGroupsEvaluated()) return makeKernel(name, inAvals.length, body);
  const spec: GroupSpec = {
    name,
    shape: out.shape,
    numInputs: inAvals.length,
    loads: operands.map((op, k) => ({ input: k, view: op.view })),
    statements: [{ reg: "t0", expr }],
    stores: [{ reg: "t0", aval: out }],
    reductions: [],
  };
  const group = evaluatedGroupKernel(spec, planGroupLoops(spec), body);
  return { name, source: group.source, run: (...inputs) => group.run(...inputs, new TYPED_ARRAY[out.dtype](out.size)) };
}

const unary =
  (prim: UnaryElementwiseName): Lowering<UnaryElementwiseName> =>
  ({ inAvals, outAvals, params }) =>
    elementwiseKernel(prim, inAvals, outAvals[0]!, ([x]) => ir.unary(prim, x!, params as Record<string, unknown>, outAvals[0]!.dtype));

const binary =
  (prim: BinaryElementwiseName): Lowering<BinaryElementwiseName> =>
  ({ inAvals, outAvals }) =>
    elementwiseKernel(prim, inAvals, outAvals[0]!, ([a, b]) => ir.binary(prim, a!, b!, outAvals[0]!.dtype));

type ElementwiseName = UnaryElementwiseName | BinaryElementwiseName | "select_n" | "clamp" | "convert_element_type" | "bitcast_convert_type";

const table = {} as { [P in ElementwiseName]: Lowering<P> };
for (const p of UNARY_ELEMENTWISE) (table as Record<string, unknown>)[p] = unary(p);
for (const p of BINARY_ELEMENTWISE) (table as Record<string, unknown>)[p] = binary(p);

table.select_n = ({ inAvals, outAvals }) => elementwiseKernel("select_n", inAvals, outAvals[0]!, ([w, ...cases]) => ir.select(w!, cases));
table.clamp = ({ inAvals, outAvals }) => elementwiseKernel("clamp", inAvals, outAvals[0]!, ([lo, x, hi]) => ir.clamp(lo!, x!, hi!));
table.convert_element_type = (eqn: LoweringInput<"convert_element_type">) =>
  elementwiseKernel("convert_element_type", eqn.inAvals, eqn.outAvals[0]!, ([x]) => ir.convert(x!, eqn.params.newDtype));
table.bitcast_convert_type = (eqn: LoweringInput<"bitcast_convert_type">) =>
  elementwiseKernel("bitcast_convert_type", eqn.inAvals, eqn.outAvals[0]!, ([x]) => ir.bitcast(x!, eqn.params.newDtype));

export const ELEMENTWISE_LOWERINGS: { [P in ElementwiseName]: Lowering<P> } = table;
export type { PrimitiveName, Params };
