/** The CLI as a user meets it: the demo, explain, bad input, exit codes, saved inventories. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/report/model.ts";
import { runCli } from "../support/cli.ts";
import { bundledScenario, problems, scanE2e, trailOf } from "../support/e2e.ts";
import { reportSchemaErrors } from "../support/report-schema.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "wirewatch-cli-"));

describe("wirewatch demo", () => {
  it("scans the bundled organization and shows every account in the matrix", async () => {
    const r = await runCli(["demo"]);
    expect(r.code).toBe(0);
    for (const id of ["111111111111", "222222222222", "333333333333", "444444444444"])
      expect(r.stdout).toContain(id);
    expect(r.stdout).toContain("cloudtrail.multi-region-logging");
    expect(r.stdout).toContain("org.account-reachable");
    // No progress line or escape codes when the output is not a terminal.
    expect(r.stderr).not.toContain("scanning:");
    expect(r.stdout).not.toContain("\x1b[");
  });
});

describe("wirewatch explain", () => {
  it("prints a check's permissions and remediations", async () => {
    const r = await runCli(["explain", "cloudtrail.multi-region-logging"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("cloudtrail:DescribeTrails");
    expect(r.stdout).toContain("cloudtrail.start-logging");
  });

  it("refuses an unknown check id with exit 3 and suggests the closest", async () => {
    const r = await runCli(["explain", "cloudtrail.multiregion"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('unknown check id "cloudtrail.multiregion"');
    expect(r.stderr).toContain("cloudtrail.multi-region-logging");
  });
});

describe("bad input", () => {
  it.each([
    ["an unknown flag", ["scan", "--frobnicate"]],
    ["an unknown severity", ["scan", "--fail-on", "severe"]],
    ["an unknown format", ["scan", "--format", "xml"]],
    ["an empty format list", ["scan", "--format", ","]],
    ["no command", []],
  ])("%s exits 3", async (_label, args) => {
    const r = await runCli(args);
    expect(r.code).toBe(3);
  });

  it("a malformed config names the file, line and key, and exits 3 before any AWS call", async () => {
    const dir = tmp();
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "roles:\n  audit:\n    name: X\n    durationSeconds: 60\n");
    const r = await runCli(["scan", "--config", file], { AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${file}:4`);
    expect(r.stderr).toContain("roles.audit.durationSeconds");
  });

  it("a garbled saved inventory is could-not-look for its account, naming the file, exit 2", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "scope.json"), JSON.stringify({ accounts: [] }));
    writeFileSync(join(dir, "222222222222.json"), "{ not json");
    const out = tmp();
    const r = await runCli(["scan", "--inventory", dir, "--format", "json", "--output", out]);
    expect(r.code).toBe(2);
    const report = JSON.parse(readFileSync(join(out, "wirewatch-report.json"), "utf8")) as ScanReport;
    expect(report.findings.map((f) => [f.checkId, f.status, f.messageId, f.data.file])).toEqual([
      ["org.account-reachable", "error", "inventoryUnreadable", join(dir, "222222222222.json")],
    ]);
  });
});

describe("saved inventories and exit codes", () => {
  it("re-evaluates a saved inventory offline to the same findings", async () => {
    const s = bundledScenario("healthy");
    trailOf(s, "222222222222").logFileValidation = false;
    const inv = join(tmp(), "inventory");
    const live = await scanE2e(s, { args: ["--save-inventory", inv] });
    expect(live.code).toBe(1);

    const out = tmp();
    // No AWS endpoint or credentials at all: the saved inventory is all it needs.
    const offline = await runCli(["scan", "--inventory", inv, "--format", "json", "--output", out]);
    expect(offline.code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, "wirewatch-report.json"), "utf8")) as ScanReport;
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.scope.source).toBe("inventory");
    expect(problems(report)).toEqual(problems(live.report));
    expect(report.coverage).toEqual(live.report.coverage);
  });

  it("an interrupted or damaged save: missing and truncated files are could-not-look, the rest evaluated", async () => {
    const s = bundledScenario("healthy");
    trailOf(s, "222222222222").logFileValidation = false;
    const inv = join(tmp(), "inventory");
    const live = await scanE2e(s, { args: ["--save-inventory", inv] });
    // The save was cut short: dev's file never written, prod's cut off mid-way.
    rmSync(join(inv, "333333333333.json"));
    const prod = readFileSync(join(inv, "222222222222.json"), "utf8");
    writeFileSync(join(inv, "222222222222.json"), prod.slice(0, Math.floor(prod.length / 2)));

    const out = tmp();
    const offline = await runCli(["scan", "--inventory", inv, "--format", "json", "--output", out]);
    expect(offline.code).toBe(2);
    const report = JSON.parse(readFileSync(join(out, "wirewatch-report.json"), "utf8")) as ScanReport;
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.summary.incomplete).toBe(true);
    const unreadable = report.findings.filter((f) => f.messageId === "inventoryUnreadable");
    expect(unreadable.map((f) => [f.accountId, f.status, f.data.file])).toEqual([
      ["222222222222", "error", join(inv, "222222222222.json")],
      ["333333333333", "error", join(inv, "333333333333.json")],
    ]);
    // The truncated file's error says where the JSON stopped: its end, line 1 of a one-line file.
    expect(unreadable[0]?.data).toMatchObject({ offset: Math.floor(prod.length / 2), line: 1 });
    expect(unreadable[1]?.data).not.toHaveProperty("offset");
    // The intact account is evaluated as it was live.
    const of = (r: ScanReport, id: string) =>
      problems({ ...r, findings: r.findings.filter((f) => f.accountId === id) });
    expect(of(report, "111111111111")).toEqual(of(live.report, "111111111111"));
    expect(report.findings.filter((f) => f.accountId === "111111111111").length).toBeGreaterThan(0);
  });

  it("--fail-on raises the bar for exit code 1", async () => {
    const s = bundledScenario("healthy");
    trailOf(s, "222222222222").logFileValidation = false; // a medium-severity gap
    const strict = await scanE2e(s, { args: ["--fail-on", "medium"] });
    expect(strict.code).toBe(1);
    const lenient = await scanE2e(s, { args: ["--fail-on", "high"] });
    expect(lenient.code).toBe(0);
    expect(lenient.report.summary.failuresBySeverity.medium).toBe(1);
  });
});
