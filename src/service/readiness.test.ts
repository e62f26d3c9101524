import { describe, expect, it } from "vitest";
import { readiness } from "./readiness.ts";

const at = (s: string) => new Date(`2026-01-01T00:${s}Z`);
const MINUTE = 60_000;

describe("readiness", () => {
  it("is not ready before the first complete scan", () => {
    expect(
      readiness({ now: at("00:10"), lastCompleteAt: undefined, intervalMs: MINUTE, storeProblem: undefined }),
    ).toEqual({ ready: false, reason: "no-complete-scan", detail: "no scan has completed yet" });
  });

  it("is ready while the last complete scan is at most two intervals old", () => {
    for (const now of ["00:10", "01:10", "02:10"]) {
      expect(
        readiness({ now: at(now), lastCompleteAt: at("00:10"), intervalMs: MINUTE, storeProblem: undefined }),
      ).toEqual({ ready: true, lastCompleteScanAt: "2026-01-01T00:00:10.000Z" });
    }
  });

  it("is stale past two intervals, saying how old", () => {
    expect(
      readiness({
        now: at("02:11"),
        lastCompleteAt: at("00:10"),
        intervalMs: MINUTE,
        storeProblem: undefined,
      }),
    ).toEqual({
      ready: false,
      reason: "last-scan-stale",
      detail: "the last complete scan finished 121 s ago, more than two schedule intervals (120 s)",
    });
  });

  it("is not ready when the store does not answer, whatever the scans", () => {
    expect(
      readiness({ now: at("00:20"), lastCompleteAt: at("00:10"), intervalMs: MINUTE, storeProblem: "gone" }),
    ).toEqual({ ready: false, reason: "store-unreachable", detail: "gone" });
  });
});
