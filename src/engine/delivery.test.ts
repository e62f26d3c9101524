import { describe, expect, it } from "vitest";
import type { AccountSubscriptionPolicy, SubscriptionFilter } from "../inventory/model.ts";
import { failedRead, logGroupDetail, okRead } from "../../test/support/inventory-builder.ts";
import { judgeDelivery } from "./delivery.ts";
import { LOG_PATH_SAMPLES } from "./log-samples.ts";

const ids = (pred: (id: string) => boolean) => LOG_PATH_SAMPLES.map((s) => s.id).filter(pred);

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
