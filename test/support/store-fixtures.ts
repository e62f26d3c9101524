/** Findings and reports small enough to reason about, for the store's tests. */
import { randomUUID } from "node:crypto";
import { findingId } from "../../src/report/finding-id.ts";
import { REPORT_VERSION, type ReportFinding, type ScanReport } from "../../src/report/model.ts";
import { withDrift } from "../../src/drift/compute.ts";

export function finding(
  checkId: string,
  status: ReportFinding["status"],
  accountId = "222222222222",
): ReportFinding {
  const f = { checkId, accountId, region: "us-east-1", resource: `r-${checkId}` };
  return {
    ...f,
    id: findingId(f),
    status,
    severity: "high",
    messageId: status,
    message: "m",
    data: {},
    evidence: { logging: status !== "fail" },
    remediationId: null,
    suppressed: false,
    firstSeen: null,
    lastSeen: null,
  };
}

export function report(at: string, findings: ReportFinding[]): ScanReport {
  return withDrift(
    {
      version: REPORT_VERSION,
      scanId: `scan-${at}-${randomUUID()}`,
      startedAt: at,
      finishedAt: at,
      tool: { name: "wirewatch", version: "test" },
      scope: {
        organizationId: null,
        managementAccountId: null,
        accounts: [{ id: "222222222222", name: null, state: "ACTIVE", scanned: true, skipReason: null }],
        regions: ["us-east-1"],
        checks: ["c.one", "c.two"],
        source: "aws",
      },
      summary: {
        accounts: { total: 1, scanned: 1, unreachable: 0 },
        findings: { pass: 0, fail: 0, error: 0, not_applicable: 0, suppressed: 0 },
        failuresBySeverity: { info: 0, low: 0, medium: 0, high: 0, critical: 0 },
        incomplete: false,
        blindCells: 0,
      },
      coverage: [
        {
          accountId: "222222222222",
          region: "us-east-1",
          paths: {
            archive: findings.some((f) => f.status === "fail") ? "blind" : "ok",
            log: "ok",
            alarm: "ok",
            fast: "ok",
          },
          latency: "seconds",
        },
      ],
      findings,
      drift: null,
      stats: { durationMs: 0, apiCalls: {}, totals: { calls: 0, throttles: 0, retries: 0, errors: 0 } },
    },
    null,
  );
}
