/**
 * A sharded scan equals an unsharded one: a generated 200-account organization (one organization trail in the
 * management account that a third of the members rely on, gaps in others) is scanned once; then, with the
 * organization changed (gaps fixed, others opened, two accounts' CloudTrail unreadable), it is scanned whole and as
 * 4 shards merged by `wirewatch merge`, both against the first scan's report (`--baseline`): the merged report's
 * findings, coverage, summary and drift are the unsharded scan's. (The store's drift is the same computation over
 * the same report; test/integration/cli/merge.test.ts records merges in a store.)
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
import type { ScanReport } from "../../../src/report/model.ts";
import { shardOf } from "../../../src/scan/shard.ts";
import { runMain, simEnv } from "../../support/main.ts";
import { readValidReport } from "../../support/report-schema.ts";

const ACCOUNTS = 200;
const SHARDS = 4;
const MGMT = generatedAccountId(0);

/** The generated organization with the management account's trail made an organization trail. */
function organization(seed: number): ScenarioInput {
  const s = generateOrganization({ accounts: ACCOUNTS, regions: 2, brokenFraction: 0.3, seed });
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
  // A gap both scans find, still open in the second.
  const stopped = s.accounts[2]!.trails![0] as { logging?: boolean };
  stopped.logging = false;
  return s;
}

interface Round {
  whole: ScanReport;
  merged?: ScanReport;
  shards: ScanReport[];
  codes: { whole: number; merge?: number };
}

/** Scans the organization whole and, with `baseline`, also as 4 shards merged, each against that report. */
async function round(
  scenario: ScenarioInput,
  faults: FaultRule[],
  dir: string,
  n: number,
  baseline?: string,
): Promise<Round> {
  const sim = await startSimulator({ scenario: parseScenario(scenario), rateLimits: false, faults });
  try {
    const env = simEnv(sim);
    const shardConfig = join(dir, "wirewatch.yaml");
    writeFileSync(shardConfig, stringify({ aws: { maxAttempts: 8 }, state: { enabled: false } }));
    const against = baseline ? ["--baseline", baseline] : [];
    const wholeOut = join(dir, `whole-${n}`);
    const whole = await runMain(
      ["scan", "--config", shardConfig, "--format", "json", "--output", wholeOut, ...against],
      env,
    );
    const sharded = baseline !== undefined;
    if (!sharded)
      return { whole: readValidReport(wholeOut, whole), shards: [], codes: { whole: whole.code } };
    const shardOut = join(dir, `shards-${n}`);
    const shardRuns = await Promise.all(
      Array.from({ length: SHARDS }, (_, i) =>
        runMain(
          [
            "scan",
            "--config",
            shardConfig,
            "--shard",
            `SHARD_INDEX/${SHARDS}`,
            "--format",
            "json",
            "--output",
            shardOut,
          ],
          { ...env, SHARD_INDEX: String(i), WIREWATCH_RUN_ID: `round-${n}` },
        ),
      ),
    );
    for (const r of shardRuns) expect([0, 1, 2], r.stderr).toContain(r.code);
    const files = readdirSync(shardOut).sort();
    expect(files).toEqual(
      Array.from({ length: SHARDS }, (_, i) => `wirewatch-report.shard-${i}-of-${SHARDS}.json`),
    );
    const shards = files.map((f) => readValidReport(shardOut, { code: 0, stdout: "", stderr: "" }, f));
    const mergedOut = join(dir, `merged-${n}`);
    const merge = await runMain(
      ["merge", shardOut, "--config", shardConfig, "--format", "json", "--output", mergedOut, ...against],
      env,
    );
    return {
      whole: readValidReport(wholeOut, whole),
      merged: readValidReport(mergedOut, merge),
      shards,
      codes: { whole: whole.code, merge: merge.code },
    };
  } finally {
    await sim.close();
  }
}

const findingsOf = (r: ScanReport) =>
  r.findings.map((f) => `${f.id} ${f.status} ${f.severity} ${f.messageId}`);
const driftOf = (r: ScanReport) => {
  const d = r.drift!;
  return {
    counts: d.counts,
    new: d.new.map((x) => `${x.id} ${x.status}`),
    resolved: d.resolved.map((x) => x.id),
    changed: d.changed.map((x) => `${x.id} ${x.changes.map((c) => c.field).join(",")}`),
    unknown: d.unknown.map((x) => `${x.id} ${x.reason}`),
    stillOpen: d.stillOpen.map((x) => x.id),
  };
};

describe("scan --shard I/N and merge", () => {
  it("4 shards of a 200-account organization merge into the unsharded scan's findings, coverage and drift", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wirewatch-shards-"));
    await round(organization(7), [], dir, 1);
    // Between the scans: another seed breaks other accounts (and fixes the first ones); two accounts' CloudTrail
    // cannot be read (unknown, never resolved), one of them the management account.
    const unreadable = [MGMT, generatedAccountId(5)];
    const faults: FaultRule[] = unreadable.map((account) => ({
      action: "cloudtrail:*",
      account,
      error: "AccessDenied",
    }));
    const second = await round(
      organization(8),
      faults,
      dir,
      2,
      join(dir, "whole-1", "wirewatch-report.json"),
    );

    for (const r of [second]) {
      // Each shard scanned its slice only, says so, and the slices partition the organization.
      const scanned = r.shards.flatMap((s) => s.scope.accounts.filter((a) => a.scanned).map((a) => a.id));
      expect(scanned.sort()).toEqual(r.whole.scope.accounts.filter((a) => a.scanned).map((a) => a.id));
      r.shards.forEach((s, i) => {
        expect(s.shard).toMatchObject({ index: i, count: SHARDS, runId: expect.stringMatching(/^round-/) });
        for (const f of s.findings) expect(shardOf(f.accountId, SHARDS)).toBe(i);
        expect(s.drift).toBeNull();
      });
      expect(r.shards.filter((s) => s.findings.some((f) => f.accountId === MGMT))).toHaveLength(1);
      const merged = r.merged!;
      expect(merged.shard).toBeUndefined();
      expect(findingsOf(merged)).toEqual(findingsOf(r.whole));
      expect(merged.coverage).toEqual(r.whole.coverage);
      expect(merged.summary).toEqual(r.whole.summary);
      expect(merged.scope).toEqual(r.whole.scope);
      expect(driftOf(merged)).toEqual(driftOf(r.whole));
      expect(r.codes.merge).toBe(r.codes.whole);
    }
    // The organization trail was judged and credited in every shard: members without a trail of their own are
    // not blind on the archive path for want of it.
    const orgOnly = generatedAccountId(3);
    expect(
      second.whole.coverage.filter((c) => c.accountId === orgOnly).map((c) => c.paths.archive),
    ).not.toContain("unknown");
    // The second round's drift has every kind, so its equality above means something.
    const d = second.whole.drift!.counts;
    expect(d.new).toBeGreaterThan(0);
    expect(d.resolved).toBeGreaterThan(0);
    expect(d.unknown).toBeGreaterThan(0);
    expect(d.stillOpen).toBeGreaterThan(0);
    expect(second.codes.whole).toBe(2);
  }, 240_000);
});
