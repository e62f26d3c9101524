import { describe, expect, it } from "vitest";
import type { PolicyDecision } from "./topic-policy.ts";
import { cloudWatchMayPublish } from "./topic-policy.ts";

const ACCOUNT = "222222222222";
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:security-alarms`;
const ALARM = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:cis-4.3-root-usage`;
const req = { topicArn: TOPIC, sourceAccount: ACCOUNT, sourceArn: ALARM };

const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allowCloudWatch = (over: object = {}) => ({
  Sid: "cw",
  Effect: "Allow",
  Principal: { Service: "cloudwatch.amazonaws.com" },
  Action: "sns:Publish",
  Resource: TOPIC,
  ...over,
});
// SNS's default topic policy (abridged to Publish): any principal acting for the owner account.
const defaultStatement = {
  Sid: "__default_statement_ID",
  Effect: "Allow",
  Principal: { AWS: "*" },
  Action: ["SNS:GetTopicAttributes", "SNS:Subscribe", "SNS:Publish"],
  Resource: TOPIC,
  Condition: { StringEquals: { "AWS:SourceOwner": ACCOUNT } },
};
const denyOutsideOrg = (extra: object = {}) => ({
  Sid: "OrgOnly",
  Effect: "Deny",
  Principal: "*",
  Action: "sns:Publish",
  Resource: TOPIC,
  Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-abc123" }, ...extra },
});

describe("cloudWatchMayPublish", () => {
  it.each<[string, string | undefined, PolicyDecision]>([
    ["no policy attribute: SNS's default", undefined, { decision: "allow", defaultPolicy: true }],
    [
      "the default owner policy",
      policy(defaultStatement),
      { decision: "allow", statement: "__default_statement_ID" },
    ],
    [
      "the default policy of another owner",
      policy({ ...defaultStatement, Condition: { StringEquals: { "AWS:SourceOwner": "999999999999" } } }),
      { decision: "deny", reason: "noAllow" },
    ],
    ["the CloudWatch service principal", policy(allowCloudWatch()), { decision: "allow", statement: "cw" }],
    [
      "another service principal only",
      policy(allowCloudWatch({ Principal: { Service: ["events.amazonaws.com"] } })),
      { decision: "deny", reason: "noAllow" },
    ],
    [
      "an account principal does not cover a service",
      policy(allowCloudWatch({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })),
      { decision: "deny", reason: "noAllow" },
    ],
    [
      "everyone, without condition",
      policy(allowCloudWatch({ Principal: "*" })),
      { decision: "allow", statement: "cw" },
    ],
    [
      "a wildcard action, any case",
      policy(allowCloudWatch({ Action: "SNS:Pub*" })),
      { decision: "allow", statement: "cw" },
    ],
    [
      "another action",
      policy(allowCloudWatch({ Action: "sns:Subscribe" })),
      { decision: "deny", reason: "noAllow" },
    ],
    [
      "NotAction leaving Publish in",
      policy(allowCloudWatch({ Action: undefined, NotAction: "sns:Subscribe" })),
      { decision: "allow", statement: "cw" },
    ],
    [
      "another topic",
      policy(allowCloudWatch({ Resource: `arn:aws:sns:us-east-1:${ACCOUNT}:other` })),
      { decision: "deny", reason: "noAllow" },
    ],
    [
      "a Resource wildcard",
      policy(allowCloudWatch({ Resource: "arn:aws:sns:*:*:*" })),
      { decision: "allow", statement: "cw" },
    ],
    [
      "SourceArn limited to this account's alarms",
      policy(
        allowCloudWatch({
          Condition: { ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:*` } },
        }),
      ),
      { decision: "allow", statement: "cw" },
    ],
    [
      "SourceArn limited to another region's alarms",
      policy(
        allowCloudWatch({
          Condition: { ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:*` } },
        }),
      ),
      { decision: "deny", reason: "noAllow" },
    ],
    [
      "SourceAccount, key in another case",
      policy(allowCloudWatch({ Condition: { StringEquals: { "AWS:SOURCEACCOUNT": ACCOUNT } } })),
      { decision: "allow", statement: "cw" },
    ],
    [
      "a Deny on insecure transport does not apply to CloudWatch",
      policy(allowCloudWatch(), {
        Sid: "TLS",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: TOPIC,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
      { decision: "allow", statement: "cw" },
    ],
    [
      "a Deny outside the organization also denies CloudWatch, which has no PrincipalOrgID",
      policy(allowCloudWatch(), denyOutsideOrg()),
      { decision: "deny", reason: "explicitDeny", statement: "OrgOnly" },
    ],
    [
      "the same Deny exempting AWS services",
      policy(allowCloudWatch(), denyOutsideOrg({ BoolIfExists: { "aws:PrincipalIsAWSService": "false" } })),
      { decision: "allow", statement: "cw" },
    ],
    [
      "a Deny with ...IfExists on an absent key applies",
      policy(allowCloudWatch(), {
        ...denyOutsideOrg(),
        Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" } },
      }),
      { decision: "deny", reason: "explicitDeny", statement: "OrgOnly" },
    ],
    [
      "a single statement object instead of a list",
      JSON.stringify({ Statement: allowCloudWatch() }),
      { decision: "allow", statement: "cw" },
    ],
    [
      "a date condition cannot be judged",
      policy(allowCloudWatch({ Condition: { DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } } })),
      { decision: "unknown", reason: "an Allow statement may apply", statement: "cw" },
    ],
    ["not JSON", "{ Statement: [", { decision: "unknown", reason: "the policy is not valid JSON" }],
  ])("%s", (_name, text, want) => {
    expect(cloudWatchMayPublish(text, req)).toEqual(want);
  });
});
