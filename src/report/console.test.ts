import { describe, expect, it } from "vitest";
import type { PathState } from "../engine/coverage.ts";
import { coverageCounts } from "./console.ts";
import type { ScanReport } from "./model.ts";

const cell = (accountId: string, region: string, ...states: PathState[]) => {
  const [archive = "ok", log = "ok", alarm = "ok", fast = "ok"] = states;
  return { accountId, region, paths: { archive, log, alarm, fast }, latency: "seconds" as const };
};

const reportOf = (coverage: ScanReport["coverage"], blindCells: number) =>
  ({ coverage, summary: { blindCells } }) as unknown as ScanReport;

describe("coverageCounts", () => {
  it.each<[string, ScanReport["coverage"], number, ReturnType<typeof coverageCounts>]>([
    [
      "all readable and clear",
      [cell("a", "r1"), cell("a", "r2")],
      0,
      { cells: 2, unknown: 0, blind: 0, accounts: 1 },
    ],
    [
      "one region could not be read",
      [cell("a", "r1"), cell("a", "r2", "unknown", "unknown", "unknown", "unknown")],
      0,
      { cells: 2, unknown: 1, blind: 0, accounts: 1 },
    ],
    [
      "a cell blind on one path and unknown on another is known blind",
      [cell("a", "r1", "blind", "unknown")],
      1,
      { cells: 1, unknown: 0, blind: 1, accounts: 1 },
    ],
    [
      "every account unreachable",
      ["a", "b", "c"].map((a) => cell(a, "*", "unknown", "unknown", "unknown", "unknown")),
      0,
      { cells: 3, unknown: 3, blind: 0, accounts: 3 },
    ],
  ])("%s", (_name, coverage, blind, expected) => {
    expect(coverageCounts(reportOf(coverage, blind))).toEqual(expected);
  });
});
