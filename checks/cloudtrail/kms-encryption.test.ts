import { describe, expect, it } from "vitest";
import { evaluateAccount } from "../../src/engine/evaluate.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import { inv } from "../../test/support/inventory-builder.ts";
import check from "./kms-encryption.ts";

const MGMT = "111111111111";
const orgTrail = { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true };
const orgArn = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`;

checkTester(check, {
  valid: [
    {
      name: "own multi-region trail encrypted with a KMS key",
      input: inv().regions("us-east-1", "eu-west-1").trail({ name: "main" }).build(),
    },
    {
      name: "organization trail encrypted: the member is credited",
      input: inv().regions("us-east-1", "eu-west-1").trail(orgTrail).build(),
    },
    {
      name: "unencrypted organization trail, encrypted own trail",
      input: inv()
        .regions("us-east-1")
        .trail({ ...orgTrail, kmsKeyId: undefined })
        .trail({ name: "own" })
        .build(),
    },
  ],
  invalid: [
    {
      name: "own multi-region trail without a KMS key",
      input: inv().regions("us-east-1", "eu-west-1").trail({ name: "main", kmsKeyId: undefined }).build(),
      findings: [
        {
          messageId: "notEncrypted",
          region: "global",
          data: { trail: "main", regions: "eu-west-1, us-east-1" },
        },
      ],
    },
    {
      name: "unencrypted organization trail debits the member",
      input: inv()
        .regions("us-east-1")
        .trail({ ...orgTrail, kmsKeyId: undefined })
        .build(),
      findings: [{ messageId: "notEncrypted", resource: orgArn, data: { kind: "organization" } }],
    },
    {
      name: "one region encrypted, the other only by an unencrypted single-region trail",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "use1", isMultiRegion: false, homeRegion: "us-east-1" })
        .trail({ name: "euw1", isMultiRegion: false, homeRegion: "eu-west-1", kmsKeyId: undefined })
        .build(),
      findings: [{ messageId: "notEncrypted", region: "eu-west-1", data: { trail: "euw1" } }],
    },
    {
      name: "the encrypted trail is stopped",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "encrypted" }, { status: { isLogging: false } })
        .trail({ name: "plain", kmsKeyId: undefined })
        .build(),
      findings: [{ messageId: "notEncrypted", data: { trail: "plain" } }],
    },
  ],
  error: [
    {
      name: "organization trail not read at all",
      input: inv().regions("us-east-1").trail(orgTrail, { noDetail: true }).build(),
      findings: [{ messageId: "trailUnreadable", resource: orgArn, data: { code: "NotCollected" } }],
    },
  ],
  notApplicable: [
    {
      name: "only a stopped trail",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main", kmsKeyId: undefined }, { status: { isLogging: false } })
        .build(),
    },
  ],
});

describe("cloudtrail.kms-encryption remediation", () => {
  it("update-trail for an own trail, nothing for an organization trail", () => {
    const rem = (input: ReturnType<ReturnType<typeof inv>["build"]>) =>
      evaluateAccount([check], input).find((f) => f.status === "fail")?.remediationId;
    expect(rem(inv().regions("us-east-1").trail({ name: "m", kmsKeyId: undefined }).build())).toBe(
      "cloudtrail.update-trail",
    );
    expect(
      rem(
        inv()
          .regions("us-east-1")
          .trail({ ...orgTrail, kmsKeyId: undefined })
          .build(),
      ),
    ).toBeNull();
  });
});
