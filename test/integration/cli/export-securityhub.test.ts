/**
 * `wirewatch export securityhub` against the simulator through the real SDK: the demo organization is scanned, its
 * report imported (each account's findings by that account, through the remediation role), a gap is then fixed and
 * the organization scanned again with the first report as baseline, and the second import archives what resolved.
 * Security Hub's own view (GetFindings, as each member account) is what the test asserts on.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StartLoggingCommand, CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseScenario } from "../../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../../sim/server.ts";
import type { ScanReport } from "../../../src/report/model.ts";
import { bundledScenario } from "../../support/e2e.ts";
import { runMain, simEnv } from "../../support/main.ts";
import { readValidReport } from "../../support/report-schema.ts";
import { assumeRole, clientConfig, REMEDIATION_ROLE } from "../../support/sim.ts";

let sim: Simulator;
let dir: string;
let config: string;
let first: ScanReport;
let second: ScanReport;
const exports: Array<{ code: number; result: ExportJson }> = [];

interface ExportJson {
  accounts: Array<{
    accountId: string;
    active: number;
    archived: number;
    imported: number;
    failed: unknown[];
    error: { code: string } | null;
  }>;
  totals: { findings: number; imported: number; failed: number; accountsFailed: number };
}

async function scan(out: string, args: string[] = []): Promise<ScanReport> {
  const r = await runMain(
    ["scan", "--config", config, "--format", "json,asff", "--output", join(dir, out), ...args],
    simEnv(sim),
  );
  expect(r.code).toBe(2);
  return readValidReport(join(dir, out), r);
}

async function exportReport(out: string) {
  const r = await runMain(
    [
      "export",
      "securityhub",
      "--config",
      config,
      "--report",
      join(dir, out, "wirewatch-report.json"),
      "--format",
      "json",
    ],
    simEnv(sim),
  );
  exports.push({ code: r.code, result: JSON.parse(r.stdout) as ExportJson });
}

async function hubFindings(accountId: string): Promise<AwsSecurityFinding[]> {
  const client = new SecurityHubClient(clientConfig(sim, await assumeRole(sim, accountId, REMEDIATION_ROLE)));
  const all: AwsSecurityFinding[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new GetFindingsCommand({ NextToken: token, MaxResults: 100 }));
    all.push(...(page.Findings ?? []));
    token = page.NextToken;
  } while (token);
  return all;
}

beforeAll(async () => {
  sim = await startSimulator({
    scenario: parseScenario(bundledScenario("demo")),
    rateLimits: true,
    latencyMs: 0,
  });
  dir = mkdtempSync(join(tmpdir(), "wirewatch-export-"));
  config = join(dir, "wirewatch.yaml");
  writeFileSync(config, stringify({ aws: { maxAttempts: 8 }, state: { enabled: false } }));
  first = await scan("first");
  await exportReport("first");
  // An operator starts the stopped dev-audit trail: its multi-region findings resolve.
  const ct = new CloudTrailClient(clientConfig(sim, await assumeRole(sim, "333333333333", REMEDIATION_ROLE)));
  await ct.send(new StartLoggingCommand({ Name: "dev-audit" }));
  second = await scan("second", ["--baseline", join(dir, "first", "wirewatch-report.json")]);
  await exportReport("second");
});
afterAll(async () => {
  await sim?.close();
});

describe("wirewatch export securityhub", () => {
  it("imports each account's open findings as that account", () => {
    const [{ code, result }] = exports as [(typeof exports)[number]];
    const open = first.findings.filter((f) => f.status === "fail" || f.status === "error");
    const perAccount = (id: string) => open.filter((f) => f.accountId === id).length;
    // The sandbox's audit role cannot be assumed, but its remediation role can: its one finding is imported too.
    expect(code).toBe(0);
    expect(result.accounts.map((a) => [a.accountId, a.active, a.imported, a.error?.code ?? null])).toEqual(
      ["111111111111", "222222222222", "333333333333", "444444444444"].map((id) => [
        id,
        perAccount(id),
        perAccount(id),
        null,
      ]),
    );
    expect(result.totals.failed).toBe(0);
  });

  it("leaves Security Hub holding each finding under its wirewatch id, in the account that owns it", async () => {
    for (const id of ["111111111111", "222222222222"]) {
      const held = await hubFindings(id);
      const open = second.findings.filter(
        (f) => f.accountId === id && (f.status === "fail" || f.status === "error"),
      );
      expect(held.map((f) => f.Id).sort()).toEqual(open.map((f) => f.id).sort());
      expect(held.every((f) => f.AwsAccountId === id && f.RecordState === "ACTIVE")).toBe(true);
    }
  });

  it("archives what resolved since the baseline, keeping when Security Hub first saw it", async () => {
    const resolved = second.drift?.resolved ?? [];
    expect(resolved.map((r) => `${r.checkId} ${r.accountId} ${r.region}`)).toEqual(
      expect.arrayContaining([
        "cloudtrail.multi-region-logging 333333333333 ap-southeast-2",
        "cloudtrail.multi-region-logging 333333333333 eu-west-1",
      ]),
    );
    const { result } = exports[1]!;
    expect(result.accounts.find((a) => a.accountId === "333333333333")?.archived).toBe(resolved.length);
    const held = await hubFindings("333333333333");
    const archived = held.filter((f) => f.RecordState === "ARCHIVED");
    expect(archived.map((f) => f.Id).sort()).toEqual(resolved.map((r) => r.id).sort());
    for (const f of archived) {
      expect(f.Compliance?.Status).toBe("PASSED");
      expect(f.CreatedAt).toBe(first.findings.find((x) => x.id === f.Id)?.firstSeen);
    }
    const active = held
      .filter((f) => f.RecordState === "ACTIVE")
      .map((f) => f.Id)
      .sort();
    expect(active).toEqual(
      second.findings
        .filter((f) => f.accountId === "333333333333" && (f.status === "fail" || f.status === "error"))
        .map((f) => f.id)
        .sort(),
    );
  });

  it("writes the same findings to --format asff that it imports", async () => {
    const { readFileSync } = await import("node:fs");
    const file = JSON.parse(
      readFileSync(join(dir, "second", "wirewatch-report.asff.json"), "utf8"),
    ) as Array<{ Id: string; RecordState: string }>;
    const { result } = exports[1]!;
    expect(file.length).toBe(result.totals.findings);
    expect(file.filter((f) => f.RecordState === "ARCHIVED")).toHaveLength(
      second.drift?.resolved.length ?? -1,
    );
  });

  it("refuses an unknown target before any call", async () => {
    const r = await runMain(["export", "splunk", "--config", config], simEnv(sim));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('unknown export target "splunk"');
  });
});
