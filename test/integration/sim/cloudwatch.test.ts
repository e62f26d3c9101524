import { Hash } from "@smithy/hash-node";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  PutMetricAlarmCommand,
  paginateDescribeAlarms,
  type MetricAlarm,
  type PutMetricAlarmCommandInput,
} from "@aws-sdk/client-cloudwatch";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { SignatureV4 } from "@smithy/signature-v4";
import { XMLParser } from "fast-xml-parser";
import { afterEach, describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../../sim/scenario.ts";
import type { Simulator } from "../../../sim/server.ts";
import {
  MEMBER_A,
  MEMBER_B,
  MGMT,
  REMEDIATION_ROLE,
  assumeRole,
  baseScenario,
  clientConfig,
  errorOf,
  startTestSim,
} from "../../support/sim.ts";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const REGION = "us-east-1";
const TOPIC = `arn:aws:sns:${REGION}:${MEMBER_A}:security-alerts`;
const OTHER_TOPIC = `arn:aws:sns:${REGION}:${MEMBER_A}:ops-alerts`;

type AlarmSeed = NonNullable<
  NonNullable<ScenarioInput["accounts"][number]["regionState"]>[string]["alarms"]
>[number];

/** A small, varied alarm set: plain metric alarms in each state and one metric-math alarm on the same metric. */
const ALARMS: AlarmSeed[] = [
  {
    name: "cis-root-usage",
    metricName: "RootUsage",
    namespace: "CISBenchmark",
    alarmActions: [TOPIC],
    state: "OK",
  },
  {
    name: "cis-root-usage-eu",
    metricName: "RootUsage",
    namespace: "CISBenchmark",
    dimensions: [{ name: "Region", value: "eu" }],
    alarmActions: [TOPIC],
    state: "ALARM",
  },
  {
    name: "cis-iam-changes",
    metricName: "IAMPolicyChanges",
    namespace: "CISBenchmark",
    okActions: [OTHER_TOPIC],
    state: "ALARM",
  },
  { name: "cpu-high", metricName: "RootUsage", namespace: "Other", state: "INSUFFICIENT_DATA" },
  {
    name: "math-root-usage",
    alarmActions: [TOPIC],
    metrics: [
      {
        Id: "m1",
        MetricStat: {
          Metric: { Namespace: "CISBenchmark", MetricName: "RootUsage", Dimensions: [] },
          Period: 300,
          Stat: "Sum",
        },
        ReturnData: false,
      },
      { Id: "e1", Expression: "m1 * 2", ReturnData: true },
    ],
  },
];

function scenarioWith(alarms: AlarmSeed[], account = MEMBER_A, region = REGION) {
  return baseScenario({
    accounts: [
      { id: MGMT, name: "management" },
      { id: MEMBER_A, name: "member-a" },
      { id: MEMBER_B, name: "member-b" },
    ].map((a) => (a.id === account ? { ...a, regionState: { [region]: { alarms } } } : a)),
  });
}

async function client(s: Simulator, account = MEMBER_A, role?: string, region = REGION) {
  return new CloudWatchClient(clientConfig(s, await assumeRole(s, account, role), region));
}

const names = (alarms: MetricAlarm[] | undefined) => (alarms ?? []).map((a) => a.AlarmName);

const plainAlarm = (
  name: string,
  extra: Partial<PutMetricAlarmCommandInput> = {},
): PutMetricAlarmCommandInput => ({
  AlarmName: name,
  MetricName: "RootUsage",
  Namespace: "CISBenchmark",
  Statistic: "Sum",
  Period: 300,
  EvaluationPeriods: 1,
  Threshold: 1,
  ComparisonOperator: "GreaterThanOrEqualToThreshold",
  AlarmActions: [TOPIC],
  ...extra,
});

/** Signs and sends a raw request to the simulator, as a client of CloudWatch's older awsQuery protocol would. */
async function rawCall(
  s: Simulator,
  creds: AwsCredentialIdentity,
  body: string,
  headers: Record<string, string>,
  region = REGION,
) {
  const url = new URL(s.endpoint);
  const signer = new SignatureV4({
    credentials: creds,
    region,
    service: "monitoring",
    sha256: Hash.bind(null, "sha256"),
  });
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    query: {},
    headers: { host: url.host, ...headers },
    body,
  });
  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k !== "host") sent[k] = String(v);
  const res = await fetch(`${s.endpoint}/`, { method: "POST", headers: sent, body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const xml = new XMLParser({ parseTagValue: false, isArray: (name) => name === "member" });

interface QueryAlarm {
  AlarmName: string;
  AlarmArn: string;
  Threshold: string;
  Period?: string;
  StateValue: string;
  ActionsEnabled: string;
  AlarmActions?: { member: string[] } | "";
  Dimensions?: { member: Array<{ Name: string; Value: string }> } | "";
}

/** An awsQuery call: form body, XML answer parsed with `member` always a list. */
async function query(
  s: Simulator,
  creds: AwsCredentialIdentity,
  action: string,
  params: Record<string, string> = {},
) {
  const body = new URLSearchParams({ Action: action, Version: "2010-08-01", ...params }).toString();
  const res = await rawCall(s, creds, body, {
    "content-type": "application/x-www-form-urlencoded; charset=utf-8",
  });
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    doc: xml.parse(res.text) as Record<string, unknown>,
  };
}

describe("CloudWatch DescribeAlarms", () => {
  it("pages 130 alarms in name order: 50 a page by default, up to 100 with MaxRecords", async () => {
    const seeded = Array.from({ length: 130 }, (_, i) => ({
      name: `alarm-${String(129 - i).padStart(3, "0")}`,
      metricName: "M",
      namespace: "N",
    }));
    sim = await startTestSim(scenarioWith(seeded));
    const cw = await client(sim);
    const pages: string[][] = [];
    for await (const page of paginateDescribeAlarms({ client: cw }, {}))
      pages.push(names(page.MetricAlarms) as string[]);
    expect(pages.map((p) => p.length)).toEqual([50, 50, 30]);
    const all = pages.flat();
    expect(all).toEqual([...all].sort());
    expect(new Set(all).size).toBe(130);
    const sizes: number[] = [];
    for await (const page of paginateDescribeAlarms({ client: cw, pageSize: 100 }, {})) {
      sizes.push(page.MetricAlarms!.length);
    }
    expect(sizes).toEqual([100, 30]);
  });

  it.each([
    [
      "no filter",
      {},
      ["cis-iam-changes", "cis-root-usage", "cis-root-usage-eu", "cpu-high", "math-root-usage"],
    ],
    ["AlarmNames", { AlarmNames: ["cpu-high", "cis-root-usage", "missing"] }, ["cis-root-usage", "cpu-high"]],
    ["AlarmNamePrefix", { AlarmNamePrefix: "cis-root" }, ["cis-root-usage", "cis-root-usage-eu"]],
    ["StateValue", { StateValue: "ALARM" as const }, ["cis-iam-changes", "cis-root-usage-eu"]],
    [
      "ActionPrefix on alarm actions",
      { ActionPrefix: TOPIC },
      ["cis-root-usage", "cis-root-usage-eu", "math-root-usage"],
    ],
    ["ActionPrefix on OK actions", { ActionPrefix: OTHER_TOPIC }, ["cis-iam-changes"]],
    [
      "AlarmTypes MetricAlarm",
      { AlarmTypes: ["MetricAlarm" as const], StateValue: "OK" as const },
      ["cis-root-usage", "math-root-usage"],
    ],
    ["AlarmTypes CompositeAlarm", { AlarmTypes: ["CompositeAlarm" as const] }, []],
  ])("filters by %s", async (_label, params, expected) => {
    sim = await startTestSim(scenarioWith(ALARMS));
    const out = await (await client(sim)).send(new DescribeAlarmsCommand(params));
    expect(names(out.MetricAlarms)).toEqual(expected);
    expect(out.CompositeAlarms).toEqual([]);
    expect(out.NextToken).toBeUndefined();
  });

  it("returns the AWS MetricAlarm shape, metric-math alarms with Metrics[] and no MetricName", async () => {
    sim = await startTestSim(scenarioWith(ALARMS));
    const out = await (
      await client(sim)
    ).send(new DescribeAlarmsCommand({ AlarmNames: ["cis-root-usage-eu", "math-root-usage"] }));
    const [plain, math] = out.MetricAlarms ?? [];
    expect(plain).toMatchObject({
      AlarmName: "cis-root-usage-eu",
      AlarmArn: `arn:aws:cloudwatch:${REGION}:${MEMBER_A}:alarm:cis-root-usage-eu`,
      ActionsEnabled: true,
      AlarmActions: [TOPIC],
      OKActions: [],
      StateValue: "ALARM",
      MetricName: "RootUsage",
      Namespace: "CISBenchmark",
      Statistic: "Sum",
      Dimensions: [{ Name: "Region", Value: "eu" }],
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    expect(plain?.StateUpdatedTimestamp).toBeInstanceOf(Date);
    expect(plain).not.toHaveProperty("tags");
    expect(math?.MetricName).toBeUndefined();
    expect(math?.Metrics?.map((m) => m.Id)).toEqual(["m1", "e1"]);
    expect(math?.Metrics?.[0]?.MetricStat?.Metric?.MetricName).toBe("RootUsage");
  });
});

describe("CloudWatch DescribeAlarmsForMetric", () => {
  it.each([
    [
      "the exact metric without dimensions",
      { MetricName: "RootUsage", Namespace: "CISBenchmark" },
      ["cis-root-usage"],
    ],
    [
      "the exact metric with its dimensions",
      { MetricName: "RootUsage", Namespace: "CISBenchmark", Dimensions: [{ Name: "Region", Value: "eu" }] },
      ["cis-root-usage-eu"],
    ],
    [
      "dimensions that do not match",
      { MetricName: "RootUsage", Namespace: "CISBenchmark", Dimensions: [{ Name: "Region", Value: "us" }] },
      [],
    ],
    ["the same name in another namespace", { MetricName: "RootUsage", Namespace: "Other" }, ["cpu-high"]],
    [
      "a statistic the alarm does not use",
      { MetricName: "RootUsage", Namespace: "CISBenchmark", Statistic: "Average" as const },
      [],
    ],
  ])("finds plain alarms on %s and never metric-math alarms", async (_label, params, expected) => {
    sim = await startTestSim(scenarioWith(ALARMS));
    const out = await (await client(sim)).send(new DescribeAlarmsForMetricCommand(params));
    expect(names(out.MetricAlarms)).toEqual(expected);
  });
});

describe("CloudWatch writes", () => {
  it("creates an alarm in INSUFFICIENT_DATA and replaces it keeping its state", async () => {
    sim = await startTestSim(scenarioWith([]));
    const cw = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    await cw.send(
      new PutMetricAlarmCommand(plainAlarm("cis-root", { Tags: [{ Key: "owner", Value: "ww" }] })),
    );
    const created = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["cis-root"] })))
      .MetricAlarms?.[0];
    expect(created).toMatchObject({ StateValue: "INSUFFICIENT_DATA", ActionsEnabled: true, Threshold: 1 });
    expect(created?.TreatMissingData).toBeUndefined();

    const state = sim.world.accounts.get(MEMBER_A)!.regionState.get(REGION)!;
    state.alarms.get("cis-root")!.StateValue = "OK";
    await cw.send(
      new PutMetricAlarmCommand(plainAlarm("cis-root", { Threshold: 5, TreatMissingData: "notBreaching" })),
    );
    const replaced = (await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? [];
    expect(replaced).toHaveLength(1);
    expect(replaced[0]).toMatchObject({ StateValue: "OK", Threshold: 5, TreatMissingData: "notBreaching" });
    expect(state.alarms.get("cis-root")?.tags).toEqual({ owner: "ww" });
    expect(state.events.map((e) => e.EventName)).toEqual(["PutMetricAlarm", "PutMetricAlarm"]);
  });

  it("stores a metric-math alarm, which DescribeAlarmsForMetric then leaves out", async () => {
    sim = await startTestSim(scenarioWith([]));
    const cw = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: "math",
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
        Metrics: [
          {
            Id: "m1",
            MetricStat: {
              Metric: { Namespace: "CISBenchmark", MetricName: "RootUsage" },
              Period: 300,
              Stat: "Sum",
            },
            ReturnData: true,
          },
        ],
      }),
    );
    await cw.send(new PutMetricAlarmCommand(plainAlarm("plain")));
    const found = await cw.send(
      new DescribeAlarmsForMetricCommand({ MetricName: "RootUsage", Namespace: "CISBenchmark" }),
    );
    expect(names(found.MetricAlarms)).toEqual(["plain"]);
    const all = await cw.send(new DescribeAlarmsCommand({}));
    expect(names(all.MetricAlarms)).toEqual(["math", "plain"]);
  });

  it("disables and enables alarm actions, skipping names that do not exist", async () => {
    sim = await startTestSim(scenarioWith(ALARMS));
    const cw = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const enabled = async () =>
      ((await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "cis-root" }))).MetricAlarms ?? []).map(
        (a) => a.ActionsEnabled,
      );
    await cw.send(new DisableAlarmActionsCommand({ AlarmNames: ["cis-root-usage", "nope"] }));
    expect(await enabled()).toEqual([false, true]);
    await cw.send(new EnableAlarmActionsCommand({ AlarmNames: ["cis-root-usage"] }));
    expect(await enabled()).toEqual([true, true]);
  });

  it("deletes alarms, and deletes nothing when one name does not exist", async () => {
    sim = await startTestSim(scenarioWith(ALARMS));
    const cw = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    expect(await errorOf(cw.send(new DeleteAlarmsCommand({ AlarmNames: ["cpu-high", "nope"] })))).toEqual({
      name: "ResourceNotFound",
      status: 404,
      code: "ResourceNotFound",
    });
    expect(
      names((await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["cpu-high"] }))).MetricAlarms),
    ).toEqual(["cpu-high"]);
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ["cpu-high", "cis-iam-changes"] }));
    expect(names((await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms)).toEqual([
      "cis-root-usage",
      "cis-root-usage-eu",
      "math-root-usage",
    ]);
  });
});

describe("CloudWatch errors", () => {
  // The JSON client names errors after the model's shapes; the awsQuery code travels in x-amzn-query-error.
  it.each([
    [
      "a NextToken it did not issue",
      new DescribeAlarmsCommand({ NextToken: "garbage" }),
      ["InvalidNextToken", "InvalidNextToken"],
    ],
    [
      "MaxRecords above 100",
      new DescribeAlarmsCommand({ MaxRecords: 101 }),
      ["ValidationException", "ValidationError"],
    ],
    [
      "MaxRecords of 0",
      new DescribeAlarmsCommand({ MaxRecords: 0 }),
      ["ValidationException", "ValidationError"],
    ],
    [
      "an unknown StateValue",
      new DescribeAlarmsCommand({ StateValue: "BROKEN" as "OK" }),
      ["ValidationException", "ValidationError"],
    ],
    [
      "AlarmNames with AlarmNamePrefix",
      new DescribeAlarmsCommand({ AlarmNames: ["a"], AlarmNamePrefix: "a" }),
      ["InvalidParameterCombinationException", "InvalidParameterCombination"],
    ],
    [
      "DescribeAlarmsForMetric without Namespace",
      new DescribeAlarmsForMetricCommand({ MetricName: "RootUsage" } as never),
      ["MissingRequiredParameterException", "MissingParameter"],
    ],
    [
      "DescribeAlarmsForMetric with an empty MetricName",
      new DescribeAlarmsForMetricCommand({ MetricName: "", Namespace: "CISBenchmark" }),
      ["ValidationException", "ValidationError"],
    ],
    [
      "DescribeAlarmsForMetric with a namespace of 256 characters",
      new DescribeAlarmsForMetricCommand({ MetricName: "RootUsage", Namespace: "n".repeat(256) }),
      ["ValidationException", "ValidationError"],
    ],
    [
      "DescribeAlarmsForMetric with a namespace starting with a colon",
      new DescribeAlarmsForMetricCommand({ MetricName: "RootUsage", Namespace: ":CIS" }),
      ["ValidationException", "ValidationError"],
    ],
    [
      "DescribeAlarmsForMetric with 31 dimensions",
      new DescribeAlarmsForMetricCommand({
        MetricName: "RootUsage",
        Namespace: "CISBenchmark",
        Dimensions: Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: "v" })),
      }),
      ["ValidationException", "ValidationError"],
    ],
  ])("refuses %s", async (_label, command, [name, code]) => {
    sim = await startTestSim(scenarioWith(ALARMS));
    const cw = await client(sim);
    expect(await errorOf(cw.send(command as DescribeAlarmsCommand))).toEqual({ name, status: 400, code });
  });

  it.each([
    ["without EvaluationPeriods", { EvaluationPeriods: undefined }, "MissingRequiredParameterException"],
    ["without MetricName or Metrics", { MetricName: undefined }, "ValidationException"],
    ["without Period", { Period: undefined }, "ValidationException"],
    ["without a statistic", { Statistic: undefined }, "ValidationException"],
    ["with a Period that is not a multiple of 60", { Period: 90 }, "ValidationException"],
    [
      "with DatapointsToAlarm above EvaluationPeriods",
      { DatapointsToAlarm: 3, EvaluationPeriods: 2 },
      "ValidationException",
    ],
    ["with an unknown TreatMissingData", { TreatMissingData: "sometimes" }, "ValidationException"],
    [
      "with an unknown ComparisonOperator",
      { ComparisonOperator: "Above" as "GreaterThanThreshold" },
      "ValidationException",
    ],
    [
      "with both Metrics and MetricName",
      { Metrics: [{ Id: "e1", Expression: "m1", ReturnData: true }] },
      "ValidationException",
    ],
  ])("refuses PutMetricAlarm %s and stores nothing", async (_label, override, name) => {
    sim = await startTestSim(scenarioWith([]));
    const cw = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const err = await errorOf(cw.send(new PutMetricAlarmCommand(plainAlarm("bad", override))));
    expect(err).toMatchObject({ name, status: 400 });
    expect(sim.world.accounts.get(MEMBER_A)!.regionState.get(REGION)!.alarms.size).toBe(0);
  });

  it.each([
    ["PutMetricAlarm", new PutMetricAlarmCommand(plainAlarm("new"))],
    ["DeleteAlarms", new DeleteAlarmsCommand({ AlarmNames: ["cpu-high"] })],
    ["EnableAlarmActions", new EnableAlarmActionsCommand({ AlarmNames: ["cpu-high"] })],
    ["DisableAlarmActions", new DisableAlarmActionsCommand({ AlarmNames: ["cpu-high"] })],
  ])("refuses %s to the read-only audit role with AccessDenied", async (_label, command) => {
    sim = await startTestSim(scenarioWith(ALARMS));
    const cw = await client(sim);
    expect(await errorOf(cw.send(command as PutMetricAlarmCommand))).toEqual({
      name: "AccessDenied",
      status: 403,
      code: "AccessDenied",
    });
    const alarms = sim.world.accounts.get(MEMBER_A)!.regionState.get(REGION)!.alarms;
    expect([...alarms.keys()].sort()).toEqual(ALARMS.map((a) => a.name).sort());
    expect(alarms.get("cpu-high")?.ActionsEnabled).toBe(true);
  });

  it("keeps each account's and region's alarms apart", async () => {
    sim = await startTestSim(scenarioWith(ALARMS));
    const otherAccount = await client(sim, MEMBER_B, REMEDIATION_ROLE);
    const otherRegion = await client(sim, MEMBER_A, undefined, "us-west-2");
    expect((await otherAccount.send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
    expect((await otherRegion.send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
    expect(
      (
        await otherAccount.send(
          new DescribeAlarmsForMetricCommand({ MetricName: "RootUsage", Namespace: "CISBenchmark" }),
        )
      ).MetricAlarms,
    ).toEqual([]);
    expect(
      (await errorOf(otherAccount.send(new DeleteAlarmsCommand({ AlarmNames: ["cpu-high"] })))).name,
    ).toBe("ResourceNotFound");
    await otherAccount.send(new PutMetricAlarmCommand(plainAlarm("cpu-high", { Threshold: 99 })));
    const mine = await (await client(sim)).send(new DescribeAlarmsCommand({ AlarmNames: ["cpu-high"] }));
    expect(mine.MetricAlarms?.[0]).toMatchObject({ Namespace: "Other", StateValue: "INSUFFICIENT_DATA" });
  });

  it("throttles DescribeAlarms past its own bucket with Throttling (HTTP 400)", async () => {
    sim = await startTestSim(scenarioWith(ALARMS), {
      rateLimits: true,
      tps: { "monitoring:DescribeAlarms": 2, "monitoring:write": 1 },
    });
    const cw = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const burst = await Promise.allSettled(
      Array.from({ length: 8 }, () => cw.send(new DescribeAlarmsCommand({}))),
    );
    const refused = await Promise.all(
      burst.filter((r) => r.status === "rejected").map((r) => errorOf(Promise.reject(r.reason))),
    );
    expect(refused.length).toBeGreaterThanOrEqual(5);
    for (const e of refused) expect(e).toEqual({ name: "Throttling", status: 400, code: "Throttling" });
    // DescribeAlarmsForMetric has a bucket of its own, still full.
    await expect(
      cw.send(new DescribeAlarmsForMetricCommand({ MetricName: "RootUsage", Namespace: "CISBenchmark" })),
    ).resolves.toBeDefined();
    const writes = await Promise.allSettled(
      Array.from({ length: 4 }, () => cw.send(new EnableAlarmActionsCommand({ AlarmNames: ["cpu-high"] }))),
    );
    expect(writes.filter((r) => r.status === "rejected").length).toBeGreaterThanOrEqual(2);
  });
});

describe("CloudWatch over awsQuery", () => {
  it("serves DescribeAlarms as XML with <member> lists and pages with NextToken", async () => {
    sim = await startTestSim(scenarioWith(ALARMS));
    const creds = await assumeRole(sim, MEMBER_A);
    const first = await query(sim, creds, "DescribeAlarms", { MaxRecords: "2", AlarmNamePrefix: "cis-" });
    expect(first.status).toBe(200);
    expect(first.contentType).toContain("text/xml");
    const response = first.doc.DescribeAlarmsResponse as {
      DescribeAlarmsResult: { MetricAlarms: { member: QueryAlarm[] }; NextToken?: string };
      ResponseMetadata: { RequestId: string };
    };
    const result = response.DescribeAlarmsResult;
    expect(result.MetricAlarms.member.map((a) => a.AlarmName)).toEqual(["cis-iam-changes", "cis-root-usage"]);
    expect(result.MetricAlarms.member[1]).toMatchObject({
      AlarmArn: `arn:aws:cloudwatch:${REGION}:${MEMBER_A}:alarm:cis-root-usage`,
      ActionsEnabled: "true",
      AlarmActions: { member: [TOPIC] },
      StateValue: "OK",
      Threshold: "1",
    });
    expect(response.ResponseMetadata.RequestId).toBeTruthy();
    expect(result.NextToken).toBeTruthy();
    const second = await query(sim, creds, "DescribeAlarms", {
      MaxRecords: "2",
      AlarmNamePrefix: "cis-",
      NextToken: result.NextToken!,
    });
    const rest = (
      second.doc.DescribeAlarmsResponse as {
        DescribeAlarmsResult: { MetricAlarms: { member: QueryAlarm[] }; NextToken?: string };
      }
    ).DescribeAlarmsResult;
    expect(rest.MetricAlarms.member.map((a) => a.AlarmName)).toEqual(["cis-root-usage-eu"]);
    expect(rest.NextToken).toBeUndefined();
  });

  it("creates an alarm with PutMetricAlarm and finds it with DescribeAlarmsForMetric, seen alike over JSON", async () => {
    sim = await startTestSim(scenarioWith([]));
    const creds = await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE);
    const put = await query(sim, creds, "PutMetricAlarm", {
      AlarmName: "cis-console-no-mfa",
      MetricName: "ConsoleSigninWithoutMFA",
      Namespace: "CISBenchmark",
      Statistic: "Sum",
      Period: "300",
      EvaluationPeriods: "1",
      Threshold: "1.5",
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      ActionsEnabled: "false",
      "AlarmActions.member.1": TOPIC,
      "Dimensions.member.1.Name": "Trail",
      "Dimensions.member.1.Value": "org",
    });
    expect(put.status).toBe(200);
    expect(put.doc.PutMetricAlarmResponse).toMatchObject({ ResponseMetadata: {} });

    const found = await query(sim, creds, "DescribeAlarmsForMetric", {
      MetricName: "ConsoleSigninWithoutMFA",
      Namespace: "CISBenchmark",
      "Dimensions.member.1.Name": "Trail",
      "Dimensions.member.1.Value": "org",
    });
    const alarms = (
      found.doc.DescribeAlarmsForMetricResponse as {
        DescribeAlarmsForMetricResult: { MetricAlarms: { member: QueryAlarm[] } };
      }
    ).DescribeAlarmsForMetricResult.MetricAlarms.member;
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({
      AlarmName: "cis-console-no-mfa",
      Threshold: "1.5",
      Period: "300",
      ActionsEnabled: "false",
      Dimensions: { member: [{ Name: "Trail", Value: "org" }] },
    });
    const none = await query(sim, creds, "DescribeAlarmsForMetric", {
      MetricName: "ConsoleSigninWithoutMFA",
      Namespace: "CISBenchmark",
    });
    expect(
      (
        none.doc.DescribeAlarmsForMetricResponse as {
          DescribeAlarmsForMetricResult: { MetricAlarms: unknown };
        }
      ).DescribeAlarmsForMetricResult.MetricAlarms,
    ).toBe("");

    const json = await new CloudWatchClient(clientConfig(sim, creds)).send(new DescribeAlarmsCommand({}));
    expect(json.MetricAlarms?.[0]).toMatchObject({
      AlarmName: "cis-console-no-mfa",
      Threshold: 1.5,
      Period: 300,
      EvaluationPeriods: 1,
      ActionsEnabled: false,
      AlarmActions: [TOPIC],
      Dimensions: [{ Name: "Trail", Value: "org" }],
    });
  });

  it.each([
    [
      "DeleteAlarms of an unknown alarm",
      "DeleteAlarms",
      { "AlarmNames.member.1": "nope" },
      404,
      "ResourceNotFound",
    ],
    ["MaxRecords above 100", "DescribeAlarms", { MaxRecords: "500" }, 400, "ValidationError"],
    ["a foreign NextToken", "DescribeAlarms", { NextToken: "garbage" }, 400, "InvalidNextToken"],
    ["a missing Namespace", "DescribeAlarmsForMetric", { MetricName: "RootUsage" }, 400, "MissingParameter"],
    ["an unknown action", "DescribeAlarmz", {}, 400, "InvalidAction"],
  ])("answers %s with an <ErrorResponse>", async (_label, action, params, status, code) => {
    sim = await startTestSim(scenarioWith(ALARMS));
    const creds = await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE);
    const res = await query(sim, creds, action, params);
    expect(res.status).toBe(status);
    const error = (
      res.doc.ErrorResponse as { Error: { Type: string; Code: string; Message: string }; RequestId: string }
    ).Error;
    expect(error).toMatchObject({ Type: "Sender", Code: code });
    expect(error.Message).toBeTruthy();
    expect((res.doc.ErrorResponse as { RequestId: string }).RequestId).toBeTruthy();
  });

  it("refuses a read-only write over awsQuery with AccessDenied (HTTP 403)", async () => {
    sim = await startTestSim(scenarioWith(ALARMS));
    const creds = await assumeRole(sim, MEMBER_A);
    const res = await query(sim, creds, "DeleteAlarms", { "AlarmNames.member.1": "cpu-high" });
    expect(res.status).toBe(403);
    expect((res.doc.ErrorResponse as { Error: { Code: string } }).Error.Code).toBe("AccessDenied");
  });

  it("tags JSON errors with x-amzn-query-error, as a query-compatible service does", async () => {
    sim = await startTestSim(scenarioWith(ALARMS));
    const creds = await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE);
    const res = await rawCall(sim, creds, JSON.stringify({ AlarmNames: ["nope"] }), {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "GraniteServiceVersion20100801.DeleteAlarms",
      "x-amzn-query-mode": "true",
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-query-error")).toBe("ResourceNotFound;Sender");
  });
});
