// Structural helpers on kernel IR nodes: what a node reads, substituting its leaves (register
// renaming, inlining a load), counting its operations (cost models), and the statements a register depends on.
import type { KernelExpr, KernelStatement, LeafNode, LoadNode, RegNode } from "./expr.js";

/** A node's operands, in evaluation order. */
export function childrenOf(node: KernelExpr): readonly KernelExpr[] {
  switch (node.kind) {
    case "const":
    case "load":
    case "reg":
      return [];
    case "unary":
    case "convert":
    case "bitcast":
    case "round":
      return [node.x];
    case "binary":
      return [node.a, node.b];
    case "select":
      return [node.which, ...node.cases];
    case "clamp":
      return [node.lo, node.x, node.hi];
  }
}

/** The node with each operand replaced by `f(operand)` (the node itself where nothing changed). */
export function mapChildren(node: KernelExpr, f: (child: KernelExpr) => KernelExpr): KernelExpr {
  switch (node.kind) {
    case "const":
    case "load":
    case "reg":
      return node;
    case "unary":
    case "convert":
    case "bitcast":
    case "round": {
      const x = f(node.x);
      return x === node.x ? node : { ...node, x };
    }
    case "binary": {
      const a = f(node.a);
      const b = f(node.b);
      return a === node.a && b === node.b ? node : { ...node, a, b };
    }
    case "select": {
      const which = f(node.which);
      const cases = node.cases.map(f);
      return which === node.which && cases.every((c, i) => c === node.cases[i]) ? node : { ...node, which, cases };
    }
    case "clamp": {
      const lo = f(node.lo);
      const x = f(node.x);
      const hi = f(node.hi);
      return lo === node.lo && x === node.x && hi === node.hi ? node : { ...node, lo, x, hi };
    }
  }
}

export const isLeaf = (node: KernelExpr): node is LeafNode => node.kind === "const" || node.kind === "load" || node.kind === "reg";

/** The register name a load or register reference is held in by the loop body: `x<k>` for load k. */
export const leafName = (node: LoadNode | RegNode): string => (node.kind === "load" ? `x${node.index}` : node.name);

/** The registers and loads `node` reads, each once, in first-use order. */
export function readsOf(node: KernelExpr): { registers: string[]; loads: number[] } {
  const registers = new Set<string>();
  const loads = new Set<number>();
  const visit = (n: KernelExpr): void => {
    if (n.kind === "reg") registers.add(n.name);
    else if (n.kind === "load") loads.add(n.index);
    else for (const c of childrenOf(n)) visit(c);
  };
  visit(node);
  return { registers: [...registers], loads: [...loads] };
}

/** The names (`x<k>` for loads, `t<k>` for registers) of the values `node` reads. */
export function namesRead(node: KernelExpr): string[] {
  const { registers, loads } = readsOf(node);
  return [...loads.map((k) => `x${k}`), ...registers];
}

/**
 * `node` with every load and register reference replaced by `rename(leaf)`: register renaming
 * when a chain is recomputed in another group, a register turned into a load when it is stored
 * by a kernel of its own.
 */
export function renameRegisters(node: KernelExpr, rename: (leaf: LoadNode | RegNode) => KernelExpr): KernelExpr {
  if (node.kind === "load" || node.kind === "reg") return rename(node);
  return mapChildren(node, (c) => renameRegisters(c, rename));
}

/** The sum of `weight` over the operations of `node` (leaves are not operations). */
export function countOps(node: KernelExpr, weight: (op: KernelExpr) => number = () => 1): number {
  if (isLeaf(node)) return 0;
  return childrenOf(node).reduce((a, c) => a + countOps(c, weight), weight(node));
}

/** Whether some node of `node` satisfies `test`. */
export function someNode(node: KernelExpr, test: (n: KernelExpr) => boolean): boolean {
  return test(node) || childrenOf(node).some((c) => someNode(c, test));
}

/**
 * The loads (in the order they are read) and statements (in program order) of a loop body that
 * register `reg` depends on, to recompute it elsewhere; null where that is more than `maxStatements` statements.
 */
export function chainOf(statements: readonly KernelStatement[], reg: RegNode, maxStatements: number): { loads: number[]; statements: number[] } | null {
  const byReg = new Map(statements.map((st, i) => [st.reg, i]));
  const needed = new Set<number>();
  const loadsNeeded = new Set<number>();
  // Leaves in the order they are read, so that the copy's loads keep the producer's order.
  const visit = (e: KernelExpr): void => {
    if (e.kind === "load") loadsNeeded.add(e.index);
    else if (e.kind === "reg") {
      const i = byReg.get(e.name)!;
      if (needed.has(i)) return;
      needed.add(i);
      visit(statements[i]!.expr);
    } else for (const c of childrenOf(e)) visit(c);
  };
  visit(reg);
  if (needed.size > maxStatements) return null;
  return { loads: [...loadsNeeded], statements: [...needed].sort((a, b) => a - b) };
}
