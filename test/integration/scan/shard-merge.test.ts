/**
 * A sharded scan equals an unsharded one: a generated 200-account organization (one organization trail in the
 * management account that a third of the members rely on, gaps in others, two members' CloudTrail unreadable) is
 * scanned whole and as 4 shards at once, which `wirewatch merge` combines: the merged report's findings, coverage,
 * scope and summary are the unsharded scan's, and so is its drift against an earlier report (derived from the whole
 * scan's, so that every kind of drift occurs: new, resolved, changed, unknown, still open).
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { generateOrganization, generatedAccountId } from "../../../sim/generate.ts";
import { parseScenario, type ScenarioInput } from "../../../sim/scenario.ts";
import { startSimulator } from "../../../sim/server.ts";
import type { FaultRule } from "../../../sim/faults.ts";
import { computeDrift, priorFromReport } from "../../../src/drift/compute.ts";
import type { Drift, ReportFinding, ScanReport } from "../../../src/report/model.ts";
import { shardOf } from "../../../src/scan/shard.ts";
import { runMain, simEnv } from "../../support/main.ts";
import { readValidReport } from "../../support/report-schema.ts";

const ACCOUNTS = 200;
const SHARDS = 4;
const MGMT = generatedAccountId(0);
/** Members whose CloudTrail cannot be read: their open findings of the baseline are unknown, never resolved. */
const UNREADABLE = [generatedAccountId(5), generatedAccountId(7)];

/** The generated organization with the management account's trail made an organization trail. */
function organization(): ScenarioInput {
  const s = generateOrganization({ accounts: ACCOUNTS, regions: 2, brokenFraction: 0.3, seed: 8 });
  const mgmt = s.accounts[0]!;
  expect(mgmt.id).toBe(MGMT);
  const trail = mgmt.trails?.[0] as { organization?: boolean } | undefined;
  expect(trail).toBeDefined();
  trail!.organization = true;
  // Every third member keeps no trail of its own: the organization trail, judged in the management account, is
  // all it has, in whichever shard it falls.
  s.accounts.forEach((a, i) => {
    if (i > 0 && i % 3 === 0) a.trails = [];
  });
  return s;
}

const DAY_BEFORE = (at: string) => new Date(Date.parse(at) - 86_400_000).toISOString();

/**
 * An earlier report of the organization, as the whole scan's with some findings otherwise: a few open ones passing
 * then (new now), a few passing ones open then (resolved now), a few with another message (changed), and an open
 * finding in a region of an account now unreadable (unknown now).
 */
function earlierReport(whole: ScanReport): ScanReport {
  const before = DAY_BEFORE(whole.startedAt);
  const readable = (f: ReportFinding) => !UNREADABLE.includes(f.accountId) && !f.checkId.startsWith("org.");
  const open = whole.findings.filter((f) => f.status === "fail" && readable(f));
  const passing = whole.findings.filter((f) => f.status === "pass" && readable(f));
  const asNew = new Set(open.slice(0, 5).map((f) => f.id));
  const asChanged = new Set(open.slice(5, 8).map((f) => f.id));
  const asResolved = new Set(passing.slice(0, 5).map((f) => f.id));
  // CloudTrail denied everywhere in the account reads as the region denied (org.region-reachable).
  const denied = whole.findings.find(
    (f) => f.checkId === "org.region-reachable" && f.status === "fail" && UNREADABLE.includes(f.accountId),
  )!;
  expect(denied).toBeDefined();
  const findings = whole.findings.map((f): ReportFinding => {
    if (asNew.has(f.id)) return { ...f, status: "pass", firstSeen: null, lastSeen: null };
    if (asResolved.has(f.id)) return { ...f, status: "fail", firstSeen: before, lastSeen: before };
    if (asChanged.has(f.id))
      return { ...f, messageId: "earlierMessage", firstSeen: before, lastSeen: before };
    return f.firstSeen ? { ...f, firstSeen: before, lastSeen: before } : f;
  });
  const checkId = "cloudtrail.multi-region-logging";
  findings.push({
    ...denied,
    id: `${checkId}:00000000000b0001`,
    checkId,
    firstSeen: before,
    lastSeen: before,
  });
  return { ...whole, scanId: "earlier", startedAt: before, finishedAt: before, findings, drift: null };
}

const findingsOf = (r: ScanReport) =>
  r.findings.map((f) => `${f.id} ${f.status} ${f.severity} ${f.messageId}`);
const driftOf = (d: Drift) => ({
  counts: d.counts,
  new: d.new.map((x) => `${x.id} ${x.status}`),
  resolved: d.resolved.map((x) => x.id),
  changed: d.changed.map((x) => `${x.id} ${x.changes.map((c) => c.field).join(",")}`),
  unknown: d.unknown.map((x) => `${x.id} ${x.reason}`),
  stillOpen: d.stillOpen.map((x) => `${x.id} ${x.firstSeen}`),
});

describe("scan --shard I/N and merge", () => {
  it("4 shards of a 200-account organization merge into the unsharded scan's findings, coverage and drift", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wirewatch-shards-"));
    const faults: FaultRule[] = UNREADABLE.map((account) => ({
      action: "cloudtrail:*",
      account,
      error: "AccessDenied",
    }));
    const sim = await startSimulator({ scenario: parseScenario(organization()), rateLimits: false, faults });
    let whole: ScanReport;
    let merged: ScanReport;
    let shards: ScanReport[];
    let codes: { whole: number; merge: number };
    let earlier: ScanReport;
    try {
      const env = simEnv(sim);
      const config = join(dir, "wirewatch.yaml");
      writeFileSync(config, stringify({ aws: { maxAttempts: 8 }, state: { enabled: false } }));
      const wholeOut = join(dir, "whole");
      const wholeRun = await runMain(
        ["scan", "--config", config, "--format", "json", "--output", wholeOut],
        env,
      );
      whole = readValidReport(wholeOut, wholeRun);
      // The four shards at once, as an Indexed Job runs them, each reading its index from the environment.
      const shardOut = join(dir, "shards");
      const shardRuns = await Promise.all(
        Array.from({ length: SHARDS }, (_, i) =>
          runMain(
            [
              "scan",
              "--config",
              config,
              "--shard",
              `SHARD_INDEX/${SHARDS}`,
              "--format",
              "json",
              "--output",
              shardOut,
            ],
            { ...env, SHARD_INDEX: String(i), WIREWATCH_RUN_ID: "run-1" },
          ),
        ),
      );
      for (const r of shardRuns) expect(r.code, r.stderr).toBe(wholeRun.code);
      const files = readdirSync(shardOut).sort();
      expect(files).toEqual(
        Array.from({ length: SHARDS }, (_, i) => `wirewatch-report.shard-${i}-of-${SHARDS}.json`),
      );
      shards = files.map((f) => readValidReport(shardOut, { code: 0, stdout: "", stderr: "" }, f));
      earlier = earlierReport(whole);
      const earlierFile = join(dir, "earlier.json");
      writeFileSync(earlierFile, JSON.stringify(earlier));
      const mergedOut = join(dir, "merged");
      const merge = await runMain(
        [
          "merge",
          shardOut,
          "--config",
          config,
          "--format",
          "json",
          "--output",
          mergedOut,
          "--baseline",
          earlierFile,
        ],
        env,
      );
      merged = readValidReport(mergedOut, merge);
      codes = { whole: wholeRun.code, merge: merge.code };
    } finally {
      await sim.close();
    }

    // Each shard scanned its slice only and says so, and the slices partition the organization.
    const scanned = shards.flatMap((s) => s.scope.accounts.filter((a) => a.scanned).map((a) => a.id));
    expect(scanned.sort()).toEqual(whole.scope.accounts.filter((a) => a.scanned).map((a) => a.id));
    shards.forEach((s, i) => {
      expect(s.shard).toMatchObject({ index: i, count: SHARDS, runId: "run-1" });
      for (const f of s.findings) expect(shardOf(f.accountId, SHARDS)).toBe(i);
    });
    expect(shards.filter((s) => s.findings.some((f) => f.accountId === MGMT))).toHaveLength(1);

    expect(merged.shard).toBeUndefined();
    expect(findingsOf(merged)).toEqual(findingsOf(whole));
    expect(merged.coverage).toEqual(whole.coverage);
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.scope).toEqual(whole.scope);
    expect(codes.merge).toBe(codes.whole);
    expect(codes.whole).toBe(2);
    // Drift against the earlier report: what `scan --baseline` computes for the whole scan.
    const wholeDrift = computeDrift(whole, priorFromReport(earlier)).drift;
    expect(driftOf(merged.drift!)).toEqual(driftOf(wholeDrift));
    expect(wholeDrift.counts).toMatchObject({ new: 5, resolved: 5, changed: 3, unknown: 1 });
    expect(wholeDrift.counts.stillOpen).toBeGreaterThan(0);
    // The organization trail was judged in the management account and credited in every shard: members without a
    // trail of their own have a working archive path, in each shard.
    const orgOnly = new Set(Array.from({ length: ACCOUNTS / 3 }, (_, k) => generatedAccountId(3 * (k + 1))));
    const archived = merged.coverage.filter((c) => orgOnly.has(c.accountId) && c.paths.archive === "ok");
    expect(new Set(archived.map((c) => shardOf(c.accountId, SHARDS))).size).toBe(SHARDS);
  }, 480_000);
});
