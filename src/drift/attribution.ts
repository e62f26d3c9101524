/**
 * Who broke it: for a finding new since the last scan, the CloudTrail management events that can cause it, where
 * to look them up, and which of the events found is the change. Pure; src/collect/attribution.ts makes the calls.
 *
 * CloudTrail event history (LookupEvents) keeps 90 days of management events in each region, even when no trail
 * logs, and takes one lookup attribute a request
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html). wirewatch looks up by
 * EventName, which every service records the same way, and matches the resource itself in the event, because
 * ResourceName is not uniform across services (some record full ARNs, others short names).
 */
import type { Attribution, AttributionEvent, ReportFinding } from "../report/model.ts";

const TRAIL_CHANGES = ["StopLogging", "DeleteTrail", "UpdateTrail"];
const RULE_CHANGES = ["DisableRule", "DeleteRule", "RemoveTargets", "PutRule", "PutTargets"];
// Account-level subscription policies (PutAccountPolicy) and alarm or topic changes (DeleteAlarms, Unsubscribe) do
// not name the trail's log group these findings are about, so they cannot be matched to one and are not looked up.
const SUBSCRIPTION_CHANGES = ["DeleteSubscriptionFilter", "PutSubscriptionFilter"];
const ALARM_CHANGES = ["DeleteMetricFilter", "PutMetricFilter"];

/** The management events that can make each check fail, by check id (alarm controls share theirs). */
const CAUSES: Readonly<Record<string, readonly string[]>> = {
  "cloudtrail.multi-region-logging": TRAIL_CHANGES,
  "cloudtrail.logging-interruption": ["StopLogging"],
  "cloudtrail.management-events": ["PutEventSelectors", "UpdateTrail"],
  "cloudtrail.global-service-events": ["UpdateTrail"],
  "cloudtrail.log-file-validation": ["UpdateTrail"],
  "cloudtrail.kms-encryption": ["UpdateTrail"],
  "cloudtrail.cloudwatch-logs-delivery": ["UpdateTrail", "StopLogging"],
  "eventbridge.cloudtrail-forwarding": RULE_CHANGES,
  "eventbridge.read-events-forwarding": ["PutRule"],
  "eventbridge.forwarding-target-health": ["PutTargets", "RemoveTargets"],
  "logs.trail-subscription": SUBSCRIPTION_CHANGES,
  "logs.trail-retention": ["PutRetentionPolicy"],
};

export function causesOf(checkId: string): readonly string[] {
  return CAUSES[checkId] ?? (checkId.startsWith("alarms.") ? ALARM_CHANGES : []);
}

/** What to look up for one finding: the account and region its cause is recorded in, and the events to match. */
export interface AttributionTarget {
  findingId: string;
  accountId: string;
  region: string;
  eventNames: readonly string[];
  /** Names the event must mention (the resource's ARN and short name); empty: any event of those names. */
  names: string[];
}

const ARN = /^arn:[\w-]+:[\w-]+:([\w-]*):(\d{12}|):(.+)$/;

/** The resource's ARN and its short name (trail/NAME, rule/NAME, log-group:NAME:*), for matching events. */
export function resourceNames(resource: string): string[] {
  const m = ARN.exec(resource);
  if (!m) return [];
  const rest = m[3]!.replace(/:\*$/, "");
  const short = rest.split(/[/:]/).pop()!;
  return [...new Set([resource, resource.replace(/:\*$/, ""), short])].filter((n) => n !== "");
}

/**
 * The lookup for a finding whose check a change can cause, or null. An account-level finding's change is recorded
 * in the region of its resource (a trail's home region), else the home region.
 */
export function targetOf(f: ReportFinding, homeRegion: string): AttributionTarget | null {
  if (f.status !== "fail") return null;
  const eventNames = causesOf(f.checkId);
  if (eventNames.length === 0) return null;
  const arnRegion = ARN.exec(f.resource)?.[1];
  const region = arnRegion || (f.region === "global" ? homeRegion : f.region);
  return { findingId: f.id, accountId: f.accountId, region, eventNames, names: resourceNames(f.resource) };
}

/** An event as wirewatch reads it from LookupEvents, its CloudTrailEvent record parsed. */
export interface LookedUpEvent {
  eventId: string;
  eventName: string;
  eventSource: string;
  eventTime: string;
  region: string;
  resourceNames: string[];
  principalArn: string | null;
  principalType: string | null;
  sourceIPAddress: string | null;
  userAgent: string | null;
  errorCode: string | null;
  /** Every string in the request parameters, where the changed resource is named. */
  requestStrings: string[];
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Parses LookupEvents' CloudTrailEvent JSON; a record that does not parse keeps what the event itself says. */
export function parseEvent(e: {
  EventId?: string;
  EventName?: string;
  EventSource?: string;
  EventTime?: Date;
  Username?: string;
  Resources?: Array<{ ResourceName?: string }>;
  CloudTrailEvent?: string;
}): LookedUpEvent {
  let record: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(e.CloudTrailEvent ?? "{}") as unknown;
    if (parsed && typeof parsed === "object") record = parsed as Record<string, unknown>;
  } catch {
    // Kept with what the event says: who it was cannot be read, which the attribution shows as null.
  }
  const identity = (record.userIdentity ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    eventId: e.EventId ?? str(record.eventID) ?? "",
    eventName: e.EventName ?? str(record.eventName) ?? "",
    eventSource: e.EventSource ?? str(record.eventSource) ?? "",
    eventTime: (e.EventTime ?? new Date(str(record.eventTime) ?? 0)).toISOString(),
    region: str(record.awsRegion) ?? "",
    resourceNames: (e.Resources ?? []).flatMap((r) => (r.ResourceName ? [r.ResourceName] : [])),
    principalArn: str(identity.arn),
    principalType: str(identity.type),
    sourceIPAddress: str(record.sourceIPAddress),
    userAgent: str(record.userAgent),
    errorCode: str(record.errorCode),
    requestStrings: strings(record.requestParameters),
  };
}

/** Whether the event names the target's resource (by ARN or short name), or the target has no name to match. */
export function eventMatches(event: LookedUpEvent, target: AttributionTarget): boolean {
  if (event.errorCode !== null) return false; // a refused call changed nothing
  if (!target.eventNames.includes(event.eventName)) return false;
  if (target.names.length === 0) return true;
  const mentioned = [...event.resourceNames, ...event.requestStrings];
  return mentioned.some((m) =>
    target.names.some((n) => m === n || m.endsWith(`/${n}`) || m.endsWith(`:${n}`)),
  );
}

/** Events listed per finding, newest first. */
export const MAX_EVENTS_PER_FINDING = 5;

/** What the lookups for one target found. */
export interface TargetLookups {
  events: LookedUpEvent[];
  /** Lookups not made (the scan's budget was spent) or cut short (the page cap). */
  incomplete: boolean;
  /** Lookups not made because the scan was interrupted. */
  interrupted: boolean;
  /** Lookups that failed, as "EventName: Code: message". */
  failures: string[];
}

export function attributionOf(
  target: AttributionTarget,
  found: TargetLookups,
  window: { from: string; to: string },
  windowCut: boolean,
): Attribution {
  const events: AttributionEvent[] = found.events
    .filter((e) => eventMatches(e, target))
    .sort((a, b) => b.eventTime.localeCompare(a.eventTime) || a.eventId.localeCompare(b.eventId))
    .slice(0, MAX_EVENTS_PER_FINDING)
    .map((e) => ({
      eventId: e.eventId,
      eventName: e.eventName,
      eventSource: e.eventSource,
      eventTime: e.eventTime,
      region: e.region || target.region,
      principalArn: e.principalArn,
      principalType: e.principalType,
      sourceIPAddress: e.sourceIPAddress,
      userAgent: e.userAgent,
    }));
  const base = { window, region: target.region, lookedFor: [...target.eventNames] };
  if (events.length > 0) return { ...base, status: "attributed", reason: null, detail: null, events };
  if (found.failures.length > 0) {
    return {
      ...base,
      status: "notAttributed",
      reason: "lookupFailed",
      detail: found.failures.join("; "),
      events,
    };
  }
  if (found.interrupted) {
    return {
      ...base,
      status: "notAttributed",
      reason: "interrupted",
      detail: "the scan was interrupted before event history was read",
      events,
    };
  }
  if (found.incomplete) {
    return {
      ...base,
      status: "notAttributed",
      reason: "budgetExhausted",
      detail: "the scan's event-history lookups ran out before every page was read",
      events,
    };
  }
  if (windowCut) {
    return {
      ...base,
      status: "notAttributed",
      reason: "beyondHistory",
      detail: "the previous scan is older than the 90 days of event history",
      events,
    };
  }
  return {
    ...base,
    status: "notAttributed",
    reason: "noMatchingEvent",
    detail:
      "no matching management event in the window (a change made moments before the scan may not be in event history yet)",
    events,
  };
}
