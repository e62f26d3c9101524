/**
 * Whether a trail records a CloudTrail management event, judged from its event selectors, and which of a control's
 * events it drops. Pure.
 *
 * Basic selectors (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html): "if the
 * event matches any event selector, the trail processes and logs the event"; a selector matches a management event
 * when IncludeManagementEvents is true (the default), its ReadWriteType admits the event (ReadOnly: read events
 * only, WriteOnly: write events only, All), and the event source is not in ExcludeManagementEventSources (which
 * today may name kms.amazonaws.com or rdsdata.amazonaws.com). A trail without custom selectors logs "all read and
 * write management events".
 *
 * Advanced selectors (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedEventSelector.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html): management events
 * are selected by `eventCategory` Equals `Management`, narrowed by `readOnly` (Equals true: read events only, false:
 * write events only) and `eventSource` (NotEquals kms.amazonaws.com / rdsdata.amazonaws.com). A selector logs an
 * event when every one of its field selectors admits it; the trail logs it when any selector does. Within one field
 * selector an event is admitted when it matches one of the positive operators' values (Equals, StartsWith,
 * EndsWith), if any is given, and none of the negative ones (NotEquals, NotStartsWith, NotEndsWith) — the user
 * guide's examples combine them that way
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html).
 */
import type { AdvancedFieldSelector, EventSelectors, TrailSummary } from "../inventory/model.ts";
import type { Sample } from "./samples.ts";

/** Why a trail does not record an event. */
export type DropCause =
  /** No selector records management events at all. */
  | "managementEventsOff"
  /** A selector would record it but for its event source (ExcludeManagementEventSources, eventSource NotEquals). */
  | "eventSourceExcluded"
  /** A selector would record it but records only write events (WriteOnly, readOnly = false). */
  | "readEventsNotRecorded"
  /** A selector would record it but records only read events (ReadOnly, readOnly = true). */
  | "writeEventsNotRecorded"
  /** No selector selects it for another reason (a narrowing the selectors allow, e.g. an eventSource Equals). */
  | "notSelected";

export interface DroppedEvent {
  /** The sample's name. */
  sample: string;
  eventSource: string;
  readOnly: boolean;
  cause: DropCause;
}

type Ignore = "eventSource" | "readOnly" | undefined;

const fieldValue = (record: Record<string, unknown>, field: string): string | undefined => {
  let v: unknown = record;
  for (const part of field.split(".")) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  if (v === undefined || v === null) return undefined;
  return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
};

function admits(f: AdvancedFieldSelector, value: string | undefined): boolean {
  const positive = [
    ...(f.equals ?? []).map((x) => value === x),
    ...(f.startsWith ?? []).map((x) => value !== undefined && value.startsWith(x)),
    ...(f.endsWith ?? []).map((x) => value !== undefined && value.endsWith(x)),
  ];
  if (positive.length > 0 && !positive.some(Boolean)) return false;
  if ((f.notEquals ?? []).some((x) => value === x)) return false;
  if ((f.notStartsWith ?? []).some((x) => value !== undefined && value.startsWith(x))) return false;
  if ((f.notEndsWith ?? []).some((x) => value !== undefined && value.endsWith(x))) return false;
  return true;
}

/** Management events: the only kind a CIS 4.x control watches. */
const isManagementSelector = (fields: AdvancedFieldSelector[]) =>
  fields.some((f) => f.field === "eventCategory" && (f.equals ?? []).includes("Management"));

function records(
  summary: Pick<TrailSummary, "hasCustomEventSelectors">,
  selectors: EventSelectors,
  record: Record<string, unknown>,
  ignore: Ignore,
): boolean {
  const advanced = selectors.advanced ?? [];
  const basic = selectors.basic ?? [];
  if (advanced.length === 0 && basic.length === 0) {
    // No selectors read back: the default records every management event (unless the trail says it has custom ones).
    return !summary.hasCustomEventSelectors;
  }
  // CloudTrail records readOnly as a boolean; the selectors compare its text.
  const readOnly = record.readOnly === true;
  if (advanced.length > 0) {
    return advanced.some(
      (s) =>
        isManagementSelector(s.fieldSelectors) &&
        s.fieldSelectors.every((f) => f.field === ignore || admits(f, fieldValue(record, f.field))),
    );
  }
  const source = String(record.eventSource);
  return basic.some(
    (s) =>
      s.includeManagementEvents &&
      (ignore === "readOnly" || s.readWriteType === "All" || (s.readWriteType === "ReadOnly") === readOnly) &&
      (ignore === "eventSource" || !s.excludeManagementEventSources.includes(source)),
  );
}

/** Whether the trail's selectors record this management event. */
export function recordsEvent(
  summary: Pick<TrailSummary, "hasCustomEventSelectors">,
  selectors: EventSelectors,
  record: Record<string, unknown>,
): boolean {
  return records(summary, selectors, record, undefined);
}

function anyManagementSelector(
  summary: Pick<TrailSummary, "hasCustomEventSelectors">,
  selectors: EventSelectors,
): boolean {
  const advanced = selectors.advanced ?? [];
  const basic = selectors.basic ?? [];
  if (advanced.length === 0 && basic.length === 0) return !summary.hasCustomEventSelectors;
  if (advanced.length > 0) return advanced.some((s) => isManagementSelector(s.fieldSelectors));
  return basic.some((s) => s.includeManagementEvents);
}

/** The samples the trail does not record, each with the reason. */
export function droppedEvents(
  summary: Pick<TrailSummary, "hasCustomEventSelectors">,
  selectors: EventSelectors,
  samples: readonly Sample[],
): DroppedEvent[] {
  const management = anyManagementSelector(summary, selectors);
  const out: DroppedEvent[] = [];
  for (const s of samples) {
    if (records(summary, selectors, s.record, undefined)) continue;
    const readOnly = s.record.readOnly === true;
    const cause: DropCause = !management
      ? "managementEventsOff"
      : records(summary, selectors, s.record, "eventSource")
        ? "eventSourceExcluded"
        : records(summary, selectors, s.record, "readOnly")
          ? readOnly
            ? "readEventsNotRecorded"
            : "writeEventsNotRecorded"
          : "notSelected";
    out.push({ sample: s.name, eventSource: String(s.record.eventSource), readOnly, cause });
  }
  return out;
}
