/**
 * One cause, one finding. When a region cannot be read (an SCP denies it, STS is off there), when the audit role
 * cannot be assumed, or when an account's evaluation budget runs out, every other check in that scope can only say
 * "could not look". Reporting each of them buries the cause under symptoms: a denied region would read as one
 * failure and 26 errors. The symptoms are folded into the cause instead; the cause lists the checks it hides, and
 * coverage and drift treat a hidden check exactly as an error there (unknown, never resolved).
 */
import type { Check, Finding } from "./check.ts";

/** The message id of the findings a spent evaluation budget leaves (src/engine/evaluate.ts). */
export const BUDGET_MESSAGE_ID = "evaluationBudgetExceeded";

const isCause = (f: Finding, obscuring: ReadonlySet<string>) =>
  obscuring.has(f.checkId) && (f.status === "fail" || f.status === "error");

/** Does `cause` account for the error finding `symptom`? Same account, and the cause's scope holds it. */
function explains(cause: Finding, symptom: Finding): boolean {
  if (cause.accountId !== symptom.accountId) return false;
  // A spent budget explains the other budget findings only: another error in the account had its own cause.
  if (cause.messageId === BUDGET_MESSAGE_ID) return symptom.messageId === BUDGET_MESSAGE_ID;
  return cause.region === "global" || cause.region === symptom.region;
}

export function foldSymptoms(findings: readonly Finding[], checks: readonly Check[]): Finding[] {
  const obscuring = new Set(checks.filter((c) => c.meta.obscuresCoverage).map((c) => c.meta.id));
  const causes = findings.filter((f) => isCause(f, obscuring));
  const budget = findings.find((f) => f.messageId === BUDGET_MESSAGE_ID);
  if (budget) causes.push(budget);
  if (causes.length === 0) return [...findings];
  const hidden = new Map<Finding, Set<string>>();
  const kept: Finding[] = [];
  for (const f of findings) {
    const cause =
      f.status === "error" && !causes.includes(f) && !obscuring.has(f.checkId)
        ? causes.find((c) => explains(c, f))
        : undefined;
    if (!cause) {
      kept.push(f);
      continue;
    }
    const ids = hidden.get(cause) ?? new Set<string>();
    ids.add(f.checkId);
    hidden.set(cause, ids);
  }
  return kept.map((f) => {
    const ids = hidden.get(f);
    return ids ? { ...f, hides: [...ids].sort() } : f;
  });
}

/** The findings as if the hidden ones had been reported: an error of each hidden check in its cause's scope. */
export function withHidden(findings: readonly Finding[]): Finding[] {
  const out = [...findings];
  for (const f of findings) {
    for (const checkId of f.hides ?? []) {
      out.push({ ...f, checkId, status: "error", hides: undefined, suppressed: false });
    }
  }
  return out;
}
