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
