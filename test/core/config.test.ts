// config (jax.config): the options dprog implements, each against what JAX 0.10.2 does with the
// same setting (dtypes printed by `jax.config.update(...)` then the same calls in Python).
import { afterEach, describe, expect, it, vi } from "vitest";
import { config, enableX64, debugNans, numpyRankPromotion, defaultMatmulPrecision, defaultDevice, numpy as np, random, nn, jit, grad, vmap, lax, FloatingPointError, AttributeError, getDefaultDevice, type Array } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";

afterEach(() => {
  config.update("jax_enable_x64", false);
  config.update("jax_disable_jit", false);
  config.update("jax_debug_nans", false);
  config.update("jax_debug_infs", false);
  config.update("jax_numpy_rank_promotion", "allow");
  config.update("jax_default_matmul_precision", null);
  config.update("jax_default_device", null);
  vi.restoreAllMocks();
});

describe("jax_enable_x64", () => {
  it("moves the default float to float64 where JAX 0.10.2 does, and only there", () => {
    config.update("jax_enable_x64", true);
    const key = random.PRNGKey(0);
    // [dprog value, JAX 0.10.2's dtype with x64, weak type]
    const cases: [string, Array, string, boolean][] = [
      ["np.array(1.5)", np.array(1.5), "float64", true],
      ["np.zeros(3)", np.zeros(3), "float64", false],
      ["np.ones(2)", np.ones(2), "float64", false],
      ["np.arange(0.5, 2)", np.arange(0.5, 2), "float64", false],
      ["np.linspace(0, 1, 3)", np.linspace(0, 1, 3), "float64", false],
      ["np.eye(2)", np.eye(2), "float64", false],
      ["np.array([1.5, 2])", np.array([1.5, 2]), "float64", false],
      ["np.sqrt(2)", np.sqrt(2), "float64", true],
      ["np.where(true, 1.0, 2.5)", np.where(true, 1.0, 2.5), "float64", true],
      ["np.array(1+2j)", np.array({ re: 1, im: 2 }), "complex128", true],
      ["random.normal", random.normal(key, [2]), "float64", false],
      ["random.uniform", random.uniform(key, [2]), "float64", false],
      ["nn.initializers.normal", nn.initializers.normal()(key, [2]), "float64", false],
      ["nn.oneHot", nn.oneHot(np.array([1], { dtype: "int32" }), 3), "float64", false],
      ["np.fft.fftfreq(4)", np.fft.fftfreq(4), "float64", false],
      // Unchanged by x64 in JAX too: int32 math goes to float32, a strong float32 absorbs a weak float, tri is float32.
      ["np.mean(int32)", np.mean(np.arange(3)), "float32", false],
      ["int32 / 2", np.divide(np.arange(2), 2), "float32", false],
      ["np.sin(int32)", np.sin(np.arange(2)), "float32", false],
      ["1.5 * float32", np.multiply(1.5, np.ones(2, { dtype: "float32" })), "float32", false],
      ["np.tri(2)", np.tri(2), "float32", false],
      ["random.bernoulli", random.bernoulli(key, 0.5, [2]), "bool", false],
    ];
    for (const [name, value, dtype, weak] of cases) expect([name, value.dtype, value.aval.weakType]).toEqual([name, dtype, weak]);
  });

  it("makes JS numbers float64 through the transforms, and float64 values exact", () => {
    config.update("jax_enable_x64", true);
    const f = (x: Array | number): Array => np.multiply(np.sin(x), x);
    expect(grad(f)(0.1).dtype).toBe("float64");
    expect(jit(f)(0.1).dtype).toBe("float64");
    expect(vmap(f)(np.array([0.1, 0.2])).dtype).toBe("float64");
    // 0.1 is not a float32: under x64 it is kept exactly, as in JAX.
    expect(np.array(0.1).item()).toBe(0.1);
    expect(jit((x: Array) => np.add(x, 0.1))(np.zeros(1)).tolist()).toEqual([0.1]);
    checkGrads(f, [np.array([0.3, -1.2])], { order: 2, modes: ["fwd", "rev"] });
  });

  it("retraces jitted functions when it changes (their defaults were traced in)", () => {
    let traces = 0;
    const f = jit(() => {
      traces++;
      return np.zeros(2);
    });
    expect(f().dtype).toBe("float32");
    config.update("jax_enable_x64", true);
    expect(f().dtype).toBe("float64");
    config.update("jax_enable_x64", false);
    expect(f().dtype).toBe("float32");
    expect(traces).toBe(3);
  });

  it("is off by default: float32 defaults, as JAX without x64", () => {
    expect(config.jax_enable_x64).toBe(false);
    expect(np.zeros(1).dtype).toBe("float32");
    expect(np.array(1.5).dtype).toBe("float32");
    expect(np.array(0.1).item()).toBe(Math.fround(0.1));
  });
});

describe("jax_debug_nans / jax_debug_infs", () => {
  it("names the primitive that made the NaN, eagerly (JAX: invalid value (nan) encountered in log)", () => {
    config.update("jax_debug_nans", true);
    expect(() => np.log(np.array(-1))).toThrow(new FloatingPointError("invalid value (nan) encountered in log"));
    expect(() => np.divide(np.array(0), 0)).toThrow("invalid value (nan) encountered in div");
    expect(() => np.log(np.array(0))).not.toThrow(); // -inf is not a NaN
    expect(np.log(np.array(2)).item()).toBeCloseTo(Math.LN2, 6);
  });

  it("reruns a jitted function de-optimized to find the primitive, as JAX's pjit", () => {
    config.update("jax_debug_nans", true);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const f = jit((x: Array) => np.multiply(np.log(x), 2));
    expect(() => f(np.array(-1))).toThrow(new FloatingPointError("invalid value (nan) encountered in log"));
    expect(warn).toHaveBeenCalledWith("Invalid nan value encountered in the output of a jit function. Calling the de-optimized version.");
    expect(f(np.array(1)).item()).toBe(0);
    // A NaN the de-optimized run does not make (JAX's example: a NaN passed through); an eager
    // add of a NaN input would itself be "encountered in add", as in JAX.
    const passThrough = jit(function identity(x: Array) {
      return x;
    });
    expect(() => passThrough(np.array(Number.NaN))).toThrow(/^invalid value \(nan\) encountered in jit\(identity\)\. Because config's jax_debug_nans/);
  });

  it("checks infinities with jax_debug_infs", () => {
    config.update("jax_debug_infs", true);
    expect(() => np.log(np.array(0))).toThrow("invalid value (inf) encountered in log");
    expect(() => np.log(np.array(-1))).not.toThrow(); // NaN is jax_debug_nans's
  });

  it("checks inside grad's eager evaluation too", () => {
    config.update("jax_debug_nans", true);
    expect(() => grad((x: Array) => np.sqrt(x))(np.array(-1))).toThrow(FloatingPointError);
    expect(grad((x: Array) => np.sqrt(x))(np.array(4)).item()).toBe(0.25);
  });
});

describe("jax_numpy_rank_promotion", () => {
  it("raises and warns with JAX's messages; scalars and equal ranks are not rank promotion", () => {
    config.update("jax_numpy_rank_promotion", "raise");
    expect(() => np.add(np.ones([2]), np.ones([3, 2]))).toThrow(
      "Operands could not be broadcast together for add on shapes (2,) (3, 2) and with the config option jax_numpy_rank_promotion='raise'. For more information, see https://docs.jax.dev/en/latest/rank_promotion_warning.html.",
    );
    expect(np.add(np.ones([3, 2]), 1).shape).toEqual([3, 2]);
    expect(np.add(np.ones([1, 2]), np.ones([3, 2])).shape).toEqual([3, 2]);
    config.update("jax_numpy_rank_promotion", "warn");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(np.multiply(np.ones([2]), np.ones([3, 2])).shape).toEqual([3, 2]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("Following NumPy automatic rank promotion for multiply on shapes (2,) (3, 2)."));
  });
});

describe("jax_disable_jit", () => {
  it("runs jitted functions eagerly, every call", () => {
    let calls = 0;
    const f = jit((x: Array) => {
      calls++;
      return np.square(x);
    });
    config.update("jax_disable_jit", true);
    f(np.array([2]));
    f(np.array([3]));
    expect(calls).toBe(2);
    config.update("jax_disable_jit", false);
    f(np.array([2]));
    f(np.array([3]));
    expect(calls).toBe(3);
  });
});

describe("update and read", () => {
  it("throws JAX's errors and changes nothing on a bad value", () => {
    expect(() => config.update("jax_foo" as "jax_enable_x64", true)).toThrow(new AttributeError("Unrecognized config option: jax_foo"));
    expect(() => config.read("jax_foo" as "jax_enable_x64")).toThrow(AttributeError);
    expect(() => config.update("jax_numpy_rank_promotion", "weird" as "raise")).toThrow("new enum value must be in ['allow', 'warn', 'raise'], got weird of type string.");
    expect(config.jax_numpy_rank_promotion).toBe("allow");
    expect(() => config.update("jax_enable_x64", 1 as unknown as boolean)).toThrow(TypeError);
    expect(config.jax_enable_x64).toBe(false);
    expect(() => config.update("jax_platform_name", "tpu")).toThrow("Unknown backend tpu. Available backends are cpu, gpu.");
    expect(getDefaultDevice()).toBe("js");
  });

  it("records the matmul precision and the default device", () => {
    config.update("jax_default_matmul_precision", "highest");
    expect(config.read("jax_default_matmul_precision")).toBe("highest");
    expect(lax.dot(np.array([1, 2]), np.array([3, 4])).item()).toBe(11);
    config.update("jax_platform_name", "cpu");
    expect(getDefaultDevice()).toBe("js");
    expect(config.jax_platform_name).toBe("cpu");
    config.update("jax_default_device", "cpu");
    expect(config.jax_default_device).toBe("cpu");
  });
});

describe("scoped options (JAX's `with jax.enable_x64(True):`)", () => {
  it("set the option for the function only, restoring it after a throw too", () => {
    expect(enableX64(true, () => [np.zeros(1).dtype, enableX64.value])).toEqual(["float64", true]);
    expect([np.zeros(1).dtype, enableX64.value]).toEqual(["float32", false]);
    expect(() => debugNans(true, () => np.log(np.array(-1)))).toThrow("invalid value (nan) encountered in log");
    expect(debugNans.value).toBe(false);
    expect(Number.isNaN(np.log(np.array(-1)).item())).toBe(true);
    expect(() => numpyRankPromotion("raise", () => np.add(np.ones([2]), np.ones([3, 2])))).toThrow(/jax_numpy_rank_promotion='raise'/);
    expect(numpyRankPromotion.value).toBe("allow");
    expect(defaultMatmulPrecision("bfloat16", () => config.jax_default_matmul_precision)).toBe("bfloat16");
    expect(defaultDevice("cpu", () => getDefaultDevice())).toBe("js");
    expect(config.jax_default_device).toBe(null);
  });
});
