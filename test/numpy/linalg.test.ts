// numpy's products and diagonals against small integer examples worked out by hand.
import { describe, it, expect } from "vitest";
import { numpy as np, makeJaxpr, ShapedArray } from "../../src/index.js";

const i32 = (data: unknown) => np.array(data as never, { dtype: "int32" });
const f64 = (data: unknown) => np.array(data as never, { dtype: "float64" });
const f32 = (data: unknown) => np.array(data as never, { dtype: "float32" });

// A = [[1,2],[3,4]], B = [[5,6],[7,8]]: AB = [[19,22],[43,50]].
const A = [[1, 2], [3, 4]];
const B = [[5, 6], [7, 8]];
const AB = [[19, 22], [43, 50]];
const M3 = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];

describe("matmul", () => {
  it("multiplies matrices (int32 and float64 keep their dtype)", () => {
    const r = np.matmul(i32(A), i32(B));
    expect(r.tolist()).toEqual(AB);
    expect(r.dtype).toBe("int32");
    const q = np.matmul(f64(A), f64(B));
    expect(q.tolist()).toEqual(AB);
    expect(q.dtype).toBe("float64");
    expect(i32(A).matmul(i32(B)).tolist()).toEqual(AB);
  });

  it("promotes dtypes", () => {
    const r = np.matmul(i32(A), f32(B));
    expect(r.dtype).toBe("float32");
    expect(r.tolist()).toEqual(AB);
    expect(np.matmul(f32(A), f64(B)).dtype).toBe("float64");
  });

  it("non-square shapes", () => {
    // (2,3) @ (3,1)
    const r = np.matmul(i32([[1, 2, 3], [4, 5, 6]]), i32([[1], [0], [-1]]));
    expect(r.shape).toEqual([2, 1]);
    expect(r.tolist()).toEqual([[-2], [-2]]);
  });

  it("1-D operands: vector @ vector, matrix @ vector, vector @ matrix", () => {
    const v = i32([1, 2]);
    const vv = np.matmul(v, i32([3, 4]));
    expect(vv.shape).toEqual([]);
    expect(vv.tolist()).toBe(11);
    const mv = np.matmul(i32(A), v);
    expect(mv.shape).toEqual([2]);
    expect(mv.tolist()).toEqual([5, 11]);
    const vm = np.matmul(v, i32(A));
    expect(vm.shape).toEqual([2]);
    expect(vm.tolist()).toEqual([7, 10]);
  });

  it("batched and broadcast batch dims", () => {
    const a = i32([A, B]); // (2,2,2)
    const r = np.matmul(a, i32(A)); // (2,2,2) @ (2,2)
    expect(r.shape).toEqual([2, 2, 2]);
    expect(r.tolist()).toEqual([
      [[7, 10], [15, 22]],
      [[23, 34], [31, 46]],
    ]);
    const s = np.matmul(i32(A), a); // (2,2) @ (2,2,2)
    expect(s.tolist()).toEqual([
      [[7, 10], [15, 22]],
      [[19, 22], [43, 50]],
    ]);
    // (2,1,2,2) @ (3,2,2) -> (2,3,2,2)
    const I = [[1, 0], [0, 1]];
    const Z = [[0, 0], [0, 0]];
    const left = i32([[A], [B]]);
    const right = i32([I, Z, A]);
    const t = np.matmul(left, right);
    expect(t.shape).toEqual([2, 3, 2, 2]);
    expect(t.tolist()).toEqual([
      [A, Z, [[7, 10], [15, 22]]],
      [B, Z, [[23, 34], [31, 46]]],
    ]);
    // size-1 batch dim on the right: (2,2,2) @ (1,2,2), and both size 1: (1,2,2) @ (1,2,2)
    expect(np.matmul(a, i32([A])).tolist()).toEqual([
      [[7, 10], [15, 22]],
      [[23, 34], [31, 46]],
    ]);
    expect(np.matmul(i32([A]), i32([B])).tolist()).toEqual([AB]);
    // batch @ vector: (2,2,2) @ (2,) -> (2,2)
    expect(np.matmul(a, i32([1, 1])).tolist()).toEqual([[3, 7], [11, 15]]);
    // vector @ batch: (2,) @ (2,2,2) -> (2,2)
    expect(np.matmul(i32([1, 1]), a).tolist()).toEqual([[4, 6], [12, 14]]);
  });

  it("bool operands give bool (or of ands)", () => {
    const r = np.matmul(np.array([[true, false], [false, false]]), np.array([[true, true], [false, true]]));
    expect(r.dtype).toBe("bool");
    expect(r.tolist()).toEqual([[true, true], [false, false]]);
  });

  it("errors", () => {
    expect(() => np.matmul(i32([[1, 2, 3]]), i32([[1], [2], [3], [4]]))).toThrow(
      "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 4 is different from 3)",
    );
    expect(() => np.matmul(i32(3), i32([1]))).toThrow("matmul input operand 0 must have ndim at least 1, but it has ndim 0");
    expect(() => np.matmul(i32([1]), 2)).toThrow("matmul input operand 1 must have ndim at least 1, but it has ndim 0");
    expect(() => np.matmul(np.zeros([2, 2, 3]), np.zeros([3, 3, 2]))).toThrow(/Incompatible shapes for matmul arguments/);
  });
});

describe("dot, vdot, outer, inner", () => {
  it("dot: scalars multiply", () => {
    expect(np.dot(2, i32([1, 2])).tolist()).toEqual([2, 4]);
    expect(np.dot(2, i32([1, 2])).dtype).toBe("int32");
    expect(np.dot(i32(A), 3).tolist()).toEqual([[3, 6], [9, 12]]);
  });

  it("dot: 1-D, 2-D and N-D", () => {
    expect(np.dot(i32([1, 2, 3]), i32([4, 5, 6])).tolist()).toBe(32);
    expect(np.dot(i32(A), i32(B)).tolist()).toEqual(AB);
    expect(np.dot(f64(A), f64(B)).dtype).toBe("float64");
    expect(i32(A).dot(i32([1, 1])).tolist()).toEqual([3, 7]);
    // N-D . M-D: dot(a, b)[i,j,k,m] = sum(a[i,j,:] * b[k,:,m]) -- no batching.
    const a = i32([A, B]); // (2,2,2)
    const r = np.dot(a, i32([A, B])); // -> (2,2,2,2)
    expect(r.shape).toEqual([2, 2, 2, 2]);
    expect(r.tolist()).toEqual([
      [[[7, 10], [19, 22]], [[15, 22], [43, 50]]],
      [[[23, 34], [67, 78]], [[31, 46], [91, 106]]],
    ]);
    // N-D . 1-D contracts the last axis.
    expect(np.dot(a, i32([1, -1])).tolist()).toEqual([[-1, -1], [-1, -1]]);
  });

  it("dot: mismatch error", () => {
    expect(() => np.dot(i32([1, 2, 3]), i32([1, 2]))).toThrow(/dot_general requires contracting dimensions to have the same shape, got \(3,\) and \(2,\)/);
  });

  it("vdot flattens", () => {
    const r = np.vdot(i32(A), i32(B));
    expect(r.tolist()).toBe(5 + 12 + 21 + 32);
    expect(r.dtype).toBe("int32");
    expect(np.vdot(f64([1, 2]), f64([3, 4])).dtype).toBe("float64");
  });

  it("outer flattens and multiplies", () => {
    const r = np.outer(i32([1, 2]), i32([3, 4, 5]));
    expect(r.shape).toEqual([2, 3]);
    expect(r.tolist()).toEqual([[3, 4, 5], [6, 8, 10]]);
    expect(np.outer(i32(A), i32([1, -1])).tolist()).toEqual([[1, -1], [2, -2], [3, -3], [4, -4]]);
    expect(np.outer(f64([1]), i32([2])).dtype).toBe("float64");
  });

  it("inner contracts last axes", () => {
    expect(np.inner(i32([1, 2, 3]), i32([4, 5, 6])).tolist()).toBe(32);
    // inner(A, B)[i,j] = sum_k A[i,k] B[j,k]
    expect(np.inner(i32(A), i32(B)).tolist()).toEqual([[17, 23], [39, 53]]);
    expect(np.inner(i32(A), i32([1, 1])).tolist()).toEqual([3, 7]);
    expect(np.inner(i32(A), 2).tolist()).toEqual([[2, 4], [6, 8]]);
    const r = np.inner(i32([A, B]), i32([[1, 0]]));
    expect(r.shape).toEqual([2, 2, 1]);
  });
});

describe("tensordot", () => {
  it("integer axes", () => {
    // axes=2 on matrices is the full contraction.
    expect(np.tensordot(i32(A), i32(B)).tolist()).toBe(5 + 12 + 21 + 32);
    expect(np.tensordot(i32(A), i32(B), 1).tolist()).toEqual(AB);
    const o = np.tensordot(i32([1, 2]), i32([3, 4]), 0);
    expect(o.tolist()).toEqual([[3, 4], [6, 8]]);
  });

  it("axis lists, negative axes, single ints", () => {
    // contract A's axis 0 with B's axis 0: (A^T B)
    expect(np.tensordot(i32(A), i32(B), [[0], [0]]).tolist()).toEqual([[26, 30], [38, 44]]);
    expect(np.tensordot(i32(A), i32(B), [0, -2]).tolist()).toEqual([[26, 30], [38, 44]]);
    expect(np.tensordot(i32(A), i32(B), [[1, 0], [1, 0]]).tolist()).toBe(70);
    // (2,3) x (3,2,1) with axes [[1],[0]] -> (2,2,1)
    const t = np.tensordot(i32([[1, 2, 3], [4, 5, 6]]), i32([[[1], [0]], [[0], [1]], [[1], [1]]]), [[1], [0]]);
    expect(t.shape).toEqual([2, 2, 1]);
    expect(t.tolist()).toEqual([[[4], [5]], [[10], [11]]]);
    expect(np.tensordot(f64(A), f64(B), 1).dtype).toBe("float64");
  });

  it("errors", () => {
    expect(() => np.tensordot(i32([1, 2]), i32(A), 2)).toThrow("Number of tensordot axes (axes 2) exceeds input ranks ((2,) and (2, 2))");
    expect(() => np.tensordot(i32(A), i32(B), [[0, 1], [0]])).toThrow(/tensordot requires axes lists to have equal length/);
    expect(() => np.tensordot(i32(A), i32(B), [[0], [2]])).toThrow(/axis 2 is out of bounds for array of dimension 2/);
    expect(() => np.tensordot(i32(A), i32([[1, 2, 3], [4, 5, 6]]), [[1], [1]])).toThrow(/shape-mismatch for sum/);
  });
});

describe("einsum", () => {
  it("matrix product, transpose, diagonal, trace", () => {
    const r = np.einsum("ij,jk->ik", i32(A), i32(B));
    expect(r.tolist()).toEqual(AB);
    expect(r.dtype).toBe("int32");
    expect(np.einsum("ij,jk->ik", f64(A), f64(B)).dtype).toBe("float64");
    expect(np.einsum("ij->ji", i32(M3)).tolist()).toEqual([[1, 4, 7], [2, 5, 8], [3, 6, 9]]);
    expect(np.einsum("ii->i", i32(M3)).tolist()).toEqual([1, 5, 9]);
    expect(np.einsum("ii", i32(M3)).tolist()).toBe(15);
    expect(np.einsum("ij->", i32(M3)).tolist()).toBe(45);
    expect(np.einsum("ij->j", i32(M3)).tolist()).toEqual([12, 15, 18]);
  });

  it("implicit output is the once-appearing labels sorted", () => {
    expect(np.einsum("ij,jk", i32(A), i32(B)).tolist()).toEqual(AB);
    // "ba" implicit -> "ab": a transpose
    expect(np.einsum("ba", i32(A)).tolist()).toEqual([[1, 3], [2, 4]]);
    expect(np.einsum("ij", i32(A)).tolist()).toEqual(A);
  });

  it("vectors: inner and outer", () => {
    expect(np.einsum("i,i->", i32([1, 2, 3]), i32([4, 5, 6])).tolist()).toBe(32);
    expect(np.einsum("i,i", i32([1, 2, 3]), i32([4, 5, 6])).tolist()).toBe(32);
    expect(np.einsum("i,j->ij", i32([1, 2]), i32([3, 4, 5])).tolist()).toEqual([[3, 4, 5], [6, 8, 10]]);
    expect(np.einsum("i,j->ji", i32([1, 2]), i32([3, 4, 5])).tolist()).toEqual([[3, 6], [4, 8], [5, 10]]);
    expect(np.einsum("i,i->i", i32([1, 2]), i32([3, 4])).tolist()).toEqual([3, 8]);
  });

  it("batched matmul and ellipsis", () => {
    const a = i32([A, B]);
    const r = np.einsum("bij,bjk->bik", a, i32([A, A]));
    expect(r.tolist()).toEqual([
      [[7, 10], [15, 22]],
      [[23, 34], [31, 46]],
    ]);
    expect(np.einsum("...ij,...jk->...ik", a, i32([A, A])).tolist()).toEqual(r.tolist());
    // ellipsis broadcasting: (2,2,2) against (2,2)
    expect(np.einsum("...ij,...jk->...ik", a, i32(A)).tolist()).toEqual(r.tolist());
    // size-1 ellipsis dims broadcast: (1,2,2) against (2,2,2)
    expect(np.einsum("...ij,...jk->...ik", i32([A]), a).tolist()).toEqual([
      [[7, 10], [15, 22]],
      [[19, 22], [43, 50]],
    ]);
    // "...ii->...i": batched diagonals
    expect(np.einsum("...ii->...i", a).tolist()).toEqual([[1, 4], [5, 8]]);
    // implicit mode puts the ellipsis first
    expect(np.einsum("i...->...", i32(A)).tolist()).toEqual([4, 6]);
    expect(np.einsum("...i", i32(A)).tolist()).toEqual(A);
    // ellipsis in the middle
    expect(np.einsum("i...j->j...i", i32([A, B])).tolist()).toEqual([
      [[1, 5], [3, 7]],
      [[2, 6], [4, 8]],
    ]);
    // explicit output without '...' sums the broadcast dims
    expect(np.einsum("...i->i", i32(A)).tolist()).toEqual([4, 6]);
  });

  it("three operands and more", () => {
    const C = [[1, 0], [1, 1]];
    // A B C = [[19,22],[43,50]] @ [[1,0],[1,1]] = [[41,22],[93,50]]
    const r = np.einsum("ij,jk,kl->il", i32(A), i32(B), i32(C));
    expect(r.tolist()).toEqual([[41, 22], [93, 50]]);
    expect(r.dtype).toBe("int32");
    // i,i,i-> : sum of triple products
    expect(np.einsum("i,i,i->", i32([1, 2]), i32([3, 4]), i32([5, 6])).tolist()).toBe(15 + 48);
    // a label shared by all three operands and kept in the output
    expect(np.einsum("i,i,i->i", i32([1, 2]), i32([3, 4]), i32([5, 6])).tolist()).toEqual([15, 48]);
    // bilinear form x^T A y
    expect(np.einsum("i,ij,j->", i32([1, 2]), i32(A), i32([1, -1])).tolist()).toBe(-1 - 2);
    // four operands with an outer product component
    expect(np.einsum("ij,jk,kl,m->ilm", i32(A), i32(B), i32(C), i32([1, 2])).tolist()).toEqual([
      [[41, 82], [22, 44]],
      [[93, 186], [50, 100]],
    ]);
  });

  it("repeated labels across and within operands", () => {
    // "ii,i->i": diag(A) * v
    expect(np.einsum("ii,i->i", i32(A), i32([10, 100])).tolist()).toEqual([10, 400]);
    // "iij->ij"
    const t = i32([A, B]); // t[i][j][k]
    expect(np.einsum("iij->ij", t).tolist()).toEqual([[1, 2], [7, 8]]);
    // "iii" on (2,2,2): t[0,0,0] + t[1,1,1]
    expect(np.einsum("iii", t).tolist()).toBe(1 + 8);
  });

  it("promotes dtypes and accepts spaces", () => {
    const r = np.einsum("ij, jk -> ik", i32(A), f64(B));
    expect(r.dtype).toBe("float64");
    expect(r.tolist()).toEqual(AB);
  });

  it("errors", () => {
    expect(() => np.einsum("ij,jk->ik", i32(A))).toThrow(/Number of einsum subscripts must be equal to the number of operands/);
    expect(() => np.einsum("ijk->i", i32(A))).toThrow("einstein sum subscripts string contains too many subscripts for operand 0");
    expect(() => np.einsum("i->i", i32(A))).toThrow(/operand 0 has more dimensions than subscripts given in einstein sum/);
    expect(() => np.einsum("ij->k", i32(A))).toThrow("einstein sum subscripts string included output subscript 'k' which never appeared in an input");
    expect(() => np.einsum("ij->ii", i32(A))).toThrow("einstein sum subscripts string includes output subscript 'i' multiple times");
    expect(() => np.einsum("i1->i", i32(A))).toThrow("invalid subscript '1' in einstein sum subscripts string, subscripts must be letters");
    expect(() => np.einsum("ij->i->j", i32(A))).toThrow("Subscripts can only contain one '->'.");
    expect(() => np.einsum("i.j", i32(A))).toThrow(/contains a '.' that is not part of an '...'/);
    expect(() => np.einsum("ij,jk->ik", i32(A), i32([[1, 2]]))).not.toThrow(); // size-1 label broadcasts
    expect(() => np.einsum("ij,jk->ik", i32(A), i32([[1], [2], [3]]))).toThrow("Size of label 'j' for operand 1 (3) does not match previous terms (2).");
  });
});

describe("diagonal, trace, diag", () => {
  it("diagonal with offsets and axes", () => {
    const m = i32(M3);
    expect(np.diagonal(m).tolist()).toEqual([1, 5, 9]);
    expect(np.diagonal(m, 1).tolist()).toEqual([2, 6]);
    expect(np.diagonal(m, 2).tolist()).toEqual([3]);
    expect(np.diagonal(m, 3).tolist()).toEqual([]);
    expect(np.diagonal(m, -1).tolist()).toEqual([4, 8]);
    expect(np.diagonal(m, -5).tolist()).toEqual([]);
    expect(np.diagonal(m, 0, 1, 0).tolist()).toEqual([1, 5, 9]);
    expect(np.diagonal(m, 1, 1, 0).tolist()).toEqual([4, 8]);
    // non-square
    const r = i32([[1, 2, 3], [4, 5, 6]]);
    expect(np.diagonal(r).tolist()).toEqual([1, 5]);
    expect(np.diagonal(r, 1).tolist()).toEqual([2, 6]);
    expect(np.diagonal(r, -1).tolist()).toEqual([4]);
    // 3-D: the diagonal becomes the last axis
    const t = i32([A, B]); // t[i][j][k]
    expect(np.diagonal(t).tolist()).toEqual([[1, 7], [2, 8]]); // t[i,i,k] -> [k][i]
    expect(np.diagonal(t, 0, 1, 2).tolist()).toEqual([[1, 4], [5, 8]]);
    expect(np.diagonal(t, 0, -1, 0).tolist()).toEqual([[1, 6], [3, 8]]); // t[i,j,i] -> [j][i]
    expect(np.diagonal(f64(A)).dtype).toBe("float64");
  });

  it("diagonal errors", () => {
    expect(() => np.diagonal(i32([1, 2]))).toThrow("diagonal requires an array of at least two dimensions.");
    expect(() => np.diagonal(i32(A), 0, 1, 1)).toThrow("axis1 and axis2 cannot be the same");
    expect(() => np.diagonal(i32(A), 0, 0, 2)).toThrow("axis 2 is out of bounds for array of dimension 2");
  });

  it("trace", () => {
    const t = np.trace(i32(M3));
    expect(t.tolist()).toBe(15);
    expect(t.dtype).toBe("int32");
    expect(np.trace(i32(M3), 1).tolist()).toBe(8);
    expect(np.trace(i32(M3), -2).tolist()).toBe(7);
    const f = np.trace(f64(A));
    expect(f.tolist()).toBe(5);
    expect(f.dtype).toBe("float64");
    expect(np.trace(i32([A, B]), 0, 1, 2).tolist()).toEqual([5, 13]);
    expect(np.trace(np.array([[true, false], [true, true]])).dtype).toBe("int32");
    expect(np.trace(np.array([[true, false], [true, true]])).tolist()).toBe(2);
  });

  it("diag: vector to matrix and matrix to vector", () => {
    expect(np.diag(i32([1, 2])).tolist()).toEqual([[1, 0], [0, 2]]);
    expect(np.diag(i32([1, 2]), 1).tolist()).toEqual([[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
    expect(np.diag(i32([1, 2]), -1).tolist()).toEqual([[0, 0, 0], [1, 0, 0], [0, 2, 0]]);
    expect(np.diag(i32([1, 2])).dtype).toBe("int32");
    expect(np.diag(f64([1.5])).dtype).toBe("float64");
    expect(np.diag(i32(M3)).tolist()).toEqual([1, 5, 9]);
    expect(np.diag(i32(M3), 1).tolist()).toEqual([2, 6]);
    expect(np.diag(i32(M3), -2).tolist()).toEqual([7]);
    expect(() => np.diag(i32([A, B]))).toThrow("diag input must be 1d or 2d");
  });
});

describe("kron and cross", () => {
  it("kron", () => {
    expect(np.kron(i32([1, 2]), i32([1, 10])).tolist()).toEqual([1, 10, 2, 20]);
    expect(np.kron(i32(A), i32([[1, 0], [0, 1]])).tolist()).toEqual([
      [1, 0, 2, 0],
      [0, 1, 0, 2],
      [3, 0, 4, 0],
      [0, 3, 0, 4],
    ]);
    expect(np.kron(i32([1, 2]), i32(A)).shape).toEqual([2, 4]);
    expect(np.kron(i32([1, 2]), i32(A)).tolist()).toEqual([[1, 2, 2, 4], [3, 4, 6, 8]]);
  });

  it("cross", () => {
    expect(np.cross(i32([1, 0, 0]), i32([0, 1, 0])).tolist()).toEqual([0, 0, 1]);
    expect(np.cross(i32([1, 2, 3]), i32([4, 5, 6])).tolist()).toEqual([-3, 6, -3]);
    expect(np.cross(i32([1, 2]), i32([3, 4])).tolist()).toBe(-2);
    expect(np.cross(i32([1, 2]), i32([3, 4, 5])).tolist()).toEqual([10, -5, -2]);
    expect(np.cross(i32([[1, 0, 0], [0, 1, 0]]), i32([0, 0, 1])).tolist()).toEqual([[0, -1, 0], [1, 0, 0]]);
    expect(np.cross(i32([[1, 0], [0, 1], [0, 0]]), i32([[0, 0], [1, 0], [0, 1]]), { axis: 0 }).tolist()).toEqual([[0, 1], [0, 0], [1, 0]]);
    expect(() => np.cross(i32([1, 2, 3, 4]), i32([1, 2, 3]))).toThrow(/incompatible dimensions for cross product/);
  });
});

describe("under tracing", () => {
  it("only lax ops: shapes flow through makeJaxpr", () => {
    const jaxpr = makeJaxpr((a: np.Array, b: np.Array, v: np.Array) => [
      np.matmul(a, b),
      np.einsum("bij,jk,k->bi", a, b, v),
      np.diag(v, 1),
      np.trace(a, 0, 1, 2),
    ])(np.zeros([5, 2, 3]), np.zeros([3, 4]), np.zeros([4]));
    expect(jaxpr.outAvals.map((a: ShapedArray) => a.shape)).toEqual([[5, 2, 4], [5, 2], [5, 5], [5]]);
    expect(jaxpr.toString()).toContain("dot_general");
  });

  it("einsum contracts pairwise: one dot_general per pair", () => {
    const jaxpr = makeJaxpr((a: np.Array, b: np.Array, c: np.Array) => np.einsum("ij,jk,kl->il", a, b, c))(
      np.zeros([2, 3]),
      np.zeros([3, 4]),
      np.zeros([4, 5]),
    );
    expect(jaxpr.outAvals[0]!.shape).toEqual([2, 5]);
    expect(jaxpr.toString().match(/dot_general/g)!.length).toBe(2);
  });
});
