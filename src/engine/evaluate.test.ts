import { describe, expect, it } from "vitest";
import { inv } from "../../test/support/inventory-builder.ts";
import { matchesFilterPattern, parseFilterPattern } from "../patterns/filter-pattern.ts";
import { BUDGET_MESSAGE_ID, UnknownMessageIdError, evaluateAccount } from "./evaluate.ts";
import { defineCheck, type Check } from "./check.ts";

const meta = (id: string) => ({
  id,
  title: id,
  severity: "high" as const,
  scope: "region" as const,
  rationale: "test",
  permissions: [],
  remediationIds: [],
  messages: { ok: "ok", matched: "matched {n}" },
});

/** Evaluates a filter pattern `times` times per region, reporting each result. */
const patternCheck = (times: number): Check =>
  defineCheck({
    meta: meta("test.patterns"),
    evaluate(ctx) {
      const pattern = parseFilterPattern("%.*.*.*Q%");
      for (let n = 0; n < times; n++) {
        if (matchesFilterPattern(pattern, "a".repeat(100)))
          ctx.report({ status: "fail", messageId: "matched", resource: "x", data: { n } });
        else ctx.report({ status: "pass", messageId: "ok", resource: `r${n}` });
      }
    },
  });

const plainCheck = (id: string): Check =>
  defineCheck({
    meta: meta(id),
    evaluate: (ctx) => ctx.report({ status: "pass", messageId: "ok", resource: id }),
  });

/** A clock that advances one millisecond each time it is read: budgets run out after a known number of reads. */
function steppingClock() {
  let t = 0;
  return () => t++;
}

const input = () => inv("222222222222").regions("us-east-1", "eu-west-1").build();

describe("evaluateAccount: a time budget per account", () => {
  it("evaluates every check when the budget suffices", () => {
    const findings = evaluateAccount([patternCheck(3), plainCheck("test.after")], input(), {
      budgetMs: 1_000,
      clock: steppingClock(),
    });
    expect(findings.map((f) => [f.checkId, f.region, f.status])).toEqual([
      ...["eu-west-1", "us-east-1"].flatMap((r) => [0, 1, 2].map(() => ["test.patterns", r, "pass"])),
      ["test.after", "eu-west-1", "pass"],
      ["test.after", "us-east-1", "pass"],
    ]);
  });

  it("turns the check that overruns into one error finding that hides the checks after it", () => {
    const findings = evaluateAccount(
      [plainCheck("test.before"), patternCheck(1_000), plainCheck("test.after")],
      input(),
      { budgetMs: 50, clock: steppingClock() },
    );
    expect(findings.map((f) => [f.checkId, f.region, f.status, f.messageId])).toEqual([
      ["test.before", "eu-west-1", "pass", "ok"],
      ["test.before", "us-east-1", "pass", "ok"],
      ["test.patterns", "global", "error", BUDGET_MESSAGE_ID],
    ]);
    expect(findings[2]).toMatchObject({
      accountId: "222222222222",
      resource: "222222222222",
      data: { budgetMs: 50 },
      hides: ["test.after"],
    });
    expect(findings[2]?.message).toContain("50 ms");
  });

  it("notices a budget spent between checks", () => {
    let t = 0;
    const slow = defineCheck({
      meta: meta("test.slow"),
      evaluate(ctx) {
        t += 100; // the check takes 100 ms without evaluating a pattern
        ctx.report({ status: "pass", messageId: "ok", resource: "s" });
      },
    });
    const findings = evaluateAccount([slow, plainCheck("test.after")], input(), {
      budgetMs: 150,
      clock: () => t,
    });
    expect(findings.map((f) => [f.checkId, f.region, f.messageId, f.hides])).toEqual([
      ["test.slow", "global", BUDGET_MESSAGE_ID, ["test.after"]],
    ]);
  });

  it("leaves the next account unaffected", () => {
    const checks = [patternCheck(1_000), plainCheck("test.after")];
    const first = evaluateAccount(checks, input(), { budgetMs: 50, clock: steppingClock() });
    const second = evaluateAccount(
      [plainCheck("test.after")],
      inv("333333333333").regions("us-east-1").build(),
    );
    expect(first.every((f) => f.status === "error")).toBe(true);
    expect(second.map((f) => [f.accountId, f.status])).toEqual([["333333333333", "pass"]]);
  });

  it("still reports a crashing check as checkCrashed", () => {
    const crash = defineCheck({
      meta: meta("test.crash"),
      evaluate() {
        throw new Error("boom");
      },
    });
    const findings = evaluateAccount([crash], input(), { budgetMs: 1_000, clock: steppingClock() });
    expect(findings.map((f) => f.messageId)).toEqual(["checkCrashed", "checkCrashed"]);
  });
});

describe("evaluateAccount: message ids", () => {
  // Typed checks cannot name an undeclared id; a cast stands in for a check built without defineCheck's types.
  const reportsUnknown = (seen: unknown[]): Check =>
    defineCheck({
      meta: { ...meta("test.unknown-id"), scope: "account" as const },
      evaluate(ctx) {
        try {
          ctx.report({ status: "fail", messageId: "notDeclared" as "ok", resource: "x" });
        } catch (err) {
          seen.push(err);
          throw err;
        }
      },
    });

  it("throws on an id the check does not declare, and the check's finding is an error naming it", () => {
    const seen: unknown[] = [];
    const findings = evaluateAccount([reportsUnknown(seen), plainCheck("test.after")], input());
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(UnknownMessageIdError);
    expect(seen[0]).toMatchObject({ checkId: "test.unknown-id", messageId: "notDeclared" });
    const own = findings.filter((f) => f.checkId === "test.unknown-id");
    expect(own.map((f) => [f.status, f.messageId])).toEqual([["error", "checkCrashed"]]);
    expect(own[0]?.data.error).toContain("notDeclared");
    expect(own.some((f) => f.message === "notDeclared")).toBe(false);
    // The other checks still run.
    expect(findings.filter((f) => f.checkId === "test.after").map((f) => f.status)).toEqual(["pass", "pass"]);
  });
});
