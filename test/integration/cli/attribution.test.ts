/**
 * Attribution when event history cannot be read, or not all of it: each new gap says why nobody is named, and the
 * scan's verdict is unchanged. In-process scans (main) against a simulator, breaking the wiring as an operator.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { layerForCommand } from "../../../src/aws/layer.ts";
import { attributeNewFindings } from "../../../src/collect/attribution.ts";
import type { ScanReport } from "../../../src/report/model.ts";
import { bundledScenario } from "../../support/e2e.ts";
import { liveSimulator, type LiveSim } from "../../support/live-sim.ts";
import { runMain } from "../../support/main.ts";
import { reportSchemaErrors } from "../../support/report-schema.ts";
import { breakThree } from "../../support/three-breaks.ts";

const PROD = "222222222222";
const state = () => ({ dir: join(mkdtempSync(join(tmpdir(), "wirewatch-attribution-")), "state") });

async function scan(live: LiveSim, n: number) {
  const out = join(live.dir, `in-process-${n}`);
  const r = await runMain(
    ["scan", "--config", join(live.dir, "wirewatch.yaml"), "--format", "json", "--output", out],
    live.env,
  );
  const report = JSON.parse(readFileSync(join(out, "wirewatch-report.json"), "utf8")) as ScanReport;
  expect(reportSchemaErrors(report)).toEqual([]);
  return { ...r, report };
}

const attributions = (r: ScanReport) =>
  r.findings
    .filter((f) => f.attribution)
    .map((f) => [f.checkId, f.accountId, f.region, f.attribution!.status, f.attribution!.reason])
    .sort();

describe("attribution that cannot be read", () => {
  it("names the reason on each new gap (event history denied in one account, the budget spent), keeping the exit code", async () => {
    const live = await liveSimulator(bundledScenario("healthy"), { state: state() });
    try {
      const first = await scan(live, 1);
      expect(first.code).toBe(0);
      await breakThree(live);
      live.sim.faults.add({ action: "cloudtrail:LookupEvents", account: PROD, error: "AccessDenied" });
      const broken = await scan(live, 2);
      expect(broken.code).toBe(1);
      const prod = broken.report.findings.find(
        (f) =>
          f.checkId === "eventbridge.cloudtrail-forwarding" && f.accountId === PROD && f.status === "fail",
      )!;
      expect(prod.attribution).toMatchObject({ status: "notAttributed", reason: "lookupFailed", events: [] });
      expect(prod.attribution!.detail).toContain("AccessDenied");
      // The other accounts' gaps are still attributed.
      const others = attributions(broken.report).filter(([, account]) => account !== PROD);
      expect(others.length).toBeGreaterThan(1);
      expect(others.map(([, , , status]) => status)).toEqual(others.map(() => "attributed"));

      // A scan's budget of lookups: the gaps it does not reach say so.
      const layer = layerForCommand(
        { maxAttempts: 8, maxCallsInFlight: 8, homeRegion: "us-east-1" },
        live.env,
      );
      const before = live.sim.stats.byOperation.get("cloudtrail:LookupEvents") ?? 0;
      try {
        const again = await attributeNewFindings(
          layer,
          { name: "WirewatchAudit", sessionName: "wirewatch", durationSeconds: 900 },
          broken.report,
          "us-east-1",
          { limits: { maxRequests: 2, maxPagesPerLookup: 1 } },
        );
        expect(reportSchemaErrors(again)).toEqual([]);
        const reasons = new Set(attributions(again).map(([, , , , reason]) => reason));
        expect(reasons.has("budgetExhausted")).toBe(true);
        expect(again.stats.apiCalls["cloudtrail:LookupEvents"]?.calls).toBe(2);
        expect((live.sim.stats.byOperation.get("cloudtrail:LookupEvents") ?? 0) - before).toBe(2);
      } finally {
        layer.close();
      }
    } finally {
      await live.close();
    }
  });
});
