import { describe, expect, it } from "vitest";
import multiRegionLogging from "../../checks/cloudtrail/multi-region-logging.ts";
import { inv } from "../../test/support/inventory-builder.ts";
import { planWith, shape, TAGS } from "../../test/support/remediation-tester.ts";
import remediation from "./create-trail.ts";

const ACCOUNT = "222222222222";
const ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/wirewatch-trail`;
const cloudtrail = {
  s3Bucket: "central-trail-logs",
  kmsKeyId: "arn:aws:kms:us-east-1:{account}:key/0b2c3d4e-5f60-4711-8899-aabbccddeeff",
  cloudWatchLogsRoleArn: "arn:aws:iam::{account}:role/CloudTrail_CloudWatchLogs_Role",
};
const CHECKS = [multiRegionLogging];
const blind = (
  baseline: Record<string, unknown> = cloudtrail,
  group: "exists" | "missing" | { error: string } = "exists",
) =>
  inv(ACCOUNT)
    .regions("us-east-1", "eu-west-1")
    .baselineLogGroup("us-east-1", group)
    .baseline({ cloudtrail: baseline })
    .build();

describe("cloudtrail.create-trail plans", () => {
  it("one multi-region trail, tagged, with KMS and CloudWatch Logs, for every blind region", () => {
    const planned = planWith(CHECKS, remediation, blind());
    expect(planned.changes.map(shape)).toEqual([
      {
        action: "create",
        region: "us-east-1",
        resource: ARN,
        calls: [
          {
            op: "cloudtrail:CreateTrail",
            region: "us-east-1",
            input: {
              Name: "wirewatch-trail",
              S3BucketName: "central-trail-logs",
              IsMultiRegionTrail: true,
              IncludeGlobalServiceEvents: true,
              EnableLogFileValidation: true,
              TagsList: [{ Key: "wirewatch:managed", Value: TAGS["wirewatch:managed"] }],
              KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b2c3d4e-5f60-4711-8899-aabbccddeeff`,
              CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:aws-cloudtrail-logs:*`,
              CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/CloudTrail_CloudWatchLogs_Role`,
            },
          },
          { op: "cloudtrail:StartLogging", region: "us-east-1", input: { Name: ARN } },
        ],
      },
    ]);
    expect(planned.changes[0]!.fixes.map((k) => `${k.region} ${k.messageId}`)).toEqual([
      "eu-west-1 noTrail",
      "us-east-1 noTrail",
    ]);
  });

  it("creates the baseline log group first, tagged, with the baseline retention, when the scan found none", () => {
    const planned = planWith(CHECKS, remediation, blind(cloudtrail, "missing"));
    expect(planned.changes.map(shape)[0]!.calls.map((c) => [c.op, c.input])).toEqual([
      ["logs:CreateLogGroup", { logGroupName: "aws-cloudtrail-logs", tags: TAGS }],
      ["logs:PutRetentionPolicy", { logGroupName: "aws-cloudtrail-logs", retentionInDays: 365 }],
      ["cloudtrail:CreateTrail", expect.objectContaining({ CloudWatchLogsRoleArn: expect.any(String) })],
      ["cloudtrail:StartLogging", { Name: ARN }],
    ]);
    expect(planned.changes[0]!.before).toMatchObject({ delivery: { exists: false } });
  });

  it("creates the trail without delivery when whether the log group exists could not be read", () => {
    const planned = planWith(CHECKS, remediation, blind(cloudtrail, { error: "AccessDeniedException" }));
    const [create] = planned.changes[0]!.calls;
    expect(create!.operation).toBe("CreateTrail");
    expect(create!.input).not.toHaveProperty("CloudWatchLogsLogGroupArn");
    expect(planned.changes[0]!.before).toMatchObject({
      delivery: { exists: null, error: "AccessDeniedException" },
    });
  });

  it("without a key or a CloudWatch Logs role in the baseline, the trail gets neither", () => {
    const planned = planWith(CHECKS, remediation, blind({ s3Bucket: "central-trail-logs" }));
    expect(Object.keys(planned.changes[0]!.calls[0]!.input).sort()).toEqual(
      [
        "EnableLogFileValidation",
        "IncludeGlobalServiceEvents",
        "IsMultiRegionTrail",
        "Name",
        "S3BucketName",
        "TagsList",
      ].sort(),
    );
  });
});

describe("cloudtrail.create-trail refuses", () => {
  it("without a bucket in the baseline", () => {
    const planned = planWith(CHECKS, remediation, blind({}));
    expect(planned.changes).toEqual([]);
    expect(planned.refused.map((r) => r.finding.messageId)).toEqual(["noTrail", "noTrail"]);
    expect(planned.refused[0]!.reason).toContain("baseline.cloudtrail.s3Bucket");
  });

  it("when a trail of the baseline's name already exists (single-region, so other regions are blind)", () => {
    const input = inv(ACCOUNT)
      .regions("us-east-1", "eu-west-1")
      .trail({ name: "wirewatch-trail", isMultiRegion: false })
      .baseline({ cloudtrail })
      .build();
    const planned = planWith(CHECKS, remediation, input);
    expect(planned.changes).toEqual([]);
    expect(planned.refused.map((r) => `${r.finding.region} ${r.finding.messageId}`)).toEqual([
      "eu-west-1 noTrail",
    ]);
    expect(planned.refused[0]!.reason).toContain(ARN);
  });
});
