// Types of checks.js (plain JavaScript, because the browser page imports it as it is).
import type * as Dprog from "../../src/index.js";

type Values = Record<string, number[]>;
export function transformChecks(dp: typeof Dprog): Values;
export function fusedCheck(dp: typeof Dprog): number[];
export function fftCheck(dp: typeof Dprog): number[];
export function controlFlowChecks(dp: typeof Dprog): Values;
export function randomChecks(dp: typeof Dprog): Values;
export function gemmCheck(dp: typeof Dprog, n?: number): { usesWasm: boolean; entries: number[] };
