import { describe, expect, it } from "vitest";
import type { AccountSubscriptionPolicy, SubscriptionFilter } from "../../src/inventory/model.ts";
import type { EvaluationInput } from "../../src/engine/check.ts";
import { evaluateAccount } from "../../src/engine/evaluate.ts";
import { LOG_PATH_SAMPLES } from "../../src/engine/log-samples.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import { failedRead, inv, okRead } from "../../test/support/inventory-builder.ts";
import check from "./trail-subscription.ts";

const MGMT = "111111111111";
const MEMBER = "222222222222";
const TEMPLATE = "arn:aws:logs:{region}:999999999999:destination:trails-{account}";
const dest = (account = MEMBER, region = "us-east-1") =>
  `arn:aws:logs:${region}:999999999999:destination:trails-${account}`;
const LAMBDA = `arn:aws:lambda:us-east-1:${MEMBER}:function:shipper`;
const groupArn = (account = MEMBER, region = "us-east-1") =>
  `arn:aws:logs:${region}:${account}:log-group:aws-cloudtrail-logs:*`;
const orgTrail = { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true };
const SAMPLES = LOG_PATH_SAMPLES.length;

const filter = (pattern: string, destinationArn = dest(), name = "to-central"): SubscriptionFilter => ({
  name,
  pattern,
  destinationArn,
});
const policy = (over: Partial<AccountSubscriptionPolicy> = {}): AccountSubscriptionPolicy => ({
  name: "account-sub",
  destinationArn: dest(),
  filterPattern: "",
  excludedLogGroups: [],
  ...over,
});

/** The member account, one multi-region trail of its own whose log group carries these filters and policies. */
const own = (
  filters: SubscriptionFilter[],
  policies: AccountSubscriptionPolicy[] = [],
  regions = ["us-east-1"],
) =>
  inv(MEMBER)
    .regions(...regions)
    .trail(
      { name: "main" },
      { logGroup: { subscriptionFilters: okRead(filters), accountPolicies: okRead(policies) } },
    )
    .baseline({ logs: { destination: TEMPLATE } })
    .build();

/** The member account, seeing the management account's organization trail and its log group. */
const member = (filters: SubscriptionFilter[]) =>
  inv(MEMBER)
    .regions("us-east-1", "eu-west-1")
    .trail(orgTrail, { logGroup: { subscriptionFilters: okRead(filters) } })
    .baseline({ logs: { destination: TEMPLATE } })
    .build();

checkTester(check, {
  valid: [
    { name: 'filter to the destination with pattern "" (everything)', input: own([filter("")]) },
    {
      name: "JSON pattern on a field every record carries passes every sample",
      input: own([filter('{ $.eventVersion = "*" }')]),
    },
    {
      name: "two filters: one to another destination, one good",
      input: own([filter("", LAMBDA, "lambda"), filter("", dest(), "central")]),
    },
    {
      name: "account subscription policy whose criteria exclude other groups only",
      input: own([], [policy({ selectionCriteria: 'LogGroupName NOT IN ["noisy", "/aws/lambda/shipper"]' })]),
    },
    {
      name: "account policy excluding the group, but a filter on the group delivers",
      input: own(
        [filter("")],
        [policy({ selectionCriteria: 'LogGroupName NOT IN ["aws-cloudtrail-logs"]' })],
      ),
    },
    {
      name: "organization trail group subscribed in the management account credits the member",
      input: member([filter("", dest(MGMT))]),
    },
    {
      name: "no destination configured: a full subscription anywhere passes",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail({ name: "main" }, { logGroup: { subscriptionFilters: okRead([filter("", LAMBDA)]) } })
        .build(),
    },
    {
      name: "own trail group unsubscribed, organization trail group subscribed: any one suffices",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail({ name: "main" })
        .trail(orgTrail, { logGroup: { subscriptionFilters: okRead([filter("", dest(MGMT))]) } })
        .baseline({ logs: { destination: TEMPLATE } })
        .build(),
    },
    {
      name: "organization trail group unsubscribed, own trail group subscribed: the less preferred one credits",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail(orgTrail)
        .trail({ name: "main" }, { logGroup: { subscriptionFilters: okRead([filter("")]) } })
        .baseline({ logs: { destination: TEMPLATE } })
        .build(),
    },
    {
      name: "filters unreadable, but the account policy delivers",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail(
          { name: "main" },
          {
            logGroup: {
              subscriptionFilters: failedRead("AccessDeniedException", "DescribeSubscriptionFilters"),
              accountPolicies: okRead([policy()]),
            },
          },
        )
        .baseline({ logs: { destination: TEMPLATE } })
        .build(),
    },
  ],
  invalid: [
    {
      name: "nothing subscribed",
      input: own([]),
      findings: [
        {
          messageId: "noSubscription",
          region: "global",
          resource: groupArn(),
          data: { trail: "main", logGroup: "aws-cloudtrail-logs", expected: dest() },
        },
      ],
    },
    {
      name: "filter to another destination",
      input: own([filter("", LAMBDA, "lambda")]),
      findings: [
        { messageId: "wrongDestination", data: { destinations: LAMBDA, count: 1, expected: dest() } },
      ],
    },
    {
      name: "{region} is the log group's region: a destination of another region is wrong",
      input: own([filter("", dest(MEMBER, "eu-west-1"))]),
      findings: [{ messageId: "wrongDestination", data: { destinations: dest(MEMBER, "eu-west-1") } }],
    },
    {
      name: "pattern narrowed to one event source",
      input: own([filter('{ $.eventSource = "ec2.amazonaws.com" }')]),
      findings: [
        {
          messageId: "narrowingPattern",
          data: {
            via: "filter",
            route: "to-central",
            dropped: LOG_PATH_SAMPLES.filter((s) => !s.id.startsWith("ec2.amazonaws.com:")).length,
            sampleCount: SAMPLES,
          },
        },
      ],
    },
    {
      name: "errorCode NOT EXISTS drops the denied call",
      input: own([filter("{ $.errorCode NOT EXISTS }")]),
      findings: [{ messageId: "narrowingPattern", data: { dropped: 1 } }],
    },
    {
      name: "account policy whose criteria exclude the trail's log group",
      input: own([], [policy({ selectionCriteria: 'LogGroupName NOT IN ["noisy", "aws-cloudtrail-logs"]' })]),
      findings: [{ messageId: "excludedByPolicy", data: { route: "account-sub", destination: dest() } }],
    },
    {
      name: "account policy to another destination",
      input: own([], [policy({ destinationArn: LAMBDA })]),
      findings: [{ messageId: "wrongDestination", data: { destinations: LAMBDA } }],
    },
    {
      name: "organization trail group not subscribed debits the member",
      input: member([]),
      findings: [
        {
          messageId: "noSubscription",
          region: "global",
          resource: groupArn(MGMT),
          data: { kind: "organization", expected: dest(MGMT), regionCount: 2 },
        },
      ],
    },
    {
      name: "organization trail group subscribed with the member's account in the destination",
      input: member([filter("", dest(MEMBER))]),
      findings: [
        { messageId: "wrongDestination", data: { destinations: dest(MEMBER), expected: dest(MGMT) } },
      ],
    },
    {
      name: "the trail points at a log group that does not exist",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail({ name: "main" }, { logGroup: { group: okRead({ exists: false }) } })
        .baseline({ logs: { destination: TEMPLATE } })
        .build(),
      findings: [{ messageId: "logGroupMissing", resource: groupArn() }],
    },
    {
      name: "an unparsable pattern to another destination is still a wrong destination",
      input: own([filter("{ $.eventName = ", LAMBDA)]),
      findings: [{ messageId: "wrongDestination" }],
    },
    {
      name: "one region's single-region trail subscribed, the other's not: only that region fails",
      input: inv(MEMBER)
        .regions("us-east-1", "eu-west-1")
        .trail(
          { name: "use1", isMultiRegion: false, homeRegion: "us-east-1" },
          { logGroup: { subscriptionFilters: okRead([filter("")]) } },
        )
        .trail({ name: "euw1", isMultiRegion: false, homeRegion: "eu-west-1" })
        .baseline({ logs: { destination: TEMPLATE } })
        .build(),
      findings: [
        {
          messageId: "noSubscription",
          region: "eu-west-1",
          resource: groupArn(MEMBER, "eu-west-1"),
          data: { trail: "euw1", expected: dest(MEMBER, "eu-west-1") },
        },
      ],
    },
    {
      name: "a stopped trail's subscribed group does not count",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail(
          { name: "stopped", cloudWatchLogsLogGroupArn: `${groupArn().slice(0, -2)}-old:*` },
          { status: { isLogging: false }, logGroup: { subscriptionFilters: okRead([filter("")]) } },
        )
        .trail({ name: "main" })
        .baseline({ logs: { destination: TEMPLATE } })
        .build(),
      findings: [{ messageId: "noSubscription", data: { trail: "main" } }],
    },
  ],
  error: [
    {
      name: "subscription filters unreadable",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail(
          { name: "main" },
          {
            logGroup: {
              subscriptionFilters: failedRead("AccessDeniedException", "DescribeSubscriptionFilters"),
            },
          },
        )
        .baseline({ logs: { destination: TEMPLATE } })
        .build(),
      findings: [
        {
          messageId: "logGroupUnreadable",
          resource: groupArn(),
          data: { operation: "logs:DescribeSubscriptionFilters", code: "AccessDeniedException" },
        },
      ],
    },
    {
      name: "account policies unreadable and no filter",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail(
          { name: "main" },
          { logGroup: { accountPolicies: failedRead("ThrottlingException", "DescribeAccountPolicies") } },
        )
        .baseline({ logs: { destination: TEMPLATE } })
        .build(),
      findings: [
        {
          messageId: "logGroupUnreadable",
          data: { operation: "logs:DescribeAccountPolicies", code: "ThrottlingException" },
        },
      ],
    },
    {
      name: "log group unreadable",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail(
          { name: "main" },
          {
            logGroup: {
              group: failedRead("AccessDeniedException", "DescribeLogGroups"),
              subscriptionFilters: okRead([filter("")]),
            },
          },
        )
        .baseline({ logs: { destination: TEMPLATE } })
        .build(),
      findings: [{ messageId: "logGroupUnreadable", data: { operation: "logs:DescribeLogGroups" } }],
    },
    {
      name: "pattern to the destination does not parse",
      input: own([filter("{ $.eventName = ")]),
      findings: [
        { messageId: "patternUnparsable", data: { route: "to-central", pattern: "{ $.eventName = " } },
      ],
    },
    {
      name: "account policy selection criteria do not parse",
      input: own([], [policy({ selectionCriteria: 'LogGroupNamePrefix IN ["aws-"]' })]),
      findings: [{ messageId: "policyUnparsable", data: { route: "account-sub" } }],
    },
    {
      name: "organization trail not read for the member",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail(orgTrail, { noDetail: true })
        .baseline({ logs: { destination: TEMPLATE } })
        .build(),
      findings: [
        {
          messageId: "trailUnreadable",
          resource: groupArn(MGMT),
          data: { operation: "cloudtrail:GetTrailStatus", code: "NotCollected" },
        },
      ],
    },
    {
      name: "trail read without its log group (inventory older than the log path)",
      input: (() => {
        const input = own([filter("")]);
        for (const d of Object.values(input.inventory.trailDetails)) delete d.logGroup;
        return input;
      })(),
      findings: [
        { messageId: "trailUnreadable", data: { operation: "logs:DescribeLogGroups", code: "NotCollected" } },
      ],
    },
    {
      name: "status of the only trail with a log group unreadable",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail(
          { name: "main" },
          { statusError: "AccessDeniedException", logGroup: { subscriptionFilters: okRead([filter("")]) } },
        )
        .baseline({ logs: { destination: TEMPLATE } })
        .build(),
      findings: [{ messageId: "trailUnreadable", data: { operation: "cloudtrail:GetTrailStatus" } }],
    },
    {
      name: "a region's trails could not be listed",
      input: inv(MEMBER)
        .regions("us-east-1")
        .regionError("us-east-1", "AccessDeniedException")
        .baseline({ logs: { destination: TEMPLATE } })
        .build(),
      findings: [
        { messageId: "trailsUnreadable", region: "us-east-1", data: { code: "AccessDeniedException" } },
      ],
    },
  ],
  notApplicable: [
    { name: "no trail", input: inv(MEMBER).regions("us-east-1", "eu-west-1").build() },
    {
      name: "the logging trail does not deliver to CloudWatch Logs",
      input: inv(MEMBER)
        .regions("us-east-1")
        .trail({ name: "main", cloudWatchLogsLogGroupArn: undefined })
        .build(),
    },
  ],
});

describe("logs.trail-subscription details", () => {
  const failure = (input: EvaluationInput) =>
    evaluateAccount([check], input).find((f) => f.status === "fail");

  it("offers put-subscription-filter on an own group, nothing to a member of an organization trail", () => {
    expect(failure(own([]))?.remediationId).toBe("logs.put-subscription-filter");
    expect(failure(member([]))?.remediationId).toBeNull();
    expect(
      failure(member([filter('{ $.eventSource = "ec2.amazonaws.com" }', dest(MGMT))]))?.remediationId,
    ).toBeNull();
  });

  it("the management account owning the organization trail is offered the fix", () => {
    const input = inv(MGMT)
      .regions("us-east-1")
      .trail(orgTrail)
      .baseline({ logs: { destination: TEMPLATE } })
      .build();
    expect(failure(input)).toMatchObject({
      messageId: "noSubscription",
      accountId: MGMT,
      remediationId: "logs.put-subscription-filter",
    });
  });

  it("no remediation for a missing log group", () => {
    const input = inv(MEMBER)
      .regions("us-east-1")
      .trail({ name: "main" }, { logGroup: { group: okRead({ exists: false }) } })
      .baseline({ logs: { destination: TEMPLATE } })
      .build();
    expect(failure(input)?.remediationId).toBeNull();
  });

  it("names the dropped samples in evidence", () => {
    const f = failure(own([filter('{ $.eventType = "AwsApiCall" }')]));
    expect(f?.data).toMatchObject({ dropped: 1, pattern: '{ $.eventType = "AwsApiCall" }' });
    expect(f?.evidence.droppedSamples).toEqual(["signin.amazonaws.com:ConsoleLogin"]);
  });

  it("lists every other destination in evidence", () => {
    const f = failure(own([filter("", LAMBDA, "lambda")], [policy({ destinationArn: dest(MGMT) })]));
    expect(f?.messageId).toBe("wrongDestination");
    expect(f?.data).toMatchObject({ count: 2, destinations: `${LAMBDA}, ${dest(MGMT)}` });
    expect(f?.evidence.routes).toEqual([
      expect.objectContaining({ via: "filter", name: "lambda", destinationArn: LAMBDA }),
      expect.objectContaining({ via: "policy", name: "account-sub", destinationArn: dest(MGMT) }),
    ]);
  });

  it("reports the route and destination that deliver", () => {
    const [f] = evaluateAccount([check], own([], [policy()]));
    expect(f).toMatchObject({
      status: "pass",
      messageId: "subscribed",
      resource: groupArn(),
      data: { via: "policy", route: "account-sub", destination: dest(), sampleCount: SAMPLES },
    });
  });

  it("credits both regions of a multi-region trail in one global finding", () => {
    const findings = evaluateAccount([check], own([filter("")], [], ["us-east-1", "eu-west-1"]));
    expect(findings.map((f) => [f.status, f.region, f.data.regionCount])).toEqual([["pass", "global", 2]]);
  });
});
