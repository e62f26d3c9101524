import { defineCheck } from "../../src/engine/check.ts";
import { reportTrailLogGroups } from "../../src/engine/trail-log-groups.ts";

export default defineCheck({
  meta: {
    id: "logs.trail-retention",
    title: "The trail's log group keeps events at least as long as the baseline requires",
    severity: "medium",
    scope: "account",
    rationale:
      "CloudWatch Logs deletes events older than the log group's retention. A short retention on the trail's log group leaves investigations, Logs Insights queries and re-processing after a broken subscription with nothing to work on, while the trail still looks healthy. A group without retention never expires and passes. An organization trail's group lives in the account that owns it and credits every member.",
    permissions: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "logs:DescribeLogGroups"],
    remediationIds: ["logs.put-retention"],
    paths: { log: "degrades" },
    messages: {
      retained:
        "The log group {logGroup} of the {kind} trail {trail} keeps events for {retention} (at least {required} days required), for {regions}.",
      retentionTooShort:
        "The log group {logGroup} of the {kind} trail {trail}, relied on in {regions}, keeps events for {days} days; at least {required} are required.",
      logGroupMissing:
        "The {kind} trail {trail}, relied on in {regions}, points at the log group {logGroup}, which does not exist.",
      logGroupUnreadable:
        "{operation} failed for the log group {logGroup} of the {kind} trail {trail} ({code}): its retention is unknown in {regions}.",
      noTrailLogGroup:
        "No logging trail delivers to CloudWatch Logs (cloudtrail.cloudwatch-logs-delivery reports it): there is no log group to judge.",
      trailsUnreadable: "The region's trails could not be listed ({code}): the trail's log group is unknown.",
      trailUnreadable:
        "{operation} failed for the {kind} trail {trail} ({code}): its log group, relied on in {regions}, could not be judged.",
    },
  },
  evaluate(ctx) {
    const required = ctx.baseline.logs.retentionDays;
    reportTrailLogGroups(ctx, {
      messages: {
        noTrailLogGroup: "noTrailLogGroup",
        trailsUnreadable: "trailsUnreadable",
        trailUnreadable: "trailUnreadable",
      },
      judge({ group }) {
        const g = group.group;
        if (!g.ok) {
          return {
            status: "error",
            messageId: "logGroupUnreadable",
            data: { operation: `${g.error.service}:${g.error.operation}`, code: g.error.code },
            evidence: { error: g.error },
          };
        }
        if (!g.value.exists) return { status: "fail", messageId: "logGroupMissing", remediationId: null };
        // DescribeLogGroups omits retentionInDays when events never expire.
        // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html
        const days = g.value.retentionInDays;
        if (days === undefined) {
          return {
            status: "pass",
            messageId: "retained",
            data: { retention: "ever (never expires)", required },
          };
        }
        if (days >= required) {
          return {
            status: "pass",
            messageId: "retained",
            data: { retention: `${days} days`, days, required },
          };
        }
        return {
          status: "fail",
          messageId: "retentionTooShort",
          data: { days, required },
          remediationId: "logs.put-retention",
        };
      },
    });
  },
});
