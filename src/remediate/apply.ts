/**
 * Apply: the only path by which wirewatch writes to AWS. For each account it re-reads what the plan touches,
 * refuses changes whose state has moved since the plan (stale), runs only allowlisted remediations up to the
 * change cap with the separate remediation role, records an audit line per write, and then collects and evaluates
 * the touched accounts again to say which gaps closed and which are still open, and why.
 */
import type { Logger } from "../log.ts";
import type { AwsLayer } from "../aws/layer.ts";
import { errorCode } from "../aws/layer.ts";
import { sendWrite } from "../aws/write.ts";
import { externalIdFor } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import type { Check, Finding } from "../engine/check.ts";
import { collectAndEvaluate, enabledChecks, OrgTrailIndex } from "../scan/run.ts";
import { duplicateIds, judgeAgainstFresh, selfInconsistency } from "./integrity.ts";
import { planAccount, type Plan } from "./plan.ts";
import {
  APPLY_REASONS,
  CHANGE_STATUSES,
  statusOf,
  type ApplyReasonId,
  type ChangeStatus,
} from "./reasons.ts";
import { partitionOf, roleArn } from "../inventory/arn.ts";
import type { FindingKey, PlannedChange, Remediation } from "./remediation.ts";

export type { ApplyReasonId, ChangeStatus } from "./reasons.ts";

/** Version of the apply result's JSON (`wirewatch apply --format json`). */
export const APPLY_RESULT_VERSION = "1";

export interface CallOutcome {
  operation: string;
  region: string;
  ok: boolean;
  error?: string;
}

export interface ChangeOutcome {
  id: string;
  remediationId: string;
  accountId: string;
  region: string;
  resource: string;
  summary: string;
  status: ChangeStatus;
  /** Why the change was not simply applied (absent when applied); see APPLY_REASONS. */
  reasonId?: ApplyReasonId;
  /** Particulars of the reason for a person: the failed call's error, the cap, the manual step. */
  detail?: string;
  calls: CallOutcome[];
  /** After re-verification: which of the findings it was meant to fix are closed, which still open and why. */
  closed: FindingKey[];
  open: Array<{ finding: FindingKey; status: string; message: string }>;
}

export interface ApplyResult {
  version: typeof APPLY_RESULT_VERSION;
  planId: string;
  outcomes: ChangeOutcome[];
  counts: Record<ChangeStatus, number>;
  gaps: { closed: number; open: number };
}

export interface ApplyOptions {
  plan: Plan;
  config: Config;
  layer: AwsLayer;
  checks: readonly Check[];
  remediations: ReadonlyMap<string, Remediation>;
  /** Receives one structured audit record per write. */
  audit: Logger;
  logger?: Logger;
  /** Refuse every change as tampered, with this reason (a plan whose signature does not verify). */
  refuseAll?: string;
  /** The environment ExternalIds are read from; the process's when absent. */
  env?: NodeJS.ProcessEnv;
}

function outcomeOf(c: PlannedChange, reasonId?: ApplyReasonId, detail?: string): ChangeOutcome {
  return {
    id: c.id,
    remediationId: c.remediationId,
    accountId: c.accountId,
    region: c.region,
    resource: c.resource,
    summary: c.summary,
    status: reasonId ? statusOf(reasonId) : "applied",
    ...(reasonId ? { reasonId } : {}),
    ...(detail ? { detail } : {}),
    calls: [],
    closed: [],
    open: [],
  };
}

const sameGap = (key: FindingKey, f: Finding) =>
  f.checkId === key.checkId && f.accountId === key.accountId && f.region === key.region;

/** True when apply did not do all it was allowed to: a change failed, was stale or tampered, or a gap is open. */
export function applyFailed(result: ApplyResult): boolean {
  return (
    result.gaps.open > 0 ||
    result.outcomes.some((o) => o.reasonId !== undefined && APPLY_REASONS[o.reasonId].failsApply)
  );
}

export async function applyPlan(opts: ApplyOptions): Promise<ApplyResult> {
  const { plan, config, layer } = opts;
  const checks = enabledChecks(opts.checks, config);
  const outcomes = new Map<string, ChangeOutcome>();
  const runnable: PlannedChange[] = [];
  const duplicates = duplicateIds(plan.changes);
  const tampered = (c: PlannedChange, reason: string) => {
    outcomes.set(c.id, outcomeOf(c, "tampered", reason));
    opts.audit.warn(
      {
        audit: {
          what: "refused",
          reason: "tampered",
          detail: reason,
          where: { accountId: c.accountId, region: c.region, resource: c.resource },
          change: c.id,
          planId: plan.planId,
          input: c.calls,
        },
      },
      "tampered change refused",
    );
  };
  for (const c of plan.changes) {
    const broken = opts.refuseAll ?? selfInconsistency(c, opts.remediations, duplicates);
    if (broken) tampered(c, broken);
    else if (c.action === "manual") outcomes.set(c.id, outcomeOf(c, "manual-step", c.manual));
    else if (!config.remediation.allowlist.includes(c.remediationId)) {
      outcomes.set(c.id, outcomeOf(c, "not-allowlisted", c.remediationId));
    } else if (runnable.length >= config.remediation.maxChanges) {
      outcomes.set(c.id, outcomeOf(c, "over-change-cap", `maxChanges ${config.remediation.maxChanges}`));
    } else runnable.push(c);
  }

  const byAccount = new Map<string, PlannedChange[]>();
  for (const c of runnable) byAccount.set(c.accountId, [...(byAccount.get(c.accountId) ?? []), c]);
  const auditExternalId = externalIdFor(config.roles.audit, opts.env);
  const remediationRole = config.roles.remediation;
  const index = new OrgTrailIndex();
  const planOpts = { tags: config.remediation.tags, homeRegion: config.aws.homeRegion };

  for (const [accountId, changes] of byAccount) {
    // Re-read the account and plan again: a change whose fingerprint moved is stale.
    const fresh = await collectAndEvaluate(layer, config, checks, index, accountId, undefined, {
      externalId: auditExternalId,
    });
    const replanned = planAccount(
      fresh.result.findings,
      {
        inventory: fresh.inventory,
        trailDetail: (arn) => fresh.inventory.trailDetails[arn] ?? index.get(arn),
        baseline: config.baseline,
        now: new Date(),
      },
      opts.remediations,
      planOpts,
    ).changes;
    const writerArn = roleArn(partitionOf(config.aws.homeRegion), accountId, remediationRole.name);
    const writer = layer.assume(accountId, {
      name: remediationRole.name,
      sessionName: remediationRole.sessionName,
      durationSeconds: remediationRole.durationSeconds,
      externalId: externalIdFor(remediationRole, opts.env),
    });
    const failedResources = new Set<string>();
    try {
      for (const change of changes) {
        // Only calls identical to the fresh plan's run, and the fresh ones are sent.
        const verdict = judgeAgainstFresh(change, replanned, fresh.result.findings);
        if (!verdict.ok) {
          if (verdict.reason === "tampered") tampered(change, verdict.detail ?? "its calls were edited");
          else outcomes.set(change.id, outcomeOf(change, verdict.reason, verdict.detail));
          continue;
        }
        const calls = verdict.change.calls;
        if (failedResources.has(change.resource)) {
          outcomes.set(change.id, outcomeOf(change, "earlier-change-failed"));
          continue;
        }
        const outcome = outcomeOf(change);
        for (const call of calls) {
          try {
            const response = await sendWrite(writer, call);
            outcome.calls.push({
              operation: `${call.service}:${call.operation}`,
              region: call.region,
              ok: true,
            });
            opts.audit.info(
              {
                audit: {
                  who: writerArn,
                  session: remediationRole.sessionName,
                  what: `${call.service}:${call.operation}`,
                  where: { accountId, region: call.region, resource: change.resource },
                  change: change.id,
                  planId: plan.planId,
                  input: call.input,
                  before: change.before,
                  after: response,
                },
              },
              "aws write",
            );
          } catch (err) {
            const { code, message } = errorCode(err);
            outcome.calls.push({
              operation: `${call.service}:${call.operation}`,
              region: call.region,
              ok: false,
              error: `${code}: ${message}`,
            });
            outcome.status = statusOf("call-failed");
            outcome.reasonId = "call-failed";
            outcome.detail = `${call.service}:${call.operation}: ${code}: ${message}`;
            opts.audit.warn(
              {
                audit: {
                  who: writerArn,
                  what: `${call.service}:${call.operation}`,
                  where: { accountId, region: call.region, resource: change.resource },
                  change: change.id,
                  planId: plan.planId,
                  input: call.input,
                  error: `${code}: ${message}`,
                },
              },
              "aws write failed",
            );
            failedResources.add(change.resource);
            break;
          }
        }
        outcomes.set(change.id, outcome);
      }
    } finally {
      writer.close();
    }
  }

  // Re-verify: collect and evaluate every account something was applied in.
  const touched = new Set(
    [...outcomes.values()]
      .filter((o) => o.status === "applied" || o.status === "failed")
      .map((o) => o.accountId),
  );
  for (const accountId of touched) {
    const after = await collectAndEvaluate(layer, config, checks, index, accountId, undefined, {
      externalId: auditExternalId,
    });
    for (const change of plan.changes) {
      const outcome = outcomes.get(change.id);
      if (
        !outcome ||
        change.accountId !== accountId ||
        (outcome.status !== "applied" && outcome.status !== "failed")
      ) {
        continue;
      }
      for (const key of change.fixes) {
        const still = after.result.findings.find(
          (f) => sameGap(key, f) && f.status !== "pass" && f.status !== "not_applicable",
        );
        if (still) outcome.open.push({ finding: key, status: still.status, message: still.message });
        else outcome.closed.push(key);
      }
    }
  }

  const list = plan.changes.map((c) => outcomes.get(c.id) ?? outcomeOf(c, "not-attempted"));
  const counts = Object.fromEntries(CHANGE_STATUSES.map((s) => [s, 0])) as Record<ChangeStatus, number>;
  for (const o of list) {
    counts[o.status] += 1;
    opts.logger?.info(
      { change: o.id, status: o.status, ...(o.reasonId ? { reasonId: o.reasonId } : {}) },
      "change outcome",
    );
  }
  return {
    version: APPLY_RESULT_VERSION,
    planId: plan.planId,
    outcomes: list,
    counts,
    gaps: {
      closed: list.reduce((n, o) => n + o.closed.length, 0),
      open: list.reduce((n, o) => n + o.open.length, 0),
    },
  };
}
