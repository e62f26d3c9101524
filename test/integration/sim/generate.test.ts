import { isDeepStrictEqual } from "node:util";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_REGIONS,
  GAP_KINDS,
  GENERATED_HUB,
  TRAIL_LOG_GROUP,
  generateOrganization,
  generatedAccountId,
  type GapKind,
} from "../../../sim/generate.ts";
import { generateLargeAccount, PREFIX_SHARING_GROUPS } from "../../../sim/large-account.ts";
import { buildWorld, parseScenario, type ScenarioInput } from "../../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../../sim/server.ts";
import { problems, scanE2e, type MutableScenario } from "../../support/e2e.ts";

/** Accounts a gap touched: their scenario entry differs from the healthy organization's, or a fault names them. */
function brokenAccounts(scenario: ScenarioInput, healthy: ScenarioInput): Set<string> {
  const out = new Set<string>();
  scenario.accounts.forEach((a, i) => {
    if (!isDeepStrictEqual(a, healthy.accounts[i])) out.add(a.id);
  });
  for (const f of scenario.faults ?? []) if (f.account) out.add(f.account);
  return out;
}

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("generateOrganization", () => {
  it("is deterministic: the same options give a deep-equal scenario, another seed another one", () => {
    const opts = { accounts: 60, regions: 5, brokenFraction: 0.5, seed: 42 };
    expect(generateOrganization(opts)).toEqual(generateOrganization(opts));
    expect(generateOrganization(opts)).not.toEqual(generateOrganization({ ...opts, seed: 43 }));
  });

  it("defaults to the 17 regions enabled by default", () => {
    expect(DEFAULT_REGIONS).toHaveLength(17);
    const s = generateOrganization({ accounts: 2, regions: 17, brokenFraction: 0 });
    expect(s.defaults?.regions).toEqual([...DEFAULT_REGIONS]);
    expect(generateOrganization({ accounts: 2, regions: ["eu-west-1"] }).defaults?.regions).toEqual([
      "eu-west-1",
    ]);
  });

  it.each([0, 18, 2.5])("refuses %s regions", (regions) => {
    expect(() => generateOrganization({ accounts: 2, regions })).toThrow(RangeError);
  });

  it("wires a healthy organization completely", () => {
    const s = generateOrganization({ accounts: 7, regions: 4, brokenFraction: 0 });
    expect(s.accounts.map((a) => a.id)).toEqual([0, 1, 2, 3, 4, 5, 6].map(generatedAccountId));
    expect(s.organization?.managementAccount).toBe(generatedAccountId(0));
    expect(s.faults).toEqual([]);
    const w = buildWorld(parseScenario(s));
    for (const account of w.accounts.values()) {
      expect([...account.regions.keys()]).toEqual(DEFAULT_REGIONS.slice(0, 4));
      const home = account.regionState.get("us-east-1")!;
      expect([...home.trails.values()]).toEqual([
        expect.objectContaining({ IsMultiRegionTrail: true, LogFileValidationEnabled: true }),
      ]);
      expect(home.logGroups.get("aws-cloudtrail-logs")?.metricFilters).toHaveLength(15);
      expect(home.alarms.size).toBe(15);
      expect(home.topics.size).toBe(1);
      for (const region of DEFAULT_REGIONS.slice(0, 4)) {
        expect(account.regionState.get(region)?.rules.size).toBe(1);
      }
    }
  });

  it.each([0, 0.1, 0.25, 0.5, 1])("breaks round(%s x accounts) accounts", (brokenFraction) => {
    const base = { accounts: 40, regions: 3, seed: 9 };
    const healthy = generateOrganization({ ...base, brokenFraction: 0 });
    const s = generateOrganization({ ...base, brokenFraction });
    expect(brokenAccounts(s, healthy).size).toBe(Math.round(brokenFraction * 40));
  });

  // Every gap kind, alone, changes the healthy wiring (or adds a fault) and still yields a valid scenario.
  it.each(GAP_KINDS)("gap %s changes the organization and still parses", (gap: GapKind) => {
    const base = { accounts: 1, regions: 3, seed: 5 };
    const healthy = generateOrganization({ ...base, brokenFraction: 0 });
    const s = generateOrganization({ ...base, brokenFraction: 1, gaps: [gap] });
    expect(brokenAccounts(s, healthy)).toEqual(new Set([generatedAccountId(0)]));
    expect(() => buildWorld(parseScenario(s))).not.toThrow();
  });

  it("draws only the gap kinds it is given", () => {
    const s = generateOrganization({ accounts: 30, regions: 4, brokenFraction: 0.5, gaps: ["rule-missing"] });
    const w = buildWorld(parseScenario(s));
    const missing = [...w.accounts.values()].map(
      (a) => [...a.regionState.values()].filter((r) => r.rules.size === 0).length,
    );
    expect(missing.filter((n) => n === 1)).toHaveLength(15);
    expect(missing.filter((n) => n === 0)).toHaveLength(15);
  });

  it("builds 1,000 accounts x 17 regions", () => {
    const s = generateOrganization({ accounts: 1000, regions: 17, brokenFraction: 0.3, seed: 3 });
    const w = buildWorld(parseScenario(s));
    expect(w.accounts.size).toBe(1000);
    let rules = 0;
    for (const a of w.accounts.values()) {
      expect(a.regions.size).toBe(17);
      for (const r of a.regionState.values()) rules += r.rules.size;
    }
    // 17,000 forwarding rules, less those a rule-missing gap removed.
    expect(rules).toBeGreaterThan(16_900);
    expect(rules).toBeLessThanOrEqual(17_000);
  });

  it("serves a generated organization through the simulator", async () => {
    sim = await startSimulator({
      scenario: parseScenario(generateOrganization({ accounts: 5, regions: 2, brokenFraction: 0 })),
      rateLimits: false,
    });
    const sts = new STSClient({
      endpoint: sim.endpoint,
      region: "us-east-1",
      maxAttempts: 1,
      credentials: { accessKeyId: GENERATED_HUB.accessKeyId, secretAccessKey: GENERATED_HUB.secretAccessKey },
    });
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${generatedAccountId(4)}:role/WirewatchAudit`,
        RoleSessionName: "generated",
      }),
    );
    expect(out.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${generatedAccountId(4)}:assumed-role/WirewatchAudit/generated`,
    );
  });

  it.each([
    ["aws-us-gov", ["us-gov-east-1", "us-gov-west-1"], "us-gov-west-1"],
    ["aws-cn", ["cn-northwest-1", "cn-north-1"], "cn-north-1"],
  ] as const)(
    "generates in %s from its regions, homed where global events are recorded",
    (partition, regions, home) => {
      const s = generateOrganization({ accounts: 3, regions: [...regions], brokenFraction: 1, seed: 2 });
      const w = buildWorld(parseScenario(s));
      expect([w.partition, s.hub.region]).toEqual([partition, home]);
      const trails = [...w.accounts.values()].flatMap((a) =>
        [...a.regionState.values()].flatMap((r) => [...r.trails.values()].map((t) => t.TrailARN)),
      );
      expect(trails.length).toBeGreaterThan(0);
      for (const t of trails) expect(t.startsWith(`arn:${partition}:cloudtrail:${home}:`)).toBe(true);
    },
  );

  it("refuses regions of two partitions", () => {
    const s = generateOrganization({
      accounts: 1,
      regions: ["us-gov-west-1", "us-east-1"],
      brokenFraction: 0,
    });
    expect(() => parseScenario(s)).toThrow(
      /region us-east-1 is in partition aws, not the scenario's aws-us-gov/,
    );
  });

  it("a healthy generated GovCloud organization passes every check", async () => {
    const s = generateOrganization({
      accounts: 3,
      regions: ["us-gov-west-1", "us-gov-east-1"],
      brokenFraction: 0,
    });
    const r = await scanE2e(s as MutableScenario, {
      config: { aws: { maxAttempts: 8, homeRegion: "us-gov-west-1" } },
    });
    expect(problems(r.report)).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe("generateLargeAccount", () => {
  it("holds the counts asked for in the home region, deterministically, and builds a world of them", () => {
    const opts = { logGroups: 3_000, metricFilters: 600, alarms: 700, regions: 2 };
    const scenario = generateLargeAccount(opts);
    expect(generateLargeAccount(opts)).toEqual(scenario);
    expect(scenario.accounts).toHaveLength(1);
    const home = scenario.accounts[0]!.regionState!["us-east-1"]!;
    const groups = home.logGroups ?? [];
    expect(groups).toHaveLength(3_000);
    expect(new Set(groups.map((g) => g.name)).size).toBe(3_000);
    expect(groups.filter((g) => g.name.startsWith(`${TRAIL_LOG_GROUP}-`))).toHaveLength(
      PREFIX_SHARING_GROUPS,
    );
    expect(groups.reduce((n, g) => n + (g.metricFilters?.length ?? 0), 0)).toBe(600);
    expect(groups.find((g) => g.name === TRAIL_LOG_GROUP)?.metricFilters).toHaveLength(21);
    expect(home.alarms).toHaveLength(700);
    expect(new Set(home.alarms!.map((a) => a.name)).size).toBe(700);
    const world = buildWorld(parseScenario(scenario));
    const state = world.accounts.get(generatedAccountId(0))!.regionState.get("us-east-1")!;
    expect([state.logGroups.size, state.alarms.size]).toEqual([3_000, 700]);
  });

  it("refuses counts that do not fit: too few groups, more filters than five a group", () => {
    expect(() => generateLargeAccount({ logGroups: 100 })).toThrow(RangeError);
    expect(() => generateLargeAccount({ logGroups: 300, metricFilters: 5_000 })).toThrow(RangeError);
    expect(() => generateLargeAccount({ alarms: 10 })).toThrow(RangeError);
  });
});
