/** A small report with one finding of every kind the writers render differently, for golden-file tests. */
import { REPORT_VERSION, type ReportFinding, type ScanReport } from "../../src/report/model.ts";

const AT = "2026-01-15T10:00:00.000Z";

function finding(
  over: Partial<ReportFinding> & Pick<ReportFinding, "id" | "checkId" | "status">,
): ReportFinding {
  const open = over.status === "fail" || over.status === "error";
  return {
    severity: "high",
    accountId: "111111111111",
    region: "us-east-1",
    resource: "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail",
    messageId: "ok",
    message: "fine",
    data: {},
    evidence: {},
    remediationId: null,
    suppressed: false,
    firstSeen: open ? AT : null,
    lastSeen: open ? AT : null,
    ...over,
  };
}

export function fixtureReport(): ScanReport {
  const findings: ReportFinding[] = [
    finding({
      id: "cloudtrail.s3-delivery:00000000000000a1",
      checkId: "cloudtrail.s3-delivery",
      status: "fail",
      severity: "high",
      messageId: "stale",
      message: "Trail org-trail last delivered to S3 <3 h> ago | beyond 120 min",
      remediationId: "cloudtrail.start-logging",
    }),
    finding({
      id: "cloudtrail.s3-delivery:00000000000000a2",
      checkId: "cloudtrail.s3-delivery",
      status: "pass",
      accountId: "222222222222",
      resource: "arn:aws:cloudtrail:us-east-1:222222222222:trail/org-trail",
    }),
    finding({
      id: "cloudtrail.s3-delivery:00000000000000a3",
      checkId: "cloudtrail.s3-delivery",
      status: "fail",
      severity: "high",
      accountId: "222222222222",
      region: "eu-west-1",
      resource: "arn:aws:cloudtrail:eu-west-1:222222222222:trail/sandbox",
      messageId: "stale",
      message: "Trail sandbox last delivered to S3 5 h ago",
      suppressed: true,
      suppression: {
        index: 0,
        reason: "sandbox trail retired in Q1",
        owner: "platform-team",
        expires: "2026-02-01",
        ticket: "SEC-42",
      },
    }),
    finding({
      id: "alarms.root-usage:00000000000000b1",
      checkId: "alarms.root-usage",
      status: "error",
      severity: "medium",
      region: "global",
      resource: "111111111111",
      messageId: "unreadable",
      message: "Could not read metric filters: AccessDenied",
    }),
    finding({
      id: "alarms.root-usage:00000000000000b2",
      checkId: "alarms.root-usage",
      status: "not_applicable",
      severity: "medium",
      accountId: "222222222222",
      region: "global",
      resource: "222222222222",
      messageId: "noTrail",
      message: "No trail delivers to CloudWatch Logs",
    }),
    finding({
      id: "logs.trail-retention:00000000000000c1",
      checkId: "logs.trail-retention",
      status: "fail",
      severity: "low",
      resource: "aws-cloudtrail-logs",
      messageId: "short",
      message: "Log group keeps events 30 days",
    }),
    finding({
      id: "logs.trail-retention:00000000000000c2",
      checkId: "logs.trail-retention",
      status: "fail",
      severity: "low",
      resource: "aws-cloudtrail-logs",
      messageId: "never",
      message: "Second message about the same log group",
    }),
  ];
  const failing = findings.filter((f) => f.status === "fail" && !f.suppressed);
  return {
    version: REPORT_VERSION,
    scanId: "00000000-0000-4000-8000-000000000001",
    startedAt: AT,
    finishedAt: "2026-01-15T10:00:02.500Z",
    tool: { name: "wirewatch", version: "0.1.0" },
    scope: {
      organizationId: "o-example",
      managementAccountId: "111111111111",
      accounts: [
        { id: "111111111111", name: "management", state: "ACTIVE", scanned: true, skipReason: null },
        { id: "222222222222", name: "sandbox", state: "ACTIVE", scanned: true, skipReason: null },
      ],
      regions: ["eu-west-1", "us-east-1"],
      checks: ["alarms.root-usage", "cloudtrail.s3-delivery", "logs.trail-retention"],
      source: "aws",
    },
    summary: {
      accounts: { total: 2, scanned: 2, unreachable: 0 },
      findings: { pass: 1, fail: failing.length, error: 1, not_applicable: 1, suppressed: 1 },
      failuresBySeverity: {
        critical: 0,
        high: failing.filter((f) => f.severity === "high").length,
        medium: 0,
        low: failing.filter((f) => f.severity === "low").length,
        info: 0,
      },
      incomplete: true,
      blindCells: 1,
    },
    coverage: [
      {
        accountId: "111111111111",
        region: "us-east-1",
        paths: { archive: "blind", log: "ok", alarm: "unknown", fast: "unchecked" },
        latency: "minutes",
      },
      {
        accountId: "222222222222",
        region: "eu-west-1",
        paths: { archive: "ok", log: "ok", alarm: "ok", fast: "unchecked" },
        latency: "minutes",
      },
    ],
    findings,
    suppressions: [
      {
        index: 0,
        reason: "sandbox trail retired in Q1",
        owner: "platform-team",
        expires: "2026-02-01",
        ticket: "SEC-42",
        match: { checkId: "cloudtrail.s3-delivery", accountId: "222222222222" },
        line: 12,
        state: "active",
        matched: 1,
        findingIds: ["cloudtrail.s3-delivery:00000000000000a3"],
      },
      {
        index: 1,
        reason: "old exception",
        owner: "sec",
        expires: "2026-01-01",
        match: { resource: "arn:aws:logs:*:333333333333:*" },
        line: 18,
        state: "expired",
        matched: 0,
        findingIds: [],
      },
    ],
    drift: {
      baseline: {
        scanId: "00000000-0000-4000-8000-000000000000",
        startedAt: "2026-01-14T10:00:00.000Z",
        source: "report",
      },
      counts: { new: 1, resolved: 1, changed: 0, unknown: 0, stillOpen: 2 },
      new: [
        {
          id: "logs.trail-retention:00000000000000c1",
          checkId: "logs.trail-retention",
          accountId: "111111111111",
          region: "us-east-1",
          resource: "aws-cloudtrail-logs",
          messageId: "short",
          severity: "low",
          status: "fail",
        },
      ],
      resolved: [
        {
          id: "cloudtrail.s3-delivery:00000000000000a2",
          checkId: "cloudtrail.s3-delivery",
          accountId: "222222222222",
          region: "us-east-1",
          resource: "arn:aws:cloudtrail:us-east-1:222222222222:trail/org-trail",
          messageId: "stale",
          severity: "high",
          status: "fail",
          firstSeen: "2026-01-10T10:00:00.000Z",
        },
      ],
      changed: [],
      unknown: [],
      stillOpen: [
        { id: "cloudtrail.s3-delivery:00000000000000a1", firstSeen: AT, openSeconds: 0 },
        { id: "alarms.root-usage:00000000000000b1", firstSeen: AT, openSeconds: 0 },
      ],
    },
    stats: { durationMs: 2500, apiCalls: {}, totals: { calls: 0, throttles: 0, retries: 0, errors: 0 } },
  };
}
