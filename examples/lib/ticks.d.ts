// Types of ticks.js (plain JavaScript, because the web example's page imports it as it is).
export function logTicks(lo: number, hi: number): number[];
export function linearTicks(last: number, most?: number): number[];
export function tickLabel(v: number): string;
export function rangeTicks(lo: number, hi: number, most?: number): number[];
