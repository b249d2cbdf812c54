// The JS render table of the kernel IR: one row per node kind, producing the source that the
// elementwise rows of ../elementwise.ts give (the same rows the unfused lowerings use), so a fused
// group reads as it would written by hand: `const t3 = Math.tanh(x0 * 0.5);`.
import type { KernelExpr, KernelExprKind } from "../../kernelIr/index.js";
import { ident, num } from "../emit.js";
import { BINARY_EXPRESSIONS, UNARY_EXPRESSIONS, bitcastExpression, clampExpression, convertExpression, helperCall, selectExpression } from "../elementwise.js";
import type { Expr, HelperCall } from "../elementwise.js";

type Row<K extends KernelExprKind> = (node: Extract<KernelExpr, { kind: K }>, render: (n: KernelExpr) => Expr, h: HelperCall) => Expr;

export const JS_RENDER: { readonly [K in KernelExprKind]: Row<K> } = {
  const: (n) => num(n.value),
  load: (n) => `x${n.index}`,
  reg: (n) => ident(n.name),
  unary: (n, r, h) => UNARY_EXPRESSIONS[n.op](r(n.x), n.x.dtype, n.params, h),
  binary: (n, r, h) => BINARY_EXPRESSIONS[n.op](r(n.a), r(n.b), n.a.dtype, h),
  select: (n, r) => selectExpression(r(n.which), n.cases.map(r)),
  clamp: (n, r) => clampExpression(r(n.lo), r(n.x), r(n.hi), n.x.dtype),
  convert: (n, r, h) => convertExpression(r(n.x), n.x.dtype, n.dtype, h),
  bitcast: (n, r, h) => bitcastExpression(r(n.x), n.x.dtype, n.dtype, h),
  // Registers are doubles: float32 rounding is Math.fround (see float32Rounding in ../elementwise.ts).
  round: (n, r) => `Math.fround(${r(n.x)})`,
};

/**
 * Whether a node's row leaves its operator bare: the rows expect operands that are leaves or
 * calls (a statement reads registers), and float add/sub render as `a + b`, so an operand that
 * is one gets parentheses (a statement itself keeps today's text).
 */
const bareOperator = (n: KernelExpr): boolean => n.kind === "binary" && (n.op === "add" || n.op === "sub") && n.a.dtype !== "int32" && n.a.dtype !== "uint32";

/** `node` as a JS expression over the loop body's registers (`x<k>` loads, `t<k>` statements); `h` formats (and may record) runtime helper calls. */
export function renderJs(node: KernelExpr, h: HelperCall = helperCall): Expr {
  const row = (n: KernelExpr): Expr => (JS_RENDER[n.kind] as Row<typeof n.kind>)(n as never, operand, h);
  const operand = (n: KernelExpr): Expr => (bareOperator(n) ? `(${row(n)})` : row(n));
  return row(node);
}
