import { describe, expect, it } from "vitest";
import cloudtrailForwarding from "../../checks/eventbridge/cloudtrail-forwarding.ts";
import forwardingTargetHealth from "../../checks/eventbridge/forwarding-target-health.ts";
import readEventsForwarding from "../../checks/eventbridge/read-events-forwarding.ts";
import type { RuleTarget } from "../../src/inventory/model.ts";
import type { EvaluationInput } from "../../src/engine/check.ts";
import { inv } from "../../test/support/inventory-builder.ts";
import { planWith, shape, TAGS } from "../../test/support/remediation-tester.ts";
import remediation, { EVENT_PATTERN, RETRY_POLICY, TARGET_ID } from "./put-forwarding-rule.ts";

const MEMBER = "222222222222";
const CENTRAL = "111111111111";
const REGION = "eu-west-1";
const RULE = "wirewatch-forward-cloudtrail";
const RULE_ARN = `arn:aws:events:${REGION}:${MEMBER}:rule/${RULE}`;
const DEST = `arn:aws:events:${REGION}:${CENTRAL}:event-bus/wirewatch-central`;
const ROLE = `arn:aws:iam::${MEMBER}:role/wirewatch-eventbridge-forwarder`;
const DLQ = `arn:aws:sqs:${REGION}:${MEMBER}:wirewatch-forwarding-dlq`;
const ALL = EVENT_PATTERN;
const EC2_ONLY = JSON.stringify({ source: ["aws.ec2"], "detail-type": ["AWS API Call via CloudTrail"] });
const NOTHING = JSON.stringify({ source: ["aws.nothing"] });
const READS = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";

const forwarding = {
  destination: `arn:aws:events:{region}:${CENTRAL}:event-bus/wirewatch-central`,
  roleArn: "arn:aws:iam::{account}:role/wirewatch-eventbridge-forwarder",
  deadLetterQueueArn: "arn:aws:sqs:{region}:{account}:wirewatch-forwarding-dlq",
};
type Forwarding = Partial<typeof forwarding> & { requireReadEvents?: boolean };

const CHECKS = [cloudtrailForwarding, forwardingTargetHealth, readEventsForwarding];

/** The target wirewatch puts, healthy. */
const good = (over: Partial<RuleTarget> = {}): RuleTarget => ({
  id: TARGET_ID,
  arn: DEST,
  roleArn: ROLE,
  deadLetterArn: DLQ,
  inputTransformed: false,
  ...over,
});

/** A member with a logging trail; `rules` adds the default bus's rules of eu-west-1. */
function region(rules: (b: ReturnType<typeof inv>) => ReturnType<typeof inv>, fwd: Forwarding = forwarding) {
  return rules(inv(MEMBER).regions(REGION).trail({ name: "main" }))
    .baseline({ forwarding: fwd })
    .build();
}

const putRule = (state: string) => ({
  op: "events:PutRule",
  region: REGION,
  input: {
    Name: RULE,
    EventPattern: ALL,
    State: state,
    Description: expect.any(String),
    Tags: [{ Key: "wirewatch:managed", Value: TAGS["wirewatch:managed"] }],
  },
});
const putTargets = (target: Record<string, unknown> = {}) => ({
  op: "events:PutTargets",
  region: REGION,
  input: {
    Rule: RULE,
    Targets: [
      {
        Id: TARGET_ID,
        Arn: DEST,
        RoleArn: ROLE,
        DeadLetterConfig: { Arn: DLQ },
        RetryPolicy: RETRY_POLICY,
        ...target,
      },
    ],
  },
});
const put = (action: "create" | "update", state = "ENABLED") => ({
  action,
  region: REGION,
  resource: RULE_ARN,
  calls: [putRule(state), putTargets()],
});
const enable = (name: string) => ({
  action: "enable",
  region: REGION,
  resource: `arn:aws:events:${REGION}:${MEMBER}:rule/${name}`,
  calls: [{ op: "events:EnableRule", region: REGION, input: { Name: name } }],
});

interface Case {
  name: string;
  input: EvaluationInput;
  change: ReturnType<typeof put> | ReturnType<typeof enable>;
  /** The findings the change fixes: `<checkId> <messageId>`. */
  fixes: string[];
}

const changes: Case[] = [
  {
    name: "no rule: create it, targets with role, dead-letter queue and retries",
    input: region((b) => b),
    change: put("create"),
    fixes: ["eventbridge.cloudtrail-forwarding noRule"],
  },
  {
    name: "no rule, read events required: create it in the state that receives them",
    input: region((b) => b, { ...forwarding, requireReadEvents: true }),
    change: put("create", READS),
    fixes: ["eventbridge.cloudtrail-forwarding noRule"],
  },
  {
    name: "no rule and no role or dead-letter queue in the baseline: the target carries neither",
    input: region((b) => b, { destination: forwarding.destination }),
    change: {
      ...put("create"),
      calls: [putRule("ENABLED"), putTargets({ RoleArn: undefined, DeadLetterConfig: undefined })],
    },
    fixes: ["eventbridge.cloudtrail-forwarding noRule"],
  },
  {
    name: "our rule disabled, otherwise right: re-enable it",
    input: region((b) => b.rule(REGION, { name: RULE, eventPattern: ALL, state: "DISABLED" }, [good()])),
    change: enable(RULE),
    fixes: ["eventbridge.cloudtrail-forwarding ruleDisabled"],
  },
  {
    name: "our rule disabled and read events required: EnableRule would give ENABLED, so rewrite it",
    input: region((b) => b.rule(REGION, { name: RULE, eventPattern: ALL, state: "DISABLED" }, [good()]), {
      ...forwarding,
      requireReadEvents: true,
    }),
    change: put("update", READS),
    fixes: ["eventbridge.cloudtrail-forwarding ruleDisabled"],
  },
  {
    name: "our rule ENABLED while read events are required: rewrite its state",
    input: region((b) => b.rule(REGION, { name: RULE, eventPattern: ALL }, [good()]), {
      ...forwarding,
      requireReadEvents: true,
    }),
    change: put("update", READS),
    fixes: ["eventbridge.read-events-forwarding readEventsNotEnabled"],
  },
  {
    name: "our rule narrowed to EC2: rewrite its pattern",
    input: region((b) => b.rule(REGION, { name: RULE, eventPattern: EC2_ONLY }, [good()])),
    change: put("update"),
    fixes: ["eventbridge.cloudtrail-forwarding partialMatch"],
  },
  {
    name: "our rule disabled and narrowed: rewriting, not enabling",
    input: region((b) => b.rule(REGION, { name: RULE, eventPattern: EC2_ONLY, state: "DISABLED" }, [good()])),
    change: put("update"),
    fixes: ["eventbridge.cloudtrail-forwarding ruleDisabled"],
  },
  {
    name: "our target aimed at a retired bus: PutTargets with the same id replaces it",
    input: region((b) => b.rule(REGION, { name: RULE, eventPattern: ALL }, [good({ arn: `${DEST}-old` })])),
    change: put("update"),
    fixes: ["eventbridge.cloudtrail-forwarding wrongTarget"],
  },
  {
    name: "our rule receiving read events, aimed at a retired bus: the rewrite keeps its state",
    input: region((b) =>
      b.rule(REGION, { name: RULE, eventPattern: ALL, state: READS }, [good({ arn: `${DEST}-old` })]),
    ),
    change: put("update", READS),
    fixes: ["eventbridge.cloudtrail-forwarding wrongTarget"],
  },
  {
    name: "our rule without targets",
    input: region((b) => b.rule(REGION, { name: RULE, eventPattern: ALL }, [])),
    change: put("update"),
    fixes: ["eventbridge.cloudtrail-forwarding wrongTarget"],
  },
  {
    name: "our target without role or dead-letter queue, retries off: one change fixes the three findings",
    input: region((b) =>
      b.rule(REGION, { name: RULE, eventPattern: ALL }, [
        good({ roleArn: undefined, deadLetterArn: undefined, retryPolicy: { maximumRetryAttempts: 0 } }),
      ]),
    ),
    change: put("update"),
    fixes: [
      "eventbridge.forwarding-target-health crossAccountWithoutRole",
      "eventbridge.forwarding-target-health noDeadLetterQueue",
      "eventbridge.forwarding-target-health retriesDisabled",
    ],
  },
  {
    name: "someone's disabled rule that forwards everything correctly: re-enable it, nothing more",
    input: region((b) =>
      b.rule(REGION, { name: "legacy-forwarder", eventPattern: ALL, state: "DISABLED" }, [
        good({ id: "central" }),
      ]),
    ),
    change: enable("legacy-forwarder"),
    fixes: ["eventbridge.cloudtrail-forwarding ruleDisabled"],
  },
  {
    name: "someone's disabled rule without a dead-letter queue: leave it, create ours",
    input: region((b) =>
      b.rule(REGION, { name: "legacy-forwarder", eventPattern: ALL, state: "DISABLED" }, [
        good({ id: "central", deadLetterArn: undefined }),
      ]),
    ),
    change: put("create"),
    fixes: ["eventbridge.cloudtrail-forwarding ruleDisabled"],
  },
  {
    name: "someone's disabled rule while read events are required: leave it, create ours",
    input: region(
      (b) =>
        b.rule(REGION, { name: "legacy-forwarder", eventPattern: ALL, state: "DISABLED" }, [
          good({ id: "central" }),
        ]),
      { ...forwarding, requireReadEvents: true },
    ),
    change: put("create", READS),
    fixes: ["eventbridge.cloudtrail-forwarding ruleDisabled"],
  },
  {
    name: "someone's rule narrowed to EC2: never edited, ours is added beside it",
    input: region((b) =>
      b.rule(REGION, { name: "ec2-forwarder", eventPattern: EC2_ONLY }, [good({ id: "c" })]),
    ),
    change: put("create"),
    fixes: ["eventbridge.cloudtrail-forwarding partialMatch"],
  },
];

describe("eventbridge.put-forwarding-rule plans", () => {
  it.each(changes.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const planned = planWith(CHECKS, remediation, c.input);
    expect(planned.refused).toEqual([]);
    expect(planned.changes.map(shape)).toEqual([c.change]);
    expect(planned.changes[0]!.fixes.map((k) => `${k.checkId} ${k.messageId}`).sort()).toEqual(c.fixes);
  });

  it("plans nothing once the rule it creates is in place", () => {
    const after = region((b) => b.rule(REGION, { name: RULE, eventPattern: ALL }, [good()]));
    const planned = planWith(CHECKS, remediation, after);
    expect([planned.changes, planned.refused, planned.unremediable]).toEqual([[], [], []]);
  });

  it("the fingerprint moves with the rule it rewrites", () => {
    const a = planWith(
      CHECKS,
      remediation,
      region((b) => b.rule(REGION, { name: RULE, eventPattern: EC2_ONLY }, [good()])),
    );
    const b = planWith(
      CHECKS,
      remediation,
      region((x) =>
        x.rule(REGION, { name: RULE, eventPattern: EC2_ONLY }, [good({ deadLetterArn: `${DLQ}-2` })]),
      ),
    );
    expect(a.changes[0]!.id).toBe(b.changes[0]!.id);
    expect(a.changes[0]!.fingerprint).not.toBe(b.changes[0]!.fingerprint);
  });
});

interface Refusal {
  name: string;
  input: EvaluationInput;
  /** `<checkId> <messageId>` of the refused finding, and facts its reason must name. */
  finding: string;
  facts: string[];
}

const LAMBDA = `arn:aws:lambda:${REGION}:${MEMBER}:function:audit`;
const refusals: Refusal[] = [
  {
    name: "no destination configured",
    input: region((b) => b.rule(REGION, { name: RULE, eventPattern: ALL }, []), {}),
    finding: "eventbridge.cloudtrail-forwarding wrongTarget",
    facts: ["baseline.forwarding.destination"],
  },
  {
    name: "a rule of our name with a target wirewatch did not put",
    input: region((b) =>
      b.rule(REGION, { name: RULE, eventPattern: ALL }, [
        { id: "audit-fn", arn: LAMBDA, inputTransformed: false },
      ]),
    ),
    finding: "eventbridge.cloudtrail-forwarding wrongTarget",
    facts: [RULE, "audit-fn"],
  },
  {
    name: "a rule of our name managed by another service",
    input: region((b) =>
      b.rule(REGION, { name: RULE, eventPattern: NOTHING, managedBy: "securityhub.amazonaws.com" }),
    ),
    finding: "eventbridge.cloudtrail-forwarding noRule",
    facts: [RULE, "securityhub.amazonaws.com"],
  },
  {
    name: "a rule of our name whose targets were never read (its pattern matches no API call)",
    input: region((b) => b.rule(REGION, { name: RULE, eventPattern: NOTHING })),
    finding: "eventbridge.cloudtrail-forwarding noRule",
    facts: [RULE, "targets"],
  },
  {
    name: "the target of someone else's rule lacks a dead-letter queue",
    input: region((b) =>
      b.rule(REGION, { name: "legacy-forwarder", eventPattern: ALL }, [
        good({ id: "c", deadLetterArn: undefined }),
      ]),
    ),
    finding: "eventbridge.forwarding-target-health noDeadLetterQueue",
    facts: ["legacy-forwarder"],
  },
  {
    name: "our target lacks a dead-letter queue and the baseline names none",
    input: region(
      (b) => b.rule(REGION, { name: RULE, eventPattern: ALL }, [good({ deadLetterArn: undefined })]),
      {
        destination: forwarding.destination,
        roleArn: forwarding.roleArn,
      },
    ),
    finding: "eventbridge.forwarding-target-health noDeadLetterQueue",
    facts: ["baseline.forwarding.deadLetterQueueArn"],
  },
  {
    name: "our target to another account's bus lacks a role and the baseline names none",
    input: region((b) => b.rule(REGION, { name: RULE, eventPattern: ALL }, [good({ roleArn: undefined })]), {
      destination: forwarding.destination,
      deadLetterQueueArn: forwarding.deadLetterQueueArn,
    }),
    finding: "eventbridge.forwarding-target-health crossAccountWithoutRole",
    facts: ["baseline.forwarding.roleArn"],
  },
];

describe("eventbridge.put-forwarding-rule refuses", () => {
  it.each(refusals.map((r) => [r.name, r] as const))("%s", (_name, r) => {
    const planned = planWith(CHECKS, remediation, r.input);
    expect(planned.changes).toEqual([]);
    expect(planned.refused.map((x) => `${x.finding.checkId} ${x.finding.messageId}`)).toEqual([r.finding]);
    for (const fact of r.facts) expect(planned.refused[0]!.reason).toContain(fact);
  });

  it("a disabled managed rule is left to its service by the check itself: nothing reaches the plan", () => {
    const planned = planWith(
      CHECKS,
      remediation,
      region((b) =>
        b.rule(
          REGION,
          {
            name: "sh-forward",
            eventPattern: ALL,
            state: "DISABLED",
            managedBy: "securityhub.amazonaws.com",
          },
          [good({ id: "c" })],
        ),
      ),
    );
    expect([planned.changes, planned.refused]).toEqual([[], []]);
    expect(planned.unremediable).toEqual([`eventbridge.cloudtrail-forwarding ${REGION} ruleDisabled`]);
  });
});
