/**
 * Drift: this scan against the previous state of the same scope (the store's last complete scan, or a --baseline
 * report). Pure. A finding is "open" while it fails or errs; one that was open and could not be read this time
 * (its check erred in that account, the account or region was unreachable or not scanned, the check did not run) is
 * unknown, never resolved.
 */
import { createHash } from "node:crypto";
import type { Drift, DriftRef, ReportFinding, ScanReport, UnknownReason } from "../report/model.ts";

/** An open finding of the previous state. */
export interface PriorFinding {
  ref: DriftRef;
  firstSeen: string;
  /** factsOf() of its evidence then; null when unknown (a finding carried through an unknown). */
  facts: string | null;
}

export interface PriorState {
  baseline: Drift["baseline"];
  open: ReadonlyMap<string, PriorFinding>;
}

export const isOpen = (status: ReportFinding["status"]) => status === "fail" || status === "error";

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/;

/** Evidence in a stable form without timestamps (delivery times move every few minutes on a healthy trail). */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .flatMap((k) => {
          const v = (value as Record<string, unknown>)[k];
          return typeof v === "string" && ISO_TIME.test(v) ? [] : [[k, stable(v)]];
        }),
    );
  }
  return value;
}

/** A short hash of the facts in a finding's evidence, the same while the facts are. */
export function factsOf(evidence: Record<string, unknown>): string {
  return createHash("sha256")
    .update(JSON.stringify(stable(evidence)))
    .digest("hex")
    .slice(0, 16);
}

export function refOf(f: ReportFinding | DriftRef): DriftRef {
  return {
    id: f.id,
    checkId: f.checkId,
    accountId: f.accountId,
    region: f.region,
    resource: f.resource,
    messageId: f.messageId,
    severity: f.severity,
    status: f.status,
  };
}

/** Why a finding absent from (or erring in) this scan could not be judged, or null when it was read. */
export function unreadability(report: ScanReport): (ref: DriftRef) => UnknownReason | null {
  const scanned = new Set(report.scope.accounts.filter((a) => a.scanned).map((a) => a.id));
  const checks = new Set(report.scope.checks);
  const regions = new Set(report.scope.regions);
  const unreachableAccounts = new Set<string>();
  const unreachableRegions = new Set<string>();
  const erred = new Set<string>();
  for (const f of report.findings) {
    if (f.checkId === "org.account-reachable" && f.status !== "pass") unreachableAccounts.add(f.accountId);
    if (f.checkId === "org.region-reachable" && f.status !== "pass") {
      unreachableRegions.add(`${f.accountId}/${f.region}`);
    }
    // Conservative: a check that erred anywhere in an account may have missed any of its findings there.
    if (f.status === "error") erred.add(`${f.checkId}/${f.accountId}`);
    // The checks a cause hides could not look either (src/engine/one-cause.ts).
    for (const hidden of f.hides ?? []) erred.add(`${hidden}/${f.accountId}`);
  }
  return (ref) => {
    if (!scanned.has(ref.accountId)) return "notScanned";
    if (unreachableAccounts.has(ref.accountId)) return "unreachable";
    if (ref.region !== "global" && !regions.has(ref.region)) return "notScanned";
    if (unreachableRegions.has(`${ref.accountId}/${ref.region}`)) return "unreachable";
    if (!checks.has(ref.checkId)) return "checkNotRun";
    if (erred.has(`${ref.checkId}/${ref.accountId}`)) return "error";
    return null;
  };
}

const secondsBetween = (from: string, to: string) =>
  Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 1000));

export interface DriftResult {
  drift: Drift;
  /** firstSeen of every finding open now, by id. */
  firstSeen: Map<string, string>;
}

export function computeDrift(report: ScanReport, prior: PriorState): DriftResult {
  const now = report.startedAt;
  const unreadable = unreadability(report);
  const drift: Drift = {
    baseline: prior.baseline,
    counts: { new: 0, resolved: 0, changed: 0, unknown: 0, stillOpen: 0 },
    new: [],
    resolved: [],
    changed: [],
    unknown: [],
    stillOpen: [],
  };
  const firstSeen = new Map<string, string>();
  const current = new Map(report.findings.map((f) => [f.id, f]));

  for (const f of report.findings) {
    if (!isOpen(f.status)) continue;
    const before = prior.open.get(f.id);
    if (!before) {
      drift.new.push(refOf(f));
      firstSeen.set(f.id, now);
      continue;
    }
    firstSeen.set(f.id, before.firstSeen);
    if (f.status === "error" && before.ref.status === "fail") {
      drift.unknown.push({ ...before.ref, firstSeen: before.firstSeen, reason: "error" });
      continue;
    }
    const changes: Drift["changed"][number]["changes"] = [];
    const field = (name: "status" | "severity" | "messageId", from: string, to: string) => {
      if (from !== to) changes.push({ field: name, from, to });
    };
    field("status", before.ref.status, f.status);
    field("severity", before.ref.severity, f.severity);
    field("messageId", before.ref.messageId, f.messageId);
    const facts = factsOf(f.evidence);
    if (before.facts !== null && before.facts !== facts) {
      changes.push({ field: "facts", from: before.facts, to: facts });
    }
    if (changes.length > 0) drift.changed.push({ ...refOf(f), firstSeen: before.firstSeen, changes });
    else {
      drift.stillOpen.push({
        id: f.id,
        firstSeen: before.firstSeen,
        openSeconds: secondsBetween(before.firstSeen, now),
      });
    }
  }

  for (const [id, before] of prior.open) {
    const f = current.get(id);
    if (f && isOpen(f.status)) continue;
    const reason = unreadable(before.ref);
    if (reason) drift.unknown.push({ ...before.ref, firstSeen: before.firstSeen, reason });
    else drift.resolved.push({ ...before.ref, firstSeen: before.firstSeen });
  }

  const code = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  // In the findings' order, so a reader sees an account's changes together.
  const byWhat = (a: DriftRef, b: DriftRef) =>
    code(a.accountId, b.accountId) ||
    code(a.checkId, b.checkId) ||
    code(a.region, b.region) ||
    code(a.resource, b.resource) ||
    code(a.id, b.id);
  for (const list of [drift.new, drift.resolved, drift.changed, drift.unknown]) list.sort(byWhat);
  drift.stillOpen.sort((a, b) => code(a.id, b.id));
  drift.counts = {
    new: drift.new.length,
    resolved: drift.resolved.length,
    changed: drift.changed.length,
    unknown: drift.unknown.length,
    stillOpen: drift.stillOpen.length,
  };
  return { drift, firstSeen };
}

/** Sets each finding's firstSeen and lastSeen (open findings only) and the report's drift section. */
export function withDrift(report: ScanReport, result: DriftResult | null): ScanReport {
  const findings = report.findings.map((f) => ({
    ...f,
    firstSeen: isOpen(f.status) ? (result?.firstSeen.get(f.id) ?? report.startedAt) : null,
    lastSeen: isOpen(f.status) ? report.startedAt : null,
  }));
  return { ...report, findings, drift: result?.drift ?? null };
}

/** The previous state a --baseline report describes: its open findings and those it carried as unknown. */
export function priorFromReport(baseline: ScanReport): PriorState {
  const open = new Map<string, PriorFinding>();
  for (const f of baseline.findings) {
    if (!isOpen(f.status)) continue;
    open.set(f.id, {
      ref: refOf(f),
      firstSeen: f.firstSeen ?? baseline.startedAt,
      facts: factsOf(f.evidence),
    });
  }
  for (const u of baseline.drift?.unknown ?? []) {
    if (!open.has(u.id)) open.set(u.id, { ref: refOf(u), firstSeen: u.firstSeen, facts: null });
  }
  return {
    baseline: { scanId: baseline.scanId, startedAt: baseline.startedAt, source: "report" },
    open,
  };
}
