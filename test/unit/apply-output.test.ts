/** Apply's status and reason ids: one registry, printed by the console view, documented, deciding the exit code. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  applyFailed,
  APPLY_RESULT_VERSION,
  type ApplyResult,
  type ChangeOutcome,
} from "../../src/remediate/apply.ts";
import {
  APPLY_REASON_IDS,
  APPLY_REASONS,
  CHANGE_STATUSES,
  type ApplyReasonId,
} from "../../src/remediate/reasons.ts";
import { renderApply } from "../../src/remediate/render.ts";
import { ROOT } from "../support/cli.ts";

function outcome(n: number, reasonId?: ApplyReasonId): ChangeOutcome {
  return {
    id: `change-${n}`,
    remediationId: "cloudtrail.start-logging",
    accountId: "222222222222",
    region: "us-east-1",
    resource: `trail-${n}`,
    summary: `change ${n}`,
    status: reasonId ? APPLY_REASONS[reasonId].status : "applied",
    ...(reasonId ? { reasonId } : {}),
    calls: [],
    closed: [],
    open: [],
  };
}

function result(outcomes: ChangeOutcome[], open = 0): ApplyResult {
  const counts = Object.fromEntries(CHANGE_STATUSES.map((s) => [s, 0])) as ApplyResult["counts"];
  for (const o of outcomes) counts[o.status] += 1;
  return {
    version: APPLY_RESULT_VERSION,
    planId: "p",
    outcomes,
    counts,
    gaps: { closed: 0, closedUncredited: 0, open },
    forPerson: { manual: counts.manual, refused: 0, unremediable: 0, held: 0 },
    verifiedCompletely: true,
  };
}

describe("apply reasons", () => {
  it("give every change that was not applied a status other than applied", () => {
    for (const id of APPLY_REASON_IDS) {
      expect(CHANGE_STATUSES).toContain(APPLY_REASONS[id].status);
      expect(APPLY_REASONS[id].status).not.toBe("applied");
    }
  });

  it.each(APPLY_REASON_IDS)("%s is documented in the README with its status", (id) => {
    const readme = readFileSync(`${ROOT}/README.md`, "utf8");
    expect(readme).toMatch(new RegExp(`\\| \`${APPLY_REASONS[id].status}\`\\s*\\| \`${id}\`\\s*\\|`));
  });

  it("fail apply for stale and failed changes and open gaps, not for policy refusals or manual steps", () => {
    const failing = APPLY_REASON_IDS.filter((id) => applyFailed(result([outcome(1, id)])));
    expect(failing.sort()).toEqual(
      [
        "call-failed",
        "earlier-change-failed",
        "gap-gone",
        "interrupted",
        "not-attempted",
        "state-changed",
        "tampered",
      ].sort(),
    );
    expect(applyFailed(result([outcome(1)]))).toBe(false);
    // An applied change whose gap the rescan still shows on the same resource failed; one that moved did not.
    const finding = {
      checkId: "c",
      accountId: "222222222222",
      region: "global",
      resource: "trail-1",
      messageId: "m",
    };
    const still = { ...outcome(1), open: [{ finding, status: "fail", message: "" }] };
    const moved = { ...outcome(1), open: [{ finding, status: "fail", message: "", movedTo: "trail-2" }] };
    expect(applyFailed(result([still], 1))).toBe(true);
    expect(applyFailed(result([moved], 1))).toBe(false);
  });

  it("are what the console view prints, one per change, with refusals counted by reason", () => {
    const text = renderApply(
      result([
        outcome(1),
        outcome(2, "not-allowlisted"),
        outcome(3, "not-allowlisted"),
        outcome(4, "over-change-cap"),
      ]),
    );
    const reasonLines = text.split("\n").filter((l) => /^\s+[a-z-]+: /.test(l));
    expect(reasonLines.map((l) => l.trim().split(":")[0])).toEqual([
      "not-allowlisted",
      "not-allowlisted",
      "over-change-cap",
    ]);
    expect(text).toContain("not-allowlisted 2, over-change-cap 1");
  });
});
