/**
 * The remediation role's generated policy (config/iam/remediation-role-policy.json) is exactly what apply needs,
 * proven against the simulator, which evaluates each principal's policy per action, with the actions a request
 * depends on for what it sets (tags on create, a role passed: sim/iam.ts): with it every change of a plan that
 * uses every remediation applies; with any one action taken out, exactly the calls that need it fail, each with the
 * service's denial error, and every other change still applies. The audit role and the hub run with their
 * generated policies throughout.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runApply, scanAndPlan } from "../../../src/cli/remediate.ts";
import type { Plan } from "../../../src/remediate/plan.ts";
import type { PlannedChange } from "../../../src/remediate/remediation.ts";
import { requiredAuthorisations } from "../../../sim/iam.ts";
import { account, bundledScenario, type MutableScenario } from "../../support/e2e.ts";
import {
  GENERATED,
  actionsOf,
  policyRun,
  withPolicies,
  without,
  type PolicyRun,
  type Principals,
} from "../../support/least-privilege.ts";
import { ALL_REMEDIATIONS } from "../../support/remediate.ts";

/**
 * The demo organization (a gap of every kind) in one region, without dev's single-region trail so that its stopped
 * multi-region trail leaves us-east-1 blind, and a new account with nothing wired, so that a trail is created too:
 * the plan uses every remediation.
 */
function demoOneRegion(): MutableScenario {
  const s = bundledScenario("demo");
  s.defaults = { ...s.defaults, regions: ["us-east-1"] };
  for (const a of s.accounts) delete a.regions;
  const dev = account(s, DEV);
  dev.trails = (dev.trails ?? []).filter((t) => t.name !== "dev-local");
  s.accounts.push({ id: "555555555555", name: "fresh" } as MutableScenario["accounts"][number]);
  return s;
}

const DEV = "333333333333";

let run: PolicyRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function planAndApply(p: Principals) {
  run = await policyRun(withPolicies(demoOneRegion(), p));
  const { plan } = await scanAndPlan(run.config, run.layer);
  const { result } = await runApply(
    plan,
    run.config,
    run.layer,
    mkdtempSync(join(tmpdir(), "wirewatch-lp-")),
  );
  return { plan, result };
}

/** The IAM actions each call of a change must be allowed, as the simulator authorises it. */
const needsOf = (c: PlannedChange) =>
  c.calls.map((call) =>
    requiredAuthorisations(call.service, call.operation, call.input).map((a) => a.action),
  );
const writes = (plan: Plan) => plan.changes.filter((c) => c.action !== "manual");

const REMEDIATION_ACTIONS = actionsOf(GENERATED().remediation);
const DENIAL = /^(AccessDeniedException|AccessDenied): /;

describe("the generated remediation policy is least privilege", () => {
  it("applies a plan that uses every remediation and every action it grants", async () => {
    const { plan, result } = await planAndApply(GENERATED());
    expect([...new Set(plan.changes.map((c) => c.remediationId))].sort()).toEqual(
      [...ALL_REMEDIATIONS].sort(),
    );
    expect(
      result.outcomes.filter((o) => o.status !== "applied" && o.status !== "manual").map((o) => o.id),
    ).toEqual([]);
    const used = new Set(writes(plan).flatMap((c) => needsOf(c).flat()));
    expect([...used].sort()).toEqual([...REMEDIATION_ACTIONS].sort());
  });

  it.each(REMEDIATION_ACTIONS)("without %s exactly the calls that need it fail", async (action) => {
    const p = GENERATED();
    const { plan, result } = await planAndApply({ ...p, remediation: without(p.remediation, action) });
    const byId = new Map(result.outcomes.map((o) => [o.id, o]));
    let denied = 0;
    for (const change of writes(plan)) {
      const outcome = byId.get(change.id)!;
      const first = needsOf(change).findIndex((needs) => needs.includes(action));
      if (first < 0) {
        // A change that does not need the action applies, unless an earlier change to its resource failed.
        expect([change.id, outcome.status, outcome.reasonId]).toEqual(
          outcome.status === "skipped"
            ? [change.id, "skipped", "earlier-change-failed"]
            : [change.id, "applied", undefined],
        );
        continue;
      }
      // The calls before it succeed, it is denied with the service's own error, and the change stops there.
      expect([change.id, outcome.status, outcome.reasonId]).toEqual([change.id, "failed", "call-failed"]);
      expect(outcome.calls.map((c) => c.ok)).toEqual([...Array(first).fill(true), false]);
      expect(outcome.calls[first]!.error).toMatch(DENIAL);
      expect(outcome.calls[first]!.error).toContain(action);
      denied += 1;
    }
    expect(denied).toBeGreaterThan(0);
  });
});
