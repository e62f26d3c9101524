import { allTrails } from "../../src/engine/trails.ts";
import { fillArnTemplate, regionalArn } from "../../src/inventory/arn.ts";
import { defineRemediation, tagList, type AwsCall } from "../../src/remediate/remediation.ts";
import { baselineDelivery, DELIVERY_PERMISSIONS } from "./_delivery.ts";

export default defineRemediation({
  meta: {
    id: "cloudtrail.create-trail",
    title: "Create a multi-region trail to the baseline's bucket, KMS key and log group, and start it",
    fixes: ["cloudtrail.multi-region-logging"],
    permissions: [
      "cloudtrail:CreateTrail",
      "cloudtrail:StartLogging",
      "cloudtrail:AddTags",
      "iam:PassRole",
      ...DELIVERY_PERMISSIONS,
    ],
    description:
      "Creates baseline.cloudtrail.trailName in the home region as a multi-region trail with global service events and log file validation, to baseline.cloudtrail.s3Bucket, encrypted with baseline.cloudtrail.kmsKeyId and delivering to baseline.cloudtrail.logGroup when a CloudWatch Logs role is configured (creating the group first, tagged, when the scan found none; without delivery when the scan could not tell), tagged, then starts it. One trail fixes every blind region of the account.",
  },
  plan(ctx) {
    const base = ctx.baseline.cloudtrail;
    const account = ctx.inventory.accountId;
    if (!base.s3Bucket)
      return { refuse: "baseline.cloudtrail.s3Bucket is not set: no bucket to create a trail for" };
    const existing = allTrails(ctx).map((t) => t.summary);
    const clash = existing.find((t) => t.name === base.trailName && t.ownerAccountId === account);
    if (clash) {
      return {
        refuse: `trail ${base.trailName} already exists (${clash.arn}); fix it instead of creating another`,
      };
    }
    const region = ctx.homeRegion;
    const arn = regionalArn("cloudtrail", region, account, `trail/${base.trailName}`);
    const input: Record<string, unknown> = {
      Name: base.trailName,
      S3BucketName: base.s3Bucket,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      TagsList: tagList(ctx.tags),
    };
    if (base.kmsKeyId) input.KmsKeyId = fillArnTemplate(base.kmsKeyId, { account, region });
    // A missing log group is created first; when its existence is unknown the trail is created without
    // delivery (logging matters more), and cloudtrail.cloudwatch-logs-delivery will then ask a person.
    const delivery = baselineDelivery(ctx, region);
    const prerequisites: AwsCall[] = [];
    if (delivery?.ready) {
      Object.assign(input, delivery.input);
      prerequisites.push(...delivery.prerequisites);
    }
    return {
      action: "create",
      region,
      resource: arn,
      summary:
        `create multi-region trail ${base.trailName} to s3://${base.s3Bucket} and start it` +
        (delivery?.ready && delivery.note ? ` (${delivery.note})` : ""),
      calls: [
        ...prerequisites,
        { service: "cloudtrail", operation: "CreateTrail", region, input },
        { service: "cloudtrail", operation: "StartLogging", region, input: { Name: arn } },
      ],
      state: { trails: existing.map((t) => t.arn).sort(), delivery: delivery?.state ?? null },
    };
  },
});
