import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TestEventPatternCommand,
  type PutRuleCommandInput,
  type Target,
} from "@aws-sdk/client-eventbridge";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { afterEach, describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../../sim/scenario.ts";
import type { Simulator } from "../../../sim/server.ts";
import {
  AUDIT_ROLE,
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

type Call = (eb: EventBridgeClient) => Promise<unknown>;

const CT_PATTERN = { "detail-type": ["AWS API Call via CloudTrail"] };
const SQS_DLQ = `arn:aws:sqs:us-east-1:${MEMBER_A}:forwarding-dlq`;
const CENTRAL_BUS = `arn:aws:events:us-east-1:${MGMT}:event-bus/central`;
const ruleNames = Array.from({ length: 120 }, (_, i) => `bulk-${String(i).padStart(3, "0")}`);

/** MEMBER_A us-east-1: 120 bulk rules, a forwarding rule with 5 targets, a managed rule, a rule on a custom bus. */
function scenario(): ScenarioInput {
  return baseScenario({
    accounts: [
      { id: MGMT, name: "management" },
      {
        id: MEMBER_A,
        name: "member-a",
        regionState: {
          "us-east-1": {
            rules: [
              ...ruleNames.map((name) => ({ name, eventPattern: { source: [`app.${name}`] } })),
              {
                name: "forward-cloudtrail",
                eventPattern: CT_PATTERN,
                state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
                description: "fast path",
                targets: [1, 2, 3, 4, 5].map((n) => ({
                  id: `t${n}`,
                  arn: CENTRAL_BUS,
                  roleArn: `arn:aws:iam::${MEMBER_A}:role/forwarder`,
                  deadLetterArn: SQS_DLQ,
                  retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 },
                })),
              },
              {
                name: "managed-by-service",
                eventPattern: { source: ["aws.guardduty"] },
                managedBy: "guardduty.amazonaws.com",
                targets: [{ id: "svc", arn: `arn:aws:lambda:us-east-1:${MEMBER_A}:function:svc` }],
              },
              { name: "on-custom", eventBus: "audit-bus", eventPattern: { source: ["custom"] } },
            ],
          },
        },
      },
      { id: MEMBER_B, name: "member-b" },
    ],
  });
}

async function client(
  s: Simulator,
  account = MEMBER_A,
  role = AUDIT_ROLE,
  region = "us-east-1",
): Promise<EventBridgeClient> {
  const creds: AwsCredentialIdentity = await assumeRole(s, account, role);
  return new EventBridgeClient(clientConfig(s, creds, region));
}

async function listAll(
  eb: EventBridgeClient,
  input: { Limit?: number; NamePrefix?: string; EventBusName?: string },
) {
  const sizes: number[] = [];
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await eb.send(new ListRulesCommand({ ...input, NextToken }));
    sizes.push(page.Rules?.length ?? 0);
    names.push(...(page.Rules ?? []).map((r) => r.Name ?? ""));
    NextToken = page.NextToken;
  } while (NextToken);
  return { sizes, names };
}

describe("EventBridge reads", () => {
  it.each([
    [{ Limit: 50 }, [50, 50, 22]],
    [{}, [100, 22]],
    [{ Limit: 100, NamePrefix: "bulk-1" }, [20]],
    [{ Limit: 7, NamePrefix: "bulk-11" }, [7, 3]],
  ])("pages ListRules %j in ASCII order", async (input, sizes) => {
    sim = await startTestSim(scenario());
    const eb = await client(sim);
    const out = await listAll(eb, input);
    expect(out.sizes).toEqual(sizes);
    expect(out.names).toEqual([...out.names].sort());
    expect(new Set(out.names).size).toBe(out.names.length);
  });

  it("returns every rule field and lists rules of a custom bus by name or ARN", async () => {
    sim = await startTestSim(scenario());
    const eb = await client(sim);
    const rule = await eb.send(new DescribeRuleCommand({ Name: "forward-cloudtrail" }));
    expect(rule).toMatchObject({
      Name: "forward-cloudtrail",
      Arn: `arn:aws:events:us-east-1:${MEMBER_A}:rule/forward-cloudtrail`,
      EventBusName: "default",
      State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
      Description: "fast path",
      CreatedBy: MEMBER_A,
    });
    expect(JSON.parse(rule.EventPattern ?? "null")).toEqual(CT_PATTERN);
    const managed = await eb.send(new ListRulesCommand({ NamePrefix: "managed" }));
    expect(managed.Rules?.map((r) => r.ManagedBy)).toEqual(["guardduty.amazonaws.com"]);

    for (const bus of ["audit-bus", `arn:aws:events:us-east-1:${MEMBER_A}:event-bus/audit-bus`]) {
      const custom = await eb.send(new ListRulesCommand({ EventBusName: bus }));
      expect(custom.Rules?.map((r) => [r.Name, r.EventBusName, r.Arn])).toEqual([
        ["on-custom", "audit-bus", `arn:aws:events:us-east-1:${MEMBER_A}:rule/audit-bus/on-custom`],
      ]);
    }
  });

  it("pages ListTargetsByRule and returns DLQ, role and retry policy", async () => {
    sim = await startTestSim(scenario());
    const eb = await client(sim);
    const sizes: number[] = [];
    const targets: Target[] = [];
    let NextToken: string | undefined;
    do {
      const page = await eb.send(
        new ListTargetsByRuleCommand({ Rule: "forward-cloudtrail", Limit: 2, NextToken }),
      );
      sizes.push(page.Targets?.length ?? 0);
      targets.push(...(page.Targets ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(sizes).toEqual([2, 2, 1]);
    expect(targets.map((t) => t.Id)).toEqual(["t1", "t2", "t3", "t4", "t5"]);
    expect(targets[0]).toEqual({
      Id: "t1",
      Arn: CENTRAL_BUS,
      RoleArn: `arn:aws:iam::${MEMBER_A}:role/forwarder`,
      DeadLetterConfig: { Arn: SQS_DLQ },
      RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
    });
  });

  it.each<[string, Call, string]>([
    [
      "DescribeRule of an unknown rule",
      (eb) => eb.send(new DescribeRuleCommand({ Name: "nope" })),
      "ResourceNotFoundException",
    ],
    [
      "DescribeRule on the wrong bus",
      (eb) => eb.send(new DescribeRuleCommand({ Name: "on-custom", EventBusName: "default" })),
      "ResourceNotFoundException",
    ],
    [
      "ListRules of an unknown bus",
      (eb) => eb.send(new ListRulesCommand({ EventBusName: "no-such-bus" })),
      "ResourceNotFoundException",
    ],
    [
      "ListRules of another account's bus ARN",
      (eb) =>
        eb.send(
          new ListRulesCommand({ EventBusName: `arn:aws:events:us-east-1:${MEMBER_B}:event-bus/default` }),
        ),
      "ResourceNotFoundException",
    ],
    [
      "ListTargetsByRule of an unknown rule",
      (eb) => eb.send(new ListTargetsByRuleCommand({ Rule: "nope" })),
      "ResourceNotFoundException",
    ],
    ["ListRules with Limit 0", (eb) => eb.send(new ListRulesCommand({ Limit: 0 })), "ValidationException"],
    [
      "ListRules with Limit 101",
      (eb) => eb.send(new ListRulesCommand({ Limit: 101 })),
      "ValidationException",
    ],
    [
      "ListTargetsByRule with Limit 101",
      (eb) => eb.send(new ListTargetsByRuleCommand({ Rule: "forward-cloudtrail", Limit: 101 })),
      "ValidationException",
    ],
    [
      "ListRules with a bad NamePrefix",
      (eb) => eb.send(new ListRulesCommand({ NamePrefix: "has space" })),
      "ValidationException",
    ],
    [
      "ListRules with a forged NextToken",
      (eb) => eb.send(new ListRulesCommand({ NextToken: "garbage" })),
      "InvalidToken",
    ],
    [
      "DescribeRule with a bad name",
      (eb) => eb.send(new DescribeRuleCommand({ Name: "bad/name" })),
      "ValidationException",
    ],
  ])("answers %s with %s", async (_label, call, code) => {
    sim = await startTestSim(scenario());
    const eb = await client(sim);
    expect(await errorOf(call(eb))).toEqual({ name: code, status: 400 });
  });

  it("refuses a NextToken from another listing", async () => {
    sim = await startTestSim(scenario());
    const eb = await client(sim);
    const first = await eb.send(new ListRulesCommand({ Limit: 10 }));
    expect(first.NextToken).toBeTruthy();
    expect(
      await errorOf(
        eb.send(new ListRulesCommand({ Limit: 10, NamePrefix: "bulk-1", NextToken: first.NextToken })),
      ),
    ).toEqual({ name: "InvalidToken", status: 400 });
  });

  it("evaluates TestEventPattern and rejects invalid patterns and events", async () => {
    sim = await startTestSim(scenario());
    const eb = await client(sim);
    const event = {
      id: "1",
      account: MEMBER_A,
      source: "aws.iam",
      time: "2024-01-01T00:00:00Z",
      region: "us-east-1",
      resources: [],
      "detail-type": "AWS API Call via CloudTrail",
      detail: { eventName: "CreateUser" },
    };
    const test = (EventPattern: string, Event: string) =>
      eb.send(new TestEventPatternCommand({ EventPattern, Event }));
    expect((await test(JSON.stringify(CT_PATTERN), JSON.stringify(event))).Result).toBe(true);
    expect((await test(JSON.stringify({ source: ["aws.s3"] }), JSON.stringify(event))).Result).toBe(false);
    expect(await errorOf(test("{not json", JSON.stringify(event)))).toEqual({
      name: "InvalidEventPatternException",
      status: 400,
    });
    expect(await errorOf(test(JSON.stringify(CT_PATTERN), JSON.stringify({ source: "aws.iam" })))).toEqual({
      name: "ValidationException",
      status: 400,
    });
  });
});

describe("EventBridge writes", () => {
  it("creates and updates rules, visible afterwards, and records each write in CloudTrail", async () => {
    sim = await startTestSim(scenario());
    const eb = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const created = await eb.send(
      new PutRuleCommand({
        Name: "wirewatch-forward",
        EventPattern: JSON.stringify(CT_PATTERN),
        State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
        Tags: [{ Key: "managed-by", Value: "wirewatch" }],
      }),
    );
    expect(created.RuleArn).toBe(`arn:aws:events:us-east-1:${MEMBER_A}:rule/wirewatch-forward`);
    const put = await eb.send(
      new PutTargetsCommand({
        Rule: "wirewatch-forward",
        Targets: [
          {
            Id: "central",
            Arn: CENTRAL_BUS,
            RoleArn: `arn:aws:iam::${MEMBER_A}:role/forwarder`,
            DeadLetterConfig: { Arn: SQS_DLQ },
            RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 60 },
          },
        ],
      }),
    );
    expect(put).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });

    // Updating replaces the rule; omitted State means ENABLED, and targets stay.
    await eb.send(new PutRuleCommand({ Name: "wirewatch-forward", ScheduleExpression: "rate(5 minutes)" }));
    const described = await eb.send(new DescribeRuleCommand({ Name: "wirewatch-forward" }));
    expect(described).toMatchObject({ State: "ENABLED", ScheduleExpression: "rate(5 minutes)" });
    expect(described.EventPattern).toBeUndefined();
    const targets = await eb.send(new ListTargetsByRuleCommand({ Rule: "wirewatch-forward" }));
    expect(targets.Targets?.map((t) => [t.Id, t.RetryPolicy?.MaximumRetryAttempts])).toEqual([
      ["central", 185],
    ]);

    await eb.send(new DisableRuleCommand({ Name: "wirewatch-forward" }));
    expect((await eb.send(new DescribeRuleCommand({ Name: "wirewatch-forward" }))).State).toBe("DISABLED");
    await eb.send(new EnableRuleCommand({ Name: "wirewatch-forward" }));
    expect((await eb.send(new DescribeRuleCommand({ Name: "wirewatch-forward" }))).State).toBe("ENABLED");

    const events = sim.world.accounts.get(MEMBER_A)?.regionState.get("us-east-1")?.events ?? [];
    expect(events.map((e) => [e.EventSource, e.EventName])).toEqual(
      ["PutRule", "PutTargets", "PutRule", "DisableRule", "EnableRule"].map((n) => [
        "events.amazonaws.com",
        n,
      ]),
    );
  });

  it("refuses to delete a rule with targets, deletes it once they are removed, and deletes idempotently", async () => {
    sim = await startTestSim(scenario());
    const eb = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    expect(await errorOf(eb.send(new DeleteRuleCommand({ Name: "forward-cloudtrail" })))).toEqual({
      name: "ValidationException",
      status: 400,
    });
    const removed = await eb.send(
      new RemoveTargetsCommand({ Rule: "forward-cloudtrail", Ids: ["t1", "t2", "t3", "t4", "t5"] }),
    );
    expect(removed.FailedEntryCount).toBe(0);
    await eb.send(new DeleteRuleCommand({ Name: "forward-cloudtrail" }));
    expect(await errorOf(eb.send(new DescribeRuleCommand({ Name: "forward-cloudtrail" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 400,
    });
    await expect(eb.send(new DeleteRuleCommand({ Name: "forward-cloudtrail" }))).resolves.toBeDefined();
    expect(await errorOf(eb.send(new DeleteRuleCommand({ Name: "x", EventBusName: "no-such-bus" })))).toEqual(
      {
        name: "ResourceNotFoundException",
        status: 400,
      },
    );
  });

  it("limits a rule to five targets, but replacing a target by Id is not an addition", async () => {
    sim = await startTestSim(scenario());
    const eb = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const sixth = eb.send(
      new PutTargetsCommand({ Rule: "forward-cloudtrail", Targets: [{ Id: "t6", Arn: CENTRAL_BUS }] }),
    );
    expect(await errorOf(sixth)).toEqual({ name: "LimitExceededException", status: 400 });
    const replaced = await eb.send(
      new PutTargetsCommand({ Rule: "forward-cloudtrail", Targets: [{ Id: "t5", Arn: SQS_DLQ }] }),
    );
    expect(replaced.FailedEntryCount).toBe(0);
    const targets = await eb.send(new ListTargetsByRuleCommand({ Rule: "forward-cloudtrail" }));
    expect(targets.Targets?.length).toBe(5);
    expect(targets.Targets?.find((t) => t.Id === "t5")?.Arn).toBe(SQS_DLQ);
  });

  it("reports a per-entry failure for Input on another account's bus", async () => {
    sim = await startTestSim(scenario());
    const eb = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    await eb.send(new PutRuleCommand({ Name: "r", EventPattern: JSON.stringify(CT_PATTERN) }));
    const out = await eb.send(
      new PutTargetsCommand({
        Rule: "r",
        Targets: [
          { Id: "ok", Arn: CENTRAL_BUS },
          { Id: "bad", Arn: CENTRAL_BUS, Input: "{}" },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(1);
    expect(out.FailedEntries?.map((f) => [f.TargetId, f.ErrorCode])).toEqual([
      ["bad", "ValidationException"],
    ]);
    const targets = await eb.send(new ListTargetsByRuleCommand({ Rule: "r" }));
    expect(targets.Targets?.map((t) => t.Id)).toEqual(["ok"]);
  });

  const pattern = JSON.stringify(CT_PATTERN);
  it.each<[string, PutRuleCommandInput, string]>([
    [
      "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS with a schedule",
      {
        Name: "s",
        ScheduleExpression: "rate(1 hour)",
        State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
      },
      "ValidationException",
    ],
    ["neither pattern nor schedule", { Name: "s" }, "ValidationException"],
    ["a pattern that is not JSON", { Name: "s", EventPattern: "{source:" }, "InvalidEventPatternException"],
    ["a pattern that is not an object", { Name: "s", EventPattern: "[1,2]" }, "InvalidEventPatternException"],
    ["a rule name with a slash", { Name: "a/b", EventPattern: pattern }, "ValidationException"],
    ["a rule name longer than 64", { Name: "x".repeat(65), EventPattern: pattern }, "ValidationException"],
    [
      "an unknown state",
      { Name: "s", EventPattern: pattern, State: "ON" as "ENABLED" },
      "ValidationException",
    ],
    ["a malformed schedule", { Name: "s", ScheduleExpression: "rate(1 minutes)" }, "ValidationException"],
    [
      "a schedule on a custom bus",
      { Name: "s", ScheduleExpression: "rate(5 minutes)", EventBusName: "audit-bus" },
      "ValidationException",
    ],
    [
      "an unknown bus",
      { Name: "s", EventPattern: pattern, EventBusName: "no-such-bus" },
      "ResourceNotFoundException",
    ],
    ["a managed rule", { Name: "managed-by-service", EventPattern: pattern }, "ManagedRuleException"],
  ])("PutRule refuses %s", async (_label, input, code) => {
    sim = await startTestSim(scenario());
    const eb = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    expect(await errorOf(eb.send(new PutRuleCommand(input)))).toEqual({ name: code, status: 400 });
  });

  it.each<[string, Target, string]>([
    [
      "a DLQ that is not an SQS queue",
      { Id: "x", Arn: CENTRAL_BUS, DeadLetterConfig: { Arn: CENTRAL_BUS } },
      "ValidationException",
    ],
    [
      "MaximumRetryAttempts 186",
      { Id: "x", Arn: CENTRAL_BUS, RetryPolicy: { MaximumRetryAttempts: 186 } },
      "ValidationException",
    ],
    [
      "MaximumRetryAttempts -1",
      { Id: "x", Arn: CENTRAL_BUS, RetryPolicy: { MaximumRetryAttempts: -1 } },
      "ValidationException",
    ],
    [
      "MaximumEventAgeInSeconds 59",
      { Id: "x", Arn: CENTRAL_BUS, RetryPolicy: { MaximumEventAgeInSeconds: 59 } },
      "ValidationException",
    ],
    [
      "MaximumEventAgeInSeconds 86401",
      { Id: "x", Arn: CENTRAL_BUS, RetryPolicy: { MaximumEventAgeInSeconds: 86401 } },
      "ValidationException",
    ],
    ["a target Id with spaces", { Id: "a b", Arn: CENTRAL_BUS }, "ValidationException"],
  ])("PutTargets refuses %s", async (_label, target, code) => {
    sim = await startTestSim(scenario());
    const eb = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    await eb.send(new PutRuleCommand({ Name: "r", EventPattern: JSON.stringify(CT_PATTERN) }));
    expect(await errorOf(eb.send(new PutTargetsCommand({ Rule: "r", Targets: [target] })))).toEqual({
      name: code,
      status: 400,
    });
    expect((await eb.send(new ListTargetsByRuleCommand({ Rule: "r" }))).Targets).toEqual([]);
  });

  it("protects managed rules unless Force is set where the API offers it", async () => {
    sim = await startTestSim(scenario());
    const eb = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const Name = "managed-by-service";
    const calls: Array<() => Promise<unknown>> = [
      () => eb.send(new DisableRuleCommand({ Name })),
      () => eb.send(new EnableRuleCommand({ Name })),
      () => eb.send(new PutTargetsCommand({ Rule: Name, Targets: [{ Id: "x", Arn: CENTRAL_BUS }] })),
      () => eb.send(new RemoveTargetsCommand({ Rule: Name, Ids: ["svc"] })),
      () => eb.send(new DeleteRuleCommand({ Name })),
    ];
    for (const call of calls) {
      expect(await errorOf(call())).toEqual({ name: "ManagedRuleException", status: 400 });
    }
    await eb.send(new RemoveTargetsCommand({ Rule: Name, Ids: ["svc"], Force: true }));
    await eb.send(new DeleteRuleCommand({ Name, Force: true }));
    expect((await errorOf(eb.send(new DescribeRuleCommand({ Name })))).name).toBe(
      "ResourceNotFoundException",
    );
  });

  it.each<[string, Call]>([
    ["EnableRule", (eb) => eb.send(new EnableRuleCommand({ Name: "nope" }))],
    ["DisableRule", (eb) => eb.send(new DisableRuleCommand({ Name: "nope" }))],
    [
      "PutTargets",
      (eb) => eb.send(new PutTargetsCommand({ Rule: "nope", Targets: [{ Id: "x", Arn: CENTRAL_BUS }] })),
    ],
    ["RemoveTargets", (eb) => eb.send(new RemoveTargetsCommand({ Rule: "nope", Ids: ["x"] }))],
  ])("%s on an unknown rule answers ResourceNotFoundException", async (_label, call) => {
    sim = await startTestSim(scenario());
    const eb = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    expect(await errorOf(call(eb))).toEqual({ name: "ResourceNotFoundException", status: 400 });
  });

  it.each<[string, Call]>([
    [
      "PutRule",
      (eb) => eb.send(new PutRuleCommand({ Name: "new", EventPattern: JSON.stringify(CT_PATTERN) })),
    ],
    [
      "PutTargets",
      (eb) => eb.send(new PutTargetsCommand({ Rule: "bulk-000", Targets: [{ Id: "x", Arn: CENTRAL_BUS }] })),
    ],
    ["RemoveTargets", (eb) => eb.send(new RemoveTargetsCommand({ Rule: "forward-cloudtrail", Ids: ["t1"] }))],
    ["DisableRule", (eb) => eb.send(new DisableRuleCommand({ Name: "forward-cloudtrail" }))],
    ["EnableRule", (eb) => eb.send(new EnableRuleCommand({ Name: "bulk-000" }))],
    ["DeleteRule", (eb) => eb.send(new DeleteRuleCommand({ Name: "bulk-000" }))],
  ])("refuses %s to the read-only audit role and changes nothing", async (_label, call) => {
    sim = await startTestSim(scenario());
    const eb = await client(sim, MEMBER_A, AUDIT_ROLE);
    const before = await listAll(eb, {});
    const targetsBefore = await eb.send(new ListTargetsByRuleCommand({ Rule: "forward-cloudtrail" }));
    expect(await errorOf(call(eb))).toEqual({ name: "AccessDeniedException", status: 400 });
    expect(await listAll(eb, {})).toEqual(before);
    expect(await eb.send(new ListTargetsByRuleCommand({ Rule: "forward-cloudtrail" }))).toMatchObject({
      Targets: targetsBefore.Targets,
    });
    expect((await eb.send(new DescribeRuleCommand({ Name: "forward-cloudtrail" }))).State).toBe(
      "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
    );
  });

  it("keeps a write in its own account and region", async () => {
    sim = await startTestSim(scenario());
    const eb = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    await eb.send(new PutRuleCommand({ Name: "only-here", EventPattern: JSON.stringify(CT_PATTERN) }));
    expect((await eb.send(new DescribeRuleCommand({ Name: "only-here" }))).Name).toBe("only-here");
    const otherRegion = await client(sim, MEMBER_A, AUDIT_ROLE, "us-west-2");
    const otherAccount = await client(sim, MEMBER_B, AUDIT_ROLE, "us-east-1");
    for (const eb2 of [otherRegion, otherAccount]) {
      expect((await eb2.send(new ListRulesCommand({}))).Rules).toEqual([]);
      expect((await errorOf(eb2.send(new DescribeRuleCommand({ Name: "only-here" })))).name).toBe(
        "ResourceNotFoundException",
      );
    }
  });
});

describe("EventBridge rate limit", () => {
  it("throttles a burst beyond the bucket with ThrottlingException", async () => {
    sim = await startTestSim(scenario(), { rateLimits: true, tps: { "events:api": 2 } });
    const eb = await client(sim);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => eb.send(new ListRulesCommand({ Limit: 1 }))),
    );
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason as { name: string }] : []));
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(3);
    expect(errors.length).toBe(12 - ok);
    expect(new Set(errors.map((e) => e.name))).toEqual(new Set(["ThrottlingException"]));
    // Other accounts have their own bucket.
    const other = await client(sim, MEMBER_B);
    await expect(other.send(new ListRulesCommand({}))).resolves.toBeDefined();
  });
});
