/** Plans and apply results as a person reads them, in the manner of `terraform plan`. */
import { styleText } from "node:util";
import type { ApplyResult } from "./apply.ts";
import type { Plan } from "./plan.ts";
import { APPLY_REASONS, type ApplyReasonId } from "./reasons.ts";

type Paint = (style: Parameters<typeof styleText>[0], text: string) => string;
const painter = (color: boolean): Paint => (color ? (s, t) => styleText(s, t) : (_s, t) => t);

const SYMBOL = { create: "+", update: "~", enable: "~", manual: "!" } as const;

const WIDTH = 100;

/** Cuts a line to the console width, marking the cut. */
function fit(text: string, width = WIDTH): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

export function renderPlan(plan: Plan, opts: { color?: boolean } = {}): string {
  const paint = painter(opts.color ?? false);
  const out: string[] = [];
  if (plan.changes.length === 0) {
    out.push(paint("bold", "No changes. Nothing wirewatch may fix is broken."));
  } else {
    out.push(
      paint("bold", "wirewatch will perform the following actions (nothing has been written yet):"),
      "",
    );
  }
  for (const c of plan.changes) {
    const color = c.action === "create" ? "green" : c.action === "manual" ? "red" : "yellow";
    out.push(
      paint(color, `  ${SYMBOL[c.action]} ${c.action.padEnd(7)}`) +
        paint("bold", fit(` ${c.summary}`, WIDTH - 12)),
    );
    out.push(fit(`      ${c.accountId} ${c.region}  ${c.remediationId}  ${c.resource}`));
    const fixes = [
      ...new Set(c.fixes.map((f) => `${f.checkId}${f.region === "global" ? "" : ` ${f.region}`}`)),
    ];
    out.push(fit(`      fixes: ${fixes.join(", ")}`));
    if (c.hold)
      out.push(paint("yellow", fit(`      apply will not run it (${c.hold.reason}): ${c.hold.detail}`)));
    if (c.manual) out.push(paint("red", `      a person must: ${c.manual}`));
    for (const call of c.calls) {
      out.push(paint("dim", fit(`      ${call.service}:${call.operation} ${JSON.stringify(call.input)}`)));
    }
    out.push("");
  }
  if (plan.refused.length > 0) {
    out.push(paint("bold", "Refused (a machine must not or cannot fix these):"));
    for (const r of plan.refused) {
      out.push(
        `  - ${r.finding.checkId} [${r.finding.accountId} ${r.finding.region}] ${r.remediationId}: ${r.reason}`,
      );
    }
    out.push("");
  }
  const incidents = plan.incidents ?? [];
  if (incidents.length > 0) {
    out.push(
      paint("bold", "Incidents (already happened; nothing to re-create, a person must explain them):"),
    );
    for (const k of incidents) out.push(fit(`  - ${k.checkId} [${k.accountId} ${k.region}] ${k.resource}`));
    out.push("");
  }
  const runs = (a: string) => plan.changes.filter((c) => c.action === a && !c.hold).length;
  const held = (r: string) => plan.changes.filter((c) => c.hold?.reason === r).length;
  out.push(
    paint(
      "bold",
      `Plan: ${runs("create")} to create, ${runs("update")} to update, ${runs("enable")} to enable, ` +
        `${runs("manual")} for a person; ${held("not-allowed")} not allowlisted, ${held("over-cap")} over the cap; ` +
        `${plan.refused.length} refused, ${plan.unremediable.length} without a remediation.`,
    ),
  );
  return out.join("\n") + "\n";
}

/** The console line for a change's reason: the reason's text, then its particulars. */
export function reasonText(reasonId: ApplyReasonId, detail?: string): string {
  return detail ? `${APPLY_REASONS[reasonId].text} (${detail})` : APPLY_REASONS[reasonId].text;
}

export function renderApply(result: ApplyResult, opts: { color?: boolean } = {}): string {
  const paint = painter(opts.color ?? false);
  const out: string[] = [paint("bold", "Apply results:"), ""];
  for (const o of result.outcomes) {
    const color =
      o.status === "applied"
        ? "green"
        : o.status === "manual" || (o.reasonId && APPLY_REASONS[o.reasonId].failsApply)
          ? "red"
          : "yellow";
    out.push(
      `  ${paint(color, o.status.padEnd(11))} ${fit(`${o.summary}  [${o.accountId} ${o.region}]`, WIDTH - 14)}`,
    );
    if (o.reasonId) out.push(`              ${o.reasonId}: ${reasonText(o.reasonId, o.detail)}`);
    for (const gap of new Set(
      o.closed.map((k) => `${k.checkId}${k.region === "global" ? "" : ` ${k.region}`}`),
    ))
      out.push(paint("green", `              closed: ${gap}`));
    for (const k of o.open) {
      out.push(
        paint(
          k.movedTo ? "yellow" : "red",
          `              still open${k.movedTo ? ` (now on ${k.movedTo}; plan again)` : ""}: ` +
            `${k.finding.checkId} ${k.finding.region}: ${k.message}`,
        ),
      );
    }
    for (const k of o.closedBy ?? []) {
      const where = `${k.finding.checkId}${k.finding.region === "global" ? "" : ` ${k.finding.region}`}`;
      const by = result.outcomes.find((x) => x.id === k.change);
      out.push(
        `              closed all the same, by ${by ? `"${by.summary}"` : "no change of this apply"}: ${where}`,
      );
    }
  }
  const c = result.counts;
  const refusals = new Map<ApplyReasonId, number>();
  for (const o of result.outcomes) {
    if (o.status === "refused" && o.reasonId) refusals.set(o.reasonId, (refusals.get(o.reasonId) ?? 0) + 1);
  }
  const why = [...refusals].map(([id, n]) => `${id} ${n}`).join(", ");
  out.push(
    "",
    paint(
      "bold",
      `Applied ${c.applied}, failed ${c.failed}, refused ${c.refused}${why ? ` (${why})` : ""}, ` +
        `for a person ${c.manual}, skipped ${c.skipped}. Gaps closed: ${result.gaps.closed}` +
        `${result.gaps.closedUncredited > 0 ? ` (and ${result.gaps.closedUncredited} by no change of this apply)` : ""}, ` +
        `still open: ${result.gaps.open}.`,
    ),
  );
  const p = result.forPerson;
  const left = p.manual + p.refused + p.unremediable + p.held;
  if (left > 0) {
    out.push(
      `Left for a person: ${p.manual} manual steps, ${p.refused} refused, ${p.unremediable} without a remediation, ` +
        `${p.held} held back by the allowlist or the cap.`,
    );
  }
  if (!result.verifiedCompletely)
    out.push("The rescan could not read everything: unread gaps are not closed.");
  return out.join("\n") + "\n";
}
