// jit keeps intermediates in scratch slots reused across steps. Two ways of getting that wrong
// gave silent wrong values: a kernel reading one intermediate twice freed its slot twice (so two
// later values shared it), and a control-flow kernel handing its operand back (an identity cond
// branch, a loop with zero trips, an unchanged scan carry) let that operand's slot be reused
// while the result was still live. Each case compares jit (called twice: the scratch pool is
// reused) with eager, in float64 so that fusion's rounding cannot hide a difference.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jit } from "../../src/index.js";
import type { Array } from "../../src/index.js";

const x = np.array([0.5, 1, 1.5], { dtype: "float64" });
const x5 = np.multiply(np.arange(5, undefined, undefined, { dtype: "float64" }), 0.3);

/** Within float64 rounding of a reordered sum; a reused slot gives errors of order 1. */
function expectClose(actual: Array, expected: Array): void {
  const a = np.ravel(actual).tolist() as number[];
  const e = np.ravel(expected).tolist() as number[];
  expect(a.length).toBe(e.length);
  a.forEach((v, i) => expect(Math.abs(v - e[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(e[i]!))));
}

function expectJitMatchesEager(f: (x: Array) => Array, input: Array): void {
  const eager = f(input);
  const jf = jit(f);
  expectClose(jf(input), eager);
  expectClose(jf(input), eager);
}

describe("a kernel that reads one intermediate twice", () => {
  it("concatenate([a, a]): the issue's reproduction", () => {
    const f = (x: Array): Array => {
      const a = np.sin(x);
      return np.concatenate([a, a]).add(np.concatenate([np.exp(x), np.cos(x)]));
    };
    expect((jit(f)(x).tolist() as number[]).map((v) => +v.toFixed(3))).toEqual([2.128, 3.56, 5.479, 1.357, 1.382, 1.068]);
    expectJitMatchesEager(f, x);
  });

  const twice: Record<string, (a: Array) => Array> = {
    "stack([a, a])": (a) => np.stack([a, a]),
    "matmul(a, a)": (a) => np.matmul(np.reshape(a, [3, 1]).mul(np.reshape(a, [1, 3])), np.reshape(a, [3, 1]).mul(np.reshape(a, [1, 3]))),
    "outer(a, a)": (a) => np.outer(a, a),
    "a @ a.T": (a) => {
      const m = np.reshape(np.concatenate([a, a.mul(2)]), [2, 3]);
      return np.matmul(m, np.transpose(m));
    },
    "einsum with one operand twice": (a) => np.einsum("i,j->ij", a, a),
  };
  for (const [name, use] of Object.entries(twice)) {
    it(name, () => {
      // Two later intermediates of the same size as `a` would share its slot if it were freed twice.
      const f = (x: Array): Array => {
        const a = np.sin(x);
        const used = use(a);
        const later1 = np.exp(x).mul(3);
        const later2 = np.sort(np.cos(x));
        return np.sum(used).add(np.sum(np.sort(later1).mul(later2)));
      };
      expectJitMatchesEager(f, x);
      // And the twice-read value itself feeding a later step.
      const g = (x: Array): Array => np.sum(use(np.sin(x))).add(np.sum(np.sort(np.exp(x)).mul(np.sort(np.cos(x)))));
      expectJitMatchesEager(g, x);
    });
  }
});

describe("a control-flow result that is its operand's buffer", () => {
  // Reading the result reversed makes the kernel that overwrites a reused slot read it too late.
  const tail = (c: Array, x: Array): Array => np.flip(c).mul(2).add(np.sort(np.cos(x).mul(3)));
  const cases: Record<string, (x: Array) => Array> = {
    "cond with an identity branch": (x) => lax.cond(np.greater(np.sum(x), 0), (u: Array) => u, (u: Array) => np.negative(u), np.sin(x)),
    "switch with an identity branch": (x) =>
      lax.switch(np.array(0, { dtype: "int32" }), [(u: Array) => u, (u: Array) => np.negative(u)], np.sin(x)),
    "while with zero trips": (x) => lax.whileLoop((u: Array) => np.less(np.sum(u), -100), (u: Array) => u.mul(2), np.sin(x)),
    "fori with zero trips": (x) => lax.foriLoop(0, 0, (_i: Array, u: Array) => u.mul(2), np.sin(x)),
    "scan with an unchanged carry": (x) => lax.scan((u: Array, t: Array) => [u, t] as const, np.sin(x), np.arange(3))[0],
  };
  for (const [name, make] of Object.entries(cases)) {
    it(name, () => {
      expectJitMatchesEager((x) => tail(make(x), x), x5);
      // The form, read forwards.
      expectJitMatchesEager((x) => make(x).mul(2).add(np.sort(np.cos(x).mul(3))), x5);
    });
  }

  it("the cond result reaching the program's results keeps its operand out of scratch", () => {
    const f = (x: Array): Array[] => {
      const c = lax.cond(np.greater(np.sum(x), 0), (u: Array) => u, (u: Array) => np.negative(u), np.sin(x));
      return [c, np.sort(np.cos(x).mul(3)), np.exp(x).mul(5)];
    };
    const eager = f(x5);
    const jf = jit(f);
    const first = jf(x5);
    const second = jf(x5);
    eager.forEach((e, i) => {
      expectClose(first[i]!, e);
      expectClose(second[i]!, e);
    });
  });
});
