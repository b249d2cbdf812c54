// Sharded programs on one device: shardMap with collectives over its mesh axes, sharding
// annotations (withShardingConstraint, reshard, pcast, autoAxes), devicePut with shardings, under
// jit (called twice), grad (checkGrads, order 2, float64) and vmap. Values and error wording from
// JAX 0.10.2 on CPU (one CPU device, as dprog).
import { describe, expect, it } from "vitest";
import type { Array } from "../../src/index.js";
import { NamedSharding, P, devicePut, devices, grad, jit, lax, makeMesh, numpy as np, reshard, setMesh, shardMap, sharding, testUtil, vmap } from "../../src/index.js";

const cpu = devices()[0]!;
const auto = makeMesh([1], ["i"], { axisTypes: ["Auto"] });
const explicit = makeMesh([1], ["x"]);
const f64 = (v: number[]) => np.array(v, { dtype: "float64" });

describe("shardMap", () => {
  // Each shard is the whole array: psum over a size-1 axis is the value, axisIndex 0, axisSize 1.
  const body = (x: Array) => lax.psum(x, "i").add(lax.axisIndex("i")).mul(lax.axisSize("i"));
  const f = shardMap(body, { mesh: auto, inSpecs: P("i"), outSpecs: P("i") });

  it("binds the mesh axes for collectives (JAX 0.10.2: [0, 1, 2, 3] for arange(4))", () => {
    expect(f(np.arange(4, { dtype: "float32" })).tolist()).toEqual([0, 1, 2, 3]);
    const pm = shardMap((x: Array) => lax.pmean(x, "i").sub(lax.pmax(x, "i")).add(lax.allGather(x, "i").sum(0)), { mesh: auto, inSpecs: P("i"), outSpecs: P("i") });
    expect(pm(np.array([1, 2])).tolist()).toEqual([1, 2]);
    // Two mesh axes, a psum over both.
    const mesh2 = makeMesh([1, 1], ["a", "b"], { axisTypes: ["Auto", "Auto"] });
    const g = shardMap((x: Array) => lax.psum(x, ["a", "b"]).add(lax.axisIndex("b")), { mesh: mesh2, inSpecs: P("a", "b"), outSpecs: P("a", "b") });
    expect(g(np.ones([2, 2])).tolist()).toEqual([[1, 1], [1, 1]]);
  });

  it("under jit, called twice, equals eager", () => {
    const jf = jit(f);
    const x = np.array([1, 2, 3]);
    expect(jf(x).tolist()).toEqual(f(x).tolist());
    expect(jf(np.array([4, 5, 6])).tolist()).toEqual([4, 5, 6]);
  });

  it("grad: checkGrads to order 2 in float64", () => {
    const h = shardMap((x: Array) => np.sin(lax.psum(x.mul(x), "i")), { mesh: auto, inSpecs: P("i"), outSpecs: P("i") });
    testUtil.checkGrads((x: Array) => h(x).sum(), [f64([0.3, -1.2, 0.7])], 2);
    expect(grad((x: Array) => h(x).sum())(f64([0.5])).get(0).item()).toBeCloseTo(2 * 0.5 * Math.cos(0.25), 12);
  });

  it("vmap of a shardMap equals the loop over examples", () => {
    const xs = np.array([[1, 2], [3, 4], [5, 6]]);
    const mapped = vmap(f)(xs);
    const loop = [0, 1, 2].map((i) => f(xs.get(i)).tolist());
    expect(mapped.tolist()).toEqual(loop);
  });

  it("uses the context mesh; None in_specs pass an argument through; pytrees of specs", () => {
    expect(setMesh(explicit, () => shardMap((x: Array) => x.mul(2), { outSpecs: P() })(np.ones([2]))).tolist()).toEqual([2, 2]);
    const g = shardMap((a: Array, b: { w: Array }) => [a.add(b.w), lax.psum(lax.axisIndex("i"), "i")], { mesh: auto, inSpecs: [P("i"), { w: P() }], outSpecs: [P("i"), P()] });
    const [s, idx] = g(np.array([1, 2]), { w: np.array([10, 20]) }) as [Array, Array];
    expect(s.tolist()).toEqual([11, 22]);
    expect(idx.item()).toBe(0);
  });

  it("checks replication as JAX's check_vma: psum'd values may be P(), varying ones may not", () => {
    const x = np.arange(4, { dtype: "float32" });
    const replicated = "which implies that the corresponding output value is replicated across mesh axis 'i', but could not infer replication over any axes";
    const same = (v: Array) => v;
    expect(() => shardMap(same, { mesh: auto, inSpecs: P("i"), outSpecs: P() })(x)).toThrow(
      "shard_map applied to the function 'same' was given out_specs which require replication which can't be statically inferred given the mesh:\n\nThe mesh given has shape (1,) with corresponding axis names ('i',).\n\nout_specs is P() " +
        replicated +
        "\n\nCheck if these output values are meant to be replicated over those mesh axes. If not, consider revising the corresponding out_specs entries. If so, consider disabling the check by passing the check_vma=False argument to `jax.shard_map`.",
    );
    expect(shardMap(same, { mesh: auto, inSpecs: P("i"), outSpecs: P(), checkVma: false })(x).tolist()).toEqual([0, 1, 2, 3]);
    expect(shardMap((v: Array) => lax.psum(v, "i"), { mesh: auto, inSpecs: P("i"), outSpecs: P() })(x).tolist()).toEqual([0, 1, 2, 3]);
    expect(shardMap((v: Array) => lax.pmax(v, "i"), { mesh: auto, inSpecs: P("i"), outSpecs: P() })(x).tolist()).toEqual([0, 1, 2, 3]);
    expect(() => shardMap((_v: Array) => lax.axisIndex("i"), { mesh: auto, inSpecs: P(), outSpecs: P() })(x)).toThrow(replicated);
    expect(shardMap((_v: Array) => lax.psum(lax.axisIndex("i"), "i"), { mesh: auto, inSpecs: P(), outSpecs: P() })(x).item()).toBe(0);
    expect(() => shardMap((v: Array) => lax.pcast(v, "i", { to: "varying" }), { mesh: auto, inSpecs: P(), outSpecs: P() })(x)).toThrow(replicated);
    expect(() => shardMap((v: Array) => lax.pcast(v, "i", { to: "varying" }), { mesh: auto, inSpecs: P("i"), outSpecs: P("i") })(x)).toThrow("Unsupported pcast from=varying, to='varying'");
    expect(() => jit(shardMap(same, { mesh: auto, inSpecs: P("i"), outSpecs: P() }))(x)).toThrow(replicated);
    const mesh2 = makeMesh([1, 1], ["a", "b"], { axisTypes: ["Auto", "Auto"] });
    const ones = np.ones([2, 2]);
    expect(() => shardMap(same, { mesh: mesh2, inSpecs: P("a", "b"), outSpecs: P("a") })(ones)).toThrow("The mesh given has shape (1, 1) with corresponding axis names ('a', 'b').\n\nout_specs is P('a',) which implies that the corresponding output value is replicated across mesh axis 'b'");
    expect(() => shardMap(same, { mesh: mesh2, inSpecs: P("a", "b"), outSpecs: P() })(ones)).toThrow("out_specs is P() which implies that the corresponding output value is only varying across mesh axes {} and not {a,b}, but it was inferred to be possibly varying over {a,b}");
    expect(shardMap((v: Array) => lax.psum(v, "b"), { mesh: mesh2, inSpecs: P("a", "b"), outSpecs: P("a") })(ones).tolist()).toEqual([[1, 1], [1, 1]]);
  });

  it("raises JAX's errors (wording from JAX 0.10.2)", () => {
    const x = np.arange(4, { dtype: "float32" });
    const id = (v: Array) => v;
    expect(() => shardMap(id, { mesh: auto, inSpecs: P("i", null), outSpecs: P("i") })(x)).toThrow(
      "shard_map applied to the function 'id' was given an in_specs entry which is too long to be compatible with the corresponding input value from the function:\n\nin_specs is P('i', None) which has length 2, but the passed args[0] has shape float32[4], which has rank 1 (and 1 < 2)",
    );
    expect(() => shardMap(id, { mesh: auto, inSpecs: P("j"), outSpecs: P("i") })(x)).toThrow("shard_map in_specs argument must refer to an axis marked as manual (frozenset({'i'})), but:\n\n  in_specs refers to 'j'\n\nCheck the in_specs values passed to shard_map.");
    expect(() => shardMap(id, { mesh: auto, inSpecs: ["i" as never], outSpecs: P("i") })(x)).toThrow("shard_map in_specs argument must be a pytree of `jax.sharding.PartitionSpec` instances, but:\n\n  in_specs[0] is i of type str, \n\nCheck the in_specs values passed to shard_map.");
    expect(() => shardMap(id, { inSpecs: P("i"), outSpecs: P("i") })(x)).toThrow("The context mesh cannot be empty. Use `jax.set_mesh(mesh)` to enter into a mesh context");
    expect(() => shardMap(id, { mesh: auto, inSpecs: P("i"), outSpecs: P("i"), axisNames: ["k"] })(x)).toThrow("jax.shard_map requires axis_names=frozenset({'k'}) to be a subset of mesh.axis_names=frozenset({'i'})");
    expect(() => shardMap((v: Array) => v.sum(), { mesh: auto, inSpecs: P("i"), outSpecs: P("i") })(x)).toThrow("out_specs is P('i',) which has length 1, but <lambda>(*args) has shape float32[], which has rank 0 (and 0 < 1)");
    expect(() => setMesh(explicit, () => shardMap(id, { mesh: auto, inSpecs: P(), outSpecs: P() })(x))).toThrow(
      "The context mesh AbstractMesh('x': 1, axis_types=(Explicit,), device_kind=cpu, num_cores=None, platform=cpu) should match the mesh passed to shard_map Mesh('i': 1, axis_types=(Auto,))",
    );
    // On an Explicit mesh the arguments must already be sharded as in_specs says.
    expect(() => shardMap(id, { mesh: explicit, inSpecs: P("x"), outSpecs: P("x") })(x)).toThrow("in_specs passed to shard_map: P('x',) does not match the specs of the input: P(None,) for arg: float32[4].");
    expect(shardMap(id, { mesh: explicit, inSpecs: P("x"), outSpecs: P("x") })(reshard(x, new NamedSharding(explicit, P("x")))).tolist()).toEqual([0, 1, 2, 3]);
    expect(() => shardMap(id, { mesh: auto, outSpecs: P() })(x)).toThrow("shard_map in_specs argument must be a pytree of `jax.sharding.PartitionSpec` instances, but it was `None` when axis_names=frozenset({'i'}) are of type Auto");
  });
});

describe("sharding annotations", () => {
  const s = new NamedSharding(auto, P("i"));

  it("withShardingConstraint is the identity under jit (twice), grad and vmap", () => {
    const g = jit((x: Array) => lax.withShardingConstraint(x, s).mul(2));
    expect(g(np.array([1, 2])).tolist()).toEqual([2, 4]);
    expect(g(np.array([3, 4])).tolist()).toEqual([6, 8]);
    testUtil.checkGrads((x: Array) => np.sin(lax.withShardingConstraint(x, s)).sum(), [f64([0.1, 0.2])], 2);
    expect(vmap((x: Array) => lax.withShardingConstraint(x, new NamedSharding(auto, P())))(np.arange(3)).tolist()).toEqual([0, 1, 2]);
    const both = lax.withShardingConstraint([np.ones([3]), np.ones([2])], s);
    expect(both.map((a) => a.shape)).toEqual([[3], [2]]);
    expect(String(lax.withShardingConstraint(np.ones([3]), s).sharding)).toBe(String(s));
  });

  it("withShardingConstraint: JAX's errors", () => {
    expect(() => lax.withShardingConstraint(np.ones([3]), new NamedSharding(explicit, P("x")))).toThrow(
      "The spec of NamedSharding passed to with_sharding_constraint can only refer to Auto axes of the mesh. Got spec=P('x',) and mesh=AbstractMesh('x': 1, axis_types=(Explicit,), device_kind=cpu, num_cores=None, platform=cpu). You probably meant to use `reshard` API?",
    );
    expect(() => lax.withShardingConstraint(np.ones([3]), new NamedSharding(auto, P("i", null)))).toThrow(
      "One of with_sharding_constraint arguments is incompatible with its sharding annotation NamedSharding(mesh=Mesh('i': 1, axis_types=(Auto,)), spec=P('i', None), memory_kind=device): Sharding NamedSharding(mesh=Mesh('i': 1, axis_types=(Auto,)), spec=P('i', None), memory_kind=device) is only valid for values of rank at least 2, but was applied to a value of rank 1.",
    );
    expect(() => vmap((x: Array) => lax.withShardingConstraint(x, s))(np.ones([3]))).toThrow("but was applied to a value of rank 0. For scalars the PartitionSpec should be P()");
    expect(() => lax.withShardingConstraint(np.ones([3]), P("x"))).toThrow("with_sharding_constraint requires a non-empty mesh in context if you are passing `PartitionSpec`s to shardings.");
    expect(() => setMesh(explicit, () => lax.withShardingConstraint(np.ones([2, 3]), P("x")))).toThrow(
      "`with_sharding_constraint` acts as an assert when all axes of mesh are of type `Explicit`. The array sharding: P(None, None) did not match the sharding provided: P('x', None). Please use `jax.sharding.reshard` to shard your input to the sharding you want.",
    );
    expect(() => setMesh(auto, () => lax.withShardingConstraint(np.ones([4]), P("i")))).toThrow(
      "The sharding on the input must be a `NamedSharding` since the target sharding has an `AbstractMesh` in it. Got sharding type <class 'jax.sharding.SingleDeviceSharding'> for shape float32[4]",
    );
  });

  it("reshard records the sharding (spec padded to the rank) and checks axis types", () => {
    const x = np.ones([2, 3]);
    const y = setMesh(explicit, () => reshard(x, P("x")));
    expect(String(y.sharding)).toBe("NamedSharding(mesh=Mesh('x': 1, axis_types=(Explicit,)), spec=P('x', None), memory_kind=device)");
    expect(String(x.sharding)).toBe("SingleDeviceSharding(device=CpuDevice(id=0), memory_kind=device)"); // the input keeps its own
    expect(setMesh(explicit, () => lax.withShardingConstraint(y, P("x"))).tolist()).toEqual(x.tolist());
    expect(() => reshard(x, P("x"))).toThrow("Using PartitionSpec when you are not under a mesh context is not allowed. Please pass a NamedSharding instance or enter into a mesh context via `jax.set_mesh`. Got P('x',)");
    expect(() => setMesh(auto, () => reshard(x, P("i")))).toThrow("PartitionSpec passed to reshard cannot contain axis names that are of type Auto or Manual. Got PartitionSpec: P('i',) with axis name: i of type: AxisType.Auto.");
    expect(jit((v: Array) => reshard(v, new NamedSharding(explicit, P("x"))).mul(3))(np.ones([2])).tolist()).toEqual([3, 3]);
    testUtil.checkGrads((v: Array) => np.exp(reshard(v, new NamedSharding(explicit, P("x")))).sum(), [f64([0.5, -0.5])], 2);
  });

  it("jit keys its cache on the context mesh, as JAX's trace context", () => {
    const ax = makeMesh([1], ["a"]);
    const aa = makeMesh([1], ["a"], { axisTypes: ["Auto"] });
    const jf = jit((v: Array) => reshard(v, P("a")).mul(2));
    expect(setMesh(ax, () => jf(np.ones([2]))).tolist()).toEqual([2, 2]);
    expect(() => setMesh(aa, () => jf(np.ones([2])))).toThrow("PartitionSpec passed to reshard cannot contain axis names that are of type Auto or Manual.");
    expect(() => jf(np.ones([2]))).toThrow("Using PartitionSpec when you are not under a mesh context is not allowed.");
  });

  it("pcast inside shardMap; JAX's errors outside", () => {
    const g = shardMap((x: Array) => lax.pcast(x, "i", { to: "varying" }), { mesh: auto, inSpecs: P(), outSpecs: P("i") });
    expect(g(np.arange(4)).tolist()).toEqual([0, 1, 2, 3]);
    expect(jit(g)(np.arange(2)).tolist()).toEqual([0, 1]);
    expect(() => lax.pcast(np.ones([2]), "i", { to: "varying" })).toThrow("pvary should be called under jax.shard_map.");
    expect(() => lax.pcast(np.ones([2]), "i", { to: "foo" as never })).toThrow("Got unexpected `to` value. Allowed `to` values are: {'reduced', 'varying', 'unreduced'}");
  });

  it("autoAxes and explicitAxes switch the axis types inside", () => {
    const f = sharding.autoAxes((x: Array) => x.mul(2), { outSharding: P("x") });
    const y = setMesh(explicit, () => f(np.arange(2)));
    expect(y.tolist()).toEqual([0, 2]);
    expect(String(y.sharding)).toBe("NamedSharding(mesh=Mesh('x': 1, axis_types=(Explicit,)), spec=P('x',), memory_kind=device)");
    expect(setMesh(explicit, () => sharding.autoAxes(() => sharding.getAbstractMesh().axisTypes.join(), { outSharding: P() })())).toBe("Auto");
    expect(f(np.arange(2)).tolist()).toEqual([0, 2]); // no context mesh: f is called as is
    const e = sharding.explicitAxes((x: Array) => String(x.sharding.toString()), { inSharding: P("i") });
    expect(setMesh(auto, () => e(np.arange(2)))).toBe("NamedSharding(mesh=Mesh('i': 1, axis_types=(Explicit,)), spec=P('i',), memory_kind=device)");
    expect(() => e(np.arange(2))).toThrow("Context mesh cannot be empty. Please use `jax.set_mesh` API to enter into a mesh context when using `explicit_axes` API.");
  });
});

describe("devicePut with shardings", () => {
  it("places on the sharding's device and reports the sharding (JAX 0.10.2 reprs)", () => {
    const s = new NamedSharding(explicit, P("x"));
    const x = np.arange(6, { dtype: "float32" }).reshape([2, 3]);
    const y = devicePut(x, s);
    expect(String(y.sharding)).toBe("NamedSharding(mesh=Mesh('x': 1, axis_types=(Explicit,)), spec=P('x',), memory_kind=device)");
    expect(y.tolist()).toEqual(x.tolist());
    expect(String(x.sharding)).toBe("SingleDeviceSharding(device=CpuDevice(id=0), memory_kind=device)");
    expect(String(devicePut(y, cpu).sharding)).toBe("SingleDeviceSharding(device=CpuDevice(id=0), memory_kind=device)");
    const tree = devicePut({ a: np.ones([3]), b: [np.ones([2])] }, s);
    expect(String(tree.a.sharding)).toBe(String(s));
    expect(String(setMesh(explicit, () => devicePut(np.ones([3]), P("x"))).sharding)).toBe(String(s));
    expect(jit((v: Array) => devicePut(v, s).mul(2))(np.ones([2])).tolist()).toEqual([2, 2]);
  });

  it("raises JAX's errors", () => {
    expect(() => devicePut(np.arange(3), new NamedSharding(explicit, P("x", null)))).toThrow(
      "One of device_put args is incompatible with its sharding annotation NamedSharding(mesh=Mesh('x': 1, axis_types=(Explicit,)), spec=P('x', None), memory_kind=device): Sharding NamedSharding(mesh=Mesh('x': 1, axis_types=(Explicit,)), spec=P('x', None), memory_kind=device) is only valid for values of rank at least 2, but was applied to a value of rank 1.",
    );
    expect(() => devicePut(np.ones([3]), P("x"))).toThrow("Please set a mesh via `jax.set_mesh` if a PartitionSpec is passed to device_put");
  });

  it("x.sharding is unavailable on tracers, as in JAX", () => {
    expect(() => jit((x: Array) => x.sharding && x)(np.ones([4]))).toThrow("The 'sharding' attribute is not available on traced array with shape float32[4]. To query sharding information on tracers, use `jax.typeof(x)`.");
  });
});
