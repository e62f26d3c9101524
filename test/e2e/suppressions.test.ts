/**
 * End to end: suppressions through the built CLI against the demo organization. An active suppression mutes what it
 * matches (still reported, marked, in JSON, SARIF and the console) and the plan skips it; one whose match is only a
 * substring of an ARN matches nothing and is warned of as unused; one past its date stops applying and is reported
 * as expired. `wirewatch suppressions` lists them with what each matched. Dates are relative to today: the CLI has
 * no injectable clock.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as Sarif from "sarif";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/report/model.ts";
import { runCli, type CliResult } from "../support/cli.ts";
import { bundledScenario } from "../support/e2e.ts";
import { sarifSchemaErrors } from "../support/format-validators.ts";
import { liveSimulator, type LiveSim } from "../support/live-sim.ts";
import { readValidReport } from "../support/report-schema.ts";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const DEV_TRAILS = {
  checkId: "cloudtrail.multi-region-logging",
  resource: "arn:aws:cloudtrail:*:333333333333:trail/dev-*",
};
const SUBSTRING = { resource: "trail/dev-audit" };
const RETENTION = { checkId: "logs.trail-retention", accountId: "222222222222" };

function suppressions(retentionExpires: string) {
  return [
    {
      match: DEV_TRAILS,
      reason: "dev trail stopped on purpose",
      owner: "platform",
      expires: day(10),
      ticket: "SEC-7",
    },
    { match: SUBSTRING, reason: "a substring is no match", owner: "platform", expires: day(10) },
    { match: RETENTION, reason: "retention raised next sprint", owner: "logging", expires: retentionExpires },
  ];
}

let live: LiveSim;
const out = (n: string) => join(live.dir, n);
const writeConfig = (retentionExpires: string) =>
  writeFileSync(
    join(live.dir, "wirewatch.yaml"),
    stringify({
      aws: { maxAttempts: 8 },
      state: { enabled: false },
      suppressions: suppressions(retentionExpires),
    }),
  );
/** The line of each suppression in the config as written: where SARIF and the listing point. */
const suppressionLines = () =>
  readFileSync(join(live.dir, "wirewatch.yaml"), "utf8")
    .split("\n")
    .flatMap((l, i) => (l.startsWith("  - match:") ? [i + 1] : []));
const scan = (dir: string) =>
  runCli(
    ["scan", "--config", "wirewatch.yaml", "--format", "json,sarif,console", "--output", dir],
    live.env,
    live.dir,
  );
const ofCheck = (r: ScanReport, checkId: string, accountId: string) =>
  r.findings.filter((f) => f.checkId === checkId && f.accountId === accountId && f.status === "fail");

let active: CliResult;
let activeReport: ScanReport;
let expired: CliResult;
let expiredReport: ScanReport;
beforeAll(async () => {
  live = await liveSimulator(bundledScenario("demo"));
  writeConfig(day(5));
  active = await scan("active");
  activeReport = readValidReport(out("active"), active);
  // The same config a week later, as far as the retention suppression is concerned: its date has passed.
  writeConfig(day(-1));
  expired = await scan("expired");
  expiredReport = readValidReport(out("expired"), expired);
});
afterAll(async () => {
  await live.close();
});

describe("an active suppression", () => {
  it("marks what it matches, which stays in the report but no longer counts", () => {
    const muted = ofCheck(activeReport, "cloudtrail.multi-region-logging", "333333333333");
    expect(muted.map((f) => f.region).sort()).toEqual(["ap-southeast-2", "eu-west-1"]);
    for (const f of muted)
      expect(f.suppression).toEqual({
        index: 0,
        reason: "dev trail stopped on purpose",
        owner: "platform",
        expires: day(10),
        ticket: "SEC-7",
      });
    const retention = ofCheck(activeReport, "logs.trail-retention", "222222222222");
    expect(retention.map((f) => f.suppression?.index)).toEqual([2]);
    expect(activeReport.summary.findings.suppressed).toBe(3);
    const [l0, l1, l2] = suppressionLines();
    expect(activeReport.suppressions?.map((s) => [s.index, s.state, s.matched, s.line])).toEqual([
      [0, "active", 2, l0],
      [1, "active", 0, l1],
      [2, "active", 1, l2],
    ]);
    expect(activeReport.suppressions?.[0]?.findingIds).toEqual(muted.map((f) => f.id));
    // The console lists the muted findings, marked, and says the unused one matched nothing.
    expect(active.stdout).toContain("Suppressed by suppression 0 until " + day(10));
    expect(active.stdout).toContain("Suppression 1 (a substring is no match) matched nothing");
  });

  it("counts one failure fewer for each finding it mutes", () => {
    // The expired scan mutes the same findings but the retention one.
    expect(activeReport.summary.findings.fail).toBe(expiredReport.summary.findings.fail - 1);
  });

  it("carries SARIF suppressions, and the unused one is a warning notification at its line", () => {
    const log = JSON.parse(readFileSync(join(out("active"), "wirewatch-report.sarif"), "utf8")) as Sarif.Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const run = log.runs[0]!;
    const muted = (run.results ?? []).filter((r) => r.suppressions?.length);
    expect(muted.map((r) => r.properties?.findingId).sort()).toEqual(
      activeReport.findings
        .filter((f) => f.suppressed)
        .map((f) => f.id)
        .sort(),
    );
    expect(muted.every((r) => r.suppressions?.[0]?.status === "accepted")).toBe(true);
    const notes = run.invocations?.[0]?.toolConfigurationNotifications ?? [];
    expect(
      notes.map((n) => [n.level, n.descriptor?.id, n.locations?.[0]?.physicalLocation?.region?.startLine]),
    ).toEqual([["warning", "suppression-unused", suppressionLines()[1]]]);
  });

  it("is skipped by the plan: no change for a muted finding", async () => {
    writeConfig(day(5));
    const r = await runCli(["plan", "--config", "wirewatch.yaml", "--format", "json"], live.env, live.dir);
    writeConfig(day(-1));
    expect(r.code).toBe(2);
    const plan = JSON.parse(r.stdout) as {
      changes: Array<{ remediationId: string; fixes: Array<{ checkId: string; accountId: string }> }>;
      unremediable: Array<{ checkId: string }>;
    };
    const fixes = plan.changes.flatMap((c) => c.fixes.map((x) => `${x.checkId} ${x.accountId}`));
    expect(fixes).not.toContain("cloudtrail.multi-region-logging 333333333333");
    expect(fixes).not.toContain("logs.trail-retention 222222222222");
    expect(plan.changes.map((c) => c.remediationId)).not.toContain("cloudtrail.start-logging");
    // What is not muted is still planned.
    expect(fixes).toContain("cloudtrail.management-events 333333333333");
  });

  it("is warned of on stderr when it matched nothing", () => {
    const warnings = active.stderr
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { level: number; suppression?: number; msg: string })
      .filter((l) => l.suppression !== undefined);
    expect(warnings.map((w) => [w.level, w.suppression])).toEqual([[40, 1]]);
  });
});

describe("an expired suppression", () => {
  it("stops applying: its finding counts again, and the report says it expired and what it would match", () => {
    const retention = ofCheck(expiredReport, "logs.trail-retention", "222222222222");
    expect(retention.map((f) => f.suppressed)).toEqual([false]);
    const s = expiredReport.suppressions?.[2];
    expect([s?.state, s?.expires, s?.findingIds]).toEqual(["expired", day(-1), retention.map((f) => f.id)]);
    // The other suppressions keep applying.
    expect(expiredReport.summary.findings.suppressed).toBe(2);
    expect(expired.stdout).toContain(`Suppression 2 (retention raised next sprint) expired on ${day(-1)}`);
    const log = JSON.parse(readFileSync(join(out("expired"), "wirewatch-report.sarif"), "utf8")) as Sarif.Log;
    const notes = log.runs[0]?.invocations?.[0]?.toolConfigurationNotifications ?? [];
    expect(notes.map((n) => n.descriptor?.id)).toEqual(["suppression-unused", "suppression-expired"]);
  });

  it("is listed by wirewatch suppressions with what it matched in that scan", async () => {
    const r = await runCli(
      [
        "suppressions",
        "--config",
        "wirewatch.yaml",
        "--report",
        join("expired", "wirewatch-report.json"),
        "--format",
        "json",
      ],
      live.env,
      live.dir,
    );
    expect(r.code).toBe(0);
    const listing = JSON.parse(r.stdout) as {
      report: { scanId: string };
      suppressions: Array<{
        index: number;
        state: string;
        matched: number | null;
        findingIds: string[];
        line?: number;
      }>;
    };
    expect(listing.report.scanId).toBe(expiredReport.scanId);
    const [l0, l1, l2] = suppressionLines();
    expect(listing.suppressions.map((s) => [s.index, s.state, s.matched, s.line])).toEqual([
      [0, "active", 2, l0],
      [1, "unused", 0, l1],
      [2, "expired", 1, l2],
    ]);
    const text = await runCli(
      ["suppressions", "--config", "wirewatch.yaml", "--report", join("expired", "wirewatch-report.json")],
      live.env,
      live.dir,
    );
    expect(text.stdout).toContain(`EXPIRED on ${day(-1)}`);
    expect(text.stdout).toContain("UNUSED: matched nothing");
  });
});

describe("a suppression past scan.suppressionMaxDays", () => {
  it("is a configuration error naming its line, before any AWS call", async () => {
    writeFileSync(
      join(live.dir, "long.yaml"),
      stringify({
        state: { enabled: false },
        suppressions: [{ match: RETENTION, reason: "forever", owner: "logging", expires: day(400) }],
      }),
    );
    const r = await runCli(
      ["scan", "--config", "long.yaml", "--format", "json", "--output", "long"],
      live.env,
      live.dir,
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/long\.yaml:\d+/);
    expect(r.stderr).toContain("suppressions.0.expires");
    expect(r.stderr).toContain("at most 90 days ahead");
  });
});
