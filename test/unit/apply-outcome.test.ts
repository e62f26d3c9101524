/** apply's exit code and the allowlist/cap holds plan and apply share: tables of cases, asserted on ids. */
import { describe, expect, it } from "vitest";
import { applyExitCode } from "../../src/cli/remediate.ts";
import { APPLY_RESULT_VERSION, type ApplyResult, type ChangeOutcome } from "../../src/remediate/apply.ts";
import { APPLY_REASONS, CHANGE_STATUSES, type ApplyReasonId } from "../../src/remediate/reasons.ts";
import { holdsFor, markHolds } from "../../src/remediate/gate.ts";
import { renderPlan } from "../../src/remediate/render.ts";
import { emptyPlan } from "../../src/remediate/plan.ts";
import type { FindingKey, PlannedChange } from "../../src/remediate/remediation.ts";

const KEY: FindingKey = {
  checkId: "cloudtrail.multi-region-logging",
  accountId: "222222222222",
  region: "eu-west-1",
  resource: "r",
  messageId: "m",
};

const change = (id: string, remediationId: string, action: PlannedChange["action"] = "update") =>
  ({
    id,
    remediationId,
    fixes: [KEY],
    action,
    accountId: "222222222222",
    region: "us-east-1",
    resource: id,
    summary: id,
    calls: [],
    fingerprint: "f",
    before: null,
  }) satisfies PlannedChange;

describe("holdsFor: what apply will not run under the configuration", () => {
  const changes = [
    change("a", "cloudtrail.start-logging"),
    change("m", "alarms.put-metric-filter-and-alarm", "manual"),
    change("b", "cloudtrail.update-trail"),
    change("c", "cloudtrail.start-logging"),
    change("d", "cloudtrail.start-logging"),
  ];
  it.each([
    [["cloudtrail.start-logging"], 10, { b: "not-allowlisted" }],
    [["cloudtrail.start-logging"], 1, { b: "not-allowlisted", c: "over-change-cap", d: "over-change-cap" }],
    [
      ["cloudtrail.start-logging", "cloudtrail.update-trail"],
      2,
      { c: "over-change-cap", d: "over-change-cap" },
    ],
    [[], 5, { a: "not-allowlisted", b: "not-allowlisted", c: "not-allowlisted", d: "not-allowlisted" }],
  ] as const)("allowlist %j, cap %i -> %j (manual steps are never held)", (allowlist, maxChanges, want) => {
    const holds = holdsFor(changes, { allowlist: [...allowlist], maxChanges });
    expect(Object.fromEntries([...holds].map(([id, h]) => [id, h.reason]))).toEqual(want);
  });

  it("plan marks the held changes, and the console says so before apply", () => {
    const plan = emptyPlan();
    plan.changes = changes.map((c) => ({ ...c }));
    markHolds(plan.changes, { allowlist: ["cloudtrail.start-logging"], maxChanges: 1 });
    expect(plan.changes.map((c) => c.hold?.reason ?? null)).toEqual([
      null,
      null,
      "not-allowlisted",
      "over-change-cap",
      "over-change-cap",
    ]);
    const text = renderPlan(plan);
    expect(text).toContain("(not-allowlisted)");
    expect(text).toContain("(over-change-cap)");
    // Marking again with a wider configuration clears the marks.
    markHolds(plan.changes, {
      allowlist: ["cloudtrail.start-logging", "cloudtrail.update-trail"],
      maxChanges: 9,
    });
    expect(plan.changes.every((c) => c.hold === undefined)).toBe(true);
  });
});

const outcome = (reasonId?: ApplyReasonId, extra: Partial<ChangeOutcome> = {}): ChangeOutcome => ({
  id: reasonId ?? "applied",
  remediationId: "x",
  accountId: "222222222222",
  region: "us-east-1",
  resource: "r",
  summary: "s",
  status: reasonId ? APPLY_REASONS[reasonId].status : "applied",
  ...(reasonId ? { reasonId } : {}),
  calls: [],
  closed: [],
  open: [],
  ...extra,
});

function result(
  outcomes: ChangeOutcome[],
  extra: { refused?: number; unremediable?: number; verified?: boolean } = {},
): ApplyResult {
  const counts = Object.fromEntries(CHANGE_STATUSES.map((s) => [s, 0])) as ApplyResult["counts"];
  for (const o of outcomes) counts[o.status] += 1;
  const open = outcomes.reduce((n, o) => n + o.open.length, 0);
  return {
    version: APPLY_RESULT_VERSION,
    planId: "p",
    outcomes,
    counts,
    gaps: { closed: 0, closedUncredited: 0, open },
    forPerson: {
      manual: counts.manual,
      refused: extra.refused ?? 0,
      unremediable: extra.unremediable ?? 0,
      held: outcomes.filter((o) => o.reasonId === "not-allowlisted" || o.reasonId === "over-change-cap")
        .length,
    },
    verifiedCompletely: extra.verified ?? true,
  };
}

describe("applyExitCode", () => {
  const stillFailing = { open: [{ finding: KEY, status: "fail", message: "" }] };
  const moved = { open: [{ finding: KEY, status: "fail", message: "", movedTo: "other" }] };
  const unread = { open: [{ finding: KEY, status: "error", message: "" }] };
  it.each([
    ["nothing planned", [], {}, 0],
    ["everything applied and closed", [outcome(undefined, { closed: [KEY] })], {}, 0],
    ["a change failed", [outcome(), outcome("call-failed")], {}, 1],
    ["a change went stale", [outcome("state-changed")], {}, 1],
    ["its gap went away before apply", [outcome("gap-gone")], {}, 1],
    ["a change was refused as tampered", [outcome(), outcome("tampered")], {}, 1],
    ["applied, but the rescan still shows the gap", [outcome(undefined, stillFailing)], {}, 1],
    ["applied; the gap moved to another resource", [outcome(undefined, moved)], {}, 2],
    ["applied; the rescan could not read the gap", [outcome(undefined, unread)], { verified: false }, 2],
    ["applied; a manual step is left for a person", [outcome(), outcome("manual-step")], {}, 2],
    ["applied; a refusal is left for a person", [outcome()], { refused: 1 }, 2],
    ["applied; a finding no remediation covers", [outcome()], { unremediable: 1 }, 2],
    ["held back by the allowlist", [outcome(), outcome("not-allowlisted")], {}, 2],
    ["held back by the cap", [outcome("over-change-cap")], {}, 2],
    ["failure wins over what is left for a person", [outcome("call-failed"), outcome("manual-step")], {}, 1],
  ] as const)("%s -> %i", (_name, outcomes, extra, code) => {
    expect(applyExitCode(result([...outcomes], extra))).toBe(code);
  });
});
