import { describe, expect, it } from "vitest";
import trailSubscription from "../../checks/logs/trail-subscription.ts";
import type { AccountSubscriptionPolicy, SubscriptionFilter } from "../../src/inventory/model.ts";
import type { ConfigInput } from "../../src/config/schema.ts";
import type { EvaluationInput, Finding } from "../../src/engine/check.ts";
import type { TrailOptions } from "../../test/support/inventory-builder.ts";
import { inv, okRead } from "../../test/support/inventory-builder.ts";
import { planWith, shape } from "../../test/support/remediation-tester.ts";
import remediation, { FILTER_NAME } from "./put-subscription-filter.ts";

const MEMBER = "222222222222";
const MGMT = "111111111111";
const CENTRAL = "111111111111";
const GROUP = "aws-cloudtrail-logs";
const groupArn = (account: string, region = "us-east-1") =>
  `arn:aws:logs:${region}:${account}:log-group:${GROUP}:*`;
const dest = (region = "us-east-1") => `arn:aws:logs:${region}:${CENTRAL}:destination:wirewatch-central`;
const logs = { destination: `arn:aws:logs:{region}:${CENTRAL}:destination:wirewatch-central` };
const CHECKS = [trailSubscription];

const filter = (over: Partial<SubscriptionFilter> = {}): SubscriptionFilter => ({
  name: FILTER_NAME,
  pattern: "",
  destinationArn: dest(),
  ...over,
});

function own(
  logGroup: TrailOptions["logGroup"],
  baseline: NonNullable<ConfigInput["baseline"]> = { logs },
): EvaluationInput {
  return inv(MEMBER)
    .regions("us-east-1", "eu-west-1")
    .trail({ name: "main" }, { logGroup })
    .baseline(baseline)
    .build();
}

const put = (action: "create" | "update", account = MEMBER, destination = dest()) => ({
  action,
  region: "us-east-1",
  resource: groupArn(account),
  calls: [
    {
      op: "logs:PutSubscriptionFilter",
      region: "us-east-1",
      input: { logGroupName: GROUP, filterName: FILTER_NAME, filterPattern: "", destinationArn: destination },
    },
  ],
});

const policy = (over: Partial<AccountSubscriptionPolicy> = {}): AccountSubscriptionPolicy => ({
  name: "org-logs",
  destinationArn: dest(),
  filterPattern: "",
  selectionCriteria: `LogGroupName NOT IN ["${GROUP}"]`,
  excludedLogGroups: [GROUP],
  ...over,
});

describe("logs.put-subscription-filter plans", () => {
  it.each([
    ["no filter at all: add ours", own({}), put("create"), "noSubscription"],
    [
      "one filter to another destination: ours goes beside it",
      own({
        subscriptionFilters: okRead([
          filter({ name: "siem", destinationArn: dest().replace("central", "siem") }),
        ]),
      }),
      put("create"),
      "wrongDestination",
    ],
    [
      "ours narrowed to IAM events: rewrite it",
      own({ subscriptionFilters: okRead([filter({ pattern: '{ $.eventSource = "iam.amazonaws.com" }' })]) }),
      put("update"),
      "narrowingPattern",
    ],
    [
      "ours aimed at a retired destination: rewrite it",
      own({ subscriptionFilters: okRead([filter({ destinationArn: `${dest()}-v1` })]) }),
      put("update"),
      "wrongDestination",
    ],
    [
      "someone's narrowing filter to the destination: never edited, ours is added",
      own({
        subscriptionFilters: okRead([
          filter({ name: "iam-only", pattern: '{ $.eventSource = "iam.amazonaws.com" }' }),
        ]),
      }),
      put("create"),
      "narrowingPattern",
    ],
    [
      "the account policy excludes the group: a filter on the group itself",
      own({ accountPolicies: okRead([policy()]) }),
      put("create"),
      "excludedByPolicy",
    ],
  ] as const)("%s", (_name, input, change, messageId) => {
    const planned = planWith(CHECKS, remediation, input);
    expect(planned.refused).toEqual([]);
    expect(planned.changes.map(shape)).toEqual([change]);
    expect(planned.changes[0]!.fixes.map((k) => k.messageId)).toEqual([messageId]);
  });

  it("one change for a group debited region by region", () => {
    // A single-region trail credits ap-southeast-2; main's group is debited in the two other regions.
    const input = inv(MEMBER)
      .regions("us-east-1", "eu-west-1", "ap-southeast-2")
      .trail({ name: "main" }, { logGroup: {} })
      .trail(
        { name: "local", isMultiRegion: false, homeRegion: "ap-southeast-2" },
        { logGroup: { subscriptionFilters: okRead([filter({ destinationArn: dest("ap-southeast-2") })]) } },
      )
      .baseline({ logs })
      .build();
    const planned = planWith(CHECKS, remediation, input);
    expect(planned.changes.map(shape)).toEqual([put("create")]);
    expect(planned.changes[0]!.fixes.map((k) => k.region)).toEqual(["eu-west-1", "us-east-1"]);
  });

  it("the owner of an organization trail subscribes its group, with its own account in the destination", () => {
    const input = inv(MGMT)
      .regions("us-east-1")
      .trail({ name: "org-trail", isOrganizationTrail: true }, { logGroup: {} })
      .baseline({ logs: { destination: "arn:aws:logs:{region}:{account}:destination:central" } })
      .build();
    const planned = planWith(CHECKS, remediation, input);
    expect(planned.changes.map(shape)).toEqual([
      put("create", MGMT, `arn:aws:logs:us-east-1:${MGMT}:destination:central`),
    ]);
  });

  it("plans nothing once its filter is in place", () => {
    const planned = planWith(CHECKS, remediation, own({ subscriptionFilters: okRead([filter()]) }));
    expect([planned.changes, planned.refused, planned.unremediable]).toEqual([[], [], []]);
  });
});

const toUs = (f: Finding): Finding =>
  f.status === "fail" ? { ...f, remediationId: remediation.meta.id } : f;

describe("logs.put-subscription-filter refuses", () => {
  it.each([
    ["no destination configured", own({}, {}), ["baseline.logs.destination"]],
    [
      "two filters already, none ours: the limit",
      own({
        subscriptionFilters: okRead([
          filter({ name: "siem", destinationArn: `${dest()}-siem` }),
          filter({ name: "archive", destinationArn: `${dest()}-archive` }),
        ]),
      }),
      ["2", "siem", "archive"],
    ],
    [
      "a Kinesis stream as destination (it needs a role the baseline does not name)",
      own({}, { logs: { destination: "arn:aws:kinesis:{region}:{account}:stream/central" } }),
      ["kinesis", `arn:aws:kinesis:us-east-1:${MEMBER}:stream/central`],
    ],
  ] as const)("%s", (_name, input, facts) => {
    const planned = planWith(CHECKS, remediation, input);
    expect(planned.changes).toEqual([]);
    expect(planned.refused.map((r) => r.finding.checkId)).toEqual(["logs.trail-subscription"]);
    for (const fact of facts) expect(planned.refused[0]!.reason).toContain(fact);
  });

  it("an organization trail's group seen from a member: the check routes it to nobody, the plan refuses it", () => {
    const input = inv(MEMBER)
      .regions("us-east-1")
      .trail({ name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true }, { logGroup: {} })
      .baseline({ logs })
      .build();
    const planned = planWith(CHECKS, remediation, input);
    expect([planned.changes, planned.refused]).toEqual([[], []]);
    expect(planned.unremediable).toEqual(["logs.trail-subscription global noSubscription"]);
    // Even when a finding is routed to it, the remediation will not touch another account's group.
    const forced = planWith(CHECKS, remediation, input, toUs);
    expect(forced.changes).toEqual([]);
    expect(forced.refused[0]!.reason).toContain(MGMT);
    expect(forced.refused[0]!.reason).toContain(groupArn(MGMT));
  });
});
