import { describe, expect, it } from "vitest";
import {
  evaluatePolicies,
  policyDocumentSchema,
  requiredAuthorisations,
  type PolicyDocument,
} from "../../sim/iam.ts";

const doc = (statements: unknown[]): PolicyDocument =>
  policyDocumentSchema.parse({ Version: "2012-10-17", Statement: statements });
const allow = (Action: string | string[], Resource: string | string[] = "*") => ({
  Effect: "Allow",
  Action,
  Resource,
});

describe("the simulator's IAM policy evaluation", () => {
  it("denies by default and allows what a statement allows", () => {
    const p = [doc([allow(["cloudtrail:DescribeTrails"])])];
    expect(evaluatePolicies(p, "cloudtrail:DescribeTrails")).toBe("allow");
    expect(evaluatePolicies(p, "cloudtrail:GetTrailStatus")).toBe("implicit-deny");
    expect(evaluatePolicies([], "cloudtrail:DescribeTrails")).toBe("implicit-deny");
  });

  it("lets an explicit deny in any policy win over every allow", () => {
    const p = [doc([allow("*")]), doc([{ Effect: "Deny", Action: "logs:Put*", Resource: "*" }])];
    expect(evaluatePolicies(p, "logs:PutSubscriptionFilter")).toBe("explicit-deny");
    expect(evaluatePolicies(p, "logs:DescribeLogGroups")).toBe("allow");
  });

  it("matches * and ? in actions, case-insensitively", () => {
    const p = [doc([allow(["cloudtrail:Get*", "events:List?ules", "SNS:gettopicattributes"])])];
    expect(evaluatePolicies(p, "cloudtrail:GetEventSelectors")).toBe("allow");
    expect(evaluatePolicies(p, "cloudtrail:DescribeTrails")).toBe("implicit-deny");
    expect(evaluatePolicies(p, "events:ListRules")).toBe("allow");
    expect(evaluatePolicies(p, "events:ListTargetsByRule")).toBe("implicit-deny");
    expect(evaluatePolicies(p, "sns:GetTopicAttributes")).toBe("allow");
  });

  it("applies NotAction to every action it does not list, in Allow and Deny", () => {
    const p = [doc([{ Effect: "Allow", NotAction: "logs:*", Resource: "*" }])];
    expect(evaluatePolicies(p, "events:PutRule")).toBe("allow");
    expect(evaluatePolicies(p, "logs:DescribeLogGroups")).toBe("implicit-deny");
    const q = [doc([allow("*"), { Effect: "Deny", NotAction: ["cloudtrail:Describe*"], Resource: "*" }])];
    expect(evaluatePolicies(q, "cloudtrail:DescribeTrails")).toBe("allow");
    expect(evaluatePolicies(q, "cloudtrail:StopLogging")).toBe("explicit-deny");
  });

  it("matches resources by ARN pattern where the request names one", () => {
    const p = [doc([allow("sts:AssumeRole", ["arn:aws:iam::*:role/WirewatchAudit"])])];
    expect(evaluatePolicies(p, "sts:AssumeRole", "arn:aws:iam::222222222222:role/WirewatchAudit")).toBe(
      "allow",
    );
    expect(evaluatePolicies(p, "sts:AssumeRole", "arn:aws:iam::222222222222:role/Admin")).toBe(
      "implicit-deny",
    );
    expect(evaluatePolicies(p, "sts:AssumeRole", "arn:aws:iam::222222222222:role/wirewatchaudit")).toBe(
      "implicit-deny",
    );
  });

  it("refuses what it cannot judge rather than ignoring it", () => {
    const refused = (s: unknown) =>
      policyDocumentSchema.safeParse({ Statement: [s] }).error?.issues.map((i) => i.message) ?? [];
    expect(
      refused({ ...allow("logs:*"), Condition: { Bool: { "aws:SecureTransport": "true" } } }),
    ).not.toEqual([]);
    expect(refused({ Effect: "Allow", Action: "logs:*", NotResource: "*" })).not.toEqual([]);
    expect(refused(allow("logs:DescribeLogGroups", "arn:aws:logs:*:*:log-group:x"))[0]).toMatch(
      /sts:AssumeRole or iam:PassRole/,
    );
    expect(refused({ Effect: "Allow", Action: "logs:*", NotAction: "logs:Put*", Resource: "*" })).not.toEqual(
      [],
    );
    expect(refused(allow("logs:*"))).toEqual([]);
    expect(policyDocumentSchema.parse(JSON.stringify({ Statement: allow("*") })).Statement).toHaveLength(1);
  });

  it("names the actions a request depends on for what it sets", () => {
    expect(requiredAuthorisations("sts", "GetCallerIdentity", {})).toEqual([]);
    expect(requiredAuthorisations("monitoring", "DescribeAlarms", {})).toEqual([
      { action: "cloudwatch:DescribeAlarms" },
    ]);
    expect(
      requiredAuthorisations("cloudtrail", "CreateTrail", {
        Name: "t",
        TagsList: [{ Key: "a", Value: "b" }],
        CloudWatchLogsRoleArn: "arn:aws:iam::1:role/CT",
      }),
    ).toEqual([
      { action: "cloudtrail:CreateTrail" },
      { action: "cloudtrail:AddTags" },
      { action: "iam:PassRole", resource: "arn:aws:iam::1:role/CT" },
    ]);
    expect(requiredAuthorisations("cloudtrail", "CreateTrail", { Name: "t", TagsList: [] })).toEqual([
      { action: "cloudtrail:CreateTrail" },
    ]);
    expect(
      requiredAuthorisations("events", "PutTargets", {
        Targets: [{ RoleArn: "arn:aws:iam::1:role/R" }, { RoleArn: "arn:aws:iam::1:role/R" }, { Id: "x" }],
      }),
    ).toEqual([
      { action: "events:PutTargets" },
      { action: "iam:PassRole", resource: "arn:aws:iam::1:role/R" },
    ]);
    expect(requiredAuthorisations("sts", "AssumeRole", { RoleArn: "arn:aws:iam::1:role/A" })).toEqual([
      { action: "sts:AssumeRole", resource: "arn:aws:iam::1:role/A" },
    ]);
  });
});
