/** The remediation registry: one explicit map, sorted by id. */
import type { Remediation } from "../src/remediate/remediation.ts";
import alarmsPutMetricFilterAndAlarm from "./alarms/put-metric-filter-and-alarm.ts";
import cloudtrailCreateTrail from "./cloudtrail/create-trail.ts";
import cloudtrailRestoreEventSelectors from "./cloudtrail/restore-event-selectors.ts";
import cloudtrailStartLogging from "./cloudtrail/start-logging.ts";
import cloudtrailUpdateTrail from "./cloudtrail/update-trail.ts";
import eventbridgePutForwardingRule from "./eventbridge/put-forwarding-rule.ts";
import logsPutRetention from "./logs/put-retention.ts";
import logsPutSubscriptionFilter from "./logs/put-subscription-filter.ts";

export const REMEDIATIONS: readonly Remediation[] = [
  alarmsPutMetricFilterAndAlarm,
  cloudtrailCreateTrail,
  cloudtrailRestoreEventSelectors,
  cloudtrailStartLogging,
  cloudtrailUpdateTrail,
  eventbridgePutForwardingRule,
  logsPutRetention,
  logsPutSubscriptionFilter,
];

export const REMEDIATION_BY_ID: ReadonlyMap<string, Remediation> = new Map(
  REMEDIATIONS.map((r) => [r.meta.id, r]),
);
