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

export function renderJunit(report: ScanReport): string {
  const byCheck = new Map<string, ReportFinding[]>();
  for (const f of report.findings) byCheck.set(f.checkId, [...(byCheck.get(f.checkId) ?? []), f]);
  const suites = [...byCheck.keys()].sort().map((checkId) => {
    const findings = byCheck.get(checkId) ?? [];
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
  });
  const count = (p: (f: ReportFinding) => boolean) => String(report.findings.filter(p).length);
  const doc = {
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    testsuites: {
      "@_name": `wirewatch ${report.scanId}`,
      "@_tests": String(report.findings.length),
      "@_failures": count((f) => f.status === "fail" && !f.suppressed),
      "@_errors": count((f) => f.status === "error" && !f.suppressed),
      "@_time": (report.stats.durationMs / 1000).toFixed(3),
      testsuite: suites,
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    format: true,
    indentBy: "  ",
    suppressEmptyNode: true,
  });
  return builder.build(doc) as string;
}

export const junitWriter: ReportWriter = {
  format: "junit",
  fileName: "wirewatch-report.junit.xml",
  render: (report) => renderJunit(report),
};
