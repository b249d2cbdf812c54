// The batching-rule maker for primitives that take leading batch dimensions, checked against a
// loop over the examples (the brief's rule for vmap). Elementwise primitives are such primitives
// with core rank 0; the linear-algebra primitives of issue 20 will use the maker directly.
import { describe, expect, it } from "vitest";
import { numpy as np, random } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { bind } from "../../src/core/trace.js";
import { leadingBatchRule } from "../../src/vmap/ruleMakers.js";

const key = random.key(7);
const normal = (k: number, shape: number[]): Array => random.normal(random.foldIn(key, k), shape, "float64");

describe("leadingBatchRule", () => {
  it("batches a unary primitive at any batch dim, as a loop over examples", () => {
    const x = normal(1, [2, 5, 3]); // batch of 5 at dim 1
    const [outs, dims] = leadingBatchRule("integer_pow")([x], [1], { y: 3 }, 5, null);
    expect(dims).toEqual([0]);
    const loop = np.stack(globalThis.Array.from({ length: 5 }, (_, b) => bind("integer_pow", [x.get(":", b)], { y: 3 })[0]!));
    expect(outs[0]!.tolist()).toEqual(loop.tolist());
  });

  it("broadcasts an unbatched operand to the batch (equal leading dims), as a loop over examples", () => {
    const x = normal(2, [4, 3, 2]); // batched at 0
    const y = normal(3, [3, 2]); // unbatched
    const [outs, dims] = leadingBatchRule("atan2")([x, y], [0, null], {}, 4, null);
    expect(dims).toEqual([0]);
    const loop = np.stack(globalThis.Array.from({ length: 4 }, (_, b) => bind("atan2", [x.get(b), y], {})[0]!));
    expect(outs[0]!.tolist()).toEqual(loop.tolist());
  });

  it("keeps existing leading dims after the batch dim (operands of rank > core rank)", () => {
    const x = normal(4, [3, 6, 2]); // batch of 2 at the last dim
    const y = normal(5, [2, 3, 6]); // batch of 2 at dim 0
    const [outs] = leadingBatchRule("max")([x, y], [2, 0], {}, 2, null);
    const loop = np.stack(globalThis.Array.from({ length: 2 }, (_, b) => bind("max", [x.get(":", ":", b), y.get(b)], {})[0]!));
    expect(outs[0]!.tolist()).toEqual(loop.tolist());
  });
});
