/**
 * The audit role's generated policy (config/iam/audit-role-policy.json) is exactly what a scan needs, proven
 * against the simulator, which evaluates each principal's policy per action as IAM does: with it a full scan of a
 * healthy organization reads every action the policy grants, writes nothing and cannot-look nowhere; with any one
 * action taken out, the scan reports exactly that call as could-not-look (error findings naming it, nothing else).
 * The hub runs with its generated policy throughout.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CHECKS } from "../../../checks/index.ts";
import { attributeNewFindings } from "../../../src/collect/attribution.ts";
import { computeDrift, priorFromReport, withDrift } from "../../../src/drift/compute.ts";
import { runScan } from "../../../src/scan/run.ts";
import type { ScanReport } from "../../../src/report/model.ts";
import { bundledScenario, regionOf, type MutableScenario } from "../../support/e2e.ts";
import {
  GENERATED,
  actionsOf,
  eventCounts,
  iamActionOf,
  policyRun,
  recordedWrites,
  withPolicies,
  without,
  type PolicyRun,
  type Principals,
} from "../../support/least-privilege.ts";

const PROD = "222222222222";
const CENTRAL_LOGS = "arn:aws:logs:us-east-1:111111111111:destination:wirewatch-central";

/**
 * The healthy organization in one region, every kind of wiring present so that every read decides something: prod's
 * log group is subscribed by an account subscription policy instead of a filter of its own, so the account policies
 * matter too. Prod also holds more than a page of alarms on unrelated metrics, so its alarms are read by the metrics of
 * its trail log group's filters (cloudwatch:DescribeAlarmsForMetric, src/collect/logs.ts).
 */
function healthyOneRegion(): MutableScenario {
  const s = bundledScenario("healthy");
  s.defaults = { ...s.defaults, regions: ["us-east-1"] };
  for (const a of s.accounts) delete a.regions;
  const prod = regionOf(s, PROD, "us-east-1");
  prod.alarms.push(
    ...Array.from({ length: 120 }, (_, i) => ({
      name: `workload-${String(i).padStart(3, "0")}-errors`,
      metricName: "Errors",
      namespace: "AWS/Lambda",
      statistic: "Sum",
      dimensions: [{ name: "FunctionName", value: `service-${i}` }],
    })),
  );
  prod.logGroups[0]!.subscriptionFilters = [];
  prod.accountPolicies = [
    {
      name: "org-wide-subscription",
      document: { DestinationArn: CENTRAL_LOGS, FilterPattern: "", Distribution: "Random" },
      selectionCriteria: 'LogGroupName NOT IN ["noisy-app-logs"]',
    },
  ];
  return s;
}

let run: PolicyRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function scan(p: Principals): Promise<{ report: ScanReport; run: PolicyRun }> {
  run = await policyRun(withPolicies(healthyOneRegion(), p));
  const report = await runScan({ config: run.config, layer: run.layer, checks: CHECKS });
  return { report, run };
}

/**
 * What the scan could not look at: error findings, and a finding whose one cause hides other checks (a region whose
 * first call is denied reads as denied to the account, as a service control policy would: org.region-reachable).
 */
const couldNotLook = (report: ScanReport) =>
  report.findings.filter((f) => f.status === "error" || (f.hides?.length ?? 0) > 0);

type Finding = ScanReport["findings"][number];
/** The calls a finding names as failed: `data.operation`, and every `{ service, operation }` in its evidence. */
function namedCalls(f: Finding): string[] {
  const out = new Set<string>();
  if (typeof f.data.operation === "string") out.add(iamActionOf(f.data.operation));
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.service === "string" && typeof o.operation === "string") {
        out.add(iamActionOf(`${o.service}:${o.operation}`));
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(f.evidence);
  return [...out];
}

const AUDIT_ACTIONS = actionsOf(GENERATED().audit);
/** The SDK's names of the services' denial errors (docs/simulator.md, services and operations). */
const DENIALS = ["AccessDeniedException", "AccessDenied", "AuthorizationErrorException"];
/**
 * Actions a scan does not need to judge this organization: LookupEvents is read only to attribute findings new since
 * the last scan (tested on its own below), and a topic's own subscription counters (GetTopicAttributes) stand in for
 * its subscription list when ListSubscriptionsByTopic is denied (src/alarms/wiring.ts).
 */
const ATTRIBUTION_ONLY = ["cloudtrail:LookupEvents"];
const HAS_FALLBACK = ["sns:ListSubscriptionsByTopic"];

describe("the generated audit policy is least privilege", () => {
  it("reads every action it grants, writes nothing, and cannot-look nowhere", async () => {
    const { report, run } = await scan(GENERATED());
    const seeded = eventCounts(run.sim);
    expect(couldNotLook(report).map((f) => f.id)).toEqual([]);
    expect(report.findings.filter((f) => f.status === "fail").map((f) => f.id)).toEqual([]);
    const called = [...run.sim.stats.byOperation.keys()].map(iamActionOf);
    for (const a of AUDIT_ACTIONS.filter((x) => !ATTRIBUTION_ONLY.includes(x))) expect(called).toContain(a);
    // Only the hub's and the audit role's own calls: discovery, identity, role assumption and the policy's reads.
    const hubCalls = ["organizations:DescribeOrganization", "organizations:ListAccounts", "sts:AssumeRole"];
    expect(called.filter((a) => !AUDIT_ACTIONS.includes(a) && !hubCalls.includes(a))).toEqual([
      "sts:GetCallerIdentity",
    ]);
    expect(recordedWrites(run.sim, seeded)).toEqual([]);
  });

  it.each(AUDIT_ACTIONS.filter((a) => !ATTRIBUTION_ONLY.includes(a) && !HAS_FALLBACK.includes(a)))(
    "without %s the scan reports exactly that call as could-not-look",
    async (action) => {
      const p = GENERATED();
      const { report } = await scan({ ...p, audit: without(p.audit, action) });
      const blind = couldNotLook(report);
      expect(blind.length).toBeGreaterThan(0);
      // Every could-not-look finding names the denied call and nothing else, with the service's own denial error.
      for (const f of blind) expect([f.id, namedCalls(f)]).toEqual([f.id, [action]]);
      expect([...new Set(blind.map((f) => String(f.data.code)))].filter((c) => !DENIALS.includes(c))).toEqual(
        [],
      );
      // Nothing else changed: every other finding passes (or does not apply), as with the whole policy.
      expect(
        report.findings.filter((f) => f.status === "fail" && !blind.includes(f)).map((f) => f.id),
      ).toEqual([]);
      expect(report.summary.incomplete).toBe(true);
    },
  );

  it.each(HAS_FALLBACK)("without %s the scan judges the same from what stands in for it", async (action) => {
    const p = GENERATED();
    const full = await scan(p);
    const verdicts = (r: ScanReport) => r.findings.map((f) => `${f.id} ${f.status} ${f.messageId}`).sort();
    const expected = verdicts(full.report);
    await full.run.close();
    run = undefined;
    const { report, run: narrowed } = await scan({ ...p, audit: without(p.audit, action) });
    expect(verdicts(report)).toEqual(expected);
    expect(couldNotLook(report).map((f) => f.id)).toEqual([]);
    // The call was made and denied: the policy, not a missing call, is what is tested.
    expect(narrowed.sim.stats.byOperation.get(action)).toBeGreaterThan(0);
  });

  it.each([
    ["the generated policy", "noMatchingEvent", (p: Principals) => p.audit],
    [
      "no cloudtrail:LookupEvents",
      "lookupFailed",
      (p: Principals) => without(p.audit, "cloudtrail:LookupEvents"),
    ],
  ] as const)("attributes a new finding with %s: %s", async (_label, reason, audit) => {
    const p = GENERATED();
    const { report: before, run } = await scan({ ...p, audit: audit(p) });
    // The rule disabled behind the simulator's back: no API call, so no event explains it.
    const rule = run.sim.world.accounts.get(PROD)!.regionState.get("us-east-1")!.rules.values().next().value!;
    rule.State = "DISABLED";
    const after = await runScan({ config: run.config, layer: run.layer, checks: CHECKS });
    const drifted = withDrift(after, computeDrift(after, priorFromReport(before)));
    const role = run.config.roles.audit;
    const attributed = await attributeNewFindings(
      run.layer,
      { name: role.name, sessionName: role.sessionName, durationSeconds: role.durationSeconds },
      drifted,
      run.config.aws.homeRegion,
    );
    const fresh = attributed.findings.filter((f) => drifted.drift!.new.some((n) => n.id === f.id));
    expect(fresh.map((f) => [f.checkId, f.accountId, f.messageId])).toEqual([
      ["eventbridge.cloudtrail-forwarding", PROD, "ruleDisabled"],
    ]);
    expect(fresh.map((f) => f.attribution?.reason)).toEqual([reason]);
    if (reason === "lookupFailed") expect(fresh[0]!.attribution?.detail).toMatch(/AccessDenied/);
    // The scans themselves could look everywhere: event history is read only to attribute.
    expect(couldNotLook(after).map((f) => f.id)).toEqual([]);
  });
});
