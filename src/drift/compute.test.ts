import { describe, expect, it } from "vitest";
import { findingId } from "../report/finding-id.ts";
import { REPORT_VERSION, type ReportFinding, type ScanReport } from "../report/model.ts";
import { computeDrift, factsOf, priorFromReport, withDrift } from "./compute.ts";

const A = "222222222222";
const B = "333333333333";

function finding(
  checkId: string,
  status: ReportFinding["status"],
  over: Partial<ReportFinding> = {},
): ReportFinding {
  const accountId = over.accountId ?? A;
  const region = over.region ?? "us-east-1";
  const resource = over.resource ?? `res-${checkId}`;
  return {
    id: findingId({ checkId, accountId, region, resource }),
    checkId,
    status,
    severity: "high",
    accountId,
    region,
    resource,
    messageId: status === "pass" ? "ok" : status,
    message: "text",
    data: {},
    evidence: {},
    remediationId: null,
    suppressed: false,
    firstSeen: null,
    lastSeen: null,
    ...over,
  };
}

function report(
  startedAt: string,
  findings: ReportFinding[],
  opts: { scanned?: readonly string[] } = {},
): ScanReport {
  const scanned = opts.scanned ?? [A, B];
  return withDrift(
    {
      version: REPORT_VERSION,
      scanId: `scan-${startedAt}`,
      startedAt,
      finishedAt: startedAt,
      tool: { name: "wirewatch", version: "test" },
      scope: {
        organizationId: null,
        managementAccountId: null,
        accounts: [A, B].map((id) => ({
          id,
          name: null,
          state: "ACTIVE",
          scanned: scanned.includes(id),
          skipReason: null,
        })),
        regions: ["us-east-1"],
        checks: ["c.one", "c.two", "c.three", "org.account-reachable"],
        source: "aws",
      },
      summary: {
        accounts: { total: 2, scanned: 2, unreachable: 0 },
        findings: { pass: 0, fail: 0, error: 0, not_applicable: 0, suppressed: 0 },
        failuresBySeverity: { info: 0, low: 0, medium: 0, high: 0, critical: 0 },
        incomplete: false,
        blindCells: 0,
      },
      coverage: [],
      findings,
      drift: null,
      stats: { durationMs: 0, apiCalls: {}, totals: { calls: 0, throttles: 0, retries: 0, errors: 0 } },
    },
    null,
  );
}

const T1 = "2026-01-01T00:00:00.000Z";
const T2 = "2026-01-01T01:00:00.000Z";
const T3 = "2026-01-01T02:00:00.000Z";

const ids = (refs: Array<{ checkId: string }>) => refs.map((r) => r.checkId);

describe("computeDrift", () => {
  it("sorts findings into new, resolved, changed, still open", () => {
    const before = report(T1, [
      finding("c.one", "fail"),
      finding("c.two", "fail"),
      finding("c.three", "fail", { evidence: { logging: false } }),
    ]);
    const now = report(T2, [
      finding("c.one", "fail"),
      finding("c.two", "pass"),
      finding("c.three", "fail", { evidence: { logging: true } }),
      finding("c.one", "fail", { accountId: B }),
    ]);
    const { drift, firstSeen } = computeDrift(now, priorFromReport(before));
    expect(ids(drift.new)).toEqual(["c.one"]);
    expect(drift.new[0]!.accountId).toBe(B);
    expect(ids(drift.resolved)).toEqual(["c.two"]);
    expect(ids(drift.changed)).toEqual(["c.three"]);
    expect(drift.changed[0]!.changes.map((c) => c.field)).toEqual(["facts"]);
    expect(drift.stillOpen).toEqual([{ id: before.findings[0]!.id, firstSeen: T1, openSeconds: 3600 }]);
    expect(drift.counts).toEqual({ new: 1, resolved: 1, changed: 1, unknown: 0, stillOpen: 1 });
    expect(firstSeen.get(before.findings[0]!.id)).toBe(T1);
  });

  it("ignores timestamps in evidence: a healthy trail's delivery time moves every scan", () => {
    expect(factsOf({ latestDeliveryTime: "2026-01-01T00:00:00.000Z", logging: true })).toBe(
      factsOf({ latestDeliveryTime: "2026-01-01T00:05:00Z", logging: true }),
    );
    expect(factsOf({ logging: true, b: [1, 2] })).toBe(factsOf({ b: [1, 2], logging: true }));
    expect(factsOf({ logging: true })).not.toBe(factsOf({ logging: false }));
  });

  it.each([
    ["its check erred in the account", [finding("c.one", "error", { resource: "other" })], {}, "error"],
    ["it now errs itself", [finding("c.one", "error")], {}, "error"],
    ["the account was not scanned", [], { scanned: [B] }, "notScanned"],
    [
      "the account was unreachable",
      [finding("org.account-reachable", "fail", { region: "global" })],
      {},
      "unreachable",
    ],
    [
      "another finding's cause hid its check",
      [finding("c.two", "error", { region: "global", hides: ["c.one"] })],
      {},
      "error",
    ],
  ] as const)("never resolves a finding that could not be read: %s", (_name, findings, opts, reason) => {
    const before = report(T1, [finding("c.one", "fail")]);
    const { drift } = computeDrift(report(T2, [...findings], opts), priorFromReport(before));
    expect(drift.resolved).toEqual([]);
    expect(drift.unknown.map((u) => [u.checkId, u.reason, u.status, u.firstSeen])).toEqual([
      ["c.one", reason, "fail", T1],
    ]);
  });

  it("carries an unknown finding through a baseline report, with its first seen", () => {
    const one = report(T1, [finding("c.one", "fail")]);
    const two = report(T2, [], { scanned: [B] });
    const twoDrift = withDrift(two, computeDrift(two, priorFromReport(one)));
    const three = report(T3, [finding("c.one", "fail")]);
    const { drift } = computeDrift(three, priorFromReport(twoDrift));
    expect(drift.new).toEqual([]);
    expect(drift.stillOpen.map((s) => s.firstSeen)).toEqual([T1]);
  });

  it("lists every open finding as new when nothing was recorded before", () => {
    const now = report(T1, [finding("c.one", "fail"), finding("c.two", "pass")]);
    const { drift } = computeDrift(now, { baseline: null, open: new Map() });
    expect(ids(drift.new)).toEqual(["c.one"]);
    expect(drift.baseline).toBeNull();
  });
});

describe("withDrift", () => {
  it("sets first and last seen on open findings only", () => {
    const before = report(T1, [finding("c.one", "fail")]);
    const now = report(T2, [finding("c.one", "fail"), finding("c.two", "pass")]);
    const r = withDrift(now, computeDrift(now, priorFromReport(before)));
    expect(r.findings.map((f) => [f.checkId, f.firstSeen, f.lastSeen])).toEqual([
      ["c.one", T1, T2],
      ["c.two", null, null],
    ]);
  });
});
