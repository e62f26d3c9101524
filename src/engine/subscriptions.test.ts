import { describe, expect, it } from "vitest";
import type { AccountSubscriptionPolicy, SubscriptionFilter } from "../inventory/model.ts";
import { CONTROL_API_CALLS, READ_API_CALLS, TAMPERING_API_CALLS } from "../samples/api-calls.ts";
import { failedRead, logGroupDetail, okRead } from "../../test/support/inventory-builder.ts";
import { LOG_PATH_SAMPLES, judgeDelivery, parseSelectionCriteria } from "./subscriptions.ts";

const GROUP_ARN = "arn:aws:logs:us-east-1:222222222222:log-group:aws-cloudtrail-logs:*";
const DEST = "arn:aws:logs:us-east-1:999999999999:destination:central";
const OTHER = "arn:aws:lambda:us-east-1:222222222222:function:shipper";

const filter = (pattern: string, destinationArn = DEST, name = "to-central"): SubscriptionFilter => ({
  name,
  pattern,
  destinationArn,
});
const policy = (over: Partial<AccountSubscriptionPolicy> = {}): AccountSubscriptionPolicy => ({
  name: "account-sub",
  destinationArn: DEST,
  filterPattern: "",
  excludedLogGroups: [],
  ...over,
});
const group = (filters: SubscriptionFilter[], policies: AccountSubscriptionPolicy[] = []) =>
  logGroupDetail(GROUP_ARN, { subscriptionFilters: okRead(filters), accountPolicies: okRead(policies) });
const ids = (pred: (id: string) => boolean) => LOG_PATH_SAMPLES.map((s) => s.id).filter(pred);

describe("LOG_PATH_SAMPLES", () => {
  it("holds every control, tampering and read call once, a console sign-in and an AccessDenied error", () => {
    const calls = [...Object.values(CONTROL_API_CALLS).flat(), ...TAMPERING_API_CALLS, ...READ_API_CALLS];
    const keys = new Set(calls.map((c) => `${c.eventSource}:${c.eventName}`));
    const sampleIds = LOG_PATH_SAMPLES.map((s) => s.id);
    expect(new Set(sampleIds).size).toBe(sampleIds.length);
    for (const k of keys) expect(sampleIds).toContain(k);
    expect(sampleIds.length).toBe(keys.size + 2);
    const parsed = LOG_PATH_SAMPLES.map((s) => JSON.parse(s.message) as Record<string, unknown>);
    expect(
      parsed.filter((r) => r.eventName === "ConsoleLogin" && r.eventType === "AwsConsoleSignIn"),
    ).toHaveLength(1);
    expect(parsed.filter((r) => r.errorCode === "AccessDenied")).toHaveLength(1);
  });
});

describe("parseSelectionCriteria", () => {
  it.each<[string, string[]]>([
    ['LogGroupName NOT IN ["a", "b"]', ["a", "b"]],
    [
      'LogGroupName NOT IN ["LogGroupToExclude1","LogGroupToExclude2"]',
      ["LogGroupToExclude1", "LogGroupToExclude2"],
    ],
    ["LogGroupName NOT IN []", []],
    ["  LogGroupName   NOT   IN [ ]  ", []],
    ['logGroupName not in ["/aws/lambda/x"]', ["/aws/lambda/x"]],
    ['LogGroupName NOT IN ["quote\\"d"]', ['quote"d']],
    ["", []],
    ["   ", []],
  ])("%j excludes %j", (text, excluded) => {
    expect(parseSelectionCriteria(text)).toEqual({ ok: true, excluded });
  });

  it.each<[string, number]>([
    ['LogGroupName IN ["a"]', 13],
    ['LogGroupNamePrefix NOT IN ["a"]', 0],
    ['LogGroupName NOT IN "a"', 20],
    ['LogGroupName NOT IN ["a" "b"]', 25],
    ['LogGroupName NOT IN ["a",]', 25],
    ["LogGroupName NOT IN [a]", 21],
    ['LogGroupName NOT IN ["a"] AND x', 26],
    ['LogGroupName NOT IN ["a"', 24],
  ])("rejects %j at position %i", (text, position) => {
    const r = parseSelectionCriteria(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.position).toBe(position);
  });
});

describe("judgeDelivery", () => {
  it("an empty pattern to the destination delivers everything", () => {
    expect(judgeDelivery(group([filter("")]), DEST)).toMatchObject({
      verdict: "delivers",
      route: { via: "filter", name: "to-central", dropped: [] },
    });
  });

  it("a JSON pattern on a field every record carries delivers everything", () => {
    expect(judgeDelivery(group([filter('{ $.eventVersion = "*" }')]), DEST).verdict).toBe("delivers");
  });

  it("an eventSource clause narrows to that service", () => {
    const d = judgeDelivery(group([filter('{ $.eventSource = "ec2.amazonaws.com" }')]), DEST);
    expect(d).toMatchObject({ verdict: "narrowingPattern" });
    if (d.verdict === "narrowingPattern") {
      expect(d.dropped).toEqual(ids((id) => !id.startsWith("ec2.amazonaws.com:")));
    }
  });

  it("errorCode NOT EXISTS drops exactly the denied call; eventType = AwsApiCall exactly the sign-in", () => {
    const a = judgeDelivery(group([filter("{ $.errorCode NOT EXISTS }")]), DEST);
    expect(a).toMatchObject({
      verdict: "narrowingPattern",
      dropped: ["iam.amazonaws.com:CreateAccessKey#AccessDenied"],
    });
    const b = judgeDelivery(group([filter('{ $.eventType = "AwsApiCall" }')]), DEST);
    expect(b).toMatchObject({ verdict: "narrowingPattern", dropped: ["signin.amazonaws.com:ConsoleLogin"] });
  });

  it("reports the narrowest of several narrowing routes", () => {
    const d = judgeDelivery(
      group([
        filter('{ $.eventSource = "ec2.amazonaws.com" }', DEST, "ec2"),
        filter("{ $.errorCode NOT EXISTS }", DEST, "ok"),
      ]),
      DEST,
    );
    expect(d).toMatchObject({ verdict: "narrowingPattern", route: { name: "ok" } });
  });

  it("one good filter beside one to another destination delivers", () => {
    const d = judgeDelivery(group([filter("", OTHER, "lambda"), filter("", DEST, "central")]), DEST);
    expect(d).toMatchObject({ verdict: "delivers", route: { name: "central" } });
  });

  it("filters only to other destinations are listed", () => {
    const d = judgeDelivery(group([filter("", OTHER, "lambda")]), DEST);
    expect(d).toMatchObject({
      verdict: "wrongDestination",
      routes: [{ name: "lambda", destinationArn: OTHER }],
    });
  });

  it("any destination counts when none is configured", () => {
    expect(judgeDelivery(group([filter("", OTHER)]), undefined).verdict).toBe("delivers");
    expect(judgeDelivery(group([]), undefined).verdict).toBe("noSubscription");
  });

  it("an account policy that does not exclude the group delivers", () => {
    const d = judgeDelivery(
      group([], [policy({ selectionCriteria: 'LogGroupName NOT IN ["noisy"]' })]),
      DEST,
    );
    expect(d).toMatchObject({ verdict: "delivers", route: { via: "policy", name: "account-sub" } });
  });

  it("an account policy whose criteria exclude the group does not", () => {
    const criteria = 'LogGroupName NOT IN ["noisy", "aws-cloudtrail-logs"]';
    expect(judgeDelivery(group([], [policy({ selectionCriteria: criteria })]), DEST)).toMatchObject({
      verdict: "excludedByPolicy",
      route: { name: "account-sub", excludesGroup: true },
    });
    // The collector's parsed list stands in when the raw criteria were not kept.
    expect(
      judgeDelivery(group([], [policy({ excludedLogGroups: ["aws-cloudtrail-logs"] })]), DEST).verdict,
    ).toBe("excludedByPolicy");
  });

  it("a filter on the group delivers what the account policy excludes", () => {
    const excluding = policy({ selectionCriteria: 'LogGroupName NOT IN ["aws-cloudtrail-logs"]' });
    expect(judgeDelivery(group([filter("")], [excluding]), DEST).verdict).toBe("delivers");
  });

  it("a narrowing filter is a closer miss than an excluding policy", () => {
    const excluding = policy({ selectionCriteria: 'LogGroupName NOT IN ["aws-cloudtrail-logs"]' });
    expect(judgeDelivery(group([filter("{ $.errorCode NOT EXISTS }")], [excluding]), DEST).verdict).toBe(
      "narrowingPattern",
    );
  });

  it("a missing group, and unreadable group, filters or policies", () => {
    const missing = logGroupDetail(GROUP_ARN, { group: okRead({ exists: false }) });
    expect(judgeDelivery(missing, DEST).verdict).toBe("logGroupMissing");
    const noGroup = logGroupDetail(GROUP_ARN, {
      group: failedRead("AccessDeniedException", "DescribeLogGroups"),
    });
    expect(judgeDelivery(noGroup, DEST)).toMatchObject({
      verdict: "unreadable",
      error: { operation: "DescribeLogGroups" },
    });
    const noFilters = logGroupDetail(GROUP_ARN, {
      subscriptionFilters: failedRead("AccessDeniedException", "DescribeSubscriptionFilters"),
    });
    expect(judgeDelivery(noFilters, DEST)).toMatchObject({
      verdict: "unreadable",
      error: { operation: "DescribeSubscriptionFilters" },
    });
    const noPolicies = logGroupDetail(GROUP_ARN, {
      accountPolicies: failedRead("ThrottlingException", "DescribeAccountPolicies"),
    });
    expect(judgeDelivery(noPolicies, DEST)).toMatchObject({
      verdict: "unreadable",
      error: { code: "ThrottlingException" },
    });
  });

  it("an unreadable part does not matter once a readable route delivers", () => {
    const d = judgeDelivery(
      logGroupDetail(GROUP_ARN, {
        subscriptionFilters: failedRead("AccessDeniedException", "DescribeSubscriptionFilters"),
        accountPolicies: okRead([policy()]),
      }),
      DEST,
    );
    expect(d.verdict).toBe("delivers");
  });

  it("an unparsable pattern is unknown only on a route to the destination", () => {
    const d = judgeDelivery(group([filter("{ $.eventName = ")]), DEST);
    expect(d).toMatchObject({ verdict: "patternUnparsable", route: { name: "to-central" } });
    if (d.verdict === "patternUnparsable") expect(d.route.patternError?.position).toBeGreaterThan(0);
    expect(judgeDelivery(group([filter("{ $.eventName = ", OTHER)]), DEST).verdict).toBe("wrongDestination");
  });

  it("an unparsable policy or selection criteria is unknown", () => {
    expect(judgeDelivery(group([], [policy({ unparsable: "not JSON" })]), DEST)).toMatchObject({
      verdict: "policyUnparsable",
      policy: "account-sub",
    });
    expect(
      judgeDelivery(group([], [policy({ selectionCriteria: 'LogGroupNamePrefix IN ["x"]' })]), DEST),
    ).toMatchObject({
      verdict: "policyUnparsable",
    });
    // Criteria that do not parse on a policy to another destination change nothing.
    expect(
      judgeDelivery(group([], [policy({ destinationArn: OTHER, selectionCriteria: "garbage" })]), DEST)
        .verdict,
    ).toBe("wrongDestination");
  });
});
