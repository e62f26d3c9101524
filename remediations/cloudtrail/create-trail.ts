import { allTrails } from "../../src/engine/trails.ts";
import { fillArnTemplate, logGroupArn, regionalArn } from "../../src/inventory/arn.ts";
import { defineRemediation, tagList } from "../../src/remediate/remediation.ts";

export default defineRemediation({
  meta: {
    id: "cloudtrail.create-trail",
    title: "Create a multi-region trail to the baseline's bucket, KMS key and log group, and start it",
    fixes: ["cloudtrail.multi-region-logging"],
    permissions: ["cloudtrail:CreateTrail", "cloudtrail:StartLogging", "cloudtrail:AddTags", "iam:PassRole"],
    description:
      "Creates baseline.cloudtrail.trailName in the home region as a multi-region trail with global service events and log file validation, to baseline.cloudtrail.s3Bucket, encrypted with baseline.cloudtrail.kmsKeyId and delivering to baseline.cloudtrail.logGroup when a CloudWatch Logs role is configured, tagged, then starts it. One trail fixes every blind region of the account.",
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
    if (base.cloudWatchLogsRoleArn) {
      input.CloudWatchLogsLogGroupArn = logGroupArn(region, account, base.logGroup);
      input.CloudWatchLogsRoleArn = fillArnTemplate(base.cloudWatchLogsRoleArn, { account, region });
    }
    return {
      action: "create",
      region,
      resource: arn,
      summary: `create multi-region trail ${base.trailName} to s3://${base.s3Bucket} and start it`,
      calls: [
        { service: "cloudtrail", operation: "CreateTrail", region, input },
        { service: "cloudtrail", operation: "StartLogging", region, input: { Name: arn } },
      ],
      state: { trails: existing.map((t) => t.arn).sort() },
    };
  },
});
