import { describe, expect, it } from "vitest";
import {
  EventPatternError,
  InvalidEventError,
  matchesEventPattern,
  parseEventPattern,
  testEventPattern,
} from "./event-pattern.ts";

type Row = readonly [name: string, pattern: unknown, event: unknown, expected: boolean];

function run(pattern: unknown, event: unknown): boolean {
  return matchesEventPattern(parseEventPattern(JSON.stringify(pattern)), event);
}

// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
const EC2_EVENT = {
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "111122223333",
  time: "2017-12-22T18:43:48Z",
  region: "us-west-1",
  resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  detail: { "instance-id": "i-1234567890abcdef0", state: "terminated" },
};
const AUTOSCALING_EVENT = {
  version: "0",
  id: "3e3c153a-8339-4e30-8c35-687ebef853fe",
  "detail-type": "EC2 Instance Launch Successful",
  source: "aws.autoscaling",
  account: "123456789012",
  time: "2015-11-11T21:31:47Z",
  region: "us-east-1",
  resources: [],
  detail: { eventVersion: "", responseElements: null },
};
const MACIE_EVENT = {
  version: "0",
  id: "3e355723-fca9-4de3-9fd7-154c289d6b59",
  "detail-type": "Macie Alert",
  source: "aws.macie",
  account: "123456789012",
  time: "2017-04-24T22:28:49Z",
  region: "us-east-1",
  resources: [
    "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_id",
    "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id",
  ],
  detail: {
    "notification-type": "ALERT_CREATED",
    name: "Scanning bucket policies",
    tags: ["Custom_Alert", "Insider"],
    "risk-score": 80,
    trigger: { "alert-type": "basic", risk: 8 },
  },
};
const EC2_TERMINATION = {
  source: ["aws.ec2"],
  "detail-type": ["EC2 Instance State-change Notification"],
  detail: { state: ["terminated"] },
};

// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
const basics: Row[] = [
  ["documented EC2 termination pattern", EC2_TERMINATION, EC2_EVENT, true],
  [
    "EC2 termination pattern, other state",
    EC2_TERMINATION,
    { ...EC2_EVENT, detail: { state: "running" } },
    false,
  ],
  ["array of alternatives: aws.ec2", { source: ["aws.ec2", "aws.fargate"] }, EC2_EVENT, true],
  [
    "array of alternatives: aws.fargate",
    { source: ["aws.ec2", "aws.fargate"] },
    { source: "aws.fargate" },
    true,
  ],
  ["array of alternatives: neither", { source: ["aws.ec2", "aws.fargate"] }, { source: "aws.s3" }, false],
  ["no case folding", { source: ["AWS.EC2"] }, EC2_EVENT, false],
  ["event must contain every pattern field", { detail: { "instance-type": ["t3.micro"] } }, EC2_EVENT, false],
  ["same nesting required", { state: ["terminated"] }, EC2_EVENT, false],
  [
    "documented null match on responseElements",
    {
      source: ["aws.autoscaling"],
      "detail-type": ["EC2 Instance Launch Successful"],
      detail: { responseElements: [null] },
    },
    AUTOSCALING_EVENT,
    true,
  ],
  ["empty string matches empty string", { detail: { eventVersion: [""] } }, AUTOSCALING_EVENT, true],
  ["null does not match an empty string", { detail: { eventVersion: [null] } }, AUTOSCALING_EVENT, false],
  ["empty string does not match null", { detail: { responseElements: [""] } }, AUTOSCALING_EVENT, false],
  [
    "documented Macie risk-score / trigger.risk numbers",
    {
      source: ["aws.macie"],
      "detail-type": ["Macie Alert"],
      detail: { "risk-score": [80], trigger: { risk: [8] } },
    },
    MACIE_EVENT,
    true,
  ],
  ["number does not match its string form", { detail: { "risk-score": ["80"] } }, MACIE_EVENT, false],
  ["event array field: any element", { detail: { tags: ["Insider"] } }, MACIE_EVENT, true],
  [
    "documented resources array intersection",
    {
      resources: [
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
      ],
    },
    {
      resources: [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
      ],
    },
    true,
  ],
  [
    "empty intersection",
    { resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-other"] },
    EC2_EVENT,
    false,
  ],
];

// Sample event from the event-ruler README (https://github.com/aws/event-ruler, "Ruler by Example"), used by the
// content-filtering examples below.
const RULER_EVENT = {
  version: "0",
  id: "ddddd4-aaaa-7777-4444-345dd43cc333",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "012345679012",
  time: "2017-10-02T16:24:49Z",
  region: "us-east-1",
  resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
  detail: {
    "c-count": 5,
    "d-count": 3,
    "x-limit": 301.8,
    "source-ip": "10.0.0.33",
    "instance-id": "i-000000aaaaaa00000",
    state: "running",
  },
};
const withDetail = (detail: Record<string, unknown>): unknown => ({ ...RULER_EVENT, detail });
const NUMERIC_EXAMPLE = {
  detail: {
    "c-count": [{ numeric: [">", 0, "<=", 5] }],
    "d-count": [{ numeric: ["<", 10] }],
    "x-limit": [{ numeric: ["=", 3.018e2] }],
  },
};

// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
const contentFiltering: Row[] = [
  ["prefix on time", { time: [{ prefix: "2017-10-02" }] }, RULER_EVENT, true],
  ["prefix on time, other day", { time: [{ prefix: "2017-10-02" }] }, EC2_EVENT, false],
  ["prefix is case sensitive", { region: [{ prefix: "US-" }] }, RULER_EVENT, false],
  ["prefix needs a string", { detail: { "c-count": [{ prefix: "5" }] } }, RULER_EVENT, false],
  [
    "prefix equals-ignore-case: EVENTBRIDGE",
    { detail: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } },
    { detail: { service: "EVENTBRIDGE" } },
    true,
  ],
  [
    "prefix equals-ignore-case: eventbus",
    { detail: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } },
    { detail: { service: "eventbus" } },
    true,
  ],
  [
    "prefix equals-ignore-case: no prefix",
    { detail: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } },
    { detail: { service: "MyEventBus" } },
    false,
  ],
  ["suffix .png", { FileName: [{ suffix: ".png" }] }, { FileName: "image.png" }, true],
  ["suffix is case sensitive", { FileName: [{ suffix: ".png" }] }, { FileName: "image.PNG" }, false],
  [
    "suffix equals-ignore-case",
    { detail: { FileName: [{ suffix: { "equals-ignore-case": ".png" } }] } },
    { detail: { FileName: "image.PNG" } },
    true,
  ],
  ["equals-ignore-case", { Name: [{ "equals-ignore-case": "alice" }] }, { Name: "Alice" }, true],
  [
    "equals-ignore-case is not contains",
    { Name: [{ "equals-ignore-case": "alice" }] },
    { Name: "Alice B" },
    false,
  ],
  ["empty value", { LastName: [""] }, { LastName: "" }, true],
  ["empty value vs non-empty", { LastName: [""] }, { LastName: "Doe" }, false],
  [
    "anything-but string: other value",
    { detail: { state: [{ "anything-but": "initializing" }] } },
    RULER_EVENT,
    true,
  ],
  [
    "anything-but string: excluded value",
    { detail: { state: [{ "anything-but": "initializing" }] } },
    withDetail({ state: "initializing" }),
    false,
  ],
  [
    "anything-but does not match an absent field",
    { detail: { state: [{ "anything-but": "initializing" }] } },
    withDetail({}),
    false,
  ],
  ["anything-but number: other", { detail: { "x-limit": [{ "anything-but": 123 }] } }, RULER_EVENT, true],
  [
    "anything-but number: excluded",
    { detail: { "x-limit": [{ "anything-but": 123 }] } },
    withDetail({ "x-limit": 123 }),
    false,
  ],
  [
    "anything-but string list: excluded",
    { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } },
    withDetail({ state: "stopped" }),
    false,
  ],
  [
    "anything-but string list: other",
    { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } },
    RULER_EVENT,
    true,
  ],
  [
    "anything-but number list: excluded",
    { detail: { "x-limit": [{ "anything-but": [100, 200, 300] }] } },
    withDetail({ "x-limit": 200 }),
    false,
  ],
  [
    "anything-but number list: other",
    { detail: { "x-limit": [{ "anything-but": [100, 200, 300] }] } },
    RULER_EVENT,
    true,
  ],
  [
    "anything-but prefix: excluded",
    { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
    withDetail({ state: "initializing" }),
    false,
  ],
  [
    "anything-but prefix: other",
    { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
    RULER_EVENT,
    true,
  ],
  [
    "anything-but prefix: Region not in the US",
    { Region: [{ "anything-but": { prefix: "us-" } }] },
    { Region: "eu-west-1" },
    true,
  ],
  [
    "anything-but prefix: Region in the US",
    { Region: [{ "anything-but": { prefix: "us-" } }] },
    { Region: "us-east-1" },
    false,
  ],
  [
    "anything-but suffix: excluded",
    { FileName: [{ "anything-but": { suffix: ".png" } }] },
    { FileName: "a.png" },
    false,
  ],
  [
    "anything-but suffix: other",
    { FileName: [{ "anything-but": { suffix: ".png" } }] },
    { FileName: "a.jpg" },
    true,
  ],
  [
    "anything-but equals-ignore-case: other casing is excluded",
    { state: [{ "anything-but": { "equals-ignore-case": "initializing" } }] },
    { state: "INITIALIZING" },
    false,
  ],
  [
    "anything-but equals-ignore-case: other value",
    { state: [{ "anything-but": { "equals-ignore-case": "initializing" } }] },
    { state: "running" },
    true,
  ],
  [
    "anything-but equals-ignore-case list",
    { state: [{ "anything-but": { "equals-ignore-case": ["stopped", "overloaded"] } }] },
    { state: "Overloaded" },
    false,
  ],
  [
    "anything-but wildcard: path with /lib/",
    { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] },
    { FilePath: "/usr/lib/libc.so" },
    false,
  ],
  [
    "anything-but wildcard: other path",
    { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] },
    { FilePath: "/usr/bin/env" },
    true,
  ],
  ["documented numeric ranges", NUMERIC_EXAMPLE, RULER_EVENT, true],
  ["numeric: > 0 excludes 0", NUMERIC_EXAMPLE, withDetail({ ...RULER_EVENT.detail, "c-count": 0 }), false],
  [
    "numeric: <= 5 includes 5, < 10 excludes 10",
    NUMERIC_EXAMPLE,
    withDetail({ ...RULER_EVENT.detail, "d-count": 10 }),
    false,
  ],
  [
    "numeric only works on JSON numbers",
    NUMERIC_EXAMPLE,
    withDetail({ ...RULER_EVENT.detail, "c-count": "5" }),
    false,
  ],
  ["numeric >= lower bound", { n: [{ numeric: [">=", 5] }] }, { n: 5 }, true],
  ["numeric < upper bound", { n: [{ numeric: [">", 0, "<", 5] }] }, { n: 5 }, false],
  ["cidr: inside 10.0.0.0/24", { detail: { "source-ip": [{ cidr: "10.0.0.0/24" }] } }, RULER_EVENT, true],
  [
    "cidr: last address of the block",
    { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/24" }] } },
    { detail: { sourceIPAddress: "10.0.0.255" } },
    true,
  ],
  [
    "cidr: outside the block",
    { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/24" }] } },
    { detail: { sourceIPAddress: "10.0.1.1" } },
    false,
  ],
  [
    "cidr: IPv6 (documented to work for IPv6)",
    { detail: { sourceIPAddress: [{ cidr: "2001:db8::/32" }] } },
    { detail: { sourceIPAddress: "2001:db8:1::1" } },
    true,
  ],
  [
    "cidr: IPv6 outside",
    { detail: { sourceIPAddress: [{ cidr: "2001:db8::/32" }] } },
    { detail: { sourceIPAddress: "2001:db9::1" } },
    false,
  ],
  [
    "cidr: not an IP address",
    { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/8" }] } },
    { detail: { sourceIPAddress: "ec2.amazonaws.com" } },
    false,
  ],
  [
    "exists true: documented EC2 event with detail.state",
    { detail: { state: [{ exists: true }] } },
    {
      ...EC2_EVENT,
      id: "7bf73129-1428-4cd3-a780-95db273d1602",
      detail: { "instance-id": "i-abcd1111", state: "pending" },
    },
    true,
  ],
  [
    "exists true: documented event without detail.state",
    { detail: { state: [{ exists: true }] } },
    {
      "detail-type": ["EC2 Instance State-change Notification"],
      resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],
      detail: { "c-count": { c1: 100 } },
    },
    false,
  ],
  [
    "exists false: documented event without c-count",
    { detail: { "c-count": [{ exists: false }] } },
    {
      "detail-type": ["EC2 Instance State-change Notification"],
      resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],
      detail: { state: ["initializing", "running"] },
    },
    true,
  ],
  [
    "exists false: documented event where c-count is not a leaf",
    { detail: { "c-count": [{ exists: false }] } },
    { detail: { state: ["initializing", "running"], "c-count": { c1: 100 } } },
    true,
  ],
  ["exists false: present leaf", { detail: { "c-count": [{ exists: false }] } }, RULER_EVENT, false],
  [
    "documented complex example",
    {
      time: [{ prefix: "2017-10-02" }],
      detail: {
        state: [{ "anything-but": "initializing" }],
        "c-count": [{ numeric: [">", 0, "<=", 5] }],
        "d-count": [{ numeric: ["<", 10] }],
        "x-limit": [{ "anything-but": [100, 200, 300] }],
      },
    },
    RULER_EVENT,
    true,
  ],
];

// https://github.com/aws/event-ruler/blob/main/README.md (wildcard, $or and array matching, which the user guide
// describes more briefly)
const OR_NORMAL = {
  source: ["aws.cloudwatch"],
  $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }],
};
const OR_WITH_AND = {
  source: ["aws.cloudwatch"],
  $or: [
    { metricName: ["CPUUtilization", "ReadLatency"] },
    { metricType: ["MetricType"], namespace: ["AWS/EC2", "AWS/ES"] },
    { scope: ["Service"] },
  ],
};
const OR_PARALLEL = {
  $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }],
  detail: { $or: [{ source: ["aws.cloudwatch"] }, { "detail-type": ["CloudWatch Alarm State Change"] }] },
};
const EMPLOYEES = {
  employees: [
    { firstName: "John", lastName: "Doe" },
    { firstName: "Anna", lastName: "Smith" },
    { firstName: "Peter", lastName: "Jones" },
  ],
};
const ruler: Row[] = [
  ["suffix on source", { source: [{ suffix: "ec2" }] }, RULER_EVENT, true],
  [
    "wildcard: characters in the middle",
    { source: [{ wildcard: "Simple*Service" }] },
    { source: "SimpleQueueService" },
    true,
  ],
  [
    "wildcard: zero characters",
    { source: [{ wildcard: "Simple*Service" }] },
    { source: "SimpleService" },
    true,
  ],
  [
    "wildcard: case sensitive",
    { source: [{ wildcard: "Simple*Service" }] },
    { source: "simpleQueueService" },
    false,
  ],
  ["wildcard: escaped asterisk is literal", { f: [{ wildcard: "a\\*b" }] }, { f: "a*b" }, true],
  ["wildcard: escaped asterisk is not a wildcard", { f: [{ wildcard: "a\\*b" }] }, { f: "axb" }, false],
  ["$or: first alternative", OR_NORMAL, { source: "aws.cloudwatch", metricName: "CPUUtilization" }, true],
  ["$or: second alternative", OR_NORMAL, { source: "aws.cloudwatch", namespace: "AWS/EC2" }, true],
  [
    "$or: no alternative",
    OR_NORMAL,
    { source: "aws.cloudwatch", metricName: "Other", namespace: "Other" },
    false,
  ],
  [
    "$or: fields outside $or still required",
    OR_NORMAL,
    { source: "aws.ec2", metricName: "CPUUtilization" },
    false,
  ],
  [
    "$or with an AND inside: both fields",
    OR_WITH_AND,
    { source: "aws.cloudwatch", metricType: "MetricType", namespace: "AWS/ES" },
    true,
  ],
  [
    "$or with an AND inside: one field",
    OR_WITH_AND,
    { source: "aws.cloudwatch", metricType: "MetricType" },
    false,
  ],
  [
    "$or with an AND inside: third alternative",
    OR_WITH_AND,
    { source: "aws.cloudwatch", scope: "Service" },
    true,
  ],
  [
    "parallel $or: both groups satisfied",
    OR_PARALLEL,
    { namespace: "AWS/EC2", detail: { "detail-type": "CloudWatch Alarm State Change" } },
    true,
  ],
  [
    "parallel $or: second group unsatisfied",
    OR_PARALLEL,
    { namespace: "AWS/EC2", detail: { source: "aws.ec2" } },
    false,
  ],
  ["array of objects: field in one element", { employees: { firstName: ["Anna"] } }, EMPLOYEES, true],
  [
    "array of objects: fields from different elements never combine",
    { employees: { firstName: ["Anna"], lastName: ["Jones"] } },
    EMPLOYEES,
    false,
  ],
  [
    "array of objects: fields from the same element",
    { employees: { firstName: ["Anna"], lastName: ["Smith"] } },
    EMPLOYEES,
    true,
  ],
  [
    "multi-level arrays are crushed",
    { employees: { firstName: ["Anna"] } },
    { employees: [[EMPLOYEES.employees[0], EMPLOYEES.employees[1]], [EMPLOYEES.employees[2]]] },
    true,
  ],
];

// A wirewatch-style rule: CloudTrail tampering events via EventBridge (event shape from CloudTrail's documented
// "AWS API Call via CloudTrail" envelope).
const CLOUDTRAIL_RULE = {
  source: ["aws.cloudtrail"],
  "detail-type": ["AWS API Call via CloudTrail"],
  detail: {
    eventSource: ["cloudtrail.amazonaws.com"],
    eventName: ["StopLogging", "DeleteTrail", "UpdateTrail"],
  },
};
const cloudTrailEvent = (eventName: string, source = "aws.cloudtrail"): unknown => ({
  version: "0",
  id: "36eb8523-97d0-4518-b33d-ee3579ff19f0",
  "detail-type": "AWS API Call via CloudTrail",
  source,
  account: "111122223333",
  time: "2024-01-01T00:00:00Z",
  region: "us-east-1",
  resources: [],
  detail: { eventSource: "cloudtrail.amazonaws.com", eventName, readOnly: false },
});
const wirewatch: Row[] = [
  ["StopLogging matches", CLOUDTRAIL_RULE, cloudTrailEvent("StopLogging"), true],
  ["DescribeTrails does not", CLOUDTRAIL_RULE, cloudTrailEvent("DescribeTrails"), false],
  ["wrong source does not", CLOUDTRAIL_RULE, cloudTrailEvent("StopLogging", "aws.s3"), false],
];

describe("matchesEventPattern", () => {
  it.each(basics)("event patterns: %s", (_name, pattern, event, expected) => {
    expect(run(pattern, event)).toBe(expected);
  });
  it.each(contentFiltering)("content filtering: %s", (_name, pattern, event, expected) => {
    expect(run(pattern, event)).toBe(expected);
  });
  it.each(ruler)("event-ruler semantics: %s", (_name, pattern, event, expected) => {
    expect(run(pattern, event)).toBe(expected);
  });
  it.each(wirewatch)("CloudTrail rule: %s", (_name, pattern, event, expected) => {
    expect(run(pattern, event)).toBe(expected);
  });

  // The user guide: "if you include a key more than once the last reference will be the one used".
  it.each([
    ["eu-west-1", true],
    ["us-east", false],
    ["us-west-2", true],
  ] as const)("duplicate keys: the last one wins (%s)", (location, expected) => {
    const text = `{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}`;
    expect(matchesEventPattern(parseEventPattern(text), { detail: { location } })).toBe(expected);
  });
});

// Rejections follow event-ruler's JsonRuleCompiler checks plus the documented $or limits.
const invalid: readonly (readonly [pattern: string, path: string, message: RegExp])[] = [
  ["not json", "$", /not valid JSON/],
  ["[]", "$", /must be a JSON object/],
  ["{}", "$", /empty objects/],
  ['{"source": "aws.ec2"}', "$.source", /must be given in an array/],
  ['{"detail": {"c-count": 5}}', "$.detail.c-count", /must be given in an array/],
  ['{"source": []}', "$.source", /empty arrays/],
  ['{"source": [["aws.ec2"]]}', "$.source[0]", /nested arrays/],
  ['{"source": [{"prefx": "aws."}]}', "$.source[0].prefx", /unknown operator "prefx"/],
  ['{"source": [{"prefix": "a", "suffix": "b"}]}', "$.source[0]", /exactly one operator/],
  ['{"source": [{}]}', "$.source[0]", /exactly one operator/],
  ['{"source": [{"prefix": 1}]}', "$.source[0].prefix", /takes a string/],
  ['{"source": [{"prefix": {"equals-ignore-case": 1}}]}', "$.source[0].prefix", /equals-ignore-case/],
  ['{"source": [{"equals-ignore-case": ["a"]}]}', "$.source[0].equals-ignore-case", /takes a string/],
  ['{"n": [{"numeric": 5}]}', "$.n[0].numeric", /takes an array/],
  ['{"n": [{"numeric": [">", "0"]}]}', "$.n[0].numeric[1]", /expected a number/],
  ['{"n": [{"numeric": [">", 0, "<="]}]}', "$.n[0].numeric", /2 or 4 elements/],
  ['{"n": [{"numeric": ["~", 0]}]}', "$.n[0].numeric[0]", /unknown numeric operator/],
  ['{"n": [{"numeric": ["<", 5, ">", 0]}]}', "$.n[0].numeric[0]", /must start with ">" or ">="/],
  ['{"n": [{"numeric": [">", 0, ">", 5]}]}', "$.n[0].numeric[2]", /upper bound operator/],
  ['{"n": [{"numeric": [">", 5, "<", 1]}]}', "$.n[0].numeric", /less than upper bound/],
  ['{"n": [{"numeric": ["=", 5, "<", 9]}]}', "$.n[0].numeric[2]", /cannot be combined/],
  ['{"ip": [{"cidr": "10.0.0.0"}]}', "$.ip[0].cidr", /one "\/" required/],
  ['{"ip": [{"cidr": "10.0.0.256/24"}]}', "$.ip[0].cidr", /not an IPv4 or IPv6 address/],
  ['{"ip": [{"cidr": "10.0.0.0/33"}]}', "$.ip[0].cidr", /0 to 32/],
  ['{"ip": [{"cidr": "2001:db8::/129"}]}', "$.ip[0].cidr", /0 to 128/],
  ['{"ip": [{"cidr": "2001:db8:::1/64"}]}', "$.ip[0].cidr", /not an IPv4 or IPv6 address/],
  ['{"ip": [{"cidr": 10}]}', "$.ip[0].cidr", /takes a string/],
  ['{"f": [{"exists": "true"}]}', "$.f[0].exists", /true or false/],
  ['{"f": [{"anything-but": [1, "a"]}]}', "$.f[0].anything-but[1]", /only strings or only numbers/],
  ['{"f": [{"anything-but": []}]}', "$.f[0].anything-but", /must not be empty/],
  ['{"f": [{"anything-but": null}]}', "$.f[0].anything-but", /anything-but takes/],
  ['{"f": [{"anything-but": {"prefix": ""}}]}', "$.f[0].anything-but.prefix", /empty prefix/],
  ['{"f": [{"anything-but": {"numeric": [">", 1]}}]}', "$.f[0].anything-but", /exactly one of prefix/],
  [
    '{"f": [{"anything-but": {"suffix": [".png", 3]}}]}',
    "$.f[0].anything-but.suffix[1]",
    /expected a string/,
  ],
  ['{"f": [{"anything-but": {"wildcard": "a**"}}]}', "$.f[0].anything-but.wildcard", /consecutive wildcard/],
  ['{"f": [{"wildcard": "a**b"}]}', "$.f[0].wildcard", /consecutive wildcard/],
  ['{"f": [{"wildcard": "a\\\\b"}]}', "$.f[0].wildcard", /invalid escape/],
  ['{"$or": [{"a": ["1"]}]}', "$.$or", /at least 2 alternatives/],
  ['{"$or": {"a": ["1"]}}', "$.$or", /must be an array/],
  ['{"$or": [{"a": ["1"]}, "b"]}', "$.$or[1]", /must be objects/],
  ['{"$or": [{"a": ["1"]}, {}]}', "$.$or[1]", /empty objects/],
  [
    '{"$or": [{"prefix": ["1"]}, {"b": ["2"]}]}',
    "$.$or[0].prefix",
    /operator and cannot be used as a field name/,
  ],
  ['{"a": {"weird key": "x"}}', '$.a["weird key"]', /must be given in an array/],
];

describe("parseEventPattern rejects invalid patterns", () => {
  it.each(invalid)("%s", (text, path, message) => {
    let error: unknown;
    try {
      parseEventPattern(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EventPatternError);
    expect((error as EventPatternError).path).toBe(path);
    expect((error as EventPatternError).message).toMatch(message);
    expect((error as EventPatternError).message).toContain(path);
  });

  it("rejects $or that expands to more than 1000 combinations", () => {
    const pattern: Record<string, unknown> = {};
    for (let i = 0; i < 10; i++) pattern[`f${i}`] = { $or: [{ x: ["1"] }, { y: ["2"] }] }; // 2^10 = 1024
    expect(() => parseEventPattern(JSON.stringify(pattern))).toThrow(/1024 combinations/);
    delete pattern["f9"]; // 512
    expect(() => parseEventPattern(JSON.stringify(pattern))).not.toThrow();
  });
});

describe("testEventPattern", () => {
  it("mirrors TestEventPattern for a documented event given as text", () => {
    expect(testEventPattern(JSON.stringify(EC2_TERMINATION), JSON.stringify(EC2_EVENT))).toBe(true);
    expect(testEventPattern('{"source": ["aws.s3"]}', EC2_EVENT)).toBe(false);
  });

  it("requires the envelope fields TestEventPattern requires", () => {
    const { id: _id, account: _account, ...incomplete } = EC2_EVENT;
    expect(() => testEventPattern(JSON.stringify(EC2_TERMINATION), incomplete)).toThrow(InvalidEventError);
    expect(() => testEventPattern(JSON.stringify(EC2_TERMINATION), incomplete)).toThrow(/id, account/);
    expect(() => testEventPattern(JSON.stringify(EC2_TERMINATION), "{not json")).toThrow(InvalidEventError);
  });

  it("reports an invalid pattern before looking at the event", () => {
    expect(() => testEventPattern('{"source": "aws.ec2"}', EC2_EVENT)).toThrow(EventPatternError);
  });
});
