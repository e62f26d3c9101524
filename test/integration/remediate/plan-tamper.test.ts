/**
 * Plans that cannot be steered: a saved plan edited in each way an attacker would (destination, pattern, trail
 * name, account, region, an added call, a removed fingerprint, a swapped remediation, a duplicated change), with
 * and without rewriting its fingerprint to match, is refused as tampered with an audit record, and the
 * simulator's CloudTrail history shows nothing was written. The untouched plan still applies.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { layerFromConfig, type AwsLayer } from "../../../src/aws/layer.ts";
import { runApply, scanAndPlan } from "../../../src/cli/remediate.ts";
import { loadConfig, mergeConfig } from "../../../src/config/load.ts";
import type { Config } from "../../../src/config/schema.ts";
import { readPlan } from "../../../src/remediate/plan-file.ts";
import { changeIdOf, fingerprint, type Plan } from "../../../src/remediate/plan.ts";
import type { PlannedChange } from "../../../src/remediate/remediation.ts";
import { parseScenario } from "../../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../../sim/server.ts";
import { account, bundledScenario, trailOf } from "../../support/e2e.ts";
import { remediationConfig } from "../../support/remediate.ts";

const MGMT = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";
const ATTACKER = "arn:aws:logs:us-east-1:999999999999:destination:exfiltrate";

let sim: Simulator;
let config: Config;
let layer: AwsLayer;
let plan: Plan;
let seeded: Map<string, number>;

/** Writes recorded by the simulator since the scenario was loaded (CloudTrail events, readOnly false). */
function writes(): string[] {
  const out: string[] = [];
  for (const [id, a] of sim.world.accounts) {
    for (const [region, st] of a.regionState) {
      for (const e of st.events.slice(seeded.get(`${id} ${region}`) ?? 0)) {
        out.push(`${id} ${region} ${e.EventName}`);
      }
    }
  }
  return out;
}

beforeAll(async () => {
  const s = bundledScenario("healthy");
  trailOf(s, PROD).logging = false;
  trailOf(s, PROD).status = { stopLoggingTime: "-30d" };
  const dev = account(s, DEV).regionState as Record<string, { logGroups: Array<Record<string, unknown>> }>;
  dev["us-east-1"]!.logGroups[0]!.subscriptionFilters = [];
  sim = await startSimulator({ scenario: parseScenario(s) });
  seeded = new Map();
  for (const [id, a] of sim.world.accounts) {
    for (const [region, st] of a.regionState) seeded.set(`${id} ${region}`, st.events.length);
  }
  config = loadConfig(
    undefined,
    mergeConfig(remediationConfig(), { aws: { endpoint: sim.endpoint } }) as Record<string, unknown>,
  );
  layer = layerFromConfig(config.aws, {
    accessKeyId: sim.hub.accessKeyId,
    secretAccessKey: sim.hub.secretAccessKey,
  });
  plan = (await scanAndPlan(config, layer)).plan;
  // A plan file is JSON: what apply reads has been through it.
  plan = JSON.parse(JSON.stringify(plan)) as Plan;
});

afterAll(async () => {
  layer.close();
  await sim.close();
});

const byRemediation = (p: Plan, id: string): PlannedChange => {
  const c = p.changes.find((x) => x.remediationId === id);
  if (!c) throw new Error(`plan has no ${id} change`);
  return c;
};

/** Re-derives the id and fingerprint, as an attacker who read the source would. */
function disguise(c: PlannedChange): PlannedChange {
  c.id = changeIdOf(c);
  c.fingerprint = fingerprint(c.before, c.calls);
  return c;
}

type Edit = (p: Plan) => PlannedChange[];
const SUBSCRIPTION = "logs.put-subscription-filter";
const START = "cloudtrail.start-logging";

const EDITS: Array<[string, Edit]> = [
  [
    "destination",
    (p) => {
      const c = byRemediation(p, SUBSCRIPTION);
      c.calls[0]!.input.destinationArn = ATTACKER;
      return [c];
    },
  ],
  [
    "destination, fingerprint rewritten",
    (p) => {
      const c = byRemediation(p, SUBSCRIPTION);
      c.calls[0]!.input.destinationArn = ATTACKER;
      return [disguise(c)];
    },
  ],
  [
    "pattern, fingerprint rewritten",
    (p) => {
      const c = byRemediation(p, SUBSCRIPTION);
      c.calls[0]!.input.filterPattern = '{ $.eventName = "NothingEverMatches" }';
      return [disguise(c)];
    },
  ],
  [
    "trail name, fingerprint rewritten",
    (p) => {
      const c = byRemediation(p, START);
      c.calls[0]!.input.Name = `arn:aws:cloudtrail:us-east-1:${PROD}:trail/some-other-trail`;
      return [disguise(c)];
    },
  ],
  [
    "account",
    (p) => {
      const c = byRemediation(p, START);
      c.accountId = MGMT;
      return [c];
    },
  ],
  [
    "account, rewritten throughout",
    (p) => [
      disguise(JSON.parse(JSON.stringify(byRemediation(p, START)).replaceAll(PROD, DEV)) as PlannedChange),
    ],
  ],
  [
    "region",
    (p) => {
      const c = byRemediation(p, START);
      c.region = "eu-west-1";
      return [c];
    },
  ],
  [
    "a call's region, fingerprint rewritten",
    (p) => {
      const c = byRemediation(p, SUBSCRIPTION);
      c.calls[0]!.region = "eu-west-1";
      return [disguise(c)];
    },
  ],
  [
    "an added call, fingerprint rewritten",
    (p) => {
      const c = byRemediation(p, START);
      c.calls.push({
        service: "logs",
        operation: "PutSubscriptionFilter",
        region: "us-east-1",
        input: {
          logGroupName: "aws-cloudtrail-logs",
          filterName: "x",
          filterPattern: "",
          destinationArn: ATTACKER,
        },
      });
      return [disguise(c)];
    },
  ],
  [
    "a removed fingerprint",
    (p) => {
      const c = byRemediation(p, START);
      delete (c as Partial<PlannedChange>).fingerprint;
      return [c];
    },
  ],
  [
    "a swapped remediation, rewritten throughout",
    (p) => {
      const c = byRemediation(p, START);
      c.remediationId = "cloudtrail.update-trail";
      c.calls = [
        { service: "cloudtrail", operation: "UpdateTrail", region: "us-east-1", input: { Name: "x" } },
      ];
      return [disguise(c)];
    },
  ],
  ["a duplicated change", (p) => [byRemediation(p, START), byRemediation(p, START)]],
];

describe("an edited plan", () => {
  it.each(EDITS)("%s: refused as tampered, audited, nothing written", async (_label, edit) => {
    const copy = JSON.parse(JSON.stringify(plan)) as Plan;
    copy.changes = edit(copy);
    // Through a plan file, as `apply --plan` reads it.
    const dir = mkdtempSync(join(tmpdir(), "wirewatch-tamper-"));
    writeFileSync(join(dir, "plan.json"), JSON.stringify(copy));
    const edited = (await readPlan(join(dir, "plan.json"))).plan;
    const { result, auditPath } = await runApply(edited, config, layer, dir);
    expect(result.outcomes.map((o) => [o.status, o.reasonId])).toEqual(
      edited.changes.map(() => ["refused", "tampered"]),
    );
    expect(result.counts.applied).toBe(0);
    expect(writes()).toEqual([]);
    const audit = readFileSync(auditPath, "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { audit: { reason?: string; change?: string; planId?: string } }).audit);
    expect(audit.map((a) => [a.reason, a.planId])).toEqual(
      edited.changes.map(() => ["tampered", plan.planId]),
    );
  });

  it("untouched, applies exactly its calls", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wirewatch-tamper-"));
    const { result } = await runApply(plan, config, layer, dir);
    expect(result.outcomes.map((o) => [o.remediationId, o.status]).sort()).toEqual([
      [START, "applied"],
      [SUBSCRIPTION, "applied"],
    ]);
    expect(writes().sort()).toEqual([
      `${PROD} us-east-1 StartLogging`,
      `${DEV} us-east-1 PutSubscriptionFilter`,
    ]);
  });
});
