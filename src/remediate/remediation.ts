/**
 * A remediation is one file: its metadata (id, title, the checks it fixes, the IAM permissions its calls need)
 * beside a pure `plan` that turns one failing finding and the inventory it came from into the exact AWS calls
 * that fix it — or a refusal saying why a machine must not, or a manual step for a person.
 */
import type { EvaluationInput, Finding } from "../engine/check.ts";

/** The services remediation writes to, by SigV4 signing name. */
export type WriteService = "cloudtrail" | "events" | "logs" | "monitoring";

export interface AwsCall {
  service: WriteService;
  operation: string;
  region: string;
  input: Record<string, unknown>;
}

/** Terraform's closed set, less delete: wirewatch never deletes. "manual" is for what only a person can do. */
export type ChangeAction = "create" | "update" | "enable" | "manual";

export interface FindingKey {
  checkId: string;
  accountId: string;
  region: string;
  resource: string;
  messageId: string;
}

export interface PlannedChange {
  /** Stable across plans of the same state: remediation, account, region, resource. */
  id: string;
  remediationId: string;
  /** The findings this change fixes (one change may close several, e.g. one trail for three blind regions). */
  fixes: FindingKey[];
  action: ChangeAction;
  accountId: string;
  region: string;
  resource: string;
  summary: string;
  /** Exactly the calls apply will make, in order. Empty for a manual change. */
  calls: AwsCall[];
  /** What a person must do, for a manual change. */
  manual?: string;
  /** Hash of the inventory state the change was planned from; apply refuses it when the state has moved. */
  fingerprint: string;
  /** That state itself, for people reading the plan and for the audit record's "before". */
  before: unknown;
  /**
   * Set by `plan` when apply will not run the change under the configuration it was planned with: outside
   * remediation.allowlist, or past remediation.maxChanges.
   */
  hold?: { reason: "not-allowlisted" | "over-change-cap"; detail: string };
}

export interface Refusal {
  remediationId: string;
  finding: FindingKey;
  reason: string;
}

export interface RemediationContext extends EvaluationInput {
  finding: Finding;
  /** Tags for everything created. */
  tags: Record<string, string>;
  /** Region for account-wide resources such as a new multi-region trail. */
  homeRegion: string;
}

/** What `plan` returns: a change (without the fields the engine fills in), or a refusal. */
export type PlanOutcome =
  | {
      action: ChangeAction;
      region: string;
      resource: string;
      summary: string;
      calls: AwsCall[];
      manual?: string;
      /** The inventory slice the change depends on: its hash is the change's fingerprint. */
      state: unknown;
    }
  | { refuse: string };

export interface RemediationMeta {
  id: string;
  title: string;
  /** Check ids whose failures this remediation fixes. */
  fixes: string[];
  /** IAM actions its calls need; config/iam/remediation-role-policy.json is derived from these. */
  permissions: string[];
  description: string;
}

export interface Remediation {
  meta: RemediationMeta;
  plan(ctx: RemediationContext): PlanOutcome;
}

export function defineRemediation(r: Remediation): Remediation {
  return r;
}

/** AWS tag lists come in two shapes: CloudTrail's/EventBridge's/CloudWatch's `[{Key, Value}]`. */
export function tagList(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
