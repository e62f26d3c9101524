/**
 * Plans a remediation the way `wirewatch plan` does: the real checks evaluate an inventory built with the
 * inventory builder, and planAccount turns their failing findings into changes and refusals. Inputs are
 * deep-frozen so a plan that mutates the inventory fails, and every merged change is re-planned from each of its
 * findings alone: the contract says a plan computes the same change whichever of its findings it is called for.
 */
import { expect } from "vitest";
import type { Check, EvaluationInput, Finding } from "../../src/engine/check.ts";
import { evaluateAccount } from "../../src/engine/evaluate.ts";
import { selfInconsistency } from "../../src/remediate/integrity.ts";
import { planAccount } from "../../src/remediate/plan.ts";
import type { PlannedChange, Refusal, Remediation } from "../../src/remediate/remediation.ts";

export const TAGS = { "wirewatch:managed": "true" };
export const HOME_REGION = "us-east-1";

export interface Planned {
  findings: Finding[];
  changes: PlannedChange[];
  refused: Refusal[];
  /** Failing findings that name no remediation (or one not under test). */
  unremediable: string[];
  /** Failing findings that record an incident: never planned. */
  incidents: string[];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function planWith(
  checks: readonly Check[],
  remediation: Remediation,
  input: EvaluationInput,
  /** Rewrites findings before planning, e.g. to route one the check leaves to a person. */
  adjust: (f: Finding) => Finding = (f) => f,
): Planned {
  deepFreeze(input.inventory);
  deepFreeze(input.baseline);
  const findings = evaluateAccount(checks, input).map(adjust);
  const registry = new Map([[remediation.meta.id, remediation]]);
  const opts = { tags: TAGS, homeRegion: HOME_REGION };
  const out = planAccount(findings, input, registry, opts);
  for (const change of out.changes) {
    // Apply refuses a change that is not whole once it has been through a plan file.
    const saved = JSON.parse(JSON.stringify(change)) as PlannedChange;
    expect(selfInconsistency(saved, registry, new Set()), `${change.id} read back from a plan file`).toBe(
      undefined,
    );
    for (const key of change.fixes) {
      const alone = findings.filter(
        (f) =>
          f.checkId === key.checkId &&
          f.region === key.region &&
          f.resource === key.resource &&
          f.messageId === key.messageId,
      );
      const again = planAccount(alone, input, registry, opts).changes;
      expect(
        again.map((c) => [c.id, c.fingerprint]),
        `${change.id} planned alone from ${key.checkId} ${key.region} ${key.messageId}`,
      ).toEqual([[change.id, change.fingerprint]]);
    }
  }
  return {
    findings,
    changes: out.changes,
    refused: out.refused,
    unremediable: out.unremediable.map((k) => `${k.checkId} ${k.region} ${k.messageId}`),
    incidents: out.incidents.map((k) => `${k.checkId} ${k.region} ${k.messageId}`),
  };
}

/** A change as tests compare it: action, region, resource and the exact calls. */
export const shape = (c: PlannedChange) => ({
  action: c.action,
  region: c.region,
  resource: c.resource,
  calls: c.calls.map((call) => ({
    op: `${call.service}:${call.operation}`,
    region: call.region,
    input: call.input,
  })),
});
