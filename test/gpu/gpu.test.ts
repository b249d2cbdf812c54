// The GPU backend's suite in gpu.js's webasm mode: what CI and machines without a GPU run.
import { beforeAll } from "vitest";
import { setGpuMode } from "../../src/index.js";
import { defineGpuSuite } from "./suite.js";

beforeAll(() => setGpuMode("webasm"));
defineGpuSuite("webasm");
