/**
 * The plan as Markdown, for a pull-request comment (as teams post `terraform plan`): what would change, what a
 * person must do, and what apply would hold back. The exact calls sit in a collapsed block.
 */
import { cell } from "../report/markdown.ts";
import type { Plan } from "./plan.ts";

const code = (text: string) => "`" + text.replace(/`/g, "'") + "`";
const SYMBOL = { create: "+", update: "~", enable: "~", manual: "!" } as const;

export function renderPlanMarkdown(plan: Plan): string {
  const runs = (a: string) => plan.changes.filter((c) => c.action === a && !c.hold).length;
  const held = plan.changes.filter((c) => c.hold).length;
  const out: string[] = [
    "## wirewatch plan",
    "",
    plan.changes.length === 0
      ? "No changes. Nothing wirewatch may fix is broken."
      : `**${runs("create")} to create, ${runs("update")} to update, ${runs("enable")} to enable, ` +
        `${runs("manual")} for a person**; ${held} held back, ${plan.refused.length} refused, ` +
        `${plan.unremediable.length} without a remediation. Nothing has been written to AWS.`,
    "",
  ];
  if (plan.changes.length > 0) {
    out.push(
      "| | Change | Account | Region | Remediation | Fixes | Apply |",
      "| --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const c of plan.changes) {
      const fixes = [...new Set(c.fixes.map((f) => f.checkId))].map(code).join(", ");
      out.push(
        `| ${SYMBOL[c.action]} ${c.action} | ${cell(c.summary)} | ${code(c.accountId)} | ${code(c.region)} | ` +
          `${code(c.remediationId)} | ${fixes} | ${c.hold ? `held: ${cell(c.hold.reason)}` : c.manual ? "a person must act" : "runs"} |`,
      );
    }
    out.push("");
    const manual = plan.changes.filter((c) => c.manual);
    if (manual.length > 0) {
      out.push("### A person must", "");
      for (const c of manual) out.push(`- ${code(c.accountId)} ${code(c.region)}: ${cell(c.manual ?? "")}`);
      out.push("");
    }
    out.push("<details><summary>The calls apply would make</summary>", "", "```");
    for (const c of plan.changes) {
      out.push(`# ${c.accountId} ${c.region} ${c.remediationId}`);
      for (const call of c.calls)
        out.push(`${call.service}:${call.operation} ${JSON.stringify(call.input)}`.replace(/```/g, "'''"));
    }
    out.push("```", "", "</details>", "");
  }
  if (plan.refused.length > 0) {
    out.push("### Refused", "");
    for (const r of plan.refused)
      out.push(
        `- ${code(r.finding.checkId)} ${code(r.finding.accountId)} ${code(r.finding.region)} ${code(r.remediationId)}: ${cell(r.reason)}`,
      );
    out.push("");
  }
  const incidents = plan.incidents ?? [];
  if (incidents.length > 0) {
    out.push("### Incidents (a person must explain them)", "");
    for (const k of incidents)
      out.push(`- ${code(k.checkId)} ${code(k.accountId)} ${code(k.region)} ${code(k.resource)}`);
    out.push("");
  }
  return out.join("\n");
}
