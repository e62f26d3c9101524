/**
 * Config defaults live in one place in effect: config/default.yaml is the baseline users read, and wherever the zod
 * schema also has a default for a key, the two must be the same value. Every default the schema would fill in is
 * written in default.yaml too, so the file is the complete list.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEFAULT_CONFIG_PATH } from "../../src/config/load.ts";
import { configSchema } from "../../src/config/schema.ts";

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => typeof v === "object" && v !== null && !Array.isArray(v);

/** Paths of the leaves (scalars and lists) of a mapping. */
function leaves(t: Tree, prefix: string[] = []): string[][] {
  return Object.entries(t).flatMap(([k, v]) => (isTree(v) ? leaves(v, [...prefix, k]) : [[...prefix, k]]));
}
const at = (t: unknown, path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (isTree(v) ? v[k] : undefined), t);
function without(t: Tree, path: string[]): Tree {
  const copy = structuredClone(t);
  const parent = at(copy, path.slice(0, -1)) as Tree;
  delete parent[path[path.length - 1]!];
  return copy;
}

const yaml = parse(readFileSync(DEFAULT_CONFIG_PATH, "utf8")) as Tree;

describe("config defaults", () => {
  it("default.yaml is a valid config by itself", () => {
    expect(configSchema.safeParse(yaml).success).toBe(true);
  });

  it("where the schema has a default, default.yaml holds the same value", () => {
    const diverging: Array<{ path: string; yaml: unknown; schema: unknown }> = [];
    for (const path of leaves(yaml)) {
      const parsed = configSchema.safeParse(without(yaml, path));
      if (!parsed.success) continue; // required: default.yaml is its only default
      const schemaDefault = at(parsed.data, path);
      if (schemaDefault === undefined) continue; // optional without a default
      if (JSON.stringify(schemaDefault) !== JSON.stringify(at(yaml, path)))
        diverging.push({ path: path.join("."), yaml: at(yaml, path), schema: schemaDefault });
    }
    expect(diverging).toEqual([]);
  });

  it("every default the schema fills in is written in default.yaml", () => {
    const parsed = configSchema.parse(yaml) as Tree;
    const missing = leaves(parsed)
      .filter((path) => at(parsed, path) !== undefined && at(yaml, path) === undefined)
      .map((p) => p.join("."));
    expect(missing).toEqual([]);
  });
});
