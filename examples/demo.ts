// dprog demo: arrays with numpy semantics, JAX's type promotion, indexing, the jaxpr that tracing
// produces, derivatives of any order (grad, jacobians, custom rules) and automatic batching
// (vmap), ending with a small model fitted by gradient descent. jit and control flow come next.
import { numpy as np, makeJaxpr, tree, grad, valueAndGrad, vmap, hessian, jvp, customJvp } from "../src/index.js";
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

section("grad: derivatives of any order, by composition");
const fSin = (v: Array): Array => np.sin(v).mul(v).sum();
const v0 = np.array([0.5, 1, 2], { dtype: "float64" });
console.log("f(x) = sum(sin(x) * x),   x =", v0.toString());
console.log("grad(f)(x)    =", (grad(fSin)(v0) as Array).toString());
console.log("hessian(f)(x) =", (hessian(fSin)(v0) as Array).toString());
const sin3 = grad(grad(grad((s: Array) => np.sin(s))));
console.log("d³/dx³ sin(x) at 0.7 =", (sin3(0.7) as Array).item(), "  (-cos 0.7 =", -Math.cos(0.7) + ")");
console.log("no perturbation confusion: grad(x => x * grad(y => x + y)(1))(1) =", (grad((x1: Array) => x1.mul(grad((y: Array) => x1.add(y))(1) as Array))(1) as Array).item());
const [, hvp] = jvp(grad(fSin), [v0], [np.array([1, 0, 0], { dtype: "float64" })]);
console.log("Hessian-vector product (jvp of grad):", (hvp as Array).toString());
const relu = customJvp((s: Array) => np.maximum(s, 0)).defjvp(([s], [t]) => [np.maximum(s as Array, 0), np.where((s as Array).greater(0), t as Array, 0)]);
console.log("customJvp relu'(0) =", (grad((s: Array) => relu(s))(0) as Array).item());

section("vmap: per-example gradients without a loop");
const loss = (w: Array, xi: Array, yi: Array): Array => xi.dot(w).sub(yi).pow(2);
const w0 = np.array([0.5, -1, 2]);
const xs = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
const ys = np.array([1, 2, 3]);
console.log("per-example grads =", (vmap(grad(loss), { inAxes: [null, 0, 0] })(w0, xs, ys) as Array).toString());

section("Fitting y = 3x - 1 by gradient descent");
const xsFit = np.linspace(-1, 1, 32);
const ysFit = xsFit.mul(3).sub(1);
let line = { a: np.array(0), b: np.array(0) };
const mse = (p: { a: Array; b: Array }): Array => np.mean(xsFit.mul(p.a).add(p.b).sub(ysFit).pow(2));
const losses: number[] = [];
for (let step = 0; step < 60; step++) {
  const [l, g] = valueAndGrad(mse)(line) as [Array, { a: Array; b: Array }];
  losses.push(l.item() as number);
  line = { a: line.a.sub(g.a.mul(0.3)), b: line.b.sub(g.b.mul(0.3)) };
}
const bars = " ▁▂▃▄▅▆▇█";
const top = Math.max(...losses);
console.log("loss:", losses.filter((_, i) => i % 2 === 0).map((l) => bars[Math.min(8, Math.round((l / top) * 8))]).join(""), ` ${losses[0]!.toFixed(3)} -> ${losses.at(-1)!.toExponential(2)}`);
console.log(`fitted a = ${(line.a.item() as number).toFixed(4)}, b = ${(line.b.item() as number).toFixed(4)}`);
