/**
 * Which changes of a plan apply may run under the configuration: only allowlisted remediation ids, and no more
 * than remediation.maxChanges of them, in plan order. `plan` marks the same changes `apply` will hold back, so the
 * dry run says what the real run will do; apply computes it again from its own configuration, never trusting the
 * marks a plan file carries.
 */
import type { Config } from "../config/schema.ts";
import type { PlannedChange } from "./remediation.ts";

export type HoldReason = "not-allowlisted" | "over-change-cap";

export interface Hold {
  reason: HoldReason;
  detail: string;
}

export function holdsFor(
  changes: readonly PlannedChange[],
  remediation: Pick<Config["remediation"], "allowlist" | "maxChanges">,
): Map<string, Hold> {
  const holds = new Map<string, Hold>();
  let runnable = 0;
  for (const c of changes) {
    if (c.action === "manual") continue;
    if (!remediation.allowlist.includes(c.remediationId)) {
      holds.set(c.id, {
        reason: "not-allowlisted",
        detail: `${c.remediationId} is not in remediation.allowlist`,
      });
    } else if (runnable >= remediation.maxChanges) {
      holds.set(c.id, {
        reason: "over-change-cap",
        detail: `remediation.maxChanges (${remediation.maxChanges}) reached`,
      });
    } else runnable += 1;
  }
  return holds;
}

/** Writes the holds into the plan's changes (the `hold` field), for the console and the plan file. */
export function markHolds(
  changes: PlannedChange[],
  remediation: Pick<Config["remediation"], "allowlist" | "maxChanges">,
): void {
  const holds = holdsFor(changes, remediation);
  for (const c of changes) {
    const hold = holds.get(c.id);
    if (hold) c.hold = hold;
    else delete c.hold;
  }
}
