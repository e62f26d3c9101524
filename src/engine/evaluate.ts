/**
 * Runs the registered checks over one account's inventory and returns its findings. Pure but for the clock: the
 * account has a time budget (scan.accountBudgetMs), so that input written to stall the auditor costs that account
 * its verdicts, not the organization its scan.
 */
import { BudgetExceededError, type Clock, withBudget } from "../budget.ts";
import type { Check, CheckContext, EvaluationInput, Finding, Report } from "./check.ts";
import { formatMessage } from "./check.ts";
import { assignUniqueIds, findingId } from "../report/finding-id.ts";
import { BUDGET_MESSAGE_ID, foldSymptoms } from "./one-cause.ts";

/** Generous for a pure evaluation that takes milliseconds; only hostile or broken input comes near it. */
export const DEFAULT_ACCOUNT_BUDGET_MS = 10_000;

export interface EvaluateOptions {
  /** Time the account's checks may take together; a check still running past it becomes an error finding. */
  budgetMs?: number;
  /** Milliseconds, performance.now() by default; tests pass their own. */
  clock?: Clock;
}

export { BUDGET_MESSAGE_ID };
const BUDGET_TEMPLATE =
  "Evaluation of this account exceeded its budget of {budgetMs} ms before this check finished (scan.accountBudgetMs)";

/**
 * The budget is measured, not enforced from outside: checks are synchronous, so the deadline is checked between
 * checks and, inside a check, by the pattern evaluators at each parse and match (src/budget.ts). A check whose own
 * loops run long without evaluating a pattern is noticed only when it returns. Once the budget is spent, the
 * check that overran and every check not yet run report one `error` finding each (region "global", so the
 * coverage of every region of the account is unknown) and lose any partial findings; the first of them stands for
 * the rest (src/engine/one-cause.ts).
 */
export function evaluateAccount(
  checks: readonly Check[],
  input: EvaluationInput,
  opts: EvaluateOptions = {},
): Finding[] {
  const findings: Finding[] = [];
  const inv = input.inventory;
  const regions = Object.keys(inv.regions).sort();
  const budgetMs = opts.budgetMs ?? DEFAULT_ACCOUNT_BUDGET_MS;
  const clock = opts.clock ?? (() => performance.now());
  const startedAt = clock();
  let spent = false;
  // Without access or a region list nothing was read: only the reachability checks can say anything.
  const reachable = inv.access.ok && inv.enabledRegions.ok;
  for (const check of checks) {
    if (!reachable && !check.meta.id.startsWith("org.")) continue;
    const before = findings.length;
    if (!spent && clock() - startedAt > budgetMs) spent = true;
    if (!spent) {
      try {
        withBudget(budgetMs, () => runCheck(check, input, regions, findings), startedAt, clock);
      } catch (err) {
        if (!(err instanceof BudgetExceededError)) throw err;
        spent = true;
      }
      if (!spent && clock() - startedAt > budgetMs) spent = true;
    }
    if (spent) {
      findings.length = before;
      findings.push(
        toFinding(check, inv.accountId, "global", {
          status: "error",
          messageId: BUDGET_MESSAGE_ID,
          resource: inv.accountId,
          subject: BUDGET_MESSAGE_ID,
          data: { budgetMs },
        }),
      );
    }
  }
  return foldSymptoms(assignUniqueIds(findings), checks);
}

function runCheck(
  check: Check,
  input: EvaluationInput,
  regions: readonly string[],
  findings: Finding[],
): void {
  const inv = input.inventory;
  const runs = check.meta.scope === "region" ? regions : ["global"];
  for (const region of runs) {
    const ctx: CheckContext<string> = {
      ...input,
      region,
      report: (r: Report<string>) => findings.push(toFinding(check, inv.accountId, region, r)),
    };
    try {
      check.evaluate(ctx);
    } catch (err) {
      if (err instanceof BudgetExceededError) throw err;
      // A bug in one check must not hide the others' findings.
      findings.push(
        toFinding(check, inv.accountId, region, {
          status: "error",
          messageId: "checkCrashed",
          resource: inv.accountId,
          subject: "checkCrashed",
          data: { error: err instanceof Error ? err.message : String(err) },
        }),
      );
    }
  }
}

/** A check reported a message id its meta.messages does not declare. */
export class UnknownMessageIdError extends Error {
  constructor(
    readonly checkId: string,
    readonly messageId: string,
  ) {
    super(`check ${checkId} reported messageId "${messageId}", which is not declared in its meta.messages`);
    this.name = "UnknownMessageIdError";
  }
}

function toFinding(check: Check, accountId: string, region: string, r: Report<string>): Finding {
  const data = r.data ?? {};
  const messages = check.meta.messages as Record<string, string>;
  const template = Object.hasOwn(messages, r.messageId)
    ? messages[r.messageId]!
    : r.messageId === "checkCrashed"
      ? "The check failed to run: {error}"
      : r.messageId === BUDGET_MESSAGE_ID
        ? BUDGET_TEMPLATE
        : undefined;
  // As ESLint does for context.report(): an id the check does not declare is a bug in the check, never a message.
  if (template === undefined) throw new UnknownMessageIdError(check.meta.id, r.messageId);
  const at = r.region ?? region;
  return {
    id: findingId({
      checkId: check.meta.id,
      accountId,
      region: at,
      resource: r.resource,
      subject: r.subject,
    }),
    checkId: check.meta.id,
    status: r.status,
    severity: check.meta.severity,
    accountId,
    region: at,
    resource: r.resource,
    messageId: r.messageId,
    message: formatMessage(template, data),
    data,
    evidence: r.evidence ?? {},
    remediationId:
      r.status !== "fail"
        ? null
        : r.remediationId !== undefined
          ? r.remediationId
          : (check.meta.remediationIds[0] ?? null),
    suppressed: false,
    ...(r.incident ? { incident: r.incident } : {}),
  };
}
