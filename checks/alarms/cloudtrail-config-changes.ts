import { defineAlarmControl } from "../../src/alarms/control.ts";
import { controlCallSamples, readSamples } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "cloudtrail-config-changes",
  cis: "4.5",
  title:
    "A metric filter and alarm notify a confirmed subscriber of CloudTrail configuration changes (CIS 4.5)",
  subject: "CloudTrail configuration changes",
  rationale:
    "Stopping, deleting or re-pointing a trail blinds every detection path that depends on it; it is the first thing an intruder who knows AWS does. The alarm must fire for each of these calls, including StopLogging, which a filter edited by hand is easy to lose.",
  metricName: "CloudTrailConfigChanges",
  canonicalPattern:
    "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
  positives: controlCallSamples("cloudtrail-config-changes"),
  negatives: [
    ...readSamples("cloudtrail.amazonaws.com", ["DescribeTrails", "GetTrailStatus", "LookupEvents"]),
  ],
});

export default control.check;
