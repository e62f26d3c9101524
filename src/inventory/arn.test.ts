import { describe, expect, it } from "vitest";
import {
  accountOf,
  fillArnTemplate,
  formatArn,
  globalEventsRegion,
  isGlobalEventsRegion,
  isPartition,
  isTopicArn,
  logGroupArn,
  parseArn,
  parseLogGroupArn,
  parseRoleArn,
  partitionOf,
  regionalArn,
  regionOf,
  roleArn,
  serviceOf,
} from "./arn.ts";

const A = "111111111111";

describe("parseArn", () => {
  it.each([
    [
      `arn:aws:cloudtrail:us-east-1:${A}:trail/org-trail`,
      {
        partition: "aws",
        service: "cloudtrail",
        region: "us-east-1",
        account: A,
        resource: "trail/org-trail",
      },
    ],
    [
      `arn:aws-us-gov:logs:us-gov-west-1:${A}:log-group:/org/trail:*`,
      {
        partition: "aws-us-gov",
        service: "logs",
        region: "us-gov-west-1",
        account: A,
        resource: "log-group:/org/trail:*",
      },
    ],
    [
      `arn:aws-cn:cloudwatch:cn-north-1:${A}:alarm:root:usage`,
      {
        partition: "aws-cn",
        service: "cloudwatch",
        region: "cn-north-1",
        account: A,
        resource: "alarm:root:usage",
      },
    ],
    [
      `arn:aws:iam::${A}:role/ops/audit/wirewatch-audit`,
      {
        partition: "aws",
        service: "iam",
        region: "",
        account: A,
        resource: "role/ops/audit/wirewatch-audit",
      },
    ],
    [
      "arn:aws:s3:::my-bucket/key",
      { partition: "aws", service: "s3", region: "", account: "", resource: "my-bucket/key" },
    ],
    [
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
      { partition: "aws", service: "iam", region: "", account: "aws", resource: "policy/ReadOnlyAccess" },
    ],
    ["not-an-arn", undefined],
    ["arn:aws:sns:us-east-1:111111111111", undefined],
    ["arn:aws:sns:us-east-1:111111111111:", undefined],
    ["", undefined],
  ])("%s", (arn, parts) => {
    expect(parseArn(arn)).toEqual(parts);
    if (parts) expect(formatArn(parts)).toBe(arn);
  });
});

describe("field helpers", () => {
  it.each([
    [`arn:aws:sns:eu-west-1:${A}:alerts`, A, "eu-west-1", "sns", true],
    [`arn:aws-cn:sns:cn-north-1:${A}:alerts`, A, "cn-north-1", "sns", true],
    [`arn:aws:iam::${A}:role/x`, A, undefined, "iam", false],
    ["arn:aws:iam::aws:policy/ReadOnlyAccess", undefined, undefined, "iam", false],
    [`arn:aws:autoscaling:eu-west-1:${A}:scalingPolicy:x`, A, "eu-west-1", "autoscaling", false],
    ["garbage", undefined, undefined, undefined, false],
  ])("%s", (arn, account, region, service, topic) => {
    expect([accountOf(arn), regionOf(arn), serviceOf(arn), isTopicArn(arn)]).toEqual([
      account,
      region,
      service,
      topic,
    ]);
  });
});

describe("partitionOf", () => {
  it.each([
    ["us-east-1", "aws"],
    ["eu-central-2", "aws"],
    ["us-gov-west-1", "aws-us-gov"],
    ["us-gov-east-1", "aws-us-gov"],
    ["cn-north-1", "aws-cn"],
    ["cn-northwest-1", "aws-cn"],
  ])("%s -> %s", (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });
});

describe("building", () => {
  it.each([
    [regionalArn("cloudtrail", "us-east-1", A, "trail/t"), `arn:aws:cloudtrail:us-east-1:${A}:trail/t`],
    [regionalArn("events", "us-gov-west-1", A, "rule/r"), `arn:aws-us-gov:events:us-gov-west-1:${A}:rule/r`],
    [regionalArn("cloudwatch", "cn-north-1", A, "alarm:a"), `arn:aws-cn:cloudwatch:cn-north-1:${A}:alarm:a`],
    [logGroupArn("eu-west-1", A, "/org/trail"), `arn:aws:logs:eu-west-1:${A}:log-group:/org/trail:*`],
    [logGroupArn("cn-north-1", A, "g"), `arn:aws-cn:logs:cn-north-1:${A}:log-group:g:*`],
    [roleArn("aws", A, "wirewatch-audit"), `arn:aws:iam::${A}:role/wirewatch-audit`],
    [roleArn("aws-us-gov", A, "ops/wirewatch-audit"), `arn:aws-us-gov:iam::${A}:role/ops/wirewatch-audit`],
    [roleArn("aws-cn", A, "/ops/x/wirewatch"), `arn:aws-cn:iam::${A}:role/ops/x/wirewatch`],
  ])("%s", (built, expected) => {
    expect(built).toBe(expected);
  });
});

describe("parseRoleArn", () => {
  it.each([
    [`arn:aws:iam::${A}:role/wirewatch-audit`, { account: A, path: "/", name: "wirewatch-audit" }],
    [
      `arn:aws-us-gov:iam::${A}:role/ops/audit/wirewatch`,
      { account: A, path: "/ops/audit/", name: "wirewatch" },
    ],
    [`arn:aws:iam::${A}:user/alice`, undefined],
    [`arn:aws:sts::${A}:assumed-role/Admin/alice`, undefined],
    [`arn:aws:iam::${A}:role/`, undefined],
  ])("%s", (arn, parsed) => {
    expect(parseRoleArn(arn)).toEqual(parsed);
  });
});

describe("parseLogGroupArn", () => {
  it.each([
    [
      `arn:aws:logs:us-east-1:${A}:log-group:aws-cloudtrail-logs:*`,
      { region: "us-east-1", account: A, name: "aws-cloudtrail-logs" },
    ],
    [
      `arn:aws:logs:eu-west-1:${A}:log-group:/org/trail`,
      { region: "eu-west-1", account: A, name: "/org/trail" },
    ],
    [
      `arn:aws-us-gov:logs:us-gov-west-1:${A}:log-group:g:*`,
      { region: "us-gov-west-1", account: A, name: "g" },
    ],
    [`arn:aws:logs:eu-west-1:${A}:destination:central`, undefined],
    [`arn:aws:logs:eu-west-1:${A}:log-group::*`, undefined],
    ["not-an-arn", undefined],
  ])("%s", (arn, parsed) => {
    expect(parseLogGroupArn(arn)).toEqual(parsed);
  });
});

describe("fillArnTemplate", () => {
  it.each([
    [
      "arn:aws:logs:{region}:999999999999:destination:{account}-{region}",
      "arn:aws:logs:eu-west-1:999999999999:destination:111111111111-eu-west-1",
    ],
    [
      "arn:aws-us-gov:events:{region}:{account}:event-bus/central-{region}",
      "arn:aws-us-gov:events:eu-west-1:111111111111:event-bus/central-eu-west-1",
    ],
    ["arn:aws:kms:us-east-1:999999999999:key/abc", "arn:aws:kms:us-east-1:999999999999:key/abc"],
  ])("%s", (template, filled) => {
    expect(fillArnTemplate(template, { account: A, region: "eu-west-1" })).toBe(filled);
  });
});

describe("fillArnTemplate {partition}", () => {
  it.each([
    ["us-east-1", "arn:aws:events:us-east-1:111111111111:event-bus/central"],
    ["us-gov-east-1", "arn:aws-us-gov:events:us-gov-east-1:111111111111:event-bus/central"],
    ["cn-northwest-1", "arn:aws-cn:events:cn-northwest-1:111111111111:event-bus/central"],
  ])("in %s", (region, filled) => {
    const template = "arn:{partition}:events:{region}:{account}:event-bus/central";
    expect(fillArnTemplate(template, { account: A, region })).toBe(filled);
  });
});

describe("globalEventsRegion", () => {
  it.each([
    ["aws", "us-east-1"],
    ["aws-us-gov", "us-gov-west-1"],
    ["aws-cn", "cn-north-1"],
  ])("%s -> %s", (partition, region) => {
    expect(globalEventsRegion(partition)).toBe(region);
    expect(isGlobalEventsRegion(region)).toBe(true);
  });

  it.each(["us-west-2", "us-gov-east-1", "cn-northwest-1", "eu-west-1"])("%s is not one", (region) => {
    expect(isGlobalEventsRegion(region)).toBe(false);
  });

  it("knows the three partitions and nothing else", () => {
    expect(["aws", "aws-us-gov", "aws-cn", "aws-iso", "AWS"].filter(isPartition)).toEqual([
      "aws",
      "aws-us-gov",
      "aws-cn",
    ]);
  });
});
