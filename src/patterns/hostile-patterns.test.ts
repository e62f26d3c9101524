/**
 * Patterns written by the accounts wirewatch audits are hostile input: each case here once made evaluation
 * backtrack for minutes or the parser overflow its stack. The assertions are on results and typed errors, never on
 * time; the time taken is measured by `npm run bench:patterns`.
 */
import { describe, expect, it } from "vitest";
import { EventPatternError, matchesEventPattern, parseEventPattern } from "./event-pattern.ts";
import {
  FilterPatternError,
  MAX_FILTER_PATTERN_LENGTH,
  matchesFilterPattern,
  parseFilterPattern,
} from "./filter-pattern.ts";
import { MAX_EVENT_PATTERN_LENGTH } from "./event-pattern.ts";

function filterError(text: string): FilterPatternError {
  try {
    parseFilterPattern(text);
  } catch (err) {
    if (err instanceof FilterPatternError) return err;
    throw err;
  }
  throw new Error("expected a FilterPatternError");
}

function eventError(text: string): EventPatternError {
  try {
    parseEventPattern(text);
  } catch (err) {
    if (err instanceof EventPatternError) return err;
    throw err;
  }
  throw new Error("expected an EventPatternError");
}

const matches = (pattern: string, message: string) =>
  matchesFilterPattern(parseFilterPattern(pattern), message);

describe("filter patterns: regular expressions run in linear time", () => {
  const long = "a".repeat(20_000);

  it.each([
    ["%.*.*.*Q%", long, false],
    ["%.*.*.*Q%", `${long}Q`, true],
    ["%a+a+a+a+$%", `${long}!`, false],
    ["%a*a*a*a*a*a*a*a*b%", long, false],
    ["%^[a-z]*[a-z]*[a-z]*[a-z]*0$%", long, false],
    ["%x{1,1000}y%", "x".repeat(5_000), false],
  ] as const)("%s on message %#", (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });

  it("in a JSON selector value and in a space-delimited field", () => {
    const json = JSON.stringify({ eventName: long });
    expect(matches("{ $.eventName = %.*.*.*Q% }", json)).toBe(false);
    expect(matches("[a = %.*.*.*Q%]", long)).toBe(false);
  });
});

describe("filter patterns: the regex syntax CloudWatch Logs accepts", () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html
  it.each([
    "%AUTHORIZED%",
    "%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%",
    "%[Ee]rror|[Ff]ail%",
    "%colou?r%",
    "%^[hc]at%",
  ])("accepts %s", (pattern) => expect(parseFilterPattern(pattern).kind).toBe("regex"));

  it.each([
    ["%something!%", 10],
    ["%a(b)%", 2],
    ["%caf\u00e9%", 4],
    ["%a'b%", 2],
    ["{ $.a = %x<y% }", 10],
  ] as const)("rejects %j at the offending character", (pattern, position) => {
    expect(filterError(pattern).position).toBe(position);
  });

  it("rejects syntax RE2 cannot compile as a typed error, not a SyntaxError", () => {
    expect(filterError("%a**%").position).toBe(0);
    expect(filterError("%x{1001}%").position).toBe(0);
  });
});

describe("filter patterns: AWS's limits apply at parse", () => {
  // PutMetricFilter / PutSubscriptionFilter filterPattern: "Length Constraints: Minimum length of 0. Maximum length
  // of 1024." (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html)
  it("refuses a pattern longer than 1024 characters at the first character past the limit", () => {
    expect(MAX_FILTER_PATTERN_LENGTH).toBe(1024);
    const regex = `%${"a".repeat(50_000)}%`;
    expect(filterError(regex).position).toBe(1024);
    const nested = `{ ${"(".repeat(10_000)}$.a = 1${")".repeat(10_000)} }`;
    expect(filterError(nested).position).toBe(1024);
    expect(filterError(`[${"f, ".repeat(1000)}g]`).position).toBe(1024);
  });

  it("parses and evaluates the deepest nesting that fits in 1024 characters", () => {
    const depth = (MAX_FILTER_PATTERN_LENGTH - "{ $.a = 1 }".length) / 2;
    const text = `{ ${"(".repeat(depth)}$.a = 1${")".repeat(depth)} }`;
    expect(text.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
    expect(matches(text, '{"a":1}')).toBe(true);
  });
});

describe("filter patterns: space-delimited matching with many '...' is linear", () => {
  const fields = Array.from({ length: 2_000 }, (_, i) => `f${i}`).join(" ");
  it("fails fast when the last field never matches", () => {
    const pattern = `[${Array.from({ length: 40 }, () => "...").join(", ")}, last = nope]`;
    expect(matches(pattern, fields)).toBe(false);
  });

  it.each([
    ["[..., a = f1, ..., b = f3, ...]", "f0 f1 f2 f3 f4", true],
    ["[..., a = f3, ..., b = f1, ...]", "f0 f1 f2 f3 f4", false],
    ["[x, ..., a = f2, ..., b = f4]", "f0 f1 f2 f3 f4", true],
    ["[x, ..., a = f2, y, ..., b = f4]", "f0 f1 f2 f3 f4", true],
    ["[x, ..., a = f2, y, z, ..., b = f4]", "f0 f1 f2 f3 f4", false],
    ["[..., a = f*, b = g*]", "f0 g1 f2 g3", true],
    ["[..., a = f*, b = g*, ...]", "f0 f1 g2 f3", true],
    ["[a, ..., b, c, ...]", "f0", false],
  ] as const)("%s on %j is %s", (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });
});

describe("event patterns: wildcards run in linear time", () => {
  const run = (pattern: unknown, event: unknown) =>
    matchesEventPattern(parseEventPattern(JSON.stringify(pattern)), event);
  const long = "a".repeat(20_000);

  it.each([
    ["*a*a*a*a*a*a*a*a*a*a*b", long, false],
    ["*a*a*a*a*a*a*a*a*a*a*b", `${long}b`, true],
    ["a*", long, true],
    ["*\\**", "x*y", true],
    ["*\\**", "xy", false],
    ["\\\\*", "\\x", true],
    ["a*b*c", "abc", true],
    ["a*b*c", "acb", false],
    ["", "", true],
    ["*", "", true],
  ] as const)("%s", (wildcard, value, expected) => {
    expect(run({ detail: { v: [{ wildcard }] } }, { detail: { v: value } })).toBe(expected);
    expect(run({ detail: { v: [{ "anything-but": { wildcard } }] } }, { detail: { v: value } })).toBe(
      !expected,
    );
  });
});

describe("event patterns: AWS's limits apply at parse", () => {
  // EventBridge quotas: "Event pattern size: 2048 characters ... can be increased to 4096"
  // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html); wirewatch reads patterns from
  // accounts whose quota may be raised, so it refuses only what no account can hold.
  it("refuses a pattern longer than 4096 characters", () => {
    expect(MAX_EVENT_PATTERN_LENGTH).toBe(4096);
    const nested = `${'{"a":'.repeat(10_000)}["x"]${"}".repeat(10_000)}`;
    expect(eventError(nested).path).toBe("$");
    expect(eventError(JSON.stringify({ a: ["x".repeat(5000)] })).path).toBe("$");
  });

  it("parses and evaluates the deepest nesting that fits in 4096 characters", () => {
    const depth = Math.floor((MAX_EVENT_PATTERN_LENGTH - 5) / 6);
    const text = `${'{"a":'.repeat(depth)}["x"]${"}".repeat(depth)}`;
    let event: unknown = "x";
    for (let i = 0; i < depth; i++) event = { a: event };
    expect(matchesEventPattern(parseEventPattern(text), event)).toBe(true);
  });
});
