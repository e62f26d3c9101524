/**
 * Through the CLI, in-process: the fast path (EventBridge forwarding) and the log path (subscription to the central destination)
 * broken the ways they really break, scanned by the CLI with the demo baseline (destinations of the bundled
 * scenarios). Every fail/error finding of the report is asserted, so a break shows up where it should and nowhere
 * else.
 */
import { describe, expect, it } from "vitest";
import { bundledScenario, problems, regionOf, scanE2e, type MutableScenario } from "../../support/e2e.ts";
import { remediationConfig } from "../../support/remediate.ts";

const PROD = "222222222222";
const MGMT = "111111111111";
const CENTRAL_LOGS = "arn:aws:logs:us-east-1:111111111111:destination:wirewatch-central";

function healthy(change: (s: MutableScenario) => void): MutableScenario {
  const s = bundledScenario("healthy");
  change(s);
  return s;
}
const rule = (s: MutableScenario, region: string) => regionOf(s, PROD, region).rules[0]!;
const target = (s: MutableScenario, region: string) => rule(s, region).targets[0]!;
const trailGroup = (s: MutableScenario) => regionOf(s, PROD, "us-east-1").logGroups[0]!;

interface Case {
  name: string;
  scenario: MutableScenario;
  config?: Record<string, unknown>;
  problems: string[];
}

const cases: Case[] = [
  {
    name: "forwarding rule missing in one region",
    scenario: healthy((s) => (regionOf(s, PROD, "eu-west-1").rules = [])),
    problems: [`fail eventbridge.cloudtrail-forwarding ${PROD} eu-west-1 noRule`],
  },
  {
    name: "forwarding rule disabled",
    scenario: healthy((s) => (rule(s, "us-east-1").state = "DISABLED")),
    problems: [`fail eventbridge.cloudtrail-forwarding ${PROD} us-east-1 ruleDisabled`],
  },
  {
    name: "rule narrowed to one event source",
    scenario: healthy(
      (s) =>
        (rule(s, "eu-west-1").eventPattern = {
          "detail-type": ["AWS API Call via CloudTrail"],
          source: ["aws.ec2"],
        }),
    ),
    problems: [`fail eventbridge.cloudtrail-forwarding ${PROD} eu-west-1 partialMatch`],
  },
  {
    name: "rule with anything-but excluding the tampering calls",
    scenario: healthy(
      (s) =>
        (rule(s, "eu-west-1").eventPattern = {
          "detail-type": ["AWS API Call via CloudTrail"],
          detail: { eventName: [{ "anything-but": ["StopLogging", "DeleteTrail"] }] },
        }),
    ),
    problems: [`fail eventbridge.cloudtrail-forwarding ${PROD} eu-west-1 partialMatch`],
  },
  {
    name: "target pointing to the wrong bus",
    scenario: healthy(
      (s) => (target(s, "eu-west-1").arn = "arn:aws:events:eu-west-1:111111111111:event-bus/default"),
    ),
    problems: [`fail eventbridge.cloudtrail-forwarding ${PROD} eu-west-1 wrongTarget`],
  },
  {
    name: "target removed",
    scenario: healthy((s) => (rule(s, "eu-west-1").targets = [])),
    problems: [`fail eventbridge.cloudtrail-forwarding ${PROD} eu-west-1 wrongTarget`],
  },
  {
    name: "cross-account target without RoleArn",
    scenario: healthy((s) => delete target(s, "eu-west-1").roleArn),
    problems: [`fail eventbridge.forwarding-target-health ${PROD} eu-west-1 crossAccountWithoutRole`],
  },
  {
    name: "no dead-letter queue",
    scenario: healthy((s) => delete target(s, "ap-southeast-2").deadLetterArn),
    problems: [`fail eventbridge.forwarding-target-health ${PROD} ap-southeast-2 noDeadLetterQueue`],
  },
  {
    name: "read events required but the rule takes writes only",
    scenario: healthy((s) => (rule(s, "eu-west-1").state = "ENABLED")),
    config: { baseline: { forwarding: { requireReadEvents: true } } },
    problems: [`fail eventbridge.read-events-forwarding ${PROD} eu-west-1 readEventsNotEnabled`],
  },
  {
    name: "subscription filter to the wrong destination",
    scenario: healthy(
      (s) =>
        (trailGroup(s).subscriptionFilters[0]!.destinationArn =
          "arn:aws:logs:us-east-1:111111111111:destination:old-siem"),
    ),
    problems: [`fail logs.trail-subscription ${PROD} global wrongDestination`],
  },
  {
    name: "subscription filter with a narrowing pattern",
    scenario: healthy(
      (s) => (trailGroup(s).subscriptionFilters[0]!.pattern = '{ $.eventSource = "ec2.amazonaws.com" }'),
    ),
    problems: [`fail logs.trail-subscription ${PROD} global narrowingPattern`],
  },
  {
    name: "account subscription policy excluding the trail's log group",
    scenario: healthy((s) => {
      trailGroup(s).subscriptionFilters = [];
      regionOf(s, PROD, "us-east-1").accountPolicies = [
        {
          name: "org-wide-subscription",
          document: { DestinationArn: CENTRAL_LOGS, FilterPattern: "", Distribution: "Random" },
          selectionCriteria: 'LogGroupName NOT IN ["aws-cloudtrail-logs"]',
        },
      ];
    }),
    problems: [`fail logs.trail-subscription ${PROD} global excludedByPolicy`],
  },
  {
    name: "account subscription policy covering the trail's log group instead of a filter",
    scenario: healthy((s) => {
      trailGroup(s).subscriptionFilters = [];
      regionOf(s, PROD, "us-east-1").accountPolicies = [
        {
          name: "org-wide-subscription",
          document: { DestinationArn: CENTRAL_LOGS, FilterPattern: "", Distribution: "Random" },
          selectionCriteria: 'LogGroupName NOT IN ["noisy-app-logs"]',
        },
      ];
    }),
    problems: [],
  },
];

describe("scan: fast and log paths through the CLI", () => {
  it.concurrent.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const result = await scanE2e(c.scenario, { config: remediationConfig(c.config) });
    expect(problems(result.report)).toEqual([...c.problems].sort());
  });

  it("credits members with the organization trail's log group subscribed in the management account", async () => {
    const result = await scanE2e(bundledScenario("org-trail"), { config: remediationConfig() });
    const subscription = result.report.findings.filter((f) => f.checkId === "logs.trail-subscription");
    expect(subscription.map((f) => [f.accountId, f.status]).sort()).toEqual([
      [MGMT, "pass"],
      [PROD, "pass"],
      ["333333333333", "pass"],
    ]);
    expect(subscription.every((f) => f.resource.includes(`:${MGMT}:log-group:`))).toBe(true);
    expect(problems(result.report)).toEqual([]);
  });
});
