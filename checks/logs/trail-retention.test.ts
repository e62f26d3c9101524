import { describe, expect, it } from "vitest";
import type { EvaluationInput } from "../../src/engine/check.ts";
import { evaluateAccount } from "../../src/engine/evaluate.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import { failedRead, inv, okRead } from "../../test/support/inventory-builder.ts";
import check from "./trail-retention.ts";

const MGMT = "111111111111";
const MEMBER = "222222222222";
const orgTrail = { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true };
const groupArn = (account = MEMBER, region = "us-east-1") =>
  `arn:aws:logs:${region}:${account}:log-group:aws-cloudtrail-logs:*`;

/** The member's own multi-region trail, its log group keeping events `days` days (undefined: never expires). */
const own = (days: number | undefined, required?: number) => {
  const b = inv(MEMBER)
    .regions("us-east-1", "eu-west-1")
    .trail({ name: "main" }, { logGroup: { group: okRead({ exists: true, retentionInDays: days }) } });
  if (required !== undefined) b.baseline({ logs: { retentionDays: required } });
  return b.build();
};
const member = (days: number | undefined) =>
  inv(MEMBER)
    .regions("us-east-1")
    .trail(orgTrail, { logGroup: { group: okRead({ exists: true, retentionInDays: days }) } })
    .build();

checkTester(check, {
  valid: [
    { name: "365 days against the default 365", input: own(365) },
    { name: "400 days", input: own(400) },
    { name: "never expires (no retentionInDays)", input: own(undefined) },
    { name: "30 days against a configured 30", input: own(30, 30) },
    { name: "organization trail group keeping 731 days credits the member", input: member(731) },
    {
      name: "organization trail group short, own group long enough: any one suffices",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail(orgTrail, { logGroup: { group: okRead({ exists: true, retentionInDays: 7 }) } })
        .trail({ name: "main" })
        .build(),
    },
  ],
  invalid: [
    {
      name: "30 days against the default 365",
      input: own(30),
      findings: [
        {
          messageId: "retentionTooShort",
          region: "global",
          resource: groupArn(),
          data: { days: 30, required: 365, trail: "main", logGroup: "aws-cloudtrail-logs", regionCount: 2 },
        },
      ],
    },
    {
      name: "364 days, one short",
      input: own(364),
      findings: [{ messageId: "retentionTooShort", data: { days: 364, required: 365 } }],
    },
    {
      name: "365 days against a configured 400",
      input: own(365, 400),
      findings: [{ messageId: "retentionTooShort", data: { days: 365, required: 400 } }],
    },
    {
      name: "organization trail group keeping 90 days debits the member",
      input: member(90),
      findings: [
        {
          messageId: "retentionTooShort",
          resource: groupArn(MGMT),
          data: { kind: "organization", days: 90 },
        },
      ],
    },
    {
      name: "the trail's log group does not exist",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail({ name: "main" }, { logGroup: { group: okRead({ exists: false }) } })
        .build(),
      findings: [{ messageId: "logGroupMissing", resource: groupArn() }],
    },
  ],
  error: [
    {
      name: "log group unreadable",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail(
          { name: "main" },
          { logGroup: { group: failedRead("AccessDeniedException", "DescribeLogGroups") } },
        )
        .build(),
      findings: [
        {
          messageId: "logGroupUnreadable",
          data: { operation: "logs:DescribeLogGroups", code: "AccessDeniedException" },
        },
      ],
    },
    {
      name: "organization trail not read for the member",
      input: inv(MEMBER).regions("us-east-1").trail(orgTrail, { noDetail: true }).build(),
      findings: [{ messageId: "trailUnreadable", resource: groupArn(MGMT), data: { code: "NotCollected" } }],
    },
    {
      name: "a region's trails could not be listed",
      input: inv(MEMBER).regions("us-east-1").regionError("us-east-1", "AccessDeniedException").build(),
      findings: [{ messageId: "trailsUnreadable", region: "us-east-1" }],
    },
  ],
  notApplicable: [
    { name: "no trail", input: inv(MEMBER).regions("us-east-1").build() },
    {
      name: "the logging trail does not deliver to CloudWatch Logs",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail({ name: "main", cloudWatchLogsLogGroupArn: undefined })
        .build(),
    },
  ],
});

describe("logs.trail-retention details", () => {
  const failure = (input: EvaluationInput) =>
    evaluateAccount([check], input).find((f) => f.status === "fail");

  it("offers put-retention on an own group, nothing to a member of an organization trail", () => {
    expect(failure(own(30))?.remediationId).toBe("logs.put-retention");
    expect(failure(member(30))?.remediationId).toBeNull();
  });

  it("passes never-expiring groups without a day count", () => {
    const [f] = evaluateAccount([check], own(undefined));
    expect(f).toMatchObject({ status: "pass", messageId: "retained", data: { required: 365 } });
    expect(f?.data).not.toHaveProperty("days");
  });
});
