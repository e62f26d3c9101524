/**
 * Request members are honoured or refused, never silently ignored. Each simulated operation classifies every input
 * member of its service model (OperationDef.members): honoured, ignored with the reason AWS's answer is the same,
 * or refused by name. This file holds the classification to the model the SDK ships (test/support/sdk-model.ts),
 * checks that docs/simulator.md lists what is refused and ignored, and exercises the members the audit found
 * accepted-but-ignored through the real SDK.
 */
import { readFileSync } from "node:fs";
import {
  CloudTrailClient,
  CreateTrailCommand,
  DescribeTrailsCommand,
  UpdateTrailCommand,
} from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeAccountPoliciesCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
  PutMetricFilterCommand,
  PutSubscriptionFilterCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import * as eventbridgeSdk from "@aws-sdk/client-eventbridge";
import { EventBridgeClient, ListTargetsByRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { CreateTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import type { Simulator } from "../../../sim/server.ts";
import { TARGET_PARAMETERS } from "../../../sim/services/eventbridge.ts";
import { SERVICES } from "../../../sim/services/index.ts";
import { inputMembers } from "../../support/sdk-model.ts";
import {
  AUDIT_ROLE,
  MEMBER_A,
  MGMT,
  REMEDIATION_ROLE,
  assumeRole,
  baseScenario,
  clientConfig,
  errorOf,
  hubCredentials,
  startTestSim,
} from "../../support/sim.ts";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const MODULES: Record<string, string> = {
  account: "account",
  cloudtrail: "cloudtrail",
  monitoring: "cloudwatch",
  events: "eventbridge",
  logs: "logs",
  organizations: "organizations",
  securityhub: "securityhub",
  sns: "sns",
  sts: "sts",
};

const operations = Object.entries(SERVICES).flatMap(([service, def]) =>
  Object.entries(def.operations).map(([operation, op]) => ({ service, operation, op })),
);

const DOCS = readFileSync(new URL("../../../docs/simulator.md", import.meta.url), "utf8");
const DIFFERENCES = DOCS.slice(DOCS.indexOf("## Where the simulator differs from AWS"));

describe("every operation classifies exactly its model's input members", () => {
  it.each(operations.map((o) => [`${o.service}:${o.operation}`, o] as const))(
    "%s",
    (_label, { service, operation, op }) => {
      const model = inputMembers(service, operation);
      expect(model, `${service} model has no operation ${operation}`).toBeDefined();
      const declared = [
        ...op.members.honoured,
        ...Object.keys(op.members.ignored ?? {}),
        ...Object.keys(op.members.refused ?? {}),
      ];
      expect(declared.length, "a member is classified twice").toBe(new Set(declared).size);
      expect([...declared].sort()).toEqual([...model!].sort());
      // An honoured member is read by the handler's module: its name appears as a key there.
      const source = readFileSync(
        new URL(`../../../sim/services/${MODULES[service]}.ts`, import.meta.url),
        "utf8",
      );
      const members = op.members.honoured.filter(
        (m) => !source.includes(`"${m}"`) && !source.includes(`.${m}`),
      );
      expect(members, "honoured but never read").toEqual([]);
    },
  );

  it("docs/simulator.md lists every refused and ignored member under 'Where the simulator differs from AWS'", () => {
    expect(DIFFERENCES.length).toBeGreaterThan(0);
    const unlisted = operations.flatMap(({ operation, op }) =>
      [...Object.keys(op.members.refused ?? {}), ...Object.keys(op.members.ignored ?? {})]
        .filter((m) => !DIFFERENCES.includes(`${operation} \`${m}\``) && !DIFFERENCES.includes(`\`${m}\``))
        .map((m) => `${operation}.${m}`),
    );
    expect(unlisted).toEqual([]);
  });

  it("every EventBridge Target member is parsed or kept as given", () => {
    const target = eventbridgeSdk.Target$ as unknown as [number, string, string, unknown, string[]];
    const parsed = ["Id", "Arn", "RoleArn", "Input", "InputPath", "DeadLetterConfig", "RetryPolicy"];
    expect(
      target[4].filter((m) => !parsed.includes(m) && !(TARGET_PARAMETERS as readonly string[]).includes(m)),
    ).toEqual([]);
  });
});

describe("refused members are refused by name with the service's validation error", () => {
  it.each<[string, Partial<AssumeRoleCommandInput>]>([
    ["Policy", { Policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }],
    ["PolicyArns", { PolicyArns: [{ arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }] }],
    ["SerialNumber", { SerialNumber: `arn:aws:iam::${MGMT}:mfa/hub`, TokenCode: "123456" }],
    [
      "ProvidedContexts",
      {
        ProvidedContexts: [
          { ProviderArn: "arn:aws:iam::aws:contextProvider/IdentityCenter", ContextAssertion: "x" },
        ],
      },
    ],
  ])("STS AssumeRole %s", async (member, extra) => {
    sim = await startTestSim(baseScenario());
    const sts = new STSClient(clientConfig(sim, hubCredentials(sim)));
    const call = sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${MEMBER_A}:role/${AUDIT_ROLE}`,
        RoleSessionName: "s1",
        ...extra,
      }),
    );
    expect(await errorOf(call)).toEqual({ name: "ValidationError", status: 400, code: "ValidationError" });
    await expect(call.catch((e: Error) => e.message)).resolves.toContain(member);
  });

  it("CloudWatch PutMetricAlarm EvaluationCriteria (a PromQL alarm)", async () => {
    sim = await startTestSim(baseScenario());
    const cw = new CloudWatchClient(clientConfig(sim, await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE)));
    const call = cw.send(
      new PutMetricAlarmCommand({
        AlarmName: "promql",
        EvaluationPeriods: 1,
        ComparisonOperator: "GreaterThanThreshold",
        EvaluationInterval: 60,
        EvaluationCriteria: { PromQLCriteria: { Query: "up == 0" } },
      }),
    );
    expect(await errorOf(call)).toMatchObject({ name: "InvalidParameterValueException", status: 400 });
    expect((await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  });

  it("ignores the session tags STS cannot act on, and gives the session its SourceIdentity and token size", async () => {
    sim = await startTestSim(baseScenario());
    const sts = new STSClient(clientConfig(sim, hubCredentials(sim)));
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${MEMBER_A}:role/${AUDIT_ROLE}`,
        RoleSessionName: "s1",
        Tags: [{ Key: "team", Value: "security" }],
        TransitiveTagKeys: ["team"],
        SourceIdentity: "alice",
        MinimumSessionTokenSize: 2048,
      }),
    );
    expect(out.SourceIdentity).toBe("alice");
    expect(out.Credentials?.SessionToken?.length).toBeGreaterThanOrEqual(2048);
    expect(
      await errorOf(
        sts.send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${MEMBER_A}:role/${AUDIT_ROLE}`,
            RoleSessionName: "s1",
            SourceIdentity: "a b",
          }),
        ),
      ),
    ).toMatchObject({ name: "ValidationError", status: 400 });
  });
});

describe("members the audit found accepted but ignored are honoured", () => {
  it("CloudTrail keeps RecursiveLogging through CreateTrail, UpdateTrail and DescribeTrails", async () => {
    sim = await startTestSim(baseScenario());
    const ct = new CloudTrailClient(clientConfig(sim, await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE)));
    const created = await ct.send(
      new CreateTrailCommand({ Name: "trail-one", S3BucketName: "trail-bucket", RecursiveLogging: false }),
    );
    expect(created.RecursiveLogging).toBe(false);
    expect((await ct.send(new DescribeTrailsCommand({}))).trailList?.[0]?.RecursiveLogging).toBe(false);
    await ct.send(new UpdateTrailCommand({ Name: "trail-one", RecursiveLogging: true }));
    expect((await ct.send(new DescribeTrailsCommand({}))).trailList?.[0]?.RecursiveLogging).toBe(true);
  });

  it("CloudWatch Logs keeps a group's class and deletion protection, filters by class, and a filter's settings", async () => {
    sim = await startTestSim(baseScenario());
    const logs = new CloudWatchLogsClient(
      clientConfig(sim, await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE)),
    );
    await logs.send(new CreateLogGroupCommand({ logGroupName: "std", deletionProtectionEnabled: true }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: "cheap", logGroupClass: "INFREQUENT_ACCESS" }));
    const all = (await logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? [];
    expect(all.map((g) => [g.logGroupName, g.logGroupClass, g.deletionProtectionEnabled])).toEqual([
      ["cheap", "INFREQUENT_ACCESS", undefined],
      ["std", "STANDARD", true],
    ]);
    // "If you specify either INFREQUENT_ACCESS or ESSENTIALS, the results include log groups in both" classes.
    const lowCost = await logs.send(new DescribeLogGroupsCommand({ logGroupClass: "ESSENTIALS" }));
    expect(lowCost.logGroups?.map((g) => g.logGroupName)).toEqual(["cheap"]);
    await logs.send(
      new PutSubscriptionFilterCommand({
        logGroupName: "std",
        filterName: "central",
        filterPattern: "",
        destinationArn: `arn:aws:logs:us-east-1:${MGMT}:destination:central`,
        applyOnTransformedLogs: true,
        fieldSelectionCriteria: '@aws.region NOT IN ["cn-north-1"]',
        emitSystemFields: ["@aws.account", "@aws.region"],
      }),
    );
    expect(
      (await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: "std" }))).subscriptionFilters,
    ).toEqual([
      expect.objectContaining({
        applyOnTransformedLogs: true,
        fieldSelectionCriteria: '@aws.region NOT IN ["cn-north-1"]',
        emitSystemFields: ["@aws.account", "@aws.region"],
      }),
    ]);
    await logs.send(
      new PutMetricFilterCommand({
        logGroupName: "std",
        filterName: "root",
        filterPattern: '{ $.userIdentity.type = "Root" }',
        metricTransformations: [{ metricName: "RootUsage", metricNamespace: "CIS", metricValue: "1" }],
        emitSystemFieldDimensions: ["@aws.account"],
      }),
    );
    expect(
      (await logs.send(new DescribeMetricFiltersCommand({ logGroupName: "std" }))).metricFilters,
    ).toEqual([
      expect.objectContaining({ applyOnTransformedLogs: false, emitSystemFieldDimensions: ["@aws.account"] }),
    ]);
    expect(
      await errorOf(
        logs.send(
          new PutMetricFilterCommand({
            logGroupName: "std",
            filterName: "bad",
            filterPattern: "",
            metricTransformations: [{ metricName: "M", metricNamespace: "N", metricValue: "1" }],
            emitSystemFieldDimensions: ["@aws.nope"],
          }),
        ),
      ),
    ).toEqual({ name: "InvalidParameterException", status: 400 });
    expect(
      await errorOf(
        logs.send(
          new DescribeAccountPoliciesCommand({
            policyType: "SUBSCRIPTION_FILTER_POLICY",
            nextToken: "forged",
          }),
        ),
      ),
    ).toEqual({ name: "InvalidParameterException", status: 400 });
  });

  it("CloudWatch keeps ThresholdMetricId and an alarm's evaluation and action settings", async () => {
    sim = await startTestSim(baseScenario());
    const cw = new CloudWatchClient(clientConfig(sim, await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE)));
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: "band",
        EvaluationPeriods: 1,
        ComparisonOperator: "LessThanLowerOrGreaterThanUpperThreshold",
        ThresholdMetricId: "ad1",
        Metrics: [
          {
            Id: "m1",
            MetricStat: { Metric: { Namespace: "CIS", MetricName: "RootUsage" }, Period: 300, Stat: "Sum" },
            ReturnData: true,
          },
          { Id: "ad1", Expression: "ANOMALY_DETECTION_BAND(m1, 2)" },
        ],
        WarmUpConfiguration: { WarmUpPeriodDurationInMinutes: 10 },
      }),
    );
    const alarm = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["band"] }))).MetricAlarms?.[0];
    expect(alarm?.ThresholdMetricId).toBe("ad1");
    expect(alarm?.WarmUpConfiguration).toEqual({ WarmUpPeriodDurationInMinutes: 10 });
  });

  it("EventBridge keeps a target's InputTransformer and other target parameters", async () => {
    sim = await startTestSim(
      baseScenario({
        accounts: [
          { id: MGMT, name: "management" },
          {
            id: MEMBER_A,
            name: "member-a",
            regionState: {
              "us-east-1": { rules: [{ name: "r", eventPattern: { source: ["aws.cloudtrail"] } }] },
            },
          },
        ],
      }),
    );
    const eb = new EventBridgeClient(clientConfig(sim, await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE)));
    const transformer = { InputPathsMap: { name: "$.detail.eventName" }, InputTemplate: '"<name>"' };
    await eb.send(
      new PutTargetsCommand({
        Rule: "r",
        Targets: [
          {
            Id: "q",
            Arn: `arn:aws:sqs:us-east-1:${MEMBER_A}:alerts.fifo`,
            InputTransformer: transformer,
            SqsParameters: { MessageGroupId: "g1" },
          },
        ],
      }),
    );
    expect((await eb.send(new ListTargetsByRuleCommand({ Rule: "r" }))).Targets).toEqual([
      expect.objectContaining({
        Id: "q",
        InputTransformer: transformer,
        SqsParameters: { MessageGroupId: "g1" },
      }),
    ]);
  });

  it("SNS refuses a DataProtectionPolicy that is not a JSON document", async () => {
    sim = await startTestSim(baseScenario());
    const sns = new SNSClient(clientConfig(sim, await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE)));
    expect(
      await errorOf(sns.send(new CreateTopicCommand({ Name: "t", DataProtectionPolicy: "not json" }))),
    ).toMatchObject({
      name: "InvalidParameterException",
      status: 400,
    });
    await expect(
      sns.send(
        new CreateTopicCommand({
          Name: "t",
          DataProtectionPolicy: JSON.stringify({ Name: "p", Statement: [] }),
        }),
      ),
    ).resolves.toMatchObject({ TopicArn: `arn:aws:sns:us-east-1:${MEMBER_A}:t` });
  });
});
