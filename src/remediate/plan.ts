/**
 * Planning: pure. Each failing finding with a remediation id becomes a change (or a refusal); changes that fix
 * the same thing are merged. The plan is plain JSON; apply executes exactly its calls.
 */
import { createHash, randomUUID } from "node:crypto";
import type { EvaluationInput, Finding } from "../engine/check.ts";
import type { PlanSignature } from "./integrity.ts";
import type { FindingKey, PlannedChange, Refusal, Remediation } from "./remediation.ts";

export const PLAN_VERSION = "1";

export interface Plan {
  version: typeof PLAN_VERSION;
  planId: string;
  createdAt: string;
  changes: PlannedChange[];
  refused: Refusal[];
  /** Failing findings no remediation covers (a person must act). */
  unremediable: FindingKey[];
  /** Present when the plan was written with a signing key (see integrity.ts). */
  signature?: PlanSignature;
  /**
   * Incidents (a trail stopped and restarted): nothing to re-create and no standing gap, so they neither become
   * changes nor count as gaps left for a person; they are listed for whoever reads the plan.
   */
  incidents?: FindingKey[];
}

export interface PlanOptions {
  tags: Record<string, string>;
  homeRegion: string;
}

export const keyOf = (f: Finding): FindingKey => ({
  checkId: f.checkId,
  accountId: f.accountId,
  region: f.region,
  resource: f.resource,
  messageId: f.messageId,
});

/** A change's id: stable across plans of the same state. */
export const changeIdOf = (c: Pick<PlannedChange, "remediationId" | "accountId" | "region" | "resource">) =>
  `${c.remediationId}:${c.accountId}:${c.region}:${c.resource}`;

/** Deterministic JSON: object keys sorted, so equal states hash equally. */
export function stableJson(value: unknown): string {
  // As JSON.stringify does, so a state hashes the same before and after a trip through a plan file.
  if (value && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return stableJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export const fingerprint = (state: unknown, calls: unknown): string =>
  createHash("sha256").update(stableJson({ state, calls })).digest("hex").slice(0, 32);

/** Plans the failing findings of one account. */
export function planAccount(
  findings: readonly Finding[],
  input: EvaluationInput,
  remediations: ReadonlyMap<string, Remediation>,
  opts: PlanOptions,
): { changes: PlannedChange[]; refused: Refusal[]; unremediable: FindingKey[]; incidents: FindingKey[] } {
  const changes = new Map<string, PlannedChange>();
  const refused: Refusal[] = [];
  const unremediable: FindingKey[] = [];
  const incidents: FindingKey[] = [];
  for (const finding of findings) {
    if (finding.status !== "fail" || finding.suppressed) continue;
    const key = keyOf(finding);
    if (finding.incident) {
      incidents.push(key);
      continue;
    }
    const remediation = finding.remediationId ? remediations.get(finding.remediationId) : undefined;
    if (!remediation) {
      unremediable.push(key);
      continue;
    }
    const outcome = remediation.plan({ ...input, finding, tags: opts.tags, homeRegion: opts.homeRegion });
    if ("refuse" in outcome) {
      refused.push({ remediationId: remediation.meta.id, finding: key, reason: outcome.refuse });
      continue;
    }
    const id = changeIdOf({
      remediationId: remediation.meta.id,
      accountId: finding.accountId,
      region: outcome.region,
      resource: outcome.resource,
    });
    const existing = changes.get(id);
    if (existing) {
      existing.fixes.push(key);
      continue;
    }
    changes.set(id, {
      id,
      remediationId: remediation.meta.id,
      fixes: [key],
      action: outcome.action,
      accountId: finding.accountId,
      region: outcome.region,
      resource: outcome.resource,
      summary: outcome.summary,
      calls: outcome.calls,
      ...(outcome.manual ? { manual: outcome.manual } : {}),
      fingerprint: fingerprint(outcome.state, outcome.calls),
      before: outcome.state,
    });
  }
  return { changes: [...changes.values()], refused, unremediable, incidents };
}

export function emptyPlan(): Plan {
  return {
    version: PLAN_VERSION,
    planId: randomUUID(),
    createdAt: new Date().toISOString(),
    changes: [],
    refused: [],
    unremediable: [],
    incidents: [],
  };
}

export function addToPlan(plan: Plan, part: ReturnType<typeof planAccount>): void {
  plan.changes.push(...part.changes);
  plan.refused.push(...part.refused);
  plan.unremediable.push(...part.unremediable);
  (plan.incidents ??= []).push(...part.incidents);
}

export function sortPlan(plan: Plan): Plan {
  plan.changes.sort((a, b) => a.accountId.localeCompare(b.accountId) || a.id.localeCompare(b.id));
  return plan;
}
