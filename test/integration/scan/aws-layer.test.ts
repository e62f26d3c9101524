/** The shared AWS layer against the simulator through the real SDK: sessions, refresh, counters, discovery. */
import { DescribeTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AwsLayer } from "../../../src/aws/layer.ts";
import { configSchema } from "../../../src/config/schema.ts";
import { discoverAccounts } from "../../../src/discover/accounts.ts";
import type { Simulator } from "../../../sim/server.ts";
import { AUDIT_ROLE, MEMBER_A, MEMBER_B, MGMT, baseScenario, startTestSim } from "../../support/sim.ts";

let sim: Simulator | undefined;
let layer: AwsLayer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  layer?.close();
  await sim?.close();
  sim = undefined;
  layer = undefined;
});

function newLayer(s: Simulator, homeRegion = "us-east-1", secret = s.hub.secretAccessKey): AwsLayer {
  return new AwsLayer({
    endpoint: s.endpoint,
    maxAttempts: 3,
    maxCallsInFlight: 8,
    homeRegion,
    credentials: { accessKeyId: s.hub.accessKeyId, secretAccessKey: secret },
  });
}

const role = { name: AUDIT_ROLE, sessionName: "wirewatch", durationSeconds: 900 };

describe("AwsLayer partition", () => {
  it.each([
    ["aws", "us-east-1"],
    ["aws-us-gov", "us-gov-west-1"],
    ["aws-cn", "cn-north-1"],
  ] as const)("asks the caller identity once and builds role ARNs in %s", async (partition, home) => {
    sim = await startTestSim(baseScenario({ partition, defaults: { roles: [{ name: AUDIT_ROLE }] } }));
    layer = newLayer(sim, home);
    expect(await layer.roleArn(MEMBER_A, "ops/WirewatchAudit")).toBe(
      `arn:${partition}:iam::${MEMBER_A}:role/ops/WirewatchAudit`,
    );
    const clients = layer.assume(MEMBER_A, role);
    await clients.cloudtrail(home).send(new DescribeTrailsCommand({}));
    expect(await layer.partition()).toBe(partition);
    expect(layer.apiStats()["sts:GetCallerIdentity"]?.calls).toBe(1);
    expect(layer.apiStats()["sts:AssumeRole"]?.errors).toBe(0);
  });

  it("falls back to the home region's partition when the caller identity cannot be read", async () => {
    sim = await startTestSim(
      baseScenario({ partition: "aws-cn", defaults: { roles: [{ name: AUDIT_ROLE }] } }),
    );
    layer = newLayer(sim, "cn-northwest-1", "not-the-secret-key-000000000000000");
    expect(await layer.partition()).toBe("aws-cn");
    expect(layer.apiStats()["sts:GetCallerIdentity"]?.errors).toBe(1);
  });
});

describe("AwsLayer", () => {
  it("assumes the role once per account and shares the session across services and regions", async () => {
    sim = await startTestSim(baseScenario());
    layer = newLayer(sim);
    const clients = layer.assume(MEMBER_A, role);
    await Promise.all(
      ["us-east-1", "us-west-2", "eu-west-1"].map((r) =>
        clients.cloudtrail(r).send(new DescribeTrailsCommand({})),
      ),
    );
    expect(layer.apiStats()["sts:AssumeRole"]?.calls).toBe(1);
    expect(layer.apiStats()["cloudtrail:DescribeTrails"]).toEqual({
      calls: 3,
      throttles: 0,
      retries: 0,
      errors: 0,
    });
  });

  it("refreshes the session before it expires, so a scan longer than a session keeps working", async () => {
    sim = await startTestSim(baseScenario());
    layer = newLayer(sim);
    const clients = layer.assume(MEMBER_A, role);
    await clients.cloudtrail("us-east-1").send(new DescribeTrailsCommand({}));
    // Jump past the 900 s session (the simulator and the SDK share this clock).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 20 * 60 * 1000 });
    await clients.cloudtrail("us-east-1").send(new DescribeTrailsCommand({}));
    expect(layer.apiStats()["sts:AssumeRole"]?.calls).toBe(2);
    expect(layer.apiStats()["cloudtrail:DescribeTrails"]?.errors).toBe(0);
  });

  it("counts throttles and retries per operation, and still succeeds", async () => {
    sim = await startTestSim(baseScenario(), {
      faults: [{ action: "cloudtrail:DescribeTrails", error: "Throttling", times: 2 }],
    });
    layer = newLayer(sim);
    await layer.assume(MEMBER_A, role).cloudtrail("us-east-1").send(new DescribeTrailsCommand({}));
    expect(layer.apiStats()["cloudtrail:DescribeTrails"]).toEqual({
      calls: 1,
      throttles: 2,
      retries: 2,
      errors: 0,
    });
  });
});

describe("discoverAccounts", () => {
  const config = (over: Record<string, unknown> = {}) => configSchema.parse({ organization: over });

  it("lists every account, skips suspended and closed ones but keeps them in scope, honours include/exclude", async () => {
    sim = await startTestSim(
      baseScenario({
        accounts: [
          { id: MGMT, name: "management" },
          { id: MEMBER_A, name: "member-a" },
          { id: MEMBER_B, name: "member-b", state: "SUSPENDED" },
          { id: "444444444444", name: "closing", state: "PENDING_CLOSURE" },
          { id: "555555555555", name: "excluded" },
        ],
      }),
    );
    layer = newLayer(sim);
    const d = await discoverAccounts(layer, config({ exclude: ["555555555555"] }));
    expect(d.managementAccountId).toBe(MGMT);
    expect(d.accounts.map((a) => [a.id, a.scanned, a.skipReason ?? null])).toEqual([
      [MGMT, true, null],
      [MEMBER_A, true, null],
      [MEMBER_B, false, "suspended"],
      ["444444444444", false, "closed"],
      ["555555555555", false, "excluded"],
    ]);
    const only = await discoverAccounts(layer, config({ include: [MEMBER_A] }));
    expect(only.accounts.filter((a) => a.scanned).map((a) => a.id)).toEqual([MEMBER_A]);
  });

  it("uses the explicit account list when discovery is 'list', without calling Organizations", async () => {
    sim = await startTestSim(baseScenario());
    layer = newLayer(sim);
    const d = await discoverAccounts(
      layer,
      config({ discovery: "list", accounts: [{ id: MEMBER_A, name: "a" }] }),
    );
    expect(d.accounts).toEqual([
      { id: MEMBER_A, name: "a", state: "ACTIVE", scanned: true, skipReason: undefined },
    ]);
    expect(layer.apiStats()["organizations:ListAccounts"]).toBeUndefined();
  });
});

describe("AwsLayer shared clients", () => {
  it("signs each account's calls with its own session, side by side through one client per service and region", async () => {
    sim = await startTestSim(baseScenario());
    layer = newLayer(sim);
    const { GetCallerIdentityCommand } = await import("@aws-sdk/client-sts");
    const accounts = [MGMT, MEMBER_A, MEMBER_B];
    const clients = accounts.map((id) => layer!.assume(id, role));
    // Interleaved: 3 accounts x 10 calls each, all in flight at once through the same STS and CloudTrail clients.
    const calls = Array.from({ length: 30 }, (_, n) => {
      const i = n % accounts.length;
      return clients[i]!.get("sts", "us-east-1")
        .send(new GetCallerIdentityCommand({}))
        .then((out) => [accounts[i], out.Account, out.Arn?.includes(`:assumed-role/${AUDIT_ROLE}/`)]);
    });
    const trails = clients.map((c) => c.cloudtrail("us-east-1").send(new DescribeTrailsCommand({})));
    const identities = await Promise.all(calls);
    expect(identities.every(([want, got, assumed]) => want === got && assumed === true)).toBe(true);
    await Promise.all(trails);
    // One STS and one CloudTrail client in us-east-1 (plus the STS client each session's refresh uses, not counted).
    expect(layer.clientCount).toBe(2);
    // The hub's own calls go as the hub.
    const hub = await layer.hub().get("sts", "us-east-1").send(new GetCallerIdentityCommand({}));
    expect(hub.Arn).toContain(":user/");
    expect(layer.clientCount).toBe(2);
  });
});

describe("AwsLayer pacing", () => {
  it("keeps a request waiting on its account's rate limit out of the in-flight slots", async () => {
    sim = await startTestSim(baseScenario());
    layer = new AwsLayer({
      endpoint: sim.endpoint,
      maxAttempts: 3,
      // One slot: a paced request that held it while it waited would hold up every other account.
      maxCallsInFlight: 1,
      homeRegion: "us-east-1",
      credentials: { accessKeyId: sim.hub.accessKeyId, secretAccessKey: sim.hub.secretAccessKey },
    });
    const { LookupEventsCommand } = await import("@aws-sdk/client-cloudtrail");
    const a = layer.assume(MEMBER_A, role).cloudtrail("us-east-1");
    const b = layer.assume(MEMBER_B, role).cloudtrail("us-east-1");
    // Sessions first, so only the calls under test compete for the slot.
    await Promise.all([a.send(new DescribeTrailsCommand({})), b.send(new DescribeTrailsCommand({}))]);
    const done: string[] = [];
    // LookupEvents is paced at 2 a second per account and region: A's fourth call waits about 1.8 s for its turn.
    const paced = Array.from({ length: 4 }, (_, i) =>
      a.send(new LookupEventsCommand({})).then(() => done.push(`a${i}`)),
    );
    const other = b.send(new DescribeTrailsCommand({})).then(() => done.push("b"));
    await Promise.all([...paced, other]);
    expect(done.indexOf("b")).toBeLessThan(done.indexOf("a3"));
    expect(layer.apiStats()["cloudtrail:LookupEvents"]?.throttles).toBe(0);
  });
});
