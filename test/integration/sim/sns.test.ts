import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
  SetTopicAttributesCommand,
  SubscribeCommand,
  paginateListSubscriptionsByTopic,
} from "@aws-sdk/client-sns";
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
const arnOf = (name: string, account = MEMBER_A, region = REGION) =>
  `arn:aws:sns:${region}:${account}:${name}`;
const ALERTS = arnOf("security-alerts");

type TopicSeed = NonNullable<
  NonNullable<ScenarioInput["accounts"][number]["regionState"]>[string]["topics"]
>[number];

const TOPICS: TopicSeed[] = [
  {
    name: "security-alerts",
    displayName: "Security",
    kmsMasterKeyId: "alias/sns-alerts",
    subscriptions: [
      { protocol: "email", endpoint: "soc@example.com", confirmed: true },
      { protocol: "email", endpoint: "oncall@example.com", confirmed: false },
      { protocol: "https", endpoint: "https://hooks.example.com/sns", confirmed: false },
      { protocol: "sqs", endpoint: `arn:aws:sqs:${REGION}:${MEMBER_A}:alerts`, confirmed: true },
      { protocol: "lambda", endpoint: `arn:aws:lambda:${REGION}:${MEMBER_A}:function:page`, confirmed: true },
    ],
  },
  { name: "empty" },
];

function scenarioWith(topics: TopicSeed[], account = MEMBER_A, region = REGION) {
  return baseScenario({
    accounts: [
      { id: MGMT, name: "management" },
      { id: MEMBER_A, name: "member-a" },
      { id: MEMBER_B, name: "member-b" },
    ].map((a) => (a.id === account ? { ...a, regionState: { [region]: { topics } } } : a)),
  });
}

async function client(s: Simulator, account = MEMBER_A, role?: string, region = REGION) {
  return new SNSClient(clientConfig(s, await assumeRole(s, account, role), region));
}

const INVALID = { name: "InvalidParameterException", status: 400, code: "InvalidParameter" };
const NOT_FOUND = { name: "NotFoundException", status: 404, code: "NotFound" };

describe("SNS topics", () => {
  it("creates a topic idempotently by name and refuses a re-create with other attributes", async () => {
    sim = await startTestSim(scenarioWith([]));
    const sns = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const first = await sns.send(
      new CreateTopicCommand({
        Name: "alerts",
        Attributes: { DisplayName: "Alerts" },
        Tags: [{ Key: "team", Value: "sec" }],
      }),
    );
    expect(first.TopicArn).toBe(arnOf("alerts"));
    const again = await sns.send(
      new CreateTopicCommand({ Name: "alerts", Attributes: { DisplayName: "Alerts" } }),
    );
    expect(again.TopicArn).toBe(first.TopicArn);
    expect(
      await errorOf(
        sns.send(new CreateTopicCommand({ Name: "alerts", Attributes: { DisplayName: "Other" } })),
      ),
    ).toEqual(INVALID);
    expect(
      await errorOf(
        sns.send(new CreateTopicCommand({ Name: "alerts", Tags: [{ Key: "team", Value: "ops" }] })),
      ),
    ).toEqual(INVALID);
    const topics = sim.world.accounts.get(MEMBER_A)!.regionState.get(REGION)!.topics;
    expect([...topics.keys()]).toEqual([arnOf("alerts")]);
    expect(topics.get(arnOf("alerts"))?.tags).toEqual({ team: "sec" });
    const attrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn: first.TopicArn }))).Attributes;
    expect(attrs).toMatchObject({ DisplayName: "Alerts", Owner: MEMBER_A, SubscriptionsConfirmed: "0" });
  });

  it.each([
    ["an empty name", { Name: "" }],
    ["a name with a space", { Name: "bad name" }],
    ["a name longer than 256 characters", { Name: "a".repeat(257) }],
    ["a .fifo name without FifoTopic", { Name: "orders.fifo" }],
    ["an unknown attribute", { Name: "t", Attributes: { Colour: "red" } }],
    ["a Policy that is not JSON", { Name: "t", Attributes: { Policy: "{not json" } }],
  ])("refuses CreateTopic with %s", async (_label, params) => {
    sim = await startTestSim(scenarioWith([]));
    const sns = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    expect(await errorOf(sns.send(new CreateTopicCommand(params)))).toEqual(INVALID);
    expect(sim.world.accounts.get(MEMBER_A)!.regionState.get(REGION)?.topics.size ?? 0).toBe(0);
  });

  it("reports topic attributes with subscription counts computed from the subscriptions", async () => {
    sim = await startTestSim(scenarioWith(TOPICS));
    const sns = await client(sim);
    const attrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn: ALERTS }))).Attributes ?? {};
    expect(attrs).toMatchObject({
      TopicArn: ALERTS,
      Owner: MEMBER_A,
      DisplayName: "Security",
      KmsMasterKeyId: "alias/sns-alerts",
      SubscriptionsConfirmed: "3",
      SubscriptionsPending: "2",
      SubscriptionsDeleted: "0",
    });
    const policy = JSON.parse(attrs.Policy ?? "") as {
      Statement: Array<{ Action: string[]; Resource: string }>;
    };
    expect(policy.Statement[0]?.Resource).toBe(ALERTS);
    expect(policy.Statement[0]?.Action).toContain("SNS:Publish");
    expect(JSON.parse(attrs.EffectiveDeliveryPolicy ?? "")).toHaveProperty("http");
    const plain =
      (await sns.send(new GetTopicAttributesCommand({ TopicArn: arnOf("empty") }))).Attributes ?? {};
    expect(plain).not.toHaveProperty("KmsMasterKeyId");
    expect(plain).toMatchObject({ SubscriptionsConfirmed: "0", SubscriptionsPending: "0" });
  });

  it("sets Policy, DisplayName and KmsMasterKeyId, and clears the key with an empty value", async () => {
    sim = await startTestSim(scenarioWith(TOPICS));
    const sns = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "SNS:Publish",
          Resource: ALERTS,
        },
      ],
    });
    const set = (AttributeName: string, AttributeValue: string) =>
      sns.send(new SetTopicAttributesCommand({ TopicArn: ALERTS, AttributeName, AttributeValue }));
    await set("Policy", policy);
    await set("DisplayName", "SOC");
    const get = async () =>
      (await sns.send(new GetTopicAttributesCommand({ TopicArn: ALERTS }))).Attributes ?? {};
    expect(await get()).toMatchObject({
      Policy: policy,
      DisplayName: "SOC",
      KmsMasterKeyId: "alias/sns-alerts",
    });
    await set("KmsMasterKeyId", "");
    expect(await get()).not.toHaveProperty("KmsMasterKeyId");
    await set("KmsMasterKeyId", "alias/other");
    expect((await get()).KmsMasterKeyId).toBe("alias/other");
  });

  it.each([
    ["an attribute name SNS does not know", "Owner", "999999999999", INVALID],
    ["a Policy that is not JSON", "Policy", '{"Statement": [', INVALID],
    ["a FIFO-only attribute on a standard topic", "ContentBasedDeduplication", "true", INVALID],
    ["an unknown TracingConfig", "TracingConfig", "Sometimes", INVALID],
  ])("refuses SetTopicAttributes with %s", async (_label, AttributeName, AttributeValue, expected) => {
    sim = await startTestSim(scenarioWith(TOPICS));
    const sns = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    expect(
      await errorOf(
        sns.send(new SetTopicAttributesCommand({ TopicArn: ALERTS, AttributeName, AttributeValue })),
      ),
    ).toEqual(expected);
    const attrs = sim.world.accounts.get(MEMBER_A)!.regionState.get(REGION)!.topics.get(ALERTS)!.attributes;
    expect(attrs.Owner).toBe(MEMBER_A);
    expect(JSON.parse(attrs.Policy ?? "")).toHaveProperty("Statement");
    expect(attrs).not.toHaveProperty("ContentBasedDeduplication");
  });

  it.each([
    ["an unknown topic", { TopicArn: arnOf("nope") }, NOT_FOUND],
    ["a malformed topic ARN", { TopicArn: "security-alerts" }, INVALID],
    ["another account's topic", { TopicArn: arnOf("security-alerts", MEMBER_B) }, NOT_FOUND],
    ["another region's topic", { TopicArn: arnOf("security-alerts", MEMBER_A, "us-west-2") }, NOT_FOUND],
  ])("answers GetTopicAttributes for %s", async (_label, params, expected) => {
    sim = await startTestSim(scenarioWith(TOPICS));
    const sns = await client(sim);
    expect(await errorOf(sns.send(new GetTopicAttributesCommand(params)))).toEqual(expected);
  });
});

describe("SNS subscriptions", () => {
  it("pages 230 subscriptions 100 at a time, listing unconfirmed ones as PendingConfirmation", async () => {
    const subscriptions = Array.from({ length: 230 }, (_, i) => ({
      protocol: "email",
      endpoint: `user${i}@example.com`,
      confirmed: i % 10 !== 0,
    }));
    sim = await startTestSim(scenarioWith([{ name: "big", subscriptions }]));
    const sns = await client(sim);
    const pages = [];
    for await (const page of paginateListSubscriptionsByTopic({ client: sns }, { TopicArn: arnOf("big") })) {
      pages.push(page.Subscriptions ?? []);
    }
    expect(pages.map((p) => p.length)).toEqual([100, 100, 30]);
    const all = pages.flat();
    expect(all.map((s) => s.Endpoint)).toEqual(subscriptions.map((s) => s.endpoint));
    expect(all.filter((s) => s.SubscriptionArn === "PendingConfirmation")).toHaveLength(23);
    expect(all.filter((s) => s.SubscriptionArn?.startsWith(`${arnOf("big")}:`))).toHaveLength(207);
    expect(all[1]).toMatchObject({ Owner: MEMBER_A, Protocol: "email", TopicArn: arnOf("big") });
    const attrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn: arnOf("big") }))).Attributes;
    expect(attrs).toMatchObject({ SubscriptionsConfirmed: "207", SubscriptionsPending: "23" });
    expect(
      await errorOf(
        sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arnOf("big"), NextToken: "garbage" })),
      ),
    ).toEqual(INVALID);
    expect(await errorOf(sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arnOf("nope") })))).toEqual(
      NOT_FOUND,
    );
  });

  it.each([
    ["email", "new@example.com", false],
    ["email-json", "json@example.com", false],
    ["https", "https://hooks.example.com/new", false],
    ["http", "http://hooks.example.com/new", false],
    ["sqs", `arn:aws:sqs:${REGION}:${MEMBER_A}:new-queue`, true],
    ["lambda", `arn:aws:lambda:${REGION}:${MEMBER_A}:function:new`, true],
    ["sms", "+15555550100", true],
  ])("subscribes a %s endpoint, confirmed at once: %s", async (protocol, endpoint, confirmed) => {
    sim = await startTestSim(scenarioWith(TOPICS));
    const sns = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const out = await sns.send(
      new SubscribeCommand({ TopicArn: arnOf("empty"), Protocol: protocol, Endpoint: endpoint }),
    );
    const listed = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arnOf("empty") })))
      .Subscriptions;
    const attrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn: arnOf("empty") }))).Attributes;
    if (confirmed) {
      expect(out.SubscriptionArn).toMatch(new RegExp(`^${arnOf("empty")}:[0-9a-f-]{36}$`));
      expect(listed).toEqual([
        {
          SubscriptionArn: out.SubscriptionArn,
          Owner: MEMBER_A,
          Protocol: protocol,
          Endpoint: endpoint,
          TopicArn: arnOf("empty"),
        },
      ]);
      expect(attrs).toMatchObject({ SubscriptionsConfirmed: "1", SubscriptionsPending: "0" });
    } else {
      expect(out.SubscriptionArn).toBe("pending confirmation");
      expect(listed?.map((s) => s.SubscriptionArn)).toEqual(["PendingConfirmation"]);
      expect(attrs).toMatchObject({ SubscriptionsConfirmed: "0", SubscriptionsPending: "1" });
    }
  });

  it("returns the real ARN of a pending subscription with ReturnSubscriptionArn, and no duplicate on re-subscribe", async () => {
    sim = await startTestSim(scenarioWith(TOPICS));
    const sns = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const sub = (ReturnSubscriptionArn?: boolean) =>
      sns.send(
        new SubscribeCommand({
          TopicArn: ALERTS,
          Protocol: "email",
          Endpoint: "oncall@example.com",
          ReturnSubscriptionArn,
        }),
      );
    const withArn = await sub(true);
    expect(withArn.SubscriptionArn).toMatch(new RegExp(`^${ALERTS}:[0-9a-f-]{36}$`));
    expect((await sub(true)).SubscriptionArn).toBe(withArn.SubscriptionArn);
    expect((await sub()).SubscriptionArn).toBe("pending confirmation");
    const confirmedAgain = await sns.send(
      new SubscribeCommand({
        TopicArn: ALERTS,
        Protocol: "sqs",
        Endpoint: `arn:aws:sqs:${REGION}:${MEMBER_A}:alerts`,
      }),
    );
    const listed =
      (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: ALERTS }))).Subscriptions ?? [];
    expect(listed).toHaveLength(5);
    expect(listed.find((s) => s.Protocol === "sqs")?.SubscriptionArn).toBe(confirmedAgain.SubscriptionArn);
  });

  it.each([
    ["an unsupported protocol", { Protocol: "pigeon", Endpoint: "coop" }, INVALID],
    ["an email endpoint that is no address", { Protocol: "email", Endpoint: "not-an-address" }, INVALID],
    ["an https endpoint over http", { Protocol: "https", Endpoint: "http://hooks.example.com" }, INVALID],
    ["an sqs endpoint that is no queue ARN", { Protocol: "sqs", Endpoint: "my-queue" }, INVALID],
    [
      "an unknown subscription attribute",
      { Protocol: "sqs", Endpoint: `arn:aws:sqs:${REGION}:${MEMBER_A}:q`, Attributes: { Colour: "red" } },
      INVALID,
    ],
    [
      "a topic that does not exist",
      { TopicArn: arnOf("nope"), Protocol: "email", Endpoint: "a@example.com" },
      NOT_FOUND,
    ],
    [
      "another account's topic",
      { TopicArn: arnOf("security-alerts", MEMBER_B), Protocol: "email", Endpoint: "a@example.com" },
      NOT_FOUND,
    ],
  ])("refuses Subscribe with %s", async (_label, params, expected) => {
    sim = await startTestSim(scenarioWith(TOPICS));
    const sns = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    expect(await errorOf(sns.send(new SubscribeCommand({ TopicArn: arnOf("empty"), ...params })))).toEqual(
      expected,
    );
    expect(
      sim.world.accounts.get(MEMBER_A)!.regionState.get(REGION)!.topics.get(arnOf("empty"))!.subscriptions,
    ).toEqual([]);
  });
});

describe("SNS access and limits", () => {
  it.each([
    ["CreateTopic", new CreateTopicCommand({ Name: "new-topic" })],
    [
      "SetTopicAttributes",
      new SetTopicAttributesCommand({ TopicArn: ALERTS, AttributeName: "DisplayName", AttributeValue: "x" }),
    ],
    ["Subscribe", new SubscribeCommand({ TopicArn: ALERTS, Protocol: "email", Endpoint: "x@example.com" })],
  ])("refuses %s to the read-only audit role with AuthorizationError (HTTP 403)", async (_label, command) => {
    sim = await startTestSim(scenarioWith(TOPICS));
    const sns = await client(sim);
    expect(await errorOf(sns.send(command as CreateTopicCommand))).toEqual({
      name: "AuthorizationErrorException",
      status: 403,
      code: "AuthorizationError",
    });
    const topic = sim.world.accounts.get(MEMBER_A)!.regionState.get(REGION)!.topics;
    expect(topic.size).toBe(2);
    expect(topic.get(ALERTS)?.attributes.DisplayName).toBe("Security");
    expect(topic.get(ALERTS)?.subscriptions).toHaveLength(5);
  });

  it("keeps each account's topics to itself", async () => {
    sim = await startTestSim(scenarioWith(TOPICS));
    const other = await client(sim, MEMBER_B, REMEDIATION_ROLE);
    expect(await errorOf(other.send(new ListSubscriptionsByTopicCommand({ TopicArn: ALERTS })))).toEqual(
      NOT_FOUND,
    );
    expect(
      await errorOf(
        other.send(
          new SetTopicAttributesCommand({
            TopicArn: ALERTS,
            AttributeName: "DisplayName",
            AttributeValue: "x",
          }),
        ),
      ),
    ).toEqual(NOT_FOUND);
    const own = await other.send(new CreateTopicCommand({ Name: "security-alerts" }));
    expect(own.TopicArn).toBe(arnOf("security-alerts", MEMBER_B));
    const mine = (await (await client(sim)).send(new GetTopicAttributesCommand({ TopicArn: ALERTS })))
      .Attributes;
    expect(mine).toMatchObject({ DisplayName: "Security", SubscriptionsConfirmed: "3" });
  });

  it("throttles with Throttled (HTTP 429), each bucket on its own", async () => {
    sim = await startTestSim(scenarioWith(TOPICS), {
      rateLimits: true,
      tps: { "sns:api": 1, "sns:GetTopicAttributes": 2 },
    });
    const sns = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const burst = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => sns.send(new CreateTopicCommand({ Name: `t${i}` }))),
    );
    const refused = await Promise.all(
      burst.filter((r) => r.status === "rejected").map((r) => errorOf(Promise.reject(r.reason))),
    );
    expect(refused.length).toBeGreaterThanOrEqual(4);
    for (const e of refused)
      expect(e).toEqual({ name: "ThrottledException", status: 429, code: "Throttled" });
    // ListSubscriptionsByTopic has its own bucket, untouched by the CreateTopic burst.
    await expect(sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: ALERTS }))).resolves.toBeDefined();
    const reads = await Promise.allSettled(
      Array.from({ length: 6 }, () => sns.send(new GetTopicAttributesCommand({ TopicArn: ALERTS }))),
    );
    expect(reads.filter((r) => r.status === "rejected").length).toBeGreaterThanOrEqual(3);
    expect(sim.stats.throttled).toBe(refused.length + reads.filter((r) => r.status === "rejected").length);
  });
});
