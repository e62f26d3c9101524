/**
 * The service's Prometheus metrics (text format through prom-client). Labels stay bounded: outcomes, reasons,
 * severities, statuses, check ids, detection paths and AWS operations are fixed sets; account ids appear only when
 * service.metrics.accountLabels asks for them, since an organization can hold thousands.
 * https://prometheus.io/docs/practices/naming/ and https://prometheus.io/docs/practices/instrumentation/#do-not-overuse-labels
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { NotificationOutcome } from "../scan/pipeline.ts";
import type { ScanReport } from "../report/model.ts";
import { SEVERITIES } from "../config/schema.ts";
import { CHANGE_STATUSES, type ChangeStatus } from "../remediate/reasons.ts";
import type { SkipReason } from "./gate.ts";

/** How a scan ended, as wirewatch_scans_total counts it. */
export type ScanOutcome = "clean" | "failures" | "incomplete" | "interrupted" | "error";

const FINDING_STATUSES = ["pass", "fail", "error", "not_applicable"] as const;
const PATHS = ["archive", "log", "alarm", "fast"] as const;
const PATH_STATES = ["ok", "degraded", "blind", "unknown", "unchecked"] as const;

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly duration: Histogram;
  private readonly scans: Counter<"outcome">;
  private readonly skipped: Counter<"reason">;
  private readonly lastSuccess: Gauge;
  private readonly running: Gauge;
  private readonly findings: Gauge;
  private readonly findingsByCheck: Gauge<"check" | "status">;
  private readonly cells: Gauge;
  private readonly apiCalls: Counter<"operation" | "outcome">;
  private readonly notifications: Counter<"channel" | "outcome">;
  private readonly changes: Counter<"outcome">;

  constructor(
    private readonly opts: { accountLabels: boolean; processMetrics?: boolean } = { accountLabels: false },
  ) {
    const registers = [this.registry];
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const account = opts.accountLabels ? ["account"] : [];
    this.duration = new Histogram({
      name: "wirewatch_scan_duration_seconds",
      help: "Wall time of each scan, from its start to its reports written",
      // An organization scan takes seconds (a few accounts) to tens of minutes (thousands).
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 2400, 3600],
      registers,
    });
    this.scans = new Counter({
      name: "wirewatch_scans_total",
      help: "Scans run, by outcome: clean, failures (findings at or above scan.failOn), incomplete (could not look), interrupted, error",
      labelNames: ["outcome"],
      registers,
    });
    this.skipped = new Counter({
      name: "wirewatch_scans_skipped_total",
      help: "Scheduled scans not started, by reason: overlap (a scan was still running), locked (another scheduler holds the scope), shutdown",
      labelNames: ["reason"],
      registers,
    });
    this.lastSuccess = new Gauge({
      name: "wirewatch_last_scan_success_timestamp_seconds",
      help: "Unix time the last scan that ran to its end finished (0 before the first)",
      registers,
    });
    this.running = new Gauge({
      name: "wirewatch_scan_running",
      help: "1 while a scan (or its random delay) is in progress",
      registers,
    });
    this.findings = new Gauge({
      name: "wirewatch_findings",
      help: "Findings of the last scan, by severity and status",
      labelNames: ["severity", "status", ...account],
      registers,
    });
    this.findingsByCheck = new Gauge({
      name: "wirewatch_check_findings",
      help: "Findings of the last scan, by check id and status",
      labelNames: ["check", "status"],
      registers,
    });
    this.cells = new Gauge({
      name: "wirewatch_coverage_cells",
      help: "Account-region cells of the last scan's coverage matrix, by detection path and state",
      labelNames: ["path", "state", ...account],
      registers,
    });
    this.apiCalls = new Counter({
      name: "wirewatch_api_calls_total",
      help: "AWS API calls made by scans, by operation (service:Action) and outcome: ok, error, throttled",
      labelNames: ["operation", "outcome"],
      registers,
    });
    this.notifications = new Counter({
      name: "wirewatch_notifications_total",
      help: "Notifications sent after scans, by channel and outcome: delivered, failed, skipped",
      labelNames: ["channel", "outcome"],
      registers,
    });
    this.changes = new Counter({
      name: "wirewatch_remediation_changes_total",
      help: "Remediation changes in apply mode, by outcome: applied, failed, refused, skipped, manual",
      labelNames: ["outcome"],
      registers,
    });
    // Every series exists from the start at zero, so rate() and alerts see the first increment.
    for (const o of ["clean", "failures", "incomplete", "interrupted", "error"])
      this.scans.inc({ outcome: o }, 0);
    for (const r of ["overlap", "locked", "shutdown"]) this.skipped.inc({ reason: r }, 0);
    for (const o of CHANGE_STATUSES) this.changes.inc({ outcome: o }, 0);
    this.lastSuccess.set(0);
    this.running.set(0);
  }

  scanStarted(): void {
    this.running.set(1);
  }

  scanEnded(outcome: ScanOutcome, seconds: number, finishedAt: Date | undefined): void {
    this.running.set(0);
    this.scans.inc({ outcome });
    this.duration.observe(seconds);
    if (finishedAt) this.lastSuccess.set(finishedAt.getTime() / 1000);
  }

  skip(reason: SkipReason): void {
    this.skipped.inc({ reason });
  }

  /** The gauges describe the last scan only: series from an earlier one that no longer apply are dropped. */
  report(report: ScanReport): void {
    this.findings.reset();
    this.findingsByCheck.reset();
    this.cells.reset();
    const acct = (id: string) => (this.opts.accountLabels ? { account: id } : {});
    for (const severity of SEVERITIES) {
      for (const status of FINDING_STATUSES) {
        if (!this.opts.accountLabels) this.findings.set({ severity, status }, 0);
      }
    }
    for (const f of report.findings) {
      this.findings.inc({ severity: f.severity, status: f.status, ...acct(f.accountId) });
      this.findingsByCheck.inc({ check: f.checkId, status: f.status });
    }
    for (const path of PATHS) {
      for (const state of PATH_STATES) if (!this.opts.accountLabels) this.cells.set({ path, state }, 0);
    }
    for (const cell of report.coverage) {
      for (const path of PATHS) this.cells.inc({ path, state: cell.paths[path], ...acct(cell.accountId) });
    }
    for (const [operation, c] of Object.entries(report.stats.apiCalls)) {
      this.apiCalls.inc({ operation, outcome: "ok" }, Math.max(0, c.calls - c.errors));
      this.apiCalls.inc({ operation, outcome: "error" }, c.errors);
      this.apiCalls.inc({ operation, outcome: "throttled" }, c.throttles);
    }
  }

  notified(outcomes: readonly NotificationOutcome[]): void {
    for (const n of outcomes) this.notifications.inc({ channel: n.channel, outcome: n.outcome });
  }

  changed(outcome: ChangeStatus, n = 1): void {
    this.changes.inc({ outcome }, n);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
