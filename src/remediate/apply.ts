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
import { holdsFor } from "./gate.ts";
import { planAccount, type Plan } from "./plan.ts";
import {
  APPLY_REASONS,
  CHANGE_STATUSES,
  statusOf,
  type ApplyReasonId,
  type ChangeStatus,
} from "./reasons.ts";
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
  /**
   * After re-verification, for an applied change only: the gaps the rescan shows closed. That includes a gap
   * another change was planned for, when that change failed and this one is what closed it.
   */
  closed: FindingKey[];
  /**
   * The gaps it was meant to fix that the rescan still shows, and why. `movedTo` names the resource the rescan's
   * finding is now about when it is another one (starting a stopped trail made it the covering trail, so the
   * property this change set on the old one is now judged on the new one): the change did its part, and a new
   * plan will target the new resource.
   */
  open: Array<{ finding: FindingKey; status: string; message: string; movedTo?: string }>;
  /**
   * For a change that did not run or failed: gaps it was meant to fix that closed all the same, and the change
   * credited with closing them (null when no applied change explains it, e.g. someone fixed it meanwhile).
   */
  closedBy?: Array<{ finding: FindingKey; change: string | null }>;
}

export interface ApplyResult {
  version: typeof APPLY_RESULT_VERSION;
  planId: string;
  outcomes: ChangeOutcome[];
  counts: Record<ChangeStatus, number>;
  /** Distinct gaps: closed by an applied change, closed without one of ours to credit, still open. */
  gaps: { closed: number; closedUncredited: number; open: number };
  /**
   * What still needs a person after this apply: manual steps, refusals, findings no remediation covers, and changes
   * apply held back (not allowlisted, over the cap). Incidents are not gaps and are not counted.
   */
  forPerson: { manual: number; refused: number; unremediable: number; held: number };
  /** Whether the rescan could read everything it had to (an unreadable gap is never closed). */
  verifiedCompletely: boolean;
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
  /**
   * Interruption: once aborted no further change starts (the one in progress finishes its calls, each audited as
   * it is made), the rest are skipped as interrupted, and re-verification is left out.
   */
  signal?: AbortSignal;
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

/**
 * True when a change of ours went wrong: a reason that fails apply (a call failed, the change was stale or
 * tampered, or not reached), or an applied change whose gap the rescan still shows on the same resource. Policy
 * (allowlist, cap), manual steps and gaps that moved to another resource are for a person, not failures.
 */
export function applyFailed(result: ApplyResult): boolean {
  return result.outcomes.some(
    (o) =>
      (o.reasonId !== undefined && APPLY_REASONS[o.reasonId].failsApply) ||
      (o.status === "applied" && o.open.some((x) => x.status === "fail" && x.movedTo === undefined)),
  );
}

const keyId = (k: FindingKey) => `${k.checkId}|${k.accountId}|${k.region}|${k.resource}|${k.messageId}`;

function openEntry(key: FindingKey, still: Finding): ChangeOutcome["open"][number] {
  return {
    finding: key,
    status: still.status,
    message: still.message,
    ...(still.resource !== key.resource ? { movedTo: still.resource } : {}),
  };
}

/**
 * Which applied change closed a gap it was not planned for: the one whose resource the passing finding now names
 * (a stopped trail started became the covering trail, and its KMS key closed kms-encryption), or, failing that,
 * the only applied change in the account that fixes the same check. null when no change of ours explains it.
 */
function creditFor(
  key: FindingKey,
  after: readonly Finding[],
  applied: readonly PlannedChange[],
): PlannedChange | null {
  const resources = new Set(after.filter((f) => sameGap(key, f)).map((f) => f.resource));
  const byResource = applied.filter((c) => resources.has(c.resource));
  if (byResource.length === 1) return byResource[0]!;
  const byCheck = applied.filter((c) =>
    c.fixes.some((k) => k.checkId === key.checkId && k.region === key.region),
  );
  return byCheck.length === 1 ? byCheck[0]! : null;
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
  // The configuration apply runs with decides, never the marks the plan file carries.
  const holds = holdsFor(plan.changes, config.remediation);
  for (const c of plan.changes) {
    const broken = opts.refuseAll ?? selfInconsistency(c, opts.remediations, duplicates);
    const hold = holds.get(c.id);
    if (broken) tampered(c, broken);
    else if (c.action === "manual") outcomes.set(c.id, outcomeOf(c, "manual-step", c.manual));
    else if (hold) outcomes.set(c.id, outcomeOf(c, hold.reason, hold.detail));
    else runnable.push(c);
  }

  const byAccount = new Map<string, PlannedChange[]>();
  for (const c of runnable) byAccount.set(c.accountId, [...(byAccount.get(c.accountId) ?? []), c]);
  const auditExternalId = externalIdFor(config.roles.audit, opts.env);
  const remediationRole = config.roles.remediation;
  const index = new OrgTrailIndex();
  const planOpts = { tags: config.remediation.tags, homeRegion: config.aws.homeRegion };

  for (const [accountId, changes] of byAccount) {
    if (opts.signal?.aborted) break;
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
    const writerArn = await layer.roleArn(accountId, remediationRole.name);
    const writer = layer.assume(accountId, {
      name: remediationRole.name,
      sessionName: remediationRole.sessionName,
      durationSeconds: remediationRole.durationSeconds,
      externalId: externalIdFor(remediationRole, opts.env),
    });
    const failedResources = new Set<string>();
    try {
      for (const change of changes) {
        if (opts.signal?.aborted) break;
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
        opts.logger?.info({ change: change.id, status: outcome.status }, "change done");
      }
    } finally {
      writer.close();
    }
  }

  // Re-verify: collect and evaluate every account something was applied in.
  const touched = new Set(
    opts.signal?.aborted
      ? []
      : [...outcomes.values()]
          .filter((o) => o.status === "applied" || o.status === "failed")
          .map((o) => o.accountId),
  );
  let verifiedCompletely = true;
  const uncredited = new Set<string>();
  // What needs a person is judged after the rescan: a refused or unremediable gap, or a manual step, that an
  // applied change closed meanwhile (restarting a trail also ends its stale delivery) needs nobody any more.
  const leftForPerson = (keys: readonly FindingKey[]) => new Set(keys.map(keyId));
  const refusedLeft = leftForPerson(plan.refused.map((r) => r.finding));
  const unremediableLeft = leftForPerson(plan.unremediable);
  const manualLeft = new Set(plan.changes.filter((c) => c.action === "manual").map((c) => c.id));
  for (const accountId of touched) {
    const after = await collectAndEvaluate(layer, config, checks, index, accountId, undefined, {
      externalId: auditExternalId,
    });
    const found = after.result.findings;
    if (found.some((f) => f.status === "error")) verifiedCompletely = false;
    const stillOpen = (key: FindingKey) =>
      found.find((f) => sameGap(key, f) && f.status !== "pass" && f.status !== "not_applicable");
    const mine = plan.changes.filter((c) => c.accountId === accountId);
    const applied = mine.filter((c) => outcomes.get(c.id)?.status === "applied");
    const credited = new Set<string>();
    // An applied change: each gap it fixes is closed or still open, as the rescan shows.
    for (const change of applied) {
      const outcome = outcomes.get(change.id)!;
      for (const key of change.fixes) {
        const still = stillOpen(key);
        if (still) outcome.open.push(openEntry(key, still));
        else {
          outcome.closed.push(key);
          credited.add(keyId(key));
        }
      }
    }
    // A change that failed, went stale or was held back never reports "closed": a gap of its that closed anyway
    // is credited to the applied change that explains it.
    for (const change of mine) {
      const outcome = outcomes.get(change.id);
      if (!outcome || outcome.status === "applied") continue;
      for (const key of change.fixes) {
        const still = stillOpen(key);
        if (still) {
          if (outcome.status === "failed") outcome.open.push(openEntry(key, still));
          continue;
        }
        const by = creditFor(key, found, applied);
        (outcome.closedBy ??= []).push({ finding: key, change: by?.id ?? null });
        if (by && !credited.has(keyId(key))) {
          outcomes.get(by.id)!.closed.push(key);
          credited.add(keyId(key));
        } else if (!by) uncredited.add(keyId(key));
      }
      if (change.action === "manual" && change.fixes.every((k) => !stillOpen(k)))
        manualLeft.delete(change.id);
    }
    for (const [keys, left] of [
      [plan.refused.map((r) => r.finding), refusedLeft],
      [plan.unremediable, unremediableLeft],
    ] as const) {
      for (const key of keys) {
        if (key.accountId !== accountId || stillOpen(key)) continue;
        left.delete(keyId(key));
        const by = creditFor(key, found, applied);
        if (by && !credited.has(keyId(key))) {
          outcomes.get(by.id)!.closed.push(key);
          credited.add(keyId(key));
        } else if (!by) uncredited.add(keyId(key));
      }
    }
  }

  const list = plan.changes.map(
    (c) => outcomes.get(c.id) ?? outcomeOf(c, opts.signal?.aborted ? "interrupted" : "not-attempted"),
  );
  const counts = Object.fromEntries(CHANGE_STATUSES.map((s) => [s, 0])) as Record<ChangeStatus, number>;
  for (const o of list) {
    counts[o.status] += 1;
    opts.logger?.info(
      { change: o.id, status: o.status, ...(o.reasonId ? { reasonId: o.reasonId } : {}) },
      "change outcome",
    );
  }
  const distinct = (keys: FindingKey[]) => new Set(keys.map(keyId)).size;
  return {
    version: APPLY_RESULT_VERSION,
    planId: plan.planId,
    outcomes: list,
    counts,
    gaps: {
      closed: distinct(list.flatMap((o) => o.closed)),
      closedUncredited: uncredited.size,
      open: distinct(list.flatMap((o) => o.open.map((x) => x.finding))),
    },
    forPerson: {
      manual: manualLeft.size,
      refused: refusedLeft.size,
      unremediable: unremediableLeft.size,
      held: list.filter((o) => o.reasonId === "not-allowlisted" || o.reasonId === "over-change-cap").length,
    },
    verifiedCompletely,
  };
}
