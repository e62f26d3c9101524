/**
 * End to end at the size of a large organization: the built CLI scans a generated 1,000-account organization (one
 * region, so the test stays quick; the report's size is in its accounts and findings) and writes every report
 * format at once. Each is validated as its consumer would (the JSON report by its schema, SARIF by the OASIS schema
 * and the SARIF multitool with GitHub's rules and GitHub's size limits, JUnit by xmllint against the XSD, Markdown
 * against the job summary's 1 MiB limit, the HTML in Chromium, ASFF by importing it into the simulator's Security
 * Hub), and every format accounts for the same findings.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type * as Sarif from "sarif";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrganization } from "../../sim/generate.ts";
import { ASFF_REQUIRED } from "../../sim/services/securityhub.ts";
import { PATHS } from "../../src/engine/coverage.ts";
import { STEP_SUMMARY_MAX_BYTES } from "../../src/report/markdown.ts";
import type { ScanReport } from "../../src/report/model.ts";
import { FINGERPRINT_KEY, SARIF_MAX_GZIP_BYTES } from "../../src/report/sarif.ts";
import { launchChromium } from "../support/chromium.ts";
import { runCli, type CliResult } from "../support/cli.ts";
import type { MutableScenario } from "../support/e2e.ts";
import { junitXsdErrors, multitoolValidate, sarifSchemaErrors } from "../support/format-validators.ts";
import { liveSimulator, type LiveSim } from "../support/live-sim.ts";
import { readValidReport } from "../support/report-schema.ts";

const ACCOUNTS = 1000;

let live: LiveSim;
let scan: CliResult;
let report: ScanReport;
const out = () => join(live.dir, "reports");
const file = (name: string) => join(out(), name);
const open = () => report.findings.filter((f) => f.status === "fail" || f.status === "error");

beforeAll(async () => {
  const scenario = generateOrganization({ accounts: ACCOUNTS, regions: 1, seed: 7 }) as MutableScenario;
  // As wide as the machine allows: the test is about the reports, not about pacing one account's calls.
  live = await liveSimulator(scenario, { aws: { maxAttempts: 8, accountConcurrency: 96 } });
  scan = await runCli(
    [
      "scan",
      "--config",
      "wirewatch.yaml",
      "--format",
      "json,sarif,junit,markdown,html,asff",
      "--output",
      "reports",
    ],
    { ...live.env, GITHUB_STEP_SUMMARY: join(live.dir, "step-summary.md") },
    live.dir,
  );
  report = readValidReport(out(), scan);
}, 600_000);

afterAll(async () => {
  await live?.close();
});

describe(`every format from a generated ${ACCOUNTS}-account organization`, () => {
  it("scans every account: the JSON report validates and has a coverage row per account", () => {
    // The generator gives some accounts an SCP that blocks the region: could-not-look makes the scan incomplete.
    expect(scan.code).toBe(2);
    expect(report.scope.accounts.length).toBe(ACCOUNTS);
    expect(new Set(report.coverage.map((c) => c.accountId)).size).toBe(ACCOUNTS);
    expect(report.summary.findings.fail).toBeGreaterThan(100);
  });

  it("writes SARIF that the schema and the multitool accept, within GitHub's limits, one result per open finding", () => {
    const text = readFileSync(file("wirewatch-report.sarif"), "utf8");
    const log = JSON.parse(text) as Sarif.Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(multitoolValidate(file("wirewatch-report.sarif")).errors).toEqual([]);
    expect(gzipSync(text).length).toBeLessThanOrEqual(SARIF_MAX_GZIP_BYTES);
    const run = log.runs[0]!;
    expect(run.properties).toMatchObject({ truncated: false, openFindings: open().length });
    expect(run.results?.map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]).sort()).toEqual(
      open()
        .map((f) => f.id)
        .sort(),
    );
  });

  it("writes JUnit XML that the XSD accepts, a unique case per finding and the same failures and errors", () => {
    expect(junitXsdErrors(file("wirewatch-report.junit.xml"))).toEqual([]);
    const xml = readFileSync(file("wirewatch-report.junit.xml"), "utf8");
    const cases = [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(cases.length).toBe(report.findings.length);
    expect(new Set(cases).size).toBe(cases.length);
    expect([(xml.match(/<failure /g) ?? []).length, (xml.match(/<error /g) ?? []).length]).toEqual([
      report.summary.findings.fail,
      report.summary.findings.error,
    ]);
  });

  it("writes Markdown and the job summary within the 1 MiB limit", () => {
    const md = readFileSync(file("wirewatch-report.md"));
    expect(md.length).toBeLessThanOrEqual(STEP_SUMMARY_MAX_BYTES);
    const summary = readFileSync(join(live.dir, "step-summary.md"));
    expect(summary.length).toBeLessThanOrEqual(STEP_SUMMARY_MAX_BYTES);
    // Each account-region the table shows has a blind or unknown path in the JSON report.
    const troubled = new Set(
      report.coverage
        .filter((c) => PATHS.some((p) => c.paths[p] === "blind" || c.paths[p] === "unknown"))
        .map((c) => `${c.accountId} ${c.region === "*" ? "all" : c.region}`),
    );
    const shown = [...md.toString().matchAll(/^\| `(\d{12})` \| `?([a-z0-9-]+)`? \|/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(shown.length).toBe(Math.min(troubled.size, 200));
    for (const cell of shown) expect(troubled.has(cell), cell).toBe(true);
  });

  it("writes ASFF with every required attribute, which the simulator's Security Hub imports", async () => {
    const asff = JSON.parse(readFileSync(file("wirewatch-report.asff.json"), "utf8")) as Array<
      Record<string, unknown>
    >;
    expect(asff.map((f) => f.Id).sort()).toEqual(
      open()
        .map((f) => f.id)
        .sort(),
    );
    for (const f of asff) for (const k of ASFF_REQUIRED) expect(f, k).toHaveProperty(k);
    const exported = await runCli(
      [
        "export",
        "securityhub",
        "--config",
        "wirewatch.yaml",
        "--report",
        file("wirewatch-report.json"),
        "--format",
        "json",
      ],
      live.env,
      live.dir,
    );
    const result = JSON.parse(exported.stdout) as {
      accounts: Array<{ accountId: string; imported: number; error: { code: string } | null }>;
      totals: { findings: number; imported: number; failed: number; accountsFailed: number };
    };
    // Accounts whose SCP denies everything could not be read, and cannot take their findings either: exactly
    // those fail, and the export says it is incomplete.
    const unreadable = [
      ...new Set(
        open()
          .filter((f) => f.status === "error")
          .map((f) => f.accountId),
      ),
    ].sort();
    expect(unreadable.length).toBeGreaterThan(0);
    const refused = result.accounts.filter((a) => a.error !== null);
    expect(refused.map((a) => a.accountId).sort()).toEqual(unreadable);
    expect(new Set(refused.map((a) => a.error?.code))).toEqual(new Set(["AccessDeniedException"]));
    const kept = asff.filter((f) => !unreadable.includes(f.AwsAccountId as string)).length;
    expect({ code: exported.code, ...result.totals }).toEqual({
      code: 2,
      findings: asff.length,
      imported: kept,
      failed: 0,
      accountsFailed: unreadable.length,
    });
  });

  it("draws the matrix of every account and counts every open finding in Chromium, without a script error", async () => {
    const html = file("wirewatch-report.html");
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(pathToFileURL(html).href);
      await page.waitForSelector("body[data-ready=true]", { timeout: 120_000 });
      expect(errors).toEqual([]);
      // At this size the matrix opens on the accounts with a gap; one click shows all of them.
      const troubled = new Set(
        report.coverage
          .filter((c) => PATHS.some((p) => c.paths[p] === "blind" || c.paths[p] === "unknown"))
          .map((c) => c.accountId),
      );
      expect(await page.getAttribute("#matrix", "data-rows")).toBe(String(troubled.size));
      await page.uncheck("#only-gaps");
      expect(await page.getAttribute("#matrix", "data-rows")).toBe(String(ACCOUNTS));
      expect(await page.locator("#matrix tbody tr").count()).toBe(ACCOUNTS);
      expect(await page.getAttribute("#findings-count", "data-matching")).toBe(String(open().length));
      expect(statSync(html).size).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });
});
