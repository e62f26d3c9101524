/**
 * What apply did with each planned change, as ids: a status per change and, for every change not simply
 * applied, a reason id (as findings have message ids). The JSON output carries the ids; the console renderer
 * prints the text kept here. A new refusal is one entry in APPLY_REASONS.
 */

/** The status of one change after apply. */
export const CHANGE_STATUSES = ["applied", "failed", "refused", "skipped", "manual"] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

export interface ApplyReason {
  /** The status a change with this reason has. */
  status: Exclude<ChangeStatus, "applied">;
  /** True when the reason alone makes `wirewatch apply` exit 1 (re-plan or investigate); false for policy. */
  failsApply: boolean;
  /** The sentence a person reads on the console. */
  text: string;
}

export const APPLY_REASONS = {
  "not-allowlisted": {
    status: "refused",
    failsApply: false,
    text: "its remediation is not in remediation.allowlist",
  },
  "over-change-cap": {
    status: "refused",
    failsApply: false,
    text: "remediation.maxChanges was reached",
  },
  "gap-gone": {
    status: "refused",
    failsApply: true,
    text: "stale: the gap it fixes is gone or has changed since the plan",
  },
  "state-changed": {
    status: "refused",
    failsApply: true,
    text: "stale: the resources it touches changed since the plan",
  },
  tampered: {
    status: "refused",
    failsApply: true,
    text: "the plan was edited or its signature does not verify",
  },
  "call-failed": {
    status: "failed",
    failsApply: true,
    text: "an AWS call failed",
  },
  "earlier-change-failed": {
    status: "skipped",
    failsApply: true,
    text: "an earlier change to the same resource failed",
  },
  interrupted: {
    status: "skipped",
    failsApply: true,
    text: "apply was interrupted (SIGTERM or SIGINT) before this change started",
  },
  "not-attempted": {
    status: "skipped",
    failsApply: true,
    text: "apply did not reach it",
  },
  "manual-step": {
    status: "manual",
    failsApply: false,
    text: "a person must make this change",
  },
} as const satisfies Record<string, ApplyReason>;

export type ApplyReasonId = keyof typeof APPLY_REASONS;

export const APPLY_REASON_IDS = Object.keys(APPLY_REASONS) as ApplyReasonId[];

/** The status a reason gives its change. */
export const statusOf = (reason: ApplyReasonId): ChangeStatus => APPLY_REASONS[reason].status;
