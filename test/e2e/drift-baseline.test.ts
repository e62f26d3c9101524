/**
 * End to end, without a store: two scans of the same state are the same report but for times and scan ids, and
 * `scan --baseline previous.json` reports exactly what an operator broke (and later fixed) with AWS calls.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftRef, ScanReport } from "../../src/report/model.ts";
import { runCli } from "../support/cli.ts";
import { bundledScenario } from "../support/e2e.ts";
import { liveSimulator, reportPath, type LiveSim } from "../support/live-sim.ts";
import { breakThree, fixThree, THREE_BREAKS_NEW } from "../support/three-breaks.ts";

let live: LiveSim;
beforeAll(async () => {
  live = await liveSimulator(bundledScenario("healthy"));
});
afterAll(async () => {
  await live.close();
});

/** The report without what legitimately differs between two scans of one state: times, scan id, run stats. */
function stable(report: ScanReport): unknown {
  return {
    ...report,
    scanId: null,
    startedAt: null,
    finishedAt: null,
    stats: null,
    findings: report.findings.map((f) => ({ ...f, firstSeen: null, lastSeen: null })),
  };
}

const what = (r: DriftRef) => `${r.checkId} ${r.accountId} ${r.region} ${r.messageId}`;

describe("drift against a baseline report", () => {
  it("gives the same ids and the same report twice, then reports exactly the three breaks", async () => {
    const first = await live.scan();
    const second = await live.scan();
    expect(first.code).toBe(0);
    expect(second.report.findings.map((f) => f.id)).toEqual(first.report.findings.map((f) => f.id));
    expect(new Set(first.report.findings.map((f) => f.id)).size).toBe(first.report.findings.length);
    expect(stable(second.report)).toEqual(stable(first.report));
    expect(first.report.drift).toBeNull();

    await breakThree(live);
    const broken = await live.scan(["--baseline", reportPath(live, 2)]);
    expect(broken.code).toBe(1);
    const drift = broken.report.drift!;
    expect(drift.baseline).toEqual({
      scanId: second.report.scanId,
      startedAt: second.report.startedAt,
      source: "report",
    });
    expect(drift.new.map(what).sort()).toEqual(THREE_BREAKS_NEW);
    expect(drift.counts).toEqual({
      new: THREE_BREAKS_NEW.length,
      resolved: 0,
      changed: 0,
      unknown: 0,
      stillOpen: 0,
    });
    for (const f of broken.report.findings.filter((x) => x.status === "fail")) {
      expect(f.firstSeen).toBe(broken.report.startedAt);
    }

    const again = await live.scan(["--baseline", reportPath(live, 3)]);
    expect(again.report.drift!.new).toEqual([]);
    expect(again.report.drift!.stillOpen.map((s) => s.id).sort()).toEqual(drift.new.map((r) => r.id).sort());
    // First seen is carried from the baseline: the finding has been open since the third scan.
    for (const s of again.report.drift!.stillOpen) expect(s.firstSeen).toBe(broken.report.startedAt);

    await fixThree(live);
    const fixed = await live.scan(["--baseline", reportPath(live, 4)]);
    const f = fixed.report.drift!;
    expect(f.new).toEqual([]);
    // StopLogging within the lookback window still fails logging-interruption, now as stopped and restarted.
    expect(f.changed.map(what)).toEqual([
      "cloudtrail.logging-interruption 333333333333 global stoppedAndRestarted",
    ]);
    expect(f.changed[0]!.changes.map((c) => c.field)).toEqual(["messageId", "facts"]);
    expect(f.resolved.map(what).sort()).toEqual(
      THREE_BREAKS_NEW.filter((x) => !x.startsWith("cloudtrail.logging-interruption")),
    );
    expect(fixed.stdout.split("\n")[2]).toMatch(/^Since the last scan/);
  });

  it.each([
    ["missing", "/nonexistent/report.json"],
    ["not a report", "package.json"],
  ])("refuses a baseline that is %s, with exit 3 before any AWS call", async (_name, file) => {
    const r = await runCli(["scan", "--baseline", file], live.env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`--baseline ${file}`);
  });
});
