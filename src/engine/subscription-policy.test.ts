import { describe, expect, it } from "vitest";
import { parseSelectionCriteria } from "./subscription-policy.ts";

describe("parseSelectionCriteria", () => {
  it.each<[string, string[]]>([
    ['LogGroupName NOT IN ["a", "b"]', ["a", "b"]],
    [
      'LogGroupName NOT IN ["LogGroupToExclude1","LogGroupToExclude2"]',
      ["LogGroupToExclude1", "LogGroupToExclude2"],
    ],
    ["LogGroupName NOT IN []", []],
    ["  LogGroupName   NOT   IN [ ]  ", []],
    ['logGroupName not in ["/aws/lambda/x"]', ["/aws/lambda/x"]],
    ['LogGroupName NOT IN ["quote\\"d"]', ['quote"d']],
    ["", []],
    ["   ", []],
  ])("%j excludes %j", (text, excluded) => {
    expect(parseSelectionCriteria(text)).toEqual({ ok: true, excluded });
  });

  it.each<[string, number]>([
    ['LogGroupName IN ["a"]', 13],
    ['LogGroupNamePrefix NOT IN ["a"]', 0],
    ['LogGroupName NOT IN "a"', 20],
    ['LogGroupName NOT IN ["a" "b"]', 25],
    ['LogGroupName NOT IN ["a",]', 25],
    ["LogGroupName NOT IN [a]", 21],
    ['LogGroupName NOT IN ["a"] AND x', 26],
    ['LogGroupName NOT IN ["a"', 24],
  ])("rejects %j at position %i", (text, position) => {
    const r = parseSelectionCriteria(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.position).toBe(position);
  });
});
