import { describe, expect, it } from "vitest";
import { evaluateAccount } from "../../src/engine/evaluate.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import { inv } from "../../test/support/inventory-builder.ts";
import check from "./log-file-validation.ts";

const MGMT = "111111111111";
const orgTrail = { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true };
const orgArn = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`;

checkTester(check, {
  valid: [
    {
      name: "own multi-region trail validates its log files",
      input: inv().regions("us-east-1", "eu-west-1").trail({ name: "main" }).build(),
    },
    {
      name: "organization trail validates: the member is credited",
      input: inv().regions("us-east-1", "eu-west-1").trail(orgTrail).build(),
    },
    {
      name: "organization trail without validation, own multi-region trail with it",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ ...orgTrail, logFileValidationEnabled: false })
        .trail({ name: "own" })
        .build(),
    },
  ],
  invalid: [
    {
      name: "own multi-region trail without validation",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "main", logFileValidationEnabled: false })
        .build(),
      findings: [
        {
          messageId: "validationOff",
          region: "global",
          data: { trail: "main", kind: "multi-region", regions: "eu-west-1, us-east-1", regionCount: 2 },
        },
      ],
    },
    {
      name: "organization trail without validation debits the member",
      input: inv()
        .regions("us-east-1")
        .trail({ ...orgTrail, logFileValidationEnabled: false })
        .build(),
      findings: [{ messageId: "validationOff", resource: orgArn, data: { kind: "organization" } }],
    },
    {
      name: "one region validated by its own trail, the other only by a single-region trail without validation",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "use1", isMultiRegion: false, homeRegion: "us-east-1" })
        .trail({
          name: "euw1",
          isMultiRegion: false,
          homeRegion: "eu-west-1",
          logFileValidationEnabled: false,
        })
        .build(),
      findings: [
        { messageId: "validationOff", region: "eu-west-1", data: { trail: "euw1", regions: "eu-west-1" } },
      ],
    },
    {
      name: "the validating trail is stopped",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "validated" }, { status: { isLogging: false } })
        .trail({ name: "plain", logFileValidationEnabled: false })
        .build(),
      findings: [{ messageId: "validationOff", data: { trail: "plain" } }],
    },
  ],
  error: [
    {
      name: "status of the only trail unreadable",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { statusError: "ThrottlingException" })
        .build(),
      findings: [{ messageId: "trailUnreadable", data: { code: "ThrottlingException" } }],
    },
  ],
  notApplicable: [{ name: "no trail", input: inv().regions("us-east-1").build() }],
});

describe("cloudtrail.log-file-validation remediation", () => {
  it("update-trail for an own trail, nothing for an organization trail", () => {
    const rem = (input: ReturnType<ReturnType<typeof inv>["build"]>) =>
      evaluateAccount([check], input).find((f) => f.status === "fail")?.remediationId;
    expect(
      rem(inv().regions("us-east-1").trail({ name: "m", logFileValidationEnabled: false }).build()),
    ).toBe("cloudtrail.update-trail");
    expect(
      rem(
        inv()
          .regions("us-east-1")
          .trail({ ...orgTrail, logFileValidationEnabled: false })
          .build(),
      ),
    ).toBeNull();
  });
});
