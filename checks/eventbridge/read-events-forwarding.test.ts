import type { RuleTarget } from "../../src/inventory/model.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import { failedRead, inv } from "../../test/support/inventory-builder.ts";
import check from "./read-events-forwarding.ts";

const MEMBER = "222222222222";
const REGION = "eu-west-1";
const DEST = `arn:aws:events:${REGION}:999999999999:event-bus/central`;
const API_CALL = "AWS API Call via CloudTrail";
const ALL = JSON.stringify({ "detail-type": [API_CALL] });
const WRITES_ONLY = JSON.stringify({ "detail-type": [API_CALL], detail: { readOnly: [false] } });
const READS_ONLY = JSON.stringify({ "detail-type": [API_CALL], detail: { readOnly: [true] } });
const EWA = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";
const central: RuleTarget = { id: "central", arn: DEST, inputTransformed: false };
const required = { forwarding: { destination: DEST, requireReadEvents: true } };

const region = () => inv(MEMBER).regions(REGION).trail({ name: "main" });

checkTester(check, {
  valid: [
    {
      name: "one rule in ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS matching everything",
      input: region()
        .rule(REGION, { name: "fwd", eventPattern: ALL, state: EWA }, [central])
        .baseline(required)
        .build(),
    },
    {
      name: "writes by an ENABLED rule, reads by a second rule",
      input: region()
        .rule(REGION, { name: "writes", eventPattern: WRITES_ONLY }, [central])
        .rule(REGION, { name: "reads", eventPattern: READS_ONLY, state: EWA }, [central])
        .baseline(required)
        .build(),
    },
  ],
  invalid: [
    {
      name: "read events required but the rule is ENABLED",
      input: region().rule(REGION, { name: "fwd", eventPattern: ALL }, [central]).baseline(required).build(),
      findings: [{ messageId: "readEventsNotEnabled", data: { rule: "fwd", state: "ENABLED" } }],
    },
    {
      name: "right state, but the pattern keeps writes only",
      input: region()
        .rule(REGION, { name: "fwd", eventPattern: WRITES_ONLY, state: EWA }, [central])
        .baseline(required)
        .build(),
      findings: [{ messageId: "patternExcludesReads", data: { rules: "fwd", sampleCount: 4 } }],
    },
    {
      name: "right state, pattern narrowed to EC2",
      input: region()
        .rule(REGION, { name: "fwd", eventPattern: JSON.stringify({ source: ["aws.ec2"] }), state: EWA }, [
          central,
        ])
        .baseline(required)
        .build(),
      findings: [
        {
          messageId: "partialMatch",
          data: {
            missedCount: 3,
            missedExamples: "cloudtrail:DescribeTrails, s3:ListBuckets, secretsmanager:GetSecretValue",
          },
        },
      ],
    },
    {
      name: "the read rule lost its target",
      input: region()
        .rule(REGION, { name: "writes", eventPattern: WRITES_ONLY }, [central])
        .rule(REGION, { name: "wirewatch-forward-cloudtrail", eventPattern: READS_ONLY, state: EWA }, [])
        .baseline(required)
        .build(),
      findings: [
        { messageId: "wrongTarget", data: { rule: "wirewatch-forward-cloudtrail", targets: "none" } },
      ],
    },
  ],
  error: [
    {
      name: "rules could not be listed",
      input: region().rulesError(REGION, "AccessDeniedException").baseline(required).build(),
      findings: [{ messageId: "rulesUnreadable", data: { code: "AccessDeniedException" } }],
    },
    {
      name: "targets of the read rule could not be read",
      input: region()
        .rule(REGION, { name: "writes", eventPattern: WRITES_ONLY }, [central])
        .rule(
          REGION,
          { name: "reads", eventPattern: READS_ONLY, state: EWA },
          failedRead("ThrottlingException", "ListTargetsByRule", "events", REGION),
        )
        .baseline(required)
        .build(),
      findings: [{ messageId: "targetsUnreadable", data: { rule: "reads", code: "ThrottlingException" } }],
    },
    {
      name: "unparsable pattern",
      input: region()
        .rule(REGION, { name: "writes", eventPattern: WRITES_ONLY }, [central])
        .rule(REGION, { name: "odd", eventPattern: "{" })
        .baseline(required)
        .build(),
      findings: [{ messageId: "patternUnparsable", data: { rule: "odd", path: "$" } }],
    },
  ],
  notApplicable: [
    {
      name: "read events not required (the default)",
      input: region().rule(REGION, { name: "fwd", eventPattern: ALL }, [central]).build(),
    },
    {
      name: "nothing forwarded at all",
      input: region().baseline(required).build(),
    },
    {
      name: "the forwarding rule is disabled",
      input: region()
        .rule(REGION, { name: "fwd", eventPattern: ALL, state: "DISABLED" }, [central])
        .baseline(required)
        .build(),
    },
  ],
});
