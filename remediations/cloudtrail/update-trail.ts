import { fillArnTemplate } from "../../src/inventory/arn.ts";
import { defineRemediation, type AwsCall } from "../../src/remediate/remediation.ts";
import { baselineDelivery, DELIVERY_PERMISSIONS } from "./_delivery.ts";
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
    permissions: ["cloudtrail:UpdateTrail", "iam:PassRole", ...DELIVERY_PERMISSIONS],
    description:
      "One UpdateTrail call, in the trail's home region, setting every baseline property the trail lacks. When it adds CloudWatch Logs delivery to baseline.cloudtrail.logGroup and the scan found no such group there, it first creates the group (tagged, with baseline.logs.retentionDays); when the scan could not tell, delivery is left to a person as a manual step. Delivery errors and stale deliveries are refused: their cause is a bucket, key or role policy, which wirewatch does not edit.",
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
    const prerequisites: AwsCall[] = [];
    let deliveryState: unknown = null;
    const delivery = trail.cloudWatchLogsLogGroupArn ? null : baselineDelivery(ctx, region);
    if (delivery?.ready) {
      Object.assign(input, delivery.input);
      prerequisites.push(...delivery.prerequisites);
      deliveryState = delivery.state;
      fixes.push(delivery.note ? `CloudWatch Logs delivery (${delivery.note})` : "CloudWatch Logs delivery");
    } else if (delivery && ctx.finding.checkId === "cloudtrail.cloudwatch-logs-delivery") {
      // Whether the log group exists is unknown: a person checks it, rather than an UpdateTrail AWS may refuse.
      return {
        action: "manual",
        region,
        resource: delivery.groupArn,
        summary: `log group ${base.logGroup} for trail ${trail.name}: existence unknown`,
        calls: [],
        manual: delivery.manual,
        state: { trail: trail.arn, ...delivery.state },
      };
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
      calls: [...prerequisites, { service: "cloudtrail", operation: "UpdateTrail", region, input }],
      state: {
        delivery: deliveryState,
        trail: trail.arn,
        includeGlobalServiceEvents: trail.includeGlobalServiceEvents,
        logFileValidationEnabled: trail.logFileValidationEnabled,
        kmsKeyId: trail.kmsKeyId ?? null,
        cloudWatchLogsLogGroupArn: trail.cloudWatchLogsLogGroupArn ?? null,
      },
    };
  },
});
