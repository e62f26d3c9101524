import { describe, expect, it } from "vitest";
import type { EventRule, Read, RuleTarget } from "../inventory/model.ts";
import { inv } from "../../test/support/inventory-builder.ts";
import type { ForwardingVerdict } from "./forwarding.ts";
import {
  analyzeForwarding,
  eventBusOf,
  loggingTrailIn,
  readSamples,
  stateReceives,
  writeSamples,
} from "./forwarding.ts";

const ACCOUNT = "222222222222";
const DEST = "arn:aws:events:eu-west-1:999999999999:event-bus/central";
const API_CALL = "AWS API Call via CloudTrail";
const P = {
  all: { "detail-type": [API_CALL] },
  prefix: { source: [{ prefix: "aws." }], "detail-type": [API_CALL] },
  or: {
    "detail-type": [API_CALL],
    $or: [
      { source: ["aws.cloudtrail", "aws.events"] },
      { detail: { eventSource: [{ suffix: ".amazonaws.com" }] } },
    ],
  },
  ec2: { source: ["aws.ec2"], "detail-type": [API_CALL] },
  notEc2: { source: [{ "anything-but": ["aws.ec2"] }], "detail-type": [API_CALL] },
  noTampering: {
    "detail-type": [API_CALL],
    detail: { eventName: [{ "anything-but": ["StopLogging", "DeleteTrail"] }] },
  },
  regional: {
    source: [
      "aws.cloudtrail",
      "aws.kms",
      "aws.s3",
      "aws.config",
      "aws.ec2",
      "aws.events",
      "aws.logs",
      "aws.cloudwatch",
    ],
  },
  writesOnly: { "detail-type": [API_CALL], detail: { readOnly: [false] } },
  guardDuty: { source: ["aws.guardduty"] },
};

const target = (arn: string, id = "t1"): RuleTarget => ({ id, arn, inputTransformed: false });
const LAMBDA = "arn:aws:lambda:eu-west-1:222222222222:function:responder";

function rule(
  name: string,
  pattern: unknown,
  opts: { state?: string; targets?: RuleTarget[] | Read<RuleTarget[]> | null } = {},
): EventRule {
  const targets = opts.targets === undefined ? [target(DEST)] : opts.targets;
  return {
    name,
    arn: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/${name}`,
    state: opts.state ?? "ENABLED",
    ...(pattern === undefined
      ? {}
      : { eventPattern: typeof pattern === "string" ? pattern : JSON.stringify(pattern) }),
    ...(targets === null ? {} : { targets: Array.isArray(targets) ? { ok: true, value: targets } : targets }),
  };
}

interface Row {
  name: string;
  rules: EventRule[];
  region?: string;
  reads?: boolean;
  destination?: string | null;
  /** The verdict: kind, then gap or cause. */
  verdict: string;
  /** Rules named by the verdict. */
  rules_?: string[];
  missed?: string[] | number;
  /** Samples that must be among the missed ones. */
  missedIncludes?: string[];
}

const rows: Row[] = [
  { name: "one rule matching every API call", rules: [rule("fwd", P.all)], verdict: "forwarded", missed: [] },
  { name: "prefix on source", rules: [rule("fwd", P.prefix)], verdict: "forwarded", missed: [] },
  { name: "$or of two alternatives", rules: [rule("fwd", P.or)], verdict: "forwarded", missed: [] },
  {
    name: "two rules that together match everything (union)",
    rules: [rule("ec2", P.ec2), rule("rest", P.notEc2)],
    verdict: "forwarded",
    rules_: ["ec2", "rest"],
    missed: [],
  },
  {
    name: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS also receives writes",
    rules: [rule("fwd", P.all, { state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" })],
    verdict: "forwarded",
    missed: [],
  },
  { name: "no rule at all", rules: [], verdict: "gap noRule", missed: 64 },
  {
    name: "only a schedule rule",
    rules: [rule("cron", undefined, { targets: null })],
    verdict: "gap noRule",
  },
  {
    name: "only rules matching other events",
    rules: [rule("gd", P.guardDuty, { targets: null })],
    verdict: "gap noRule",
  },
  {
    name: "rule disabled",
    rules: [rule("fwd", P.all, { state: "DISABLED" })],
    verdict: "gap stateExcludes",
    rules_: ["fwd"],
    missed: 64,
  },
  {
    name: "rule narrowed to one event source",
    rules: [rule("fwd", P.ec2)],
    verdict: "gap partialMatch",
    rules_: ["fwd"],
    missed: 64 - 36,
    missedIncludes: ["cloudtrail:StopLogging", "kms:ScheduleKeyDeletion", "events:DisableRule"],
  },
  {
    name: "anything-but on detail.eventName excludes tampering calls",
    rules: [rule("fwd", P.noTampering)],
    verdict: "gap partialMatch",
    missed: ["cloudtrail:DeleteTrail", "cloudtrail:StopLogging"],
  },
  {
    name: "regional sources only: complete outside us-east-1",
    rules: [rule("fwd", P.regional)],
    verdict: "forwarded",
    missed: [],
  },
  {
    name: "regional sources only: IAM and Organizations missed in us-east-1",
    region: "us-east-1",
    rules: [rule("fwd", P.regional)],
    verdict: "gap partialMatch",
    missed: 16 + 18,
    missedIncludes: ["iam:PutUserPolicy", "organizations:LeaveOrganization"],
  },
  {
    name: "target points to another bus",
    rules: [
      rule("fwd", P.all, { targets: [target("arn:aws:events:eu-west-1:888888888888:event-bus/other")] }),
    ],
    verdict: "gap wrongTarget",
    rules_: ["fwd"],
  },
  {
    name: "target removed",
    rules: [rule("fwd", P.all, { targets: [] })],
    verdict: "gap wrongTarget",
    rules_: ["fwd"],
  },
  {
    name: "a rule feeding a Lambda function is another consumer, not a broken forwarding",
    rules: [rule("responder", P.all, { targets: [target(LAMBDA)] })],
    verdict: "gap noRule",
  },
  {
    name: "the baseline rule name feeding a Lambda function is a broken forwarding",
    rules: [rule("wirewatch-forward-cloudtrail", P.all, { targets: [target(LAMBDA)] })],
    verdict: "gap wrongTarget",
    rules_: ["wirewatch-forward-cloudtrail"],
  },
  {
    name: "narrowed forwarding beside another consumer: partial, the consumer is not blamed",
    rules: [rule("fwd", P.ec2), rule("responder", P.all, { targets: [target(LAMBDA)] })],
    verdict: "gap partialMatch",
    rules_: ["fwd"],
  },
  {
    name: "a disabled full rule beside a narrowed enabled one",
    rules: [rule("fwd", P.ec2), rule("old", P.all, { state: "DISABLED" })],
    verdict: "gap stateExcludes",
    rules_: ["old"],
  },
  {
    name: "targets could not be read",
    rules: [
      rule("fwd", P.all, {
        targets: {
          ok: false,
          error: {
            service: "events",
            operation: "ListTargetsByRule",
            code: "ThrottlingException",
            message: "x",
          },
        },
      }),
    ],
    verdict: "unknown targetsUnreadable",
    rules_: ["fwd"],
  },
  {
    name: "targets not collected for a matching rule",
    rules: [rule("fwd", P.all, { targets: null })],
    verdict: "unknown targetsUnreadable",
    rules_: ["fwd"],
  },
  {
    name: "unreadable targets do not matter when other rules carry everything it receives",
    rules: [
      rule("fwd", P.all),
      rule("ec2", P.ec2, {
        targets: {
          ok: false,
          error: { service: "events", operation: "ListTargetsByRule", code: "X", message: "x" },
        },
      }),
    ],
    verdict: "forwarded",
    rules_: ["fwd"],
  },
  {
    name: "unparsable pattern while samples are missed",
    rules: [rule("fwd", P.ec2), rule("odd", '{"source": [', { targets: null })],
    verdict: "unknown patternUnparsable",
    rules_: ["odd"],
  },
  {
    name: "unparsable pattern when everything is carried anyway",
    rules: [rule("fwd", P.all), rule("odd", '{"source": [', { targets: null })],
    verdict: "forwarded",
  },
  {
    name: "unparsable pattern of a rule known not to target the destination",
    rules: [rule("odd", '{"source": [', { targets: [target(LAMBDA)] })],
    verdict: "gap noRule",
  },
  {
    name: "unparsable pattern of a disabled rule",
    rules: [rule("odd", '{"source": [', { state: "DISABLED", targets: null })],
    verdict: "gap noRule",
  },
  {
    name: "no destination configured: any target forwards",
    destination: null,
    rules: [rule("fwd", P.all, { targets: [target(LAMBDA)] })],
    verdict: "forwarded",
  },
  {
    name: "no destination configured: a rule without targets forwards nothing",
    destination: null,
    rules: [rule("fwd", P.all, { targets: [] })],
    verdict: "gap wrongTarget",
  },
  {
    name: "reads: ENABLED never receives read-only events",
    reads: true,
    rules: [rule("fwd", P.all)],
    verdict: "gap stateExcludes",
    rules_: ["fwd"],
    missed: 4,
  },
  {
    name: "reads: ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS receives them",
    reads: true,
    rules: [rule("fwd", P.all, { state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" })],
    verdict: "forwarded",
    missed: [],
  },
  {
    name: "reads: a pattern restricted to writes matches none",
    reads: true,
    rules: [rule("fwd", P.writesOnly, { state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" })],
    verdict: "gap noRule",
    missed: 4,
  },
  {
    name: "reads: a pattern narrowed to EC2 misses the rest",
    reads: true,
    rules: [rule("fwd", P.ec2, { state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" })],
    verdict: "gap partialMatch",
    missed: ["cloudtrail:DescribeTrails", "s3:ListBuckets", "secretsmanager:GetSecretValue"],
  },
];

const label = (v: ForwardingVerdict) =>
  v.kind === "forwarded" ? "forwarded" : v.kind === "unknown" ? `unknown ${v.cause}` : `gap ${v.gap}`;
const ruleNames = (v: ForwardingVerdict) =>
  v.kind === "unknown" ? [v.rule.rule.name] : v.rules.map((r) => r.rule.name);

describe("analyzeForwarding", () => {
  it.each(rows.map((r) => [r.name, r] as const))("%s", (_name, row) => {
    const region = row.region ?? "eu-west-1";
    const samples = row.reads ? readSamples(ACCOUNT, region) : writeSamples(ACCOUNT, region);
    const a = analyzeForwarding(row.rules, {
      account: ACCOUNT,
      region,
      samples,
      destination: row.destination === null ? undefined : (row.destination ?? DEST),
      ruleName: "wirewatch-forward-cloudtrail",
    });
    expect(label(a.verdict)).toBe(row.verdict);
    if (row.rules_) expect(ruleNames(a.verdict)).toEqual(row.rules_);
    if (typeof row.missed === "number") expect(a.missed).toHaveLength(row.missed);
    else if (row.missed) expect(a.missed).toEqual(row.missed);
    for (const k of row.missedIncludes ?? []) expect(a.missed).toContain(k);
    expect([...a.covered, ...a.missed].sort()).toEqual([...a.samples].sort());
  });
});

describe("samples", () => {
  it("name samples by service and event name; IAM and Organizations only in us-east-1", () => {
    const keys = (r: string) => writeSamples(ACCOUNT, r).map((s) => s.key);
    expect(keys("eu-west-1")).toContain("cloudtrail:StopLogging");
    expect(keys("eu-west-1").some((k) => k.startsWith("iam:") || k.startsWith("organizations:"))).toBe(false);
    expect(keys("us-east-1")).toContain("iam:AttachRolePolicy");
    expect(keys("us-east-1")).toContain("organizations:LeaveOrganization");
  });

  it.each([
    ["us-gov-west-1", "us-gov-east-1", "aws-us-gov"],
    ["cn-north-1", "cn-northwest-1", "aws-cn"],
  ])("carries IAM and Organizations in %s, not in %s, with callers in %s", (global, other, partition) => {
    const keys = (r: string) => writeSamples(ACCOUNT, r).map((s) => s.key);
    expect(keys(global)).toContain("iam:AttachRolePolicy");
    expect(keys(global)).toContain("organizations:LeaveOrganization");
    expect(keys(other).some((k) => k.startsWith("iam:") || k.startsWith("organizations:"))).toBe(false);
    const detail = writeSamples(ACCOUNT, other)[0]!.event.detail as { userIdentity: { arn: string } };
    expect(detail.userIdentity.arn).toBe(`arn:${partition}:sts::${ACCOUNT}:assumed-role/Admin/alice`);
  });

  it("builds events in the scanned account and region", () => {
    const [s] = writeSamples(ACCOUNT, "ap-southeast-2");
    expect(s!.event).toMatchObject({ account: ACCOUNT, region: "ap-southeast-2", "detail-type": API_CALL });
    expect(readSamples(ACCOUNT, "eu-west-1").every((r) => r.call.readOnly === true)).toBe(true);
  });
});

describe("stateReceives", () => {
  const write = { eventSource: "ec2.amazonaws.com", eventName: "CreateVpc" };
  const read = { eventSource: "ec2.amazonaws.com", eventName: "DescribeInstances", readOnly: true };
  it.each([
    ["ENABLED", write, true],
    ["ENABLED", read, false],
    ["ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS", write, true],
    ["ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS", read, true],
    ["DISABLED", write, false],
    ["DISABLED", read, false],
  ] as const)("%s, %o -> %s", (state, call, expected) => {
    expect(stateReceives(state, call)).toBe(expected);
  });
});

describe("ARNs", () => {
  it.each([
    [DEST, { region: "eu-west-1", account: "999999999999", name: "central" }],
    [
      "arn:aws-us-gov:events:us-gov-west-1:999999999999:event-bus/default",
      {
        region: "us-gov-west-1",
        account: "999999999999",
        name: "default",
      },
    ],
    ["arn:aws:events:eu-west-1:999999999999:rule/central", undefined],
    ["arn:aws:sqs:eu-west-1:999999999999:events", undefined],
    ["not an arn", undefined],
  ] as const)("eventBusOf(%s)", (arn, expected) => {
    expect(eventBusOf(arn)).toEqual(expected);
  });
});

describe("loggingTrailIn", () => {
  it("finds the logging trail, organization trails included", () => {
    const input = inv(ACCOUNT)
      .regions("eu-west-1")
      .trail({ name: "org", ownerAccountId: "111111111111", isOrganizationTrail: true })
      .build();
    const t = loggingTrailIn(input, "eu-west-1");
    expect(t.state === "logging" && t.trail.summary.name).toBe("org");
  });

  it("says none when every trail is stopped, or there is none", () => {
    const stopped = inv(ACCOUNT)
      .regions("eu-west-1")
      .trail({ name: "t" }, { status: { isLogging: false } })
      .build();
    expect(loggingTrailIn(stopped, "eu-west-1").state).toBe("none");
    expect(loggingTrailIn(inv(ACCOUNT).regions("eu-west-1").build(), "eu-west-1").state).toBe("none");
  });

  it("is unknown when the trails or a status could not be read", () => {
    const unlisted = inv(ACCOUNT)
      .regions("eu-west-1")
      .regionError("eu-west-1", "AccessDeniedException")
      .build();
    const u = loggingTrailIn(unlisted, "eu-west-1");
    expect(u.state === "unknown" && u.error.code).toBe("AccessDeniedException");
    const noStatus = inv(ACCOUNT)
      .regions("eu-west-1")
      .trail({ name: "t" }, { statusError: "TrailNotFoundException" })
      .build();
    const s = loggingTrailIn(noStatus, "eu-west-1");
    expect(s.state === "unknown" && s.trail?.summary.name).toBe("t");
  });
});
