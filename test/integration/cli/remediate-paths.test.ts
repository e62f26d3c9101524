/**
 * The log, alarm and fast path remediations applied for real, in-process: a bundled healthy organization served
 * by the simulator, one thing broken the way it breaks in practice, then the pipeline `wirewatch apply` runs
 * (scanAndPlan, runApply with only that remediation allowed). The gap must close on re-verification, the
 * simulator's CloudTrail history must hold exactly the planned calls, made by the remediation role, and a second
 * plan must have nothing left to do for the remediation.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { layerFromConfig, type AwsLayer } from "../../../src/aws/layer.ts";
import { runApply, scanAndPlan } from "../../../src/cli/remediate.ts";
import { loadConfig, mergeConfig } from "../../../src/config/load.ts";
import type { Config } from "../../../src/config/schema.ts";
import { parseScenario } from "../../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../../sim/server.ts";
import { account, bundledScenario, type MutableScenario } from "../../support/e2e.ts";
import { remediationConfig } from "../../support/remediate.ts";

const MGMT = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";
const REMEDIATION_ROLE = "assumed-role/WirewatchRemediation/";

interface RuleInput {
  name: string;
  state?: string;
  eventPattern?: unknown;
  targets?: unknown[];
}
interface GroupInput {
  name: string;
  retentionInDays?: number;
  subscriptionFilters?: unknown[];
  metricFilters?: Array<{ name: string }>;
}
interface RegionInput {
  rules?: RuleInput[];
  logGroups?: GroupInput[];
  alarms?: Array<{ name: string; actionsEnabled?: boolean }>;
}

/** The healthy organization, unshared: YAML aliases would otherwise make one account's edit everyone's. */
function healthy(): MutableScenario {
  return JSON.parse(JSON.stringify(bundledScenario("healthy"))) as MutableScenario;
}
const regionOf = (s: MutableScenario, id: string, region: string) =>
  (account(s, id).regionState as Record<string, RegionInput>)[region]!;
const groupOf = (s: MutableScenario, id: string) => regionOf(s, id, "us-east-1").logGroups![0]!;

interface Write {
  at: string;
  call: string;
  by: string;
  input: unknown;
  error?: string;
}

interface Run {
  sim: Simulator;
  config: Config;
  layer: AwsLayer;
  /** Writes the simulator recorded since it started, per `account region`, oldest first. */
  writes(): Write[];
}

let open: Run | undefined;
afterEach(async () => {
  open?.layer.close();
  await open?.sim.close();
  open = undefined;
});

async function start(
  scenario: MutableScenario,
  allow: string,
  extra: Record<string, unknown> = {},
): Promise<Run> {
  const sim = await startSimulator({ scenario: parseScenario(scenario) });
  const seeded = new Map<string, number>();
  for (const [id, a] of sim.world.accounts) {
    for (const [region, st] of a.regionState) seeded.set(`${id} ${region}`, st.events.length);
  }
  const overrides = mergeConfig(remediationConfig({ remediation: { allowlist: [allow] } }), {
    aws: { endpoint: sim.endpoint },
    ...extra,
  }) as Record<string, unknown>;
  const config = loadConfig(undefined, overrides);
  const layer = layerFromConfig(config.aws, {
    accessKeyId: sim.hub.accessKeyId,
    secretAccessKey: sim.hub.secretAccessKey,
  });
  open = {
    sim,
    config,
    layer,
    writes() {
      const out: Write[] = [];
      for (const [id, a] of sim.world.accounts) {
        for (const [region, st] of a.regionState) {
          for (const e of st.events.slice(seeded.get(`${id} ${region}`) ?? 0)) {
            const record = JSON.parse(e.CloudTrailEvent) as {
              userIdentity?: { arn?: string };
              requestParameters?: unknown;
              errorCode?: string;
            };
            out.push({
              at: `${id} ${region}`,
              call: `${e.EventSource.replace(".amazonaws.com", "")}:${e.EventName}`,
              by: record.userIdentity?.arn ?? "",
              input: record.requestParameters,
              ...(record.errorCode ? { error: record.errorCode } : {}),
            });
          }
        }
      }
      return out;
    },
  };
  return open;
}

/**
 * Plans, applies and re-plans with only `remediationId` allowed, and checks everything the issue asks of a
 * remediation; returns the plan's changes for the test's own assertions.
 */
async function applyAndVerify(run: Run, remediationId: string) {
  const { plan } = await scanAndPlan(run.config, run.layer);
  expect(run.writes(), "planning writes nothing").toEqual([]);
  expect(plan.changes.length).toBeGreaterThan(0);
  expect(plan.changes.map((c) => c.remediationId)).toEqual(plan.changes.map(() => remediationId));
  expect(plan.refused).toEqual([]);

  const dir = mkdtempSync(join(tmpdir(), "wirewatch-paths-"));
  const { result } = await runApply(plan, run.config, run.layer, dir);
  // Re-verified: every finding each change was planned for is closed.
  expect(result.outcomes.map((o) => [o.id, o.status, o.open])).toEqual(
    plan.changes.map((c) => [c.id, "applied", []]),
  );
  expect(result.outcomes.map((o) => o.closed.length)).toEqual(plan.changes.map((c) => c.fixes.length));

  // The CloudTrail history holds exactly the planned calls, in order, with their inputs, by the remediation role.
  const planned = plan.changes.flatMap((c) =>
    c.calls.map((call) => ({
      at: `${c.accountId} ${call.region}`,
      call: `${call.service}:${call.operation}`,
      input: JSON.parse(JSON.stringify(call.input)) as unknown,
    })),
  );
  const writes = run.writes();
  const order = (xs: Array<{ at: string }>) => [...new Set(xs.map((x) => x.at))].sort();
  expect(order(writes)).toEqual(order(planned));
  for (const at of order(planned)) {
    expect(
      writes.filter((w) => w.at === at).map((w) => ({ at: w.at, call: w.call, input: w.input })),
      at,
    ).toEqual(planned.filter((p) => p.at === at));
  }
  expect(writes.filter((w) => !w.by.includes(REMEDIATION_ROLE) || w.error)).toEqual([]);

  // Idempotent: nothing left for it to do.
  const again = await scanAndPlan(run.config, run.layer);
  expect(again.plan.changes.filter((c) => c.remediationId === remediationId)).toEqual([]);
  expect(again.plan.refused.filter((r) => r.remediationId === remediationId)).toEqual([]);
  return plan.changes;
}

describe("remediation of the fast, log and alarm paths against the simulator", () => {
  it("eventbridge.put-forwarding-rule: re-enables, rewrites and creates forwarding rules", async () => {
    const s = healthy();
    regionOf(s, PROD, "us-east-1").rules![0]!.state = "DISABLED";
    regionOf(s, DEV, "eu-west-1").rules = [];
    regionOf(s, MGMT, "ap-southeast-2").rules![0]!.eventPattern = {
      source: ["aws.ec2"],
      "detail-type": ["AWS API Call via CloudTrail"],
    };
    const changes = await applyAndVerify(
      await start(s, "eventbridge.put-forwarding-rule"),
      "eventbridge.put-forwarding-rule",
    );
    expect(changes.map((c) => [c.accountId, c.region, c.action, c.calls.map((x) => x.operation)])).toEqual([
      [MGMT, "ap-southeast-2", "update", ["PutRule", "PutTargets"]],
      [PROD, "us-east-1", "enable", ["EnableRule"]],
      [DEV, "eu-west-1", "create", ["PutRule", "PutTargets"]],
    ]);
  });

  it("logs.put-subscription-filter: subscribes a log group whose filter was deleted", async () => {
    const s = healthy();
    groupOf(s, PROD).subscriptionFilters = [];
    const changes = await applyAndVerify(
      await start(s, "logs.put-subscription-filter"),
      "logs.put-subscription-filter",
    );
    expect(changes.map((c) => [c.accountId, c.action, c.calls[0]!.input])).toEqual([
      [
        PROD,
        "create",
        {
          logGroupName: "aws-cloudtrail-logs",
          filterName: "wirewatch-central",
          filterPattern: "",
          destinationArn: `arn:aws:logs:us-east-1:${MGMT}:destination:wirewatch-central`,
        },
      ],
    ]);
  });

  it("logs.put-retention: raises a 30-day retention to the next accepted period above the baseline", async () => {
    const s = healthy();
    groupOf(s, PROD).retentionInDays = 30;
    const run = await start(s, "logs.put-retention", { baseline: { logs: { retentionDays: 200 } } });
    const changes = await applyAndVerify(run, "logs.put-retention");
    expect(changes.map((c) => [c.accountId, c.calls[0]!.input])).toEqual([
      [PROD, { logGroupName: "aws-cloudtrail-logs", retentionInDays: 365 }],
    ]);
    expect(
      run.sim.world.accounts.get(PROD)?.regionState.get("us-east-1")?.logGroups.get("aws-cloudtrail-logs")
        ?.retentionInDays,
    ).toBe(365);
  });

  it("alarms.put-metric-filter-and-alarm: re-creates a deleted control and re-enables muted alarm actions", async () => {
    const s = healthy();
    const group = groupOf(s, PROD);
    group.metricFilters = group.metricFilters!.filter((f) => f.name !== "cis-4.5-cloudtrail-config-changes");
    const muted = regionOf(s, PROD, "us-east-1").alarms!.find(
      (a) => a.name === "cis-4.2-console-signin-without-mfa",
    )!;
    muted.actionsEnabled = false;
    const changes = await applyAndVerify(
      await start(s, "alarms.put-metric-filter-and-alarm"),
      "alarms.put-metric-filter-and-alarm",
    );
    expect(
      changes.map((c) => [
        c.accountId,
        c.action,
        c.fixes.map((k) => k.checkId),
        c.calls.map((x) => x.operation),
      ]),
    ).toEqual([
      // Sorted by change id: the muted alarm cis-4.2-... before wirewatch-cis-4.5-...
      [PROD, "enable", ["alarms.console-signin-without-mfa"], ["EnableAlarmActions"]],
      [PROD, "create", ["alarms.cloudtrail-config-changes"], ["PutMetricFilter", "PutMetricAlarm"]],
    ]);
  });
});
