import { defineCheck } from "../../src/engine/check.ts";
import { deliveryFreshness, reportTrailProperty, statusOf } from "../../src/engine/trails.ts";

export default defineCheck({
  meta: {
    id: "cloudtrail.cloudwatch-logs-delivery",
    title: "The logging trail of every region delivers to CloudWatch Logs, recently and without error",
    severity: "high",
    scope: "account",
    rationale:
      "Subscription filters and the CIS metric-filter alarms only see what the trail delivers to its log group. A trail without a log group, with a broken delivery role, or whose last delivery is old leaves the log and alarm paths silent while the S3 archive still looks healthy.",
    permissions: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
    remediationIds: ["cloudtrail.update-trail"],
    paths: { log: "breaks", alarm: "breaks" },
    messages: {
      covered:
        "The {kind} trail {trail} delivers to CloudWatch Logs ({logGroup}), last {ageMinutes} minutes ago, in {regions}.",
      noLoggingTrail:
        "No logging trail applies to any scanned region (cloudtrail.multi-region-logging reports it).",
      trailsUnreadable:
        "The region's trails could not be listed ({code}): CloudWatch Logs delivery is unknown.",
      trailUnreadable:
        "{operation} failed for the {kind} trail {trail} ({code}): CloudWatch Logs delivery in {regions} is unknown.",
      noLogGroup: "The {kind} trail {trail}, relied on in {regions}, does not deliver to CloudWatch Logs.",
      deliveryError:
        "The {kind} trail {trail}, relied on in {regions}, fails to deliver to CloudWatch Logs ({logGroup}): {error}.",
      stale:
        "The {kind} trail {trail}, relied on in {regions}, last delivered to CloudWatch Logs {ageMinutes} minutes ago (at most {maxAgeMinutes} allowed).",
      awaitingDelivery:
        "The {kind} trail {trail} started logging {sinceMinutes} minutes ago, for {regions}; its first delivery to CloudWatch Logs ({logGroup}) is due within {maxAgeMinutes} minutes.",
      neverDelivered:
        "The {kind} trail {trail}, relied on in {regions}, has never delivered to its log group {logGroup}.",
    },
  },
  evaluate(ctx) {
    const maxAgeMinutes = ctx.baseline.cloudtrail.cloudWatchLogsDeliveryMaxAgeMinutes;
    reportTrailProperty(ctx, {
      judge(t) {
        const logGroup = t.summary.cloudWatchLogsLogGroupArn;
        if (!logGroup) return { has: false, reason: "noLogGroup" };
        const status = statusOf(t);
        if (!status.ok) return { has: "unknown", error: status.error };
        const s = status.value;
        const evidence = {
          latestCloudWatchLogsDeliveryTime: s.latestCloudWatchLogsDeliveryTime,
          latestCloudWatchLogsDeliveryError: s.latestCloudWatchLogsDeliveryError,
        };
        if (s.latestCloudWatchLogsDeliveryError) {
          return {
            has: false,
            reason: "deliveryError",
            data: { logGroup, error: s.latestCloudWatchLogsDeliveryError },
            evidence,
          };
        }
        const fresh = deliveryFreshness(
          s.latestCloudWatchLogsDeliveryTime,
          s.startLoggingTime,
          ctx.now,
          maxAgeMinutes,
        );
        switch (fresh.state) {
          case "fresh":
            return { has: true, data: { logGroup, ageMinutes: fresh.ageMinutes } };
          case "awaiting":
            return {
              has: true,
              message: "awaitingDelivery",
              data: { logGroup, sinceMinutes: fresh.sinceMinutes, maxAgeMinutes },
            };
          case "never":
            return { has: false, reason: "neverDelivered", data: { logGroup }, evidence };
          case "stale":
            return {
              has: false,
              reason: "stale",
              data: { logGroup, ageMinutes: fresh.ageMinutes, maxAgeMinutes },
              evidence,
            };
        }
      },
      remediationFor: () => "cloudtrail.update-trail",
    });
  },
});
