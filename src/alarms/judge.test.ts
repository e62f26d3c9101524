import { describe, expect, it } from "vitest";
import type { FilterVerdict, JudgedControl } from "./judge.ts";
import { NOISY_SHARE, byCloseness, catchesAll, judgeFilter } from "./judge.ts";
import { BACKGROUND, apiCall, readCall } from "./samples.ts";

// A small control with one sample of each kind, so each row of the table shows one rule.
const control: JudgedControl = {
  id: "test-trail-changes",
  positives: [
    { name: "StopLogging", record: apiCall("cloudtrail.amazonaws.com", "StopLogging", "eu-west-1") },
    { name: "DeleteTrail", record: apiCall("cloudtrail.amazonaws.com", "DeleteTrail", "us-east-1") },
  ],
  negatives: [
    { name: "DescribeTrails (read)", record: readCall("cloudtrail.amazonaws.com", "DescribeTrails") },
  ],
  tolerated: [
    { name: "PutEventSelectors", record: apiCall("cloudtrail.amazonaws.com", "PutEventSelectors") },
  ],
};

// Ordinary event names of the background, none of them CloudTrail's (whose read is a negative here).
const backgroundNames = (n: number) =>
  [
    ...new Set(
      BACKGROUND.filter((s) => s.record.eventSource !== "cloudtrail.amazonaws.com").map((s) =>
        String(s.record.eventName),
      ),
    ),
  ].slice(0, n);
const orNames = (names: string[]) => names.map((n) => `($.eventName = ${n})`).join(" || ");
const both = "($.eventName = StopLogging) || ($.eventName = DeleteTrail)";
const noisyAt = Math.ceil(BACKGROUND.length * NOISY_SHARE);

type Expected = Partial<Pick<FilterVerdict, "satisfied" | "missed" | "wronglyMatched" | "noisy">> & {
  toleratedMatched?: string[];
  backgroundMatched?: number;
  errorAt?: number;
};

describe("judgeFilter in a partition", () => {
  const iam: JudgedControl = {
    id: "test-iam-in-partition",
    positives: [{ name: "AttachRolePolicy", record: apiCall("iam.amazonaws.com", "AttachRolePolicy") }],
    negatives: [],
  };
  const inRegion = (region: string) => `{ ($.eventName = AttachRolePolicy) && ($.awsRegion = "${region}") }`;
  const byArn = (partition: string) =>
    `{ ($.eventName = AttachRolePolicy) && ($.userIdentity.arn = "arn:${partition}:sts::*") }`;

  it.each([
    ["aws", "us-east-1"],
    ["aws-us-gov", "us-gov-west-1"],
    ["aws-cn", "cn-north-1"],
  ])("in %s, global service events are recorded in %s, by callers of the partition", (partition, region) => {
    expect(judgeFilter(iam, inRegion(region), { partition }).satisfied).toBe(true);
    expect(judgeFilter(iam, byArn(partition), { partition }).satisfied).toBe(true);
    const elsewhere = partition === "aws" ? "aws-us-gov" : "aws";
    expect(judgeFilter(iam, inRegion(region), { partition: elsewhere }).missed).toEqual(["AttachRolePolicy"]);
    expect(judgeFilter(iam, byArn(partition), { partition: elsewhere }).missed).toEqual(["AttachRolePolicy"]);
  });

  it("moves regional samples into the partition's regions: a filter narrowed to one still misses some", () => {
    const gov = { partition: "aws-us-gov" };
    expect(judgeFilter(control, `{ ${both} }`, gov).satisfied).toBe(true);
    expect(judgeFilter(control, `{ (${both}) && ($.awsRegion = "us-gov-west-1") }`, gov).missed).toEqual([
      "StopLogging",
    ]);
    expect(judgeFilter(control, `{ (${both}) && ($.awsRegion = "us-east-1") }`, gov).missed).toEqual([
      "StopLogging",
      "DeleteTrail",
    ]);
  });
});

describe("judgeFilter", () => {
  it.each<[string, string, Expected]>([
    [
      "matches every positive and no negative",
      `{ ${both} }`,
      { satisfied: true, missed: [], wronglyMatched: [] },
    ],
    [
      "a tolerated sample may be matched",
      "{ $.eventSource = cloudtrail.amazonaws.com && $.readOnly IS FALSE }",
      { satisfied: true, toleratedMatched: ["PutEventSelectors"] },
    ],
    ["a tolerated sample may be left out", `{ ${both} }`, { satisfied: true, toleratedMatched: [] }],
    ["missing one positive", "{ $.eventName = StopLogging }", { satisfied: false, missed: ["DeleteTrail"] }],
    [
      "a narrowing clause misses the other region",
      `{ (${both}) && ($.awsRegion = "us-east-1") }`,
      { satisfied: false, missed: ["StopLogging"] },
    ],
    [
      "matching a negative",
      "{ $.eventSource = cloudtrail.amazonaws.com }",
      { satisfied: false, missed: [], wronglyMatched: ["DescribeTrails (read)"], noisy: false },
    ],
    [
      `below the noise threshold (${noisyAt - 1} ordinary events) is not noisy`,
      `{ ${both} || ${orNames(backgroundNames(noisyAt - 1))} }`,
      { satisfied: true, noisy: false, backgroundMatched: noisyAt - 1 },
    ],
    [
      `at the noise threshold (${noisyAt} ordinary events) is noisy`,
      `{ ${both} || ${orNames(backgroundNames(noisyAt))} }`,
      { satisfied: false, noisy: true, missed: [], wronglyMatched: [], backgroundMatched: noisyAt },
    ],
    [
      "the empty pattern matches everything",
      "",
      {
        satisfied: false,
        noisy: true,
        wronglyMatched: ["DescribeTrails (read)"],
        backgroundMatched: BACKGROUND.length,
      },
    ],
    ["a term matches the raw record text", '"StopLogging"', { satisfied: false, missed: ["DeleteTrail"] }],
    ["optional terms", "?StopLogging ?DeleteTrail", { satisfied: true }],
    [
      "a pattern that does not parse misses everything and says where",
      "{ $.eventName = StopLogging ||| }",
      {
        satisfied: false,
        missed: ["StopLogging", "DeleteTrail"],
        errorAt: "{ $.eventName = StopLogging ||".length,
      },
    ],
  ])("%s", (_name, pattern, want) => {
    const v = judgeFilter(control, pattern);
    const got: Expected = {
      satisfied: v.satisfied,
      missed: [...v.missed],
      wronglyMatched: [...v.wronglyMatched],
      noisy: v.noisy,
      toleratedMatched: [...v.toleratedMatched],
      backgroundMatched: v.backgroundMatched.length,
      ...(v.error ? { errorAt: v.error.position } : {}),
    };
    expect(got).toMatchObject(want);
    if (want.errorAt === undefined) expect(v.error).toBeUndefined();
  });

  it("judges the records as the given account's: a filter pinned to an account satisfies only that one", () => {
    const pinned = `{ (${both}) && ($.recipientAccountId = "999999999999") }`;
    expect(judgeFilter(control, pinned).missed).toEqual(["StopLogging", "DeleteTrail"]);
    expect(judgeFilter(control, pinned, { account: "999999999999" }).satisfied).toBe(true);
  });

  it("memoises per control and pattern, per account only where the pattern reads an account field", () => {
    const a = judgeFilter(control, `{ ${both} }`);
    expect(judgeFilter(control, `{ ${both} }`)).toBe(a);
    expect(judgeFilter(control, `{ ${both} }`, { account: "999999999999" })).toBe(a);
    const pinned = `{ (${both}) && ($.userIdentity.accountId = "999999999999") }`;
    expect(judgeFilter(control, pinned, { account: "999999999999" })).not.toBe(judgeFilter(control, pinned));
    expect(judgeFilter(control, pinned, { account: "999999999999" }).satisfied).toBe(true);
    // Terms read the whole record: any digit may be part of an account id.
    const term = '"999999999999"';
    expect(judgeFilter(control, term, { account: "999999999999" }).missed).toEqual([]);
    expect(judgeFilter(control, term).missed).toEqual(["StopLogging", "DeleteTrail"]);
    expect(Object.isFrozen(a) && Object.isFrozen(a.missed)).toBe(true);
  });
});

describe("byCloseness", () => {
  it("orders satisfied, then catching every positive, then fewest wrong, unparsable last", () => {
    const patterns = {
      broken: "{ $.eventName = }",
      missesOne: "{ $.eventName = StopLogging }",
      missesBoth: '{ $.eventName = "Nothing" }',
      overmatches: "{ $.eventSource = cloudtrail.amazonaws.com }",
      exact: `{ ${both} }`,
    };
    const sorted = Object.entries(patterns)
      .map(([name, p]) => ({ name, v: judgeFilter(control, p) }))
      .sort((a, b) => byCloseness(a.v, b.v))
      .map((x) => x.name);
    expect(sorted).toEqual(["exact", "overmatches", "missesOne", "missesBoth", "broken"]);
    expect(catchesAll(judgeFilter(control, patterns.overmatches))).toBe(true);
    expect(catchesAll(judgeFilter(control, patterns.broken))).toBe(false);
  });
});
