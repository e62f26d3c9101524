import { describe, expect, it } from "vitest";
import type { RuleTarget } from "../../src/inventory/model.ts";
import { evaluateAccount } from "../../src/engine/evaluate.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import { failedRead, inv } from "../../test/support/inventory-builder.ts";
import check from "./cloudtrail-forwarding.ts";

const MEMBER = "222222222222";
const MGMT = "111111111111";
const CENTRAL = "999999999999";
const TEMPLATE = `arn:aws:events:{region}:${CENTRAL}:event-bus/central`;
const dest = (region: string) => `arn:aws:events:${region}:${CENTRAL}:event-bus/central`;
const central = (region: string, over: Partial<RuleTarget> = {}): RuleTarget => ({
  id: "central",
  arn: dest(region),
  roleArn: `arn:aws:iam::${MEMBER}:role/forwarder`,
  deadLetterArn: `arn:aws:sqs:${region}:${MEMBER}:forwarding-dlq`,
  inputTransformed: false,
  ...over,
});
const API_CALL = "AWS API Call via CloudTrail";
const pattern = (p: unknown) => JSON.stringify(p);
const ALL = pattern({ "detail-type": [API_CALL] });
const REGIONAL = pattern({
  source: [
    "aws.cloudtrail",
    "aws.kms",
    "aws.s3",
    "aws.config",
    "aws.ec2",
    "aws.events",
    "aws.logs",
    "aws.cloudwatch",
  ],
  "detail-type": [API_CALL],
});
const orgTrail = { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true };
const withDestination = { forwarding: { destination: TEMPLATE } };

/** A member with a logging trail and the forwarding rule in each given region. */
function forwarded(regions: string[], eventPattern = ALL) {
  let b = inv(MEMBER)
    .regions(...regions)
    .trail({ name: "main" });
  for (const r of regions) b = b.rule(r, { name: "fwd", eventPattern }, [central(r)]);
  return b.baseline(withDestination);
}

checkTester(check, {
  valid: [
    {
      name: "one rule matching every API call, in every region",
      input: forwarded(["us-east-1", "eu-west-1"]).build(),
    },
    {
      name: "prefix on the source",
      input: forwarded(
        ["us-east-1"],
        pattern({ source: [{ prefix: "aws." }], "detail-type": [API_CALL] }),
      ).build(),
    },
    {
      name: "$or of alternatives that together match everything",
      input: forwarded(
        ["us-east-1"],
        pattern({
          "detail-type": [API_CALL],
          $or: [{ source: ["aws.iam"] }, { source: [{ "anything-but": "aws.iam" }] }],
        }),
      ).build(),
    },
    {
      name: "two rules that together match everything",
      input: inv(MEMBER)
        .regions("eu-west-1")
        .trail({ name: "main" })
        .rule("eu-west-1", { name: "ec2", eventPattern: pattern({ source: ["aws.ec2"] }) }, [
          central("eu-west-1"),
        ])
        .rule(
          "eu-west-1",
          { name: "rest", eventPattern: pattern({ source: [{ "anything-but": "aws.ec2" }] }) },
          [central("eu-west-1")],
        )
        .baseline(withDestination)
        .build(),
    },
    {
      name: "regional sources only: enough outside us-east-1",
      input: forwarded(["eu-west-1", "ap-southeast-2"], REGIONAL).build(),
    },
    {
      name: "state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
      input: inv(MEMBER)
        .regions("eu-west-1")
        .trail({ name: "main" })
        .rule(
          "eu-west-1",
          { name: "fwd", eventPattern: ALL, state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" },
          [central("eu-west-1")],
        )
        .baseline(withDestination)
        .build(),
    },
    {
      name: "member fed by the organization trail, with its own rules",
      input: inv(MEMBER)
        .regions("us-east-1", "eu-west-1")
        .trail(orgTrail)
        .rule("us-east-1", { name: "fwd", eventPattern: ALL }, [central("us-east-1")])
        .rule("eu-west-1", { name: "fwd", eventPattern: ALL }, [central("eu-west-1")])
        .baseline(withDestination)
        .build(),
    },
    {
      name: "no destination configured: any target counts",
      input: inv(MEMBER)
        .regions("eu-west-1")
        .trail({ name: "main" })
        .rule("eu-west-1", { name: "fwd", eventPattern: ALL }, [
          { id: "q", arn: `arn:aws:sqs:eu-west-1:${MEMBER}:events`, inputTransformed: false },
        ])
        .build(),
    },
    {
      name: "unrelated rules with unreadable targets beside a complete forwarding",
      input: forwarded(["eu-west-1"])
        .rule(
          "eu-west-1",
          { name: "ec2-responder", eventPattern: pattern({ source: ["aws.ec2"] }) },
          failedRead("ThrottlingException", "ListTargetsByRule", "events", "eu-west-1"),
        )
        .build(),
    },
  ],
  invalid: [
    {
      name: "rule missing in one region, present in the other",
      input: inv(MEMBER)
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "main" })
        .rule("us-east-1", { name: "fwd", eventPattern: ALL }, [central("us-east-1")])
        .baseline(withDestination)
        .build(),
      findings: [{ messageId: "noRule", region: "eu-west-1", resource: `${MEMBER}/eu-west-1` }],
    },
    {
      name: "rule disabled",
      input: inv(MEMBER)
        .regions("eu-west-1")
        .trail({ name: "main" })
        .rule("eu-west-1", { name: "fwd", eventPattern: ALL, state: "DISABLED" }, [central("eu-west-1")])
        .baseline(withDestination)
        .build(),
      findings: [{ messageId: "ruleDisabled", data: { rule: "fwd", state: "DISABLED" } }],
    },
    {
      name: "rule narrowed to one event source",
      input: forwarded(["eu-west-1"], pattern({ source: ["aws.ec2"], "detail-type": [API_CALL] })).build(),
      findings: [{ messageId: "partialMatch", data: { rules: "fwd", missedCount: 28, sampleCount: 64 } }],
    },
    {
      name: "anything-but on detail.eventName excludes StopLogging and DeleteTrail",
      input: forwarded(
        ["eu-west-1"],
        pattern({
          "detail-type": [API_CALL],
          detail: { eventName: [{ "anything-but": ["StopLogging", "DeleteTrail"] }] },
        }),
      ).build(),
      findings: [
        {
          messageId: "partialMatch",
          data: { missedCount: 2, missedExamples: "cloudtrail:DeleteTrail, cloudtrail:StopLogging" },
        },
      ],
    },
    {
      name: "regional sources only: IAM and Organizations calls missed in us-east-1 alone",
      input: forwarded(["us-east-1", "eu-west-1"], REGIONAL).build(),
      findings: [
        { messageId: "partialMatch", region: "us-east-1", data: { missedCount: 34, sampleCount: 98 } },
      ],
    },
    {
      name: "target points to the wrong bus",
      input: inv(MEMBER)
        .regions("eu-west-1")
        .trail({ name: "main" })
        .rule("eu-west-1", { name: "fwd", eventPattern: ALL }, [
          central("eu-west-1", { arn: "arn:aws:events:eu-west-1:888888888888:event-bus/attacker" }),
        ])
        .baseline(withDestination)
        .build(),
      findings: [
        {
          messageId: "wrongTarget",
          data: { rule: "fwd", targets: "arn:aws:events:eu-west-1:888888888888:event-bus/attacker" },
        },
      ],
    },
    {
      name: "target removed",
      input: inv(MEMBER)
        .regions("eu-west-1")
        .trail({ name: "main" })
        .rule("eu-west-1", { name: "fwd", eventPattern: ALL }, [])
        .baseline(withDestination)
        .build(),
      findings: [{ messageId: "wrongTarget", data: { rule: "fwd", targets: "none", targetCount: 0 } }],
    },
    {
      name: "no destination configured: a rule without targets",
      input: inv(MEMBER)
        .regions("eu-west-1")
        .trail({ name: "main" })
        .rule("eu-west-1", { name: "fwd", eventPattern: ALL }, [])
        .build(),
      findings: [{ messageId: "wrongTarget", data: { destination: "any target", targetCount: 0 } }],
    },
    {
      name: "a Lambda consumer of API calls is no forwarding",
      input: inv(MEMBER)
        .regions("eu-west-1")
        .trail({ name: "main" })
        .rule("eu-west-1", { name: "responder", eventPattern: ALL }, [
          { id: "fn", arn: `arn:aws:lambda:eu-west-1:${MEMBER}:function:responder`, inputTransformed: false },
        ])
        .baseline(withDestination)
        .build(),
      findings: [{ messageId: "noRule" }],
    },
    {
      name: "neither trail nor rule: one finding, the rule",
      input: inv(MEMBER).regions("eu-west-1").baseline(withDestination).build(),
      findings: [{ messageId: "noRule" }],
    },
    {
      name: "organization member without rules: the organization trail does not credit it",
      input: inv(MEMBER).regions("us-east-1", "eu-west-1").trail(orgTrail).baseline(withDestination).build(),
      findings: [
        { messageId: "noRule", region: "eu-west-1" },
        { messageId: "noRule", region: "us-east-1" },
      ],
    },
  ],
  error: [
    {
      name: "rules could not be listed",
      input: forwarded(["eu-west-1"]).rulesError("eu-west-1", "AccessDeniedException").build(),
      findings: [{ messageId: "rulesUnreadable", data: { code: "AccessDeniedException" } }],
    },
    {
      name: "rules not collected (inventory saved before the fast path was)",
      input: (() => {
        const input = forwarded(["eu-west-1"]).build();
        delete input.inventory.regions["eu-west-1"]!.rules;
        return input;
      })(),
      findings: [{ messageId: "rulesUnreadable", data: { code: "NotCollected" } }],
    },
    {
      name: "targets of the only matching rule could not be read",
      input: inv(MEMBER)
        .regions("eu-west-1")
        .trail({ name: "main" })
        .rule(
          "eu-west-1",
          { name: "fwd", eventPattern: ALL },
          failedRead("ThrottlingException", "ListTargetsByRule", "events", "eu-west-1"),
        )
        .baseline(withDestination)
        .build(),
      findings: [{ messageId: "targetsUnreadable", data: { rule: "fwd", code: "ThrottlingException" } }],
    },
    {
      name: "unparsable pattern while samples are missed",
      input: forwarded(["eu-west-1"], pattern({ source: ["aws.ec2"] }))
        .rule("eu-west-1", { name: "odd", eventPattern: '{"source": []}' })
        .build(),
      findings: [{ messageId: "patternUnparsable", data: { rule: "odd", path: "$.source" } }],
    },
    {
      name: "rules forward, trails could not be listed",
      input: inv(MEMBER)
        .regions("eu-west-1")
        .regionError("eu-west-1", "AccessDeniedException")
        .rule("eu-west-1", { name: "fwd", eventPattern: ALL }, [central("eu-west-1")])
        .baseline(withDestination)
        .build(),
      findings: [{ messageId: "trailsUnreadable", data: { code: "AccessDeniedException" } }],
    },
    {
      name: "rules forward, the organization trail's status could not be read",
      input: inv(MEMBER)
        .regions("eu-west-1")
        .trail(orgTrail, { statusError: "TrailNotFoundException" })
        .rule("eu-west-1", { name: "fwd", eventPattern: ALL }, [central("eu-west-1")])
        .baseline(withDestination)
        .build(),
      findings: [
        { messageId: "trailStatusUnreadable", data: { trail: "org-trail", code: "TrailNotFoundException" } },
      ],
    },
  ],
  notApplicable: [
    {
      name: "rules forward but the only trail is stopped: the trail check reports the cause",
      input: inv(MEMBER)
        .regions("eu-west-1")
        .trail({ name: "main" }, { status: { isLogging: false } })
        .rule("eu-west-1", { name: "fwd", eventPattern: ALL }, [central("eu-west-1")])
        .baseline(withDestination)
        .build(),
    },
    {
      name: "rules forward but no trail covers the region",
      input: inv(MEMBER)
        .regions("eu-west-1")
        .trail({ name: "use1", isMultiRegion: false, homeRegion: "us-east-1" })
        .rule("eu-west-1", { name: "fwd", eventPattern: ALL }, [central("eu-west-1")])
        .baseline(withDestination)
        .build(),
    },
  ],
});

describe("eventbridge.cloudtrail-forwarding evidence and remediation", () => {
  const run = (input: ReturnType<ReturnType<typeof inv>["build"]>) => evaluateAccount([check], input);

  it("lists every missed sample in evidence", () => {
    const [f] = run(
      forwarded(
        ["eu-west-1"],
        pattern({ "detail-type": [API_CALL], detail: { eventName: [{ "anything-but": ["StopLogging"] }] } }),
      ).build(),
    );
    expect(f?.evidence.missed).toEqual(["cloudtrail:StopLogging"]);
  });

  it("leaves the trail to its own check, and a service-managed rule to its service", () => {
    const [stopped] = run(
      inv(MEMBER)
        .regions("eu-west-1")
        .trail({ name: "main" }, { status: { isLogging: false } })
        .rule("eu-west-1", { name: "fwd", eventPattern: ALL }, [central("eu-west-1")])
        .baseline(withDestination)
        .build(),
    );
    expect([stopped?.messageId, stopped?.remediationId]).toEqual(["noLoggingTrail", null]);
    const [managed] = run(
      inv(MEMBER)
        .regions("eu-west-1")
        .trail({ name: "main" })
        .rule(
          "eu-west-1",
          { name: "fwd", eventPattern: ALL, state: "DISABLED", managedBy: "securityhub.amazonaws.com" },
          [central("eu-west-1")],
        )
        .baseline(withDestination)
        .build(),
    );
    expect([managed?.messageId, managed?.remediationId]).toEqual(["ruleDisabled", null]);
  });

  it("credits the management account with its own rules only", () => {
    const mgmt = inv(MGMT)
      .regions("eu-west-1")
      .trail(orgTrail)
      .rule("eu-west-1", { name: "fwd", eventPattern: ALL }, [central("eu-west-1")])
      .baseline(withDestination)
      .build();
    const member = inv(MEMBER).regions("eu-west-1").trail(orgTrail).baseline(withDestination).build();
    expect(run(mgmt).map((f) => f.status)).toEqual(["pass"]);
    expect(run(member).map((f) => [f.status, f.messageId])).toEqual([["fail", "noRule"]]);
  });
});
