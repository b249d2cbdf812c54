// Every rule table covers the primitive catalogue at run time, not only in its type: a table
// assembled from spreads or family helpers could type-check and still miss a key (the issue-17
// example: a name added to the union with the rows tsc asked for, while SHAPE_RULES.sinc,
// BATCH_RULES.sinc and LOWERINGS.sinc were undefined). The catalogue is the traits table.
import { describe, expect, it } from "vitest";
import { PRIMITIVE_NAMES, PRIMITIVE_TRAITS, SHAPE_RULES, SHAPE_RULE_TABLE, PARAM_CHECKS, LINEAR_PRIMITIVES, ELEMENTWISE_PRIMITIVES, UNARY_ELEMENTWISE, BINARY_ELEMENTWISE, PRIMITIVE_FAMILIES } from "../../jaxpr/index.js";
import { JVP_RULES, TRANSPOSE_RULES } from "../../src/rules.js";
import { coreBatchRules, loadBatchRules } from "../../src/vmap/coreRules.js";
import { JVP_TABLE, TRANSPOSE_TABLE } from "../../src/ad/ruleTables.js";
import { BATCH_TABLE } from "../../src/vmap/ruleTables.js";
import { LOWERING_TABLE } from "../../backends/js/lowerings/index.js";
import { LOWERINGS } from "../../backends/js/lowerings/families.js";
import { loadAllFamilies } from "../util/families.js";
import { GPU_LOWERING } from "../../backends/gpu/capabilities.js";
import { JET_RULES } from "../../src/jet/table.js";

const missing = (table: object, names: Iterable<string>): string[] => [...names].filter((p) => typeof (table as Record<string, unknown>)[p] === "undefined");
const extra = (table: object, names: Iterable<string>): string[] => {
  const known = new Set(names);
  return Object.keys(table).filter((k) => !known.has(k));
};

describe("the primitive catalogue", () => {
  it("has no duplicate names, and every family name is in it", () => {
    expect(new Set(PRIMITIVE_NAMES).size).toBe(PRIMITIVE_NAMES.length);
    expect(missing(PRIMITIVE_TRAITS, [...UNARY_ELEMENTWISE, ...BINARY_ELEMENTWISE])).toEqual([]);
  });
  it("calls every unary and binary elementwise family member elementwise", () => {
    for (const p of [...UNARY_ELEMENTWISE, ...BINARY_ELEMENTWISE]) expect(ELEMENTWISE_PRIMITIVES.has(p), p).toBe(true);
  });
});

const FAMILY_NAMES = new Set<string>(Object.values(PRIMITIVE_FAMILIES).flat());
const CORE_NAMES = PRIMITIVE_NAMES.filter((p) => !FAMILY_NAMES.has(p));

describe("every runtime rule table has exactly the catalogue's keys", () => {
  it("the core tables of the transforms: exactly the core primitives (the families' rows come with src/families/)", () => {
    for (const table of [JVP_RULES, coreBatchRules()]) {
      expect(missing(table, CORE_NAMES)).toEqual([]);
      expect(extra(table, CORE_NAMES)).toEqual([]);
    }
    const coreLinear = [...LINEAR_PRIMITIVES].filter((p) => !FAMILY_NAMES.has(p));
    expect(missing(TRANSPOSE_RULES, coreLinear)).toEqual([]);
    expect(extra(TRANSPOSE_RULES, coreLinear)).toEqual([]);
  });
  it("the tables the transforms and backends read: every primitive once every family is loaded", () => {
    loadAllFamilies();
    loadBatchRules();
    for (const table of [SHAPE_RULE_TABLE, LOWERING_TABLE, JVP_TABLE, BATCH_TABLE]) expect(table.keys().sort()).toEqual([...PRIMITIVE_NAMES].sort());
    expect(TRANSPOSE_TABLE.keys().sort()).toEqual([...LINEAR_PRIMITIVES].sort());
  });
  const tables: [string, object][] = [
    ["SHAPE_RULES", SHAPE_RULES],
    ["PARAM_CHECKS", PARAM_CHECKS],
    ["LOWERINGS (JS)", LOWERINGS],
    ["GPU_LOWERING", GPU_LOWERING],
    ["JET_RULES", JET_RULES],
  ];
  for (const [name, table] of tables) {
    it(name, () => {
      expect(missing(table, PRIMITIVE_NAMES)).toEqual([]);
      expect(extra(table, PRIMITIVE_NAMES)).toEqual([]);
    });
  }
});
