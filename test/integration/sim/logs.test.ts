import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteMetricFilterCommand,
  DeleteSubscriptionFilterCommand,
  DescribeAccountPoliciesCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
  PutMetricFilterCommand,
  PutRetentionPolicyCommand,
  PutSubscriptionFilterCommand,
  TestMetricFilterCommand,
  paginateDescribeLogGroups,
  paginateDescribeMetricFilters,
  type DescribeAccountPoliciesCommandInput,
  type DescribeLogGroupsCommandInput,
  type PutMetricFilterCommandInput,
  type PutSubscriptionFilterCommandInput,
} from "@aws-sdk/client-cloudwatch-logs";
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

type Call = (logs: CloudWatchLogsClient) => Promise<unknown>;

const TRAIL_GROUP = "aws-cloudtrail-logs-org";
const DESTINATION = `arn:aws:logs:us-east-1:${MGMT}:destination:central-security`;
const ROOT_PATTERN = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }';
const POLICY_DOC = {
  DestinationArn: DESTINATION,
  FilterPattern: "",
  Distribution: "Random",
};
const groupNames = Array.from({ length: 60 }, (_, i) => `/app/service-${String(i).padStart(2, "0")}`);

/**
 * MEMBER_A us-east-1: 60 application log groups, the trail's log group with one subscription filter and two CIS
 * metric filters, a group with 100 metric filters, and an account-level subscription filter policy.
 */
function scenario(): ScenarioInput {
  return baseScenario({
    accounts: [
      { id: MGMT, name: "management" },
      {
        id: MEMBER_A,
        name: "member-a",
        regionState: {
          "us-east-1": {
            logGroups: [
              ...groupNames.map((name) => ({ name })),
              {
                name: TRAIL_GROUP,
                retentionInDays: 365,
                kmsKeyId: `arn:aws:kms:us-east-1:${MEMBER_A}:key/abc`,
                subscriptionFilters: [{ name: "to-central", pattern: "", destinationArn: DESTINATION }],
                metricFilters: [
                  {
                    name: "cis-root-usage",
                    pattern: ROOT_PATTERN,
                    metricName: "RootUsage",
                    metricNamespace: "CISBenchmark",
                  },
                  {
                    name: "cis-unauthorized",
                    pattern:
                      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
                    metricName: "UnauthorizedAPICalls",
                    metricNamespace: "CISBenchmark",
                  },
                ],
              },
              {
                name: "full-of-filters",
                metricFilters: Array.from({ length: 100 }, (_, i) => ({
                  name: `mf-${String(i).padStart(3, "0")}`,
                  pattern: "ERROR",
                  metricName: i === 7 ? "RootUsage" : `Errors${i}`,
                  metricNamespace: "CISBenchmark",
                })),
              },
            ],
            accountPolicies: [
              {
                name: "org-subscription",
                type: "SUBSCRIPTION_FILTER_POLICY",
                document: POLICY_DOC,
                selectionCriteria: 'LogGroupName NOT IN ["noisy"]',
              },
              { name: "masking", type: "DATA_PROTECTION_POLICY", document: { Name: "mask" } },
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
): Promise<CloudWatchLogsClient> {
  return new CloudWatchLogsClient(clientConfig(s, await assumeRole(s, account, role), region));
}

describe("CloudWatch Logs log groups", () => {
  it.each<[DescribeLogGroupsCommandInput, number | undefined, number[]]>([
    [{}, undefined, [50, 12]],
    [{}, 25, [25, 25, 12]],
    [{ logGroupNamePrefix: "/app/" }, 50, [50, 10]],
    [{ logGroupNamePrefix: "/app/service-1" }, 3, [3, 3, 3, 1]],
    [{ logGroupNamePattern: "service-5" }, undefined, [10]],
  ])("pages DescribeLogGroups %j with page size %s in ASCII order", async (input, pageSize, sizes) => {
    sim = await startTestSim(scenario());
    const logs = await client(sim);
    const seen: number[] = [];
    const names: string[] = [];
    for await (const page of paginateDescribeLogGroups({ client: logs, pageSize }, input)) {
      seen.push(page.logGroups?.length ?? 0);
      names.push(...(page.logGroups ?? []).map((g) => g.logGroupName ?? ""));
    }
    expect(seen).toEqual(sizes);
    expect(names).toEqual([...names].sort());
  });

  it("returns the log group's configuration", async () => {
    sim = await startTestSim(scenario());
    const logs = await client(sim);
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: TRAIL_GROUP }));
    expect(out.logGroups).toEqual([
      expect.objectContaining({
        logGroupName: TRAIL_GROUP,
        arn: `arn:aws:logs:us-east-1:${MEMBER_A}:log-group:${TRAIL_GROUP}:*`,
        logGroupArn: `arn:aws:logs:us-east-1:${MEMBER_A}:log-group:${TRAIL_GROUP}`,
        retentionInDays: 365,
        metricFilterCount: 2,
        storedBytes: 0,
        kmsKeyId: `arn:aws:kms:us-east-1:${MEMBER_A}:key/abc`,
      }),
    ]);
    expect(typeof out.logGroups?.[0]?.creationTime).toBe("number");
    // With logGroupNamePattern only the name, ARN and creation time come back.
    const byPattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: "cloudtrail" }));
    expect(Object.keys(byPattern.logGroups?.[0] ?? {}).sort()).toEqual([
      "arn",
      "creationTime",
      "logGroupName",
    ]);
  });

  it.each<[string, Call, string]>([
    [
      "prefix and pattern together",
      (l) => l.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/app", logGroupNamePattern: "app" })),
      "InvalidParameterException",
    ],
    ["limit 0", (l) => l.send(new DescribeLogGroupsCommand({ limit: 0 })), "InvalidParameterException"],
    ["limit 51", (l) => l.send(new DescribeLogGroupsCommand({ limit: 51 })), "InvalidParameterException"],
    [
      "a forged nextToken",
      (l) => l.send(new DescribeLogGroupsCommand({ nextToken: "garbage" })),
      "InvalidParameterException",
    ],
    [
      "a prefix with forbidden characters",
      (l) => l.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "bad name" })),
      "InvalidParameterException",
    ],
  ])("DescribeLogGroups refuses %s", async (_label, call, code) => {
    sim = await startTestSim(scenario());
    expect(await errorOf(call(await client(sim)))).toEqual({ name: code, status: 400 });
  });

  it("returns only the log groups logGroupIdentifiers names, by name or by the caller's own ARN", async () => {
    sim = await startTestSim(scenario());
    const logs = await client(sim);
    const out = await logs.send(
      new DescribeLogGroupsCommand({
        logGroupIdentifiers: [
          "/app/service-07",
          `arn:aws:logs:us-east-1:${MEMBER_A}:log-group:${TRAIL_GROUP}`,
          `arn:aws:logs:us-east-1:${MEMBER_A}:log-group:/app/service-01`,
          `arn:aws:logs:eu-west-1:${MEMBER_A}:log-group:/app/service-02`, // another region: not here
          "/app/no-such-group",
        ],
      }),
    );
    expect(out.logGroups?.map((g) => g.logGroupName)).toEqual([
      "/app/service-01",
      "/app/service-07",
      TRAIL_GROUP,
    ]);
    expect(out.logGroups?.find((g) => g.logGroupName === TRAIL_GROUP)).toMatchObject({
      retentionInDays: 365,
    });
    // With includeLinkedAccounts and a page size, which are allowed beside it.
    const paged: string[][] = [];
    for await (const page of paginateDescribeLogGroups(
      { client: logs, pageSize: 2 },
      {
        logGroupIdentifiers: ["/app/service-03", "/app/service-02", "/app/service-01"],
        includeLinkedAccounts: true,
      },
    )) {
      paged.push((page.logGroups ?? []).map((g) => g.logGroupName!));
    }
    expect(paged).toEqual([["/app/service-01", "/app/service-02"], ["/app/service-03"]]);
  });

  it.each<[string, DescribeLogGroupsCommandInput]>([
    ["with logGroupNamePrefix", { logGroupIdentifiers: ["/app/service-01"], logGroupNamePrefix: "/app" }],
    ["with logGroupNamePattern", { logGroupIdentifiers: ["/app/service-01"], logGroupNamePattern: "app" }],
    ["with logGroupClass", { logGroupIdentifiers: ["/app/service-01"], logGroupClass: "STANDARD" }],
    ["with accountIdentifiers", { logGroupIdentifiers: ["/app/service-01"], accountIdentifiers: [MEMBER_A] }],
    ["empty", { logGroupIdentifiers: [] }],
    ["over 50", { logGroupIdentifiers: groupNames.slice(0, 51) }],
    [
      "naming another account's group",
      { logGroupIdentifiers: [`arn:aws:logs:us-east-1:${MEMBER_B}:log-group:x`] },
    ],
  ])("refuses logGroupIdentifiers %s", async (_label, input) => {
    sim = await startTestSim(scenario());
    const logs = await client(sim);
    expect(await errorOf(logs.send(new DescribeLogGroupsCommand(input)))).toEqual({
      name: "InvalidParameterException",
      status: 400,
    });
  });

  it("creates a log group once and sets only the allowed retention values", async () => {
    sim = await startTestSim(scenario());
    const logs = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/wirewatch/new" }));
    expect(await errorOf(logs.send(new CreateLogGroupCommand({ logGroupName: "/wirewatch/new" })))).toEqual({
      name: "ResourceAlreadyExistsException",
      status: 400,
    });
    expect(await errorOf(logs.send(new CreateLogGroupCommand({ logGroupName: "bad:name" })))).toEqual({
      name: "InvalidParameterException",
      status: 400,
    });
    for (const days of [1, 3653, 2192]) {
      await logs.send(
        new PutRetentionPolicyCommand({ logGroupName: "/wirewatch/new", retentionInDays: days }),
      );
      const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/wirewatch/new" }));
      expect(out.logGroups?.map((g) => [g.logGroupName, g.retentionInDays, g.metricFilterCount])).toEqual([
        ["/wirewatch/new", days, 0],
      ]);
    }
  });

  it.each([0, 2, 730, 4000])("PutRetentionPolicy refuses %i days", async (days) => {
    sim = await startTestSim(scenario());
    const logs = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    expect(
      await errorOf(
        logs.send(new PutRetentionPolicyCommand({ logGroupName: TRAIL_GROUP, retentionInDays: days })),
      ),
    ).toEqual({ name: "InvalidParameterException", status: 400 });
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: TRAIL_GROUP }));
    expect(out.logGroups?.[0]?.retentionInDays).toBe(365);
  });

  it("PutRetentionPolicy on an unknown group answers ResourceNotFoundException", async () => {
    sim = await startTestSim(scenario());
    const logs = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    expect(
      await errorOf(logs.send(new PutRetentionPolicyCommand({ logGroupName: "/nope", retentionInDays: 30 }))),
    ).toEqual({ name: "ResourceNotFoundException", status: 400 });
  });
});

describe("CloudWatch Logs subscription filters", () => {
  const kinesis = `arn:aws:kinesis:us-east-1:${MEMBER_A}:stream/local`;
  const role = `arn:aws:iam::${MEMBER_A}:role/CWLtoKinesis`;

  it("allows two subscription filters per log group; a third is refused, replacing one by name is not", async () => {
    sim = await startTestSim(scenario());
    const logs = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    await logs.send(
      new PutSubscriptionFilterCommand({
        logGroupName: TRAIL_GROUP,
        filterName: "to-kinesis",
        filterPattern: "",
        destinationArn: kinesis,
        roleArn: role,
      }),
    );
    const third = logs.send(
      new PutSubscriptionFilterCommand({
        logGroupName: TRAIL_GROUP,
        filterName: "third",
        filterPattern: "",
        destinationArn: DESTINATION,
      }),
    );
    expect(await errorOf(third)).toEqual({ name: "LimitExceededException", status: 400 });
    await logs.send(
      new PutSubscriptionFilterCommand({
        logGroupName: TRAIL_GROUP,
        filterName: "to-central",
        filterPattern: ROOT_PATTERN,
        destinationArn: DESTINATION,
        distribution: "Random",
      }),
    );
    const out = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: TRAIL_GROUP }));
    expect(
      out.subscriptionFilters?.map((f) => [f.filterName, f.filterPattern, f.destinationArn, f.distribution]),
    ).toEqual([
      ["to-central", ROOT_PATTERN, DESTINATION, "Random"],
      ["to-kinesis", "", kinesis, "ByLogStream"],
    ]);
    const prefixed = await logs.send(
      new DescribeSubscriptionFiltersCommand({ logGroupName: TRAIL_GROUP, filterNamePrefix: "to-k" }),
    );
    expect(prefixed.subscriptionFilters?.map((f) => f.roleArn)).toEqual([role]);

    await logs.send(
      new DeleteSubscriptionFilterCommand({ logGroupName: TRAIL_GROUP, filterName: "to-kinesis" }),
    );
    const after = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: TRAIL_GROUP }));
    expect(after.subscriptionFilters?.map((f) => f.filterName)).toEqual(["to-central"]);
  });

  const base = { logGroupName: TRAIL_GROUP, filterName: "new", filterPattern: "" };
  it.each<[string, PutSubscriptionFilterCommandInput, string]>([
    [
      "a destination in another region",
      { ...base, destinationArn: `arn:aws:logs:eu-west-1:${MGMT}:destination:central-security` },
      "InvalidParameterException",
    ],
    ["a Kinesis stream without roleArn", { ...base, destinationArn: kinesis }, "InvalidParameterException"],
    [
      "a Kinesis stream of another account",
      { ...base, destinationArn: `arn:aws:kinesis:us-east-1:${MGMT}:stream/x`, roleArn: role },
      "InvalidParameterException",
    ],
    [
      "an unsupported destination",
      { ...base, destinationArn: `arn:aws:sns:us-east-1:${MEMBER_A}:topic` },
      "InvalidParameterException",
    ],
    [
      "a pattern that does not parse",
      { ...base, filterPattern: '{ $.a = "x" ', destinationArn: DESTINATION },
      "InvalidParameterException",
    ],
    [
      "a filter name with a colon",
      { ...base, filterName: "a:b", destinationArn: DESTINATION },
      "InvalidParameterException",
    ],
    [
      "an unknown log group",
      { ...base, logGroupName: "/nope", destinationArn: DESTINATION },
      "ResourceNotFoundException",
    ],
  ])("PutSubscriptionFilter refuses %s", async (_label, input, code) => {
    sim = await startTestSim(scenario());
    const logs = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    expect(await errorOf(logs.send(new PutSubscriptionFilterCommand(input)))).toEqual({
      name: code,
      status: 400,
    });
    if (code !== "ResourceNotFoundException") {
      const out = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: TRAIL_GROUP }));
      expect(out.subscriptionFilters?.map((f) => f.filterName)).toEqual(["to-central"]);
    }
  });

  it.each<[string, Call]>([
    [
      "DescribeSubscriptionFilters of an unknown group",
      (l) => l.send(new DescribeSubscriptionFiltersCommand({ logGroupName: "/nope" })),
    ],
    [
      "DeleteSubscriptionFilter of an unknown filter",
      (l) => l.send(new DeleteSubscriptionFilterCommand({ logGroupName: TRAIL_GROUP, filterName: "nope" })),
    ],
    [
      "DeleteSubscriptionFilter in an unknown group",
      (l) => l.send(new DeleteSubscriptionFilterCommand({ logGroupName: "/nope", filterName: "to-central" })),
    ],
  ])("%s answers ResourceNotFoundException", async (_label, call) => {
    sim = await startTestSim(scenario());
    expect(await errorOf(call(await client(sim, MEMBER_A, REMEDIATION_ROLE)))).toEqual({
      name: "ResourceNotFoundException",
      status: 400,
    });
  });
});

describe("CloudWatch Logs metric filters", () => {
  it("describes by log group and prefix, and by metric across the region", async () => {
    sim = await startTestSim(scenario());
    const logs = await client(sim);
    const byGroup = await logs.send(
      new DescribeMetricFiltersCommand({ logGroupName: TRAIL_GROUP, filterNamePrefix: "cis-r" }),
    );
    expect(byGroup.metricFilters).toEqual([
      expect.objectContaining({
        filterName: "cis-root-usage",
        logGroupName: TRAIL_GROUP,
        filterPattern: ROOT_PATTERN,
        metricTransformations: [
          { metricName: "RootUsage", metricNamespace: "CISBenchmark", metricValue: "1" },
        ],
      }),
    ]);
    const byMetric = await logs.send(
      new DescribeMetricFiltersCommand({ metricName: "RootUsage", metricNamespace: "CISBenchmark" }),
    );
    expect(byMetric.metricFilters?.map((f) => [f.logGroupName, f.filterName])).toEqual([
      [TRAIL_GROUP, "cis-root-usage"],
      ["full-of-filters", "mf-007"],
    ]);
    const wrongNamespace = await logs.send(
      new DescribeMetricFiltersCommand({ metricName: "RootUsage", metricNamespace: "Other" }),
    );
    expect(wrongNamespace.metricFilters).toEqual([]);
  });

  it.each([
    [10, [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]],
    [undefined, [50, 50]],
    [50, [50, 50]],
  ])("pages DescribeMetricFilters with page size %s", async (pageSize, sizes) => {
    sim = await startTestSim(scenario());
    const logs = await client(sim);
    const seen: number[] = [];
    for await (const page of paginateDescribeMetricFilters(
      { client: logs, pageSize },
      { logGroupName: "full-of-filters" },
    ))
      seen.push(page.metricFilters?.length ?? 0);
    expect(seen).toEqual(sizes);
  });

  it.each<[string, Call, string]>([
    [
      "metricName without metricNamespace",
      (l) => l.send(new DescribeMetricFiltersCommand({ metricName: "RootUsage" })),
      "InvalidParameterException",
    ],
    ["limit 51", (l) => l.send(new DescribeMetricFiltersCommand({ limit: 51 })), "InvalidParameterException"],
    [
      "an unknown log group",
      (l) => l.send(new DescribeMetricFiltersCommand({ logGroupName: "/nope" })),
      "ResourceNotFoundException",
    ],
  ])("DescribeMetricFilters refuses %s", async (_label, call, code) => {
    sim = await startTestSim(scenario());
    expect(await errorOf(call(await client(sim)))).toEqual({ name: code, status: 400 });
  });

  const transformation = { metricName: "ConsoleNoMfa", metricNamespace: "CISBenchmark", metricValue: "1" };
  it("creates, replaces and deletes a metric filter", async () => {
    sim = await startTestSim(scenario());
    const logs = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const put = (filterPattern: string, dims?: Record<string, string>) =>
      logs.send(
        new PutMetricFilterCommand({
          logGroupName: TRAIL_GROUP,
          filterName: "cis-console-no-mfa",
          filterPattern,
          metricTransformations: [{ ...transformation, dimensions: dims, unit: "Count" }],
        }),
      );
    await put('{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }');
    await put('{ $.eventName = "ConsoleLogin" }', { user: "$.userIdentity.arn" });
    const out = await logs.send(
      new DescribeMetricFiltersCommand({ logGroupName: TRAIL_GROUP, filterNamePrefix: "cis-console" }),
    );
    expect(out.metricFilters?.map((f) => [f.filterPattern, f.metricTransformations])).toEqual([
      [
        '{ $.eventName = "ConsoleLogin" }',
        [{ ...transformation, unit: "Count", dimensions: { user: "$.userIdentity.arn" } }],
      ],
    ]);
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: TRAIL_GROUP }));
    expect(groups.logGroups?.[0]?.metricFilterCount).toBe(3);
    await logs.send(
      new DeleteMetricFilterCommand({ logGroupName: TRAIL_GROUP, filterName: "cis-console-no-mfa" }),
    );
    expect(
      await errorOf(
        logs.send(
          new DeleteMetricFilterCommand({ logGroupName: TRAIL_GROUP, filterName: "cis-console-no-mfa" }),
        ),
      ),
    ).toEqual({ name: "ResourceNotFoundException", status: 400 });
  });

  it("limits a log group to 100 metric filters, but replacing one by name is allowed", async () => {
    sim = await startTestSim(scenario());
    const logs = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const put = (filterName: string) =>
      logs.send(
        new PutMetricFilterCommand({
          logGroupName: "full-of-filters",
          filterName,
          filterPattern: "WARN",
          metricTransformations: [transformation],
        }),
      );
    expect(await errorOf(put("mf-100"))).toEqual({ name: "LimitExceededException", status: 400 });
    await put("mf-000");
    const out = await logs.send(
      new DescribeMetricFiltersCommand({ logGroupName: "full-of-filters", filterNamePrefix: "mf-000" }),
    );
    expect(out.metricFilters?.map((f) => f.filterPattern)).toEqual(["WARN"]);
  });

  const good = { logGroupName: TRAIL_GROUP, filterName: "x", filterPattern: "ERROR" };
  it.each<[string, PutMetricFilterCommandInput, string]>([
    [
      "four dimensions",
      {
        ...good,
        metricTransformations: [
          { ...transformation, dimensions: { a: "$.a", b: "$.b", c: "$.c", d: "$.d" } },
        ],
      },
      "InvalidParameterException",
    ],
    [
      "a pattern that does not parse",
      { ...good, filterPattern: "{ $.eventName = ", metricTransformations: [transformation] },
      "InvalidParameterException",
    ],
    [
      "an unbalanced JSON pattern",
      {
        ...good,
        filterPattern: '{ ($.eventName = "ConsoleLogin" }',
        metricTransformations: [transformation],
      },
      "InvalidParameterException",
    ],
    ["no transformation", { ...good, metricTransformations: [] }, "InvalidParameterException"],
    [
      "two transformations",
      { ...good, metricTransformations: [transformation, transformation] },
      "InvalidParameterException",
    ],
    [
      "a metric name with a colon",
      { ...good, metricTransformations: [{ ...transformation, metricName: "a:b" }] },
      "InvalidParameterException",
    ],
    [
      "an unknown log group",
      { ...good, logGroupName: "/nope", metricTransformations: [transformation] },
      "ResourceNotFoundException",
    ],
  ])("PutMetricFilter refuses %s", async (_label, input, code) => {
    sim = await startTestSim(scenario());
    const logs = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    expect(await errorOf(logs.send(new PutMetricFilterCommand(input)))).toEqual({ name: code, status: 400 });
    const out = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: TRAIL_GROUP }));
    expect(out.metricFilters?.map((f) => f.filterName)).toEqual(["cis-root-usage", "cis-unauthorized"]);
  });

  it("tests a filter pattern against sample messages", async () => {
    sim = await startTestSim(scenario());
    const logs = await client(sim);
    const root = JSON.stringify({ userIdentity: { type: "Root" }, eventName: "ConsoleLogin" });
    const viaService = JSON.stringify({ userIdentity: { type: "Root", invokedBy: "s3.amazonaws.com" } });
    const user = JSON.stringify({ userIdentity: { type: "IAMUser" } });
    const out = await logs.send(
      new TestMetricFilterCommand({
        filterPattern: ROOT_PATTERN,
        logEventMessages: [user, root, viaService],
      }),
    );
    expect(out.matches?.map((m) => [m.eventNumber, m.eventMessage])).toEqual([[2, root]]);
    expect(
      await errorOf(
        logs.send(new TestMetricFilterCommand({ filterPattern: "{ $.a = ", logEventMessages: [root] })),
      ),
    ).toEqual({ name: "InvalidParameterException", status: 400 });
    expect(
      await errorOf(logs.send(new TestMetricFilterCommand({ filterPattern: "ERROR", logEventMessages: [] }))),
    ).toEqual({ name: "InvalidParameterException", status: 400 });
  });
});

describe("CloudWatch Logs account policies", () => {
  it("returns the account subscription filter policy", async () => {
    sim = await startTestSim(scenario());
    const logs = await client(sim);
    const out = await logs.send(
      new DescribeAccountPoliciesCommand({ policyType: "SUBSCRIPTION_FILTER_POLICY" }),
    );
    expect(out.accountPolicies).toEqual([
      expect.objectContaining({
        policyName: "org-subscription",
        policyType: "SUBSCRIPTION_FILTER_POLICY",
        scope: "ALL",
        selectionCriteria: 'LogGroupName NOT IN ["noisy"]',
        accountId: MEMBER_A,
      }),
    ]);
    expect(JSON.parse(out.accountPolicies?.[0]?.policyDocument ?? "null")).toEqual(POLICY_DOC);
    expect(typeof out.accountPolicies?.[0]?.lastUpdatedTime).toBe("number");
  });

  it.each<[DescribeAccountPoliciesCommandInput, string[]]>([
    [{ policyType: "SUBSCRIPTION_FILTER_POLICY", policyName: "org-subscription" }, ["org-subscription"]],
    [{ policyType: "SUBSCRIPTION_FILTER_POLICY", policyName: "other" }, []],
    [{ policyType: "DATA_PROTECTION_POLICY" }, ["masking"]],
    [{ policyType: "FIELD_INDEX_POLICY" }, []],
    [{ policyType: "SUBSCRIPTION_FILTER_POLICY", accountIdentifiers: [MEMBER_A] }, ["org-subscription"]],
    [{ policyType: "SUBSCRIPTION_FILTER_POLICY", accountIdentifiers: [MEMBER_B] }, []],
  ])("filters DescribeAccountPolicies %j", async (input, names) => {
    sim = await startTestSim(scenario());
    const logs = await client(sim);
    const out = await logs.send(new DescribeAccountPoliciesCommand(input));
    expect(out.accountPolicies?.map((p) => p.policyName)).toEqual(names);
  });

  it.each<[string, Record<string, unknown>]>([
    ["a missing policyType", {}],
    ["an unknown policyType", { policyType: "NOPE" }],
  ])("refuses %s", async (_label, input) => {
    sim = await startTestSim(scenario());
    const logs = await client(sim);
    const call = logs.send(
      new DescribeAccountPoliciesCommand(input as unknown as DescribeAccountPoliciesCommandInput),
    );
    expect(await errorOf(call)).toEqual({ name: "InvalidParameterException", status: 400 });
  });

  it("is per account and region", async () => {
    sim = await startTestSim(scenario());
    for (const logs of [await client(sim, MEMBER_B), await client(sim, MEMBER_A, AUDIT_ROLE, "us-west-2")]) {
      const out = await logs.send(
        new DescribeAccountPoliciesCommand({ policyType: "SUBSCRIPTION_FILTER_POLICY" }),
      );
      expect(out.accountPolicies).toEqual([]);
    }
  });
});

describe("CloudWatch Logs access, isolation and rate limits", () => {
  it.each<[string, Call]>([
    ["CreateLogGroup", (l) => l.send(new CreateLogGroupCommand({ logGroupName: "/new" }))],
    [
      "PutRetentionPolicy",
      (l) => l.send(new PutRetentionPolicyCommand({ logGroupName: TRAIL_GROUP, retentionInDays: 1 })),
    ],
    [
      "PutSubscriptionFilter",
      (l) =>
        l.send(
          new PutSubscriptionFilterCommand({
            logGroupName: "/app/service-00",
            filterName: "f",
            filterPattern: "",
            destinationArn: DESTINATION,
          }),
        ),
    ],
    [
      "DeleteSubscriptionFilter",
      (l) =>
        l.send(new DeleteSubscriptionFilterCommand({ logGroupName: TRAIL_GROUP, filterName: "to-central" })),
    ],
    [
      "PutMetricFilter",
      (l) =>
        l.send(
          new PutMetricFilterCommand({
            logGroupName: TRAIL_GROUP,
            filterName: "f",
            filterPattern: "ERROR",
            metricTransformations: [{ metricName: "m", metricNamespace: "n", metricValue: "1" }],
          }),
        ),
    ],
    [
      "DeleteMetricFilter",
      (l) =>
        l.send(new DeleteMetricFilterCommand({ logGroupName: TRAIL_GROUP, filterName: "cis-root-usage" })),
    ],
  ])("refuses %s to the read-only audit role and changes nothing", async (_label, call) => {
    sim = await startTestSim(scenario());
    const logs = await client(sim, MEMBER_A, AUDIT_ROLE);
    const snapshot = async () => ({
      groups: (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/" }))).logGroups,
      trail: (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: TRAIL_GROUP }))).logGroups,
      subs: (await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: TRAIL_GROUP })))
        .subscriptionFilters,
      metrics: (await logs.send(new DescribeMetricFiltersCommand({ logGroupName: TRAIL_GROUP })))
        .metricFilters,
    });
    const before = await snapshot();
    expect(await errorOf(call(logs))).toEqual({ name: "AccessDeniedException", status: 400 });
    expect(await snapshot()).toEqual(before);
  });

  it("keeps writes in their own account and region", async () => {
    sim = await startTestSim(scenario());
    const logs = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/only-here" }));
    await logs.send(
      new PutMetricFilterCommand({
        logGroupName: "/only-here",
        filterName: "f",
        filterPattern: "ERROR",
        metricTransformations: [{ metricName: "OnlyHere", metricNamespace: "n", metricValue: "1" }],
      }),
    );
    const here = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/only-here" }));
    expect(here.logGroups?.map((g) => [g.logGroupName, g.metricFilterCount])).toEqual([["/only-here", 1]]);
    for (const other of [await client(sim, MEMBER_A, AUDIT_ROLE, "us-west-2"), await client(sim, MEMBER_B)]) {
      expect((await other.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
      const metrics = await other.send(
        new DescribeMetricFiltersCommand({ metricName: "OnlyHere", metricNamespace: "n" }),
      );
      expect(metrics.metricFilters).toEqual([]);
      expect(
        (await errorOf(other.send(new DescribeSubscriptionFiltersCommand({ logGroupName: "/only-here" }))))
          .name,
      ).toBe("ResourceNotFoundException");
    }
  });

  it.each([
    [
      "logs:DescribeLogGroups",
      (l: CloudWatchLogsClient) => l.send(new DescribeLogGroupsCommand({ limit: 1 })),
    ],
    [
      "logs:DescribeMetricFilters",
      (l: CloudWatchLogsClient) => l.send(new DescribeMetricFiltersCommand({ logGroupName: TRAIL_GROUP })),
    ],
    [
      "logs:DescribeSubscriptionFilters",
      (l: CloudWatchLogsClient) =>
        l.send(new DescribeSubscriptionFiltersCommand({ logGroupName: TRAIL_GROUP })),
    ],
    [
      "logs:DescribeAccountPolicies",
      (l: CloudWatchLogsClient) =>
        l.send(new DescribeAccountPoliciesCommand({ policyType: "SUBSCRIPTION_FILTER_POLICY" })),
    ],
  ])("throttles a burst on %s with ThrottlingException", async (bucket, call) => {
    sim = await startTestSim(scenario(), { rateLimits: true, tps: { [bucket]: 1 } });
    const logs = await client(sim);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => call(logs)));
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const errors = results.flatMap((r) =>
      r.status === "rejected" ? [r.reason as { name: string; $metadata?: { httpStatusCode?: number } }] : [],
    );
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(2);
    expect(errors.map((e) => [e.name, e.$metadata?.httpStatusCode])).toEqual(
      Array.from({ length: 10 - ok }, () => ["ThrottlingException", 400]),
    );
  });

  it("throttles writes on the shared write bucket", async () => {
    sim = await startTestSim(scenario(), { rateLimits: true, tps: { "logs:write": 1 } });
    const logs = await client(sim, MEMBER_A, REMEDIATION_ROLE);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        logs.send(new CreateLogGroupCommand({ logGroupName: `/burst/${i}` })),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled").length;
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(2);
    const created = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/burst/" }));
    expect(created.logGroups?.length).toBe(ok);
  });
});
