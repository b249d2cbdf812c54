// Lowerings of the elementwise primitives: one loop over the output, operands broadcast by view.
// Each builds its primitive's kernel IR node over the operands' loads; the JS render table
// (fusion/renderJs.ts) writes it as the loop body, or, where code generation is forbidden, the
// kernel IR evaluator runs it (fusion/evaluateGroup.ts) as a one-statement group.
import type { PrimitiveName, Shape, ShapedArray, UnaryElementwiseName, BinaryElementwiseName, Params } from "../../../jaxpr/index.js";
import { UNARY_ELEMENTWISE, BINARY_ELEMENTWISE, TYPED_ARRAY } from "../../../jaxpr/index.js";
import type { KernelExpr, KernelStatement } from "../../kernelIr/index.js";
import { ir } from "../../kernelIr/index.js";
import { Kernel, Lowering, LoweringInput, makeKernel } from "../kernel.js";
import { emitElementwiseLoop, broadcastView, type View } from "../loops.js";
import { ident } from "../emit.js";
import { renderJs } from "../fusion/renderJs.js";
import { planGroupLoops, type GroupSpec } from "../fusion/groupKernel.js";
import { evaluatedGroupKernel, fusedGroupsEvaluated } from "../fusion/evaluateGroup.js";
import { allocExpression } from "./alloc.js";

/** A kernel computing `node(loads)` at every output element, operand k read through load k. */
export function elementwiseKernel(name: string, inAvals: readonly ShapedArray[], out: ShapedArray, node: (loads: readonly KernelExpr[]) => KernelExpr): Kernel {
  const expr = node(inAvals.map((a, k) => ir.load(k, a.dtype)));
  const views = inAvals.map((a) => broadcastView(a.shape, out.shape));
  return elementwiseRunKernel({ name, shape: out.shape, views, statements: [{ reg: "t0", expr }], stores: [{ reg: "t0", aval: out }] });
}

/**
 * A run of elementwise statements in one loop over `shape`: operand k is read through `views[k]`
 * as load k, each statement's register holds its value (float32 values as doubles, as in a fused
 * group), and each store writes a register to a fresh array; the kernel returns the stores.
 */
export interface ElementwiseRun {
  readonly name: string;
  readonly shape: Shape;
  readonly views: readonly View[];
  readonly statements: readonly KernelStatement[];
  readonly stores: readonly { readonly reg: string; readonly aval: ShapedArray }[];
}

export function elementwiseRunKernel(run: ElementwiseRun): Kernel {
  const { name, shape, views, statements, stores } = run;
  const operands = views.map((view, k) => ({ name: `in${k}`, view }));
  // The loop names operand k's element x<k>, as the render table names load k.
  const lines = [...statements.map((st) => `const ${ident(st.reg)} = ${renderJs(st.expr)};`), ...stores.map((st, j) => `out${j}[o] = ${ident(st.reg)};`)];
  const loop = emitElementwiseLoop({ shape, operands, body: () => lines.join("\n") });
  const outs = stores.map((_, j) => `out${j}`);
  const body = [...stores.map((st, j) => `const out${j} = ${allocExpression(st.aval)};`), loop, `return [${outs.join(", ")}];`].join("\n");
  if (!fusedGroupsEvaluated()) return makeKernel(name, views.length, body);
  const spec: GroupSpec = { name, shape, numInputs: views.length, loads: views.map((view, input) => ({ input, view })), statements, stores, reductions: [] };
  const group = evaluatedGroupKernel(spec, planGroupLoops(spec), body);
  return { name, source: group.source, run: (...inputs) => group.run(...inputs, ...stores.map((st) => new TYPED_ARRAY[st.aval.dtype](st.aval.size))) };
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
