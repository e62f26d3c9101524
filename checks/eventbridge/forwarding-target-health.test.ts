import type { RuleTarget } from "../../src/inventory/model.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import { failedRead, inv } from "../../test/support/inventory-builder.ts";
import check from "./forwarding-target-health.ts";

const MEMBER = "222222222222";
const CENTRAL = "999999999999";
const REGION = "eu-west-1";
const DEST = `arn:aws:events:${REGION}:${CENTRAL}:event-bus/central`;
const ALL = JSON.stringify({ "detail-type": ["AWS API Call via CloudTrail"] });
const healthy: RuleTarget = {
  id: "central",
  arn: DEST,
  roleArn: `arn:aws:iam::${MEMBER}:role/forwarder`,
  deadLetterArn: `arn:aws:sqs:${REGION}:${MEMBER}:forwarding-dlq`,
  retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
  inputTransformed: false,
};

function withTarget(over: Partial<RuleTarget>, baseline: Record<string, unknown> = {}) {
  return inv(MEMBER)
    .regions(REGION)
    .trail({ name: "main" })
    .rule(REGION, { name: "fwd", eventPattern: ALL }, [{ ...healthy, ...over }])
    .baseline({
      forwarding: { destination: `arn:aws:events:{region}:${CENTRAL}:event-bus/central`, ...baseline },
    })
    .build();
}

checkTester(check, {
  valid: [
    { name: "DLQ, role and default-or-better retries", input: withTarget({}) },
    {
      name: "no retry policy set: EventBridge's defaults (24 h, 185)",
      input: withTarget({ retryPolicy: undefined }),
    },
    {
      name: "a bus in the same account and region needs no role",
      input: withTarget(
        { arn: `arn:aws:events:${REGION}:${MEMBER}:event-bus/central`, roleArn: undefined },
        {
          destination: "arn:aws:events:{region}:{account}:event-bus/central",
        },
      ),
    },
    {
      name: "a queue destination needs no role",
      input: withTarget(
        { arn: `arn:aws:sqs:${REGION}:${CENTRAL}:events`, roleArn: undefined },
        {
          destination: `arn:aws:sqs:{region}:${CENTRAL}:events`,
        },
      ),
    },
    {
      name: "DLQ not required by the baseline",
      input: withTarget({ deadLetterArn: undefined }, { requireDeadLetterQueue: false }),
    },
    {
      name: "only the target that carries the forwarding is judged",
      input: inv(MEMBER)
        .regions(REGION)
        .rule(REGION, { name: "fwd", eventPattern: ALL }, [
          healthy,
          { id: "audit", arn: `arn:aws:sqs:${REGION}:${MEMBER}:audit`, inputTransformed: false },
        ])
        .baseline({ forwarding: { destination: DEST } })
        .build(),
    },
  ],
  invalid: [
    {
      name: "cross-account bus without RoleArn",
      input: withTarget({ roleArn: undefined }),
      findings: [
        {
          messageId: "crossAccountWithoutRole",
          data: {
            rule: "fwd",
            target: "central",
            busAccount: CENTRAL,
            busRegion: REGION,
            crossing: "account",
          },
        },
      ],
    },
    {
      name: "bus in another region of the same account without RoleArn",
      input: withTarget(
        { arn: `arn:aws:events:us-east-1:${MEMBER}:event-bus/central`, roleArn: undefined },
        {
          destination: "arn:aws:events:us-east-1:{account}:event-bus/central",
        },
      ),
      findings: [{ messageId: "crossAccountWithoutRole", data: { busAccount: MEMBER, crossing: "region" } }],
    },
    {
      name: "no dead-letter queue",
      input: withTarget({ deadLetterArn: undefined }),
      findings: [
        { messageId: "noDeadLetterQueue", data: { rule: "fwd", target: "central", targetArn: DEST } },
      ],
    },
    {
      name: "retries switched off",
      input: withTarget({ retryPolicy: { maximumRetryAttempts: 0 } }),
      findings: [
        { messageId: "retriesDisabled", data: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 86_400 } },
      ],
    },
    {
      name: "events given up after a minute",
      input: withTarget({ retryPolicy: { maximumEventAgeInSeconds: 60 } }),
      findings: [
        { messageId: "retriesDisabled", data: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 60 } },
      ],
    },
    {
      name: "every weakness at once, one finding each",
      input: withTarget({
        roleArn: undefined,
        deadLetterArn: undefined,
        retryPolicy: { maximumRetryAttempts: 0 },
      }),
      findings: [
        { messageId: "noDeadLetterQueue" },
        { messageId: "crossAccountWithoutRole" },
        { messageId: "retriesDisabled" },
      ],
    },
    {
      name: "no destination configured: every target of the forwarding rule is judged",
      input: inv(MEMBER)
        .regions(REGION)
        .rule(REGION, { name: "fwd", eventPattern: ALL }, [
          healthy,
          { id: "q", arn: `arn:aws:sqs:${REGION}:${MEMBER}:events`, inputTransformed: false },
        ])
        .build(),
      findings: [{ messageId: "noDeadLetterQueue", data: { target: "q" } }],
    },
  ],
  error: [
    {
      name: "rules could not be listed",
      input: inv(MEMBER).regions(REGION).rulesError(REGION, "AccessDeniedException").build(),
      findings: [{ messageId: "rulesUnreadable", data: { code: "AccessDeniedException" } }],
    },
    {
      name: "targets of a matching rule could not be read",
      input: inv(MEMBER)
        .regions(REGION)
        .rule(
          REGION,
          { name: "fwd", eventPattern: ALL },
          failedRead("AccessDeniedException", "ListTargetsByRule", "events", REGION),
        )
        .baseline({ forwarding: { destination: DEST } })
        .build(),
      findings: [{ messageId: "targetsUnreadable", data: { rule: "fwd", code: "AccessDeniedException" } }],
    },
  ],
  notApplicable: [
    {
      name: "no forwarding rule",
      input: inv(MEMBER)
        .regions(REGION)
        .baseline({ forwarding: { destination: DEST } })
        .build(),
    },
    {
      name: "the only matching rule is disabled",
      input: inv(MEMBER)
        .regions(REGION)
        .rule(REGION, { name: "fwd", eventPattern: ALL, state: "DISABLED" }, [
          { ...healthy, deadLetterArn: undefined },
        ])
        .baseline({ forwarding: { destination: DEST } })
        .build(),
    },
    {
      name: "the only matching rule targets another bus",
      input: inv(MEMBER)
        .regions(REGION)
        .rule(REGION, { name: "fwd", eventPattern: ALL }, [
          {
            ...healthy,
            arn: "arn:aws:events:eu-west-1:888888888888:event-bus/other",
            deadLetterArn: undefined,
          },
        ])
        .baseline({ forwarding: { destination: DEST } })
        .build(),
    },
  ],
});
