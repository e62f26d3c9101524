import { describe, expect, it } from "vitest";
import cloudwatchLogsDelivery from "../../checks/cloudtrail/cloudwatch-logs-delivery.ts";
import kmsEncryption from "../../checks/cloudtrail/kms-encryption.ts";
import logFileValidation from "../../checks/cloudtrail/log-file-validation.ts";
import s3Delivery from "../../checks/cloudtrail/s3-delivery.ts";
import { inv } from "../../test/support/inventory-builder.ts";
import { planWith, shape } from "../../test/support/remediation-tester.ts";
import remediation from "./update-trail.ts";

const ACCOUNT = "222222222222";
const ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
const KEY = "arn:aws:kms:{region}:{account}:key/0b2c3d4e-5f60-4711-8899-aabbccddeeff";
const CHECKS = [cloudwatchLogsDelivery, kmsEncryption, logFileValidation, s3Delivery];

describe("cloudtrail.update-trail plans", () => {
  it("one UpdateTrail setting every missing property, fixing each check's finding", () => {
    const input = inv(ACCOUNT)
      .regions("us-east-1")
      .trail({ name: "main", logFileValidationEnabled: false, kmsKeyId: undefined })
      .baseline({ cloudtrail: { kmsKeyId: KEY } })
      .build();
    const planned = planWith(CHECKS, remediation, input);
    expect(planned.changes.map(shape)).toEqual([
      {
        action: "update",
        region: "us-east-1",
        resource: ARN,
        calls: [
          {
            op: "cloudtrail:UpdateTrail",
            region: "us-east-1",
            input: {
              Name: ARN,
              EnableLogFileValidation: true,
              KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b2c3d4e-5f60-4711-8899-aabbccddeeff`,
            },
          },
        ],
      },
    ]);
    expect(planned.changes[0]!.fixes.map((k) => k.checkId).sort()).toEqual([
      "cloudtrail.kms-encryption",
      "cloudtrail.log-file-validation",
    ]);
  });
});

describe("cloudtrail.update-trail and the baseline log group CloudTrail requires", () => {
  const ROLE = "arn:aws:iam::{account}:role/CloudTrail_CloudWatchLogs_Role";
  const noDelivery = (group: "exists" | "missing" | { error: string } | undefined) => {
    const b = inv(ACCOUNT)
      .regions("us-east-1")
      .trail({ name: "main", kmsKeyId: undefined, cloudWatchLogsLogGroupArn: undefined })
      .baseline({ cloudtrail: { kmsKeyId: KEY, cloudWatchLogsRoleArn: ROLE } });
    return (group === undefined ? b : b.baselineLogGroup("us-east-1", group)).build();
  };
  const ops = (c: { calls: Array<{ service: string; operation: string }> }) =>
    c.calls.map((x) => `${x.service}:${x.operation}`);

  it("an existing group: UpdateTrail alone", () => {
    const planned = planWith(CHECKS, remediation, noDelivery("exists"));
    expect(planned.changes.map(ops)).toEqual([["cloudtrail:UpdateTrail"]]);
    expect(planned.changes[0]!.calls[0]!.input).toMatchObject({
      CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:aws-cloudtrail-logs:*`,
    });
  });

  it("a missing group: CreateLogGroup (tagged) and its retention before the UpdateTrail", () => {
    const planned = planWith(CHECKS, remediation, noDelivery("missing"));
    expect(planned.changes.map(ops)).toEqual([
      ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "cloudtrail:UpdateTrail"],
    ]);
    expect(planned.changes[0]!.calls[0]!.input).toEqual({
      logGroupName: "aws-cloudtrail-logs",
      tags: { "wirewatch:managed": "true" },
    });
    expect(planned.changes[0]!.fixes.map((k) => k.checkId).sort()).toEqual([
      "cloudtrail.cloudwatch-logs-delivery",
      "cloudtrail.kms-encryption",
    ]);
  });

  it.each([
    ["unreadable", { error: "AccessDeniedException" }, "AccessDeniedException"],
    ["not collected", undefined, "NotCollected"],
  ] as const)(
    "a group whose existence is %s: a manual step for delivery, KMS still planned",
    (_n, group, code) => {
      const planned = planWith(CHECKS, remediation, noDelivery(group));
      const byAction = Object.fromEntries(planned.changes.map((c) => [c.action, c]));
      expect(Object.keys(byAction).sort()).toEqual(["manual", "update"]);
      expect(ops(byAction.update!)).toEqual(["cloudtrail:UpdateTrail"]);
      expect(byAction.update!.calls[0]!.input).not.toHaveProperty("CloudWatchLogsLogGroupArn");
      expect(byAction.update!.fixes.map((k) => k.checkId)).toEqual(["cloudtrail.kms-encryption"]);
      expect(byAction.manual!.resource).toBe(
        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:aws-cloudtrail-logs`,
      );
      expect(byAction.manual!.fixes.map((k) => k.checkId)).toEqual(["cloudtrail.cloudwatch-logs-delivery"]);
      expect(byAction.manual!.before).toMatchObject({ exists: null, error: code });
    },
  );
});

describe("cloudtrail.update-trail refuses", () => {
  it("a delivery error: its cause is a bucket, key or role policy", () => {
    const input = inv(ACCOUNT)
      .regions("us-east-1")
      .trail({ name: "main" }, { status: { latestDeliveryError: "AccessDenied" } })
      .build();
    const planned = planWith(CHECKS, remediation, input);
    expect(planned.changes).toEqual([]);
    expect(planned.refused.map((r) => `${r.finding.checkId} ${r.finding.messageId}`)).toEqual([
      "cloudtrail.s3-delivery deliveryError",
    ]);
  });

  it("no key in the baseline for an unencrypted trail", () => {
    const input = inv(ACCOUNT).regions("us-east-1").trail({ name: "main", kmsKeyId: undefined }).build();
    const planned = planWith(CHECKS, remediation, input);
    expect(planned.changes).toEqual([]);
    expect(planned.refused[0]!.reason).toContain("baseline.cloudtrail.kmsKeyId");
  });
});
