/**
 * What a notification says of one finding: new since the last scan (with who opened it, when known) or resolved.
 * Pure: built from the recorded drift and the report. Drift only, never the whole list of open findings again.
 */
import { createHash } from "node:crypto";
import { SEVERITIES, channelName, type NotificationChannel, type Severity } from "../config/schema.ts";
import type { Attribution, DriftRef, ScanReport } from "../report/model.ts";

export type ItemKind = "new" | "resolved";

/** org.account-reachable's message for an account a signal kept wirewatch from scanning (not a gap in AWS). */
const OWN_INTERRUPTION = "scanInterrupted";

/** Who opened the gap: the likeliest event, or why nobody could be named. */
export type ItemAttribution =
  | {
      status: "attributed";
      principalArn: string | null;
      principalType: string | null;
      eventName: string;
      eventTime: string;
      eventId: string;
      sourceIPAddress: string | null;
      userAgent: string | null;
    }
  | { status: "notAttributed"; reason: string | null };

export interface NotificationItem {
  /** Stable for this finding, scan and kind: receivers may deduplicate on it. */
  key: string;
  kind: ItemKind;
  scanId: string;
  /** The start of the scan that saw the change. */
  at: string;
  findingId: string;
  checkId: string;
  severity: Severity;
  /** fail, or error when the finding is a place wirewatch could not look. */
  status: string;
  accountId: string;
  accountName: string | null;
  region: string;
  resource: string;
  messageId: string;
  /** The finding's message; null for resolved findings (the scan no longer reports them). */
  message: string | null;
  attribution: ItemAttribution | null;
}

export const itemKey = (scope: string, scanId: string, findingId: string, kind: ItemKind) =>
  createHash("sha256").update(`${scope}\n${scanId}\n${findingId}\n${kind}`).digest("hex").slice(0, 24);

/** The drift items of a recorded scan, in drift's order; suppressed findings are left out. */
export function driftItems(scope: string, report: ScanReport): NotificationItem[] {
  const drift = report.drift;
  if (!drift) return [];
  const findings = new Map(report.findings.map((f) => [f.id, f]));
  const names = new Map(report.scope.accounts.map((a) => [a.id, a.name]));
  const item = (ref: DriftRef, kind: ItemKind): NotificationItem => {
    const f = kind === "new" ? findings.get(ref.id) : undefined;
    return {
      key: itemKey(scope, report.scanId, ref.id, kind),
      kind,
      scanId: report.scanId,
      at: report.startedAt,
      findingId: ref.id,
      checkId: ref.checkId,
      severity: ref.severity,
      status: kind === "resolved" ? "resolved" : ref.status,
      accountId: ref.accountId,
      accountName: names.get(ref.accountId) ?? null,
      region: ref.region,
      resource: ref.resource,
      messageId: ref.messageId,
      message: f?.message ?? null,
      attribution: f?.attribution ? itemAttribution(f.attribution) : null,
    };
  };
  // Muted, or an account left unscanned because wirewatch itself was stopped: news to nobody.
  const quiet = (r: DriftRef) => findings.get(r.id)?.suppressed === true || r.messageId === OWN_INTERRUPTION;
  return [
    ...drift.new.filter((r) => !quiet(r)).map((r) => item(r, "new")),
    ...drift.resolved.filter((r) => !quiet(r)).map((r) => item(r, "resolved")),
  ];
}

export function itemAttribution(a: Attribution): ItemAttribution {
  const e = a.events[0];
  if (a.status !== "attributed" || !e) return { status: "notAttributed", reason: a.reason };
  return {
    status: "attributed",
    principalArn: e.principalArn,
    principalType: e.principalType,
    eventName: e.eventName,
    eventTime: e.eventTime,
    eventId: e.eventId,
    sourceIPAddress: e.sourceIPAddress,
    userAgent: e.userAgent,
  };
}

/** The channels that hear of an item: its severity at or above theirs. */
export function channelsFor(item: NotificationItem, channels: readonly NotificationChannel[]): string[] {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return channels.filter((c) => rank(item.severity) >= rank(c.minSeverity)).map(channelName);
}
