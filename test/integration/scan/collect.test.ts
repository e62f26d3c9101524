/** Collection against the simulator through the real SDK: what one account's inventory holds, and its call count. */
import { afterEach, describe, expect, it } from "vitest";
import { AwsLayer } from "../../../src/aws/layer.ts";
import { collectAccount } from "../../../src/collect/account.ts";
import { parseSelectionCriteria } from "../../../src/collect/logs.ts";
import { isCandidate } from "../../../src/collect/eventbridge.ts";
import { parseScenario } from "../../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../../sim/server.ts";
import { bundledScenario } from "../../support/e2e.ts";

const MGMT = "111111111111";
const PROD = "222222222222";

let sim: Simulator | undefined;
let layer: AwsLayer | undefined;
afterEach(async () => {
  layer?.close();
  await sim?.close();
});

async function collect(scenarioName: string, accountId: string) {
  sim = await startSimulator({ scenario: parseScenario(bundledScenario(scenarioName)) });
  layer = new AwsLayer({
    endpoint: sim.endpoint,
    maxAttempts: 3,
    maxCallsInFlight: 16,
    homeRegion: "us-east-1",
    credentials: { accessKeyId: sim.hub.accessKeyId, secretAccessKey: sim.hub.secretAccessKey },
  });
  const clients = layer.assume(accountId, {
    name: "WirewatchAudit",
    sessionName: "test",
    durationSeconds: 3600,
  });
  return collectAccount(clients, {
    accountId,
    regions: { include: [], exclude: [] },
    roleArn: `arn:aws:iam::${accountId}:role/WirewatchAudit`,
    knownTrailDetail: () => undefined,
  });
}

describe("collectAccount", () => {
  it("reads trails, rules with the forwarding rule's targets, and the trail's log group with its alarm wiring", async () => {
    const inv = await collect("healthy", PROD);
    expect(Object.keys(inv.regions).sort()).toEqual(["ap-southeast-2", "eu-west-1", "us-east-1"]);
    const rules = inv.regions["eu-west-1"]?.rules;
    expect(
      rules?.ok && rules.value.map((r) => [r.name, r.targets?.ok && r.targets.value.map((t) => t.arn)]),
    ).toEqual([
      ["wirewatch-forward-cloudtrail", ["arn:aws:events:eu-west-1:111111111111:event-bus/wirewatch-central"]],
    ]);
    const [detail] = Object.values(inv.trailDetails);
    const lg = detail?.logGroup;
    expect(lg?.name).toBe("aws-cloudtrail-logs");
    expect(lg?.group).toEqual({
      ok: true,
      value: { exists: true, retentionInDays: 365, kmsKeyId: undefined },
    });
    expect(lg?.subscriptionFilters.ok && lg.subscriptionFilters.value.map((f) => f.destinationArn)).toEqual([
      "arn:aws:logs:us-east-1:111111111111:destination:wirewatch-central",
    ]);
    expect(lg?.metricFilters.ok && lg.metricFilters.value.length).toBe(15);
    expect(lg?.alarms.ok && lg.alarms.value.length).toBe(15);
    const topics = Object.values(lg?.topics ?? {});
    expect(topics.map((t) => t.arn)).toEqual([`arn:aws:sns:us-east-1:${PROD}:wirewatch-alarms`]);
    expect(topics[0]?.subscriptions.ok && topics[0].subscriptions.value.length).toBe(1);
    expect(topics[0]?.attributes.ok && topics[0].attributes.value.Policy).toContain(
      "cloudwatch.amazonaws.com",
    );

    // The fewest calls: per region DescribeTrails + ListRules + one ListTargetsByRule; per owned trail its
    // status, selectors and seven log/alarm reads; once per scan the hub's identity, for its partition.
    const calls = Object.fromEntries(Object.entries(layer!.apiStats()).map(([k, v]) => [k, v.calls]));
    expect(calls).toEqual({
      "account:ListRegions": 1,
      "cloudtrail:DescribeTrails": 3,
      "cloudtrail:GetEventSelectors": 1,
      "cloudtrail:GetTrailStatus": 1,
      "events:ListRules": 3,
      "events:ListTargetsByRule": 3,
      "logs:DescribeAccountPolicies": 1,
      "logs:DescribeLogGroups": 1,
      "logs:DescribeMetricFilters": 1,
      "logs:DescribeSubscriptionFilters": 1,
      "monitoring:DescribeAlarms": 1,
      "sns:GetTopicAttributes": 1,
      "sns:ListSubscriptionsByTopic": 1,
      "sts:AssumeRole": 1,
      "sts:GetCallerIdentity": 1,
    });
  });

  it("leaves an organization trail's log group to the account that owns it", async () => {
    const member = await collect("org-trail", PROD);
    expect(Object.values(member.trailDetails).every((d) => d.logGroup === undefined)).toBe(true);
  });

  it("reads the organization trail's log group in the management account", async () => {
    const mgmt = await collect("org-trail", MGMT);
    const org = Object.values(mgmt.trailDetails).find((d) => d.ownerAccountId === MGMT);
    expect(org?.logGroup?.metricFilters.ok).toBe(true);
  });
});

describe("collection helpers", () => {
  it.each([
    [undefined, { excluded: [] }],
    ['LogGroupName NOT IN ["a", "/b/c"]', { excluded: ["a", "/b/c"] }],
    ['LogGroupName IN ["a"]', { excluded: [], unparsable: 'LogGroupName IN ["a"]' }],
  ])("parseSelectionCriteria(%s)", (criteria, parsed) => {
    expect(parseSelectionCriteria(criteria)).toEqual(parsed);
  });

  it.each([
    ['{"detail-type":["AWS API Call via CloudTrail"]}', true],
    ['{"source":["aws.ec2"]}', true],
    ['{"detail-type":["EC2 Instance State-change Notification"]}', false],
    ['{"source":[', false],
    [undefined, false],
  ])("isCandidate(%s) = %s", (pattern, expected) => {
    expect(isCandidate(pattern, PROD, "eu-west-1")).toBe(expected);
  });
});
