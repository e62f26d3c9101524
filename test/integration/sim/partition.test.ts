/**
 * The simulator in each partition: a scenario moved to aws-us-gov or aws-cn mints every ARN in that partition,
 * answers GetCallerIdentity and AssumeRole with it, and refuses regions and ARNs of another partition, naming where.
 */
import { CloudTrailClient, DescribeTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { DescribeAlarmsCommand, CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { EventBridgeClient, ListRulesCommand } from "@aws-sdk/client-eventbridge";
import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetTopicAttributesCommand, SNSClient } from "@aws-sdk/client-sns";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import { buildWorld, parseScenario, ScenarioError } from "../../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../../sim/server.ts";
import { bundledScenario, type MutableScenario } from "../../support/e2e.ts";
import { inPartition } from "../../support/partition.ts";
import { baseScenario, clientConfig, errorOf, hubCredentials } from "../../support/sim.ts";

const PROD = "222222222222";
const MGMT = "111111111111";

let sim: Simulator | undefined;
const start = (s: MutableScenario) => startSimulator({ rateLimits: false, scenario: parseScenario(s) });
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe.each([
  ["aws-us-gov", "us-gov-west-1", "us-gov-east-1"],
  ["aws-cn", "cn-north-1", "cn-northwest-1"],
] as const)("a healthy organization in %s", (partition, home, other) => {
  const scenario = () => inPartition(bundledScenario("healthy"), partition);

  it("defaults the hub's region to the partition's first and answers the caller identity in the partition", async () => {
    const s = scenario();
    delete s.hub.region;
    sim = await start(s);
    expect(sim.hub.region).toBe(home);
    const sts = new STSClient(clientConfig(sim, hubCredentials(sim), home));
    const id = await sts.send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe(`arn:${partition}:iam::${MGMT}:user/wirewatch-hub`);
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:${partition}:iam::${PROD}:role/WirewatchAudit`,
        RoleSessionName: "wirewatch",
      }),
    );
    expect(assumed.AssumedRoleUser?.Arn).toBe(
      `arn:${partition}:sts::${PROD}:assumed-role/WirewatchAudit/wirewatch`,
    );
    // A role ARN of another partition names nothing here.
    expect(
      await errorOf(
        sts.send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${PROD}:role/WirewatchAudit`,
            RoleSessionName: "x",
          }),
        ),
      ),
    ).toMatchObject({ name: "ValidationError" });
  });

  it("mints trail, log group, rule, alarm, topic and organization ARNs in the partition", async () => {
    sim = await start(scenario());
    const creds = hubCredentials(sim);
    const cfg = (region: string) => clientConfig(sim!, creds, region);
    const trails = await new CloudTrailClient(cfg(other)).send(new DescribeTrailsCommand({}));
    expect(trails.trailList?.map((t) => [t.TrailARN, t.CloudWatchLogsLogGroupArn])).toEqual([
      [
        `arn:${partition}:cloudtrail:${home}:${MGMT}:trail/management-trail`,
        `arn:${partition}:logs:${home}:${MGMT}:log-group:aws-cloudtrail-logs:*`,
      ],
    ]);
    const groups = await new CloudWatchLogsClient(cfg(home)).send(new DescribeLogGroupsCommand({}));
    expect(groups.logGroups?.map((g) => g.arn)).toEqual([
      `arn:${partition}:logs:${home}:${MGMT}:log-group:aws-cloudtrail-logs:*`,
    ]);
    const rules = await new EventBridgeClient(cfg(other)).send(new ListRulesCommand({}));
    expect(rules.Rules?.map((r) => r.Arn)).toEqual([
      `arn:${partition}:events:${other}:${MGMT}:rule/wirewatch-forward-cloudtrail`,
    ]);
    const alarms = await new CloudWatchClient(cfg(home)).send(new DescribeAlarmsCommand({ MaxRecords: 1 }));
    expect(alarms.MetricAlarms?.[0]?.AlarmArn).toMatch(
      new RegExp(`^arn:${partition}:cloudwatch:${home}:${MGMT}:alarm:`),
    );
    const topic = `arn:${partition}:sns:${home}:${MGMT}:wirewatch-alarms`;
    const attrs = await new SNSClient(cfg(home)).send(new GetTopicAttributesCommand({ TopicArn: topic }));
    expect(attrs.Attributes?.TopicArn).toBe(topic);
    const org = await new OrganizationsClient(cfg(home)).send(new DescribeOrganizationCommand({}));
    expect(org.Organization?.Arn).toBe(
      `arn:${partition}:organizations::${MGMT}:organization/o-wirewatchdemo`,
    );
  });

  it("serves clients that find it through AWS_ENDPOINT_URL in the partition's regions", async () => {
    sim = await start(scenario());
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = sim.endpoint;
    try {
      // No endpoint option: the SDK resolves the endpoint for cn-north-1 / us-gov-west-1 from the environment.
      const sts = new STSClient({ region: home, credentials: hubCredentials(sim), maxAttempts: 1 });
      const id = await sts.send(new GetCallerIdentityCommand({}));
      expect(id.Arn).toBe(`arn:${partition}:iam::${MGMT}:user/wirewatch-hub`);
      const ct = new CloudTrailClient({ region: other, credentials: hubCredentials(sim), maxAttempts: 1 });
      expect((await ct.send(new DescribeTrailsCommand({}))).trailList).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });
});

describe("scenario partition", () => {
  const issues = (input: unknown): string[] => {
    try {
      buildWorld(parseScenario(input));
    } catch (e) {
      if (e instanceof ScenarioError)
        return e.message
          .split("\n")
          .slice(1)
          .map((l) => l.trim());
      throw e;
    }
    return [];
  };

  it("defaults to aws with the commercial regions", () => {
    const s = parseScenario(baseScenario({ defaults: undefined }));
    expect([s.partition, s.hub.region, s.defaults.regions]).toEqual([
      "aws",
      "us-east-1",
      ["us-east-1", "us-west-2", "eu-west-1"],
    ]);
  });

  it.each([
    ["aws-us-gov", ["us-gov-west-1", "us-gov-east-1"]],
    ["aws-cn", ["cn-north-1", "cn-northwest-1"]],
  ] as const)("defaults %s accounts to its regions", (partition, regions) => {
    const s = parseScenario(baseScenario({ partition, defaults: undefined }));
    expect([s.hub.region, s.defaults.regions]).toEqual([regions[0], regions]);
    const w = buildWorld(s);
    expect([w.partition, [...w.accounts.get(PROD)!.regions.keys()]]).toEqual([partition, regions]);
  });

  it("names every region and ARN that is not of the partition, and where", () => {
    const s = inPartition(bundledScenario("healthy"), "aws-us-gov");
    s.accounts[1]!.regions = ["us-gov-west-1", "us-east-1"];
    s.defaults!.roles![0]!.trust = ["arn:aws:iam::111111111111:root"];
    s.accounts[2]!.trails![0]!.kmsKeyId = "arn:aws-cn:kms:us-gov-west-1:333333333333:key/k";
    expect(issues(s)).toEqual([
      "accounts.1.regions.1: region us-east-1 is in partition aws, not the scenario's aws-us-gov",
      "defaults.roles.0.trust.0: ARN arn:aws:iam::111111111111:root is not in the scenario's partition aws-us-gov (arn:aws-us-gov:...)",
      "accounts.2.trails.0.kmsKeyId: ARN arn:aws-cn:kms:us-gov-west-1:333333333333:key/k is not in the scenario's partition aws-us-gov (arn:aws-us-gov:...)",
    ]);
  });

  it("refuses an unknown partition", () => {
    expect(issues({ ...baseScenario(), partition: "aws-iso" })[0]).toMatch(/^partition: /);
  });
});
