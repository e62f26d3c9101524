/**
 * Golden files for every report writer over one small report (test/support/fixture-report.ts), and each written
 * format validated as its consumers would: SARIF by the SARIF multitool (with GitHub's rules) and the OASIS schema,
 * JUnit by xmllint against a published XSD. `npx vitest run -u test/unit/report-writers.test.ts` rewrites the
 * golden files after an intended change.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type * as Sarif from "sarif";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.ts";
import { writerContext } from "../../src/cli/writer-context.ts";
import { fitMarkdown, renderMarkdown, STEP_SUMMARY_MAX_BYTES } from "../../src/report/markdown.ts";
import { FINGERPRINT_KEY, renderSarif } from "../../src/report/sarif.ts";
import { renderJunit } from "../../src/report/junit.ts";
import { jsonReportChunks } from "../../src/report/json.ts";
import { htmlData, renderHtml, type HtmlData } from "../../src/report/html.ts";
import { fixtureReport } from "../support/fixture-report.ts";
import { junitTextErrors, multitoolValidate, sarifSchemaErrors } from "../support/format-validators.ts";

const CONFIG = "test/fixtures/report-formats/wirewatch.yaml";
const GOLDEN = "../fixtures/report-formats/golden";
const ctx = writerContext(loadConfig(), CONFIG);
const dir = mkdtempSync(join(tmpdir(), "wirewatch-writers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("SARIF writer", () => {
  const text = renderSarif(fixtureReport(), ctx);
  const log = JSON.parse(text) as Sarif.Log;
  const run = log.runs[0]!;

  it("matches its golden file", async () => {
    await expect(text).toMatchFileSnapshot(`${GOLDEN}/report.sarif`);
  });

  it("is valid for the OASIS schema and the SARIF multitool with GitHub's rules", () => {
    expect(sarifSchemaErrors(log)).toEqual([]);
    const file = join(dir, "report.sarif");
    writeFileSync(file, text);
    expect(multitoolValidate(file).errors).toEqual([]);
  });

  it("has one rule per check and one result per open finding, anchored to the config", () => {
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual(fixtureReport().scope.checks);
    const results = run.results ?? [];
    expect(results.map((r) => r.partialFingerprints?.[FINGERPRINT_KEY])).toEqual([
      "cloudtrail.s3-delivery:00000000000000a1",
      "cloudtrail.s3-delivery:00000000000000a3",
      "alarms.root-usage:00000000000000b1",
      "logs.trail-retention:00000000000000c1",
      "logs.trail-retention:00000000000000c2",
    ]);
    for (const r of results) {
      expect(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe(CONFIG);
      expect(r.ruleId && run.tool.driver.rules?.[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
    }
    // Account 111111111111 is listed on line 5, account 222222222222 on line 7.
    expect(results.map((r) => r.locations?.[0]?.physicalLocation?.region?.startLine)).toEqual([
      5, 7, 5, 5, 5,
    ]);
    expect(results[0]?.locations?.[0]?.logicalLocations?.[0]?.name).toBe(
      "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail",
    );
    expect(results[1]?.suppressions?.[0]?.kind).toBe("external");
    expect(results.filter((r) => r.suppressions).length).toBe(1);
    const rule = run.tool.driver.rules?.find((r) => r.id === "cloudtrail.s3-delivery");
    expect(rule?.properties?.["security-severity"]).toBe("8.0");
  });

  it("reports stale suppressions as tool notifications", () => {
    const notes = run.invocations?.[0]?.toolConfigurationNotifications ?? [];
    expect(
      notes.map((n) => [n.descriptor?.id, n.locations?.[0]?.physicalLocation?.region?.startLine]),
    ).toEqual([["suppression-expired", 18]]);
  });

  it("keeps the most urgent results under the cap and says what it left out", () => {
    const capped = JSON.parse(renderSarif(fixtureReport(), ctx, { maxResults: 2 })) as Sarif.Log;
    const r = capped.runs[0]!;
    expect(r.results?.map((x) => x.properties?.findingId)).toEqual([
      "alarms.root-usage:00000000000000b1",
      "cloudtrail.s3-delivery:00000000000000a1",
    ]);
    expect(r.properties).toMatchObject({
      truncated: true,
      truncatedBy: "results",
      resultsWritten: 2,
      resultsOmitted: 3,
      openFindings: 5,
    });
    expect(sarifSchemaErrors(capped)).toEqual([]);
  });
  it("leaves out the least urgent results until the gzip-compressed file fits, and says so", () => {
    const whole = renderSarif(fixtureReport(), ctx);
    // A limit between the compressed size of the log without results and with all of them.
    const none = gzipSync(renderSarif(fixtureReport(), ctx, { maxResults: 0 })).length;
    const all = gzipSync(whole).length;
    const limit = Math.floor((none + all) / 2);
    const text = renderSarif(fixtureReport(), ctx, { maxGzipBytes: limit });
    expect(gzipSync(text).length).toBeLessThanOrEqual(limit);
    const r = (JSON.parse(text) as Sarif.Log).runs[0]!;
    expect(r.properties).toMatchObject({
      truncated: true,
      truncatedBy: "gzipSize",
      openFindings: 5,
      limits: { maxResults: 25_000, maxGzipBytes: limit },
    });
    const written = r.properties?.resultsWritten as number;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(5);
    // The most urgent result stays.
    expect(r.results?.[0]?.properties?.findingId).toBe("alarms.root-usage:00000000000000b1");
    expect(sarifSchemaErrors(JSON.parse(text))).toEqual([]);
  });
});

describe("JSON writer", () => {
  it("writes in pieces exactly what JSON.stringify writes, findings a batch at a time", () => {
    const report = fixtureReport();
    const many = {
      ...report,
      findings: Array.from({ length: 1201 }, (_, i) => ({
        ...report.findings[i % report.findings.length]!,
        id: `x:${i}`,
      })),
    };
    for (const r of [report, many, { ...report, findings: [] }]) {
      expect([...jsonReportChunks(r)].join("")).toBe(JSON.stringify(r, null, 2) + "\n");
    }
    // Three batches of findings, each its own piece, beside the other fields.
    const pieces = [...jsonReportChunks(many)];
    expect(pieces.filter((p) => p.includes('"id": "x:')).length).toBe(3);
  });
});

describe("JUnit writer", () => {
  const xml = renderJunit(fixtureReport());

  it("matches its golden file", async () => {
    await expect(xml).toMatchFileSnapshot(`${GOLDEN}/report.junit.xml`);
  });

  it("validates against the JUnit XSD", () => {
    expect(junitTextErrors(xml)).toEqual([]);
  });

  it("has a suite per check, a unique case per finding and the outcome elements", () => {
    const suites = [
      ...xml.matchAll(
        /<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/g,
      ),
    ].map((m) => m.slice(1).join(" "));
    expect(suites).toEqual([
      "alarms.root-usage 2 0 1 1",
      "cloudtrail.s3-delivery 3 1 0 1",
      "logs.trail-retention 2 2 0 0",
    ]);
    const names = [...xml.matchAll(/<testcase classname="logs.trail-retention" name="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(new Set(names).size).toBe(2);
    expect(xml).toContain('<skipped type="suppressed"');
    expect(xml).toContain('<skipped type="not_applicable"');
  });

  it("escapes markup and drops characters XML cannot carry", () => {
    const report = fixtureReport();
    report.findings[0]!.message = 'a <b> & "c" \u0001 ]]>';
    expect(junitTextErrors(renderJunit(report))).toEqual([]);
  });
});

describe("Markdown writer", () => {
  it("matches its golden file", async () => {
    await expect(renderMarkdown(fixtureReport())).toMatchFileSnapshot(`${GOLDEN}/report.md`);
  });

  it("keeps table cells from breaking out", () => {
    const md = renderMarkdown(fixtureReport());
    const row = md.split("\n").find((l) => l.includes("org-trail last delivered"));
    expect(row).toContain("\\<3 h\\>");
    expect(row?.split(/(?<!\\)\|/).length).toBe(7);
  });

  it("fits the job summary limit, cutting at a line with a note", () => {
    const big = "x".repeat(100) + "\n" + "é".repeat(STEP_SUMMARY_MAX_BYTES);
    const fitted = fitMarkdown(big);
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(STEP_SUMMARY_MAX_BYTES);
    expect(fitted.startsWith("x".repeat(100) + "\n")).toBe(true);
    expect(fitted).toContain("**Truncated**");
    const small = renderMarkdown(fixtureReport());
    expect(fitMarkdown(small)).toBe(small);
  });
});

describe("HTML writer", () => {
  const embedded = (html: string): HtmlData => {
    const m = /<script type="application\/json" id="ww-data">([^<]*)<\/script>/.exec(html);
    return JSON.parse(m?.[1] ?? "null") as HtmlData;
  };

  it("carries the report's open and suppressed findings, coverage and checks as data", () => {
    const report = fixtureReport();
    const data = embedded(renderHtml(report, ctx));
    expect(data).toEqual(htmlData(report, ctx));
    expect(data.findings.map((f) => [f.id, f.suppression?.index ?? null])).toEqual(
      report.findings
        .filter((f) => f.status === "fail" || f.status === "error")
        .map((f) => [f.id, f.suppressed ? (f.suppression?.index ?? null) : null]),
    );
    expect(data.cells).toHaveLength(report.coverage.length);
    expect(data.checks["cloudtrail.s3-delivery"]?.remediations.map((r) => r.id)).toContain(
      "cloudtrail.update-trail",
    );
  });

  it("loads nothing from anywhere: inline style and script, a policy that forbids every fetch", () => {
    const html = renderHtml(fixtureReport(), ctx);
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline';`,
    );
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html).not.toMatch(/<link\b/);
  });

  it("keeps names written by the audited accounts from breaking out of the data", () => {
    const report = fixtureReport();
    report.findings[0]!.resource =
      "arn:aws:cloudtrail:us-east-1:111111111111:trail/</script><script>alert(1)</script>";
    report.findings[0]!.message = "<!-- \u2028 & <b>";
    const html = renderHtml(report, ctx);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(embedded(html).findings[0]?.resource).toBe(report.findings[0]!.resource);
    expect(embedded(html).findings[0]?.message).toBe(report.findings[0]!.message);
  });
});
