// PartitionSpec, Mesh, AbstractMesh, makeMesh, NamedSharding/SingleDeviceSharding and the mesh
// context: reprs, values and error wording from JAX 0.10.2 on CPU (one CPU device, as dprog).
import { describe, expect, it } from "vitest";
import { Device, NamedSharding, P, devices, makeMesh, numpy as np, setMesh, sharding } from "../../src/index.js";

const cpu = devices()[0]!;

describe("PartitionSpec", () => {
  it("prints and compares as JAX's P (values from JAX 0.10.2)", () => {
    expect(String(P("x", null, ["x", "y"]))).toBe("P('x', None, ('x', 'y'))");
    expect(String(P())).toBe("P()");
    expect(String(P("x"))).toBe("P('x',)");
    expect(String(P(["x"]))).toBe("P('x',)"); // a one-name tuple is the name
    expect(String(P(P.UNCONSTRAINED, "x"))).toBe("P(UNCONSTRAINED, 'x')");
    expect(String(P("x", { unreduced: ["y"] }))).toBe("P('x', unreduced={'y'})");
    expect(String(P("x", "z", { reduced: ["y"] }))).toBe("P('x', 'z', reduced={'y'})");
    expect(P("x", null).equals(P("x", null))).toBe(true);
    expect(P("x").equals(P("x", null))).toBe(false);
    expect(P("x", null).length).toBe(2);
    expect([...P("x", null)]).toEqual(["x", null]);
  });

  it("raises JAX's errors for overlapping reductions", () => {
    expect(() => P({ unreduced: ["x"], reduced: ["x"] })).toThrow("`unreduced` and `reduced` argument to PartitionSpec cannot overlap. Got unreduced: {'x'} and reduced: {'x'}");
    expect(() => P("x", { unreduced: ["x"] })).toThrow("partitions cannot overlap with unreduced axes passed to PartitionSpec. Got partitions: ('x',) and unreduced axes: {'x'}");
  });
});

describe("Device", () => {
  it("is a runtime class with JAX's attributes", () => {
    expect(cpu).toBeInstanceOf(Device);
    expect(devices()[0]).toBe(cpu); // the same object on every call
    expect([cpu.id, cpu.platform, cpu.deviceKind, cpu.processIndex, String(cpu)]).toEqual([0, "cpu", "cpu", 0, "CpuDevice(id=0)"]);
    expect(cpu).toEqual({ name: "js", mode: "js", real: false, async: false });
  });
});

describe("Mesh and makeMesh", () => {
  it("makes meshes of size-1 axes, Explicit by default (JAX 0.10.2)", () => {
    const mesh = makeMesh([1, 1], ["x", "y"]);
    expect(String(mesh)).toBe("Mesh('x': 1, 'y': 1, axis_types=(Explicit, Explicit))");
    expect(mesh.repr()).toBe("Mesh(axis_sizes=(1, 1), axis_names=('x', 'y'), axis_types=(Explicit, Explicit))");
    expect([...mesh.shape]).toEqual([["x", 1], ["y", 1]]);
    expect(mesh.size).toBe(1);
    expect(mesh.deviceList).toEqual([cpu]);
    expect(mesh.deviceIds).toEqual([0]);
    expect(mesh.explicitAxes).toEqual(["x", "y"]);
    expect(String(makeMesh([1, 1], ["a", "b"], { axisTypes: ["Auto", "Explicit"] }))).toBe("Mesh('a': 1, 'b': 1, axis_types=(Auto, Explicit))");
    expect(makeMesh([1], ["x"]).equals(makeMesh([1], ["x"]))).toBe(true);
    // The constructor defaults to Auto, as JAX's Mesh.
    expect(new sharding.Mesh([cpu], ["x"]).repr()).toBe("Mesh(axis_sizes=(1,), axis_names=('x',), axis_types=(Auto,))");
    expect(String(new sharding.Mesh([[cpu]], ["a", "b"]))).toBe("Mesh('a': 1, 'b': 1, axis_types=(Auto, Auto))");
  });

  it("raises JAX's errors", () => {
    expect(() => makeMesh([2], ["x"])).toThrow("Number of devices 1 must be >= the product of mesh_shape (2,)");
    expect(() => makeMesh([1], ["x", "y"])).toThrow("Mesh requires the ndim of its first argument (`devices`) to equal the length of its second argument (`axis_names`), but got devices.ndim == 1 and len(axis_names) == 2.");
    expect(() => new sharding.Mesh([cpu], ["x", "y"])).toThrow("but got devices.ndim == 1 and len(axis_names) == 2.");
    expect(() => makeMesh([1], ["a"], { axisTypes: ["Auto", "Auto"] })).toThrow("Number of axis names should match the number of axis_types. Got axis_names=('a',) and axis_types=(Auto, Auto)");
  });

  it("AbstractMesh: sizes without devices", () => {
    const am = new sharding.AbstractMesh([1, 2], ["a", "b"]);
    expect(String(am)).toBe("AbstractMesh('a': 1, 'b': 2, axis_types=(Auto, Auto))");
    expect(am.size).toBe(2);
    expect(String(new sharding.AbstractMesh([2], ["a"], { axisTypes: [sharding.AxisType.Explicit] }))).toBe("AbstractMesh('a': 2, axis_types=(Explicit,))");
    expect(String(makeMesh([1], ["x"]).abstractMesh)).toBe("AbstractMesh('x': 1, axis_types=(Explicit,), device_kind=cpu, num_cores=None, platform=cpu)");
    expect(new sharding.AbstractMesh([], []).empty).toBe(true);
    expect(() => new sharding.AbstractMesh([2], ["a"], { axisTypes: ["Explicit", "Auto"] })).toThrow("Number of axis names should match the number of axis_types. Got axis_names=('a',) and axis_types=(Explicit, Auto)");
  });
});

describe("the mesh context", () => {
  it("setMesh: scoped and set-and-restore forms", () => {
    const mesh = makeMesh([1], ["x"]);
    expect(String(sharding.getAbstractMesh())).toBe("AbstractMesh((), axis_types=())");
    expect(setMesh(mesh, () => String(sharding.getAbstractMesh()))).toBe("AbstractMesh('x': 1, axis_types=(Explicit,), device_kind=cpu, num_cores=None, platform=cpu)");
    expect(setMesh(mesh, () => sharding.getMesh().repr())).toBe(mesh.repr());
    expect(sharding.getAbstractMesh().empty).toBe(true);
    const handle = setMesh(mesh);
    expect(sharding.getMesh().equals(mesh)).toBe(true);
    handle.restore();
    expect(sharding.getMesh().empty).toBe(true);
    // An exception inside the scope still restores.
    expect(() => setMesh(mesh, () => { throw new Error("inside"); })).toThrow("inside");
    expect(sharding.getAbstractMesh().empty).toBe(true);
  });

  it("useAbstractMesh sets only the abstract mesh; setMesh refuses jit and manual axes", async () => {
    const am = new sharding.AbstractMesh([4], ["x"]);
    expect(sharding.useAbstractMesh(am, () => sharding.getAbstractMesh().size)).toBe(4);
    const { jit } = await import("../../src/index.js");
    expect(() => jit((x: ReturnType<typeof np.ones>) => { setMesh(makeMesh([1], ["x"])); return x; })(np.ones([1]))).toThrow("`set_mesh` can only be used outside of `jax.jit`.");
    expect(() => setMesh(makeMesh([1], ["x"], { axisTypes: ["Manual"] }))).toThrow("contains manual axes which is not allowed when using `jax.set_mesh`");
  });
});

describe("shardings", () => {
  const mesh = makeMesh([1], ["x"]);

  it("NamedSharding: repr and queries (values from JAX 0.10.2)", () => {
    const s = new NamedSharding(mesh, P("x"));
    expect(String(s)).toBe("NamedSharding(mesh=Mesh('x': 1, axis_types=(Explicit,)), spec=P('x',), memory_kind=device)");
    expect([...s.deviceSet]).toEqual([cpu]);
    expect([s.isFullyReplicated, s.isFullyAddressable, s.numDevices, s.memoryKind]).toEqual([true, true, 1, "device"]);
    expect(s.shardShape([4, 3])).toEqual([4, 3]);
    expect([...s.devicesIndicesMap([4, 3])]).toEqual([[cpu, [":", ":"]]]);
    expect(s.equals(new NamedSharding(mesh, P("x")))).toBe(true);
    expect(s.equals(new NamedSharding(mesh, P("x", null)))).toBe(false);
    expect(s.isEquivalentTo(new NamedSharding(mesh, P("x", null)), 2)).toBe(true);
    expect(s.isEquivalentTo(new sharding.SingleDeviceSharding(cpu), 2)).toBe(true);
    expect(String(s.withMemoryKind("pinned_host"))).toBe("NamedSharding(mesh=Mesh('x': 1, axis_types=(Explicit,)), spec=P('x',), memory_kind=pinned_host)");
    expect(String(new NamedSharding(new sharding.AbstractMesh([2], ["x"]), P("x")))).toBe("NamedSharding(mesh=AbstractMesh('x': 2, axis_types=(Auto,)), spec=P('x',))");
    expect(new NamedSharding(new sharding.AbstractMesh([2], ["x"]), P("x")).shardShape([4])).toEqual([2]);
  });

  it("NamedSharding: JAX's validation errors", () => {
    expect(() => new NamedSharding(mesh, P("y"))).toThrow("Resource axis: y of P('y',) is not found in mesh: ('x',).");
    expect(() => new NamedSharding(mesh, P("x", "x"))).toThrow(sharding.DuplicateSpecError);
    expect(() => new NamedSharding(mesh, P("x", "x"))).toThrow("A single NamedSharding spec specification can map every mesh axis to at most one positional dimension, but P('x', 'x') has duplicate entries for `x`");
    expect(() => new NamedSharding(mesh, P(["x", "x"]))).toThrow("but P(('x', 'x'),) has duplicate entries for `x`");
    expect(() => new NamedSharding(mesh, P(P.UNCONSTRAINED))).toThrow("P(UNCONSTRAINED,) cannot contain `P.UNCONSTRAINED` when no mesh axis_types are `Auto`. Got mesh axis_types: (Explicit,)");
    expect(() => new NamedSharding(mesh, P({ unreduced: ["y"] }))).toThrow("Unreduced axes y is not found in mesh.axis_names=('x',). Got pspec=P(unreduced={'y'})");
    expect(() => new NamedSharding(mesh, P("x"), { memoryKind: "foo" })).toThrow("Could not find memory addressable by device cpu. Device cpu can address the following memory kinds: device, pinned_host, unpinned_host. Got memory kind: foo");
    expect(() => new NamedSharding(new sharding.AbstractMesh([2], ["x"]), P("x")).shardShape([3])).toThrow(
      "Sharding NamedSharding(mesh=AbstractMesh('x': 2, axis_types=(Auto,)), spec=P('x',)) implies that array axis 0 is partitioned 2 times, but the dimension size is 3 (full shape: (3,), per-dimension tiling factors: [2] should evenly divide the shape)",
    );
    expect(() => new NamedSharding(new sharding.AbstractMesh([2], ["x"]), P("x")).deviceSet).toThrow("device_set is not implemented for `jax.sharding.AbstractMesh`.");
  });

  it("SingleDeviceSharding and x.sharding / x.devices()", () => {
    const s = new sharding.SingleDeviceSharding(cpu);
    expect(String(s)).toBe("SingleDeviceSharding(device=CpuDevice(id=0), memory_kind=device)");
    expect(s.shardShape([2, 3])).toEqual([2, 3]);
    const x = np.arange(6).reshape([2, 3]);
    expect(s.equals(x.sharding)).toBe(true);
    expect([...x.devices()]).toEqual([cpu]);
    expect(String(sharding.makeSingleDeviceSharding(cpu))).toBe(String(s));
  });
});
