/** Runs the registered checks over one account's inventory and returns its findings. Pure. */
import type { Check, CheckContext, EvaluationInput, Finding, Report } from "./check.ts";
import { formatMessage } from "./check.ts";

export function evaluateAccount(checks: readonly Check[], input: EvaluationInput): Finding[] {
  const findings: Finding[] = [];
  const inv = input.inventory;
  const regions = Object.keys(inv.regions).sort();
  // Without access or a region list nothing was read: only the reachability checks can say anything.
  const reachable = inv.access.ok && inv.enabledRegions.ok;
  for (const check of checks) {
    if (!reachable && !check.meta.id.startsWith("org.")) continue;
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
        // A bug in one check must not hide the others' findings.
        findings.push(
          toFinding(check, inv.accountId, region, {
            status: "error",
            messageId: "checkCrashed",
            resource: inv.accountId,
            data: { error: err instanceof Error ? err.message : String(err) },
          }),
        );
      }
    }
  }
  return findings;
}

function toFinding(check: Check, accountId: string, region: string, r: Report<string>): Finding {
  const data = r.data ?? {};
  const template =
    (check.meta.messages as Record<string, string>)[r.messageId] ??
    (r.messageId === "checkCrashed" ? "The check failed to run: {error}" : r.messageId);
  return {
    checkId: check.meta.id,
    status: r.status,
    severity: check.meta.severity,
    accountId,
    region: r.region ?? region,
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
  };
}
