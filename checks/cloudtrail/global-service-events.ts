import { defineCheck } from "../../src/engine/check.ts";
import { reportTrailProperty } from "../../src/engine/trails.ts";

/**
 * Global service events (IAM, STS global endpoint, CloudFront) are recorded in us-east-1
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events).
 */
const GLOBAL_EVENTS_REGION = "us-east-1";

export default defineCheck({
  meta: {
    id: "cloudtrail.global-service-events",
    title: "A logging trail in us-east-1 records global service events",
    severity: "high",
    scope: "account",
    rationale:
      "IAM, STS (global endpoint) and CloudFront calls are recorded only in us-east-1, and only by a trail applying there that includes global service events. Without one, user, role and policy changes - the heart of privilege escalation and persistence - leave no record, and the CIS IAM alarms can never fire.",
    permissions: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
    remediationIds: ["cloudtrail.update-trail"],
    paths: { archive: "degrades", log: "degrades", alarm: "degrades" },
    messages: {
      covered: "The {kind} trail {trail} records global service events in {regions}.",
      noLoggingTrail: "No logging trail applies in us-east-1 (cloudtrail.multi-region-logging reports it).",
      usEast1NotScanned:
        "us-east-1, where global service events are recorded, is not in the scanned regions.",
      trailsUnreadable:
        "The trails of us-east-1 could not be listed ({code}): global service events are unknown.",
      trailUnreadable:
        "{operation} failed for the {kind} trail {trail} ({code}): whether global service events are recorded is unknown.",
      globalEventsExcluded:
        "The {kind} trail {trail}, logging in {regions}, excludes global service events: IAM, STS and CloudFront calls are not recorded.",
    },
  },
  evaluate(ctx) {
    if (!ctx.inventory.regions[GLOBAL_EVENTS_REGION]) {
      ctx.report({
        status: "not_applicable",
        messageId: "usEast1NotScanned",
        resource: ctx.inventory.accountId,
      });
      return;
    }
    reportTrailProperty(ctx, {
      regions: [GLOBAL_EVENTS_REGION],
      judge: (t) =>
        t.summary.includeGlobalServiceEvents ? { has: true } : { has: false, reason: "globalEventsExcluded" },
      remediationFor: () => "cloudtrail.update-trail",
    });
  },
});
