import { defineCheck } from "../../src/engine/check.ts";
import { reportTrailProperty } from "../../src/engine/trails.ts";
import { globalEventsRegion } from "../../src/inventory/arn.ts";
import { partitionOfInventory } from "../../src/inventory/model.ts";

/**
 * Global service events (IAM, STS global endpoint, CloudFront) are recorded in one region of each partition:
 * us-east-1 in aws, us-gov-west-1 in aws-us-gov, cn-north-1 in aws-cn (globalEventsRegion cites the sources).
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
 */

export default defineCheck({
  meta: {
    id: "cloudtrail.global-service-events",
    title: "A logging trail in the global-events region (us-east-1 in aws) records global service events",
    severity: "high",
    scope: "account",
    rationale:
      "IAM, STS (global endpoint) and CloudFront calls are recorded only in one region of each partition (us-east-1, us-gov-west-1 in GovCloud, cn-north-1 in China), and only by a trail applying there that includes global service events. Without one, user, role and policy changes - the heart of privilege escalation and persistence - leave no record, and the CIS IAM alarms can never fire.",
    permissions: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
    remediationIds: ["cloudtrail.update-trail"],
    paths: { archive: "degrades", log: "degrades", alarm: "degrades" },
    messages: {
      covered: "The {kind} trail {trail} records global service events in {regions}.",
      noLoggingTrail:
        "No logging trail applies in the region where global service events are recorded (cloudtrail.multi-region-logging reports it).",
      globalRegionNotScanned:
        "{region}, where global service events are recorded, is not in the scanned regions.",
      trailsUnreadable:
        "The trails of the region where global service events are recorded could not be listed ({code}): global service events are unknown.",
      trailUnreadable:
        "{operation} failed for the {kind} trail {trail} ({code}): whether global service events are recorded is unknown.",
      globalEventsExcluded:
        "The {kind} trail {trail}, logging in {regions}, excludes global service events: IAM, STS and CloudFront calls are not recorded.",
    },
  },
  evaluate(ctx) {
    const region = globalEventsRegion(partitionOfInventory(ctx.inventory));
    if (!ctx.inventory.regions[region]) {
      ctx.report({
        status: "not_applicable",
        messageId: "globalRegionNotScanned",
        resource: ctx.inventory.accountId,
        data: { region },
      });
      return;
    }
    reportTrailProperty(ctx, {
      regions: [region],
      judge: (t) =>
        t.summary.includeGlobalServiceEvents ? { has: true } : { has: false, reason: "globalEventsExcluded" },
      remediationFor: () => "cloudtrail.update-trail",
    });
  },
});
