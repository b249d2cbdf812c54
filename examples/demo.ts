// dprog demo: arrays with numpy semantics, JAX's type promotion, indexing, and the jaxpr that
// tracing produces. Later issues add grad, vmap, jit and control flow to this tour.
import { numpy as np, makeJaxpr, tree } from "../src/index.js";
import type { Array } from "../src/index.js";

const section = (title: string): void => console.log(`\n\x1b[1m== ${title} ==\x1b[0m`);

section("Arrays and broadcasting");
const x = np.array([[1, 2, 3], [4, 5, 6]]);
const b = np.array([10, 20, 30]);
console.log("x =", x.toString());
console.log("x + b =", x.add(b).toString());
console.log("x @ x.T =", x.matmul(x.T).toString());
console.log("mean over axis 0:", np.mean(x, 0).toString());

section("Type promotion (JAX's lattice, JS numbers are weak)");
const i = np.array([1, 2, 3], { dtype: "int32" });
console.log("int32 + 2     ->", i.add(2).dtype);
console.log("int32 + 2.5   ->", i.add(2.5).dtype, "(weak:", i.add(2.5).weakType + ")");
console.log("int32 / int32 ->", np.divide(i, i).dtype);
console.log("float64 + 0.1 ->", np.array(1, { dtype: "float64" }).add(0.1).item());

section("Indexing and functional updates");
const m = np.arange(12).reshape([3, 4]);
console.log("m =", m.toString());
console.log('m.get(1, "::-1") =', m.get(1, "::-1").toString());
console.log("m.get(np.array([2, 0], int32)) =", m.get(np.array([2, 0], { dtype: "int32" })).toString());
console.log("m.at(0, 0).set(100) =", m.at(0, 0).set(100).toString());
console.log("m unchanged:", m.get(0, 0).item());

section("einsum, sorting, reductions");
const v = np.array([3, 1, 2]);
console.log('einsum("i,i->", v, v) =', np.einsum("i,i->", v, v).item());
console.log("sort(v) =", np.sort(v).toString(), " argsort(v) =", np.argsort(v).toString());
console.log("logsumexp([1000, 1000]) =", np.logsumexp(np.array([1000, 1000])).item());

section("Tracing: the jaxpr of a function");
const f = (w: Array, inputs: Array): Array => np.tanh(inputs.matmul(w)).sum();
console.log(makeJaxpr(f)(np.ones([3, 2]), np.ones([4, 3])).toString());

section("Pytrees");
const params = { w: np.ones([2, 2]), b: np.zeros([2]), meta: [1, 2] };
const [leaves, def] = tree.flatten(params);
console.log(`${leaves.length} leaves, structure ${def}`);
console.log("scaled:", JSON.stringify(tree.map((l: Array | number) => (typeof l === "number" ? l * 2 : l.mul(2).tolist()), params)));
