// Shape rules of the control-flow primitives (cond, while, scan): the operands must match the
// carried jaxprs' inputs, and the results are the jaxprs' outputs (scan's ys stacked on a new
// leading axis of size `length`). The user-facing checks with JAX's full wording live in the
// API (src/control); these guard every later rewrite of the equations.
import { ShapedArray, shapeString } from "./shape.js";
import type { ShapeRule } from "./shapeRules.js";

const strs = (avals: readonly ShapedArray[]): string => `(${avals.map((a) => a.str()).join(", ")})`;

function checkOperands(name: string, got: readonly ShapedArray[], expected: readonly ShapedArray[]): void {
  const ok = got.length === expected.length && got.every((a, i) => a.matches(expected[i]!));
  if (!ok) throw new TypeError(`${name} expected operands of types ${strs(expected)}, got ${strs(got)}.`);
}

export const CONTROL_FLOW_SHAPE_RULES: {
  cond: ShapeRule<"cond">;
  while: ShapeRule<"while">;
  scan: ShapeRule<"scan">;
  custom_linear_solve: ShapeRule<"custom_linear_solve">;
} = {
  cond([index, ...ops], { branches }) {
    if (branches.length === 0) throw new TypeError("cond requires at least one branch.");
    if (index === undefined || index.dtype !== "int32" || index.ndim !== 0) {
      throw new TypeError(`cond index must be an int32 scalar, got ${index === undefined ? "nothing" : index.str()}.`);
    }
    const outs = branches[0]!.outAvals;
    branches.forEach((b, i) => {
      checkOperands(`cond branch ${i}`, ops, b.inAvals);
      const o = b.outAvals;
      if (o.length !== outs.length || o.some((a, j) => !a.matches(outs[j]!))) {
        throw new TypeError(`cond branches 0 and ${i} must have identical output types, got ${strs(outs)} and ${strs(o)}.`);
      }
    });
    return outs;
  },

  while(avals, { condJaxpr, bodyJaxpr, condNconsts, bodyNconsts }) {
    const cconsts = avals.slice(0, condNconsts);
    const bconsts = avals.slice(condNconsts, condNconsts + bodyNconsts);
    const init = avals.slice(condNconsts + bodyNconsts);
    checkOperands("while cond_jaxpr", [...cconsts, ...init], condJaxpr.inAvals);
    checkOperands("while body_jaxpr", [...bconsts, ...init], bodyJaxpr.inAvals);
    const pred = condJaxpr.outAvals;
    if (pred.length !== 1 || pred[0]!.dtype !== "bool" || pred[0]!.ndim !== 0) {
      throw new TypeError(`cond_fun must return a boolean scalar, but got output type(s) ${strs(pred)}.`);
    }
    const out = bodyJaxpr.outAvals;
    if (out.length !== init.length || out.some((a, i) => !a.matches(init[i]!))) {
      throw new TypeError(`body_fun output and input must have identical types, got ${strs(out)} and ${strs(init)}.`);
    }
    return out;
  },

  scan(avals, { jaxpr, length, numConsts, numCarry }) {
    const xs = avals.slice(numConsts + numCarry);
    for (const x of xs) {
      if (x.ndim === 0 || x.shape[0] !== length) {
        throw new TypeError(`scan operand of shape ${shapeString(x.shape)} has no leading axis of length ${length}.`);
      }
    }
    const sliced = xs.map((x) => x.update({ shape: x.shape.slice(1) }));
    checkOperands("scan jaxpr", [...avals.slice(0, numConsts + numCarry), ...sliced], jaxpr.inAvals);
    const out = jaxpr.outAvals;
    const carryIn = avals.slice(numConsts, numConsts + numCarry);
    for (let i = 0; i < numCarry; i++) {
      if (!out[i]!.matches(carryIn[i]!)) {
        throw new TypeError(`scan carry output ${out[i]!.str()} does not match carry input ${carryIn[i]!.str()}.`);
      }
    }
    return [...out.slice(0, numCarry), ...out.slice(numCarry).map((y) => y.update({ shape: [length, ...y.shape] }))];
  },

  // solves.py's _linear_solve_abstract_eval: the results are b's types, then solve's aux outputs.
  custom_linear_solve(avals, { constLengths, jaxprs }) {
    const { matvec, vecmat, solve, transposeSolve } = constLengths;
    const numConsts = matvec + vecmat + solve + transposeSolve;
    const b = avals.slice(numConsts);
    const consts = (start: number, n: number) => avals.slice(start, start + n);
    checkOperands("custom_linear_solve matvec", [...consts(0, matvec), ...b], jaxprs.matvec!.inAvals);
    if (jaxprs.vecmat !== null) checkOperands("custom_linear_solve vecmat", [...consts(matvec, vecmat), ...b], jaxprs.vecmat.inAvals);
    checkOperands("custom_linear_solve solve", [...consts(matvec + vecmat, solve), ...b], jaxprs.solve!.inAvals);
    if (jaxprs.transposeSolve !== null) {
      checkOperands("custom_linear_solve transpose_solve", [...consts(matvec + vecmat + solve, transposeSolve), ...b], jaxprs.transposeSolve.inAvals);
    }
    const out = jaxprs.solve!.outAvals;
    if (out.length < b.length || b.some((a, i) => !a.matches(out[i]!))) {
      throw new TypeError(`custom_linear_solve solve must return b's types ${strs(b)}, got ${strs(out)}.`);
    }
    return out;
  },
};
