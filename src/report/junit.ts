/**
 * JUnit XML for GitLab, Jenkins and other CI test reports: a testsuite per check, a testcase per account, region
 * and resource (classname the check id), <failure> for fail, <error> for could-not-look, <skipped> for suppressed
 * and not applicable. GitLab reads it as a unit test report
 * (https://docs.gitlab.com/ci/testing/unit_test_reports/); the shape follows the JUnit schema Jenkins uses.
 */
import { XMLBuilder } from "fast-xml-parser";
import type { ReportFinding, ScanReport } from "./model.ts";
import type { ReportWriter } from "./writer.ts";

/** XML 1.0 forbids most control characters even escaped; AWS strings could carry them. */
// eslint-disable-next-line no-control-regex
const xmlText = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "\uFFFD");

function testcase(f: ReportFinding, name: string): Record<string, unknown> {
  const tc: Record<string, unknown> = { "@_classname": f.checkId, "@_name": xmlText(name), "@_time": "0" };
  const detail = xmlText(
    [
      f.message,
      `finding ${f.id}`,
      `account ${f.accountId}, region ${f.region}, resource ${f.resource}`,
      `severity ${f.severity}, message ${f.messageId}`,
    ].join("\n"),
  );
  if (f.suppressed) {
    const s = f.suppression;
    tc.skipped = {
      "@_type": "suppressed",
      "@_message": xmlText(
        s ? `suppressed: ${s.reason} (owner ${s.owner}, expires ${s.expires})` : "suppressed",
      ),
      "#text": detail,
    };
  } else if (f.status === "fail") {
    tc.failure = { "@_type": f.messageId, "@_message": xmlText(f.message), "#text": detail };
  } else if (f.status === "error") {
    tc.error = { "@_type": f.messageId, "@_message": xmlText(f.message), "#text": detail };
  } else if (f.status === "not_applicable") {
    tc.skipped = { "@_type": "not_applicable", "@_message": xmlText(f.message) };
  }
  return tc;
}

function suiteOf(checkId: string, findings: ReportFinding[], report: ScanReport): Record<string, unknown> {
  const seen = new Set<string>();
  const cases = findings.map((f) => {
    // Unique within the check: one check may report one resource twice (two message ids).
    let name = `${f.accountId} ${f.region} ${f.resource}`;
    if (seen.has(name)) name = `${name} ${f.messageId} ${f.id}`;
    seen.add(name);
    return testcase(f, name);
  });
  const n = (p: (f: ReportFinding) => boolean) => String(findings.filter(p).length);
  return {
    "@_name": checkId,
    "@_tests": String(findings.length),
    "@_failures": n((f) => f.status === "fail" && !f.suppressed),
    "@_errors": n((f) => f.status === "error" && !f.suppressed),
    "@_skipped": n((f) => f.suppressed || f.status === "not_applicable"),
    "@_time": "0",
    "@_timestamp": report.startedAt,
    testcase: cases,
  };
}

const attr = (s: string) =>
  xmlText(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The document one testsuite at a time, so a large organization's report (a case for every finding) is never one
 * string; each suite's cases are built only when it is written.
 */
export function* junitChunks(report: ScanReport): Generator<string> {
  const byCheck = new Map<string, ReportFinding[]>();
  for (const f of report.findings) {
    const list = byCheck.get(f.checkId);
    if (list) list.push(f);
    else byCheck.set(f.checkId, [f]);
  }
  const count = (p: (f: ReportFinding) => boolean) => report.findings.filter(p).length;
  yield (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="${attr(`wirewatch ${report.scanId}`)}" tests="${report.findings.length}"` +
    ` failures="${count((f) => f.status === "fail" && !f.suppressed)}"` +
    ` errors="${count((f) => f.status === "error" && !f.suppressed)}"` +
    ` time="${(report.stats.durationMs / 1000).toFixed(3)}">\n`
  );
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    format: true,
    indentBy: "  ",
    suppressEmptyNode: true,
  });
  for (const checkId of [...byCheck.keys()].sort()) {
    yield builder.build({ testsuite: suiteOf(checkId, byCheck.get(checkId) ?? [], report) }) as string;
  }
  yield "</testsuites>\n";
}

export function renderJunit(report: ScanReport): string {
  return [...junitChunks(report)].join("");
}

export const junitWriter: ReportWriter = {
  format: "junit",
  fileName: "wirewatch-report.junit.xml",
  render: (report) => renderJunit(report),
  chunks: (report) => junitChunks(report),
};
