import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../checks/index.ts";
import { loadConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import type { Discovery } from "../discover/accounts.ts";
import type { Finding } from "../engine/check.ts";
import type { CoverageCell } from "../engine/coverage.ts";
import { InputError, UsageError } from "../errors.ts";
import { computeDrift, priorFromReport } from "../drift/compute.ts";
import { buildReport, type AccountResult } from "../report/build.ts";
import type { ScanReport } from "../report/model.ts";
import { enabledChecks } from "./run.ts";
import { shardOf, shardFileName } from "./shard.ts";
import {
  configDigest,
  mergeShardReports,
  readShardReports,
  sealShardReport,
  type ShardFile,
} from "./shard-report.ts";

const config: Config = loadConfig();
const checks = enabledChecks(CHECKS, config);
const ACCOUNTS = Array.from({ length: 24 }, (_, i) => String(200_000_000_000 + i));
const MGMT = ACCOUNTS[0]!;

function result(accountId: string, i: number): AccountResult {
  const finding: Finding = {
    id: `cloudtrail.s3-delivery:${accountId.slice(-4).padStart(16, "0")}`,
    checkId: "cloudtrail.s3-delivery",
    status: i % 3 === 0 ? "fail" : i % 7 === 0 ? "error" : "pass",
    severity: "high",
    accountId,
    region: "us-east-1",
    resource: `arn:aws:cloudtrail:us-east-1:${accountId}:trail/t`,
    messageId: "stale",
    message: "stale",
    data: {},
    evidence: {},
    remediationId: null,
    suppressed: false,
  };
  const cell: CoverageCell = {
    accountId,
    region: "us-east-1",
    paths: { archive: i % 3 === 0 ? "blind" : "ok", log: "ok", alarm: "ok", fast: "ok" },
    latency: "seconds",
  } as CoverageCell;
  return { findings: [finding], coverage: [cell] };
}

const discovery = (scanned: (id: string) => boolean): Discovery => ({
  organizationId: "o-shardtest01",
  managementAccountId: MGMT,
  accounts: ACCOUNTS.map((id) =>
    scanned(id)
      ? { id, state: "ACTIVE", scanned: true }
      : { id, state: "ACTIVE", scanned: false, skipReason: "other-shard" },
  ),
});

const AT = (min: number) => new Date(Date.UTC(2026, 11, 1, 10, min));

function report(scanned: (id: string) => boolean, start: number, end: number): ScanReport {
  return buildReport({
    discovery: discovery(scanned),
    results: ACCOUNTS.map((id, i) => [id, i] as const)
      .filter(([id]) => scanned(id))
      .map(([id, i]) => result(id, i)),
    checks,
    startedAt: AT(start),
    finishedAt: AT(end),
    source: "aws",
    apiCalls: { "cloudtrail:GetTrailStatus": { calls: 10, throttles: 1, retries: 1, errors: 0 } },
    suppressions: config.suppressions,
  });
}

function shardReports(count: number, runId = "run-1", cfg: Config = config): ScanReport[] {
  return Array.from({ length: count }, (_, index) =>
    sealShardReport({
      ...report((id) => shardOf(id, count) === index, index, 10 + index),
      shard: { index, count, runId, configDigest: configDigest(cfg), digest: "" },
    }),
  );
}

const files = (reports: ScanReport[]): ShardFile[] =>
  reports.map((r) => ({
    file: `wirewatch-report.shard-${r.shard!.index}-of-${r.shard!.count}.json`,
    report: r,
  }));

describe("mergeShardReports", () => {
  it("gives the unsharded scan's findings, coverage, scope and summary, the shards' span and summed calls", () => {
    const whole = report(() => true, 0, 12);
    const merged = mergeShardReports(files(shardReports(3)), config, checks);
    expect(merged.findings.map((f) => [f.id, f.status])).toEqual(whole.findings.map((f) => [f.id, f.status]));
    expect(merged.coverage).toEqual(whole.coverage);
    expect(merged.scope).toEqual(whole.scope);
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.shard).toBeUndefined();
    expect([merged.startedAt, merged.finishedAt]).toEqual([AT(0).toISOString(), AT(12).toISOString()]);
    expect(merged.stats.apiCalls["cloudtrail:GetTrailStatus"]).toEqual({
      calls: 30,
      throttles: 3,
      retries: 3,
      errors: 0,
    });
    expect(merged.stats.totals.calls).toBe(30);
  });

  it("accepts the shards in any order", () => {
    const reports = shardReports(4);
    const a = mergeShardReports(files(reports), config, checks);
    const b = mergeShardReports(files([...reports].reverse()), config, checks);
    expect(b.findings).toEqual(a.findings);
    expect(b.coverage).toEqual(a.coverage);
  });

  it("refuses an incomplete set, naming the missing shards", () => {
    const reports = shardReports(4);
    expect(() => mergeShardReports(files([reports[0]!, reports[2]!]), config, checks)).toThrow(
      /incomplete: shards 1, 3 of 4 missing/,
    );
  });

  it("refuses a shard given twice", () => {
    const reports = shardReports(3);
    const twice = [...files(reports), { file: "copy.json", report: reports[1]! }];
    expect(() => mergeShardReports(twice, config, checks)).toThrow(/shard 1 of 3 .* given twice/);
  });

  it.each([
    ["another shard count", () => [...shardReports(3).slice(0, 2), shardReports(4)[3]!], /number of shards/],
    ["another run", () => [...shardReports(2, "run-1").slice(0, 1), shardReports(2, "run-2")[1]!], /run id/],
    [
      "other settings",
      () => {
        const other = { ...config, baseline: { ...config.baseline, logs: { retentionDays: 30 } } };
        return [shardReports(2)[0]!, shardReports(2, "run-1", other)[1]!];
      },
      /settings/,
    ],
    [
      "another organization",
      () => {
        const [a, b] = shardReports(2);
        return [a!, sealShardReport({ ...b!, scope: { ...b!.scope, organizationId: "o-another0001" } })];
      },
      /organization/,
    ],
  ])("refuses a mixed set: %s", (_what, reports, message) => {
    expect(() => mergeShardReports(files(reports()), config, checks)).toThrow(InputError);
    expect(() => mergeShardReports(files(reports()), config, checks)).toThrow(message);
  });

  it("refuses shards scanned with other settings than the merge's", () => {
    const other = { ...config, state: { ...config.state, scope: "elsewhere" } };
    expect(() => mergeShardReports(files(shardReports(2)), other, checks)).toThrow(UsageError);
  });

  it("refuses a shard reporting on another shard's accounts", () => {
    const [a, b] = shardReports(2);
    const stray = b!.findings[0]!;
    const edited = sealShardReport({ ...a!, findings: [...a!.findings, stray] });
    expect(() => mergeShardReports(files([edited, b!]), config, checks)).toThrow(/accounts of other shards/);
  });
});

describe("a shard's report on its own", () => {
  it("never resolves another shard's findings: they are unknown, not scanned", () => {
    const whole = report(() => true, 0, 12);
    const [shard] = shardReports(2);
    const { drift } = computeDrift(shard!, priorFromReport(whole));
    const others = whole.findings.filter(
      (f) => (f.status === "fail" || f.status === "error") && shardOf(f.accountId, 2) !== 0,
    );
    expect(others.length).toBeGreaterThan(0);
    expect(drift.resolved).toEqual([]);
    expect(drift.unknown.map((u) => [u.id, u.reason])).toEqual(
      others.map((f) => [f.id, "notScanned"]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
    );
  });
});

describe("readShardReports", () => {
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), "wirewatch-merge-"));
    for (const r of shardReports(2)) {
      writeFileSync(join(d, shardFileName("wirewatch-report.json", r.shard!)), JSON.stringify(r, null, 2));
    }
    return d;
  };

  it("reads a directory's shard reports, and verifies each one's digest", async () => {
    const read = await readShardReports([dir()]);
    expect(read.map((r) => r.report.shard!.index)).toEqual([0, 1]);
    expect(mergeShardReports(read, config, checks).findings).toHaveLength(ACCOUNTS.length);
  });

  it("refuses a report edited since it was written", async () => {
    const d = dir();
    const file = join(d, "wirewatch-report.shard-1-of-2.json");
    const r = JSON.parse(readFileSync(file, "utf8")) as ScanReport;
    const open = r.findings.find((f) => f.status === "fail")!;
    open.status = "pass";
    writeFileSync(file, JSON.stringify(r));
    await expect(readShardReports([d])).rejects.toThrow(/shard-1-of-2\.json: edited or damaged/);
  });

  it.each([
    ["garbled", (t: string) => t.slice(0, t.length / 2), /not JSON/],
    [
      "a whole scan's report",
      (t: string) => JSON.stringify({ ...JSON.parse(t), shard: undefined }),
      /not of a shard/,
    ],
    [
      "of another version",
      (t: string) => JSON.stringify({ ...JSON.parse(t), version: "1.4" }),
      /version "1.4"/,
    ],
  ])("refuses a report %s", async (_what, edit, message) => {
    const d = dir();
    const file = join(d, "wirewatch-report.shard-0-of-2.json");
    writeFileSync(file, edit(readFileSync(file, "utf8")));
    await expect(readShardReports([d])).rejects.toThrow(InputError);
    await expect(readShardReports([d])).rejects.toThrow(message);
  });

  it("refuses a directory without shard reports, and no paths at all", async () => {
    await expect(readShardReports([mkdtempSync(join(tmpdir(), "wirewatch-merge-"))])).rejects.toThrow(
      /holds no shard report/,
    );
    await expect(readShardReports([])).rejects.toThrow(UsageError);
  });
});
