/**
 * Permission policies through the real SDK: the simulator evaluates the caller's policies per action and answers a
 * denial with each service's own AccessDenied shape (code and HTTP status of its protocol), as IAM's evaluation
 * logic says (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
import { AccountClient, ListRegionsCommand } from "@aws-sdk/client-account";
import { CloudTrailClient, DescribeTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { EventBridgeClient, ListRulesCommand, PutRuleCommand } from "@aws-sdk/client-eventbridge";
import { OrganizationsClient, ListAccountsCommand } from "@aws-sdk/client-organizations";
import { GetTopicAttributesCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import type { Simulator } from "../../../sim/server.ts";
import {
  AUDIT_ROLE,
  MEMBER_A,
  MGMT,
  REMEDIATION_ROLE,
  assumeRole,
  baseScenario,
  clientConfig,
  errorOf,
  failureOf,
  hubCredentials,
  startTestSim,
} from "../../support/sim.ts";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const NOTHING = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] };
const READS = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Action: ["logs:Describe*", "logs:CreateLogGroup", "events:PutRule"], Resource: "*" },
    { Effect: "Deny", Action: "logs:DescribeMetric?ilters", Resource: "*" },
  ],
};

function scenario() {
  return baseScenario({
    hub: {
      account: MGMT,
      accessKeyId: "AKIAHUBEXAMPLE000001",
      secretAccessKey: "hubSecretKeyExample/000000000000000000001",
      policies: [
        {
          Statement: [
            {
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Resource: [`arn:aws:iam::*:role/${AUDIT_ROLE}`, "arn:aws:iam::*:role/Deny*"],
            },
            { Effect: "Allow", Action: "organizations:List*", Resource: "*" },
          ],
        },
      ],
    },
    defaults: {
      regions: ["us-east-1"],
      roles: [
        { name: AUDIT_ROLE, policies: [NOTHING] },
        { name: REMEDIATION_ROLE, policies: [READS] },
        { name: "DenyAll", policies: [NOTHING] },
      ],
    },
  });
}

describe("permission policies", () => {
  it("answers a denied call with each service's own AccessDenied shape", async () => {
    sim = await startTestSim(scenario());
    const creds = await assumeRole(sim, MEMBER_A, "DenyAll");
    const c = clientConfig(sim, creds);
    const cases = await Promise.all([
      errorOf(new CloudTrailClient(c).send(new DescribeTrailsCommand({}))),
      errorOf(new CloudWatchLogsClient(c).send(new DescribeLogGroupsCommand({}))),
      errorOf(new EventBridgeClient(c).send(new ListRulesCommand({}))),
      errorOf(new CloudWatchClient(c).send(new DescribeAlarmsCommand({}))),
      errorOf(
        new SNSClient(c).send(
          new GetTopicAttributesCommand({ TopicArn: `arn:aws:sns:us-east-1:${MEMBER_A}:t` }),
        ),
      ),
      errorOf(new AccountClient(c).send(new ListRegionsCommand({}))),
    ]);
    expect(cases.map((e) => [e.name, e.status])).toEqual([
      ["AccessDeniedException", 403],
      ["AccessDeniedException", 400],
      ["AccessDeniedException", 400],
      ["AccessDenied", 403],
      ["AuthorizationErrorException", 403],
      ["AccessDeniedException", 403],
    ]);
    // Asking who you are needs no permission.
    const id = await new STSClient(c).send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(MEMBER_A);
  });

  it("lets the hub assume only the roles its policy names", async () => {
    sim = await startTestSim(scenario());
    // The hub may assume only the roles its policy names.
    const denied = await failureOf(assumeRole(sim, MEMBER_A, REMEDIATION_ROLE));
    expect(denied.name).toBe("AccessDenied");
    expect(denied.message).toContain(
      `sts:AssumeRole on resource: arn:aws:iam::${MEMBER_A}:role/${REMEDIATION_ROLE}`,
    );
    const hub = new OrganizationsClient(clientConfig(sim, hubCredentials(sim)));
    expect((await hub.send(new ListAccountsCommand({}))).Accounts?.map((a) => a.Id)).toContain(MEMBER_A);
    await assumeRole(sim, MEMBER_A, AUDIT_ROLE);
  });

  it("lets an explicit deny win over a wildcard allow, and authorises what a request sets", async () => {
    const s = scenario();
    s.hub.policies = [{ Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] }];
    sim = await startTestSim(s);
    const logs = new CloudWatchLogsClient(
      clientConfig(sim, await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE)),
    );
    expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
    // Denied explicitly, although logs:Describe* allows it.
    const metricFilters = await errorOf(logs.send(new DescribeMetricFiltersCommand({})));
    expect(metricFilters.name).toBe("AccessDeniedException");
    const tagged = await failureOf(
      logs.send(new CreateLogGroupCommand({ logGroupName: "g", tags: { a: "b" } })),
    );
    expect([tagged.name, tagged.message]).toEqual([
      "AccessDeniedException",
      expect.stringContaining("logs:TagResource") as unknown as string,
    ]);
    await logs.send(new CreateLogGroupCommand({ logGroupName: "g" }));
    const events = new EventBridgeClient(
      clientConfig(sim, await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE)),
    );
    const rule = await errorOf(
      events.send(
        new PutRuleCommand({
          Name: "r",
          ScheduleExpression: "rate(5 minutes)",
          Tags: [{ Key: "a", Value: "b" }],
        }),
      ),
    );
    expect(rule.name).toBe("AccessDeniedException");
    expect(sim.world.accounts.get(MEMBER_A)!.regionState.get("us-east-1")!.rules.size).toBe(0);
    expect([...sim.world.accounts.get(MEMBER_A)!.regionState.get("us-east-1")!.logGroups.keys()]).toEqual([
      "g",
    ]);
  });

  it("refuses a policy it cannot judge when the scenario is parsed", async () => {
    const s = scenario();
    s.defaults!.roles = [
      {
        name: AUDIT_ROLE,
        policies: [{ Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*", Condition: {} }] }],
      },
    ];
    await expect(startTestSim(s)).rejects.toThrow(/Condition/);
    s.defaults!.roles = [{ name: AUDIT_ROLE, access: "read-only", policies: [NOTHING] }];
    await expect(startTestSim(s)).rejects.toThrow(/either access or policies/);
  });
});
