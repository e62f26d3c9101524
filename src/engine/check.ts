/**
 * A check is one file: its metadata (id, title, severity, scope, rationale, the IAM permissions its data needs,
 * the remediation ids that fix it, messages by id) beside a pure `evaluate` over the inventory.
 * `defineCheck` is a typed identity helper so message ids are checked at compile time (ESLint RuleCreator style).
 */
import type { AccountInventory, TrailDetail } from "../inventory/model.ts";
import type { Baseline, Severity } from "../config/schema.ts";

export type Status = "pass" | "fail" | "error" | "not_applicable";
/** account: once per account; region: once per scanned region of the account. */
export type Scope = "account" | "region";
export type DetectionPath = "archive" | "log" | "alarm" | "fast";
export type PathEffect = "decides" | "breaks" | "degrades";

export interface CheckMeta<M extends string = string> {
  id: string;
  title: string;
  severity: Severity;
  scope: Scope;
  rationale: string;
  /** IAM actions the collected data needs; config/iam policies are derived from these. */
  permissions: string[];
  remediationIds: string[];
  /**
   * The detection paths this check judges (coverage.ts). "decides": the check that establishes whether the path
   * exists at all — a path is judged only once such a check is registered, and its failure leaves the cell blind;
   * "breaks": a failure also leaves the cell blind; "degrades": the path works with a weakness.
   */
  paths?: Partial<Record<DetectionPath, PathEffect>>;
  /** A failure of this check means nothing could be seen: every path of the cell is unknown (reachability). */
  obscuresCoverage?: boolean;
  messages: Record<M, string>;
}

export type FindingData = Record<string, string | number | boolean>;

/**
 * Something that happened rather than something that is misconfigured (a trail stopped and restarted): there is
 * nothing to re-create, a person must explain it. Remediation never plans for it and apply's exit code ignores it.
 */
export interface Incident {
  startedAt: string;
  /** null while it lasts. */
  endedAt: string | null;
  /** Until endedAt, or until the evaluation time while it lasts. */
  durationMinutes: number;
  /**
   * Who caused it, once attribution from scan history and CloudTrail event history exists; null until then.
   */
  actor: string | null;
}

export interface Finding {
  /** Stable identity (src/report/finding-id.ts): the same finding has the same id in every scan. */
  id: string;
  checkId: string;
  status: Status;
  severity: Severity;
  accountId: string;
  /** The region the finding is about; "global" for account-scoped findings. */
  region: string;
  resource: string;
  messageId: string;
  message: string;
  data: FindingData;
  evidence: Record<string, unknown>;
  remediationId: string | null;
  suppressed: boolean;
  /** The configured suppression that muted it (src/report/suppress.ts). */
  suppression?: { index: number; reason: string; owner: string; expires: string; ticket?: string };
  /** Set when the finding records an incident (see Incident). */
  incident?: Incident;
  /**
   * Set on a finding whose cause (the region or account could not be read, the account's evaluation budget ran
   * out) left other checks unjudged in its scope: their ids, sorted. They are unknown there, and are not reported
   * one by one (src/engine/one-cause.ts).
   */
  hides?: string[];
}

export interface EvaluationInput {
  inventory: AccountInventory;
  /** Trail details by ARN: the account's own, or organization trails read from their owner. */
  trailDetail(arn: string): TrailDetail | undefined;
  baseline: Baseline;
  /** Evaluation time, so windows ("delivered within 2 hours") are deterministic in tests. */
  now: Date;
}

export interface Report<M extends string> {
  status: Status;
  messageId: M;
  resource: string;
  data?: FindingData;
  evidence?: Record<string, unknown>;
  /** Overrides the context region (an account-scoped check may still report per region). */
  region?: string;
  /** Remediation that fixes this particular failure when the check offers several; null when none can. */
  remediationId?: string | null;
  /**
   * What inside the resource this finding is about, when the check reports several things of one resource (a
   * target of a rule, one kind of failure among several): part of the finding's id. Never volatile text.
   */
  subject?: string;
  incident?: Incident;
}

export interface CheckContext<M extends string> extends EvaluationInput {
  /** Set for region-scoped checks. */
  region: string;
  report(r: Report<M>): void;
}

export interface Check<M extends string = string> {
  meta: CheckMeta<M>;
  evaluate(ctx: CheckContext<M>): void;
}

export function defineCheck<M extends string>(check: Check<M>): Check<M> {
  return check;
}

/** Fills `{placeholders}` of a message from the finding's data. */
export function formatMessage(template: string, data: FindingData): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
