/**
 * Builds the one report model (model.ts) that every writer renders, from the evaluated accounts of a scan, and the
 * exit code it means. Pure: no AWS, no I/O.
 */
import { randomUUID } from "node:crypto";
import type { FailOn, Severity, Suppression } from "../config/schema.ts";
import { suppressionOutcomes } from "../engine/suppress.ts";
import type { Discovery } from "../discover/accounts.ts";
import type { Check, Finding } from "../engine/check.ts";
import type { CoverageCell } from "../engine/coverage.ts";
import { VERSION } from "../version.ts";
import { REPORT_VERSION, type ScanReport } from "./model.ts";

/** What evaluating one account gives. */
export interface AccountResult {
  findings: Finding[];
  coverage: CoverageCell[];
}

export const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low", "info"];

/** Code-point order: the same on every machine, unlike localeCompare under another locale. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The report of a scan, or of a saved inventory evaluated again: findings and coverage in a stable order, totals. */
export function buildReport(args: {
  discovery: Discovery;
  results: readonly AccountResult[];
  checks: readonly Check[];
  startedAt: Date;
  finishedAt: Date;
  source: "aws" | "inventory";
  apiCalls: ScanReport["stats"]["apiCalls"];
  /** The configured suppressions, already applied to the findings; the report states what each matched. */
  suppressions?: readonly Suppression[];
}): ScanReport {
  const startedAt = args.startedAt.toISOString();
  // Ordered by what findings are about, ending with the id, so two scans of the same state list them alike.
  const findings = args.results
    .flatMap((r) => r.findings)
    .sort(
      (a, b) =>
        byCode(a.accountId, b.accountId) ||
        byCode(a.checkId, b.checkId) ||
        byCode(a.region, b.region) ||
        byCode(a.resource, b.resource) ||
        byCode(a.messageId, b.messageId) ||
        byCode(a.id, b.id),
    )
    .map((f) => {
      const open = f.status === "fail" || f.status === "error";
      // Without history, an open finding is first seen now; drift (store or --baseline) sets what was known.
      return { ...f, firstSeen: open ? startedAt : null, lastSeen: open ? startedAt : null };
    });
  const coverage = args.results
    .flatMap((r) => r.coverage)
    .sort((a, b) => byCode(a.accountId, b.accountId) || byCode(a.region, b.region));
  const count = (status: Finding["status"]) =>
    findings.filter((f) => f.status === status && !f.suppressed).length;
  const failuresBySeverity = Object.fromEntries(
    SEVERITY_ORDER.map((s) => [
      s,
      findings.filter((f) => f.status === "fail" && !f.suppressed && f.severity === s).length,
    ]),
  ) as Record<Severity, number>;
  const unreachable = new Set(
    findings
      .filter((f) => f.checkId === "org.account-reachable" && f.status !== "pass")
      .map((f) => f.accountId),
  );
  const reachabilityFailed = findings.some(
    (f) =>
      (f.checkId === "org.account-reachable" || f.checkId === "org.region-reachable") &&
      f.status === "fail" &&
      !f.suppressed,
  );
  const configured = args.suppressions ?? [];
  const suppressions = suppressionOutcomes(findings, configured, args.startedAt).map((o) => {
    const s = configured[o.index]!;
    return {
      index: o.index,
      reason: s.reason,
      owner: s.owner,
      expires: s.expires,
      ...(s.ticket !== undefined ? { ticket: s.ticket } : {}),
      match: { ...s.match },
      state: o.state,
      matched: o.findingIds.length,
      findingIds: o.findingIds,
    };
  });
  const totals = { calls: 0, throttles: 0, retries: 0, errors: 0 };
  for (const c of Object.values(args.apiCalls)) {
    totals.calls += c.calls;
    totals.throttles += c.throttles;
    totals.retries += c.retries;
    totals.errors += c.errors;
  }
  return {
    version: REPORT_VERSION,
    scanId: randomUUID(),
    startedAt,
    finishedAt: args.finishedAt.toISOString(),
    tool: { name: "wirewatch", version: VERSION },
    scope: {
      organizationId: args.discovery.organizationId ?? null,
      managementAccountId: args.discovery.managementAccountId ?? null,
      // ListAccounts promises no order.
      accounts: [...args.discovery.accounts]
        .sort((a, b) => byCode(a.id, b.id))
        .map((a) => ({
          id: a.id,
          name: a.name ?? null,
          state: a.state,
          scanned: a.scanned,
          skipReason: a.skipReason ?? null,
        })),
      regions: [...new Set(coverage.map((c) => c.region).filter((r) => r !== "*"))].sort(),
      checks: args.checks.map((c) => c.meta.id),
      source: args.source,
    },
    summary: {
      accounts: {
        total: args.discovery.accounts.length,
        scanned: args.discovery.accounts.filter((a) => a.scanned).length,
        unreachable: unreachable.size,
      },
      findings: {
        pass: count("pass"),
        fail: count("fail"),
        error: count("error"),
        not_applicable: count("not_applicable"),
        suppressed: findings.filter((f) => f.suppressed).length,
      },
      failuresBySeverity,
      // A scan a signal cut short is incomplete whatever is muted: a suppression is for a known gap in AWS,
      // not for accounts this run never read.
      incomplete:
        count("error") > 0 || reachabilityFailed || findings.some((f) => f.messageId === "scanInterrupted"),
      blindCells: coverage.filter((c) => Object.values(c.paths).some((p) => p === "blind")).length,
    },
    coverage,
    findings,
    ...(configured.length > 0 ? { suppressions } : {}),
    drift: null,
    stats: {
      durationMs: Math.max(0, args.finishedAt.getTime() - args.startedAt.getTime()),
      apiCalls: args.apiCalls,
      totals,
    },
  };
}

/**
 * Exit code (docs/architecture.md, "Contracts"): 2 incomplete, else 1 on an unsuppressed failure at or above failOn.
 * `none` (report-only) never exits 1, but an incomplete scan still exits 2: nothing read is not "clean".
 */
export function exitCodeFor(report: ScanReport, failOn: FailOn): 0 | 1 | 2 {
  if (report.summary.incomplete) return 2;
  if (failOn === "none") return 0;
  const threshold = SEVERITY_ORDER.indexOf(failOn);
  const failing = SEVERITY_ORDER.filter((_, i) => i <= threshold).some(
    (s) => report.summary.failuresBySeverity[s] > 0,
  );
  return failing ? 1 : 0;
}
