import { fillArnTemplate, logGroupArn } from "../../src/inventory/arn.ts";
import { defineRemediation } from "../../src/remediate/remediation.ts";
import { ownedTrail } from "./_trail.ts";

/** Gaps UpdateTrail cannot close: delivery errors live in the bucket, key or role policies. */
const NOT_BY_UPDATE = new Set(["deliveryError", "stale", "neverDelivered"]);

export default defineRemediation({
  meta: {
    id: "cloudtrail.update-trail",
    title:
      "Bring an owned trail to the baseline: multi-region, global events, validation, KMS, CloudWatch Logs",
    fixes: [
      "cloudtrail.global-service-events",
      "cloudtrail.log-file-validation",
      "cloudtrail.kms-encryption",
      "cloudtrail.cloudwatch-logs-delivery",
      "cloudtrail.s3-delivery",
    ],
    permissions: ["cloudtrail:UpdateTrail", "iam:PassRole"],
    description:
      "One UpdateTrail call, in the trail's home region, setting every baseline property the trail lacks. Delivery errors and stale deliveries are refused: their cause is a bucket, key or role policy, which wirewatch does not edit.",
  },
  plan(ctx) {
    if (NOT_BY_UPDATE.has(ctx.finding.messageId)) {
      return {
        refuse: `${ctx.finding.checkId} ${ctx.finding.messageId}: the cause is a bucket, key or role policy, which wirewatch does not edit`,
      };
    }
    const found = ownedTrail(ctx, ctx.finding.resource);
    if ("refuse" in found) return found;
    const { trail } = found;
    const base = ctx.baseline.cloudtrail;
    const account = ctx.inventory.accountId;
    const region = trail.homeRegion;
    // Every missing property at once, so the findings on one trail merge into one identical change.
    const input: Record<string, unknown> = { Name: trail.arn };
    const fixes: string[] = [];
    if (trail.isMultiRegion && !trail.includeGlobalServiceEvents) {
      input.IncludeGlobalServiceEvents = true;
      fixes.push("global service events");
    }
    if (!trail.isMultiRegion && region === "us-east-1" && !trail.includeGlobalServiceEvents) {
      input.IncludeGlobalServiceEvents = true;
      fixes.push("global service events");
    }
    if (!trail.logFileValidationEnabled) {
      input.EnableLogFileValidation = true;
      fixes.push("log file validation");
    }
    if (!trail.kmsKeyId && base.kmsKeyId) {
      input.KmsKeyId = fillArnTemplate(base.kmsKeyId, { account, region });
      fixes.push("KMS encryption");
    }
    if (!trail.cloudWatchLogsLogGroupArn && base.cloudWatchLogsRoleArn) {
      input.CloudWatchLogsLogGroupArn = logGroupArn(region, account, base.logGroup);
      input.CloudWatchLogsRoleArn = fillArnTemplate(base.cloudWatchLogsRoleArn, { account, region });
      fixes.push("CloudWatch Logs delivery");
    }
    if (fixes.length === 0) {
      const need =
        ctx.finding.checkId === "cloudtrail.kms-encryption"
          ? "baseline.cloudtrail.kmsKeyId"
          : ctx.finding.checkId === "cloudtrail.cloudwatch-logs-delivery"
            ? "baseline.cloudtrail.cloudWatchLogsRoleArn"
            : undefined;
      return { refuse: need ? `${need} is not set` : `nothing UpdateTrail can change on ${trail.name}` };
    }
    return {
      action: "update",
      region,
      resource: trail.arn,
      summary: `update trail ${trail.name}: ${fixes.join(", ")}`,
      calls: [{ service: "cloudtrail", operation: "UpdateTrail", region, input }],
      state: {
        trail: trail.arn,
        includeGlobalServiceEvents: trail.includeGlobalServiceEvents,
        logFileValidationEnabled: trail.logFileValidationEnabled,
        kmsKeyId: trail.kmsKeyId ?? null,
        cloudWatchLogsLogGroupArn: trail.cloudWatchLogsLogGroupArn ?? null,
      },
    };
  },
});
