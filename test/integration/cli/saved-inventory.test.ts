/** Saved inventories and exit codes through the CLI's main, in-process, against an in-process simulator. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ScanReport } from "../../../src/report/model.ts";
import { bundledScenario, problems, scanE2e, trailOf } from "../../support/e2e.ts";
import { runMain } from "../../support/main.ts";
import { reportSchemaErrors } from "../../support/report-schema.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "wirewatch-cli-"));

describe("saved inventories and exit codes", () => {
  it("re-evaluates a saved inventory offline to the same findings", async () => {
    const s = bundledScenario("healthy");
    trailOf(s, "222222222222").logFileValidation = false;
    const inv = join(tmp(), "inventory");
    const live = await scanE2e(s, { args: ["--save-inventory", inv] });
    expect(live.code).toBe(1);

    const out = tmp();
    // No AWS endpoint or credentials at all: the saved inventory is all it needs.
    const offline = await runMain(["scan", "--inventory", inv, "--format", "json", "--output", out]);
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
    const offline = await runMain(["scan", "--inventory", inv, "--format", "json", "--output", out]);
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
