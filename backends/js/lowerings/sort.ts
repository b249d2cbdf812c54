// Lowering of sort: N operands of one shape sorted together along `dimension`, ordered
// lexicographically by the first `numKeys`, always stable. Order is JAX's: NaN after +inf, -0 and
// 0 equal (so they keep their input order). A native kernel: sorting is data-dependent, so there
// is nothing for literal shapes to buy beyond the lane geometry, which is computed once here.
import { TYPED_ARRAY, isFloat } from "../../../jaxpr/index.js";
import { Buffer, Lowering, nativeKernel } from "../kernel.js";

/** JAX's float order with -0 == 0 and every NaN equal and last; plain numeric order for ints. */
function compareValues(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const aNaN = a !== a;
  return aNaN === (b !== b) ? 0 : aNaN ? 1 : -1;
}

/**
 * After a native typed-array sort (which puts -0 before 0), restores the zeros' input order so the
 * result is what a stable sort with -0 == 0 gives. `lane` is the sorted run, `input` the original.
 */
function restoreZeroOrder(lane: Buffer, input: ArrayLike<number>, n: number): void {
  let negZero = false;
  for (let i = 0; i < n; i++) if (Object.is(input[i], -0)) negZero = true;
  if (!negZero) return;
  let z = 0;
  while (lane[z] !== 0) z++;
  for (let i = 0; i < n; i++) if (input[i] === 0) lane[z++] = input[i]!;
}

export const SORT_LOWERINGS: { sort: Lowering<"sort"> } = {
  sort: ({ inAvals, params }) => {
    const x = inAvals[0]!;
    const { dimension, numKeys } = params;
    const n = x.shape[dimension]!;
    const outer = x.shape.slice(0, dimension).reduce((a, b) => a * b, 1);
    const inner = x.shape.slice(dimension + 1).reduce((a, b) => a * b, 1);
    const ctors = inAvals.map((a) => TYPED_ARRAY[a.dtype]);
    const float = isFloat(x.dtype);
    const laneStart = (l: number): number => Math.floor(l / inner) * n * inner + (l % inner);

    if (inAvals.length === 1) {
      // One operand: the engine's numeric typed-array sort (NaN last, -0 before 0), then the zeros'
      // order fixed up. Equal ints and bools are indistinguishable, so stability is moot for them.
      const Ctor = ctors[0]!;
      const run = (input: Buffer): Buffer[] => {
        const out = new Ctor(x.size);
        const lane = new Ctor(n);
        for (let l = 0; l < outer * inner; l++) {
          const s = laneStart(l);
          if (inner === 1) {
            const src = input.subarray(s, s + n);
            lane.set(src);
            lane.sort();
            if (float) restoreZeroOrder(lane, src, n);
            out.set(lane, s);
          } else {
            for (let j = 0; j < n; j++) lane[j] = input[s + j * inner]!;
            const src = lane.slice();
            lane.sort();
            if (float) restoreZeroOrder(lane, src, n);
            for (let j = 0; j < n; j++) out[s + j * inner] = lane[j]!;
          }
        }
        return [out];
      };
      return nativeKernel("sort", run, `numeric sort of ${outer * inner} lanes of ${n}`);
    }

    // Several operands: sort a permutation of lane positions by the keys, then gather every operand
    // through it. Array.prototype.sort is stable (required since ES2019), so ties keep input order.
    const run = (...inputs: Buffer[]): Buffer[] => {
      const outs = inputs.map((_, k) => new ctors[k]!(x.size));
      const keys = inputs.slice(0, numKeys);
      const perm: number[] = new Array<number>(n);
      let s = 0;
      const compare = (i: number, j: number): number => {
        for (const key of keys) {
          const c = compareValues(key[s + i * inner]!, key[s + j * inner]!);
          if (c !== 0) return c;
        }
        return 0;
      };
      for (let l = 0; l < outer * inner; l++) {
        s = laneStart(l);
        for (let j = 0; j < n; j++) perm[j] = j;
        perm.sort(compare);
        inputs.forEach((input, k) => {
          const out = outs[k]!;
          for (let j = 0; j < n; j++) out[s + j * inner] = input[s + perm[j]! * inner]!;
        });
      }
      return outs;
    };
    return nativeKernel("sort", run, `stable sort of ${inAvals.length} operands by ${numKeys} key(s), ${outer * inner} lanes of ${n}`);
  },
};
