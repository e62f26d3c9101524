/** `wirewatch check-filter` through the CLI's main, in-process: a pattern in, a JSON verdict and an exit code out. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "../support/main.ts";

const ROOT_USAGE =
  '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
const verdict = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe("wirewatch check-filter", () => {
  it("passes a correct filter written differently from the CIS text, with exit 0", async () => {
    const r = await runMain([
      "check-filter",
      "--control",
      "root-usage",
      "{($.eventType!=AwsServiceEvent)&&($.userIdentity.invokedBy NOT EXISTS)&&($.userIdentity.type=Root)}",
    ]);
    expect(r.code).toBe(0);
    expect(verdict(r.stdout)).toEqual({
      control: "root-usage",
      cis: "4.3",
      verdict: "pass",
      missed: [],
      wronglyMatched: [],
      noisy: false,
      backgroundMatched: [],
    });
  });

  it("fails a filter that misses an event, naming it, with exit 1", async () => {
    const r = await runMain([
      "check-filter",
      "--control",
      "cloudtrail-config-changes",
      "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) }",
    ]);
    expect(r.code).toBe(1);
    expect(verdict(r.stdout)).toMatchObject({ verdict: "fail", missed: ["StopLogging"], noisy: false });
  });

  it("fails the CIS v1.4 text of 4.1 as noisy", async () => {
    const r = await runMain([
      "check-filter",
      "--control",
      "unauthorized-api-calls",
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") || ($.sourceIPAddress!="delivery.logs.amazonaws.com") || ($.eventName!="HeadBucket") }',
    ]);
    expect(r.code).toBe(1);
    expect(verdict(r.stdout)).toMatchObject({ verdict: "fail", noisy: true, missed: [] });
  });

  it("reads the pattern from a file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "wirewatch-filter-")), "root.pattern");
    writeFileSync(file, `${ROOT_USAGE}\n`);
    const r = await runMain(["check-filter", "--control", "alarms.root-usage", "--pattern-file", file]);
    expect(r.code).toBe(0);
    expect(verdict(r.stdout)).toMatchObject({ control: "root-usage", verdict: "pass" });
  });

  it("reports where a pattern does not parse, with exit 3", async () => {
    const pattern = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy EXISTS }';
    const r = await runMain(["check-filter", "--control", "root-usage", pattern]);
    expect(r.code).toBe(3);
    expect(verdict(r.stdout)).toMatchObject({
      verdict: "fail",
      error: { position: pattern.indexOf("EXISTS") },
    });
  });

  // Hostile patterns: once a RangeError (stack overflow) and a SyntaxError with exit 2 and a stack trace.
  it.each([
    ["10,000 nested parentheses", `{ ${"(".repeat(10_000)}$.eventName = x${")".repeat(10_000)} }`],
    ["a 50,000-character regular expression", `%${"a".repeat(50_000)}%`],
  ])("refuses %s as a parse error with exit 3 and a JSON verdict", async (_, pattern) => {
    const file = join(mkdtempSync(join(tmpdir(), "wirewatch-filter-")), "hostile.pattern");
    writeFileSync(file, pattern);
    const r = await runMain(["check-filter", "--control", "root-usage", "--pattern-file", file]);
    expect(r.code).toBe(3);
    expect(verdict(r.stdout)).toMatchObject({ verdict: "fail", error: { position: 1024 } });
    expect(r.stderr).not.toContain("    at ");
  });

  it("judges a regular expression that backtracks for minutes in a JavaScript RegExp", async () => {
    const r = await runMain(["check-filter", "--control", "all", "%.*.*.*.*.*.*Q%"]);
    expect(r.code).toBe(1);
    expect(verdict(r.stdout)).toMatchObject({ satisfies: [], verdict: "fail" });
  });

  it("refuses an unknown control with exit 3, naming the known ones", async () => {
    const r = await runMain(["check-filter", "--control", "root-use", ROOT_USAGE]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('unknown alarm control "root-use"');
    expect(r.stderr).toContain("root-usage");
    expect(r.stderr).toContain("organizations-changes");
    expect(r.stdout).toBe("");
  });

  it("--control all lists the controls a pattern satisfies", async () => {
    const r = await runMain(["check-filter", "--control", "all", ROOT_USAGE]);
    expect(r.code).toBe(0);
    const v = verdict(r.stdout) as { satisfies: string[]; results: Array<{ control: string }> };
    expect(v.satisfies).toEqual(["root-usage"]);
    expect(v.results).toHaveLength(15);
    const none = await runMain(["check-filter", "--control", "all", "{ $.eventName = DescribeInstances }"]);
    expect(none.code).toBe(1);
    expect(verdict(none.stdout)).toMatchObject({ satisfies: [], verdict: "fail" });
  });
});
